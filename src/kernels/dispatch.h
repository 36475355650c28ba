/* dispatch.h -- what the product runs: one table, read top to bottom.
 *
 * The lesson's steps (gemm.h) each show one idea on every product. The
 * product instead picks, once per call, the kernel family that is fastest
 * for that shape, as BLIS decides once in bli_gemmsup. A family is a loop
 * nest (nests.h) and the way a team shares it (families.c):
 *
 *   gram    a small C's tiles from both operands in place      (v10's)
 *   rows    op(A) read in place, op(B) packed; slabs            (v7's)
 *   cols    op(B) read in place, op(A) packed once per team and
 *           the strips stolen, or one slab per thread           (v6, v9, v11)
 *   packed  both packed, MR_WIDE x NR tiles; slabs              (v5's)
 *
 * The first rule whose condition holds picks the family. nmf_gemm, the
 * solvers' products and nmfi_gemm go through the whole table; a fused
 * update's product on one tile (nmfi_gemm_tile) skips the rules marked
 * whole-product only. `bench_gemm --explain` prints the table's verdict
 * for a shape, rule by rule.
 */
#ifndef NMFI_DISPATCH_H
#define NMFI_DISPATCH_H

#include <stddef.h>

#include "kernels/gemm.h"
#include "nmfkit.h"

typedef struct nmfi_gemm_family {
    const char *name;    /* "gram", "rows", "cols", "packed" */
    const char *idea;    /* one line                         */
    nmfi_gemm_fn run;
} nmfi_gemm_family;

typedef struct nmfi_gemm_rule {
    const char *when;    /* the condition, in words          */
    int (*holds)(nmf_trans ta, nmf_trans tb, size_t m, size_t n, size_t k);
    int whole_only;      /* not for a fused update's tile    */
    const nmfi_gemm_family *family;
} nmfi_gemm_rule;

extern const nmfi_gemm_rule nmfi_gemm_rules[];
extern const size_t nmfi_gemm_nrules;

/* The rule that picks the family for this product: the first that holds
 * (the last always does). tile != 0: a fused update's tile product. */
const nmfi_gemm_rule *nmfi_gemm_choose(nmf_trans ta, nmf_trans tb, size_t m,
                                       size_t n, size_t k, int tile);

/* The product (gemm.h's contract, any m, n, k >= 0). */
void nmfi_gemm(nmf_trans ta, nmf_trans tb, size_t m, size_t n, size_t k,
               const nmf_real *a, size_t lda, const nmf_real *b, size_t ldb,
               nmf_real beta, nmf_real *c, size_t ldc);

/* The same for one tile of a fused update, run on the calling thread
 * inside the update's team; m, n, k >= 1. */
void nmfi_gemm_tile(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                    size_t k, const nmf_real *a, size_t lda,
                    const nmf_real *b, size_t ldb, nmf_real beta,
                    nmf_real *c, size_t ldc);

/* The families, for code that needs one by name. */
extern const nmfi_gemm_family nmfi_family_gram, nmfi_family_rows,
    nmfi_family_cols, nmfi_family_packed;

#endif
