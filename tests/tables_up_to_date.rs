//! The generated tables match their generators' output.
//!
//! The generators are Python scripts (tools/gen_charmaps.py needs ftfy 6.3.1;
//! tools/gen_html_entities.py and tools/gen_casefold.py need only Python
//! 3.11). This test runs each with `--check` when its requirements are
//! installed, and says so when not.

use std::process::Command;

fn python_has(module: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn check(script: &str) {
    let out = Command::new("python3")
        .arg(script)
        .arg("--check")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{script} --check failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn charmap_tables_are_up_to_date() {
    if !python_has("ftfy") {
        println!("SKIPPED: python3 with ftfy 6.3.1 not found (pip install ftfy==6.3.1)");
        return;
    }
    check("tools/gen_charmaps.py");
}

#[test]
fn html_and_width_tables_are_up_to_date() {
    if !python_has("html.entities") {
        println!("SKIPPED: python3 not found");
        return;
    }
    check("tools/gen_html_entities.py");
}

/// [`check`] for a generator that reads ../shared/data/clean.
fn check_from_corpora(script: &str) {
    let clean = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean");
    if !std::path::Path::new(clean).is_dir() || !python_has("collections") {
        println!("SKIPPED: python3 or ../shared/data/clean not found");
        return;
    }
    check(script);
}

#[test]
fn cjk_frequency_table_is_up_to_date() {
    check_from_corpora("tools/gen_cjk_freq.py");
}

#[test]
fn cjk_bigram_table_is_up_to_date() {
    check_from_corpora("tools/gen_cjk_bigrams.py");
}

#[test]
fn pinyin_table_is_up_to_date() {
    if !python_has("unicodedata") {
        println!("SKIPPED: python3 not found");
        return;
    }
    check("tools/gen_pinyin.py");
}

#[test]
fn casefold_table_is_up_to_date() {
    if !python_has("unicodedata") {
        println!("SKIPPED: python3 not found");
        return;
    }
    check("tools/gen_casefold.py");
}

#[test]
fn cyrillic_pair_table_is_up_to_date() {
    check_from_corpora("tools/gen_cyrillic_pairs.py");
}

#[test]
fn reader_pua_table_is_up_to_date() {
    let iconv = Command::new("iconv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !iconv || !python_has("codecs") {
        // (In CI the codec comparison is the only check of the table
        // against the codecs themselves: a missing tool fails it there.)
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but python3 or iconv is missing: reader_pua.txt is unchecked"
        );
        println!("SKIPPED: python3 or iconv not found");
        return;
    }
    check("tools/gen_reader_pua.py");
}
