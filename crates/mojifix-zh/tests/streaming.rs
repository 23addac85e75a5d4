//! Streaming output must equal whole-text output for every chunking, for every
//! config; and the hold-back must stay within `max_lookahead_chars`.
//!
//! Texts are random mixes of real lines (OpenCC's test inputs, and the clean
//! zh-Hans / zh-Hant corpora when `../shared/data/clean` is present — set
//! `MOJIFIX_CLEAN_DIR` to point elsewhere) and random characters biased towards
//! the interesting ones (ideographic description operators, compatibility
//! ideographs, ASCII letters that start dictionary keys).

use mojifix_zh::{ConfigName, Converter};
use proptest::prelude::*;
use std::sync::OnceLock;

fn clean_dir() -> std::path::PathBuf {
    match std::env::var_os("MOJIFIX_CLEAN_DIR") {
        Some(d) => d.into(),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/clean"),
    }
}

fn lines() -> &'static Vec<String> {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| {
        let mut out = Vec::new();
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/opencc/testcases/testcases.strict.json"
        );
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for case in json["cases"].as_array().unwrap() {
            out.push(case["input"].as_str().unwrap().to_string());
        }
        for name in ["zh-Hans.txt", "zh-Hant.txt"] {
            let p = clean_dir().join(name);
            match std::fs::read_to_string(&p) {
                // Keep it moderate: every 7th line.
                Ok(t) => out.extend(
                    t.lines()
                        .step_by(7)
                        .map(|l| l.chars().take(300).collect::<String>()),
                ),
                Err(_) => println!(
                    "notice: {} not found; streaming test uses OpenCC's test inputs only",
                    p.display()
                ),
            }
        }
        out
    })
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (0..lines().len()).prop_map(|i| lines()[i].clone()),
        2 => prop::sample::select(vec![
            "\u{2ff0}", "\u{2ff1}", "\u{2ff2}", "\u{2ffb}", "\u{2fff}", "\u{f900}", "\u{fa0e}",
            "\u{2f800}", "头发", "SQL注入攻击", "PN结", "B超", "A肝", "\n", " ", "\0", "P", "S",
        ])
        .prop_map(str::to_string),
        2 => prop::collection::vec(
            prop_oneof![
                any::<char>(),
                (0x4e00u32..0x9fa6).prop_map(|c| char::from_u32(c).unwrap()),
                (0x2ff0u32..0x3000).prop_map(|c| char::from_u32(c).unwrap()),
            ],
            1..8
        )
        .prop_map(|v| v.into_iter().collect()),
    ]
}

fn split_points(text: &str, cuts: &[usize]) -> Vec<usize> {
    let mut pts: Vec<usize> = cuts
        .iter()
        .map(|&c| {
            let mut i = if text.is_empty() {
                0
            } else {
                c % (text.len() + 1)
            };
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        })
        .collect();
    pts.sort_unstable();
    pts.dedup();
    pts
}

fn check(text: &str, cuts: &[usize]) -> Result<(), TestCaseError> {
    let pts = split_points(text, cuts);
    for name in ConfigName::ALL {
        let conv = Converter::get(name);
        let whole = conv.convert(text);
        let mut s = conv.stream();
        let mut out = String::new();
        let mut prev = 0;
        for &p in pts.iter().chain(std::iter::once(&text.len())) {
            s.push(&text[prev..p], &mut out);
            prop_assert!(
                s.pending_chars() <= conv.max_lookahead_chars(),
                "{name}: {} chars pending > {}",
                s.pending_chars(),
                conv.max_lookahead_chars()
            );
            // What was emitted so far is final: a prefix of the whole output.
            prop_assert!(
                whole.starts_with(out.as_str()),
                "{name}: emitted text is not a prefix"
            );
            prev = p;
        }
        s.finish(&mut out);
        prop_assert_eq!(&out, &whole, "{} cuts {:?}", name, pts);
        prop_assert_eq!(s.pending_chars(), 0);
        // The stream is reusable after finish.
        s.push(text, &mut out);
        s.finish(&mut out);
        prop_assert_eq!(&out[whole.len()..], &*whole);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn stream_equals_whole(pieces in prop::collection::vec(piece(), 1..12),
                           cuts in prop::collection::vec(any::<usize>(), 0..40)) {
        check(&pieces.concat(), &cuts)?;
    }
}

#[test]
fn char_by_char_over_corpus_sample() {
    // Every line of the sample, one char per push, all configs.
    let text: String = lines().iter().take(400).map(|l| format!("{l}\n")).collect();
    for name in ConfigName::ALL {
        let conv = Converter::get(name);
        let mut s = conv.stream();
        let mut out = String::new();
        let mut buf = [0u8; 4];
        for c in text.chars() {
            s.push(c.encode_utf8(&mut buf), &mut out);
        }
        s.finish(&mut out);
        assert_eq!(out, conv.convert(&text), "{name}");
    }
}

#[test]
fn long_runs_are_not_held_back() {
    // A long text without any dictionary match (segmented configs see one
    // unmatched run) must still stream out with bounded hold-back.
    let text = "abc def ghi ".repeat(2000) + &"日本語のテキスト".repeat(500);
    for name in ConfigName::ALL {
        let conv = Converter::get(name);
        let mut s = conv.stream();
        let mut out = String::new();
        let chars: Vec<char> = text.chars().collect();
        for chunk in chars.chunks(1000) {
            s.push(&chunk.iter().collect::<String>(), &mut out);
            assert!(
                s.pending_chars() <= conv.max_key_chars() * 4,
                "{name}: {}",
                s.pending_chars()
            );
        }
        s.finish(&mut out);
        assert_eq!(out, conv.convert(&text));
    }
}
