//! A damage synthesizer: clean text in, mojibake out, the way real decoders
//! make it. For tests, corpora and benchmarks.
//!
//! Every chain is a sequence of "encode with A, decode with B" steps done
//! with the real codecs (encoding_rs, the WHATWG decoders browsers use, for
//! the legacy CJK encodings: an invalid sequence becomes one U+FFFD).
//! [`damage_span`] damages one random span of a line, deterministically
//! from a seed, for span-level tests.
//!
//! ```
//! use mojifix::damage::Chain;
//! use mojifix::mojibake::cjk::legacy::Legacy;
//! assert_eq!(Chain::Utf8ReadAs(Legacy::Gbk).apply("你好").as_deref(), Some("浣犲ソ"));
//! assert_eq!(mojifix::fix_text("浣犲ソ"), "你好");
//! ```

use crate::mojibake::cjk::legacy::Legacy;
use crate::mojibake::CodePage;

/// A way text gets damaged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chain {
    /// UTF-8 bytes read with a legacy CJK decoder.
    Utf8ReadAs(Legacy),
    /// Text saved in a legacy CJK encoding, read with a single-byte code page.
    LegacyReadAs(Legacy, CodePage),
    /// UTF-8 read as a legacy CJK encoding, saved as UTF-8, read with a
    /// single-byte code page.
    Utf8ReadAsThenAs(Legacy, CodePage),
    /// UTF-8 read with a single-byte code page, twice.
    Utf8ReadAsTwice(CodePage),
}

impl Chain {
    /// The chains the CJK repair undoes, for text of any CJK language.
    pub fn cjk_chains() -> Vec<Chain> {
        let pages = crate::mojibake::cjk::SINGLE_BYTE_PAGES;
        let mut chains: Vec<Chain> = Legacy::ALL.iter().map(|&l| Chain::Utf8ReadAs(l)).collect();
        for l in Legacy::ALL {
            for page in pages {
                chains.push(Chain::LegacyReadAs(l, page));
            }
        }
        chains.push(Chain::Utf8ReadAsThenAs(
            Legacy::Gbk,
            CodePage::SloppyWindows1252,
        ));
        chains.push(Chain::Utf8ReadAsThenAs(
            Legacy::ShiftJis,
            CodePage::SloppyWindows1252,
        ));
        chains.push(Chain::Utf8ReadAsTwice(CodePage::SloppyWindows1252));
        chains
    }

    /// Whether damaging `text` loses information: a decoder wrote U+FFFD
    /// for bytes it rejected, at any step of the chain.
    pub fn is_lossy_on(self, text: &str) -> bool {
        match self {
            Chain::Utf8ReadAs(l) | Chain::Utf8ReadAsThenAs(l, _) => {
                read_as(l, text.as_bytes()).contains('\u{FFFD}')
            }
            Chain::LegacyReadAs(..) | Chain::Utf8ReadAsTwice(_) => false,
        }
    }

    /// The language the text of a legacy encoding is written in, for
    /// chains that start from legacy bytes: text saved as GBK is Chinese,
    /// as Shift_JIS Japanese, and so on. `None` for chains that start from
    /// UTF-8, which holds any language.
    pub fn natural_languages(self) -> Option<&'static [&'static str]> {
        match self {
            Chain::LegacyReadAs(l, _) => Some(match l {
                Legacy::Gbk => &["zh-Hans", "zh-Hant"],
                Legacy::Big5 => &["zh-Hant"],
                Legacy::ShiftJis | Legacy::EucJp => &["ja"],
                Legacy::EucKr => &["ko"],
            }),
            _ => None,
        }
    }

    /// The damaged text, or `None` when the chain does not apply (the text
    /// has characters the legacy encoding cannot hold).
    pub fn apply(self, text: &str) -> Option<String> {
        match self {
            Chain::Utf8ReadAs(l) => Some(read_as(l, text.as_bytes())),
            Chain::LegacyReadAs(l, page) => Some(page.decode(&l.encode(text)?)),
            Chain::Utf8ReadAsThenAs(l, page) => {
                Some(page.decode(read_as(l, text.as_bytes()).as_bytes()))
            }
            Chain::Utf8ReadAsTwice(page) => {
                Some(page.decode(page.decode(text.as_bytes()).as_bytes()))
            }
        }
    }
}

impl std::fmt::Display for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Chain::Utf8ReadAs(l) => write!(f, "utf-8 read as {}", l.name()),
            Chain::LegacyReadAs(l, page) => write!(f, "{} read as {}", l.name(), page.name()),
            Chain::Utf8ReadAsThenAs(l, page) => {
                write!(f, "utf-8 read as {} then as {}", l.name(), page.name())
            }
            Chain::Utf8ReadAsTwice(page) => write!(f, "utf-8 read as {} twice", page.name()),
        }
    }
}

/// `bytes` decoded with the WHATWG decoder of `legacy`.
fn read_as(legacy: Legacy, bytes: &[u8]) -> String {
    legacy
        .encoding()
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

/// A small deterministic generator (xorshift64*), so damage is reproducible
/// from a seed without a dependency.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
}

/// Damages one span of `text` (at least `min_chars` characters, cut at
/// character boundaries) chosen from `rng`, leaving the rest clean. Returns
/// the damaged text and the span's character range, or `None` when the chain
/// does not apply to the span.
pub fn damage_span(
    text: &str,
    chain: Chain,
    min_chars: usize,
    rng: &mut Rng,
) -> Option<(String, std::ops::Range<usize>)> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() < min_chars {
        return None;
    }
    let len = min_chars + rng.below(chars.len() - min_chars + 1);
    let start = rng.below(chars.len() - len + 1);
    let span: String = chars[start..start + len].iter().collect();
    let damaged = chain.apply(&span)?;
    let mut out: String = chars[..start].iter().collect();
    out.push_str(&damaged);
    out.extend(&chars[start + len..]);
    Some((out, start..start + len))
}
