/* dispatch.c -- the product's one table of conditions (dispatch.h). */
#include <config.h>

#include "kernels/blocking.h"
#include "kernels/dispatch.h"

/* A C of at most NMFI_SMALL_C_SIDE a side: MU's Gram matrices. */
static int small_c(nmf_trans ta, nmf_trans tb, size_t m, size_t n, size_t k)
{
    (void)ta, (void)tb, (void)k;
    return m <= NMFI_SMALL_C_SIDE && n <= NMFI_SMALL_C_SIDE;
}

/* A H' (and any untransposed op(A) against a narrow op(B)). */
static int a_in_place(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                      size_t k)
{
    (void)tb, (void)m, (void)k;
    return ta == NMF_NOTRANS && n <= NMFI_ROWS_MAX_N;
}

/* W'A, H A' (any untransposed op(B)). */
static int b_in_place(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                      size_t k)
{
    (void)ta, (void)m, (void)n, (void)k;
    return tb == NMF_NOTRANS;
}

static int always(nmf_trans ta, nmf_trans tb, size_t m, size_t n, size_t k)
{
    (void)ta, (void)tb, (void)m, (void)n, (void)k;
    return 1;
}

const nmfi_gemm_rule nmfi_gemm_rules[] = {
    /* Whole products only: the fused updates' tile products were tuned
     * on rows and cols, and their bits are those. */
    {"C at most 128 x 128, a whole product (not a fused update's tile)",
     small_c, 1, &nmfi_family_gram},
    {"op(A) untransposed and op(B) at most 128 wide", a_in_place, 0,
     &nmfi_family_rows},
    {"op(B) untransposed", b_in_place, 0, &nmfi_family_cols},
    {"any other product", always, 0, &nmfi_family_packed},
};

const size_t nmfi_gemm_nrules =
    sizeof nmfi_gemm_rules / sizeof nmfi_gemm_rules[0];

const nmfi_gemm_rule *nmfi_gemm_choose(nmf_trans ta, nmf_trans tb, size_t m,
                                       size_t n, size_t k, int tile)
{
    for (size_t r = 0; r + 1 < nmfi_gemm_nrules; r++) {
        const nmfi_gemm_rule *rule = &nmfi_gemm_rules[r];
        if (!(tile && rule->whole_only) && rule->holds(ta, tb, m, n, k))
            return rule;
    }
    return &nmfi_gemm_rules[nmfi_gemm_nrules - 1];
}

void nmfi_gemm(nmf_trans ta, nmf_trans tb, size_t m, size_t n, size_t k,
               const nmf_real *a, size_t lda, const nmf_real *b, size_t ldb,
               nmf_real beta, nmf_real *c, size_t ldc)
{
    if (m == 0 || n == 0)
        return;
    if (k == 0) {
        /* The nests assume k >= 1; an empty product leaves beta C. */
        for (size_t j = 0; j < n; j++)
            for (size_t i = 0; i < m; i++)
                c[i + j * ldc] = beta == 0 ? 0 : beta * c[i + j * ldc];
        return;
    }
    nmfi_gemm_choose(ta, tb, m, n, k, 0)->family->run(ta, tb, m, n, k, a, lda,
                                                      b, ldb, beta, c, ldc);
}

void nmfi_gemm_tile(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                    size_t k, const nmf_real *a, size_t lda,
                    const nmf_real *b, size_t ldb, nmf_real beta,
                    nmf_real *c, size_t ldc)
{
    nmfi_gemm_choose(ta, tb, m, n, k, 1)->family->run(ta, tb, m, n, k, a, lda,
                                                      b, ldb, beta, c, ldc);
}

void nmf_gemm(nmf_trans ta, nmf_trans tb, size_t m, size_t n, size_t k,
              const nmf_real *a, size_t lda, const nmf_real *b, size_t ldb,
              nmf_real beta, nmf_real *c, size_t ldc)
{
    nmfi_gemm(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
}
