//! Throughput of s2t (on Simplified text) and t2s (on Traditional text) over
//! ≥ 10 MB: the clean zh-Hans / zh-Hant corpora (`../shared/data/clean`, or
//! `MOJIFIX_CLEAN_DIR`) repeated in memory; OpenCC's test inputs when absent.
//!
//! ```text
//! cargo bench -p mojifix-zh --bench convert
//! # with zhconv and ferrous-opencc in the same run:
//! RUSTFLAGS="--cfg mojifix_zh_bench_compare" cargo bench -p mojifix-zh --bench convert
//! ```
//! `scripts/opencc_bench.py` measures the Python OpenCC 1.4.2 binding on the same text.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mojifix_zh::{ConfigName, Converter};
use std::time::Duration;

const TARGET_BYTES: usize = 10 * 1024 * 1024;

fn corpus(name: &str) -> String {
    let dir = match std::env::var_os("MOJIFIX_CLEAN_DIR") {
        Some(d) => std::path::PathBuf::from(d),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/clean"),
    };
    let base = match std::fs::read_to_string(dir.join(name)) {
        Ok(t) => t,
        Err(_) => {
            eprintln!(
                "notice: {} not found, using OpenCC's test inputs",
                dir.join(name).display()
            );
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../data/opencc/testcases/testcases.json"
            );
            std::fs::read_to_string(path).unwrap()
        }
    };
    let mut text = String::with_capacity(TARGET_BYTES + base.len());
    while text.len() < TARGET_BYTES {
        text.push_str(&base);
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    text
}

fn bench(c: &mut Criterion) {
    for (config, file) in [
        (ConfigName::S2t, "zh-Hans.txt"),
        (ConfigName::T2s, "zh-Hant.txt"),
    ] {
        let text = corpus(file);
        let conv = Converter::get(config);
        let mut g = c.benchmark_group(config.as_str());
        g.sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(4))
            .throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("mojifix-zh", file), &text, |b, t| {
            b.iter(|| conv.convert(t).len())
        });
        let mut out = String::with_capacity(text.len() * 2);
        g.bench_with_input(
            BenchmarkId::new("mojifix-zh/stream-64KiB", file),
            &text,
            |b, t| {
                b.iter(|| {
                    out.clear();
                    let mut s = conv.stream();
                    let mut rest = t.as_str();
                    while !rest.is_empty() {
                        let mut cut = rest.len().min(64 * 1024);
                        while !rest.is_char_boundary(cut) {
                            cut += 1;
                        }
                        s.push(&rest[..cut], &mut out);
                        rest = &rest[cut..];
                    }
                    s.finish(&mut out);
                    out.len()
                })
            },
        );
        #[cfg(mojifix_zh_bench_compare)]
        {
            let variant = match config {
                ConfigName::S2t => zhconv::Variant::ZhHant,
                _ => zhconv::Variant::ZhHans,
            };
            let _ = zhconv::zhconv("预热", variant);
            g.bench_with_input(BenchmarkId::new("zhconv", file), &text, |b, t| {
                b.iter(|| zhconv::zhconv(t, variant).len())
            });
            let builtin = match config {
                ConfigName::S2t => ferrous_opencc::config::BuiltinConfig::S2t,
                _ => ferrous_opencc::config::BuiltinConfig::T2s,
            };
            let fo = ferrous_opencc::OpenCC::from_config(builtin).unwrap();
            g.bench_with_input(BenchmarkId::new("ferrous-opencc", file), &text, |b, t| {
                b.iter(|| fo.convert(t).len())
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
