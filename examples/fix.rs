//! `fix`: the command-line cleaner.
//!
//! ```text
//! cargo run --release --example fix -- [OPTIONS] [PATH]...
//! ```
//!
//! Reads each PATH (standard input when there is none, or for `-`; every
//! file under a directory, recursively, filtered by `--include`/`--exclude`)
//! and writes the fixed text to standard output, or back to the file with
//! `--in-place`, or only lists the files that would change with `--check`.
//!
//! Everything streams: memory stays bounded whatever the size of a file or
//! of one of its lines, and the output is identical to fixing the whole text
//! at once (see `mojifix::stream`). Input bytes are decoded by
//! `mojifix::bytes::StreamDecoder`: UTF-8 (lines pasted in from a legacy
//! encoding decoded on their own, and reported), UTF-16 with a BOM, a legacy
//! encoding detected with chardetng or declared with `--encoding`; binary
//! input is refused unless `--force`.
//!
//! `--in-place` writes a temporary file `.NAME.mojifix-tmp-PID-N` beside
//! each file, fsyncs it, gives it the file's permissions and renames it over
//! the file, so an interrupted run leaves every original byte-identical (a
//! killed run may leave such a temporary file behind; it is never mistaken
//! for input, as directory walks skip it).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mojifix::bytes::{encoding_for_label, DecodeError, RunDecoding, Source, StreamDecoder};
use mojifix::{Config, Fixer};

const USAGE: &str = "\
usage: fix [OPTIONS] [PATH]...

Repairs mojibake and normalizes text, streaming, to standard output (or in place).
With no PATH, or with -, reads standard input. A directory is walked recursively.

options:
  --preset NAME         default (repair only), display, index, corpus (crawled text: display
                        + spaces + inline_pinyin + double_byte_resync) or ftfy (ftfy 6.3's fix_text)
  --enable FIXER        turn a fixer on (repeatable; see --list-fixers)
  --disable FIXER       turn a fixer off (repeatable)
  --locale TAG          regional rules for the CJK text passes: zh-Hans zh-Hant-TW
                        zh-Hant-HK ja ko (default: judged per line)
  --convert CONFIG      convert Chinese script last, with an OpenCC configuration:
                        s2t t2s s2tw tw2s s2twp tw2sp s2hk hk2s s2hkp hk2sp
                        t2tw tw2t t2hk hk2t t2jp jp2t (output identical to OpenCC 1.4)
  --list-fixers         list the fixers and whether each preset enables them

  -i, --in-place        rewrite each file (temporary file, fsync, rename; keeps permissions)
  --check               write nothing; list the files that would change, exit 1 if any
  --jsonl-field NAME    fix only the string field NAME of each JSON-lines record
                        (records over 16 MiB pass through unchanged)
  --include GLOB        in directories, only files matching GLOB (repeatable)
  --exclude GLOB        in directories, skip files and directories matching GLOB (repeatable)
  --encoding LABEL      declare the input encoding (WHATWG label: windows-1252, gbk, shift_jis…)
  --force               fix input that looks binary instead of refusing it
  -j, --jobs N          worker threads: over files (--in-place, --check) and over the
                        chunks of each file, output order kept (default 1)
  --explain             report every change as a JSON line on standard error
  --stats               report counts per fixer, per chain undone and per decoding
                        as one JSON object on standard error
  --no-progress         no progress bar (it shows only when standard error is a terminal)
  -h, --help            show this help

A GLOB without `/` matches file names; with `/`, paths relative to the directory walked.";

/// Text handed to a worker at once (cut at a segment boundary).
const CHUNK_TEXT: usize = 1 << 20;
/// Bytes read at once.
const READ_SIZE: usize = 1 << 20;
/// With `--jsonl-field`, a record longer than this is passed through as it
/// is (memory stays bounded).
const RECORD_CAP: usize = 16 << 20;

struct Options {
    config: Config,
    explain: bool,
    stats: bool,
    check: bool,
    in_place: bool,
    jsonl_field: Option<String>,
    jobs: usize,
    include: Vec<glob::Pattern>,
    exclude: Vec<glob::Pattern>,
    encoding: Option<&'static encoding_rs::Encoding>,
    force: bool,
    progress: bool,
    paths: Vec<String>,
}

enum Parsed {
    Run(Box<Options>),
    Exit(ExitCode),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse(&args) {
        Ok(Parsed::Run(options)) => *options,
        Ok(Parsed::Exit(code)) => return code,
        Err(message) => {
            eprintln!("fix: {message}");
            return ExitCode::from(2);
        }
    };
    run(options)
}

// ---------------------------------------------------------------- options

fn parse(args: &[String]) -> Result<Parsed, String> {
    let mut config = Config::default();
    let mut options = Options {
        config: Config::default(),
        explain: false,
        stats: false,
        check: false,
        in_place: false,
        jsonl_field: None,
        jobs: 1,
        include: Vec::new(),
        exclude: Vec::new(),
        encoding: None,
        force: false,
        progress: true,
        paths: Vec::new(),
    };
    let mut switches: Vec<(String, bool)> = Vec::new();
    let mut convert = None;
    let mut locale: Option<mojifix::Locale> = None;
    let mut only_paths = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if only_paths || arg == "-" || !arg.starts_with('-') {
            options.paths.push(arg.clone());
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| format!("{flag} needs {what}"))
        };
        let glob = |pattern: String| {
            glob::Pattern::new(&pattern).map_err(|e| format!("bad glob `{pattern}`: {e}"))
        };
        match flag {
            "--" => only_paths = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(Parsed::Exit(ExitCode::SUCCESS));
            }
            "--list-fixers" => {
                list_fixers();
                return Ok(Parsed::Exit(ExitCode::SUCCESS));
            }
            // Options that shape the Config: the preset, fixer switches,
            // conversion (and a locale, once Config has one).
            "--preset" => {
                let name = value("a preset name")?;
                config = Config::preset(&name).ok_or_else(|| {
                    format!(
                        "unknown preset `{name}` (expected one of: {})",
                        Config::PRESETS.join(", ")
                    )
                })?;
            }
            "--locale" => {
                let tag = value("a locale (zh-Hans, zh-Hant-TW, zh-Hant-HK, ja, ko)")?;
                locale = Some(tag.parse::<mojifix::Locale>().map_err(|e| e.to_string())?);
            }
            "--convert" => {
                let name = value("an OpenCC configuration name")?;
                convert = Some(
                    name.parse::<mojifix::zh::ConfigName>()
                        .map_err(|e| e.to_string())?,
                );
            }
            "--enable" => switches.push((value("a fixer name")?, true)),
            "--disable" => switches.push((value("a fixer name")?, false)),
            // What to read and where to write.
            "-i" | "--in-place" => options.in_place = true,
            "--check" => options.check = true,
            "--jsonl-field" => options.jsonl_field = Some(value("a field name")?),
            "--include" => options.include.push(glob(value("a glob")?)?),
            "--exclude" => options.exclude.push(glob(value("a glob")?)?),
            "--encoding" => {
                options.encoding = Some(encoding_for_label(&value("an encoding label")?)?)
            }
            "--force" => options.force = true,
            "-j" | "--jobs" => {
                let n = value("a number")?;
                options.jobs = match n.parse::<usize>() {
                    Ok(n) if (1..=1024).contains(&n) => n,
                    _ => return Err(format!("--jobs needs a number from 1 to 1024, not `{n}`")),
                };
            }
            // What to report.
            "--explain" => options.explain = true,
            "--stats" => options.stats = true,
            "--no-progress" => options.progress = false,
            _ => return Err(format!("unknown option `{arg}` (see --help)")),
        }
    }
    // Switches apply after the preset, whatever their order on the line.
    for (name, on) in switches {
        config.set(&name, on).map_err(|e| e.to_string())?;
    }
    if convert.is_some() {
        config.convert = convert;
    }
    if locale.is_some() {
        config.locale = locale;
    }
    options.config = config;
    if options.in_place && options.check {
        return Err("--in-place and --check exclude each other".to_owned());
    }
    if options.in_place && (options.paths.is_empty() || options.paths.iter().any(|p| p == "-")) {
        return Err("--in-place needs files, not standard input".to_owned());
    }
    Ok(Parsed::Run(Box::new(options)))
}

fn list_fixers() {
    let presets: Vec<(&str, Config)> = Config::PRESETS
        .iter()
        .map(|&name| (name, Config::preset(name).expect("listed preset")))
        .collect();
    print!("{:<34}", "fixer");
    for (name, _) in &presets {
        print!(" {name:<8}");
    }
    println!(" what it does");
    for &(name, what) in Config::FIXERS {
        print!("{name:<34}");
        for (_, config) in &presets {
            let mark = if config.is_on(name).unwrap_or(false) {
                "on"
            } else {
                "-"
            };
            print!(" {mark:<8}");
        }
        println!(" {what}");
    }
}

// ---------------------------------------------------------------- inputs

/// One thing to fix.
enum Input {
    Stdin,
    File {
        path: PathBuf,
        /// Found by walking a directory (binary files are then skipped).
        walked: bool,
    },
    /// A path that could not be used, with the reason.
    Bad(String, String),
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File { path, .. } => path.display().to_string(),
            Input::Bad(name, _) => name.clone(),
        }
    }
}

fn describe(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ if e.raw_os_error() == Some(21) => "is a directory".to_owned(),
        _ if e.raw_os_error() == Some(28) => "no space left on device".to_owned(),
        _ => e.to_string(),
    }
}

/// Our own temporary files, which walks never pick up.
fn is_temp_name(name: &str) -> bool {
    name.starts_with('.') && name.contains(".mojifix-tmp-")
}

fn collect_inputs(options: &Options) -> Vec<Input> {
    let mut inputs = Vec::new();
    if options.paths.is_empty() {
        inputs.push(Input::Stdin);
    }
    for arg in &options.paths {
        if arg == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let path = PathBuf::from(arg);
        match fs::metadata(&path) {
            Err(e) => inputs.push(Input::Bad(arg.clone(), describe(&e))),
            Ok(meta) if meta.is_dir() => walk(&path, &path, options, &mut inputs),
            Ok(_) => inputs.push(Input::File {
                path,
                walked: false,
            }),
        }
    }
    inputs
}

fn matches_any(patterns: &[glob::Pattern], relative: &Path, name: &str) -> bool {
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    patterns.iter().any(|p| {
        if p.as_str().contains('/') {
            p.matches_path_with(relative, options)
        } else {
            p.matches_with(name, options)
        }
    })
}

/// Every file under `dir`, sorted, not following symbolic links.
fn walk(root: &Path, dir: &Path, options: &Options, inputs: &mut Vec<Input>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            inputs.push(Input::Bad(dir.display().to_string(), describe(&e)));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        if is_temp_name(&name) || matches_any(&options.exclude, &relative, &name) {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(root, &path, options, inputs);
        } else if kind.is_file()
            && (options.include.is_empty() || matches_any(&options.include, &relative, &name))
        {
            inputs.push(Input::File { path, walked: true });
        }
    }
}

// ---------------------------------------------------------------- running

/// Counts for `--stats`.
#[derive(Default, serde::Serialize)]
struct Stats {
    files: u64,
    files_changed: u64,
    bytes_in: u64,
    bytes_out: u64,
    segments_changed: u64,
    records_changed: u64,
    records_without_field: u64,
    fixers: BTreeMap<String, u64>,
    chains: BTreeMap<String, u64>,
    sources: BTreeMap<String, u64>,
    run_decodings: BTreeMap<String, u64>,
    /// The first 1,000 runs that were not UTF-8, and how each was decoded.
    runs: Vec<serde_json::Value>,
}

impl Stats {
    fn add(&mut self, other: Stats) {
        self.files += other.files;
        self.files_changed += other.files_changed;
        self.bytes_in += other.bytes_in;
        self.bytes_out += other.bytes_out;
        self.segments_changed += other.segments_changed;
        self.records_changed += other.records_changed;
        self.records_without_field += other.records_without_field;
        for (map, more) in [
            (&mut self.fixers, other.fixers),
            (&mut self.chains, other.chains),
            (&mut self.sources, other.sources),
            (&mut self.run_decodings, other.run_decodings),
        ] {
            for (k, v) in more {
                *map.entry(k).or_default() += v;
            }
        }
        let room = 1000usize.saturating_sub(self.runs.len());
        self.runs.extend(other.runs.into_iter().take(room));
    }
}

/// What the whole run shares.
struct Ctx<'a> {
    fixer: &'a Fixer,
    options: &'a Options,
    progress: Option<ProgressBar>,
    stats: Mutex<Stats>,
    stderr: Mutex<()>,
}

impl Ctx<'_> {
    fn note(&self, message: &str) {
        let _guard = self.stderr.lock().unwrap_or_else(|e| e.into_inner());
        match &self.progress {
            Some(bar) => bar.suspend(|| eprintln!("{message}")),
            None => eprintln!("{message}"),
        }
    }

    fn records(&self, records: &[String]) {
        if records.is_empty() {
            return;
        }
        let _guard = self.stderr.lock().unwrap_or_else(|e| e.into_inner());
        let mut err = io::stderr().lock();
        for record in records {
            let _ = writeln!(err, "{record}");
        }
    }
}

enum Failure {
    Read(io::Error),
    Decode(DecodeError),
    Write(io::Error),
    /// Creating, syncing or renaming the temporary file.
    Replace(String),
}

impl Failure {
    fn message(&self, name: &str) -> String {
        match self {
            Failure::Read(e) => format!("fix: {name}: {}", describe(e)),
            Failure::Decode(e) => format!("fix: {name}: {e}"),
            Failure::Write(e) => format!("fix: {name}: cannot write output: {}", describe(e)),
            Failure::Replace(m) => format!("fix: {name}: {m}"),
        }
    }
}

fn run(options: Options) -> ExitCode {
    let fixer = Fixer::new(options.config.clone());
    let inputs = collect_inputs(&options);
    let total: u64 = inputs
        .iter()
        .filter_map(|i| match i {
            Input::File { path, .. } => fs::metadata(path).ok().map(|m| m.len()),
            _ => None,
        })
        .sum();
    let progress =
        (options.progress && !options.explain && total > (8 << 20) && io::stderr().is_terminal())
            .then(|| {
                let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
                if let Ok(style) = ProgressStyle::with_template(
                    "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta} {wide_msg}",
                ) {
                    bar.set_style(style);
                }
                bar
            });
    let ctx = Ctx {
        fixer: &fixer,
        options: &options,
        progress,
        stats: Mutex::new(Stats::default()),
        stderr: Mutex::new(()),
    };
    let failed = AtomicBool::new(false);
    let changed_files: Mutex<Vec<(usize, String)>> = Mutex::new(Vec::new());
    let mut stdout_failed = false;

    if options.in_place || options.check {
        // Files are independent: spread them over the workers, each file
        // fixed by one worker (or by all of them when there is one file).
        let next = AtomicUsize::new(0);
        let file_jobs = options.jobs.min(inputs.len()).max(1);
        let chunk_jobs = if file_jobs == 1 { options.jobs } else { 1 };
        std::thread::scope(|scope| {
            for _ in 0..file_jobs {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else { break };
                    match fix_file_apart(input, &ctx, chunk_jobs) {
                        Ok(true) => changed_files
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push((i, input.name())),
                        Ok(false) => {}
                        Err(message) => {
                            if let Some(message) = message {
                                ctx.note(&message);
                                failed.store(true, Ordering::Relaxed);
                            }
                        }
                    }
                });
            }
        });
    } else {
        let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout());
        for input in &inputs {
            let result = match input {
                Input::Bad(name, why) => Err(Some(format!("fix: {name}: {why}"))),
                Input::Stdin => {
                    fix_stream(&mut io::stdin(), "<stdin>", &ctx, &mut out, options.jobs)
                        .map_err(|f| Some(f.message("<stdin>")))
                        .map(|_| ())
                }
                Input::File { path, walked } => {
                    let name = path.display().to_string();
                    match File::open(path) {
                        Err(e) => Err(Some(Failure::Read(e).message(&name))),
                        Ok(mut file) => {
                            match fix_stream(&mut file, &name, &ctx, &mut out, options.jobs) {
                                Ok(_) => Ok(()),
                                Err(Failure::Decode(_)) if *walked => {
                                    ctx.note(&format!("fix: {name}: skipped (binary)"));
                                    Ok(())
                                }
                                Err(Failure::Write(e)) => {
                                    stdout_failed = e.kind() != io::ErrorKind::BrokenPipe;
                                    if stdout_failed {
                                        ctx.note(&format!(
                                            "fix: <stdout>: cannot write output: {}",
                                            describe(&e)
                                        ));
                                    }
                                    break;
                                }
                                Err(f) => Err(Some(f.message(&name))),
                            }
                        }
                    }
                }
            };
            if let Err(Some(message)) = result {
                ctx.note(&message);
                failed.store(true, Ordering::Relaxed);
            }
        }
        if let Err(e) = out.flush() {
            if e.kind() != io::ErrorKind::BrokenPipe {
                ctx.note(&format!(
                    "fix: <stdout>: cannot write output: {}",
                    describe(&e)
                ));
                stdout_failed = true;
            }
        }
    }
    if let Some(bar) = &ctx.progress {
        bar.finish_and_clear();
    }
    let mut changed = changed_files
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    changed.sort();
    if options.check {
        for (_, name) in &changed {
            println!("{name}");
        }
    }
    if options.stats {
        let stats = ctx.stats.into_inner().unwrap_or_else(|e| e.into_inner());
        eprintln!("{}", serde_json::to_string(&stats).unwrap_or_default());
    }
    if failed.load(Ordering::Relaxed) || stdout_failed || (options.check && !changed.is_empty()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Removes a temporary file unless disarmed.
struct TempGuard(Option<PathBuf>);

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = fs::remove_file(path);
        }
    }
}

/// `--check` or `--in-place` on one input: whether it changed (would
/// change), or the message of what failed (`None`: skipped quietly).
fn fix_file_apart(input: &Input, ctx: &Ctx, jobs: usize) -> Result<bool, Option<String>> {
    let (path, walked) = match input {
        Input::Bad(name, why) => return Err(Some(format!("fix: {name}: {why}"))),
        Input::Stdin => {
            // Only with --check (parse refuses --in-place on stdin).
            let mut sink = io::sink();
            return fix_stream(&mut io::stdin(), "<stdin>", ctx, &mut sink, jobs)
                .map_err(|f| Some(f.message("<stdin>")));
        }
        Input::File { path, walked } => (path, *walked),
    };
    let name = path.display().to_string();
    let fail = |f: Failure| match f {
        Failure::Decode(_) if walked => {
            ctx.note(&format!("fix: {name}: skipped (binary)"));
            None
        }
        f => Some(f.message(&name)),
    };
    if ctx.options.check {
        let mut file = File::open(path).map_err(|e| fail(Failure::Read(e)))?;
        return fix_stream(&mut file, &name, ctx, &mut io::sink(), jobs).map_err(fail);
    }
    // In place: write beside the real file (through symbolic links).
    let target = fs::canonicalize(path).map_err(|e| fail(Failure::Read(e)))?;
    let meta = fs::metadata(&target).map_err(|e| fail(Failure::Read(e)))?;
    let mut file = File::open(&target).map_err(|e| fail(Failure::Read(e)))?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let base = target
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let temp_path = dir.join(format!(
        ".{base}.mojifix-tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let temp = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp_path)
        .map_err(|e| {
            fail(Failure::Replace(format!(
                "cannot create a temporary file in {}: {}",
                dir.display(),
                describe(&e)
            )))
        })?;
    let mut guard = TempGuard(Some(temp_path.clone()));
    let mut out = io::BufWriter::with_capacity(1 << 16, temp);
    let changed = fix_stream(&mut file, &name, ctx, &mut out, jobs).map_err(fail)?;
    let temp = out
        .into_inner()
        .map_err(|e| fail(Failure::Write(e.into_error())))?;
    if !changed {
        return Ok(false); // the guard removes the temporary file
    }
    let replace = |what: &str, e: io::Error| {
        fail(Failure::Replace(format!("cannot {what}: {}", describe(&e))))
    };
    temp.set_permissions(meta.permissions())
        .map_err(|e| replace("copy permissions to the temporary file", e))?;
    #[cfg(unix)]
    {
        // Keep the owner too, where allowed (root, or the same owner).
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(&temp, Some(meta.uid()), Some(meta.gid()));
    }
    temp.sync_all()
        .map_err(|e| replace("sync the temporary file", e))?;
    drop(temp);
    fs::rename(&temp_path, &target).map_err(|e| replace("replace the file", e))?;
    guard.0 = None;
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(true)
}

/// A piece of decoded text, cut at a segment (or record) boundary.
struct Chunk {
    text: String,
    /// The 1-based line it starts on (counted only when reporting).
    first_line: u64,
    /// Part of a JSON-lines record too long to parse: kept as it is.
    passthrough: bool,
}

/// A fixed chunk.
struct Piece {
    text: String,
    changed: bool,
    records: Vec<String>,
    stats: Stats,
}

/// Reads, decodes and cuts a stream into chunks.
struct Chunker<'a, 'c> {
    input: &'a mut (dyn Read + Send),
    name: &'a str,
    ctx: &'a Ctx<'c>,
    decoder: StreamDecoder,
    raw: Vec<u8>,
    text: String,
    eof: bool,
    line: u64,
    count_lines: bool,
    noted: Vec<&'static str>,
    /// Inside a JSON-lines record longer than `RECORD_CAP`.
    long_record: bool,
}

impl Chunker<'_, '_> {
    fn next(&mut self) -> Result<Option<Chunk>, Failure> {
        loop {
            let finished = self.eof && self.raw.is_empty();
            if self.text.len() >= CHUNK_TEXT || finished {
                let mut passthrough = self.long_record;
                let cut = if self.long_record {
                    // The rest of the long record, up to its line break.
                    match memchr::memchr(b'\n', self.text.as_bytes()) {
                        Some(i) => {
                            self.long_record = false;
                            i + 1
                        }
                        None => self.text.len(),
                    }
                } else if finished {
                    self.text.len()
                } else if self.ctx.options.jsonl_field.is_some() {
                    let bytes = self.text.as_bytes();
                    match memchr::memrchr(b'\n', bytes) {
                        Some(i) => i + 1,
                        None if bytes.len() > RECORD_CAP => {
                            self.long_record = true;
                            passthrough = true;
                            self.ctx.note(&format!(
                                "fix: {}:{}: record longer than {} MiB left as it is",
                                self.name,
                                self.line,
                                RECORD_CAP >> 20
                            ));
                            bytes.len()
                        }
                        None => 0,
                    }
                } else {
                    self.ctx.fixer.complete_segments_len(&self.text)
                };
                if cut > 0 {
                    // Keep the big buffer growing from where it is: the
                    // rest goes to a new buffer of full capacity.
                    let mut rest = String::with_capacity(CHUNK_TEXT + READ_SIZE);
                    rest.push_str(&self.text[cut..]);
                    self.text.truncate(cut);
                    let text = std::mem::replace(&mut self.text, rest);
                    let first_line = self.line;
                    if self.count_lines {
                        self.line += text.bytes().filter(|&b| b == b'\n').count() as u64;
                    }
                    return Ok(Some(Chunk {
                        text,
                        first_line,
                        passthrough,
                    }));
                }
                if finished {
                    return Ok(None);
                }
            }
            if !self.eof {
                let before = self.raw.len();
                let n = (&mut *self.input)
                    .take(READ_SIZE as u64)
                    .read_to_end(&mut self.raw)
                    .map_err(Failure::Read)?;
                debug_assert_eq!(self.raw.len(), before + n);
                self.eof = n == 0;
                if let Some(bar) = &self.ctx.progress {
                    bar.inc(n as u64);
                }
            }
            let first = self.decoder.source().is_none();
            let used = self
                .decoder
                .decode(&self.raw, &mut self.text, self.eof)
                .map_err(Failure::Decode)?;
            self.raw.drain(..used);
            if first {
                if let Some(source) = self.decoder.source() {
                    if !matches!(source, Source::Utf8 { .. } | Source::Declared(_)) {
                        self.ctx
                            .note(&format!("fix: {}: decoded as {}", self.name, source.name()));
                    }
                }
            }
            let runs = self.decoder.take_run_decodings();
            if !runs.is_empty() {
                self.report_runs(runs);
            }
        }
    }

    fn report_runs(&mut self, runs: Vec<RunDecoding>) {
        let options = self.ctx.options;
        let mut records = Vec::new();
        let mut stats = Stats::default();
        for run in runs {
            if !self.noted.contains(&run.encoding) {
                self.noted.push(run.encoding);
                self.ctx.note(&format!(
                    "fix: {}:{}: not UTF-8; decoded as {}",
                    self.name, run.line, run.encoding
                ));
            }
            let record = serde_json::json!({
                "file": self.name,
                "line": run.line,
                "decoded": {"start": run.start, "end": run.end, "encoding": run.encoding},
            });
            if options.explain {
                records.push(record.to_string());
            }
            if options.stats {
                *stats
                    .run_decodings
                    .entry(run.encoding.to_owned())
                    .or_default() += 1;
                stats.runs.push(record);
            }
        }
        self.ctx.records(&records);
        if options.stats {
            self.ctx
                .stats
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .add(stats);
        }
    }
}

/// Fixes one stream into `out`; returns whether the output differs from
/// the input bytes.
fn fix_stream(
    input: &mut (dyn Read + Send),
    name: &str,
    ctx: &Ctx,
    out: &mut dyn Write,
    jobs: usize,
) -> Result<bool, Failure> {
    let options = ctx.options;
    let decoder = match options.encoding {
        Some(encoding) => StreamDecoder::with_encoding(encoding),
        None => StreamDecoder::new(),
    }
    .force(options.force);
    let mut chunker = Chunker {
        input,
        name,
        ctx,
        decoder,
        raw: Vec::with_capacity(READ_SIZE),
        text: String::with_capacity(CHUNK_TEXT + READ_SIZE),
        eof: false,
        line: 1,
        count_lines: options.explain || options.stats || options.jsonl_field.is_some(),
        noted: Vec::new(),
        long_record: false,
    };
    let mut changed = false;
    let mut stats = Stats::default();
    let mut emit = |piece: Piece, out: &mut dyn Write| -> Result<(), Failure> {
        out.write_all(piece.text.as_bytes())
            .map_err(Failure::Write)?;
        changed |= piece.changed;
        ctx.records(&piece.records);
        stats.bytes_out += piece.text.len() as u64;
        stats.add(piece.stats);
        Ok(())
    };
    if jobs <= 1 {
        while let Some(chunk) = chunker.next()? {
            emit(fix_piece(chunk, name, ctx), out)?;
        }
    } else {
        parallel(&mut chunker, name, ctx, out, jobs, &mut emit)?;
    }
    let source = chunker.decoder.source();
    changed |= !source.is_some_and(Source::is_identity) && chunker.decoder.bytes_consumed() > 0;
    changed |= chunker.decoder.run_decodings_total() > 0;
    if options.stats {
        stats.files = 1;
        stats.files_changed = u64::from(changed);
        stats.bytes_in = chunker.decoder.bytes_consumed();
        if let Some(source) = source {
            stats.sources.insert(source.name().to_owned(), 1);
        }
        ctx.stats
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .add(stats);
    }
    Ok(changed)
}

/// Chunks fixed by `jobs` workers, written in order. At most `jobs + 2`
/// chunks are in flight, so memory stays bounded. A reader thread decodes
/// and cuts chunks, the workers fix them, this thread writes them.
fn parallel(
    chunker: &mut Chunker,
    name: &str,
    ctx: &Ctx,
    out: &mut dyn Write,
    jobs: usize,
    emit: &mut dyn FnMut(Piece, &mut dyn Write) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let in_flight = jobs + 2;
    let (token_tx, token_rx) = mpsc::sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = token_tx.send(());
    }
    let (job_tx, job_rx) = mpsc::sync_channel::<(u64, Chunk)>(in_flight);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::sync_channel::<(u64, Piece)>(in_flight);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let job_rx = &job_rx;
            scope.spawn(move || loop {
                let job = job_rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                let Ok((index, chunk)) = job else { break };
                if done_tx.send((index, fix_piece(chunk, name, ctx))).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let reader = scope.spawn(move || -> Result<(), Failure> {
            let mut index = 0u64;
            // Stops when the writer stops (no more tokens) or the workers do.
            while token_rx.recv().is_ok() {
                match chunker.next()? {
                    Some(chunk) => {
                        if job_tx.send((index, chunk)).is_err() {
                            break;
                        }
                        index += 1;
                    }
                    None => break,
                }
            }
            Ok(())
        });
        // The writer: in order, returning a token per chunk written. On a
        // write error it returns, dropping `done_rx` and `token_tx`, which
        // stops the workers and the reader.
        let write_result = (move || -> Result<(), Failure> {
            let mut waiting = BTreeMap::new();
            let mut next = 0u64;
            for (index, piece) in done_rx {
                waiting.insert(index, piece);
                while let Some(piece) = waiting.remove(&next) {
                    emit(piece, out)?;
                    next += 1;
                    let _ = token_tx.send(());
                }
            }
            Ok(())
        })();
        let read_result = reader
            .join()
            .unwrap_or_else(|_| Err(Failure::Replace("internal error in the reader".to_owned())));
        write_result.and(read_result)
    })
}

/// Fixes one chunk, with explanations and counts when asked.
fn fix_piece(chunk: Chunk, name: &str, ctx: &Ctx) -> Piece {
    let options = ctx.options;
    let mut piece = Piece {
        text: String::new(),
        changed: false,
        records: Vec::new(),
        stats: Stats::default(),
    };
    if chunk.passthrough {
        piece.text = chunk.text;
        return piece;
    }
    if let Some(field) = &options.jsonl_field {
        let mut out = String::with_capacity(chunk.text.len());
        for (i, line) in chunk.text.split_inclusive('\n').enumerate() {
            let line_no = chunk.first_line + i as u64;
            match fix_record(line, field, line_no, name, ctx, &mut piece) {
                Some(fixed) => {
                    piece.changed = true;
                    piece.stats.records_changed += 1;
                    out.push_str(&fixed);
                }
                None => out.push_str(line),
            }
        }
        piece.text = out;
        return piece;
    }
    let fixed = match ctx.fixer.fix(&chunk.text) {
        Cow::Borrowed(_) => None,
        Cow::Owned(s) if s == chunk.text => None,
        Cow::Owned(s) => Some(s),
    };
    if fixed.is_some() && (options.explain || options.stats) {
        explain(&chunk.text, chunk.first_line, None, name, ctx, &mut piece);
    }
    match fixed {
        Some(text) => {
            piece.text = text;
            piece.changed = true;
        }
        None => piece.text = chunk.text,
    }
    piece
}

/// Explains the changes in `text` segment by segment (as `Fixer::fix` cuts
/// it), as JSON records and counts.
fn explain(
    text: &str,
    first_line: u64,
    field: Option<&str>,
    name: &str,
    ctx: &Ctx,
    piece: &mut Piece,
) {
    let fixer = ctx.fixer;
    let mut line = first_line;
    for segment in fixer.split_segments(text) {
        if fixer.needs_work(segment) {
            let explained = fixer.fix_and_explain(segment);
            if !explained.changes.is_empty() {
                piece.stats.segments_changed += 1;
            }
            for change in &explained.changes {
                let steps: Vec<String> = change.steps.iter().map(|s| s.to_string()).collect();
                if ctx.options.stats {
                    *piece
                        .stats
                        .fixers
                        .entry(change.fixer.to_owned())
                        .or_default() += 1;
                    if change.fixer.ends_with("encoding") {
                        *piece.stats.chains.entry(steps.join(", ")).or_default() += 1;
                    }
                }
                if ctx.options.explain {
                    let mut record = serde_json::json!({
                        "file": name,
                        "line": line,
                        "fixer": change.fixer,
                        "steps": steps,
                        "before": change.before,
                        "after": change.after,
                    });
                    if let Some(field) = field {
                        record["field"] = field.into();
                    }
                    piece.records.push(record.to_string());
                }
            }
        }
        if field.is_none() && segment.ends_with('\n') {
            line += 1;
        }
    }
}

/// The record with its field fixed, or `None` when it stays as it is (no
/// such string field, not a JSON object, or nothing to fix). Every byte
/// outside the field's value is kept; the value is re-escaped only when it
/// changed.
fn fix_record(
    line: &str,
    field: &str,
    line_no: u64,
    name: &str,
    ctx: &Ctx,
    piece: &mut Piece,
) -> Option<String> {
    let Some((start, end)) = find_string_field(line, field) else {
        piece.stats.records_without_field += 1;
        return None;
    };
    let value: String = serde_json::from_str(&line[start..end]).ok()?;
    let fixed = ctx.fixer.fix(&value);
    if fixed == value {
        return None;
    }
    if ctx.options.explain || ctx.options.stats {
        explain(&value, line_no, Some(field), name, ctx, piece);
    }
    let encoded = serde_json::to_string(&fixed).ok()?;
    Some(format!("{}{}{}", &line[..start], encoded, &line[end..]))
}

/// The byte range (quotes included) of the string value of the top-level
/// key `field` in a JSON object written on one line.
fn find_string_field(line: &str, field: &str) -> Option<(usize, usize)> {
    let b = line.as_bytes();
    let ws = |mut i: usize| {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
            i += 1;
        }
        i
    };
    let string_end = |i: usize| -> Option<usize> {
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let mut j = i + 1;
        while j < b.len() {
            match b[j] {
                b'\\' => j += 2,
                b'"' => return Some(j + 1),
                _ => j += 1,
            }
        }
        None
    };
    let value_end = |i: usize| -> Option<usize> {
        match b.get(i)? {
            b'"' => string_end(i),
            b'{' | b'[' => {
                let mut depth = 0usize;
                let mut j = i;
                while j < b.len() {
                    match b[j] {
                        b'"' => {
                            j = string_end(j)?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(j + 1);
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                None
            }
            _ => {
                let mut j = i;
                while j < b.len()
                    && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')
                {
                    j += 1;
                }
                (j > i).then_some(j)
            }
        }
    };
    let mut i = ws(0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = ws(i + 1);
    if b.get(i) == Some(&b'}') {
        return None;
    }
    loop {
        let key_end = string_end(i)?;
        let raw_key = &line[i..key_end];
        let is_field = if raw_key.contains('\\') {
            serde_json::from_str::<String>(raw_key).ok()? == field
        } else {
            &raw_key[1..raw_key.len() - 1] == field
        };
        i = ws(key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        let start = ws(i + 1);
        let end = value_end(start)?;
        if is_field {
            return (b[start] == b'"').then_some((start, end));
        }
        i = ws(end);
        match b.get(i) {
            Some(b',') => i = ws(i + 1),
            _ => return None,
        }
    }
}
