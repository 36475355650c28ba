# testlib.sh -- helpers for the CLI tests (sourced; POSIX sh).
# The harness exports NMFKIT (the program) and top_srcdir; each test works
# in a fresh temporary folder that is removed on exit.

: "${NMFKIT:?NMFKIT must name the nmfkit program}"
: "${top_srcdir:=.}"
DATA="$top_srcdir/data"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/nmfkit-test.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
fails=0
checks=0

fail() {
    echo "FAIL: $*" >&2
    fails=$((fails + 1))
}

ok() {
    checks=$((checks + 1))
}

# expect_exit CODE DESCRIPTION -- CMD...: run CMD, compare its exit status,
# keep stdout/stderr in $TMP/out and $TMP/err.
expect_exit() {
    want=$1; what=$2; shift 3
    "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        fail "$what: exit $got, expected $want; stderr: $(cat "$TMP/err")"
    else
        ok
    fi
}

# expect_grep PATTERN FILE DESCRIPTION
expect_grep() {
    if grep -q -- "$1" "$2"; then ok; else
        fail "$3: '$1' not found in: $(cat "$2")"
    fi
}

# json_num FILE KEY: the number after "KEY": (first occurrence).
json_num() {
    sed -n "s/.*\"$2\": *\([-0-9.eE+]*\).*/\1/p" "$1" | head -n 1
}

# json_array FILE KEY: the items of the array after "KEY":, one per line.
json_array() {
    sed -n "s/.*\"$2\": *\[\([^]]*\)\].*/\1/p" "$1" | head -n 1 \
        | tr ',' '\n' | tr -d ' '
}

# json_sum FILE KEY: the sum of the array after "KEY":.
json_sum() {
    json_array "$1" "$2" | awk '{ s += $1 } END { print s + 0 }'
}

finish() {
    echo "$checks checks passed, $fails failed"
    [ "$fails" -eq 0 ]
    exit $?
}
