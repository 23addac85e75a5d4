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
/// Four presets ([`Config::preset`]): [`Config::default()`] repairs damage
/// and never restyles text (clean Chinese, Japanese and Korean pass through
/// untouched), [`Config::display()`] copy-edits CJK text for people,
/// [`Config::index()`] makes canonical keys for machines, and
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
    /// Within `fix_encoding`: restore bytes that a decoder or a clean-up
    /// dropped from UTF-8 read as windows-1252 or Latin-1
    /// (`ã“ã‚“ã«ã¡ã¯` → `こんにちは`).
    pub restore_dropped_bytes: bool,
    /// Within `fix_encoding`: undo Cyrillic, Greek or Central European text
    /// in its own single-byte code page read as windows-1252 or Latin-1
    /// (`Ïðèâåò` → `Привет`, windows-1251; `ðÒÉ×ÅÔ` → `привет`, KOI8-R;
    /// `nag³ówkowe` → `nagłówkowe`, ISO-8859-2).
    pub fix_wrong_codepage: bool,
    /// Undo CJK mojibake: UTF-8 read as GBK, Big5, Shift_JIS, EUC-JP or
    /// EUC-KR (`浣犲ソ` → `你好`), and those encodings read as a single-byte
    /// code page (`ÄãºÃ` → `你好`).
    pub fix_cjk_encoding: bool,
    /// Within `fix_cjk_encoding`: undo one legacy CJK encoding read with
    /// another's decoder: Big5 read as GBK (`羉砰いゅ` → `繁體中文`),
    /// Shift_JIS read as GBK, GBK read as Big5 or Shift_JIS. It runs in a
    /// round where the rest of the repair leaves the text as it is (so on a
    /// line that also holds other mojibake, in the round after that is
    /// undone). **Off in every preset**: its reviews on clean text it was
    /// not made on still found a few correct characters changed beside such
    /// damage (see ARCHITECTURE.md, "Legacy CJK read with another legacy
    /// decoder"), and with it on, `default` costs clean zh-Hans text about
    /// 60% more instructions. Turn it on for text known to hold such damage.
    pub fix_cjk_cross_legacy: bool,
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
    /// Halfwidth katakana to fullwidth, composing voiced marks (`ﾊﾞ` → `バ`),
    /// and `｡､｢｣･` → `。、「」・` ([`cjk_text`](crate::cjk_text)).
    pub fix_halfwidth_katakana: bool,
    /// Fullwidth letters and digits to ASCII (`ＡＢＣ１２３` → `ABC123`).
    /// Off in `default`: it changed 59 clean lines of ../shared/data/clean.
    pub fold_fullwidth_alnum: bool,
    /// Kangxi radicals to unified ideographs inside Han text (`⽇本` → `日本`).
    pub fix_kangxi_radicals: bool,
    /// Vertical and small forms to normal CJK forms (`︐` → `，`, not `,`).
    pub fix_vertical_forms: bool,
    /// U+3000 and other spaces to ASCII space; zero-width spaces removed
    /// (never ZWJ or ZWNJ).
    pub normalize_spaces: bool,
    /// Punctuation width by context: `,.:;!?` between CJ characters become
    /// fullwidth; fullwidth marks in lines without CJK become ASCII.
    pub punctuation_width: bool,
    /// `...`, `。。。`, lone `…` next to CJ text → `……` (`...` with
    /// `ascii_punctuation`).
    pub cjk_ellipsis: bool,
    /// `—`, `--` between CJ characters → `——`.
    pub cjk_dashes: bool,
    /// `‧ • ・ ．` between Han characters → `·` (not in Japanese; `丶` is Han).
    pub cjk_interpunct: bool,
    /// Straighten curly quotes, except inside CJK runs.
    pub straighten_quotes: bool,
    /// Style quotes by [`locale`](Config::locale), with nesting
    /// (`“”‘’` or `「」『』`).
    pub style_quotes: bool,
    /// Remove spaces around fullwidth punctuation (`你好 ，` → `你好，`).
    pub remove_punct_spaces: bool,
    /// Context-free CJK punctuation to ASCII (`，。！（）` → `,.!()`), for
    /// index keys.
    pub ascii_punctuation: bool,
    /// Pangu-style space between CJ and Latin letters or digits, never next
    /// to Hangul.
    pub pangu_spacing: bool,
    /// Case folding after normalization (index keys).
    pub casefold: bool,
    /// Remove ruby readings that leaked inline after Han characters when a
    /// page was scraped (`時(shí)間` → `時間`), keeping sparse deliberate
    /// annotations and romanization ([`scrape`](crate::scrape)).
    pub inline_pinyin: bool,
    /// Re-read runs that a GBK, Big5 or Shift_JIS decoder read out of phase
    /// after a lost byte, writing U+FFFD where the byte is gone
    /// ([`scrape`](crate::scrape)).
    pub double_byte_resync: bool,
    /// The region whose conventions `style_quotes`, `cjk_interpunct`,
    /// `cjk_dashes` and `punctuation_width` follow; `None` judges each line
    /// by its script (kana → `ja`, otherwise `zh-Hans`).
    pub locale: Option<crate::cjk_text::Locale>,
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
            // Off: see the field's documentation.
            fix_cjk_cross_legacy: false,
            restore_byte_a0: true,
            replace_lossy_sequences: true,
            decode_inconsistent_utf8: true,
            restore_dropped_bytes: true,
            fix_wrong_codepage: true,
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
            // Measured on ../shared/data/clean: these change no clean line.
            fix_halfwidth_katakana: true,
            fix_kangxi_radicals: true,
            fix_vertical_forms: true,
            // These restyle (or, for fullwidth digits, change 59 clean lines).
            fold_fullwidth_alnum: false,
            normalize_spaces: false,
            punctuation_width: false,
            cjk_ellipsis: false,
            cjk_dashes: false,
            cjk_interpunct: false,
            straighten_quotes: false,
            style_quotes: false,
            remove_punct_spaces: false,
            ascii_punctuation: false,
            pangu_spacing: false,
            casefold: false,
            // Web-scrape repairs (issue 7): off in `default`, on in `corpus`.
            // Measured on ../shared/data/clean and corpus/scrape: see
            // `Config::corpus` for why they are not in `default`.
            inline_pinyin: false,
            double_byte_resync: false,
            locale: None,
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
            "restore_dropped_bytes",
            "fix_encoding: restore bytes dropped from UTF-8 read as windows-1252 or Latin-1",
        ),
        (
            "fix_wrong_codepage",
            "fix_encoding: undo Cyrillic, Greek or Central European single-byte text read as windows-1252 or Latin-1",
        ),
        (
            "fix_cjk_encoding",
            "undo CJK mojibake: UTF-8 read as GBK/Big5/Shift_JIS/EUC, and those read as a single-byte code page",
        ),
        (
            "fix_cjk_cross_legacy",
            "fix_cjk_encoding: undo one legacy CJK encoding read as another (Big5 or Shift_JIS as GBK, GBK as Big5 or Shift_JIS); off in every preset",
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
        (
            "fix_halfwidth_katakana",
            "halfwidth katakana → fullwidth (ﾊﾞ → バ), ｡､｢｣･ → 。、「」・",
        ),
        (
            "fold_fullwidth_alnum",
            "fullwidth letters and digits → ASCII (ＡＢＣ１２３ → ABC123)",
        ),
        (
            "fix_kangxi_radicals",
            "Kangxi radicals → unified ideographs inside Han text",
        ),
        (
            "fix_vertical_forms",
            "vertical and small forms → normal CJK forms (︐ → ，)",
        ),
        (
            "normalize_spaces",
            "U+3000, NBSP and other spaces → space; remove zero-width spaces (never ZWJ/ZWNJ)",
        ),
        (
            "punctuation_width",
            "punctuation width by context: ,.!? between CJ → ，。！？; ， in Latin lines → ,",
        ),
        ("cjk_ellipsis", "... 。。。 … next to CJ → ……"),
        ("cjk_dashes", "— -- between CJ → ——"),
        (
            "cjk_interpunct",
            "‧ • ・ ． between Han → · (Chinese names; not in Japanese)",
        ),
        (
            "straighten_quotes",
            "straighten curly quotes, never inside CJK runs",
        ),
        (
            "style_quotes",
            "quotes by locale with nesting: “”‘’ (zh-Hans, ko) or 「」『』 (zh-Hant, ja)",
        ),
        (
            "remove_punct_spaces",
            "remove spaces around fullwidth punctuation",
        ),
        (
            "ascii_punctuation",
            "context-free CJK punctuation → ASCII (index keys)",
        ),
        (
            "pangu_spacing",
            "space between CJ and Latin letters or digits, never next to Hangul",
        ),
        ("casefold", "case folding after normalization (index keys)"),
        (
            "inline_pinyin",
            "remove leaked ruby readings after Han characters: 時(shí)間 → 時間",
        ),
        (
            "double_byte_resync",
            "re-read GBK/Big5/Shift_JIS runs decoded out of phase after a lost byte",
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
            // ftfy has no such steps.
            restore_dropped_bytes: false,
            fix_wrong_codepage: false,
            unescape_html: HtmlMode::Auto,
            fix_c1_controls: true,
            fix_latin_ligatures: true,
            fix_character_width: true,
            uncurl_quotes: true,
            keep_cjk_compatibility_ideographs: false,
            // ftfy has no such passes (its width fix covers halfwidth kana).
            fix_halfwidth_katakana: false,
            fix_kangxi_radicals: false,
            fix_vertical_forms: false,
            ..Config::default()
        }
    }

    /// CJK copy-editing for apps and publishing: repair, then fullwidth
    /// letters and digits to ASCII, Latin ligatures split, punctuation width
    /// by context and no spaces around fullwidth punctuation, with protected
    /// spans (URLs, e-mail, paths, code, placeholders, numbers, tickers) left
    /// alone and no change next to Hangul. Optional (off, switch on by name):
    /// `normalize_spaces`, `style_quotes`, `cjk_ellipsis`, `cjk_dashes`,
    /// `cjk_interpunct`, `pangu_spacing`.
    ///
    /// ```
    /// use mojifix::{Config, Fixer};
    /// let fixer = Fixer::new(Config::display());
    /// assert_eq!(fixer.fix("你好,世界!"), "你好，世界！");
    /// assert_eq!(fixer.fix("ＡＢＣ ， ﾃｽﾄ"), "ABC，テスト");
    /// assert_eq!(fixer.fix("见 https://a.cn/x,y 和 3.14"), "见 https://a.cn/x,y 和 3.14");
    /// ```
    pub fn display() -> Config {
        Config {
            fix_latin_ligatures: true,
            fold_fullwidth_alnum: true,
            punctuation_width: true,
            remove_punct_spaces: true,
            ..Config::default()
        }
    }

    /// Canonical keys for search, dedup and LM scoring, never shown to a
    /// human: repair, NFKC (compatibility ideographs unified too) and case
    /// folding, spaces normalized, CJK punctuation to ASCII, curly quotes
    /// straightened outside CJK runs, ellipsis, dashes and interpuncts
    /// unified.
    ///
    /// ```
    /// use mojifix::{Config, Fixer};
    /// let fixer = Fixer::new(Config::index());
    /// assert_eq!(fixer.fix("你好，世界！（ＡＢＣ）“Hello”"), "你好,世界!(abc)\"hello\"");
    /// ```
    pub fn index() -> Config {
        Config {
            fix_latin_ligatures: true,
            fold_fullwidth_alnum: true,
            normalization: Some(NormalizationForm::Nfkc),
            keep_cjk_compatibility_ideographs: false,
            normalize_spaces: true,
            cjk_ellipsis: true,
            cjk_dashes: true,
            cjk_interpunct: true,
            straighten_quotes: true,
            remove_punct_spaces: true,
            ascii_punctuation: true,
            casefold: true,
            ..Config::default()
        }
    }

    /// Text for a training or search corpus built from crawled pages: what
    /// [`Config::display()`] does (repair, fullwidth letters and digits to
    /// ASCII, Latin ligatures split, punctuation width by context, no spaces
    /// around fullwidth punctuation), plus `normalize_spaces` (crawls are full
    /// of U+3000, NBSP and zero-width spaces) and the web-scrape repairs
    /// `inline_pinyin` and `double_byte_resync`. It stays NFC, keeps curly
    /// and CJK quotes as written and does not fold case: a corpus is text
    /// people wrote, not index keys ([`Config::index()`]).
    ///
    /// The two scrape repairs are not in `default`, although neither changes
    /// a line of ../shared/data/clean nor of the traps in
    /// `corpus/scrape/traps.jsonl`: both delete or rewrite text on evidence
    /// that is statistical (reading density; a unigram model), which is
    /// right for a corpus builder's millions of crawled lines and a surprise
    /// for a caller who asked for repair of encoding damage only;
    /// `double_byte_resync` writes U+FFFD where a byte is gone, restores only
    /// 56–59% of synthesized runs exactly and rewrites some wrongly; and in
    /// `default` they would make the Fixer analyse 2.9× (`inline_pinyin`) and
    /// 1.6× (`double_byte_resync`) as many clean Chinese lines (measured on
    /// the `clean_zh` bench input: 511 and 275 lines against 177 of 8,222).
    ///
    /// ```
    /// use mojifix::{Config, Fixer};
    /// let fixer = Fixer::new(Config::corpus());
    /// assert_eq!(fixer.fix("时(shí)间(jiān)就(jiù)是(shì)生命"), "时间就是生命");
    /// assert_eq!(fixer.fix("北京(Beijing)很大"), "北京(Beijing)很大");
    /// ```
    pub fn corpus() -> Config {
        Config {
            normalize_spaces: true,
            inline_pinyin: true,
            double_byte_resync: true,
            ..Config::display()
        }
    }

    /// A preset by name: `default`, `display`, `index`, `corpus` or `ftfy`.
    pub fn preset(name: &str) -> Option<Config> {
        match name {
            "default" => Some(Config::default()),
            "display" => Some(Config::display()),
            "index" => Some(Config::index()),
            "corpus" => Some(Config::corpus()),
            "ftfy" => Some(Config::ftfy()),
            _ => None,
        }
    }

    /// The names [`Config::preset`] accepts.
    pub const PRESETS: &'static [&'static str] = &["default", "display", "index", "corpus", "ftfy"];

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
            "fix_cjk_cross_legacy" => &mut self.fix_cjk_cross_legacy,
            "restore_byte_a0" => &mut self.restore_byte_a0,
            "replace_lossy_sequences" => &mut self.replace_lossy_sequences,
            "decode_inconsistent_utf8" => &mut self.decode_inconsistent_utf8,
            "restore_dropped_bytes" => &mut self.restore_dropped_bytes,
            "fix_wrong_codepage" => &mut self.fix_wrong_codepage,
            "fix_c1_controls" => &mut self.fix_c1_controls,
            "fix_latin_ligatures" => &mut self.fix_latin_ligatures,
            "fix_character_width" => &mut self.fix_character_width,
            "uncurl_quotes" => &mut self.uncurl_quotes,
            "fix_line_breaks" => &mut self.fix_line_breaks,
            "fix_surrogates" => &mut self.fix_surrogates,
            "remove_control_chars" => &mut self.remove_control_chars,
            "keep_cjk_compatibility_ideographs" => &mut self.keep_cjk_compatibility_ideographs,
            "fix_halfwidth_katakana" => &mut self.fix_halfwidth_katakana,
            "fold_fullwidth_alnum" => &mut self.fold_fullwidth_alnum,
            "fix_kangxi_radicals" => &mut self.fix_kangxi_radicals,
            "fix_vertical_forms" => &mut self.fix_vertical_forms,
            "normalize_spaces" => &mut self.normalize_spaces,
            "punctuation_width" => &mut self.punctuation_width,
            "cjk_ellipsis" => &mut self.cjk_ellipsis,
            "cjk_dashes" => &mut self.cjk_dashes,
            "cjk_interpunct" => &mut self.cjk_interpunct,
            "straighten_quotes" => &mut self.straighten_quotes,
            "style_quotes" => &mut self.style_quotes,
            "remove_punct_spaces" => &mut self.remove_punct_spaces,
            "ascii_punctuation" => &mut self.ascii_punctuation,
            "pangu_spacing" => &mut self.pangu_spacing,
            "casefold" => &mut self.casefold,
            "inline_pinyin" => &mut self.inline_pinyin,
            "double_byte_resync" => &mut self.double_byte_resync,
            _ => return None,
        })
    }

    pub(crate) fn latin_options(&self) -> LatinOptions {
        LatinOptions {
            restore_byte_a0: self.restore_byte_a0,
            replace_lossy_sequences: self.replace_lossy_sequences,
            decode_inconsistent_utf8: self.decode_inconsistent_utf8,
            restore_dropped_bytes: self.restore_dropped_bytes,
            fix_wrong_codepage: self.fix_wrong_codepage,
            fix_c1_controls: self.fix_c1_controls,
        }
    }
}

/// A text-to-text fixer.
pub(crate) type TextFix = fn(&str) -> Cow<'_, str>;

fn decode_inconsistent_utf8_default(text: &str) -> Cow<'_, str> {
    latin::decode_inconsistent_utf8(text, &LatinOptions::default())
}

fn decode_inconsistent_utf8_ftfy(text: &str) -> Cow<'_, str> {
    latin::decode_inconsistent_utf8(text, &latin::FTFY_INCONSISTENT_OPTIONS)
}

fn decode_inconsistent_utf8_keep_c1(text: &str) -> Cow<'_, str> {
    latin::decode_inconsistent_utf8(text, &latin::KEEP_C1_INCONSISTENT_OPTIONS)
}

fn fix_cjk_encoding_alone(text: &str) -> Cow<'_, str> {
    crate::mojibake::cjk::fix_cjk_encoding(text, &mut Vec::new())
}

fn fix_cjk_cross_legacy_alone(text: &str) -> Cow<'_, str> {
    crate::mojibake::cjk::fix_cjk_cross_legacy(text, &mut Vec::new())
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
        "decode_inconsistent_utf8_ftfy" => decode_inconsistent_utf8_ftfy,
        "decode_inconsistent_utf8_keep_c1" => decode_inconsistent_utf8_keep_c1,
        "restore_dropped_bytes" => crate::mojibake::dropped_bytes::restore_dropped_bytes,
        "fix_wrong_codepage" => crate::mojibake::wrong_page::fix_wrong_codepage,
        "fix_cjk_encoding" => fix_cjk_encoding_alone,
        "fix_cjk_cross_legacy" => fix_cjk_cross_legacy_alone,
        "inline_pinyin" => crate::scrape::remove_inline_pinyin,
        "double_byte_resync" => crate::scrape::resync_double_byte,
        _ => return crate::cjk_text::text_fixer(name),
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

    /// The `ftfy` preset's `decode_inconsistent_utf8` is the one a plan's
    /// `apply decode_inconsistent_utf8_ftfy` replays, and the two readings
    /// differ on Latin-1 text with C1 controls before spaces.
    #[test]
    fn the_ftfy_reading_of_inconsistent_utf8_replays() {
        assert_eq!(
            Config::ftfy().latin_options(),
            latin::FTFY_INCONSISTENT_OPTIONS
        );
        let text = "æ\u{87} ã\u{86} a";
        let explained = crate::Fixer::new(Config::ftfy()).fix_and_explain(text);
        assert_eq!(explained.text, "æ‡ ã† a");
        for change in &explained.changes {
            let replayed = crate::apply_plan(&change.before, &change.steps).unwrap();
            assert_eq!(replayed, change.after);
        }
        let default = crate::Fixer::new(Config::default()).fix(text);
        assert_ne!(default, "æ‡ ã† a");
    }

    /// The other presets' `decode_inconsistent_utf8` (C1 controls kept) is
    /// the one `apply decode_inconsistent_utf8_keep_c1` replays.
    #[test]
    fn the_presets_reading_of_inconsistent_utf8_replays() {
        for config in [
            Config::default(),
            Config::display(),
            Config::index(),
            Config::corpus(),
        ] {
            assert_eq!(config.latin_options(), latin::KEEP_C1_INCONSISTENT_OPTIONS);
        }
    }

    #[test]
    fn default_never_restyles() {
        let c = Config::default();
        assert!(!c.fix_character_width && !c.uncurl_quotes);
        assert!(c.keep_cjk_compatibility_ideographs);
    }
}
