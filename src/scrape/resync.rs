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
//! For each encoding (GBK, Big5, Shift_JIS), each **stretch** of CJK text the
//! encoding can hold is re-encoded: U+FFFD stands for a lead byte the decoder
//! left alone before ASCII (its value is gone); the ASCII character right
//! after the stretch is included when it could be a trail byte (`@`–`~`),
//! since in the right phase it may belong to the last character; a U+FFFD
//! followed by more CJK ends a stretch (a character already lost, by this
//! repair or otherwise: no shift crosses it). Only stretches holding a
//! trigger are analysed: U+FFFD, a character the frequency model prices at 17
//! bits or more ([`is_trigger`]), or an ASCII letter glued between two CJK
//! characters (a Big5/Shift_JIS trail byte read alone). For text that went
//! through NFKC after decoding, one or two ASCII characters followed by more of
//! the stretch are also tried as the fullwidth forms they were (`！` → `!`).
//!
//! Every one-byte **shift** is tried: the character written at some position
//! lost a byte (the known byte there was its trail after a lost lead, or its
//! lead before a lost trail) and everything after it is read in phase. One
//! backward pass computes, for every byte offset, the cost of reading the rest
//! of the stretch in phase from there, so all shifts of a stretch cost linear
//! time. (A stray byte too many, the other one-byte shift, flips the phase
//! the same way and gives the same reading after it; the two differ only in
//! whether the known byte belongs to a lost character or to nothing. Streams
//! lose bytes far more often than they gain them, so the fixer takes the loss
//! and writes U+FFFD rather than silently dropping a byte.) A shift is
//! impossible if it reads an ASCII byte alone inside the
//! stretch (in the right phase, the bytes of non-ASCII characters never are)
//! or an unknown byte anywhere but before ASCII or the end.
//!
//! **Costs** are bits under the unigram model of [`plausibility`], with two
//! additions: a repeated character costs 2 bits (`────` is text), an ASCII
//! letter glued to CJK 4 bits more. Both readings explain the same known bytes
//! once each: a U+FFFD costs nothing (it holds no known byte), and a
//! character of which one byte is known costs -log2 of the summed
//! probabilities of every character with that byte there (a lost character
//! after lead `A1` is cheap, punctuation being common).
//!
//! The cheapest shift is kept on **evidence only**: it must beat the text as
//! written by [`MARGIN_BITS`] (16) when nothing but frequencies speak for it;
//! by [`LOST_MARGIN_BITS`] (8) when it also explains a U+FFFD as a lead byte
//! left without its trail, or takes a glued ASCII letter back into its
//! character; by [`PAIR_MARGIN_BITS`] (3) when it rewrites nothing but `X�`
//! into two lost characters (`信息。` read as `信稀�`: the two lost characters
//! are priced by their known bytes, which already makes a plausible `X` win).
//! The characters it writes must average at most 15 bits. `Fixer::fix` is
//! idempotent on every damaged line of the test (`tests/scrape_resync.rs`
//! asserts it). The margins are the
//! smallest that change no line of ../shared/data/clean (`tests/scrape_pinyin.rs`
//! checks both fixers on every clean line).
//!
//! The character that lost a byte is written as U+FFFD, unless one candidate
//! is at least [`GUESS_BITS`] cheaper than every other, as `。` often is. The
//! character whose trail the decoder swallowed (the U+FFFD before ASCII) stays
//! U+FFFD.
//!
//! Measured (`tests/scrape_resync.rs`, 3,000 lines per language, every other
//! line NFKC-folded): runs restored to the original except the truly lost
//! characters: zh-Hans/GBK ~75%, zh-Hant/Big5 ~55%, ja/Shift_JIS ~47%. Short
//! runs (one or two characters before the decoder resynchronizes, typical of
//! Big5 and Shift_JIS) look like clean text to a unigram model.

use std::borrow::Cow;

use crate::mojibake::cjk::legacy::Legacy;
use crate::mojibake::cjk::plausibility::char_bits;

/// The encodings whose byte loss is repaired, in the order tried.
pub const ENCODINGS: [Legacy; 3] = [Legacy::Gbk, Legacy::Big5, Legacy::ShiftJis];

/// The margin, in bits, a shift must win by.
pub const MARGIN_BITS: u32 = 16;
/// The margin when the text it rewrites holds a U+FFFD.
pub const LOST_MARGIN_BITS: u32 = 8;
/// The margin when it rewrites only `X�` into two lost characters.
pub const PAIR_MARGIN_BITS: u32 = 2;
/// Bits a character costs less after a character it follows in the
/// training text (`pair_seen`), and more after one it never follows there.
const SEEN_PAIR_BITS: u32 = 5;
const UNSEEN_PAIR_BITS: u32 = 2;
/// Bits by which a shift ranks behind the one a character earlier, among
/// near ties.
const SHIFT_LATER_BITS: u32 = 1;
/// How much cheaper than the runner-up a guessed lost character must be.
pub const GUESS_BITS: u32 = 6;
/// The cost from which a CJK character counts as rare enough to look at.
const RARE_BITS: u32 = 17;
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
    c == '\u{FFFD}' || ((0x2E80..0x10000).contains(&cp) && char_bits(c) >= RARE_BITS)
}

/// Whether `text` holds a trigger: U+FFFD, a rare CJK character, or an
/// ASCII trail byte glued between CJK characters (one pass; ASCII text
/// returns after a byte scan).
fn may_act(text: &str) -> bool {
    if text.is_ascii() {
        return false;
    }
    let mut chars = text.chars();
    let (mut a, mut b) = (None, None);
    for c in chars.by_ref() {
        if is_trigger(c) || (b.is_some_and(is_trail_ascii) && a.is_some_and(is_cjk) && is_cjk(c)) {
            return true;
        }
        (a, b) = (b, Some(c));
    }
    false
}

/// An ASCII character that is also a trail byte of Big5 and Shift_JIS
/// (`@`–`~`: letters and some punctuation, not digits).
fn is_trail_ascii(c: char) -> bool {
    ('@'..='~').contains(&c)
}

/// CJK radicals, symbols, kana, ideographs, Hangul and fullwidth forms: what
/// the legacy double-byte encodings are for.
fn is_cjk(c: char) -> bool {
    ('\u{2E80}'..='\u{FFEF}').contains(&c)
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
    /// The characters as written, one per entry of `chars`.
    written: Vec<char>,
    /// Whether the stretch ends with an ASCII character glued between
    /// non-ASCII characters (a trail byte read alone, which puts a Big5 or
    /// Shift_JIS decoder back in phase).
    glued: bool,
    /// Indices into `chars` of fullwidth katakana read as the halfwidth
    /// katakana NFKC widened.
    kana_at: Vec<usize>,
}

/// The character `bytes[q..]` starts with, decoded in phase, and where the
/// next starts. `Some((None, _))` for a character with an unknown byte.
fn step(legacy: Legacy, bytes: &[Byte], q: usize) -> Option<(Option<char>, usize)> {
    match bytes[q] {
        // The bytes of a stretch come from non-ASCII characters, whose bytes
        // in the right phase are never read alone as ASCII; only the ASCII
        // the stretch ends with may stand alone (the character after it, and
        // one the out-of-phase decoder swallowed as a trail byte).
        Some(b) if b < 0x80 => bytes[q..]
            .iter()
            .all(|x| x.is_some_and(|x| x < 0x80))
            .then_some((Some(char::from(b)), q + 1)),
        Some(b) => {
            if let Some(c) = legacy.decode_one(b) {
                return Some((Some(c), q + 1));
            }
            match bytes.get(q + 1)? {
                Some(t) => Some((Some(legacy.decode_two(b, *t)?), q + 2)),
                None => Some((None, q + 2)),
            }
        }
        // An unknown byte: the decoder writes U+FFFD for a lead byte
        // followed by ASCII or the end, so it stands alone there and nowhere
        // else.
        None => match bytes.get(q + 1) {
            None | Some(Some(0..=0x7F)) => Some((None, q + 1)),
            _ => None,
        },
    }
}

/// Per encoding and byte, the cost in bits of a character of which only
/// that byte is known: `[lead][b]` when `b` is its lead (its trail lost),
/// `[trail][b]` when `b` is its trail: -log2 of the summed probabilities
/// (2^-bits) of every character the encoding has with that byte there. A
/// lost `。` after a known `A1` is cheap; a lost character of a rare row dear.
fn lost_bits(legacy: Legacy, known: u8, is_lead: bool) -> u32 {
    static TABLES: std::sync::OnceLock<Vec<[[u8; 256]; 2]>> = std::sync::OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        ENCODINGS
            .iter()
            .map(|&l| {
                let mut t = [[LOST_BITS as u8; 256]; 2];
                for (side, row) in t.iter_mut().enumerate() {
                    for b in 0x40..=0xFEu8 {
                        let p: f64 = (0x40..=0xFEu8)
                            .filter_map(|o| {
                                if side == 0 {
                                    l.decode_two(b, o)
                                } else {
                                    l.decode_two(o, b)
                                }
                            })
                            .filter(|c| !c.is_ascii())
                            .map(|c| (-(char_bits(c) as f64)).exp2())
                            .sum();
                        if p > 0.0 {
                            row[usize::from(b)] = (-p.log2()).ceil().clamp(2.0, 24.0) as u8;
                        }
                    }
                }
                t
            })
            .collect()
    });
    let i = ENCODINGS.iter().position(|&l| l == legacy).unwrap_or(0);
    u32::from(tables[i][usize::from(!is_lead)][usize::from(known)])
}

/// The cost of a character as the known bytes explain it. A U+FFFD (or an
/// orphan lead byte, `None`) holds no known byte, so it costs nothing: both
/// readings of a stretch must explain the same known bytes, once each.
fn cost(c: Option<char>) -> u32 {
    match c {
        None | Some('\u{FFFD}') => 0,
        Some(c) => char_bits(c),
    }
}

/// A character of the pair table's domain: at or above U+2E80, not U+FFFD.
fn in_pair_domain(c: char) -> bool {
    c >= '\u{2E80}' && c != '\u{FFFD}'
}

/// Whether the pair `ab` occurs in the training half of the clean corpora
/// (a Bloom filter: about 1% of unseen pairs test as seen).
fn pair_seen(a: char, b: char) -> bool {
    use super::bigram_table::{BLOOM, BLOOM_BITS_LOG2};
    let mut x = ((a as u64) << 21 | b as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    let m = (1u64 << BLOOM_BITS_LOG2) - 1;
    let bit = |i: u64| BLOOM[(i >> 6) as usize] >> (i & 63) & 1 == 1;
    bit(x & m) && bit((x >> 32) & m)
}

/// The cost of `c` after `prev`: a repeated character (`────`, `……`) costs
/// 2 bits, since text repeats symbols; an ASCII letter or digit glued to a
/// non-ASCII character 4 bits more (shifted bytes read alone look so);
/// otherwise its unigram cost.
fn cost_after(prev: Option<char>, c: Option<char>) -> u32 {
    if c.is_some() && prev == c {
        return 2;
    }
    if let (Some(p), Some(c)) = (prev, c) {
        if in_pair_domain(p) && in_pair_domain(c) {
            return if pair_seen(p, c) {
                cost(Some(c)).saturating_sub(SEEN_PAIR_BITS).max(1)
            } else {
                cost(Some(c)) + UNSEEN_PAIR_BITS
            };
        }
    }
    let glued = match (prev, c) {
        (Some(p), Some(c)) => {
            (p.is_ascii_alphanumeric() && !c.is_ascii())
                || (!p.is_ascii() && c.is_ascii_alphanumeric())
        }
        _ => false,
    };
    cost(c) + if glued { GLUE_BITS } else { 0 }
}

/// Extra bits for an ASCII letter or digit glued to a non-ASCII character.
const GLUE_BITS: u32 = 4;

/// Every non-ASCII character `legacy` has with byte `known` as its lead or its
/// trail, cheapest first, with its unigram cost.
fn candidates(legacy: Legacy, known: u8) -> &'static [(char, u32)] {
    static TABLES: std::sync::OnceLock<Vec<Vec<Vec<(char, u32)>>>> = std::sync::OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        ENCODINGS
            .iter()
            .map(|&l| {
                (0..=255u8)
                    .map(|b| {
                        let mut v: Vec<(char, u32)> = (0x40..=0xFEu8)
                            .flat_map(|o| [l.decode_two(b, o), l.decode_two(o, b)])
                            .flatten()
                            .filter(|c| !c.is_ascii())
                            .map(|c| (c, char_bits(c)))
                            .collect();
                        v.sort_by_key(|&(c, bits)| (bits, c));
                        v.dedup();
                        v
                    })
                    .collect()
            })
            .collect()
    });
    let i = ENCODINGS.iter().position(|&l| l == legacy).unwrap_or(0);
    &tables[i][usize::from(known)]
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
///
/// With `nfkc`, the text is taken to have been NFKC-folded after decoding:
/// one or two ASCII characters (`!`–`~`) followed by a character of the run
/// stand for their fullwidth forms (`！` folded to `!`), two bytes each. (Real
/// ASCII would have put the decoder back in phase.)
fn stretches(
    chars: &[(usize, char)],
    triggers: &[bool],
    legacy: Legacy,
    nfkc: bool,
) -> Vec<Stretch> {
    let in_run = |c: char| c == '\u{FFFD}' || (!c.is_ascii() && legacy.encode_char(c).is_some());
    let folded = |k: usize| -> Option<char> {
        let (_, c) = chars[k];
        if !nfkc || !('!'..='~').contains(&c) {
            return None;
        }
        let wide = char::from_u32(c as u32 - 0x21 + 0xFF01)?;
        legacy.encode_char(wide)?;
        // One or two such characters, then a character of the run.
        let next = |d: usize| chars.get(k + d).map(|&(_, c)| c);
        let run_after = next(1).is_some_and(in_run)
            || (next(1).is_some_and(|n| ('!'..='~').contains(&n)) && next(2).is_some_and(in_run));
        run_after.then_some(wide)
    };
    // With NFKC on Shift_JIS text: a fullwidth katakana standing alone
    // between CJK characters that are not katakana, read as the halfwidth
    // katakana (one byte) NFKC widened (`ｳ` → `ウ`).
    let kana_half = |k: usize| -> Option<char> {
        let (_, c) = chars[k];
        if !nfkc || legacy != Legacy::ShiftJis || !('\u{30A1}'..='\u{30FC}').contains(&c) {
            return None;
        }
        let other = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|&(_, n)| is_cjk(n) && !is_katakana(n))
        };
        if !other(k.checked_sub(1)) || !other(Some(k + 1)) {
            return None;
        }
        half_katakana(c)
    };
    let mut out = Vec::new();
    let mut current: Option<Stretch> = None;
    let mut triggered = false;
    let mut cjk = false;
    let mut close = |current: &mut Option<Stretch>, triggered: &mut bool, cjk: &mut bool| {
        if let Some(s) = current.take() {
            if *triggered && *cjk {
                out.push(s);
            }
        }
        *triggered = false;
        *cjk = false;
    };
    let mut skip_until = 0;
    for (k, &(i, c)) in chars.iter().enumerate() {
        let wide = folded(k);
        let encoded = if c == '\u{FFFD}' {
            Some(None)
        } else if let Some(w) = wide {
            legacy.encode_char(w).map(Some)
        } else if let Some(h) = kana_half(k) {
            legacy.encode_char(h).map(Some)
        } else if c.is_ascii() {
            None
        } else {
            legacy.encode_char(c).map(Some)
        };
        if encoded.is_some() && current.is_none() && skip_until > k {
            continue;
        }
        if encoded.is_some() && current.is_none() {
            // A new stretch: skip it whole unless a trigger lies in it (or
            // right after it, a glued ASCII character).
            let end = (k..chars.len())
                .find(|&j| {
                    let c = chars[j].1;
                    !(in_run(c) || folded(j).is_some())
                })
                .unwrap_or(chars.len());
            if !triggers[k..(end + 1).min(chars.len())].iter().any(|&t| t) {
                skip_until = end;
                continue;
            }
        }
        let Some(encoded) = encoded else {
            if let Some(s) = current.as_mut() {
                let after_lost = s.chars.last().is_some_and(|w| s.bytes[w.at].is_none());
                if (0x40..=0x7E).contains(&(c as u32)) && !after_lost {
                    s.chars.push(Written {
                        at: s.bytes.len(),
                        text_at: i,
                        before: s.total,
                    });
                    s.written.push(c);
                    s.bytes.push(Some(c as u8));
                    s.total += cost_after(s.last, Some(c));
                    s.end = i + 1;
                    // Glued on both sides (`best_shift` counts the transition
                    // after it, with the character after the stretch).
                    if let Some(&(_, next)) = chars.get(k + 1) {
                        if is_cjk(next) && s.last.is_some_and(is_cjk) && is_trail_ascii(c) {
                            s.glued = true;
                            triggered = true;
                        }
                    }
                }
            }
            close(&mut current, &mut triggered, &mut cjk);
            continue;
        };
        let s = current.get_or_insert_with(|| Stretch {
            start: i,
            end: i,
            bytes: Vec::new(),
            chars: Vec::new(),
            total: 0,
            last: None,
            glued: false,
            written: Vec::new(),
            kana_at: Vec::new(),
        });
        if kana_half(k).is_some() {
            s.kana_at.push(s.chars.len());
        }
        s.chars.push(Written {
            at: s.bytes.len(),
            text_at: i,
            before: s.total,
        });
        s.written.push(c);
        match encoded {
            Some(b) => s.bytes.extend(b.as_slice().iter().map(|&x| Some(x))),
            None => s.bytes.push(None),
        }
        s.total += cost_after(s.last, Some(c));
        s.last = Some(c);
        s.end = i + c.len_utf8();
        triggered |= is_trigger(c);
        cjk |= is_cjk(c);
        // A U+FFFD followed by more of the run is no lead byte the decoder
        // left alone (that happens before ASCII): a character already lost,
        // by this repair or otherwise. No shift crosses it.
        if c == '\u{FFFD}' && chars.get(k + 1).is_some_and(|&(_, n)| !n.is_ascii()) {
            s.bytes.pop();
            s.chars.pop();
            s.written.pop();
            s.end = i;
            close(&mut current, &mut triggered, &mut cjk);
        }
    }
    close(&mut current, &mut triggered, &mut cjk);
    out
}

/// Whether the character written at `k` is a halfwidth katakana standing
/// alone between fullwidth CJK characters of the stretch.
fn lone_halfwidth(s: &Stretch, k: usize) -> bool {
    let halfwidth = |c: char| ('\u{FF61}'..='\u{FF9F}').contains(&c);
    let at = |k: usize| s.written.get(k).copied();
    if s.kana_at.contains(&k) {
        return true;
    }
    at(k).is_some_and(halfwidth)
        && k > 0
        && at(k - 1).is_some_and(|c| is_cjk(c) && !halfwidth(c))
        && at(k + 1).is_some_and(|c| is_cjk(c) && !halfwidth(c))
}

/// The halfwidth katakana that NFKC folds to `c`, if any.
fn half_katakana(c: char) -> Option<char> {
    use unicode_normalization::UnicodeNormalization;
    ('\u{FF66}'..='\u{FF9D}').find(|&h| {
        let mut f = std::iter::once(h).nfkc();
        f.next() == Some(c) && f.next().is_none()
    })
}

/// Katakana, fullwidth or halfwidth.
fn is_katakana(c: char) -> bool {
    ('\u{30A0}'..='\u{30FF}').contains(&c) || ('\u{FF66}'..='\u{FF9F}').contains(&c)
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
    // paired_end[q]: whether the decoding from q reads the last byte as the
    // trail of a pair (the glued ASCII byte taken back into its character).
    let mut paired_end = vec![false; n + 1];
    // The character after the stretch, whose transition from the last
    // character read counts too.
    let after = text[s.end..].chars().next();
    suffix[n] = cost(after);
    first[n] = (after, cost(after));
    let total = s.total + cost_after(s.written.last().copied(), after);
    for q in (0..n).rev() {
        if let Some((c, next)) = step(legacy, bytes, q) {
            if next <= n && suffix[next] < INF {
                let rest = suffix[next] - first[next].1 + cost_after(c, first[next].0);
                // A character whose trail was lost: priced by its lead.
                let own = match (c, bytes[q]) {
                    (None, Some(lead)) => lost_bits(legacy, lead, true),
                    _ => cost(c),
                };
                suffix[q] = own + rest;
                paired_end[q] = if next == n {
                    next - q == 2
                } else {
                    paired_end[next]
                };
                count[q] = 1 + count[next];
                first[q] = (c, own);
            }
        }
    }
    // Every one-byte shift makes the character written at some k lose a byte
    // (the lost byte was its lead before a known trail, or its trail after a
    // known lead: either way the known byte bytes[at] is in it), and the
    // text from at + 1 on is read in phase.
    // last_lost: the offset of the last unknown byte, if any.
    let last_lost = bytes.iter().rposition(Option::is_none);
    let mut best: Option<(u32, u32, u32, usize)> = None;
    for (k, w) in s.chars.iter().enumerate() {
        if w.at + 1 > n || suffix[w.at + 1] >= INF {
            continue;
        }
        if bytes[w.at].is_some_and(|b| b < 0x40) {
            continue;
        }
        // The character that lost a byte: only bytes[at] is known, as its
        // trail or its lead.
        let Some(b) = bytes[w.at] else {
            continue;
        };
        let lost = lost_bits(legacy, b, false).min(lost_bits(legacy, b, true));
        let mut bits = w.before + lost + suffix[w.at + 1];
        let explains_lost = last_lost.is_some_and(|l| l > w.at);
        let glued_shift = s.glued && (paired_end[w.at + 1] || w.at + 1 == n);
        let lone_kana = (k..s.chars.len()).any(|j| lone_halfwidth(s, j));
        if !explains_lost && !glued_shift && !lone_halfwidth(s, k) {
            // On frequencies alone, the lost character is also priced in
            // context: the best single candidate with the known byte, with
            // its transitions from the character before and to the one after
            // (a candidate that forms known pairs on both sides is likelier
            // than the average of the row). Not where the evidence is a
            // U+FFFD, a glued ASCII letter or a lone halfwidth katakana: with
            // about a hundred candidates per byte, one nearly always fits
            // between two characters, and clean text glues letters (`C類`,
            // `K、M、G`) often enough for that to rewrite it.
            let prev = k.checked_sub(1).map(|j| s.written[j]);
            let (next_c, next_own) = first[w.at + 1];
            let rest = suffix[w.at + 1] - next_own;
            for &(c, cb) in candidates(legacy, b) {
                if w.before + cb.saturating_sub(SEEN_PAIR_BITS) + rest >= bits {
                    break;
                }
                let v = w.before
                    + cost_after(prev, Some(c))
                    + rest
                    + next_c.map_or(next_own, |nc| cost_after(Some(c), Some(nc)));
                bits = bits.min(v);
            }
        }
        // The margin it must win by. Without a U+FFFD in the text it
        // rewrites, on frequencies alone: MARGIN_BITS. With one (clean text
        // holds none; the shift explains it as a lead byte left without its
        // trail): LOST_MARGIN_BITS, or PAIR_MARGIN_BITS when the shift
        // rewrites nothing but the two lost characters (`X�` → `��`, which
        // any X next to a U+FFFD would invite).
        let decoded = count[w.at + 1] - u32::from(last_lost.is_some_and(|l| l > w.at));
        let margin = match last_lost {
            Some(l) if l > w.at => {
                if decoded == 0 {
                    PAIR_MARGIN_BITS
                } else {
                    LOST_MARGIN_BITS
                }
            }
            // A glued ASCII character that the shift takes back as a trail
            // byte (or that was itself the trail of the lost character) is
            // evidence like a U+FFFD.
            _ if glued_shift => LOST_MARGIN_BITS,
            // A lone halfwidth katakana among fullwidth text (or a fullwidth
            // one that NFKC widened from halfwidth) in the text the shift
            // rewrites: a Shift_JIS trail byte read alone, as evidence as a
            // glued ASCII letter.
            _ if lone_kana => LOST_MARGIN_BITS,
            _ => MARGIN_BITS,
        };
        // Among near ties, the earlier shift: a run of shifted characters
        // starts where the byte was lost, and its first characters may look
        // plausible by chance (`映射` read as `由渌`).
        let rank = bits + margin + SHIFT_LATER_BITS * (k as u32);
        if best.map_or(true, |(r, _, _, _)| rank < r) {
            best = Some((rank, bits + margin, bits, k));
        }
    }
    let (_, score, bits, k) = best?;
    let w = s.chars[k];
    if score >= total {
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
        gain: total - bits,
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
    if !may_act(text) {
        return Cow::Borrowed(text);
    }
    // The best repair per stretch and encoding; where stretches of several
    // encodings overlap, the larger gain wins.
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // Trigger flags per character: a trigger, or an ASCII letter or digit
    // glued between CJK characters.
    let triggers: Vec<bool> = (0..chars.len())
        .map(|k| {
            let c = chars[k].1;
            is_trigger(c)
                || (is_trail_ascii(c)
                    && k > 0
                    && is_cjk(chars[k - 1].1)
                    && chars.get(k + 1).is_some_and(|&(_, n)| is_cjk(n)))
        })
        .collect();
    // NFKC-folded text is tried only where ASCII punctuation touches CJK.
    let folded_ascii =
        (1..chars.len()).any(|k| chars[k - 1].1.is_ascii_punctuation() && is_cjk(chars[k].1));
    // A fullwidth katakana alone between other CJK characters: perhaps a
    // halfwidth one that NFKC widened.
    let lone_kana = chars.windows(3).any(|w| {
        is_katakana(w[1].1)
            && is_cjk(w[0].1)
            && !is_katakana(w[0].1)
            && is_cjk(w[2].1)
            && !is_katakana(w[2].1)
    });
    let mut repairs: Vec<Repair> = Vec::new();
    for legacy in ENCODINGS {
        for nfkc in [false, true] {
            if nfkc && !folded_ascii && !(legacy == Legacy::ShiftJis && lone_kana) {
                continue;
            }
            for s in stretches(&chars, &triggers, legacy, nfkc) {
                repairs.extend(best_shift(text, legacy, &s));
            }
        }
    }
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
