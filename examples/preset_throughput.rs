//! Throughput of the presets on the clean CJK corpora, as the best of many
//! calls: steadier than criterion's mean on a machine shared with other
//! work, so two builds can be compared by running them in turns.
//!
//!     cargo run --release --example preset_throughput -- [PRESETS] [CALLS] [LANGS]
//!     cargo run --release --example preset_throughput -- display,index 10 zh-Hans,ja
//!
//! PRESETS and LANGS are comma-separated (defaults: `default,display,index`
//! and `zh-Hans,ja,ko`, read from `../shared/data/clean/LANG.txt`); prints
//! MB/s (10^6 bytes per second) of `Fixer::fix` on each whole file.

use std::time::Instant;

use mojifix::{Config, Fixer};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let list = |i: usize, default: &str| -> Vec<String> {
        args.get(i)
            .map_or(default, String::as_str)
            .split(',')
            .map(String::from)
            .collect()
    };
    let presets = list(1, "default,display,index");
    let calls: usize = args.get(2).map_or(15, |s| s.parse().expect("CALLS"));
    let clean = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean");
    for lang in list(3, "zh-Hans,ja,ko") {
        let Ok(text) = std::fs::read_to_string(format!("{clean}/{lang}.txt")) else {
            eprintln!("SKIPPED: {clean}/{lang}.txt not found");
            continue;
        };
        let mut row = format!("{lang:8}");
        for preset in &presets {
            let fixer = Fixer::new(Config::preset(preset).expect("a preset name"));
            let _ = fixer.fix(&text);
            let mut best = f64::MAX;
            for _ in 0..calls {
                let start = Instant::now();
                std::hint::black_box(fixer.fix(std::hint::black_box(&text)));
                best = best.min(start.elapsed().as_secs_f64());
            }
            row += &format!("  {preset} {:7.1}", text.len() as f64 / best / 1e6);
        }
        println!("{row}  MB/s (best of {calls})");
    }
}
