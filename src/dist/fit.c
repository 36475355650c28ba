/* fit.c -- the distributed loop (dist/dist.h): the serial loop's steps
 * (nmf/fit.c) on this rank's block and slices, with the collectives that
 * join them. Each step is timed on its own, so the profile splits an
 * iteration into local compute and communication (waiting for a slower
 * rank counts as communication).
 *
 * A product of a grid row or column of one rank needs no collective: the
 * gathers and reduce-scatters over a communicator of one rank are skipped
 * and their buffers are the slice itself (1-D grids move one factor only).
 */
#include <config.h>

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/fpenv.h"
#include "core/matrix.h"
#include "core/threads.h"
#include "core/timer.h"
#include "dist/dist.h"
#include "kernels/dispatch.h"
#include "kernels/reduce.h"
#include "kernels/transpose.h"
#include "kernels/update.h"
#include "nmf/fit_loop.h"
#include "nmf/fit_steps.h"
#include "nmf/init.h"

/* The loop's buffers, made by the first run and kept for restarts (A'
 * with them); `*_own` alias their whole-block twin when the communicator
 * that splits it has one rank. */
typedef struct nmfi_dist_work {
    nmf_matrix *at;        /* A_ij'  nloc x mloc, or NULL (low memory)  */
    nmf_matrix *wi;        /* W_i    mloc x d                           */
    nmf_real *wpack;       /* W_i's slices packed, as gathered          */
    nmf_real *wsend;       /* this rank's slice packed                  */
    nmf_matrix *wta;       /* W_i' A_ij  d x nloc                       */
    nmf_matrix *wta_own;   /* its sum, this rank's columns  d x hc      */
    nmf_matrix *hj;        /* H_j    d x nloc                           */
    nmf_matrix *aht;       /* H_j A_ij'  d x mloc                       */
    nmf_matrix *aht_nt;    /* A_ij H_j'  mloc x d, without A' (low memory
                              or small d), as the serial loop forms it */
    nmf_matrix *aht_own;   /* its sum, this rank's rows  d x wr         */
    nmf_matrix *wtw, *hht, *gpen;
    double *sums;          /* W'W and <W, AH'> in one all-reduce        */
    nmf_real *partials;
    nmf_real *scale;
    /* Counts and offsets, in nmf_reals: over grid column j (the pr
     * ranks' H columns) and over grid row i (the pc ranks' W rows). */
    int *col_count, *col_displ, *row_count, *row_displ;
    int *pack_count, *pack_displ;
} bufs;

static void bufs_free(bufs *b)
{
    nmf_matrix_free(b->wi);
    if (b->wta_own != b->wta)
        nmf_matrix_free(b->wta_own);
    if (b->aht_own != b->aht)
        nmf_matrix_free(b->aht_own);
    nmf_matrix_free(b->at);
    nmf_matrix_free(b->wta);
    nmf_matrix_free(b->hj);
    nmf_matrix_free(b->aht);
    nmf_matrix_free(b->aht_nt);
    nmf_matrix_free(b->wtw);
    nmf_matrix_free(b->hht);
    nmf_matrix_free(b->gpen);
    free(b->wpack);
    free(b->wsend);
    free(b->sums);
    nmfi_aligned_free(b->partials);
    free(b->scale);
    free(b->col_count);
    free(b->col_displ);
    free(b->row_count);
    free(b->row_displ);
    free(b->pack_count);
    free(b->pack_displ);
    memset(b, 0, sizeof *b);
}

/* Counts of `parts` pieces of len (nmfi_split), each `unit` nmf_reals,
 * and their offsets; 0 when one does not fit an MPI count. */
static int counts(size_t len, int parts, size_t unit, int *count, int *displ)
{
    size_t at = 0;
    for (int k = 0; k < parts; k++) {
        nmfi_span sp = nmfi_split(len, (size_t)parts, (size_t)k);
        size_t c = nmfi_span_len(sp) * unit;
        if (c > INT_MAX || at > INT_MAX)
            return 0;
        count[k] = (int)c;
        displ[k] = (int)at;
        at += c;
    }
    return at <= INT_MAX;
}

static nmf_status bufs_alloc(bufs *b, const nmfi_dist *x, int copy)
{
    const nmfi_layout *l = &x->lay;
    size_t d = x->d, mloc = nmfi_span_len(l->rows);
    size_t nloc = nmfi_span_len(l->cols), wr = nmfi_span_len(l->w_rows);
    size_t hc = nmfi_span_len(l->h_cols);
    memset(b, 0, sizeof *b);
    b->at = copy ? nmf_matrix_new(nloc, mloc) : NULL;
    b->wi = l->pc > 1 ? nmf_matrix_new(mloc, d) : NULL;
    b->wpack = l->pc > 1 ? malloc(mloc * d * sizeof(nmf_real)) : NULL;
    b->wsend = l->pc > 1 ? malloc(wr * d * sizeof(nmf_real)) : NULL;
    b->wta = nmf_matrix_new(d, nloc);
    b->wta_own = l->pr > 1 ? nmf_matrix_new(d, hc) : b->wta;
    b->hj = l->pr > 1 ? nmf_matrix_new(d, nloc) : NULL;
    b->aht = nmf_matrix_new(d, mloc);
    b->aht_own = l->pc > 1 ? nmf_matrix_new(d, wr) : b->aht;
    b->aht_nt = copy ? NULL : nmf_matrix_new(mloc, d);
    b->wtw = nmf_matrix_new(d, d);
    b->hht = nmf_matrix_new(d, d);
    b->gpen = nmf_matrix_new(d, d);
    b->sums = malloc((d * d + 2) * sizeof *b->sums);
    size_t ph = nmfi_update_partials(hc, d), pw = nmfi_update_partials(wr, d);
    b->partials = nmfi_aligned_alloc(ph > pw ? ph : pw, sizeof(nmf_real));
    b->scale = malloc(d * sizeof *b->scale);
    b->col_count = malloc((size_t)l->pr * sizeof(int));
    b->col_displ = malloc((size_t)l->pr * sizeof(int));
    b->row_count = malloc((size_t)l->pc * sizeof(int));
    b->row_displ = malloc((size_t)l->pc * sizeof(int));
    b->pack_count = malloc((size_t)l->pc * sizeof(int));
    b->pack_displ = malloc((size_t)l->pc * sizeof(int));
    if ((copy && !b->at) || (l->pc > 1 && (!b->wi || !b->wpack || !b->wsend))
        || !b->wta || !b->wta_own || (l->pr > 1 && !b->hj) || !b->aht
        || !b->aht_own || (!copy && !b->aht_nt) || !b->wtw || !b->hht
        || !b->gpen || !b->sums
        || !b->partials || !b->scale || !b->col_count || !b->col_displ
        || !b->row_count || !b->row_displ || !b->pack_count
        || !b->pack_displ) {
        bufs_free(b);
        return nmfi_error(NMF_E_NOMEM, "out of memory for a rank's work"
                          " matrices (block %zu x %zu, d = %zu)", mloc, nloc,
                          d);
    }
    /* The H columns of grid column j lie d-row columns apart (ld), the W
     * rows of grid row i likewise in the transposed A H'; W_i's slices
     * go packed, rows x d each. */
    if (!counts(nloc, l->pr, b->wta->ld, b->col_count, b->col_displ)
        || !counts(mloc, l->pc, b->aht->ld, b->row_count, b->row_displ)
        || !counts(mloc, l->pc, d, b->pack_count, b->pack_displ)) {
        bufs_free(b);
        return nmfi_error(NMF_E_INVAL, "a rank's block (%zu x %zu, d = %zu)"
                          " is too large for one MPI message; use more"
                          " ranks", mloc, nloc, d);
    }
    return NMF_OK;
}

void nmfi_dist_memory(const nmfi_dist *x, const nmf_options *opt,
                      nmf_memory *mem)
{
    const nmfi_layout *l = &x->lay;
    size_t d = x->d, mloc = nmfi_span_len(l->rows);
    size_t nloc = nmfi_span_len(l->cols), wr = nmfi_span_len(l->w_rows);
    size_t hc = nmfi_span_len(l->h_cols);
    int copy = !opt->low_memory && nmfi_copy_pays(d);
    double real = sizeof(nmf_real);
    memset(mem, 0, sizeof *mem);
    mem->input = nmfi_matrix_bytes(mloc, nloc);
    mem->copies = copy ? nmfi_matrix_bytes(nloc, mloc) : 0;
    mem->factors = (x->w0 ? 2 : 1) * nmfi_matrix_bytes(wr, d)
                   + (x->h0 ? 2 : 1) * nmfi_matrix_bytes(d, hc);
    size_t ph = nmfi_update_partials(hc, d), pw = nmfi_update_partials(wr, d);
    mem->work = (l->pc > 1 ? nmfi_matrix_bytes(mloc, d)
                             + real * (double)(mloc + wr) * d
                             + nmfi_matrix_bytes(d, wr) : 0)
                + nmfi_matrix_bytes(d, nloc)
                + (l->pr > 1 ? nmfi_matrix_bytes(d, hc)
                               + nmfi_matrix_bytes(d, nloc) : 0)
                + nmfi_matrix_bytes(d, mloc)
                + (copy ? 0 : nmfi_matrix_bytes(mloc, d))
                + 3 * nmfi_matrix_bytes(d, d)
                + sizeof(double) * (double)(d * d + 2)
                + real * (double)(ph > pw ? ph : pw);
    mem->total = mem->input + mem->copies + mem->factors + mem->work;
}

/* The stopwatch of the steps. */
typedef struct clock {
    nmfi_dist_profile *p;
    double t;
} clock;

static void lap(clock *c, nmfi_dist_step step, double flops, double words)
{
    double now = nmfi_now();
    c->p->seconds[step] += now - c->t;
    c->p->flops[step] += flops;
    c->p->words[step] += words;
    c->t = now;
}

/* W_i from the pc ranks' slices of grid row i. */
static void gather_w(const nmfi_dist *x, bufs *b)
{
    const nmf_matrix *w = x->w;
    size_t wr = w->rows, d = x->d;
    for (size_t k = 0; k < d; k++)
        memcpy(b->wsend + k * wr, &NMFI_AT(w, 0, k), wr * sizeof(nmf_real));
    MPI_Allgatherv(b->wsend, (int)(wr * d), NMFI_MPI_REAL, b->wpack,
                   b->pack_count, b->pack_displ, NMFI_MPI_REAL, x->row);
    for (int q = 0; q < x->lay.pc; q++) {
        nmfi_span sp = nmfi_split(b->wi->rows, (size_t)x->lay.pc, (size_t)q);
        size_t rows = nmfi_span_len(sp);
        const nmf_real *src = b->wpack + b->pack_displ[q];
        for (size_t k = 0; k < d; k++)
            memcpy(&NMFI_AT(b->wi, sp.lo, k), src + k * rows,
                   rows * sizeof(nmf_real));
    }
}

/* The d x d matrix g summed over every rank, in place, with `extra`
 * doubles after it (the cross term), all in double. */
static void sum_gram(const nmfi_dist *x, bufs *b, nmf_matrix *g,
                     double *extra, int nextra)
{
    size_t d = x->d;
    for (size_t j = 0; j < d; j++)
        for (size_t i = 0; i < d; i++)
            b->sums[i + j * d] = NMFI_AT(g, i, j);
    for (int e = 0; e < nextra; e++)
        b->sums[d * d + (size_t)e] = extra[e];
    MPI_Allreduce(MPI_IN_PLACE, b->sums, (int)(d * d) + nextra, MPI_DOUBLE,
                  MPI_SUM, x->all);
    for (size_t j = 0; j < d; j++)
        for (size_t i = 0; i < d; i++)
            NMFI_AT(g, i, j) = (nmf_real)b->sums[i + j * d];
    for (int e = 0; e < nextra; e++)
        extra[e] = b->sums[d * d + (size_t)e];
}

/* Rank 0's end of the iteration for every rank: its decision, stop and
 * status broadcast (clocks, signals and rounding may differ by rank). */
static int agree_end(nmfi_dist *x, int end, nmf_status *s)
{
    int msg[3] = {end, (int)x->res.stop, (int)*s};
    MPI_Bcast(msg, 3, MPI_INT, 0, x->all);
    if (msg[2] != NMF_OK && *s == NMF_OK)
        *s = nmfi_error((nmf_status)msg[2], "iteration %d: rank 0 stopped"
                        " the fit (%s)", x->res.iterations,
                        nmf_status_string((nmf_status)msg[2]));
    else if (msg[2] == NMF_OK)
        *s = NMF_OK;
    x->res.stop = (nmf_stop)msg[1];
    return msg[0];
}

/* Going on from this rank's saved state (opt->resume: its rows of W,
 * its columns of H, the Gram matrices as the loop formed them and the
 * history), the clock moved on as the serial loop moves it; agreed. */
static nmf_status resume(nmfi_dist *x, const nmf_options *opt, bufs *b,
                         int *cap)
{
    const nmf_state *st = opt->resume;
    const nmf_matrix *w = x->w, *h = x->h;
    nmf_status s = NMF_OK;
    if (!st->w || !st->h || !st->wtw || !st->hht
        || nmf_matrix_rows(st->w) != w->rows
        || nmf_matrix_cols(st->w) != x->d
        || nmf_matrix_rows(st->h) != x->d
        || nmf_matrix_cols(st->h) != h->cols
        || nmf_matrix_rows(st->wtw) != x->d
        || nmf_matrix_rows(st->hht) != x->d)
        s = nmfi_error(NMF_E_INVAL, "rank %d: the saved state is not this"
                       " rank's part of the fit", x->lay.rank);
    if (s == NMF_OK) {
        nmfi_matrix_copy_into(st->w, x->w);
        nmfi_matrix_copy_into(st->h, x->h);
        nmfi_matrix_copy_into(st->wtw, b->wtw);
        nmfi_matrix_copy_into(st->hht, b->hht);
        s = nmfi_resume_history(opt, &x->res, cap, &x->t0);
    }
    return nmfi_dist_agree(x->all, s);
}

static nmf_status iterate(nmfi_dist *x, const nmf_options *opt, bufs *b)
{
    const nmfi_layout *l = &x->lay;
    size_t d = x->d, mloc = x->a->rows, nloc = x->a->cols;
    size_t wr = x->w->rows, hc = x->h->cols;
    nmf_matrix *a = x->a, *w = x->w, *h = x->h;
    nmfi_dist_profile *p = &x->prof;
    memset(p, 0, sizeof *p);
    nmf_result *res = &x->res;
    nmf_result_free(res);   /* a restart's history starts afresh */

    double norm_a2 = x->norm_a2, mean = x->mean_a;
    res->norm_a = sqrt(norm_a2);
    int cap = 0;
    if (opt->resume) {
        nmf_status s = resume(x, opt, b, &cap);
        if (s != NMF_OK)
            return s;
    }
    /* The random start, then the given parts over it (as nmf_fit). */
    if (!opt->resume && (!x->w0 || !x->h0)) {
        nmf_status s = nmfi_init_uniform_part(mean, opt->seed, l->m,
                                              l->w_rows.lo, x->w0 ? NULL : w,
                                              l->h_cols.lo, x->h0 ? NULL : h);
        if (s != NMF_OK)
            return s;
    }
    if (x->w0 && !opt->resume)
        nmfi_matrix_copy_into(x->w0, w);
    if (x->h0 && !opt->resume)
        nmfi_matrix_copy_into(x->h0, h);
    nmfi_update_rule rh, rw;
    nmfi_solver_rules(opt, l->m, l->n,
                      opt->epsilon * sqrt(mean / (double)d), &rh, &rw);
    int hals = rh.rule == NMFI_RULE_HALS;
    if (!opt->resume) {
        nmfi_gemm(NMF_TRANS, NMF_NOTRANS, d, d, wr, w->data, w->ld,
                  w->data, w->ld, 0, b->wtw->data, b->wtw->ld);
        sum_gram(x, b, b->wtw, NULL, 0);
    }

    /* The words of each collective, per rank (doc/distributed.md). */
    double dd = (double)d, pr = l->pr, pc = l->pc, P = pr * pc;
    double w_words = (double)mloc * dd * (pc - 1) / pc;
    double h_words = dd * (double)nloc * (pr - 1) / pr;
    double g_words = 2 * dd * dd * (P - 1) / P;
    double prod = 2.0 * (double)mloc * (double)nloc * dd;

    double t_loop = nmfi_now();
    res->start_seconds = t_loop - x->t0;
    clock c = {p, t_loop};
    nmf_status s = NMF_OK;
    nmf_options o = *opt;
    if (l->rank != 0)
        o.progress = NULL;
    nmf_matrix *wi = l->pc > 1 ? b->wi : w;
    nmf_matrix *hj = l->pr > 1 ? b->hj : h;
    for (;;) {
        if (hals && res->iterations > 0 && !nmfi_has_penalty(opt))
            nmfi_balance(w, b->wtw, b->hht, b->scale, &rh);
        if (l->pc > 1)
            gather_w(x, b);
        lap(&c, NMFI_DIST_W_GATHER, 0, w_words);
        nmfi_gemm(NMF_TRANS, NMF_NOTRANS, d, nloc, mloc, wi->data, wi->ld,
                  a->data, a->ld, 0, b->wta->data, b->wta->ld);
        lap(&c, NMFI_DIST_WTA, prod, 0);
        if (l->pr > 1)
            MPI_Reduce_scatter(b->wta->data, b->wta_own->data, b->col_count,
                               NMFI_MPI_REAL, MPI_SUM, x->col);
        lap(&c, NMFI_DIST_WTA_SUM, 0, h_words);
        if (hals && opt->l1_h > 0)
            nmfi_subtract(b->wta_own, opt->l1_h);
        long upd_h = 0, upd_w = 0;
        s = nmfi_update_h(d, hc, h->data, h->ld, b->wta_own->data,
                          b->wta_own->ld,
                          nmfi_penalized(b->wtw, opt->l2_h, b->gpen),
                          b->wtw->ld, &rh, b->hht->data, b->hht->ld,
                          b->partials, &upd_h);
        lap(&c, NMFI_DIST_UPDATE_H, 2.0 * dd * dd * ((double)upd_h + hc), 0);
        /* Whether an update failed (a tile buffer) rides on the sum. */
        double failed = s != NMF_OK;
        sum_gram(x, b, b->hht, &failed, 1);
        lap(&c, NMFI_DIST_HHT_SUM, 0, g_words);
        if (failed > 0) {
            s = nmfi_dist_agree(x->all, s);
            break;
        }
        if (l->pr > 1)
            MPI_Allgatherv(h->data, b->col_count[l->i], NMFI_MPI_REAL,
                           b->hj->data, b->col_count, b->col_displ,
                           NMFI_MPI_REAL, x->col);
        lap(&c, NMFI_DIST_H_GATHER, 0, h_words);
        /* A H' as the serial loop forms it: H A' from A', else A H' in
         * place (a transposed product reading A along its rows is
         * slower); transposed exactly when its rows are to be split. */
        nmf_matrix *num = b->aht_own;
        nmf_trans num_t = NMF_TRANS;
        if (b->at)
            nmfi_gemm(NMF_NOTRANS, NMF_NOTRANS, d, mloc, nloc, hj->data,
                      hj->ld, b->at->data, b->at->ld, 0, b->aht->data,
                      b->aht->ld);
        else {
            nmfi_gemm(NMF_NOTRANS, NMF_TRANS, mloc, d, nloc, a->data, a->ld,
                      hj->data, hj->ld, 0, b->aht_nt->data, b->aht_nt->ld);
            if (l->pc > 1)
                nmfi_transpose(mloc, d, b->aht_nt->data, b->aht_nt->ld,
                               b->aht->data, b->aht->ld);
            else {
                num = b->aht_nt;
                num_t = NMF_NOTRANS;
            }
        }
        lap(&c, NMFI_DIST_AHT, prod, 0);
        if (l->pc > 1)
            MPI_Reduce_scatter(b->aht->data, b->aht_own->data, b->row_count,
                               NMFI_MPI_REAL, MPI_SUM, x->row);
        lap(&c, NMFI_DIST_AHT_SUM, 0, w_words);
        if (hals && opt->l1_w > 0)
            nmfi_subtract(num, opt->l1_w);
        double sums[2] = {0, 0};   /* <W, AH'>, whether it failed */
        s = nmfi_update_w(wr, d, w->data, w->ld, num->data, num->ld, num_t,
                          nmfi_penalized(b->hht, opt->l2_w, b->gpen),
                          b->hht->ld, &rw, b->wtw->data, b->wtw->ld,
                          b->partials, &sums[0], &upd_w);
        if (hals && opt->l1_w > 0)
            sums[0] += opt->l1_w * nmfi_sum_matrix(wr, d, w->data, w->ld);
        sums[1] = s != NMF_OK;
        lap(&c, NMFI_DIST_UPDATE_W,
            2.0 * dd * dd * ((double)upd_w + wr) + 2.0 * (double)wr * dd, 0);
        sum_gram(x, b, b->wtw, sums, 2);
        lap(&c, NMFI_DIST_WTW_SUM, 0, g_words);
        if (sums[1] > 0) {
            s = nmfi_dist_agree(x->all, s);
            break;
        }

        double gram = nmfi_dot_matrix(d, d, b->wtw->data, b->wtw->ld,
                                      b->hht->data, b->hht->ld);
        int end = nmfi_end_iteration(&o, res, &cap, x->t0,
                                     nmfi_error_from_terms(norm_a2, sums[0],
                                                           gram, 0), &s);
        end = agree_end(x, end, &s);
        /* A checkpoint (every rank its own file) and the last
         * iteration's check for NaN, agreed: one rank's failure ends
         * every rank's fit. */
        int due = opt->checkpoint && opt->checkpoint_every > 0
                  && res->iterations % opt->checkpoint_every == 0;
        if (end >= 0 && (end || due))
            s = nmfi_dist_agree(x->all, nmfi_checkpoint(opt, res, end, w,
                                                         h, b->wtw, b->hht));
        lap(&c, NMFI_DIST_STOP, 2.0 * dd * dd, 0);
        p->iterations++;
        p->updated_h += upd_h;
        p->updated_w += upd_w;
        if (end || s != NMF_OK)
            break;
    }
    p->loop_seconds = nmfi_now() - t_loop;
    return s;
}

nmf_status nmfi_dist_run(nmfi_dist *x, const nmf_options *opt)
{
    int old_threads = nmfi_threads_set(opt->threads);
    nmf_status s = NMF_OK;
    if (!x->work) {
        bufs *b = calloc(1, sizeof *b);
        int copy = !opt->low_memory && nmfi_copy_pays(x->d);
        s = b ? bufs_alloc(b, x, copy)
              : nmfi_error(NMF_E_NOMEM, "out of memory");
        if (s == NMF_OK && b->at)
            nmfi_transpose(x->a->rows, x->a->cols, x->a->data, x->a->ld,
                           b->at->data, b->at->ld);
        if (s == NMF_OK)
            x->work = b;
        else
            free(b);
        s = nmfi_dist_agree(x->all, s);
    }
    if (s == NMF_OK) {
        nmfi_fpenv env;
        nmfi_fpenv_flush(&env, opt->keep_subnormals);
        s = iterate(x, opt, x->work);
        nmfi_fpenv_restore(&env);
    }
    nmfi_threads_set(old_threads);
    return s;
}

void nmfi_dist_work_free(nmfi_dist *x)
{
    if (x->work)
        bufs_free(x->work);
    free(x->work);
    x->work = NULL;
}
