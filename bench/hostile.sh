#!/usr/bin/env bash
# Benchmark: `nianbao check` on single reports built to be as expensive as a file under the size
# limit can make them, with time and peak memory of each run (GNU time, `/usr/bin/time -v`).
#
#   bench/hostile.sh                         the full sizes (6 MB lines, 62 MB table)
#   SCALE=10 bench/hostile.sh                every input a tenth of the size (for profiling)
#   NIANBAO=target/debug/nianbao bench/hostile.sh   another binary (nothing is built)
#   GENERATE_ONLY=1 bench/hostile.sh         only write the inputs
#
# Inputs, written into bench/out/hostile/ from sample-reports/000 (row layout) and all seeds:
#   single-line.txt  a title line, then every seed with its line breaks and tabs as spaces,
#                    repeated to 6 MB on one line, as crawlers write a page: every rule sees a
#                    6 MB line
#   section-line.txt seed 000 with the same 6 MB line in section 一: the report's sections and
#                    tables are found, so the rules that read sections see the line too
#   enumeration.txt  seed 000 with 「一是…；二是…；三是…；五是…」 repeated to 6 MB on one line in
#                    section 一 (every group skips 四: rule enumeration-gap)
#   counts.txt       seed 000 with 「2022年主动公开政府信息3条，共收到政府信息公开申请5件，」
#                    repeated to 6 MB in section 一: one sentence of 300,000 counts
#   many-lines.txt   every seed, line breaks kept, repeated to 6 MB: 200,000 lines, thousands of
#                    headings, tables and sentences in one report
#   table3-rows.txt  seed 000 with 2,000,000 copies of the 表三 row 「2.重复申请」 (62 MB, under
#                    the 64 MiB size limit)
# and for each prints the wall time, the peak RSS and the number of flags.
# Installs nothing.
set -euo pipefail

SCALE="${SCALE:-1}"
GENERATE_ONLY="${GENERATE_ONLY:-0}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
say() { printf '%s\n' "$*" >&2; }

out="bench/out/hostile"
mkdir -p "$out"
seed=(sample-reports/000_*.txt)
seed="${seed[0]}"

# Prints $1 repeated (no separator) until at least $2 bytes are written, with no line break.
repeat_to() {
    local unit="$1" bytes="$2"
    local count=$(((bytes + ${#unit} - 1) / ${#unit}))
    # `yes` writes the unit once per line; the line breaks are then removed. `yes` ends on
    # SIGPIPE when `head` is done, which is not a failure.
    (set +o pipefail; yes -- "$unit" | head -n "$count" | tr -d "\n")
}

line_bytes=$((6000000 / SCALE))
rows=$((2000000 / SCALE))

say "== writing inputs into $out (scale 1/$SCALE)"
# Byte counts of multi-byte text: LC_ALL=C makes ${#unit} count bytes.
export LC_ALL=C

title="$(grep -m1 '年度报告' "$seed")"
unit="$(cat sample-reports/*.txt | tr '\n\r\t' '   ')"
{ printf '%s\n' "$title"; repeat_to "$unit" "$line_bytes"; printf '\n'; } > "$out/single-line.txt"

# Prints seed 000 with the file $1 inserted as one line after the heading of section 一.
in_section_one() {
    awk -v big="$1" '
        { print }
        /^一、总体情况/ { while ((getline l < big) > 0) print l; print "" }
    ' "$seed"
}

tail -n +2 "$out/single-line.txt" > "$out/line.tmp"
in_section_one "$out/line.tmp" > "$out/section-line.txt"

# Line breaks as `\001`, put back after the repetition.
unit="$(cat sample-reports/*.txt | tr '\n' '\001')"
repeat_to "$unit" "$line_bytes" | tr '\001' '\n' > "$out/many-lines.txt"

unit="一是加强组织领导；二是完善制度建设；三是强化监督检查；五是抓好队伍建设；"
repeat_to "$unit" "$line_bytes" > "$out/line.tmp"
in_section_one "$out/line.tmp" > "$out/enumeration.txt"
unit="2022年主动公开政府信息3条，共收到政府信息公开申请5件，"
repeat_to "$unit" "$line_bytes" > "$out/line.tmp"
in_section_one "$out/line.tmp" > "$out/counts.txt"
rm -f "$out/line.tmp"

row="$(grep -m1 -P '^\t\t2\.重复申请\t' "$seed")"
awk -v row="$row" -v rows="$rows" '
    { print }
    $0 == row { for (i = 1; i < rows; i++) print row }
' "$seed" > "$out/table3-rows.txt"

cells=$((3000000 / SCALE))
awk -v row="$row" -v cells="$cells" '
    $0 == row && !done { printf "\t\t2.重复申请"; for (i = 0; i < cells; i++) printf "\t0"
                         print ""; done = 1; next }
    { print }
' "$seed" > "$out/wide-row.txt"

cell_seed=(sample-reports/003_*.txt)
awk -v lines="$((1500000 / SCALE))" '
    { print }
    $0 == "\t自然人" && !done { for (i = 0; i < lines; i++) print "续"; done = 1 }
' "${cell_seed[0]}" > "$out/wrapped-cell.txt"

inputs=(single-line section-line enumeration counts many-lines wide-row wrapped-cell table3-rows)
for f in "${inputs[@]}"; do
    say "   $f.txt  $(wc -c < "$out/$f.txt" | tr -d ' ') bytes, $(wc -l < "$out/$f.txt" | tr -d ' ') lines"
done
[[ "$GENERATE_ONLY" == 1 ]] && exit 0

if [[ -z "${NIANBAO:-}" ]]; then
    say "== building the release binary"
    cargo build --release --quiet --bin nianbao
    NIANBAO="target/release/nianbao"
fi
if ! /usr/bin/time -v true >/dev/null 2>&1; then
    say "GNU time (/usr/bin/time) is needed for the peak memory"
    exit 2
fi

printf '\n%-18s %10s %10s %12s %10s\n' input "wall (s)" "cpu (s)" "peak RSS" flags
for f in "${inputs[@]}"; do
    report="$out/$f.time"
    # `check` exits 1 when it raises an error-level flag: a result, not a failure.
    /usr/bin/time -v "$NIANBAO" check --format jsonl "$out/$f.txt" > "$out/$f.jsonl" 2> "$report" || true
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$report")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$report")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%d MiB", $2 / 1024 }' "$report")
    flags=$(wc -l < "$out/$f.jsonl" | tr -d ' ')
    printf '%-18s %10s %10s %12s %10s\n' "$f.txt" "$wall" "$cpu" "$rss" "$flags"
done
