//! U+FFFD read as a legacy CJK encoding (`锟斤拷`):
//! `src/mojibake/cjk/replacement_runs.rs`.
//!
//! The chain behind most of it: text in a legacy encoding read as UTF-8
//! with replacement (the U+FFFD, and the few byte pairs that happen to be
//! UTF-8), then that UTF-8 read back as the legacy encoding. The first step
//! loses the text; what can come back is the middle stage, U+FFFD with the
//! characters that survived. Over the first lines of each clean corpus
//! (`../shared/data/clean`), this test damages each line that way with the
//! WHATWG decoders and counts the lines the default preset brings back to
//! the middle stage exactly.
//!
//! `cargo test --release --test replacement_runs -- --nocapture`

mod common;

use encoding_rs::{Encoding, BIG5, EUC_JP, EUC_KR, GBK};
use mojifix::{Config, Fixer};

#[test]
fn legacy_text_read_as_utf8_and_back_returns_to_the_middle_stage() {
    let Some(dir) = common::clean_dir() else {
        eprintln!("{}", common::NO_CORPORA);
        return;
    };
    let fixer = Fixer::new(Config::default());
    // (language, encoding, floor in %): floors a few points under the
    // measured rates.
    let runs: [(&str, &'static Encoding, f64); 4] = [
        ("zh-Hans", GBK, 75.0),
        ("zh-Hant", BIG5, 80.0),
        ("ko", EUC_KR, 87.0),
        ("ja", EUC_JP, 38.0),
    ];
    for (lang, encoding, floor) in runs {
        let text = std::fs::read_to_string(dir.join(format!("{lang}.txt"))).unwrap();
        let (mut lines, mut exact, mut untouched) = (0usize, 0usize, 0usize);
        for line in text.lines().filter(|l| !l.is_ascii()).take(3000) {
            let (legacy, _, unmappable) = encoding.encode(line);
            if unmappable {
                continue;
            }
            let middle = String::from_utf8_lossy(&legacy).into_owned();
            let (twice, _, _) = encoding.decode(middle.as_bytes());
            lines += 1;
            let fixed = fixer.fix(&twice);
            exact += usize::from(fixed == middle);
            untouched += usize::from(fixed == twice);
        }
        let rate = 100.0 * exact as f64 / lines as f64;
        println!(
            "{lang:8} {:6} {lines:5} lines  {exact:5} back to the middle stage ({rate:.1}%), {untouched} untouched",
            encoding.name()
        );
        assert!(rate >= floor, "{lang}: {rate:.1}% below {floor}%");
    }
}
