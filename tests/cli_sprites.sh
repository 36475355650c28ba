#!/bin/sh
# cli_sprites.sh -- `nmfkit sprites`: the committed data/sprites.png,
# data/sprites.csv and data/sprite-parts.png are exactly what the documented
# command writes; the default --csv/--parts paths; bad options.
. "${top_srcdir:-.}/tests/testlib.sh"

mkdir "$TMP/data"
expect_exit 0 "the data/ command" -- \
    "$NMFKIT" sprites -o "$TMP/data/sprites.png" --count 2000 --seed 1
expect_grep "wrote 2000 sprites" "$TMP/out" "summary line"
for f in sprites.png sprites.csv sprite-parts.png; do
    cmp -s "$DATA/$f" "$TMP/data/$f" && ok || fail "data/$f differs from" \
        "what 'nmfkit sprites -o data/sprites.png --count 2000 --seed 1' writes"
done
# The default image of `nmfkit compress`: the first 96 sprites, 12 per row.
expect_exit 0 "mosaic" -- "$NMFKIT" sprites -o "$TMP/mosaic.png" --count 96 \
    --columns 12 --csv "$TMP/mosaic.csv" --parts "$TMP/mosaic-parts.png"
cmp -s "$DATA/sprite-mosaic.png" "$TMP/mosaic.png" && ok || fail "data/sprite-mosaic.png" \
    "differs from what 'nmfkit sprites --count 96 --columns 12' writes"
expect_exit 2 "--columns 0" -- "$NMFKIT" sprites -o "$TMP/x.png" --columns 0
[ -e "$TMP/x.png" ] && fail "--columns 0 left a sheet" || ok
ls "$TMP/data" | grep -q tmp && fail "temporary files left" || ok
header="index,head,skin,hair,eyes,mouth,beard,earring"
[ "$(head -n 1 "$TMP/data/sprites.csv")" = "$header" ] && ok \
    || fail "CSV header: $(head -n 1 "$TMP/data/sprites.csv")"
[ "$(wc -l < "$TMP/data/sprites.csv")" -eq 2001 ] && ok \
    || fail "CSV has $(wc -l < "$TMP/data/sprites.csv") lines"

# The defaults are the documented ones; explicit paths go where they say.
expect_exit 0 "defaults, no folder" -- sh -c \
    "cd '$TMP' && '$NMFKIT' sprites -o small.png --count 7"
[ -s "$TMP/small.png" ] && [ -s "$TMP/sprites.csv" ] \
    && [ -s "$TMP/sprite-parts.png" ] && ok || fail "default --csv/--parts"
[ "$(wc -l < "$TMP/sprites.csv")" -eq 8 ] && ok || fail "--count 7"
cmp -s "$TMP/sprite-parts.png" "$DATA/sprite-parts.png" && ok \
    || fail "parts sheet depends on the count"
expect_exit 0 "explicit paths" -- "$NMFKIT" sprites -o "$TMP/s2.png" \
    --count 7 --seed 1 --csv "$TMP/s2.csv" --parts "$TMP/p2.png"
cmp -s "$TMP/s2.csv" "$TMP/sprites.csv" && ok || fail "--csv output"
[ -s "$TMP/p2.png" ] && ok || fail "--parts output"
expect_exit 0 "other seed" -- "$NMFKIT" sprites -o "$TMP/s3.png" \
    --count 7 --seed 2 --csv "$TMP/s3.csv" --parts "$TMP/p3.png"
cmp -s "$TMP/s3.csv" "$TMP/s2.csv" && fail "--seed ignored" || ok

expect_exit 0 "help" -- "$NMFKIT" sprites --help
expect_grep "Usage: nmfkit sprites" "$TMP/out" "help text"

# bad NAME PATTERN -- ARGS...: exit 2, one stderr line matching PATTERN,
# nothing written.
bad() {
    name=$1; pattern=$2; shift 3
    rm -rf "$TMP/bad"
    mkdir "$TMP/bad"
    expect_exit 2 "$name" -- "$NMFKIT" sprites "$@"
    lines=$(wc -l < "$TMP/err")
    [ "$lines" -eq 1 ] && ok \
        || fail "$name: $lines lines on stderr: $(cat "$TMP/err")"
    expect_grep "$pattern" "$TMP/err" "$name"
    [ -z "$(ls "$TMP/bad")" ] && ok || fail "$name: left $(ls "$TMP/bad")"
}
bad "no -o" "-o SHEET.png is required" -- --count 5
bad "count 0" "--count: '0'" -- -o "$TMP/bad/s.png" --count 0
bad "count too big" "--count: '100001'" -- -o "$TMP/bad/s.png" --count 100001
bad "count not a number" "--count: '5x'" -- -o "$TMP/bad/s.png" --count 5x
bad "negative seed" "--seed: '-1'" -- -o "$TMP/bad/s.png" --seed -1
bad "unknown option" "unknown option --bogus" -- -o "$TMP/bad/s.png" --bogus
bad "missing value" "needs a value" -- -o "$TMP/bad/s.png" --count
bad "stray argument" "unexpected argument 'extra'" -- -o "$TMP/bad/s.png" extra
bad "same file twice" "named for two" -- -o "$TMP/bad/s.png" \
    --csv "$TMP/bad/s.png"
bad "unwritable parts" "nope/p.png" -- -o "$TMP/bad/s.png" \
    --parts "$TMP/bad/nope/p.png"
finish
