//! `fix_character_width`: replaces halfwidth and fullwidth forms.

use std::borrow::Cow;

use super::char_tables::{WIDTH_MAP, WIDTH_MAP_START};
use super::scan::{translate, Piece};

/// Replaces halfwidth and fullwidth forms with their standard-width forms,
/// like ftfy's `fixes.fix_character_width` (its `WIDTH_MAP`), and
/// U+3000 IDEOGRAPHIC SPACE with an ASCII space.
///
/// Each character in U+FF01..=U+FFEF is replaced by its own NFKC form, one
/// character at a time, exactly as ftfy does: halfwidth `ﾊﾞ` becomes
/// `ハ` + U+3099 COMBINING VOICED SOUND MARK (a later NFC pass composes
/// it to `バ`). The table comes from Python 3.11's `unicodedata`
/// (Unicode 14.0.0).
///
/// ```
/// use mojifix::fixes::fix_character_width;
///
/// assert_eq!(fix_character_width("ＬＯＵＤ　ＮＯＩＳＥＳ"), "LOUD NOISES");
/// assert_eq!(fix_character_width("Ｕﾀｰﾝ"), "Uターン");
/// ```
pub fn fix_character_width(text: &str) -> Cow<'_, str> {
    // U+3000 is encoded E3 80 80; U+FF01..=U+FFEF start with EF.
    translate(text, |h| memchr::memchr2(0xE3, 0xEF, h), standard_width)
}

fn standard_width(c: char) -> Option<Piece> {
    if c == '\u{3000}' {
        return Some(Piece::Str(" "));
    }
    let index = (c as u32).checked_sub(WIDTH_MAP_START)?;
    WIDTH_MAP
        .get(index as usize)
        .copied()
        .flatten()
        .map(Piece::Str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_ftfy() {
        // ftfy 6.3.1 on Python 3.11.7, for the same input.
        assert_eq!(
            fix_character_width("ＬＯＵＤ　ＮＯＩＳＥＳ Ｕﾀｰﾝ ﾊﾞ ￣ ￦ ﾠ ￠ ｡ \u{ff00} \u{fff0} ｟"),
            "LOUD NOISES U\u{30bf}\u{30fc}\u{30f3} \u{30cf}\u{3099}  \u{304} \u{20a9} \
             \u{1160} \u{a2} \u{3002} \u{ff00} \u{fff0} \u{2985}"
        );
    }

    #[test]
    fn table_size_matches_ftfy() {
        // len(ftfy.chardata.WIDTH_MAP) == 226, including U+3000.
        assert_eq!(WIDTH_MAP.iter().flatten().count() + 1, 226);
    }

    #[test]
    fn borrows_unchanged_text() {
        for text in ["", "narrow", "ターン \u{3001}\u{ff00}\u{fff0}\u{fffd}"] {
            assert!(
                matches!(fix_character_width(text), Cow::Borrowed(_)),
                "{text:?}"
            );
        }
    }
}
