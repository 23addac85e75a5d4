//! `remove_control_chars`: deletes unintended control characters.

use std::borrow::Cow;

use super::scan::{translate, Piece};

/// Removes control characters that are almost never intended, like ftfy's
/// `fixes.remove_control_chars` (its `CONTROL_CHARS` table):
///
/// - U+0000–U+0008, U+000B, U+000E–U+001F and U+007F;
/// - the deprecated format characters U+206A–U+206F;
/// - U+FEFF (byte order mark / zero-width no-break space), anywhere;
/// - the interlinear annotation characters U+FFF9–U+FFFB and
///   U+FFFC OBJECT REPLACEMENT CHARACTER.
///
/// Tab, line feed, form feed, carriage return, C1 controls (mojibake
/// evidence), joiners, bidi controls and tag characters are kept.
///
/// ```
/// use mojifix::fixes::remove_control_chars;
///
/// assert_eq!(remove_control_chars("\u{feff}a\x00b\tc\u{7f}"), "ab\tc");
/// ```
pub fn remove_control_chars(text: &str) -> Cow<'_, str> {
    translate(
        text,
        |h| {
            h.iter().enumerate().position(|(i, &b)| {
                may_start_control_char(b) && (b < 0xE2 || control_second_byte(b, h.get(i + 1)))
            })
        },
        |c| is_control_char(c).then_some(Piece::DELETE),
    )
}

/// Whether `b` can start an encoded [`is_control_char`] character: the
/// ASCII ones, or the lead bytes of U+206A..=U+206F (E2) and
/// U+FEFF/U+FFF9..=U+FFFC (EF).
fn may_start_control_char(b: u8) -> bool {
    matches!(b, 0x00..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F | 0xE2 | 0xEF)
}

/// Whether the second byte after lead byte `b` (E2 or EF) can continue an
/// encoded control character: U+206A..=U+206F are E2 81, U+FEFF is EF BB,
/// U+FFF9..=U+FFFC are EF BF. (EF also starts every fullwidth punctuation
/// mark, so this keeps CJK text off the slow path.)
fn control_second_byte(b: u8, next: Option<&u8>) -> bool {
    matches!(
        (b, next),
        (0xE2, Some(&0x81)) | (0xEF, Some(&(0xBB | 0xBF)))
    )
}

/// ftfy's `chardata.CONTROL_CHARS`.
fn is_control_char(c: char) -> bool {
    matches!(
        c,
        '\0'..='\x08'
            | '\x0b'
            | '\x0e'..='\x1f'
            | '\x7f'
            | '\u{206a}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffc}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_ftfy() {
        // ftfy 6.3.1 output for the same input.
        assert_eq!(
            remove_control_chars(
                "a\x00\x08\t\n\x0b\x0c\r\x0e\x1f\x7f\u{80}\u{206a}\u{206f}\u{2070}\
                 \u{feff}\u{fff8}\u{fff9}\u{fffc}\u{fffd}\u{200d}\u{e0067}z"
            ),
            "a\t\n\x0c\r\u{80}\u{2070}\u{fff8}\u{fffd}\u{200d}\u{e0067}z"
        );
    }

    #[test]
    fn every_ascii_control_char() {
        for b in 0u8..=0x7F {
            let expected = matches!(b, 0..=8 | 0x0B | 0x0E..=0x1F | 0x7F);
            assert_eq!(is_control_char(b as char), expected, "{b:#x}");
            assert_eq!(may_start_control_char(b), expected, "{b:#x}");
        }
    }

    #[test]
    fn borrows_unchanged_text() {
        for text in ["", "tab\tnl\ncr\r", "\u{2028}\u{2060}\u{fffd}\u{ef}"] {
            assert!(
                matches!(remove_control_chars(text), Cow::Borrowed(_)),
                "{text:?}"
            );
        }
    }
}
