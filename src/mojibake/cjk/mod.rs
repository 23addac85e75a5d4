//! CJK mojibake (in progress): UTF-8 read as a legacy CJK encoding, and
//! legacy CJK bytes read as a single-byte code page.

use std::borrow::Cow;

use crate::explain::Step;

/// Whether a CJK repair could start at `c` (followed by `next`).
pub(crate) fn is_trigger(_c: char, _next: Option<char>) -> bool {
    false
}

/// Repairs CJK mojibake, appending the plan to `plan`.
pub fn fix_cjk_encoding<'a>(text: &'a str, _plan: &mut Vec<Step>) -> Cow<'a, str> {
    Cow::Borrowed(text)
}
