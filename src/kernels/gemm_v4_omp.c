/* gemm_v4_omp.c -- step 4: v3 on all cores, same answer on any number.
 *
 * One parallel region per call.  All threads walk v3's jc / pc / ic loops
 * together; they share the packing of each block (omp for over panels) and
 * then split the (jr, ir) tiles of the block between them.  A tile of C is
 * computed by one thread per pc slice, in the same pc order and by the same
 * kernel as in v3, so the result is bitwise identical to v3 whatever the
 * thread count.  Both loops are split at once because NMF's products are
 * thin in one direction or the other (64 x 10000 and 1728 x 64).
 * Bench: ./bench/bench_gemm --kernel v3,v4 --threads 1,2
 */
#include <config.h>

#include "core/alloc.h"
#include "core/threads.h"
#include "kernels/blocking.h"
#include "kernels/gemm.h"
#include "kernels/pack.h"
#include "kernels/ukr.h"

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

void nmfi_gemm_v4_omp(nmf_trans ta, nmf_trans tb, size_t m, size_t n,
                      size_t k, const nmf_real *a, size_t lda,
                      const nmf_real *b, size_t ldb, nmf_real beta,
                      nmf_real *c, size_t ldc)
{
    /* With one thread, or under about a megaflop (microseconds of work),
     * v3 gives the same bits without the team: libgomp makes a futex call
     * at every barrier even for a team of one (64 x 64 x 10000 took 20%
     * longer through the parallel region on one thread). */
    if (nmfi_threads_max() == 1 ||
        2.0 * (double)m * (double)n * (double)k < 1e6) {
        nmfi_gemm_v3_packed(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
        return;
    }

    /* Shared buffers, one block each, allocated before the threads start. */
    nmf_real *apack, *bpack;
    if (nmfi_pack_buffers(m, n, k, &apack, &bpack) != 0) {
        nmfi_gemm_v2_blocked(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
        return;
    }

#pragma omp parallel
    {
        /* jc: NC columns of C; the packed KC x NC block of op(B) in L3. */
        for (size_t jc = 0; jc < n; jc += NC) {
            size_t nc = min_size(NC, n - jc);
            size_t njr = (nc + NR - 1) / NR;
            /* pc: KC of the inner dimension; beta on the first slice only,
             * as in v3. */
            for (size_t pc = 0; pc < k; pc += KC) {
                size_t kc = min_size(KC, k - pc);
                nmf_real beta_p = pc == 0 ? beta : 1;
                /* Pack op(B) together, one NR panel per iteration.  The
                 * barrier at the end of the loop publishes the block. */
#pragma omp for schedule(static)
                for (size_t jp = 0; jp < njr; jp++) {
                    size_t jr = jp * NR;
                    nmfi_pack_b_panel(tb, kc, min_size(NR, nc - jr), b, ldb,
                                      pc, jc + jr, bpack + jr * kc);
                }
                /* ic: MC rows; the packed MC x KC block of op(A) in L2. */
                for (size_t ic = 0; ic < m; ic += MC) {
                    size_t mc = min_size(MC, m - ic);
                    size_t nir = (mc + MR - 1) / MR;
#pragma omp for schedule(static)
                    for (size_t ip = 0; ip < nir; ip++) {
                        size_t ir = ip * MR;
                        nmfi_pack_a_panel(ta, min_size(MR, mc - ir), kc, a,
                                          lda, ic + ir, pc, apack + ir * kc);
                    }
                    /* jr x ir: each thread takes a run of tiles, jr-major
                     * so its B panel stays in L1 across consecutive ir.
                     * The barrier at the end keeps the next ic (or pc)
                     * from repacking panels another thread still reads. */
#pragma omp for collapse(2) schedule(static)
                    for (size_t jp = 0; jp < njr; jp++) {
                        for (size_t ip = 0; ip < nir; ip++) {
                            size_t jr = jp * NR, ir = ip * MR;
                            nmfi_ukr_tile(min_size(MR, mc - ir),
                                          min_size(NR, nc - jr), kc,
                                          apack + ir * kc, bpack + jr * kc,
                                          beta_p,
                                          c + (ic + ir) + (jc + jr) * ldc,
                                          ldc);
                        }
                    }
                }
            }
        }
    }

    nmfi_aligned_free(apack);
    nmfi_aligned_free(bpack);
}
