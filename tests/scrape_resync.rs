//! `double_byte_resync` on synthesized byte loss over ../shared/data/clean:
//! each line is encoded in its language's legacy encoding (zh-Hans GBK,
//! zh-Hant Big5, ja Shift_JIS), one byte of a double-byte character is
//! dropped, the rest is decoded with the WHATWG decoder, and every other line
//! is NFKC-folded as pipelines that normalize do.
//!
//! A run counts as restored when the output equals the original except that
//! characters whose bytes are truly gone (the one that lost the byte, and those
//! whose bytes the decoder turned into U+FFFD: `ByteLoss::lost`) may be U+FFFD,
//! one for one. For NFKC-folded lines the comparison is made after NFKC of
//! both sides, character by character. When the dropped byte sat in a run of
//! equal bytes, every drop in the run leaves the same bytes, and the lost
//! characters of any of them are accepted (`ByteLoss::restored`).
//!
//! The fixer's pair table (`src/scrape/bigram_table.rs`) is built from the
//! training half of the clean corpora (lines whose FNV-1a hash is even,
//! `synth::is_training_line`); the figures are printed for all lines and for
//! the held-out half, and both have floors. (The unigram frequency table of
//! `mojibake::cjk` is built from every clean line.) Clean text is checked on
//! every line, both halves (`tests/scrape_pinyin.rs`).
//!
//! Lines per language are capped at 3,000 for speed; `MOJIFIX_SCRAPE_ALL=1`
//! runs every line. `--nocapture` prints the figures.

mod common;

use mojifix::damage::Rng;
use mojifix::scrape::synth::{drop_byte, is_training_line, legacy_for, restored_except_lost};
use mojifix::{apply_plan, Config, Fixer};

fn cap() -> usize {
    if std::env::var_os("MOJIFIX_SCRAPE_ALL").is_some() {
        usize::MAX
    } else {
        3000
    }
}

#[test]
fn lost_bytes_are_resynchronized() {
    let Some(dir) = common::clean_dir() else {
        println!("{}", common::NO_CORPORA);
        return;
    };
    let fixer = resync_fixer();
    let (mut total, mut restored) = (0usize, 0usize);
    let (mut held_total, mut held_restored) = (0usize, 0usize);
    let mut floors = Vec::new();
    let mut failures = Vec::new();
    for lang in ["zh-Hans", "zh-Hant", "ja"] {
        let legacy = legacy_for(lang).unwrap();
        let text = std::fs::read_to_string(dir.join(format!("{lang}.txt"))).unwrap();
        let (mut n, mut ok, mut untouched) = (0usize, 0usize, 0usize);
        let (mut held_n, mut held_ok) = (0usize, 0usize);
        let mut lang_failures = 0;
        let mut made_worse = 0usize;
        let mut not_idempotent = 0usize;
        for (i, line, nfkc, loss) in lines_losing_a_byte(text.lines().take(cap()), legacy) {
            n += 1;
            let fixed = fixer.fix(&loss.damaged);
            if fixed == loss.damaged {
                untouched += 1;
            }
            if fixer.fix(&fixed) != fixed {
                not_idempotent += 1;
            }
            let good = loss.restored(line, &fixed, nfkc);
            if !is_training_line(line) {
                held_n += 1;
                held_ok += usize::from(good);
            }
            if good {
                ok += 1;
                if i % 40 == 0 && fixed != loss.damaged {
                    let explained = fixer.fix_and_explain(&loss.damaged);
                    assert_eq!(explained.text, fixed);
                    assert!(explained
                        .changes
                        .iter()
                        .any(|c| c.fixer == "double_byte_resync"));
                    assert_eq!(apply_plan(&loss.damaged, &explained.plan()).unwrap(), fixed);
                }
            } else if fixed != loss.damaged {
                made_worse += 1;
            }
            if !good && lang_failures < 6 {
                lang_failures += 1;
                failures.push(format!(
                    "{lang} lost {:?}: {:?}\n  -> {:?}\n  want {:?}",
                    loss.lost, loss.damaged, fixed, line
                ));
            }
        }
        println!(
            "double_byte_resync {lang} ({}): {ok}/{n} runs restored ({:.2}%); held out: {held_ok}/{held_n} ({:.2}%); {untouched} left as damaged; {made_worse} rewritten wrongly",
            legacy.name(),
            100.0 * ok as f64 / n.max(1) as f64,
            100.0 * held_ok as f64 / held_n.max(1) as f64
        );
        floors.push((
            lang,
            ok as f64 / n.max(1) as f64,
            held_ok as f64 / held_n.max(1) as f64,
        ));
        assert_eq!(
            not_idempotent, 0,
            "{lang}: fix(fix(x)) != fix(x) on {not_idempotent} lines"
        );
        total += n;
        restored += ok;
        held_total += held_n;
        held_restored += held_ok;
    }
    let share = restored as f64 / total.max(1) as f64;
    println!(
        "double_byte_resync overall: {restored}/{total} ({:.2}%); held out: {held_restored}/{held_total} ({:.2}%)",
        100.0 * share,
        100.0 * held_restored as f64 / held_total.max(1) as f64
    );
    for f in &failures {
        println!("{}", f.chars().take(700).collect::<String>());
    }
    assert!(total > 1000, "too few lines damaged: {total}");
    // Issue 7 asks for 95% of runs. NOT MET. The character-pair table and
    // the context it gives raised zh-Hans most; lone trail bytes next to kana
    // (`ディレクgリ`, `プログラ\u{80}へ`, `へﾌパイプ`, NFKC's `終了オた`) raised
    // ja; lone letters between CJK characters priced by likely pairs
    // (`任何H進行`), NFKC-widened katakana in Shift_JIS runs, and repairs that
    // keep the width of what they read in phase raised all three; runs ended
    // by a letter before no CJK character (`提供服陛C`), NFKC-folded Shift_JIS
    // letters with their trail (`またcAドレス`) and Big5/Shift_JIS runs cut by
    // a U+FFFD (`言�穸i寫`) raised zh-Hant and ja. What is left
    // (`examples/resync_misses -- causes`) is mostly lone trails with too
    // little context (a space or ASCII punctuation beside the letter, several
    // lone letters in the line, a particle after it), runs whose shifted
    // reading the unigram and pair model cannot tell from the text as
    // written, runs no trigger marks (NFKC-widened katakana after katakana),
    // and shifts that start a character early. GBK's row `A2` read out of
    // phase and NFKC-folded to ASCII (`畔i�`, `畔7.`, `娲(5)`) read back as
    // one character raised zh-Hans; a folded Shift_JIS letter and its trail
    // before no CJK character (`終了すaB`, `でしょaB この`) raised ja. Lone
    // lowercase letters with one likely and one known pair
    // (`自動u動`), an `@` between Han (`第@個`), a lone katakana next to `、`
    // or `。` (`ですェ、`) and a letter after a hiragana at a run's end
    // (`定義するB`) raised zh-Hant and ja. Stronger evidence for lone
    // letters and clause-closing katakana, which casual and technical clean
    // text writes (the traps of corpus/scrape/traps.jsonl), lowered zh-Hant
    // and ja by a few runs, and so did branch fpclean's (each reading takes
    // lone letters only in the lines it judges; one-sided evidence must beat
    // the letter read as a name): zh-Hant 10 and ja 5 runs of the first
    // 3,000. A smaller margin where the pairs around the lost character
    // confirm a shift that explains a U+FFFD or takes a glued letter back
    // (`CONFIRMED_MARGIN_BITS`, branch recall4; also where a lone halfwidth
    // katakana is rewritten) raised all three; after the review of the
    // merge a glued letter needs two characters read back in phase (one
    // alone confirmed clean letters after CJK words as readily), which took
    // back zh-Hant's gain and part of ja's. Branch letterfp weighs a lone
    // letter read as a name first (`name_slot_evidence`, issue 7's letter
    // probes, `clean_letters_between_cjk_stay`): it keeps clean `大於b的`,
    // `值M表示` and lowered the floors of zh-Hant (0.76/0.74) and ja
    // (0.79/0.79) to what it measures: first 3,000 lines zh-Hans 91.52%,
    // zh-Hant 74.47%, ja 80.21% (held out 91.02/72.31/80.56%); on every line
    // 88.02/75.79/78.88% (held out 83.73/74.18/78.63%); the floors hold for
    // both (main: 91.52/76.21/80.85%, every line 88.03/77.36/79.56%).
    // Branch resync95 confirms `X�` read from a two-character word cut by
    // the loss on the pairs (`word_split_by_loss`: `摘要信息` read as
    // `摘要畔�`) and drops the position bit of the shifts' rank (`服务 缓存。`
    // read as `服务 缓础�`): first 3,000 lines 91.92/74.57/80.42%, 82.30%
    // (before 91.52/74.51/80.48%, 82.17%), held out 91.15/72.44/80.50%,
    // 81.37% (before 91.02/72.31/80.63%, 81.33%); on every line
    // 88.34/75.98/79.29%, 81.43%, held out 84.06/74.41/79.05%, 79.58%
    // (before 88.02/75.80/79.17%, 81.23%, held out 83.73/74.18/78.92%,
    // 79.36%); the floors of zh-Hans and ja rise to what both measure.
    // Branch recall5 reads in Shift_JIS text a katakana after a rare
    // character ending in `82` as a hiragana's trail read alone, before a
    // katakana word too (`kana_after_lead_trail`), and a U+FFFD after a
    // character ending in `82` as the byte `A0` (`ｂ�る` for `である`:
    // `a0_after_hiragana_lead`): ja first 3,000 lines 80.42 -> 80.92%, held
    // out 80.50 -> 81.17%; every line 79.29 -> 79.76%, held out 79.05 ->
    // 79.61% (overall 81.43 -> 81.63%, held out 79.58 -> 79.82%); rewritten
    // wrongly unchanged (62 of the first 3,000, 355 of every line); ja's
    // floors rose to 0.795. The first rule was reverted at the merge (it
    // changed 5 of 99 hand-made clean lines with a rare kanji ending in `82`
    // before a katakana word, `この凾ファイルを`, now traps): with the second
    // alone ja first 3,000 lines 80.75%, held out 80.90%; every line 79.60%,
    // held out 79.38%; ja's floors are 0.79 again.
    // Branch recall6 reads `X�` after the line's start or an ASCII character
    // as a two-character word cut by the loss when `X` is no common
    // character and a common word has those bytes (`word_cut_after_break`:
    // `所有 嶽�, 不再` for `所有 檔案, 不再`): first 3,000 lines zh-Hans 91.92
    // -> 93.22%, zh-Hant 74.57 -> 74.87%, ja 80.75% (overall 82.42 ->
    // 82.95%), held out 91.15/72.44/80.90% -> 92.30/72.85/80.90% (81.51 ->
    // 82.02%); every line 88.34/75.98/79.60% -> 89.01/76.21/79.61% (81.57 ->
    // 81.84%), held out 84.06/74.41/79.38% -> 84.69/74.69/79.38% (79.72 ->
    // 79.99%); rewritten wrongly 85/91/62 -> 85/92/62 of the first 3,000,
    // 831/228/356 -> 832/230/356 of every line. The floors of zh-Hans and
    // zh-Hant rise to what both measure.
    // Branch recall7 refuses a second loss in the same run (a shift that
    // explains a U+FFFD after a character already lost, `second_loss`): the
    // Fixer's second round no longer undoes a right repair (`会等�` read
    // as `会��`). First 3,000 lines zh-Hans 93.22 -> 93.89%, zh-Hant 74.87
    // -> 74.94%, ja 80.75% (overall 82.95 -> 83.20%), held out
    // 92.30/72.85/80.90% -> 93.45/72.92/80.90% (82.02 -> 82.43%); every
    // line 89.01/76.21/79.61% -> 91.56/76.29/79.61% (81.84 -> 82.68%), held
    // out 79.99 -> 81.54%; rewritten wrongly 85/92/62 -> 65/90/62 of the
    // first 3,000, 832/230/356 -> 557/223/356 of every line. zh-Hans's
    // floors rise to what both measure.
    // Branch recall9 lets one character read back between Han characters
    // confirm a glued trail (`reads_back_one_between_han`): first 3,000
    // lines zh-Hant 74.94 -> 75.11%, ja 80.75 -> 80.78% (overall 83.20 ->
    // 83.26%), held out unchanged (82.43%); every line zh-Hant 76.29 ->
    // 76.41%, ja 79.61 -> 79.63% (82.68 -> 82.72%), held out 81.53 ->
    // 81.55%; rewritten wrongly 90 -> 89 (zh-Hant, first 3,000), 223 -> 221
    // (every line). zh-Hant's first floor rises to 0.75.
    println!(
        "double_byte_resync: issue target 95% {}",
        if share >= 0.95 { "met" } else { "NOT met" }
    );
    for (lang, floor, held_floor) in [
        ("zh-Hans", 0.91, 0.885),
        ("zh-Hant", 0.75, 0.725),
        ("ja", 0.79, 0.79),
    ] {
        let (got, held) = floors
            .iter()
            .find(|(l, _, _)| *l == lang)
            .map_or((0.0, 0.0), |f| (f.1, f.2));
        assert!(
            got >= floor,
            "{lang}: restored {:.2}% < floor {:.1}%",
            100.0 * got,
            100.0 * floor
        );
        assert!(
            held >= held_floor,
            "{lang}: restored {:.2}% of held-out lines < floor {:.1}%",
            100.0 * held,
            100.0 * held_floor
        );
    }
}

/// Shift_JIS: a character that lost its trail byte right before `あ`
/// (`82 A0`): the decoder pairs its lead with `82` and finds `A0` invalid
/// alone, a U+FFFD before the rest: `である` read as `ｂ�る` (NFKC `b�る`).
/// The repair reads that U+FFFD as `A0` where the character before it ends
/// in `82` (`a0_after_hiragana_lead`). Every damaged ja line of the
/// synthesizer (the seeds and NFKC rule of `lost_bytes_are_resynchronized`)
/// whose loss is of this kind: main restored none of 43, this branch 40
/// (93.02%; floor 0.90).
#[test]
fn trail_lost_before_a() {
    let Some(dir) = common::clean_dir() else {
        println!("{}", common::NO_CORPORA);
        return;
    };
    let legacy = mojifix::mojibake::cjk::legacy::Legacy::ShiftJis;
    let fixer = resync_fixer();
    let text = std::fs::read_to_string(dir.join("ja.txt")).unwrap();
    let (mut n, mut ok, mut with_other) = (0usize, 0usize, 0usize);
    for (_, line, nfkc, loss) in lines_losing_a_byte(text.lines(), legacy) {
        let (bytes, starts) = encoded_with_pair_starts(line, legacy);
        let p = loss.dropped_at;
        // A trail lost, then `あ`.
        let of_kind = p > 0
            && starts.contains(&(p - 1))
            && bytes.get(p + 1..p + 3) == Some(&[0x82, 0xA0][..]);
        if !of_kind {
            continue;
        }
        n += 1;
        ok += usize::from(loss.restored(line, &fixer.fix(&loss.damaged), nfkc));
        // With a second U+FFFD in the line (after a space at its end), the
        // line is other damage, not one lost byte (UTF-8 read as Big5 or
        // EUC-KR writes U+FFFD throughout Japanese text, where reading one
        // as `A0` made up text): the U+FFFD is not read as `A0`.
        let other = format!("{} \u{FFFD}", loss.damaged);
        let fixed = fixer.fix(&other);
        let fixed = fixed.strip_suffix(" \u{FFFD}").unwrap_or(&fixed);
        with_other += usize::from(loss.restored(line, fixed, nfkc));
    }
    let share = ok as f64 / n.max(1) as f64;
    println!(
        "trail lost before あ: {ok}/{n} restored ({:.2}%); with a second U+FFFD in the line \
         {with_other}",
        100.0 * share
    );
    assert!(n > 40, "too few runs of the kind: {n}");
    assert!(share >= 0.90, "{:.2}% < 90%", 100.0 * share);
    assert_eq!(with_other, 0, "read as A0 beside another U+FFFD");
}

/// GBK and Big5: a two-character word after the start of the line or an
/// ASCII character (a space, punctuation) and before ASCII or the end,
/// whose first character lost its trail byte: the decoder pairs its lead
/// with the second's lead into some `X` and writes U+FFFD for the second's
/// trail before the ASCII (`所有 檔案, 不再` read as `所有 嶽�, 不再`). No CJK
/// pair speaks before `X`; `word_cut_after_break` reads `X�` as the word cut
/// by the loss when `X` is no common character and a common word has those
/// bytes. Every damaged zh-Hans and zh-Hant line of the synthesizer (the
/// seeds and NFKC rule of `lost_bytes_are_resynchronized`) whose loss is of
/// this kind: main restored zh-Hans 31 of 88 (35.23%), zh-Hant 66 of 102
/// (64.71%); branch recall6 73 of 88 (82.95%) and 80 of 102 (78.43%).
#[test]
fn word_cut_after_a_break() {
    let Some(dir) = common::clean_dir() else {
        println!("{}", common::NO_CORPORA);
        return;
    };
    let fixer = resync_fixer();
    for (lang, floor) in [("zh-Hans", 0.80), ("zh-Hant", 0.75)] {
        let legacy = legacy_for(lang).unwrap();
        let text = std::fs::read_to_string(dir.join(format!("{lang}.txt"))).unwrap();
        let (mut n, mut ok) = (0usize, 0usize);
        for (_, line, nfkc, loss) in lines_losing_a_byte(text.lines(), legacy) {
            let (bytes, starts) = encoded_with_pair_starts(line, legacy);
            let p = loss.dropped_at;
            // A trail lost (the first character of the word starts at p - 1,
            // after the line's start or an ASCII byte), the second character
            // of the word right after it, then ASCII or the end.
            let of_kind = p > 0
                && starts.contains(&(p - 1))
                && (p == 1 || bytes[p - 2] < 0x80)
                && starts.contains(&(p + 1))
                && bytes.get(p + 3).map_or(true, |&b| b < 0x80)
                && loss.damaged.contains('\u{FFFD}');
            if !of_kind {
                continue;
            }
            n += 1;
            ok += usize::from(loss.restored(line, &fixer.fix(&loss.damaged), nfkc));
        }
        let share = ok as f64 / n.max(1) as f64;
        println!(
            "{lang}: a word after a break whose first character lost its trail: {ok}/{n} \
             restored ({:.2}%)",
            100.0 * share
        );
        assert!(n > 50, "{lang}: too few runs of the kind: {n}");
        assert!(
            share >= floor,
            "{lang}: {:.2}% < {:.0}%",
            100.0 * share,
            100.0 * floor
        );
    }
}

/// Big5: a run out of phase one character long, ended by a trail byte read
/// as ASCII before a Han character. A Han character lost a byte (its trail,
/// the decoder pairing its lead with the next character's lead; or its lead,
/// its trail read as a lead), the next Han character's trail is an ASCII
/// byte, which brings the decoder back in phase, and a Han character follows
/// (`段繼承` read as `珀~承`). The shift that restores it reads back that one
/// character only, and `reads_back_one_between_han` lets the pairs confirm
/// it. Every damaged zh-Hant line of the synthesizer (the seeds and NFKC
/// rule of `lost_bytes_are_resynchronized`) whose loss is of this kind, one
/// character lost: main restored 1,392 of 1,567 (88.83%), branch recall9
/// 1,403 (89.53%).
#[test]
fn one_character_read_back_before_han() {
    let Some(dir) = common::clean_dir() else {
        println!("{}", common::NO_CORPORA);
        return;
    };
    let fixer = resync_fixer();
    let legacy = legacy_for("zh-Hant").unwrap();
    let text = std::fs::read_to_string(dir.join("zh-Hant.txt")).unwrap();
    let han = |c: char| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}');
    let (mut n, mut ok) = (0usize, 0usize);
    for (_, line, nfkc, loss) in lines_losing_a_byte(text.lines(), legacy) {
        if loss.lost.len() != 1 {
            continue;
        }
        let (bytes, starts) = encoded_with_pair_starts(line, legacy);
        // The double-byte characters by their first byte's offset.
        let mut at = std::collections::HashMap::new();
        let mut q = 0;
        for c in line.chars() {
            at.insert(q, c);
            q += legacy.encode_char(c).unwrap().as_slice().len();
        }
        let p = loss.dropped_at;
        // The lost character's start, and the next character's: its trail
        // lost (it starts at p - 1), or its lead, its trail then read as a
        // lead (it starts at p).
        let (c1, c2) = if p > 0 && starts.contains(&(p - 1)) {
            (p - 1, p + 1)
        } else if starts.contains(&p) && bytes[p + 1] >= 0xA1 {
            (p, p + 2)
        } else {
            continue;
        };
        let of_kind = starts.contains(&c2)
            && (0x40..=0x7E).contains(&bytes[c2 + 1])
            && starts.contains(&(c2 + 2))
            && [c1, c2, c2 + 2]
                .iter()
                .all(|q| at.get(q).is_some_and(|&c| han(c)));
        if !of_kind {
            continue;
        }
        n += 1;
        ok += usize::from(loss.restored(line, &fixer.fix(&loss.damaged), nfkc));
    }
    let share = ok as f64 / n.max(1) as f64;
    println!(
        "zh-Hant: a run one character long before a trail read as ASCII and Han: {ok}/{n} \
         restored ({:.2}%)",
        100.0 * share
    );
    assert!(n > 200, "too few runs of the kind: {n}");
    assert!(share >= 0.893, "{:.2}% < 89.3%", 100.0 * share);
}

/// A right repair analysed again stays (the Fixer runs its steps once more
/// on a line a step changed). Every damaged zh-Hans and zh-Hant line of the
/// synthesizer (the seeds and NFKC rule of `lost_bytes_are_resynchronized`)
/// that one call of `resync_double_byte` restores, writing two U+FFFD (the
/// lost character, the run read in phase, the character whose trail the
/// decoder swallowed: `引导匀氤绦蚧岬却� 4` repaired as `引导�入程序会等� 4`),
/// analysed again: main rewrote the `X�` at the end of 291 of 8,301 zh-Hans
/// lines (`会等�` as `会��`) and 7 of 609 zh-Hant ones; branch recall7 16
/// (a rare character among those the shift would rewrite, `而赍盗粮矣�`, or
/// a lone katakana read by the Shift_JIS reading) and 0; branch recall8
/// (the rule only in a line that reads as text) 17 and 0.
#[test]
fn a_repair_analysed_again_stays() {
    let Some(dir) = common::clean_dir() else {
        println!("{}", common::NO_CORPORA);
        return;
    };
    for (lang, ceiling) in [("zh-Hans", 20), ("zh-Hant", 0)] {
        let legacy = legacy_for(lang).unwrap();
        let text = std::fs::read_to_string(dir.join(format!("{lang}.txt"))).unwrap();
        let (mut n, mut undone) = (0usize, 0usize);
        for (_, line, nfkc, loss) in lines_losing_a_byte(text.lines(), legacy) {
            let repaired = mojifix::scrape::resync_double_byte(&loss.damaged);
            if repaired.matches('\u{FFFD}').count() != 2 || !loss.restored(line, &repaired, nfkc) {
                continue;
            }
            n += 1;
            undone += usize::from(mojifix::scrape::resync_double_byte(&repaired) != repaired);
        }
        println!(
            "{lang}: right repairs with two U+FFFD undone when analysed again: {undone} of {n}"
        );
        assert!(n > 300, "{lang}: too few repairs of the kind: {n}");
        assert!(
            undone <= ceiling,
            "{lang}: {undone} right repairs undone > {ceiling}"
        );
    }
}

#[test]
fn the_issue_example() {
    // `。“送服務` saved as GBK lost its first byte; NFKC folded `！` to `!`.
    let original = "他说。“送服務";
    let mut bytes = mojifix::mojibake::cjk::legacy::Legacy::Gbk
        .encode(original)
        .unwrap();
    bytes.remove(4);
    let (damaged, _, _) = encoding_rs::GBK.decode(&bytes);
    assert!(damaged.starts_with("他说！八头⻊"), "{damaged}");
    let fixed = mojifix::scrape::resync_double_byte(&damaged);
    assert!(
        restored_except_lost(original, &fixed, &[2, 6]),
        "{damaged} -> {fixed}"
    );
}

/// corpus/scrape/resync_cases.jsonl: hand-picked lines, one byte dropped
/// from their legacy encoding; the repair must give `fixed`, which is the
/// original with U+FFFD only where a character lost a byte.
#[test]
fn hand_picked_cases() {
    let fixer = resync_fixer();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/scrape/resync_cases.jsonl"
    );
    let cases = std::fs::read_to_string(path).unwrap();
    let mut n = 0;
    for line in cases.lines() {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let s = |k: &str| case[k].as_str().unwrap().to_owned();
        let (original, damaged, fixed) = (s("original"), s("damaged"), s("fixed"));
        assert_eq!(fixer.fix(&damaged), fixed, "{damaged}");
        let lost: Vec<usize> = fixed
            .chars()
            .enumerate()
            .filter(|&(_, c)| c == '\u{FFFD}')
            .map(|(i, _)| i)
            .collect();
        assert!(lost.len() <= 2, "{fixed}");
        assert!(restored_except_lost(&original, &fixed, &lost), "{fixed}");
        n += 1;
    }
    assert!(n >= 8);
}

/// The characters around the letter of a probe: kana, CJK punctuation,
/// Han, Hangul and the fullwidth forms (`natural_letter_probes`), or only
/// kana, Han and Hangul (`inserted_letter_probes`).
fn probe_cjk(c: char, punct: bool) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}')
        || (punct && matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}'))
}

/// Clean technical text naming a variable with one letter between CJK
/// characters: every clean line with a digit between two CJK characters
/// (`有3个`, `是5秒`, `は2種`), the digit replaced by six letters in turn
/// (`有n个`), one line each; matches do not overlap.
fn natural_letter_probes(text: &str, seed: u64) -> Vec<String> {
    const LETTERS: &[u8] = b"nmkxyijabcpqtNMKXABCT";
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut rng = Rng::new(seed + n as u64);
        let mut k = 1;
        while k + 1 < chars.len() {
            if !(chars[k].is_ascii_digit()
                && probe_cjk(chars[k - 1], true)
                && probe_cjk(chars[k + 1], true))
            {
                k += 1;
                continue;
            }
            let mut pool = LETTERS.to_vec();
            for _ in 0..6 {
                let l = pool.remove(rng.below(pool.len()));
                let mut probe = chars.clone();
                probe[k] = char::from(l);
                out.push(probe.into_iter().collect());
            }
            k += 2;
        }
    }
    out
}

/// Up to `most` clean lines (in a seeded order) with one ASCII letter or
/// digit inserted between two CJK characters at a seeded place: half
/// lowercase, three tenths capitals, a fifth digits. Random insertion
/// mid-word is less natural than [`natural_letter_probes`].
fn inserted_letter_probes(text: &str, most: usize, seed: u64) -> Vec<String> {
    let mut lines: Vec<&str> = text.lines().collect();
    let mut rng = Rng::new(seed);
    for i in (1..lines.len()).rev() {
        lines.swap(i, rng.below(i + 1));
    }
    let mut out = Vec::new();
    for line in lines {
        let chars: Vec<char> = line.chars().collect();
        let places: Vec<usize> = (1..chars.len())
            .filter(|&i| probe_cjk(chars[i - 1], false) && probe_cjk(chars[i], false))
            .collect();
        if places.is_empty() {
            continue;
        }
        let at = places[rng.below(places.len())];
        let kind = rng.below(10);
        let l = if kind < 5 {
            char::from(b'a' + rng.below(26) as u8)
        } else if kind < 8 {
            char::from(b'A' + rng.below(26) as u8)
        } else {
            char::from(b'0' + rng.below(10) as u8)
        };
        let mut probe = chars;
        probe.insert(at, l);
        out.push(probe.into_iter().collect());
        if out.len() >= most {
            break;
        }
    }
    out
}

/// Clean lines with a one-letter name between CJK characters that the
/// `corpus` preset changes only with `double_byte_resync` on (issue 7's
/// false positives: `大於b的` → `大於�的`, `值M表示` → `值�表示`). A false
/// repair destroys a character the writer typed; these ceilings guard the
/// counts measured (see the figures printed with `--nocapture`).
#[test]
fn clean_letters_between_cjk_stay() {
    let Some(dir) = common::clean_dir() else {
        println!("{}", common::NO_CORPORA);
        return;
    };
    let with = Fixer::new(Config::corpus());
    let mut off = Config::corpus();
    off.set("double_byte_resync", false).unwrap();
    let without = Fixer::new(off);
    let changed = |probe: &str| with.fix(probe) != without.fix(probe);
    let mut natural_total = (0usize, 0usize);
    let mut samples = Vec::new();
    let mut inserted = Vec::new();
    for lang in ["zh-Hans", "zh-Hant", "ja", "ko"] {
        let text = std::fs::read_to_string(dir.join(format!("{lang}.txt"))).unwrap();
        let natural = natural_letter_probes(&text, 7_000_000);
        let mut n = 0;
        for p in &natural {
            if changed(p) {
                n += 1;
                if samples.len() < 12 {
                    samples.push(format!("natural {lang}: {p:?}\n  -> {:?}", with.fix(p)));
                }
            }
        }
        natural_total.0 += n;
        natural_total.1 += natural.len();
        let probes = inserted_letter_probes(&text, 5000, 8_000_000);
        let mut m = 0;
        for p in &probes {
            if changed(p) {
                m += 1;
                if samples.len() < 24 && m <= 3 {
                    samples.push(format!("inserted {lang}: {p:?}\n  -> {:?}", with.fix(p)));
                }
            }
        }
        println!(
            "letter probes {lang}: natural {n} of {} changed; inserted {m} of {} changed",
            natural.len(),
            probes.len()
        );
        inserted.push((lang, m, probes.len()));
    }
    println!(
        "letter probes: natural {} of {} changed",
        natural_total.0, natural_total.1
    );
    for s in &samples {
        println!("{}", s.chars().take(600).collect::<String>());
    }
    assert!(
        natural_total.1 > 3000,
        "too few natural probes: {natural_total:?}"
    );
    assert!(
        natural_total.0 <= NATURAL_CEILING,
        "natural letter probes changed: {} > {NATURAL_CEILING}",
        natural_total.0
    );
    for (lang, m, total) in inserted {
        let ceiling = INSERTED_CEILINGS
            .iter()
            .find(|c| c.0 == lang)
            .map_or(0, |c| c.1);
        assert!(total >= 4000, "{lang}: too few inserted probes: {total}");
        assert!(
            m <= ceiling,
            "{lang}: inserted letter probes changed: {m} > {ceiling}"
        );
    }
}

/// The most natural letter probes the resync may change (goal 0; main
/// changed 149 of 3,606, branch letterfp 38).
const NATURAL_CEILING: usize = 38;
/// The most inserted letter probes per language the resync may change (of
/// 5,000 each; main changed 48 / 298 / 311 / 0).
const INSERTED_CEILINGS: [(&str, usize); 4] =
    [("zh-Hans", 8), ("zh-Hant", 54), ("ja", 85), ("ko", 0)];

/// `line` encoded with `legacy`, and the byte offsets at which its
/// double-byte characters start.
fn encoded_with_pair_starts(
    line: &str,
    legacy: mojifix::mojibake::cjk::legacy::Legacy,
) -> (Vec<u8>, Vec<usize>) {
    let mut starts = Vec::new();
    let mut bytes = Vec::new();
    for c in line.chars() {
        let b = legacy.encode_char(c).unwrap();
        if b.as_slice().len() == 2 {
            starts.push(bytes.len());
        }
        bytes.extend_from_slice(b.as_slice());
    }
    (bytes, starts)
}

/// The synthesized damage of these tests: each line with its position,
/// one byte of its `legacy` encoding dropped (seeded by the position; every
/// second line NFKC-folded afterwards); lines the encoding cannot hold are
/// skipped.
fn lines_losing_a_byte<'a>(
    lines: impl Iterator<Item = &'a str>,
    legacy: mojifix::mojibake::cjk::legacy::Legacy,
) -> impl Iterator<Item = (usize, &'a str, bool, mojifix::scrape::synth::ByteLoss)> {
    lines.enumerate().filter_map(move |(i, line)| {
        let nfkc = i % 2 == 1;
        let mut rng = Rng::new(9_000_000 + i as u64);
        drop_byte(line, legacy, nfkc, &mut rng).map(|loss| (i, line, nfkc, loss))
    })
}

/// `default` with `double_byte_resync` on: the fixer these tests measure.
fn resync_fixer() -> Fixer {
    let mut config = Config::default();
    config.set("double_byte_resync", true).unwrap();
    Fixer::new(config)
}
