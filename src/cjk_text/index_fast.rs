//! The `index` preset's CJK passes, NFKC and casefold fused into one loop
//! over the characters (issue 5, throughput).
//!
//! [`fuse`] returns what the sequential pipeline (every pass of
//! [`Config::index()`](crate::Config::index) in order, then NFKC, then
//! casefold, then the confirming round) gives for a segment, or `None` when
//! the segment holds a character or a context it does not handle exactly;
//! the Fixer then runs the sequential pipeline. So correctness never
//! depends on covering everything.
//!
//! Per character: ASCII letters fold to lower case; any other character is
//! looked up in a table over the BMP built once from the sequential passes
//! themselves (each character alone): unchanged, replaced by a fixed string
//! (fullwidth `，` → `,`, `Ａ` → `a`), or "slow". Context handled here
//! exactly (the rules of the passes): interpuncts between Han
//! (`cjk_interpunct`), runs of spaces next to fullwidth
//! punctuation (`remove_punct_spaces`; not in inline code), curly quotes (`straighten_quotes`),
//! runs of dots and of `…` (`cjk_ellipsis`: `...` next to CJ), pairs
//! `--`, `──`, `－－` and a lone `—` that `cjk_dashes` makes `——`, and
//! the runs both leave alone. Anything else with context goes slow:
//! `⋯`, `―`, Kangxi radicals, halfwidth kana, vertical forms,
//! other spaces, combining marks, controls. (HTML entities, whose
//! unescaping runs in every round, are the Fixer's check.)
//!
//! The output is then checked to be a fixed point of the passes (no run the
//! confirming round would rewrite), which the Fixer relies on to skip that
//! round. Tests: `tests/index_fast.rs` (every clean and bench line, and a
//! proptest) compare with the sequential pipeline.

use std::sync::OnceLock;

use super::classes::{is_cj, is_fullwidth_punct, is_han, is_hangul, is_kana};
use super::display_fast::{pair_index, pair_slot};

/// ASCII bytes the fused pass copies as they are (not upper case, not
/// space, controls, `.`, `-`, `&`, `?`: a Windows decoder's mark that can
/// start a run, a repair trigger at an ASCII byte).
static PLAIN_ASCII: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0x21;
    while b < 0x7F {
        t[b] = !matches!(b as u8, b'A'..=b'Z' | b'.' | b'-' | b'&' | b'?');
        b += 1;
    }
    t
};

/// [`PLAIN_ASCII`] and the space (what `plain_prefix::<true>` tests): in a run of ASCII, a run of spaces
/// whose neighbours are both ASCII stays (the space rule of the fused loop
/// needs a fullwidth lead byte on one side).
#[cfg(test)]
static PLAIN_OR_SPACE: [bool; 256] = {
    let mut t = PLAIN_ASCII;
    t[b' ' as usize] = true;
    t
};

/// The eight bytes of `bytes` from `i`, as a little-endian word.
pub(crate) fn word_at(bytes: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[i..i + 8]);
    u64::from_le_bytes(w)
}

/// How many of the first bytes of `w` (little-endian: the text's order)
/// are in [`PLAIN_ASCII`], 8 when all are (bit tricks, "Bit Twiddling
/// Hacks": a byte with its high bit, a byte below `n`, a zero byte, a byte
/// between two values, each tested on all eight bytes at once). A borrow
/// can flag a byte after one that matches, never before, so the lowest
/// flagged byte is exact.
///
/// With `SPACE`, a space counts as plain too.
fn plain_prefix<const SPACE: bool>(w: u64) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let below = if SPACE { 0x20 } else { 0x21 };
    // Bytes from 0x80, below 0x21 (space, controls; 0x20 with `SPACE`),
    // 0x7F and `?` (`?` | 0x40 is 0x7F; a high byte is flagged anyway),
    // `.`, `-`, `&`.
    let mut flagged = w & HIGH
        | w.wrapping_sub(ONES * below) & !w & HIGH
        | zero((w | (ONES * 0x40)) ^ (ONES * 0x7F))
        | zero(w ^ (ONES * u64::from(b'.')))
        | zero(w ^ (ONES * u64::from(b'-')))
        | zero(w ^ (ONES * u64::from(b'&')));
    // Upper case: 0x40 < byte < 0x5B (on the low seven bits: no carry
    // between bytes; a high byte is flagged above).
    let low7 = w & (ONES * 0x7F);
    flagged |= (ONES * (127 + 0x5B)).wrapping_sub(low7)
        & !w
        & low7.wrapping_add(ONES * (127 - 0x40))
        & HIGH;
    (flagged.trailing_zeros() / 8) as usize
}

const SLOW: u32 = 0;
const KEEP: u32 = 1;
/// Set on an action when an encoding repair's context test can start at the
/// character (the Fixer's first bit test): the fused loop asks the Fixer
/// whether one does, in the segment.
const START: u32 = 1 << 31;
/// Set on an action when the character, or what it becomes, is a
/// single-character fixer's trigger: the segment goes slow.
const CHAR_TRIGGER: u32 = 1 << 30;
/// Set on an action when an encoding repair's context test can start at the
/// character or at one of what it becomes (else the result needs no look
/// for repair triggers there).
const MAY_START: u32 = 1 << 29;
/// Set on an action when the fused loop has a rule in context for the
/// character ([`has_context_rule`]).
const CONTEXT: u32 = 1 << 28;
const FLAGS: u32 = START | CHAR_TRIGGER | MAY_START | CONTEXT;

/// [`Table::pair`]: what a [`P_START`] character's masks before the
/// character must meet (bits 0–13, [`follow_entry`]): from its
/// `cjk::follow_masks` `F | U << 5`, `F` less the encodings in which the
/// character alone rules out the UTF-8 sequence a pair would start
/// ([`next_kills`]), `U`, and `F` again.
const P_FOLLOW: u32 = 0x3FFF;
/// [`Table::pair`]: where a [`P_START`] character's masks
/// ([`start_entry`], from `cjk::pair_only_masks`) start (bits 16–29), so
/// that the entry shifted by this much is what the next character's
/// [`P_FOLLOW`] is tested against.
const P_START_SHIFT: u32 = 16;
/// [`Table::pair`]: the character's action is `KEEP` with `START` and
/// `MAY_START`, and the encoding repairs' trigger test at it is the CJK
/// pair test and nothing else ([`crate::Fixer::index_pair_only`]). Bit 30:
/// shifted, bit 14, outside [`P_FOLLOW`].
const P_START: u32 = 1 << (P_START_SHIFT + 14);
/// [`Table::pair`]: the character ends the scan's run (its action is
/// neither exactly `KEEP` nor that of a [`P_START`] character).
const P_STOP: u32 = 1 << 31;
/// [`Table::pair`], bits 15–29 of a [`P_STOP`] character's entry (where a
/// `P_START` one has its masks, from bit 16): which bits of a start pending before it
/// still call for the caller's look when the scan stops there ([`plain_run`]).
/// All of them (this) but for a character replaced by one ASCII byte and
/// nothing else ([`Table::ascii_of`]: `，` → `,`), whose entry keeps its own
/// [`P_FOLLOW`] bits and [`P_TWO_BYTE`]: a start whose pair it rules out in
/// the segment, and without `two_byte_utf8` encodings (so no trigger with
/// an ASCII byte after it in the result), has no trigger.
const P_KEEP_ALL: u32 = 0x7FFF;
/// Where [`P_KEEP_ALL`]'s bits start in an entry.
const P_KEEP_SHIFT: u32 = 15;
/// In a [`P_START`] character's masks as [`P_FOLLOW`] ([`start_entry`]),
/// `T`: `two_byte_utf8`'s encodings. When they are none, the
/// pair test at the character fails whenever the next character is ASCII
/// (or there is none): its multi-byte sub-test needs a non-ASCII next
/// character, and it has no other ([`plain_run`] passes such a start
/// followed by an ASCII byte that stays ASCII in the result).
const P_TWO_BYTE: u32 = 0xF << 5;

/// The encodings (bit k for `Legacy::ALL[k]`) in which `c`'s bytes are
/// `[E0..=EF, x]`: the lead of a three-byte UTF-8 sequence (the CJK
/// trigger's `D_LEAD3`).
fn lead3(c: char) -> u32 {
    use crate::mojibake::cjk::legacy::Legacy;
    let mut m = 0;
    for (k, legacy) in Legacy::ALL.into_iter().enumerate() {
        if let Some(&[y, _]) = legacy.encode_char(c).as_ref().map(|b| b.as_slice()) {
            if (0xE0..=0xEF).contains(&y) {
                m |= 1 << k;
            }
        }
    }
    m
}

/// The encodings in which `n` alone rules out the sequence a pair `c n`
/// would continue when `c`'s bytes are `[E0..=EF, x]` (the CJK trigger's
/// `D_N_KILLS`: `n` has no bytes there, or two whose first is not a
/// continuation byte, or whose second can neither start a sequence nor be
/// ASCII), whatever follows, unless a U+FFFD follows within 12 characters
/// (which the fused loop never passes nor writes: a segment holding one
/// goes slow).
fn next_kills(n: char) -> u32 {
    use crate::mojibake::cjk::legacy::Legacy;
    let cont = |b: u8| (0x80..=0xBF).contains(&b);
    let mut m = 0;
    for (k, legacy) in Legacy::ALL.into_iter().enumerate() {
        match legacy.encode_char(n).as_ref().map(|b| b.as_slice()) {
            None => m |= 1 << k,
            Some(&[y, z]) if !cont(y) || (z >= 0x80 && !(0xE0..=0xF0).contains(&z)) => m |= 1 << k,
            Some(_) => {}
        }
    }
    m
}

/// [`Table::pair`]'s [`P_FOLLOW`] bits for a non-ASCII `n`: `F & !K | U << 5
/// | F << 9` (`F | U << 5` its `cjk::follow_masks`, `K` [`next_kills`]).
fn follow_entry(n: char) -> u32 {
    let fu = u32::from(crate::mojibake::cjk::follow_masks(n));
    let f = fu & 0x1F;
    f & !next_kills(n) | fu & 0x1E0 | f << 9
}

/// [`Table::pair`]'s mask bits (before the shift) for a [`P_START`]
/// character `c` with `cjk::pair_only_masks` `m = L | T << 5`: `L3 | T << 5
/// | (L & !L3) << 9`, `L3` the encodings of `L` where `c`'s bytes are
/// `[E0..=EF, x]` ([`lead3`]). Against [`follow_entry`], the pair test
/// fails at `c` followed by a three-byte `n` when `L3 & F & !K`, `T & U`
/// and `(L & !L3) & F` are all 0: the multi-byte sub-test keeps only the
/// encodings in phase (`L & F`) that `n` does not rule out where `c` leads
/// a three-byte sequence (`utf8_mask_at`), `two_byte_utf8` only those in
/// `T & U` (`tests::refined_pairs_decide_as_the_trigger_test`).
fn start_entry(c: char, m: u16) -> u32 {
    let l = u32::from(m) & 0x1F;
    let l3 = l & lead3(c);
    l3 | u32::from(m) & 0x1E0 | (l & !l3) << 9
}

/// The characters the fused loop judges in context (its `match` on them:
/// keep the two lists the same; one missing here would skip its rule, one
/// missing there goes slow).
fn has_context_rule(c: char) -> bool {
    matches!(
        c,
        '。' | '—' | '─' | '－' | '‧' | '•' | '・' | '．' | '∙' | '⋅' | '…' | '\u{2018}'
            ..='\u{201F}'
    )
}

/// [`Table::maps_flags`]: the replacement holds a character with a rule
/// for runs.
const RUN_CHAR: u8 = 1;
/// [`Table::maps_flags`]: the replacement holds `&`.
const AMP: u8 = 2;

struct Table {
    /// Per BMP code point: `SLOW`, `KEEP`, or `2 + index` into `maps`;
    /// with `START`, `CHAR_TRIGGER` and `MAY_START` as they apply.
    action: Box<[u32]>,
    /// Per BMP code point, one bit each (word `cp >> 6`, bit `cp & 63`, so
    /// that a three-byte sequence indexes the word with its first two bytes
    /// and the bit with its last): whether its action is exactly `KEEP`
    /// where an encoding repair's test can start (`START`, `MAY_START`):
    /// kept, and asked about, without the general dispatch.
    keep_start: Box<[u64; 1024]>,
    /// Per BMP code point, for the loop over three-byte characters
    /// ([`plain_run`]): [`P_STOP`], or [`P_START`] with its masks, or
    /// neither (kept as it is, no flag), and the character's masks as the
    /// next one ([`P_FOLLOW`]). A `P_START`
    /// character followed by a three-byte character the loop passes and
    /// whose masks it does not meet has no trigger there, in the segment
    /// nor in the result (where the same character follows it): the loop
    /// passes both without asking the Fixer or noting a start. Indexed by
    /// `display_fast::pair_slot` (what `pair_index` makes of the bytes).
    pair: Box<[u32; 0x10000]>,
    /// Per BMP code point: the ASCII byte that replaces it when its action
    /// is a replacement by that one byte (printable, not `&`) and nothing
    /// else (no flag; `。` with only its rule for runs, checked there),
    /// else 0: written inside the loop over three-byte characters (`，` is
    /// `,`).
    ascii_of: Box<[u8; 0x10000]>,
    /// Per replacement in `maps`: [`RUN_CHAR`] if it holds a character with
    /// a rule for runs ([`confirm`]'s second look: `─ — … ⋯ ―`), [`AMP`] if
    /// it holds `&`.
    maps_flags: Vec<u8>,
    maps: Vec<String>,
    /// Per BMP code point: the passes before `remove_punct_spaces` leave
    /// the character one character of the same class for the space and dash
    /// rules (fullwidth lead byte, fullwidth punctuation, CJ, Hangul,
    /// whitespace), so its class there is its class in the input.
    early_stable: Box<[bool]>,
    /// Whether a printable ASCII character, `·` or `—` (what the context
    /// rules write) is a single-character fixer's trigger (then every
    /// segment goes slow; not so in `Config::index()`).
    rules_trigger: bool,
    /// Whether an encoding repair's context test can start at `·` or `—`.
    rules_start: bool,
    /// Whether the passes before `cjk_dashes` leave `─` and `－` as they
    /// are (so that it sees their pairs as in the segment).
    dash_pairs: bool,
}

/// Characters whose passes need context the fused loop does not model.
fn always_slow(c: char) -> bool {
    matches!(c, '⋯' | '―' | '･' | '`')
        || super::classes::joins_neighbours(c)
        || matches!(c as u32,
        0x200B..=0x200F | 0x2028..=0x202F | 0x205F..=0x206F // spaces, format
        | 0x3000)
        || c.is_whitespace()
        || c.is_control()
}

/// The BMP ranges the table covers (others go slow).
fn covered(cp: u32) -> bool {
    matches!(cp,
        0x21..=0x7E
        | 0xA1..=0xFF
        | 0x2010..=0x205E
        | 0x2100..=0x27FF
        | 0x3001..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7A3
        | 0xFF01..=0xFF60
        | 0xFFE0..=0xFFE6)
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let config = crate::Config::index();
        let fixer = crate::Fixer::new(config.clone());
        let ops = super::compile(&config);
        let mut action = vec![SLOW; 0x10000].into_boxed_slice();
        let mut early_stable = vec![false; 0x10000].into_boxed_slice();
        let mut outs: Vec<(u32, String)> = Vec::new();
        for cp in 0..0x10000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if !covered(cp) || always_slow(c) {
                continue;
            }
            let s = c.to_string();
            // The passes before `remove_punct_spaces`, on the character alone.
            let mut early = s.clone();
            for op in &ops {
                if op.switch == "remove_punct_spaces" {
                    break;
                }
                early = (op.fix)(&early).into_owned();
            }
            // What the space and dash rules ask of a neighbour.
            let class = |c: char| {
                let lead = c.to_string().as_bytes()[0];
                (
                    matches!(lead, 0xE3 | 0xEF),
                    is_fullwidth_punct(c),
                    is_cj(c),
                    is_hangul(c),
                    c.is_whitespace(),
                )
            };
            let mut chars = early.chars();
            early_stable[cp as usize] = match (chars.next(), chars.next()) {
                (Some(d), None) => class(d) == class(c),
                _ => false,
            };
            // The whole sequential pipeline on the character alone.
            let out = fixer.fix_and_explain(&s).text;
            outs.push((cp, out));
        }
        // Unchanged characters first, then replacements made of ASCII
        // (not a space) or of one unchanged character.
        for (cp, out) in &outs {
            if out.chars().eq(char::from_u32(*cp)) {
                action[*cp as usize] = KEEP;
            }
        }
        // A backtick (slow in the table: it delimits protected spans) is a
        // neighbour like any other ASCII character for the space and dash
        // rules, which check protection themselves; no pass changes it,
        // and no fused replacement writes one (`｀` goes slow), so the
        // spans stay those of the segment in every round.
        let mut early = String::from("`");
        for op in &ops {
            if op.switch == "remove_punct_spaces" {
                break;
            }
            early = (op.fix)(&early).into_owned();
        }
        early_stable['`' as usize] = early == "`";
        let dash_pairs = ["──", "－－"].iter().all(|&pair| {
            let mut early = pair.to_string();
            for op in &ops {
                if op.switch == "cjk_dashes" {
                    break;
                }
                early = (op.fix)(&early).into_owned();
            }
            early == pair
        });
        // `…` alone stays through the earlier passes, but not next to CJ
        // (`cjk_ellipsis`): never stable.
        early_stable['…' as usize] = false;
        let mut maps = Vec::new();
        for (cp, out) in outs {
            let c = char::from_u32(cp).expect("a char");
            if action[cp as usize] == KEEP || out.is_empty() || is_cj(c) {
                continue;
            }
            let ascii = out.bytes().all(|b| (0x21..=0x7E).contains(&b) && b != b'`');
            let mut chars = out.chars();
            let single = match (chars.next(), chars.next()) {
                (Some(d), None) => (d as u32) < 0x10000 && action[d as usize] == KEEP && !is_cj(d),
                _ => false,
            };
            if ascii || single {
                action[cp as usize] = 2 + maps.len() as u32;
                maps.push(out);
            }
        }
        // Kept alone, but with a rule in context (`cjk_dashes` for runs,
        // `cjk_interpunct` between Han): never `KEEP`, so the fused loop
        // looks at them. (An interpunct next to a space or a dash is not
        // between Han: the space and dash rules see it as it is.)
        for c in ['─', '—', '‧', '•', '・', '∙', '⋅'] {
            if action[c as usize] == KEEP {
                action[c as usize] = 2 + maps.len() as u32;
                maps.push(c.to_string());
            }
        }
        // Where an encoding repair's context test can start, and the
        // single-character fixers' triggers.
        let char_trigger = |s: &str| s.chars().any(|c| fixer.index_triggers(c).1);
        let start_in = |s: &str| s.chars().any(|c| fixer.index_triggers(c).0);
        for cp in 0..0x10000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let a = action[cp as usize];
            if a == SLOW {
                continue;
            }
            let (start, trigger) = fixer.index_triggers(c);
            if start {
                action[cp as usize] |= START | MAY_START;
            }
            if a >= 2 && start_in(&maps[(a - 2) as usize]) {
                action[cp as usize] |= MAY_START;
            }
            if trigger || (a >= 2 && char_trigger(&maps[(a - 2) as usize])) {
                action[cp as usize] |= CHAR_TRIGGER;
            }
        }
        for c in ('\u{2000}'..='\u{FFFF}').filter(|&c| has_context_rule(c)) {
            action[c as usize] |= CONTEXT;
        }
        // What the context rules write.
        let rules_trigger = char_trigger("·—")
            || (0x20..0x7F)
                .chain([b'\n'])
                .any(|b: u8| char_trigger(&char::from(b).to_string()));
        let rules_start = start_in("·—");
        let mut keep_start = Box::new([0u64; 1024]);
        let mut pair: Box<[u32; 0x10000]> = vec![0u32; 0x10000]
            .into_boxed_slice()
            .try_into()
            .expect("0x10000 entries");
        let mut ascii_of: Box<[u8; 0x10000]> = vec![0u8; 0x10000]
            .into_boxed_slice()
            .try_into()
            .expect("0x10000 bytes");
        for (cp, &a) in action.iter().enumerate() {
            let a = if cp == '。' as usize {
                a & !CONTEXT
            } else {
                a
            };
            if a >= 2 && a & FLAGS == 0 {
                if let &[b] = maps[(a - 2) as usize].as_bytes() {
                    if (0x21..0x7F).contains(&b) && b != b'&' {
                        ascii_of[cp] = b;
                    }
                }
            }
            let c = char::from_u32(cp as u32);
            if let Some(c) = c.filter(|c| !c.is_ascii()) {
                pair[cp] = follow_entry(c);
            }
            match c.and_then(|c| fixer.index_pair_only(c)) {
                Some(m) if a == KEEP | START | MAY_START => {
                    let masks = start_entry(c.expect("a char"), m) & P_FOLLOW;
                    pair[cp] |= P_START | masks << P_START_SHIFT;
                }
                _ if a == KEEP => {}
                _ => pair[cp] |= P_STOP,
            }
            if pair[cp] & P_STOP != 0 {
                let keep = if ascii_of[cp] != 0 {
                    pair[cp] & P_FOLLOW | P_TWO_BYTE
                } else {
                    P_KEEP_ALL
                };
                pair[cp] |= keep << P_KEEP_SHIFT;
            }
            if a == KEEP | START | MAY_START {
                keep_start[cp / 64] |= 1 << (cp % 64);
            }
        }
        // Built by code point, stored by slot (`pair_slot`, a permutation).
        let mut slots = pair.clone();
        for (cp, &x) in pair.iter().enumerate() {
            slots[pair_slot(cp)] = x;
        }
        let pair = slots;
        let maps_flags = maps
            .iter()
            .map(|m| {
                let run = if m.chars().any(is_run_char) {
                    RUN_CHAR
                } else {
                    0
                };
                run | if m.contains('&') { AMP } else { 0 }
            })
            .collect();
        Table {
            action,
            keep_start,
            pair,
            ascii_of,
            maps_flags,
            maps,
            early_stable,
            rules_trigger,
            rules_start,
            dash_pairs,
        }
    })
}

/// Whether `remove_punct_spaces` would remove the run of spaces
/// `s..e` of `text` (its rule, protected spans aside: the caller rules out
/// backticks, and no other protected span holds a space).
fn removes_spaces(text: &str, s: usize, e: usize) -> Option<(char, char, bool)> {
    let bytes = text.as_bytes();
    let fullwidth_lead = |at: usize| matches!(bytes.get(at), Some(0xE3 | 0xEF));
    if s == 0 || !(s >= 3 && fullwidth_lead(s - 3) || fullwidth_lead(e)) {
        return None;
    }
    if text[e..]
        .bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        return None;
    }
    let l = text[..s].chars().next_back()?;
    let r = text[e..].chars().next()?;
    let remove = (is_fullwidth_punct(l) || is_fullwidth_punct(r))
        && !is_hangul(l)
        && !is_hangul(r)
        && !l.is_whitespace();
    Some((l, r, remove))
}

/// Whether `cjk_dashes` rewrites the pair of dashes `i..end` of `text`
/// (its rule: the nearest characters that are not spaces or tabs on both
/// sides are CJ or fullwidth punctuation, one of them CJ). `Err` when a
/// neighbour is not `stable` (earlier passes could change its class).
fn dashes_act(text: &str, i: usize, end: usize, stable: Option<&[bool]>) -> Result<bool, u32> {
    let left = text[..i].chars().rev().find(|&d| d != ' ' && d != '\t');
    let right = text[end..].chars().find(|&d| d != ' ' && d != '\t');
    let (Some(l), Some(r)) = (left, right) else {
        return Ok(false);
    };
    if let Some(stable) = stable {
        let ok = |c: char| (c as u32) < 0x10000 && stable[c as usize];
        if !ok(l) || !ok(r) {
            return Err(2);
        }
    }
    let cj_or_punct = |c: char| is_cj(c) || is_fullwidth_punct(c);
    Ok(cj_or_punct(l) && cj_or_punct(r) && (is_cj(l) || is_cj(r)))
}

/// Whether the nearest characters that are not spaces or tabs around
/// `text[i..end]` (a run `cjk_ellipsis` rewrites when they allow) include
/// CJ, and Hangul. `Err` when one is not stable (earlier passes could
/// change its class; a line break, or none, is never CJ or Hangul).
fn ellipsis_context(
    text: &str,
    i: usize,
    end: usize,
    stable: Option<&[bool]>,
) -> Result<(bool, bool), u32> {
    let left = text[..i].chars().rev().find(|&d| d != ' ' && d != '\t');
    let right = text[end..].chars().find(|&d| d != ' ' && d != '\t');
    if let Some(stable) = stable {
        let stable = |d: Option<char>| match d {
            None | Some('\n') => true,
            Some(d) => (d as u32) < 0x10000 && stable[d as usize],
        };
        if !stable(left) || !stable(right) {
            return Err(26);
        }
    }
    let cj = left.is_some_and(is_cj) || right.is_some_and(is_cj);
    let hangul = left.is_some_and(is_hangul) || right.is_some_and(is_hangul);
    Ok((cj, hangul))
}

fn run_len(bytes: &[u8], i: usize, unit: &[u8]) -> usize {
    let mut n = 0;
    let mut j = i;
    while bytes[j..].starts_with(unit) {
        n += 1;
        j += unit.len();
    }
    n
}

/// Where [`fuse`]'s result differs from the segment, and where encoding
/// repair triggers can start in it (buffers kept between segments).
#[derive(Default)]
pub(crate) struct Changes {
    /// The byte ranges of the result where it differs from the segment
    /// (sorted, disjoint; an empty range where text was removed): outside
    /// them the result is, piece by piece, byte for byte the segment.
    pub(crate) dirty: Vec<(usize, usize)>,
    /// Byte offsets (ascending, character boundaries) of the result that
    /// include every character where an encoding repair's context test can
    /// start, but those the loop found to have no trigger (a `P_START`
    /// character whose pair the next one, kept beside it, rules out: see
    /// [`Table::pair`], here refined by what the next character alone rules
    /// out; the `display` loop leaves out such starts by its own table, see
    /// `display_fast::fuse_into`; and, here, one without [`P_TWO_BYTE`]
    /// encodings followed by an ASCII byte that stays beside it, or by a
    /// one-byte replacement whose pair the entries rule out, see
    /// [`plain_run`]).
    pub(crate) starts: Vec<usize>,
    /// Whether the segment or the result may hold `&` (else neither does,
    /// and HTML unescaping leaves both alone).
    pub(crate) amp: bool,
}

/// The most elements a per-thread buffer of the fused passes keeps between
/// segments; one grown larger by a huge segment is dropped after it.
pub(crate) const MAX_KEPT: usize = 1 << 16;

impl Changes {
    /// Drops buffers grown past [`MAX_KEPT`] (kept per thread by the
    /// Fixer, they would otherwise stay at the largest segment's size).
    pub(crate) fn shrink_if_large(&mut self) {
        if self.dirty.capacity() > MAX_KEPT || self.starts.capacity() > MAX_KEPT {
            *self = Changes::default();
        }
    }
}

/// The `index` preset's passes, NFKC, casefold and confirming round on a
/// segment without single-character-fixer triggers (nor do its replacements
/// hold any): the result of the sequential pipeline as the segment stood
/// without its encoding repairs and single-character fixers; `None` when
/// the segment needs the sequential pipeline.
///
/// `repair_at(i, c, len)` is asked at every character `c` (`len` bytes, at
/// byte `i` of `text`) where an encoding repair's trigger can start, until
/// it says it needs no more (the Fixer tests the triggers there). `changes`
/// receives where the result differs and where triggers can start in it.
#[cfg(test)]
pub(crate) fn fuse(
    text: &str,
    repair_at: impl FnMut(usize, u32, usize) -> bool,
    changes: &mut Changes,
) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    fuse_why(text, repair_at, changes, &mut out).ok()?;
    Some(out)
}

/// [`fuse`], appending the result to `out` (the caller's output buffer,
/// so no string per segment); `false`, with `out` as it was, when the
/// segment needs the sequential pipeline. `changes` are relative to where
/// the result starts in `out` (its length before the call).
pub(crate) fn fuse_into(
    text: &str,
    repair_at: impl FnMut(usize, u32, usize) -> bool,
    changes: &mut Changes,
    out: &mut String,
) -> bool {
    let base = out.len();
    if fuse_why(text, repair_at, changes, out).is_ok() {
        true
    } else {
        out.truncate(base);
        false
    }
}

/// Whether `c` has a rule for runs that [`confirm`] looks at wherever it
/// is in the result.
fn is_run_char(c: char) -> bool {
    matches!(c, '─' | '—' | '…' | '⋯' | '―')
}

/// Appends `pending` (segment text not yet copied) and then `——` in place
/// of a dash run, without the spaces before it (`cjk_dashes` joins the
/// dashes to their neighbours), forgetting repair starts noted from there
/// on and marking the result dirty; where (from `base`) the `——` starts.
fn push_dashes(
    out: &mut String,
    base: usize,
    pending: &str,
    starts: &mut Vec<usize>,
    dirty: &mut Vec<(usize, usize)>,
) -> usize {
    out.push_str(pending);
    while out.len() > base && out.ends_with(' ') {
        out.pop();
    }
    let start = out.len() - base;
    while starts.last().is_some_and(|&q| q >= start) {
        starts.pop();
    }
    out.push_str("——");
    mark(dirty, start, out.len() - base);
    start
}

/// Marks `start..end` of the result as changed (merged with the previous
/// range when they touch).
pub(crate) fn mark(dirty: &mut Vec<(usize, usize)>, start: usize, end: usize) {
    let (mut start, mut end) = (start, end);
    while let Some(&(s, e)) = dirty.last() {
        if start > e {
            break;
        }
        start = start.min(s);
        end = end.max(e);
        dirty.pop();
    }
    dirty.push((start, end));
}

/// Notes every character of `out[from..]` as a possible trigger start.
fn starts_from(starts: &mut Vec<usize>, out: &str, from: usize) {
    starts.extend(out[from..].char_indices().map(|(k, _)| from + k));
}

/// The end of the run from `j` of what the fused loop keeps as it is
/// without a look at context: three-byte characters kept as they are
/// (their bit in `plain`), plain ASCII ([`PLAIN_ASCII`]), and spaces the
/// space rule of [`fuse_why`] leaves (its first test: no fullwidth lead
/// byte three bytes before the run nor right after it), as between most
/// words of Chinese with spaces or of English. One loop for all three,
/// so that text alternating between them stays in it.
///
/// Three-byte characters where a repair's test can start pass too when
/// the test is the CJK pair test and the next character, passed as well,
/// rules it out ([`Table::pair`]), and when its masks have no
/// [`P_TWO_BYTE`] encodings and the next character is an ASCII byte that
/// stays beside it in the result as an ASCII byte (any the loop keeps or
/// folds, and a lone space the space rule leaves; not `-`, of which a pair
/// becomes `——`, nor a space it may remove, after which a non-ASCII
/// character may follow it in the result): the pair test fails there in
/// the segment and in the result. Returns the end and, when the character
/// before it is such a start whose pair was not ruled out, not 0: the
/// caller asks about it (none before a one-byte replacement whose pair with
/// it the entries rule out, when it has no [`P_TWO_BYTE`] encodings:
/// [`P_KEEP_ALL`]).
#[inline(always)]
fn plain_run(bytes: &[u8], mut j: usize, pair: &[u32; 0x10000]) -> (usize, u32) {
    let fullwidth_lead = |b: u8| matches!(b, 0xE3 | 0xEF);
    // Whether the space at `k` is one the scan passes (below): a lone
    // space with no fullwidth lead byte three bytes before it or right
    // after it, which the space rule leaves.
    let lone_space_stays = |k: usize| {
        !(k >= 3 && fullwidth_lead(bytes[k - 3]))
            && bytes
                .get(k + 1)
                .map_or(true, |&b| b != b' ' && !fullwidth_lead(b))
    };
    // What ends the run at the next three-byte character: `P_STOP`, and
    // when the character before `j` is a `P_START`, its masks as a
    // `P_FOLLOW` (and bit 14).
    let mut stop = P_STOP;
    while let Some(&b0) = bytes.get(j) {
        if b0 < 0x80 {
            if stop != P_STOP {
                // A start before an ASCII byte: ruled out when it has no
                // `two_byte_utf8` encodings and the byte stays ASCII
                // beside it in the result.
                if stop & P_TWO_BYTE != 0 || b0 == b'-' || b0 == b' ' && !lone_space_stays(j) {
                    return (j, stop & !P_STOP);
                }
                stop = P_STOP;
            }
            if PLAIN_ASCII[b0 as usize] {
                j += 1;
                // Eight bytes at a time (the plain ones and spaces among
                // them at once): spaces between ASCII stay (an ASCII byte
                // on the left, so no fullwidth lead byte three bytes
                // before); those before a fullwidth lead byte are left to
                // the test below.
                while j + 8 <= bytes.len() {
                    let n = plain_prefix::<true>(word_at(bytes, j));
                    j += n;
                    if n < 8 {
                        break;
                    }
                }
                if bytes.get(j).is_some_and(|&b| fullwidth_lead(b)) {
                    while bytes[j - 1] == b' ' {
                        j -= 1;
                    }
                }
                continue;
            }
            // A lone space (a run of them goes to the space rule).
            if b0 == b' ' && lone_space_stays(j) {
                j += 1;
                continue;
            }
            return (j, 0);
        }
        // Three-byte characters (the BMP above U+07FF), decoded by hand
        // (`text` is valid UTF-8). One test (one branch, which stays
        // predicted through a run): the run ends at a character neither
        // kept nor such a start, or one whose masks meet the pending start's.
        let [_, b1, b2, ..] = bytes[j..] else {
            return (j, stop & !P_STOP);
        };
        // (The lookup's bounds test is the three-byte lead test:
        // `display_fast::pair_index`.)
        let Some(&x) = pair.get(pair_index(b0, b1, b2)) else {
            return (j, stop & !P_STOP);
        };
        if x & stop != 0 {
            // What of the pending start still needs a look: all of it when
            // `x` has no `P_STOP` (its masks met), else what the entry's
            // bits 15–29 keep (`P_KEEP_ALL`; less before a one-byte
            // replacement). No branch: `P_STOP` is the sign bit.
            let keep = x >> P_KEEP_SHIFT | !((x as i32 >> 31) as u32);
            return (j, stop & !P_STOP & keep);
        }
        // (No `P_STOP` in `x` here: bits 16–30 only.)
        stop = P_STOP | x >> P_START_SHIFT;
        j += 3;
        // Then two characters a turn while six bytes are left (one length
        // test and one step for both); at a character that is not three
        // bytes long, back to the loop above (an ASCII byte goes on there,
        // any other ends the run at its first lookup); a stop returns at once.
        let mut rest = &bytes[j..];
        while let [b0, b1, b2, b3, b4, b5, tail @ ..] = rest {
            let Some(&x) = pair.get(pair_index(*b0, *b1, *b2)) else {
                break;
            };
            if x & stop != 0 {
                let keep = x >> P_KEEP_SHIFT | !((x as i32 >> 31) as u32);
                return (bytes.len() - rest.len(), stop & !P_STOP & keep);
            }
            stop = P_STOP | x >> P_START_SHIFT;
            let Some(&y) = pair.get(pair_index(*b3, *b4, *b5)) else {
                rest = &rest[3..];
                break;
            };
            if y & stop != 0 {
                let keep = y >> P_KEEP_SHIFT | !((y as i32 >> 31) as u32);
                return (bytes.len() - rest.len() + 3, stop & !P_STOP & keep);
            }
            stop = P_STOP | y >> P_START_SHIFT;
            rest = tail;
        }
        j = bytes.len() - rest.len();
    }
    (j, stop & !P_STOP)
}

/// [`fuse`], or where it gave up (a source line, for tuning).
///
/// Appends to `out` (whose first `out.len()` bytes at the call are not
/// the result's: offsets are relative to that base); on `Err`, `out` holds
/// a partial result the caller drops.
fn fuse_why(
    text: &str,
    mut repair_at: impl FnMut(usize, u32, usize) -> bool,
    changes: &mut Changes,
    out: &mut String,
) -> Result<(), u32> {
    let t = table();
    if t.rules_trigger {
        return Err(5);
    }
    let Changes { dirty, starts, amp } = changes;
    dirty.clear();
    starts.clear();
    *amp = false;
    // Whether `repair_at` needs no more asks.
    let mut repair_done = false;
    let bytes = text.as_bytes();
    let base = out.len();
    out.reserve(text.len());
    // Whether the result may hold a character with a rule for runs.
    let mut run_chars = false;
    // `text[copied..i]` is unchanged so far and not yet in `out`.
    let mut copied = 0;
    // Whether the segment holds kana (Japanese keeps its interpuncts).
    let mut kana: Option<bool> = None;
    // Protected spans (inline code) keep their spaces and dashes.
    let mut spans = super::punct::Spans::new(text);
    let mut i = 0;
    let pair: &[u32; 0x10000] = &t.pair;
    let keep_start: &[u64; 1024] = &t.keep_start;
    let ascii_of: &[u8; 0x10000] = &t.ascii_of;
    loop {
        let pending;
        (i, pending) = plain_run(bytes, i, pair);
        if pending != 0 {
            // The start before `i` whose pair test the loop could not
            // rule out: asked about as in the three-byte case below.
            let p = i - 3;
            starts.push(out.len() - base + (p - copied));
            let cp = (u32::from(bytes[p] & 0x0F) << 12)
                | (u32::from(bytes[p + 1] & 0x3F) << 6)
                | u32::from(bytes[p + 2] & 0x3F);
            if !repair_done && repair_at(p, cp, 3) {
                repair_done = true;
            }
            // The scan goes on from `i` (whose own pair, if it is such a
            // start, is tested with the next).
            continue;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if b < 0x80 {
            match b {
                b'A'..=b'Z' => {
                    // The run of capitals, folded.
                    let mut j = i + 1;
                    while j < bytes.len() && bytes[j].is_ascii_uppercase() {
                        j += 1;
                    }
                    out.push_str(&text[copied..j]);
                    let at = out.len() - base - (j - i);
                    out[base + at..].make_ascii_lowercase();
                    mark(dirty, at, at + (j - i));
                    i = j;
                    copied = j;
                    continue;
                }
                b' ' => {
                    let mut e = i + 1;
                    while e < bytes.len() && bytes[e] == b' ' {
                        e += 1;
                    }
                    // (The first test of `removes_spaces`, inline: no
                    // fullwidth lead byte on either side, as between most
                    // words.)
                    let fullwidth_lead = |at: usize| matches!(bytes.get(at), Some(0xE3 | 0xEF));
                    if !(i >= 3 && fullwidth_lead(i - 3) || fullwidth_lead(e)) {
                        i = e;
                        continue;
                    }
                    if let Some((l, r, remove)) = removes_spaces(text, i, e) {
                        let stable = |c: char| (c as u32) < 0x10000 && t.early_stable[c as usize];
                        if !stable(l) || !stable(r) {
                            return Err(21);
                        }
                        if remove && !spans.protects(i) {
                            out.push_str(&text[copied..i]);
                            let at = out.len() - base;
                            mark(dirty, at, at);
                            copied = e;
                        }
                    }
                    i = e;
                    continue;
                }
                b'.' => {
                    let n = run_len(bytes, i, b".");
                    if n >= 4 {
                        // `cjk_ellipsis` (to ASCII), as for `…` below: a run
                        // of four dots or more (met at its first dot, and
                        // passed whole) whose nearest characters that are
                        // not spaces or tabs include CJ and no Hangul
                        // becomes `...`; else it stays.
                        let end = i + n;
                        let (cj, hangul) = ellipsis_context(text, i, end, Some(&t.early_stable))?;
                        if cj && !hangul && !spans.protects(i) {
                            out.push_str(&text[copied..i]);
                            let start = out.len() - base;
                            out.push_str("...");
                            mark(dirty, start, out.len() - base);
                            copied = end;
                        }
                        i = end;
                        continue;
                    }
                }
                b'-' => {
                    let n = run_len(bytes, i, b"-");
                    if n == 2
                        && dashes_act(text, i, i + 2, Some(&t.early_stable))?
                        && !spans.protects(i)
                    {
                        // `——`, the spaces around the pair dropped.
                        out.push_str(&text[copied..i]);
                        while out.len() > base && out.ends_with(' ') {
                            out.pop();
                        }
                        let start = out.len() - base;
                        out.push_str("——");
                        run_chars = true;
                        mark(dirty, start, out.len() - base);
                        if t.rules_start {
                            starts_from(starts, &out[base..], start);
                        }
                        let mut j = i + 2;
                        while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
                            j += 1;
                        }
                        i = j;
                        copied = j;
                        continue;
                    }
                    i += n;
                    continue;
                }
                b'&' => *amp = true,
                // A Windows decoder's mark before a run of UTF-8 out of
                // phase (`?꾧뎄`): asked as `?`, one byte.
                b'?' => {
                    if !repair_done
                        && bytes.get(i + 1).is_some_and(|&n| n >= 0x80)
                        && repair_at(i, u32::from(b'?'), 1)
                    {
                        repair_done = true;
                    }
                }
                b'\n' if i + 1 == bytes.len() => {}
                0x21..=0x7E => {}
                _ => return Err(50),
            }
            i += 1;
            continue;
        }
        // Three-byte characters (the BMP above U+07FF), decoded by hand;
        // runs of those kept as they are, without flags, in a tight loop.
        // Three-byte characters kept where a repair's test can start, or
        // replaced by one ASCII byte (as below, without the general
        // dispatch).
        if (0xE0..0xF0).contains(&b) {
            let word = (usize::from(b & 0x0F) << 6) | usize::from(bytes[i + 1] & 0x3F);
            let bit = bytes[i + 2] & 0x3F;
            let cp = ((word as u32) << 6) | u32::from(bit);
            if keep_start[word] >> bit & 1 != 0 {
                starts.push(out.len() - base + (i - copied));
                if !repair_done && repair_at(i, cp, 3) {
                    repair_done = true;
                }
                i += 3;
                continue;
            }
            let b = ascii_of[cp as usize];
            // (`。`: three or more go slow, below.)
            if b != 0 && !(cp == 0x3002 && bytes[i + 3..].starts_with("。。".as_bytes())) {
                out.push_str(&text[copied..i]);
                let at = out.len() - base;
                out.push(char::from(b));
                mark(dirty, at, at + 1);
                i += 3;
                copied = i;
                continue;
            }
        }
        let (cp, len) = if (0xE0..0xF0).contains(&b) {
            let cp = (u32::from(b & 0x0F) << 12)
                | (u32::from(bytes[i + 1] & 0x3F) << 6)
                | u32::from(bytes[i + 2] & 0x3F);
            (cp, 3)
        } else if b < 0xE0 {
            let c = text[i..].chars().next().ok_or(0u32)?;
            (c as u32, c.len_utf8())
        } else {
            return Err(59);
        };
        let action = t.action[cp as usize];
        if action & FLAGS != 0 {
            if action & CHAR_TRIGGER != 0 {
                return Err(6);
            }
            if action & START != 0 {
                // Where the character is in the result if it stays (else
                // where what replaces it starts).
                starts.push(out.len() - base + (i - copied));
                if !repair_done && repair_at(i, cp, len) {
                    repair_done = true;
                }
            }
        }
        let mut replacement_starts = action & MAY_START != 0;
        let start_flag = action & START != 0;
        let context = action & CONTEXT != 0;
        let action = action & !FLAGS;
        if action == KEEP {
            i += len;
            continue;
        }
        let c = char::from_u32(cp).ok_or(0u32)?;
        let replacement: &str = if !context {
            ""
        } else {
            match c {
                '。' => {
                    if run_len(bytes, i, "。".as_bytes()) >= 3 {
                        return Err(64);
                    }
                    ""
                }
                '—' => {
                    // `cjk_dashes`: a lone `—` between CJ (or CJ and fullwidth
                    // punctuation) becomes `——`, the spaces around it dropped.
                    let lone = !text[..i].ends_with('—') && run_len(bytes, i, "—".as_bytes()) == 1;
                    if lone
                        && dashes_act(text, i, i + len, Some(&t.early_stable))?
                        && !spans.protects(i)
                    {
                        // (The `—` itself may be noted where it would have stood.)
                        let start = push_dashes(out, base, &text[copied..i], starts, dirty);
                        run_chars = true;
                        if replacement_starts || t.rules_start {
                            starts_from(starts, &out[base..], start);
                        }
                        let mut j = i + len;
                        while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
                            j += 1;
                        }
                        i = j;
                        copied = j;
                        continue;
                    }
                    // Left alone: what the pipeline makes of it alone.
                    run_chars = true;
                    ""
                }
                '…' => {
                    // `cjk_ellipsis` (to ASCII): a run of `…` whose nearest
                    // characters that are not spaces or tabs include CJ and
                    // no Hangul becomes `...` (not in a protected span);
                    // else NFKC makes each `...`. The neighbours must keep
                    // their class through the passes before it (a line
                    // break, or none, is never CJ or Hangul).
                    let n = run_len(bytes, i, "…".as_bytes());
                    let end = i + n * len;
                    let (cj, hangul) = ellipsis_context(text, i, end, Some(&t.early_stable))?;
                    // The segment's repair triggers at the run's other `…`.
                    if start_flag {
                        for k in 1..n {
                            if !repair_done && repair_at(i + k * len, cp, len) {
                                repair_done = true;
                            }
                        }
                    }
                    out.push_str(&text[copied..i]);
                    let start = out.len() - base;
                    let copies = if cj && !hangul && !spans.protects(i) {
                        1
                    } else {
                        n
                    };
                    for _ in 0..copies {
                        out.push_str("...");
                    }
                    mark(dirty, start, out.len() - base);
                    i = end;
                    copied = end;
                    continue;
                }
                '─' | '－' => {
                    let mut buf = [0u8; 4];
                    let n = run_len(bytes, i, c.encode_utf8(&mut buf).as_bytes());
                    // (In a longer run, met at its start, the last two
                    // are no pair.)
                    if n == 2 && !text[..i].ends_with(c) {
                        // `cjk_dashes`: a pair of `─` or `－` as a pair of
                        // `-` above.
                        if !t.dash_pairs {
                            return Err(71);
                        }
                        let end = i + 2 * len;
                        if dashes_act(text, i, end, Some(&t.early_stable))? && !spans.protects(i) {
                            // The segment's repair triggers at the second.
                            if start_flag && !repair_done && repair_at(i + len, cp, len) {
                                repair_done = true;
                            }
                            // (The first `─` may be noted where it stood.)
                            let start = push_dashes(out, base, &text[copied..i], starts, dirty);
                            run_chars = true;
                            if t.rules_start {
                                starts_from(starts, &out[base..], start);
                            }
                            let mut j = end;
                            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
                                j += 1;
                            }
                            i = j;
                            copied = j;
                            continue;
                        }
                        // Left alone (the second as the first, next):
                        // `confirm` looks at the pair in the result (`──`,
                        // or `--` next to a change).
                    }
                    ""
                }
                '‧' | '•' | '・' | '．' | '∙' | '⋅' => {
                    // `cjk_ellipsis`: three `．` or more.
                    if c == '．' && run_len(bytes, i, "．".as_bytes()) >= 3 {
                        return Err(4);
                    }
                    // `cjk_interpunct`: between two Han characters in a line
                    // without kana (else Japanese keeps it), `·`. NFKC makes
                    // `．` ASCII in the first round, so only its neighbours in
                    // the segment count; the others stay until the confirming
                    // round, which converts them between Han in the result
                    // (`中 ・說` once `remove_punct_spaces` removed the space).
                    // The result so far is final; a run of spaces on the right
                    // goes when `remove_punct_spaces` removes it.
                    let (before, after) = if c == '．' {
                        (
                            text[..i].chars().next_back(),
                            text[i + len..].chars().next(),
                        )
                    } else {
                        let before = if copied < i {
                            text[..i].chars().next_back()
                        } else {
                            out[base..].chars().next_back()
                        };
                        let s = i + len;
                        let mut e = s;
                        while e < bytes.len() && bytes[e] == b' ' {
                            e += 1;
                        }
                        let after = if e == s {
                            text[s..].chars().next()
                        } else {
                            match removes_spaces(text, s, e) {
                                Some((_, r, true)) if !spans.protects(s) => Some(r),
                                _ => Some(' '),
                            }
                        };
                        (before, after)
                    };
                    if before.is_some_and(is_han)
                        && after.is_some_and(is_han)
                        && !*kana.get_or_insert_with(|| text.chars().any(is_kana))
                    {
                        replacement_starts = t.rules_start;
                        "·"
                    } else {
                        // Left alone: what the pipeline makes of it alone.
                        ""
                    }
                }
                '\u{2018}'..='\u{201F}' => {
                    // `straighten_quotes`: ’ and ” close (content on the left).
                    let closing = matches!(c, '’' | '”');
                    let content = if closing {
                        text[..i].chars().rev().find(|&d| d != ' ' && d != '\t')
                    } else {
                        text[i + len..].chars().find(|&d| d != ' ' && d != '\t')
                    };
                    if content.is_some_and(is_cj) {
                        if !matches!(c, '“' | '”' | '‘' | '’') {
                            return Err(84);
                        }
                        i += len;
                        continue;
                    }
                    if cp <= 0x201B {
                        "'"
                    } else {
                        "\""
                    }
                }
                _ => return Err(97),
            }
        };
        let replacement = if !replacement.is_empty() {
            replacement
        } else {
            match action {
                SLOW => return Err(96),
                KEEP => {
                    i += len;
                    continue;
                }
                k => {
                    let k = (k - 2) as usize;
                    let flags = t.maps_flags[k];
                    run_chars |= flags & RUN_CHAR != 0;
                    *amp |= flags & AMP != 0;
                    t.maps[k].as_str()
                }
            }
        };
        out.push_str(&text[copied..i]);
        let start = out.len() - base;
        out.push_str(replacement);
        mark(dirty, start, out.len() - base);
        if replacement_starts {
            starts_from(starts, &out[base..], start);
        }
        i += len;
        copied = i;
    }
    out.push_str(&text[copied..]);
    if confirm(&out[base..], dirty, run_chars) {
        Ok(())
    } else {
        Err(1)
    }
}

/// Whether the confirming round would leave `out` alone: no run of dots
/// `cjk_ellipsis` rewrites, no pair of dashes, no space
/// `remove_punct_spaces` removes.
///
/// Only runs next to a change (`dirty`, see [`Changes`]) are looked at,
/// with the runs of dots, dashes, spaces and tabs between them and the
/// change: any other run is one of the segment with the same neighbours
/// (the nearest characters that are not spaces or tabs, for dashes), which
/// the fused loop judged as the passes do (it went slow or rewrote the run
/// where they act; what it leaves stays left).
///
/// `run_chars` is false when the result holds no character with a rule for
/// runs ([`is_run_char`]; the fused loop notes each it keeps or writes).
fn confirm(out: &str, dirty: &[(usize, usize)], run_chars: bool) -> bool {
    let bytes = out.as_bytes();
    let in_run = |b: u8| matches!(b, b'.' | b'-' | b' ' | b'\t');
    // Runs starting before `checked` were looked at.
    let mut checked = 0;
    for &(s, e) in dirty {
        let mut from = s;
        while from > 0 && in_run(bytes[from - 1]) {
            from -= 1;
        }
        let mut to = e;
        while to < bytes.len() && in_run(bytes[to]) {
            to += 1;
        }
        if !runs_confirmed(out, from.max(checked), to) {
            return false;
        }
        checked = checked.max(to);
    }
    if !run_chars {
        return true;
    }
    // Characters with a rule for runs (the fused loop writes `—` as `——`
    // or as it was where `cjk_dashes` leaves it; the others only as they
    // were, in runs it accepted).
    for i in memchr::memchr_iter(0xE2, bytes) {
        let c = out[i..].chars().next().unwrap_or_default();
        if is_run_char(c) && !(i >= 3 && out[..i].ends_with(c)) {
            let mut buf = [0u8; 4];
            let n = run_len(bytes, i, c.encode_utf8(&mut buf).as_bytes());
            let ok = match c {
                '—' => n != 1 || dashes_act(out, i, i + 3, None) == Ok(false),
                '─' => n != 2 || dashes_act(out, i, i + 6, None) == Ok(false),
                _ => false,
            };
            if !ok {
                return false;
            }
        }
    }
    // `。`, `．` and `－` become ASCII or `·`
    // (`table_maps_run_characters_to_ascii`), `｡` goes slow: none is in
    // the output.
    true
}

/// [`confirm`] for the runs of dots, dashes and spaces that start in
/// `out[from..to]`.
fn runs_confirmed(out: &str, from: usize, to: usize) -> bool {
    let bytes = out.as_bytes();
    for i in from..to {
        if !matches!(bytes[i], b'.' | b'-' | b' ') {
            continue;
        }
        // The first byte of each run only.
        if i > 0 && bytes[i - 1] == bytes[i] {
            continue;
        }
        match bytes[i] {
            b'.' => {
                // Four dots or more: `cjk_ellipsis` with the neighbours in
                // the result (protected spans aside: the loop goes slow).
                let n = run_len(bytes, i, b".");
                if n >= 4 && ellipsis_context(out, i, i + n, None) != Ok((false, false)) {
                    return false;
                }
            }
            b'-' => {
                let n = run_len(bytes, i, b"-");
                if n == 2 && dashes_act(out, i, i + 2, None) != Ok(false) {
                    return false;
                }
            }
            _ => {
                let mut e = i;
                while e < bytes.len() && bytes[e] == b' ' {
                    e += 1;
                }
                if removes_spaces(out, i, e).is_some_and(|(_, _, remove)| remove) {
                    return false;
                }
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    /// Whether `out` outside `dirty` is, piece by piece and in order,
    /// `text` (the first piece its start, the last its end).
    fn outside_dirty_is_text(text: &str, out: &str, dirty: &[(usize, usize)]) -> bool {
        if dirty.is_empty() {
            return out == text;
        }
        let mut pieces = Vec::new();
        let mut prev = 0;
        for &(s, e) in dirty {
            if s < prev || e < s || !out.is_char_boundary(s) || !out.is_char_boundary(e) {
                return false;
            }
            pieces.push(&out[prev..s]);
            prev = e;
        }
        let last = &out[prev..];
        let mut at = 0;
        for (k, piece) in pieces.iter().enumerate() {
            if k == 0 {
                if !text.starts_with(piece) {
                    return false;
                }
                at = piece.len();
                continue;
            }
            match text[at..].find(piece) {
                Some(p) => at += p + piece.len(),
                None => return false,
            }
        }
        text.len() >= at + last.len() && text.ends_with(last)
    }

    #[test]
    fn dirty_ranges_and_starts_cover_every_change() {
        let clean = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean");
        let mut texts: Vec<String> = [
            "ABC，中 ・說 -- 中文",
            "浣犲ソ ，Ä Ã©，涓栫晫",
            "中文 -- 字  ，  Ａ１“引”‘x’ A.B... 中・文",
            "中 ・說",
            "  ，前后  ",
            "中——文 -- 字",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for lang in ["zh-Hans", "zh-Hant", "ja", "ko"] {
            if let Ok(text) = std::fs::read_to_string(format!("{clean}/{lang}.txt")) {
                texts.extend(text.split_inclusive('\n').map(String::from));
            }
        }
        let mut changes = super::Changes::default();
        let (mut fused, mut changed, mut starts_seen, mut passed) = (0, 0, 0, 0);
        let fixer = crate::Fixer::new(crate::Config::index());
        for text in &texts {
            if let Some(f) = super::fuse(text, |_, _, _| false, &mut changes) {
                fused += 1;
                changed += usize::from(f != *text);
                let dirty = &changes.dirty;
                assert!(
                    outside_dirty_is_text(text, &f, dirty),
                    "{text:?} -> {:?}, dirty {dirty:?}",
                    f
                );
                let starts = &changes.starts;
                assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
                // Every character where a trigger can start is noted, but
                // those the loop found to have none (a pair ruled out).
                for (q, c) in f.char_indices() {
                    if fixer.index_triggers(c).0 && starts.binary_search(&q).is_err() {
                        passed += 1;
                        assert_eq!(
                            fixer.repair_verdict_at(&f, q),
                            0,
                            "{text:?} -> {f:?}: {c:?} at {q} not in {starts:?}"
                        );
                    }
                }
                starts_seen += starts.len();
            }
        }
        assert!(
            fused > 0 && changed > 0 && starts_seen > 0 && passed > 0,
            "{fused} fused, {changed} changed, {starts_seen} starts, {passed} passed"
        );
    }
    /// Every start the scan can pass (a `P_START` character) before what
    /// decides whether it passes it: ASCII bytes the result keeps, folds,
    /// turns into `——` (`--`) or removes (spaces next to fullwidth
    /// punctuation, after which a non-ASCII character follows it),
    /// characters replaced by one ASCII byte, and other non-ASCII
    /// characters. Where the segment has a trigger, the loop asks
    /// about it; where the result has one, it is among `starts`.
    #[test]
    fn passed_starts_have_no_trigger_in_segment_or_result() {
        let t = super::table();
        let fixer = crate::Fixer::new(crate::Config::index());
        // (A trigger there needs the pair at the end of the text or before
        // some characters: `X「` and `X——` have one for some `X`.)
        let conts = [
            "a", "A", "1", ".", "....中", "&", "\n", "-", "--", "--中", "-- ", " a", " 中", "  a",
            " 「", "  「", " 「中", " ，", "「", "「中", "，中", "中", "a中", " ", "，", "。",
            "（", "、", "；a", "。\n",
        ];
        let mut changes = super::Changes::default();
        let (mut asked_seen, mut result_seen, mut passed) = (0, 0, 0);
        for cp in 0x800..0x10000u32 {
            if t.pair[super::pair_slot(cp as usize)] & super::P_START == 0 {
                continue;
            }
            let x = char::from_u32(cp).expect("a char");
            for cont in conts {
                let s = format!("{x}{cont}");
                let mut asked = Vec::new();
                let Some(f) = super::fuse(
                    &s,
                    |i, _, _| {
                        asked.push(i);
                        false
                    },
                    &mut changes,
                ) else {
                    continue;
                };
                for (q, c) in s.char_indices() {
                    if fixer.repair_verdict_at(&s, q) != 0 {
                        asked_seen += 1;
                        assert!(asked.contains(&q), "{s:?}: {c:?} at {q} not asked");
                    }
                }
                for (q, c) in f.char_indices() {
                    if !fixer.index_triggers(c).0 {
                        continue;
                    }
                    if changes.starts.binary_search(&q).is_ok() {
                        result_seen += usize::from(fixer.repair_verdict_at(&f, q) != 0);
                    } else {
                        passed += 1;
                        assert_eq!(
                            fixer.repair_verdict_at(&f, q),
                            0,
                            "{s:?} -> {f:?}: {c:?} at {q} not in {:?}",
                            changes.starts
                        );
                    }
                }
            }
        }
        assert!(
            asked_seen > 0 && result_seen > 0 && passed > 0,
            "{asked_seen} asked, {result_seen} noted, {passed} passed"
        );
    }

    /// Where [`super::Table::pair`]'s entries rule out a pair that the
    /// masks of `cjk::pair_only_masks` and `cjk::follow_masks` alone let
    /// through ([`super::next_kills`]), the Fixer's trigger test finds none:
    /// every `P_START` character followed by one three-byte character per
    /// distinct entry and by continuations (no U+FFFD: a segment holding
    /// one goes slow, as checked last).
    #[test]
    fn refined_pairs_decide_as_the_trigger_test() {
        let t = super::table();
        let fixer = crate::Fixer::new(crate::Config::index());
        let mut reps = std::collections::BTreeMap::new();
        for cp in 0x800..0x10000u32 {
            if let Some(n) = char::from_u32(cp) {
                reps.entry(t.pair[super::pair_slot(cp as usize)] & super::P_FOLLOW)
                    .or_insert(n);
            }
        }
        let afters = ["", "中", "a", "浣犲", "ソ鏂", "é", "锟斤拷", "，\n", "\n"];
        let (mut refined, mut checked) = (0, 0);
        for cp in 0x800..0x10000u32 {
            let x = t.pair[super::pair_slot(cp as usize)];
            if x & super::P_START == 0 {
                continue;
            }
            let c = char::from_u32(cp).expect("a char");
            let m = fixer.index_pair_only(c).expect("pair-only masks");
            for (&entry, &n) in &reps {
                if u32::from(m & crate::mojibake::cjk::follow_masks(n)) == 0
                    || x >> super::P_START_SHIFT & entry != 0
                {
                    continue;
                }
                refined += 1;
                for after in afters {
                    let text = format!("{c}{n}{after}");
                    checked += 1;
                    assert_eq!(fixer.repair_verdict_at(&text, 0), 0, "{text:?}");
                }
            }
        }
        assert!(refined > 1000 && checked > 10_000, "{refined} {checked}");
        let mut changes = super::Changes::default();
        assert!(super::fuse("中文\u{FFFD}", |_, _, _| false, &mut changes).is_none());
    }

    /// [`super::plain_run`] (three-byte characters two a turn) against the
    /// loop it was before, one character a turn: on random strings of
    /// three-byte characters (kept ones, starts, stops, from anywhere in
    /// the table, fullwidth marks among them), ASCII (letters, spaces,
    /// `-`), two- and four-byte ones, from every character boundary.
    #[test]
    fn plain_run_is_the_one_at_a_time_loop() {
        use super::{
            pair_index, plain_prefix, word_at, PLAIN_ASCII, P_KEEP_SHIFT, P_START_SHIFT, P_STOP,
            P_TWO_BYTE,
        };
        fn reference(bytes: &[u8], mut j: usize, pair: &[u32; 0x10000]) -> (usize, u32) {
            let fullwidth_lead = |b: u8| matches!(b, 0xE3 | 0xEF);
            // Whether the space at `k` is one the scan passes (below): a lone
            // space with no fullwidth lead byte three bytes before it or right
            // after it, which the space rule leaves.
            let lone_space_stays = |k: usize| {
                !(k >= 3 && fullwidth_lead(bytes[k - 3]))
                    && bytes
                        .get(k + 1)
                        .map_or(true, |&b| b != b' ' && !fullwidth_lead(b))
            };
            // What ends the run at the next three-byte character: `P_STOP`, and
            // when the character before `j` is a `P_START`, its masks as a
            // `P_FOLLOW` (and bit 14).
            let mut stop = P_STOP;
            while let Some(&b0) = bytes.get(j) {
                if b0 < 0x80 {
                    if stop != P_STOP {
                        // A start before an ASCII byte: ruled out when it has no
                        // `two_byte_utf8` encodings and the byte stays ASCII
                        // beside it in the result.
                        if stop & P_TWO_BYTE != 0
                            || b0 == b'-'
                            || b0 == b' ' && !lone_space_stays(j)
                        {
                            return (j, stop & !P_STOP);
                        }
                        stop = P_STOP;
                    }
                    if PLAIN_ASCII[b0 as usize] {
                        j += 1;
                        // Eight bytes at a time (the plain ones and spaces among
                        // them at once): spaces between ASCII stay (an ASCII byte
                        // on the left, so no fullwidth lead byte three bytes
                        // before); those before a fullwidth lead byte are left to
                        // the test below.
                        while j + 8 <= bytes.len() {
                            let n = plain_prefix::<true>(word_at(bytes, j));
                            j += n;
                            if n < 8 {
                                break;
                            }
                        }
                        if bytes.get(j).is_some_and(|&b| fullwidth_lead(b)) {
                            while bytes[j - 1] == b' ' {
                                j -= 1;
                            }
                        }
                        continue;
                    }
                    // A lone space (a run of them goes to the space rule).
                    if b0 == b' ' && lone_space_stays(j) {
                        j += 1;
                        continue;
                    }
                    return (j, 0);
                }
                // Three-byte characters (the BMP above U+07FF), decoded by hand
                // (`text` is valid UTF-8). One test (one branch, which stays
                // predicted through a run): the run ends at a character neither
                // kept nor such a start, or one whose masks meet the pending start's.
                let [_, b1, b2, ..] = bytes[j..] else {
                    return (j, stop & !P_STOP);
                };
                // (The lookup's bounds test is the three-byte lead test:
                // `display_fast::pair_index`.)
                let Some(&x) = pair.get(pair_index(b0, b1, b2)) else {
                    return (j, stop & !P_STOP);
                };
                if x & stop != 0 {
                    // What of the pending start still needs a look: all of it when
                    // `x` has no `P_STOP` (its masks met), else what the entry's
                    // bits 15–29 keep (`P_KEEP_ALL`; less before a one-byte
                    // replacement). No branch: `P_STOP` is the sign bit.
                    let keep = x >> P_KEEP_SHIFT | !((x as i32 >> 31) as u32);
                    return (j, stop & !P_STOP & keep);
                }
                // (No `P_STOP` in `x` here: bits 16–30 only.)
                stop = P_STOP | x >> P_START_SHIFT;
                j += 3;
            }
            (j, stop & !P_STOP)
        }
        let t = super::table();
        // Three-byte characters by kind: kept, starts, stops.
        let kind = |cp: usize| {
            let x = t.pair[super::pair_slot(cp)];
            usize::from(x & super::P_START != 0) + 2 * usize::from(x & P_STOP != 0)
        };
        let mut by_kind: [Vec<char>; 3] = Default::default();
        for cp in 0x800..0x10000usize {
            if let Some(c) = char::from_u32(cp as u32) {
                by_kind[kind(cp)].push(c);
            }
        }
        assert!(by_kind.iter().all(|v| v.len() > 1000));
        let mut rng = crate::damage::Rng::new(12);
        // Runs ending at or after six bytes, and returns with a start to ask about.
        let (mut long, mut asks) = (0usize, 0usize);
        for _ in 0..40_000 {
            let mut s = String::new();
            for _ in 0..rng.below(14) {
                let c = match rng.below(24) {
                    0 => char::from(b'a' + rng.below(26) as u8),
                    1 | 2 => ' ',
                    3 => '-',
                    4 => 'é',
                    5 => '，',
                    6 => '。',
                    7 => '😀',
                    k => {
                        let v = &by_kind[[0, 0, 0, 1, 1, 2, 0, 1][k % 8]];
                        v[rng.below(v.len())]
                    }
                };
                s.push(c);
            }
            let bytes = s.as_bytes();
            for (j, _) in s.char_indices() {
                let got = super::plain_run(bytes, j, &t.pair);
                assert_eq!(got, reference(bytes, j, &t.pair), "{s:?} from {j}");
                long += usize::from(got.0 - j >= 6);
                asks += usize::from(got.1 != 0);
            }
        }
        assert!(long > 50_000 && asks > 20_000, "{long} {asks}");
    }

    #[test]
    fn plain_prefix_agrees_with_the_table() {
        // Both variants against their tables on the word `w`.
        let check = |w: [u8; 8]| {
            for (table, got) in [
                (
                    &super::PLAIN_ASCII,
                    super::plain_prefix::<false>(u64::from_le_bytes(w)),
                ),
                (
                    &super::PLAIN_OR_SPACE,
                    super::plain_prefix::<true>(u64::from_le_bytes(w)),
                ),
            ] {
                let want = w.iter().position(|&b| !table[b as usize]).unwrap_or(8);
                assert_eq!(got, want, "{w:?}");
            }
        };
        // Every byte value at every position among plain bytes, and
        // pseudo-random words.
        for pos in 0..8 {
            for b in 0..=255u8 {
                let mut w = *b"abcdefgh";
                w[pos] = b;
                check(w);
            }
        }
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Mostly ASCII words, each byte from a small alphabet of edges.
            let edges = [
                0x20u8, 0x21, 0x2C, 0x2D, 0x2E, 0x2F, 0x40, 0x41, 0x5A, 0x5B, 0x61, 0x7E, 0x7F,
                0x80, 0x00, 0x7A, 0x25, 0x26, 0x27, 0x1F, 0x09, 0x0A, 0x60, 0x7B, 0xBF, 0xC0, 0xE4,
                0xFF, 0x3F, 0x61, 0x62, 0x63,
            ];
            let mut w = [0u8; 8];
            for (k, b) in w.iter_mut().enumerate() {
                *b = edges[((x >> (5 * k)) & 31) as usize];
            }
            check(w);
        }
    }

    #[test]
    fn loop_bitmaps_agree_with_the_actions() {
        let t = super::table();
        let bit = |bits: &[u64], cp: usize| bits[cp / 64] >> (cp % 64) & 1 != 0;
        let fixer = crate::Fixer::new(crate::Config::index());
        let (mut written, mut pair_starts) = (0, 0);
        for cp in 0..0x10000 {
            let a = t.action[cp];
            let p = t.pair[super::pair_slot(cp)];
            let passed = p & super::P_STOP == 0;
            assert_eq!(
                passed && p & super::P_START == 0,
                a == super::KEEP,
                "{cp:X}"
            );
            let c = char::from_u32(cp as u32);
            let follow = c
                .filter(|c| !c.is_ascii())
                .map_or(0, crate::mojibake::cjk::follow_masks);
            // `F & !K | U << 5 | F << 9`.
            let (f, u) = (u32::from(follow) & 0x1F, u32::from(follow) >> 5);
            assert_eq!(p >> 5 & 0xF, u, "{cp:X}");
            assert_eq!(p >> 9 & 0x1F, f, "{cp:X}");
            assert_eq!(p & 0x1F & !f, 0, "{cp:X}");
            let pair_only = c.and_then(|c| fixer.index_pair_only(c));
            let masks = p >> super::P_START_SHIFT & super::P_FOLLOW;
            if p & super::P_START != 0 {
                assert!(passed, "{cp:X}");
                assert_eq!(a, super::KEEP | super::START | super::MAY_START, "{cp:X}");
                // `L3 | T << 5 | (L & !L3) << 9`.
                let (l3, l) = (masks & 0x1F, masks >> 9 & 0x1F);
                assert_eq!(l3 & l, 0, "{cp:X}");
                assert_eq!(pair_only, Some((l3 | l | masks & 0x1E0) as u16), "{cp:X}");
                pair_starts += 1;
            } else if !passed {
                // What a start pending before it keeps.
                let keep = if t.ascii_of[cp] != 0 {
                    p & super::P_FOLLOW | super::P_TWO_BYTE
                } else {
                    super::P_KEEP_ALL
                };
                assert_eq!(p >> super::P_KEEP_SHIFT & super::P_KEEP_ALL, keep, "{cp:X}");
            } else {
                assert!(
                    masks == 0
                        && (a != super::KEEP | super::START | super::MAY_START
                            || pair_only.is_none()),
                    "{cp:X}"
                );
            }
            // Nothing else in the entry.
            let known = super::P_FOLLOW
                | if passed {
                    super::P_FOLLOW << super::P_START_SHIFT | super::P_START
                } else {
                    super::P_KEEP_ALL << super::P_KEEP_SHIFT | super::P_STOP
                };
            assert_eq!(p & !known, 0, "{cp:X}");
            let keep_start = super::KEEP | super::START | super::MAY_START;
            assert_eq!(bit(&t.keep_start[..], cp), a == keep_start, "{cp:X}");
            let b = t.ascii_of[cp];
            if b != 0 {
                written += 1;
                let a = if cp == '。' as usize {
                    a & !super::CONTEXT
                } else {
                    a
                };
                assert!(a >= 2 && a & super::FLAGS == 0, "{cp:X}");
                assert_eq!(t.maps[(a - 2) as usize].as_bytes(), [b], "{cp:X}");
                assert!(b.is_ascii_graphic() && b != b'&', "{cp:X}");
            }
        }
        assert_eq!(t.ascii_of['，' as usize], b',');
        assert_eq!(t.ascii_of['。' as usize], b'.');
        assert!(written > 100, "{written}");
        assert!(pair_starts > 1000, "{pair_starts}");
    }

    #[test]
    fn table_maps_run_characters_to_ascii() {
        let t = super::table();
        for (c, to) in [('。', "."), ('－', "-"), ('，', ","), ('．', ".")] {
            let k = t.action[c as usize] & !super::FLAGS;
            assert!(k >= 2 && t.maps[(k - 2) as usize] == to, "{c}");
        }
        for c in ['｡', '⋯', '―'] {
            assert_eq!(t.action[c as usize] & !super::FLAGS, super::SLOW, "{c}");
        }
        // `…` has its rule in the loop.
        assert!(t.action['…' as usize] & super::CONTEXT != 0);
        assert!(!t.early_stable['…' as usize]);
    }

    #[test]
    #[ignore]
    fn coverage_on_clean_zh() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/clean/zh-Hans.txt"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            return;
        };
        let t0 = std::time::Instant::now();
        let t = super::table();
        println!("table built in {:?}", t0.elapsed());
        let t0 = std::time::Instant::now();
        let mut fast_bytes = 0;
        let mut changes = super::Changes::default();
        for _ in 0..10 {
            for line in text.split_inclusive('\n') {
                if let Some(f) = super::fuse(line, |_, _, _| false, &mut changes) {
                    fast_bytes += f.len();
                }
            }
        }
        let dt = t0.elapsed().as_secs_f64() / 10.0;
        println!(
            "fuse alone: {:.1} MB/s over the whole file; fast lines hold {:.1}% of the bytes",
            text.len() as f64 / dt / 1e6,
            fast_bytes as f64 / 10.0 / text.len() as f64 * 100.0
        );
        let maybe = text
            .split_inclusive('\n')
            .filter(|l| {
                let mut asked = false;
                let fused = super::fuse(
                    l,
                    |_, _, _| {
                        asked = true;
                        false
                    },
                    &mut changes,
                );
                fused.is_some() && asked
            })
            .count();
        println!("{maybe} lines fused with a character where a repair trigger can start");
        // How the loop meets the characters: Han kept in the tight loop,
        // Han where a repair's test can start (asked about there too).
        let (mut han, mut han_plain, mut han_start, mut start) = (0, 0, 0, 0);
        for c in text.chars() {
            let cp = c as usize;
            if !(0x80..0x10000).contains(&cp) {
                continue;
            }
            let a = t.action[cp];
            if (0x4E00..0xA000).contains(&cp) {
                han += 1;
                han_plain += usize::from(a == super::KEEP);
                han_start += usize::from(a == super::KEEP | super::START | super::MAY_START);
            }
            start += usize::from(a & super::START != 0);
        }
        println!(
            "{han} Han: {han_plain} plain, {han_start} kept where a repair can start; \
             {start} characters where a repair can start"
        );
        let (mut n, mut slow) = (0, 0);
        let mut why = std::collections::BTreeMap::<u32, usize>::new();
        for line in text.split_inclusive('\n') {
            n += 1;
            if let Err(k) = super::fuse_why(line, |_, _, _| false, &mut changes, &mut String::new())
            {
                slow += 1;
                *why.entry(k).or_default() += 1;
            }
        }
        let mut shown = 0;
        for line in text.split_inclusive('\n') {
            let why = super::fuse_why(line, |_, _, _| false, &mut changes, &mut String::new());
            if matches!(why, Err(96 | 48)) && shown < 8 {
                shown += 1;
                println!("{line:?}");
            }
        }
        let mut v: Vec<_> = why.into_iter().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1));
        println!("{slow} of {n} slow; {:?}", &v[..v.len().min(30)]);
        for lang in ["zh-Hant", "ja", "ko"] {
            let path = format!(
                "{}/../shared/data/clean/{lang}.txt",
                env!("CARGO_MANIFEST_DIR")
            );
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let lines = text.split_inclusive('\n');
            let slow = lines
                .clone()
                .filter(|l| {
                    super::fuse_why(l, |_, _, _| false, &mut changes, &mut String::new()).is_err()
                })
                .count();
            println!("{lang}: {slow} of {} slow", lines.count());
        }
    }
}
