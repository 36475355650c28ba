/* pack.h -- copying blocks of op(A) and op(B) into micro-kernel panels.
 *
 * Packing is where transposition is dealt with: each routine reads op(X)
 * from either storage order and always writes the one layout the
 * micro-kernel wants (see ukr.h), so the product itself never sees ta/tb.
 * Panels past the edge of the matrix are filled with zeros, so the
 * micro-kernel always computes whole MR x NR tiles.
 *
 * (i0, p0) and (p0, j0) are the top-left corner of the block in op(A) and
 * op(B) coordinates; a, b are the matrices as stored.
 */
#ifndef NMFI_PACK_H
#define NMFI_PACK_H

#include <stddef.h>

#include "nmfkit.h"

/* The whole mc x kc block of op(A) as ceil(mc / height) consecutive
 * panels, each `height` x kc stored column by column
 * (dst[r + p height], rows past the block zero); height is MR (v3, v4) or
 * MR_WIDE (v5). dst holds round_up(mc, height) * kc values. */
void nmfi_pack_a(nmf_trans ta, size_t height, size_t mc, size_t kc,
                 const nmf_real *a, size_t lda, size_t i0, size_t p0,
                 nmf_real *dst);

/* The whole kc x nc block of op(B) as ceil(nc / NR) consecutive panels,
 * each kc x NR stored row by row (dst[c + p NR], columns past the block
 * zero); dst holds kc * round_up(nc, NR) values. */
void nmfi_pack_b(nmf_trans tb, size_t kc, size_t nc,
                 const nmf_real *b, size_t ldb, size_t p0, size_t j0,
                 nmf_real *dst);

/* The packing buffers of one call: an MC x KC block of op(A) in panels
 * `height` tall and a KC x NC block of op(B), each at least what an
 * m x n x k product needs, 64-byte aligned, from this thread's cache
 * when they fit. Returns 0, or -1 (nothing held) when memory runs out.
 * Hand them back with nmfi_pack_release, never free(). */
int nmfi_pack_buffers(size_t height, size_t m, size_t n, size_t k,
                      nmf_real **apack, nmf_real **bpack);
/* The same for slices kc_block deep instead of KC. */
int nmfi_pack_buffers_kc(size_t height, size_t kc_block, size_t m, size_t n,
                         size_t k, nmf_real **apack, nmf_real **bpack);
/* Return both buffers to this thread's cache (NULL is ignored). */
void nmfi_pack_release(nmf_real *apack, nmf_real *bpack);

/* `count` values of 64-byte aligned scratch from the same cache (NULL when
 * out of memory); hand it back with nmfi_scratch_give_back, never free(). */
nmf_real *nmfi_scratch_take(size_t count);
void nmfi_scratch_give_back(nmf_real *p);

#endif
