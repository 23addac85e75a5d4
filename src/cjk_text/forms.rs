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

/// The case fold of one character (full lowercase, plus `ß`/`ẞ` → `ss` and
/// final sigma → `σ`), or `None` when it folds to itself.
fn fold_char(c: char, out: &mut String) -> bool {
    match c {
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        'ß' | 'ẞ' => out.push_str("ss"),
        'ς' => out.push('σ'),
        _ if c.is_ascii() => return false,
        // CJK, kana, Hangul, Yi and the like have no case.
        '\u{2E80}'..='\u{A63F}' | '\u{AC00}'..='\u{D7FF}' | '\u{F900}'..='\u{FAFF}' => {
            return false
        }
        _ => {
            let mut lower = c.to_lowercase();
            if lower.len() == 1 && lower.clone().next() == Some(c) {
                return false;
            }
            out.extend(lower.by_ref());
        }
    }
    true
}

/// Case folding for index keys (applied after NFKC): `Straße` → `strasse`,
/// `ΣΊΣΥΦΟΣ` → `σίσυφοσ`, `ＡＢＣ` stays for NFKC to fold first.
///
/// ```
/// use mojifix::cjk_text::casefold;
/// assert_eq!(casefold("Straße MOJIFIX 中文"), "strasse mojifix 中文");
/// assert_eq!(casefold("already lower"), "already lower");
/// ```
pub fn casefold(text: &str) -> Cow<'_, str> {
    let needs = text.chars().any(|c| {
        if c.is_ascii() {
            c.is_ascii_uppercase()
        } else {
            fold_char(c, &mut String::new())
        }
    });
    if !needs {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !fold_char(c, &mut out) {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether [`casefold`] changes `c` (for the trigger bitmap).
pub(crate) fn folds(c: char) -> bool {
    fold_char(c, &mut String::new())
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
