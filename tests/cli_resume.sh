#!/bin/sh
# cli_resume.sh -- a run killed by SIGINT at a random iteration and
# resumed ends with the bits of the run never interrupted: every solver
# and loop, 1 and 2 threads (the resumed run on the other count).
# SIGTERM gives 143; a checkpoint of another input or other options is
# refused with one line; NaN arising mid-run exits 3 with no output.
. "${top_srcdir:-.}/tests/testlib.sh"

# 150 x 200, uniform, and a mask hiding about 10 % and 50 %.
awk 'BEGIN { srand(7); for (i = 0; i < 150; i++) { s = "";
    for (j = 0; j < 200; j++) s = s (j ? "," : "") sprintf("%.5f", rand());
    print s } }' > "$TMP/a.csv"
for share in 10 50; do
    awk -v p="$share" 'BEGIN { srand(p); for (i = 0; i < 150; i++) {
        s = ""; for (j = 0; j < 200; j++)
            s = s (j ? "," : "") (rand() * 100 < p ? 0 : 1); print s } }' \
        > "$TMP/mask$share.csv"
done

# A delay in [0.2, 0.6) s, different each call.
delay() {
    awk -v s="$1" 'BEGIN { srand(s); printf "%.2f", 0.2 + 0.4 * rand() }'
}

same_run() {  # DIR1 DIR2 WHAT
    if cmp -s "$1/W.npy" "$2/W.npy" && cmp -s "$1/H.npy" "$2/H.npy" \
        && [ "$(cut -d, -f1,2 "$1/history.csv")" = \
             "$(cut -d, -f1,2 "$2/history.csv")" ]; then
        ok
    else
        fail "$3: the resumed run differs from the uninterrupted one"
    fi
}

case_no=0
for threads in 1 2; do
    other=$((3 - threads))
    for args in "--solver mu" "--solver hals" "--solver amu" \
                "--solver ahals" "--solver mu --loss kl" \
                "--solver mu --mask $TMP/mask10.csv" \
                "--solver hals --mask $TMP/mask50.csv"; do
        case_no=$((case_no + 1))
        what="$args, $threads thread(s)"
        d="$TMP/c$case_no"
        # shellcheck disable=SC2086
        "$NMFKIT" factor "$TMP/a.csv" -d 6 -n 100000000 $args -q \
            --threads $threads --checkpoint "$d.ck" --checkpoint-every 7 \
            -o "$d-part" 2>"$TMP/err" &
        pid=$!
        sleep "$(delay "$$$case_no")"
        kill -INT $pid
        wait $pid
        rc=$?
        if [ $rc -ne 130 ]; then
            fail "$what: exit $rc after SIGINT, expected 130: $(cat "$TMP/err")"
            continue
        fi
        expect_grep '"stop": "interrupted"' "$d-part/run.json" \
            "$what: run.json says interrupted"
        expect_grep "resume .* goes on" "$TMP/err" "$what: the line says how to go on"
        k=$(json_num "$d-part/run.json" iterations)
        n=$((k + 23))
        # shellcheck disable=SC2086
        expect_exit 0 "$what: uninterrupted" -- "$NMFKIT" factor \
            "$TMP/a.csv" -d 6 -n $n $args -q --threads $other -o "$d-full"
        # shellcheck disable=SC2086
        expect_exit 0 "$what: resumed at $k" -- "$NMFKIT" factor \
            "$TMP/a.csv" -d 6 -n $n $args -q --threads $threads \
            --resume "$d.ck" -o "$d-res"
        same_run "$d-full" "$d-res" "$what (interrupted at $k)"
        [ "$(json_num "$d-res/run.json" resumed_at)" = "$k" ] && ok \
            || fail "$what: run.json resumed_at"
    done
done

# The studies go on a finished fit at a time: select and sweep, each
# killed at a random moment and resumed, give the uninterrupted tables.
for study in select sweep; do
    if [ $study = select ]; then
        set -- select "$TMP/a.csv" --d 2:10:2 --folds 2 -n 300 --threads 1
        table=select.csv
    else
        set -- sweep "$DATA/sprites.png" --d 4,8,12,16 --count 120 -n 200 \
            --threads 1
        table=sweep.csv
    fi
    "$NMFKIT" "$@" --quiet -o "$TMP/$study-full" || fail "$study: full run"
    "$NMFKIT" "$@" --quiet -o "$TMP/$study-part" \
        --checkpoint "$TMP/$study.journal" 2>"$TMP/err" &
    pid=$!
    sleep "$(awk -v s="$$" 'BEGIN { srand(s); printf "%.2f", 0.05 + 0.2 * rand() }')"
    kill -INT $pid
    wait $pid
    rc=$?
    if [ $rc -eq 130 ]; then
        expect_grep "interrupted (SIGINT) after .* fits, nothing written" \
            "$TMP/err" "$study: the interruption named"
        [ -e "$TMP/$study-part" ] && fail "$study: interrupted run wrote" \
            || ok
    elif [ $rc -ne 0 ]; then
        fail "$study: exit $rc after SIGINT: $(cat "$TMP/err")"
    fi
    expect_exit 0 "$study: resumed" -- "$NMFKIT" "$@" --quiet \
        -o "$TMP/$study-res" --resume "$TMP/$study.journal" \
        --checkpoint "$TMP/$study.journal"
    cmp -s "$TMP/$study-full/$table" "$TMP/$study-res/$table" && ok \
        || fail "$study: the resumed $table differs"
    # A journal refuses another study.
    expect_exit 2 "$study: resume with another -n" -- "$NMFKIT" "$@" -n 7 \
        --quiet -o "$TMP/$study-no" --resume "$TMP/$study.journal"
    expect_grep "saved with max_iter" "$TMP/err" "$study: -n named"
done

# SIGTERM: 143, outputs written.
"$NMFKIT" factor "$TMP/a.csv" -d 6 -n 100000000 -q -o "$TMP/term" \
    2>"$TMP/err" &
pid=$!
sleep 0.3
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 143 ] && ok || fail "SIGTERM: exit $rc, expected 143"
expect_grep "SIGTERM" "$TMP/err" "SIGTERM named"
[ -f "$TMP/term/W.npy" ] && ok || fail "SIGTERM: no W.npy"

# A checkpoint refuses another fit: another d, solver, input.
ck="$TMP/c1.ck"
expect_exit 2 "resume with another d" -- "$NMFKIT" factor "$TMP/a.csv" \
    -d 7 -n 100000 --resume "$ck" -o "$TMP/no1"
expect_grep "saved with d 6, this run has d 7" "$TMP/err" "d named"
expect_exit 2 "resume with another solver" -- "$NMFKIT" factor \
    "$TMP/a.csv" -d 6 -n 100000 --solver hals --resume "$ck" -o "$TMP/no2"
expect_grep "saved with solver mu, this run has solver hals" "$TMP/err" \
    "solver named"
sed 's/^0\.1/0.2/' "$TMP/a.csv" > "$TMP/b.csv"
expect_exit 2 "resume on another input" -- "$NMFKIT" factor "$TMP/b.csv" \
    -d 6 -n 100000 --resume "$ck" -o "$TMP/no3"
expect_grep "another input" "$TMP/err" "another input named"
expect_exit 2 "resume with too few iterations" -- "$NMFKIT" factor \
    "$TMP/a.csv" -d 6 -n 1 --resume "$ck" -o "$TMP/no4"
expect_grep "nothing to resume" "$TMP/err" "-n too small named"
for no in 1 2 3 4; do
    [ -e "$TMP/no$no" ] && fail "a refused resume left $TMP/no$no" || ok
done

# --dry-run: the memory it will hold, nothing written; the copy of A
# counted unless --low-memory (d = 32 is where the copy pays).
expect_exit 0 "--dry-run" -- "$NMFKIT" factor "$TMP/a.csv" -d 32 --dry-run \
    -o "$TMP/dry"
# A': 200 x 150, columns padded to 64 bytes: 208 floats or 200 doubles.
copy="121\.9 KiB"
"$NMFKIT" --version | grep -q "= double" && copy="234\.4 KiB"
expect_grep "the solver's copies of A .* $copy" "$TMP/out" \
    "dry run: A' counted"
[ -e "$TMP/dry" ] && fail "--dry-run wrote $TMP/dry" || ok
expect_exit 0 "--dry-run --low-memory" -- "$NMFKIT" factor "$TMP/a.csv" \
    -d 32 --dry-run --low-memory -o "$TMP/dry"
expect_grep "the solver's copies of A .* 0\.0 B" "$TMP/out" \
    "dry run: no copy with --low-memory"

# NaN or Inf arising mid-run (values too large for nmf_real): exit 3,
# the iteration named, nothing written.
awk 'BEGIN { for (i = 0; i < 20; i++) { s = "";
    for (j = 0; j < 30; j++) s = s (j ? "," : "") ((i * j) % 7 + 1) "e300";
    print s } }' > "$TMP/huge.csv"
"$NMFKIT" factor "$TMP/huge.csv" -d 3 -n 10 -o "$TMP/huge" 2>"$TMP/err"
rc=$?
if [ $rc -eq 2 ]; then
    # The float build cannot hold 1e300 at all: refused as input.
    expect_grep "huge.csv" "$TMP/err" "1e300 refused naming the file"
else
    [ $rc -eq 3 ] && ok || fail "overflow mid-run: exit $rc, expected 3"
    expect_grep "iteration 1: the error became" "$TMP/err" \
        "the iteration named"
fi
[ -e "$TMP/huge" ] && fail "the failed run left output" || ok
awk 'BEGIN { for (i = 0; i < 20; i++) { s = "";
    for (j = 0; j < 30; j++) s = s (j ? "," : "") ((i * j) % 7 + 1) "e30";
    print s } }' > "$TMP/big.csv"
"$NMFKIT" factor "$TMP/big.csv" -d 3 -n 10 -o "$TMP/big" 2>"$TMP/err"
rc=$?
if "$NMFKIT" --version | grep -q "= float"; then
    [ $rc -eq 3 ] && ok || fail "1e30 in float: exit $rc, expected 3:" \
        "$(cat "$TMP/err")"
    expect_grep "became" "$TMP/err" "the float overflow named"
    [ -e "$TMP/big" ] && fail "the failed run left output" || ok
fi

finish
