//! Helpers shared by the integration tests. (Each test binary uses some.)
#![allow(dead_code)]

pub mod fused;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The clean corpora (`../shared/data/clean`, or `$MOJIFIX_CLEAN_DIR`), if
/// present. Tests that need them print a notice and pass when they are not.
pub fn clean_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("MOJIFIX_CLEAN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean"))
        });
    dir.is_dir().then_some(dir)
}

/// The text of the clean corpus `name` (`ru.txt`), or `None` after printing
/// why it is not there.
pub fn clean_text(name: &str) -> Option<String> {
    let Some(dir) = clean_dir() else {
        println!("{NO_CORPORA}");
        return None;
    };
    let text = std::fs::read_to_string(dir.join(name));
    if text.is_err() {
        println!("SKIPPED: {name} not found");
    }
    text.ok()
}

/// The notice a test prints when the clean corpora are absent.
pub const NO_CORPORA: &str =
    "SKIPPED: ../shared/data/clean not found (set MOJIFIX_CLEAN_DIR to run this test)";

/// The `fix` example, which `cargo test` builds next to the test binaries.
pub fn fix_binary() -> PathBuf {
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

/// Runs `fix` with `args`, feeding `stdin` from another thread (the child
/// writes output while it reads).
pub fn run_fix(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(fix_binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// The damage chain named `name` (as `Chain`'s `Display` writes it).
pub fn chain(name: &str) -> mojifix::damage::Chain {
    mojifix::damage::Chain::cjk_chains()
        .into_iter()
        .chain(mojifix::damage::Chain::cross_legacy_chains())
        .find(|c| c.to_string() == name)
        .unwrap_or_else(|| panic!("no chain named {name:?}"))
}

/// Of the determined non-ASCII characters of `original` (ASCII passes
/// through the damage untouched), how many `fixed` brings back in order (a
/// longest common subsequence, so that one hole too many or too few does
/// not hide the characters around it), and how many there are.
pub fn determined_in_order(fixed: &str, original: &str, determined: &[bool]) -> (usize, usize) {
    let a: Vec<char> = fixed.chars().collect();
    let b: Vec<char> = original.chars().collect();
    let counted: Vec<bool> = b
        .iter()
        .zip(determined)
        .map(|(c, &d)| d && !c.is_ascii())
        .collect();
    let mut row = vec![0u32; b.len() + 1];
    for &x in &a {
        let mut diagonal = 0;
        for j in 0..b.len() {
            let up = row[j + 1];
            row[j + 1] = if counted[j] && x == b[j] {
                diagonal + 1
            } else {
                up.max(row[j])
            };
            diagonal = up;
        }
    }
    (
        row[b.len()] as usize,
        counted.iter().filter(|&&d| d).count(),
    )
}

/// The first 1,500 lines of Korean through cp949 and Traditional Chinese
/// through cp950 (runs that start at a Windows decoder's `?`), each as it
/// is and with marks and spaces moved next to fullwidth punctuation (a `?`
/// becomes `? ，` or a space ` ， ` or `{question}`, at random from `seed`).
pub fn windows_mark_lines(seed: u64, question: &str) -> Vec<String> {
    let Some(dir) = clean_dir() else {
        return Vec::new();
    };
    let mut rng = mojifix::damage::Rng::new(seed);
    let mut out = Vec::new();
    for (name, lang) in [
        ("utf-8 read as euc-kr (windows)", "ko"),
        ("utf-8 read as big5 (windows)", "zh-Hant"),
    ] {
        let chain = chain(name);
        let text = std::fs::read_to_string(dir.join(format!("{lang}.txt"))).unwrap();
        for line in text.lines().take(1500) {
            let Some(garbled) = chain.apply(line) else {
                continue;
            };
            let mut noisy = String::new();
            for c in garbled.chars() {
                match (c, rng.below(4)) {
                    ('?', 0) => noisy.push_str("? ，"),
                    (' ', 1) => noisy.push_str(" ， "),
                    (' ', 2) => noisy.push_str(question),
                    (c, _) => noisy.push(c),
                }
            }
            out.push(garbled);
            out.push(noisy);
        }
    }
    out
}
