//! CJK–Latin spacing, pangu style.

use std::borrow::Cow;

use super::classes::is_cj;
use super::edit::Edit;
use super::punct::Spans;

fn latin_after_cj(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '(' | '@' | '$' | '#')
}

fn latin_before_cj(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ')' | '%')
}

/// Inserts a space between Chinese or Japanese characters and Latin letters
/// or digits, in both directions (pangu.js's core rule): `當你凝視著bug` →
/// `當你凝視著 bug`. Never next to Hangul (Korean spacing is grammatical:
/// `Rust를` must stay glued), never inside protected spans, and never next
/// to fullwidth punctuation.
///
/// ```
/// use mojifix::cjk_text::pangu_spacing;
/// assert_eq!(pangu_spacing("當你凝視著bug，bug也凝視著你"), "當你凝視著 bug，bug 也凝視著你");
/// assert_eq!(pangu_spacing("전 세계Rust를"), "전 세계Rust를");
/// ```
pub fn pangu_spacing(text: &str) -> Cow<'_, str> {
    let mut edit = Edit::new(text);
    let mut spans = Spans::new(text);
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if let Some(p) = prev {
            let boundary = (is_cj(p) && latin_after_cj(c)) || (latin_before_cj(p) && is_cj(c));
            if boundary && !(spans.protects(i) && spans.protects(i - p.len_utf8())) {
                edit.replace(i, i, " ");
            }
        }
        prev = Some(c);
    }
    edit.finish()
}
