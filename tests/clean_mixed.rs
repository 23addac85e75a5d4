//! Clean mixed-script text that the `default` preset must leave alone
//! (issue 3), and the damage beside it that it must still repair.
//!
//! The traps are this project's own sentences, in the shapes a hunt over
//! generated mixed-script text found changed (`/work/fphunt-notes`, not
//! kept: Korean, Chinese and Japanese technical prose with identifiers,
//! accented names, Greek and Cyrillic beside CJK): a word of CJK glued
//! between Latin names, which `src/mojibake/cjk/two_byte_utf8.rs` read as a
//! Latin letter garbled by a legacy encoding (`Manager창Null`: `창` is EUC-KR
//! `C3 A2`, UTF-8 `â`). Each of them was changed before the rules that keep
//! it now (camel-case edges, symbols between letters or after a word, clean
//! accented letters in the line, common hanzi glued on one side), and of a
//! Cyrillic word glued to CJK text read as legacy CJK through windows-1251.

use encoding_rs::{Encoding, BIG5, EUC_KR, GBK};
use mojifix::{Config, Fixer};

/// Clean lines, each changed by the repair before this file existed.
const TRAPS: &[&str] = &[
    // A Hangul word glued between camel-case names (EUC-KR: `â`, `ù`, `ø`).
    "Manager창Null",
    "설정에서 Login창Button을 누르세요.",
    "user첫Id가 비어 있습니다.",
    "Outlook 창ID",
    "Thread 창SQL",
    "Node창Helper 검색하거나 바꿀 단어를 클릭합니다.",
    "Object첫Cookie",
    "false첩Cookie",
    "char창Python",
    // Beside accented letters that no legacy encoding garbled.
    "Renée창Kubernetes 만들기",
    "naïve창naïve",
    "Zoom창Zürich",
    "HTTP창Göteborg",
    // Hanzi between names (GBK: `û`, `ģ`, `Ş`; Big5: `Ū`, `½`, `ľ`).
    "Python没Java快",
    "Go没Rust安全",
    "Manager模Null",
    "A模B",
    "Session 艦Button",
    "Manager没 NaN",
    "用Python讀csv檔案",
    "用Excel讀xlsx檔",
    "x讀y",
    "Set翻Vue",
    "GPU钮Error",
    "Group木API",
    // A common hanzi glued to one name (GBK: `ģ`, `û`).
    "Manager模",
    "Python没",
    // A symbol between two letters (GBK `路` is `·`), degrees after a word
    // (EUC-KR `째` is `°`).
    "Admin路GitHub",
    "README째 Java",
    // A Cyrillic word glued to CJK text, which the single-byte direction read
    // as GBK, Big5 or EUC-JP through windows-1251 (`Яндекс` as EUC-JP is
    // `熏粤襃`, `Если` as GBK `篷腓`, `Есть` as Big5 `囑譔`): a word of one
    // case pattern with a vowel is text, and glued to CJK it pays the
    // transitions of a Latin word (`plausibility.rs`).
    "调用函数Яндекс类的方法",
    "搜索引擎Яндекс在俄罗斯很流行。",
    "中的规则Если条件成立就执行",
    "レイヤЕстьレイヤ",
    "在俄语里ОДНА的意思是“一个”。",
    "他把Франко的诗翻译成了中文。",
    "乌克兰首都Київ的人口很多。",
    "这个词Дума在俄语中指议会。",
    "ウクライナ語でпривітはこんにちはの意味です。",
    "日志中的ВХОД表示登录事件。",
];

#[test]
fn clean_mixed_script_lines_are_unchanged() {
    let fixer = Fixer::new(Config::default());
    let changed: Vec<(&str, String)> = TRAPS
        .iter()
        .filter_map(|&line| {
            let fixed = fixer.fix(line);
            (fixed != line).then(|| (line, fixed.into_owned()))
        })
        .collect();
    assert!(changed.is_empty(), "{changed:#?}");
}

/// The rules that keep the traps still let real damage through: a compound
/// whose second word starts with a Latin-1 capital, lines whose other spans
/// are strong where a span stands at a camel-case edge (German written
/// without its hyphens, as in the clean corpora), and degree and ordinal
/// signs where they belong.
#[test]
fn damage_beside_the_traps_is_repaired() {
    let fixer = Fixer::new(Config::default());
    let encodings: [&'static Encoding; 3] = [GBK, BIG5, EUC_KR];
    let mut failed = Vec::new();
    for original in [
        "VideoÜbertragung startet",
        "Das BootMenü wird angezeigt, wenn eine Zeitüberschreitung größer Null konfiguriert wurde.",
        "setzt den Schwellwert für Schwarz und WeißPixel im Modus Lineart.",
        "Zusätzlich zu der »Haupt«Konfigurationsdatei werden Ergänzungen gelesen.",
        // Degrees and ordinals after a number or a one-letter word.
        "Chanel N° 5 est un parfum.",
        "la 1ª edición del libro",
        "Il fait 90°C dans le four.",
        "le nº 12 de la rue",
    ] {
        for encoding in encodings {
            let (garbled, _, had_errors) = encoding.decode(original.as_bytes());
            if had_errors {
                continue;
            }
            assert_ne!(garbled, original);
            let fixed = fixer.fix(&garbled);
            if fixed != original {
                failed.push((encoding.name(), garbled.to_string(), fixed.into_owned()));
            }
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

/// A letter that a repair earlier in the same call brought back is no
/// clean accented letter: it does not weaken the line's other Latin spans
/// (the UTF-8 run `锛毭嘺` becomes `：Ça`, and `l谋艧t谋ran` must still be
/// read); nor is a letter GBK itself holds, read beside other garble.
/// Whole lines of UTF-8 read as GBK, mixing CJK and accented words.
#[test]
fn letters_a_repair_brought_back_are_not_clean_letters() {
    let fixer = Fixer::new(Config::default());
    let mut failed = Vec::new();
    for original in [
        "格式：Çalıştıran kullanıcının",
        "exécuté复制下载",
        "文件名：Größe.txt",
        // GBK's own pinyin letter `ō` (`A8 AD`, from `設`) is garble here.
        "dokumentációが設",
    ] {
        let (garbled, _, had_errors) = GBK.decode(original.as_bytes());
        assert!(!had_errors, "{original}");
        let fixed = fixer.fix(&garbled);
        if fixed != original {
            failed.push((garbled.to_string(), fixed.into_owned()));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}
