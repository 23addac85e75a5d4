//! A line's repair from its first trigger on: the triggers of each
//! character, the spans both directions propose, the chains established for
//! the line (or one leading it), and the kept repairs written out.

use std::borrow::Cow;

use crate::cjk_text::classes::{is_han, is_hangul};
use crate::explain::{Action, Step};
use crate::mojibake::dropped_bytes::{
    is_c1_dropped_fragment, is_c1_dropped_utf8, restore_dropped_bytes,
};

use super::chain::{single_byte_slot, Chain};
use super::legacy::Legacy;
use super::line_scratch::LineScratch;
use super::plausibility::char_bits;
use super::proposals::{propose, weigh_into, Candidate, Proposals};
use super::single_byte_runs::{byte_in_1252_from, single_byte_runs};
use super::single_byte_spans::{single_byte_read_as, utf8_coverage, whole_is_utf8};
use super::trigger::{
    after_hole_mask, has_bit, kana_trigger, may_trigger, single_byte_start, triggers,
    utf8_trigger_mask,
};
use super::utf8_runs::{
    clean_beyond, glued_after_cut, is_cjk_text, is_common_cjk, is_glued_tail, is_junk_tail,
    utf8_read_as, GLUED_PREFIX,
};
use super::{cyrillic, later_passes_may_start, SINGLE_BYTE_PAGES};

/// [`fix_wide_sequences`] from the line's first trigger on: `first` is its
/// character index, byte offset, and triggers. Adds the later passes'
/// triggers at the characters after it to `may_start`. `chars_hold_text`:
/// `scratch.chars` holds the characters of `text` already.
///
/// [`fix_wide_sequences`]: super::fix_wide_sequences
pub(super) fn repair_line<'a>(
    text: &'a str,
    plan: &mut Vec<Step>,
    first: (usize, usize, bool, u8),
    chars_hold_text: bool,
    may_start: &mut u8,
    scratch: &mut LineScratch,
) -> Cow<'a, str> {
    let (first_char, first_offset, first_single_byte, first_utf8) = first;
    let LineScratch {
        chars,
        utf8_triggers,
        single_byte_triggers,
        high,
        arena,
        proposals,
        single_byte,
        as_1252,
        runs,
        read,
        utf8,
        taken,
    } = scratch;
    // The triggers of every character from there on.
    if !chars_hold_text {
        chars.clear();
        chars.extend(text.chars());
        // (The runs kept by a lean reading are another line's.)
        utf8.memo.clear();
    }
    let chars: &[char] = chars;
    utf8_triggers.clear();
    utf8_triggers.resize(chars.len(), 0); // bit k: Legacy::ALL[k]
    single_byte_triggers.clear();
    single_byte_triggers.resize(chars.len(), false);
    single_byte_triggers[first_char] = first_single_byte;
    utf8_triggers[first_char] = first_utf8;
    // `single_byte_trigger` over the characters' flags (bit 0: a high
    // character, bit 1: one that is a symbol), in a window of five, from
    // the character after the first trigger on (the windows start there).
    let t = triggers();
    high.clear();
    high.resize(first_char + 1, 0);
    high.extend(chars[first_char + 1..].iter().map(|&ch| {
        if has_bit(&t.legacy_as_single_byte, ch) {
            1 | u8::from(has_bit(&t.single_byte_symbol, ch)) << 1
        } else {
            0
        }
    }));
    // The encodings with a trigger in the line, and whether a single-byte
    // trigger is there, gathered on the way.
    let mut utf8_encodings = first_utf8;
    let mut any_single_byte = first_single_byte;
    // The byte offset of the character after `k`.
    let mut after = first_offset + chars[first_char].len_utf8();
    for k in first_char + 1..chars.len() {
        let c = chars[k];
        let at = after;
        after += c.len_utf8();
        // (No trigger holds where `may_trigger` says none can: the
        // single-byte one needs the flag of `high`, which it tests.)
        if c.is_ascii() || !may_trigger(c) {
            continue;
        }
        *may_start |= later_passes_may_start(text, at, c);
        let rest = &text[after..];
        let single_byte = high[k] & 1 != 0 && high.get(k + 1).is_some_and(|&h| h & 1 != 0) && {
            let window = &high[k..chars.len().min(k + 5)];
            let count = window.iter().filter(|&&h| h & 1 != 0).count();
            let symbols = window.iter().filter(|&&h| h & 2 != 0).count();
            count >= 4 || (count >= 3 && symbols >= 1)
        } || (high[k] & 1 != 0 && kana_trigger(c, rest));
        debug_assert_eq!(single_byte, single_byte_start(c, rest));
        single_byte_triggers[k] = single_byte;
        any_single_byte |= single_byte;
        let mask = utf8_trigger_mask(c, rest);
        utf8_triggers[k] = mask;
        utf8_encodings |= mask;
    }
    // A `?` before a character out of phase stands for a hole: its run
    // starts at the `?` (`utf8_read_as`), and so does its trigger. (Only in
    // a line that has another trigger: a `?` alone starts nothing, so the
    // Fixer's trigger scan need not look at ASCII.)
    // (And the encodings of which a `?` of the line may be a Windows
    // decoder's mark: see `Utf8Scratch::windows_marks`.)
    let mut marks = 0;
    if text.contains('?') {
        for (k, (offset, c)) in text.char_indices().enumerate() {
            if c == '?' {
                let mask = after_hole_mask(&text[offset + 1..]);
                utf8_triggers[k] |= mask;
                utf8_encodings |= mask;
                marks |= mask;
            }
        }
        if !text.contains('\u{FFFD}') {
            marks = u8::MAX;
        }
    }
    utf8.windows_marks = marks;
    debug_assert_eq!(
        utf8_encodings,
        utf8_triggers.iter().fold(0, |all, &m| all | m)
    );
    debug_assert_eq!(any_single_byte, single_byte_triggers.contains(&true));
    let any_utf8 = utf8_encodings != 0;
    // Text that a single-byte code page turns back into UTF-8 as a whole is
    // the Latin-family repair's to undo, not the single-byte direction's.
    let whole_is_utf8 = || whole_is_utf8(text);
    // So is UTF-8 read as windows-1252 or Latin-1 that lost bytes on the way
    // (`ã“ã‚“ã«ã¡ã¯`, see `dropped_bytes`): read as a legacy encoding it
    // makes nonsense that can still outweigh the mojibake.
    // (Including Latin-1 text whose C1 controls were all dropped, which
    // `dropped_bytes` can seldom repair but whose structure shows it.)
    let dropped_utf8 =
        || matches!(restore_dropped_bytes(text), Cow::Owned(_)) || is_c1_dropped_utf8(text);
    // And Russian text in windows-1251 or KOI8-R read as windows-1252,
    // which a legacy CJK reading would turn into made-up characters.
    // (Whole UTF-8, the common Latin-family case, is asked first, before
    // any run is read, as it costs the Latin repair's lines least; the
    // other two only once the runs are read, and only when a run that
    // proposes something was not settled by a decisive reading.)
    if any_single_byte && whole_is_utf8() {
        any_single_byte = false;
        single_byte_triggers.fill(false);
    }
    let back_off = || dropped_utf8() || cyrillic::is_legacy_cyrillic(text);
    if !any_utf8 && !any_single_byte {
        return Cow::Borrowed(text);
    }
    proposals.weighed.clear();
    proposals.deferred.clear();
    proposals.garbled.clear();
    proposals.withheld.clear();
    arena.clear();
    for (k, legacy) in Legacy::ALL.into_iter().enumerate() {
        if utf8_encodings & (1 << k) != 0 {
            utf8_read_as(chars, legacy, utf8_triggers, 1 << k, arena, proposals, utf8);
        }
    }
    if any_single_byte {
        single_byte.clear();
        // Which characters windows-1252 turns into multi-byte UTF-8, over
        // the whole line (a run of one page stops where the page cannot
        // encode a character, such as `€` in Latin-1).
        // (From the pages' bytes of each character, `runs.codes`.)
        single_byte_runs(chars, single_byte_triggers, runs);
        as_1252.clear();
        as_1252.extend(
            chars
                .iter()
                .zip(&runs.codes)
                .map(|(&c, codes)| byte_in_1252_from(c, codes[0])),
        );
        utf8_coverage(as_1252, &mut read.utf8_in_1252);
        read.unsettled = 0;
        // The chain the text went through decodes it in long spans; the
        // other encodings and code pages break it into fragments. A chain
        // whose longest span is under half the longest of all is not weighed
        // (short texts, whose longest span is short, keep every chain).
        // A span has at most as many non-ASCII characters as its run has
        // high bytes, so a page whose runs are all too short for that is
        // not decoded at all (`best` only grows).
        let mut longest = [0usize; Legacy::ALL.len() * SINGLE_BYTE_PAGES.len()];
        let mut best = 0;
        for p in 0..SINGLE_BYTE_PAGES.len() {
            let from = single_byte.len();
            single_byte_read_as(chars, runs, p, best, arena, single_byte, read);
            for p in &single_byte[from..] {
                let non_ascii = p.non_ascii;
                let slot = &mut longest[single_byte_slot(p.chain)];
                *slot = (*slot).max(non_ascii);
                best = best.max(non_ascii);
            }
        }
        // (And a few characters of UTF-8 that lost every character to
        // stripped C1 controls: whatever reads them is made up.)
        if (read.unsettled > 0 && back_off())
            || (!single_byte.is_empty() && is_c1_dropped_fragment(text))
        {
            single_byte.clear();
        }
        for p in single_byte.drain(..) {
            let l = longest[single_byte_slot(p.chain)];
            if best <= 4 || 2 * l >= best {
                propose(chars, arena, p, proposals);
            }
        }
    }
    let Proposals {
        weighed: candidates,
        deferred,
        garbled,
        withheld,
        ..
    } = proposals;
    if candidates.is_empty() {
        return Cow::Borrowed(text);
    }
    // A line is usually damaged one way. A chain whose candidates win on
    // their own by 24 bits or more in total is established for the line;
    // its other candidates need only be cheaper than what they replace (a
    // lone `¶Ô` among repaired GBK is 对 too). Everything else must win by its own margin.
    // Two separate spans that win on their own establish their chain too
    // (a short line of two-syllable Korean words: `±вє» ЖДАП ЗьЅД јіБ¤`).
    let mut established: Vec<(Chain, i64)> = Vec::new();
    let mut winners: Vec<(Chain, usize, usize)> = candidates
        .iter()
        .filter(|c| c.saved >= c.margin && !c.utf8_like)
        .map(|c| (c.chain, c.start, c.end))
        .collect();
    winners.sort_by_key(|&(_, start, _)| start);
    for c in candidates
        .iter()
        .filter(|c| c.saved >= c.margin && !c.utf8_like)
    {
        match established.iter_mut().find(|(chain, _)| *chain == c.chain) {
            Some((_, total)) => *total += c.saved - c.margin,
            None => established.push((c.chain, c.saved - c.margin)),
        }
    }
    let separate_winners = |chain: Chain| {
        let mut count = 0;
        let mut end = 0;
        for &(c, s, e) in &winners {
            if c == chain && (count == 0 || s >= end) {
                count += 1;
                end = e;
            }
        }
        count
    };
    // Where no chain is established so, the chain of the single-byte
    // direction that wins most (alone: no other chain's winners total as
    // much) may lead a line that no winner reads with a lost byte: a
    // short line holds one winning span and short spans of the same damage
    // around it (`‚ÌWanderingManager‚ªNull‚Å‚·`, `"[°¡-ÆR]?\\.txt", "ÇÑ±Û.txt"`).
    // It does when its spans, the winners and the others that are cheaper
    // than what they replace (guessing no byte, and not UTF-8 through the
    // page: Latin-family mojibake), then cover every non-ASCII character of
    // the line: the one damage explains the whole line. (Where they do
    // not, as in text that lost most of its bytes, the winner is as likely
    // a chance reading.) Its other spans are then taken as an established
    // chain's. (The UTF-8 direction weighs its short spans on its own.)
    let strong = |chain: Chain, total: i64| total >= 24 || separate_winners(chain) >= 2;
    let mut leading = if !leading_chain() || established.iter().any(|&(c, t)| strong(c, t)) {
        None
    } else {
        let top = established.iter().map(|&(_, t)| t).max();
        let mut at_top = established.iter().filter(|&&(_, t)| Some(t) == top);
        match (at_top.next(), at_top.next()) {
            (Some(&(chain, total)), None)
                if matches!(chain, Chain::LegacyReadAs(..))
                    && !candidates.iter().any(|c| c.saved >= c.margin && c.guessed) =>
            {
                Some((chain, total))
            }
            _ => None,
        }
    };
    established.retain(|&(chain, total)| strong(chain, total));
    // An established chain of UTF-8 read as a legacy encoding reads the
    // line's other stretches too (non-ASCII characters and `?` marks
    // between ASCII), those without a trigger of their own: a Windows
    // decoder's `?` swallows bytes, and a stretch that starts out of phase
    // or holds one or two characters among holes (`?밸퀎??`, `留롮?`) seldom
    // triggers. Their spans are kept as the chain's others are (saving a
    // bit).
    if established_runs() {
        for k in 0..Legacy::ALL.len() {
            let legacy = Legacy::ALL[k];
            let bit = 1u8 << k;
            if !established
                .iter()
                .any(|&(c, _)| c == Chain::Utf8ReadAs(legacy))
            {
                continue;
            }
            // The stretches at the edges of the damage: holes alone, and
            // rare text ended by a Windows mark before ASCII (see
            // `unread_edge_stretches`).
            let chain = Chain::Utf8ReadAs(legacy);
            let repaired = |start: usize, end: usize| {
                let overlaps = |(s, e): (usize, usize)| s < end && e > start;
                candidates
                    .iter()
                    .any(|c| c.chain == chain && overlaps((c.start, c.end)))
                    || deferred
                        .iter()
                        .any(|p| p.chain == chain && overlaps((p.start, p.end)))
            };
            if let Some(edges) = unread_edge_stretches(
                chars,
                utf8_triggers,
                bit,
                utf8.windows_marks & bit != 0,
                repaired,
            ) {
                let mut extra = Proposals::default();
                utf8_read_as(chars, legacy, &edges, bit, arena, &mut extra, utf8);
                withheld.append(&mut extra.withheld);
                // Of a stretch whose every character is a hole, a mark or
                // rare (`damage_only`: mojibake, not clean text: `涓?`,
                // `鍦?`, `��`), a repair into CJK text and holes, or holes
                // alone (set aside, then taken as the deferred loop below
                // takes them).
                deferred.extend(
                    extra
                        .deferred
                        .drain(..)
                        .filter(|p| damage_only(chars, p.start, p.end)),
                );
                candidates.extend(extra.weighed.drain(..).filter(|c| {
                    damage_only(chars, c.start, c.end)
                        && arena[c.repaired.clone()]
                            .iter()
                            .all(|&r| r == '\u{FFFD}' || is_cjk_text(r))
                }));
            }
            let Some(more) = unread_mark_stretches(chars, utf8_triggers, bit) else {
                continue;
            };
            let mut extra = Proposals::default();
            utf8_read_as(chars, legacy, &more, bit, arena, &mut extra, utf8);
            withheld.append(&mut extra.withheld);
            // Only repairs that bring back CJK text and holes, nothing else
            // (clean Hangul beside a mark reads as two-byte UTF-8 by chance:
            // `키?를`, `C5 B0` then a hole, `Ű�`; `(?知識` through Shift_JIS
            // as `をm識`), not holes alone (`페이지?에서` would lose `?에`),
            // and of a garbled stretch holding a character that is no
            // common text by itself (a rare one, as mojibake makes: `?꾧뎄`;
            // not common words after a `?` of the text: `?宣言`, `?幫助`).
            candidates.extend(extra.weighed.drain(..).filter(|c| {
                chars[c.start..c.end]
                    .iter()
                    .any(|&g| !g.is_ascii() && char_bits(g) >= RARE_AFTER_MARK_BITS)
                    && arena[c.repaired.clone()]
                        .iter()
                        .all(|&r| r == '\u{FFFD}' || is_cjk_text(r))
            }));
        }
    }
    let before_deferred = candidates.len();
    for proposal in deferred.drain(..) {
        let chain = proposal.chain;
        // A repair of holes alone of a `?` and nothing but common CJK text
        // (no character as rare as mojibake makes, `RARE_AFTER_MARK_BITS`)
        // is the text's own question read as a Windows decoder's mark, a
        // clean character beside it taken into the hole (`在哪里?北京`: Big5
        // `北` is `A5 5F`, a continuation byte and `_`, so `?北` reads as
        // `�_`; `多少錢?十塊`, EUC-KR `錢?` as `�`).
        if matches!(chain, Chain::Utf8ReadAs(_))
            && chars[proposal.start..proposal.end].contains(&'?')
            && chars[proposal.start..proposal.end]
                .iter()
                .all(|&c| c == '?' || is_common_cjk(c))
        {
            continue;
        }
        let leads =
            leading.is_some_and(|(c, _)| c == chain) && proposal.lost == 0 && proposal.holes == 0;
        let established = established.iter().any(|&(c, _)| c == chain);
        if established || leads {
            // A repair of holes alone saves no bits (U+FFFD counts on
            // neither side). On an established UTF-8 chain, one of damage
            // alone (`damage_only`) is taken where it writes no more holes
            // than the span has characters: one U+FFFD per lost character,
            // as the UTF-8 structure settles them (`��` for EUC-KR `은`,
            // `EC 9D` then `80`, is `�`; `涓?` before a space is `中` and a
            // lost `.`, `��`; `閿?鍜?` before a space, `键 和 `, `��和�`).
            // Such a repair is taken by rule (`Candidate::holes_only`), not
            // weighed. (Branch holeguess: a fourth clause, no more other
            // characters than holes and marks, changed none of 176,586
            // held-out and review lines and was dropped; without the cap on
            // holes, 6 lines got more holes than their span's characters.)
            let holes_only_edge = established
                && matches!(chain, Chain::Utf8ReadAs(_))
                && proposal.holes == proposal.non_ascii
                && proposal.holes <= proposal.end - proposal.start
                && damage_only(chars, proposal.start, proposal.end);
            let (start, end, repaired) = (proposal.start, proposal.end, proposal.repaired.clone());
            let at = candidates.len();
            weigh_into(chars, arena, garbled, proposal, candidates);
            if holes_only_edge
                && candidates.len() == at
                && chars[start..end] != arena[repaired.clone()]
            {
                candidates.push(Candidate::holes_only(start, end, repaired, chain));
            }
        }
    }
    // A set-aside span of Latin-1 letters (À–ÿ) inside a word of ASCII
    // letters (one on each side, or one it took as a trail byte and one
    // after it) is more likely part of a Latin word than a CJK pair, and does
    // not follow the leading chain (`"égal.txt"` beside `ÍâÈËÆÛ.txt`: `ég` is
    // `E9 67`, `間`; `administração`, `mäßig`; found by the review of the
    // merge). Spans with the page's other letters (`ƒ`, `Œ`, `Š`: Shift_JIS
    // leads) or symbols (`‚`, `°`) are not held back.
    let in_word_of = |c: &Candidate, latin_letter: fn(char) -> bool| {
        let latin = |x: &char| x.is_ascii_alphabetic() || latin_letter(*x);
        let letter = |at: Option<&char>| at.is_some_and(|x| x.is_ascii_alphabetic());
        let span = &chars[c.start..c.end];
        span.iter().all(latin)
            && letter(chars.get(c.end))
            && (span.iter().any(|x| x.is_ascii()) || c.start > 0 && letter(chars.get(c.start - 1)))
    };
    let in_latin_word =
        |c: &Candidate| in_word_of(c, |x| ('À'..='ÿ').contains(&x) && x.is_alphabetic());
    let leads = |c: &Candidate, leading: Option<(Chain, i64)>| {
        leading.is_some_and(|(chain, _)| chain == c.chain)
            && (c.saved >= c.margin || (!c.guessed && !c.utf8_like && !in_latin_word(c)))
    };
    if leading.is_some() {
        taken.clear();
        taken.resize(chars.len(), false);
        for c in candidates.iter().filter(|c| leads(c, leading)) {
            taken[c.start..c.end].fill(true);
        }
        if chars
            .iter()
            .zip(taken.iter())
            .any(|(c, &t)| !c.is_ascii() && !t)
        {
            leading = None;
            // (Only the leading chain's set-aside spans were weighed.)
            candidates.truncate(before_deferred);
        }
    }
    // A span shorter than another by its glued text is preferred only where
    // it survives the verdict below on its own (its own margin, or a saving
    // on an established or leading chain): a cut span that is no repair by
    // itself would leave the damage verbatim, where the longer span repaired
    // it (`罩ユ����什么`, cut before `什`, was left as it was; the longer
    // span reads `步���么`).
    let survives = |c: &Candidate| {
        let established = established.iter().any(|&(chain, _)| chain == c.chain);
        if c.utf8_like {
            established && c.saved >= 1
        } else {
            c.holes_only
                || c.saved >= c.margin
                || ((established || leads(c, leading)) && c.saved >= 1)
        }
    };
    drop_glued_extensions(chars, arena, candidates, survives);
    // Latin text in the line besides its damage: a lone lowercase Latin
    // letter inside an ASCII word (`yardım`, `gösterir`, `może`) that no
    // winning span covers. Legacy CJK read through a page makes its letters
    // in pairs (`ÔÚ`, `şÍ`), and a lone one only where a pair's trail is
    // ASCII, mostly an uppercase lead (Shift_JIS `「」、` through MacRoman
    // are `Åu`, `Åv`, `ÅA`: `procfsÅv`). Where the line holds such
    // text, a span inside a Latin word is not taken on an established chain
    // either (Turkish beside one damaged span: `açıklama` was `a琮klama`,
    // `Aşağıdaki` `Aşa顯daki`); where it does not, a CJK character glued
    // between ASCII words still is (`9x和WinNT`, `9xşÍWinNT` through
    // windows-1250).
    // The letters that can be such text (in order), then, per chain of the
    // line's candidates, which of them a span of that chain covers and how
    // many none does: each candidate asks in time of its own length, not
    // of the line's (a long line of Turkish words and damage holds
    // thousands of both).
    // (Built on first use: most lines have no candidate inside a Latin
    // word.)
    let cover = std::cell::OnceCell::new();
    let chain_cover = || {
        cover.get_or_init(|| {
            let mut evidence: Vec<usize> = (1..chars.len().saturating_sub(1))
                .filter(|&i| {
                    is_latin_letter(chars[i])
                        && chars[i].is_lowercase()
                        && chars[i - 1].is_ascii_lowercase()
                        && chars[i + 1].is_ascii_lowercase()
                })
                .collect();
            // Not inside a winning span (by search: the winners sorted by
            // start, with the furthest end so far).
            let mut winners: Vec<(usize, usize)> = candidates
                .iter()
                .filter(|c| c.saved >= c.margin && !c.utf8_like)
                .map(|c| (c.start, c.end))
                .collect();
            winners.sort_unstable();
            let mut reach = 0;
            for w in &mut winners {
                reach = reach.max(w.1);
                w.1 = reach;
            }
            evidence.retain(|&i| {
                let before = winners.partition_point(|&(start, _)| start <= i);
                before == 0 || winners[before - 1].1 <= i
            });
            let mut chain_cover: Vec<(Chain, Vec<bool>, usize)> = Vec::new();
            if evidence.is_empty() {
                return chain_cover;
            }
            for o in candidates.iter() {
                let k = match chain_cover.iter().position(|(chain, ..)| *chain == o.chain) {
                    Some(k) => k,
                    None => {
                        chain_cover.push((o.chain, vec![false; evidence.len()], evidence.len()));
                        chain_cover.len() - 1
                    }
                };
                let (_, covered, uncovered) = &mut chain_cover[k];
                let from = evidence.partition_point(|&i| i < o.start);
                let to = evidence.partition_point(|&i| i < o.end);
                for slot in &mut covered[from..to] {
                    *uncovered -= usize::from(!*slot);
                    *slot = true;
                }
            }
            chain_cover
        })
    };
    // (The candidate's own span is covered by its chain: it is among the
    // candidates.)
    let lone_latin = |c: &Candidate| {
        chain_cover()
            .iter()
            .find(|(chain, ..)| *chain == c.chain)
            .is_some_and(|(_, _, uncovered)| *uncovered > 0)
    };
    let accepted = |c: &Candidate| {
        let established = established.iter().any(|&(chain, _)| chain == c.chain);
        if c.utf8_like {
            established && c.saved >= 1
        } else {
            let held_back = || in_word_of(c, is_latin_letter) && lone_latin(c);
            c.holes_only
                || c.saved >= c.margin
                || (((established && !held_back()) || leads(c, leading)) && c.saved >= 1)
        }
    };
    let keep: Vec<bool> = candidates.iter().map(accepted).collect();
    let mut kept = keep.iter();
    candidates.retain(|_| kept.next() == Some(&true));
    // Established chains first, then the largest gains; keep those that do
    // not overlap a kept one.
    let rank = |c: &Candidate| {
        let est = established
            .iter()
            .chain(leading.as_ref())
            .find(|&&(chain, _)| chain == c.chain)
            .map_or(0, |&(_, total)| total);
        (
            std::cmp::Reverse(est),
            c.holes_only,
            std::cmp::Reverse(c.saved - c.margin),
            c.start,
        )
    };
    candidates.sort_by_cached_key(|c| rank(c));
    let mut kept: Vec<Candidate> = Vec::new();
    // The characters a kept candidate covers.
    taken.clear();
    taken.resize(chars.len(), false);
    for c in candidates.drain(..) {
        if !taken[c.start..c.end].contains(&true) {
            taken[c.start..c.end].fill(true);
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| c.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut chains: Vec<Chain> = Vec::new();
    for c in &kept {
        out.extend(&chars[at..c.start]);
        // A guessed mark weighed as the mark is written as U+FFFD
        // (`utf8_sequences::Sequence::withheld`).
        let from = withheld.partition_point(|&k| k < c.repaired.start);
        let mut marks = withheld[from..]
            .iter()
            .take_while(|&&k| k < c.repaired.end)
            .peekable();
        for (k, &r) in arena[c.repaired.clone()].iter().enumerate() {
            let at_mark = marks.next_if(|&&m| m == c.repaired.start + k).is_some();
            out.push(if at_mark { '\u{FFFD}' } else { r });
        }
        at = c.end;
        if !chains.contains(&c.chain) {
            chains.push(c.chain);
        }
    }
    out.extend(&chars[at..]);
    if out == text {
        return Cow::Borrowed(text);
    }
    plan.push(Step::new(Action::Apply, "fix_cjk_encoding"));
    plan.extend(
        chains
            .iter()
            .map(|c| Step::new(Action::Undid, c.step_name())),
    );
    Cow::Owned(out)
}

/// Drops a weighed span that is another weighed span of its chain plus
/// clean text glued to a Windows decoder's mark (a common CJK character
/// before the `?` the other starts at, `已` in `与已?삣퐬`; one or two
/// after the other's end, `方` in `?®쉪方式`, `版本` in `鐨?版本`; see
/// `utf8_runs::utf8_read_as`) unless it saves [`GLUED_EDGE_BITS`] more:
/// the clean text read into the damage (turned into a hole, or into a
/// rarer character) is a repair of its own, which must win by a
/// one-character repair's margin. (The rank below compares what spans
/// save less their margins, which favours the longer span: a span of one
/// character must win by 24 bits, one of two by 16.)
fn drop_glued_extensions(
    chars: &[char],
    arena: &[char],
    candidates: &mut Vec<Candidate>,
    survives: impl Fn(&Candidate) -> bool,
) {
    // The spans that may be another's without its glued text: right after
    // a `?` or a common CJK character, or right before a common one.
    let clean = |c: char| c == '?' || is_common_cjk(c);
    let short = |c: &Candidate| {
        (c.start > 0 && clean(chars[c.start - 1]))
            || chars.get(c.end).is_some_and(|&n| is_common_cjk(n))
    };
    if !candidates.iter().any(short) {
        return;
    }
    let mut by_start: Vec<usize> = (0..candidates.len()).collect();
    by_start.sort_unstable_by_key(|&i| candidates[i].start);
    let mut drop = vec![false; candidates.len()];
    for s in candidates.iter() {
        if !short(s) || !survives(s) {
            continue;
        }
        let lo = by_start.partition_point(|&i| candidates[i].start + GLUED_PREFIX < s.start);
        for &li in by_start[lo..]
            .iter()
            .take_while(|&&i| candidates[i].start <= s.start)
        {
            let l = &candidates[li];
            if l.chain != s.chain || l.end < s.end || (l.start == s.start && l.end == s.end) {
                continue;
            }
            // Before: clean text and a mark (`已` before `?삣퐬`, `?北京`
            // before `?啣僑`, `?。` before `鐢ㄥ`).
            let prefix = &chars[l.start..s.start];
            let start_glued = prefix.is_empty()
                || (prefix.iter().all(|&c| clean(c))
                    && (prefix.contains(&'?') || chars[s.start] == '?')
                    && clean_beyond(chars, l.start.checked_sub(1), chars[l.start]));
            // And the two read the rest alike (the shorter one's repair,
            // without its holes at the cut, is where the longer's is): a
            // run read from the mark settles its holes anew, and may read
            // the rest out of phase (a Big5 `，`, `A1 41`, as `A`).
            let (lr, sr) = (&arena[l.repaired.clone()], &arena[s.repaired.clone()]);
            // After: one or two common characters after the mojibake, where
            // the damage holds a mark, or, whatever the damage, where the
            // longer span's last sequence took them and read them as
            // nothing but holes and ASCII (`glued_after_cut`,
            // `is_junk_tail`: Big5 `撟渡?，` read as `年�A`, the shorter
            // span `撟渡?` as `年�`).
            let hole = |c: &char| *c == '\u{FFFD}';
            // The shorter span's repair without its holes at the cut, and
            // whether the longer one's is it and more (at the same start).
            let cut = sr.len() - sr.iter().rev().take_while(|c| hole(c)).count();
            let same_start_alike = l.start == s.start && lr.starts_with(&sr[..cut]);
            let junk_after =
                || same_start_alike && is_junk_tail(&lr[cut..], chars.get(l.end).copied());
            let end_glued = l.end == s.end
                || (is_glued_tail(&chars[s.end..l.end])
                    && clean_beyond(chars, Some(l.end), chars[l.end - 1])
                    && chars[l.start..s.end].contains(&'?'))
                || (glued_after_cut(chars, s.end, l.end) && junk_after());
            // Han glued to a repair that reads as Hangul is no clean text
            // beside it (`欷?頃橂倶電擬yPaint`: `하나` then `電擬`, the
            // mojibake of `는M`): Korean text seldom glues hanja to Hangul.
            let hangul_beside_han = |glued: &[char]| {
                glued.iter().any(|&c| is_han(c)) && sr.iter().any(|&c| is_hangul(c))
            };
            if hangul_beside_han(&chars[l.start..s.start])
                || hangul_beside_han(&chars[s.end..l.end])
            {
                continue;
            }
            let alike = if l.start == s.start {
                same_start_alike
            } else if l.end == s.end {
                let cut = sr.iter().take_while(|c| hole(c)).count();
                lr.ends_with(&sr[cut..])
            } else {
                false
            };
            if alike && start_glued && end_glued && l.saved - s.saved < GLUED_EDGE_BITS {
                drop[li] = true;
            }
        }
    }
    let mut dropped = drop.iter();
    candidates.retain(|_| dropped.next() == Some(&false));
}

/// See [`drop_glued_extensions`]: the margin of a one-character repair
/// (`plausibility::verdict`, 8 + 16 bits).
const GLUED_EDGE_BITS: i64 = 24;

/// The stretches of a line (non-ASCII characters and `?` marks between
/// ASCII) that start at a `?` and hold no trigger of the encoding `bit`
/// (marked with `bit`, for `utf8_read_as`), or `None` when there are none
/// or when the line's damage shows no Windows decoder's mark of that
/// encoding (a `?` carrying its trigger): a line whose damage is U+FFFD
/// holes, or none, was not decoded so, and a `?` there is the text's own
/// (`le ?版本`, read through Big5 `errors=replace`, `le �汾`).
fn unread_mark_stretches(chars: &[char], triggers: &[u8], bit: u8) -> Option<Vec<u8>> {
    if !chars
        .iter()
        .zip(triggers)
        .any(|(&c, &m)| c == '?' && m & bit != 0)
    {
        return None;
    }
    let mut more = vec![0u8; chars.len()];
    let mut any = false;
    for (start, end) in mark_stretches(chars) {
        if chars[start] == '?' && !triggers[start..end].iter().any(|&m| m & bit != 0) {
            more[start..end].fill(bit);
            any = true;
        }
    }
    any.then_some(more)
}

/// The stretches of a line that the mark readings look at: maximal runs of
/// non-ASCII characters and `?` (a Windows decoder's mark) between other
/// ASCII, as `(start, end)` character indices.
fn mark_stretches(chars: &[char]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let in_stretch = |c: char| !c.is_ascii() || c == '?';
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < chars.len() && !in_stretch(chars[i]) {
            i += 1;
        }
        if i == chars.len() {
            return None;
        }
        let start = i;
        while i < chars.len() && in_stretch(chars[i]) {
            i += 1;
        }
        Some((start, i))
    })
}

/// Whether `chars[start..end]` is damage alone: holes, marks and
/// characters as rare as mojibake makes ([`RARE_AFTER_MARK_BITS`]), no
/// clean text a repair into holes would lose.
fn damage_only(chars: &[char], start: usize, end: usize) -> bool {
    chars[start..end]
        .iter()
        .all(|&g| matches!(g, '?' | '\u{FFFD}') || char_bits(g) >= RARE_AFTER_MARK_BITS)
}

/// The stretches of a line (non-ASCII characters and `?` marks between
/// ASCII) at the edges of its damage that hold no trigger of the encoding
/// `bit` (marked with `bit`, for `utf8_read_as`), or `None` when there are
/// none. At the edges: no clean stretch (one with neither a trigger nor
/// the shape below) stands between it and a stretch with a trigger. The
/// shapes: a stretch of two or more holes (U+FFFD) alone, whose count the
/// UTF-8 structure settles (a WHATWG decoder's `��` for `EC 9D` and `80`
/// is one lost character); and, where a `?` of the line may be a Windows
/// decoder's mark of the encoding (`windows_marks`: see
/// `Utf8Scratch::windows_marks`), a stretch of non-ASCII
/// characters (and marks) ended by a `?` before ASCII or the line's end,
/// the last character whose pair the mark lost, with the ASCII byte after
/// it (`涓?` before a space, `中` and a lost `.`; `閿?鍜?` before a space,
/// `键 和 `). (Stretches that start at a `?`
/// are [`unread_mark_stretches`]'.)
fn unread_edge_stretches(
    chars: &[char],
    triggers: &[u8],
    bit: u8,
    windows_marks: bool,
    repaired: impl Fn(usize, usize) -> bool,
) -> Option<Vec<u8>> {
    // Every stretch: its span, whether it holds a trigger of `bit`, and
    // whether it is a candidate edge (holes alone, or mark-ended).
    let mut stretches: Vec<(usize, usize, bool, bool, bool)> = Vec::new();
    for (start, i) in mark_stretches(chars) {
        let stretch = &chars[start..i];
        let holes = i - start >= 2 && stretch.iter().all(|&c| c == '\u{FFFD}');
        let mark_ended = windows_marks
            && i - start >= 2
            && stretch[0] != '?'
            && stretch[stretch.len() - 1] == '?';
        let triggered = triggers[start..i].iter().any(|&m| m & bit != 0);
        // (Reading starts only from a stretch with a trigger that the
        // chain repairs: a false trigger in clean text, passed over or not
        // by the Fixer's scan, starts nothing.)
        let opens = triggered && repaired(start, i);
        stretches.push((start, i, triggered, opens, holes || mark_ended));
    }
    // Only the stretches at the damage's edges: a candidate read from a
    // stretch that holds a trigger, through ASCII and marks alone and other
    // such candidates (`鍦?涓?閿?鍜? ` before the damage; `銇?afpd 銇?`
    // between words). Clean text without a trigger stops it: a candidate
    // behind clean text is clean text of the line (`作者:(瑾瑜?)`,
    // `이름(亮?)`, `��` behind a clean sentence), which no damage touches.
    let marks_alone = |&(start, end, ..): &(usize, usize, bool, bool, bool)| {
        chars[start..end].iter().all(|&c| c == '?')
    };
    let mut reach = vec![false; stretches.len()];
    let mut open = false;
    for (k, st) in stretches.iter().enumerate() {
        if st.3 {
            open = true;
        } else if st.4 && !st.2 {
            reach[k] = open;
        } else if !marks_alone(st) {
            open = false;
        }
    }
    open = false;
    for (k, st) in stretches.iter().enumerate().rev() {
        if st.3 {
            open = true;
        } else if st.4 && !st.2 {
            reach[k] |= open;
        } else if !marks_alone(st) {
            open = false;
        }
    }
    let mut more: Vec<u8> = Vec::new();
    for (k, &(start, end, ..)) in stretches.iter().enumerate() {
        if reach[k] {
            if more.is_empty() {
                more.resize(chars.len(), 0);
            }
            more[start..end].fill(bit);
        }
    }
    (!more.is_empty()).then_some(more)
}

test_switch! {
    /// Tests: `false` leaves the stretches without a trigger of a line whose
    /// UTF-8 chain is established alone (see `repair_line`).
    pub(super) fn established_runs, static ESTABLISHED_RUNS = true
}

test_switch! {
    /// Tests: `false` turns the leading chain of a line off (see `repair_line`).
    pub(super) fn leading_chain, static LEADING_CHAIN = true
}

/// A letter of Latin-1 or Latin Extended-A/B (`é`, `ı`, `ş`, `ż`): what
/// Latin-script text outside ASCII is written with; not the letters that
/// windows-1252 and -1250 put at 80–9F (`ƒ`, `Š`, `Œ`, `Ž`…), which are
/// Shift_JIS and GBK lead bytes there.
fn is_latin_letter(c: char) -> bool {
    ('À'..='ɏ').contains(&c)
        && c.is_alphabetic()
        && !matches!(
            c,
            'ƒ' | 'Š' | 'š' | 'Œ' | 'œ' | 'Ž' | 'ž' | 'Ÿ' | 'Ś' | 'ś' | 'Ť' | 'ť' | 'Ź' | 'ź'
        )
}

/// A stretch after a Windows mark that an established chain reads without
/// a trigger holds a character priced at least this (see `repair_line`).
const RARE_AFTER_MARK_BITS: u32 = 15;
