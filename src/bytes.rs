//! Bytes of unknown encoding to text, as ftfy's `guess_bytes` does.
//!
//! The order of guesses: a UTF-16 byte order mark (either endianness); UTF-8
//! (with a UTF-8 BOM removed), or its CESU-8 / `C0 80` variants when those
//! bytes occur; MacRoman when the text has carriage returns but no line
//! feeds (classic Mac line ends); otherwise sloppy windows-1252, which
//! decodes every byte.
//!
//! [`StreamDecoder`] does the same for streams of any length, in bounded
//! memory, and goes further: a whole file in one legacy encoding is detected
//! with `chardetng` (or declared), UTF-8 files with lines pasted in from a
//! legacy encoding have each invalid run decoded by [`plausible_decoding`]
//! (every such decision is reported as a [`RunDecoding`]), and binary input
//! is refused unless forced.

use std::fmt;

use encoding_rs::Encoding;
use serde::{Deserialize, Serialize};

use crate::mojibake::{utf8_variants, CodePage};

/// The encoding [`decode_bytes`] chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Guess {
    /// UTF-16, little-endian, announced by a byte order mark.
    Utf16Le,
    /// UTF-16, big-endian, announced by a byte order mark.
    Utf16Be,
    /// UTF-8.
    Utf8,
    /// UTF-8 with CESU-8 surrogate pairs or Java's `C0 80`.
    Utf8Variants,
    /// MacRoman.
    MacRoman,
    /// windows-1252, with undefined bytes read as Latin-1.
    SloppyWindows1252,
}

impl Guess {
    /// The name, as ftfy's `guess_bytes` reports it.
    pub fn name(self) -> &'static str {
        match self {
            Guess::Utf16Le => "utf-16le",
            Guess::Utf16Be => "utf-16be",
            Guess::Utf8 => "utf-8",
            Guess::Utf8Variants => "utf-8-variants",
            Guess::MacRoman => "macroman",
            Guess::SloppyWindows1252 => "sloppy-windows-1252",
        }
    }
}

/// Decodes bytes of unknown encoding. Never fails: every byte sequence has a
/// decoding (unpaired UTF-16 surrogates and a trailing odd byte become U+FFFD).
///
/// ```
/// use mojifix::bytes::{decode_bytes, Guess};
/// assert_eq!(decode_bytes("café".as_bytes()), ("café".to_string(), Guess::Utf8));
/// assert_eq!(decode_bytes(b"caf\xe9"), ("café".to_string(), Guess::SloppyWindows1252));
/// assert_eq!(decode_bytes(b"\xff\xfeh\0i\0"), ("hi".to_string(), Guess::Utf16Le));
/// ```
pub fn decode_bytes(bytes: &[u8]) -> (String, Guess) {
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        return (decode_utf16(rest, u16::from_le_bytes), Guess::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return (decode_utf16(rest, u16::from_be_bytes), Guess::Utf16Be);
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if body.contains(&0xED) || body.contains(&0xC0) {
        if let Some(text) = utf8_variants::decode(body) {
            return (text, Guess::Utf8Variants);
        }
    } else if let Ok(text) = std::str::from_utf8(body) {
        return (text.to_owned(), Guess::Utf8);
    }
    if bytes.contains(&b'\r') && !bytes.contains(&b'\n') {
        return (CodePage::MacRoman.decode(bytes), Guess::MacRoman);
    }
    (
        CodePage::SloppyWindows1252.decode(bytes),
        Guess::SloppyWindows1252,
    )
}

/// UTF-16 with surrogate pairs combined and lone surrogates replaced.
fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    let mut text: String = char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if bytes.len() % 2 == 1 {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    text
}

/// How many bytes [`StreamDecoder`] looks at before it decides how to read a
/// stream (all of it when the stream is shorter).
pub const SNIFF_LEN: usize = 1 << 16;

/// The longest piece of one invalid line that [`StreamDecoder`] holds at once;
/// a longer line is decoded in pieces of this size.
pub const LINE_CAP: usize = 1 << 20;

/// How [`StreamDecoder`] reads a stream, decided from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// UTF-8 (each line that is not valid UTF-8 decoded on its own, see
    /// [`RunDecoding`]); `bom` says whether a UTF-8 byte order mark was removed.
    Utf8 {
        /// A UTF-8 byte order mark was removed.
        bom: bool,
    },
    /// UTF-16, little-endian, announced by a byte order mark.
    Utf16Le,
    /// UTF-16, big-endian, announced by a byte order mark.
    Utf16Be,
    /// A legacy encoding, detected (ftfy's MacRoman rule, then chardetng).
    Detected(&'static str),
    /// The encoding the caller declared.
    Declared(&'static str),
}

impl Source {
    /// The encoding's name (`utf-8`, `utf-16le`, `gbk`, `sloppy-windows-1252`…).
    pub fn name(self) -> &'static str {
        match self {
            Source::Utf8 { .. } => "utf-8",
            Source::Utf16Le => "utf-16le",
            Source::Utf16Be => "utf-16be",
            Source::Detected(name) | Source::Declared(name) => name,
        }
    }

    /// Whether the decoded text is byte for byte the input (plain UTF-8
    /// without a BOM), before any [`RunDecoding`].
    pub fn is_identity(self) -> bool {
        matches!(self, Source::Utf8 { bom: false })
    }
}

/// One run of a UTF-8 stream that was not valid UTF-8, and how it was decoded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RunDecoding {
    /// The 1-based line holding the run.
    pub line: u64,
    /// Byte offset of the run's start in the stream.
    pub start: u64,
    /// Byte offset just past the run's end.
    pub end: u64,
    /// The encoding the run was decoded with.
    pub encoding: &'static str,
}

/// Why [`StreamDecoder`] refused its input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The input looks binary (a NUL byte, or mostly control bytes).
    Binary {
        /// Byte offset of the first NUL byte, if there is one.
        nul_at: Option<u64>,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary { nul_at: Some(at) } => write!(
                f,
                "looks like binary data (NUL byte at offset {at}); use --force to fix it anyway"
            ),
            DecodeError::Binary { nul_at: None } => write!(
                f,
                "looks like binary data (mostly control bytes); use --force to fix it anyway"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

impl From<DecodeError> for std::io::Error {
    fn from(e: DecodeError) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidData, e)
    }
}

enum Mode {
    Sniff,
    Utf8,
    Coder(encoding_rs::Decoder),
    SingleByte(CodePage),
}

/// Decodes a byte stream to text incrementally, in bounded memory, in the
/// style of `encoding_rs`: [`StreamDecoder::decode`] takes the caller's
/// bytes, appends text to the caller's `String` and says how many bytes it
/// consumed; the caller keeps the rest and offers it again with more.
///
/// The first [`SNIFF_LEN`] bytes decide the [`Source`]: a byte order mark;
/// binary data (refused unless [`StreamDecoder::force`]); UTF-8 (also when
/// most non-ASCII characters are valid UTF-8 and a few runs are not: each
/// such run is decoded by [`plausible_decoding`] and reported); otherwise a
/// legacy encoding for the whole stream (MacRoman for `\r` without `\n`, as
/// ftfy does; else chardetng's guess, with windows-1252 read sloppily as ftfy
/// does).
///
/// ```
/// use mojifix::bytes::{Source, StreamDecoder};
/// let mut decoder = StreamDecoder::new();
/// let mut text = String::new();
/// let input = "naïve\n".as_bytes();
/// // Not the end yet: the decoder waits to see enough bytes to decide.
/// assert_eq!(decoder.decode(&input[..3], &mut text, false).unwrap(), 0);
/// assert_eq!(decoder.decode(input, &mut text, true).unwrap(), input.len());
/// assert_eq!(text, "naïve\n");
/// assert_eq!(decoder.source(), Some(Source::Utf8 { bom: false }));
///
/// // A GBK line pasted into a UTF-8 file:
/// let mut decoder = StreamDecoder::new();
/// let mut text = String::new();
/// let input = b"caf\xc3\xa9 cr\xc3\xa8me \xc3\xa0 la fran\xc3\xa7aise\n\xc4\xe3\xba\xc3\n";
/// decoder.decode(input, &mut text, true).unwrap();
/// assert_eq!(text, "café crème à la française\n你好\n");
/// let runs = decoder.take_run_decodings();
/// assert_eq!((runs[0].line, runs[0].encoding), (2, "gbk"));
/// ```
pub struct StreamDecoder {
    mode: Mode,
    declared: Option<&'static Encoding>,
    force: bool,
    source: Option<Source>,
    /// Bytes consumed so far.
    offset: u64,
    /// The 1-based line at `offset`.
    line: u64,
    runs: Vec<RunDecoding>,
    runs_total: u64,
}

impl Default for StreamDecoder {
    fn default() -> Self {
        StreamDecoder::new()
    }
}

impl fmt::Debug for StreamDecoder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamDecoder")
            .field("source", &self.source)
            .field("offset", &self.offset)
            .finish()
    }
}

/// At most this many [`RunDecoding`]s are kept between two
/// [`StreamDecoder::take_run_decodings`] calls (all are counted).
const MAX_KEPT_RUNS: usize = 10_000;

impl StreamDecoder {
    /// A decoder that detects the encoding.
    pub fn new() -> StreamDecoder {
        StreamDecoder {
            mode: Mode::Sniff,
            declared: None,
            force: false,
            source: None,
            offset: 0,
            line: 1,
            runs: Vec::new(),
            runs_total: 0,
        }
    }

    /// A decoder for a declared encoding (a byte order mark of that same
    /// encoding is removed).
    ///
    /// ```
    /// use mojifix::bytes::{encoding_for_label, StreamDecoder};
    /// let mut decoder = StreamDecoder::with_encoding(encoding_for_label("shift_jis").unwrap());
    /// let mut text = String::new();
    /// decoder.decode(b"\x82\xb1\x82\xf1\x82\xc9\x82\xbf\x82\xcd", &mut text, true).unwrap();
    /// assert_eq!(text, "こんにちは");
    /// assert!(encoding_for_label("latin-9000").is_err());
    /// ```
    pub fn with_encoding(encoding: &'static Encoding) -> StreamDecoder {
        StreamDecoder {
            declared: Some(encoding),
            ..StreamDecoder::new()
        }
    }

    /// Whether to decode input that looks binary instead of refusing it.
    pub fn force(mut self, force: bool) -> StreamDecoder {
        self.force = force;
        self
    }

    /// How the stream is read, once decided (after the first call that
    /// consumed bytes).
    pub fn source(&self) -> Option<Source> {
        self.source
    }

    /// The invalid runs decoded since the last call (at most 10,000 kept).
    pub fn take_run_decodings(&mut self) -> Vec<RunDecoding> {
        std::mem::take(&mut self.runs)
    }

    /// How many invalid runs were decoded in all.
    pub fn run_decodings_total(&self) -> u64 {
        self.runs_total
    }

    /// Bytes consumed so far.
    pub fn bytes_consumed(&self) -> u64 {
        self.offset
    }

    /// Decodes a prefix of `src`, appending text to `dst`; returns how many
    /// bytes it consumed. With `last`, `src` is the end of the stream and
    /// everything is consumed. Without it, an incomplete character or line
    /// is left for the next call, as are the first bytes until there are
    /// [`SNIFF_LEN`] of them (so the caller's buffer must grow up to
    /// `SNIFF_LEN + LINE_CAP` bytes when this returns 0).
    pub fn decode(
        &mut self,
        src: &[u8],
        dst: &mut String,
        last: bool,
    ) -> Result<usize, DecodeError> {
        let mut skip = 0;
        if let Mode::Sniff = self.mode {
            // A declared encoding needs only a possible byte order mark.
            let need = if self.declared.is_some() {
                3
            } else {
                SNIFF_LEN
            };
            if !last && src.len() < need {
                return Ok(0);
            }
            let (mode, source, bom) = self.sniff(&src[..src.len().min(SNIFF_LEN)], last)?;
            self.mode = mode;
            self.source = Some(source);
            self.offset += bom as u64;
            skip = bom;
        }
        let src = &src[skip..];
        let used = match &mut self.mode {
            Mode::Sniff => unreachable!("decided above"),
            Mode::Utf8 => self.decode_utf8(src, dst, last),
            Mode::SingleByte(page) => {
                let page = *page;
                dst.reserve(src.len());
                dst.extend(src.iter().map(|&b| page.decode_byte(b)));
                self.offset += src.len() as u64;
                src.len()
            }
            Mode::Coder(decoder) => {
                let mut read = 0;
                loop {
                    let need = decoder
                        .max_utf8_buffer_length(src.len() - read)
                        .unwrap_or(usize::MAX / 2);
                    dst.reserve(need.min(1 << 24));
                    let (result, n, _) = decoder.decode_to_string(&src[read..], dst, last);
                    read += n;
                    if result == encoding_rs::CoderResult::InputEmpty {
                        break;
                    }
                }
                self.offset += read as u64;
                read
            }
        };
        Ok(skip + used)
    }

    /// Decides how to read the stream from its first bytes: the mode, the
    /// source, and the length of a byte order mark to skip.
    fn sniff(&self, head: &[u8], complete: bool) -> Result<(Mode, Source, usize), DecodeError> {
        if let Some(encoding) = self.declared {
            if encoding != encoding_rs::UTF_16LE && encoding != encoding_rs::UTF_16BE {
                self.check_binary(head)?;
            }
            let source = Source::Declared(encoding.name());
            if encoding == encoding_rs::UTF_8 {
                let bom = if head.starts_with(b"\xef\xbb\xbf") {
                    3
                } else {
                    0
                };
                return Ok((
                    Mode::Coder(encoding.new_decoder_without_bom_handling()),
                    source,
                    bom,
                ));
            }
            return Ok((
                Mode::Coder(encoding.new_decoder_with_bom_removal()),
                source,
                0,
            ));
        }
        if head.starts_with(b"\xff\xfe") {
            let decoder = encoding_rs::UTF_16LE.new_decoder_without_bom_handling();
            return Ok((Mode::Coder(decoder), Source::Utf16Le, 2));
        }
        if head.starts_with(b"\xfe\xff") {
            let decoder = encoding_rs::UTF_16BE.new_decoder_without_bom_handling();
            return Ok((Mode::Coder(decoder), Source::Utf16Be, 2));
        }
        if head.starts_with(b"\xef\xbb\xbf") {
            self.check_binary(head)?;
            return Ok((Mode::Utf8, Source::Utf8 { bom: true }, 3));
        }
        self.check_binary(head)?;
        // Lines holding non-ASCII bytes: valid UTF-8 or not. Text in a
        // legacy CJK encoding is almost never valid UTF-8 for a whole line,
        // so a few valid lines among many invalid ones are chance.
        let (mut valid, mut invalid) = (0usize, 0usize);
        let mut lines = head.split(|&b| b == b'\n').peekable();
        while let Some(line) = lines.next() {
            if line.is_ascii() {
                continue;
            }
            match std::str::from_utf8(line) {
                Ok(_) => valid += 1,
                // A character cut by the end of the head is not evidence.
                Err(e) if lines.peek().is_none() && !complete && e.error_len().is_none() => {
                    valid += 1
                }
                Err(_) => invalid += 1,
            }
        }
        if invalid == 0 || valid * 4 >= invalid {
            return Ok((Mode::Utf8, Source::Utf8 { bom: false }, 0));
        }
        if head.contains(&b'\r') && !head.contains(&b'\n') {
            let page = CodePage::MacRoman;
            return Ok((Mode::SingleByte(page), Source::Detected(page.name()), 0));
        }
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(head, complete);
        let encoding = detector.guess(None, true);
        if encoding == encoding_rs::WINDOWS_1252 || encoding == encoding_rs::UTF_8 {
            let page = CodePage::SloppyWindows1252;
            return Ok((Mode::SingleByte(page), Source::Detected(page.name()), 0));
        }
        Ok((
            Mode::Coder(encoding.new_decoder_without_bom_handling()),
            Source::Detected(lower_name(encoding)),
            0,
        ))
    }

    fn check_binary(&self, head: &[u8]) -> Result<(), DecodeError> {
        if self.force {
            return Ok(());
        }
        if let Some(at) = memchr::memchr(0, head) {
            return Err(DecodeError::Binary {
                nul_at: Some(at as u64),
            });
        }
        let controls = head
            .iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
            .count();
        if head.len() >= 16 && controls * 4 > head.len() {
            return Err(DecodeError::Binary { nul_at: None });
        }
        Ok(())
    }

    fn advance(&mut self, bytes: &[u8]) {
        self.offset += bytes.len() as u64;
        self.line += count_newlines(bytes);
    }

    /// UTF-8, with each line that holds invalid bytes decoded on its own.
    fn decode_utf8(&mut self, src: &[u8], dst: &mut String, last: bool) -> usize {
        let mut pos = 0;
        loop {
            let rest = &src[pos..];
            let error = match std::str::from_utf8(rest) {
                Ok(text) => {
                    // Not the end: the unfinished line waits, as it may
                    // still turn out invalid (then it is decoded as a whole,
                    // as if the stream had come in one piece).
                    let cut = if last {
                        rest.len()
                    } else {
                        unfinished_line_cut(rest, rest.len())
                    };
                    dst.push_str(&text[..cut]);
                    self.advance(&rest[..cut]);
                    return pos + cut;
                }
                Err(e) => e,
            };
            let valid = error.valid_up_to();
            if error.error_len().is_none() && !last {
                // An incomplete character at the end: wait for the rest, and
                // for the rest of its line (see above).
                let cut = unfinished_line_cut(rest, valid);
                dst.push_str(utf8_prefix(&rest[..cut]));
                self.advance(&rest[..cut]);
                return pos + cut;
            }
            let line_start = memchr::memrchr(b'\n', &rest[..valid]).map_or(0, |i| i + 1);
            dst.push_str(utf8_prefix(&rest[..line_start]));
            self.advance(&rest[..line_start]);
            let line = &rest[line_start..];
            let end = match memchr::memchr(b'\n', line) {
                Some(i) => i + 1,
                None if last => line.len(),
                None if line.len() > LINE_CAP => {
                    // A very long line: decode a piece, cut after an ASCII
                    // byte when there is one near the cap.
                    let window = &line[LINE_CAP - 256..LINE_CAP];
                    window
                        .iter()
                        .rposition(|&b| b < 0x80)
                        .map_or(LINE_CAP, |i| LINE_CAP - 256 + i + 1)
                }
                None => return pos + line_start,
            };
            self.decode_mixed_line(&line[..end], dst);
            self.advance(&line[..end]);
            pos += line_start + end;
            if pos == src.len() {
                return pos;
            }
        }
    }

    /// One line (or piece of a line) holding invalid UTF-8. The runs to
    /// decode: the whole line (without its line break) when it holds no
    /// valid non-ASCII UTF-8 at all; otherwise each span of invalid
    /// non-ASCII stretches separated only by ASCII.
    fn decode_mixed_line(&mut self, line: &[u8], dst: &mut String) {
        let body_len = line.len() - line.strip_suffix(b"\n").map_or(0, |_| 1);
        let body_len = body_len - usize::from(line[..body_len].ends_with(b"\r"));
        let body = &line[..body_len];
        // CESU-8 surrogate pairs or Java's `C0 80`: UTF-8 after all.
        if body.contains(&0xED) || body.contains(&0xC0) {
            if let Some(text) = utf8_variants::decode(body) {
                dst.push_str(&text);
                dst.push_str(&String::from_utf8_lossy(&line[body_len..]));
                self.record_run(0, body_len, Guess::Utf8Variants.name());
                return;
            }
        }
        // Non-ASCII stretches and whether each is valid UTF-8.
        let mut stretches: Vec<(usize, usize, bool)> = Vec::new();
        let mut i = 0;
        while i < body.len() {
            if body[i] < 0x80 {
                i += 1;
                continue;
            }
            let start = i;
            while i < body.len() && body[i] >= 0x80 {
                i += 1;
            }
            let valid = std::str::from_utf8(&body[start..i]).is_ok();
            stretches.push((start, i, valid));
        }
        let mut spans: Vec<(usize, usize)> = Vec::new();
        if stretches.iter().all(|s| !s.2) {
            if !stretches.is_empty() {
                spans.push((0, body.len()));
            }
        } else {
            let mut open: Option<(usize, usize)> = None;
            for &(s, e, valid) in &stretches {
                if valid {
                    spans.extend(open.take());
                } else {
                    open = Some(open.map_or((s, e), |(os, _)| (os, e)));
                }
            }
            spans.extend(open);
        }
        let mut copied = 0;
        for (s, e) in spans {
            dst.push_str(&String::from_utf8_lossy(&body[copied..s]));
            let (text, encoding) = plausible_decoding(&body[s..e]);
            dst.push_str(&text);
            self.record_run(s, e, encoding);
            copied = e;
        }
        dst.push_str(&String::from_utf8_lossy(&line[copied..]));
    }

    /// Reports bytes `start..end` of the line at `self.offset` as decoded
    /// with `encoding`.
    fn record_run(&mut self, start: usize, end: usize, encoding: &'static str) {
        self.runs_total += 1;
        if self.runs.len() < MAX_KEPT_RUNS {
            self.runs.push(RunDecoding {
                line: self.line,
                start: self.offset + start as u64,
                end: self.offset + end as u64,
                encoding,
            });
        }
    }
}

/// The number of `\n` bytes (a loop the compiler vectorizes).
pub(crate) fn count_newlines(bytes: &[u8]) -> u64 {
    // Byte-wide sums over 64-byte blocks vectorize far better than a
    // 64-bit counter per byte.
    let blocks = bytes.chunks_exact(64);
    let tail = blocks.remainder();
    let mut total: u64 = blocks
        .map(|block| u64::from(block.iter().map(|&b| u8::from(b == b'\n')).sum::<u8>()))
        .sum();
    total += tail.iter().filter(|&&b| b == b'\n').count() as u64;
    total
}

/// How much of `rest`, valid UTF-8 up to `valid`, to decode before the
/// stream goes on: up to the start of its unfinished last line, which waits
/// for its end (a line holding invalid bytes is decoded as a whole), unless
/// that line is over [`LINE_CAP`] bytes long (memory stays bounded).
fn unfinished_line_cut(rest: &[u8], valid: usize) -> usize {
    let line_start = memchr::memrchr(b'\n', &rest[..valid]).map_or(0, |i| i + 1);
    if rest.len() - line_start > LINE_CAP {
        valid
    } else {
        line_start
    }
}

/// `bytes`, known to be valid UTF-8, as text.
fn utf8_prefix(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// An encoding's WHATWG name in lower case (`Shift_JIS` → `shift_jis`).
fn lower_name(encoding: &'static Encoding) -> &'static str {
    const NAMES: [(&Encoding, &str); 9] = [
        (encoding_rs::GBK, "gbk"),
        (encoding_rs::GB18030, "gb18030"),
        (encoding_rs::BIG5, "big5"),
        (encoding_rs::SHIFT_JIS, "shift_jis"),
        (encoding_rs::EUC_JP, "euc-jp"),
        (encoding_rs::EUC_KR, "euc-kr"),
        (encoding_rs::ISO_2022_JP, "iso-2022-jp"),
        (encoding_rs::UTF_16LE, "utf-16le"),
        (encoding_rs::UTF_16BE, "utf-16be"),
    ];
    NAMES
        .iter()
        .find(|(e, _)| *e == encoding)
        .map_or(encoding.name(), |(_, n)| n)
}

/// The encoding for a WHATWG label (`latin1`, `gbk`, `shift_jis`, `utf-16le`…),
/// or an error message naming the label.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding, String> {
    Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| format!("unknown encoding `{label}` (expected a WHATWG label such as utf-8, windows-1252, gbk, big5, shift_jis, euc-kr, utf-16le)"))
}

/// The legacy encodings [`plausible_decoding`] tries, in order of preference
/// on a tie.
const CJK_CANDIDATES: [&Encoding; 4] = [
    encoding_rs::GBK,
    encoding_rs::BIG5,
    encoding_rs::SHIFT_JIS,
    encoding_rs::EUC_KR,
];

/// Decodes a run of bytes that is not UTF-8 with its most plausible legacy
/// encoding, and names it. This is the one place the choice is made.
///
/// Today's rule: strict decodes (no replacement character) with GBK, Big5,
/// Shift_JIS and EUC-KR, scored by their CJK characters (kana count double
/// in the Shift_JIS reading, not at all in the others);
/// against sloppy windows-1252, scored by its accented Latin letters next
/// to an ASCII letter. The best CJK score must beat windows-1252's, ties go
/// to the earlier encoding.
///
/// ```
/// use mojifix::bytes::plausible_decoding;
/// assert_eq!(plausible_decoding(b"\xc4\xe3\xba\xc3"), ("你好".to_string(), "gbk"));
/// assert_eq!(plausible_decoding(b"caf\xe9s"), ("cafés".to_string(), "sloppy-windows-1252"));
/// assert_eq!(plausible_decoding(b"\x82\xb1\x82\xf1\x82\xc9\x82\xbf\x82\xcd").1, "shift_jis");
/// ```
pub fn plausible_decoding(run: &[u8]) -> (String, &'static str) {
    let mut best: Option<(u32, String, &'static str)> = None;
    for encoding in CJK_CANDIDATES {
        let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(run) else {
            continue;
        };
        let japanese = encoding == encoding_rs::SHIFT_JIS;
        let score: u32 = text.chars().map(|c| cjk_weight(c, japanese)).sum();
        if best.as_ref().map_or(true, |b| score > b.0) {
            best = Some((score, text.into_owned(), lower_name(encoding)));
        }
    }
    let latin = CodePage::SloppyWindows1252.decode(run);
    let chars: Vec<char> = latin.chars().collect();
    let latin_score = (0..chars.len())
        .filter(|&i| {
            let c = chars[i];
            let letter = ('\u{C0}'..='\u{FF}').contains(&c) && c != '×' && c != '÷';
            let near = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(|n| n.is_ascii_alphabetic())
            };
            letter && (near(i.checked_sub(1)) || near(Some(i + 1)))
        })
        .count() as u32;
    match best {
        Some((score, text, name)) if score > latin_score => (text, name),
        _ => (latin, CodePage::SloppyWindows1252.name()),
    }
}

/// Kana count double in a Shift_JIS reading (Japanese text has many, GBK's
/// reading of Shift_JIS bytes has none) and not at all in other readings
/// (GBK reads Big5's most common lead bytes as kana).
fn cjk_weight(c: char, japanese: bool) -> u32 {
    match c {
        '\u{3041}'..='\u{30FF}' => 2 * u32::from(japanese),
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}' => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(input: &[u8]) -> (String, Vec<RunDecoding>) {
        let mut decoder = StreamDecoder::new();
        let mut text = String::new();
        let used = decoder.decode(input, &mut text, true).unwrap();
        assert_eq!(used, input.len());
        (text, decoder.take_run_decodings())
    }

    #[test]
    fn mixed_lines() {
        // Valid UTF-8 first, then a CESU-8 line, a Big5 line, a cp1252 line
        // and a line mixing valid UTF-8 with a GBK run.
        let mut input = "première ligne, déjà en UTF-8\n".as_bytes().to_vec();
        input.extend_from_slice(b"emoji \xed\xa0\xbd\xed\xb8\x8d\n");
        input.extend_from_slice(&encoding_rs::BIG5.encode("繁體中文測試").0);
        input.extend_from_slice(b"\r\nna\xefve caf\xe9\n");
        input.extend_from_slice("é ".as_bytes());
        input.extend_from_slice(&encoding_rs::GBK.encode("简体中文").0);
        let (text, runs) = decode_all(&input);
        assert_eq!(
            text,
            "première ligne, déjà en UTF-8\nemoji 😍\n繁體中文測試\r\nnaïve café\né 简体中文"
        );
        let found: Vec<(u64, &str)> = runs.iter().map(|r| (r.line, r.encoding)).collect();
        assert_eq!(
            found,
            [
                (2, "utf-8-variants"),
                (3, "big5"),
                (4, "sloppy-windows-1252"),
                (5, "gbk")
            ]
        );
        // The GBK run is exactly the invalid bytes after "é ".
        let last = runs.last().unwrap();
        assert_eq!(last.end - last.start, 8);
        assert_eq!(last.end, input.len() as u64);
    }

    #[test]
    fn streamed_in_pieces_equals_at_once() {
        let mut input = Vec::new();
        for i in 0..3000 {
            input.extend_from_slice(format!("línea {i} ").as_bytes());
            if i % 7 == 0 {
                input.extend_from_slice(&encoding_rs::GBK.encode("中文内容").0);
            }
            input.push(b'\n');
        }
        let (whole, _) = decode_all(&input);
        for piece in [1, 3, 1000, 70_000] {
            let mut decoder = StreamDecoder::new();
            let mut text = String::new();
            let mut pending: Vec<u8> = Vec::new();
            for chunk in input.chunks(piece) {
                pending.extend_from_slice(chunk);
                let used = decoder.decode(&pending, &mut text, false).unwrap();
                pending.drain(..used);
            }
            decoder.decode(&pending, &mut text, true).unwrap();
            assert_eq!(text, whole, "pieces of {piece}");
            assert_eq!(decoder.run_decodings_total(), 3000 / 7 + 1);
        }
    }

    #[test]
    fn binary_is_refused_unless_forced() {
        let mut decoder = StreamDecoder::new();
        let err = decoder.decode(b"PK\x03\x04\0\0", &mut String::new(), true);
        assert_eq!(err, Err(DecodeError::Binary { nul_at: Some(4) }));
        let mut text = String::new();
        StreamDecoder::new()
            .force(true)
            .decode(b"PK\x03\x04\0\0", &mut text, true)
            .unwrap();
        assert_eq!(text, "PK\u{3}\u{4}\0\0");
    }

    #[test]
    fn guesses() {
        assert_eq!(decode_bytes(b"\xef\xbb\xbfhi").0, "hi");
        assert_eq!(decode_bytes(b"\xfe\xff\xd8\x3d\xde\x00").0, "😀");
        assert_eq!(decode_bytes(b"\xff\xfe\x3d\xd8x").0, "\u{FFFD}\u{FFFD}");
        assert_eq!(
            decode_bytes(b"a\xc0\x80b"),
            ("a\0b".to_string(), Guess::Utf8Variants)
        );
        assert_eq!(decode_bytes(b"line\rcaf\x8e\r").1, Guess::MacRoman);
        assert_eq!(decode_bytes(b"line\rcaf\x8e\r").0, "line\rcafé\r");
    }
}
