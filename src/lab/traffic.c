/* traffic.c -- the formulas of traffic.h, each beside the loop that
 * makes it. */
#include <config.h>

#include "kernels/blocking.h"
#include "lab/traffic.h"

static double blocks(size_t total, size_t block)
{
    return block ? (double)((total + block - 1) / block) : 1.0;
}

double nmfi_gemm_bytes(nmfi_traffic traffic, size_t m, size_t n, size_t k)
{
    double M = (double)m, N = (double)n, K = (double)k;
    double llc = (double)nmfi_blocking_get()->l3 / sizeof(nmf_real);
    double elems;
    switch (traffic) {
    case NMFI_TRAFFIC_DOTS:
        /* i-j-p: row i of op(A) stays in cache over j, all of op(B) is
         * read again for every i unless it fits in the last-level cache,
         * C written once. */
        elems = M * K + (K * N <= llc ? 1.0 : M) * K * N + M * N;
        break;
    case NMFI_TRAFFIC_COLUMNS:
        /* j-p-i: column j of C stays in cache, all of op(A) streams by
         * for every j unless it fits in the last-level cache, op(B)
         * read once. */
        elems = (M * K <= llc ? 1.0 : N) * M * K + K * N + M * N;
        break;
    case NMFI_TRAFFIC_BLOCKED:
    default: {
        /* jc-pc-ic: op(A) once per NC-wide slab, each KC x NC block of
         * op(B) once, C written by the first KC slice and read and
         * written by every later one; an op(A) or a C that fits in the
         * last-level cache crosses once. */
        const nmfi_blocking *bk = nmfi_blocking_get();
        elems = M * K * (M * K <= llc ? 1.0 : blocks(n, bk->nc)) + K * N
              + M * N * (M * N <= llc ? 1.0 : 2.0 * blocks(k, bk->kc) - 1.0);
        break;
    }
    }
    return elems * sizeof(nmf_real);
}

const char *nmfi_gemm_bytes_formula(nmfi_traffic traffic)
{
    switch (traffic) {
    case NMFI_TRAFFIC_DOTS:
        return "s (mk + m kn + mn): op(B) again for every row of C "
               "(kn once if it fits in the last-level cache)";
    case NMFI_TRAFFIC_COLUMNS:
        return "s (n mk + kn + mn): op(A) again for every column of C "
               "(mk once if it fits in the last-level cache)";
    case NMFI_TRAFFIC_BLOCKED:
    default:
        return "s (mk ceil(n/NC) + kn + mn (2 ceil(k/KC) - 1)): blocks "
               "reused from cache (mk, mn once if they fit in it)";
    }
}

double nmfi_phase_bytes(nmf_profile_step step, size_t m, size_t n, size_t d,
                        double passes)
{
    double M = (double)m, N = (double)n, D = (double)d, elems;
    switch (step) {
    case NMF_STEP_WTA:      /* A once, W once, W'A written */
    case NMF_STEP_AHT:      /* A (or its copy) once, H once, AH' written */
        elems = M * N + M * D + D * N;
        break;
    case NMF_STEP_UPDATE_H: /* each pass reads H and W'A, writes H; W'W
                               and the tile of HH' stay in cache */
        elems = passes * 3.0 * D * N + D * D;
        break;
    case NMF_STEP_UPDATE_W: /* the same for W with AH' and HH' */
        elems = passes * 3.0 * M * D + D * D;
        break;
    case NMF_STEP_WTW:      /* W once, once per fit */
        elems = M * D + D * D;
        break;
    case NMF_STEP_COPY_A:   /* A read, A' written, once per fit */
        elems = 2.0 * M * N;
        break;
    default:                /* the error's few terms; the entrywise
                               loops, which this model does not cover */
        elems = 0.0;
        break;
    }
    return elems * sizeof(nmf_real);
}

const char *nmfi_phase_bytes_formula(nmf_profile_step step)
{
    switch (step) {
    case NMF_STEP_WTA:      return "s (mn + md + dn)";
    case NMF_STEP_AHT:      return "s (mn + md + dn)";
    case NMF_STEP_UPDATE_H: return "s (3dn passes + d^2)";
    case NMF_STEP_UPDATE_W: return "s (3md passes + d^2)";
    case NMF_STEP_WTW:      return "s (md + d^2), once";
    case NMF_STEP_COPY_A:   return "s 2mn, once";
    default:                return "not modelled";
    }
}
