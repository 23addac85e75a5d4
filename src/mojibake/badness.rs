//! Does this text look like mojibake? ftfy's "badness" heuristic as a table of
//! named rules.
//!
//! Each rule is a short sequence of character tests over the classes in
//! `classes`, such as "a lowercase accented letter followed
//! by a currency sign" (`é€` never occurs in real text but `Ã©` does in UTF-8
//! read as windows-1252). ftfy compiles the same rules into one large regular
//! expression; here they are data, so a match can be explained by name, and
//! text is only examined around the few characters that belong to any class.
//!
//! Every rule contains at least one character with a non-zero class mask
//! within its first three positions, so clean text (ASCII, CJK, Cyrillic
//! prose...) is rejected after one cheap lookup per character.

use super::classes::*;
use super::CodePage;

/// One position of a rule.
#[derive(Clone, Copy)]
enum Atom {
    /// A character in any of these classes, or one of these literals.
    Class(u32, &'static str),
    /// `[a-zA-Z]`
    AsciiLetter,
    /// `[a-z]`
    AsciiLower,
    /// `[^A-Za-z]` (any character, but one must be there)
    NotAsciiLetter,
    /// `\s` as Python's `re` defines it for `str`.
    Space,
    /// `\s?`
    OptionalSpace,
    /// `\w` as Python's `re` defines it for `str`.
    Word,
    /// `.` (any character but a line feed)
    Any,
    /// `^`: the start of the text.
    Start,
    /// A character the code page decodes from a byte in this range.
    Decodes(CodePage, u8, u8),
}

use Atom::*;

const fn lit(chars: &'static str) -> Atom {
    Class(0, chars)
}

/// A named rule: the text is bad where these atoms match in sequence.
pub struct Rule {
    /// A short, stable name used in explanations.
    pub name: &'static str,
    atoms: &'static [Atom],
}

const LA: u32 = LOWER_ACCENTED;
const UA: u32 = UPPER_ACCENTED;
const SP: u32 = START_PUNCTUATION;
const EP: u32 = END_PUNCTUATION;
const CUR: u32 = CURRENCY;
const NUM: u32 = NUMERIC;

macro_rules! rules {
    ($($name:literal => [$($atom:expr),+ $(,)?]),+ $(,)?) => {
        &[$(Rule { name: $name, atoms: &[$($atom),+] }),+]
    };
}

/// The rules: ftfy 6.3.1's, in its order, then mojifix's own additions.
pub static RULES: &[Rule] = rules![
    "c1-control" => [Class(C1, "")],
    "symbol-then-bad" => [Class(BAD | LA | UA | BOX | SP | EP | CUR | NUM | LAW, ""), Class(BAD, "")],
    "latin-greek-cyrillic-bad" => [AsciiLetter, Class(LOWER_COMMON | UPPER_COMMON, ""), Class(BAD, "")],
    "bad-then-symbol" => [Class(BAD, ""), Class(LA | UA | BOX | SP | EP | CUR | NUM | LAW, "")],
    "lower-then-upper-accented" => [Class(LA | LOWER_COMMON | BOX | EP | CUR | NUM, ""), Class(UA, "")],
    "symbol-then-lower-accented" => [Class(BOX | EP | CUR | NUM, ""), Class(LA, "")],
    "accented-then-currency" => [Class(LA | BOX | EP, ""), Class(CUR, "")],
    "space-upper-accented-currency" => [Space, Class(UA, ""), Class(CUR, "")],
    "accented-then-numeric" => [Class(UA | BOX, ""), Class(NUM | LAW, "")],
    "letter-start-punct-numeric" => [Class(LA | UA | BOX | CUR | EP, ""), Class(SP, ""), Class(NUM, "")],
    "symbol-end-punct-start-punct" => [Class(LA | UA | CUR | NUM | BOX | LAW, ""), Class(EP, ""), Class(SP, "")],
    "numeric-then-start-punct" => [Class(CUR | NUM | BOX, ""), Class(SP, "")],
    "lower-upper-accented-punct" => [AsciiLower, Class(UA, ""), Class(SP | CUR, "")],
    "box-then-kaomoji" => [Class(BOX, ""), Class(KAOMOJI, "")],
    "symbol-then-box" => [Class(LA | UA | CUR | NUM | SP | EP | LAW, ""), Class(BOX, "")],
    "box-then-end-punct" => [Class(BOX, ""), Class(EP, "")],
    "accented-punct-word" => [Class(LA | UA, ""), Class(SP | EP, ""), Word],
    "oe-not-before-letter" => [lit("Œœ"), NotAsciiLetter],
    "upper-accented-degree" => [Class(UA, ""), lit("°")],
    "windows-1252-pair" => [
        lit("ÂÃÎÐ"),
        Class(SP | EP, "€œŠš¢£Ÿž\u{a0}\u{ad}®©°·»–—´"),
    ],
    "times-superscript" => [lit("×"), lit("²³")],
    "windows-1252-arabic" => [
        lit("ØÙ"),
        Class(COMMON | CUR | BAD | NUM | SP, "ŸŠ®°µ»"),
        lit("ØÙ"),
        Class(COMMON | CUR | BAD | NUM | SP, "ŸŠ®°µ»"),
    ],
    "windows-1252-south-asian" => [lit("à"), lit("²µ¹¼½¾")],
    "macroman-root" => [lit("√"), lit("±∂†≠®™´≤≥¥µø")],
    "macroman-approx" => [lit("≈"), lit("°¢")],
    "macroman-quote-a" => [lit("‚"), lit("Ä"), lit("ìîïòôúùû†°¢π")],
    "macroman-quote" => [lit("‚"), lit("âó"), lit("àä°ê")],
    "windows-1251-punctuation" => [lit("в"), lit("Ђ")],
    "windows-1251-latin" => [
        lit("ВГРС"),
        Class(C1 | BAD | SP | EP | CUR, "°µ"),
        lit("ВГРС"),
    ],
    "windows-1251-over-latin-1" => [
        lit("Г"), lit("ў"), lit("В"), lit("Ђ"), lit("В"), Any, Class(0, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz "),
    ],
    "windows-1252-a-grave" => [lit("Ã"), lit("\u{a0}¡")],
    "lower-a-hat-space" => [AsciiLower, OptionalSpace, lit("ÃÂ"), lit(" ")],
    "start-a-hat-space" => [Start, lit("ÃÂ"), lit(" ")],
    "a-hat-before-punct" => [Class(EP, "abcdefghijklmnopqrstuvwxyz.,?!"), lit("Â"), Class(SP | EP, " ")],
    "windows-1253-punctuation" => [lit("β"), lit("€"), lit("™\u{a0}Ά\u{ad}®°")],
    "windows-1253-greek" => [
        lit("ΒΓΞΟ"),
        Class(C1 | BAD | SP | EP | CUR, "°"),
        lit("ΒΓΞΟ"),
    ],
    "windows-1257-punctuation" => [lit("ā"), lit("€")],
    // Additions beyond ftfy. Each needs a Latin letter glued to characters of
    // another script or to drawing symbols, which real text does not do; the
    // repair still has to re-decode as valid UTF-8 before anything changes.
    //
    // `mГ©dicament`, `volitelnГЅ`, `konfiguraÄŤnĂ­`, `pΕ™ezdΓ­vek`: a
    // lowercase Latin letter, then the code page's reading of a UTF-8 lead
    // byte (for windows-1251 and -1253 a Cyrillic or Greek capital; for
    // windows-1250 an accented capital), then its reading of a continuation
    // byte. Words do not switch script, or put a capital after a lowercase
    // letter, mid-word.
    "latin-then-windows-1251-pair" => [
        AsciiLower,
        Decodes(CodePage::SloppyWindows1251, 0xC2, 0xDF),
        Decodes(CodePage::SloppyWindows1251, 0x80, 0xBF),
    ],
    "latin-then-windows-1253-pair" => [
        AsciiLower,
        Decodes(CodePage::SloppyWindows1253, 0xC2, 0xDF),
        Decodes(CodePage::SloppyWindows1253, 0x80, 0xBF),
    ],
    "latin-then-windows-1250-pair" => [
        AsciiLower,
        Decodes(CodePage::SloppyWindows1250, 0xC2, 0xDF),
        Decodes(CodePage::SloppyWindows1250, 0x80, 0xBF),
    ],
    // `pi√π`, `Vol√°`: a Latin letter, then MacRoman's `√` (byte C3, the
    // lead of U+00C0–U+00FF) and any MacRoman continuation byte.
    "latin-then-macroman-c3-pair" => [
        AsciiLetter,
        lit("√"),
        Decodes(CodePage::MacRoman, 0x80, 0xBF),
    ],
    // `p≈ôi`: a Latin letter, then MacRoman's `ƒ` or `≈` (bytes C4, C5, the
    // leads of U+0100–U+017F) and an accented letter (bytes 80–9F).
    "latin-then-macroman-c4-c5-pair" => [
        AsciiLetter,
        lit("ƒ≈"),
        Decodes(CodePage::MacRoman, 0x80, 0x9F),
    ],
    // `Hayes‚Ñ¢`, `Roff‚Äê`: MacRoman's reading of a three-byte UTF-8
    // punctuation or symbol (`E2 80..8F xx`, U+2000–U+23FF): `‚`, then an
    // accented letter, then a continuation byte (never ASCII, so a German
    // low quote before `Über` does not match).
    "macroman-general-punctuation" => [
        lit("‚"),
        Decodes(CodePage::MacRoman, 0x80, 0x8F),
        Decodes(CodePage::MacRoman, 0x80, 0xBF),
    ],
    // `ÅŸablon` (ş), `NapÅ™` (ř): UTF-8 of Latin Extended-A (lead bytes C4,
    // C5) read as windows-1252 where the continuation byte became one of the
    // letters or signs windows-1252 adds in 80–9F (quotes, dashes, the
    // ellipsis and ™ excluded: they can follow a capital word, as in ftfy's
    // negative case `AHÅ™`); no language puts those right after Ä or Å.
    "windows-1252-extended-a" => [lit("ÄÅ"), lit("€ƒ†‡ˆ‰Š‹ŒŽ˜š›œžŸ")],
    // `CÆ\u{a0}` (CƠ), `mÆ¡` (mơ): Vietnamese horn letters (C6 A0, C6 A1)
    // read as windows-1252, as ftfy's `Ã[\xa0¡]` does for à and á.
    "windows-1252-horn-letter" => [lit("Æ"), lit("\u{a0}¡")],
    // `Há»®U` (HỮU), `Tiáº¿ng`: Vietnamese letters U+1EA0–U+1EFF (E1 BA xx,
    // E1 BB xx) read as windows-1252 or Latin-1: `á`, `º` or `»`, then any
    // continuation byte's character (never ASCII, so Spanish `está».` is safe).
    "windows-1252-vietnamese" => [
        lit("á"),
        lit("º»"),
        Decodes(CodePage::SloppyWindows1252, 0x80, 0xBF),
    ],
    // `TRÃŒNH` (TRÌNH), `ÃŽ` (Î): ftfy's `windows-1252-pair` lists `œ`
    // and `ž` but not their capitals, which UTF-8 Ì and Î turn into.
    "windows-1252-pair-capital" => [lit("ÂÃÎÐ"), lit("ŒŽ")],
    // `√úbersetzung`: `√` then an accented letter starting a word.
    "macroman-pair-then-latin" => [
        lit("√"),
        Decodes(CodePage::MacRoman, 0x80, 0x9F),
        AsciiLower,
    ],
];

/// Python's `str.isspace()`, which `\s` follows.
fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn atom_matches(atom: Atom, c: char) -> bool {
    match atom {
        Class(mask, lits) => (mask != 0 && class_of(c) & mask != 0) || lits.chars().any(|l| l == c),
        AsciiLetter => c.is_ascii_alphabetic(),
        AsciiLower => c.is_ascii_lowercase(),
        NotAsciiLetter => !c.is_ascii_alphabetic(),
        Space | OptionalSpace => is_python_space(c),
        Word => c.is_alphanumeric() || c == '_',
        Any => c != '\n',
        Start => false,
        Decodes(page, lo, hi) => page.encode_char(c).is_some_and(|b| (lo..=hi).contains(&b)),
    }
}

/// Matches `atoms` against `chars[at..]`, returning the end of the match.
/// `Start` matches at index 0 only when `starts_text`.
fn match_atoms(atoms: &[Atom], chars: &[char], at: usize, starts_text: bool) -> Option<usize> {
    let Some((&first, rest)) = atoms.split_first() else {
        return Some(at);
    };
    match first {
        Start if at == 0 && starts_text => match_atoms(rest, chars, at, starts_text),
        Start => None,
        OptionalSpace => {
            if chars.get(at).is_some_and(|&c| is_python_space(c)) {
                if let Some(end) = match_atoms(rest, chars, at + 1, starts_text) {
                    return Some(end);
                }
            }
            match_atoms(rest, chars, at, starts_text)
        }
        atom => {
            let c = *chars.get(at)?;
            if atom_matches(atom, c) {
                match_atoms(rest, chars, at + 1, starts_text)
            } else {
                None
            }
        }
    }
}

/// Where a rule matched: the rule and the character range of the match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadMatch {
    /// The name of the rule that matched.
    pub rule: &'static str,
    /// The matched characters.
    pub text: String,
}

/// The first rule that matches somewhere in `text`, if any.
///
/// ```
/// use mojifix::mojibake::badness::first_bad;
/// assert_eq!(first_bad("sÃ³").unwrap().rule, "accented-then-numeric");
/// assert!(first_bad("Ça va, señor? 你好").is_none());
/// ```
pub fn first_bad(text: &str) -> Option<BadMatch> {
    first_bad_in(text, true, 0)
}

/// [`first_bad`] for a piece of a larger text, given with up to two
/// characters of left context: only matches that end after the first
/// `context` characters count, and rules anchored at the start of the text
/// (`^`) apply only when `starts_text`. (ftfy checks the piece alone, so `^`
/// applies at the start of every piece; that turns the `Â ` of a clean
/// `C2 Â LATIN CAPITAL…` table into U+00A0, while context still catches
/// `relatifs Ã l’utilisation`.)
pub(crate) fn first_bad_in(text: &str, starts_text: bool, context: usize) -> Option<BadMatch> {
    // Where can a rule match? Every rule's first non-ASCII character is at
    // its index 0, 1 or 2, has a class, and is followed by another non-ASCII
    // character with a class -- except a C1 control, and `Ã`, `Â`, `Œ`, `œ`,
    // which some rules allow before a space, punctuation or anything. (`tests::fast_scan_agrees_
    // with_exhaustive_search` checks this over random text.) Accented letters
    // inside words are followed by ASCII, so most clean text has no trigger.
    let mut chars: Vec<char> = Vec::new();
    let mut iter = text.chars().peekable();
    let mut index = 0usize;
    let mut next_start = 0usize;
    while let Some(c) = iter.next() {
        let p = index;
        index += 1;
        if !is_trigger(c, iter.peek().copied()) {
            continue;
        }
        if chars.is_empty() {
            chars = text.chars().collect();
        }
        for start in p.saturating_sub(2).max(next_start)..=p {
            if let Some(found) = match_any_rule(&chars, start, starts_text, context) {
                return Some(found);
            }
        }
        next_start = p + 1;
    }
    None
}

/// Whether [`is_trigger`] can hold at `c` with some next character.
pub(crate) fn may_start(c: char) -> bool {
    !c.is_ascii() && class_of(c) != 0
}

/// Whether a rule can have its first non-ASCII character at `c`, followed
/// by `next`. Text without any such character is never bad.
#[inline]
pub(crate) fn is_trigger(c: char, next: Option<char>) -> bool {
    if c.is_ascii() {
        return false;
    }
    let class = class_of(c);
    class != 0
        && (next.is_some_and(|n| !n.is_ascii() && class_of(n) != 0)
            || class & C1 != 0
            || matches!(c, 'Ã' | 'Â' | 'Œ' | 'œ'))
}

/// Which rules can match from a character, by their first atom (bit k:
/// `RULES[k]`), so that [`match_any_rule`] tries only those (each costs a
/// call and a class or literal test; the `index` preset's check of its
/// results tries three starts for each `——` it writes). A rule whose first
/// atom is not a class, a literal or an ASCII letter is always tried.
struct FirstAtoms {
    always: u64,
    by_class: [u64; 32],
    ascii_letter: u64,
    ascii_lower: u64,
    /// The literal characters of first atoms, sorted, with their rules.
    literals: Vec<(char, u64)>,
    /// One bit per BMP character: whether it is among `literals`.
    literal_bits: Box<[u64; 1024]>,
}

fn first_atoms() -> &'static FirstAtoms {
    static FIRST: std::sync::OnceLock<FirstAtoms> = std::sync::OnceLock::new();
    FIRST.get_or_init(|| {
        assert!(RULES.len() <= 64, "one bit per rule");
        let mut f = FirstAtoms {
            always: 0,
            by_class: [0; 32],
            ascii_letter: 0,
            ascii_lower: 0,
            literals: Vec::new(),
            literal_bits: Box::new([0; 1024]),
        };
        let mut literals = std::collections::BTreeMap::<char, u64>::new();
        for (k, rule) in RULES.iter().enumerate() {
            let bit = 1u64 << k;
            match rule.atoms[0] {
                Class(mask, lits) => {
                    for (b, rules) in f.by_class.iter_mut().enumerate() {
                        if mask >> b & 1 != 0 {
                            *rules |= bit;
                        }
                    }
                    for l in lits.chars() {
                        *literals.entry(l).or_default() |= bit;
                    }
                }
                AsciiLetter => f.ascii_letter |= bit,
                AsciiLower => f.ascii_lower |= bit,
                _ => f.always |= bit,
            }
        }
        for &l in literals.keys() {
            let cp = l as usize;
            assert!(cp < 0x10000, "literals are in the BMP");
            f.literal_bits[cp / 64] |= 1 << (cp % 64);
        }
        f.literals = literals.into_iter().collect();
        f
    })
}

impl FirstAtoms {
    /// The rules whose first atom can match `c` (`None`: no character),
    /// and those whose first atom is of another kind.
    fn rules_from(&self, c: Option<char>) -> u64 {
        let mut may = self.always;
        let Some(c) = c else {
            return may;
        };
        let mut class = class_of(c);
        while class != 0 {
            may |= self.by_class[class.trailing_zeros() as usize];
            class &= class - 1;
        }
        if c.is_ascii_alphabetic() {
            may |= self.ascii_letter;
            if c.is_ascii_lowercase() {
                may |= self.ascii_lower;
            }
        }
        let cp = c as usize;
        if cp < 0x10000 && self.literal_bits[cp / 64] >> (cp % 64) & 1 != 0 {
            if let Ok(k) = self.literals.binary_search_by_key(&c, |&(l, _)| l) {
                may |= self.literals[k].1;
            }
        }
        may
    }
}

fn match_any_rule(
    chars: &[char],
    start: usize,
    starts_text: bool,
    context: usize,
) -> Option<BadMatch> {
    // The rules in order, as `RULES.iter().find_map` would try them, less
    // those whose first atom cannot match (`match_atoms` fails on it).
    let mut may = first_atoms().rules_from(chars.get(start).copied());
    while may != 0 {
        let rule = &RULES[may.trailing_zeros() as usize];
        may &= may - 1;
        let Some(end) = match_atoms(rule.atoms, chars, start, starts_text) else {
            continue;
        };
        if end > start && end > context {
            return Some(BadMatch {
                rule: rule.name,
                text: chars[start..end].iter().collect(),
            });
        }
    }
    None
}

/// Whether `text` looks like it contains mojibake (ftfy's `is_bad`).
///
/// ```
/// use mojifix::mojibake::badness::is_bad;
/// assert!(is_bad("The Mona Lisa doesnÃ¢â‚¬â„¢t have eyebrows."));
/// assert!(!is_bad("naïve café, Ελληνικά, русский, 中文"));
/// ```
pub fn is_bad(text: &str) -> bool {
    first_bad(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every rule at every position, each tried in full: the reference for
    /// `first_bad_in` (and for the first-atom filter of `match_any_rule`).
    fn first_bad_exhaustive(text: &str) -> Option<&'static str> {
        let chars: Vec<char> = text.chars().collect();
        (0..=chars.len()).find_map(|start| {
            RULES.iter().find_map(|rule| {
                let end = match_atoms(rule.atoms, &chars, start, true)?;
                (end > start).then_some(rule.name)
            })
        })
    }

    /// The first-atom filter of `match_any_rule` keeps a rule for a
    /// character exactly when the rule's first atom matches it (or is of
    /// a kind it does not judge), over every BMP character and the first
    /// astral ones.
    #[test]
    fn first_atom_filter_is_the_first_atom() {
        let f = first_atoms();
        let mut kept = 0;
        for c in (0..0x10000u32)
            .chain(0x10000..0x10400)
            .filter_map(char::from_u32)
        {
            let may = f.rules_from(Some(c));
            for (k, rule) in RULES.iter().enumerate() {
                let first = rule.atoms[0];
                let judged = matches!(first, Class(..) | AsciiLetter | AsciiLower);
                let want = !judged || atom_matches(first, c);
                assert_eq!(may >> k & 1 != 0, want, "{c:?} {}", rule.name);
                kept += usize::from(want && judged);
            }
        }
        assert!(kept > 1000, "{kept}");
        assert_eq!(f.rules_from(None), f.always);
    }

    fn mojibake_alphabet() -> impl Strategy<Value = String> {
        let chars: Vec<char> = (0x20u32..0x250)
            .chain(0x370..0x460)
            .chain(0x2010..0x2040)
            .chain([
                0x2122, 0x2248, 0x221A, 0x2550, 0x2510, 0x252C, 0xFFFD, 0x4E2D, 0x3002,
            ])
            .filter_map(char::from_u32)
            .collect();
        prop::collection::vec(prop::sample::select(chars), 0..12)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 20000, ..ProptestConfig::default() })]
        #[test]
        fn fast_scan_agrees_with_exhaustive_search(s in mojibake_alphabet()) {
            prop_assert_eq!(first_bad(&s).is_some(), first_bad_exhaustive(&s).is_some(), "{:?}", s);
        }
    }

    #[test]
    fn typical_mojibake_is_bad() {
        for s in [
            "Ã©",
            "â€œquotedâ€\u{9d}",
            "Ð¿Ñ€Ð¸Ð²ÐµÑ‚",
            "ГўВЂВњHello",
            "Ã ",
            "cafÃ©",
        ] {
            assert!(is_bad(s), "{s:?}");
        }
    }

    #[test]
    fn real_text_is_not_bad() {
        for s in [
            "Ã",
            "São Paulo, Zürich, Kraków, Ærøskøbing",
            "привет, мир",
            "«Bonjour» — dit-il… 10 €",
            "「こんにちは」と言った。",
            "“你好”，他说。",
            "",
        ] {
            assert!(!is_bad(s), "{s:?} matched {:?}", first_bad(s));
        }
    }
}
