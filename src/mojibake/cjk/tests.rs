//! Unit tests of the CJK repair (`super`).

use super::chain::single_byte_slot;
use super::false_triggers::FALSE_TRIGGER_SHORTCUT;
use super::glued_ascii::{GLUED_TRAILS, LOST_RUN_TRAILS};
use super::lean_readings::{encode_1252, LEAN_PATH};
use super::line_repair::LEADING_CHAIN;
use super::lost_bytes::{read_with_lost_bytes, read_with_lost_bytes_in, LostScratch};
use super::single_byte_runs::{
    byte_in_1252, byte_in_1252_from, char_page_codes, page_codes, punctuation_codes,
    single_byte_runs, PageRuns, NO_BYTE, PAGE_CODES_END, PUNCTUATION_CODES,
};
use super::single_byte_spans::{
    looks_like_hangul, single_byte_read_as, utf8_coverage, ReadScratch, SingleByteRun,
};
use super::trigger::triggers;
use super::utf8_holes::{hole_lengths, lost_states, HoleModel, LOST_STATES, NO_LIMIT};
use super::utf8_runs::{Unit, FULL_UTF8_SCAN};
use super::utf8_sequences::{
    decode_one_sequence, decode_sequence, decode_sequence_before, fill_lost, fill_lost_cached,
};
use super::*;

#[test]
fn chain_names_are_their_display() {
    for legacy in Legacy::ALL {
        let chain = Chain::Utf8ReadAs(legacy);
        assert_eq!(chain.step_name(), chain.to_string());
        for page in CodePage::ALL {
            let chain = Chain::LegacyReadAs(legacy, page);
            assert_eq!(chain.step_name(), chain.to_string());
        }
    }
}

/// `fix_cjk_encoding` of `text` (result and plan) with the test switch
/// `switch` set to `on`, which is then put back.
fn fix_with(
    switch: &'static std::thread::LocalKey<std::cell::Cell<bool>>,
    on: bool,
    text: &str,
) -> (String, Vec<Step>) {
    let was = switch.with(|f| f.replace(on));
    let mut plan = Vec::new();
    let fixed = fix_cjk_encoding(text, &mut plan).into_owned();
    switch.with(|f| f.set(was));
    (fixed, plan)
}

fn fix(s: &str) -> String {
    fix_cjk_encoding(s, &mut Vec::new()).into_owned()
}

/// A clean character before UTF-8 read as GBK whose own GBK bytes and
/// the first byte of the mark after it read as one UTF-8 character and
/// a broken sequence (`項` ED 97 and `。` A1 A3: `헡`, then A3 alone):
/// the bridge over the broken sequence carried the clean text into the
/// repair (`헡�文件`). The span after the bridge is weighed too, and
/// wins. Every such character of a list of common Traditional ones,
/// before `。` and `，`.
#[test]
fn a_bridge_does_not_carry_clean_text_before_it() {
    let mut asked = 0;
    for c in "項順須頁領顯題類願額風飛館體點黨講識變".chars() {
        let bytes = Legacy::Gbk.encode(&c.to_string()).unwrap();
        // A three-byte lead and a continuation byte, as `項`'s.
        if !((0xE1..=0xEF).contains(&bytes[0]) && (0x80..=0xBF).contains(&bytes[1])) {
            continue;
        }
        for mark in ["。", "，"] {
            let garbled = format!("{c}{mark}鏂囦欢");
            assert_eq!(fix(&garbled), format!("{c}{mark}文件"), "{garbled}");
            asked += 1;
        }
    }
    assert!(asked >= 6, "{asked}");
}

/// Clean characters beside UTF-8 read as GBK whose own GBK bytes are a
/// two-byte UTF-8 letter (`使`, `CA B9`, is `ʹ`): the span without them is
/// weighed too, and wins where the letter is one that never stands beside
/// Chinese (IPA and modifier letters, Armenian, Hebrew), at the line's edge
/// too. Before, every one of them was read into the span (`ʹ上述文件`).
/// Latin-1, basic Greek and Russian letters are cut only where CJK text
/// lies beyond them, and are then left to the weighing: at the line's edge
/// or after a space they are the text's own as often (`伪绮掑瓙` is `α粒子`).
#[test]
fn clean_characters_beside_a_span_are_not_read_as_letters() {
    let garbled = "涓婅堪鏂囦欢"; // 上述文件
    let mut asked = 0;
    for c in "使示史士始实式时识什十失山师石色水员展战站越远院专住注转".chars()
    {
        let bytes = Legacy::Gbk.encode(&c.to_string()).unwrap();
        let Ok(letter) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let l = letter.chars().next().unwrap();
        if !(l.is_alphabetic() && matches!(l as u32, 0x250..=0x2FF | 0x530..=0x5FF)) {
            continue;
        }
        for text in [
            format!("{c}{garbled}"),
            format!("並{c}{garbled}"),
            format!("{garbled}{c}"),
            format!("{garbled}{c}並"),
        ] {
            assert_eq!(fix(&text), text.replace(garbled, "上述文件"), "{text}");
            asked += 1;
        }
    }
    assert!(asked >= 80, "{asked}");
    for (garbled, original) in [
        ("伪绮掑瓙", "α粒子"),
        ("(伪绮掑瓙)", "(α粒子)"),
        ("鍙戝皠 伪绮掑瓙", "发射 α粒子"),
        ("甯岃厞瀛楁瘝伪", "希腊字母α"),
    ] {
        assert_eq!(fix(garbled), original, "{garbled}");
    }
}

/// [`fix_cjk_encoding`] running both later passes on every text, as
/// it did before it skipped them.
fn fix_cjk_encoding_full<'a>(text: &'a str, plan: &mut Vec<Step>) -> Cow<'a, str> {
    unless_other_script(text, plan, fix_cjk_encoding_full_unguarded)
}

fn fix_cjk_encoding_full_unguarded<'a>(text: &'a str, plan: &mut Vec<Step>) -> Cow<'a, str> {
    let before = plan.len();
    let mut fixed = fix_wide_sequences(text, plan).0;
    for pass in [replacement_runs::fix as Pass, two_byte_utf8::fix] {
        let mut steps = Vec::new();
        if let Cow::Owned(again) = pass(&fixed, &mut steps) {
            for step in steps {
                if !plan[before..].contains(&step) {
                    plan.push(step);
                }
            }
            fixed = Cow::Owned(again);
        }
    }
    fixed
}

/// Whether `text` gives the same result and plan with the later passes
/// skipped as without, and `fix_wide_sequences` saw every character
/// where their first tests hold (of a line it leaves as it was). Returns whether the line triggered the
/// spans' repair (bit 0), and then skipped `replacement_runs` (bit 1)
/// and `two_byte_utf8` (bit 2).
fn same_as_full_path(text: &str) -> u8 {
    let (mut plan, mut full_plan) = (Vec::new(), Vec::new());
    let fixed = fix_cjk_encoding(text, &mut plan);
    let full = fix_cjk_encoding_full(text, &mut full_plan);
    assert_eq!(fixed, full, "{text:?}");
    assert_eq!(plan, full_plan, "{text:?}");
    let (spans, may_start) = fix_wide_sequences(text, &mut Vec::new());
    let mut direct = 0;
    if text
        .char_indices()
        .any(|(i, c)| replacement_runs::is_trigger(text, i, c))
    {
        direct |= MAY_REPLACEMENT_RUNS;
    }
    if text
        .char_indices()
        .any(|(i, c)| !c.is_ascii() && two_byte_utf8::is_trigger(text, i, c))
    {
        direct |= MAY_TWO_BYTE_UTF8;
    }
    // (Exact for a line the spans leave alone; a repaired line goes
    // through both passes whatever the bits say, so for it they need only
    // name no pass whose trigger does not hold.)
    if matches!(spans, Cow::Borrowed(_)) {
        assert_eq!(may_start, direct, "{text:?}");
    } else {
        assert_eq!(may_start & !direct, 0, "{text:?}");
    }
    let triggered = text.char_indices().any(|(i, c)| {
        !c.is_ascii() && {
            let rest = &text[i + c.len_utf8()..];
            single_byte_start(c, rest) || utf8_trigger_mask(c, rest) != 0
        }
    });
    if !triggered || matches!(spans, Cow::Owned(_)) {
        return 0;
    }
    1 | u8::from(may_start & MAY_REPLACEMENT_RUNS == 0) << 1
        | u8::from(may_start & MAY_TWO_BYTE_UTF8 == 0) << 2
}

/// `utf8_read_as` between the block of the first trigger and the last
/// trigger proposes what it did over the whole line: the same results
/// and plans on every clean CJK line, 300 lines per language damaged
/// by each chain (whole and cut short, where `?` and holes start runs),
/// and the damaged bench input when it was made.
#[test]
fn utf8_runs_between_the_triggers_are_the_whole_lines() {
    let same = |text: &str| {
        let fixed = fix_with(&FULL_UTF8_SCAN, false, text);
        assert_eq!(fixed, fix_with(&FULL_UTF8_SCAN, true, text), "{text:?}");
        usize::from(fixed.0 != text)
    };
    for text in [
        "a?浣犲ソ",
        "??浣犲ソ b 浣犲ソ",
        "x 浣犲ソ y 鏂囦欢 z",
        "銆?浣犲",
        "・浣犲ソ",
    ] {
        same(text);
    }
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean"));
    if !dir.is_dir() {
        println!("SKIPPED: ../shared/data/clean not found");
        return;
    }
    let mut repaired = 0;
    for lang in ["zh-Hans", "zh-Hant", "ja", "ko"] {
        let text = std::fs::read_to_string(dir.join(format!("{lang}.txt"))).unwrap();
        for line in text.lines() {
            same(line);
        }
        for chain in crate::damage::Chain::cjk_chains() {
            for line in text.lines().take(300) {
                if let Some(garbled) = chain.apply(line) {
                    repaired += same(&garbled);
                    let cut: String = garbled.chars().take(9).collect();
                    same(&cut);
                }
            }
        }
    }
    let bench = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/bench-inputs/damaged_cjk_10pct.txt"
    ));
    if let Ok(text) = std::fs::read_to_string(bench) {
        for line in text.lines() {
            same(line);
        }
    }
    assert!(repaired > 10_000, "{repaired}");
}

/// Skipping `replacement_runs` and `two_byte_utf8` where their
/// triggers hold nowhere changes no result: every clean CJK line, 300
/// lines per language damaged by each chain (whole and cut short), the
/// damaged bench input when it was made, and the passes' own cases.
/// Some clean lines that trigger the spans' repair must skip both
/// passes (the case the shortcut is for).
#[test]
fn skipping_the_later_passes_changes_nothing() {
    for text in [
        "锟斤拷",
        "浣犲ソ锟斤拷锟斤拷",
        "caf茅 au lait",
        "M眉ller 浣犲ソ",
        "袩褉懈胁械褌",
        "cafﾃｩ",
        "嚙踝蕭嚙踝蕭",
        "\u{FFFD}\u{FFFD}",
        "你好，世界",
    ] {
        same_as_full_path(text);
    }
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean"));
    if !dir.is_dir() {
        println!("SKIPPED: ../shared/data/clean not found");
        return;
    }
    let (mut skipped, mut damaged) = ([0; 3], 0);
    for lang in ["zh-Hans", "zh-Hant", "ja", "ko"] {
        let text = std::fs::read_to_string(dir.join(format!("{lang}.txt"))).unwrap();
        for line in text.lines() {
            let verdict = same_as_full_path(line);
            for (bit, n) in skipped.iter_mut().enumerate() {
                *n += usize::from(verdict >> bit & 1);
            }
        }
        for chain in crate::damage::Chain::cjk_chains() {
            for line in text.lines().take(300) {
                if let Some(garbled) = chain.apply(line) {
                    same_as_full_path(&garbled);
                    let cut: String = garbled.chars().take(9).collect();
                    same_as_full_path(&cut);
                    damaged += 1;
                }
            }
        }
    }
    let bench = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/bench-inputs/damaged_cjk_10pct.txt"
    ));
    if let Ok(text) = std::fs::read_to_string(bench) {
        for line in text.lines() {
            same_as_full_path(line);
        }
    }
    let [triggered, no_runs, no_two_byte] = skipped;
    println!(
        "clean lines that trigger the spans' repair: {triggered}, skipping \
             replacement_runs {no_runs}, two_byte_utf8 {no_two_byte}; {damaged} damaged lines"
    );
    assert!(no_runs * 10 > triggered * 9, "{skipped:?}");
    assert!(no_two_byte * 10 > triggered * 9, "{skipped:?}");
}

/// Passing over false UTF-8 triggers (`is_false_utf8_trigger`)
/// changes no result or plan: every clean CJK line, 300 lines per
/// language damaged by each chain (whole, cut short, and after a clean
/// line with a false trigger), `corpus/cjk/cases.jsonl` and `corpus/real/cases.jsonl`, the
/// damaged bench input when it was made. Most clean lines with a trigger must
/// be decided by it alone (the case it is for).
#[test]
fn false_utf8_triggers_change_nothing() {
    // Whether the shortcut decided the line (no repair set up).
    let same = |text: &str| {
        let fixed = fix_with(&FALSE_TRIGGER_SHORTCUT, true, text);
        assert_eq!(
            fixed,
            fix_with(&FALSE_TRIGGER_SHORTCUT, false, text),
            "{text:?}"
        );
    };
    let triggered = |text: &str| {
        text.char_indices().any(|(i, c)| {
            !c.is_ascii() && {
                let rest = &text[i + c.len_utf8()..];
                single_byte_start(c, rest) || utf8_trigger_mask(c, rest) != 0
            }
        })
    };
    let passed_over = |text: &str| {
        let mut judged = [0; Legacy::ALL.len()];
        let mut all = true;
        let mut any = false;
        for (i, c) in text.char_indices() {
            if c.is_ascii() {
                continue;
            }
            let rest = &text[i + c.len_utf8()..];
            let mask = utf8_trigger_mask(c, rest);
            if single_byte_start(c, rest) {
                all = false;
            } else if mask != 0 {
                any = true;
                all &= !has_mark_beside_non_ascii(text)
                    && is_false_utf8_trigger(text, i, mask, &mut judged).is_some();
            }
        }
        any && all
    };
    for text in [
        "配置檔案依次從 /etc/ 目錄中讀取。",
        "讀取資料 浣犲ソ",
        "浣犲ソ 讀取資料",
        "讀取資料?浣犲",
        "讀取資料 ?浣犲",
        "讀取資料? 浣犲",
        "a?b 讀取資料 ?id? 浣犲ソ",
        "?讀取資料",
        "讀取資料?",
        "讀取\u{FFFD}資料",
        "讀取・資料",
        "記憶體大小",
    ] {
        same(text);
    }
    // Runs longer than the first window of `run_proposes_nothing`.
    for n in [30, 63, 64, 65, 200] {
        let long = "資料".repeat(n);
        same(&format!("{long}讀取{long}"));
        same(&format!("讀取{long}浣犲ソ"));
        same(&format!("{long}讀取{long}縺ゅ≠"));
        same(&format!("讀取{long}€"));
        // The trigger at 讀 is judged over the whole run.
        let text = format!("{long}讀取{long}");
        let at = text.find('讀').unwrap();
        let mask = utf8_trigger_mask('讀', &text[at + '讀'.len_utf8()..]);
        assert_ne!(mask, 0, "{text}");
        let mut judged = [0; Legacy::ALL.len()];
        assert!(is_false_utf8_trigger(&text, at, mask, &mut judged).is_some());
        assert_eq!(judged.iter().max(), Some(&text.len()));
    }
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean"));
    if !dir.is_dir() {
        println!("SKIPPED: ../shared/data/clean not found");
        return;
    }
    let (mut clean_triggered, mut clean_passed, mut damaged) = (0, 0, 0);
    let mut false_lines = Vec::new();
    for lang in ["zh-Hans", "zh-Hant", "ja", "ko"] {
        let text = std::fs::read_to_string(dir.join(format!("{lang}.txt"))).unwrap();
        for line in text.lines() {
            same(line);
            if triggered(line) {
                clean_triggered += 1;
                if passed_over(line) {
                    clean_passed += 1;
                    false_lines.push(line.to_string());
                }
            }
        }
        for chain in crate::damage::Chain::cjk_chains() {
            for (n, line) in text.lines().take(300).enumerate() {
                if let Some(garbled) = chain.apply(line) {
                    same(&garbled);
                    let cut: String = garbled.chars().take(9).collect();
                    same(&cut);
                    // Damage after a false trigger, and before one.
                    if let Some(clean) = false_lines.get(n % false_lines.len().max(1)) {
                        same(&format!("{clean} {garbled}"));
                        same(&format!("{clean}{garbled}"));
                        same(&format!("{garbled}{clean}"));
                    }
                    damaged += 1;
                }
            }
        }
    }
    for cases in ["corpus/cjk/cases.jsonl", "corpus/real/cases.jsonl"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(cases);
        let text = std::fs::read_to_string(path).unwrap();
        for line in text.lines() {
            let case: serde_json::Value = serde_json::from_str(line).unwrap();
            for key in ["garbled", "original"] {
                if let Some(s) = case[key].as_str() {
                    same(s);
                    for part in s.lines() {
                        same(part);
                    }
                }
            }
        }
    }
    let bench = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/bench-inputs/damaged_cjk_10pct.txt"
    ));
    if let Ok(text) = std::fs::read_to_string(bench) {
        for line in text.lines() {
            same(line);
        }
    }
    println!(
        "clean lines with a trigger: {clean_triggered}, passed over: {clean_passed}; \
             {damaged} damaged lines"
    );
    assert!(
        clean_passed * 10 > clean_triggered * 9,
        "{clean_passed} of {clean_triggered}"
    );
}

/// Code page 932's mark `・` after a whole sequence is a hole (`81`
/// cannot be UTF-8 there), and one whose lead ended its sequence before
/// another character took an ASCII byte with it: the repair keeps one
/// character per original character.
#[test]
fn windows_932_marks_are_holes_and_swallow_ascii() {
    use crate::damage::{Chain, Errors};
    let chain = Chain::Utf8ReadWith(Legacy::ShiftJis, Errors::Windows);
    // `（` is `EF BC 88`: `EF BC` unmapped, then `88` with the `B`.
    let original = "レイヤー（BG）は単色背景です";
    let garbled = chain.apply(original).unwrap();
    assert!(garbled.contains("・・G"), "{garbled}");
    let fixed = crate::fix_text(&garbled);
    assert!(fixed.starts_with("レイヤー\u{FFFD}\u{FFFD}G"), "{fixed}");
    // `，` is `EF BC 8C`: `8C` took the space after it. `EF BC` and a
    // lost byte is any of U+FF00–FF3F, and `，` only a guess among marks
    // (`utf8_sequences::fill_lost`), written before the swallowed byte
    // because CJK follows it.
    let original = "文字コードを設定する， 使用する文字コードを選択してください。";
    let garbled = chain.apply(original).unwrap();
    let fixed = crate::fix_text(&garbled);
    assert!(
        fixed.contains("する，\u{FFFD}使用する"),
        "{garbled} -> {fixed}"
    );
    assert_eq!(fixed.chars().count(), original.chars().count(), "{fixed}");
}

#[test]
fn utf8_read_as_each_legacy_encoding() {
    for legacy in Legacy::ALL {
        for text in [
            "这是一个测试文件",
            "日本語のテキストです",
            "한국어 텍스트입니다",
        ] {
            let (garbled, _) = legacy
                .encoding()
                .decode_without_bom_handling(text.as_bytes());
            let fixed = fix(&garbled);
            assert!(
                fixed == text || fixed.contains('\u{FFFD}'),
                "{legacy:?}: {text} -> {garbled} -> {fixed}"
            );
        }
    }
}

#[test]
fn the_1252_byte_comes_from_the_page_codes() {
    let t = triggers();
    for c in (0..0x11_0000).filter_map(char::from_u32) {
        let codes = page_codes()
            .get(c as usize)
            .copied()
            .unwrap_or_else(|| char_page_codes(c, t));
        assert_eq!(byte_in_1252_from(c, codes[0]), byte_in_1252(c), "{c:?}");
    }
}

#[test]
fn the_lost_states_table_is_derived() {
    for (lost, by_state) in (1..=2).zip(LOST_STATES) {
        for (e, states) in by_state.iter().enumerate() {
            assert_eq!(*states, lost_states(e, lost), "{e} {lost}");
        }
    }
}

#[test]
fn a_stopped_hole_search_loses_to_the_pairs() {
    // Runs of UTF-8-like bytes, ASCII, holes and marks: the search
    // under singles, stopped at the pairs' cost, either finds what the
    // full search finds or stops where the full search costs at least
    // as much as the pairs (which win ties).
    let mut rng = crate::damage::Rng::new(0x6A09_E667_F3BC_C908);
    let mut next = move |below: usize| rng.below(below);
    let mut back = Vec::new();
    let (mut pairs, mut full, mut stopped) = (Vec::new(), Vec::new(), Vec::new());
    let mut stops = 0;
    for _ in 0..20_000 {
        let legacy = Legacy::ALL[next(Legacy::ALL.len())];
        let units: Vec<Unit> = (0..1 + next(30))
            .map(|_| match next(100) {
                0..=11 => Unit::Hole,
                12..=14 => Unit::Marker,
                15..=24 => Unit::Byte(b"a ?"[next(3)]),
                25..=54 => Unit::Byte(0x80 + next(64) as u8),
                _ => Unit::Byte(0xC0 + next(64) as u8),
            })
            .collect();
        let p = hole_lengths(
            &units,
            legacy,
            HoleModel::Pairs,
            &mut back,
            &mut pairs,
            NO_LIMIT,
        );
        let s = hole_lengths(
            &units,
            legacy,
            HoleModel::Single,
            &mut back,
            &mut full,
            NO_LIMIT,
        );
        let t = hole_lengths(
            &units,
            legacy,
            HoleModel::Single,
            &mut back,
            &mut stopped,
            p,
        );
        if t == NO_LIMIT {
            stops += 1;
            assert!(s >= p, "{units:?} {legacy:?}: {s} < {p}");
        } else {
            assert_eq!((t, &stopped), (s, &full), "{units:?} {legacy:?}");
        }
    }
    assert!(stops > 1000 && stops < 19_000, "{stops}");
}

#[test]
fn sequence_arithmetic_agrees_with_from_utf8() {
    let utf8 = |b: &[u8]| std::str::from_utf8(b).ok().and_then(|s| s.chars().next());
    for lead in 0xC2..=0xF4u8 {
        for b1 in 0x80..=0xBFu8 {
            for b2 in 0x80..=0xBFu8 {
                let len = match lead {
                    0xC2..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    _ => 4,
                };
                let bytes = [lead, b1, b2, 0x80 | (b1 ^ b2) & 0x3F];
                assert_eq!(decode_one_sequence(&bytes[..len]), utf8(&bytes[..len]));
            }
        }
    }
}

#[test]
fn utf8_coverage_follows_from_utf8() {
    // Against the same scan with `from_utf8`'s verdict on each
    // sequence, on random bytes rich in lead and continuation bytes.
    let reference = |bytes: &[u8]| {
        let mut cover = vec![false; bytes.len()];
        let mut i = 0;
        while i < bytes.len() {
            let len = match bytes[i] {
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF4 => 4,
                _ => {
                    i += 1;
                    continue;
                }
            };
            let decoded = bytes
                .get(i..i + len)
                .and_then(|b| std::str::from_utf8(b).ok())
                .and_then(|s| s.chars().next());
            match decoded {
                Some(c)
                    if len > 2
                        || matches!(c, '\u{80}'..='\u{2FF}' | '\u{370}'..='\u{3CE}' | '\u{400}'..='\u{45F}') =>
                {
                    cover[i..i + len].iter_mut().for_each(|c| *c = true);
                    i += len;
                }
                _ => i += 1,
            }
        }
        cover
    };
    let mut rng = crate::damage::Rng::new(0xD1B5_4A32_D192_ED03);
    let mut next = move |below: u64| rng.below(below as usize) as u64;
    let mut cover = Vec::new();
    for _ in 0..20_000 {
        let bytes: Vec<u8> = (0..next(12))
            .map(|_| match next(4) {
                0 => 0x80 + next(64) as u8,
                1 => 0xC0 + next(64) as u8,
                2 => [0xE0, 0xED, 0xF0, 0xF4, 0x41][next(5) as usize],
                _ => next(256) as u8,
            })
            .collect();
        utf8_coverage(&bytes, &mut cover);
        assert_eq!(cover, reference(&bytes), "{bytes:02X?}");
    }
}

#[test]
fn the_table_reading_is_the_step_by_step_reading() {
    // Runs of ASCII, high bytes (windows-1252's undefined ones, lead
    // and trail bytes, halfwidth katakana) and rejected bytes, read
    // with every encoding through every page, whole and as the end of
    // the text.
    let mut rng = crate::damage::Rng::new(0x2545_F491_4F6C_DD1D);
    let mut next = move |below: u64| rng.below(below as usize) as u64;
    let (mut a, mut b) = (LostScratch::default(), LostScratch::default());
    for _ in 0..4000 {
        let len = 1 + next(24) as usize;
        let p = next(SINGLE_BYTE_PAGES.len() as u64) as usize;
        let page = SINGLE_BYTE_PAGES[p];
        let undefined = page.undefined_bytes();
        let (mut bytes, mut rejected) = (Vec::new(), Vec::new());
        for _ in 0..len {
            let r = next(100);
            if r < 8 && !undefined.is_empty() {
                bytes.push(undefined[0]);
                rejected.push(true);
            } else {
                let byte = match r {
                    8..=19 => b" a1?"[next(4) as usize],
                    20..=29 => [0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xA0, 0xAD][next(7) as usize],
                    _ => 0x80 + next(128) as u8,
                };
                bytes.push(byte);
                rejected.push(false);
            }
        }
        let cover = vec![false; len];
        let chars = vec!['x'; len + next(2) as usize];
        let run = SingleByteRun {
            start: 0,
            bytes: &bytes,
            rejected: &rejected,
            page,
            utf8_cover: &cover,
        };
        for legacy in Legacy::ALL {
            read_with_lost_bytes(&chars, &run, legacy, &mut a);
            if matches!(legacy, Legacy::ShiftJis | Legacy::EucJp) {
                read_with_lost_bytes_in::<true>(&chars, &run, legacy, &mut b);
            } else {
                read_with_lost_bytes_in::<false>(&chars, &run, legacy, &mut b);
            }
            assert_eq!(
                a.cost, b.cost,
                "{legacy:?} {page} {bytes:02X?} {rejected:?}"
            );
            assert_eq!(
                a.path, b.path,
                "{legacy:?} {page} {bytes:02X?} {rejected:?}"
            );
        }
    }
}

#[test]
fn page_runs_are_the_stretches_each_page_encodes() {
    // Random lines of characters some pages have and others lack,
    // against runs found page by page, character by character.
    let pool = [
        'a', ' ', 'È', '³', 'ç', '¿', '‚', 'ƒ', '€', 'Ж', 'щ', 'Ğ', 'ş', 'Ő', 'ł', '∂', 'ﬁ', '你',
        '\u{FFFD}', '\u{81}', '\u{A0}',
    ];
    let mut rng = crate::damage::Rng::new(0x9E37_79B9_7F4A_7C15);
    let mut next = move |below: u64| rng.below(below as usize) as u64;
    let mut out = PageRuns::default();
    for _ in 0..3000 {
        let len = next(40) as usize;
        let chars: Vec<char> = (0..len)
            .map(|_| pool[next(pool.len() as u64) as usize])
            .collect();
        let triggered: Vec<bool> = (0..len).map(|_| next(3) != 0).collect();
        single_byte_runs(&chars, &triggered, &mut out);
        let mut want = Vec::new();
        for p in 0..SINGLE_BYTE_PAGES.len() {
            let mut i = 0;
            while i < len {
                let start = i;
                while i < len && out.codes[i][p] != NO_BYTE {
                    i += 1;
                }
                let triggers = triggered[start..i].iter().filter(|&&t| t).count();
                if triggers > 0 {
                    want.push((p, start, i, triggers));
                }
                i = i.max(start + 1);
            }
        }
        let got: Vec<_> = out
            .runs
            .iter()
            .map(|r| (r.page, r.start, r.end, r.triggers))
            .collect();
        assert_eq!(got, want, "{chars:?}");
    }
}

#[test]
fn the_lost_byte_tables_agree_with_the_search() {
    // Every combination of known bytes for one lost byte, and a sample
    // for two (the tables are made by `fill_lost`; this checks the
    // indexing).
    let range = |len: usize, p: usize| -> Vec<u8> {
        match (p, len) {
            (0, 2) => (0xC2..=0xDF).collect(),
            (0, _) => (0xE0..=0xEF).collect(),
            _ => (0x80..=0xBF).collect(),
        }
    };
    for len in 2..=3usize {
        for mask in 1..(1u8 << len) {
            let unknown: Vec<usize> = (0..len).filter(|&p| mask & (1 << p) != 0).collect();
            if unknown.len() > 2 {
                continue;
            }
            let known: Vec<usize> = (0..len).filter(|&p| mask & (1 << p) == 0).collect();
            let mut combos: Vec<[Option<u8>; 3]> = vec![[None; 3]];
            for &p in &known {
                combos = combos
                    .into_iter()
                    .flat_map(|c| {
                        range(len, p).into_iter().map(move |b| {
                            let mut c = c;
                            c[p] = Some(b);
                            c
                        })
                    })
                    .collect();
            }
            for (i, bytes) in combos.iter().enumerate() {
                if unknown.len() == 2 && i % 7 != 0 {
                    continue;
                }
                assert_eq!(
                    fill_lost_cached(&bytes[..len], mask),
                    fill_lost(&bytes[..len], &unknown),
                    "{bytes:02X?} {mask:b}"
                );
            }
        }
    }
}

#[test]
fn a_guessed_mark_is_written_only_before_cjk_or_a_space() {
    // `EF BC` and a lost byte: U+FF00–FF3F, where `，` is clearly commoner
    // than the next mark but not than all of them together: a guess.
    let comma = fill_lost(&[Some(0xEF), Some(0xBC), None], &[2]);
    assert_eq!((comma.c, comma.guess), ('，', true));
    assert_eq!(
        fill_lost_cached(&[Some(0xEF), Some(0xBC), None], 0b100),
        comma
    );
    // `EF ?? 88`: no other mark fits, `（` is no guess.
    let paren = fill_lost(&[Some(0xEF), None, Some(0x88)], &[1]);
    assert_eq!((paren.c, paren.guess), ('（', false));
    // A letter is never a guess of this kind (`中`, E4 B8 AD).
    assert!(!fill_lost(&[Some(0xE4), Some(0xB8), None], &[2]).guess);
    let lost_last = [Unit::Byte(0xEF), Unit::Byte(0xBC), Unit::LostCont];
    let read = |next: Option<Unit>, space_after: bool| {
        let mut units = lost_last.to_vec();
        units.extend(next);
        decode_sequence_before(&units, space_after).map(|s| (s.written(), s.consumed))
    };
    // Before a CJK character (its lead known or lost), and before a space
    // at the run's end, the guess is written.
    assert_eq!(read(Some(Unit::Byte(0xE4)), false), Some(('，', 3)));
    assert_eq!(read(Some(Unit::LostLead(3)), false), Some(('，', 3)));
    assert_eq!(read(None, true), Some(('，', 3)));
    // Before other ASCII or the line's end, or an ASCII byte a Windows
    // decoder swallowed (`锛?);` is `！"` then `);`), it is not.
    assert_eq!(read(None, false), Some(('\u{FFFD}', 3)));
    assert_eq!(read(Some(Unit::LostLead(1)), true), Some(('\u{FFFD}', 3)));
    // A swallowed byte (the space after a comma) and then CJK is CJK
    // context.
    let mut units = lost_last.to_vec();
    units.extend([Unit::LostLead(1), Unit::Byte(0xE4)]);
    assert_eq!(decode_sequence(&units).map(|s| s.written()), Some('，'));
    assert_eq!(
        decode_sequence(&lost_last).map(|s| s.written()),
        Some('\u{FFFD}')
    );
    // Withheld, it is still weighed as the mark.
    assert_eq!(decode_sequence(&lost_last).map(|s| s.c), Some('，'));
    // The ranges `is_letter` takes without asking are all letters.
    for c in ('\u{3400}'..='\u{4DBF}')
        .chain('\u{4E00}'..='\u{9FFF}')
        .chain('\u{AC00}'..='\u{D7A3}')
    {
        assert!(c.is_alphabetic(), "{c}");
    }
}

#[test]
fn a_four_byte_sequence_that_lost_bytes_is_not_filled() {
    // Its candidates are priced by class alone: one emoji among rare Han
    // would always win. `🥿` is F0 9F A5 BF.
    let bytes = [None, None, Some(0xA5), Some(0xBF)];
    assert_eq!(fill_lost(&bytes, &[0, 1]).c, '\u{FFFD}');
    let mut k = 0u32;
    for mask in [
        0b0010u8, 0b0100, 0b1000, 0b0011, 0b0101, 0b1001, 0b0110, 0b1010, 0b1100,
    ] {
        for _ in 0..100 {
            k = k.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let mut bytes = [Some(0xF0u8), None, None, None];
            for (p, b) in bytes.iter_mut().enumerate() {
                if mask & (1 << p) != 0 {
                    *b = None;
                } else if p > 0 {
                    *b = Some(0x80 + ((k >> (6 * p)) & 0x3F) as u8);
                }
            }
            let unknown: Vec<usize> = (0..4).filter(|&p| mask & (1 << p) != 0).collect();
            assert_eq!(fill_lost(&bytes, &unknown).c, '\u{FFFD}', "{bytes:02X?}");
            assert_eq!(fill_lost_cached(&bytes, mask).c, '\u{FFFD}', "{bytes:02X?}");
        }
    }
    // A whole four-byte sequence is still read.
    let units = [0xF0u8, 0x9F, 0xA5, 0xBF].map(Unit::Byte);
    assert_eq!(decode_sequence(&units).map(|s| s.c), Some('🥿'));
}

#[test]
fn the_page_tables_agree_with_the_pages() {
    assert_eq!(SINGLE_BYTE_PAGES[0], CodePage::SloppyWindows1252);
    for cp in 0..0x11_0000u32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        let want = CodePage::SloppyWindows1252.encode_char(c).unwrap_or(0);
        assert_eq!(byte_in_1252(c), want, "{c:?}");
        let codes = SINGLE_BYTE_PAGES.map(|page| page.encode_char(c).map_or(NO_BYTE, u16::from));
        if cp < PAGE_CODES_END as u32 {
            assert_eq!(page_codes()[cp as usize], codes, "{c:?}");
        }
        if PUNCTUATION_CODES.contains(&(cp as usize)) {
            assert_eq!(punctuation_codes(c), Some(&codes), "{c:?}");
        } else {
            assert_eq!(punctuation_codes(c), None, "{c:?}");
        }
    }
}

#[test]
fn single_byte_slots_follow_the_page_order() {
    for legacy in Legacy::ALL {
        for (k, page) in SINGLE_BYTE_PAGES.into_iter().enumerate() {
            assert_eq!(
                single_byte_slot(Chain::LegacyReadAs(legacy, page)),
                legacy as usize * SINGLE_BYTE_PAGES.len() + k
            );
        }
    }
}

#[test]
fn a_page_is_judged_by_the_runs_around_the_damage() {
    // Russian text holds many characters windows-1251 encodes and
    // windows-1252 does not; the GBK read as windows-1252 beside it is
    // still repaired (a line-wide count of characters per page would
    // pick windows-1251).
    let ru = "Привет мир это очень длинная строка на русском языке и ещё немного текста";
    for zh in ["你好世界", "测试文件的内容"] {
        let (bytes, _, _) = encoding_rs::GBK.encode(zh);
        let garbled: String = bytes
            .iter()
            .map(|&b| CodePage::SloppyWindows1252.decode_byte(b))
            .collect();
        assert_eq!(fix(&format!("{ru} {garbled}")), format!("{ru} {zh}"));
    }
}

#[test]
fn fragments_of_other_pages_are_not_decoded() {
    // GBK read as windows-1252: MacRoman and windows-1251 cannot encode
    // much of it, and their runs lie inside the windows-1252 run.
    let garbled = "ÕâÊÇÒ»¸ö²âÊÔÎÄ¼þ£¬ÓÃÀ´¼ì²é×Ö·û±àÂë¡£";
    let chars: Vec<char> = garbled.chars().collect();
    let triggered = vec![true; chars.len()];
    let mut runs = PageRuns::default();
    single_byte_runs(&chars, &triggered, &mut runs);
    let decoded: Vec<CodePage> = runs
        .runs
        .iter()
        .filter(|r| !r.repeated && !r.dominated)
        .map(|r| SINGLE_BYTE_PAGES[r.page])
        .collect();
    assert_eq!(decoded, [CodePage::SloppyWindows1252]);
    assert_eq!(fix(garbled), "这是一个测试文件，用来检查字符编码。");
}

/// The legacy encodings proposing spans of `text`'s windows-1252 runs
/// once it is stored in `legacy` and read as windows-1252.
fn proposing_encodings(text: &str, legacy: Legacy) -> Vec<Legacy> {
    let bytes = legacy.encode(text).expect("encodable");
    let garbled = CodePage::SloppyWindows1252.decode(&bytes);
    let chars: Vec<char> = garbled.chars().collect();
    let triggered = vec![true; chars.len()];
    let mut runs = PageRuns::default();
    single_byte_runs(&chars, &triggered, &mut runs);
    let mut scratch = ReadScratch::default();
    let as_1252: Vec<u8> = chars.iter().map(|&c| byte_in_1252(c)).collect();
    utf8_coverage(&as_1252, &mut scratch.utf8_in_1252);
    let (mut arena, mut out) = (Vec::new(), Vec::new());
    single_byte_read_as(&chars, &runs, 0, 0, &mut arena, &mut out, &mut scratch);
    let mut found: Vec<Legacy> = Vec::new();
    for p in &out {
        if let Chain::LegacyReadAs(legacy, _) = p.chain {
            if !found.contains(&legacy) {
                found.push(legacy);
            }
        }
    }
    found
}

#[test]
fn unsettled_readings_still_back_off() {
    // UTF-8 read as windows-1252 that lost bytes (`dropped_bytes`'s),
    // and Russian in KOI8-R read as Latin-1: read as a legacy encoding
    // they propose made-up characters, none decisively, so the line
    // is still left to the Latin repair, or alone.
    for text in ["ã“ã‚“ã«ã¡ã¯", "\"ru\"=>\"òÕÓÓËÉÊ\"", "ÚÎÁÞÅÎÉÑ"] {
        assert_eq!(fix_cjk_encoding(text, &mut Vec::new()), text);
    }
}

#[test]
fn a_decisive_reading_is_not_backed_off() {
    // Shift_JIS read as windows-1252 and as Mac Roman: the Latin view
    // also passes a back-off test (its bytes read as UTF-8 that lost
    // bytes, or as legacy Cyrillic), but the Shift_JIS reading of the
    // run is decisive, so the back-off does not apply and the line is
    // repaired. (Found on ../shared/data/clean/zh-Hant.txt.)
    let cases = [
        (
            "這裡表明一個像建議的弱依賴關係，不裝也沒關係。",
            CodePage::SloppyWindows1252,
        ),
        (
            "ENOSPC 提供的緩衝區太小,ret被設定為需要的最小大小.",
            CodePage::MacRoman,
        ),
    ];
    for (original, page) in cases {
        let garbled = crate::damage::Chain::LegacyReadAs(Legacy::ShiftJis, page)
            .apply(original)
            .expect("encodable");
        assert_ne!(garbled, original);
        assert_eq!(fix_cjk_encoding(&garbled, &mut Vec::new()), original);
    }
}

#[test]
fn a_decisive_reading_settles_its_run() {
    use super::single_byte_spans::CHAIN_FIRST_GATE;
    // (Without the chain-first gate, which would read most of these runs
    // with one encoding before any reading is judged decisive.)
    CHAIN_FIRST_GATE.with(|f| f.set(false));
    // EUC-KR read as windows-1252: the GBK, Big5 and EUC-JP readings are
    // lossless too, but dearer; EUC-KR's, read last, is decisive and
    // takes their proposals away.
    let korean = "전체 이미지를 배경으로 표시하려면 위치 영역에서 바둑판식 확인란을 선택 해제한 다음 맞춤을 선택합니다.";
    assert_eq!(proposing_encodings(korean, Legacy::EucKr), [Legacy::EucKr]);
    // GBK, read first: no other encoding is read.
    let chinese = "这是一个测试文件，用来检查字符编码是否正确。";
    assert_eq!(proposing_encodings(chinese, Legacy::Gbk), [Legacy::Gbk]);
    // Kana read with GBK or EUC-JP (the same bytes in both) settle
    // nothing: every encoding is read.
    let japanese = "これは日本語の文章ですが、平仮名が多いのです。";
    let found = proposing_encodings(japanese, Legacy::EucJp);
    assert!(found.contains(&Legacy::Gbk) && found.contains(&Legacy::EucJp));
    // Nor does a short run, or a dear reading (this Korean sentence
    // costs 11.4 bits a character as EUC-KR).
    assert!(proposing_encodings("这是一个测试", Legacy::Gbk).len() > 1);
    // It looks like Hangul and is read with EUC-KR first, whose
    // proposals then go back behind the others'.
    let dear = "안녕하세요 오늘은 날씨가 정말 좋습니다 우리는 공원에 갑니다";
    let bytes = Legacy::EucKr.encode(dear).expect("encodable");
    assert!(looks_like_hangul(&bytes));
    let found = proposing_encodings(dear, Legacy::EucKr);
    assert!(found.len() > 1);
    assert_eq!(found.first(), Some(&Legacy::Gbk));
    assert_eq!(found.last(), Some(&Legacy::EucKr));
    // With the gate, that dear run is read with EUC-KR alone: its cheap
    // reading is far ahead of the others'.
    CHAIN_FIRST_GATE.with(|f| f.set(true));
    assert_eq!(proposing_encodings(dear, Legacy::EucKr), [Legacy::EucKr]);
}

#[test]
fn the_lean_path_leaves_latin_words_alone() {
    // A line of legacy CJK mojibake with a Latin tail: the lean path
    // must not read an accented word's letters as a pair, and where it
    // takes the line it must agree with the full path on these.
    let page = CodePage::SloppyWindows1252;
    let heads = [
        ("发行版可以用套件或代号来指定。", Legacy::Gbk),
        ("發行版可以用套件或代號來指定。", Legacy::Big5),
        (
            "전체 이미지를 배경으로 표시하려면 위치 영역에서",
            Legacy::EucKr,
        ),
    ];
    let tails = [
        " (née Smith)",
        " (voir l'année)",
        " modifiée en 2004",
        " caféF",
        " étés chauds",
        " Crème brûlée",
        " Zürich",
        " l’année",
        " pé_cs",
    ];
    for (head, legacy) in heads {
        let garbled = page.decode(&legacy.encode(head).unwrap());
        for tail in tails {
            let line = format!("{garbled}{tail}");
            let fixed = fix_with(&LEAN_PATH, true, &line);
            assert!(fixed.0.ends_with(tail), "{line:?} -> {:?}", fixed.0);
            assert_eq!(fixed, fix_with(&LEAN_PATH, false, &line), "{line:?}");
        }
    }
}

#[test]
fn a_lean_reading_takes_only_whole_clean_readings() {
    let page = CodePage::SloppyWindows1252;
    let garble = |text: &str, legacy: Legacy| page.decode(&legacy.encode(text).unwrap());
    // Legacy text read as windows-1252, lossless: read whole.
    let korean = "전체 이미지를 배경으로 표시하려면 위치 영역에서 바둑판식 확인란을 선택 해제한 다음 맞춤을 선택합니다.";
    let lean = lean_reading(&garble(korean, Legacy::EucKr));
    assert_eq!(lean, Some((korean.to_string(), Legacy::EucKr)));
    let chinese = "发行版可以用套件或代号来指定。发行版在许多文件中也被当做是套件的同义词。";
    let garbled = garble(chinese, Legacy::Gbk);
    assert_eq!(
        lean_reading(&garbled),
        Some((chinese.to_string(), Legacy::Gbk))
    );
    // A lead lost (a strict windows-1252 decoder dropped the `8F` of
    // 從): its trail took the `s` of smbclient; the full path reads it.
    let garbled = garble("從smbclient中呼叫tar命令及原始的tar命令。", Legacy::Gbk);
    let lost: String = garbled.chars().skip(1).collect();
    assert_eq!(lean_reading(&lost), None);
    assert_ne!(fix_cjk_encoding(&lost, &mut Vec::new()), lost);
    // A byte the page rejected, UTF-8 through the page, too few
    // characters, halfwidth katakana: none.
    assert_eq!(
        lean_reading(&format!("{}\u{FFFD}", garble(korean, Legacy::EucKr))),
        None
    );
    assert_eq!(lean_reading(&page.decode(chinese.as_bytes())), None);
    assert_eq!(lean_reading(&garble("这是一个测试", Legacy::Gbk)), None);
    assert_eq!(
        lean_reading(&garble(
            "ｶﾀｶﾅのテキストです。これは日本語",
            Legacy::ShiftJis
        )),
        None
    );
    // Never on clean text; on lossless damage, the original back.
    let Some(corpora) = clean_corpora() else {
        return;
    };
    let (mut fired, mut exact) = (0, 0);
    for (lang, text) in &corpora {
        for line in text.lines() {
            assert_eq!(lean_reading(line), None, "{line:?}");
        }
        if !["zh-Hans", "zh-Hant", "ja", "ko"].contains(&lang.as_str()) {
            continue;
        }
        for legacy in Legacy::ALL {
            for line in text.lines().take(300) {
                let Some(bytes) = legacy.encode(line) else {
                    continue;
                };
                if let Some((read, _)) = lean_reading(&page.decode(&bytes)) {
                    fired += 1;
                    exact += usize::from(read == line);
                }
            }
        }
    }
    println!("lean readings of lossless damage: {exact} exact of {fired}");
    assert!(
        fired > 1000 && exact * 1000 >= fired * 995,
        "{exact} of {fired}"
    );
}

/// The clean corpora's `(language, text)` (every `.txt` file), or
/// `None` (saying SKIPPED) when they are not beside the repository.
fn clean_corpora() -> Option<Vec<(String, String)>> {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean"));
    if !dir.is_dir() {
        println!("SKIPPED: ../shared/data/clean not found");
        return None;
    }
    let mut corpora = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let lang = path.file_stem().unwrap().to_string_lossy().into_owned();
            corpora.push((lang, std::fs::read_to_string(&path).unwrap()));
        }
    }
    Some(corpora)
}

/// A clean character glued to the end of a line of lossy UTF-8 damage (no
/// space between) is the text's own, and the full path keeps it more often
/// than the lean UTF-8 reading, which replaces a stretch as a whole. The
/// lean reading gives such a line to the full path (`glued_common_edge`)
/// where one of its stretches is multi-byte only by sequences that lost
/// bytes; where every stretch has a sequence that decoded, it keeps the
/// line, as it did before it counted the lost ones, and it loses the
/// glued character in some of them (a known limit, held here: 90 of the
/// 2,709 lines; 216 with no such rule). Since the full path also cuts a
/// span whose last sequence took the clean text after it
/// (`utf8_runs::glued_after_cut`, branch `span2`) it keeps the character
/// in 5,649 lines, and the lean reading, unchanged, loses it in 1,006 of
/// them: held as a count, with the lines where the lean path keeps it
/// (2,619 before, 4,643 then: the lines it gives to the full path; with
/// the cut span preferred only where it survives the verdict on its own,
/// 5,644 lines, lost in 1,006, kept in 4,638; unchanged by guessed marks
/// written as U+FFFD, which are weighed as the marks). Lines
/// of the clean corpora read as Big5, Shift_JIS, EUC-JP and EUC-KR (WHATWG
/// and `errors=replace`), each with a common character that opens another
/// line glued on.
#[test]
fn the_lean_path_keeps_a_clean_character_glued_to_lossy_damage() {
    use crate::damage::{decode_legacy, Errors};
    let Some(corpora) = clean_corpora() else {
        return;
    };
    let (mut checked, mut lost, mut lean_kept) = (0, Vec::new(), 0);
    for (lang, text) in &corpora {
        if !matches!(lang.as_str(), "zh-Hans" | "zh-Hant" | "ja" | "ko") {
            continue;
        }
        let lines: Vec<&str> = text.lines().filter(|l| l.chars().count() > 6).collect();
        let glue: Vec<char> = lines
            .iter()
            .filter_map(|l| l.chars().next())
            .filter(|&c| !c.is_ascii() && plausibility::char_bits(c) <= 10)
            .take(64)
            .collect();
        for legacy in [Legacy::Big5, Legacy::ShiftJis, Legacy::EucJp, Legacy::EucKr] {
            for errors in [Errors::Whatwg, Errors::Replace] {
                for (n, line) in lines.iter().take(500).enumerate() {
                    let garbled = decode_legacy(legacy, line.as_bytes(), errors).0;
                    if !garbled.contains('\u{FFFD}') || garbled.ends_with(|c: char| c.is_ascii()) {
                        continue;
                    }
                    let c = glue[n % glue.len()];
                    let glued = format!("{garbled}{c}");
                    let lean = fix_with(&LEAN_PATH, true, &glued).0;
                    lean_kept += usize::from(lean.ends_with(c));
                    if !fix_with(&LEAN_PATH, false, &glued).0.ends_with(c) {
                        continue;
                    }
                    checked += 1;
                    if !lean.ends_with(c) {
                        lost.push(format!("{glued:?} -> {lean:?}"));
                    }
                }
            }
        }
    }
    println!(
        "{checked} lines, the glued character lost by the lean path in {}; kept by it in {lean_kept}",
        lost.len()
    );
    assert!(checked > 1000, "{checked}");
    assert!(lean_kept >= 4638, "{lean_kept}");
    assert!(
        lost.len() <= 1006,
        "{} of {checked}: {:#?}",
        lost.len(),
        &lost[..lost.len().min(8)]
    );
}

#[test]
fn a_lean_utf8_reading_takes_only_whole_clean_readings() {
    use crate::damage::{decode_legacy, Errors};
    let lean = |text: &str| lean_utf8_reading(text, 0x1F, &mut LineScratch::default());
    let garble = |text: &str, legacy: Legacy, errors: Errors| {
        decode_legacy(legacy, text.as_bytes(), errors).0
    };
    // UTF-8 read as GBK, lossless and with holes.
    let chinese = "这个软件包提供了用于管理系统服务的命令行工具和程序库";
    let garbled = garble(chinese, Legacy::Gbk, Errors::Replace);
    assert!(!garbled.contains('\u{FFFD}'));
    assert_eq!(lean(&garbled), Some((chinese.to_string(), Legacy::Gbk)));
    let holes = "发行版 可以用 套件 或代号来指定。";
    let garbled = garble(holes, Legacy::Gbk, Errors::Replace);
    assert!(garbled.contains('\u{FFFD}'));
    assert_eq!(lean(&garbled).map(|(_, legacy)| legacy), Some(Legacy::Gbk));
    assert_eq!(
        fix_with(&LEAN_PATH, true, &garbled),
        fix_with(&LEAN_PATH, false, &garbled)
    );
    // Too few characters, a Windows mark, a clean stretch beside: none.
    assert_eq!(lean(&garble("测试", Legacy::Gbk, Errors::Replace)), None);
    let windows = garble(holes, Legacy::Gbk, Errors::Windows);
    assert_eq!(lean(&windows), None);
    assert_eq!(
        lean(&format!(
            "{} 中文",
            garble(chinese, Legacy::Gbk, Errors::Replace)
        )),
        None
    );
    // A clean word whose legacy bytes are UTF-8 (one sequence and an
    // ASCII byte, or one sequence beside a hole) beside a long damaged
    // stretch: the line goes to the full path, which keeps the word
    // (the read-only review's cases; the line's tests alone let the
    // damaged stretch carry the word).
    let japanese = "データ接続を許可するかどうかを選択してください";
    for (damaged, word) in [
        (garble(japanese, Legacy::ShiftJis, Errors::Replace), "隨機"),
        (garble(japanese, Legacy::ShiftJis, Errors::Replace), "邏輯"),
        (garble(chinese, Legacy::Gbk, Errors::Replace), "頁碼"),
        (garble(holes, Legacy::Gbk, Errors::Replace), "頁碼"),
        (
            garble("시드를 콘트롤을 설정합니다", Legacy::EucKr, Errors::Replace),
            "체처",
        ),
    ] {
        for line in [format!("{damaged} {word}"), format!("{word} ({damaged}")] {
            let full = fix_with(&LEAN_PATH, false, &line);
            assert!(full.0.contains(word), "{line:?} -> {full:?}");
            assert_eq!(fix_with(&LEAN_PATH, true, &line), full, "{line:?}");
        }
    }
    // Two whole sequences by chance (`項來對` through GBK reads
    // `헁팦`, `妾歌》` reads `檸衷`) in a line whose damage is short:
    // the chain is not established, so they must win on their own.
    for (line, word) in [
        ("項來對, 濡傦紝", "項來對"),
        ("le is: 鞛愲彊 UR a 妾歌》", "妾歌》"),
    ] {
        let lean = fix_with(&LEAN_PATH, true, line).0;
        assert!(lean.contains(word), "{line:?} -> {lean:?}");
    }
    // Never on clean text; on damage, the full path's output (the
    // original on lossless damage).
    let Some(corpora) = clean_corpora() else {
        return;
    };
    let (mut fired, mut lossless, mut same, mut exact, mut full_exact) = (0, 0, 0, 0, 0);
    for (lang, text) in &corpora {
        for line in text.lines() {
            assert_eq!(lean(line), None, "{line:?}");
        }
        if !["zh-Hans", "zh-Hant", "ja", "ko"].contains(&lang.as_str()) {
            continue;
        }
        for legacy in Legacy::ALL {
            for errors in [Errors::Whatwg, Errors::Replace] {
                for line in text.lines().take(300) {
                    let garbled = garble(line, legacy, errors);
                    let Some((read, _)) = lean(&garbled) else {
                        continue;
                    };
                    fired += 1;
                    let with = fix_with(&LEAN_PATH, true, &garbled);
                    let full = fix_with(&LEAN_PATH, false, &garbled);
                    exact += usize::from(with.0 == line);
                    full_exact += usize::from(full.0 == line);
                    same += usize::from(with == full);
                    if !garbled.contains('\u{FFFD}') {
                        lossless += 1;
                        assert_eq!(read, line, "{garbled:?}");
                        assert_eq!(with, full, "{garbled:?}");
                    }
                }
            }
        }
    }
    println!(
        "lean UTF-8 readings: {fired} ({lossless} lossless), {same} as the full path; \
             exact {exact} (full path {full_exact})"
    );
    assert!(fired > 1000 && lossless > 100, "{fired} {lossless}");
    assert!(exact >= full_exact, "{exact} < {full_exact}");
}

#[test]
fn the_1252_encoder_is_the_pages() {
    for c in ('\0'..='\u{FFFF}').filter(|&c| c != '\u{FFFD}') {
        let text = format!("a{c}b");
        assert_eq!(
            encode_1252(&text),
            CodePage::SloppyWindows1252.encode(&text),
            "{c:?}"
        );
    }
}

/// Short lines of code with a message in legacy CJK read as
/// windows-1252 (`$"{this}‚ÌWanderingManager‚ªNull‚Å‚·"`): one stretch
/// of 2–4 characters and two single characters, each taken at random
/// from the clean corpus of the encoding's language, between ASCII
/// words; the whole line damaged by the chain. The single characters'
/// spans are lone pairs, repaired only where the line's chain leads.
#[test]
fn short_spans_follow_the_line_s_leading_chain() {
    use crate::damage::{Chain, Rng};
    let Some(corpora) = clean_corpora() else {
        return;
    };
    for (lang, legacy) in [("ja", Legacy::ShiftJis), ("ko", Legacy::EucKr)] {
        let text = &corpora.iter().find(|(l, _)| l == lang).unwrap().1;
        let chain = Chain::LegacyReadAs(legacy, CodePage::SloppyWindows1252);
        // The characters of non-ASCII stretches the encoding can encode.
        let pool: Vec<Vec<char>> = text
            .lines()
            .flat_map(|l| l.split(|c: char| c.is_ascii() || !c.is_alphabetic()))
            .filter(|w| w.chars().count() >= 4 && chain.apply(w).is_some())
            .map(|w| w.chars().collect())
            .collect();
        let mut rng = Rng::new(0x5DEE_CE66_D1CE_4E5B);
        let mut pick = |len: usize| -> String {
            let w = &pool[rng.below(pool.len())];
            let at = rng.below(w.len() - len + 1);
            w[at..at + len].iter().collect()
        };
        let (mut with, mut without, mut lines) = (0, 0, 0);
        for i in 0..400 {
            let long = pick(2 + i % 3);
            let (one, two) = (pick(1), pick(1));
            let line = format!("Assert(x, $\"{{this}}{one}Manager{two}Null{long}\");");
            let garbled = chain.apply(&line).unwrap();
            lines += 1;
            with += usize::from(fix_with(&LEADING_CHAIN, true, &garbled).0 == line);
            without += usize::from(fix_with(&LEADING_CHAIN, false, &garbled).0 == line);
        }
        println!("{lang}: {with} of {lines} exact with the leading chain, {without} without");
        assert!(
            with >= without + lines / 5,
            "{lang}: {with} of {lines} exact, {without} without the leading chain"
        );
    }
}

/// Japanese in Shift_JIS read as windows-1252 with `errors="ignore"`:
/// the `81` of `ー`, `。`, `、` is dropped and its trail stays as ASCII
/// (`ビュ[で`, `てB大`). Over the first 3,000 lines of the clean
/// corpus, the characters of the repairs at such places (an ASCII
/// trail after a kana and before a high byte, whose character is one
/// of the three) must come back far more often with the glued trail
/// read than without (both rules: `glued_trail` in the reading and
/// `lost_run_trails` after it; and `glued_trail` alone), and as many lines damaged without a loss
/// must come back whole as without.
#[test]
fn a_lost_lead_before_an_ascii_trail_after_kana_is_read() {
    use crate::damage::{Chain, Errors};
    let Some(corpora) = clean_corpora() else {
        return;
    };
    let text = &corpora.iter().find(|(l, _)| l == "ja").unwrap().1;
    let chain = Chain::LegacyReadWith(
        Legacy::ShiftJis,
        CodePage::SloppyWindows1252,
        Errors::Ignore,
    );
    let (mut places, mut with, mut without, mut alone) = (0, 0, 0, 0);
    let (mut lossless, mut kept, mut kept_off) = (0, 0, 0);
    for line in text.lines().take(3000) {
        let Some(garbled) = chain.apply(line) else {
            continue;
        };
        let fixed = |on: bool, run: bool| {
            let was = GLUED_TRAILS.with(|f| f.replace(on));
            let was_run = LOST_RUN_TRAILS.with(|f| f.replace(run));
            let out = fix_cjk_encoding(&garbled, &mut Vec::new()).into_owned();
            GLUED_TRAILS.with(|f| f.set(was));
            LOST_RUN_TRAILS.with(|f| f.set(was_run));
            out
        };
        let (on, off) = (fixed(true, true), fixed(false, false));
        if !chain.is_lossy_on(line) {
            lossless += 1;
            kept += usize::from(on == line);
            kept_off += usize::from(off == line);
            continue;
        }
        // Places: a kana, then one of the three (its 81 dropped), then
        // a character whose first byte is high.
        let orig: Vec<char> = line.chars().collect();
        let wanted = orig
            .windows(3)
            .filter(|w| {
                ('\u{3041}'..='\u{30FA}').contains(&w[0])
                    && matches!(w[1], 'ー' | '。' | '、')
                    && !w[2].is_ascii()
            })
            .count();
        if wanted == 0 {
            continue;
        }
        places += wanted;
        let count = |s: &str| {
            let got: Vec<char> = s.chars().collect();
            got.windows(3)
                .filter(|w| {
                    ('\u{3041}'..='\u{30FA}').contains(&w[0])
                        && matches!(w[1], 'ー' | '。' | '、')
                        && !w[2].is_ascii()
                })
                .count()
                .min(wanted)
        };
        with += count(&on);
        without += count(&off);
        alone += count(&fixed(true, false));
    }
    println!(
        "{places} places: {with} back with glued trails, {alone} with `glued_trail` \
             alone, {without} without; \
             lossless lines whole: {kept} of {lossless} ({kept_off} without)"
    );
    assert!(places > 100, "{places}");
    assert!(
        with * 10 >= places * 8 && without * 2 < with,
        "{with}, {without} of {places}"
    );
    // `glued_trail` alone (in the reading), without `lost_run_trails`.
    assert!(
        alone * 10 >= places * 8 && without * 2 < alone,
        "{alone}, {without} of {places}"
    );
    assert!(kept >= kept_off, "{kept} < {kept_off} of {lossless}");
}

#[test]
fn a_short_run_of_letters_is_not_read_with_a_guessed_byte() {
    // Russian in KOI8-R read as Latin-1: read as Big5 that lost a soft
    // hyphen it made 藑個蚎圴, three rare hanzi and a guess.
    assert_eq!(fix("\"ru\"=>\"òÕÓÓËÉÊ\","), "\"ru\"=>\"òÕÓÓËÉÊ\",");
    // A guess among mojibake that shows legacy bytes is still taken:
    // パスが不正です, Shift_JIS read as windows-1252 that dropped 90.
    assert_eq!(fix("ƒpƒX‚ª•s³‚Å‚·"), "パスが不正です");
}

#[test]
fn clean_text_is_left_alone() {
    for text in [
        "你好，世界！",
        "“引号”和……省略号——破折号",
        "日本語のテキスト",
        "привет мир",
        "Größe café",
    ] {
        assert_eq!(fix(text), text);
    }
}

/// Japanese with a genuine letter between kana and kanji (`プランB案`,
/// `まずA社`), damaged by Shift_JIS read as windows-1252 where nothing is
/// lost: a sloppy decoder keeps the `81` of `。`, a strict one with
/// `errors="replace"` marks it. The letter is the text's own, so no glued
/// trail may be read there (`kept_its_bytes`); with `errors="ignore"`,
/// where the `81` is gone, the same letter after a kana is read as the
/// trail of a lost `。`/`、`, which the rule is for.
#[test]
fn a_run_that_kept_its_bytes_reads_no_glued_trail() {
    use crate::damage::{Chain, Errors};
    let lines = [
        "プランB案を採用しました。",
        "まずA社に連絡します。",
        "ここでC言語を使います。",
        "それからB棟へ行きます。",
    ];
    for line in lines {
        for chain in [
            Chain::LegacyReadAs(Legacy::ShiftJis, CodePage::SloppyWindows1252),
            Chain::LegacyReadWith(
                Legacy::ShiftJis,
                CodePage::SloppyWindows1252,
                Errors::Replace,
            ),
        ] {
            let garbled = chain.apply(line).unwrap();
            let fixed = fix(&garbled);
            // The letter stays a letter (the line's lost `81`, if any, is
            // a U+FFFD or its clear fill).
            let letter = line.chars().find(|c| c.is_ascii_uppercase()).unwrap();
            let at = line.chars().position(|c| c == letter).unwrap();
            assert_eq!(
                fixed.chars().nth(at),
                Some(letter),
                "{chain}: {garbled:?} -> {fixed:?}"
            );
        }
    }
}

/// A lone span of Latin-1 letters inside an ASCII word does not follow a
/// line's leading chain (`in_latin_word`): the file name beside it is
/// repaired, the word is left (`"égal.txt"` once read `"間al.txt"`).
#[test]
fn latin_words_do_not_follow_the_leading_chain() {
    let chain = crate::damage::Chain::LegacyReadAs(Legacy::Gbk, CodePage::SloppyWindows1252);
    for (name, word) in [
        ("外人欺", "égal"),
        ("列出了", "administração"),
        ("文件", "Standardmäßig"),
    ] {
        let garbled = format!("\"{}.txt\", \"{word}.txt\"", chain.apply(name).unwrap());
        let fixed = fix(&garbled);
        assert!(
            fixed.contains(&format!("\"{word}.txt\"")),
            "{garbled:?} -> {fixed:?}"
        );
    }
}

/// UTF-8 read as EUC-KR gives CJK compatibility ideographs (`EC A7` →
/// U+F9DE); a page that then normalizes to NFC turns them into their unified
/// twins (U+540F), whose own bytes (`D7 D9`) break the UTF-8 sequence: the
/// compatibility ideograph's bytes are taken there, so the run is repaired
/// all the same, the twin inside a run or at the start of one that another
/// trigger of the line finds. (A line whose only run starts with a twin,
/// `吏덈Ц 紐⑸줉` for `질문 목록`, is not: twins do not start runs.)
#[test]
fn nfc_twins_of_compatibility_ideographs_reencode() {
    use unicode_normalization::UnicodeNormalization;
    assert_eq!(Legacy::EucKr.decode_two(0xEC, 0xA7), Some('\u{F9DE}'));
    let own = Legacy::EucKr.encode_char('\u{540F}').unwrap();
    assert_eq!(own.as_slice(), &[0xD7, 0xD9]);
    let twins = Legacy::EucKr.nfc_twins('\u{540F}');
    assert_eq!(twins.len(), 1);
    assert_eq!(twins[0].as_slice(), &[0xEC, 0xA7]);
    assert!(Legacy::Gbk.nfc_twins('\u{540F}').is_empty());
    for text in ["건의질문", "[질문, 건의]", "건의 질문"] {
        let (garbled, _, _) = encoding_rs::EUC_KR.decode(text.as_bytes());
        let nfc: String = garbled.nfc().collect();
        assert_ne!(nfc, garbled, "{text}: no compatibility ideograph");
        assert_eq!(fix(&garbled), text);
        assert_eq!(fix(&nfc), text);
    }
}

/// A clean hanja beside a run is not pulled into it through its twin: where
/// no continuation byte is due, a twin whose bytes are a whole two-byte
/// sequence is not taken (`蠟`, `D5 C5`, whose twin `D2 A3` is `ң`). The
/// review's lines: UTF-8 read as EUC-KR (windows-949) and normalized to
/// NFC, with a clean hanja after the run (`模擬彩色` then `蠟`, `管理的` then
/// `浪`); they became `模擬彩色ң` and `管理的ҩ 다음`.
#[test]
fn a_clean_twin_beside_a_run_stays() {
    for (line, original) in [
        ("與→벉壤⑵돯蠟", "模擬彩色蠟"),
        ("嶸←릤\u{FFFD}쉪浪 다음", "管理的浪 다음"),
    ] {
        assert_eq!(fix(line), original, "{line}");
    }
}

/// GBK read as windows-1251 inside clean Chinese is still repaired where
/// its Cyrillic is no word: a capital `Ъ` (GBK's `DA` trail: `ФЪ` is `在`) is
/// no vowel, and `Ў` after CJK starts no word (`Ў¶` is `《`). The review of
/// the rule that leaves words glued to CJK alone (`函数Яндекс类`) found
/// these left garbled.
#[test]
fn windows_1251_readings_that_are_no_words_are_repaired() {
    let chain = crate::damage::Chain::LegacyReadAs(Legacy::Gbk, CodePage::SloppyWindows1251);
    for (clean, damaged) in [
        ("内置于", "运行在"),
        ("例如，运", "行在 Intel"),
        ("五谷不", "结。 --《谚语》"),
    ] {
        let line = format!("{clean}{}", chain.apply(damaged).unwrap());
        assert_eq!(fix(&line), format!("{clean}{damaged}"), "{line}");
    }
    assert_eq!(fix("函数Яндекс类"), "函数Яндекс类");
}

#[test]
fn the_chain_first_gate_reads_clear_runs_with_their_encoding() {
    use super::single_byte_spans::{gate_reading, CHAIN_FIRST_GATE};
    use crate::damage::{Chain, Errors};
    // Clear runs: their own encoding first, lossless or with a rejected
    // byte (`8F` of 從, a lead: its trail `C4` starts the next stretch).
    let clear = [
        (
            "发行版可以用套件或代号来指定。发行版在许多文件中也被当做是套件的同义词。",
            Legacy::Gbk,
        ),
        (
            "從smbclient中呼叫tar命令及原始的tar命令，並且設定預設的緩衝區大小。",
            Legacy::Big5,
        ),
        (
            "전체 이미지를 배경으로 표시하려면 위치 영역에서 바둑판식 확인란을 선택",
            Legacy::EucKr,
        ),
        (
            "ファイルシステムのチェックを行い、必要であれば修復します。",
            Legacy::ShiftJis,
        ),
    ];
    for (text, legacy) in clear {
        let bytes = legacy.encode(text).unwrap();
        let rejected = vec![false; bytes.len()];
        let gated = gate_reading(&bytes, &rejected, Legacy::ALL);
        assert_eq!(gated.map(|g| g[0]), Some(legacy), "{text}");
    }
    let text = "然後從終端讀入一行，只有當此行以字母開頭時才執行命令。";
    let mut bytes = Legacy::Gbk.encode(text).unwrap();
    let at = bytes.windows(2).position(|w| w == [0x8F, 0xC4]).unwrap();
    bytes[at] = b'?';
    let mut rejected = vec![false; bytes.len()];
    rejected[at] = true;
    let gated = gate_reading(&bytes, &rejected, Legacy::ALL);
    assert_eq!(gated.map(|g| g[0]), Some(Legacy::Gbk));
    // Too short, or kana read by an encoding other than Shift_JIS: none.
    let short = Legacy::Gbk.encode("这是").unwrap();
    assert_eq!(gate_reading(&short, &[false; 4], Legacy::ALL), None);
    let kana = Legacy::EucJp
        .encode("これはテストです。ひらがなとカタカナ")
        .unwrap();
    let gated = gate_reading(&kana, &vec![false; kana.len()], Legacy::ALL);
    assert!(
        gated.map_or(true, |g| g[0] == Legacy::ShiftJis),
        "{gated:?}"
    );
    // On the natural chains through windows-1252 (lossless, and with the
    // bytes a strict decoder rejects written as U+FFFD), the gated repair
    // is as close to the original as the full search, line for line but
    // for a few, and as often exact.
    let Some(corpora) = clean_corpora() else {
        return;
    };
    let page = CodePage::SloppyWindows1252;
    let natural = [
        ("zh-Hans", Legacy::Gbk),
        ("zh-Hant", Legacy::Big5),
        ("zh-Hant", Legacy::Gbk),
        ("ja", Legacy::ShiftJis),
        ("ko", Legacy::EucKr),
    ];
    let same_place = |a: &str, b: &str| a.chars().zip(b.chars()).filter(|(x, y)| x == y).count();
    let (mut lines, mut differ, mut worse, mut exact_on, mut exact_off) = (0, 0, 0, 0, 0);
    for (lang, legacy) in natural {
        let text = &corpora.iter().find(|(l, _)| l == lang).unwrap().1;
        for chain in [
            Chain::LegacyReadAs(legacy, page),
            Chain::LegacyReadWith(legacy, page, Errors::Replace),
        ] {
            for line in text.lines().take(150) {
                let Some(garbled) = chain.apply(line) else {
                    continue;
                };
                let on = fix_cjk_encoding(&garbled, &mut Vec::new()).into_owned();
                CHAIN_FIRST_GATE.with(|f| f.set(false));
                let off = fix_cjk_encoding(&garbled, &mut Vec::new()).into_owned();
                CHAIN_FIRST_GATE.with(|f| f.set(true));
                lines += 1;
                exact_on += usize::from(on == line);
                exact_off += usize::from(off == line);
                if on != off {
                    differ += 1;
                    worse += usize::from(same_place(&on, line) < same_place(&off, line));
                }
            }
        }
    }
    println!("chain-first gate: {differ} of {lines} lines differ, {worse} further from the original; exact {exact_off} -> {exact_on}");
    assert!(
        lines > 1000 && exact_on >= exact_off && worse * 100 <= lines,
        "{worse} of {lines}"
    );
}

/// `decode_sequence_before`'s shortcut for a whole three-byte sequence
/// gives what its general path gives: every lead byte, every second byte
/// and a spread of third bytes, and every whole sequence `E0`–`EF`, each
/// before the units that can follow, with and without a space after.
#[test]
fn a_whole_sequence_decodes_as_the_general_path() {
    use super::utf8_sequences::WHOLE_SEQUENCE_SHORTCUT;
    let tails: [&[Unit]; 7] = [
        &[],
        &[Unit::Byte(b'a')],
        &[Unit::Byte(0xE4)],
        &[Unit::Byte(0x80)],
        &[Unit::Hole],
        &[Unit::LostLead(3)],
        &[Unit::LostCont],
    ];
    let decode = |units: &[Unit], space: bool, shortcut: bool| {
        WHOLE_SEQUENCE_SHORTCUT.with(|f| f.set(shortcut));
        let s = decode_sequence_before(units, space).map(|s| (s.c, s.len, s.consumed, s.withheld));
        WHOLE_SEQUENCE_SHORTCUT.with(|f| f.set(true));
        s
    };
    let mut compared = 0;
    let mut check = |b: [u8; 3]| {
        for tail in tails {
            let mut units: Vec<Unit> = b.iter().map(|&b| Unit::Byte(b)).collect();
            units.extend_from_slice(tail);
            for space in [false, true] {
                assert_eq!(
                    decode(&units, space, true),
                    decode(&units, space, false),
                    "{b:02X?} {tail:?} {space}"
                );
                compared += 1;
            }
        }
    };
    let thirds = [
        0x00, 0x41, 0x7F, 0x80, 0x8F, 0x9F, 0xA0, 0xBF, 0xC0, 0xE4, 0xF0, 0xFF,
    ];
    for b0 in 0..=255u8 {
        for b1 in 0..=255u8 {
            for b2 in thirds {
                check([b0, b1, b2]);
            }
        }
    }
    for b0 in 0xE0..=0xEFu8 {
        for b1 in 0x80..=0xBFu8 {
            for b2 in 0x80..=0xBFu8 {
                check([b0, b1, b2]);
            }
        }
    }
    assert!(compared > 10_000_000, "{compared}");
}

/// The chain-first gate's margin cap (where the page rejected no byte, a
/// reading past the cheapest by the margin is stopped) gives the gate's
/// answer as reading every encoding up to the runner-up did: the same
/// encoding or none, and the same runner-up where a byte was rejected. On
/// the clean corpora's lines in each legacy encoding, whole and with the
/// windows-1252 page's rejected bytes marked, on those bytes cut by one at
/// the front (out of phase), and on pseudo-random bytes.
#[test]
fn the_gates_margin_cap_answers_as_the_full_gate() {
    use super::single_byte_spans::{gate_reading, GATE_MARGIN_CAP};
    let both = |bytes: &[u8], rejected: &[bool], order: [Legacy; 5]| {
        let capped = gate_reading(bytes, rejected, order);
        GATE_MARGIN_CAP.with(|f| f.set(false));
        let full = gate_reading(bytes, rejected, order);
        GATE_MARGIN_CAP.with(|f| f.set(true));
        (capped, full)
    };
    let (mut runs, mut gated, mut with_rejected) = (0, 0, 0);
    let mut check = |bytes: &[u8], rejected: &[bool]| {
        let any_rejected = rejected.contains(&true);
        for order in [Legacy::ALL, super::single_byte_spans::reading_order(true)] {
            let (capped, full) = both(bytes, rejected, order);
            runs += 1;
            gated += usize::from(full.is_some());
            with_rejected += usize::from(any_rejected && full.is_some());
            assert_eq!(capped.map(|g| g[0]), full.map(|g| g[0]), "{bytes:02X?}");
            if any_rejected {
                assert_eq!(capped, full, "{bytes:02X?}");
            }
        }
    };
    // Pseudo-random runs of high bytes and some ASCII.
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..20_000 {
        let len = 2 + (next() % 40) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| match next() % 8 {
                0 => b' ' + (next() % 90) as u8,
                _ => 0x80 | (next() % 128) as u8,
            })
            .collect();
        let rejected: Vec<bool> = bytes.iter().map(|_| next() % 64 == 0).collect();
        check(&bytes, &rejected);
        check(&bytes, &vec![false; bytes.len()]);
    }
    let Some(corpora) = clean_corpora() else {
        return;
    };
    let undefined = CodePage::SloppyWindows1252.undefined_bytes();
    for (_, text) in &corpora {
        for line in text.lines().filter(|l| !l.is_ascii()).take(400) {
            for legacy in Legacy::ALL {
                let Some(bytes) = legacy.encode(line) else {
                    continue;
                };
                check(&bytes, &vec![false; bytes.len()]);
                check(&bytes[1..], &vec![false; bytes.len() - 1]);
                let rejected: Vec<bool> = bytes.iter().map(|b| undefined.contains(b)).collect();
                check(&bytes, &rejected);
            }
        }
    }
    println!(
        "gate margin cap: {runs} runs, {gated} gated, {with_rejected} of them with a rejected byte"
    );
    assert!(
        gated > 10_000 && with_rejected > 100,
        "{gated} {with_rejected}"
    );
}

#[test]
fn latin_words_beside_an_established_chain_stay() {
    // Turkish beside one GBK span read through windows-1254 or -1252:
    // `çı`, `ğı` are GBK pairs by their bytes (`琮`, `顯`), taken once the
    // span established the chain, while the line's other words (`yardım`,
    // `bırakılmış`) show Latin text; before, `a琮klanmıştır`, `Aşa顯daki`.
    for (garbled, original) in [
        (
            "Devre dışı bırakılmış hesaplar için £¬³ı·ÇÄãÊ¹ÓÃÏÂÃæ²ÅÏêÏ¸ĞğÊöµÄ yedek bir kabuk alanı olarak açıklanmıştır.",
            "Devre dışı bırakılmış hesaplar için ，除非你使用下面才详细叙述的 yedek bir kabuk alanı olarak açıklanmıştır.",
        ),
        (
            "Aşağıdaki seçenekler ÄãºÃÊÀ½ç için geçerlidir ve yardım gösterir.",
            "Aşağıdaki seçenekler 你好世界 için geçerlidir ve yardım gösterir.",
        ),
        // A Chinese character glued between ASCII words, in a line with no
        // Latin text besides, is still the chain's (`和` through
        // windows-1250 is `şÍ`, Latin letters both).
        (
            "oplock break wait time (G) ´ËĎîµ÷ŐűĐÔµÄŃˇĎîŇÔĘĘÓ¦ÔÚWindows 9xşÍWinNTÖĐżÉÄÜłöĎÖµÄ´íÎó",
            "oplock break wait time (G) 此项调整性的选项以适应在Windows 9x和WinNT中可能出现的错误",
        ),
        (
            "µ±Äă´«µÝ¸řsystemşÍexecĂ÷Č·µÄ˛ÎĘýÁĐ±í¶ř·Çş¬ÓĐÍ¨Ĺä·űµÄ×Ö·ű´®Ę±",
            "当你传递给system和exec明确的参数列表而非含有通配符的字符串时",
        ),
    ] {
        assert_eq!(crate::fix_text(garbled), original);
    }
}
