//! Converts stdin to stdout line by line with one OpenCC config.
//!
//! ```text
//! cargo run --release -p mojifix-zh --example zhconvert -- --config s2t < in.txt > out.txt
//! cargo run --release -p mojifix-zh --example zhconvert -- --stats      # load time + memory per config
//! ```
//!
//! Options: `--config NAME` (default s2t), `--stream` (feed stdin through
//! `StreamConverter` in 4 KiB chunks instead of converting line by line),
//! `--stats` (build every config in turn, or only `--config NAME` when given,
//! and print load time and heap size; later configs reuse shared dictionaries),
//! `--time FILE` (best-of-7 throughput of the config on FILE repeated to 10 MB).

use mojifix_zh::{ConfigName, Converter};
use std::io::{BufRead, BufWriter, Read, Write};
use std::time::Instant;

fn main() {
    let mut config = ConfigName::S2t;
    let mut config_given = false;
    let mut stream = false;
    let mut stats = false;
    let mut time_file: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--config" | "-c" => {
                let v = args.next().unwrap_or_default();
                config = v.parse().unwrap_or_else(|e| {
                    eprintln!("{e}");
                    std::process::exit(2)
                });
                config_given = true;
            }
            "--stream" => stream = true,
            "--stats" => stats = true,
            "--time" => time_file = args.next(),
            "-h" | "--help" => {
                eprintln!("usage: zhconvert [--config NAME] [--stream] [--stats]");
                return;
            }
            other => {
                eprintln!("unknown argument {other:?}");
                std::process::exit(2);
            }
        }
    }
    if stats {
        let only: Vec<ConfigName> = if config_given {
            vec![config]
        } else {
            ConfigName::ALL.to_vec()
        };
        print_stats(&only);
        return;
    }
    if let Some(f) = time_file {
        time(config, &f);
        return;
    }
    let conv = Converter::get(config);
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 16, stdout.lock());
    if stream {
        let mut s = conv.stream();
        let mut input = Vec::new();
        stdin.lock().read_to_end(&mut input).expect("read stdin");
        let text = String::from_utf8(input).expect("stdin is not UTF-8");
        let mut out = String::new();
        let mut rest = text.as_str();
        while !rest.is_empty() {
            let mut cut = rest.len().min(4096);
            while !rest.is_char_boundary(cut) {
                cut += 1;
            }
            s.push(&rest[..cut], &mut out);
            rest = &rest[cut..];
            w.write_all(out.as_bytes()).unwrap();
            out.clear();
        }
        s.finish(&mut out);
        w.write_all(out.as_bytes()).unwrap();
    } else {
        let mut line = String::new();
        let mut lock = stdin.lock();
        let mut out = String::new();
        loop {
            line.clear();
            if lock.read_line(&mut line).expect("read stdin") == 0 {
                break;
            }
            let body = line.strip_suffix('\n').unwrap_or(&line);
            out.clear();
            conv.convert_into(body, &mut out);
            w.write_all(out.as_bytes()).unwrap();
            if line.ends_with('\n') {
                w.write_all(b"\n").unwrap();
            }
        }
    }
    w.flush().unwrap();
}

/// Best-of-7 throughput of `convert` on the file repeated to >= 10 MB.
fn time(config: ConfigName, file: &str) {
    let base = std::fs::read_to_string(file).expect("read file");
    let mut text = String::new();
    while text.len() < 10 << 20 {
        text.push_str(&base);
    }
    let conv = Converter::get(config);
    let report = |name: &str, f: &dyn Fn() -> usize| {
        let mut best = f64::MAX;
        for _ in 0..7 {
            let t = Instant::now();
            std::hint::black_box(f());
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{config} {name:<15} {:.1} MB in {:>6.1} ms: {:>4.0} MB/s",
            text.len() as f64 / 1e6,
            best * 1e3,
            text.len() as f64 / 1e6 / best
        );
    };
    report("mojifix-zh", &|| conv.convert(&text).len());
    // convert_into a reused buffer: no fresh pages to fault in per run.
    let buf = std::cell::RefCell::new(String::with_capacity(text.len() * 2));
    report("mojifix-zh/into", &|| {
        let mut b = buf.borrow_mut();
        b.clear();
        conv.convert_into(&text, &mut b);
        b.len()
    });
    // Built with RUSTFLAGS="--cfg mojifix_zh_bench_compare": the same
    // measurement for the other converters (see benches/convert.rs).
    #[cfg(mojifix_zh_bench_compare)]
    {
        let variant = match config {
            ConfigName::S2t => zhconv::Variant::ZhHant,
            _ => zhconv::Variant::ZhHans,
        };
        report("zhconv", &|| zhconv::zhconv(&text, variant).len());
        let builtin = match config {
            ConfigName::S2t => ferrous_opencc::config::BuiltinConfig::S2t,
            _ => ferrous_opencc::config::BuiltinConfig::T2s,
        };
        let fo = ferrous_opencc::OpenCC::from_config(builtin).unwrap();
        report("ferrous-opencc", &|| fo.convert(&text).len());
    }
}

fn rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn print_stats(names: &[ConfigName]) {
    println!("config  first_load_ms  heap_MiB  rss_delta_MiB  max_key_chars  max_lookahead_chars");
    for &name in names {
        let rss0 = rss_kib().unwrap_or(0);
        let t = Instant::now();
        let c = Converter::get(name);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let rss1 = rss_kib().unwrap_or(0);
        println!(
            "{:<7} {:>13.1}  {:>8.2}  {:>13.2}  {:>13}  {:>19}",
            name.as_str(),
            ms,
            c.heap_bytes() as f64 / (1 << 20) as f64,
            (rss1.saturating_sub(rss0)) as f64 / 1024.0,
            c.max_key_chars(),
            c.max_lookahead_chars()
        );
    }
}
