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

/// The class bits of the mojibake-detector classes (not the UTF-8 roles).
pub(crate) const ANY_MOJIBAKE_CLASS: u32 = (1 << 14) - 1;

/// The class mask of `c` (0 for the vast majority of characters).
#[inline]
pub(crate) fn class_of(c: char) -> u32 {
    let cp = c as u32;
    if cp < 0x80 {
        return if c == ' ' { UTF8_CONTINUATION } else { 0 };
    }
    if cp > 0xFFFD {
        return 0;
    }
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
