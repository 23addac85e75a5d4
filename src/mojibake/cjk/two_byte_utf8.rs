//! Latin, Greek and Cyrillic text read as a legacy CJK encoding: `café`
//! becomes `caf茅` (UTF-8 `C3 A9` read as GBK), `Müller` becomes `M眉ller`,
//! `Привет` becomes `袩褉懈胁械褌`; Big5 gives `caf矇`, EUC-KR `caf챕` and
//! Shift_JIS `cafﾃｩ`.
//!
//! Every letter of these scripts is a two-byte UTF-8 sequence (lead `C2`–`DF`,
//! then a continuation byte `80`–`BF`), and a double-byte legacy encoding
//! reads each such pair as one character (Shift_JIS reads both bytes as
//! halfwidth katakana). The main repair in [`super`] looks for three-byte
//! sequences, the shape of CJK text; it cannot start on two-byte ones,
//! because many common hanzi are a valid two-byte sequence by chance (`没`
//! is GBK `C3 BB`, `û`).
//!
//! So this repair asks for other evidence, all of it from the line:
//!
//! * a **span**: a run of ideographs (GBK, Big5), Hangul or Hanja (EUC-KR) or
//!   halfwidth katakana (Shift_JIS) whose bytes decode as UTF-8 made only of
//!   two-byte sequences, to letters of one script (Latin-1 and Latin
//!   Extended-A letters and a few Extended-B ones, Greek, Cyrillic) and a few
//!   Latin-1 symbols (`«»°±·` …);
//! * the span touches **no other non-ASCII character**: mojibake of a
//!   Latin-script word sits between ASCII letters, spaces and punctuation,
//!   while a hanzi that happens to decode to a letter sits among other
//!   hanzi;
//! * **letter case** reads as a word's: no capital after a small letter,
//!   inside the span or right after an ASCII one; a span at a camel-case
//!   edge (a capital right after its last letter, a small one, or starting
//!   a word after it; a capital beyond Latin-1 right after a small letter)
//!   is weak evidence, since an identifier's next word starts there and the
//!   span may be a word of its own glued between two names
//!   (`Manager창Null`, `Python没Java`, `用Python讀csv`);
//! * the decoded text reads as **text**: no fraction or superscript before a
//!   letter, no symbol between two letters but `·`, `«»` and `¡¿` (`Ŀ¼`
//!   for `目录`), no degree or ordinal sign after a word of two letters or
//!   more (`README째`);
//! * accented Latin letters that no span can take (`naïve창naïve`) show
//!   that the line was not read through the encoding: its Latin spans are
//!   weak;
//! * and the **context** of the script:
//!   - a Latin-script span is glued to an ASCII letter (`caf茅`, `眉ber`);
//!     between two ASCII letters (`M眉ller`) that is enough, otherwise every
//!     non-ASCII character of the line must lie in a span (`茅t茅 脿 Paris`:
//!     the whole line is the damage);
//!   - a Greek or Cyrillic span holds three letters or more, or the whole
//!     line is spans (Russian writes one-letter words, `褋` for `с`);
//!   - symbols alone (`芦` for `«`) only in a line that is spans throughout;
//!   - one hanzi common in Chinese text (14 bits or less in the frequency
//!     table: `模`, `每`, `没`) glued to a Latin word on one side only is
//!     weak (`Manager模`). Hangul is exempt: EUC-KR makes the commonest
//!     accented letters of common syllables (`체` is `ü`: German `체ber`).
//!
//! Weak evidence counts only beside a strong span in the same line.
//!
//! The encodings are tried in order (GBK, Big5, EUC-KR, Shift_JIS); the first
//! that repairs some span of the line is the line's. EUC-JP is not tried: it
//! reads `C3 A9` as an ordinary kanji of JIS level 1 and, unlike the others,
//! is rare on the systems that mangle Latin text this way.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::legacy::Legacy;
use super::plausibility::char_bits;
use super::Chain;
use crate::explain::{Action, Step};

/// The encodings tried, in order.
const ENCODINGS: [Legacy; 4] = [Legacy::Gbk, Legacy::Big5, Legacy::EucKr, Legacy::ShiftJis];

/// Hanzi that GBK makes of a word of one letter and that are common words
/// themselves: `猫` (cat) is `è`, `茅` `é`, `貌` `ò`. Alone, they are no
/// evidence.
const COMMON_WORDS: &str = "猫茅貌";

/// What a decoded character is, for the tests above.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Latin,
    Greek,
    Cyrillic,
    /// A Latin-1 symbol that Latin-script text uses (`«`, `°`, …).
    Symbol,
}

fn class(c: char) -> Option<Class> {
    let cp = c as u32;
    if "«»°±·²³¿¡£§µ½¼¾ºª©®".contains(c) {
        return Some(Class::Symbol);
    }
    if !c.is_alphabetic() {
        return None;
    }
    match cp {
        0xC0..=0x17F => Some(Class::Latin),
        // Vietnamese ơ ư, Romanian ș ț, pinyin ǎ ǐ ǒ ǔ.
        0x1A0 | 0x1A1 | 0x1AF | 0x1B0 | 0x218..=0x21B | 0x1CE | 0x1D0 | 0x1D2 | 0x1D4 => {
            Some(Class::Latin)
        }
        // Modern Greek letters, without the capitals with dialytika.
        0x386 | 0x388..=0x38A | 0x38C | 0x38E | 0x38F | 0x391..=0x3A9 | 0x3AC..=0x3CE => {
            Some(Class::Greek)
        }
        0x400..=0x45F | 0x490 | 0x491 => Some(Class::Cyrillic),
        _ => None,
    }
}

/// Whether `c` is a character `legacy` would have made of such bytes: an
/// ideograph for GBK and Big5 (their kana would be Japanese text), Hangul or
/// Hanja for EUC-KR, halfwidth katakana for Shift_JIS.
fn is_garbled_kind(c: char, legacy: Legacy) -> bool {
    let cp = c as u32;
    let han = matches!(cp, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF);
    match legacy {
        Legacy::Gbk | Legacy::Big5 => han,
        Legacy::EucKr => han || (0xAC00..=0xD7A3).contains(&cp),
        // Halfwidth katakana for the bytes A1–DF, U+0080 for 80, and a
        // double-byte character for a continuation byte 81–9F, which
        // Shift_JIS takes as a lead (see `table`).
        Legacy::ShiftJis => cp >= 0x80,
        Legacy::EucJp => false,
    }
}

/// Per BMP character, for each encoding `ENCODINGS[k]`:
/// - bit k: it makes the character of bytes that can be part of a two-byte
///   UTF-8 sequence of an accepted character: the whole sequence (GBK,
///   Big5, EUC-KR), or its lead or its continuation byte (Shift_JIS's
///   single-byte katakana);
/// - bit 4 + k: a trigger when glued to an ASCII letter: the sequence is a
///   Latin letter other than the rare `ĸ Ŀ ŀ ŉ ſ` (through EUC-KR, beyond
///   Latin-1 only from its extension's syllables), or a Latin-1 symbol (or
///   any such Shift_JIS katakana);
/// - bit 8 + k: a trigger standing alone between ASCII characters: a word
///   of one letter (`à è é ò`, Russian `в с и к о у а я`) or a Latin-1
///   symbol (`90°`);
/// - bit 12 + k: a trigger wherever its neighbours allow: a Greek or
///   Cyrillic letter that GBK makes a rare hanzi of its extension (`π`–`ώ`,
///   `р`–`я`: `褉` for `р`); nearly every Greek or Russian word holds one.
fn table() -> &'static [u16] {
    static TABLE: OnceLock<Box<[u16]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = vec![0u16; 0x10000].into_boxed_slice();
        for (cp, entry) in table.iter_mut().enumerate() {
            let Some(c) = char::from_u32(cp as u32) else {
                continue;
            };
            for (k, legacy) in ENCODINGS.into_iter().enumerate() {
                if !is_garbled_kind(c, legacy) {
                    continue;
                }
                let Some(bytes) = legacy.encode_char(c) else {
                    continue;
                };
                let (span, glued, alone, rare) = match *bytes.as_slice() {
                    // Shift_JIS read a continuation byte as a lead: with the
                    // lead of the next sequence, or with an ASCII byte after
                    // it (`ř` then `e`, `C5 99 65`, gives `ﾅ册`).
                    [0x80..=0xBF, 0xC2..=0xDF | 0x40..=0x7E] if legacy == Legacy::ShiftJis => {
                        (true, false, false, false)
                    }
                    [lead, cont] => match decode_pair(lead, cont).map(|d| (d, class(d))) {
                        Some((_, Some(Class::Symbol))) => (true, true, true, false),
                        // Through EUC-KR, Latin-1 letters (lead `C3`)
                        // always, other Latin letters only as a syllable of
                        // its extension (continuation byte under `A1`), not
                        // among the common ones that Korean writes glued to
                        // Latin words.
                        Some((d, Some(Class::Latin))) => (
                            true,
                            !"ĸĿŀŉſ".contains(d)
                                && (legacy != Legacy::EucKr || lead == 0xC3 || cont < 0xA1),
                            "àèéòÀÈÉ".contains(d),
                            false,
                        ),
                        Some((d, Some(_))) => (
                            true,
                            false,
                            "вскоуаяиВСКОУАЯИ".contains(d),
                            matches!(d, 'π'..='ώ' | 'р'..='џ'),
                        ),
                        _ => (false, false, false, false),
                    },
                    // Shift_JIS only: a lead byte or a continuation byte.
                    [byte] => {
                        let part = matches!(byte, 0xC2..=0xDF | 0x80..=0xBF);
                        (part, part, false, false)
                    }
                    _ => (false, false, false, false),
                };
                *entry |= (u16::from(span) << k)
                    | (u16::from(glued) << (4 + k))
                    | (u16::from(alone) << (8 + k))
                    | (u16::from(rare) << (12 + k));
            }
        }
        table
    })
}

/// The character a two-byte UTF-8 sequence encodes, if it is one.
fn decode_pair(lead: u8, cont: u8) -> Option<char> {
    if !(0xC2..=0xDF).contains(&lead) || !(0x80..=0xBF).contains(&cont) {
        return None;
    }
    char::from_u32((u32::from(lead & 0x1F) << 6) | u32::from(cont & 0x3F))
}

/// The first four bits of [`table`] for `c`.
pub(super) fn mask(c: char) -> u8 {
    (entry(c) & 0xF) as u8
}

fn entry(c: char) -> u16 {
    table().get(c as usize).copied().unwrap_or(0)
}

/// The BMP characters where [`is_trigger`] can hold, one bit each.
pub(crate) fn start_bits() -> [u64; 1024] {
    *bits()
}

/// [`start_bits`], kept: a first test that fits in the L1 cache (the
/// table does not).
fn bits() -> &'static [u64; 1024] {
    static BITS: OnceLock<Box<[u64; 1024]>> = OnceLock::new();
    BITS.get_or_init(|| {
        let mut bits = Box::new([0u64; 1024]);
        for (cp, &m) in table().iter().enumerate() {
            if m >> 4 != 0 {
                bits[cp / 64] |= 1 << (cp % 64);
            }
        }
        bits
    })
}

/// Whether a repair could start at the character `c` at byte `i` of
/// `text`. It can be part of such a span for some encoding, each neighbour
/// is ASCII or could be part of the same span (a span touching any other
/// non-ASCII character is never repaired), and it is glued to an ASCII
/// letter, or stands alone between ASCII characters, or is a rare Greek or
/// Cyrillic one, as [`table`] allows (a Chinese `位` between digits reads as
/// `λ`, no word of one letter). Looks one character back: the Fixer's change
/// tracking allows for that.
#[inline(always)]
pub(crate) fn is_trigger(text: &str, i: usize, c: char) -> bool {
    let cp = c as usize;
    cp < 0x10000 && bits()[cp / 64] & (1 << (cp % 64)) != 0 && is_trigger_in_context(text, i, c)
}

#[inline(never)]
pub(super) fn is_trigger_in_context(text: &str, i: usize, c: char) -> bool {
    let e = entry(c);
    let mut k = e & 0xF;
    if k == 0 {
        return false;
    }
    let before = text[..i].chars().next_back();
    let after = text[i + c.len_utf8()..].chars().next();
    for n in [before, after].into_iter().flatten() {
        if !n.is_ascii() {
            k &= u16::from(mask(n));
        }
    }
    if k == 0 {
        return false;
    }
    let letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    let ascii_or_none = |c: Option<char>| c.map_or(true, |c| c.is_ascii());
    if (letter(before) || letter(after)) && (e >> 4) & k != 0 {
        return true;
    }
    if (e >> 12) & k != 0 {
        return true;
    }
    if ascii_or_none(before) && ascii_or_none(after) {
        return (e >> 8) & k != 0;
    }
    // Shift_JIS makes a word of one letter two halfwidth katakana (`è`,
    // `C3 A8`, is `ﾃｨ`): alone between ASCII characters, the pair is one.
    // And where it read a continuation byte as a lead, the lead byte before
    // it (a halfwidth katakana) and the character it made start a letter
    // (`Ü`, `C3 9C`, then `b` gives `ﾃ彙`).
    let sjis = 1 << 3;
    debug_assert_eq!(ENCODINGS[3], Legacy::ShiftJis);
    if k & sjis != 0 {
        let mut next = text[i + c.len_utf8()..].chars();
        let (second, third) = (next.next(), next.next());
        let bytes = |c: Option<char>| c.and_then(|c| Legacy::ShiftJis.encode_char(c));
        if let (Some(a), Some(b)) = (bytes(Some(c)), bytes(second)) {
            match (a.as_slice(), b.as_slice()) {
                ([lead], [cont]) if ascii_or_none(before) && ascii_or_none(third) => {
                    return decode_pair(*lead, *cont)
                        .is_some_and(|d| "àèéòÀÈÉ".contains(d) || class(d) == Some(Class::Symbol));
                }
                ([lead], [cont, _]) => {
                    return decode_pair(*lead, *cont)
                        .and_then(class)
                        .is_some_and(|k| k != Class::Symbol);
                }
                _ => {}
            }
        }
    }
    false
}

/// A run of characters one encoding could have made: `chars[start..end]`
/// and what its bytes decode to, when they are two-byte UTF-8 of one class.
struct Span {
    start: usize,
    end: usize,
    decoded: String,
    class: Class,
}

/// Repairs the spans of `text` (see the module documentation), adding the
/// plan's steps when something changed.
pub(crate) fn fix<'a>(text: &'a str, plan: &mut Vec<Step>) -> Cow<'a, str> {
    fix_repaired(text, text, plan)
}

/// [`fix`] on `text`, which repairs earlier in the same call made of
/// `original`: the clean accented letters that weaken its Latin spans are
/// looked for in `original`, since a letter such a repair brought back
/// (`l瓢峄�ng` → `lư�ng`) says nothing of the rest of the line (`c谩c`).
pub(super) fn fix_repaired<'a>(
    text: &'a str,
    original: &str,
    plan: &mut Vec<Step>,
) -> Cow<'a, str> {
    let mut any = 0u8;
    for (i, c) in text.char_indices() {
        if !c.is_ascii() && is_trigger(text, i, c) {
            any |= mask(c);
        }
    }
    if any == 0 {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    for (k, legacy) in ENCODINGS.into_iter().enumerate() {
        if any & (1 << k) == 0 {
            continue;
        }
        let bit = 1 << k;
        // A line that holds accented Latin letters no span can take was not
        // read through the legacy encoding, or those letters would be
        // garbled too: its Latin spans are words of the encoding's own
        // script glued to Latin ones (`naïve창naïve`, `Søren창commit`).
        // Letters the encoding itself holds are no such sign beside other
        // non-ASCII characters: GBK's pinyin letters (`ō`, `A8 AD`) are what
        // its reading of other bytes makes (`銇岃ō`); inside an ASCII word
        // they are the word's (`Søren`).
        let original: Vec<char> = original.chars().collect();
        let clean_latin = original.iter().enumerate().any(|(i, &c)| {
            !c.is_ascii()
                && mask(c) & bit == 0
                && class(c) == Some(Class::Latin)
                && (legacy.encode_char(c).is_none()
                    || i.checked_sub(1)
                        .into_iter()
                        .chain(Some(i + 1))
                        .filter_map(|j| original.get(j))
                        .all(|n| n.is_ascii() || class(*n) == Some(Class::Latin)))
        });
        if let Some(fixed) = fix_as(&chars, legacy, bit, clean_latin) {
            plan.push(Step::new(Action::Apply, "fix_cjk_encoding"));
            plan.push(Step::new(
                Action::Undid,
                Chain::Utf8ReadAs(legacy).to_string(),
            ));
            return Cow::Owned(fixed);
        }
    }
    Cow::Borrowed(text)
}

/// The line repaired as `legacy` mojibake (bit `bit` of the masks), if some
/// span passes.
fn fix_as(chars: &[char], legacy: Legacy, bit: u8, clean_latin: bool) -> Option<String> {
    let mut spans: Vec<Option<Span>> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if mask(chars[i]) & bit == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && mask(chars[i]) & bit != 0 {
            i += 1;
        }
        spans.push(decode_span(chars, start, i, legacy));
    }
    // The whole line is the damage when every non-ASCII character lies in a
    // span that decodes, and the line is text: Latin-script words around
    // (two ASCII letters or more), or three Greek or Cyrillic letters. A
    // lone `茅` is not `é`.
    let (mut covered, mut letters) = (0, 0);
    for span in spans.iter().flatten() {
        covered += span.end - span.start;
        if matches!(span.class, Class::Greek | Class::Cyrillic) {
            letters += span.decoded.chars().filter(|c| c.is_alphabetic()).count();
        }
    }
    let ascii_letters = chars.iter().filter(|c| c.is_ascii_alphabetic()).count();
    let whole = covered == chars.iter().filter(|c| !c.is_ascii()).count()
        && (ascii_letters >= 2 || letters >= 3);
    let at = |i: Option<usize>| i.and_then(|i| chars.get(i)).copied();
    // Each span's evidence: strong on its own (a Latin span between two
    // ASCII letters, or, where the whole line is such spans, glued to one or
    // standing alone as a word of one letter, `脿` for `à`; a Greek or
    // Cyrillic word of three letters), or weak (only because the whole line
    // is such spans: a short word, a symbol, and the hanzi that are common
    // words themselves), which counts only beside a strong one. English text
    // about Chinese writes `猫` (GBK `C3 A8`, `è`) alone.
    let holds = |g: char| spans.iter().flatten().any(|s| s.decoded.contains(g));
    let guillemets = holds('«') && holds('»');
    let mut accepted: Vec<(&Span, bool)> = Vec::new();
    for span in spans.iter().flatten() {
        let before = at(span.start.checked_sub(1));
        let after = at(Some(span.end));
        if before.is_some_and(|c| !c.is_ascii()) || after.is_some_and(|c| !c.is_ascii()) {
            continue;
        }
        let letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
        // A capital right after a small letter starts a new word only
        // (`VideoÜbertragung`, a compound written without its hyphen).
        let first = span.decoded.chars().next();
        if first.is_some_and(char::is_uppercase)
            && before.is_some_and(|c| c.is_ascii_lowercase())
            && !after.is_some_and(|c| c.is_ascii_lowercase())
        {
            continue;
        }
        // Letter case across the span's edges where an identifier's next
        // word starts: the span may be a word of its own glued between two
        // names rather than a letter inside a word, so it is weak evidence,
        // taken only beside a strong span (German compounds written without
        // their hyphen, `Wei脽Pixel`, come with other damage in the line):
        // - a capital right after the span's last letter, a small one
        //   (`Manager창Null`, `user첫Id`, `A模B`: `창` is EUC-KR `C3 A2`,
        //   `â`), or a capital that starts a word after it (`艦Button`,
        //   `ŞButton`);
        // - a capital starting the span right after a small letter, where a
        //   compound's next word would start, but for Latin-1 capitals
        //   (`VideoÜbertragung`; `file讀name` would be `fileŪname`).
        let last = span.decoded.chars().rev().find(|c| c.is_alphabetic());
        let capital = |c: Option<char>| c.is_some_and(|c| c.is_ascii_uppercase());
        let camel = span.class == Class::Latin
            && ((capital(after) && last.is_some_and(char::is_lowercase))
                || (capital(after)
                    && last.is_some_and(char::is_uppercase)
                    && at(Some(span.end + 1)).is_some_and(|c| c.is_ascii_lowercase()))
                || (before.is_some_and(|c| c.is_ascii_lowercase())
                    && first
                        .is_some_and(|c| c.is_uppercase() && !('\u{C0}'..='\u{DE}').contains(&c))));
        // Fractions and superscripts before a letter, and other symbols
        // between two letters, are no text (`Ŀ¼` for `目录`, `½Ķ` for
        // `翻譯`), but for `·` (Catalan `col·lecció`), guillemets and
        // Spanish `¡¿` (a line break lost before them: `n¡Programa`); nor
        // are degrees and ordinals after a word of two letters or more
        // (`README째`: `째` is EUC-KR `C2 B0`, `°`; `N°`, `1ª`, `90°` are).
        let seq: Vec<char> = before
            .into_iter()
            .chain(span.decoded.chars())
            .chain(after)
            .collect();
        let skip = usize::from(before.is_some());
        // (Before the sequence: the character two before the span.)
        let two_back = at(span.start.checked_sub(2));
        let junk = (skip..skip + span.decoded.chars().count()).any(|k| {
            let c = seq[k];
            let next = seq.get(k + 1).is_some_and(|c| c.is_alphabetic());
            let prev = k > 0 && seq[k - 1].is_alphabetic();
            let word_before = prev
                && if k >= 2 {
                    seq[k - 2].is_alphabetic()
                } else {
                    two_back.is_some_and(char::is_alphabetic)
                };
            class(c) == Some(Class::Symbol)
                && (("¼½¾²³".contains(c) && next)
                    || (!"«»·¡¿".contains(c) && prev && next)
                    || ("°ºª".contains(c) && word_before))
        });
        if junk {
            continue;
        }
        let glued = letter(before) || letter(after);
        // One hanzi common in Chinese text (14 bits or less: `模`, `每`,
        // `没`) glued to a Latin word on one side only is as likely a word
        // of its own (`Manager模`) as a letter: weak. Not so for Hangul:
        // EUC-KR reads the commonest accented letters as common syllables
        // (`체` is `ü`, `채` `ä`: German `체ber`, Italian `pi첫`).
        let common = matches!(legacy, Legacy::Gbk | Legacy::Big5)
            && span.end - span.start == 1
            && char_bits(chars[span.start]) <= 14;
        let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        let strong = match span.class {
            // `禄PNM芦`, `90掳`: guillemets around a word, degrees; a pair of
            // guillemets (`禄[Journal]芦`). Not between two letters, but for
            // guillemets (`»Haupt«Konfig…`, German with its hyphen lost):
            // `Manager째Null` (`째` is EUC-KR `C2 B0`, `°`) and `Admin路GitHub`
            // (GBK `C2 B7`, `·`) are a word glued between two names.
            Class::Symbol => {
                let quotes = span.decoded.chars().all(|c| c == '«' || c == '»');
                whole
                    && (!(letter(before) && letter(after)) || quotes)
                    && (alnum(before) || alnum(after) || (guillemets && quotes))
            }
            Class::Latin => {
                (letter(before) && letter(after))
                    || (whole
                        && ((glued && !common)
                            || (!glued
                                && span.end - span.start <= 2
                                && !chars[span.start..span.end]
                                    .iter()
                                    .any(|c| COMMON_WORDS.contains(*c)))))
            }
            Class::Greek | Class::Cyrillic => span.decoded.chars().count() >= 3,
        };
        let strong = strong && !camel && !(clean_latin && span.class == Class::Latin);
        let weak = camel
            || whole
                && match span.class {
                    Class::Symbol | Class::Greek | Class::Cyrillic => true,
                    Class::Latin => span.end - span.start <= 2,
                };
        if strong || weak {
            accepted.push((span, strong));
        }
    }
    if !accepted.iter().any(|&(_, strong)| strong) {
        return None;
    }
    let mut out = String::new();
    let mut copied = 0;
    for (span, _) in accepted {
        out.extend(&chars[copied..span.start]);
        out.push_str(&span.decoded);
        copied = span.end;
    }
    if copied == 0 {
        return None;
    }
    out.extend(&chars[copied..]);
    Some(out)
}

/// `chars[start..end]` decoded, if its bytes in `legacy` are two-byte UTF-8
/// sequences of characters of one class (symbols go with any) whose case
/// reads as a word's.
fn decode_span(chars: &[char], start: usize, end: usize, legacy: Legacy) -> Option<Span> {
    let mut bytes = Vec::with_capacity(2 * (end - start));
    for &c in &chars[start..end] {
        bytes.extend_from_slice(legacy.encode_char(c)?.as_slice());
    }
    // ASCII bytes here are Shift_JIS trail bytes, part of the text.
    let text = std::str::from_utf8(&bytes).ok()?;
    let mut decoded = String::with_capacity(bytes.len());
    let mut class_seen: Option<Class> = None;
    let mut small_seen = false;
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_uppercase() && small_seen {
                return None;
            }
            small_seen |= c.is_ascii_lowercase();
            decoded.push(c);
            continue;
        }
        if c.len_utf8() != 2 {
            return None;
        }
        match (class(c)?, class_seen) {
            (Class::Symbol, _) => {}
            (k, None) | (k, Some(Class::Symbol)) => class_seen = Some(k),
            (k, Some(seen)) if k == seen => {}
            _ => return None,
        }
        if c.is_uppercase() && small_seen {
            return None;
        }
        small_seen |= c.is_lowercase();
        decoded.push(c);
    }
    Some(Span {
        start,
        end,
        decoded,
        class: class_seen.unwrap_or(Class::Symbol),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` encoded as UTF-8 and decoded by `legacy` (WHATWG).
    fn garble(text: &str, legacy: Legacy) -> String {
        let (decoded, _, _) = legacy.encoding().decode(text.as_bytes());
        decoded.into_owned()
    }

    fn fixed(text: &str) -> String {
        fix(text, &mut Vec::new()).into_owned()
    }

    #[test]
    fn latin_words_through_each_encoding() {
        for legacy in ENCODINGS {
            for original in [
                "café au lait",
                "Müller und Söhne",
                "naïve résumé",
                "Ça coûte 5 €",
            ] {
                let garbled = garble(original, legacy);
                if original.contains('€') {
                    // `€` is three bytes: the main repair's, not this one's.
                    continue;
                }
                assert_ne!(garbled, original, "{legacy:?}");
                assert_eq!(fixed(&garbled), original, "{legacy:?}: {garbled}");
            }
        }
    }

    #[test]
    fn cyrillic_and_greek_through_gbk() {
        for original in ["Привет, мир", "Καλημέρα κόσμε", "в доме с окнами"]
        {
            let garbled = garble(original, Legacy::Gbk);
            assert_eq!(fixed(&garbled), original, "{garbled}");
        }
    }

    #[test]
    fn hanzi_that_decode_by_chance_stay() {
        for clean in [
            "茅",
            "처",
            "谢谢",
            "Python没有这个模块",
            "用Java每天写代码",
            "C++为什么难",
            "谢谢 OK",
            "学写字",
            "Python처럼 쓰기",
            "The Chinese word for cat is 猫.",
            "茅 means thatch, 猫 means cat",
        ] {
            assert_eq!(fixed(clean), clean);
        }
    }

    #[test]
    fn a_span_inside_chinese_text_needs_letters_on_both_sides() {
        // Glued into a word between ASCII letters: repaired.
        let garbled = format!("文件 {} 已保存", garble("Müller.txt", Legacy::Gbk));
        assert_eq!(fixed(&garbled), "文件 Müller.txt 已保存");
        // At the end of a word in a Chinese line: too weak, left alone.
        let garbled = format!("文件 {} 已保存", garble("café.txt", Legacy::Gbk));
        assert_eq!(fixed(&garbled), garbled);
    }
}
