//! The `index` preset's CJK passes, NFKC and casefold fused into one loop
//! over the characters (issue 5, throughput).
//!
//! [`fuse`] returns what the sequential pipeline (every pass of
//! [`Config::index()`](crate::Config::index) in order, then NFKC, then
//! casefold, then the confirming round) gives for a segment, or `None` when
//! the segment holds a character or a context it does not handle exactly;
//! the Fixer then runs the sequential pipeline. So correctness never
//! depends on covering everything.
//!
//! Per character: ASCII letters fold to lower case; any other character is
//! looked up in a table over the BMP built once from the sequential passes
//! themselves (each character alone): unchanged, replaced by a fixed string
//! (fullwidth `，` → `,`, `Ａ` → `a`), or "slow". Context handled here
//! exactly (the rules of the passes): interpuncts between Han
//! (`cjk_interpunct`), runs of spaces next to fullwidth
//! punctuation (`remove_punct_spaces`; not in inline code), curly quotes (`straighten_quotes`),
//! runs of dots and dashes short enough that `cjk_ellipsis` and
//! `cjk_dashes` leave them alone. Anything else with context goes slow:
//! `…`, `—`, Kangxi radicals, halfwidth kana, vertical forms,
//! other spaces, combining marks, controls. (HTML entities, whose
//! unescaping runs in every round, are the Fixer's check.)
//!
//! The output is then checked to be a fixed point of the passes (no run the
//! confirming round would rewrite), which the Fixer relies on to skip that
//! round. Tests: `tests/index_fast.rs` (every clean and bench line, and a
//! proptest) compare with the sequential pipeline.

use std::sync::OnceLock;

use super::classes::{is_cj, is_fullwidth_punct, is_han, is_hangul, is_kana};

/// ASCII bytes the fused pass copies as they are (not upper case, not
/// space, controls, `.`, `-`).
static PLAIN_ASCII: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0x21;
    while b < 0x7F {
        t[b] = !matches!(b as u8, b'A'..=b'Z' | b'.' | b'-');
        b += 1;
    }
    t
};

const SLOW: u32 = 0;
const KEEP: u32 = 1;
/// Set on an action when the character, or what it becomes, could make an
/// encoding repair or a single-character fixer act (the Fixer then checks
/// the segment and the result in full).
const TRIGGER: u32 = 1 << 31;

struct Table {
    /// Per BMP code point: `SLOW`, `KEEP`, or `2 + index` into `maps`;
    /// with `TRIGGER` set when the character or its replacement is a
    /// Fixer trigger character.
    action: Box<[u32]>,
    maps: Vec<String>,
    /// Per BMP code point: the passes before `remove_punct_spaces` leave
    /// the character one character of the same class for the space and dash
    /// rules (fullwidth lead byte, fullwidth punctuation, CJ, Hangul,
    /// whitespace), so its class there is its class in the input.
    early_stable: Box<[bool]>,
    /// Whether straight quotes or any printable ASCII character is a Fixer
    /// trigger character.
    rules_trigger: bool,
    /// Whether `·` is a Fixer trigger character.
    interpunct_trigger: bool,
    /// Whether `—` is a Fixer trigger character.
    dash_trigger: bool,
}

/// Characters whose passes need context the fused loop does not model.
fn always_slow(c: char) -> bool {
    matches!(c, '…' | '⋯' | '—' | '―' | '･' | '`')
        || matches!(c as u32,
        0x0300..=0x036F // combining marks
        | 0x1100..=0x11FF // Hangul jamo
        | 0x2E80..=0x2FDF // radicals
        | 0x3099..=0x309C // voiced sound marks
        | 0xFE00..=0xFE4F // variation selectors, vertical forms
        | 0xFF61..=0xFF9F // halfwidth forms
        | 0x200B..=0x200F | 0x2028..=0x202F | 0x205F..=0x206F // spaces, format
        | 0x3000)
        || c.is_whitespace()
        || c.is_control()
}

/// The BMP ranges the table covers (others go slow).
fn covered(cp: u32) -> bool {
    matches!(cp,
        0x21..=0x7E
        | 0xA1..=0xFF
        | 0x2010..=0x205E
        | 0x2100..=0x27FF
        | 0x3001..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7A3
        | 0xFF01..=0xFF60
        | 0xFFE0..=0xFFE6)
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let config = crate::Config::index();
        let fixer = crate::Fixer::new(config.clone());
        let ops = super::compile(&config);
        let mut action = vec![SLOW; 0x10000].into_boxed_slice();
        let mut early_stable = vec![false; 0x10000].into_boxed_slice();
        let mut outs: Vec<(u32, String)> = Vec::new();
        for cp in 0..0x10000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if !covered(cp) || always_slow(c) {
                continue;
            }
            let s = c.to_string();
            // The passes before `remove_punct_spaces`, on the character alone.
            let mut early = s.clone();
            for op in &ops {
                if op.switch == "remove_punct_spaces" {
                    break;
                }
                early = (op.fix)(&early).into_owned();
            }
            // What the space and dash rules ask of a neighbour.
            let class = |c: char| {
                let lead = c.to_string().as_bytes()[0];
                (
                    matches!(lead, 0xE3 | 0xEF),
                    is_fullwidth_punct(c),
                    is_cj(c),
                    is_hangul(c),
                    c.is_whitespace(),
                )
            };
            let mut chars = early.chars();
            early_stable[cp as usize] = match (chars.next(), chars.next()) {
                (Some(d), None) => class(d) == class(c),
                _ => false,
            };
            // The whole sequential pipeline on the character alone.
            let out = fixer.fix_and_explain(&s).text;
            outs.push((cp, out));
        }
        // Unchanged characters first, then replacements made of ASCII
        // (not a space) or of one unchanged character.
        for (cp, out) in &outs {
            if out.chars().eq(char::from_u32(*cp)) {
                action[*cp as usize] = KEEP;
            }
        }
        let mut maps = Vec::new();
        for (cp, out) in outs {
            let c = char::from_u32(cp).expect("a char");
            if action[cp as usize] == KEEP || out.is_empty() || is_cj(c) {
                continue;
            }
            let ascii = out.bytes().all(|b| (0x21..=0x7E).contains(&b) && b != b'`');
            let mut chars = out.chars();
            let single = match (chars.next(), chars.next()) {
                (Some(d), None) => (d as u32) < 0x10000 && action[d as usize] == KEEP && !is_cj(d),
                _ => false,
            };
            if ascii || single {
                action[cp as usize] = 2 + maps.len() as u32;
                maps.push(out);
            }
        }
        // Kept alone, but with a rule in context (`cjk_dashes` for runs,
        // `cjk_interpunct` between Han): never `KEEP`, so the fused loop
        // looks at them. (An interpunct next to a space or a dash is not
        // between Han: the space and dash rules see it as it is.)
        for c in ['─', '‧', '•', '・', '∙', '⋅'] {
            if action[c as usize] == KEEP {
                action[c as usize] = 2 + maps.len() as u32;
                maps.push(c.to_string());
            }
        }
        // Trigger characters of the encoding repairs (where one can start)
        // and of the single-character fixers.
        let is_trigger = |s: &str| s.chars().any(|c| fixer.index_trigger_char(c));
        for cp in 0..0x10000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let a = action[cp as usize];
            let mut buf = [0u8; 4];
            let trigger = a != SLOW
                && (is_trigger(c.encode_utf8(&mut buf))
                    || (a >= 2 && is_trigger(&maps[(a - 2) as usize])));
            if trigger {
                action[cp as usize] |= TRIGGER;
            }
        }
        // What the context rules write.
        let interpunct_trigger = is_trigger("·");
        let dash_trigger = is_trigger("—");
        let rules_trigger =
            is_trigger("\"'") || (0x20..0x7F).any(|b: u8| fixer.index_trigger_char(b as char));
        Table {
            action,
            maps,
            early_stable,
            rules_trigger,
            interpunct_trigger,
            dash_trigger,
        }
    })
}

/// Whether `remove_punct_spaces` would remove the run of spaces
/// `s..e` of `text` (its rule, protected spans aside: the caller rules out
/// backticks, and no other protected span holds a space).
fn removes_spaces(text: &str, s: usize, e: usize) -> Option<(char, char, bool)> {
    let bytes = text.as_bytes();
    let fullwidth_lead = |at: usize| matches!(bytes.get(at), Some(0xE3 | 0xEF));
    if s == 0 || !(s >= 3 && fullwidth_lead(s - 3) || fullwidth_lead(e)) {
        return None;
    }
    if text[e..]
        .bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        return None;
    }
    let l = text[..s].chars().next_back()?;
    let r = text[e..].chars().next()?;
    let remove = (is_fullwidth_punct(l) || is_fullwidth_punct(r))
        && !is_hangul(l)
        && !is_hangul(r)
        && !l.is_whitespace();
    Some((l, r, remove))
}

/// Whether `cjk_dashes` rewrites the pair of dashes `i..end` of `text`
/// (its rule: the nearest characters that are not spaces or tabs on both
/// sides are CJ or fullwidth punctuation, one of them CJ). `Err` when a
/// neighbour is not `stable` (earlier passes could change its class).
fn dashes_act(text: &str, i: usize, end: usize, stable: Option<&[bool]>) -> Result<bool, u32> {
    let left = text[..i].chars().rev().find(|&d| d != ' ' && d != '\t');
    let right = text[end..].chars().find(|&d| d != ' ' && d != '\t');
    let (Some(l), Some(r)) = (left, right) else {
        return Ok(false);
    };
    if let Some(stable) = stable {
        let ok = |c: char| (c as u32) < 0x10000 && stable[c as usize];
        if !ok(l) || !ok(r) {
            return Err(2);
        }
    }
    let cj_or_punct = |c: char| is_cj(c) || is_fullwidth_punct(c);
    Ok(cj_or_punct(l) && cj_or_punct(r) && (is_cj(l) || is_cj(r)))
}

fn run_len(bytes: &[u8], i: usize, unit: &[u8]) -> usize {
    let mut n = 0;
    let mut j = i;
    while bytes[j..].starts_with(unit) {
        n += 1;
        j += unit.len();
    }
    n
}

/// The `index` preset's passes, NFKC, casefold and confirming round on a
/// segment that has no encoding-repair or single-character-fixer trigger,
/// or `None` when the segment needs the sequential pipeline.
///
/// With the result comes whether the segment or the result may hold a
/// trigger character of an encoding repair or a single-character fixer
/// (else neither does, and the Fixer skips checking them).
pub(crate) fn fuse(text: &str) -> Option<(String, bool)> {
    fuse_why(text).ok()
}

/// [`fuse`], or where it gave up (a source line, for tuning).
fn fuse_why(text: &str) -> Result<(String, bool), u32> {
    let t = table();
    let mut maybe_trigger = t.rules_trigger;
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // `text[copied..i]` is unchanged so far and not yet in `out`.
    let mut copied = 0;
    // Whether the segment holds kana (Japanese keeps its interpuncts).
    let mut kana: Option<bool> = None;
    // Protected spans (inline code) keep their spaces and dashes.
    let mut spans = super::punct::Spans::new(text);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if PLAIN_ASCII[b as usize] {
                i += 1;
                while i < bytes.len() && PLAIN_ASCII[bytes[i] as usize] {
                    i += 1;
                }
                continue;
            }
            match b {
                b'A'..=b'Z' => {
                    out.push_str(&text[copied..i]);
                    out.push((b | 0x20) as char);
                    copied = i + 1;
                }
                b' ' => {
                    let mut e = i;
                    while e < bytes.len() && bytes[e] == b' ' {
                        e += 1;
                    }
                    if let Some((l, r, remove)) = removes_spaces(text, i, e) {
                        let stable = |c: char| (c as u32) < 0x10000 && t.early_stable[c as usize];
                        if !stable(l) || !stable(r) {
                            return Err(21);
                        }
                        if remove && !spans.protects(i) {
                            out.push_str(&text[copied..i]);
                            copied = e;
                        }
                    }
                    i = e;
                    continue;
                }
                b'.' => {
                    if run_len(bytes, i, b".") >= 4 {
                        return Err(34);
                    }
                }
                b'-' => {
                    let n = run_len(bytes, i, b"-");
                    if n == 2
                        && dashes_act(text, i, i + 2, Some(&t.early_stable))?
                        && !spans.protects(i)
                    {
                        // `——`, the spaces around the pair dropped.
                        maybe_trigger |= t.dash_trigger;
                        out.push_str(&text[copied..i]);
                        while out.ends_with(' ') {
                            out.pop();
                        }
                        out.push_str("——");
                        let mut j = i + 2;
                        while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
                            j += 1;
                        }
                        i = j;
                        copied = j;
                        continue;
                    }
                    i += n;
                    continue;
                }
                b'\n' if i + 1 == bytes.len() => {}
                0x21..=0x7E => {}
                _ => return Err(50),
            }
            i += 1;
            continue;
        }
        // Three-byte characters (the BMP above U+07FF), decoded by hand.
        let (cp, len) = if (0xE0..0xF0).contains(&b) {
            let cp = (u32::from(b & 0x0F) << 12)
                | (u32::from(bytes[i + 1] & 0x3F) << 6)
                | u32::from(bytes[i + 2] & 0x3F);
            (cp, 3)
        } else if b < 0xE0 {
            let c = text[i..].chars().next().ok_or(0u32)?;
            (c as u32, c.len_utf8())
        } else {
            return Err(59);
        };
        let action = t.action[cp as usize];
        maybe_trigger |= action & TRIGGER != 0;
        let action = action & !TRIGGER;
        if action == KEEP {
            i += len;
            continue;
        }
        let c = char::from_u32(cp).ok_or(0u32)?;
        let replacement: &str = match c {
            '。' => {
                if run_len(bytes, i, "。".as_bytes()) >= 3 {
                    return Err(64);
                }
                ""
            }
            '─' | '－' => {
                let mut buf = [0u8; 4];
                let n = run_len(bytes, i, c.encode_utf8(&mut buf).as_bytes());
                if n == 2 {
                    return Err(71);
                }
                ""
            }
            '‧' | '•' | '・' | '．' | '∙' | '⋅' => {
                // `cjk_ellipsis`: three `．` or more.
                if c == '．' && run_len(bytes, i, "．".as_bytes()) >= 3 {
                    return Err(4);
                }
                // `cjk_interpunct`: between two Han characters in a line
                // without kana (else Japanese keeps it), `·`.
                let han_before = text[..i].chars().next_back().is_some_and(is_han);
                let han_after = text[i + len..].chars().next().is_some_and(is_han);
                if han_before
                    && han_after
                    && !*kana.get_or_insert_with(|| text.chars().any(is_kana))
                {
                    maybe_trigger |= t.interpunct_trigger;
                    "·"
                } else {
                    // Left alone: what the pipeline makes of it alone.
                    ""
                }
            }
            '\u{2018}'..='\u{201F}' => {
                // `straighten_quotes`: ’ and ” close (content on the left).
                let closing = matches!(c, '’' | '”');
                let content = if closing {
                    text[..i].chars().rev().find(|&d| d != ' ' && d != '\t')
                } else {
                    text[i + len..].chars().find(|&d| d != ' ' && d != '\t')
                };
                if content.is_some_and(is_cj) {
                    if !matches!(c, '“' | '”' | '‘' | '’') {
                        return Err(84);
                    }
                    i += len;
                    continue;
                }
                if cp <= 0x201B {
                    "'"
                } else {
                    "\""
                }
            }
            _ => "",
        };
        let replacement = if !replacement.is_empty() {
            replacement
        } else {
            match action {
                SLOW => return Err(96),
                KEEP => {
                    i += len;
                    continue;
                }
                k => t.maps[(k - 2) as usize].as_str(),
            }
        };
        out.push_str(&text[copied..i]);
        out.push_str(replacement);
        i += len;
        copied = i;
    }
    out.push_str(&text[copied..]);
    if confirm(&out) {
        Ok((out, maybe_trigger))
    } else {
        Err(1)
    }
}

/// Whether the confirming round would leave `out` alone: no run of dots
/// `cjk_ellipsis` rewrites, no pair of dashes, no space
/// `remove_punct_spaces` removes.
fn confirm(out: &str) -> bool {
    let bytes = out.as_bytes();
    for i in memchr::memchr3_iter(b'.', b'-', b' ', bytes) {
        // The first byte of each run only.
        if i > 0 && bytes[i - 1] == bytes[i] {
            continue;
        }
        match bytes[i] {
            b'.' => {
                if run_len(bytes, i, b".") >= 4 {
                    return false;
                }
            }
            b'-' => {
                let n = run_len(bytes, i, b"-");
                if n == 2 && dashes_act(out, i, i + 2, None) != Ok(false) {
                    return false;
                }
            }
            _ => {
                let mut e = i;
                while e < bytes.len() && bytes[e] == b' ' {
                    e += 1;
                }
                if removes_spaces(out, i, e).is_some_and(|(_, _, remove)| remove) {
                    return false;
                }
            }
        }
    }
    // Characters with a rule for runs (the fused loop writes `—` only as
    // `——`; the others only as they were, in runs it accepted).
    for i in memchr::memchr_iter(0xE2, bytes) {
        let c = out[i..].chars().next().unwrap_or_default();
        if matches!(c, '─' | '—' | '…' | '⋯' | '―') && !(i >= 3 && out[..i].ends_with(c))
        {
            let mut buf = [0u8; 4];
            let n = run_len(bytes, i, c.encode_utf8(&mut buf).as_bytes());
            let ok = match c {
                '—' => n != 1,
                '─' => n != 2,
                _ => false,
            };
            if !ok {
                return false;
            }
        }
    }
    // `。`, `．` and `－` become ASCII or `·`
    // (`table_maps_run_characters_to_ascii`), `｡` goes slow: none is in
    // the output.
    true
}

#[cfg(test)]
mod tests {
    #[test]
    fn table_maps_run_characters_to_ascii() {
        let t = super::table();
        for (c, to) in [('。', "."), ('－', "-"), ('，', ","), ('．', ".")] {
            let k = t.action[c as usize] & !super::TRIGGER;
            assert!(k >= 2 && t.maps[(k - 2) as usize] == to, "{c}");
        }
        for c in ['｡', '…', '⋯', '―', '—'] {
            assert_eq!(t.action[c as usize] & !super::TRIGGER, super::SLOW, "{c}");
        }
    }

    #[test]
    #[ignore]
    fn coverage_on_clean_zh() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/clean/zh-Hans.txt"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            return;
        };
        let t0 = std::time::Instant::now();
        super::table();
        println!("table built in {:?}", t0.elapsed());
        let t0 = std::time::Instant::now();
        let mut fast_bytes = 0;
        for _ in 0..10 {
            for line in text.split_inclusive('\n') {
                if let Some((o, _)) = super::fuse(line) {
                    fast_bytes += o.len();
                }
            }
        }
        let dt = t0.elapsed().as_secs_f64() / 10.0;
        println!(
            "fuse alone: {:.1} MB/s over the whole file; fast lines hold {:.1}% of the bytes",
            text.len() as f64 / dt / 1e6,
            fast_bytes as f64 / 10.0 / text.len() as f64 * 100.0
        );
        let maybe = text
            .split_inclusive('\n')
            .filter(|l| super::fuse(l).is_some_and(|(_, m)| m))
            .count();
        println!("{maybe} lines fused with a possible trigger character");
        let (mut n, mut slow) = (0, 0);
        let mut why = std::collections::BTreeMap::<u32, usize>::new();
        for line in text.split_inclusive('\n') {
            n += 1;
            if let Err(k) = super::fuse_why(line) {
                slow += 1;
                *why.entry(k).or_default() += 1;
            }
        }
        let mut shown = 0;
        for line in text.split_inclusive('\n') {
            if matches!(super::fuse_why(line), Err(96 | 48)) && shown < 8 {
                shown += 1;
                println!("{line:?}");
            }
        }
        let mut v: Vec<_> = why.into_iter().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1));
        println!("{slow} of {n} slow; {:?}", &v[..v.len().min(30)]);
    }
}
