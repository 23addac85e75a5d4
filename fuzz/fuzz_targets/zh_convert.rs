//! `mojifix::zh` conversions: no panic, the streaming converter (chunk
//! boundaries taken from the input) equals whole-text conversion, holds
//! back at most `max_lookahead_chars`, and `convert_into` equals `convert`.
//!
//! Input layout: byte 0 picks the OpenCC config, bytes 1..4 the chunk sizes
//! (in characters); the rest is the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mojifix::zh::{ConfigName, Converter};

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let (head, body) = data.split_at(4);
    let name = ConfigName::ALL[head[0] as usize % ConfigName::ALL.len()];
    let sizes: Vec<usize> = head[1..].iter().map(|&b| b as usize % 9).collect();
    let text = String::from_utf8_lossy(body);
    let conv = Converter::get(name);
    let whole = conv.convert(&text).into_owned();

    let mut into = String::from("prefix:");
    conv.convert_into(&text, &mut into);
    assert_eq!(
        &into["prefix:".len()..],
        whole,
        "{name}: convert_into != convert"
    );

    // Pieces of 0..8 characters (empty pushes included).
    let mut stream = conv.stream();
    let mut out = String::new();
    let mut rest: &str = &text;
    let mut i = 0;
    while !rest.is_empty() {
        let n = rest
            .char_indices()
            .nth(sizes[i % sizes.len()])
            .map_or(rest.len(), |(at, _)| at);
        stream.push(&rest[..n], &mut out);
        rest = &rest[n..];
        i += 1;
        assert!(
            stream.pending_chars() <= conv.max_lookahead_chars(),
            "{name}: {} chars held back, max_lookahead_chars {}",
            stream.pending_chars(),
            conv.max_lookahead_chars()
        );
        if i > 4 * text.len() + 8 {
            break;
        }
    }
    if rest.is_empty() {
        stream.finish(&mut out);
        assert_eq!(out, whole, "{name}: stream != convert on {text:?}");
        assert_eq!(stream.pending_chars(), 0);
        // Reusable after finish.
        let mut again = String::new();
        stream.push(&text, &mut again);
        stream.finish(&mut again);
        assert_eq!(again, whole, "{name}: reused stream != convert");
    }
});
