//! UTF-8 read as a legacy encoding: one UTF-8 sequence read from a run's
//! re-encoded units, its lost bytes filled with the character the frequency
//! table clearly prefers among those that fit (tables built once), else
//! U+FFFD; a punctuation mark that is only a guess among several is
//! written only before a CJK character or, at a run's end, a space (else
//! weighed as the mark and written as U+FFFD).

use std::sync::OnceLock;

use super::plausibility;
use super::trigger::wide_sequence_len;
use super::utf8_runs::{is_continuation, Unit};

test_switch! {
    /// Tests: `false` decodes a whole three-byte sequence by the general
    /// path of `decode_sequence_before`, as before its shortcut.
    pub(super) fn whole_sequence_shortcut, static WHOLE_SEQUENCE_SHORTCUT = true
}

/// One UTF-8 sequence read from units.
pub(super) struct Sequence {
    /// The character, or U+FFFD when lost bytes leave it open; a guessed
    /// mark that is not written (`withheld`) is still here, as the
    /// weighing prices it.
    pub(super) c: char,
    /// Its length in bytes.
    pub(super) len: usize,
    /// Units taken.
    pub(super) consumed: usize,
    /// `c` is a punctuation mark that is only a guess ([`Fill::guess`])
    /// where no CJK character follows (nor a space at the run's end): the
    /// repair writes U+FFFD for it ([`Sequence::written`]), but weighs it
    /// as the mark, whose evidence (the same bytes) it is. Weighed as
    /// U+FFFD, a run ending in such a hole lost to a worse reading or to
    /// the garbled text (`创建一个新的数据库：` through GBK was
    /// `创建一�新的数鎹簱�`).
    pub(super) withheld: bool,
}

#[cfg(test)]
impl Sequence {
    /// The character the repair writes: `c`, or U+FFFD where withheld.
    pub(super) fn written(&self) -> char {
        if self.withheld {
            '\u{FFFD}'
        } else {
            self.c
        }
    }
}

/// Decodes one UTF-8 sequence at the start of `units`. Lost bytes are filled
/// with the one character the frequency table clearly prefers among those
/// that fit, or U+FFFD.
pub(super) fn decode_sequence(units: &[Unit]) -> Option<Sequence> {
    decode_sequence_before(units, false)
}

/// [`decode_sequence`], where `space_after` tells that a space follows the
/// last of `units` (a run's units end at ASCII): a punctuation mark that
/// is a guess ([`Fill::guess`]) is written before a CJK character (also
/// after one swallowed byte, see `cjk_follows`), and at the end of the
/// units before a space, as between the clauses of a sentence, not before
/// other ASCII (a quote, a bracket), the end of the line or other lost
/// bytes: there it is [`Sequence::withheld`], weighed as the mark and
/// written as U+FFFD. (`space_after` changes only what is written, never
/// the weighing.)
pub(super) fn decode_sequence_before(units: &[Unit], space_after: bool) -> Option<Sequence> {
    // A whole sequence of three bytes (most of CJK text) is decoded at
    // once: what the general path below makes of it, without the lost
    // bytes' bookkeeping (test `a_whole_sequence_decodes_as_the_general_path`).
    if let [Unit::Byte(b0 @ 0xE0..=0xEF), Unit::Byte(b1 @ 0x80..=0xBF), Unit::Byte(b2 @ 0x80..=0xBF), ..] =
        *units
    {
        if whole_sequence_shortcut() {
            return Some(Sequence {
                c: decode_one_sequence(&[b0, b1, b2])?,
                len: 3,
                consumed: 3,
                withheld: false,
            });
        }
    }
    let first = *units.first()?;
    // The sequence's units, with `None` for a byte lost or vanished.
    let mut bytes: [Option<u8>; 4] = [None; 4];
    let (len, mut consumed) = match first {
        Unit::Byte(b) if b < 0x80 => {
            return Some(Sequence {
                c: char::from(b),
                len: 1,
                consumed: 1,
                withheld: false,
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
                withheld: false,
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
    let mut withheld = false;
    let c = match unknown.count_ones() {
        0 => {
            let known = bytes.map(|b| b.unwrap_or(0));
            decode_one_sequence(&known[..len])?
        }
        1 | 2 => {
            let fill = fill_lost_cached(&bytes[..len], unknown);
            let next = units.get(consumed);
            withheld = fill.guess
                && !cjk_follows(units.get(consumed..).unwrap_or(&[]))
                && !(space_after && next.is_none());
            fill.c
        }
        _ => '\u{FFFD}',
    };
    Some(Sequence {
        c,
        len,
        consumed,
        withheld,
    })
}

/// Whether `rest`, the units after a sequence, open with a lead of a
/// sequence of three or four bytes (a CJK character), known or lost, also
/// after one lost single byte: the ASCII byte a Windows decoder swallowed
/// with the mark's last byte, mostly the space after a comma (`，` `8C` took
/// the space in `する， 使用する`; in shift_jis (windows) the `，` guessed
/// there was right 139 times, wrong 39).
fn cjk_follows(rest: &[Unit]) -> bool {
    let cjk = |u: Option<&Unit>| matches!(u, Some(Unit::Byte(0xE0..=0xF4) | Unit::LostLead(3 | 4)));
    cjk(rest.first()) || (matches!(rest.first(), Some(Unit::LostLead(1))) && cjk(rest.get(1)))
}

/// What lost bytes are filled with ([`fill_lost`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Fill {
    /// The character, or U+FFFD.
    pub(super) c: char,
    /// A punctuation mark that is clearly preferred over the next candidate
    /// but not over all the other marks together: a guess among marks, written
    /// only before a CJK character (see [`fill_lost`]).
    pub(super) guess: bool,
}

/// A table entry: the character, and bit 31 for [`Fill::guess`].
const GUESS_BIT: u32 = 1 << 31;

/// [`fill_lost`] for the unknown positions set in `mask`, from a table for
/// two- and three-byte sequences (built once, by `fill_lost` itself, for
/// every combination of known bytes: about 400,000 candidates). A
/// four-byte sequence is never filled ([`fill_lost`]).
pub(super) fn fill_lost_cached(bytes: &[Option<u8>], mask: u8) -> Fill {
    let len = bytes.len();
    if len == 4 {
        return Fill {
            c: '\u{FFFD}',
            guess: false,
        };
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
    let entry = table[index];
    Fill {
        c: char::from_u32(entry & !GUESS_BIT).unwrap_or('\u{FFFD}'),
        guess: entry & GUESS_BIT != 0,
    }
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
/// them), what [`fill_lost`] gives for each combination of the known bytes
/// (the character, with [`GUESS_BIT`]), indexed as [`fill_lost_cached`]
/// computes.
fn lost_tables() -> &'static [[Vec<u32>; 8]; 2] {
    static TABLES: OnceLock<[[Vec<u32>; 8]; 2]> = OnceLock::new();
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
                        let fill = fill_lost(&bytes[..len], &unknown);
                        fill.c as u32 | if fill.guess { GUESS_BIT } else { 0 }
                    })
                    .collect()
            })
        })
    })
}

/// Whether `c` is a letter (`char::is_alphabetic`), tested first on the
/// ranges that hold most candidates of a lost byte, all letters: Han
/// (U+3400–4DBF, U+4E00–9FFF) and Hangul syllables. (The tables test
/// millions of candidates when they are built.)
fn is_letter(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}')
        || c.is_alphabetic()
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
/// A punctuation mark (any character not a letter: fullwidth forms, CJK
/// and general punctuation) that is not also 16 times as common as all the
/// other marks that fit together is a guess ([`Fill::guess`]), written only
/// before a CJK character or, at a run's end, a space (elsewhere weighed as
/// the mark and written as U+FFFD: [`Sequence::withheld`]). Which mark ends a clause
/// depends on the sentence, not on how common the mark is: `EF BC` and a
/// lost byte is any of U+FF00–FF3F, where `，` is 16 times as common as
/// the next mark but only 74% of the block's marks in the clean corpora
/// (`（`, `）`, `：`, `；`, `？`, `！` follow), and at a string's end,
/// before a quote, a bracket or the line end, it is rarely a comma
/// (`"楠岃瘉鎴愬姛锛?}` is `"验证成功！"}`). On held-out synthesized
/// lines the `，` fills were right 85% of the time before a CJK
/// character, 5% before the line end, about 60% before other ASCII. A
/// mark that the surviving bytes determine (`EF ?? 88` is `（`: no other
/// mark fits) is no guess, and is written anywhere. Letters (Han, kana,
/// Hangul) are filled as before: right 97–99% of the time in every
/// context measured (see ARCHITECTURE.md, "Punctuation fills").
///
/// A four-byte sequence (a character outside the BMP) is never filled: the
/// frequency table holds no such character, so what would prefer one is
/// its class's price, not its frequency (an emoji costs 14 bits, the rare
/// Han of the other candidates 20: `A5 BF`, `正` in Big5, after two lost
/// bytes was read as `🥿`, F0 9F A5 BF).
pub(super) fn fill_lost(bytes: &[Option<u8>], unknown: &[usize]) -> Fill {
    let len = bytes.len();
    if len == 4 {
        return Fill {
            c: '\u{FFFD}',
            guess: false,
        };
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
    // The weights of the candidates that are marks (not letters), 2^-bits
    // in units of 2^-31, summed.
    let weight = |bits: u32| 1u64 << (31 - bits.min(31));
    let mut marks = 0u64;
    let mut consider = |buf: &[u8]| {
        let Some(c) = decode_one_sequence(buf) else {
            return;
        };
        let bits = plausibility::char_bits(c);
        if !is_letter(c) {
            marks += weight(bits);
        }
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
        Some((bits, c)) if second == u32::MAX || second >= bits + 4 => Fill {
            c,
            guess: !is_letter(c) && 16 * (marks - weight(bits)) > weight(bits),
        },
        _ => Fill {
            c: '\u{FFFD}',
            guess: false,
        },
    }
}
