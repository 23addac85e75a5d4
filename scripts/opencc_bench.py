#!/usr/bin/env python3
"""Throughput of the Python OpenCC 1.4.2 binding (`pip install opencc==1.4.2`) on the
same text as crates/mojifix-zh/benches/convert.rs: s2t on zh-Hans, t2s on zh-Hant,
the clean corpus repeated to >= 10 MB, converted in one call. Prints MB/s (best of N).

Usage (from the repository root):
    python3 scripts/opencc_bench.py [--corpus-dir ../shared/data/clean] [--repeat 5]
"""

import argparse
import os
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET_BYTES = 10 * 1024 * 1024


def corpus(path):
    with open(path, encoding="utf-8") as f:
        base = f.read()
    if not base.endswith("\n"):
        base += "\n"
    reps = -(-TARGET_BYTES // len(base.encode("utf-8")))
    return base * reps


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus-dir", default=os.path.join(REPO, "..", "shared", "data", "clean"))
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    try:
        import opencc
    except ImportError:
        sys.exit("error: pip install opencc==1.4.2")
    print(f"opencc {opencc.__version__} ({opencc.__file__})")
    for config, name in [("s2t", "zh-Hans.txt"), ("t2s", "zh-Hant.txt")]:
        path = os.path.join(args.corpus_dir, name)
        if not os.path.exists(path):
            print(f"notice: {path} not found, skipped")
            continue
        text = corpus(path)
        mb = len(text.encode("utf-8")) / 1e6
        cc = opencc.OpenCC(config)
        cc.convert("预热")
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            cc.convert(text)
            best = min(best, time.perf_counter() - t0)
        print(f"{config} on {name} x{round(mb / (os.path.getsize(path) / 1e6))}: {mb:.1f} MB "
              f"in {best * 1e3:.0f} ms = {mb / best:.0f} MB/s ({mb / best / 1.048576:.0f} MiB/s)")


if __name__ == "__main__":
    main()
