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

#[test]
fn interpuncts_next_to_spaces_removed() {
    let fast = Fixer::new(Config::index());
    let slow = Fixer::new(Config::index()).sequential();
    let mut converted = 0;
    for c in ['‧', '•', '・', '．', '∙', '⋅'] {
        for (l, r) in [("", ""), (" ", ""), ("", " "), (" ", " "), ("  ", "  ")] {
            for (a, b) in [
                ("中", "說"),
                ("中", "a"),
                ("カ", "中"),
                ("，", "中"),
                ("中", "`x`"),
            ] {
                let s = format!("{a}{l}{c}{r}{b}\n");
                assert_eq!(fast.fix(&s), slow.fix(&s), "{s:?}");
                converted += usize::from(slow.fix(&s).contains('·'));
            }
        }
    }
    assert!(converted > 0);
}

/// Runs of dots, dashes and spaces the passes rewrite, made or joined by
/// what the fused pass changes (`．` and `。` become `.`, `…` `...`, `－` `-`, spaces
/// next to fullwidth punctuation go, `A` becomes `a`), and backticks
/// (inline code keeps its spaces and dashes): every sequence of three
/// pieces between two ends.
#[test]
fn runs_made_by_changes() {
    let fast = Fixer::new(Config::index());
    let slow = Fixer::new(Config::index()).sequential();
    let pieces = [
        ".", "..", "...", "．", "．．", "。", "。。", "-", "--", "－", "─", "—", " ", "  ", "，",
        "A", "中", "`", "…", "……",
    ];
    let ends = ["", "中", "a", "，", "`"];
    assert_equal_on_triples(&fast, &slow, &pieces, &ends);
}

/// `…` (`cjk_ellipsis` makes a run of them `...` next to CJ, NFKC makes
/// each `...` elsewhere) next to what decides or joins its run: CJ, Hangul,
/// spaces, dots, other punctuation, inline code, a line break; every
/// sequence of three pieces between two ends.
#[test]
fn ellipses_in_context() {
    let fast = Fixer::new(Config::index());
    let slow = Fixer::new(Config::index()).sequential();
    let pieces = [
        "…", "……", "中", "한", "a", "A", " ", ".", "。", "，", "`", "—", "‧", "“", "”", "Ａ",
    ];
    let ends = ["", "中", "한", "a", "\n", " `x` "];
    assert_equal_on_triples(&fast, &slow, &pieces, &ends);
}

/// Repair triggers that look one character back (a word read as a legacy
/// encoding is glued to an ASCII letter, `caf茅`; `拷` ends a `锟斤拷` whose
/// `EF BF BD` starts in the character before), next to what the fused pass
/// changes (`Ｆ` becomes `f`, `，` goes with the space before it): the
/// fused pass equals the sequential pipeline.
#[test]
fn triggers_that_look_back_next_to_changes() {
    let fast = Fixer::new(Config::index());
    let slow = Fixer::new(Config::index()).sequential();
    let befores = ["", "Ｆ", "f", " ", "，", "中", "Ａ．", "ＣＡ"];
    let damaged = [
        "茅",
        "眉ller",
        "茅t茅",
        "锟斤拷",
        "锟节猴拷",
        "袩褉懈胁械褌",
        "ﾃｩ",
    ];
    let afters = ["", "Ｆ", "f", " ok", "，", "中"];
    let mut changed = 0;
    for a in befores {
        for d in damaged {
            for b in afters {
                let s = format!("caf{a}{d}{b}");
                let want = slow.fix(&s);
                assert_eq!(fast.fix(&s), want, "{s:?}");
                changed += usize::from(want != s);
            }
        }
    }
    assert!(changed > 0);
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

/// Pieces of text where an encoding repair's trigger can start, next to
/// what the fused pass changes (upper case, fullwidth punctuation, spaces
/// next to it, dash pairs, interpuncts): mojibake of CJK words (UTF-8 read
/// with a legacy decoder, a legacy encoding read as windows-1252) and
/// Latin-1 letters and symbols. The fused pass checks the result's repair
/// triggers only near its changes, which these put next to each other.
fn mojibake_prone_piece() -> impl Strategy<Value = String> {
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
    let changes = prop::sample::select(vec![
        "A", "Z", "Ä", "É", "Ã", "，", "。", "：", "（", "）", "Ａ", "１", " ", " ， ", "--", "·",
        "“", "’",
    ])
    .prop_map(String::from);
    let plain = prop::sample::select(vec![
        "中", "文", "的", "a", "é", "©", "¶", "Ô", "ã", "±", "ß", "æ", "Ω", "ж",
    ])
    .prop_map(String::from);
    prop_oneof![3 => utf8_as_legacy, 3 => legacy_as_latin, 4 => changes, 3 => plain]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20000))]

    #[test]
    fn fused_equals_sequential_next_to_mojibake(
        pieces in prop::collection::vec(mojibake_prone_piece(), 0..12)
    ) {
        let s: String = pieces.concat();
        let fast = Fixer::new(Config::index());
        let slow = Fixer::new(Config::index()).sequential();
        prop_assert_eq!(fast.fix(&s), slow.fix(&s));
    }
}

/// The fused pass equals the sequential pipeline on every sequence of three
/// `pieces` between two `ends`, and changes some of them.
fn assert_equal_on_triples(fast: &Fixer, slow: &Fixer, pieces: &[&str], ends: &[&str]) {
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
