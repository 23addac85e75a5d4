//! Shift_JIS read through windows-1252 and windows-1254 with
//! `errors="ignore"` (`mojifix::damage`, from the clean Japanese corpus):
//! the decoder drops the lead `81` of `、` (`81 41`) and `。` (`81 42`) and
//! leaves their trails as `A` and `B`. After a hiragana at a sentence's end
//! (`できるB`, `指定するB このオプション`) they were left as letters where
//! the run showed no other loss (`glued_ascii::stray_stops`). And real ASCII
//! glued to Japanese (`Aさん`, `Bランク`, `付録Aを`, `はBluetooth`, `はA4`)
//! must stay, clean or damaged through the same pages, through pages that
//! drop bytes and through pages that keep them.
//!
//! Skips with a notice when the corpora are absent.

mod common;

use mojifix::{Config, Fixer};

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&c)
}

/// The particles after which a stop is read only in a run that shows other
/// loss (`glued_ascii::stop_in_place`).
const PARTICLES: &str = "はがをにのでともへや";

/// Stray stops in `text`: `A` or `B` after a hiragana, before a space,
/// `` ` ``, `(`, `'`, `"` or at the end (where `glued_ascii::stop_in_place`
/// reads them). The clean ja corpus has none: in its 14,801 lines, 31,974
/// `、` and `。` after a hiragana before a space or the end.
fn stray_stops(text: &str) -> usize {
    let c: Vec<char> = text.chars().collect();
    (1..c.len())
        .filter(|&i| {
            matches!(c[i], 'A' | 'B')
                && is_hiragana(c[i - 1])
                && c.get(i + 1)
                    .map_or(true, |&n| n.is_whitespace() || "`('\"".contains(n))
        })
        .count()
}

#[test]
fn stops_whose_lead_was_dropped_leave_no_letters() {
    let Some(text) = common::clean_text("ja.txt") else {
        return;
    };
    let fixer = Fixer::new(Config::default());
    for name in [
        "shift_jis read as windows-1252 (errors=ignore)",
        "shift_jis read as windows-1254 (errors=ignore)",
    ] {
        let chain = common::chain(name);
        // Lines 2001–4000: held out from the first 400 the rule was
        // looked at on.
        let (mut lines, mut in_original, mut stray) = (0, 0, 0);
        for line in text.lines().skip(2000).take(2000) {
            let Some(garbled) = chain.apply(line).filter(|g| g != line) else {
                continue;
            };
            lines += 1;
            in_original += stray_stops(line);
            stray += stray_stops(&fixer.fix(&garbled));
        }
        println!("{name}: {lines} damaged lines, {stray} stray stops left");
        assert!(lines > 1000, "{name}: too few damaged lines");
        assert_eq!(in_original, 0, "{name}: the originals have stray stops");
        assert!(
            stray * 100 <= STRAY_PERCENT * lines,
            "{name}: {stray} stray stops left"
        );
    }
}

/// The bound of [`stops_whose_lead_was_dropped_leave_no_letters`], in
/// percent of the damaged lines: 67 and 51 stray stops left in 1,986 lines
/// (main at 89e7691: 473 and 322; the stops after a particle in a run that
/// shows no other loss are left, `glued_ascii::stop_in_place`).
const STRAY_PERCENT: usize = 5;

/// Lines of the clean ja corpus whose only bytes windows-1252 drops
/// (`81`, `8D`, `8F`, `90`, `9D`) are the leads of stops `、` and `。`
/// after a hiragana that is no particle, before a space or at the end:
/// damaged, they lose only those leads, and the fixer must give each back
/// whole, every other character as it was.
#[test]
fn lines_that_lost_only_their_stops_come_back_exact() {
    let Some(text) = common::clean_text("ja.txt") else {
        return;
    };
    let fixer = Fixer::new(Config::default());
    let chain = common::chain("shift_jis read as windows-1252 (errors=ignore)");
    let (mut lines, mut exact, mut wrong) = (0, 0, Vec::new());
    for line in text.lines() {
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(line);
        if unmappable {
            continue;
        }
        let c: Vec<char> = line.chars().collect();
        // Each stop's lead, and whether each stop stands as the rule asks.
        let (mut stops, mut fits) = (0, true);
        for (i, &ch) in c.iter().enumerate() {
            if matches!(ch, '、' | '。') {
                stops += 1;
                let next = c.get(i + 1);
                fits &= i > 0
                    && is_hiragana(c[i - 1])
                    && !PARTICLES.contains(c[i - 1])
                    && next.map_or(true, |&n| n.is_whitespace() || "`('\"".contains(n));
            }
        }
        let dropped = bytes
            .iter()
            .filter(|&&b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
            .count();
        if stops == 0 || !fits || dropped != stops || line.contains(['A', 'B']) {
            continue;
        }
        let Some(garbled) = chain.apply(line) else {
            continue;
        };
        lines += 1;
        let fixed = fixer.fix(&garbled);
        if fixed == line {
            exact += 1;
        } else if wrong.len() < 5 {
            wrong.push(format!("{line} -> {fixed}"));
        }
    }
    println!("{lines} lines that lost only their stops, {exact} exact");
    assert!(lines > 200, "too few lines: {lines}");
    assert!(
        exact * 100 >= EXACT_PERCENT * lines,
        "{exact} of {lines} exact; for example:\n{}",
        wrong.join("\n")
    );
}

/// The floor of [`lines_that_lost_only_their_stops_come_back_exact`]:
/// 261 of 262 lines exact (main at 89e7691: 1).
const EXACT_PERCENT: usize = 95;

/// Real letters glued after Japanese where a stop could stand, inserted
/// into many corpus lines: through a page that keeps every byte
/// (sloppy-windows-1252) and one that drops `81` (windows-1252
/// `errors=ignore`), the letter must stay a letter.
#[test]
fn glued_letters_are_not_taken_for_stops() {
    let Some(text) = common::clean_text("ja.txt") else {
        return;
    };
    // (token, its letter, inserted at the line's end only).
    const TOKENS: [(&str, char, bool); 6] = [
        ("ここではBluetoothを使う", 'B', false),
        ("用紙はA4 です", 'A', false),
        ("規格はA-1", 'A', false),
        ("答えはA", 'A', true),
        ("(株)A社", 'A', false),
        ("このアプリはAndroidで動く", 'A', false),
    ];
    let fixer = Fixer::new(Config::default());
    let mut failures = Vec::new();
    for name in [
        "shift_jis read as sloppy-windows-1252",
        "shift_jis read as windows-1252 (errors=ignore)",
    ] {
        let chain = common::chain(name);
        let mut taken = [0usize; TOKENS.len()];
        let mut seen = [0usize; TOKENS.len()];
        for (i, line) in text.lines().skip(5000).take(3000).enumerate() {
            let t = i % TOKENS.len();
            let (token, letter, at_end) = TOKENS[t];
            // After the first `。` (every other line), or at the end.
            let at = match line.find('。') {
                Some(p) if !at_end && i % 2 == 0 => p + '。'.len_utf8(),
                _ => line.len(),
            };
            let inserted = format!("{}{token}{}", &line[..at], &line[at..]);
            let Some(garbled) = chain.apply(&inserted) else {
                continue;
            };
            seen[t] += 1;
            let fixed = fixer.fix(&garbled);
            let as_stop = ['、', '。'].iter().any(|&stop| {
                let s = token.replacen(letter, &stop.to_string(), 1);
                fixed.contains(&s) && !inserted.contains(&s)
            });
            if as_stop {
                taken[t] += 1;
                if failures.len() < 12 {
                    failures.push(format!("{name}: {inserted} -> {fixed}"));
                }
            }
        }
        for (t, (token, ..)) in TOKENS.iter().enumerate() {
            println!(
                "{name}: {token}: {} of {} read as a stop",
                taken[t], seen[t]
            );
        }
        // `答えはA` at the end of a line that shows its loss otherwise is
        // read `答えは、` by the lost run's trails (`lost_run_trails`, before
        // the end of the run), on main as here: 375 of 495 through
        // windows-1252 `errors=ignore`. Every other count is 0 (branch
        // sjignore before the review's fixes: 57 through
        // sloppy-windows-1252, 2,968 through windows-1252 `errors=ignore`).
        let allowed = |t: usize| {
            if TOKENS[t].2 && name.contains("errors=ignore") {
                seen[t] * 4 / 5
            } else {
                0
            }
        };
        assert!(
            (0..TOKENS.len()).all(|t| taken[t] <= allowed(t)),
            "{name}: letters read as stops {taken:?} of {seen:?}:\n{}",
            failures.join("\n")
        );
    }
}

/// Realistic Japanese lines with ASCII glued to kana or kanji: clean, the
/// default preset leaves them alone; damaged through pages that drop bytes
/// or keep them, every glued letter comes back where it was (the rules
/// that read stray trails must not take them).
#[test]
fn ascii_glued_to_japanese_is_kept() {
    // (Not kept, on main as on this branch, by the glued-trail rule of the
    // reading, `glued_ascii::glued_trail`, between a kana and a high byte:
    // `今日はBランクの` read `今日は。ランクの`, `まずA社`, `答えはAです`,
    // `これはBだ`, `ビタミンCが`, `クラスAの`, `タイプBと`, even through
    // sloppy-windows-1252, which loses no byte; and `[注]以下` read
    // `[綻以下`. And, by the lost run's trails, a letter after a hiragana
    // at a line's end, `答えはA` read `答えは、` in a run that shows its
    // loss otherwise: [`glued_letters_are_not_taken_for_stops`].)
    const TRAPS: [(&str, &str); 15] = [
        ("Aさんは明日来ます。", "A"),
        ("これはf(x)Aの値です。", "f(x)A"),
        ("結果はok", "ok"),
        ("Tシャツを買いに行った。", "T"),
        ("T シャツとジーンズ。", "T"),
        ("Eメールで送ってください。", "E"),
        ("X線の検査を受けた。", "X"),
        ("iPhoneの画面が割れた。", "iPhone"),
        ("(株)山田商事の社長です。", "(株)"),
        ("付録Aを見よ。", "A"),
        ("ポートXで待ち受ける。", "X"),
        ("A型の血液です。", "A"),
        ("Cさんの意見を聞く。", "C"),
        ("そのファイルはC:の下にある。", "C:"),
        ("レベルSになった", "S"),
    ];
    let fixer = Fixer::new(Config::default());
    for (line, _) in TRAPS {
        assert_eq!(fixer.fix(line), line, "clean text changed");
    }
    let mut changed = Vec::new();
    for name in [
        "shift_jis read as windows-1252 (errors=ignore)",
        "shift_jis read as windows-1254 (errors=ignore)",
        "shift_jis read as sloppy-windows-1252",
        "shift_jis read as sloppy-windows-1254",
        "shift_jis read as latin-1",
    ] {
        let chain = common::chain(name);
        for (line, token) in TRAPS {
            let Some(garbled) = chain.apply(line) else {
                continue;
            };
            let fixed = fixer.fix(&garbled);
            // The token, with what comes before it in the line, as the
            // original has it.
            let at = line.find(token).unwrap();
            let head = &line[..at + token.len()];
            let expected = chain.determined_text(line).unwrap_or_else(|| line.into());
            // Each character as the original has it, or U+FFFD where the
            // damage lost it.
            let (o, e, f): (Vec<char>, Vec<char>, Vec<char>) = (
                head.chars().collect(),
                expected.chars().collect(),
                fixed.chars().collect(),
            );
            let kept = f.len() >= o.len()
                && e.len() >= o.len()
                && (0..o.len()).all(|i| f[i] == o[i] || f[i] == e[i]);
            if !kept {
                changed.push(format!("{name}: {line} -> {fixed}"));
            }
        }
    }
    assert!(
        changed.is_empty(),
        "glued ASCII lost:\n{}",
        changed.join("\n")
    );
}
