/* restarts.c -- nmf_fit_restarts: R fits from consecutive seeds, the
 * best kept. A fit's bits do not depend on its thread count, so the fits
 * run side by side on one thread each: R small fits scale better so
 * than each fit over all the threads, whose products are too small to
 * split well. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/threads.h"
#include "nmfkit.h"

nmf_status nmf_fit_restarts(const nmf_matrix *a, const nmf_options *opt,
                            int restarts, nmf_result *best, double *finals)
{
    memset(best, 0, sizeof *best);
    if (restarts < 1)
        return nmfi_error(NMF_E_INVAL, "the restart count must be at least"
                          " 1 (got %d)", restarts);
    if (restarts == 1) {
        nmf_status s = nmf_fit(a, opt, best);
        if (s == NMF_OK && finals)
            finals[0] = best->error[best->iterations - 1];
        return s;
    }
    nmf_result *res = calloc((size_t)restarts, sizeof *res);
    nmf_status *st = calloc((size_t)restarts, sizeof *st);
    char (*why)[256] = calloc((size_t)restarts, sizeof *why);
    if (!res || !st || !why) {
        free(res);
        free(st);
        free(why);
        return nmfi_error(NMF_E_NOMEM, "out of memory for %d restarts",
                          restarts);
    }
    int team = opt->threads > 0 ? opt->threads : nmfi_threads_max();
    if (team > restarts)
        team = restarts;
    #pragma omp parallel for schedule(dynamic, 1) num_threads(team) \
        if (team > 1)
    for (int r = 0; r < restarts; r++) {
        nmf_options o = *opt;
        o.seed = opt->seed + (uint64_t)r;
        if (team > 1) {
            o.threads = 1;
            o.progress = NULL;
            o.profile = NULL;
        }
        st[r] = nmf_fit(a, &o, &res[r]);
        if (st[r] != NMF_OK)
            snprintf(why[r], sizeof why[r], "%s", nmf_last_error());
    }
    nmf_status s = NMF_OK;
    int keep = -1;
    for (int r = 0; r < restarts; r++) {
        if (st[r] != NMF_OK) {
            if (s == NMF_OK)
                s = nmfi_error(st[r], "%s", why[r]);
            continue;
        }
        double last = res[r].error[res[r].iterations - 1];
        if (finals)
            finals[r] = last;
        if (keep < 0 || last < res[keep].error[res[keep].iterations - 1])
            keep = r;
    }
    for (int r = 0; r < restarts; r++)
        if (s == NMF_OK && r == keep)
            *best = res[r];
        else
            nmf_result_free(&res[r]);
    free(res);
    free(st);
    free(why);
    return s;
}
