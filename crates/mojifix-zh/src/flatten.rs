//! Turning a dictionary group into one flat dictionary whose plain
//! longest-prefix match gives exactly the group's match.
//!
//! * `union[A, B]`: longest match over the members, ties to the earlier
//!   member. Flat: `A ∪ B`, `A`'s value where a key is in both.
//! * `short_circuit[A, B]`: `A`'s longest match if `A` matches at all, else
//!   `B`'s. Flat: `A ∪ {k ∈ B : no prefix of k (k included) is a key of A}`.
//!   Proof: if the flat longest match is a `B` key `k`, no `A` key is a prefix
//!   of `k`, and an `A` key longer than `k` matching here would be a longer
//!   flat match — so `A` has no match, and `B`'s longest is `k` (a longer `B`
//!   match would also be in the flat dict, as `A` has no prefix of it either).
//!   If it is an `A` key `a`, `a` is `A`'s longest match (all of `A` is in),
//!   and that is the group's answer.
//!
//! Both rules are associative, so groups of more than two members fold left,
//! and nested groups flatten bottom-up.

use crate::data::{dict, DictSpec};
use std::collections::HashMap;

/// Flat entries, in no particular order.
pub(crate) fn flatten(spec: &DictSpec) -> Vec<(&'static str, &'static str)> {
    flatten_map(spec).into_iter().collect()
}

fn flatten_map(spec: &DictSpec) -> HashMap<&'static str, &'static str> {
    match spec {
        DictSpec::File(f) => dict(*f).entries.iter().copied().collect(),
        DictSpec::Union(members) => {
            let mut acc: HashMap<&'static str, &'static str> = HashMap::new();
            for m in members.iter() {
                for (k, v) in flatten_map(m) {
                    acc.entry(k).or_insert(v);
                }
            }
            acc
        }
        DictSpec::ShortCircuit(members) => {
            let mut acc: HashMap<&'static str, &'static str> = HashMap::new();
            for m in members.iter() {
                let add = flatten_map(m);
                let mut keep = Vec::new();
                for (k, v) in add {
                    let shadowed = k
                        .char_indices()
                        .map(|(i, c)| &k[..i + c.len_utf8()])
                        .any(|prefix| acc.contains_key(prefix));
                    if !shadowed {
                        keep.push((k, v));
                    }
                }
                acc.extend(keep);
            }
            acc
        }
    }
}
