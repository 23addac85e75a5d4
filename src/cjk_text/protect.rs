//! Protected spans: parts of a line the display passes never change.
//!
//! URLs, e-mail addresses, file paths, inline code (between backticks),
//! format placeholders (`%s`, `%1$d`, `{0}`, `${x}`, `$1`), numbers with
//! separators (`3.14`, `1,000`) and tickers (`BABA.N`). All of them are
//! ASCII, so the scan looks only at runs of non-space ASCII characters
//! ("words") and at backticks: one pass over the bytes, no regex.

use std::ops::Range;

/// The protected byte ranges of `text`, sorted and non-overlapping.
///
/// ```
/// use mojifix::cjk_text::protected_spans;
/// let text = "见https://example.com/a,b和a@b.cn，用%s或{0}，价3.14，BABA.N，`a,b`";
/// let spans: Vec<&str> = protected_spans(text).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(
///     spans,
///     ["https://example.com/a,b", "a@b.cn", "%s", "{0}", "3.14", "BABA.N", "`a,b`"]
/// );
/// ```
pub fn protected_spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans: Vec<Range<usize>> = Vec::new();
    // Inline code first: backtick pairs on the line.
    let code = code_spans(text);
    let word_byte = |b: u8| b > b' ' && b < 0x7F;
    let mut k = 0;
    while k < bytes.len() {
        if !word_byte(bytes[k]) {
            k += 1;
            continue;
        }
        let s = k;
        while k < bytes.len() && word_byte(bytes[k]) {
            k += 1;
        }
        // One-byte words (a lone comma or digit) protect nothing.
        if k - s > 1 {
            if let Some(r) = word_span(&text[s..k]) {
                spans.push(s + r.start..s + r.end);
            }
        }
    }
    if !code.is_empty() {
        spans.retain(|s| !code.iter().any(|c| c.start < s.end && s.start < c.end));
        spans.extend(code);
        spans.sort_by_key(|r| r.start);
    }
    spans
}

/// Inline code spans of `text`: backtick pairs, left to right.
pub(crate) fn code_spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut code: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while let Some(open) = memchr::memchr(b'`', &bytes[i..]).map(|j| i + j) {
        match memchr::memchr(b'`', &bytes[open + 1..]).map(|j| open + 1 + j) {
            Some(close) => {
                code.push(open..close + 1);
                i = close + 1;
            }
            None => break,
        }
    }
    code
}

/// Whether byte offset `at` lies in a span [`protected_spans`] returns,
/// looking only at the ASCII word around `at`, given the [`code_spans`]
/// of `text` (the same verdict, without a pass over the whole line).
pub(crate) fn protected_at(text: &str, code: &[Range<usize>], at: usize) -> bool {
    if inside(code, at) {
        return true;
    }
    let bytes = text.as_bytes();
    let word_byte = |b: u8| b > b' ' && b < 0x7F;
    if !bytes.get(at).is_some_and(|&b| word_byte(b)) {
        return false;
    }
    let mut s = at;
    while s > 0 && word_byte(bytes[s - 1]) {
        s -= 1;
    }
    let mut k = at + 1;
    while k < bytes.len() && word_byte(bytes[k]) {
        k += 1;
    }
    if k - s <= 1 {
        return false;
    }
    let Some(r) = word_span(&text[s..k]) else {
        return false;
    };
    let span = s + r.start..s + r.end;
    // A word span that overlaps inline code gives way to it.
    span.contains(&at)
        && !code
            .iter()
            .any(|c| c.start < span.end && span.start < c.end)
}

/// Whether byte offset `at` lies inside one of `spans`.
pub(crate) fn inside(spans: &[Range<usize>], at: usize) -> bool {
    // Spans are few per line: a linear scan beats a binary search.
    spans.iter().any(|r| r.contains(&at))
}

/// The protected part of one ASCII word, if any (the whole word, usually).
fn word_span(word: &str) -> Option<Range<usize>> {
    let b = word.as_bytes();
    let all = 0..b.len();
    // URLs: scheme:// or www.
    if word.contains("://") || word.starts_with("www.") {
        return Some(all);
    }
    // E-mail: local@domain.tld
    if let Some(at) = word.find('@') {
        if at > 0 && word[at + 1..].contains('.') {
            return Some(all);
        }
    }
    // Paths: /a/b, ./a, ../a, ~/a, C:\a
    if (b[0] == b'/' && b.len() > 1 && b[1] != b'/')
        || word.starts_with("./")
        || word.starts_with("../")
        || word.starts_with("~/")
        || (b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'\\')
        || word.contains('\\')
    {
        return Some(all);
    }
    // Placeholders: %s %d %1$s %.2f, {0} {name}, ${x}, $1
    if placeholder(b) {
        return Some(all);
    }
    // Numbers with separators (3.14, 1,000, 10:30) and tickers (BABA.N).
    if number_or_ticker(b) {
        return Some(all);
    }
    None
}

fn placeholder(b: &[u8]) -> bool {
    for (k, &c) in b.iter().enumerate() {
        let next = b.get(k + 1).copied().unwrap_or(b' ');
        match c {
            b'%' if next.is_ascii_alphanumeric() || matches!(next, b'.' | b'-' | b'(' | b'@') => {
                return true
            }
            b'{' if b[k + 1..].contains(&b'}') => return true,
            b'$' if next.is_ascii_digit() || next == b'{' || next.is_ascii_alphabetic() => {
                return true
            }
            _ => {}
        }
    }
    false
}

fn number_or_ticker(b: &[u8]) -> bool {
    // Some digit, separator, digit; or capitals/digits '.' capitals.
    for k in 1..b.len().saturating_sub(1) {
        let (l, c, r) = (b[k - 1], b[k], b[k + 1]);
        if matches!(c, b'.' | b',' | b':') && l.is_ascii_digit() && r.is_ascii_digit() {
            return true;
        }
        if c == b'.'
            && (l.is_ascii_uppercase() || l.is_ascii_digit())
            && r.is_ascii_uppercase()
            && b[..k].iter().any(u8::is_ascii_uppercase)
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `protected_at` agrees with `protected_spans` at every offset.
    #[test]
    fn protected_at_matches_protected_spans() {
        let words = [
            "见",
            "https://a.cn/x,y",
            "a@b.cn",
            "%s",
            "{0}",
            "${x}",
            "$1",
            "3.14",
            "1,000",
            "BABA.N",
            "`a,b`",
            "`",
            "/usr/bin",
            "C:\\x",
            ",",
            ".",
            "a",
            "ab",
            "，",
            " ",
            "x.Y",
        ];
        let mut seed = 11u64;
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..(seed % 9) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(words[(seed >> 33) as usize % words.len()]);
            }
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            let spans = protected_spans(&text);
            let code = code_spans(&text);
            for at in 0..text.len() {
                assert_eq!(
                    protected_at(&text, &code, at),
                    inside(&spans, at),
                    "{text:?} at {at}"
                );
            }
        }
    }
}
