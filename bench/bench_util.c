/* bench_util.c -- option parsing shared by the benchmark programs; their
 * operands and timing are the lab's (src/lab/measure.c). */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"

/* ---- Options ------------------------------------------------------------- */

int bench_opt_value(int argc, char **argv, int *i, const char *name,
                    const char **value)
{
    const char *arg = argv[*i];
    size_t len = strlen(name);

    if (strncmp(arg, name, len) != 0)
        return 0;
    if (arg[len] == '=') {
        *value = arg + len + 1;
        return 1;
    }
    if (arg[len] != '\0')
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *value = argv[++*i];
    return 1;
}

int bench_split_list(char *s, char **items, int max)
{
    int n = 0;
    for (;;) {
        char *comma = strchr(s, ',');
        if (comma)
            *comma = '\0';
        if (*s == '\0' || n == max)
            return -1;
        items[n++] = s;
        if (!comma)
            return n;
        s = comma + 1;
    }
}

int bench_parse_ints(const char *s, int *out, int max, int lo, int hi)
{
    int n = 0;
    for (;;) {
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        /* strtol skips blanks and takes signs; a list item may not. */
        if (end == s || *s < '0' || *s > '9' || errno || v < lo || v > hi
            || n == max)
            return -1;
        out[n++] = (int)v;
        if (*end == '\0')
            return n;
        if (*end != ',')
            return -1;
        s = end + 1;
    }
}

void bench_bad_option(const char *prog, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs(" (see --help)\n", stderr);
    exit(2);
}
