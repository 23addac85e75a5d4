//! The legacy CJK encodings, as the WHATWG decoders (encoding_rs) read them,
//! with a character → bytes map for re-encoding mojibake.
//!
//! The maps are built once, lazily, by decoding every one- and two-byte
//! sequence; re-encoding a character that a decoder produced gives back the
//! bytes it came from (where two sequences decode to the same character, the
//! first in byte order is used).

use std::collections::HashMap;
use std::sync::OnceLock;

use encoding_rs::{Encoding, BIG5, EUC_JP, EUC_KR, GBK, SHIFT_JIS};

/// A legacy CJK encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Legacy {
    /// GBK (the WHATWG decoder is GB18030's; Windows code page 936).
    Gbk,
    /// Big5 (WHATWG's, with HKSCS; Windows code page 950 is a subset).
    Big5,
    /// Shift_JIS (WHATWG's, which is Windows code page 932).
    ShiftJis,
    /// EUC-JP.
    EucJp,
    /// EUC-KR (WHATWG's, which is Windows code page 949, UHC).
    EucKr,
}

impl Legacy {
    /// All of them, in the order repairs try them.
    pub const ALL: [Legacy; 5] = [
        Legacy::Gbk,
        Legacy::Big5,
        Legacy::ShiftJis,
        Legacy::EucJp,
        Legacy::EucKr,
    ];

    /// The lowercase name used in explanations.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Gbk => "gbk",
            Legacy::Big5 => "big5",
            Legacy::ShiftJis => "shift_jis",
            Legacy::EucJp => "euc-jp",
            Legacy::EucKr => "euc-kr",
        }
    }

    /// The encoding_rs encoding.
    pub fn encoding(self) -> &'static Encoding {
        match self {
            Legacy::Gbk => GBK,
            Legacy::Big5 => BIG5,
            Legacy::ShiftJis => SHIFT_JIS,
            Legacy::EucJp => EUC_JP,
            Legacy::EucKr => EUC_KR,
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The bytes of `c` (one or two), or `None` if the encoding has none.
    #[inline]
    pub fn encode_char(self, c: char) -> Option<Bytes> {
        if c.is_ascii() {
            return Some(Bytes::one(c as u8));
        }
        let cp = c as usize;
        if cp < 0x10000 {
            let code = maps()[self.index()].bmp[cp];
            return match code {
                0 => None,
                0x80..=0xFF => Some(Bytes::one(code as u8)),
                _ => Some(Bytes::two((code >> 8) as u8, code as u8)),
            };
        }
        maps()[self.index()].astral.get(&c).copied()
    }

    /// Encodes text, or `None` if some character has no bytes.
    pub fn encode(self, text: &str) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(text.len());
        for c in text.chars() {
            out.extend_from_slice(self.encode_char(c)?.as_slice());
        }
        Some(out)
    }

    /// The character one byte decodes to on its own, if any (Shift_JIS's
    /// halfwidth katakana, GBK's 0x80 euro sign).
    #[inline]
    pub fn decode_one(self, byte: u8) -> Option<char> {
        if byte < 0x80 {
            return Some(char::from(byte));
        }
        tables()[self.index()].single[usize::from(byte - 0x80)]
    }

    /// The character a two-byte sequence decodes to, if it decodes to one.
    #[inline]
    pub fn decode_two(self, lead: u8, trail: u8) -> Option<char> {
        if !(0x81..=0xFE).contains(&lead) || !(0x40..=0xFE).contains(&trail) {
            return None;
        }
        let table = &tables()[self.index()];
        let code = table.pairs[usize::from(lead - 0x81) * 191 + usize::from(trail - 0x40)];
        match code {
            0 => None,
            0xD800..=0xDFFF => Some(table.astral[usize::from(code - 0xD800)]),
            _ => char::from_u32(u32::from(code)),
        }
    }

    /// Whether the WHATWG decoder takes `byte` as the first of a multi-byte
    /// sequence (so that, when the pair is invalid, its error swallows a
    /// non-ASCII second byte as well).
    #[inline]
    pub fn is_lead(self, byte: u8) -> bool {
        match self {
            Legacy::Gbk | Legacy::Big5 | Legacy::EucKr => (0x81..=0xFE).contains(&byte),
            Legacy::ShiftJis => matches!(byte, 0x81..=0x9F | 0xE0..=0xFC),
            Legacy::EucJp => matches!(byte, 0x8E | 0x8F | 0xA1..=0xFE),
        }
    }

    /// Decodes strictly: `None` on any malformed or unmapped sequence.
    pub fn decode_strict(self, bytes: &[u8]) -> Option<String> {
        self.encoding()
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|c| c.into_owned())
    }

    /// The other bytes of `c` when text was normalized to NFC after the
    /// decoder: those of the CJK compatibility ideographs NFC turns into `c`
    /// (EUC-KR reads `EC A7` as U+F9DE, which NFC makes U+540F, whose own
    /// bytes are `D7 D9`). Empty for most characters.
    #[inline]
    pub fn nfc_twins(self, c: char) -> &'static [Bytes] {
        if !self.may_have_nfc_twins(c) {
            return &[];
        }
        twin_maps().1[self.index()]
            .get(&c)
            .map_or(&[], Vec::as_slice)
    }

    /// Whether the encoding may have [`Legacy::nfc_twins`] for `c`: only
    /// EUC-KR has any (see `twin_maps`), then a bit test before the map.
    #[inline]
    pub fn may_have_nfc_twins(self, c: char) -> bool {
        let cp = c as usize;
        self == Legacy::EucKr
            && (0x3400..0xA000).contains(&cp)
            && twin_maps().0[cp / 64] & (1 << (cp % 64)) != 0
    }
}

/// Per encoding, the unified ideographs that NFC makes of the compatibility
/// ideographs its decoder produces, with their bytes (EUC-KR's only).
/// Also, one bit per BMP character, those in any of them (the twins are
/// all CJK unified ideographs, U+3400–U+9FFF).
type TwinMaps = (Box<[u64; 1024]>, [HashMap<char, Vec<Bytes>>; 5]);

fn twin_maps() -> &'static TwinMaps {
    static TWINS: OnceLock<TwinMaps> = OnceLock::new();
    TWINS.get_or_init(|| {
        let maps = Legacy::ALL.map(|legacy| {
            let mut twins: HashMap<char, Vec<Bytes>> = HashMap::new();
            // Only EUC-KR's: KS X 1001 encodes 268 hanja a second time, for
            // their other readings, and its decoder gives compatibility
            // ideographs for them. The others' are vendor duplicates
            // (Shift_JIS's IBM rows, Big5's HKSCS) that UTF-8 read as them
            // seldom makes; with them, in a trial that also let twins start
            // runs, 19 rows of the damage report went down (to 0.43 points).
            if legacy != Legacy::EucKr {
                return twins;
            }
            for lead in 0x81..=0xFEu8 {
                for trail in 0x40..=0xFEu8 {
                    if let Some(unified) = legacy.decode_two(lead, trail).and_then(nfc_twin) {
                        twins
                            .entry(unified)
                            .or_default()
                            .push(Bytes::two(lead, trail));
                    }
                }
            }
            twins
        });
        let mut bits = Box::new([0u64; 1024]);
        for c in maps.iter().flat_map(HashMap::keys) {
            let cp = *c as usize;
            assert!(
                (0x3400..0xA000).contains(&cp),
                "a twin outside the CJK blocks"
            );
            bits[cp / 64] |= 1 << (cp % 64);
        }
        (bits, maps)
    })
}

/// The unified ideograph NFC turns a CJK compatibility ideograph into.
fn nfc_twin(c: char) -> Option<char> {
    if !matches!(c as u32, 0xF900..=0xFAFF | 0x2F800..=0x2FA1F) {
        return None;
    }
    let mut twin = None;
    let mut count = 0;
    unicode_normalization::char::decompose_canonical(c, |d| {
        twin = Some(d);
        count += 1;
    });
    twin.filter(|&d| count == 1 && d != c)
}

/// The one or two bytes of a character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bytes {
    bytes: [u8; 2],
    len: u8,
}

impl Bytes {
    pub(crate) fn one(b: u8) -> Bytes {
        Bytes {
            bytes: [b, 0],
            len: 1,
        }
    }

    pub(crate) fn two(a: u8, b: u8) -> Bytes {
        Bytes {
            bytes: [a, b],
            len: 2,
        }
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

/// Per encoding, every non-ASCII character its decoder produces from one or
/// two bytes, with those bytes: BMP characters in a direct table (the code
/// `lead << 8 | trail`, or the single byte; 0 for none), the few others
/// (HKSCS in Big5) in a map.
struct EncodeMap {
    bmp: Box<[u16]>,
    astral: HashMap<char, Bytes>,
}

fn maps() -> &'static [EncodeMap; 5] {
    static MAPS: OnceLock<[EncodeMap; 5]> = OnceLock::new();
    MAPS.get_or_init(|| Legacy::ALL.map(build_map))
}

/// Per encoding, what each single high byte and each two-byte sequence
/// (lead 81–FE, trail 40–FE) decodes to: a BMP code point, 0 for nothing,
/// or D800 + k for `astral[k]` (Big5's HKSCS characters outside the BMP).
/// Two bytes per pair keep the five tables small in the cache.
struct DecodeTable {
    single: [Option<char>; 128],
    pairs: Vec<u16>,
    astral: Vec<char>,
}

fn tables() -> &'static [DecodeTable; 5] {
    static TABLES: OnceLock<[DecodeTable; 5]> = OnceLock::new();
    TABLES.get_or_init(|| {
        Legacy::ALL.map(|legacy| {
            let mut single = [None; 128];
            for byte in 0x80..=0xFFu8 {
                single[usize::from(byte - 0x80)] = legacy
                    .decode_strict(&[byte])
                    .as_deref()
                    .and_then(single_char);
            }
            let mut pairs = vec![0u16; 126 * 191];
            let mut astral = Vec::new();
            for lead in 0x81..=0xFEu8 {
                for trail in 0x40..=0xFEu8 {
                    if let Some(c) = legacy
                        .decode_strict(&[lead, trail])
                        .as_deref()
                        .and_then(single_char)
                    {
                        let code = if (c as u32) < 0x10000 {
                            assert!(c != '\0');
                            c as u16
                        } else {
                            astral.push(c);
                            assert!(astral.len() <= 0x800, "astral characters fit D800–DFFF");
                            0xD800 + (astral.len() - 1) as u16
                        };
                        pairs[usize::from(lead - 0x81) * 191 + usize::from(trail - 0x40)] = code;
                    }
                }
            }
            DecodeTable {
                single,
                pairs,
                astral,
            }
        })
    })
}

fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

fn build_map(legacy: Legacy) -> EncodeMap {
    let mut bmp = vec![0u16; 0x10000].into_boxed_slice();
    let mut astral = HashMap::new();
    let mut add = |c: char, code: u16, bytes: Bytes| {
        let cp = c as usize;
        if cp < 0x10000 {
            if bmp[cp] == 0 {
                bmp[cp] = code;
            }
        } else {
            astral.entry(c).or_insert(bytes);
        }
    };
    for byte in 0x80..=0xFFu8 {
        if let Some(c) = legacy.decode_one(byte) {
            add(c, u16::from(byte), Bytes::one(byte));
        }
    }
    for lead in 0x81..=0xFEu8 {
        for trail in 0x40..=0xFEu8 {
            if let Some(c) = legacy.decode_two(lead, trail).filter(|c| !c.is_ascii()) {
                add(
                    c,
                    u16::from(lead) << 8 | u16::from(trail),
                    Bytes::two(lead, trail),
                );
            }
        }
    }
    EncodeMap { bmp, astral }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_encodings() {
        assert_eq!(
            Legacy::Gbk.encode("你好").as_deref(),
            Some(&b"\xc4\xe3\xba\xc3"[..])
        );
        assert_eq!(
            Legacy::Big5.encode("中文").as_deref(),
            Some(&b"\xa4\xa4\xa4\xe5"[..])
        );
        assert_eq!(
            Legacy::ShiftJis.encode("日本").as_deref(),
            Some(&b"\x93\xfa\x96\x7b"[..])
        );
        assert_eq!(
            Legacy::EucKr.encode("한국").as_deref(),
            Some(&b"\xc7\xd1\xb1\xb9"[..])
        );
        assert_eq!(Legacy::Gbk.encode("한"), None);
    }

    #[test]
    fn mojibake_of_utf8_reencodes_to_the_utf8_bytes() {
        for legacy in Legacy::ALL {
            for text in ["你好，世界", "日本語のテキスト", "한국어"] {
                let (garbled, _) = legacy
                    .encoding()
                    .decode_without_bom_handling(text.as_bytes());
                if garbled.contains('\u{FFFD}') {
                    continue;
                }
                assert_eq!(
                    legacy.encode(&garbled).as_deref(),
                    Some(text.as_bytes()),
                    "{legacy:?} {text}"
                );
            }
        }
    }
}
