#!/bin/sh
# dist-scaling.sh -- the distributed solver's time per iteration, split
# into local compute and communication, for ranks x threads layouts run
# alternately on one machine (a build --with-mpi), beside the serial
# command on the same matrix.
#
#   bench/dist-scaling.sh --input A.npy [--rank D] [--iters N]
#                         [--repeats R] [--runs LIST] [--solver S]
#
#   --input A.npy   the matrix (e.g. all 10,000 punks, bench/sheet_npy)
#   --rank D        inner dimension (default 64)
#   --iters N       iterations per run (default 20)
#   --repeats R     runs of each layout, alternated, medians taken
#                   (default 5)
#   --runs LIST     PxT layouts: P ranks of T threads (default 1x2,2x1;
#                   on a 16-core machine 1x1,2x1,4x1,8x1,16x1)
#   --solver S      mu (default) or hals
#
# One row per layout: the grid the solver chose, ms per iteration (the
# ranks' mean of the timed steps), its compute and communication parts,
# the communication's share, the words a rank sends per iteration, and
# the speedup over the first layout. The serial row is `nmfkit factor`
# without mpirun on the most threads asked for. Waiting for a slower rank
# counts as communication. Ranks of one thread are bound to cores; ranks
# of several are not bound, so their threads may spread.
set -eu

input= rank=64 iters=20 repeats=5 runs=1x2,2x1 solver=mu
while [ $# -gt 0 ]; do
    case $1 in
    --input) input=$2; shift 2 ;;
    --rank) rank=$2; shift 2 ;;
    --iters) iters=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --solver) solver=$2; shift 2 ;;
    -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "dist-scaling.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[ -n "$input" ] || { echo "dist-scaling.sh: --input A.npy is required" >&2
                     exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
nmfkit=${NMFKIT:-$here/nmfkit}
mpirun=${MPIRUN:-mpirun}
root=
[ "$(id -u)" -eq 0 ] && root=--allow-run-as-root
export OMPI_MCA_btl_vader_single_copy_mechanism=none
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dist-scaling.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

field() {  # KEY FILE: a number from run.json
    sed -n "s/^ *\"$1\": \\([-0-9.e+]*\\),*$/\\1/p" "$2"
}
median() {  # numbers on stdin
    sort -g | awk '{ v[NR] = $1 }
        END { if (NR % 2) print v[(NR + 1) / 2]
              else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

maxt=1
for r in $(echo "$runs" | tr , ' '); do
    t=${r#*x}
    [ "$t" -gt "$maxt" ] && maxt=$t
done
args="$input -d $rank -n $iters --solver $solver -q"
for k in $(seq "$repeats"); do
    for r in serial $(echo "$runs" | tr , ' '); do
        out="$tmp/$r-$k"
        if [ "$r" = serial ]; then
            # The loop's time per iteration, as the ranks' is timed.
            env -u OMPI_COMM_WORLD_SIZE "$nmfkit" factor \
                $(echo "$args" | sed 's/ -q$//') --threads "$maxt" \
                -o "$out" 2>/dev/null \
                | sed -n 's/^time per iteration: \([0-9.]*\) ms.*/\1/p' \
                >"$tmp/$r.ms.$k"
            continue
        fi
        p=${r%x*} t=${r#*x}
        bind=core
        [ "$t" -gt 1 ] && bind=none
        "$mpirun" $root --oversubscribe --bind-to $bind -np "$p" \
            "$nmfkit" factor $args --threads "$t" -o "$out" >/dev/null
        field compute_ms "$out/run.json" >"$tmp/$r.compute.$k"
        field comm_ms "$out/run.json" >"$tmp/$r.comm.$k"
        field words "$out/run.json" >"$tmp/$r.words.$k"
        sed -n 's/^ *"grid": "\(.*\)",*$/\1/p' "$out/run.json" >"$tmp/$r.grid"
    done
done

echo "$(basename "$input"), d = $rank, $solver, $iters iterations," \
     "median of $repeats alternated runs"
printf '%-8s %-6s %10s %11s %9s %7s %12s %8s\n' "PxT" "grid" "ms/iter" \
    "compute ms" "comm ms" "comm %" "words/rank" "speedup"
first=
for r in $(echo "$runs" | tr , ' '); do
    c=$(cat "$tmp/$r.compute."* | median)
    m=$(cat "$tmp/$r.comm."* | median)
    w=$(cat "$tmp/$r.words."* | median)
    tot=$(echo "$c $m" | awk '{ print $1 + $2 }')
    [ -n "$first" ] || first=$tot
    echo "$r $(cat "$tmp/$r.grid") $tot $c $m $w $first" | awk '{
        printf "%-8s %-6s %10.2f %11.2f %9.2f %6.1f%% %12.0f %7.2fx\n",
               $1, $2, $3, $4, $5, 100 * $5 / $3, $6, $7 / $3 }'
done
s=$(cat "$tmp/serial.ms."* | median)
echo "serial $s $first $maxt" | awk '{
    printf "%-8s %-6s %10.2f %11s %9s %7s %12s %7.2fx  (%d threads, no mpirun)\n",
           $1, "-", $2, "-", "-", "-", "-", $3 / $2, $4 }'
