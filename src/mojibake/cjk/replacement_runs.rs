//! U+FFFD read as a legacy CJK encoding: `锟斤拷`.
//!
//! A decoder that met bytes it could not read wrote U+FFFD, whose UTF-8 is
//! `EF BF BD`; read again as GBK, two of them are `锟斤拷` (`EF BF`, `BD EF`,
//! `BF BD`). Every encoding has its own: Big5 `嚙踝蕭`, EUC-KR (code page
//! 949) `占쏙옙`, EUC-JP `鐃緒申`, and Shift_JIS `�ｿｽ` or `�ｽ` for each one
//! (it rejects `EF`, or `EF BF`). One U+FFFD alone, or the last of an odd run, leaves its
//! final byte to pair with whatever follows: `锟` and then U+FFFD.
//!
//! Nothing of the original text is left in these runs, so they become the
//! U+FFFD they were, two per triple. The main repair already does this
//! inside a span it decodes (`浣犲ソ锟斤拷` → `你好��`); this pass takes the
//! runs that stand alone, which it cannot weigh (U+FFFD brings back no
//! character). A single triple in quotation marks (`“锟斤拷”`) is text
//! about the phenomenon, and stays.

use std::borrow::Cow;

use super::legacy::Legacy;
use super::Chain;
use crate::explain::{Action, Step};

/// Per encoding: the characters two U+FFFD read as it make, in order, and
/// how many U+FFFD that is.
const RUNS: [(Legacy, &str, usize); 6] = [
    (Legacy::Gbk, "锟斤拷", 2),
    (Legacy::Big5, "嚙踝蕭", 2),
    (Legacy::EucKr, "占쏙옙", 2),
    (Legacy::EucJp, "鐃緒申", 2),
    // Python's decoder rejects `EF` alone; the WHATWG one takes `EF BF`.
    (Legacy::ShiftJis, "\u{FFFD}ｿｽ", 1),
    (Legacy::ShiftJis, "\u{FFFD}ｽ", 1),
];

/// Whether a run starts `text`.
pub(crate) fn is_trigger(text: &str) -> bool {
    text.starts_with(['锟', '嚙', '占', '鐃', '\u{FFFD}']) && run_at(text).is_some()
}

/// The first character of each pattern, one bit each: a first test.
pub(crate) fn start_bits() -> [u64; 1024] {
    let mut bits = [0u64; 1024];
    for (_, pattern, _) in RUNS {
        let c = pattern.chars().next().unwrap_or_default() as usize;
        bits[c / 64] |= 1 << (c % 64);
    }
    bits
}

/// The encoding, byte length and U+FFFD count of the run of whole patterns
/// (with an odd U+FFFD's first character and a U+FFFD after it) that starts
/// `whole`.
fn run_at(whole: &str) -> Option<(Legacy, usize, usize)> {
    for (legacy, pattern, per) in RUNS {
        let mut at = 0;
        let mut count = 0;
        while whole[at..].starts_with(pattern) {
            at += pattern.len();
            count += per;
        }
        // One U+FFFD more: its first character, then the U+FFFD its last
        // byte became (not for Shift_JIS, whose pattern is one U+FFFD).
        if per == 2 {
            let lead = pattern.chars().next().unwrap_or_default();
            let mut tail = whole[at..].chars();
            if tail.next() == Some(lead) && tail.next() == Some('\u{FFFD}') {
                at += lead.len_utf8() + '\u{FFFD}'.len_utf8();
                count += 1;
            }
        }
        if count > 0 {
            return Some((legacy, at, count));
        }
    }
    None
}

/// Replaces the runs of `text`, adding the plan's steps when something
/// changed.
pub(crate) fn fix<'a>(text: &'a str, plan: &mut Vec<Step>) -> Cow<'a, str> {
    let mut out = String::new();
    let mut copied = 0;
    let mut chains: Vec<Legacy> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or_default();
        let found = if text[i..].starts_with(['锟', '嚙', '占', '鐃', '\u{FFFD}']) {
            run_at(&text[i..])
        } else {
            None
        };
        let Some((legacy, len, count)) = found else {
            i += c.len_utf8();
            continue;
        };
        let before = text[..i].chars().next_back();
        let after = text[i + len..].chars().next();
        let quoted = matches!(
            (before, after),
            (Some('“'), Some('”'))
                | (Some('"'), Some('"'))
                | (Some('「'), Some('」'))
                | (Some('『'), Some('』'))
                | (Some('《'), Some('》'))
                | (Some('\''), Some('\''))
                | (Some('‘'), Some('’'))
        );
        // A Shift_JIS U+FFFD starts with one: only a run of two or more is
        // evidence (a lone `�ｿｽ` could be a lost byte and two katakana).
        let enough = legacy != Legacy::ShiftJis || count >= 2;
        if quoted || !enough {
            i += len;
            continue;
        }
        out.push_str(&text[copied..i]);
        out.extend(std::iter::repeat('\u{FFFD}').take(count));
        copied = i + len;
        i = copied;
        if !chains.contains(&legacy) {
            chains.push(legacy);
        }
    }
    if chains.is_empty() {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    plan.push(Step::new(Action::Apply, "fix_cjk_encoding"));
    for legacy in chains {
        plan.push(Step::new(
            Action::Undid,
            Chain::Utf8ReadAs(legacy).to_string(),
        ));
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> String {
        fix(text, &mut Vec::new()).into_owned()
    }

    /// `n` U+FFFD encoded as UTF-8 and decoded by `legacy` (WHATWG).
    fn garbled(n: usize, legacy: Legacy, after: &str) -> String {
        let text = format!("{}{after}", "\u{FFFD}".repeat(n));
        legacy.encoding().decode(text.as_bytes()).0.into_owned()
    }

    #[test]
    fn runs_of_every_encoding_become_replacement_characters() {
        for legacy in [
            Legacy::Gbk,
            Legacy::Big5,
            Legacy::EucKr,
            Legacy::EucJp,
            Legacy::ShiftJis,
        ] {
            for n in 2..7 {
                for after in ["", ".txt", " ok"] {
                    let g = garbled(n, legacy, after);
                    assert_eq!(
                        fixed(&format!("文件{g}")),
                        format!("文件{}{after}", "\u{FFFD}".repeat(n)),
                        "{legacy:?} {n} {g}"
                    );
                }
            }
        }
    }

    #[test]
    fn mentions_and_lookalikes_stay() {
        for clean in [
            "乱码“锟斤拷”的由来",
            "「嚙踝蕭」是什麼",
            "占用内存",
            "锟斤",
            "�ｿｽ",
        ] {
            assert_eq!(fixed(clean), clean);
        }
    }
}
