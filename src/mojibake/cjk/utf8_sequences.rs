//! UTF-8 read as a legacy encoding: one UTF-8 sequence read from a run's
//! re-encoded units, its lost bytes filled with the character the frequency
//! table clearly prefers among those that fit (tables built once), else
//! U+FFFD.

use std::sync::OnceLock;

use super::plausibility;
use super::trigger::wide_sequence_len;
use super::utf8_runs::{is_continuation, Unit};

/// One UTF-8 sequence read from units.
pub(super) struct Sequence {
    /// The character, or U+FFFD when lost bytes leave it open.
    pub(super) c: char,
    /// Its length in bytes.
    pub(super) len: usize,
    /// Units taken.
    pub(super) consumed: usize,
}

/// Decodes one UTF-8 sequence at the start of `units`. Lost bytes are filled
/// with the one character the frequency table clearly prefers among those
/// that fit, or U+FFFD.
pub(super) fn decode_sequence(units: &[Unit]) -> Option<Sequence> {
    let first = *units.first()?;
    // The sequence's units, with `None` for a byte lost or vanished.
    let mut bytes: [Option<u8>; 4] = [None; 4];
    let (len, mut consumed) = match first {
        Unit::Byte(b) if b < 0x80 => {
            return Some(Sequence {
                c: char::from(b),
                len: 1,
                consumed: 1,
            })
        }
        Unit::Byte(b) if !is_continuation(first) => {
            bytes[0] = Some(b);
            (wide_or_two(b)?, 1)
        }
        Unit::LostLead(len) if (2..=4).contains(&len) => (usize::from(len), 1),
        // Lost bytes that lead to nothing: they stay a hole.
        Unit::LostLead(_) | Unit::LostCont | Unit::Hole | Unit::Marker => {
            return Some(Sequence {
                c: '\u{FFFD}',
                len: 1,
                consumed: 1,
            })
        }
        Unit::Byte(_) => return None,
    };
    for slot in bytes.iter_mut().take(len).skip(1) {
        match units.get(consumed) {
            Some(&Unit::Byte(b)) if (0x80..=0xBF).contains(&b) => {
                *slot = Some(b);
                consumed += 1;
            }
            Some(Unit::LostCont) => consumed += 1,
            _ => return None,
        }
    }
    let mut unknown = 0u8; // bit p: byte p lost
    for (p, b) in bytes[..len].iter().enumerate() {
        unknown |= u8::from(b.is_none()) << p;
    }
    let c = match unknown.count_ones() {
        0 => {
            let known = bytes.map(|b| b.unwrap_or(0));
            decode_one_sequence(&known[..len])?
        }
        1 | 2 => fill_lost_cached(&bytes[..len], unknown),
        _ => '\u{FFFD}',
    };
    Some(Sequence { c, len, consumed })
}

/// [`fill_lost`] for the unknown positions set in `mask`, from a table for
/// two- and three-byte sequences (built once, by `fill_lost` itself, for
/// every combination of known bytes: about 400,000 candidates). A
/// four-byte sequence is never filled ([`fill_lost`]).
pub(super) fn fill_lost_cached(bytes: &[Option<u8>], mask: u8) -> char {
    let len = bytes.len();
    if len == 4 {
        return '\u{FFFD}';
    }
    let tables = lost_tables();
    let table = &tables[len - 2][usize::from(mask)];
    let mut index = 0;
    for (p, b) in bytes.iter().enumerate() {
        if let Some(b) = *b {
            let (radix, value) = lost_field(len, p, b);
            index = index * radix + value;
        }
    }
    table[index]
}

/// The number of values a known byte at position `p` of a `len`-byte
/// sequence can take, and the value of `b` among them.
fn lost_field(len: usize, p: usize, b: u8) -> (usize, usize) {
    match (p, len) {
        (0, 2) => (30, usize::from(b - 0xC2)),
        (0, _) => (16, usize::from(b - 0xE0)),
        _ => (64, usize::from(b - 0x80)),
    }
}

/// Per sequence length (2, 3) and mask of lost positions (one or two of
/// them), what [`fill_lost`] gives for each combination of the known bytes,
/// indexed as [`fill_lost_cached`] computes.
fn lost_tables() -> &'static [[Vec<char>; 8]; 2] {
    static TABLES: OnceLock<[[Vec<char>; 8]; 2]> = OnceLock::new();
    TABLES.get_or_init(|| {
        std::array::from_fn(|l| {
            let len = l + 2;
            std::array::from_fn(|mask| {
                let unknown: Vec<usize> = (0..len).filter(|&p| mask & (1 << p) != 0).collect();
                if mask >= 1 << len || unknown.is_empty() || unknown.len() > 2 {
                    return Vec::new();
                }
                let known: Vec<usize> = (0..len).filter(|&p| mask & (1 << p) == 0).collect();
                let first = |p: usize| {
                    if p == 0 {
                        if len == 2 {
                            0xC2
                        } else {
                            0xE0
                        }
                    } else {
                        0x80
                    }
                };
                let size: usize = known
                    .iter()
                    .map(|&p| lost_field(len, p, first(p)).0)
                    .product();
                (0..size)
                    .map(|mut index| {
                        let mut bytes: [Option<u8>; 3] = [None; 3];
                        for &p in known.iter().rev() {
                            let radix = lost_field(len, p, first(p)).0;
                            bytes[p] = Some(first(p) + (index % radix) as u8);
                            index /= radix;
                        }
                        fill_lost(&bytes[..len], &unknown)
                    })
                    .collect()
            })
        })
    })
}

/// The length of a sequence led by `lead`: a wide one, or two bytes.
pub(super) fn wide_or_two(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        _ => wide_sequence_len(lead),
    }
}

/// The character of one whole UTF-8 sequence of 2 to 4 bytes (lead and
/// continuation bytes already in range), or `None` for an overlong form, a
/// surrogate or a code point past U+10FFFF: `str::from_utf8`'s checks,
/// done by arithmetic for the thousands of candidates of a lost byte.
pub(super) fn decode_one_sequence(b: &[u8]) -> Option<char> {
    let cont = |i: usize| u32::from(b[i] & 0x3F);
    let cp = match b.len() {
        2 => u32::from(b[0] & 0x1F) << 6 | cont(1),
        3 => u32::from(b[0] & 0x0F) << 12 | cont(1) << 6 | cont(2),
        4 => u32::from(b[0] & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3),
        _ => return None,
    };
    let shortest = match b.len() {
        2 => 0x80,
        3 => 0x800,
        _ => 0x10000,
    };
    if cp < shortest {
        return None;
    }
    char::from_u32(cp)
}

/// The character that the frequency table clearly prefers (by 4 bits, 16
/// times as common) among those that fit `bytes` with its `unknown`
/// positions filled, or U+FFFD.
///
/// A four-byte sequence (a character outside the BMP) is never filled: the
/// frequency table holds no such character, so what would prefer one is
/// its class's price, not its frequency (an emoji costs 14 bits, the rare
/// Han of the other candidates 20: `A5 BF`, `正` in Big5, after two lost
/// bytes was read as `🥿`, F0 9F A5 BF).
pub(super) fn fill_lost(bytes: &[Option<u8>], unknown: &[usize]) -> char {
    let len = bytes.len();
    if len == 4 {
        return '\u{FFFD}';
    }
    let range = |p: usize| -> std::ops::RangeInclusive<u8> {
        match (p, len) {
            (0, 2) => 0xC2..=0xDF,
            (0, 3) => 0xE0..=0xEF,
            (0, _) => 0xF0..=0xF0,
            _ => 0x80..=0xBF,
        }
    };
    let mut buf = [0u8; 4];
    for (b, known) in buf.iter_mut().zip(bytes) {
        *b = known.unwrap_or(0x80);
    }
    let mut best: Option<(u32, char)> = None;
    let mut second = u32::MAX;
    let mut consider = |buf: &[u8]| {
        let Some(c) = decode_one_sequence(buf) else {
            return;
        };
        let bits = plausibility::char_bits(c);
        match best {
            Some((best_bits, _)) if bits >= best_bits => second = second.min(bits),
            _ => {
                second = best.map_or(second, |(b, _)| b.min(second));
                best = Some((bits, c));
            }
        }
    };
    for x in range(unknown[0]) {
        buf[unknown[0]] = x;
        match unknown.get(1) {
            None => consider(&buf[..len]),
            Some(&q) => {
                for y in range(q) {
                    buf[q] = y;
                    consider(&buf[..len]);
                }
            }
        }
    }
    match best {
        Some((bits, c)) if second == u32::MAX || second >= bits + 4 => c,
        _ => '\u{FFFD}',
    }
}
