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
    for cp in 0x80..0x10000u32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
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

/// The end of the run of three-byte characters from `j` (a character
/// boundary of `bytes`, valid UTF-8) whose bits are set in `plain`: the
/// loop over them alone, with nothing else live in it (inside the loop
/// that also handles the other characters, it kept its values on the
/// stack: 25 instructions a character, 16 here).
#[inline]
fn plain_run(bytes: &[u8], j: usize, plain: &[u64; 1024]) -> usize {
    let mut rest = &bytes[j..];
    while let [b0, b1, b2, tail @ ..] = rest {
        if b0 & 0xF0 != 0xE0 {
            break;
        }
        let w = (usize::from(b0 & 0x0F) << 6) | usize::from(b1 & 0x3F);
        if plain[w] >> (b2 & 0x3F) & 1 == 0 {
            break;
        }
        rest = tail;
    }
    bytes.len() - rest.len()
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
/// it says it needs no more. `changes` receives where the result differs
/// from the segment (offsets from where it starts in `out`) and where
/// repair tests can start in it ([`Changes`]; `amp` stays false: these
/// presets do not unescape HTML).
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
            if corpus && i > 0 && bytes[i - 1] >= 0x80 && matches!(b, b'@'..=b'~' | b'(') {
                sites.push(i);
            }
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
            if t.plain[mode][w] >> bit & 1 != 0 {
                i += 2;
                continue;
            }
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
            i += 2;
            continue;
        }
        // Runs of three-byte characters (the BMP above U+07FF), decoded by
        // hand, in a tight loop.
        let (mut plain, mut other) = (&*t.plain[mode], &*t.other[mode]);
        let mut j = i;
        loop {
            // The plain characters, in a loop of their own (with nothing
            // else live in it), then the one that ends their run.
            j = plain_run(bytes, j, plain);
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
                if mode == 0 && narrowable(c) && text.chars().any(|c| is_cj(c) || is_hangul(c)) {
                    mode = 1;
                    (plain, other) = (&*t.plain[1], &*t.other[1]);
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
    }
    out.push_str(&text[copied..]);
    Ok(())
}

#[cfg(test)]
mod tests {
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

    /// `plain_run` passes exactly the three-byte characters of `plain`:
    /// for every first byte, trail bytes, mode and preset.
    #[test]
    fn plain_run_agrees_with_plain() {
        for corpus in [false, true] {
            let t = super::table(corpus);
            for plain in &t.plain {
                for b0 in 0..=255u8 {
                    for b1 in 0x80..0xC0u8 {
                        for b2 in 0x80..0xC0u8 {
                            let want = super::bmp_bits(b0, b1, b2)
                                .is_some_and(|(w, bit)| plain[w] >> bit & 1 != 0);
                            let bytes = [b0, b1, b2, b'a'];
                            let end = super::plain_run(&bytes, 0, plain);
                            assert_eq!(end, if want { 3 } else { 0 }, "{b0:x} {b1:x} {b2:x}");
                        }
                    }
                }
            }
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
