//! Character classes the CJK passes decide by: Han, kana, Hangul, CJK
//! punctuation. Each is a handful of range checks (no tables, no allocation).

/// A Han ideograph (unified, extensions, compatibility), or one of the
/// ideographic iteration and number marks (`々 〇 〻`).
///
/// ```
/// use mojifix::cjk_text::is_han;
/// assert!(is_han('中') && is_han('丶') && is_han('𠀀'));
/// assert!(!is_han('カ') && !is_han('한') && !is_han('，'));
/// ```
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0x3005 | 0x3007 | 0x3021..=0x3029 | 0x3038..=0x303B
        | 0x20000..=0x2FA1F | 0x30000..=0x323AF)
}

/// Hiragana, katakana (full and halfwidth), and the prolonged sound mark.
///
/// ```
/// use mojifix::cjk_text::is_kana;
/// assert!(is_kana('か') && is_kana('カ') && is_kana('ｶ') && is_kana('ー'));
/// assert!(!is_kana('中'));
/// ```
#[inline]
pub fn is_kana(c: char) -> bool {
    matches!(c as u32,
        0x3041..=0x309F | 0x30A0..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF
        | 0xFF66..=0xFF9F | 0x1B000..=0x1B16F)
}

/// Hangul syllables and jamo (the Korean guard keys on these).
///
/// ```
/// use mojifix::cjk_text::is_hangul;
/// assert!(is_hangul('한') && is_hangul('ㄱ'));
/// assert!(!is_hangul('中'));
/// ```
#[inline]
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7AF
        | 0xD7B0..=0xD7FF | 0xFFA0..=0xFFDC)
}

/// Chinese or Japanese script: Han, kana, bopomofo, Kangxi and CJK
/// radicals. Hangul is deliberately not included.
///
/// ```
/// use mojifix::cjk_text::is_cj;
/// assert!(is_cj('中') && is_cj('の') && is_cj('ㄅ'));
/// assert!(!is_cj('한') && !is_cj('a') && !is_cj('。'));
/// ```
#[inline]
pub fn is_cj(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x2E80 {
        return false;
    }
    is_han(c)
        || is_kana(c)
        || matches!(cp, 0x2E80..=0x2FDF | 0x3100..=0x312F | 0x31A0..=0x31BF)
}

/// Fullwidth (CJK) punctuation: the CJK Symbols and Punctuation marks and
/// the punctuation of the Halfwidth and Fullwidth Forms block.
///
/// ```
/// use mojifix::cjk_text::is_fullwidth_punct;
/// assert!(is_fullwidth_punct('，') && is_fullwidth_punct('「') && is_fullwidth_punct('！'));
/// assert!(!is_fullwidth_punct(',') && !is_fullwidth_punct('Ａ') && !is_fullwidth_punct('“'));
/// ```
#[inline]
pub fn is_fullwidth_punct(c: char) -> bool {
    matches!(c as u32,
        0x3001..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F | 0x30FB
        | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

/// The character before byte offset `i` of `s`.
#[inline]
pub(crate) fn char_before(s: &str, i: usize) -> Option<char> {
    s[..i].chars().next_back()
}

/// The character at byte offset `i` of `s`.
#[inline]
pub(crate) fn char_at(s: &str, i: usize) -> Option<char> {
    s[i..].chars().next()
}

/// The nearest character before `i` that is not an ASCII space or tab, and
/// its byte offset.
pub(crate) fn prev_non_space(s: &str, i: usize) -> Option<(usize, char)> {
    s[..i]
        .char_indices()
        .rev()
        .find(|&(_, c)| c != ' ' && c != '\t')
}

/// The nearest character at or after `i` that is not an ASCII space or tab,
/// and its byte offset.
pub(crate) fn next_non_space(s: &str, i: usize) -> Option<(usize, char)> {
    s[i..]
        .char_indices()
        .find(|&(_, c)| c != ' ' && c != '\t')
        .map(|(j, c)| (i + j, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_disjoint_where_it_matters() {
        for cp in 0..0x40000u32 {
            let Some(c) = char::from_u32(cp) else { continue };
            assert!(!(is_cj(c) && is_hangul(c)), "{c:?}");
            assert!(!(is_cj(c) && is_fullwidth_punct(c)), "{c:?}");
        }
        // U+30FB KATAKANA MIDDLE DOT is punctuation, not kana.
        assert!(!is_kana('・') && is_fullwidth_punct('・'));
    }
}
