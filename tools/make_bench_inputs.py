#!/usr/bin/env python3
"""Write the three deterministic throughput-benchmark inputs.

    python3 tools/make_bench_inputs.py [--size BYTES]

Outputs (relative to the repo root, directories created as needed):

  target/bench-inputs/clean_en.txt       clean English prose: corpus/bench/en.txt
                                         (verbatim FSF license texts) reflowed to
                                         one paragraph per line, repeated to size
  target/bench-inputs/clean_zh.txt       clean Simplified Chinese: the leading lines
                                         of ../shared/data/clean/zh-Hans.txt
  target/bench-inputs/clean_cjk.txt, damaged_cjk_10pct.txt
                                         zh-Hans, zh-Hant, ja and ko lines interleaved;
                                         in the second every 10th line damaged by a CJK
                                         chain (UTF-8 read as GBK; GBK, Big5, Shift_JIS
                                         read as cp1252; EUC-KR read as Latin-1)
  target/bench-inputs/damaged_10pct.txt  lines from the Latin-script clean corpora
                                         plus some zh-Hans lines (seeded choice);
                                         every 10th line (index % 10 == 9) is
                                         UTF-8-encoded and decoded as
                                         sloppy-windows-1252 (real "Ã©" mojibake)

Each file is cut at a line boundary once it reaches --size bytes (default
1.5 MB) and ends with "\n". Output is byte-identical across runs.
Consumers: benches/fix_text.rs (criterion) and scripts/bench_ftfy.py.
"""
import argparse
import os
import random
import re
import sys

import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLEAN_DIR = os.path.normpath(os.path.join(ROOT, "..", "shared", "data", "clean"))
OUT_DIR = os.path.join(ROOT, "target", "bench-inputs")
EN_SOURCE = os.path.join(ROOT, "corpus", "bench", "en.txt")

# Latin-script corpora used for the damaged input, with relative weights, plus zh-Hans.
DAMAGED_SOURCES = [
    ("de", 3), ("fr", 3), ("es", 2), ("pt-br", 1), ("it", 1),
    ("pl", 2), ("cs", 1), ("tr", 2), ("hu", 1), ("zh-Hans", 2),
]
SEED = 20240601
DAMAGE_EVERY = 10


def read_lines(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = [ln.rstrip("\r\n") for ln in f]
    return [ln for ln in lines if ln.strip()]


def clean_lines(lang):
    path = os.path.join(CLEAN_DIR, lang + ".txt")
    if not os.path.exists(path):
        sys.exit(f"make_bench_inputs.py: missing clean corpus {path}")
    return read_lines(path)


def english_paragraphs():
    with open(EN_SOURCE, encoding="utf-8") as f:
        text = f.read()
    paras = []
    # paragraphs are separated by blank lines or form-feed lines
    for block in re.split(r"\n[ \t\f]*\n", text):
        para = " ".join(block.split())
        if para:
            paras.append(para)
    return paras


def fill(lines_iter, size):
    out, n = [], 0
    for ln in lines_iter:
        out.append(ln)
        n += len(ln.encode("utf-8")) + 1
        if n >= size:
            return out
    return out


def cycle(lines):
    while True:
        yield from lines


def damage(line):
    return line.encode("utf-8").decode("sloppy-windows-1252")


def write(name, lines):
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, name)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    print(f"wrote {os.path.relpath(path, ROOT)}: {len(data):,} bytes, {len(lines):,} lines")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1_500_000, help="target bytes per file")
    args = ap.parse_args()

    # 1. clean English
    write("clean_en.txt", fill(cycle(english_paragraphs()), args.size))

    # 2. clean Chinese (no repetition needed: zh-Hans.txt is ~2 MB)
    write("clean_zh.txt", fill(cycle(clean_lines("zh-Hans")), args.size))

    # 3. 10% damaged lines, mixed languages
    rng = random.Random(SEED)
    pools = {lang: clean_lines(lang) for lang, _ in DAMAGED_SOURCES}
    cursors = {lang: 0 for lang in pools}
    langs = [lang for lang, _ in DAMAGED_SOURCES]
    weights = [w for _, w in DAMAGED_SOURCES]

    def mixed():
        i = 0
        while True:
            lang = rng.choices(langs, weights)[0]
            pool = pools[lang]
            line = pool[cursors[lang] % len(pool)]
            cursors[lang] += 1
            yield damage(line) if i % DAMAGE_EVERY == DAMAGE_EVERY - 1 else line
            i += 1

    lines = fill(mixed(), args.size)
    changed = sum(1 for i, ln in enumerate(lines) if i % DAMAGE_EVERY == DAMAGE_EVERY - 1
                  and not ln.isascii())
    write("damaged_10pct.txt", lines)
    print(f"  damaged lines: {len(lines) // DAMAGE_EVERY:,} "
          f"({changed:,} non-ASCII after damage, i.e. actually altered)")


def cjk_damage(line, rng):
    """One of the CJK chains, as Python's codecs produce it."""
    chains = [
        lambda t: t.encode("utf-8").decode("gbk", errors="replace"),
        lambda t: t.encode("gbk").decode("cp1252", errors="replace"),
        lambda t: t.encode("big5").decode("cp1252", errors="replace"),
        lambda t: t.encode("shift_jis").decode("cp1252", errors="replace"),
        lambda t: t.encode("euc_kr").decode("latin-1"),
    ]
    for chain in rng.sample(chains, len(chains)):
        try:
            return chain(line)
        except UnicodeError:
            continue
    return line


def main_cjk(size):
    """clean CJK (zh-Hans, zh-Hant, ja, ko interleaved) and the same with
    every 10th line damaged by a CJK chain."""
    rng = random.Random(SEED)
    pools = [clean_lines(lang) for lang in ("zh-Hans", "zh-Hant", "ja", "ko")]

    def interleaved():
        i = 0
        while True:
            pool = pools[i % len(pools)]
            yield pool[(i // len(pools)) % len(pool)]
            i += 1

    clean = fill(interleaved(), size)
    write("clean_cjk.txt", clean)
    damaged = [cjk_damage(ln, rng) if i % DAMAGE_EVERY == DAMAGE_EVERY - 1 else ln for i, ln in enumerate(clean)]
    write("damaged_cjk_10pct.txt", damaged)


if __name__ == "__main__":
    main()
    main_cjk(1_500_000)
