#!/usr/bin/env python3
"""Differential test: mojifix-zh vs the real OpenCC 1.4.2 (PyPI wheel `opencc==1.4.2`).

Converts every line of the clean corpora (zh-Hans, zh-Hant, ja) plus a deterministic
set of synthetic edge-case lines (CJK compatibility ideographs, ideographic description
sequences, ASCII-initial dictionary keys, mixed scripts) with every one of the 16 OpenCC
configs, through both the Python binding and our library (the `zhconvert` example,
line by line), and prints the number of differing lines per config. As a second check
the whole input, as one text, goes through our StreamConverter in 4 KiB chunks and must
equal OpenCC's conversion of the whole text. Exits 1 if any line differs, 2 on setup errors.

Usage (from the repository root):
    pip install opencc==1.4.2
    python3 scripts/opencc_diff.py [--corpus-dir ../shared/data/clean] [--configs s2t,t2s]
                                   [--show N] [--no-stream] [--synthetic N]
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time

CONFIGS = ["s2t", "t2s", "s2tw", "tw2s", "s2twp", "tw2sp", "s2hk", "hk2s",
           "s2hkp", "hk2sp", "t2tw", "tw2t", "t2hk", "hk2t", "t2jp", "jp2t"]
CORPORA = ["zh-Hans.txt", "zh-Hant.txt", "ja.txt"]
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_opencc():
    try:
        import opencc
    except ImportError:
        sys.exit("error: the Python OpenCC binding is missing: pip install opencc==1.4.2")
    version = getattr(opencc, "__version__", "?")
    # The real binding wraps the C++ library (opencc_clib); reject look-alikes.
    if version != "1.4.2" or not hasattr(opencc, "opencc_clib"):
        print(f"error: need the real OpenCC 1.4.2 binding, found opencc {version} "
              f"from {opencc.__file__}", file=sys.stderr)
        sys.exit(2)
    return opencc


def build_binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
    cmd = ["cargo", "build", "--release", "-q", "-p", "mojifix-zh", "--example", "zhconvert"]
    subprocess.run(cmd, cwd=REPO, check=True)
    exe = os.path.join(target, "release", "examples", "zhconvert")
    if not os.path.exists(exe):
        sys.exit(f"error: {exe} not found after build")
    return exe


def synthetic_lines(n, seed=20261125):
    """Edge cases the corpora lack; deterministic."""
    rng = random.Random(seed)
    pieces = [
        "头发", "干净", "软件", "鼠标", "里面", "皇后", "SQL注入攻击", "PN结", "B超", "U盘",
        "伯克希尔-哈撒韦公司", "A型肝炎", "滑鼠", "軟體", "頭髮", "乾淨", "裡面", "著名", "著作",
        "舊字體", "旧字体", "亞", "蘋果", "台灣", "臺灣", "香港", "後面", "发展", "發展",
        "\u2ff0钅只", "\u2ff1艹\u2ff0钅只", "\u2ff0", "\u2ff2", "\u2ffb", "\u2ff0头发",
        "\uf900", "\uf91f", "\ufa0e", "\U0002f800", "\U0002fa1d", "豈", "ａｂｃ", "，。",
        " ", "\t", "abc", "é", "😀", "\u3000", "〇", "\U00020000", "𠮷",
    ]
    out = []
    for _ in range(n):
        k = rng.randint(1, 12)
        out.append("".join(rng.choice(pieces) for _ in range(k)))
    return out


def run_ours(exe, config, text, stream):
    cmd = [exe, "--config", config] + (["--stream"] if stream else [])
    r = subprocess.run(cmd, input=text.encode("utf-8"), stdout=subprocess.PIPE, check=True)
    return r.stdout.decode("utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus-dir", default=os.path.join(REPO, "..", "shared", "data", "clean"))
    ap.add_argument("--configs", default=",".join(CONFIGS))
    ap.add_argument("--show", type=int, default=3, help="differing lines to print per config")
    ap.add_argument("--no-stream", action="store_true", help="skip the streaming-mode check")
    ap.add_argument("--synthetic", type=int, default=3000, help="synthetic edge-case lines")
    args = ap.parse_args()

    opencc = load_opencc()
    exe = build_binary()

    lines = []
    for name in CORPORA:
        path = os.path.join(args.corpus_dir, name)
        if not os.path.exists(path):
            print(f"notice: {path} not found, skipped")
            continue
        with open(path, encoding="utf-8") as f:
            file_lines = f.read().split("\n")
        if file_lines and file_lines[-1] == "":
            file_lines.pop()
        lines.extend(file_lines)
        print(f"{name}: {len(file_lines)} lines")
    synth = synthetic_lines(args.synthetic)
    lines.extend(synth)
    print(f"synthetic: {len(synth)} lines")
    if not lines:
        sys.exit("error: no input lines")
    text = "\n".join(lines) + "\n"
    print(f"total: {len(lines)} lines, {len(text.encode('utf-8')) / 1e6:.1f} MB per config\n")

    total_diff = 0
    print(f"{'config':<7} {'lines':>7} {'differing':>9} {'stream_diff':>11} {'opencc_s':>8} {'ours_s':>7}")
    for config in args.configs.split(","):
        cc = opencc.OpenCC(config)
        t0 = time.perf_counter()
        expected = [cc.convert(line) for line in lines]
        t_ref = time.perf_counter() - t0
        t0 = time.perf_counter()
        ours = run_ours(exe, config, text, stream=False).split("\n")
        t_ours = time.perf_counter() - t0
        if ours and ours[-1] == "":
            ours.pop()
        if len(ours) != len(expected):
            print(f"{config}: line count mismatch: ours {len(ours)} vs {len(expected)}")
            total_diff += 1
            continue
        diffs = [i for i, (a, b) in enumerate(zip(ours, expected)) if a != b]
        stream_diff = "-"
        if not args.no_stream:
            # The whole text as ONE input (IDS and unmatched runs can span lines), in
            # 4 KiB chunks through StreamConverter, against OpenCC on the whole text.
            streamed = run_ours(exe, config, text, stream=True)
            want = cc.convert(text)
            stream_diff = "0" if streamed == want else "DIFF"
            if streamed != want:
                total_diff += 1
        print(f"{config:<7} {len(lines):>7} {len(diffs):>9} {stream_diff:>11} {t_ref:>8.2f} {t_ours:>7.2f}")
        for i in diffs[: args.show]:
            print("   input:   " + json.dumps(lines[i], ensure_ascii=False)[:300])
            print("   opencc:  " + json.dumps(expected[i], ensure_ascii=False)[:300])
            print("   ours:    " + json.dumps(ours[i], ensure_ascii=False)[:300])
        total_diff += len(diffs)
    if total_diff:
        print(f"\nFAIL: {total_diff} differences")
        sys.exit(1)
    print("\nOK: 0 differing lines for every config")


if __name__ == "__main__":
    main()
