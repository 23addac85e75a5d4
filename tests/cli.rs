//! The command-line cleaner, `examples/fix`, run as a user runs it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The `fix` example, which `cargo test` builds next to the test binaries.
fn fix_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().unwrap().parent().unwrap();
    let bin = profile_dir
        .join("examples")
        .join(format!("fix{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} not built (cargo test builds examples)",
        bin.display()
    );
    bin
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(fix_binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .to_string_lossy()
        .into_owned()
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mojifix-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn fixes_the_sample_line_by_line() {
    let sample = repo("corpus/samples/mojibake.txt");
    let out = run(&[&sample], b"");
    assert!(out.status.success());
    let input = std::fs::read_to_string(&sample).unwrap();
    let output = String::from_utf8(out.stdout).unwrap();
    assert_eq!(output.lines().count(), input.lines().count());
    assert!(output.contains("The Mona Lisa doesn’t have eyebrows."));
    assert!(output.contains("voilà le travail"));
    let clean = input.lines().last().unwrap();
    assert_eq!(
        output.lines().last().unwrap(),
        clean,
        "the clean line is untouched"
    );
}

#[test]
fn reads_standard_input_and_keeps_a_missing_final_newline() {
    let out = run(&[], "cafÃ©\nnaïve".as_bytes());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "café\nnaïve");
    let out = run(&["-"], "cafÃ©\n".as_bytes());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "café\n");
}

#[test]
fn presets_and_switches() {
    let text = "“Quoted” ＦＵＬＬ cafÃ©\n";
    let default = run(&[], text.as_bytes());
    assert_eq!(
        String::from_utf8(default.stdout).unwrap(),
        "“Quoted” ＦＵＬＬ café\n"
    );
    let ftfy = run(&["--preset", "ftfy"], text.as_bytes());
    assert_eq!(
        String::from_utf8(ftfy.stdout).unwrap(),
        "\"Quoted\" FULL café\n"
    );
    let no_quotes = run(
        &["--preset=ftfy", "--disable", "uncurl_quotes"],
        text.as_bytes(),
    );
    assert_eq!(
        String::from_utf8(no_quotes.stdout).unwrap(),
        "“Quoted” FULL café\n"
    );
    let no_encoding = run(&["--disable", "fix_encoding"], text.as_bytes());
    assert_eq!(String::from_utf8(no_encoding.stdout).unwrap(), text);
}

#[test]
fn explain_writes_json_lines_to_stderr() {
    let out = run(&["--explain"], "fine\nsÃ³\n".as_bytes());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "fine\nsó\n");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let records: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["line"], 2);
    assert_eq!(records[0]["fixer"], "fix_encoding");
    assert_eq!(records[0]["before"], "sÃ³\n");
    assert_eq!(records[0]["after"], "só\n");
    assert_eq!(
        records[0]["steps"],
        serde_json::json!(["encode latin-1", "decode utf-8"])
    );
}

#[test]
fn lists_every_fixer() {
    let out = run(&["--list-fixers"], b"");
    assert!(out.status.success());
    let listing = String::from_utf8(out.stdout).unwrap();
    for &(name, _) in mojifix::Config::FIXERS {
        assert!(listing.contains(name), "{name} missing from --list-fixers");
    }
}

#[test]
fn errors_name_the_cause_and_exit_non_zero() {
    let missing = repo("corpus/no-such-file.txt");
    let sample = repo("corpus/samples/mojibake.txt");
    let out = run(&[&missing, &sample], b"");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1);
    assert!(
        stderr.contains("no-such-file.txt") && stderr.contains("no such file"),
        "{stderr}"
    );
    assert!(!out.stdout.is_empty(), "the readable file is still fixed");

    for (args, needle) in [
        (vec!["--bogus"], "unknown option"),
        (vec!["--preset", "nope"], "unknown preset"),
        (vec!["--enable", "nope"], "unknown fixer"),
        (vec!["--convert", "s2x"], "unknown OpenCC config"),
        (vec!["--preset"], "needs"),
    ] {
        let out = run(&args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"));
    }

    let dir = std::env::temp_dir();
    let out = run(&[dir.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8(out.stderr).unwrap().contains("panicked"));
}

#[test]
fn decodes_input_that_is_not_utf8_and_says_so() {
    let path = temp_file("cp1252.txt", b"caf\xe9 cr\xe8me\n");
    let out = run(&[path.to_str().unwrap()], b"");
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "café crème\n");
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("decoded as sloppy-windows-1252"));

    let path = temp_file("utf16.txt", b"\xff\xfec\0a\0f\0\xe9\0\n\0");
    let out = run(&[path.to_str().unwrap()], b"");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "café\n");
}

/// OpenCC's own test cases (data/opencc/testcases), through `--convert`.
#[test]
fn opencc_test_cases_through_convert() {
    let text =
        std::fs::read_to_string(repo("data/opencc/testcases/testcases.strict.json")).unwrap();
    let data: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut by_config: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for case in data["cases"].as_array().unwrap() {
        let input = case["input"].as_str().unwrap();
        for (config, expected) in case["expected"].as_object().unwrap() {
            by_config
                .entry(config.clone())
                .or_default()
                .push((input.to_owned(), expected.as_str().unwrap().to_owned()));
        }
    }
    let mut passed = 0;
    let mut total = 0;
    for (config, cases) in &by_config {
        let input: String = cases.iter().map(|(i, _)| format!("{i}\n")).collect();
        let out = run(&["--convert", config], input.as_bytes());
        assert!(out.status.success());
        let output = String::from_utf8(out.stdout).unwrap();
        for ((input, expected), got) in cases.iter().zip(output.lines()) {
            total += 1;
            if got == expected {
                passed += 1;
            } else {
                println!("{config}: {input:?} -> {got:?}, expected {expected:?}");
            }
        }
    }
    println!("OpenCC test cases through examples/fix --convert: {passed} of {total}");
    assert_eq!((passed, total), (556, 556));
}
