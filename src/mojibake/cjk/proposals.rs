//! Repairs proposed for spans, and their weighing in context: the bits a
//! repair saves and the margin it must win by (`plausibility`); a lone
//! character through a single-byte page, or a repair of holes alone, is set
//! aside until its chain is established for the line.

use super::chain::Chain;
use super::plausibility;
use super::reading_tables::LOST_BYTE_BITS;

/// A proposed repair of `chars[start..end]`.
#[derive(Clone, Debug)]
pub(super) struct Candidate {
    pub(super) start: usize,
    pub(super) end: usize,
    /// The repaired text, in the line's arena (see [`Proposal::repaired`]).
    pub(super) repaired: std::ops::Range<usize>,
    pub(super) chain: Chain,
    /// Bits saved by the repair (garbled minus repaired).
    pub(super) saved: i64,
    /// The margin the repair must win by on its own.
    pub(super) margin: i64,
    /// The garbled span is also mostly valid UTF-8 through its code page, so
    /// it may be Latin-family mojibake: accepted only where its chain is
    /// established by other spans of the line.
    pub(super) utf8_like: bool,
    /// The repair supposes bytes were lost, or keeps U+FFFD.
    pub(super) guessed: bool,
    /// A repair of holes alone taken by rule, not by weighing (see
    /// [`Candidate::holes_only`]).
    pub(super) holes_only: bool,
}

impl Candidate {
    /// A repair of holes alone on an established UTF-8 chain (one U+FFFD
    /// per lost character where the span is damage alone: `line_repair`'s
    /// deferred loop). U+FFFD counts on neither side of the weighing, so
    /// such a repair saves no bit and never wins on its own (`saved` 0,
    /// `margin` 1): it is accepted by its flag, and ranks after every
    /// weighed candidate of its chain.
    pub(super) fn holes_only(
        start: usize,
        end: usize,
        repaired: std::ops::Range<usize>,
        chain: Chain,
    ) -> Self {
        Candidate {
            start,
            end,
            repaired,
            chain,
            saved: 0,
            margin: 1,
            utf8_like: false,
            guessed: true,
            holes_only: true,
        }
    }
}

/// A repair proposed for `chars[start..end]`, not yet weighed.
pub(super) struct Proposal {
    pub(super) start: usize,
    pub(super) end: usize,
    /// The repaired text: a range of the line's arena, where every
    /// decoder writes (one buffer for a line's candidates).
    pub(super) repaired: std::ops::Range<usize>,
    pub(super) chain: Chain,
    /// See [`Candidate::utf8_like`].
    pub(super) utf8_like: bool,
    /// Bytes the repair supposes were dropped without a trace (see
    /// [`read_with_lost_bytes`]): each costs [`LOST_BYTE_BITS`] more.
    ///
    /// [`read_with_lost_bytes`]: super::lost_bytes::read_with_lost_bytes
    pub(super) lost: u32,
    /// The repaired text's non-ASCII characters, and its U+FFFD among
    /// them (counted once, where it is written: see [`count_non_ascii`]).
    pub(super) non_ascii: usize,
    pub(super) holes: usize,
}

/// The non-ASCII characters of a repair, and its U+FFFD.
pub(super) fn count_non_ascii(repaired: &[char]) -> (usize, usize) {
    repaired.iter().fold((0, 0), |(n, h), &c| {
        (
            n + usize::from(!c.is_ascii()),
            h + usize::from(c == '\u{FFFD}'),
        )
    })
}

/// Files a proposal: weighed now, or set aside when it is a lone CJK
/// character read through a single-byte code page, which can only be
/// repaired where its chain is established (Latin text holds many such pairs
/// by chance, and weighing costs time).
pub(super) fn propose(chars: &[char], arena: &[char], proposal: Proposal, out: &mut Proposals) {
    let lone = matches!(proposal.chain, Chain::LegacyReadAs(..)) && proposal.non_ascii < 2;
    // A repair that brings back no character, only holes, is taken only
    // where its chain is established: otherwise holes and a clean character
    // could be traded for fewer holes.
    let holes_only = proposal.holes == proposal.non_ascii;
    if lone || holes_only {
        out.deferred.push(proposal);
    } else {
        weigh_into(chars, arena, &mut out.garbled, proposal, &mut out.weighed);
    }
}

/// Candidates found so far: weighed, or set aside until their chain is known
/// to be established for the line.
#[derive(Default)]
pub(super) struct Proposals {
    pub(super) weighed: Vec<Candidate>,
    pub(super) deferred: Vec<Proposal>,
    /// Bits and holes of garbled spans already weighed (chains often
    /// propose the same span), per start: `(end, bits, holes)` of the
    /// last two ends (chains that cut a run differently alternate).
    pub(super) garbled: Vec<[(usize, u32, u32); 2]>,
    /// Whether a `?` of the line may be a Windows decoder's mark of the
    /// encoding being read (`Utf8Scratch::windows_marks`): only then does
    /// `decode_utf8_spans` propose a span without the common CJK text glued
    /// after a `?` of its damage (`glued_after_mark`). In a line read
    /// through a decoder with `errors=replace` (U+FFFD holes) a `?` is the
    /// text's own (`帶顏??色`, GBK).
    pub(super) at_windows_marks: bool,
    /// Where the arena holds a guessed mark that is weighed as the mark but
    /// written as U+FFFD (`utf8_sequences::Sequence::withheld`), in
    /// ascending order.
    pub(super) withheld: Vec<usize>,
}

/// Weighs a proposal in its context and keeps it if it saves bits.
pub(super) fn weigh_into(
    chars: &[char],
    arena: &[char],
    garbled_cache: &mut Vec<[(usize, u32, u32); 2]>,
    proposal: Proposal,
    out: &mut Vec<Candidate>,
) {
    let Proposal {
        start,
        end,
        repaired: range,
        chain,
        utf8_like,
        lost,
        holes,
        ..
    } = proposal;
    let garbled = &chars[start..end];
    let repaired = &arena[range.clone()];
    if garbled == repaired {
        return;
    }
    let before = start.checked_sub(1).map(|i| chars[i]);
    let after = chars.get(end).copied();
    if garbled_cache.len() < chars.len() {
        garbled_cache.resize(chars.len(), [(0, 0, 0); 2]);
    }
    let slot = &mut garbled_cache[start];
    let (garbled_bits, garbled_holes) = match *slot {
        [(e, bits, holes), _] | [_, (e, bits, holes)] if e == end => (bits, holes),
        _ => {
            let (bits, holes) = plausibility::garbled_cost(garbled.iter().copied(), before, after);
            *slot = [(end, bits, holes), slot[0]];
            (bits, holes)
        }
    };
    // A repair no cheaper than the garbled text is not kept (below): its
    // weighing stops once its bits, with its language bits and its lost
    // bytes' (which are added to them below), reach the garbled text's.
    // Text stored in a legacy encoding is in that encoding's language (its
    // `language_bits`, summed in the same pass); and without UTF-8's
    // validity as evidence, this direction needs 4 bits more.
    let legacy = match chain {
        Chain::LegacyReadAs(legacy, _) => Some(legacy),
        _ => None,
    };
    // Bytes supposed lost are guesses; in a short repair of text that is
    // all letters (no C1 control, no windows-1252 punctuation or Latin-1
    // symbol, which legacy CJK bytes make: `‚Ì`, `¤¤`), they count in its
    // mean bits per character (`òÕÓÓËÉÊ`, KOI8-R read as Latin-1, is no Big5
    // that lost a soft hyphen: 藑個蚎圴).
    let guessed = if lost > 0 && garbled.iter().all(|c| c.is_ascii() || c.is_alphabetic()) {
        lost * LOST_BYTE_BITS
    } else {
        0
    };
    let Some((mut verdict, language)) = plausibility::weigh_slice_against(
        (garbled_bits, garbled_holes),
        repaired,
        before,
        after,
        garbled_bits.saturating_sub(lost * LOST_BYTE_BITS),
        legacy,
        guessed,
    ) else {
        return;
    };
    if legacy.is_some() {
        verdict.repaired_bits += language;
        verdict.margin += 4;
    }
    verdict.repaired_bits += lost * LOST_BYTE_BITS;
    let saved = i64::from(verdict.garbled_bits) - i64::from(verdict.repaired_bits);
    if saved > 0 {
        out.push(Candidate {
            start,
            end,
            repaired: range,
            chain,
            saved,
            margin: i64::from(verdict.margin),
            utf8_like,
            guessed: lost > 0 || holes > 0,
            holes_only: false,
        });
    }
}
