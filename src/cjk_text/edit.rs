//! [`Edit`]: copy-on-write output for the passes. Nothing is allocated until
//! the first replacement, so text a pass leaves alone comes back borrowed.

use std::borrow::Cow;

pub(crate) struct Edit<'a> {
    text: &'a str,
    buf: Option<String>,
    copied: usize,
}

impl<'a> Edit<'a> {
    pub(crate) fn new(text: &'a str) -> Edit<'a> {
        Edit {
            text,
            buf: None,
            copied: 0,
        }
    }

    /// Where the next replacement may start (everything before is written).
    pub(crate) fn copied(&self) -> usize {
        self.copied
    }

    /// Replaces `text[start..end]` with `with`. `start` must not lie before
    /// the end of the previous replacement.
    pub(crate) fn replace(&mut self, start: usize, end: usize, with: &str) {
        debug_assert!(start >= self.copied && end >= start);
        let text = self.text;
        let buf = self
            .buf
            .get_or_insert_with(|| String::with_capacity(text.len() + 8));
        buf.push_str(&text[self.copied..start]);
        buf.push_str(with);
        self.copied = end;
    }

    pub(crate) fn finish(self) -> Cow<'a, str> {
        match self.buf {
            None => Cow::Borrowed(self.text),
            Some(mut buf) => {
                buf.push_str(&self.text[self.copied..]);
                if buf == self.text {
                    Cow::Borrowed(self.text)
                } else {
                    Cow::Owned(buf)
                }
            }
        }
    }
}

/// Byte offsets of the characters in `text` whose UTF-8 starts with a lead
/// byte `find` accepts, found with a fast byte search.
#[inline]
pub(crate) fn next_lead(bytes: &[u8], from: usize, lead: impl Fn(u8) -> bool) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| lead(b))
        .map(|i| from + i)
}
