//! `fix_line_breaks`: converts every kind of line break to `\n`.

use std::borrow::Cow;

use super::scan::{rewrite, Piece};

/// Converts line breaks to Unix style, like ftfy's `fixes.fix_line_breaks`.
///
/// `\r\n` becomes `\n`; then every remaining `\r`, U+2028 LINE SEPARATOR,
/// U+2029 PARAGRAPH SEPARATOR and U+0085 NEXT LINE becomes `\n`. Form feeds
/// and vertical tabs are not line breaks here.
///
/// ```
/// use mojifix::fixes::fix_line_breaks;
///
/// assert_eq!(fix_line_breaks("a\r\nb\rc\u{2028}d\u{85}e"), "a\nb\nc\nd\ne");
/// ```
pub fn fix_line_breaks(text: &str) -> Cow<'_, str> {
    // U+0085 is encoded C2 85; U+2028/U+2029 are E2 80 A8/A9.
    rewrite(
        text,
        |h| memchr::memchr3(b'\r', 0xC2, 0xE2, h),
        line_break_len,
    )
}

/// Length of the line break at the start of `rest`, replaced by `\n`.
fn line_break_len(rest: &str) -> Option<(usize, Piece)> {
    let len = match rest.as_bytes() {
        [b'\r', b'\n', ..] => 2,
        [b'\r', ..] => 1,
        [0xC2, 0x85, ..] => 2,
        [0xE2, 0x80, 0xA8 | 0xA9, ..] => 3,
        _ => return None,
    };
    Some((len, Piece::Str("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_ftfy() {
        // ftfy 6.3.1 output for the same input.
        assert_eq!(
            fix_line_breaks("a\r\nb\rc\r\r\nd\n\re\u{2028}f\u{2029}g\u{85}h\r"),
            "a\nb\nc\n\nd\n\ne\nf\ng\nh\n"
        );
    }

    #[test]
    fn borrows_unchanged_text() {
        for text in ["", "a\nb\x0cc\x0bd", "\u{a0}\u{2026}\u{2030}"] {
            assert!(
                matches!(fix_line_breaks(text), Cow::Borrowed(_)),
                "{text:?}"
            );
        }
    }
}
