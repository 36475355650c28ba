/* sweep.c -- every GEMM step over a sweep of shapes: GFLOP/s, its
 * intensity by the step's traffic model, and its distance from v0's
 * result, so a speed is never shown without its correctness. */
#include <config.h>

#include <float.h>
#include <math.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/threads.h"
#include "lab/lab.h"
#include "lab/measure.h"
#include "lab/traffic.h"

#if NMF_REAL_IS_DOUBLE
#define REAL_EPS DBL_EPSILON
#else
#define REAL_EPS FLT_EPSILON
#endif

typedef struct operands {
    nmf_real *a, *b, *c, *c0;
    size_t lda, ldb, ldc;
} operands;

static void operands_free(operands *x)
{
    nmfi_aligned_free(x->a);
    nmfi_aligned_free(x->b);
    nmfi_aligned_free(x->c);
    nmfi_aligned_free(x->c0);
}

/* Stored as the transposes say (op(A) = A' keeps A as k x m), columns
 * 64-byte aligned as nmf_matrix keeps them. */
static int operands_new(const nmfi_lab_shape *s, operands *x)
{
    size_t ar = s->ta == NMF_TRANS ? s->k : s->m;
    size_t ac = s->ta == NMF_TRANS ? s->m : s->k;
    size_t br = s->tb == NMF_TRANS ? s->n : s->k;
    size_t bc = s->tb == NMF_TRANS ? s->k : s->n;
    size_t sz = sizeof(nmf_real);

    memset(x, 0, sizeof *x);
    x->lda = nmfi_round_up_elems(ar, sz);
    x->ldb = nmfi_round_up_elems(br, sz);
    x->ldc = nmfi_round_up_elems(s->m, sz);
    x->a = nmfi_aligned_alloc(x->lda * ac, sz);
    x->b = nmfi_aligned_alloc(x->ldb * bc, sz);
    x->c = nmfi_aligned_alloc(x->ldc * s->n, sz);
    x->c0 = nmfi_aligned_alloc(x->ldc * s->n, sz);
    if (!x->a || !x->b || !x->c || !x->c0) {
        operands_free(x);
        return -1;
    }
    nmfi_fill_uniform(x->a, ar, ac, x->lda, 1);
    nmfi_fill_uniform(x->b, br, bc, x->ldb, 2);
    return 0;
}

typedef struct call {
    const nmfi_gemm_step *step;
    const nmfi_lab_shape *s;
    const operands *x;
    nmf_real *c;
} call;

static void call_gemm(void *ctx)
{
    const call *g = ctx;
    const nmfi_lab_shape *s = g->s;
    g->step->fn(s->ta, s->tb, s->m, s->n, s->k, g->x->a, g->x->lda,
                g->x->b, g->x->ldb, (nmf_real)0, g->c, g->x->ldc);
}

/* C starts as NaN: beta = 0 must overwrite it. */
static nmfi_timing time_step(const nmfi_gemm_step *step,
                             const nmfi_lab_shape *s, const operands *x,
                             nmf_real *c, int threads, int repeats)
{
    call g = {step, s, x, c};
    nmfi_fill_nan(c, x->ldc, s->n);
    int old = nmfi_threads_set(threads);
    nmfi_timing t = nmfi_time_calls(call_gemm, &g, repeats);
    nmfi_threads_set(old);
    return t;
}

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
        operands x;
        if (operands_new(s, &x) < 0)
            return nmfi_error(NMF_E_NOMEM, "out of memory for the %zu x %zu "
                              "x %zu product", s->m, s->n, s->k);
        /* v0 on one thread: the reference result, timed on the way. */
        nmfi_timing ref = {NAN, 0};
        if (check)
            ref = time_step(v0, s, &x, x.c0, 1, repeats);
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
                t = time_step(step, s, &x, x.c, p->threads, repeats);
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
        operands_free(&x);
    }
    return NMF_OK;
}
