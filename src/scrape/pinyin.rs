//! `inline_pinyin`: readings that leaked out of ruby markup (`時(shí)間`,
//! `服務(wù)`, `協(xié)調(diào)`, `协调(xié tiáo)`, `時(shi2)`, `時（ㄕˊ）`) are removed,
//! while deliberate annotations (`行(háng)业` in a textbook) and other
//! parenthesized text after Han characters (`北京(Beijing)`, `第3(三)条`) stay.
//!
//! # The rule, and the evidence behind each part
//!
//! A parenthesized group (ASCII `()` or fullwidth `（）`, at most
//! [`MAX_GROUP_CHARS`] characters) right after a Han character is an
//! **annotation** when its content spells, syllable by syllable, a reading of
//! the last *k* Han characters before it (*k* = 1 to [`MAX_SYLLABLES`]):
//!
//! 1. **Reading match** (Unihan `kHanyuPinyin`/`kMandarin`/`kXHC1983`
//!    readings through `pinyin-data`, `src/scrape/pinyin_table.rs`). Each
//!    syllable must be a listed reading of its character: tone-marked pinyin
//!    with the tone on any letter (`shí`), numbered (`shi2`, `de5`, `lv4`) or
//!    zhuyin (`ㄕˊ`, `˙ㄉㄜ`). A syllable without a tone mark matches a listed
//!    neutral-tone reading exactly; any other unmarked syllable is accepted
//!    only inside a multi-syllable group that has a toned syllable (neutral
//!    tone in compounds: `东西(dōng xi)`). So romanization, which carries no
//!    tones (`北京(Beijing)`), never matches; nor does a capitalized group
//!    (`北京(Běijīng)` is a proper-noun romanization, and leaked ruby is lower
//!    case); nor digits or Han text (`第3(三)条`). The chance that an arbitrary
//!    word in parentheses spells a reading of the characters before it, tone
//!    included, is tiny: the reading table has 426 toneless syllables.
//! 2. **Density.** Leaked ruby annotates a large share of a text; authors
//!    annotate a character here and there. Annotations are removed only when
//!    they cover at least 2 Han characters and at least a quarter of the
//!    segment's Han characters (the segment is the line: a leak is a property
//!    of the page it came from, and a line is the unit every fixer sees).
//! 3. **Polyphone lessons** stay: with only 2 annotated characters, at least
//!    one of them must have a single toneless reading (a textbook annotates
//!    the characters it teaches, which are polyphonic; a leak annotates
//!    everything); and when the same character is annotated with two
//!    different readings among at most 3 distinct characters (`行(xíng)走、
//!    银行(háng)`), the line is teaching readings, not leaking them.
//! 4. **Consistency.** Groups that look like pinyin (lowercase letters with
//!    tone marks or tone digits) but match no reading of their characters
//!    count against the leak: more than one such group per ten annotations
//!    and nothing is removed.
//!
//! Only groups whose content starts with a lowercase letter, an accented
//! letter or `˙`, or bopomofo are looked at ([`opens_annotation`]); the
//! Fixer's trigger scan checks the same after every BMP Han character, so clean
//! text with `文件(5)` or `北京(Beijing)` skips the fixer without a look.
//! Before reading any group, the fixer's own pre-check bounds the density
//! rule: a group annotates at most the Han run before it (up to
//! [`MAX_SYLLABLES`]), so when those runs sum to under 2 or under a quarter
//! of the line's Han characters, nothing is read (`函數(function)` in a
//! long line).
//!
//! Removing annotations leaves exactly the characters that were annotated, so
//! the result reads as the text did before the ruby was lost; a second pass
//! finds no annotation left, so the fixer is idempotent.

use std::borrow::Cow;

use super::pinyin_table::{CHARS, READINGS, SYLLABLES, ZHUYIN};
use crate::cjk_text::is_han;

/// The longest group content considered, in characters.
pub const MAX_GROUP_CHARS: usize = 48;
/// The most Han characters one group may annotate (`协调(xié tiáo)` is 2).
pub const MAX_SYLLABLES: usize = 8;

/// The readings of `c`, most common first: `syllable index << 3 | tone`.
pub(crate) fn readings(c: char) -> &'static [u16] {
    match CHARS.binary_search_by_key(&c, |&(ch, _)| ch) {
        Ok(i) => {
            let packed = CHARS[i].1;
            let start = (packed >> 4) as usize;
            &READINGS[start..start + (packed & 15) as usize]
        }
        Err(_) => &[],
    }
}

/// The toneless syllable (`v` for ü) of a reading code.
pub(crate) fn syllable(code: u16) -> &'static str {
    SYLLABLES[usize::from(code >> 3)]
}

/// The zhuyin (without tone) of a reading code; empty when it has none.
pub(crate) fn zhuyin(code: u16) -> &'static str {
    ZHUYIN[usize::from(code >> 3)]
}

/// The tone of a reading code: 1–4, 5 for neutral.
pub(crate) fn tone(code: u16) -> u8 {
    (code & 7) as u8
}

/// Whether `c` could end a Han run that an annotation follows: a Han
/// character of the Basic Multilingual Plane (the Fixer's trigger scan looks
/// at BMP characters for this; ruby on astral ideographs is rare).
#[inline]
pub(crate) fn is_annotated_base(c: char) -> bool {
    (c as u32) < 0x10000 && is_han(c)
}

/// One letter of a pinyin group: its base letter (lowercase ASCII, `v` for
/// ü, `ê`) and its tone mark (0 for none). Digits are
/// `base` digits; separators are `' '`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Unit {
    base: char,
    tone: u8,
}

/// The letters of a Latin pinyin group, or `None` when it holds anything
/// else (or a capital letter).
fn latin_units(content: &str) -> Option<Vec<Unit>> {
    let mut units: Vec<Unit> = Vec::with_capacity(content.len());
    for c in content.chars() {
        match c {
            'a'..='z' | '0'..='5' => units.push(Unit { base: c, tone: 0 }),
            ' ' | '\'' | '’' | '-' | '·' | '\u{3000}' => units.push(Unit { base: ' ', tone: 0 }),
            'ɑ' => units.push(Unit { base: 'a', tone: 0 }),
            'ɡ' => units.push(Unit { base: 'g', tone: 0 }),
            // Combining tone marks after their letter.
            '\u{304}' | '\u{301}' | '\u{30C}' | '\u{300}' => {
                let last = units.last_mut()?;
                if last.tone != 0 || !last.base.is_ascii_lowercase() && last.base != 'v' {
                    return None;
                }
                last.tone = combining_tone(c);
            }
            '\u{308}' => {
                let last = units.last_mut()?;
                if last.base != 'u' {
                    return None;
                }
                last.base = 'v';
            }
            '\u{302}' => {
                let last = units.last_mut()?;
                if last.base != 'e' {
                    return None;
                }
                last.base = 'ê';
            }
            _ if !c.is_ascii() => {
                // Precomposed letters: decompose and read the marks.
                let mut base = None;
                let mut tone = 0;
                let mut ok = true;
                unicode_normalization::char::decompose_canonical(c, |d| match d {
                    'a'..='z' if base.is_none() => base = Some(d),
                    '\u{304}' | '\u{301}' | '\u{30C}' | '\u{300}' if tone == 0 => {
                        tone = combining_tone(d)
                    }
                    '\u{308}' if base == Some('u') => base = Some('v'),
                    '\u{302}' if base == Some('e') => base = Some('ê'),
                    _ => ok = false,
                });
                let base = base.filter(|_| ok)?;
                units.push(Unit { base, tone });
            }
            _ => return None,
        }
    }
    Some(units)
}

fn combining_tone(c: char) -> u8 {
    match c {
        '\u{304}' => 1,
        '\u{301}' => 2,
        '\u{30C}' => 3,
        _ => 4,
    }
}

/// How a syllable matched its character.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Fit {
    /// Tone given and right (or no tone on a listed neutral reading).
    Exact,
    /// No tone given, on a character without a neutral reading.
    Toneless,
}

/// Matches `units[pos..]` against the readings of `chars`, one syllable
/// each, separators optional between them, pushing each fit and reading.
fn match_latin(units: &[Unit], pos: usize, chars: &[char], fits: &mut Vec<(Fit, u16)>) -> bool {
    let Some((&c, rest)) = chars.split_first() else {
        return units[pos..].iter().all(|u| u.base == ' ');
    };
    let mut pos = pos;
    while units.get(pos).is_some_and(|u| u.base == ' ') {
        pos += 1;
    }
    for &code in readings(c) {
        let syl = syllable(code);
        let n = syl.chars().count();
        let Some(span) = units.get(pos..pos + n) else {
            continue;
        };
        if !span.iter().zip(syl.chars()).all(|(u, s)| u.base == s) {
            continue;
        }
        let marks: Vec<u8> = span
            .iter()
            .filter(|u| u.tone != 0)
            .map(|u| u.tone)
            .collect();
        let want = tone(code);
        let mut end = pos + n;
        let fit = match marks.as_slice() {
            [t] if *t == want => Fit::Exact,
            [_] => continue,
            [] => match units.get(end).map(|u| u.base) {
                Some(d @ '0'..='5') => {
                    let d = d as u8 - b'0';
                    if d == want || (d == 0 && want == 5) {
                        end += 1;
                        Fit::Exact
                    } else {
                        continue;
                    }
                }
                _ if want == 5 => Fit::Exact,
                // An unmarked syllable that is also a listed neutral reading
                // matches that reading exactly (tried in its turn).
                _ if readings(c)
                    .iter()
                    .any(|&r| tone(r) == 5 && syllable(r) == syl) =>
                {
                    continue
                }
                _ => Fit::Toneless,
            },
            _ => continue,
        };
        // A syllable must not run on into letters of the next one without
        // the next matching (checked by the recursion).
        fits.push((fit, code));
        if match_latin(units, end, rest, fits) {
            return true;
        }
        fits.pop();
    }
    false
}

/// Zhuyin tone marks.
fn zhuyin_tone(c: char) -> Option<u8> {
    match c {
        'ˉ' => Some(1),
        'ˊ' => Some(2),
        'ˇ' => Some(3),
        'ˋ' => Some(4),
        '˙' => Some(5),
        _ => None,
    }
}

fn is_bopomofo(c: char) -> bool {
    matches!(c, '\u{3105}'..='\u{312F}' | '\u{31A0}'..='\u{31BF}')
}

/// Matches zhuyin `content[pos..]` against the readings of `chars`,
/// pushing each reading.
fn match_zhuyin(content: &[char], pos: usize, chars: &[char], codes: &mut Vec<u16>) -> bool {
    let mut pos = pos;
    while content
        .get(pos)
        .is_some_and(|&c| c == ' ' || c == '\u{3000}')
    {
        pos += 1;
    }
    let Some((&c, rest)) = chars.split_first() else {
        return pos == content.len();
    };
    for &code in readings(c) {
        let zy = zhuyin(code);
        if zy.is_empty() {
            continue;
        }
        let want = tone(code);
        let mut p = pos;
        // The neutral tone is marked before the syllable (`˙ㄉㄜ`) or,
        // rarely, after it; other tones after it, the first optionally.
        let prefixed = content.get(p) == Some(&'˙');
        if prefixed {
            if want != 5 {
                continue;
            }
            p += 1;
        }
        let n = zy.chars().count();
        if content
            .get(p..p + n)
            .map_or(true, |s| !s.iter().copied().eq(zy.chars()))
        {
            continue;
        }
        p += n;
        match content.get(p).copied().and_then(zhuyin_tone) {
            // A `˙` after a syllable may be the next one's neutral mark.
            Some(5) if want == 5 && !prefixed => p += 1,
            Some(5) if want == 1 || (want == 5 && prefixed) => {}
            Some(t) if t == want && t != 5 => p += 1,
            Some(_) => continue,
            None if want == 1 || prefixed => {}
            None => continue,
        }
        codes.push(code);
        if match_zhuyin(content, p, rest, codes) {
            return true;
        }
        codes.pop();
    }
    false
}

/// A parenthesized group after Han characters.
#[derive(Debug)]
struct Group {
    /// Byte range of the group, parentheses included.
    start: usize,
    end: usize,
    /// The annotated characters, when the group is an annotation.
    annotated: Option<Vec<(char, u16)>>,
    /// Whether it looks like pinyin (tone marks or digits on lowercase
    /// letters) without matching.
    pinyin_like: bool,
}

/// Classifies the group `content` after the Han run `han` (its last
/// characters are the candidates): the annotated characters with the
/// readings they matched, and whether an unmatched group looks like pinyin.
fn classify(han: &[char], content: &str) -> (Option<Vec<(char, u16)>>, bool) {
    let chars: Vec<char> = content.chars().collect();
    if chars.is_empty() || chars.len() > MAX_GROUP_CHARS {
        return (None, false);
    }
    let max_k = han.len().min(MAX_SYLLABLES);
    let zip = |target: &[char], codes: Vec<u16>| Some(target.iter().copied().zip(codes).collect());
    if chars.iter().any(|&c| is_bopomofo(c)) {
        for k in 1..=max_k {
            let target = &han[han.len() - k..];
            let mut codes = Vec::new();
            if match_zhuyin(&chars, 0, target, &mut codes) {
                return (zip(target, codes), false);
            }
        }
        return (None, true);
    }
    let Some(units) = latin_units(content) else {
        return (None, false);
    };
    let letters = units.iter().filter(|u| u.base.is_alphabetic()).count();
    let toned = units.iter().any(|u| u.tone != 0 || u.base.is_ascii_digit());
    let codes = |fits: Vec<(Fit, u16)>| fits.into_iter().map(|(_, code)| code).collect();
    if letters == 0 || !toned {
        // Toneless romanization (`Beijing`): only listed neutral-tone
        // readings (`de`, `men de`) match it exactly.
        if letters > 0 {
            for k in 1..=max_k {
                let mut fits = Vec::new();
                let target = &han[han.len() - k..];
                if match_latin(&units, 0, target, &mut fits)
                    && fits.iter().all(|&(f, _)| f == Fit::Exact)
                {
                    return (zip(target, codes(fits)), false);
                }
            }
        }
        return (None, false);
    }
    for k in 1..=max_k {
        let target = &han[han.len() - k..];
        let mut fits = Vec::new();
        if match_latin(&units, 0, target, &mut fits) {
            let exact = fits.iter().filter(|&&(f, _)| f == Fit::Exact).count();
            // Unmarked syllables only as neutral tones inside a compound.
            if exact == k || (k > 1 && exact >= 1) {
                return (zip(target, codes(fits)), false);
            }
        }
    }
    (None, true)
}

/// Finds the parenthesized groups after Han characters in `text`.
fn groups(text: &str) -> Vec<Group> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut search = 0;
    while let Some(rel) = memchr::memchr2(b'(', 0xEF, &bytes[search..]) {
        let at = search + rel;
        search = at + 1;
        if !opens_annotation(&bytes[at..]) {
            continue;
        }
        let (open_len, close) = if bytes[at] == b'(' {
            (1, ')')
        } else if bytes[at..].starts_with("（".as_bytes()) {
            (3, '）')
        } else {
            continue;
        };
        let before = &text[..at];
        if !before.chars().next_back().is_some_and(is_annotated_base) {
            continue;
        }
        let inner_start = at + open_len;
        let Some(inner_len) = text[inner_start..]
            .char_indices()
            .take(MAX_GROUP_CHARS + 1)
            .find(|&(_, c)| matches!(c, ')' | '）' | '(' | '（' | '\n'))
            .filter(|&(_, c)| c == close)
            .map(|(i, _)| i)
        else {
            continue;
        };
        let content = &text[inner_start..inner_start + inner_len];
        let han: Vec<char> = before
            .chars()
            .rev()
            .take_while(|&c| is_annotated_base(c))
            .take(MAX_SYLLABLES)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let (annotated, pinyin_like) = classify(&han, content);
        let end = inner_start + inner_len + close.len_utf8();
        out.push(Group {
            start: at,
            end,
            annotated,
            pinyin_like,
        });
        search = end;
    }
    out
}

/// Whether `rest` (the bytes right after a Han character) opens a group
/// that could hold a reading: `(` or `（`, then a lowercase ASCII letter, an
/// accented letter (U+00C0–U+02FF: tone marks, `ü`, `ɑ`, `˙`) or bopomofo.
/// `(1)`, `(G)`, `(参见…)` are not worth a look.
#[inline]
pub(crate) fn opens_annotation(rest: &[u8]) -> bool {
    let after = if rest.first() == Some(&b'(') {
        &rest[1..]
    } else if rest.starts_with("（".as_bytes()) {
        &rest[3..]
    } else {
        return false;
    };
    matches!(
        after,
        [b'a'..=b'z', ..] | [0xC3..=0xCB, ..] | [0xE3, 0x84 | 0x86, ..]
    )
}

/// Whether `text` holds a possible annotation right after a Han character
/// (the fixer's cheap pre-check), and enough of them for the density rule:
/// a group annotates at most the run of Han characters right before it, up
/// to [`MAX_SYLLABLES`], so the openers [`opens_annotation`] takes after a
/// Han character bound how many characters all the groups together
/// annotate; the rule removes nothing when that is under 2 or under a
/// quarter of the Han characters (counted only as far as needed).
///
/// Only a `(` or a `（` can open a group: each is found with its own vector
/// search (`（`'s lead byte EF also leads `，` and most fullwidth forms, so
/// searching for that byte would stop at nearly every Chinese comma).
pub(crate) fn may_act(text: &str) -> bool {
    static FULLWIDTH_PAREN: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    let bytes = text.as_bytes();
    // How many characters a group opened at `at` could annotate.
    let most_at = |at: usize| {
        if !opens_annotation(&bytes[at..]) {
            return 0;
        }
        text[..at]
            .chars()
            .rev()
            .take_while(|&c| is_annotated_base(c))
            .take(MAX_SYLLABLES)
            .count()
    };
    let most = memchr::memchr_iter(b'(', bytes).map(most_at).sum::<usize>()
        + FULLWIDTH_PAREN
            .get_or_init(|| memchr::memmem::Finder::new("（".as_bytes()))
            .find_iter(bytes)
            .map(most_at)
            .sum::<usize>();
    // (`4 * a < han` leaves the text alone, and `a <= most`.)
    most >= 2 && text.chars().filter(|&c| is_han(c)).nth(4 * most).is_none()
}

/// Removes leaked ruby readings after Han characters (see the module docs
/// for the rule). Borrows `text` when it removes nothing.
///
/// ```
/// use mojifix::scrape::remove_inline_pinyin;
/// assert_eq!(remove_inline_pinyin("時(shí)間(jiān)到(dào)了"), "時間到了");
/// assert_eq!(remove_inline_pinyin("协调(xié tiáo)工(gōng)作(zuò)"), "协调工作");
/// // A textbook's single annotation, and romanization, stay.
/// assert_eq!(remove_inline_pinyin("这个字读行(háng)，不读行走的行。"), "这个字读行(háng)，不读行走的行。");
/// assert_eq!(remove_inline_pinyin("北京(Beijing)和上海(Shanghai)"), "北京(Beijing)和上海(Shanghai)");
/// ```
pub fn remove_inline_pinyin(text: &str) -> Cow<'_, str> {
    if !may_act(text) {
        return Cow::Borrowed(text);
    }
    remove_annotations(text)
}

/// [`remove_inline_pinyin`] past its pre-check.
fn remove_annotations(text: &str) -> Cow<'_, str> {
    let groups = groups(text);
    let annotations: Vec<&Group> = groups.iter().filter(|g| g.annotated.is_some()).collect();
    if annotations.is_empty() {
        return Cow::Borrowed(text);
    }
    let annotated: Vec<(char, u16)> = annotations
        .iter()
        .flat_map(|g| g.annotated.iter().flatten().copied())
        .collect();
    let a = annotated.len();
    let mismatched = groups.iter().filter(|g| g.pinyin_like).count();
    let han = text.chars().filter(|&c| is_han(c)).count();
    if a < 2 || 4 * a < han || mismatched * 10 > annotations.len() {
        return Cow::Borrowed(text);
    }
    let distinct_toneless = |c: char| {
        let mut syls: Vec<&str> = readings(c).iter().map(|&r| syllable(r)).collect();
        syls.sort_unstable();
        syls.dedup();
        syls.len()
    };
    if a == 2 && annotated.iter().all(|&(c, _)| distinct_toneless(c) > 1) {
        return Cow::Borrowed(text);
    }
    let mut distinct: Vec<char> = annotated.iter().map(|&(c, _)| c).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let lesson = distinct.len() <= 3
        && distinct.iter().any(|&c| {
            let mut codes: Vec<u16> = annotated
                .iter()
                .filter(|&&(d, _)| d == c)
                .map(|&(_, code)| code)
                .collect();
            codes.sort_unstable();
            codes.dedup();
            codes.len() > 1
        });
    if lesson {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for g in annotations {
        out.push_str(&text[copied..g.start]);
        copied = g.end;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_lookups() {
        let r = readings('行');
        assert!(r.iter().any(|&c| syllable(c) == "hang" && tone(c) == 2));
        assert_eq!(zhuyin(readings('時')[0]), "ㄕ");
        assert!(readings('a').is_empty());
    }

    #[test]
    fn styles() {
        for s in [
            "時(shí)間(jiān)",
            "時（shí）間（jiān）",
            "時(shi2)間(jian1)",
            "時(ㄕˊ)間(ㄐㄧㄢ)",
            "時(ㄕˊ)間(ㄐㄧㄢˉ)",
            "時間(shí jiān)",
            "時間(shíjiān)",
            "服務(wù)協(xié)調(diào)",
            "女(nǚ)人(rén)",
            "女(nv3)人(ren2)",
            "的(de)人(rén)",
            "的(˙ㄉㄜ)人(ㄖㄣˊ)",
        ] {
            let want: String = s
                .split(['(', '（'])
                .map(|p| p.split([')', '）']).next_back().unwrap())
                .collect();
            assert_eq!(remove_inline_pinyin(s), want, "{s}");
        }
    }

    /// `may_act` dismisses only texts the analysis leaves alone: every
    /// clean zh-Hans and zh-Hant line, the same lines with readings leaked
    /// into them (which it must not dismiss when they are removed), and
    /// texts made of annotations, Han runs and other text. Many of those it
    /// dismisses hold an opener after a Han character (its density bound).
    #[test]
    fn may_act_dismisses_only_texts_left_alone() {
        use crate::damage::Rng;
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean");
        let mut texts: Vec<String> = Vec::new();
        for lang in ["zh-Hans", "zh-Hant"] {
            let Ok(text) = std::fs::read_to_string(format!("{dir}/{lang}.txt")) else {
                continue;
            };
            for (i, line) in text.lines().enumerate() {
                texts.push(line.to_owned());
                let mut rng = Rng::new(11_000 + i as u64);
                texts.extend(crate::scrape::synth::leak_pinyin(line, &mut rng));
            }
        }
        let parts = [
            "時(shí)",
            "間(jiān)",
            "(de)",
            "（ㄕˊ）",
            "協調(xié tiáo)",
            "行(háng)",
            "北京(Beijing)",
            "時",
            "間",
            "的",
            "人",
            "a",
            " ",
            "，",
            "(",
            "（",
            "x)",
            "𠀀",
        ];
        let mut rng = Rng::new(77);
        for _ in 0..100_000 {
            let n = 1 + rng.below(12);
            texts.push((0..n).map(|_| parts[rng.below(parts.len())]).collect());
        }
        // An opener after a Han character (the pre-check before the bound).
        let opener = |t: &str| {
            let b = t.as_bytes();
            t.char_indices()
                .any(|(i, c)| is_annotated_base(c) && opens_annotation(&b[i + c.len_utf8()..]))
        };
        let (mut by_bound, mut removed) = (0, 0);
        for t in &texts {
            let acts = matches!(remove_annotations(t), Cow::Owned(_));
            removed += usize::from(acts);
            if !may_act(t) {
                assert!(!acts, "{t:?}");
                by_bound += usize::from(opener(t));
            }
        }
        assert!(by_bound > 10_000 && removed > 5_000, "{by_bound} {removed}");
    }

    #[test]
    fn traps() {
        for s in [
            "北京(Beijing)上海(Shanghai)",
            "北京(Běijīng)上海(Shànghǎi)",
            "第3(三)条",
            "行(háng)业",
            "行(xíng)走、银行(háng)",
            "時(shì)間(jiān)",
            "時(shí)",
        ] {
            assert_eq!(remove_inline_pinyin(s), s, "{s}");
        }
    }
}
