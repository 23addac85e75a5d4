//! `examples/fix --jsonl-field NAME`: only that field's string changes;
//! every other byte of every record is kept.

mod common;

use proptest::prelude::*;

const VALUES: &[&str] = &[
    "cafÃ©",
    "The Mona Lisa doesnÃ¢â‚¬â„¢t",
    "fine text",
    "你好",
    "line\nbreak Ã©",
    "quote \" and \\ backslash Ã¼",
    "",
];

/// One record: (bytes before the value, the value as JSON, bytes after).
fn record() -> impl Strategy<Value = (String, String, String, String)> {
    (
        prop::sample::select(VALUES),
        prop::sample::select(vec![
            ("{\"text\":", "}"),
            ("{ \"id\" : 7 , \"text\" :  ", " , \"other\": \"cafÃ©\"}"),
            (
                "{\"meta\":{\"text\":\"Ã©\",\"list\":[1,\"]\",{}]},\"text\":",
                ",\"n\":null}",
            ),
            ("{\"te\\u0078t\":", "}"),
        ]),
        any::<bool>(),
        prop::sample::select(vec!["\n", "\r\n"]),
    )
        .prop_map(|(value, (before, after), escape_all, end)| {
            let json = if escape_all {
                // Escape every non-ASCII character, as some writers do.
                let mut s = String::from("\"");
                for c in value.chars() {
                    match c {
                        '"' => s.push_str("\\\""),
                        '\\' => s.push_str("\\\\"),
                        '\n' => s.push_str("\\n"),
                        c if c.is_ascii() => s.push(c),
                        c => {
                            let mut units = [0u16; 2];
                            for u in c.encode_utf16(&mut units) {
                                s.push_str(&format!("\\u{u:04x}"));
                            }
                        }
                    }
                }
                s.push('"');
                s
            } else {
                serde_json::to_string(value).unwrap()
            };
            (before.to_owned(), json, after.to_owned(), end.to_owned())
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn only_the_field_changes(records in prop::collection::vec(record(), 1..40), others in prop::collection::vec(prop::sample::select(vec![
        "not json at all, cafÃ©\n", "{\"no_text\": \"cafÃ©\"}\n", "{\"text\": 42}\n", "[\"text\", \"cafÃ©\"]\n", "\n",
    ]), 0..5)) {
        let fixer = mojifix::Fixer::default();
        let mut input = Vec::new();
        let mut want = Vec::new();
        for (before, json, after, end) in &records {
            let value: String = serde_json::from_str(json).unwrap();
            let fixed = fixer.fix(&value);
            let new_json = if fixed == value { json.clone() } else { serde_json::to_string(&fixed).unwrap() };
            input.extend_from_slice(format!("{before}{json}{after}{end}").as_bytes());
            want.extend_from_slice(format!("{before}{new_json}{after}{end}").as_bytes());
        }
        for other in &others {
            input.extend_from_slice(other.as_bytes());
            want.extend_from_slice(other.as_bytes());
        }
        let (out, stderr, code) = run(&["--jsonl-field", "text"], &input);
        prop_assert_eq!(code, Some(0), "{}", stderr);
        prop_assert_eq!(String::from_utf8(out).unwrap(), String::from_utf8(want).unwrap());
    }
}

#[test]
fn large_jsonl_in_parallel_round_trips() {
    let mut input = String::new();
    for i in 0..50_000 {
        let text = if i % 2 == 0 {
            "cafÃ© crÃ¨me"
        } else {
            "clean \u{e9}"
        };
        input.push_str(&format!(
            "{{\"id\": {i}, \"text\": \"{text}\", \"raw\": \"cafÃ©\\u00c3\"}}\n"
        ));
    }
    let (one, _, code) = run(&["--jsonl-field", "text"], input.as_bytes());
    assert_eq!(code, Some(0));
    let (two, _, _) = run(&["--jsonl-field", "text", "--jobs", "2"], input.as_bytes());
    assert_eq!(one, two);
    let want = input.replace("\"text\": \"cafÃ© crÃ¨me\"", "\"text\":\"café crème\"");
    // Unchanged records keep every byte; changed ones differ only in the value.
    let out = String::from_utf8(one).unwrap();
    for (got, orig) in out.lines().zip(input.lines()) {
        let want_line = orig.replace("\"text\": \"cafÃ© crÃ¨me\"", "\"text\": \"café crème\"");
        assert_eq!(got, want_line);
    }
    assert_eq!(out.lines().count(), want.lines().count());
}

#[test]
fn explain_names_the_field_and_record() {
    let (out, stderr, _) = run(
        &["--jsonl-field", "body", "--explain"],
        b"{\"body\":\"fine\"}\n{\"body\":\"s\xc3\x83\xc2\xb3\"}\n",
    );
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "{\"body\":\"fine\"}\n{\"body\":\"só\"}\n"
    );
    let record: serde_json::Value = serde_json::from_str(stderr.lines().next().unwrap()).unwrap();
    assert_eq!(record["line"], 2);
    assert_eq!(record["field"], "body");
    assert_eq!(record["after"], "só");
}

/// A record longer than 16 MiB is passed through untouched (bounded
/// memory); the records around it are still fixed.
#[test]
fn oversized_record_passes_through() {
    let mut input = String::from("{\"text\":\"cafÃ©\"}\n{\"text\":\"");
    input.push_str(&"cafÃ© ".repeat(3_000_000)); // 21 MB
    input.push_str("\"}\n{\"text\":\"naÃ¯ve\"}\n");
    let (out, stderr, code) = run(&["--jsonl-field", "text"], input.as_bytes());
    assert_eq!(code, Some(0));
    assert!(stderr.contains("record longer than 16 MiB"), "{stderr}");
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.split_inclusive('\n').collect();
    let input_lines: Vec<&str> = input.split_inclusive('\n').collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0], "{\"text\":\"café\"}\n");
    assert!(lines[1] == input_lines[1], "the long record is unchanged");
    assert_eq!(lines[2], "{\"text\":\"naïve\"}\n");
}

fn run(args: &[&str], stdin: &[u8]) -> (Vec<u8>, String, Option<i32>) {
    let out = common::run_fix(args, stdin);
    (
        out.stdout,
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}
