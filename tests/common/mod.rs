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
