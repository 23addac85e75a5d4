//! `corpus/cjk/cases.jsonl`: CJK mojibake cases made by the damage
//! synthesizer from ../shared/data/clean, one JSON object per line:
//! `{garbled, original, chain, lang, span, lossy, expected}`.
//!
//! * `span`: only a stretch of the line was damaged (a garbled title in a
//!   clean paragraph);
//! * `expected`: for lossy damage, the original with each character whose
//!   bytes were lost replaced by U+FFFD, the best any repair can do.
//!
//! The file is committed, so the cases run without the corpora and other
//! tools (`scripts/cjk_side_by_side.py`, which puts ftfy beside mojifix)
//! read the same cases. `cases_file_is_up_to_date` regenerates it in memory
//! and compares; `MOJIFIX_BLESS=1` writes it.

mod common;

use mojifix::damage::{damage_span, Chain, Errors, Rng};
use mojifix::mojibake::cjk::legacy::Legacy::{Big5, Gbk, ShiftJis};
use serde_json::{json, Value};

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/cjk/cases.jsonl");
const LANGS: [&str; 4] = ["zh-Hans", "zh-Hant", "ja", "ko"];
/// Whole-line cases and span cases per chain and language.
const LINES: usize = 6;
const SPANS: usize = 2;

fn generate(dir: &std::path::Path) -> String {
    let mut out = String::new();
    for lang in LANGS {
        let text = std::fs::read_to_string(dir.join(format!("{lang}.txt"))).unwrap();
        // Short and medium lines: titles, sentences, short paragraphs.
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| (8..=120).contains(&l.chars().count()))
            .collect();
        // One legacy encoding read with another's decoder: the chains the
        // repair undoes (`tests/cross_legacy.rs`), after the others (whose
        // seeds stay as they were).
        let cross = [(Big5, Gbk), (Gbk, Big5), (ShiftJis, Gbk), (Gbk, ShiftJis)]
            .map(|(a, b)| Chain::LegacyReadAsLegacy(a, b, Errors::Whatwg));
        for (n, chain) in Chain::cjk_chains().into_iter().chain(cross).enumerate() {
            if chain
                .natural_languages()
                .is_some_and(|langs| !langs.contains(&lang))
            {
                continue;
            }
            let mut rng = Rng::new(0x6D6F_6A69 ^ (n as u64) << 8 ^ lang.len() as u64);
            let mut add = |garbled: String, original: &str, span: bool| {
                let lossy = chain.is_lossy_on(original);
                let mut case = json!({
                    "garbled": garbled,
                    "original": original,
                    "chain": chain.to_string(),
                    "lang": lang,
                    "span": span,
                    "lossy": lossy,
                });
                if lossy {
                    case["expected"] = json!(chain.determined_text(original));
                }
                out.push_str(&case.to_string());
                out.push('\n');
            };
            // A lossless span of UTF-8 read as windows-1252 and stripped of
            // some bytes is plain UTF-8 read as windows-1252 (nothing was
            // stripped from it), which the `... twice` chain's spans already
            // cover: whole lines only for those chains.
            let span_quota = if matches!(chain, Chain::Utf8ReadDropping(..)) {
                0
            } else {
                SPANS
            };
            let (mut whole, mut spans, mut tries) = (0, 0, 0);
            while (whole < LINES || spans < span_quota) && tries < 200 {
                tries += 1;
                let line = lines[rng.below(lines.len())];
                if whole < LINES {
                    if let Some(garbled) = chain.apply(line).filter(|g| g != line) {
                        add(garbled, line, false);
                        whole += 1;
                    }
                } else if let Some((garbled, range)) = damage_span(line, chain, 4, &mut rng) {
                    // Lossless spans only: the rest of the line is clean.
                    let span: String = line.chars().skip(range.start).take(range.len()).collect();
                    if garbled != line && !chain.is_lossy_on(&span) {
                        add(garbled, line, true);
                        spans += 1;
                    }
                }
            }
        }
    }
    out
}

#[test]
fn cases_file_is_up_to_date() {
    let Some(dir) = common::clean_dir() else {
        println!("{}", common::NO_CORPORA);
        return;
    };
    let fresh = generate(&dir);
    if std::env::var_os("MOJIFIX_BLESS").is_some() {
        std::fs::create_dir_all(std::path::Path::new(CASES).parent().unwrap()).unwrap();
        std::fs::write(CASES, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(CASES).unwrap_or_default();
    assert!(
        committed == fresh,
        "corpus/cjk/cases.jsonl is stale: run MOJIFIX_BLESS=1 cargo test --release --test cjk_cases"
    );
}

/// Per chain family: exact repairs of lossless cases, exact and
/// determined-character repairs of lossy ones, and span cases.
#[test]
fn cases_are_repaired() {
    let text = std::fs::read_to_string(CASES).expect("corpus/cjk/cases.jsonl");
    let fixer = mojifix::Fixer::default();
    // One legacy encoding read as another is repaired with its switch on
    // (it is off in every preset: `Config::fix_cjk_cross_legacy`).
    let cross_fixer = mojifix::Fixer::new(mojifix::Config {
        fix_cjk_cross_legacy: true,
        ..mojifix::Config::default()
    });
    #[derive(Default)]
    struct Tally {
        lossless: usize,
        lossless_ok: usize,
        lossy: usize,
        lossy_ok: usize,
        spans: usize,
        spans_ok: usize,
    }
    let mut tallies: Vec<(String, Tally)> = Vec::new();
    let mut failures = Vec::new();
    for line in text.lines() {
        let case: Value = serde_json::from_str(line).unwrap();
        let field = |k: &str| case[k].as_str().unwrap_or_default().to_string();
        let (garbled, original, chain) = (field("garbled"), field("original"), field("chain"));
        // Families: the chain without its code page or error handling.
        let family = chain
            .split(" read as ")
            .take(2)
            .collect::<Vec<_>>()
            .join(" read as ")
            .split(" (")
            .next()
            .unwrap()
            .to_string();
        let legacy = ["gbk", "big5", "shift_jis", "euc-jp", "euc-kr"];
        let cross = family
            .split_once(" read as ")
            .is_some_and(|(a, b)| legacy.contains(&a) && legacy.contains(&b));
        let family = if cross {
            family
        } else if family.starts_with("utf-8 read as sloppy") {
            "utf-8 read as a code page twice".to_string()
        } else if !family.starts_with("utf-8") {
            // Legacy bytes read as any single-byte page.
            format!("{} read as a code page", family.split(' ').next().unwrap())
        } else {
            family
        };
        let i = match tallies.iter().position(|(f, _)| *f == family) {
            Some(i) => i,
            None => {
                tallies.push((family.clone(), Tally::default()));
                tallies.len() - 1
            }
        };
        let tally = &mut tallies[i].1;
        let fixed = if cross {
            cross_fixer.fix(&garbled)
        } else {
            fixer.fix(&garbled)
        };
        if case["span"].as_bool() == Some(true) {
            tally.spans += 1;
            if fixed == original {
                tally.spans_ok += 1;
            } else {
                failures.push(format!("{chain} (span): {garbled:?} -> {fixed:?}"));
            }
        } else if case["lossy"].as_bool() == Some(true) {
            tally.lossy += 1;
            tally.lossy_ok += usize::from(fixed == field("expected"));
        } else {
            tally.lossless += 1;
            if fixed == original {
                tally.lossless_ok += 1;
            } else {
                failures.push(format!("{chain}: {garbled:?} -> {fixed:?}"));
            }
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            "-".to_string()
        } else {
            format!("{a}/{b}")
        }
    };
    println!(
        "{:<40} {:>12} {:>12} {:>12}",
        "chain family", "lossless", "lossy exact", "spans"
    );
    let (mut ok, mut all) = (0, 0);
    for (family, t) in &tallies {
        println!(
            "{family:<40} {:>12} {:>12} {:>12}",
            pct(t.lossless_ok, t.lossless),
            pct(t.lossy_ok, t.lossy),
            pct(t.spans_ok, t.spans)
        );
        ok += t.lossless_ok + t.spans_ok;
        all += t.lossless + t.spans;
    }
    for f in failures.iter().take(40) {
        println!("  FAIL {f}");
    }
    println!("lossless and span cases repaired exactly: {ok}/{all}");
    assert!(all > 0);
    assert!(
        ok as f64 >= 0.97 * all as f64,
        "lossless and span cases: {ok}/{all} repaired exactly"
    );
}

/// Every repair's plan replays: `apply_plan` on the garbled text gives the
/// explanation's text (each step it names is one `apply_plan` knows).
#[test]
fn every_plan_replays() {
    let text = std::fs::read_to_string(CASES).expect("corpus/cjk/cases.jsonl");
    let fixer = mojifix::Fixer::default();
    let mut failures = Vec::new();
    let mut changed = 0;
    for line in text.lines() {
        let case: Value = serde_json::from_str(line).unwrap();
        let garbled = case["garbled"].as_str().unwrap_or_default();
        // (Also as UTF-8 read as windows-1252 whose NBSP became a space, the
        // A0 byte of a CJK character lost: `ä½ å¥½`.)
        let latin: String = garbled
            .as_bytes()
            .iter()
            .map(|&b| match b {
                0xA0 => ' ',
                b => encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(&[b])
                    .0
                    .chars()
                    .next()
                    .unwrap_or('\u{FFFD}'),
            })
            .collect();
        for input in [garbled, latin.as_str()] {
            let explained = fixer.fix_and_explain(input);
            changed += usize::from(explained.text != input);
            match mojifix::apply_plan(input, &explained.plan()) {
                Ok(replayed) if replayed == explained.text => {}
                other => failures.push(format!("{input:?}: {other:?}")),
            }
        }
    }
    assert!(changed > 1000, "only {changed} inputs changed");
    assert!(
        failures.is_empty(),
        "{} plans do not replay, e.g. {:?}",
        failures.len(),
        &failures[..failures.len().min(3)]
    );
}
