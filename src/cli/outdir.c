/* outdir.c -- staged, all-or-nothing outputs of a command (see outdir.h). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/outdir.h"
#include "core/error.h"

/* mkdir -p, remembering whether the last component was made here. Parents
 * made on the way are left: only the folder named by the user is ours. */
static nmf_status make_dirs(const char *dir, int *created)
{
    struct stat st;
    *created = 0;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return nmfi_error(NMF_E_IO, "%s: exists and is not a folder", dir);
        return NMF_OK;
    }
    char *path = strdup(dir);
    if (!path)
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            nmf_status s = nmfi_error(NMF_E_IO, "%s: cannot create: %s", path,
                                      strerror(errno));
            free(path);
            return s;
        }
        *p = '/';
    }
    free(path);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return nmfi_error(NMF_E_IO, "%s: cannot create: %s", dir,
                          strerror(errno));
    *created = 1;
    return NMF_OK;
}

nmf_status outdir_open(outdir *o, const char *dir)
{
    memset(o, 0, sizeof *o);
    o->dir = strdup(dir);
    if (!o->dir)
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory", dir);
    nmf_status s = make_dirs(dir, &o->created);
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
