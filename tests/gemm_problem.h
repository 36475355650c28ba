/* gemm_problem.h -- one GEMM product set up for the GEMM suites
 * (check_gemm: every step against v0; check_gemm_threads: the same bits
 * for any thread count). */
#ifndef GEMM_PROBLEM_H
#define GEMM_PROBLEM_H

#include <stddef.h>
#include <stdint.h>

#include "kernels/dispatch.h"
#include "nmfkit.h"

/* trans: bit 0 = op(A) is A', bit 1 = op(B) is B'; ALL runs all four. */
enum { NN = 0, TN = 1, NT = 2, TT = 3, ALL = 4 };

typedef struct gemm_shape {
    const char *name;
    size_t m, n, k;
    int trans;
} gemm_shape;

/* beta 0 (C never read), 1 and 0.5. */
extern const double gemm_betas[];
enum { GEMM_NBETAS = 3 };

/* Stored A, B, the C the product starts from and, when asked for, in
 * double the sum S and the magnitude M = sum |a||b| of each element. */
typedef struct problem {
    nmf_trans ta, tb;
    size_t m, n, k, lda, ldb, ldc;
    nmf_real *a, *b, *c0;
    double *s, *mag;  /* NULL without the reference */
} problem;

/* Every matrix `pad` rows taller than it is, the padding NaN; entries in
 * [-1, 1) from `seed`. */
problem problem_new(size_t m, size_t n, size_t k, int trans, size_t pad,
                    uint64_t seed, int with_reference);
void problem_free(problem *p);

/* ldc x n reals (a failed allocation fails the test). */
nmf_real *alloc_real(size_t count);

/* C as a step receives it: for beta = 0 every entry is NaN, so reading C
 * shows; otherwise c0, whose padding rows are NaN. */
void start_c(const problem *p, double beta, nmf_real *c);

/* c = fn's product from start_c's C. */
void run_fn(nmfi_gemm_fn fn, const problem *p, double beta, nmf_real *c);
/* The same for a step. */
void run_step(const nmfi_gemm_step *st, const problem *p, double beta,
              nmf_real *c);

/* What the suites test besides the steps: each family of the product
 * (dispatch.h), the product itself, its tile entry and the no-buffer
 * fallback of the nests, by name. */
typedef struct gemm_kernel {
    const char *name;
    nmfi_gemm_fn fn;                 /* or ...                  */
    const nmfi_gemm_family *family;  /* ... this family's run   */
} gemm_kernel;
extern const gemm_kernel gemm_products[];
extern const size_t gemm_nproducts;
void run_kernel(const gemm_kernel *kn, const problem *p, double beta,
                nmf_real *c);

/* "NN", "TN", "NT" or "TT". */
const char *trans_name(const problem *p);

#endif
