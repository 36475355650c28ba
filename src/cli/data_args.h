/* data_args.h -- how the fitting commands read their data: which entries
 * are missing (--missing, --mask FILE), a CSV's header and index columns
 * (--header, --skip-columns), and data laid out with samples as rows
 * (--rows-are-samples). One table, one reader, for factor, transform
 * and select. */
#ifndef NMFKIT_DATA_ARGS_H
#define NMFKIT_DATA_ARGS_H

#include "cli/opts.h"

#include "nmfkit.h"

enum { DATA_OPT_MISSING = 600, DATA_OPT_MASK, DATA_OPT_HEADER,
       DATA_OPT_SKIP, DATA_OPT_ROWS_ARE_SAMPLES };

extern const cli_opt data_opts[];

typedef struct data_args {
    int missing;          /* NaN (or an empty CSV field) is missing    */
    const char *mask;     /* a 0/1 matrix of A's shape, 0 = missing    */
    int header;           /* the CSV's first line names its columns    */
    const char *skip;     /* CSV columns not read (numbers or names)   */
    int rows_are_samples; /* A is the file's transpose                 */
} data_args;

/* 0 if `c` was one of the codes above, 1 if not, -1 on a bad value. */
int data_args_parse(const char *cmd, int c, const char *arg, data_args *da);

/* A fitting command's shared options: the data's above, then the
 * solver's and the loss's (cli/solver_args.h); 0 when `c` was one of
 * them with a good value, non-zero otherwise (an option callback's
 * answer). */
int fit_args_parse(const char *cmd, int c, const char *arg, data_args *da,
                   nmf_options *opt);

/* A from `path` as the options say, and *mask (NULL when every entry is
 * observed). The observed entries must be finite and non-negative; the
 * error names the file and the entry. */
nmf_status data_read(const data_args *da, const char *path, nmf_matrix **a,
                     nmf_matrix **mask);

#endif
