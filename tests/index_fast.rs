//! The `index` preset's fused pass (`cjk_text::index_fast`, taken by
//! `Fixer::fix`) gives byte for byte what the sequential pipeline gives
//! (`Fixer::sequential`): on every line of ../shared/data/clean and of
//! target/bench-inputs (generate with `python3 tools/make_bench_inputs.py`;
//! skipped when absent), on whole files, and on random CJK-prone strings.

mod common;

use mojifix::{Config, Fixer};
use proptest::prelude::*;

#[test]
fn fused_equals_sequential_on_corpora() {
    let fast = Fixer::new(Config::index());
    let slow = Fixer::new(Config::index()).sequential();
    common::fused::assert_equal_on_corpora(&fast, &slow, "index");
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
    common::fused::assert_equal_on_triples(&fast, &slow, &pieces, &ends);
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
    common::fused::assert_equal_on_triples(&fast, &slow, &pieces, &ends);
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
    let changes = prop::sample::select(vec![
        "A", "Z", "Ä", "É", "Ã", "，", "。", "：", "（", "）", "Ａ", "１", " ", " ， ", "--", "·",
        "“", "’",
    ])
    .prop_map(String::from);
    let plain = prop::sample::select(vec![
        "中", "文", "的", "a", "é", "©", "¶", "Ô", "ã", "±", "ß", "æ", "Ω", "ж",
    ])
    .prop_map(String::from);
    prop_oneof![6 => common::fused::cjk_mojibake(), 4 => changes, 3 => plain]
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

/// Lines of Korean through cp949 and Traditional Chinese through cp950,
/// whose runs start at a Windows decoder's `?` (a repair trigger at an
/// ASCII byte, which the fused loop asks), as they are and with `?`,
/// capitals and spaces moved next to fullwidth marks.
#[test]
fn windows_marks_in_context() {
    let Some(_) = common::clean_dir() else {
        println!("{}", common::NO_CORPORA);
        return;
    };
    let fast = Fixer::new(Config::index());
    let slow = Fixer::new(Config::index()).sequential();
    for t in common::windows_mark_lines(11, "A? ") {
        assert_eq!(fast.fix(&t), slow.fix(&t), "{t:?}");
    }
}
