//! [`Fixer`]: a [`Config`] compiled into the order of steps and a fast
//! pre-scan, shareable across threads.

use std::borrow::Cow;
use std::sync::OnceLock;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized};

use crate::config::{text_fixer, Config, HtmlMode, TextFix};
use crate::explain::{Action, Change, Explanation, Step};
use crate::fixes::{self, NormalizationForm};
use crate::mojibake::latin;
use crate::mojibake::{badness, cjk, wrong_page};

/// The most steps `run_pipeline` can have: HTML, the encoding repairs, the two
/// web-scrape repairs, the single-character fixers, the CJK passes,
/// normalization, casefold.
const MAX_STEPS: usize = 4 + 2 + CHAR_FIXERS.len() + crate::cjk_text::ORDER.len();

/// In [`Fixer::first_scan`]'s per-byte table for ASCII, above the feature
/// bits: the byte is a single-character fixer's trigger.
const ASCII_CHAR_TRIGGER: u32 = 1 << 31;
const _: () = assert!(crate::cjk_text::ALL_FEATURES & ASCII_CHAR_TRIGGER == 0);

/// In [`Fixer::first_scan`]'s per-byte table for ASCII: `?`, where a
/// Windows decoder's mark can start a run (`Fixer::question_stop`).
const ASCII_QUESTION: u32 = 1 << 30;
const _: () = assert!(crate::cjk_text::ALL_FEATURES & ASCII_QUESTION == 0);

/// Upper bound on rounds of the whole pipeline over one segment. ftfy loops
/// until nothing changes; the bound keeps that finite on adversarial input
/// (a segment still changing after it takes more rounds: [`SETTLE_ROUNDS`]).
const MAX_ROUNDS: usize = 8;

/// Upper bound on rounds for a segment still changing after [`MAX_ROUNDS`]
/// (`double_byte_resync` re-reading its own U+FFFD walks along double
/// mojibake one repair per round): the rounds go on until one changes
/// nothing or the texts repeat, and a segment that does neither by then
/// keeps the text after `MAX_ROUNDS` rounds, as with the bound alone (see
/// `run_pipeline_after`). A multiple of `MAX_ROUNDS`.
const SETTLE_ROUNDS: usize = 64;
const _: () = assert!(SETTLE_ROUNDS % MAX_ROUNDS == 0 && SETTLE_ROUNDS > MAX_ROUNDS);

/// The single-character text fixers, in the order they run after
/// `fix_encoding`, with their switches.
const CHAR_FIXERS: [&str; 8] = [
    "fix_c1_controls",
    "fix_latin_ligatures",
    "fix_character_width",
    "uncurl_quotes",
    "fix_line_breaks",
    "fix_surrogates",
    "remove_terminal_escapes",
    "remove_control_chars",
];

/// A set of Basic Multilingual Plane characters, one bit each.
#[derive(Clone)]
struct BmpSet(Box<[u64; 1024]>);

/// The scan's skip over plain ASCII, eight bytes at a time: a byte can be
/// a trigger only when it is not ASCII, a control character, or in one of
/// the few ranges of printable ASCII triggers (`&` for HTML entities,
/// capitals where spacing rules look at them, and so on); words holding
/// none of those are passed whole.
#[derive(Clone)]
struct AsciiSkip {
    /// Per range of printable ASCII triggers `lo..=hi`: the constants of
    /// the word test (`ONES * (128 + hi)`, `ONES * (128 - lo)`), and the
    /// bits OR'ed into each byte before it (`ONES * 0x40` in the range that
    /// ends at DEL when `?` is a stop too: `?` | 0x40 is DEL; else 0).
    ranges: Vec<(u64, u64, u64)>,
    /// Whether there are too many ranges for the word test to pay (then
    /// every byte is looked at).
    off: bool,
}

impl AsciiSkip {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const LOWS: u64 = 0x7F7F_7F7F_7F7F_7F7F;

    /// The skip for the printable triggers of `triggers`; with `question`,
    /// `?` is among them but stops the skip through the range that ends at
    /// DEL where there is one (no test more per word).
    fn new(triggers: &BmpSet, question: bool) -> AsciiSkip {
        let is_trigger = |b: u8| triggers.contains(u32::from(b)) && !(question && b == b'?');
        let mut ranges = Vec::new();
        let mut b = 0x20u8;
        while b < 0x80 {
            if is_trigger(b) {
                let lo = b;
                while b < 0x7F && is_trigger(b + 1) {
                    b += 1;
                }
                ranges.push((
                    Self::ONES * (128 + u64::from(b)),
                    Self::ONES * (128 - u64::from(lo)),
                    0,
                ));
            }
            b += 1;
        }
        if question {
            let lo = |n: u64| 128 - (n & 0xFF);
            match ranges.iter_mut().find(|r| r.0 & 0xFF == 0xFF) {
                // `lo..=DEL` folded also holds `lo - 0x40..=?`.
                Some(r) if lo(r.1) >= 0x40 => r.2 = Self::ONES * 0x40,
                Some(_) => {}
                None => ranges.push((Self::ONES * (128 + 0x3F), Self::ONES * (128 - 0x3F), 0)),
            }
        }
        AsciiSkip {
            off: ranges.len() > 4,
            ranges,
        }
    }

    /// Whether byte `b` may be a trigger, as [`AsciiSkip::next_candidate`]
    /// tells.
    #[cfg(test)]
    fn is_candidate(&self, b: u8) -> bool {
        let w = u64::from(b);
        !(0x20..0x80).contains(&b)
            || self.ranges.iter().any(|&(n, m, fold)| {
                let (hi, lo) = ((n & 0xFF) - 128, 128 - (m & 0xFF));
                (lo..=hi).contains(&(w | (fold & 0xFF)))
            })
    }

    /// The first index from `i` on whose byte may be a trigger: not ASCII,
    /// below `0x20`, or in a range of printable triggers. Exact: each test
    /// marks the high bit of the bytes it finds, and no borrow or carry
    /// crosses from one byte to the next (the range test is Bit Twiddling
    /// Hacks' `hasbetween` on the low seven bits, bytes with the high bit
    /// found apart).
    #[inline(never)]
    fn next_candidate(&self, bytes: &[u8], mut i: usize) -> usize {
        if self.off {
            return i;
        }
        while let Some(chunk) = bytes.get(i..i + 8) {
            let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            let low = w & Self::LOWS;
            // Not ASCII, or below 0x20 (`low + 0x60` has its high bit
            // clear just there).
            let mut hits = (w | !(low + Self::ONES * 0x60)) & Self::HIGHS;
            for &(n, m, fold) in &self.ranges {
                // lo <= b <= hi: (128 + hi) - b keeps its high bit, and
                // b + (128 - lo) has it (b is the byte's low seven bits
                // and the fold: a byte with its high bit is a hit above).
                let b = low | fold;
                hits |= (n - b) & (b + m) & Self::HIGHS;
            }
            if hits != 0 {
                return i + (hits.trailing_zeros() / 8) as usize;
            }
            i += 8;
        }
        i
    }
}

impl BmpSet {
    fn from_fn(f: impl Fn(char) -> bool) -> BmpSet {
        let mut bits = Box::new([0u64; 1024]);
        for cp in 0..0x10000u32 {
            if char::from_u32(cp).is_some_and(&f) {
                bits[(cp / 64) as usize] |= 1 << (cp % 64);
            }
        }
        BmpSet(bits)
    }

    fn union_with(&mut self, other: &BmpSet) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a |= b;
        }
    }

    #[inline]
    fn contains(&self, cp: u32) -> bool {
        self.0[(cp / 64) as usize] & (1 << (cp % 64)) != 0
    }
}

/// Characters that NFC leaves alone wherever they stand: quick-check "yes"
/// and combining class 0.
fn nfc_inert(c: char) -> bool {
    canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Per fixer, the characters it could change (computed once, lazily).
fn trigger_set(name: &str) -> &'static BmpSet {
    static SETS: OnceLock<Vec<(&'static str, BmpSet)>> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        let mut sets = Vec::new();
        for name in CHAR_FIXERS {
            let fix = text_fixer(name).expect("every CHAR_FIXERS entry is a text fixer");
            let mut set = BmpSet::from_fn(|c| {
                let mut buf = [0u8; 4];
                let alone: &str = c.encode_utf8(&mut buf);
                fix(alone) != alone
            });
            // Fixers whose patterns start with an ASCII byte that does not
            // change alone.
            if name == "remove_terminal_escapes" {
                set.0[0] |= 1 << 0x1B;
            }
            sets.push((name, set));
        }
        sets.push(("unescape_html", BmpSet::from_fn(|c| c == '&')));
        sets.push((
            "double_byte_resync",
            BmpSet::from_fn(crate::scrape::resync_trigger),
        ));
        sets.push(("nfc", BmpSet::from_fn(|c| !nfc_inert(c))));
        sets.push((
            "nfkc",
            BmpSet::from_fn(|c| {
                canonical_combining_class(c) != 0
                    || unicode_normalization::is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes
            }),
        ));
        // Where the encoding repairs' context tests can start.
        sets.push(("fix_cjk_encoding", BmpSet(Box::new(cjk::start_bits()))));
        sets.push((
            "fix_cjk_cross_legacy",
            BmpSet(Box::new(cjk::cross_legacy::start_bits())),
        ));
        sets.push(("fix_encoding", BmpSet::from_fn(badness::may_start)));
        sets.push(("fix_wrong_codepage", BmpSet::from_fn(wrong_page::may_start)));
        sets
    });
    &sets
        .iter()
        .find(|(n, _)| *n == name)
        .expect("trigger set exists")
        .1
}

/// A compiled [`Config`]. Cheap to share: `Fixer` is `Send + Sync`, and
/// fixing takes `&self`.
///
/// ```
/// use mojifix::{Config, Fixer};
/// let fixer = Fixer::new(Config::default());
/// assert_eq!(fixer.fix("The Mona Lisa doesnÃ¢â‚¬â„¢t have eyebrows."),
///            "The Mona Lisa doesn’t have eyebrows.");
/// assert_eq!(fixer.fix("“你好，世界！”"), "“你好，世界！”");
/// ```
#[derive(Clone)]
pub struct Fixer {
    config: Config,
    /// Characters that could make any enabled fixer act.
    triggers: BmpSet,
    /// The printable ASCII triggers, for the scan's word-at-a-time skip.
    ascii_skip: AsciiSkip,
    /// `?` is in `triggers` as a stop only ([`Fixer::ascii_stop_triggers`]).
    question_stop: bool,
    /// Characters where an enabled encoding repair's context test can
    /// start (a first bit test before the test itself).
    context_starts: BmpSet,
    /// `fix_cjk_cross_legacy` is on, within `fix_cjk_encoding`.
    cross_legacy: bool,
    /// `triggers` and `context_starts` together.
    any_start: BmpSet,
    /// Some web-scrape repair is on (they test their own triggers).
    scrape_on: bool,
    /// Whether characters outside the BMP need a look (for normalization).
    astral_triggers: bool,
    /// The enabled single-character fixers, in order.
    char_fixers: Vec<(&'static str, TextFix)>,
    /// Characters that could make one of them act.
    char_triggers: BmpSet,
    /// Per ASCII byte: its feature bits (`cjk_text::features`), plus
    /// [`ASCII_CHAR_TRIGGER`] when it is in `char_triggers`.
    ascii_scan: [u32; 128],
    /// `char_triggers`, `context_starts` and the characters that are not
    /// inert under the configured normalization: the first scan looks closer
    /// only at these.
    scan_starts: BmpSet,
    /// Chinese script conversion, the last step.
    converter: Option<&'static mojifix_zh::Converter>,
    /// The enabled CJK passes (`cjk_text`), in order.
    cjk_ops: Vec<crate::cjk_text::Op>,
    /// Whether astral CJ characters (or, under NFKC/NFKD or casefolding, any
    /// astral character) need a look.
    cjk_astral: bool,
    /// The enabled web-scrape repairs (`scrape`), run after the encoding
    /// repairs; `inline_pinyin` also triggers on `(`/`（` after Han.
    scrape_fixers: Vec<(&'static str, TextFix)>,
    scrape_pinyin: bool,
    /// With `double_byte_resync` on, the characters that are its triggers
    /// (`scrape::resync_trigger`), for the first scan's resync gate.
    resync_triggers: Option<&'static BmpSet>,
    /// The configuration is exactly `Config::index()`: `fix` may take the
    /// fused pass (`cjk_text::index_fast`).
    index_fast: bool,
    /// The configuration is exactly `Config::display()` (`Some(false)`) or
    /// `Config::corpus()` (`Some(true)`): `fix` may take the fused pass
    /// (`cjk_text::display_fast`).
    display_fast: Option<bool>,
    /// The characters inert under the configured normalization (looked up
    /// once, not per segment).
    inert: Option<Inert>,
    /// The most rounds of the pipeline over one segment: [`SETTLE_ROUNDS`]
    /// (tests set [`MAX_ROUNDS`] to compare with the bound alone).
    settle_rounds: usize,
}

impl std::fmt::Debug for Fixer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fixer")
            .field("config", &self.config)
            .finish()
    }
}

impl Default for Fixer {
    fn default() -> Self {
        Fixer::new(Config::default())
    }
}

impl Fixer {
    /// Compiles `config`.
    pub fn new(config: Config) -> Fixer {
        let mut triggers = BmpSet(Box::new([0u64; 1024]));
        let mut on = |name: &str| triggers.union_with(trigger_set(name));
        if config.unescape_html != HtmlMode::Never {
            on("unescape_html");
        }
        for name in CHAR_FIXERS {
            if config.is_on(name).unwrap_or(false) {
                on(name);
            }
        }
        if config.normalization.is_some() {
            on("nfc");
        }
        if let Some(form) = config.normalization {
            if form == NormalizationForm::Nfkc {
                // NFKC changes only characters that are not NFKC-inert.
                triggers.union_with(trigger_set("nfkc"));
            } else if matches!(form, NormalizationForm::Nfkd | NormalizationForm::Nfd) {
                // Compatibility and decomposed forms change far more
                // characters than NFC: look at every non-ASCII character.
                for cp in 0x80..0x10000u32 {
                    triggers.0[(cp / 64) as usize] |= 1 << (cp % 64);
                }
            }
        }
        let mut char_triggers = BmpSet(Box::new([0u64; 1024]));
        for name in CHAR_FIXERS {
            if config.is_on(name).unwrap_or(false) {
                char_triggers.union_with(trigger_set(name));
            }
        }
        let char_fixers = CHAR_FIXERS
            .into_iter()
            .filter(|name| config.is_on(name).unwrap_or(false))
            .map(|name| {
                (
                    name,
                    text_fixer(name).expect("every CHAR_FIXERS entry is a text fixer"),
                )
            })
            .collect();
        if config.convert.is_some() {
            // Conversion may change any non-ASCII character.
            for cp in 0x80..0x10000u32 {
                triggers.0[(cp / 64) as usize] |= 1 << (cp % 64);
            }
        }
        let converter = config.convert.map(mojifix_zh::Converter::get);
        let cjk_ops = crate::cjk_text::compile(&config);
        for name in cjk_ops
            .iter()
            .map(|op| op.switch)
            .chain(config.casefold.then_some("casefold"))
        {
            triggers.union_with(&BmpSet(Box::new(*crate::cjk_text::trigger_bits(name))));
        }
        let scrape_fixers: Vec<(&'static str, TextFix)> = ["inline_pinyin", "double_byte_resync"]
            .into_iter()
            .filter(|name| config.is_on(name).unwrap_or(false))
            .map(|name| {
                (
                    name,
                    text_fixer(name).expect("scrape fixers are text fixers"),
                )
            })
            .collect();
        if config.double_byte_resync {
            triggers.union_with(trigger_set("double_byte_resync"));
        }
        let cjk_astral = config.casefold
            || matches!(
                config.normalization,
                Some(NormalizationForm::Nfkc | NormalizationForm::Nfkd)
            )
            || cjk_ops
                .iter()
                .any(|op| crate::cjk_text::needs_cj_context(op.switch));
        let mut context_starts = BmpSet(Box::new([0u64; 1024]));
        for name in ["fix_cjk_encoding", "fix_encoding"] {
            if config.is_on(name).unwrap_or(false) {
                context_starts.union_with(trigger_set(name));
            }
        }
        if config.fix_encoding && config.fix_wrong_codepage {
            context_starts.union_with(trigger_set("fix_wrong_codepage"));
        }
        if config.fix_cjk_encoding && config.fix_cjk_cross_legacy {
            context_starts.union_with(trigger_set("fix_cjk_cross_legacy"));
        }
        // A Windows decoder's `?` can start a run of UTF-8 out of phase
        // (`?꾧뎄`): the scan stops at every `?`, and takes it as a trigger
        // only before such a run (`ascii_stop_triggers`).
        let question_stop = config.fix_cjk_encoding && !triggers.contains(u32::from(b'?'));
        if question_stop {
            triggers.0[0] |= 1 << b'?';
        }
        let mut any_start = triggers.clone();
        any_start.union_with(&context_starts);
        let mut scan_starts = char_triggers.clone();
        scan_starts.union_with(&context_starts);
        match config.normalization.map(|form| Inert::new(form).set) {
            None => {}
            Some(Some((set, _))) => scan_starts.union_with(set),
            // No character counts as inert under the decomposed forms.
            Some(None) => {
                for cp in 0x80..0x10000u32 {
                    scan_starts.0[(cp / 64) as usize] |= 1 << (cp % 64);
                }
            }
        }
        let ascii_scan = std::array::from_fn(|b| {
            let cp = b as u32;
            crate::cjk_text::char_feature_bits(cp)
                | if char_triggers.contains(cp) {
                    ASCII_CHAR_TRIGGER
                } else {
                    0
                }
                | if config.fix_cjk_encoding && cp == u32::from(b'?') {
                    ASCII_QUESTION
                } else {
                    0
                }
        });
        Fixer {
            ascii_scan,
            scan_starts,
            any_start,
            scrape_on: config.double_byte_resync || config.inline_pinyin,
            context_starts,
            cross_legacy: config.fix_cjk_encoding && config.fix_cjk_cross_legacy,
            index_fast: config == Config::index(),
            display_fast: if config == Config::display() {
                Some(false)
            } else if config == Config::corpus() {
                Some(true)
            } else {
                None
            },
            inert: config.normalization.map(Inert::new),
            scrape_pinyin: config.inline_pinyin,
            resync_triggers: config
                .double_byte_resync
                .then(|| trigger_set("double_byte_resync")),
            scrape_fixers,
            cjk_ops,
            cjk_astral,
            char_fixers,
            char_triggers,
            converter,
            astral_triggers: config.normalization.is_some()
                || config.convert.is_some()
                || cjk_astral,
            config,
            ascii_skip: AsciiSkip::new(&triggers, question_stop),
            question_stop,
            triggers,
            settle_rounds: SETTLE_ROUNDS,
        }
    }

    /// The configuration this fixer was compiled from.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The longest segment, in bytes, that [`Fixer::fix`] fixes at once:
    /// `max_decode_length` (at least 4). A line longer than this is cut
    /// every `segment_len_limit()` bytes from its start, each cut moved back
    /// to a character boundary. The streaming API ([`crate::stream`]) cuts
    /// its chunks at exactly these segment boundaries.
    pub fn segment_len_limit(&self) -> usize {
        self.config.max_decode_length.max(4)
    }

    /// Whether the astral character `c` could make a CJK pass act.
    fn astral_cjk(&self, c: char) -> bool {
        self.cjk_astral
            && (self.config.casefold
                || matches!(
                    self.config.normalization,
                    Some(NormalizationForm::Nfkc | NormalizationForm::Nfkd)
                )
                || crate::cjk_text::is_cj(c))
    }

    /// Whether any character of `text` could make an enabled fixer act.
    /// `false` proves that [`Fixer::fix`] returns `text` unchanged.
    pub fn needs_work(&self, text: &str) -> bool {
        self.first_trigger(text).is_some()
    }

    /// The byte offset of the first character that could make an enabled
    /// fixer act.
    fn first_trigger(&self, text: &str) -> Option<usize> {
        // One loop per case, so that the one without web-scrape repairs
        // keeps its one bit test per character.
        if self.scrape_on {
            self.first_trigger_in::<true>(text)
        } else {
            self.first_trigger_in::<false>(text)
        }
    }

    /// [`Fixer::first_trigger`], with `SCRAPE` = `self.scrape_on`.
    fn first_trigger_in<const SCRAPE: bool>(&self, text: &str) -> Option<usize> {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                // (`?` is in `triggers` as a stop where it is a hole mark's
                // byte only: `ascii_stop_triggers`.)
                if self.triggers.contains(u32::from(b)) && self.ascii_stop_triggers(text, i) {
                    return Some(i);
                }
                i += 1;
                // Into the word skip only where ASCII goes on: a space
                // between Hangul words would pay a word test for nothing.
                if bytes.get(i).is_some_and(|&n| n < 0x80) {
                    i = self.ascii_skip.next_candidate(bytes, i);
                }
                continue;
            }
            // `text` is valid UTF-8, so the lead byte gives the length.
            let (cp, len) = crate::utf8::decode_at(bytes, i);
            if len == 4 {
                if self.astral_triggers
                    && (self.converter.is_some()
                        || char::from_u32(cp).is_some_and(|c| !nfc_inert(c) || self.astral_cjk(c)))
                {
                    return Some(i);
                }
                // Big5 mojibake holds HKSCS characters outside the BMP.
                if self.config.fix_cjk_encoding
                    && char::from_u32(cp).is_some_and(|c| cjk::is_trigger_at(text, i, c))
                {
                    return Some(i);
                }
                i += 4;
                continue;
            }
            // One bit test for most characters: neither a trigger nor where
            // an encoding repair's context test starts (the web-scrape
            // repairs, off but in the corpus preset, test their own, below:
            // each needs a particular next byte).
            if !self.any_start.contains(cp)
                && (!SCRAPE || !scrape_may_follow(bytes.get(i + len).copied()))
            {
                i += len;
                if !SCRAPE && len == 3 {
                    i = self.skip_three_byte_run(bytes, i);
                }
                continue;
            }
            if self.triggers.contains(cp) {
                return Some(i);
            }
            // double_byte_resync: an ASCII `@`–`~` (a possible trail byte)
            // glued after a CJK character and before another, or a letter
            // before ASCII that is no letter or digit or ending the text (a
            // trail byte read alone), or a folded lowercase letter and its
            // trail ([`glued_trail_may_end`]).
            if self.config.double_byte_resync
                && cp >= 0x2E80
                && bytes
                    .get(i + len)
                    .is_some_and(|b| (b'@'..=b'~').contains(b))
                && glued_trail_may_end(bytes, i + len, cp)
            {
                return Some(i);
            }
            // inline_pinyin: `(` or `（` right after a Han character, opening
            // something that could be a reading.
            if self.scrape_pinyin
                && crate::cjk_text::is_han(char::from_u32(cp).unwrap_or('\0'))
                && crate::scrape::opens_annotation(&bytes[i + len..])
            {
                return Some(i);
            }
            // The encoding repairs' tests, out of line: the loop stays small.
            if self.repair_trigger_at(text, i, cp, len) {
                return Some(i);
            }
            i += len;
        }
        None
    }

    /// Whether `fix_cjk_cross_legacy` (on, within `fix_cjk_encoding`)
    /// starts at the character `c` at byte `i` of `text`: a gate
    /// character there, on a line the pass changes. (It reads the line
    /// here, once: a clean line with a rare character, 4.68% of the zh-Hans
    /// corpus, is no segment to run every fixer on, and what the pass would
    /// do with it is all the gate stood for. Where lines may be cut into
    /// segments shorter than the pass reads, the gate alone counts.)
    #[inline(never)]
    fn cross_trigger_at(&self, text: &str, i: usize, c: char) -> bool {
        cjk::cross_legacy::is_trigger(text, i, c)
            && (self.segment_len_limit() < cjk::cross_legacy::READ_LINE_MAX
                || cjk::cross_legacy::line_changes(text, i))
    }

    /// Whether the ASCII byte at `i` of `text`, in `triggers`, is a
    /// trigger: each is but a `?` there only as a stop (`question_stop`),
    /// which is one where it is a Windows decoder's mark that starts a run
    /// of UTF-8 out of phase (`?꾧뎄`), the one CJK trigger at an ASCII
    /// byte. Out of line: the scan's loop stays as it was.
    #[inline(never)]
    fn ascii_stop_triggers(&self, text: &str, i: usize) -> bool {
        let bytes = text.as_bytes();
        !(self.question_stop && bytes[i] == b'?')
            || bytes.get(i + 1).is_some_and(|&n| n >= 0x80)
                && cjk::is_hole_mark_trigger(text, i + 1)
    }

    /// The end of the run of 3-byte characters outside `any_start` that
    /// starts at byte `i` of `bytes` (valid UTF-8, `i` a character
    /// boundary): [`Fixer::first_trigger_in`] without web-scrape repairs
    /// skips each of them with its first bit test, and here does so in a
    /// tight loop (one bounds check per character, no dispatch on the
    /// length), entered after a 3-byte character so that ASCII text pays
    /// nothing.
    #[inline(always)]
    fn skip_three_byte_run(&self, bytes: &[u8], mut i: usize) -> usize {
        while let Some(&[b0, b1, b2]) = bytes.get(i..i + 3) {
            if b0 & 0xF0 != 0xE0 {
                break;
            }
            let cp = u32::from(b0 & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F);
            if self.any_start.contains(cp) {
                break;
            }
            i += 3;
        }
        i
    }

    /// Whether an encoding repair could start at the non-ASCII BMP
    /// character `cp` (`len` bytes) at byte `i` of `text` (the repair part
    /// of [`Fixer::first_trigger`]). Looks at the character and at most
    /// [`REPAIR_WINDOW`]` - 1` characters after it.
    #[inline(never)]
    fn repair_trigger_at(&self, text: &str, i: usize, cp: u32, len: usize) -> bool {
        // A first bit test (characters outside the BMP have none: Big5's
        // HKSCS ones can start a CJK repair).
        if cp < 0x10000 && !self.context_starts.contains(cp) {
            return false;
        }
        // (`cp` is a decoded character's.)
        let Some(c) = char::from_u32(cp) else {
            return false;
        };
        if self.config.fix_cjk_encoding && cjk::is_trigger_at(text, i, c) {
            return true;
        }
        self.latin_trigger_at(text, i, c, len)
            || (self.cross_legacy && self.cross_trigger_at(text, i, c))
    }

    /// Whether `fix_encoding` could start at the character `c` (`len`
    /// bytes) at byte `i` of `text`: where a badness rule can match, or,
    /// with `fix_wrong_codepage`, where a single-byte page's text read as
    /// windows-1252 shows (`wrong_page::is_trigger_at`).
    #[inline(always)]
    fn latin_trigger_at(&self, text: &str, i: usize, c: char, len: usize) -> bool {
        self.config.fix_encoding
            && ((badness::may_start(c) && badness::is_trigger(c, text[i + len..].chars().next()))
                || (self.config.fix_wrong_codepage
                    && wrong_page::may_start(c)
                    && wrong_page::is_trigger_at(text, i)))
    }

    /// Whether `fix_encoding` may start at `c`, by `c` alone.
    #[inline]
    fn latin_may_start(&self, c: char) -> bool {
        self.config.fix_encoding
            && (badness::may_start(c)
                || (self.config.fix_wrong_codepage && wrong_page::may_start(c)))
    }

    /// Which of the encoding repairs among `want` ([`CJK_REPAIR`],
    /// [`LATIN_REPAIR`]) have a trigger starting at the character `cp`
    /// (`len` bytes) at byte `i` of `text`: [`Fixer::repair_trigger_at`]
    /// for each repair on its own. Each repair leaves a text without its
    /// own trigger alone (what `first_trigger` relies on for a text holding
    /// neither), so the `index` fast path runs only those triggered.
    fn repair_triggers_at(&self, text: &str, i: usize, cp: u32, len: usize, want: u8) -> u8 {
        if cp < 0x10000 && !self.context_starts.contains(cp) {
            return 0;
        }
        let Some(c) = char::from_u32(cp) else {
            return 0;
        };
        let mut found = 0;
        if want & CJK_REPAIR != 0 && self.config.fix_cjk_encoding && cjk::is_trigger_at(text, i, c)
        {
            found |= CJK_REPAIR;
        }
        // (`latin_trigger_at` asks `may_start` first: most characters here
        // are Han, which no rule starts with, and the next character need
        // not be decoded.)
        if want & LATIN_REPAIR != 0 && self.latin_trigger_at(text, i, c, len) {
            found |= LATIN_REPAIR;
        }
        found
    }

    /// Whether an encoding repair could start at a character of `text`
    /// beginning in `range` (whose start is a character boundary).
    fn repair_trigger_in(&self, text: &str, range: std::ops::Range<usize>) -> bool {
        let bytes = text.as_bytes();
        let mut i = range.start;
        while i < range.end {
            if bytes[i] < 0x80 {
                i += 1;
                continue;
            }
            // Three-byte characters (most of CJK text) decoded by hand.
            let (cp, len) = if (0xE0..0xF0).contains(&bytes[i]) {
                let cp = (u32::from(bytes[i] & 0x0F) << 12)
                    | (u32::from(bytes[i + 1] & 0x3F) << 6)
                    | u32::from(bytes[i + 2] & 0x3F);
                (cp, 3)
            } else {
                let c = text[i..].chars().next().unwrap_or_default();
                (c as u32, c.len_utf8())
            };
            // The first bit test here, the rest out of line.
            if (cp >= 0x10000 || self.context_starts.contains(cp))
                && self.repair_trigger_at(text, i, cp, len)
            {
                return true;
            }
            // A `?` that starts a run (`first_trigger_in`).
            if i > 0
                && bytes[i - 1] == b'?'
                && self.config.fix_cjk_encoding
                && cjk::is_hole_mark_trigger(text, i)
            {
                return true;
            }
            i += len;
        }
        false
    }

    /// One pass over a segment, for its first check: whether an encoding
    /// repair trigger is in `text`; when none is, also whether a
    /// single-character fixer's trigger is, and the exact CJK feature bits
    /// (when `features` is asked for).
    fn first_scan(&self, text: &str, features: bool) -> FirstScan {
        // One loop per case, so that the one without web-scrape repairs
        // has no checks for them.
        if self.scrape_on {
            self.first_scan_in::<true>(text, features)
        } else {
            self.first_scan_in::<false>(text, features)
        }
    }

    /// [`Fixer::first_scan`], with `SCRAPE` = `self.scrape_on`.
    fn first_scan_in<const SCRAPE: bool>(&self, text: &str, features: bool) -> FirstScan {
        let bytes = text.as_bytes();
        let mut scan = FirstScan::default();
        let inert = self.inert;

        let table = crate::cjk_text::feature_table();
        // The feature bits of the characters so far, plus ASCII_CHAR_TRIGGER.
        let mut acc = 0u32;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                acc |= self.ascii_scan[usize::from(b)];
                i += 1;
                continue;
            }
            let (cp, len) = crate::utf8::decode_at(bytes, i);
            acc |= match table.get(cp as usize) {
                Some(&f) => f,
                None => crate::cjk_text::char_feature_bits(cp),
            };
            if SCRAPE {
                if let Some(set) = self.resync_triggers {
                    scan.scrape_trigger[RESYNC] =
                        scan.scrape_trigger[RESYNC] || resync_may_start(bytes, set, i, cp, len);
                }
                if self.scrape_pinyin {
                    scan.scrape_trigger[PINYIN] =
                        scan.scrape_trigger[PINYIN] || pinyin_may_start(bytes, i, cp, len);
                }
            }
            // One bit test for most characters: not inert under the
            // normalization, no repair context start, no single-character
            // trigger (each check below starts with its own bit test).
            if len < 4 && !self.scan_starts.contains(cp) {
                i += len;
                continue;
            }
            let c = char::from_u32(cp).unwrap_or_default();
            if let Some(inert) = inert {
                scan.norm_trigger |= inert.not_inert(c);
            }
            if self.repair_trigger_at(text, i, cp, len) {
                scan.repair_trigger = true;
                return scan;
            }
            // Astral characters are no single-character fixer's triggers.
            if len < 4 {
                scan.char_trigger |= self.char_triggers.contains(cp);
            }
            i += len;
        }
        // A `?` that starts a run (`first_trigger_in`), which the loop's
        // tests of non-ASCII characters do not see.
        if acc & ASCII_QUESTION != 0 && self.hole_mark_trigger_in(text, 0) != 0 {
            scan.repair_trigger = true;
            return scan;
        }
        scan.char_trigger |= acc & ASCII_CHAR_TRIGGER != 0;
        if features {
            scan.features = acc & !(ASCII_CHAR_TRIGGER | ASCII_QUESTION);
        }
        scan
    }

    /// Whether the pre-check of the web-scrape repair `kind` ([`RESYNC`],
    /// [`PINYIN`]) could fire at a character of `text` beginning in `range`
    /// (whose start is a character boundary).
    fn scrape_trigger_in(&self, kind: usize, text: &str, range: std::ops::Range<usize>) -> bool {
        let mut want = [false; 2];
        want[kind] = true;
        self.scrape_triggers_in(want, text, range)[kind]
    }

    /// [`Fixer::scrape_trigger_in`] for the repairs of `want` ([`RESYNC`],
    /// [`PINYIN`]) in one walk: whether each one's pre-check could fire
    /// (`false` for those not wanted).
    fn scrape_triggers_in(
        &self,
        want: [bool; 2],
        text: &str,
        range: std::ops::Range<usize>,
    ) -> [bool; 2] {
        let bytes = text.as_bytes();
        let resync = self.resync_triggers.filter(|_| want[RESYNC]);
        let pinyin = self.scrape_pinyin && want[PINYIN];
        let mut found = [false; 2];
        let mut i = range.start;
        while i < range.end.min(bytes.len()) {
            if bytes[i] < 0x80 {
                i += 1;
                continue;
            }
            let (cp, len) = crate::utf8::decode_at(bytes, i);
            if let Some(set) = resync {
                // (The first test of each of `resync_may_start`'s two
                // clauses here, the call only when one holds: most
                // characters are neither trigger characters nor followed by
                // an ASCII `@`–`~`.)
                let may = (len < 4 && set.contains(cp))
                    || (cp >= 0x2E80
                        && bytes
                            .get(i + len)
                            .is_some_and(|b| (b'@'..=b'~').contains(b)));
                found[RESYNC] = found[RESYNC] || (may && resync_may_start(bytes, set, i, cp, len));
            }
            found[PINYIN] = found[PINYIN] || (pinyin && pinyin_may_start(bytes, i, cp, len));
            if found == want {
                break;
            }
            i += len;
        }
        found
    }

    /// Whether a single-character fixer could act on a character of `text`
    /// beginning in `range` (whose start is a character boundary).
    fn char_trigger_in(&self, text: &str, range: std::ops::Range<usize>) -> bool {
        let bytes = text.as_bytes();
        let mut i = range.start;
        while i < range.end {
            let b = bytes[i];
            if b < 0x80 {
                if self.char_triggers.contains(u32::from(b)) {
                    return true;
                }
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or_default();
            // Astral characters are no single-character fixer's triggers.
            if (c as u32) < 0x10000 && self.char_triggers.contains(c as u32) {
                return true;
            }
            i += c.len_utf8();
        }
        false
    }

    /// Whether a trigger (`found` over a byte range, for triggers that look
    /// at most `window` characters from where they start) is in `text`.
    /// `dirty`, when known, are the changes ([`changed_ranges`]) from a text
    /// without any such trigger (the same segment before later fixers
    /// changed it): then only the characters whose window overlaps a change
    /// are looked at, as every other window is byte for byte one of that
    /// text's.
    fn trigger_since(
        text: &str,
        dirty: Option<&[(usize, usize)]>,
        window: usize,
        found: impl Fn(std::ops::Range<usize>) -> bool,
    ) -> bool {
        let Some(dirty) = dirty else {
            return found(0..text.len());
        };
        let mut checked = 0;
        for &(start, end) in dirty {
            // Back to the start of the character holding `start`, then
            // `window - 1` characters further: their windows reach it.
            let mut from = start.min(text.len());
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            for _ in 1..window {
                match text[..from].chars().next_back() {
                    Some(c) => from -= c.len_utf8(),
                    None => break,
                }
            }
            // Triggers look one character back as well (a word read as a
            // legacy CJK encoding is glued to an ASCII letter): the
            // character after the range is checked too.
            let mut end = end.min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            if let Some(c) = text[end..].chars().next() {
                end += c.len_utf8();
            }
            let from = from.max(checked);
            if from < end && found(from..end) {
                return true;
            }
            checked = checked.max(end);
            // `end` may fall inside a character: checking resumes after it.
            while !text.is_char_boundary(checked) {
                checked += 1;
            }
        }
        false
    }

    /// The same fixer without the fused passes of the `index`, `display`
    /// and `corpus` presets (the sequential pipeline only), for tests that
    /// compare the two.
    #[doc(hidden)]
    pub fn sequential(mut self) -> Fixer {
        self.index_fast = false;
        self.display_fast = None;
        self
    }

    /// Fixes `text`, borrowing it when nothing changes.
    ///
    /// The text is fixed line by line (each segment ends after a `\n`, or
    /// at `max_decode_length` bytes), so a damaged line never affects
    /// another.
    pub fn fix<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out: Option<String> = None;
        // Whether a segment changed (`out` may hold only copies).
        let mut changed = false;
        let mut copied = 0;
        // One scan for trigger characters; only the segments holding one
        // are fixed. Triggers look a few characters ahead, and a segment is
        // fixed as if it ended the text: where a line is cut into segments,
        // each segment is scanned on its own.
        let cut_lines = self.has_cut_lines(text);
        let mut pos = 0;
        loop {
            let found = if cut_lines {
                self.segments(text, pos)
                    .find(|(_, segment)| self.first_trigger(segment).is_some())
                    .map(|(start, segment)| (start, segment, start))
            } else {
                self.first_trigger(&text[pos..]).map(|offset| {
                    let at = pos + offset;
                    let line_start =
                        memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |i| i + 1);
                    // `pos` and `line_start` are both segment boundaries.
                    let (start, segment) = self
                        .segments(text, pos.max(line_start))
                        .find(|(start, segment)| start + segment.len() > at)
                        .expect("the trigger lies in some segment");
                    (start, segment, at)
                })
            };
            let Some((start, segment, _)) = found else {
                break;
            };
            pos = start + segment.len();
            // The fused passes (`index`, `display`, `corpus`) write into
            // `out` themselves.
            let fixed = if self.index_fast || self.display_fast.is_some() {
                let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
                buf.push_str(&text[copied..start]);
                copied = start;
                let fused = match self.display_fast {
                    Some(corpus) => self.display_fast_into(corpus, segment, buf),
                    None => self.index_fast_into(segment, buf),
                };
                match fused {
                    Ok(acted) => {
                        changed |= acted;
                        copied = pos;
                        continue;
                    }
                    Err(found) => self.run_pipeline_after(segment, None, found),
                }
            } else {
                self.run_pipeline(segment, None)
            };
            if let Cow::Owned(mut fixed) = fixed {
                // A fixer may have made new line breaks (`\r` → `\n`): the
                // new lines are segments of their own, so fix them as such
                // (otherwise fixing the output again could change it).
                for _ in 0..MAX_ROUNDS {
                    let interior = fixed.strip_suffix('\n').unwrap_or(&fixed);
                    if !interior.contains('\n') {
                        break;
                    }
                    match self.fix(&fixed) {
                        Cow::Owned(again) if again != fixed => fixed = again,
                        _ => break,
                    }
                }
                let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
                buf.push_str(&text[copied..start]);
                buf.push_str(&fixed);
                copied = pos;
                changed = true;
            }
        }
        match out {
            Some(mut buf) if changed => {
                buf.push_str(&text[copied..]);
                Cow::Owned(buf)
            }
            _ => Cow::Borrowed(text),
        }
    }

    /// Fixes `text` and reports every change, with a plan that
    /// [`apply_plan`](crate::apply_plan) replays.
    ///
    /// The text is treated as one segment (as ftfy's `fix_and_explain` does),
    /// so on one line the result is what [`fix`](Fixer::fix) gives. Where a
    /// fixer turns a character into a new line break (`\u{85}` → `\n`), the
    /// new lines are then fixed as segments of their own, exactly as `fix`
    /// does, and their changes follow: each of those applies to its line
    /// (its `before`), so the whole plan replays on the text only when no
    /// such line changed.
    ///
    /// Under [`Config::index()`] it always takes the sequential pipeline
    /// (the fused pass `fix` uses cannot attribute changes to fixers; the
    /// text is the same, `tests/index_fast.rs`).
    pub fn fix_and_explain(&self, text: &str) -> Explanation {
        let mut changes = Vec::new();
        let mut fixed = self.run_pipeline(text, Some(&mut changes)).into_owned();
        let has_interior_break = |t: &str| t.strip_suffix('\n').unwrap_or(t).contains('\n');
        if !has_interior_break(text) {
            for _ in 0..MAX_ROUNDS {
                if !has_interior_break(&fixed) {
                    break;
                }
                let mut again = String::with_capacity(fixed.len());
                for (_, segment) in self.segments(&fixed, 0) {
                    again.push_str(&self.run_pipeline(segment, Some(&mut changes)));
                }
                if again == fixed {
                    break;
                }
                fixed = again;
            }
        }
        Explanation {
            text: fixed,
            changes,
        }
    }

    /// `(byte offset, segment)` pairs from `start` (a segment boundary):
    /// lines with their `\n`, cut every `max_decode_length` bytes (on a
    /// character boundary).
    /// Whether some line of `text` is longer than a segment, so that it is
    /// cut into several.
    fn has_cut_lines(&self, text: &str) -> bool {
        let limit = self.segment_len_limit();
        let bytes = text.as_bytes();
        // Lines from `start` are cut only if the `limit` bytes from there
        // hold no line break; every line ending at the last one is shorter
        // (one search per `limit` bytes, not one per line).
        let mut start = 0;
        loop {
            if bytes.len() - start <= limit {
                return false;
            }
            match memchr::memrchr(b'\n', &bytes[start..start + limit]) {
                Some(k) => start += k + 1,
                None => return true,
            }
        }
    }

    fn segments<'a>(
        &self,
        text: &'a str,
        mut start: usize,
    ) -> impl Iterator<Item = (usize, &'a str)> + 'a {
        let max = self.segment_len_limit();
        std::iter::from_fn(move || {
            if start >= text.len() {
                return None;
            }
            let rest = &text[start..];
            let mut end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
            if end > max {
                end = max;
                while !rest.is_char_boundary(end) {
                    end -= 1;
                }
            }
            let item = (start, &rest[..end]);
            start += end;
            Some(item)
        })
    }

    /// The `index` preset on a segment without single-character triggers
    /// whose encoding repairs (when triggered) leave it alone, before and
    /// after, in one fused pass that also proves the confirming round would
    /// change nothing, appending the result to `out`: `Ok(whether it
    /// differs from the segment)`, or `Err` (with `out` as it was) when the
    /// segment needs the sequential pipeline, with the repair found to
    /// change it if that is why ([`FoundRepair`]).
    fn index_fast_into(
        &self,
        segment: &str,
        out: &mut String,
    ) -> Result<bool, Option<FoundRepair>> {
        // HTML unescaping runs in every round (not gated by triggers): it
        // must leave the segment and the result alone (the fused loop says
        // whether either may hold `&`).
        let html_alone = |text: &str| {
            let html = match self.config.unescape_html {
                HtmlMode::Always => true,
                HtmlMode::Never => false,
                HtmlMode::Auto => !segment.contains('<'),
            };
            !html || !text.contains('&') || changed_text(text, fixes::unescape_html(text)).is_none()
        };
        thread_local! {
            static CHANGES: std::cell::Cell<crate::cjk_text::index_fast::Changes> =
                std::cell::Cell::default();
        }
        let mut changes = CHANGES.take();
        // The loop asks for the segment's repair triggers as it goes, until
        // both repairs have one (and leaves on a single-character trigger,
        // in the segment or written).
        let mut in_segment = 0;
        let base = out.len();
        let fused = crate::cjk_text::index_fast::fuse_into(
            segment,
            |i, cp, len| {
                // (The loop asks every `?` before non-ASCII as `?`.)
                in_segment |= if cp == u32::from(b'?') {
                    self.hole_mark_trigger_at(segment, i, in_segment)
                } else {
                    self.repair_triggers_at(segment, i, cp, len, !in_segment)
                };
                in_segment == CJK_REPAIR | LATIN_REPAIR
            },
            &mut changes,
            out,
        );
        let result = if !fused || changes.amp && !html_alone(segment) {
            Err(None)
        } else {
            match self.segment_first_repair(segment, in_segment) {
                Err(found) => Err(Some(found)),
                Ok(_) if changes.dirty.is_empty() => Ok(false),
                Ok(cjk_passed_over) => {
                    let result = &out[base..];
                    let html = !changes.amp || html_alone(result);
                    let (in_out, first_latin) =
                        self.repair_triggers_among(result, &changes, in_segment);
                    (html
                        && self.result_repairs_leave_alone(
                            result,
                            in_out,
                            in_segment,
                            first_latin,
                            cjk_passed_over.then_some(&changes),
                        ))
                    .then_some(true)
                    .ok_or(None)
                }
            }
        };
        if result.is_err() {
            out.truncate(base);
        }
        changes.shrink_if_large();
        CHANGES.set(changes);
        result
    }

    /// [`Fixer::repairs_leave_alone`] for the fused pass's result `out`
    /// (`in_out`: the repairs with a trigger there; `in_segment`: in the
    /// segment, which they left alone). When `fix_encoding` has no trigger
    /// in the segment, every one in `out` is near a change, the first at
    /// byte `first_latin`, and `out` is bad (what `fix_encoding` needs to
    /// act) only if a rule matches from one of them or the two characters
    /// before it (`badness::first_bad_in`'s scan): so only `out` from two
    /// characters before the first is looked at, and the whole
    /// `fix_encoding` runs only when a rule matches there.
    ///
    /// `passed_over`: the fused pass's changes when the CJK repair passed
    /// over every trigger of the segment without starting a repair of spans
    /// ([`Fixer::segment_first_repair`] says `Ok(true)`); then the CJK repair
    /// runs on `out` only if [`Fixer::cjk_result_passed_over`] cannot tell
    /// that it leaves `out` alone.
    fn result_repairs_leave_alone(
        &self,
        out: &str,
        in_out: u8,
        in_segment: u8,
        first_latin: usize,
        passed_over: Option<&crate::cjk_text::index_fast::Changes>,
    ) -> bool {
        let mut in_out = in_out;
        if in_out & CJK_REPAIR != 0
            && passed_over.is_some_and(|changes| self.cjk_result_passed_over(out, changes))
        {
            in_out &= !CJK_REPAIR;
        }
        if in_out & LATIN_REPAIR != 0 && in_segment & LATIN_REPAIR == 0 {
            let from = out[..first_latin]
                .char_indices()
                .nth_back(1)
                .map_or(0, |(k, _)| k);
            if badness::first_bad_in(&out[from..], from == 0, 0).is_none()
                && !(self.config.fix_wrong_codepage && wrong_page::has_trigger(&out[from..]))
            {
                in_out &= !LATIN_REPAIR;
            }
        }
        self.repairs_leave_alone(out, in_out)
    }

    /// The `display` (`corpus` false) or `corpus` preset on a segment, in
    /// the fused pass (`cjk_text::display_fast`), appending the result to
    /// `out`: `Ok(whether it differs from the segment)`, or `Err` (with
    /// `out` as it was) when the segment needs the sequential pipeline, with
    /// the repair found to change it if that is why ([`FoundRepair`]).
    /// What the fused loop does not see is checked here as the sequential
    /// pipeline would run it: the encoding repairs (those triggered) must
    /// leave the segment and the result alone, and so must the web-scrape
    /// repairs of `corpus` wherever their pre-checks could fire (in the
    /// result, near the changes only when the segment had none).
    #[inline(never)]
    fn display_fast_into(
        &self,
        corpus: bool,
        segment: &str,
        out: &mut String,
    ) -> Result<bool, Option<FoundRepair>> {
        thread_local! {
            static STATE: std::cell::Cell<(crate::cjk_text::index_fast::Changes, Vec<usize>)> =
                std::cell::Cell::default();
        }
        let (mut changes, mut sites) = STATE.take();
        let mut in_segment = 0;
        let base = out.len();
        let fused = crate::cjk_text::display_fast::fuse_into(
            corpus,
            segment,
            |i, cp, len| {
                // (The loop asks every `?` before non-ASCII as `?`.)
                in_segment |= if cp == u32::from(b'?') {
                    self.hole_mark_trigger_at(segment, i, in_segment)
                } else {
                    self.repair_triggers_at(segment, i, cp, len, !in_segment)
                };
                in_segment == CJK_REPAIR | LATIN_REPAIR
            },
            &mut changes,
            &mut sites,
            out,
        );
        let result = if !fused {
            Err(None)
        } else {
            match self.segment_first_repair(segment, in_segment) {
                Err(found) => Err(Some(found)),
                Ok(cjk_passed_over) => {
                    let scrape = ScrapeCheck::new(self, segment, &sites);
                    match scrape.leaves_segment_alone(self, segment) {
                        None => Err(None),
                        Some(_) if changes.dirty.is_empty() => Ok(false),
                        Some(resync_clean) => {
                            let result = &out[base..];
                            let (in_out, first_latin) =
                                self.repair_triggers_among(result, &changes, in_segment);
                            (self.result_repairs_leave_alone(
                                result,
                                in_out,
                                in_segment,
                                first_latin,
                                cjk_passed_over.then_some(&changes),
                            ) && scrape.leaves_result_alone(
                                self,
                                segment,
                                result,
                                &changes.dirty,
                                resync_clean,
                            ))
                            .then_some(true)
                            .ok_or(None)
                        }
                    }
                }
            }
        };
        if result.is_err() {
            out.truncate(base);
        }
        changes.shrink_if_large();
        if sites.capacity() > crate::cjk_text::index_fast::MAX_KEPT {
            sites = Vec::new();
        }
        STATE.set((changes, sites));
        result
    }

    /// Whether the configured normalization could change `c` in some
    /// context (the fused passes' tables leave such characters out).
    pub(crate) fn not_inert(&self, c: char) -> bool {
        self.inert.is_some_and(|inert| inert.not_inert(c))
    }

    /// Whether `c` is one of `double_byte_resync`'s trigger characters (when
    /// it is on).
    pub(crate) fn resync_trigger_char(&self, c: char) -> bool {
        let cp = c as u32;
        self.resync_triggers
            .is_some_and(|set| cp < 0x10000 && set.contains(cp))
    }

    /// [`CJK_REPAIR`] when the CJK repair is on, not yet among `found`, and
    /// the `?` at byte `i` of `text` starts a run (`cjk::is_hole_mark_trigger`).
    fn hole_mark_trigger_at(&self, text: &str, i: usize, found: u8) -> u8 {
        if found & CJK_REPAIR == 0
            && self.config.fix_cjk_encoding
            && text.as_bytes().get(i + 1).is_some_and(|&n| n >= 0x80)
            && cjk::is_hole_mark_trigger(text, i + 1)
        {
            CJK_REPAIR
        } else {
            0
        }
    }

    /// [`CJK_REPAIR`] when the CJK repair is on, not yet among `found`, and
    /// `text` holds a `?` that starts a run (`cjk::has_hole_mark_trigger`:
    /// the fused loops ask only non-ASCII characters).
    fn hole_mark_trigger_in(&self, text: &str, found: u8) -> u8 {
        if found & CJK_REPAIR == 0
            && self.config.fix_cjk_encoding
            && cjk::has_hole_mark_trigger(text)
        {
            CJK_REPAIR
        } else {
            0
        }
    }

    /// Which encoding repairs have a trigger in `out`, the fused pass's
    /// result for a segment in which those of `in_segment` have one, and
    /// the byte offset of the first `fix_encoding` trigger among those
    /// looked at (`out.len()` when none is).
    /// Looks only at `changes.starts` (among them every character where a
    /// trigger can start, but those the fused loop found to have none:
    /// `index_fast::Changes::starts`); for a repair without a trigger in the segment,
    /// only at those whose window (a character is at most 4 bytes) reaches
    /// a change (`changes.dirty`): every other window is one of the
    /// segment's.
    fn repair_triggers_among(
        &self,
        out: &str,
        changes: &crate::cjk_text::index_fast::Changes,
        in_segment: u8,
    ) -> (u8, usize) {
        let all = CJK_REPAIR | LATIN_REPAIR;
        let dirty = &changes.dirty;
        let mut found = 0;
        let mut first_latin = out.len();
        let mut k = 0;
        for &q in &changes.starts {
            // The first range that ends after the character before `q`
            // starts nearest (triggers look one character back, at most 4
            // bytes: `two_byte_utf8`, `replacement_runs`).
            while k < dirty.len() && dirty[k].1 + 4 <= q {
                k += 1;
            }
            let near = k < dirty.len() && dirty[k].0 < q + 4 * REPAIR_WINDOW;
            let want = if near { all } else { in_segment } & !found;
            if want == 0 {
                if k == dirty.len() && in_segment & !found == 0 {
                    break;
                }
                continue;
            }
            // (Not `utf8::decode_at`: another caller makes it out of line
            // in `first_trigger`.)
            let c = out[q..].chars().next().unwrap_or_default();
            let here = self.repair_triggers_at(out, q, c as u32, c.len_utf8(), want);
            if here & LATIN_REPAIR != 0 {
                first_latin = q;
            }
            found |= here;
            if found == all {
                break;
            }
        }
        // A `?` that starts a run: anywhere in `out` where the segment had a
        // CJK trigger, else only where a change is at most a window after
        // it (a mark's test looks no further).
        if in_segment & CJK_REPAIR != 0 {
            found |= self.hole_mark_trigger_in(out, found);
        } else if found & CJK_REPAIR == 0 && self.config.fix_cjk_encoding {
            // (One search from the first change's window to the last
            // change: the changes of a segment are few and near.)
            if let (Some(&(a, _)), Some(&(_, b))) = (dirty.first(), dirty.last()) {
                let from = a.saturating_sub(4 * REPAIR_WINDOW + 1);
                let to = (b + 1).min(out.len());
                if memchr::memchr_iter(b'?', &out.as_bytes()[from..to])
                    .any(|at| self.hole_mark_trigger_at(out, from + at, 0) != 0)
                {
                    found |= CJK_REPAIR;
                }
            }
        }
        (found, first_latin)
    }

    /// For the `index` fused loop: when the encoding repairs' trigger test
    /// at `c` ([`Fixer::repair_triggers_at`]) is the CJK repair's pair test
    /// and nothing else (`fix_encoding` cannot start at `c`), its masks
    /// (`cjk::pair_only_masks`: no trigger at `c` followed by a three-byte
    /// character whose `cjk::follow_masks` they do not meet); else `None`.
    pub(crate) fn index_pair_only(&self, c: char) -> Option<u16> {
        if self.latin_may_start(c) {
            return None;
        }
        if !self.config.fix_cjk_encoding {
            return (!c.is_ascii() && (c as u32) < 0x10000).then_some(0);
        }
        cjk::pair_only_masks(c)
    }

    /// [`Fixer::repair_triggers_at`] for both repairs at byte `i` of `text`.
    #[cfg(test)]
    pub(crate) fn repair_verdict_at(&self, text: &str, i: usize) -> u8 {
        let c = text[i..].chars().next().unwrap_or_default();
        self.repair_triggers_at(text, i, c as u32, c.len_utf8(), CJK_REPAIR | LATIN_REPAIR)
    }

    /// Whether an encoding repair could start at `c` (its first bit test;
    /// never at ASCII), and whether a single-character fixer could act on
    /// it.
    pub(crate) fn index_triggers(&self, c: char) -> (bool, bool) {
        let cp = c as u32;
        (
            cp >= 0x10000 || (cp >= 0x80 && self.context_starts.contains(cp)),
            cp >= 0x10000 || self.char_triggers.contains(cp),
        )
    }

    /// [`Fixer::first_repair`] for a segment the fused passes took: `Err`
    /// with the repair found to change it, else `Ok(whether the CJK repair
    /// passed over every trigger of the segment without starting a repair
    /// of spans)`, which [`Fixer::cjk_result_passed_over`] builds on for the
    /// result. (`cjk::passes_over` is `fix_cjk_encoding` up to its first
    /// repair of spans, which it then replaces: when no such repair starts,
    /// it says whether the later passes leave the text alone.) Also
    /// `Ok(true)` when the CJK repair has no trigger in the segment
    /// (`triggered`) or is off.
    fn segment_first_repair(&self, text: &str, triggered: u8) -> Result<bool, FoundRepair> {
        let cjk = triggered & CJK_REPAIR != 0 && self.config.fix_cjk_encoding;
        let (passed_over, alone) = if !cjk {
            (true, true)
        } else if !result_skip() {
            (false, false)
        } else {
            match cjk::passes_over(text, None, |_| false) {
                Some(alone) => (true, alone),
                None => (false, false),
            }
        };
        // (When the CJK repair changes the text, `first_repair` runs it to
        // say how.)
        let triggered = if alone {
            triggered & !CJK_REPAIR
        } else {
            triggered
        };
        match self.first_repair(text, triggered) {
            Some(found) => Err(found),
            None => Ok(passed_over),
        }
    }

    /// Whether the CJK repair leaves `out`, the fused pass's result for a
    /// segment (`changes`), alone because it passes over every trigger there
    /// too and its later passes leave `out` alone, given that it passed
    /// over every trigger of the segment ([`Fixer::segment_first_repair`]).
    ///
    /// Why the segment's verdicts hold for the triggers of `out` far from
    /// the changes: `fix_cjk_encoding` on a text passes over a UTF-8
    /// trigger at `q` when `is_false_utf8_trigger` judges it so, and that
    /// judgement reads, per encoding of the trigger's mask, the run of
    /// characters the encoding takes around `q` (back to the first
    /// character it cannot take or ASCII, forward the same way,
    /// `run_proposes_nothing`) and one character before and after it; the
    /// mask itself is the value of `utf8_at`, which reads `q`'s character
    /// and those after it up to the first ASCII one (after at most six);
    /// `utf8_trigger_mask` may read further (`replacement_within` looks 12
    /// characters ahead, across ASCII) only in its `ruled_out` shortcut,
    /// which the unit test `the_trigger_test_is_the_plain_one` shows equal
    /// to `utf8_at`, so the mask's value depends on nothing more. All of
    /// that lies in the stretch of non-ASCII bytes around `q`
    /// and the byte on each side of it (ASCII, or the text's edge). When no
    /// change (`changes.dirty`, an empty one where text was removed) meets
    /// that span, the span is, byte for byte and with the same edges, one of
    /// the segment (outside the changes `out` is the segment piece by
    /// piece), where the same trigger with the same mask had its runs
    /// judged passed over: so they are here (`cjk::passes_over`'s `known`).
    /// Every other test (single-byte trigger, mask, later passes, a `?`
    /// beside non-ASCII) runs on `out` itself, at `changes.starts` (which
    /// leave out only characters without a trigger), and the runs of the
    /// triggers near a change are judged on `out`. (When the segment had no
    /// CJK trigger at all, `segment_first_repair` says `Ok(true)` too: the
    /// fused loop asks for the CJK trigger at every start of the segment
    /// until it finds one, so `in_segment`'s CJK bit is exact, and a trigger
    /// of `out` far from every change would have been one of the segment.)
    /// This relies on `changes.starts` holding every start of `out` that
    /// may carry any of the CJK repair's triggers (`replacement_runs` and
    /// `two_byte_utf8` included): `dirty_ranges_and_starts_cover_every_change`
    /// and `starts_left_out_have_no_trigger` test that on the corpora.
    fn cjk_result_passed_over(
        &self,
        out: &str,
        changes: &crate::cjk_text::index_fast::Changes,
    ) -> bool {
        if !result_skip() {
            return false;
        }
        let far = |q: usize| far_from_changes(out.as_bytes(), &changes.dirty, q);
        let verdict = cjk::passes_over(out, Some(&changes.starts), far) == Some(true);
        #[cfg(test)]
        if verdict {
            RESULT_SKIP_AUDIT.with(|audit| {
                let (fired, wrong) = audit.get();
                let full = cjk::passes_over(out, None, |_| false);
                let repaired = self.first_repair(out, CJK_REPAIR).is_some();
                audit.set((
                    fired + 1,
                    wrong + usize::from(full != Some(true) || repaired),
                ));
            });
        }
        verdict
    }

    /// Whether the encoding repairs among `triggered` ([`CJK_REPAIR`],
    /// [`LATIN_REPAIR`]: those with a trigger in `text`; the others leave
    /// it alone) leave `text` alone.
    fn repairs_leave_alone(&self, text: &str, triggered: u8) -> bool {
        self.first_repair(text, triggered).is_none()
    }

    /// The first of the encoding repairs among `triggered` (as in
    /// [`Fixer::repairs_leave_alone`]; the CJK repair first, as the
    /// pipeline runs them) that changes `text`, with its result.
    fn first_repair(&self, text: &str, triggered: u8) -> Option<FoundRepair> {
        let config = &self.config;
        let mut plan = Vec::new();
        if triggered & CJK_REPAIR != 0 && config.fix_cjk_encoding {
            if let Some(new) = changed_text(text, cjk::fix_cjk_encoding(text, &mut plan)) {
                return Some(FoundRepair {
                    repair: CJK_REPAIR,
                    new,
                    plan,
                });
            }
        }
        if triggered & LATIN_REPAIR != 0 && config.fix_encoding {
            let latin = config.latin_options();
            plan.clear();
            if let Some(new) = changed_text(text, latin::fix_encoding(text, &latin, &mut plan)) {
                return Some(FoundRepair {
                    repair: LATIN_REPAIR,
                    new,
                    plan,
                });
            }
        }
        None
    }

    /// Runs every enabled fixer over one segment until nothing changes (the
    /// sequential pipeline).
    fn run_pipeline<'a>(
        &self,
        segment: &'a str,
        explain: Option<&mut Vec<Change>>,
    ) -> Cow<'a, str> {
        self.run_pipeline_after(segment, explain, None)
    }

    /// [`Fixer::run_pipeline`] on a segment for which a fused pass already
    /// found what an encoding repair makes of it (`found`): the pipeline's
    /// run of that repair on the segment itself takes it instead of
    /// repairing again.
    fn run_pipeline_after<'a>(
        &self,
        segment: &'a str,
        mut explain: Option<&mut Vec<Change>>,
        mut found: Option<FoundRepair>,
    ) -> Cow<'a, str> {
        let config = &self.config;
        let html = match config.unescape_html {
            HtmlMode::Always => true,
            HtmlMode::Never => false,
            HtmlMode::Auto => !segment.contains('<'),
        };
        let latin_options = config.latin_options();
        let mut text = Cow::Borrowed(segment);
        // A text this segment passed through, with the triggers it lacks.
        let mut snap: Option<Snapshot<'a>> = None;
        // The first check's findings, at a version.
        let mut prescan: Option<(u32, FirstScan)> = None;
        // The last text `double_byte_resync` left alone (borrowed), so that
        // after later steps change it, only what they changed is analysed
        // again.
        // (With the facts about the whole line that the analysis compares.)
        let mut resync_clean: Option<crate::scrape::ResyncClean> = None;
        // Every change bumps the version. A step that left the text alone at
        // the current version would leave it alone again, so it is skipped
        // (the confirming round reruns only the steps before the last
        // change). Steps: 0 HTML, 1 the encoding repairs, then the
        // web-scrape repairs, the single-character fixers, the CJK passes,
        // normalization, casefold.
        let version = std::cell::Cell::new(0u32);
        let scrape = self.scrape_fixers.len();
        let steps = 4 + scrape + self.char_fixers.len() + self.cjk_ops.len();
        debug_assert!(steps <= MAX_STEPS);
        let mut clean_at = [u32::MAX; MAX_STEPS];
        // The CJK feature bits of the text at a version, and whether they
        // are exact (else a superset).
        let mut features: Option<(u32, u32, bool)> = None;
        // The version each encoding repair last left alone (CJK, Latin): it
        // is not run on that version again (a repair's result depends on
        // the text alone). The confirming round so reruns the Latin repair
        // only when something changed the text after it.
        let mut repair_clean_at = [u32::MAX; 2];
        // Past `MAX_ROUNDS` (the text changed in every round so far): the
        // text after each round from the `MAX_ROUNDS`-th on, with how many
        // changes had been recorded by then.
        let mut past_bound: Vec<(String, usize)> = Vec::new();
        for round in 1..=self.settle_rounds {
            let round_start = version.get();
            // (version, whether the text had no repair trigger) when checked.
            let mut repair_verdict: Option<(u32, bool)> = None;
            let mut record = |text: &mut Cow<'a, str>,
                              fixer: &'static str,
                              steps: Vec<Step>,
                              new: Option<String>| {
                let Some(new) = new else { return };
                if let Some(changes) = explain.as_deref_mut() {
                    changes.push(Change {
                        fixer,
                        steps,
                        before: text.to_string(),
                        after: new.clone(),
                    });
                }
                *text = Cow::Owned(new);
                version.set(version.get() + 1);
            };
            // Runs step `k` unless it already left this version alone. `run`
            // says what its outcome proves (see `Verdict`).
            let first_op = 2 + scrape + self.char_fixers.len();
            let mut step = |k: usize, run: &mut dyn FnMut() -> Verdict| {
                if clean_at[k] == version.get() {
                    return;
                }
                let before = version.get();
                match run() {
                    Verdict::Holds if version.get() == before => clean_at[k] = before,
                    Verdict::Idempotent => clean_at[k] = version.get(),
                    _ => {}
                }
                // A CJK pass that acted keeps the passes it cannot make act
                // (`Op::keeps_clean`) clean on its output.
                let after = version.get();
                if after != before && k >= first_op {
                    if let Some(op) = self.cjk_ops.get(k - first_op) {
                        let mut keeps = op.keeps_clean;
                        while keeps != 0 {
                            let j = first_op + keeps.trailing_zeros() as usize;
                            keeps &= keeps - 1;
                            if clean_at[j] == before {
                                clean_at[j] = after;
                            }
                        }
                    }
                }
            };
            if html {
                step(0, &mut || {
                    let new = changed_text(&text, fixes::unescape_html(&text));
                    record(&mut text, "unescape_html", apply_step("unescape_html"), new);
                    Verdict::Holds
                });
            }
            // The encoding repairs take turns until neither changes anything,
            // before any fixer restyles characters: the intermediate text of
            // nested damage (UTF-8 → GBK → UTF-8 → windows-1252) holds
            // characters, such as vertical forms, that later fixers would
            // normalize and the next layer's repair needs as they are. CJK
            // repair goes first: it leaves spans whose bytes are valid UTF-8 to
            // the Latin repair, which would otherwise take GBK read as Latin-1
            // for UTF-8 piece by piece.
            // Each repair runs again only when the other changed the text
            // since its last run.
            step(1, &mut || {
                // Only when some repair trigger is in the text (after a first
                // check: near what the fixers changed since).
                let first = snap.is_none();
                let dirty = snap
                    .as_mut()
                    .filter(|s| s.no_repair_trigger)
                    .map(|s| s.changes(&text, version.get()));
                // (`fix_cjk_cross_legacy`'s trigger depends on its whole
                // line, `cross_trigger_at`: a change anywhere in it can
                // make a gate far from the change a trigger.)
                let dirty = if self.cross_legacy { None } else { dirty };
                let may_repair = if !config.fix_cjk_encoding {
                    // The Latin repair alone scans faster than its triggers
                    // can be checked, and without the CJK repair texts
                    // change densely (ftfy's width and quote fixers): no
                    // gates then.
                    config.fix_encoding
                } else if first {
                    // The first check: one pass for the other checks too.
                    let scan = self.first_scan(&text, !self.cjk_ops.is_empty());
                    prescan = Some((version.get(), scan));
                    scan.repair_trigger
                } else {
                    (config.fix_cjk_encoding || config.fix_encoding)
                        && Self::trigger_since(&text, dirty, REPAIR_WINDOW, |r| {
                            self.repair_trigger_in(&text, r)
                        })
                };
                repair_verdict = Some((version.get(), !may_repair));
                let mut run_latin = true;
                for _ in 0..MAX_ROUNDS {
                    if !may_repair {
                        break;
                    }
                    if config.fix_cjk_encoding && repair_clean_at[0] != version.get() {
                        let mut plan = Vec::new();
                        let mut new =
                            match FoundRepair::take(&mut found, CJK_REPAIR, &text, segment) {
                                Some((new, found_plan)) => {
                                    plan = found_plan;
                                    Some(new)
                                }
                                None => {
                                    changed_text(&text, cjk::fix_cjk_encoding(&text, &mut plan))
                                }
                            };
                        // One legacy encoding read as another, where the
                        // repair leaves the text as it is (within it).
                        let mut name = "fix_cjk_encoding";
                        if new.is_none() && config.fix_cjk_cross_legacy {
                            new = changed_text(&text, cjk::fix_cjk_cross_legacy(&text, &mut plan));
                            name = "fix_cjk_cross_legacy";
                        }
                        run_latin |= new.is_some();
                        if new.is_none() {
                            repair_clean_at[0] = version.get();
                        }
                        record(&mut text, name, plan, new);
                    }
                    let mut latin_changed = false;
                    if config.fix_encoding && run_latin && repair_clean_at[1] != version.get() {
                        let mut plan = Vec::new();
                        let new = match FoundRepair::take(&mut found, LATIN_REPAIR, &text, segment)
                        {
                            Some((new, found_plan)) => {
                                plan = found_plan;
                                Some(new)
                            }
                            None => changed_text(
                                &text,
                                latin::fix_encoding(&text, &latin_options, &mut plan),
                            ),
                        };
                        latin_changed = new.is_some();
                        if !latin_changed {
                            repair_clean_at[1] = version.get();
                        }
                        record(&mut text, "fix_encoding", plan, new);
                    }
                    run_latin = false;
                    if !latin_changed || !config.fix_cjk_encoding {
                        break;
                    }
                }
                Verdict::Holds
            });
            // The web-scrape repairs (off but in the corpus preset), which
            // check their own triggers cheaply.
            for (j, &(name, fix)) in self.scrape_fixers.iter().enumerate() {
                step(2 + j, &mut || {
                    // Where the first scan found nothing its pre-check fires
                    // on, it would return the text unchanged; after a first
                    // scan of an earlier version found nothing, only near
                    // what changed since is looked at.
                    let kind = if name == "double_byte_resync" {
                        RESYNC
                    } else {
                        PINYIN
                    };
                    let none = match prescan {
                        Some((v, scan)) if v == version.get() && !scan.repair_trigger => {
                            !scan.scrape_trigger[kind]
                        }
                        _ => match snap.as_mut().filter(|s| s.no_scrape_trigger[kind]) {
                            Some(s) => {
                                let dirty = s.changes(&text, version.get());
                                !Self::trigger_since(&text, Some(dirty), SCRAPE_WINDOW, |r| {
                                    self.scrape_trigger_in(kind, &text, r)
                                })
                            }
                            None => false,
                        },
                    };
                    if none {
                        return Verdict::Holds;
                    }
                    let result = if kind == RESYNC {
                        let (result, clean) = match resync_clean.as_ref() {
                            Some(old) => {
                                let mut dirty = Vec::new();
                                changed_ranges(old.text().as_bytes(), text.as_bytes(), &mut dirty);
                                crate::scrape::resync_since(old, &text, &dirty)
                            }
                            None => crate::scrape::resync_first(&text),
                        };
                        resync_clean = clean;
                        result
                    } else {
                        fix(&text)
                    };
                    let new = changed_text(&text, result);
                    record(&mut text, name, apply_step(name), new);
                    Verdict::Holds
                });
            }
            // The single-character fixers, when a trigger character of
            // theirs is in the text (after a first check: near what the
            // fixers changed since).
            let dirty = snap
                .as_mut()
                .filter(|s| s.no_char_trigger)
                .map(|s| s.changes(&text, version.get()));
            let may_char_fix = !self.char_fixers.is_empty()
                && (!config.fix_cjk_encoding
                    || match prescan {
                        Some((v, scan)) if v == version.get() && !scan.repair_trigger => {
                            scan.char_trigger
                        }
                        _ => Self::trigger_since(&text, dirty, CHAR_WINDOW, |r| {
                            self.char_trigger_in(&text, r)
                        }),
                    });
            // Remember the text if it lacks either kind of trigger.
            let v = version.get();
            let no_repair = repair_verdict == Some((v, true));
            let no_norm = matches!(prescan, Some((pv, scan))
                if pv == v && !scan.repair_trigger && !scan.norm_trigger);
            let no_scrape = [RESYNC, PINYIN].map(|kind| {
                matches!(prescan, Some((pv, scan))
                    if pv == v && !scan.repair_trigger && !scan.scrape_trigger[kind])
            });
            match &mut snap {
                Some(s) if s.version == v => {
                    s.no_repair_trigger |= no_repair;
                    s.no_char_trigger |= !may_char_fix;
                    s.no_norm_trigger |= no_norm;
                    for (have, new) in s.no_scrape_trigger.iter_mut().zip(no_scrape) {
                        *have |= new;
                    }
                }
                _ if config.fix_cjk_encoding && (no_repair || !may_char_fix) => {
                    snap = Some(Snapshot {
                        text: text.clone(),
                        version: v,
                        no_repair_trigger: no_repair,
                        no_char_trigger: !may_char_fix,
                        no_norm_trigger: no_norm,
                        no_scrape_trigger: no_scrape,
                        changes: None,
                    })
                }
                _ => {}
            }
            for (j, &(name, fix)) in self.char_fixers.iter().enumerate() {
                if !may_char_fix {
                    break;
                }
                step(2 + scrape + j, &mut || {
                    let new = changed_text(&text, fix(&text));
                    record(&mut text, name, apply_step(name), new);
                    Verdict::Holds
                });
            }
            let mut new_round = true;
            for (k, op) in self.cjk_ops.iter().enumerate() {
                step(first_op + k, &mut || {
                    // One scan says which CJK passes could act on this
                    // segment; a pass that acts adds what it can write (a
                    // superset, so within a round only: the "none of" part
                    // of a gate needs the exact bits).
                    let (bits, exact) = match (features, prescan) {
                        (Some((v, bits, exact)), _)
                            if v == version.get() && (exact || !new_round) =>
                        {
                            (bits, exact)
                        }
                        // A new round on the superset the last round left:
                        // a pass it rules out is ruled out by the exact bits
                        // too, so they are computed only when a pass may
                        // act (on the text as the round found it, as
                        // nothing has acted yet).
                        (Some((v, bits, false)), _)
                            if v == version.get() && !op.may_act_within(bits) =>
                        {
                            return Verdict::Holds;
                        }
                        (_, Some((v, scan))) if v == version.get() && !scan.repair_trigger => {
                            (scan.features, true)
                        }
                        _ => (crate::cjk_text::features(&text), true),
                    };
                    new_round = false;
                    features = Some((version.get(), bits, exact));
                    if !op.may_act(bits) {
                        return if exact {
                            Verdict::Holds
                        } else {
                            Verdict::Guess
                        };
                    }
                    let new = changed_text(&text, (op.fix)(&text));
                    let acted = new.is_some();
                    if acted {
                        record(&mut text, op.switch, apply_step(op.step), new);
                        features = Some((version.get(), bits | op.introduces, false));
                    }
                    if acted && op.idempotent {
                        Verdict::Idempotent
                    } else {
                        Verdict::Holds
                    }
                });
            }
            let last = first_op + self.cjk_ops.len();
            if let Some(form) = config.normalization {
                step(last, &mut || {
                    let may = match prescan {
                        Some((v, scan)) if v == version.get() && !scan.repair_trigger => {
                            scan.norm_trigger
                        }
                        _ => match snap.as_mut().filter(|s| s.no_norm_trigger) {
                            Some(s) => {
                                let dirty = s.changes(&text, version.get());
                                Self::trigger_since(&text, Some(dirty), CHAR_WINDOW, |r| {
                                    // The range may end inside a character.
                                    let mut end = r.end;
                                    while !text.is_char_boundary(end) {
                                        end += 1;
                                    }
                                    may_normalize(&text[r.start..end], self.inert)
                                })
                            }
                            None => may_normalize(&text, self.inert),
                        },
                    };
                    if !may {
                        return Verdict::Holds;
                    }
                    let (result, name) =
                        normalize(&text, form, config.keep_cjk_compatibility_ideographs);
                    let new = changed_text(&text, result);
                    record(
                        &mut text,
                        "normalization",
                        vec![Step::new(Action::Normalize, name)],
                        new,
                    );
                    // Normalizing is idempotent (so is leaving compatibility
                    // ideographs out of it: they are starters).
                    Verdict::Idempotent
                });
            }
            if config.casefold {
                step(last + 1, &mut || {
                    let new = changed_text(&text, crate::cjk_text::casefold(&text));
                    record(&mut text, "casefold", apply_step("casefold"), new);
                    // Folding is idempotent (`tools/gen_casefold.py` checks).
                    Verdict::Idempotent
                });
            }
            // Another round can only act where some fixer has a trigger: a
            // changed text without any is final (this spares most changed
            // lines the confirming round).
            if version.get() == round_start || self.first_trigger(&text).is_none() {
                break;
            }
            // Still changing after `MAX_ROUNDS`: the rounds go on, so that
            // the result is one the pipeline keeps (fixing it again changes
            // nothing), and a segment that settles within `MAX_ROUNDS`
            // keeps the result it had before. Where the texts repeat (a
            // cycle of `period` rounds), the result is the text after
            // `MAX_ROUNDS` rounds when that is in the cycle and the period
            // divides `MAX_ROUNDS` (the rounds from it come back to it, as
            // before), else the cycle's least text (the same whichever of
            // its texts the rounds start from). Neither is a text the
            // pipeline keeps (its rounds go on round the cycle): fixing it
            // again gives it back because the choice is a function of the
            // cycle. A segment that neither settles nor repeats within the
            // last round (`settle_rounds`) keeps the text after
            // `MAX_ROUNDS` rounds, what the bound alone gave: never less
            // repaired than that, but fixing it again takes it further
            // (not idempotent, as with the bound alone: so an HTML entity
            // nested more than `SETTLE_ROUNDS` deep under `ftfy`, which
            // loses one level a round).
            if round < MAX_ROUNDS {
                continue;
            }
            let recorded = explain.as_deref().map_or(0, Vec::len);
            let chosen = match cycle_choice(&past_bound, &text) {
                Some(k) => k,
                None if round < self.settle_rounds => {
                    past_bound.push((text.to_string(), recorded));
                    continue;
                }
                // The last round is the `MAX_ROUNDS`-th (a test's bound):
                // its text stays.
                None if past_bound.is_empty() => break,
                None => 0,
            };
            let (t, recorded) = past_bound.swap_remove(chosen);
            text = Cow::Owned(t);
            if let Some(changes) = explain.as_deref_mut() {
                changes.truncate(recorded);
            }
            break;
        }
        if let Some(converter) = self.converter {
            if let Some(new) = changed_text(&text, converter.convert(&text)) {
                if let Some(changes) = explain {
                    let name = converter.config().to_string();
                    changes.push(Change {
                        fixer: "convert",
                        steps: vec![Step::new(Action::Convert, name)],
                        before: text.to_string(),
                        after: new.clone(),
                    });
                }
                text = Cow::Owned(new);
            }
        }
        text
    }
}

/// Where `text`, the text after a round past [`MAX_ROUNDS`], repeats one of
/// `past` (the texts after rounds `MAX_ROUNDS`, `MAX_ROUNDS + 1`, … before
/// it, with how many changes had been recorded by then), which of them
/// ends the rounds: the first (the text after `MAX_ROUNDS` rounds) when it
/// is in the cycle and the cycle's period divides `MAX_ROUNDS`, else the
/// cycle's least text. `None` when `text` repeats none of them.
fn cycle_choice(past: &[(String, usize)], text: &str) -> Option<usize> {
    let m = past.iter().position(|(t, _)| t == text)?;
    let period = past.len() - m;
    if m == 0 && MAX_ROUNDS % period == 0 {
        return Some(0);
    }
    (m..past.len()).min_by(|&a, &b| past[a].0.cmp(&past[b].0))
}

/// What an encoding repair ([`CJK_REPAIR`] or [`LATIN_REPAIR`]) makes of
/// a segment, found by a fused pass before it handed the segment to the
/// sequential pipeline, which takes it instead of repairing the segment
/// again (damaged lines are not repaired twice). It is passed along, never
/// stored: a repair's result depends on the text and the Fixer alone.
struct FoundRepair {
    repair: u8,
    new: String,
    plan: Vec<Step>,
}

impl FoundRepair {
    /// The found result and plan when they are `repair`'s and `text` is the
    /// segment they were found on (emptying `found`).
    fn take(
        found: &mut Option<FoundRepair>,
        repair: u8,
        text: &str,
        segment: &str,
    ) -> Option<(String, Vec<Step>)> {
        if found.as_ref()?.repair != repair || text != segment {
            return None;
        }
        found.take().map(|f| (f.new, f.plan))
    }
}

/// The web-scrape repairs of the `corpus` preset around the fused pass
/// (`Fixer::display_fast_into`), run as `run_pipeline` runs them: on the
/// segment where a pre-check could fire, then on the result where one
/// could fire (near the changes only, for a repair whose pre-check fired
/// nowhere in the segment), `double_byte_resync` on the result from what
/// it found in the segment (`scrape::resync_since`).
struct ScrapeCheck {
    /// Per repair ([`RESYNC`], [`PINYIN`]): whether its pre-check could
    /// fire in the segment.
    fires: [bool; 2],
}

impl ScrapeCheck {
    /// From the fused loop's sites (the characters at or after which a
    /// pre-check could fire).
    fn new(fixer: &Fixer, segment: &str, sites: &[usize]) -> ScrapeCheck {
        let mut fires = [false; 2];
        let bytes = segment.as_bytes();
        for &q in sites {
            if fires == [true; 2] {
                break;
            }
            // The character before the site and the site itself.
            let before = segment[..q]
                .chars()
                .next_back()
                .map(|c| (q - c.len_utf8(), c));
            let at = segment[q..].chars().next().map(|c| (q, c));
            for (p, c) in before.into_iter().chain(at) {
                let (cp, len) = (c as u32, c.len_utf8());
                if cp < 0x80 {
                    continue;
                }
                if let Some(set) = fixer.resync_triggers {
                    fires[RESYNC] |= resync_may_start(bytes, set, p, cp, len);
                }
                fires[PINYIN] |= fixer.scrape_pinyin && pinyin_may_start(bytes, p, cp, len);
            }
        }
        ScrapeCheck { fires }
    }

    /// Whether the repairs leave the segment alone: `Some` with what
    /// `double_byte_resync` found in it (when it ran), else `None`.
    fn leaves_segment_alone(
        &self,
        fixer: &Fixer,
        segment: &str,
    ) -> Option<Option<crate::scrape::ResyncFacts>> {
        let mut resync_clean = None;
        for &(name, fix) in &fixer.scrape_fixers {
            if name == "double_byte_resync" {
                if self.fires[RESYNC] {
                    // (The segment outlives the check: its `Clean` need not
                    // copy it.)
                    let (result, clean) = crate::scrape::resync_first_facts(segment);
                    changed_text(segment, result).is_none().then_some(())?;
                    resync_clean = clean;
                }
            } else if self.fires[PINYIN] {
                changed_text(segment, fix(segment))
                    .is_none()
                    .then_some(())?;
            }
        }
        Some(resync_clean)
    }

    /// Whether the repairs leave `result` (the fused pass's, differing
    /// from `segment` in `dirty`) alone.
    fn leaves_result_alone(
        &self,
        fixer: &Fixer,
        segment: &str,
        result: &str,
        dirty: &[(usize, usize)],
        resync_clean: Option<crate::scrape::ResyncFacts>,
    ) -> bool {
        // Near the changes, for the repairs (those on) whose pre-check
        // fired nowhere in the segment: one walk looks for both.
        let want = [
            !self.fires[RESYNC] && fixer.resync_triggers.is_some(),
            !self.fires[PINYIN] && fixer.scrape_pinyin,
        ];
        let near = std::cell::Cell::new([false; 2]);
        if want != [false; 2] {
            Fixer::trigger_since(result, Some(dirty), SCRAPE_WINDOW, |r| {
                let found = fixer.scrape_triggers_in(want, result, r);
                let [a, b] = near.get();
                near.set([a || found[RESYNC], b || found[PINYIN]]);
                near.get() == want
            });
        }
        let near = near.get();
        for &(name, fix) in &fixer.scrape_fixers {
            let kind = if name == "double_byte_resync" {
                RESYNC
            } else {
                PINYIN
            };
            if !self.fires[kind] && !near[kind] {
                continue;
            }
            let new = if kind == RESYNC {
                match resync_clean.as_ref() {
                    Some(old) => {
                        let mut changed = Vec::new();
                        changed_ranges(segment.as_bytes(), result.as_bytes(), &mut changed);
                        crate::scrape::resync_since_text(old, result, &changed)
                    }
                    None => crate::scrape::resync_first(result).0,
                }
            } else {
                fix(result)
            };
            if changed_text(result, new).is_some() {
                return false;
            }
        }
        true
    }
}

/// Whether normalizing `text` could change it: some character is not inert
/// under the form (`Fixer::inert`, `Some` whenever a normalization is
/// configured; a bit test per character, much cheaper than the quick check).
fn may_normalize(text: &str, inert: Option<Inert>) -> bool {
    inert.is_some_and(|inert| text.chars().any(|c| inert.not_inert(c)))
}

/// The characters inert under a normalization form.
#[derive(Clone, Copy)]
struct Inert {
    /// The non-inert BMP characters and whether the form is a compatibility
    /// one; `None` for the decomposed forms (no character counts as inert).
    set: Option<(&'static BmpSet, bool)>,
}

impl Inert {
    fn new(form: NormalizationForm) -> Inert {
        let set = match form {
            NormalizationForm::Nfc => Some((trigger_set("nfc"), false)),
            NormalizationForm::Nfkc => Some((trigger_set("nfkc"), true)),
            _ => None,
        };
        Inert { set }
    }

    /// Whether `c` is not inert: [`may_normalize`] for one character.
    #[inline]
    fn not_inert(self, c: char) -> bool {
        let cp = c as u32;
        if cp < 0x80 {
            return false;
        }
        let Some((set, compat)) = self.set else {
            return true;
        };
        not_inert_in(set, compat, c)
    }
}

fn not_inert_in(set: &BmpSet, compat: bool, c: char) -> bool {
    let cp = c as u32;
    if cp < 0x10000 {
        set.contains(cp)
    } else if compat {
        canonical_combining_class(c) != 0
            || unicode_normalization::is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes
    } else {
        !nfc_inert(c)
    }
}

/// What running a step of `run_pipeline` proves about the text as it is
/// afterwards.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// Nothing: the step was skipped on a guess that may change.
    Guess,
    /// If the step changed nothing, it would change nothing again.
    Holds,
    /// The step would change its own output no further.
    Idempotent,
}

/// What [`Fixer::first_scan`] found.
#[derive(Clone, Copy, Default)]
struct FirstScan {
    repair_trigger: bool,
    /// Valid only without a repair trigger, as are the rest.
    char_trigger: bool,
    features: u32,
    /// A character that is not inert under the configured normalization.
    norm_trigger: bool,
    /// Per web-scrape repair ([`RESYNC`], [`PINYIN`], when on): where its
    /// own pre-check could fire (a superset: [`resync_may_start`],
    /// [`pinyin_may_start`]).
    scrape_trigger: [bool; 2],
}

/// Indices of the web-scrape repairs in [`FirstScan::scrape_trigger`] and
/// [`Snapshot::no_scrape_trigger`].
const RESYNC: usize = 0;
const PINYIN: usize = 1;

/// Whether `inline_pinyin`'s pre-check (`scrape::pinyin`'s `may_act`: a `(`
/// or `（` opening an annotation right after a BMP Han character) could fire
/// at the non-ASCII character `cp` (`len` bytes) at byte `i` (Han at any
/// plane here: a superset).
#[inline]
fn pinyin_may_start(bytes: &[u8], i: usize, cp: u32, len: usize) -> bool {
    matches!(bytes.get(i + len), Some(b'(' | 0xEF))
        && crate::scrape::opens_annotation(&bytes[i + len..])
        && char::from_u32(cp).is_some_and(crate::cjk_text::is_han)
}

/// Whether the byte after a character could let a web-scrape repair's
/// context trigger start there: an ASCII `@`–`~` (a trail byte glued to CJK,
/// `double_byte_resync`) or the first byte of `(` or `（` (`inline_pinyin`).
#[inline]
fn scrape_may_follow(next: Option<u8>) -> bool {
    next.is_some_and(|b| (b'@'..=b'~').contains(&b) || b == b'(' || b == 0xEF)
}

/// Whether `double_byte_resync`'s pre-check (`scrape::resync`'s `may_act`)
/// could fire at the non-ASCII character `cp` (`len` bytes) at byte `i`:
/// it is one of its trigger characters (`set`: U+FFFD and rare CJK, all in
/// the BMP, and katakana with a halfwidth form) and, for a katakana that is
/// not rare, stands alone between hiragana or Han, the one place `may_act`
/// looks at it (`scrape::resync_trigger_may_act_at`: the character before
/// and the one after, which the windows of the checks near changes reach,
/// see [`Fixer::trigger_since`]); or it could be the first of a CJK
/// character, an ASCII `@`–`~` and another CJK character, ASCII other than
/// a letter or digit, or the end of the text ([`glued_trail_may_end`];
/// `may_act` takes CJK as U+2E80 to U+FFEF; here any character from U+2E80,
/// then any lead byte from E2, which starts every character from U+2000: a
/// superset). A text where this holds nowhere is one the fixer returns
/// unchanged, so it need not be called.
#[inline]
fn resync_may_start(bytes: &[u8], set: &BmpSet, i: usize, cp: u32, len: usize) -> bool {
    (len < 4 && set.contains(cp) && crate::scrape::resync_trigger_may_act_at(bytes, i, cp))
        || (cp >= 0x2E80
            && bytes
                .get(i + len)
                .is_some_and(|b| (b'@'..=b'~').contains(b))
            && glued_trail_may_end(bytes, i + len, cp))
}

/// Whether the ASCII `@`–`~` at `j`, right after the CJK character `cp`,
/// may be a trail byte `double_byte_resync` looks at: what follows it is
/// the lead byte of a character from U+2000 (from E2); or it is a letter,
/// ASCII other than a letter or digit or the end of the text follows, and
/// `cp` and the letter give the evidence `scrape::resync` asks for
/// (`completes_common`, or `hiragana_end_evidence` after a hiragana); or it
/// is a lowercase letter (a fullwidth one NFKC folded), another `@`–`~`
/// follows it, then a lead byte from E2, ASCII other than a letter or digit
/// or the end, and the two give that evidence (`folded_completes`).
#[inline]
fn glued_trail_may_end(bytes: &[u8], j: usize, cp: u32) -> bool {
    let at = |q: usize| bytes.get(q).copied();
    at(j + 1).is_some_and(|b| b >= 0xE2) || glued_trail_evidence(bytes, j, cp)
}

/// The rarer cases of [`glued_trail_may_end`], out of line.
#[cold]
fn glued_trail_evidence(bytes: &[u8], j: usize, cp: u32) -> bool {
    let at = |q: usize| bytes.get(q).copied();
    let t = bytes[j];
    let prev = char::from_u32(cp).unwrap_or('\0');
    (t.is_ascii_alphabetic()
        && at(j + 1).map_or(true, |b| b < 0x80 && !b.is_ascii_alphanumeric())
        && (crate::scrape::resync::completes_common(prev, t)
            || crate::scrape::resync::hiragana_end_evidence(prev, t)))
        || (t.is_ascii_lowercase()
            && at(j + 1).is_some_and(|b| (b'@'..=b'~').contains(&b))
            && at(j + 2).map_or(true, |b| {
                b >= 0xE2 || (b < 0x80 && !b.is_ascii_alphanumeric())
            })
            && crate::scrape::resync::folded_completes(char::from(t), bytes[j + 1]))
}

/// A text a segment passed through (at a version of the segment's text)
/// and the kinds of trigger it holds none of, so that later versions need
/// checking only where they differ from it.
struct Snapshot<'a> {
    text: Cow<'a, str>,
    version: u32,
    no_repair_trigger: bool,
    no_char_trigger: bool,
    /// No character that is not inert under the configured normalization.
    no_norm_trigger: bool,
    /// Per web-scrape repair ([`RESYNC`], [`PINYIN`]): no place where its
    /// pre-check could fire.
    no_scrape_trigger: [bool; 2],
    /// [`changed_ranges`] to the text at a version.
    changes: Option<(u32, Vec<(usize, usize)>)>,
}

impl Snapshot<'_> {
    /// The changes from the snapshot to `text`, the text at `version`.
    fn changes(&mut self, text: &str, version: u32) -> &[(usize, usize)] {
        if !matches!(&self.changes, Some((v, _)) if *v == version) {
            let mut dirty = Vec::new();
            if version != self.version {
                changed_ranges(self.text.as_bytes(), text.as_bytes(), &mut dirty);
            }
            self.changes = Some((version, dirty));
        }
        self.changes.as_ref().map_or(&[], |(_, d)| d)
    }
}

/// Whether no change (`dirty`: sorted, disjoint byte ranges of `bytes`, an
/// empty one where text was removed) meets or touches the stretch of
/// non-ASCII bytes around byte `q` of `bytes` with the byte on each side of
/// it (see [`Fixer::cjk_result_passed_over`]).
fn far_from_changes(bytes: &[u8], dirty: &[(usize, usize)], q: usize) -> bool {
    let mut lo = q;
    while lo > 0 && bytes[lo - 1] >= 0x80 {
        lo -= 1;
    }
    let mut hi = q;
    while hi < bytes.len() && bytes[hi] >= 0x80 {
        hi += 1;
    }
    // The ASCII byte on each side (or the edge).
    let (lo, hi) = (lo.saturating_sub(1), (hi + 1).min(bytes.len()));
    // The first change that ends at or after `lo` must start after `hi`.
    let k = dirty.partition_point(|&(_, end)| end < lo);
    k == dirty.len() || dirty[k].0 > hi
}

/// Whether the fused passes spare the CJK repair where
/// [`Fixer::segment_first_repair`] and [`Fixer::cjk_result_passed_over`]
/// show it would pass over every trigger (tests turn it off to compare).
#[cfg(not(test))]
#[inline(always)]
fn result_skip() -> bool {
    true
}

#[cfg(test)]
thread_local! {
    static RESULT_SKIP: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
    /// (times `cjk_result_passed_over` said yes, times the full scan or the
    /// repair disagreed), counted in tests.
    static RESULT_SKIP_AUDIT: std::cell::Cell<(usize, usize)> =
        const { std::cell::Cell::new((0, 0)) };
}

#[cfg(test)]
fn result_skip() -> bool {
    RESULT_SKIP.with(|f| f.get())
}

/// How many characters an encoding repair trigger looks at, from the one it
/// starts at (`cjk::is_trigger` looks at up to seven: a U+FFFD, then a
/// character and five more; `badness::is_trigger` two), plus one for safety.
const REPAIR_WINDOW: usize = 8;

/// How many characters [`resync_may_start`] and [`pinyin_may_start`] look
/// at: a CJK character, an ASCII one and the lead byte of the next (or a
/// CJK character, a lowercase letter, an ASCII one and the next byte); a Han
/// character, `(` and a letter, or a Han character and `（` then the first
/// byte of a letter.
const SCRAPE_WINDOW: usize = 4;

/// The CJK encoding repair (`fix_cjk_encoding`), as a bit.
const CJK_REPAIR: u8 = 1;
/// The Latin encoding repair (`fix_encoding`), as a bit.
const LATIN_REPAIR: u8 = 2;

/// How many characters a single-character fixer's trigger looks at (its
/// trigger characters are those it changes standing alone), plus one.
const CHAR_WINDOW: usize = 2;

/// Appends to `dirty` the byte ranges of `new` that are not aligned with
/// equal bytes of `old`, in order (an empty range where bytes of `old` were
/// removed). Outside them, `new` is a sequence of runs each equal to a run of
/// `old`, in the same order; the runs are found greedily (a mismatch is
/// resynchronized at the nearest 4 equal bytes within 16 bytes on either
/// side, else everything after it is dirty).
fn changed_ranges(old: &[u8], new: &[u8], dirty: &mut Vec<(usize, usize)>) {
    const SYNC: usize = 4;
    const SKIP: usize = 16;
    let (mut a, mut b) = (0, 0);
    loop {
        let same = common_prefix(&old[a..], &new[b..]);
        a += same;
        b += same;
        if a == old.len() && b == new.len() {
            return;
        }
        if a == old.len() || b == new.len() {
            dirty.push((b, new.len()));
            return;
        }
        match resync(old, a, new, b, SYNC, SKIP) {
            Some((da, db)) => {
                dirty.push((b, b + db));
                a += da;
                b += db;
            }
            None => {
                dirty.push((b, new.len()));
                return;
            }
        }
    }
}

/// How many bytes `x` and `y` start with in common (eight at a time).
fn common_prefix(x: &[u8], y: &[u8]) -> usize {
    let n = x.len().min(y.len());
    let mut i = 0;
    while i + 8 <= n {
        let word = |s: &[u8]| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&s[i..i + 8]);
            u64::from_le_bytes(w)
        };
        let diff = word(x) ^ word(y);
        if diff != 0 {
            return i + (diff.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < n && x[i] == y[i] {
        i += 1;
    }
    i
}

/// The nearest `(da, db)` (smallest `da + db`, each at most `skip`) where
/// `old[a + da..]` and `new[b + db..]` start with `sync` equal bytes or both
/// end.
fn resync(
    old: &[u8],
    a: usize,
    new: &[u8],
    b: usize,
    sync: usize,
    skip: usize,
) -> Option<(usize, usize)> {
    for d in 1..=2 * skip {
        for da in d.saturating_sub(skip)..=d.min(skip) {
            let (x, y) = (a + da, b + d - da);
            if x > old.len() || y > new.len() {
                continue;
            }
            if x == old.len() || y == new.len() {
                if x == old.len() && y == new.len() {
                    return Some((da, d - da));
                }
                continue;
            }
            if old[x] == new[y]
                && x + sync <= old.len()
                && y + sync <= new.len()
                && old[x..x + sync] == new[y..y + sync]
            {
                return Some((da, d - da));
            }
        }
    }
    None
}

/// A fixer's result, if it differs from the text it was given.
fn changed_text(before: &str, result: Cow<'_, str>) -> Option<String> {
    match result {
        Cow::Owned(s) if s != before => Some(s),
        _ => None,
    }
}

fn apply_step(name: &'static str) -> Vec<Step> {
    vec![Step::new(Action::Apply, name)]
}

/// The plan-step name of normalization that keeps CJK compatibility ideographs.
pub(crate) const KEEP_CJK_SUFFIX: &str = "-keep-cjk-compat";

/// Whether `c` is a CJK compatibility ideograph that NFC would replace.
fn is_cjk_compatibility_ideograph(c: char) -> bool {
    matches!(c, '\u{F900}'..='\u{FAFF}' | '\u{2F800}'..='\u{2FA1F}')
}

/// Normalizes, optionally leaving CJK compatibility ideographs in place.
/// Returns the result and the plan-step name.
pub(crate) fn normalize(
    text: &str,
    form: NormalizationForm,
    keep_cjk: bool,
) -> (Cow<'_, str>, Cow<'static, str>) {
    let plain = Cow::Borrowed(form.as_str());
    if !keep_cjk || matches!(form, NormalizationForm::Nfd | NormalizationForm::Nfkd) {
        return (fixes::normalize(text, form), plain);
    }
    let name = Cow::Owned(format!("{}{KEEP_CJK_SUFFIX}", form.as_str()));
    if !text.chars().any(is_cjk_compatibility_ideograph) {
        return (fixes::normalize(text, form), name);
    }
    // Compatibility ideographs are starters that compose with nothing, so
    // normalizing the pieces between them equals normalizing around them.
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((i, c)) = rest
        .char_indices()
        .find(|&(_, c)| is_cjk_compatibility_ideograph(c))
    {
        out.push_str(&fixes::normalize(&rest[..i], form));
        out.push(c);
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(&fixes::normalize(rest, form));
    if out == text {
        (Cow::Borrowed(text), name)
    } else {
        (Cow::Owned(out), name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces of text where encoding repair triggers (CJK and Latin) start,
    /// or that join or separate them.
    const NEAR_POOL: [&str; 24] = [
        "浣", "犲", "ソ", "涓", "枃", "Ä", "ã", "º", "Ã", "¶", "Ô", "é", "縺", "ゅ", "≠", "銝",
        "剜", "\u{FFFD}", "a", ",", " ", "A", "中", "，",
    ];

    /// Which encoding repairs have a trigger somewhere in `text`.
    fn repair_triggers_in(fixer: &Fixer, text: &str) -> u8 {
        text.char_indices()
            .map(|(q, c)| {
                fixer.repair_triggers_at(text, q, c as u32, c.len_utf8(), CJK_REPAIR | LATIN_REPAIR)
            })
            .fold(0, |a, b| a | b)
            | fixer.hole_mark_trigger_in(text, 0)
    }

    /// `pieces` with the pieces at `edits` (an index into `pieces`, a
    /// piece of `pool` or, one past it, nothing) replaced, and the changes
    /// as the fused passes record them: the edited pieces' ranges (merged
    /// where they touch) and every character as a start.
    fn edit_pieces(
        pieces: &mut [&'static str],
        edits: Vec<(proptest::sample::Index, usize)>,
        pool: &[&'static str],
    ) -> (String, crate::cjk_text::index_fast::Changes) {
        let mut edited = vec![false; pieces.len()];
        if !pieces.is_empty() {
            for (at, k) in edits {
                let at = at.index(pieces.len());
                pieces[at] = pool.get(k).copied().unwrap_or("");
                edited[at] = true;
            }
        }
        let mut changes = crate::cjk_text::index_fast::Changes::default();
        let mut after = String::new();
        for (piece, edited) in pieces.iter().zip(edited) {
            let start = after.len();
            after.push_str(piece);
            if edited {
                match changes.dirty.last_mut() {
                    Some(last) if last.1 >= start => last.1 = after.len(),
                    _ => changes.dirty.push((start, after.len())),
                }
            }
        }
        changes.starts = after.char_indices().map(|(q, _)| q).collect();
        (after, changes)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10000))]

        /// `repair_triggers_among` (the `index` fast path's check of its
        /// result) agrees with a full scan on edited texts, and the
        /// per-repair test with the Fixer's.
        #[test]
        fn repair_triggers_among_agrees_with_a_full_scan(
            pieces in proptest::collection::vec(0..NEAR_POOL.len(), 0..12),
            edits in proptest::collection::vec(
                (proptest::prelude::any::<proptest::sample::Index>(), 0..=NEAR_POOL.len()),
                0..6,
            ),
        ) {
            let fixer = Fixer::new(Config::index());
            let mut pieces: Vec<&str> = pieces.into_iter().map(|k| NEAR_POOL[k]).collect();
            let before = pieces.concat();
            let in_before = repair_triggers_in(&fixer, &before);
            proptest::prop_assert_eq!(
                in_before != 0,
                fixer.repair_trigger_in(&before, 0..before.len())
            );
            let (after, changes) = edit_pieces(&mut pieces, edits, &NEAR_POOL);
            let (found, first_latin) = fixer.repair_triggers_among(&after, &changes, in_before);
            proptest::prop_assert_eq!(
                found,
                repair_triggers_in(&fixer, &after),
                "{:?} -> {:?}, dirty {:?}", before, after, changes.dirty
            );
            // Without a Latin trigger before, `result_repairs_leave_alone`
            // scans for badness only from `first_latin`: it must be the
            // first Latin trigger of the whole result.
            if in_before & LATIN_REPAIR == 0 {
                let first = after
                    .char_indices()
                    .find(|&(q, c)| {
                        fixer.repair_triggers_at(&after, q, c as u32, c.len_utf8(), LATIN_REPAIR)
                            & LATIN_REPAIR
                            != 0
                    })
                    .map_or(after.len(), |(q, _)| q);
                proptest::prop_assert_eq!(
                    first_latin, first,
                    "{:?} -> {:?}, dirty {:?}", before, after, changes.dirty
                );
            }
        }
    }

    /// Pieces for `cjk_result_passed_over`: CJK mojibake, clean words whose
    /// UTF-8 triggers the CJK repair passes over (`讀取`, `直譯器`), the
    /// punctuation the fused passes make ASCII and what they make of it,
    /// `?` beside non-ASCII, U+FFFD, Latin letters and spaces.
    const CJK_SKIP_POOL: [&str; 40] = [
        "浣",
        "犲",
        "ソ",
        "涓",
        "枃",
        "縺",
        "ゅ",
        "銝",
        "剜",
        "鏂",
        "囦",
        "欢",
        "讀取",
        "直譯器",
        "發呆",
        "體大",
        "中文",
        "的",
        "，",
        ",",
        "（",
        "(",
        "）",
        ")",
        "：",
        ":",
        "；",
        ";",
        "？",
        "?",
        "。",
        " ",
        "a",
        "Z",
        "é",
        "Ã",
        "¶",
        "\u{FFFD}",
        "锟斤拷",
        "ﾃｨ",
    ];

    /// Runs `check` on every line of the corpora under `index`, `display`
    /// and `corpus` with the result's CJK shortcut audited: each time it
    /// says the repair passes over the result, the full scan and the repair
    /// itself are run there too. Returns (lines, times it said so).
    fn audit_result_skip(texts: &[(std::path::PathBuf, String)]) -> (usize, usize) {
        let mut lines = 0;
        let mut fired = 0;
        for config in [Config::index(), Config::display(), Config::corpus()] {
            let fixer = Fixer::new(config);
            for (path, text) in texts {
                for line in text.split_inclusive('\n') {
                    lines += 1;
                    RESULT_SKIP_AUDIT.with(|a| a.set((0, 0)));
                    RESULT_SKIP.with(|f| f.set(true));
                    let with = fixer.fix(line).into_owned();
                    let (n, wrong) = RESULT_SKIP_AUDIT.with(|a| a.get());
                    RESULT_SKIP.with(|f| f.set(false));
                    let without = fixer.fix(line).into_owned();
                    RESULT_SKIP.with(|f| f.set(true));
                    assert_eq!(wrong, 0, "{}: {line:?}", path.display());
                    assert_eq!(with, without, "{}: {line:?}", path.display());
                    fired += n;
                }
            }
        }
        (lines, fired)
    }

    #[test]
    fn result_skip_agrees_with_the_repair_on_corpora() {
        let texts = corpus_texts();
        if texts.is_empty() {
            println!("SKIPPED: no corpus texts");
            return;
        }
        let (lines, fired) = audit_result_skip(&texts);
        println!("{lines} lines, the result's CJK repair spared {fired} times");
        assert!(fired > 0);
    }

    /// The bytes the CJK repair's scan reads to judge a UTF-8 trigger at
    /// byte `q` of `text` (`Fixer::cjk_result_passed_over`'s proof): per
    /// encoding, the run of characters it takes around `q` (as
    /// `is_false_utf8_trigger` and `run_proposes_nothing` find it) with the
    /// character before and after it, and the characters the mask reads
    /// (`q`'s and those after it up to the first ASCII one, at most six
    /// more). Written from those functions, not from `far_from_changes`.
    fn judged_bytes(text: &str, q: usize) -> std::ops::Range<usize> {
        use crate::mojibake::cjk::legacy::Legacy;
        let mut lo = q;
        let mut hi = q;
        for legacy in Legacy::ALL {
            let takes = |c: char| !c.is_ascii() && legacy.encode_char(c).is_some();
            let mut start = q;
            for (j, c) in text[..q].char_indices().rev() {
                if !takes(c) {
                    break;
                }
                start = j;
            }
            let before = text[..start].chars().next_back().map_or(0, char::len_utf8);
            lo = lo.min(start - before);
            let mut end = q;
            for c in text[q..].chars() {
                if !takes(c) {
                    break;
                }
                end += c.len_utf8();
            }
            let after = text[end..].chars().next().map_or(0, char::len_utf8);
            hi = hi.max(end + after);
        }
        let mut end = q;
        for c in text[q..].chars().take(7) {
            end += c.len_utf8();
            if c.is_ascii() {
                break;
            }
        }
        lo..hi.max(end)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20000))]

        /// `far_from_changes` at a character: no change meets the bytes the
        /// judgement reads there, and none was removed inside them or at
        /// the text's edge they reach.
        #[test]
        fn far_from_changes_covers_what_the_judgement_reads(
            pieces in proptest::collection::vec(0..CJK_SKIP_POOL.len(), 0..14),
            edits in proptest::collection::vec(
                (proptest::prelude::any::<proptest::sample::Index>(), 0..=CJK_SKIP_POOL.len()),
                0..5,
            ),
        ) {
            let mut pieces: Vec<&str> = pieces.into_iter().map(|k| CJK_SKIP_POOL[k]).collect();
            let mut edited = vec![false; pieces.len()];
            if !pieces.is_empty() {
                for (at, k) in edits {
                    let at = at.index(pieces.len());
                    pieces[at] = CJK_SKIP_POOL.get(k).copied().unwrap_or("");
                    edited[at] = true;
                }
            }
            let mut dirty: Vec<(usize, usize)> = Vec::new();
            let mut text = String::new();
            for (piece, edited) in pieces.iter().zip(edited) {
                let start = text.len();
                text.push_str(piece);
                if edited {
                    match dirty.last_mut() {
                        Some(last) if last.1 >= start => last.1 = text.len(),
                        _ => dirty.push((start, text.len())),
                    }
                }
            }
            for (q, c) in text.char_indices() {
                if c.is_ascii() || !far_from_changes(text.as_bytes(), &dirty, q) {
                    continue;
                }
                let read = judged_bytes(&text, q);
                for &(a, b) in &dirty {
                    let meets = a < read.end && b > read.start;
                    let removed_at = a == b
                        && (read.start < a && a < read.end
                            || a == 0 && read.start == 0
                            || a == text.len() && read.end == text.len());
                    proptest::prop_assert!(
                        !meets && !removed_at,
                        "{:?} at {}: reads {:?}, dirty {:?}", text, q, read, dirty
                    );
                }
            }
        }

        /// `cjk_result_passed_over` on edited texts: when it says the CJK
        /// repair passes over the result, the full scan (`cjk::passes_over`
        /// over every character) says so and `fix_cjk_encoding` leaves the
        /// result alone; and `segment_first_repair`'s shortcut leaves alone
        /// only what `fix_cjk_encoding` leaves alone.
        #[test]
        fn result_skip_agrees_with_a_full_scan(
            pieces in proptest::collection::vec(0..CJK_SKIP_POOL.len(), 0..14),
            edits in proptest::collection::vec(
                (proptest::prelude::any::<proptest::sample::Index>(), 0..=CJK_SKIP_POOL.len()),
                0..5,
            ),
        ) {
            let fixer = Fixer::new(Config::index());
            let mut pieces: Vec<&str> = pieces.into_iter().map(|k| CJK_SKIP_POOL[k]).collect();
            let before = pieces.concat();
            let mut plan = Vec::new();
            let segment = fixer.segment_first_repair(&before, CJK_REPAIR);
            let alone = cjk::fix_cjk_encoding(&before, &mut plan) == before;
            proptest::prop_assert_eq!(segment.is_ok(), alone, "{:?}", before);
            if !matches!(segment, Ok(true)) {
                return Ok(());
            }
            let (after, changes) = edit_pieces(&mut pieces, edits, &CJK_SKIP_POOL);
            if fixer.cjk_result_passed_over(&after, &changes) {
                proptest::prop_assert_eq!(
                    cjk::passes_over(&after, None, |_| false),
                    Some(true),
                    "{:?} -> {:?}, dirty {:?}", before, after, changes.dirty
                );
                proptest::prop_assert_eq!(
                    cjk::fix_cjk_encoding(&after, &mut plan),
                    after.as_str(),
                    "{:?} -> {:?}, dirty {:?}", before, after, changes.dirty
                );
            }
        }
    }

    /// Whether each encoding repair leaves `text` alone when its own
    /// trigger is not in it (what the `index` fast path relies on to run
    /// only the triggered ones).
    fn repairs_need_their_own_trigger(fixer: &Fixer, text: &str) -> Result<(), String> {
        let found = repair_triggers_in(fixer, text);
        let mut plan = Vec::new();
        if found & CJK_REPAIR == 0 && cjk::fix_cjk_encoding(text, &mut plan) != text {
            return Err(format!(
                "fix_cjk_encoding changes {text:?} without its trigger"
            ));
        }
        let latin = fixer.config.latin_options();
        if found & LATIN_REPAIR == 0 && latin::fix_encoding(text, &latin, &mut plan) != text {
            return Err(format!("fix_encoding changes {text:?} without its trigger"));
        }
        Ok(())
    }

    /// The tight loop over 3-byte characters (`skip_three_byte_run`) finds
    /// the same first trigger as the loop without it: with web-scrape
    /// repairs off, `first_trigger_in::<true>` differs only in not taking
    /// it (its extra look at a character before a possible trail byte finds
    /// nothing with those repairs off). Every line of the corpora and bench
    /// inputs, from its start and from its first trigger on, for the presets
    /// without web-scrape repairs.
    #[test]
    fn the_three_byte_run_skip_finds_the_same_trigger() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = 0;
        let corpora = corpus_texts();
        for preset in ["default", "index", "display"] {
            let fixer = Fixer::new(Config::preset(preset).unwrap());
            assert!(!fixer.scrape_on, "{preset}");
            for (_, text) in &corpora {
                for line in text.split_inclusive('\n') {
                    let fast = fixer.first_trigger_in::<false>(line);
                    assert_eq!(fast, fixer.first_trigger_in::<true>(line), "{line:?}");
                    if let Some(at) = fast {
                        found += 1;
                        // And past it (a character boundary).
                        let len = line[at..].chars().next().map_or(1, char::len_utf8);
                        let rest = &line[at + len..];
                        assert_eq!(
                            fixer.first_trigger_in::<false>(rest),
                            fixer.first_trigger_in::<true>(rest),
                            "{rest:?}"
                        );
                    }
                }
            }
        }
        println!("{found} lines with a trigger");
        assert!(found > 0 || !root.join("../shared/data/clean").is_dir());
    }

    /// Pieces for [`the_three_byte_run_skip_on_random_mixes`]: three-byte
    /// characters that can start a trigger (`鍦`, `縺`, U+FFFD, `，`) and
    /// that cannot (`中`, `한`, `カ`), two- and four-byte characters,
    /// ASCII, Latin mojibake.
    const SKIP_POOL: [&str; 16] = [
        "中",
        "文",
        "한",
        "カ",
        "鍦",
        "縺",
        "\u{FFFD}",
        "，",
        "é",
        "Ã©",
        "\u{20000}",
        "a",
        " ",
        "\n",
        "涓枃",
        "ｶ",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]

        /// [`the_three_byte_run_skip_finds_the_same_trigger`] on random
        /// mixes, a three-byte character at the very end among them.
        #[test]
        fn the_three_byte_run_skip_on_random_mixes(
            pieces in proptest::collection::vec(0..SKIP_POOL.len(), 0..16),
            preset in 0..3usize,
        ) {
            let fixer = Fixer::new(Config::preset(["default", "index", "display"][preset]).unwrap());
            let text: String = pieces.into_iter().map(|k| SKIP_POOL[k]).collect();
            proptest::prop_assert_eq!(
                fixer.first_trigger_in::<false>(&text),
                fixer.first_trigger_in::<true>(&text),
                "{:?}", text
            );
        }
    }

    /// The `.txt` files of ../shared/data/clean and target/bench-inputs
    /// (none of a directory that is absent), with their text.
    fn corpus_texts() -> Vec<(std::path::PathBuf, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for dir in ["../shared/data/clean", "target/bench-inputs"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "txt") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    texts.push((path, text));
                }
            }
        }
        texts
    }

    #[test]
    fn repairs_need_their_own_trigger_on_corpora() {
        let fixer = Fixer::new(Config::index());
        let mut lines = 0;
        for (path, text) in corpus_texts() {
            for line in text.split_inclusive('\n') {
                lines += 1;
                if let Err(e) = repairs_need_their_own_trigger(&fixer, line) {
                    panic!("{}: {e}", path.display());
                }
            }
        }
        println!("{lines} lines");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10000))]

        #[test]
        fn repairs_need_their_own_trigger_on_mojibake_pieces(
            pieces in proptest::collection::vec(0..NEAR_POOL.len(), 0..16),
        ) {
            let fixer = Fixer::new(Config::index());
            let text: String = pieces.into_iter().map(|k| NEAR_POOL[k]).collect();
            let checked = repairs_need_their_own_trigger(&fixer, &text);
            proptest::prop_assert!(checked.is_ok(), "{:?}", checked);
        }
    }

    #[test]
    fn badness_from_the_first_trigger_is_badness() {
        // What `result_repairs_leave_alone` relies on: a text is bad only if
        // a rule matches from its first `fix_encoding` trigger or the two
        // characters before it, or from a later one.
        let pool = [
            "Ã", "©", "â€", "™", "——", "……", "“", "”", "‘", "中", "文", "a", "A", " ", ".", "Â",
            "\u{85}", "é", "ö", "¶", "Ã©", "’", "Œ", "œ", "1", "$", "¢", "·", "—", "\n",
        ];
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut bad = 0;
        for _ in 0..50_000 {
            let mut text = String::new();
            for _ in 0..(x % 9) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                text.push_str(pool[(x % pool.len() as u64) as usize]);
            }
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let first = text
                .char_indices()
                .find(|&(q, c)| badness::is_trigger(c, text[q + c.len_utf8()..].chars().next()));
            let whole = badness::is_bad(&text);
            bad += usize::from(whole);
            let Some((p, _)) = first else {
                assert!(!whole, "{text:?}");
                continue;
            };
            let from = text[..p].char_indices().nth_back(1).map_or(0, |(k, _)| k);
            assert_eq!(
                badness::first_bad_in(&text[from..], from == 0, 0).is_some(),
                whole,
                "{text:?} from {from}"
            );
        }
        assert!(bad > 1000, "{bad}");
    }

    #[test]
    fn cut_lines_are_found_as_line_by_line() {
        // The plain test: some line (without its break) of `limit` bytes or
        // more, or a last line without one longer than `limit`.
        let plain = |text: &str, limit: usize| {
            let mut lines = text.split('\n');
            let last = lines.next_back().unwrap_or("");
            lines.any(|l| l.len() >= limit) || last.len() > limit
        };
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 40) as usize;
            let text: String = (0..len)
                .map(|k| if (x >> (k % 61)) & 3 == 0 { '\n' } else { 'a' })
                .collect();
            let limit = 4 + (x >> 40) as usize % 8;
            let fixer = Fixer::new(Config {
                max_decode_length: limit,
                ..Config::default()
            });
            assert_eq!(
                fixer.has_cut_lines(&text),
                plain(&text, limit),
                "{text:?} {limit}"
            );
        }
    }

    /// `config`'s Fixer, and the same with the bound of [`MAX_ROUNDS`]
    /// rounds alone (no rounds past it: what the Fixer did before
    /// [`SETTLE_ROUNDS`]).
    fn and_bound_alone(config: Config) -> (Fixer, Fixer) {
        let mut bound = Fixer::new(config.clone());
        bound.settle_rounds = MAX_ROUNDS;
        (Fixer::new(config), bound)
    }

    /// `explained`'s changes lead, one after another, from `input` to its
    /// text.
    fn assert_chain(input: &str, explained: &Explanation) {
        let mut text = input;
        for change in &explained.changes {
            assert_eq!(change.before, text, "{} broke the chain", change.fixer);
            text = &change.after;
        }
        assert_eq!(text, explained.text);
    }

    #[test]
    fn cycle_choice_is_the_bound_text_or_the_least() {
        let past = |texts: &[&str]| -> Vec<(String, usize)> {
            texts.iter().map(|t| (t.to_string(), t.len())).collect()
        };
        assert_eq!(cycle_choice(&past(&["b", "a"]), "c"), None);
        // From the text after `MAX_ROUNDS` rounds, periods dividing it: that
        // text, least or not.
        assert_eq!(cycle_choice(&past(&["b"]), "b"), Some(0));
        assert_eq!(cycle_choice(&past(&["b", "a"]), "b"), Some(0));
        assert_eq!(cycle_choice(&past(&["d", "c", "b", "a"]), "d"), Some(0));
        // A period that does not divide it: the cycle's least text, whichever
        // of its texts came first.
        for cycle in [["c", "a", "b"], ["a", "b", "c"], ["b", "c", "a"]] {
            let k = cycle_choice(&past(&cycle), cycle[0]).expect("a cycle");
            assert_eq!(cycle[k], "a", "{cycle:?}");
        }
        // A cycle that starts after it: the least of the cycle's texts,
        // not of the texts before it.
        assert_eq!(cycle_choice(&past(&["a", "c", "b"]), "c"), Some(2));
        assert_eq!(cycle_choice(&past(&["a", "c"]), "c"), Some(1));
    }

    /// Under `index`, `normalization` composes j + U+030C into U+01F0 and
    /// `casefold` splits it again in every round (a cycle of period 1):
    /// the result is the text after `MAX_ROUNDS` rounds, as with the bound
    /// alone, and fixing it again gives it back.
    #[test]
    fn a_cycle_keeps_the_text_after_the_bound() {
        let (fixer, bound) = and_bound_alone(Config::index());
        let fixers = [
            (fixer.clone().sequential(), bound.clone().sequential()),
            (fixer, bound),
        ];
        for (fixer, bound) in &fixers {
            for input in ["\u{1F0}\n", "j\u{30C}", "cafÃ© \u{1F0} 中文\n"] {
                let fixed = fixer.fix(input);
                assert_eq!(fixed, bound.fix(input), "{input:?}");
                assert!(fixed.contains("j\u{30C}"), "{fixed:?}");
                assert!(!fixed.contains("Ã"), "{fixed:?}");
                assert_eq!(fixer.fix(&fixed), fixed, "{input:?}: not idempotent");
                let explained = fixer.fix_and_explain(input);
                assert_eq!(explained.text, fixed, "{input:?}");
                assert_eq!(explained, bound.fix_and_explain(input), "{input:?}");
                assert_chain(input, &explained);
                // Still changing in the `MAX_ROUNDS`-th round: the rounds
                // went past it.
                let folds = explained.changes.iter().filter(|c| c.fixer == "casefold");
                assert_eq!(folds.count(), MAX_ROUNDS, "{input:?}");
            }
        }
    }

    /// Under `ftfy`, `unescape_html` takes one level of a nested entity a
    /// round: nested up to `SETTLE_ROUNDS` levels deep the entity is
    /// unescaped whole (the bound alone stopped at `MAX_ROUNDS` levels);
    /// deeper, the segment keeps the text after `MAX_ROUNDS` rounds, every
    /// other repair on it too, and fixing it again takes it further.
    #[test]
    fn rounds_past_the_last_keep_the_text_after_the_bound() {
        let (fixer, bound) = and_bound_alone(Config::ftfy());
        let nested = |levels: usize| format!("cafÃ© &{}lt; ok\n", "amp;".repeat(levels - 1));
        for levels in [MAX_ROUNDS + 1, 20, SETTLE_ROUNDS] {
            let input = nested(levels);
            let fixed = fixer.fix(&input);
            assert_eq!(fixed, "café < ok\n", "{levels}");
            assert!(bound.fix(&input).starts_with("café &"), "{levels}");
            assert_eq!(fixer.fix(&fixed), fixed, "{levels}");
            assert_eq!(fixer.fix_and_explain(&input).text, fixed, "{levels}");
        }
        for levels in [SETTLE_ROUNDS + 1, SETTLE_ROUNDS + 7] {
            let input = nested(levels);
            let fixed = fixer.fix(&input);
            assert_eq!(fixed, bound.fix(&input), "{levels}");
            assert!(fixed.starts_with("café &amp;"), "{levels}: {fixed:?}");
            assert_ne!(fixer.fix(&fixed), fixed, "{levels}");
            let explained = fixer.fix_and_explain(&input);
            assert_eq!(explained.text, fixed, "{levels}");
            assert_eq!(explained, bound.fix_and_explain(&input), "{levels}");
            assert_chain(&input, &explained);
        }
    }

    #[test]
    fn fixer_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Fixer>();
    }

    #[test]
    fn needs_work_ignores_clean_text() {
        let f = Fixer::default();
        assert!(!f.needs_work("plain ASCII text, with punctuation!"));
        assert!(!f.needs_work("中文文本，没有问题。日本語のテキスト。한국어 텍스트."));
        assert!(f.needs_work("cafÃ©"));
        assert!(f.needs_work("e\u{301}"));
        assert!(f.needs_work("a\r\n"));
    }

    /// The parts of `new` outside the dirty ranges are runs of `old`, in
    /// order, and a run at the end of `new` is one at the end of `old`.
    #[test]
    fn changed_ranges_cover_every_change() {
        let mut rng = crate::damage::Rng::new(7);
        let mut next = move |n: usize| rng.below(n);
        let alphabet = ["中", "文", "，", "。", ",", ".", " ", "a", "ß", "😀", "\n"];
        for _ in 0..3000 {
            let old: String = (0..next(30))
                .map(|_| alphabet[next(alphabet.len())])
                .collect();
            let mut new = old.clone();
            for _ in 0..next(4) {
                let at = (0..=new.len())
                    .filter(|&i| new.is_char_boundary(i))
                    .nth(next(new.chars().count() + 1))
                    .unwrap();
                let end = (at..=new.len())
                    .filter(|&i| new.is_char_boundary(i))
                    .nth(next(3))
                    .unwrap_or(at);
                new.replace_range(at..end, alphabet[next(alphabet.len())]);
            }
            let mut dirty = Vec::new();
            changed_ranges(old.as_bytes(), new.as_bytes(), &mut dirty);
            let (mut cursor, mut from) = (0, 0);
            for &(start, end) in dirty.iter().chain([(new.len(), new.len())].iter()) {
                let run = &new.as_bytes()[from..start];
                let found = if run.is_empty() {
                    Some(0)
                } else {
                    old.as_bytes()[cursor..]
                        .windows(run.len())
                        .position(|w| w == run)
                };
                let at = found.unwrap_or_else(|| panic!("{old:?} -> {new:?}: {dirty:?}"));
                cursor += at + run.len();
                from = end;
            }
            if dirty.last().map_or(true, |&(_, end)| end < new.len()) {
                assert!(old.ends_with(&new[dirty.last().map_or(0, |d| d.1)..]));
            }
        }
    }

    /// Checking only near the changes from a trigger-free text finds a
    /// trigger exactly when a full check does (this fails if a trigger comes
    /// to look further ahead than `REPAIR_WINDOW`, `CHAR_WINDOW` or
    /// `SCRAPE_WINDOW`).
    #[test]
    fn trigger_checks_near_changes_equal_full_checks() {
        let fixer = Fixer::new(Config::display());
        let corpus = Fixer::new(Config::corpus());
        let alphabet = [
            "浣", "犲", "ソ", "Ä", "ã", "º", "Ã", "£", "¬", "鍦", "⊿", "中", "文", "，", "。", " ",
            "a", "S", "é", "\u{fffd}", "”", "…", "ﬁ", "\u{200b}", "鹧", "~", "(", "（", "ㄕ", "の",
            "ア", "B",
            // A Windows decoder's mark before characters out of phase
            // (`?꾧뎄`, `?賣㺭`): its test looks past the `?`.
            "?", "꾧", "뎄", "賣", "㺭",
        ];
        let mut rng = crate::damage::Rng::new(3);
        let mut next = move |n: usize| rng.below(n);
        let mut compared = 0;
        for _ in 0..300_000 {
            let old: String = (0..next(12))
                .map(|_| alphabet[next(alphabet.len())])
                .collect();
            let mut new = old.clone();
            for _ in 0..1 + next(3) {
                let bounds: Vec<usize> = (0..=new.len())
                    .filter(|&i| new.is_char_boundary(i))
                    .collect();
                let at = bounds[next(bounds.len())];
                let end = bounds
                    .iter()
                    .copied()
                    .find(|&e| e >= at + next(4))
                    .unwrap_or(at);
                new.replace_range(at..end, alphabet[next(alphabet.len())]);
            }
            let mut dirty = Vec::new();
            changed_ranges(old.as_bytes(), new.as_bytes(), &mut dirty);
            type Check<'c> = &'c dyn Fn(&str, std::ops::Range<usize>) -> bool;
            let checks: [(Check, usize); 4] = [
                (&|t, r| fixer.repair_trigger_in(t, r), REPAIR_WINDOW),
                (&|t, r| fixer.char_trigger_in(t, r), CHAR_WINDOW),
                (
                    &|t, r| corpus.scrape_trigger_in(RESYNC, t, r),
                    SCRAPE_WINDOW,
                ),
                (
                    &|t, r| corpus.scrape_trigger_in(PINYIN, t, r),
                    SCRAPE_WINDOW,
                ),
            ];
            for (found, window) in checks {
                if found(&old, 0..old.len()) {
                    continue;
                }
                compared += 1;
                let near = Fixer::trigger_since(&new, Some(&dirty), window, |r| found(&new, r));
                assert_eq!(near, found(&new, 0..new.len()), "{old:?} -> {new:?}");
            }
        }
        assert!(compared > 100_000);
    }

    /// The one walk for both web-scrape pre-checks finds what a walk for
    /// each finds.
    #[test]
    fn scrape_triggers_in_is_both_walks() {
        let corpus = Fixer::new(Config::corpus());
        let alphabet = [
            "鹧", "中", "文", "の", "ア", "，", "\u{fffd}", "A", "z", "~", " ", "(", "（", "(shí",
            "（x", "時", "間", "𠀀",
        ];
        let mut rng = crate::damage::Rng::new(5);
        let mut next = move |n: usize| rng.below(n);
        let mut found = [0; 2];
        for _ in 0..100_000 {
            let text: String = (0..next(10))
                .map(|_| alphabet[next(alphabet.len())])
                .collect();
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let a = bounds[next(bounds.len())];
            let b = a.max(bounds[next(bounds.len())]);
            for want in [[true, true], [true, false], [false, true]] {
                let both = corpus.scrape_triggers_in(want, &text, a..b);
                for kind in [RESYNC, PINYIN] {
                    let one = want[kind] && corpus.scrape_trigger_in(kind, &text, a..b);
                    assert_eq!(both[kind], one, "{want:?} {text:?} {a}..{b}");
                    found[kind] += usize::from(one);
                }
            }
        }
        assert!(found.iter().all(|&f| f > 5_000), "{found:?}");
    }

    /// Where the first scan's gates for the web-scrape repairs find
    /// nothing, each repair returns the text unchanged (each gate is a
    /// superset of the repair's own pre-check).
    #[test]
    fn scrape_gates_are_supersets_of_their_pre_checks() {
        let corpus = Fixer::new(Config::corpus());
        let alphabet = [
            "鹧", "鸪", "中", "文", "の", "ア", "，", "\u{fffd}", "⻊", "\u{e000}", "A", "z", "@",
            "~", "?", "1", " ", "é", "ｳ", "ウ", "!", "한", "𠀀", "(", "（", ")", "）", "shí",
            "ㄕˊ", "xié", "時", "間", "a", "B",
        ];
        let mut rng = crate::damage::Rng::new(9);
        let mut next = move |n: usize| rng.below(n);
        let mut gated = [0; 2];
        let fixers: [TextFix; 2] = [
            crate::scrape::resync_double_byte,
            crate::scrape::remove_inline_pinyin,
        ];
        for _ in 0..200_000 {
            let text: String = (0..next(10))
                .map(|_| alphabet[next(alphabet.len())])
                .collect();
            for kind in [RESYNC, PINYIN] {
                if !corpus.scrape_trigger_in(kind, &text, 0..text.len()) {
                    gated[kind] += 1;
                    let fixed = fixers[kind](&text);
                    assert!(matches!(fixed, Cow::Borrowed(_)), "{kind} {text:?}");
                }
            }
        }
        assert!(gated.iter().all(|&g| g > 10_000), "{gated:?}");
    }

    #[test]
    fn common_prefix_is_the_first_difference() {
        let mut seed = 1u64;
        for _ in 0..50_000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 40) as usize % 40;
            let x: Vec<u8> = (0..len).map(|k| (k % 7) as u8).collect();
            let mut y = x.clone();
            let cut = (seed >> 20) as usize % (len + 1);
            y.truncate((seed >> 30) as usize % (len + 1) + cut.min(1));
            if cut < y.len() {
                y[cut] ^= 1 + (seed as u8 & 3);
            }
            let want = x.iter().zip(&y).take_while(|(a, b)| a == b).count();
            assert_eq!(common_prefix(&x, &y), want);
        }
    }

    #[test]
    fn compatibility_ideographs_survive_default_normalization() {
        let (r, _) = normalize("\u{F900}e\u{301}", NormalizationForm::Nfc, true);
        assert_eq!(r, "\u{F900}\u{e9}");
        let (r, _) = normalize("\u{F900}", NormalizationForm::Nfc, false);
        assert_eq!(r, "\u{8C48}");
    }
}

#[cfg(test)]
mod ascii_skip_tests {
    use super::*;

    /// The word-at-a-time skip finds the first candidate byte exactly as a
    /// byte-by-byte look does, on random bytes from the classes it tells
    /// apart, for the printable triggers of every preset.
    #[test]
    fn the_skip_stops_where_a_byte_may_be_a_trigger() {
        let classes: [&[u8]; 5] = [
            b"abcXYZ 019.,;",
            b"&<>\"'",
            b"\n\t\r\x00\x1f\x7f",
            &[0x80, 0xC3, 0xE4, 0xFF],
            b"~!@#$%^*()_+-=?",
        ];
        let mut rng = crate::damage::Rng::new(0x00A5_C115_C1DE_u64);
        for config in [
            Config::default(),
            Config::display(),
            Config::index(),
            Config::corpus(),
        ] {
            let fixer = Fixer::new(config);
            let skip = &fixer.ascii_skip;
            assert!(
                !skip.off,
                "the presets have few ranges of printable ASCII triggers"
            );
            assert!(skip.is_candidate(b'\n') && skip.is_candidate(0x80));
            let is_candidate = |b: u8| skip.is_candidate(b);
            for _ in 0..20_000 {
                let len = rng.below(40);
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        let k = if rng.below(4) == 0 { rng.below(5) } else { 0 };
                        let class = classes[k];
                        class[rng.below(class.len())]
                    })
                    .collect();
                let from = rng.below(len + 1);
                let want = (from..len).find(|&i| is_candidate(bytes[i])).unwrap_or(len);
                let got = skip.next_candidate(&bytes, from);
                // Within the last eight bytes the skip leaves the look to
                // the scan; before them it must be exact.
                assert!(got <= want, "{bytes:02X?} from {from}: {got} > {want}");
                if want + 8 <= len || got + 8 <= len {
                    assert_eq!(got, want, "{bytes:02X?} from {from}");
                }
                assert!(got == want || got + 8 > len);
            }
        }
    }

    /// The scan finds the same first trigger with and without the skip.
    #[test]
    fn the_scan_finds_the_same_trigger_with_the_skip() {
        let pieces = [
            "plain English text, with commas. ",
            "R&amp;D ",
            "line\r\n",
            "tab\there ",
            "café ",
            "“quoted” ",
            "你好，世界。",
            "浣犲ソ",
            "ÄãºÃ ",
            "時(shí)間",
            "\u{FEFF}",
            "x",
            "?꾧뎄 - ?ъ슜",
            "什么?",
        ];
        let mut rng = crate::damage::Rng::new(0x005E_ED0F_A5C1);
        for config in [
            Config::default(),
            Config::display(),
            Config::index(),
            Config::corpus(),
        ] {
            let fixer = Fixer::new(config);
            let mut plain = fixer.clone();
            plain.ascii_skip.off = true;
            for _ in 0..5_000 {
                let text: String = (0..rng.below(12))
                    .map(|_| pieces[rng.below(pieces.len())])
                    .collect();
                assert_eq!(
                    fixer.first_trigger(&text),
                    plain.first_trigger(&text),
                    "{text:?}"
                );
            }
        }
    }
}
