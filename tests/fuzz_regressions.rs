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
        assert_eq!(&chunked[SNIFF_LEN..], &whole[SNIFF_LEN..], "sizes {sizes:?}");
    }
    // A valid line still comes through unchanged, in any chunking.
    let mut input = padding();
    input.extend_from_slice("ȳç 你好\nnext line".as_bytes());
    for sizes in [&[1][..], &[2], &[5, 7]] {
        assert_eq!(decode_chunked(&input, sizes), decode_whole(&input));
    }
}

/// fuzz target `fix_text` (first run, an ftfy test case used as a seed):
/// `fix_and_explain` differs from `fix` when a fixer makes a new line break
/// inside a line. Here `fix_line_breaks` turns U+0085 into `\n`; `fix`
/// then fixes the new line `\u{94}` as a segment of its own (→ `”`, so that
/// fixing its output again changes nothing), while `fix_and_explain` treats
/// the text as one segment and keeps `\u{94}`. Not fixed: the explanation's
/// plan is replayed on the whole text (`apply_plan`), and a change made to
/// one of the new lines alone is no step of such a plan. `Fixer::fix` and
/// `Fixer::fix_and_explain` in `src/fixer.rs`.
#[test]
#[ignore = "fix_and_explain does not re-fix lines that fix_line_breaks makes (src/fixer.rs)"]
fn explain_differs_after_new_line_break() {
    let input = "â\u{80}\u{9c}mismatched quotes\u{85}\u{94}";
    let fixer = Fixer::new(Config::default());
    assert_eq!(fixer.fix(input), "“mismatched quotes\n”");
    assert_eq!(fixer.fix_and_explain(input).text, fixer.fix(input));
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
