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

/* One MR x kc panel of op(A): rows i0 .. i0+mr-1 (mr <= MR), columns
 * p0 .. p0+kc-1, stored column by column (dst[r + p MR]); rows mr..MR-1
 * are zero.  dst holds MR * kc values. */
void nmfi_pack_a_panel(nmf_trans ta, size_t mr, size_t kc,
                       const nmf_real *a, size_t lda, size_t i0, size_t p0,
                       nmf_real *dst);

/* One kc x NR panel of op(B): rows p0 .. p0+kc-1, columns j0 .. j0+nr-1
 * (nr <= NR), stored row by row (dst[c + p NR]); columns nr..NR-1 are
 * zero.  dst holds kc * NR values. */
void nmfi_pack_b_panel(nmf_trans tb, size_t kc, size_t nr,
                       const nmf_real *b, size_t ldb, size_t p0, size_t j0,
                       nmf_real *dst);

/* The whole mc x kc block of op(A) as ceil(mc / MR) consecutive panels;
 * dst holds round_up(mc, MR) * kc values. */
void nmfi_pack_a(nmf_trans ta, size_t mc, size_t kc,
                 const nmf_real *a, size_t lda, size_t i0, size_t p0,
                 nmf_real *dst);

/* The whole kc x nc block of op(B) as ceil(nc / NR) consecutive panels;
 * dst holds kc * round_up(nc, NR) values. */
void nmfi_pack_b(nmf_trans tb, size_t kc, size_t nc,
                 const nmf_real *b, size_t ldb, size_t p0, size_t j0,
                 nmf_real *dst);

/* The packing buffers of one call: an MC x KC block of op(A) and a KC x NC
 * block of op(B), each no bigger than an m x n x k product needs, 64-byte
 * aligned. Returns 0, or -1 (nothing allocated) when memory runs out. */
int nmfi_pack_buffers(size_t m, size_t n, size_t k, nmf_real **apack,
                      nmf_real **bpack);

#endif
