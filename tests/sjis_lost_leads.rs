//! Shift_JIS read through windows-1252 and windows-1254 with
//! `errors="ignore"`, as `mojifix::damage` makes it from the clean Japanese
//! corpus: the decoder drops the undefined bytes `81 8D 8F 90 9D` (1254 also
//! `8E 9E`), so the punctuation row's lead `81` vanishes and its trail stays
//! as an ASCII byte (`、` 81 41 is `A`, `。` 81 42 is `B`, `（` 81 69 is `i`).
//! The repair must not keep those trails as stray letters
//! (`なうI`, `ですB`, `ダイナミックEパラ`), and must not make up text where
//! it reads them.
//!
//! Skips with a notice when the corpora are absent.

mod common;

use mojifix::mojibake::cjk::legacy::Legacy;
use mojifix::{Config, Fixer};

/// The characters of `fixed`, and which characters of `original` and of
/// `fixed` a longest common subsequence of the two aligns.
fn aligned(original: &str, fixed: &str) -> (Vec<char>, (Vec<bool>, Vec<bool>)) {
    let a: Vec<char> = original.chars().collect();
    let b: Vec<char> = fixed.chars().collect();
    let w = b.len() + 1;
    let mut t = vec![0u32; (a.len() + 1) * w];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            t[i * w + j] = if a[i] == b[j] {
                t[(i + 1) * w + j + 1] + 1
            } else {
                t[(i + 1) * w + j].max(t[i * w + j + 1])
            };
        }
    }
    let (mut in_a, mut in_b) = (vec![false; a.len()], vec![false; b.len()]);
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            (in_a[i], in_b[j]) = (true, true);
            (i, j) = (i + 1, j + 1);
        } else if t[(i + 1) * w + j] >= t[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    (b, (in_a, in_b))
}

fn is_japanese(c: char) -> bool {
    u32::from(c) >= 0x3000
}

#[test]
fn lost_punctuation_leads_leave_no_stray_letters() {
    let Some(dir) = common::clean_dir() else {
        eprintln!("skipping: no clean corpora");
        return;
    };
    let text = std::fs::read_to_string(dir.join("ja.txt")).unwrap();
    let fixer = Fixer::new(Config::default());
    for name in [
        "shift_jis read as windows-1252 (errors=ignore)",
        "shift_jis read as windows-1254 (errors=ignore)",
    ] {
        let chain = common::chain(name);
        // Characters whose lead `81` the page dropped and whose trail was
        // left as ASCII; ASCII `40`–`7E` in the output beyond the
        // original's (stray trails).
        let (mut lines, mut ascii_trails, mut stray, mut exact) = (0, 0, 0, 0);
        for line in text.lines().take(600) {
            let Some(garbled) = chain.apply(line) else {
                continue;
            };
            let Some(expected) = chain.determined_text(line) else {
                continue;
            };
            if expected == line {
                continue;
            }
            lines += 1;
            let determined = chain.determined(line).unwrap();
            ascii_trails += line
                .chars()
                .zip(&determined)
                .filter(|&(c, &d)| {
                    !d && Legacy::ShiftJis
                        .encode(c.encode_utf8(&mut [0; 4]))
                        .is_some_and(|b| b.len() == 2 && b[0] == 0x81 && b[1] < 0x80)
                })
                .count();
            let fixed = fixer.fix(&garbled);
            let (fixed_chars, kept) = aligned(line, &fixed);
            // Stray: ASCII `40`–`7E` of the output that no character of
            // the original aligns with (real ASCII the repair destroyed
            // does not lower it).
            stray += (0..fixed_chars.len())
                .filter(|&j| (0x40..=0x7E).contains(&u32::from(fixed_chars[j])) && !kept.1[j])
                .count();
            exact += usize::from(fixed == expected);
        }
        println!(
            "{name}: {lines} lossy lines, {ascii_trails} lost leads with an ASCII trail, \
             {stray} stray ASCII left, {exact} lines exact"
        );
        assert!(
            lines > 100 && ascii_trails > 1000,
            "{name}: too few lossy lines"
        );
        // Before the rule (`glued_ascii::lost_run_trails`), which reads
        // such trails after a character of a Japanese run that lost bytes,
        // before another, a space or closing punctuation, 2,667 of 3,568
        // were left through windows-1252 (only trails glued between a kana
        // and a high byte were read; counted then as the output's ASCII
        // beyond the original's). Counted by alignment with the original,
        // and with the rule kept to trails whose lost character fits their
        // place (`glued_ascii::fill_fits`): 863 (windows-1254: 907).
        assert!(
            100 * stray <= 26 * ascii_trails,
            "{name}: {stray} stray ASCII trails of {ascii_trails}"
        );
    }
}

/// Real ASCII glued to Japanese inside a run that lost bytes (`付録Aを見よ`,
/// `ポートXで`, `名@ローカル`, `フィールドを[ ]`): the rule that reads stray
/// trails as lost characters must not destroy it wholesale. Lines of the
/// corpus (after those above) get one ASCII token glued between two
/// Japanese characters (the review's `gen_mixed.py`: letters that are also
/// the punctuation row's trails, `A B E i j @ [`, and others), then the
/// damage; counted: tokens whose every character the output keeps
/// (aligned with the original), and the rest of the line's ASCII.
#[test]
fn real_ascii_glued_to_japanese_is_kept() {
    let Some(dir) = common::clean_dir() else {
        eprintln!("skipping: no clean corpora");
        return;
    };
    let text = std::fs::read_to_string(dir.join("ja.txt")).unwrap();
    let fixer = Fixer::new(Config::default());
    const TOKENS: [&str; 16] = [
        "A", "B", "E", "X", "C", "Q", "a", "i", "j", "n", "x", "@", "[", "OK", "ID", "Linux",
    ];
    for name in [
        "shift_jis read as windows-1252 (errors=ignore)",
        "shift_jis read as windows-1254 (errors=ignore)",
    ] {
        let chain = common::chain(name);
        let (mut tokens, mut kept, mut single, mut single_kept, mut other, mut other_lost) =
            (0, 0, 0, 0, 0, 0);
        let mut seed = 12345u64;
        for line in text.lines().skip(600).take(1500) {
            let chars: Vec<char> = line.chars().collect();
            let places: Vec<usize> = (1..chars.len())
                .filter(|&k| is_japanese(chars[k - 1]) && is_japanese(chars[k]))
                .collect();
            if places.is_empty() {
                continue;
            }
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let at = places[(seed >> 33) as usize % places.len()];
            let token = TOKENS[(seed >> 17) as usize % TOKENS.len()];
            let mixed: String = chars[..at]
                .iter()
                .copied()
                .chain(token.chars())
                .chain(chars[at..].iter().copied())
                .collect();
            let Some(garbled) = chain.apply(&mixed) else {
                continue;
            };
            if garbled == mixed {
                continue;
            }
            let fixed = fixer.fix(&garbled);
            let (_, (in_original, _)) = aligned(&mixed, &fixed);
            let len = token.chars().count();
            let whole = (at..at + len).all(|i| in_original[i]);
            tokens += 1;
            kept += usize::from(whole);
            if len == 1 {
                single += 1;
                single_kept += usize::from(whole);
            }
            for (i, c) in mixed.chars().enumerate() {
                if !(at..at + len).contains(&i) && (0x40..=0x7E).contains(&u32::from(c)) {
                    other += 1;
                    other_lost += usize::from(!in_original[i]);
                }
            }
        }
        println!(
            "{name}: {tokens} glued tokens, {kept} kept ({single_kept} of {single} single \
             characters); other ASCII 40-7E lost {other_lost} of {other}"
        );
        assert!(tokens > 1000, "{name}: too few lines");
        // A ratchet, with no margin left through windows-1254 (790 kept
        // fails it). Through windows-1252 812 of 1,492 tokens kept, 525 of
        // 1,199 single characters (windows-1254: 791, 504); on other seeds
        // of this generator main itself keeps 52.0–64.4%. With every
        // trail between two characters read as lost (before `fill_fits`)
        // the review's set of such lines kept 1,381 of 3,846 single
        // letters, and 3,279 without the rule: the rule still costs real
        // ASCII that looks like a stray trail (a lowercase letter between
        // two characters, which a lost kanji lead leaves as often).
        assert!(
            kept * 100 >= tokens * 53,
            "{name}: {kept} of {tokens} glued tokens kept"
        );
        assert!(
            single_kept * 100 >= single * 42,
            "{name}: {single_kept} of {single} single characters kept"
        );
        assert!(
            other_lost * 1000 <= other,
            "{name}: other ASCII lost {other_lost} of {other}"
        );
    }
}

/// The re-review's probes: a fill the second reading of a lost run makes
/// for a stray trail must fit its place like those of the trails read
/// after it (`fill_fits`): `移植性` (`90` lost) read `移、�`, `最大深さ`
/// read `最大ーさ`; and a capital before ASCII punctuation after a kanji
/// stays a letter (`付録A)` read `付録、)`). The fills that fit are kept
/// (`です。`, `ドキュメント` not `ドキュャ塔g`).
#[test]
fn second_reading_fills_fit_their_place() {
    let fixer = Fixer::new(Config::default());
    probe_lossy_pages(
        &fixer,
        &[
            ("この機能は移植性がない。", "移、", "がない。"),
            ("最大深さを指定します。", "大ー", "ます。"),
            ("詳細は付録A)を参照してください。", "付録、", "ください。"),
            ("ドキュメントを参照すること。", "ャ塔", "ドキュ"),
        ],
    );
}

/// Each `(line, wrong, right)` through Shift_JIS read as windows-1252 and
/// as windows-1254 with `errors=ignore`: the repair holds `right` and not
/// `wrong`.
fn probe_lossy_pages(fixer: &Fixer, probes: &[(&str, &str, &str)]) {
    for name in [
        "shift_jis read as windows-1252 (errors=ignore)",
        "shift_jis read as windows-1254 (errors=ignore)",
    ] {
        let chain = common::chain(name);
        for &(line, wrong, right) in probes {
            let garbled = chain.apply(line).expect("damaged");
            let fixed = fixer.fix(&garbled);
            assert!(
                !fixed.contains(wrong) && fixed.contains(right),
                "{name}: {line} -> {garbled} -> {fixed}"
            );
        }
    }
}

/// Made-up Japanese characters: characters of the output from U+3000 on
/// that no character of the original aligns with, U+FFFD aside.
fn made_up(original: &str, fixed: &str) -> usize {
    let (chars, (_, kept)) = aligned(original, fixed);
    chars
        .iter()
        .zip(&kept)
        .filter(|&(&c, &k)| !k && is_japanese(c) && c != '\u{FFFD}')
        .count()
}

/// A katakana whose trail the page dropped (`ロ` `83 8D`, `メ` `83 81`)
/// leaves its lead `83` before the next katakana's `83`: read as the pair
/// `ャ` (`83 83`), the next trail stays a letter or becomes a fill
/// (`プログラム` read `プャOラム`, `ドメイン` `ドャ，ン`), text made up where
/// the original has a lost character. Held-out lines (ja 8001–9000, past
/// those the earlier rules were measured on), damaged by the synthesizer.
#[test]
fn a_kana_lead_that_lost_its_trail_takes_no_other() {
    let fixer = Fixer::new(Config::default());
    let text = common::clean_dir().map(|dir| std::fs::read_to_string(dir.join("ja.txt")).unwrap());
    if text.is_none() {
        eprintln!("skipping the corpus lines: no clean corpora");
    }
    let mut counts = Vec::new();
    for (name, most) in [
        ("shift_jis read as windows-1252 (errors=ignore)", 677),
        ("shift_jis read as windows-1254 (errors=ignore)", 823),
    ] {
        let chain = common::chain(name);
        let (mut lines, mut made) = (0, 0);
        let Some(text) = &text else { break };
        for line in text.lines().skip(8000).take(1000) {
            let Some(garbled) = chain.apply(line) else {
                continue;
            };
            if chain.determined_text(line).as_deref() == Some(line) {
                continue;
            }
            lines += 1;
            made += made_up(line, &fixer.fix(&garbled));
        }
        println!("{name}: {lines} lossy lines, {made} made-up characters");
        counts.push((name, lines, made, most));
    }
    for (name, lines, made, most) in counts {
        assert!(lines > 900, "{name}: too few lossy lines");
        // Before the rules (`glued_ascii::stolen_trail`, `took_kana_lead`):
        // 1,151 (windows-1252) and 1,296 (windows-1254); with them 730 and
        // 874; with `glued_ascii::pair_of_lost_trails` as well, 643 and 786;
        // with the stolen trail only before the katakana lead `83`
        // (`glued_ascii::stolen_kana_trail`, so that a word-final `ャ` keeps
        // the ASCII glued to it), 660 and 803. The ceilings are 2.5% above.
        assert!(made <= most, "{name}: {made} made-up characters");
    }
    probe_lossy_pages(
        &fixer,
        &[
            ("このプログラムはファイルを読みます。", "ャ", "グラム"),
            ("プログラムを表示します。", "ャ", "グラム"),
            ("分のドメイン宛てに送る。", "ャ", "イン"),
        ],
    );
}

/// Two characters side by side that both lost their lead (`削除` with `8D`
/// and `8F` dropped: `ED 9C`) read as one rare kanji (`弴`), as do `初期`
/// (`炎暿`) and `メモ` (`ャｃ骸`): made-up text where each lost character
/// should be U+FFFD or its clear fill.
#[test]
fn two_lost_leads_in_a_row_are_not_one_rare_kanji() {
    let fixer = Fixer::new(Config::default());
    probe_lossy_pages(
        &fixer,
        &[
            ("ファイルを削除します。", "弴", "除します。"),
            (
                "このファイルを削除すると、初期設定に戻ります。",
                "炎",
                "初期",
            ),
            ("メモリーが足りない。", "骸", "モリー"),
        ],
    );
}

/// A real word-final `ャ` (`83 83`) with ASCII glued after it (the
/// review's lines): the byte after the letter is no katakana lead `83`, so
/// the letter is no trail of the next kana that a lead which lost its own
/// took (`glued_ascii::stolen_kana_trail`). Read as one, `アーキテクチャXを`
/// became `アーキテクチ�スを`, `キャプチャ@` `キャプチ�ァ`, and
/// `チェンジャCの` `チェンジ�イの` even through a page that drops no byte.
/// (Through windows-1252 with `errors=ignore` that `C` is still read as
/// the `，` whose lead `81` such a page drops, as before the rule.)
#[test]
fn a_word_final_small_ya_keeps_the_ascii_glued_to_it() {
    let fixer = Fixer::new(Config::default());
    let katakana = |c: char| ('\u{30A1}'..='\u{30FA}').contains(&c);
    for name in [
        "shift_jis read as windows-1252 (errors=ignore)",
        "shift_jis read as sloppy-windows-1252",
    ] {
        let chain = common::chain(name);
        for (line, word) in [
            ("アーキテクチャXを表示します。", "アーキテクチャ"),
            ("ページャXを指定できる。", "ページャ"),
            ("キャプチャ@される。", "キャプチャ"),
            (
                "連装チェンジャCの 5 番目のディスクを選択する:",
                "チェンジャ",
            ),
        ] {
            let garbled = chain.apply(line).expect("damaged");
            let fixed = fixer.fix(&garbled);
            let (chars, (_, kept)) = aligned(line, &fixed);
            let made_up_katakana = chars
                .iter()
                .zip(&kept)
                .filter(|&(&c, &k)| !k && katakana(c))
                .count();
            assert!(
                fixed.contains(word) && !fixed.contains('\u{FFFD}') && made_up_katakana == 0,
                "{name}: {line} -> {garbled} -> {fixed}"
            );
        }
    }
}
