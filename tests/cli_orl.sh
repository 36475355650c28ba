#!/bin/sh
# cli_orl.sh -- `nmfkit ae` on the real ORL faces (PGM folder and sheet),
# fetched by scripts/fetch-data into data/external (never committed).
# Skipped (77) when the set is missing; .ci/run fetches it and fails on
# any skip.
. "${top_srcdir:-.}/tests/testlib.sh"

ORL="${NMFKIT_DATA_EXTERNAL:-$top_srcdir/data/external}/orl-faces"
if [ ! -f "$ORL/s40/10.pgm" ]; then
    echo "SKIP: $ORL missing (run scripts/fetch-data)"
    exit 77
fi

expect_exit 0 "ae on the ORL folder" -- "$NMFKIT" ae "$ORL" --count 40 \
    --epochs 2 -n 20 --no-equal-size -q -o "$TMP/orl"
J="$TMP/orl/summary.json"
[ "$(json_num "$J" width)" = 92 ] && [ "$(json_num "$J" height)" = 112 ] \
    && ok || fail "ORL size $(json_num "$J" width) x $(json_num "$J" height)"
codes=$(tr -d ' \n' <"$J" | grep -o '"code_size":[0-9]*' | cut -d: -f2 \
    | tr '\n' ' ')
# The reference code: 32 channels of 28 x 23, twice the face's pixels.
[ "$codes" = "30 20608 " ] && ok || fail "code sizes: $codes"
expect_grep "AT&amp;T Laboratories Cambridge" "$TMP/orl/report/index.html" \
    "the report credits the set"
expect_exit 0 "ae on the ORL sheet" -- "$NMFKIT" ae "$ORL/orl_sheet.png" \
    --tile 92x112 --count 20 --epochs 1 -n 5 --no-equal-size -q \
    -o "$TMP/sheet"
[ "$(json_num "$TMP/sheet/summary.json" train)" = 16 ] && ok \
    || fail "sheet: $(json_num "$TMP/sheet/summary.json" train) training faces"
finish
