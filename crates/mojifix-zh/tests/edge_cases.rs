//! Edge cases checked against OpenCC 1.4.2 (the PyPI wheel's output, recorded):
//! compatibility ideographs (normalization step, also inside and after
//! ideographic description sequences), IDS units, ASCII-initial keys.
//! Each goes through `convert`, `convert_into` and a char-by-char stream.

use mojifix_zh::{ConfigName, Converter};

#[test]
fn recorded_opencc_outputs() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "s2t",
            "\u{f900}\u{5934}\u{53d1}",
            "\u{8c48}\u{982d}\u{9aee}",
        ),
        (
            "s2t",
            "\u{2ff0}\u{f900}\u{5934}\u{53d1}",
            "\u{2ff0}\u{f900}\u{5934}\u{767c}",
        ),
        (
            "s2t",
            "\u{5934}\u{53d1}\u{2ff0}\u{f900}",
            "\u{982d}\u{9aee}\u{2ff0}\u{8c48}",
        ),
        (
            "s2t",
            "\u{2ff0}\u{2ff0}\u{5934}\u{53d1}\u{4e7e}",
            "\u{2ff0}\u{2ff0}\u{5934}\u{53d1}\u{4e7e}",
        ),
        (
            "s2t",
            "\u{2f800}\u{5934}\u{53d1}",
            "\u{9e97}\u{982d}\u{9aee}",
        ),
        (
            "s2t",
            "SQL\u{6ce8}\u{5165}\u{653b}\u{51fb}",
            "SQL\u{6ce8}\u{5165}\u{653b}\u{64ca}",
        ),
        (
            "s2t",
            "PN\u{7ed3}\u{5f88}\u{597d}",
            "PN\u{7d50}\u{5f88}\u{597d}",
        ),
        ("s2t", "A\u{809d}", "A\u{809d}"),
        (
            "s2t",
            "\u{2ff1}\u{8279}\u{2ff0}\u{9485}\u{53ea}\u{5934}\u{53d1}",
            "\u{2ff1}\u{8279}\u{2ff0}\u{9485}\u{53ea}\u{982d}\u{9aee}",
        ),
        (
            "s2t",
            "\u{5934}\u{53d1}\n\u{f91f}",
            "\u{982d}\u{9aee}\n\u{862d}",
        ),
        (
            "t2s",
            "\u{f900}\u{5934}\u{53d1}",
            "\u{5c82}\u{5934}\u{53d1}",
        ),
        (
            "t2s",
            "\u{2ff0}\u{f900}\u{5934}\u{53d1}",
            "\u{2ff0}\u{f900}\u{5934}\u{53d1}",
        ),
        (
            "t2s",
            "\u{5934}\u{53d1}\u{2ff0}\u{f900}",
            "\u{5934}\u{53d1}\u{2ff0}\u{5c82}",
        ),
        (
            "t2s",
            "\u{2ff0}\u{2ff0}\u{5934}\u{53d1}\u{4e7e}",
            "\u{2ff0}\u{2ff0}\u{5934}\u{53d1}\u{4e7e}",
        ),
        (
            "t2s",
            "\u{2f800}\u{5934}\u{53d1}",
            "\u{4e3d}\u{5934}\u{53d1}",
        ),
        (
            "t2s",
            "SQL\u{6ce8}\u{5165}\u{653b}\u{51fb}",
            "SQL\u{6ce8}\u{5165}\u{653b}\u{51fb}",
        ),
        (
            "t2s",
            "PN\u{7ed3}\u{5f88}\u{597d}",
            "PN\u{7ed3}\u{5f88}\u{597d}",
        ),
        ("t2s", "A\u{809d}", "A\u{809d}"),
        (
            "t2s",
            "\u{2ff1}\u{8279}\u{2ff0}\u{9485}\u{53ea}\u{5934}\u{53d1}",
            "\u{2ff1}\u{8279}\u{2ff0}\u{9485}\u{53ea}\u{5934}\u{53d1}",
        ),
        (
            "t2s",
            "\u{5934}\u{53d1}\n\u{f91f}",
            "\u{5934}\u{53d1}\n\u{5170}",
        ),
        (
            "s2tw",
            "\u{f900}\u{5934}\u{53d1}",
            "\u{8c48}\u{982d}\u{9aee}",
        ),
        (
            "s2tw",
            "\u{2ff0}\u{f900}\u{5934}\u{53d1}",
            "\u{2ff0}\u{f900}\u{5934}\u{767c}",
        ),
        (
            "s2tw",
            "\u{5934}\u{53d1}\u{2ff0}\u{f900}",
            "\u{982d}\u{9aee}\u{2ff0}\u{8c48}",
        ),
        (
            "s2tw",
            "\u{2ff0}\u{2ff0}\u{5934}\u{53d1}\u{4e7e}",
            "\u{2ff0}\u{2ff0}\u{5934}\u{53d1}\u{4e7e}",
        ),
        (
            "s2tw",
            "\u{2f800}\u{5934}\u{53d1}",
            "\u{9e97}\u{982d}\u{9aee}",
        ),
        (
            "s2tw",
            "SQL\u{6ce8}\u{5165}\u{653b}\u{51fb}",
            "SQL\u{6ce8}\u{5165}\u{653b}\u{64ca}",
        ),
        (
            "s2tw",
            "PN\u{7ed3}\u{5f88}\u{597d}",
            "PN\u{7d50}\u{5f88}\u{597d}",
        ),
        ("s2tw", "A\u{809d}", "A\u{809d}"),
        (
            "s2tw",
            "\u{2ff1}\u{8279}\u{2ff0}\u{9485}\u{53ea}\u{5934}\u{53d1}",
            "\u{2ff1}\u{8279}\u{2ff0}\u{9485}\u{53ea}\u{982d}\u{9aee}",
        ),
        (
            "s2tw",
            "\u{5934}\u{53d1}\n\u{f91f}",
            "\u{982d}\u{9aee}\n\u{862d}",
        ),
        (
            "tw2sp",
            "\u{f900}\u{5934}\u{53d1}",
            "\u{5c82}\u{5934}\u{53d1}",
        ),
        (
            "tw2sp",
            "\u{2ff0}\u{f900}\u{5934}\u{53d1}",
            "\u{2ff0}\u{f900}\u{5934}\u{53d1}",
        ),
        (
            "tw2sp",
            "\u{5934}\u{53d1}\u{2ff0}\u{f900}",
            "\u{5934}\u{53d1}\u{2ff0}\u{5c82}",
        ),
        (
            "tw2sp",
            "\u{2ff0}\u{2ff0}\u{5934}\u{53d1}\u{4e7e}",
            "\u{2ff0}\u{2ff0}\u{5934}\u{53d1}\u{4e7e}",
        ),
        (
            "tw2sp",
            "\u{2f800}\u{5934}\u{53d1}",
            "\u{4e3d}\u{5934}\u{53d1}",
        ),
        (
            "tw2sp",
            "SQL\u{6ce8}\u{5165}\u{653b}\u{51fb}",
            "SQL\u{6ce8}\u{5165}\u{653b}\u{51fb}",
        ),
        (
            "tw2sp",
            "PN\u{7ed3}\u{5f88}\u{597d}",
            "PN\u{7ed3}\u{5f88}\u{597d}",
        ),
        ("tw2sp", "A\u{809d}", "\u{7532}\u{809d}"),
        (
            "tw2sp",
            "\u{2ff1}\u{8279}\u{2ff0}\u{9485}\u{53ea}\u{5934}\u{53d1}",
            "\u{2ff1}\u{8279}\u{2ff0}\u{9485}\u{53ea}\u{5934}\u{53d1}",
        ),
        (
            "tw2sp",
            "\u{5934}\u{53d1}\n\u{f91f}",
            "\u{5934}\u{53d1}\n\u{5170}",
        ),
        (
            "t2jp",
            "\u{f900}\u{5934}\u{53d1}",
            "\u{8c48}\u{5934}\u{53d1}",
        ),
        (
            "t2jp",
            "\u{2ff0}\u{f900}\u{5934}\u{53d1}",
            "\u{2ff0}\u{f900}\u{5934}\u{53d1}",
        ),
        (
            "t2jp",
            "\u{5934}\u{53d1}\u{2ff0}\u{f900}",
            "\u{5934}\u{53d1}\u{2ff0}\u{8c48}",
        ),
        (
            "t2jp",
            "\u{2ff0}\u{2ff0}\u{5934}\u{53d1}\u{4e7e}",
            "\u{2ff0}\u{2ff0}\u{5934}\u{53d1}\u{4e7e}",
        ),
        (
            "t2jp",
            "\u{2f800}\u{5934}\u{53d1}",
            "\u{4e3d}\u{5934}\u{53d1}",
        ),
        (
            "t2jp",
            "SQL\u{6ce8}\u{5165}\u{653b}\u{51fb}",
            "SQL\u{6ce8}\u{5165}\u{653b}\u{51fb}",
        ),
        (
            "t2jp",
            "PN\u{7ed3}\u{5f88}\u{597d}",
            "PN\u{7ed3}\u{5f88}\u{597d}",
        ),
        ("t2jp", "A\u{809d}", "A\u{809d}"),
        (
            "t2jp",
            "\u{2ff1}\u{8279}\u{2ff0}\u{9485}\u{53ea}\u{5934}\u{53d1}",
            "\u{2ff1}\u{8279}\u{2ff0}\u{9485}\u{53ea}\u{5934}\u{53d1}",
        ),
        (
            "t2jp",
            "\u{5934}\u{53d1}\n\u{f91f}",
            "\u{5934}\u{53d1}\n\u{862d}",
        ),
        (
            "s2hk",
            "\u{f900}\u{5934}\u{53d1}",
            "\u{8c48}\u{982d}\u{9aee}",
        ),
        (
            "s2hk",
            "\u{2ff0}\u{f900}\u{5934}\u{53d1}",
            "\u{2ff0}\u{f900}\u{5934}\u{767c}",
        ),
        (
            "s2hk",
            "\u{5934}\u{53d1}\u{2ff0}\u{f900}",
            "\u{982d}\u{9aee}\u{2ff0}\u{8c48}",
        ),
        (
            "s2hk",
            "\u{2ff0}\u{2ff0}\u{5934}\u{53d1}\u{4e7e}",
            "\u{2ff0}\u{2ff0}\u{5934}\u{53d1}\u{4e7e}",
        ),
        (
            "s2hk",
            "\u{2f800}\u{5934}\u{53d1}",
            "\u{9e97}\u{982d}\u{9aee}",
        ),
        (
            "s2hk",
            "SQL\u{6ce8}\u{5165}\u{653b}\u{51fb}",
            "SQL\u{6ce8}\u{5165}\u{653b}\u{64ca}",
        ),
        (
            "s2hk",
            "PN\u{7ed3}\u{5f88}\u{597d}",
            "PN\u{7d50}\u{5f88}\u{597d}",
        ),
        ("s2hk", "A\u{809d}", "A\u{809d}"),
        (
            "s2hk",
            "\u{2ff1}\u{8279}\u{2ff0}\u{9485}\u{53ea}\u{5934}\u{53d1}",
            "\u{2ff1}\u{8279}\u{2ff0}\u{9485}\u{53ea}\u{982d}\u{9aee}",
        ),
        (
            "s2hk",
            "\u{5934}\u{53d1}\n\u{f91f}",
            "\u{982d}\u{9aee}\n\u{862d}",
        ),
    ];
    for &(cfg, input, expected) in cases {
        let conv = Converter::get(cfg.parse::<ConfigName>().unwrap());
        assert_eq!(conv.convert(input), expected, "{cfg} convert {input:?}");
        let mut out = String::from(">");
        conv.convert_into(input, &mut out);
        assert_eq!(&out[1..], expected, "{cfg} convert_into {input:?}");
        let mut s = conv.stream();
        let mut streamed = String::new();
        let mut buf = [0u8; 4];
        for c in input.chars() {
            s.push(c.encode_utf8(&mut buf), &mut streamed);
        }
        s.finish(&mut streamed);
        assert_eq!(streamed, expected, "{cfg} stream {input:?}");
    }
}

#[test]
fn nul_is_an_ordinary_character() {
    // OpenCC 1.4.2 keeps NUL in unsegmented configs but truncates the segment
    // at a NUL in segmented ones (a C-string artifact); here NUL is always kept.
    assert_eq!(
        Converter::get(ConfigName::S2t).convert("头发a\0头发b"),
        "頭髮a\0頭髮b"
    );
    assert_eq!(
        Converter::get(ConfigName::S2tw).convert("头发a\0头发b"),
        "頭髮a\0頭髮b"
    );
    assert_eq!(Converter::get(ConfigName::Tw2s).convert("頭\0髮"), "头\0发");
}

#[test]
fn empty_and_ascii() {
    for name in ConfigName::ALL {
        let conv = Converter::get(name);
        assert_eq!(conv.convert(""), "");
        assert!(matches!(
            conv.convert("just ASCII, nothing to do"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}

/// A key matched in the last three bytes of the text (one CJK character at
/// the end, after 0–3 ASCII bytes) is converted as it is mid-text. The
/// engine once read a four-byte word at such a position to discard it, past
/// the end of the text (found by the `stream` fuzz target under
/// AddressSanitizer; `cargo +nightly fuzz run stream` or Miri show it, a
/// plain run does not): this test walks that path for every config.
#[test]
fn a_key_in_the_last_three_bytes_converts_as_mid_text() {
    for name in ConfigName::ALL {
        let conv = Converter::get(name);
        for c in ['后', '發', '说', '鬱', '着', '台', '里', '干'] {
            for prefix in ["", "a", "ab", "abc"] {
                let tail = format!("{prefix}{c}");
                let line = format!("{tail}\n");
                let mid = conv.convert(&line);
                assert_eq!(
                    format!("{}\n", conv.convert(&tail)),
                    mid,
                    "{name}: {tail:?}"
                );
            }
        }
    }
}
