#!/usr/bin/env python3
"""ftfy's side of tests/latin_roundtrip.rs: UTF-8 misread with each code page,
over every non-ASCII line of the Latin-script clean corpora, then ftfy.fix_text
with mojifix's default preset's switches. Prints exact-recovery rates.

Usage: python3 scripts/ftfy_latin_roundtrip.py [CLEAN_DIR]   (needs ftfy==6.3.1)
"""
import sys
import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers the sloppy codecs)

clean = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/clean"
files = ["cs", "de", "es", "fr", "hu", "it", "pl", "pt-br", "tr", "vi", "ru"]
pages = ["latin-1", "sloppy-windows-1252", "sloppy-windows-1251", "sloppy-windows-1250",
         "sloppy-windows-1253", "sloppy-windows-1254", "sloppy-windows-1257", "iso-8859-2",
         "macroman", "cp437"]
lines = []
for f in files:
    with open(f"{clean}/{f}.txt", encoding="utf-8") as fh:
        lines += [l.rstrip("\n") for l in fh if not l.rstrip("\n").isascii()]
cfg = dict(unescape_html=False, fix_c1_controls=False, fix_latin_ligatures=False,
           fix_character_width=False, uncurl_quotes=False)
for page in pages:
    ok = sum(ftfy.fix_text(l.encode("utf-8").decode(page), **cfg) == l for l in lines)
    print(f"{page:<22} {ok}/{len(lines)} lines exact ({100 * ok / len(lines):.3f}%)")
