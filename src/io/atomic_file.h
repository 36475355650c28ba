/* atomic_file.h -- write to a temporary beside the target, then rename.
 *
 * A reader never sees a half-written file, and a failed run leaves nothing:
 * open -> write to f.fp -> finish (flush, close, check) -> publish (rename).
 * Several files can be finished first and published together, which is how
 * a run keeps "all outputs or none" (io/outputs.h). */
#ifndef NMFI_ATOMIC_FILE_H
#define NMFI_ATOMIC_FILE_H

#include <stdio.h>

#include "nmfkit.h"

typedef struct nmfi_atomic_file {
    FILE *fp;
    char *path;      /* final name                          */
    char *tmp_path;  /* PATH.tmp-XXXXXX in the same folder  */
} nmfi_atomic_file;

/* path NULL: NMF_E_IO, leaving the error already recorded. */
nmf_status nmfi_atomic_open(nmfi_atomic_file *f, const char *path);
/* Flush and close; on a write error the temporary is removed. */
nmf_status nmfi_atomic_finish(nmfi_atomic_file *f);
/* Rename the finished temporary onto the final name. */
nmf_status nmfi_atomic_publish(nmfi_atomic_file *f);
/* finish + publish. */
nmf_status nmfi_atomic_commit(nmfi_atomic_file *f);
/* Close if open, remove the temporary, free the names. Safe to call twice
 * and after publish. */
void nmfi_atomic_discard(nmfi_atomic_file *f);

/* The whole path-level write of a matrix: open, write(fp, a, path),
 * commit; on any failure nothing is left at path. */
typedef nmf_status (*nmfi_matrix_writer)(FILE *fp, const nmf_matrix *a,
                                         const char *name);
nmf_status nmfi_atomic_write_matrix(const char *path, const nmf_matrix *a,
                                    nmfi_matrix_writer write);

#endif
