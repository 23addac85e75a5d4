//! ftfy 6.3.1's own test cases (corpus/ftfy/test_cases.json), run the way
//! ftfy's `tests/test_examples_in_json.py` runs them.

use mojifix::{apply_plan, Config, Fixer};
use serde_json::Value;

struct Case {
    label: String,
    original: String,
    fixed: String,
    fixed_encoding: String,
    expect_pass: bool,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/ftfy/test_cases.json"
    ))
    .expect("corpus/ftfy/test_cases.json is part of the repository");
    let data: Vec<Value> = serde_json::from_str(&text).expect("valid JSON");
    data.iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().map(str::to_owned);
            let fixed = s("fixed").expect("fixed");
            Case {
                label: s("label").unwrap_or_default(),
                original: s("original").expect("original"),
                fixed_encoding: s("fixed-encoding").unwrap_or_else(|| fixed.clone()),
                fixed,
                expect_pass: c["expect"] == "pass",
            }
        })
        .collect()
}

/// Only the encoding fixer on: ftfy's `fix_encoding`.
fn encoding_only() -> Config {
    let mut config = Config::ftfy();
    for &(name, _) in Config::FIXERS {
        config.set(name, false).unwrap();
    }
    for name in [
        "fix_encoding",
        "restore_byte_a0",
        "replace_lossy_sequences",
        "decode_inconsistent_utf8",
        "fix_c1_controls",
    ] {
        config.set(name, true).unwrap();
    }
    config
}

#[test]
fn ftfy_test_cases() {
    let ftfy = Fixer::new(Config::ftfy());
    let encoding = Fixer::new(encoding_only());
    let cases = cases();
    assert_eq!(cases.len(), 161);
    let mut passed = 0;
    let mut strict_passed = 0;
    let mut failures = Vec::new();
    for case in &cases {
        let got = ftfy.fix(&case.original);
        let enc = encoding.fix(&case.original);
        // The extra layer of badness ftfy's test adds: UTF-8 read as Latin-1.
        let extra_bad: String = case
            .original
            .as_bytes()
            .iter()
            .map(|&b| char::from(b))
            .collect();
        let extra = ftfy.fix(&extra_bad);
        let explained = ftfy.fix_and_explain(&case.original);
        let replayed = apply_plan(&case.original, &explained.plan());
        passed += usize::from(got == case.fixed);
        let ok = got == case.fixed
            && enc == case.fixed_encoding
            && extra == case.fixed
            && explained.text == got
            && replayed.as_deref() == Ok(&*explained.text);
        if ok {
            strict_passed += 1;
        } else {
            failures.push(format!(
                "[{}] {}\n  original: {:?}\n  expected: {:?}\n  got:      {:?}\n  encoding: {:?} (want {:?})\n  extra:    {:?}\n  replay:   {:?}",
                if case.expect_pass { "pass" } else { "ftfy-fails" },
                case.label, case.original, case.fixed, got, enc, case.fixed_encoding, extra, replayed
            ));
        }
    }
    let pass_cases_failed = failures.iter().filter(|f| f.starts_with("[pass]")).count();
    println!(
        "ftfy test cases: fix_text output right on {passed} of {n}; all of ftfy's checks pass on {strict_passed} of {n}",
        n = cases.len()
    );
    for f in &failures {
        println!("{f}");
    }
    assert_eq!(pass_cases_failed, 0, "every case ftfy passes must pass");
    assert!(passed >= 152, "only {passed} of 161 cases pass");
}
