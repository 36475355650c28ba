/* iteration.c -- where the time of a whole iteration goes: nmf_fit's own
 * profile, phase by phase, with each phase's bytes by the model
 * (traffic.h), so the phases can stand on the roofline beside the GEMM
 * steps. */
#include <config.h>

#include <string.h>

#include "lab/lab.h"
#include "lab/traffic.h"

static nmf_status fit(const nmf_matrix *a, nmf_solver solver, size_t d,
                      int iterations, int threads, nmf_profile *prof)
{
    nmf_options opt;
    nmf_result r;
    nmf_options_init(&opt);
    opt.d = d;
    opt.solver = solver;
    opt.max_iter = iterations;
    opt.threads = threads;
    opt.profile = prof;
    memset(&r, 0, sizeof r);
    nmf_status s = nmf_fit(a, &opt, &r);
    nmf_result_free(&r);
    return s;
}

static nmf_profile median_run(const nmf_profile *runs, int n)
{
    int below[NMFI_LAB_FITS] = {0};
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            below[i] += runs[j].loop_seconds < runs[i].loop_seconds
                        || (runs[j].loop_seconds == runs[i].loop_seconds
                            && j < i);
    for (int i = 0; i < n; i++)
        if (below[i] == n / 2)
            return runs[i];
    return runs[0];
}

nmf_status nmfi_lab_iterate(const nmf_matrix *a, nmf_solver solver, size_t d,
                            int iterations, int threads,
                            nmfi_lab_iteration *it)
{
    nmf_profile prof;
    size_t m = nmf_matrix_rows(a), n = nmf_matrix_cols(a);

    /* Untimed: the pages of the work matrices, the team, the clones.
     * Then the median of NMFI_LAB_FITS timed fits by the loop's time,
     * with its own profile: one fit disturbed by another program moves
     * no figure. */
    nmf_profile runs[NMFI_LAB_FITS];
    nmf_status s = fit(a, solver, d, 2, threads, &prof);
    for (int r = 0; r < NMFI_LAB_FITS && s == NMF_OK; r++)
        s = fit(a, solver, d, iterations, threads, &runs[r]);
    if (s != NMF_OK)
        return s;
    prof = median_run(runs, NMFI_LAB_FITS);

    memset(it, 0, sizeof *it);
    it->solver = solver;
    it->m = m;
    it->n = n;
    it->d = d;
    it->threads = threads;
    it->iterations = prof.iterations;
    double k = prof.iterations, flops = 0.0, total = 0.0;
    for (int i = 0; i < NMF_STEP_COUNT; i++) {
        total += prof.seconds[i];
        if (i != NMF_STEP_WTW && i != NMF_STEP_COPY_A)
            flops += prof.flops[i];
    }
    it->ms = 1e3 * prof.loop_seconds / k;
    it->gflops = flops / prof.loop_seconds * 1e-9;
    double passes_h = (double)prof.updated_h / ((double)n * k);
    double passes_w = (double)prof.updated_w / ((double)m * k);

    for (int i = 0; i < NMF_STEP_COUNT; i++) {
        if (prof.seconds[i] <= 0.0)
            continue;
        nmfi_lab_phase *ph = &it->phase[it->nphases++];
        ph->step = (nmf_profile_step)i;
        ph->once = i == NMF_STEP_WTW || i == NMF_STEP_COPY_A;
        double per = ph->once ? 1.0 : k;
        ph->ms = 1e3 * prof.seconds[i] / per;
        ph->share = prof.seconds[i] / total;
        ph->gflops = prof.flops[i] / prof.seconds[i] * 1e-9;
        double passes = i == NMF_STEP_UPDATE_H ? passes_h
                      : i == NMF_STEP_UPDATE_W ? passes_w : 1.0;
        ph->bytes = nmfi_phase_bytes(ph->step, m, n, d, passes);
        ph->intensity = ph->bytes > 0.0 && prof.flops[i] > 0.0
            ? prof.flops[i] / per / ph->bytes : 0.0;
    }
    return NMF_OK;
}
