//! [`Config`]: one named switch per fixer, and the presets.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::fixes::{self, NormalizationForm};
use crate::mojibake::latin::{self, LatinOptions};

/// When to decode HTML entities such as `&amp;` and `&#x2019;`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HtmlMode {
    /// Decode them, except in lines that hold a literal `<` (those are
    /// probably real HTML, where entities belong).
    Auto,
    /// Always decode them.
    Always,
    /// Never decode them.
    Never,
}

/// Which fixers run. Every field is one named switch; see [`Config::FIXERS`].
///
/// Two presets: [`Config::default()`] repairs damage and never restyles text
/// (clean Chinese, Japanese and Korean pass through untouched), and
/// [`Config::ftfy()`] behaves like Python ftfy 6.3's `fix_text` defaults.
///
/// ```
/// use mojifix::Config;
/// let mut config = Config::ftfy();
/// config.set("uncurl_quotes", false).unwrap();
/// let json = serde_json::to_string(&config).unwrap();
/// let back: Config = serde_json::from_str(&json).unwrap();
/// assert_eq!(back, config);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Decode HTML entities (`&eacute;` → `é`).
    pub unescape_html: HtmlMode,
    /// Remove ANSI terminal escapes (colour codes).
    pub remove_terminal_escapes: bool,
    /// Undo UTF-8 decoded with a single-byte code page (`Ã©` → `é`).
    pub fix_encoding: bool,
    /// Within `fix_encoding`: accept a space where a UTF-8 `A0` byte was lost.
    pub restore_byte_a0: bool,
    /// Within `fix_encoding`: decode UTF-8 that lost bytes to `�`/`?` as `�`.
    pub replace_lossy_sequences: bool,
    /// Within `fix_encoding`: fix mojibake runs in text that mixes damages.
    pub decode_inconsistent_utf8: bool,
    /// Undo CJK mojibake: UTF-8 read as GBK, Big5, Shift_JIS, EUC-JP or
    /// EUC-KR (`浣犲ソ` → `你好`), and those encodings read as a single-byte
    /// code page (`ÄãºÃ` → `你好`).
    pub fix_cjk_encoding: bool,
    /// Replace C1 controls (U+0080–U+009F) with windows-1252 characters.
    pub fix_c1_controls: bool,
    /// Split Latin ligatures (`ﬁ` → `fi`).
    pub fix_latin_ligatures: bool,
    /// Fullwidth to ASCII and halfwidth to fullwidth, including CJK
    /// punctuation (`，` → `,`): ftfy's behaviour, off by default.
    pub fix_character_width: bool,
    /// Straighten curly quotes (`“` → `"`).
    pub uncurl_quotes: bool,
    /// `\r\n`, `\r`, U+2028, U+2029, U+0085 → `\n`.
    pub fix_line_breaks: bool,
    /// Combine UTF-16 surrogate pairs and replace lone surrogates (applies
    /// where text is decoded from bytes; a `&str` never holds surrogates).
    pub fix_surrogates: bool,
    /// Remove control characters that have no visible effect (and the BOM).
    pub remove_control_chars: bool,
    /// Unicode normalization form, if any.
    pub normalization: Option<NormalizationForm>,
    /// With NFC/NFKC, leave CJK compatibility ideographs (U+F900…) as they are
    /// instead of replacing them with their unified equivalents.
    pub keep_cjk_compatibility_ideographs: bool,
    /// Longest segment (in bytes) fixed at once; longer lines are cut.
    pub max_decode_length: usize,
    /// Convert Chinese script as the last step, with this OpenCC
    /// configuration (`s2t`, `t2s`, `s2twp`, …); output identical to OpenCC 1.4.
    pub convert: Option<mojifix_zh::ConfigName>,
}

impl Default for Config {
    /// Repair only: encoding damage and structural debris, never restyling.
    ///
    /// Compared with [`Config::ftfy()`], these are off, because each changed
    /// clean lines of ../shared/data/clean (measured by the `clean_corpus`
    /// test): HTML entities (man pages write `&amp;` and `&gt;` as text),
    /// stray C1 controls (a lone one is more often a lost byte than a
    /// windows-1252 quote), Latin ligatures (`ĳ` is a Dutch letter), and all
    /// width, quote and punctuation restyling. Compatibility ideographs
    /// survive normalization.
    fn default() -> Self {
        Config {
            unescape_html: HtmlMode::Never,
            remove_terminal_escapes: true,
            fix_encoding: true,
            fix_cjk_encoding: true,
            restore_byte_a0: true,
            replace_lossy_sequences: true,
            decode_inconsistent_utf8: true,
            fix_c1_controls: false,
            fix_latin_ligatures: false,
            fix_character_width: false,
            uncurl_quotes: false,
            fix_line_breaks: true,
            fix_surrogates: true,
            remove_control_chars: true,
            normalization: Some(NormalizationForm::Nfc),
            keep_cjk_compatibility_ideographs: true,
            max_decode_length: 1_000_000,
            convert: None,
        }
    }
}

/// A name that is not a fixer switch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFixer(pub String);

impl fmt::Display for UnknownFixer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown fixer `{}` (see --list-fixers)", self.0)
    }
}

impl std::error::Error for UnknownFixer {}

impl Config {
    /// Every switch: its name and what it does, in the order fixers run.
    pub const FIXERS: &'static [(&'static str, &'static str)] = &[
        (
            "unescape_html",
            "decode HTML entities, except in lines holding a literal '<'",
        ),
        (
            "fix_encoding",
            "undo UTF-8 decoded with a single-byte code page",
        ),
        (
            "restore_byte_a0",
            "fix_encoding: accept a space where a UTF-8 A0 byte was lost",
        ),
        (
            "replace_lossy_sequences",
            "fix_encoding: decode UTF-8 that lost bytes as U+FFFD",
        ),
        (
            "decode_inconsistent_utf8",
            "fix_encoding: fix mojibake runs inside mixed text",
        ),
        (
            "fix_c1_controls",
            "replace C1 control characters with windows-1252 characters",
        ),
        ("fix_latin_ligatures", "split Latin ligatures such as ﬁ"),
        (
            "fix_character_width",
            "fullwidth → ASCII, halfwidth → fullwidth (all punctuation)",
        ),
        ("uncurl_quotes", "straighten curly quotes"),
        (
            "fix_line_breaks",
            "turn CRLF, CR, U+2028, U+2029 and U+0085 into LF",
        ),
        (
            "fix_surrogates",
            "combine or replace UTF-16 surrogates when decoding",
        ),
        ("remove_terminal_escapes", "remove ANSI terminal escapes"),
        (
            "remove_control_chars",
            "remove invisible control characters and the BOM",
        ),
        ("normalization", "Unicode NFC normalization"),
        (
            "keep_cjk_compatibility_ideographs",
            "normalization: keep CJK compatibility ideographs",
        ),
    ];

    /// ftfy 6.3's `fix_text` defaults.
    ///
    /// One deliberate difference: ftfy stops decoding HTML entities for the
    /// rest of a text once it has seen a `<`; mojifix decides per line, so
    /// every line is fixed independently (and streaming gives the same result).
    pub fn ftfy() -> Config {
        Config {
            fix_cjk_encoding: false,
            unescape_html: HtmlMode::Auto,
            fix_c1_controls: true,
            fix_latin_ligatures: true,
            fix_character_width: true,
            uncurl_quotes: true,
            keep_cjk_compatibility_ideographs: false,
            ..Config::default()
        }
    }

    /// A preset by name: `default` or `ftfy`.
    pub fn preset(name: &str) -> Option<Config> {
        match name {
            "default" => Some(Config::default()),
            "ftfy" => Some(Config::ftfy()),
            _ => None,
        }
    }

    /// The names [`Config::preset`] accepts.
    pub const PRESETS: &'static [&'static str] = &["default", "ftfy"];

    /// Turns the named switch on or off.
    pub fn set(&mut self, name: &str, on: bool) -> Result<(), UnknownFixer> {
        match name {
            "unescape_html" => {
                self.unescape_html = if on { HtmlMode::Auto } else { HtmlMode::Never }
            }
            "normalization" => self.normalization = on.then_some(NormalizationForm::Nfc),
            _ => {
                *self
                    .switch_mut(name)
                    .ok_or_else(|| UnknownFixer(name.to_owned()))? = on
            }
        }
        Ok(())
    }

    /// Whether the named switch is on.
    pub fn is_on(&self, name: &str) -> Result<bool, UnknownFixer> {
        match name {
            "unescape_html" => Ok(self.unescape_html != HtmlMode::Never),
            "normalization" => Ok(self.normalization.is_some()),
            _ => {
                let mut copy = self.clone();
                copy.switch_mut(name)
                    .map(|b| *b)
                    .ok_or_else(|| UnknownFixer(name.to_owned()))
            }
        }
    }

    fn switch_mut(&mut self, name: &str) -> Option<&mut bool> {
        Some(match name {
            "remove_terminal_escapes" => &mut self.remove_terminal_escapes,
            "fix_encoding" => &mut self.fix_encoding,
            "fix_cjk_encoding" => &mut self.fix_cjk_encoding,
            "restore_byte_a0" => &mut self.restore_byte_a0,
            "replace_lossy_sequences" => &mut self.replace_lossy_sequences,
            "decode_inconsistent_utf8" => &mut self.decode_inconsistent_utf8,
            "fix_c1_controls" => &mut self.fix_c1_controls,
            "fix_latin_ligatures" => &mut self.fix_latin_ligatures,
            "fix_character_width" => &mut self.fix_character_width,
            "uncurl_quotes" => &mut self.uncurl_quotes,
            "fix_line_breaks" => &mut self.fix_line_breaks,
            "fix_surrogates" => &mut self.fix_surrogates,
            "remove_control_chars" => &mut self.remove_control_chars,
            "keep_cjk_compatibility_ideographs" => &mut self.keep_cjk_compatibility_ideographs,
            _ => return None,
        })
    }

    pub(crate) fn latin_options(&self) -> LatinOptions {
        LatinOptions {
            restore_byte_a0: self.restore_byte_a0,
            replace_lossy_sequences: self.replace_lossy_sequences,
            decode_inconsistent_utf8: self.decode_inconsistent_utf8,
            fix_c1_controls: self.fix_c1_controls,
        }
    }
}

/// A text-to-text fixer.
pub(crate) type TextFix = fn(&str) -> Cow<'_, str>;

fn decode_inconsistent_utf8_default(text: &str) -> Cow<'_, str> {
    latin::decode_inconsistent_utf8(text, &LatinOptions::default())
}

/// The text fixer a plan's `apply`/`transcode` step names.
pub(crate) fn text_fixer(name: &str) -> Option<TextFix> {
    Some(match name {
        "unescape_html" => fixes::unescape_html,
        "remove_terminal_escapes" => fixes::remove_terminal_escapes,
        "fix_c1_controls" => latin::fix_c1_controls,
        "fix_latin_ligatures" => fixes::fix_latin_ligatures,
        "fix_character_width" => fixes::fix_character_width,
        "uncurl_quotes" => fixes::uncurl_quotes,
        "fix_line_breaks" => fixes::fix_line_breaks,
        "fix_surrogates" => fixes::fix_surrogates,
        "remove_control_chars" => fixes::remove_control_chars,
        "decode_inconsistent_utf8" => decode_inconsistent_utf8_default,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_switch_can_be_set_and_read() {
        for &(name, _) in Config::FIXERS {
            let mut c = Config::default();
            c.set(name, false).unwrap();
            assert!(!c.is_on(name).unwrap(), "{name}");
            c.set(name, true).unwrap();
            assert!(c.is_on(name).unwrap(), "{name}");
        }
        assert!(Config::default().set("no_such_fixer", true).is_err());
    }

    #[test]
    fn default_never_restyles() {
        let c = Config::default();
        assert!(!c.fix_character_width && !c.uncurl_quotes);
        assert!(c.keep_cjk_compatibility_ideographs);
    }
}
