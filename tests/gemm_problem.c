/* gemm_problem.c -- one GEMM product set up for the GEMM suites (see
 * gemm_problem.h). */
#include <config.h>

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gemm_problem.h"
#include "kernels/nests.h"
#include "testutil.h"

const double gemm_betas[GEMM_NBETAS] = {0, 1, 0.5};

nmf_real *alloc_real(size_t count)
{
    nmf_real *x = malloc(count * sizeof(nmf_real));
    ck_assert_ptr_nonnull(x);
    return x;
}

problem problem_new(size_t m, size_t n, size_t k, int trans, size_t pad,
                    uint64_t seed, int with_reference)
{
    problem p = {(trans & 1) ? NMF_TRANS : NMF_NOTRANS,
                 (trans & 2) ? NMF_TRANS : NMF_NOTRANS, m, n, k,
                 0, 0, m + pad, NULL, NULL, NULL, NULL, NULL};
    size_t arows = p.ta == NMF_TRANS ? k : m, acols = p.ta == NMF_TRANS ? m : k;
    size_t brows = p.tb == NMF_TRANS ? n : k, bcols = p.tb == NMF_TRANS ? k : n;
    p.lda = arows + pad;
    p.ldb = brows + pad;
    p.a = alloc_real(p.lda * acols);
    p.b = alloc_real(p.ldb * bcols);
    p.c0 = alloc_real(p.ldc * n);
    test_fill(p.a, arows, acols, p.lda, -1, 1, seed);
    test_fill(p.b, brows, bcols, p.ldb, -1, 1, seed + 1);
    test_fill(p.c0, m, n, p.ldc, -1, 1, seed + 2);

    if (!with_reference)
        return p;
    p.s = malloc(m * n * sizeof(double));
    p.mag = malloc(m * n * sizeof(double));
    ck_assert(p.s && p.mag);
    for (size_t j = 0; j < n; j++) {
        for (size_t i = 0; i < m; i++) {
            double s = 0, mag = 0;
            for (size_t q = 0; q < k; q++) {
                double x = p.ta == NMF_TRANS ? p.a[q + i * p.lda]
                                             : p.a[i + q * p.lda];
                double y = p.tb == NMF_TRANS ? p.b[j + q * p.ldb]
                                             : p.b[q + j * p.ldb];
                s += x * y;
                mag += fabs(x * y);
            }
            p.s[i + j * m] = s;
            p.mag[i + j * m] = mag;
        }
    }
    return p;
}

void problem_free(problem *p)
{
    free(p->a);
    free(p->b);
    free(p->c0);
    free(p->s);
    free(p->mag);
}

/* C as a step receives it: for beta = 0 every entry is NaN, so reading C
 * shows; otherwise c0, whose padding rows are NaN. */
void start_c(const problem *p, double beta, nmf_real *c)
{
    size_t count = p->ldc * p->n;
    if (beta == 0) {
        for (size_t x = 0; x < count; x++)
            c[x] = (nmf_real)NAN;
    } else {
        memcpy(c, p->c0, count * sizeof(nmf_real));
    }
}

void run_kernel(const gemm_kernel *kn, const problem *p, double beta,
                nmf_real *c)
{
    run_fn(kn->family ? kn->family->run : kn->fn, p, beta, c);
}

void run_fn(nmfi_gemm_fn fn, const problem *p, double beta, nmf_real *c)
{
    start_c(p, beta, c);
    fn(p->ta, p->tb, p->m, p->n, p->k, p->a, p->lda, p->b, p->ldb,
       (nmf_real)beta, c, p->ldc);
}

void run_step(const nmfi_gemm_step *st, const problem *p, double beta,
              nmf_real *c)
{
    run_fn(st->fn, p, beta, c);
}

const gemm_kernel gemm_products[] = {
    {"gram", NULL, &nmfi_family_gram},
    {"rows", NULL, &nmfi_family_rows},
    {"cols", NULL, &nmfi_family_cols},
    {"packed", NULL, &nmfi_family_packed},
    {"product", nmfi_gemm, NULL},
    {"tile", nmfi_gemm_tile, NULL},
    /* What every nest falls back to when no buffer can be had. */
    {"nobuf", nmfi_gemm_nobuf, NULL},
};
const size_t gemm_nproducts = sizeof gemm_products / sizeof gemm_products[0];

const char *trans_name(const problem *p)
{
    static const char *names[] = {"NN", "TN", "NT", "TT"};
    return names[(p->ta == NMF_TRANS) | (p->tb == NMF_TRANS) << 1];
}
