//! `corpus/real/cases.jsonl`: mojibake that people posted (issue threads,
//! files committed to public repositories), a held-out check for the CJK
//! repairs, which are otherwise measured on damage synthesized from
//! ../shared/data/clean. See `corpus/real/PROVENANCE.md`.
//!
//! One JSON object per line, either a case
//! `{garbled, original, chain, lang, source_url, source, note, model?, lossy?, expected?}`
//! or a clean trap `{clean, source_url, source}` that must come out unchanged.
//!
//! * `chain`: how the text was damaged, as established by hand (some chains,
//!   such as a Windows console dropping the last bytes of a line, have no
//!   simulation in `mojifix::damage`);
//! * `model`: the `mojifix::damage::Chain` that turns `original` into
//!   `garbled` exactly, when one does (checked by `data_is_consistent`);
//! * `expected`: for lossy damage, the best any repair can do: `original`
//!   with U+FFFD for each character whose bytes were lost. With a `model` it
//!   is `Chain::determined`; without one it was written by hand.
//!
//! `MOJIFIX_BLESS=1` fills `model`, `lossy` and `expected` from the damage
//! simulation (hand-written `expected` of unmodeled cases are kept).

use std::collections::BTreeMap;

use mojifix::damage::{fills_agree, Chain};
use mojifix::{Config, Fixer};
use serde_json::{json, Value};

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/real/cases.jsonl");

/// Floors for the exact-match rates of the first collection (the first
/// `FIRST_COLLECTION` lines: 144 cases, 30 traps), measured when it was
/// collected (see PROVENANCE.md); a regression below them fails.
const LOSSLESS_FLOOR: f64 = 0.917; // 65 of 73 when collected; 67 with the leading chain of a short single-byte line
const LOSSY_FLOOR: f64 = 0.746; // 14 of 71 when collected; 38 with Windows marks before ASCII as holes and restore_dropped_bytes; 45 with lost leads and trails in the CJK single-byte direction; 49 with restore_dropped_bytes before decode_inconsistent_utf8; 50 with every code page 932 `・` in a run a hole; 53 with a lost `81` before an ASCII trail after kana

/// The lines of the first collection; the second (34 cases, 19 traps from
/// other threads) follows them, and the floors below hold for the first two
/// collections together (the lines before `THIRD_COLLECTION`).
const FIRST_COLLECTION: usize = 174;
const FIRST_TWO_LOSSLESS_FLOOR: f64 = 0.894; // 93 of 104 when the second collection was added
const FIRST_TWO_LOSSY_FLOOR: f64 = 0.743; // 54 of 74 when the second collection was added; 55 with C1-stripped text read whole from one sure character (`å¤ªæ£äº`)

/// The third collection (93 cases, 15 traps from 48 other sources, see
/// PROVENANCE.md) starts at this line; its floors are its own rates when it
/// was collected, before any change made for it.
const THIRD_COLLECTION: usize = 227;
const THIRD_LOSSLESS_FLOOR: f64 = 0.907; // 59 of 65 when collected
const THIRD_LOSSY_FLOOR: f64 = 0.464; // 13 of 28 when collected

fn load() -> Vec<Value> {
    std::fs::read_to_string(CASES)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn s<'a>(case: &'a Value, key: &str) -> Option<&'a str> {
    case.get(key).and_then(Value::as_str)
}

/// The damage chain that turns `original` into `garbled` exactly.
fn model_of(original: &str, garbled: &str) -> Option<Chain> {
    Chain::cjk_chains()
        .into_iter()
        .find(|chain| chain.apply(original).as_deref() == Some(garbled))
}

fn chain_named(name: &str) -> Chain {
    Chain::cjk_chains()
        .into_iter()
        .find(|c| c.to_string() == name)
        .unwrap_or_else(|| panic!("no damage chain named {name:?}"))
}

/// What a perfect repair of the case gives.
fn target(case: &Value) -> &str {
    s(case, "expected").unwrap_or_else(|| s(case, "original").unwrap())
}

fn is_lossy(case: &Value) -> bool {
    case.get("lossy").and_then(Value::as_bool).unwrap_or(false)
}

#[test]
fn data_is_consistent() {
    let bless = std::env::var_os("MOJIFIX_BLESS").is_some();
    let mut cases = load();
    // The first collection's floors are for its own lines: 144 cases and
    // 30 traps, which later collections follow.
    let first_traps = cases[..FIRST_COLLECTION]
        .iter()
        .filter(|c| c.get("clean").is_some())
        .count();
    assert_eq!(first_traps, 30, "the first collection moved");
    let first_two_traps = cases[..THIRD_COLLECTION]
        .iter()
        .filter(|c| c.get("clean").is_some())
        .count();
    assert_eq!(first_two_traps, 49, "the second collection moved");
    let mut problems = Vec::new();
    for case in &mut cases {
        if case.get("clean").is_some() {
            continue;
        }
        let garbled = s(case, "garbled").unwrap().to_owned();
        let original = s(case, "original").unwrap().to_owned();
        assert_ne!(garbled, original, "a case must be damaged: {garbled:?}");
        if bless {
            if let Some(chain) = model_of(&original, &garbled) {
                case["model"] = json!(chain.to_string());
                let lossy = chain.is_lossy_on(&original);
                case["lossy"] = json!(lossy);
                if lossy {
                    case["expected"] = json!(chain.determined_text(&original));
                } else if let Some(map) = case.as_object_mut() {
                    map.remove("expected");
                }
            } else {
                if let Some(map) = case.as_object_mut() {
                    map.remove("model");
                    if map.get("expected").and_then(Value::as_str) == Some(original.as_str()) {
                        map.remove("expected");
                    }
                }
                let lossy = case.get("expected").is_some();
                case["lossy"] = json!(lossy);
            }
        }
        match s(case, "model") {
            Some(name) => {
                let chain = chain_named(name);
                if chain.apply(&original).as_deref() != Some(garbled.as_str()) {
                    problems.push(format!(
                        "{name} does not turn {original:?} into {garbled:?}"
                    ));
                }
                if chain.is_lossy_on(&original) {
                    if s(case, "expected") != chain.determined_text(&original).as_deref() {
                        problems.push(format!(
                            "expected of {garbled:?} is not {name}'s determined text"
                        ));
                    }
                } else if case.get("expected").is_some() {
                    problems.push(format!("lossless {garbled:?} has an expected"));
                }
            }
            None => {
                // Damage `mojifix::damage` does not simulate: `expected` was
                // derived outside (PROVENANCE.md) and marks the lost
                // characters; `lossy` says whether there is one.
                if is_lossy(case) != case.get("expected").is_some() {
                    problems.push(format!("{garbled:?}: lossy and expected disagree"));
                }
                if s(case, "expected") == Some(original.as_str()) {
                    problems.push(format!("{garbled:?}: expected equals original"));
                }
            }
        }
    }
    if bless {
        let mut out = String::new();
        for case in &cases {
            out.push_str(&case.to_string());
            out.push('\n');
        }
        std::fs::write(CASES, out).unwrap();
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[derive(Default)]
struct Tally {
    total: usize,
    exact: usize,
}

fn rate(t: &Tally) -> f64 {
    if t.total == 0 {
        1.0
    } else {
        t.exact as f64 / t.total as f64
    }
}

#[test]
fn real_cases() {
    let cases = load();
    let mut by_chain: BTreeMap<(bool, String), Tally> = BTreeMap::new();
    let mut by_lang: BTreeMap<String, Tally> = BTreeMap::new();
    let (mut lossless, mut lossy) = (Tally::default(), Tally::default());
    let (mut first_lossless, mut first_lossy) = (Tally::default(), Tally::default());
    let (mut first_two_lossless, mut first_two_lossy) = (Tally::default(), Tally::default());
    let (mut third_lossless, mut third_lossy) = (Tally::default(), Tally::default());
    let mut third_by_chain: BTreeMap<(bool, String), Tally> = BTreeMap::new();
    let (mut third_traps, mut third_trap_changes) = (0, 0);
    let mut failures = Vec::new();
    let mut trap_changes = Vec::new();
    // Traps mojifix is known to change, reported (not asserted) until fixed;
    // see PROVENANCE.md.
    let mut known = Vec::new();
    let (mut unchanged_wrong, mut traps) = (0, 0);
    // A clean trap may still be normalized (halfwidth ｡ becomes 。 in the
    // default preset); what it must not get is an encoding repair. So its
    // output must equal the default preset's with both encoding repairs off.
    let no_repair = Fixer::new(Config {
        fix_encoding: false,
        fix_cjk_encoding: false,
        ..Config::default()
    });
    for (line, case) in cases.iter().enumerate() {
        if let Some(clean) = s(case, "clean") {
            traps += 1;
            let got = mojifix::fix_text(clean);
            let normalized = no_repair.fix(clean);
            if line >= THIRD_COLLECTION {
                third_traps += 1;
                third_trap_changes += (got != normalized) as usize;
            }
            if got != normalized {
                if let Some(why) = s(case, "known_failure") {
                    known.push(format!("  clean: {clean}\n  got:   {got}\n  ({why})"));
                    continue;
                }
                trap_changes.push(format!(
                    "  clean:    {clean}\n  expected: {normalized}\n  got:      {got}"
                ));
            }
            continue;
        }
        let garbled = s(case, "garbled").unwrap();
        let want = target(case);
        let got = mojifix::fix_text(garbled);
        // A lost character filled by plausibility, and rightly, beats the
        // U+FFFD of `expected`: the output may hold the original's
        // character wherever `expected` holds U+FFFD.
        let ok = got == want || fills_agree(&got, want, s(case, "original").unwrap());
        let is_lossy = is_lossy(case);
        let chain = s(case, "chain").unwrap().to_owned();
        for t in [
            by_chain.entry((is_lossy, chain.clone())).or_default(),
            by_lang
                .entry(s(case, "lang").unwrap().to_owned())
                .or_default(),
            if is_lossy { &mut lossy } else { &mut lossless },
        ] {
            t.total += 1;
            t.exact += ok as usize;
        }
        let mut tallies = Vec::new();
        if line < FIRST_COLLECTION {
            tallies.push(if is_lossy {
                &mut first_lossy
            } else {
                &mut first_lossless
            });
        }
        if line < THIRD_COLLECTION {
            tallies.push(if is_lossy {
                &mut first_two_lossy
            } else {
                &mut first_two_lossless
            });
        } else {
            tallies.push(if is_lossy {
                &mut third_lossy
            } else {
                &mut third_lossless
            });
            tallies.push(third_by_chain.entry((is_lossy, chain.clone())).or_default());
        }
        for t in tallies {
            t.total += 1;
            t.exact += ok as usize;
        }
        if !ok {
            if got == garbled {
                unchanged_wrong += 1;
            }
            failures.push(format!(
                "[{chain}{}] {}\n  garbled:  {garbled}\n  expected: {want}\n  got:      {got}",
                if is_lossy { ", lossy" } else { "" },
                if got == garbled {
                    "left unchanged"
                } else {
                    "changed"
                },
            ));
        }
    }
    // Per chain, `[lossy]` marked.
    let print_chains = |rows: &BTreeMap<(bool, String), Tally>| {
        for ((is_lossy, chain), t) in rows {
            println!(
                "  {:>3}/{:<3} {:6.1}%  {chain}{}",
                t.exact,
                t.total,
                100.0 * rate(t),
                if *is_lossy { " [lossy]" } else { "" }
            );
        }
    };
    println!("real cases, mojifix::fix_text (default preset), exact matches:");
    print_chains(&by_chain);
    println!("by language:");
    for (lang, t) in &by_lang {
        println!(
            "  {:>3}/{:<3} {:6.1}%  {lang}",
            t.exact,
            t.total,
            100.0 * rate(t)
        );
    }
    println!(
        "lossless: {}/{} = {:.1}%   lossy (vs expected): {}/{} = {:.1}%",
        lossless.exact,
        lossless.total,
        100.0 * rate(&lossless),
        lossy.exact,
        lossy.total,
        100.0 * rate(&lossy)
    );
    println!(
        "first collection: lossless {}/{}, lossy {}/{}",
        first_lossless.exact, first_lossless.total, first_lossy.exact, first_lossy.total
    );
    println!(
        "first two collections: lossless {}/{}, lossy {}/{}",
        first_two_lossless.exact,
        first_two_lossless.total,
        first_two_lossy.exact,
        first_two_lossy.total
    );
    println!("third collection, by chain:");
    print_chains(&third_by_chain);
    println!(
        "third collection: lossless {}/{}, lossy {}/{}, clean traps changed {third_trap_changes} of {third_traps}",
        third_lossless.exact, third_lossless.total, third_lossy.exact, third_lossy.total
    );
    println!(
        "failures: {} ({} left unchanged, {} changed to something else)",
        failures.len(),
        unchanged_wrong,
        failures.len() - unchanged_wrong
    );
    for f in &failures {
        println!("{f}");
    }
    println!(
        "clean traps: {} of {traps} changed, plus {} known false positive(s):",
        trap_changes.len(),
        known.len()
    );
    for k in &known {
        println!("{k}");
    }
    assert!(
        trap_changes.is_empty(),
        "clean text changed:\n{}",
        trap_changes.join("\n")
    );
    // Each collection's floors hold for the lines they were set on.
    for (name, kind, tally, floor) in [
        (
            "first collection",
            "lossless",
            &first_lossless,
            LOSSLESS_FLOOR,
        ),
        ("first collection", "lossy", &first_lossy, LOSSY_FLOOR),
        (
            "first two collections",
            "lossless",
            &first_two_lossless,
            FIRST_TWO_LOSSLESS_FLOOR,
        ),
        (
            "first two collections",
            "lossy",
            &first_two_lossy,
            FIRST_TWO_LOSSY_FLOOR,
        ),
        (
            "third collection",
            "lossless",
            &third_lossless,
            THIRD_LOSSLESS_FLOOR,
        ),
        ("third collection", "lossy", &third_lossy, THIRD_LOSSY_FLOOR),
    ] {
        assert!(
            rate(tally) >= floor,
            "{name}: {kind} exact rate {:.4} fell below the floor {floor}",
            rate(tally)
        );
    }
}
