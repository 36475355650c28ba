/* entrywise.c -- the tile pass of the KL and masked losses (entrywise.h).
 *
 * A tile's scratch is its slice of P = U V (p x nb, which the rule then
 * turns into the quotient, the masked product or the residual in place)
 * and two d x nb tiles for the numerator and the denominator. Every
 * product goes through the dispatcher's tile entry on the calling thread:
 * the tiles are the parallel loop.
 *
 * The KL loss needs log P^ for every entry a > 0 of A, each iteration:
 * nmfi_log_block (nmf/log_fast.h), a column at a time, into a column of
 * scratch after the tile's three.
 */
#include <config.h>

#include <math.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "kernels/blocking.h"
#include "kernels/dispatch.h"
#include "kernels/isa.h"
#include "kernels/tiles.h"
#include "nmf/entrywise.h"

#include "nmf/log_fast.h"

/* KL: P's tile becomes X ./ P^ and the tile's loss is returned: an entry
 * x > 0 adds p^ - x log p^ (p^ >= delta keeps the log finite), x = 0 adds
 * p (0 log 0 = 0), a missing entry nothing. */
NMFI_CLONES
static double kl_quotient(size_t p, size_t jb, nmf_real *pt, size_t ldp,
                          const nmf_real *x, size_t ldx, const nmf_real *m,
                          size_t ldm, nmf_real delta, nmf_real *lg)
{
    /* Each column's terms summed in nmf_real, the columns in double. */
    double sum = 0.0;
    for (size_t j = 0; j < jb; j++) {
        nmf_real *pj = pt + j * ldp;
        const nmf_real *xj = x + j * ldx;
        const nmf_real *mj = m ? m + j * ldm : NULL;
        #pragma omp simd
        for (size_t i = 0; i < p; i++)
            lg[i] = pj[i] > delta ? pj[i] : delta;
        nmfi_log_block(lg, lg, p);
        nmf_real cs = 0;
        if (mj) {
            #pragma omp simd reduction(+:cs)
            for (size_t i = 0; i < p; i++) {
                nmf_real pv = pj[i], ph = pv > delta ? pv : delta;
                nmf_real t = xj[i] > 0 ? ph - xj[i] * lg[i] : pv;
                cs += mj[i] * t;
                pj[i] = xj[i] / ph;
            }
        } else {
            #pragma omp simd reduction(+:cs)
            for (size_t i = 0; i < p; i++) {
                nmf_real pv = pj[i], ph = pv > delta ? pv : delta;
                cs += xj[i] > 0 ? ph - xj[i] * lg[i] : pv;
                pj[i] = xj[i] / ph;
            }
        }
        sum += (double)cs;
    }
    return sum;
}

/* Masked Frobenius: P's tile becomes M .* P (MU) or the residual
 * M .* (X - P) (HALS); returns sum M (X - P)^2. */
NMFI_CLONES
static double masked_tile(size_t p, size_t jb, nmf_real *pt, size_t ldp,
                          const nmf_real *x, size_t ldx, const nmf_real *m,
                          size_t ldm, int residual)
{
    double sum = 0.0;
    for (size_t j = 0; j < jb; j++) {
        nmf_real *pj = pt + j * ldp;
        const nmf_real *xj = x + j * ldx, *mj = m + j * ldm;
        #pragma omp simd reduction(+:sum)
        for (size_t i = 0; i < p; i++) {
            nmf_real r = mj[i] * (xj[i] - pj[i]);
            sum += (double)r * (double)r;
            pj[i] = residual ? r : mj[i] * pj[i];
        }
    }
    return sum;
}

/* MU's step on a tile: out = v .* num ./ (den + l1 + l2 v + delta). */
static void mu_step(size_t d, size_t jb, const nmf_real *v, size_t ldv,
                    const nmf_real *num, const nmf_real *den,
                    nmf_real *out, size_t ldout, nmf_real shift,
                    nmf_real l2)
{
    for (size_t j = 0; j < jb; j++) {
        const nmf_real *vj = v + j * ldv, *nj = num + j * d;
        const nmf_real *dj = den + j * d;
        nmf_real *oj = out + j * ldout;
        #pragma omp simd
        for (size_t k = 0; k < d; k++)
            oj[k] = vj[k] * nj[k] / (dj[k] + shift + l2 * vj[k]);
    }
}

/* HALS on a tile with missing entries: R (p x jb) is M .* (X - U V_t)
 * on entry and kept so as each coordinate moves. A coordinate whose
 * curvature s = (u_k.^2)'m is no more than its column's observed entries
 * at twice the floor would give (u_k dead on them: all at the floor) is
 * left as it is, as hals_sweep.h leaves one with s = 0: solving against
 * floor^2 put W's entries at 1e9 within five iterations once a row of H
 * had reached its floor (200 x 300, rank 8, 20 % missing). `seen`
 * (jb) is scratch for the columns' observed counts. */
NMFI_CLONES
static void hals_masked(const nmfi_pass *ps, size_t jb, nmf_real *r,
                        size_t ldr, const nmf_real *m, nmf_real *out,
                        nmf_real *seen)
{
    size_t p = ps->p, d = ps->d;
    nmf_real dead = 4 * ps->floor * ps->floor;
    for (size_t j = 0; j < jb; j++) {
        const nmf_real *mj = m + j * ps->ldm;
        nmf_real c = 0;
        #pragma omp simd reduction(+:c)
        for (size_t i = 0; i < p; i++)
            c += mj[i];
        seen[j] = c * dead;
    }
    for (size_t k = 0; k < d; k++) {
        const nmf_real *uk = ps->u + k * ps->ldu;
        for (size_t j = 0; j < jb; j++) {
            nmf_real *rj = r + j * ldr;
            const nmf_real *mj = m + j * ps->ldm;
            nmf_real g = 0, s = 0;
            #pragma omp simd reduction(+:g, s)
            for (size_t i = 0; i < p; i++) {
                g += uk[i] * rj[i];
                s += mj[i] * uk[i] * uk[i];
            }
            nmf_real *vk = out + k + j * ps->ldout, vo = *vk;
            nmf_real den = s + ps->l2;
            if (!(den > 0) || (ps->l2 == 0 && s <= seen[j]))
                continue;   /* u_k is dead on this column's entries */
            nmf_real vn = vo + (g - ps->l1 - ps->l2 * vo) / den;
            vn = vn > ps->floor ? vn : ps->floor;
            nmf_real dv = vn - vo;
            *vk = vn;
            if (dv != 0) {
                #pragma omp simd
                for (size_t i = 0; i < p; i++)
                    rj[i] -= mj[i] * uk[i] * dv;
            }
        }
    }
}

typedef struct tiling {
    const nmfi_pass *ps;
    size_t nb, ldp;
    double *sums;
} tiling;

static void pass_tile(size_t t, void *scratch, void *ctx)
{
    const tiling *tc = ctx;
    const nmfi_pass *ps = tc->ps;
    size_t p = ps->p, d = ps->d, ldp = tc->ldp;
    size_t j0 = t * tc->nb, jb = ps->q - j0 < tc->nb ? ps->q - j0 : tc->nb;
    nmf_real *pt = scratch, *num = pt + ldp * tc->nb, *den = num + d * tc->nb;
    nmf_real *lg = den + d * tc->nb;
    const nmf_real *xt = ps->x + j0 * ps->ldx;
    const nmf_real *mt = ps->mask ? ps->mask + j0 * ps->ldm : NULL;
    const nmf_real *vt = ps->v + j0 * ps->ldv;
    nmf_real *ot = ps->out + j0 * ps->ldout;

    nmfi_gemm_tile(NMF_NOTRANS, NMF_NOTRANS, p, jb, d, ps->u, ps->ldu, vt,
                   ps->ldv, 0, pt, ldp);
    if (ps->hals) {
        tc->sums[t] = masked_tile(p, jb, pt, ldp, xt, ps->ldx, mt, ps->ldm,
                                  1);
        for (size_t j = 0; j < jb; j++)
            memcpy(ot + j * ps->ldout, vt + j * ps->ldv, d * sizeof *ot);
        hals_masked(ps, jb, pt, ldp, mt, ot, lg);
        return;
    }
    if (ps->loss == NMF_LOSS_KL) {
        tc->sums[t] = kl_quotient(p, jb, pt, ldp, xt, ps->ldx, mt, ps->ldm,
                                  ps->delta, lg);
        nmfi_gemm_tile(NMF_TRANS, NMF_NOTRANS, d, jb, p, ps->u, ps->ldu, pt,
                       ldp, 0, num, d);
        if (mt)
            nmfi_gemm_tile(NMF_TRANS, NMF_NOTRANS, d, jb, p, ps->u, ps->ldu,
                           mt, ps->ldm, 0, den, d);
        else
            for (size_t j = 0; j < jb; j++)
                memcpy(den + j * d, ps->colsum_u, d * sizeof *den);
    } else {
        tc->sums[t] = masked_tile(p, jb, pt, ldp, xt, ps->ldx, mt, ps->ldm,
                                  0);
        nmfi_gemm_tile(NMF_TRANS, NMF_NOTRANS, d, jb, p, ps->u, ps->ldu, xt,
                       ps->ldx, 0, num, d);
        nmfi_gemm_tile(NMF_TRANS, NMF_NOTRANS, d, jb, p, ps->u, ps->ldu, pt,
                       ldp, 0, den, d);
    }
    mu_step(d, jb, vt, ps->ldv, num, den, ot, ps->ldout, ps->l1 + ps->delta,
            ps->l2);
}

static size_t tile_cols(size_t p)
{
    size_t nb = NMFI_ENTRYWISE_TILE_VALUES / (p ? p : 1) / 16 * 16;
    if (nb < NMFI_ENTRYWISE_COLS_MIN)
        nb = NMFI_ENTRYWISE_COLS_MIN;
    return nb > NMFI_ENTRYWISE_COLS_MAX ? NMFI_ENTRYWISE_COLS_MAX : nb;
}

nmf_status nmfi_pass_run(const nmfi_pass *ps, double *loss)
{
    if (ps->hals && (!ps->mask || ps->loss != NMF_LOSS_FROBENIUS))
        return nmfi_error(NMF_E_INTERNAL, "the tile pass's HALS needs a"
                          " mask and the Frobenius loss");
    if (ps->loss == NMF_LOSS_FROBENIUS && !ps->mask)
        return nmfi_error(NMF_E_INTERNAL, "the tile pass has nothing to"
                          " do without a mask");
    tiling tc = {ps, tile_cols(ps->p), nmfi_round_up_elems(ps->p,
                                                           sizeof(nmf_real)),
                 ps->sums};
    size_t tiles = (ps->q + tc.nb - 1) / tc.nb;   /* <= q: sums holds them */
    size_t scratch = nmfi_pass_scratch(ps->p, ps->d);
    double work = (double)ps->p * (double)ps->q * (double)ps->d;
    nmf_status s = nmfi_for_tiles(tiles, scratch, work > 1e6, pass_tile,
                                  &tc);
    double total = 0.0;
    for (size_t t = 0; s == NMF_OK && t < tiles; t++)
        total += tc.sums[t];
    *loss = total;
    return s;
}

size_t nmfi_pass_scratch(size_t p, size_t d)
{
    /* The tile, its numerator and denominator, then a column of logs
     * (KL) or the columns' observed counts (HALS). */
    size_t nb = tile_cols(p), ldp = nmfi_round_up_elems(p, sizeof(nmf_real));
    size_t extra = ldp > nb ? ldp : nb;
    return ((ldp + 2 * d) * nb + extra) * sizeof(nmf_real);
}

double nmfi_pass_flops(const nmfi_pass *ps)
{
    double pqd = 2.0 * (double)ps->p * (double)ps->q * (double)ps->d;
    if (ps->hals)
        return 4.0 * pqd;   /* U V_t; u_k'R, (u_k.^2)'M, R's update */
    int den_gemm = ps->mask != NULL;
    return (2.0 + den_gemm) * pqd;
}
