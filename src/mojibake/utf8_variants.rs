//! Decoding UTF-8 and its two common non-standard variants.
//!
//! * **CESU-8** (and Java's "modified UTF-8") encodes a supplementary
//!   character as the two UTF-16 surrogates, three bytes each:
//!   `ED A0..AF xx ED B0..BF xx`.
//! * **Java's NUL**: U+0000 written as the overlong pair `C0 80`.
//!
//! [`decode`] accepts standard UTF-8 plus those two forms and rejects
//! everything else, exactly like ftfy's `utf-8-variants` codec with
//! `errors="strict"`. A lone surrogate is an error.

/// Decodes strict UTF-8, or `None`.
pub fn decode_utf8(bytes: &[u8]) -> Option<String> {
    std::str::from_utf8(bytes).ok().map(str::to_owned)
}

/// Decodes UTF-8 that may contain CESU-8 surrogate pairs and `C0 80`, or `None`.
///
/// ```
/// use mojifix::mojibake::utf8_variants::decode;
/// assert_eq!(decode(b"\xed\xa0\xbd\xed\xb8\x8d").as_deref(), Some("😍"));
/// assert_eq!(decode(b"a\xc0\x80b").as_deref(), Some("a\0b"));
/// assert_eq!(decode(b"\xed\xa0\xbd"), None);
/// ```
pub fn decode(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        let special = find_special(rest);
        let (plain, tail) = rest.split_at(special);
        out.push_str(std::str::from_utf8(plain).ok()?);
        rest = tail;
        if rest.is_empty() {
            break;
        }
        if rest[0] == 0xC0 {
            // `C0` followed by anything becomes NUL only as `C0 80`; a trailing
            // `C0` alone is invalid.
            if rest.get(1) == Some(&0x80) {
                out.push('\0');
                rest = &rest[2..];
                continue;
            }
            return None;
        }
        // rest starts with ED A0..BF: a surrogate. Only a full pair decodes.
        if rest.len() >= 6
            && (0xA0..=0xAF).contains(&rest[1])
            && (0x80..=0xBF).contains(&rest[2])
            && rest[3] == 0xED
            && (0xB0..=0xBF).contains(&rest[4])
            && (0x80..=0xBF).contains(&rest[5])
        {
            let cp = (((rest[1] & 0x0F) as u32) << 16)
                + (((rest[2] & 0x3F) as u32) << 10)
                + (((rest[4] & 0x0F) as u32) << 6)
                + ((rest[5] & 0x3F) as u32)
                + 0x10000;
            out.push(char::from_u32(cp)?);
            rest = &rest[6..];
            continue;
        }
        return None;
    }
    Some(out)
}

/// The offset of the first `C0 80`-style or surrogate (`ED A0..BF`) sequence.
fn find_special(bytes: &[u8]) -> usize {
    let mut i = 0;
    while let Some(off) = memchr::memchr2(0xC0, 0xED, &bytes[i..]) {
        let at = i + off;
        match bytes[at] {
            0xC0 if matches!(bytes.get(at + 1), Some(0x80) | None) => return at,
            0xED if matches!(bytes.get(at + 1), Some(0xA0..=0xBF) | None) => return at,
            _ => i = at + 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_utf8_passes() {
        assert_eq!(
            decode("한국어 ✓ 😀".as_bytes()).as_deref(),
            Some("한국어 ✓ 😀")
        );
    }

    #[test]
    fn invalid_sequences_are_rejected() {
        assert_eq!(decode(b"\xff"), None);
        assert_eq!(decode(b"\xc0"), None);
        assert_eq!(decode(b"\xc0\x81"), None);
        assert_eq!(decode(b"\xed\xb8\x8d"), None);
        assert_eq!(decode(b"\xed\xa0\xbd\xed\xb8"), None);
    }
}
