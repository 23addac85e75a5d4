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
    /// UTF-8 bytes read with a legacy CJK decoder that handles errors its
    /// own way (see [`Errors`]).
    Utf8ReadWith(Legacy, Errors),
    /// Text saved in a legacy CJK encoding, read with a strict decoder of a
    /// single-byte code page that rejects its undefined bytes
    /// ([`CodePage::undefined_bytes`]): `errors="replace"` writes U+FFFD for
    /// each, `errors="ignore"` drops them.
    LegacyReadWith(Legacy, CodePage, Errors),
    /// Text saved in a legacy CJK encoding, read with a single-byte code
    /// page, and then stripped of characters a later step drops.
    LegacyReadDropping(Legacy, CodePage, Dropped),
    /// UTF-8 read with a single-byte code page, and then stripped of
    /// characters a later step drops (with windows-1252, dropping the C1
    /// controls is what a strict decoder with `errors="ignore"` does: its
    /// five undefined bytes are the only ones it would make C1 controls of).
    Utf8ReadDropping(CodePage, Dropped),
    /// UTF-8 bytes read with a legacy CJK decoder (bad bytes handled as
    /// [`Errors`] says) that maps the pairs of the encoding's user-defined
    /// areas to private-use characters, which then vanish (fonts show
    /// nothing, clean-ups strip them): Windows code page 936 and
    /// encoding_rs map GBK's AAA1–AFFE, F8A1–FEFE and A140–A7A0 to
    /// U+E000.., code page 932 and encoding_rs map Shift_JIS leads F0–F9 to
    /// U+E000–U+E757. (Big5's WHATWG decoder has no such pairs: code page
    /// 950 maps its user-defined areas to private use, but the simulation's
    /// Big5 is the WHATWG one.)
    Utf8ReadVanishing(Legacy, Errors),
    /// Text saved in one legacy CJK encoding read with another's decoder
    /// (bad pairs handled as [`Errors`] says): Big5 read as GBK (`羉砰いゅ`
    /// for 繁體中文), Shift_JIS or EUC-KR files on Chinese Windows
    /// (`擔杮岅偺僥僉僗僩`, `茄惫绢 霸烙`), GBK file names on Japanese or
    /// Korean Windows (`ﾖﾐﾎﾄﾎﾄｼ�ﾃ�`, `櫓匡匡숭츰`).
    LegacyReadAsLegacy(Legacy, Legacy, Errors),
}

/// Characters a cleaning step drops from decoded text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dropped {
    /// C1 controls, U+0080–U+009F (what Latin-1 makes of bytes 80–9F).
    C1Controls,
    /// No-break space and soft hyphen (bytes A0 and AD in Latin-1 and
    /// windows-1252), which whitespace and hyphenation clean-ups remove.
    NbspAndSoftHyphen,
}

impl Dropped {
    fn drops(self, c: char) -> bool {
        match self {
            Dropped::C1Controls => ('\u{80}'..='\u{9F}').contains(&c),
            Dropped::NbspAndSoftHyphen => matches!(c, '\u{A0}' | '\u{AD}'),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Dropped::C1Controls => "C1 controls dropped",
            Dropped::NbspAndSoftHyphen => "NBSP and soft hyphen dropped",
        }
    }
}

/// What a legacy CJK decoder does with bytes it cannot decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Errors {
    /// The WHATWG decoders (browsers, encoding_rs): one U+FFFD for a lead
    /// byte and the non-ASCII byte after it; an ASCII byte after it is read
    /// again.
    Whatwg,
    /// Python's codecs with `errors="replace"`: one U+FFFD per bad byte,
    /// decoding resumes at the next byte.
    Replace,
    /// Python's codecs with `errors="ignore"`: bad bytes vanish.
    Ignore,
    /// Windows' `MultiByteToWideChar`: an invalid pair becomes the code
    /// page's default character (`?`; `・` in code page 932) and swallows
    /// the byte after the lead, whatever it is.
    Windows,
}

impl Errors {
    /// All of them.
    pub const ALL: [Errors; 4] = [
        Errors::Whatwg,
        Errors::Replace,
        Errors::Ignore,
        Errors::Windows,
    ];

    fn name(self) -> &'static str {
        match self {
            Errors::Whatwg => "whatwg",
            Errors::Replace => "errors=replace",
            Errors::Ignore => "errors=ignore",
            Errors::Windows => "windows",
        }
    }
}

/// `bytes` decoded with `legacy`, bad bytes handled as `errors` says, and
/// for each input byte whether it was lost (went into an error).
///
/// ```
/// use mojifix::damage::{decode_legacy, Errors};
/// use mojifix::mojibake::cjk::legacy::Legacy;
/// let bytes = "中文".as_bytes(); // E4 B8 AD E6 96 87
/// let (text, lost) = decode_legacy(Legacy::Big5, bytes, Errors::Whatwg);
/// assert_eq!(text, "銝剜\u{FFFD}"); // 96 87 is no Big5 character
/// assert_eq!(lost, [false, false, false, false, true, true]);
/// assert_eq!(decode_legacy(Legacy::Big5, bytes, Errors::Replace).0, "銝剜\u{FFFD}\u{FFFD}");
/// assert_eq!(decode_legacy(Legacy::Big5, bytes, Errors::Ignore).0, "銝剜");
/// ```
pub fn decode_legacy(legacy: Legacy, bytes: &[u8], errors: Errors) -> (String, Vec<bool>) {
    decode_legacy_dropping(legacy, bytes, errors, false)
}

/// Whether the decoder makes `c` of a pair of a user-defined area.
fn is_private_use(c: char) -> bool {
    ('\u{E000}'..='\u{F8FF}').contains(&c)
}

/// [`decode_legacy`]; with `drop_private`, pairs decoded to private-use
/// characters vanish, and their bytes count as lost.
fn decode_legacy_dropping(
    legacy: Legacy,
    bytes: &[u8],
    errors: Errors,
    drop_private: bool,
) -> (String, Vec<bool>) {
    let mut text = String::with_capacity(bytes.len() * 2);
    let mut lost = vec![false; bytes.len()];
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(c) = legacy.decode_one(b) {
            text.push(c);
            i += 1;
            continue;
        }
        let next = bytes.get(i + 1).copied();
        // EUC-JP's three-byte sequences (JIS X 0212): `8F`, then two bytes
        // A1–FE.
        if legacy == Legacy::EucJp && b == 0x8F && next.is_some_and(|x| x >= 0xA1 && x != 0xFF) {
            let third = bytes.get(i + 2).copied();
            if let Some(c) = third.and_then(|y| legacy.decode_strict(&[b, bytes[i + 1], y])) {
                text.push_str(&c);
                i += 3;
                continue;
            }
            if errors == Errors::Whatwg {
                let len = if third.is_some_and(|y| y >= 0x80) {
                    3
                } else {
                    2
                };
                text.push('\u{FFFD}');
                lost[i..i + len].iter_mut().for_each(|l| *l = true);
                i += len;
                continue;
            }
        }
        // GB18030's four-byte sequences (lead, digit, lead, digit), as the
        // WHATWG decoder reads them: UTF-8 never completes one, but a lead
        // and a digit at the end of the input are one error together.
        if legacy == Legacy::Gbk
            && errors == Errors::Whatwg
            && legacy.is_lead(b)
            && next.is_some_and(|d| d.is_ascii_digit())
        {
            let third = bytes.get(i + 2).copied();
            let fourth = bytes.get(i + 3).copied();
            let len = match (third, fourth) {
                (None, _) => Some(2),
                (Some(t), None) if (0x81..=0xFE).contains(&t) => Some(3),
                (Some(t), Some(f)) if (0x81..=0xFE).contains(&t) && f.is_ascii_digit() => {
                    match legacy.decode_strict(&bytes[i..i + 4]) {
                        Some(c) => {
                            text.push_str(&c);
                            i += 4;
                            continue;
                        }
                        None => Some(4),
                    }
                }
                _ => None,
            };
            if let Some(len) = len {
                text.push('\u{FFFD}');
                lost[i..i + len].iter_mut().for_each(|l| *l = true);
                i += len;
                continue;
            }
        }
        if legacy.is_lead(b) {
            if let Some(c) = next.and_then(|t| legacy.decode_two(b, t)) {
                if drop_private && is_private_use(c) {
                    lost[i..i + 2].iter_mut().for_each(|l| *l = true);
                } else {
                    text.push(c);
                }
                i += 2;
                continue;
            }
            // Big5's four pairs that decode to two characters (`Ê̄`).
            if let Some(pair) = next.and_then(|t| legacy.decode_strict(&[b, t])) {
                text.push_str(&pair);
                i += 2;
                continue;
            }
        }
        // An error at `b`: how many bytes it takes.
        let len = match errors {
            Errors::Whatwg if legacy.is_lead(b) && next.is_some_and(|t| t >= 0x80) => 2,
            Errors::Windows if legacy.is_lead(b) && next.is_some() => 2,
            _ => 1,
        };
        match errors {
            Errors::Whatwg | Errors::Replace => text.push('\u{FFFD}'),
            Errors::Ignore => {}
            Errors::Windows => text.push(if legacy == Legacy::ShiftJis {
                '・'
            } else {
                '?'
            }),
        }
        lost[i..i + len].iter_mut().for_each(|l| *l = true);
        i += len;
    }
    (text, lost)
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
        for errors in [Errors::Replace, Errors::Ignore, Errors::Windows] {
            for l in Legacy::ALL {
                // EUC-JP is no Windows ANSI code page (932 is Shift_JIS).
                if !(errors == Errors::Windows && l == Legacy::EucJp) {
                    chains.push(Chain::Utf8ReadWith(l, errors));
                }
            }
        }
        for errors in [Errors::Replace, Errors::Ignore] {
            for l in Legacy::ALL {
                for page in pages {
                    if !page.undefined_bytes().is_empty() {
                        chains.push(Chain::LegacyReadWith(l, page, errors));
                    }
                }
            }
        }
        for l in Legacy::ALL {
            chains.push(Chain::LegacyReadDropping(
                l,
                CodePage::Latin1,
                Dropped::C1Controls,
            ));
            chains.push(Chain::LegacyReadDropping(
                l,
                CodePage::SloppyWindows1252,
                Dropped::NbspAndSoftHyphen,
            ));
        }
        for (page, dropped) in [
            (CodePage::SloppyWindows1252, Dropped::C1Controls),
            (CodePage::Latin1, Dropped::C1Controls),
            (CodePage::SloppyWindows1252, Dropped::NbspAndSoftHyphen),
        ] {
            chains.push(Chain::Utf8ReadDropping(page, dropped));
        }
        // (Shift_JIS's F0–F9 pairs vanish too, but UTF-8 makes one only of
        // a four-byte sequence's first two bytes: the rows were those of
        // `Chain::Utf8ReadWith(Legacy::ShiftJis, Errors::Windows)`.)
        chains.push(Chain::Utf8ReadVanishing(Legacy::Gbk, Errors::Windows));
        chains
    }

    /// Every "legacy A read as legacy B" chain
    /// ([`Chain::LegacyReadAsLegacy`]): each ordered pair of distinct
    /// encodings, with each of [`Errors`] (EUC-JP is no Windows code page,
    /// so it is no Windows reader). Not among [`Chain::cjk_chains`]: the
    /// repair undoes only some of them (`tests/cross_legacy.rs`).
    pub fn cross_legacy_chains() -> Vec<Chain> {
        let mut chains = Vec::new();
        for errors in Errors::ALL {
            for a in Legacy::ALL {
                for b in Legacy::ALL {
                    if a != b && !(errors == Errors::Windows && b == Legacy::EucJp) {
                        chains.push(Chain::LegacyReadAsLegacy(a, b, errors));
                    }
                }
            }
        }
        chains
    }

    /// Whether damaging `text` loses information: a decoder wrote U+FFFD
    /// for bytes it rejected, at any step of the chain.
    pub fn is_lossy_on(self, text: &str) -> bool {
        match self {
            Chain::Utf8ReadAs(l) | Chain::Utf8ReadAsThenAs(l, _) => {
                read_as(l, text.as_bytes()).contains('\u{FFFD}')
            }
            Chain::Utf8ReadWith(l, errors) => {
                decode_legacy(l, text.as_bytes(), errors).1.contains(&true)
            }
            Chain::Utf8ReadVanishing(l, errors) => {
                decode_legacy_dropping(l, text.as_bytes(), errors, true)
                    .1
                    .contains(&true)
            }
            Chain::LegacyReadWith(l, page, _) => l
                .encode(text)
                .is_some_and(|b| b.iter().any(|b| page.undefined_bytes().contains(b))),
            Chain::LegacyReadDropping(l, page, dropped) => l
                .encode(text)
                .is_some_and(|b| b.iter().any(|&b| dropped.drops(page.decode_byte(b)))),
            Chain::Utf8ReadDropping(page, dropped) => {
                text.bytes().any(|b| dropped.drops(page.decode_byte(b)))
            }
            Chain::LegacyReadAsLegacy(a, b, errors) => a
                .encode(text)
                .is_some_and(|bytes| decode_legacy(b, &bytes, errors).1.contains(&true)),
            Chain::LegacyReadAs(..) | Chain::Utf8ReadAsTwice(_) => false,
        }
    }

    /// For each character of `text`, whether the damaged text still holds
    /// all of its bytes: the characters a perfect repair recovers. `None`
    /// for chains whose damage loses nothing.
    pub fn determined(self, text: &str) -> Option<Vec<bool>> {
        let (legacy, errors, drop_private) = match self {
            Chain::Utf8ReadAs(l) | Chain::Utf8ReadAsThenAs(l, _) => (l, Errors::Whatwg, false),
            Chain::Utf8ReadWith(l, errors) => (l, errors, false),
            Chain::Utf8ReadVanishing(l, errors) => (l, errors, true),
            Chain::LegacyReadWith(l, page, _) => {
                let undefined = page.undefined_bytes();
                return Some(
                    text.chars()
                        .map(|c| {
                            l.encode_char(c).is_some_and(|b| {
                                !b.as_slice().iter().any(|b| undefined.contains(b))
                            })
                        })
                        .collect(),
                );
            }
            Chain::LegacyReadDropping(l, page, dropped) => {
                return Some(
                    text.chars()
                        .map(|c| {
                            l.encode_char(c).is_some_and(|b| {
                                !b.as_slice()
                                    .iter()
                                    .any(|&b| dropped.drops(page.decode_byte(b)))
                            })
                        })
                        .collect(),
                );
            }
            Chain::Utf8ReadDropping(page, dropped) => {
                return Some(
                    text.chars()
                        .map(|c| {
                            let mut buf = [0; 4];
                            !c.encode_utf8(&mut buf)
                                .bytes()
                                .any(|b| dropped.drops(page.decode_byte(b)))
                        })
                        .collect(),
                );
            }
            Chain::LegacyReadAsLegacy(a, b, errors) => {
                let bytes = a.encode(text)?;
                let (_, lost) = decode_legacy(b, &bytes, errors);
                let mut at = 0;
                return Some(
                    text.chars()
                        .map(|c| {
                            let len = a.encode_char(c).map_or(0, |b| b.as_slice().len());
                            at += len;
                            !lost[at - len..at].contains(&true)
                        })
                        .collect(),
                );
            }
            Chain::LegacyReadAs(..) | Chain::Utf8ReadAsTwice(_) => return None,
        };
        let (_, lost) = decode_legacy_dropping(legacy, text.as_bytes(), errors, drop_private);
        Some(
            text.char_indices()
                .map(|(at, c)| !lost[at..at + c.len_utf8()].contains(&true))
                .collect(),
        )
    }

    /// `text` with U+FFFD for each character whose bytes the chain lost:
    /// what a perfect repair of the damaged text gives. `None` for chains
    /// whose damage loses nothing.
    ///
    /// ```
    /// use mojifix::damage::{Chain, Errors};
    /// use mojifix::mojibake::cjk::legacy::Legacy;
    /// // Big5's WHATWG decoder rejects 96 87, the last bytes of 文.
    /// let chain = Chain::Utf8ReadWith(Legacy::Big5, Errors::Whatwg);
    /// assert_eq!(chain.determined_text("中文").as_deref(), Some("中\u{FFFD}"));
    /// ```
    pub fn determined_text(self, text: &str) -> Option<String> {
        let determined = self.determined(text)?;
        Some(
            text.chars()
                .zip(determined)
                .map(|(c, d)| if d { c } else { '\u{FFFD}' })
                .collect(),
        )
    }

    /// The language the text of a legacy encoding is written in, for
    /// chains that start from legacy bytes: text saved as GBK is Chinese,
    /// as Shift_JIS Japanese, and so on. `None` for chains that start from
    /// UTF-8, which holds any language.
    pub fn natural_languages(self) -> Option<&'static [&'static str]> {
        match self {
            Chain::LegacyReadAs(l, _)
            | Chain::LegacyReadWith(l, ..)
            | Chain::LegacyReadDropping(l, ..)
            | Chain::LegacyReadAsLegacy(l, ..) => Some(match l {
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
            Chain::Utf8ReadWith(l, errors) => Some(decode_legacy(l, text.as_bytes(), errors).0),
            Chain::Utf8ReadVanishing(l, errors) => {
                Some(decode_legacy_dropping(l, text.as_bytes(), errors, true).0)
            }
            Chain::LegacyReadWith(l, page, errors) => {
                let undefined = page.undefined_bytes();
                let mut out = String::new();
                for b in l.encode(text)? {
                    if !undefined.contains(&b) {
                        out.push(page.decode_byte(b));
                    } else if errors != Errors::Ignore {
                        out.push('\u{FFFD}');
                    }
                }
                Some(out)
            }
            Chain::LegacyReadDropping(l, page, dropped) => Some(
                page.decode(&l.encode(text)?)
                    .chars()
                    .filter(|&c| !dropped.drops(c))
                    .collect(),
            ),
            Chain::Utf8ReadDropping(page, dropped) => Some(
                page.decode(text.as_bytes())
                    .chars()
                    .filter(|&c| !dropped.drops(c))
                    .collect(),
            ),
            Chain::LegacyReadAsLegacy(a, b, errors) => {
                Some(decode_legacy(b, &a.encode(text)?, errors).0)
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
            Chain::Utf8ReadWith(l, errors) => {
                write!(f, "utf-8 read as {} ({})", l.name(), errors.name())
            }
            Chain::Utf8ReadVanishing(l, errors) => write!(
                f,
                "utf-8 read as {} ({}), user-defined pairs dropped",
                l.name(),
                errors.name()
            ),
            Chain::LegacyReadWith(l, page, errors) => {
                let page = page.name().trim_start_matches("sloppy-");
                write!(f, "{} read as {page} ({})", l.name(), errors.name())
            }
            Chain::LegacyReadDropping(l, page, dropped) => {
                write!(
                    f,
                    "{} read as {}, {}",
                    l.name(),
                    page.name(),
                    dropped.name()
                )
            }
            Chain::Utf8ReadDropping(CodePage::SloppyWindows1252, Dropped::C1Controls) => {
                write!(f, "utf-8 read as windows-1252 (errors=ignore)")
            }
            Chain::Utf8ReadDropping(page, dropped) => {
                write!(f, "utf-8 read as {}, {}", page.name(), dropped.name())
            }
            Chain::LegacyReadAsLegacy(a, b, Errors::Whatwg) => {
                write!(f, "{} read as {}", a.name(), b.name())
            }
            Chain::LegacyReadAsLegacy(a, b, errors) => {
                write!(f, "{} read as {} ({})", a.name(), b.name(), errors.name())
            }
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

/// A line damaged by one chain, or by one chain and then another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nested {
    /// The damaged text.
    pub text: String,
    /// The chain applied to the clean line.
    pub chain: Chain,
    /// The chain applied to the first chain's output, for two levels.
    pub then: Option<Chain>,
}

impl std::fmt::Display for Nested {
    /// The chains, as `utf-8 read as gbk then …`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.then {
            Some(then) => write!(f, "{} then {then}", self.chain),
            None => write!(f, "{}", self.chain),
        }
    }
}

/// One level and two levels of damage on `line`: each of `chains` applied
/// to it, and each such damaged line damaged again by a chain picked from
/// `rng` (as the `damage_roundtrip` fuzz target's finding of 2026-11-27,
/// UTF-8 read as windows-1252, then as Big5). A chain that does not apply,
/// or leaves its input as it was, gives no line; the second chain is
/// picked once for every first chain that gave one, so a seed gives the
/// same lines on every run. The one-level line comes before its two-level
/// line.
///
/// ```
/// use mojifix::damage::{one_and_two_levels, Chain, Rng};
/// use mojifix::mojibake::cjk::legacy::Legacy;
/// let chains = [Chain::Utf8ReadAs(Legacy::Gbk)];
/// let lines = one_and_two_levels("你好", &chains, &mut Rng::new(7));
/// assert_eq!(lines[0].text, "浣犲ソ");
/// assert_eq!(lines[0].then, None);
/// assert!(lines.iter().skip(1).all(|n| n.then.is_some()));
/// ```
pub fn one_and_two_levels(line: &str, chains: &[Chain], rng: &mut Rng) -> Vec<Nested> {
    let mut out = Vec::new();
    for &chain in chains {
        let Some(once) = chain.apply(line).filter(|d| d != line) else {
            continue;
        };
        let then = chains[rng.below(chains.len())];
        let twice = then.apply(&once).filter(|d| *d != once);
        out.push(Nested {
            text: once,
            chain,
            then: None,
        });
        if let Some(text) = twice {
            out.push(Nested {
                text,
                chain,
                then: Some(then),
            });
        }
    }
    out
}

/// Whether `got` is the determined text `want` (see
/// [`Chain::determined_text`]) except that, where `want` has U+FFFD for a
/// lost character, `got` may have the original's character instead (a
/// repair that restores a lost character by plausibility).
///
/// ```
/// use mojifix::damage::fills_agree;
/// assert!(fills_agree("中文", "中\u{FFFD}", "中文"));
/// assert!(fills_agree("中\u{FFFD}", "中\u{FFFD}", "中文"));
/// assert!(!fills_agree("中又", "中\u{FFFD}", "中文"));
/// ```
pub fn fills_agree(got: &str, want: &str, original: &str) -> bool {
    let (g, w, o): (Vec<char>, Vec<char>, Vec<char>) = (
        got.chars().collect(),
        want.chars().collect(),
        original.chars().collect(),
    );
    g.len() == w.len()
        && w.len() == o.len()
        && g.iter()
            .zip(&w)
            .zip(&o)
            .all(|((g, w), o)| g == w || (*w == '\u{FFFD}' && g == o))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `这是第一次` in UTF-8 read as GBK on Windows: `AC E4` (the last byte
    /// of 第 and the lead of 一) is a user-defined pair, a private-use
    /// character that vanished (`绗竴娆`, from a bug report).
    #[test]
    fn user_defined_pairs_vanish() {
        assert!(is_private_use(Legacy::Gbk.decode_two(0xAC, 0xE4).unwrap()));
        assert!(is_private_use(Legacy::Gbk.decode_two(0xF8, 0xA1).unwrap()));
        assert!(is_private_use(
            Legacy::ShiftJis.decode_two(0xF0, 0x9F).unwrap()
        ));
        let chain = Chain::Utf8ReadVanishing(Legacy::Gbk, Errors::Windows);
        let garbled = chain.apply("这是第一次采集").unwrap();
        assert!(garbled.starts_with("杩欐槸绗竴娆"), "{garbled}");
        assert_eq!(
            chain.determined("这是第一次采集").unwrap()[..5],
            [true, true, false, false, true]
        );
        assert!(chain.is_lossy_on("第一"));
        assert!(!chain.is_lossy_on("这是"));
        assert_eq!(
            chain.to_string(),
            "utf-8 read as gbk (windows), user-defined pairs dropped"
        );
    }
}
