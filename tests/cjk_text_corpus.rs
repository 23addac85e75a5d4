//! Every preset over every line of ../shared/data/clean (when present):
//! idempotent on real text, and how many clean lines each preset changes
//! (printed; run with `--nocapture`). `default` must change none — that is
//! asserted by tests/clean_corpus.rs.

use std::path::PathBuf;

use mojifix::{Config, Fixer};

#[test]
fn presets_on_clean_corpora() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean"));
    if !dir.is_dir() {
        println!("SKIPPED: ../shared/data/clean not found");
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for preset in Config::PRESETS {
        let fixer = Fixer::new(Config::preset(preset).unwrap());
        let mut total = 0;
        let mut changed_total = 0;
        let mut per_file = Vec::new();
        let mut per_fixer: std::collections::BTreeMap<&str, (usize, Vec<String>)> =
            Default::default();
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap();
            let mut changed = 0;
            for line in text.lines() {
                total += 1;
                let once = fixer.fix(line);
                if once != line {
                    changed += 1;
                    let twice = fixer.fix(&once);
                    assert_eq!(twice, once, "{preset} is not idempotent on {line:?}");
                    if *preset == "display" {
                        for c in fixer.fix_and_explain(line).changes {
                            let e = per_fixer.entry(c.fixer).or_default();
                            e.0 += 1;
                            if e.1.len() < 6 && std::env::var_os("MOJIFIX_SHOW").is_some() {
                                e.1.push(format!("{:?}\n      -> {:?}", c.before, c.after));
                            }
                        }
                    }
                }
            }
            changed_total += changed;
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            per_file.push(format!("{name} {changed}"));
        }
        println!(
            "{preset}: {changed_total} of {total} clean lines changed ({})",
            per_file.join(", ")
        );
        for (fixer, (n, samples)) in per_fixer {
            println!("  {fixer}: {n} changes");
            for s in samples {
                println!("    {s}");
            }
        }
    }
}
