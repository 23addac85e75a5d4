//! OpenCC's two loops, `Conversion::AppendConverted` and
//! `MaxMatchSegmentation::Segment`, over a flat [`Matcher`].
//!
//! Both walk the text left to right. At each position: the longest dictionary
//! key that is a prefix of the (rest of the) text wins; with no match, a
//! complete ideographic description sequence is taken as one unit, otherwise
//! one character.
//!
//! With `FINAL = false` the loops stop at the first position whose decision
//! could still change with more input (the trie walk ran off the end of the
//! input, or an IDS is incomplete) and return the number of bytes decided.
//! The decisions made up to there are exactly those of a run over any longer
//! input, which is what makes streaming exact.

use crate::ids::{self, Ids};
use crate::trie::{decode, Matcher, IDENTITY, NO_VALUE};

/// Code point ranges (inclusive) holding every key of the normalization
/// dictionary, to fuse the normalization check into the conversion scan.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Guard {
    pub ranges: [(u32, u32); 2],
}

/// A guard that never fires.
pub(crate) const NO_GUARD: Guard = Guard {
    ranges: [(u32::MAX, 0), (u32::MAX, 0)],
};

impl Guard {
    #[inline(always)]
    fn hits(&self, cp: u32) -> bool {
        let [(a, b), (c, d)] = self.ranges;
        (cp >= a && cp <= b) || (cp >= c && cp <= d)
    }
}

/// Returned by [`scan_guarded`] when it met a char in the guard's ranges.
pub(crate) const ABORTED: usize = usize::MAX;

/// Scans `text` as one segment. Calls `replace(start, end, value)` for every
/// match whose value differs from the matched text (`value` is packed, see
/// [`Matcher::append_value`]); everything else stays.
/// Returns the number of bytes decided (`text.len()` when `FINAL`).
///
/// With a guard other than [`NO_GUARD`], returns [`ABORTED`] when a char the
/// scan steps over unmatched lies in the guard's ranges. Every char of the
/// text is either such a step, inside an ASCII run, inside a copied IDS
/// (checked too), or inside a matched key: so when no key contains a guarded
/// char, no guarded char passes unseen.
#[inline(always)]
pub(crate) fn scan_guarded<const FINAL: bool, F>(
    m: &Matcher,
    text: &str,
    guard: Guard,
    mut replace: F,
) -> usize
where
    F: FnMut(usize, usize, u64),
{
    let b = text.as_bytes();
    let n = b.len();
    let mut p = 0;
    let ascii_tail = m.ascii_run_tail();
    // End of the ASCII run last measured (runs are measured once, not at each byte).
    let mut run_end = 0;
    while p < n {
        let (cp, l, code) = {
            let c0 = b[p];
            if c0 < 0x80 {
                if let Some(tail) = ascii_tail {
                    // Inside an ASCII run only its last `tail` bytes can start a
                    // match (keys are not all-ASCII): jump there.
                    if p >= run_end {
                        run_end = ascii_run_end(b, p);
                    }
                    let end = run_end;
                    if end - p > tail + 1 {
                        p = end - tail;
                        continue;
                    }
                }
                if !m.ascii_starts_key(c0) {
                    p += 1;
                    continue;
                }
            }
            let (cp, l) = decode(b, p);
            (cp, l, m.code(cp))
        };
        let hit = m.longest_at_code(b, p, l, code);
        if !FINAL && hit.open {
            return p;
        }
        if hit.value != NO_VALUE {
            if hit.value & IDENTITY == 0 {
                replace(p, hit.end, hit.value);
            }
            p = hit.end;
            continue;
        }
        if guard.hits(cp) {
            return ABORTED;
        }
        if ids::is_operator(cp) {
            match ids::parse(&b[p..]) {
                Ids::Complete(len) => {
                    if text[p..p + len].chars().any(|c| guard.hits(c as u32)) {
                        return ABORTED;
                    }
                    p += len;
                    continue;
                }
                Ids::Incomplete if !FINAL => return p,
                _ => {}
            }
        }
        p += l;
    }
    n
}

/// End of the run of ASCII bytes starting at `p` (first non-ASCII byte or `b.len()`).
#[inline]
fn ascii_run_end(b: &[u8], mut p: usize) -> usize {
    while p + 8 <= b.len() {
        let w = u64::from_le_bytes(b[p..p + 8].try_into().unwrap());
        let high = w & 0x8080_8080_8080_8080;
        if high != 0 {
            return p + (high.trailing_zeros() / 8) as usize;
        }
        p += 8;
    }
    while p < b.len() && b[p] < 0x80 {
        p += 1;
    }
    p
}

/// Appends `b[start..end]` to `out`. Short stretches (the gaps between
/// replacements) are copied as one fixed 16-byte move when `b` has 16 bytes
/// from `start`: no branching on the length.
#[inline(always)]
fn append_gap(out: &mut Vec<u8>, b: &[u8], start: usize, end: usize) {
    let n = end - start;
    if n <= 16 && start + 16 <= b.len() {
        out.reserve(16);
        // SAFETY: b[start..start + 16] is in bounds (checked), `out` has 16
        // bytes of room; only the first n (<= 16) are committed.
        unsafe {
            let dst = out.as_mut_ptr().add(out.len());
            std::ptr::copy_nonoverlapping(b.as_ptr().add(start), dst, 16);
            out.set_len(out.len() + n);
        }
    } else {
        append(out, &b[start..end]);
    }
}

/// [`append_gap`] then the packed value `v` of `m`, with one capacity check
/// for both in the common case.
#[inline(always)]
fn append_gap_value(out: &mut Vec<u8>, b: &[u8], start: usize, end: usize, m: &Matcher, v: u64) {
    let n = end - start;
    let len = ((v >> 32) & 0xFF) as usize;
    if n <= 16 && start + 16 <= b.len() && len <= 4 {
        out.reserve(20);
        // SAFETY: b[start..start + 16] is in bounds (checked) and `out` has
        // 20 bytes of room: 16 for the gap (n committed), then 4 for the
        // value (len <= 4 committed, its UTF-8 bytes).
        unsafe {
            let dst = out.as_mut_ptr().add(out.len());
            std::ptr::copy_nonoverlapping(b.as_ptr().add(start), dst, 16);
            std::ptr::write_unaligned(dst.add(n) as *mut [u8; 4], (v as u32).to_le_bytes());
            out.set_len(out.len() + n + len);
        }
    } else {
        append_gap(out, b, start, end);
        m.append_value(v, out);
    }
}

/// Appends `src` to `out`; short copies (the common case: one char or a short
/// phrase) use fixed-size moves instead of a `memcpy` call.
#[inline(always)]
fn append(out: &mut Vec<u8>, src: &[u8]) {
    let n = src.len();
    if n > 16 {
        out.extend_from_slice(src);
        return;
    }
    out.reserve(16);
    // SAFETY: `out` has room for 16 more bytes and n <= 16; every copy below
    // reads inside `src` (offsets computed from n) and writes inside
    // out[len..len + n]; the two halves may overlap each other, which is fine
    // for writes of the same bytes.
    unsafe {
        let dst = out.as_mut_ptr().add(out.len());
        let s = src.as_ptr();
        if n >= 8 {
            std::ptr::copy_nonoverlapping(s, dst, 8);
            std::ptr::copy_nonoverlapping(s.add(n - 8), dst.add(n - 8), 8);
        } else if n >= 4 {
            std::ptr::copy_nonoverlapping(s, dst, 4);
            std::ptr::copy_nonoverlapping(s.add(n - 4), dst.add(n - 4), 4);
        } else if n >= 2 {
            std::ptr::copy_nonoverlapping(s, dst, 2);
            std::ptr::copy_nonoverlapping(s.add(n - 2), dst.add(n - 2), 2);
        } else if n == 1 {
            *dst = *s;
        }
        out.set_len(out.len() + n);
    }
}

/// How [`emit`] ended.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Emitted {
    /// Reached the end of the text; whether some match changed its text.
    Done(bool),
    /// The guard fired (see [`scan_guarded`]).
    Aborted,
    /// `WRITE = false` only: the first match that changes its text starts here.
    FirstChange(usize),
}

/// The final (whole-input) form of [`scan_guarded`], writing the output of
/// every position as it goes (the value of a match, identity or not; the
/// char itself otherwise) instead of copying the gaps between replacements:
/// no branch on whether a match changes anything.
///
/// With `WRITE = false` nothing is written and the scan stops at the first
/// changing match ([`Emitted::FirstChange`]). Starts at `p0`, a position the
/// scan from 0 reaches (0, or a `FirstChange` position).
#[inline(always)]
fn emit<const WRITE: bool>(
    m: &Matcher,
    text: &str,
    p0: usize,
    guard: Guard,
    o: &mut Vec<u8>,
) -> Emitted {
    // Whether some key has an IDS operator (never in OpenCC's data): then
    // its code does not tell it apart and the scan checks the code point.
    if m.ids_coded() {
        emit_impl::<WRITE, true>(m, text, p0, guard, o)
    } else {
        emit_impl::<WRITE, false>(m, text, p0, guard, o)
    }
}

/// [`emit`] for matchers where some key has an IDS operator (`IDS_CODED`) or none.
#[inline(always)]
fn emit_impl<const WRITE: bool, const IDS_CODED: bool>(
    m: &Matcher,
    text: &str,
    p0: usize,
    guard: Guard,
    o: &mut Vec<u8>,
) -> Emitted {
    let b = text.as_bytes();
    let n = b.len();
    let mut p = p0;
    let mut changed = false;
    let ascii_tail = m.ascii_run_tail();
    let mut run_end = 0;
    if WRITE {
        o.reserve(n - p0 + (n - p0) / 8 + 16);
    }
    let marked = m.marked_code();
    // The char at `peek_pos` as the previous walk decoded it (non-ASCII).
    let mut peek_pos = usize::MAX;
    let mut peek = (0, 0, 0);
    while p < n {
        let (cp, l, code) = if p == peek_pos {
            (peek.0, peek.1 as usize, peek.2)
        } else {
            let c0 = b[p];
            if c0 < 0x80 {
                if let Some(tail) = ascii_tail {
                    if p >= run_end {
                        run_end = ascii_run_end(b, p);
                    }
                    let end = run_end;
                    if end - p > tail + 1 {
                        if WRITE {
                            append(o, &b[p..end - tail]);
                        }
                        p = end - tail;
                        continue;
                    }
                }
                if !m.ascii_starts_key(c0) {
                    if WRITE {
                        o.push(c0);
                    }
                    p += 1;
                    continue;
                }
            }
            let (cp, l) = decode(b, p);
            (cp, l, m.code(cp))
        };
        let hit = m.longest_at_code(b, p, l, code);
        // Valid for the next position when it is `p + l` (no longer match).
        peek_pos = if hit.peek.0 >= 0x80 {
            p + l
        } else {
            usize::MAX
        };
        peek = hit.peek;
        let unmatched = hit.value == NO_VALUE;
        // One branch, never taken in ordinary text, for the unmatched chars
        // that need care (the guard's chars, IDS operators, the last 3
        // bytes); the other unmatched chars are written like a value: their
        // own bytes. IDS operators and normalization keys that occur in no
        // key have the matcher's marked code (and a guard is only used when
        // no key has a normalization key char; other chars in its ranges
        // are not changed by normalization and need no care).
        let special = (code == marked) | (p + 4 > n) | (IDS_CODED && ids::is_operator(cp));
        if unmatched & special {
            if guard.hits(cp) {
                return Emitted::Aborted;
            }
            let mut len = l;
            if ids::is_operator(cp) {
                if let Ids::Complete(k) = ids::parse(&b[p..]) {
                    if text[p..p + k].chars().any(|c| guard.hits(c as u32)) {
                        return Emitted::Aborted;
                    }
                    len = k;
                }
            }
            if WRITE {
                append(o, &b[p..p + len]);
            }
            p += len;
            continue;
        }
        if WRITE {
            // The char's own bytes, read as a word: p + 4 <= n when
            // unmatched (not `special`); a match in the last 3 bytes takes
            // its value and masks `own` out, so no word is read there
            // (reading past the end, even to discard it, is out of bounds:
            // found by the `stream` fuzz target).
            let word = match b.get(p..p + 4) {
                Some(w) => u32::from_le_bytes([w[0], w[1], w[2], w[3]]),
                None => 0,
            };
            let own = ((l as u64) << 32) | word as u64;
            // Selected by masking: which side wins is hard to predict.
            let mask = (unmatched as u64).wrapping_neg();
            let v = (own & mask) | (hit.value & !mask);
            changed |= v & IDENTITY == 0;
            m.append_value(v, o);
        } else if !unmatched && hit.value & IDENTITY == 0 {
            return Emitted::FirstChange(p);
        }
        // An unmatched char has `hit.end == p`; a match ends past `p + l`.
        p = hit.end.max(p + l);
    }
    Emitted::Done(changed)
}

/// Converts `text` as one segment, appending to `out`. Returns bytes decided.
#[inline]
pub(crate) fn convert_into<const FINAL: bool>(m: &Matcher, text: &str, out: &mut String) -> usize {
    convert_into_guarded::<FINAL>(m, text, out, NO_GUARD)
}

/// [`convert_into`] with a guard (see [`scan_guarded`]): returns [`ABORTED`]
/// (with `out` as it was) when the guard fired.
#[inline]
pub(crate) fn convert_into_guarded<const FINAL: bool>(
    m: &Matcher,
    text: &str,
    out: &mut String,
    guard: Guard,
) -> usize {
    let start = out.len();
    // SAFETY: only whole chars of `text` (at char boundaries) and whole
    // dictionary values are appended, so `out` stays valid UTF-8; on abort it
    // is truncated back to its old (valid) length.
    let o = unsafe { out.as_mut_vec() };
    if FINAL {
        return match emit::<true>(m, text, 0, guard, o) {
            Emitted::Done(_) => text.len(),
            _ => {
                o.truncate(start);
                ABORTED
            }
        };
    }
    let b = text.as_bytes();
    o.reserve(text.len() + text.len() / 8);
    let mut copied = 0;
    let done = scan_guarded::<FINAL, _>(m, text, guard, |s, e, v| {
        append_gap_value(o, b, copied, s, m, v);
        copied = e;
    });
    if done == ABORTED {
        o.truncate(start);
        return ABORTED;
    }
    append(o, &b[copied..done]);
    done
}

/// Converts `text` as one segment; `None` when nothing changes.
pub(crate) fn convert_lazy(m: &Matcher, text: &str) -> Option<String> {
    convert_lazy_guarded(m, text, NO_GUARD).unwrap_or(None)
}

/// [`convert_lazy`] with a guard (see [`scan_guarded`]): `None` when it aborted.
pub(crate) fn convert_lazy_guarded(
    m: &Matcher,
    text: &str,
    guard: Guard,
) -> Option<Option<String>> {
    let mut o: Vec<u8> = Vec::new();
    // Scan without writing up to the first change; nothing to allocate when
    // there is none.
    let first = match emit::<false>(m, text, 0, guard, &mut o) {
        Emitted::Aborted => return None,
        Emitted::Done(_) => return Some(None),
        Emitted::FirstChange(p) => p,
    };
    o.reserve(text.len() + text.len() / 8 + 16);
    o.extend_from_slice(&text.as_bytes()[..first]);
    match emit::<true>(m, text, first, guard, &mut o) {
        // SAFETY: whole chars of `text` and whole dictionary values only.
        Emitted::Done(_) => Some(Some(unsafe { String::from_utf8_unchecked(o) })),
        _ => None,
    }
}

/// Receives the segments found by [`segment`].
pub(crate) trait SegSink {
    /// More text of the current unmatched run (`start..end` of the scanned text).
    fn run_text(&mut self, start: usize, end: usize);
    /// The current unmatched run ends here.
    fn run_end(&mut self);
    /// A dictionary-matched segment `start..end`.
    fn matched(&mut self, start: usize, end: usize);
}

/// `MaxMatchSegmentation::Segment`: every longest dictionary match is a
/// segment of its own; the characters between matches form one segment.
///
/// `in_run`: an unmatched run from earlier input is still open (streaming).
/// A run open when a non-final scan stops is reported with `run_text` only
/// (it continues with the next input). Returns the bytes decided and whether
/// a run is still open.
pub(crate) fn segment<const FINAL: bool, S: SegSink>(
    seg: &Matcher,
    text: &str,
    mut in_run: bool,
    sink: &mut S,
) -> (usize, bool) {
    let b = text.as_bytes();
    let n = b.len();
    let mut p = 0;
    let mut run_start = 0;
    while p < n {
        let c0 = b[p];
        if c0 < 0x80 && !seg.ascii_starts_key(c0) {
            in_run = true;
            p += 1;
            continue;
        }
        let (cp, l) = decode(b, p);
        let hit = seg.longest_at(b, p, cp, l);
        if !FINAL && hit.open {
            break;
        }
        if hit.value != NO_VALUE {
            if in_run {
                if run_start < p {
                    sink.run_text(run_start, p);
                }
                sink.run_end();
                in_run = false;
            }
            sink.matched(p, hit.end);
            p = hit.end;
            run_start = p;
            continue;
        }
        in_run = true;
        if ids::is_operator(cp) {
            match ids::parse(&b[p..]) {
                Ids::Complete(len) => {
                    p += len;
                    continue;
                }
                Ids::Incomplete if !FINAL => break,
                _ => {}
            }
        }
        p += l;
    }
    if in_run && run_start < p {
        sink.run_text(run_start, p);
    }
    if FINAL && in_run {
        sink.run_end();
        in_run = false;
    }
    (p, in_run)
}

/// Runs a segment through every stage of a conversion chain (each stage
/// converts the previous stage's output of this segment), appending to `out`.
pub(crate) fn convert_chain(
    chain: &[std::sync::Arc<Matcher>],
    text: &str,
    out: &mut String,
    bufs: &mut [String; 2],
) {
    match chain.len() {
        0 => out.push_str(text),
        1 => {
            convert_into::<true>(&chain[0], text, out);
        }
        k => {
            let [a, b] = bufs;
            a.clear();
            convert_into::<true>(&chain[0], text, a);
            for m in &chain[1..k - 1] {
                b.clear();
                convert_into::<true>(m, a, b);
                std::mem::swap(a, b);
            }
            convert_into::<true>(&chain[k - 1], a, out);
        }
    }
}

/// Whole-text conversion of a segmented config.
pub(crate) struct WholeSegSink<'a> {
    pub text: &'a str,
    pub chain: &'a [std::sync::Arc<Matcher>],
    pub out: &'a mut String,
    pub run: Option<(usize, usize)>,
    pub bufs: [String; 2],
}

impl SegSink for WholeSegSink<'_> {
    fn run_text(&mut self, start: usize, end: usize) {
        self.run = Some(match self.run {
            Some((s, _)) => (s, end),
            None => (start, end),
        });
    }

    fn run_end(&mut self) {
        if let Some((s, e)) = self.run.take() {
            convert_chain(self.chain, &self.text[s..e], self.out, &mut self.bufs);
        }
    }

    fn matched(&mut self, start: usize, end: usize) {
        convert_chain(self.chain, &self.text[start..end], self.out, &mut self.bufs);
    }
}
