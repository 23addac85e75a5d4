//! The chains the repair undoes, as explanations name them (`utf-8 decoded
//! as gbk`, `gbk decoded as sloppy-windows-1252`), and a number for each
//! chain of the single-byte direction.

use std::borrow::Cow;

use crate::mojibake::CodePage;

use super::legacy::Legacy;
use super::SINGLE_BYTE_PAGES;

/// What was undone, for explanations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chain {
    /// UTF-8 bytes read with a legacy CJK decoder.
    Utf8ReadAs(Legacy),
    /// Legacy CJK bytes read with a single-byte code page.
    LegacyReadAs(Legacy, CodePage),
    /// Bytes of one legacy CJK encoding (the first) read with another's
    /// decoder (`cross_legacy`).
    LegacyReadAsLegacy(Legacy, Legacy),
}

impl std::fmt::Display for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Chain::Utf8ReadAs(l) => write!(f, "utf-8 decoded as {}", l.name()),
            Chain::LegacyReadAs(l, page) => write!(f, "{} decoded as {}", l.name(), page.name()),
            Chain::LegacyReadAsLegacy(a, b) => write!(f, "{} decoded as {}", a.name(), b.name()),
        }
    }
}

impl Chain {
    /// The chain's name for a plan's step: its `Display`, from a table for
    /// the chains the repair makes (every repaired line names its chains,
    /// and formatting them cost more than a thousand instructions each;
    /// `chain_names_are_their_display`).
    pub(super) fn step_name(self) -> Cow<'static, str> {
        /// Per `Legacy::ALL`: each chain through `SINGLE_BYTE_PAGES`.
        macro_rules! through_pages {
            ($($legacy:literal),*) => {
                [$([
                    concat!($legacy, " decoded as sloppy-windows-1252"),
                    concat!($legacy, " decoded as latin-1"),
                    concat!($legacy, " decoded as sloppy-windows-1250"),
                    concat!($legacy, " decoded as sloppy-windows-1251"),
                    concat!($legacy, " decoded as sloppy-windows-1254"),
                    concat!($legacy, " decoded as macroman"),
                ]),*]
            };
        }
        const SINGLE_BYTE: [[&str; SINGLE_BYTE_PAGES.len()]; Legacy::ALL.len()] =
            through_pages!("gbk", "big5", "shift_jis", "euc-jp", "euc-kr");
        const UTF8: [&str; Legacy::ALL.len()] = [
            "utf-8 decoded as gbk",
            "utf-8 decoded as big5",
            "utf-8 decoded as shift_jis",
            "utf-8 decoded as euc-jp",
            "utf-8 decoded as euc-kr",
        ];
        match self {
            Chain::Utf8ReadAs(legacy) => Cow::Borrowed(UTF8[legacy as usize]),
            Chain::LegacyReadAs(legacy, page) => {
                match SINGLE_BYTE_PAGES.iter().position(|&p| p == page) {
                    Some(p) => Cow::Borrowed(SINGLE_BYTE[legacy as usize][p]),
                    None => Cow::Owned(self.to_string()),
                }
            }
            Chain::LegacyReadAsLegacy(a, b) => {
                /// Per `Legacy::ALL`: each writer read as each reader.
                macro_rules! read_as {
                    ($($a:literal),*) => {
                        [$([
                            concat!($a, " decoded as gbk"),
                            concat!($a, " decoded as big5"),
                            concat!($a, " decoded as shift_jis"),
                            concat!($a, " decoded as euc-jp"),
                            concat!($a, " decoded as euc-kr"),
                        ]),*]
                    };
                }
                const CROSS: [[&str; Legacy::ALL.len()]; Legacy::ALL.len()] =
                    read_as!("gbk", "big5", "shift_jis", "euc-jp", "euc-kr");
                Cow::Borrowed(CROSS[a as usize][b as usize])
            }
        }
    }
}

/// A number for each chain of the single-byte direction, below
/// `Legacy::ALL.len() * SINGLE_BYTE_PAGES.len()`.
pub(super) fn single_byte_slot(chain: Chain) -> usize {
    match chain {
        Chain::LegacyReadAs(legacy, page) => {
            // The position in SINGLE_BYTE_PAGES.
            let page = match page {
                CodePage::SloppyWindows1252 => 0,
                CodePage::Latin1 => 1,
                CodePage::SloppyWindows1250 => 2,
                CodePage::SloppyWindows1251 => 3,
                CodePage::SloppyWindows1254 => 4,
                CodePage::MacRoman => 5,
                _ => unreachable!("a page of SINGLE_BYTE_PAGES"),
            };
            legacy as usize * SINGLE_BYTE_PAGES.len() + page
        }
        Chain::Utf8ReadAs(_) | Chain::LegacyReadAsLegacy(..) => {
            unreachable!("a single-byte chain")
        }
    }
}
