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

nmf_status nmfi_lab_iterate(const nmf_matrix *a, nmf_solver solver, size_t d,
                            int iterations, int threads,
                            nmfi_lab_iteration *it)
{
    nmf_profile prof;
    size_t m = nmf_matrix_rows(a), n = nmf_matrix_cols(a);

    /* Untimed: the pages of the work matrices, the team, the clones. */
    nmf_status s = fit(a, solver, d, 2, threads, &prof);
    if (s == NMF_OK)
        s = fit(a, solver, d, iterations, threads, &prof);
    if (s != NMF_OK)
        return s;

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
        double runs = ph->once ? 1.0 : k;
        ph->ms = 1e3 * prof.seconds[i] / runs;
        ph->share = prof.seconds[i] / total;
        ph->gflops = prof.flops[i] / prof.seconds[i] * 1e-9;
        double passes = i == NMF_STEP_UPDATE_H ? passes_h
                      : i == NMF_STEP_UPDATE_W ? passes_w : 1.0;
        ph->bytes = nmfi_phase_bytes(ph->step, m, n, d, passes);
        ph->intensity = ph->bytes > 0.0 && prof.flops[i] > 0.0
            ? prof.flops[i] / runs / ph->bytes : 0.0;
    }
    return NMF_OK;
}
