#!/bin/sh
# cli_compress.sh -- `nmfkit compress` end to end: the default image (our
# generated sprite mosaic) and a tiny generated PNG, every promised output,
# summary.json's numbers (ratio arithmetic), the warning when a rank stores
# more than the image, bad input leaving nothing. The fetched photo is
# tests/cli_nnmf.sh's.
. "${top_srcdir:-.}/tests/testlib.sh"



# outputs DIR RANKS...: every promised file is there, no staging left.
outputs() {
    dir=$1; shift
    for f in compress.csv summary.json report/index.html report/strip.png \
             report/stored.svg report/psnr.svg report/loss.svg \
             report/loss-time.svg; do
        [ -s "$dir/$f" ] && ok || fail "$dir: missing $f"
    done
    for k in "$@"; do
        [ -s "$dir/report/rank-$k.png" ] && ok || fail "$dir: missing rank-$k.png"
    done
    ls -A "$dir" | grep -q staging && fail "$dir: staging folder left" || ok
}

# falls CSV: rel_error strictly falls down the rows.
falls() {
    awk -F, 'NR > 2 && $2 >= prev { bad = 1 } NR > 1 { prev = $2 }
             END { exit bad }' "$1"
}

# Default image: 96 generated sprites, 192 rows x 288 columns. Run
# from the source tree, where the default is looked up.
(cd "$top_srcdir" && "$NMFKIT" compress -n 30 --ranks 5,2 -o "$TMP/def") \
    >"$TMP/out" 2>"$TMP/err" && ok || fail "default run: $(cat "$TMP/err")"
outputs "$TMP/def" 2 5
S="$TMP/def/summary.json"
[ "$(json_array "$S" ranks | tr '\n' ' ')" = "2 5 " ] && ok || fail "ranks sorted"
[ "$(json_num "$S" original_values)" = 55296 ] && ok || fail "original_values"
[ "$(json_array "$S" stored_values | tr '\n' ' ')" = "960 2400 " ] && ok \
    || fail "stored_values $(json_array "$S" stored_values)"
for key in rel_error psnr stored_values ratio; do
    [ "$(json_array "$S" $key | wc -l)" -eq 2 ] && ok || fail "$key length"
done
for key in original_values seconds iterations seed; do
    [ -n "$(json_num "$S" $key)" ] && ok || fail "no $key"
done
grep -q '"input_is_default": 1' "$S" && ok || fail "input_is_default"
grep -q '"solver": "mu"' "$S" && ok || fail "solver key"
[ "$(grep -c '"stop": "iterations"' "$S")" -eq 2 ] && ok \
    || fail "the two fits' stop reasons"
# ratio = original / stored, and the CSV says the same.
json_array "$S" ratio | head -n 1 | awk '{ exit !($1 > 57.599 && $1 < 57.601) }' \
    && ok || fail "ratio of rank 2"
[ "$(sed -n 2p "$TMP/def/compress.csv" | cut -d, -f1,4,5)" = "2,960,55296" ] \
    && ok || fail "csv row: $(sed -n 2p "$TMP/def/compress.csv")"
grep -q 'data/sprite-mosaic.png, 96 of our generated sprites (ours)' \
    "$TMP/def/report/index.html" && ok || fail "page does not name the image"
for f in strip.png stored.svg psnr.svg loss.svg; do
    grep -q "$f" "$TMP/def/report/index.html" && ok || fail "page lacks $f"
done
expect_grep "rank 2: rel error" "$TMP/out" "per-rank line"
[ "$(grep -c '^rank ' "$TMP/out")" -eq 2 ] && ok || fail "two per-rank lines"
[ -s "$TMP/err" ] && fail "warning without cause: $(cat "$TMP/err")" || ok
falls "$TMP/def/compress.csv" && ok || fail "default: error does not fall"

# A tiny image of our own: 4 sprites side by side.
expect_exit 0 "sprites" -- "$NMFKIT" sprites -o "$TMP/s.png" --count 4
expect_exit 0 "tiny" -- "$NMFKIT" compress "$TMP/s.png" -n 40 \
    --ranks 1,3,30 --channel gray --quiet -o "$TMP/tiny"
outputs "$TMP/tiny" 1 3 30
S="$TMP/tiny/summary.json"
rows=$(json_num "$S" rows); cols=$(json_num "$S" cols)
orig=$(json_num "$S" original_values)
[ "$orig" -eq $((rows * cols)) ] && ok || fail "original $orig != $rows x $cols"
[ "$(json_array "$S" stored_values | head -n 1)" -eq $((rows + cols)) ] \
    && ok || fail "stored at rank 1"
grep -q '"channel": "gray"' "$S" && ok || fail "channel"
[ -s "$TMP/out" ] && fail "--quiet printed: $(cat "$TMP/out")" || ok
# Rank 30 stores more than a small image: one warning line, exit 0.
if [ $((30 * (rows + cols))) -gt "$orig" ]; then
    [ "$(grep -c 'warning: rank 30 stores' "$TMP/err")" -eq 1 ] && ok \
        || fail "no warning for rank 30: $(cat "$TMP/err")"
    grep -q 'rank 3 stores' "$TMP/err" && fail "warned for rank 3" || ok
else
    fail "test image too large for the warning check ($rows x $cols)"
fi

# --color: three planes, an RGB result of the image's size.
expect_exit 0 "color" -- "$NMFKIT" compress "$TMP/s.png" -n 20 --ranks 2 \
    --color --quiet -o "$TMP/col"
outputs "$TMP/col" 2
[ "$(json_num "$TMP/col/summary.json" rows)" -eq $((3 * rows)) ] && ok \
    || fail "color rows"

# Bad input: one line naming the problem, exit 2, nothing left.
printf 'not a png' > "$TMP/junk.png"
for args in "$TMP/missing.png" "$TMP/junk.png" "$TMP/s.png --ranks 0" \
            "$TMP/s.png --ranks 2,x" "$TMP/s.png --ranks ," \
            "$TMP/s.png --channel a" "$TMP/s.png --color --channel r" \
            "$TMP/s.png -n 0" "$TMP/s.png $TMP/s.png" "$TMP/s.png --bogus"; do
    rm -rf "$TMP/bad"
    # shellcheck disable=SC2086
    expect_exit 2 "compress $args" -- "$NMFKIT" compress $args -o "$TMP/bad"
    [ "$(wc -l < "$TMP/err")" -eq 1 ] && ok || fail "compress $args: $(cat "$TMP/err")"
    [ -e "$TMP/bad" ] && fail "compress $args left $TMP/bad" || ok
done
expect_exit 2 "junk" -- "$NMFKIT" compress "$TMP/junk.png" -o "$TMP/bad"
expect_grep "junk.png" "$TMP/err" "bad PNG names the file"
expect_exit 2 "no -o" -- "$NMFKIT" compress "$TMP/s.png"
expect_grep "-o DIR" "$TMP/err" "missing -o names -o"
expect_exit 0 "help" -- "$NMFKIT" compress --help
expect_grep "Alpha" "$TMP/out" "help says how alpha is handled"
finish
