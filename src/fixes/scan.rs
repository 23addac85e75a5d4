//! The scan-and-rewrite loop shared by the fixers.
//!
//! Every fixer here is a search-and-replace over the text (like Python's
//! `re.sub` or `str.translate`). [`rewrite`] finds candidate positions with a
//! cheap byte search, asks the fixer whether (and how) to rewrite there, and
//! only allocates once the first rewrite happens, so untouched text comes
//! back as [`Cow::Borrowed`].

use std::borrow::Cow;

/// The replacement for one rewritten span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Piece {
    /// Replace with this (possibly empty) string.
    Str(&'static str),
    /// Replace with this character.
    Char(char),
}

impl Piece {
    /// The empty replacement: deletes the span.
    pub(super) const DELETE: Piece = Piece::Str("");

    fn push_to(self, out: &mut String) {
        match self {
            Piece::Str(s) => out.push_str(s),
            Piece::Char(c) => out.push(c),
        }
    }
}

/// Rewrites `text` left to right, returning it borrowed if nothing changed.
///
/// - `find(haystack)` returns the offset of the next candidate position in
///   `haystack` (a suffix of `text`'s bytes). It must only report positions
///   that start a character (an ASCII byte or a UTF-8 lead byte), never a
///   continuation byte.
/// - `rewrite_at(rest)` is called with the text starting at a candidate and
///   returns `Some((len, piece))` to replace the first `len` bytes of `rest`
///   (`len > 0`, ending on a character boundary) with `piece`, or `None` to
///   leave the candidate alone. Scanning resumes after the replaced span, so
///   replacements never overlap, as with `re.sub`.
pub(super) fn rewrite<'a>(
    text: &'a str,
    find: impl Fn(&[u8]) -> Option<usize>,
    mut rewrite_at: impl FnMut(&'a str) -> Option<(usize, Piece)>,
) -> Cow<'a, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut pos = 0;
    while let Some(offset) = find(&bytes[pos..]) {
        let start = pos + offset;
        debug_assert!(text.is_char_boundary(start));
        match rewrite_at(&text[start..]) {
            Some((len, piece)) => {
                debug_assert!(len > 0 && text.is_char_boundary(start + len));
                let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
                buf.push_str(&text[copied..start]);
                piece.push_to(buf);
                pos = start + len;
                copied = pos;
            }
            None => pos = start + 1,
        }
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
    }
}

/// Rewrites single characters, like Python's `str.translate`.
///
/// `find` has the same contract as in [`rewrite`]; `map` returns the
/// replacement for a character, or `None` to keep it.
pub(super) fn translate<'a>(
    text: &'a str,
    find: impl Fn(&[u8]) -> Option<usize>,
    map: impl Fn(char) -> Option<Piece>,
) -> Cow<'a, str> {
    rewrite(text, find, |rest| {
        let c = rest.chars().next()?;
        map(c).map(|piece| (c.len_utf8(), piece))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find_x(h: &[u8]) -> Option<usize> {
        memchr::memchr(b'x', h)
    }

    #[test]
    fn borrows_when_nothing_is_found_or_rewritten() {
        assert!(matches!(
            rewrite("abc", find_x, |_| None),
            Cow::Borrowed("abc")
        ));
        assert!(matches!(
            rewrite("axbx", find_x, |_| None),
            Cow::Borrowed("axbx")
        ));
    }

    #[test]
    fn replaces_spans_and_resumes_after_them() {
        let out = rewrite("xxaxx", find_x, |rest| {
            rest.starts_with("xx").then_some((2, Piece::Char('é')))
        });
        assert_eq!(out, "éaé");
        let out = rewrite("xax", find_x, |_| Some((1, Piece::DELETE)));
        assert_eq!(out, "a");
    }

    #[test]
    fn translate_maps_characters() {
        let out = translate(
            "ñandú",
            |h| h.iter().position(|&b| b >= 0xC0),
            |c| (c == 'ú').then_some(Piece::Str("u")),
        );
        assert_eq!(out, "ñandu");
    }
}
