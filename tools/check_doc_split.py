#!/usr/bin/env python3
"""Check that splitting ARCHITECTURE.md into a current description and docs/history/ lost nothing.

Usage (from the repository root):

    python3 tools/check_doc_split.py [OLD_REV]

OLD_REV (default 0ad1c0a) is the commit whose ARCHITECTURE.md is the old, unsplit file; it is read
with `git show OLD_REV:ARCHITECTURE.md`. Every unit of the old file must appear verbatim in the new
ARCHITECTURE.md or in one of docs/history/*.md. A unit is a paragraph (a blank-line separated
block, compared whole) or, for a table, each of its rows. The only exceptions are the paragraphs
(or table rows) rewritten into a shorter current statement, listed in docs/history/REWRITTEN.txt by
the first 60 characters of the paragraph (newlines read as spaces), one per line; the script lists them, and
says whether the original is also kept verbatim in a history file. Exit status 1 when a unit is
missing or an allowlist line matches no old paragraph.
"""
import glob
import os
import subprocess
import sys


def blocks(text):
    out, cur = [], []
    for line in text.split("\n"):
        if line.strip() == "":
            if cur:
                out.append("\n".join(cur))
                cur = []
        else:
            cur.append(line)
    if cur:
        out.append("\n".join(cur))
    return out


def is_table(block):
    return all(line.startswith("|") for line in block.split("\n"))


def units(text):
    """(kind, text) for every paragraph, and every row of every table."""
    out = []
    for b in blocks(text):
        if is_table(b):
            out.extend(("row", r) for r in b.split("\n"))
        else:
            out.append(("para", b))
    return out


def index(path):
    text = open(path, encoding="utf-8").read()
    paras, rows = set(), set()
    for b in blocks(text):
        if is_table(b):
            rows.update(b.split("\n"))
        paras.add(b)
    return paras, rows


def main():
    rev = sys.argv[1] if len(sys.argv) > 1 else "0ad1c0a"
    root = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
    ).stdout.strip()
    os.chdir(root)
    old = subprocess.run(
        ["git", "show", f"{rev}:ARCHITECTURE.md"], capture_output=True, text=True, check=True
    ).stdout
    arch = index("ARCHITECTURE.md")
    hist = {p: index(p) for p in sorted(glob.glob("docs/history/*.md"))}
    allow_path = "docs/history/REWRITTEN.txt"
    allow = [l.rstrip("\n") for l in open(allow_path, encoding="utf-8") if l.strip()]
    used = set()

    counts = {"arch": 0, "history": 0, "rewritten": 0, "missing": 0}
    rewritten, missing = [], []
    old_units = units(old)
    for kind, u in old_units:
        key = 0 if kind == "para" else 1
        in_arch = u in arch[key]
        where = [p for p, ix in hist.items() if u in ix[key]]
        prefix = u.replace("\n", " ")[:60]
        if prefix in allow:
            used.add(prefix)
            counts["rewritten"] += 1
            rewritten.append((prefix, len(u), where))
            continue
        if in_arch:
            counts["arch"] += 1
        elif where:
            counts["history"] += 1
        else:
            counts["missing"] += 1
            missing.append((kind, prefix))

    stale = [a for a in allow if a not in used]
    print(f"old file: git show {rev}:ARCHITECTURE.md, {len(old.encode())} bytes, "
          f"{len(old_units)} units ({sum(1 for k, _ in old_units if k == 'para')} paragraphs, "
          f"{sum(1 for k, _ in old_units if k == 'row')} table rows)")
    print(f"verbatim in ARCHITECTURE.md:           {counts['arch']}")
    print(f"verbatim only in docs/history/*.md:    {counts['history']}")
    print(f"rewritten (allowlisted in {allow_path}): {counts['rewritten']}")
    print(f"missing:                               {counts['missing']}")
    print(f"new ARCHITECTURE.md: {os.path.getsize('ARCHITECTURE.md')} bytes; history: "
          + ", ".join(f"{os.path.basename(p)} {os.path.getsize(p)}" for p in hist))
    if rewritten:
        print("\nrewritten into a shorter current statement (old length; original kept verbatim in):")
        for prefix, n, where in rewritten:
            print(f"  {prefix!r} ({n} chars; {', '.join(where) if where else 'NOT KEPT'})")
    for kind, prefix in missing:
        print(f"MISSING {kind}: {prefix!r}")
    for a in stale:
        print(f"STALE allowlist line (matches no old paragraph): {a!r}")
    return 1 if missing or stale else 0


if __name__ == "__main__":
    sys.exit(main())
