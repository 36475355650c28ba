#!/bin/sh
# cli_solvers.sh -- `nmfkit factor --solver/--init/--tol/--max-time`: every
# solver and start runs and says so, the stopping rules stop for the
# reason run.json gives, bits do not depend on the thread count, and bad
# values are one line and exit 2.
. "${top_srcdir:-.}/tests/testlib.sh"

json_str() {
    sed -n "s/.*\"$2\": \"\([^\"]*\)\".*/\1/p" "$1" | head -n 1
}

for s in mu hals ahals amu; do
    for i in random nndsvd nndsvda nndsvdar; do
        expect_exit 0 "$s from $i" -- "$NMFKIT" factor "$DATA/blocks.csv" \
            -d 6 -n 40 --solver $s --init $i -o "$TMP/$s-$i"
        [ "$(json_str "$TMP/$s-$i/run.json" solver)" = $s ] && ok \
            || fail "$s from $i: run.json solver"
        [ "$(json_str "$TMP/$s-$i/run.json" init)" = $i ] && ok \
            || fail "$s from $i: run.json init"
        expect_grep "$s from $i, 40 iterations" "$TMP/out" "$s from $i summary"
        expect_grep "^nmfkit factor: $s stopped by iterations after 40" \
            "$TMP/err" "$s from $i stop line"
        # Same bits on 1 and 3 threads.
        expect_exit 0 "$s from $i, 1 thread" -- "$NMFKIT" factor \
            "$DATA/blocks.csv" -d 6 -n 40 --solver $s --init $i --threads 1 \
            --quiet -o "$TMP/$s-$i-1"
        expect_exit 0 "$s from $i, 3 threads" -- "$NMFKIT" factor \
            "$DATA/blocks.csv" -d 6 -n 40 --solver $s --init $i --threads 3 \
            --quiet -o "$TMP/$s-$i-3"
        for f in W.npy H.npy; do
            cmp -s "$TMP/$s-$i-1/$f" "$TMP/$s-$i-3/$f" && ok \
                || fail "$s from $i: $f differs between 1 and 3 threads"
        done
    done
done

# HALS gets further than MU in the same 40 iterations on this matrix.
mu=$(json_num "$TMP/mu-random/run.json" relative_error)
hals=$(json_num "$TMP/hals-random/run.json" relative_error)
awk -v a="$mu" -v b="$hals" 'BEGIN { exit !(b < a) }' && ok \
    || fail "hals ($hals) not below mu ($mu) after 40 iterations"

# --tol stops before -n, says so, and the last 10 iterations' drop is
# within the tolerance.
expect_exit 0 "tol" -- "$NMFKIT" factor "$DATA/blocks.csv" -d 6 -n 100000 \
    --solver hals --tol 1e-4 -o "$TMP/tol"
[ "$(json_str "$TMP/tol/run.json" stop)" = tolerance ] && ok \
    || fail "tol: stop $(json_str "$TMP/tol/run.json" stop)"
k=$(json_num "$TMP/tol/run.json" iterations)
[ "$k" -gt 10 ] && [ "$k" -lt 100000 ] && ok || fail "tol: $k iterations"
[ "$(($(wc -l < "$TMP/tol/history.csv") - 1))" -eq "$k" ] && ok \
    || fail "tol: history length"
awk -F, -v k="$k" 'NR == k - 9 { then = $2 } NR == k + 1 { now = $2 }
    END { exit !(then - now <= 1e-4 * now) }' "$TMP/tol/history.csv" && ok \
    || fail "tol: the rule does not hold at the end"
expect_grep "stopped by tolerance after $k iterations" "$TMP/err" "tol line"

# --max-time: a huge -n ends on time.
expect_exit 0 "max-time" -- "$NMFKIT" factor "$DATA/blocks.csv" -d 6 \
    -n 100000000 --max-time 0.2 --quiet -o "$TMP/time"
[ "$(json_str "$TMP/time/run.json" stop)" = time ] && ok \
    || fail "max-time: stop $(json_str "$TMP/time/run.json" stop)"
secs=$(json_num "$TMP/time/run.json" seconds)
awk -v s="$secs" 'BEGIN { exit !(s >= 0.2 && s < 5) }' && ok \
    || fail "max-time: ran $secs s"

# Bad values: one line on stderr, exit 2, no output folder.
for bad in "--tol -1" "--tol 2" "--tol x" "--max-time 0" "--max-time -3" \
    "--solver cd" "--init svd" "--accel-alpha -1" "--accel-delta 1.5" \
    "--solver"; do
    # shellcheck disable=SC2086
    expect_exit 2 "bad $bad" -- "$NMFKIT" factor "$DATA/blocks.csv" -d 6 \
        $bad -o "$TMP/bad"
    [ "$(wc -l < "$TMP/err")" -eq 1 ] && ok \
        || fail "bad $bad: $(cat "$TMP/err")"
    [ -e "$TMP/bad" ] && fail "bad $bad left $TMP/bad" || ok
done
expect_exit 2 "unknown solver" -- "$NMFKIT" factor "$DATA/blocks.csv" -d 6 \
    --solver cd -o "$TMP/bad"
expect_grep "^nmfkit factor: --solver: 'cd' is not one of mu, hals, ahals, amu$" \
    "$TMP/err" "unknown solver message"
expect_exit 2 "zero time" -- "$NMFKIT" factor "$DATA/blocks.csv" -d 6 \
    --max-time 0 -o "$TMP/bad"
expect_grep "^nmfkit factor: --max-time: '0' is not a number of seconds above 0$" \
    "$TMP/err" "zero time message"
finish
