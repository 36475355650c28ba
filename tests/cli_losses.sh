#!/bin/sh
# cli_losses.sh -- factor, transform and select beyond plain least
# squares: --loss kl, the penalties, --missing and --mask, --restarts, and
# `select` finding the planted rank; each bad value one line, exit 2, no
# output left.
. "${top_srcdir:-.}/tests/testlib.sh"

B="$DATA/blocks.csv"

# KL: the divergence in the history never rises, and run.json says so.
expect_exit 0 "factor --loss kl" -- \
    "$NMFKIT" factor "$B" -d 6 -n 200 --loss kl -o "$TMP/kl" --quiet
expect_grep '"loss": "kl"' "$TMP/kl/run.json" "run.json loss"
expect_exit 0 "factor --loss kl, summary" -- \
    "$NMFKIT" factor "$B" -d 6 -n 20 --loss kl -o "$TMP/kl2"
expect_grep "D(A || WH) " "$TMP/err" "the KL summary names the divergence"
grep -q relative_error "$TMP/kl/run.json" && fail "KL run.json has a" \
    "relative error of a divergence" || ok
awk -F, 'NR > 2 && $2 > prev * (1 + 1e-6) { bad = 1 } NR > 1 { prev = $2 }
    END { exit bad }' "$TMP/kl/history.csv" && ok \
    || fail "KL history rose"

# Missing entries: blank fields in a CSV are an error without --missing
# and ignored with it; the error on the observed entries still falls far.
awk -F, 'BEGIN { OFS = "," } { if (NR % 7 == 0) $3 = ""; print }' "$B" \
    > "$TMP/holes.csv"
expect_exit 2 "blank field without --missing" -- \
    "$NMFKIT" factor "$TMP/holes.csv" -d 6 -o "$TMP/no"
expect_grep "empty field" "$TMP/err" "blank field named"
for solver in mu hals; do
    expect_exit 0 "--missing $solver" -- "$NMFKIT" factor "$TMP/holes.csv" \
        -d 6 -n 300 --missing --solver $solver --init nndsvda \
        -o "$TMP/miss_$solver" --quiet
    [ "$(json_num "$TMP/miss_$solver/run.json" missing)" -eq 13 ] && ok \
        || fail "$solver: missing count $(json_num "$TMP/miss_$solver/run.json" missing)"
    rel=$(json_num "$TMP/miss_$solver/run.json" relative_error)
    awk -v r="$rel" 'BEGIN { exit !(r < 0.05) }' && ok \
        || fail "$solver with missing entries: relative error $rel"
done

# Penalties reach run.json; restarts keep the best of their seeds.
expect_exit 0 "penalties and restarts" -- "$NMFKIT" factor "$B" -d 6 \
    -n 50 --l1-h 0.1 --l2-w 0.5 --restarts 3 --seed 4 -o "$TMP/pen"
expect_grep "restarts: 3 (seeds 4..6)" "$TMP/out" "restart summary"
expect_grep "objective with the penalties" "$TMP/out" "objective line"
[ "$(json_array "$TMP/pen/run.json" restart_errors | wc -l)" -eq 3 ] && ok \
    || fail "restart_errors: $(json_array "$TMP/pen/run.json" restart_errors)"
best=$(json_array "$TMP/pen/run.json" restart_errors | sort -g | head -n 1)
[ "$(json_num "$TMP/pen/run.json" error)" = "$best" ] && ok \
    || fail "kept error $(json_num "$TMP/pen/run.json" error), best $best"

# Transform with KL, H alone.
expect_exit 0 "transform --loss kl" -- "$NMFKIT" transform "$B" \
    --w "$TMP/kl/W.npy" --loss kl -n 50 -o "$TMP/trkl" --quiet
expect_grep '"loss": "kl"' "$TMP/trkl/run.json" "transform loss"

# select: blocks.csv has 6 parts; with uniform noise added (exact data
# would leave d >= 6 tied within rounding) the best d is 6.
awk -F, 'BEGIN { OFS = ","; x = 7 } /^#/ { next }
    { for (i = 1; i <= NF; i++) {
          x = (x * 16807) % 2147483647; $i = $i + 0.2 * x / 2147483647 }
      print }' "$B" > "$TMP/noisy.csv"
expect_exit 0 "select" -- "$NMFKIT" select "$TMP/noisy.csv" --d 3:8 \
    --folds 2 -o "$TMP/sel"
expect_grep "2/12  fold 1  d = 4" "$TMP/err" "a line per fit"
for f in select.csv summary.json report/select.svg report/index.html; do
    [ -s "$TMP/sel/$f" ] && ok || fail "select: missing $f"
done
for key in best_d best_d_1se; do
    [ "$(json_num "$TMP/sel/summary.json" $key)" -eq 6 ] && ok \
        || fail "select: $key $(json_num "$TMP/sel/summary.json" $key)"
done
[ "$(wc -l < "$TMP/sel/select.csv")" -eq 7 ] && ok || fail "select.csv rows"

# Data as people have it: pandas' to_csv (a header, an index column,
# an empty field for a missing entry), and samples as rows.
printf ',a,b,c\nr1,1,2,3\nr2,4,,6\nr3,7,8,9\nr4,1,0,2\n' > "$TMP/pandas.csv"
expect_exit 0 "header, index column, blank" -- "$NMFKIT" factor \
    "$TMP/pandas.csv" -d 1 -n 20 --header --skip-columns 1 --missing \
    -o "$TMP/pd" --quiet
expect_grep '"m": 4' "$TMP/pd/run.json" "4 rows read"
expect_grep '"n": 3' "$TMP/pd/run.json" "3 columns kept"
expect_grep '"missing": 1' "$TMP/pd/run.json" "1 missing"
expect_exit 0 "rows are samples" -- "$NMFKIT" factor "$TMP/pandas.csv" \
    -d 1 -n 20 --header --skip-columns 1 --missing --rows-are-samples \
    -o "$TMP/pdt" --quiet
expect_grep '"m": 3' "$TMP/pdt/run.json" "transposed: 3 features"
expect_grep '"n": 4' "$TMP/pdt/run.json" "transposed: 4 samples"
expect_exit 0 "skip by name, kept" -- "$NMFKIT" factor "$TMP/pandas.csv" \
    -d 1 -n 5 --header --skip-columns "1,b" -o "$TMP/pdn" --quiet
expect_grep '"n": 2' "$TMP/pdn/run.json" "skip by name: 2 columns"

# bad CMD NAME PATTERN -- ARGS: exit 2, one line naming it, no DIR left.
bad() {
    cmd=$1; name=$2; pattern=$3; shift 4
    expect_exit 2 "$name" -- "$NMFKIT" $cmd "$@" -o "$TMP/bad"
    [ "$(wc -l < "$TMP/err")" -eq 1 ] && ok \
        || fail "$name: not one line: $(cat "$TMP/err")"
    expect_grep "$pattern" "$TMP/err" "$name"
    [ ! -e "$TMP/bad" ] && ok || fail "$name: left $TMP/bad"
}
bad factor "negative penalty" "--l1-w: '-1' is not a number in" -- \
    "$B" -d 3 --l1-w -1
bad factor "kl with hals" "the KL loss has the mu solver only" -- \
    "$B" -d 3 --loss kl --solver hals
bad factor "unknown loss" "'beta' is not one of frobenius, kl" -- \
    "$B" -d 3 --loss beta
bad factor "mask shape" "A1.csv: shape 2 x 2, expected 96 x 400" -- \
    "$B" -d 3 --mask "$DATA/A1.csv"
bad factor "missing with ahals" "missing entries take the mu or hals" -- \
    "$TMP/holes.csv" -d 3 --missing --solver ahals
bad factor "restarts 0" "--restarts: '0'" -- "$B" -d 3 --restarts 0
bad select "d from 0" "--d: '0' is not" -- "$B" --d 0:5
bad select "d backwards" "runs backwards" -- "$B" --d 5:2
bad select "d not a range" "is not LO:HI" -- "$B" --d 5
bad select "no d" "--d LO:HI is required" -- "$B"
bad select "holdout 0" "hides nothing" -- "$B" --d 2:3 --holdout 0
bad factor "header on numbers" "--header, but the line holds numbers" -- \
    "$B" -d 3 --header
bad factor "unknown column" "no column named 'zz'" -- "$TMP/pandas.csv" \
    -d 1 --header --skip-columns zz
bad factor "name without header" "names a column, but there is no header" \
    -- "$TMP/pandas.csv" -d 1 --skip-columns a
bad factor "header on .npy" "--header is for CSV files" -- \
    "$TMP/kl/W.npy" -d 1 --header
bad select "d past the matrix" "no d above 96 can gain" -- "$B" --d 2:200
finish
