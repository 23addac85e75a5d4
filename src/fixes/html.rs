//! `unescape_html`: ftfy's conservative HTML entity decoder.

use std::borrow::Cow;

use super::html_entities::{HTML_ENTITIES, INVALID_CHARREFS, INVALID_CODEPOINTS};
use super::scan::{rewrite, Piece};

/// Longest entity body (after `&` or `&#`) that ftfy's `HTML_ENTITY_RE`
/// (`&#?[0-9A-Za-z]{1,24};`) accepts.
const MAX_BODY_LEN: usize = 24;

/// Decodes HTML entities and numeric character references, like ftfy's
/// `fixes.unescape_html`.
///
/// Only references that end in `;` are touched (ftfy's
/// `&#?[0-9A-Za-z]{1,24};`):
///
/// - Named references are looked up in ftfy's `HTML_ENTITIES`: every HTML5
///   entity that ends in `;`, plus all-caps spellings of the lowercase ones
///   whose uppercase name is not itself an entity (`&EACUTE;` → `É`,
///   `&SZLIG;` → `SS`). Unknown names are left alone, so `this&not that`
///   and `&Amp;` survive.
/// - Numeric references (`&#233;`, `&#xE9;`) decode the way Python's
///   `html.unescape` does: 0, surrogates and values above U+10FFFF become
///   U+FFFD; 128–159 are remapped through windows-1252 (`&#150;` → `–`;
///   its five unassigned bytes stay C1 controls); other control characters
///   and noncharacters are dropped. A reference
///   that does not parse completely (`&#12ab;`), or that decodes to `;`
///   itself (`&#59;`), is left as it is.
///
/// ftfy does not unescape text that contains a literal `<` (it is probably
/// real HTML); that check belongs to the caller (the `Fixer`), not to this
/// function.
///
/// ```
/// use mojifix::fixes::unescape_html;
///
/// assert_eq!(unescape_html("&lt;tag&gt;"), "<tag>");
/// assert_eq!(unescape_html("P&EACUTE;REZ"), "PÉREZ");
/// assert_eq!(unescape_html("&#x1F4A9; &#150; &#59;"), "💩 – &#59;");
/// assert_eq!(unescape_html("this&not that"), "this&not that");
/// ```
pub fn unescape_html(text: &str) -> Cow<'_, str> {
    rewrite(text, |h| memchr::memchr(b'&', h), reference_at)
}

/// Decodes the reference at the start of `rest` (which starts with `&`),
/// returning its length and replacement.
fn reference_at(rest: &str) -> Option<(usize, Piece)> {
    let bytes = rest.as_bytes();
    let numeric = bytes.get(1) == Some(&b'#');
    let body_start = if numeric { 2 } else { 1 };
    let body_len = bytes[body_start..]
        .iter()
        .take(MAX_BODY_LEN + 1)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let body_end = body_start + body_len;
    if body_len == 0 || body_len > MAX_BODY_LEN || bytes.get(body_end) != Some(&b';') {
        return None;
    }
    let body = &rest[body_start..body_end];
    let piece = if numeric {
        numeric_reference(body)?
    } else {
        Piece::Str(named_entity(body)?)
    };
    Some((body_end + 1, piece))
}

/// Looks up an entity name (without `&` and `;`) in ftfy's `HTML_ENTITIES`.
fn named_entity(name: &str) -> Option<&'static str> {
    HTML_ENTITIES
        .binary_search_by(|&(key, _)| key.cmp(name))
        .ok()
        .map(|i| HTML_ENTITIES[i].1)
}

/// Decodes the body of `&#BODY;` (ASCII alphanumeric) as `html.unescape`
/// would, or `None` if ftfy keeps the reference unchanged: when the body is
/// not entirely a decimal number or `x`/`X` plus hex digits (`html.unescape`
/// would then leave the `;` behind), or when it decodes to `;`.
fn numeric_reference(body: &str) -> Option<Piece> {
    let (digits, radix) = match body.as_bytes()[0] {
        b'x' | b'X' => (&body[1..], 16),
        _ => (body, 10),
    };
    if digits.is_empty() {
        return None;
    }
    // Overflow saturates: anything that large is above U+10FFFF anyway.
    let value = digits.chars().try_fold(0u32, |acc, c| {
        let digit = c.to_digit(radix)?;
        Some(acc.saturating_mul(radix).saturating_add(digit))
    })?;
    match charref_piece(value) {
        Piece::Char(';') => None,
        piece => Some(piece),
    }
}

/// What `html.unescape` produces for the numeric reference `value`.
fn charref_piece(value: u32) -> Piece {
    if let Ok(i) = INVALID_CHARREFS.binary_search_by_key(&value, |&(n, _)| n) {
        return Piece::Char(INVALID_CHARREFS[i].1);
    }
    if INVALID_CODEPOINTS.binary_search(&value).is_ok() {
        return Piece::DELETE;
    }
    // `char::from_u32` rejects exactly the surrogates and values above
    // U+10FFFF, which `html.unescape` turns into U+FFFD.
    Piece::Char(char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(input, ftfy.fixes.unescape_html(input))`, produced by ftfy 6.3.1 on
    /// Python 3.11.7.
    const FTFY_VECTORS: &[(&str, &str)] = &[
        ("&lt;tag&gt;", "<tag>"),
        (
            "&Jscr;ohn &HilbertSpace;ancock",
            "\u{1d4a5}ohn \u{210b}ancock",
        ),
        ("P&EACUTE;REZ", "P\u{c9}REZ"),
        ("BUNDESSTRA&SZLIG;E", "BUNDESSTRASSE"),
        (
            "&ntilde; &Ntilde; &NTILDE; &nTILDE;",
            "\u{f1} \u{d1} \u{d1} &nTILDE;",
        ),
        // Semicolon-less and unknown names are left alone.
        ("this&not that", "this&not that"),
        ("&amp", "&amp"),
        ("&AMP;", "&"),
        ("&Amp;", "&Amp;"),
        ("&&amp;;", "&&;"),
        ("&Eacute&eacute;", "&Eacute\u{e9}"),
        ("&;", "&;"),
        ("a & b; c", "a & b; c"),
        // Numeric references, decimal and hex.
        ("&#65;&#x42;&#X43;", "ABC"),
        ("&#000065;", "A"),
        ("&#x00000000000000000000041;", "A"),
        ("&#x1F4A9;", "\u{1f4a9}"),
        // A reference that decodes to ';' is kept.
        ("&#59;", "&#59;"),
        ("&#x3b;", "&#x3b;"),
        ("&#x3B;", "&#x3B;"),
        // html.unescape's _invalid_charrefs.
        ("&#0;", "\u{fffd}"),
        ("&#13;", "\r"),
        ("&#128;", "\u{20ac}"),
        ("&#x81;", "\u{81}"),
        ("&#x9f;", "\u{178}"),
        // html.unescape's _invalid_codepoints are dropped.
        ("&#1;", ""),
        ("&#x7f;", ""),
        ("&#xfdd0;", ""),
        ("&#xFFFE;", ""),
        ("&#x10ffff;", ""),
        // Surrogates and out-of-range values.
        ("&#xd800;", "\u{fffd}"),
        ("&#x110000;", "\u{fffd}"),
        ("&#999999999999999999999999;", "\u{fffd}"),
        // 25 digits: too long for HTML_ENTITY_RE.
        (
            "&#9999999999999999999999999;",
            "&#9999999999999999999999999;",
        ),
        // Malformed numeric references.
        ("&#x;", "&#x;"),
        ("&#;", "&#;"),
        ("&#12ab;", "&#12ab;"),
        ("&#0x41;", "&#0x41;"),
        ("&#65", "&#65"),
        ("&# 65;", "&# 65;"),
        ("&#\u{663};", "&#\u{663};"),
        // Names longer than 24 characters never match.
        ("&abcdefghijklmnopqrstuvwx;", "&abcdefghijklmnopqrstuvwx;"),
        (
            "&CounterClockwiseContourIntegral;",
            "&CounterClockwiseContourIntegral;",
        ),
        // Multi-character entity values.
        ("&ThickSpace;", "\u{205f}\u{200a}"),
        ("&NotEqualTilde;", "\u{2242}\u{338}"),
        ("&fjlig;", "fj"),
        ("&FRAC12;", "\u{bd}"),
        ("&frac12;", "\u{bd}"),
        ("&nbsp;&NBSP;", "\u{a0}\u{a0}"),
        ("&EUML;", "\u{cb}"),
    ];

    #[test]
    fn matches_ftfy_vectors() {
        for &(input, expected) in FTFY_VECTORS {
            assert_eq!(unescape_html(input), expected, "input: {input:?}");
        }
    }

    #[test]
    fn borrows_unchanged_text() {
        for text in ["", "plain text", "this&not that", "&#59;", "Ünïcödé &"] {
            assert!(matches!(unescape_html(text), Cow::Borrowed(_)), "{text:?}");
        }
    }

    #[test]
    fn entity_table_is_sorted_and_complete() {
        assert!(HTML_ENTITIES.windows(2).all(|w| w[0].0 < w[1].0));
        // ftfy 6.3.1's len(HTML_ENTITIES) on Python 3.11.
        assert_eq!(HTML_ENTITIES.len(), 3501);
        assert!(INVALID_CHARREFS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(INVALID_CODEPOINTS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn every_entity_decodes_to_its_value() {
        for &(name, value) in &HTML_ENTITIES {
            let input = format!("&{name};");
            let expected = if name.len() <= MAX_BODY_LEN {
                value
            } else {
                &input
            };
            assert_eq!(unescape_html(&input), expected);
        }
    }
}
