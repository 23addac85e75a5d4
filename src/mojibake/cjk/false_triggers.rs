//! UTF-8 triggers that are false alarms: where the runs at a trigger
//! propose no repair the weighing keeps on its own, the trigger is passed
//! over instead of setting up the whole line for it (clean Traditional
//! Chinese through Shift_JIS: `讀取`, `發呆`).

use super::legacy::Legacy;
use super::line_scratch::{LineScratch, MAX_KEPT_CHARS, SCRATCH};
use super::utf8_runs::{decode_utf8_spans, encode_run, has_holes, is_hole_marker};

/// Whether a `?` of `text` has a non-ASCII character before or after it:
/// only such a `?` can be a Windows decoder's mark for the UTF-8 direction
/// (a run starts at a `?` before a non-ASCII character and takes one in
/// it, and only a `?` before one adds a trigger). Elsewhere a `?` is text.
pub(super) fn has_mark_beside_non_ascii(text: &str) -> bool {
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
pub(super) fn is_false_utf8_trigger(
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
    proposals.at_windows_marks = false;
    proposals.withheld.clear();
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
    pub(super) fn false_trigger_shortcut, static FALSE_TRIGGER_SHORTCUT = true
}
