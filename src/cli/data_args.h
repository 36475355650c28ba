/* data_args.h -- how the fitting commands read their data: which entries
 * are missing (--missing, --mask FILE). One table, one reader, for
 * factor, transform and select. */
#ifndef NMFKIT_DATA_ARGS_H
#define NMFKIT_DATA_ARGS_H

#include "cli/opts.h"

#include "nmfkit.h"

enum { DATA_OPT_MISSING = 600, DATA_OPT_MASK };

extern const cli_opt data_opts[];

typedef struct data_args {
    int missing;          /* NaN (or an empty CSV field) is missing    */
    const char *mask;     /* a 0/1 matrix of A's shape, 0 = missing    */
} data_args;

/* 0 if `c` was one of the codes above, 1 if not, -1 on a bad value. */
int data_args_parse(const char *cmd, int c, const char *arg, data_args *da);

/* A from `path` as the options say, and *mask (NULL when every entry is
 * observed). The observed entries must be finite and non-negative; the
 * error names the file and the entry. */
nmf_status data_read(const data_args *da, const char *path, nmf_matrix **a,
                     nmf_matrix **mask);

#endif
