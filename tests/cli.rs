//! The command-line cleaner, `examples/fix`, run as a user runs it.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

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

    // Binary input is refused, naming the file, unless --force.
    let binary = temp_file("binary.dat", b"\x7fELF\0\0\x01caf\xc3\x83\xc2\xa9");
    let out = run(&[binary.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("binary.dat") && stderr.contains("binary"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "nothing written for refused input");
    let out = run(&["--force", binary.to_str().unwrap()], b"");
    assert!(out.status.success());

    let out = run(&["--encoding", "latin-9000"], b"x");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("unknown encoding `latin-9000`"), "{stderr}");
    for args in [
        vec!["--jobs", "0"],
        vec!["--in-place"],
        vec!["--check", "-i", "x"],
    ] {
        let out = run(&args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn directories_are_walked_with_include_and_exclude() {
    let root = std::env::temp_dir().join(format!("mojifix-cli-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("sub/deep")).unwrap();
    std::fs::create_dir_all(root.join("skip")).unwrap();
    std::fs::write(root.join("a.txt"), "cafÃ©\n").unwrap();
    std::fs::write(root.join("sub/b.txt"), "naÃ¯ve\n").unwrap();
    std::fs::write(root.join("sub/deep/c.md"), "crÃ¨me\n").unwrap();
    std::fs::write(root.join("skip/d.txt"), "Ã¼ber\n").unwrap();
    std::fs::write(root.join("e.bin"), b"\0\x01\x02binary").unwrap();
    std::fs::write(root.join(".a.txt.mojifix-tmp-1-0"), "leftover\n").unwrap();
    let dir = root.to_str().unwrap();

    let out = run(&[dir], b"");
    assert!(out.status.success(), "binary files in a walk are skipped");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "café\nüber\nnaïve\ncrème\n",
        "sorted walk (a.txt, e.bin, skip/, sub/), temporary files skipped"
    );
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("skipped (binary)"));

    let out = run(&["--include", "*.txt", "--exclude", "skip", dir], b"");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "café\nnaïve\n");
    let out = run(&["--include", "sub/**/*.md", dir], b"");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "crème\n");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn write_errors_name_the_output() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let sample = repo("corpus/samples/mojibake.txt");
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(fix_binary())
        .arg(&sample)
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("no space left"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn encodings_in() {
    // UTF-16 either way, with a BOM.
    let out = run(&[], b"\xfe\xff\0c\0a\0f\0\xe9\0\n");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "café\n");
    // A whole file in GBK, detected.
    let gbk = "中文文本的编码检测，这是一个简单的测试。\n我们需要足够的文字才能判断编码。\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(gbk);
    let out = run(&[], &bytes);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), gbk);
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("decoded as gbk"));
    // Declared.
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("こんにちは、世界\n");
    let out = run(&["--encoding", "shift_jis"], &bytes);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "こんにちは、世界\n");
    // Mixed: UTF-8 with a GBK line and a cp1252 line pasted in, reported.
    let mut mixed = "第一行是正常的 UTF-8 文本。\n".as_bytes().to_vec();
    mixed.extend_from_slice(&encoding_rs::GBK.encode("你好，世界\n").0);
    mixed.extend_from_slice("déjà vu en UTF-8\n".as_bytes());
    mixed.extend_from_slice(b"caf\xe9 cr\xe8me br\xfbl\xe9e\n");
    let out = run(&["--stats"], &mixed);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "第一行是正常的 UTF-8 文本。\n你好，世界\ndéjà vu en UTF-8\ncafé crème brûlée\n"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    let stats: serde_json::Value = serde_json::from_str(stderr.lines().last().unwrap()).unwrap();
    assert_eq!(stats["run_decodings"]["gbk"], 1, "{stderr}");
    assert_eq!(stats["run_decodings"]["sloppy-windows-1252"], 1, "{stderr}");
    assert_eq!(stats["runs"][0]["line"], 2);
    assert_eq!(stats["runs"][1]["line"], 4);
    assert!(
        stderr.contains("<stdin>:2: not UTF-8; decoded as gbk"),
        "{stderr}"
    );
}

#[test]
fn stats_count_fixers_and_chains() {
    let out = run(
        &["--stats"],
        "sÃ³\nfine\nThe Mona Lisa doesnÃ¢â‚¬â„¢t\n".as_bytes(),
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    let stats: serde_json::Value = serde_json::from_str(stderr.trim()).unwrap();
    assert_eq!(stats["fixers"]["fix_encoding"], 2);
    assert_eq!(stats["segments_changed"], 2);
    assert_eq!(stats["files_changed"], 1);
    assert!(!stats["chains"].as_object().unwrap().is_empty());
}

#[test]
fn jobs_keep_order_and_output() {
    let line = "cafÃ© 中文 The Mona Lisa doesnÃ¢â‚¬â„¢t have eyebrows. naïve\n";
    let mut input = String::new();
    for i in 0..60_000 {
        input.push_str(&format!("{i} "));
        input.push_str(if i % 3 == 0 {
            line
        } else {
            "plain line of text\n"
        });
    }
    let one = run(&[], input.as_bytes());
    let four = run(&["--jobs", "4"], input.as_bytes());
    assert!(one.status.success() && four.status.success());
    assert_eq!(one.stdout, four.stdout);
    assert_eq!(
        String::from_utf8(one.stdout).unwrap(),
        mojifix::fix_text(&input)
    );
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

#[test]
fn silent_when_piped() {
    // Over the 8 MB progress threshold, but standard error is a pipe.
    let path = temp_file(
        "big-clean.txt",
        "a clean line of text, café\n".repeat(400_000).as_bytes(),
    );
    let out = run(&[path.to_str().unwrap()], b"");
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        out.stdout.len() as u64,
        std::fs::metadata(&path).unwrap().len()
    );
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    common::run_fix(args, stdin)
}

fn fix_binary() -> PathBuf {
    common::fix_binary()
}
