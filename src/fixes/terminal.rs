//! `remove_terminal_escapes`: strips ANSI terminal escape sequences.

use std::borrow::Cow;

use super::char_tables::DECIMAL_DIGITS;
use super::scan::{rewrite, Piece};

/// Removes "ANSI" terminal escape sequences (such as colour codes), like
/// ftfy's `fixes.remove_terminal_escapes`.
///
/// A sequence is ftfy's `ANSI_RE`, `\x1b\[((?:\d|;)*)([a-zA-Z])`: ESC, `[`,
/// any run of digits and `;`, then an ASCII letter. As in Python's `str`
/// regexes, `\d` is any Unicode decimal digit (general category Nd), not
/// just ASCII `0`–`9`.
///
/// ```
/// use mojifix::fixes::remove_terminal_escapes;
///
/// let text = "\x1b[36;44mI'm blue, da ba dee da ba doo...\x1b[0m";
/// assert_eq!(remove_terminal_escapes(text), "I'm blue, da ba dee da ba doo...");
/// ```
pub fn remove_terminal_escapes(text: &str) -> Cow<'_, str> {
    rewrite(
        text,
        |h| memchr::memchr(0x1b, h),
        |rest| escape_len(rest).map(|len| (len, Piece::DELETE)),
    )
}

/// Length of the `ANSI_RE` match at the start of `rest`, if any.
fn escape_len(rest: &str) -> Option<usize> {
    let params = rest.strip_prefix("\x1b[")?;
    let final_at = params
        .char_indices()
        .find(|&(_, c)| c != ';' && !is_decimal_digit(c))
        .map(|(i, _)| i)?;
    let final_byte = params.as_bytes()[final_at];
    final_byte.is_ascii_alphabetic().then_some(2 + final_at + 1)
}

/// Python's `\d` in a `str` pattern: `str.isdecimal`.
fn is_decimal_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    let i = DECIMAL_DIGITS.partition_point(|&(_, hi)| hi < c);
    DECIMAL_DIGITS.get(i).is_some_and(|&(lo, _)| lo <= c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(input, ftfy.fixes.remove_terminal_escapes(input))` from ftfy 6.3.1
    /// on Python 3.11.7.
    const FTFY_VECTORS: &[(&str, &str)] = &[
        ("\x1b[36;44mI'm blue\x1b[0m", "I'm blue"),
        ("\x1b[m", ""),
        ("\x1b[1;;;Zx", "x"),
        // Incomplete or malformed sequences stay.
        ("\x1b[", "\x1b["),
        ("\x1b[1;2", "\x1b[1;2"),
        ("\x1b[1;2;", "\x1b[1;2;"),
        ("\x1b[1\u{e9}", "\x1b[1\u{e9}"),
        ("\x1bx", "\x1bx"),
        ("\x1b\x1b[1mx", "\x1bx"),
        ("\x1b[1\x1b[2mA", "\x1b[1A"),
        // `\d` matches any Unicode decimal digit, but not other numerics.
        ("\x1b[\u{663}\u{664}m", ""),
        ("\x1b[\u{ff11}m", ""),
        ("\x1b[\u{b2}m", "\x1b[\u{b2}m"),
    ];

    #[test]
    fn matches_ftfy_vectors() {
        for &(input, expected) in FTFY_VECTORS {
            assert_eq!(remove_terminal_escapes(input), expected, "input: {input:?}");
        }
    }

    #[test]
    fn borrows_unchanged_text() {
        for text in ["", "no escapes here", "\x1b[1;2", "caf\u{e9}"] {
            assert!(matches!(remove_terminal_escapes(text), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn decimal_digit_table() {
        assert!(DECIMAL_DIGITS.windows(2).all(|w| w[0].1 < w[1].0));
        assert!(is_decimal_digit('7'));
        assert!(is_decimal_digit('\u{1d7ce}')); // MATHEMATICAL BOLD DIGIT ZERO
        assert!(!is_decimal_digit('a'));
        assert!(!is_decimal_digit('\u{2460}')); // CIRCLED DIGIT ONE (No)
                                                // Python 3.11: 660 code points satisfy str.isdecimal().
        let count: u32 = DECIMAL_DIGITS
            .iter()
            .map(|&(lo, hi)| hi as u32 - lo as u32 + 1)
            .sum();
        assert_eq!(count, 660);
    }
}
