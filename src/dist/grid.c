/* grid.c -- the distributed solver's layout and its choice of grid. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>

#include "core/error.h"
#include "dist/grid.h"

nmfi_span nmfi_split(size_t len, size_t parts, size_t k)
{
    size_t base = len / parts, extra = len % parts;
    nmfi_span s;
    s.lo = k * base + (k < extra ? k : extra);
    s.hi = s.lo + base + (k < extra);
    return s;
}

void nmfi_layout_of(size_t m, size_t n, int pr, int pc, int rank,
                    nmfi_layout *out)
{
    out->m = m;
    out->n = n;
    out->pr = pr;
    out->pc = pc;
    out->rank = rank;
    out->i = rank / pc;
    out->j = rank % pc;
    out->rows = nmfi_split(m, (size_t)pr, (size_t)out->i);
    out->cols = nmfi_split(n, (size_t)pc, (size_t)out->j);
    nmfi_span w = nmfi_split(out->rows.hi - out->rows.lo, (size_t)pc,
                             (size_t)out->j);
    nmfi_span h = nmfi_split(out->cols.hi - out->cols.lo, (size_t)pr,
                             (size_t)out->i);
    out->w_rows.lo = out->rows.lo + w.lo;
    out->w_rows.hi = out->rows.lo + w.hi;
    out->h_cols.lo = out->cols.lo + h.lo;
    out->h_cols.hi = out->cols.lo + h.hi;
}

int nmfi_grid_fits(size_t m, size_t n, int pr, int pc)
{
    /* The shortest R_i and C_j are the last, len / parts long. */
    return pr >= 1 && pc >= 1 && m / (size_t)pr >= (size_t)pc
           && n / (size_t)pc >= (size_t)pr;
}

double nmfi_grid_words(size_t m, size_t n, size_t d, int pr, int pc)
{
    double P = (double)pr * pc, dd = (double)d;
    return 2 * dd * ((double)m / pr * (pc - 1) / pc
                     + (double)n / pc * (pr - 1) / pr)
           + 4 * dd * dd * (P - 1) / P;
}

nmf_status nmfi_grid_best(size_t m, size_t n, size_t d, int P, int *pr,
                          int *pc)
{
    int best = 0;
    double least = 0;
    for (int r = 1; r <= P; r++) {
        if (P % r || !nmfi_grid_fits(m, n, r, P / r))
            continue;
        double v = nmfi_grid_words(m, n, d, r, P / r);
        if (!best || v < least) {
            best = r;
            least = v;
        }
    }
    if (!best)
        return nmfi_error(NMF_E_INVAL, "%d ranks are too many for a %zu x"
                          " %zu matrix: every rank needs a row of W and a"
                          " column of H", P, m, n);
    *pr = best;
    *pc = P / best;
    return NMF_OK;
}

nmf_status nmfi_grid_parse(const char *text, int P, int *pr, int *pc)
{
    char *end;
    errno = 0;
    long r = strtol(text, &end, 10);
    long c = 0;
    int ok = end != text && (*end == 'x' || *end == 'X') && errno == 0;
    if (ok) {
        const char *rest = end + 1;
        c = strtol(rest, &end, 10);
        ok = end != rest && *end == '\0' && errno == 0 && r >= 1 && c >= 1
             && r <= 1 << 20 && c <= 1 << 20;
    }
    if (!ok)
        return nmfi_error(NMF_E_INVAL, "--grid '%s' is not PRxPC with"
                          " positive whole numbers (e.g. 2x4)", text);
    if (r * c != P)
        return nmfi_error(NMF_E_INVAL, "--grid %ldx%ld has %ld places for"
                          " %d ranks", r, c, r * c, P);
    *pr = (int)r;
    *pc = (int)c;
    return NMF_OK;
}
