/* stage.h -- all of a study's outputs, or none of them.
 *
 * A study writes many files (figures, tables, the report); they are written
 * into a hidden staging folder inside DIR and moved into DIR only when the
 * whole study succeeded. On failure the staging folder is removed, and DIR
 * too if this run created it, so a failed run leaves nothing behind. */
#ifndef NMFI_STAGE_H
#define NMFI_STAGE_H

#include <stddef.h>

#include "nmfkit.h"

typedef struct nmfi_stage {
    char *dir;       /* the user's DIR                       */
    char *staging;   /* DIR/.nmfkit-staging-PID              */
    int created;     /* DIR was made by this run             */
    char path[4096]; /* the last nmfi_stage_path result      */
} nmfi_stage;

/* Make DIR (and parents) if needed, then the staging folder, with the
 * subfolders named in subdirs (NULL-terminated list, may be NULL). */
nmf_status nmfi_stage_open(nmfi_stage *st, const char *dir,
                           const char *const *subdirs);
/* Where to write NAME ("W.npy", "report/index.html") while staging; the
 * string lives until the next call. */
const char *nmfi_stage_path(nmfi_stage *st, const char *name);
/* Move everything staged into DIR (replacing files of the same name),
 * remove the staging folder. */
nmf_status nmfi_stage_commit(nmfi_stage *st);
/* Remove what was staged (and DIR if this run made it). Safe after commit. */
void nmfi_stage_abort(nmfi_stage *st);

/* The end of every study: when `status` is NMF_OK, write json as
 * summary.json and html as report/index.html into the stage and commit
 * it; otherwise, or if any of that fails, abort. Returns the outcome. */
struct nmfi_json;
struct nmfi_html;
nmf_status nmfi_stage_finish(nmfi_stage *st, nmf_status status,
                             struct nmfi_json *json,
                             const struct nmfi_html *html);

#endif
