/* fs.c -- mkdir -p, recursive removal, and moving staged outputs in place. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/fs.h"

nmf_status nmfi_make_dirs(const char *dir, int *created)
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

/* "a" + "/" + "b" in a new string, or NULL. */
static char *join(const char *a, const char *b)
{
    size_t len = strlen(a) + strlen(b) + 2;
    char *p = malloc(len);
    if (p)
        snprintf(p, len, "%s/%s", a, b);
    return p;
}

void nmfi_remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char *p = join(dir, e->d_name);
            struct stat st;
            if (p && lstat(p, &st) == 0) {
                if (S_ISDIR(st.st_mode))
                    nmfi_remove_tree(p);
                else
                    unlink(p);
            }
            free(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

nmf_status nmfi_move_into(const char *src, const char *dst)
{
    DIR *d = opendir(src);
    if (!d)
        return nmfi_error(NMF_E_IO, "%s: cannot open: %s", src,
                          strerror(errno));
    nmf_status s = NMF_OK;
    struct dirent *e;
    while (s == NMF_OK && (e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *from = join(src, e->d_name), *to = join(dst, e->d_name);
        struct stat st, tst;
        if (!from || !to) {
            s = nmfi_error(NMF_E_NOMEM, "out of memory");
        } else if (lstat(from, &st) == 0 && S_ISDIR(st.st_mode)
                   && stat(to, &tst) == 0 && S_ISDIR(tst.st_mode)) {
            /* An existing subfolder (e.g. report/ of an earlier run):
             * merge into it rather than fail on a non-empty target. */
            s = nmfi_move_into(from, to);
            if (s == NMF_OK)
                rmdir(from);
        } else if (rename(from, to) != 0) {
            s = nmfi_error(NMF_E_IO, "%s: cannot move into place: %s", to,
                           strerror(errno));
        }
        free(from);
        free(to);
    }
    closedir(d);
    return s;
}
