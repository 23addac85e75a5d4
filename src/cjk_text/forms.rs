//! Context-free character passes: halfwidth katakana, fullwidth letters and
//! digits, vertical and small forms, spaces, CJK punctuation to ASCII,
//! casefolding; and Kangxi radicals (which look at their neighbours).

use std::borrow::Cow;
use std::sync::OnceLock;

use unicode_normalization::char::{compose, decompose_compatible};

use super::classes::is_han;
use super::edit::{next_lead, Edit};

/// NFKC of U+FF66..=U+FF9D, one character each.
const HALFWIDTH_KATAKANA: &str = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";

fn halfwidth_katakana_table() -> &'static [char; 56] {
    static T: OnceLock<[char; 56]> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = ['\0'; 56];
        for (slot, c) in t.iter_mut().zip(HALFWIDTH_KATAKANA.chars()) {
            *slot = c;
        }
        t
    })
}

/// Halfwidth katakana to fullwidth, composing voiced and semi-voiced marks
/// (`ﾊﾞ` → `バ`, `ｶﾞ` → `ガ`), and the halfwidth CJK punctuation
/// `｡､｢｣･` → `。、「」・`. A mark that composes with nothing becomes the
/// spacing `゛`/`゜`. Halfwidth Hangul is left alone.
///
/// ```
/// use mojifix::cjk_text::fix_halfwidth_katakana;
/// assert_eq!(fix_halfwidth_katakana("ﾊﾞｯｸｱｯﾌﾟ｡"), "バックアップ。");
/// assert_eq!(fix_halfwidth_katakana("｢ﾃｽﾄ｣､ﾃﾞｰﾀ･ﾍﾞｰｽ"), "「テスト」、データ・ベース");
/// assert_eq!(fix_halfwidth_katakana("plain カタカナ"), "plain カタカナ");
/// ```
pub fn fix_halfwidth_katakana(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    // U+FF61..=U+FF9F: EF BD A1..=BF, EF BE 80..=9F.
    let mut edit = Edit::new(text);
    let mut i = 0;
    let mut out_char = [0u8; 4];
    while let Some(at) = next_lead(bytes, i, |b| b == 0xEF) {
        i = at + 1;
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        let cp = c as u32;
        if !(0xFF61..=0xFF9F).contains(&cp) {
            continue;
        }
        let mut end = at + 3;
        let base = match cp {
            0xFF61 => '。',
            0xFF62 => '「',
            0xFF63 => '」',
            0xFF64 => '、',
            0xFF65 => '・',
            0xFF66..=0xFF9D => halfwidth_katakana_table()[(cp - 0xFF66) as usize],
            0xFF9E => '゛',
            _ => '゜',
        };
        let mut result = base;
        // A following halfwidth voiced mark composes with the base.
        if (0xFF66..=0xFF9D).contains(&cp) {
            if let Some(mark) = text[end..].chars().next() {
                let combining = match mark {
                    '\u{FF9E}' | '\u{3099}' => Some('\u{3099}'),
                    '\u{FF9F}' | '\u{309A}' => Some('\u{309A}'),
                    _ => None,
                };
                if let Some(composed) = combining.and_then(|m| compose(base, m)) {
                    result = composed;
                    end += mark.len_utf8();
                }
            }
        } else if cp >= 0xFF9E && at >= edit.copied() {
            // A fullwidth kana followed by a halfwidth mark: compose them.
            if let Some(prev) = text[edit.copied()..at].chars().next_back() {
                let m = if cp == 0xFF9E { '\u{3099}' } else { '\u{309A}' };
                if let Some(composed) = compose(prev, m) {
                    let start = at - prev.len_utf8();
                    edit.replace(start, end, composed.encode_utf8(&mut out_char));
                    i = end;
                    continue;
                }
            }
        }
        edit.replace(at, end, result.encode_utf8(&mut out_char));
        i = end;
    }
    edit.finish()
}

/// Fullwidth ASCII letters and digits to ASCII (`ＡＢＣ１２３` → `ABC123`).
/// Fullwidth punctuation is left alone (see `punctuation_width` and
/// `ascii_punctuation` for that).
///
/// ```
/// use mojifix::cjk_text::fold_fullwidth_alnum;
/// assert_eq!(fold_fullwidth_alnum("ＡＢＣ１２３，ｘｙｚ"), "ABC123，xyz");
/// ```
pub fn fold_fullwidth_alnum(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut edit = Edit::new(text);
    let mut i = 0;
    while let Some(at) = next_lead(bytes, i, |b| b == 0xEF) {
        i = at + 1;
        if at + 2 >= bytes.len() {
            break;
        }
        let ascii = match (bytes[at + 1], bytes[at + 2]) {
            (0xBC, b @ 0x90..=0x99) => b - 0x90 + b'0',
            (0xBC, b @ 0xA1..=0xBA) => b - 0xA1 + b'A',
            (0xBD, b @ 0x81..=0x9A) => b - 0x81 + b'a',
            _ => continue,
        };
        let s = [ascii];
        edit.replace(at, at + 3, std::str::from_utf8(&s).unwrap_or(""));
        i = at + 3;
    }
    edit.finish()
}

fn kangxi_table() -> &'static [char; 0xD6] {
    static T: OnceLock<[char; 0xD6]> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = ['\0'; 0xD6];
        for (k, slot) in t.iter_mut().enumerate() {
            let radical = char::from_u32(0x2F00 + k as u32).unwrap_or('\0');
            let mut target = radical;
            decompose_compatible(radical, |c| target = c);
            *slot = target;
        }
        t
    })
}

fn is_kangxi(c: char) -> bool {
    ('\u{2F00}'..='\u{2FD5}').contains(&c)
}

/// Kangxi radicals (U+2F00–U+2FD5) to the unified ideographs they look like,
/// where they stand inside Han text: the nearest non-radical neighbour on
/// either side is a Han character (`⽇本` → `日本`). A list of radicals on
/// their own is left alone.
///
/// ```
/// use mojifix::cjk_text::fix_kangxi_radicals;
/// assert_eq!(fix_kangxi_radicals("⽇本語の⽂字"), "日本語の文字");
/// assert_eq!(fix_kangxi_radicals("部首：⼈ ⼝ ⼑"), "部首：⼈ ⼝ ⼑");
/// ```
pub fn fix_kangxi_radicals(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut edit = Edit::new(text);
    let mut i = 0;
    // U+2F00..=U+2FD5 is E2 BC 80 ..= E2 BF 95.
    while let Some(at) = next_lead(bytes, i, |b| b == 0xE2) {
        i = at + 1;
        if at + 1 >= bytes.len() || !(0xBC..=0xBF).contains(&bytes[at + 1]) {
            continue;
        }
        // The whole run of radicals.
        let mut end = at;
        let mut run = text[at..].chars();
        for c in run.by_ref() {
            if !is_kangxi(c) {
                break;
            }
            end += c.len_utf8();
        }
        if end == at {
            continue;
        }
        let han_left = text[..at].chars().next_back().is_some_and(is_han);
        let han_right = text[end..].chars().next().is_some_and(is_han);
        if han_left || han_right {
            let table = kangxi_table();
            let mapped: String = text[at..end]
                .chars()
                .map(|c| table[(c as u32 - 0x2F00) as usize])
                .collect();
            edit.replace(at, end, &mapped);
        }
        i = end;
    }
    edit.finish()
}

/// The normal CJK form of a vertical or small form (U+FE10–U+FE19,
/// U+FE30–U+FE6B): fullwidth, not ASCII (`︐` → `，`, `﹐` → `，`).
///
/// One deliberate difference from NFKC: `︰` (vertical two-dot leader) is
/// what Big5 text uses as a colon, so it becomes `：`, not `‥`.
fn normal_form(c: char) -> Option<char> {
    Some(match c {
        '\u{FE10}' | '\u{FE50}' => '，',
        '\u{FE11}' | '\u{FE51}' => '、',
        '\u{FE12}' => '。',
        '\u{FE13}' | '\u{FE55}' | '\u{FE30}' => '：',
        '\u{FE14}' | '\u{FE54}' => '；',
        '\u{FE15}' | '\u{FE57}' => '！',
        '\u{FE16}' | '\u{FE56}' => '？',
        '\u{FE17}' => '〖',
        '\u{FE18}' => '〗',
        '\u{FE19}' => '…',
        '\u{FE31}' | '\u{FE58}' => '—',
        '\u{FE32}' => '–',
        '\u{FE33}' | '\u{FE34}' | '\u{FE4D}' | '\u{FE4E}' | '\u{FE4F}' => '＿',
        '\u{FE35}' | '\u{FE59}' => '（',
        '\u{FE36}' | '\u{FE5A}' => '）',
        '\u{FE37}' | '\u{FE5B}' => '｛',
        '\u{FE38}' | '\u{FE5C}' => '｝',
        '\u{FE39}' | '\u{FE5D}' => '〔',
        '\u{FE3A}' | '\u{FE5E}' => '〕',
        '\u{FE3B}' => '【',
        '\u{FE3C}' => '】',
        '\u{FE3D}' => '《',
        '\u{FE3E}' => '》',
        '\u{FE3F}' => '〈',
        '\u{FE40}' => '〉',
        '\u{FE41}' => '「',
        '\u{FE42}' => '」',
        '\u{FE43}' => '『',
        '\u{FE44}' => '』',
        '\u{FE47}' => '［',
        '\u{FE48}' => '］',
        '\u{FE49}'..='\u{FE4C}' => '‾',
        '\u{FE52}' => '．',
        '\u{FE5F}' => '＃',
        '\u{FE60}' => '＆',
        '\u{FE61}' => '＊',
        '\u{FE62}' => '＋',
        '\u{FE63}' => '－',
        '\u{FE64}' => '＜',
        '\u{FE65}' => '＞',
        '\u{FE66}' => '＝',
        '\u{FE68}' => '＼',
        '\u{FE69}' => '＄',
        '\u{FE6A}' => '％',
        '\u{FE6B}' => '＠',
        _ => return None,
    })
}

/// Vertical presentation forms and small form variants to the normal CJK
/// (fullwidth) forms: `︐` → `，` (NFKC would give `,`), `﹁` → `「`,
/// `︙` → `…`.
///
/// ```
/// use mojifix::cjk_text::fix_vertical_forms;
/// assert_eq!(fix_vertical_forms("你好︐世界︒﹁引文﹂"), "你好，世界。「引文」");
/// ```
pub fn fix_vertical_forms(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut edit = Edit::new(text);
    let mut i = 0;
    let mut buf = [0u8; 4];
    // U+FE10..=U+FE6B is EF B8 90 ..= EF B9 AB.
    while let Some(at) = next_lead(bytes, i, |b| b == 0xEF) {
        i = at + 1;
        if at + 1 >= bytes.len() || !(0xB8..=0xB9).contains(&bytes[at + 1]) {
            continue;
        }
        if let Some(to) = text[at..].chars().next().and_then(normal_form) {
            edit.replace(at, at + 3, to.encode_utf8(&mut buf));
            i = at + 3;
        }
    }
    edit.finish()
}

/// Spaces and zero-width characters: U+3000 IDEOGRAPHIC SPACE, no-break and
/// the other Unicode spaces become an ASCII space; U+200B ZERO WIDTH SPACE,
/// U+2060 WORD JOINER, U+180E and a U+FEFF inside text are removed.
/// ZWJ (U+200D) and ZWNJ (U+200C) are never removed: they change how
/// emoji and Indic and Persian text render.
///
/// ```
/// use mojifix::cjk_text::normalize_spaces;
/// assert_eq!(normalize_spaces("中文\u{3000}文本\u{200b}，a\u{a0}b"), "中文 文本，a b");
/// assert_eq!(normalize_spaces("👨\u{200d}👩 می\u{200c}خواهم"), "👨\u{200d}👩 می\u{200c}خواهم");
/// ```
pub fn normalize_spaces(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut edit = Edit::new(text);
    let mut i = 0;
    while let Some(at) = next_lead(bytes, i, |b| matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF)) {
        i = at + 1;
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        let with = match space_replacement(c) {
            Some(w) => w,
            None => continue,
        };
        edit.replace(at, at + c.len_utf8(), with);
        i = at + c.len_utf8();
    }
    edit.finish()
}

pub(crate) fn space_replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            " "
        }
        '\u{200B}' | '\u{2060}' | '\u{180E}' | '\u{FEFF}' => "",
        _ => return None,
    })
}

/// The ASCII form of a CJK punctuation mark, for index keys.
pub(crate) fn ascii_form(c: char) -> Option<&'static str> {
    Some(match c {
        '，' | '、' | '､' | '﹐' | '﹑' => ",",
        '。' | '｡' | '．' => ".",
        '！' => "!",
        '？' => "?",
        '：' => ":",
        '；' => ";",
        '（' => "(",
        '）' => ")",
        '［' | '【' | '〔' | '〖' => "[",
        '］' | '】' | '〕' | '〗' => "]",
        '｛' => "{",
        '｝' => "}",
        '～' | '〜' => "~",
        _ => return None,
    })
}

/// Context-free CJK punctuation to ASCII, for index keys that are never
/// shown: `，、` → `,`, `。` → `.`, `！？：；` → `!?:;`, `（）` → `()`,
/// `【】〔〕〖〗［］` → `[]`, `～〜` → `~`. Corner brackets, title marks and
/// curly quotes are kept (they are not sentence punctuation).
///
/// ```
/// use mojifix::cjk_text::ascii_punctuation;
/// assert_eq!(ascii_punctuation("你好，世界！（测试）"), "你好,世界!(测试)");
/// assert_eq!(ascii_punctuation("「引用」《书名》"), "「引用」《书名》");
/// ```
pub fn ascii_punctuation(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut edit = Edit::new(text);
    let mut i = 0;
    while let Some(at) = next_lead(bytes, i, |b| matches!(b, 0xE3 | 0xEF)) {
        i = at + 1;
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        if let Some(to) = ascii_form(c) {
            edit.replace(at, at + c.len_utf8(), to);
            i = at + c.len_utf8();
        }
    }
    edit.finish()
}

/// Whether `c` lies in a range without case that [`casefold`] skips without
/// a lookup: CJK (radicals to Yi, U+3000..=U+A63F), Hangul syllables and
/// CJK compatibility ideographs. `tools/gen_casefold.py` checks that no
/// character there folds.
#[inline]
fn caseless(cp: u32) -> bool {
    matches!(cp, 0x3000..=0xA63F | 0xAC00..=0xD7FF | 0xF900..=0xFAFF)
}

/// The full case fold of `c` (Unicode's CaseFolding.txt, statuses C and F,
/// as Python's `str.casefold`), or `None` when `c` folds to itself.
#[inline]
fn fold_of(c: char) -> Option<&'static str> {
    use super::casefold_table::{FOLD_KEYS, FOLD_VALUES};
    let cp = c as u32;
    if cp < 0xB5 && !c.is_ascii_uppercase() || caseless(cp) {
        return None;
    }
    FOLD_KEYS.binary_search(&cp).ok().map(|i| FOLD_VALUES[i])
}

/// Full Unicode case folding for index keys (applied after NFKC), exactly
/// Python's `str.casefold`: `Straße` → `strasse`, `ΣΊΣΥΦΟΣ` → `σίσυφοσ`,
/// `ﬁ` → `fi`, `İ` → `i̇`, Cherokee small letters → capitals. The table
/// (`casefold_table.rs`) is generated by `tools/gen_casefold.py` from
/// Python 3.11 (Unicode 14.0.0). ASCII and CJK text take a fast path; text
/// with nothing to fold is returned borrowed.
///
/// ```
/// use mojifix::cjk_text::casefold;
/// assert_eq!(casefold("Straße MOJIFIX 中文"), "strasse mojifix 中文");
/// assert_eq!(casefold("ΣΊΣΥΦΟΣ µ ﬁ"), "σίσυφοσ μ fi");
/// assert_eq!(casefold("already lower"), "already lower");
/// ```
pub fn casefold(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    // The first character that folds: an ASCII capital, or a non-ASCII
    // character the table lists.
    let mut i = 0;
    let first = loop {
        let Some(k) = bytes[i..]
            .iter()
            .position(|&b| b.is_ascii_uppercase() || b >= 0x80)
        else {
            return Cow::Borrowed(text);
        };
        i += k;
        if bytes[i] < 0x80 {
            break i;
        }
        let c = text[i..].chars().next().unwrap_or_default();
        if fold_of(c).is_some() {
            break i;
        }
        i += c.len_utf8();
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    let mut rest = &text[first..];
    while !rest.is_empty() {
        // Copy the longest stretch of ASCII that is not a capital at once.
        let plain = rest
            .bytes()
            .position(|b| b.is_ascii_uppercase() || b >= 0x80)
            .unwrap_or(rest.len());
        out.push_str(&rest[..plain]);
        rest = &rest[plain..];
        let Some(c) = rest.chars().next() else { break };
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(fold) = fold_of(c) {
            out.push_str(fold);
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// Whether [`casefold`] changes `c` (for the trigger bitmap).
pub(crate) fn folds(c: char) -> bool {
    fold_of(c).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn halfwidth_table_is_nfkc() {
        for cp in 0xFF66..=0xFF9Du32 {
            let c = char::from_u32(cp).unwrap();
            let nfkc: String = c.to_string().nfkc().collect();
            assert_eq!(
                nfkc,
                halfwidth_katakana_table()[(cp - 0xFF66) as usize].to_string()
            );
        }
    }

    #[test]
    fn every_halfwidth_kana_sequence_matches_nfkc() {
        // Halfwidth base + halfwidth mark composes as NFKC does.
        for base in 0xFF66..=0xFF9Du32 {
            for mark in ['\u{FF9E}', '\u{FF9F}'] {
                let s: String = [char::from_u32(base).unwrap(), mark].iter().collect();
                let nfkc: String = s.nfkc().collect();
                let ours = fix_halfwidth_katakana(&s);
                if nfkc.chars().count() == 1 {
                    assert_eq!(ours, nfkc, "{s}");
                }
            }
        }
        assert_eq!(fix_halfwidth_katakana("ハﾞ"), "バ");
        assert_eq!(fix_halfwidth_katakana("ﾞ"), "゛");
    }

    #[test]
    fn vertical_forms_are_fullwidth_nfkc_except_the_colon() {
        for cp in (0xFE10..=0xFE19u32).chain(0xFE30..=0xFE6B) {
            let c = char::from_u32(cp).unwrap();
            let Some(ours) = normal_form(c) else { continue };
            if c == '\u{FE30}' {
                continue;
            }
            let nfkc: String = c.to_string().nfkc().collect();
            let ours_nfkc: String = ours.to_string().nfkc().collect();
            assert_eq!(nfkc, ours_nfkc, "{c:?} -> {ours:?}");
        }
    }

    #[test]
    fn casefold_table_is_sorted_and_skips_caseless_ranges() {
        use crate::cjk_text::casefold_table::{FOLD_KEYS, FOLD_VALUES};
        assert!(FOLD_KEYS.windows(2).all(|w| w[0] < w[1]));
        for (&cp, fold) in FOLD_KEYS.iter().zip(FOLD_VALUES) {
            assert!(!caseless(cp), "U+{cp:04X}");
            // Folding is idempotent.
            assert_eq!(casefold(fold), *fold, "U+{cp:04X}");
        }
        // Everything below U+00B5 that folds is an ASCII capital.
        assert!(FOLD_KEYS
            .iter()
            .take_while(|&&cp| cp < 0xB5)
            .all(|&cp| (0x41..=0x5A).contains(&cp)));
    }

    #[test]
    fn casefold_matches_python() {
        // "ǰ ŉ ẞ İ Ꭰꭰ ᏸ 𐐀 ΐ".casefold() on Python 3.11.
        assert_eq!(
            casefold("\u{1f0} \u{149} \u{1e9e} \u{130} \u{13a0}\u{ab70} \u{13f8} \u{10400} \u{390}"),
            "j\u{30c} \u{2bc}n ss i\u{307} \u{13a0}\u{13a0} \u{13f0} \u{10428} \u{3b9}\u{308}\u{301}"
        );
    }

    #[test]
    fn borrows_clean_text() {
        let clean = "中文，日本語のテキスト。한국어 ascii";
        for f in [
            fix_halfwidth_katakana,
            fold_fullwidth_alnum,
            fix_kangxi_radicals,
            fix_vertical_forms,
            normalize_spaces,
            casefold,
        ] {
            assert!(matches!(f(clean), Cow::Borrowed(_)));
        }
    }
}
