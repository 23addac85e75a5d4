//! Counts the lines on which a preset is not idempotent (`fix(fix(x)) !=
//! fix(x)`) over the damage synthesizer's chains applied to the clean
//! corpora: every chain of `Chain::cjk_chains` on each line (one level),
//! and each line's one-level damage damaged again by a second chain picked
//! from a seeded generator (two levels, as the `damage_roundtrip` fuzz
//! finding of 2026-11-27: UTF-8 read as windows-1252, then as Big5).
//!
//!     cargo run --release --example idempotence -- [PRESETS] [LINES] [LANGS]
//!     cargo run --release --example idempotence -- default,corpus 300 zh-Hans,zh-Hant,ja,ko
//!
//! PRESETS, LANGS comma-separated (defaults `default,display,index,corpus`
//! and the four CJK corpora of `../shared/data/clean`); LINES is the first
//! lines per file (default 200). Prints, per preset, the damaged lines
//! fixed and how many of them a second fix changes, and the first few of
//! those (`MOJIFIX_IDEM_SHOW=N`).

use mojifix::damage::{one_and_two_levels, Chain, Rng};
use mojifix::{Config, Fixer};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let list = |i: usize, default: &str| -> Vec<String> {
        args.get(i)
            .map_or(default, String::as_str)
            .split(',')
            .map(String::from)
            .collect()
    };
    let presets = list(1, "default,display,index,corpus");
    let lines: usize = args.get(2).map_or(200, |s| s.parse().expect("LINES"));
    let langs = list(3, "zh-Hans,zh-Hant,ja,ko");
    let show: usize = std::env::var("MOJIFIX_IDEM_SHOW")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let clean = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean");
    let chains = Chain::cjk_chains();
    let fixers: Vec<(String, Fixer)> = presets
        .iter()
        .map(|p| {
            (
                p.clone(),
                Fixer::new(Config::preset(p).expect("a preset name")),
            )
        })
        .collect();
    // Per preset: [one level, two levels] × (lines, not idempotent).
    let mut counts = vec![[(0usize, 0usize); 2]; fixers.len()];
    let mut shown = vec![0usize; fixers.len()];
    for lang in &langs {
        let Ok(text) = std::fs::read_to_string(format!("{clean}/{lang}.txt")) else {
            eprintln!("SKIPPED: {clean}/{lang}.txt not found");
            continue;
        };
        let mut rng = Rng::new(0x1de3_u64 ^ lang.len() as u64);
        for line in text.lines().take(lines) {
            for damaged in one_and_two_levels(line, &chains, &mut rng) {
                let level = usize::from(damaged.then.is_some());
                for (i, (name, fixer)) in fixers.iter().enumerate() {
                    let fixed = fixer.fix(&damaged.text);
                    let again = fixer.fix(&fixed);
                    counts[i][level].0 += 1;
                    if again != fixed {
                        counts[i][level].1 += 1;
                        if shown[i] < show {
                            shown[i] += 1;
                            println!(
                                "{name} {lang} {damaged}: {:?}\n  once  {fixed:?}\n  twice {again:?}",
                                damaged.text
                            );
                        }
                    }
                }
            }
        }
    }
    for (i, (name, _)) in fixers.iter().enumerate() {
        let [(n1, b1), (n2, b2)] = counts[i];
        println!(
            "{name}: not idempotent on {b1} of {n1} one-level and {b2} of {n2} two-level damaged lines"
        );
    }
}
