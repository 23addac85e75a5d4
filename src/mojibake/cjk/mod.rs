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
//!
//! This module is the entry ([`fix_cjk_encoding`]: the scan for a line's
//! first trigger, then the lean paths or the line's repair, then the later
//! passes). The pieces:
//!
//! * a line: `line_repair` (the line from its first trigger on, chain
//!   consistency), `proposals` (spans proposed and weighed), `line_scratch`
//!   (its buffers), `false_triggers` (UTF-8 triggers passed over),
//!   `lean_readings` (a line settled by one reading), `chain` (what was
//!   undone, and its name);
//! * UTF-8 read as a legacy encoding: `utf8_runs` (runs and their spans),
//!   `utf8_holes` (the lengths of holes), `utf8_sequences` (a sequence read
//!   from units, lost bytes filled), `vanished_pairs`;
//! * legacy bytes read through a code page: `single_byte_runs` (each page's
//!   runs), `single_byte_spans` (readings, decisive ones, spans),
//!   `lost_bytes` (the reading with lost bytes), `reading_tables` (what it
//!   looks up), `glued_ascii` (glued trails);
//! * the later passes: `replacement_runs`, `two_byte_utf8`; and what all
//!   share: `trigger`, `legacy`, `plausibility` (with `freq_table`),
//!   `cyrillic`.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::explain::{Action, Step};
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
pub(crate) mod cross_legacy;
mod cyrillic;
mod false_triggers;
mod freq_table;
mod glued_ascii;
mod lean_readings;
pub mod legacy;
mod line_repair;
mod line_scratch;
mod lost_bytes;
pub mod plausibility;
mod proposals;
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

pub use chain::Chain;
use false_triggers::{false_trigger_shortcut, has_mark_beside_non_ascii, is_false_utf8_trigger};
use lean_readings::{lean_reading, lean_utf8_reading, looks_legacy_at};
use legacy::Legacy;
use line_repair::repair_line;
use line_scratch::{LineScratch, MAX_KEPT_CHARS, SCRATCH};
pub(crate) use trigger::{
    follow_masks, has_hole_mark_trigger, is_hole_mark_trigger, is_trigger_at, pair_only_masks,
    passes_over, start_bits,
};
use trigger::{next_may_trigger, single_byte_start, utf8_trigger_mask};

/// The single-byte code pages CJK bytes are read with, in order of trial.
pub const SINGLE_BYTE_PAGES: [CodePage; 6] = [
    CodePage::SloppyWindows1252,
    CodePage::Latin1,
    CodePage::SloppyWindows1250,
    CodePage::SloppyWindows1251,
    CodePage::SloppyWindows1254,
    CodePage::MacRoman,
];

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
    unless_other_script(text, plan, fix_cjk_encoding_unguarded)
}

/// Repairs one legacy CJK encoding read with another's decoder (Big5 read
/// as GBK, Shift_JIS read as GBK, GBK read as Big5 or Shift_JIS; see
/// `cross_legacy`), appending the plan to `plan`. The Fixer runs it, when
/// its switch `fix_cjk_cross_legacy` is on, in a round where
/// [`fix_cjk_encoding`] leaves the text as it is (on a line that also holds
/// other mojibake, the round after that is undone).
///
/// ```
/// use mojifix::mojibake::cjk::fix_cjk_cross_legacy;
/// let mut plan = Vec::new();
/// // 繁體中文 in Big5, read as GBK.
/// assert_eq!(fix_cjk_cross_legacy("羉砰いゅ", &mut plan), "繁體中文");
/// assert_eq!(fix_cjk_cross_legacy("繁體中文", &mut plan), "繁體中文");
/// ```
pub fn fix_cjk_cross_legacy<'a>(text: &'a str, plan: &mut Vec<Step>) -> Cow<'a, str> {
    unless_other_script(text, plan, cross_legacy::fix)
}

/// `repair` of `text`, unless it changed a text that is Cyrillic, Greek or
/// Central European single-byte text read as windows-1252 or Latin-1
/// (`Ïðèâåò`, windows-1251): such text reads as a legacy CJK encoding too,
/// and its cp866 form (`\u{8F}à¨¢¥â`) as Big5 with HKSCS. It is left to
/// `fix_encoding` (`wrong_page`), whose reading gives words of one script
/// that keep to its spelling, which no CJK reading of it can. (Asked only of
/// text the repair changed: most text it is given it leaves alone, and the
/// question costs as much as the repair.)
pub(crate) fn unless_other_script<'a>(
    text: &'a str,
    plan: &mut Vec<Step>,
    repair: impl FnOnce(&'a str, &mut Vec<Step>) -> Cow<'a, str>,
) -> Cow<'a, str> {
    let before = plan.len();
    let fixed = repair(text, plan);
    if matches!(fixed, Cow::Owned(_)) && crate::mojibake::wrong_page::fix_with_steps(text).is_some()
    {
        plan.truncate(before);
        return Cow::Borrowed(text);
    }
    fixed
}

/// [`fix_cjk_encoding`] without its test for single-byte text of other
/// scripts.
fn fix_cjk_encoding_unguarded<'a>(text: &'a str, plan: &mut Vec<Step>) -> Cow<'a, str> {
    let before = plan.len();
    let (mut fixed, mut may_start) = fix_wide_sequences(text, plan);
    // A text the spans repaired is scanned once for both passes' triggers
    // (each pass's own first test, over every character: without a
    // trigger it changes nothing).
    if matches!(fixed, Cow::Owned(_)) {
        may_start = later_passes_may_start_in(&fixed);
    }
    for bit in [MAY_REPLACEMENT_RUNS, MAY_TWO_BYTE_UTF8] {
        // A pass whose trigger holds at no character of the text (seen by
        // the spans' scans, or by the scan above) leaves it alone: it is
        // not run to scan it again. (Once a pass changed the text, the next
        // one scans it.)
        if may_start & bit == 0 {
            continue;
        }
        let mut steps = Vec::new();
        let again = if bit == MAY_REPLACEMENT_RUNS {
            replacement_runs::fix(&fixed, &mut steps)
        } else {
            two_byte_utf8::fix_repaired(&fixed, text, &mut steps)
        };
        if let Cow::Owned(again) = again {
            // One `apply fix_cjk_encoding` step for all, and each chain
            // named once.
            for step in steps {
                if !plan[before..].contains(&step) {
                    plan.push(step);
                }
            }
            fixed = Cow::Owned(again);
            may_start = u8::MAX;
        }
    }
    fixed
}

/// [`later_passes_may_start`] over every character of `text`, a bit once
/// found not tested again.
fn later_passes_may_start_in(text: &str) -> u8 {
    // The BMP characters where either trigger can hold (most characters of
    // a repaired line are where neither can).
    static BITS: OnceLock<Box<[u64; 1024]>> = OnceLock::new();
    let starts = BITS.get_or_init(|| {
        let mut bits = Box::new(two_byte_utf8::start_bits());
        for (b, s) in bits.iter_mut().zip(replacement_runs::start_bits().iter()) {
            *b |= s;
        }
        bits
    });
    let mut bits = 0;
    for (i, c) in text.char_indices() {
        let cp = c as usize;
        // (Neither trigger holds at an astral character.)
        if cp >= 0x10000 || starts[cp / 64] & (1 << (cp % 64)) == 0 {
            continue;
        }
        if bits & MAY_REPLACEMENT_RUNS == 0 && replacement_runs::is_trigger(text, i, c) {
            bits |= MAY_REPLACEMENT_RUNS;
        }
        if bits & MAY_TWO_BYTE_UTF8 == 0 && two_byte_utf8::is_trigger(text, i, c) {
            bits |= MAY_TWO_BYTE_UTF8;
        }
        if bits == MAY_REPLACEMENT_RUNS | MAY_TWO_BYTE_UTF8 {
            break;
        }
    }
    bits
}

#[cfg(test)]
type Pass = for<'a> fn(&'a str, &mut Vec<Step>) -> Cow<'a, str>;

/// Bits of [`fix_wide_sequences`]'s second result: the trigger of
/// `replacement_runs`, of `two_byte_utf8`, holds at some character of the
/// text (the test each pass starts with: without it, it changes nothing).
/// Exact for a text the spans leave as it was; for one a lean path
/// repairs, only the characters up to the first trigger are looked at
/// (`fix_cjk_encoding` runs both passes on a repaired text whatever the
/// bits say).
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
        let (single_byte, utf8) = (single_byte_start(c, rest), utf8_trigger_mask(c, rest));
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
    // A line whose only triggers are Windows decoders' `?` marks before a
    // character out of phase (`?꾧뎄 - ?ъ슜???뺤쓽`: every run starts at
    // one) starts at the first of them. (A line with another trigger finds
    // them in `repair_line`.)
    if first.is_none() {
        let bytes = text.as_bytes();
        first = memchr::memchr_iter(b'?', bytes).find_map(|at| {
            if !bytes.get(at + 1).is_some_and(|&b| b >= 0x80) {
                return None;
            }
            let mask = trigger::after_hole_mask(&text[at + 1..]);
            (mask != 0).then(|| (text[..at].chars().count(), at, false, mask))
        });
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

#[cfg(test)]
mod tests;
