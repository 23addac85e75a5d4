#!/usr/bin/env python3
"""Writes seed corpora for the fuzz targets into fuzz/corpus/<target>/.

Seeds: every line of corpus/samples/*.txt, a sample of the CJK cases
(garbled and original), ftfy's test cases, the scrape cases, and the first
lines of each ../shared/data/clean/*.txt (when present). Targets that read
control bytes before the text get a few header bytes varied per seed.
Usage: python3 fuzz/seed_corpus.py   (from the repository root or fuzz/)
"""
import glob
import hashlib
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus")
# Header bytes each target reads before the text.
HEADERS = {"fix_text": 0, "fix_bytes": 0, "stream": 6, "zh_convert": 4, "damage_roundtrip": 1}
CLEAN_LINES = 12


def texts():
    for path in sorted(glob.glob(os.path.join(ROOT, "corpus", "samples", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            yield from (line for line in f if line.strip())
    with open(os.path.join(ROOT, "corpus", "cjk", "cases.jsonl"), encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 10 == 0:
                case = json.loads(line)
                yield case.get("garbled", "")
                yield case.get("original", "")
    with open(os.path.join(ROOT, "corpus", "ftfy", "test_cases.json"), encoding="utf-8") as f:
        for case in json.load(f):
            yield case.get("original", "")
    for path in sorted(glob.glob(os.path.join(ROOT, "corpus", "scrape", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i % 4 == 0:
                    yield json.loads(line).get("text", "")
    clean = os.path.join(ROOT, "..", "shared", "data", "clean")
    for path in sorted(glob.glob(os.path.join(clean, "*.txt"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            for _, line in zip(range(CLEAN_LINES), f):
                yield line


def main():
    seen = set()
    seeds = []
    for t in texts():
        if t and t not in seen:
            seen.add(t)
            seeds.append(t.encode("utf-8"))
    # Raw legacy bytes for the byte decoders.
    extra = [
        "你好，世界\n".encode("gbk"),
        "中文字幕\n".encode("big5"),
        "こんにちは\n".encode("shift_jis"),
        "안녕하세요\n".encode("euc-kr"),
        b"\xff\xfe" + "hi 你好".encode("utf-16le"),
        b"\xef\xbb\xbfcaf\xc3\x83\xc2\xa9\r",
    ]
    for target, header in HEADERS.items():
        d = os.path.join(OUT, target)
        os.makedirs(d, exist_ok=True)
        items = seeds + (extra if target == "fix_bytes" else [])
        for i, s in enumerate(items):
            data = bytes((i * 37 + k * 11) % 256 for k in range(header)) + s
            name = hashlib.sha1(data).hexdigest()
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        print(f"{target}: {len(items)} seeds in {d}")


if __name__ == "__main__":
    main()
