//! The streaming adapters (`Fixer::fix_chunk`, `stream::FixReader`,
//! `stream::FixWriter`) with chunk boundaries taken from the input: output
//! identical to `Fixer::fix` on the whole text.
//!
//! Input layout: byte 0 picks the preset, byte 1 the segment limit and
//! Chinese conversion, bytes 2..6 the chunk sizes; the rest is the text.
#![no_main]

use std::io::{Read, Write};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mojifix::bytes::StreamDecoder;
use mojifix::stream::{FixReader, FixWriter};
use mojifix::zh::ConfigName;
use mojifix::{Config, Fixer};

/// Segment limits (`max_decode_length`): the tiny ones cut lines into
/// segments (`tests/fuzz_regressions.rs`,
/// `trigger_lookahead_stops_at_segment_cut`, was found so).
const LIMITS: [usize; 6] = [4, 5, 7, 16, 33, 1_000_000];

/// Every preset × segment limit × (no conversion, s2t), built once.
fn fixer(preset: usize, limit: usize, convert: bool) -> &'static Fixer {
    static FIXERS: OnceLock<Vec<Fixer>> = OnceLock::new();
    let all = FIXERS.get_or_init(|| {
        let mut v = Vec::new();
        for name in Config::PRESETS {
            for max in LIMITS {
                for conv in [false, true] {
                    let mut config = Config::preset(name).expect("listed preset");
                    config.max_decode_length = max;
                    if conv {
                        config.convert = Some(ConfigName::S2t);
                    }
                    v.push(Fixer::new(config));
                }
            }
        }
        v
    });
    &all[(preset * LIMITS.len() + limit) * 2 + convert as usize]
}

/// A reader that returns at most the next size of bytes per call.
struct Trickle<'a> {
    rest: &'a [u8],
    sizes: &'a [usize],
    i: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.sizes[self.i % self.sizes.len()]
            .min(self.rest.len())
            .min(buf.len());
        self.i += 1;
        buf[..n].copy_from_slice(&self.rest[..n]);
        self.rest = &self.rest[n..];
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 6 {
        return;
    }
    let (head, body) = data.split_at(6);
    let preset = head[0] as usize % Config::PRESETS.len();
    let limit = head[1] as usize % LIMITS.len();
    let convert = head[1] & 0x80 != 0;
    let fixer = fixer(preset, limit, convert);
    let sizes: Vec<usize> = head[2..].iter().map(|&b| 1 + (b as usize % 17)).collect();
    let text = String::from_utf8_lossy(body);
    let whole = fixer.fix(&text).into_owned();

    // fix_chunk, text pieces moved forward to character boundaries.
    let mut pending = String::new();
    let mut out = String::new();
    let mut rest: &str = &text;
    let mut i = 0;
    while !rest.is_empty() {
        let mut n = sizes[i % sizes.len()].min(rest.len());
        while !rest.is_char_boundary(n) {
            n += 1;
        }
        pending.push_str(&rest[..n]);
        rest = &rest[n..];
        i += 1;
        let (consumed, _) = fixer.fix_chunk(&pending, &mut out, false);
        pending.drain(..consumed);
    }
    fixer.fix_chunk(&pending, &mut out, true);
    assert_eq!(out, whole, "fix_chunk != fix");

    // Segment by segment.
    let by_segment: String = fixer.split_segments(&text).map(|s| fixer.fix(s)).collect();
    assert_eq!(by_segment, whole, "split_segments + fix != fix");

    // The byte adapters, UTF-8 declared (starts at once; removes a leading BOM).
    let want = fixer
        .fix(text.strip_prefix('\u{feff}').unwrap_or(&text))
        .into_owned();
    let decoder = || StreamDecoder::with_encoding(encoding_rs::UTF_8).force(true);
    let bytes = text.as_bytes();
    let trickle = Trickle {
        rest: bytes,
        sizes: &sizes,
        i: 0,
    };
    let mut reader = FixReader::with_decoder(trickle, fixer, decoder());
    let mut got = Vec::new();
    let mut buf = [0u8; 7];
    loop {
        let n = reader.read(&mut buf).expect("reader");
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
    }
    assert_eq!(
        String::from_utf8(got).expect("UTF-8 out"),
        want,
        "FixReader != fix"
    );

    let mut writer = FixWriter::with_decoder(Vec::new(), fixer, decoder());
    let mut rest = bytes;
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes[i % sizes.len()].min(rest.len());
        writer.write_all(&rest[..n]).expect("writer");
        rest = &rest[n..];
        i += 1;
    }
    let got = writer.finish().expect("finish");
    assert_eq!(
        String::from_utf8(got).expect("UTF-8 out"),
        want,
        "FixWriter != fix"
    );
});
