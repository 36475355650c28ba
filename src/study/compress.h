/* compress.h -- `nmfkit compress`: one image as the matrix, factored at
 * several ranks. For each rank the clipped reconstruction W H as a PNG, its
 * relative error and PSNR, and how many values it stores against the
 * original; then the figure row, plots, CSV, summary.json and the report
 * page, all or nothing (io/outputs.h).
 *
 * The matrix is rows x columns of the image: one channel (alpha composited
 * over white first), the luminance, or with `color` the R, G and B planes
 * stacked as one (3 rows) x cols matrix. */
#ifndef NMFI_COMPRESS_H
#define NMFI_COMPRESS_H

#include <stddef.h>
#include <stdint.h>

#include "io/png.h"
#include "nmfkit.h"
#include "study/fits.h"

typedef enum nmfi_channel {
    NMFI_CHANNEL_R = 0,
    NMFI_CHANNEL_G = 1,
    NMFI_CHANNEL_B = 2,
    NMFI_CHANNEL_GRAY = 3  /* 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601) */
} nmfi_channel;

/* "r", "g", "b", "gray" -> channel; -1 for anything else. */
int nmfi_channel_parse(const char *text);
const char *nmfi_channel_name(nmfi_channel ch);

/* Values a rank-d factorization of a rows x cols matrix stores:
 * d (rows + cols). */
double nmfi_compress_stored(size_t d, size_t rows, size_t cols);
/* rows cols / stored: above 1 the factors are smaller than the image. */
double nmfi_compress_ratio(size_t d, size_t rows, size_t cols);
/* 10 log10(1 / mse) for values in [0, 1] (peak 1); +inf when mse is 0
 * (written as null in summary.json and "inf" in compress.csv). */
double nmfi_psnr(double mse);

/* The image as a matrix in [0, 1]: pixel (x, y) is entry (y, x), after
 * compositing alpha over white. With color, plane c (R, G, B) fills rows
 * c h .. c h + h - 1 and ch is ignored. New matrix in *out. */
nmf_status nmfi_image_to_matrix(const nmfi_image *img, nmfi_channel ch,
                                int color, nmf_matrix **out);
/* The inverse: a matrix (3 h rows with color) as an opaque image, gray
 * repeated in R, G and B; values clipped to [0, 1]. */
nmf_status nmfi_matrix_to_image(const nmf_matrix *m, int color,
                                nmfi_image *out);

/* W H clipped to [0, 1] into *rec (new), and the mean squared difference
 * from A over its entries in *mse. */
nmf_status nmfi_clipped_reconstruction(const nmf_matrix *a,
                                       const nmf_matrix *w,
                                       const nmf_matrix *h, nmf_matrix **rec,
                                       double *mse);

/* One rank's numbers. */
typedef struct nmfi_compress_rank {
    size_t rank;
    double rel_error;      /* ||A - WH||_F / ||A||_F (unclipped WH)      */
    double psnr;           /* of the clipped reconstruction, dB           */
    double stored;         /* d (rows + cols)                             */
    double original;       /* rows cols                                    */
    double ratio;          /* original / stored                            */
} nmfi_compress_rank;

typedef struct nmfi_compress_params {
    const char *input;       /* a PNG                                      */
    const char *input_about; /* how the page names it ("... (ours)")       */
    int input_is_default;
    const char *outdir;
    const size_t *ranks;     /* ascending                                  */
    size_t nranks;
    nmfi_channel channel;
    int color;
    /* The solver block (study/fits.h), progress included; each rank is
     * its own d. */
    nmfi_fit_block fit;
    /* Optional: done(ctx, r) after each rank with its numbers. */
    void (*done)(void *ctx, const nmfi_compress_rank *r);
    void *ctx;
} nmfi_compress_params;

/* channel g, the default solver block with 300 iterations. */
void nmfi_compress_params_init(nmfi_compress_params *p);

typedef struct nmfi_compress_results {
    size_t rows, cols;       /* of the matrix A                            */
    double seconds;
} nmfi_compress_results;

nmf_status nmfi_study_compress(const nmfi_compress_params *p,
                               nmfi_compress_results *r);

#endif
