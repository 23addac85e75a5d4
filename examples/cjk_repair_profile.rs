//! Where the CJK repair spends its time on damaged lines: per chain, the
//! time of `Fixer::fix` and of `fix_cjk_encoding` alone on the damaged line
//! and on its repair (which the Fixer's confirming round runs), best of
//! CALLS each; or, with `--loops`, `fix_cjk_encoding` alone over all lines
//! (best of LOOPS passes, MB/s; for `perf`), `Fixer::fix` with `--fixer`.
//!
//!     cargo run --release --example cjk_repair_profile -- FILE [--against CLEAN] [--only TEXT] [--calls N] [--loops N [--fixer]]
//!     cargo run --release --example cjk_repair_profile -- \
//!         target/bench-inputs/damaged_cjk_10pct.txt --against target/bench-inputs/clean_cjk.txt
//!
//! `--against` keeps only the lines of FILE that differ from the same line
//! of CLEAN (the damaged lines of the bench input); `--only TEXT` only the
//! lines whose repair names a chain containing TEXT (`--only utf-8`: the
//! lines of the UTF-8 direction, say for `perf` with `--loops`).

use std::time::Instant;

use mojifix::mojibake::cjk::fix_cjk_encoding;
use mojifix::{Action, Fixer};

fn best<F: FnMut()>(calls: usize, mut f: F) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..calls {
        let start = Instant::now();
        f();
        best = best.min(start.elapsed().as_secs_f64());
    }
    best
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args
        .first()
        .expect("usage: FILE [--against CLEAN] [--only TEXT] [--calls N] [--loops N [--fixer]]");
    let option = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .map(|i| args.get(i + 1).expect("a value").clone())
    };
    let calls: usize = option("--calls").map_or(5, |s| s.parse().expect("--calls N"));
    let text = std::fs::read_to_string(file).expect("FILE");
    let text = match option("--against") {
        Some(clean) => {
            let clean = std::fs::read_to_string(clean).expect("CLEAN");
            let mut damaged = String::new();
            for (line, original) in text.lines().zip(clean.lines()) {
                if line != original {
                    damaged.push_str(line);
                    damaged.push('\n');
                }
            }
            damaged
        }
        None => text,
    };
    let fixer = Fixer::default();
    let chain_of = |line: &str| {
        let chain = fixer
            .fix_and_explain(line)
            .changes
            .iter()
            .flat_map(|c| c.steps.iter())
            .filter(|s| s.action == Action::Undid)
            .map(|s| s.name.to_string())
            .collect::<Vec<_>>()
            .join(" + ");
        if chain.is_empty() {
            "(none)".to_string()
        } else {
            chain
        }
    };
    let text = match option("--only") {
        Some(only) => text
            .lines()
            .filter(|line| chain_of(line).contains(only.as_str()))
            .flat_map(|line| [line, "\n"])
            .collect(),
        None => text,
    };
    if let Some(loops) = option("--loops") {
        let loops: usize = loops.parse().expect("--loops N");
        let lines: Vec<&str> = text.lines().collect();
        let whole = args.iter().any(|a| a == "--fixer");
        let t = best(loops, || {
            for line in &lines {
                if whole {
                    std::hint::black_box(fixer.fix(std::hint::black_box(line)));
                } else {
                    std::hint::black_box(fix_cjk_encoding(
                        std::hint::black_box(line),
                        &mut Vec::new(),
                    ));
                }
            }
        });
        println!(
            "{}: {:.1} MB/s on {} lines",
            if whole {
                "Fixer::fix"
            } else {
                "fix_cjk_encoding alone"
            },
            text.len() as f64 / t / 1e6,
            lines.len()
        );
        return;
    }
    // chain -> (lines, bytes, fix secs, cjk on damaged secs, cjk on fixed secs)
    let mut rows: Vec<(String, usize, usize, f64, f64, f64)> = Vec::new();
    for line in text.lines() {
        let chain = chain_of(line);
        let fixed = fixer.fix(line).into_owned();
        let t_fix = best(calls, || {
            std::hint::black_box(fixer.fix(std::hint::black_box(line)));
        });
        let t_dam = best(calls, || {
            std::hint::black_box(fix_cjk_encoding(
                std::hint::black_box(line),
                &mut Vec::new(),
            ));
        });
        let t_fixed = best(calls, || {
            std::hint::black_box(fix_cjk_encoding(
                std::hint::black_box(&fixed),
                &mut Vec::new(),
            ));
        });
        match rows.iter_mut().find(|r| r.0 == chain) {
            Some(r) => {
                r.1 += 1;
                r.2 += line.len();
                r.3 += t_fix;
                r.4 += t_dam;
                r.5 += t_fixed;
            }
            None => rows.push((chain, 1, line.len(), t_fix, t_dam, t_fixed)),
        }
    }
    rows.sort_by(|a, b| b.3.total_cmp(&a.3));
    let (mut n, mut bytes, mut tf, mut td, mut tx) = (0, 0, 0.0, 0.0, 0.0);
    println!(
        "{:>5} {:>8} {:>9} {:>9} {:>9}  chain",
        "lines", "bytes", "fix ms", "cjk ms", "again ms"
    );
    for (chain, l, b, f, d, x) in &rows {
        println!(
            "{l:5} {b:8} {:9.3} {:9.3} {:9.3}  {chain}",
            f * 1e3,
            d * 1e3,
            x * 1e3
        );
        n += l;
        bytes += b;
        tf += f;
        td += d;
        tx += x;
    }
    println!(
        "{n:5} {bytes:8} {:9.3} {:9.3} {:9.3}  total; fix {:.1} MB/s",
        tf * 1e3,
        td * 1e3,
        tx * 1e3,
        bytes as f64 / tf / 1e6
    );
}
