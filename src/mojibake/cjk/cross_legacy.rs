//! Text saved in one legacy CJK encoding read with another's decoder: Big5
//! read as GBK (`羉砰いゅ` for 繁體中文), Shift_JIS read as GBK (Japanese
//! games on Chinese Windows: `擔杮岅偺僥僉僗僩` for 日本語のテキスト), GBK
//! read as Shift_JIS (Chinese zip file names on Japanese Windows, single
//! bytes A1–DF read as halfwidth katakana: `ﾖﾐﾎﾄﾎﾄｼ�ﾃ�` for 中文文件名), GBK
//! read as Big5 (`嘟岈婬棒楷汜賸` for 故事再次发生了).
//!
//! A run of non-ASCII characters is re-encoded with the reader B (each
//! character back to its bytes, losslessly, or a hole where the reader lost
//! a pair: U+FFFD, a Windows `?` between non-ASCII characters, `・` for
//! Shift_JIS) and decoded strictly with the writer A. Stretches that decode
//! on character boundaries of both sides are candidates, trimmed at either
//! end to the aligned boundaries that save the most bits, and weighed by
//! [`plausibility::weigh_chars`] (margin 8 + 16/n bits), with A's language
//! prior ([`plausibility::language_bits`]) on the repaired side. A kept
//! span must also hold more adjacent pairs that clean text has
//! (`scrape::pair_seen`, the bigram filter of the training half of the
//! clean corpora) than the text it replaces, and at least half of its own
//! pairs must be such: clean CJK text is text of B's repertoire too, and a
//! unigram model alone takes some clean words for damage.
//!
//! The pass starts only at a **gate**: a CJK character the frequency table
//! has never seen in the clean corpora (at least [`GATE_BITS`] bits), a
//! private-use character (GBK's user-defined rows, where Big5's commonest
//! pairs land) or a halfwidth katakana, followed by another non-ASCII
//! character; only runs holding one are read. Clean text rarely holds
//! one, so its lines pay one bit test per CJK character in the scan they
//! already get (the characters are in `trigger::start_bits`).
//!
//! Not repaired: EUC-KR read as GBK (`茄惫绢 霸烙`) and GBK read as EUC-KR,
//! whose mojibake is made of common characters no cheap gate tells from
//! clean text (see ARCHITECTURE.md, "Legacy read as another legacy").

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::explain::{Action, Step};

use super::legacy::Legacy;
use super::plausibility::{self, char_bits};
use super::Chain;

/// The cost at or above which a CJK character is a gate on its own: 18
/// bits and more are the characters the clean corpora never hold (their
/// tiers).
pub(crate) const GATE_BITS: u32 = 18;

/// The cost at or above which a CJK character is a gate beside another
/// rare one ([`RARE_BITS`]): characters seen once or twice in the clean
/// corpora (GBK read as Big5 makes mostly those, `岈婬汜`).
const WEAK_GATE_BITS: u32 = 16;

/// A rare character: beside a weak gate, it makes the gate a trigger.
const RARE_BITS: u32 = 15;

/// Whether `c` can be a gate (see the module documentation), weak ones
/// included.
fn is_gate_char_plain(c: char) -> bool {
    match c {
        '\u{FF61}'..='\u{FF9F}' | '\u{E000}'..='\u{F8FF}' => true,
        // (Not bopomofo: zhuyin annotations are clean text the corpora
        // seldom hold, `別(ㄅㄧㄝˊ)`.)
        '\u{3100}'..='\u{312F}' | '\u{31A0}'..='\u{31BF}' => false,
        '\u{3040}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}' => {
            char_bits(c) >= WEAK_GATE_BITS
        }
        _ => false,
    }
}

/// The BMP characters that can be a gate, one bit each.
pub(crate) fn start_bits() -> [u64; 1024] {
    let mut bits = [0u64; 1024];
    for cp in 0x3040..0x10000u32 {
        if char::from_u32(cp).is_some_and(is_gate_char_plain) {
            bits[cp as usize / 64] |= 1 << (cp % 64);
        }
    }
    bits
}

/// [`start_bits`], built once.
fn gate_bits() -> &'static [u64; 1024] {
    static BITS: OnceLock<Box<[u64; 1024]>> = OnceLock::new();
    BITS.get_or_init(|| Box::new(start_bits()))
}

/// Whether `c` is a gate character, weak ones included.
#[inline]
pub(crate) fn is_gate_char(c: char) -> bool {
    let cp = c as usize;
    cp < 0x10000 && gate_bits()[cp / 64] & (1 << (cp % 64)) != 0
}

/// Whether the pass starts at the character `c` at byte `i` of `text`: a
/// gate character beside another non-ASCII character (a weak gate beside
/// a rare one).
#[inline]
pub(crate) fn is_trigger(text: &str, i: usize, c: char) -> bool {
    is_gate_char(c)
        && gates(
            c,
            text[..i].chars().next_back(),
            text[i + c.len_utf8()..].chars().next(),
        )
}

/// Whether the gate character `c` between `before` and `after` is a
/// trigger.
fn gates(c: char, before: Option<char>, after: Option<char>) -> bool {
    let strong = !matches!(c, '\u{3040}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}')
        || char_bits(c) >= GATE_BITS;
    let fits =
        |n: Option<char>| n.is_some_and(|n| !n.is_ascii() && (strong || char_bits(n) >= RARE_BITS));
    fits(before) || fits(after)
}

/// Whether `c` stands for a pair the reader lost, in a run read by `b`.
fn is_hole(c: char, b: Legacy) -> bool {
    c == '\u{FFFD}' || c == '?' || (b == Legacy::ShiftJis && c == '・')
}

/// One character of a run, re-encoded with the reader.
#[derive(Clone, Copy)]
struct Unit {
    /// Its first byte in the run's bytes.
    start: usize,
    /// A pair the reader lost (no bytes).
    hole: bool,
}

/// A repair found: characters `start..end` of the line become `text`.
struct Found {
    start: usize,
    end: usize,
    text: Vec<char>,
    gain: i64,
    chain: Chain,
}

/// Repairs the spans of `text` (see the module documentation), adding the
/// plan's steps when something changed.
pub(crate) fn fix<'a>(text: &'a str, plan: &mut Vec<Step>) -> Cow<'a, str> {
    if !text
        .char_indices()
        .any(|(i, c)| !c.is_ascii() && is_trigger(text, i, c))
    {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !in_run(&chars, i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && in_run(&chars, i) {
            i += 1;
        }
        let gated = (start..i).any(|k| {
            is_gate_char(chars[k])
                && gates(
                    chars[k],
                    k.checked_sub(1).map(|j| chars[j]),
                    chars.get(k + 1).copied(),
                )
        });
        runs.push((start, i));
        if gated {
            for b in Legacy::ALL {
                read_run(&chars, start, i, b, None, &mut found);
            }
        }
    }
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut kept: Vec<Found> = Vec::new();
    keep_best(found, &mut kept);
    // The chains kept are established in the line: each run is read again
    // with them, where a repair needs no gate, no margin beyond
    // [`ESTABLISHED_BITS`] and no more known pairs than the text it
    // replaces (`傗` for や, `丅` for 。 between ASCII words).
    let mut established: Vec<(Legacy, Legacy)> = Vec::new();
    for k in &kept {
        if let Chain::LegacyReadAsLegacy(a, b) = k.chain {
            if !established.contains(&(a, b)) {
                established.push((a, b));
            }
        }
    }
    // (The parts of each run that no kept repair holds.)
    let mut found = Vec::new();
    kept.sort_by_key(|k| k.start);
    for &(start, end) in &runs {
        let mut from = start;
        for cut in kept
            .iter()
            .filter(|k| k.start < end && start < k.end)
            .map(|k| (k.start, k.end))
            .chain([(end, end)])
        {
            if from < cut.0 {
                for &(a, b) in &established {
                    read_run(&chars, from, cut.0, b, Some(a), &mut found);
                }
            }
            from = from.max(cut.1);
        }
    }
    keep_best(found, &mut kept);
    kept.sort_by_key(|k| k.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    plan.push(Step::new(Action::Apply, "fix_cjk_encoding"));
    let before = plan.len();
    for k in &kept {
        out.extend(&chars[at..k.start]);
        out.extend(&k.text);
        at = k.end;
        let step = Step::new(Action::Undid, k.chain.step_name());
        if !plan[before..].contains(&step) {
            plan.push(step);
        }
    }
    out.extend(&chars[at..]);
    Cow::Owned(out)
}

/// The repairs of `found` that overlap none of `kept` nor a larger gain,
/// into `kept`.
fn keep_best(mut found: Vec<Found>, kept: &mut Vec<Found>) {
    found.sort_by(|x, y| y.gain.cmp(&x.gain));
    for f in found {
        if kept.iter().all(|k| f.end <= k.start || k.end <= f.start) {
            kept.push(f);
        }
    }
}

/// The bits a span's trimming must save (see [`best_span`]).
const TRIM_BITS: i64 = 6;

/// The most boundaries a span is trimmed by at either end.
const MAX_TRIM: usize = 48;

/// The bits a repair by an established chain must save.
const ESTABLISHED_BITS: i64 = 1;

/// Whether the character at `i` belongs to a run: a non-ASCII one, or an
/// ASCII graphic character between two non-ASCII ones (the trail byte of a
/// Big5 or Shift_JIS pair that an EUC reader read alone, or a Windows
/// decoder's `?`).
fn in_run(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    if !c.is_ascii() {
        return !c.is_whitespace();
    }
    ('\x21'..='\x7E').contains(&c)
        && i > 0
        && !chars[i - 1].is_ascii()
        && chars.get(i + 1).is_some_and(|n| !n.is_ascii())
}

/// The repairs of the run `chars[start..end]` read by `b`, into `found`:
/// written by any other encoding, or by `only` as an established chain.
fn read_run(
    chars: &[char],
    start: usize,
    end: usize,
    b: Legacy,
    only: Option<Legacy>,
    found: &mut Vec<Found>,
) {
    // The run's bytes in `b`, cut where a character has none.
    let mut seg_start = start;
    let mut units: Vec<Unit> = Vec::with_capacity(end - start + 1);
    let mut bytes: Vec<u8> = Vec::with_capacity(2 * (end - start));
    let mut k = start;
    while k <= end {
        let encoded = (k < end)
            .then(|| {
                let c = chars[k];
                if is_hole(c, b) {
                    Some(None)
                } else {
                    encode_char(b, c).map(Some)
                }
            })
            .flatten();
        match encoded {
            Some(e) => {
                units.push(Unit {
                    start: bytes.len(),
                    hole: e.is_none(),
                });
                if let Some(e) = e {
                    bytes.extend_from_slice(e.as_slice());
                }
            }
            None => {
                if !units.is_empty() {
                    units.push(Unit {
                        start: bytes.len(),
                        hole: false,
                    });
                    for a in Legacy::ALL {
                        if a != b && only.map_or(true, |o| o == a) {
                            let established = only.is_some();
                            read_segment(
                                chars,
                                seg_start,
                                &units,
                                &bytes,
                                a,
                                b,
                                established,
                                found,
                            );
                        }
                    }
                }
                units.clear();
                bytes.clear();
                seg_start = k + 1;
            }
        }
        k += 1;
    }
}

/// The bytes of `c` in `b`, as the reader's encoder gives them: for Big5
/// the WHATWG encoder, which never takes an HKSCS pair (leads 87–A0) for a
/// character that also has a standard one (`legacy`'s table takes the first
/// in byte order: 都 is `8E 69` there, `B3 A3` in text).
fn encode_char(b: Legacy, c: char) -> Option<super::legacy::Bytes> {
    if b != Legacy::Big5 || c.is_ascii() {
        return b.encode_char(c);
    }
    let bytes = b.encode_char(c)?;
    if bytes.as_slice()[0] >= 0xA1 {
        return Some(bytes);
    }
    let mut buf = [0u8; 4];
    let (encoded, _, unmappable) = encoding_rs::BIG5.encode(c.encode_utf8(&mut buf));
    if unmappable {
        return Some(bytes);
    }
    match *encoded {
        [x] => Some(super::legacy::Bytes::one(x)),
        [x, y] => Some(super::legacy::Bytes::two(x, y)),
        _ => Some(bytes),
    }
}

/// One character of `a` at byte `p` of `bytes`, not past `limit`: the
/// character and its length.
fn decode_at(a: Legacy, bytes: &[u8], p: usize, limit: usize) -> Option<(char, usize)> {
    let b0 = bytes[p];
    if b0 < 0x80 {
        return None;
    }
    if let Some(c) = a.decode_one(b0) {
        return Some((c, 1));
    }
    if a == Legacy::EucJp && b0 == 0x8F && p + 3 <= limit {
        let s = a.decode_strict(&bytes[p..p + 3])?;
        let mut it = s.chars();
        let c = it.next()?;
        return it.next().is_none().then_some((c, 3));
    }
    if p + 2 <= limit {
        let c = a.decode_two(b0, bytes[p + 1])?;
        return (!c.is_ascii() && !('\u{E000}'..='\u{F8FF}').contains(&c)).then_some((c, 2));
    }
    None
}

/// The repairs of one segment of a run (characters from `seg_start`, one
/// unit each, the last unit its end) written by `a` and read by `b`.
fn read_segment(
    chars: &[char],
    seg_start: usize,
    units: &[Unit],
    bytes: &[u8],
    a: Legacy,
    b: Legacy,
    established: bool,
    found: &mut Vec<Found>,
) {
    let n = units.len() - 1;
    // The first hole at or after each unit (`n` for none).
    let mut next_hole = vec![n; n + 1];
    for k in (0..n).rev() {
        next_hole[k] = if units[k].hole { k } else { next_hole[k + 1] };
    }
    let mut s = 0;
    // (unit index, repaired length) at each boundary of both sides.
    let mut aligned: Vec<(usize, usize)> = Vec::new();
    let mut out: Vec<char> = Vec::new();
    while s < n {
        aligned.clear();
        out.clear();
        aligned.push((s, 0));
        let mut k = s;
        let mut p = units[s].start;
        while k < n {
            if units[k].hole {
                out.push('\u{FFFD}');
                k += 1;
                p = units[k].start;
                aligned.push((k, out.len()));
                continue;
            }
            // (A character does not take bytes past a hole.)
            let limit = units[next_hole[k]].start;
            let Some((c, len)) = decode_at(a, bytes, p, limit) else {
                // A lead whose trail the reader lost with the byte after
                // it (Shift_JIS reads GBK's lead `BC` alone as `ｼ`, then
                // rejects the trail `FE`): one lost character.
                if next_hole[k] < n && p + 1 == limit && a.is_lead(bytes[p]) {
                    out.push('\u{FFFD}');
                    k = next_hole[k] + 1;
                    p = units[k].start;
                    aligned.push((k, out.len()));
                    continue;
                }
                break;
            };
            out.push(c);
            p += len;
            while k < n && !units[k].hole && units[k + 1].start <= p {
                k += 1;
            }
            if units[k].start == p {
                aligned.push((k, out.len()));
            }
        }
        if aligned.len() > 1 {
            best_span(chars, seg_start, &aligned, &out, a, b, established, found);
            s = aligned.last().map_or(s + 1, |&(u, _)| u.max(s + 1));
        } else {
            s += 1;
        }
    }
}

/// The gain of replacing `garbled` (with `before` and `after` around it)
/// by `repaired` written by `a`: bits saved beyond the margin, with `a`'s
/// language prior on the repaired side; `None` when the repair is no
/// repair (no known character, or the same text).
fn gain(
    garbled: &[char],
    repaired: &[char],
    before: Option<char>,
    after: Option<char>,
    a: Legacy,
    established: bool,
) -> Option<i64> {
    if garbled == repaired || repaired.iter().all(|&c| c == '\u{FFFD}') {
        return None;
    }
    let verdict = plausibility::weigh_chars(
        garbled.iter().copied(),
        repaired.iter().copied(),
        before,
        after,
    );
    let language: u32 = repaired
        .iter()
        .filter(|&&c| c != '\u{FFFD}')
        .map(|&c| plausibility::language_bits(a, c))
        .sum();
    let margin = if established {
        ESTABLISHED_BITS
    } else {
        i64::from(verdict.margin)
    };
    Some(i64::from(verdict.garbled_bits) - i64::from(verdict.repaired_bits + language) - margin)
}

/// Adjacent pairs of known CJK characters in `text` that clean text has,
/// and all such pairs.
fn seen_pairs(text: &[char]) -> (usize, usize) {
    let (mut seen, mut all) = (0, 0);
    for w in text.windows(2) {
        if w[0] >= '\u{2E80}' && w[1] >= '\u{2E80}' && w[0] != '\u{FFFD}' && w[1] != '\u{FFFD}' {
            all += 1;
            seen += usize::from(crate::scrape::pair_seen(w[0], w[1]));
        }
    }
    (seen, all)
}

/// The stretch between two aligned boundaries that saves the most bits,
/// trimmed from the widest, into `found` if it is kept.
fn best_span(
    chars: &[char],
    seg_start: usize,
    aligned: &[(usize, usize)],
    out: &[char],
    a: Legacy,
    b: Legacy,
    established: bool,
    found: &mut Vec<Found>,
) {
    let eval = |i: usize, j: usize| -> Option<i64> {
        let (us, rs) = aligned[i];
        let (ue, re) = aligned[j];
        let (cs, ce) = (seg_start + us, seg_start + ue);
        let before = cs.checked_sub(1).map(|k| chars[k]);
        gain(
            &chars[cs..ce],
            &out[rs..re],
            before,
            chars.get(ce).copied(),
            a,
            established,
        )
    };
    let (mut i, mut j) = (0, aligned.len() - 1);
    let mut best = eval(i, j);
    // Trimmed at the left, then at the right, to the boundary that saves
    // the most, where that saves more than [`TRIM_BITS`]: inside damage a
    // character whose repair costs a little more than its mojibake (`高`
    // is cheaper than `詢`) stays in the span. (Long stretches are looked
    // at up to `MAX_TRIM` boundaries from each end.)
    for left in [true, false] {
        let (mut to, mut to_gain) = (None, best.unwrap_or(i64::MIN));
        for step in 1..=MAX_TRIM {
            let (ni, nj) = if left {
                (i + step, j)
            } else {
                (i, j.saturating_sub(step))
            };
            if ni >= nj {
                break;
            }
            let g = eval(ni, nj).unwrap_or(i64::MIN);
            if g > to_gain {
                (to, to_gain) = (Some((ni, nj)), g);
            }
        }
        if let Some((ni, nj)) = to {
            if best.map_or(true, |b| to_gain > b.saturating_add(TRIM_BITS)) {
                (i, j, best) = (ni, nj, Some(to_gain));
            }
        }
    }
    let Some(g) = best.filter(|&g| g >= 0) else {
        return;
    };
    let (us, rs) = aligned[i];
    let (ue, re) = aligned[j];
    let (cs, ce) = (seg_start + us, seg_start + ue);
    // The damage shows in the span itself: it holds a gate character
    // (clean text around a gate reads as another encoding at times:
    // `旦旦` as EUC-JP read as Big5 is `スス`).
    if !established && !chars[cs..ce].iter().any(|&c| is_gate_char(c)) {
        return;
    }
    let repaired = &out[rs..re];
    // A repair brings back words: at least one letter (not `８．？`), and
    // two known characters for each hole at least (in text mostly lost,
    // `間���計�`, the holes' phase is anyone's guess).
    let holes = repaired.iter().filter(|&&c| c == '\u{FFFD}').count();
    let known = repaired.len() - holes;
    if !repaired.iter().any(|c| c.is_alphabetic()) || known < 2.max(2 * holes) {
        return;
    }
    let (r_seen, r_all) = seen_pairs(repaired);
    let (g_seen, _) = seen_pairs(&chars[cs..ce]);
    if r_seen < g_seen + usize::from(!established) || 2 * r_seen < r_all {
        return;
    }
    found.push(Found {
        start: cs,
        end: ce,
        text: repaired.to_vec(),
        gain: g,
        chain: Chain::LegacyReadAsLegacy(a, b),
    });
}
