//! Streaming equivalence: `Fixer::fix_chunk`, `FixReader` and `FixWriter`
//! give exactly `Fixer::fix` on the whole text, for every chunking.

use std::io::{Read, Write};

use mojifix::stream::{FixReader, FixWriter};
use mojifix::{bytes::StreamDecoder, Config, Fixer};
use proptest::prelude::*;

/// Pieces that exercise every fixer, line breaks and multi-byte characters.
const PIECES: &[&str] = &[
    "a",
    "word ",
    "The ",
    "\n",
    "\r",
    "\r\n",
    "\u{2028}",
    "\u{85}",
    "Ã©",
    "Ã",
    "©",
    "â€™",
    "â€",
    "Ã¢â‚¬â„¢",
    "sÃ³",
    "æ—¥æœ¬",
    "浣犲ソ",
    "鏂囦欢",
    "ÄãºÃ",
    "你好",
    "世界",
    "。",
    "，",
    "“",
    "”",
    "ｆｕｌｌ",
    "ﬁ",
    "e\u{301}",
    "\u{301}",
    "\u{F900}",
    "😀",
    "\u{1F1EB}",
    "\u{1b}[31m",
    "\u{0}",
    "\u{7}",
    "&amp;",
    "&eacute;",
    "<b>",
    "\u{feff}",
    "\u{a0}",
    "Â ",
    "汉字",
    "乾隆",
    "後面",
    "ß",
    "ﾊﾝｶｸ",
    "한국어",
    "aaaaaaaaaaaaaaaaaaaaaaa",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

/// Every preset (including the punctuation presets), with and without
/// Chinese conversion, with segment limits from 4 bytes up.
fn fixer_strategy() -> impl Strategy<Value = Fixer> {
    (
        prop::sample::select(vec![4usize, 5, 6, 7, 9, 16, 33, 1_000_000]),
        prop::sample::select(Config::PRESETS.to_vec()),
        any::<bool>(),
    )
        .prop_map(|(max, preset, convert)| {
            let mut config = Config::preset(preset).unwrap();
            if convert {
                config.convert = Some("s2t".parse().unwrap());
            }
            config.max_decode_length = max;
            Fixer::new(config)
        })
}

/// Splits `bytes` into pieces of the given sizes (cycled).
fn split<'a>(bytes: &'a [u8], sizes: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut rest = bytes;
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes[i % sizes.len()].min(rest.len());
        out.push(&rest[..n]);
        rest = &rest[n..];
        i += 1;
    }
    out
}

/// A reader that returns at most the next size of bytes per call.
struct Trickle<'a> {
    pieces: std::vec::IntoIter<&'a [u8]>,
    current: &'a [u8],
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.pieces.next() {
                Some(p) => self.current = p,
                None => return Ok(0),
            }
        }
        let n = self.current.len().min(buf.len());
        buf[..n].copy_from_slice(&self.current[..n]);
        self.current = &self.current[n..];
        Ok(n)
    }
}

fn expected(fixer: &Fixer, text: &str) -> String {
    // The byte decoders remove a leading UTF-8 BOM.
    fixer
        .fix(text.strip_prefix('\u{feff}').unwrap_or(text))
        .into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn fix_chunk_equals_fix(
        text in text_strategy(),
        fixer in fixer_strategy(),
        sizes in prop::collection::vec(1usize..12, 1..8),
    ) {
        let whole = fixer.fix(&text).into_owned();
        // Text pieces at character boundaries near the chosen sizes.
        let mut pending = String::new();
        let mut out = String::new();
        let mut rest = text.as_str();
        let mut i = 0;
        while !rest.is_empty() {
            let mut n = sizes[i % sizes.len()].min(rest.len());
            while !rest.is_char_boundary(n) {
                n += 1;
            }
            pending.push_str(&rest[..n]);
            rest = &rest[n..];
            i += 1;
            let (consumed, produced) = fixer.fix_chunk(&pending, &mut out, false);
            prop_assert!(produced <= out.len());
            pending.drain(..consumed);
            prop_assert!(pending.len() <= fixer.segment_len_limit() + 12 || !pending.contains('\n'));
        }
        fixer.fix_chunk(&pending, &mut out, true);
        prop_assert_eq!(&out, &whole);
        // Segment by segment is the same too.
        let by_segment: String = fixer.split_segments(&text).map(|s| fixer.fix(s)).collect();
        prop_assert_eq!(&by_segment, &whole);
    }

    #[test]
    fn fix_reader_and_writer_equal_fix(
        text in text_strategy(),
        fixer in fixer_strategy(),
        sizes in prop::collection::vec(1usize..9, 1..8),
        padded in any::<bool>(),
    ) {
        // The detecting decoder reads 64 KiB before it decides: a padding
        // of clean lines makes the text after it arrive in small pieces.
        // A declared encoding starts at once.
        let (input, want, decoder): (String, String, fn() -> StreamDecoder) = if padded {
            let input = format!("{}{text}", "a clean padding line\n".repeat(3200));
            let want = fixer.fix(&input).into_owned();
            (input, want, || StreamDecoder::new().force(true))
        } else {
            let want = expected(&fixer, &text);
            (text, want, || StreamDecoder::with_encoding(encoding_rs::UTF_8).force(true))
        };
        let pieces = split(input.as_bytes(), &sizes);

        let trickle = Trickle { pieces: pieces.clone().into_iter(), current: &[] };
        let mut reader = FixReader::with_decoder(trickle, &fixer, decoder());
        let mut out = Vec::new();
        // Read with small buffers too.
        let mut buf = [0u8; 7];
        loop {
            let n = reader.read(&mut buf).unwrap();
            if n == 0 { break; }
            out.extend_from_slice(&buf[..n]);
        }
        prop_assert_eq!(String::from_utf8(out).unwrap(), want.clone());

        let mut writer = FixWriter::with_decoder(Vec::new(), &fixer, decoder());
        for piece in &pieces {
            writer.write_all(piece).unwrap();
        }
        let out = writer.finish().unwrap();
        prop_assert_eq!(String::from_utf8(out).unwrap(), want);
    }
}

/// Lines far longer than the segment limit, streamed in pieces that split
/// characters: bounded buffers, identical output.
#[test]
fn long_lines_in_small_segments() {
    let fixer = Fixer::new(Config {
        max_decode_length: 64,
        ..Config::default()
    });
    let line = "中文 cafÃ© ".repeat(5000);
    let text = format!("{line}\n{line}");
    let mut writer = FixWriter::new(Vec::new(), &fixer);
    for piece in text.as_bytes().chunks(1001) {
        writer.write_all(piece).unwrap();
    }
    let out = String::from_utf8(writer.finish().unwrap()).unwrap();
    assert_eq!(out, fixer.fix(&text));
}
