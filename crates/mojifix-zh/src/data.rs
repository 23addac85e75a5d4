//! The embedded OpenCC 1.4.2 dictionaries and the conversion pipelines of its
//! 16 configs (mirroring `data/opencc/config/*.json`; a test checks that).

use std::sync::OnceLock;

macro_rules! dict_files {
    ($($name:ident => $path:literal,)*) => {
        /// One OpenCC dictionary file.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(clippy::upper_case_acronyms, non_camel_case_types)]
        pub(crate) enum DictFile { $($name,)* }

        impl DictFile {
            pub(crate) const ALL: &'static [DictFile] = &[$(DictFile::$name,)*];

            /// The file's text, embedded at compile time.
            pub(crate) fn text(self) -> &'static str {
                match self { $(DictFile::$name => include_str!(concat!("../../../data/opencc/", $path)),)* }
            }

            /// Path relative to `data/opencc/`.
            pub(crate) fn path(self) -> &'static str {
                match self { $(DictFile::$name => $path,)* }
            }
        }
    };
}

dict_files! {
    CJK_Compatibility_Ideographs => "dictionary/CJK_Compatibility_Ideographs.txt",
    HKPhrases => "dictionary/HKPhrases.txt",
    HKPhrasesRev => "dictionary/HKPhrasesRev.txt",
    HKVariants => "dictionary/HKVariants.txt",
    HKVariantsPhrases => "dictionary/HKVariantsPhrases.txt",
    HKVariantsRevPhrases => "dictionary/HKVariantsRevPhrases.txt",
    JPShinjitaiCharacters => "dictionary/JPShinjitaiCharacters.txt",
    JPShinjitaiPhrases => "dictionary/JPShinjitaiPhrases.txt",
    STCharacters => "dictionary/STCharacters.txt",
    STPhrases => "dictionary/STPhrases.txt",
    TSCharacters => "dictionary/TSCharacters.txt",
    TSPhrases => "dictionary/TSPhrases.txt",
    TWPhrases => "dictionary/TWPhrases.txt",
    TWPhrasesRev => "dictionary/TWPhrasesRev.txt",
    TWVariants => "dictionary/TWVariants.txt",
    TWVariantsPhrases => "dictionary/TWVariantsPhrases.txt",
    TWVariantsRevPhrases => "dictionary/TWVariantsRevPhrases.txt",
    HKVariantsRev => "generated/HKVariantsRev.txt",
    JPShinjitaiCharactersRev => "generated/JPShinjitaiCharactersRev.txt",
    STPhrases_GeneratedFromRegionalPhrases => "generated/STPhrases_GeneratedFromRegionalPhrases.txt",
    TSCharactersExt => "generated/TSCharactersExt.txt",
    TWVariantsRev => "generated/TWVariantsRev.txt",
}

/// Parsed entries (key, first value) of one dictionary file.
pub(crate) struct Dict {
    pub entries: Vec<(&'static str, &'static str)>,
    pub max_key_chars: usize,
}

/// Parses an OpenCC text dictionary: `key<TAB>value[ value...]` per line,
/// `#` comments, blank lines ignored. OpenCC uses the first value.
pub(crate) fn parse(text: &'static str) -> Dict {
    let mut entries = Vec::new();
    let mut max_key_chars = 0;
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, values)) = line.split_once('\t') else {
            continue;
        };
        let value = values.split(' ').next().unwrap_or("");
        if key.is_empty() {
            continue;
        }
        max_key_chars = max_key_chars.max(key.chars().count());
        entries.push((key, value));
    }
    Dict {
        entries,
        max_key_chars,
    }
}

/// The parsed dictionary, parsed once per process.
pub(crate) fn dict(file: DictFile) -> &'static Dict {
    static CACHE: [OnceLock<Dict>; 22] = [const { OnceLock::new() }; 22];
    let idx = DictFile::ALL.iter().position(|f| *f == file).unwrap();
    CACHE[idx].get_or_init(|| parse(file.text()))
}

/// A dictionary or a group of them, as in an OpenCC config.
#[derive(Debug, Clone, Copy)]
pub(crate) enum DictSpec {
    /// One dictionary file.
    File(DictFile),
    /// `match_policy: union`: the longest match across the members (ties: earlier member).
    Union(&'static [DictSpec]),
    /// `match_policy: short_circuit` (OpenCC's default): the first member with any
    /// prefix match at the position wins.
    ShortCircuit(&'static [DictSpec]),
}

impl DictSpec {
    /// A canonical description, e.g. `[STPhrases+STPhrases_Generated...]>STCharacters`.
    pub(crate) fn describe(&self) -> String {
        match self {
            DictSpec::File(f) => format!("{f:?}"),
            DictSpec::Union(m) => {
                let parts: Vec<String> = m.iter().map(|d| d.describe()).collect();
                format!("[{}]", parts.join(" + "))
            }
            DictSpec::ShortCircuit(m) => {
                let parts: Vec<String> = m.iter().map(|d| d.describe()).collect();
                format!("[{}]", parts.join(" > "))
            }
        }
    }

    /// Every dictionary file referenced.
    pub(crate) fn files(&self, out: &mut Vec<DictFile>) {
        match self {
            DictSpec::File(f) => out.push(*f),
            DictSpec::Union(m) | DictSpec::ShortCircuit(m) => {
                for d in m.iter() {
                    d.files(out)
                }
            }
        }
    }
}

/// The conversion pipeline of one config (after the normalization step with
/// `CJK_Compatibility_Ideographs`, which every config has).
pub(crate) struct ConfigSpec {
    /// `mmseg` segmentation dictionary, if the config segments.
    pub segmentation: Option<DictSpec>,
    /// The conversion chain, applied per segment in order.
    pub chain: &'static [DictSpec],
}

use DictFile as F;
use DictSpec::{File, ShortCircuit as SC, Union};

pub(crate) const NORMALIZATION: DictSpec = File(F::CJK_Compatibility_Ideographs);

const ST_PHRASES: DictSpec = Union(&[
    File(F::STPhrases),
    File(F::STPhrases_GeneratedFromRegionalPhrases),
]);
const S2T: DictSpec = SC(&[ST_PHRASES, File(F::STCharacters)]);
const T2S: DictSpec = SC(&[
    File(F::TSPhrases),
    File(F::TSCharactersExt),
    File(F::TSCharacters),
]);
const T2TW: DictSpec = SC(&[File(F::TWVariantsPhrases), File(F::TWVariants)]);
const TW2T: DictSpec = SC(&[File(F::TWVariantsRevPhrases), File(F::TWVariantsRev)]);
const T2HK: DictSpec = SC(&[File(F::HKVariantsPhrases), File(F::HKVariants)]);
const HK2T: DictSpec = SC(&[File(F::HKVariantsRevPhrases), File(F::HKVariantsRev)]);

/// The pipeline of each config, indexed like `ConfigName::ALL`.
pub(crate) fn config_spec(name: crate::ConfigName) -> ConfigSpec {
    use crate::ConfigName::*;
    let seg_st = Some(ST_PHRASES);
    let seg_ts = Some(File(F::TSPhrases));
    match name {
        S2t => ConfigSpec {
            segmentation: None,
            chain: &[S2T],
        },
        T2s => ConfigSpec {
            segmentation: None,
            chain: &[T2S],
        },
        S2tw => ConfigSpec {
            segmentation: seg_st,
            chain: &[S2T, T2TW],
        },
        Tw2s => ConfigSpec {
            segmentation: seg_ts,
            chain: &[TW2T, T2S],
        },
        S2twp => ConfigSpec {
            segmentation: seg_st,
            chain: &[
                S2T,
                SC(&[
                    File(F::TWPhrases),
                    File(F::TWVariantsPhrases),
                    File(F::TWVariants),
                ]),
            ],
        },
        Tw2sp => ConfigSpec {
            segmentation: seg_ts,
            chain: &[
                SC(&[
                    File(F::TWPhrasesRev),
                    File(F::TWVariantsRevPhrases),
                    File(F::TWVariantsRev),
                ]),
                T2S,
            ],
        },
        S2hk => ConfigSpec {
            segmentation: seg_st,
            chain: &[S2T, T2HK],
        },
        Hk2s => ConfigSpec {
            segmentation: seg_ts,
            chain: &[HK2T, T2S],
        },
        S2hkp => ConfigSpec {
            segmentation: seg_st,
            chain: &[
                S2T,
                SC(&[
                    File(F::HKPhrases),
                    File(F::HKVariantsPhrases),
                    File(F::HKVariants),
                ]),
            ],
        },
        Hk2sp => ConfigSpec {
            segmentation: seg_ts,
            chain: &[
                SC(&[
                    File(F::HKPhrasesRev),
                    File(F::HKVariantsRevPhrases),
                    File(F::HKVariantsRev),
                ]),
                T2S,
            ],
        },
        T2tw => ConfigSpec {
            segmentation: None,
            chain: &[T2TW],
        },
        Tw2t => ConfigSpec {
            segmentation: None,
            chain: &[TW2T],
        },
        T2hk => ConfigSpec {
            segmentation: None,
            chain: &[T2HK],
        },
        Hk2t => ConfigSpec {
            segmentation: None,
            chain: &[HK2T],
        },
        T2jp => ConfigSpec {
            segmentation: None,
            chain: &[File(F::JPShinjitaiCharactersRev)],
        },
        Jp2t => ConfigSpec {
            segmentation: None,
            chain: &[SC(&[
                File(F::JPShinjitaiPhrases),
                File(F::JPShinjitaiCharacters),
            ])],
        },
    }
}
