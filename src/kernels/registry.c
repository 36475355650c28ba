/* registry.c -- the table of GEMM steps that tests, bench and CLI walk,
 * and the public nmf_gemm, which runs the last (fastest) one.  A step added
 * here is tested against v0 by tests/check_gemm.c with no other change. */
#include <config.h>

#include <string.h>

#include "kernels/gemm.h"

const nmfi_gemm_step nmfi_gemm_steps[] = {
    {"v0", 0, "naive: three loops, the reference", 0, nmfi_gemm_v0_naive,
     NULL},
    {"v1", 1, "loop order: unit-stride inner loop", 0, nmfi_gemm_v1_loops,
     NULL},
    {"v2", 2, "cache blocking NC/KC/MC, no packing", 0,
     nmfi_gemm_v2_blocked, NULL},
    {"v3", 3, "packed panels + MR x NR micro-kernel", 0,
     nmfi_gemm_v3_packed, NULL},
    {"v4", 4, "v3 on one slab of C per thread: no inner barriers", 1,
     nmfi_gemm_v4_omp, NULL},
    {"v5", 5, "v4 with a tile twice as tall: 12 accumulators on AVX-512", 1,
     nmfi_gemm_v5_wide, NULL},
    {"v6", 6, "v5 reading an untransposed B where it lies: no copy of A", 1,
     nmfi_gemm_v6_inplace, NULL},
    {"v7", 7, "v6 reading an untransposed A where it lies: no copy of A", 1,
     nmfi_gemm_v7_rows, NULL},
    {"v8", 8, "v7 sharing a small, deep C by depth: partials summed in order",
     1, nmfi_gemm_v8_split, NULL},
    {"v9", 9, "v8 with op(A) packed once by the team and shared", 1,
     nmfi_gemm_v9_shared, NULL},
    {"v10", 10, "v9 reading a small C's operands in place: no partial C", 1,
     nmfi_gemm_v10_gram, nmfi_gemm_v10_owns},
    {"v11", 11, "v10 with C's columns stolen by idle threads: no waiting on"
     " a slow core", 1, nmfi_gemm_v11_steal, nmfi_gemm_v11_owns},
};

const size_t nmfi_gemm_nsteps =
    sizeof nmfi_gemm_steps / sizeof nmfi_gemm_steps[0];

const nmfi_gemm_step *nmfi_gemm_find(const char *name)
{
    for (size_t s = 0; s < nmfi_gemm_nsteps; s++)
        if (strcmp(nmfi_gemm_steps[s].name, name) == 0)
            return &nmfi_gemm_steps[s];
    return NULL;
}

const nmfi_gemm_step *nmfi_gemm_fastest(void)
{
    return &nmfi_gemm_steps[nmfi_gemm_nsteps - 1];
}

void nmf_gemm(nmf_trans ta, nmf_trans tb, size_t m, size_t n, size_t k,
              const nmf_real *a, size_t lda, const nmf_real *b, size_t ldb,
              nmf_real beta, nmf_real *c, size_t ldc)
{
    if (m == 0 || n == 0)
        return;
    if (k == 0) {
        /* The steps assume k >= 1; an empty product leaves beta C. */
        for (size_t j = 0; j < n; j++)
            for (size_t i = 0; i < m; i++)
                c[i + j * ldc] = beta == 0 ? 0 : beta * c[i + j * ldc];
        return;
    }
    nmfi_gemm_fastest()->fn(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
}
