//! Streaming: fix text of any length in bounded memory, with output
//! identical to [`Fixer::fix`] on the whole text.
//!
//! # Why streaming gives the same output
//!
//! [`Fixer::fix`] fixes text *segment by segment*: a segment is a line with
//! its `\n`, and a line longer than [`Fixer::segment_len_limit`] bytes is cut
//! every `segment_len_limit()` bytes counted from the previous cut, each cut
//! moved back to a character boundary. Every fixer — mojibake repair,
//! structural fixers, normalization, Chinese conversion — sees one segment
//! and nothing else (when a fixer makes new `\n` inside a segment, `fix`
//! re-fixes the new lines, still within that segment). So the output of the
//! whole text is, by definition, the concatenation of the outputs of its
//! segments, and no step needs any lookahead past the end of its segment.
//!
//! The streaming functions therefore only ever cut the stream *at segment
//! boundaries*: [`Fixer::complete_segments_len`] says where the last complete
//! segment of a buffer ends (after its last `\n`, then every
//! `segment_len_limit()` bytes of the unfinished line once more than that
//! many bytes of it are buffered), and [`Fixer::fix`] runs on the complete
//! segments. A buffer never holds more than one unfinished segment plus one
//! read, so memory is bounded whatever the input: a 512 MB line is fixed in
//! 1 MB segments (the default `max_decode_length`).
//!
//! `tests/stream_equivalence.rs` checks the equivalence with a property
//! test over random texts, random chunkings (including chunks that split
//! multi-byte characters) and tiny segment limits.
//!
//! Three interfaces over the same [`Fixer`]:
//!
//! * [`Fixer::fix_chunk`]: a push API in the style of `encoding_rs`, for
//!   callers that own their buffers;
//! * [`FixReader`]: wraps a [`Read`] of bytes, reads fixed UTF-8;
//! * [`FixWriter`]: wraps a [`Write`], takes bytes, writes fixed UTF-8.
//!
//! The two adapters decode their bytes with a [`StreamDecoder`] (UTF-8,
//! UTF-16 with a BOM, legacy encodings, mixed lines; see [`crate::bytes`]).

use std::io::{self, Read, Write};

use crate::bytes::StreamDecoder;
use crate::Fixer;

/// How many bytes the adapters read or take at once.
const CHUNK: usize = 1 << 16;

impl Fixer {
    /// The length of the complete segments at the start of `text`, which
    /// must itself start at a segment boundary (the start of the stream, of
    /// a line, or a cut of a long line). The rest may still grow when more
    /// text arrives; everything before is final.
    ///
    /// ```
    /// use mojifix::{Config, Fixer};
    /// let fixer = Fixer::default();
    /// assert_eq!(fixer.complete_segments_len("one\ntwo\nthr"), 8);
    /// let tiny = Fixer::new(Config { max_decode_length: 4, ..Config::default() });
    /// // A long line is cut every 4 bytes, once the 5th byte shows the cut is final.
    /// assert_eq!(tiny.complete_segments_len("abcdefghi"), 8);
    /// assert_eq!(tiny.complete_segments_len("abcdefgh"), 4);
    /// ```
    pub fn complete_segments_len(&self, text: &str) -> usize {
        let max = self.segment_len_limit();
        let bytes = text.as_bytes();
        let mut done = memchr::memrchr(b'\n', bytes).map_or(0, |i| i + 1);
        // The unfinished line: a cut at `max` bytes is final once the byte
        // after it is known (it decides the character boundary).
        while text.len() - done > max {
            let mut end = done + max;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            done = end;
        }
        done
    }

    /// The segments of `text` (which starts at a segment boundary), in
    /// order, exactly as [`Fixer::fix`] cuts them: lines with their `\n`, cut
    /// every [`Fixer::segment_len_limit`] bytes.
    ///
    /// ```
    /// use mojifix::{Config, Fixer};
    /// let tiny = Fixer::new(Config { max_decode_length: 4, ..Config::default() });
    /// let pieces: Vec<&str> = tiny.split_segments("ab\nécrème\n").collect();
    /// assert_eq!(pieces, ["ab\n", "écr", "ème", "\n"]);
    /// ```
    pub fn split_segments<'a>(&self, text: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let max = self.segment_len_limit();
        let mut rest = text;
        std::iter::from_fn(move || {
            if rest.is_empty() {
                return None;
            }
            let mut end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
            if end > max {
                end = max;
                while !rest.is_char_boundary(end) {
                    end -= 1;
                }
            }
            let (segment, tail) = rest.split_at(end);
            rest = tail;
            Some(segment)
        })
    }

    /// Push API: fixes the complete segments at the start of `src`, appends
    /// the result to `dst`, and returns `(consumed, produced)` in bytes. The
    /// caller keeps `src[consumed..]` and offers it again, followed by more
    /// text, in the next call; with `last`, everything is consumed.
    ///
    /// `src` must start at a segment boundary, which it does when it is the
    /// start of the text or what the previous call left.
    ///
    /// ```
    /// use mojifix::Fixer;
    /// let fixer = Fixer::default();
    /// let mut pending = String::new();
    /// let mut out = String::new();
    /// for piece in ["caf", "Ã©\nna", "Ã¯ve"] {
    ///     pending.push_str(piece);
    ///     let (consumed, _) = fixer.fix_chunk(&pending, &mut out, false);
    ///     pending.drain(..consumed);
    /// }
    /// let (consumed, produced) = fixer.fix_chunk(&pending, &mut out, true);
    /// assert_eq!((consumed, produced), (8, 6));
    /// assert_eq!(out, "café\nnaïve");
    /// ```
    pub fn fix_chunk(&self, src: &str, dst: &mut String, last: bool) -> (usize, usize) {
        let consumed = if last {
            src.len()
        } else {
            self.complete_segments_len(src)
        };
        let before = dst.len();
        dst.push_str(&self.fix(&src[..consumed]));
        (consumed, dst.len() - before)
    }
}

/// Decodes and fixes what `raw` holds: the shared engine of [`FixReader`]
/// and [`FixWriter`].
struct Pipeline<'f> {
    fixer: &'f Fixer,
    decoder: StreamDecoder,
    /// Bytes not decoded yet.
    raw: Vec<u8>,
    /// Text not fixed yet (starts at a segment boundary).
    text: String,
}

impl<'f> Pipeline<'f> {
    /// Decodes and fixes as much as possible, appending to `out`.
    fn run(&mut self, out: &mut String, last: bool) -> io::Result<()> {
        let used = self.decoder.decode(&self.raw, &mut self.text, last)?;
        self.raw.drain(..used);
        let (used, _) = self.fixer.fix_chunk(&self.text, out, last);
        self.text.drain(..used);
        Ok(())
    }
}

/// Reads bytes from `R`, decodes and fixes them: the fixed text, as UTF-8.
///
/// Memory stays bounded whatever the input (see the [module
/// documentation](self)); the output equals [`Fixer::fix`] on the decoded
/// whole.
///
/// ```
/// use std::io::Read;
/// use mojifix::{stream::FixReader, Fixer};
/// let fixer = Fixer::default();
/// let mut reader = FixReader::new(&b"caf\xc3\x83\xc2\xa9\nfine\n"[..], &fixer);
/// let mut out = String::new();
/// reader.read_to_string(&mut out).unwrap();
/// assert_eq!(out, "café\nfine\n");
/// ```
pub struct FixReader<'f, R> {
    inner: R,
    pipeline: Pipeline<'f>,
    out: String,
    out_pos: usize,
    eof: bool,
    done: bool,
}

impl<'f, R: Read> FixReader<'f, R> {
    /// A reader that detects the encoding of its input ([`StreamDecoder::new`]).
    pub fn new(inner: R, fixer: &'f Fixer) -> FixReader<'f, R> {
        FixReader::with_decoder(inner, fixer, StreamDecoder::new())
    }

    /// A reader with a configured decoder (declared encoding, `force`).
    pub fn with_decoder(inner: R, fixer: &'f Fixer, decoder: StreamDecoder) -> FixReader<'f, R> {
        FixReader {
            inner,
            pipeline: Pipeline {
                fixer,
                decoder,
                raw: Vec::new(),
                text: String::new(),
            },
            out: String::new(),
            out_pos: 0,
            eof: false,
            done: false,
        }
    }

    /// The decoder: how the input was read, and the runs it decoded.
    pub fn decoder(&mut self) -> &mut StreamDecoder {
        &mut self.pipeline.decoder
    }

    /// The wrapped reader.
    pub fn into_inner(self) -> R {
        self.inner
    }

    fn fill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.out_pos = 0;
        while self.out.is_empty() && !self.done {
            if !self.eof {
                let raw = &mut self.pipeline.raw;
                let len = raw.len();
                raw.resize(len + CHUNK, 0);
                let n = loop {
                    match self.inner.read(&mut raw[len..]) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        Err(e) => {
                            raw.truncate(len);
                            return Err(e);
                        }
                    }
                };
                raw.truncate(len + n);
                self.eof = n == 0;
            }
            self.pipeline.run(&mut self.out, self.eof)?;
            self.done = self.eof;
        }
        Ok(())
    }
}

impl<R: Read> Read for FixReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out_pos == self.out.len() {
            self.fill()?;
        }
        let available = &self.out.as_bytes()[self.out_pos..];
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.out_pos += n;
        Ok(n)
    }
}

/// Takes bytes, decodes and fixes them, and writes the fixed text (UTF-8)
/// to `W`.
///
/// Text is written as soon as its segment is complete; the last, unfinished
/// segment is written by [`FixWriter::finish`] (or, ignoring errors, when
/// the writer is dropped). [`Write::flush`] flushes what is complete.
///
/// ```
/// use std::io::Write;
/// use mojifix::{stream::FixWriter, Fixer};
/// let fixer = Fixer::default();
/// let mut writer = FixWriter::new(Vec::new(), &fixer);
/// writer.write_all("The Mona Lisa doesnÃ¢â‚¬â„¢t\nhave".as_bytes()).unwrap();
/// writer.write_all(" eyebrows.".as_bytes()).unwrap();
/// let out = writer.finish().unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "The Mona Lisa doesn’t\nhave eyebrows.");
/// ```
pub struct FixWriter<'f, W: Write> {
    inner: Option<W>,
    pipeline: Pipeline<'f>,
    out: String,
}

impl<'f, W: Write> FixWriter<'f, W> {
    /// A writer that detects the encoding of its input ([`StreamDecoder::new`]).
    pub fn new(inner: W, fixer: &'f Fixer) -> FixWriter<'f, W> {
        FixWriter::with_decoder(inner, fixer, StreamDecoder::new())
    }

    /// A writer with a configured decoder (declared encoding, `force`).
    pub fn with_decoder(inner: W, fixer: &'f Fixer, decoder: StreamDecoder) -> FixWriter<'f, W> {
        FixWriter {
            inner: Some(inner),
            pipeline: Pipeline {
                fixer,
                decoder,
                raw: Vec::new(),
                text: String::new(),
            },
            out: String::new(),
        }
    }

    /// The decoder: how the input was read, and the runs it decoded.
    pub fn decoder(&mut self) -> &mut StreamDecoder {
        &mut self.pipeline.decoder
    }

    fn process(&mut self, last: bool) -> io::Result<()> {
        self.pipeline.run(&mut self.out, last)?;
        if !self.out.is_empty() {
            if let Some(inner) = self.inner.as_mut() {
                inner.write_all(self.out.as_bytes())?;
            }
            self.out.clear();
        }
        Ok(())
    }

    /// Fixes and writes the rest, flushes, and returns the wrapped writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.process(true)?;
        let mut inner = self.inner.take().expect("present until finish");
        inner.flush()?;
        Ok(inner)
    }
}

impl<W: Write> Write for FixWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = buf.len().min(CHUNK);
        self.pipeline.raw.extend_from_slice(&buf[..n]);
        self.process(false)?;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.inner.as_mut() {
            Some(inner) => inner.flush(),
            None => Ok(()),
        }
    }
}

impl<W: Write> Drop for FixWriter<'_, W> {
    fn drop(&mut self) {
        if self.inner.is_some() {
            let _ = self.process(true);
            if let Some(inner) = self.inner.as_mut() {
                let _ = inner.flush();
            }
        }
    }
}
