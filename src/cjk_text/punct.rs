//! Context passes over CJK punctuation: width by context, ellipsis, dashes,
//! interpunct, and spaces around fullwidth punctuation. Each pass finds its
//! candidates with a byte scan and looks only at their neighbours.

use std::borrow::Cow;
use std::ops::Range;

use super::classes::{
    char_at, char_before, is_cj, is_fullwidth_punct, is_han, is_hangul, is_kana, next_non_space,
    prev_non_space,
};
use super::edit::{find_byte, Edit};
use super::protect::{code_spans, protected_at};
use super::Locale;

/// Protected spans ([`super::protected_spans`]), asked about one offset at
/// a time: only the inline code spans are found for the whole line (on first
/// need), then the ASCII word around each offset is judged.
pub(crate) struct Spans<'a> {
    text: &'a str,
    code: Option<Vec<Range<usize>>>,
}

impl<'a> Spans<'a> {
    pub(crate) fn new(text: &'a str) -> Spans<'a> {
        Spans { text, code: None }
    }

    pub(crate) fn protects(&mut self, at: usize) -> bool {
        let text = self.text;
        protected_at(text, self.code.get_or_insert_with(|| code_spans(text)), at)
    }
}

/// The locale a line follows: the configured one, else `ja` for a line
/// holding kana and `zh-Hans` for any other.
pub(crate) fn effective_locale(locale: Option<Locale>, text: &str) -> Locale {
    locale.unwrap_or_else(|| {
        if has_kana(text) {
            Locale::Ja
        } else {
            Locale::ZhHans
        }
    })
}

/// `text.chars().any(is_kana)`, looking only at the characters whose lead
/// byte is one a kana character can have (E3 for U+3041–U+31FF, EF for the
/// halfwidth ones, F0 for the supplementary ones), found with a vector
/// search: Chinese text has few of them (its Han characters lead with E4–E9).
fn has_kana(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3_iter(0xE3, 0xEF, 0xF0, bytes).any(|i| {
        let (cp, _) = crate::utf8::decode_at(bytes, i);
        char::from_u32(cp).is_some_and(is_kana)
    })
}

/// The bytes `punctuation_width` looks at.
static PUNCT_CANDIDATE: [bool; 256] = {
    let mut t = [false; 256];
    t[b',' as usize] = true;
    t[b'.' as usize] = true;
    t[b':' as usize] = true;
    t[b';' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t[0xEF] = true;
    t
};

/// [`PUNCT_CANDIDATE`] without the EF lead byte: for a line known to hold CJ
/// or Hangul, where fullwidth marks stay as they are.
static ASCII_PUNCT_CANDIDATE: [bool; 256] = {
    let mut t = PUNCT_CANDIDATE;
    t[0xEF] = false;
    t
};

/// The first byte at or after `from` that `table` marks, where `table`
/// marks only bytes from 0x21 to 0x3F and possibly EF. Eight bytes at a time
/// are skipped while none of them is such a byte (Chinese and Japanese text
/// is mostly bytes from 0x80, its ASCII mostly letters and spaces).
fn next_candidate(bytes: &[u8], from: usize, table: &[bool; 256]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = LO * 0x7F;
    let ef = table[0xEF];
    let mut i = from;
    while i + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        let x = u64::from_le_bytes(word);
        // A byte b with 0x20 < b < 0x40 (exact per byte: no carries
        // cross bytes).
        let punct = (LO * (0x7F + 0x40)).wrapping_sub(x & LOW7)
            & !x
            & (x & LOW7).wrapping_add(LO * (0x7F - 0x20))
            & HI;
        let y = x ^ (LO * 0xEF);
        let lead = y.wrapping_sub(LO) & !y & HI;
        if punct != 0 || (ef && lead != 0) {
            if let Some(k) = bytes[i..i + 8].iter().position(|&b| table[usize::from(b)]) {
                return Some(i + k);
            }
        }
        i += 8;
    }
    bytes[i.min(bytes.len())..]
        .iter()
        .position(|&b| table[usize::from(b)])
        .map(|k| i + k)
}

pub(crate) fn fullwidth_of(b: u8, locale: Locale) -> &'static str {
    let ja = locale == Locale::Ja;
    match b {
        b',' if ja => "、",
        b',' => "，",
        b'.' => "。",
        b':' => "：",
        b';' => "；",
        b'!' => "！",
        _ => "？",
    }
}

fn is_closing_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '」' | '』')
}

/// Only line ends (and spaces) follow `at`.
pub(crate) fn at_line_end(text: &str, at: usize) -> bool {
    text[at..]
        .bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// The end of the ASCII mark (`,.:;!?`) at byte `i` of `bytes` for
/// [`punctuation_width`]: a run of `!` or of `?` is one mark; `Err` for two
/// dots or more (an ellipsis, not a full stop: skipped whole, see
/// [`skip_dots`]).
#[inline]
pub(crate) fn mark_run(bytes: &[u8], i: usize) -> Result<usize, ()> {
    let b = bytes[i];
    let mut end = i + 1;
    if b == b'!' || b == b'?' {
        while end < bytes.len() && bytes[end] == b {
            end += 1;
        }
    } else if b == b'.' && bytes.get(end) == Some(&b'.') {
        return Err(());
    }
    Ok(end)
}

/// The end of the run of dots at byte `i`.
#[inline]
pub(crate) fn skip_dots(bytes: &[u8], i: usize) -> usize {
    let mut end = i;
    while end < bytes.len() && bytes[end] == b'.' {
        end += 1;
    }
    end
}

/// [`punctuation_width`]'s verdict on the ASCII mark run `i..end` of `text`
/// ([`mark_run`]), protected spans aside: `Some(to)` when `text[i..to]`
/// becomes the fullwidth mark repeated `end - i` times (`to` is the CJ
/// character after the spaces and tabs that go, or `end`).
pub(crate) fn widen_to(text: &str, i: usize, end: usize) -> Option<usize> {
    let b = text.as_bytes()[i];
    let left = char_before(text, i);
    let left_cj = left.is_some_and(is_cj);
    let left_word = left.is_some_and(|c| c.is_ascii_alphanumeric());
    if !(left_cj || (b == b',' && left_word)) {
        return None;
    }
    let right = next_non_space(text, end);
    match right {
        Some((at, c)) if is_cj(c) => Some(at),
        _ if left_cj
            && matches!(b, b'.' | b'!' | b'?')
            && match right {
                None => true,
                Some((at, c)) => {
                    at_line_end(text, at)
                        || (is_closing_quote(c) && at_line_end(text, at + c.len_utf8()))
                }
            } =>
        {
            Some(end)
        }
        _ => None,
    }
}

/// Punctuation width by context (the `display` preset):
///
/// - `,.:;!?` right after a Chinese or Japanese character and before
///   another (spaces between are dropped) become fullwidth: `，。：；！？`
///   (`、` for `,` in Japanese). `.!?` also at the end of a line after one
///   (autocorrect's rule). `,` after a Latin word and before CJ too
///   (`iPhone,好` → `iPhone，好`).
/// - `，．：；！？` in a line with no CJK at all become ASCII, with a space
///   after `,;:!?` when a letter follows directly.
///
/// Never next to Hangul (Korean uses ASCII punctuation), never inside
/// protected spans (URLs, numbers, placeholders, …), never `...` (see
/// `cjk_ellipsis`).
///
/// ```
/// use mojifix::cjk_text::punctuation_width;
/// assert_eq!(punctuation_width("你好,这是一个句子.", None), "你好，这是一个句子。");
/// assert_eq!(punctuation_width("Hello，world！", None), "Hello, world!");
/// assert_eq!(punctuation_width("근면, 검소, 협동은 미덕이다.", None), "근면, 검소, 협동은 미덕이다.");
/// assert_eq!(punctuation_width("版本3.14,见https://a.cn/x,y", None), "版本3.14,见https://a.cn/x,y");
/// ```
pub fn punctuation_width(text: &str, locale: Option<Locale>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut edit = Edit::new(text);
    let mut spans = Spans::new(text);
    let mut latin_only: Option<bool> = None;
    let mut resolved: Option<Locale> = None;
    let mut i = 0;
    // Skip to each candidate byte: ASCII ,.:;!? or the EF lead byte (until
    // the line is known to hold CJ or Hangul: then fullwidth marks stay).
    let mut candidate = &PUNCT_CANDIDATE;
    while let Some(k) = next_candidate(bytes, i, candidate) {
        i = k;
        let b = bytes[i];
        match b {
            b',' | b'.' | b':' | b';' | b'!' | b'?' => {
                let Ok(end) = mark_run(bytes, i) else {
                    // An ellipsis, not a full stop.
                    i = skip_dots(bytes, i);
                    continue;
                };
                if i < edit.copied() {
                    i = end;
                    continue;
                }
                if let Some(to) = widen_to(text, i, end) {
                    if !spans.protects(i) {
                        let locale =
                            *resolved.get_or_insert_with(|| effective_locale(locale, text));
                        let mark = fullwidth_of(b, locale);
                        edit.replace_repeated(i, to, mark, end - i);
                        i = to;
                        continue;
                    }
                }
                i = end;
            }
            // ，．：；！？ are EF BC 8C/8E/9A/9B/81/9F.
            0xEF if bytes.get(i + 1) == Some(&0xBC)
                && matches!(
                    bytes.get(i + 2),
                    Some(0x8C | 0x8E | 0x9A | 0x9B | 0x81 | 0x9F)
                ) =>
            {
                let only = *latin_only
                    .get_or_insert_with(|| !text.chars().any(|c| is_cj(c) || is_hangul(c)));
                if !only {
                    candidate = &ASCII_PUNCT_CANDIDATE;
                }
                let end = i + 3;
                if only && !spans.protects(i) {
                    let left = prev_non_space(text, i).map(|(_, c)| c);
                    let right = next_non_space(text, end).map(|(_, c)| c);
                    let latin = |c: char| {
                        c.is_ascii_alphanumeric() || matches!(c, ')' | ']' | '"' | '\'' | '%')
                    };
                    if left.is_some_and(latin)
                        && right.map_or(true, |c| c.is_ascii() && !c.is_ascii_control())
                    {
                        let ascii = match bytes[i + 2] {
                            0x8C => ",",
                            0x8E => ".",
                            0x9A => ":",
                            0x9B => ";",
                            0x81 => "!",
                            _ => "?",
                        };
                        let glued = char_at(text, end).is_some_and(|c| c.is_ascii_alphabetic());
                        if glued && ascii != "." {
                            edit.replace(i, end, &format!("{ascii} "));
                        } else {
                            edit.replace(i, end, ascii);
                        }
                    }
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    edit.finish()
}

/// The ellipsis in Chinese and Japanese text: `...`, `。。。`, `．．．`,
/// `⋯`, and a lone `…` next to CJ text become `……` (two U+2026, W3C clreq
/// punctuation marks). With `ascii` (the `index` preset, whose NFKC would turn `…`
/// into `...` anyway), they all become `...`.
///
/// ```
/// use mojifix::cjk_text::cjk_ellipsis;
/// assert_eq!(cjk_ellipsis("等等...然后。。。", false), "等等……然后……");
/// assert_eq!(cjk_ellipsis("wait... then", false), "wait... then");
/// assert_eq!(cjk_ellipsis("等等……", true), "等等...");
/// ```
pub fn cjk_ellipsis(text: &str, ascii: bool) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut edit = Edit::new(text);
    let mut spans = Spans::new(text);
    let target = if ascii { "..." } else { "……" };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(b == b'.' || b == 0xE2 || b == 0xE3 || b == 0xEF) {
            i += 1;
            continue;
        }
        let Some(c) = char_at(text, i) else { break };
        if !matches!(c, '.' | '。' | '．' | '…' | '⋯') {
            i += c.len_utf8();
            continue;
        }
        let (end, n) = run_of(text, i, c);
        let change = match c {
            '.' => n >= 3 && !(ascii && n == 3),
            '。' | '．' => n >= 3,
            '…' => {
                if ascii {
                    true
                } else {
                    n == 1
                }
            }
            _ => true,
        };
        if change && i >= edit.copied() {
            let left = prev_non_space(text, i).map(|(_, c)| c);
            let right = next_non_space(text, end).map(|(_, c)| c);
            let cj_context = left.is_some_and(is_cj) || right.is_some_and(is_cj);
            let hangul = left.is_some_and(is_hangul) || right.is_some_and(is_hangul);
            if cj_context && !hangul && !spans.protects(i) {
                edit.replace(i, end, target);
            }
        }
        i = end;
    }
    edit.finish()
}

/// Where the run of `c` starting at byte `i` of `text` ends, and how many
/// characters it holds.
fn run_of(text: &str, i: usize, c: char) -> (usize, usize) {
    let n = text[i..].chars().take_while(|&d| d == c).count();
    (i + n * c.len_utf8(), n)
}

fn cj_or_punct(c: char) -> bool {
    is_cj(c) || is_fullwidth_punct(c)
}

/// Dashes in Chinese and Japanese text become `——` (two U+2014 EM DASH,
/// W3C clreq, punctuation marks): a lone `—`, `―` or `――`, `──`, `--` or `－－`
/// between CJ characters (spaces around it are dropped). Japanese keeps
/// its `――` (U+2015).
///
/// ```
/// use mojifix::cjk_text::cjk_dashes;
/// assert_eq!(cjk_dashes("他说—我们走吧", None), "他说——我们走吧");
/// assert_eq!(cjk_dashes("中文 -- 中文", None), "中文——中文");
/// assert_eq!(cjk_dashes("well—maybe", None), "well—maybe");
/// ```
pub fn cjk_dashes(text: &str, locale: Option<Locale>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut edit = Edit::new(text);
    let mut spans = Spans::new(text);
    let mut resolved: Option<Locale> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(b == b'-' || b == 0xE2 || b == 0xEF) {
            i += 1;
            continue;
        }
        let Some(c) = char_at(text, i) else { break };
        if !matches!(c, '-' | '—' | '―' | '─' | '－') {
            i += c.len_utf8();
            continue;
        }
        let (end, n) = run_of(text, i, c);
        let change = match c {
            '—' => n == 1,
            '―' => n <= 2,
            _ => n == 2,
        };
        if change && i >= edit.copied() {
            let left = prev_non_space(text, i);
            let right = next_non_space(text, end);
            if let (Some((l, lc)), Some((r, rc))) = (left, right) {
                if cj_or_punct(lc)
                    && cj_or_punct(rc)
                    && (is_cj(lc) || is_cj(rc))
                    && !spans.protects(i)
                {
                    let loc = *resolved.get_or_insert_with(|| effective_locale(locale, text));
                    if !(c == '―' && loc == Locale::Ja) {
                        let from = (l + lc.len_utf8()).max(edit.copied());
                        edit.replace(from, r, "——");
                    }
                }
            }
        }
        i = end;
    }
    edit.finish()
}

/// The interpunct in Chinese names: `‧ • ・ ． ･ ∙ ⋅` between two Han
/// characters become `·` (U+00B7, W3C clreq, punctuation marks). Japanese keeps `・`
/// (a line holding kana counts as Japanese when no locale is set), and
/// `丶` is a Han character: it is never folded.
///
/// ```
/// use mojifix::cjk_text::cjk_interpunct;
/// assert_eq!(cjk_interpunct("阿尔伯特‧爱因斯坦", None), "阿尔伯特·爱因斯坦");
/// assert_eq!(cjk_interpunct("ジョン・スミスと日・米", None), "ジョン・スミスと日・米");
/// assert_eq!(cjk_interpunct("丶", None), "丶");
/// ```
pub fn cjk_interpunct(text: &str, locale: Option<Locale>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut edit = Edit::new(text);
    let mut resolved: Option<Locale> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(0xE2..=0xEF).contains(&b) {
            i += 1;
            continue;
        }
        let Some(c) = char_at(text, i) else { break };
        let end = i + c.len_utf8();
        if matches!(c, '‧' | '•' | '・' | '．' | '･' | '∙' | '⋅')
            && char_before(text, i).is_some_and(is_han)
            && char_at(text, end).is_some_and(is_han)
        {
            let loc = *resolved.get_or_insert_with(|| effective_locale(locale, text));
            if !matches!(loc, Locale::Ja | Locale::Ko) {
                edit.replace(i, end, "·");
            }
        }
        i = end;
    }
    edit.finish()
}

/// Removes ASCII spaces between fullwidth punctuation and the text next to
/// it (`你好 ，世界 。` → `你好，世界。`): fullwidth marks carry their own
/// spacing. Leading and trailing spaces of a line, spaces next to Hangul,
/// and spaces inside protected spans (inline code) stay.
///
/// ```
/// use mojifix::cjk_text::remove_punct_spaces;
/// assert_eq!(remove_punct_spaces("你好 ， 世界 。"), "你好，世界。");
/// assert_eq!(remove_punct_spaces("使用 Rust （一种语言）"), "使用 Rust（一种语言）");
/// assert_eq!(remove_punct_spaces("  「缩进」"), "  「缩进」");
/// ```
pub fn remove_punct_spaces(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut edit = Edit::new(text);
    let mut spans = Spans::new(text);
    let mut i = 0;
    while let Some(s) = find_byte(bytes, i, b' ') {
        let mut e = s;
        while e < bytes.len() && bytes[e] == b' ' {
            e += 1;
        }
        i = e;
        // Without fullwidth punctuation on either side (most spaces, between
        // words) there is nothing to do: its three bytes decide.
        if s == 0 || !(s >= 3 && fullwidth_punct_at(bytes, s - 3) || fullwidth_punct_at(bytes, e)) {
            continue;
        }
        if at_line_end(text, e) {
            continue;
        }
        let (Some(l), Some(r)) = (char_before(text, s), char_at(text, e)) else {
            continue;
        };
        if space_run_goes(l, r) && !spans.protects(s) {
            edit.replace(s, e, "");
        }
    }
    edit.finish()
}

/// [`remove_punct_spaces`]'s verdict on a run of spaces between `l` and
/// `r` that neither starts the line nor ends it (only spaces, tabs and line
/// ends after it), protected spans aside.
#[inline]
pub(crate) fn space_run_goes(l: char, r: char) -> bool {
    (is_fullwidth_punct(l) || is_fullwidth_punct(r))
        && !is_hangul(l)
        && !is_hangul(r)
        && !l.is_whitespace()
}

/// Whether a character [`is_fullwidth_punct`] starts at byte `at` (which
/// must be a character boundary or past the end), decided on its UTF-8 bytes.
#[inline]
pub(crate) fn fullwidth_punct_at(bytes: &[u8], at: usize) -> bool {
    match bytes.get(at..at + 3) {
        // U+3001–3003, U+3008–3011, U+3014–301F; U+30FB.
        Some(&[0xE3, 0x80, b]) => matches!(b, 0x81..=0x83 | 0x88..=0x91 | 0x94..=0x9F),
        Some(&[0xE3, 0x83, b]) => b == 0xBB,
        // U+FF01–FF0F, U+FF1A–FF20, U+FF3B–FF3F; U+FF40, U+FF5B–FF65.
        Some(&[0xEF, 0xBC, b]) => matches!(b, 0x81..=0x8F | 0x9A..=0xA0 | 0xBB..=0xBF),
        Some(&[0xEF, 0xBD, b]) => matches!(b, 0x80 | 0x9B..=0xA5),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_candidate_is_the_first_marked_byte() {
        let mut rng = crate::damage::Rng::new(13);
        let pool = [
            b' ', b'a', b'0', b',', b'.', b'?', b'!', b':', b';', b'@', 0x20, 0x21, 0x3F, 0x40,
            0x1F, 0x7F, 0x80, 0xBC, 0xE3, 0xEF, 0xFF, b'\n',
        ];
        for _ in 0..20_000 {
            let len = rng.below(40);
            let bytes: Vec<u8> = (0..len).map(|_| pool[rng.below(pool.len())]).collect();
            for table in [&super::PUNCT_CANDIDATE, &super::ASCII_PUNCT_CANDIDATE] {
                for from in 0..=len {
                    let want = bytes[from..]
                        .iter()
                        .position(|&b| table[usize::from(b)])
                        .map(|k| from + k);
                    assert_eq!(
                        super::next_candidate(&bytes, from, table),
                        want,
                        "{bytes:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn has_kana_is_any_kana() {
        let mut texts: Vec<String> = Vec::new();
        // Every character from U+2F00 to U+32FF and U+FF00 to U+FFFF, and
        // the supplementary kana block's neighbours, alone and in context.
        let ranges = [0x2F00..0x3300u32, 0xFF00..0x10000, 0x1AFF0..0x1B180];
        for cp in ranges.into_iter().flatten() {
            if let Some(c) = char::from_u32(cp) {
                texts.push(c.to_string());
                texts.push(format!("中a{c}。"));
            }
        }
        let clean = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean");
        for lang in ["zh-Hans", "zh-Hant", "ja", "ko"] {
            if let Ok(text) = std::fs::read_to_string(format!("{clean}/{lang}.txt")) {
                texts.extend(text.lines().map(String::from));
            }
        }
        for text in &texts {
            assert_eq!(
                super::has_kana(text),
                text.chars().any(super::is_kana),
                "{text:?}"
            );
        }
    }

    #[test]
    fn fullwidth_punct_at_matches_the_class() {
        for cp in 0x80..0x10000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let mut buf = [0u8; 4];
            let s = c.encode_utf8(&mut buf);
            let bytes = s.as_bytes();
            assert_eq!(
                super::fullwidth_punct_at(bytes, 0),
                super::is_fullwidth_punct(c),
                "{c:?}"
            );
        }
    }
}
