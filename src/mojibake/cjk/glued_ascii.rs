//! Glued trails: an ASCII byte between a kana and a high byte that is the
//! trail of a lead the page lost (Shift_JIS `81` of `ー`, `。`, `、`:
//! `ビュ[で`), and the runs where it cannot be (the page kept its bytes).

use std::sync::OnceLock;

use crate::mojibake::CodePage;

use super::legacy::Legacy;
use super::lost_bytes::{unpack_step, STEP_BREAK};
use super::reading_tables::lost_fills;
use super::SINGLE_BYTE_PAGES;

test_switch! {
    /// Tests: `false` reads no glued ASCII byte as a lost lead's trail
    /// (see `glued_trail`).
    pub(super) fn glued_trails, static GLUED_TRAILS = true
}

/// What an ASCII byte `40`–`7E` glued between a kana and a high byte
/// costs a reading where the page loses bytes and a lost lead would make
/// it a character cheaper than this ([`glued_fill`]). In the clean corpora
/// an ASCII byte `40`–`7E` between two CJK characters is about 1 in 6,000
/// (zh-Hans, zh-Hant) to 1 in 45,000 (ja) characters, 13 to 15 bits.
pub(super) const GLUED_ASCII_BITS: u32 = 15;

/// Whether the ASCII byte at `i` is glued between a kana the reading's
/// last step made (`step_here`) and a high byte (not one the page
/// rejected): where Shift_JIS lost the `81` of `ー`, `。`, `、` (`ビュ[で`,
/// `キ[は`, `てB大`), which follow kana in Japanese.
#[inline]
pub(super) fn glued_trail(bytes: &[u8], i: usize, step_here: u64, next_rejected: bool) -> bool {
    let (_, prev, kind) = unpack_step(step_here);
    glued_trails()
        && (0x40..=0x7E).contains(&bytes[i])
        && i > 0
        && kind != STEP_BREAK
        && ('\u{3041}'..='\u{30FA}').contains(&prev)
        && !next_rejected
        && bytes.get(i + 1).is_some_and(|&n| n >= 0x80)
}

/// Whether a run shows that the page kept its bytes, so that no lead was
/// dropped: one of the page's undefined bytes is there as a character (a
/// sloppy decoder kept `81`: `\u{81}B` is `。`), or a strict decoder marked
/// bad bytes with U+FFFD (`rejected`). A letter glued after a kana in such a
/// run is the text's own (`プランB案`, `まずA社`), not a trail whose lead was
/// lost. No-break space and soft hyphen do not count: they are common
/// Shift_JIS trail bytes. (Found by the review of the merge: without this,
/// 627 of 29,964 Japanese lines with a genuine letter between kana and
/// kanji, damaged six ways, were exact before the glued trails and not
/// after; with it, 153, and the `errors="ignore"` gains are all kept.)
pub(super) fn kept_its_bytes(bytes: &[u8], rejected: bool, page: CodePage) -> bool {
    rejected
        || bytes
            .iter()
            .any(|&b| b != 0xA0 && b != 0xAD && page.lost_bytes().contains(&b))
}

/// Whether [`glued_fill`] has a fill for some ASCII trail with `legacy` on
/// page `p` of `SINGLE_BYTE_PAGES` (built once).
pub(super) fn has_glued_fills(legacy: Legacy, p: usize) -> bool {
    static ANY: OnceLock<Vec<bool>> = OnceLock::new();
    let any = ANY.get_or_init(|| {
        Legacy::ALL
            .iter()
            .flat_map(|&l| {
                SINGLE_BYTE_PAGES.map(|page| {
                    (0x40..=0x7Eu8).any(|b| glued_fill(lost_fills(l, page), b).is_some())
                })
            })
            .collect()
    });
    glued_trails() && any[legacy as usize * SINGLE_BYTE_PAGES.len() + p]
}

/// The clear fill ([`lost_fills`]) of the ASCII trail `b` whose lead was
/// lost, when it costs a reading less than [`GLUED_ASCII_BITS`].
#[inline]
pub(super) fn glued_fill(fills: &[(char, u32); 512], b: u8) -> Option<(char, u32)> {
    let (c, add) = fills[256 + usize::from(b)];
    (c != '\0' && c != '\u{FFFD}' && add < GLUED_ASCII_BITS).then_some((c, add))
}
