/* tiles.h -- run a kernel over independent tiles on the OpenMP team, each
 * thread with its own scratch buffer.
 *
 * A tile is a unit of work with a single owner; which thread runs it never
 * changes what it computes, so kernels built on this give the same bits for
 * any thread count. The fused MU updates and the residual use it. */
#ifndef NMFI_TILES_H
#define NMFI_TILES_H

#include <stddef.h>

#include "nmfkit.h"

typedef void (*nmfi_tile_fn)(size_t tile, void *scratch, void *ctx);

/* body(t, scratch, ctx) for t = 0 .. ntiles-1, on the team when `parallel`
 * is non-zero (and not already inside a team), else on the calling thread.
 * Each thread takes runs of tiles from its own share, in order, and steals
 * from the others' shares when it is done (core/steal.h). Each thread
 * gets scratch_bytes of 64-byte aligned scratch; if it cannot be had no
 * tile runs and NMF_E_NOMEM is returned (never a half-done update). */
nmf_status nmfi_for_tiles(size_t ntiles, size_t scratch_bytes, int parallel,
                          nmfi_tile_fn body, void *ctx);

/* The same, then then(ctx) on every member of the same team once all the
 * tiles are done (on the calling thread alone without a team): a step
 * that needs every tile, shared with nmfi_team_share, costs a barrier
 * instead of a team of its own (3.8 us against 1.7 on this VM). */
typedef void (*nmfi_team_fn)(void *ctx);
nmf_status nmfi_for_tiles_then(size_t ntiles, size_t scratch_bytes,
                               int parallel, nmfi_tile_fn body,
                               nmfi_team_fn then, void *ctx);

#endif
