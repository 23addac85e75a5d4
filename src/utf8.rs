//! Decoding one character of text that is known to be valid UTF-8, for the
//! byte-level scans on the hot paths (no validity checks).

/// The code point of the character starting at `bytes[i]` and its length.
/// `bytes` must be valid UTF-8 and `i` a character boundary.
// Always inlined: the scans that call it are loops over every character.
#[inline(always)]
pub(crate) fn decode_at(bytes: &[u8], i: usize) -> (u32, usize) {
    let b = bytes[i];
    let cont = |k: usize| u32::from(bytes[i + k] & 0x3F);
    if b < 0x80 {
        (u32::from(b), 1)
    } else if b < 0xE0 {
        ((u32::from(b & 0x1F) << 6) | cont(1), 2)
    } else if b < 0xF0 {
        ((u32::from(b & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            (u32::from(b & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn decodes_every_length() {
        let text = "aé中😀";
        let bytes = text.as_bytes();
        let mut i = 0;
        for c in text.chars() {
            let (cp, len) = super::decode_at(bytes, i);
            assert_eq!((cp, len), (c as u32, c.len_utf8()));
            i += len;
        }
    }
}
