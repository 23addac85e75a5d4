//! The `display` and `corpus` presets' CJK passes fused into one loop over
//! a segment (issues 5 and 7, throughput).
//!
//! [`fuse_into`] gives what the sequential pipeline's CJK passes give for a
//! segment whose every character the context-free passes (halfwidth kana,
//! fullwidth letters and digits, Kangxi radicals, vertical forms, spaces),
//! the single-character fixers and NFC leave alone, each on its own: then
//! only `punctuation_width` and `remove_punct_spaces` can act, and their
//! rules are applied here in one left-to-right loop, from the passes' own
//! verdict functions (`punct::widen_to`, `punct::space_run_goes`). Anything
//! else (a character the table does not mark as kept, a fullwidth mark in a
//! line without CJ and Hangul, which may narrow, astral characters) returns
//! `false` and the Fixer runs the sequential pipeline, so correctness never
//! depends on coverage.
//!
//! The confirming round is not needed for the passes: `punctuation_width`
//! and `remove_punct_spaces` are idempotent and `remove_punct_spaces` keeps
//! `punctuation_width` done (`Op::idempotent`, `Op::keeps_clean`), so the
//! sequential pipeline does not run them again either; the written marks
//! are kept characters of the table (checked when it is built), so the
//! context-free passes, NFC and the single-character fixers leave the
//! result alone. What remains, the encoding repairs and the web-scrape
//! repairs on the segment and on the result, is the Fixer's check
//! (`Fixer::display_fast_into`), from the dirty ranges and repair starts
//! recorded here ([`Changes`]).
//!
//! Tests: `tests/display_fast.rs` (every clean and bench line and whole
//! file, and proptests) compare with the sequential pipeline.

use std::sync::OnceLock;

use super::classes::{is_cj, is_hangul};
use super::index_fast::{mark, word_at, Changes};
use super::punct::{
    at_line_end, effective_locale, fullwidth_of, fullwidth_punct_at, mark_run, skip_dots,
    space_run_goes, widen_to, Spans,
};

/// An ASCII byte copied as it is.
const PLAIN: u8 = 1;
/// An ASCII byte with a rule here: a space, `,.:;!?`.
const RULE: u8 = 2;

/// One bit per BMP code point (a fixed size: indexing it with the bits of
/// a three-byte sequence needs no bounds check).
type Bits = Box<[u64; 1024]>;

/// [`Table::pair`]: [`plain_run`] stops at the character in mode 0 (it is
/// neither in `plain[0]` nor a [`P_START`]).
const P_STOP0: u32 = 1 << 31;
/// [`Table::pair`]: the same in mode 1 (`plain[1]`).
const P_STOP1: u32 = 1 << 30;
/// [`Table::pair`]: a kept character in `other` (both modes) where an
/// encoding repair's test can start, no site, and the test there is the
/// CJK pair test and nothing else ([`crate::Fixer::index_pair_only`]);
/// its masks in the low bits ([`P_MASKS`]). The entry shifted left by
/// [`P_FOLLOW_SHIFT`] is what [`plain_run`] keeps of it for the next
/// character: the masks where that one's `P_FOLLOW` is, and this bit
/// where no entry has one (bits 16 to 31 of an entry are `P_FOLLOW`,
/// [`P_STOP1`] and [`P_STOP0`]), so that one AND tells whether they meet.
const P_START: u32 = 1 << 12;
/// [`Table::pair`]: the masks of a [`P_START`] character
/// (`cjk::pair_only_masks`).
const P_MASKS: u32 = 0x1FF;
/// Among [`P_MASKS`], `two_byte_utf8`'s encodings (`T` of
/// `cjk::pair_only_masks`'s `L | T << 5`). A [`P_START`] character without
/// them has the lead pair test alone, which needs a character from U+0080
/// after it: followed by ASCII, or by nothing, it has no trigger
/// (`tests::starts_without_two_byte_masks_need_a_non_ascii_next`).
const P_TWO_BYTE: u32 = 0xF << 5;
/// [`Table::pair`]: the character's `cjk::follow_masks`, which a
/// [`P_START`] character's masks must meet, shifted.
const P_FOLLOW: u32 = P_MASKS << P_FOLLOW_SHIFT;
const P_FOLLOW_SHIFT: u32 = 16;
// The fields of an entry apart, and `P_START` shifted meets none of them.
const _: () = assert!(
    P_FOLLOW & (P_STOP0 | P_STOP1 | P_START << P_FOLLOW_SHIFT) == 0
        && (P_STOP0 | P_STOP1) & P_START << P_FOLLOW_SHIFT == 0
        && P_MASKS & P_START == 0
        && (P_MASKS | P_START) >> P_FOLLOW_SHIFT == 0
);

/// The per-preset tables, built once from the sequential pipeline itself.
pub(crate) struct Table {
    /// Per ASCII byte: [`PLAIN`], [`RULE`] or 0 (slow).
    ascii: [u8; 128],
    /// Per BMP code point, one bit each (word `cp >> 6`, bit `cp & 63`, so
    /// that a three-byte sequence indexes the word with its first two bytes
    /// and the bit with its last): kept, no encoding repair's test starts
    /// there. `[0]` before the line is known to hold CJ or Hangul, `[1]`
    /// after (with the fullwidth marks `punctuation_width` narrows only in
    /// lines without them).
    plain: [Bits; 2],
    /// The same for the other kept characters: where an encoding repair's
    /// test can start (`start`: the loop asks the Fixer there) or, in
    /// `corpus`, a web-scrape repair's pre-check could fire (`site`).
    other: [Bits; 2],
    /// Per BMP code point, for the loop over three-byte characters
    /// ([`plain_run`]): [`P_STOP0`], [`P_STOP1`] where it stops in each
    /// mode (neither in `plain` nor a start it may pass), [`P_START`] with
    /// its masks, and the character's masks as the next one
    /// ([`P_FOLLOW`]). A `P_START` character followed by a three-byte
    /// character the loop passes and whose masks it does not meet has no
    /// trigger there, in the segment nor in the result: the loop changes
    /// no character from U+0080 (it writes marks for ASCII ones and removes
    /// spaces), so the same character follows it there. The loop passes
    /// both without asking the Fixer or noting a start. Indexed by
    /// [`pair_slot`] (what [`pair_index`] makes of the character's bytes).
    pair: Box<[u32; 0x10000]>,
    /// Kept characters where an encoding repair's test can start.
    start: Bits,
    /// `corpus`: `double_byte_resync`'s trigger characters, and `（`
    /// (`inline_pinyin` looks at the character before): noted as sites.
    site: Bits,
    /// Whether an encoding repair's test can start at a mark the loop
    /// writes.
    marks_start: bool,
    /// Whether the loop may run at all: every mark it writes is kept alone,
    /// and the bytes its word loop copies ([`word_plain`]) are [`PLAIN`].
    usable: bool,
}

/// The fullwidth marks `punctuation_width` narrows in lines without CJ and
/// Hangul (`，．：；！？`).
fn narrowable(c: char) -> bool {
    matches!(c, '，' | '．' | '：' | '；' | '！' | '？')
}

/// Characters whose passes act in context the loop does not model, or
/// which the table must not judge alone.
fn never_plain(c: char) -> bool {
    super::classes::joins_neighbours(c)
        || (c.is_whitespace() && c != ' ' && c != '\t' && c != '\n')
        || (c.is_control() && c != '\t' && c != '\n')
}

/// The table for `Config::display()` (`corpus` false) or
/// `Config::corpus()`.
pub(crate) fn table(corpus: bool) -> &'static Table {
    static TABLES: [OnceLock<Table>; 2] = [OnceLock::new(), OnceLock::new()];
    TABLES[usize::from(corpus)].get_or_init(|| {
        let config = if corpus {
            crate::Config::corpus()
        } else {
            crate::Config::display()
        };
        build(&crate::Fixer::new(config).sequential())
    })
}

fn build(fixer: &crate::Fixer) -> Table {
    // Kept alone by the whole sequential pipeline, no single-character
    // fixer's trigger, inert under the normalization; and whether an
    // encoding repair's test can start there.
    let kept = |c: char| -> Option<bool> {
        let (start, trigger) = fixer.index_triggers(c);
        let s = c.to_string();
        (!never_plain(c) && !trigger && !fixer.not_inert(c) && fixer.fix(&s) == s).then_some(start)
    };
    let mut ascii = [0u8; 128];
    for b in 0..128u8 {
        let c = char::from(b);
        if kept(c).is_some() {
            ascii[usize::from(b)] = if matches!(c, ' ' | ',' | '.' | ':' | ';' | '!' | '?') {
                RULE
            } else {
                PLAIN
            };
        }
    }
    let empty = || -> Bits { Box::new([0u64; 1024]) };
    let mut plain = [empty(), empty()];
    let mut other = [empty(), empty()];
    let mut starts = empty();
    let mut sites = empty();
    let mut pair: Box<[u32; 0x10000]> = vec![P_STOP0 | P_STOP1; 0x10000]
        .into_boxed_slice()
        .try_into()
        .expect("0x10000 entries");
    for cp in 0x80..0x10000u32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        let x = &mut pair[pair_slot(cp as usize)];
        *x |= u32::from(crate::mojibake::cjk::follow_masks(c)) << P_FOLLOW_SHIFT;
        let Some(start) = kept(c) else {
            continue;
        };
        let (w, bit) = ((cp >> 6) as usize, 1 << (cp & 63));
        let site = c == '（' && fixer.config().inline_pinyin || fixer.resync_trigger_char(c);
        if start {
            starts[w] |= bit;
        }
        if site {
            sites[w] |= bit;
        }
        let sets = if start || site {
            &mut other
        } else {
            &mut plain
        };
        sets[1][w] |= bit;
        if !narrowable(c) {
            sets[0][w] |= bit;
        }
        if !(start || site) {
            *x &= if narrowable(c) {
                !P_STOP1
            } else {
                !(P_STOP0 | P_STOP1)
            };
        } else if start && !site && !narrowable(c) {
            if let Some(m) = fixer.index_pair_only(c) {
                *x &= !(P_STOP0 | P_STOP1);
                *x |= P_START | u32::from(m) & P_MASKS;
            }
        }
    }
    let marks = "，、。：；！？";
    // The loop treats `&` as a plain byte and never sets `Changes::amp`:
    // sound only for a configuration that never unescapes HTML.
    let usable = fixer.config().unescape_html == crate::HtmlMode::Never
        && marks.chars().all(|c| kept(c).is_some())
        && [' ', ',', '.', ':', ';', '!', '?'].map(|c| ascii[c as usize]) == [RULE; 7]
        && (0..0x80u8).all(|b| !word_plain(b) || ascii[usize::from(b)] == PLAIN);
    let marks_start = marks.chars().any(|c| kept(c) == Some(true));
    Table {
        ascii,
        plain,
        other,
        pair,
        start: starts,
        site: sites,
        marks_start,
        usable,
    }
}

/// Where the BMP character whose UTF-8 starts with `b0 b1 b2` is in a
/// [`Bits`] map: the word from the first two bytes, the bit from the third;
/// `None` unless `b0` leads a three-byte sequence (of valid UTF-8).
#[inline]
fn bmp_bits(b0: u8, b1: u8, b2: u8) -> Option<(usize, u8)> {
    (b0 & 0xF0 == 0xE0).then(|| {
        (
            (usize::from(b0 & 0x0F) << 6) | usize::from(b1 & 0x3F),
            b2 & 0x3F,
        )
    })
}

impl Changes {
    /// Empties the changes for the next segment (keeping the buffers).
    pub(crate) fn clear(&mut self) {
        self.dirty.clear();
        self.starts.clear();
        self.amp = false;
    }
}

/// Whether the ASCII byte `b` is copied by the word loop: printable, not
/// `,.:;!?` (the table agrees: [`Table::usable`]).
fn word_plain(b: u8) -> bool {
    (0x21..0x7F).contains(&b) && !matches!(b, b',' | b'.' | b':' | b';' | b'!' | b'?')
}

/// How many of the first bytes of `w` (little-endian: the text's order)
/// are [`word_plain`], 8 when all are. Bit tricks: a borrow can flag a
/// byte after one that matches, never before, so the lowest flagged byte is
/// exact.
fn plain_len(w: u64) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let flagged = w & HIGH
        | w.wrapping_sub(ONES * 0x21) & !w & HIGH
        | zero(w ^ (ONES * 0x7F))
        | zero(w ^ (ONES * u64::from(b',')))
        | zero(w ^ (ONES * u64::from(b'.')))
        | zero(w ^ (ONES * u64::from(b':')))
        | zero(w ^ (ONES * u64::from(b';')))
        | zero(w ^ (ONES * u64::from(b'!')))
        | zero(w ^ (ONES * u64::from(b'?')));
    (flagged.trailing_zeros() / 8) as usize
}

/// Where the entry of the BMP character `cp` is in [`Table::pair`]: its
/// code point with two bits flipped, as [`pair_index`] finds it.
#[inline]
pub(super) fn pair_slot(cp: usize) -> usize {
    cp ^ 0x2080
}

/// The [`Table::pair`] index of the character whose UTF-8 starts with
/// `b0 b1 b2`, from its bytes without masks: for a lead byte of a
/// three-byte sequence (`1110xxxx`, then two `10xxxxxx`) the code point's
/// bits with bits 13 and 7 flipped (the continuation bytes' leading 1s,
/// [`pair_slot`]); for any other first byte, whatever the next two, 0x10000
/// or more (its top four bits are not `1110`, and `b1 << 6 ^ b2` stays
/// below 0x4000), so that the bounds test of the lookup is the lead test.
#[inline(always)]
pub(super) fn pair_index(b0: u8, b1: u8, b2: u8) -> usize {
    usize::from(b0 ^ 0xE0) << 12 ^ usize::from(b1) << 6 ^ usize::from(b2)
}

/// The end of the run of three-byte characters from `j` (a character
/// boundary of `bytes`, valid UTF-8) whose [`Table::pair`] entries do not
/// hold `stop` (the mode's [`P_STOP0`] or [`P_STOP1`]): the loop over them
/// alone, with nothing else live in it (inside the loop that also handles
/// the other characters, it kept its values on the stack).
///
/// A `P_START` character passes with its pair ruled out by the next one
/// (passed as well, its masks not meeting the start's: one AND, one
/// branch, decides both ends of the run). Returns the end and, when the
/// character before it is such a start whose pair was not ruled out, its
/// entry shifted left by [`P_FOLLOW_SHIFT`] (else 0): the caller asks
/// about it. Per character: three byte loads, the index from them
/// ([`pair_index`], whose bounds test is the test for a three-byte lead),
/// the entry, one AND.
#[inline]
fn plain_run(bytes: &[u8], j: usize, pair: &[u32; 0x10000], stop: u32) -> (usize, u32) {
    let mut rest = &bytes[j..];
    // What ends the run at the next character: `stop`, and the entry of
    // the character before shifted, when it is such a start (its masks as
    // a `P_FOLLOW`, with `P_START` shifted).
    let mut pending = stop;
    // Two characters a turn while six bytes are left (one length test and
    // one step for both), then one.
    let end = |rest: &[u8], pending: u32| (bytes.len() - rest.len(), pending ^ stop);
    while let [b0, b1, b2, b3, b4, b5, tail @ ..] = rest {
        let Some(&x) = pair.get(pair_index(*b0, *b1, *b2)) else {
            return end(rest, pending);
        };
        if pending & x != 0 {
            return end(rest, pending);
        }
        // (The low half of a plain character's entry is 0.)
        pending = x << P_FOLLOW_SHIFT | stop;
        let Some(&y) = pair.get(pair_index(*b3, *b4, *b5)) else {
            return end(&rest[3..], pending);
        };
        if pending & y != 0 {
            return end(&rest[3..], pending);
        }
        pending = y << P_FOLLOW_SHIFT | stop;
        rest = tail;
    }
    while let [b0, b1, b2, tail @ ..] = rest {
        let Some(&x) = pair.get(pair_index(*b0, *b1, *b2)) else {
            break;
        };
        if pending & x != 0 {
            break;
        }
        pending = x << P_FOLLOW_SHIFT | stop;
        rest = tail;
    }
    end(rest, pending)
}

/// The [`plain_run`] `stop` of a mode.
fn stop_of(mode: usize) -> u32 {
    if mode == 0 {
        P_STOP0
    } else {
        P_STOP1
    }
}

/// Whether the space at byte `i` (> 0) of `bytes` is alone and has no
/// fullwidth mark on either side, by the bytes around it: the next one
/// (if any) neither a space nor `E3`/`EF`, the lead bytes of the marks
/// [`fullwidth_punct_at`] knows, and the one before ASCII or ending a
/// character not led by them.
#[inline(always)]
fn lone_space_kept(bytes: &[u8], i: usize) -> bool {
    let no_fw_lead = |b: u8| b != 0xE3 && b != 0xEF;
    bytes
        .get(i + 1)
        .map_or(true, |&n| n != b' ' && no_fw_lead(n))
        && (bytes[i - 1] < 0x80 || i < 3 || no_fw_lead(bytes[i - 3]))
}

/// With `corpus`, notes byte `j`, where a run of characters from U+0080
/// ends, as a site when it is one of the ASCII characters `(`, `@`–`~`
/// that a web-scrape repair's pre-check looks at after such a character
/// (see [`fuse_into`]); an ASCII character after an ASCII one never is.
#[inline(always)]
fn note_after_non_ascii(corpus: bool, bytes: &[u8], j: usize, sites: &mut Vec<usize>) {
    if corpus
        && bytes
            .get(j)
            .is_some_and(|&b| matches!(b, b'@'..=b'~' | b'('))
    {
        sites.push(j);
    }
}

/// Whether `text` holds a CJ or Hangul character (which keeps its
/// fullwidth marks from narrowing), asked at a mark at byte `j`: the
/// character before it first (most such marks follow one), then the whole
/// text.
#[inline]
fn holds_cj_or_hangul(text: &str, j: usize) -> bool {
    let cj = |c: char| is_cj(c) || is_hangul(c);
    text[..j].chars().next_back().is_some_and(cj) || text.chars().any(cj)
}

/// The last character of `out[base..]` followed by `text[copied..i]`.
#[inline]
fn last_char(out: &str, base: usize, text: &str, copied: usize, i: usize) -> Option<char> {
    if copied < i {
        text[..i].chars().next_back()
    } else {
        out[base..].chars().next_back()
    }
}

/// Appends to `out` the `display` (or `corpus`) CJK passes' result for
/// `text`, a segment; `false`, with `out` as it was, when the segment needs
/// the sequential pipeline.
///
/// `repair_at(i, cp, len)` is asked at every character `cp` (`len` bytes,
/// at byte `i` of `text`) where an encoding repair's test can start, until
/// it says it needs no more, but those the loop found to have no trigger (a
/// [`P_START`] whose pair the next character rules out: [`Table::pair`]).
/// `changes` receives where the result differs from the segment (offsets
/// from where it starts in `out`) and where repair tests can start in it,
/// but those same characters ([`Changes`]; `amp` stays false: these presets
/// do not unescape HTML).
///
/// With `corpus`, `sites` receives the byte offsets of the characters
/// (`(`, `@`–`~`) right after a character from U+0080 where a web-scrape
/// repair's pre-check could fire on the character before
/// (`inline_pinyin`: Han, then an annotation; `double_byte_resync`: CJK,
/// then a trail byte read alone, before another CJK character, ASCII that
/// is no letter or digit or the end, or a folded lowercase letter and its
/// trail: every such ASCII character is noted, and the Fixer looks closer),
/// of every `（` (noted wherever it is: more sites than needed, never
/// fewer), and of the first of `double_byte_resync`'s own trigger
/// characters that may act there (a rare one, or a katakana standing alone
/// between hiragana or Han: `resync_trigger_may_act_at`; one is enough for
/// it to run).
pub(crate) fn fuse_into(
    corpus: bool,
    text: &str,
    repair_at: impl FnMut(usize, u32, usize) -> bool,
    changes: &mut Changes,
    sites: &mut Vec<usize>,
    out: &mut String,
) -> bool {
    let base = out.len();
    sites.clear();
    if fuse(table(corpus), corpus, text, repair_at, changes, sites, out).is_ok() {
        true
    } else {
        out.truncate(base);
        false
    }
}

/// [`fuse_into`], or where it gave up (a source line, for tuning).
fn fuse(
    t: &Table,
    corpus: bool,
    text: &str,
    mut repair_at: impl FnMut(usize, u32, usize) -> bool,
    changes: &mut Changes,
    sites: &mut Vec<usize>,
    out: &mut String,
) -> Result<(), u32> {
    if !t.usable {
        return Err(line!());
    }
    changes.clear();
    let Changes { dirty, starts, .. } = changes;
    let mut repair_done = false;
    let bytes = text.as_bytes();
    let base = out.len();
    // `text[copied..i]` is unchanged so far and not yet in `out`.
    let mut copied = 0;
    // 1 once the line is known to hold CJ or Hangul.
    let mut mode = 0usize;
    let mut spans = Spans::new(text);
    let mut locale = None;
    // Whether a site for a trigger character of `double_byte_resync` is
    // noted.
    let mut resync_noted = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // (The sites after a character from U+0080 are noted where its
            // run ends: [`note_after_non_ascii`].)
            match t.ascii[usize::from(b)] {
                PLAIN => {
                    i += 1;
                    // Eight bytes at a time (the plain ones among them at
                    // once), then one at a time.
                    while i + 8 <= bytes.len() {
                        let n = plain_len(word_at(bytes, i));
                        i += n;
                        if n < 8 {
                            break;
                        }
                    }
                    if i + 8 > bytes.len() {
                        while i < bytes.len() && word_plain(bytes[i]) {
                            i += 1;
                        }
                    }
                    continue;
                }
                RULE => {}
                _ => return Err(line!()),
            }
            if b == b' ' {
                // A lone space that is no run's end at a fullwidth mark: the
                // byte after it neither a space nor a fullwidth mark's lead
                // byte, the character before it unchanged (`copied < i`) and
                // no fullwidth mark (ASCII, or not led by one of their lead
                // bytes). `remove_punct_spaces` keeps it, as below
                // (`tests::lone_spaces_kept_by_their_bytes_are_kept`).
                if i > 0 && copied < i && lone_space_kept(bytes, i) {
                    i += 1;
                    continue;
                }
                // `remove_punct_spaces` on the text `punctuation_width`
                // left: the character before the run is the result's last
                // (it only removes runs of spaces), the one after is the
                // segment's (a mark after a space is never widened), and
                // only spaces, tabs and line ends follow in both or in
                // neither.
                let mut e = i + 1;
                while e < bytes.len() && bytes[e] == b' ' {
                    e += 1;
                }
                let s = i;
                i = e;
                // (A fullwidth mark on the left ends at `s`: its three bytes
                // decide, as in `remove_punct_spaces`.)
                let left_fw = if copied < s {
                    s >= 3 && fullwidth_punct_at(bytes, s - 3)
                } else {
                    out.len() >= base + 3 && fullwidth_punct_at(out.as_bytes(), out.len() - 3)
                };
                if s == 0 || !(left_fw || fullwidth_punct_at(bytes, e)) {
                    continue;
                }
                if at_line_end(text, e) {
                    continue;
                }
                let l = last_char(out, base, text, copied, s);
                let (Some(l), Some(r)) = (l, text[e..].chars().next()) else {
                    continue;
                };
                // (Inline code spans are the segment's, as no mark is
                // widened in them and a widening never crosses a backtick.)
                if space_run_goes(l, r) && !spans.protects(s) {
                    out.push_str(&text[copied..s]);
                    let at = out.len() - base;
                    mark(dirty, at, at);
                    copied = e;
                }
                continue;
            }
            // A Windows decoder's `?` before a run of UTF-8 out of phase
            // (`?꾧뎄`), the one repair trigger at an ASCII byte: asked as
            // `?`, the last of its run.
            if b == b'?' && !repair_done {
                let mut q = i;
                while bytes.get(q + 1) == Some(&b'?') {
                    q += 1;
                }
                if bytes.get(q + 1).is_some_and(|&n| n >= 0x80) && repair_at(q, u32::from(b'?'), 1)
                {
                    repair_done = true;
                }
            }
            // `,.:;!?`: `punctuation_width`, on the segment (the earlier
            // passes leave it alone).
            let Ok(end) = mark_run(bytes, i) else {
                i = skip_dots(bytes, i);
                continue;
            };
            match widen_to(text, i, end) {
                Some(to) if !spans.protects(i) => {
                    let locale = *locale.get_or_insert_with(|| effective_locale(None, text));
                    let mark_str = fullwidth_of(b, locale);
                    out.push_str(&text[copied..i]);
                    let at = out.len() - base;
                    for _ in i..end {
                        out.push_str(mark_str);
                    }
                    mark(dirty, at, out.len() - base);
                    if t.marks_start {
                        let mut q = at;
                        while q < out.len() - base {
                            starts.push(q);
                            q += mark_str.len();
                        }
                    }
                    copied = to;
                    i = to;
                }
                _ => i = end,
            }
            continue;
        }
        if !(0xE0..0xF0).contains(&b) {
            // Two-byte characters through the bitmaps too; astral ones slow.
            if b >= 0xF0 {
                return Err(line!());
            }
            let cp = (u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
            let (w, bit) = ((cp >> 6) as usize, cp & 63);
            if t.plain[mode][w] >> bit & 1 == 0 {
                if t.other[mode][w] >> bit & 1 == 0 {
                    return Err(line!());
                }
                if t.site[w] >> bit & 1 != 0 && !resync_noted {
                    resync_noted = true;
                    sites.push(i);
                }
                if t.start[w] >> bit & 1 != 0 {
                    starts.push(out.len() - base + (i - copied));
                    if !repair_done && repair_at(i, cp, 2) {
                        repair_done = true;
                    }
                }
            }
            i += 2;
            note_after_non_ascii(corpus, bytes, i, sites);
            continue;
        }
        // Runs of three-byte characters (the BMP above U+07FF), decoded by
        // hand, in a tight loop.
        let pair: &[u32; 0x10000] = &t.pair;
        let (mut stop, mut other) = (stop_of(mode), &*t.other[mode]);
        let mut j = i;
        loop {
            // The plain characters and the starts whose pair the next one
            // rules out, in a loop of their own (with nothing else live in
            // it), then the one that ends their run.
            let pending;
            (j, pending) = plain_run(bytes, j, pair, stop);
            if pending != 0 {
                // The start before `j` whose pair the loop could not rule
                // out: asked about as below; then the run goes on from `j`.
                // (Not when its masks have no `P_TWO_BYTE` and ASCII or
                // nothing follows: no trigger there. It stays a start of the
                // result, where a mark or the removal of spaces may bring
                // another character after it.)
                let p = j - 3;
                starts.push(out.len() - base + (p - copied));
                let lead_only = pending >> P_FOLLOW_SHIFT & P_TWO_BYTE == 0;
                if !(repair_done || lead_only && bytes.get(j).map_or(true, |&b| b < 0x80)) {
                    let cp = (u32::from(bytes[p] & 0x0F) << 12)
                        | (u32::from(bytes[p + 1] & 0x3F) << 6)
                        | u32::from(bytes[p + 2] & 0x3F);
                    repair_done = repair_at(p, cp, 3);
                }
                continue;
            }
            let [b0, b1, b2, ..] = bytes[j..] else {
                break;
            };
            let Some((w, bit)) = bmp_bits(b0, b1, b2) else {
                break;
            };
            if other[w] >> bit & 1 == 0 {
                let cp = ((w as u32) << 6) | u32::from(bit);
                let c = char::from_u32(cp).unwrap_or_default();
                // A fullwidth mark narrows only in a line without CJ
                // and Hangul: with them, the marks are kept.
                if mode == 0 && narrowable(c) && holds_cj_or_hangul(text, j) {
                    mode = 1;
                    (stop, other) = (stop_of(1), &*t.other[1]);
                    continue;
                }
                return Err(line!());
            }
            // (One of `double_byte_resync`'s trigger characters is
            // enough to run it: only the first is noted.)
            if t.site[w] >> bit & 1 != 0 {
                let paren = (w, bit) == bmp_bits(0xEF, 0xBC, 0x88).unwrap_or_default();
                let cp = ((w as u32) << 6) | u32::from(bit);
                // (A katakana is a trigger only standing alone between
                // hiragana or Han: a site only there.)
                if paren
                    || (!resync_noted && crate::scrape::resync_trigger_may_act_at(bytes, j, cp))
                {
                    resync_noted |= !paren;
                    sites.push(j);
                }
            }
            if t.start[w] >> bit & 1 != 0 {
                let cp = ((w as u32) << 6) | u32::from(bit);
                starts.push(out.len() - base + (j - copied));
                if !repair_done && repair_at(j, cp, 3) {
                    repair_done = true;
                }
            }
            j += 3;
        }
        i = j;
        note_after_non_ascii(corpus, bytes, i, sites);
    }
    out.push_str(&text[copied..]);
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The bench input with 10% damaged CJK lines
    /// (`tools/make_bench_inputs.py`), if it was made.
    fn damaged_bench_input() -> Option<String> {
        let root = env!("CARGO_MANIFEST_DIR");
        std::fs::read_to_string(format!("{root}/target/bench-inputs/damaged_cjk_10pct.txt")).ok()
    }

    /// The clean corpora of `langs` (each absent one left out), whole.
    fn clean_texts(langs: &[&str]) -> Vec<String> {
        let root = env!("CARGO_MANIFEST_DIR");
        langs
            .iter()
            .filter_map(|lang| {
                std::fs::read_to_string(format!("{root}/../shared/data/clean/{lang}.txt")).ok()
            })
            .collect()
    }

    #[test]
    fn plain_len_agrees_with_bytes() {
        let want = |w: &[u8]| w.iter().position(|&b| !super::word_plain(b)).unwrap_or(8);
        for pos in 0..8 {
            for b in 0..=255u8 {
                let mut w = *b"abcdefgh";
                w[pos] = b;
                assert_eq!(super::plain_len(u64::from_le_bytes(w)), want(&w), "{w:?}");
            }
        }
        let mut rng = crate::damage::Rng::new(7);
        let edges = [
            0x00u8, 0x09, 0x0A, 0x1F, 0x20, 0x21, 0x22, 0x2C, 0x2D, 0x2E, 0x2F, 0x39, 0x3A, 0x3B,
            0x3C, 0x3F, 0x40, 0x41, 0x7E, 0x7F, 0x80, 0xE4, 0xFF, 0x61, 0x62,
        ];
        for _ in 0..200_000 {
            let mut w = [0u8; 8];
            for b in &mut w {
                *b = if rng.below(3) == 0 {
                    rng.below(256) as u8
                } else {
                    edges[rng.below(edges.len())]
                };
            }
            assert_eq!(super::plain_len(u64::from_le_bytes(w)), want(&w), "{w:?}");
        }
    }

    /// [`super::pair_index`] against its definition: the slot of the code
    /// point for every three-byte sequence (continuation bytes or not after
    /// the lead: the text is valid UTF-8, but the bounds test must not
    /// depend on it), and out of the table for every other first byte,
    /// whatever follows.
    #[test]
    fn pair_index_is_the_slot_or_out_of_bounds() {
        let mut slots = vec![false; 0x10000];
        for b0 in 0..=255u8 {
            for b1 in 0..=255u8 {
                for b2 in 0..=255u8 {
                    let k = super::pair_index(b0, b1, b2);
                    if b0 & 0xF0 != 0xE0 {
                        assert!(k >= 0x10000, "{b0:x} {b1:x} {b2:x}");
                        continue;
                    }
                    let (cont1, cont2) = (b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80);
                    if cont1 && cont2 {
                        let cp = usize::from(b0 & 0x0F) << 12
                            | usize::from(b1 & 0x3F) << 6
                            | usize::from(b2 & 0x3F);
                        assert_eq!(k, super::pair_slot(cp), "{b0:x} {b1:x} {b2:x}");
                        assert!(!slots[k], "{b0:x} {b1:x} {b2:x}: slot taken twice");
                        slots[k] = true;
                        // (Below U+0800 the bytes are an overlong form.)
                        if let Some(c) = char::from_u32(cp as u32).filter(|_| cp >= 0x800) {
                            let mut buf = [0; 4];
                            assert_eq!(c.encode_utf8(&mut buf).as_bytes(), [b0, b1, b2]);
                        }
                    } else {
                        assert!(k < 0x10000, "{b0:x} {b1:x} {b2:x}");
                    }
                }
            }
        }
        assert!(slots.iter().all(|&s| s), "every slot reached once");
    }

    /// [`super::holds_cj_or_hangul`] against its definition (the text holds
    /// a CJ or Hangul character) at every fullwidth mark of the clean
    /// corpora's lines and of lines whose mark follows none, or comes first.
    #[test]
    fn holds_cj_or_hangul_is_any_cj_or_hangul() {
        let mut lines: Vec<String> = [
            "abc，中文\n",
            "，한국어\n",
            "x！y？\n",
            "？\n",
            "Ａ；ｂ。\n",
        ]
        .map(String::from)
        .to_vec();
        for text in clean_texts(&["zh-Hans", "zh-Hant", "ja", "ko"]) {
            lines.extend(text.lines().map(String::from));
        }
        let (mut asked, mut after_other) = (0, 0);
        for line in &lines {
            let want = line.chars().any(|c| super::is_cj(c) || super::is_hangul(c));
            for (j, c) in line.char_indices().filter(|&(_, c)| super::narrowable(c)) {
                asked += 1;
                let before = line[..j].chars().next_back();
                after_other +=
                    usize::from(!before.is_some_and(|c| super::is_cj(c) || super::is_hangul(c)));
                assert_eq!(
                    super::holds_cj_or_hangul(line, j),
                    want,
                    "{line:?} {c} at {j}"
                );
            }
        }
        assert!(
            asked > 1000 && after_other > 100,
            "{asked} marks, {after_other} after other"
        );
    }

    /// The sites at ASCII characters, noted where a run of characters from
    /// U+0080 ends ([`super::note_after_non_ascii`]), against their
    /// definition: every `(` and `@`–`~` right after such a character, in
    /// order, and none without `corpus`; on the clean corpora, the damaged
    /// bench input and lines with two-byte characters.
    #[test]
    fn ascii_sites_are_those_after_non_ascii() {
        let mut texts: Vec<String> = [
            "café@home (x)\n",
            "中(文)x~y\n",
            "é~",
            "ü(",
            "文字a",
            "ab文",
        ]
        .map(String::from)
        .to_vec();
        texts.extend(clean_texts(&["zh-Hans", "zh-Hant", "ja", "ko", "de", "fr"]));
        texts.extend(damaged_bench_input());
        let mut changes = super::Changes::default();
        let (mut fused, mut noted) = (0, 0);
        for corpus in [false, true] {
            for text in &texts {
                for line in text.split_inclusive('\n') {
                    let (mut sites, mut out) = (Vec::new(), String::new());
                    let ok = super::fuse_into(
                        corpus,
                        line,
                        |_, _, _| false,
                        &mut changes,
                        &mut sites,
                        &mut out,
                    );
                    if !ok {
                        continue;
                    }
                    fused += 1;
                    let bytes = line.as_bytes();
                    let got: Vec<usize> = sites.into_iter().filter(|&q| bytes[q] < 0x80).collect();
                    let want: Vec<usize> = (1..bytes.len())
                        .filter(|&q| {
                            corpus && bytes[q - 1] >= 0x80 && matches!(bytes[q], b'@'..=b'~' | b'(')
                        })
                        .collect();
                    assert_eq!(got, want, "{line:?}");
                    noted += got.len();
                }
            }
        }
        assert!(
            fused > 10_000 && noted > 1000,
            "{fused} fused, {noted} noted"
        );
    }

    /// [`super::lone_space_kept`] against its definition: where it holds,
    /// the space is a run of one, with no fullwidth mark
    /// ([`super::fullwidth_punct_at`]) after it or ending before it; on
    /// the clean corpora and lines with marks, spaces and other characters
    /// next to each other.
    #[test]
    fn lone_spaces_kept_by_their_bytes_are_kept() {
        let mut texts: Vec<String> = Vec::new();
        let sides = [
            "", "a", "中", "，", "。", "・", "（", "｛", "한", "é", " ", "\t", "😀",
        ];
        for l in sides {
            for r in sides {
                texts.push(format!("{l} {r}"));
                texts.push(format!("x{l} {r}x"));
            }
        }
        texts.extend(clean_texts(&["zh-Hans", "zh-Hant", "ja", "ko"]));
        let (mut kept, mut not) = (0, 0);
        for text in &texts {
            let bytes = text.as_bytes();
            for i in (1..bytes.len()).filter(|&i| bytes[i] == b' ') {
                if !super::lone_space_kept(bytes, i) {
                    not += 1;
                    continue;
                }
                kept += 1;
                assert_ne!(bytes.get(i + 1), Some(&b' '), "{text:?} at {i}");
                assert!(!super::fullwidth_punct_at(bytes, i + 1), "{text:?} at {i}");
                assert!(
                    i < 3 || !super::fullwidth_punct_at(bytes, i - 3),
                    "{text:?} at {i}"
                );
            }
        }
        assert!(kept > 100_000 && not > 10_000, "{kept} kept, {not} not");
    }

    /// `plain_run` passes exactly the three-byte characters of `plain` and
    /// the pair-only starts, and returns a start it passed last as pending:
    /// for every first byte, trail bytes, mode and preset.
    #[test]
    fn plain_run_agrees_with_plain() {
        for corpus in [false, true] {
            let t = super::table(corpus);
            for (mode, bits) in t.plain.iter().enumerate() {
                let stop = super::stop_of(mode);
                let is_plain = |cp: usize| bits[cp >> 6] >> (cp & 63) & 1 != 0;
                // A plain character of the mode, whose entry has no start.
                let plain = (0x4E00..0xA000)
                    .find(|&cp| is_plain(cp))
                    .and_then(|cp| char::from_u32(cp as u32))
                    .expect("a plain Han character");
                let mut plain_bytes = [0; 3];
                plain.encode_utf8(&mut plain_bytes);
                let plain = plain_bytes;
                for b0 in 0..=255u8 {
                    for b1 in 0x80..0xC0u8 {
                        for b2 in 0x80..0xC0u8 {
                            let wb = super::bmp_bits(b0, b1, b2);
                            let is_plain =
                                wb.is_some_and(|(w, bit)| is_plain(w << 6 | usize::from(bit)));
                            let x = wb.map_or(0, |(w, bit)| {
                                t.pair[super::pair_slot(w << 6 | usize::from(bit))]
                            });
                            let is_start = wb.is_some() && x & super::P_START != 0;
                            let want_end = if is_plain || is_start { 3 } else { 0 };
                            let want_pending = if is_start {
                                (x & super::P_MASKS | super::P_START) << super::P_FOLLOW_SHIFT
                            } else {
                                0
                            };
                            // Alone (the one-at-a-time loop), first and
                            // second of a two-at-a-time turn (after a
                            // plain character).
                            let [p0, p1, p2] = plain;
                            for (before, bytes) in [
                                (0, vec![b0, b1, b2, b'a']),
                                (0, vec![b0, b1, b2, b'a', b'a', b'a', b'a']),
                                (3, vec![p0, p1, p2, b0, b1, b2, b'a', b'a', b'a']),
                            ] {
                                let (end, pending) = super::plain_run(&bytes, 0, &t.pair, stop);
                                assert_eq!(end, before + want_end, "{b0:x} {b1:x} {b2:x}");
                                assert_eq!(pending, want_pending, "{b0:x} {b1:x} {b2:x}");
                            }
                        }
                    }
                }
            }
        }
    }

    /// [`super::plain_run`] (two characters a turn, then one) against the
    /// loop it stands for, one character at a time with the code point
    /// decoded: on random strings of three-byte characters (plain ones,
    /// starts, stops, from anywhere in the table), ASCII and two-byte ones,
    /// from every character boundary, in both modes and presets.
    #[test]
    fn plain_run_is_the_one_at_a_time_loop() {
        fn reference(bytes: &[u8], j: usize, pair: &[u32; 0x10000], stop: u32) -> (usize, u32) {
            let (mut p, mut pending) = (j, stop);
            while p + 3 <= bytes.len() && bytes[p] & 0xF0 == 0xE0 {
                let cp = usize::from(bytes[p] & 0x0F) << 12
                    | usize::from(bytes[p + 1] & 0x3F) << 6
                    | usize::from(bytes[p + 2] & 0x3F);
                let x = pair[super::pair_slot(cp)];
                if pending & x != 0 {
                    break;
                }
                pending = x << super::P_FOLLOW_SHIFT | stop;
                p += 3;
            }
            (p, pending ^ stop)
        }
        let mut rng = crate::damage::Rng::new(11);
        let mut runs = [0usize; 2];
        for corpus in [false, true] {
            let t = super::table(corpus);
            // Characters by kind: passed in mode 0, starts, stops.
            let kind = |cp: usize| {
                let x = t.pair[super::pair_slot(cp)];
                usize::from(x & super::P_START != 0) + 2 * usize::from(x & super::P_STOP0 != 0)
            };
            let mut by_kind: [Vec<char>; 4] = Default::default();
            for cp in 0x800..0x10000usize {
                if let Some(c) = char::from_u32(cp as u32) {
                    by_kind[kind(cp)].push(c);
                }
            }
            for _ in 0..20_000 {
                let mut s = String::new();
                for _ in 0..rng.below(12) {
                    let c = match rng.below(20) {
                        0 => char::from(b'a' + rng.below(26) as u8),
                        1 => 'é',
                        2 => '，',
                        k => {
                            let v = &by_kind[[0, 0, 0, 0, 1, 1, 2, 2][k % 8]];
                            v[rng.below(v.len())]
                        }
                    };
                    s.push(c);
                }
                let bytes = s.as_bytes();
                for (j, _) in s.char_indices() {
                    for stop in [super::P_STOP0, super::P_STOP1] {
                        let got = super::plain_run(bytes, j, &t.pair, stop);
                        assert_eq!(got, reference(bytes, j, &t.pair, stop), "{s:?} from {j}");
                        runs[usize::from(got.0 - j >= 6)] += 1;
                    }
                }
            }
        }
        assert!(runs[0] > 10_000 && runs[1] > 10_000, "{runs:?}");
    }

    /// [`super::Table::pair`] against the bitmaps and the Fixer: the plain
    /// bits are `plain`'s, a start is a kept start of both modes, no site,
    /// with the Fixer's pair-only masks; the follow masks are the
    /// character's.
    #[test]
    fn pair_entries_agree_with_the_bitmaps() {
        for corpus in [false, true] {
            let t = super::table(corpus);
            let config = if corpus {
                crate::Config::corpus()
            } else {
                crate::Config::display()
            };
            let fixer = crate::Fixer::new(config);
            let bit = |bits: &[u64; 1024], cp: usize| bits[cp / 64] >> (cp % 64) & 1 != 0;
            let mut pair_starts = 0;
            for cp in 0x80..0x10000usize {
                let p = t.pair[super::pair_slot(cp)];
                let c = char::from_u32(cp as u32);
                let passes = |mode: usize| bit(&t.plain[mode], cp) || p & super::P_START != 0;
                assert_eq!(p & super::P_STOP0 == 0, passes(0), "{cp:X}");
                assert_eq!(p & super::P_STOP1 == 0, passes(1), "{cp:X}");
                let follow = c.map_or(0, crate::mojibake::cjk::follow_masks);
                assert_eq!(
                    p & super::P_FOLLOW,
                    u32::from(follow) << super::P_FOLLOW_SHIFT
                );
                // (What `plain_run`'s one AND relies on.)
                assert_eq!(p & super::P_START << super::P_FOLLOW_SHIFT, 0, "{cp:X}");
                let low = p & 0xFFFF;
                assert!(
                    low == 0 || low & !super::P_MASKS == super::P_START,
                    "{cp:X}"
                );
                if p & super::P_START != 0 {
                    let c = c.expect("a character");
                    assert!(
                        bit(&t.other[0], cp)
                            && bit(&t.other[1], cp)
                            && bit(&t.start, cp)
                            && !bit(&t.site, cp),
                        "{cp:X}"
                    );
                    let masks = fixer.index_pair_only(c);
                    assert_eq!(masks, Some((p & super::P_MASKS) as u16), "{cp:X}");
                    pair_starts += 1;
                } else {
                    assert_eq!(p & super::P_MASKS, 0, "{cp:X}");
                    assert!(
                        !bit(&t.start, cp)
                            || bit(&t.site, cp)
                            || !bit(&t.other[0], cp)
                            || c.and_then(|c| fixer.index_pair_only(c)).is_none(),
                        "{cp:X}"
                    );
                }
            }
            assert!(pair_starts > 1000, "{pair_starts}");
        }
    }

    /// [`super::P_TWO_BYTE`]: a pair-only start without those masks has the
    /// Fixer's verdict 0 followed by any ASCII character or by nothing,
    /// whatever comes before it (none, ASCII, Han, kana, Hangul) and after
    /// that character; and with them, some such place has a trigger (the
    /// masks are where the loop reads them).
    #[test]
    fn starts_without_two_byte_masks_need_a_non_ascii_next() {
        for corpus in [false, true] {
            let config = if corpus {
                crate::Config::corpus()
            } else {
                crate::Config::display()
            };
            let fixer = crate::Fixer::new(config);
            let t = super::table(corpus);
            let (mut lead_only, mut two_byte_fired) = (0, 0);
            for cp in 0x800..0x10000u32 {
                let x = t.pair[super::pair_slot(cp as usize)];
                let Some(c) = char::from_u32(cp).filter(|_| x & super::P_START != 0) else {
                    continue;
                };
                let alone = x & super::P_TWO_BYTE == 0;
                lead_only += usize::from(alone);
                let mut fired = false;
                for before in ["", "a", "中", "ア", "한"] {
                    let nexts = (0..0x80u8).map(|b| Some(char::from(b))).chain([None]);
                    for next in nexts {
                        let mut line = format!("{before}{c}");
                        line.extend(next);
                        line.push_str(if next.is_some() { "中文" } else { "" });
                        let verdict = fixer.repair_verdict_at(&line, before.len());
                        if alone {
                            assert_eq!(verdict, 0, "{line:?} (corpus {corpus})");
                        }
                        fired |= verdict != 0;
                    }
                }
                two_byte_fired += usize::from(!alone && fired);
            }
            assert!(
                lead_only > 1000 && two_byte_fired > 10,
                "{lead_only} {two_byte_fired}"
            );
        }
    }

    /// Every character where an encoding repair's test can start is asked
    /// about in the segment and noted as a start in the result, but those
    /// the loop found to have no trigger, whose verdict is 0 there (which
    /// fails if the loop passed a start without looking at its pair); on
    /// the clean corpora and the damaged bench input, where such pairs are
    /// many.
    #[test]
    fn starts_left_out_have_no_trigger() {
        let mut texts = clean_texts(&["zh-Hans", "zh-Hant", "ja", "ko"]);
        texts.extend(damaged_bench_input());
        // Lines the repairs act on, whole (the pairs that trigger).
        texts.push("浣犲ソ锛屼笘鐣岋紒\n".to_string());
        texts.push("鏂囧瓧鍖栧瓧, 涓枃 ,浣犲ソ!\n".to_string());
        assert!(texts.len() > 2, "no corpus to test on");
        for corpus in [false, true] {
            let config = if corpus {
                crate::Config::corpus()
            } else {
                crate::Config::display()
            };
            let fixer = crate::Fixer::new(config);
            let mut changes = super::Changes::default();
            let (mut fused, mut asked_n, mut passed, mut triggers) = (0, 0, 0, 0);
            for text in &texts {
                for line in text.split_inclusive('\n') {
                    let mut asked = Vec::new();
                    let (mut sites, mut out) = (Vec::new(), String::new());
                    if !super::fuse_into(
                        corpus,
                        line,
                        |i, _, _| {
                            asked.push(i);
                            false
                        },
                        &mut changes,
                        &mut sites,
                        &mut out,
                    ) {
                        continue;
                    }
                    fused += 1;
                    asked_n += asked.len();
                    for (q, c) in line.char_indices() {
                        if fixer.index_triggers(c).0 && !asked.contains(&q) {
                            passed += 1;
                            assert_eq!(
                                fixer.repair_verdict_at(line, q),
                                0,
                                "{line:?}: {c:?} at {q}"
                            );
                        }
                    }
                    let starts = &changes.starts;
                    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
                    for (q, c) in out.char_indices() {
                        let verdict = fixer.repair_verdict_at(&out, q);
                        triggers += usize::from(verdict != 0);
                        if fixer.index_triggers(c).0 && starts.binary_search(&q).is_err() {
                            assert_eq!(verdict, 0, "{line:?} -> {out:?}: {c:?} at {q}");
                        }
                    }
                }
            }
            assert!(
                fused > 1000 && asked_n > 1000 && passed > 1000 && triggers > 100,
                "{fused} fused, {asked_n} asked, {passed} passed, {triggers} triggers"
            );
        }
    }

    #[test]
    fn tables_keep_the_common_characters() {
        for corpus in [false, true] {
            let t = super::table(corpus);
            assert!(t.usable);
            let bit =
                |bits: &[u64; 1024], c: char| bits[c as usize / 64] >> (c as usize % 64) & 1 != 0;
            for c in ['中', '文', 'カ', '한', '。', '「'] {
                assert!(
                    bit(&t.plain[0], c) || bit(&t.other[0], c),
                    "{c} in {corpus}"
                );
            }
            assert!(!bit(&t.plain[0], '，') && !bit(&t.other[0], '，'));
            assert!(bit(&t.plain[1], '，') || bit(&t.other[1], '，'));
            for c in ['Ａ', 'ﾊ', '⽇', '︐', '\u{3000}', '\u{301}', 'ﬁ'] {
                assert!(
                    !bit(&t.plain[1], c) && !bit(&t.other[1], c),
                    "{c:?} in {corpus}"
                );
            }
        }
    }

    /// The "fused == sequential" tests would also pass if the loop gave up
    /// on every segment; this one fails if it stops taking ordinary lines
    /// (the table unusable, a plain character or a mark sent slow).
    #[test]
    fn the_loop_takes_ordinary_lines() {
        let lines = [
            "我们今天去北京，看了故宫。然后吃饭 ， 回家!\n",
            "這是一個測試：請勿回覆 。謝謝,再見\n",
            "東京タワーに行きました。とても高いです ！\n",
            "안녕하세요, 반갑습니다. 오늘은 날씨가 좋네요!\n",
            "版本 v2.3 已发布，详见 https://example.com/a?b=c 。\n",
            "plain ASCII text, with commas; and a question?\n",
            "",
        ];
        for corpus in [false, true] {
            let t = super::table(corpus);
            assert!(t.usable, "corpus={corpus}: table unusable");
            for line in lines {
                let (mut changes, mut sites, mut out) = Default::default();
                let taken = super::fuse_into(
                    corpus,
                    line,
                    |_, _, _| false,
                    &mut changes,
                    &mut sites,
                    &mut out,
                );
                assert!(taken, "corpus={corpus}: sent slow: {line:?}");
            }
        }
    }

    #[test]
    #[ignore]
    fn coverage_on_clean() {
        let clean = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean");
        let mut changes = super::Changes::default();
        for (lang, corpus) in ["zh-Hans", "zh-Hant", "ja", "ko"]
            .into_iter()
            .flat_map(|l| [(l, false), (l, true)])
        {
            let Ok(text) = std::fs::read_to_string(format!("{clean}/{lang}.txt")) else {
                continue;
            };
            let t = super::table(corpus);
            let mut why = std::collections::BTreeMap::<u32, usize>::new();
            let mut chars = std::collections::BTreeMap::<char, usize>::new();
            let (mut n, mut slow) = (0, 0);
            for line in text.split_inclusive('\n') {
                n += 1;
                let mut sites = Vec::new();
                let mut out = String::new();
                let r = super::fuse(
                    t,
                    corpus,
                    line,
                    |_, _, _| false,
                    &mut changes,
                    &mut sites,
                    &mut out,
                );
                if let Err(k) = r {
                    slow += 1;
                    *why.entry(k).or_default() += 1;
                    // The character it stopped at: the first not kept.
                    let bit = |bits: &[u64; 1024], c: char| {
                        bits[c as usize / 64] >> (c as usize % 64) & 1 != 0
                    };
                    if let Some(c) = line.chars().find(|&c| {
                        (c as u32) >= 0x10000
                            || (c as u32) >= 0x80 && !bit(&t.plain[1], c) && !bit(&t.other[1], c)
                            || (c as u32) < 0x80 && t.ascii[c as usize] == 0
                    }) {
                        *chars.entry(c).or_default() += 1;
                    }
                }
            }
            let mut top: Vec<_> = chars.into_iter().collect();
            top.sort_by_key(|x| std::cmp::Reverse(x.1));
            println!(
                "{lang} corpus={corpus}: top {:?}",
                &top[..top.len().min(12)]
            );
            println!("{lang}: {slow} of {n} slow {why:?}");
        }
    }
}
