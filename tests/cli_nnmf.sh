#!/bin/sh
# cli_nnmf.sh -- `nmfkit compress` and `nmfkit cluster` on the reference
# notebook's real data (the photo and the spike waveforms), fetched by
# scripts/fetch-data nnmf-medium into data/external (never committed).
# Skipped (77) when the set is missing; .ci/run fetches it and fails on any
# skip.
. "${top_srcdir:-.}/tests/testlib.sh"

SET="${NMFKIT_DATA_EXTERNAL:-$top_srcdir/data/external}/nnmf-medium"
for f in small_green.png small_rgb.png waveforms.csv; do
    if [ ! -f "$SET/$f" ]; then
        echo "SKIP: $SET/$f missing (run scripts/fetch-data nnmf-medium)"
        exit 77
    fi
done

# The photo (67 x 100, green channel): the error falls with rank; ranks
# above rows*cols/(rows+cols) = 39.9 store more than the image and warn.
expect_exit 0 "photo" -- "$NMFKIT" compress "$SET/small_green.png" -n 300 \
    --ranks 5,10,20,50 --quiet -o "$TMP/photo"
S="$TMP/photo/summary.json"
[ "$(json_num "$S" original_values)" = 6700 ] && ok || fail "photo is not 67 x 100"
[ "$(json_array "$S" stored_values | tr '\n' ' ')" = "835 1670 3340 8350 " ] \
    && ok || fail "stored values: $(json_array "$S" stored_values)"
json_array "$S" rel_error | awk 'NR > 1 && $1 >= prev { bad = 1 } { prev = $1 }
    END { exit bad || NR != 4 }' && ok || fail "photo: error does not fall"
json_array "$S" rel_error | awk 'NR == 1 { exit !($1 > 0.05 && $1 < 0.2) }' \
    && ok || fail "photo: rank-5 error out of the plausible range"
expect_grep "warning: rank 50" "$TMP/err" "rank 50 warns"
grep -q "warning: rank 20" "$TMP/err" && fail "rank 20 warned" || ok
[ -s "$TMP/photo/report/rank-50.png" ] && ok || fail "rank-50.png"

# The colour photo: three channels stacked, an RGB result.
expect_exit 0 "photo --color" -- "$NMFKIT" compress "$SET/small_rgb.png" \
    -n 100 --ranks 10 --color --quiet -o "$TMP/rgb"
[ "$(json_num "$TMP/rgb/summary.json" rows)" = 201 ] && ok || fail "rgb rows"

# The waveforms (532 x 150, uid and organoid columns): sizes add up, both
# methods report an ARI, and the labels' contingency table is printed.
expect_exit 0 "waveforms" -- "$NMFKIT" cluster "$SET/waveforms.csv" \
    --skip-columns uid --label-column organoid --rank 3 --method both \
    -o "$TMP/real"
S="$TMP/real/summary.json"
[ "$(json_num "$S" n_waveforms)" = 532 ] && ok || fail "n_waveforms"
[ "$(json_sum "$S" sizes)" = 532 ] && ok || fail "sizes do not sum to 532"
[ "$(json_sum "$S" sizes_kmeans)" = 532 ] && ok || fail "k-means sizes"
for k in ari ari_kmeans; do
    v=$(json_num "$S" $k)
    awk -v a="$v" 'BEGIN { exit !(a >= -1 && a <= 1) }' && ok || fail "$k = '$v'"
done
expect_grep "DLX_H9.*total" "$TMP/out" "contingency table has a column per label"
finish
