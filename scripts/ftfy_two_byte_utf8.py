#!/usr/bin/env python3
"""ftfy's side of tests/two_byte_utf8.rs: every line of the Latin-script and
Russian clean corpora made only of ASCII and two-byte UTF-8 characters, encoded
as UTF-8 and decoded with GBK, Big5, EUC-KR and Shift_JIS (lines the decoder
rejects are skipped, as in the Rust test), then ftfy.fix_text with mojifix's
default preset's switches. Prints exact-recovery rates per encoding.

Python's codecs stand in for the WHATWG decoders the Rust test uses; they
reject a few more byte pairs, so the line counts differ slightly.

Usage: python3 scripts/ftfy_two_byte_utf8.py [CLEAN_DIR]   (needs ftfy==6.3.1)
"""
import sys
import ftfy

clean = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/clean"
files = ["cs", "de", "es", "fr", "hu", "it", "pl", "pt-br", "ru", "tr", "vi"]
cfg = dict(unescape_html=False, fix_c1_controls=False, fix_latin_ligatures=False,
           fix_character_width=False, uncurl_quotes=False)
lines = []
for f in files:
    with open(f"{clean}/{f}.txt", encoding="utf-8") as fh:
        for l in fh:
            l = l.rstrip("\n")
            if not l.isascii() and all(c.isascii() or len(c.encode()) == 2 for c in l):
                lines.append(l)
for codec in ["gbk", "big5", "euc_kr", "shift_jis"]:
    n = ok = 0
    for l in lines:
        try:
            garbled = l.encode("utf-8").decode(codec)
        except UnicodeDecodeError:
            continue
        n += 1
        ok += ftfy.fix_text(garbled, **cfg) == l
    print(f"{codec:<10} {ok}/{n} lines exact ({100 * ok / max(n, 1):.2f}%)")
