//! `uncurl_quotes`: replaces curly quotes with straight ones.

use std::borrow::Cow;

use super::scan::{translate, Piece};

/// Replaces curly quotation marks with straight ones, like ftfy's
/// `fixes.uncurl_quotes`.
///
/// U+02BC and U+2018–U+201B become `'`; U+201C–U+201F become `"`.
/// Angle quotes (`‹›«»`) and primes are left alone.
///
/// ```
/// use mojifix::fixes::uncurl_quotes;
///
/// assert_eq!(uncurl_quotes("\u{201c}here\u{2019}s a test\u{201d}"), "\"here's a test\"");
/// ```
pub fn uncurl_quotes(text: &str) -> Cow<'_, str> {
    // U+02BC is encoded CA BC; U+2018..=U+201F are E2 80 98..=9F.
    translate(text, |h| memchr::memchr2(0xCA, 0xE2, h), straight_quote)
}

fn straight_quote(c: char) -> Option<Piece> {
    match c {
        '\u{2bc}' | '\u{2018}'..='\u{201b}' => Some(Piece::Str("'")),
        '\u{201c}'..='\u{201f}' => Some(Piece::Str("\"")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_ftfy() {
        // ftfy 6.3.1: uncurl_quotes('\u201chere\u2019s a test\u201d
        // \u02bc\u201a\u201b\u201e\u201f\u2039')
        assert_eq!(
            uncurl_quotes(
                "\u{201c}here\u{2019}s a test\u{201d} \u{2bc}\u{201a}\u{201b}\u{201e}\u{201f}\u{2039}"
            ),
            "\"here's a test\" '''\"\"\u{2039}"
        );
    }

    #[test]
    fn borrows_unchanged_text() {
        for text in [
            "",
            "\"plain\" 'quotes'",
            "\u{ab}guillemets\u{bb} \u{2032} \u{2020}",
        ] {
            assert!(matches!(uncurl_quotes(text), Cow::Borrowed(_)), "{text:?}");
        }
    }
}
