//! Incremental conversion with output identical to whole-text conversion.
//!
//! The pipeline is a cascade of greedy scanners (normalization, segmentation,
//! each chain stage). Each keeps a pending tail: the text from its first
//! position whose decision could still change with more input. Everything
//! before that is decided exactly as a whole-text run would decide it and is
//! passed on. Unmatched segmentation runs (which may be arbitrarily long) are
//! fed to the chain stages incrementally; a dictionary-matched segment is
//! converted as soon as it is decided.

use crate::engine::{self, SegSink};
use crate::trie::Matcher;
use crate::Converter;
use std::sync::Arc;

/// One greedy conversion stage over an unbounded segment.
struct Stage {
    m: Arc<Matcher>,
    pending: String,
}

impl Stage {
    fn new(m: Arc<Matcher>) -> Self {
        Stage {
            m,
            pending: String::new(),
        }
    }

    fn push(&mut self, s: &str, out: &mut String) {
        if s.is_empty() {
            return;
        }
        if self.pending.is_empty() {
            let done = engine::convert_into::<false>(&self.m, s, out);
            self.pending.push_str(&s[done..]);
        } else {
            self.pending.push_str(s);
            let done = engine::convert_into::<false>(&self.m, &self.pending, out);
            self.pending.drain(..done);
        }
    }

    fn finish(&mut self, out: &mut String) {
        engine::convert_into::<true>(&self.m, &self.pending, out);
        self.pending.clear();
    }

    fn pending_chars(&self) -> usize {
        self.pending.chars().count()
    }
}

/// A conversion chain fed incrementally with one (unmatched-run) segment.
struct ChainStream {
    stages: Vec<Stage>,
    bufs: Vec<String>,
}

impl ChainStream {
    fn new(chain: &[Arc<Matcher>]) -> Self {
        ChainStream {
            stages: chain.iter().cloned().map(Stage::new).collect(),
            bufs: vec![String::new(); chain.len()],
        }
    }

    fn push(&mut self, s: &str, out: &mut String) {
        self.run(Some(s), out);
    }

    fn finish(&mut self, out: &mut String) {
        self.run(None, out);
    }

    /// `Some(text)`: push text; `None`: end of segment.
    fn run(&mut self, input: Option<&str>, out: &mut String) {
        let k = self.stages.len();
        if k == 0 {
            out.push_str(input.unwrap_or(""));
            return;
        }
        // Stage i reads bufs[i-1] (or the input) and writes bufs[i] (or `out`).
        for i in 0..k {
            let (before, after) = self.bufs.split_at_mut(i);
            let src: &str = if i == 0 {
                input.unwrap_or("")
            } else {
                before[i - 1].as_str()
            };
            let dst: &mut String = if i + 1 == k { &mut *out } else { &mut after[0] };
            let stage = &mut self.stages[i];
            stage.push(src, dst);
            if input.is_none() {
                stage.finish(dst);
            }
            if i > 0 {
                before[i - 1].clear();
            }
        }
    }

    fn pending_chars(&self) -> usize {
        self.stages.iter().map(Stage::pending_chars).sum()
    }
}

struct Segmenter {
    seg: Arc<Matcher>,
    chain: Vec<Arc<Matcher>>,
    pending: String,
    run: ChainStream,
    /// An unmatched run is open (its text so far went to `run`).
    in_run: bool,
    bufs: [String; 2],
}

struct StreamSegSink<'a> {
    text: &'a str,
    chain: &'a [Arc<Matcher>],
    run: &'a mut ChainStream,
    out: &'a mut String,
    bufs: &'a mut [String; 2],
}

impl SegSink for StreamSegSink<'_> {
    fn run_text(&mut self, start: usize, end: usize) {
        self.run.push(&self.text[start..end], self.out);
    }

    fn run_end(&mut self) {
        self.run.finish(self.out);
    }

    fn matched(&mut self, start: usize, end: usize) {
        engine::convert_chain(self.chain, &self.text[start..end], self.out, self.bufs);
    }
}

impl Segmenter {
    fn push(&mut self, s: &str, out: &mut String, last: bool) {
        self.pending.push_str(s);
        let mut sink = StreamSegSink {
            text: &self.pending,
            chain: &self.chain,
            run: &mut self.run,
            out,
            bufs: &mut self.bufs,
        };
        let (done, in_run) = if last {
            engine::segment::<true, _>(&self.seg, &self.pending, self.in_run, &mut sink)
        } else {
            engine::segment::<false, _>(&self.seg, &self.pending, self.in_run, &mut sink)
        };
        self.in_run = in_run;
        self.pending.drain(..done);
    }

    fn pending_chars(&self) -> usize {
        self.pending.chars().count() + self.run.pending_chars()
    }
}

enum Main {
    Plain(Stage),
    Segmented(Box<Segmenter>),
}

/// Streaming conversion: feed text in chunks of any size (split anywhere
/// between chars), get the same output as [`Converter::convert`] on the
/// concatenation.
///
/// Text is held back only while a decision depends on input not seen yet: a
/// dictionary key that could still extend past the end of the input so far,
/// or an incomplete ideographic description sequence. See
/// [`Converter::max_lookahead_chars`] for the bound.
///
/// ```
/// use mojifix_zh::{ConfigName, Converter};
///
/// let conv = Converter::get(ConfigName::S2t);
/// let mut stream = conv.stream();
/// let mut out = String::new();
/// for chunk in ["我的头", "发很干", "净"] {
///     stream.push(chunk, &mut out);
/// }
/// stream.finish(&mut out);
/// assert_eq!(out, conv.convert("我的头发很干净"));
/// assert_eq!(out, "我的頭髮很乾淨");
/// ```
pub struct StreamConverter<'a> {
    conv: &'a Converter,
    norm: Stage,
    main: Main,
    buf: String,
}

impl<'a> StreamConverter<'a> {
    /// A stream over `conv`'s pipeline (same as [`Converter::stream`]).
    pub fn new(conv: &'a Converter) -> Self {
        let main = match &conv.seg {
            None => Main::Plain(Stage::new(conv.chain[0].clone())),
            Some(seg) => Main::Segmented(Box::new(Segmenter {
                seg: seg.clone(),
                chain: conv.chain.clone(),
                pending: String::new(),
                run: ChainStream::new(&conv.chain),
                in_run: false,
                bufs: [String::new(), String::new()],
            })),
        };
        StreamConverter {
            conv,
            norm: Stage::new(conv.norm.clone()),
            main,
            buf: String::new(),
        }
    }

    /// The converter this stream uses.
    ///
    /// ```
    /// use mojifix_zh::{ConfigName, Converter};
    /// let s = Converter::get(ConfigName::T2s).stream();
    /// assert_eq!(s.converter().config(), ConfigName::T2s);
    /// ```
    pub fn converter(&self) -> &'a Converter {
        self.conv
    }

    /// Converts as much of `chunk` (appended to the text held back so far) as
    /// is decided, appending the result to `out`.
    ///
    /// ```
    /// use mojifix_zh::{ConfigName, Converter};
    /// let mut s = Converter::get(ConfigName::S2t).stream();
    /// let mut out = String::new();
    /// s.push("头", &mut out);
    /// // "头" may start the phrase "头发": held back.
    /// assert_eq!(out, "");
    /// s.push("发。", &mut out);
    /// assert_eq!(out, "頭髮。");
    /// ```
    pub fn push(&mut self, chunk: &str, out: &mut String) {
        self.buf.clear();
        self.norm.push(chunk, &mut self.buf);
        match &mut self.main {
            Main::Plain(stage) => stage.push(&self.buf, out),
            Main::Segmented(seg) => seg.push(&self.buf, out, false),
        }
    }

    /// Ends the text: converts everything held back, appending to `out`. The
    /// stream is then empty and can be reused for a new text.
    ///
    /// ```
    /// use mojifix_zh::{ConfigName, Converter};
    /// let mut s = Converter::get(ConfigName::S2t).stream();
    /// let mut out = String::new();
    /// s.push("头", &mut out);
    /// s.finish(&mut out);
    /// assert_eq!(out, "頭");
    /// assert_eq!(s.pending_chars(), 0);
    /// ```
    pub fn finish(&mut self, out: &mut String) {
        self.buf.clear();
        self.norm.finish(&mut self.buf);
        match &mut self.main {
            Main::Plain(stage) => {
                stage.push(&self.buf, out);
                stage.finish(out);
            }
            Main::Segmented(seg) => seg.push(&self.buf, out, true),
        }
    }

    /// Characters currently held back, summed over the internal stages (each
    /// counts the chars of its own input). Never more than
    /// [`Converter::max_lookahead_chars`].
    ///
    /// ```
    /// use mojifix_zh::{ConfigName, Converter};
    /// let conv = Converter::get(ConfigName::S2tw);
    /// let mut s = conv.stream();
    /// let mut out = String::new();
    /// s.push("我用鼠", &mut out);
    /// assert!(s.pending_chars() <= conv.max_lookahead_chars());
    /// ```
    pub fn pending_chars(&self) -> usize {
        self.norm.pending_chars()
            + match &self.main {
                Main::Plain(stage) => stage.pending_chars(),
                Main::Segmented(seg) => seg.pending_chars(),
            }
    }
}
