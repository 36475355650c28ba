/* tiles.c -- the parallel tile loop with per-thread scratch (tiles.h). */
#include <config.h>

#include "core/alloc.h"
#include "core/error.h"
#include "kernels/tiles.h"

nmf_status nmfi_for_tiles(size_t ntiles, size_t scratch_bytes, int parallel,
                          nmfi_tile_fn body, void *ctx)
{
    int failed = 0;
    #pragma omp parallel if (parallel && ntiles > 1)
    {
        void *scratch = nmfi_aligned_alloc(scratch_bytes, 1);
        if (!scratch) {
            #pragma omp atomic write
            failed = 1;
        }
        /* Every thread must see every allocation succeed before any tile
         * is touched, or some tiles would be updated and others not. */
        #pragma omp barrier
        if (!failed) {
            #pragma omp for schedule(static)
            for (size_t t = 0; t < ntiles; t++)
                body(t, scratch, ctx);
        }
        nmfi_aligned_free(scratch);
    }
    return failed ? nmfi_error(NMF_E_NOMEM, "out of memory for %zu bytes of"
                               " kernel scratch", scratch_bytes)
                  : NMF_OK;
}
