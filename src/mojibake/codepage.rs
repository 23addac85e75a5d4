//! Single-byte code pages that UTF-8 text is commonly mis-decoded with.
//!
//! The decoding tables are generated (see `tables.rs`); encoding tables are
//! derived from them once, on first use.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::tables;

/// A single-byte code page, named as ftfy names it.
///
/// "Sloppy" code pages decode every byte: bytes the real code page leaves
/// undefined decode as the Latin-1 character of the same number (which is
/// what many real-world decoders do), and byte 0x1A stands for U+FFFD, so
/// that text in which a decoder already put replacement characters can still
/// be re-encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CodePage {
    #[serde(rename = "latin-1")]
    /// ISO-8859-1: every byte is the code point of the same number.
    Latin1,
    #[serde(rename = "sloppy-windows-1252")]
    /// windows-1252 (Western European).
    SloppyWindows1252,
    #[serde(rename = "sloppy-windows-1251")]
    /// windows-1251 (Cyrillic).
    SloppyWindows1251,
    #[serde(rename = "sloppy-windows-1250")]
    /// windows-1250 (Central European).
    SloppyWindows1250,
    #[serde(rename = "sloppy-windows-1253")]
    /// windows-1253 (Greek).
    SloppyWindows1253,
    #[serde(rename = "sloppy-windows-1254")]
    /// windows-1254 (Turkish).
    SloppyWindows1254,
    #[serde(rename = "sloppy-windows-1257")]
    /// windows-1257 (Baltic).
    SloppyWindows1257,
    #[serde(rename = "iso-8859-2")]
    /// ISO-8859-2 (Central European).
    Iso8859_2,
    #[serde(rename = "macroman")]
    /// Mac OS Roman.
    MacRoman,
    #[serde(rename = "cp437")]
    /// IBM PC code page 437 (DOS).
    Cp437,
}

impl CodePage {
    /// Bytes a step after a single-byte code page may have dropped without a
    /// trace, per page: the page's undefined bytes (a strict decoder with
    /// `errors="ignore"`; a sloppy one passes them as C1 controls, which
    /// clean-ups drop), no-break space and soft hyphen (whitespace and
    /// hyphenation clean-ups), and for Latin-1 every C1 control. All are lead
    /// bytes, and most are trail bytes, of the legacy CJK encodings.
    pub(crate) fn lost_bytes(self) -> &'static [u8] {
        const LATIN1: [u8; 34] = {
            let mut b = [0u8; 34];
            let mut i = 0;
            while i < 32 {
                b[i] = 0x80 + i as u8;
                i += 1;
            }
            b[32] = 0xA0;
            b[33] = 0xAD;
            b
        };
        match self {
            CodePage::SloppyWindows1252 => &[0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xA0, 0xAD],
            CodePage::SloppyWindows1254 => &[0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E, 0xA0, 0xAD],
            CodePage::SloppyWindows1250 => &[0x81, 0x83, 0x88, 0x90, 0x98, 0xA0, 0xAD],
            CodePage::SloppyWindows1251 => &[0x98, 0xA0, 0xAD],
            CodePage::Latin1 => &LATIN1,
            _ => &[],
        }
    }

    /// Every code page, in the order the Latin-family repair tries them.
    pub const ALL: [CodePage; 10] = [
        CodePage::Latin1,
        CodePage::SloppyWindows1252,
        CodePage::SloppyWindows1251,
        CodePage::SloppyWindows1250,
        CodePage::SloppyWindows1253,
        CodePage::SloppyWindows1254,
        CodePage::SloppyWindows1257,
        CodePage::Iso8859_2,
        CodePage::MacRoman,
        CodePage::Cp437,
    ];

    /// The name ftfy (and a plan) uses for this code page.
    pub fn name(self) -> &'static str {
        match self {
            CodePage::Latin1 => "latin-1",
            CodePage::SloppyWindows1252 => "sloppy-windows-1252",
            CodePage::SloppyWindows1251 => "sloppy-windows-1251",
            CodePage::SloppyWindows1250 => "sloppy-windows-1250",
            CodePage::SloppyWindows1253 => "sloppy-windows-1253",
            CodePage::SloppyWindows1254 => "sloppy-windows-1254",
            CodePage::SloppyWindows1257 => "sloppy-windows-1257",
            CodePage::Iso8859_2 => "iso-8859-2",
            CodePage::MacRoman => "macroman",
            CodePage::Cp437 => "cp437",
        }
    }

    /// Whether undefined bytes and byte 0x1A are given the sloppy treatment.
    pub fn is_sloppy(self) -> bool {
        matches!(
            self,
            CodePage::SloppyWindows1252
                | CodePage::SloppyWindows1251
                | CodePage::SloppyWindows1250
                | CodePage::SloppyWindows1253
                | CodePage::SloppyWindows1254
                | CodePage::SloppyWindows1257
        )
    }

    /// The bytes a strict decoder of this code page rejects (Python's
    /// codecs; the "sloppy" pages decode them as C1 controls instead). A
    /// strict decoder with `errors="replace"` writes U+FFFD for each.
    ///
    /// ```
    /// use mojifix::mojibake::CodePage;
    /// assert_eq!(CodePage::SloppyWindows1252.undefined_bytes(), &[0x81, 0x8D, 0x8F, 0x90, 0x9D]);
    /// assert!(CodePage::Latin1.undefined_bytes().is_empty());
    /// ```
    pub fn undefined_bytes(self) -> &'static [u8] {
        match self {
            CodePage::SloppyWindows1250 => &[0x81, 0x83, 0x88, 0x90, 0x98],
            CodePage::SloppyWindows1251 => &[0x98],
            CodePage::SloppyWindows1252 => &[0x81, 0x8D, 0x8F, 0x90, 0x9D],
            CodePage::SloppyWindows1253 => &[
                0x81, 0x88, 0x8A, 0x8C, 0x8D, 0x8E, 0x8F, 0x90, 0x98, 0x9A, 0x9C, 0x9D, 0x9E, 0x9F,
                0xAA, 0xD2, 0xFF,
            ],
            CodePage::SloppyWindows1254 => &[0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E],
            CodePage::SloppyWindows1257 => &[
                0x81, 0x83, 0x88, 0x8A, 0x8C, 0x90, 0x98, 0x9A, 0x9C, 0x9F, 0xA1, 0xA5,
            ],
            CodePage::Latin1 | CodePage::Iso8859_2 | CodePage::MacRoman | CodePage::Cp437 => &[],
        }
    }

    /// The position in [`CodePage::ALL`] (the declaration order).
    fn index(self) -> usize {
        self as usize
    }

    fn upper_half(self) -> &'static [char; 128] {
        match self {
            CodePage::Latin1 => &tables::LATIN_1,
            CodePage::SloppyWindows1252 => &tables::SLOPPY_WINDOWS_1252,
            CodePage::SloppyWindows1251 => &tables::SLOPPY_WINDOWS_1251,
            CodePage::SloppyWindows1250 => &tables::SLOPPY_WINDOWS_1250,
            CodePage::SloppyWindows1253 => &tables::SLOPPY_WINDOWS_1253,
            CodePage::SloppyWindows1254 => &tables::SLOPPY_WINDOWS_1254,
            CodePage::SloppyWindows1257 => &tables::SLOPPY_WINDOWS_1257,
            CodePage::Iso8859_2 => &tables::ISO_8859_2,
            CodePage::MacRoman => &tables::MAC_ROMAN,
            CodePage::Cp437 => &tables::CP437,
        }
    }

    /// Decodes one byte.
    #[inline]
    pub fn decode_byte(self, byte: u8) -> char {
        if byte >= 0x80 {
            self.upper_half()[usize::from(byte - 0x80)]
        } else if byte == 0x1A && self.is_sloppy() {
            '\u{FFFD}'
        } else {
            char::from(byte)
        }
    }

    /// Decodes bytes; every byte decodes to exactly one character.
    pub fn decode(self, bytes: &[u8]) -> String {
        bytes.iter().map(|&b| self.decode_byte(b)).collect()
    }

    /// Encodes one character, or `None` when the code page has no byte for it.
    #[inline]
    pub fn encode_char(self, c: char) -> Option<u8> {
        if (c as u32) < 0x80 {
            if self.is_sloppy() && c == '\u{1A}' {
                return None;
            }
            return Some(c as u8);
        }
        if self.is_sloppy() && c == '\u{FFFD}' {
            return Some(0x1A);
        }
        let encoder = &encoders()[self.index()];
        if let Some(&b) = encoder.latin1.get(c as usize) {
            return (b != 0).then_some(b);
        }
        let table = &encoder.others;
        table
            .binary_search_by_key(&c, |&(ch, _)| ch)
            .ok()
            .map(|i| table[i].1)
    }

    /// Encodes text, or `None` when some character has no byte in this code page.
    pub fn encode(self, text: &str) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(text.len());
        for c in text.chars() {
            out.push(self.encode_char(c)?);
        }
        Some(out)
    }

    /// Whether every character of `text` has a byte in this code page.
    pub fn can_encode(self, text: &str) -> bool {
        text.chars().all(|c| self.encode_char(c).is_some())
    }
}

impl fmt::Display for CodePage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for CodePage {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CodePage::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown code page {s:?}"))
    }
}

/// Per code page, the upper half's characters sorted for binary search.
/// The bytes of U+0080..U+00FF directly (0: none), the rest sorted.
struct Encoder {
    latin1: [u8; 0x100],
    others: Vec<(char, u8)>,
}

fn encoders() -> &'static [Encoder; 10] {
    static ENCODERS: OnceLock<[Encoder; 10]> = OnceLock::new();
    ENCODERS.get_or_init(|| {
        CodePage::ALL.map(|page| {
            let mut latin1 = [0u8; 0x100];
            let mut others = Vec::new();
            for (i, &c) in page.upper_half().iter().enumerate() {
                let byte = 0x80 + i as u8;
                match latin1.get_mut(c as usize) {
                    Some(slot) => *slot = byte,
                    None => others.push((c, byte)),
                }
            }
            others.sort_unstable();
            Encoder { latin1, others }
        })
    })
}

/// Strict windows-1252: like the sloppy one, but the five bytes Windows
/// leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) are errors.
pub(crate) fn decode_windows_1252_strict(bytes: &[u8]) -> Option<String> {
    if bytes
        .iter()
        .any(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
    {
        return None;
    }
    Some(
        bytes
            .iter()
            .map(|&b| {
                if b == 0x1A {
                    '\u{1A}'
                } else {
                    CodePage::SloppyWindows1252.decode_byte(b)
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undefined_bytes_are_what_sloppy_pages_pass_through() {
        // The sloppy pages decode a byte their standard leaves undefined as
        // the code point of the same number; no other high byte decodes so
        // in windows-125x (whose upper halves are otherwise remapped).
        for page in CodePage::ALL.into_iter().filter(|p| p.is_sloppy()) {
            for b in 0x80..=0x9Fu8 {
                let passes_through = page.decode_byte(b) == char::from(b);
                assert_eq!(
                    passes_through,
                    page.undefined_bytes().contains(&b),
                    "{page:?} {b:02X}"
                );
            }
        }
    }

    #[test]
    fn every_code_page_round_trips_every_byte() {
        for page in CodePage::ALL {
            let bytes: Vec<u8> = (0..=255).collect();
            let text = page.decode(&bytes);
            assert_eq!(page.encode(&text).as_deref(), Some(&bytes[..]), "{page}");
        }
    }

    #[test]
    fn sloppy_pages_map_0x1a_to_replacement_character() {
        assert_eq!(CodePage::SloppyWindows1252.decode(b"\x1a"), "\u{FFFD}");
        assert_eq!(CodePage::Latin1.decode(b"\x1a"), "\u{1A}");
        assert_eq!(CodePage::SloppyWindows1252.encode("\u{1A}"), None);
    }

    #[test]
    fn known_characters() {
        assert_eq!(
            CodePage::SloppyWindows1252.decode(b"\x80\x81\x9c"),
            "€\u{81}œ"
        );
        assert_eq!(CodePage::SloppyWindows1251.decode(b"\xc2\xe0"), "Ва");
        assert_eq!(CodePage::MacRoman.decode(b"\xa5"), "•");
        assert_eq!(CodePage::Cp437.decode(b"\xb0"), "░");
        assert_eq!(decode_windows_1252_strict(b"\x81"), None);
        assert_eq!(decode_windows_1252_strict(b"\x93x").as_deref(), Some("“x"));
    }

    #[test]
    fn index_is_the_position_in_all() {
        for (i, page) in CodePage::ALL.into_iter().enumerate() {
            assert_eq!(page.index(), i);
        }
    }

    #[test]
    fn names_parse_back() {
        for page in CodePage::ALL {
            assert_eq!(page.name().parse::<CodePage>(), Ok(page));
        }
    }
}
