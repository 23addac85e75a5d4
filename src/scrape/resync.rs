//! `double_byte_resync`: a byte lost from a GBK, Big5 or Shift_JIS stream.
//!
//! After the loss the decoder pairs each trail byte with the next lead byte,
//! out of phase, until a byte that can only stand alone (ASCII, or an ASCII-range
//! trail read as ASCII) puts it back in phase. What remains is a run of
//! characters that the text's own bytes make, just shifted: mostly rare hanzi,
//! radicals and symbols, usually ended by a U+FFFD for the lead byte left
//! without its trail. `。“送服務` saved as GBK, first byte lost, reads
//! `！八头⻊…`.
//!
//! # The repair
//!
//! For each encoding (GBK, Big5, Shift_JIS), each stretch of characters the
//! encoding can hold (U+FFFD standing for one unknown byte; the ASCII
//! character right after the stretch included when it could be a trail byte)
//! that holds a suspicious character ([`is_trigger`]) is re-encoded, and every
//! one-byte shift is tried: an unknown byte inserted at each position (before a
//! known trail it is the lost lead, after a known lead the lost trail), or one
//! byte dropped. Each shift is decoded from the stretch start, in phase, and
//! costed with the unigram model of [`plausibility`] (bits per character;
//! a lost character costs what U+FFFD costs). One pass computes, for every
//! byte offset, the cost of decoding the rest of the stretch in phase from
//! there, so all shifts of a stretch cost linear time.
//!
//! The cheapest shift is kept only on **strong evidence**: it must beat the
//! text as it is by [`MARGIN_BITS`] bits plus 4 bits per character it
//! rewrites beyond three (a likelihood ratio of at least 2^24 for a short
//! run), and the characters it writes must average at most 15 bits (real
//! text does; shifted bytes read as rare characters do not).
//!
//! The character that lost a byte is written as U+FFFD, unless one candidate
//! (every lead byte before the known trail, or every trail after the known
//! lead) is at least [`GUESS_BITS`] cheaper than every other, as `。` often is.

use std::borrow::Cow;

use crate::mojibake::cjk::legacy::Legacy;
use crate::mojibake::cjk::plausibility::char_bits;

/// The encodings whose byte loss is repaired, in the order tried.
pub const ENCODINGS: [Legacy; 3] = [Legacy::Gbk, Legacy::Big5, Legacy::ShiftJis];

/// The margin, in bits, a shift must win by (before the per-character part).
pub const MARGIN_BITS: u32 = 24;
/// How much cheaper than the runner-up a guessed lost character must be.
pub const GUESS_BITS: u32 = 6;
/// Bits of a lost character (U+FFFD's class cost).
const LOST_BITS: u32 = 12;
const INF: u32 = u32::MAX / 4;

/// Characters that out-of-phase runs are made of and clean text seldom holds:
/// U+FFFD, CJK radicals, private use, and characters the frequency model
/// prices at 17 bits or more (rarer than GB2312 level 1, Big5 常用字, JIS
/// level 1, and unseen in the clean corpora). Only segments holding one are
/// analysed.
pub(crate) fn is_trigger(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x2E80 {
        return c == '\u{FFFD}';
    }
    cp < 0x10000 && char_bits(c) >= 17
}

/// One byte of a stretch, `None` when unknown (a U+FFFD).
type Byte = Option<u8>;

/// A character of a stretch as written.
#[derive(Clone, Copy, Debug)]
struct Written {
    /// Offset of its first byte in the stretch's bytes.
    at: usize,
    /// Its byte offset in the text.
    text_at: usize,
    /// The cost of the stretch's characters before it.
    before: u32,
}

/// A stretch of the text that one encoding can hold.
struct Stretch {
    /// Byte range in the text.
    start: usize,
    end: usize,
    bytes: Vec<Byte>,
    chars: Vec<Written>,
    /// The cost of the whole stretch as written.
    total: u32,
    /// The last character as written.
    last: Option<char>,
}

/// The character `bytes[q..]` starts with, decoded in phase, and where the
/// next starts. `Some((None, _))` for a character with an unknown byte.
fn step(legacy: Legacy, bytes: &[Byte], q: usize) -> Option<(Option<char>, usize)> {
    match bytes[q] {
        Some(b) if b < 0x80 => Some((Some(char::from(b)), q + 1)),
        Some(b) => {
            if let Some(c) = legacy.decode_one(b) {
                return Some((Some(c), q + 1));
            }
            match bytes.get(q + 1)? {
                Some(t) => Some((Some(legacy.decode_two(b, *t)?), q + 2)),
                None => Some((None, q + 2)),
            }
        }
        // An unknown byte: the lead of the next known byte, or alone.
        None => match bytes.get(q + 1) {
            Some(Some(t)) if *t >= 0x40 => Some((None, q + 2)),
            _ => Some((None, q + 1)),
        },
    }
}

fn cost(c: Option<char>) -> u32 {
    c.map_or(LOST_BITS, char_bits)
}

/// The cost of `c` after `prev`: a repeated character (`────`, `……`) costs
/// 2 bits, since text repeats symbols; otherwise its unigram cost.
fn cost_after(prev: Option<char>, c: Option<char>) -> u32 {
    if c.is_some() && prev == c {
        2
    } else {
        cost(c)
    }
}

/// The character that lost a byte, when one candidate is clearly cheapest:
/// every character whose trail is `known` (its lead lost) and every
/// character whose lead is `known` (its trail lost) compete.
fn guess(legacy: Legacy, known: Option<u8>) -> Option<char> {
    let known = known?;
    let mut best = (INF, '\u{FFFD}');
    let mut second = INF;
    let mut consider = |c: Option<char>| {
        if let Some(c) = c.filter(|c| !c.is_ascii()) {
            let bits = char_bits(c);
            if bits < best.0 {
                second = best.0;
                best = (bits, c);
            } else if bits < second {
                second = bits;
            }
        }
    };
    for other in 0x40..=0xFEu8 {
        consider(legacy.decode_two(other, known));
        consider(legacy.decode_two(known, other));
    }
    (best.0 + GUESS_BITS <= second && best.0 <= 12).then_some(best.1)
}

/// Decodes `bytes[q..]` in phase into `out` (unknown bytes as U+FFFD).
fn decode_from(legacy: Legacy, bytes: &[Byte], mut q: usize, out: &mut String) -> Option<()> {
    while q < bytes.len() {
        let (c, next) = step(legacy, bytes, q)?;
        out.push(c.unwrap_or('\u{FFFD}'));
        q = next;
    }
    Some(())
}

/// The stretches of `text` that `legacy` can hold and that hold a trigger:
/// maximal runs of non-ASCII characters it encodes and U+FFFD, plus the
/// ASCII character after the run when that could be a trail byte (after the
/// loss it may have been read alone although it belonged to the character
/// before it).
fn stretches(text: &str, legacy: Legacy) -> Vec<Stretch> {
    let mut out = Vec::new();
    let mut current: Option<Stretch> = None;
    let mut triggered = false;
    let mut close = |current: &mut Option<Stretch>, triggered: &mut bool| {
        if let Some(s) = current.take() {
            if *triggered {
                out.push(s);
            }
        }
        *triggered = false;
    };
    for (i, c) in text.char_indices() {
        let encoded = if c == '\u{FFFD}' {
            Some(None)
        } else if c.is_ascii() {
            None
        } else {
            legacy.encode_char(c).map(Some)
        };
        let Some(encoded) = encoded else {
            if let Some(s) = current.as_mut() {
                let after_lost = s.chars.last().is_some_and(|w| s.bytes[w.at].is_none());
                if (0x40..=0x7E).contains(&(c as u32)) && !after_lost {
                    s.chars.push(Written {
                        at: s.bytes.len(),
                        text_at: i,
                        before: s.total,
                    });
                    s.bytes.push(Some(c as u8));
                    s.total += cost_after(s.last, Some(c));
                    s.end = i + 1;
                }
            }
            close(&mut current, &mut triggered);
            continue;
        };
        let s = current.get_or_insert_with(|| Stretch {
            start: i,
            end: i,
            bytes: Vec::new(),
            chars: Vec::new(),
            total: 0,
            last: None,
        });
        s.chars.push(Written {
            at: s.bytes.len(),
            text_at: i,
            before: s.total,
        });
        match encoded {
            Some(b) => s.bytes.extend(b.as_slice().iter().map(|&x| Some(x))),
            None => s.bytes.push(None),
        }
        s.total += cost_after(s.last, Some(c));
        s.last = Some(c);
        s.end = i + c.len_utf8();
        triggered |= is_trigger(c);
    }
    close(&mut current, &mut triggered);
    out
}

/// A repair of one stretch.
struct Repair {
    start: usize,
    end: usize,
    text: String,
    /// Bits saved.
    gain: u32,
}

/// The best one-byte shift of a stretch, if it wins on strong evidence.
fn best_shift(text: &str, legacy: Legacy, s: &Stretch) -> Option<Repair> {
    let bytes = &s.bytes;
    let n = bytes.len();
    // suffix[q]: the cost of decoding bytes[q..] in phase (INF if it does
    // not decode); count[q]: the characters that makes.
    // first[q]: the first character from q, and its cost alone (the next
    // character's cost depends on it through `cost_after`).
    let mut suffix = vec![INF; n + 1];
    let mut count = vec![0u32; n + 1];
    let mut first: Vec<(Option<char>, u32)> = vec![(None, 0); n + 1];
    suffix[n] = 0;
    for q in (0..n).rev() {
        if let Some((c, next)) = step(legacy, bytes, q) {
            if next <= n && suffix[next] < INF {
                let rest = if next == n {
                    0
                } else {
                    suffix[next] - first[next].1 + cost_after(c, first[next].0)
                };
                suffix[q] = cost(c) + rest;
                count[q] = 1 + count[next];
                first[q] = (c, cost(c));
            }
        }
    }
    // Every one-byte shift makes the character written at some k lose a byte
    // (the lost byte was its lead before a known trail, or its trail after a
    // known lead: either way the known byte bytes[at] is in it), and the
    // text from at + 1 on is read in phase.
    let mut best: Option<(u32, usize)> = None;
    for (k, w) in s.chars.iter().enumerate() {
        if w.at + 1 > n || suffix[w.at + 1] >= INF {
            continue;
        }
        if bytes[w.at].is_some_and(|b| b < 0x40) {
            continue;
        }
        let bits = w.before + LOST_BITS + suffix[w.at + 1];
        if best.is_none_or(|(b, _)| bits < b) {
            best = Some((bits, k));
        }
    }
    let (bits, k) = best?;
    let w = s.chars[k];
    let rewritten = 1 + count[w.at + 1];
    let margin = MARGIN_BITS + 4 * rewritten.saturating_sub(3);
    if bits + margin > s.total {
        return None;
    }
    let mut out = String::with_capacity(s.end - s.start + 8);
    out.push_str(&text[s.start..w.text_at]);
    let lost = guess(legacy, bytes[w.at]).unwrap_or('\u{FFFD}');
    let from = out.len();
    out.push(lost);
    decode_from(legacy, bytes, w.at + 1, &mut out)?;
    // The characters it writes must read like text.
    let written: Vec<char> = out[from..].chars().filter(|c| !c.is_ascii()).collect();
    if written.iter().map(|&c| char_bits(c)).sum::<u32>() > 15 * written.len() as u32 {
        return None;
    }
    Some(Repair {
        start: s.start,
        end: s.end,
        text: out,
        gain: s.total - bits,
    })
}

/// Repairs runs read out of phase after a byte was lost from a GBK, Big5 or
/// Shift_JIS stream (see the module docs). Borrows `text` when nothing is
/// repaired.
///
/// ```
/// use mojifix::scrape::resync_double_byte;
/// use mojifix::mojibake::cjk::legacy::Legacy;
/// let original = "这是一段测试文本，用来检查丢失字节以后的重新同步。OK";
/// let mut bytes = Legacy::Gbk.encode(original).unwrap();
/// bytes.remove(8); // the lead byte of 测
/// let (damaged, _, _) = Legacy::Gbk.encoding().decode(&bytes);
/// assert_ne!(damaged, original);
/// let fixed = resync_double_byte(&damaged);
/// assert_eq!(fixed.replace('\u{FFFD}', "测"), original);
/// ```
pub fn resync_double_byte(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_trigger) {
        return Cow::Borrowed(text);
    }
    // The best repair per stretch and encoding; where stretches of several
    // encodings overlap, the larger gain wins.
    let mut repairs: Vec<Repair> = ENCODINGS
        .into_iter()
        .flat_map(|legacy| {
            stretches(text, legacy)
                .into_iter()
                .filter_map(move |s| best_shift(text, legacy, &s))
        })
        .collect();
    if repairs.is_empty() {
        return Cow::Borrowed(text);
    }
    repairs.sort_by(|a, b| b.gain.cmp(&a.gain).then(a.start.cmp(&b.start)));
    let mut kept: Vec<Repair> = Vec::new();
    for r in repairs {
        if kept.iter().all(|k| r.end <= k.start || k.end <= r.start) {
            kept.push(r);
        }
    }
    kept.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len() + 8);
    let mut copied = 0;
    for r in kept {
        out.push_str(&text[copied..r.start]);
        out.push_str(&r.text);
        copied = r.end;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}
