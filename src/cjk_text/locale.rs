//! [`Locale`]: the region whose conventions the display rules follow.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where the rules differ by region: which quotation marks `style_quotes`
/// uses, whether `cjk_interpunct` folds `・` (Japanese keeps it), and
/// whether `punctuation_width` writes `，` or `、`.
///
/// Serializes as `"zh-Hans"`, `"zh-Hant-TW"`, `"zh-Hant-HK"`, `"ja"`, `"ko"`.
/// With no locale (`Config::locale == None`), each line is judged by its own
/// script: a line holding kana follows `ja`, any other follows `zh-Hans`.
///
/// ```
/// use mojifix::cjk_text::Locale;
/// let l: Locale = "zh-Hant-TW".parse().unwrap();
/// assert_eq!(l, Locale::ZhHantTw);
/// assert_eq!(l.to_string(), "zh-Hant-TW");
/// assert_eq!(serde_json::to_string(&Locale::Ja).unwrap(), "\"ja\"");
/// assert!("fr".parse::<Locale>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    /// Simplified Chinese (mainland China): `“”‘’`.
    #[serde(rename = "zh-Hans")]
    ZhHans,
    /// Traditional Chinese, Taiwan: `「」『』`.
    #[serde(rename = "zh-Hant-TW")]
    ZhHantTw,
    /// Traditional Chinese, Hong Kong: `「」『』`.
    #[serde(rename = "zh-Hant-HK")]
    ZhHantHk,
    /// Japanese: `「」『』`, `、。`, and `・` is kept.
    #[serde(rename = "ja")]
    Ja,
    /// Korean: `“”‘’`; no width or spacing changes next to Hangul anyway.
    #[serde(rename = "ko")]
    Ko,
}

impl Locale {
    /// Every locale, in the order of [`Locale::as_str`] names.
    pub const ALL: [Locale; 5] = [
        Locale::ZhHans,
        Locale::ZhHantTw,
        Locale::ZhHantHk,
        Locale::Ja,
        Locale::Ko,
    ];

    /// The BCP 47 tag: `zh-Hans`, `zh-Hant-TW`, `zh-Hant-HK`, `ja`, `ko`.
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::ZhHans => "zh-Hans",
            Locale::ZhHantTw => "zh-Hant-TW",
            Locale::ZhHantHk => "zh-Hant-HK",
            Locale::Ja => "ja",
            Locale::Ko => "ko",
        }
    }

    /// Whether the primary quotes are corner brackets `「」` (else `“”`).
    pub fn corner_quotes(self) -> bool {
        matches!(self, Locale::ZhHantTw | Locale::ZhHantHk | Locale::Ja)
    }

    pub(crate) fn code(self) -> u8 {
        self as u8 + 1
    }

    pub(crate) fn from_code(code: u8) -> Option<Locale> {
        Locale::ALL.get(usize::from(code).checked_sub(1)?).copied()
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names no [`Locale`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLocale(pub String);

impl fmt::Display for UnknownLocale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown locale `{}` (expected zh-Hans, zh-Hant-TW, zh-Hant-HK, ja or ko)",
            self.0
        )
    }
}

impl std::error::Error for UnknownLocale {}

impl FromStr for Locale {
    type Err = UnknownLocale;

    /// Parses a tag case-insensitively, with `_` or `-`.
    fn from_str(s: &str) -> Result<Locale, UnknownLocale> {
        let norm = s.replace('_', "-").to_ascii_lowercase();
        Locale::ALL
            .into_iter()
            .find(|l| l.as_str().to_ascii_lowercase() == norm)
            .ok_or_else(|| UnknownLocale(s.to_owned()))
    }
}
