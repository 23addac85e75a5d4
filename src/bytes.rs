//! Bytes of unknown encoding to text, as ftfy's `guess_bytes` does.
//!
//! The order of guesses: a UTF-16 byte order mark (either endianness); UTF-8
//! (with a UTF-8 BOM removed), or its CESU-8 / `C0 80` variants when those
//! bytes occur; MacRoman when the text has carriage returns but no line
//! feeds (classic Mac line ends); otherwise sloppy windows-1252, which
//! decodes every byte. Richer detection of legacy CJK encodings builds on
//! this later.

use serde::{Deserialize, Serialize};

use crate::mojibake::{utf8_variants, CodePage};

/// The encoding [`decode_bytes`] chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Guess {
    /// UTF-16, little-endian, announced by a byte order mark.
    Utf16Le,
    /// UTF-16, big-endian, announced by a byte order mark.
    Utf16Be,
    /// UTF-8.
    Utf8,
    /// UTF-8 with CESU-8 surrogate pairs or Java's `C0 80`.
    Utf8Variants,
    /// MacRoman.
    MacRoman,
    /// windows-1252, with undefined bytes read as Latin-1.
    SloppyWindows1252,
}

impl Guess {
    /// The name, as ftfy's `guess_bytes` reports it.
    pub fn name(self) -> &'static str {
        match self {
            Guess::Utf16Le => "utf-16le",
            Guess::Utf16Be => "utf-16be",
            Guess::Utf8 => "utf-8",
            Guess::Utf8Variants => "utf-8-variants",
            Guess::MacRoman => "macroman",
            Guess::SloppyWindows1252 => "sloppy-windows-1252",
        }
    }
}

/// Decodes bytes of unknown encoding. Never fails: every byte sequence has a
/// decoding (unpaired UTF-16 surrogates and a trailing odd byte become U+FFFD).
///
/// ```
/// use mojifix::bytes::{decode_bytes, Guess};
/// assert_eq!(decode_bytes("café".as_bytes()), ("café".to_string(), Guess::Utf8));
/// assert_eq!(decode_bytes(b"caf\xe9"), ("café".to_string(), Guess::SloppyWindows1252));
/// assert_eq!(decode_bytes(b"\xff\xfeh\0i\0"), ("hi".to_string(), Guess::Utf16Le));
/// ```
pub fn decode_bytes(bytes: &[u8]) -> (String, Guess) {
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        return (decode_utf16(rest, u16::from_le_bytes), Guess::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return (decode_utf16(rest, u16::from_be_bytes), Guess::Utf16Be);
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if body.contains(&0xED) || body.contains(&0xC0) {
        if let Some(text) = utf8_variants::decode(body) {
            return (text, Guess::Utf8Variants);
        }
    } else if let Ok(text) = std::str::from_utf8(body) {
        return (text.to_owned(), Guess::Utf8);
    }
    if bytes.contains(&b'\r') && !bytes.contains(&b'\n') {
        return (CodePage::MacRoman.decode(bytes), Guess::MacRoman);
    }
    (
        CodePage::SloppyWindows1252.decode(bytes),
        Guess::SloppyWindows1252,
    )
}

/// UTF-16 with surrogate pairs combined and lone surrogates replaced.
fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    let mut text: String = char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if bytes.len() % 2 == 1 {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses() {
        assert_eq!(decode_bytes(b"\xef\xbb\xbfhi").0, "hi");
        assert_eq!(decode_bytes(b"\xfe\xff\xd8\x3d\xde\x00").0, "😀");
        assert_eq!(decode_bytes(b"\xff\xfe\x3d\xd8x").0, "\u{FFFD}\u{FFFD}");
        assert_eq!(
            decode_bytes(b"a\xc0\x80b"),
            ("a\0b".to_string(), Guess::Utf8Variants)
        );
        assert_eq!(decode_bytes(b"line\rcaf\x8e\r").1, Guess::MacRoman);
        assert_eq!(decode_bytes(b"line\rcaf\x8e\r").0, "line\rcafé\r");
    }
}
