#!/bin/sh
# cli_images.sh -- `nmfkit images`, `denoise` and `sweep` end to end on a
# small part of the generated sprites: every promised output exists,
# summary.json holds the promised numbers, the numbers make sense, and bad
# input leaves nothing behind.
. "${top_srcdir:-.}/tests/testlib.sh"

SPRITES="$DATA/sprites.png"


# A small, fast run: 60 sprites, 60 iterations.
expect_exit 0 "images" -- "$NMFKIT" images "$SPRITES" --count 60 -n 60 \
    -d 12 --d 4,8 --parts --quiet -o "$TMP/img"
for f in summary.json W.npy H.npy report/index.html report/originals.png \
         report/mean.png report/basis.png report/reconstructions.png \
         report/convergence.svg report/convergence-time.svg; do
    [ -s "$TMP/img/$f" ] && ok || fail "images: missing $f"
done
[ "$(json_num "$TMP/img/summary.json" n_images)" = 60 ] && ok || fail "n_images"
[ "$(json_num "$TMP/img/summary.json" d)" = 12 ] && ok || fail "d"
[ "$(json_num "$TMP/img/summary.json" iterations)" = 60 ] && ok || fail "iterations"
rel=$(json_num "$TMP/img/summary.json" rel_error)
awk -v r="$rel" 'BEGIN { exit !(r > 0 && r < 0.6) }' && ok || fail "rel_error $rel"
tr=$(json_num "$TMP/img/summary.json" transparent_everywhere)
awk -v t="$tr" 'BEGIN { exit !(t > 0 && t < 576) }' && ok || fail "transparent_everywhere $tr"
grep -q '"parts"' "$TMP/img/summary.json" && ok || fail "no parts table in summary"
grep -q 'convergence.svg' "$TMP/img/report/index.html" && ok || fail "page lacks the plot"
grep -q 'Does NMF find the parts' "$TMP/img/report/index.html" && ok || fail "page lacks the parts table"
ls -A "$TMP/img" | grep -q staging && fail "staging folder left" || ok

# The solver block: named in summary.json and the page, every fit's stop
# reason recorded; a tolerance ends the fits before -n.
expect_exit 0 "images, ahals" -- "$NMFKIT" images "$SPRITES" --count 60 \
    -n 5000 -d 12 --d 4,8 --no-parts --solver ahals --init nndsvda \
    --tol 1e-3 --quiet -o "$TMP/imgs"
grep -q '"solver": "ahals"' "$TMP/imgs/summary.json" && ok || fail "solver key"
grep -q '"init": "nndsvda"' "$TMP/imgs/summary.json" && ok || fail "init key"
grep -q '"stop": "tolerance"' "$TMP/imgs/summary.json" && ok || fail "stop key"
made=$(json_num "$TMP/imgs/summary.json" iterations_made)
[ "$made" -gt 10 ] && [ "$made" -lt 5000 ] && ok || fail "iterations_made $made"
[ "$(grep -c '"stop": "tolerance"' "$TMP/imgs/summary.json")" -eq 4 ] && ok \
    || fail "not every fit stopped by tolerance: $(cat "$TMP/imgs/summary.json")"
grep -q 'ahals (accelerated hierarchical ALS) from the nndsvda start' \
    "$TMP/imgs/report/index.html" && ok || fail "page does not name the solver"
grep -q 'stopped by tolerance' "$TMP/imgs/report/index.html" && ok \
    || fail "page does not say why the fit stopped"
expect_exit 2 "images, bad solver" -- "$NMFKIT" images "$SPRITES" --count 6 \
    -d 2 --solver cd -o "$TMP/bads"
[ -e "$TMP/bads" ] && fail "bad solver left output" || ok

# Printed summary when not quiet.
expect_exit 0 "images, verbose" -- "$NMFKIT" images "$SPRITES" --count 20 -n 5 \
    -d 4 --d 4 --no-parts -o "$TMP/img2"
expect_grep "||A - WH||_F / ||A||_F" "$TMP/out" "images prints the error"
grep -q '"parts"' "$TMP/img2/summary.json" && fail "--no-parts ignored" || ok

# Denoise: the fit to noisy images is closer to the clean ones than the
# noisy images are (that is the point of the study).
expect_exit 0 "denoise" -- "$NMFKIT" denoise "$SPRITES" --count 60 -n 150 \
    -d 12 --sigma 0.2 --quiet -o "$TMP/den"
for f in summary.json report/noisy.png report/denoised.png report/basis.png; do
    [ -s "$TMP/den/$f" ] && ok || fail "denoise: missing $f"
done
nr=$(json_num "$TMP/den/summary.json" noisy_rel)
dr=$(json_num "$TMP/den/summary.json" denoised_rel)
[ "$(json_num "$TMP/den/summary.json" sigma)" = 0.2 ] && ok || fail "sigma"
awk -v n="$nr" -v d="$dr" 'BEGIN { exit !(d > 0 && d < n) }' && ok \
    || fail "denoised_rel $dr not below noisy_rel $nr"

# Sweep: arrays of the asked length, best_d one of them.
expect_exit 0 "sweep" -- "$NMFKIT" sweep "$SPRITES" --count 60 -n 60 \
    --d 2,4,8 --sigma 0.2 --quiet -o "$TMP/sw"
for f in summary.json sweep.csv report/sweep.svg report/index.html; do
    [ -s "$TMP/sw/$f" ] && ok || fail "sweep: missing $f"
done
[ "$(wc -l < "$TMP/sw/sweep.csv")" -eq 4 ] && ok || fail "sweep.csv rows"
[ "$(head -n 1 "$TMP/sw/sweep.csv")" = "d,clean_fit_rel,noisy_fit_rel,noisy_rel" ] \
    && ok || fail "sweep.csv header"
best=$(json_num "$TMP/sw/summary.json" best_d)
case $best in 2|4|8) ok ;; *) fail "best_d '$best'" ;; esac
# The clean fit improves with d.
awk -F, 'NR > 2 && $2 >= prev { bad = 1 } NR > 1 { prev = $2 } END { exit bad }' \
    "$TMP/sw/sweep.csv" && ok || fail "clean error does not fall with d"

# Bad input: one line, exit 2, nothing left.
printf 'not a png' > "$TMP/junk.png"
for args in "$TMP/missing.png" "$TMP/junk.png" "$SPRITES --tile 7x24" \
            "$SPRITES --count 100000"; do
    rm -rf "$TMP/bad"
    # shellcheck disable=SC2086
    expect_exit 2 "images $args" -- "$NMFKIT" images $args -n 2 -o "$TMP/bad"
    [ "$(wc -l < "$TMP/err")" -eq 1 ] && ok || fail "images $args: $(cat "$TMP/err")"
    [ -e "$TMP/bad" ] && fail "images $args left $TMP/bad" || ok
done
expect_exit 2 "no -o" -- "$NMFKIT" images "$SPRITES"
expect_exit 2 "bad --d" -- "$NMFKIT" sweep "$SPRITES" --d 4,x -o "$TMP/bad"
expect_exit 2 "bad --sigma" -- "$NMFKIT" denoise "$SPRITES" --sigma -1 -o "$TMP/bad"
finish
