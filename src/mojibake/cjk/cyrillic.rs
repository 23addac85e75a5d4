//! Russian text in windows-1251 or KOI8-R read as windows-1252 or Latin-1
//! (`Ïðèâåò`, `òÕÓÓËÉÊ`): mojibake, but not CJK mojibake.
//!
//! Its bytes are all from `C0`–`FF` (the Russian letters of both code
//! pages), which is also where GBK, Big5 and EUC-KR put most of their
//! lead and trail bytes; read as a legacy CJK encoding, such a word gives
//! two-byte characters that the weighing can prefer to the garbled Latin
//! letters (`ÚÎÁÞÅÎÉÑ`, ЗНАЧЕНИЯ in KOI8-R, became `變挿杜頻`). The CJK
//! repair must leave it alone: `fix_encoding` reads it back
//! ([`wrong_page`](crate::mojibake::wrong_page), asked first by
//! `fix_cjk_encoding`) when its words are long enough to tell, and this
//! back-off also keeps the shorter ones, which are left as they are.
//!
//! The test is made of words, which CJK bytes seldom fake: every run of
//! non-ASCII characters must decode, in one of the two code pages, to
//! Russian letters in the case pattern of a word (all lower case, all
//! upper case, or a capital and then lower case), and the runs that hold a
//! lower-case letter must hold five letters in all. Legacy CJK bytes mix
//! the two halves of `C0`–`FF` at random (lower and upper case in both
//! code pages) and use `A1`–`BF` (no Russian letter but `Ё`/`ё`), so an
//! all-capitals word such as `ÖÐÎÄ` (中文 in GBK, `ЦРОД` in windows-1251)
//! does not count and is repaired.

use crate::mojibake::codepage::CodePage;

/// The fewest letters, in runs with a lower-case letter, that make a line
/// Russian mojibake.
const MIN_LETTERS: usize = 5;

/// Whether `text` reads as Russian text in windows-1251 or KOI8-R read as
/// windows-1252 (see the module documentation).
pub(crate) fn is_legacy_cyrillic(text: &str) -> bool {
    // (`wrong_page`'s tables: windows-1251 first, then KOI8-U, whose
    // Russian letters are KOI8-R's.)
    let tables = crate::mojibake::wrong_page::source_tables();
    tables[..2].iter().any(|table| reads_as(text, table))
}

fn reads_as(text: &str, table: &[Option<char>; 128]) -> bool {
    let (mut letters, mut any) = (0, false);
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| !c.is_ascii()) {
        let run = &rest[start..];
        let end = run.find(|c: char| c.is_ascii()).unwrap_or(run.len());
        let (mut upper, mut lower, mut n, mut lower_after_first_upper) = (0, 0, 0, true);
        for (k, c) in run[..end].chars().enumerate() {
            let Some(b) = CodePage::SloppyWindows1252.encode_char(c) else {
                return false;
            };
            let r = table[usize::from(b & 0x7F)].unwrap_or('\u{FFFD}');
            if !is_russian_letter(r) {
                return false;
            }
            if r.is_uppercase() {
                upper += 1;
                lower_after_first_upper &= k == 0;
            } else {
                lower += 1;
            }
            n += 1;
        }
        // All lower, all upper, or one capital and then lower case.
        if !(upper == 0 || lower == 0 || lower_after_first_upper) {
            return false;
        }
        if lower > 0 {
            letters += n;
        }
        any = true;
        rest = &run[end..];
    }
    any && letters >= MIN_LETTERS
}

fn is_russian_letter(c: char) -> bool {
    matches!(c, 'А'..='я' | 'Ё' | 'ё')
}

#[cfg(test)]
mod tests {
    use super::is_legacy_cyrillic;

    /// `text` encoded with `encoding` and read as windows-1252.
    fn garble(text: &str, encoding: &'static encoding_rs::Encoding) -> String {
        let (bytes, _, _) = encoding.encode(text);
        encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned()
    }

    #[test]
    fn russian_words_read_as_windows_1252_are_seen() {
        for encoding in [encoding_rs::WINDOWS_1251, encoding_rs::KOI8_R] {
            for text in ["Русский", "значения", "ЗНАЧЕНИЯ и символы", "Привет, мир!"]
            {
                let garbled = garble(text, encoding);
                assert!(is_legacy_cyrillic(&garbled), "{text} as {garbled}");
            }
        }
    }

    #[test]
    fn cjk_mojibake_and_latin_text_are_not() {
        for text in ["你好世界", "中文", "文件系统", "日本語のテキスト"] {
            for encoding in [encoding_rs::GBK, encoding_rs::BIG5, encoding_rs::EUC_KR] {
                let garbled = garble(text, encoding);
                assert!(!is_legacy_cyrillic(&garbled), "{text} as {garbled}");
            }
        }
        // 中文 in GBK is `ЦРОД` in windows-1251: capitals only, not enough.
        assert!(!is_legacy_cyrillic("ÖÐÎÄ"));
        assert!(!is_legacy_cyrillic("naïve café"));
        assert!(!is_legacy_cyrillic("Ê"));
    }
}
