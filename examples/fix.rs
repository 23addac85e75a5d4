//! `fix`: the command-line cleaner.
//!
//! ```text
//! cargo run --release --example fix -- [OPTIONS] [FILE]...
//! ```
//!
//! Reads each FILE (standard input when there is none, or for `-`) and writes
//! the fixed text to standard output. Lines are split on `\n` only, and each
//! input line gives exactly one output line — unless `fix_line_breaks` turns a
//! lone CR, U+2028, U+2029 or U+0085 inside a line into a line break (turn it
//! off with `--disable fix_line_breaks` to keep the line count exact).
//!
//! Input that is not UTF-8 is decoded as ftfy's `guess_bytes` would (UTF-16
//! with a BOM, CESU-8, MacRoman, windows-1252), and a note on standard error
//! says so.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

use mojifix::bytes::{decode_bytes, Guess};
use mojifix::{Config, Fixer};

const USAGE: &str = "\
usage: fix [OPTIONS] [FILE]...

Repairs mojibake and normalizes text, line by line, to standard output.
With no FILE, or with -, reads standard input.

options:
  --preset NAME       default (repair only) or ftfy (ftfy 6.3's fix_text)
  --enable FIXER      turn a fixer on (repeatable; see --list-fixers)
  --disable FIXER     turn a fixer off (repeatable)
  --convert CONFIG    convert Chinese script last, with an OpenCC configuration:
                      s2t t2s s2tw tw2s s2twp tw2sp s2hk hk2s s2hkp hk2sp
                      t2tw tw2t t2hk hk2t t2jp jp2t (output identical to OpenCC 1.4)
  --list-fixers       list the fixers and whether each preset enables them
  --explain           report every change as a JSON line on standard error
  -h, --help          show this help";

struct Options {
    config: Config,
    explain: bool,
    files: Vec<String>,
}

enum Parsed {
    Run(Options),
    Exit(ExitCode),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse(&args) {
        Ok(Parsed::Run(options)) => options,
        Ok(Parsed::Exit(code)) => return code,
        Err(message) => {
            eprintln!("fix: {message}");
            return ExitCode::from(2);
        }
    };
    let fixer = Fixer::new(options.config);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut status = ExitCode::SUCCESS;
    let files = if options.files.is_empty() {
        vec!["-".to_owned()]
    } else {
        options.files
    };
    for name in &files {
        let result = if name == "-" {
            fix_stream(
                io::stdin().lock(),
                "<stdin>",
                &fixer,
                options.explain,
                &mut out,
            )
        } else {
            match File::open(name) {
                Ok(file) => fix_stream(
                    BufReader::with_capacity(1 << 16, file),
                    name,
                    &fixer,
                    options.explain,
                    &mut out,
                ),
                Err(e) => Err(Failure::Read(e)),
            }
        };
        match result {
            Ok(()) => {}
            Err(Failure::Write(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
                return ExitCode::SUCCESS
            }
            Err(Failure::Write(e)) => {
                eprintln!("fix: cannot write output: {e}");
                return ExitCode::from(1);
            }
            Err(Failure::Read(e)) => {
                eprintln!("fix: {name}: {}", describe(&e));
                status = ExitCode::from(1);
            }
        }
    }
    match out.flush() {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("fix: cannot write output: {e}");
            ExitCode::from(1)
        }
        _ => status,
    }
}

fn describe(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ if e.raw_os_error() == Some(21) => "is a directory".to_owned(),
        _ => e.to_string(),
    }
}

fn parse(args: &[String]) -> Result<Parsed, String> {
    let mut config = Config::default();
    let mut explain = false;
    let mut files = Vec::new();
    let mut switches: Vec<(String, bool)> = Vec::new();
    let mut convert = None;
    let mut only_files = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if only_files || arg == "-" || !arg.starts_with('-') {
            files.push(arg.clone());
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
        match flag {
            "--" => only_files = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(Parsed::Exit(ExitCode::SUCCESS));
            }
            "--list-fixers" => {
                list_fixers();
                return Ok(Parsed::Exit(ExitCode::SUCCESS));
            }
            "--explain" => explain = true,
            "--preset" => {
                let name = value("a preset name")?;
                config = Config::preset(&name).ok_or_else(|| {
                    format!(
                        "unknown preset `{name}` (expected one of: {})",
                        Config::PRESETS.join(", ")
                    )
                })?;
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
    Ok(Parsed::Run(Options {
        config,
        explain,
        files,
    }))
}

fn list_fixers() {
    let presets: Vec<(&str, Config)> = Config::PRESETS
        .iter()
        .map(|&name| (name, Config::preset(name).expect("listed preset")))
        .collect();
    let header: Vec<&str> = presets.iter().map(|(n, _)| *n).collect();
    println!(
        "{:<34} {:<8} {:<8} what it does",
        "fixer", header[0], header[1]
    );
    for &(name, what) in Config::FIXERS {
        let mark = |c: &Config| {
            if c.is_on(name).unwrap_or(false) {
                "on"
            } else {
                "-"
            }
        };
        println!(
            "{name:<34} {:<8} {:<8} {what}",
            mark(&presets[0].1),
            mark(&presets[1].1)
        );
    }
}

enum Failure {
    Read(io::Error),
    Write(io::Error),
}

/// Fixes one input, line by line, with bounded memory (one line at a time).
fn fix_stream(
    mut input: impl BufRead,
    name: &str,
    fixer: &Fixer,
    explain: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let head = input.fill_buf().map_err(Failure::Read)?;
    if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
        // UTF-16 cannot be split on the byte `\n`: decode the whole input.
        let mut bytes = Vec::new();
        input.read_to_end(&mut bytes).map_err(Failure::Read)?;
        let (text, guess) = decode_bytes(&bytes);
        eprintln!("fix: {name}: decoded as {}", guess.name());
        let mut line_no = 0;
        for line in text.split_inclusive('\n') {
            line_no += 1;
            fix_line(line, line_no, fixer, explain, out)?;
        }
        return Ok(());
    }
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    let mut noted: Option<Guess> = None;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf).map_err(Failure::Read)? == 0 {
            return Ok(());
        }
        line_no += 1;
        let mut bytes = &buf[..];
        if line_no == 1 {
            bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        }
        match std::str::from_utf8(bytes) {
            Ok(line) => fix_line(line, line_no, fixer, explain, out)?,
            Err(_) => {
                let (line, guess) = decode_bytes(bytes);
                if noted != Some(guess) {
                    eprintln!(
                        "fix: {name}:{line_no}: not UTF-8; decoded as {}",
                        guess.name()
                    );
                    noted = Some(guess);
                }
                fix_line(&line, line_no, fixer, explain, out)?;
            }
        }
    }
}

fn fix_line(
    line: &str,
    line_no: usize,
    fixer: &Fixer,
    explain: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let fixed = if explain {
        let explained = fixer.fix_and_explain(line);
        for change in &explained.changes {
            let record = serde_json::json!({
                "line": line_no,
                "fixer": change.fixer,
                "steps": change.steps.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "before": change.before,
                "after": change.after,
            });
            eprintln!("{record}");
        }
        std::borrow::Cow::Owned(explained.text)
    } else {
        fixer.fix(line)
    };
    out.write_all(fixed.as_bytes()).map_err(Failure::Write)
}
