//! A character-coded double-array trie answering "longest key that is a prefix
//! of the text at this position" — the only query OpenCC's conversion and
//! segmentation need.
//!
//! Characters that occur in keys get dense codes (1..); everything else has
//! code 0 and can never continue a match. Node 0 is the root and its base is
//! 0, so the child of the root for code `c` lives in slot `c`.
//!
//! Every parent has its own base, so a slot is identified by its label (the
//! code leading to it) alone: the walk reads a 2-byte label per step and the
//! slot's base only when the label matches. Nodes without children share a
//! `dead` base whose slots are all free, so a walk step never branches on
//! "has children".

/// Marker for "this node ends no key".
pub(crate) const NO_VALUE: u64 = u64::MAX;
/// Set on a value when the value equals its key (the match changes nothing).
pub(crate) const IDENTITY: u64 = 1 << 63;
/// Build-time value ids.
const NO_ID: u32 = u32::MAX;
const ID_IDENTITY: u32 = 1 << 31;
const FREE: u32 = u32::MAX;
/// Label of an unused slot (no code is this large).
const FREE_LABEL: u16 = u16::MAX;

/// Set in `Node::check` when the node ends a key (its value is in `Matcher::node_values`).
const HAS_VALUE: u32 = 1 << 31;
const PARENT_MASK: u32 = !HAS_VALUE;

#[derive(Clone, Copy)]
#[repr(C, align(16))]
struct RootInfo {
    /// Children offset (`Matcher::dead`: none; with `value == NO_VALUE` too:
    /// no key starts with the char).
    base: u32,
    _pad: u32,
    /// Packed value or `NO_VALUE`.
    value: u64,
}

/// A node while building (the compiled trie keeps labels and bases apart).
#[derive(Clone, Copy)]
#[repr(C)]
struct Node {
    /// Offset of the children (child for code `c` is `base + c`); 0 = no children
    /// (for every node but the root).
    base: u32,
    /// Parent node index, with `HAS_VALUE`; `FREE` for unused slots.
    check: u32,
}

/// Decodes the char starting at `b[i]`.
///
/// `b` must be the bytes of a `str` (valid UTF-8) and `i` a char boundary
/// below `b.len()`: every caller in this crate passes `str` bytes and
/// positions reached by whole-char steps. Under that invariant all indexing
/// below is in bounds (checked in debug builds).
#[inline(always)]
pub(crate) fn decode(b: &[u8], i: usize) -> (u32, usize) {
    debug_assert!(i < b.len());
    let at = |k: usize| -> u32 {
        debug_assert!(k < b.len());
        // SAFETY: `b` is valid UTF-8 and `i` a char boundary, so the
        // continuation bytes of the char at `i` exist (see above).
        unsafe { *b.get_unchecked(k) as u32 }
    };
    let c0 = at(i);
    if c0 < 0x80 {
        (c0, 1)
    } else if c0 < 0xE0 {
        (((c0 & 0x1F) << 6) | (at(i + 1) & 0x3F), 2)
    } else if c0 < 0xF0 {
        (
            ((c0 & 0x0F) << 12) | ((at(i + 1) & 0x3F) << 6) | (at(i + 2) & 0x3F),
            3,
        )
    } else {
        (
            ((c0 & 0x07) << 18)
                | ((at(i + 1) & 0x3F) << 12)
                | ((at(i + 2) & 0x3F) << 6)
                | (at(i + 3) & 0x3F),
            4,
        )
    }
}

/// Code point -> dense code (0 = the char occurs in no key): a flat table for
/// the BMP, two levels above it.
struct CodeTable {
    /// 65536 entries.
    bmp: Vec<u16>,
    /// `cp >> 8` -> block number (block 0 is all zeros), for cp >= 0x10000.
    hi: Vec<u16>,
    /// Blocks of 256 codes.
    lo: Vec<u16>,
}

impl CodeTable {
    fn new() -> Self {
        CodeTable {
            bmp: vec![0; 0x10000],
            hi: vec![0; 0x110000 >> 8],
            lo: vec![0; 256],
        }
    }

    fn set(&mut self, cp: u32, code: u16) {
        if cp < 0x10000 {
            self.bmp[cp as usize] = code;
            return;
        }
        let h = (cp >> 8) as usize;
        if self.hi[h] == 0 {
            self.hi[h] = (self.lo.len() / 256) as u16;
            self.lo.extend(std::iter::repeat(0).take(256));
        }
        let blk = self.hi[h] as usize;
        self.lo[blk * 256 + (cp & 0xFF) as usize] = code;
    }

    /// `cp` must be a Unicode scalar value (at most 0x10FFFF).
    #[inline(always)]
    fn get(&self, cp: u32) -> u32 {
        debug_assert!(cp <= 0x10FFFF);
        if cp < 0x10000 {
            // SAFETY: `bmp` has 0x10000 entries.
            unsafe { *self.bmp.get_unchecked(cp as usize) as u32 }
        } else {
            // SAFETY: `hi` has 0x1100 entries and cp >> 8 <= 0x10FF; every
            // block number in `hi` indexes a full 256-entry block of `lo`.
            unsafe {
                let blk = *self.hi.get_unchecked((cp >> 8) as usize) as usize;
                *self.lo.get_unchecked(blk * 256 + (cp & 0xFF) as usize) as u32
            }
        }
    }

    fn heap_bytes(&self) -> usize {
        (self.bmp.len() + self.hi.len() + self.lo.len()) * 2
    }
}

/// Result of a longest-prefix lookup.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hit {
    /// Byte offset just past the longest matching key, or the start position if none.
    pub end: usize,
    /// Packed value (may carry `IDENTITY`), or `NO_VALUE` when nothing matched.
    pub value: u64,
    /// The walk reached the end of the input while a longer key was still
    /// possible: with more input the answer could change.
    pub open: bool,
    /// The char after the first one, as the walk decoded it: code point,
    /// length in bytes (0: not decoded, at the end of the input) and code.
    pub peek: (u32, u32, u32),
}

/// A compiled dictionary: flat key -> value map with longest-prefix lookup.
pub(crate) struct Matcher {
    codes: CodeTable,
    /// Per slot: the code of the char that leads to it from its parent, or
    /// `FREE_LABEL`. Parents have distinct bases, so slot `base + c` is the
    /// child of the node with that base for code `c` exactly when its label
    /// is `c`. 2 bytes a slot: the probe of every walk step reads only this.
    labels: Vec<u16>,
    /// Per slot: the base of its children (`dead`: none), with `HAS_VALUE`.
    bases: Vec<u32>,
    /// The base of the nodes without children (its slots are all free).
    dead: u32,
    /// Code of the marked chars (see [`Matcher::build_marked`]).
    marked_code: u32,
    /// Some key contains an ideographic description operator.
    ids_coded: bool,
    /// Per node: packed value or `NO_VALUE`. Bits 32..40 hold the byte
    /// length; bits 0..32 the UTF-8 bytes themselves when the length is at
    /// most 4 (one char: the common case), else an offset into `arena`.
    node_values: Vec<u64>,
    /// Values longer than 4 bytes, back to back.
    arena: Vec<u8>,
    /// Per code: the root's child for that char (its base and value) in one
    /// cache line (`dead` and `NO_VALUE` when no key starts with the char).
    /// The first step at every text position reads only this.
    roots: Vec<RootInfo>,
    /// ASCII bytes that start at least one key.
    ascii_start: [bool; 128],
    /// Some key consists of ASCII chars only.
    has_ascii_only_key: bool,
    /// Longest run of leading ASCII chars of any key (e.g. 3 for `SQL注入`).
    max_ascii_prefix: usize,
    /// Lead bytes of the first chars of keys.
    first_lead_bytes: [bool; 256],
    max_key_chars: usize,
    len: usize,
}

impl Matcher {
    /// Builds the trie. Keys must be unique and non-empty.
    #[allow(dead_code)]
    pub(crate) fn build(entries: &[(&'static str, &'static str)]) -> Matcher {
        Matcher::build_marked(entries, &[])
    }

    /// [`Matcher::build`], giving the chars of `marked` that occur in no key
    /// the code [`Matcher::marked_code`] (as a first char they start no key,
    /// as a later char they continue none: they behave like code 0, but a
    /// scan can tell them apart from other unmatched chars by the code).
    pub(crate) fn build_marked(
        entries: &[(&'static str, &'static str)],
        marked: &[u32],
    ) -> Matcher {
        // Dense codes, most frequent chars first (keeps the array compact).
        let mut freq: std::collections::HashMap<char, u32> = std::collections::HashMap::new();
        for (k, _) in entries {
            for c in k.chars() {
                *freq.entry(c).or_insert(0) += 1;
            }
        }
        let mut chars: Vec<(char, u32)> = freq.into_iter().collect();
        chars.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        assert!(
            chars.len() + 1 < FREE_LABEL as usize,
            "too many distinct chars in keys"
        );
        let mut codes = CodeTable::new();
        let marked_code = chars.len() as u32 + 1;
        for &c in marked {
            codes.set(c, marked_code as u16);
        }
        for (i, (c, _)) in chars.iter().enumerate() {
            codes.set(*c as u32, (i + 1) as u16);
        }

        let mut values = Vec::with_capacity(entries.len());
        let mut keys: Vec<(Vec<u32>, u32)> = Vec::with_capacity(entries.len());
        let mut ascii_start = [false; 128];
        let mut has_ascii_only_key = false;
        let mut max_ascii_prefix = 0;
        let mut first_lead_bytes = [false; 256];
        let mut max_key_chars = 0;
        for (k, v) in entries {
            assert!(!k.is_empty(), "empty dictionary key");
            let ks: Vec<u32> = k.chars().map(|c| codes.get(c as u32)).collect();
            max_key_chars = max_key_chars.max(ks.len());
            let b0 = k.as_bytes()[0];
            first_lead_bytes[b0 as usize] = true;
            if b0 < 0x80 {
                ascii_start[b0 as usize] = true;
            }
            if k.is_ascii() {
                has_ascii_only_key = true;
            }
            max_ascii_prefix = max_ascii_prefix.max(k.bytes().take_while(u8::is_ascii).count());
            let mut id = values.len() as u32;
            assert!(id < ID_IDENTITY);
            if k == v {
                id |= ID_IDENTITY;
            }
            values.push(*v);
            keys.push((ks, id));
        }
        keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for w in keys.windows(2) {
            assert!(w[0].0 != w[1].0, "duplicate key");
        }

        let mut b = Builder {
            nodes: vec![Node {
                base: 0,
                check: FREE,
            }],
            node_values: vec![NO_ID],
            next_check_pos: 1,
            bucket_pos: [0; 20],
            used_bases: Vec::new(),
        };
        b.ensure(chars.len() + 2);
        if !keys.is_empty() {
            b.insert_all(&keys);
        }
        // Room so that `base + code` is in bounds for every base and code: the
        // lookup relies on it.
        let max_base = b.nodes.iter().map(|n| n.base as usize).max().unwrap_or(0);
        b.ensure(max_base + marked_code as usize + 1);
        // A base for the nodes without children, whose slots are all free:
        // a walk step from such a node fails on the label like any other
        // mismatch, with no separate "has children" branch.
        let dead = b.nodes.len();
        b.ensure(dead + marked_code as usize + 1);
        assert!((dead as u32) & HAS_VALUE == 0, "trie too large");
        let dead = dead as u32;
        b.nodes.shrink_to_fit();
        // Pack the values.
        let mut arena: Vec<u8> = Vec::new();
        let mut packed_of_id: Vec<u64> = Vec::with_capacity(values.len());
        for v in &values {
            let bytes = v.as_bytes();
            let len = bytes.len() as u64;
            assert!(len < 256, "dictionary value too long");
            let low = if bytes.len() <= 4 {
                let mut w = [0u8; 4];
                w[..bytes.len()].copy_from_slice(bytes);
                u32::from_le_bytes(w) as u64
            } else {
                let off = arena.len() as u64;
                arena.extend_from_slice(bytes);
                off
            };
            packed_of_id.push((len << 32) | low);
        }
        arena.shrink_to_fit();
        let node_values: Vec<u64> = b
            .node_values
            .iter()
            .map(|&id| {
                if id == NO_ID {
                    NO_VALUE
                } else {
                    let p = packed_of_id[(id & !ID_IDENTITY) as usize];
                    if id & ID_IDENTITY != 0 {
                        p | IDENTITY
                    } else {
                        p
                    }
                }
            })
            .collect();
        let roots: Vec<RootInfo> = (0..=marked_code as usize)
            .map(|code| {
                let n = b.nodes[code];
                if code == 0 || code == marked_code as usize || n.check & PARENT_MASK != 0 {
                    RootInfo {
                        base: dead,
                        _pad: 0,
                        value: NO_VALUE,
                    }
                } else {
                    RootInfo {
                        base: if n.base == 0 { dead } else { n.base },
                        _pad: 0,
                        value: node_values[code],
                    }
                }
            })
            .collect();
        // Labels: the code leading to each used slot (slot - parent's base).
        let labels: Vec<u16> = b
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                if n.check == FREE {
                    FREE_LABEL
                } else {
                    let parent = (n.check & PARENT_MASK) as usize;
                    let c = i - b.nodes[parent].base as usize;
                    debug_assert!(c >= 1 && c < FREE_LABEL as usize);
                    c as u16
                }
            })
            .collect();
        let bases: Vec<u32> = b
            .nodes
            .iter()
            .map(|n| {
                assert!(n.base & HAS_VALUE == 0, "trie too large");
                let base = if n.base == 0 { dead } else { n.base };
                if n.check != FREE && n.check & HAS_VALUE != 0 {
                    base | HAS_VALUE
                } else {
                    base
                }
            })
            .collect();
        let ids_coded = (0x2FF0..=0x2FFF).any(|c| {
            let code = codes.get(c);
            code != 0 && code != marked_code
        });
        Matcher {
            roots,
            codes,
            labels,
            bases,
            dead,
            marked_code,
            ids_coded,
            node_values,
            arena,
            ascii_start,
            has_ascii_only_key,
            max_ascii_prefix,
            first_lead_bytes,
            max_key_chars,
            len: entries.len(),
        }
    }

    /// Longest key in characters.
    pub(crate) fn max_key_chars(&self) -> usize {
        self.max_key_chars
    }

    /// Number of keys.
    #[allow(dead_code)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Bytes of heap memory owned (the values point into embedded static data).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.codes.heap_bytes()
            + self.labels.capacity() * 2
            + self.bases.capacity() * 4
            + self.node_values.capacity() * 8
            + self.arena.capacity()
            + self.roots.capacity() * std::mem::size_of::<RootInfo>()
    }

    #[inline(always)]
    pub(crate) fn ascii_starts_key(&self, b: u8) -> bool {
        self.ascii_start[b as usize]
    }

    /// Bytes at the end of an ASCII run that can still start a match (a key
    /// with leading ASCII chars continuing past the run); `None` when some key
    /// is all ASCII (then any ASCII position may match).
    #[inline(always)]
    pub(crate) fn ascii_run_tail(&self) -> Option<usize> {
        if self.has_ascii_only_key {
            None
        } else {
            Some(self.max_ascii_prefix)
        }
    }

    /// True when some key is made of ASCII chars only (pure-ASCII text could match).
    pub(crate) fn has_ascii_only_key(&self) -> bool {
        self.has_ascii_only_key
    }

    /// Lead bytes of keys' first chars.
    pub(crate) fn first_lead_bytes(&self) -> &[bool; 256] {
        &self.first_lead_bytes
    }

    /// Appends the value of a [`Hit`] (not `NO_VALUE`) to `out`.
    #[inline(always)]
    pub(crate) fn append_value(&self, value: u64, out: &mut Vec<u8>) {
        let len = ((value >> 32) & 0xFF) as usize;
        if len <= 4 {
            out.reserve(4);
            // SAFETY: 4 bytes of room reserved; only `len` of them are
            // committed, and those are the value's UTF-8 bytes.
            unsafe {
                let dst = out.as_mut_ptr().add(out.len());
                std::ptr::copy_nonoverlapping((value as u32).to_le_bytes().as_ptr(), dst, 4);
                out.set_len(out.len() + len);
            }
        } else {
            self.append_long_value(value, len, out);
        }
    }

    #[inline(never)]
    fn append_long_value(&self, value: u64, len: usize, out: &mut Vec<u8>) {
        let off = (value & 0xFFFF_FFFF) as usize;
        out.extend_from_slice(&self.arena[off..off + len]);
    }

    /// The value of a [`Hit`] as a string (tests and tools).
    #[allow(dead_code)]
    pub(crate) fn value_string(&self, value: u64) -> String {
        let mut v = Vec::new();
        self.append_value(value, &mut v);
        String::from_utf8(v).unwrap()
    }

    /// True when some key starts with the char `cp`.
    #[inline(always)]
    pub(crate) fn starts_key(&self, cp: u32) -> bool {
        let code = self.codes.get(cp) as usize;
        let r = self.roots[code];
        r.base != self.dead || r.value != NO_VALUE
    }

    /// Longest key that is a prefix of `b[p..]`, where the char at `p` is
    /// `cp` of `len` bytes. `b` is valid UTF-8; the match never extends past
    /// `b.len()`.
    #[inline(always)]
    pub(crate) fn longest_at(&self, b: &[u8], p: usize, cp: u32, len: usize) -> Hit {
        self.longest_at_code(b, p, len, self.codes.get(cp))
    }

    /// Dense code of a char (0 or [`Matcher::marked_code`] when it occurs in no key).
    #[inline(always)]
    pub(crate) fn code(&self, cp: u32) -> u32 {
        self.codes.get(cp)
    }

    /// The code of the marked chars that occur in no key.
    #[inline(always)]
    pub(crate) fn marked_code(&self) -> u32 {
        self.marked_code
    }

    /// True when some key contains an ideographic description operator.
    #[inline(always)]
    pub(crate) fn ids_coded(&self) -> bool {
        self.ids_coded
    }

    /// True when some key contains the char `cp`.
    pub(crate) fn has_char(&self, cp: u32) -> bool {
        let c = self.codes.get(cp);
        c != 0 && c != self.marked_code
    }

    /// [`Matcher::longest_at`] with the first char's code already known.
    #[inline(always)]
    pub(crate) fn longest_at_code(&self, b: &[u8], p: usize, len: usize, code: u32) -> Hit {
        let mut hit = Hit {
            end: p,
            value: NO_VALUE,
            open: false,
            peek: (0, 0, 0),
        };
        let code = code as usize;
        debug_assert!(code < self.roots.len());
        // SAFETY: codes run from 0 to the number of distinct chars, and
        // `roots` has an entry for each.
        let root = unsafe { *self.roots.get_unchecked(code) };
        let labels = &self.labels[..];
        let mut q = p + len;
        // The deepest node with a value past the first char, if any.
        let mut best_node = usize::MAX;
        // No branch: a char that starts no key has base `dead` and no value.
        hit.value = root.value;
        hit.end = if root.value != NO_VALUE { q } else { p };
        let mut base = root.base as usize;
        if q >= b.len() {
            hit.open = base != self.dead as usize;
        } else {
            let (mut cp2, mut l2) = decode(b, q);
            // Code 0 (no key has the char) never matches a label: slot
            // `base` is free or the child for a code >= 1.
            let mut c2 = self.codes.get(cp2);
            hit.peek = (cp2, l2 as u32, c2);
            loop {
                let next = base + c2 as usize;
                debug_assert!(next < labels.len());
                // SAFETY: `build` pads the arrays so that base + code is in
                // bounds for every base (`dead` included) and every code.
                if unsafe { *labels.get_unchecked(next) } as u32 != c2 {
                    break;
                }
                // SAFETY: as above (`bases` has the length of `labels`).
                let nb = unsafe { *self.bases.get_unchecked(next) };
                q += l2;
                if nb & HAS_VALUE != 0 {
                    best_node = next;
                    hit.end = q;
                }
                base = (nb & !HAS_VALUE) as usize;
                if q >= b.len() {
                    hit.open = base != self.dead as usize;
                    break;
                }
                (cp2, l2) = decode(b, q);
                c2 = self.codes.get(cp2);
            }
        }
        if best_node != usize::MAX {
            hit.value = self.node_values[best_node];
        }
        hit
    }

    /// Longest key that is a prefix of `s` (convenience for tests and tools).
    #[allow(dead_code)]
    pub(crate) fn longest(&self, s: &str) -> Hit {
        if s.is_empty() {
            return self.longest_at_code(b"", 0, 0, 0);
        }
        let (cp, l) = decode(s.as_bytes(), 0);
        self.longest_at(s.as_bytes(), 0, cp, l)
    }
}

struct Builder {
    nodes: Vec<Node>,
    node_values: Vec<u32>,
    next_check_pos: usize,
    /// Per log2(child count): where the last search for such a set succeeded.
    /// Slots only fill up, so a set of similar size would not fit earlier
    /// either (a heuristic: it only decides where searches start).
    bucket_pos: [usize; 20],
    /// Bases given out so far (each parent gets its own).
    used_bases: Vec<bool>,
}

impl Builder {
    fn ensure(&mut self, len: usize) {
        if self.nodes.len() < len {
            self.nodes.resize(
                len,
                Node {
                    base: 0,
                    check: FREE,
                },
            );
            self.node_values.resize(len, NO_ID);
        }
    }

    /// Finds a base such that `base + c` is free for every child code.
    fn find_base(&mut self, children: &[u32]) -> usize {
        let c0 = children[0] as usize;
        let bucket = (usize::BITS - children.len().leading_zeros()) as usize;
        let mut pos = self.next_check_pos.max(c0 + 1).max(self.bucket_pos[bucket]);
        let mut occupied = 0usize;
        let start = pos;
        loop {
            self.ensure(pos + 1);
            if self.nodes[pos].check != FREE {
                occupied += 1;
                pos += 1;
                continue;
            }
            let base = pos - c0;
            let max = base + *children.last().unwrap() as usize;
            self.ensure(max + 1);
            if !self.used_bases.get(base).copied().unwrap_or(false)
                && children
                    .iter()
                    .all(|&c| self.nodes[base + c as usize].check == FREE)
            {
                // Distinct bases: a slot's label then identifies its parent.
                if self.used_bases.len() <= base {
                    self.used_bases.resize(base + 1, false);
                }
                self.used_bases[base] = true;
                // Skip densely packed regions in later searches (as darts does).
                if occupied * 20 > (pos - start + 1) * 19 {
                    self.next_check_pos = pos;
                }
                self.bucket_pos[bucket] = pos;
                return base;
            }
            pos += 1;
        }
    }

    /// Builds the trie level by level (breadth first): all depth-2 nodes —
    /// the transition taken at almost every text position — end up packed
    /// together near the front of the array, which keeps them in cache.
    fn insert_all(&mut self, keys: &[(Vec<u32>, u32)]) {
        let mut queue = std::collections::VecDeque::new();
        queue.push_back((0usize, 0usize, keys.len(), 0usize));
        while let Some((node, from, to, depth)) = queue.pop_front() {
            let mut i = from;
            if keys[i].0.len() == depth {
                self.node_values[node] = keys[i].1;
                self.nodes[node].check |= HAS_VALUE;
                i += 1;
            }
            if i == to {
                continue;
            }
            // Group by code at `depth`.
            let mut groups: Vec<(u32, usize, usize)> = Vec::new();
            let mut s = i;
            while s < to {
                let c = keys[s].0[depth];
                let mut e = s + 1;
                while e < to && keys[e].0[depth] == c {
                    e += 1;
                }
                groups.push((c, s, e));
                s = e;
            }
            let children: Vec<u32> = groups.iter().map(|g| g.0).collect();
            let base = if node == 0 {
                0
            } else {
                self.find_base(&children)
            };
            self.ensure(base + *children.last().unwrap() as usize + 1);
            self.nodes[node].base = base as u32;
            for &c in &children {
                self.nodes[base + c as usize].check = node as u32;
            }
            for &(c, s, e) in &groups {
                queue.push_back((base + c as usize, s, e, depth + 1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix() {
        let m = Matcher::build(&[
            ("头", "頭"),
            ("头发", "頭髮"),
            ("发", "發"),
            ("一二三四", "x"),
            ("a", "a"),
        ]);
        let h = m.longest("头发呢");
        assert_eq!(
            (h.end, m.value_string(h.value).as_str(), h.open),
            (6, "頭髮", false)
        );
        let h = m.longest("头");
        assert_eq!(
            (h.end, m.value_string(h.value).as_str(), h.open),
            (3, "頭", true)
        );
        let h = m.longest("一二三");
        assert_eq!((h.end, h.value, h.open), (0, NO_VALUE, true));
        let h = m.longest("一二五");
        assert_eq!((h.end, h.value, h.open), (0, NO_VALUE, false));
        let h = m.longest("b");
        assert_eq!((h.end, h.value), (0, NO_VALUE));
        let h = m.longest("ab");
        assert_eq!(h.end, 1);
        assert!(h.value & IDENTITY != 0);
        assert_eq!(m.max_key_chars(), 4);
    }
}
