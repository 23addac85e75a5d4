//! Streaming throughput: `Fixer::fix` on a whole input against `FixReader`
//! and `FixWriter` over the same bytes, on the inputs of `benches/fix_text.rs`
//! (`python3 tools/make_bench_inputs.py` writes them).
//!
//!     cargo bench --bench stream

use std::hint::black_box;
use std::io::{Read, Write};
use std::time::Duration;

use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
use mojifix::stream::{FixReader, FixWriter};
use mojifix::Fixer;

const INPUTS: [&str; 2] = ["clean_en", "damaged_10pct"];

mod common;
use common::load;

fn bench(c: &mut Criterion) {
    let fixer = Fixer::default();
    let inputs: Vec<(&str, String)> = INPUTS.iter().map(|&name| (name, load(name))).collect();
    for (name, text) in inputs {
        let mut group = c.benchmark_group(format!("stream/{name}"));
        group
            .throughput(Throughput::Bytes(text.len() as u64))
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        group.bench_with_input(BenchmarkId::new("fix", "whole"), &text, |b, t| {
            b.iter(|| black_box(fixer.fix(black_box(t))))
        });
        let mut out = Vec::with_capacity(text.len() * 2);
        group.bench_with_input(BenchmarkId::new("FixReader", "64k"), &text, |b, t| {
            b.iter(|| {
                out.clear();
                let mut reader = FixReader::new(t.as_bytes(), &fixer);
                reader.read_to_end(&mut out).unwrap();
                black_box(out.len())
            })
        });
        group.bench_with_input(BenchmarkId::new("FixWriter", "64k"), &text, |b, t| {
            b.iter(|| {
                let mut writer = FixWriter::new(Vec::with_capacity(t.len() * 2), &fixer);
                writer.write_all(t.as_bytes()).unwrap();
                black_box(writer.finish().unwrap().len())
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
