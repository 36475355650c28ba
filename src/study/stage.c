/* stage.c -- staged, all-or-nothing study outputs (see stage.h). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/fs.h"
#include "report/html.h"
#include "report/json.h"
#include "study/stage.h"

nmf_status nmfi_stage_open(nmfi_stage *st, const char *dir,
                           const char *const *subdirs)
{
    memset(st, 0, sizeof *st);
    nmf_status s = nmfi_make_dirs(dir, &st->created);
    if (s != NMF_OK)
        return s;
    st->dir = strdup(dir);
    size_t len = strlen(dir) + 64;
    st->staging = malloc(len);
    if (!st->dir || !st->staging) {
        nmfi_stage_abort(st);
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory", dir);
    }
    snprintf(st->staging, len, "%s/.nmfkit-staging-%ld", dir, (long)getpid());
    nmfi_remove_tree(st->staging);  /* a leftover of a killed run */
    if (mkdir(st->staging, 0777) != 0) {
        s = nmfi_error(NMF_E_IO, "%s: cannot write here: %s", dir,
                       strerror(errno));
        nmfi_stage_abort(st);
        return s;
    }
    for (size_t i = 0; subdirs && subdirs[i]; i++)
        if (mkdir(nmfi_stage_path(st, subdirs[i]), 0777) != 0) {
            s = nmfi_error(NMF_E_IO, "%s/%s: cannot create: %s", dir,
                           subdirs[i], strerror(errno));
            nmfi_stage_abort(st);
            return s;
        }
    return NMF_OK;
}

const char *nmfi_stage_path(nmfi_stage *st, const char *name)
{
    snprintf(st->path, sizeof st->path, "%s/%s", st->staging, name);
    return st->path;
}

nmf_status nmfi_stage_commit(nmfi_stage *st)
{
    nmf_status s = nmfi_move_into(st->staging, st->dir);
    if (s != NMF_OK) {
        nmfi_stage_abort(st);
        return s;
    }
    rmdir(st->staging);
    free(st->staging);
    free(st->dir);
    st->staging = st->dir = NULL;
    return NMF_OK;
}

void nmfi_stage_abort(nmfi_stage *st)
{
    if (st->staging)
        nmfi_remove_tree(st->staging);
    if (st->dir && st->created)
        rmdir(st->dir);
    free(st->staging);
    free(st->dir);
    st->staging = st->dir = NULL;
}

nmf_status nmfi_stage_finish(nmfi_stage *st, nmf_status status,
                             struct nmfi_json *json,
                             const struct nmfi_html *html)
{
    if (status == NMF_OK)
        status = nmfi_json_write(json, nmfi_stage_path(st, "summary.json"));
    if (status == NMF_OK)
        status = nmfi_html_write(html, nmfi_stage_path(st,
                                                        "report/index.html"));
    if (status == NMF_OK)
        return nmfi_stage_commit(st);
    nmfi_stage_abort(st);  /* a no-op if never opened */
    return status;
}
