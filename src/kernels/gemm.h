/* gemm.h -- the GEMM steps of the kernel lesson and their registry.
 *
 * Every step computes the same thing,
 *     C = op(A) op(B) + beta C,   op(A) m x k, op(B) k x n, C m x n,
 * column-major with leading dimensions lda, ldb, ldc (>= the stored rows),
 * op(X) = X or X' as ta / tb say. beta = 0 writes C without reading it
 * (so NaN garbage in C never leaks in); any m, n, k >= 1.
 *
 * The steps, each in its own file (read them in this order):
 *   v0 naive    gemm_v0_naive.c    the three loops; the reference
 *   v1 loops    gemm_v1_loops.c    loop order and hoisting for unit stride
 *   v2 blocked  gemm_v2_blocked.c  NC/KC/MC cache blocking, no packing
 *   v3 packed   gemm_v3_packed.c   packed panels + MR x NR micro-kernel
 *   v4 omp      gemm_v4_omp.c      v3 with OpenMP over output tiles
 *   v5 wide     gemm_v5_wide.c     v4 with an MR_WIDE x NR tile (ukr_wide.c)
 *   v6 inplace  gemm_v6_inplace.c  v5 reading an untransposed op(B) unpacked
 *   v7 rows     gemm_v7_rows.c     v6 reading an untransposed op(A) unpacked
 *   v8 split    gemm_v8_split.c    v7 sharing a small, deep C by depth
 *   v9 shared   gemm_v9_shared.c   v8 with op(A) packed once by the team
 *   v10 gram    gemm_v10_gram.c    v9 reading a small C's operands in place
 *   v11 steal   gemm_v11_steal.c   v10 with C's columns stolen by idle threads
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
int nmfi_gemm_v10_owns(size_t m, size_t n);

void nmfi_gemm_v11_steal(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                         size_t k, const nmf_real *a, size_t lda,
                         const nmf_real *b, size_t ldb, nmf_real beta,
                         nmf_real *c, size_t ldc);
int nmfi_gemm_v11_owns(size_t m, size_t n);

/* The parts the steps share. nmfi_gemm_packed is v3's loop nest for a
 * given tile shape (ukr.h's nmfi_tiling). nmfi_gemm_slabs runs `serial`
 * on one slab of C per thread, slabs made of whole tiles (mr rows or NR
 * columns), or on all of C when the product is too small to share, and
 * hands it `ctx`, what the step's serial product needs besides the
 * operands: the tiling for v4 and v5 (nmfi_gemm_packed_slab), the slice
 * depth for v6 and v7, chosen from the whole product so the bits do not
 * depend on how C was shared. */
struct nmfi_tiling;
void nmfi_gemm_packed(const struct nmfi_tiling *t, nmf_trans ta,
                      nmf_trans tb, size_t m, size_t n, size_t k,
                      const nmf_real *a, size_t lda, const nmf_real *b,
                      size_t ldb, nmf_real beta, nmf_real *c, size_t ldc);
typedef void (*nmfi_slab_fn)(const void *ctx, nmf_trans ta, nmf_trans tb,
                             size_t m, size_t n, size_t k, const nmf_real *a,
                             size_t lda, const nmf_real *b, size_t ldb,
                             nmf_real beta, nmf_real *c, size_t ldc);
void nmfi_gemm_slabs(nmfi_slab_fn serial, const void *ctx, size_t mr,
                     nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                     size_t k, const nmf_real *a, size_t lda,
                     const nmf_real *b, size_t ldb, nmf_real beta,
                     nmf_real *c, size_t ldc);
/* nmfi_gemm_packed as a slab's product, `tiling` its nmfi_tiling. */
void nmfi_gemm_packed_slab(const void *tiling, nmf_trans ta, nmf_trans tb,
                           size_t m, size_t n, size_t k, const nmf_real *a,
                           size_t lda, const nmf_real *b, size_t ldb,
                           nmf_real beta, nmf_real *c, size_t ldc);

/* v6's parts that v9 reuses. The slice depth of an m-row product k deep;
 * and one packed block of op(A) (mc rows, slice pc .. pc + kc, panels
 * MR_WIDE tall as nmfi_pack_a lays them) against n columns of an
 * untransposed B read in place: C(0:mc, 0:n) = block B(pc.., 0:n) +
 * beta C, `bpack` (kc x NR) holding a last panel narrower than NR. */
size_t nmfi_gemm_v6_depth(size_t m, size_t k);
void nmfi_gemm_v6_block(size_t mc, size_t n, size_t kc, size_t pc,
                        const nmf_real *apack, const nmf_real *b,
                        size_t ldb, nmf_real beta, nmf_real *c, size_t ldc,
                        nmf_real *bpack);

/* v9's team product, which v11 reuses: C's column strips dealt as
 * nmfi_team_share does (steal = 0, v9), or from a work-stealing pool
 * (steal = 1, v11; core/steal.h) unless the packed op(A) is too big to
 * read again per piece. Same bits either way. */
void nmfi_gemm_v9_team(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                       size_t k, const nmf_real *a, size_t lda,
                       const nmf_real *b, size_t ldb, nmf_real beta,
                       nmf_real *c, size_t ldc, int steal);

/* The registry that tests, bench and CLI walk: one row per step, in order. */
typedef struct nmfi_gemm_step {
    const char *name;     /* "v0", "v1", ...                      */
    int step;             /* 0, 1, ...                            */
    const char *summary;  /* one line: what this step adds        */
    int parallel;         /* uses OpenMP: worth timing at > 1 thread */
    nmfi_gemm_fn fn;
    /* Whether the step computes an m x n C itself rather than handing it
     * to the step before, unchanged; NULL: always. */
    int (*owns)(size_t m, size_t n);
} nmfi_gemm_step;

extern const nmfi_gemm_step nmfi_gemm_steps[];
extern const size_t nmfi_gemm_nsteps;

/* The step with this name ("v3") or NULL. */
const nmfi_gemm_step *nmfi_gemm_find(const char *name);
/* The last (fastest) step: what the solver uses. */
const nmfi_gemm_step *nmfi_gemm_fastest(void);

#endif
