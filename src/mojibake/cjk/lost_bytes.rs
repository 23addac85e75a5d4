//! A single-byte run read with a legacy encoding whose bytes may have been
//! lost on the way: the cheapest reading by the frequency table, a
//! shortest path over the run's bytes (`read_with_lost_bytes`), by table,
//! and step by step for the tests.

use super::glued_ascii::{
    fill_fits, glued_fill, glued_trail, has_glued_fills, kept_its_bytes, lost_japanese_run,
    pair_of_lost_trails, stolen_kana_trail, stray_after_pair, GLUED_ASCII_BITS,
};
use super::legacy::Legacy;
#[cfg(test)]
use super::reading_tables::{fill_rejected, read_bits};
use super::reading_tables::{
    lost_fills, next_steps, priced_pairs, priced_singles, rejected_fills, HALFWIDTH_ALONE_BITS,
    HOLE_READ_BITS, LOST_BYTE_BITS, UNREAD_BITS,
};
use super::single_byte_spans::SingleByteRun;
use super::SINGLE_BYTE_PAGES;

/// The kinds of step of a reading.
pub(super) const STEP_CHAR: u8 = 0;
pub(super) const STEP_LOST: u8 = 1;
pub(super) const STEP_BREAK: u8 = 2;
/// An ASCII trail whose lead was lost, read as its character after the
/// reading (`glued_ascii::lost_run_trails`): not charged as a lost byte.
pub(super) const STEP_TRAIL: u8 = 3;

pub(super) fn is_halfwidth(c: char) -> bool {
    ('\u{FF61}'..='\u{FF9F}').contains(&c)
}

/// Pairs at least this dear (by `char_bits`) are rare characters: in the
/// second reading of a Japanese run that lost bytes, they cost
/// [`RARE_PAIR_EXTRA_BITS`] more (see [`rare_pair_bits`]).
pub(super) const RARE_PAIR_BITS: u32 = 16;
pub(super) const RARE_PAIR_EXTRA_BITS: u32 = 12;

/// What a pair costing `bits` costs more in the second reading of a run
/// that lost bytes: two trails whose leads were lost read as a rare pair
/// (`ê‡`, `場合` with both leads `8F`, `8D` dropped, read `EA 87`: `鼇`) is
/// made-up text; such a pair must win by a margin.
#[inline]
fn rare_pair_bits(bits: u32) -> u32 {
    if bits >= RARE_PAIR_BITS {
        RARE_PAIR_EXTRA_BITS
    } else {
        0
    }
}

/// What a rare pair costs the second reading of a lost Japanese run more
/// when both its bytes are trails that a dropped lead would make a
/// character of ([`pair_of_lost_trails`]): as much as one more lost byte.
/// Two characters each lost their lead as likely: `削除` with `8D`, `8F`
/// dropped (`ED 9C`) read `弴` (205 held-out lines through windows-1252),
/// `初期設定` `炎暿`, `メモリー` `ャｃ骸`; now `�除`, `初期�`, `�モリー`.
#[inline]
fn lost_trails_bits(fills: &[(char, u32); 512], a: u8, b: u8, bits: u32) -> u32 {
    if pair_of_lost_trails(fills, a, b, bits) {
        LOST_BYTE_BITS
    } else {
        0
    }
}

/// A reading of a run (see [`read_with_lost_bytes`]): per byte position,
/// the cheapest reading's bits up to there and its last step (where it came
/// from, the character, the step's kind); then the steps in order.
#[derive(Default)]
pub(crate) struct LostScratch {
    pub(super) cost: Vec<u32>,
    /// Packed by [`pack_step`].
    step: Vec<u64>,
    pub(super) path: Vec<(usize, char, u8)>,
    /// Per byte position: the bits (plus one) of the pair the first reading
    /// of a lost Japanese run read there (see
    /// [`LostScratch::mark_first_pairs`]).
    first_pair: Vec<u8>,
}

impl LostScratch {
    /// `path`: the cheapest reading's steps, traced back from position `n`.
    fn trace_path(&mut self, n: usize) {
        self.path.clear();
        let mut at = n;
        while at > 0 {
            let step = unpack_step(self.step[at]);
            self.path.push(step);
            at = step.0;
        }
        self.path.reverse();
    }

    /// `first_pair`: where the first reading (`path`, `cost`) read a pair,
    /// its bits plus one (0 where none starts). The second reading may not
    /// cut such a pair with a dearer one: with the stray ASCII after it
    /// charged ([`stray_after_pair`]), `取り出` whose `8E` and `8F`
    /// windows-1254 dropped (`E6 82 E8 6F`, first read `�りo`) read `謔鑰`,
    /// two pairs across the `り` (44 of 44 such lines of 4,000 held-out
    /// ones), while `メンバ` whose `メ` lost its trail (`83 83 93 83 6F`,
    /// first read `ャ塔o`) reads `ンバ`, pairs cheaper than those they cut.
    fn mark_first_pairs(&mut self, n: usize) {
        self.first_pair.clear();
        self.first_pair.resize(n + 1, 0);
        let mut ends = self.path.iter().skip(1).map(|s| s.0).chain([n]);
        for &(from, _, kind) in &self.path {
            let to = ends.next().unwrap_or(n);
            if kind == STEP_CHAR && to == from + 2 {
                let bits = self.cost[to].saturating_sub(self.cost[from]);
                self.first_pair[from] = u8::try_from(bits.saturating_add(1)).unwrap_or(u8::MAX);
            }
        }
    }
}

/// Whether a pair at `i` costing `bits` cuts a pair of the first reading
/// that was cheaper (see [`LostScratch::mark_first_pairs`]).
#[inline]
fn cuts_cheaper_pair(first_pair: &[u8], i: usize, bits: u32) -> bool {
    let cheaper = |p: u8| p != 0 && bits >= u32::from(p);
    (i > 0 && cheaper(first_pair[i - 1])) || first_pair.get(i + 1).is_some_and(|&p| cheaper(p))
}

/// Whether the ASCII byte at `i` right after the pair the reading's last
/// step (`step_here`) made is the trail of a kana lead that a lead which
/// lost its own trail took ([`stolen_kana_trail`]), not a glued trail to
/// fill (`メイン` with `81` lost, `83 83 43 83`: `ャ，` for `�イ`; without
/// the fill after any pair of two kana leads, 100 windows-1252 lines of ja
/// 8001–14800 came closer, none further). Only before the katakana lead
/// `83`: before anything else the letter is as likely real ASCII glued to a
/// word-final `ャ` (`チェンジャCの`, which then read `ジ�イの` even through
/// pages that drop no byte); with the guard 4 of those held-out lines come
/// closer still and none goes further.
#[inline]
fn took_kana_lead(bytes: &[u8], i: usize, step_here: u64) -> bool {
    let (from, _, _) = unpack_step(step_here);
    from + 2 == i && stolen_kana_trail(bytes, i)
}

/// Whether the fill `c` of a stray trail at `i` is `、` `。` `，` before a
/// pair (a Shift_JIS lead and a trail): after a kanji too (`場合、そ`, `89
/// 87 41 82 BB` with `81` lost), where [`fill_fits`] asks for a hiragana,
/// but not before a byte no pair starts with (`移植性`, `88 DA 41 AB` with
/// `90` lost, read `移、�`).
#[inline]
fn comma_before_pair(bytes: &[u8], i: usize, c: char) -> bool {
    matches!(c, '、' | '。' | '，')
        && bytes.get(i + 1..i + 3).is_some_and(|p| {
            matches!(p[0], 0x81..=0x9F | 0xE0..=0xFC) && matches!(p[1], 0x40..=0x7E | 0x80..=0xFC)
        })
}

/// What an ASCII trail after a pair of two kana leads costs the second
/// reading of a lost Japanese run besides [`GLUED_ASCII_BITS`] (see
/// `glued_ascii::stolen_trail`): as much as the lost byte it shows. Without it the
/// pair still won (`プログラム`, `ロ`'s `8D` lost, `83 76 83 83 4F`: `ャ`
/// and a charged `O` against `�グ`); 16 bits read the held-out sets as 8.
const STOLEN_TRAIL_BITS: u32 = LOST_BYTE_BITS;

/// [`STOLEN_TRAIL_BITS`] for the ASCII trail at `i` if it is the trail of
/// a kana lead a lead that lost its own took ([`stolen_kana_trail`]), else 0.
#[inline]
fn stolen_trail_bits(bytes: &[u8], i: usize) -> u32 {
    if stolen_kana_trail(bytes, i) {
        STOLEN_TRAIL_BITS
    } else {
        0
    }
}

/// A step of a reading as one integer: where it came from, its kind, its
/// character.
#[inline]
fn pack_step(from: usize, c: char, kind: u8) -> u64 {
    (from as u64) << 32 | u64::from(kind) << 24 | u64::from(u32::from(c))
}

#[inline]
pub(super) fn unpack_step(s: u64) -> (usize, char, u8) {
    let c = char::from_u32((s & 0x1F_FFFF) as u32).unwrap_or('\0');
    ((s >> 32) as usize, c, (s >> 24) as u8)
}

/// Reads a run's bytes with `legacy`: the cheapest reading by `char_bits`
/// (a U+FFFD at [`HOLE_READ_BITS`], each dropped byte at [`LOST_BYTE_BITS`]
/// more), into `dp.path`. A character is whole (a single byte or a pair, an
/// ASCII trail byte included), or lost a byte that a strict decoder
/// rejected (a U+FFFD in the text, `fill_rejected` over the page's
/// undefined bytes), or lost its lead or trail byte without a trace
/// (`fill_rejected` over [`lost_bytes`]: `ƒpƒX‚ª•s³‚Å‚·` is `パスが不�です`,
/// whose `正` lost its `90`; read whole, the `B3` was `ウ`). Other ASCII
/// passes by, and a high byte no reading places is left (both cut spans).
/// Text cut after a lead byte ends in U+FFFD. Without lost bytes this is
/// the plain reading, character by character.
///
/// [`LOST_BYTE_BITS`]: super::reading_tables::LOST_BYTE_BITS
#[inline(never)]
pub(super) fn read_with_lost_bytes(
    chars: &[char],
    run: &SingleByteRun,
    legacy: Legacy,
    dp: &mut LostScratch,
) {
    // Only Shift_JIS and EUC-JP have halfwidth katakana (see
    // [`HALFWIDTH_ALONE_BITS`]); the others skip their test.
    // Most runs hold no U+FFFD: theirs skips the tests for one.
    let kana = matches!(legacy, Legacy::ShiftJis | Legacy::EucJp);
    let rejected_any = run.rejected.contains(&true);
    match (kana, rejected_any) {
        (true, true) => read_by_table::<true, true, false>(chars, run, legacy, dp),
        (false, true) => read_by_table::<false, true, false>(chars, run, legacy, dp),
        (true, false) => read_by_table::<true, false, false>(chars, run, legacy, dp),
        (false, false) => read_by_table::<false, false, false>(chars, run, legacy, dp),
    }
    // A lost Japanese run (Shift_JIS, so `kana`; it kept no bytes, so no
    // U+FFFD) is read again ([`stray_after_pair`], [`rare_pair_bits`]).
    if lost_japanese_run(run.bytes, rejected_any, run.page, legacy, &dp.path) {
        dp.mark_first_pairs(run.bytes.len());
        read_by_table::<true, false, true>(chars, run, legacy, dp);
    }
}

/// [`read_with_lost_bytes`]: the reading [`read_with_lost_bytes_in`]
/// makes, with the steps out of each high byte to the next position looked
/// up ([`next_steps`]) instead of tried one by one, and the fills of a
/// rejected byte too ([`rejected_fills`]); `REJ`: whether the run holds a
/// rejected byte (a U+FFFD), which most do not; `LOSSY`: the second reading
/// of a lost Japanese run (`glued_ascii::lost_japanese_run`).
fn read_by_table<const KANA: bool, const REJ: bool, const LOSSY: bool>(
    chars: &[char],
    run: &SingleByteRun,
    legacy: Legacy,
    dp: &mut LostScratch,
) {
    let SingleByteRun {
        start: run_start,
        bytes,
        rejected,
        page,
        ..
    } = *run;
    let p = SINGLE_BYTE_PAGES
        .iter()
        .position(|&x| x == page)
        .expect("a page of SINGLE_BYTE_PAGES");
    let steps = next_steps(legacy, p);
    let rejected_fills = rejected_fills(legacy, p);
    let pairs = priced_pairs(legacy);
    let singles = priced_singles(legacy);
    let n = bytes.len();
    dp.cost.clear();
    dp.cost.resize(n + 1, u32::MAX);
    dp.step.clear();
    dp.step.resize(n + 1, pack_step(0, '\0', STEP_BREAK));
    dp.cost[0] = 0;
    // (Slices of exactly the positions, so that most index checks go.)
    let first_pair = &dp.first_pair[..];
    let cost_at = &mut dp.cost[..=n];
    let step_at = &mut dp.step[..=n];
    let cuts_text = run_start + n == chars.len();
    let fills = lost_fills(legacy, page);
    // Whether any ASCII trail has a glued fill (Shift_JIS, on pages that
    // lose bytes), in a run that did not keep its bytes.
    let glue =
        has_glued_fills(legacy, p) && !kept_its_bytes(bytes, REJ && rejected.contains(&true), page);
    for i in 0..n {
        let here = cost_at[i];
        if here == u32::MAX {
            // Inside a pair of every reading so far.
            continue;
        }
        let b = bytes[i];
        let rejected_here = REJ && rejected[i];
        if b < 0x80 && !rejected_here {
            // ASCII decodes as itself, outside spans; glued between a kana
            // and a high byte, it may be a trail whose lead was lost
            // ([`glued_trail`], its cheap tests first).
            let mut cost = here;
            if glue
                && (0x40..=0x7E).contains(&b)
                && bytes.get(i + 1).is_some_and(|&n| n >= 0x80)
                && glued_trail(bytes, i, step_at[i], REJ && rejected[i + 1])
            {
                if let Some((c, add)) = glued_fill(fills, b) {
                    cost += GLUED_ASCII_BITS;
                    // Not after a pair of two kana leads (`ャC` for `メイ`,
                    // `83 83 43`, read `ャ，`): the trail of the lead that
                    // lost its own ([`took_kana_lead`]).
                    if !took_kana_lead(bytes, i, step_at[i]) && here + add < cost_at[i + 1] {
                        cost_at[i + 1] = here + add;
                        step_at[i + 1] = pack_step(i, c, STEP_LOST);
                    }
                }
            }
            if LOSSY && cost == here && stray_after_pair(bytes, i, step_at[i], fills) {
                cost += GLUED_ASCII_BITS;
                // After a pair of two kana leads, the trail of a lead
                // that lost its own trail and took the next kana's lead
                // (`glued_ascii::stolen_trail`: `ャO` for `ロ` lost, `グ`): charged as a
                // lost byte besides.
                cost += stolen_trail_bits(bytes, i);
                if let Some((c, add)) = glued_fill(fills, b) {
                    // Not a fill that does not fit after the character
                    // before it ([`fill_fits`]: `移、�`): the letter stays,
                    // charged.
                    let prev = unpack_step(step_at[i]).1;
                    if (fill_fits(b, c, prev, None, false) || comma_before_pair(bytes, i, c))
                        && here + add < cost_at[i + 1]
                    {
                        cost_at[i + 1] = here + add;
                        step_at[i + 1] = pack_step(i, c, STEP_LOST);
                    }
                }
            }
            if cost < cost_at[i + 1] {
                cost_at[i + 1] = cost;
                step_at[i + 1] = pack_step(i, char::from(b), STEP_BREAK);
            }
            continue;
        }
        let step_here = step_at[i];
        let prev_kind = (step_here >> 24) as u8;
        let after_halfwidth = KANA && prev_kind != STEP_BREAK && {
            let prev = (step_here & 0x1F_FFFF) as u32;
            (0xFF61..=0xFF9F).contains(&prev)
        };
        let cost_of = |c: char, bits: u32| {
            let alone = KANA && is_halfwidth(c) && !after_halfwidth;
            here + bits + if alone { HALFWIDTH_ALONE_BITS } else { 0 }
        };
        let next_rejected = REJ && rejected.get(i + 1) == Some(&true);
        if rejected_here {
            // Left as it is (a U+FFFD), or a rejected lead and the trail
            // byte after it.
            let cost = here + UNREAD_BITS;
            if cost < cost_at[i + 1] {
                cost_at[i + 1] = cost;
                step_at[i + 1] = pack_step(i, '\u{FFFD}', STEP_BREAK);
            }
            if let Some(&t) = bytes.get(i + 1).filter(|_| !next_rejected) {
                let (c, bits) = rejected_fills[256 + usize::from(t)];
                if c != '\0' {
                    let cost = cost_of(c, bits);
                    if cost < cost_at[i + 2] {
                        cost_at[i + 2] = cost;
                        step_at[i + 2] = pack_step(i, c, STEP_CHAR);
                    }
                }
            }
            continue;
        }
        // A pair, where the byte does not read as a character alone (a
        // lead whose trail was rejected is filled).
        let mut pair = false;
        if singles[usize::from(b & 0x7F)] == 0 {
            if next_rejected {
                let (c, bits) = rejected_fills[usize::from(b)];
                if c != '\0' {
                    pair = true;
                    let cost = cost_of(c, bits);
                    if cost < cost_at[i + 2] {
                        cost_at[i + 2] = cost;
                        step_at[i + 2] = pack_step(i, c, STEP_CHAR);
                    }
                }
            } else if let Some(&t) = bytes.get(i + 1) {
                if (0x81..=0xFE).contains(&b) && (0x40..=0xFE).contains(&t) {
                    let e = pairs[usize::from(b - 0x81) * 191 + usize::from(t - 0x40)];
                    let rare_cut = LOSSY && cuts_cheaper_pair(first_pair, i, e >> 21);
                    if e != 0 && !rare_cut {
                        pair = true;
                        // (The table holds characters: packed as they are,
                        // as `pack_step` would pack them.)
                        let c = e & 0x1F_FFFF;
                        let alone = KANA && (0xFF61..=0xFF9F).contains(&c) && !after_halfwidth;
                        let cost = here
                            + (e >> 21)
                            + if alone { HALFWIDTH_ALONE_BITS } else { 0 }
                            + if LOSSY {
                                rare_pair_bits(e >> 21)
                                    + lost_trails_bits(fills, b, bytes[i + 1], e >> 21)
                            } else {
                                0
                            };
                        if cost < cost_at[i + 2] {
                            cost_at[i + 2] = cost;
                            step_at[i + 2] =
                                (i as u64) << 32 | u64::from(STEP_CHAR) << 24 | u64::from(c);
                        }
                    }
                }
            }
        }
        let e =
            steps[usize::from(b - 0x80) * 4 + 2 * usize::from(pair) + usize::from(after_halfwidth)];
        let mut next = if e == u32::MAX {
            (u32::MAX, 0)
        } else {
            let step = (i as u64) << 32 | u64::from(e >> 21 & 3) << 24 | u64::from(e & 0x1F_FFFF);
            (here + (e >> 23), step)
        };
        // Text cut after a lead byte: its character is lost.
        if cuts_text && i + 1 == n && prev_kind != STEP_BREAK && legacy.is_lead(b) {
            let cost = here + HOLE_READ_BITS;
            if cost < next.0 {
                next = (cost, pack_step(i, '\u{FFFD}', STEP_CHAR));
            }
        }
        if next.0 < cost_at[i + 1] {
            cost_at[i + 1] = next.0;
            step_at[i + 1] = next.1;
        }
    }
    dp.trace_path(n);
}

/// [`read_with_lost_bytes`] step by step, as [`read_by_table`] must read
/// (kept to test it); `KANA`: whether `legacy` decodes halfwidth katakana.
/// The steps out of a byte to the next position are compared among
/// themselves first (in the order they are tried one by one, the first of
/// equal costs winning), then with what is there.
#[cfg(test)]
pub(super) fn read_with_lost_bytes_in<const KANA: bool>(
    chars: &[char],
    run: &SingleByteRun,
    legacy: Legacy,
    dp: &mut LostScratch,
) {
    read_in::<KANA>(chars, run, legacy, dp, false);
    let rejected_any = run.rejected.contains(&true);
    if lost_japanese_run(run.bytes, rejected_any, run.page, legacy, &dp.path) {
        dp.mark_first_pairs(run.bytes.len());
        read_in::<KANA>(chars, run, legacy, dp, true);
    }
}

/// One pass of [`read_with_lost_bytes_in`] (`lossy`: the second).
#[cfg(test)]
fn read_in<const KANA: bool>(
    chars: &[char],
    run: &SingleByteRun,
    legacy: Legacy,
    dp: &mut LostScratch,
    lossy: bool,
) {
    let SingleByteRun {
        start: run_start,
        bytes,
        rejected,
        page,
        ..
    } = *run;
    let options = page.undefined_bytes();
    let has_lost = !page.lost_bytes().is_empty();
    let glue = !kept_its_bytes(bytes, rejected.contains(&true), page);
    // A byte that reads as something is left unread (to take up the phase
    // again) only on pages that lose bytes; on MacRoman the reading is the
    // strict decoding.
    let may_leave = has_lost || !options.is_empty();
    let fills = lost_fills(legacy, page);
    let pairs = priced_pairs(legacy);
    let singles = priced_singles(legacy);
    let n = bytes.len();
    dp.cost.clear();
    dp.cost.resize(n + 1, u32::MAX);
    dp.step.clear();
    dp.step.resize(n + 1, pack_step(0, '\0', STEP_BREAK));
    dp.cost[0] = 0;
    let bits = read_bits;
    for i in 0..n {
        let here = dp.cost[i];
        if here == u32::MAX {
            // Inside a pair of every reading so far.
            continue;
        }
        let step_here = dp.step[i];
        let prev_kind = (step_here >> 24) as u8;
        let after_halfwidth = KANA && prev_kind != STEP_BREAK && {
            let prev = (step_here & 0x1F_FFFF) as u32;
            (0xFF61..=0xFF9F).contains(&prev)
        };
        // What a step to `c` costs from here (`add`: its bits, a lost
        // byte's `LOST_BYTE_BITS` included).
        let cost_of = |c: char, add: u32| {
            let alone = KANA && is_halfwidth(c) && !after_halfwidth;
            here + add + if alone { HALFWIDTH_ALONE_BITS } else { 0 }
        };
        let b = bytes[i];
        let rejected_here = rejected[i];
        if b < 0x80 && !rejected_here {
            // ASCII decodes as itself, outside spans; glued between two
            // characters, it may be a trail whose lead was lost.
            let mut cost = here;
            let next_rejected = rejected.get(i + 1) == Some(&true);
            if has_lost && glue && glued_trail(bytes, i, step_here, next_rejected) {
                if let Some((c, add)) = glued_fill(fills, b) {
                    cost += GLUED_ASCII_BITS;
                    if !took_kana_lead(bytes, i, step_here) && here + add < dp.cost[i + 1] {
                        dp.cost[i + 1] = here + add;
                        dp.step[i + 1] = pack_step(i, c, STEP_LOST);
                    }
                }
            }
            if lossy && cost == here && stray_after_pair(bytes, i, step_here, fills) {
                cost += GLUED_ASCII_BITS;
                cost += stolen_trail_bits(bytes, i);
                if let Some((c, add)) = glued_fill(fills, b) {
                    let prev = unpack_step(step_here).1;
                    if (fill_fits(b, c, prev, None, false) || comma_before_pair(bytes, i, c))
                        && here + add < dp.cost[i + 1]
                    {
                        dp.cost[i + 1] = here + add;
                        dp.step[i + 1] = pack_step(i, c, STEP_LOST);
                    }
                }
            }
            if cost < dp.cost[i + 1] {
                dp.cost[i + 1] = cost;
                dp.step[i + 1] = pack_step(i, char::from(b), STEP_BREAK);
            }
            continue;
        }
        let next_rejected = rejected.get(i + 1) == Some(&true);
        if rejected_here {
            // Left as it is (a U+FFFD), or a rejected lead and the trail
            // byte after it.
            let cost = here + UNREAD_BITS;
            if cost < dp.cost[i + 1] {
                dp.cost[i + 1] = cost;
                dp.step[i + 1] = pack_step(i, '\u{FFFD}', STEP_BREAK);
            }
            if let Some(&t) = bytes.get(i + 1).filter(|_| !next_rejected) {
                if let Some(c) = fill_rejected(legacy, None, Some(t), options) {
                    let cost = cost_of(c, bits(c));
                    if cost < dp.cost[i + 2] {
                        dp.cost[i + 2] = cost;
                        dp.step[i + 2] = pack_step(i, c, STEP_CHAR);
                    }
                }
            }
            continue;
        }
        // (The character, its length in bytes, its bits.)
        // (A high byte here: ASCII went by above.)
        let single = singles[usize::from(b & 0x7F)];
        let read = if single != 0 {
            char::from_u32(single & 0x1F_FFFF).map(|c| (c, 1, single >> 21))
        } else if next_rejected {
            fill_rejected(legacy, Some(b), None, options).map(|c| (c, 2, bits(c)))
        } else {
            bytes.get(i + 1).and_then(|&t| {
                if !(0x81..=0xFE).contains(&b) || !(0x40..=0xFE).contains(&t) {
                    return None;
                }
                let e = pairs[usize::from(b - 0x81) * 191 + usize::from(t - 0x40)];
                let c = char::from_u32(e & 0x1F_FFFF).filter(|_| e != 0)?;
                let rare_cut = lossy && cuts_cheaper_pair(&dp.first_pair, i, e >> 21);
                (!rare_cut).then_some((c, 2, e >> 21))
            })
        };
        // The cheapest step to i + 1 so far: (cost, step).
        let mut next = (u32::MAX, 0u64);
        let mut offer = |cost: u32, c: char, kind: u8| {
            if cost < next.0 {
                next = (cost, pack_step(i, c, kind));
            }
        };
        match read {
            Some((c, 1, b)) => offer(cost_of(c, b), c, STEP_CHAR),
            Some((c, len, b)) => {
                let cost = cost_of(c, b)
                    + if lossy {
                        rare_pair_bits(b) + lost_trails_bits(fills, bytes[i], bytes[i + 1], b)
                    } else {
                        0
                    };
                if cost < dp.cost[i + len] {
                    dp.cost[i + len] = cost;
                    dp.step[i + len] = pack_step(i, c, STEP_CHAR);
                }
            }
            None => {}
        }
        // Left as it is: where it reads as nothing, or, on a page that loses
        // bytes, to take up the phase again after a loss.
        if read.is_none() || may_leave {
            offer(here + UNREAD_BITS, '\u{FFFD}', STEP_BREAK);
        }
        if has_lost {
            // Its lead was dropped, or its trail.
            for (c, add) in [fills[256 + usize::from(b)], fills[usize::from(b)]] {
                if c != '\0' {
                    offer(cost_of(c, add), c, STEP_LOST);
                }
            }
        }
        // Text cut after a lead byte: its character is lost.
        let last = i + 1 == n && run_start + i + 1 == chars.len();
        if last && prev_kind != STEP_BREAK && legacy.is_lead(b) {
            offer(here + HOLE_READ_BITS, '\u{FFFD}', STEP_CHAR);
        }
        if next.0 < dp.cost[i + 1] {
            dp.cost[i + 1] = next.0;
            dp.step[i + 1] = next.1;
        }
    }
    dp.trace_path(n);
}
