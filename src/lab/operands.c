/* operands.c -- see operands.h. */
#include <config.h>

#include <string.h>

#include "core/alloc.h"
#include "core/threads.h"
#include "lab/operands.h"

void nmfi_gemm_operands_free(nmfi_gemm_operands *x)
{
    if (x->b != x->a)
        nmfi_aligned_free(x->b);
    nmfi_aligned_free(x->a);
    nmfi_aligned_free(x->c);
    nmfi_aligned_free(x->c0);
    x->a = x->b = x->c = x->c0 = NULL;
}

int nmfi_gemm_operands_new(nmfi_gemm_operands *x, nmf_trans ta, nmf_trans tb,
                           size_t m, size_t n, size_t k, int same)
{
    size_t ar = ta == NMF_TRANS ? k : m, ac = ta == NMF_TRANS ? m : k;
    size_t br = tb == NMF_TRANS ? n : k, bc = tb == NMF_TRANS ? k : n;
    size_t sz = sizeof(nmf_real);

    memset(x, 0, sizeof *x);
    x->ta = ta;
    x->tb = tb;
    x->m = m;
    x->n = n;
    x->k = k;
    x->lda = nmfi_round_up_elems(ar, sz);
    x->ldb = same ? x->lda : nmfi_round_up_elems(br, sz);
    x->ldc = nmfi_round_up_elems(m, sz);
    x->a = nmfi_aligned_alloc(x->lda * ac, sz);
    x->b = same ? x->a : nmfi_aligned_alloc(x->ldb * bc, sz);
    x->c = nmfi_aligned_alloc(x->ldc * n, sz);
    x->c0 = nmfi_aligned_alloc(x->ldc * n, sz);
    if (!x->a || !x->b || !x->c || !x->c0) {
        nmfi_gemm_operands_free(x);
        return -1;
    }
    nmfi_fill_uniform(x->a, ar, ac, x->lda, 1);
    if (!same)
        nmfi_fill_uniform(x->b, br, bc, x->ldb, 2);
    return 0;
}

typedef struct call {
    const nmfi_gemm_step *step;
    const nmfi_gemm_operands *x;
    nmf_real *c;
} call;

static void call_gemm(void *ctx)
{
    const call *g = ctx;
    const nmfi_gemm_operands *x = g->x;
    g->step->fn(x->ta, x->tb, x->m, x->n, x->k, x->a, x->lda, x->b, x->ldb,
                (nmf_real)0, g->c, x->ldc);
}

nmfi_timing nmfi_gemm_time(const nmfi_gemm_step *step,
                           const nmfi_gemm_operands *x, nmf_real *c,
                           int threads, int repeats)
{
    call g = {step, x, c};
    nmfi_fill_nan(c, x->ldc, x->n);
    int old = nmfi_threads_set(threads);
    nmfi_timing t = nmfi_time_calls(call_gemm, &g, repeats);
    nmfi_threads_set(old);
    return t;
}
