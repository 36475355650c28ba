/* image_study.h -- the image studies of the reference text: decomposition
 * (`nmfkit images`), denoising (`nmfkit denoise`) and the d-sweep
 * (`nmfkit sweep`). Each loads an image set, factors it with nmf_mu (the
 * one solver; no copy of its loop here), writes figures, tables, a report
 * page and DIR/summary.json, all or nothing (io/outputs.h), and returns
 * its numbers for the caller to print. */
#ifndef NMFI_IMAGE_STUDY_H
#define NMFI_IMAGE_STUDY_H

#include <stddef.h>
#include <stdint.h>

#include "io/journal.h"
#include "nmfkit.h"
#include "study/fits.h"

typedef struct nmfi_image_params {
    const char *input;            /* sprite sheet or folder of PNGs     */
    size_t tile_w, tile_h;        /* tile size when input is a sheet    */
    size_t offset, count;         /* which images                       */
    size_t d;                     /* rank of the main fit               */
    const size_t *ds;             /* images: convergence ranks; sweep: ranks */
    size_t nds;
    /* The solver block (study/fits.h), progress included; each fit sets
     * its own d; the noise uses seed + 1. */
    nmfi_fit_block fit;
    double sigma;                 /* denoise, sweep                      */
    int with_parts;               /* compare W with the sprite parts     */
    const char *outdir;
    /* sweep: each d's finished fits recorded in *journal, opened by the
     * study once the images are read (saved to journal_save, resumed
     * from journal_resume; io/journal.h), and taken from it when it holds
     * them. NULL: none. A fit ended by fit.opt.interrupt is dropped and
     * ends the study, nothing written (results' interrupted). */
    nmfi_journal *journal;
    const char *journal_save, *journal_resume;
} nmfi_image_params;

void nmfi_image_params_init(nmfi_image_params *p);

typedef struct nmfi_image_results {
    size_t n_images, m;
    double norm_a;                /* ||A||_F of the clean images         */
    double rel_error;             /* images: main fit                    */
    int iterations;               /* images: main fit's, made            */
    nmf_stop stop;                /* images: why the main fit stopped    */
    double seconds;               /* whole study                         */
    size_t transparent_everywhere;
    double noisy_error, noisy_rel;       /* denoise, sweep */
    double denoised_error, denoised_rel; /* denoise */
    size_t best_d;                       /* sweep */
    double best_noisy_fit_rel;           /* sweep */
    int interrupted;                     /* sweep: see the params */
} nmfi_image_results;

nmf_status nmfi_study_images(const nmfi_image_params *p,
                             nmfi_image_results *r);
nmf_status nmfi_study_denoise(const nmfi_image_params *p,
                              nmfi_image_results *r);
nmf_status nmfi_study_sweep(const nmfi_image_params *p,
                            nmfi_image_results *r);

#endif
