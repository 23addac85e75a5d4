//! `fix_surrogates`: a no-op on Rust strings, kept for parity with ftfy.

use std::borrow::Cow;

/// ftfy's `fixes.fix_surrogates`, which combines UTF-16 surrogate pairs
/// into the characters they encode and turns lone surrogates into U+FFFD.
///
/// A Rust `&str` is valid UTF-8 and cannot contain surrogate code points,
/// so this is the identity and always returns [`Cow::Borrowed`]. Surrogates
/// only exist in *bytes* (UTF-8-encoded surrogates such as CESU-8 or
/// "WTF-8"), and those are handled where bytes are decoded: mojifix's
/// UTF-8-variant decoder in the mojibake module combines encoded pairs and
/// maps lone surrogates to U+FFFD, which is what this fixer does in ftfy.
///
/// ```
/// use std::borrow::Cow;
/// use mojifix::fixes::fix_surrogates;
///
/// assert!(matches!(fix_surrogates("\u{1f4a9}"), Cow::Borrowed("\u{1f4a9}")));
/// ```
pub fn fix_surrogates(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_identity() {
        for text in ["", "plain", "\u{1f4a9}\u{fffd}"] {
            assert!(matches!(fix_surrogates(text), Cow::Borrowed(t) if t == text));
        }
    }
}
