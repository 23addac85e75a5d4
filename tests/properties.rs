//! Property tests of the invariants in ARCHITECTURE.md: no panic, idempotence,
//! and fix(mojibake(s)) == s for clean Latin-script text.

use mojifix::mojibake::CodePage;
use mojifix::{Config, Fixer};
use proptest::prelude::*;
use std::sync::OnceLock;

fn default_fixer() -> &'static Fixer {
    static F: OnceLock<Fixer> = OnceLock::new();
    F.get_or_init(|| Fixer::new(Config::default()))
}

fn ftfy_fixer() -> &'static Fixer {
    static F: OnceLock<Fixer> = OnceLock::new();
    F.get_or_init(|| Fixer::new(Config::ftfy()))
}

/// Characters that mojibake is made of, plus text around it.
fn mojibake_prone_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range('a', 'z'),
        2 => Just(' '),
        3 => prop::char::range('\u{80}', '\u{ff}'),
        2 => prop::sample::select(vec!['€', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 'Ž', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 'ž', 'Ÿ', '√', '≈', '┬', '├', 'ā', 'β']),
        1 => prop::char::range('\u{400}', '\u{45f}'),
        1 => prop::char::range('\u{391}', '\u{3c9}'),
        1 => prop::sample::select(vec!['\n', '\r', '\u{2028}', '\u{1b}', '&', ';', '#', '<', '\u{301}', '\u{fffd}', '\u{1a}', '?', '\u{feff}', '\u{f900}', 'ﬁ', '＂', '한', '中', 'ｶ', 'ﾞ']),
    ]
}

fn mojibake_prone_string() -> impl Strategy<Value = String> {
    prop::collection::vec(mojibake_prone_char(), 0..48).prop_map(|v| v.into_iter().collect())
}

/// Words of the Latin-script clean corpora that hold a non-ASCII letter
/// (empty when ../shared/data/clean is absent).
fn corpus_words() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let dir =
            std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean"));
        // Lines known to be damaged themselves are not clean text.
        let damaged = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/clean_known_damage.jsonl"
        ))
        .unwrap();
        let damaged: Vec<String> = damaged
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["original"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        let mut words = std::collections::BTreeSet::new();
        for name in [
            "cs", "de", "es", "fr", "hu", "it", "pl", "pt-br", "tr", "vi",
        ] {
            let Ok(text) = std::fs::read_to_string(dir.join(format!("{name}.txt"))) else {
                continue;
            };
            for w in text
                .lines()
                .filter(|l| !damaged.iter().any(|d| d == l))
                .flat_map(|l| l.split(|c: char| !c.is_alphabetic()))
            {
                if !w.is_ascii() && w.chars().count() >= 2 {
                    words.insert(w.to_owned());
                }
            }
        }
        words.into_iter().collect()
    })
}

/// Clean Latin-script text: real words of the corpora, with ASCII words and
/// punctuation between them.
fn latin_text() -> impl Strategy<Value = String> {
    let words = corpus_words();
    let n = words.len().max(1);
    let ascii = prop::sample::select(vec![
        "the", "und", "de", "la", "il", "na", "és", "file", "options",
    ]);
    let piece = prop_oneof![2 => (0..n).prop_map(move |i| words.get(i).cloned().unwrap_or_default()), 1 => ascii.prop_map(str::to_owned)];
    let sep = prop::sample::select(vec![
        " ", " ", " ", ", ", ". ", "; ", " (", ") ", " – ", "! ", "? ",
    ]);
    prop::collection::vec((piece, sep), 1..10).prop_map(|v| {
        let mut s: String = v.into_iter().map(|(w, s)| w + s).collect();
        s.truncate(s.trim_end().len());
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_any_string(s in any::<String>()) {
        let _ = default_fixer().fix(&s);
        let _ = ftfy_fixer().fix(&s);
        let _ = ftfy_fixer().fix_and_explain(&s);
    }

    #[test]
    fn never_panics_on_mojibake_prone_strings(s in mojibake_prone_string()) {
        let _ = default_fixer().fix(&s);
        let explained = ftfy_fixer().fix_and_explain(&s);
        // Each change replays on the text it changed. Changes made to the
        // whole text chain (each starts where the last ended), and then the
        // whole plan replays on the input; a change to a line that a fixer
        // split off (`\r` → `\n`) applies to that line.
        let mut whole = true;
        let mut at = s.clone();
        for change in &explained.changes {
            let replayed = mojifix::apply_plan(&change.before, &change.steps).ok();
            prop_assert_eq!(replayed.as_deref(), Some(&*change.after));
            whole &= change.before == at;
            at = change.after.clone();
        }
        if whole {
            prop_assert_eq!(mojifix::apply_plan(&s, &explained.plan()).ok(), Some(explained.text));
        } else {
            prop_assert_eq!(&explained.text, &*ftfy_fixer().fix(&s));
        }
    }

    #[test]
    fn fixing_is_idempotent(s in mojibake_prone_string()) {
        for fixer in [default_fixer(), ftfy_fixer()] {
            let once = fixer.fix(&s).into_owned();
            let twice = fixer.fix(&once).into_owned();
            prop_assert_eq!(&twice, &once, "input {:?}", s);
        }
    }

    #[test]
    fn clean_latin_text_is_unchanged(s in latin_text()) {
        prop_assert_eq!(default_fixer().fix(&s), s.as_str());
    }

    /// UTF-8 misread with a code page: the repair never makes a third text.
    /// It recovers the original or, when the evidence is too thin (`Są`
    /// garbles to `SÄ…`, which could be a capital word and an ellipsis), it
    /// leaves the text alone. tests/latin_roundtrip.rs measures how often it
    /// recovers whole corpus lines, per code page.
    #[test]
    fn misread_utf8_is_recovered_or_left_alone(
        s in latin_text(),
        page in prop::sample::select(vec![CodePage::Latin1, CodePage::SloppyWindows1252, CodePage::SloppyWindows1254]),
    ) {
        prop_assume!(!s.is_ascii());
        let garbled = page.decode(s.as_bytes());
        let fixed = default_fixer().fix(&garbled);
        prop_assert!(fixed == s.as_str() || fixed == garbled.as_str(), "{} garbled {:?} into {:?}, fixed to {:?}", page, s, garbled, fixed);
    }

    /// When the garbled text shows evidence (a badness rule matches), the
    /// repair is exact.
    #[test]
    fn detected_mojibake_is_recovered_exactly(
        s in latin_text(),
        page in prop::sample::select(vec![CodePage::Latin1, CodePage::SloppyWindows1252, CodePage::SloppyWindows1254]),
    ) {
        let garbled = page.decode(s.as_bytes());
        prop_assume!(mojifix::mojibake::badness::is_bad(&garbled));
        prop_assert_eq!(default_fixer().fix(&garbled), s.as_str(), "{} garbled {:?}", page, garbled);
    }
}
