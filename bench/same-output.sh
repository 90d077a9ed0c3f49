#!/usr/bin/env bash
# Proves that an optimisation changed nothing a user sees: runs `nianbao check` on generated
# corpora (every table layout, the mixed default and the structured formats), the seeds and the
# test fixtures, in the jsonl, text and json formats, and compares a SHA-256 digest of each
# output with the digests recorded in bench/same-output.digest.
#
#   bench/same-output.sh              compare with the recorded digests (exit 1 on a difference)
#   RECORD=1 bench/same-output.sh     record the digests of this build (on the base commit)
#   COUNT=100 bench/same-output.sh    reports per generated corpus (default 200; must match the
#                                     recorded run, which the digest file states)
#
# The outputs are kept in bench/out/same-output/ so a difference can be read with diff(1)
# against the outputs of a base build (check it out, run with RECORD=1, copy the folder aside).
# The digests are tied to the corpus generator: when src/corpus/ or the format writers
# change, record them again on the base commit. Installs nothing.
set -euo pipefail

COUNT="${COUNT:-200}"
SEED="${SEED:-1}"
RECORD="${RECORD:-0}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
say() { printf '%s\n' "$*" >&2; }

digests="bench/same-output.digest"
work="bench/out/same-output"
mkdir -p "$work"

say "== building release binaries"
cargo build --release --quiet --features corpus --bin nianbao --bin nianbao-corpus
nianbao="target/release/nianbao"

generator=$(cat src/corpus/*.rs src/ingest/formats/write.rs | sha256sum | cut -c1-16)
header="count=$COUNT seed=$SEED generator=$generator"

# Inputs: name and folder (relative, so the paths in the output do not depend on the checkout).
inputs=()
for layout in mixed rows cells lines pipes columns collapsed; do
    inputs+=("corpus-$layout")
done
for format in docx html xlsx pdf; do
    inputs+=("corpus-$format")
done

generate() {
    local name="$1" dir="$work/$1" stamp="$work/$1.stamp" args=()
    case "$name" in
        corpus-mixed) ;;
        corpus-docx | corpus-html | corpus-xlsx | corpus-pdf) args=(--format "${name#corpus-}") ;;
        *) args=(--layout "${name#corpus-}") ;;
    esac
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$header" && -d "$dir" ]]; then
        return
    fi
    rm -rf "$dir" "$stamp"
    target/release/nianbao-corpus "$dir" --count "$COUNT" --seed "$SEED" "${args[@]}" >/dev/null
    printf '%s' "$header" >"$stamp"
}

# The rule fixtures as whole files, as they were before some were stored as a patch on a base
# report (tests/common::apply_patch): a patch is applied, the bases are left out, and the
# folder is checked from a copy of the tree so that the paths in the output read the same.
apply_patch() {
    local base="$1" patch="$2" nl=0
    [[ -z "$(tail -c1 "$base")" ]] && nl=1
    awk -v nl="$nl" '
        function emit(s) { if (!first) printf "\n"; printf "%s", s; first = 0 }
        FNR == NR {
            if (FNR == 1 || $0 == "") next
            kind = substr($0, 1, 1); rest = substr($0, 3); sp = index(rest, " ")
            if (sp) { n = substr(rest, 1, sp - 1) + 0; text = substr(rest, sp + 1) }
            else { n = rest + 0; text = "" }
            if (kind == "=" || kind == "-") del[n] = 1
            if (kind == "=" || kind == "+") ins[n, ++cnt[n]] = text
            next
        }
        { line[FNR] = $0; total = FNR }
        END {
            if (nl) line[++total] = ""
            first = 1
            for (i = 1; i <= total + 1; i++) {
                for (k = 1; k <= cnt[i]; k++) emit(ins[i, k])
                if (i <= total && !(i in del)) emit(line[i])
            }
        }
    ' "$patch" "$base"
}
tree="$work/fixtures-tree"
rm -rf "$tree"
mkdir -p "$tree/tests"
cp -r tests/fixtures "$tree/tests/"
rm -rf "$tree/tests/fixtures/bases"
cp -r sample-reports "$tree/"
while IFS= read -r -d '' patch; do
    base="tests/fixtures/bases/$(head -n 1 "$patch" | cut -c6-)"
    apply_patch "$base" "$patch" >"${patch%.patch}.txt"
    rm "$patch"
done < <(find "$tree/tests/fixtures" -name '*.patch' -print0)
# Of several files of one agency and year, the one modified last is current
# (`report-superseded`): one modification time for every file makes it the last by path, the
# same at every checkout and copy.
find "$tree" -type f -exec touch -d @0 {} +

results="$work/digests"
: >"$results"
run() {
    local name="$1" path="$2" dir="${3:-.}" format
    for format in jsonl text json; do
        # Exit 1 means an error-level flag: a result, not a failure.
        (cd "$dir" && "$root/$nianbao" check --format "$format" --lang en "$path") \
            >"$work/$name.$format" 2>&1 || true
        printf '%s %s.%s\n' "$(sha256sum <"$work/$name.$format" | cut -c1-64)" "$name" "$format" \
            >>"$results"
    done
}

for name in "${inputs[@]}"; do
    say "== $name"
    generate "$name"
    run "$name" "$work/$name"
done
say "== seeds and fixtures"
run seeds sample-reports "$tree"
run fixtures tests/fixtures "$tree"

if [[ "$RECORD" == 1 ]]; then
    { printf '# %s\n' "$header"; cat "$results"; } >"$digests"
    say "== recorded $(wc -l <"$results") digests in $digests"
    exit 0
fi

if [[ ! -f "$digests" ]]; then
    say "no $digests: record it on the base commit with RECORD=1"
    exit 2
fi
if [[ "$(head -n 1 "$digests")" != "# $header" ]]; then
    say "$digests was recorded for '$(head -n 1 "$digests" | cut -c3-)', not '$header':"
    say "record it again on the base commit (RECORD=1) with the same COUNT and generator"
    exit 2
fi
if diff <(tail -n +2 "$digests") "$results" >&2; then
    say "== same output: $(wc -l <"$results") outputs identical"
else
    say "== OUTPUT CHANGED (the lines above differ; outputs in $work)"
    exit 1
fi
