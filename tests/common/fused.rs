//! Helpers for the tests that compare a fused pass (`Fixer::fix` under
//! `index`, `display`, `corpus`) with the sequential pipeline
//! (`Fixer::sequential`).

use std::path::{Path, PathBuf};

use mojifix::Fixer;
use proptest::prelude::*;

/// The `.txt` files of `dir`, sorted (none when it is absent).
pub fn txt_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// Asserts that `fast` and `slow` give the same text on every line and on
/// the whole of every file of ../shared/data/clean (or `MOJIFIX_CLEAN_DIR`) and target/bench-inputs
/// (generate with `python3 tools/make_bench_inputs.py`), printing a
/// summary headed by `label`; the number of lines `slow` changes, or `None`
/// (with a notice) when no corpus is present.
pub fn assert_equal_on_corpora(fast: &Fixer, slow: &Fixer, label: &str) -> Option<usize> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = super::clean_dir().map_or_else(Vec::new, |dir| txt_files(&dir));
    files.extend(txt_files(&root.join("target/bench-inputs")));
    if files.is_empty() {
        println!("SKIPPED: no corpora found");
        return None;
    }
    let (mut lines, mut changed, mut differ) = (0usize, 0usize, Vec::new());
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        for line in text.split_inclusive('\n') {
            lines += 1;
            let a = fast.fix(line);
            let b = slow.fix(line);
            changed += usize::from(b != line);
            if a != b {
                differ.push(format!(
                    "{}: {line:?}\n  fused {a:?}\n  seq   {b:?}",
                    path.display()
                ));
            }
        }
        assert!(
            fast.fix(&text) == slow.fix(&text),
            "the whole of {} differs",
            path.display()
        );
    }
    println!(
        "{label} fused vs sequential: {lines} lines of {} files, {changed} changed, {} differ",
        files.len(),
        differ.len()
    );
    assert!(
        differ.is_empty(),
        "{} lines differ:\n{}",
        differ.len(),
        differ[..differ.len().min(20)].join("\n")
    );
    Some(changed)
}

/// Mojibake of CJK words: UTF-8 read with a legacy decoder, or a legacy
/// encoding read as windows-1252 (where an encoding repair's trigger can
/// start).
pub fn cjk_mojibake() -> impl Strategy<Value = String> {
    use mojifix::damage::{decode_legacy, Errors};
    use mojifix::mojibake::cjk::legacy::Legacy;
    let words = vec![
        "你好",
        "世界",
        "中文字",
        "日本語",
        "対応",
        "한국어",
        "說明",
        "的是",
        "编码",
        "乱码",
    ];
    let utf8_as_legacy = (prop::sample::select(words.clone()), 0..Legacy::ALL.len())
        .prop_map(|(w, k)| decode_legacy(Legacy::ALL[k], w.as_bytes(), Errors::Whatwg).0);
    let legacy_as_latin = (
        prop::sample::select(words),
        prop::sample::select(vec![
            encoding_rs::GBK,
            encoding_rs::BIG5,
            encoding_rs::SHIFT_JIS,
            encoding_rs::EUC_KR,
        ]),
    )
        .prop_map(|(w, enc)| {
            let (bytes, _, _) = enc.encode(w);
            encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned()
        });
    prop_oneof![utf8_as_legacy, legacy_as_latin]
}

/// The fused pass equals the sequential pipeline on every sequence of three
/// `pieces` between two `ends`, and changes some of them.
pub fn assert_equal_on_triples(fast: &Fixer, slow: &Fixer, pieces: &[&str], ends: &[&str]) {
    let mut changed = 0;
    for a in ends {
        for p in pieces {
            for q in pieces {
                for r in pieces {
                    for b in ends {
                        let s = format!("{a}{p}{q}{r}{b}");
                        let want = slow.fix(&s);
                        assert_eq!(fast.fix(&s), want, "{s:?}");
                        changed += usize::from(want != s);
                    }
                }
            }
        }
    }
    assert!(changed > 0);
}
