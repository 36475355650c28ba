/* pgm.h -- binary PGM (P5, netpbm), read by our own code: the format of
 * the ORL faces. The header is "P5", width, height and maxval, separated
 * by whitespace, with '#' comments to the end of a line anywhere between
 * them; then exactly one whitespace byte, and width x height samples of
 * one byte (maxval < 256) or two, most significant first (maxval up to
 * 65535). */
#ifndef NMFI_PGM_H
#define NMFI_PGM_H

#include <stddef.h>

#include "nmfkit.h"

typedef struct nmfi_gray {
    size_t width, height;
    float *pix;            /* row-major, in [0, 1]: sample / maxval */
} nmfi_gray;

/* NMF_E_IO if the file cannot be read; NMF_E_FORMAT, naming the file and
 * what is wrong, for another magic number, a bad header, maxval outside
 * 1..65535, a sample above maxval, or a file cut short. */
nmf_status nmfi_pgm_read(const char *path, nmfi_gray *out);
void nmfi_gray_free(nmfi_gray *g);

#endif
