/* nndsvd.c -- the non-negative double SVD starts of Boutsidis &
 * Gallopoulos (2008), "SVD based initialization: A head start for
 * nonnegative matrix factorization", Pattern Recognition 41(4).
 *
 * Each leading singular triplet (s_j, u_j, v_j) of A (nmf/rsvd.c) is a
 * rank-one piece s_j u_j v_j' with signs. Its non-negative parts split it
 * as u = u+ - u-, v = v+ - v-, and u_j v_j' = (u+ v+' + u- v-') - (...),
 * so the larger of the two non-negative rank-one terms, by ||u+|| ||v+||
 * against ||u-|| ||v-||, is kept, scaled to carry s_j:
 *
 *   w_j = sqrt(s_j m_j) u / ||u||,  h_j = sqrt(s_j m_j) v / ||v||
 *
 * (the first triplet of a non-negative A is one-signed, Perron-Frobenius,
 * so it enters as sqrt(s_1) |u_1|, sqrt(s_1) |v_1|). Entries that no
 * term reaches stay zero (nndsvd), which multiplicative updates can never
 * leave, or are filled with mean(A) (nndsvda) or with U(0, mean(A)/100)
 * (nndsvdar, the paper's random variant), so that every solver can move
 * them. A triplet past A's numerical rank leaves its w_j, h_j to that
 * filling.
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>

#include "core/error.h"
#include "core/matrix.h"
#include "core/rng.h"
#include "kernels/reduce.h"
#include "nmf/nndsvd.h"
#include "nmf/rsvd.h"

/* ||max(x, 0)|| and ||max(-x, 0)|| of a vector in double. */
static void part_norms(const double *x, size_t len, double *pos, double *neg)
{
    double p = 0, q = 0;
    for (size_t i = 0; i < len; i++) {
        if (x[i] > 0)
            p += x[i] * x[i];
        else
            q += x[i] * x[i];
    }
    *pos = sqrt(p);
    *neg = sqrt(q);
}

/* out[i * stride] = scale * max(sign * x[i], 0), as nmf_real. */
static void store_part(const double *x, size_t len, double sign,
                       double scale, nmf_real *out, size_t stride)
{
    for (size_t i = 0; i < len; i++) {
        double v = sign * x[i];
        out[i * stride] = (nmf_real)(v > 0 ? scale * v : 0.0);
    }
}

/* x's zero entries set to mean (nndsvda) or U(0, mean/100) (nndsvdar),
 * column by column. */
static void fill_zeros(nmf_matrix *x, nmf_init init, double mean,
                       nmfi_rng *rng)
{
    for (size_t j = 0; j < x->cols; j++)
        for (size_t i = 0; i < x->rows; i++)
            if (NMFI_AT(x, i, j) == 0)
                NMFI_AT(x, i, j) = (nmf_real)(
                    init == NMF_INIT_NNDSVDA
                        ? mean : nmfi_rng_uniform(rng) * mean / 100);
}

nmf_status nmfi_init_nndsvd(const nmf_matrix *a, double mean_a,
                            nmf_init init, uint64_t seed, nmf_matrix *w,
                            nmf_matrix *h)
{
    size_t m = a->rows, n = a->cols, d = w->cols;
    if (w->rows != m || h->rows != d || h->cols != n)
        return nmfi_error(NMF_E_INVAL, "nndsvd: W %zu x %zu and H %zu x %zu"
                          " do not fit A %zu x %zu", w->rows, w->cols,
                          h->rows, h->cols, m, n);
    if (init != NMF_INIT_NNDSVD && init != NMF_INIT_NNDSVDA
        && init != NMF_INIT_NNDSVDAR)
        return nmfi_error(NMF_E_INVAL, "nndsvd: start %d is not an NNDSVD"
                          " variant", (int)init);
    /* A has at most min(m, n) triplets; the columns past them are left to
     * the filling like those of a zero singular value. */
    size_t k = d < m ? d : m;
    k = k < n ? k : n;
    double *s = malloc(k * sizeof *s);
    double *u = malloc(m * k * sizeof *u), *v = malloc(n * k * sizeof *v);
    if (!s || !u || !v) {
        free(s);
        free(u);
        free(v);
        return nmfi_error(NMF_E_NOMEM, "nndsvd: out of memory for %zu"
                          " singular vectors", k);
    }
    nmf_status st = nmfi_rsvd(a, k, seed, s, u, v);
    /* Triplets below the numerical rank (nmf_numerical_rank's rule) are
     * rounding: an A of lower rank leaves them to the fill, whatever
     * digits the products left in them. */
    size_t rank = st == NMF_OK ? nmf_numerical_rank(s, k, m, n) : 0;
    for (size_t j = 0; st == NMF_OK && j < d; j++) {
        nmf_real *wj = &NMFI_AT(w, 0, j), *hj = &NMFI_AT(h, j, 0);
        for (size_t i = 0; i < m; i++)
            wj[i] = 0;
        for (size_t i = 0; i < n; i++)
            hj[i * h->ld] = 0;
        if (j >= rank)
            continue;
        const double *uj = u + j * m, *vj = v + j * n;
        if (j == 0) {
            double r = sqrt(s[0]);
            for (size_t i = 0; i < m; i++)
                wj[i] = (nmf_real)(r * fabs(uj[i]));
            for (size_t i = 0; i < n; i++)
                hj[i * h->ld] = (nmf_real)(r * fabs(vj[i]));
            continue;
        }
        double up, un, vp, vn;
        part_norms(uj, m, &up, &un);
        part_norms(vj, n, &vp, &vn);
        double mp = up * vp, mn = un * vn;
        if (mp >= mn && mp > 0) {
            double r = sqrt(s[j] * mp);
            store_part(uj, m, 1, r / up, wj, 1);
            store_part(vj, n, 1, r / vp, hj, h->ld);
        } else if (mn > 0) {
            double r = sqrt(s[j] * mn);
            store_part(uj, m, -1, r / un, wj, 1);
            store_part(vj, n, -1, r / vn, hj, h->ld);
        }
    }
    free(s);
    free(u);
    free(v);
    if (st != NMF_OK || init == NMF_INIT_NNDSVD)
        return st;

    /* Fill the zeros: W column by column, then H, from one stream. */
    nmfi_rng rng;
    nmfi_rng_seed(&rng, seed + 1);
    fill_zeros(w, init, mean_a, &rng);
    fill_zeros(h, init, mean_a, &rng);
    return NMF_OK;
}

nmf_status nmf_init_nndsvd(const nmf_matrix *a, nmf_init init, uint64_t seed,
                           nmf_matrix *w, nmf_matrix *h)
{
    double mean = nmfi_sum_matrix(a->rows, a->cols, a->data, a->ld)
                  / ((double)a->rows * (double)a->cols);
    return nmfi_init_nndsvd(a, mean, init, seed, w, h);
}
