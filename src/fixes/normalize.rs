//! `normalize`: Unicode normalization with a borrow-if-normalized fast path.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use unicode_normalization::{
    is_nfc_quick, is_nfd_quick, is_nfkc_quick, is_nfkd_quick, IsNormalized, UnicodeNormalization,
};

/// A Unicode normalization form, as named by Python's
/// `unicodedata.normalize` and ftfy's `normalization` option.
///
/// Serializes as `"NFC"`, `"NFD"`, `"NFKC"` or `"NFKD"`. The default is
/// [`Nfc`](NormalizationForm::Nfc), ftfy's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum NormalizationForm {
    /// Canonical composition.
    #[default]
    #[serde(rename = "NFC")]
    Nfc,
    /// Canonical decomposition.
    #[serde(rename = "NFD")]
    Nfd,
    /// Compatibility composition.
    #[serde(rename = "NFKC")]
    Nfkc,
    /// Compatibility decomposition.
    #[serde(rename = "NFKD")]
    Nfkd,
}

impl NormalizationForm {
    /// The form's name as Python spells it (`"NFC"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            NormalizationForm::Nfc => "NFC",
            NormalizationForm::Nfd => "NFD",
            NormalizationForm::Nfkc => "NFKC",
            NormalizationForm::Nfkd => "NFKD",
        }
    }
}

/// Normalizes `text` to `form`, like Python's
/// `unicodedata.normalize(form, text)` as used by ftfy's `fix_text`.
///
/// ASCII text and text that the Unicode quick-check property proves
/// normalized are returned borrowed without allocating; when the quick
/// check is inconclusive, the text is still borrowed if normalizing leaves
/// it unchanged.
///
/// The normalization data is the `unicode-normalization` crate's, which may
/// be a newer Unicode version than Python 3.11's 14.0.0; the two only differ
/// on characters assigned after Unicode 14.
///
/// ```
/// use mojifix::fixes::{normalize, NormalizationForm};
///
/// assert_eq!(normalize("e\u{301}", NormalizationForm::Nfc), "\u{e9}");
/// assert_eq!(normalize("\u{e9}", NormalizationForm::Nfd), "e\u{301}");
/// assert_eq!(normalize("ﬁ", NormalizationForm::Nfkc), "fi");
/// ```
pub fn normalize(text: &str, form: NormalizationForm) -> Cow<'_, str> {
    // ASCII is invariant under every normalization form.
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let quick = match form {
        NormalizationForm::Nfc => is_nfc_quick(text.chars()),
        NormalizationForm::Nfd => is_nfd_quick(text.chars()),
        NormalizationForm::Nfkc => is_nfkc_quick(text.chars()),
        NormalizationForm::Nfkd => is_nfkd_quick(text.chars()),
    };
    if quick == IsNormalized::Yes {
        return Cow::Borrowed(text);
    }
    let normalized: String = match form {
        NormalizationForm::Nfc => text.nfc().collect(),
        NormalizationForm::Nfd => text.nfd().collect(),
        NormalizationForm::Nfkc => text.nfkc().collect(),
        NormalizationForm::Nfkd => text.nfkd().collect(),
    };
    if quick == IsNormalized::Maybe && normalized == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(normalized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NormalizationForm::*;

    #[test]
    fn matches_python_unicodedata() {
        // unicodedata.normalize(form, "ﬁ Å e\u0301 ﾊﾞ") on Python 3.11.
        let text = "\u{fb01} \u{212b} e\u{301} \u{ff8a}\u{ff9e}";
        assert_eq!(
            normalize(text, Nfc),
            "\u{fb01} \u{c5} \u{e9} \u{ff8a}\u{ff9e}"
        );
        assert_eq!(
            normalize(text, Nfd),
            "\u{fb01} A\u{30a} e\u{301} \u{ff8a}\u{ff9e}"
        );
        assert_eq!(normalize(text, Nfkc), "fi \u{c5} \u{e9} \u{30d0}");
        assert_eq!(
            normalize(text, Nfkd),
            "fi A\u{30a} e\u{301} \u{30cf}\u{3099}"
        );
    }

    #[test]
    fn composes_per_char_width_output() {
        // fix_character_width leaves ハ + U+3099; NFC makes it バ.
        assert_eq!(normalize("\u{30cf}\u{3099}", Nfc), "\u{30d0}");
    }

    #[test]
    fn borrows_normalized_text() {
        assert!(matches!(normalize("plain ascii", Nfkd), Cow::Borrowed(_)));
        assert!(matches!(
            normalize("caf\u{e9} \u{65e5}\u{672c}", Nfc),
            Cow::Borrowed(_)
        ));
        assert!(matches!(normalize("cafe\u{301}", Nfd), Cow::Borrowed(_)));
        // NFC quick check says "Maybe" for U+093C, but U+0915 U+093C does
        // not compose (U+0958 is a composition exclusion): still borrowed.
        assert!(matches!(normalize("\u{915}\u{93c}", Nfc), Cow::Borrowed(_)));
    }

    #[test]
    fn serde_names() {
        for form in [Nfc, Nfd, Nfkc, Nfkd] {
            let json = serde_json::to_string(&form).unwrap();
            assert_eq!(json, format!("\"{}\"", form.as_str()));
            assert_eq!(
                serde_json::from_str::<NormalizationForm>(&json).unwrap(),
                form
            );
        }
        assert_eq!(NormalizationForm::default(), Nfc);
    }
}
