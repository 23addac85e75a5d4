//! # mojifix
//!
//! Repairs mojibake — text whose bytes in one encoding were decoded with
//! another — and normalizes text, without touching text that is fine.
//!
//! ```
//! assert_eq!(mojifix::fix_text("schÃ¶n"), "schön");
//! assert_eq!(mojifix::fix_text("âœ” No problems"), "✔ No problems");
//! // Clean text comes back borrowed, untouched:
//! assert!(matches!(mojifix::fix_text("你好，世界！"), std::borrow::Cow::Borrowed(_)));
//! ```
//!
//! The layers, from the top:
//!
//! * [`fix_text`] and [`fix_and_explain`] use the default [`Config`]: repair
//!   only, never restyling punctuation, width or quotes.
//! * [`Fixer`] compiles any [`Config`] once and is shared across threads.
//!   [`Config::ftfy()`] reproduces Python ftfy 6.3's `fix_text`.
//! * The fixers themselves: [`mojibake`] (detection and repair of encoding
//!   damage) and [`fixes`] (small structural fixers, one function each).
//! * [`bytes`] turns bytes of unknown encoding into text.
//! * [`stream`] fixes streams of any length in bounded memory
//!   ([`stream::FixReader`], [`stream::FixWriter`], [`Fixer::fix_chunk`]),
//!   with output identical to fixing the whole text at once.
//!
//! Every change can be explained: [`Fixer::fix_and_explain`] returns the
//! steps applied, and [`apply_plan`] replays them on other text.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::borrow::Cow;
use std::sync::OnceLock;

pub mod bytes;
pub mod cjk_text;
mod config;
pub mod damage;
mod explain;
mod fixer;
pub mod fixes;
pub mod mojibake;
pub mod scrape;
pub mod stream;
mod utf8;

pub use cjk_text::Locale;
pub use config::{Config, HtmlMode, UnknownFixer};
pub use explain::{apply_plan, Action, Change, Explanation, PlanError, Step};
pub use fixer::Fixer;
/// Traditional ↔ Simplified Chinese conversion (the `mojifix-zh` crate).
pub use mojifix_zh as zh;

fn default_fixer() -> &'static Fixer {
    static FIXER: OnceLock<Fixer> = OnceLock::new();
    FIXER.get_or_init(Fixer::default)
}

/// Fixes `text` with the default [`Config`], borrowing it when nothing changes.
///
/// ```
/// assert_eq!(mojifix::fix_text("The Mona Lisa doesnÃ¢â‚¬â„¢t have eyebrows."),
///            "The Mona Lisa doesn’t have eyebrows.");
/// ```
pub fn fix_text(text: &str) -> Cow<'_, str> {
    default_fixer().fix(text)
}

/// Fixes `text` with the default [`Config`] and explains every change.
///
/// ```
/// let explained = mojifix::fix_and_explain("sÃ³");
/// assert_eq!(explained.text, "só");
/// let plan: Vec<String> = explained.plan().iter().map(|s| s.to_string()).collect();
/// assert_eq!(plan, ["encode latin-1", "decode utf-8"]);
/// ```
pub fn fix_and_explain(text: &str) -> Explanation {
    default_fixer().fix_and_explain(text)
}

/// Decodes bytes of unknown encoding (see [`bytes::decode_bytes`]) and fixes
/// the text with the default [`Config`].
///
/// ```
/// assert_eq!(mojifix::fix_bytes(b"\xef\xbb\xbfcaf\xc3\x83\xc2\xa9"), "café");
/// ```
pub fn fix_bytes(input: &[u8]) -> String {
    let (text, _) = bytes::decode_bytes(input);
    default_fixer().fix(&text).into_owned()
}
