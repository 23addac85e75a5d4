//! Throughput of the web-scrape repairs (issue 7).
//!
//!     python3 tools/make_bench_inputs.py
//!     cargo bench --bench scrape
//!
//! * `scrape_clean/<input>`: the `corpus` preset, `display` (what `corpus`
//!   builds on), `default` with only the two scrape fixers switched on
//!   (`default+scrape`, what they cost on clean text), and `default`, on the
//!   clean inputs that
//!   `tools/make_bench_inputs.py` writes into `target/bench-inputs/`.
//! * `scrape_damaged/<kind>`: each fixer alone on damaged text made from
//!   `clean_zh.txt` by the synthesizers (`mojifix::scrape::synth`), every line
//!   damaged: pinyin leaks, and one lost GBK byte per line.
//!
//! Throughput is per byte of UTF-8 input.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mojifix::damage::Rng;
use mojifix::mojibake::cjk::legacy::Legacy;
use mojifix::scrape::synth::{drop_byte, leak_pinyin};
use mojifix::{Config, Fixer};

mod common;
use common::load;

fn configure(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
}

fn clean(c: &mut Criterion) {
    let corpus = Fixer::new(Config::corpus());
    let mut config = Config::default();
    config.set("inline_pinyin", true).unwrap();
    config.set("double_byte_resync", true).unwrap();
    let scrape = Fixer::new(config);
    let default = Fixer::default();
    let display = Fixer::new(Config::display());
    for name in ["clean_en", "clean_zh", "clean_cjk"] {
        let text = load(name);
        let mut group = c.benchmark_group(format!("scrape_clean/{name}"));
        configure(&mut group);
        group.throughput(Throughput::Bytes(text.len() as u64));
        for (label, fixer) in [
            ("corpus", &corpus),
            ("display", &display),
            ("default+scrape", &scrape),
            ("default", &default),
        ] {
            group.bench_with_input(BenchmarkId::new("mojifix", label), &text, |b, t| {
                b.iter(|| black_box(fixer.fix(black_box(t))))
            });
        }
        group.finish();
    }
}

fn damaged(c: &mut Criterion) {
    let clean = load("clean_zh");
    let mut leaked = String::with_capacity(clean.len() * 2);
    let mut lost = String::with_capacity(clean.len());
    for (i, line) in clean.lines().enumerate() {
        let mut rng = Rng::new(i as u64);
        leaked.push_str(leak_pinyin(line, &mut rng).as_deref().unwrap_or(line));
        leaked.push('\n');
        let damage = drop_byte(line, Legacy::Gbk, false, &mut rng);
        lost.push_str(damage.as_ref().map_or(line, |d| d.damaged.as_str()));
        lost.push('\n');
    }
    let mut group = c.benchmark_group("scrape_damaged");
    configure(&mut group);
    group.throughput(Throughput::Bytes(leaked.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("inline_pinyin", "every_line_leaked"),
        &leaked,
        |b, t| b.iter(|| black_box(mojifix::scrape::remove_inline_pinyin(black_box(t)))),
    );
    group.throughput(Throughput::Bytes(lost.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("double_byte_resync", "every_line_lost_a_gbk_byte"),
        &lost,
        |b, t| {
            b.iter(|| {
                // The fixer sees one line at a time, as in the Fixer.
                for line in t.lines() {
                    black_box(mojifix::scrape::resync_double_byte(black_box(line)));
                }
            })
        },
    );
    group.finish();
}

criterion_group!(benches, clean, damaged);
criterion_main!(benches);
