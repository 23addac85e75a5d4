//! Traditional ↔ Simplified Chinese conversion with output identical to
//! [OpenCC](https://github.com/BYVoid/OpenCC) 1.4.2, in pure Rust, with exact
//! streaming.
//!
//! All 16 OpenCC configs are supported ([`ConfigName`]); their dictionaries
//! (OpenCC's own data, Apache-2.0, see `data/opencc/PROVENANCE.md`) are
//! embedded in the library and compiled into double-array tries on first use.
//!
//! ```
//! use mojifix_zh::{ConfigName, Converter};
//!
//! let s2t = Converter::get(ConfigName::S2t);
//! assert_eq!(s2t.convert("头发干燥"), "頭髮乾燥");
//!
//! let tw2sp: ConfigName = "tw2sp.json".parse().unwrap();
//! assert_eq!(Converter::get(tw2sp).convert("滑鼠"), "鼠标");
//! ```
//!
//! # Semantics (as OpenCC 1.4.2)
//!
//! 1. Normalization: CJK compatibility ideographs (U+F900…) are replaced by
//!    their unified forms (`CJK_Compatibility_Ideographs`), over the whole text.
//! 2. Segmentation (configs that have it, e.g. `s2tw`, `tw2s`): forward maximum
//!    matching. Each longest dictionary match is a segment; the characters
//!    between matches form one segment.
//! 3. The conversion chain: each stage converts each segment independently
//!    (the output of the previous stage for that segment), taking at each
//!    position the longest key of the stage's dictionary group that is a
//!    prefix of the rest of the segment, and its first value; with no match
//!    one character is copied. Groups are `union` (longest match across the
//!    member dictionaries) or `short_circuit` (the first member with any match
//!    at the position wins).
//!
//! Where no key matches at an ideographic description operator (U+2FF0…
//! U+2FFF), a complete ideographic description sequence (like `⿰钅只`) is
//! copied as one unit, as OpenCC 1.4 does.
//!
//! One deliberate difference: OpenCC 1.4.2 truncates a *segment* at an
//! embedded NUL (`'\0'`) in the segmented configs (it passes segments around
//! as C strings), silently dropping the rest of that segment. Here NUL is an
//! ordinary character, as OpenCC itself treats it in the unsegmented configs.
//!
//! # Streaming
//!
//! [`StreamConverter`] gives the same output as [`Converter::convert`] for any
//! chunking of the input, holding back only text whose conversion can still
//! change (see [`Converter::max_lookahead_chars`]).
//!
//! # Performance
//!
//! Each dictionary group is flattened into one dictionary with plain
//! longest-prefix semantics (provably equivalent, see the `flatten` module)
//! and compiled into a character-coded double-array trie, once per process
//! (`s2t`: ~40–70 ms and ~2.5 MiB; `t2s`: a few ms). Conversion is one
//! left-to-right pass per stage; text that nothing changes comes back
//! borrowed. A whole-input pass writes the output of every position as it
//! goes (a match's value, identity or not, or the char itself), so that the
//! few unpredictable branches left per position are the trie's own.
//! Measured on the project's 2-core test machine over 12 MB of the clean
//! corpora (best of 7, `examples/zhconvert.rs --time`, with other jobs
//! running): `s2t` on Simplified text ~340 MB/s, `t2s` on Traditional text
//! ~640 MB/s — about 9× / 10× OpenCC 1.4.2's C++ library (through its
//! Python binding, 36 / 63 MB/s), 1.5× / 2.2× `zhconv` (which is not
//! OpenCC-exact) and 14× / 18× the `ferrous-opencc` crate.

#![warn(missing_docs)]

mod data;
mod engine;
mod flatten;
mod ids;
mod stream;
mod trie;

#[cfg(feature = "opencc")]
pub mod system;

pub use stream::StreamConverter;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};
use trie::Matcher;

/// One of OpenCC 1.4.2's 16 conversion configs.
///
/// Parses from the OpenCC name, with or without `.json`, case-insensitively;
/// displays as the lowercase name.
///
/// ```
/// use mojifix_zh::ConfigName;
///
/// assert_eq!("s2twp".parse::<ConfigName>(), Ok(ConfigName::S2twp));
/// assert_eq!("T2S.json".parse::<ConfigName>(), Ok(ConfigName::T2s));
/// assert_eq!(ConfigName::Hk2s.to_string(), "hk2s");
/// assert!("s2x".parse::<ConfigName>().is_err());
/// assert_eq!(ConfigName::ALL.len(), 16);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConfigName {
    /// Simplified Chinese → Traditional Chinese (OpenCC standard).
    S2t,
    /// Traditional Chinese (OpenCC standard) → Simplified Chinese.
    T2s,
    /// Simplified Chinese → Traditional Chinese (Taiwan standard).
    S2tw,
    /// Traditional Chinese (Taiwan standard) → Simplified Chinese.
    Tw2s,
    /// Simplified Chinese → Traditional Chinese (Taiwan standard, with Taiwanese phrases).
    S2twp,
    /// Traditional Chinese (Taiwan standard) → Simplified Chinese (with Mainland phrases).
    Tw2sp,
    /// Simplified Chinese → Traditional Chinese (Hong Kong variant).
    S2hk,
    /// Traditional Chinese (Hong Kong variant) → Simplified Chinese.
    Hk2s,
    /// Simplified Chinese → Traditional Chinese (Hong Kong variant, with Hong Kong phrases).
    S2hkp,
    /// Traditional Chinese (Hong Kong variant) → Simplified Chinese (with Mainland phrases).
    Hk2sp,
    /// Traditional Chinese (OpenCC standard) → Taiwan standard.
    T2tw,
    /// Taiwan standard → Traditional Chinese (OpenCC standard).
    Tw2t,
    /// Traditional Chinese (OpenCC standard) → Hong Kong variant.
    T2hk,
    /// Hong Kong variant → Traditional Chinese (OpenCC standard).
    Hk2t,
    /// Traditional Chinese characters (Kyūjitai) → New Japanese Kanji (Shinjitai).
    T2jp,
    /// New Japanese Kanji (Shinjitai) → Traditional Chinese characters (Kyūjitai).
    Jp2t,
}

impl ConfigName {
    /// All 16 configs, in OpenCC's usual order.
    pub const ALL: [ConfigName; 16] = [
        ConfigName::S2t,
        ConfigName::T2s,
        ConfigName::S2tw,
        ConfigName::Tw2s,
        ConfigName::S2twp,
        ConfigName::Tw2sp,
        ConfigName::S2hk,
        ConfigName::Hk2s,
        ConfigName::S2hkp,
        ConfigName::Hk2sp,
        ConfigName::T2tw,
        ConfigName::Tw2t,
        ConfigName::T2hk,
        ConfigName::Hk2t,
        ConfigName::T2jp,
        ConfigName::Jp2t,
    ];

    /// The OpenCC name, e.g. `"s2twp"` (the config file is `s2twp.json`).
    ///
    /// ```
    /// assert_eq!(mojifix_zh::ConfigName::S2twp.as_str(), "s2twp");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            ConfigName::S2t => "s2t",
            ConfigName::T2s => "t2s",
            ConfigName::S2tw => "s2tw",
            ConfigName::Tw2s => "tw2s",
            ConfigName::S2twp => "s2twp",
            ConfigName::Tw2sp => "tw2sp",
            ConfigName::S2hk => "s2hk",
            ConfigName::Hk2s => "hk2s",
            ConfigName::S2hkp => "s2hkp",
            ConfigName::Hk2sp => "hk2sp",
            ConfigName::T2tw => "t2tw",
            ConfigName::Tw2t => "tw2t",
            ConfigName::T2hk => "t2hk",
            ConfigName::Hk2t => "hk2t",
            ConfigName::T2jp => "t2jp",
            ConfigName::Jp2t => "jp2t",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for ConfigName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error of parsing a [`ConfigName`]: the string names no OpenCC config.
///
/// ```
/// let err = "x2y".parse::<mojifix_zh::ConfigName>().unwrap_err();
/// assert!(err.to_string().contains("x2y"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownConfig(pub String);

impl fmt::Display for UnknownConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown OpenCC config {:?} (expected one of: {})",
            self.0,
            ConfigName::ALL.map(ConfigName::as_str).join(", ")
        )
    }
}

impl std::error::Error for UnknownConfig {}

impl FromStr for ConfigName {
    type Err = UnknownConfig;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let stem = if t.len() > 5 && t[t.len() - 5..].eq_ignore_ascii_case(".json") {
            &t[..t.len() - 5]
        } else {
            t
        };
        ConfigName::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(stem))
            .ok_or_else(|| UnknownConfig(s.to_string()))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for ConfigName {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for ConfigName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = ConfigName;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an OpenCC config name such as \"s2t\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ConfigName, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// The chars a conversion scan must notice when nothing matches there:
/// ideographic description operators and normalization keys (see
/// `engine::emit`); the matchers give those that occur in no key one code.
fn marked_chars() -> &'static [u32] {
    static MARKED: OnceLock<Vec<u32>> = OnceLock::new();
    MARKED.get_or_init(|| {
        let norm = data::dict(data::DictFile::CJK_Compatibility_Ideographs);
        let mut v: Vec<u32> = (0x2FF0..=0x2FFF).collect();
        v.extend(
            norm.entries
                .iter()
                .flat_map(|(k, _)| k.chars().map(|c| c as u32)),
        );
        v
    })
}

/// Compiled matchers, shared between configs that use the same dictionary group.
fn matcher(spec: &data::DictSpec) -> Arc<Matcher> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Matcher>>>> = OnceLock::new();
    let key = spec.describe();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(m) = cache.lock().unwrap().get(&key) {
        return m.clone();
    }
    // Built outside the lock; a concurrent duplicate build is harmless.
    let m = Arc::new(Matcher::build_marked(
        &flatten::flatten(spec),
        marked_chars(),
    ));
    cache.lock().unwrap().entry(key).or_insert(m).clone()
}

/// A converter for one OpenCC config. `Send + Sync`; cheap to share.
///
/// Use [`Converter::get`] for a process-wide instance built on first use, or
/// [`Converter::new`] for an owned one (dictionaries are still compiled only
/// once per process and shared).
///
/// ```
/// use mojifix_zh::{ConfigName, Converter};
///
/// let t2s = Converter::get(ConfigName::T2s);
/// assert_eq!(t2s.convert("漢字轉換"), "汉字转换");
/// // Unchanged text is returned borrowed.
/// assert!(matches!(t2s.convert("plain ASCII"), std::borrow::Cow::Borrowed(_)));
/// ```
pub struct Converter {
    name: ConfigName,
    norm: Arc<Matcher>,
    /// Set when the normalization check can be fused into the conversion scan
    /// (unsegmented configs whose keys contain no normalization key char).
    guard: Option<engine::Guard>,
    seg: Option<Arc<Matcher>>,
    chain: Vec<Arc<Matcher>>,
    max_key_chars: usize,
}

impl fmt::Debug for Converter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Converter")
            .field("config", &self.name)
            .finish_non_exhaustive()
    }
}

impl Converter {
    /// Builds a converter for `name` (compiling the dictionaries it needs,
    /// unless another converter in this process already did).
    ///
    /// ```
    /// let c = mojifix_zh::Converter::new(mojifix_zh::ConfigName::S2tw);
    /// assert_eq!(c.convert("鼠标里面的硅二极管坏了"), "鼠標裡面的硅二極管壞了");
    /// ```
    pub fn new(name: ConfigName) -> Converter {
        let spec = data::config_spec(name);
        let mut files = Vec::new();
        data::NORMALIZATION.files(&mut files);
        if let Some(s) = &spec.segmentation {
            s.files(&mut files);
        }
        for s in spec.chain {
            s.files(&mut files);
        }
        let max_key_chars = files
            .iter()
            .map(|f| data::dict(*f).max_key_chars)
            .max()
            .unwrap_or(1);
        let norm = matcher(&data::NORMALIZATION);
        let seg = spec.segmentation.as_ref().map(matcher);
        let chain: Vec<Arc<Matcher>> = spec.chain.iter().map(matcher).collect();
        // Normalization keys are single chars; fuse when the conversion keys
        // never contain one (true for OpenCC's data, checked here).
        let norm_dict = data::dict(data::DictFile::CJK_Compatibility_Ideographs);
        let norm_chars: Vec<u32> = norm_dict
            .entries
            .iter()
            .filter_map(|(k, _)| k.chars().next())
            .map(|c| c as u32)
            .collect();
        let fusable = seg.is_none()
            && chain.len() == 1
            && norm_dict.max_key_chars == 1
            && norm_chars.iter().all(|&c| !chain[0].has_char(c));
        let guard = fusable.then(|| {
            let range = |bmp: bool| {
                let v = norm_chars.iter().copied().filter(|&c| (c < 0x10000) == bmp);
                let (lo, hi) = v.fold((u32::MAX, 0), |(lo, hi), c| (lo.min(c), hi.max(c)));
                (lo, hi)
            };
            engine::Guard {
                ranges: [range(true), range(false)],
            }
        });
        Converter {
            name,
            norm,
            guard,
            seg,
            chain,
            max_key_chars,
        }
    }

    /// The process-wide converter for `name`, built on first use.
    ///
    /// ```
    /// use mojifix_zh::{ConfigName, Converter};
    /// let a = Converter::get(ConfigName::T2jp);
    /// let b = Converter::get(ConfigName::T2jp);
    /// assert!(std::ptr::eq(a, b));
    /// assert_eq!(a.convert("舊字體"), "旧字体");
    /// ```
    pub fn get(name: ConfigName) -> &'static Converter {
        static CACHE: [OnceLock<Converter>; 16] = [const { OnceLock::new() }; 16];
        CACHE[name.index()].get_or_init(|| Converter::new(name))
    }

    /// The config this converter implements.
    ///
    /// ```
    /// use mojifix_zh::{ConfigName, Converter};
    /// assert_eq!(Converter::get(ConfigName::Hk2s).config(), ConfigName::Hk2s);
    /// ```
    pub fn config(&self) -> ConfigName {
        self.name
    }

    /// The longest dictionary key, in chars, over every dictionary this
    /// config loads (normalization, segmentation and conversion), derived
    /// from the data.
    ///
    /// ```
    /// use mojifix_zh::{ConfigName, Converter};
    /// assert_eq!(Converter::get(ConfigName::T2s).max_key_chars(), 10); // TSPhrases
    /// ```
    pub fn max_key_chars(&self) -> usize {
        self.max_key_chars
    }

    /// Upper bound of the characters a [`StreamConverter`] over this config
    /// holds back between calls ([`StreamConverter::pending_chars`]).
    ///
    /// Each internal stage (normalization, segmentation, each conversion
    /// stage) holds back at most `max(longest key in chars - 1, 64)` chars:
    /// a key walk that reached the end of the input so far is shorter than
    /// the longest key, and an incomplete ideographic description sequence
    /// is at most 64 code points (OpenCC's IDS limit). Without ideographic
    /// description characters (U+2FF0…U+2FFF) in the text, each stage holds
    /// back fewer chars than its longest key.
    ///
    /// ```
    /// use mojifix_zh::{ConfigName, Converter};
    /// assert!(Converter::get(ConfigName::S2t).max_lookahead_chars() >= 15);
    /// ```
    pub fn max_lookahead_chars(&self) -> usize {
        let stage = |m: &Matcher| {
            m.max_key_chars()
                .saturating_sub(1)
                .max(ids::MAX_IDS_CODE_POINTS)
        };
        let mut total = stage(&self.norm);
        if let Some(seg) = &self.seg {
            total += stage(seg);
        }
        total + self.chain.iter().map(|m| stage(m)).sum::<usize>()
    }

    /// Heap bytes of the compiled dictionaries this converter uses (shared
    /// ones counted in full; the key/value text is static data in the binary).
    ///
    /// ```
    /// use mojifix_zh::{ConfigName, Converter};
    /// assert!(Converter::get(ConfigName::T2s).heap_bytes() < 4 << 20);
    /// ```
    pub fn heap_bytes(&self) -> usize {
        self.norm.heap_bytes()
            + self.seg.as_ref().map_or(0, |m| m.heap_bytes())
            + self.chain.iter().map(|m| m.heap_bytes()).sum::<usize>()
    }

    /// Normalization step; borrowed when no compatibility ideograph occurs.
    fn normalize<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let b = text.as_bytes();
        let lead = self.norm.first_lead_bytes();
        let leads: Vec<u8> = (0..=255u8).filter(|&x| lead[x as usize]).collect();
        // Quick check: does any char start a normalization key?
        let candidate = |i: usize| {
            let (cp, _) = trie::decode(b, i);
            self.norm.starts_key(cp)
        };
        let found = match leads[..] {
            [] => false,
            [x] => memchr::memchr_iter(x, b).any(candidate),
            [x, y] => memchr::memchr2_iter(x, y, b).any(candidate),
            [x, y, z] => memchr::memchr3_iter(x, y, z, b).any(candidate),
            _ => (0..b.len()).any(|i| lead[b[i] as usize] && candidate(i)),
        };
        if !found {
            return Cow::Borrowed(text);
        }
        match engine::convert_lazy(&self.norm, text) {
            Some(s) => Cow::Owned(s),
            None => Cow::Borrowed(text),
        }
    }

    /// Converts `text`. Borrowed when the conversion changes nothing.
    ///
    /// ```
    /// use mojifix_zh::{ConfigName, Converter};
    /// let c = Converter::get(ConfigName::S2twp);
    /// assert_eq!(c.convert("使用鼠标和软件"), "使用滑鼠和軟體");
    /// ```
    pub fn convert<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if text.is_ascii() && !self.ascii_text_can_change() {
            return Cow::Borrowed(text);
        }
        if let Some(g) = self.guard {
            // Conversion with the normalization check fused in: falls back to
            // the two-step path at the first compatibility ideograph.
            if let Some(r) = engine::convert_lazy_guarded(&self.chain[0], text, g) {
                return r.map_or(Cow::Borrowed(text), Cow::Owned);
            }
        }
        let norm = self.normalize(text);
        match &self.seg {
            None => match engine::convert_lazy(&self.chain[0], &norm) {
                Some(s) => Cow::Owned(s),
                None => norm,
            },
            Some(_) => {
                let mut out = String::with_capacity(norm.len() + norm.len() / 8 + 16);
                self.convert_segmented(&norm, &mut out);
                if out == *norm {
                    norm
                } else {
                    Cow::Owned(out)
                }
            }
        }
    }

    /// Converts `text`, appending the result to `out`.
    ///
    /// ```
    /// use mojifix_zh::{ConfigName, Converter};
    /// let mut out = String::from("> ");
    /// Converter::get(ConfigName::Tw2s).convert_into("繁體中文", &mut out);
    /// assert_eq!(out, "> 繁体中文");
    /// ```
    pub fn convert_into(&self, text: &str, out: &mut String) {
        if text.is_ascii() && !self.ascii_text_can_change() {
            out.push_str(text);
            return;
        }
        if let Some(g) = self.guard {
            let done = engine::convert_into_guarded::<true>(&self.chain[0], text, out, g);
            if done != engine::ABORTED {
                return;
            }
        }
        let norm = self.normalize(text);
        match &self.seg {
            None => {
                engine::convert_into::<true>(&self.chain[0], &norm, out);
            }
            Some(_) => self.convert_segmented(&norm, out),
        }
    }

    fn convert_segmented(&self, text: &str, out: &mut String) {
        let seg = self.seg.as_ref().expect("segmented config");
        let mut sink = engine::WholeSegSink {
            text,
            chain: &self.chain,
            out,
            run: None,
            bufs: [String::new(), String::new()],
        };
        engine::segment::<true, _>(seg, text, false, &mut sink);
    }

    /// Whether some dictionary key is pure ASCII (so pure-ASCII text might change).
    fn ascii_text_can_change(&self) -> bool {
        self.norm.has_ascii_only_key()
            || self.seg.as_ref().is_some_and(|m| m.has_ascii_only_key())
            || self.chain.iter().any(|m| m.has_ascii_only_key())
    }

    /// A streaming converter over this config (see [`StreamConverter`]).
    ///
    /// ```
    /// use mojifix_zh::{ConfigName, Converter};
    /// let conv = Converter::get(ConfigName::Tw2sp);
    /// let mut s = conv.stream();
    /// let mut out = String::new();
    /// s.push("我的滑", &mut out);
    /// s.push("鼠壞了", &mut out);
    /// s.finish(&mut out);
    /// assert_eq!(out, conv.convert("我的滑鼠壞了"));
    /// ```
    pub fn stream(&self) -> StreamConverter<'_> {
        StreamConverter::new(self)
    }
}

#[doc(hidden)]
/// Internals exposed for this crate's tests and tools; not a stable API.
pub mod internals {
    /// Each dictionary file: (path relative to `data/opencc/`, longest key in
    /// chars as parsed by the library).
    pub fn dictionary_max_key_chars() -> Vec<(&'static str, usize)> {
        crate::data::DictFile::ALL
            .iter()
            .map(|f| (f.path(), crate::data::dict(*f).max_key_chars))
            .collect()
    }

    /// The dictionary files (paths relative to `data/opencc/`) each stage of
    /// a config loads: normalization, segmentation (if any), then the chain;
    /// with the group structure written as `[A + B]` (union) / `[A > B]`
    /// (short_circuit).
    pub fn pipeline(name: crate::ConfigName) -> (String, Option<String>, Vec<String>) {
        let spec = crate::data::config_spec(name);
        (
            crate::data::NORMALIZATION.describe(),
            spec.segmentation.map(|s| s.describe()),
            spec.chain.iter().map(|s| s.describe()).collect(),
        )
    }
}
