/* atomic_file.c -- temporary-then-rename file output. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "io/atomic_file.h"

static void release(nmfi_atomic_file *f)
{
    free(f->path);
    free(f->tmp_path);
    f->path = f->tmp_path = NULL;
}

/* A fresh name beside the target, created with O_EXCL. Not mkstemp: it
 * makes 0600 files, and the outputs should get the usual 0666 & ~umask. */
static int create_temp(const char *path, char *tmp, size_t size)
{
    static atomic_uint counter;
    for (int attempt = 0; attempt < 100; attempt++) {
        snprintf(tmp, size, "%s.tmp-%ld-%u", path, (long)getpid(),
                 atomic_fetch_add(&counter, 1u));
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

nmf_status nmfi_atomic_open(nmfi_atomic_file *f, const char *path)
{
    f->fp = NULL;
    f->path = f->tmp_path = NULL;
    /* No path: the caller could not make one (io/outputs.h), and the
     * error it recorded stands. */
    if (!path)
        return NMF_E_IO;
    f->path = strdup(path);
    size_t size = strlen(path) + sizeof ".tmp--" + 2 * 3 * sizeof(long);
    f->tmp_path = malloc(size);
    if (!f->path || !f->tmp_path) {
        release(f);
        return nmfi_error(NMF_E_NOMEM, "%s: out of memory", path);
    }
    int fd = create_temp(path, f->tmp_path, size);
    if (fd < 0) {
        int e = errno;
        release(f);
        return nmfi_error(NMF_E_IO, "%s: cannot create: %s", path, strerror(e));
    }
    f->fp = fdopen(fd, "wb");
    if (!f->fp) {
        int e = errno;
        close(fd);
        unlink(f->tmp_path);
        release(f);
        return nmfi_error(NMF_E_IO, "%s: cannot open: %s", path, strerror(e));
    }
    return NMF_OK;
}

nmf_status nmfi_atomic_finish(nmfi_atomic_file *f)
{
    if (!f->fp)
        return NMF_OK;
    int bad = ferror(f->fp);
    int e = errno;
    if (fclose(f->fp) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    f->fp = NULL;
    if (bad) {
        nmf_status s = nmfi_error(NMF_E_IO, "%s: write failed: %s", f->path,
                                  strerror(e));
        nmfi_atomic_discard(f);
        return s;
    }
    return NMF_OK;
}

nmf_status nmfi_atomic_publish(nmfi_atomic_file *f)
{
    if (!f->tmp_path)
        return nmfi_error(NMF_E_INTERNAL, "publish of a discarded file");
    if (rename(f->tmp_path, f->path) != 0) {
        nmf_status s = nmfi_error(NMF_E_IO, "%s: cannot rename into place: %s",
                                  f->path, strerror(errno));
        nmfi_atomic_discard(f);
        return s;
    }
    release(f);
    return NMF_OK;
}

nmf_status nmfi_atomic_commit(nmfi_atomic_file *f)
{
    nmf_status s = nmfi_atomic_finish(f);
    return s != NMF_OK ? s : nmfi_atomic_publish(f);
}

void nmfi_atomic_discard(nmfi_atomic_file *f)
{
    if (f->fp) {
        fclose(f->fp);
        f->fp = NULL;
    }
    if (f->tmp_path)
        unlink(f->tmp_path);
    release(f);
}

nmf_status nmfi_atomic_write_matrix(const char *path, const nmf_matrix *a,
                                    nmfi_matrix_writer write)
{
    nmfi_atomic_file f;
    nmf_status s = nmfi_atomic_open(&f, path);
    if (s != NMF_OK)
        return s;
    s = write(f.fp, a, path);
    if (s == NMF_OK)
        s = nmfi_atomic_commit(&f);
    nmfi_atomic_discard(&f);
    return s;
}
