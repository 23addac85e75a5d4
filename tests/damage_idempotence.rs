//! Idempotence, `fix(fix(x)) == fix(x)`, of every preset on synthesized
//! damage: each chain of `Chain::cjk_chains` over the first lines of the
//! clean CJK corpora (one level), and each such damaged line damaged again
//! by a chain picked by a seeded generator (two levels: the
//! `damage_roundtrip` fuzz finding of 2026-11-27 was UTF-8 read as
//! windows-1252, then as Big5). Counts the lines a second fix changes and
//! asserts there are none. `corpus` was not idempotent on 8 of the 10,309
//! two-level lines here before branch `idem3` (1,215 of 719,232 over every
//! line, `examples/idempotence.rs`): `double_byte_resync` re-reads the
//! U+FFFD of its own repairs of double mojibake, which walked along the
//! line for more rounds than the Fixer's bound, so a second call went on.
//! A segment still changing after that bound now takes more rounds until
//! it settles (ARCHITECTURE.md, "Settled repairs").
//!
//! Skipped when ../shared/data/clean is absent.

use mojifix::damage::{one_and_two_levels, Chain, Rng};
use mojifix::{Config, Fixer};

/// Lines per language (the first ones of each file).
const LINES: usize = 150;

#[test]
fn presets_are_idempotent_on_synthesized_damage() {
    let clean = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean");
    let chains = Chain::cjk_chains();
    let fixers: Vec<(&str, Fixer)> = Config::PRESETS
        .iter()
        .map(|&p| (p, Fixer::new(Config::preset(p).unwrap())))
        .collect();
    // Per preset: [one level, two levels] × (lines, not idempotent).
    let mut counts = vec![[(0usize, 0usize); 2]; fixers.len()];
    let mut failures = Vec::new();
    for lang in ["zh-Hans", "zh-Hant", "ja", "ko"] {
        let Ok(text) = std::fs::read_to_string(format!("{clean}/{lang}.txt")) else {
            eprintln!("SKIPPED: {clean}/{lang}.txt not found");
            return;
        };
        let mut rng = Rng::new(0x1de3_u64 ^ lang.len() as u64);
        for line in text.lines().take(LINES) {
            for damaged in one_and_two_levels(line, &chains, &mut rng) {
                let level = usize::from(damaged.then.is_some());
                for (i, (name, fixer)) in fixers.iter().enumerate() {
                    let fixed = fixer.fix(&damaged.text);
                    let again = fixer.fix(&fixed);
                    counts[i][level].0 += 1;
                    if again != fixed {
                        counts[i][level].1 += 1;
                        failures.push(format!(
                            "{name} {lang} {damaged}: {:?}\n  once  {fixed:?}\n  twice {again:?}",
                            damaged.text
                        ));
                    }
                }
            }
        }
    }
    for (i, (name, _)) in fixers.iter().enumerate() {
        let [(n1, b1), (n2, b2)] = counts[i];
        eprintln!(
            "{name}: not idempotent on {b1} of {n1} one-level and {b2} of {n2} two-level damaged lines"
        );
        // Every preset saw damage of both kinds.
        assert!(n1 > 10_000 && n2 > 1_000, "{name}: too few damaged lines");
    }
    let first: Vec<&str> = failures.iter().take(5).map(String::as_str).collect();
    assert!(
        failures.is_empty(),
        "{} lines not idempotent, the first:\n{}",
        failures.len(),
        first.join("\n")
    );
}
