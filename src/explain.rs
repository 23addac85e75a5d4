//! Explanations: the plan of steps a fix applied, and replaying it.
//!
//! A plan is a list of [`Step`]s in the vocabulary ftfy uses: text is
//! `encode`d into bytes with a code page, bytes are `transcode`d by a byte
//! fixer, bytes are `decode`d back into text, a text fixer is `apply`d, or the
//! text is `normalize`d. [`apply_plan`] replays a plan on other text with the
//! same damage.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::fixes::NormalizationForm;
use crate::mojibake::{self, CodePage};

/// What a step does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Text to bytes, with the named code page.
    Encode,
    /// Bytes to text, with the named encoding.
    Decode,
    /// Bytes to bytes, with the named byte fixer.
    Transcode,
    /// Text to text, with the named fixer.
    Apply,
    /// Text to text, with the named Unicode normalization form.
    Normalize,
    /// Text to text, with the named OpenCC configuration (`s2t`, …).
    Convert,
    /// No operation: names the damage the step before it undid (such as
    /// `utf-8 decoded as gbk`), for explanations. Replaying skips it.
    Undid,
}

/// One step of a plan, such as `encode latin-1` or `apply uncurl_quotes`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Step {
    /// What kind of step.
    pub action: Action,
    /// The code page, encoding, fixer or normalization form it uses.
    pub name: Cow<'static, str>,
}

impl Step {
    pub(crate) fn new(action: Action, name: impl Into<Cow<'static, str>>) -> Step {
        Step {
            action,
            name: name.into(),
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let action = match self.action {
            Action::Encode => "encode",
            Action::Decode => "decode",
            Action::Transcode => "transcode",
            Action::Apply => "apply",
            Action::Normalize => "normalize",
            Action::Convert => "convert",
            Action::Undid => "undid",
        };
        write!(f, "{action} {}", self.name)
    }
}

/// One change a fixer made, for `--explain` style reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The name of the fixer (a [`Config`](crate::Config) switch).
    pub fixer: &'static str,
    /// The plan steps this change consists of.
    pub steps: Vec<Step>,
    /// The text before the change.
    pub before: String,
    /// The text after the change.
    pub after: String,
}

/// The result of [`Fixer::fix_and_explain`](crate::Fixer::fix_and_explain).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The fixed text.
    pub text: String,
    /// Every change, in order.
    pub changes: Vec<Change>,
}

impl Explanation {
    /// The plan: every change's steps, in order. [`apply_plan`] replays it.
    pub fn plan(&self) -> Vec<Step> {
        self.changes
            .iter()
            .flat_map(|c| c.steps.iter().cloned())
            .collect()
    }
}

/// Why a plan could not be applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanError {
    /// A step names no known code page, encoding, fixer or form.
    Unknown(Step),
    /// A step expects text but has bytes, or the reverse.
    WrongInput(Step),
    /// The text cannot be encoded, or the bytes cannot be decoded.
    Failed(Step),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::Unknown(s) => write!(f, "unknown plan step `{s}`"),
            PlanError::WrongInput(s) => write!(f, "plan step `{s}` got the wrong kind of input"),
            PlanError::Failed(s) => write!(f, "plan step `{s}` failed on this input"),
        }
    }
}

impl std::error::Error for PlanError {}

enum Value {
    Text(String),
    Bytes(Vec<u8>),
}

/// Replays a plan on `text`.
///
/// ```
/// use mojifix::{apply_plan, Config, Fixer};
/// let fixer = Fixer::new(Config::ftfy());
/// let explained = fixer.fix_and_explain("schÃ¶n");
/// assert_eq!(explained.text, "schön");
/// assert_eq!(apply_plan("KÃ¶ln", &explained.plan()).unwrap(), "Köln");
/// ```
pub fn apply_plan(text: &str, plan: &[Step]) -> Result<String, PlanError> {
    let mut value = Value::Text(text.to_owned());
    for step in plan {
        let unknown = || PlanError::Unknown(step.clone());
        let failed = || PlanError::Failed(step.clone());
        let wrong = || PlanError::WrongInput(step.clone());
        value = match (step.action, value) {
            (Action::Encode, Value::Text(t)) => {
                let page: CodePage = step.name.parse().map_err(|_| unknown())?;
                Value::Bytes(page.encode(&t).ok_or_else(failed)?)
            }
            (Action::Decode, Value::Bytes(b)) => Value::Text(match &*step.name {
                "utf-8" => mojibake::utf8_variants::decode_utf8(&b).ok_or_else(failed)?,
                "utf-8-variants" => mojibake::utf8_variants::decode(&b).ok_or_else(failed)?,
                "windows-1252" => {
                    mojibake::codepage::decode_windows_1252_strict(&b).ok_or_else(failed)?
                }
                name => name.parse::<CodePage>().map_err(|_| unknown())?.decode(&b),
            }),
            (Action::Transcode, Value::Bytes(b)) => Value::Bytes(match &*step.name {
                "restore_byte_a0" => mojibake::byte_patterns::restore_byte_a0(&b).into_owned(),
                "restore_byte_a0_cjk" => {
                    mojibake::byte_patterns::restore_byte_a0_cjk(&b).into_owned()
                }
                "replace_lossy_sequences" => {
                    mojibake::byte_patterns::replace_lossy_sequences(&b).into_owned()
                }
                _ => return Err(unknown()),
            }),
            (Action::Transcode | Action::Apply, Value::Text(t)) => {
                let fixer = crate::config::text_fixer(&step.name).ok_or_else(unknown)?;
                Value::Text(fixer(&t).into_owned())
            }
            (Action::Normalize, Value::Text(t)) => {
                let (form, keep_cjk) = match step.name.strip_suffix(crate::fixer::KEEP_CJK_SUFFIX) {
                    Some(form) => (form, true),
                    None => (&*step.name, false),
                };
                let form = parse_form(form).ok_or_else(unknown)?;
                Value::Text(crate::fixer::normalize(&t, form, keep_cjk).0.into_owned())
            }
            (Action::Convert, Value::Text(t)) => {
                let name: mojifix_zh::ConfigName = step.name.parse().map_err(|_| unknown())?;
                Value::Text(mojifix_zh::Converter::get(name).convert(&t).into_owned())
            }
            (Action::Undid, v) => v,
            _ => return Err(wrong()),
        };
    }
    match value {
        Value::Text(t) => Ok(t),
        Value::Bytes(_) => Err(PlanError::WrongInput(
            plan.last()
                .cloned()
                .unwrap_or(Step::new(Action::Encode, "")),
        )),
    }
}

fn parse_form(name: &str) -> Option<NormalizationForm> {
    match name {
        "NFC" => Some(NormalizationForm::Nfc),
        "NFD" => Some(NormalizationForm::Nfd),
        "NFKC" => Some(NormalizationForm::Nfkc),
        "NFKD" => Some(NormalizationForm::Nfkd),
        _ => None,
    }
}
