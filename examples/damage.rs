//! Damages clean text with one of the CJK chains of `mojifix::damage`, as
//! the damage report does: one JSON line per input line that the chain
//! changes, `{"chain", "original", "garbled", "expected"}`, where `expected`
//! is the best any repair can give (the original with U+FFFD for each
//! character whose bytes were lost).
//!
//! ```text
//! cargo run --release --example damage -- 'utf-8 read as big5 (windows)' < ../shared/data/clean/zh-Hant.txt
//! cargo run --release --example damage -- --list
//! ```

use std::io::{BufRead, Write};

use mojifix::damage::Chain;

fn main() {
    let name = std::env::args().nth(1).unwrap_or_else(|| "--list".into());
    let mut chains = Chain::cjk_chains();
    chains.extend(Chain::cross_legacy_chains());
    if name == "--list" {
        for chain in chains {
            println!("{chain}");
        }
        return;
    }
    let Some(chain) = chains.into_iter().find(|c| c.to_string() == name) else {
        eprintln!("damage: no chain named {name:?}; --list names them");
        std::process::exit(2);
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else {
            eprintln!("damage: input is not UTF-8");
            std::process::exit(1);
        };
        let Some(garbled) = chain.apply(&line).filter(|g| *g != line) else {
            continue;
        };
        let expected = chain.determined_text(&line).unwrap_or_else(|| line.clone());
        let record = serde_json::json!({
            "chain": chain.to_string(),
            "original": line,
            "garbled": garbled,
            "expected": expected,
        });
        if writeln!(out, "{record}").is_err() {
            return;
        }
    }
}
