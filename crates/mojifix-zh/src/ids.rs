//! Ideographic description sequences (IDS), parsed exactly like OpenCC 1.4.2's
//! `UTF8Util::ConsumeIdeographicDescriptionSequence`.
//!
//! When no dictionary key matches at a position that holds an ideographic
//! description operator (U+2FF0..=U+2FFF), OpenCC copies a *complete* IDS
//! (operator plus its operands, recursively) as one unit, so the characters
//! inside it are neither converted nor used to start a match. The parse is
//! bounded: depth 16 and 64 code points.

/// Maximum nesting depth OpenCC accepts in an IDS.
pub(crate) const MAX_IDS_DEPTH: usize = 16;
/// Maximum number of code points OpenCC reads for one IDS.
pub(crate) const MAX_IDS_CODE_POINTS: usize = 64;

/// Outcome of parsing an IDS at the start of a byte slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ids {
    /// The first character is not an ideographic description operator.
    NotOperator,
    /// A complete IDS of this many bytes.
    Complete(usize),
    /// The input ends before the IDS is complete (more input could complete it).
    Incomplete,
    /// Malformed or over the depth/code point limits: not an IDS.
    Invalid,
}

/// Number of operands of an ideographic description operator, 0 for other chars.
#[inline]
pub(crate) fn arity(cp: u32) -> usize {
    match cp {
        0x2FF2 | 0x2FF3 => 3,
        0x2FFE | 0x2FFF => 1,
        0x2FF0..=0x2FFD => 2,
        _ => 0,
    }
}

/// True for U+2FF0..=U+2FFF.
#[inline]
pub(crate) fn is_operator(cp: u32) -> bool {
    (cp & !0xF) == 0x2FF0
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Complete(usize),
    Incomplete,
    Invalid,
}

fn consume(b: &[u8], depth_left: usize, code_points: &mut usize) -> Status {
    if b.is_empty() {
        return Status::Incomplete;
    }
    if depth_left == 0 || *code_points >= MAX_IDS_CODE_POINTS {
        return Status::Invalid;
    }
    let (cp, len) = crate::trie::decode(b, 0);
    *code_points += 1;
    let a = arity(cp);
    if a == 0 {
        return Status::Complete(len);
    }
    let mut offset = len;
    for _ in 0..a {
        if offset >= b.len() {
            return Status::Incomplete;
        }
        match consume(&b[offset..], depth_left - 1, code_points) {
            Status::Complete(n) => offset += n,
            other => return other,
        }
    }
    Status::Complete(offset)
}

/// Parses an IDS at the start of `b` (which must start at a char boundary of
/// valid UTF-8).
#[cold]
#[inline(never)]
pub(crate) fn parse(b: &[u8]) -> Ids {
    if b.is_empty() {
        return Ids::NotOperator;
    }
    let (cp, _) = crate::trie::decode(b, 0);
    if arity(cp) == 0 {
        return Ids::NotOperator;
    }
    let mut code_points = 0;
    match consume(b, MAX_IDS_DEPTH, &mut code_points) {
        Status::Complete(n) => Ids::Complete(n),
        Status::Incomplete => Ids::Incomplete,
        Status::Invalid => Ids::Invalid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn len(s: &str) -> Ids {
        parse(s.as_bytes())
    }

    #[test]
    fn upstream_examples() {
        // From OpenCC's UTF8UtilTest.
        assert_eq!(len("⿰钅只只"), Ids::Complete("⿰钅只".len()));
        assert_eq!(len("⿱艹⿰钅只干"), Ids::Complete("⿱艹⿰钅只".len()));
        assert_eq!(
            len("⿺⻍⿳穴⿲月⿱⿲幺言幺⿲長馬長刂心長"),
            Ids::Complete("⿺⻍⿳穴⿲月⿱⿲幺言幺⿲長馬長刂心".len())
        );
        assert_eq!(len("⿰⿱⿲⿳⿴⿵⿶⿷⿸⿹⿺⿻⿼⿽⿾⿿"), Ids::Incomplete);
        assert_eq!(len("⿰"), Ids::Incomplete);
        assert_eq!(len("a⿰"), Ids::NotOperator);
        // Any character is an operand, even ASCII.
        assert_eq!(len("⿰ab"), Ids::Complete(5));
    }

    #[test]
    fn limits() {
        // 16 nested binary operators: depth limit reached before the leaves.
        let deep: String = "⿰".repeat(16) + &"x".repeat(17);
        assert_eq!(len(&deep), Ids::Invalid);
        let ok: String = "⿰".repeat(15) + &"x".repeat(16);
        assert_eq!(len(&ok), Ids::Complete(ok.len()));
        // 64 code point limit: ⿲ with 3 operands each ⿲... count grows fast.
        let wide: String = "⿲⿲⿲⿲".to_string() + &"x".repeat(60);
        assert!(matches!(len(&wide), Ids::Complete(_) | Ids::Invalid));
    }
}
