//! Shift_JIS read through windows-1252 and windows-1254 with
//! `errors="ignore"` (`mojifix::damage`, from the clean Japanese corpus):
//! the decoder drops the lead `81` of `、` (`81 41`) and `。` (`81 42`) and
//! leaves their trails as `A` and `B`. After a hiragana at a sentence's end
//! (`できるB`, `指定するB このオプション`) they were left as letters where
//! the run showed no other loss (`glued_ascii::stray_stop`). And real ASCII
//! glued to Japanese (`Aさん`, `Bランク`, `付録Aを`) must stay, clean or
//! damaged through the same pages.
//!
//! Skips with a notice when the corpora are absent.

mod common;

use mojifix::{Config, Fixer};

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&c)
}

/// Stray stops in `text`: `A` or `B` after a hiragana, before a space, an
/// ASCII lowercase letter, a digit, ``-/`('"`` or at the end; or after `)`,
/// before a space, a non-ASCII character or at the end (a rule reads
/// these only after a `)` that follows a non-ASCII character). (The clean ja
/// corpus has one: in its 14,801 lines, `A` before a lowercase letter
/// once, against 34,180 `、` and `。` after a hiragana there, 1,553 after
/// `)`.)
fn stray_stops(text: &str) -> usize {
    let c: Vec<char> = text.chars().collect();
    (1..c.len())
        .filter(|&i| {
            let next = c.get(i + 1).copied();
            matches!(c[i], 'A' | 'B')
                && if is_hiragana(c[i - 1]) {
                    next.map_or(true, |n| {
                        n.is_whitespace()
                            || n.is_ascii_lowercase()
                            || n.is_ascii_digit()
                            || "-/`('\"".contains(n)
                    })
                } else {
                    c[i - 1] == ')' && next.map_or(true, |n| n.is_whitespace() || !n.is_ascii())
                }
        })
        .count()
}

#[test]
fn stops_whose_lead_was_dropped_leave_no_letters() {
    let Some(text) = common::clean_text("ja.txt") else {
        return;
    };
    let fixer = Fixer::new(Config::default());
    for (name, floor) in [
        // Main at 89e7691: 1,001 and 892 stray stops left, 60 and 44 lines
        // exact; with the rule: 75 and 116 (after `)` glued to ASCII or to
        // text left unrepaired, `(8i”)B`, `ŽQÆ)B`; before a lowercase
        // letter that a high byte follows, `でしかAg用`, which may be a
        // kanji's trail), and 60 and 44 (these lines lost other characters
        // too, which the rule does not touch).
        ("shift_jis read as windows-1252 (errors=ignore)", 60),
        ("shift_jis read as windows-1254 (errors=ignore)", 44),
    ] {
        let chain = common::chain(name);
        // Lines 2001–4000: held out from the first 400 the rule was
        // looked at on.
        let (mut lines, mut in_original, mut stray, mut exact) = (0, 0, 0, 0);
        for line in text.lines().skip(2000).take(2000) {
            let Some(garbled) = chain.apply(line).filter(|g| g != line) else {
                continue;
            };
            let expected = chain.determined_text(line).unwrap_or_else(|| line.into());
            lines += 1;
            in_original += stray_stops(line);
            let fixed = fixer.fix(&garbled);
            stray += stray_stops(&fixed);
            exact += usize::from(fixed == expected);
        }
        println!("{name}: {lines} damaged lines, {stray} stray stops left, {exact} lines exact");
        assert!(lines > 1000, "{name}: too few damaged lines");
        assert_eq!(in_original, 0, "{name}: the originals have stray stops");
        assert!(stray * 100 <= 8 * lines, "{name}: {stray} stray stops left");
        assert!(exact >= floor, "{name}: {exact} lines exact, under {floor}");
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
    // `[綻以下`. And, by this rule, a letter after a hiragana at a line's
    // end, `答えはA` read `答えは、` through pages that drop `81`: the clean
    // ja corpus has no such line.)
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
