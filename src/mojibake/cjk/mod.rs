//! CJK mojibake: text whose bytes in one encoding were read with another,
//! where one side is a legacy CJK encoding.
//!
//! Two directions, each repaired span by span, so a damaged file name in a
//! clean line is fixed and the rest of the line left alone:
//!
//! * **UTF-8 read as a legacy CJK encoding** (`浣犲ソ` for 你好: the UTF-8
//!   bytes `E4 BD A0 E5 A5 BD` read as GBK). Re-encode runs of non-ASCII
//!   characters with the legacy encoding and look for stretches whose bytes
//!   are valid UTF-8, starting and ending on character boundaries of both
//!   sides. A U+FFFD the decoder wrote for a byte it rejected stands for one
//!   unknown byte: the UTF-8 character it falls in is recovered when the
//!   frequency table singles out one candidate, and becomes U+FFFD otherwise.
//! * **A legacy CJK encoding read as a single-byte code page** (`ÄãºÃ` for
//!   你好: GBK `C4 E3 BA C3` read as windows-1252). Re-encode runs with the code
//!   page and decode them strictly with the legacy encoding.
//!
//! Every candidate is weighed by [`plausibility`]: it must be cheaper in
//! bits than the text it replaces, by a margin that is wider for short
//! spans. Overlapping candidates are settled by the larger gain. The Fixer
//! repeats its rounds until nothing changes, so nested damage (UTF-8 → GBK →
//! UTF-8 → windows-1252) is undone layer by layer, together with the
//! Latin-family repair.

use std::borrow::Cow;

use crate::explain::{Action, Step};
use crate::mojibake::dropped_bytes::{is_c1_dropped_utf8, restore_dropped_bytes};
use crate::mojibake::CodePage;

/// A switch the tests can turn (per thread) to compare a shortcut with the
/// full path; outside tests, a constant.
macro_rules! test_switch {
    ($(#[$doc:meta])* $vis:vis fn $name:ident, static $flag:ident = $default:expr) => {
        #[cfg(not(test))]
        #[inline(always)]
        $vis fn $name() -> bool {
            $default
        }

        #[cfg(test)]
        thread_local! {
            $(#[$doc])*
            $vis static $flag: std::cell::Cell<bool> = const { std::cell::Cell::new($default) };
        }

        #[cfg(test)]
        $vis fn $name() -> bool {
            $flag.with(|f| f.get())
        }
    };
}

mod chain;
mod cyrillic;
mod freq_table;
mod glued_ascii;
pub mod legacy;
mod lost_bytes;
pub mod plausibility;
mod reading_tables;
pub(crate) mod replacement_runs;
mod single_byte_runs;
mod single_byte_spans;
mod trigger;
pub(crate) mod two_byte_utf8;
mod utf8_holes;
mod utf8_runs;
mod utf8_sequences;
mod vanished_pairs;

use chain::single_byte_slot;
pub use chain::Chain;
use glued_ascii::{glued_fill, glued_trails};
use legacy::Legacy;
use lost_bytes::is_halfwidth;
use reading_tables::{lost_fills, LOST_BYTE_BITS};
use single_byte_runs::{
    byte_in_1252_from, page_codes, punctuation_codes, single_byte_runs, PageRuns, NO_BYTE,
    PAGE_CODES_END, REJECTED,
};
use single_byte_spans::{
    looks_like_hangul, reading_order, single_byte_read_as, utf8_coverage, whole_is_utf8,
    ReadScratch, DECISIVE_CHARS, DECISIVE_TENTHS,
};
use trigger::{
    after_hole_mask, has_bit, may_trigger, next_may_trigger, single_byte_trigger, triggers,
    utf8_trigger_mask,
};
pub(crate) use trigger::{follow_masks, is_trigger_at, pair_only_masks, passes_over, start_bits};
use utf8_holes::settle_holes;
use utf8_runs::{
    decode_utf8_spans, encode_run, has_holes, is_hole_marker, swallowed_after_run, utf8_read_as,
    Unit, Utf8Scratch,
};
use utf8_sequences::decode_sequence;

/// The single-byte code pages CJK bytes are read with, in order of trial.
pub const SINGLE_BYTE_PAGES: [CodePage; 6] = [
    CodePage::SloppyWindows1252,
    CodePage::Latin1,
    CodePage::SloppyWindows1250,
    CodePage::SloppyWindows1251,
    CodePage::SloppyWindows1254,
    CodePage::MacRoman,
];

/// A proposed repair of `chars[start..end]`.
#[derive(Clone, Debug)]
struct Candidate {
    start: usize,
    end: usize,
    /// The repaired text, in the line's arena (see [`Proposal::repaired`]).
    repaired: std::ops::Range<usize>,
    chain: Chain,
    /// Bits saved by the repair (garbled minus repaired).
    saved: i64,
    /// The margin the repair must win by on its own.
    margin: i64,
    /// The garbled span is also mostly valid UTF-8 through its code page, so
    /// it may be Latin-family mojibake: accepted only where its chain is
    /// established by other spans of the line.
    utf8_like: bool,
    /// The repair supposes bytes were lost, or keeps U+FFFD.
    guessed: bool,
}

/// Repairs CJK mojibake, appending the plan to `plan`: the spans of
/// multi-byte text in both directions, then runs of U+FFFD read as a legacy
/// encoding (`锟斤拷`, `replacement_runs`), then Latin, Greek and Cyrillic
/// words read as one (`two_byte_utf8`).
///
/// ```
/// use mojifix::mojibake::cjk::fix_cjk_encoding;
/// let mut plan = Vec::new();
/// assert_eq!(fix_cjk_encoding("浣犲ソ", &mut plan), "你好");
/// assert_eq!(fix_cjk_encoding("文件名：鏂囦欢.txt", &mut plan), "文件名：文件.txt");
/// assert_eq!(fix_cjk_encoding("ÄãºÃ£¬ÊÀ½ç", &mut plan), "你好，世界");
/// assert_eq!(fix_cjk_encoding("caf茅 au lait", &mut plan), "café au lait");
/// assert_eq!(fix_cjk_encoding("你好，世界", &mut plan), "你好，世界");
/// ```
pub fn fix_cjk_encoding<'a>(text: &'a str, plan: &mut Vec<Step>) -> Cow<'a, str> {
    let before = plan.len();
    let (mut fixed, may_start) = fix_wide_sequences(text, plan);
    for (bit, pass) in [
        (MAY_REPLACEMENT_RUNS, replacement_runs::fix as Pass),
        (MAY_TWO_BYTE_UTF8, two_byte_utf8::fix),
    ] {
        // A pass whose trigger holds at no character of the text (seen by
        // the spans' scans) leaves it alone: it is not run to scan it again.
        // (Once a repair changed the text, the pass scans it.)
        if matches!(fixed, Cow::Borrowed(_)) && may_start & bit == 0 {
            continue;
        }
        let mut steps = Vec::new();
        if let Cow::Owned(again) = pass(&fixed, &mut steps) {
            // One `apply fix_cjk_encoding` step for all, and each chain
            // named once.
            for step in steps {
                if !plan[before..].contains(&step) {
                    plan.push(step);
                }
            }
            fixed = Cow::Owned(again);
        }
    }
    fixed
}

type Pass = for<'a> fn(&'a str, &mut Vec<Step>) -> Cow<'a, str>;

/// Bits of [`fix_wide_sequences`]'s second result: the trigger of
/// `replacement_runs`, of `two_byte_utf8`, holds at some character of the
/// text (the test each pass starts with: without it, it changes nothing).
const MAY_REPLACEMENT_RUNS: u8 = 1;
const MAY_TWO_BYTE_UTF8: u8 = 2;

/// The triggers of the passes after the spans at the non-ASCII character
/// `c` at byte `i` of `text`, as bits [`MAY_REPLACEMENT_RUNS`] and
/// [`MAY_TWO_BYTE_UTF8`] (the passes' own tests, so `fix_cjk_encoding`
/// skips a pass exactly where its own scan would find nothing).
#[inline(always)]
fn later_passes_may_start(text: &str, i: usize, c: char) -> u8 {
    let mut bits = 0;
    if replacement_runs::is_trigger(text, i, c) {
        bits |= MAY_REPLACEMENT_RUNS;
    }
    if two_byte_utf8::is_trigger(text, i, c) {
        bits |= MAY_TWO_BYTE_UTF8;
    }
    bits
}

/// The spans of multi-byte text (see the module documentation), and which
/// of the later passes' triggers hold at some character of `text`
/// ([`later_passes_may_start`], over every non-ASCII character).
fn fix_wide_sequences<'a>(text: &'a str, plan: &mut Vec<Step>) -> (Cow<'a, str>, u8) {
    // Where do repairs start, and with which encodings? A first pass
    // without allocating, up to the first trigger: most text has none.
    // A UTF-8 trigger whose runs propose nothing the weighing keeps (a
    // false alarm, [`is_false_utf8_trigger`]) is passed over: the line's
    // repair starts at the first other trigger, or not at all.
    let mut first = None;
    let mut may_start = 0u8;
    // Per encoding, the byte offset up to which its runs were found to
    // propose nothing; and whether the text has a `?` beside a non-ASCII
    // character (unknown: 2).
    let mut judged = [0usize; Legacy::ALL.len()];
    let mut has_mark = 2u8;
    // The first trigger passed over whose runs propose repairs that save
    // bits, though too few to be kept on their own: where the repair
    // starts if a later trigger is not passed over (they could be kept
    // once their chain is established there).
    let mut first_weak = None;
    // (`next_may_trigger`: byte by byte, passing a three-byte character no
    // trigger can start at, most of CJK text, by its code point. The
    // character index of a trigger is counted where one is taken.)
    let mut offset = 0;
    while let Some((at, c)) = next_may_trigger(text, offset) {
        offset = at + c.len_utf8();
        may_start |= later_passes_may_start(text, at, c);
        let rest = &text[offset..];
        let (single_byte, utf8) = (single_byte_trigger(c, rest), utf8_trigger_mask(c, rest));
        if single_byte || utf8 != 0 {
            let index = || text[..at].chars().count();
            if !single_byte && false_trigger_shortcut() {
                if has_mark == 2 {
                    has_mark = u8::from(has_mark_beside_non_ascii(text));
                }
                if has_mark == 0 {
                    if let Some(weak) = is_false_utf8_trigger(text, at, utf8, &mut judged) {
                        if weak && first_weak.is_none() {
                            first_weak = Some((index(), at, false, utf8));
                        }
                        continue;
                    }
                }
            }
            first = Some(first_weak.unwrap_or_else(|| (index(), at, single_byte, utf8)));
            break;
        }
    }
    // (Without another trigger, repairs too weak to be kept on their own
    // are not kept: no chain is established.)
    let Some(first) = first else {
        return (Cow::Borrowed(text), may_start);
    };
    // A line of legacy CJK read as windows-1252 that one strict reading
    // settles as a whole is not set up run by run (`lean_reading`).
    if first.2 && looks_legacy_at(&text[first.1..]) {
        if let Some((read, legacy)) = lean_reading(text) {
            if read != text {
                may_start |= later_passes_may_start_after(text, first.1);
                plan.push(Step::new(Action::Apply, "fix_cjk_encoding"));
                let chain = Chain::LegacyReadAs(legacy, CodePage::SloppyWindows1252);
                plan.push(Step::new(Action::Undid, chain.step_name()));
                return (Cow::Owned(read), may_start);
            }
        }
    }
    // The line's buffers, kept from line to line (a nested call, which
    // does not happen, would get its own).
    let fixed = SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            // A line of UTF-8 read as a legacy encoding that one reading of
            // its every stretch settles as a whole (`lean_utf8_reading`).
            // (It leaves the line's characters in `scratch.chars`.)
            let lean_tried = !first.2 && first.3 != 0;
            let lean = lean_tried
                .then(|| lean_utf8_reading(text, first.3, &mut scratch))
                .flatten()
                .filter(|(read, _)| read != text);
            let fixed = match lean {
                Some((read, legacy)) => {
                    may_start |= later_passes_may_start_after(text, first.1);
                    plan.push(Step::new(Action::Apply, "fix_cjk_encoding"));
                    let chain = Chain::Utf8ReadAs(legacy);
                    plan.push(Step::new(Action::Undid, chain.step_name()));
                    Cow::Owned(read)
                }
                None => repair_line(text, plan, first, lean_tried, &mut may_start, &mut scratch),
            };
            if scratch.chars.capacity() > MAX_KEPT_CHARS
                || scratch.arena.capacity() > 16 * MAX_KEPT_CHARS
            {
                // A huge line's buffers are not kept.
                *scratch = LineScratch::default();
            }
            fixed
        }
        Err(_) => repair_line(
            text,
            plan,
            first,
            false,
            &mut may_start,
            &mut LineScratch::default(),
        ),
    });
    (fixed, may_start)
}

/// [`later_passes_may_start`] at every character after the one at byte
/// `offset` of `text` (the line's first trigger) where a trigger may be, as
/// `repair_line` gathers them: for a line a lean path repairs.
fn later_passes_may_start_after(text: &str, offset: usize) -> u8 {
    let mut bits = 0;
    let mut chars = text[offset..].char_indices();
    chars.next();
    for (i, c) in chars {
        if c.is_ascii() || !may_trigger(c) {
            continue;
        }
        // (A bit once found is not tested again.)
        let at = offset + i;
        if bits & MAY_REPLACEMENT_RUNS == 0 && replacement_runs::is_trigger(text, at, c) {
            bits |= MAY_REPLACEMENT_RUNS;
        }
        if bits & MAY_TWO_BYTE_UTF8 == 0 && two_byte_utf8::is_trigger(text, at, c) {
            bits |= MAY_TWO_BYTE_UTF8;
        }
        if bits == MAY_REPLACEMENT_RUNS | MAY_TWO_BYTE_UTF8 {
            break;
        }
    }
    bits
}

/// Whether a `?` of `text` has a non-ASCII character before or after it:
/// only such a `?` can be a Windows decoder's mark for the UTF-8 direction
/// (a run starts at a `?` before a non-ASCII character and takes one in
/// it, and only a `?` before one adds a trigger). Elsewhere a `?` is text.
fn has_mark_beside_non_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'?', bytes)
        .any(|i| (i > 0 && bytes[i - 1] >= 0x80) || bytes.get(i + 1).is_some_and(|&b| b >= 0x80))
}

/// Whether the UTF-8 trigger `mask` (no single-byte one) at the character
/// at byte `offset` of `text` (which holds no `?` beside a non-ASCII
/// character, [`has_mark_beside_non_ascii`]) is a false alarm: for
/// each of its encodings, the run `utf8_read_as` would decode there (the
/// non-ASCII characters around it that the encoding can encode) proposes
/// no repair that the weighing keeps on its own (none saves its margin) and
/// none set aside. `Some(false)` when no repair saves a bit at all: such a
/// run adds nothing the line's repair could keep, whatever else the line
/// holds (a run's proposals and their weighing depend only on the run and
/// the characters just before and after it); `Some(true)` when some save
/// bits, but too few: kept only where another run establishes their
/// chain. Clean Traditional Chinese has such triggers (`讀取`, `發呆`,
/// `體大` through Shift_JIS); the run is judged here instead of setting up
/// the whole line for it. A run with a hole (U+FFFD, `・` in Shift_JIS) is
/// not judged here (`None`). `judged[k]`: the byte offset up to which runs
/// of `Legacy::ALL[k]` were judged so (a later trigger inside one is not
/// judged again).
fn is_false_utf8_trigger(
    text: &str,
    offset: usize,
    mask: u8,
    judged: &mut [usize; Legacy::ALL.len()],
) -> Option<bool> {
    let mut verdicts = [0usize; Legacy::ALL.len()];
    let mut weak = false;
    for (k, legacy) in Legacy::ALL.into_iter().enumerate() {
        if mask & (1 << k) == 0 || offset < judged[k] {
            continue;
        }
        // The run starts after the last character before the trigger that
        // the encoding cannot take (or ASCII); `run_proposes_nothing`
        // finds where it ends.
        let mut start = offset;
        for (j, c) in text[..offset].char_indices().rev() {
            if is_hole_marker(c, legacy) {
                return None;
            }
            if c.is_ascii() || legacy.encode_char(c).is_none() {
                break;
            }
            start = j;
        }
        let nothing = SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => {
                let nothing = run_proposes_nothing(text, start, legacy, &mut scratch);
                if scratch.chars.capacity() > MAX_KEPT_CHARS
                    || scratch.arena.capacity() > 16 * MAX_KEPT_CHARS
                {
                    // A huge run's buffers are not kept.
                    *scratch = LineScratch::default();
                }
                nothing
            }
            Err(_) => run_proposes_nothing(text, start, legacy, &mut LineScratch::default()),
        });
        let (end, saves) = nothing?;
        verdicts[k] = end;
        weak |= saves;
    }
    for (k, &end) in verdicts.iter().enumerate() {
        judged[k] = judged[k].max(end);
    }
    Some(weak)
}

/// For the run of characters `legacy` encodes that starts at byte `start`
/// of `text` (see [`is_false_utf8_trigger`]): where it ends (a byte
/// offset), and whether some of its repairs save bits, when, read as UTF-8
/// that was read as `legacy`, it proposes no repair that saves its margin
/// and none set aside, and holds no hole or mark; `None` otherwise. The
/// run is decoded by `decode_utf8_spans` with the characters just before
/// and after it as its context, as `utf8_read_as` does in the line.
fn run_proposes_nothing(
    text: &str,
    start: usize,
    legacy: Legacy,
    scratch: &mut LineScratch,
) -> Option<(usize, bool)> {
    let LineScratch {
        chars,
        arena,
        proposals,
        utf8,
        ..
    } = scratch;
    // The character before the run, then the characters from its start up
    // to the first ASCII one (or the end), at most `limit` of them: the
    // run ends in them (then the window holds the character after it), or
    // the window grows. (So a long stretch of non-ASCII text is not copied
    // for each of its runs.)
    let before = text[..start].chars().next_back();
    let mut limit = 256;
    let (chars, run_start, run_end) = loop {
        chars.clear();
        chars.extend(before);
        let run_start = chars.len();
        let mut complete = true;
        for c in text[start..].chars() {
            if chars.len() == run_start + limit {
                complete = false;
                break;
            }
            chars.push(c);
            if c.is_ascii() {
                break;
            }
        }
        let run_end = encode_run(
            chars,
            run_start,
            legacy,
            &mut utf8.units,
            &mut utf8.char_unit,
        );
        if run_end < chars.len() || complete {
            break (&chars[..], run_start, run_end);
        }
        limit *= 4;
    };
    if run_end == run_start || has_holes(&utf8.units) {
        return None;
    }
    utf8.char_unit.push(utf8.units.len());
    proposals.weighed.clear();
    proposals.deferred.clear();
    proposals.garbled.clear();
    arena.clear();
    decode_utf8_spans(
        chars,
        run_start,
        &utf8.units,
        &utf8.char_unit,
        legacy,
        arena,
        proposals,
    );
    // (A UTF-8 reading is never `utf8_like`: each candidate's own margin
    // decides whether it wins alone.)
    if !proposals.deferred.is_empty() || proposals.weighed.iter().any(|c| c.saved >= c.margin) {
        return None;
    }
    let end = start
        + chars[run_start..run_end]
            .iter()
            .map(|c| c.len_utf8())
            .sum::<usize>();
    Some((end, !proposals.weighed.is_empty()))
}

test_switch! {
    /// Tests: `false` makes every trigger start the line's repair, as it did.
    fn false_trigger_shortcut, static FALSE_TRIGGER_SHORTCUT = true
}

/// Buffers of [`repair_line`], reused for every line of a thread.
#[derive(Default)]
struct LineScratch {
    chars: Vec<char>,
    utf8_triggers: Vec<u8>,
    single_byte_triggers: Vec<bool>,
    /// Per character: flags for the single-byte trigger (`repair_line`).
    high: Vec<u8>,
    arena: Vec<char>,
    proposals: Proposals,
    single_byte: Vec<Proposal>,
    as_1252: Vec<u8>,
    runs: PageRuns,
    read: ReadScratch,
    utf8: Utf8Scratch,
    taken: Vec<bool>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<LineScratch> =
        std::cell::RefCell::new(LineScratch::default());
}

/// Lines longer than this (in characters), or whose candidates took more
/// than 16 times as many, do not keep their buffers.
const MAX_KEPT_CHARS: usize = 1 << 16;

/// [`fix_wide_sequences`] from the line's first trigger on: `first` is its
/// character index, byte offset, and triggers. Adds the later passes'
/// triggers at the characters after it to `may_start`. `chars_hold_text`:
/// `scratch.chars` holds the characters of `text` already.
fn repair_line<'a>(
    text: &'a str,
    plan: &mut Vec<Step>,
    first: (usize, usize, bool, u8),
    chars_hold_text: bool,
    may_start: &mut u8,
    scratch: &mut LineScratch,
) -> Cow<'a, str> {
    let (first_char, first_offset, first_single_byte, first_utf8) = first;
    let LineScratch {
        chars,
        utf8_triggers,
        single_byte_triggers,
        high,
        arena,
        proposals,
        single_byte,
        as_1252,
        runs,
        read,
        utf8,
        taken,
    } = scratch;
    // The triggers of every character from there on.
    if !chars_hold_text {
        chars.clear();
        chars.extend(text.chars());
    }
    let chars: &[char] = chars;
    utf8_triggers.clear();
    utf8_triggers.resize(chars.len(), 0); // bit k: Legacy::ALL[k]
    single_byte_triggers.clear();
    single_byte_triggers.resize(chars.len(), false);
    single_byte_triggers[first_char] = first_single_byte;
    utf8_triggers[first_char] = first_utf8;
    // `single_byte_trigger` over the characters' flags (bit 0: a high
    // character, bit 1: one that is a symbol), in a window of five, from
    // the character after the first trigger on (the windows start there).
    let t = triggers();
    high.clear();
    high.resize(first_char + 1, 0);
    high.extend(chars[first_char + 1..].iter().map(|&ch| {
        if has_bit(&t.legacy_as_single_byte, ch) {
            1 | u8::from(has_bit(&t.single_byte_symbol, ch)) << 1
        } else {
            0
        }
    }));
    // The encodings with a trigger in the line, and whether a single-byte
    // trigger is there, gathered on the way.
    let mut utf8_encodings = first_utf8;
    let mut any_single_byte = first_single_byte;
    // The byte offset of the character after `k`.
    let mut after = first_offset + chars[first_char].len_utf8();
    for k in first_char + 1..chars.len() {
        let c = chars[k];
        let at = after;
        after += c.len_utf8();
        // (No trigger holds where `may_trigger` says none can: the
        // single-byte one needs the flag of `high`, which it tests.)
        if c.is_ascii() || !may_trigger(c) {
            continue;
        }
        *may_start |= later_passes_may_start(text, at, c);
        let rest = &text[after..];
        let single_byte = high[k] & 1 != 0 && high.get(k + 1).is_some_and(|&h| h & 1 != 0) && {
            let window = &high[k..chars.len().min(k + 5)];
            let count = window.iter().filter(|&&h| h & 1 != 0).count();
            let symbols = window.iter().filter(|&&h| h & 2 != 0).count();
            count >= 4 || (count >= 3 && symbols >= 1)
        };
        debug_assert_eq!(single_byte, single_byte_trigger(c, rest));
        single_byte_triggers[k] = single_byte;
        any_single_byte |= single_byte;
        let mask = utf8_trigger_mask(c, rest);
        utf8_triggers[k] = mask;
        utf8_encodings |= mask;
    }
    // A `?` before a character out of phase stands for a hole: its run
    // starts at the `?` (`utf8_read_as`), and so does its trigger. (Only in
    // a line that has another trigger: a `?` alone starts nothing, so the
    // Fixer's trigger scan need not look at ASCII.)
    if text.contains('?') {
        for (k, (offset, c)) in text.char_indices().enumerate() {
            if c == '?' {
                let mask = after_hole_mask(&text[offset + 1..]);
                utf8_triggers[k] |= mask;
                utf8_encodings |= mask;
            }
        }
    }
    debug_assert_eq!(
        utf8_encodings,
        utf8_triggers.iter().fold(0, |all, &m| all | m)
    );
    debug_assert_eq!(any_single_byte, single_byte_triggers.contains(&true));
    let any_utf8 = utf8_encodings != 0;
    // Text that a single-byte code page turns back into UTF-8 as a whole is
    // the Latin-family repair's to undo, not the single-byte direction's.
    let whole_is_utf8 = || whole_is_utf8(text);
    // So is UTF-8 read as windows-1252 or Latin-1 that lost bytes on the way
    // (`ã“ã‚“ã«ã¡ã¯`, see `dropped_bytes`): read as a legacy encoding it
    // makes nonsense that can still outweigh the mojibake.
    // (Including Latin-1 text whose C1 controls were all dropped, which
    // `dropped_bytes` can seldom repair but whose structure shows it.)
    let dropped_utf8 =
        || matches!(restore_dropped_bytes(text), Cow::Owned(_)) || is_c1_dropped_utf8(text);
    // And Russian text in windows-1251 or KOI8-R read as windows-1252,
    // which a legacy CJK reading would turn into made-up characters.
    // (Whole UTF-8, the common Latin-family case, is asked first, before
    // any run is read, as it costs the Latin repair's lines least; the
    // other two only once the runs are read, and only when a run that
    // proposes something was not settled by a decisive reading.)
    if any_single_byte && whole_is_utf8() {
        any_single_byte = false;
        single_byte_triggers.fill(false);
    }
    let back_off = || dropped_utf8() || cyrillic::is_legacy_cyrillic(text);
    if !any_utf8 && !any_single_byte {
        return Cow::Borrowed(text);
    }
    proposals.weighed.clear();
    proposals.deferred.clear();
    proposals.garbled.clear();
    arena.clear();
    for (k, legacy) in Legacy::ALL.into_iter().enumerate() {
        if utf8_encodings & (1 << k) != 0 {
            utf8_read_as(chars, legacy, utf8_triggers, 1 << k, arena, proposals, utf8);
        }
    }
    if any_single_byte {
        single_byte.clear();
        // Which characters windows-1252 turns into multi-byte UTF-8, over
        // the whole line (a run of one page stops where the page cannot
        // encode a character, such as `€` in Latin-1).
        // (From the pages' bytes of each character, `runs.codes`.)
        single_byte_runs(chars, single_byte_triggers, runs);
        as_1252.clear();
        as_1252.extend(
            chars
                .iter()
                .zip(&runs.codes)
                .map(|(&c, codes)| byte_in_1252_from(c, codes[0])),
        );
        utf8_coverage(as_1252, &mut read.utf8_in_1252);
        read.unsettled = 0;
        // The chain the text went through decodes it in long spans; the
        // other encodings and code pages break it into fragments. A chain
        // whose longest span is under half the longest of all is not weighed
        // (short texts, whose longest span is short, keep every chain).
        // A span has at most as many non-ASCII characters as its run has
        // high bytes, so a page whose runs are all too short for that is
        // not decoded at all (`best` only grows).
        let mut longest = [0usize; Legacy::ALL.len() * SINGLE_BYTE_PAGES.len()];
        let mut best = 0;
        for p in 0..SINGLE_BYTE_PAGES.len() {
            let from = single_byte.len();
            single_byte_read_as(chars, runs, p, best, arena, single_byte, read);
            for p in &single_byte[from..] {
                let non_ascii = p.non_ascii;
                let slot = &mut longest[single_byte_slot(p.chain)];
                *slot = (*slot).max(non_ascii);
                best = best.max(non_ascii);
            }
        }
        if read.unsettled > 0 && back_off() {
            single_byte.clear();
        }
        for p in single_byte.drain(..) {
            let l = longest[single_byte_slot(p.chain)];
            if best <= 4 || 2 * l >= best {
                propose(chars, arena, p, proposals);
            }
        }
    }
    let Proposals {
        weighed: candidates,
        deferred,
        garbled,
    } = proposals;
    if candidates.is_empty() {
        return Cow::Borrowed(text);
    }
    // A line is usually damaged one way. A chain whose candidates win on
    // their own by 24 bits or more in total is established for the line;
    // its other candidates need only be cheaper than what they replace (a
    // lone `¶Ô` among repaired GBK is 对 too). Everything else must win by its own margin.
    // Two separate spans that win on their own establish their chain too
    // (a short line of two-syllable Korean words: `±вє» ЖДАП ЗьЅД јіБ¤`).
    let mut established: Vec<(Chain, i64)> = Vec::new();
    let mut winners: Vec<(Chain, usize, usize)> = candidates
        .iter()
        .filter(|c| c.saved >= c.margin && !c.utf8_like)
        .map(|c| (c.chain, c.start, c.end))
        .collect();
    winners.sort_by_key(|&(_, start, _)| start);
    for c in candidates
        .iter()
        .filter(|c| c.saved >= c.margin && !c.utf8_like)
    {
        match established.iter_mut().find(|(chain, _)| *chain == c.chain) {
            Some((_, total)) => *total += c.saved - c.margin,
            None => established.push((c.chain, c.saved - c.margin)),
        }
    }
    let separate_winners = |chain: Chain| {
        let mut count = 0;
        let mut end = 0;
        for &(c, s, e) in &winners {
            if c == chain && (count == 0 || s >= end) {
                count += 1;
                end = e;
            }
        }
        count
    };
    // Where no chain is established so, the chain of the single-byte
    // direction that wins most (alone: no other chain's winners total as
    // much) may lead a line that no winner reads with a lost byte: a
    // short line holds one winning span and short spans of the same damage
    // around it (`‚ÌWanderingManager‚ªNull‚Å‚·`, `"[°¡-ÆR]?\\.txt", "ÇÑ±Û.txt"`).
    // It does when its spans, the winners and the others that are cheaper
    // than what they replace (guessing no byte, and not UTF-8 through the
    // page: Latin-family mojibake), then cover every non-ASCII character of
    // the line: the one damage explains the whole line. (Where they do
    // not, as in text that lost most of its bytes, the winner is as likely
    // a chance reading.) Its other spans are then taken as an established
    // chain's. (The UTF-8 direction weighs its short spans on its own.)
    let strong = |chain: Chain, total: i64| total >= 24 || separate_winners(chain) >= 2;
    let mut leading = if !leading_chain() || established.iter().any(|&(c, t)| strong(c, t)) {
        None
    } else {
        let top = established.iter().map(|&(_, t)| t).max();
        let mut at_top = established.iter().filter(|&&(_, t)| Some(t) == top);
        match (at_top.next(), at_top.next()) {
            (Some(&(chain, total)), None)
                if matches!(chain, Chain::LegacyReadAs(..))
                    && !candidates.iter().any(|c| c.saved >= c.margin && c.guessed) =>
            {
                Some((chain, total))
            }
            _ => None,
        }
    };
    established.retain(|&(chain, total)| strong(chain, total));
    let before_deferred = candidates.len();
    for proposal in deferred.drain(..) {
        let chain = proposal.chain;
        let leads =
            leading.is_some_and(|(c, _)| c == chain) && proposal.lost == 0 && proposal.holes == 0;
        if established.iter().any(|&(c, _)| c == chain) || leads {
            weigh_into(chars, arena, garbled, proposal, candidates);
        }
    }
    // A set-aside span of Latin-1 letters (À–ÿ) inside a word of ASCII
    // letters (one on each side, or one it took as a trail byte and one
    // after it) is more likely part of a Latin word than a CJK pair, and does
    // not follow the leading chain (`"égal.txt"` beside `ÍâÈËÆÛ.txt`: `ég` is
    // `E9 67`, `間`; `administração`, `mäßig`; found by the review of the
    // merge). Spans with the page's other letters (`ƒ`, `Œ`, `Š`: Shift_JIS
    // leads) or symbols (`‚`, `°`) are not held back.
    let in_latin_word = |c: &Candidate| {
        let latin =
            |x: &char| x.is_ascii_alphabetic() || ('À'..='ÿ').contains(x) && x.is_alphabetic();
        let letter = |at: Option<&char>| at.is_some_and(|x| x.is_ascii_alphabetic());
        let span = &chars[c.start..c.end];
        span.iter().all(latin)
            && letter(chars.get(c.end))
            && (span.iter().any(|x| x.is_ascii()) || c.start > 0 && letter(chars.get(c.start - 1)))
    };
    let leads = |c: &Candidate, leading: Option<(Chain, i64)>| {
        leading.is_some_and(|(chain, _)| chain == c.chain)
            && (c.saved >= c.margin || (!c.guessed && !c.utf8_like && !in_latin_word(c)))
    };
    if leading.is_some() {
        taken.clear();
        taken.resize(chars.len(), false);
        for c in candidates.iter().filter(|c| leads(c, leading)) {
            taken[c.start..c.end].fill(true);
        }
        if chars
            .iter()
            .zip(taken.iter())
            .any(|(c, &t)| !c.is_ascii() && !t)
        {
            leading = None;
            // (Only the leading chain's set-aside spans were weighed.)
            candidates.truncate(before_deferred);
        }
    }
    let accepted = |c: &Candidate| {
        let established = established.iter().any(|&(chain, _)| chain == c.chain);
        if c.utf8_like {
            established && c.saved >= 1
        } else {
            c.saved >= c.margin || ((established || leads(c, leading)) && c.saved >= 1)
        }
    };
    candidates.retain(|c| accepted(c));
    // Established chains first, then the largest gains; keep those that do
    // not overlap a kept one.
    let rank = |c: &Candidate| {
        let est = established
            .iter()
            .chain(leading.as_ref())
            .find(|&&(chain, _)| chain == c.chain)
            .map_or(0, |&(_, total)| total);
        (
            std::cmp::Reverse(est),
            std::cmp::Reverse(c.saved - c.margin),
            c.start,
        )
    };
    candidates.sort_by_cached_key(|c| rank(c));
    let mut kept: Vec<Candidate> = Vec::new();
    // The characters a kept candidate covers.
    taken.clear();
    taken.resize(chars.len(), false);
    for c in candidates.drain(..) {
        if !taken[c.start..c.end].contains(&true) {
            taken[c.start..c.end].fill(true);
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| c.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut chains: Vec<Chain> = Vec::new();
    for c in &kept {
        out.extend(&chars[at..c.start]);
        out.extend(&arena[c.repaired.clone()]);
        at = c.end;
        if !chains.contains(&c.chain) {
            chains.push(c.chain);
        }
    }
    out.extend(&chars[at..]);
    if out == text {
        return Cow::Borrowed(text);
    }
    plan.push(Step::new(Action::Apply, "fix_cjk_encoding"));
    plan.extend(
        chains
            .iter()
            .map(|c| Step::new(Action::Undid, c.step_name())),
    );
    Cow::Owned(out)
}

test_switch! {
    /// Tests: `false` turns the leading chain of a line off (see `repair_line`).
    fn leading_chain, static LEADING_CHAIN = true
}

/// A repair proposed for `chars[start..end]`, not yet weighed.
struct Proposal {
    start: usize,
    end: usize,
    /// The repaired text: a range of the line's arena, where every
    /// decoder writes (one buffer for a line's candidates).
    repaired: std::ops::Range<usize>,
    chain: Chain,
    /// See [`Candidate::utf8_like`].
    utf8_like: bool,
    /// Bytes the repair supposes were dropped without a trace (see
    /// [`read_with_lost_bytes`]): each costs [`LOST_BYTE_BITS`] more.
    lost: u32,
    /// The repaired text's non-ASCII characters, and its U+FFFD among
    /// them (counted once, where it is written: see [`count_non_ascii`]).
    non_ascii: usize,
    holes: usize,
}

/// The non-ASCII characters of a repair, and its U+FFFD.
fn count_non_ascii(repaired: &[char]) -> (usize, usize) {
    repaired.iter().fold((0, 0), |(n, h), &c| {
        (
            n + usize::from(!c.is_ascii()),
            h + usize::from(c == '\u{FFFD}'),
        )
    })
}

/// Files a proposal: weighed now, or set aside when it is a lone CJK
/// character read through a single-byte code page, which can only be
/// repaired where its chain is established (Latin text holds many such pairs
/// by chance, and weighing costs time).
fn propose(chars: &[char], arena: &[char], proposal: Proposal, out: &mut Proposals) {
    let lone = matches!(proposal.chain, Chain::LegacyReadAs(..)) && proposal.non_ascii < 2;
    // A repair that brings back no character, only holes, is taken only
    // where its chain is established: otherwise holes and a clean character
    // could be traded for fewer holes.
    let holes_only = proposal.holes == proposal.non_ascii;
    if lone || holes_only {
        out.deferred.push(proposal);
    } else {
        weigh_into(chars, arena, &mut out.garbled, proposal, &mut out.weighed);
    }
}

/// Candidates found so far: weighed, or set aside until their chain is known
/// to be established for the line.
#[derive(Default)]
struct Proposals {
    weighed: Vec<Candidate>,
    deferred: Vec<Proposal>,
    /// Bits and holes of garbled spans already weighed (chains often
    /// propose the same span), per start: `(end, bits, holes)` of the
    /// last two ends (chains that cut a run differently alternate).
    garbled: Vec<[(usize, u32, u32); 2]>,
}

/// Weighs a proposal in its context and keeps it if it saves bits.
fn weigh_into(
    chars: &[char],
    arena: &[char],
    garbled_cache: &mut Vec<[(usize, u32, u32); 2]>,
    proposal: Proposal,
    out: &mut Vec<Candidate>,
) {
    let Proposal {
        start,
        end,
        repaired: range,
        chain,
        utf8_like,
        lost,
        holes,
        ..
    } = proposal;
    let garbled = &chars[start..end];
    let repaired = &arena[range.clone()];
    if garbled == repaired {
        return;
    }
    let before = start.checked_sub(1).map(|i| chars[i]);
    let after = chars.get(end).copied();
    if garbled_cache.len() < chars.len() {
        garbled_cache.resize(chars.len(), [(0, 0, 0); 2]);
    }
    let slot = &mut garbled_cache[start];
    let (garbled_bits, garbled_holes) = match *slot {
        [(e, bits, holes), _] | [_, (e, bits, holes)] if e == end => (bits, holes),
        _ => {
            let (bits, holes) = plausibility::garbled_cost(garbled.iter().copied(), before, after);
            *slot = [(end, bits, holes), slot[0]];
            (bits, holes)
        }
    };
    // A repair no cheaper than the garbled text is not kept (below): its
    // weighing stops once its bits, with its language bits and its lost
    // bytes' (which are added to them below), reach the garbled text's.
    // Text stored in a legacy encoding is in that encoding's language (its
    // `language_bits`, summed in the same pass); and without UTF-8's
    // validity as evidence, this direction needs 4 bits more.
    let legacy = match chain {
        Chain::LegacyReadAs(legacy, _) => Some(legacy),
        _ => None,
    };
    // Bytes supposed lost are guesses; in a short repair of text that is
    // all letters (no C1 control, no windows-1252 punctuation or Latin-1
    // symbol, which legacy CJK bytes make: `‚Ì`, `¤¤`), they count in its
    // mean bits per character (`òÕÓÓËÉÊ`, KOI8-R read as Latin-1, is no Big5
    // that lost a soft hyphen: 藑個蚎圴).
    let guessed = if lost > 0 && garbled.iter().all(|c| c.is_ascii() || c.is_alphabetic()) {
        lost * LOST_BYTE_BITS
    } else {
        0
    };
    let Some((mut verdict, language)) = plausibility::weigh_slice_against(
        (garbled_bits, garbled_holes),
        repaired,
        before,
        after,
        garbled_bits.saturating_sub(lost * LOST_BYTE_BITS),
        legacy,
        guessed,
    ) else {
        return;
    };
    if legacy.is_some() {
        verdict.repaired_bits += language;
        verdict.margin += 4;
    }
    verdict.repaired_bits += lost * LOST_BYTE_BITS;
    let saved = i64::from(verdict.garbled_bits) - i64::from(verdict.repaired_bits);
    if saved > 0 {
        out.push(Candidate {
            start,
            end,
            repaired: range,
            chain,
            saved,
            margin: i64::from(verdict.margin),
            utf8_like,
            guessed: lost > 0 || holes > 0,
        });
    }
}

test_switch! {
    /// Tests: `false` sends every line to `repair_line`, as before
    /// `lean_reading`.
    fn lean_path, static LEAN_PATH = true
}

/// In a window of [`LEAN_WINDOW`] non-ASCII characters of a lean reading,
/// at most this many bits.
const LEAN_WINDOW_BITS: u32 = 42;
/// ... and no character over this many bits.
const LEAN_CHAR_BITS: u32 = 15;
const LEAN_WINDOW: usize = 3;

/// The lean path for a line whose first trigger is a single-byte one: the
/// whole line read as windows-1252 bytes, decoded strictly with one legacy
/// encoding, when that reading is decisive for the line as a whole. The
/// test of [`is_decisive`] (at least [`DECISIVE_CHARS`] non-ASCII
/// characters, at most 11 bits each on average, no kana outside
/// Shift_JIS), and besides no character over [`LEAN_CHAR_BITS`], no
/// [`LEAN_WINDOW`] in a row over [`LEAN_WINDOW_BITS`], no halfwidth
/// katakana or fullwidth Latin letter, and no pair whose trail is an ASCII
/// letter or digit before another: where a strict decoder re-phased after a
/// lost byte (a mean over the whole line hides such a stretch; the full
/// path reads it with the lost byte). The line must hold no U+FFFD (a byte
/// the page rejected), must not be UTF-8 through a page as a whole (the
/// Latin repair's), and is not encoded whole when fewer than a quarter of
/// its characters are high (`encode_1252`). The encodings are tried as
/// `single_byte_read_as` tries a run (Hangul-looking bytes with EUC-KR
/// first). `None` sends the line to [`repair_line`], as every line went
/// before. On the bench input it decides 271 of the 700 damaged lines, each
/// as `repair_line` did (and none of `damaged_10pct.txt`); elsewhere it may
/// differ from `repair_line` (test `the_lean_path_leaves_latin_words_alone`,
/// and `ARCHITECTURE.md` for the damage report's rows).
fn lean_reading(text: &str) -> Option<(String, Legacy)> {
    if !lean_path() || text.contains('\u{FFFD}') {
        return None;
    }
    let bytes = encode_1252(text)?;
    let order = reading_order(looks_like_hangul(&bytes));
    // (Whole UTF-8 asked last: most lines fail the readings first.)
    let mut read = String::new();
    let legacy = order
        .into_iter()
        .find(|&legacy| lean_read_as(&bytes, legacy, &mut read))?;
    (!whole_is_utf8(text)).then_some((read, legacy))
}

/// The lean path for a line whose first trigger is a UTF-8 one (`mask`,
/// bit k: `Legacy::ALL[k]`): every stretch of non-ASCII characters
/// re-encoded whole with the legacy encoding and read as UTF-8, the holes
/// of a stretch that has some (U+FFFD; `・` in Shift_JIS) settled by the
/// same search as [`utf8_read_as`] (`settle_holes`) on that stretch alone,
/// taken for the line when the reading is decisive for the line as a whole:
/// every stretch encodes and decodes whole (no bridged or cut sequence,
/// and a character of three or four bytes in each, a hole not counting),
/// at least [`LEAN_UTF8_CHARS`] non-ASCII characters besides U+FFFD, at
/// most [`LEAN_UTF8_TENTHS`] tenths of a bit a character on average, none
/// over [`LEAN_CHAR_BITS`] and no [`LEAN_WINDOW`] in a row over
/// [`LEAN_WINDOW_BITS`]; each stretch is repaired where the full path
/// would keep its repair ([`splice_lean_candidates`]), and a lone stretch
/// that only the line's other stretches would carry sends the line on. A
/// `?` beside a non-ASCII character (a Windows decoder's mark, or a
/// question mark: the full path's search decides) sends the line to
/// [`repair_line`], as does anything else. The encodings of `mask` are
/// tried in the order of `Legacy::ALL`. Leaves the line's characters in
/// `scratch.chars` (where [`repair_line`] takes them instead of decoding
/// the line again).
fn lean_utf8_reading(text: &str, mask: u8, scratch: &mut LineScratch) -> Option<(String, Legacy)> {
    let LineScratch { chars, utf8, .. } = scratch;
    chars.clear();
    chars.extend(text.chars());
    if !lean_path() || has_mark_beside_non_ascii(text) {
        return None;
    }
    let mut read = String::with_capacity(text.len() + text.len() / 2);
    for (k, legacy) in Legacy::ALL.into_iter().enumerate() {
        if mask & (1 << k) != 0 && lean_utf8_read_as(text, chars, legacy, utf8, &mut read) {
            return Some((read, legacy));
        }
    }
    None
}

/// [`lean_utf8_reading`] with one encoding: whether the reading of every
/// stretch (written to `read`, with the ASCII between them) passes the
/// tests there. `chars`: the characters of `text`.
fn lean_utf8_read_as(
    text: &str,
    chars: &[char],
    legacy: Legacy,
    reuse: &mut Utf8Scratch,
    read: &mut String,
) -> bool {
    read.clear();
    let Utf8Scratch {
        units,
        char_unit,
        holes: scratch,
        stretch,
        candidates,
        repaired,
    } = reuse;
    let mut tally = LeanTally::default();
    candidates.clear();
    repaired.clear();
    let mut i = 0;
    // The byte offset of `chars[i]` in `text` (a stretch is copied from
    // there, not encoded again character by character).
    let mut b = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii() {
            read.push(c);
            i += 1;
            b += 1;
            continue;
        }
        let run_start = i;
        i = encode_run(chars, run_start, legacy, units, char_unit);
        // A character the encoding cannot take: not this encoding's line.
        if i == run_start || chars.get(i).is_some_and(|c| !c.is_ascii()) {
            return false;
        }
        char_unit.push(units.len());
        let settled: &[Unit] = if has_holes(units) {
            // As `utf8_read_as` settles a run's holes.
            let swallowed = swallowed_after_run(chars, i);
            scratch.marks.clear();
            scratch.marks.resize(units.len(), false);
            for (k, &u) in char_unit[..i - run_start].iter().enumerate() {
                if matches!(units[u], Unit::Hole | Unit::Marker) {
                    scratch.marks[u] = chars[run_start + k] != '\u{FFFD}';
                }
            }
            settle_holes(units, char_unit, legacy, swallowed, scratch);
            &scratch.settled
        } else {
            units
        };
        let mut u = 0;
        let (mut multibyte, mut ascii, mut whole_long) = (false, false, 0);
        stretch.clear();
        while u < settled.len() {
            let Some(seq) = decode_sequence(&settled[u..]) else {
                return false;
            };
            let whole = settled[u..u + seq.consumed]
                .iter()
                .all(|unit| matches!(unit, Unit::Byte(_)));
            u += seq.consumed;
            let c = seq.c;
            stretch.push(c);
            if c == '\u{FFFD}' {
                continue;
            }
            multibyte |= seq.len > 2;
            // An ASCII byte out of the stretch's non-ASCII characters: a
            // pair with an ASCII trail (a lone stretch, below).
            if c.is_ascii() {
                ascii = true;
                continue;
            }
            whole_long += usize::from(whole && seq.len > 2);
            if !tally.take(c) {
                return false;
            }
        }
        // Two-byte UTF-8 alone is `two_byte_utf8`'s (as in
        // `decode_utf8_spans`).
        if !multibyte {
            return false;
        }
        // The stretch is a candidate where it saves bits, weighed as the
        // full path weighs a span (`weigh_into`): what it saves and the
        // margin it must win by on its own.
        let garbled = &chars[run_start..i];
        let before = run_start.checked_sub(1).map(|k| chars[k]);
        let after = chars.get(i).copied();
        let at = read.len();
        let garbled_len: usize = garbled.iter().map(|c| c.len_utf8()).sum();
        read.push_str(&text[b..b + garbled_len]);
        b += garbled_len;
        if garbled == &stretch[..] {
            continue;
        }
        let (garbled_bits, holes) =
            plausibility::garbled_cost(garbled.iter().copied(), before, after);
        let Some((v, _)) = plausibility::weigh_slice_against(
            (garbled_bits, holes),
            stretch,
            before,
            after,
            garbled_bits,
            None,
            0,
        ) else {
            continue;
        };
        let saved = i64::from(v.garbled_bits) - i64::from(v.repaired_bits);
        // A stretch is lone when nothing but its reading says it is
        // damaged: no hole (U+FFFD, a byte the decoder rejected), and not
        // two whole sequences of three or four bytes (one is common by
        // chance in clean text, two are not: the trigger's own rule, and
        // the full path proposes runs only in stretches with a trigger), or
        // an ASCII byte out of its characters (a pair with an ASCII trail:
        // `隨機` through Shift_JIS reads `笋@`). A clean word beside a long
        // damaged stretch, which establishes the chain for the line, is
        // such a stretch (`頁碼`, `邏輯`), and so is damage that a
        // swallowing decoder made (`鐨刞` for `的\``): a lone stretch that
        // would be repaired without winning by its own margin sends the
        // line to the full path, which weighs it in context.
        let lone = holes == 0 && (ascii || whole_long < 2);
        if lone && saved > 0 && saved < i64::from(v.margin) {
            return false;
        }
        if saved > 0 {
            let from = repaired.len();
            repaired.extend_from_slice(stretch);
            candidates.push(LeanCandidate {
                at,
                len: read.len() - at,
                repaired: from..repaired.len(),
                saved,
                margin: i64::from(v.margin),
            });
        }
    }
    if !tally.passes(LEAN_UTF8_CHARS, LEAN_UTF8_TENTHS) {
        return false;
    }
    if !candidates.is_empty() {
        splice_lean_candidates(read, candidates, repaired);
    }
    true
}

/// A stretch the lean UTF-8 reading may repair: where its garbled text
/// sits in the reading (bytes), its repair (in the line's repaired
/// characters), what it saves and the margin it must win by on its own.
struct LeanCandidate {
    at: usize,
    len: usize,
    repaired: std::ops::Range<usize>,
    saved: i64,
    margin: i64,
}

/// Writes into `read` (the garbled line) the repairs of the lean UTF-8
/// reading's candidates that the full path would keep (`repair_line`,
/// `accepted`): a chain whose repairs win on their own by 24 bits in total,
/// or two that win, is established for the line, and its other repairs
/// need only save a bit; everything else must win by its own margin.
fn splice_lean_candidates(read: &mut String, candidates: &[LeanCandidate], repaired: &[char]) {
    let winners = candidates.iter().filter(|c| c.saved >= c.margin);
    let total: i64 = winners.clone().map(|c| c.saved - c.margin).sum();
    let established = total >= 24 || winners.count() >= 2;
    let garbled = std::mem::take(read);
    let mut last = 0;
    for c in candidates {
        read.push_str(&garbled[last..c.at]);
        if c.saved >= c.margin || established {
            read.extend(&repaired[c.repaired.clone()]);
        } else {
            read.push_str(&garbled[c.at..c.at + c.len]);
        }
        last = c.at + c.len;
    }
    read.push_str(&garbled[last..]);
}

/// A lean UTF-8 reading has at least this many non-ASCII characters
/// besides U+FFFD ...
const LEAN_UTF8_CHARS: usize = 4;
/// ... and at most this many tenths of a bit each on average.
const LEAN_UTF8_TENTHS: u32 = 125;

/// Whether the characters at the start of `text` (from a single-byte
/// trigger) may be legacy CJK bytes read as windows-1252, for
/// [`lean_reading`], from their first 32 bytes there: not UTF-8 read so
/// (three in four of the high bytes in UTF-8's shape, a lead `C2`–`EF` and
/// its continuation bytes; legacy CJK bytes make some by chance), nor
/// accented letters, Cyrillic or Greek in their code pages (no high byte in
/// `80`–`BF`, where legacy CJK text has a trail byte, or a GBK or Shift_JIS
/// lead, every few characters). A constant cost per line, so that other
/// text is not encoded whole.
fn looks_legacy_at(text: &str) -> bool {
    let codes = page_codes();
    let mut bytes = [0u8; 32];
    let mut n = 0;
    for c in text.chars() {
        if n == bytes.len() {
            break;
        }
        let cp = c as usize;
        bytes[n] = if cp < 0x80 {
            cp as u8
        } else if cp < PAGE_CODES_END && codes[cp][0] != NO_BYTE {
            codes[cp][0] as u8
        } else if let Some(codes) = punctuation_codes(c).filter(|c| c[0] != NO_BYTE) {
            codes[0] as u8
        } else {
            return false;
        };
        n += 1;
    }
    let bytes = &bytes[..n];
    let (mut high, mut low, mut shaped) = (0, 0, 0);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if b < 0x80 {
            continue;
        }
        high += 1;
        low += usize::from(b < 0xC0);
        let len = match b {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            _ => continue,
        };
        if let Some(cont) = bytes.get(i..i + len) {
            if cont.iter().all(|&c| (0x80..=0xBF).contains(&c)) {
                high += len;
                low += len;
                shaped += len + 1;
                i += len;
            }
        }
    }
    low > 0 && 4 * shaped < 3 * high
}

/// `text` in sloppy windows-1252 (as `CodePage::encode`), from the page
/// tables the single-byte direction builds anyway; `None` when a character
/// has no byte there (test `the_1252_encoder_is_the_pages`), or, for
/// [`lean_reading`], when high bytes come in fewer than a quarter of its
/// characters (checked every 64: a long line of other text is not encoded
/// whole).
fn encode_1252(text: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(text.len());
    let codes = page_codes();
    let mut high = 0;
    for (k, c) in text.chars().enumerate() {
        // Text with a high byte in fewer than one character in four is
        // not read whole either (in each stretch of 64).
        if k % 64 == 63 && 4 * high < k {
            return None;
        }
        let cp = c as usize;
        let code = if cp < 0x80 {
            if c == '\u{1A}' {
                return None;
            }
            cp as u16
        } else if cp < PAGE_CODES_END {
            codes[cp][0]
        } else {
            punctuation_codes(c)?[0]
        };
        if code == NO_BYTE || code & REJECTED != 0 {
            return None;
        }
        high += usize::from(code >= 0x80);
        bytes.push(code as u8);
    }
    Some(bytes)
}

/// The per-character tests of the lean readings and their running totals:
/// no character over [`LEAN_CHAR_BITS`], no [`LEAN_WINDOW`] in a row over
/// [`LEAN_WINDOW_BITS`], and the count and bits of the non-ASCII
/// characters for the line's mean.
#[derive(Default)]
struct LeanTally {
    n: u32,
    bits: u32,
    window: [u32; LEAN_WINDOW],
}

impl LeanTally {
    /// Counts `c`: false when it, or the window it ends, fails the tests.
    fn take(&mut self, c: char) -> bool {
        let cost = plausibility::char_bits(c);
        if cost > LEAN_CHAR_BITS {
            return false;
        }
        // The window as a ring (its sum does not depend on the order): the
        // slot of the character `LEAN_WINDOW` back takes this one.
        self.window[self.n as usize % LEAN_WINDOW] = cost;
        self.n += 1;
        self.bits += cost;
        !(self.n as usize >= LEAN_WINDOW && self.window.iter().sum::<u32>() > LEAN_WINDOW_BITS)
    }

    /// Whether the characters counted are at least `chars` and cost at
    /// most `tenths` tenths of a bit each on average.
    fn passes(&self, chars: usize, tenths: u32) -> bool {
        self.n as usize >= chars && self.bits * 10 <= tenths * self.n
    }
}

/// [`lean_reading`] with one encoding: whether the strict reading of
/// `bytes` (one or two bytes a character, written to `read`) passes the
/// tests there. A pair whose second byte is an ASCII letter or digit before
/// another one fails them (a lost lead: its trail took the first letter of
/// a word, `膕mbclient` for 從smbclient), and so does a pair with an ASCII
/// trail after a letter and before no legacy byte (the end of a Latin word
/// with an accented letter in a lead byte's range, `née`).
fn lean_read_as(bytes: &[u8], legacy: Legacy, read: &mut String) -> bool {
    read.clear();
    let mut tally = LeanTally::default();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // An ASCII byte glued between a kana and a high byte that a
            // lost lead would make a clear character (`ƒL[‚Í`, キーは): the
            // full path weighs the two readings ([`glued_trail`]).
            if (0x40..=0x7E).contains(&b)
                && read
                    .chars()
                    .next_back()
                    .is_some_and(|c| ('\u{3041}'..='\u{30FA}').contains(&c))
                && bytes.get(i + 1).is_some_and(|&n| n >= 0x80)
                && glued_trails()
                && glued_fill(lost_fills(legacy, SINGLE_BYTE_PAGES[0]), b).is_some()
            {
                return false;
            }
            read.push(char::from(b));
            i += 1;
            continue;
        }
        let c = if legacy.is_lead(b) {
            let Some(&trail) = bytes.get(i + 1) else {
                return false;
            };
            if trail.is_ascii_alphanumeric()
                && bytes.get(i + 2).is_some_and(|n| n.is_ascii_alphanumeric())
            {
                return false;
            }
            // The end of a Latin word through the pair: a letter before the
            // lead, an ASCII trail, and no legacy byte after it (`née` read
            // as `n閑`, `étés` as two characters, `pé_cs` as `p開cs`): the
            // full path judges the word on its own.
            if trail.is_ascii()
                && i > 0
                && bytes[i - 1].is_ascii_alphabetic()
                && bytes.get(i + 2).map_or(true, |n| n.is_ascii())
            {
                return false;
            }
            i += 2;
            match legacy.decode_two(b, trail) {
                Some(c) => c,
                None => return false,
            }
        } else {
            i += 1;
            match legacy.decode_one(b) {
                Some(c) => c,
                None => return false,
            }
        };
        if is_halfwidth(c)
            || ('\u{FF21}'..='\u{FF3A}').contains(&c)
            || ('\u{FF41}'..='\u{FF5A}').contains(&c)
            || (legacy != Legacy::ShiftJis && ('\u{3040}'..='\u{30FF}').contains(&c))
        {
            return false;
        }
        if !tally.take(c) {
            return false;
        }
        read.push(c);
    }
    tally.passes(DECISIVE_CHARS, DECISIVE_TENTHS)
}

#[cfg(test)]
mod tests;
