//! Categorizes what `double_byte_resync` does with synthesized byte loss
//! (the same lines, seeds and NFKC rule as `tests/scrape_resync.rs`): per
//! language, the shape of the damage (which byte was lost and what the
//! decoder made of the one left) against the outcome (restored, left as
//! damaged, rewritten wrongly), with samples of the misses.
//!
//! `cargo run --release --example resync_misses -- [LINES] [SAMPLES] [clean_dir]`
//! (default 3000 lines per language, 4 samples per class); `-- speed` times
//! `resync_double_byte` alone on every clean line; `-- clean [dir]` checks
//! every clean line; `-- damaged [dir]` prints every line with one byte lost;
//! `-- causes [LINES] [SAMPLES]` sorts the misses by kind of damage and by
//! cause (left as damaged: analysed or never; rewritten wrongly: how);
//! `-- dump [dir]` writes every damaged line as a JSON line (original,
//! damaged, lost characters, shape, NFKC, training half, the fixer's output
//! and whether it restored the line), to try rules outside the crate.

use std::collections::BTreeMap;

use mojifix::damage::Rng;
use mojifix::mojibake::cjk::legacy::Legacy;
use mojifix::scrape::synth::{drop_byte, is_training_line, legacy_for, restored_except_lost_nfkc};
use mojifix::{Config, Fixer};
use unicode_normalization::UnicodeNormalization;

/// What the decoder made of the byte left by the loss.
fn shape(line: &str, legacy: Legacy, p: usize) -> &'static str {
    let bytes = legacy.encode(line).unwrap();
    // Is bytes[p] a lead? Walk the characters.
    let mut at = 0;
    let mut is_lead = false;
    for c in line.chars() {
        let n = legacy.encode_char(c).unwrap().as_slice().len();
        if p < at + n {
            is_lead = p == at;
            break;
        }
        at += n;
    }
    if is_lead {
        let t = bytes[p + 1];
        if t < 0x80 {
            "lead lost, ASCII trail alone"
        } else if legacy.decode_one(t).is_some() {
            "lead lost, one-byte trail alone (kana/euro)"
        } else {
            "lead lost, trail read as lead (run)"
        }
    } else {
        let lead = bytes[p - 1];
        match bytes.get(p + 1) {
            None => "trail lost at end",
            Some(&n) if n < 0x80 => {
                if legacy.decode_two(lead, n).is_some() {
                    "trail lost, lead swallowed ASCII"
                } else {
                    "trail lost before ASCII (U+FFFD)"
                }
            }
            Some(_) => "trail lost, lead paired with next (run)",
        }
    }
}

/// The differing middle of two strings, with some context.
fn diff(a: &str, b: &str) -> (String, String) {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let from = pre.saturating_sub(4);
    let cut = |v: &[char]| -> String {
        let to = (v.len() - suf + 4).min(v.len());
        v[from..to].iter().collect()
    };
    (cut(&a), cut(&b))
}

/// Every line of every clean file and every trap through
/// `resync_double_byte` alone: the lines it changes.
fn clean(dir: &str) {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let traps = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/scrape/traps.jsonl"
    ))
    .unwrap();
    let (mut lines, mut changed) = (0, 0);
    for line in traps.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let t = v["text"].as_str().unwrap();
        lines += 1;
        let f = mojifix::scrape::resync_double_byte(t);
        if f != t {
            changed += 1;
            println!("  trap: {t:?} -> {f:?}");
        }
    }
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        for line in text.lines() {
            lines += 1;
            let f = mojifix::scrape::resync_double_byte(line);
            if f != line {
                changed += 1;
                let (a, b) = diff(line, &f);
                println!(
                    "  {} {}: {a:?} -> {b:?}",
                    path.file_name().unwrap().to_string_lossy(),
                    if is_training_line(line) {
                        "train"
                    } else {
                        "held"
                    }
                );
            }
        }
    }
    println!("clean: {changed} of {lines} lines (and traps) changed");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).is_some_and(|a| a == "speed") {
        // `resync_double_byte` alone on every line of clean zh-Hans, zh-Hant
        // and ja: best of 10, MB/s.
        for lang in ["zh-Hans", "zh-Hant", "ja"] {
            let text = std::fs::read_to_string(format!("../shared/data/clean/{lang}.txt")).unwrap();
            let mut best = f64::MAX;
            for _ in 0..10 {
                let t = std::time::Instant::now();
                for line in text.lines() {
                    std::hint::black_box(mojifix::scrape::resync_double_byte(line));
                }
                best = best.min(t.elapsed().as_secs_f64());
            }
            print!("{lang} {:.0} MB/s  ", text.len() as f64 / best / 1e6);
        }
        println!();
        return;
    }
    if args.get(1).is_some_and(|a| a == "damaged") {
        // Every line of zh-Hans, zh-Hant and ja with one byte lost (the
        // seeds and NFKC rule of the misses), one per line: input for
        // comparing whole-pipeline outputs (`fix --preset corpus`) across
        // builds.
        let dir = args.get(2).map_or("../shared/data/clean", |s| s.as_str());
        for lang in ["zh-Hans", "zh-Hant", "ja"] {
            let legacy = legacy_for(lang).unwrap();
            let text = std::fs::read_to_string(format!("{dir}/{lang}.txt")).unwrap();
            for (i, line) in text.lines().enumerate() {
                let mut rng = Rng::new(9_000_000 + i as u64);
                if let Some(loss) = drop_byte(line, legacy, i % 2 == 1, &mut rng) {
                    println!("{}", loss.damaged.replace('\n', " "));
                }
            }
        }
        return;
    }
    if args.get(1).is_some_and(|a| a == "dump") {
        // Every line of zh-Hans, zh-Hant and ja with one byte lost, as JSON
        // lines (original, damaged, lost characters, shape, NFKC, training
        // half, the resync fixer's output and whether it restored the line):
        // input for trying repair rules outside the crate.
        let dir = args.get(2).map_or("../shared/data/clean", |s| s.as_str());
        let fixer = resync_fixer();
        for lang in ["zh-Hans", "zh-Hant", "ja"] {
            let legacy = legacy_for(lang).unwrap();
            let text = std::fs::read_to_string(format!("{dir}/{lang}.txt")).unwrap();
            for (i, line) in text.lines().enumerate() {
                let nfkc = i % 2 == 1;
                let mut rng = Rng::new(9_000_000 + i as u64);
                if let Some(loss) = drop_byte(line, legacy, nfkc, &mut rng) {
                    let fixed = fixer.fix(&loss.damaged);
                    let good = loss.restored(line, &fixed, nfkc);
                    let v = serde_json::json!({
                        "fixed": fixed, "good": good,
                        "lang": lang, "i": i, "original": line, "damaged": loss.damaged,
                        "lost": loss.lost, "shape": shape(line, legacy, loss.dropped_at),
                        "nfkc": nfkc, "train": is_training_line(line),
                    });
                    println!("{v}");
                }
            }
        }
        return;
    }
    if args.get(1).is_some_and(|a| a == "causes") {
        let cap: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3000);
        let samples: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0);
        causes(cap, samples);
        return;
    }
    if args.get(1).is_some_and(|a| a == "clean") {
        clean(args.get(2).map_or("../shared/data/clean", |s| s.as_str()));
        return;
    }
    let cap: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(3000);
    let samples: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(4);
    let dir = args
        .get(3)
        .cloned()
        .unwrap_or_else(|| "../shared/data/clean".to_owned());
    let fixer = resync_fixer();
    for lang in ["zh-Hans", "zh-Hant", "ja"] {
        let legacy = legacy_for(lang).unwrap();
        let text = std::fs::read_to_string(format!("{dir}/{lang}.txt")).unwrap();
        // shape -> [restored, untouched, wrong], held-out [n, restored]
        let mut table: BTreeMap<&str, [usize; 5]> = BTreeMap::new();
        let mut shown: BTreeMap<(&str, bool), usize> = BTreeMap::new();
        for (i, line) in text.lines().take(cap).enumerate() {
            let nfkc = i % 2 == 1;
            let mut rng = Rng::new(9_000_000 + i as u64);
            let Some(loss) = drop_byte(line, legacy, nfkc, &mut rng) else {
                continue;
            };
            let fixed = fixer.fix(&loss.damaged);
            let good = loss.restored(line, &fixed, nfkc);
            let untouched = fixed == loss.damaged;
            let sh = shape(line, legacy, loss.dropped_at);
            let row = table.entry(sh).or_default();
            row[if good {
                0
            } else if untouched {
                1
            } else {
                2
            }] += 1;
            if !is_training_line(line) {
                row[3] += 1;
                row[4] += usize::from(good);
            }
            if !good {
                let k = shown.entry((sh, untouched)).or_default();
                if *k < samples {
                    *k += 1;
                    let want: String = if nfkc {
                        line.nfkc().collect()
                    } else {
                        line.to_owned()
                    };
                    let (w, d) = diff(&want, &loss.damaged);
                    let (_, f) = diff(&want, &fixed);
                    println!(
                        "  [{lang} {sh} {}{}] want {w:?} damaged {d:?} fixed {f:?}",
                        if untouched { "untouched" } else { "WRONG" },
                        if nfkc { " nfkc" } else { "" }
                    );
                }
            }
        }
        println!("{lang} ({}):", legacy.name());
        let mut tot = [0usize; 5];
        for (sh, r) in &table {
            let n = r[0] + r[1] + r[2];
            println!(
                "  {sh:45} n={n:5} restored={:5} ({:5.1}%) untouched={:5} wrong={:4} held-out {}/{}",
                r[0],
                100.0 * r[0] as f64 / n as f64,
                r[1],
                r[2],
                r[4],
                r[3]
            );
            for j in 0..5 {
                tot[j] += r[j];
            }
        }
        let n = tot[0] + tot[1] + tot[2];
        println!(
            "  {:45} n={n:5} restored={:5} ({:5.1}%) untouched={:5} wrong={:4} held-out {}/{} ({:.1}%)",
            "all",
            tot[0],
            100.0 * tot[0] as f64 / n as f64,
            tot[1],
            tot[2],
            tot[4],
            tot[3],
            100.0 * tot[4] as f64 / tot[3] as f64
        );
    }
}

/// The kind of damage, coarser than [`shape`]: a lone ASCII trail, a lone
/// one-byte trail (halfwidth katakana, U+0080), a run read out of phase, or
/// the rest (a trail lost before ASCII or at the end, already a U+FFFD).
fn kind(shape: &str) -> &'static str {
    if shape.contains("ASCII trail alone") {
        "lone ASCII trail"
    } else if shape.contains("one-byte trail") {
        "lone one-byte trail"
    } else if shape.contains("(run)") {
        "run out of phase"
    } else {
        "other"
    }
}

/// Why a miss is one: for a line left as damaged, whether the damage lies
/// in what `resync_double_byte` analyses at all (a stretch or a lone
/// letter: `analysed_ranges`; the lone-trail rules for kana are not
/// tracked); for a line rewritten wrongly, how the output differs from the
/// original.
fn cause(want: &str, damaged: &str, fixed: &str, lost: &[usize], nfkc: bool) -> &'static str {
    let (w, d): (Vec<char>, Vec<char>) = (want.chars().collect(), damaged.chars().collect());
    if fixed == damaged {
        let pre = w.iter().zip(&d).take_while(|(a, b)| a == b).count();
        let suf = w[pre..]
            .iter()
            .rev()
            .zip(d[pre..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        // The damaged characters (at least one) as a byte range of `damaged`.
        let end_char = (d.len() - suf).max(pre + 1).min(d.len());
        let byte = |k: usize| d[..k].iter().map(|c| c.len_utf8()).sum::<usize>();
        let (a, b) = (byte(pre.min(d.len())), byte(end_char));
        let looked = mojifix::scrape::analysed_ranges(damaged)
            .iter()
            .any(|r| r.start <= b && a < r.end.max(r.start + 1));
        return if looked {
            "left: analysed, no repair won its margin"
        } else {
            "left: never analysed (gate, or lone rules' context)"
        };
    }
    let f: Vec<char> = if nfkc {
        fixed.nfkc().collect()
    } else {
        fixed.chars().collect()
    };
    if !nfkc && restored_except_lost_nfkc(want, fixed, lost) {
        return "wrong: width only (NFKC-equal)";
    }
    if f.len() != w.len() {
        return "wrong: another length (span misread)";
    }
    let bad: Vec<usize> = (0..w.len())
        .filter(|&k| w[k] != f[k] && !(f[k] == '\u{FFFD}' && lost.contains(&k)))
        .collect();
    if bad.iter().all(|k| lost.contains(k)) {
        "wrong: lost character guessed wrong"
    } else if bad
        .iter()
        .any(|&k| f[k] == '\u{FFFD}' && lost.iter().any(|&l| l.abs_diff(k) == 1))
    {
        "wrong: shift a character off (U+FFFD beside the lost one)"
    } else if bad
        .iter()
        .all(|&k| lost.iter().any(|&l| l.abs_diff(k) <= 1))
    {
        "wrong: a character beside the lost one"
    } else {
        "wrong: other"
    }
}

/// `-- causes [LINES] [SAMPLES]`: the misses of the first LINES lines per
/// language (3,000: `tests/scrape_resync.rs`'s), by kind of damage and by
/// cause, with SAMPLES samples of each.
fn causes(cap: usize, samples: usize) {
    let fixer = resync_fixer();
    for lang in ["zh-Hans", "zh-Hant", "ja"] {
        let legacy = legacy_for(lang).unwrap();
        let text = std::fs::read_to_string(format!("../shared/data/clean/{lang}.txt")).unwrap();
        let mut table: BTreeMap<(&str, &str), [usize; 2]> = BTreeMap::new();
        let (mut n, mut misses) = (0, 0);
        for (i, line) in text.lines().take(cap).enumerate() {
            let nfkc = i % 2 == 1;
            let mut rng = Rng::new(9_000_000 + i as u64);
            let Some(loss) = drop_byte(line, legacy, nfkc, &mut rng) else {
                continue;
            };
            n += 1;
            let fixed = fixer.fix(&loss.damaged);
            let good = loss.restored(line, &fixed, nfkc);
            if good {
                continue;
            }
            misses += 1;
            let want: String = if nfkc {
                line.nfkc().collect()
            } else {
                line.to_owned()
            };
            let key = (
                kind(shape(line, legacy, loss.dropped_at)),
                cause(&want, &loss.damaged, &fixed, &loss.lost, nfkc),
            );
            let row = table.entry(key).or_default();
            row[0] += 1;
            row[1] += usize::from(!is_training_line(line));
            if row[0] <= samples {
                let (w, d) = diff(&want, &loss.damaged);
                let (_, f) = diff(&want, &fixed);
                println!(
                    "  [{lang} {} | {}] want {w:?} damaged {d:?} fixed {f:?}",
                    key.0, key.1
                );
            }
        }
        println!("{lang} ({}): {misses} misses of {n} runs", legacy.name());
        let mut rows: Vec<_> = table.into_iter().collect();
        rows.sort_by(|a, b| b.1[0].cmp(&a.1[0]));
        for ((k, c), [m, held]) in rows {
            println!("  {m:5} (held out {held:4})  {k:20} {c}");
        }
    }
}

/// The default preset with `double_byte_resync` on.
fn resync_fixer() -> Fixer {
    let mut config = Config::default();
    config.set("double_byte_resync", true).unwrap();
    Fixer::new(config)
}
