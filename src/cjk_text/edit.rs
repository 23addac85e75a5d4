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

    /// Replaces `text[start..end]` with `n` copies of `with` (no
    /// allocation of its own).
    pub(crate) fn replace_repeated(&mut self, start: usize, end: usize, with: &str, n: usize) {
        self.replace(start, end, with);
        if let Some(buf) = self.buf.as_mut() {
            for _ in 1..n {
                buf.push_str(with);
            }
        }
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

/// The offset of the first `needle` byte in `bytes` from `from`, found eight
/// bytes at a time in plain registers: cheaper than a vector search (and its
/// call) when matches are a few dozen bytes apart, as spaces are.
#[inline]
pub(crate) fn find_byte(bytes: &[u8], from: usize, needle: u8) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let splat = LO * u64::from(needle);
    let mut i = from;
    while i + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        let x = u64::from_le_bytes(word) ^ splat;
        // A zero byte of `x` is a match; the lowest flagged byte is the first
        // (borrows only run upwards from a true zero byte).
        let found = x.wrapping_sub(LO) & !x & HI;
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes[i.min(bytes.len())..]
        .iter()
        .position(|&b| b == needle)
        .map(|k| i + k)
}

#[cfg(test)]
mod tests {
    use super::find_byte;

    #[test]
    fn find_byte_finds_the_first_match() {
        let mut rng = crate::damage::Rng::new(11);
        let pool = [b' ', b'a', 0x80, 0xE3, 0x1F, 0x21, 0xA0];
        for _ in 0..20_000 {
            let len = rng.below(40);
            let bytes: Vec<u8> = (0..len).map(|_| pool[rng.below(pool.len())]).collect();
            for from in 0..=len {
                let want = bytes[from..]
                    .iter()
                    .position(|&b| b == b' ')
                    .map(|k| from + k);
                assert_eq!(find_byte(&bytes, from, b' '), want, "{bytes:?} from {from}");
            }
        }
    }
}
