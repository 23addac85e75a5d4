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
    is_han(c) || is_kana(c) || matches!(cp, 0x2E80..=0x2FDF | 0x3100..=0x312F | 0x31A0..=0x31BF)
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

/// Characters a pass or normalization may change together with their
/// neighbours: combining marks, Hangul jamo, Kangxi and CJK radicals
/// (`fix_kangxi_radicals`, next to Han), voiced sound marks, variation
/// selectors and vertical forms, halfwidth forms (`fix_halfwidth_katakana`
/// composes them). The fused passes send them to the sequential pipeline.
pub(crate) fn joins_neighbours(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F // combining marks
        | 0x1100..=0x11FF // Hangul jamo
        | 0x2E80..=0x2FDF // radicals
        | 0x3099..=0x309C // voiced sound marks
        | 0xFE00..=0xFE4F // variation selectors, vertical forms
        | 0xFF61..=0xFF9F) // halfwidth forms
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
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            assert!(!(is_cj(c) && is_hangul(c)), "{c:?}");
            assert!(!(is_cj(c) && is_fullwidth_punct(c)), "{c:?}");
        }
        // U+30FB KATAKANA MIDDLE DOT is punctuation, not kana.
        assert!(!is_kana('・') && is_fullwidth_punct('・'));
    }
}

/// Feature bits: which kinds of characters a segment holds. A pass runs
/// only when one of its required feature sets is fully present (see
/// `super::requires`), so one scan of the segment decides which passes can
/// skip it.
pub(crate) mod feat {
    pub const CJ: u32 = 1 << 0;
    pub const HAN: u32 = 1 << 1;
    pub const HW_KANA: u32 = 1 << 2;
    pub const FW_ALNUM: u32 = 1 << 3;
    pub const KANGXI: u32 = 1 << 4;
    pub const VERT: u32 = 1 << 5;
    pub const SPACE: u32 = 1 << 6;
    pub const ASCII_PUNCT: u32 = 1 << 7;
    pub const FW_MARK: u32 = 1 << 8;
    pub const DOTS: u32 = 1 << 9;
    pub const DASH: u32 = 1 << 10;
    pub const INTERPUNCT: u32 = 1 << 11;
    pub const CURLY: u32 = 1 << 12;
    pub const QUOTE: u32 = 1 << 13;
    pub const FW_PUNCT: u32 = 1 << 14;
    pub const ASCII_SPACE: u32 = 1 << 15;
    pub const TO_ASCII: u32 = 1 << 16;
    pub const LATIN: u32 = 1 << 17;
    pub const HANGUL: u32 = 1 << 18;
    /// Every bit above.
    pub const ALL: u32 = (1 << 19) - 1;
}

const fn ascii_features() -> [u32; 128] {
    let mut t = [0u32; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        let mut f = 0;
        if matches!(c, b',' | b'.' | b':' | b';' | b'!' | b'?') {
            f |= feat::ASCII_PUNCT;
        }
        if c == b'.' {
            f |= feat::DOTS;
        }
        if c == b'-' {
            f |= feat::DASH;
        }
        if c == b'"' {
            f |= feat::QUOTE;
        }
        if c == b' ' {
            f |= feat::ASCII_SPACE;
        }
        if c.is_ascii_alphanumeric() || matches!(c, b'(' | b')' | b'@' | b'$' | b'#' | b'%') {
            f |= feat::LATIN;
        }
        t[b] = f;
        b += 1;
    }
    t
}

static ASCII_FEATURES: [u32; 128] = ascii_features();

/// The feature bits of one non-ASCII character.
#[inline]
fn char_features(c: char) -> u32 {
    use feat::*;
    let cp = c as u32;
    // The bulk of CJK text: ideographs and kana, then Hangul.
    if (0x4E00..=0x9FFF).contains(&cp) || (0x3400..=0x4DBF).contains(&cp) {
        return CJ | HAN;
    }
    if (0xAC00..=0xD7AF).contains(&cp) {
        return HANGUL;
    }
    let mut f = 0;
    if is_hangul(c) {
        f |= HANGUL;
    }
    if is_cj(c) {
        f |= CJ;
        if is_han(c) {
            f |= HAN;
        }
    }
    if (0xFF61..=0xFF9F).contains(&cp) {
        f |= HW_KANA;
    }
    if matches!(cp, 0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A) {
        f |= FW_ALNUM;
    }
    if (0x2F00..=0x2FD5).contains(&cp) {
        f |= KANGXI;
    }
    if matches!(cp, 0xFE10..=0xFE19 | 0xFE30..=0xFE6B) {
        f |= VERT;
    }
    if super::forms::space_replacement(c).is_some() {
        f |= SPACE;
    }
    if matches!(c, '，' | '．' | '：' | '；' | '！' | '？') {
        f |= FW_MARK;
    }
    if matches!(c, '。' | '．' | '…' | '⋯') {
        f |= DOTS;
    }
    if matches!(c, '—' | '―' | '─' | '－') {
        f |= DASH;
    }
    if matches!(c, '‧' | '•' | '・' | '．' | '･' | '∙' | '⋅') {
        f |= INTERPUNCT;
    }
    if (0x2018..=0x201F).contains(&cp) {
        f |= CURLY | QUOTE;
    }
    if matches!(c, '「' | '」' | '『' | '』') {
        f |= QUOTE;
    }
    if is_fullwidth_punct(c) {
        f |= FW_PUNCT;
    }
    if super::forms::ascii_form(c).is_some() {
        f |= TO_ASCII;
    }
    f
}

fn bmp_features() -> &'static [u32; 0x10000] {
    static T: std::sync::OnceLock<Box<[u32; 0x10000]>> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let mut t = Box::new([0u32; 0x10000]);
        for (cp, slot) in t.iter_mut().enumerate() {
            if let Some(c) = char::from_u32(cp as u32) {
                *slot = if cp < 0x80 {
                    ASCII_FEATURES[cp]
                } else {
                    char_features(c)
                };
            }
        }
        t
    })
}

/// The feature bits of every BMP character, by code point (for scans that
/// look up many: one table fetch per scan).
#[inline]
pub(crate) fn feature_table() -> &'static [u32; 0x10000] {
    bmp_features()
}

/// The feature bits of the character `c` (code point `cp`): a table lookup
/// for the BMP.
#[inline]
pub(crate) fn char_feature_bits(cp: u32) -> u32 {
    match bmp_features().get(cp as usize) {
        Some(&f) => f,
        None => char::from_u32(cp).map_or(0, char_features),
    }
}

/// The feature bits of all characters of `text`: one table lookup per
/// character.
pub(crate) fn features(text: &str) -> u32 {
    let table = bmp_features();
    let bytes = text.as_bytes();
    let mut f = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (cp, len) = crate::utf8::decode_at(bytes, i);
        if len == 4 {
            if let Some(c) = char::from_u32(cp) {
                f |= char_features(c);
            }
            i += 4;
            continue;
        }
        f |= table[cp as usize];
        i += len;
    }
    f
}
