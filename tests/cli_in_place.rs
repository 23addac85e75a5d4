//! `examples/fix --in-place` and `--check`: originals are replaced whole or
//! not at all, even when the process is killed.

mod common;
use common::fix_binary;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mojifix-in-place-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Temporary files that `fix --in-place` left in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".mojifix-tmp-"))
        .collect()
}

#[test]
fn in_place_and_check() {
    let dir = scratch("basic");
    let damaged = dir.join("damaged.txt");
    let clean = dir.join("clean.txt");
    std::fs::write(&damaged, "cafÃ©\nnaÃ¯ve\n").unwrap();
    std::fs::write(&clean, "café\nnaïve\n").unwrap();
    std::fs::set_permissions(&damaged, std::fs::Permissions::from_mode(0o640)).unwrap();
    let clean_mtime = std::fs::metadata(&clean).unwrap().modified().unwrap();

    let check = Command::new(fix_binary())
        .arg("--check")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(check.stdout).unwrap().trim(),
        damaged.display().to_string()
    );
    assert_eq!(
        std::fs::read_to_string(&damaged).unwrap(),
        "cafÃ©\nnaÃ¯ve\n"
    );

    let out = Command::new(fix_binary())
        .args(["--in-place", "--jobs", "2"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&damaged).unwrap(), "café\nnaïve\n");
    let mode = std::fs::metadata(&damaged).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "permissions kept");
    assert_eq!(
        std::fs::metadata(&clean).unwrap().modified().unwrap(),
        clean_mtime,
        "an unchanged file is not rewritten"
    );
    assert!(leftovers(&dir).is_empty());

    let check = Command::new(fix_binary())
        .arg("--check")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0));
    assert!(check.stdout.is_empty());

    // A file that cannot be read: named, non-zero exit, nothing else touched.
    let missing = dir.join("missing.txt");
    let out = Command::new(fix_binary())
        .arg("-i")
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("missing.txt: no such file"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// SIGKILL in the middle of `--in-place` over several large files: every
/// original is either byte-identical to what it was, or completely fixed
/// (already renamed into place), never partial. Leftover temporary files are
/// named `.NAME.mojifix-tmp-PID-N` and are skipped by later directory walks.
#[test]
fn killed_in_place_run_leaves_originals_intact() {
    let dir = scratch("kill");
    // Damaged text is slow to fix, so the run lasts long enough to be killed
    // mid-way.
    let line = "The Mona Lisa doesnÃ¢â‚¬â„¢t have eyebrows, cafÃ© crÃ¨me brÃ»lÃ©e.\n";
    let original = line.repeat(100_000); // ~ 7.5 MB per file
    let fixed = mojifix::fix_text(&original).into_owned();
    let names = ["a.txt", "b.txt", "c.txt"];
    for name in names {
        std::fs::write(dir.join(name), &original).unwrap();
    }
    let mut child = Command::new(fix_binary())
        .arg("--in-place")
        .args(names.iter().map(|n| dir.join(n)))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until a temporary file is being written, then a little more.
    let start = Instant::now();
    while leftovers(&dir).is_empty() && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(2));
    }
    std::thread::sleep(Duration::from_millis(150));
    let finished_early = child.try_wait().unwrap().is_some();
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        !finished_early,
        "the run finished before it could be killed; make the input larger"
    );

    let mut intact = 0;
    for name in names {
        let now = std::fs::read(dir.join(name)).unwrap();
        if now == original.as_bytes() {
            intact += 1;
        } else {
            assert!(
                now == fixed.as_bytes(),
                "{name} is neither the original nor fully fixed"
            );
        }
    }
    assert!(intact >= 1, "the kill landed after the last rename");
    let left = leftovers(&dir);
    for name in &left {
        assert!(
            name.starts_with('.') && name.contains(".txt.mojifix-tmp-"),
            "unexpected leftover {name}"
        );
    }
    // A later run over the directory ignores the leftovers and finishes the job.
    let out = Command::new(fix_binary())
        .arg("-i")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    for name in names {
        assert_eq!(std::fs::read(dir.join(name)).unwrap(), fixed.as_bytes());
    }
    println!(
        "killed with {intact} of 3 originals untouched, {} temporary file(s) left",
        left.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Unmounts on drop.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// A full disk while writing the temporary file: a clear error naming the
/// file, exit 1, the original untouched and no temporary file left. Needs
/// a 2 MiB tmpfs (root); skipped elsewhere.
#[test]
fn disk_full_leaves_the_original() {
    let dir = std::env::temp_dir().join(format!("mojifix-full-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&dir)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        let _ = std::fs::remove_dir(&dir);
        println!("SKIPPED: cannot mount a tmpfs here");
        return;
    }
    let _mount = Mount(dir.clone());
    let file = dir.join("d.txt");
    let original = "cafÃ© crÃ¨me\n".repeat(120_000); // ~2 MB: no room for a copy
    if std::fs::write(&file, &original).is_err() {
        println!("SKIPPED: tmpfs too small");
        return;
    }
    let out = Command::new(fix_binary())
        .arg("-i")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("d.txt") && stderr.contains("no space left on device"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    assert!(leftovers(&dir).is_empty());
}
