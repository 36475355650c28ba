/* tiles.c -- the parallel tile loop with per-thread scratch (tiles.h). */
#include <config.h>

#include "core/error.h"
#include "core/steal.h"
#include "core/threads.h"
#include "kernels/pack.h"
#include "kernels/tiles.h"

/* Each thread's scratch starts on a cache line of its own. */
#define LINE_BYTES 64

nmf_status nmfi_for_tiles(size_t ntiles, size_t scratch_bytes, int parallel,
                          nmfi_tile_fn body, void *ctx)
{
    return nmfi_for_tiles_then(ntiles, scratch_bytes, parallel, body, NULL,
                               ctx);
}

nmf_status nmfi_for_tiles_then(size_t ntiles, size_t scratch_bytes,
                               int parallel, nmfi_tile_fn body,
                               nmfi_team_fn then, void *ctx)
{
    /* All threads' scratch in one block from this thread's cache, taken
     * before the team starts: if it fails no tile runs (never a half-done
     * update), and the team needs no barrier to agree on that. Per-thread
     * allocations cost a barrier and, above glibc's mmap threshold (d =
     * 128's H tiles), page faults on every call. */
    int team = parallel && ntiles > 1 && !nmfi_in_team()
                   ? nmfi_threads_max() : 1;
    size_t stride = (scratch_bytes + LINE_BYTES - 1) / LINE_BYTES
                    * LINE_BYTES / sizeof(nmf_real);
    nmf_real *scratch = nmfi_scratch_take((size_t)team * stride);
    if (!scratch)
        return nmfi_error(NMF_E_NOMEM, "out of memory for %zu bytes of"
                          " kernel scratch", scratch_bytes);
    nmfi_steal pool;
    nmfi_steal_init(&pool, ntiles, (size_t)team);
    #pragma omp parallel num_threads(team) if (team > 1)
    {
        nmf_real *mine = scratch + (size_t)nmfi_team_rank() * stride;
        size_t lo, hi;
        while (nmfi_steal_next(&pool, &lo, &hi))
            for (size_t t = lo; t < hi; t++)
                body(t, mine, ctx);
        if (then) {
            #pragma omp barrier
            then(ctx);
        }
    }
    nmfi_scratch_give_back(scratch);
    return NMF_OK;
}
