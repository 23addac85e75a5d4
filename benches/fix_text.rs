//! Throughput of mojifix vs plsfix on the same three inputs.
//!
//! Inputs come from `python3 tools/make_bench_inputs.py`, which writes
//! `target/bench-inputs/{clean_en,clean_zh,damaged_10pct}.txt`; the Python
//! ftfy numbers come from `scripts/bench_ftfy.py` on the same files.
//!
//!     python3 tools/make_bench_inputs.py
//!     RUSTFLAGS="--cfg mojifix_bench_compare" cargo bench --bench fix_text
//!     python3 scripts/bench_ftfy.py
//!
//! Without `--cfg mojifix_bench_compare` the plsfix functions are left out
//! (plsfix pulls in all of ICU4X's data; see Cargo.toml), and the bench times
//! mojifix alone.
//!
//! Each iteration feeds the whole input (~1.5 MB, one paragraph per line) as
//! one string; mojifix, plsfix and ftfy all split it into lines internally.
//! Groups are per input; functions are `mojifix/default` (`mojifix::fix_text`),
//! `mojifix/ftfy` (`Fixer::new(Config::ftfy())`, built once) and
//! `plsfix/default` (`plsfix::fix_text` with `TextFixerConfig::default()`).
//! Throughput is reported per byte of UTF-8 input.
//!
//! `MOJIFIX_BENCH_DUMP=DIR` switches to dump mode (see [`dump`]).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};

const INPUTS: [&str; 5] = [
    "clean_en",
    "clean_zh",
    "damaged_10pct",
    "clean_cjk",
    "damaged_cjk_10pct",
];

mod common;
use common::load;

fn bench(c: &mut Criterion) {
    let ftfy_fixer = mojifix::Fixer::new(mojifix::Config::ftfy());
    #[cfg(mojifix_bench_compare)]
    let pls_config = plsfix::TextFixerConfig::default();
    // Load every input first, so a missing file fails before any timing.
    let inputs: Vec<(&str, String)> = INPUTS.iter().map(|&name| (name, load(name))).collect();
    for (name, text) in inputs {
        let mut group = c.benchmark_group(name);
        group
            .throughput(Throughput::Bytes(text.len() as u64))
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        group.bench_with_input(BenchmarkId::new("mojifix", "default"), &text, |b, t| {
            b.iter(|| black_box(mojifix::fix_text(black_box(t))))
        });
        group.bench_with_input(BenchmarkId::new("mojifix", "ftfy"), &text, |b, t| {
            b.iter(|| black_box(ftfy_fixer.fix(black_box(t))))
        });
        #[cfg(mojifix_bench_compare)]
        group.bench_with_input(BenchmarkId::new("plsfix", "default"), &text, |b, t| {
            b.iter(|| black_box(plsfix::fix_text(black_box(t), Some(&pls_config))))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);

/// `MOJIFIX_BENCH_DUMP=DIR cargo bench --bench fix_text` writes the
/// `Config::ftfy()` output for each input to `DIR/<input>.ftfy.txt` and exits
/// without benchmarking (used by `scripts/bench_ftfy.py` to compare with ftfy).
fn dump(dir: &str) {
    let fixer = mojifix::Fixer::new(mojifix::Config::ftfy());
    for name in INPUTS {
        let out = fixer.fix(&load(name)).into_owned();
        let path = std::path::Path::new(dir).join(format!("{name}.ftfy.txt"));
        std::fs::write(&path, out).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    }
}

fn main() {
    if let Some(dir) = std::env::var_os("MOJIFIX_BENCH_DUMP") {
        dump(dir.to_str().expect("MOJIFIX_BENCH_DUMP must be UTF-8"));
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
