#!/bin/sh
# cli_rank.sh -- `nmfkit rank`: the reference text's ranks and the demo's.
. "${top_srcdir:-.}/tests/testlib.sh"

check_rank() {
    expect_exit 0 "rank $1" -- "$NMFKIT" rank --quiet "$DATA/$1"
    [ "$(cat "$TMP/out")" = "$2" ] && ok || fail "rank of $1 is $(cat "$TMP/out"), expected $2"
}
check_rank A1.csv 2
check_rank A2.csv 2
check_rank A3.csv 2
check_rank A4.csv 3
check_rank blocks.csv 6
expect_exit 0 "rank verbose" -- "$NMFKIT" rank "$DATA/A3.csv"
expect_grep "numerical rank: 2" "$TMP/out" "verbose rank line"
[ "$(grep -c '^  ' "$TMP/out")" -eq 3 ] && ok || fail "expected 3 singular values"
expect_exit 2 "rank of a missing file" -- "$NMFKIT" rank "$TMP/nope.csv"
expect_grep "nope.csv" "$TMP/err" "error names the file"
finish
