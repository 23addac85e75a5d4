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
use std::sync::OnceLock;

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
pub mod legacy;
pub mod plausibility;
pub(crate) mod replacement_runs;
mod trigger;
pub(crate) mod two_byte_utf8;
mod utf8_holes;
mod utf8_runs;
mod utf8_sequences;
mod vanished_pairs;

use chain::single_byte_slot;
pub use chain::Chain;
use legacy::Legacy;
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
use utf8_sequences::{decode_one_sequence, decode_sequence};

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

test_switch! {
    /// Tests: `false` reads no glued ASCII byte as a lost lead's trail
    /// (see `glued_trail`).
    fn glued_trails, static GLUED_TRAILS = true
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

/// The runs of each single-byte code page in a line that hold a trigger:
/// stretches of characters the page can encode.
#[derive(Default)]
struct PageRuns {
    /// Per character of the line, its byte in each page of
    /// `SINGLE_BYTE_PAGES` (a strict decoder's U+FFFD as one of the page's
    /// undefined bytes, which are lead bytes in every legacy CJK encoding,
    /// flagged [`REJECTED`]), or [`NO_BYTE`].
    codes: Vec<[u16; SINGLE_BYTE_PAGES.len()]>,
    /// Per character: bit p set where page p has a byte for it.
    pages: Vec<u8>,
    /// Per position (one more than the characters): the triggering
    /// characters before it.
    triggers_before: Vec<usize>,
    /// Each page's runs as they are found.
    by_page: [Vec<PageRun>; SINGLE_BYTE_PAGES.len()],
    /// Per run: its page (an index of `SINGLE_BYTE_PAGES`), where it
    /// starts and ends in the line's characters, the triggering characters
    /// it holds, and whether a run of another page makes it moot (see
    /// [`single_byte_runs`]): an earlier page's run holds its bytes at the
    /// same place (`repeated`), or it is `dominated`.
    runs: Vec<PageRun>,
}

struct PageRun {
    page: usize,
    start: usize,
    end: usize,
    triggers: usize,
    repeated: bool,
    dominated: bool,
}

impl PageRuns {
    /// Whether the bytes of pages `p` and `q` agree on the characters
    /// `range`.
    fn same_bytes(&self, p: usize, q: usize, range: std::ops::Range<usize>) -> bool {
        self.codes[range].iter().all(|c| c[p] as u8 == c[q] as u8)
    }
}

/// Text read with one code page holds only characters of that page, so a
/// run of a page that another page's run contains, together with clearly
/// more triggering characters (more than [`RUN_SLACK`]) that the first page
/// cannot encode, is not the damage (MacRoman or windows-1251 fragments of
/// windows-1252 mojibake): it is marked `dominated` and not decoded. Two
/// damages through different pages in separate stretches of a line keep
/// their runs: neither page's run contains the other's. A run whose bytes
/// are those of the longer run at the same place is kept: it is a piece of
/// the same bytes, cut where the other page's characters start (a
/// windows-1252 run inside a windows-1254 one stops at `Ğ`), and such cuts
/// are where a span ends when bytes were dropped and the rest of the run
/// is out of phase.
fn single_byte_runs(chars: &[char], triggered: &[bool], out: &mut PageRuns) {
    // The pages tried once per character: most characters of a CJK line
    // are in no page at all.
    let t = triggers();
    let low_codes = page_codes();
    out.codes.clear();
    out.runs.clear();
    out.codes.extend(chars.iter().map(|&c| {
        if let Some(codes) = low_codes.get(c as usize) {
            // ASCII is itself (but a sloppy page's 1A, its U+FFFD).
            *codes
        } else {
            char_page_codes(c, t)
        }
    }));
    // Per character, the pages that have a byte for it (bit p), and the
    // triggering characters before each position.
    out.pages.clear();
    out.pages.extend(out.codes.iter().map(|c| {
        c.iter()
            .enumerate()
            .fold(0u8, |m, (p, &code)| m | u8::from(code != NO_BYTE) << p)
    }));
    out.triggers_before.clear();
    out.triggers_before.push(0);
    let mut count = 0;
    out.triggers_before.extend(triggered.iter().map(|&t| {
        count += usize::from(t);
        count
    }));
    // Every page's runs in one pass: where a character's pages differ
    // from the last one's, runs start and end (the pages mostly change
    // together: ASCII and Latin-1 letters are in all of them).
    let PageRuns {
        pages,
        triggers_before,
        by_page,
        ..
    } = out;
    for runs in by_page.iter_mut() {
        runs.clear();
    }
    let mut close = |p: usize, start: usize, end: usize| {
        let triggers = triggers_before[end] - triggers_before[start];
        if triggers > 0 {
            by_page[p].push(PageRun {
                page: p,
                start,
                end,
                triggers,
                repeated: false,
                dominated: false,
            });
        }
    };
    let mut opened = [0usize; SINGLE_BYTE_PAGES.len()];
    let mut last = 0u8;
    for (i, &m) in pages.iter().enumerate() {
        let mut changed = m ^ last;
        if changed == 0 {
            continue;
        }
        while changed != 0 {
            let p = changed.trailing_zeros() as usize;
            changed &= changed - 1;
            if m & 1 << p != 0 {
                opened[p] = i;
            } else {
                close(p, opened[p], i);
            }
        }
        last = m;
    }
    while last != 0 {
        let p = last.trailing_zeros() as usize;
        last &= last - 1;
        close(p, opened[p], chars.len());
    }
    // Where each page's runs start in `out.runs` (they are in order).
    let mut first_run = [0usize; SINGLE_BYTE_PAGES.len() + 1];
    for (first, runs) in first_run.iter_mut().zip(out.by_page.iter_mut()) {
        *first = out.runs.len();
        out.runs.append(runs);
    }
    first_run[SINGLE_BYTE_PAGES.len()] = out.runs.len();
    for p in 0..SINGLE_BYTE_PAGES.len() {
        for k in first_run[p]..first_run[p + 1] {
            let r = &out.runs[k];
            let (mut repeated, mut dominated) = (false, false);
            for q in (0..SINGLE_BYTE_PAGES.len()).filter(|&q| q != p) {
                // The run of page `q` that holds this one, if any.
                let runs = &out.runs[first_run[q]..first_run[q + 1]];
                let i = runs.partition_point(|o| o.start <= r.start);
                let Some(o) = runs[..i].last().filter(|o| r.end <= o.end) else {
                    continue;
                };
                let more = o.triggers > r.triggers + RUN_SLACK;
                if q > p && (dominated || !more) {
                    continue;
                }
                let same = out.same_bytes(p, q, r.start..r.end);
                // A run whose bytes an earlier page's run already holds, at
                // the same place, gives no candidate that run did not give
                // (Latin-1 runs stop at `€` where windows-1252 goes on with
                // the same bytes).
                if q < p && same {
                    repeated = true;
                    break;
                }
                dominated |= more && !same;
            }
            out.runs[k].repeated = repeated;
            out.runs[k].dominated = dominated;
        }
    }
}

/// The bytes of `c` in each page of `SINGLE_BYTE_PAGES`, as
/// [`PageRuns::codes`] holds them, for `c` at or above
/// [`PAGE_CODES_END`] (below, [`page_codes`] has them).
fn char_page_codes(c: char, t: &trigger::Triggers) -> [u16; SINGLE_BYTE_PAGES.len()] {
    if let Some(codes) = punctuation_codes(c) {
        *codes
    } else if c == '\u{FFFD}' {
        // A strict decoder of the page writes U+FFFD for each byte
        // it rejects: one of its undefined bytes (windows-1252: 81,
        // 8D, 8F, 90, 9D). (The sloppy pages also decode 1A as
        // U+FFFD; that is no byte of CJK text.)
        SINGLE_BYTE_PAGES.map(|page| {
            page.undefined_bytes()
                .first()
                .map_or(NO_BYTE, |&b| REJECTED | u16::from(b))
        })
    } else if has_bit(&t.single_byte_any, c) {
        SINGLE_BYTE_PAGES.map(|page| page.encode_char(c).map_or(NO_BYTE, u16::from))
    } else {
        [NO_BYTE; SINGLE_BYTE_PAGES.len()]
    }
}

/// [`byte_in_1252`] from `c`'s windows-1252 code in [`PageRuns::codes`]
/// (the first page of `SINGLE_BYTE_PAGES`), which says the same but for
/// U+FFFD (there a rejected byte; here the sloppy page's `1A`).
fn byte_in_1252_from(c: char, code: u16) -> u8 {
    if c == '\u{FFFD}' {
        CodePage::SloppyWindows1252.encode_char(c).unwrap_or(0)
    } else if code == NO_BYTE {
        0
    } else {
        code as u8
    }
}

/// Below this, [`page_codes`] has every character's bytes.
const PAGE_CODES_END: usize = 0x500;

/// The bytes of the characters below [`PAGE_CODES_END`] in each page of
/// `SINGLE_BYTE_PAGES` (or [`NO_BYTE`]), built once: most characters of
/// mojibake through those pages are there.
fn page_codes() -> &'static [[u16; SINGLE_BYTE_PAGES.len()]] {
    static CODES: OnceLock<Vec<[u16; SINGLE_BYTE_PAGES.len()]>> = OnceLock::new();
    CODES.get_or_init(|| {
        (0..PAGE_CODES_END as u32)
            .map(|cp| {
                let c = char::from_u32(cp).expect("below the surrogates");
                SINGLE_BYTE_PAGES.map(|page| page.encode_char(c).map_or(NO_BYTE, u16::from))
            })
            .collect()
    })
}

/// Where [`punctuation_codes`] has every character's bytes.
const PUNCTUATION_CODES: std::ops::Range<usize> = 0x2000..0x2300;

/// The bytes of the characters in [`PUNCTUATION_CODES`] in each page of
/// `SINGLE_BYTE_PAGES` (or [`NO_BYTE`]), built once: windows-1252's
/// punctuation (`‚ƒ„…†‡‰‹''""•–—™›`, bytes 80–9F, which are trail and
/// lead bytes of GBK, Big5 and Shift_JIS) and MacRoman's symbols, which
/// are otherwise a search of each page's encoder.
fn punctuation_codes(c: char) -> Option<&'static [u16; SINGLE_BYTE_PAGES.len()]> {
    static CODES: OnceLock<Vec<[u16; SINGLE_BYTE_PAGES.len()]>> = OnceLock::new();
    let i = (c as usize).checked_sub(PUNCTUATION_CODES.start)?;
    CODES
        .get_or_init(|| {
            PUNCTUATION_CODES
                .map(|cp| {
                    let c = char::from_u32(cp as u32).expect("below the surrogates");
                    SINGLE_BYTE_PAGES.map(|page| page.encode_char(c).map_or(NO_BYTE, u16::from))
                })
                .collect()
        })
        .get(i)
}

/// windows-1252's byte for `c` as the sloppy decoder reads it, or 0 (the
/// line's bytes come from [`byte_in_1252_from`]; kept to test it).
#[cfg(test)]
fn byte_in_1252(c: char) -> u8 {
    let cp = c as usize;
    let first = |codes: &[u16; SINGLE_BYTE_PAGES.len()]| {
        // The page is the first of SINGLE_BYTE_PAGES.
        let code = codes[0];
        if code == NO_BYTE {
            0
        } else {
            code as u8
        }
    };
    if (0x80..PAGE_CODES_END).contains(&cp) {
        first(&page_codes()[cp])
    } else if let Some(codes) = punctuation_codes(c) {
        first(codes)
    } else if cp < 0x80 || cp == 0xFFFD {
        CodePage::SloppyWindows1252.encode_char(c).unwrap_or(0)
    } else {
        // windows-1252 has no other character above U+04FF.
        0
    }
}

/// In [`PageRuns::codes`], a character the page has no byte for.
const NO_BYTE: u16 = u16::MAX;

/// In [`PageRuns::codes`], the flag of a byte standing for a U+FFFD.
const REJECTED: u16 = 0x100;

/// See [`single_byte_runs`]: a few characters of slack for short runs and
/// for symbols next to the damage.
const RUN_SLACK: usize = 2;

/// Candidates for legacy CJK bytes that were read as the single-byte
/// `page` (an index of `SINGLE_BYTE_PAGES`): each of its runs (see
/// [`single_byte_runs`]) is decoded with each legacy encoding. When no run
/// has half as many high bytes as `best` (the longest span found so far, in
/// non-ASCII characters) and `best` is over 4, none of the page's spans
/// would be weighed (see `fix_wide_sequences`), so none is decoded.
fn single_byte_read_as(
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
        let mut read_first = None;
        let mut settled = false;
        for (i, legacy) in order.into_iter().enumerate() {
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

/// Whether `bytes` are at least [`DECISIVE_CHARS`] pairs of EUC-KR's
/// Hangul rows (lead `B0`–`C8`, trail `A1`–`FE`) and ASCII.
fn looks_like_hangul(bytes: &[u8]) -> bool {
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
const DECISIVE_CHARS: usize = 8;

/// ... and at most this many bits per non-ASCII character, in tenths.
const DECISIVE_TENTHS: u32 = 110;

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
fn whole_is_utf8(text: &str) -> bool {
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

/// The order in which the legacy encodings read single-byte text:
/// `Legacy::ALL`, or EUC-KR first for Hangul-looking bytes
/// ([`looks_like_hangul`]).
fn reading_order(hangul: bool) -> [Legacy; 5] {
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

/// Buffers of [`single_byte_read_as`], kept across runs and lines.
#[derive(Default)]
struct ReadScratch {
    bytes: Vec<u8>,
    rejected: Vec<bool>,
    cover: Vec<bool>,
    dp: LostScratch,
    /// Per character of the line: UTF-8 through windows-1252 (see
    /// `repair_line`).
    utf8_in_1252: Vec<bool>,
    /// The line's runs that proposed spans without a decisive reading.
    unsettled: usize,
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
        page,
        utf8_cover,
        ..
    } = *run;
    read_with_lost_bytes(chars, run, legacy, dp);
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

/// `fill_rejected` over [`CodePage::lost_bytes`] for every byte, per legacy encoding
/// and page of `SINGLE_BYTE_PAGES` (built once): the character of a lead
/// byte whose trail was dropped (index: the byte), then of a trail byte
/// whose lead was dropped (256 + the byte), with what it costs a reading
/// (`char_bits` plus [`LOST_BYTE_BITS`]); `'\0'` where none decodes.
fn lost_fills(legacy: Legacy, page: CodePage) -> &'static [(char, u32); 512] {
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
fn priced_pairs(legacy: Legacy) -> &'static [u32] {
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
fn priced_singles(legacy: Legacy) -> &'static [u32; 128] {
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
const LOST_BYTE_BITS: u32 = 8;

/// What a U+FFFD costs a reading (as in the weighing).
const HOLE_READ_BITS: u32 = 12;

/// What a halfwidth katakana after no other costs a reading, besides its
/// own bits: they come in runs, and one alone among other characters is
/// more likely the trail byte of a lost lead (`不ウ` is `不正`, `90 B3`).
const HALFWIDTH_ALONE_BITS: u32 = 8;

/// What a high byte the reading cannot place costs it: more than any
/// character (it stays as it was, and cuts the span).
const UNREAD_BITS: u32 = 32;

/// What an ASCII byte `40`–`7E` glued between a kana and a high byte
/// costs a reading where the page loses bytes and a lost lead would make
/// it a character cheaper than this ([`glued_fill`]). In the clean corpora
/// an ASCII byte `40`–`7E` between two CJK characters is about 1 in 6,000
/// (zh-Hans, zh-Hant) to 1 in 45,000 (ja) characters, 13 to 15 bits.
const GLUED_ASCII_BITS: u32 = 15;

/// Whether the ASCII byte at `i` is glued between a kana the reading's
/// last step made (`step_here`) and a high byte (not one the page
/// rejected): where Shift_JIS lost the `81` of `ー`, `。`, `、` (`ビュ[で`,
/// `キ[は`, `てB大`), which follow kana in Japanese.
#[inline]
fn glued_trail(bytes: &[u8], i: usize, step_here: u64, next_rejected: bool) -> bool {
    let (_, prev, kind) = unpack_step(step_here);
    glued_trails()
        && (0x40..=0x7E).contains(&bytes[i])
        && i > 0
        && kind != STEP_BREAK
        && ('\u{3041}'..='\u{30FA}').contains(&prev)
        && !next_rejected
        && bytes.get(i + 1).is_some_and(|&n| n >= 0x80)
}

/// Whether a run shows that the page kept its bytes, so that no lead was
/// dropped: one of the page's undefined bytes is there as a character (a
/// sloppy decoder kept `81`: `\u{81}B` is `。`), or a strict decoder marked
/// bad bytes with U+FFFD (`rejected`). A letter glued after a kana in such a
/// run is the text's own (`プランB案`, `まずA社`), not a trail whose lead was
/// lost. No-break space and soft hyphen do not count: they are common
/// Shift_JIS trail bytes. (Found by the review of the merge: without this,
/// 627 of 29,964 Japanese lines with a genuine letter between kana and
/// kanji, damaged six ways, were exact before the glued trails and not
/// after; with it, 153, and the `errors="ignore"` gains are all kept.)
fn kept_its_bytes(bytes: &[u8], rejected: bool, page: CodePage) -> bool {
    rejected
        || bytes
            .iter()
            .any(|&b| b != 0xA0 && b != 0xAD && page.lost_bytes().contains(&b))
}

/// Whether [`glued_fill`] has a fill for some ASCII trail with `legacy` on
/// page `p` of `SINGLE_BYTE_PAGES` (built once).
fn has_glued_fills(legacy: Legacy, p: usize) -> bool {
    static ANY: OnceLock<Vec<bool>> = OnceLock::new();
    let any = ANY.get_or_init(|| {
        Legacy::ALL
            .iter()
            .flat_map(|&l| {
                SINGLE_BYTE_PAGES.map(|page| {
                    (0x40..=0x7Eu8).any(|b| glued_fill(lost_fills(l, page), b).is_some())
                })
            })
            .collect()
    });
    glued_trails() && any[legacy as usize * SINGLE_BYTE_PAGES.len() + p]
}

/// The clear fill ([`lost_fills`]) of the ASCII trail `b` whose lead was
/// lost, when it costs a reading less than [`GLUED_ASCII_BITS`].
#[inline]
fn glued_fill(fills: &[(char, u32); 512], b: u8) -> Option<(char, u32)> {
    let (c, add) = fills[256 + usize::from(b)];
    (c != '\0' && c != '\u{FFFD}' && add < GLUED_ASCII_BITS).then_some((c, add))
}

/// The kinds of step of a reading.
const STEP_CHAR: u8 = 0;
const STEP_LOST: u8 = 1;
const STEP_BREAK: u8 = 2;

fn is_halfwidth(c: char) -> bool {
    ('\u{FF61}'..='\u{FF9F}').contains(&c)
}

/// A reading of a run (see [`read_with_lost_bytes`]): per byte position,
/// the cheapest reading's bits up to there and its last step (where it came
/// from, the character, the step's kind); then the steps in order.
#[derive(Default)]
pub(crate) struct LostScratch {
    cost: Vec<u32>,
    /// Packed by [`pack_step`].
    step: Vec<u64>,
    path: Vec<(usize, char, u8)>,
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
}

/// A step of a reading as one integer: where it came from, its kind, its
/// character.
#[inline]
fn pack_step(from: usize, c: char, kind: u8) -> u64 {
    (from as u64) << 32 | u64::from(kind) << 24 | u64::from(u32::from(c))
}

#[inline]
fn unpack_step(s: u64) -> (usize, char, u8) {
    let c = char::from_u32((s & 0x1F_FFFF) as u32).unwrap_or('\0');
    ((s >> 32) as usize, c, (s >> 24) as u8)
}

/// What a character costs a reading: `char_bits`, or
/// [`HOLE_READ_BITS`] for U+FFFD.
fn read_bits(c: char) -> u32 {
    if c == '\u{FFFD}' {
        HOLE_READ_BITS
    } else {
        plausibility::char_bits(c)
    }
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
fn read_with_lost_bytes(chars: &[char], run: &SingleByteRun, legacy: Legacy, dp: &mut LostScratch) {
    // Only Shift_JIS and EUC-JP have halfwidth katakana (see
    // [`HALFWIDTH_ALONE_BITS`]); the others skip their test.
    // Most runs hold no U+FFFD: theirs skips the tests for one.
    let kana = matches!(legacy, Legacy::ShiftJis | Legacy::EucJp);
    match (kana, run.rejected.contains(&true)) {
        (true, true) => read_by_table::<true, true>(chars, run, legacy, dp),
        (false, true) => read_by_table::<false, true>(chars, run, legacy, dp),
        (true, false) => read_by_table::<true, false>(chars, run, legacy, dp),
        (false, false) => read_by_table::<false, false>(chars, run, legacy, dp),
    }
}

/// `fill_rejected` over the page's undefined bytes for every byte, per
/// legacy encoding and page of `SINGLE_BYTE_PAGES` (built once): the
/// character of a lead byte whose trail was rejected (index: the byte),
/// then of a trail byte whose lead was rejected (256 + the byte), with its
/// [`read_bits`]; `'\0'` where none decodes.
fn rejected_fills(legacy: Legacy, p: usize) -> &'static [(char, u32); 512] {
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
/// `SINGLE_BYTE_PAGES` (built once; see [`read_by_table`]): index `(byte
/// - 80) * 4 + 2 * pair + after_halfwidth`, where `pair` is whether the
/// byte and the next read as a pair and `after_halfwidth` whether the
/// reading's last character was a halfwidth katakana; the cheapest of the
/// character the byte reads as alone, the byte left unread, and the
/// characters of a lost lead or trail, as [`read_with_lost_bytes_in`] tries
/// them in turn (the first of equal costs), packed in one word (2 KB a
/// table): its bits over the cost so far above bit 23, the step's kind in
/// bits 21–22, its character below; `u32::MAX` for none.
fn next_steps(legacy: Legacy, p: usize) -> &'static [u32; 512] {
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

/// [`read_with_lost_bytes`]: the reading [`read_with_lost_bytes_in`]
/// makes, with the steps out of each high byte to the next position looked
/// up ([`next_steps`]) instead of tried one by one, and the fills of a
/// rejected byte too ([`rejected_fills`]); `REJ`: whether the run holds a
/// rejected byte (a U+FFFD), which most do not.
fn read_by_table<const KANA: bool, const REJ: bool>(
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
    let cuts_text = run_start + n == chars.len();
    let fills = lost_fills(legacy, page);
    // Whether any ASCII trail has a glued fill (Shift_JIS, on pages that
    // lose bytes), in a run that did not keep its bytes.
    let glue =
        has_glued_fills(legacy, p) && !kept_its_bytes(bytes, REJ && rejected.contains(&true), page);
    for i in 0..n {
        let here = dp.cost[i];
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
                && glued_trail(bytes, i, dp.step[i], REJ && rejected[i + 1])
            {
                if let Some((c, add)) = glued_fill(fills, b) {
                    cost += GLUED_ASCII_BITS;
                    if here + add < dp.cost[i + 1] {
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
        let step_here = dp.step[i];
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
            if cost < dp.cost[i + 1] {
                dp.cost[i + 1] = cost;
                dp.step[i + 1] = pack_step(i, '\u{FFFD}', STEP_BREAK);
            }
            if let Some(&t) = bytes.get(i + 1).filter(|_| !next_rejected) {
                let (c, bits) = rejected_fills[256 + usize::from(t)];
                if c != '\0' {
                    let cost = cost_of(c, bits);
                    if cost < dp.cost[i + 2] {
                        dp.cost[i + 2] = cost;
                        dp.step[i + 2] = pack_step(i, c, STEP_CHAR);
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
                    if cost < dp.cost[i + 2] {
                        dp.cost[i + 2] = cost;
                        dp.step[i + 2] = pack_step(i, c, STEP_CHAR);
                    }
                }
            } else if let Some(&t) = bytes.get(i + 1) {
                if (0x81..=0xFE).contains(&b) && (0x40..=0xFE).contains(&t) {
                    let e = pairs[usize::from(b - 0x81) * 191 + usize::from(t - 0x40)];
                    if e != 0 {
                        pair = true;
                        let c = char::from_u32(e & 0x1F_FFFF).unwrap_or('\0');
                        let cost = cost_of(c, e >> 21);
                        if cost < dp.cost[i + 2] {
                            dp.cost[i + 2] = cost;
                            dp.step[i + 2] = pack_step(i, c, STEP_CHAR);
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
        if i + 1 == n && cuts_text && prev_kind != STEP_BREAK && legacy.is_lead(b) {
            let cost = here + HOLE_READ_BITS;
            if cost < next.0 {
                next = (cost, pack_step(i, '\u{FFFD}', STEP_CHAR));
            }
        }
        if next.0 < dp.cost[i + 1] {
            dp.cost[i + 1] = next.0;
            dp.step[i + 1] = next.1;
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
fn read_with_lost_bytes_in<const KANA: bool>(
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
                    if here + add < dp.cost[i + 1] {
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
                Some((c, 2, e >> 21))
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
                let cost = cost_of(c, b);
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

/// A run of characters that a single-byte code page encodes, as its bytes.
struct SingleByteRun<'a> {
    /// Where it starts in the line's characters.
    start: usize,
    bytes: &'a [u8],
    /// Per byte: a U+FFFD for a byte the page's strict decoder rejected
    /// (the byte is then a placeholder).
    rejected: &'a [bool],
    page: CodePage,
    /// Per byte: part of UTF-8 (see [`utf8_coverage`]).
    utf8_cover: &'a [bool],
}

/// The character `legacy` makes of a lead and a trail byte, one of which a
/// strict single-byte decoder rejected (it is one of `options`, the page's
/// undefined bytes): the one the frequency table clearly prefers (by 4
/// bits) among those that decode, or U+FFFD; `None` when none decodes.
fn fill_rejected(
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

/// For each byte, whether it belongs to a valid multi-byte UTF-8 sequence
/// (scanning from the start, resynchronizing after an invalid byte) that
/// text holds: a two-byte one must be a Latin, modern Greek or basic
/// Cyrillic letter, a Latin-1 symbol or a C1 control (UTF-8 read as
/// windows-1252 twice holds those). Legacy CJK bytes form other two-byte
/// sequences by chance (EUC-JP katakana `A5 CF A5 AF` holds `CF A5`, a
/// Coptic letter), and are not UTF-8 read as a code page.
fn utf8_coverage(bytes: &[u8], cover: &mut Vec<bool>) {
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

#[cfg(test)]
mod tests;
