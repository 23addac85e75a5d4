//! Quotation marks: straightened outside CJK runs (`index`), or styled by
//! locale with nesting (`display`, optional).

use std::borrow::Cow;

use super::classes::{char_at, char_before, is_cj, is_hangul, next_non_space, prev_non_space};
use super::edit::Edit;
use super::punct::{effective_locale, Spans};
use super::Locale;

/// Straightens curly quotes (`“”„‟` → `"`, `‘’‚‛` → `'`) except inside
/// Chinese and Japanese runs: an opening quote followed by a CJ character,
/// or a closing quote preceded by one, is kept (straight quotes are wrong
/// in CJK typesetting, and ftfy's blanket `uncurl_quotes` changes clean
/// Chinese text).
///
/// ```
/// use mojifix::cjk_text::straighten_quotes;
/// assert_eq!(straighten_quotes("“Hello,” she said — it’s"), "\"Hello,\" she said — it's");
/// assert_eq!(straighten_quotes("他说：“你好”。"), "他说：“你好”。");
/// ```
pub fn straighten_quotes(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut edit = Edit::new(text);
    let mut i = 0;
    // U+2018..=U+201F is E2 80 98..=9F.
    while let Some(at) = memchr::memchr(0xE2, &bytes[i..]).map(|j| i + j) {
        i = at + 1;
        if bytes.get(at + 1) != Some(&0x80) {
            continue;
        }
        let Some(&third) = bytes.get(at + 2) else {
            break;
        };
        let straight = match third {
            0x98..=0x9B => "'",
            0x9C..=0x9F => "\"",
            _ => continue,
        };
        let end = at + 3;
        // ’ (0x99) and ” (0x9D) close: their content is on the left.
        let content = if matches!(third, 0x99 | 0x9D) {
            prev_non_space(text, at)
        } else {
            next_non_space(text, end)
        };
        if !content.is_some_and(|(_, c)| is_cj(c)) {
            edit.replace(at, end, straight);
        }
        i = end;
    }
    edit.finish()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
}

#[derive(Clone, Copy)]
struct Opener {
    at: usize,
    len: usize,
    family: Family,
    ascii: bool,
}

/// Styles quotation marks by locale, with nesting: outer quotes are
/// `“”` (zh-Hans, ko) or `「」` (zh-Hant-TW, zh-Hant-HK, ja), quotes inside
/// them `‘’` or `『』`, alternating deeper down (W3C clreq, punctuation marks).
///
/// Pairs are found with a stack over `“ ” ‘ ’ 「 」 『 』` and ASCII `"`;
/// only pairs whose content holds a Chinese or Japanese character (and no
/// Hangul) are restyled, so English quotations keep their marks; an
/// apostrophe (`’` between letters) is never a quote.
///
/// ```
/// use mojifix::cjk_text::{style_quotes, Locale};
/// assert_eq!(style_quotes("他说“她说‘你好’”", Some(Locale::ZhHantTw)), "他说「她说『你好』」");
/// assert_eq!(style_quotes("他说「她说『你好』」", Some(Locale::ZhHans)), "他说“她说‘你好’”");
/// assert_eq!(style_quotes("他说\"你好\"", Some(Locale::ZhHans)), "他说“你好”");
/// assert_eq!(style_quotes("“Hello” it’s", Some(Locale::Ja)), "“Hello” it’s");
/// ```
pub fn style_quotes(text: &str, locale: Option<Locale>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    // Cheap reject: no candidate byte.
    if !bytes.iter().any(|&b| b == b'"' || b == 0xE2 || b == 0xE3) {
        return Cow::Borrowed(text);
    }
    let mut stack: Vec<Opener> = Vec::new();
    // (open at, open len, close at, close len, depth)
    let mut pairs: Vec<(usize, usize, usize, usize, usize, Family)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(b == b'"' || b == 0xE2 || b == 0xE3) {
            i += 1;
            continue;
        }
        let Some(c) = char_at(text, i) else { break };
        let len = c.len_utf8();
        let (open, family, ascii) = match c {
            '“' | '「' => (Some(true), Family::Double, false),
            '”' | '」' => (Some(false), Family::Double, false),
            '‘' | '『' => (Some(true), Family::Single, false),
            '’' => {
                let apostrophe = char_before(text, i).is_some_and(char::is_alphanumeric)
                    && char_at(text, i + len).is_some_and(char::is_alphanumeric);
                if apostrophe {
                    i += len;
                    continue;
                }
                (Some(false), Family::Single, false)
            }
            '』' => (Some(false), Family::Single, false),
            '"' => (None, Family::Double, true),
            _ => {
                i += len;
                continue;
            }
        };
        let closes_top = |stack: &Vec<Opener>| {
            stack
                .iter()
                .rposition(|o| o.family == family && (!ascii || o.ascii))
        };
        match open {
            Some(true) => stack.push(Opener {
                at: i,
                len,
                family,
                ascii,
            }),
            Some(false) => {
                if let Some(k) = closes_top(&stack) {
                    let o = stack[k];
                    stack.truncate(k);
                    pairs.push((o.at, o.len, i, len, k, family));
                }
            }
            None => match stack.last() {
                Some(o) if o.ascii => {
                    let o = *o;
                    stack.pop();
                    pairs.push((o.at, o.len, i, len, stack.len(), family));
                }
                _ => stack.push(Opener {
                    at: i,
                    len,
                    family,
                    ascii,
                }),
            },
        }
        i += len;
    }
    if pairs.is_empty() {
        return Cow::Borrowed(text);
    }
    let locale = effective_locale(locale, text);
    let mut spans = Spans::new(text);
    // Replacements by position.
    let mut repl: Vec<(usize, usize, &'static str)> = Vec::new();
    for &(oa, ol, ca, cl, depth, _) in &pairs {
        let inner = &text[oa + ol..ca];
        if !inner.chars().any(is_cj) || inner.chars().any(is_hangul) || spans.protects(oa) {
            continue;
        }
        let (open, close) = match (locale.corner_quotes(), depth % 2 == 0) {
            (true, true) => ("「", "」"),
            (true, false) => ("『", "』"),
            (false, true) => ("“", "”"),
            (false, false) => ("‘", "’"),
        };
        repl.push((oa, oa + ol, open));
        repl.push((ca, ca + cl, close));
    }
    repl.sort_by_key(|r| r.0);
    let mut edit = Edit::new(text);
    for (s, e, with) in repl {
        if &text[s..e] != with && s >= edit.copied() {
            edit.replace(s, e, with);
        }
    }
    edit.finish()
}
