//! Throughput of each preset on clean Chinese, Japanese and Korean text
//! (../shared/data/clean/{zh-Hans,zh-Hant,ja,ko}.txt, each file as one string), and
//! of autocorrect's `format()` on the same text in the same run.
//!
//!     cargo bench --bench presets
//!     RUSTFLAGS="--cfg mojifix_bench_compare" cargo bench --bench presets   # + autocorrect
//!
//! autocorrect (crates.io `autocorrect` 2.x) pulls in pest grammars for ~40
//! languages, regex, serde_yaml and `ignore`, so it is only built with
//! `--cfg mojifix_bench_compare`. Targets (issue 5): ≥ 300 MB/s for
//! `default` and `index`, ≥ 100 MB/s for `display`; (issue 7) ≥ 200 MB/s for
//! `corpus` on clean text. Throughput is per byte of UTF-8 input.
//! `cargo bench --bench presets -- corpus` runs one preset's benchmarks.
//!
//! `MOJIFIX_BENCH_NO_CJK_REPAIR=1` turns `fix_cjk_encoding` off in every
//! preset, to time the rest of the pipeline on its own. On a loaded machine,
//! `examples/preset_throughput` (best of N calls) compares two builds more
//! steadily than criterion's mean.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mojifix::{Config, Fixer};

const INPUTS: [&str; 4] = ["zh-Hans", "zh-Hant", "ja", "ko"];

fn load(name: &str) -> Option<String> {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "..",
        "shared",
        "data",
        "clean",
        &format!("{name}.txt"),
    ]
    .iter()
    .collect();
    std::fs::read_to_string(path).ok()
}

fn bench(c: &mut Criterion) {
    let fixers: Vec<(&str, Fixer)> = ["default", "display", "index", "corpus", "ftfy"]
        .into_iter()
        .map(|p| {
            let mut config = Config::preset(p).expect("preset");
            if std::env::var_os("MOJIFIX_BENCH_NO_CJK_REPAIR").is_some() {
                config.fix_cjk_encoding = false;
            }
            (p, Fixer::new(config))
        })
        .collect();
    for name in INPUTS {
        let Some(text) = load(name) else {
            eprintln!("SKIPPED: ../shared/data/clean/{name}.txt not found");
            continue;
        };
        let mut group = c.benchmark_group(format!("presets/{name}"));
        group
            .throughput(Throughput::Bytes(text.len() as u64))
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        for (preset, fixer) in &fixers {
            group.bench_with_input(BenchmarkId::new("mojifix", preset), &text, |b, t| {
                b.iter(|| black_box(fixer.fix(black_box(t))))
            });
        }
        #[cfg(mojifix_bench_compare)]
        group.bench_with_input(BenchmarkId::new("autocorrect", "format"), &text, |b, t| {
            b.iter(|| black_box(autocorrect::format(black_box(t))))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
