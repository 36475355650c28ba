/* blocking.h -- the five blocking sizes of the packed GEMM, with the cache
 * and register arithmetic that chose them.
 *
 *   MR x NR  the tile of C the micro-kernel keeps in registers
 *   KC       depth of a packed panel (the inner dimension per slice)
 *   MC       rows of the packed A block,    NC  columns of the packed B block
 *
 * Target: AMD Zen 5 (32 zmm / 16 ymm registers; L1d 48 KB, L2 1 MB per core,
 * L3 32 MB per 8 cores), FMA latency 4 cycles on 2 pipes, so 8 independent
 * accumulators keep both pipes busy.  Compile-time constants for now; they
 * read as bytes, so another machine scales them from its cache sizes.
 */
#ifndef NMFI_BLOCKING_H
#define NMFI_BLOCKING_H

#include "nmfkit.h"

/* Registers.  One MR-long column of the tile is 64 bytes: one zmm on
 * AVX-512, two ymm on AVX2.
 *   AVX2:    2 NR = 12 accumulators + 2 for the A column + 1 broadcast of
 *            b(p, c) = 15 of 16 ymm.  NR = 7 or 8 spills: their AVX2
 *            code ran at 62 and 69 GFLOP/s float against 110 for NR = 6.
 *   AVX-512: NR = 6 accumulators + 1 A column, b(p, c) broadcast from
 *            memory inside the FMA = 7 of 32 zmm.  Only 6 of the 8 FMAs
 *            in flight that hide latency: the kernel tops out at 6/8 of
 *            peak (measured 163 of 226 GFLOP/s float).  A 32 x 6 tile
 *            would reach 213, but spills badly on AVX2 (33 GFLOP/s), and
 *            the clones share one MR x NR because they share the packing.
 */
#if NMF_REAL_IS_DOUBLE
#define MR 8
#else
#define MR 16
#endif
#define NR 6

/* Step 5's tile (ukr_wide.c): twice as tall, 2 zmm per column, so AVX-512
 * keeps 12 accumulators: 12 + 2 for the A column = 14 of 32 zmm. AVX2 runs
 * it as two MR-row halves. MC stays a multiple of it. The wide A panel and
 * the B panel take float (32 + 6) x 256 x 4 = 38 KB of the 48 KB L1d. */
#define MR_WIDE (2 * MR)

/* Caches, all in bytes so float and double block the same memory, read
 * from the machine at run time (blocking.c) rather than fixed here:
 *   KC: the MR x KC A panel and the KC x NR B panel sit in L1 together,
 *       at most 3/5 of it (the rest holds the C tile and the incoming
 *       lines), KC a power of two: on 48 KB, float (16 + 6) x 256 x 4 =
 *       22.5 KB, double (8 + 6) x 256 x 8 = 28 KB.
 *   MC: the MC x KC packed A block fills half of L2, so it stays there
 *       while B panels stream through; a multiple of MR_WIDE.  1 MB L2:
 *       float 512 x 256 x 4, double 256 x 256 x 8 = 512 KB.
 *   NC: the KC x NC packed B block is one core's share of L3; a multiple
 *       of NR.  A 32 MB L3 for 8 cores: float 256 x 4092 x 4, double
 *       256 x 2046 x 8 = 4 MB.
 * Halving or doubling KC and MC moved the 1024^3 and MU timings by less
 * than the run-to-run noise (a few percent), so the rules need not be
 * exact, only keep each block in its level.  The steps that read an
 * operand in place (v6, v7) choose their own slice depths, measured. */
typedef struct nmfi_blocking {
    size_t kc, mc, nc;
    /* The cache sizes (bytes) they were derived from, after fallbacks. */
    size_t l1d, l2, l3_share;
} nmfi_blocking;

/* The blocking for an L1d, an L2 and an L3 of these sizes (bytes) shared
 * by `cpus` CPUs; 0 means unknown. Unknown sizes fall back to Zen 5's
 * (48 KB, 1 MB, 4 MB per core), and the L3 share is kept between one and
 * four L2s: a virtual machine may report a whole socket's L3 (512 MB for
 * two vCPUs here). */
nmfi_blocking nmfi_blocking_for(size_t l1d, size_t l2, size_t l3,
                                size_t cpus);

/* This machine's blocking, read once from sysconf. */
const nmfi_blocking *nmfi_blocking_get(void);

#endif
