/* outdir.c -- staged, all-or-nothing outputs of a command (see outdir.h). */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/outdir.h"
#include "core/error.h"
#include "core/fs.h"

nmf_status outdir_open(outdir *o, const char *dir)
{
    memset(o, 0, sizeof *o);
    o->dir = strdup(dir);
    if (!o->dir)
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory", dir);
    nmf_status s = nmfi_make_dirs(dir, &o->created);
    if (s != NMF_OK) {
        free(o->dir);
        o->dir = NULL;
    }
    return s;
}

nmf_status outdir_add(outdir *o, const char *name, FILE **fp)
{
    if (o->count == OUTDIR_MAX_FILES)
        return nmfi_error(NMF_E_INTERNAL, "too many output files");
    size_t len = strlen(o->dir) + strlen(name) + 2;
    char *path = malloc(len);
    if (!path)
        return nmfi_error(NMF_E_NOMEM, "out of memory");
    snprintf(path, len, "%s/%s", o->dir, name);
    nmf_status s = nmfi_atomic_open(&o->files[o->count], path);
    free(path);
    if (s != NMF_OK)
        return s;
    *fp = o->files[o->count++].fp;
    return NMF_OK;
}

nmf_status outdir_commit(outdir *o)
{
    nmf_status s = NMF_OK;
    for (size_t i = 0; i < o->count && s == NMF_OK; i++)
        s = nmfi_atomic_finish(&o->files[i]);
    for (size_t i = 0; i < o->count && s == NMF_OK; i++)
        s = nmfi_atomic_publish(&o->files[i]);
    if (s != NMF_OK) {
        outdir_abort(o);
        return s;
    }
    free(o->dir);
    o->dir = NULL;
    o->count = 0;
    return NMF_OK;
}

void outdir_abort(outdir *o)
{
    for (size_t i = 0; i < o->count; i++)
        nmfi_atomic_discard(&o->files[i]);
    o->count = 0;
    if (o->dir && o->created)
        rmdir(o->dir);
    free(o->dir);
    o->dir = NULL;
}
