//! Helpers shared by the integration tests.

use std::path::PathBuf;

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
