/* figures.h -- the autoencoder study's figures: faces (original | NMF |
 * autoencoder), NMF's basis, the loss per epoch, and the test MSE
 * against the training seconds. Images are columns of (w h) x count
 * matrices in [0, 1] (faces.h's layout). */
#ifndef NMFI_AE_FIGURES_H
#define NMFI_AE_FIGURES_H

#include <stddef.h>

#include "nmfkit.h"

/* Three rows of as many faces as rows[1] has columns, 1:1. */
nmf_status nmfi_ae_faces_png(const char *path, const nmf_matrix *const rows[3],
                             size_t width, size_t height);
/* Each column of W scaled to its own maximum, 10 to a row. */
nmf_status nmfi_ae_basis_png(const char *path, const nmf_matrix *w,
                             size_t width, size_t height);
/* The training loss and the test MSE of each of n epochs. */
nmf_status nmfi_ae_loss_svg(const char *path, const double *loss,
                            const double *test_mse, size_t n);

#define NMFI_AE_MAX_CURVES 8
typedef struct nmfi_ae_curve {
    const char *label;
    const double *seconds, *test_mse;
    size_t n;
} nmfi_ae_curve;
/* Test MSE against training seconds, one line per run. */
nmf_status nmfi_ae_time_svg(const char *path, const nmfi_ae_curve *curves,
                            size_t n);

#endif
