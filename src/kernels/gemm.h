/* gemm.h -- the GEMM steps of the kernel lesson and their registry.
 *
 * Every step computes the same thing,
 *     C = op(A) op(B) + beta C,   op(A) m x k, op(B) k x n, C m x n,
 * column-major with leading dimensions lda, ldb, ldc (>= the stored rows),
 * op(X) = X or X' as ta / tb say. beta = 0 writes C without reading it
 * (so NaN garbage in C never leaks in); any m, n, k >= 1.
 *
 * Each step is one file, complete on its own: it calls the loop nests
 * (nests.h), packing (pack.h), micro-kernels (ukr.h), blocking and tile
 * helpers, never another step. Read them in order:
 *   v0 naive    gemm_v0_naive.c    the three loops; the reference
 *   v1 loops    gemm_v1_loops.c    loop order and hoisting for unit stride
 *   v2 blocked  gemm_v2_blocked.c  NC/KC/MC cache blocking, no packing
 *   v3 packed   gemm_v3_packed.c   packed panels + MR x NR micro-kernel
 *   v4 omp      gemm_v4_omp.c      one slab of C per thread
 *   v5 wide     gemm_v5_wide.c     an MR_WIDE x NR tile
 *   v6 inplace  gemm_v6_inplace.c  an untransposed op(B) read unpacked
 *   v7 rows     gemm_v7_rows.c     an untransposed op(A) read unpacked
 *   v8 split    gemm_v8_split.c    a small, deep C shared by depth
 *   v9 shared   gemm_v9_shared.c   op(A) packed once by the team
 *   v10 gram    gemm_v10_gram.c    a small C's operands read in place
 *   v11 steal   gemm_v11_steal.c   C's column strips stolen by idle threads
 * The product does not run a step: dispatch.h picks a kernel family.
 */
#ifndef NMFI_GEMM_H
#define NMFI_GEMM_H

#include <stddef.h>

#include "nmfkit.h"

typedef void (*nmfi_gemm_fn)(nmf_trans ta, nmf_trans tb,
                             size_t m, size_t n, size_t k,
                             const nmf_real *a, size_t lda,
                             const nmf_real *b, size_t ldb,
                             nmf_real beta, nmf_real *c, size_t ldc);

void nmfi_gemm_v0_naive(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                        size_t k, const nmf_real *a, size_t lda,
                        const nmf_real *b, size_t ldb, nmf_real beta,
                        nmf_real *c, size_t ldc);
void nmfi_gemm_v1_loops(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                        size_t k, const nmf_real *a, size_t lda,
                        const nmf_real *b, size_t ldb, nmf_real beta,
                        nmf_real *c, size_t ldc);
void nmfi_gemm_v2_blocked(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                          size_t k, const nmf_real *a, size_t lda,
                          const nmf_real *b, size_t ldb, nmf_real beta,
                          nmf_real *c, size_t ldc);
void nmfi_gemm_v3_packed(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                         size_t k, const nmf_real *a, size_t lda,
                         const nmf_real *b, size_t ldb, nmf_real beta,
                         nmf_real *c, size_t ldc);
void nmfi_gemm_v4_omp(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                      size_t k, const nmf_real *a, size_t lda,
                      const nmf_real *b, size_t ldb, nmf_real beta,
                      nmf_real *c, size_t ldc);

void nmfi_gemm_v5_wide(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                       size_t k, const nmf_real *a, size_t lda,
                       const nmf_real *b, size_t ldb, nmf_real beta,
                       nmf_real *c, size_t ldc);

void nmfi_gemm_v6_inplace(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                          size_t k, const nmf_real *a, size_t lda,
                          const nmf_real *b, size_t ldb, nmf_real beta,
                          nmf_real *c, size_t ldc);

void nmfi_gemm_v7_rows(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                       size_t k, const nmf_real *a, size_t lda,
                       const nmf_real *b, size_t ldb, nmf_real beta,
                       nmf_real *c, size_t ldc);

void nmfi_gemm_v8_split(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                        size_t k, const nmf_real *a, size_t lda,
                        const nmf_real *b, size_t ldb, nmf_real beta,
                        nmf_real *c, size_t ldc);

void nmfi_gemm_v9_shared(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                         size_t k, const nmf_real *a, size_t lda,
                         const nmf_real *b, size_t ldb, nmf_real beta,
                         nmf_real *c, size_t ldc);

void nmfi_gemm_v10_gram(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                        size_t k, const nmf_real *a, size_t lda,
                        const nmf_real *b, size_t ldb, nmf_real beta,
                        nmf_real *c, size_t ldc);

void nmfi_gemm_v11_steal(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                         size_t k, const nmf_real *a, size_t lda,
                         const nmf_real *b, size_t ldb, nmf_real beta,
                         nmf_real *c, size_t ldc);

/* How a step's loops move its operands between memory and the cache,
 * the model behind the bytes and the intensity on the lab's roofline
 * (lab/traffic.c has the formulas). */
typedef enum nmfi_traffic {
    NMFI_TRAFFIC_BLOCKED = 0, /* NC/KC/MC blocks: op(A) once per NC slab,
                                 op(B) once, C once per KC slice        */
    NMFI_TRAFFIC_DOTS,        /* one dot product per C element: op(B)'s
                                 column read again for every row of C   */
    NMFI_TRAFFIC_COLUMNS      /* j-p-i: all of op(A) streamed for every
                                 column of C                            */
} nmfi_traffic;

/* The registry that tests, bench and CLI walk: one row per step, in order. */
typedef struct nmfi_gemm_step {
    const char *name;     /* "v0", "v1", ...                      */
    int step;             /* 0, 1, ...                            */
    const char *summary;  /* one line: what this step adds        */
    int parallel;         /* uses OpenMP: worth timing at > 1 thread */
    nmfi_gemm_fn fn;
    nmfi_traffic traffic; /* the loops' memory traffic (0: blocked) */
} nmfi_gemm_step;

extern const nmfi_gemm_step nmfi_gemm_steps[];
extern const size_t nmfi_gemm_nsteps;

/* Not a step: what nmf_gemm runs (dispatch.h), timed beside them. */
extern const nmfi_gemm_step nmfi_gemm_product;

/* The step with this name ("v3", or "product") or NULL. */
const nmfi_gemm_step *nmfi_gemm_find(const char *name);

#endif
