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
use crate::mojibake::{badness, cjk};

/// Upper bound on rounds of the whole pipeline over one segment. ftfy loops
/// until nothing changes; the bound keeps that finite on adversarial input.
const MAX_ROUNDS: usize = 8;

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
        sets.push(("fix_encoding", BmpSet::from_fn(badness::may_start)));
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
    /// Characters where an enabled encoding repair's context test can
    /// start (a first bit test before the test itself).
    context_starts: BmpSet,
    /// Whether characters outside the BMP need a look (for normalization).
    astral_triggers: bool,
    /// The enabled single-character fixers, in order.
    char_fixers: Vec<(&'static str, TextFix)>,
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
        Fixer {
            context_starts,
            scrape_pinyin: config.inline_pinyin,
            scrape_fixers,
            cjk_ops,
            cjk_astral,
            char_fixers,
            converter,
            astral_triggers: config.normalization.is_some()
                || config.convert.is_some()
                || cjk_astral,
            config,
            triggers,
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
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if self.triggers.contains(u32::from(b)) {
                    return Some(i);
                }
                i += 1;
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
                    && char::from_u32(cp).is_some_and(|c| cjk::is_trigger(c, &text[i + len..]))
                {
                    return Some(i);
                }
                i += 4;
                continue;
            }
            if self.triggers.contains(cp) {
                return Some(i);
            }
            // double_byte_resync: an ASCII letter (a possible trail byte, `@`–`~`)
            // glued between two CJK characters (a trail byte read alone).
            if self.config.double_byte_resync
                && cp >= 0x2E80
                && bytes
                    .get(i + len)
                    .is_some_and(|b| (b'@'..=b'~').contains(b))
                && bytes
                    .get(i + len + 1)
                    .is_some_and(|b| (0xE2..=0xEF).contains(b))
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
            if !self.context_starts.contains(cp) {
                i += len;
                continue;
            }
            if self.config.fix_cjk_encoding
                && char::from_u32(cp).is_some_and(|c| cjk::is_trigger(c, &text[i + len..]))
            {
                return Some(i);
            }
            // fix_encoding acts only where a badness rule can match.
            if self.config.fix_encoding
                && char::from_u32(cp)
                    .is_some_and(|c| badness::is_trigger(c, text[i + len..].chars().next()))
            {
                return Some(i);
            }
            i += len;
        }
        None
    }

    /// Fixes `text`, borrowing it when nothing changes.
    ///
    /// The text is fixed line by line (each segment ends after a `\n`, or
    /// at `max_decode_length` bytes), so a damaged line never affects
    /// another.
    pub fn fix<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out: Option<String> = None;
        let mut copied = 0;
        // One scan for trigger characters; only the segments holding one
        // are fixed.
        let mut pos = 0;
        while let Some(offset) = self.first_trigger(&text[pos..]) {
            let at = pos + offset;
            let line_start = memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |i| i + 1);
            // `pos` and `line_start` are both segment boundaries.
            let (start, segment) = self
                .segments(text, pos.max(line_start))
                .find(|(start, segment)| start + segment.len() > at)
                .expect("the trigger lies in some segment");
            pos = start + segment.len();
            if let Cow::Owned(mut fixed) = self.fix_segment(segment, None) {
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
            }
        }
        match out {
            None => Cow::Borrowed(text),
            Some(mut buf) => {
                buf.push_str(&text[copied..]);
                Cow::Owned(buf)
            }
        }
    }

    /// Fixes `text` and reports every change, with a plan that
    /// [`apply_plan`](crate::apply_plan) replays.
    ///
    /// The text is treated as one segment (as ftfy's `fix_and_explain` does).
    pub fn fix_and_explain(&self, text: &str) -> Explanation {
        let mut changes = Vec::new();
        let fixed = self.fix_segment(text, Some(&mut changes)).into_owned();
        Explanation {
            text: fixed,
            changes,
        }
    }

    /// `(byte offset, segment)` pairs from `start` (a segment boundary):
    /// lines with their `\n`, cut every `max_decode_length` bytes (on a
    /// character boundary).
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

    /// Runs every enabled fixer over one segment until nothing changes.
    fn fix_segment<'a>(
        &self,
        segment: &'a str,
        mut explain: Option<&mut Vec<Change>>,
    ) -> Cow<'a, str> {
        let config = &self.config;
        let html = match config.unescape_html {
            HtmlMode::Always => true,
            HtmlMode::Never => false,
            HtmlMode::Auto => !segment.contains('<'),
        };
        let latin_options = config.latin_options();
        let mut text = Cow::Borrowed(segment);
        for _ in 0..MAX_ROUNDS {
            let mut changed = false;
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
                changed = true;
            };
            if html {
                let new = changed_text(&text, fixes::unescape_html(&text));
                record(&mut text, "unescape_html", apply_step("unescape_html"), new);
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
            let mut run_latin = true;
            for _ in 0..MAX_ROUNDS {
                if config.fix_cjk_encoding {
                    let mut plan = Vec::new();
                    let new = changed_text(&text, cjk::fix_cjk_encoding(&text, &mut plan));
                    run_latin |= new.is_some();
                    record(&mut text, "fix_cjk_encoding", plan, new);
                }
                let mut latin_changed = false;
                if config.fix_encoding && run_latin {
                    let mut plan = Vec::new();
                    let new =
                        changed_text(&text, latin::fix_encoding(&text, &latin_options, &mut plan));
                    latin_changed = new.is_some();
                    record(&mut text, "fix_encoding", plan, new);
                }
                run_latin = false;
                if !latin_changed || !config.fix_cjk_encoding {
                    break;
                }
            }
            for &(name, fix) in self.scrape_fixers.iter().chain(&self.char_fixers) {
                let new = changed_text(&text, fix(&text));
                record(&mut text, name, apply_step(name), new);
            }
            // One scan says which CJK passes could act on this segment.
            let mut features = if self.cjk_ops.is_empty() {
                0
            } else {
                crate::cjk_text::features(&text)
            };
            for op in &self.cjk_ops {
                if !op.may_act(features) {
                    continue;
                }
                let new = changed_text(&text, (op.fix)(&text));
                if new.is_some() {
                    features |= op.introduces;
                }
                record(&mut text, op.switch, apply_step(op.step), new);
            }
            if let Some(form) = config.normalization.filter(|&f| may_normalize(&text, f)) {
                let (result, name) =
                    normalize(&text, form, config.keep_cjk_compatibility_ideographs);
                let new = changed_text(&text, result);
                record(
                    &mut text,
                    "normalization",
                    vec![Step::new(Action::Normalize, name)],
                    new,
                );
            }
            if config.casefold {
                let new = changed_text(&text, crate::cjk_text::casefold(&text));
                record(&mut text, "casefold", apply_step("casefold"), new);
            }
            // Another round can only act where some fixer has a trigger: a
            // changed text without any is final (this spares most changed
            // lines the confirming round).
            if !changed || self.first_trigger(&text).is_none() {
                break;
            }
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

/// Whether normalizing `text` to `form` could change it: some character
/// is not inert under the form (a bit test per character, much cheaper
/// than the quick check).
fn may_normalize(text: &str, form: NormalizationForm) -> bool {
    let (set, compat) = match form {
        NormalizationForm::Nfc => (trigger_set("nfc"), false),
        NormalizationForm::Nfkc => (trigger_set("nfkc"), true),
        _ => return true,
    };
    text.chars().any(|c| {
        let cp = c as u32;
        if cp < 0x80 {
            false
        } else if cp < 0x10000 {
            set.contains(cp)
        } else if compat {
            canonical_combining_class(c) != 0
                || unicode_normalization::is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes
        } else {
            !nfc_inert(c)
        }
    })
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

    #[test]
    fn compatibility_ideographs_survive_default_normalization() {
        let (r, _) = normalize("\u{F900}e\u{301}", NormalizationForm::Nfc, true);
        assert_eq!(r, "\u{F900}\u{e9}");
        let (r, _) = normalize("\u{F900}", NormalizationForm::Nfc, false);
        assert_eq!(r, "\u{8C48}");
    }
}
