/* faces.c -- see faces.h. */
#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ae/faces.h"
#include "core/error.h"
#include "io/pgm.h"
#include "study/imageset.h"

int nmfi_natural_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (*a == '0' && isdigit((unsigned char)a[1]))
                a++;
            while (*b == '0' && isdigit((unsigned char)b[1]))
                b++;
            size_t la = strspn(a, "0123456789"), lb = strspn(b, "0123456789");
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c)
                return c;
            a += la;
            b += lb;
        } else {
            if (*a != *b)
                return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
            a++;
            b++;
        }
    }
    return *a ? 1 : *b ? -1 : 0;
}

typedef struct names {
    char **v;
    size_t n, cap;
} names;

static int names_add(names *ns, const char *path)
{
    if (ns->n == ns->cap) {
        size_t cap = ns->cap ? 2 * ns->cap : 64;
        char **v = realloc(ns->v, cap * sizeof *v);
        if (!v)
            return -1;
        ns->v = v;
        ns->cap = cap;
    }
    if (!(ns->v[ns->n] = strdup(path)))
        return -1;
    ns->n++;
    return 0;
}

static void names_free(names *ns)
{
    for (size_t i = 0; i < ns->n; i++)
        free(ns->v[i]);
    free(ns->v);
    memset(ns, 0, sizeof *ns);
}

static int ends_with(const char *s, const char *tail)
{
    size_t ls = strlen(s), lt = strlen(tail);
    return ls >= lt && strcmp(s + ls - lt, tail) == 0;
}

/* *.pgm in dir and its subfolders, depth at most 2. */
static nmf_status find_pgm(const char *dir, int depth, names *ns)
{
    DIR *d = opendir(dir);
    if (!d)
        return nmfi_error(NMF_E_IO, "%s: cannot open folder: %s", dir,
                          strerror(errno));
    struct dirent *e;
    nmf_status s = NMF_OK;
    while (s == NMF_OK && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name)
            >= (int)sizeof path)
            continue;
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode) && depth < 2)
            s = find_pgm(path, depth + 1, ns);
        else if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".pgm")
                 && names_add(ns, path) != 0)
            s = nmfi_error(NMF_E_NOMEM, "out of memory");
    }
    closedir(d);
    return s;
}

static int by_natural(const void *a, const void *b)
{
    return nmfi_natural_cmp(*(char *const *)a, *(char *const *)b);
}

static nmf_status from_pgm(const names *ns, size_t count, const char *dir,
                           nmfi_faces *out)
{
    if (count == 0)
        count = ns->n;
    if (count > ns->n)
        return nmfi_error(NMF_E_INVAL, "%s: %zu PGM images asked for, it "
                          "holds %zu", dir, count, ns->n);
    nmf_status s = NMF_OK;
    for (size_t j = 0; j < count && s == NMF_OK; j++) {
        nmfi_gray g;
        s = nmfi_pgm_read(ns->v[j], &g);
        if (s != NMF_OK)
            break;
        if (j == 0) {
            out->width = g.width;
            out->height = g.height;
            out->count = count;
            out->pix = nmf_matrix_new(g.width * g.height, count);
            if (!out->pix)
                s = nmfi_error(NMF_E_NOMEM, "out of memory for %zu images "
                               "of %zu x %zu", count, g.width, g.height);
        } else if (g.width != out->width || g.height != out->height) {
            s = nmfi_error(NMF_E_INVAL, "%s: %zu x %zu, the others are "
                           "%zu x %zu", ns->v[j], g.width, g.height,
                           out->width, out->height);
        }
        for (size_t i = 0; s == NMF_OK && i < g.width * g.height; i++)
            nmf_matrix_set(out->pix, i, j, (nmf_real)g.pix[i]);
        nmfi_gray_free(&g);
    }
    return s;
}

/* Luminance over white from an RGBA image set. */
static nmf_status from_image_set(const nmfi_image_set *set, nmfi_faces *out)
{
    size_t px = set->width * set->height;
    out->width = set->width;
    out->height = set->height;
    out->count = set->count;
    out->pix = nmf_matrix_new(px, set->count);
    if (!out->pix)
        return nmfi_error(NMF_E_NOMEM, "out of memory for %zu images",
                          set->count);
    for (size_t j = 0; j < set->count; j++)
        for (size_t i = 0; i < px; i++) {
            double r = nmf_matrix_get(set->rgb, 3 * i, j);
            double g = nmf_matrix_get(set->rgb, 3 * i + 1, j);
            double b = nmf_matrix_get(set->rgb, 3 * i + 2, j);
            double a = nmf_matrix_get(set->alpha, i, j);
            double lum = 0.299 * r + 0.587 * g + 0.114 * b;
            nmf_matrix_set(out->pix, i, j, (nmf_real)(a * lum + (1.0 - a)));
        }
    return NMF_OK;
}

nmf_status nmfi_faces_load(const char *path, size_t tile_w, size_t tile_h,
                           size_t count, nmfi_faces *out)
{
    memset(out, 0, sizeof *out);
    struct stat st;
    if (stat(path, &st) != 0)
        return nmfi_error(NMF_E_IO, "%s: cannot open: %s", path,
                          strerror(errno));
    nmf_status s;
    if (S_ISDIR(st.st_mode)) {
        names ns = {0};
        s = find_pgm(path, 0, &ns);
        if (s == NMF_OK && ns.n > 0) {
            qsort(ns.v, ns.n, sizeof *ns.v, by_natural);
            s = from_pgm(&ns, count, path, out);
            names_free(&ns);
            if (s != NMF_OK)
                nmfi_faces_free(out);
            return s;
        }
        names_free(&ns);
        if (s != NMF_OK)
            return s;
    }
    nmfi_image_set set;
    memset(&set, 0, sizeof set);
    s = nmfi_image_set_load(path, tile_w, tile_h, 0, count, &set);
    if (s == NMF_OK)
        s = from_image_set(&set, out);
    nmfi_image_set_free(&set);
    if (s != NMF_OK)
        nmfi_faces_free(out);
    return s;
}

void nmfi_faces_free(nmfi_faces *f)
{
    nmf_matrix_free(f->pix);
    memset(f, 0, sizeof *f);
}
