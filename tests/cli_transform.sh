#!/bin/sh
# cli_transform.sh -- `nmfkit transform`: H for A with a learned W fixed;
# outputs and shapes, an error no worse than the fit that made W, the same
# bits on 1 and 2 threads, and one clear line for a W that does not fit.
. "${top_srcdir:-.}/tests/testlib.sh"

npy_shape() {
    head -c 128 "$1" | LC_ALL=C tr -d '\000' | LC_ALL=C sed -n "s/.*'shape': *(\([^)]*\)).*/(\1)/p"
}

expect_exit 0 "factor for W" -- \
    "$NMFKIT" factor "$DATA/blocks.csv" -d 6 -n 300 -o "$TMP/fit" --quiet
expect_exit 0 "transform" -- "$NMFKIT" transform "$DATA/blocks.csv" \
    --w "$TMP/fit/W.npy" --solver hals -n 300 -o "$TMP/tr" --threads 1
expect_grep "hals stopped by iterations after 300 iterations" "$TMP/err" \
    "summary line"
for f in H.npy history.csv run.json; do
    [ -s "$TMP/tr/$f" ] && ok || fail "missing output $f"
done
[ ! -e "$TMP/tr/W.npy" ] && ok || fail "transform wrote a W"
[ "$(npy_shape "$TMP/tr/H.npy")" = "(6, 400)" ] && ok \
    || fail "H shape $(npy_shape "$TMP/tr/H.npy")"
[ "$(wc -l < "$TMP/tr/history.csv")" -eq 301 ] && ok \
    || fail "history has $(wc -l < "$TMP/tr/history.csv") lines"
expect_grep '"command": "transform"' "$TMP/tr/run.json" "run.json command"
# W fixed, H free: the problem in H is convex, and HALS solves it at
# least as well as the 300 MU iterations that made W with their own H.
fit_rel=$(json_num "$TMP/fit/run.json" relative_error)
tr_rel=$(json_num "$TMP/tr/run.json" relative_error)
awk -v f="$fit_rel" -v t="$tr_rel" 'BEGIN { exit !(t <= f * 1.0001) }' \
    && ok || fail "transform error $tr_rel above the fit's $fit_rel"
# The same bits on 2 threads.
expect_exit 0 "transform, 2 threads" -- "$NMFKIT" transform \
    "$DATA/blocks.csv" --w "$TMP/fit/W.npy" --solver hals -n 300 \
    -o "$TMP/tr2" --threads 2 --quiet
cmp -s "$TMP/tr/H.npy" "$TMP/tr2/H.npy" && ok || fail "H differs on 2 threads"

# bad NAME PATTERN -- ARGS: exit 2, one line naming the problem, no DIR.
bad() {
    name=$1; pattern=$2; shift 3
    expect_exit 2 "$name" -- "$NMFKIT" transform "$@" -o "$TMP/bad"
    [ "$(wc -l < "$TMP/err")" -eq 1 ] && ok \
        || fail "$name: more than one line: $(cat "$TMP/err")"
    expect_grep "$pattern" "$TMP/err" "$name"
    [ ! -e "$TMP/bad" ] && ok || fail "$name: left $TMP/bad"
}
bad "no W" "--w W.npy is required" -- "$DATA/blocks.csv"
bad "W of other rows" "A1.csv: 2 rows, but .*blocks.csv has 96" -- \
    "$DATA/blocks.csv" --w "$DATA/A1.csv"
bad "no input" "no INPUT file given" -- --w "$TMP/fit/W.npy"
bad "unknown option" "unknown option --rank" -- "$DATA/blocks.csv" \
    --w "$TMP/fit/W.npy" --rank 3
finish
