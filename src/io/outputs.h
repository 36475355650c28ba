/* outputs.h -- all of a run's output files, or none of them: the one
 * stager of `factor`, the studies and `sprites`.
 *
 * Each output is written to a temporary beside its final name
 * (io/atomic_file.h); commit publishes them all together, and abort (or a
 * failed commit) removes every temporary, and the folders this run made.
 * A reader never sees a half-written file, and a failed run leaves
 * nothing behind. Open checks that the folder can be written before the
 * long computation, so a bad -o fails in a second, not after the run.
 *
 * Names are relative to the folder given to open ("W.npy",
 * "report/index.html"), or paths when it is NULL (sprites writes three
 * files anywhere). Every string handed out lives until commit or abort:
 * no later call overwrites it. */
#ifndef NMFI_OUTPUTS_H
#define NMFI_OUTPUTS_H

#include <stdio.h>

#include "io/atomic_file.h"
#include "nmfkit.h"

typedef struct nmfi_outputs {
    char *dir;                  /* NULL: names are paths              */
    int dir_made;               /* this run made dir                  */
    char **made;                /* subfolders this run made           */
    size_t nmade;
    nmfi_atomic_file *files;
    size_t count, cap;
} nmfi_outputs;

/* Make DIR (and its parents) and the subfolders named in `subdirs`
 * (NULL-terminated, may be NULL) if needed, and check DIR can be
 * written. dir = NULL: nothing is made, names are paths. */
nmf_status nmfi_outputs_open(nmfi_outputs *o, const char *dir,
                             const char *const *subdirs);
/* Start NAME; its stream is returned in *fp (closed by commit). */
nmf_status nmfi_outputs_file(nmfi_outputs *o, const char *name, FILE **fp);
/* Start NAME for a writer that takes a path: the temporary's path, where
 * the writer must write the whole file (it may replace it). NULL if it
 * cannot be made, with the error recorded (nmf_last_error): a writer
 * given that NULL fails with the error standing (nmfi_atomic_open). */
const char *nmfi_outputs_path(nmfi_outputs *o, const char *name);
/* Finish every file, then rename them all into place; on failure, abort. */
nmf_status nmfi_outputs_commit(nmfi_outputs *o);
/* Remove the temporaries and the folders this run made. Safe to call
 * twice, after commit, and on a set never opened (zeroed). */
void nmfi_outputs_abort(nmfi_outputs *o);

#endif
