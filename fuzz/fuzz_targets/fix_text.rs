//! Arbitrary text through `fix_text` and every preset: no panic, fixing is
//! idempotent (`fix(fix(x)) == fix(x)`), and `fix_and_explain` gives the
//! same text as `fix`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mojifix::{Config, Fixer};

fn fixers() -> &'static [(&'static str, Fixer)] {
    static FIXERS: OnceLock<Vec<(&'static str, Fixer)>> = OnceLock::new();
    FIXERS.get_or_init(|| {
        Config::PRESETS
            .iter()
            .map(|&name| (name, Fixer::new(Config::preset(name).expect("listed preset"))))
            .collect()
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
        let explained = fixer.fix_and_explain(&text);
        assert_eq!(explained.text, once, "preset {name}: explain != fix on {text:?}");
    }
});
