//! Inputs found by `cargo fuzz` (see `fuzz/` and README.md, "Fuzzing"),
//! minimized, each asserting the invariant its target checks on exactly
//! that input. They run with the normal test suite (no nightly needed).

use mojifix::bytes::{StreamDecoder, SNIFF_LEN};
use mojifix::{Config, Fixer};

/// `SNIFF_LEN` bytes of clean ASCII lines, so that the detecting decoder has
/// decided (UTF-8) before the interesting bytes arrive.
fn padding() -> Vec<u8> {
    let line = b"a clean padding line\n";
    let mut input = Vec::with_capacity(SNIFF_LEN);
    while input.len() + line.len() <= SNIFF_LEN {
        input.extend_from_slice(line);
    }
    input.resize(SNIFF_LEN - 1, b'a');
    input.push(b'\n');
    input
}

fn decode_chunked(input: &[u8], sizes: &[usize]) -> String {
    let mut decoder = StreamDecoder::new();
    let mut pending = Vec::new();
    let mut out = String::new();
    let mut rest = input;
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes[i % sizes.len()].min(rest.len());
        pending.extend_from_slice(&rest[..n]);
        rest = &rest[n..];
        i += 1;
        let used = decoder.decode(&pending, &mut out, false).unwrap();
        pending.drain(..used);
    }
    decoder.decode(&pending, &mut out, true).unwrap();
    out
}

fn decode_whole(input: &[u8]) -> String {
    let mut out = String::new();
    StreamDecoder::new().decode(input, &mut out, true).unwrap();
    out
}

/// fuzz target `fix_bytes`, minimized input `be c8 b3 e7`: after the
/// padding, the last line is `C8 B3 E7` (not UTF-8: `E7` is cut off by the
/// end of the stream). Decoded whole, the line is one invalid run (`È³ç`,
/// sloppy windows-1252). Streamed, `C8 B3` (valid UTF-8, `ȳ`) used to be
/// emitted as soon as it arrived, before the rest of its line showed the
/// line invalid: the decoding depended on where reads ended. Fixed in
/// `StreamDecoder::decode_utf8`: the unfinished line waits for its end (up
/// to `LINE_CAP` bytes).
#[test]
fn stream_decoder_waits_for_the_end_of_a_line() {
    let mut input = padding();
    input.extend_from_slice(b"\xc8\xb3\xe7");
    let whole = decode_whole(&input);
    assert_eq!(&whole[SNIFF_LEN..], "È³ç");
    for sizes in [&[6, 11, 11][..], &[1], &[2], &[3], &[4097]] {
        let chunked = decode_chunked(&input, sizes);
        assert_eq!(
            &chunked[SNIFF_LEN..],
            &whole[SNIFF_LEN..],
            "sizes {sizes:?}"
        );
    }
    // A valid line still comes through unchanged, in any chunking.
    let mut input = padding();
    input.extend_from_slice("ȳç 你好\nnext line".as_bytes());
    for sizes in [&[1][..], &[2], &[5, 7]] {
        assert_eq!(decode_chunked(&input, sizes), decode_whole(&input));
    }
}

/// fuzz target `fix_text` (first run, an ftfy test case used as a seed):
/// `fix_and_explain` differed from `fix` when a fixer made a new line break
/// inside a line. Here `fix_line_breaks` turns U+0085 into `\n`; `fix`
/// then fixes the new line `\u{94}` as a segment of its own (→ `”`, so that
/// fixing its output again changes nothing), while `fix_and_explain` kept
/// `\u{94}`. Fixed: `fix_and_explain` now fixes the new lines as `fix` does
/// and reports those changes, each against its own line.
#[test]
fn explain_equals_fix_after_new_line_break() {
    let input = "â\u{80}\u{9c}mismatched quotes\u{85}\u{94}";
    let fixer = Fixer::new(Config::default());
    assert_eq!(fixer.fix(input), "“mismatched quotes\n”");
    let explained = fixer.fix_and_explain(input);
    assert_eq!(explained.text, fixer.fix(input));
    let last = explained.changes.last().expect("the new line's change");
    assert_eq!((&*last.before, &*last.after), ("\u{94}", "”"));
    // The change to the new line replays on that line.
    let steps = last.steps.clone();
    assert_eq!(mojifix::apply_plan(&last.before, &steps).unwrap(), "”");
}

/// The same input: `fix` itself is idempotent on it, in every preset.
#[test]
fn mismatched_quotes_with_c1_line_break_is_idempotent() {
    let input = "â\u{80}\u{9c}mismatched quotes\u{85}\u{94}";
    for name in Config::PRESETS {
        let fixer = Fixer::new(Config::preset(name).unwrap());
        let once = fixer.fix(input).into_owned();
        assert_eq!(fixer.fix(&once), once, "preset {name}");
    }
}

/// fuzz target `stream`, minimized input (hex) `5a 65 70 e7 e3 83` + `bb e7
/// b8 ba e8 96 aa e7 b9 9d e5 8a b1 e3 b9 a7`: the default preset with
/// `max_decode_length` 16, text `\u{FFFD}縺薪繝励㹧` (18 bytes), so one line
/// cut into the segments `\u{FFFD}縺薪繝励` (15 bytes) and `㹧`.
///
/// Fixed alone, the first segment changes (`\u{FFFD}ぐdプ\u{FFFD}`: a
/// UTF-8-read-as-Shift_JIS run that ends where the segment ends). Fixed as
/// part of the whole text it does not: `Fixer::first_trigger`
/// (`src/fixer.rs`) asked the CJK trigger test (now
/// `mojibake::cjk::is_trigger_at`) with the rest of the *whole text*, past
/// the segment's end, and there the next character `㹧` rules the trigger
/// out, so `Fixer::fix` skipped a segment that the sequential pipeline
/// (`run_pipeline`) would change. `fix(whole)` is then not the
/// concatenation of its segments' fixes, and `fix_chunk`/`FixReader`/
/// `FixWriter` (which cut at segments) differ from `fix`.
///
/// Only at segment cuts inside lines longer than `max_decode_length`
/// (1,000,000 bytes by default): at a `\n` the lookahead stops at ASCII
/// anyway (see the next test). Fixed: where a line is cut into segments,
/// `Fixer::fix` scans each segment on its own.
#[test]
fn trigger_lookahead_stops_at_segment_cut() {
    let text = "\u{FFFD}縺薪繝励㹧";
    let fixer = Fixer::new(Config {
        max_decode_length: 16,
        ..Config::default()
    });
    let by_segment: String = fixer.split_segments(text).map(|s| fixer.fix(s)).collect();
    assert_eq!(fixer.fix(text), by_segment);
    let mut out = String::new();
    let (consumed, _) = fixer.fix_chunk(text, &mut out, false);
    fixer.fix_chunk(&text[consumed..], &mut out, true);
    assert_eq!(out, fixer.fix(text));
}

/// The same characters with a line break where the cut was: the lookahead
/// stops at the ASCII `\n`, and the whole equals its lines.
#[test]
fn trigger_lookahead_at_line_break() {
    let text = "\u{FFFD}縺薪繝励\n㹧";
    for name in Config::PRESETS {
        let fixer = Fixer::new(Config::preset(name).unwrap());
        let by_segment: String = fixer.split_segments(text).map(|s| fixer.fix(s)).collect();
        assert_eq!(fixer.fix(text), by_segment, "preset {name}");
    }
}

/// fuzz target `damage_roundtrip` (2026-11-27): UTF-8 mojibake of a
/// Chinese line (read as windows-1252, with three NULs) read again as Big5
/// with `errors=replace`. The `corpus` preset changes its own output again
/// (`繙繙瓣繒��置` became `繙�加�をu`: `double_byte_resync` re-reads the
/// U+FFFD of its own repairs, which walk along the line one per round of
/// the Fixer, past its bound of 8 rounds). Fixed (branch `idem3`): a
/// segment still changing after 8 rounds takes more rounds until it
/// settles (this one in round 11). `fix_and_explain` gives the same text, its
/// changes a chain from the input to it.
#[test]
fn corpus_preset_on_big5_read_double_mojibake_is_idempotent() {
    let input = concat!(
        "\u{77c7}\u{77bc}\u{7e5e}\u{74e3}\u{7e59}\u{7e59}\u{765f}\u{7c27}",
        "\u{fffd}\u{fffd}\u{7888}\u{5208}\u{7504}\u{7591}\u{5208}\u{5ad6}",
        "\u{fffd}\u{5614}\u{6c4d}\u{4190}\u{73cd}\u{7d14}\u{6577}\u{2070e}",
        "\u{962c}\u{64be}\u{fffd}\u{277cc}\u{5208}\u{7504}\u{7591}\u{5c91}",
        "\u{683d}\u{fffd}\u{7888}\u{5208}\u{7504}\u{7591}\u{5208}\u{fffd}>\u{0}",
        "\u{0}\u{0}\u{5699}\u{8910}\u{4190}\u{7591}\u{fffd}\u{fffd}\u{fffd}",
        "\u{7802}\u{fffd}\u{fffd} --\u{74ca}\u{fffd}\u{fffd}\u{73b3}\u{267cc}",
        "\u{6c10}\u{3023}\u{58c5}\u{6c10}\u{55fd}\u{9078}\u{856d}\u{5699}",
        "\u{8e1d}\u{856d}\u{fffd}\u{fffd}\u{3d6a}\u{856d}\u{7e54}\u{77bb}",
        "\u{7586}\u{fffd}\u{fffd}\u{233fe}\u{fffd}\u{ffe3}\u{fffd}\u{fffd}",
        "\u{fffd}\u{7802}\u{fffd}\u{fffd}",
    );
    let fixer = Fixer::new(Config::corpus());
    let once = fixer.fix(input).into_owned();
    assert_ne!(once, input);
    assert_eq!(fixer.fix(&once), once);
    let explained = fixer.fix_and_explain(input);
    assert_eq!(explained.text, once);
    let mut at = input.to_string();
    for change in &explained.changes {
        assert_eq!(change.before, at);
        at.clone_from(&change.after);
    }
    assert_eq!(at, once);
}
