/* toy.h -- the reference text's first exercise as a study: the toy
 * matrices A1-A4 (data/) fitted at d = 1 and 2 from two random starts,
 * to see what comes out the same (the product W H, when the best fit is
 * unique) and what does not (W and H: any positive scaling, and the order
 * of the parts, give the same product); their singular values and rank;
 * and the error against the iteration for d = 1, 2, 3 on A3 and A4. */
#ifndef NMFI_TOY_H
#define NMFI_TOY_H

#include <stddef.h>
#include <stdint.h>

#include "nmfkit.h"

#define NMFI_TOY_MATRICES 4
#define NMFI_TOY_STARTS 2     /* seeds S and S + 1 */
#define NMFI_TOY_TABLE_D 2    /* d = 1, 2 in the table */
#define NMFI_TOY_CURVE_D 3    /* d = 1, 2, 3 in the plots */
#define NMFI_TOY_FIRST_CURVE 2 /* of A3 and A4 */

typedef struct nmfi_toy_params {
    const char *paths[NMFI_TOY_MATRICES]; /* A1.csv ... A4.csv           */
    const char *outdir;
    int iterations;          /* MU iterations of every fit               */
    uint64_t seed;
} nmfi_toy_params;

typedef struct nmfi_toy_fit {
    size_t d;
    uint64_t seed;
    double error;            /* ||A - W H||_F after the last iteration   */
    nmf_matrix *w, *h, *wh;
} nmfi_toy_fit;

typedef struct nmfi_toy_matrix {
    char name[8];            /* "A1"                                      */
    nmf_matrix *a;
    double sv[8];            /* singular values, largest first            */
    size_t nsv, rank;
    nmfi_toy_fit fit[NMFI_TOY_TABLE_D][NMFI_TOY_STARTS];
    int same_wh[NMFI_TOY_TABLE_D];      /* both starts' W H agree        */
    int same_factors[NMFI_TOY_TABLE_D]; /* W and H agree up to the scale
                                           and order of the parts        */
    nmf_result curve[NMFI_TOY_CURVE_D]; /* A3, A4: d = 1, 2, 3, seed S  */
    size_t ncurves;
} nmfi_toy_matrix;

typedef struct nmfi_toy_results {
    nmfi_toy_matrix m[NMFI_TOY_MATRICES];
} nmfi_toy_results;

/* Runs the study and writes DIR/summary.json, DIR/toy.csv and
 * DIR/report/ (index.html, error-A3.svg, error-A4.svg), all or nothing. */
nmf_status nmfi_study_toy(const nmfi_toy_params *p, nmfi_toy_results *r);
void nmfi_toy_results_free(nmfi_toy_results *r);

#endif
