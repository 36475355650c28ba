/* select.c -- rank selection by held-out entries (select.h). */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/matrix.h"
#include "core/rng.h"
#include "study/select.h"

void nmfi_select_result_free(nmfi_select_result *r)
{
    free(r->d);
    free(r->heldout);
    free(r->heldout_sd);
    free(r->train);
    free(r->per_fold);
    memset(r, 0, sizeof *r);
}

/* Fold f's training mask: the observed entries, each hidden with
 * probability `share` from the fold's own stream. */
static nmf_matrix *fold_mask(const nmf_matrix *a, const nmf_matrix *mask,
                             double share, uint64_t seed)
{
    nmf_matrix *t = nmf_matrix_new(a->rows, a->cols);
    if (!t)
        return NULL;
    nmfi_rng rng;
    nmfi_rng_seed(&rng, seed);
    for (size_t j = 0; j < a->cols; j++)
        for (size_t i = 0; i < a->rows; i++) {
            double u = nmfi_rng_uniform(&rng);
            int seen = !mask || NMFI_AT(mask, i, j) != 0;
            NMFI_AT(t, i, j) = seen && u >= share ? 1 : 0;
        }
    return t;
}

/* RMSE of W H against A over the entries where `train` is `want` (and
 * the original mask says observed). */
static double rmse(const nmf_matrix *a, const nmf_matrix *mask,
                   const nmf_matrix *train, int want, const nmf_matrix *w,
                   const nmf_matrix *h)
{
    double sum = 0, count = 0;
    size_t d = w->cols;
    #pragma omp parallel for schedule(static) reduction(+:sum, count)
    for (size_t j = 0; j < a->cols; j++)
        for (size_t i = 0; i < a->rows; i++) {
            if ((NMFI_AT(train, i, j) != 0) != want)
                continue;
            if (mask && NMFI_AT(mask, i, j) == 0)
                continue;
            double p = 0;
            for (size_t k = 0; k < d; k++)
                p += (double)NMFI_AT(w, i, k) * NMFI_AT(h, k, j);
            double e = NMFI_AT(a, i, j) - p;
            sum += e * e;
            count += 1;
        }
    return count > 0 ? sqrt(sum / count) : NAN;
}

static nmf_status check(const nmf_matrix *a, const nmfi_select_params *p)
{
    if (p->d_lo < 1 || p->d_hi < p->d_lo || p->d_step < 1)
        return nmfi_error(NMF_E_INVAL, "the ranks %zu:%zu:%zu are not a"
                          " range of d >= 1", p->d_lo, p->d_hi, p->d_step);
    size_t side = a->rows < a->cols ? a->rows : a->cols;
    if (p->d_hi > side)
        return nmfi_error(NMF_E_INVAL, "d up to %zu, but A is %zu x %zu:"
                          " no d above %zu can gain", p->d_hi, a->rows,
                          a->cols, side);
    if (!(p->holdout > 0 && p->holdout < 1))
        return nmfi_error(NMF_E_INVAL, "the held-out share %g is not in"
                          " (0, 1)", p->holdout);
    if (p->folds < 1)
        return nmfi_error(NMF_E_INVAL, "folds must be at least 1");
    return NMF_OK;
}

static void summarize(nmfi_select_result *r)
{
    int f = r->folds;
    for (size_t c = 0; c < r->count; c++) {
        double mean = 0, ss = 0;
        for (int k = 0; k < f; k++)
            mean += r->per_fold[c * (size_t)f + (size_t)k];
        mean /= f;
        for (int k = 0; k < f; k++) {
            double e = r->per_fold[c * (size_t)f + (size_t)k] - mean;
            ss += e * e;
        }
        r->heldout[c] = mean;
        r->heldout_sd[c] = f > 1 ? sqrt(ss / (f - 1)) : 0;
        r->train[c] /= f;
    }
    r->best = 0;
    for (size_t c = 1; c < r->count; c++)
        if (r->heldout[c] < r->heldout[r->best])
            r->best = c;
    double limit = r->heldout[r->best]
                   + r->heldout_sd[r->best] / sqrt((double)f);
    r->best_1se = r->best;
    for (size_t c = 0; c < r->best; c++)
        if (r->heldout[c] <= limit) {
            r->best_1se = c;
            break;
        }
}

nmf_status nmfi_select_run(const nmf_matrix *a, const nmf_matrix *mask,
                           const nmfi_select_params *p,
                           nmfi_select_result *r)
{
    memset(r, 0, sizeof *r);
    nmf_status s = check(a, p);
    if (s != NMF_OK)
        return s;
    size_t count = (p->d_hi - p->d_lo) / p->d_step + 1;
    r->count = count;
    r->folds = p->folds;
    r->d = malloc(count * sizeof *r->d);
    r->heldout = calloc(count, sizeof *r->heldout);
    r->heldout_sd = calloc(count, sizeof *r->heldout_sd);
    r->train = calloc(count, sizeof *r->train);
    r->per_fold = calloc(count * (size_t)p->folds, sizeof *r->per_fold);
    if (!r->d || !r->heldout || !r->heldout_sd || !r->train || !r->per_fold) {
        nmfi_select_result_free(r);
        return nmfi_error(NMF_E_NOMEM, "out of memory for the selection");
    }
    for (size_t c = 0; c < count; c++)
        r->d[c] = p->d_lo + c * p->d_step;
    size_t done = 0, total = count * (size_t)p->folds;
    for (int f = 0; s == NMF_OK && f < p->folds; f++) {
        nmf_matrix *train = fold_mask(a, mask, p->holdout,
                                      p->opt.seed + (uint64_t)f);
        if (!train) {
            s = nmfi_error(NMF_E_NOMEM, "out of memory for a fold's mask");
            break;
        }
        for (size_t c = 0; s == NMF_OK && c < count; c++) {
            /* The held-out and the training RMSE of this d and fold, from
             * the journal or from a fit. */
            char name[NMFI_JOURNAL_NAME];
            snprintf(name, sizeof name, "d=%zu,fold=%d", r->d[c], f + 1);
            const nmfi_journal_fit *old =
                p->journal ? nmfi_journal_find(p->journal, name) : NULL;
            double e[2];
            if (old && old->count == 2) {
                e[0] = old->v[0];
                e[1] = old->v[1];
            } else {
                nmf_options opt = p->opt;
                opt.d = r->d[c];
                opt.mask = train;
                nmf_result fit;
                s = nmf_fit(a, &opt, &fit);
                if (s != NMF_OK)
                    break;
                if (fit.stop == NMF_STOP_INTERRUPTED) {
                    nmf_result_free(&fit);
                    r->interrupted = 1;
                    break;
                }
                e[0] = rmse(a, mask, train, 0, fit.w, fit.h);
                e[1] = rmse(a, mask, train, 1, fit.w, fit.h);
                nmf_result_free(&fit);
                if (p->journal)
                    s = nmfi_journal_add(p->journal, name, e, 2);
            }
            r->per_fold[c * (size_t)p->folds + (size_t)f] = e[0];
            r->train[c] += e[1];
            if (p->progress)
                p->progress(p->progress_ctx, ++done, total, r->d[c], f, e[0],
                            old != NULL);
        }
        if (r->interrupted) {
            nmf_matrix_free(train);
            return NMF_OK;
        }
        nmf_matrix_free(train);
    }
    if (s != NMF_OK) {
        nmfi_select_result_free(r);
        return s;
    }
    summarize(r);
    return NMF_OK;
}
