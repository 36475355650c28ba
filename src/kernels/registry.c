/* registry.c -- the table of GEMM steps that tests, bench and CLI walk.
 * A step added here is tested against v0 by tests/check_gemm.c and timed
 * by bench/bench_gemm with no other change. */
#include <config.h>

#include <string.h>

#include "kernels/dispatch.h"
#include "kernels/gemm.h"

const nmfi_gemm_step nmfi_gemm_steps[] = {
    {"v0", 0, "naive: three loops, the reference", 0, nmfi_gemm_v0_naive,
     NMFI_TRAFFIC_DOTS},
    {"v1", 1, "loop order: unit-stride inner loop", 0, nmfi_gemm_v1_loops,
     NMFI_TRAFFIC_COLUMNS},
    {"v2", 2, "cache blocking NC/KC/MC, no packing", 0,
     nmfi_gemm_v2_blocked,
     NMFI_TRAFFIC_BLOCKED},
    {"v3", 3, "packed panels + MR x NR micro-kernel", 0,
     nmfi_gemm_v3_packed,
     NMFI_TRAFFIC_BLOCKED},
    {"v4", 4, "one slab of C per thread: no inner barriers", 1,
     nmfi_gemm_v4_omp,
     NMFI_TRAFFIC_BLOCKED},
    {"v5", 5, "a tile twice as tall: 12 accumulators on AVX-512", 1,
     nmfi_gemm_v5_wide,
     NMFI_TRAFFIC_BLOCKED},
    {"v6", 6, "an untransposed op(B) read where it lies: no copy of A", 1,
     nmfi_gemm_v6_inplace,
     NMFI_TRAFFIC_BLOCKED},
    {"v7", 7, "an untransposed op(A) read where it lies: no copy of A", 1,
     nmfi_gemm_v7_rows,
     NMFI_TRAFFIC_BLOCKED},
    {"v8", 8, "a small, deep C shared by depth: partials summed in order", 1,
     nmfi_gemm_v8_split,
     NMFI_TRAFFIC_BLOCKED},
    {"v9", 9, "op(A) packed once by the team, C's strips shared", 1,
     nmfi_gemm_v9_shared,
     NMFI_TRAFFIC_BLOCKED},
    {"v10", 10, "a small C from its operands in place: no packing, no "
     "partials", 1, nmfi_gemm_v10_gram,
     NMFI_TRAFFIC_BLOCKED},
    {"v11", 11, "v9 with C's strips stolen by idle threads: no waiting on a "
     "slow core", 1, nmfi_gemm_v11_steal,
     NMFI_TRAFFIC_BLOCKED},
};

const size_t nmfi_gemm_nsteps =
    sizeof nmfi_gemm_steps / sizeof nmfi_gemm_steps[0];

const nmfi_gemm_step nmfi_gemm_product = {
    "product", -1, "what nmf_gemm runs: the family the dispatcher picks", 1,
    nmfi_gemm, NMFI_TRAFFIC_BLOCKED};

const nmfi_gemm_step *nmfi_gemm_find(const char *name)
{
    if (strcmp(name, nmfi_gemm_product.name) == 0)
        return &nmfi_gemm_product;
    for (size_t s = 0; s < nmfi_gemm_nsteps; s++)
        if (strcmp(nmfi_gemm_steps[s].name, name) == 0)
            return &nmfi_gemm_steps[s];
    return NULL;
}
