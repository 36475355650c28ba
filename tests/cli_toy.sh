#!/bin/sh
# cli_toy.sh -- `nmfkit toy`: the reference text's hint (A1 at d = 1 has
# error 1, from a family of fits), exact fits where d reaches the
# nonnegative rank, the SVD bound met by A4 at d = 2, what is unique and
# what is not, the ranks, and the files of the report.
. "${top_srcdir:-.}/tests/testlib.sh"

expect_exit 0 "toy" -- "$NMFKIT" toy --data "$DATA" -o "$TMP/toy"
for f in summary.json toy.csv report/index.html report/error-A3.svg \
         report/error-A4.svg; do
    [ -s "$TMP/toy/$f" ] && ok || fail "toy: no $f"
done
C="$TMP/toy/toy.csv"
# row_of MATRIX D SEED: the toy.csv line
row() { awk -F, -v a="$1" -v d="$2" -v s="$3" \
    '$1 == a && $2 == d && $3 == s' "$C"; }
check() { # DESCRIPTION AWK-CONDITION on the fields of row
    what=$1; cond=$2; shift 2
    row "$@" | awk -F, "{ exit !($cond) }" && ok \
        || fail "$what: $(row "$@")"
}
check "A1, d = 1: error 1" '$4 > 0.9999 && $4 < 1.0001' A1 1 1
check "A1, d = 1: error 1 from the other start" '$4 > 0.9999 && $4 < 1.0001' A1 1 2
check "A1, d = 1: W H differs between starts" '$5 == 0 && $6 == 0' A1 1 1
check "A1, d = 2: exact, unique up to scale and order" \
    '$4 < 1e-5 && $5 == 1 && $6 == 1' A1 2 1
check "A2, d = 2: exact, W H unique, W and H not" \
    '$4 < 1e-5 && $5 == 1 && $6 == 0' A2 2 1
check "A3, d = 2: exact (nonnegative rank 2)" '$4 < 1e-5' A3 2 2
check "A4, d = 2: the SVD's bound, sigma_3 = 0.757702" \
    '$4 > 0.7576 && $4 < 0.7578 && $5 == 1' A4 2 1
# Singular values and ranks in summary.json, in matrix order.
ranks=$(tr -d ' \n' <"$TMP/toy/summary.json" \
    | grep -o '"rank":[0-9]*' | cut -d: -f2 | tr '\n' ' ')
[ "$ranks" = "2 2 2 3 " ] && ok || fail "toy ranks: $ranks"
# The curves are exact errors: A3 at d = 2 falls below the float
# history's floor of about 1e-3.
expect_grep "error-A3.svg" "$TMP/toy/report/index.html" "report links A3"

# Bad input: one line, exit 2, nothing left.
expect_exit 2 "toy -n 0" -- "$NMFKIT" toy -n 0 -o "$TMP/bad"
expect_exit 2 "toy --data nowhere" -- "$NMFKIT" toy --data "$TMP/none" \
    -o "$TMP/bad"
expect_grep "none/A1.csv" "$TMP/err" "toy names the missing file"
[ ! -e "$TMP/bad" ] && ok || fail "toy left $TMP/bad behind"

finish
