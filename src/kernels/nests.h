/* nests.h -- the loop nests the GEMM steps and families are built from.
 *
 * A nest computes C = op(A) op(B) + beta C (gemm.h's contract) on the
 * calling thread, with one way of feeding the micro-kernels (ukr.h):
 *
 *   nest_packed.c  both operands packed, block by block (Goto/BLIS): v3
 *   nest_cols.c    op(A) packed, an untransposed op(B) read in place: v6
 *   nest_rows.c    an untransposed op(A) read in place, op(B) packed: v7
 *   nest_gram.c    a small C's tiles from both operands in place: v10
 *
 * and two ways of sharing one among a team:
 *
 *   slabs.c        one slab of C per thread, each running a nest: v4
 *   team_cols.c    the team packs op(A) once, then shares C's column
 *                  strips, in fixed shares or stolen: v9, v11
 *
 * Each handles every shape and transpose itself (an operand it cannot
 * read in place is packed a panel at a time), so a step or a family never
 * needs another to finish its work. The slice depths come from the whole
 * product (blocking.h), never from a slab, so how C is shared never
 * changes the bits. When a buffer cannot be had, the nest computes C
 * with nmfi_gemm_nobuf: slower, the same contract, no error to return.
 */
#ifndef NMFI_NESTS_H
#define NMFI_NESTS_H

#include <stddef.h>

#include "nmfkit.h"

/* A nest's signature: `ctx` is what it needs besides the operands (the
 * tiling for the packed nest, the slice depth as a size_t for the cols
 * and rows nests). */
typedef void (*nmfi_nest_fn)(const void *ctx, nmf_trans ta, nmf_trans tb,
                             size_t m, size_t n, size_t k, const nmf_real *a,
                             size_t lda, const nmf_real *b, size_t ldb,
                             nmf_real beta, nmf_real *c, size_t ldc);

/* ctx: a const nmfi_tiling * (ukr.h). */
void nmfi_nest_packed(const void *ctx, nmf_trans ta, nmf_trans tb, size_t m,
                      size_t n, size_t k, const nmf_real *a, size_t lda,
                      const nmf_real *b, size_t ldb, nmf_real beta,
                      nmf_real *c, size_t ldc);
/* ctx: the slice depth, nmfi_depth_cols(m, k) of the whole product. */
void nmfi_nest_cols(const void *ctx, nmf_trans ta, nmf_trans tb, size_t m,
                    size_t n, size_t k, const nmf_real *a, size_t lda,
                    const nmf_real *b, size_t ldb, nmf_real beta,
                    nmf_real *c, size_t ldc);
/* ctx: the slice depth, nmfi_depth_rows(n) of the whole product. */
void nmfi_nest_rows(const void *ctx, nmf_trans ta, nmf_trans tb, size_t m,
                    size_t n, size_t k, const nmf_real *a, size_t lda,
                    const nmf_real *b, size_t ldb, nmf_real beta,
                    nmf_real *c, size_t ldc);

/* One packed block of op(A) (mc rows, slice pc .. pc + kc, MR_WIDE-row
 * panels as nmfi_pack_a lays them) against n columns of op(B):
 * C(0:mc, 0:n) = block op(B)(pc.., 0:n) + beta C. Whole strips of an
 * untransposed op(B) are read in place; others are packed into `bpack`
 * (kc x NR). The cols nest and the team share it. */
void nmfi_cols_block(nmf_trans tb, size_t mc, size_t n, size_t kc,
                     size_t pc, const nmf_real *apack, const nmf_real *b,
                     size_t ldb, nmf_real beta, nmf_real *c, size_t ldc,
                     nmf_real *bpack);

/* The gram nest on `runs` runs of C's tiles (one per thread of a team
 * when runs > 1). */
void nmfi_nest_gram(size_t runs, nmf_trans ta, nmf_trans tb, size_t m,
                    size_t n, size_t k, const nmf_real *a, size_t lda,
                    const nmf_real *b, size_t ldb, nmf_real beta,
                    nmf_real *c, size_t ldc);

/* `nest` on one slab of C per thread (whole tiles: `mr` rows or NR
 * columns, along C's longer side), or on all of C on this thread when a
 * team does not pay (blocking.h's nmfi_team_pays). */
void nmfi_slabs(nmfi_nest_fn nest, const void *ctx, size_t mr, nmf_trans ta,
                nmf_trans tb, size_t m, size_t n, size_t k,
                const nmf_real *a, size_t lda, const nmf_real *b, size_t ldb,
                nmf_real beta, nmf_real *c, size_t ldc);

/* The team packs op(A) once, slices nmfi_depth_cols(m, k) deep, then
 * computes C's column strips from the shared panels with
 * nmfi_cols_block: in fixed shares (steal = 0) or from a work-stealing
 * pool (steal = 1, core/steal.h). The cols nest's bits either way, for
 * any team. */
void nmfi_cols_team(int steal, nmf_trans ta, nmf_trans tb, size_t m,
                    size_t n, size_t k, const nmf_real *a, size_t lda,
                    const nmf_real *b, size_t ldb, nmf_real beta,
                    nmf_real *c, size_t ldc);

/* The product with no buffer at all (gemm.h's contract), for when none
 * can be had: plain loops, correct and slow. */
void nmfi_gemm_nobuf(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                     size_t k, const nmf_real *a, size_t lda,
                     const nmf_real *b, size_t ldb, nmf_real beta,
                     nmf_real *c, size_t ldc);

#endif
