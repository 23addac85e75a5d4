//! `inline_pinyin` on synthesized leaks over ../shared/data/clean (zh-Hans,
//! zh-Hant), on the hand-written cases of corpus/scrape/pinyin_leaks.jsonl,
//! and on the traps of corpus/scrape/traps.jsonl.
//!
//! Lines per language are capped at 4,000 for speed; `MOJIFIX_SCRAPE_ALL=1`
//! runs every line. `--nocapture` prints the figures.

mod common;

use mojifix::damage::Rng;
use mojifix::scrape::synth::leak_pinyin;
use mojifix::{apply_plan, Config, Fixer};

fn cap() -> usize {
    if std::env::var_os("MOJIFIX_SCRAPE_ALL").is_some() {
        usize::MAX
    } else {
        4000
    }
}

fn fixer() -> Fixer {
    let mut config = Config::default();
    config.set("inline_pinyin", true).unwrap();
    Fixer::new(config)
}

fn jsonl(name: &str) -> Vec<serde_json::Value> {
    let path = format!("{}/corpus/scrape/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn synthesized_leaks_are_removed_exactly() {
    let Some(dir) = common::clean_dir() else {
        println!("{}", common::NO_CORPORA);
        return;
    };
    let fixer = fixer();
    let (mut total, mut exact) = (0usize, 0usize);
    let mut failures = Vec::new();
    for lang in ["zh-Hans", "zh-Hant"] {
        let text = std::fs::read_to_string(dir.join(format!("{lang}.txt"))).unwrap();
        let (mut n, mut ok) = (0usize, 0usize);
        for (i, line) in text.lines().take(cap()).enumerate() {
            let mut rng = Rng::new(7_000_000 + i as u64);
            let Some(leaked) = leak_pinyin(line, &mut rng) else {
                continue;
            };
            n += 1;
            let fixed = fixer.fix(&leaked);
            if fixed == line {
                ok += 1;
                assert_eq!(fixer.fix(&fixed), fixed, "not idempotent");
                if i % 50 == 0 {
                    let explained = fixer.fix_and_explain(&leaked);
                    assert_eq!(explained.text, line);
                    assert!(explained.changes.iter().any(|c| c.fixer == "inline_pinyin"));
                    assert_eq!(apply_plan(&leaked, &explained.plan()).unwrap(), line);
                }
            } else if failures.len() < 10 {
                failures.push(format!(
                    "{lang}: {leaked:?}\n  -> {fixed:?}\n  want {line:?}"
                ));
            }
        }
        println!(
            "inline_pinyin {lang}: {ok}/{n} leaked lines restored exactly ({:.2}%)",
            100.0 * ok as f64 / n.max(1) as f64
        );
        total += n;
        exact += ok;
    }
    let share = exact as f64 / total.max(1) as f64;
    println!(
        "inline_pinyin overall: {exact}/{total} ({:.2}%)",
        100.0 * share
    );
    for f in &failures {
        println!("{f}");
    }
    assert!(total > 1000, "too few lines synthesized: {total}");
    assert!(
        share >= 0.995,
        "exact removal on {:.2}% < 99.5%",
        100.0 * share
    );
}

#[test]
fn hand_written_leaks_are_removed() {
    let fixer = fixer();
    for case in jsonl("pinyin_leaks.jsonl") {
        let damaged = case["damaged"].as_str().unwrap();
        let want = case["fixed"].as_str().unwrap();
        assert_eq!(fixer.fix(damaged), want, "{damaged}");
    }
}

#[test]
fn traps_and_clean_text_are_unchanged() {
    let mut config = Config::default();
    config.set("inline_pinyin", true).unwrap();
    config.set("double_byte_resync", true).unwrap();
    let fixer = Fixer::new(config);
    let traps = jsonl("traps.jsonl");
    assert!(traps.len() >= 30);
    let mut changed = Vec::new();
    for t in &traps {
        let text = t["text"].as_str().unwrap();
        if fixer.fix(text) != text {
            changed.push(format!("{text:?} -> {:?}", fixer.fix(text)));
        }
    }
    println!("traps: {} of {} changed", changed.len(), traps.len());
    assert!(changed.is_empty(), "traps changed:\n{}", changed.join("\n"));
    let Some(dir) = common::clean_dir() else {
        println!("{}", common::NO_CORPORA);
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let default = Fixer::default();
    let mut lines = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        for line in text.lines() {
            lines += 1;
            let fixed = fixer.fix(line);
            // Lines the default preset repairs (corpus/clean_known_damage.jsonl)
            // are the default's business; the scrape fixers must add nothing.
            if fixed != default.fix(line) {
                changed.push(format!("{}: {line:?} -> {fixed:?}", path.display()));
            }
        }
    }
    println!(
        "clean corpus: {} of {lines} lines changed by inline_pinyin + double_byte_resync",
        changed.len()
    );
    assert!(
        changed.is_empty(),
        "clean lines changed:\n{}",
        changed.join("\n")
    );
}
