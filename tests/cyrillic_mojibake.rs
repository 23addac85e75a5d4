//! Russian words in windows-1251 or KOI8-R read as windows-1252 or Latin-1
//! (`Ïðèâåò`, `òÕÓÓËÉÊ`) are mojibake mojifix does not repair, and the CJK
//! repair must not turn them into made-up CJK characters (it did for about
//! half of them: `ÚÎÁÞÅÎÉÑ` → `變挿杜頻`; see `mojibake::cjk::cyrillic`).
//!
//! Words and word pairs of ../shared/data/clean/ru.txt, garbled each way;
//! the share the default preset turns into CJK must stay under a ceiling.

mod common;

use mojifix::{Config, Fixer};

/// The highest share of garbled Russian words and pairs that may come out
/// holding CJK characters (2.6% when measured, about half before the back-off:
/// words of four letters or fewer, too short to tell, are most of them).
const CJK_CEILING: f64 = 0.03;

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}')
    })
}

#[test]
fn russian_mojibake_is_not_read_as_cjk() {
    let Some(dir) = common::clean_dir() else {
        println!("{}", common::NO_CORPORA);
        return;
    };
    let Ok(text) = std::fs::read_to_string(dir.join("ru.txt")) else {
        println!("SKIPPED: ru.txt not found");
        return;
    };
    let words: Vec<&str> = text
        .split(|c: char| !matches!(c, 'А'..='я' | 'Ё' | 'ё'))
        .filter(|w| !w.is_empty())
        .take(6000)
        .collect();
    let pairs: Vec<String> = words.chunks(2).map(|p| p.join(" ")).collect();
    let fixer = Fixer::new(Config::default());
    let (mut garbled, mut to_cjk) = (0usize, 0usize);
    let mut examples = Vec::new();
    let from = [encoding_rs::WINDOWS_1251, encoding_rs::KOI8_R];
    let to = [encoding_rs::WINDOWS_1252, encoding_rs::WINDOWS_1252];
    for phrase in words
        .iter()
        .copied()
        .chain(pairs.iter().map(String::as_str))
    {
        for (source, reader) in from.iter().zip(to) {
            let (bytes, _, _) = source.encode(phrase);
            let (read, _, bad) = reader.decode(&bytes);
            if bad || read.chars().any(|c| ('\u{80}'..='\u{9F}').contains(&c)) {
                continue;
            }
            garbled += 1;
            let fixed = fixer.fix(&read);
            if has_cjk(&fixed) {
                to_cjk += 1;
                if examples.len() < 8 {
                    examples.push(format!("{phrase} -> {read} -> {fixed}"));
                }
            }
        }
    }
    let share = to_cjk as f64 / garbled as f64;
    println!(
        "Russian read as windows-1252: {to_cjk} of {garbled} turned into CJK ({:.2}%); e.g. {examples:?}",
        share * 100.0
    );
    assert!(garbled > 10_000, "too few cases: {garbled}");
    assert!(
        share <= CJK_CEILING,
        "{:.2}% > {CJK_CEILING}",
        share * 100.0
    );
}
