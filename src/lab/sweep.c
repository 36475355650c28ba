/* sweep.c -- every GEMM step over a sweep of shapes: GFLOP/s, its
 * intensity by the step's traffic model, and its distance from v0's
 * result, so a speed is never shown without its correctness. */
#include <config.h>

#include <float.h>
#include <math.h>
#include <string.h>

#include "core/error.h"
#include "lab/lab.h"
#include "lab/measure.h"
#include "lab/operands.h"
#include "lab/traffic.h"

#if NMF_REAL_IS_DOUBLE
#define REAL_EPS DBL_EPSILON
#else
#define REAL_EPS FLT_EPSILON
#endif

nmf_status nmfi_lab_sweep(const nmfi_lab_shape *shapes, size_t nshapes,
                          const nmfi_gemm_step *const *steps, size_t nsteps,
                          int threads, int repeats, int check,
                          nmfi_lab_point *points, nmfi_lab_point_fn each,
                          void *ctx)
{
    const nmfi_gemm_step *v0 = &nmfi_gemm_steps[0];
    size_t np = 0;

    for (size_t si = 0; si < nshapes; si++) {
        const nmfi_lab_shape *s = &shapes[si];
        double flops = 2.0 * (double)s->m * (double)s->n * (double)s->k;
        nmfi_gemm_operands x;
        if (nmfi_gemm_operands_new(&x, s->ta, s->tb, s->m, s->n, s->k, 0) < 0)
            return nmfi_error(NMF_E_NOMEM, "out of memory for the %zu x %zu "
                              "x %zu product", s->m, s->n, s->k);
        /* v0 on one thread: the reference result, timed on the way. */
        nmfi_timing ref = {NAN, 0};
        if (check)
            ref = nmfi_gemm_time(v0, &x, x.c0, 1, repeats);
        for (size_t i = 0; i < nsteps; i++) {
            const nmfi_gemm_step *step = steps[i];
            nmfi_lab_point *p = &points[np++];
            p->shape = s;
            p->step = step;
            p->threads = step->parallel ? threads : 1;
            nmfi_timing t = ref;
            if (step == v0 && check)
                memcpy(x.c, x.c0, x.ldc * s->n * sizeof(nmf_real));
            else
                t = nmfi_gemm_time(step, &x, x.c, p->threads, repeats);
            p->calls = t.calls;
            p->gflops = flops / t.median * 1e-9;
            p->intensity = flops / nmfi_gemm_bytes(step->traffic, s->m, s->n,
                                                   s->k);
            p->diff = check ? nmfi_max_rel_diff(x.c, x.c0, s->m, s->n, x.ldc)
                            : NAN;
            p->bound = 4.0 * (double)s->k * REAL_EPS;
            if (each)
                each(ctx, p);
        }
        nmfi_gemm_operands_free(&x);
    }
    return NMF_OK;
}
