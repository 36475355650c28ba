/* args.h -- strict number parsing for command-line options: the whole
 * string must be a number in range, or the user hears which option and why. */
#ifndef NMFKIT_ARGS_H
#define NMFKIT_ARGS_H

#include <stddef.h>
#include <stdint.h>

/* Each returns 0 on success, or prints "nmfkit CMD: OPTION: 'TEXT' ..." and
 * returns -1. Integers are decimal; min and max are inclusive. */
int args_size(const char *cmd, const char *opt, const char *text,
              size_t min, size_t max, size_t *out);
int args_int(const char *cmd, const char *opt, const char *text,
             int min, int max, int *out);
int args_u64(const char *cmd, const char *opt, const char *text,
             uint64_t *out);
int args_double(const char *cmd, const char *opt, const char *text,
                double min, double max, double *out);
/* A comma-separated list of at least one and at most max_count sizes,
 * each in [min, max], into out; *count gets how many. */
int args_size_list(const char *cmd, const char *opt, const char *text,
                   size_t min, size_t max, size_t *out, size_t max_count,
                   size_t *count);

/* A file shipped with nmfkit: data/NAME in the source tree (a user in a
 * clone), else PKGDATADIR/NAME where `make install` put it; if neither
 * exists, data/NAME, so the error names the expected place. The string
 * lives until the next call. */
const char *cli_default_data(const char *name);

#endif
