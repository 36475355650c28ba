/* outputs.c -- all of a run's outputs, or none of them (outputs.h). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/fs.h"
#include "io/outputs.h"

/* "a/b", or b alone when a is NULL; NULL when out of memory. */
static char *join(const char *a, const char *b)
{
    if (!a)
        return strdup(b);
    size_t len = strlen(a) + strlen(b) + 2;
    char *p = malloc(len);
    if (p)
        snprintf(p, len, "%s/%s", a, b);
    return p;
}

static void release(nmfi_outputs *o, int remove);

nmf_status nmfi_outputs_open(nmfi_outputs *o, const char *dir,
                             const char *const *subdirs)
{
    memset(o, 0, sizeof *o);
    if (!dir)
        return NMF_OK;
    o->dir = strdup(dir);
    if (!o->dir)
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory", dir);
    nmf_status s = nmfi_make_dirs(dir, &o->dir_made);
    if (s == NMF_OK && access(dir, W_OK | X_OK) != 0)
        s = nmfi_error(NMF_E_IO, "%s: cannot write here: %s", dir,
                       strerror(errno));
    size_t nsub = 0;
    while (subdirs && subdirs[nsub])
        nsub++;
    if (s == NMF_OK && nsub) {
        o->made = calloc(nsub, sizeof *o->made);
        if (!o->made)
            s = nmfi_error(NMF_E_NOMEM, "%s: out of memory", dir);
    }
    for (size_t i = 0; s == NMF_OK && i < nsub; i++) {
        char *path = join(dir, subdirs[i]);
        if (!path) {
            s = nmfi_error(NMF_E_NOMEM, "%s: out of memory", dir);
        } else if (mkdir(path, 0777) == 0) {
            o->made[o->nmade++] = path;
            continue;
        } else if (errno != EEXIST) {
            s = nmfi_error(NMF_E_IO, "%s: cannot create: %s", path,
                           strerror(errno));
        }
        free(path);
    }
    if (s != NMF_OK)
        nmfi_outputs_abort(o);
    return s;
}

/* Open NAME as a new atomic file at the end of the set, in *f. */
static nmf_status add(nmfi_outputs *o, const char *name,
                      nmfi_atomic_file **f)
{
    if (o->count == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 16;
        nmfi_atomic_file *files = realloc(o->files, cap * sizeof *files);
        if (!files)
            return nmfi_error(NMF_E_NOMEM, "%s: out of memory", name);
        o->files = files;
        o->cap = cap;
    }
    char *path = join(o->dir, name);
    if (!path)
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory", name);
    *f = &o->files[o->count];
    nmf_status s = nmfi_atomic_open(*f, path);
    free(path);
    if (s == NMF_OK)
        o->count++;
    return s;
}

nmf_status nmfi_outputs_file(nmfi_outputs *o, const char *name, FILE **fp)
{
    nmfi_atomic_file *f;
    nmf_status s = add(o, name, &f);
    if (s == NMF_OK)
        *fp = f->fp;
    return s;
}

const char *nmfi_outputs_path(nmfi_outputs *o, const char *name)
{
    nmfi_atomic_file *f;
    /* The writer opens the path itself; commit publishes what it left. */
    if (add(o, name, &f) != NMF_OK || nmfi_atomic_finish(f) != NMF_OK)
        return NULL;
    return f->tmp_path;
}

nmf_status nmfi_outputs_commit(nmfi_outputs *o)
{
    nmf_status s = NMF_OK;
    for (size_t i = 0; i < o->count && s == NMF_OK; i++)
        s = nmfi_atomic_finish(&o->files[i]);
    for (size_t i = 0; i < o->count && s == NMF_OK; i++)
        s = nmfi_atomic_publish(&o->files[i]);
    if (s != NMF_OK) {
        nmfi_outputs_abort(o);
        return s;
    }
    release(o, 0);
    return NMF_OK;
}

/* Free the set; with `remove`, first the temporaries and the folders
 * this run made (emptied: rmdir removes nothing else). */
static void release(nmfi_outputs *o, int remove)
{
    for (size_t i = 0; i < o->count; i++)
        nmfi_atomic_discard(&o->files[i]);
    free(o->files);
    for (size_t i = o->nmade; i-- > 0;) {
        if (remove)
            rmdir(o->made[i]);
        free(o->made[i]);
    }
    free(o->made);
    if (remove && o->dir && o->dir_made)
        rmdir(o->dir);
    free(o->dir);
    memset(o, 0, sizeof *o);
}

void nmfi_outputs_abort(nmfi_outputs *o)
{
    release(o, 1);
}
