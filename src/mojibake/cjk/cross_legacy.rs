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
//! pairs land) or a halfwidth katakana beside a non-ASCII character that is
//! none, beside another non-ASCII character; only runs holding one are
//! read. Clean text rarely holds one, so its lines pay one bit test per
//! CJK character in the scan they already get (the Fixer adds
//! [`start_bits`] to the characters its scan tests when the switch
//! `fix_cjk_cross_legacy` is on; it is off in every preset).
//!
//! Only those four mix-ups are read ([`writers`]): a reader of EUC-KR or
//! EUC-JP turned clean Korean and Japanese text into hanzi (`ㅋㅋ` →
//! `せせ`). Hangul jamo never gate, a rare kana gates beside another kana
//! only where clean text never has the pair (`いゅ`), a line that is clean
//! Korean or Japanese outside the repairs keeps its Hangul and kana, and
//! the work per line is capped ([`LINE_BUDGET`]). See ARCHITECTURE.md,
//! "Legacy CJK read with another legacy decoder", and the branch's record
//! in docs/history/cjk-mojibake.md, "Branch `cross`".

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::explain::{Action, Step};

use super::legacy::Legacy;
use super::plausibility::{self, char_bits};
use super::Chain;

/// The cost at or above which a CJK character is a gate on its own: 18
/// bits and more are the characters the clean corpora never hold (their
/// tiers).
const GATE_BITS: u32 = 18;

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
        // (Halfwidth katakana gate only beside another script, see
        // [`gates`].)
        '\u{FF61}'..='\u{FF9F}' | '\u{E000}'..='\u{F8FF}' => true,
        // (Not bopomofo: zhuyin annotations are clean text the corpora
        // seldom hold, `別(ㄅㄧㄝˊ)`.)
        '\u{3100}'..='\u{312F}' | '\u{31A0}'..='\u{31BF}' => false,
        // (Nor Hangul jamo: chat jamo (`ㅋㅋ`) are clean text the corpora
        // seldom hold. Rare kana gate as pairs, see [`gates`].)
        '\u{3130}'..='\u{318F}' | '\u{31F0}'..='\u{31FF}' => false,
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
fn is_gate_char(c: char) -> bool {
    let cp = c as usize;
    cp < 0x10000 && gate_bits()[cp / 64] & (1 << (cp % 64)) != 0
}

/// Whether the pass starts at the character `c` at byte `i` of `text`: a
/// gate character beside another non-ASCII character (a weak gate beside
/// a rare one).
#[inline(always)]
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
    let kana = |x: char| ('\u{3040}'..='\u{30FF}').contains(&x);
    // A rare kana gates beside another kana only where clean text never
    // has the pair (`いゅ`, Big5's 中文 read as GBK): katakana loanwords
    // (`ノヴァスコシア`, `アルマトゥイ`) are clean text the corpora seldom hold.
    // Halfwidth katakana gate only beside a non-ASCII character that is
    // none (GBK read as Shift_JIS makes kanji and holes among them): a
    // katakana word written halfwidth (`ﾆｭｰﾗｲﾝ`) is clean text.
    let fits = |n: Option<char>, pair: (char, char)| {
        n.is_some_and(|n| {
            if is_halfwidth_kana(c) {
                return !n.is_ascii() && !is_halfwidth_kana(n);
            }
            if kana(c) && kana(n) {
                return !crate::scrape::pair_seen(pair.0, pair.1);
            }
            !n.is_ascii() && (strong || char_bits(n) >= RARE_BITS)
        })
    };
    fits(before, (before.unwrap_or(c), c)) || fits(after, (c, after.unwrap_or(c)))
}

/// Whether `c` is a kana (hiragana, katakana, halfwidth katakana and
/// their marks).
fn is_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF61}'..='\u{FF9F}')
}

/// Whether `c` is a fullwidth kana, not the middle dot (`・`, the hole of
/// a Shift_JIS reader).
fn is_full_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}')
}

/// Whether `c` is a halfwidth katakana (or its marks and punctuation).
fn is_halfwidth_kana(c: char) -> bool {
    ('\u{FF61}'..='\u{FF9F}').contains(&c)
}

/// Whether `c` is Hangul (syllables, jamo, compatibility jamo).
fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// The writers read by `b` (the mix-ups seen in the wild: Big5 and GBK
/// read as each other, Shift_JIS read as GBK, GBK read as Shift_JIS). The
/// EUC readers and writers are left out: a reader of EUC-KR makes Hangul
/// and one of EUC-JP kana of clean text, which no gate tells from a
/// Korean or Japanese line.
fn writers(b: Legacy) -> &'static [Legacy] {
    match b {
        Legacy::Gbk => &[Legacy::Big5, Legacy::ShiftJis],
        Legacy::Big5 | Legacy::ShiftJis => &[Legacy::Gbk],
        Legacy::EucJp | Legacy::EucKr => &[],
    }
}

/// The readers of the pass (those with a writer, see [`writers`]).
const READERS: [Legacy; 3] = [Legacy::Gbk, Legacy::Big5, Legacy::ShiftJis];

/// Whether `c` stands for a pair the reader lost, in a run read by `b`.
fn is_hole(c: char, b: Legacy) -> bool {
    c == '\u{FFFD}' || c == '?' || (b == Legacy::ShiftJis && c == '・')
}

/// A reading of a run: written by `a`, read by `b`, as a chain established
/// in the line or not.
#[derive(Clone, Copy)]
struct Reading {
    a: Legacy,
    b: Legacy,
    established: bool,
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
    // Only the lines holding a trigger are read (a text may be many
    // lines; most have none).
    let bytes = text.as_bytes();
    let mut out = String::new();
    let (mut copied, mut offset) = (0, 0);
    let mut chains: Vec<Chain> = Vec::new();
    while let Some(t) = next_trigger(text, offset) {
        let start = memchr::memrchr(b'\n', &bytes[..t]).map_or(0, |p| p + 1);
        let end = memchr::memchr(b'\n', &bytes[t..]).map_or(text.len(), |p| t + p);
        if let Some((fixed, undone)) = line_reading(&text[start..end]) {
            out.push_str(&text[copied..start]);
            out.push_str(&fixed);
            copied = end;
            for chain in undone {
                if !chains.contains(&chain) {
                    chains.push(chain);
                }
            }
        }
        offset = end;
    }
    if chains.is_empty() {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    plan.push(Step::new(Action::Apply, "fix_cjk_cross_legacy"));
    for chain in chains {
        plan.push(Step::new(Action::Undid, chain.step_name()));
    }
    Cow::Owned(out)
}

/// Whether the pass changes the line holding byte `i` of `text` (a line
/// of `text`, between line feeds, as [`fix`] reads it), at least as far as
/// its trigger: `Fixer`'s scan asks this where the only trigger is this
/// pass's, so that a clean line with a rare character (4.68% of the
/// zh-Hans corpus) is read once, here, and not given to every fixer.
/// Lines longer than [`READ_LINE_MAX`] bytes are not read here (`true`).
pub(crate) fn line_changes(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    let start = memchr::memrchr(b'\n', &bytes[..i]).map_or(0, |p| p + 1);
    let end = memchr::memchr(b'\n', &bytes[i..]).map_or(text.len(), |p| i + p);
    end - start > READ_LINE_MAX || line_reading(&text[start..end]).is_some()
}

/// The longest line whose reading [`line_reading`] keeps, in bytes (each
/// gate of a clean line asks again, and the line is compared whole).
pub(crate) const READ_LINE_MAX: usize = 4096;

/// A line's repair and the chains it undid ([`fix_line`]), the last line
/// read kept: the scan's question ([`line_changes`]) and the pass that
/// follows when the answer is yes read it once.
fn line_reading(line: &str) -> Option<(String, Vec<Chain>)> {
    type Reading = Option<(String, Vec<Chain>)>;
    thread_local! {
        static LAST: std::cell::RefCell<Option<(String, Reading)>> =
            const { std::cell::RefCell::new(None) };
    }
    let read = || {
        let mut chains = Vec::new();
        fix_line(line, &mut chains).map(|fixed| (fixed, chains))
    };
    if line.len() > READ_LINE_MAX {
        return read();
    }
    LAST.with(|last| {
        if let Some((seen, reading)) = &*last.borrow() {
            if seen == line {
                return reading.clone();
            }
        }
        let reading = read();
        *last.borrow_mut() = Some((line.to_owned(), reading.clone()));
        reading
    })
}

/// The byte offset of the first trigger at or after `offset`: three-byte
/// characters are passed by their code point and the gate bitmap, without
/// decoding a `char`.
fn next_trigger(text: &str, mut offset: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let bits = gate_bits();
    while offset < bytes.len() {
        let b = bytes[offset];
        if b < 0x80 {
            offset += 1;
            continue;
        }
        if let (0xE0..=0xEF, Some(&[b1, b2])) = (b, bytes.get(offset + 1..offset + 3)) {
            let cp =
                usize::from(b & 0x0F) << 12 | usize::from(b1 & 0x3F) << 6 | usize::from(b2 & 0x3F);
            if bits[cp / 64] & (1 << (cp % 64)) == 0 {
                offset += 3;
                continue;
            }
        }
        let c = text[offset..].chars().next()?;
        if is_trigger(text, offset, c) {
            return Some(offset);
        }
        offset += c.len_utf8();
    }
    None
}

/// The repairs of one line holding a trigger: the repaired line, with the
/// chains undone added to `chains`; `None` when nothing is kept.
fn fix_line(text: &str, chains: &mut Vec<Chain>) -> Option<String> {
    // (The readings' buffers, reused by every line, window and reader.)
    thread_local! {
        static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
    }
    let mut scratch = SCRATCH.with(|s| s.take());
    let fixed = fix_line_with(text, chains, &mut scratch);
    SCRATCH.with(|s| s.replace(scratch));
    fixed
}

/// [`fix_line`] with its buffers.
fn fix_line_with(text: &str, chains: &mut Vec<Chain>, scratch: &mut Scratch) -> Option<String> {
    // (The line read before's buffer, reused.)
    let mut chars = std::mem::take(&mut scratch.windows.spare);
    chars.clear();
    chars.extend(text.chars());
    let fixed = fix_chars(text, &chars, chains, scratch);
    scratch.windows.line_read(chars);
    fixed
}

/// [`fix_line_with`] on the line's characters `chars`.
fn fix_chars(
    text: &str,
    chars: &[char],
    chains: &mut Vec<Chain>,
    scratch: &mut Scratch,
) -> Option<String> {
    let mut found = Vec::new();
    let mut runs = Vec::new();
    // The characters the line's readings may still take (see
    // [`LINE_BUDGET`]).
    let mut budget = LINE_BUDGET;
    let mut i = 0;
    while i < chars.len() {
        if !in_run(chars, i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && in_run(chars, i) {
            i += 1;
        }
        runs.push((start, i));
        // The stretches around the gates (within [`WINDOW`] characters of
        // one): a long clean run with one rare character is not read
        // whole by twenty chains.
        let mut window: Option<(usize, usize)> = None;
        for k in start..i {
            let gate = is_gate_char(chars[k])
                && gates(
                    chars[k],
                    k.checked_sub(1).map(|j| chars[j]),
                    chars.get(k + 1).copied(),
                );
            if !gate {
                continue;
            }
            let (from, to) = (k.saturating_sub(WINDOW).max(start), (k + 1 + WINDOW).min(i));
            window = match window {
                Some((f, t)) if from <= t && to - f <= MAX_WINDOW => Some((f, to)),
                Some((f, t)) => {
                    if !read_window(chars, f, t, &mut budget, scratch, &mut found) {
                        break;
                    }
                    Some((from, to))
                }
                None => Some((from, to)),
            };
        }
        if let Some((f, t)) = window {
            read_window(chars, f, t, &mut budget, scratch, &mut found);
        }
    }
    if found.is_empty() {
        return None;
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
    budget = LINE_BUDGET;
    for &(start, end) in &runs {
        let mut from = start;
        for cut in kept
            .iter()
            .filter(|k| k.start < end && start < k.end)
            .map(|k| (k.start, k.end))
            .chain([(end, end)])
        {
            let mut part = from;
            while part < cut.0 && budget > 0 {
                let to = cut.0.min(part + MAX_WINDOW);
                budget = budget.saturating_sub(to - part);
                for &(a, b) in &established {
                    read_run(chars, part, to, b, Some(a), scratch, &mut found);
                }
                part = to;
            }
            from = from.max(cut.1);
        }
    }
    // An established chain's repair goes on from a first pass's (whole
    // lines of damage: the gaps between the gates' repairs; one character
    // apart at most, a piece at a first pass's edge that saved nothing),
    // or from another such repair, or takes a run whole (`┪` for 或 between ASCII
    // words). Elsewhere it reads only text implausible where it is: each
    // character a gate or a hole, and only where its repair makes more
    // pairs clean text has with its neighbours than the text does (`之頏之`
    // of a classical line beside GBK read as Big5 stays); not a common
    // character of a clean stretch as a rule (`幫` → `者`, `魂` → `活`;
    // some still are, see ARCHITECTURE.md).
    let first = kept.len();
    keep_best(found, &mut kept);
    let mut ok: Vec<bool> = (0..kept.len()).map(|x| x < first).collect();
    let covered =
        |x: usize, kept: &[Found]| kept[first..].iter().any(|f| f.start <= x && x < f.end);
    loop {
        let mut changed = false;
        for x in first..kept.len() {
            if ok[x] {
                continue;
            }
            let f = &kept[x];
            let touches = (0..kept.len()).any(|y| {
                let k = &kept[y];
                ok[y]
                    && ((k.end <= f.start && f.start - k.end <= 1)
                        || (f.end <= k.start && k.start - f.end <= 1))
            });
            let whole = || {
                runs.iter()
                    .find(|&&(s, e)| s <= f.start && f.start < e)
                    .is_some_and(|&(s, e)| {
                        (s..e).all(|y| {
                            chars[y].is_ascii() || chars[y] == '\u{FFFD}' || covered(y, &kept)
                        })
                    })
            };
            let implausible = || {
                let garbled = &chars[f.start..f.end];
                let around = |mid: &[char]| {
                    let before = f.start.checked_sub(1).map(|k| chars[k]);
                    let after = chars.get(f.end).copied();
                    let first = before.zip(mid.first().copied());
                    let last = mid.last().copied().zip(after);
                    seen_pairs(mid).0
                        + usize::from(first.is_some_and(|(x, y)| is_seen_pair(x, y)))
                        + usize::from(last.is_some_and(|(x, y)| is_seen_pair(x, y)))
                };
                garbled
                    .iter()
                    .all(|&c| c.is_ascii() || is_gate_char(c) || c == '\u{FFFD}')
                    && around(&f.text) > around(garbled)
            };
            // (Or it saves as much as a first pass's span must, with more
            // pairs clean text has: `﹝⺼彆` → `。如果` beside a run left.)
            let strong = || {
                let known = f.text.iter().filter(|&&c| c != '\u{FFFD}').count() as i64;
                f.gain + ESTABLISHED_BITS >= 8 + 16 / known.max(1)
                    && seen_pairs(&f.text).0 > seen_pairs(&chars[f.start..f.end]).0
            };
            if touches || whole() || implausible() || strong() {
                ok[x] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut x = 0;
    kept.retain(|_| {
        x += 1;
        ok[x - 1]
    });
    kept.sort_by_key(|k| k.start);
    // A line that is clean Korean or Japanese outside the repairs (Hangul
    // or kana there, and no rare character nor hole) keeps its Hangul and
    // kana: a span replacing some is clean text read as damage
    // (`진짜 웃기다` → `진짜 数기다`). (Big5 read as GBK, GBK read as
    // Big5 make kana too: a line with mojibake left is not clean.)
    let (mut script, mut clean) = (false, true);
    let mut at = 0;
    for (s, e) in kept
        .iter()
        .map(|k| (k.start, k.end))
        .chain([(chars.len(), chars.len())])
    {
        for &c in &chars[at..s.max(at)] {
            script |= is_hangul(c) || is_full_kana(c);
            clean &= c != '\u{FFFD}' && (is_kana(c) || !is_gate_char(c));
        }
        at = e;
    }
    if script && clean {
        kept.retain(|k| {
            !chars[k.start..k.end]
                .iter()
                .any(|&c| is_hangul(c) || is_kana(c))
        });
    }
    // A span whose mojibake is mostly halfwidth katakana needs other
    // evidence in the line: a hole in it (U+FFFD), a gate that is no
    // halfwidth katakana, or another span that is not so (a katakana word
    // written halfwidth beside kanji, `ｷｬｯｼｭﾌﾛｰ計算書`, is clean text).
    let halfwidth = |k: &Found| {
        let garbled = &chars[k.start..k.end];
        let hw = garbled.iter().filter(|&&c| is_halfwidth_kana(c)).count();
        2 * hw > garbled.iter().filter(|c| !c.is_ascii()).count()
    };
    if kept.iter().any(halfwidth) {
        let other = kept.iter().any(|k| !halfwidth(k))
            || chars
                .iter()
                .any(|&c| is_gate_char(c) && !is_halfwidth_kana(c));
        if !other {
            kept.retain(|k| !halfwidth(k) || chars[k.start..k.end].contains(&'\u{FFFD}'));
        }
    }
    // The damage is repaired where it is: the line's gates are mostly in
    // the repairs (a code table's rows of rare characters, iconv-lite's
    // `cp950.json`, read as another encoding here and there, are no such
    // text: `傛傕傔傞傋` → `よもめるべ` among dozens left).
    let inside: usize = kept
        .iter()
        .map(|k| {
            chars[k.start..k.end]
                .iter()
                .filter(|&&c| is_gate_char(c))
                .count()
        })
        .sum();
    let all = chars.iter().filter(|&&c| is_gate_char(c)).count();
    if 2 * inside < all {
        return None;
    }
    if kept.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for k in &kept {
        out.extend(&chars[at..k.start]);
        out.extend(&k.text);
        at = k.end;
        if !chains.contains(&k.chain) {
            chains.push(k.chain);
        }
    }
    out.extend(&chars[at..]);
    Some(out)
}

/// The repairs of `found` that overlap none of `kept` nor a larger gain,
/// into `kept`.
fn keep_best(mut found: Vec<Found>, kept: &mut Vec<Found>) {
    found.sort_by_key(|f| std::cmp::Reverse(f.gain));
    for f in found {
        if kept.iter().all(|k| f.end <= k.start || k.end <= f.start) {
            kept.push(f);
        }
    }
}

/// Reads `chars[from..to]` with each reader, taking its length from
/// `budget`; `false` (and nothing read) once the budget is spent.
fn read_window(
    chars: &[char],
    from: usize,
    to: usize,
    budget: &mut usize,
    scratch: &mut Scratch,
    found: &mut Vec<Found>,
) -> bool {
    if to - from > *budget {
        *budget = 0;
        return false;
    }
    *budget -= to - from;
    // (A window the line read before found nothing in reads nothing here,
    // see [`Windows`].)
    let hash = Windows::hash(chars, from, to);
    if scratch.windows.read_before(chars, from, to, hash) {
        return true;
    }
    let before = found.len();
    for b in READERS {
        // (A first pass decodes only segments holding a gate, see
        // [`read_run`]: a reader none of the window's gates is a character
        // of reads nothing.)
        let readable = |c: char| is_hole(c, b) || encode_char(b, c).is_some();
        // (Nor, where every unit is a pair, a Big5 or Shift_JIS reader none
        // of whose gates GBK reads as cheaper: see [`all_paired`].)
        let window = &chars[from..to];
        if window.iter().any(|&c| is_gate_char(c) && readable(c))
            && !(b != Legacy::Gbk
                && all_paired(window, b)
                && !window.iter().any(|&c| gate_saves_alone(b, c)))
        {
            read_run(chars, from, to, b, None, scratch, found);
        }
    }
    if found.len() == before {
        scratch.windows.found_nothing(from, to, hash);
    }
    true
}

/// The first-pass windows in which the readings found nothing, of the
/// line read last and of the line being read. A window's first-pass
/// reading ([`read_window`] past its budget) depends on its characters and
/// the one on either side of it (a span's weighing looks one character
/// before and after it, [`best_of`]), or the line's edge there, and on
/// nothing else: a window of the same characters with the same
/// neighbours finds nothing again. The `corpus` preset asks about each
/// line holding a gate twice, as it is and as its fused normalization
/// made it (`Fixer::cjk_result_passed_over`): the windows the
/// normalization left as they were are then not read again. Only the line
/// read just before is kept (as with [`line_reading`]'s cache, nothing
/// carries over from one text to the next but its last line).
#[derive(Default)]
struct Windows {
    /// The line read last, and its windows that found nothing (the hash
    /// of each key, [`Windows::hash`], its start and end).
    prev_line: Vec<char>,
    prev: Vec<(u64, usize, usize)>,
    /// The line being read's windows that found nothing.
    cur: Vec<(u64, usize, usize)>,
    /// The buffer of the line read before that one, to reuse.
    spare: Vec<char>,
}

/// The most windows of the line before a window is compared with.
const MAX_WINDOWS_KEPT: usize = 64;

impl Windows {
    /// Window `from..to` of `line` with its neighbours: which of its ends
    /// are the line's, and its characters with the one on either side
    /// where the line goes on.
    fn key(line: &[char], from: usize, to: usize) -> ((bool, bool), &[char]) {
        (
            (from == 0, to == line.len()),
            &line[from.saturating_sub(1)..(to + 1).min(line.len())],
        )
    }

    /// A hash of [`Windows::key`] (FNV-1a), compared before the keys.
    fn hash(line: &[char], from: usize, to: usize) -> u64 {
        let ((start, end), around) = Self::key(line, from, to);
        let seed = 0xcbf2_9ce4_8422_2325u64 ^ u64::from(start) ^ u64::from(end) << 1;
        around.iter().fold(seed, |h, &c| {
            (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3)
        })
    }

    /// Whether the window `from..to` of `chars` (whose key's hash is
    /// `hash`) is one of the line before in which nothing was found (it is
    /// then noted as one of this line's).
    fn read_before(&mut self, chars: &[char], from: usize, to: usize, hash: u64) -> bool {
        let key = Self::key(chars, from, to);
        let seen = self
            .prev
            .iter()
            .take(MAX_WINDOWS_KEPT)
            .any(|&(h, f, t)| h == hash && Self::key(&self.prev_line, f, t) == key);
        if seen {
            self.cur.push((hash, from, to));
        }
        seen
    }

    /// Notes that nothing was found in the window `from..to` (whose key's
    /// hash is `hash`).
    fn found_nothing(&mut self, from: usize, to: usize, hash: u64) {
        self.cur.push((hash, from, to));
    }

    /// The line `chars` was read: it becomes the line before.
    fn line_read(&mut self, chars: Vec<char>) {
        self.spare = std::mem::replace(&mut self.prev_line, chars);
        std::mem::swap(&mut self.prev, &mut self.cur);
        self.cur.clear();
    }
}

/// The most characters of one line the readings take, first pass and
/// established chains each: a line of thousands of gates (private use, a
/// rare script) is read up to there, not whole (400,000 private-use
/// characters took 11.6 s).
const LINE_BUDGET: usize = 2048;

/// The longest stretch read at once on the first pass, in characters
/// (gates close together make one stretch).
const MAX_WINDOW: usize = 160;

/// The most boundaries a span is trimmed by at either end.
const MAX_TRIM: usize = 48;

/// How far from a gate a run is read on the first pass, in characters.
const WINDOW: usize = 12;

/// The most characters of the reader a reading goes on without a
/// boundary of both sides.
const MAX_UNALIGNED: usize = 8;

/// The bits a span's trimming must save (see [`best_span`]).
const TRIM_BITS: i64 = 6;

/// The bits a repair by an established chain must save.
const ESTABLISHED_BITS: i64 = 1;

/// Whether the character at `i` belongs to a run: a non-ASCII one, or an
/// ASCII graphic character between two non-ASCII ones (the trail byte of a
/// Big5 or Shift_JIS pair that an EUC reader read alone, or a Windows
/// decoder's `?`).
fn in_run(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    if !c.is_ascii() {
        // (No whitespace comes after U+3000: CJK text is not looked up.)
        return c > '\u{3000}' || !c.is_whitespace();
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
    scratch: &mut Scratch,
    found: &mut Vec<Found>,
) {
    // The run's bytes in `b`, cut where a character has none.
    let mut seg_start = start;
    let mut units = std::mem::take(&mut scratch.units);
    let mut bytes = std::mem::take(&mut scratch.bytes);
    units.clear();
    bytes.clear();
    // Whether the segment holds a gate character: a first pass's span
    // holds one (see [`best_span`]), so a segment without one is not
    // decoded (it would give nothing).
    let mut gate = only.is_some();
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
                gate = gate || is_gate_char(chars[k]);
            }
            None => {
                if !units.is_empty() && gate {
                    units.push(Unit {
                        start: bytes.len(),
                        hole: false,
                    });
                    for a in Legacy::ALL {
                        if writers(b).contains(&a)
                            && only.map_or_else(
                                || gate_piece_may_save(chars, seg_start, &units, &bytes, a),
                                |o| o == a,
                            )
                        {
                            let how = Reading {
                                a,
                                b,
                                established: only.is_some(),
                            };
                            read_segment(chars, seg_start, &units, &bytes, how, scratch, found);
                        }
                    }
                }
                units.clear();
                bytes.clear();
                gate = only.is_some();
                seg_start = k + 1;
            }
        }
        k += 1;
    }
    scratch.units = units;
    scratch.bytes = bytes;
}

/// Whether a first pass's reading of a segment (characters from
/// `seg_start`, one unit each, the last unit its end) written by `a` may
/// find a repair: `false` only where [`read_segment`] would find none.
/// Where every unit is a pair of bytes and `a` reads none of their first
/// bytes alone, every reading of the segment is in phase from each unit
/// on, so each piece between aligned boundaries is one character; a
/// first pass's span needs a piece holding a gate that costs less
/// repaired than garbled (see [`best_span`]): without one, there is
/// nothing to decode. (Big5 read as GBK and GBK read as Big5 are so;
/// Shift_JIS reads GBK's leads B0–DF alone, as halfwidth katakana.)
fn gate_piece_may_save(
    chars: &[char],
    seg_start: usize,
    units: &[Unit],
    bytes: &[u8],
    a: Legacy,
) -> bool {
    let n = units.len() - 1;
    let paired = (0..n).all(|k| {
        !units[k].hole
            && units[k + 1].start - units[k].start == 2
            && a.decode_one(bytes[units[k].start]).is_none()
    });
    if !paired {
        return true;
    }
    let read = |k: usize| {
        let p = units[k].start;
        decode_at(a, bytes, p, p + 2).map(|(r, len)| {
            debug_assert_eq!(len, 2);
            r
        })
    };
    let gate_saves = (0..n).any(|k| {
        let g = chars[seg_start + k];
        is_gate_char(g) && read(k).is_some_and(|r| piece_bits(a, &[g], &[r]) > 0)
    });
    // (And the repaired text of a kept span holds a pair clean text has,
    // see [`best_span`]: two units side by side that both read.)
    gate_saves
        && (1..n).any(|k| {
            read(k - 1)
                .zip(read(k))
                .is_some_and(|(x, y)| is_seen_pair(x, y))
        })
}

/// Whether every character of `window`, read by `b` (Big5 or Shift_JIS,
/// whose writer is GBK), is a pair of bytes GBK reads no first byte of
/// alone, or none (a cut): in the BMP, nothing below U+0100 (ASCII;
/// Shift_JIS writes U+0080 as one byte, which GBK reads as `€`), no hole, no
/// halfwidth katakana nor `cp932`'s U+F8F0–U+F8F2 (Shift_JIS's single
/// bytes, see [`reader_pua`]). Each segment's units
/// are then pairs, and
/// [`gate_piece_may_save`] needs a gate that [`gate_saves_alone`]
/// (`tests::non_ascii_is_paired_for_big5_and_shift_jis`).
fn all_paired(window: &[char], b: Legacy) -> bool {
    window.iter().all(|&c| {
        ('\u{100}'..='\u{FFFF}').contains(&c)
            && !is_hole(c, b)
            && !(b == Legacy::ShiftJis
                && matches!(c, '\u{FF61}'..='\u{FF9F}' | '\u{F8F0}'..='\u{F8F2}'))
    })
}

/// Whether `c` is a gate character whose bytes in `b`, read by GBK (the
/// writer of Big5 and Shift_JIS readings), cost less than `c`: the test
/// [`gate_piece_may_save`] asks of each gate of a segment of pairs.
fn gate_saves_alone(b: Legacy, c: char) -> bool {
    if !is_gate_char(c) {
        return false;
    }
    let Some(e) = encode_char(b, c) else {
        return false;
    };
    let bytes = e.as_slice();
    bytes.len() == 2
        && decode_at(Legacy::Gbk, bytes, 0, 2)
            .is_some_and(|(r, _)| piece_bits(Legacy::Gbk, &[c], &[r]) > 0)
}

/// The bits a piece saves repaired: `garbled` priced on its own against
/// `repaired` with `a`'s language prior (holes left out on both sides).
fn piece_bits(a: Legacy, garbled: &[char], repaired: &[char]) -> i64 {
    let garbled = plausibility::text_bits(
        garbled.iter().copied().filter(|&c| c != '\u{FFFD}'),
        None,
        None,
    );
    let known = || repaired.iter().copied().filter(|&c| c != '\u{FFFD}');
    let language: u32 = known().map(|c| plausibility::language_bits(a, c)).sum();
    let repaired = plausibility::text_bits(known(), None, None);
    i64::from(garbled) - i64::from(repaired + language)
}

/// The buffers of the readings of one line, reused by each window, reader
/// and segment (allocating them for each cost more than the readings of
/// most clean lines).
#[derive(Default)]
struct Scratch {
    units: Vec<Unit>,
    bytes: Vec<u8>,
    next_hole: Vec<usize>,
    aligned: Vec<(usize, usize)>,
    out: Vec<char>,
    saved: Vec<i64>,
    known: Vec<u32>,
    windows: Windows,
}

/// The bytes of `c` in `b`, as the reader's encoder gives them: for Big5
/// the WHATWG encoder, which never takes an HKSCS pair (leads 87–A0) for a
/// character that also has a standard one (`legacy`'s table takes the first
/// in byte order: 都 is `8E 69` there, `B3 A3` in text).
fn encode_char(b: Legacy, c: char) -> Option<super::legacy::Bytes> {
    if ('\u{E78D}'..='\u{F8F2}').contains(&c) {
        if let Some(bytes) = reader_pua(b, c) {
            return Some(bytes);
        }
    }
    if b != Legacy::Big5 || c.is_ascii() {
        return b.encode_char(c);
    }
    let bytes = b.encode_char(c)?;
    if bytes.as_slice()[0] >= 0xA1 {
        return Some(bytes);
    }
    // (The WHATWG bytes of the characters `legacy` gives an HKSCS pair,
    // found once: encoding_rs's Big5 encoder searches its tables.)
    static WHATWG: OnceLock<std::collections::HashMap<char, (u8, u8)>> = OnceLock::new();
    let table = WHATWG.get_or_init(|| {
        let mut table = std::collections::HashMap::new();
        for lead in 0x81..=0xA0u8 {
            for trail in (0x40..=0x7Eu8).chain(0xA1..=0xFE) {
                let Some(c) = Legacy::Big5.decode_two(lead, trail) else {
                    continue;
                };
                let mut buf = [0u8; 4];
                let (encoded, _, unmappable) = encoding_rs::BIG5.encode(c.encode_utf8(&mut buf));
                if let (false, [x, y]) = (unmappable, &*encoded) {
                    table.insert(c, (*x, *y));
                }
            }
        }
        table
    });
    Some(match table.get(&c) {
        Some(&(x, y)) => super::legacy::Bytes::two(x, y),
        None => bytes,
    })
}

/// The bytes of a private-use character that real readers' code tables
/// write for bytes WHATWG's decoders read as a standard character: Python's
/// `gb18030` (GB18030-2000) for GBK `A6D9`–`A6DF`, `A6EC`, `A6ED`, `A6F3`
/// (U+E78D–U+E796; 2005's vertical forms), glibc's and Microsoft's `CP950`
/// for Big5 `C6A1`–`C8FE` (U+F6B1–U+F848, in order, 157 cells a row),
/// Python's `cp932` for Shift_JIS's single bytes `A0`, `FD`, `FE`
/// (U+F8F0–U+F8F2). Checked against the codecs' output in
/// `data/reader_pua/reader_pua.txt` (`tools/gen_reader_pua.py`).
fn reader_pua(b: Legacy, c: char) -> Option<super::legacy::Bytes> {
    use super::legacy::Bytes;
    let cp = c as u32;
    match (b, cp) {
        (Legacy::Gbk, 0xE78D..=0xE796) => {
            const TRAILS: [u8; 10] = [0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF, 0xEC, 0xED, 0xF3];
            Some(Bytes::two(0xA6, TRAILS[(cp - 0xE78D) as usize]))
        }
        (Legacy::Big5, 0xF6B1..=0xF848) => {
            // (Cells from `C640`, 63 before `C6A1`: trails 40–7E, A1–FE.)
            let n = cp - 0xF6B1 + 63;
            let (lead, cell) = (0xC6 + n / 157, n % 157);
            let trail = if cell < 63 {
                0x40 + cell
            } else {
                0xA1 + cell - 63
            };
            Some(Bytes::two(lead as u8, trail as u8))
        }
        (Legacy::ShiftJis, 0xF8F0..=0xF8F2) => {
            Some(Bytes::one([0xA0, 0xFD, 0xFE][(cp - 0xF8F0) as usize]))
        }
        _ => None,
    }
}

/// Whether `c` is one of the private-use characters [`reader_pua`] maps
/// back to a reader's bytes (for some reader).
fn is_reader_pua(c: char) -> bool {
    matches!(c as u32, 0xE78D..=0xE796 | 0xF6B1..=0xF848 | 0xF8F0..=0xF8F2)
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
    how: Reading,
    scratch: &mut Scratch,
    found: &mut Vec<Found>,
) {
    let Reading { a, .. } = how;
    let n = units.len() - 1;
    // The first hole at or after each unit (`n` for none).
    let mut next_hole = std::mem::take(&mut scratch.next_hole);
    next_hole.clear();
    next_hole.resize(n + 1, n);
    for k in (0..n).rev() {
        next_hole[k] = if units[k].hole { k } else { next_hole[k + 1] };
    }
    let mut s = 0;
    // (A first pass's stretch holds a gate, see [`best_span`]: none that
    // starts after the last one is read.)
    let starts = if how.established {
        n
    } else {
        (0..n)
            .rev()
            .find(|&k| is_gate_char(chars[seg_start + k]))
            .map_or(0, |k| k + 1)
    };
    // (unit index, repaired length) at each boundary of both sides.
    let mut aligned = std::mem::take(&mut scratch.aligned);
    let mut out = std::mem::take(&mut scratch.out);
    while s < starts {
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
            } else if k - aligned[aligned.len() - 1].0 > MAX_UNALIGNED {
                // Out of phase for long: no span goes on from here (and a
                // start that never aligns costs no more than this).
                break;
            }
        }
        if aligned.len() > 1 {
            best_span(chars, seg_start, &aligned, &out, how, scratch, found);
            s = aligned.last().map_or(s + 1, |&(u, _)| u.max(s + 1));
        } else {
            s += 1;
        }
    }
    scratch.next_hole = next_hole;
    scratch.aligned = aligned;
    scratch.out = out;
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
        if is_pair(w[0], w[1]) {
            all += 1;
            seen += usize::from(crate::scrape::pair_seen(w[0], w[1]));
        }
    }
    (seen, all)
}

/// Whether `x` then `y` is a pair [`seen_pairs`] counts: known CJK-range
/// characters.
fn is_pair(x: char, y: char) -> bool {
    x >= '\u{2E80}' && y >= '\u{2E80}' && x != '\u{FFFD}' && y != '\u{FFFD}'
}

/// Whether `x` then `y` is a pair [`seen_pairs`] counts as seen.
fn is_seen_pair(x: char, y: char) -> bool {
    is_pair(x, y) && crate::scrape::pair_seen(x, y)
}

/// The stretch between two aligned boundaries that saves the most bits,
/// trimmed from the widest, into `found` if it is kept.
fn best_span(
    chars: &[char],
    seg_start: usize,
    aligned: &[(usize, usize)],
    out: &[char],
    how: Reading,
    scratch: &mut Scratch,
    found: &mut Vec<Found>,
) {
    let Reading { a, established, .. } = how;
    // (A first pass's span holds a gate character: a stretch without one
    // is not weighed.)
    if !established {
        let (cs, ce) = (
            seg_start + aligned[0].0,
            seg_start + aligned[aligned.len() - 1].0,
        );
        if !chars[cs..ce].iter().any(|&c| is_gate_char(c)) {
            return;
        }
    }
    // The trimming's estimates: each piece between two aligned boundaries
    // priced once, on its own (the transitions between pieces left out on
    // both sides: at a span's edge the repaired side's character before is
    // not the line's), the span's bits as sums of its pieces; the span
    // chosen is then weighed exactly.
    let m = aligned.len();
    // The bits piece `t` saves repaired.
    let piece_saved = |t: usize| -> i64 {
        let ((u0, r0), (u1, r1)) = (aligned[t - 1], aligned[t]);
        let (c0, c1) = (seg_start + u0, seg_start + u1);
        piece_bits(a, &chars[c0..c1], &out[r0..r1])
    };
    let has_gate = |t: usize| {
        let (c0, c1) = (seg_start + aligned[t - 1].0, seg_start + aligned[t].0);
        chars[c0..c1].iter().any(|&c| is_gate_char(c))
    };
    // (A first pass's stretch where no piece holding a gate costs less
    // repaired than garbled gives nothing, see below: that is found first,
    // pricing only those pieces. Most clean lines with a rare character
    // end here.)
    if !established && !(1..m).any(|t| has_gate(t) && piece_saved(t) > 0) {
        return;
    }
    // (Nor one whose repaired text holds no adjacent pair clean text has:
    // a first pass's span holds one at least, see below, and its pairs are
    // the stretch's. Gates of clean text read as another encoding mostly
    // make pairs no text has.)
    if !established && seen_pairs(&out[..aligned[m - 1].1]).0 == 0 {
        return;
    }
    let (mut saved, mut known) = (
        std::mem::take(&mut scratch.saved),
        std::mem::take(&mut scratch.known),
    );
    saved.clear();
    saved.resize(m, 0);
    known.clear();
    known.resize(m, 0);
    for t in 1..m {
        let r = aligned[t - 1].1..aligned[t].1;
        let n = out[r]
            .iter()
            .filter(|&&c| c != '\u{FFFD}' && !c.is_ascii())
            .count();
        saved[t] = saved[t - 1] + piece_saved(t);
        known[t] = known[t - 1] + n as u32;
    }
    best_of(chars, seg_start, aligned, out, how, &saved, &known, found);
    scratch.saved = saved;
    scratch.known = known;
}

/// [`best_span`] once the pieces are priced: `saved` and `known` are the
/// bits saved and the known characters repaired up to each aligned
/// boundary.
#[allow(clippy::too_many_arguments)]
fn best_of(
    chars: &[char],
    seg_start: usize,
    aligned: &[(usize, usize)],
    out: &[char],
    how: Reading,
    saved: &[i64],
    known: &[u32],
    found: &mut Vec<Found>,
) {
    let Reading { a, b, established } = how;
    let m = aligned.len();
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
    let estimate = |i: usize, j: usize| -> i64 {
        let n = known[j] - known[i];
        let margin = if established {
            ESTABLISHED_BITS
        } else {
            8 + 16 / i64::from(n.max(1))
        };
        saved[j] - saved[i] - margin
    };
    // The span that saves the most by estimate (for each end, the start
    // where the pieces before save least, and the one-piece span).
    let (mut low, mut top) = (0, (i64::MIN, 0, 0));
    for j in 1..m {
        for i in [low, j - 1] {
            let g = estimate(i, j);
            if g > top.0 {
                top = (g, i, j);
            }
        }
        if saved[j] < saved[low] {
            low = j;
        }
    }
    // (A stretch whose best span the estimate says loses is not weighed.)
    if top.0 < -TRIM_BITS {
        return;
    }
    // (Nor one where no piece holding a gate costs less repaired than
    // garbled: a first pass's span holds a gate, and each such piece of a
    // kept span must, see below. Most clean lines with a rare character
    // end here, before the exact weighing.)
    if !established
        && !(1..m).any(|t| {
            let (c0, c1) = (seg_start + aligned[t - 1].0, seg_start + aligned[t].0);
            saved[t] > saved[t - 1] && chars[c0..c1].iter().any(|&c| is_gate_char(c))
        })
    {
        return;
    }
    // Trimmed at the left, then at the right, to the boundary that saves
    // the most, each span weighed exactly, where that saves more than
    // [`TRIM_BITS`]: inside damage a character whose repair costs a little
    // more than its mojibake (`高` is cheaper than `詢`) stays in the span.
    // (Long stretches are looked at up to `MAX_TRIM` boundaries from each
    // end.)
    let (mut i, mut j) = (0, m - 1);
    let mut best = eval(i, j);
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
    // The span's edges are evidence: its first and last pieces cost more
    // garbled than repaired (a span widened past the mojibake took the
    // clean characters beside it: `杅擂争` → `数据夆`, `括祘Α` →
    // `嬤程式`).
    let evidence = |t: usize, left: bool, (i, j): (usize, usize)| {
        let ((u0, r0), (u1, r1)) = (aligned[t - 1], aligned[t]);
        let (c0, c1) = (seg_start + u0, seg_start + u1);
        if chars[c0..c1].iter().all(|&c| is_hole(c, b)) {
            return None;
        }
        if saved[t] > saved[t - 1] {
            return Some(true);
        }
        if r0 == r1 {
            return Some(false);
        }
        // (Or its repair makes a pair clean text has with the repair
        // inside the span, and its garbled character none with the text
        // outside.)
        let inner = if left {
            out.get(r1)
                .is_some_and(|&n| t < j && is_seen_pair(out[r1 - 1], n))
        } else {
            r0 > 0 && t > i + 1 && is_seen_pair(out[r0 - 1], out[r0])
        };
        let outer = if left {
            c0.checked_sub(1)
                .is_some_and(|k| is_seen_pair(chars[k], chars[c0]))
        } else {
            chars
                .get(c1)
                .is_some_and(|&n| is_seen_pair(chars[c1 - 1], n))
        };
        Some(inner && !outer)
    };
    // (Nor an edge piece whose garbled character makes a pair clean text
    // has with the character beside the span, and its repair none: the
    // clean text goes on there, `包都` of `软件包都提軑垀` is no `包常`.)
    let goes_on = |t: usize, left: bool| {
        let ((u0, r0), (u1, r1)) = (aligned[t - 1], aligned[t]);
        let (c0, c1) = (seg_start + u0, seg_start + u1);
        let (nb, g, r) = if left {
            (
                c0.checked_sub(1).map(|k| chars[k]),
                chars[c0],
                out[r0..r1].first(),
            )
        } else {
            (chars.get(c1).copied(), chars[c1 - 1], out[r0..r1].last())
        };
        nb.is_some_and(|nb| {
            let pair = |x: char| {
                if left {
                    is_seen_pair(nb, x)
                } else {
                    is_seen_pair(x, nb)
                }
            };
            pair(g) && !r.is_some_and(|&r| pair(r))
        })
    };
    let (i0, j0) = (i, j);
    while i < j && ((evidence(i + 1, true, (i, j)) != Some(true)) || (goes_on(i + 1, true))) {
        i += 1;
    }
    while j > i && ((evidence(j, false, (i, j)) != Some(true)) || (goes_on(j, false))) {
        j -= 1;
    }
    if i == j {
        return;
    }
    if (i, j) != (i0, j0) {
        best = eval(i, j);
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
    // A first pass's span holding a reader's private-use character
    // ([`reader_pua`]) needs other evidence in the span: a character that
    // is neither one of them nor ASCII or a space. Icon fonts use the same
    // code points (Font Awesome's `U+F76B U+F73F` before a word, read back
    // as GBK's bytes read by Big5, is `蔷莗`). An established chain's span
    // has its evidence in the chain's other repairs of the line.
    if !established
        && chars[cs..ce].iter().any(|&c| is_reader_pua(c))
        && !chars[cs..ce]
            .iter()
            .any(|&c| !c.is_ascii() && !c.is_whitespace() && !is_reader_pua(c))
    {
        return;
    }
    // Each gate is itself repaired: the piece holding it costs less
    // repaired than garbled (a rare character of clean text reads as
    // another rare one: `郜鼎` as EUC-JP read through GBK is `朏共`). An
    // established chain's span holds a rare character at least (`米` is
    // no mojibake of `致`, though a bit cheaper read so).
    for t in i + 1..=j {
        let (c0, c1) = (seg_start + aligned[t - 1].0, seg_start + aligned[t].0);
        let gate = chars[c0..c1].iter().any(|&c| is_gate_char(c));
        if gate && saved[t] - saved[t - 1] <= 0 {
            return;
        }
    }
    if established
        && !chars[cs..ce]
            .iter()
            .any(|&c| is_gate_char(c) || (!c.is_ascii() && char_bits(c) >= RARE_BITS))
    {
        return;
    }
    // A first pass's span is more than kana (a loanword the clean corpora
    // lack, `ノヴ`, is no damage on its own).
    if !established
        && chars[cs..ce]
            .iter()
            .all(|&c| c.is_ascii() || ('\u{3040}'..='\u{30FF}').contains(&c))
    {
        return;
    }
    let repaired = &out[rs..re];
    // A repair brings back words: at least one letter (not `８．？`), and
    // more known characters than holes (in text mostly lost, `間���計�`,
    // the holes' phase is anyone's guess).
    let holes = repaired.iter().filter(|&&c| c == '\u{FFFD}').count();
    let known = repaired.len() - holes;
    // (An established chain's repair may be one mark: `\u{E4C7}` for `，`.)
    let words = established || repaired.iter().any(|c| c.is_alphabetic());
    // A first pass's span is no one character repeated (`偄偄`, `堦堦`:
    // a reduplicated rare character is as often clean text).
    let repeated = !established
        && repaired.len() >= 2
        && repaired[0] != '\u{FFFD}'
        && repaired.iter().all(|&c| c == repaired[0]);
    if !words || repeated || known < (2 - usize::from(established)).max(holes + 1) {
        return;
    }
    let (r_seen, r_all) = seen_pairs(repaired);
    let (g_seen, _) = seen_pairs(&chars[cs..ce]);
    if r_seen < g_seen + usize::from(!established) || 2 * r_seen < r_all {
        return;
    }
    // A stretch of a first pass's span between two repaired pieces, of
    // 4 characters or more that are neither ASCII, gates nor holes, is
    // left as it is where it costs more repaired than garbled and makes
    // more pairs clean text has than its repair: clean text between two
    // mojibake words of one run (`ｻﾘｼﾒﾓﾐｲﾕ三年并一千。ﾖｻﾅ…`) is no
    // `嶰擭涹堦愮丅`. The span is cut around such a stretch.
    let mut cuts = vec![i];
    if !established {
        let plain = |t: usize| {
            let (c0, c1) = (seg_start + aligned[t - 1].0, seg_start + aligned[t].0);
            !chars[c0..c1]
                .iter()
                .any(|&c| c.is_ascii() || is_gate_char(c) || c == '\u{FFFD}')
        };
        let mut t = i + 2;
        while t < j {
            if !plain(t) {
                t += 1;
                continue;
            }
            let from = t - 1;
            while t < j && plain(t) {
                t += 1;
            }
            // (Pieces `from + 1 ..= t - 1`, boundaries `from` to `t - 1`.)
            let ((u0, r0), (u1, r1)) = (aligned[from], aligned[t - 1]);
            let garbled = &chars[seg_start + u0..seg_start + u1];
            let (g_seen, _) = seen_pairs(garbled);
            if u1 - u0 >= 4 && saved[t - 1] - saved[from] < 0 && g_seen > seen_pairs(&out[r0..r1]).0
            {
                cuts.push(from);
                cuts.push(t - 1);
            }
        }
    }
    cuts.push(j);
    for part in cuts.chunks(2) {
        let (p0, p1) = (part[0], part[1]);
        let ((us, rs), (ue, re)) = (aligned[p0], aligned[p1]);
        found.push(Found {
            start: seg_start + us,
            end: seg_start + ue,
            text: out[rs..re].to_vec(),
            gain: g,
            chain: Chain::LegacyReadAsLegacy(a, b),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `all_paired`'s premise: every character it admits is, in Big5 and
    /// Shift_JIS, two bytes whose first GBK reads not alone, or none; GBK
    /// is the only writer of those readers.
    #[test]
    fn non_ascii_is_paired_for_big5_and_shift_jis() {
        for b in [Legacy::Big5, Legacy::ShiftJis] {
            assert_eq!(writers(b), &[Legacy::Gbk]);
            let mut pairs = 0;
            for c in '\u{0}'..=char::MAX {
                if !all_paired(&[c], b) {
                    continue;
                }
                let Some(e) = encode_char(b, c) else {
                    continue;
                };
                let bytes = e.as_slice();
                assert_eq!(bytes.len(), 2, "{b:?} {c:?}");
                assert!(Legacy::Gbk.decode_one(bytes[0]).is_none(), "{b:?} {c:?}");
                pairs += 1;
            }
            assert!(pairs > 7000, "{b:?} {pairs}");
        }
    }

    /// `reader_pua` maps back what the codecs wrote (the generated file).
    #[test]
    fn reader_pua_matches_the_codecs() {
        // Every line of the generated file, and nothing else in the ranges.
        let table = include_str!("../../../data/reader_pua/reader_pua.txt");
        let mut want = std::collections::HashMap::new();
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split(' ').collect();
            let b = match f[0] {
                "gbk" => Legacy::Gbk,
                "big5" => Legacy::Big5,
                "shift_jis" => Legacy::ShiftJis,
                other => panic!("{other}"),
            };
            let bytes: Vec<u8> = (0..f[1].len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&f[1][i..i + 2], 16).unwrap())
                .collect();
            let c = char::from_u32(u32::from_str_radix(&f[2][2..], 16).unwrap()).unwrap();
            want.insert((b as u8, c), bytes);
        }
        assert_eq!(want.len(), 421);
        for b in [Legacy::Gbk, Legacy::Big5, Legacy::ShiftJis] {
            for c in '\u{E000}'..='\u{F8FF}' {
                let got = reader_pua(b, c).map(|x| x.as_slice().to_vec());
                assert_eq!(got.as_ref(), want.get(&(b as u8, c)), "{b:?} {c:?}");
                if let Some(bytes) = got {
                    assert_eq!(encode_char(b, c).unwrap().as_slice(), &bytes[..]);
                }
            }
        }
    }

    /// `in_run`'s shortcut: no character after U+3000 is whitespace.
    #[test]
    fn no_whitespace_after_ideographic_space() {
        let after = ('\u{3001}'..=char::MAX).filter(|c| c.is_whitespace());
        assert_eq!(after.count(), 0);
        assert!('\u{3000}'.is_whitespace());
    }

    /// `line_changes` (the Fixer's scan passes over a line where it says
    /// no) says yes exactly where [`fix`] changes the line: clean lines
    /// holding a trigger, and the same lines damaged by the four chains
    /// read.
    #[test]
    fn line_changes_is_what_the_pass_does() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean");
        let (Ok(hans), Ok(hant), Ok(ja)) = (
            std::fs::read_to_string(format!("{dir}/zh-Hans.txt")),
            std::fs::read_to_string(format!("{dir}/zh-Hant.txt")),
            std::fs::read_to_string(format!("{dir}/ja.txt")),
        ) else {
            println!("SKIPPED: ../shared/data/clean not found");
            return;
        };
        let chains = crate::damage::Chain::cross_legacy_chains();
        let chain = |name: &str| {
            *chains
                .iter()
                .find(|c| c.to_string() == name)
                .expect("a cross chain")
        };
        let mut lines: Vec<String> = Vec::new();
        for (text, damage) in [
            (&hans, "gbk read as big5"),
            (&hans, "gbk read as shift_jis"),
            (&hant, "big5 read as gbk"),
            (&ja, "shift_jis read as gbk"),
        ] {
            for line in text.lines().take(1500) {
                lines.push(line.to_owned());
                lines.extend(chain(damage).apply(line));
            }
        }
        let (mut triggered, mut changed) = (0, 0);
        let mut prev = "";
        for line in lines.iter().filter(|l| l.len() <= READ_LINE_MAX) {
            let Some(t) = next_trigger(line, 0) else {
                prev = line;
                continue;
            };
            triggered += 1;
            // Against a reading with no cache at all (fresh buffers and
            // window memo), the line asked inside a text of two lines
            // (the line cache then holds the line read before).
            let uncached = fix_line_with(line, &mut Vec::new(), &mut Scratch::default());
            let fixes = uncached.is_some();
            let text = format!("{prev}\n{line}\n");
            assert_eq!(line_changes(&text, prev.len() + 1 + t), fixes, "{line:?}");
            let fixed = fix(line, &mut Vec::new());
            let fixed = matches!(fixed, Cow::Owned(_)).then(|| fixed.into_owned());
            assert_eq!(fixed, uncached, "{line:?}");
            changed += usize::from(fixes);
            prev = line;
        }
        println!("{triggered} lines with a trigger, {changed} changed");
        assert!(changed > 1000 && triggered > changed + 100);
    }
}
