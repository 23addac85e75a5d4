//! CJK-aware width, punctuation, quote, spacing and Unicode normalization
//! passes (issue 5), each behind one [`Config`] switch.
//!
//! | switch | what it does | default | display | index |
//! |---|---|---|---|---|
//! | `fix_halfwidth_katakana` | [`fix_halfwidth_katakana`]: `ﾊﾞ` → `バ`, `｡､｢｣･` → `。、「」・` | on | on | on |
//! | `fold_fullwidth_alnum` | [`fold_fullwidth_alnum`]: `ＡＢＣ１２３` → `ABC123` | off¹ | on | on |
//! | `fix_kangxi_radicals` | [`fix_kangxi_radicals`]: `⽇本` → `日本` inside Han text | on | on | on |
//! | `fix_vertical_forms` | [`fix_vertical_forms`]: `︐` → `，`, `﹁` → `「` | on | on | on |
//! | `normalize_spaces` | [`normalize_spaces`]: U+3000, NBSP… → space; ZWSP removed; never ZWJ/ZWNJ | off | opt | on |
//! | `punctuation_width` | [`punctuation_width`]: `,.` between CJ → `，。`; `，` in Latin lines → `,` | off | on | off |
//! | `cjk_ellipsis` | [`cjk_ellipsis`]: `...` `。。。` → `……` next to CJ | off | opt | on² |
//! | `cjk_dashes` | [`cjk_dashes`]: `—` `--` → `——` between CJ | off | opt | on |
//! | `cjk_interpunct` | [`cjk_interpunct`]: `‧ • ・ ．` → `·` between Han | off | opt | on |
//! | `straighten_quotes` | [`straighten_quotes`]: `“”` → `"` outside CJK runs | off | off | on |
//! | `style_quotes` | [`style_quotes`]: `“”‘’` or `「」『』` by locale, nested | off | opt | off |
//! | `remove_punct_spaces` | [`remove_punct_spaces`]: `你好 ，` → `你好，` | off | on | on |
//! | `ascii_punctuation` | [`ascii_punctuation`]: `，。！（）` → `,.!()` context-free | off | off | on |
//! | `pangu_spacing` | [`pangu_spacing`]: `中文English` → `中文 English`, never next to Hangul | off | opt | off |
//! | `casefold` | [`casefold`], after NFKC | off | off | on |
//!
//! ¹ measured: it would change 59 clean lines of `../shared/data/clean`
//! (zh-Hans 51, ja 5, zh-Hant 3), where fullwidth digits are the writer's
//! choice. ² in `index` the ellipsis becomes `...` (NFKC's form of `…`).
//!
//! Every pass is a `fn(&str) -> Cow<str>` (locale-dependent ones take the
//! locale too) that finds candidates with a byte scan and returns the text
//! borrowed when it changes nothing. The display passes leave protected spans
//! alone ([`protected_spans`]), and no width or spacing change is ever made
//! next to Hangul.

use std::borrow::Cow;
use std::sync::OnceLock;

mod casefold_table;
pub(crate) mod classes;
pub(crate) mod display_fast;
mod edit;
mod forms;
pub(crate) mod index_fast;
mod locale;
mod protect;
mod punct;
mod quotes;
mod spacing;

pub use classes::{is_cj, is_fullwidth_punct, is_han, is_hangul, is_kana};
pub use forms::{
    ascii_punctuation, casefold, fix_halfwidth_katakana, fix_kangxi_radicals, fix_vertical_forms,
    fold_fullwidth_alnum, normalize_spaces,
};
pub use locale::{Locale, UnknownLocale};
pub use protect::protected_spans;
pub use punct::{cjk_dashes, cjk_ellipsis, cjk_interpunct, punctuation_width, remove_punct_spaces};
pub use quotes::{straighten_quotes, style_quotes};
pub use spacing::pangu_spacing;

use crate::config::{Config, TextFix};

/// One compiled pass: its switch, its plan-step name and the function.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Op {
    pub(crate) switch: &'static str,
    pub(crate) step: &'static str,
    pub(crate) fix: TextFix,
    /// The pass can act only on a segment whose [`features`] include all
    /// bits of the first set and none of the second, for one of these pairs.
    requires: &'static [(u32, u32)],
    /// A superset of the features of any character the pass writes: after
    /// the pass changes a segment, the segment's features are at most its
    /// old features plus these (so no rescan is needed).
    pub(crate) introduces: u32,
    /// The pass leaves its own output alone (so after it acts, the
    /// confirming round need not run it again unless another step changes
    /// the text).
    pub(crate) idempotent: bool,
    /// The passes (bits over the indices of [`compile`]'s list) that leave
    /// this pass's output alone whenever they left its input alone: after
    /// this pass acts, the confirming round need not run them again.
    pub(crate) keeps_clean: u64,
}

impl Op {
    /// Whether the pass could change a segment with these features.
    #[inline]
    pub(crate) fn may_act(&self, features: u32) -> bool {
        for &(all, none) in self.requires {
            if features & all == all && features & none == 0 {
                return true;
            }
        }
        false
    }

    /// Whether the pass could change a segment whose features are a subset
    /// of these (only the "all of" halves of its requirements can be judged
    /// on a superset): `false` proves it cannot.
    #[inline]
    pub(crate) fn may_act_within(&self, superset: u32) -> bool {
        self.requires.iter().any(|&(all, _)| superset & all == all)
    }
}

pub(crate) use classes::{char_feature_bits, feature_table, features};
pub(crate) const ALL_FEATURES: u32 = classes::feat::ALL;

/// The feature sets a pass needs: (all of, none of), any one pair.
fn requires(switch: &str) -> &'static [(u32, u32)] {
    use classes::feat::*;
    match switch {
        "fix_halfwidth_katakana" => &[(HW_KANA, 0)],
        "fold_fullwidth_alnum" => &[(FW_ALNUM, 0)],
        "fix_kangxi_radicals" => &[(KANGXI | HAN, 0)],
        "fix_vertical_forms" => &[(VERT, 0)],
        "normalize_spaces" => &[(SPACE, 0)],
        // Fullwidth marks become ASCII only in lines without CJK.
        "punctuation_width" => &[(CJ | ASCII_PUNCT, 0), (FW_MARK, CJ | HANGUL)],
        "cjk_ellipsis" => &[(CJ | DOTS, 0)],
        "cjk_dashes" => &[(CJ | DASH, 0)],
        "cjk_interpunct" => &[(HAN | INTERPUNCT, 0)],
        "straighten_quotes" => &[(CURLY, 0)],
        "style_quotes" => &[(CJ | QUOTE, 0)],
        "remove_punct_spaces" => &[(FW_PUNCT | ASCII_SPACE, 0)],
        "ascii_punctuation" => &[(TO_ASCII, 0)],
        "pangu_spacing" => &[(CJ | LATIN, 0)],
        _ => &[(0, 0)],
    }
}

/// Every character a pass may write (for [`Op::introduces`]).
fn outputs(switch: &str) -> &'static str {
    match switch {
        "fix_halfwidth_katakana" => "アー゛゜。「」、・",
        "fold_fullwidth_alnum" => "aA0",
        "fix_kangxi_radicals" => "中",
        "fix_vertical_forms" => {
            "，、。：；！？〖〗…—–＿（）｛｝〔〕【】《》〈〉「」『』［］‾．＃＆＊＋－＜＞＝＼＄％＠"
        }
        "normalize_spaces" | "pangu_spacing" => " ",
        "punctuation_width" => "，、。：；！？,.:;!? ",
        "cjk_ellipsis" => "….",
        "cjk_dashes" => "—",
        "cjk_interpunct" => "·",
        "straighten_quotes" => "\"'",
        "style_quotes" => "“”‘’「」『』",
        "ascii_punctuation" => ",.!?:;()[]{}~",
        _ => "",
    }
}

/// Whether the pass `switch` leaves its own output alone.
///
/// `remove_punct_spaces` removes whole runs of ASCII spaces, each judged by
/// the characters around it (never a space), whether it starts the line,
/// whether only spaces, tabs and line ends follow it, and whether it lies
/// in inline code (backtick pairs: spaces are never part of a protected
/// word). Removing runs changes none of these for the runs it keeps, so a
/// second pass removes nothing (`tests::remove_punct_spaces_is_idempotent`).
///
/// `punctuation_width` writes only fullwidth marks and ASCII punctuation
/// (and drops the spaces between a mark it widens and the CJ character
/// after it), never a CJ or Hangul character: what it writes is never a
/// context that widens a mark (a CJ character on the left, a CJ character
/// as the next non-space on the right), and in a line without CJ and
/// Hangul it only narrows, so a second pass changes nothing
/// (`tests::idempotent_passes_are_idempotent`, every locale).
fn idempotent(switch: &str) -> bool {
    matches!(switch, "remove_punct_spaces" | "punctuation_width")
}

/// Whether the pass `other` leaves the output of the pass `switch` alone
/// whenever it left its input alone.
///
/// `remove_punct_spaces` keeps `punctuation_width`'s verdicts: it removes
/// runs of ASCII spaces with a fullwidth mark on one side, so a mark
/// `punctuation_width` judges keeps its next non-space character (spaces
/// are skipped there anyway) and whether only spaces follow; a mark whose
/// left neighbour becomes the fullwidth mark had a space there, and neither
/// is CJ or an ASCII letter; ASCII words (protected spans) end at the same
/// bytes, as the removed spaces touch a non-ASCII character, and backtick
/// pairs do not move; CJ, Hangul and kana (the line's locale) stay
/// (`tests::keeping_passes_keep`, every locale).
fn keeps_clean(switch: &str, other: &str) -> bool {
    switch == "remove_punct_spaces" && other == "punctuation_width"
}

/// The passes, in the order they run (after the single-character fixers,
/// before normalization). `casefold` runs after normalization and is not
/// listed here.
pub(crate) const ORDER: [&str; 14] = [
    "fix_halfwidth_katakana",
    "fold_fullwidth_alnum",
    "fix_kangxi_radicals",
    "fix_vertical_forms",
    "normalize_spaces",
    "punctuation_width",
    "cjk_ellipsis",
    "cjk_dashes",
    "cjk_interpunct",
    "straighten_quotes",
    "style_quotes",
    "remove_punct_spaces",
    "ascii_punctuation",
    "pangu_spacing",
];

macro_rules! locale_variants {
    ($name:ident, $f:path, $($code:literal => $step:literal),*) => {
        fn $name(code: u8) -> (&'static str, TextFix) {
            fn run<const L: u8>(text: &str) -> Cow<'_, str> {
                $f(text, Locale::from_code(L))
            }
            match code {
                $($code => ($step, run::<$code>),)*
                _ => (stringify!($name), run::<0>),
            }
        }
    };
}

locale_variants!(punctuation_width_op, punctuation_width,
    0 => "punctuation_width", 1 => "punctuation_width@zh-Hans",
    2 => "punctuation_width@zh-Hant-TW", 3 => "punctuation_width@zh-Hant-HK",
    4 => "punctuation_width@ja", 5 => "punctuation_width@ko");
locale_variants!(cjk_dashes_op, cjk_dashes,
    0 => "cjk_dashes", 1 => "cjk_dashes@zh-Hans", 2 => "cjk_dashes@zh-Hant-TW",
    3 => "cjk_dashes@zh-Hant-HK", 4 => "cjk_dashes@ja", 5 => "cjk_dashes@ko");
locale_variants!(cjk_interpunct_op, cjk_interpunct,
    0 => "cjk_interpunct", 1 => "cjk_interpunct@zh-Hans", 2 => "cjk_interpunct@zh-Hant-TW",
    3 => "cjk_interpunct@zh-Hant-HK", 4 => "cjk_interpunct@ja", 5 => "cjk_interpunct@ko");
locale_variants!(style_quotes_op, style_quotes,
    0 => "style_quotes", 1 => "style_quotes@zh-Hans", 2 => "style_quotes@zh-Hant-TW",
    3 => "style_quotes@zh-Hant-HK", 4 => "style_quotes@ja", 5 => "style_quotes@ko");

fn ellipsis_cjk(text: &str) -> Cow<'_, str> {
    cjk_ellipsis(text, false)
}

fn ellipsis_ascii(text: &str) -> Cow<'_, str> {
    cjk_ellipsis(text, true)
}

/// The pass for `switch` under `config` (its locale, and whether the
/// ellipsis is written as ASCII).
fn op_for(switch: &'static str, locale: u8, ascii: bool) -> Option<Op> {
    let (step, fix): (&'static str, TextFix) = match switch {
        "fix_halfwidth_katakana" => (switch, fix_halfwidth_katakana),
        "fold_fullwidth_alnum" => (switch, fold_fullwidth_alnum),
        "fix_kangxi_radicals" => (switch, fix_kangxi_radicals),
        "fix_vertical_forms" => (switch, fix_vertical_forms),
        "normalize_spaces" => (switch, normalize_spaces),
        "punctuation_width" => punctuation_width_op(locale),
        "cjk_ellipsis" if ascii => ("cjk_ellipsis@ascii", ellipsis_ascii),
        "cjk_ellipsis" => (switch, ellipsis_cjk),
        "cjk_dashes" => cjk_dashes_op(locale),
        "cjk_interpunct" => cjk_interpunct_op(locale),
        "straighten_quotes" => (switch, straighten_quotes),
        "style_quotes" => style_quotes_op(locale),
        "remove_punct_spaces" => (switch, remove_punct_spaces),
        "ascii_punctuation" => (switch, ascii_punctuation),
        "pangu_spacing" => (switch, pangu_spacing),
        "casefold" => (switch, casefold),
        _ => return None,
    };
    Some(Op {
        switch,
        step,
        fix,
        requires: requires(switch),
        introduces: features(outputs(switch)),
        idempotent: idempotent(switch),
        keeps_clean: 0,
    })
}

/// The enabled passes of `config`, in order (without `casefold`).
pub(crate) fn compile(config: &Config) -> Vec<Op> {
    let locale = config.locale.map_or(0, Locale::code);
    let mut ops: Vec<Op> = ORDER
        .into_iter()
        .filter(|name| config.is_on(name).unwrap_or(false))
        .filter_map(|name| op_for(name, locale, config.ascii_punctuation))
        .collect();
    let switches: Vec<&str> = ops.iter().map(|op| op.switch).collect();
    for op in &mut ops {
        for (j, other) in switches.iter().enumerate() {
            if keeps_clean(op.switch, other) {
                op.keeps_clean |= 1 << j;
            }
        }
    }
    ops
}

/// The text fixer a plan step names (`punctuation_width@ja`, …).
pub(crate) fn text_fixer(step: &str) -> Option<TextFix> {
    let (switch, variant) = step.split_once('@').unwrap_or((step, ""));
    let switch = ORDER
        .into_iter()
        .chain(["casefold"])
        .find(|&s| s == switch)?;
    let (locale, ascii) = match variant {
        "" => (0, false),
        "ascii" => (0, true),
        tag => (tag.parse::<Locale>().ok()?.code(), false),
    };
    let op = op_for(switch, locale, ascii)?;
    (op.step == step).then_some(op.fix)
}

/// Whether a pass needs its context to be Chinese or Japanese text (so its
/// triggers are the CJ characters themselves, astral ones included).
pub(crate) fn needs_cj_context(switch: &str) -> bool {
    matches!(
        switch,
        "punctuation_width"
            | "cjk_ellipsis"
            | "cjk_dashes"
            | "cjk_interpunct"
            | "pangu_spacing"
            | "fix_kangxi_radicals"
    )
}

/// The characters that can make the pass `switch` act, one bit per BMP
/// code point (computed once per pass).
pub(crate) fn trigger_bits(switch: &str) -> &'static [u64; 1024] {
    type Bits = Box<[u64; 1024]>;
    static SETS: OnceLock<Vec<(&'static str, Bits)>> = OnceLock::new();
    static EMPTY: [u64; 1024] = [0; 1024];
    let sets = SETS.get_or_init(|| {
        ORDER
            .into_iter()
            .chain(["casefold"])
            .map(|name| {
                let mut bits = Box::new([0u64; 1024]);
                for cp in 0..0x10000u32 {
                    if char::from_u32(cp).is_some_and(|c| triggers(name, c)) {
                        bits[(cp / 64) as usize] |= 1 << (cp % 64);
                    }
                }
                (name, bits)
            })
            .collect()
    });
    sets.iter()
        .find(|(n, _)| *n == switch)
        .map_or(&EMPTY, |(_, b)| b)
}

fn is_quote(c: char) -> bool {
    matches!(c, '\u{2018}'..='\u{201F}' | '「' | '」' | '『' | '』')
}

/// Whether `c` can make the pass `switch` act. A segment without any such
/// character is provably left alone by the pass.
fn triggers(switch: &str, c: char) -> bool {
    let alone = |f: TextFix| {
        let mut buf = [0u8; 4];
        let s: &str = c.encode_utf8(&mut buf);
        f(s) != s
    };
    match switch {
        "fix_halfwidth_katakana" => alone(fix_halfwidth_katakana),
        "fold_fullwidth_alnum" => alone(fold_fullwidth_alnum),
        "fix_vertical_forms" => alone(fix_vertical_forms),
        "normalize_spaces" => alone(normalize_spaces),
        "ascii_punctuation" => alone(ascii_punctuation),
        "casefold" => forms::folds(c),
        "fix_kangxi_radicals" => ('\u{2F00}'..='\u{2FD5}').contains(&c),
        // Both sides must be CJ (or a Latin-only line holds a fullwidth mark).
        "punctuation_width" => is_cj(c) || matches!(c, '，' | '．' | '：' | '；' | '！' | '？'),
        "cjk_ellipsis" | "cjk_dashes" | "pangu_spacing" => is_cj(c),
        "cjk_interpunct" => is_han(c),
        "straighten_quotes" => matches!(c, '\u{2018}'..='\u{201F}'),
        "style_quotes" => is_quote(c) || c == '"',
        "remove_punct_spaces" => is_fullwidth_punct(c),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pass never changes a character it does not list among its
    /// feature requirements: for every pass and every BMP character `c`
    /// placed in CJ context, if the pass changes the text, the text's
    /// features satisfy the pass.
    #[test]
    fn feature_gates_are_sound() {
        let contexts = [
            "中{}文",
            "{}",
            "a{}b",
            "中 {} 文",
            "{}{}{}",
            "中{}{}{}文",
            "文 {}",
        ];
        for name in ORDER {
            let op = op_for(name, 0, false).unwrap();
            let op_ascii = op_for(name, 0, true).unwrap();
            for cp in 0..0x10000u32 {
                let Some(c) = char::from_u32(cp) else {
                    continue;
                };
                for ctx in contexts {
                    let text = ctx.replace("{}", &c.to_string());
                    for o in [op, op_ascii] {
                        let out = (o.fix)(&text);
                        if out != text {
                            let before = features(&text);
                            assert!(o.may_act(before), "{name} on {text:?}");
                            let after = features(&out);
                            assert_eq!(
                                after & !(before | o.introduces),
                                0,
                                "{name} on {text:?} wrote unlisted features"
                            );
                        }
                    }
                }
            }
        }
    }

    /// Every pass marked idempotent leaves its own output alone: on random
    /// texts over characters its rules look at, and on every line of the
    /// clean corpora when they are present.
    #[test]
    fn idempotent_passes_are_idempotent() {
        let alphabet = [
            " ", " ", "  ", "\t", "\n", "，", "。", "「", "」", "・", "！", "中", "文", "の", "한",
            "a", "1", ",", ".", "`", "/", ":", "\u{3000}", "\u{a0}", "é",
        ];
        // Random texts over these characters, then pass_test_texts's (which
        // bring the clean lines).
        let mut texts = random_texts(&alphabet, 5, 200_000, 14);
        texts.extend(pass_test_texts(7, 200_000));
        for name in ORDER.into_iter().filter(|n| idempotent(n)) {
            let mut checked = 0;
            for locale in 0..=5 {
                let op = op_for(name, locale, false).unwrap();
                for text in &texts {
                    let once = (op.fix)(text);
                    if once != text.as_str() {
                        checked += 1;
                        assert_eq!((op.fix)(&once), once, "{} on {text:?}", op.step);
                    }
                }
            }
            assert!(checked > 10_000, "{name}: {checked}");
        }
    }

    /// `n` random texts of fewer than `max_len` pieces of `alphabet`.
    fn random_texts(alphabet: &[&str], seed: u64, n: usize, max_len: usize) -> Vec<String> {
        let mut rng = crate::damage::Rng::new(seed);
        let mut next = move |k: usize| rng.below(k);
        (0..n)
            .map(|_| {
                (0..next(max_len))
                    .map(|_| alphabet[next(alphabet.len())])
                    .collect()
            })
            .collect()
    }

    /// Texts for the pass tests: random ones over the characters the
    /// punctuation and spacing rules look at, and every line of the clean
    /// corpora when they are present.
    fn pass_test_texts(seed: u64, n: usize) -> Vec<String> {
        let alphabet = [
            " ", " ", "  ", "\t", "\n", "，", "。", "、", "．", "！", "？", "：", "；", "「", "」",
            "（", "）", "・", "中", "文", "の", "カ", "한", "a", "Z", "1", "9", ",", ".", ",", ".",
            "!", "?", ":", ";", "...", "`", "/", "://", "%s", "@", "\"", "'", "”", "’", "』",
            "\u{3000}", "\u{a0}", "é", "Ａ", "１",
        ];
        let mut texts = random_texts(&alphabet, seed, n, 16);
        let clean = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean");
        for lang in ["zh-Hans", "zh-Hant", "ja", "ko"] {
            if let Ok(text) = std::fs::read_to_string(format!("{clean}/{lang}.txt")) {
                texts.extend(text.split_inclusive('\n').map(String::from));
            }
        }
        texts
    }

    /// Every [`keeps_clean`] pair holds: when `switch` acts on a text the
    /// other pass leaves alone (its own output, or a text it does not
    /// change), the other pass leaves the result alone too, in every
    /// locale.
    #[test]
    fn keeping_passes_keep() {
        let texts = pass_test_texts(11, 300_000);
        let mut pairs = 0;
        for name in ORDER {
            for other in ORDER.into_iter().filter(|o| keeps_clean(name, o)) {
                pairs += 1;
                let mut checked = 0;
                for locale in 0..=5 {
                    let op = op_for(name, locale, false).unwrap();
                    let kept = op_for(other, locale, false).unwrap();
                    for text in &texts {
                        let left_alone = (kept.fix)(text).into_owned();
                        for t in [text.as_str(), left_alone.as_str()] {
                            if (kept.fix)(t) != t {
                                continue;
                            }
                            let after = (op.fix)(t);
                            if after != t {
                                checked += 1;
                                assert_eq!(
                                    (kept.fix)(&after),
                                    after,
                                    "{} after {} on {t:?}",
                                    kept.step,
                                    op.step
                                );
                            }
                        }
                    }
                }
                assert!(checked > 10_000, "{name} keeps {other}: {checked}");
            }
        }
        assert!(pairs > 0);
    }

    #[test]
    fn every_step_name_maps_back_to_its_fixer() {
        for ascii in [false, true] {
            for locale in 0..=5 {
                for name in ORDER.into_iter().chain(["casefold"]) {
                    let op = op_for(name, locale, ascii).unwrap();
                    assert!(text_fixer(op.step).is_some(), "{}", op.step);
                }
            }
        }
        assert!(text_fixer("punctuation_width@fr").is_none());
        assert!(text_fixer("no_such@ja").is_none());
    }
}
