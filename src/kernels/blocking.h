/* blocking.h -- every tuned constant of the kernels, once, with the cache
 * and register arithmetic or the measurement that chose it: the tile
 * (MR, NR, MR_WIDE), the five blocking sizes, the nests' slice depths,
 * the team thresholds, the steal limit, the prefetch distance and the
 * fused updates' tiles. Steps, nests and families read them from here.
 *
 *   MR x NR  the tile of C the micro-kernel keeps in registers
 *   KC       depth of a packed panel (the inner dimension per slice)
 *   MC       rows of the packed A block,    NC  columns of the packed B block
 *
 * Target: AMD Zen 5 (32 zmm / 16 ymm registers; L1d 48 KB, L2 1 MB per core,
 * L3 32 MB per 8 cores), FMA latency 4 cycles on 2 pipes, so 8 independent
 * accumulators keep both pipes busy.  The cache-derived sizes are read from
 * the machine at run time; the rest were measured there (Zen 4 and 5).
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

/* Step 5's tile (ukr_packed.c): twice as tall, 2 zmm per column, so AVX-512
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
 * exact, only keep each block in its level.  KC is never past
 * NMFI_KC_MAX, so a chunk of the depth split (v8) is one slice of every
 * nest. */
#define NMFI_KC_MIN 64
#define NMFI_KC_MAX 512

typedef struct nmfi_blocking {
    size_t kc, mc, nc;
    /* The cache sizes (bytes) they were derived from, after fallbacks. */
    size_t l1d, l2, l3_share;
    size_t l3;     /* the whole L3 as reported, 0 if unknown (the lab's
                      bandwidth arrays and traffic model)                */
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

/* ---- Teams -------------------------------------------------------------
 * A team pays off only with several micro-tiles per thread and more than
 * about a megaflop: a thin slab repacks the whole shared operand for
 * little work (the 64 x 64 Gram matrices ran at 0.8-0.9x of one thread on
 * two, through v4), and one thread gives the same bits. */
#define NMFI_TEAM_MIN_FLOPS 1e6
#define NMFI_TEAM_TILES_PER_THREAD 8

/* The threads a product may use: 1 inside a team already (a fused
 * update's tile, a depth chunk), else the team's size. */
size_t nmfi_team_size(void);

/* Whether an m x n x k product whose C has `units` micro-tiles along the
 * side it is shared by is worth `threads` threads. */
int nmfi_team_pays(size_t m, size_t n, size_t k, size_t units,
                   size_t threads);

/* ---- op(B) read in place (v6's nest, the product's cols family) --------
 * Depth of a slice: whole columns of B when they are short. A B panel is
 * then NR long unit-stride streams the prefetcher follows (with KC = 256
 * they were 1 KB pieces restarting every panel: 0.97x of v5 on W'A at
 * n = 10000), and C is read and written once per 2048 of k instead of
 * per 256. The packed A block (64 x 1728 = 442 KB for W'A at d = 64)
 * stays in L2 while B streams through once ... */
#define NMFI_KC_COLS 2048
/* ... but never an A block past NMFI_COLS_A_BLOCK_BYTES, which L2 holds
 * next to the B streams: a deeper k is cut into the fewest equal slices
 * that keep the block within it. At d = 128 (block rows 128, at most
 * 1024 deep), GFLOP/s alone, three runs: W'A (k = 1728) whole 194-199 on
 * one thread, 377-387 on two; two slices of 864: 187-212, 388-418. H A'
 * (k = 10000; was cut 512 deep: 288-290 at 2048, 347 / 284 at 1024,
 * 372 / 356 at 512, 353 / 328 at 256 before the prefetch): ten slices of
 * 1000, 394-408 on two threads against 391-395 at 512. A square 2048^3
 * (512 block rows, 256 deep): 198-200 / 386-389 against 194-196 /
 * 380-383 whole. */
#define NMFI_COLS_A_BLOCK_BYTES (512 * 1024)

/* The slice depth of the cols nest for an m-row product k deep, from the
 * whole product (never a slab's share: the bits must not depend on how C
 * was shared). */
size_t nmfi_depth_cols(size_t m, size_t k);

/* ---- op(A) read in place (v7's nest, the product's rows family) --------
 * Only where op(B) is at most NMFI_ROWS_MAX_N wide: a square product
 * reuses each A panel n / NR times, which amortises packing, and its
 * in-place panel (lda apart, often a multiple of 4 KB) thrashes the cache
 * sets: 0.58x of v6 at 1024^3; d = 64 and 128 measured 1.02-1.08x and
 * 1.02-1.05x of v6 for A H' at n = 10000. */
#define NMFI_ROWS_MAX_N 128
/* Depth of a slice. The A panel (MR_WIDE rows x NMFI_KC_ROWS, 128 KB
 * float) lives in L2 while the n / NR tiles of its rows use it; C is read
 * and written once per slice. A H' at n = 10000, d = 64, % of peak on
 * 1 / 2 threads: 256: 66 / 64, 512: 69 / 67, 1024: 71 / 70, 2048: 67 /
 * 66, 4096: 46 / 44 (the panel no longer fits L2). */
#define NMFI_KC_ROWS 1024
/* ... but half that when the packed B block (slice x n) would pass
 * NMFI_ROWS_B_BLOCK_BYTES, so it shares L2 with the A panel: at d = 128
 * (512 KB at 1024 deep) 512 deep ran A H' at 336-342 GFLOP/s on 2 threads
 * against 325-326 (d = 64: the same either way). */
#define NMFI_ROWS_B_BLOCK_BYTES (256 * 1024)

/* The slice depth of the rows nest for a product n wide (the whole
 * product's n, never a slab's). */
size_t nmfi_depth_rows(size_t n);

/* How many steps of p ahead an A column read in place is prefetched into
 * L2 (and a quarter of that into L1, ukr_body.h). Zen 5, into L1 only,
 * A H' at n = 10000, GFLOP/s on 1 / 2 threads, three runs each: none
 * 137-148 / 266-295, 32 157-163 / 290-315, 64 135-162 / 263-315, 128
 * 133-137 / 255-268 (16 was no better than none). Zen 4, bench_mu
 * --low-memory at n = 10000, ms per iteration, d = 16 / d = 64 on 1
 * thread, two runs: into L1 32 on 15.9-16.1 / 49.3-50.7; into L2 64 on
 * 12.8-14.4 / 44.0-44.7; 128 on 13.3-14.5 / 46.7-49.6; L2 64 on and L1
 * 16 on 13.0-13.6 / 43.9-44.0, and on 2 threads 8.3-9.1 / 25.0-25.2
 * (L1 32 on) against 6.6-6.9 / 22.6 (both). */
#define NMFI_PREFETCH_AHEAD 64

/* ---- A small, deep C (v8's depth split, v10's gram nest) ---------------
 * C at most NMFI_SMALL_C_SIDE rows and columns counts as small: d = 128's
 * Gram matrices. The partials of a split stay small beside the product
 * (64 KB each, float), and a wider C has tiles enough to share and
 * rereads op(B) too often for the gram nest. */
#define NMFI_SMALL_C_SIDE 128
/* The depth split's chunks, at most this many (the partials of a 64 x 64
 * C are then 1 MB); a deeper product runs as one chunk. */
#define NMFI_SPLIT_MAX_CHUNKS 64
/* The gram nest's deepest slice. Within a slice a thread runs all its
 * tiles, so that part of the operands (a 32-row A panel, 128 KB float at
 * 1024 deep, and 64 columns of B) stays in L2 while the tiles reread it;
 * C is read and written once per slice. GFLOP/s on 1 / 2 threads, W'W at
 * m = 1728 and H H' at n = 10000 and 500, three runs: 256: 166-167 /
 * 178-221, 158-171 / 292-302, 198-200 / 279-290; 512: 166-171 / 264-282,
 * 170-182 / 286-298, 200-205 / 297-314; 1024: 168-173 / 301-309, 176-178
 * / 294-332, 198-201 / 302-312; 2048: 166-173 / 269-320, 148-164 /
 * 285-298, 192-204 / 297-311. */
#define NMFI_KC_GRAM 1024

/* ---- The team that packs op(A) once (v9, v11, the cols family) ---------
 * Steps of p per share of the packing: a W update tile's rows (half an
 * H update tile's columns), so the shares end where the tiles do. */
#define NMFI_SHARED_PACK_UNIT 128
/* C at least this wide is shared by columns around one packed op(A);
 * a narrower one has too few strips per thread. */
#define NMFI_SHARED_MIN_N 129
/* Column strips are stolen only while the packed op(A) takes at most
 * this many L3 shares: every piece reads all of it again. In cache that
 * costs nothing (W'A's 442 KB, and H A' at n = 10000 with 2.6 MB for
 * d = 64 and 5.1 MB for d = 128 ran 3-6 % faster than fixed shares on two
 * idle threads), but at 2048^3 (16 MB, from memory) 5-10 % slower. */
#define NMFI_STEAL_MAX_PACKED_L3 2

/* ---- The fused updates (update.c) --------------------------------------
 * An H tile of NMFI_UPDATE_COLS columns needs a d x NMFI_UPDATE_COLS
 * denominator (64 x 256 floats = 64 KiB for d = 64), a W tile of
 * NMFI_UPDATE_ROWS rows an NMFI_UPDATE_ROWS x d one; both are multiples
 * of MR_WIDE, so only the last tile has a fringe. 128 rows give
 * m = 1728 fourteen tiles, which two threads share evenly (256 gave
 * seven: 4 + 3). */
#define NMFI_UPDATE_COLS 256
#define NMFI_UPDATE_ROWS 128
/* Tiles are dealt to at most this many groups, each summing its tiles'
 * Gram partials in order (the count comes from the factor's size, never
 * the team's, so the bits do not depend on the thread count). */
#define NMFI_UPDATE_GROUPS_MAX 64
/* HALS sweeps an H tile transposed, its columns NMFI_UPDATE_COLS apart
 * plus this many values: 256 floats apart, the columns a sweep walks all
 * fell in 16 of L1's 64 sets and evicted each other (8 ways); one line
 * more spreads them (a 256 x 64 sweep: 49 -> 77 GFLOP/s on one Zen 4
 * core). */
#define NMFI_UPDATE_LD_PAD (64 / sizeof(nmf_real))

/* ---- The HALS sweep (hals_sweep.c) -------------------------------------
 * A block is LANES x GROUPS rows, one vector of LANES per group; the
 * unroll over the groups keeps the accumulators in registers (without it
 * gcc -O2 kept them on the stack and loaded and stored them every k, as
 * ukr_body.h explains). With SPLITS = 2 the sum over k runs as two chains
 * per vector, even and odd k: twice the FMAs in flight for the same rows
 * (AVX-512 has the registers). */
#define NMFI_HALS_LANES 16
#define NMFI_HALS_GROUPS 4
#define NMFI_HALS_SPLITS 2

/* ---- The exact residual (residual.c) -----------------------------------
 * RB rows x COLS columns: 16 x 4 doubles are 8 zmm accumulators for W H
 * (16 ymm on AVX2, which spills a little). A tile is TILE_COLS columns
 * of A; W is widened BLOCK_BYTES of double at a time (at least RB rows),
 * which L2 holds while the tile's column groups use it. */
#define NMFI_RESIDUAL_RB 16
#define NMFI_RESIDUAL_COLS 4
#define NMFI_RESIDUAL_TILE_COLS 64
#define NMFI_RESIDUAL_BLOCK_BYTES ((size_t)128 * 1024)

/* ---- The entrywise losses' tiles (nmf/entrywise.c) ---------------------
 * A tile of WH is p x nb, nb the largest multiple of 16 with p nb <= this
 * many values (at least 16, at most 256 columns): 256 KB of float, which
 * L2 holds beside the mask's tile while the tile's products read it. */
#define NMFI_ENTRYWISE_TILE_VALUES ((size_t)128 * 1024)
#define NMFI_ENTRYWISE_COLS_MIN 16
#define NMFI_ENTRYWISE_COLS_MAX 256

/* ---- KL over A's non-zeros (nmf/kl_entries.c) ---------------------------
 * That pass replaces the tiles' when at most this share of A is non-zero,
 * and d is at most D_MAX (its per-thread vectors live on the stack). */
#define NMFI_KL_ENTRIES_DENSITY 0.35
#define NMFI_KL_ENTRIES_D_MAX 1024

/* ---- Masked MU on the Gram path (nmf/missing.h) -------------------------
 * Up to this share of missing entries: 8 d f m n flops of corrections
 * beside 4 m n d against the tile pass's 12 m n d, at a lower rate. */
#define NMFI_MISSING_GRAM_SHARE 0.3

/* ---- The transpose of A (transpose.c) ----------------------------------
 * A block's side: 32 x 32 floats is 4 KB per matrix, both in L1. */
#define NMFI_TRANSPOSE_BLOCK 32

#endif
