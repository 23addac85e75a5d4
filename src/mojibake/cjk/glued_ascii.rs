//! Glued trails: an ASCII byte between a kana and a high byte that is the
//! trail of a lead the page lost (Shift_JIS `81` of `ー`, `。`, `、`:
//! `ビュ[で`), and the runs where it cannot be (the page kept its bytes).

use std::sync::OnceLock;

use crate::mojibake::CodePage;

use super::legacy::Legacy;
use super::lost_bytes::RARE_PAIR_BITS;
use super::lost_bytes::{unpack_step, STEP_BREAK};
use super::reading_tables::{lost_fills, read_bits};
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

test_switch! {
    /// Tests: `false` leaves glued ASCII trails of a run that lost bytes as
    /// they are (see `lost_run_trails`).
    pub(super) fn lost_run_trail_switch, static LOST_RUN_TRAILS = true
}

/// Glued trails in a run whose reading lost bytes: an ASCII byte `40`–`7E`
/// between two non-ASCII characters of the run's cheapest reading (`path`,
/// as `read_with_lost_bytes` leaves it), where Shift_JIS has a lead the
/// page drops for that trail (`81` of `、。・（）「」ー`, `8D`/`8F`/`90`/`9D`
/// of kanji), becomes the lost character: the fill of [`glued_fill`]
/// (a clear fill cheaper than [`GLUED_ASCII_BITS`]: `。`, `、`, `ー`, `，`)
/// or U+FFFD. (With every clear fill of [`lost_fills`], kanji fills of
/// letters after a wrong pair made text up: `メンバ`, whose `メ` lost its
/// trail `81`, read `ャ塔o` and then `ャ塔出`.) Only where the reading itself lost a high
/// byte's lead or trail (`STEP_LOST`): the run shows that the page dropped
/// bytes, and a page that drops `81` drops the lead of every `、` and `。`
/// after a kanji as well as after a kana ([`glued_trail`] asks for a kana
/// and a cheap fill because it runs inside the reading, where a glued byte
/// must be paid for). Not in a run that kept its bytes ([`kept_its_bytes`]).
/// Shift_JIS only: it alone puts common characters (its punctuation row)
/// on a lead the pages drop. GBK's and Big5's `81`–`A0` leads are rarer
/// characters (GBK's extension, Big5's HKSCS), while Chinese glues ASCII
/// letters to Han without spaces (`用n後面`, `w和c是`): on 4,000 zh-Hant
/// lines through windows-1252 `errors=ignore` the rule made 125 GBK lines
/// closer to the original and 75 further, Big5 7 and 8.
/// And only in a run whose reading is Japanese (kana in at least one
/// character in four, two at least): without that, GBK text through the
/// same page lost spans to Shift_JIS readings that the trails carried
/// (`資雍妥鳂I系統` → `資雍妥鳂Iϵ½y`, 18 of those 4,000 lines further).
/// Before a space, the end of the run or closing punctuation as well as
/// between two characters (`るB `, `はA `: `。`, `、` before a space).
/// Left as it was before this rule, the trail stayed a stray letter
/// (`宝物の鼕を濫`, `ダイナミックEパラ`) and cut the span in two. Its step
/// is a `STEP_TRAIL`, which the weighing does not charge as a lost byte
/// (`Proposal::lost`): the run's loss is shown already, and the ASCII it
/// replaces costs the garbled text little (`ƒhB` ending a span: charged,
/// `詳細モード。` lost to the garbled text and the run stayed mojibake).
pub(super) fn lost_run_trails(
    bytes: &[u8],
    rejected_any: bool,
    page: CodePage,
    legacy: Legacy,
    path: &mut [(usize, char, u8)],
) {
    use super::lost_bytes::STEP_TRAIL;
    let fills = lost_fills(legacy, page);
    let Some(loss) = japanese_run_loss(bytes, rejected_any, page, legacy, path) else {
        return;
    };
    // Where the run shows no other loss, only its stops ([`read_stops`]):
    // its other ASCII is as likely the text's own.
    if loss == RunLoss::StopsOnly {
        read_stops(bytes, fills, path, loss);
        return;
    }
    let read = |(_, c, kind): (usize, char, u8)| kind != STEP_BREAK && !c.is_ascii();
    for k in 1..path.len() {
        let (from, c, kind) = path[k];
        if kind != STEP_BREAK || !c.is_ascii() || !(0x40..=0x7E).contains(&bytes[from]) {
            continue;
        }
        // After a character of the reading, and before another, or before
        // ASCII that is no letter or digit, or at the run's end (`るB `,
        // `はA `: the page lost the `81` of `。`, `、` before a space).
        let at_space = path
            .get(k + 1)
            .map_or(true, |&(_, n, _)| n.is_ascii_whitespace());
        let ends_word = at_space
            || path
                .get(k + 1)
                .is_some_and(|&(_, n, _)| is_closing_ascii(n));
        if !read(path[k - 1]) || !(ends_word || read(path[k + 1])) {
            continue;
        }
        if fills[256 + usize::from(bytes[from])].0 != '\0' {
            let fill = glued_fill(fills, bytes[from]).map_or('\u{FFFD}', |(c, _)| c);
            let next = path.get(k + 1).map(|s| s.1);
            let fill = if fill_fits(bytes[from], fill, path[k - 1].1, next, at_space) {
                fill
            } else {
                c
            };
            path[k] = (from, fill, STEP_TRAIL);
        }
    }
    // The stops after the trails above: a letter after a stop read first
    // would be a trail between two characters (`ではAn以下`, whose `n` is
    // the text's own, read `では、�以下`).
    read_stops(bytes, fills, path, loss);
}

/// The stray stops of a lost Japanese run's reading `path`
/// ([`stray_stops`]) read as their fills, `、` or `。`.
fn read_stops(
    bytes: &[u8],
    fills: &[(char, u32); 512],
    path: &mut [(usize, char, u8)],
    loss: RunLoss,
) {
    use super::lost_bytes::STEP_TRAIL;
    for k in 1..path.len() {
        if stray_stop_at(bytes, fills, path, k, loss) {
            let (from, c, _) = path[k];
            let fill = glued_fill(fills, bytes[from]).map_or(c, |(f, _)| f);
            path[k] = (from, fill, STEP_TRAIL);
            // The `)` before it joins the span (`見よ)。`): alone, a span of
            // one `。` is not taken.
            let (at, paren, _) = path[k - 1];
            if paren == ')' {
                path[k - 1] = (at, paren, STEP_TRAIL);
            }
        }
    }
}

/// Whether a run is Japanese read with Shift_JIS on a page that lost bytes,
/// as its reading `path` shows: the page drops `81`, the lead of the
/// punctuation row, and no kana lead (`82`, `83`), and the run kept none
/// of its bytes ([`kept_its_bytes`]), the reading lost a high byte's lead or
/// trail (`STEP_LOST`) or shows a lead that took the next kana's lead
/// ([`stolen_trail`]: on ja lines 8001–14800 through windows-1252
/// `errors=ignore`, `プャOラムは…読みますB` had no `STEP_LOST`), and it has kana in at least one character in four,
/// two at least (a Chinese run read as Shift_JIS, GBK through the same
/// page, has few). Windows-1250 drops the katakana lead `83` as well:
/// katakana there are ASCII letters whose pairs are gone (`ŤbN` for `ロック`,
/// which the trails made `甲�`, a character short), and on 3,000 such ja
/// lines the rules took positional character accuracy from 26.0 to 23.3%;
/// windows-1251 keeps `81` (its ASCII trails are the text's own).
/// [`lost_run_trails`] reads its stray ASCII trails, and
/// `read_with_lost_bytes` reads it a second time with [`stray_after_pair`].
pub(super) fn lost_japanese_run(
    bytes: &[u8],
    rejected_any: bool,
    page: CodePage,
    legacy: Legacy,
    path: &[(usize, char, u8)],
) -> bool {
    japanese_run_loss(bytes, rejected_any, page, legacy, path) == Some(RunLoss::Shown)
}

/// What a Japanese run read with Shift_JIS on a page that drops `81` shows
/// of its lost bytes (see [`japanese_run_loss`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum RunLoss {
    /// A lost lead or trail the reading shows ([`lost_japanese_run`]).
    Shown,
    /// None but stray stops: `、` or `。` whose `81` was dropped, left as
    /// `A` or `B` where the text's own ASCII does not stand ([`stray_stop`]).
    StopsOnly,
}

/// [`lost_japanese_run`], and where the run shows no other loss, whether
/// it has stray stops ([`RunLoss::StopsOnly`]); `None` for a run that is
/// not Japanese, kept its bytes, or shows no loss at all.
fn japanese_run_loss(
    bytes: &[u8],
    rejected_any: bool,
    page: CodePage,
    legacy: Legacy,
    path: &[(usize, char, u8)],
) -> Option<RunLoss> {
    use super::lost_bytes::{STEP_CHAR, STEP_LOST};
    let lost = page.lost_bytes();
    if !lost_run_trail_switch()
        || legacy != Legacy::ShiftJis
        || !lost.contains(&0x81)
        || lost.contains(&0x82)
        || lost.contains(&0x83)
        || path.len() < 2
        // (Two kana are two pairs led by `82` or `83`: a run with fewer of
        // those bytes has fewer kana, and most runs, Latin mojibake read
        // with every encoding, are passed over here without a scan.)
        || memchr::memchr2_iter(0x82, 0x83, bytes).nth(1).is_none()
    {
        return None;
    }
    // One pass: the kana, the non-ASCII characters, and whether the
    // reading lost a byte or shows a stolen trail or a pair of lost trails.
    let fills = lost_fills(legacy, page);
    let (mut kana, mut non_ascii, mut lost_a_byte) = (0, 0, false);
    let mut last = path[0];
    for (k, &(from, c, kind)) in path.iter().enumerate() {
        let high = !c.is_ascii();
        non_ascii += usize::from(high);
        kana += usize::from(kind == STEP_CHAR && ('\u{3041}'..='\u{30FA}').contains(&c));
        lost_a_byte |= kind == STEP_LOST && high && bytes[from] >= 0x80;
        lost_a_byte |= k > 0 && kind == STEP_BREAK && stolen_trail(bytes, last, path[k]);
        // A rare kanji pair both of whose bytes are lost leads' trails.
        lost_a_byte |= kind == STEP_CHAR
            && c >= '\u{4E00}'
            && path.get(k + 1).map_or(bytes.len(), |s| s.0) == from + 2
            && pair_of_lost_trails(fills, bytes[from], bytes[from + 1], read_bits(c));
        last = path[k];
    }
    let stop = || {
        stray_stops(bytes, fills, path, RunLoss::StopsOnly)
            .next()
            .is_some()
    };
    if kana < 2
        || 4 * kana < non_ascii
        || !(lost_a_byte || stop())
        || kept_its_bytes(bytes, rejected_any, page)
    {
        return None;
    }
    Some(if lost_a_byte {
        RunLoss::Shown
    } else {
        RunLoss::StopsOnly
    })
}

/// The steps of a Japanese run's reading `path` that are ASCII trails left
/// alone where a sentence's `、` or `。` stands (Shift_JIS `81 41`, `81 42`,
/// read `A`, `B` once the page dropped the `81`: [`stop_in_place`]), after a
/// character of the reading: `できるB`, `指定するB このオプション`. A run
/// that shows no other loss (most short sentences: no kanji lost its lead)
/// was left with these letters: on the first 400 ja lines through
/// windows-1252 `errors=ignore`, 171 such `B` and `A`. `loss` says what
/// the run shows of its loss ([`RunLoss`]; [`stop_in_place`]).
fn stray_stops<'a>(
    bytes: &'a [u8],
    fills: &'a [(char, u32); 512],
    path: &'a [(usize, char, u8)],
    loss: RunLoss,
) -> impl Iterator<Item = usize> + 'a {
    (1..path.len()).filter(move |&k| stray_stop_at(bytes, fills, path, k, loss))
}

/// Whether the step `k` (at least 1) of `path` is one of [`stray_stops`].
#[inline]
fn stray_stop_at(
    bytes: &[u8],
    fills: &[(char, u32); 512],
    path: &[(usize, char, u8)],
    k: usize,
    loss: RunLoss,
) -> bool {
    use super::lost_bytes::STEP_CHAR;
    let ((_, p, prev_kind), (from, c, kind)) = (path[k - 1], path[k]);
    if kind != STEP_BREAK || !c.is_ascii() {
        return false;
    }
    if p == ')' {
        // After `)` that closes kana of the reading, at the end or before
        // a space, in a run that shows its loss: `(特にラップトップには)A
        // リアルタイム`, `(デフォルト)B`; not `(株)A社`, `(注)A`.
        let (_, before, before_kind) = path[k.saturating_sub(2)];
        return loss == RunLoss::Shown
            && k >= 2
            && before_kind == STEP_CHAR
            && ('\u{3041}'..='\u{30FA}').contains(&before)
            && path.get(k + 1).map_or(true, |s| s.1.is_ascii_whitespace())
            && matches!(glued_fill(fills, bytes[from]), Some(('、' | '。', _)));
    }
    prev_kind == STEP_CHAR
        && stop_in_place(
            bytes[from],
            p,
            path.get(k + 1).map(|s| s.1),
            fills,
            loss == RunLoss::Shown,
        )
        && ascii_word_after(bytes, from)
}

/// Whether the stop at `at` is followed by a space, the end, a high byte,
/// or an ASCII byte that is not itself followed by a high byte (before the
/// punctuation of [`stop_in_place`], not a trail of a kanji that lost its
/// lead as well: `使` `8E 67` with `8E` dropped by windows-1254).
#[inline]
pub(super) fn ascii_word_after(bytes: &[u8], at: usize) -> bool {
    match bytes.get(at + 1) {
        Some(&n) if n < 0x80 && !n.is_ascii_whitespace() => {
            bytes.get(at + 2).map_or(true, |&b| b < 0x80)
        }
        _ => true,
    }
}

/// Whether the ASCII byte `b` (`40`–`7E`, whose clear fill, [`glued_fill`],
/// is `、` or `。`) after the hiragana `prev` and before `next` (`None`:
/// the end) stands where the text's own ASCII does not and a stop does: at
/// the end, before a space or before `` ` ``, `(`, `'` or `"`. In the
/// 14,801 lines of the clean ja corpus a hiragana and `、` or `。` come
/// before a space or the end 31,974 times, a hiragana and `A` or `B` there
/// never.
///
/// Where the run shows no other loss (`shown` false: [`RunLoss::StopsOnly`],
/// which a page that keeps every byte, sloppy-windows-1252 or
/// `errors=replace`, gives as well), not after a particle (`はがをにのでと
/// もへや`): a letter there is a word of the text's own as often (`答えはA`,
/// `型はA Bです`, `AとB の違い`), and the corpus's stops after them (5,878
/// of the 31,974) are left.
///
/// Not before a letter, a digit, `-` or `/` (`ここではBluetoothを使う`,
/// `用紙はA4`, `規格はA-1`, `これはA/Bテストだ`: words glued to the
/// text), nor after `)` (`(株)A社`) or a katakana or a kanji (`プランB`,
/// `付録A`). Before a kanji, a kana or a capital the letter is as often
/// the text's (`まずA社`, `プランBを`, `はAPI`); there only a run that
/// shows its loss otherwise reads it ([`lost_run_trails`]). The lean path
/// (`lean_readings::lean_read_as`) leaves a line with such a byte to the
/// full path.
#[inline]
pub(super) fn stop_in_place(
    b: u8,
    prev: char,
    next: Option<char>,
    fills: &[(char, u32); 512],
    shown: bool,
) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&prev)
        && (shown || !"はがをにのでともへや".contains(prev))
        && (0x40..=0x7E).contains(&b)
        && next.map_or(true, |n| {
            n.is_ascii_whitespace() || matches!(n, '`' | '(' | '\'' | '"')
        })
        && matches!(glued_fill(fills, b), Some(('、' | '。', _)))
}

/// Whether a pair `a b` costing `bits` is rare (see
/// `lost_bytes::RARE_PAIR_BITS`) and both its bytes are trails that a lead
/// the page drops would make a character of ([`lost_fills`]): in a run that
/// lost bytes, two characters that each lost their lead as well (`削除` with
/// `8D` and `8F` dropped, `ED 9C`, read `弴`). Such a pair in a Japanese run
/// shows the loss ([`lost_japanese_run`]: lines with `弴` or `炎暿` and no
/// other visible loss were left so).
#[inline]
pub(super) fn pair_of_lost_trails(fills: &[(char, u32); 512], a: u8, b: u8, bits: u32) -> bool {
    bits >= RARE_PAIR_BITS
        && fills[256 + usize::from(a)].0 != '\0'
        && fills[256 + usize::from(b)].0 != '\0'
}

/// Whether `a` and `b` are both Shift_JIS kana leads (`82` hiragana, `83`
/// katakana): as a pair, `ャ` `モ` `ｂ` `ｃ`; in a kana run that lost a
/// byte, more often a lead that lost its trail and the next kana's lead.
#[inline]
pub(super) fn kana_leads(a: u8, b: u8) -> bool {
    matches!(a, 0x82..=0x83) && matches!(b, 0x82..=0x83)
}

/// Whether the ASCII byte at `at` (`40`–`7E`) follows a pair of two
/// Shift_JIS kana leads ([`kana_leads`]) and comes before the katakana lead
/// `83`: a lead that lost its trail took the next kana's lead, this byte is
/// that kana's trail, and the katakana run goes on (`プログラム` whose `ロ`
/// lost its `8D`: `83 83 4F 83 89` read `ャOラ`; `ドメイン`, `81` lost,
/// `83 83 43 83 93`). A word-final `ャ` with real ASCII glued after it is
/// followed by anything else (`アーキテクチャXを`, `83 83 58 82 F0`;
/// `チェンジャCの`; `キャプチャ@される`): with any high byte after the
/// trail, those lines, and that last one even through pages that lose no
/// byte, became made-up katakana (`アーキテクチ�ス`, `ジ�イの`).
#[inline]
pub(super) fn stolen_kana_trail(bytes: &[u8], at: usize) -> bool {
    at >= 2
        && kana_leads(bytes[at - 2], bytes[at - 1])
        && (0x40..=0x7E).contains(&bytes[at])
        && bytes.get(at + 1) == Some(&0x83)
}

/// Whether the step `pair` and the step after it, `next`, show a lead that
/// lost its trail and took the next character's lead as its own: `pair`
/// reads two bytes, and `next` is an ASCII trail left alone right after
/// them ([`stolen_kana_trail`]). The reading lost nothing it can see (no
/// `STEP_LOST`), but that ASCII byte is the trail of the lead the pair
/// took, so the run lost a byte. (With any lead as the pair's second byte,
/// kanji pairs were cut as well: `抽出` with `8F` lost, `92 8A 6F`, read
/// `�覚`, 22 held-out lines further.)
fn stolen_trail(bytes: &[u8], pair: (usize, char, u8), next: (usize, char, u8)) -> bool {
    use super::lost_bytes::STEP_CHAR;
    let ((from, c, kind), (at, _, next_kind)) = (pair, next);
    kind == STEP_CHAR
        && !c.is_ascii()
        && at == from + 2
        && next_kind == STEP_BREAK
        && stolen_kana_trail(bytes, at)
}

/// In the second reading of a run that [`lost_japanese_run`]: whether the
/// ASCII byte at `i` (`40`–`7E`, one a lost lead would make a character
/// of) stands alone right after a high byte the reading made a character
/// of (`step_here`). Left as it is, it costs the reading
/// [`GLUED_ASCII_BITS`]: it is more likely the trail of a lost lead, and a
/// reading that leaves it out of the pair before it paired the wrong bytes
/// (`メンバ` whose `メ` lost its trail `81`: `83 83 93 83 6F` read `ャ塔o`
/// for free; `プログラム` whose `ロ` lost its `8D`, `ャO`).
#[inline]
pub(super) fn stray_after_pair(
    bytes: &[u8],
    i: usize,
    step_here: u64,
    fills: &[(char, u32); 512],
) -> bool {
    let (from, prev, kind) = unpack_step(step_here);
    let b = bytes[i];
    (0x40..=0x7E).contains(&b)
        && i > 1
        && from + 2 == i
        && bytes[i - 1] >= 0x80
        && bytes.get(i + 1).is_some_and(|&n| n >= 0x80)
        && kind != STEP_BREAK
        && !prev.is_ascii()
        && fills[256 + usize::from(b)].0 != '\0'
}

/// Whether the lost character `fill` that [`lost_run_trails`] would read
/// for the ASCII trail `b` between `prev` and `next` fits there; where it
/// does not, the trail stays the letter it is, in the span (real ASCII
/// glued to Japanese is as likely there: `付録Aを見よ`, `ポートXで`,
/// `名@ローカル`, `[MS-DOS のみ]`, `フィールドを[ ]`, which read `付録、を`,
/// `ポート�で`, `名�ゼカル`, `のみ�`, `をー ]`). `、` `。` `，` after a
/// hiragana (a verb's ending, a particle) or ending a word; `ー` after
/// katakana; U+FFFD only before a Japanese character (not before a space:
/// `それぞれn を`), not for `@[]` (the fullwidth space and brackets, which
/// the text's own ASCII often is), and for a capital only after a hiragana.
/// `at_space`: a space follows, or the run ends (`next` is `None` there,
/// and in a reading, where the next character is not read yet). Before
/// ASCII closing punctuation only after a hiragana (`付録A)` read `付録、)`;
/// `です。)`, `は、"` are the text's). Also asked of the fills the second
/// reading of a lost run makes ([`stray_after_pair`]): `移植性` (`90`
/// lost) read `移、�`, `擬似端末` read `擬嵐ー末`.
pub(super) fn fill_fits(b: u8, fill: char, prev: char, next: Option<char>, at_space: bool) -> bool {
    let hiragana = |c: char| ('\u{3041}'..='\u{309F}').contains(&c);
    let katakana = |c: char| ('\u{30A1}'..='\u{30FC}').contains(&c);
    match fill {
        '、' | '。' | '，' => hiragana(prev) || at_space,
        'ー' => katakana(prev),
        '\u{FFFD}' => {
            let before_japanese = next.is_some_and(|n| !n.is_ascii());
            match b {
                b'@' | b'[' | b']' => false,
                b'A'..=b'Z' => hiragana(prev) && before_japanese,
                _ => before_japanese,
            }
        }
        _ => true,
    }
}

/// ASCII punctuation that closes or follows a word (`"` `'` `,` `.` `)` `]`
/// `;` `:`).
fn is_closing_ascii(c: char) -> bool {
    matches!(c, '"' | '\'' | ',' | '.' | ')' | ']' | ';' | ':')
}
