//! What the benchmarks share.

use std::path::PathBuf;

/// The benchmark input `name`, written into `target/bench-inputs/` by
/// `python3 tools/make_bench_inputs.py`; panics with that advice when it
/// is missing.
pub fn load(name: &str) -> String {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "target",
        "bench-inputs",
        &format!("{name}.txt"),
    ]
    .iter()
    .collect();
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read benchmark input {}: {e}\n\
             generate the inputs first with: python3 tools/make_bench_inputs.py",
            path.display()
        )
    })
}
