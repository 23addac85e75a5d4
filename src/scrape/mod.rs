//! Web-scrape artifacts: damage that crawled Chinese text carries and that is
//! neither classic mojibake nor a punctuation matter (issue 7).
//!
//! * [`remove_inline_pinyin`] (`inline_pinyin`): ruby readings that lost their
//!   markup and stayed inline, `時(shí)間` → `時間`.
//! * [`resync_double_byte`] (`double_byte_resync`): a byte lost from a GBK,
//!   Big5 or Shift_JIS stream, after which the decoder read the following pairs
//!   out of phase until ASCII resynchronized it, `。“送服務` → `！八头⻊…`.
//! * [`synth`]: both kinds of damage, deterministic from a seed.
//!
//! Both fixers are `fn(&str) -> Cow<str>` behind one switch each in
//! [`Config`](crate::Config), run by the [`Fixer`](crate::Fixer) after the
//! encoding repairs, and on in the `corpus` preset.

mod pinyin;
#[allow(clippy::all)]
#[rustfmt::skip]
mod pinyin_table;
#[allow(clippy::all)]
#[rustfmt::skip]
mod bigram_table;
#[allow(clippy::all)]
#[rustfmt::skip]
mod likely_pair_table;
pub(crate) mod resync;
pub mod synth;

pub use pinyin::{remove_inline_pinyin, MAX_GROUP_CHARS, MAX_SYLLABLES};
#[doc(hidden)]
pub use resync::analysed_ranges;
pub use resync::resync_double_byte;
pub(crate) use resync::{
    resync_first, resync_first_facts, resync_since, resync_since_text, Clean as ResyncClean,
    CleanFacts as ResyncFacts,
};

pub(crate) use pinyin::opens_annotation;
pub(crate) use resync::is_trigger as resync_trigger;
pub(crate) use resync::pair_seen;
pub(crate) use resync::trigger_may_act_at as resync_trigger_may_act_at;

/// The Mandarin readings of a Han character from the vendored Unihan-derived
/// table, tone-marked (`行` → `["xíng", "háng", …]`), most common first.
///
/// ```
/// let r = mojifix::scrape::readings_of('行');
/// assert!(r.contains(&"háng".to_string()));
/// ```
pub fn readings_of(c: char) -> Vec<String> {
    pinyin::readings(c)
        .iter()
        .map(|&code| synth::tone_marked(pinyin::syllable(code), pinyin::tone(code)))
        .collect()
}
