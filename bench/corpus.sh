# Sourced by the benchmark scripts: builds the release binaries and makes sure the generated
# corpus is in bench/out/corpus (kept between runs for the same COUNT, SEED and generator).
# Expects COUNT, SEED, $root (the repository) and say(); LAYOUT (rows, cells, lines, pipes,
# columns, collapsed) puts every report's tables in one layout (default: each agency's rows or
# cells); FORMAT=docx|html|xlsx|pdf writes the same reports in that format into
# bench/out/corpus-FORMAT.
# Sets $out, $corpus, $ext and $nianbao.

FORMAT="${FORMAT:-txt}"
ext="$FORMAT"
out="bench/out"
corpus="$out/corpus"
[[ "$FORMAT" == txt ]] || corpus="$out/corpus-$FORMAT"
stamp="$corpus.stamp"
mkdir -p "$out"

say "== building release binaries"
cargo build --release --quiet --features corpus --bin nianbao --bin nianbao-corpus
nianbao="$root/target/release/nianbao"

LAYOUT="${LAYOUT:-}"
layout_args=()
if [[ -n "$LAYOUT" ]]; then
    layout_args=(--layout "$LAYOUT")
    [[ "$FORMAT" == txt ]] && corpus="$out/corpus-$LAYOUT" || corpus="$out/corpus-$FORMAT-$LAYOUT"
    stamp="$corpus.stamp"
fi

want="count=$COUNT seed=$SEED layout=${LAYOUT:-mixed} format=$FORMAT generator=$(cat src/corpus/*.rs src/ingest/formats/write.rs | sha256sum 2>/dev/null | cut -c1-16 || echo unknown)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -d "$corpus" ]]; then
    say "== corpus cached: $corpus ($want)"
else
    say "== generating $COUNT reports into $corpus"
    rm -rf "$corpus" "$stamp"
    target/release/nianbao-corpus "$corpus" --count "$COUNT" --seed "$SEED" --format "$FORMAT" "${layout_args[@]}"
    printf '%s' "$want" > "$stamp"
fi
