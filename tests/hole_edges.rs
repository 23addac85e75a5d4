//! One U+FFFD per lost character at the edges of the damage of UTF-8 read
//! as a legacy encoding (issue 3): the holes and Windows marks before,
//! after and between the repaired spans. Lines synthesized by
//! `mojifix::damage` from the clean corpora (../shared/data/clean); a line
//! is exact when the Fixer gives the chain's determined text (the original
//! with U+FFFD for each character whose bytes were lost) or the original.
//! Lines 400 to 2,400 of each corpus: the damage table
//! (`tests/cjk_damage.rs`, `MOJIFIX_CJK_LINES=400`) measured the rules on
//! the first 400.

mod common;

/// The lossy lines of `lang` (lines 400 to 2,400) through `name`, and how
/// many of them the Fixer gives exactly; each fixed line must also be a
/// fixed point (fixing it again changes nothing).
fn exact_lossy_lines(name: &str, lang: &str) -> Option<(usize, usize)> {
    let text = common::clean_text(&format!("{lang}.txt"))?;
    let chain = common::chain(name);
    let (mut exact, mut lines) = (0, 0);
    for line in text.lines().skip(400).take(2000) {
        let Some(garbled) = chain.apply(line) else {
            continue;
        };
        if garbled == line || !chain.is_lossy_on(line) {
            continue;
        }
        let expected = chain.determined_text(line).unwrap();
        let fixed = mojifix::fix_text(&garbled);
        assert_eq!(
            mojifix::fix_text(&fixed),
            fixed,
            "{name} / {lang}: not a fixed point: {garbled:?}"
        );
        lines += 1;
        exact += usize::from(fixed == expected || fixed == line);
    }
    Some((exact, lines))
}

/// A Windows decoder's `?` for a pair whose lead was the last continuation
/// byte of a sequence takes the ASCII byte after it (GBK: every other byte
/// is a trail): `对 所` reads as `瀵?鎵€`, and a one-character word between
/// spaces as a stretch of its own, `中.` as `涓?`. Both lost characters are
/// one U+FFFD each (`��`), where the mark and the character before it were
/// left as they were. Main (`89e7691`): 618 of 1,838 lossy lines exact
/// (33.6%); branch holeedge 1,080 (58.8%).
#[test]
fn windows_marks_that_swallowed_ascii_become_holes() {
    let Some((exact, lines)) = exact_lossy_lines("utf-8 read as gbk (windows)", "zh-Hans") else {
        return;
    };
    println!("utf-8 read as gbk (windows) / zh-Hans: {exact} of {lines} lossy lines exact");
    assert!(lines >= 1000, "{lines} lossy lines");
    assert!(
        exact as f64 >= 0.55 * lines as f64,
        "{exact} of {lines} lossy lines exact"
    );
}

/// A WHATWG decoder writes one U+FFFD for a rejected pair and one for a
/// lone byte: `은` (`EC 9D 80`) through EUC-KR is `��`, a stretch of holes
/// alone between ASCII that no trigger starts. Where the line's chain is
/// established, the UTF-8 structure settles it as one lost character, `�`.
/// Main (`89e7691`): 785 of 2,000 lossy lines exact (39.3%); branch
/// holeedge 968 (48.4%).
#[test]
fn stretches_of_holes_alone_hold_one_per_lost_character() {
    let Some((exact, lines)) = exact_lossy_lines("utf-8 read as euc-kr", "ko") else {
        return;
    };
    println!("utf-8 read as euc-kr / ko: {exact} of {lines} lossy lines exact");
    assert!(lines >= 1000, "{lines} lossy lines");
    assert!(
        exact as f64 >= 0.45 * lines as f64,
        "{exact} of {lines} lossy lines exact"
    );
}
