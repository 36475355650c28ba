#!/bin/sh
# busy-core.sh -- bench_mu beside a busy loop on one core, as on a machine
# another user or tenant is also using: how much a team loses waiting for
# its slowest member (step v11's work stealing is about this).
#
#   bench/busy-core.sh [--build DIR] [--cpu N] [BENCH_MU_OPTION]...
#
# Runs DIR/bench/bench_mu (default: .) with the options given (default:
# --cases 10000:64,500:64 --threads 1,2), while a shell loop spins on CPU N
# (default 0) through taskset. The loop is killed on exit, whatever
# happens. Compare with the same bench_mu run alone.
set -eu

build=.
cpu=0
while [ $# -gt 0 ]; do
    case $1 in
    --build) build=$2; shift 2 ;;
    --cpu) cpu=$2; shift 2 ;;
    --help)
        sed -n '2,12s/^# \{0,1\}//p' "$0"
        exit 0 ;;
    *) break ;;
    esac
done
[ $# -gt 0 ] || set -- --cases 10000:64,500:64 --threads 1,2

bench=$build/bench/bench_mu
if [ ! -x "$bench" ]; then
    echo "busy-core.sh: $bench: not built (make bench/bench_mu)" >&2
    exit 2
fi
if ! command -v taskset >/dev/null 2>&1; then
    echo "busy-core.sh: taskset not found (Debian: util-linux)" >&2
    exit 2
fi

taskset -c "$cpu" sh -c 'while :; do :; done' &
busy=$!
trap 'kill $busy 2>/dev/null' EXIT INT TERM
echo "# a busy loop runs on CPU $cpu (pid $busy) during this run"
"$bench" "$@"
