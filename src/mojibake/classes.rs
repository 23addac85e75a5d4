//! Character classes of the Latin-family mojibake detector.
//!
//! About 400 characters turn up when UTF-8 is decoded with a single-byte code
//! page. ftfy sorts them into classes ("currency", "lower_accented", ...) and
//! into the roles they play in UTF-8 mojibake ("first of 2", "continuation",
//! ...). Each character gets a bit mask of the classes it belongs to; the
//! masks are generated from ftfy 6.3.1's data into `tables.rs`.

use super::tables::CLASS_RANGES;
pub(crate) use super::tables::{
    BAD, BOX, C1, COMMON, CURRENCY, END_PUNCTUATION, KAOMOJI, LAW, LOWER_ACCENTED, LOWER_COMMON,
    NUMERIC, START_PUNCTUATION, UPPER_ACCENTED, UPPER_COMMON, UTF8_CONTINUATION,
    UTF8_CONTINUATION_STRICT, UTF8_FIRST_OF_2, UTF8_FIRST_OF_3, UTF8_FIRST_OF_4,
};

/// Every classed character below this code point is in [`DIRECT`].
const DIRECT_LIMIT: usize = 0x2600;

/// Class masks of U+0000..U+25FF, built at compile time from the ranges.
static DIRECT: [u32; DIRECT_LIMIT] = {
    let mut table = [0u32; DIRECT_LIMIT];
    let mut r = 0;
    while r < CLASS_RANGES.len() {
        let (first, last, mask) = CLASS_RANGES[r];
        let mut cp = first as usize;
        while cp <= last as usize && cp < DIRECT_LIMIT {
            table[cp] = mask;
            cp += 1;
        }
        r += 1;
    }
    table
};

/// The class mask of `c` (0 for the vast majority of characters).
#[inline]
pub(crate) fn class_of(c: char) -> u32 {
    let cp = c as u32;
    if (cp as usize) < DIRECT_LIMIT {
        return DIRECT[cp as usize];
    }
    match cp {
        0xF8FF => HIGH[0],
        0xFB01 => HIGH[1],
        0xFB02 => HIGH[2],
        0xFFFD => HIGH[3],
        _ => 0,
    }
}

/// The classed characters from [`DIRECT_LIMIT`] on, in [`class_of`]'s order.
const HIGH_CHARS: [u32; 4] = [0xF8FF, 0xFB01, 0xFB02, 0xFFFD];

/// Class masks of [`HIGH_CHARS`], built at compile time from the ranges (so
/// U+FFFD, common in damaged CJK text, costs no search).
static HIGH: [u32; 4] = {
    let mut masks = [0u32; 4];
    let mut k = 0;
    while k < HIGH_CHARS.len() {
        let mut r = 0;
        while r < CLASS_RANGES.len() {
            let (first, last, mask) = CLASS_RANGES[r];
            if first <= HIGH_CHARS[k] && HIGH_CHARS[k] <= last {
                masks[k] = mask;
            }
            r += 1;
        }
        k += 1;
    }
    masks
};

#[cfg(test)]
fn ranges_lookup(cp: u32) -> u32 {
    match CLASS_RANGES.binary_search_by(|&(first, last, _)| {
        if last < cp {
            std::cmp::Ordering::Less
        } else if first > cp {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    }) {
        Ok(i) => CLASS_RANGES[i].2,
        Err(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_table_agrees_with_the_ranges() {
        for cp in 0..0x11_0000u32 {
            if let Some(c) = char::from_u32(cp) {
                assert_eq!(class_of(c), ranges_lookup(cp), "U+{cp:04X}");
            }
        }
    }

    #[test]
    fn classes_of_known_characters() {
        assert_ne!(class_of('€') & CURRENCY, 0);
        assert_ne!(class_of('Ã') & UPPER_ACCENTED, 0);
        assert_ne!(class_of('Ã') & UTF8_FIRST_OF_2, 0);
        assert_ne!(class_of('\u{9d}') & C1, 0);
        assert_ne!(class_of('©') & UTF8_CONTINUATION_STRICT, 0);
        assert_eq!(class_of('中'), 0);
        assert_eq!(class_of('a'), 0);
        assert_eq!(class_of(' '), UTF8_CONTINUATION);
    }
}
