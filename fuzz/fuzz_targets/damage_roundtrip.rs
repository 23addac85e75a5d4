//! `mojifix::damage` chains on arbitrary (clean-ish) text, then the fixer:
//! no panic, and the repair is idempotent on the damaged text too (the
//! default and `corpus` presets).
//!
//! Input layout: byte 0 picks the chain; the rest is the text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mojifix::damage::Chain;
use mojifix::{Config, Fixer};

fn chains() -> &'static [Chain] {
    static CHAINS: OnceLock<Vec<Chain>> = OnceLock::new();
    CHAINS.get_or_init(Chain::cjk_chains)
}

fn corpus() -> &'static Fixer {
    static FIXER: OnceLock<Fixer> = OnceLock::new();
    FIXER.get_or_init(|| Fixer::new(Config::corpus()))
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(body);
    let chain = chains()[pick as usize % chains().len()];
    let _ = chain.is_lossy_on(&text);
    let _ = chain.determined(&text);
    let Some(damaged) = chain.apply(&text) else {
        return;
    };
    let fixed = mojifix::fix_text(&damaged);
    assert_eq!(
        mojifix::fix_text(&fixed),
        fixed,
        "fix_text not idempotent on {chain:?}({text:?}) = {damaged:?}"
    );
    let fixed = corpus().fix(&damaged);
    assert_eq!(
        corpus().fix(&fixed),
        fixed,
        "corpus preset not idempotent on {chain:?}({text:?}) = {damaged:?}"
    );
});
