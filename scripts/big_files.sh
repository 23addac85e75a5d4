#!/usr/bin/env bash
# Peak memory and throughput of examples/fix on big inputs (issue 6).
#
#   scripts/big_files.sh            # generate under /tmp, measure, print a summary
#
# Generates (not committed, under ${BIG_DIR:-/tmp/mojifix-big}):
#   big-2g.txt      2 GiB of lines, 1 in 50 holding mojibake
#   one-line.txt    512 MiB with no line break at all (mixed clean and damaged text)
#   clean-1g.txt    1 GiB of clean UTF-8 (throughput, 1 and 2 jobs): the library
#                   benchmark's clean_en input repeated, when it can be made
# and runs target/release/examples/fix on each under /usr/bin/time -v,
# printing the maximum resident set size and the wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${BIG_DIR:-/tmp/mojifix-big}
FIX=${FIX:-${CARGO_TARGET_DIR:-target}/release/examples/fix}
mkdir -p "$DIR"

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time for /usr/bin/time -v" >&2
    (apt-get update -qq && apt-get install -y -qq time) >/dev/null
fi
if [ ! -x "$FIX" ]; then
    cargo build --release --example fix -p mojifix
fi

# Repeat a block of text into FILE until it holds SIZE bytes.
fill() {
    local file=$1 size=$2 block=$3
    if [ -f "$file" ] && [ "$(stat -c %s "$file")" -ge "$size" ]; then return; fi
    python3 - "$file" "$size" "$block" <<'PY'
import sys
path, size, block = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode().decode('unicode_escape').encode('latin-1').decode('utf-8')
block = block.encode('utf-8')
unit = block * max(1, (1 << 20) // len(block))
with open(path, 'wb') as f:
    left = size
    while left > 0:
        piece = unit[:left]
        # Never end inside a character: pad with dots instead.
        j = len(piece) - 1
        while j >= 0 and piece[j] & 0xC0 == 0x80:
            j -= 1
        if j >= 0 and piece[j] >= 0xC0:
            need = 2 if piece[j] < 0xE0 else 3 if piece[j] < 0xF0 else 4
            if len(piece) - j < need:
                piece = piece[:j]
        piece += b'.' * (min(left, len(unit)) - len(piece))
        f.write(piece)
        left -= len(piece)
PY
}

CLEAN_LINE='The quick brown fox jumps over the lazy dog; caf\xc3\xa9, na\xc3\xafve, \xe4\xb8\xad\xe6\x96\x87\xe6\x96\x87\xe6\x9c\xac.\n'
DAMAGED_LINE='The Mona Lisa doesn\xc3\x83\xc2\xa2\xc3\xa2\xe2\x80\x9a\xc2\xac\xc3\xa2\xe2\x80\x9e\xc2\xa2t have eyebrows; caf\xc3\x83\xc2\xa9.\n'
block2g=""
for i in $(seq 49); do block2g+=$CLEAN_LINE; done
block2g+=$DAMAGED_LINE
fill "$DIR/big-2g.txt" $((2 << 30)) "$block2g"
# One line: the same text with every line break replaced by a space.
fill "$DIR/one-line.txt" $((512 << 20)) "${block2g//\\n/ }"
# The clean file repeats the library benchmark's own input (benches/fix_text.rs,
# clean_en) when it exists, so CLI and library throughput compare like for like.
BENCH_INPUT=target/bench-inputs/clean_en.txt
[ -f "$BENCH_INPUT" ] || python3 tools/make_bench_inputs.py >/dev/null 2>&1 || true
if [ -f "$BENCH_INPUT" ] && [ ! -f "$DIR/clean-1g.txt" ]; then
    python3 - "$BENCH_INPUT" "$DIR/clean-1g.txt" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
with open(sys.argv[2], 'wb') as f:
    n = 0
    while n < (1 << 30):
        f.write(data)
        n += len(data)
PY
fi
fill "$DIR/clean-1g.txt" $((1 << 30)) "$CLEAN_LINE"

measure() {
    local label=$1; shift
    local log
    log=$(mktemp)
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log"; exit 1; }
    local rss wall
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
    local cpu
    cpu=$(awk -F': ' '/Percent of CPU/ {print $2}' "$log")
    printf '%-34s max RSS %6.1f MiB   wall %s   CPU %s\n' "$label" "$(echo "$rss / 1024" | bc -l)" "$wall" "$cpu"
    rm -f "$log"
}

echo "inputs in $DIR; binary $FIX"
measure "2 GiB file (jobs 1)"           "$FIX" "$DIR/big-2g.txt"
measure "2 GiB file (jobs 2)"           "$FIX" --jobs 2 "$DIR/big-2g.txt"
measure "512 MiB single line (jobs 1)"  "$FIX" "$DIR/one-line.txt"
measure "512 MiB single line (jobs 2)"  "$FIX" --jobs 2 "$DIR/one-line.txt"
for jobs in 1 2; do
    start=$(date +%s.%N)
    measure "1 GiB clean UTF-8 (jobs $jobs)" "$FIX" --jobs $jobs "$DIR/clean-1g.txt"
    end=$(date +%s.%N)
    size_mb=$(echo "$(stat -c %s "$DIR/clean-1g.txt") / 1000000" | bc -l)
    printf '%-34s %.0f MB/s (wall, including process start)\n' "  throughput" "$(echo "$size_mb / ($end - $start)" | bc -l)"
done
echo "remove the inputs with: rm -r $DIR"
