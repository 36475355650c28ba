/* bench_util.h -- the plumbing of the benchmarks: operands, timing,
 * medians, error measures and option parsing, so that each bench_*.c reads
 * as the experiment it runs. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "nmfkit.h"

#include "lab/measure.h"

/* ---- Options ------------------------------------------------------------- */

/* "PROG: MESSAGE (see --help)" on stderr and exit status 2, as for every
 * bad option. */
_Noreturn void bench_bad_option(const char *prog, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Matches argv[*i] against an option taking a value, written either as
 * "--name VALUE" or "--name=VALUE". Returns 1 with *value set (and *i moved
 * past a separate value), 0 if argv[*i] is not this option, -1 if it is but
 * the value is missing. */
int bench_opt_value(int argc, char **argv, int *i, const char *name,
                    const char **value);

/* Splits a comma-separated list in place into at most max items; returns
 * the count, or -1 on an empty item or more than max items. */
int bench_split_list(char *s, char **items, int max);

/* Parses a comma-separated list of integers in [lo, hi]; returns the count,
 * or -1 on anything else. */
int bench_parse_ints(const char *s, int *out, int max, int lo, int hi);

#endif
