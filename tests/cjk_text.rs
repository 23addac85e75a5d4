//! Issue 5: CJK-aware width, punctuation and normalization.
//!
//! Golden cases come from the anchors' own documented examples, each naming
//! its source; where mojifix deliberately decides otherwise, the case says
//! so. Then: protected spans in `display`, the Korean guard, `--explain`
//! and plan replay, and idempotence of every preset (proptest).

use std::sync::OnceLock;

use mojifix::cjk_text::{self, Locale};
use mojifix::{apply_plan, Config, Fixer};
use proptest::prelude::*;

fn fixer(preset: &str) -> &'static Fixer {
    static F: OnceLock<Vec<(&'static str, Fixer)>> = OnceLock::new();
    let all = F.get_or_init(|| {
        Config::PRESETS
            .iter()
            .map(|&p| (p, Fixer::new(Config::preset(p).unwrap())))
            .collect()
    });
    &all.iter().find(|(p, _)| *p == preset).unwrap().1
}

fn with(preset: &str, switches: &[&str], locale: Option<Locale>) -> Fixer {
    let mut c = Config::preset(preset).unwrap();
    for s in switches {
        c.set(s, true).unwrap();
    }
    c.locale = locale;
    Fixer::new(c)
}

#[track_caller]
fn check(f: &Fixer, cases: &[(&str, &str)]) -> usize {
    for (input, want) in cases {
        assert_eq!(f.fix(input), *want, "input {input:?}");
        // Every golden output is a fixed point.
        assert_eq!(f.fix(want), *want, "output {want:?} is not stable");
    }
    cases.len()
}

/// huacnlee/autocorrect, autocorrect/src/rule/fullwidth.rs (`test_fullwidth`,
/// `test_fullwidth_with_cjk`): punctuation width next to CJK.
#[test]
fn autocorrect_fullwidth_cases() {
    let n = check(
        fixer("display"),
        &[
            ("你好,这是一个句子.", "你好，这是一个句子。"),
            ("\"请求参数错误.\"", "\"请求参数错误。\""),
            ("'请求参数错误.'", "'请求参数错误。'"),
            ("!开头不处理.", "!开头不处理。"),
            ("刚刚买了一部 iPhone,好开心!", "刚刚买了一部 iPhone，好开心！"),
            ("蚂蚁集团上市后有多大的上涨空间?", "蚂蚁集团上市后有多大的上涨空间？"),
            (
                "我们需要一位熟悉 JavaScript、HTML5,至少理解一种框架 (如 Backbone.js、AngularJS、React 等) 的前端开发者.",
                "我们需要一位熟悉 JavaScript、HTML5，至少理解一种框架 (如 Backbone.js、AngularJS、React 等) 的前端开发者。",
            ),
            ("蚂蚁疾奔:蚂蚁集团两地上市~全速推进!", "蚂蚁疾奔：蚂蚁集团两地上市~全速推进！"),
            ("蚂蚁集团是阿里巴巴 (BABA.N) 旗下金融科技子公司", "蚂蚁集团是阿里巴巴 (BABA.N) 旗下金融科技子公司"),
            ("Dollar 的演示 $阿里巴巴.US$ 股票标签", "Dollar 的演示 $阿里巴巴.US$ 股票标签"),
            ("你好,這是一個句子.", "你好，這是一個句子。"),
            (
                "でもっと多くのことができるようになります.そんな新機能の数々をさっそく体験してみましょう.",
                "でもっと多くのことができるようになります。そんな新機能の数々をさっそく体験してみましょう。",
            ),
            ("근면, 검소, 협동은 우리 겨레의 미덕이다.", "근면, 검소, 협동은 우리 겨레의 미덕이다."),
            // Deliberate difference: autocorrect leaves `中文;中文` ("danger");
            // issue 5 lists `;` among the marks made fullwidth between CJ.
            ("中文;中文", "中文；中文"),
        ],
    );
    assert_eq!(n, 14);
}

/// huacnlee/autocorrect README.md and autocorrect/src/lib.rs doc examples
/// (`autocorrect::format`): CJK–Latin spacing.
#[test]
fn autocorrect_spacing_cases() {
    let f = with("display", &["pangu_spacing"], None);
    check(
        &f,
        &[
            ("长桥LongBridge App下载", "长桥 LongBridge App 下载"),
            ("Ruby 2.7版本第1次发布", "Ruby 2.7 版本第 1 次发布"),
            ("于3月10日开始", "于 3 月 10 日开始"),
            (
                "全世界已有数百家公司在生产环境中使用Rust，以达到快速、跨平台、低资源占用的目的。",
                "全世界已有数百家公司在生产环境中使用 Rust，以达到快速、跨平台、低资源占用的目的。",
            ),
            ("学习如何用 Rust 构建 Application", "学习如何用 Rust 构建 Application"),
            (
                "既に、世界中の数百という企業がRustを採用し、高速で低リソースのクロスプラットフォームソリューションを実現しています。",
                "既に、世界中の数百という企業が Rust を採用し、高速で低リソースのクロスプラットフォームソリューションを実現しています。",
            ),
            // Deliberate difference: autocorrect's README keeps
            // `包装日期为2013年3月10日` (a date special case); mojifix spaces
            // dates like any other number, as pangu does.
            ("包装日期为2013年3月10日", "包装日期为 2013 年 3 月 10 日"),
            // Deliberate difference (issue 5): autocorrect splits Korean
            // particles (`전 세계 Rust 를`); no spacing is added next to Hangul.
            ("전 세계Rust를", "전 세계Rust를"),
        ],
    );
}

/// vinta/pangu.js README.md and CLI help (`pangu.spacing`), and its test
/// inputs with the outputs pangu.js documents.
#[test]
fn pangu_cases() {
    let f = with("display", &["pangu_spacing"], None);
    check(
        &f,
        &[
            (
                "當你凝視著bug，bug也凝視著你",
                "當你凝視著 bug，bug 也凝視著你",
            ),
            (
                "與PM戰鬥的人，應當小心自己不要成為PM",
                "與 PM 戰鬥的人，應當小心自己不要成為 PM",
            ),
            ("前面(中文123漢字)後面", "前面 (中文 123 漢字) 後面"),
            (
                "陳上進 likes 林依諾's status.",
                "陳上進 likes 林依諾's status.",
            ),
            (
                "請看https://example.com/path頁面",
                "請看 https://example.com/path 頁面",
            ),
            ("檢查src/main.py文件", "檢查 src/main.py 文件"),
            ("한국어test", "한국어test"),
        ],
    );
}

/// rspeer/python-ftfy: `fix_character_width` docstring examples, and the
/// behaviour issue 5 describes (ftfy's defaults restyle clean Chinese).
#[test]
fn ftfy_cases() {
    // ftfy docs: fix_character_width("ＬＯＵＤ　ＮＯＩＳＥＳ") == "LOUD NOISES",
    // fix_character_width("Ｕﾀｰﾝ") == "Uターン".
    let f = with("display", &["normalize_spaces"], None);
    check(
        &f,
        &[
            ("ＬＯＵＤ　ＮＯＩＳＥＳ", "LOUD NOISES"),
            ("Ｕﾀｰﾝ", "Uターン"),
        ],
    );
    // The ftfy preset keeps ftfy's semantics: it folds CJK punctuation.
    assert_eq!(
        fixer("ftfy").fix("你好，世界！（测试）"),
        "你好,世界!(测试)"
    );
    assert_eq!(fixer("ftfy").fix("“你好”"), "\"你好\"");
    // Deliberate difference: `default` and `display` keep clean Chinese as is.
    for p in ["default", "display"] {
        assert_eq!(
            fixer(p).fix("你好，世界！（测试）“引文”"),
            "你好，世界！（测试）“引文”"
        );
    }
    // `index` folds it to ASCII on purpose (keys, never shown), but keeps
    // the quotes inside the CJK run.
    assert_eq!(
        fixer("index").fix("你好，世界！（测试）“引文”"),
        "你好,世界!(测试)“引文”"
    );
}

/// W3C clreq (Requirements for Chinese Text Layout), punctuation marks:
/// the ellipsis is two U+2026, the dash two U+2014, the interpunct in
/// foreign names U+00B7; quotes are “”‘’ in Simplified and 「」『』 in
/// Traditional Chinese, nested alternately.
#[test]
fn clreq_cases() {
    let f = with(
        "display",
        &[
            "cjk_ellipsis",
            "cjk_dashes",
            "cjk_interpunct",
            "style_quotes",
        ],
        Some(Locale::ZhHans),
    );
    check(
        &f,
        &[
            ("他想了想...然后走了。", "他想了想……然后走了。"),
            ("他想了想。。。然后走了。", "他想了想……然后走了。"),
            ("他想了想…然后走了。", "他想了想……然后走了。"),
            ("他想了想⋯⋯然后走了。", "他想了想……然后走了。"),
            ("这就是——我的答案", "这就是——我的答案"),
            ("这就是—我的答案", "这就是——我的答案"),
            ("这就是--我的答案", "这就是——我的答案"),
            ("阿尔伯特‧爱因斯坦", "阿尔伯特·爱因斯坦"),
            ("列夫•托尔斯泰", "列夫·托尔斯泰"),
            ("列夫・托尔斯泰", "列夫·托尔斯泰"),
            // 丶 is a Han character (radical 3), never an interpunct.
            ("丶丶", "丶丶"),
            ("他说「她说『你好』」", "他说“她说‘你好’”"),
        ],
    );
    let tw = with("display", &["style_quotes"], Some(Locale::ZhHantTw));
    check(&tw, &[("他說“她說‘你好’”", "他說「她說『你好』」")]);
    let hk = with("display", &["style_quotes"], Some(Locale::ZhHantHk));
    check(&hk, &[("他說\"你好\"", "他說「你好」")]);
    // Japanese keeps ・ between names, and 「」.
    let ja = with(
        "display",
        &["cjk_interpunct", "style_quotes"],
        Some(Locale::Ja),
    );
    check(
        &ja,
        &[(
            "ジョン・スミスは“日本語”と言った",
            "ジョン・スミスは「日本語」と言った",
        )],
    );
}

/// Issue 5's own table rows.
#[test]
fn issue_table_rows() {
    let d = fixer("default");
    // Repair-only rows that are on in every preset.
    for p in ["default", "display", "index"] {
        let f = fixer(p);
        let k = |s: &str| f.fix(s).into_owned();
        assert_eq!(k("ﾊﾞｯｸｱｯﾌﾟ"), "バックアップ");
        assert_eq!(
            k("｢ﾃｽﾄ｣､"),
            if p == "index" {
                "「テスト」,"
            } else {
                "「テスト」、"
            }
        );
        assert_eq!(
            k("⽇本の⽂字"),
            "日本の文字",
            "Kangxi radicals inside Han text ({p})"
        );
        assert_eq!(k("部首⼈"), "部首人");
    }
    assert_eq!(d.fix("⼈ ⼝ ⼑"), "⼈ ⼝ ⼑", "radicals on their own stay");
    // Vertical forms → CJK forms, not ASCII (except in index).
    assert_eq!(d.fix("你好︐世界︒"), "你好，世界。");
    assert_eq!(fixer("index").fix("你好︐世界︒"), "你好,世界.");
    // Fullwidth letters and digits: display and index only (default: see
    // the clean-corpus measurement in Config's docs).
    assert_eq!(d.fix("ＡＢＣ１２３"), "ＡＢＣ１２３");
    assert_eq!(fixer("display").fix("ＡＢＣ１２３"), "ABC123");
    assert_eq!(fixer("index").fix("ＡＢＣ１２３"), "abc123");
    // CJK compatibility ideographs survive NFC; index unifies them.
    assert_eq!(d.fix("\u{F900}"), "\u{F900}");
    assert_eq!(fixer("display").fix("\u{F900}"), "\u{F900}");
    assert_eq!(fixer("index").fix("\u{F900}"), "\u{8C48}");
    // Spaces: index only (ZWJ and ZWNJ are never removed).
    assert_eq!(fixer("index").fix("中\u{3000}文\u{200B}字"), "中 文字");
    assert_eq!(
        fixer("index").fix("👩\u{200D}💻 a\u{200C}b"),
        "👩\u{200D}💻 a\u{200C}b"
    );
    assert_eq!(fixer("display").fix("　「缩进」"), "　「缩进」");
    // Spaces around fullwidth punctuation.
    assert_eq!(fixer("display").fix("你好 ， 世界 。"), "你好，世界。");
    assert_eq!(fixer("index").fix("你好 ， 世界 。"), "你好,世界.");
    // Fullwidth marks in Latin-only lines become ASCII (display).
    assert_eq!(fixer("display").fix("Hello，world！"), "Hello, world!");
    // Index: ellipsis in NFKC's ASCII form, dashes and interpunct unified.
    assert_eq!(
        fixer("index").fix("等等……阿尔伯特‧爱因斯坦—好"),
        "等等...阿尔伯特·爱因斯坦——好"
    );
    // Straighten quotes, never inside CJK runs.
    assert_eq!(
        fixer("index").fix("“Hello” 他说“你好”"),
        "\"hello\" 他说“你好”"
    );
    // Casefold after NFKC.
    assert_eq!(fixer("index").fix("Straße ﬁne"), "strasse fine");
}

/// The `display` preset leaves protected spans alone, with every optional
/// pass on.
#[test]
fn display_leaves_protected_spans_alone() {
    let f = with(
        "display",
        &[
            "pangu_spacing",
            "cjk_ellipsis",
            "cjk_dashes",
            "cjk_interpunct",
            "style_quotes",
            "normalize_spaces",
        ],
        None,
    );
    let spans = [
        "https://example.com/中文,路径?a=1&b=2",
        "user.name@example.com",
        "/usr/include/linux/acct.h",
        "C:\\Users\\name\\file.txt",
        "`a,b;c`",
        "%s",
        "%1$d",
        "{0}",
        "${x}",
        "$1",
        "3.14",
        "1,000",
        "BABA.N",
        "`中文,测试...`",
    ];
    for span in spans {
        for (before, after) in [("见", "获取"), ("见 ", " 获取"), ("", "")] {
            let text = format!("{before}{span}{after}");
            let out = f.fix(&text);
            assert!(
                out.contains(span.split('中').next().unwrap()),
                "{span:?} changed in {text:?} -> {out:?}"
            );
            if span.is_ascii() || span.starts_with('`') {
                assert!(
                    out.contains(span),
                    "{span:?} changed in {text:?} -> {out:?}"
                );
            }
        }
    }
    // Inline code keeps its CJK punctuation too.
    assert_eq!(
        f.fix("运行`echo 你好,世界`即可"),
        "运行`echo 你好,世界`即可"
    );
}

/// No width or spacing change next to Hangul.
#[test]
fn korean_guard() {
    let f = with(
        "display",
        &[
            "pangu_spacing",
            "cjk_ellipsis",
            "cjk_dashes",
            "style_quotes",
        ],
        None,
    );
    for text in [
        "전 세계Rust를 사용합니다.",
        "근면, 검소, 협동은 미덕이다!",
        "한국어 ， 텍스트",
        "데비안은 GNU/리눅스만 하나요?",
        "안녕하세요...",
        "“안녕하세요”",
    ] {
        assert_eq!(f.fix(text), text);
    }
    assert_eq!(f.fix("中文,한국어"), "中文,한국어");
}

/// Every pass is reported by --explain and replays through apply_plan.
#[test]
fn explain_names_the_pass_and_plans_replay() {
    let f = with(
        "display",
        &[
            "pangu_spacing",
            "cjk_ellipsis",
            "cjk_dashes",
            "cjk_interpunct",
            "style_quotes",
            "normalize_spaces",
        ],
        Some(Locale::ZhHantTw),
    );
    let e = f.fix_and_explain("他說\"ﾃｽﾄ\"...用Rust,好");
    let fixers: Vec<&str> = e.changes.iter().map(|c| c.fixer).collect();
    for want in [
        "fix_halfwidth_katakana",
        "punctuation_width",
        "cjk_ellipsis",
        "style_quotes",
        "pangu_spacing",
    ] {
        assert!(fixers.contains(&want), "{want} missing from {fixers:?}");
    }
    assert_eq!(e.text, "他說「テスト」……用 Rust，好");
    let plan = e.plan();
    assert!(
        plan.iter().any(|s| s.name == "style_quotes@zh-Hant-TW"),
        "{plan:?}"
    );
    assert_eq!(
        apply_plan("他說\"ﾃｽﾄ\"...用Rust,好", &plan).unwrap(),
        e.text
    );
    let idx = fixer("index").fix_and_explain("Ｔｅｓｔ，好……");
    assert_eq!(idx.text, "test,好...");
    assert_eq!(apply_plan("Ｔｅｓｔ，好……", &idx.plan()).unwrap(), idx.text);
}

#[test]
fn locale_round_trips() {
    for l in Locale::ALL {
        assert_eq!(l.as_str().parse::<Locale>().unwrap(), l);
        let json = serde_json::to_string(&l).unwrap();
        assert_eq!(serde_json::from_str::<Locale>(&json).unwrap(), l);
    }
    let mut c = Config::display();
    c.locale = Some(Locale::Ja);
    let back: Config = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
    assert_eq!(back, c);
    // Older configs without the new fields still load.
    let old: Config = serde_json::from_str("{\"uncurl_quotes\": true}").unwrap();
    assert!(old.fix_halfwidth_katakana && old.locale.is_none());
}

#[test]
fn presets_are_listed_and_distinct() {
    assert_eq!(
        Config::PRESETS,
        ["default", "display", "index", "corpus", "ftfy"]
    );
    let cs: Vec<Config> = Config::PRESETS
        .iter()
        .map(|p| Config::preset(p).unwrap())
        .collect();
    for (i, a) in cs.iter().enumerate() {
        for b in &cs[i + 1..] {
            assert_ne!(a, b);
        }
    }
}

fn cjk_prone_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec!['中', '文', '字', '日', '本', 'の', 'カ', 'ー', '丶', '한', '국', '𠀀']),
        3 => prop::char::range('a', 'e'),
        1 => prop::char::range('A', 'C'),
        1 => prop::char::range('0', '3'),
        3 => prop::sample::select(vec![' ', ',', '.', ':', ';', '!', '?', '"', '\'', '(', ')', '-', '/', '@', '%', '$', '{', '}', '`', '\n']),
        3 => prop::sample::select(vec!['，', '。', '、', '！', '？', '：', '；', '（', '）', '「', '」', '『', '』', '“', '”', '‘', '’', '…', '⋯', '—', '―', '─', '－', '．', '‧', '•', '・', '·', '～']),
        2 => prop::sample::select(vec!['ﾊ', 'ﾞ', 'ﾟ', 'ｶ', '｡', '､', '｢', '｣', '･', 'Ａ', '１', 'ａ', '⽇', '⼈', '︐', '︒', '﹁', '︰', '\u{3000}', '\u{a0}', '\u{200b}', '\u{200d}', '\u{f900}', 'ß', 'ﬁ', '\u{3099}']),
    ]
}

fn cjk_prone_string() -> impl Strategy<Value = String> {
    prop::collection::vec(cjk_prone_char(), 0..40).prop_map(|v| v.into_iter().collect())
}

fn all_on(preset: &str, locale: Option<Locale>) -> Fixer {
    let mut c = Config::preset(preset).unwrap();
    for s in [
        "normalize_spaces",
        "cjk_ellipsis",
        "cjk_dashes",
        "cjk_interpunct",
        "style_quotes",
        "pangu_spacing",
    ] {
        c.set(s, true).unwrap();
    }
    c.locale = locale;
    Fixer::new(c)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_preset_is_idempotent(s in cjk_prone_string()) {
        for p in Config::PRESETS {
            let f = fixer(p);
            let once = f.fix(&s).into_owned();
            prop_assert_eq!(f.fix(&once), once.clone(), "preset {}", p);
        }
    }

    #[test]
    fn display_with_every_option_is_idempotent(s in cjk_prone_string(), l in 0usize..6) {
        let locale = Locale::ALL.get(l).copied();
        let f = all_on("display", locale);
        let once = f.fix(&s).into_owned();
        prop_assert_eq!(f.fix(&once).into_owned(), once);
    }

    #[test]
    fn explain_agrees_with_fix(s in cjk_prone_string()) {
        for p in ["display", "index"] {
            let f = fixer(p);
            for line in s.split_inclusive('\n') {
                let e = f.fix_and_explain(line);
                prop_assert_eq!(&e.text, &f.fix(line).into_owned());
                prop_assert_eq!(apply_plan(line, &e.plan()).unwrap(), e.text);
            }
        }
    }

    #[test]
    fn passes_never_panic(s in "\\PC{0,40}") {
        let f = all_on("display", None);
        let _ = f.fix(&s);
        let _ = fixer("index").fix(&s);
        let _ = cjk_text::protected_spans(&s);
        let _ = cjk_text::style_quotes(&s, Some(Locale::ZhHantTw));
    }
}
