//! The buffers of a line's repair, kept from line to line in each thread.

use super::proposals::{Proposal, Proposals};
use super::single_byte_runs::PageRuns;
use super::single_byte_spans::ReadScratch;
use super::utf8_runs::Utf8Scratch;

/// Buffers of [`repair_line`], reused for every line of a thread.
///
/// [`repair_line`]: super::line_repair::repair_line
#[derive(Default)]
pub(super) struct LineScratch {
    pub(super) chars: Vec<char>,
    pub(super) utf8_triggers: Vec<u8>,
    pub(super) single_byte_triggers: Vec<bool>,
    /// Per character: flags for the single-byte trigger (`repair_line`).
    pub(super) high: Vec<u8>,
    pub(super) arena: Vec<char>,
    pub(super) proposals: Proposals,
    pub(super) single_byte: Vec<Proposal>,
    pub(super) as_1252: Vec<u8>,
    pub(super) runs: PageRuns,
    pub(super) read: ReadScratch,
    pub(super) utf8: Utf8Scratch,
    pub(super) taken: Vec<bool>,
}

thread_local! {
    pub(super) static SCRATCH: std::cell::RefCell<LineScratch> =
        std::cell::RefCell::new(LineScratch::default());
}

/// Lines longer than this (in characters), or whose candidates took more
/// than 16 times as many, do not keep their buffers.
pub(super) const MAX_KEPT_CHARS: usize = 1 << 16;
