#!/bin/sh
# cli_errors.sh -- every bad input to `nmfkit factor` gets exit status 2,
# exactly one line on stderr naming the file and the problem, and leaves no
# output behind (not even the output folder).
. "${top_srcdir:-.}/tests/testlib.sh"

# bad NAME PATTERN -- ARGS...: run factor, expect exit 2, one stderr line
# matching PATTERN, and no $TMP/out-dir afterwards.
bad() {
    name=$1; pattern=$2; shift 3
    rm -rf "$TMP/out-dir"
    expect_exit 2 "$name" -- "$NMFKIT" factor "$@"
    lines=$(wc -l < "$TMP/err")
    [ "$lines" -eq 1 ] && ok || fail "$name: $lines lines on stderr: $(cat "$TMP/err")"
    expect_grep "$pattern" "$TMP/err" "$name"
    [ -e "$TMP/out-dir" ] && fail "$name: left $TMP/out-dir: $(ls "$TMP/out-dir")" || ok
}

printf '1,2,3\n4,5\n' > "$TMP/ragged.csv"
printf '1,2\nx,4\n' > "$TMP/text.csv"
printf '1,2\n-3,4\n' > "$TMP/negative.csv"
printf '1,2\nnan,4\n' > "$TMP/nan.csv"
printf '1,inf\n3,4\n' > "$TMP/inf.csv"
printf '# only a comment\n' > "$TMP/empty.csv"
: > "$TMP/zero-bytes.csv"
printf 'not an npy file' > "$TMP/junk.npy"
printf '1,2\n3,4\n5,6\n' > "$TMP/good.csv"
printf '1,1\n1,1\n' > "$TMP/w0-wrong.csv"
printf '1\n1\n1\n' > "$TMP/w0.csv"
printf '1,1,1\n' > "$TMP/h0-wrong.csv"
: > "$TMP/a-file"
o="-o $TMP/out-dir"

bad "missing file" "nope.csv.*No such file" -- "$TMP/nope.csv" -d 2 $o
bad "ragged CSV" "ragged.csv.*line 2" -- "$TMP/ragged.csv" -d 2 $o
bad "non-numeric CSV" "text.csv.*line 2" -- "$TMP/text.csv" -d 2 $o
bad "negative entry" "negative.csv.*row 2, column 1.*negative" -- "$TMP/negative.csv" -d 1 $o
bad "NaN entry" "nan.csv.*NaN" -- "$TMP/nan.csv" -d 1 $o
bad "Inf entry" "inf.csv.*infinite" -- "$TMP/inf.csv" -d 1 $o
bad "empty matrix" "empty.csv" -- "$TMP/empty.csv" -d 1 $o
bad "zero-byte file" "zero-bytes.csv" -- "$TMP/zero-bytes.csv" -d 1 $o
bad "not an npy" "junk.npy" -- "$TMP/junk.npy" -d 1 $o
cp "$TMP/good.csv" "$TMP/good.txtx"
bad "unknown format" "good.txtx.*format" -- "$TMP/good.txtx" -d 1 $o
bad "d = 0" "\-d" -- "$TMP/good.csv" -d 0 $o
bad "d not a number" "\-d: 'two'" -- "$TMP/good.csv" -d two $o
bad "no d" "\-d K is required" -- "$TMP/good.csv" $o
bad "no input" "no INPUT" -- -d 1 $o
bad "iterations 0" "\-n" -- "$TMP/good.csv" -d 1 -n 0 $o
bad "delta too big" "delta" -- "$TMP/good.csv" -d 1 --delta 0.5 $o
bad "delta not a number" "delta" -- "$TMP/good.csv" -d 1 --delta 1e-9x $o
bad "threads 0" "threads" -- "$TMP/good.csv" -d 1 --threads 0 $o
bad "unknown option" "unknown option --frobnicate" -- "$TMP/good.csv" -d 1 --frobnicate $o
bad "W0 shape" "w0-wrong.csv.*expected 3 x 1" -- "$TMP/good.csv" -d 1 --init-w "$TMP/w0-wrong.csv" $o
bad "H0 shape" "h0-wrong.csv.*expected 1 x 2" -- "$TMP/good.csv" -d 1 --init-w "$TMP/w0.csv" --init-h "$TMP/h0-wrong.csv" $o
bad "W0 missing" "nope-w.npy" -- "$TMP/good.csv" -d 1 --init-w "$TMP/nope-w.npy" $o

# An output folder that cannot be made (its parent is a file): nothing is
# created, and the message names the path.
expect_exit 2 "unwritable DIR" -- "$NMFKIT" factor "$TMP/good.csv" -d 1 -o "$TMP/a-file/sub"
expect_grep "a-file" "$TMP/err" "unwritable DIR named"
[ "$(wc -l < "$TMP/err")" -eq 1 ] && ok || fail "unwritable DIR: more than one line"

# An existing folder keeps what it had and gains nothing on failure.
mkdir "$TMP/keep" && echo precious > "$TMP/keep/notes.txt"
expect_exit 2 "failure into existing DIR" -- "$NMFKIT" factor "$TMP/negative.csv" -d 1 -o "$TMP/keep"
[ "$(ls "$TMP/keep")" = notes.txt ] && ok || fail "existing DIR changed: $(ls "$TMP/keep")"

expect_exit 2 "unknown command" -- "$NMFKIT" frobnicate
expect_exit 2 "no command" -- "$NMFKIT"
finish
