/* outdir.h -- all of a command's output files, or none of them.
 *
 * A command opens every output it will write before the long computation
 * (so an unwritable folder fails in a second, not after the run), writes
 * them as temporaries, and publishes them together at the end. On any error
 * the temporaries are removed, and so is the folder if this run made it. */
#ifndef NMFKIT_OUTDIR_H
#define NMFKIT_OUTDIR_H

#include <stdio.h>

#include "io/atomic_file.h"

enum { OUTDIR_MAX_FILES = 32 };

typedef struct outdir {
    char *dir;
    int created;  /* this run made the folder (remove it on abort) */
    size_t count;
    nmfi_atomic_file files[OUTDIR_MAX_FILES];
} outdir;

/* Create DIR (and missing parents) if needed. */
nmf_status outdir_open(outdir *o, const char *dir);
/* Start DIR/NAME; its stream is returned in *fp. */
nmf_status outdir_add(outdir *o, const char *name, FILE **fp);
/* Finish every file, then rename them all into place. */
nmf_status outdir_commit(outdir *o);
/* Remove the temporaries (and the folder if this run made it). */
void outdir_abort(outdir *o);

#endif
