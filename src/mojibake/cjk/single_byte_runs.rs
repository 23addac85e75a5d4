//! A legacy CJK encoding read as a single-byte code page (`ÄãºÃ`): the
//! runs of each page of `SINGLE_BYTE_PAGES` in a line (stretches of
//! characters the page encodes that hold a trigger) as the page's bytes, and
//! the runs that another page's run makes moot (repeated, dominated).

use std::sync::OnceLock;

use crate::mojibake::CodePage;

use super::trigger::{has_bit, triggers};
use super::{trigger, SINGLE_BYTE_PAGES};

/// The runs of each single-byte code page in a line that hold a trigger:
/// stretches of characters the page can encode.
#[derive(Default)]
pub(super) struct PageRuns {
    /// Per character of the line, its byte in each page of
    /// `SINGLE_BYTE_PAGES` (a strict decoder's U+FFFD as one of the page's
    /// undefined bytes, which are lead bytes in every legacy CJK encoding,
    /// flagged [`REJECTED`]), or [`NO_BYTE`].
    pub(super) codes: Vec<[u16; SINGLE_BYTE_PAGES.len()]>,
    /// Per character: bit p set where page p has a byte for it.
    pages: Vec<u8>,
    /// Per position (one more than the characters): the triggering
    /// characters before it.
    triggers_before: Vec<usize>,
    /// Each page's runs as they are found.
    by_page: [Vec<PageRun>; SINGLE_BYTE_PAGES.len()],
    /// Per run: its page (an index of `SINGLE_BYTE_PAGES`), where it
    /// starts and ends in the line's characters, the triggering characters
    /// it holds, and whether a run of another page makes it moot (see
    /// [`single_byte_runs`]): an earlier page's run holds its bytes at the
    /// same place (`repeated`), or it is `dominated`.
    pub(super) runs: Vec<PageRun>,
}

pub(super) struct PageRun {
    pub(super) page: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) triggers: usize,
    pub(super) repeated: bool,
    pub(super) dominated: bool,
}

impl PageRuns {
    /// Whether the bytes of pages `p` and `q` agree on the characters
    /// `range`.
    fn same_bytes(&self, p: usize, q: usize, range: std::ops::Range<usize>) -> bool {
        self.codes[range].iter().all(|c| c[p] as u8 == c[q] as u8)
    }
}

/// Text read with one code page holds only characters of that page, so a
/// run of a page that another page's run contains, together with clearly
/// more triggering characters (more than [`RUN_SLACK`]) that the first page
/// cannot encode, is not the damage (MacRoman or windows-1251 fragments of
/// windows-1252 mojibake): it is marked `dominated` and not decoded. Two
/// damages through different pages in separate stretches of a line keep
/// their runs: neither page's run contains the other's. A run whose bytes
/// are those of the longer run at the same place is kept: it is a piece of
/// the same bytes, cut where the other page's characters start (a
/// windows-1252 run inside a windows-1254 one stops at `Ğ`), and such cuts
/// are where a span ends when bytes were dropped and the rest of the run
/// is out of phase.
pub(super) fn single_byte_runs(chars: &[char], triggered: &[bool], out: &mut PageRuns) {
    // The pages tried once per character: most characters of a CJK line
    // are in no page at all.
    let t = triggers();
    let (low_codes, low_pages) = (page_codes(), page_masks());
    out.codes.clear();
    out.runs.clear();
    out.codes.extend(chars.iter().map(|&c| {
        if let Some(codes) = low_codes.get(c as usize) {
            // ASCII is itself (but a sloppy page's 1A, its U+FFFD).
            *codes
        } else {
            char_page_codes(c, t)
        }
    }));
    // Per character, the pages that have a byte for it (bit p).
    out.pages.clear();
    out.pages
        .extend(chars.iter().zip(&out.codes).map(|(&c, codes)| {
            low_pages
                .get(c as usize)
                .copied()
                .unwrap_or_else(|| page_mask(codes))
        }));
    // The triggering characters before each position.
    out.triggers_before.clear();
    out.triggers_before.push(0);
    let mut count = 0;
    out.triggers_before.extend(triggered.iter().map(|&t| {
        count += usize::from(t);
        count
    }));
    // Every page's runs in one pass: where a character's pages differ
    // from the last one's, runs start and end (the pages mostly change
    // together: ASCII and Latin-1 letters are in all of them).
    let PageRuns {
        pages,
        triggers_before,
        by_page,
        ..
    } = out;
    for runs in by_page.iter_mut() {
        runs.clear();
    }
    let mut close = |p: usize, start: usize, end: usize| {
        let triggers = triggers_before[end] - triggers_before[start];
        if triggers > 0 {
            by_page[p].push(PageRun {
                page: p,
                start,
                end,
                triggers,
                repeated: false,
                dominated: false,
            });
        }
    };
    let mut opened = [0usize; SINGLE_BYTE_PAGES.len()];
    let mut last = 0u8;
    for (i, &m) in pages.iter().enumerate() {
        let mut changed = m ^ last;
        if changed == 0 {
            continue;
        }
        while changed != 0 {
            let p = changed.trailing_zeros() as usize;
            changed &= changed - 1;
            if m & 1 << p != 0 {
                opened[p] = i;
            } else {
                close(p, opened[p], i);
            }
        }
        last = m;
    }
    while last != 0 {
        let p = last.trailing_zeros() as usize;
        last &= last - 1;
        close(p, opened[p], chars.len());
    }
    // Where each page's runs start in `out.runs` (they are in order).
    let mut first_run = [0usize; SINGLE_BYTE_PAGES.len() + 1];
    for (first, runs) in first_run.iter_mut().zip(out.by_page.iter_mut()) {
        *first = out.runs.len();
        out.runs.append(runs);
    }
    first_run[SINGLE_BYTE_PAGES.len()] = out.runs.len();
    for p in 0..SINGLE_BYTE_PAGES.len() {
        for k in first_run[p]..first_run[p + 1] {
            let r = &out.runs[k];
            let (mut repeated, mut dominated) = (false, false);
            for q in (0..SINGLE_BYTE_PAGES.len()).filter(|&q| q != p) {
                // The run of page `q` that holds this one, if any.
                let runs = &out.runs[first_run[q]..first_run[q + 1]];
                let i = runs.partition_point(|o| o.start <= r.start);
                let Some(o) = runs[..i].last().filter(|o| r.end <= o.end) else {
                    continue;
                };
                let more = o.triggers > r.triggers + RUN_SLACK;
                if q > p && (dominated || !more) {
                    continue;
                }
                let same = out.same_bytes(p, q, r.start..r.end);
                // A run whose bytes an earlier page's run already holds, at
                // the same place, gives no candidate that run did not give
                // (Latin-1 runs stop at `€` where windows-1252 goes on with
                // the same bytes).
                if q < p && same {
                    repeated = true;
                    break;
                }
                dominated |= more && !same;
            }
            out.runs[k].repeated = repeated;
            out.runs[k].dominated = dominated;
        }
    }
}

/// The bytes of `c` in each page of `SINGLE_BYTE_PAGES`, as
/// [`PageRuns::codes`] holds them, for `c` at or above
/// [`PAGE_CODES_END`] (below, [`page_codes`] has them).
pub(super) fn char_page_codes(c: char, t: &trigger::Triggers) -> [u16; SINGLE_BYTE_PAGES.len()] {
    if let Some(codes) = punctuation_codes(c) {
        *codes
    } else if c == '\u{FFFD}' {
        // A strict decoder of the page writes U+FFFD for each byte
        // it rejects: one of its undefined bytes (windows-1252: 81,
        // 8D, 8F, 90, 9D). (The sloppy pages also decode 1A as
        // U+FFFD; that is no byte of CJK text.)
        SINGLE_BYTE_PAGES.map(|page| {
            page.undefined_bytes()
                .first()
                .map_or(NO_BYTE, |&b| REJECTED | u16::from(b))
        })
    } else if has_bit(&t.single_byte_any, c) {
        SINGLE_BYTE_PAGES.map(|page| page.encode_char(c).map_or(NO_BYTE, u16::from))
    } else {
        [NO_BYTE; SINGLE_BYTE_PAGES.len()]
    }
}

/// [`byte_in_1252`] from `c`'s windows-1252 code in [`PageRuns::codes`]
/// (the first page of `SINGLE_BYTE_PAGES`), which says the same but for
/// U+FFFD (there a rejected byte; here the sloppy page's `1A`).
pub(super) fn byte_in_1252_from(c: char, code: u16) -> u8 {
    if c == '\u{FFFD}' {
        CodePage::SloppyWindows1252.encode_char(c).unwrap_or(0)
    } else if code == NO_BYTE {
        0
    } else {
        code as u8
    }
}

/// Below this, [`page_codes`] has every character's bytes.
pub(super) const PAGE_CODES_END: usize = 0x500;

/// The bytes of the characters below [`PAGE_CODES_END`] in each page of
/// `SINGLE_BYTE_PAGES` (or [`NO_BYTE`]), built once: most characters of
/// mojibake through those pages are there.
pub(super) fn page_codes() -> &'static [[u16; SINGLE_BYTE_PAGES.len()]] {
    static CODES: OnceLock<Vec<[u16; SINGLE_BYTE_PAGES.len()]>> = OnceLock::new();
    CODES.get_or_init(|| {
        (0..PAGE_CODES_END as u32)
            .map(|cp| {
                let c = char::from_u32(cp).expect("below the surrogates");
                SINGLE_BYTE_PAGES.map(|page| page.encode_char(c).map_or(NO_BYTE, u16::from))
            })
            .collect()
    })
}

/// The pages of `SINGLE_BYTE_PAGES` that have a byte for a character
/// whose bytes are `codes` (bit p for page p).
fn page_mask(codes: &[u16; SINGLE_BYTE_PAGES.len()]) -> u8 {
    codes
        .iter()
        .enumerate()
        .fold(0u8, |m, (p, &code)| m | u8::from(code != NO_BYTE) << p)
}

/// [`page_mask`] of each character below [`PAGE_CODES_END`], built once.
fn page_masks() -> &'static [u8; PAGE_CODES_END] {
    static MASKS: OnceLock<[u8; PAGE_CODES_END]> = OnceLock::new();
    MASKS.get_or_init(|| {
        let codes = page_codes();
        std::array::from_fn(|cp| page_mask(&codes[cp]))
    })
}

/// Where [`punctuation_codes`] has every character's bytes.
pub(super) const PUNCTUATION_CODES: std::ops::Range<usize> = 0x2000..0x2300;

/// The bytes of the characters in [`PUNCTUATION_CODES`] in each page of
/// `SINGLE_BYTE_PAGES` (or [`NO_BYTE`]), built once: windows-1252's
/// punctuation (`‚ƒ„…†‡‰‹''""•–—™›`, bytes 80–9F, which are trail and
/// lead bytes of GBK, Big5 and Shift_JIS) and MacRoman's symbols, which
/// are otherwise a search of each page's encoder.
pub(super) fn punctuation_codes(c: char) -> Option<&'static [u16; SINGLE_BYTE_PAGES.len()]> {
    static CODES: OnceLock<Vec<[u16; SINGLE_BYTE_PAGES.len()]>> = OnceLock::new();
    let i = (c as usize).checked_sub(PUNCTUATION_CODES.start)?;
    CODES
        .get_or_init(|| {
            PUNCTUATION_CODES
                .map(|cp| {
                    let c = char::from_u32(cp as u32).expect("below the surrogates");
                    SINGLE_BYTE_PAGES.map(|page| page.encode_char(c).map_or(NO_BYTE, u16::from))
                })
                .collect()
        })
        .get(i)
}

/// windows-1252's byte for `c` as the sloppy decoder reads it, or 0 (the
/// line's bytes come from [`byte_in_1252_from`]; kept to test it).
#[cfg(test)]
pub(super) fn byte_in_1252(c: char) -> u8 {
    let cp = c as usize;
    let first = |codes: &[u16; SINGLE_BYTE_PAGES.len()]| {
        // The page is the first of SINGLE_BYTE_PAGES.
        let code = codes[0];
        if code == NO_BYTE {
            0
        } else {
            code as u8
        }
    };
    if (0x80..PAGE_CODES_END).contains(&cp) {
        first(&page_codes()[cp])
    } else if let Some(codes) = punctuation_codes(c) {
        first(codes)
    } else if cp < 0x80 || cp == 0xFFFD {
        CodePage::SloppyWindows1252.encode_char(c).unwrap_or(0)
    } else {
        // windows-1252 has no other character above U+04FF.
        0
    }
}

/// In [`PageRuns::codes`], a character the page has no byte for.
pub(super) const NO_BYTE: u16 = u16::MAX;

/// In [`PageRuns::codes`], the flag of a byte standing for a U+FFFD.
pub(super) const REJECTED: u16 = 0x100;

/// See [`single_byte_runs`]: a few characters of slack for short runs and
/// for symbols next to the damage.
const RUN_SLACK: usize = 2;
