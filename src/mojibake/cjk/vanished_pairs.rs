//! UTF-8 read as GBK where a pair of GBK's user-defined area vanished
//! (issue 3).
//!
//! Windows code page 936 and encoding_rs read GBK's user-defined pairs
//! (leads AA–AF and F8–FE, trails A1–FE) as private-use characters; fonts
//! show nothing for them and clean-ups strip them, so the two bytes vanish
//! without a trace ([`crate::damage::Chain::Utf8ReadVanishing`]).
//! `这是第一次` in UTF-8 read as GBK: `E7AC` is `绗`, `AC E4` (the last
//! byte of 第, the lead of 一) vanished, `B880` is `竴`. The re-encoded
//! bytes `E7 AC B8 80` read as `笸` and a stray `80`.
//!
//! Where a sequence breaks in [`super::utf8_runs::decode_utf8_spans`] after the span
//! decoded something, [`explain`] puts such a pair at a character boundary
//! of the garbled text near the break (the pair was one garbled
//! character), fills its two bytes as [`super::utf8_sequences::fill_lost`] fills lost bytes
//! (the candidate the frequency table clearly prefers, by 4 bits, among
//! those the pair's byte ranges allow, else U+FFFD), and keeps that
//! reading where its characters cost fewer bits than what the span would
//! do there otherwise: bridge the break with U+FFFD (12 bits) after the
//! character decoded just before it, and go on to the same place. Both
//! readings suppose bytes that vanished, so neither pays for that here
//! (charging the pair 8 bits there measured worse in a first version: of
//! the zh-Hans corpus
//! lines where only vanished pairs lose bytes, those repaired as well as
//! they can be went from 449 to 181 of 654); where the span cannot bridge
//! the break (it would end there), a reading that brings back every
//! character is kept. A reading that brings back no character (every fill
//! U+FFFD: `可执` for `鍙墽`, where `叉�` was read) is a bridge of its own
//! kind in the span: the span may not end right after it, and the span
//! after it is proposed as after a bridge (`項。鏂囦欢`: `ED 97` and a pair
//! read as two U+FFFD, and `項。文件` wins). The span's weighing against
//! the garbled text then charges each vanished pair 8 bits
//! ([`super::proposals::Proposal::lost`], one vanished character, as for a byte
//! dropped after a single-byte read).
//!
//! Shift_JIS has such pairs too (leads F0–F9, private use in code page 932
//! and encoding_rs), but UTF-8 makes one only of a four-byte sequence's
//! first two bytes (F0 and 90–BF), and Big5's WHATWG decoder has none (code
//! page 950 maps its user-defined areas to private use, the simulation's
//! Big5 does not); neither is modeled.

use super::legacy::Legacy;
use super::plausibility::char_bits;
use super::utf8_runs::Unit;
use super::utf8_sequences::{decode_one_sequence, decode_sequence, wide_or_two};

/// Byte ranges, inclusive.
type Ranges = &'static [(u8, u8)];

/// The bytes of a vanished pair in `legacy`: its first and its second.
fn pair_bytes(legacy: Legacy) -> Option<(Ranges, Ranges)> {
    match legacy {
        Legacy::Gbk => Some((&[(0xAA, 0xAF), (0xF8, 0xFE)], &[(0xA1, 0xFE)])),
        _ => None,
    }
}

/// Whether `legacy` has pairs that vanish and are modeled (a cheap test
/// before [`explain`]).
#[inline]
pub(super) fn may_vanish(legacy: Legacy) -> bool {
    matches!(legacy, Legacy::Gbk)
}

/// Bits of a U+FFFD the reading writes: what an unknown character costs in
/// the weighing.
const HOLE: u32 = 12;

/// A reading through a vanished pair: the characters decoded from `from`
/// (see [`explain`]) up to unit `end` of the run, a character boundary of
/// the garbled text.
pub(super) struct Reading {
    pub chars: [char; 4],
    pub len: usize,
    pub end: usize,
}

#[derive(Clone, Copy)]
enum Slot {
    Known(u8),
    /// A byte of the vanished pair (0 the first, 1 the second).
    Lost(u8),
}

/// The reading of `units` from `from` (the start of the sequence decoded
/// just before the break, or the break itself) with a vanished pair of
/// `legacy` at a character boundary of the garbled text between `from` and
/// three units past the break at `fail`, where it costs fewer bits than the
/// span's own way on: a bridge over `bridge` units (see
/// `utf8_runs::broken_sequence`) after `last` (the character decoded at
/// `from`, if any), or nothing (the span ends at the break).
pub(super) fn explain(
    units: &[Unit],
    from: usize,
    fail: usize,
    last: Option<char>,
    bridge: Option<usize>,
    char_unit: &[usize],
    legacy: Legacy,
) -> Option<Reading> {
    let (first, second) = pair_bytes(legacy)?;
    let mut best: Option<(u32, Reading)> = None;
    let after = char_unit.partition_point(|&b| b <= from);
    for &b in char_unit[after..].iter().take_while(|&&b| b <= fail + 3) {
        let Some((bits, reading)) = read_at(units, from, b, char_unit, first, second) else {
            continue;
        };
        if best
            .as_ref()
            .map_or(true, |(best_bits, _)| bits < *best_bits)
        {
            best = Some((bits, reading));
        }
    }
    let (mut bits, reading) = best?;
    // The span's own way on, up to the same place; where it has none, a
    // reading that brings back every character.
    let Some(skip) = bridge else {
        return (!reading.chars[..reading.len].contains(&'\u{FFFD}')).then_some(reading);
    };
    // (`decode_sequence` without the space flag: a guessed mark is priced
    // as the mark wherever it is written, `Sequence::withheld`, as
    // `utf8_runs` and `lean_readings` price it.)
    let mut other = last.map_or(0, bits_of) + HOLE;
    let mut at = fail + skip;
    while at < reading.end {
        let seq = decode_sequence(&units[at..])?;
        other += bits_of(seq.c);
        at += seq.consumed;
    }
    // Where the span's own way ends past the reading, the reading goes on
    // there as the span would.
    let mut on = reading.end;
    while on < at {
        let seq = decode_sequence(&units[on..])?;
        bits += bits_of(seq.c);
        on += seq.consumed;
    }
    (on == at && bits < other).then_some(reading)
}

fn bits_of(c: char) -> u32 {
    if c == '\u{FFFD}' {
        HOLE
    } else {
        char_bits(c)
    }
}

/// The reading of `units` from `from` with the pair at unit `b`, and its
/// bits, if every sequence decodes (each of three or four bytes) and the
/// reading ends on a character boundary past the pair.
fn read_at(
    units: &[Unit],
    from: usize,
    b: usize,
    char_unit: &[usize],
    first: Ranges,
    second: Ranges,
) -> Option<(u32, Reading)> {
    let mut slots = [Slot::Known(0); 16];
    let mut n = 0;
    for &u in &units[from..b] {
        let Unit::Byte(x) = u else { return None };
        *slots.get_mut(n)? = Slot::Known(x);
        n += 1;
    }
    let pair_at = n;
    *slots.get_mut(n)? = Slot::Lost(0);
    *slots.get_mut(n + 1)? = Slot::Lost(1);
    n += 2;
    for &u in units[b..].iter().take(slots.len() - n) {
        let Unit::Byte(x) = u else { break };
        slots[n] = Slot::Known(x);
        n += 1;
    }
    let slots = &slots[..n];
    let ranges = |which: u8| if which == 0 { first } else { second };
    let is_cont = |s: Slot| match s {
        Slot::Known(x) => (0x80..=0xBF).contains(&x),
        Slot::Lost(_) => true,
    };
    let mut reading = Reading {
        chars: ['\u{FFFD}'; 4],
        len: 0,
        end: 0,
    };
    let mut bits = 0;
    let mut i = 0;
    loop {
        if i >= pair_at + 2 {
            let at = b + (i - pair_at - 2);
            if char_unit.binary_search(&at).is_ok() {
                reading.end = at;
                return Some((bits, reading));
            }
        }
        if i >= slots.len() || reading.len == reading.chars.len() {
            return None;
        }
        let len = match slots[i] {
            Slot::Known(x) if x >= 0xC0 => wide_or_two(x)?,
            Slot::Known(_) => return None,
            Slot::Lost(_) => {
                1 + slots[i + 1..]
                    .iter()
                    .take(3)
                    .take_while(|&&s| is_cont(s))
                    .count()
            }
        };
        if len < 3 || i + len > slots.len() || !slots[i + 1..i + len].iter().all(|&s| is_cont(s)) {
            return None;
        }
        let c = fill(&slots[i..i + len], &ranges)?;
        bits += bits_of(c);
        reading.chars[reading.len] = c;
        reading.len += 1;
        i += len;
    }
}

/// The character of one sequence whose lost bytes are filled with the
/// candidate the frequency table clearly prefers (by 4 bits) among those
/// their ranges allow, U+FFFD when none is clearly preferred, `None` when
/// none fits.
fn fill(seq: &[Slot], ranges: &impl Fn(u8) -> Ranges) -> Option<char> {
    let len = seq.len();
    // The values each position can take.
    let role = |p: usize| -> (u8, u8) {
        match (p, len) {
            (0, 3) => (0xE0, 0xEF),
            (0, _) => (0xF0, 0xF0),
            _ => (0x80, 0xBF),
        }
    };
    let mut options: [&[(u8, u8)]; 4] = [&[]; 4];
    let mut known = [0u8; 4];
    let mut lost = [usize::MAX; 2];
    let mut n_lost = 0;
    for (p, &s) in seq.iter().enumerate() {
        match s {
            Slot::Known(x) => known[p] = x,
            Slot::Lost(w) => {
                options[p] = ranges(w);
                lost[n_lost] = p;
                n_lost += 1;
            }
        }
    }
    let values = |p: usize| {
        let (lo, hi) = role(p);
        options[p]
            .iter()
            .flat_map(move |&(a, z)| a.max(lo)..=z.min(hi))
    };
    let mut best: Option<(u32, char)> = None;
    let mut second = u32::MAX;
    let mut consider = |buf: &[u8]| {
        let Some(c) = decode_one_sequence(buf) else {
            return;
        };
        let bits = char_bits(c);
        match best {
            Some((b, _)) if bits >= b => second = second.min(bits),
            _ => {
                second = best.map_or(second, |(b, _)| b.min(second));
                best = Some((bits, c));
            }
        }
    };
    let mut buf = known;
    match n_lost {
        1 => {
            for x in values(lost[0]) {
                buf[lost[0]] = x;
                consider(&buf[..len]);
            }
        }
        2 => {
            for x in values(lost[0]) {
                buf[lost[0]] = x;
                for y in values(lost[1]) {
                    buf[lost[1]] = y;
                    consider(&buf[..len]);
                }
            }
        }
        _ => return decode_one_sequence(&known[..len]),
    }
    match best? {
        (bits, c) if second == u32::MAX || second >= bits + 4 => Some(c),
        _ => Some('\u{FFFD}'),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fix_cjk_encoding;
    use super::*;
    use crate::damage::{fills_agree, Chain, Errors};

    /// The line of the bug report (`这是第一次采集`) and of the twelve
    /// commonest four-character windows of the clean zh-Hans corpus that
    /// UTF-8 read as GBK turns into a user-defined pair, those where one
    /// pair vanishes, read as GBK (WHATWG) with the pair dropped: every
    /// character whose bytes survived comes back, and each one that lost a
    /// byte is U+FFFD or the original. (Before, the re-encoded bytes read as
    /// a character by chance and a bridge: `这是笸�次`, `�件包的` was
    /// `杞欢鍖呯殑` left as it was.) Left out: `也就是说` (`AF E8` and `AF
    /// B4` both vanish: two pairs), and `自由软件`, `目录中的`, `被设置为`, which stay garbled as a line of
    /// their own (a short repair must win by its margin), and `文件中的`,
    /// whose pair vanished at the end: `鏂囦欢涓殑` stays `文件涓殑`, since
    /// a reading with a U+FFFD fill may not end a span (see
    /// `decode_utf8_spans`).
    #[test]
    fn a_vanished_pair_is_read_through() {
        let chain = Chain::Utf8ReadVanishing(Legacy::Gbk, Errors::Whatwg);
        let mut failed = Vec::new();
        for text in [
            "这是第一次采集，请稍候重新采集。",
            "可以通过",
            "软件包的",
            "的第一个",
            "件描述符",
            "可执行文",
            "一个新的",
        ] {
            let garbled = chain.apply(text).unwrap();
            let plain = Chain::Utf8ReadAs(Legacy::Gbk).apply(text).unwrap();
            assert_ne!(garbled, plain, "no pair vanished in {text}");
            let fixed = fix_cjk_encoding(&garbled, &mut Vec::new()).into_owned();
            let want = chain.determined_text(text).unwrap();
            if !fills_agree(&fixed, &want, text) {
                failed.push((text, garbled, fixed, want));
            }
        }
        assert!(failed.is_empty(), "{failed:#?}");
    }

    /// The lost bytes are filled from the pair's ranges only: `E7 AC`
    /// before the pair is `第` (AC, AA–AF), not `笸` (B8) or anything the
    /// bytes after it could make.
    #[test]
    fn the_pair_is_filled_from_its_ranges() {
        let units: Vec<Unit> = [0xE7, 0xAC, 0xB8, 0x80, 0xE6, 0xAC, 0xA1]
            .iter()
            .map(|&b| Unit::Byte(b))
            .collect();
        // The garbled characters `绗竴娆` start at units 0, 2 and 4.
        let char_unit = [0, 2, 4, 7];
        let r = explain(&units, 0, 3, Some('笸'), Some(1), &char_unit, Legacy::Gbk).unwrap();
        assert_eq!((&r.chars[..r.len], r.end), (&['第', '一'][..], 4));
        // No pair of Big5 or EUC-KR vanishes.
        assert!(explain(&units, 0, 3, Some('笸'), Some(1), &char_unit, Legacy::Big5).is_none());
    }
}
