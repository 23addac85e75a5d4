//! The default preset changes no line of clean text in any language
//! (../shared/data/clean, when present).
//!
//! The corpora are real text, and a few lines in them are themselves damaged.
//! Those are listed in corpus/clean_known_damage.jsonl with the repair they
//! must get; every other line must come back unchanged.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;

use mojifix::{Config, Fixer};

#[test]
fn default_preset_changes_no_clean_line() {
    let Some(dir) = common::clean_dir() else {
        println!("{}", common::NO_CORPORA);
        return;
    };
    let fixer = Fixer::new(Config::default());
    let known: HashMap<(String, String), String> = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/clean_known_damage.jsonl"
    ))
    .unwrap()
    .lines()
    .map(|l| {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let s = |k: &str| v[k].as_str().unwrap().to_owned();
        ((s("file"), s("original")), s("fixed"))
    })
    .collect();
    let mut known_seen = 0;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 4,
        "expected the clean corpora in {}",
        dir.display()
    );
    let mut total_lines = 0;
    let mut changed = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut file_changed = 0;
        for line in text.lines() {
            total_lines += 1;
            let fixed = fixer.fix(line);
            if let Some(want) = known.get(&(name.clone(), line.to_owned())) {
                assert_eq!(
                    &*fixed, want,
                    "known damaged line in {name} not repaired as expected"
                );
                known_seen += 1;
                continue;
            }
            if fixed != line {
                file_changed += 1;
                if changed.len() < 20 {
                    changed.push(format!("{}: {:?}\n  -> {:?}", path.display(), line, fixed));
                }
            }
        }
        println!(
            "{}: {} lines changed",
            path.file_name().unwrap().to_string_lossy(),
            file_changed
        );
    }
    println!("{total_lines} clean lines checked; {known_seen} known damaged lines repaired");
    assert_eq!(
        known_seen,
        known.len(),
        "every listed damaged line is in the corpus"
    );
    assert!(
        changed.is_empty(),
        "the default preset changed clean lines:\n{}",
        changed.join("\n")
    );
}
