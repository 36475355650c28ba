#!/bin/sh
# mpi_factor.sh -- `nmfkit factor` under mpirun (a build --with-mpi) against
# the serial command: P = 1, 2, 3 and 4 ranks on 1-D and 2-D grids, on a
# 37 x 53 matrix that no P > 1 divides, MU and HALS; W, H and the error
# history agree to float rounding, P = 1 bit for bit. Then the formats (C
# and Fortran order, float64, --rows-are-samples), bitwise equality across
# thread counts for a fixed P, and the one-line errors that leave nothing.
. "$top_srcdir/tests/testlib.sh"
: "${MPIRUN:?MPIRUN must name mpirun}"
NPYTOOL="$top_builddir/tests/npytool"

# Several ranks on two cores, as root in CI; no ptrace-based single copy
# in containers; threads left unbound so -np 1 keeps its two threads.
root=
[ "$(id -u)" -eq 0 ] && root=--allow-run-as-root
export OMPI_MCA_btl_vader_single_copy_mechanism=none
mpi() {  # NP CMD...
    np=$1; shift
    "$MPIRUN" $root --oversubscribe --bind-to none -np "$np" "$@"
}
export OMP_NUM_THREADS=1

"$NPYTOOL" make 37 53 7 f f4 "$TMP/a.npy" || exit 99
"$NPYTOOL" make 37 53 7 c f4 "$TMP/a_c4.npy" || exit 99
"$NPYTOOL" make 37 53 7 c f8 "$TMP/a_c8.npy" || exit 99
"$NPYTOOL" make 37 53 7 f f8 "$TMP/a_f8.npy" || exit 99
"$NPYTOOL" make 37 53 7 t f4 "$TMP/at.npy" || exit 99

# same DIR REF TOL WHAT: W, H and the history of DIR against REF's.
same() {
    for f in W H; do
        if r=$("$NPYTOOL" close "$1/$f.npy" "$2/$f.npy" "$3"); then ok; else
            fail "$4: $f differs from the serial fit by $r (tolerance $3)"
        fi
    done
    if awk -F, -v tol="$3" 'NR == FNR { e[FNR] = $2; next }
        FNR > 1 { d = $2 - e[FNR]; if (d < 0) d = -d
                  if (d > tol * e[FNR]) bad = 1 }
        END { exit bad || NR != 2 * FNR }' "$2/history.csv" "$1/history.csv"
    then ok; else fail "$4: the error history differs from the serial one"; fi
}

for solver in mu hals; do
    "$NMFKIT" factor "$TMP/a.npy" -d 5 -n 60 --solver $solver -q \
        -o "$TMP/serial-$solver" || fail "serial $solver fit"
    # P = 1: the same arithmetic in the same order as the serial fit.
    expect_exit 0 "$solver P=1" -- mpi 1 "$NMFKIT" factor "$TMP/a.npy" \
        -d 5 -n 60 --solver $solver -q -o "$TMP/p1-$solver"
    same "$TMP/p1-$solver" "$TMP/serial-$solver" 0 "$solver P=1"
    for run in 2:1x2 2:2x1 3:1x3 3:3x1 4:1x4 4:2x2 4:4x1 4:; do
        np=${run%%:*} grid=${run#*:}
        dir="$TMP/p$np-$grid-$solver"
        expect_exit 0 "$solver P=$np grid ${grid:-default}" -- \
            mpi "$np" "$NMFKIT" factor "$TMP/a.npy" -d 5 -n 60 \
            --solver $solver -q -o "$dir" ${grid:+--grid "$grid"}
        same "$dir" "$TMP/serial-$solver" 1e-4 \
            "$solver P=$np grid ${grid:-default}"
    done
done

# d = 30 fills the tiles enough for the loop to keep A' (nmfi_copy_pays):
# A H' comes from H A' then, on both sides; --low-memory drops the copy.
"$NMFKIT" factor "$TMP/a.npy" -d 30 -n 30 -q -o "$TMP/s30" ||
    fail "serial d=30 fit"
for run in 1:1x1 2:1x2 2:2x1 4:2x2; do
    np=${run%%:*} grid=${run#*:}
    for mem in "" --low-memory; do
        mpi "$np" "$NMFKIT" factor "$TMP/a.npy" -d 30 -n 30 -q $mem \
            --grid "$grid" -o "$TMP/d30-$np$grid$mem" ||
            fail "d=30 P=$np $grid $mem"
        same "$TMP/d30-$np$grid$mem" "$TMP/s30" 1e-4 "d=30 P=$np $grid $mem"
    done
done

# The library's nmf_fit_mpi is the same fit as the command's.
expect_exit 0 "nmf_fit_mpi" -- mpi 3 "$top_builddir/tests/mpi_api" \
    "$TMP/a.npy" "$TMP/api-W.npy" "$TMP/api-H.npy" 5 60 1 3
expect_grep "60 iterations, error" "$TMP/out" "nmf_fit_mpi's history"
mkdir "$TMP/api" && mv "$TMP/api-W.npy" "$TMP/api/W.npy" &&
    mv "$TMP/api-H.npy" "$TMP/api/H.npy" || fail "nmf_fit_mpi wrote no files"
for f in W H; do
    cmp -s "$TMP/api/$f.npy" "$TMP/p3-1x3-mu/$f.npy" && ok ||
        fail "nmf_fit_mpi: $f.npy differs from the command's"
done
expect_exit 2 "nmf_fit_mpi on a missing file" -- mpi 2 \
    "$top_builddir/tests/mpi_api" "$TMP/nope.npy" "$TMP/w" "$TMP/h" 5 10 0 0
expect_grep "nope.npy: cannot open" "$TMP/err" "nmf_fit_mpi's error"

# run.json says how it ran; the default grid for 4 ranks on 37 x 53 is 2x2.
expect_grep '"ranks": 4' "$TMP/p4--mu/run.json" "run.json ranks"
expect_grep '"grid": "2x2"' "$TMP/p4--mu/run.json" "run.json default grid"
expect_grep '"grid": "1x3"' "$TMP/p3-1x3-mu/run.json" "run.json --grid"
expect_grep '"comm_ms"' "$TMP/p3-1x3-mu/run.json" "run.json comm_ms"

# The files are the serial writer's, byte for byte in the header.
if cmp -s -n 128 "$TMP/p4--mu/W.npy" "$TMP/serial-mu/W.npy" &&
   cmp -s -n 128 "$TMP/p4--mu/H.npy" "$TMP/serial-mu/H.npy"; then ok; else
    fail "W.npy/H.npy headers differ from the serial ones"
fi

# For a fixed P and grid, any thread count gives the same bits.
OMP_NUM_THREADS=2 mpi 2 "$NMFKIT" factor "$TMP/a.npy" -d 5 -n 60 -q \
    --grid 2x1 -o "$TMP/t2" || fail "P=2 with 2 threads"
for f in W.npy H.npy history.csv; do
    if [ "$f" = history.csv ]; then
        cut -d, -f1,2 "$TMP/t2/$f" >"$TMP/x1"
        cut -d, -f1,2 "$TMP/p2-2x1-mu/$f" >"$TMP/x2"
        cmp -s "$TMP/x1" "$TMP/x2"
    else
        cmp -s "$TMP/t2/$f" "$TMP/p2-2x1-mu/$f"
    fi && ok || fail "P=2 grid 2x1: $f differs between 1 and 2 threads"
done

# C order, and the transpose read with --rows-are-samples: the same A, so
# the same fit as from the Fortran-order file; float64 in either order
# (in a float build the same A again, in a double build a finer one).
mpi 3 "$NMFKIT" factor "$TMP/a_c4.npy" -d 5 -n 60 -q --grid 3x1 \
    -o "$TMP/c4" || fail "C-order input"
same "$TMP/c4" "$TMP/p3-3x1-mu" 0 "C-order input"
for f in c8 f8; do
    mpi 3 "$NMFKIT" factor "$TMP/a_$f.npy" -d 5 -n 60 -q --grid 3x1 \
        -o "$TMP/$f" || fail "float64 input ($f)"
done
same "$TMP/c8" "$TMP/f8" 0 "C-order float64 input"
mpi 4 "$NMFKIT" factor "$TMP/at.npy" --rows-are-samples -d 5 -n 60 -q \
    --grid 2x2 -o "$TMP/rs" || fail "--rows-are-samples input"
same "$TMP/rs" "$TMP/p4-2x2-mu" 0 "--rows-are-samples input"

# A given start is read by block, as the serial command reads it whole.
"$NMFKIT" factor "$TMP/a.npy" -d 5 -n 60 --init-w "$TMP/serial-hals/W.npy" \
    --init-h "$TMP/serial-hals/H.npy" -q -o "$TMP/s-init" ||
    fail "serial fit from a given start"
mpi 4 "$NMFKIT" factor "$TMP/a.npy" -d 5 -n 60 -q --grid 2x2 \
    --init-w "$TMP/serial-hals/W.npy" --init-h "$TMP/serial-hals/H.npy" \
    -o "$TMP/d-init" || fail "distributed fit from a given start"
same "$TMP/d-init" "$TMP/s-init" 1e-4 "given start"

# The tolerance rule ends the run on every rank together (rank 0's
# decision), at the first iteration k > 10 with e[k-10] - e[k] <= T e[k].
mpi 3 "$NMFKIT" factor "$TMP/a.npy" -d 5 -n 5000 --tol 1e-3 -q \
    -o "$TMP/tol" || fail "--tol run"
expect_grep '"stop": "tolerance"' "$TMP/tol/run.json" "--tol stops the run"
if awk -F, 'NR > 1 { e[$1] = $2; k = $1 }
    END { for (i = 11; i <= k; i++)
              if ((e[i - 10] - e[i] <= 1e-3 * e[i]) != (i == k)) exit 1 }' \
    "$TMP/tol/history.csv"; then ok; else
    fail "--tol: the run did not stop at the first iteration the rule holds"
fi

# --restarts: the fits one after another on all ranks, the best kept;
# the serial command's choice and factors.
"$NMFKIT" factor "$TMP/a.npy" -d 5 -n 60 --restarts 3 -o "$TMP/s-r3" \
    >"$TMP/s-r3.out" 2>/dev/null || fail "serial --restarts 3"
mpi 3 "$NMFKIT" factor "$TMP/a.npy" -d 5 -n 60 --restarts 3 \
    -o "$TMP/d-r3" >"$TMP/d-r3.out" 2>/dev/null || fail "--restarts 3"
same "$TMP/d-r3" "$TMP/s-r3" 1e-4 "--restarts 3"
kept() { sed -n 's/.*; kept seed \([0-9]*\)$/\1/p' "$1"; }
[ -n "$(kept "$TMP/s-r3.out")" ] &&
    [ "$(kept "$TMP/d-r3.out")" = "$(kept "$TMP/s-r3.out")" ] && ok ||
    fail "--restarts: kept seed $(kept "$TMP/d-r3.out"), serial $(kept "$TMP/s-r3.out")"
expect_grep '"restart_errors"' "$TMP/d-r3/run.json" "--restarts run.json"

# --checkpoint and --resume: each rank its own part (FILE.R-of-P); the
# resumed run ends with the bits of the run that was never stopped.
mpi 2 "$NMFKIT" factor "$TMP/a.npy" -d 5 -n 40 -q --checkpoint "$TMP/ck" \
    --checkpoint-every 10 -o "$TMP/ck40" || fail "--checkpoint run"
mpi 2 "$NMFKIT" factor "$TMP/a.npy" -d 5 -n 20 -q --checkpoint "$TMP/ck20" \
    -o "$TMP/ck20out" || fail "--checkpoint run to 20"
[ -s "$TMP/ck.0-of-2" ] && [ -s "$TMP/ck.1-of-2" ] && ok ||
    fail "--checkpoint: no file per rank"
mpi 2 "$NMFKIT" factor "$TMP/a.npy" -d 5 -n 60 -q --resume "$TMP/ck" \
    -o "$TMP/resumed" || fail "--resume run"
for f in W.npy H.npy; do
    cmp -s "$TMP/resumed/$f" "$TMP/p2-1x2-mu/$f" && ok ||
        fail "--resume: $f differs from the run never stopped"
done
cut -d, -f1,2 "$TMP/resumed/history.csv" >"$TMP/x1"
cut -d, -f1,2 "$TMP/p2-1x2-mu/history.csv" >"$TMP/x2"
cmp -s "$TMP/x1" "$TMP/x2" && ok || fail "--resume: the history differs"

# --dry-run: the busiest rank's memory, nothing fitted or written.
expect_exit 0 "--dry-run" -- mpi 3 "$NMFKIT" factor "$TMP/a.npy" -d 5 \
    --dry-run -o "$TMP/dry"
expect_grep "busiest of 3 ranks" "$TMP/out" "--dry-run table"
[ ! -e "$TMP/dry" ] && ok || fail "--dry-run wrote $TMP/dry"

# --max-time: rank 0's clock decides for all.
mpi 2 "$NMFKIT" factor "$TMP/a.npy" -d 5 -n 100000000 --max-time 0.5 -q \
    -o "$TMP/time" || fail "--max-time run"
expect_grep '"stop": "time"' "$TMP/time/run.json" "--max-time stops the run"

# Bad input: one line from rank 0, exit 2, no output folder left.
bad() {  # WHAT PATTERN NP ARGS...
    what=$1 pattern=$2 np=$3; shift 3
    expect_exit 2 "$what" -- mpi "$np" "$NMFKIT" factor "$@" -o "$TMP/bad"
    expect_grep "$pattern" "$TMP/err" "$what"
    n=$(grep -c 'nmfkit' "$TMP/err")
    [ "$n" -eq 1 ] && ok || fail "$what: $n error lines, expected one"
    [ ! -e "$TMP/bad" ] && ok || fail "$what: left $TMP/bad behind"
}
bad "--grid that does not hold P" "has 6 places for 4 ranks" 4 \
    "$TMP/a.npy" -d 5 --grid 2x3
"$NPYTOOL" make 3 50 7 f f4 "$TMP/tiny.npy" || exit 99
bad "--grid too large for A" "2x2 grid is too large for a 3 x 50" 4 \
    "$TMP/tiny.npy" -d 2 --grid 2x2
bad "more ranks than any grid holds" "4 ranks are too many" 4 \
    "$TMP/tiny.npy" -d 2
bad "a CSV input" "reads A from a .npy file" 2 "$DATA/A1.csv" -d 1
bad "--resume on another grid" "saved with grid 1x2, this run has grid 2x1" \
    2 "$TMP/a.npy" -d 5 -n 60 --resume "$TMP/ck" --grid 2x1
bad "--resume with other ranks" "ck.0-of-3: cannot open" 3 "$TMP/a.npy" \
    -d 5 -n 60 --resume "$TMP/ck"
cp "$TMP/ck20.1-of-2" "$TMP/ck.1-of-2"
bad "--resume from parts of different iterations" "different iterations" \
    2 "$TMP/a.npy" -d 5 -n 60 --resume "$TMP/ck"
bad "--missing" "--missing is not available" 2 "$TMP/a.npy" -d 5 \
    --missing
bad "--max-memory below a rank's need" "a rank would hold" 2 \
    "$TMP/a.npy" -d 5 --max-memory 1K
bad "a missing start file" "nope.npy: cannot open" 3 "$TMP/a.npy" -d 5 \
    --init-w "$TMP/nope.npy"
printf 'not a npy file' >"$TMP/junk.npy"
bad "a file that is not .npy" "bad magic" 2 "$TMP/junk.npy" -d 5
bad "the KL loss" "Frobenius loss only" 2 "$TMP/a.npy" -d 5 --loss kl
expect_exit 2 "another command on 2 ranks" -- mpi 2 "$NMFKIT" rank \
    "$DATA/A1.csv"
expect_grep "only factor runs distributed" "$TMP/err" "rank under mpirun"

echo "mpi_factor: $checks checks, $fails failed"
[ "$fails" -eq 0 ]
