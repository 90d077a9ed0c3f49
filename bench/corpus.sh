# Sourced by the benchmark scripts: builds the release binaries and makes sure the generated
# corpus is in bench/out/corpus (kept between runs for the same COUNT, SEED and generator).
# FORMAT=docx|html|xlsx writes the same reports in that format into bench/out/corpus-FORMAT.
# Expects COUNT, SEED, $root (the repository) and say(); sets $out, $corpus, $ext and $nianbao.

FORMAT="${FORMAT:-txt}"
ext="$FORMAT"
out="bench/out"
corpus="$out/corpus"
[[ "$FORMAT" == txt ]] || corpus="$out/corpus-$FORMAT"
stamp="$corpus.stamp"
mkdir -p "$out"

say "== building release binaries"
cargo build --release --quiet --bin nianbao --bin nianbao-corpus
nianbao="$root/target/release/nianbao"

want="count=$COUNT seed=$SEED format=$FORMAT generator=$(cat src/corpus.rs src/ingest/formats/write.rs | sha256sum 2>/dev/null | cut -c1-16 || echo unknown)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -d "$corpus" ]]; then
    say "== corpus cached: $corpus ($want)"
else
    say "== generating $COUNT reports into $corpus"
    rm -rf "$corpus" "$stamp"
    target/release/nianbao-corpus "$corpus" --count "$COUNT" --seed "$SEED" --format "$FORMAT"
    printf '%s' "$want" > "$stamp"
fi
