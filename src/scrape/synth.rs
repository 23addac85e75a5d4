//! Synthesizers for web-scrape damage, deterministic from a seed (the
//! [`Rng`] of [`crate::damage`]), for tests, corpora and benchmarks.
//!
//! * [`leak_pinyin`]: a line whose Han characters carry inline readings, the
//!   way a page with ruby markup reads once the markup is stripped.
//! * [`drop_byte`]: a line saved in GBK, Big5 or Shift_JIS that lost one byte
//!   of a double-byte character, decoded with the WHATWG decoder.
//!
//! ```
//! use mojifix::damage::Rng;
//! use mojifix::scrape::synth::{drop_byte, leak_pinyin};
//! use mojifix::mojibake::cjk::legacy::Legacy;
//!
//! let line = "时间就是生命，效率就是金钱。";
//! let leaked = leak_pinyin(line, &mut Rng::new(7)).unwrap();
//! assert_ne!(leaked, line);
//! assert_eq!(mojifix::scrape::remove_inline_pinyin(&leaked), line);
//!
//! let damage = drop_byte(line, Legacy::Gbk, false, &mut Rng::new(7)).unwrap();
//! assert_ne!(damage.damaged, line);
//! assert!(!damage.lost.is_empty());
//! ```

use std::collections::HashMap;

use encoding_rs::DecoderResult;
use unicode_normalization::UnicodeNormalization;

use super::pinyin::{readings, syllable, tone, zhuyin};
use crate::cjk_text::is_han;
pub use crate::damage::Rng;
use crate::mojibake::cjk::legacy::Legacy;

/// How a leak writes readings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinyinStyle {
    /// Tone marks: `shí`.
    ToneMarks,
    /// Tone numbers: `shi2` (`5` for the neutral tone, `v` for ü).
    Numbered,
    /// Zhuyin (bopomofo): `ㄕˊ`.
    Zhuyin,
}

/// The tone-marked spelling of a toneless syllable (`v` for ü) with tone
/// 1–4 (5: neutral, no mark), the mark on the vowel pinyin's rules give it.
///
/// ```
/// use mojifix::scrape::synth::tone_marked;
/// assert_eq!(tone_marked("shi", 2), "shí");
/// assert_eq!(tone_marked("nv", 3), "nǚ");
/// assert_eq!(tone_marked("gou", 3), "gǒu");
/// assert_eq!(tone_marked("de", 5), "de");
/// ```
pub fn tone_marked(syl: &str, tone: u8) -> String {
    let letters: Vec<char> = syl
        .chars()
        .map(|c| if c == 'v' { 'ü' } else { c })
        .collect();
    let mark = match tone {
        1 => '\u{304}',
        2 => '\u{301}',
        3 => '\u{30C}',
        4 => '\u{300}',
        _ => return letters.into_iter().collect(),
    };
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'ê' | 'i' | 'o' | 'u' | 'ü');
    let at = letters
        .iter()
        .position(|&c| c == 'a')
        .or_else(|| letters.iter().position(|&c| c == 'e' || c == 'ê'))
        .or_else(|| syl.find("ou"))
        .or_else(|| letters.iter().rposition(|&c| is_vowel(c)))
        .or_else(|| letters.iter().position(|&c| c == 'm' || c == 'n'))
        .unwrap_or(0);
    let mut out = String::new();
    for (i, &c) in letters.iter().enumerate() {
        out.push(c);
        if i == at {
            out.push(mark);
        }
    }
    out.nfc().collect()
}

fn spell(code: u16, style: PinyinStyle) -> Option<String> {
    let (syl, t) = (syllable(code), tone(code));
    Some(match style {
        PinyinStyle::ToneMarks => tone_marked(syl, t),
        PinyinStyle::Numbered => format!("{syl}{t}"),
        PinyinStyle::Zhuyin => {
            let zy = zhuyin(code);
            if zy.is_empty() {
                return None;
            }
            match t {
                1 => zy.to_owned(),
                2 => format!("{zy}ˊ"),
                3 => format!("{zy}ˇ"),
                4 => format!("{zy}ˋ"),
                _ => format!("˙{zy}"),
            }
        }
    })
}

/// Annotates a random share (30–100%, at least 3 characters) of the Han
/// characters of `line` with a reading from the table (the most common one
/// four times in five, otherwise another listed one; the same for every
/// occurrence of a character in the line), in one style per line (tone marks,
/// numbers or zhuyin), ASCII or fullwidth parentheses, one group per
/// character or, in one line of three, one group per two adjacent annotated
/// characters (`协调(xié tiáo)`, or without a space). `None` when the line has
/// fewer than 3 characters with readings, or when they are less than a
/// quarter of its Han characters.
pub fn leak_pinyin(line: &str, rng: &mut Rng) -> Option<String> {
    let style = [
        PinyinStyle::ToneMarks,
        PinyinStyle::ToneMarks,
        PinyinStyle::Numbered,
        PinyinStyle::Zhuyin,
    ][rng.below(4)];
    let (open, close) = if rng.below(2) == 0 {
        ('(', ')')
    } else {
        ('（', '）')
    };
    let words = rng.below(3) == 0;
    let separator = if rng.below(2) == 0 { " " } else { "" };
    let chars: Vec<char> = line.chars().collect();
    let mut choice: HashMap<char, Option<String>> = HashMap::new();
    let mut spelled: Vec<Option<String>> = Vec::with_capacity(chars.len());
    for &c in &chars {
        if !is_han(c) || readings(c).is_empty() {
            spelled.push(None);
            continue;
        }
        let s = choice
            .entry(c)
            .or_insert_with(|| {
                let r = readings(c);
                let code = if r.len() > 1 && rng.below(5) == 0 {
                    r[1 + rng.below(r.len() - 1)]
                } else {
                    r[0]
                };
                spell(code, style)
            })
            .clone();
        spelled.push(s);
    }
    let eligible: Vec<usize> = (0..chars.len()).filter(|&i| spelled[i].is_some()).collect();
    let han = chars.iter().filter(|&&c| is_han(c)).count();
    let share = 30 + rng.below(71);
    let target = ((han * share + 50) / 100).max(3).min(eligible.len());
    if target < 3 || target * 4 < han {
        return None;
    }
    // A partial Fisher–Yates shuffle picks `target` of them.
    let mut pool = eligible;
    for i in 0..target {
        let j = i + rng.below(pool.len() - i);
        pool.swap(i, j);
    }
    let mut chosen = vec![false; chars.len()];
    for &i in &pool[..target] {
        chosen[i] = true;
    }
    let mut out = String::with_capacity(line.len() * 3);
    let mut pending: Vec<&str> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        if !chosen[i] {
            continue;
        }
        pending.push(
            spelled[i]
                .as_deref()
                .expect("chosen characters are spelled"),
        );
        let joins_next = words && pending.len() < 2 && chosen.get(i + 1) == Some(&true);
        if !joins_next {
            out.push(open);
            out.push_str(&pending.join(separator));
            out.push(close);
            pending.clear();
        }
    }
    Some(out)
}

/// Whether `line` (without its newline) is in the training half of the clean
/// corpora, from which `tools/gen_cjk_bigrams.py` builds the pair table that
/// `double_byte_resync` uses: its FNV-1a 64 hash is even. Measure on the
/// other half.
///
/// ```
/// use mojifix::scrape::synth::is_training_line;
/// assert_ne!(is_training_line("你好"), is_training_line("你好。"));
/// ```
pub fn is_training_line(line: &str) -> bool {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for &b in line.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01B3);
    }
    h % 2 == 0
}

/// The legacy encoding text of a language was typically stored in:
/// `zh-Hans` GBK, `zh-Hant` Big5, `ja` Shift_JIS.
pub fn legacy_for(language: &str) -> Option<Legacy> {
    match language {
        "zh-Hans" => Some(Legacy::Gbk),
        "zh-Hant" => Some(Legacy::Big5),
        "ja" => Some(Legacy::ShiftJis),
        _ => None,
    }
}

/// A line that lost one byte in a legacy encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ByteLoss {
    /// The text the WHATWG decoder made of the damaged bytes (NFKC-folded if
    /// asked).
    pub damaged: String,
    /// The byte offset, in the encoded line, of the byte that was dropped.
    pub dropped_at: usize,
    /// Indices (in `chars()` of the original line) of the characters whose
    /// bytes are truly gone: the one that lost the byte, and those whose bytes
    /// the decoder replaced with U+FFFD. A repair may write U+FFFD for these,
    /// and must restore every other character.
    pub lost: Vec<usize>,
    /// The `lost` sets of the other drops that leave the very same bytes: the
    /// dropped byte sat in a run of equal bytes (`式，` in Big5 is
    /// `A6 A1 A1 41`; dropping either `A1` gives `A6 A1 41`; `一A` is
    /// `A4 41 41`, and dropping the `A` leaves what dropping `一`'s trail
    /// does), so no repair can tell which character lost it, and a repair
    /// that marks any of them is as right ([`ByteLoss::restored`]). The
    /// synthesizer only drops bytes of double-byte characters, but the bytes
    /// cannot say so, so a single-byte character in the run counts too.
    pub equivalent_lost: Vec<Vec<usize>>,
}

impl ByteLoss {
    /// Whether `output` restores `original` except characters whose bytes
    /// are truly gone ([`restored_except_lost`], or
    /// [`restored_except_lost_nfkc`] when the damage was NFKC-folded), for
    /// the drop made or for any drop that leaves the same bytes.
    ///
    /// ```
    /// use mojifix::damage::Rng;
    /// use mojifix::mojibake::cjk::legacy::Legacy;
    /// use mojifix::scrape::synth::drop_byte;
    ///
    /// // Big5 `式，` is `A6 A1 A1 41`: whichever `A1` is dropped, the bytes
    /// // are `A6 A1 41` (`式A`), so either character may be the lost one.
    /// let line = "程式，";
    /// let mut seen = Vec::new();
    /// for seed in 0..64 {
    ///     let loss = drop_byte(line, Legacy::Big5, false, &mut Rng::new(seed)).unwrap();
    ///     if loss.damaged == "程式A" {
    ///         assert!(loss.restored(line, "程�，", false));
    ///         assert!(loss.restored(line, "程式�", false));
    ///         assert!(!loss.restored(line, "�式，", false));
    ///         seen.push(loss.dropped_at);
    ///     }
    /// }
    /// seen.sort_unstable();
    /// seen.dedup();
    /// assert_eq!(seen, [3, 4]);
    /// ```
    pub fn restored(&self, original: &str, output: &str, nfkc: bool) -> bool {
        let judge = |lost: &[usize]| {
            if nfkc {
                restored_except_lost_nfkc(original, output, lost)
            } else {
                restored_except_lost(original, output, lost)
            }
        };
        judge(&self.lost) || self.equivalent_lost.iter().any(|lost| judge(lost))
    }
}

/// Encodes `line` with `legacy`, drops one byte of a random double-byte
/// character, and decodes the rest with the WHATWG decoder (then NFKC, if
/// `nfkc`, as pipelines that normalize do). `None` when the line has a
/// character the encoding lacks, or no double-byte character.
pub fn drop_byte(line: &str, legacy: Legacy, nfkc: bool, rng: &mut Rng) -> Option<ByteLoss> {
    // Original byte offset → character index.
    let mut bytes = Vec::with_capacity(line.len());
    let mut owner = Vec::with_capacity(line.len());
    let mut double = Vec::new();
    for (i, c) in line.chars().enumerate() {
        let b = legacy.encode_char(c)?;
        if b.as_slice().len() == 2 {
            double.push(bytes.len());
            double.push(bytes.len() + 1);
        }
        bytes.extend_from_slice(b.as_slice());
        owner.extend(std::iter::repeat(i).take(b.as_slice().len()));
    }
    if double.is_empty() {
        return None;
    }
    let p = double[rng.below(double.len())];
    let mut damaged_bytes = bytes.clone();
    damaged_bytes.remove(p);
    let (text, lost) = decode_losing(legacy, &damaged_bytes, &owner, p);
    // Drops inside the same run of equal bytes leave the same bytes.
    let run_start = (0..p)
        .rev()
        .take_while(|&q| bytes[q] == bytes[p])
        .last()
        .unwrap_or(p);
    let run_end = (p + 1..bytes.len())
        .take_while(|&q| bytes[q] == bytes[p])
        .last()
        .unwrap_or(p);
    let equivalent_lost = (run_start..=run_end)
        .filter(|&q| q != p)
        .map(|q| decode_losing(legacy, &damaged_bytes, &owner, q).1)
        .filter(|other| *other != lost)
        .collect();
    let damaged = if nfkc { text.nfkc().collect() } else { text };
    Some(ByteLoss {
        damaged,
        dropped_at: p,
        lost,
        equivalent_lost,
    })
}

/// Decodes `damaged_bytes` (the encoded line without its byte at `p`) with the
/// WHATWG decoder, and lists the characters of the original line whose bytes
/// are gone: the one that owned byte `p` and those whose bytes the decoder
/// rejected (`owner` maps the original's byte offsets to character indices).
fn decode_losing(
    legacy: Legacy,
    damaged_bytes: &[u8],
    owner: &[usize],
    p: usize,
) -> (String, Vec<usize>) {
    let mut lost = vec![owner[p]];
    // Decode, noting the byte spans the decoder rejected.
    let mut decoder = legacy.encoding().new_decoder_without_bom_handling();
    let mut text = String::with_capacity(damaged_bytes.len() * 2);
    let mut read_total = 0;
    loop {
        let rest = &damaged_bytes[read_total..];
        text.reserve(rest.len() * 3 + 16);
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut text, true);
        read_total += read;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => continue,
            DecoderResult::Malformed(bad, extra) => {
                let end = read_total - usize::from(extra);
                let start = end - usize::from(bad);
                for j in start..end {
                    let original = if j < p { j } else { j + 1 };
                    lost.push(owner[original]);
                }
                text.push('\u{FFFD}');
            }
        }
    }
    lost.sort_unstable();
    lost.dedup();
    (text, lost)
}

/// Whether `output` is `original` with at most the characters at `lost`
/// (indices into `original.chars()`) replaced by U+FFFD, one for one: the
/// success criterion of a resync repair.
///
/// ```
/// use mojifix::scrape::synth::restored_except_lost;
/// assert!(restored_except_lost("你好世界", "你�世界", &[1]));
/// assert!(restored_except_lost("你好世界", "你好世界", &[1]));
/// assert!(!restored_except_lost("你好世界", "你�世界", &[2]));
/// ```
pub fn restored_except_lost(original: &str, output: &str, lost: &[usize]) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (original.chars().collect(), output.chars().collect());
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .enumerate()
            .all(|(i, (x, y))| x == y || (*y == '\u{FFFD}' && lost.contains(&i)))
}

/// [`restored_except_lost`] for text that went through NFKC after the
/// damage (a pipeline that folds width): each original character, folded
/// alone, must appear in turn in the folded output, or U+FFFD for a lost
/// one.
///
/// ```
/// use mojifix::scrape::synth::restored_except_lost_nfkc;
/// assert!(restored_except_lost_nfkc("ＡＢ你好", "AB你�", &[3]));
/// assert!(!restored_except_lost_nfkc("ＡＢ你好", "AB你�", &[2]));
/// ```
pub fn restored_except_lost_nfkc(original: &str, output: &str, lost: &[usize]) -> bool {
    let out: String = output.nfkc().collect();
    let mut rest = out.as_str();
    for (i, c) in original.chars().enumerate() {
        let folded: String = std::iter::once(c).nfkc().collect();
        if let Some(r) = rest.strip_prefix(folded.as_str()) {
            rest = r;
        } else if lost.contains(&i) && rest.starts_with('\u{FFFD}') {
            rest = &rest['\u{FFFD}'.len_utf8()..];
        } else {
            return false;
        }
    }
    rest.is_empty()
}
