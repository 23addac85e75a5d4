//! A legacy CJK encoding read as a single-byte code page: each run read
//! with each legacy encoding (a decisive reading settles the run), cut into
//! spans and proposed; and what marks text as the Latin-family repair's
//! instead (UTF-8 through a page, as a whole or byte by byte).

use crate::mojibake::CodePage;

use super::chain::Chain;
use super::glued_ascii::lost_run_trails;
use super::legacy::Legacy;
use super::lost_bytes::{read_with_lost_bytes, LostScratch, STEP_BREAK, STEP_CHAR, STEP_LOST};
use super::proposals::Proposal;
use super::reading_tables::{priced_pairs, priced_singles};
use super::single_byte_runs::{PageRuns, REJECTED};
use super::utf8_sequences::decode_one_sequence;
use super::SINGLE_BYTE_PAGES;

/// Candidates for legacy CJK bytes that were read as the single-byte
/// `page` (an index of `SINGLE_BYTE_PAGES`): each of its runs (see
/// [`single_byte_runs`]) is decoded with each legacy encoding. When no run
/// has half as many high bytes as `best` (the longest span found so far, in
/// non-ASCII characters) and `best` is over 4, none of the page's spans
/// would be weighed (see `fix_wide_sequences`), so none is decoded.
///
/// [`single_byte_runs`]: super::single_byte_runs::single_byte_runs
pub(super) fn single_byte_read_as(
    chars: &[char],
    runs: &PageRuns,
    p: usize,
    best: usize,
    arena: &mut Vec<char>,
    out: &mut Vec<Proposal>,
    scratch: &mut ReadScratch,
) {
    let decode = || {
        runs.runs
            .iter()
            .filter(move |r| r.page == p && !r.repeated && !r.dominated)
    };
    let most_high = decode()
        .map(|r| {
            runs.codes[r.start..r.end]
                .iter()
                .filter(|c| c[p] as u8 >= 0x80)
                .count()
        })
        .max()
        .unwrap_or(0);
    if best > 4 && 2 * most_high < best {
        return;
    }
    let ReadScratch {
        bytes,
        rejected,
        cover,
        dp,
        utf8_in_1252,
        unsettled,
    } = scratch;
    for run in decode() {
        bytes.clear();
        rejected.clear();
        for c in &runs.codes[run.start..run.end] {
            bytes.push(c[p] as u8);
            rejected.push(c[p] & REJECTED != 0);
        }
        // UTF-8 read as windows-1252 (or read so twice) is the commonest
        // mojibake of all: characters that are such UTF-8 through
        // windows-1252 count as UTF-8-like through any page.
        utf8_coverage(bytes, cover);
        for (c, &w) in cover.iter_mut().zip(&utf8_in_1252[run.start..]) {
            *c |= w;
        }
        let run = SingleByteRun {
            start: run.start,
            bytes,
            rejected,
            page: SINGLE_BYTE_PAGES[p],
            utf8_cover: cover,
        };
        // A decisive reading (see [`is_decisive`]) is the run's: the
        // encodings after it are not read, and those before it lose
        // their proposals for the run.
        // (A run holding a byte the page rejected is not lossless.)
        // A run that looks like Hangul in EUC-KR is read with EUC-KR first:
        // as only one reading is ever decisive, that changes nothing but
        // the time when it is, and when it is not its proposals are moved
        // back behind the others' (the order of `Legacy::ALL`).
        let run_from = out.len();
        let rejected_any = run.rejected.contains(&true);
        let hangul = !rejected_any && looks_like_hangul(run.bytes);
        let order = reading_order(hangul);
        // The chain-first gate: where one encoding's cheap reading of the
        // run is far ahead of the others', the run is read with it alone
        // (and, when the page rejected a byte, with the runner-up too).
        // (Not asked for a run with few high bytes, or with high bytes in
        // fewer than one character in three (Latin text: Turkish through
        // windows-1254), nor for one of UTF-8 through the page, mostly:
        // Latin-family mojibake, whose readings all lose.)
        let (mut high, mut in_utf8) = (0, 0);
        for (&b, &c) in run.bytes.iter().zip(run.utf8_cover.iter()) {
            high += usize::from(b >= 0x80);
            in_utf8 += usize::from(c);
        }
        let gated = if high < 2 * GATE_CHARS as usize
            || 3 * high < run.bytes.len()
            || in_utf8 * 5 >= high * 4
        {
            None
        } else {
            gate_reading(run.bytes, run.rejected, order)
        };

        let order = order.into_iter().filter(|&l| {
            gated.map_or(true, |[first, second]| {
                l == first || (rejected_any && l == second)
            })
        });
        let mut read_first = None;
        let mut settled = false;
        for (i, legacy) in order.enumerate() {
            let from = out.len();
            decode_legacy_spans(chars, &run, legacy, dp, arena, out);
            if !rejected_any && is_decisive(legacy, dp, run.bytes.len()) {
                out.drain(run_from..from);
                read_first = None;
                settled = true;
                break;
            }
            if hangul && i == 0 {
                read_first = Some(out.len() - from);
            }
        }
        if let Some(n) = read_first {
            out[run_from..].rotate_left(n);
        }
        *unsettled += usize::from(!settled && out.len() > run_from);
    }
}

test_switch! {
    /// Tests: `false` reads every run with every encoding, as before the
    /// chain-first gate (`gate_reading`).
    pub(super) fn chain_first_gate, static CHAIN_FIRST_GATE = true
}

test_switch! {
    /// Tests: `false` reads every encoding of the chain-first gate up to
    /// the runner-up's cost, as before the margin's cap (`gate_reading`),
    /// also where the page rejected no byte.
    pub(super) fn gate_margin_cap, static GATE_MARGIN_CAP = true
}

/// The chain-first gate's cheapest reading needs at least this many
/// non-ASCII characters ...
const GATE_CHARS: u32 = 4;
/// ... at most this many tenths of a bit each on average ...
const GATE_TENTHS: u32 = 120;
/// ... and must beat every other encoding's by this many bits, and by two a
/// character.
const GATE_MARGIN: u32 = 32;
/// What a high byte that reads as nothing costs a cheap reading (more than
/// any character).
const GATE_UNREAD_BITS: u32 = 24;

/// The chain-first gate for a run of single-byte bytes (`rejected`: the
/// bytes the page rejected): each encoding's cheap strict reading of the
/// run ([`quick_reading`]), in `order`. When the cheapest has at least
/// [`GATE_CHARS`] non-ASCII characters, at most [`GATE_TENTHS`] tenths of a
/// bit each, no kana outside Shift_JIS (GBK and EUC-JP put kana at the same
/// bytes), and beats every other reading by [`GATE_MARGIN`] bits and by two
/// a character, it and the runner-up are returned; `None` (the run read
/// with every encoding) otherwise. Where the page rejected no byte the
/// runner-up is not read (`single_byte_read_as` reads it only where it
/// did), and the second result is then any encoding.
pub(super) fn gate_reading(
    bytes: &[u8],
    rejected: &[bool],
    order: [Legacy; 5],
) -> Option<[Legacy; 2]> {
    if !chain_first_gate() {
        return None;
    }
    let runner_up_needed = !gate_margin_cap() || rejected.contains(&true);
    let mut best: Option<(Legacy, QuickReading)> = None;
    let mut second = u32::MAX;
    let mut second_legacy = order[0];
    for legacy in order {
        // (A reading dearer than the second best so far matters no more:
        // the runner-up, read too where the page rejected a byte, is the
        // true one. Where no byte was rejected the runner-up is not
        // needed, only whether every other reading is behind the cheapest
        // by the margin: a reading past the cheapest so far by its margin
        // is stopped there too. It cannot become the cheapest, nor the
        // second where that is under the margin: the cheapest so far is
        // read whole, and stays below it.)
        let cap = match best {
            Some((_, b)) if !runner_up_needed => {
                second.min(b.bits.saturating_add(GATE_MARGIN.max(2 * b.chars)))
            }
            _ => second,
        };
        let q = quick_reading(bytes, rejected, legacy, cap);
        match best {
            Some((_, b)) if q.bits >= b.bits => {
                if q.bits < second {
                    second = q.bits;
                    second_legacy = legacy;
                }
            }
            _ => {
                if let Some((l, b)) = best {
                    second = b.bits;
                    second_legacy = l;
                }
                best = Some((legacy, q));
            }
        }
    }
    let (legacy, q) = best?;
    let clear = q.chars >= GATE_CHARS
        && !(q.kana && legacy != Legacy::ShiftJis)
        && q.bits * 10 <= GATE_TENTHS * q.chars
        && second.saturating_sub(q.bits) >= GATE_MARGIN.max(2 * q.chars);
    clear.then_some([legacy, second_legacy])
}

/// A cheap strict reading's score (see [`quick_reading`]).
#[derive(Clone, Copy, Default)]
struct QuickReading {
    /// Bits of the characters read and of the bytes left unread.
    bits: u32,
    /// Non-ASCII characters read.
    chars: u32,
    /// Whether a kana was read.
    kana: bool,
}

/// The run read strictly with `legacy`, one or two bytes a character, in
/// stretches between the bytes the page rejected (lost bytes, the same for
/// every encoding); each stretch from its first byte and from its second
/// (the first a trail whose lead was lost), the cheaper taken; the
/// characters priced as the full reading prices them (`priced_pairs`), a
/// high byte that reads as nothing [`GATE_UNREAD_BITS`]. Stops once over
/// `cap` bits.
fn quick_reading(bytes: &[u8], rejected: &[bool], legacy: Legacy, cap: u32) -> QuickReading {
    let pairs = priced_pairs(legacy);
    let singles = priced_singles(legacy);
    let mut total = QuickReading::default();
    let mut start = 0;
    while start < bytes.len() && total.bits <= cap {
        let end = rejected[start..]
            .iter()
            .position(|&r| r)
            .map_or(bytes.len(), |k| start + k);
        let stretch = &bytes[start..end];
        let left = cap - total.bits;
        let a = quick_stretch(stretch, legacy, pairs, singles, left);
        let q = match stretch.first() {
            Some(&f) if start > 0 && f >= 0x80 => {
                let b = quick_stretch(&stretch[1..], legacy, pairs, singles, left.min(a.bits));
                if b.bits < a.bits {
                    b
                } else {
                    a
                }
            }
            _ => a,
        };
        total.bits += q.bits;
        total.chars += q.chars;
        total.kana |= q.kana;
        start = end + 1;
    }
    total
}

/// [`quick_reading`] of one stretch, from its first byte; stops once over
/// `cap` bits.
fn quick_stretch(
    bytes: &[u8],
    legacy: Legacy,
    pairs: &[u32],
    singles: &[u32; 128],
    cap: u32,
) -> QuickReading {
    let mut q = QuickReading::default();
    let mut i = 0;
    while i < bytes.len() && q.bits <= cap {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let (entry, n) = if legacy.is_lead(b) {
            match bytes.get(i + 1) {
                // A lead at the end of the stretch: its trail was lost.
                None => break,
                Some(&t) if (0x40..=0xFE).contains(&t) => (
                    pairs[usize::from(b - 0x81) * 191 + usize::from(t - 0x40)],
                    2,
                ),
                Some(_) => (0, 2),
            }
        } else {
            (singles[usize::from(b - 0x80)], 1)
        };
        if entry == 0 {
            q.bits += GATE_UNREAD_BITS;
            i += 1;
            continue;
        }
        let c = entry & 0x1F_FFFF;
        q.bits += entry >> 21;
        q.chars += 1;
        q.kana |= (0x3040..=0x30FF).contains(&c);
        i += n;
    }
    q
}

/// Whether `bytes` are at least [`DECISIVE_CHARS`] pairs of EUC-KR's
/// Hangul rows (lead `B0`–`C8`, trail `A1`–`FE`) and ASCII.
pub(super) fn looks_like_hangul(bytes: &[u8]) -> bool {
    let mut pairs = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let trail = bytes.get(i + 1).copied().unwrap_or(0);
        if !(0xB0..=0xC8).contains(&b) || !(0xA1..=0xFE).contains(&trail) {
            return false;
        }
        pairs += 1;
        i += 2;
    }
    pairs >= DECISIVE_CHARS
}

/// A decisive reading needs at least this many non-ASCII characters.
pub(super) const DECISIVE_CHARS: usize = 8;

/// ... and at most this many bits per non-ASCII character, in tenths.
pub(super) const DECISIVE_TENTHS: u32 = 110;

/// Whether the reading in `dp` (of a run of `n` bytes) settles the run for
/// `legacy`: lossless (every high byte read as a whole character, no
/// U+FFFD, nothing lost or left unread), at least [`DECISIVE_CHARS`]
/// non-ASCII characters and at most 11 bits a character by `char_bits`.
/// Text read with the wrong EUC-family encoding is lossless too, but costs
/// more: on 4,300 lines of every language stored in its own and in other
/// legacy encodings and read as windows-1252 and Latin-1, no wrong reading
/// of 8 characters or more cost under 11.7 bits a character, and the right
/// one was decisive in 2,697 of the 19,803 runs. A reading with kana is not
/// decisive (outside Shift_JIS): GB2312 and JIS X 0208 put hiragana and
/// katakana at the same bytes, and the language prior chooses between GBK
/// and EUC-JP there.
fn is_decisive(legacy: Legacy, dp: &LostScratch, n: usize) -> bool {
    let mut non_ascii = 0;
    for &(_, c, kind) in &dp.path {
        if c.is_ascii() && kind == STEP_BREAK {
            continue;
        }
        if kind != STEP_CHAR
            || c == '\u{FFFD}'
            || (legacy != Legacy::ShiftJis && ('\u{3040}'..='\u{30FF}').contains(&c))
        {
            return false;
        }
        non_ascii += usize::from(!c.is_ascii());
    }
    non_ascii >= DECISIVE_CHARS && dp.cost[n] * 10 <= DECISIVE_TENTHS * non_ascii as u32
}

/// Whether a single-byte code page turns `text` back into UTF-8 as a whole
/// (non-ASCII): such text is the Latin-family repair's to undo, not the
/// single-byte direction's.
pub(super) fn whole_is_utf8(text: &str) -> bool {
    let mut buf = Vec::with_capacity(text.len());
    CodePage::ALL.iter().any(|page| {
        buf.clear();
        // Continuation bytes due: a byte that breaks the structure ends
        // the test early (`from_utf8` has the last word).
        let mut due = 0u8;
        for c in text.chars() {
            let Some(b) = page.encode_char(c) else {
                return false;
            };
            due = match (due, b) {
                (0, 0x00..=0x7F) => 0,
                (0, 0xC2..=0xDF) => 1,
                (0, 0xE0..=0xEF) => 2,
                (0, 0xF0..=0xF4) => 3,
                (1.., 0x80..=0xBF) => due - 1,
                _ => return false,
            };
            buf.push(b);
        }
        std::str::from_utf8(&buf).is_ok_and(|s| !s.is_ascii())
    })
}

/// The order in which the legacy encodings read single-byte text:
/// `Legacy::ALL`, or EUC-KR first for Hangul-looking bytes
/// ([`looks_like_hangul`]).
pub(super) fn reading_order(hangul: bool) -> [Legacy; 5] {
    if hangul {
        [
            Legacy::EucKr,
            Legacy::Gbk,
            Legacy::Big5,
            Legacy::ShiftJis,
            Legacy::EucJp,
        ]
    } else {
        Legacy::ALL
    }
}

/// Buffers of [`single_byte_read_as`], kept across runs and lines.
#[derive(Default)]
pub(super) struct ReadScratch {
    bytes: Vec<u8>,
    rejected: Vec<bool>,
    cover: Vec<bool>,
    dp: LostScratch,
    /// Per character of the line: UTF-8 through windows-1252 (see
    /// `repair_line`).
    pub(super) utf8_in_1252: Vec<bool>,
    /// The line's runs that proposed spans without a decisive reading.
    pub(super) unsettled: usize,
}

/// Finds stretches of single-byte-page bytes (one per garbled character)
/// that decode with `legacy`, trimmed to their non-ASCII core: the spans of
/// the run's cheapest reading (see [`read_with_lost_bytes`]).
fn decode_legacy_spans(
    chars: &[char],
    run: &SingleByteRun,
    legacy: Legacy,
    dp: &mut LostScratch,
    arena: &mut Vec<char>,
    out: &mut Vec<Proposal>,
) {
    let SingleByteRun {
        start: run_start,
        bytes,
        rejected,
        page,
        utf8_cover,
    } = *run;
    read_with_lost_bytes(chars, run, legacy, dp);
    lost_run_trails(bytes, rejected.contains(&true), page, legacy, &mut dp.path);
    // The reading in order, cut into spans where it passes ASCII by or
    // leaves a byte unread.
    let mut p = 0;
    while p < dp.path.len() {
        let (from, _, kind) = dp.path[p];
        if kind == STEP_BREAK {
            p += 1;
            continue;
        }
        let base = arena.len();
        let (mut lost, mut non_ascii, mut holes) = (0, 0, 0);
        let mut q = p;
        while q < dp.path.len() && dp.path[q].2 != STEP_BREAK {
            let c = dp.path[q].1;
            arena.push(c);
            non_ascii += usize::from(!c.is_ascii());
            holes += usize::from(c == '\u{FFFD}');
            lost += u32::from(dp.path[q].2 == STEP_LOST);
            q += 1;
        }
        let (start, end) = (from, dp.path.get(q).map_or(bytes.len(), |s| s.0));
        let good_len = arena.len();
        if non_ascii == 0 {
            arena.truncate(base);
            p = q;
            continue;
        }
        // Characters that this code page turns into mostly valid multi-byte
        // UTF-8 are UTF-8 read with it: the Latin-family repair's case.
        let high = bytes[start..end].iter().filter(|&&b| b >= 0x80).count();
        let in_utf8 = utf8_cover[start..end].iter().filter(|&&c| c).count();
        let utf8_like = in_utf8 * 5 >= high * 4;
        out.push(Proposal {
            start: run_start + start,
            end: run_start + end,
            repaired: base..good_len,
            chain: Chain::LegacyReadAs(legacy, page),
            utf8_like,
            lost,
            non_ascii,
            holes,
        });
        p = q;
    }
}

/// A run of characters that a single-byte code page encodes, as its bytes.
pub(super) struct SingleByteRun<'a> {
    /// Where it starts in the line's characters.
    pub(super) start: usize,
    pub(super) bytes: &'a [u8],
    /// Per byte: a U+FFFD for a byte the page's strict decoder rejected
    /// (the byte is then a placeholder).
    pub(super) rejected: &'a [bool],
    pub(super) page: CodePage,
    /// Per byte: part of UTF-8 (see [`utf8_coverage`]).
    pub(super) utf8_cover: &'a [bool],
}

/// For each byte, whether it belongs to a valid multi-byte UTF-8 sequence
/// (scanning from the start, resynchronizing after an invalid byte) that
/// text holds: a two-byte one must be a Latin, modern Greek or basic
/// Cyrillic letter, a Latin-1 symbol or a C1 control (UTF-8 read as
/// windows-1252 twice holds those). Legacy CJK bytes form other two-byte
/// sequences by chance (EUC-JP katakana `A5 CF A5 AF` holds `CF A5`, a
/// Coptic letter), and are not UTF-8 read as a code page.
pub(super) fn utf8_coverage(bytes: &[u8], cover: &mut Vec<bool>) {
    cover.clear();
    cover.resize(bytes.len(), false);
    let mut i = 0;
    while i < bytes.len() {
        let len = match bytes[i] {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => {
                i += 1;
                continue;
            }
        };
        // (`from_utf8`'s verdict on the sequence, by arithmetic.)
        let decoded = bytes
            .get(i..i + len)
            .filter(|b| b[1..].iter().all(|&c| (0x80..=0xBF).contains(&c)))
            .and_then(decode_one_sequence);
        match decoded {
            Some(c)
                if len > 2
                    || matches!(c, '\u{80}'..='\u{2FF}' | '\u{370}'..='\u{3CE}' | '\u{400}'..='\u{45F}') =>
            {
                cover[i..i + len].iter_mut().for_each(|c| *c = true);
                i += len;
            }
            _ => i += 1,
        }
    }
}
