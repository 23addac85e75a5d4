#!/usr/bin/env python3
"""ftfy 6.3.1 on the real mojibake cases, beside mojifix's figures.

Reads corpus/real/cases.jsonl (see corpus/real/PROVENANCE.md), repairs every
`garbled` field with ftfy.fix_text (defaults) and prints, per chain and in
total, the exact-match rate against `expected` (lossy cases: the original
with U+FFFD for each character whose bytes were lost) or `original`, split
into lossless and lossy cases like tests/real_cases.rs. With --mojifix it
also runs `examples/fix --jsonl-field garbled` (the default preset) on the
same cases and prints both tools' rates side by side; it also checks the
clean traps with ftfy (mojifix's traps are asserted by tests/real_cases.rs).

With --first-line N only the lines from N on (0-based) are read: 227 gives
the third collection (tests/real_cases.rs, THIRD_COLLECTION).

Usage: python3 scripts/real_cases_side_by_side.py [--mojifix] [--fix PATH] [--first-line N]
Needs ftfy (`pip install ftfy==6.3.1`).
"""

import argparse
import json
import os
import subprocess
import sys
from collections import OrderedDict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fills_agree(got, case):
    """The rule of tests/real_cases.rs: `got` is `expected`, except that where
    `expected` has U+FFFD for a lost character, `got` may have the original's."""
    want = case.get("expected", case["original"])
    original = case["original"]
    if got == want:
        return True
    return len(got) == len(want) == len(original) and all(
        g == w or (w == "\ufffd" and g == o) for g, w, o in zip(got, want, original)
    )


def mojifix_outputs(fix, cases):
    lines = "".join(json.dumps({"garbled": c["garbled"]}, ensure_ascii=False) + "\n" for c in cases)
    out = subprocess.run(
        [fix, "--jsonl-field", "garbled"],
        input=lines.encode(),
        stdout=subprocess.PIPE,
        check=True,
    ).stdout.decode()
    return [json.loads(l)["garbled"] for l in out.splitlines() if l.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", default=os.path.join(ROOT, "corpus/real/cases.jsonl"))
    ap.add_argument("--mojifix", action="store_true", help="also run examples/fix")
    ap.add_argument("--fix", help="path of the examples/fix binary (built if absent)")
    ap.add_argument("--first-line", type=int, default=0, help="skip the lines before this one (0-based)")
    args = ap.parse_args()

    import ftfy

    rows = [json.loads(l) for l in open(args.cases, encoding="utf-8") if l.strip()][args.first_line :]
    cases = [r for r in rows if "clean" not in r]
    traps = [r for r in rows if "clean" in r]
    tools = OrderedDict([("ftfy " + ftfy.__version__, [ftfy.fix_text(c["garbled"]) for c in cases])])
    if args.mojifix:
        fix = args.fix
        if not fix:
            target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
            subprocess.run(["cargo", "build", "--release", "--example", "fix"], cwd=ROOT, check=True)
            fix = os.path.join(target, "release", "examples", "fix")
        tools["mojifix"] = mojifix_outputs(fix, cases)

    groups = OrderedDict()
    for i, c in enumerate(cases):
        key = ("lossy" if c.get("lossy") else "lossless", c["chain"])
        groups.setdefault(key, []).append(i)
    names = list(tools)
    print("exact matches on real cases (%d cases, %d clean traps)" % (len(cases), len(traps)))
    print("  " + "  ".join("%-16s" % n for n in names) + "  chain")
    totals = {}
    for (kind, chain), idx in sorted(groups.items()):
        cells = []
        for n in names:
            ok = sum(fills_agree(tools[n][i], cases[i]) for i in idx)
            t = totals.setdefault((n, kind), [0, 0])
            t[0] += ok
            t[1] += len(idx)
            cells.append("%3d/%-3d %6.1f%%  " % (ok, len(idx), 100.0 * ok / len(idx)))
        print("  " + "".join(cells) + chain + (" [lossy]" if kind == "lossy" else ""))
    for kind in ("lossless", "lossy"):
        print(
            "%-8s " % kind
            + "  ".join(
                "%s %d/%d = %.1f%%" % (n, totals[(n, kind)][0], totals[(n, kind)][1], 100.0 * totals[(n, kind)][0] / max(1, totals[(n, kind)][1]))
                for n in names
                if (n, kind) in totals
            )
        )
    changed = [t["clean"] for t in traps if ftfy.fix_text(t["clean"]) != t["clean"]]
    print("ftfy changed %d of %d clean traps" % (len(changed), len(traps)))
    for t in changed:
        print("  %s -> %s" % (t, ftfy.fix_text(t)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
