//! Arbitrary text through `fix_text` and every preset (and `default` and
//! `index` with the opt-in `fix_cjk_cross_legacy`): no panic, fixing is
//! idempotent (`fix(fix(x)) == fix(x)`), and `fix_and_explain` gives the
//! same text as `fix` on each line (`tests/cjk_text.rs` checks the same),
//! also when a fixer makes a new line break inside it (`fix_line_breaks`:
//! `\r`, U+0085, U+2028, U+2029; `tests/fuzz_regressions.rs`).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mojifix::{Config, Fixer};

fn fixers() -> &'static [(&'static str, Fixer)] {
    static FIXERS: OnceLock<Vec<(&'static str, Fixer)>> = OnceLock::new();
    FIXERS.get_or_init(|| {
        let mut fixers: Vec<(&'static str, Fixer)> = Config::PRESETS
            .iter()
            .map(|&name| {
                (
                    name,
                    Fixer::new(Config::preset(name).expect("listed preset")),
                )
            })
            .collect();
        // The opt-in repair of one legacy encoding read as another, on
        // `default` and `index` (whose punctuation fixers change text
        // beside its spans).
        for (name, config) in [
            ("default+fix_cjk_cross_legacy", Config::default()),
            ("index+fix_cjk_cross_legacy", Config::index()),
        ] {
            let config = Config {
                fix_cjk_cross_legacy: true,
                ..config
            };
            fixers.push((name, Fixer::new(config)));
        }
        fixers
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = mojifix::fix_text(&text);
    let twice = mojifix::fix_text(&once);
    assert_eq!(twice, once, "fix_text is not idempotent on {text:?}");
    for (name, fixer) in fixers() {
        let once = fixer.fix(&text);
        let twice = fixer.fix(&once);
        assert_eq!(twice, once, "preset {name} is not idempotent on {text:?}");
        for line in text.split_inclusive('\n') {
            assert_eq!(
                fixer.fix_and_explain(line).text,
                fixer.fix(line),
                "preset {name}: explain != fix on {line:?}"
            );
        }
    }
});
