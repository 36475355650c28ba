#!/bin/sh
# cli_bench.sh -- `nmfkit bench`, the lab, on tiny sizes: every step's
# result within its bound of v0's, the tables and figures it promises,
# the phases of both iterations, --explain quoting the steps' own files,
# --profile alone, and bad options as one line and exit 2.
. "${top_srcdir:-.}/tests/testlib.sh"

TINY="--threads 1 --sizes 16,33 --wta-n 40 --columns 150 --rank 8 -n 3"

expect_exit 0 "bench, tiny" -- "$NMFKIT" bench $TINY --quick \
    --plot "$TMP/lab"
for f in roofline.svg steps-square.svg steps-wta.svg scaling.svg \
         steps.csv profile.csv scaling.csv machine.csv; do
    [ -s "$TMP/lab/$f" ] && ok || fail "bench --plot: no $f"
done
# Every registered step and the product, on every shape: 3 shapes.
steps=$(awk -F, 'NR > 1 { print $6 }' "$TMP/lab/steps.csv" | sort -u | wc -l)
want=$(($(grep -c '^    {"v' "$top_srcdir/src/kernels/registry.c") + 1))
[ "$steps" -eq "$want" ] && ok || fail "steps.csv: $steps steps, want $want"
rows=$(awk 'END { print NR - 1 }' "$TMP/lab/steps.csv")
[ "$rows" -eq $((3 * want)) ] && ok || fail "steps.csv: $rows rows"
# diff column within its bound, GFLOP/s positive, intensity positive.
awk -F, 'NR > 1 && !($12 <= $13 && $8 > 0 && $10 > 0) { print; bad = 1 }
    END { exit bad }' "$TMP/lab/steps.csv" >"$TMP/bad" && ok \
    || fail "steps.csv rows out of bound: $(cat "$TMP/bad")"
# Both iterations' phases, with the products' model bytes s (mn + md + dn).
for solver in mu hals; do
    grep -q "^$solver,.*,W'A,0," "$TMP/lab/profile.csv" && ok \
        || fail "profile.csv: no $solver W'A phase"
done
s=$(sed -n 's/.*nmf_real .*(s = \([48]\) bytes).*/\1/p' "$TMP/out")
awk -F, -v s="$s" '$1 == "mu" && $6 == "W'"'"'A" {
    want = s * (1728 * 150 + 1728 * 8 + 8 * 150)
    exit !($12 == want) }' "$TMP/lab/profile.csv" && ok \
    || fail "W'A bytes by the model"
# The roofline names the roofs and the machine's numbers are positive.
expect_grep "roof, 1 thread" "$TMP/lab/roofline.svg" "roofline legend"
awk -F, 'NR > 1 && !($2 > 0 && $3 > 0) { bad = 1 } END { exit bad }' \
    "$TMP/lab/machine.csv" && ok || fail "machine.csv: a rate not > 0"

# --explain quotes each step's head comment, then the ratio.
expect_exit 0 "bench --explain" -- "$NMFKIT" bench --explain v2,v3 --quick \
    --threads 1 --rank 8
expect_grep "^---- v3 ----" "$TMP/out" "explain heads v3"
line=$(sed -n 's/^ \* \(Idea (Goto.*\)/\1/p' \
    "$top_srcdir/src/kernels/gemm_v3_packed.c")
expect_grep "$line" "$TMP/out" "explain quotes gemm_v3_packed.c"
expect_grep "^v3 / v2, measured here" "$TMP/out" "explain ratio"

# --only: the one step, nothing else (what a profiler should count).
expect_exit 0 "bench --only" -- "$NMFKIT" bench --only v3 --sizes 16,20 \
    --threads 1
[ "$(grep -c '^v3 ' "$TMP/out")" -eq 2 ] && [ "$(wc -l <"$TMP/out")" -eq 2 ] \
    && ok || fail "bench --only printed: $(cat "$TMP/out")"

# --profile alone: profile.csv in the working directory, nothing else.
mkdir "$TMP/p"
(cd "$TMP/p" && "$NMFKIT" bench --profile $TINY >"$TMP/out" 2>"$TMP/err") \
    && ok || fail "bench --profile: $(cat "$TMP/err")"
[ "$(ls "$TMP/p")" = "profile.csv" ] && ok \
    || fail "bench --profile wrote: $(ls "$TMP/p")"
expect_grep "^hals iteration" "$TMP/out" "profile prints HALS"

# Bad options: one line, exit 2, no folder left.
expect_exit 2 "bench --explain v2" -- "$NMFKIT" bench --explain v2
expect_exit 2 "bench --steps v99" -- "$NMFKIT" bench --steps v99
expect_exit 2 "bench --threads 2,1" -- "$NMFKIT" bench --threads 2,1
expect_exit 2 "bench --input missing" -- "$NMFKIT" bench --profile \
    --threads 1 --input "$TMP/none.npy" --plot "$TMP/left"
[ "$(wc -l <"$TMP/err")" -eq 1 ] && ok || fail "two lines: $(cat "$TMP/err")"
[ ! -e "$TMP/left" ] && ok || fail "bench left $TMP/left behind"

finish
