//! UTF-8 read with windows-1252 or Latin-1 by a decoder, or cleaned by a
//! later step, that dropped some bytes without a trace.
//!
//! Three common ways lose bytes of such mojibake:
//! * a strict windows-1252 decoder with `errors="ignore"` drops the five
//!   bytes the code page leaves undefined, `81 8D 8F 90 9D`; every
//!   hiragana `E3 81 xx` loses its middle byte (`こんにちは` becomes
//!   `ã“ã‚“ã«ã¡ã¯`, not `ã\u{81}“ã‚“…`);
//! * Latin-1 text stripped of its C1 controls loses every byte `80`–`9F`;
//! * whitespace and hyphenation clean-ups turn the no-break space (`A0`)
//!   into a space or drop it, and drop the soft hyphen (`AD`).
//!
//! The whole text then no longer re-encodes to UTF-8, so
//! [`fix_encoding`](super::latin::fix_encoding) leaves it alone, and the CJK
//! repair may read the run as something else entirely. This repair takes
//! each run of characters the code page makes of high bytes, re-encodes
//! it, and reads it as UTF-8 where each sequence short of continuation
//! bytes gets the ones a decoder could have dropped. A space inside a
//! sequence is read as the `A0` it was. Each character that lost bytes
//! becomes the one candidate the frequency model clearly prefers (`E3 ?? 93`
//! is `こ`, `E3 81 93`, far ahead of `㍓` and the rest), or U+FFFD when
//! several fit (`E3 83 ??` is any of `チネハバポ`). A run is replaced only
//! when it lost at least one byte, shows at least one sure character (a
//! whole sequence of three or more bytes, or a clear fill) and as many as
//! it leaves U+FFFD, and wins the same weighing as every CJK repair
//! ([`weigh`]); and the text is repaired
//! only when one of its runs shows two sure characters. Text that is
//! Latin-1 stripped of its C1 controls as a whole (`is_c1_dropped_line`)
//! is the exception: the line's structure is the evidence, and each run is
//! read with its clear fills and U+FFFD for the rest.

use std::borrow::Cow;

use super::cjk::plausibility::{char_bits, weigh};
use super::codepage::CodePage;

/// Bits by which the best candidate for a character that lost bytes must
/// beat the next one (a likelihood ratio of 64).
const FILL_MARGIN: u32 = 6;

/// The most byte values tried for the lost bytes of one character.
const MAX_FILLS: usize = 64;

/// The most a candidate may cost and still be chosen: rarer characters
/// are no better guesses than U+FFFD.
const FILL_MAX_BITS: u32 = 16;

/// Repairs runs of UTF-8 read as windows-1252 or Latin-1 that lost bytes
/// (see the module documentation). Clean text comes back borrowed.
///
/// ```
/// use mojifix::mojibake::dropped_bytes::restore_dropped_bytes;
/// // こんにちは, read as windows-1252 by a decoder that dropped byte 81.
/// assert_eq!(restore_dropped_bytes("ã“ã‚“ã«ã¡ã¯"), "こんにちは");
/// assert_eq!(restore_dropped_bytes("naïve café"), "naïve café");
/// ```
pub fn restore_dropped_bytes(text: &str) -> Cow<'_, str> {
    let page = CodePage::SloppyWindows1252;
    // Dropped bytes are continuation bytes (80–BF), so every sequence keeps
    // its lead, C2–F4: `Â`–`ô` in both pages, `C3 82`–`C3 B4` in the text.
    // Without one no run has the two sequences a repair needs (a line of
    // CJK text with U+FFFD left by another repair, say).
    if memchr::memchr(0xC3, text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    if !text.chars().any(|c| is_high(page, c)) {
        return Cow::Borrowed(text);
    }
    // Text that shows windows-1252's characters for 80–9F was decoded as
    // windows-1252, which keeps all but the five undefined bytes; otherwise
    // it may be Latin-1 stripped of all of its C1 controls.
    // (Looked at once, and only once a run has the structure of UTF-8.)
    let seen = std::cell::OnceCell::new();
    let dropped = || -> &'static [u8] {
        seen.get_or_init(|| {
            let shows_1252 = text.chars().any(|c| {
                !('\u{80}'..='\u{9F}').contains(&c)
                    && page
                        .encode_char(c)
                        .is_some_and(|b| (0x80..=0x9F).contains(&b))
            });
            // windows-1252's five undefined bytes, or every C1 control
            // (each with NBSP and the soft hyphen).
            if shows_1252 {
                CodePage::SloppyWindows1252.lost_bytes()
            } else {
                CodePage::Latin1.lost_bytes()
            }
        })
    };
    // Each run needs one sure character, and one run of the text two: once
    // one shows two, the text is known to be such mojibake, and its other
    // runs need one (`ç”»åƒ`, 画像 whose `像` lost its `8F` and could be
    // several). One pass: whether a run repairs does not depend on the
    // others. (Nothing is allocated for text that has no such run.)
    //
    // Text that is Latin-1 stripped of its C1 controls as a whole
    // ([`is_c1_dropped_line`]: every run has the structure, and a whole
    // sequence shows it) lost too much for those tests: a character keeps
    // both of its continuation bytes one time in four, and 32 values per
    // lost byte seldom leave one clear fill. There the structure of the
    // whole line is the evidence, and each run is read as UTF-8 with the
    // fills that are clear and U+FFFD for each character that is not
    // (otherwise the Latin repair decodes the whole sequences alone, and
    // the CJK repair reads the fragments left between them as legacy
    // CJK: `æä¸¤ç§ä¸åç` became `聹賢ょт後`).
    let whole_line = std::cell::OnceCell::new();
    let c1_line = || *whole_line.get_or_init(|| is_c1_dropped_line(text));
    let mut repairs: Vec<(usize, usize, String)> = Vec::new();
    let mut any_two = false;
    for (start, end) in runs(text, page) {
        let repaired = if c1_line() {
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            repair_c1_run(&text[start..end], before, after)
        } else {
            repair_weighed(text, start, end, page, dropped)
        };
        if let Some((repaired, sure)) = repaired {
            any_two |= sure >= 2;
            repairs.push((start, end, repaired));
        }
    }
    if repairs.is_empty() || !(any_two || c1_line()) {
        return Cow::Borrowed(text);
    }
    let mut buf = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end, repaired) in repairs {
        buf.push_str(&text[copied..start]);
        buf.push_str(&repaired);
        copied = end;
    }
    buf.push_str(&text[copied..]);
    Cow::Owned(buf)
}

/// The run `text[start..end]` repaired, with its number of sure
/// characters ([`repair_run`]), if the repair wins the weighing in its
/// context.
fn repair_weighed(
    text: &str,
    start: usize,
    end: usize,
    page: CodePage,
    dropped: impl FnOnce() -> &'static [u8],
) -> Option<(String, usize)> {
    let run = &text[start..end];
    let (repaired, sure) = repair_run(run, page, dropped)?;
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    weigh(run, &repaired, before, after)
        .accept()
        .then_some((repaired, sure))
}

/// Whether `page` makes `c` of a high byte. (windows-1252 and Latin-1 have
/// no character above U+2122 but the sloppy page's U+FFFD: the CJK text
/// these tests mostly see is answered without a search of the encoder.)
#[inline]
fn is_high(page: CodePage, c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    // `A0`–`FF` are themselves in both pages (most of such text).
    if ('\u{A0}'..='\u{FF}').contains(&c) {
        return true;
    }
    if matches!(page, CodePage::SloppyWindows1252 | CodePage::Latin1)
        && c > '\u{2122}'
        && c != '\u{FFFD}'
    {
        return false;
    }
    page.encode_char(c).is_some()
}

/// The runs of `text` that may be UTF-8 read as `page`: characters the
/// page makes of high bytes, and spaces between them, as byte ranges.
fn runs(text: &str, page: CodePage) -> impl Iterator<Item = (usize, usize)> + '_ {
    let is_high = move |c: char| is_high(page, c);
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || loop {
        let (start, c) = rest.next()?;
        if !is_high(c) {
            continue;
        }
        // The run: high characters, and spaces between them.
        let mut end = start + c.len_utf8();
        while let Some(&(i, n)) = rest.peek() {
            let space_inside = n == ' ' && text[i + 1..].starts_with(is_high);
            if !is_high(n) && !space_inside {
                break;
            }
            end = i + n.len_utf8();
            rest.next();
        }
        return Some((start, end));
    })
}

/// Whether `text` is UTF-8 read as Latin-1 whose C1 controls (`80`–`9F`)
/// were all dropped: it holds no C1 control and no character of
/// windows-1252's own (`€`, `“`…), every run of high characters has the
/// structure of UTF-8 that lost continuation bytes, and two sequences of
/// three or more bytes are whole and some lost bytes (`å­£åº·å­é®`,
/// 季康子问). Such text cannot be told character by character (34 values per
/// lost byte), but read as a legacy encoding it is nonsense; legacy CJK
/// text read as Latin-1 fails the structure at its first lead byte in
/// `A0`–`BF` (GB2312, Big5, EUC-KR, EUC-JP kana), and Shift_JIS at a
/// trail byte in `A0`–`BF` standing alone.
pub(crate) fn is_c1_dropped_utf8(text: &str) -> bool {
    let page = CodePage::Latin1;
    if text.chars().any(|c| {
        ('\u{80}'..='\u{9F}').contains(&c)
            || (c > '\u{FF}' && is_high(CodePage::SloppyWindows1252, c))
    }) {
        return false;
    }
    let (mut whole_wide, mut lost, mut any) = (0, 0, false);
    for (start, end) in runs(text, page) {
        let Some(s) = parse(&text[start..end], page) else {
            return false;
        };
        whole_wide += s.whole_wide;
        lost += s.lost;
        any = true;
    }
    any && whole_wide >= 2 && lost >= 1
}

/// Whether `text` is UTF-8 read as Latin-1 that lost its C1 controls as
/// a whole, for [`restore_dropped_bytes`] to read every run of it so: as
/// [`is_c1_dropped_utf8`] asks (no C1 control, no windows-1252 character,
/// every high run with the structure of UTF-8 short of continuation bytes,
/// a lost byte), with a space always a space (Latin-1 keeps the NBSP, so
/// text that lost its C1 controls alone never made one a space; and text
/// that such spaces read as NBSP make whole, `ä½ å¥½`, 你好 whose NBSP a
/// clean-up made a space, is the ordinary path's), every
/// two-byte sequence whole and Latin (legacy CJK text puts lead and trail
/// bytes in `C0`–`DF`; UTF-8 of CJK text seldom holds such a sequence),
/// and one whole sequence of three or more bytes: a sure character
/// (`å¤ªæ£äº`, 太棒了 short of two bytes, is `太��`, not EUC-JP's made-up
/// `絖お罍篋`).
fn is_c1_dropped_line(text: &str) -> bool {
    c1_evidence(text).is_some_and(|e| e.whole_wide >= 1 && e.lost >= 1 && e.lost_where_no_nbsp >= 1)
}

/// Whether `text` has the shape [`is_c1_dropped_line`] asks for but not one
/// whole sequence: UTF-8 of a few characters read as Latin-1 that lost
/// every character to its C1 controls (`ãã¡ã¤ã«`, ファイル). Nothing can be
/// read from it, and a legacy CJK reading of it is made up (`絖お罍篋`):
/// the CJK repair's single-byte direction leaves it alone. (Clean Latin-1
/// words such as `naïve café` have the shape too, and are left alone all
/// the same.)
pub(crate) fn is_c1_dropped_fragment(text: &str) -> bool {
    c1_evidence(text).is_some_and(|e| e.whole == 0 && e.lost >= 2 && e.lost_where_no_nbsp >= 1)
}

/// What [`is_c1_dropped_line`] and [`is_c1_dropped_fragment`] count.
struct C1Evidence {
    /// Whole non-ASCII sequences, and those of three or more bytes.
    whole: usize,
    whole_wide: usize,
    /// Sequences short of bytes, and those where no NBSP made a space
    /// could explain it.
    lost: usize,
    lost_where_no_nbsp: usize,
}

/// The counts of [`C1Evidence`], or `None` where `text` is no UTF-8 read
/// as Latin-1 that lost (only) its C1 controls.
fn c1_evidence(text: &str) -> Option<C1Evidence> {
    let page = CodePage::Latin1;
    if text.chars().any(|c| {
        ('\u{80}'..='\u{9F}').contains(&c)
            || (c > '\u{FF}' && is_high(CodePage::SloppyWindows1252, c))
    }) {
        return None;
    }
    let (mut whole, mut whole_wide, mut lost, mut lost_with_nbsp) = (0, 0, 0, 0);
    for (start, end) in runs(text, page) {
        let run = &text[start..end];
        let s = parse_with(run, page, false)?;
        // Bytes lost where no NBSP made a space could have been: a
        // sequence short of more than one byte, or of one without a space
        // after it (`ì°¸ê³  ë¬¸`, 참고 문 whose 고 lost its `A0`, is the
        // ordinary path's).
        let space_after = |k: usize| {
            s.pieces
                .get(k + 1)
                .map_or(text[end..].starts_with(' '), |p| p.0 == b' ')
        };
        lost_with_nbsp += (0..s.pieces.len())
            .filter(|&k| s.pieces[k].2 > 1 || s.pieces[k].2 == 1 && !space_after(k))
            .count();
        // A two-byte sequence (lead `C2`–`DF`) must be whole and a Latin
        // letter or symbol: legacy CJK text puts lead and trail bytes in
        // `C0`–`DF` (`ÓÉÏµÍ³`, 由系统 in GBK, reads as `Ó` short of a byte
        // and `ϵ`), UTF-8 that lost its C1 controls seldom holds one.
        // And a whole sequence must be valid UTF-8 (`í¤²`, `ED A4 B2`, is a
        // surrogate: no UTF-8 that lost its C1 controls holds it).
        let fits = |&(lead, known, missing): &(u8, Known, usize)| {
            let bytes = bytes_of(lead, known);
            let decoded = std::str::from_utf8(&bytes[..1 + known.len()]);
            if (0xC2..=0xDF).contains(&lead) {
                missing == 0
                    && decoded.is_ok_and(|c| c.chars().all(|c| ('\u{A0}'..='\u{24F}').contains(&c)))
            } else {
                lead.is_ascii() || missing > 0 || decoded.is_ok()
            }
        };
        if !s.pieces.iter().all(fits) {
            return None;
        }
        whole += s
            .pieces
            .iter()
            .filter(|p| !p.0.is_ascii() && p.2 == 0)
            .count();
        whole_wide += s.whole_wide;
        lost += s.lost;
    }
    Some(C1Evidence {
        whole,
        whole_wide,
        lost,
        lost_where_no_nbsp: lost_with_nbsp,
    })
}

/// The UTF-8 length a lead byte announces.
fn sequence_len(b: u8) -> Option<usize> {
    match b {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

fn is_continuation(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

/// `run` read as UTF-8 with dropped bytes restored, or `None` when it is
/// not UTF-8 that lost bytes: a byte out of place, no byte lost, or too
/// little that reads as UTF-8 for sure. The characters that say so are
/// the sequences of three or more bytes that lost nothing and the lost
/// characters one candidate clearly fills; there must be one, and as many
/// as the characters left U+FFFD (returned with the run: how many are
/// sure). (A legacy CJK encoding read as
/// windows-1252, `ÄãºÃ`, can pass as UTF-8 short of bytes, but then its
/// fills are no clear characters.)
fn repair_run(
    run: &str,
    page: CodePage,
    dropped: impl FnOnce() -> &'static [u8],
) -> Option<(String, usize)> {
    let Structure {
        pieces,
        whole_wide,
        lost,
        ..
    } = structure(run, page)?;
    if whole_wide + lost < 2 {
        return None;
    }
    let dropped = dropped();
    // Then the characters, and how many are sure.
    let mut out = String::with_capacity(run.len());
    let (mut sure, mut unresolved) = (whole_wide, 0usize);
    // Characters that lost bytes and are still to be filled: each can
    // make one more sure. Once the U+FFFD outnumber what can still be
    // sure, the run fails (no more fills are searched).
    let mut to_fill = lost;
    for (lead, known, missing) in pieces {
        if lead.is_ascii() {
            out.push(char::from(lead));
        } else if missing == 0 {
            out.push(
                std::str::from_utf8(&bytes_of(lead, known)[..1 + known.len()])
                    .ok()?
                    .chars()
                    .next()?,
            );
        } else {
            let c = fill(lead, known.as_slice(), missing, dropped);
            if c == '\u{FFFD}' {
                unresolved += 1;
            } else {
                sure += 1;
            }
            to_fill -= 1;
            if unresolved > sure + to_fill {
                return None;
            }
            out.push(c);
        }
    }
    (sure >= 1 && sure >= unresolved).then_some((out, sure))
}

/// A run of a line that is Latin-1 stripped of its C1 controls as a whole
/// ([`is_c1_dropped_line`]) read as UTF-8: whole sequences decoded, each
/// character that lost bytes filled where one candidate is clear and
/// U+FFFD where not, with how many characters are sure. `None` where a run
/// has no high byte out of place but lost nothing and holds no whole
/// sequence (nothing to read).
fn repair_c1_run(run: &str, before: Option<char>, after: Option<char>) -> Option<(String, usize)> {
    let page = CodePage::Latin1;
    // The C1 controls alone (the first 32 of Latin-1's lost bytes): NBSP
    // and the soft hyphen are Latin-1's own characters, and a space is a
    // space.
    let c1 = &page.lost_bytes()[..32];
    debug_assert!(c1.iter().copied().eq(0x80..=0x9F));
    let Structure { pieces, .. } = parse_with(run, page, false)?;
    let mut out = String::with_capacity(run.len());
    let (mut sure, mut changed) = (0, false);
    // A lead byte that lost every continuation byte, between two ASCII
    // letters or digits, is a Latin word's letter (`démarrage` beside
    // `è®¿é®å`), not a character: it stays.
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    for (k, &(lead, known, missing)) in pieces.iter().enumerate() {
        if lead.is_ascii() {
            out.push(char::from(lead));
            continue;
        }
        let prev = k
            .checked_sub(1)
            .map_or(before, |j| Some(char::from(pieces[j].0)));
        let next = pieces.get(k + 1).map_or(after, |p| Some(char::from(p.0)));
        if known.len == 0 && missing > 0 && word(prev) && word(next) {
            out.push(char::from(lead));
            continue;
        }
        changed = true;
        let c = if missing == 0 {
            std::str::from_utf8(&bytes_of(lead, known)[..1 + known.len()])
                .ok()?
                .chars()
                .next()?
        } else {
            fill(lead, known.as_slice(), missing, c1)
        };
        sure += usize::from(c != '\u{FFFD}');
        out.push(c);
    }
    changed.then_some((out, sure))
}

/// A run's bytes and its UTF-8 sequences, each as (lead, continuation
/// bytes present, bytes missing), with how many sequences of three or more
/// bytes are whole and how many lost bytes.
struct Structure {
    sequences: usize,
    pieces: Vec<(u8, Known, usize)>,
    whole_wide: usize,
    lost: usize,
}

/// `run` as UTF-8 that lost bytes, or `None` when a byte is out of place,
/// no byte was lost, or it holds fewer than two sequences.
fn structure(run: &str, page: CodePage) -> Option<Structure> {
    parse(run, page).filter(|s| s.sequences >= 2 && s.lost > 0)
}

/// `run` as UTF-8 sequences that may have lost continuation bytes, or
/// `None` when a byte is out of place (a continuation byte where a
/// sequence starts, a sequence short of more than two bytes).
fn parse(run: &str, page: CodePage) -> Option<Structure> {
    parse_with(run, page, true)
}

/// [`parse`], reading a space inside a sequence as a lost NBSP only when
/// `nbsp_spaces` (text whose C1 controls alone were dropped kept its NBSP).
fn parse_with(run: &str, page: CodePage, nbsp_spaces: bool) -> Option<Structure> {
    // The bytes' buffer is kept from run to run (most runs fail within a
    // few bytes, and allocating one each time cost more than the test).
    thread_local! {
        static BYTES: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
    }
    BYTES.with(|cell| {
        let mut bytes = cell.take();
        bytes.clear();
        let parsed = parse_into(run, page, nbsp_spaces, &mut bytes);
        if bytes.capacity() <= 1 << 16 {
            cell.set(bytes);
        }
        parsed
    })
}

/// [`parse`], with `bytes` an empty buffer for the run's bytes.
fn parse_into(
    run: &str,
    page: CodePage,
    nbsp_spaces: bool,
    bytes: &mut Vec<u8>,
) -> Option<Structure> {
    // The run's bytes, encoded as far as the structure test reads them
    // (most legacy CJK text fails it within a few bytes); `None` where a
    // character has no byte in the page, which fails the run as a whole.
    let mut chars = run.chars();
    let mut byte_at = |k: usize, bytes: &mut Vec<u8>| -> Option<Option<u8>> {
        while bytes.len() <= k {
            match chars.next() {
                Some(c) => bytes.push(page.encode_char(c)?),
                None => return Some(None),
            }
        }
        Some(Some(bytes[k]))
    };
    // First the structure alone, which most legacy CJK text read as a
    // code page fails at once (a GB2312 lead byte B0–BF after a whole
    // sequence is a stray continuation byte): ASCII bytes, and sequences
    // as (lead, continuation bytes present, bytes missing).
    // (Continuation bytes in a fixed array: no allocation per sequence.)
    let mut pieces: Vec<(u8, Known, usize)> = Vec::new();
    let (mut whole_wide, mut lost) = (0usize, 0usize);
    let mut i = 0;
    while let Some(b) = byte_at(i, bytes)? {
        if b.is_ascii() {
            pieces.push((b, Known::default(), 0));
            i += 1;
            continue;
        }
        let len = sequence_len(b)?;
        // The continuation bytes present; a space inside is a lost NBSP
        // (`A0`) when a byte of the sequence is still due.
        let mut known = Known::default();
        let mut j = i + 1;
        while known.len() < len - 1 {
            match byte_at(j, bytes)? {
                Some(c) if is_continuation(c) => known.push(c),
                Some(b' ')
                    if nbsp_spaces && byte_at(j + 1, bytes)?.is_some_and(|n| !n.is_ascii()) =>
                {
                    known.push(0xA0)
                }
                _ => break,
            }
            j += 1;
        }
        let missing = len - 1 - known.len();
        if missing > 2 {
            return None;
        }
        whole_wide += usize::from(missing == 0 && len >= 3);
        lost += usize::from(missing > 0);
        pieces.push((b, known, missing));
        i = j;
    }
    let sequences = pieces.iter().filter(|p| !p.0.is_ascii()).count();
    Some(Structure {
        pieces,
        sequences,
        whole_wide,
        lost,
    })
}

/// Up to three continuation bytes.
#[derive(Default, Clone, Copy)]
struct Known {
    bytes: [u8; 3],
    len: usize,
}

impl Known {
    fn len(&self) -> usize {
        self.len
    }

    fn push(&mut self, b: u8) {
        self.bytes[self.len] = b;
        self.len += 1;
    }

    fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// The lead and the continuation bytes (the first `1 + known.len()`).
fn bytes_of(lead: u8, known: Known) -> [u8; 4] {
    let mut v = [lead, 0, 0, 0];
    v[1..1 + known.len()].copy_from_slice(known.as_slice());
    v
}

/// The character a sequence that lost `missing` continuation bytes most
/// likely was, or U+FFFD: each lost byte, one of `dropped`, may sit at any
/// place among the known ones.
fn fill(lead: u8, known: &[u8], missing: usize, dropped: &[u8]) -> char {
    // Nor is a character outside the BMP (a four-byte sequence) ever a
    // fill: the frequency table holds none, and its class's price alone
    // would prefer an emoji (14 bits) to the rare Han around it (as the
    // CJK repair's `fill_lost`).
    if lead >= 0xF0 {
        return '\u{FFFD}';
    }
    // Two bytes of 34 (Latin-1 without its C1 controls) leave over a
    // thousand candidates: none is clear enough to be worth the search.
    if dropped.len().pow(missing as u32) > MAX_FILLS {
        return '\u{FFFD}';
    }
    let slots = known.len() + missing;
    let mut best: Option<(u32, char)> = None;
    let mut second = u32::MAX;
    let mut consider = |bytes: &[u8]| {
        let Ok(s) = std::str::from_utf8(bytes) else {
            return;
        };
        let Some(c) = s.chars().next() else { return };
        let bits = char_bits(c);
        match best {
            Some((b, bc)) if bc == c => {
                best = Some((b.min(bits), c));
            }
            Some((b, _)) if bits < b => {
                second = b;
                best = Some((bits, c));
            }
            Some(_) => second = second.min(bits),
            None => best = Some((bits, c)),
        }
    };
    // Which slots are lost: one mask per placement.
    for mask in 0u32..(1 << slots) {
        if mask.count_ones() as usize != missing {
            continue;
        }
        let fills = dropped.len().pow(missing as u32);
        for n in 0..fills {
            // (A sequence is at most four bytes: no allocation per
            // candidate.)
            let mut seq = [lead, 0, 0, 0];
            let (mut k, mut f) = (0, n);
            for s in 0..slots {
                seq[1 + s] = if mask & (1 << s) != 0 {
                    let b = dropped[f % dropped.len()];
                    f /= dropped.len();
                    b
                } else {
                    k += 1;
                    known[k - 1]
                };
            }
            consider(&seq[..1 + slots]);
        }
    }
    match best {
        Some((bits, c)) if bits <= FILL_MAX_BITS && bits + FILL_MARGIN <= second => c,
        _ => '\u{FFFD}',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// UTF-8 read as windows-1252 by a decoder that drops its undefined
    /// bytes (Python's `errors="ignore"`).
    fn garble_1252_ignore(text: &str) -> String {
        let page = CodePage::SloppyWindows1252;
        text.bytes()
            .filter(|b| !matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
            .map(|b| page.decode_byte(b))
            .collect()
    }

    /// UTF-8 read as Latin-1 and stripped of its C1 controls.
    fn strip_c1(text: &str) -> String {
        text.bytes()
            .filter(|b| !(0x80..=0x9F).contains(b))
            .map(char::from)
            .collect()
    }

    #[test]
    fn is_high_is_a_high_byte_of_the_page() {
        for page in [CodePage::SloppyWindows1252, CodePage::Latin1] {
            for c in (0..0x11_0000).filter_map(char::from_u32) {
                let want = !c.is_ascii() && page.encode_char(c).is_some();
                assert_eq!(is_high(page, c), want, "{page} {c:?}");
            }
        }
    }

    #[test]
    fn hiragana_lose_their_middle_byte() {
        let garbled = garble_1252_ignore("こんにちは");
        assert_eq!(garbled, "ã“ã‚“ã«ã¡ã¯");
        assert_eq!(restore_dropped_bytes(&garbled), "こんにちは");
    }

    #[test]
    fn ambiguous_losses_become_replacement_characters() {
        // バ is E3 83 90: any of チネハバポ fits E3 83 ??.
        let garbled = garble_1252_ignore("バレーライン");
        let fixed = restore_dropped_bytes(&garbled);
        assert_eq!(fixed, "\u{FFFD}レーライン");
    }

    #[test]
    fn a_space_inside_a_sequence_was_a_no_break_space() {
        // ム is E3 83 A0; a clean-up made its A0 a space.
        let garbled = "ã‚µãƒ ãƒã‚¤ãƒ«";
        let fixed = restore_dropped_bytes(garbled);
        assert!(fixed.starts_with("サム"), "{fixed}");
    }

    #[test]
    fn once_a_run_is_sure_the_others_need_one_sure_character() {
        // 画像's 像 (E5 83 8F) lost its 8F and could be several characters:
        // 画 alone is too little; after a run that was sure, it will do.
        let alone = garble_1252_ignore("画像");
        assert!(matches!(restore_dropped_bytes(&alone), Cow::Borrowed(_)));
        let garbled = garble_1252_ignore("こんにちは/画像");
        let fixed = restore_dropped_bytes(&garbled);
        assert!(
            fixed == "こんにちは/画\u{FFFD}" || fixed == "こんにちは/画像",
            "{fixed}"
        );
    }

    #[test]
    fn latin_1_without_its_c1_controls_is_told_by_its_structure() {
        // 季康子问 and 家人 ... 各种语言: most characters lost a byte.
        assert!(is_c1_dropped_utf8(&strip_c1("季康子问：“弟子孰为好学？”")));
        assert!(is_c1_dropped_utf8(&strip_c1(
            "SQL 标准为 CREATE VIEW 声明了一些限制"
        )));
        // Not so: clean Latin-1, GBK read as Latin-1, and text showing
        // windows-1252's own characters.
        assert!(!is_c1_dropped_utf8("Größe: 5 µm, naïve café"));
        assert!(!is_c1_dropped_utf8("ÎÒÃÇÐèÒªÒ»¸ö¸üºÃµÄ½â¾ö·½°¸"));
        assert!(!is_c1_dropped_utf8("ã“ã‚“ã«ã¡ã¯ å®¶äºº"));
        // Nor legacy CJK read as Latin-1 with its C1 controls dropped:
        // Shift_JIS and Big5 (lead bytes in 80–9F among them) fail the
        // structure too.
        let legacy_garble = |text: &str, encoding: &'static encoding_rs::Encoding| -> String {
            let (bytes, _, _) = encoding.encode(text);
            bytes
                .iter()
                .filter(|b| !(0x80..=0x9F).contains(*b))
                .map(|&b| char::from(b))
                .collect()
        };
        for (text, encoding) in [
            ("日本語のテキストを表示する", encoding_rs::SHIFT_JIS),
            ("これは文字化けの対策です", encoding_rs::SHIFT_JIS),
            ("繁體中文的測試文字", encoding_rs::BIG5),
            ("我們需要一個更好的解決方案", encoding_rs::BIG5),
        ] {
            let garbled = legacy_garble(text, encoding);
            assert!(!is_c1_dropped_utf8(&garbled), "{text}: {garbled}");
        }
    }

    #[test]
    fn a_line_without_its_c1_controls_is_read_whole() {
        // Each character comes back or becomes U+FFFD, one for one: none is
        // made up, and every one whose bytes all survived is itself.
        for text in [
            "SQL 标准为 CREATE VIEW 声明了一些限制功能：",
            "家人或许不一定永远敬爱你，但一定会在你身边。",
            "XFS 是一個日誌式檔案系統，由 SGI 設計",
            "東京都の天気予報は明日も晴れです。",
            "컨트롤을 라이브 모드에서 표시할지 여부를 정의합니다.",
        ] {
            let garbled = strip_c1(text);
            assert!(is_c1_dropped_line(&garbled), "{text}");
            let fixed = restore_dropped_bytes(&garbled);
            assert_eq!(fixed.chars().count(), text.chars().count(), "{fixed}");
            for (got, want) in fixed.chars().zip(text.chars()) {
                assert!(got == want || got == '\u{FFFD}', "{text} → {fixed}");
                let mut buf = [0; 4];
                let whole = !want
                    .encode_utf8(&mut buf)
                    .bytes()
                    .any(|b| (0x80..=0x9F).contains(&b));
                assert!(!whole || got == want, "{want} in {text} → {fixed}");
            }
        }
    }

    #[test]
    fn a_short_text_without_its_c1_controls_needs_one_sure_character() {
        // A real case: 太棒了 whose 棒 and 了 each lost a byte.
        assert_eq!(restore_dropped_bytes("å¤ªæ£äº"), "太\u{FFFD}\u{FFFD}");
        // Legacy CJK read as windows-1252 without a byte in 80–9F is no
        // such text: 由系统提供 and 设定 in GBK, 轉換 in Big5, 필드를 in
        // EUC-KR (their lead and trail bytes in C0–DF).
        for garbled in ["ÓÉÏµÍ³Ìá¹©", "Éè¶¨", "Âà´«", "ÇÊµå¸¦", "Ðå´ºÌ¨ÉÏ"]
        {
            assert!(!is_c1_dropped_line(garbled), "{garbled}");
        }
        // Nor clean Latin-1 text, nor text whose "whole" sequence is no
        // UTF-8 (`í¤²` would be a surrogate).
        for clean in [
            "naïve café",
            "Größe: 5 µm ± 0,1",
            "à la carte, s'il vous plaît",
            "così paí¤²s",
            "Il a été payé í¤± hier",
        ] {
            assert!(!is_c1_dropped_line(clean), "{clean}");
        }
    }

    #[test]
    fn a_fragment_without_its_c1_controls_is_left_alone() {
        // 互換性 and オプション lost a byte in every character: nothing can be
        // read, and the CJK repair made up `ょ∞盟` and such; now the line
        // stays as it is.
        for text in ["互換性", "オプション", "ファイル"] {
            let garbled = strip_c1(text);
            assert!(is_c1_dropped_fragment(&garbled), "{text}: {garbled}");
            assert_eq!(crate::fix_text(&garbled), garbled, "{text}");
        }
        // Not a fragment: text with a whole sequence (read whole instead),
        // legacy CJK read as windows-1252 (still repaired).
        for text in ["å¤ªæ£äº", "ÓÉÏµÍ³Ìá¹©", "Âà´«", "ÇÊµå¸¦"] {
            assert!(!is_c1_dropped_fragment(text), "{text}");
        }
        assert_eq!(crate::fix_text("ÓÉÏµÍ³Ìá¹©"), "由系统提供");
        // Clean Latin-1 words can have the shape (`ï` and `é` are lead
        // bytes): the CJK repair leaves them alone all the same.
        assert!(is_c1_dropped_fragment("naïve café"));
        assert_eq!(crate::fix_text("naïve café"), "naïve café");
    }

    #[test]
    fn the_holes_of_a_line_read_whole_are_not_read_again() {
        // The whole fix, every round: the CJK repair read such output
        // (characters and U+FFFD) as UTF-8 through Big5, filling two lost
        // bytes of a four-byte sequence with an emoji (`🦹`), which only its
        // class's price preferred. One for one, each character is the
        // original or U+FFFD.
        let text = "在派生新程序時進行確認提示。 當作為使用者例項執行時，此選項沒有實際意義。";
        let garbled = strip_c1(text);
        let fixed = crate::fix_text(&garbled);
        assert_eq!(fixed.chars().count(), text.chars().count(), "{fixed}");
        for (got, want) in fixed.chars().zip(text.chars()) {
            assert!(got == want || got == '\u{FFFD}', "{text} → {fixed}");
        }
    }

    #[test]
    fn latin_letters_beside_a_line_read_whole_stay() {
        // 访问 without its C1 controls, beside a French word: the é of
        // `démarrage` is the word's, not a lead byte short of two.
        let fixed = restore_dropped_bytes("UID è®¿é®å (démarrage)");
        assert!(fixed.starts_with("UID 访"), "{fixed}");
        assert!(fixed.ends_with(" (démarrage)"), "{fixed}");
        let fixed = restore_dropped_bytes("utilisée_è©³ç´°ã«ã¤.txt");
        assert!(fixed.starts_with("utilisée_詳細"), "{fixed}");
    }

    #[test]
    fn clean_text_is_left_alone() {
        for clean in [
            "naïve café",
            "Ça va, très bien",
            "São Paulo “não” é",
            "Ã la carte",
            "Größe: 5 µm ± 0,1",
        ] {
            assert!(
                matches!(restore_dropped_bytes(clean), Cow::Borrowed(_)),
                "{clean}"
            );
        }
    }

    #[test]
    fn legacy_cjk_read_as_windows_1252_is_not_this_repairs() {
        // 你好 in GBK, and a GBK sentence, read as windows-1252.
        for garbled in ["ÄãºÃ", "ÎÒÃÇÐèÒªÒ»¸ö¸üºÃµÄ½â¾ö·½°¸"] {
            assert!(
                matches!(restore_dropped_bytes(garbled), Cow::Borrowed(_)),
                "{garbled}"
            );
        }
    }

    #[test]
    fn complete_mojibake_is_not_this_repairs() {
        // Nothing lost: fix_encoding's job.
        assert!(matches!(
            restore_dropped_bytes("cafÃ© ã‚¯ãƒ©ã‚¹"),
            Cow::Borrowed(_)
        ));
    }
}
