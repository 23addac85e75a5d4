//! The `index` preset's fused pass (`cjk_text::index_fast`, taken by
//! `Fixer::fix`) gives byte for byte what the sequential pipeline gives
//! (`Fixer::sequential`): on every line of ../shared/data/clean and of
//! target/bench-inputs (generate with `python3 tools/make_bench_inputs.py`;
//! skipped when absent), on whole files, and on random CJK-prone strings.

use std::path::{Path, PathBuf};

use mojifix::{Config, Fixer};
use proptest::prelude::*;

fn txt_files(dir: &Path) -> Vec<PathBuf> {
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

#[test]
fn fused_equals_sequential_on_corpora() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = txt_files(&root.join("../shared/data/clean"));
    files.extend(txt_files(&root.join("target/bench-inputs")));
    if files.is_empty() {
        println!("SKIPPED: no corpora found");
        return;
    }
    let fast = Fixer::new(Config::index());
    let slow = Fixer::new(Config::index()).sequential();
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
        "index fused vs sequential: {lines} lines of {} files, {changed} changed, {} differ",
        files.len(),
        differ.len()
    );
    assert!(
        differ.is_empty(),
        "{} lines differ:\n{}",
        differ.len(),
        differ[..differ.len().min(20)].join("\n")
    );
}

#[test]
fn explain_stays_on_the_sequential_path() {
    let fast = Fixer::new(Config::index());
    let e = fast.fix_and_explain("你好 ，ＡＢＣ“Hello”。");
    assert_eq!(e.text, fast.fix("你好 ，ＡＢＣ“Hello”。"));
    let fixers: Vec<&str> = e.changes.iter().map(|c| c.fixer).collect();
    assert!(fixers.contains(&"remove_punct_spaces"), "{fixers:?}");
    assert!(fixers.contains(&"casefold"), "{fixers:?}");
}

fn cjk_prone_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => prop::sample::select(vec!['中', '文', '字', '日', '本', 'の', 'カ', 'ー', '丶', '한', '국', '𠀀', '說']),
        3 => prop::char::range('a', 'e'),
        2 => prop::char::range('A', 'C'),
        1 => prop::char::range('0', '3'),
        4 => prop::sample::select(vec![' ', ' ', ',', '.', '.', ':', ';', '!', '?', '"', '\'', '(', ')', '-', '-', '/', '@', '%', '$', '{', '}', '`', '\n', '&', '<', '\t']),
        5 => prop::sample::select(vec!['，', '。', '、', '！', '？', '：', '；', '（', '）', '《', '》', '「', '」', '『', '』', '“', '”', '‘', '’', '‚', '„', '…', '⋯', '—', '―', '─', '－', '．', '‧', '•', '・', '·', '～', '【', '】', '│', '→', '⒈', '①', '㈠', '㊀', '℃']),
        2 => prop::sample::select(vec!['ﾊ', 'ﾞ', 'ﾟ', 'ｶ', '｡', '､', '｢', '｣', '･', 'Ａ', '１', 'ａ', '⽇', '⼈', '︐', '︒', '﹁', '︰', '\u{3000}', '\u{a0}', '\u{200b}', '\u{200d}', '\u{f900}', 'ß', 'ﬁ', '\u{3099}', 'É', 'Σ', 'ς', 'İ', '\u{301}', '\u{11a8}', '가', 'Ã', '©', 'é']),
    ]
}

fn cjk_prone_string() -> impl Strategy<Value = String> {
    prop::collection::vec(cjk_prone_char(), 0..40).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20000))]

    #[test]
    fn fused_equals_sequential(s in cjk_prone_string()) {
        let fast = Fixer::new(Config::index());
        let slow = Fixer::new(Config::index()).sequential();
        prop_assert_eq!(fast.fix(&s), slow.fix(&s));
    }
}
