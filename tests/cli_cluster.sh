#!/bin/sh
# cli_cluster.sh -- `nmfkit cluster` end to end: the synthetic default with
# both methods (outputs, summary.json, ARI near 1), the committed synthetic
# file rebuilt byte for byte, bad input leaving nothing. The fetched real
# waveforms are tests/cli_nnmf.sh's.
. "${top_srcdir:-.}/tests/testlib.sh"


# The default input is found from the source tree.
abs_nmfkit=$NMFKIT
( cd "$top_srcdir" && "$abs_nmfkit" cluster --method both -n 300 \
    -o "$TMP/syn" ) >"$TMP/out" 2>"$TMP/err" && ok \
    || fail "default run: $(cat "$TMP/err")"
for f in summary.json clusters.csv W.npy H.npy report/index.html \
         report/panel-0.svg report/panel-1.svg report/panel-2.svg \
         report/all.svg; do
    [ -s "$TMP/syn/$f" ] && ok || fail "cluster: missing $f"
done
S="$TMP/syn/summary.json"
[ "$(json_num "$S" rank)" = 3 ] && ok || fail "rank"
[ "$(json_num "$S" n_waveforms)" = 300 ] && ok || fail "n_waveforms"
[ "$(json_sum "$S" sizes)" = 300 ] && ok || fail "sizes do not sum to 300"
[ "$(json_sum "$S" sizes_kmeans)" = 300 ] && ok || fail "k-means sizes"
for key in ari ari_kmeans; do
    v=$(json_num "$S" $key)
    awk -v v="$v" 'BEGIN { exit !(v > 0.9 && v <= 1) }' && ok \
        || fail "$key = '$v', expected > 0.9"
done
[ "$(head -n 1 "$TMP/syn/clusters.csv")" = "index,cluster,max_weight,kmeans_cluster" ] \
    && ok || fail "clusters.csv header"
[ "$(wc -l < "$TMP/syn/clusters.csv")" -eq 301 ] && ok || fail "clusters.csv rows"
expect_grep "adjusted Rand index" "$TMP/out" "prints the ARI"
expect_grep "triphasic" "$TMP/out" "prints the contingency table"
grep -q 'panel-0.svg' "$TMP/syn/report/index.html" && ok || fail "page lacks panels"
ls -A "$TMP/syn" | grep -q staging && fail "staging folder left" || ok

# The solver block: HALS from NNDSVDa with a tolerance, named on the
# page and in summary.json, and it clusters the synthetic spikes as well.
expect_exit 0 "hals" -- "$NMFKIT" cluster "$DATA/waveforms-synth.csv" \
    --skip-columns uid --label-column label --solver hals --init nndsvda \
    --tol 1e-4 -n 5000 --quiet -o "$TMP/hals"
grep -q '"solver": "hals"' "$TMP/hals/summary.json" && ok || fail "solver key"
grep -q '"stop": "tolerance"' "$TMP/hals/summary.json" && ok || fail "stop key"
v=$(json_num "$TMP/hals/summary.json" ari)
awk -v v="$v" 'BEGIN { exit !(v > 0.9 && v <= 1) }' && ok || fail "hals ari $v"
grep -q 'NMF by hals (hierarchical ALS) from the nndsvda start' \
    "$TMP/hals/report/index.html" && ok || fail "page does not name the solver"
expect_exit 2 "bad tol" -- "$NMFKIT" cluster "$DATA/waveforms-synth.csv" \
    --skip-columns uid --tol -1 -o "$TMP/badtol"
[ -e "$TMP/badtol" ] && fail "bad tol left output" || ok

# Same seed, same clusters.
expect_exit 0 "rerun" -- "$NMFKIT" cluster "$DATA/waveforms-synth.csv" \
    --skip-columns uid --label-column label --method both -n 300 --quiet \
    -o "$TMP/syn2"
cmp -s "$TMP/syn/clusters.csv" "$TMP/syn2/clusters.csv" && ok \
    || fail "not deterministic"
[ ! -s "$TMP/out" ] && ok || fail "--quiet printed: $(cat "$TMP/out")"

# The committed synthetic set is what the generator writes.
expect_exit 0 "make-synthetic" -- "$NMFKIT" cluster --make-synthetic \
    "$TMP/synth.csv"
cmp -s "$TMP/synth.csv" "$DATA/waveforms-synth.csv" && ok \
    || fail "data/waveforms-synth.csv differs from the generator's output"

# Bad input: one line naming the problem, exit 2, nothing left.
printf 'uid,0,1,lab\na,1,2,x\nb,1,y,x\n' > "$TMP/nonnum.csv"
printf 'uid,0,1,lab\na,1,2,x\nb,1,x\n' > "$TMP/ragged.csv"
printf '0,1\n1,-2\n' > "$TMP/neg.csv"
for args in "$TMP/missing.csv" "$TMP/nonnum.csv --skip-columns uid" \
            "$TMP/ragged.csv --skip-columns uid --label-column lab" \
            "$TMP/ragged.csv --skip-columns nope" \
            "$TMP/neg.csv --shift none" "$TMP/neg.csv --skip-columns uid" \
            "$TMP/neg.csv --rank 3" "$TMP/neg.csv --method svd" \
            "$TMP/neg.csv --shift max"; do
    rm -rf "$TMP/bad"
    # shellcheck disable=SC2086
    expect_exit 2 "cluster $args" -- "$NMFKIT" cluster $args -n 5 -o "$TMP/bad"
    [ "$(wc -l < "$TMP/err")" -eq 1 ] && ok || fail "cluster $args: $(cat "$TMP/err")"
    [ -e "$TMP/bad" ] && fail "cluster $args left $TMP/bad" || ok
done
expect_exit 2 "negative with --shift none" -- "$NMFKIT" cluster \
    "$TMP/neg.csv" --shift none -o "$TMP/bad"
expect_grep "neg.csv" "$TMP/err" "the negative-data error names the file"
expect_exit 2 "no -o" -- "$NMFKIT" cluster "$TMP/neg.csv"
expect_exit 0 "--shift none on non-negative data" -- "$NMFKIT" cluster \
    "$DATA/A3.csv" --shift none --rank 2 -n 20 --quiet -o "$TMP/a3"

finish
