//! Arbitrary bytes through the byte-decoding entry points (`fix_bytes`,
//! `bytes::decode_bytes`, `bytes::plausible_decoding`, `bytes::StreamDecoder`):
//! no panic, valid UTF-8 comes through unchanged, and the stream decoder
//! gives the same text for any chunking of its input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mojifix::bytes::{decode_bytes, plausible_decoding, Guess, StreamDecoder, SNIFF_LEN};

/// Feeds `input` to `decoder` in pieces of the given sizes (cycled), keeping
/// what it does not consume, as `StreamDecoder::decode` asks of its callers.
fn decode_chunked(mut decoder: StreamDecoder, input: &[u8], sizes: &[usize]) -> Option<String> {
    let mut pending = Vec::new();
    let mut out = String::new();
    let mut rest = input;
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes[i % sizes.len()].min(rest.len());
        pending.extend_from_slice(&rest[..n]);
        rest = &rest[n..];
        i += 1;
        let used = decoder.decode(&pending, &mut out, false).ok()?;
        pending.drain(..used);
    }
    let used = decoder.decode(&pending, &mut out, true).ok()?;
    assert_eq!(used, pending.len(), "decode(last) must consume everything");
    Some(out)
}

fn decode_whole(mut decoder: StreamDecoder, input: &[u8]) -> Option<String> {
    let mut out = String::new();
    let used = decoder.decode(input, &mut out, true).ok()?;
    assert_eq!(used, input.len(), "decode(last) must consume everything");
    Some(out)
}

/// Declared encodings the stream decoder is tried with.
const DECLARED: &[&str] = &[
    "utf-8",
    "gbk",
    "big5",
    "shift_jis",
    "euc-jp",
    "euc-kr",
    "windows-1252",
    "utf-16le",
];

fuzz_target!(|data: &[u8]| {
    // decode_bytes / fix_bytes on the raw input.
    let (text, guess) = decode_bytes(data);
    if !data.starts_with(b"\xef\xbb\xbf") && !data.contains(&0xED) && !data.contains(&0xC0) {
        if let Ok(s) = std::str::from_utf8(data) {
            if !data.starts_with(b"\xff\xfe") && !data.starts_with(b"\xfe\xff") {
                assert_eq!(guess, Guess::Utf8);
                assert_eq!(text, s, "valid UTF-8 must decode to itself");
            }
        }
    }
    let fixed = mojifix::fix_bytes(data);
    assert_eq!(
        fixed,
        mojifix::fix_text(&text),
        "fix_bytes != fix_text(decode_bytes)"
    );
    assert_eq!(
        mojifix::fix_text(&fixed),
        fixed,
        "fix_bytes output is not a fixed point"
    );
    let _ = plausible_decoding(data);

    let Some((&control, rest)) = data.split_first() else {
        return;
    };
    let sizes: Vec<usize> = rest
        .iter()
        .take(4)
        .map(|&b| 1 + (b as usize % 13))
        .collect();
    let sizes = if sizes.is_empty() { vec![1] } else { sizes };

    // A declared encoding: decided after at most 3 bytes, so the chunking matters.
    let label = DECLARED[control as usize % DECLARED.len()];
    let encoding = mojifix::bytes::encoding_for_label(label).expect("known label");
    let make = || StreamDecoder::with_encoding(encoding).force(true);
    let whole = decode_whole(make(), rest).expect("forced decoder never refuses");
    let chunked = decode_chunked(make(), rest, &sizes).expect("forced decoder never refuses");
    assert_eq!(chunked, whole, "declared {label}: chunked != whole");

    // Detection: the first SNIFF_LEN bytes decide. A clean ASCII padding of
    // exactly SNIFF_LEN bytes makes the input arrive after the decision, in
    // UTF-8 mode with each invalid line decoded on its own.
    if control & 0x80 != 0 {
        let line = b"a clean padding line\n";
        let mut input = Vec::with_capacity(SNIFF_LEN + rest.len());
        while input.len() + line.len() <= SNIFF_LEN {
            input.extend_from_slice(line);
        }
        input.resize(SNIFF_LEN - 1, b'a');
        input.push(b'\n');
        input.extend_from_slice(rest);
        let make = || StreamDecoder::new().force(control & 0x40 != 0);
        let whole = decode_whole(make(), &input);
        let chunked = decode_chunked(make(), &input, &sizes);
        let tail = |t: &Option<String>| t.as_ref().map(|t| t[SNIFF_LEN..].to_owned());
        assert_eq!(
            tail(&chunked),
            tail(&whole),
            "detected: chunked != whole after the padding"
        );
        if let (Some(whole), Ok(s)) = (whole, std::str::from_utf8(rest)) {
            assert_eq!(
                &whole[SNIFF_LEN..],
                s,
                "valid UTF-8 lines must decode to themselves"
            );
        }
    } else {
        let make = || StreamDecoder::new().force(control & 0x40 != 0);
        let whole = decode_whole(make(), rest);
        let chunked = decode_chunked(make(), rest, &sizes);
        assert_eq!(chunked, whole, "detected (short): chunked != whole");
    }
});
