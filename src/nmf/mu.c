/* mu.c -- nmf_mu, the Lee-Seung multiplicative updates as the reference
 * algorithm states them:
 *
 *   W0, H0 ~ U(0,1) * sqrt(mean(A)/d)
 *   for k = 1 .. maxiter
 *       H <- H .* (W'A) ./ (W'W H + delta)
 *       W <- W .* (A H') ./ (W H H' + delta)
 *       history[k] = ||A - W H||_F
 *
 * It is nmf_fit with the MU rule (fit.c runs the loop for every solver),
 * kept for callers that want W, H and a plain history array; and the
 * exact residual that checks any fit.
 */
#include <config.h>

#include <math.h>

#include "core/error.h"
#include "core/matrix.h"
#include "kernels/residual.h"

nmf_status nmf_mu(const nmf_matrix *a, const nmf_options *opt,
                  nmf_matrix **w_out, nmf_matrix **h_out, double *history)
{
    nmf_options mu = *opt;
    mu.solver = NMF_SOLVER_MU;
    nmf_result r;
    nmf_status s = nmf_fit(a, &mu, &r);
    if (s != NMF_OK)
        return s;
    if (history)
        for (int k = 0; k < opt->max_iter; k++)
            history[k] = k < r.iterations ? r.error[k] : NAN;
    *w_out = r.w;
    *h_out = r.h;
    r.w = r.h = NULL;
    nmf_result_free(&r);
    return NMF_OK;
}

double nmf_residual_norm(const nmf_matrix *a, const nmf_matrix *w,
                         const nmf_matrix *h)
{
    if (w->rows != a->rows || h->cols != a->cols || w->cols != h->rows) {
        nmfi_error(NMF_E_INVAL, "residual: A %zu x %zu, W %zu x %zu and"
                   " H %zu x %zu do not match", a->rows, a->cols, w->rows,
                   w->cols, h->rows, h->cols);
        return NAN;
    }
    double r2;
    if (nmfi_residual_sq(a->rows, a->cols, w->cols, a->data, a->ld, w->data,
                         w->ld, h->data, h->ld, &r2) != NMF_OK)
        return NAN;
    return sqrt(r2);
}
