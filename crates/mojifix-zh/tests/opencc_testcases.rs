//! OpenCC 1.4.2's own test cases (`data/opencc/testcases/testcases.strict.json`):
//! every (config, input, expected) pair must convert exactly.

use mojifix_zh::{ConfigName, Converter};

fn cases() -> Vec<(ConfigName, String, String)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/opencc/testcases/testcases.strict.json"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = Vec::new();
    for case in json["cases"].as_array().unwrap() {
        let input = case["input"].as_str().unwrap();
        for (cfg, expected) in case["expected"].as_object().unwrap() {
            let name: ConfigName = cfg.parse().unwrap();
            out.push((
                name,
                input.to_string(),
                expected.as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

#[test]
fn all_testcases_pass() {
    let cases = cases();
    let mut failures = Vec::new();
    for (name, input, expected) in &cases {
        let got = Converter::get(*name).convert(input);
        if got != *expected {
            failures.push(format!(
                "{name}: {input:?}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    println!(
        "{}/{} OpenCC test cases pass",
        cases.len() - failures.len(),
        cases.len()
    );
    for f in &failures {
        println!("FAIL {f}");
    }
    assert_eq!(
        cases.len(),
        556,
        "expected 556 (config, input, expected) pairs"
    );
    assert!(failures.is_empty(), "{} failures", failures.len());
}

#[test]
fn all_testcases_pass_streaming_char_by_char() {
    for (name, input, expected) in cases() {
        let conv = Converter::get(name);
        let mut s = conv.stream();
        let mut out = String::new();
        let mut buf = [0u8; 4];
        for c in input.chars() {
            s.push(c.encode_utf8(&mut buf), &mut out);
        }
        s.finish(&mut out);
        assert_eq!(out, expected, "{name} streaming {input:?}");
    }
}
