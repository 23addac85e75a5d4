//! The `display` and `corpus` presets' fused pass (`cjk_text::display_fast`,
//! taken by `Fixer::fix`) gives byte for byte what the sequential pipeline
//! gives (`Fixer::sequential`): on every line of ../shared/data/clean and of
//! target/bench-inputs (generate with `python3 tools/make_bench_inputs.py`;
//! skipped when absent), on whole files, on every sequence of three pieces
//! around the marks and spaces the passes judge, and on random
//! punctuation-prone strings.

mod common;

use std::sync::OnceLock;

use mojifix::{Config, Fixer};
use proptest::prelude::*;

/// (fused, sequential) fixers for `display` (0) and `corpus` (1).
fn fixers(k: usize) -> &'static (Fixer, Fixer) {
    static F: [OnceLock<(Fixer, Fixer)>; 2] = [OnceLock::new(), OnceLock::new()];
    F[k].get_or_init(|| {
        let config = [Config::display(), Config::corpus()][k].clone();
        (Fixer::new(config.clone()), Fixer::new(config).sequential())
    })
}

fn equal_on_corpora(k: usize) {
    let (fast, slow) = fixers(k);
    let label = ["display", "corpus"][k];
    if let Some(changed) = common::fused::assert_equal_on_corpora(fast, slow, label) {
        assert!(changed > 0);
    }
}

#[test]
fn display_fused_equals_sequential_on_corpora() {
    equal_on_corpora(0);
}

#[test]
fn corpus_fused_equals_sequential_on_corpora() {
    equal_on_corpora(1);
}

#[test]
fn explain_stays_on_the_sequential_path() {
    let (fast, _) = fixers(0);
    let e = fast.fix_and_explain("你好 ，世界,再见.");
    assert_eq!(e.text, fast.fix("你好 ，世界,再见."));
    assert_eq!(e.text, "你好，世界，再见。");
    let fixers: Vec<&str> = e.changes.iter().map(|c| c.fixer).collect();
    assert!(fixers.contains(&"remove_punct_spaces"), "{fixers:?}");
    assert!(fixers.contains(&"punctuation_width"), "{fixers:?}");
}

/// Every sequence of three pieces between two ends, under both presets:
/// ASCII marks (runs of `!`, dots), spaces and tabs, fullwidth marks (which
/// narrow in lines without CJ and Hangul), CJ, Hangul, kana (Japanese `、`),
/// letters and digits (`,` after a word), fullwidth letters (folded
/// first), closing quotes, inline code, line ends.
#[test]
fn marks_and_spaces_in_context() {
    let pieces = [
        ",", ".", "..", "!!", "?", ":", " ", "  ", "\t", "，", "。", "！", "中", "a", "1", "한",
        "カ", "」", "\"", "`", "Ａ", "\u{3000}",
    ];
    let ends = ["", "中", "a", "\n", "，", "`", " "];
    for k in 0..2 {
        let (fast, slow) = fixers(k);
        common::fused::assert_equal_on_triples(fast, slow, &pieces, &ends);
    }
}

/// What the web-scrape repairs of `corpus` look for (a letter glued between
/// CJK characters, `(` or `（` opening a reading after Han, their rare
/// trigger characters) next to what the fused pass changes.
#[test]
fn scrape_sites_next_to_changes() {
    let (fast, slow) = fixers(1);
    let befores = ["", "中", "中 ", "中,", "中 ，", "a"];
    let sites = [
        "中a文",
        "中Z，",
        "用C语言",
        "中(zhōng)",
        "中（zhōng）",
        "中（注）",
        "中(1)",
        "鹧鸪",
        "１２",
        "［注］",
        "中@文",
        "中~，",
    ];
    let afters = ["", ",中", " ，", "。", ". ", "中"];
    // The cases must reach the web-scrape repairs, not only the passes:
    // count those where `corpus` gives another text than `corpus` without
    // them.
    let mut config = Config::corpus();
    config.inline_pinyin = false;
    config.double_byte_resync = false;
    let no_scrape = Fixer::new(config);
    let mut scrape_acted = 0;
    for a in befores {
        for s in sites {
            for b in afters {
                let text = format!("{a}{s}{b}");
                let fixed = fast.fix(&text);
                assert_eq!(fixed, slow.fix(&text), "{text:?}");
                scrape_acted += usize::from(fixed != no_scrape.fix(&text));
            }
        }
    }
    // (36 when written: a drop means sites stopped reaching the repairs.)
    assert!(
        scrape_acted >= 36,
        "only {scrape_acted} cases made a web-scrape repair act"
    );
    println!("scrape repairs acted on {scrape_acted} cases");
}

/// Every clean CJK line with punctuation noise (ASCII marks for fullwidth
/// ones, spaces around marks, a letter or `(` glued after a character,
/// `，` where a line has no CJ): what the passes and the web-scrape
/// repairs judge, in real text.
#[test]
fn noisy_clean_lines() {
    let Some(dir) = common::clean_dir() else {
        println!("{}", common::NO_CORPORA);
        return;
    };
    let mut rng = mojifix::damage::Rng::new(5);
    let (mut lines, mut changed) = (0, 0);
    for lang in ["zh-Hans", "zh-Hant", "ja", "ko"] {
        let text = std::fs::read_to_string(dir.join(format!("{lang}.txt"))).unwrap();
        for line in text.lines() {
            let mut noisy = String::new();
            for c in line.chars() {
                let piece = match (c, rng.below(6)) {
                    ('，', 0) => ", ".to_string(),
                    ('，', 1) => " ，".to_string(),
                    ('，', 2) => ",".to_string(),
                    ('。', 0 | 1) => ".".to_string(),
                    ('。', 2) => " 。 ".to_string(),
                    ('！' | '？', 0) => "!!".to_string(),
                    ('：', 0) => ": ".to_string(),
                    (c, 0) if rng.below(20) == 0 => format!("{c}a"),
                    (c, 1) if rng.below(40) == 0 => format!("{c}(zh)"),
                    (c, 2) if rng.below(40) == 0 => format!("{c} "),
                    (c, _) => c.to_string(),
                };
                noisy.push_str(&piece);
            }
            noisy.push('\n');
            for k in 0..2 {
                let (fast, slow) = fixers(k);
                let want = slow.fix(&noisy);
                assert_eq!(fast.fix(&noisy), want, "{noisy:?}");
                changed += usize::from(want != noisy);
                lines += 1;
            }
        }
    }
    println!("noisy lines: {lines} fixed, {changed} changed");
    assert!(changed > 0);
}

/// Lines of Korean through cp949 and Traditional Chinese through cp950,
/// whose runs start at a Windows decoder's `?` (a trigger at an ASCII
/// byte), as they are and with `?` and spaces moved next to fullwidth
/// marks (`remove_punct_spaces` can put a `?` right before one).
#[test]
fn windows_marks_in_context() {
    let Some(_) = common::clean_dir() else {
        println!("{}", common::NO_CORPORA);
        return;
    };
    let mut lines = 0;
    for t in common::windows_mark_lines(7, "? ") {
        for k in 0..2 {
            let (fast, slow) = fixers(k);
            assert_eq!(fast.fix(&t), slow.fix(&t), "{t:?}");
            lines += 1;
        }
    }
    println!("{lines} lines");
}

fn prone_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => prop::sample::select(vec!['中', '文', '字', '日', '本', 'の', 'カ', 'ー', '한', '국', '說', '鹧', '𠀀']),
        3 => prop::char::range('a', 'e'),
        1 => prop::char::range('A', 'C'),
        1 => prop::char::range('0', '2'),
        6 => prop::sample::select(vec![' ', ' ', ' ', ',', ',', '.', '.', ':', ';', '!', '?', '"', '\'', '(', ')', '`', '\n', '\t', '\r', '@', '&']),
        5 => prop::sample::select(vec!['，', '。', '、', '！', '？', '：', '；', '．', '（', '）', '「', '」', '『', '』', '“', '”', '’', '…', '—', '・', '［', '］']),
        1 => prop::sample::select(vec!['Ａ', '１', 'ｶ', 'ﾞ', '⽇', '︐', '\u{3000}', '\u{a0}', '\u{200b}', '\u{301}', 'ﬁ', 'é', 'Ã', '©', '\u{1b}', '\u{85}']),
    ]
}

fn prone_string() -> impl Strategy<Value = String> {
    prop::collection::vec(prone_char(), 0..40).prop_map(|v| v.into_iter().collect())
}

/// Mojibake pieces (UTF-8 read as a legacy encoding, a legacy encoding read
/// as windows-1252) next to marks and spaces: the fused pass checks the
/// result's repair triggers only near its changes.
fn mojibake_piece() -> impl Strategy<Value = String> {
    let marks = prop::sample::select(vec![
        ",", ".", "!", " ", " ， ", "，", "。", "中", "a", "é", "中,", ", ", "?", "? ",
    ])
    .prop_map(String::from);
    prop_oneof![6 => common::fused::cjk_mojibake(), 5 => marks]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20000))]

    #[test]
    fn fused_equals_sequential(s in prone_string(), k in 0..2usize) {
        let (fast, slow) = fixers(k);
        prop_assert_eq!(fast.fix(&s), slow.fix(&s));
    }

    #[test]
    fn fused_equals_sequential_next_to_mojibake(
        pieces in prop::collection::vec(mojibake_piece(), 0..12),
        k in 0..2usize,
    ) {
        let s: String = pieces.concat();
        let (fast, slow) = fixers(k);
        prop_assert_eq!(fast.fix(&s), slow.fix(&s));
    }
}
