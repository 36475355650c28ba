#!/bin/sh
# cli_bad_inputs.sh -- one table of bad inputs across every reader (CSV,
# .npy, PNG, waveform tables, masks, checkpoints) and the options: each
# must end with its exit status, exactly one line on stderr that names
# the file (or option) and the problem, and no output folder. Sizes a
# file claims are refused before allocating (a .npy of 10^12 entries, a
# PNG of 100000 x 100000, shapes whose byte count overflows).
#
# BAD_INPUTS_TABLE=1 prints the table (input | exit | message) as
# Markdown on stdout as well.
. "${top_srcdir:-.}/tests/testlib.sh"

T=$TMP
# ---- the inputs -------------------------------------------------------
printf '1,2\n3,4\n5,6\n' > "$T/ok.csv"
printf '1,2\n3,x\n' > "$T/text.csv"
printf '1,2,3\n4,5\n' > "$T/ragged.csv"
printf '1,-2\n3,4\n' > "$T/neg.csv"
: > "$T/empty.csv"
printf '1,nan\n2,3\n' > "$T/nan.csv"
printf '1e999,1\n1,1\n' > "$T/inf.csv"
printf '1,2\n3,\0004\n' > "$T/nul.csv"
printf 'a,b\n1,2\n' > "$T/head.csv"
printf '1,1,1\n1,1,1\n' > "$T/mask23.csv"
printf '1,2\n3,4\n5,7\n' > "$T/other.csv"

npy() {  # FILE DESCR SHAPE [PAYLOAD-BYTES]
    h="{'descr': '$2', 'fortran_order': False, 'shape': $3, }"
    len=$(( (${#h} + 11 + 63) / 64 * 64 - 10 ))
    { printf '\223NUMPY\001\000'
      printf "\\$(printf %03o $((len % 256)))\\$(printf %03o $((len / 256)))"
      printf '%-*s\n' $((len - 1)) "$h"
      [ -n "${4:-}" ] && head -c "$4" /dev/zero; } > "$1"
}
npy "$T/e12.npy" '<f4' '(1000000, 1000000)'
npy "$T/ovf.npy" '<f8' '(4294967296, 4294967296)'
npy "$T/zero.npy" '<f8' '(0, 5)'
npy "$T/cplx.npy" '<c16' '(2, 2)' 64
npy "$T/3d.npy" '<f8' '(2, 2, 2)' 64
npy "$T/short.npy" '<f8' '(3, 3)' 40
printf 'not numpy at all\n' > "$T/magic.npy"

printf 'not a png\n' > "$T/text.png"
head -c 2000 "$DATA/sprites.png" > "$T/cut.png"
# A PNG whose header claims 100000 x 100000 (with an empty IDAT) and one
# claiming 0 x 0 (the CRCs are right: only the sizes are wrong).
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\001\206\240\000\001\206\240\010\000\000\000\000\215\071\124\024\000\000\000\010\111\104\101\124\170\234\003\000\000\000\000\001\110\006\211\322\000\000\000\000IEND\256B`\202' > "$T/huge.png"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\000\000\000\000\000\010\000\000\000\000\036\340\043\316\000\000\000\000IEND\256B`\202' > "$T/zero.png"
# One byte of the image data flipped: the chunk's CRC no longer holds.
cp "$DATA/sprite-parts.png" "$T/crc.png"
printf 'X' | dd of="$T/crc.png" bs=1 seek=100 conv=notrunc 2>/dev/null

printf 'id,t0,t1\nw1,0.1,0.2\nw2,0.3\n' > "$T/wave_ragged.csv"
printf 'id,t0,t1\nw1,0.1,0.2\nw2,0.3,abc\n' > "$T/wave_text.csv"

# Checkpoints: a good one of ok.csv at d = 1, then damaged copies.
"$NMFKIT" factor "$T/ok.csv" -d 1 -n 5 -q --checkpoint "$T/good.ck" \
    -o "$T/made" || fail "could not make a checkpoint"
rm -rf "$T/made"
size=$(wc -c < "$T/good.ck")
head -c $((size - 5)) "$T/good.ck" > "$T/cut.ck"
cp "$T/good.ck" "$T/flip.ck"
printf 'Z' | dd of="$T/flip.ck" bs=1 seek=$((size - 20)) conv=notrunc \
    2>/dev/null
printf 'hello\n' > "$T/text.ck"
sed 's/^d 1$/d 2/' "$T/good.ck" > "$T/hdr.ck"

# ---- the table ---------------------------------------------------------
# expect NAME EXIT PATTERN -- COMMAND...: the exit status, one line on
# stderr holding PATTERN, no $T/out left.
[ -n "${BAD_INPUTS_TABLE:-}" ] && { echo "| input | exit | message |"
                                    echo "| --- | --- | --- |"; }
expect() {
    name=$1 want=$2 pattern=$3; shift 4
    rm -rf "$T/out"
    "$@" >/dev/null 2>"$T/err"
    got=$?
    # The sanitizer's own warnings (==PID==..., the ASan build warns of
    # the allocation it refused) are not the program's lines.
    grep -v '^==[0-9]*==' "$T/err" > "$T/err.own"
    mv "$T/err.own" "$T/err"
    lines=$(wc -l < "$T/err")
    msg=$(sed "s|$T/||g" "$T/err")
    [ -n "${BAD_INPUTS_TABLE:-}" ] && echo "| $name | $got | \`$msg\` |"
    if [ "$got" -ne "$want" ]; then
        fail "$name: exit $got, expected $want: $msg"
    elif [ "$lines" -ne 1 ]; then
        fail "$name: $lines lines on stderr, expected one: $msg"
    elif ! grep -q -- "$pattern" "$T/err"; then
        fail "$name: '$pattern' not in: $msg"
    elif [ -e "$T/out" ]; then
        fail "$name: left $T/out behind"
    else
        ok
    fi
}
F="$NMFKIT factor"
expect "CSV: a word" 2 "text.csv: line 2, column 2" -- \
    $F "$T/text.csv" -d 1 -o "$T/out"
expect "CSV: ragged rows" 2 "ragged.csv: line 2" -- \
    $F "$T/ragged.csv" -d 1 -o "$T/out"
expect "CSV: a negative entry" 2 "neg.csv.*negative" -- \
    $F "$T/neg.csv" -d 1 -o "$T/out"
expect "CSV: empty file" 2 "empty.csv" -- $F "$T/empty.csv" -d 1 -o "$T/out"
expect "CSV: NaN without --missing" 2 "nan.csv.*--missing" -- \
    $F "$T/nan.csv" -d 1 -o "$T/out"
expect "CSV: 1e999" 2 "inf.csv: line 1, column 1" -- \
    $F "$T/inf.csv" -d 1 -o "$T/out"
expect "CSV: a NUL byte" 2 "nul.csv" -- $F "$T/nul.csv" -d 1 -o "$T/out"
expect "CSV: --header on numbers" 2 "ok.csv.*header" -- \
    $F "$T/ok.csv" --header -d 1 -o "$T/out"
expect "CSV: --skip-columns unknown name" 2 "head.csv.*zz" -- \
    $F "$T/head.csv" --header --skip-columns zz -d 1 -o "$T/out"
expect "NPY: 10^12 entries claimed" 2 "e12.npy: truncated" -- \
    $F "$T/e12.npy" -d 1 -o "$T/out"
expect "NPY: m n 8 overflows" 2 "ovf.npy.*too large" -- \
    $F "$T/ovf.npy" -d 1 -o "$T/out"
expect "NPY: 0 x 5" 2 "zero.npy: zero-sized" -- \
    $F "$T/zero.npy" -d 1 -o "$T/out"
expect "NPY: complex dtype" 2 "cplx.npy" -- $F "$T/cplx.npy" -d 1 -o "$T/out"
expect "NPY: three dimensions" 2 "3d.npy" -- $F "$T/3d.npy" -d 1 -o "$T/out"
expect "NPY: data cut short" 2 "short.npy: truncated" -- \
    $F "$T/short.npy" -d 1 -o "$T/out"
expect "NPY: bad magic" 2 "magic.npy" -- $F "$T/magic.npy" -d 1 -o "$T/out"
C="$NMFKIT compress"
expect "PNG: not a PNG" 2 "text.png" -- $C "$T/text.png" -o "$T/out"
expect "PNG: cut short" 2 "cut.png" -- $C "$T/cut.png" -o "$T/out"
expect "PNG: 100000 x 100000 claimed" 2 "huge.png.*too large" -- \
    $C "$T/huge.png" -o "$T/out"
expect "PNG: 0 x 0" 2 "zero.png" -- $C "$T/zero.png" -o "$T/out"
expect "PNG: CRC broken" 2 "crc.png" -- $C "$T/crc.png" -o "$T/out"
W="$NMFKIT cluster"
expect "table: ragged" 2 "wave_ragged.csv: line 3" -- \
    $W "$T/wave_ragged.csv" --skip-columns id -o "$T/out"
expect "table: a word among samples" 2 "wave_text.csv: line 3" -- \
    $W "$T/wave_text.csv" --skip-columns id -o "$T/out"
expect "table: unknown label column" 2 "nope" -- \
    $W "$T/wave_text.csv" --label-column nope -o "$T/out"
expect "mask: wrong shape" 2 "mask23.csv: shape 2 x 3" -- \
    $F "$T/ok.csv" --mask "$T/mask23.csv" -d 1 -o "$T/out"
expect "option: -d 0" 2 "-d" -- $F "$T/ok.csv" -d 0 -o "$T/out"
expect "option: -n abc" 2 "-n.*abc" -- $F "$T/ok.csv" -d 1 -n abc -o "$T/out"
expect "option: --solver nope" 2 "nope" -- \
    $F "$T/ok.csv" -d 1 --solver nope -o "$T/out"
expect "option: --tol 2" 2 "--tol" -- $F "$T/ok.csv" -d 1 --tol 2 -o "$T/out"
expect "option: unknown" 2 "unknown option --frobnicate" -- \
    $F "$T/ok.csv" -d 1 --frobnicate -o "$T/out"
expect "option: KL with hals" 2 "KL loss" -- \
    $F "$T/ok.csv" -d 1 --loss kl --solver hals -o "$T/out"
expect "option: --checkpoint-every 0" 2 "checkpoint-every" -- \
    $F "$T/ok.csv" -d 1 --checkpoint-every 0 -o "$T/out"
expect "option: over --max-memory" 2 "would hold .* over --max-memory" -- \
    $F "$DATA/blocks.csv" -d 4 --max-memory 10K -o "$T/out"
expect "option: --max-memory 12Q" 2 "max-memory" -- \
    $F "$T/ok.csv" -d 1 --max-memory 12Q -o "$T/out"
# 10^6 x 10^6 Gram matrices: the allocation fails, the line says how
# much was asked for (ASan would abort instead of returning NULL).
ASAN_OPTIONS=allocator_may_return_null=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}
export ASAN_OPTIONS
expect "memory: d = 10^6" 1 "out of memory for the solver's work .* MiB" -- \
    $F "$T/ok.csv" -d 1000000 -n 1 -o "$T/out"
expect "option: --restarts with --resume" 2 "restarts" -- \
    $F "$T/ok.csv" -d 1 --restarts 2 --resume "$T/good.ck" -o "$T/out"
R="$F $T/ok.csv -d 1 -n 50 -o $T/out --resume"
expect "checkpoint: not one" 2 "text.ck: not an nmfkit checkpoint" -- \
    $R "$T/text.ck"
expect "checkpoint: cut short" 2 "cut.ck: truncated" -- $R "$T/cut.ck"
expect "checkpoint: a byte changed" 2 "flip.ck: checksum mismatch" -- \
    $R "$T/flip.ck"
expect "checkpoint: header edited" 2 "hdr.ck" -- $R "$T/hdr.ck"
expect "checkpoint: another input" 2 "another input" -- \
    $F "$T/other.csv" -d 1 -n 50 -o "$T/out" --resume "$T/good.ck"
expect "checkpoint: missing file" 2 "nofile.ck: cannot open" -- \
    $R "$T/nofile.ck"
expect "journal: not one" 2 "text.ck: not an nmfkit study journal" -- \
    "$NMFKIT" select "$T/ok.csv" --d 1:2 -o "$T/out" --resume "$T/text.ck"
printf 'NMFKIT-JOURNAL 1\nreal float\nend\nfit d=1 zz\n' > "$T/bad.journal"
expect "journal: a fit line damaged" 2 "bad.journal: line 4" -- \
    "$NMFKIT" select "$T/ok.csv" --d 1:2 -o "$T/out" --resume "$T/bad.journal"

# Big but good: a CSV whose one line is 10 MB (2.5 million values) reads as
# a 1 x 2500000 matrix, nothing refused, nothing cut.
awk 'BEGIN { for (i = 1; i < 2500000; i++) printf "1.5,"; print "2.5" }' \
    > "$T/long.csv"
expect_exit 0 "CSV: a 10 MB line" -- "$NMFKIT" factor "$T/long.csv" -d 1 \
    -n 2 -q -o "$T/long"
[ "$(json_num "$T/long/run.json" n)" = 2500000 ] && ok \
    || fail "the 10 MB line: n = $(json_num "$T/long/run.json" n)"

finish
