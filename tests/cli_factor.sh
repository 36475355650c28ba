#!/bin/sh
# cli_factor.sh -- `nmfkit factor` on the shipped data: outputs and their
# shapes, the printed error, reproducibility (seed, threads), --init-w/-h.
. "${top_srcdir:-.}/tests/testlib.sh"

# npy_shape FILE: the shape tuple from an .npy header, e.g. "(96, 6)".
npy_shape() {
    head -c 128 "$1" | LC_ALL=C tr -d '\000' | LC_ALL=C sed -n "s/.*'shape': *(\([^)]*\)).*/(\1)/p"
}

expect_exit 0 "factor blocks" -- \
    "$NMFKIT" factor "$DATA/blocks.csv" -d 6 -n 300 -o "$TMP/run1"
expect_grep "final ||A - WH||_F" "$TMP/out" "summary line"
expect_grep "time per iteration: [0-9.]* ms ([0-9]* threads), after [0-9.]* ms of setup" \
    "$TMP/out" "timing line"
for f in W.npy H.npy history.csv run.json; do
    [ -s "$TMP/run1/$f" ] && ok || fail "missing output $f"
done
[ "$(npy_shape "$TMP/run1/W.npy")" = "(96, 6)" ] && ok \
    || fail "W shape $(npy_shape "$TMP/run1/W.npy")"
[ "$(npy_shape "$TMP/run1/H.npy")" = "(6, 400)" ] && ok \
    || fail "H shape $(npy_shape "$TMP/run1/H.npy")"
[ "$(head -n 1 "$TMP/run1/history.csv")" = "iter,error,seconds" ] && ok \
    || fail "history header"
[ "$(wc -l < "$TMP/run1/history.csv")" -eq 301 ] && ok \
    || fail "history has $(wc -l < "$TMP/run1/history.csv") lines"
[ "$(sed -n '2s/,.*//p' "$TMP/run1/history.csv")" = 1 ] && ok \
    || fail "history starts at iteration 1"
[ "$(tail -n 1 "$TMP/run1/history.csv" | cut -d, -f1)" = 300 ] && ok \
    || fail "history ends at iteration 300"
# The error falls: last history value well below the first.
awk -F, 'NR == 2 { first = $2 } END { exit !($2 < first / 10) }' \
    "$TMP/run1/history.csv" && ok || fail "error did not fall tenfold"
ls "$TMP/run1" | grep -q tmp && fail "temporary files left" || ok

# The seconds never decrease.
awk -F, 'NR > 2 && $3 < prev { exit 1 } NR > 1 { prev = $3 }' \
    "$TMP/run1/history.csv" && ok || fail "history seconds decrease"
# run.json names what ran and why it stopped.
[ "$(sed -n 's/.*"solver": "\([a-z]*\)".*/\1/p' "$TMP/run1/run.json")" = mu ] \
    && ok || fail "run.json solver: $(cat "$TMP/run1/run.json")"
[ "$(sed -n 's/.*"stop": "\([a-z]*\)".*/\1/p' "$TMP/run1/run.json")" = iterations ] \
    && ok || fail "run.json stop"
[ "$(json_num "$TMP/run1/run.json" iterations)" = 300 ] && ok \
    || fail "run.json iterations"
expect_grep "mu stopped by iterations after 300 iterations" "$TMP/err" \
    "the stop line on stderr"

# Same seed, same bits; thread count does not matter (the history's
# seconds column is a wall time, the rest is compared).
expect_exit 0 "factor again, 1 thread" -- \
    "$NMFKIT" factor "$DATA/blocks.csv" -d 6 -n 300 --threads 1 --quiet -o "$TMP/run2"
for f in W.npy H.npy; do
    cmp -s "$TMP/run1/$f" "$TMP/run2/$f" && ok || fail "$f differs between runs"
done
cut -d, -f1,2 "$TMP/run1/history.csv" > "$TMP/h1"
cut -d, -f1,2 "$TMP/run2/history.csv" > "$TMP/h2"
cmp -s "$TMP/h1" "$TMP/h2" && ok || fail "history differs between runs"
[ -s "$TMP/out" ] && fail "--quiet printed: $(cat "$TMP/out")" || ok
expect_exit 0 "other seed" -- \
    "$NMFKIT" factor "$DATA/blocks.csv" -d 6 -n 300 --seed 7 --quiet -o "$TMP/run3"
cmp -s "$TMP/run1/W.npy" "$TMP/run3/W.npy" && fail "seed ignored" || ok

# A given start replaces the random one: starting from run1's result and
# running 300 more iterations cannot end above where run1 ended.
expect_exit 0 "init from W, H" -- \
    "$NMFKIT" factor "$DATA/blocks.csv" -d 6 -n 300 --quiet \
    --init-w "$TMP/run1/W.npy" --init-h "$TMP/run1/H.npy" -o "$TMP/run4"
last1=$(tail -n 1 "$TMP/run1/history.csv" | cut -d, -f2)
first4=$(sed -n '2p' "$TMP/run4/history.csv" | cut -d, -f2)
awk -v a="$last1" -v b="$first4" 'BEGIN { exit !(b <= a * 1.0001) }' && ok \
    || fail "restart from W, H began at $first4, run1 ended at $last1"

# The toy matrices of the reference text.
expect_exit 0 "A1 d=1" -- "$NMFKIT" factor "$DATA/A1.csv" -d 1 -o "$TMP/a1"
expect_grep "final ||A - WH||_F = 1" "$TMP/out" "A1 with d = 1 ends at error 1"
expect_exit 0 "npy input" -- \
    "$NMFKIT" factor "$TMP/run1/W.npy" -d 2 -n 10 --quiet -o "$TMP/npyin"
expect_exit 0 "help" -- "$NMFKIT" factor --help
expect_grep "Usage: nmfkit factor" "$TMP/out" "help text"
# --profile: one line per step of the iteration and a total, in ms/iter.
expect_exit 0 "profile" -- \
    "$NMFKIT" factor "$DATA/blocks.csv" -d 6 -n 20 --quiet --profile -o "$TMP/prof"
for step in "W'A" "update H+HH'" "AH'" "update W+W'W" "first W'W" "error" \
    "copy A'" "total"; do
    grep -q "^$step  *[0-9.]*  *[0-9.]*%  *[0-9.]*$" "$TMP/out" && ok \
        || fail "profile has no line for $step: $(cat "$TMP/out")"
done
[ "$(wc -l < "$TMP/out")" -eq 9 ] && ok || fail "profile: $(cat "$TMP/out")"
# The accelerated solvers add how often they repeated each update.
expect_exit 0 "profile ahals" -- "$NMFKIT" factor "$DATA/blocks.csv" -d 6 \
    -n 20 --quiet --profile --solver ahals -o "$TMP/prof2"
expect_grep "^inner repeats per iteration: H [0-9.]*, W [0-9.]*$" "$TMP/out" \
    "ahals profile repeats"
# --low-memory: no copy of A is made (its profile line reads 0), the run
# still writes its three files.
expect_exit 0 "low memory" -- "$NMFKIT" factor "$DATA/blocks.csv" -d 6 -n 20 \
    --quiet --profile --low-memory -o "$TMP/lowmem"
expect_grep "^copy A'  *0.000 " "$TMP/out" "low memory makes no copy"
for f in W.npy H.npy history.csv; do
    [ -s "$TMP/lowmem/$f" ] && ok || fail "--low-memory wrote no $f"
done
finish
