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
    /// A run of a DOS page that [`looks_like_art`]: not decoded, and it
    /// makes no other run moot.
    pub(super) idle: bool,
    /// A run of a DOS page that holds no character only the DOS pages
    /// have (a box-drawing character, a Greek letter): its characters are
    /// the Windows pages' too, which read such text far more often, so
    /// it is moot inside a run of theirs, elsewhere its proposals stand
    /// only when a reading is decisive, and it makes no other run moot.
    pub(super) weak: bool,
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
    let low_codes = page_codes();
    out.codes.clear();
    out.runs.clear();
    // Per character, its bytes and the pages that have a byte for it (bit
    // p). (The DOS pages' runs only in a line that draws, as their
    // triggers: legacy CJK read through them holds a box-drawing or block
    // character at nearly every lead byte from `B0` on.)
    let draws = chars.iter().any(|c| ('\u{2500}'..='\u{259F}').contains(c));
    let keep = if draws { u8::MAX } else { !DOS_PAGE_BITS };
    // The pages with runs (the DOS pages are the last).
    let pages_tried = if draws {
        SINGLE_BYTE_PAGES.len()
    } else {
        FIRST_DOS_PAGE
    };
    let low_bits = page_bits();
    out.pages.clear();
    out.codes.reserve(chars.len());
    out.pages.reserve(chars.len());
    for &c in chars {
        let (codes, bits) = match low_codes.get(c as usize) {
            // ASCII is itself (but a sloppy page's 1A, its U+FFFD).
            Some(codes) => (*codes, low_bits[c as usize]),
            None => {
                let codes = char_page_codes(c, t);
                (codes, bits_of(&codes))
            }
        };
        out.codes.push(codes);
        out.pages.push(keep & bits);
    }
    // A tree's connector at the start of the line (`│   ├─`, `└──`) is
    // no CJK bytes: `├─Åse.txt` is no GBK `媚弒`.
    if draws {
        for m in &mut out.pages[..tree_prefix(chars)] {
            *m &= !DOS_PAGE_BITS;
        }
    }
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
    let mut line_art = None;
    let mut close = |p: usize, start: usize, end: usize| {
        let triggers = triggers_before[end] - triggers_before[start];
        if triggers > 0 {
            let (idle, weak) = if p >= FIRST_DOS_PAGE {
                dos_run_kind(chars, pages, start..end, &mut line_art)
            } else {
                (false, false)
            };
            by_page[p].push(PageRun {
                page: p,
                start,
                end,
                triggers,
                repeated: false,
                dominated: false,
                idle,
                weak,
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
    // (With the number of pages tried known to the compiler.)
    if pages_tried == SINGLE_BYTE_PAGES.len() {
        mark_moot::<{ SINGLE_BYTE_PAGES.len() }>(out, &first_run);
    } else {
        mark_moot::<FIRST_DOS_PAGE>(out, &first_run);
    }
}

/// The runs of [`single_byte_runs`] that a run of another of the first
/// `PAGES` pages makes moot (`repeated`, `dominated`).
fn mark_moot<const PAGES: usize>(out: &mut PageRuns, first_run: &[usize]) {
    // (Without the DOS pages, no run is idle or weak.)
    const { assert!(PAGES == FIRST_DOS_PAGE || PAGES == SINGLE_BYTE_PAGES.len()) };
    let dos = PAGES > FIRST_DOS_PAGE;
    for p in 0..PAGES {
        for k in first_run[p]..first_run[p + 1] {
            let r = &out.runs[k];
            let (mut repeated, mut dominated) = (false, false);
            for q in (0..PAGES).filter(|&q| q != p) {
                // The run of page `q` that holds this one, if any.
                let runs = &out.runs[first_run[q]..first_run[q + 1]];
                let i = runs.partition_point(|o| o.start <= r.start);
                let Some(o) = runs[..i]
                    .last()
                    .filter(|o| r.end <= o.end && (!dos || !o.idle && !o.weak))
                else {
                    continue;
                };
                // A weak DOS run inside a Windows page's run is that
                // page's to read.
                if dos && r.weak && q < FIRST_DOS_PAGE {
                    dominated = true;
                    break;
                }
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
            out.runs[k].dominated = dominated || dos && out.runs[k].idle;
        }
    }
}

/// Whether a DOS page's run over `range` of the line `chars` is
/// [`PageRun::idle`] and [`PageRun::weak`] (`line_art`: whether the line
/// is a table, [`box_beside_letter_twice`], once asked).
#[inline(never)]
fn dos_run_kind(
    chars: &[char],
    pages: &[u8],
    range: std::ops::Range<usize>,
    line_art: &mut Option<bool>,
) -> (bool, bool) {
    let idle = looks_like_art(&chars[range.clone()])
        || *line_art.get_or_insert_with(|| box_beside_letter_twice(chars));
    let weak = !pages[range].iter().any(|&m| m & !DOS_PAGE_BITS == 0);
    (idle, weak)
}

/// The first DOS page of `SINGLE_BYTE_PAGES` (they come last).
const FIRST_DOS_PAGE: usize = DOS_PAGE_BITS.trailing_zeros() as usize;

/// Whether `SINGLE_BYTE_PAGES[p]` is a DOS page (cp437, cp850).
pub(super) const fn is_dos_page(p: usize) -> bool {
    matches!(SINGLE_BYTE_PAGES[p], CodePage::Cp437 | CodePage::Cp850)
}

/// In [`PageRuns::pages`], the bits of the DOS pages.
const DOS_PAGE_BITS: u8 = {
    let mut bits = 0u8;
    let mut p = 0;
    while p < SINGLE_BYTE_PAGES.len() {
        if is_dos_page(p) {
            bits |= 1 << p;
        }
        p += 1;
    }
    bits
};

// (`single_byte_runs` leaves them out of a line that does not draw by
// trying the pages before them.)
const _: () = assert!(DOS_PAGE_BITS == 0b1100_0000, "the DOS pages come last");

/// Whether a run of a DOS page is more likely box-drawing art than CJK
/// bytes read through the page: a frame or block character four times in
/// a row (`════`, `────`: rules and frames; any character would catch
/// EUC-JP `ている`, `ñ╞ñññδ`, and three GBK `交换`, `╜╗╗╗`), or no
/// non-ASCII character but the frame and block characters art is drawn
/// with (`┌─┐`, `╔═╗`, `░▒▓█`).
/// CJK bytes through cp437 mix those with the rarer box characters
/// (`╓╨╡╒`: GBK `中文` is `╓╨╬─`), letters and symbols. The cost: a CJK
/// word whose bytes are all frame characters (GBK `文件`, `╬─╝■`) is
/// left alone. (A line whose frames stand beside letters is art as a
/// whole: [`box_beside_letter_twice`].)
pub(super) fn looks_like_art(run: &[char]) -> bool {
    const FRAME: &str = "─│┌┐└┘├┤┬┴┼═║╔╗╚╝╠╣╦╩╬░▒▓█▀▄▌▐■";
    if bar_beside_words(run, FRAME) {
        return true;
    }
    let mut all_frame = true;
    let (mut last, mut same) = ('\0', 0);
    for &c in run {
        same = if c == last { same + 1 } else { 1 };
        last = c;
        if c.is_ascii() {
            continue;
        }
        let frame = FRAME.contains(c);
        if same >= 4 && frame {
            return true;
        }
        all_frame &= frame;
    }
    all_frame
}

/// Whether the run draws a bar (a shade or block character, U+2580–U+259F)
/// standing on its own, or beside non-ASCII characters that are all frame
/// characters or letters of Latin words (a stretch of letters holding an
/// ASCII one): console text
/// with a progress bar (`Überprüfung läuft ░░▒▒▓▓██ 77%`, `Größe ▓▓░░`),
/// whose accented words joined the bar in one run. The review found such
/// bars read as Big5 or EUC-KR (`Größe 께같`). CJK bytes through cp437
/// make letters too, but beside box characters and other symbols
/// (`╓╨╬─`, `é╠é╡`), not inside words with ASCII letters.
fn bar_beside_words(run: &[char], frame: &str) -> bool {
    let letter = |c: char| c.is_ascii_alphabetic() || (c > '\u{7F}' && c.is_alphabetic());
    let block = |c: &char| ('\u{2580}'..='\u{259F}').contains(c);
    if !run.iter().any(block) {
        return false;
    }
    // A bar standing on its own: two block characters or more between
    // ASCII characters or the run's edges (`è |░▒▒▒███| 14%`, `» … ░░▒▒▓▓██
    // 76%`). CJK bytes all of whose bytes are among the eight block
    // characters' (`B0`–`B2`, `DB`–`DF`) are too rare to count.
    if run
        .split(|c| c.is_ascii())
        .any(|piece| piece.len() >= 2 && piece.iter().all(block))
    {
        return true;
    }
    let mut i = 0;
    while i < run.len() {
        let c = run[i];
        if letter(c) {
            let start = i;
            while i < run.len() && letter(run[i]) {
                i += 1;
            }
            let word = &run[start..i];
            if word.iter().any(|c| !c.is_ascii()) && !word.iter().any(|c| c.is_ascii_alphabetic()) {
                return false;
            }
            continue;
        }
        if !c.is_ascii() && !frame.contains(c) {
            return false;
        }
        i += 1;
    }
    true
}

/// The characters of a line of `tree` output before the name: indents
/// (spaces and vertical rules), then a connector (`├`, `└` and rules,
/// `├──`, `└─`); 0 if the line starts otherwise.
pub(super) fn tree_prefix(line: &[char]) -> usize {
    let indent = line
        .iter()
        .take_while(|&&c| matches!(c, ' ' | '\t' | '│' | '┃' | '║'))
        .count();
    if !line
        .get(indent)
        .is_some_and(|c| matches!(c, '├' | '└' | '┣' | '┗' | '╠' | '╚' | '╟' | '╙'))
    {
        return 0;
    }
    let rules = line[indent + 1..]
        .iter()
        .take_while(|&&c| matches!(c, '─' | '━' | '═'))
        .count();
    if rules == 0 {
        0
    } else {
        indent + 1 + rules
    }
}

/// Whether the line holds a table cell of letters closed on both sides:
/// one non-ASCII letter (not `íóúñÑß`, Big5's and GBK's commonest trail
/// bytes) between two of the same vertical rule (`│é│`, `║π║ó║`), the
/// closing one followed by the end, ASCII, a character no DOS page has or
/// the next one-letter cell; or letters between a left and a right tee with rules on both
/// sides (`├─σ─┤`, `╟─Größe─╢`) or one letter between them, then the
/// end or ASCII (`├É┤`). CJK bytes through cp437 put a rule on a
/// lead byte and a letter on the trail, but the closing rule is then a
/// lead byte again, with a trail after it (`长城` is `│ñ│╟`); EUC-KR and
/// Big5 put tees around letters without rules (`├Í┤Ù`, `├ñúñΣ┤`).
fn has_closed_cell(line: &[char]) -> bool {
    let rule = |c: &char| matches!(c, '─' | '═' | '━');
    // (Not the letters of bytes A1–A5 and E1, `íóúñÑß`: Big5's and
    // GBK's commonest trail bytes, `│ú│]` is Big5 `常用`.)
    let one_letter = |c: Option<&char>| {
        c.is_some_and(|c| !c.is_ascii() && c.is_alphabetic() && !"íóúñÑß".contains(*c))
    };
    for (i, &open) in line.iter().enumerate() {
        match open {
            // `V x V`, then the end, ASCII or `x V` again.
            '│' | '║' | '┃'
                if one_letter(line.get(i + 1))
                    && line.get(i + 2) == Some(&open)
                    && match line.get(i + 3) {
                        None => true,
                        // (No byte of a DOS page: `│φ│钱钟书│`.)
                        Some(&c) if c.is_ascii() || c > '\u{25A0}' => true,
                        Some(c) => c.is_alphabetic() && line.get(i + 4) == Some(&open),
                    } =>
            {
                return true;
            }
            '├' | '╟' | '╠' => {
                let close = match open {
                    '├' => '┤',
                    '╟' => '╢',
                    _ => '╣',
                };
                let rules = line[i + 1..].iter().take_while(|c| rule(c)).count();
                let j = i + 1 + rules;
                let letters = line[j..].iter().take_while(|c| c.is_alphabetic()).count();
                let k = j + letters;
                let closing = line[k..].iter().take_while(|c| rule(c)).count();
                if rules > 0 && letters > 0 && closing > 0 && line.get(k + closing) == Some(&close)
                {
                    return true;
                }
                // (Without rules, one letter and the end or ASCII after:
                // `├É┤`.)
                if rules == 0
                    && one_letter(line.get(i + 1))
                    && line.get(i + 2) == Some(&close)
                    && line.get(i + 3).map_or(true, char::is_ascii)
                {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether the line is a table whose cells hold words: one box-drawing
/// character (U+2500–U+257F) stands beside a Latin letter at two places,
/// and the line draws with at most three box characters (`│à│özgü│`,
/// `╟değildi╟usuário╟kullanımda╟é╢`, `├─čitelné─┤`). Its DOS runs are
/// then all art. The line, not the run: a letter neither DOS page has
/// (`ğ`, `č`, `ı` in cp437) cuts a table's runs. CJK bytes put box
/// characters beside letters too (cp850 has letters among its box
/// characters at B0–DF; Shift_JIS kana are `é` or `â` and a trail byte),
/// but with more kinds of box character in a line; and the letters of
/// the legacy bytes A1–A5 and E1 (`íóúñÑ`, `ß`: GBK `。` is `íú`, `：` is
/// `ú║`) do not count, nor do `é` and `â` (Shift_JIS 82, 83: hiragana
/// and katakana leads, `é╠é╡`) but inside a word (`├─était─┤`). A line
/// with a cell of letters closed on both sides is a table too
/// ([`has_closed_cell`]: `│é│`, `║π║ó║`).
pub(super) fn box_beside_letter_twice(line: &[char]) -> bool {
    if has_closed_cell(line) {
        return true;
    }
    let is_box = |c: char| ('\u{2500}'..='\u{257F}').contains(&c);
    let latin = |c: char| {
        c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) && c.is_alphabetic()
    };
    // A letter at `j`, the box character on one side and `away` the
    // other side.
    let letter = |j: Option<usize>, away: Option<usize>| {
        let at = |k: Option<usize>| k.and_then(|k| line.get(k)).copied();
        at(j).is_some_and(|c| {
            latin(c) && !"íóúñÑß".contains(c) && (!"éâ".contains(c) || at(away).is_some_and(latin))
        })
    };
    // The box characters of the line, and whether each was beside a
    // letter.
    let mut kinds = [('\0', false); 3];
    let mut count = 0;
    let mut twice = false;
    for (i, &c) in line.iter().enumerate() {
        if !is_box(c) {
            continue;
        }
        let beside = letter(Some(i + 1), Some(i + 2)) || letter(i.checked_sub(1), i.checked_sub(2));
        if let Some((_, seen)) = kinds[..count].iter_mut().find(|(k, _)| *k == c) {
            twice |= beside && *seen;
            *seen |= beside;
        } else if count < kinds.len() {
            kinds[count] = (c, beside);
            count += 1;
        } else {
            return false;
        }
    }
    twice
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

/// The pages of `SINGLE_BYTE_PAGES` that have a byte in `codes` (bit p).
fn bits_of(codes: &[u16; SINGLE_BYTE_PAGES.len()]) -> u8 {
    codes
        .iter()
        .enumerate()
        .fold(0u8, |m, (p, &code)| m | u8::from(code != NO_BYTE) << p)
}

/// [`bits_of`] each entry of [`page_codes`], built once.
fn page_bits() -> &'static [u8] {
    static BITS: OnceLock<Vec<u8>> = OnceLock::new();
    BITS.get_or_init(|| page_codes().iter().map(bits_of).collect())
}

/// Where [`punctuation_codes`] has every character's bytes (up to the
/// DOS pages' box-drawing and block characters, U+2500–U+259F: clean
/// tables in a line with another trigger hold many).
pub(super) const PUNCTUATION_CODES: std::ops::Range<usize> = 0x2000..0x25A0;

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
