//! `fix_latin_ligatures`: expands Latin ligature characters.

use std::borrow::Cow;

use super::scan::{translate, Piece};

/// Replaces single-character Latin ligatures and digraphs with the letters
/// they contain, like ftfy's `fixes.fix_latin_ligatures` (its `LIGATURES`
/// table): `ﬁ` → `fi`, `ĳ` → `ij`, `ǆ` → `dž`, `ŉ` → `ʼn`, and so on.
/// Ligatures in other scripts are left alone.
///
/// ```
/// use mojifix::fixes::fix_latin_ligatures;
///
/// assert_eq!(fix_latin_ligatures("ﬂuﬃeﬆ"), "fluffiest");
/// ```
pub fn fix_latin_ligatures(text: &str) -> Cow<'_, str> {
    // Lead bytes of U+0132/3 (C4), U+0149 (C5), U+01C4..=U+01F3 (C7) and
    // U+FB00..=U+FB06 (EF).
    translate(
        text,
        |h| {
            // EF starts many CJK characters (fullwidth punctuation): only
            // EF AC (U+FB00..=U+FBFF) can be a ligature.
            h.iter().enumerate().position(|(i, &b)| {
                matches!(b, 0xC4 | 0xC5 | 0xC7) || (b == 0xEF && h.get(i + 1) == Some(&0xAC))
            })
        },
        |c| ligature(c).map(Piece::Str),
    )
}

/// ftfy's `chardata.LIGATURES`.
fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        // Dutch ligatures
        '\u{132}' => "IJ",
        '\u{133}' => "ij",
        // Afrikaans digraph meant to avoid auto-curled quote
        '\u{149}' => "\u{2bc}n",
        // Serbian/Croatian digraphs for Cyrillic conversion
        '\u{1f1}' => "DZ",
        '\u{1f2}' => "Dz",
        '\u{1f3}' => "dz",
        '\u{1c4}' => "D\u{17d}",
        '\u{1c5}' => "D\u{17e}",
        '\u{1c6}' => "d\u{17e}",
        '\u{1c7}' => "LJ",
        '\u{1c8}' => "Lj",
        '\u{1c9}' => "lj",
        '\u{1ca}' => "NJ",
        '\u{1cb}' => "Nj",
        '\u{1cc}' => "nj",
        // Latin typographical ligatures
        '\u{fb00}' => "ff",
        '\u{fb01}' => "fi",
        '\u{fb02}' => "fl",
        '\u{fb03}' => "ffi",
        '\u{fb04}' => "ffl",
        '\u{fb05}' => "\u{17f}t",
        '\u{fb06}' => "st",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_ftfy() {
        // ftfy 6.3.1 output for the same input.
        assert_eq!(
            fix_latin_ligatures(
                "ﬂuﬃeﬆ Ĳĳŉ ǱǲǳǄǅǆǇǈǉǊǋǌ ﬀﬁﬄﬅ \u{fb07} \u{fb13}"
            ),
            "fluffiest IJij\u{2bc}n DZDzdzD\u{17d}D\u{17e}d\u{17e}LJLjljNJNjnj fffiffl\u{17f}t \u{fb07} \u{fb13}"
        );
    }

    #[test]
    fn borrows_unchanged_text() {
        for text in ["", "fluffiest", "\u{c4}\u{152}\u{1c0}\u{fb13} \u{ff21}"] {
            assert!(
                matches!(fix_latin_ligatures(text), Cow::Borrowed(_)),
                "{text:?}"
            );
        }
    }
}
