//! Tiny fixed-length byte patterns, and the two byte-level repairs built on
//! them: restoring `A0` bytes that became spaces, and marking UTF-8 sequences
//! that lost bytes.

use std::borrow::Cow;

use super::cjk::plausibility::char_bits;

/// A set of bytes.
#[derive(Clone, Copy)]
pub(crate) struct ByteSet([u64; 4]);

impl ByteSet {
    /// The union of inclusive ranges.
    pub(crate) const fn ranges(ranges: &[(u8, u8)]) -> ByteSet {
        let mut bits = [0u64; 4];
        let mut r = 0;
        while r < ranges.len() {
            let (lo, hi) = ranges[r];
            let mut b = lo as usize;
            while b <= hi as usize {
                bits[b / 64] |= 1 << (b % 64);
                b += 1;
            }
            r += 1;
        }
        ByteSet(bits)
    }

    /// One byte.
    pub(crate) const fn one(b: u8) -> ByteSet {
        ByteSet::ranges(&[(b, b)])
    }

    #[inline]
    pub(crate) fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b / 64)] & (1 << (b % 64)) != 0
    }
}

/// Length of the first of `alternatives` that matches at `bytes[at..]`.
fn match_at(alternatives: &[&[ByteSet]], bytes: &[u8], at: usize) -> Option<usize> {
    alternatives.iter().find_map(|pattern| {
        let window = bytes.get(at..at + pattern.len())?;
        window
            .iter()
            .zip(pattern.iter())
            .all(|(&b, set)| set.contains(b))
            .then_some(pattern.len())
    })
}

/// Replaces every non-overlapping match (leftmost, first alternative wins,
/// as a regex alternation does) with what `replace` writes.
pub(crate) fn replace_all<'a>(
    bytes: &'a [u8],
    alternatives: &[&[ByteSet]],
    mut replace: impl FnMut(&[u8], &mut Vec<u8>),
) -> Cow<'a, [u8]> {
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        match match_at(alternatives, bytes, i) {
            Some(len) => {
                let buf = out.get_or_insert_with(|| Vec::with_capacity(bytes.len() + 8));
                buf.extend_from_slice(&bytes[copied..i]);
                replace(&bytes[i..i + len], buf);
                i += len;
                copied = i;
            }
            None => i += 1,
        }
    }
    match out {
        None => Cow::Borrowed(bytes),
        Some(mut buf) => {
            buf.extend_from_slice(&bytes[copied..]);
            Cow::Owned(buf)
        }
    }
}

/// Whether any alternative matches anywhere.
pub(crate) fn contains(bytes: &[u8], alternatives: &[&[ByteSet]]) -> bool {
    (0..bytes.len()).any(|i| match_at(alternatives, bytes, i).is_some())
}

const SPACE: ByteSet = ByteSet::one(b' ');
const CONT: ByteSet = ByteSet::ranges(&[(0x80, 0xBF)]);
const CONT_NOT_85_A0: ByteSet = ByteSet::ranges(&[(0x80, 0x84), (0x86, 0x9F), (0xA1, 0xBF)]);
const CONT_NOT_A0: ByteSet = ByteSet::ranges(&[(0x80, 0x9F), (0xA1, 0xBF)]);
const F0: ByteSet = ByteSet::one(0xF0);

/// UTF-8 sequences that would be valid but for one `A0` byte that some
/// program turned into a space (ftfy's `ALTERED_UTF8_RE`). Only lead bytes
/// that form likely characters with `A0` are accepted.
pub(crate) const ALTERED_UTF8: &[&[ByteSet]] = &[
    &[
        ByteSet::ranges(&[
            (0xC2, 0xC3),
            (0xC5, 0xC5),
            (0xCE, 0xCE),
            (0xD0, 0xD0),
            (0xD9, 0xD9),
        ]),
        SPACE,
    ],
    &[ByteSet::ranges(&[(0xE2, 0xE3)]), SPACE, CONT_NOT_85_A0],
    &[ByteSet::ranges(&[(0xE0, 0xE3)]), CONT_NOT_85_A0, SPACE],
    &[F0, SPACE, CONT, CONT],
    &[F0, CONT, SPACE, CONT],
    &[F0, CONT, CONT, SPACE],
];

/// Lead bytes `E4`–`EC`: U+4000–U+CFFF (CJK ideographs, Yi, most Hangul).
const LEAD_E4_EC: ByteSet = ByteSet::ranges(&[(0xE4, 0xEC)]);

/// Three-byte sequences of CJK text that lost an `A0` byte to a space
/// (mojifix's own, beside ftfy's [`ALTERED_UTF8`]): one CJK character in 64
/// ends in `A0` (`你` is `E4 BD A0`, read as windows-1252 `ä½` and a
/// no-break space, which mail clients, renderers and editors turn into a
/// space: `ä½ å¥½`), and one in 64 has it for its second byte (`核` is
/// `E6 A0 B8`, `æ ¸`; `전` is `EC A0 84`, `ì „`). Besides ftfy's leads
/// `E0`–`E3`: a space after a lead byte `E4`–`EC` and any continuation byte
/// but `85` and `A0` (as ftfy's), after `ED` and `80`–`9F` (U+D000–U+D7FF,
/// Hangul; `ED A0`–`ED BF` would be surrogates), after `EF` and `A4`–`BF`
/// (U+F900–U+FFFF: compatibility ideographs, fullwidth forms); or a space
/// between a lead byte `E4`–`EC` and any continuation byte but `A0`
/// (`85` too: `項` is `E9 A0 85`, `é …`; `ED A0` would start a surrogate,
/// `EF A0` private use). Only for code pages whose `A0` is the no-break
/// space (not MacRoman's `CA`, nor cp437's `FF`), and only where
/// [`restore_byte_a0_cjk`] finds a CJK neighbour.
pub(crate) const ALTERED_UTF8_CJK: &[&[ByteSet]] = &[
    &[LEAD_E4_EC, CONT_NOT_85_A0, SPACE],
    &[
        ByteSet::one(0xED),
        ByteSet::ranges(&[(0x80, 0x84), (0x86, 0x9F)]),
        SPACE,
    ],
    &[ByteSet::one(0xEF), ByteSet::ranges(&[(0xA4, 0xBF)]), SPACE],
    &[LEAD_E4_EC, SPACE, CONT_NOT_A0],
];

/// Whether a sequence of three or more bytes led by `E3`–`F4` (U+3000 and
/// up: a CJK character, one that may have lost its `A0` to a space as
/// well) ends at `end`, or one space before it. (`E0`–`E2` lead the
/// punctuation of Latin text's own mojibake: `â€œ`, `“`.)
fn wide_ends_at(bytes: &[u8], end: usize) -> bool {
    let cont = |k: usize| CONT.contains(bytes[k]);
    let ends = |k: usize| {
        (k >= 3
            && (0xE3..=0xEF).contains(&bytes[k - 3])
            && (cont(k - 2) || bytes[k - 2] == b' ')
            && (cont(k - 1) || bytes[k - 1] == b' '))
            || (k >= 4
                && (0xF0..=0xF4).contains(&bytes[k - 4])
                && cont(k - 3)
                && cont(k - 2)
                && cont(k - 1))
    };
    ends(end) || (end > 0 && bytes[end - 1] == b' ' && ends(end - 1))
}

/// Whether a sequence of three or more bytes led by `E3`–`F4` starts at
/// `start`, or one space after it.
fn wide_starts_at(bytes: &[u8], start: usize) -> bool {
    let starts = |k: usize| {
        bytes.get(k).is_some_and(|b| (0xE3..=0xF4).contains(b))
            && bytes
                .get(k + 1)
                .is_some_and(|&b| CONT.contains(b) || b == b' ')
    };
    starts(start) || (bytes.get(start) == Some(&b' ') && starts(start + 1))
}

/// The most a character restored with an `A0` may cost: as with the fills
/// of `dropped_bytes`, rarer characters are no better guesses. (Text that
/// lost other bytes has sequences short of one before a space of its own:
/// `åš x`, 做 `E5 81 9A` whose `81` a strict decoder dropped, would be
/// `嚠`, 17 bits; `ä¸ ` (不 short of `8D`) `丠`, 20; the characters of
/// the text cost 8–15.)
const A0_MAX_BITS: u32 = 16;

/// Restores the `A0` bytes of CJK text that became spaces
/// ([`ALTERED_UTF8_CJK`]), each only as a character the frequency model
/// does not find rare ([`A0_MAX_BITS`]) and beside another sequence of
/// three or more bytes led by `E3`–`F4`, at most one space away: `ä½ å¥½` (你好) and `ä½  å¥½`
/// (你 好, whose own space stays), but not `così — x` (`ì —` would be
/// `젗`) nor `café — non` (`é —`, `頗`), whose neighbours are ASCII.
pub(crate) fn restore_byte_a0_cjk(bytes: &[u8]) -> Cow<'_, [u8]> {
    // Every match is invalid UTF-8 (a sequence cut by a space): none
    // starts more than two bytes before the first error, and text that
    // is valid UTF-8 has none. (Most bytes are never looked at.)
    let mut at = match std::str::from_utf8(bytes) {
        Ok(_) => return Cow::Borrowed(bytes),
        Err(e) => e.valid_up_to().saturating_sub(2),
    };
    let mut out: Option<Vec<u8>> = None;
    while at < bytes.len() {
        // (Every pattern starts with a lead `E4`–`EF`: most bytes are
        // passed over without trying them.)
        if bytes[at] < 0xE4 || bytes[at] > 0xEF {
            at += 1;
            continue;
        }
        let Some(len) = match_at(ALTERED_UTF8_CJK, bytes, at) else {
            at += 1;
            continue;
        };
        let mut seq = [0u8; 3];
        seq.copy_from_slice(&bytes[at..at + len]);
        seq.iter_mut()
            .filter(|b| **b == b' ')
            .for_each(|b| *b = 0xA0);
        let common = std::str::from_utf8(&seq)
            .ok()
            .and_then(|s| s.chars().next())
            .is_some_and(|c| char_bits(c) <= A0_MAX_BITS);
        if common && (wide_ends_at(bytes, at) || wide_starts_at(bytes, at + len)) {
            out.get_or_insert_with(|| bytes.to_vec())[at..at + len].copy_from_slice(&seq);
        }
        at += len;
    }
    match out {
        None => Cow::Borrowed(bytes),
        Some(buf) => Cow::Owned(buf),
    }
}

/// Restores `A0` bytes that became spaces inside UTF-8 sequences.
///
/// First `C3 20` (`à` whose second byte was lost) is restored before a word,
/// unless the word is one of the Portuguese words that follow a real `Ã`
/// ("Ã s", "Ã quele"...); then every [`ALTERED_UTF8`] match gets its spaces
/// turned back into `A0`.
pub(crate) fn restore_byte_a0(bytes: &[u8]) -> Cow<'_, [u8]> {
    const EXCEPTIONS: [&[u8]; 5] = [b" ", b"quele", b"quela", b"quilo", b"s "];
    let mut a_grave: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(0xC3, &bytes[i..]) {
        let at = i + off;
        i = at + 1;
        if bytes.get(at + 1) != Some(&b' ') {
            continue;
        }
        let after = &bytes[at + 2..];
        if EXCEPTIONS.iter().any(|e| after.starts_with(e)) {
            continue;
        }
        let buf = a_grave.get_or_insert_with(|| Vec::with_capacity(bytes.len() + 8));
        buf.extend_from_slice(&bytes[copied..at]);
        buf.extend_from_slice(b"\xc3\xa0 ");
        copied = at + 2;
        i = copied;
    }
    let first: Cow<'_, [u8]> = match a_grave {
        None => Cow::Borrowed(bytes),
        Some(mut buf) => {
            buf.extend_from_slice(&bytes[copied..]);
            Cow::Owned(buf)
        }
    };
    let second = replace_all(&first, ALTERED_UTF8, |m, out| {
        out.extend(m.iter().map(|&b| if b == b' ' { 0xA0 } else { b }))
    });
    match second {
        Cow::Borrowed(_) => first,
        Cow::Owned(v) => Cow::Owned(v),
    }
}

const SUB: ByteSet = ByteSet::one(0x1A);
const SUB_Q: ByteSet = ByteSet::ranges(&[(0x1A, 0x1A), (b'?', b'?')]);
const SUB_CONT: ByteSet = ByteSet::ranges(&[(0x1A, 0x1A), (0x80, 0xBF)]);
const SUB_Q_CONT: ByteSet = ByteSet::ranges(&[(0x1A, 0x1A), (b'?', b'?'), (0x80, 0xBF)]);
const ED: ByteSet = ByteSet::one(0xED);
const HIGH_SURROGATE_2: ByteSet = ByteSet::ranges(&[(0xA0, 0xAF)]);
const LOW_SURROGATE_2: ByteSet = ByteSet::ranges(&[(0xB0, 0xBF)]);
const LEAD3: ByteSet = ByteSet::ranges(&[(0xE0, 0xEF)]);
const LEAD4: ByteSet = ByteSet::ranges(&[(0xF0, 0xF4)]);

/// UTF-8 (and CESU-8) sequences in which a byte was replaced by `1A` (the
/// sloppy code pages' stand-in for U+FFFD) or, at most once, by `?`
/// (ftfy's `LOSSY_UTF8_RE`).
pub(crate) const LOSSY_UTF8: &[&[ByteSet]] = &[
    &[ByteSet::ranges(&[(0xC2, 0xDF)]), SUB],
    &[ByteSet::ranges(&[(0xC2, 0xC3)]), ByteSet::one(b'?')],
    &[ED, HIGH_SURROGATE_2, SUB_Q, ED, LOW_SURROGATE_2, SUB_Q_CONT],
    &[ED, HIGH_SURROGATE_2, SUB_Q_CONT, ED, LOW_SURROGATE_2, SUB_Q],
    &[LEAD3, SUB_Q, SUB_CONT],
    &[LEAD3, SUB_CONT, SUB_Q],
    &[LEAD4, SUB_Q, SUB_CONT, SUB_CONT],
    &[LEAD4, SUB_CONT, SUB_Q, SUB_CONT],
    &[LEAD4, SUB_CONT, SUB_CONT, SUB_Q],
    &[SUB],
];

/// Replaces each lossy UTF-8 sequence with the UTF-8 of U+FFFD.
pub(crate) fn replace_lossy_sequences(bytes: &[u8]) -> Cow<'_, [u8]> {
    replace_all(bytes, LOSSY_UTF8, |_, out| {
        out.extend_from_slice("\u{FFFD}".as_bytes())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restores_a0_in_utf8() {
        // "voilà le" as latin-1 mojibake with A0 turned into a space.
        assert_eq!(&*restore_byte_a0(b"voil\xc3 le"), b"voil\xc3\xa0 le");
        assert_eq!(&*restore_byte_a0(b"\xc3 s "), b"\xc3\xa0s ");
        assert_eq!(&*restore_byte_a0(b"\xe2\x80 x"), b"\xe2\x80\xa0x");
        assert!(matches!(restore_byte_a0(b"plain text"), Cow::Borrowed(_)));
    }

    #[test]
    fn restores_a0_in_cjk_text_beside_cjk_text() {
        // 你好: `E4 BD A0 E5 A5 BD`.
        assert_eq!(
            &*restore_byte_a0_cjk(b"\xe4\xbd \xe5\xa5\xbd"),
            "你好".as_bytes()
        );
        // 你 好, its own space kept; 你你, both.
        assert_eq!(
            &*restore_byte_a0_cjk(b"\xe4\xbd  \xe5\xa5\xbd"),
            "你 好".as_bytes()
        );
        assert_eq!(
            &*restore_byte_a0_cjk(b"\xe4\xbd \xe4\xbd "),
            "你你".as_bytes()
        );
        // 核心: `E6 A0 B8 E5 BF 83`, A0 second.
        assert_eq!(
            &*restore_byte_a0_cjk(b"\xe6 \xb8\xe5\xbf\x83"),
            "核心".as_bytes()
        );
        // Alone among ASCII (`così — x` in windows-1252), or beside the
        // punctuation of Latin mojibake (`café — â€œnon`), it stays.
        for bytes in [&b"cos\xec \x97 x"[..], b"caf\xe9 \x97 \xe2\x80\x9cnon"] {
            assert!(matches!(restore_byte_a0_cjk(bytes), Cow::Borrowed(_)));
        }
        // No surrogate (`ED A0`) and no private use (`EE`, `EF A0`).
        for bytes in [
            &b"\xed \x80\xe5\xa5\xbd"[..],
            b"\xee\x80 \xe5\xa5\xbd",
            b"\xef \x80\xe5\xa5\xbd",
        ] {
            assert!(matches!(restore_byte_a0_cjk(bytes), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn marks_lossy_sequences() {
        assert_eq!(
            &*replace_lossy_sequences(b"a\xe2\x1a\x9dz"),
            "a\u{FFFD}z".as_bytes()
        );
        assert_eq!(&*replace_lossy_sequences(b"\xc3?"), "\u{FFFD}".as_bytes());
        assert_eq!(&*replace_lossy_sequences(b"what?"), b"what?");
    }
}
