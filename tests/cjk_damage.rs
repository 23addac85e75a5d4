//! CJK mojibake synthesized from the clean corpora (../shared/data/clean),
//! through every chain the repair undoes, repaired with the default preset.
//!
//! For each chain and language: the share of lines recovered exactly, over
//! the lines whose damage lost nothing (no U+FFFD in the damaged text), and
//! over the lossy ones the character-level accuracy. Skips with a notice
//! when the corpora are absent. MOJIFIX_CJK_LINES sets how many lines per
//! language (default 400; 0 for all).

mod common;

use mojifix::damage::Chain;
use mojifix::{Config, Fixer};

/// Character accuracy: matching characters over the longer length, by
/// position (damage and repair keep text aligned outside lost characters).
fn char_accuracy(fixed: &str, original: &str) -> (usize, usize) {
    let a: Vec<char> = fixed.chars().collect();
    let b: Vec<char> = original.chars().collect();
    let same = a.iter().zip(&b).filter(|(x, y)| x == y).count();
    (same, a.len().max(b.len()))
}

#[test]
fn cjk_mojibake_is_repaired() {
    let Some(dir) = common::clean_dir() else {
        println!("{}", common::NO_CORPORA);
        return;
    };
    let per_lang: usize = std::env::var("MOJIFIX_CJK_LINES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    let fixer = Fixer::new(Config::default());
    let mut failures_shown = 0;
    let mut worst_lossless: f64 = 1.0;
    let mut worst: Vec<(f64, String)> = Vec::new();
    println!(
        "{:<52} {:>8} {:>16} {:>10} {:>12}",
        "chain / language", "lines", "lossless exact", "lossy", "lossy chars"
    );
    for chain in Chain::cjk_chains() {
        for lang in ["zh-Hans", "zh-Hant", "ja", "ko"] {
            let text = std::fs::read_to_string(dir.join(format!("{lang}.txt"))).unwrap();
            let lines: Vec<&str> = text
                .lines()
                .take(if per_lang == 0 { usize::MAX } else { per_lang })
                .collect();
            let (mut lossless, mut lossless_ok, mut lossy, mut same, mut total) = (0, 0, 0, 0, 0);
            for line in &lines {
                let Some(garbled) = chain.apply(line) else {
                    continue;
                };
                let fixed = fixer.fix(&garbled);
                if chain.is_lossy_on(line) {
                    lossy += 1;
                    let (s, t) = char_accuracy(&fixed, line);
                    same += s;
                    total += t;
                } else {
                    lossless += 1;
                    if fixed == *line {
                        lossless_ok += 1;
                    } else if failures_shown < 12 {
                        failures_shown += 1;
                        println!("  FAIL {chain} {lang}: {line:?}\n    garbled {garbled:?}\n    fixed   {fixed:?}");
                    }
                }
            }
            if lossless + lossy == 0 {
                continue;
            }
            let rate = if lossless > 0 {
                lossless_ok as f64 / lossless as f64
            } else {
                1.0
            };
            // Text saved in a legacy encoding is in that encoding's language;
            // other pairs (Japanese saved as GBK) are reported, not held to
            // the bar.
            let natural = chain
                .natural_languages()
                .is_none_or(|langs| langs.contains(&lang));
            if lossless >= 20 && natural {
                worst_lossless = worst_lossless.min(rate);
                worst.push((rate, format!("{chain} / {lang}")));
            }
            let chars = if total > 0 {
                format!("{:.2}%", 100.0 * same as f64 / total as f64)
            } else {
                "-".into()
            };
            println!(
                "{:<52} {:>8} {:>9}/{:<6} {:>10} {:>12}",
                format!("{chain} / {lang}"),
                lines.len(),
                lossless_ok,
                lossless,
                lossy,
                chars
            );
        }
    }
    worst.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!("worst lossless exact-recovery rates (natural language pairs, ≥20 lossless lines):");
    for (rate, name) in worst.iter().take(10) {
        println!("  {:.2}%  {name}", 100.0 * rate);
    }
    println!("worst: {:.2}%", 100.0 * worst_lossless);
    assert!(
        worst_lossless >= 0.99,
        "exact recovery below 99% on a lossless chain: {:.2}%",
        100.0 * worst_lossless
    );
}
