//! What the reading of a single-byte run looks up, built once per legacy
//! encoding and page: pairs and single bytes with their bits, the fills of
//! lost and rejected bytes, and the steps out of each high byte; and what
//! the steps of a reading cost.

use std::sync::OnceLock;

use crate::mojibake::CodePage;

use super::legacy::Legacy;
use super::lost_bytes::{is_halfwidth, STEP_BREAK, STEP_CHAR, STEP_LOST};
use super::{plausibility, SINGLE_BYTE_PAGES};

/// `fill_rejected` over [`CodePage::lost_bytes`] for every byte, per legacy encoding
/// and page of `SINGLE_BYTE_PAGES` (built once): the character of a lead
/// byte whose trail was dropped (index: the byte), then of a trail byte
/// whose lead was dropped (256 + the byte), with what it costs a reading
/// (`char_bits` plus [`LOST_BYTE_BITS`]); `'\0'` where none decodes.
pub(super) fn lost_fills(legacy: Legacy, page: CodePage) -> &'static [(char, u32); 512] {
    static FILLS: OnceLock<Vec<[(char, u32); 512]>> = OnceLock::new();
    let tables = FILLS.get_or_init(|| {
        let mut tables = Vec::with_capacity(Legacy::ALL.len() * SINGLE_BYTE_PAGES.len());
        for l in Legacy::ALL {
            for page in SINGLE_BYTE_PAGES {
                let lost = page.lost_bytes();
                let mut t = [('\0', 0); 512];
                let priced =
                    |c: Option<char>| c.map_or(('\0', 0), |c| (c, read_bits(c) + LOST_BYTE_BITS));
                if !lost.is_empty() {
                    for b in 0x80..=0xFFu8 {
                        if l.is_lead(b) {
                            t[usize::from(b)] = priced(fill_rejected(l, Some(b), None, lost));
                        }
                    }
                    for b in 0..=0xFFu8 {
                        t[256 + usize::from(b)] = priced(fill_rejected(l, None, Some(b), lost));
                    }
                }
                tables.push(t);
            }
        }
        tables
    });
    let l = Legacy::ALL.iter().position(|&x| x == legacy).unwrap_or(0);
    let p = SINGLE_BYTE_PAGES
        .iter()
        .position(|&x| x == page)
        .unwrap_or(SINGLE_BYTE_PAGES.len() - 1);
    &tables[l * SINGLE_BYTE_PAGES.len() + p]
}

/// Per legacy encoding, built once: each pair `legacy.decode_two` reads
/// (index: `(lead - 81) * 191 + (trail - 40)`, lead 81–FE, trail 40–FE)
/// as its character and what it costs a reading ([`read_bits`]) in one
/// word: the character in the low 21 bits, the bits above; 0 for none.
/// (The reading's hot lookups: one load instead of a pair table's and a
/// cost table's, which both miss the cache.)
pub(super) fn priced_pairs(legacy: Legacy) -> &'static [u32] {
    static PAIRS: OnceLock<Vec<Vec<u32>>> = OnceLock::new();
    let tables = PAIRS.get_or_init(|| {
        Legacy::ALL
            .iter()
            .map(|&l| {
                let mut t = vec![0u32; 126 * 191];
                for lead in 0x81..=0xFEu8 {
                    for trail in 0x40..=0xFEu8 {
                        if let Some(c) = l.decode_two(lead, trail) {
                            let bits = read_bits(c);
                            debug_assert!(bits < 1 << 11);
                            t[usize::from(lead - 0x81) * 191 + usize::from(trail - 0x40)] =
                                u32::from(c) | bits << 21;
                        }
                    }
                }
                t
            })
            .collect()
    });
    &tables[legacy as usize]
}

/// Per legacy encoding, built once: what `legacy.decode_one` reads each
/// high byte as (index: the byte less 80) and what it costs a reading
/// ([`read_bits`]), packed as in [`priced_pairs`]; 0 for none.
pub(super) fn priced_singles(legacy: Legacy) -> &'static [u32; 128] {
    static SINGLES: OnceLock<Vec<[u32; 128]>> = OnceLock::new();
    let tables = SINGLES.get_or_init(|| {
        Legacy::ALL
            .iter()
            .map(|&l| {
                let mut t = [0u32; 128];
                for b in 0x80..=0xFFu8 {
                    if let Some(c) = l.decode_one(b) {
                        let bits = read_bits(c);
                        debug_assert!(bits < 1 << 11);
                        t[usize::from(b - 0x80)] = u32::from(c) | bits << 21;
                    }
                }
                t
            })
            .collect()
    });
    &tables[legacy as usize]
}

/// What a dropped byte costs a reading, in bits, besides the character it
/// leaves (U+FFFD, or a clear fill): lossless text never reads cheaper with
/// one (a whole pair of common characters is ~8–12 bits; splitting it
/// costs two of these), text out of phase after a lost lead does.
pub(super) const LOST_BYTE_BITS: u32 = 8;

/// What a U+FFFD costs a reading (as in the weighing).
pub(super) const HOLE_READ_BITS: u32 = 12;

/// What a halfwidth katakana after no other costs a reading, besides its
/// own bits: they come in runs, and one alone among other characters is
/// more likely the trail byte of a lost lead (`不ウ` is `不正`, `90 B3`).
pub(super) const HALFWIDTH_ALONE_BITS: u32 = 8;

/// What a high byte the reading cannot place costs it: more than any
/// character (it stays as it was, and cuts the span).
pub(super) const UNREAD_BITS: u32 = 32;

/// What a character costs a reading: `char_bits`, or
/// [`HOLE_READ_BITS`] for U+FFFD.
pub(super) fn read_bits(c: char) -> u32 {
    if c == '\u{FFFD}' {
        HOLE_READ_BITS
    } else {
        plausibility::char_bits(c)
    }
}

/// `fill_rejected` over the page's undefined bytes for every byte, per
/// legacy encoding and page of `SINGLE_BYTE_PAGES` (built once): the
/// character of a lead byte whose trail was rejected (index: the byte),
/// then of a trail byte whose lead was rejected (256 + the byte), with its
/// [`read_bits`]; `'\0'` where none decodes.
pub(super) fn rejected_fills(legacy: Legacy, p: usize) -> &'static [(char, u32); 512] {
    static FILLS: OnceLock<Vec<[(char, u32); 512]>> = OnceLock::new();
    let tables = FILLS.get_or_init(|| {
        let mut tables = Vec::with_capacity(Legacy::ALL.len() * SINGLE_BYTE_PAGES.len());
        for l in Legacy::ALL {
            for page in SINGLE_BYTE_PAGES {
                let options = page.undefined_bytes();
                let priced = |c: Option<char>| c.map_or(('\0', 0), |c| (c, read_bits(c)));
                let mut t = [('\0', 0); 512];
                for b in 0..=0xFFu8 {
                    t[usize::from(b)] = priced(fill_rejected(l, Some(b), None, options));
                    t[256 + usize::from(b)] = priced(fill_rejected(l, None, Some(b), options));
                }
                tables.push(t);
            }
        }
        tables
    });
    &tables[legacy as usize * SINGLE_BYTE_PAGES.len() + p]
}

/// The steps a reading may take out of a high byte to the next position,
/// whatever the cost there, per legacy encoding and page of
/// `SINGLE_BYTE_PAGES` (built once; see `read_by_table`): index `(byte
/// - 80) * 4 + 2 * pair + after_halfwidth`, where `pair` is whether the
/// byte and the next read as a pair and `after_halfwidth` whether the
/// reading's last character was a halfwidth katakana; the cheapest of the
/// character the byte reads as alone, the byte left unread, and the
/// characters of a lost lead or trail, as [`read_with_lost_bytes_in`] tries
/// them in turn (the first of equal costs), packed in one word (2 KB a
/// table): its bits over the cost so far above bit 23, the step's kind in
/// bits 21–22, its character below; `u32::MAX` for none.
pub(super) fn next_steps(legacy: Legacy, p: usize) -> &'static [u32; 512] {
    static STEPS: OnceLock<Vec<[u32; 512]>> = OnceLock::new();
    let tables = STEPS.get_or_init(|| {
        let mut tables = Vec::with_capacity(Legacy::ALL.len() * SINGLE_BYTE_PAGES.len());
        for legacy in Legacy::ALL {
            let kana = matches!(legacy, Legacy::ShiftJis | Legacy::EucJp);
            for page in SINGLE_BYTE_PAGES {
                let has_lost = !page.lost_bytes().is_empty();
                let may_leave = has_lost || !page.undefined_bytes().is_empty();
                let fills = lost_fills(legacy, page);
                let mut t = [u32::MAX; 512];
                for b in 0x80..=0xFFu8 {
                    for k in 0..4 {
                        let (pair, after_halfwidth) = (k & 2 != 0, k & 1 != 0);
                        let alone = |c: char| {
                            if kana && is_halfwidth(c) && !after_halfwidth {
                                HALFWIDTH_ALONE_BITS
                            } else {
                                0
                            }
                        };
                        let mut next = (u32::MAX, u32::MAX);
                        let mut offer = |cost: u32, c: char, kind: u8| {
                            assert!(cost < 1 << 9, "a step's bits fit in 9 bits");
                            if cost < next.0 {
                                next = (cost, cost << 23 | u32::from(kind) << 21 | u32::from(c));
                            }
                        };
                        let single = legacy.decode_one(b);
                        if let Some(c) = single {
                            offer(read_bits(c) + alone(c), c, STEP_CHAR);
                        }
                        if (single.is_none() && !pair) || may_leave {
                            offer(UNREAD_BITS, '\u{FFFD}', STEP_BREAK);
                        }
                        if has_lost {
                            for (c, add) in [fills[256 + usize::from(b)], fills[usize::from(b)]] {
                                if c != '\0' {
                                    offer(add + alone(c), c, STEP_LOST);
                                }
                            }
                        }
                        t[usize::from(b - 0x80) * 4 + k] = next.1;
                    }
                }
                tables.push(t);
            }
        }
        tables
    });
    &tables[legacy as usize * SINGLE_BYTE_PAGES.len() + p]
}

/// The character `legacy` makes of a lead and a trail byte, one of which a
/// strict single-byte decoder rejected (it is one of `options`, the page's
/// undefined bytes): the one the frequency table clearly prefers (by 4
/// bits) among those that decode, or U+FFFD; `None` when none decodes.
pub(super) fn fill_rejected(
    legacy: Legacy,
    lead: Option<u8>,
    trail: Option<u8>,
    options: &[u8],
) -> Option<char> {
    let mut fits = [(0u32, '\0'); 40];
    let mut n = 0;
    for c in options
        .iter()
        .filter_map(|&x| legacy.decode_two(lead.unwrap_or(x), trail.unwrap_or(x)))
    {
        fits[n] = (plausibility::char_bits(c), c);
        n += 1;
    }
    let fits = &mut fits[..n];
    fits.sort_unstable();
    match &*fits {
        [] => None,
        [(_, c)] => Some(*c),
        [(best, c), (next, _), ..] => Some(if *next >= best + 4 { *c } else { '\u{FFFD}' }),
    }
}
