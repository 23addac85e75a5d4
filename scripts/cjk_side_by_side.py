#!/usr/bin/env python3
"""ftfy and mojifix side by side on the CJK mojibake cases.

Reads corpus/cjk/cases.jsonl (made by tests/cjk_cases.rs from the damage
synthesizer), repairs every `garbled` field with ftfy.fix_text (defaults) and
with `examples/fix --jsonl-field garbled` (the default preset; the cases of
one legacy encoding read as another with `--enable fix_cjk_cross_legacy`,
the switch that repairs them, off in every preset: their rows say so, and
the totals are given without them too), and prints per chain family and for
both tools:

* lossless: whole lines whose damage lost nothing, repaired exactly;
* spans: lines with one damaged stretch, repaired exactly;
* lossy exact: lossy lines repaired to `expected` (the original with each
  character whose bytes were lost as U+FFFD);
* determined: of the non-ASCII characters of the original whose bytes
  survived, the share the output holds, in order (longest common
  subsequence).

Usage: python3 scripts/cjk_side_by_side.py [--fix PATH] [--cases PATH]
Needs ftfy (`pip install ftfy==6.3.1`). Builds examples/fix if no --fix.
"""

import argparse
import json
import os
import subprocess
import sys
from collections import OrderedDict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


LEGACY = ("gbk", "big5", "shift_jis", "euc-jp", "euc-kr")


def is_cross(chain):
    """One legacy encoding read with another's decoder."""
    parts = chain.split(" (")[0].split(" read as ")
    return len(parts) == 2 and parts[0] in LEGACY and parts[1] in LEGACY


def family(chain):
    """The chain without its code page or error handling."""
    if is_cross(chain):
        return chain.split(" (")[0] + " [switch on]"
    if chain.startswith("utf-8 read as") and chain.endswith("twice"):
        return "utf-8 read as a code page twice"
    if not chain.startswith("utf-8"):
        return chain.split(" ")[0] + " read as a code page"
    base = chain.split(" (")[0]
    if " then as " in base:
        return base.split(" then as ")[0] + " then as a code page"
    return base


def determined(fixed, original, expected):
    """Determined non-ASCII characters of `original` found in order in `fixed`."""
    counted = [
        (c, e != "\ufffd" and not c.isascii())
        for c, e in zip(original, expected if expected is not None else original)
    ]
    total = sum(1 for _, d in counted if d)
    row = [0] * (len(original) + 1)
    for x in fixed:
        diagonal = 0
        for j, (c, d) in enumerate(counted):
            up = row[j + 1]
            row[j + 1] = diagonal + 1 if d and x == c else max(up, row[j])
            diagonal = up
    return row[len(original)], total


def run_mojifix(fix, cases_path, *options):
    with open(cases_path, "rb") as f:
        out = subprocess.run(
            [fix, "--jsonl-field", "garbled", *options], stdin=f, capture_output=True, check=True
        ).stdout.decode("utf-8")
    return [json.loads(line)["garbled"] for line in out.splitlines()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fix", help="path to the built examples/fix binary")
    ap.add_argument("--cases", default=os.path.join(ROOT, "corpus/cjk/cases.jsonl"))
    args = ap.parse_args()
    import ftfy

    fix = args.fix
    if fix is None:
        subprocess.run(
            ["cargo", "build", "--release", "--quiet", "--example", "fix"], cwd=ROOT, check=True
        )
        fix = os.path.join(ROOT, "target/release/examples/fix")
    cases = [json.loads(line) for line in open(args.cases, encoding="utf-8")]
    ours = run_mojifix(fix, args.cases)
    crossed = run_mojifix(fix, args.cases, "--enable", "fix_cjk_cross_legacy")
    assert len(ours) == len(cases) == len(crossed)
    stats = OrderedDict()
    for case, mine, with_switch in zip(cases, ours, crossed):
        if is_cross(case["chain"]):
            mine = with_switch
        theirs = ftfy.fix_text(case["garbled"])
        fam = stats.setdefault(family(case["chain"]), {"ftfy": {}, "mojifix": {}})
        for tool, out in (("ftfy", theirs), ("mojifix", mine)):
            s = fam[tool]
            if case["span"]:
                kind = "spans"
                ok = out == case["original"]
            elif case["lossy"]:
                kind = "lossy"
                ok = out == case["expected"]
                got, total = determined(out, case["original"], case["expected"])
                s["det"] = s.get("det", 0) + got
                s["det_total"] = s.get("det_total", 0) + total
            else:
                kind = "lossless"
                ok = out == case["original"]
            s[kind] = s.get(kind, 0) + 1
            s[kind + "_ok"] = s.get(kind + "_ok", 0) + int(ok)

    def cell(s, kind):
        n = s.get(kind, 0)
        return "-" if n == 0 else f"{s.get(kind + '_ok', 0)}/{n}"

    def det(s):
        t = s.get("det_total", 0)
        return "-" if t == 0 else f"{100 * s['det'] / t:.1f}%"

    print(f"ftfy {ftfy.__version__} vs mojifix (default preset) on {len(cases)} cases")
    head = f"{'chain family':<36} {'tool':<8} {'lossless':>9} {'spans':>7} {'lossy exact':>11} {'determined':>10}"
    print(head)
    print("-" * len(head))
    totals = {"ftfy": [0, 0], "mojifix": [0, 0]}
    preset = {"ftfy": [0, 0], "mojifix": [0, 0]}
    for fam, tools in stats.items():
        for tool in ("ftfy", "mojifix"):
            s = tools[tool]
            print(
                f"{fam:<36} {tool:<8} {cell(s, 'lossless'):>9} {cell(s, 'spans'):>7} "
                f"{cell(s, 'lossy'):>11} {det(s):>10}"
            )
            for t in [totals] + ([] if fam.endswith("[switch on]") else [preset]):
                t[tool][0] += s.get("lossless_ok", 0) + s.get("spans_ok", 0)
                t[tool][1] += s.get("lossless", 0) + s.get("spans", 0)
    for tool, (ok, n) in totals.items():
        print(f"{tool}: lossless and span cases exact {ok}/{n} ({100 * ok / max(n, 1):.1f}%)")
    for tool, (ok, n) in preset.items():
        print(
            f"{tool}, without the [switch on] rows: lossless and span cases exact "
            f"{ok}/{n} ({100 * ok / max(n, 1):.1f}%)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
