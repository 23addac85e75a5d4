//! UTF-8 read as a legacy encoding: the lengths of the holes of a run
//! (U+FFFD, a Windows decoder's `?` or `・`), one or two lost bytes each, by a
//! shortest-path search over the UTF-8 state under two models of the
//! decoder (pairs: WHATWG and Windows; singles: Python's `errors="replace"`).

use std::sync::OnceLock;

use super::legacy::Legacy;
use super::utf8_runs::Unit;

/// Which decoders made a run's holes. Unknown, so both are tried and the
/// one that explains the known bytes better wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum HoleModel {
    /// The WHATWG decoders and Windows: a hole is a lead byte and the byte
    /// after it, or one byte where that byte is not a lead of the legacy
    /// encoding or ASCII follows.
    Pairs,
    /// Python's codecs with `errors="replace"`: one byte per hole.
    Single,
}

/// The cost of a malformed UTF-8 sequence, against the small costs that
/// rank the lengths of a sequence whose lead was lost.
const MALFORMED: u32 = 16;

/// The cost of a lost lead starting a sequence of `len` bytes: CJK text is
/// mostly three-byte sequences. (The search reads it from [`LOST_STATES`].)
#[cfg(test)]
fn lost_lead_cost(len: usize) -> u32 {
    match len {
        3 => 0,
        2 => 2,
        _ => 3,
    }
}

/// Gives each hole of a run its length, one or two lost bytes: the
/// lengths, under the model that explains the run better, that leave the
/// fewest malformed UTF-8 sequences (a shortest-path search over the
/// continuation bytes still expected). Returns the units and the unit index
/// where each character starts.
///
/// `swallowed`: the run ends with a Windows decoder's mark (`?`, `・`)
/// and ASCII follows. A Windows decoder reads a lead byte and the byte
/// after it as one pair, and writes one mark for a pair it rejects, so
/// where that mark's lead was the last continuation byte of its sequence,
/// the byte after it was lost too: an ASCII character (one the legacy
/// encoding cannot take as a trail, `"`, a space, `,`), which becomes a
/// hole of its own (`锛?);` is `！"` then `);`). The WHATWG decoders give
/// an ASCII byte back, so U+FFFD holes lose none.
pub(super) fn settle_holes(
    units: &[Unit],
    char_unit: &[usize],
    legacy: Legacy,
    swallowed: bool,
    s: &mut HoleScratch,
) {
    let HoleScratch {
        settled,
        settled_index,
        new_index,
        back,
        pairs,
        single,
        marks,
    } = s;
    let pairs_cost = hole_lengths(units, legacy, HoleModel::Pairs, back, pairs, NO_LIMIT);
    // The pairs win ties, so the search under singles stops once it cannot
    // cost less (skipped when the pairs cost nothing: 1,241 of the 2,283
    // runs with holes of the bench's UTF-8 lines).
    let single_cost = hole_lengths(units, legacy, HoleModel::Single, back, single, pairs_cost);
    let by_pairs = single_cost >= pairs_cost;
    let lengths = if by_pairs { pairs } else { single };
    settled.clear();
    new_index.clear();
    let mut holes = lengths.iter();
    for (u, &unit) in units.iter().enumerate() {
        new_index.push(settled.len());
        if matches!(unit, Unit::Hole | Unit::Marker) {
            let &(before, lost, after) = holes.next().expect("one length per hole");
            if lost == 0 {
                settled.push(Unit::Byte(b'?'));
                continue;
            }
            // Each lost byte continues the open sequence or leads the next,
            // whose length the state after the hole tells.
            let mut open = before;
            for k in 0..lost {
                if open > 0 {
                    settled.push(Unit::LostCont);
                    open -= 1;
                } else {
                    let len = after + (lost - k);
                    settled.push(Unit::LostLead(len as u8));
                    open = len - 1;
                }
            }
            // A `・` (code page 932's mark) whose one lost byte ended its
            // sequence, before the lead of the next: if that byte was a
            // lead, the byte the decoder took with it was neither a
            // continuation nor a lead (either would have cut the next
            // character), so it was ASCII, lost with the mark (`繧具ｼ・菴ｿ`
            // is `る，` then `使`: the `・` is the `8C` of `，` and a
            // space). The same as `swallowed` at the run's end. (Not for
            // `?`, the other code pages' mark: there a lone lost byte is
            // as often one rejected alone, such as EUC-KR and Big5 `80`,
            // and the rule measured worse on their damage.)
            if by_pairs
                && unit == Unit::Hole
                && marks[u]
                && (before, lost, after) == (1, 1, 0)
                && matches!(units.get(u + 1), Some(Unit::Byte(0xC2..)))
            {
                settled.push(Unit::LostLead(1));
            }
        } else {
            settled.push(unit);
        }
    }
    let ends_in_hole = matches!(units.last(), Some(Unit::Hole | Unit::Marker));
    if swallowed && ends_in_hole && lengths.last() == Some(&(1, 1, 0)) {
        settled.push(Unit::LostLead(1));
    }
    new_index.push(settled.len());
    settled_index.clear();
    settled_index.extend(char_unit.iter().map(|&u| new_index[u]));
}

/// Buffers of [`settle_holes`], kept across the runs of a line: the
/// settled units and the unit index where each character starts, and
/// working space.
#[derive(Default)]
pub(super) struct HoleScratch {
    pub(super) settled: Vec<Unit>,
    pub(super) settled_index: Vec<usize>,
    pub(super) new_index: Vec<usize>,
    pub(super) back: Vec<[(u8, u8); 4]>,
    /// The hole lengths under each model.
    pairs: Vec<HoleLength>,
    single: Vec<HoleLength>,
    /// Per unit of the run: whether it is a hole a Windows decoder marked
    /// (`?`, `・`; not U+FFFD).
    pub(super) marks: Vec<bool>,
}

impl HoleScratch {
    /// Sets [`HoleScratch::marks`] for a run's units: a hole or marker whose
    /// character of the run (`run[k]` starts at unit `char_unit[k]`) is not
    /// U+FFFD is a Windows decoder's mark.
    pub(super) fn mark_holes(&mut self, units: &[Unit], char_unit: &[usize], run: &[char]) {
        self.marks.clear();
        self.marks.resize(units.len(), false);
        for (k, &u) in char_unit[..run.len()].iter().enumerate() {
            if matches!(units[u], Unit::Hole | Unit::Marker) {
                self.marks[u] = run[k] != '\u{FFFD}';
            }
        }
    }
}

/// The cheapest lengths of the holes of `units` under `model`, and their
/// cost. States are the continuation bytes the current sequence still
/// expects (0–3).
/// Per hole: the continuation bytes expected before it, the bytes it lost,
/// and those expected after it.
type HoleLength = (usize, usize, usize);

/// The states one or two lost bytes lead to from each state (the
/// continuation bytes expected), with what they add, in the order
/// [`lost_states`] finds them: each lost byte continues the open sequence
/// or leads one of 2, 3 or 4 bytes ([`lost_lead_cost`]).
pub(super) const LOST_STATES: [[&[(u8, u32)]; 4]; 2] = [
    [&[(1, 2), (2, 0), (3, 3)], &[(0, 0)], &[(1, 0)], &[(2, 0)]],
    [
        &[(0, 2), (1, 0), (2, 3)],
        &[(1, 2), (2, 0), (3, 3)],
        &[(0, 0)],
        &[(1, 0)],
    ],
];

/// [`LOST_STATES`] as it is derived, lost byte by lost byte.
#[cfg(test)]
pub(super) fn lost_states(e: usize, lost: usize) -> Vec<(u8, u32)> {
    let mut states = vec![(e, 0u32)];
    for _ in 0..lost {
        let mut after = Vec::new();
        for &(s, sc) in &states {
            if s > 0 {
                after.push((s - 1, sc));
            } else {
                for len in 2..=4 {
                    after.push((len - 1, sc + lost_lead_cost(len)));
                }
            }
        }
        states = after;
    }
    states.into_iter().map(|(s, c)| (s as u8, c)).collect()
}

/// [`hole_lengths`]'s step over a byte from the one state reached
/// (`state`, at cost `at`): where the search would go, as the only state it
/// reaches. A continuation byte continues the open sequence (from state 0
/// it is a stray byte); any other byte starts a sequence or ASCII (a byte
/// that can do neither starts nothing), breaking an open one.
fn byte_step(state: usize, at: u32, b: u8) -> (usize, u32) {
    let broken = |open: bool| {
        if open {
            at.saturating_add(MALFORMED)
        } else {
            at
        }
    };
    match b {
        0x80..=0xBF if state > 0 => (state - 1, at),
        0x80..=0xBF => (0, at.saturating_add(MALFORMED)),
        0x00..=0x7F => (0, broken(state > 0)),
        0xC2..=0xDF => (1, broken(state > 0)),
        0xE0..=0xEF => (2, broken(state > 0)),
        0xF0..=0xF4 => (3, broken(state > 0)),
        _ => (0, at.saturating_add(MALFORMED)),
    }
}

/// The bits of a Windows mark inside a run having swallowed an ASCII byte
/// after the last continuation byte of its sequence (see
/// [`hole_lengths`]): against a lost lead of the next sequence (0 bits)
/// where the bytes after the mark continue one, and a malformed sequence
/// ([`MALFORMED`]) where they do not.
const SWALLOWED_BITS: u32 = 2;

/// [`hole_lengths`] without a limit, or stopped at its limit.
pub(super) const NO_LIMIT: u32 = u32::MAX;

/// Per legacy encoding (see [`hole_lengths`]): whether a continuation byte
/// can be a byte it rejects alone, and the bits of a lost continuation byte
/// being one hole alone or taking the next byte with it. Computed once.
fn hole_priors() -> &'static [(bool, u32, u32); 5] {
    static PRIORS: OnceLock<[(bool, u32, u32); 5]> = OnceLock::new();
    PRIORS.get_or_init(|| {
        Legacy::ALL.map(|legacy| {
            let alone = (0x80..=0xBFu8)
                .filter(|&b| !legacy.is_lead(b) && legacy.decode_one(b).is_none())
                .count();
            // Under the pairs model, a lost continuation byte is one hole
            // alone when it is one of the `alone` values of 64, else it
            // takes the next byte with it: the bits of each, rounded.
            let bits = |k: usize| (64.0 / k.max(1) as f64).log2().round() as u32;
            (alone > 0, bits(alone), bits(64 - alone))
        })
    })
}

/// `limit`: the search may stop once every way on costs at least this
/// much (costs only grow), and then returns [`NO_LIMIT`] with `lengths`
/// left unset; [`NO_LIMIT`] searches to the end.
pub(super) fn hole_lengths(
    units: &[Unit],
    legacy: Legacy,
    model: HoleModel,
    back: &mut Vec<[(u8, u8); 4]>,
    lengths: &mut Vec<HoleLength>,
    limit: u32,
) -> u32 {
    const NONE: u32 = u32::MAX;
    if limit == 0 {
        return NO_LIMIT;
    }
    // Whether a continuation byte (80–BF) can be a byte the legacy decoder
    // rejects alone rather than as a lead: Big5 and EUC-KR 80, Shift_JIS
    // A0, EUC-JP 80–8D and 90–A0; in GBK every one is a lead or `€`.
    let (single_cont, alone_bits, pair_bits) = hole_priors()[legacy as usize];
    // The costs before and after each unit, alternating between two
    // arrays (written and read one element at a time: copying an array
    // just written element by element stalls on store forwarding).
    //
    // Up to the first hole, one state is reached at a time: the bytes are
    // followed without the search (they leave nothing to trace back).
    let first_hole = units
        .iter()
        .position(|u| !matches!(u, Unit::Byte(_)))
        .unwrap_or(units.len());
    let (mut state, mut at) = (0usize, 0u32);
    for &unit in &units[..first_hole] {
        let Unit::Byte(b) = unit else {
            unreachable!("bytes before the first hole")
        };
        (state, at) = byte_step(state, at, b);
    }
    if at >= limit {
        return NO_LIMIT;
    }
    let mut costs = [[NONE; 4], [NONE; 4]];
    costs[0][state] = at;
    // Per unit from the first hole on and state reached: (state before,
    // lost bytes for a hole).
    back.clear();
    back.resize(units.len() - first_hole, [(0, 0); 4]);
    let n = units.len() - first_hole;
    let mut next_unit = 0;
    while next_unit < n {
        let i = next_unit;
        next_unit += 1;
        let unit = units[first_hole + i];
        // Where one state alone is reached (after a lead byte, ASCII or a
        // malformed byte), bytes up to the next hole are followed as
        // before the first hole, one step each (`byte_step` is the byte
        // case below with one state: the same costs and way back).
        if let Unit::Byte(_) = unit {
            let cost = &costs[i % 2];
            let mut reached = (0..4).filter(|&e| cost[e] != NONE);
            if let (Some(mut state), None) = (reached.next(), reached.next()) {
                let mut at = cost[state];
                let mut k = i;
                while let Some(&Unit::Byte(b)) = units.get(first_hole + k) {
                    if limit != NO_LIMIT && at >= limit {
                        return NO_LIMIT;
                    }
                    let (to, c) = byte_step(state, at, b);
                    back[k][to] = (state as u8, 0);
                    (state, at) = (to, c);
                    k += 1;
                }
                let next = &mut costs[k % 2];
                *next = [NONE; 4];
                next[state] = at;
                next_unit = k;
                continue;
            }
        }
        let u = first_hole + i;
        let [even, odd] = &mut costs;
        let (cost, next) = if i % 2 == 0 {
            (&*even, odd)
        } else {
            (&*odd, even)
        };
        if limit != NO_LIMIT && cost.iter().all(|&c| c >= limit) {
            return NO_LIMIT;
        }
        for slot in next.iter_mut() {
            *slot = NONE;
        }
        let from = &mut back[i];
        let mut relax = |state: usize, c: u32, prev: usize, lost: u8| {
            if c < next[state] {
                next[state] = c;
                from[state] = (prev as u8, lost);
            }
        };
        // A byte, the commonest unit, first and on its own: what it is
        // is looked at once, not per state.
        if let Unit::Byte(b) = unit {
            // The state it leads to, and whether it breaks the sequence,
            // from a state that expects a continuation byte (`e > 0`) or not.
            // (Each case as the relaxations from states 0 to 3 in turn would
            // leave it, the first of equal costs winning, without a branch
            // per state: `NONE` stays `NONE`.)
            let bad = |c: u32| c.saturating_add(MALFORMED);
            // The cheapest of four costs into one state, and from where.
            let cheapest = |c: [u32; 4]| {
                let mut best = (c[0], 0u8);
                for (e, &x) in c.iter().enumerate().skip(1) {
                    if x < best.0 {
                        best = (x, e as u8);
                    }
                }
                best
            };
            let [c0, c1, c2, c3] = *cost;
            let mut set = |state: usize, (c, prev): (u32, u8)| {
                if c != NONE {
                    next[state] = c;
                    from[state] = (prev, 0);
                }
            };
            match b {
                0x80..=0xBF => {
                    // A continuation byte: continues the open sequence; from
                    // state 0 it is a stray byte.
                    set(0, if c1 < bad(c0) { (c1, 1) } else { (bad(c0), 0) });
                    set(1, (c2, 2));
                    set(2, (c3, 3));
                }
                0x00..=0x7F | 0xC2..=0xF4 => {
                    let state = match b {
                        0x00..=0x7F => 0,
                        0xC2..=0xDF => 1,
                        0xE0..=0xEF => 2,
                        _ => 3,
                    };
                    set(state, cheapest([c0, bad(c1), bad(c2), bad(c3)]));
                }
                _ => set(0, cheapest([bad(c0), bad(c1), bad(c2), bad(c3)])),
            }
            continue;
        }
        for (e, &c) in cost.iter().enumerate() {
            if c == NONE {
                continue;
            }
            match unit {
                Unit::Byte(_) => unreachable!("handled above"),
                Unit::LostCont => relax(e.saturating_sub(1), c, e, 0),
                Unit::LostLead(len) => relax(usize::from(len) - 1, c, e, 0),
                Unit::Hole | Unit::Marker => {
                    let at_end = u + 1 == units.len();
                    if unit == Unit::Marker {
                        // A question mark: an ASCII byte.
                        relax(0, c + if e > 0 { MALFORMED } else { 0 }, e, 0);
                        // A Windows decoder's mark for a pair whose lead was
                        // the last continuation byte of the open sequence
                        // and whose second byte no trail of the encoding
                        // (ASCII: a space, `,`, a digit) before the next
                        // character's lead: the mark lost both, and the
                        // ASCII byte is a hole of its own (`瀵?鎵€` is
                        // `对` and a space, then `所`). Read back as
                        // `(1, 2, 0)`: a continuation byte, then a lost
                        // one-byte lead. (As `swallowed` at a run's end.)
                        // Only where no continuation byte is rejected
                        // alone (GBK): elsewhere a lone lost byte there is
                        // as often such a byte (Big5 and EUC-KR `80`),
                        // and the rule measured worse on their damage
                        // (Big5/Windows ko determined 75.73 -> 75.16%).
                        // And only before the lead of a CJK character (three
                        // or four bytes): a two-byte lead there is as often
                        // clean text glued after a mark that ended the
                        // damage (`灏?之`, GBK `之` is `D6 AE`, read as `֮`).
                        let cjk_next = matches!(units.get(u + 1), Some(Unit::Byte(0xE0..=0xF4)));
                        if model == HoleModel::Pairs
                            && e == 1
                            && !at_end
                            && !single_cont
                            && cjk_next
                        {
                            relax(0, c + SWALLOWED_BITS, e, 2);
                        }
                    }
                    let lengths: &[u8] = match model {
                        // Python's decoders write U+FFFD, not `?`.
                        HoleModel::Single if unit == Unit::Marker => &[],
                        HoleModel::Single => &[1],
                        // Before ASCII, a lead byte alone, or a pair.
                        HoleModel::Pairs if at_end => &[1, 2],
                        HoleModel::Pairs if e > 0 && single_cont => &[1, 2],
                        HoleModel::Pairs => &[2],
                    };
                    for &lost in lengths {
                        let rare = match (model, lost) {
                            (HoleModel::Pairs, 1) if !at_end && e > 0 => alone_bits,
                            (HoleModel::Pairs, 2) if !at_end && e > 0 => pair_bits,
                            _ => 0,
                        };
                        for &(s, add) in LOST_STATES[usize::from(lost) - 1][e] {
                            relax(usize::from(s), c + rare + add, e, lost);
                        }
                    }
                }
            }
        }
    }
    let cost = &costs[(units.len() - first_hole) % 2];
    // A sequence still open at the end of the run is malformed.
    let (mut state, total) = cost
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c != NONE)
        .map(|(e, &c)| (e, c + if e > 0 { MALFORMED } else { 0 }))
        .min_by_key(|&(_, c)| c)
        .unwrap_or((0, 0));
    lengths.clear();
    for (i, from) in back.iter().enumerate().rev() {
        let (prev, lost) = from[state];
        match units[first_hole + i] {
            Unit::Hole => lengths.push((usize::from(prev), usize::from(lost.max(1)), state)),
            Unit::Marker => lengths.push((usize::from(prev), usize::from(lost), state)),
            _ => {}
        }
        state = usize::from(prev);
    }
    lengths.reverse();
    total
}
