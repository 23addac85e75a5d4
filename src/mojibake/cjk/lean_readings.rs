//! The lean paths: a line settled as a whole by one reading (legacy CJK
//! read as windows-1252, or UTF-8 read as a legacy encoding) where that
//! reading is decisive for the line, instead of run by run.

use super::false_triggers::has_mark_beside_non_ascii;
use super::glued_ascii::{
    ascii_word_after, glued_fill, glued_trails, stolen_kana_trail, stop_in_place,
};
use super::legacy::Legacy;
use super::line_scratch::LineScratch;
use super::lost_bytes::is_halfwidth;
use super::reading_tables::lost_fills;
use super::single_byte_runs::{page_codes, punctuation_codes, NO_BYTE, PAGE_CODES_END, REJECTED};
use super::single_byte_spans::{
    looks_like_hangul, reading_order, whole_is_utf8, DECISIVE_CHARS, DECISIVE_TENTHS,
};
use super::utf8_holes::settle_holes;
use super::utf8_runs::{
    encode_run, has_holes, is_cjk_text, swallowed_after_run, Unit, Utf8Scratch,
};
use super::utf8_sequences::decode_sequence_before;
use super::{plausibility, SINGLE_BYTE_PAGES};

test_switch! {
    /// Tests: `false` sends every line to `repair_line`, as before
    /// `lean_reading`.
    pub(super) fn lean_path, static LEAN_PATH = true
}

/// In a window of [`LEAN_WINDOW`] non-ASCII characters of a lean reading,
/// at most this many bits.
const LEAN_WINDOW_BITS: u32 = 42;
/// ... and no character over this many bits.
const LEAN_CHAR_BITS: u32 = 15;
const LEAN_WINDOW: usize = 3;

/// The lean path for a line whose first trigger is a single-byte one: the
/// whole line read as windows-1252 bytes, decoded strictly with one legacy
/// encoding, when that reading is decisive for the line as a whole. The
/// test of `is_decisive` (at least [`DECISIVE_CHARS`] non-ASCII
/// characters, at most 11 bits each on average, no kana outside
/// Shift_JIS), and besides no character over [`LEAN_CHAR_BITS`], no
/// [`LEAN_WINDOW`] in a row over [`LEAN_WINDOW_BITS`], no halfwidth
/// katakana or fullwidth Latin letter, and no pair whose trail is an ASCII
/// letter or digit before another: where a strict decoder re-phased after a
/// lost byte (a mean over the whole line hides such a stretch; the full
/// path reads it with the lost byte). The line must hold no U+FFFD (a byte
/// the page rejected), must not be UTF-8 through a page as a whole (the
/// Latin repair's), and is not encoded whole when fewer than a quarter of
/// its characters are high (`encode_1252`). The encodings are tried as
/// `single_byte_read_as` tries a run (Hangul-looking bytes with EUC-KR
/// first). `None` sends the line to [`repair_line`], as every line went
/// before. On the bench input it decides 271 of the 700 damaged lines, each
/// as `repair_line` did (and none of `damaged_10pct.txt`); elsewhere it may
/// differ from `repair_line` (test `the_lean_path_leaves_latin_words_alone`,
/// and `ARCHITECTURE.md` for the damage report's rows).
///
/// [`repair_line`]: super::line_repair::repair_line
pub(super) fn lean_reading(text: &str) -> Option<(String, Legacy)> {
    if !lean_path() || text.contains('\u{FFFD}') {
        return None;
    }
    let bytes = encode_1252(text)?;
    let order = reading_order(looks_like_hangul(&bytes));
    // (Whole UTF-8 asked last: most lines fail the readings first.)
    // (A pair reads as three bytes of UTF-8, mostly: room for that.)
    let mut read = String::with_capacity(bytes.len() + bytes.len() / 2 + 4);
    let legacy = order
        .into_iter()
        .find(|&legacy| lean_read_as(&bytes, legacy, &mut read))?;
    (!whole_is_utf8(text)).then_some((read, legacy))
}

/// The lean path for a line whose first trigger is a UTF-8 one (`mask`,
/// bit k: `Legacy::ALL[k]`): every stretch of non-ASCII characters
/// re-encoded whole with the legacy encoding and read as UTF-8, the holes
/// of a stretch that has some (U+FFFD; `・` in Shift_JIS) settled by the
/// same search as [`utf8_read_as`] (`settle_holes`) on that stretch alone,
/// taken for the line when the reading is decisive for the line as a whole:
/// every stretch encodes and decodes whole (no bridged or cut sequence,
/// and a character of three or four bytes in each, a hole not counting),
/// at least [`LEAN_UTF8_CHARS`] non-ASCII characters besides U+FFFD, at
/// most [`LEAN_UTF8_TENTHS`] tenths of a bit a character on average, none
/// over [`LEAN_CHAR_BITS`] and no [`LEAN_WINDOW`] in a row over
/// [`LEAN_WINDOW_BITS`]; each stretch is repaired where the full path
/// would keep its repair ([`splice_lean_candidates`]), and a lone stretch
/// that only the line's other stretches would carry sends the line on. A
/// `?` beside a non-ASCII character (a Windows decoder's mark, or a
/// question mark: the full path's search decides) sends the line to
/// [`repair_line`], as does anything else. The encodings of `mask` are
/// tried in the order of `Legacy::ALL`. Leaves the line's characters in
/// `scratch.chars` (where [`repair_line`] takes them instead of decoding
/// the line again).
///
/// [`utf8_read_as`]: super::utf8_runs::utf8_read_as
/// [`repair_line`]: super::line_repair::repair_line
pub(super) fn lean_utf8_reading(
    text: &str,
    mask: u8,
    scratch: &mut LineScratch,
) -> Option<(String, Legacy)> {
    let LineScratch { chars, utf8, .. } = scratch;
    chars.clear();
    chars.extend(text.chars());
    utf8.memo.clear();
    if !lean_path() || has_mark_beside_non_ascii(text) {
        return None;
    }
    let mut read = String::with_capacity(text.len() + text.len() / 2);
    for (k, legacy) in Legacy::ALL.into_iter().enumerate() {
        if mask & (1 << k) != 0 && lean_utf8_read_as(text, chars, legacy, utf8, &mut read) {
            return Some((read, legacy));
        }
    }
    None
}

/// [`lean_utf8_reading`] with one encoding: whether the reading of every
/// stretch (written to `read`, with the ASCII between them) passes the
/// tests there. `chars`: the characters of `text`.
fn lean_utf8_read_as(
    text: &str,
    chars: &[char],
    legacy: Legacy,
    reuse: &mut Utf8Scratch,
    read: &mut String,
) -> bool {
    read.clear();
    let Utf8Scratch {
        units,
        char_unit,
        holes: scratch,
        stretch,
        candidates,
        repaired,
        memo,
        ..
    } = reuse;
    let mut tally = LeanTally::default();
    // Where the stretch holds a guessed mark written as U+FFFD
    // (`utf8_sequences::Sequence::withheld`; rare: no allocation without).
    let mut withheld: Vec<usize> = Vec::new();
    candidates.clear();
    repaired.clear();
    // Whether a stretch is multi-byte only by sequences that lost bytes, and
    // whether a stretch may have a clean character glued on (see below).
    let (mut loss_only, mut glued) = (false, false);
    let mut i = 0;
    // The byte offset of `chars[i]` in `text` (a stretch is copied from
    // there, not encoded again character by character).
    let mut b = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii() {
            read.push(c);
            i += 1;
            b += 1;
            continue;
        }
        let run_start = i;
        i = encode_run(chars, run_start, legacy, units, char_unit);
        // A character the encoding cannot take: not this encoding's line.
        if i == run_start || chars.get(i).is_some_and(|c| !c.is_ascii()) {
            return false;
        }
        char_unit.push(units.len());
        let (settled, index): (&[Unit], &[usize]) = if has_holes(units) {
            // As `utf8_read_as` settles a run's holes.
            let swallowed = swallowed_after_run(chars, i);
            scratch.mark_holes(units, char_unit, &chars[run_start..i]);
            settle_holes(units, char_unit, legacy, swallowed, scratch);
            (&scratch.settled, &scratch.settled_index)
        } else {
            (units, char_unit)
        };
        // (For `utf8_read_as`, should the line go to the full path.)
        memo.keep(legacy, run_start, i, settled, index);
        let mut u = 0;
        let (mut multibyte, mut ascii, mut whole_long) = (false, false, 0);
        // Multi-byte by a sequence that decoded to a character, not only
        // by one that lost bytes (see below).
        let mut multibyte_known = false;
        stretch.clear();
        withheld.clear();
        let space_after = chars.get(i) == Some(&' ');
        while u < settled.len() {
            let Some(seq) = decode_sequence_before(&settled[u..], space_after) else {
                return false;
            };
            let whole = settled[u..u + seq.consumed]
                .iter()
                .all(|unit| matches!(unit, Unit::Byte(_)));
            u += seq.consumed;
            let c = seq.c;
            if seq.withheld {
                withheld.push(stretch.len());
            }
            stretch.push(c);
            // (A sequence of three or four bytes that lost some counts, as
            // in `decode_utf8_spans`: a stretch that reads as U+FFFD alone,
            // `鞕�` for a Hangul syllable that lost its last byte, is not
            // two-byte UTF-8.)
            multibyte |= seq.len > 2;
            if c == '\u{FFFD}' {
                continue;
            }
            // An ASCII byte out of the stretch's non-ASCII characters: a
            // pair with an ASCII trail (a lone stretch, below).
            if c.is_ascii() {
                ascii = true;
                continue;
            }
            multibyte_known |= seq.len > 2;
            whole_long += usize::from(whole && seq.len > 2);
            if !tally.take(c) {
                return false;
            }
        }
        // Two-byte UTF-8 alone is `two_byte_utf8`'s (as in
        // `decode_utf8_spans`).
        if !multibyte {
            return false;
        }
        // The stretch is a candidate where it saves bits, weighed as the
        // full path weighs a span (`weigh_into`): what it saves and the
        // margin it must win by on its own.
        let garbled = &chars[run_start..i];
        // A stretch that begins or ends with a common character may be
        // damage with clean text glued to it (`NULL��地` is `NULL` and
        // holes, then `地`, whose Big5 bytes `A6 61` read as a continuation
        // byte and `a`): the full path weighs the spans that leave that
        // character, the lean reading only the whole stretch. Such a line
        // goes to the full path where a stretch is multi-byte only by
        // sequences that lost bytes (a line the lean reading took only
        // since it counts those; where every stretch has a sequence that
        // decoded, the lean reading does better than the full path).
        loss_only |= !multibyte_known;
        glued |= glued_common_edge(garbled, stretch, !multibyte_known);
        let before = run_start.checked_sub(1).map(|k| chars[k]);
        let after = chars.get(i).copied();
        let at = read.len();
        let garbled_len: usize = garbled.iter().map(|c| c.len_utf8()).sum();
        read.push_str(&text[b..b + garbled_len]);
        b += garbled_len;
        if garbled == &stretch[..] {
            continue;
        }
        let (garbled_bits, holes) =
            plausibility::garbled_cost(garbled.iter().copied(), before, after);
        let Some((v, _)) = plausibility::weigh_slice_against(
            (garbled_bits, holes),
            stretch,
            before,
            after,
            garbled_bits,
            None,
            0,
        ) else {
            continue;
        };
        let saved = i64::from(v.garbled_bits) - i64::from(v.repaired_bits);
        // A stretch is lone when nothing but its reading says it is
        // damaged: no hole (U+FFFD, a byte the decoder rejected), and not
        // two whole sequences of three or four bytes (one is common by
        // chance in clean text, two are not: the trigger's own rule, and
        // the full path proposes runs only in stretches with a trigger), or
        // an ASCII byte out of its characters (a pair with an ASCII trail:
        // `隨機` through Shift_JIS reads `笋@`). A clean word beside a long
        // damaged stretch, which establishes the chain for the line, is
        // such a stretch (`頁碼`, `邏輯`), and so is damage that a
        // swallowing decoder made (`鐨刞` for `的\``): a lone stretch that
        // would be repaired without winning by its own margin sends the
        // line to the full path, which weighs it in context.
        let lone = holes == 0 && (ascii || whole_long < 2);
        if lone && saved > 0 && saved < i64::from(v.margin) {
            return false;
        }
        if saved > 0 {
            let from = repaired.len();
            repaired.extend_from_slice(stretch);
            // A guessed mark weighed as the mark is written as U+FFFD
            // (`utf8_sequences::Sequence::withheld`).
            for &k in &withheld {
                repaired[from + k] = '\u{FFFD}';
            }
            candidates.push(LeanCandidate {
                at,
                len: read.len() - at,
                repaired: from..repaired.len(),
                saved,
                margin: i64::from(v.margin),
            });
        }
    }
    if !tally.passes(LEAN_UTF8_CHARS, LEAN_UTF8_TENTHS) || (loss_only && glued) {
        return false;
    }
    if !candidates.is_empty() {
        splice_lean_candidates(read, candidates, repaired);
    }
    true
}

/// Whether a side of a garbled stretch may be a clean character glued to
/// damage, which the whole stretch's reading would take with it: the
/// first or the last character that is not U+FFFD is common CJK text by
/// itself (priced at most [`COMMON_EDGE_BITS`]; not a Windows decoder's
/// mark, `・`), and either the stretch is
/// multi-byte only by sequences that lost bytes (`loss_only`), or its
/// reading ends on that side in a hole or in no CJK text (`���《`, a lost
/// `。` and a glued `《` read as holes; the GBK bytes of 70 common hanzi
/// read as `ǰ`, `һ`, `Ԫ`: EUC-JP `念` as `ǰ`).
fn glued_common_edge(garbled: &[char], reading: &[char], loss_only: bool) -> bool {
    let common = |&c: &char| is_cjk_text(c) && plausibility::char_bits(c) <= COMMON_EDGE_BITS;
    let no_cjk = |c: Option<&char>| c.is_some_and(|&c| !is_cjk_text(c));
    let mut known = garbled.iter().filter(|&&c| c != '\u{FFFD}');
    let first = known.next();
    let last = known.next_back().or(first);
    (first.is_some_and(common) && (loss_only || no_cjk(reading.first())))
        || (last.is_some_and(common) && (loss_only || no_cjk(reading.last())))
}

/// See [`glued_common_edge`].
const COMMON_EDGE_BITS: u32 = 12;

/// A stretch the lean UTF-8 reading may repair: where its garbled text
/// sits in the reading (bytes), its repair (in the line's repaired
/// characters), what it saves and the margin it must win by on its own.
pub(super) struct LeanCandidate {
    at: usize,
    len: usize,
    repaired: std::ops::Range<usize>,
    saved: i64,
    margin: i64,
}

/// Writes into `read` (the garbled line) the repairs of the lean UTF-8
/// reading's candidates that the full path would keep (`repair_line`,
/// `accepted`): a chain whose repairs win on their own by 24 bits in total,
/// or two that win, is established for the line, and its other repairs
/// need only save a bit; everything else must win by its own margin.
fn splice_lean_candidates(read: &mut String, candidates: &[LeanCandidate], repaired: &[char]) {
    let winners = candidates.iter().filter(|c| c.saved >= c.margin);
    let total: i64 = winners.clone().map(|c| c.saved - c.margin).sum();
    let established = total >= 24 || winners.count() >= 2;
    let garbled = std::mem::take(read);
    let mut last = 0;
    for c in candidates {
        read.push_str(&garbled[last..c.at]);
        if c.saved >= c.margin || established {
            read.extend(&repaired[c.repaired.clone()]);
        } else {
            read.push_str(&garbled[c.at..c.at + c.len]);
        }
        last = c.at + c.len;
    }
    read.push_str(&garbled[last..]);
}

/// A lean UTF-8 reading has at least this many non-ASCII characters
/// besides U+FFFD ...
const LEAN_UTF8_CHARS: usize = 4;
/// ... and at most this many tenths of a bit each on average.
const LEAN_UTF8_TENTHS: u32 = 125;

/// Whether the characters at the start of `text` (from a single-byte
/// trigger) may be legacy CJK bytes read as windows-1252, for
/// [`lean_reading`], from their first 32 bytes there: not UTF-8 read so
/// (three in four of the high bytes in UTF-8's shape, a lead `C2`–`EF` and
/// its continuation bytes; legacy CJK bytes make some by chance), nor
/// accented letters, Cyrillic or Greek in their code pages (no high byte in
/// `80`–`BF`, where legacy CJK text has a trail byte, or a GBK or Shift_JIS
/// lead, every few characters). A constant cost per line, so that other
/// text is not encoded whole.
pub(super) fn looks_legacy_at(text: &str) -> bool {
    let codes = page_codes();
    let mut bytes = [0u8; 32];
    let mut n = 0;
    for c in text.chars() {
        if n == bytes.len() {
            break;
        }
        let cp = c as usize;
        bytes[n] = if cp < 0x80 {
            cp as u8
        } else if cp < PAGE_CODES_END && codes[cp][0] != NO_BYTE {
            codes[cp][0] as u8
        } else if let Some(codes) = punctuation_codes(c).filter(|c| c[0] != NO_BYTE) {
            codes[0] as u8
        } else {
            return false;
        };
        n += 1;
    }
    let bytes = &bytes[..n];
    let (mut high, mut low, mut shaped) = (0, 0, 0);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if b < 0x80 {
            continue;
        }
        high += 1;
        low += usize::from(b < 0xC0);
        let len = match b {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            _ => continue,
        };
        if let Some(cont) = bytes.get(i..i + len) {
            if cont.iter().all(|&c| (0x80..=0xBF).contains(&c)) {
                high += len;
                low += len;
                shaped += len + 1;
                i += len;
            }
        }
    }
    low > 0 && 4 * shaped < 3 * high
}

/// `text` in sloppy windows-1252 (as `CodePage::encode`), from the page
/// tables the single-byte direction builds anyway; `None` when a character
/// has no byte there (test `the_1252_encoder_is_the_pages`), or, for
/// [`lean_reading`], when high bytes come in fewer than a quarter of its
/// characters (checked every 64: a long line of other text is not encoded
/// whole).
pub(super) fn encode_1252(text: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(text.len());
    let codes = page_codes();
    let mut high = 0;
    for (k, c) in text.chars().enumerate() {
        // Text with a high byte in fewer than one character in four is
        // not read whole either (in each stretch of 64).
        if k % 64 == 63 && 4 * high < k {
            return None;
        }
        let cp = c as usize;
        let code = if cp < 0x80 {
            if c == '\u{1A}' {
                return None;
            }
            cp as u16
        } else if cp < PAGE_CODES_END {
            codes[cp][0]
        } else {
            punctuation_codes(c)?[0]
        };
        if code == NO_BYTE || code & REJECTED != 0 {
            return None;
        }
        high += usize::from(code >= 0x80);
        bytes.push(code as u8);
    }
    Some(bytes)
}

/// The per-character tests of the lean readings and their running totals:
/// no character over [`LEAN_CHAR_BITS`], no [`LEAN_WINDOW`] in a row over
/// [`LEAN_WINDOW_BITS`], and the count and bits of the non-ASCII
/// characters for the line's mean.
#[derive(Default)]
struct LeanTally {
    n: u32,
    bits: u32,
    window: [u32; LEAN_WINDOW],
}

impl LeanTally {
    /// Counts `c`: false when it, or the window it ends, fails the tests.
    fn take(&mut self, c: char) -> bool {
        let cost = plausibility::char_bits(c);
        if cost > LEAN_CHAR_BITS {
            return false;
        }
        // The window as a ring (its sum does not depend on the order): the
        // slot of the character `LEAN_WINDOW` back takes this one.
        self.window[self.n as usize % LEAN_WINDOW] = cost;
        self.n += 1;
        self.bits += cost;
        !(self.n as usize >= LEAN_WINDOW && self.window.iter().sum::<u32>() > LEAN_WINDOW_BITS)
    }

    /// Whether the characters counted are at least `chars` and cost at
    /// most `tenths` tenths of a bit each on average.
    fn passes(&self, chars: usize, tenths: u32) -> bool {
        self.n as usize >= chars && self.bits * 10 <= tenths * self.n
    }
}

/// [`lean_reading`] with one encoding: whether the strict reading of
/// `bytes` (one or two bytes a character, written to `read`) passes the
/// tests there. A pair whose second byte is an ASCII letter or digit before
/// another one fails them (a lost lead: its trail took the first letter of
/// a word, `膕mbclient` for 從smbclient), and so does a pair with an ASCII
/// trail after a letter and before no legacy byte (the end of a Latin word
/// with an accented letter in a lead byte's range, `née`).
fn lean_read_as(bytes: &[u8], legacy: Legacy, read: &mut String) -> bool {
    read.clear();
    let mut tally = LeanTally::default();
    let mut i = 0;
    // Where the last pair ended.
    let mut after_pair = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // An ASCII byte glued between a kana and a high byte that a
            // lost lead would make a clear character (`ƒL[‚Í`, キーは): the
            // full path weighs the two readings ([`glued_trail`]).
            if (0x40..=0x7E).contains(&b)
                && read
                    .chars()
                    .next_back()
                    .is_some_and(|c| ('\u{3041}'..='\u{30FA}').contains(&c))
                && bytes.get(i + 1).is_some_and(|&n| n >= 0x80)
                && glued_trails()
                && glued_fill(lost_fills(legacy, SINGLE_BYTE_PAGES[0]), b).is_some()
            {
                return false;
            }
            // An ASCII trail 40–7E after a pair of two kana leads and
            // before the katakana lead 83: a lead that lost its trail took the next
            // kana's (`ƒvƒƒOƒ‰` read `プャOラ` for `プ�グラ`); the full path
            // reads the run a second time (`glued_ascii::stolen_kana_trail`).
            if legacy == Legacy::ShiftJis && after_pair == i && stolen_kana_trail(bytes, i) {
                return false;
            }
            // A stop whose lead `81` was lost (`するB`): the full path
            // reads it (`glued_ascii::stop_in_place`, for a run that shows
            // no other loss; a run that does is not read here).
            if legacy == Legacy::ShiftJis
                && after_pair == i
                && read.chars().next_back().is_some_and(|c| {
                    stop_in_place(
                        b,
                        c,
                        bytes.get(i + 1).map(|&n| char::from(n)),
                        lost_fills(legacy, SINGLE_BYTE_PAGES[0]),
                        false,
                    ) && ascii_word_after(bytes, i)
                })
            {
                return false;
            }
            read.push(char::from(b));
            i += 1;
            continue;
        }
        let c = if legacy.is_lead(b) {
            let Some(&trail) = bytes.get(i + 1) else {
                return false;
            };
            if trail.is_ascii_alphanumeric()
                && bytes.get(i + 2).is_some_and(|n| n.is_ascii_alphanumeric())
            {
                return false;
            }
            // The end of a Latin word through the pair: a letter before the
            // lead, an ASCII trail, and no legacy byte after it (`née` read
            // as `n閑`, `étés` as two characters, `pé_cs` as `p開cs`): the
            // full path judges the word on its own.
            if trail.is_ascii()
                && i > 0
                && bytes[i - 1].is_ascii_alphabetic()
                && bytes.get(i + 2).map_or(true, |n| n.is_ascii())
            {
                return false;
            }
            i += 2;
            after_pair = i;
            match legacy.decode_two(b, trail) {
                Some(c) => c,
                None => return false,
            }
        } else {
            i += 1;
            match legacy.decode_one(b) {
                Some(c) => c,
                None => return false,
            }
        };
        if is_halfwidth(c)
            || ('\u{FF21}'..='\u{FF3A}').contains(&c)
            || ('\u{FF41}'..='\u{FF5A}').contains(&c)
            || (legacy != Legacy::ShiftJis && ('\u{3040}'..='\u{30FF}').contains(&c))
        {
            return false;
        }
        if !tally.take(c) {
            return false;
        }
        read.push(c);
    }
    tally.passes(DECISIVE_CHARS, DECISIVE_TENTHS)
}
