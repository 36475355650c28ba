#!/bin/sh
# cli_ae.sh -- `nmfkit ae` on the generated sprites, tiny: the four rows
# with their code sizes and parameter counts, PSNR from MSE, the loss per
# epoch falling, the report's files; bad input as one line, exit 2, and
# nothing left behind (a cut PGM among the faces among them).
. "${top_srcdir:-.}/tests/testlib.sh"

S="$DATA/sprites.png"  # the default, named: distcheck runs outside the tree
expect_exit 0 "ae on sprites" -- "$NMFKIT" ae "$S" --count 40 --epochs 4 \
    --batch 8 -n 30 -o "$TMP/ae" --seed 3
J="$TMP/ae/summary.json"
for f in summary.json ae_loss.csv report/index.html report/faces.png \
         report/basis.png report/loss.svg report/test-time.svg; do
    [ -s "$TMP/ae/$f" ] && ok || fail "ae: no $f"
done
# 24 x 24 sprites: the code is C x 6 x 6; NMF d = 30; at equal size the
# autoencoder's 36 numbers against NMF with d = min(36, 32 training faces).
codes=$(tr -d ' \n' <"$J" | grep -o '"code_size":[0-9]*' | cut -d: -f2 \
    | tr '\n' ' ')
[ "$codes" = "30 1152 36 32 " ] && ok || fail "code sizes: $codes"
params=$(tr -d ' \n' <"$J" | grep -o '"parameters":[0-9]*' | cut -d: -f2 \
    | tr '\n' ' ')
[ "$params" = "17280 9569 610 18432 " ] && ok || fail "parameters: $params"
[ "$(json_num "$J" train)" = 32 ] && [ "$(json_num "$J" test)" = 8 ] && ok \
    || fail "split: $(json_num "$J" train) / $(json_num "$J" test)"
# PSNR = -10 log10(MSE) in every row; the loss falls over the epochs.
tr -d ' \n' <"$J" | grep -o '"test_mse":[-0-9.e]*,"test_psnr":[-0-9.e]*' \
    | sed 's/"test_mse":\(.*\),"test_psnr":\(.*\)/\1 \2/' \
    | awk '{ d = $2 + 10 * log($1) / log(10); if (d * d > 1e-6) bad = 1
             n++ } END { exit bad || n != 4 }' && ok \
    || fail "PSNR is not -10 log10(MSE)"
loss=$(json_array "$J" ae_loss | tr '\n' ' ')
echo "$loss" | awk '{ exit !(NF == 4 && $4 < $1) }' && ok \
    || fail "ae_loss does not fall: $loss"
expect_grep "Fairness" "$TMP/ae/report/index.html" "the fairness paragraph"

# The same bits for the same seed, on 1 and on 2 threads.
for t in 1 2; do
    expect_exit 0 "ae, $t threads" -- "$NMFKIT" ae "$S" --count 40 \
        --epochs 2 --batch 8 -n 10 --no-equal-size --threads $t -q \
        -o "$TMP/t$t" --seed 3
done
cut -d, -f1-3 "$TMP/t1/ae_loss.csv" >"$TMP/l1"
cut -d, -f1-3 "$TMP/t2/ae_loss.csv" >"$TMP/l2"
cmp -s "$TMP/l1" "$TMP/l2" && ok \
    || fail "loss differs between 1 and 2 threads"

# Bad input.
expect_exit 2 "ae without -o" -- "$NMFKIT" ae "$S" --count 8
expect_exit 2 "ae --test-fraction 0.95" -- "$NMFKIT" ae "$S" \
    --test-fraction 0.95 -o "$TMP/bad"
expect_exit 2 "ae --count 1" -- "$NMFKIT" ae "$S" --count 1 -o "$TMP/bad"
expect_grep "leave no training face" "$TMP/err" "one image is no split"
mkdir -p "$TMP/faces/s1"
printf 'P5\n2 2\n255\n\001\002\003\004' >"$TMP/faces/s1/1.pgm"
printf 'P5\n2 2\n255\n\001\002' >"$TMP/faces/s1/2.pgm"
expect_exit 2 "ae on a cut PGM" -- "$NMFKIT" ae "$TMP/faces" --count 0 \
    -o "$TMP/bad"
expect_grep "2.pgm: cut short: 2 of 4 pixels" "$TMP/err" "the cut file named"
[ "$(wc -l <"$TMP/err")" -eq 1 ] && ok || fail "two lines: $(cat "$TMP/err")"
[ ! -e "$TMP/bad" ] && ok || fail "ae left $TMP/bad behind"

finish
