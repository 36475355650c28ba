#!/bin/sh
# run-peers.sh -- nmfkit against NumPy + OpenBLAS and scikit-learn, per MU
# iteration, in one run, so the ratios compare like with like on a shared,
# noisy machine.
#
#   bench/run-peers.sh [--build DIR] [--cases LIST] [--threads LIST]
#                      [--iters K] [--repeats R]
#
#   --build DIR     the build folder holding bench/bench_mu (default: .)
#   --cases LIST    n:d pairs, m = 1728 (default 10000:64,500:64,
#                   10000:16,10000:32,10000:128)
#   --threads LIST  thread counts, e.g. 1,2 (default 1,2)
#   --iters K       iterations per timed run (default 10)
#   --repeats R     timed runs, median taken (default 5)
#
# One row per case and thread count: nmfkit ms/iter, % of the FMA peak,
# NumPy ms/iter, scikit-learn ms/iter, and peer / nmfkit ratios (> 1:
# nmfkit is faster); then nmfkit's speedup from the first to the last
# thread count. A peer that is not installed (python3-numpy,
# python3-sklearn; libopenblas-dev for the BLAS) shows "-" with a note:
# this script never fails for a missing peer. OpenBLAS chooses its own
# kernel: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for the peers.
set -eu

build=.
cases=10000:64,500:64,10000:16,10000:32,10000:128
threads=1,2
iters=10
repeats=5
while [ $# -gt 0 ]; do
    case $1 in
    --build) build=$2; shift 2 ;;
    --cases) cases=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --iters) iters=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "run-peers.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
here=$(cd "$(dirname "$0")" && pwd)
bench="$build/bench/bench_mu"
if [ ! -x "$bench" ]; then
    echo "run-peers.sh: $bench not built (make bench/bench_mu)" >&2
    exit 2
fi
python=python3
[ -x /usr/bin/python3 ] && python=/usr/bin/python3  # Debian's numpy
tmp=$(mktemp -d "${TMPDIR:-/tmp}/run-peers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Case by case, nmfkit then its peers, so each ratio compares runs taken
# seconds apart: the second vCPU's neighbour moves whole minutes.
: > "$tmp/nmfkit.csv"
: > "$tmp/peers.csv"
for c in $(echo "$cases" | tr ',' ' '); do
    n=${c%:*} d=${c#*:}
    for t in $(echo "$threads" | tr ',' ' '); do
        "$bench" --csv --cases "$c" --threads "$t" --iters "$iters" \
            --repeats "$repeats" > "$tmp/one.csv"
        if [ -s "$tmp/nmfkit.csv" ]; then
            grep -v '^#' "$tmp/one.csv" >> "$tmp/nmfkit.csv"
        else
            cat "$tmp/one.csv" > "$tmp/nmfkit.csv"
        fi
        for lib in numpy sklearn; do
            line=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
                OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t \
                MKL_NUM_THREADS=$t "$python" "$here/peers.py" "$lib" \
                --m 1728 --n "$n" --d "$d" --iters "$iters" \
                --repeats "$repeats" 2>/dev/null) \
                || line="$lib,1728,$n,$d,skip: $python failed"
            echo "$line,$t" >> "$tmp/peers.csv"
        done
    done
done
grep '^#' "$tmp/nmfkit.csv" | sed 's/^# /# machine: /'
grep -h 'skip' "$tmp/peers.csv" | cut -d, -f1,5 | sort -u \
    | sed 's/^\([a-z]*\),skip: /# \1 skipped: /'
if "$python" -c 'import numpy; numpy.show_config()' 2>/dev/null \
        | grep -qi openblas; then
    echo "# numpy's BLAS: OpenBLAS"
else
    echo "# numpy's BLAS: not OpenBLAS (install libopenblas-dev for the reference figures)"
fi

awk -F, '
    FNR == NR { if ($1 !~ /^#/ && $1 != "case") {
                    key = $3 ":" $4 ":" $5
                    nk[key] = $6; pk[key] = $8; order[++no] = key } next }
    { peer[$1 ":" $3 ":" $4 ":" $6] = $5 }
    function num(x) { return x ~ /^[0-9.]+$/ }
    function cell(x) { return num(x) ? sprintf("%9.2f", x) : sprintf("%9s", "-") }
    function ratio(x, y) { return num(x) && y > 0 ? sprintf("%7.2f", x / y) : sprintf("%7s", "-") }
    END {
        printf "%-16s %3s %9s %6s %9s %9s %7s %7s\n", "case (m=1728)", "thr",
               "nmfkit", "%peak", "numpy", "sklearn", "np/nmf", "sk/nmf"
        for (i = 1; i <= no; i++) {
            split(order[i], k, ":")
            np = peer["numpy:" order[i]]; sk = peer["sklearn:" order[i]]
            printf "n=%-6s d=%-5s %3s %9.2f %6.1f %s %s %s %s\n", k[1], k[2],
                   k[3], nk[order[i]], pk[order[i]], cell(np), cell(sk),
                   ratio(np, nk[order[i]]), ratio(sk, nk[order[i]])
            c = k[1] ":" k[2]
            if (!(c in first)) first[c] = nk[order[i]]
            last[c] = nk[order[i]]; lastt[c] = k[3]
            if (!(c in seen)) { seen[c] = 1; cs[++nc] = c }
        }
        printf "\nnmfkit speedup to the last thread count:"
        for (i = 1; i <= nc; i++)
            printf " %s %.2fx", cs[i], first[cs[i]] / last[cs[i]]
        printf "  (ms/iter; ratios > 1: nmfkit faster)\n"
    }' "$tmp/nmfkit.csv" "$tmp/peers.csv"
