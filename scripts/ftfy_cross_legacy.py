#!/usr/bin/env python3
"""ftfy's side of the "legacy A read as legacy B" rows of tests/cjk_damage.rs:
the first 400 lines of each clean CJK corpus that A can encode, encoded with A
and decoded with B (Python's codecs, errors="replace", standing in for the
WHATWG decoders; they reject a few more pairs), then ftfy.fix_text with
mojifix's default preset's switches. Prints, per chain and language of A's
text, the lines that changed and the share ftfy restores exactly.

Usage: python3 scripts/ftfy_cross_legacy.py [CLEAN_DIR]   (needs ftfy==6.3.1)
"""
import sys
import ftfy

clean = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/clean"
cfg = dict(unescape_html=False, fix_c1_controls=False, fix_latin_ligatures=False,
           fix_character_width=False, uncurl_quotes=False)
codecs = {"gbk": "gbk", "big5": "big5", "shift_jis": "shift_jis", "euc-jp": "euc_jp", "euc-kr": "euc_kr"}
natural = {"gbk": "zh-Hans", "big5": "zh-Hant", "shift_jis": "ja", "euc-jp": "ja", "euc-kr": "ko"}
for a, ca in codecs.items():
    lang = natural[a]
    with open(f"{clean}/{lang}.txt", encoding="utf-8") as fh:
        lines = [l.rstrip("\n") for _, l in zip(range(400), fh)]
    for b, cb in codecs.items():
        if a == b:
            continue
        n = ok = 0
        for l in lines:
            try:
                garbled = l.encode(ca).decode(cb, errors="replace")
            except UnicodeEncodeError:
                continue
            if garbled == l:
                continue
            n += 1
            ok += ftfy.fix_text(garbled, **cfg) == l
        print(f"{a} read as {b} / {lang}: ftfy {ok}/{n} exact ({100 * ok / max(n, 1):.2f}%)")
