//! U+FFFD read as a legacy CJK encoding: `锟斤拷`.
//!
//! A decoder that met bytes it could not read wrote U+FFFD, whose UTF-8 is
//! `EF BF BD`; read again as GBK, two of them are `锟斤拷` (`EF BF`, `BD EF`,
//! `BF BD`). Every encoding has its own: Big5 `嚙踝蕭`, EUC-KR (code page
//! 949) `占쏙옙`, EUC-JP `鐃緒申`, and Shift_JIS `�ｿｽ` or `�ｽ` for each one
//! (it rejects `EF`, or `EF BF`).
//!
//! The typical source is GBK text read as UTF-8 with replacement and then
//! read back as GBK: the U+FFFD come with the few characters that survived
//! the first decoding (GBK bytes that happen to be UTF-8, such as `DA BA`,
//! `ں`), and the second reading shifts the pairs around them: `锟节猴拷`
//! is `EF BF BD DA BA EF BF BD`, `�ں�`. So this pass does not look for
//! fixed patterns (except Shift_JIS's): around every `EF BF BD` that a
//! double-byte encoding made of two characters (`锟` then a character
//! starting with `BD`, or one ending with `EF` then `拷`), it takes the
//! widest stretch of the run of non-ASCII characters whose bytes decode as
//! UTF-8, and writes what they decode to: U+FFFD and the survivors. The
//! byte sequence `EF BF BD` straddling two characters, inside bytes that
//! are valid UTF-8 throughout, does not happen in clean text.
//!
//! The main repair decodes such spans when they also hold real text
//! (`浣犲ソ锟斤拷` → `你好��`); this pass takes the rest, which the main
//! repair cannot weigh (U+FFFD brings back no character). A lone `锟斤拷`
//! in quotation marks (`“锟斤拷”`) is text about the phenomenon, and stays;
//! so is any quoted run in a line whose CJK text outside the runs is clean
//! (`中文汉字莫名会变成 ‘锟侥革拷锟斤拷锟斤拷’`), since text that went through
//! the damage keeps no clean CJK outside its runs.

use std::borrow::Cow;

use super::legacy::Legacy;
use super::Chain;
use crate::explain::{Action, Step};

/// The double-byte encodings, tried in order.
const ENCODINGS: [Legacy; 4] = [Legacy::Gbk, Legacy::Big5, Legacy::EucKr, Legacy::EucJp];

/// Shift_JIS reads a U+FFFD as U+FFFD and halfwidth katakana: one pattern
/// per U+FFFD (Python's decoder rejects `EF` alone, the WHATWG one `EF BF`).
const SHIFT_JIS: [&str; 2] = ["\u{FFFD}ｿｽ", "\u{FFFD}ｽ"];

/// The first test: characters that are `EF BF` or `BF BD` in one of the
/// encodings (`锟 拷 嚙 蕭 占 옙 鐃 申`), and U+FFFD.
pub(crate) fn start_bits() -> [u64; 1024] {
    let mut bits = [0u64; 1024];
    let mut set = |c: char| {
        let c = c as usize;
        bits[c / 64] |= 1 << (c % 64);
    };
    set('\u{FFFD}');
    for legacy in ENCODINGS {
        for pair in [[0xEF, 0xBF], [0xBF, 0xBD]] {
            if let Some(c) = legacy.decode_two(pair[0], pair[1]) {
                set(c);
            }
        }
    }
    bits
}

/// The two-byte encoding of `c`, if it has one.
fn pair(legacy: Legacy, c: char) -> Option<[u8; 2]> {
    match *legacy.encode_char(c)?.as_slice() {
        [a, b] => Some([a, b]),
        _ => None,
    }
}

/// Whether an `EF BF BD` of `legacy` starts at the character `c` at byte
/// `i` of `text`: `c` is `EF BF` and the next character starts with `BD`,
/// or `c` ends with `EF` and the next is `BF BD`.
fn straddles(legacy: Legacy, text: &str, i: usize, c: char) -> bool {
    let Some(next) = text[i + c.len_utf8()..].chars().next() else {
        return false;
    };
    matches!(
        (pair(legacy, c), pair(legacy, next)),
        (Some([0xEF, 0xBF]), Some([0xBD, _])) | (Some([_, 0xEF]), Some([0xBF, 0xBD]))
    )
}

/// Whether `c` is `EF BF` or `BF BD` in one of the encodings (a test,
/// `start_bits_are_the_pairs`, keeps the list true).
#[inline]
pub(super) fn is_pair_char(c: char) -> bool {
    matches!(c, '锟' | '拷' | '嚙' | '蕭' | '占' | '옙' | '鐃' | '申')
}

/// Whether a repair could start at the character `c` at byte `i` of
/// `text`: `c` is `EF BF` and starts an `EF BF BD`, or `c` is `BF BD` and
/// the character before it starts one (a look one character back, which
/// the Fixer's change tracking allows for).
#[inline(always)]
pub(crate) fn is_trigger(text: &str, i: usize, c: char) -> bool {
    (c == '\u{FFFD}' || is_pair_char(c)) && is_trigger_here(text, i, c)
}

#[inline(never)]
pub(super) fn is_trigger_here(text: &str, i: usize, c: char) -> bool {
    if c == '\u{FFFD}' {
        return shift_jis_run(&text[i..]).is_some();
    }
    let before = text[..i].chars().next_back();
    ENCODINGS.into_iter().any(|legacy| {
        straddles(legacy, text, i, c)
            || before.is_some_and(|b| straddles(legacy, text, i - b.len_utf8(), b))
    })
}

/// The byte length and U+FFFD count of a run of Shift_JIS patterns that
/// starts `text`, if it holds two or more (one alone could be a lost byte
/// and two katakana).
fn shift_jis_run(text: &str) -> Option<(usize, usize)> {
    for pattern in SHIFT_JIS {
        let mut at = 0;
        while text[at..].starts_with(pattern) {
            at += pattern.len();
        }
        let count = at / pattern.len();
        if count >= 2 {
            return Some((at, count));
        }
    }
    None
}

/// Repairs the runs of `text`, adding the plan's steps when something
/// changed.
pub(crate) fn fix<'a>(text: &'a str, plan: &mut Vec<Step>) -> Cow<'a, str> {
    if !text.char_indices().any(|(i, c)| is_trigger(text, i, c)) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // (start byte, end byte, replacement), in order, not overlapping.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut chains: Vec<Legacy> = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        if c == '\u{FFFD}' {
            if let Some((len, count)) = shift_jis_run(&text[i..]) {
                edits.push((i, i + len, "\u{FFFD}".repeat(count)));
                chains.push(Legacy::ShiftJis);
                k = chars.partition_point(|&(j, _)| j < i + len);
                continue;
            }
        }
        // An `EF BF BD` starts at `c` only if `c` or the next character is
        // one of the pairs (`锟`, or `拷` after a character ending in `EF`).
        let next = chars.get(k + 1).map(|&(_, n)| n);
        let paired = |c: char| is_pair_char(c);
        if !paired(c) && !next.is_some_and(paired) {
            k += 1;
            continue;
        }
        let found = ENCODINGS
            .into_iter()
            .filter(|&legacy| straddles(legacy, text, i, c))
            .find_map(|legacy| window(&chars, k, legacy).map(|w| (legacy, w)));
        match found {
            Some((legacy, (start, end, decoded))) => {
                let (from, to) = (chars[start].0, byte_end(&chars, text, end));
                if !is_quoted_mention(text, from, to, &decoded) {
                    // A window may reach back over an earlier edit's end.
                    if edits.last().map_or(true, |e| e.1 <= from) {
                        edits.push((from, to, decoded));
                        chains.push(legacy);
                    }
                }
                k = end.max(k + 1);
            }
            None => k += 1,
        }
    }
    // A quoted run in a line whose other CJK text is clean is a mention of
    // the phenomenon too (`中文汉字莫名会变成 ‘锟侥革拷锟斤拷锟斤拷’`): text
    // that went through the damage has no clean CJK left outside its runs.
    if edits.iter().any(|e| is_quoted(text, e.0, e.1)) {
        let outside = clean_cjk_outside(text, &edits);
        if outside >= 2 {
            let mut kept = 0;
            for n in 0..edits.len() {
                let (from, to, _) = edits[n];
                if !is_quoted(text, from, to) {
                    edits.swap(kept, n);
                    chains.swap(kept, n);
                    kept += 1;
                }
            }
            edits.truncate(kept);
            chains.truncate(kept);
        }
    }
    if edits.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (from, to, decoded) in &edits {
        out.push_str(&text[copied..*from]);
        out.push_str(decoded);
        copied = *to;
    }
    out.push_str(&text[copied..]);
    plan.push(Step::new(Action::Apply, "fix_cjk_encoding"));
    let mut named: Vec<Legacy> = Vec::new();
    for legacy in chains {
        if !named.contains(&legacy) {
            named.push(legacy);
            plan.push(Step::new(
                Action::Undid,
                Chain::Utf8ReadAs(legacy).to_string(),
            ));
        }
    }
    Cow::Owned(out)
}

fn byte_end(chars: &[(usize, char)], text: &str, end: usize) -> usize {
    chars.get(end).map_or(text.len(), |&(j, _)| j)
}

/// The widest stretch `chars[start..end]` of the run of non-ASCII
/// characters around `chars[k]` (which starts an `EF BF BD`) whose bytes in
/// `legacy` decode as UTF-8 holding that `EF BF BD`, with what it decodes to.
fn window(chars: &[(usize, char)], k: usize, legacy: Legacy) -> Option<(usize, usize, String)> {
    let encodable = |j: usize| {
        let c = chars[j].1;
        !c.is_ascii() && pair(legacy, c).is_some()
    };
    let mut lo = k;
    while lo > 0 && encodable(lo - 1) {
        lo -= 1;
    }
    let mut hi = k;
    while hi < chars.len() && encodable(hi) {
        hi += 1;
    }
    if hi < k + 2 {
        return None;
    }
    let mut bytes = Vec::with_capacity(2 * (hi - lo));
    for &(_, c) in &chars[lo..hi] {
        bytes.extend_from_slice(&pair(legacy, c)?);
    }
    // Where `EF BF BD` starts: `chars[k]` is `EF BF`, or ends with `EF`.
    let at = 2 * (k - lo) + usize::from(bytes[2 * (k - lo)] != 0xEF);
    let mut best: Option<(usize, usize)> = None;
    for start in lo..=k {
        let from = 2 * (start - lo);
        if from > at {
            break;
        }
        let valid = match std::str::from_utf8(&bytes[from..]) {
            Ok(_) => bytes.len() - from,
            Err(e) => e.valid_up_to(),
        };
        let Ok(utf8) = std::str::from_utf8(&bytes[from..from + valid]) else {
            continue;
        };
        // Whole characters of both sides, and the `EF BF BD` inside.
        let mut end = lo + (from + valid) / 2;
        while end > start && !utf8.is_char_boundary(2 * (end - lo) - from) {
            end -= 1;
        }
        if 2 * (end - lo) < at + 3 {
            continue;
        }
        if best.map_or(true, |(s, e)| end - start > e - s) {
            best = Some((start, end));
        }
    }
    let (start, mut end) = best?;
    let mut decoded = std::str::from_utf8(&bytes[2 * (start - lo)..2 * (end - lo)])
        .ok()?
        .to_owned();
    // An odd U+FFFD at the end: its `EF BF`, then the U+FFFD its `BD` became
    // with a byte that could not follow it.
    if end + 1 < chars.len()
        && pair(legacy, chars[end].1) == Some([0xEF, 0xBF])
        && chars[end + 1].1 == '\u{FFFD}'
    {
        end += 2;
        decoded.push('\u{FFFD}');
    }
    Some((start, end, decoded))
}

/// `锟斤拷` alone in quotation marks: text about the phenomenon.
fn is_quoted_mention(text: &str, from: usize, to: usize, decoded: &str) -> bool {
    decoded == "\u{FFFD}\u{FFFD}" && is_quoted(text, from, to)
}

/// How many CJK characters `text` holds outside the runs of `edits`
/// (survivors sit inside runs, so these are clean), up to 2.
fn clean_cjk_outside(text: &str, edits: &[(usize, usize, String)]) -> usize {
    let mut count = 0;
    let mut at = 0;
    for gap in edits
        .iter()
        .map(|e| (e.0, e.1))
        .chain([(text.len(), text.len())])
    {
        if gap.0 > at {
            count += text[at..gap.0]
                .chars()
                .filter(|&c| {
                    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}')
                        && !is_pair_char(c)
                })
                .take(2)
                .count();
        }
        at = at.max(gap.1);
        if count >= 2 {
            return 2;
        }
    }
    count
}

/// Whether the text between `from` and `to` stands in quotation marks.
fn is_quoted(text: &str, from: usize, to: usize) -> bool {
    let before = text[..from].chars().next_back();
    let after = text[to..].chars().next();
    matches!(
        (before, after),
        (Some('“'), Some('”'))
            | (Some('"'), Some('"'))
            | (Some('「'), Some('」'))
            | (Some('『'), Some('』'))
            | (Some('《'), Some('》'))
            | (Some('\''), Some('\''))
            | (Some('‘'), Some('’'))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> String {
        fix(text, &mut Vec::new()).into_owned()
    }

    /// `text` encoded as UTF-8 and decoded by `legacy` (WHATWG).
    fn garble(text: &str, legacy: Legacy) -> String {
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
                    let original = format!("{}{after}", "\u{FFFD}".repeat(n));
                    let g = garble(&original, legacy);
                    assert_eq!(
                        fixed(&format!("文件{g}")),
                        format!("文件{original}"),
                        "{legacy:?} {n} {g}"
                    );
                }
            }
        }
    }

    /// GBK text read as UTF-8 with replacement, then read back as GBK: the
    /// characters that survived the first reading come back with the U+FFFD.
    #[test]
    fn survivors_between_the_replacement_characters_come_back() {
        for line in ["内核的数据结构", "使用 man 手册页", "维护一个列表"] {
            let gbk = Legacy::Gbk.encode(line).unwrap();
            let lossy = String::from_utf8_lossy(&gbk).into_owned();
            let twice = garble(&lossy, Legacy::Gbk);
            assert_eq!(fixed(&twice), lossy, "{twice}");
        }
    }

    #[test]
    fn start_bits_are_the_pairs() {
        let bits = start_bits();
        let listed = "锟拷嚙蕭占옙鐃申\u{FFFD}";
        for cp in 0..0x10000usize {
            let set = bits[cp / 64] & (1 << (cp % 64)) != 0;
            let c = char::from_u32(cp as u32);
            assert_eq!(set, c.is_some_and(|c| listed.contains(c)), "U+{cp:04X}");
        }
    }

    #[test]
    fn mentions_and_lookalikes_stay() {
        for clean in [
            "乱码“锟斤拷”的由来",
            "「嚙踝蕭」是什麼",
            "编码是GBK，中文汉字莫名会变成 ‘锟侥革拷锟斤拷锟斤拷’",
            "占用内存",
            "拷贝文件",
            "申し込み",
            "锟斤",
            "�ｿｽ",
        ] {
            assert_eq!(fixed(clean), clean);
        }
    }
}
