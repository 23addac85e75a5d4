//! UTF-8 read as a legacy encoding (`浣犲ソ`): the runs of a line that the
//! encoding re-encodes (holes and `?` marks among them), and the stretches
//! of their bytes that decode as UTF-8 and start and end on character
//! boundaries of both sides, proposed as spans.

use super::chain::Chain;
use super::lean_readings::LeanCandidate;
use super::legacy::{Bytes, Legacy};
use super::proposals::{count_non_ascii, propose, Candidate, Proposal, Proposals};
use super::utf8_holes::{settle_holes, HoleScratch};
use super::utf8_sequences::{decode_sequence_before, wide_or_two};
use super::vanished_pairs;

test_switch! {
    /// Tests: `utf8_read_as` scans the whole line, as it did.
    pub(super) fn full_utf8_scan, static FULL_UTF8_SCAN = false
}

/// A byte of re-encoded text, or bytes the decoder lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unit {
    Byte(u8),
    /// A character a decoder wrote for bytes it rejected: U+FFFD, or a
    /// Windows code page's default character. One lost byte or two: the
    /// WHATWG decoders and Windows take a lead byte and the byte after it
    /// together, Python's `errors="replace"` one byte at a time.
    Hole,
    /// `?` between non-ASCII characters: Windows' default character for a
    /// rejected pair (a hole), or a question mark.
    Marker,
    /// A lost byte that led a sequence of this many bytes (part of a
    /// settled hole).
    LostLead(u8),
    /// A lost continuation byte (part of a settled hole).
    LostCont,
}

pub(super) fn is_continuation(u: Unit) -> bool {
    matches!(u, Unit::Byte(0x80..=0xBF))
}

/// Whether `c`, in a run re-encoded from `legacy`, stands for lost bytes:
/// U+FFFD always; `・` (Windows code page 932's default character, and
/// Shift_JIS `81 45`) always in Shift_JIS. Where one continuation byte is
/// due, `81 45` would also read as valid UTF-8 (a character ending in `81`,
/// then `E`), but a character ending in `81` followed by a capital `E` is
/// rare, while a Windows decoder writes `・` for every continuation byte
/// 81–9F it cannot pair (`縺・` is `い` and the byte after it, `縲・` at
/// the end of a line is `。`): the hole wins. Anywhere else `81` cannot be
/// UTF-8 at all (a continuation byte where none is due), so `・` is a
/// Windows decoder's mark there too: for a pair it could not map, or for a
/// lead whose trail was ASCII (`逕ｨ・・G` is `用`, a lost `（` (`EF BC`,
/// then `88` with the `B` after it), then `G`). (`?` is a
/// [`Unit::Marker`]: the search in [`settle_holes`] decides.)
pub(super) fn is_hole_marker(c: char, legacy: Legacy) -> bool {
    match c {
        '\u{FFFD}' => true,
        '・' => legacy == Legacy::ShiftJis,
        _ => false,
    }
}

/// Candidates for UTF-8 that was read as `legacy`.
pub(super) fn utf8_read_as(
    chars: &[char],
    legacy: Legacy,
    triggers: &[u8],
    bit: u8,
    arena: &mut Vec<char>,
    out: &mut Proposals,
    reuse: &mut Utf8Scratch,
) {
    // Reused for every run (and line).
    let Utf8Scratch {
        units,
        char_unit, // unit index where each char starts
        holes: scratch,
        memo,
        ..
    } = reuse;
    // A run never goes past ASCII other than `?`: the stretch of such
    // characters around it, and the last trigger of this encoding there.
    // A run after that trigger has none, and is not encoded at all.
    let (mut stretch_end, mut last_trigger) = (0, None);
    // Nothing happens before the block of non-ASCII characters and `?`
    // that holds the encoding's first trigger (no stretch before it has
    // one, and none reaches into it), nor after its last trigger: the
    // scan starts and ends there (the same proposals as over the whole
    // line: `tests::utf8_runs_between_the_triggers_are_the_whole_lines`).
    let (from, last) = if full_utf8_scan() {
        (0, chars.len())
    } else {
        let Some(first) = triggers.iter().position(|&m| m & bit != 0) else {
            return;
        };
        let last = triggers
            .iter()
            .rposition(|&m| m & bit != 0)
            .unwrap_or(first);
        let from = chars[..first]
            .iter()
            .rposition(|&c| c.is_ascii() && c != '?')
            .map_or(0, |a| a + 1);
        (from, last)
    };
    out.at_windows_marks = reuse.windows_marks & bit != 0;
    let mut i = from;
    while i < chars.len() && i <= last {
        // A run of non-ASCII characters that the legacy encoding can encode
        // (U+FFFD standing for one lost byte).
        // A run starts at a non-ASCII character, or at a `?` before one (a
        // Windows decoder's mark for a pair it could not read).
        let marks_hole = chars[i] == '?' && chars.get(i + 1).is_some_and(|n| !n.is_ascii());
        if chars[i].is_ascii() && !marks_hole {
            i += 1;
            continue;
        }
        if i >= stretch_end {
            last_trigger = None;
            stretch_end = i;
            while stretch_end < chars.len()
                && (!chars[stretch_end].is_ascii() || chars[stretch_end] == '?')
            {
                if triggers[stretch_end] & bit != 0 {
                    last_trigger = Some(stretch_end);
                }
                stretch_end += 1;
            }
        }
        if !last_trigger.is_some_and(|t| t >= i) {
            i = stretch_end;
            continue;
        }
        let run_start = i;
        // A run the lean UTF-8 reading encoded and settled already.
        if let Some((end, units, index)) = memo.find(legacy, run_start) {
            i = end;
            if triggers[run_start..i].iter().any(|&m| m & bit != 0) {
                decode_utf8_spans(chars, run_start, units, index, legacy, arena, out);
            }
            continue;
        }
        let main_from = out.weighed.len();
        let end = read_run(
            chars,
            run_start,
            chars.len(),
            legacy,
            triggers,
            bit,
            (&mut *units, &mut *char_unit, &mut *scratch),
            arena,
            out,
        );
        if end == run_start {
            i += 1;
            continue;
        }
        i = end;
        // A clean common CJK character glued before a Windows decoder's
        // mark inside the run (`与已?삣퐬`, `在哪里?北京?啣僑`): the run
        // reads it into the damage (`已`'s EUC-KR bytes `EC AB` open a
        // sequence that the mark's hole ends, `已?삣` → `��`), and its holes
        // are settled for that reading. The run from the mark is read too,
        // its holes settled without the character (`?삣퐬` → `�录`), and
        // the weighing keeps the span that saves more; a character read
        // into a hole costs what an unknown character costs, so clean text
        // stays unless the mojibake's reading is the better one (a hanja
        // among Korean text's mojibake). (At most `GLUED_MARK_READS` marks
        // a run: a line of `已?已?…` reads each character at most that
        // many times more.)
        // Likewise clean common CJK text right after a mark that ends
        // mojibake (`鐨?版本`, a swallowing decoder's `?` for a lost byte
        // and a space, before text an earlier round repaired, which the run
        // reads as `的�汾`): the run up to the mark is read too, as a run
        // that ends there. (Not after a common character: `本地?时区` is
        // clean text around a `?`.)
        // Of such a reading only its span from the mark (or up to it) is
        // kept, where the run's own reading has a span that takes the
        // clean text with it and ends (or starts) there too: the two are
        // weighed against each other (`line_repair`'s
        // `drop_glued_extensions`). The rest of a run read anew is the
        // run's own reading again, or out of phase where the holes settle
        // otherwise.
        let main = main_from..out.weighed.len();
        let mut reads = 0;
        for q in run_start + 1..end {
            if reads == GLUED_MARK_READS {
                break;
            }
            if chars[q] != '?' {
                continue;
            }
            // (Not a character whose bytes start with a continuation byte:
            // the end of a sequence read before it, as kana through EUC-KR,
            // `AA`/`AB`, in Japanese text's mojibake.)
            let opens = |c: char| {
                legacy
                    .encode_char(c)
                    .is_some_and(|b| !(0x80..=0xBF).contains(&b.as_slice()[0]))
            };
            let from_mark = is_common_cjk(chars[q - 1])
                && opens(chars[q - 1])
                && clean_beyond(chars, q.checked_sub(2), chars[q - 1]);
            // (Clean text: common characters up to the next mark, hole or
            // the run's end, not mojibake that begins with one: Korean
            // through GBK, `毽?項る崝`, `헤더`.)
            // Nor one character between two marks where the second ends
            // the damage before ASCII or rare text (`竊뚪?誤?setuid`,
            // `?函? gEdit`, `?见?銵`): the mojibake's own, what is left of
            // sequences whose bytes the marks swallowed. (Not before common
            // text or another `?`: `本?进程`, `命??令` are the text's own.)
            let clean_after = || {
                let n = chars[q + 1..end]
                    .iter()
                    .take_while(|&&c| c != '?' && c != '\u{FFFD}')
                    .count();
                let between_marks = n == 1
                    && chars.get(q + 2) == Some(&'?')
                    && !chars
                        .get(q + 3)
                        .is_some_and(|&c| c == '?' || is_common_cjk(c));
                n > 0 && chars[q + 1..q + 1 + n].iter().all(|&c| is_common_cjk(c)) && !between_marks
            };
            let (start, limit) = if from_mark {
                (q, end)
            } else if !is_common_cjk(chars[q - 1]) && clean_after() {
                (run_start, q + 1)
            } else {
                continue;
            };
            reads += 1;
            let (from, deferred) = (out.weighed.len(), out.deferred.len());
            read_run(
                chars,
                start,
                limit,
                legacy,
                triggers,
                bit,
                (&mut *units, &mut *char_unit, &mut *scratch),
                arena,
                out,
            );
            out.deferred.truncate(deferred);
            if from_mark {
                keep_alternatives(
                    out,
                    main.clone(),
                    from,
                    |s| s.start == q,
                    |s, l| l.start < q && l.start + GLUED_PREFIX >= q && l.end == s.end,
                );
            } else {
                keep_alternatives(
                    out,
                    main.clone(),
                    from,
                    |s| s.end == q + 1,
                    |s, l| l.start == s.start && l.end > s.end,
                );
            }
        }
    }
}

/// How many runs from a mark after a clean character [`utf8_read_as`]
/// reads in one run.
const GLUED_MARK_READS: usize = 2;

/// How many characters of clean text and marks a span may have taken
/// before a mark (see [`utf8_read_as`] and `line_repair`'s
/// `drop_glued_extensions`).
pub(super) const GLUED_PREFIX: usize = 4;

/// Keeps of the candidates from `from` on those that are `alternative`
/// and that `pairs` with one of `main` (the shorter span first).
fn keep_alternatives(
    out: &mut Proposals,
    main: std::ops::Range<usize>,
    from: usize,
    alternative: impl Fn(&Candidate) -> bool,
    pairs: impl Fn(&Candidate, &Candidate) -> bool,
) {
    let mut i = from;
    while i < out.weighed.len() {
        let s = &out.weighed[i];
        if alternative(s) && out.weighed[main.clone()].iter().any(|l| pairs(s, l)) {
            i += 1;
        } else {
            out.weighed.swap_remove(i);
        }
    }
}

/// Encodes, settles and decodes the run from `chars[run_start]` (see
/// [`utf8_read_as`]), ending at `limit` at the latest, where it holds a
/// trigger of `bit`; returns where it ends (`run_start` when nothing there
/// encodes).
#[allow(clippy::too_many_arguments)]
fn read_run(
    chars: &[char],
    run_start: usize,
    limit: usize,
    legacy: Legacy,
    triggers: &[u8],
    bit: u8,
    (units, char_unit, scratch): (&mut Vec<Unit>, &mut Vec<usize>, &mut HoleScratch),
    arena: &mut Vec<char>,
    out: &mut Proposals,
) -> usize {
    let i = encode_run(&chars[..limit], run_start, legacy, units, char_unit);
    if i == run_start {
        return i;
    }
    char_unit.push(units.len());
    if triggers[run_start..i].iter().any(|&m| m & bit != 0) {
        if has_holes(units) {
            let swallowed = swallowed_after_run(chars, i);
            if scratch.settled.capacity() == 0 {
                let n = 2 * chars.len();
                scratch.settled.reserve(2 * n);
                scratch.settled_index.reserve(chars.len() + 1);
                scratch.new_index.reserve(n + 1);
                scratch.back.reserve(n);
            }
            // Which holes are a Windows decoder's marks (`?`, `・`),
            // not U+FFFD.
            scratch.mark_holes(units, char_unit, &chars[run_start..i]);
            settle_holes(units, char_unit, legacy, swallowed, scratch);
            decode_utf8_spans(
                chars,
                run_start,
                &scratch.settled,
                &scratch.settled_index,
                legacy,
                arena,
                out,
            );
        } else {
            decode_utf8_spans(chars, run_start, units, char_unit, legacy, arena, out);
        }
    }
    i
}

/// Re-encodes with `legacy` the run of characters that starts at
/// `chars[run_start]` (see [`utf8_read_as`]): non-ASCII characters the
/// encoding can encode, holes (U+FFFD; `・` in Shift_JIS) and `?` marks.
/// Fills `units` and `char_unit` (the unit where each character starts,
/// without the end) and returns where the run ends.
#[inline]
pub(super) fn encode_run(
    chars: &[char],
    run_start: usize,
    legacy: Legacy,
    units: &mut Vec<Unit>,
    char_unit: &mut Vec<usize>,
) -> usize {
    units.clear();
    char_unit.clear();
    let mut i = run_start;
    // Continuation bytes the UTF-8 sequence being built still expects.
    let mut expecting = 0usize;
    while i < chars.len() {
        let c = chars[i];
        if is_hole_marker(c, legacy) {
            char_unit.push(units.len());
            units.push(Unit::Hole);
            expecting = expecting.saturating_sub(1);
        } else if c == '?' && (expecting > 0 || chars.get(i + 1).is_some_and(|n| !n.is_ascii())) {
            // Also a `?` that cuts a sequence short before ASCII or the
            // end: a Windows decoder's mark for the lead byte it could
            // not pair (`銆?` is `。` whose last byte was lost).
            char_unit.push(units.len());
            units.push(Unit::Marker);
            expecting = expecting.saturating_sub(1);
        } else if c.is_ascii() {
            break;
        } else if let Some(encoded) = legacy.encode_char(c) {
            char_unit.push(units.len());
            let mut bytes = encoded.as_slice();
            // GBK's decoder reads both 80 and A2 E3 as `€`. In UTF-8,
            // A2 E3 is a last continuation byte and the lead of a CJK
            // character: take it when one continuation is due and the
            // next character goes on with continuation bytes.
            if legacy == Legacy::Gbk && c == '€' && expecting == 1 {
                let next_is_cont = chars
                    .get(i + 1)
                    .and_then(|&n| legacy.encode_char(n))
                    .is_some_and(|b| (0x80..=0xBF).contains(&b.as_slice()[0]));
                if next_is_cont {
                    bytes = &[0xA2, 0xE3];
                }
            }
            // A page that normalized the mojibake to NFC made the decoder's
            // compatibility ideographs unified ones with bytes of their own
            // (U+F9DE, `EC A7` in EUC-KR, became U+540F, `D7 D9`): when
            // those bytes break the UTF-8 sequence, take the twin's that
            // go on with it (see `twin_fitting`).
            if legacy.may_have_nfc_twins(c) && !fits_utf8(bytes, expecting) {
                if let Some(twin) = twin_fitting(legacy, c, expecting) {
                    bytes = twin.as_slice();
                }
            }
            expecting = expecting_after(expecting, bytes);
            units.extend(bytes.iter().map(|&b| Unit::Byte(b)));
        } else {
            break;
        }
        i += 1;
    }
    i
}

/// The bytes of a compatibility ideograph that NFC made `c`
/// ([`Legacy::nfc_twins`]) that go on with a UTF-8 sequence still
/// expecting `expecting` continuation bytes. Where none is due, only
/// bytes that open a sequence they do not close (`EC A7`, the start of
/// `질`): a twin whose bytes happen to be a whole two-byte sequence would
/// pull a clean hanja beside the run into it (`蠟`, `D5 C5`, whose twin
/// `D2 A3` is `ң`).
#[inline]
fn twin_fitting(legacy: Legacy, c: char, expecting: usize) -> Option<&'static Bytes> {
    legacy.nfc_twins(c).iter().find(|t| {
        fits_utf8(t.as_slice(), expecting) && (expecting > 0 || opens_sequence(t.as_slice()))
    })
}

/// Whether `bytes`, from a character boundary, end inside a UTF-8 sequence.
fn opens_sequence(bytes: &[u8]) -> bool {
    expecting_after(0, bytes) > 0
}

/// The continuation bytes a UTF-8 sequence still expects after `bytes`,
/// from a state expecting `expecting` (0 after an invalid byte).
#[inline]
fn expecting_after(mut expecting: usize, bytes: &[u8]) -> usize {
    for &b in bytes {
        expecting = match b {
            0x80..=0xBF => expecting.saturating_sub(1),
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            _ => 0,
        };
    }
    expecting
}

/// `encoded`, the bytes of `c`, or those of a compatibility ideograph NFC
/// made `c` when only those go on with the UTF-8 of `before`.
#[inline]
pub(super) fn fitting_bytes(legacy: Legacy, c: char, encoded: Bytes, before: &[u8]) -> Bytes {
    if !legacy.may_have_nfc_twins(c) {
        return encoded;
    }
    let expecting = expecting_after(0, before);
    if fits_utf8(encoded.as_slice(), expecting) {
        return encoded;
    }
    twin_fitting(legacy, c, expecting)
        .copied()
        .unwrap_or(encoded)
}

/// Whether `bytes` go on with a UTF-8 sequence that still expects
/// `expecting` continuation bytes: continuations while it does, then leads.
#[inline]
fn fits_utf8(bytes: &[u8], mut expecting: usize) -> bool {
    bytes.iter().all(|&b| {
        let fits = match b {
            0x80..=0xBF => expecting > 0,
            0xC2..=0xF4 => expecting == 0,
            _ => false,
        };
        expecting = match b {
            0x80..=0xBF => expecting.saturating_sub(1),
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            _ => 3,
        };
        fits
    })
}

/// Buffers of [`utf8_read_as`], kept across runs and lines.
#[derive(Default)]
pub(super) struct Utf8Scratch {
    pub(super) units: Vec<Unit>,
    pub(super) char_unit: Vec<usize>,
    pub(super) holes: HoleScratch,
    /// A stretch's reading in `lean_utf8_read_as`, its candidates and
    /// their repairs.
    pub(super) stretch: Vec<char>,
    pub(super) candidates: Vec<LeanCandidate>,
    pub(super) repaired: Vec<char>,
    /// The runs the lean UTF-8 reading of the current line encoded (and
    /// settled), which [`utf8_read_as`] takes instead of doing it again.
    pub(super) memo: RunMemo,
    /// The encodings (bit k: `Legacy::ALL[k]`) of which a `?` of the
    /// current line may be a Windows decoder's mark: some `?` carries the
    /// encoding's trigger (the text after it goes on out of phase,
    /// `after_hole_mask`), or the line holds no U+FFFD (a decoder that
    /// marks the bytes it cannot read with U+FFFD, `errors=replace`,
    /// leaves no `?` of its own); none in a line without `?`. Set by
    /// `line_repair` for [`Proposals::at_windows_marks`].
    pub(super) windows_marks: u8,
}

/// Runs of one line re-encoded by [`encode_run`], their holes settled by
/// [`settle_holes`] where they have some: per run its encoding, where it
/// starts and ends (characters), and the units and unit index
/// (`char_unit`, or `settled_index` where there are holes, the end
/// included) that [`decode_utf8_spans`] reads. Both are pure functions of
/// the line's characters, the run's start and the encoding, so a run the
/// lean UTF-8 reading encoded before it gave up on the line is not encoded
/// and settled again by [`utf8_read_as`] (the same units, the same
/// proposals). Filled by `lean_utf8_read_as`, emptied for every line.
#[derive(Default)]
pub(super) struct RunMemo {
    runs: Vec<KeptRun>,
    units: Vec<Unit>,
    index: Vec<usize>,
}

/// A run of [`RunMemo`]: its encoding, first character and end, and where
/// its units and unit index lie in the memo's.
struct KeptRun {
    legacy: Legacy,
    start: usize,
    end: usize,
    units: std::ops::Range<usize>,
    index: std::ops::Range<usize>,
}

impl RunMemo {
    pub(super) fn clear(&mut self) {
        self.runs.clear();
        self.units.clear();
        self.index.clear();
    }

    /// Keeps the run of `legacy` over characters `start..end`.
    pub(super) fn keep(
        &mut self,
        legacy: Legacy,
        start: usize,
        end: usize,
        units: &[Unit],
        index: &[usize],
    ) {
        let u = self.units.len();
        self.units.extend_from_slice(units);
        let x = self.index.len();
        self.index.extend_from_slice(index);
        self.runs.push(KeptRun {
            legacy,
            start,
            end,
            units: u..self.units.len(),
            index: x..self.index.len(),
        });
    }

    /// The kept run of `legacy` from character `start`: its end, units and
    /// unit index.
    fn find(&self, legacy: Legacy, start: usize) -> Option<(usize, &[Unit], &[usize])> {
        let run = self
            .runs
            .iter()
            .find(|r| r.start == start && r.legacy == legacy)?;
        Some((
            run.end,
            &self.units[run.units.clone()],
            &self.index[run.index.clone()],
        ))
    }
}

/// Where a span can end: its character and its length in the arena.
type SpanEnd = (usize, usize);

/// Finds stretches of `units` that decode as UTF-8 and start and end on
/// character boundaries of the garbled text.
pub(super) fn decode_utf8_spans(
    chars: &[char],
    run_start: usize,
    units: &[Unit],
    char_unit: &[usize],
    legacy: Legacy,
    arena: &mut Vec<char>,
    out: &mut Proposals,
) {
    let n_chars = char_unit.len() - 1;
    let space_after = chars.get(run_start + n_chars) == Some(&' ');
    let at_marks = out.at_windows_marks;
    debug_assert!(char_unit.windows(2).all(|w| w[0] < w[1]));
    debug_assert_eq!(char_unit.last(), Some(&units.len()));
    let mut k = 0; // garbled char index within the run
    while k < n_chars {
        let mut u = char_unit[k];
        // The decoded characters go to the arena; a proposal keeps a prefix.
        let base = arena.len();
        // (char index, decoded len)
        let mut best_end: Option<(usize, usize)> = None;
        // Only stretches holding a character of three or four bytes (CJK,
        // symbols, emoji): two-byte UTF-8 (accented Latin, Greek, Cyrillic)
        // read as a CJK encoding is out of scope, and common hanzi pairs
        // often happen to be valid two-byte UTF-8.
        let mut multibyte = false;
        // Bytes that vanished without a trace (a decoder with
        // `errors="ignore"`) break a sequence inside UTF-8: a lead byte
        // with too few continuation bytes, or continuation bytes without
        // one. Such a gap is bridged with U+FFFD between whole known
        // characters of three or more bytes, never at a span's edge, and at
        // most once per two of them.
        let (mut whole, mut bridges, mut bridging) = (0usize, 0usize, false);
        // Where the span could end before its first bridge: proposed too,
        // so that a bridge that only carries junk along loses on weight.
        let mut before_bridge: Option<(usize, usize)> = None;
        // Where the text after the first bridge starts (its character and
        // its place in the arena), when the bridge ends at a character: the
        // span from there is proposed too, so that a bridge that only
        // carries clean text before it along loses on weight as well
        // (`項。鏂囦欢`: the GBK bytes of `項` and the first of `。` read as
        // `헡`, the second as a broken sequence, then `文件`).
        let mut after_bridge: Option<(usize, usize)> = None;
        // The first character starting at or after unit `u` (`u` only
        // grows, and characters start at increasing units).
        let mut next_char = k;
        // The last sequence decoded (its unit, whether it counted in
        // `whole`, `best_end` before it) and where vanished pairs were
        // read in the arena (`vanished_pairs`).
        let mut last_seq: Option<(usize, bool, Option<SpanEnd>)> = None;
        let mut vanished: Vec<usize> = Vec::new();
        // Two-byte sequences at a span's edges, outside its first and last
        // longer one: often clean CJK beside the garbled run whose legacy
        // bytes happen to be two-byte UTF-8 (`使`, GBK `CA B9`, is `ʹ`:
        // `並使涓婅堪鏂囦欢` is `並使上述文件`, not `並ʹ上述文件`). The span
        // without them is proposed too, and the weighing keeps the better.
        // `inner_start`: where the first longer sequence starts, when
        // two-byte ones came before it; `inner_end`: the end of the last
        // one (or of a fill or a cut sequence).
        let mut inner_start: Option<SpanEnd> = None;
        let mut inner_end: Option<SpanEnd> = None;
        // Where the span could end before its last sequences that ended on
        // a character, latest first (see `glued_after_mark`).
        let mut prev_ends: [Option<SpanEnd>; 3] = [None; 3];
        // Where the span could end inside its last sequences, cut at the
        // start of a character they cross, latest first (see
        // `glued_after_cut`).
        let mut cuts: [Option<SpanEnd>; 3] = [None; 3];
        while u < units.len() {
            match decode_sequence_before(&units[u..], space_after) {
                Some(seq) => {
                    if whole > 0 && !bridging && seq.consumed > 1 {
                        let mut b = next_char + usize::from(char_unit[next_char] == u);
                        while char_unit[b] < u + seq.consumed {
                            if is_cut_prefix(&units[u..char_unit[b]]) {
                                cuts = [Some((b, arena.len())), cuts[0], cuts[1]];
                            }
                            b += 1;
                        }
                    }
                    if !multibyte && seq.len > 2 && arena.len() > base && char_unit[next_char] == u
                    {
                        inner_start = Some((next_char, arena.len()));
                    }
                    multibyte |= seq.len > 2;
                    let known = seq.len > 2 && seq.c != '\u{FFFD}';
                    last_seq = Some((u, known, best_end));
                    whole += usize::from(known);
                    bridging &= !known;
                    if seq.withheld
                        || (at_marks
                            && hole_at_swallowing_mark(
                                legacy,
                                seq.c,
                                &units[u..u + seq.consumed],
                                &units[u + seq.consumed..],
                            ))
                    {
                        out.withheld.push(arena.len());
                    }
                    arena.push(seq.c);
                    u += seq.consumed;
                    while char_unit[next_char] < u {
                        next_char += 1;
                    }
                    if char_unit[next_char] == u && multibyte && !bridging {
                        prev_ends = [best_end, prev_ends[0], prev_ends[1]];
                        best_end = Some((next_char, arena.len()));
                        if seq.len > 2 {
                            inner_end = best_end;
                        }
                    }
                }
                None => {
                    let may_bridge = whole > 0 && !bridging && 2 * (bridges + 1) <= whole + 1;
                    // (Tested only where a bridge may be: most starts fail
                    // at their first byte, with nothing decoded yet.)
                    let skip = if may_bridge {
                        broken_sequence(&units[u..])
                    } else {
                        None
                    };
                    // A pair of the legacy's user-defined area that
                    // vanished there, read through where it costs less.
                    if arena.len() > base && vanished_pairs::may_vanish(legacy) {
                        let (from, last) = match last_seq {
                            Some((at, _, _)) => (at, arena.last().copied()),
                            None => (u, None),
                        };
                        if let Some(r) =
                            vanished_pairs::explain(units, from, u, last, skip, char_unit, legacy)
                        {
                            let lone_head = arena.len() == base + 1;
                            if let Some((_, counted, before)) = last_seq.take() {
                                arena.pop();
                                whole -= usize::from(counted);
                                best_end = before;
                            }
                            vanished.push(arena.len());
                            let mut holed = false;
                            for &c in &r.chars[..r.len] {
                                whole += usize::from(c != '\u{FFFD}');
                                holed |= c == '\u{FFFD}';
                                arena.push(c);
                            }
                            multibyte = true;
                            u = r.end;
                            while char_unit[next_char] < u {
                                next_char += 1;
                            }
                            // A U+FFFD fill brings nothing back there: a
                            // bridge of its own kind, weighed as the bridge
                            // is, so the span may not end right after it.
                            // Ending there, the fill would swallow for free
                            // a character the garbled run ran into, U+FFFD
                            // counting on neither side of the weighing
                            // (`中鏄，修复` read as `中是�修复`; the garbled
                            // character's rarity does not tell: `同的璩逗`
                            // read as `同的��`).
                            if holed {
                                if bridges == 0 {
                                    before_bridge = best_end;
                                    if lone_head && char_unit[next_char] == u {
                                        after_bridge = Some((next_char, arena.len()));
                                    }
                                }
                                bridges += 1;
                                bridging = true;
                            } else {
                                bridging = false;
                                if char_unit[next_char] == u {
                                    prev_ends = [best_end, prev_ends[0], prev_ends[1]];
                                    best_end = Some((next_char, arena.len()));
                                    inner_end = best_end;
                                }
                            }
                            continue;
                        }
                    }
                    if let Some(skip) = skip {
                        // (One character before the bridge: the most that
                        // clean text yields by chance.)
                        let lone_head = arena.len() == base + 1;
                        arena.push('\u{FFFD}');
                        if bridges == 0 {
                            before_bridge = best_end;
                            while char_unit[next_char] < u + skip {
                                next_char += 1;
                            }
                            if lone_head && char_unit[next_char] == u + skip {
                                after_bridge = Some((next_char, arena.len()));
                            }
                        }
                        u += skip;
                        bridges += 1;
                        bridging = true;
                        last_seq = None;
                        continue;
                    }
                    // Text cut inside its last character: a lead byte and
                    // some of its continuation bytes end it.
                    let at_end = run_start + n_chars == chars.len();
                    if multibyte && at_end && is_cut_sequence(&units[u..]) {
                        arena.push('\u{FFFD}');
                        prev_ends = [best_end, prev_ends[0], prev_ends[1]];
                        best_end = Some((n_chars, arena.len()));
                        inner_end = best_end;
                    }
                    break;
                }
            }
        }
        // The arena keeps what a proposal refers to.
        let mut keep = base;
        let mut propose_from =
            |start: (usize, usize), end_char: usize, len: usize, arena: &[char]| {
                let (non_ascii, holes) = count_non_ascii(&arena[start.1..len]);
                let pairs = vanished
                    .iter()
                    .filter(|&&v| v >= start.1 && v < len)
                    .count();
                let proposal = Proposal {
                    start: run_start + start.0,
                    end: run_start + end_char,
                    repaired: start.1..len,
                    chain: Chain::Utf8ReadAs(legacy),
                    utf8_like: false,
                    lost: pairs as u32,
                    non_ascii,
                    holes,
                };
                propose(chars, arena, proposal, out);
                keep = keep.max(len);
            };
        if let Some((end_char, len)) = before_bridge.filter(|&b| Some(b) != best_end) {
            if end_char > k {
                propose_from((k, base), end_char, len, arena);
            }
        }
        match best_end {
            Some((end_char, len)) if end_char > k => {
                if let Some(after) = after_bridge.filter(|&(c, at)| c < end_char && at < len) {
                    propose_from(after, end_char, len, arena);
                }
                // Without the two-byte sequences at either edge (only where
                // that still brings a character back: a repair of holes
                // alone is taken wherever the chain is established, and
                // would trade a clean character for a hole).
                let brings_back = |from: usize, to: usize| {
                    arena[from..to]
                        .iter()
                        .any(|&c| !c.is_ascii() && c != '\u{FFFD}')
                };
                // Only letters are cut off (`ʹ`, `һ`): a symbol such as `·`
                // or `°` beside CJK is as likely the text's own. Letters of
                // the scripts CJK text quotes (Latin-1, basic Greek, Russian)
                // only where CJK text lies beyond the cut, whose neighbour
                // the clean character would be: at the line's edge or beside
                // a space or a bracket such a letter is the text's own as
                // often (`伪绮掑瓙`, `(伪绮掑瓙)` are `α粒子`, `(α粒子)`). Other
                // letters (`һ`, `ʹ`, `ǰ`, `ϵ`, `Ԫ`: what 70 common hanzi's GBK
                // bytes read as) anywhere, where what is left is CJK text:
                // else a wrong chain's shorter span could win on other damage
                // (Korean read as Shift_JIS, whose GBK reading left `🩦…`).
                let cjk_left = |from: usize, to: usize| {
                    arena[from..to]
                        .iter()
                        .all(|&c| c.is_ascii() || c == '\u{FFFD}' || is_cjk_text(c))
                };
                let may_cut = |cut: (usize, usize), left: (usize, usize), beyond: Option<usize>| {
                    let letters = &arena[cut.0..cut.1];
                    letters.iter().all(|c| c.is_alphabetic())
                        && if beyond
                            .and_then(|i| chars.get(i))
                            .is_some_and(|&c| is_cjk_text(c))
                        {
                            true
                        } else {
                            !letters.iter().any(|&c| is_quoted_letter(c))
                                && cjk_left(left.0, left.1)
                        }
                };
                let inner_end = inner_end.filter(|&e| {
                    e != (end_char, len)
                        && e.0 > k
                        && may_cut((e.1, len), (base, e.1), Some(run_start + end_char))
                });
                // (And, whatever they read as, one or two common CJK
                // characters glued before the damage, after clean text or
                // the line's edge: `名耶쀦`, EUC-KR `名` read as `٣`.)
                let glued_before = |c: usize| {
                    let glued = &chars[run_start + k..run_start + c];
                    glued.len() <= 2
                        && glued.iter().all(|&g| is_common_cjk(g))
                        && clean_beyond(chars, (run_start + k).checked_sub(1), glued[0])
                };
                let inner_start = inner_start.filter(|&(c, at)| {
                    c < end_char
                        && at < len
                        && (may_cut((base, at), (at, len), (run_start + k).checked_sub(1))
                            || glued_before(c))
                });
                if let Some(start) = inner_start.filter(|s| brings_back(s.1, len)) {
                    propose_from(start, end_char, len, arena);
                }
                if let Some((e, l)) = inner_end.filter(|e| brings_back(base, e.1)) {
                    propose_from((k, base), e, l, arena);
                    if let Some(start) =
                        inner_start.filter(|&(c, at)| c < e && at < l && brings_back(at, l))
                    {
                        propose_from(start, e, l, arena);
                    }
                }
                propose_from((k, base), end_char, len, arena);
                // A span holding a Windows decoder's mark that took clean
                // text glued after its damage (see `glued_after_mark`): the
                // span without it is proposed too, and the weighing keeps
                // the one that saves more. (Only where a `?` may be such a
                // mark, `Proposals::at_windows_marks`.)
                let glued_after = prev_ends.into_iter().flatten().find(|&(c, at)| {
                    at_marks
                        && c > k
                        && c < end_char
                        && at < len
                        && glued_after_mark(
                            chars,
                            run_start + k,
                            run_start + c,
                            run_start + end_char,
                        )
                });
                if let Some((c, at)) = glued_after {
                    propose_from((k, base), c, at, arena);
                }
                // A span whose last sequences took clean text glued after
                // its damage (see `glued_after_cut`): the span cut at that
                // text, its last sequence a hole, is proposed too; at each
                // such cut (`譁・件的` read as `��I`: `件` and `的` may both
                // be clean, or only `的`), and `drop_glued_extensions`
                // keeps the shortest that saves about as much.
                let glued_cuts = cuts.map(|cut| {
                    cut.filter(|&(c, at)| {
                        c > k
                            && c < end_char
                            && at < len
                            && glued_after_cut(chars, run_start + c, run_start + end_char)
                            && is_junk_tail(
                                &arena[at..len],
                                chars.get(run_start + end_char).copied(),
                            )
                    })
                });
                for (c, at) in glued_cuts.into_iter().flatten() {
                    let from = arena.len();
                    arena.extend_from_within(base..at);
                    arena.push('\u{FFFD}');
                    let to = arena.len();
                    propose_from((k, from), c, to, arena);
                }
                k = end_char;
            }
            _ => k += 1,
        }
        arena.truncate(keep);
    }
}

/// Common CJK text by itself (priced at most [`COMMON_GLUED_BITS`]): what a
/// clean character glued to a Windows decoder's mark is.
pub(super) fn is_common_cjk(c: char) -> bool {
    is_cjk_text(c) && super::plausibility::char_bits(c) <= COMMON_GLUED_BITS
}

/// See [`is_common_cjk`]; as `lean_readings`' glued edge.
const COMMON_GLUED_BITS: u32 = 14;

/// A span of `chars[start..end]` holding a Windows decoder's mark may have
/// taken clean text glued after its damage: after `cut`, a place where the
/// span could end, one or two common CJK characters, then nothing but holes
/// (`?®쉪方式`, where `方`'s EUC-KR bytes read as `۰`; `鐨?版本��`, where an
/// earlier round's `版本` read as `�汾`; `銈撱€?レイ��`, `レイ` read as
/// `쥤`). The span that ends at `cut` is proposed too.
fn glued_after_mark(chars: &[char], start: usize, cut: usize, end: usize) -> bool {
    is_glued_tail(&chars[cut..end])
        && clean_beyond(chars, Some(end), chars[end - 1])
        && chars[start..cut].contains(&'?')
}

/// Whether `units` are the start of a UTF-8 sequence and nothing more,
/// lost bytes included: a lead byte (or a lost one) and fewer continuation
/// bytes than it announces.
fn is_cut_prefix(units: &[Unit]) -> bool {
    let len = match units.first() {
        Some(&Unit::Byte(lead)) => wide_or_two(lead),
        Some(&Unit::LostLead(len)) => Some(usize::from(len)),
        _ => None,
    };
    len.is_some_and(|len| units.len() < len)
        && units[1..]
            .iter()
            .all(|&u| is_continuation(u) || u == Unit::LostCont)
}

/// Whether `chars[cut..end]`, the end of a span whose last sequence
/// crosses the start of `chars[cut]`, is clean text glued after the
/// damage: one or two common CJK characters, no hole among them, then the
/// line's edge, ASCII other than a mark, or common CJK text of the same
/// family (`，` in Big5 `撟渡?，用于`, `A1 41`: its lead byte taken as the
/// last continuation byte of the sequence the mark cut, its trail read as
/// `A`). Not before a hole (in the next three characters): there the
/// common character is as often the damage's own (`滚譯�`); nor a `・`,
/// in Shift_JIS damage Windows' mark for a pair it could not map, a hole
/// (`is_hole_marker`).
pub(super) fn glued_after_cut(chars: &[char], cut: usize, end: usize) -> bool {
    let glued = &chars[cut..end];
    (1..=2).contains(&glued.len())
        && glued.iter().all(|&c| is_common_cjk(c) && c != '・')
        && chars[end..].iter().take(3).all(|&c| c != '\u{FFFD}')
        && clean_beyond(chars, Some(end), glued[glued.len() - 1])
}

/// What a span made of clean CJK text glued after its damage, where that
/// text's legacy bytes do not read as UTF-8 by themselves: nothing but
/// U+FFFD (its lead byte taken as a continuation byte of the damage's
/// last sequence, cut by a lost byte) and ASCII (a trail byte of GBK, Big5
/// or Shift_JIS below `80`: `，` read as `A`). Such a tail brings nothing
/// back; the clean text it cost is weighed in `drop_glued_extensions`.
/// `after`: the character after the span. A letter or digit of the tail
/// before ASCII text is as likely that text's own, the glued character the
/// mojibake of a lead byte and that letter (`風格�君 取值`: Shift_JIS
/// `君`, `8C 4E`, is a lost lead's `N`; `�酒amba2.0`, `samba2.0`). And a
/// tail of holes alone only before CJK text or the line's end: a
/// character of two continuation bytes after a hole completes the
/// sequence the hole began as often (`逧�燕512`, Shift_JIS, is `的前512`:
/// `燕`, `89 8D`, the end of `前`), and then only the text beyond tells.
pub(super) fn is_junk_tail(tail: &[char], after: Option<char>) -> bool {
    let before_ascii = after.is_some_and(|c| c.is_ascii() && c != '\n' && c != '\r');
    let ascii = tail.iter().any(|c| c.is_ascii());
    !tail.is_empty()
        && (ascii || after.map_or(true, |c| is_cjk_text(c) || c == '\n' || c == '\r'))
        && tail.iter().all(|&c| {
            c == '\u{FFFD}' || (c.is_ascii() && !(before_ascii && c.is_ascii_alphanumeric()))
        })
}

/// One or two common CJK characters, then nothing but holes: clean text a
/// span may have taken after its damage (see [`glued_after_mark`]).
pub(super) fn is_glued_tail(tail: &[char]) -> bool {
    let text = tail.len() - tail.iter().rev().take_while(|&&c| c == '\u{FFFD}').count();
    (1..=2).contains(&text) && tail[..text].iter().all(|&c| is_common_cjk(c))
}

/// Whether the character at `at` (if any) lets `glued`, a common CJK
/// character beside it, be clean text glued to damage: none (the line's
/// edge), ASCII other than a mark, a hole or common CJK text; not a
/// character as rare as mojibake makes (Japanese through EUC-KR,
/// `?껅뻼??겗`, holds common hanja among rare Hangul), nor a `?`
/// (`??以?諛붽퓞`: `以` is the EUC-KR reading of the first two bytes of
/// Korean `줄`), nor Hangul beside other CJK text (`?ヤ세?╉`, Japanese
/// through EUC-KR: clean text does not mix the two scripts).
pub(super) fn clean_beyond(chars: &[char], at: Option<usize>, glued: char) -> bool {
    use crate::cjk_text::classes::is_hangul;
    at.and_then(|i| chars.get(i)).map_or(true, |&c| {
        (c.is_ascii() && c != '?')
            || c == '\u{FFFD}'
            || (is_common_cjk(c)
                && (glued == '?' || glued == '\u{FFFD}' || is_hangul(c) == is_hangul(glued)))
    })
}

/// Han, kana, Hangul, CJK punctuation and fullwidth forms: text a clean
/// character beside a garbled span would belong to.
pub(super) fn is_cjk_text(c: char) -> bool {
    use crate::cjk_text::classes::{is_han, is_hangul, is_kana};
    is_han(c)
        || is_kana(c)
        || is_hangul(c)
        || ('\u{3000}'..='\u{303F}').contains(&c)
        || ('\u{FF01}'..='\u{FFEF}').contains(&c)
}

/// Latin-1 and Latin Extended-A letters (`ł`, `ş`, `ő`), basic Greek and
/// Russian: the two-byte letters CJK text quotes (`α粒子`, `é`).
fn is_quoted_letter(c: char) -> bool {
    matches!(c as u32, 0xC0..=0x17F | 0x391..=0x3C9 | 0x401 | 0x410..=0x451)
}

/// The units of a UTF-8 sequence that lost bytes without a trace, where
/// `units` cannot be decoded: a lead byte and fewer continuation bytes than
/// it announces before the next lead byte, or continuation bytes that no
/// lead byte starts. `None` for anything else (ASCII, holes).
fn broken_sequence(units: &[Unit]) -> Option<usize> {
    let conts = |from: usize| {
        units[from..]
            .iter()
            .take_while(|&&u| is_continuation(u))
            .count()
    };
    match *units.first()? {
        Unit::Byte(b) if is_continuation(Unit::Byte(b)) => {
            let n = conts(0);
            (n <= 3).then_some(n)
        }
        Unit::Byte(lead) => {
            let len = wide_or_two(lead)?;
            let n = conts(1);
            let next_is_lead = matches!(units.get(1 + n), Some(&Unit::Byte(b)) if b >= 0xC2);
            (n + 1 < len && next_is_lead).then_some(1 + n)
        }
        _ => None,
    }
}

/// Whether `units` are the start of a UTF-8 sequence and nothing more: a
/// lead byte and fewer continuation bytes than it announces.
fn is_cut_sequence(units: &[Unit]) -> bool {
    let Some(&Unit::Byte(lead)) = units.first() else {
        return false;
    };
    wide_or_two(lead).is_some_and(|len| units.len() < len)
        && units[1..]
            .iter()
            .all(|&u| is_continuation(u) || u == Unit::LostCont)
}

/// Whether re-encoded units hold a hole: bytes the decoder rejected
/// (U+FFFD) or a Windows decoder's mark.
pub(super) fn has_holes(units: &[Unit]) -> bool {
    units
        .iter()
        .any(|&u| matches!(u, Unit::Hole | Unit::Marker))
}

/// Whether the run `chars[..end]` ends with a Windows decoder's mark
/// before ASCII: the decoder took the byte after the lead it rejected.
/// (Not a line break: a line's end is the text's end.)
pub(super) fn swallowed_after_run(chars: &[char], end: usize) -> bool {
    matches!(chars[end - 1], '?' | '・')
        && chars
            .get(end)
            .is_some_and(|&c| c.is_ascii() && c != '\n' && c != '\r')
}

/// Whether a character filled in at a Windows decoder's mark that also
/// swallowed the ASCII byte after it (the units after the sequence open
/// with a lost one-byte lead: `utf8_holes::hole_lengths`'s `(1, 2, 0)`) is
/// written as U+FFFD rather than as the fill (issue 3: guess only where one
/// reading is clearly best). The fill is still weighed, as a withheld mark
/// is. Measured on held-out lines 5,000 to 7,000 of zh-Hans, zh-Hant, ja
/// and ko through the UTF-8-direction Windows chains (a fill is right where
/// it lines up with the original; docs/history/cjk-mojibake.md, branch
/// holeguess): Han fills were right 3,082 times and wrong 48 and are kept;
/// Hangul fills through GBK 1,200 and 24, kept; Hangul through EUC-KR and
/// Big5 right 31 times and wrong 91: holes (as are other characters, kana,
/// of which the held-out lines hold no such fill). Full-width forms (`锛?`: `，` for `；` `）` `．`) were right 778
/// times and wrong 271 (74%): kept, since a hole there loses more right
/// guesses than wrong ones (a known limit).
fn hole_at_swallowing_mark(legacy: Legacy, c: char, sequence: &[Unit], rest: &[Unit]) -> bool {
    let guessed_here = || {
        sequence
            .iter()
            .any(|x| matches!(x, Unit::LostLead(_) | Unit::LostCont))
    };
    let kept = match c as u32 {
        // Han; `EF BC xx`, `EF BD xx`; `E3 80 xx` (CJK punctuation, not
        // seen filled at such a mark: a guessed mark there is withheld).
        0x3400..=0x9FFF | 0xFF00..=0xFF7F | 0x3000..=0x303F | 0xFFFD => true,
        0xAC00..=0xD7A3 => legacy == Legacy::Gbk,
        _ => false,
    };
    !kept && matches!(rest.first(), Some(Unit::LostLead(1))) && guessed_here()
}
