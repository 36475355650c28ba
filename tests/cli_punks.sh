#!/bin/sh
# cli_punks.sh -- `nmfkit images` on the real CryptoPunks sheet, fetched by
# scripts/fetch-data into data/external (never committed). Skipped (77) when
# the set is missing; .ci/run fetches it and fails on any skip.
. "${top_srcdir:-.}/tests/testlib.sh"

PUNKS="${NMFKIT_DATA_EXTERNAL:-$top_srcdir/data/external}/cryptopunks/punks.png"
if [ ! -f "$PUNKS" ]; then
    echo "SKIP: $PUNKS missing (run scripts/fetch-data)"
    exit 77
fi


expect_exit 0 "images on punks" -- "$NMFKIT" images "$PUNKS" --count 100 \
    -n 100 -d 16 --d 16 --quiet -o "$TMP/punks"
[ "$(json_num "$TMP/punks/summary.json" n_images)" = 100 ] && ok || fail "n_images"
rel=$(json_num "$TMP/punks/summary.json" rel_error)
awk -v r="$rel" 'BEGIN { exit !(r > 0 && r < 0.5) }' && ok || fail "rel_error $rel"
# The provenance: tile row 0 and tile columns 0 and 23 are never used, so at
# least 24 + 2 * 23 = 70 pixels are transparent in every punk.
tr=$(json_num "$TMP/punks/summary.json" transparent_everywhere)
awk -v t="$tr" 'BEGIN { exit !(t >= 70 && t < 576) }' && ok || fail "transparent_everywhere $tr"
# Punk 7804 is an alien (provenance): offset selects the right tile.
expect_exit 0 "offset" -- "$NMFKIT" images "$PUNKS" --offset 7804 --count 1 \
    -n 2 -d 1 --d 1 --quiet -o "$TMP/alien"
[ -s "$TMP/alien/report/originals.png" ] && ok || fail "alien grid"
finish
