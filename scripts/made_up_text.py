#!/usr/bin/env python3
"""Made-up text in repairs of lossy damage, per fix binary.

    cargo run --release --example damage -- 'shift_jis read as windows-1252 (errors=ignore)' \
        < <(head -4000 ../shared/data/clean/ja.txt) > /tmp/sj1252.jsonl
    python3 scripts/made_up_text.py /tmp/sj1252.jsonl MAIN_FIX_BINARY BRANCH_FIX_BINARY

For the lossy lines of the JSONL (`original` != `expected`, the original with U+FFFD for each
character whose bytes were lost), each binary (`examples/fix`, default preset) repairs the
`garbled` lines; printed: positional character accuracy against the original (the damage
report's `lossy chars`), lines exactly `expected`, and made-up characters: output characters
in a stretch that `difflib` aligns to a lost character of the original (or beside one) that are
neither one of that stretch's original characters nor U+FFFD (all, and non-ASCII only), with the
commonest made-up characters.
"""
import collections
import difflib
import json
import subprocess
import sys


def main():
    path, bins = sys.argv[1], sys.argv[2:]
    recs = [json.loads(line) for line in open(path, encoding="utf-8")]
    recs = [r for r in recs if r["original"] != r["expected"]]
    feed = ("\n".join(r["garbled"] for r in recs) + "\n").encode()
    for binary in bins:
        out = subprocess.run([binary], input=feed, capture_output=True, check=True)
        fixed = out.stdout.decode().split("\n")
        same = total = exact = made_up = non_ascii = lost = 0
        common = collections.Counter()
        for r, o in zip(recs, fixed):
            orig, exp = r["original"], r["expected"]
            same += sum(1 for x, y in zip(o, orig) if x == y)
            total += max(len(o), len(orig))
            exact += o == exp
            lost += exp.count("\ufffd")
            sm = difflib.SequenceMatcher(None, orig, o, autojunk=False)
            for tag, i1, i2, j1, j2 in sm.get_opcodes():
                if tag == "equal" or "\ufffd" not in exp[max(0, i1 - 1) : i2 + 1]:
                    continue
                for ch in o[j1:j2]:
                    if ch != "\ufffd" and ch not in orig[i1:i2]:
                        made_up += 1
                        if ord(ch) >= 0x80:
                            non_ascii += 1
                            common[ch] += 1
        print(
            f"{binary}: {len(recs)} lossy lines, {lost} lost characters; "
            f"lossy chars {100 * same / total:.2f}%, exact {exact}; "
            f"made-up {made_up} (non-ASCII {non_ascii}); commonest {common.most_common(6)}"
        )


if __name__ == "__main__":
    main()
