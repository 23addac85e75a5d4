//! Where a CJK repair can start: the trigger tests every preset runs on
//! every line before any repair (see [`is_trigger_at`]), their tables, and
//! the multi-byte and single-byte sub-tests the repair itself reuses.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::legacy::Legacy;
use super::{plausibility, replacement_runs, two_byte_utf8, utf8_runs, SINGLE_BYTE_PAGES};

/// Where repairs can start. UTF-8 read as a legacy encoding always shows a
/// pair: a character whose legacy bytes are a UTF-8 lead byte of a 3- or
/// 4-byte sequence and a continuation byte, then one whose legacy bytes
/// start with a continuation byte (per encoding: the bits of `pair_bits`).
/// Where a decoder lost bytes, the pairs shift phase: a character's bytes
/// are then the last continuation byte of one sequence and the lead of the
/// next (`shifted_lead`).
/// A legacy encoding read as a single-byte code page shows two adjacent
/// characters of a code page's upper half. Built once.
pub(super) struct Triggers {
    /// The union of `lead_pair`, and U+FFFD: a first, cheap test.
    any_lead_pair: Box<[u64; 1024]>,
    /// Per BMP character: bit k set if in `lead_pair[k]`, bit 5 + k if in
    /// `cont_start[k]`, bit 10 + k if in `shifted_lead[k]`; one lookup each
    /// for a character and the next.
    pair_bits: Box<[u16]>,
    /// [`is_trigger_at`]'s tables, per BMP character, small so that the Han
    /// block stays in the cache: `starts` for the character tested (the
    /// `S_*` fields), `follows` for the one after it (`F_*`), read by every
    /// test that gets past `starts`, and `details` (`D_*`, see
    /// [`pair_details`]) for the next two, read only when a pair holds.
    starts: Box<[u32]>,
    follows: Box<[u16]>,
    details: Box<[u32]>,
    pub(super) legacy_as_single_byte: Box<[u64; 1024]>,
    /// Every character a page of `SINGLE_BYTE_PAGES` makes of a high byte.
    pub(super) single_byte_any: Box<[u64; 1024]>,
    /// Those of `legacy_as_single_byte` that are not letters.
    pub(super) single_byte_symbol: Box<[u64; 1024]>,
}

fn set_bit(bits: &mut [u64; 1024], c: char) {
    let cp = c as usize;
    if cp < 0x10000 {
        bits[cp / 64] |= 1 << (cp % 64);
    }
}

pub(super) fn has_bit(bits: &[u64; 1024], c: char) -> bool {
    let cp = c as usize;
    cp < 0x10000 && bits[cp / 64] & (1 << (cp % 64)) != 0
}

pub(super) fn triggers() -> &'static Triggers {
    static TRIGGERS: OnceLock<Triggers> = OnceLock::new();
    TRIGGERS.get_or_init(|| {
        let mut lead_pair: [Box<[u64; 1024]>; 5] = std::array::from_fn(|_| Box::new([0u64; 1024]));
        let mut cont_start: [Box<[u64; 1024]>; 5] = std::array::from_fn(|_| Box::new([0u64; 1024]));
        let mut shifted_lead: [Box<[u64; 1024]>; 5] =
            std::array::from_fn(|_| Box::new([0u64; 1024]));
        for (i, legacy) in Legacy::ALL.into_iter().enumerate() {
            for first in 0x80..=0xFEu8 {
                for second in (0x40..=0xFEu8).chain([0]) {
                    let decoded = if second == 0 {
                        legacy.decode_one(first)
                    } else {
                        legacy.decode_two(first, second)
                    };
                    let Some(c) = decoded else { continue };
                    if c == '\u{FFFD}' || c.is_ascii() {
                        continue;
                    }
                    if (0xE0..=0xF0).contains(&first) && (0x80..=0xBF).contains(&second) {
                        set_bit(&mut lead_pair[i], c);
                    }
                    if (0x80..=0xBF).contains(&first) {
                        set_bit(&mut cont_start[i], c);
                        if (0xE0..=0xEF).contains(&second) {
                            set_bit(&mut shifted_lead[i], c);
                        }
                    }
                }
            }
            // A lost byte: U+FFFD can continue any sequence.
            set_bit(&mut cont_start[i], '\u{FFFD}');
        }
        let mut legacy_as_single_byte = Box::new([0u64; 1024]);
        let mut single_byte_symbol = Box::new([0u64; 1024]);
        let mut single_byte_any = Box::new([0u64; 1024]);
        for page in SINGLE_BYTE_PAGES {
            for byte in 0x80..=0xFFu8 {
                let c = page.decode_byte(byte);
                set_bit(&mut single_byte_any, c);
                // Punctuation that clean CJK text uses in pairs (“……”, ——).
                if !matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '–' | '·' | '•')
                {
                    set_bit(&mut legacy_as_single_byte, c);
                    if !c.is_alphabetic() {
                        set_bit(&mut single_byte_symbol, c);
                    }
                }
            }
        }
        let mut any_lead_pair = Box::new([0u64; 1024]);
        for set in &lead_pair {
            for (a, b) in any_lead_pair.iter_mut().zip(set.iter()) {
                *a |= b;
            }
        }
        set_bit(&mut any_lead_pair, '\u{FFFD}');
        let mut pair_bits = vec![0u16; 0x10000].into_boxed_slice();
        for (cp, bits) in pair_bits.iter_mut().enumerate() {
            let Some(c) = char::from_u32(cp as u32) else {
                continue;
            };
            for k in 0..Legacy::ALL.len() {
                if has_bit(&lead_pair[k], c) {
                    *bits |= 1 << k;
                }
                if has_bit(&cont_start[k], c) {
                    *bits |= 1 << (5 + k);
                }
                if has_bit(&shifted_lead[k], c) {
                    *bits |= 1 << (10 + k);
                }
            }
        }
        let two_byte = two_byte_utf8::start_bits();
        let mut starts = vec![0u32; 0x10000].into_boxed_slice();
        let mut follows = vec![0u16; 0x10000].into_boxed_slice();
        let mut details = vec![0u32; 0x10000].into_boxed_slice();
        for cp in 0..0x10000 {
            let Some(c) = char::from_u32(cp as u32) else {
                continue;
            };
            let d = pair_details(c);
            details[cp] = d;
            let mut s = u32::from(pair_bits[cp] & 0x1F) | (d & 0x1F) << S_LEAD3;
            if has_bit(&any_lead_pair, c) {
                s |= S_LEAD;
            }
            if has_bit(&legacy_as_single_byte, c) {
                s |= S_HIGH;
            }
            if SINGLE_BYTE_PAGES
                .iter()
                .any(|page| page.decode_byte(KANA_LEAD) == c)
            {
                s |= S_KANA | S_LAST;
            }
            if has_bit(&two_byte, c) {
                s |= S_TWO_BYTE | u32::from(two_byte_utf8::mask(c)) << S_TWO_BYTE_MASK;
            }
            if c == '\u{FFFD}' || replacement_runs::is_pair_char(c) {
                s |= S_RUNS | S_LAST;
            }
            starts[cp] = s;
            follows[cp] =
                (pair_bits[cp] >> 5) & 0x1F | u16::from(two_byte_utf8::mask(c)) << F_TWO_BYTE_MASK;
        }
        Triggers {
            any_lead_pair,
            pair_bits,
            starts,
            follows,
            details,
            legacy_as_single_byte,
            single_byte_any,
            single_byte_symbol,
        }
    })
}

/// The BMP characters where [`is_trigger`] can hold, one bit each: a
/// first test before the test itself.
pub(crate) fn start_bits() -> [u64; 1024] {
    let t = triggers();
    let mut bits = *t.any_lead_pair;
    for (b, s) in bits.iter_mut().zip(t.legacy_as_single_byte.iter()) {
        *b |= s;
    }
    for (b, s) in bits.iter_mut().zip(two_byte_utf8::start_bits().iter()) {
        *b |= s;
    }
    for (b, s) in bits.iter_mut().zip(replacement_runs::start_bits().iter()) {
        *b |= s;
    }
    bits
}

/// Whether a CJK repair could start at the character `c` at byte `i` of
/// `text`: [`is_trigger`], a word read as a legacy encoding
/// (`two_byte_utf8`, which looks one character back as well), or a run of
/// U+FFFD read as one (`replacement_runs`). One load of `pair_bits` says
/// which of the sub-tests can hold at `c`; the multi-byte one (most Han
/// characters) first rules out with the next characters' entries the
/// encodings whose UTF-8 cannot start here ([`utf8_mask_at`]). The same
/// verdict as [`is_trigger_at_plain`] everywhere (`tests::the_trigger_test_is_the_plain_one`).
#[inline(always)]
pub(crate) fn is_trigger_at(text: &str, i: usize, c: char) -> bool {
    let t = triggers();
    let Some(&e) = t.starts.get(c as usize) else {
        // Outside the BMP (Big5's HKSCS characters): rare.
        return is_trigger_at_plain(text, i, c);
    };
    if e & (S_LEAD | S_HIGH | S_TWO_BYTE | S_LAST) == 0 {
        return false;
    }
    if e & (S_HIGH | S_LAST) == 0 && !next_may_pair(t, e, text.as_bytes(), i + c.len_utf8()) {
        return false;
    }
    is_trigger_from(t, e, text, i, c)
}

/// The first character at or after byte `offset` of `text` that a trigger
/// may start at ([`may_trigger`]), with its byte offset: ASCII and the
/// three-byte characters no trigger can start at (most of CJK text) are
/// passed by their bytes and code point, without decoding a `char`.
#[inline(always)]
pub(super) fn next_may_trigger(text: &str, mut offset: usize) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    while offset < bytes.len() {
        let b = bytes[offset];
        if b < 0x80 {
            offset += 1;
            continue;
        }
        if let (0xE0..=0xEF, Some(&[b1, b2])) = (b, bytes.get(offset + 1..offset + 3)) {
            let cp = u32::from(b & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F);
            if !may_trigger_cp(cp) {
                offset += 3;
                continue;
            }
        }
        let c = text[offset..]
            .chars()
            .next()
            .expect("a character starts here");
        if may_trigger(c) {
            return Some((offset, c));
        }
        offset += c.len_utf8();
    }
    None
}

/// Whether any trigger the CJK repair looks for can hold at `c`: the
/// spans' ([`single_byte_trigger`], [`utf8_trigger_mask`]) and those of
/// the passes after them (`replacement_runs::is_trigger`,
/// `two_byte_utf8::is_trigger`). Each of those tests first requires `c`
/// in its set, and [`start_bits`] is their union (the Fixer's first test,
/// kept here as an 8 KB bitmap that stays in the cache): `false` for most
/// characters, which the repair's scans then skip.
#[inline(always)]
pub(super) fn may_trigger(c: char) -> bool {
    may_trigger_cp(c as u32)
}

/// [`may_trigger`] for the character with code point `cp`.
#[inline(always)]
pub(super) fn may_trigger_cp(cp: u32) -> bool {
    static BITS: OnceLock<Box<[u64; 1024]>> = OnceLock::new();
    let bits = BITS.get_or_init(|| Box::new(start_bits()));
    let cp = cp as usize;
    cp >= 0x10000 || bits[cp / 64] & (1 << (cp % 64)) != 0
}

/// For a character with `starts` entry `e` whose only sub-tests are the
/// multi-byte one (`S_LEAD`) and `two_byte_utf8`'s (`S_TWO_BYTE`), followed
/// by the character at byte `j` of `bytes`: `false` when that character has
/// three bytes and its `follows` entry rules out both, as
/// [`is_trigger_from`] would (no encoding in phase for [`utf8_mask_at`],
/// none left for `two_byte_utf8`), without its call. Most Han characters
/// that can start a pair are followed by one that cannot continue it
/// (`tests::the_pair_shortcut_decides_only_misses`).
#[inline(always)]
fn next_may_pair(t: &Triggers, e: u32, bytes: &[u8], j: usize) -> bool {
    let Some(&[b0, b1, b2]) = bytes.get(j..j + 3) else {
        return true;
    };
    if !(0xE0..0xF0).contains(&b0) {
        return true;
    }
    let cp = usize::from(b0 & 0x0F) << 12 | usize::from(b1 & 0x3F) << 6 | usize::from(b2 & 0x3F);
    let f = u32::from(t.follows[cp]);
    (e & S_LEAD != 0 && e & f & 0x1F != 0)
        || (e & S_TWO_BYTE != 0 && (e >> S_TWO_BYTE_MASK) & (f >> F_TWO_BYTE_MASK) & 0xF != 0)
}

/// For a BMP character `c` whose CJK trigger test is the pair test of
/// [`next_may_pair`] and nothing else (no single-byte or U+FFFD sub-test):
/// its masks `L | T << 5` (`L` the `lead_pair` bits when it can lead a
/// pair, `T` `two_byte_utf8`'s encodings when it can start a word), such
/// that [`is_trigger_at`] is `false` at `c` followed by a three-byte
/// character whose [`follow_masks`] `F | U << 5` meet neither (`L & F`
/// and `T & U` both 0), whatever comes after. `None` for any other
/// character (outside the BMP, ASCII, another sub-test). For the `index`
/// fused loop, which passes such pairs without leaving its scan
/// (`tests::pair_masks_decide_as_the_trigger_test`).
pub(crate) fn pair_only_masks(c: char) -> Option<u16> {
    let t = triggers();
    let &e = t.starts.get(c as usize)?;
    if c.is_ascii() || c == '\u{FFFD}' || e & (S_HIGH | S_LAST) != 0 {
        return None;
    }
    let lead = if e & S_LEAD != 0 { e & 0x1F } else { 0 };
    let two = if e & S_TWO_BYTE != 0 {
        (e >> S_TWO_BYTE_MASK) & 0xF
    } else {
        0
    };
    Some((lead | two << 5) as u16)
}

/// What [`pair_only_masks`] is met with for a BMP character `n` next to
/// it: `F | U << 5` (its `cont_start` bits and `two_byte_utf8`'s
/// encodings, its `follows` entry); 0 outside the BMP.
pub(crate) fn follow_masks(n: char) -> u16 {
    let t = triggers();
    t.follows
        .get(n as usize)
        .map_or(0, |&f| f & 0x1F | ((f >> F_TWO_BYTE_MASK) & 0xF) << 5)
}

#[inline(never)]
fn is_trigger_from(t: &Triggers, e: u32, text: &str, i: usize, c: char) -> bool {
    let rest = &text[i + c.len_utf8()..];
    let n = rest.chars().next();
    // The next character's entry, when it is a non-ASCII one of the BMP.
    let f = n
        .filter(|n| !n.is_ascii())
        .and_then(|n| t.follows.get(n as usize).copied());
    if e & (S_LEAD | S_HIGH) != 0 && !c.is_ascii() {
        if let Some(n) = n.filter(|n| !n.is_ascii()) {
            if e & S_LEAD != 0 && utf8_mask_at(t, e, f, c, n, rest) != 0 {
                return true;
            }
            if e & S_HIGH != 0 && single_byte_trigger(c, rest) {
                return true;
            }
        }
    }
    if e & S_TWO_BYTE != 0 {
        // `two_byte_utf8` keeps the encodings its neighbours allow.
        let mut k = (e >> S_TWO_BYTE_MASK) & 0xF;
        if let Some(f) = f {
            k &= u32::from(f >> F_TWO_BYTE_MASK) & 0xF;
        }
        if k != 0 && two_byte_utf8::is_trigger_in_context(text, i, c) {
            return true;
        }
    }
    // (One test for the two rare sub-tests, so that the others pay
    // nothing for them.)
    e & S_LAST != 0
        && ((e & S_KANA != 0 && kana_pairs_after(c, rest))
            || (e & S_RUNS != 0 && replacement_runs::is_trigger_here(text, i, c)))
}

/// [`is_trigger_at`] without the table: each sub-test on its own, as they
/// were written (the reference its test compares with; used for
/// characters outside the BMP).
fn is_trigger_at_plain(text: &str, i: usize, c: char) -> bool {
    is_trigger(c, &text[i + c.len_utf8()..])
        || two_byte_utf8::is_trigger(text, i, c)
        || replacement_runs::is_trigger(text, i, c)
}

/// `starts`: bits 0–4 the `lead_pair` bits of `pair_bits`, then
/// `S_LEAD3` (5 bits, bit k for `Legacy::ALL[k]`: the character's bytes
/// are `[E0..=EF, x]`), the first tests of the sub-tests of
/// [`is_trigger_at`], and `two_byte_utf8`'s encodings for the character.
const S_LEAD3: u32 = 5;
const S_LEAD: u32 = 1 << 10;
const S_HIGH: u32 = 1 << 11;
const S_TWO_BYTE: u32 = 1 << 12;
/// `S_RUNS` or `S_KANA`: one of the last, rare sub-tests can start here.
const S_LAST: u32 = 1 << 13;
const S_TWO_BYTE_MASK: u32 = 14;
/// The character is Shift_JIS's katakana lead byte through some page of
/// `SINGLE_BYTE_PAGES` ([`kana_trigger`]).
const S_KANA: u32 = 1 << 18;
/// U+FFFD or a character of a `锟斤拷` run (`replacement_runs`).
const S_RUNS: u32 = 1 << 19;
/// `follows`: bits 0–4 the `cont_start` bits of `pair_bits`, then
/// `two_byte_utf8`'s encodings for the character (4 bits).
const F_TWO_BYTE_MASK: u32 = 5;
/// `details` (5 bits each): what [`utf8_at`] makes of a character's legacy
/// bytes as the first character (`c`, `D_LEAD3`), the next one (`n`) or
/// the one after (`m`) of a sequence starting at `c`, when `c` is
/// `[E0..=EF, x]`. `D_LEAD3`: the character is `[E0..=EF, x]`.
const D_LEAD3: u32 = 0;
/// `n` alone rules it out: it has no bytes (the sequence is cut), or two
/// whose first is not a continuation byte, or whose second can neither
/// start a sequence (E0–F0) nor be ASCII.
const D_N_KILLS: u32 = 5;
/// `n` is `[cont, ASCII]`: one sequence then an ASCII byte, which counts
/// only if the run ends after `n`, so a non-ASCII `m` the encoding has
/// bytes for rules it out.
const D_N_ASCII_TRAIL: u32 = 10;
/// `n` is `[cont, E0..=EF]`: a second 3-byte sequence must follow, which
/// an ASCII `m` rules out, and an `m` marked `D_M_NOT_CONT`.
const D_N_LEAD3: u32 = 15;
/// `m` has bytes in the encoding.
const D_M_ENCODES: u32 = 20;
/// `m` has no bytes, or two that are not both continuation bytes.
const D_M_NOT_CONT: u32 = 25;

/// The `details` of `c` (see [`D_LEAD3`]). U+FFFD has none: [`utf8_at`]
/// holds wherever one is taken.
fn pair_details(c: char) -> u32 {
    if c.is_ascii() || c == '\u{FFFD}' {
        return 0;
    }
    let cont = |b: u8| (0x80..=0xBF).contains(&b);
    let mut bits = 0u32;
    for (k, legacy) in Legacy::ALL.into_iter().enumerate() {
        let set = |field: u32| 1u32 << (field + k as u32);
        match legacy.encode_char(c).as_ref().map(|b| b.as_slice()) {
            None => bits |= set(D_N_KILLS) | set(D_M_NOT_CONT),
            Some(&[y, z]) => {
                if (0xE0..=0xEF).contains(&y) {
                    bits |= set(D_LEAD3);
                }
                bits |= set(D_M_ENCODES);
                if !(cont(y) && cont(z)) {
                    bits |= set(D_M_NOT_CONT);
                }
                if !cont(y) || (z >= 0x80 && !(0xE0..=0xF0).contains(&z)) {
                    bits |= set(D_N_KILLS);
                } else if z < 0x80 {
                    bits |= set(D_N_ASCII_TRAIL);
                } else if z <= 0xEF {
                    bits |= set(D_N_LEAD3);
                }
            }
            Some(_) => bits |= set(D_M_ENCODES),
        }
    }
    bits
}

/// Whether `text` holds a U+FFFD among its first 12 characters: [`utf8_at`]
/// takes at most 12 legacy bytes after the first two characters, and every
/// character has at least one. (Counted in characters, not bytes: a
/// character outside the BMP is four bytes of UTF-8 but two of Big5, a
/// halfwidth katakana three but one of Shift_JIS.)
/// U+FFFD is `EF BF BD` and 12 characters are at most 48 bytes, so a
/// search for its last byte in those decides most calls without decoding.
#[inline]
fn replacement_within(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr(0xBD, &bytes[..bytes.len().min(48)]).is_some()
        && text.chars().take(12).any(|c| c == '\u{FFFD}')
}

/// [`utf8_trigger_mask`] for a BMP `c` (`starts` entry `e`) followed by
/// the non-ASCII `n` (`follows` entry `f`, `None` outside the BMP) and the
/// rest of `rest`: the encodings whose pair test holds, less those the
/// `details` of `n` and the character after it rule out (unless a U+FFFD
/// comes within reach, which [`utf8_at`] takes as a lost byte), then
/// [`utf8_at`] for the others.
#[inline]
fn utf8_mask_at(t: &Triggers, e: u32, f: Option<u16>, c: char, n: char, rest: &str) -> u8 {
    let Some(f) = f.filter(|_| c != '\u{FFFD}') else {
        return utf8_trigger_mask_plain(c, rest);
    };
    // U+FFFD's `cont_start` bits are all set.
    let in_phase = (e & 0x1F) as u8 & (f & 0x1F) as u8;
    if in_phase == 0 {
        return 0;
    }
    let field = |x: u32, at: u32| ((x >> at) & 0x1F) as u8;
    let lead3 = field(e, S_LEAD3);
    let dn = t.details[n as usize];
    let mut ruled_out = lead3 & field(dn, D_N_KILLS);
    let ascii_trail = lead3 & field(dn, D_N_ASCII_TRAIL);
    let lead_next = lead3 & field(dn, D_N_LEAD3);
    let after = &rest[n.len_utf8()..];
    if (ascii_trail | lead_next) & in_phase != 0 {
        match after.chars().next() {
            None => {}
            Some(m) if m.is_ascii() => ruled_out |= lead_next,
            Some(m) => {
                if let Some(&dm) = t.details.get(m as usize) {
                    ruled_out |= ascii_trail & field(dm, D_M_ENCODES);
                    ruled_out |= lead_next & field(dm, D_M_NOT_CONT);
                }
            }
        }
    }
    let mut left = in_phase & !ruled_out;
    if left != in_phase && replacement_within(after) {
        left = in_phase;
    }
    let mut mask = 0;
    while left != 0 {
        let k = left.trailing_zeros() as usize;
        left &= left - 1;
        if utf8_at(Legacy::ALL[k], c, rest, 0) {
            mask |= 1 << k;
        }
    }
    mask
}

/// The encodings for which `text`, right after a hole (U+FFFD, or the `?`
/// of a Windows decoder), goes on out of phase into UTF-8
/// ([`utf8_trigger_mask`] after U+FFFD).
pub(super) fn after_hole_mask(text: &str) -> u8 {
    if text.starts_with(|c: char| c.is_ascii()) {
        return 0;
    }
    utf8_trigger_mask('\u{FFFD}', text)
}

/// Whether the `?` right before byte `i` of `text` (a non-ASCII character
/// starts there) is the mark of a Windows decoder that starts a run: the
/// text after it goes on out of phase into UTF-8 ([`after_hole_mask`]).
/// The Fixer's scan asks it only where ASCII ends in `?` before non-ASCII.
#[inline(never)]
pub(crate) fn is_hole_mark_trigger(text: &str, i: usize) -> bool {
    after_hole_mask(&text[i..]) != 0
}

/// Whether some `?` of `text` is a hole mark that starts a run
/// ([`is_hole_mark_trigger`]): the one trigger of the UTF-8 direction at an
/// ASCII byte, which the scans of non-ASCII characters do not see.
pub(crate) fn has_hole_mark_trigger(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'?', bytes)
        .any(|i| bytes.get(i + 1).is_some_and(|&b| b >= 0x80) && is_hole_mark_trigger(text, i + 1))
}

/// Whether a repair of multi-byte spans could start at `c`, followed by
/// the text `rest` (callers outside this module use [`is_trigger_at`]).
#[inline]
fn is_trigger(c: char, rest: &str) -> bool {
    let mut next = rest.chars();
    let Some(n) = next.next() else { return false };
    if c.is_ascii() {
        return false;
    }
    // (Katakana's trail bytes are mostly ASCII.)
    if kana_trigger(c, rest) {
        return true;
    }
    if n.is_ascii() {
        return false;
    }
    single_byte_trigger(c, rest) || utf8_trigger_mask(c, rest) != 0
}

/// Whether a repair of a single-byte reading starts at `c`, followed by
/// `rest`: [`single_byte_trigger`] (runs of high characters) or
/// [`kana_trigger`] (katakana, whose trail bytes are mostly ASCII).
#[inline]
pub(super) fn single_byte_start(c: char, rest: &str) -> bool {
    let t = triggers();
    let Some(&e) = t.starts.get(c as usize) else {
        return single_byte_trigger(c, rest);
    };
    e & S_HIGH != 0
        && (single_byte_trigger(c, rest) || (e & S_KANA != 0 && kana_pairs_after(c, rest)))
}

/// Shift_JIS's lead byte of katakana (`83 40`–`83 96`: ァ–ヶ).
const KANA_LEAD: u8 = 0x83;
/// Shift_JIS pairs a [`kana_trigger`] needs, and how many of them must be
/// katakana (`83 xx`).
const KANA_PAIRS: usize = 3;
const KANA_KATAKANA: usize = 2;

/// Whether `c` and the characters after it are Shift_JIS katakana read
/// through a single-byte page: `c` is the page's `83` (`ƒ` in
/// windows-1252 and 1254, U+0083 in Latin-1 and 1250, `ѓ` in 1251, `É` in
/// MacRoman), and what follows goes on in Shift_JIS pairs of the same page
/// at least [`KANA_PAIRS`] long, each a lead `81`–`83` (symbols such as
/// `ー` `81 5B`, hiragana `82`, katakana `83`) and a trail that makes a
/// character with it, at least [`KANA_KATAKANA`] of them katakana and at
/// least one trail ASCII. Katakana's trails are `40`–`96`, ASCII for `ァ`
/// to `ミ`, so a katakana word read that way alternates one high character
/// with an ASCII one (`ƒtƒ@ƒCƒ‹` is `ファイル`) and [`single_byte_trigger`],
/// which needs high characters side by side, never fires on it; yet the
/// shape is its own: clean text has `ƒ` (the florin, `ƒ/2.8`, `ƒ(x)`) or
/// `É` (`École`) before a letter, never a second and a third `83` in
/// step with it after single characters (`tests::kana_trigger_on_traps`).
#[inline]
pub(super) fn kana_trigger(c: char, rest: &str) -> bool {
    // (`starts` marks the characters that are some page's `83`.)
    let t = triggers();
    t.starts.get(c as usize).is_some_and(|&e| e & S_KANA != 0) && kana_pairs_after(c, rest)
}

/// [`kana_trigger`] for a character marked `S_KANA`.
#[inline(never)]
fn kana_pairs_after(c: char, rest: &str) -> bool {
    SINGLE_BYTE_PAGES
        .iter()
        .any(|&page| page.encode_char(c) == Some(KANA_LEAD) && kana_pairs(page, rest))
}

/// [`kana_trigger`] after its `83`, through `page`.
fn kana_pairs(page: crate::mojibake::CodePage, rest: &str) -> bool {
    let mut chars = rest.chars();
    let (mut lead, mut pairs, mut katakana, mut ascii) = (KANA_LEAD, 0, 0, 0);
    loop {
        let Some(trail) = chars.next().and_then(|t| page.encode_char(t)) else {
            return false;
        };
        if Legacy::ShiftJis.decode_two(lead, trail).is_none() {
            return false;
        }
        pairs += 1;
        katakana += usize::from(lead == KANA_LEAD);
        ascii += usize::from(trail < 0x80);
        if pairs >= KANA_PAIRS && katakana >= KANA_KATAKANA && ascii >= 1 {
            return true;
        }
        match chars.next().and_then(|l| page.encode_char(l)) {
            Some(next @ 0x81..=0x83) => lead = next,
            _ => return false,
        }
    }
}

/// Whether `c`, the character after it, and at least one more of the three
/// after that are characters that single-byte code pages make of high bytes:
/// CJK bytes read that way (Big5 and Shift_JIS put ASCII trail bytes
/// between them), with one of them a symbol rather than a letter (CJK bytes
/// A1–BF are Latin-1's symbols `¡`–`¿`; windows-1252's 80–9F are mostly
/// punctuation), or four of the five high. Accented letters in Czech or
/// Turkish words are letters, and seldom four in five. A lone CJK character read that way is too ambiguous to repair on
/// its own anyway.
pub(super) fn single_byte_trigger(c: char, rest: &str) -> bool {
    let t = triggers();
    let high = |n: char| has_bit(&t.legacy_as_single_byte, n);
    if !high(c) || !rest.chars().next().is_some_and(high) {
        return false;
    }
    let mut count = 0;
    let mut symbols = 0;
    for ch in std::iter::once(c).chain(rest.chars().take(4)) {
        if high(ch) {
            count += 1;
            symbols += usize::from(has_bit(&t.single_byte_symbol, ch));
        }
    }
    count >= 4 || (count >= 3 && symbols >= 1)
}

/// For which legacy encodings (bit k: `Legacy::ALL[k]`) the legacy bytes of
/// `c` and the characters after it start with UTF-8: two whole multi-byte
/// sequences (the first of 3 or 4 bytes), or one that ends where the
/// re-encoded text ends, before ASCII or a lost byte. One sequence alone is
/// common by chance in clean text; two are not.
#[inline]
pub(super) fn utf8_trigger_mask(c: char, rest: &str) -> u8 {
    let t = triggers();
    let Some(&e) = t.starts.get(c as usize) else {
        return utf8_trigger_mask_plain(c, rest);
    };
    if e & S_LEAD == 0 {
        return 0;
    }
    match rest.chars().next() {
        Some(n) if !n.is_ascii() || c == '\u{FFFD}' => {
            utf8_mask_at(t, e, t.follows.get(n as usize).copied(), c, n, rest)
        }
        _ => 0,
    }
}

/// [`utf8_trigger_mask`] as first written, character by character: used
/// after U+FFFD and outside the BMP, and the reference of the test.
fn utf8_trigger_mask_plain(c: char, rest: &str) -> u8 {
    let t = triggers();
    let astral = c as usize >= 0x10000;
    if !astral && !has_bit(&t.any_lead_pair, c) {
        return 0;
    }
    let Some(n) = rest.chars().next() else {
        return 0;
    };
    let bits = |c: char| {
        t.pair_bits
            .get(c as usize)
            .map_or_else(|| astral_pair_bits(c), |&b| b)
    };
    let mut mask = 0;
    if c == '\u{FFFD}' {
        // After a hole the pairs may be out of phase: the next character's
        // bytes are the last continuation byte of a sequence whose lead was
        // lost, and the lead of the next sequence.
        if n.is_ascii() {
            return 0;
        }
        let shifted = (bits(n) >> 10) & 0x1F;
        let after = &rest[n.len_utf8()..];
        for (k, legacy) in Legacy::ALL.into_iter().enumerate() {
            if shifted & (1 << k) != 0 && utf8_at(legacy, n, after, 1) {
                mask |= 1 << k;
            }
        }
        return mask;
    }
    let continues = if n == '\u{FFFD}' {
        0x1F
    } else {
        (bits(n) >> 5) & 0x1F
    };
    let in_phase = bits(c) & 0x1F & continues;
    for (k, legacy) in Legacy::ALL.into_iter().enumerate() {
        if in_phase & (1 << k) != 0 && utf8_at(legacy, c, rest, 0) {
            mask |= 1 << k;
        }
    }
    mask
}

/// The bits of `pair_bits` for a character outside the BMP (Big5's HKSCS
/// characters), computed when needed: they are rare.
fn astral_pair_bits(c: char) -> u16 {
    let mut bits = 0;
    for (k, legacy) in Legacy::ALL.into_iter().enumerate() {
        let Some(b) = legacy.encode_char(c) else {
            continue;
        };
        if let [first, second] = *b.as_slice() {
            if (0xE0..=0xF0).contains(&first) && (0x80..=0xBF).contains(&second) {
                bits |= 1 << k;
            }
            if (0x80..=0xBF).contains(&first) {
                bits |= 1 << (5 + k);
                if (0xE0..=0xEF).contains(&second) {
                    bits |= 1 << (10 + k);
                }
            }
        }
    }
    bits
}

/// See [`utf8_trigger_mask`]; `skip` leading bytes of `c` are the end of
/// a sequence whose start was lost.
fn utf8_at(legacy: Legacy, c: char, rest: &str, skip: usize) -> bool {
    let mut bytes = [0u8; 12];
    let mut len = 0;
    // Where the bytes of each character taken end.
    let mut ends = [0usize; 5];
    let mut n = 0;
    // Whether the run of characters the encoding takes ends after those
    // taken: ASCII, a character it cannot encode, or the end follows.
    let mut run_ends = false;
    let mut text_ends = false;
    let mut chars = std::iter::once(c).chain(rest.chars());
    loop {
        let Some(ch) = chars.next() else {
            run_ends = true;
            text_ends = true;
            break;
        };
        if ch == '\u{FFFD}' {
            return true;
        }
        if ch.is_ascii() {
            run_ends = true;
            break;
        }
        if n == ends.len() {
            break;
        }
        let Some(b) = legacy.encode_char(ch) else {
            run_ends = true;
            break;
        };
        // (A compatibility ideograph's bytes where NFC made it unified, as
        // `encode_run` takes them: after the first character.)
        let b = if len > 0 {
            utf8_runs::fitting_bytes(legacy, ch, b, &bytes[..len])
        } else {
            b
        };
        let b = b.as_slice();
        if len + b.len() > bytes.len() {
            break;
        }
        bytes[len..len + b.len()].copy_from_slice(b);
        len += b.len();
        ends[n] = len;
        n += 1;
    }
    if skip > 0 {
        if len <= skip {
            return false;
        }
        bytes.copy_within(skip..len, 0);
        len -= skip;
        for end in &mut ends[..n] {
            *end = end.saturating_sub(skip);
        }
    }
    let Some(first) = wide_sequence_len(bytes[0]) else {
        return false;
    };
    if len < first || !is_text_sequence(&bytes[..first]) {
        return false;
    }
    // One sequence alone is common by chance; it counts only when it is a
    // 3-byte one (a lone 4-byte one is most often a CJK character and its
    // punctuation by chance) that ends the run, or goes on with an ASCII
    // byte that the decoder took as the trail byte of the run's last
    // character (`鍦⊿ys` is 在 and `Sys`). After a hole (`skip`), the pair
    // out of phase is evidence too: `�먯쑀` is 자유 whose first two bytes
    // were lost.
    if len == first || bytes[first] < 0x80 {
        let last_starts = if n >= 2 { ends[n - 2] } else { 0 };
        return first == 3
            && run_ends
            && (len == first || first >= last_starts)
            && is_common_sequence(&bytes[..first]);
    }
    let Some(second) = wide_sequence_len(bytes[first]) else {
        return false;
    };
    if first + second > len {
        // Text cut inside the second sequence.
        return text_ends
            && bytes[first + 1..len]
                .iter()
                .all(|b| (0x80..=0xBF).contains(b));
    }
    is_text_sequence(&bytes[first..first + second])
}

/// Whether `bytes` are one UTF-8 sequence of a common character (about the
/// 3,000 commonest of the frequency table): one sequence alone is a weak
/// trigger, and clean Traditional Chinese read through Shift_JIS or GBK makes
/// rare ones by chance.
fn is_common_sequence(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes)
        .ok()
        .and_then(|s| s.chars().next())
        .is_some_and(|c| plausibility::char_bits(c) <= 13)
}

/// Whether `bytes` are one UTF-8 sequence of a character text holds (not a
/// private-use one, nor one of the rare blocks mojibake lands in by chance).
fn is_text_sequence(bytes: &[u8]) -> bool {
    let Some(c) = std::str::from_utf8(bytes)
        .ok()
        .and_then(|s| s.chars().next())
    else {
        return false;
    };
    !matches!(c, '\u{D7B0}'..='\u{D7FF}' | '\u{E000}'..='\u{F8FF}' | '\u{FFF0}'..='\u{FFFF}')
}

/// The length of a UTF-8 sequence of a CJK-range character (3 bytes, lead
/// E0–EF) or of a supplementary-plane one from planes 1–3 (lead F0, emoji
/// and the CJK extensions). Leads F1–F4 encode planes 4–16, which hold no
/// text.
pub(super) fn wide_sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xE0..=0xEF => Some(3),
        0xF0 => Some(4),
        _ => None,
    }
}

/// Whether `fix_cjk_encoding` would pass over every trigger of `text`
/// that its spans' scan (`fix_wide_sequences`) meets, so that no repair of
/// spans starts: then `Some(whether it returns text as it is)`, which the
/// later passes decide: those whose trigger the scan found run on `text`
/// as `fix_cjk_encoding` runs them, and it is returned as it is if they
/// all leave it alone. `None` when a trigger would start a repair (or is
/// not judged here). The scan's own decisions, in its order: a
/// single-byte trigger starts a repair; a UTF-8 one does unless the
/// false-trigger shortcut is on, no `?` of `text` is beside a non-ASCII
/// character, and `is_false_utf8_trigger` judges its runs (it returns
/// `Some`; then the scan goes on).
///
/// `at`: the byte offsets to look at, ascending, or `None` for every
/// character (the scan itself). Offsets left out must hold no character
/// with a trigger (the Fixer's `changes.starts` leave out only characters
/// where `is_trigger_at` is false, and `is_trigger_at` is the union of the
/// scan's tests: `tests::may_trigger_covers_every_first_test`,
/// `tests::the_trigger_test_is_the_plain_one`).
///
/// `known(q)`: the runs of a UTF-8 trigger at `q` are known to be judged
/// passed over (the caller proves that `text` around `q` is, byte for
/// byte, a text in which this scan passed over them: a run and the
/// character before and after it decide `is_false_utf8_trigger`, and the
/// encodings of the trigger's mask are read from the character and those
/// after it up to the first ASCII one): they are not judged again. The
/// single-byte test, the mask and the later passes' tests are run at every
/// offset all the same, and `?` is looked for in the whole `text`.
pub(crate) fn passes_over(
    text: &str,
    at: Option<&[usize]>,
    known: impl Fn(usize) -> bool,
) -> Option<bool> {
    let mut may_start = 0u8;
    let mut judged = [0usize; Legacy::ALL.len()];
    let mut has_mark = 2u8;
    // As `fix_wide_sequences`: the character `c` at byte `q`, one that
    // `may_trigger`.
    let mut visit = |q: usize, c: char| -> Option<()> {
        may_start |= super::later_passes_may_start(text, q, c);
        let rest = &text[q + c.len_utf8()..];
        if single_byte_start(c, rest) {
            return None;
        }
        let utf8 = utf8_trigger_mask(c, rest);
        if utf8 == 0 {
            return Some(());
        }
        if !super::false_trigger_shortcut() {
            return None;
        }
        if has_mark == 2 {
            has_mark = u8::from(super::has_mark_beside_non_ascii(text));
        }
        if has_mark != 0 {
            return None;
        }
        if known(q) {
            return Some(());
        }
        super::is_false_utf8_trigger(text, q, utf8, &mut judged).map(|_| ())
    };
    // (A `?` that starts a run is a trigger no scan of non-ASCII
    // characters sees.)
    if has_hole_mark_trigger(text) {
        return None;
    }
    match at {
        Some(at) => {
            for &q in at {
                let c = text[q..].chars().next().unwrap_or_default();
                if !c.is_ascii() && may_trigger(c) {
                    visit(q, c)?;
                }
            }
        }
        None => {
            // (The scan's loop.)
            let mut offset = 0;
            while let Some((q, c)) = next_may_trigger(text, offset) {
                offset = q + c.len_utf8();
                visit(q, c)?;
            }
        }
    }
    // (`fix_cjk_encoding`'s passes after the spans, on the text the spans
    // left as it was.)
    let mut steps = Vec::new();
    Some(
        (may_start & super::MAY_REPLACEMENT_RUNS == 0
            || matches!(replacement_runs::fix(text, &mut steps), Cow::Borrowed(_)))
            && (may_start & super::MAY_TWO_BYTE_UTF8 == 0
                || matches!(two_byte_utf8::fix(text, &mut steps), Cow::Borrowed(_))),
    )
}

#[cfg(test)]
mod tests {
    /// [`super::kana_trigger`] holds on katakana read through each page,
    /// and nowhere in the clean corpora nor in Latin shapes with `ƒ` or
    /// `É` before ASCII (`ƒ/2.8`, `ƒ(x)`, `PAGE_PRÉCÉDENTE`: two pairs at
    /// most).
    #[test]
    fn kana_trigger_on_traps() {
        use super::{kana_trigger, Legacy, SINGLE_BYTE_PAGES};
        let fires = |text: &str| {
            text.char_indices()
                .filter(|&(i, c)| kana_trigger(c, &text[i + c.len_utf8()..]))
                .count()
        };
        for page in SINGLE_BYTE_PAGES {
            // At `ƒt` and `ƒ@` (three pairs on).
            let bytes = Legacy::ShiftJis.encode("ファイル").expect("Shift_JIS");
            assert_eq!(fires(&page.decode(&bytes)), 2, "{page:?}");
            // Two katakana and a long vowel; two pairs are not enough.
            let bytes = Legacy::ShiftJis.encode("データ").expect("Shift_JIS");
            assert_eq!(fires(&page.decode(&bytes)), 1, "{page:?}");
            let bytes = Legacy::ShiftJis.encode("ログ").expect("Shift_JIS");
            assert_eq!(fires(&page.decode(&bytes)), 0, "{page:?}");
        }
        for trap in [
            "ƒ(x) = x², ƒ'(x) = 2x",
            "ƒ/2.8 ƒ/4 ƒ/5.6",
            "ƒ 10,- ƒ25,-",
            "ƒoo ƒbar ƒbaz ƒ:ƒ->ƒ",
            "PAGE_PRÉCÉDENTE SZÉLESSÉGÉRE IDŐTÚLLÉPÉS ÉCOLE",
        ] {
            assert_eq!(fires(trap), 0, "{trap:?}");
        }
        let dir =
            std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean"));
        let Ok(entries) = std::fs::read_dir(dir) else {
            println!("SKIPPED: ../shared/data/clean not found");
            return;
        };
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.push(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/bench/en.txt").into());
        for path in files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        {
            let text = std::fs::read_to_string(path).expect("corpus");
            assert_eq!(fires(&text), 0, "{path:?}");
        }
    }

    /// The 48-byte search at its edges: a U+FFFD that is the 12th
    /// character after eleven four-byte ones is found, the 13th is not,
    /// and a `BD` byte of another character only leads to the decoding.
    #[test]
    fn replacement_within_at_its_edges() {
        let astral = "\u{20000}".repeat(11);
        assert!(super::replacement_within(&format!("{astral}\u{FFFD}")));
        assert!(!super::replacement_within(&format!("{astral}a\u{FFFD}")));
        assert!(super::replacement_within(&format!(
            "{}\u{FFFD}",
            "a".repeat(11)
        )));
        assert!(!super::replacement_within(&format!(
            "{}\u{FFFD}",
            "a".repeat(12)
        )));
        for other_bd in ["½", "ｽ", "ｽ½ｽ½"] {
            assert!(!super::replacement_within(other_bd), "{other_bd}");
        }
        assert!(super::replacement_within("ｽ½\u{FFFD}"));
        assert!(!super::replacement_within(""));
    }

    use super::*;

    /// Compares the trigger tests with their plain versions at every
    /// character of `line` (and the multi-byte mask on its own, which the
    /// repair uses); the number of positions where the trigger holds.
    fn same_triggers(line: &str) -> usize {
        let mut hits = 0;
        for (i, c) in line.char_indices() {
            let fast = is_trigger_at(line, i, c);
            assert_eq!(
                fast,
                is_trigger_at_plain(line, i, c),
                "is_trigger_at at byte {i} ({c:?}) of {line:?}"
            );
            let rest = &line[i + c.len_utf8()..];
            assert_eq!(
                utf8_trigger_mask(c, rest),
                utf8_trigger_mask_plain(c, rest),
                "utf8_trigger_mask at byte {i} ({c:?}) of {line:?}"
            );
            hits += usize::from(fast);
        }
        hits
    }

    /// The pair pre-filter changes no verdict: every position of every
    /// clean CJK line, and of 300 lines per language damaged by each chain
    /// of `tests/cjk_damage.rs` (skipped without the corpora).
    #[test]
    fn the_trigger_test_is_the_plain_one() {
        let dir =
            std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean"));
        if !dir.is_dir() {
            println!("SKIPPED: ../shared/data/clean not found");
            return;
        }
        let (mut clean_hits, mut damaged_hits, mut damaged_lines) = (0, 0, 0);
        for lang in ["zh-Hans", "zh-Hant", "ja", "ko"] {
            let text = std::fs::read_to_string(dir.join(format!("{lang}.txt"))).unwrap();
            for line in text.lines() {
                clean_hits += same_triggers(line);
            }
            for chain in crate::damage::Chain::cjk_chains() {
                for line in text.lines().take(300) {
                    if let Some(garbled) = chain.apply(line) {
                        damaged_hits += same_triggers(&garbled);
                        damaged_lines += 1;
                        // And with the damage cut short, as text ends.
                        let cut: String = garbled.chars().take(9).collect();
                        same_triggers(&cut);
                    }
                }
            }
        }
        println!("clean: {clean_hits} triggers; {damaged_lines} damaged lines: {damaged_hits}");
        assert!(damaged_hits > damaged_lines, "the damaged lines trigger");
    }

    /// [`may_trigger`] is `false` only where the first requirement of
    /// every trigger the repair's scans look for fails: `any_lead_pair`
    /// ([`utf8_trigger_mask`]), `legacy_as_single_byte`
    /// ([`single_byte_trigger`]), `two_byte_utf8`'s start bits, U+FFFD or a
    /// pair character of `replacement_runs`; and it is `false` for most of
    /// the Han block.
    #[test]
    fn may_trigger_covers_every_first_test() {
        let t = triggers();
        let two_byte = two_byte_utf8::start_bits();
        let mut han_skipped = 0;
        for cp in 0..0x10000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if may_trigger(c) {
                continue;
            }
            assert!(
                !has_bit(&t.any_lead_pair, c)
                    && !has_bit(&t.legacy_as_single_byte, c)
                    && !has_bit(&two_byte, c)
                    && c != '\u{FFFD}'
                    && !replacement_runs::is_pair_char(c),
                "{c:?}"
            );
            assert_eq!(
                t.starts[cp as usize] & (S_LEAD | S_HIGH | S_TWO_BYTE | S_LAST),
                0,
                "{c:?}"
            );
            han_skipped += usize::from((0x4E00..0xA000).contains(&cp));
        }
        assert!(han_skipped > 0x5200 / 2, "{han_skipped}");
    }

    /// [`next_may_pair`] says `false` only where the plain test does, and
    /// decides most of the positions that get past `starts` in clean
    /// Chinese (so that the test cannot pass without it doing anything).
    #[test]
    fn the_pair_shortcut_decides_only_misses() {
        let dir =
            std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/clean"));
        if !dir.is_dir() {
            println!("SKIPPED: ../shared/data/clean not found");
            return;
        }
        let t = triggers();
        for lang in ["zh-Hans", "zh-Hant", "ja", "ko"] {
            let text = std::fs::read_to_string(dir.join(format!("{lang}.txt"))).unwrap();
            let (mut asked, mut decided) = (0, 0);
            for line in text.lines() {
                for (i, c) in line.char_indices() {
                    let Some(&e) = t.starts.get(c as usize) else {
                        continue;
                    };
                    if e & (S_LEAD | S_TWO_BYTE) == 0 || e & (S_HIGH | S_LAST) != 0 {
                        continue;
                    }
                    asked += 1;
                    if !next_may_pair(t, e, line.as_bytes(), i + c.len_utf8()) {
                        decided += 1;
                        assert!(!is_trigger_at_plain(line, i, c), "at byte {i} of {line:?}");
                    }
                }
            }
            println!("{lang}: {decided} of {asked} decided");
            if lang.starts_with("zh") {
                assert!(decided * 2 > asked, "{lang}: {decided} of {asked}");
            }
        }
    }

    /// [`pair_only_masks`]: at every character it gives masks for,
    /// followed by one three-byte character of each `follows` entry (and
    /// by various texts after that), the trigger test holds only if the
    /// masks meet; and most characters that can start a pair in clean
    /// Chinese have them (so that the test cannot pass without looking).
    #[test]
    fn pair_masks_decide_as_the_trigger_test() {
        let t = triggers();
        // One three-byte character per distinct `follows` entry.
        let mut reps = std::collections::BTreeMap::new();
        for cp in 0x800..0x10000u32 {
            if let Some(n) = char::from_u32(cp) {
                reps.entry(t.follows[cp as usize]).or_insert(n);
            }
        }
        let afters = [
            "",
            "中",
            "a",
            "\u{FFFD}",
            "浣犲",
            "ソ鏂",
            "é",
            "锟斤拷",
            "，\n",
        ];
        let (mut with_masks, mut checked) = (0, 0);
        for cp in 0x80..0x10000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let Some(m) = pair_only_masks(c) else {
                continue;
            };
            with_masks += 1;
            if !may_trigger(c) {
                continue;
            }
            for &n in reps.values() {
                let meet = m & follow_masks(n) != 0;
                for after in afters {
                    let text = format!("{c}{n}{after}");
                    checked += 1;
                    assert!(
                        meet || !is_trigger_at(&text, 0, c),
                        "{text:?}: masks {m:#x} and {:#x}",
                        follow_masks(n)
                    );
                    assert!(meet || !is_trigger_at_plain(&text, 0, c), "{text:?}");
                }
            }
        }
        assert!(
            with_masks > 1000 && checked > 100_000,
            "{with_masks} {checked}"
        );
        assert_eq!(pair_only_masks('a'), None);
        assert_eq!(pair_only_masks('\u{FFFD}'), None);
    }

    /// Pieces random text is made of: Han, kana, hangul, full-width
    /// punctuation, U+FFFD, the characters of `锟斤拷`, Latin-1 and
    /// windows-1252 letters and symbols, Greek, Cyrillic, halfwidth katakana
    /// and ASCII.
    const TRIGGER_POOL: &[&str] = &[
        "浣犲ソ",
        "鏂囦欢",
        "你好",
        "世界",
        "的",
        "鍦",
        "⊿",
        "Sys",
        "，",
        "。",
        "（",
        "）",
        "\u{FFFD}",
        "锟斤拷",
        "锟",
        "拷",
        "嚙",
        "蕭",
        "占",
        "옙",
        "鐃",
        "申",
        "ÄãºÃ",
        "£¬",
        "ÊÀ½ç",
        "é",
        "ü",
        "ß",
        "¡",
        "¿",
        "“",
        "…",
        "λ",
        "Ж",
        "ﾃｨ",
        "ｿｽ",
        "ｽ",
        "繧",
        "縺",
        "譁",
        "蟄",
        "怜",
        "梧",
        "茶",
        "が",
        "こんにちは",
        "한국어",
        "먯",
        "쑀",
        "ㅇ",
        "?",
        " ",
        "a",
        "1",
        "\u{20000}",
        "\u{2A6D6}",
        "\u{E000}",
        "豈",
        "ｱ",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20000))]
        #[test]
        fn the_trigger_test_is_the_plain_one_on_random_text(
            pieces in proptest::collection::vec(0..TRIGGER_POOL.len(), 0..16),
            chars in proptest::collection::vec(
                proptest::prop_oneof![
                    0x4E00u32..0x9FA6,
                    0x3040u32..0x3100,
                    0xAC00u32..0xD7A4,
                    0x80u32..0x600,
                    0xFF00u32..0xFFFE,
                    0x2000u32..0x2100,
                    0x20u32..0x7F,
                ],
                0..12,
            ),
            mix in proptest::collection::vec(proptest::bool::ANY, 0..28),
        ) {
            let mut text = String::new();
            let (mut p, mut q) = (pieces.iter(), chars.iter());
            for take_piece in mix {
                if take_piece {
                    if let Some(&k) = p.next() {
                        text.push_str(TRIGGER_POOL[k]);
                    }
                } else if let Some(c) = q.next().and_then(|&cp| char::from_u32(cp)) {
                    text.push(c);
                }
            }
            same_triggers(&text);
            // And the same text read through each legacy encoding.
            for legacy in Legacy::ALL {
                let (garbled, _) = crate::damage::decode_legacy(
                    legacy,
                    text.as_bytes(),
                    crate::damage::Errors::Whatwg,
                );
                same_triggers(&garbled);
            }
        }
    }
}
