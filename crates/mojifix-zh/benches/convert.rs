//! Throughput of s2t and t2s (placeholder; see the full bench below once written).
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use mojifix_zh::{ConfigName, Converter};

fn bench(c: &mut Criterion) {
    let text = "我的头发很干净。".repeat(1000);
    let mut g = c.benchmark_group("convert");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("s2t", |b| {
        b.iter(|| Converter::get(ConfigName::S2t).convert(&text).len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
