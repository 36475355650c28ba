/* study.h -- `nmfkit ae`: the reference homework's comparison of NMF with
 * a convolutional autoencoder on faces, made fair. Both learn from the
 * same training faces; NMF encodes the test faces with W fixed
 * (nmf_transform, HALS), the autoencoder by its encoder. Beside the
 * reference setup (bottleneck 32 channels, whose code holds more numbers
 * than the face) it runs the pair at about equal code size, and the time
 * each method needs to reach the same test MSE. Writes DIR/summary.json,
 * DIR/ae_loss.csv, DIR/report/ (index.html, loss.svg, faces.png,
 * basis.png), all or nothing. */
#ifndef NMFI_AE_STUDY_H
#define NMFI_AE_STUDY_H

#include <stddef.h>
#include <stdint.h>

#include "nmfkit.h"
#include "study/fits.h"

typedef struct nmfi_ae_params {
    const char *input;        /* sheet, folder of PGM or PNG             */
    const char *input_about;  /* its credit line, or NULL                */
    const char *outdir;
    size_t tile_w, tile_h, count;
    int epochs;
    size_t batch, bottleneck;
    uint64_t seed;            /* weights, shuffles, the split, NMF start */
    double test_fraction;
    size_t nmf_d;
    nmfi_fit_block nmf;       /* NMF's solver, iterations, threads        */
    int equal_size;           /* also the pair at about equal code size   */
    /* After each epoch: the run's label, epoch (1-based), of epochs,
     * training loss, test MSE, seconds so far. */
    void (*epoch)(void *ctx, const char *label, int epoch, int epochs,
                  double loss, double test_mse, double seconds);
    void *ctx;
} nmfi_ae_params;

#define NMFI_AE_MAX_ROWS 4

typedef struct nmfi_ae_row {
    char method[64];
    size_t code_size;         /* numbers per face                        */
    size_t parameters;        /* the model's: AE weights, NMF's W         */
    double mse, psnr;         /* on the training faces                    */
    double test_mse, test_psnr;
    double seconds;           /* training wall time                       */
    int threads;
    double code_zeros;        /* AE: share of the test faces' code that the
                                 ReLU left 0 (1: a dead code); NMF: NaN   */
} nmfi_ae_row;

typedef struct nmfi_ae_results {
    size_t width, height, train, test;
    nmfi_ae_row rows[NMFI_AE_MAX_ROWS];
    size_t nrows;
    double *ae_loss;          /* per epoch, the reference AE              */
    int epochs;
    /* The same test MSE, the worse of the reference pair's finals, and
     * the seconds each needed to reach it (NaN: never). */
    double same_mse, ae_seconds_to_same, nmf_seconds_to_same;
} nmfi_ae_results;

nmf_status nmfi_study_ae(const nmfi_ae_params *p, nmfi_ae_results *r);
void nmfi_ae_results_free(nmfi_ae_results *r);

#endif
