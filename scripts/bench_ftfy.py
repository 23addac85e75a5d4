#!/usr/bin/env python3
"""Throughput of Python ftfy on the benchmark inputs, plus an output check.

    python3 tools/make_bench_inputs.py      # writes target/bench-inputs/*.txt
    cargo bench --bench fix_text            # mojifix (criterion); plsfix too
                                            # with RUSTFLAGS="--cfg mojifix_bench_compare"
    python3 scripts/bench_ftfy.py [--runs N] [--no-check]

For each of target/bench-inputs/{clean_en,clean_zh,damaged_10pct}.txt this
times ftfy.fix_text(whole_text) (ftfy splits lines itself) with
time.perf_counter, best of N runs, and prints MB/s (10^6 bytes/s of UTF-8
input).

Output check: mojifix with Config::ftfy() is run on the same files and its
output is compared line by line with ftfy's. mojifix's output comes from
`cargo run --release --example fix -- --preset ftfy FILE` when examples/fix.rs
exists, otherwise from the criterion bench binary in dump mode
(MOJIFIX_BENCH_DUMP=DIR cargo bench --bench fix_text), which writes
DIR/<input>.ftfy.txt using the same Fixer the benchmark times.
Set CARGO_TARGET_DIR as you do for cargo bench; it is passed through.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import ftfy

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INPUT_DIR = os.path.join(ROOT, "target", "bench-inputs")
INPUTS = ["clean_en", "clean_zh", "damaged_10pct", "clean_cjk", "damaged_cjk_10pct"]


def load(name):
    path = os.path.join(INPUT_DIR, name + ".txt")
    if not os.path.exists(path):
        sys.exit(f"missing {path}\ngenerate the inputs first with: python3 tools/make_bench_inputs.py")
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def bench(text, runs):
    best = float("inf")
    out = None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = ftfy.fix_text(text)
        best = min(best, time.perf_counter() - t0)
    return best, out


def mojifix_outputs(names):
    """Return {name: mojifix Config::ftfy() output} and a description of the source."""
    env = dict(os.environ)
    if os.path.exists(os.path.join(ROOT, "examples", "fix.rs")) or os.path.isdir(
            os.path.join(ROOT, "examples", "fix")):
        outs = {}
        for name in names:
            path = os.path.join(INPUT_DIR, name + ".txt")
            r = subprocess.run(["cargo", "run", "-q", "--release", "--example", "fix", "--",
                                "--preset", "ftfy", path],
                               cwd=ROOT, env=env, capture_output=True)
            if r.returncode != 0:
                print(r.stderr.decode("utf-8", "replace"), file=sys.stderr)
                return None, "examples/fix failed"
            outs[name] = r.stdout.decode("utf-8")
        return outs, "cargo run --release --example fix -- --preset ftfy FILE"
    with tempfile.TemporaryDirectory() as d:
        env["MOJIFIX_BENCH_DUMP"] = d
        r = subprocess.run(["cargo", "bench", "-q", "--bench", "fix_text"],
                           cwd=ROOT, env=env, capture_output=True)
        if r.returncode != 0:
            print(r.stderr.decode("utf-8", "replace"), file=sys.stderr)
            return None, "bench dump mode failed"
        outs = {}
        for name in names:
            with open(os.path.join(d, name + ".ftfy.txt"), encoding="utf-8", newline="") as f:
                outs[name] = f.read()
    return outs, "MOJIFIX_BENCH_DUMP (benches/fix_text.rs dump mode; examples/fix.rs absent)"


def main():
    ap = argparse.ArgumentParser(description="ftfy throughput on target/bench-inputs")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per input (best is kept)")
    ap.add_argument("--no-check", action="store_true", help="skip the mojifix-vs-ftfy output check")
    ap.add_argument("--show", type=int, default=10, help="differing lines to print per input")
    args = ap.parse_args()

    print(f"ftfy {ftfy.__version__}, Python {sys.version.split()[0]}, best of {args.runs}")
    ftfy_out = {}
    for name in INPUTS:
        text = load(name)
        n = len(text.encode("utf-8"))
        secs, out = bench(text, args.runs)
        ftfy_out[name] = out
        print(f"{name:14s} {n:>10,} B  {secs * 1e3:9.1f} ms  {n / secs / 1e6:8.3f} MB/s")

    if args.no_check:
        return
    outs, how = mojifix_outputs(INPUTS)
    if outs is None:
        print(f"output check skipped: {how}")
        return
    print(f"\noutput check, mojifix Config::ftfy() vs ftfy.fix_text (mojifix via {how}):")
    for name in INPUTS:
        src = load(name).split("\n")
        a = ftfy_out[name].split("\n")
        b = outs[name].split("\n")
        if len(a) != len(b):
            print(f"{name:14s} line counts differ: ftfy {len(a)}, mojifix {len(b)}")
            continue
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        changed_ftfy = sum(1 for i in range(len(a)) if a[i] != src[i])
        changed_moji = sum(1 for i in range(len(b)) if b[i] != src[i])
        print(f"{name:14s} {len(a) - 1:>6} lines: ftfy changed {changed_ftfy}, "
              f"mojifix changed {changed_moji}, outputs differ on {len(diff)}")
        for i in diff[:args.show]:
            # window around the first differing character
            k = next((j for j, (x, y) in enumerate(zip(a[i], b[i])) if x != y),
                     min(len(a[i]), len(b[i])))
            lo = max(0, k - 40)
            print(f"    line {i + 1}, first difference at char {k}:\n"
                  f"      in:      {src[i][lo:k + 60]!r}\n"
                  f"      ftfy:    {a[i][lo:k + 60]!r}\n      mojifix: {b[i][lo:k + 60]!r}")


if __name__ == "__main__":
    main()
