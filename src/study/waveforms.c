/* waveforms.c -- the synthetic spike waveforms that are `nmfkit cluster`'s
 * offline default (waveforms.h). */
#include <config.h>

#include <math.h>
#include <stdio.h>

#include "core/rng.h"
#include "io/atomic_file.h"
#include "study/waveforms.h"

enum { SYN_SAMPLES = 150, SYN_COUNT = 300 };

static double bump(double t, double centre, double width)
{
    double z = (t - centre) / width;
    return exp(-0.5 * z * z);
}

/* The three shapes, trough at c: a narrow biphasic spike, a wide one with a
 * slow recovery, and a triphasic one (a positive lobe before the trough). */
static double shape(int kind, double t, double c)
{
    switch (kind) {
    case 0:
        return -bump(t, c, 2.5) + 0.45 * bump(t, c + 7, 4);
    case 1:
        return -0.7 * bump(t, c, 9) + 0.25 * bump(t, c + 30, 14);
    default:
        return 0.7 * bump(t, c - 12, 5) - 0.8 * bump(t, c, 4)
               + 0.6 * bump(t, c + 13, 6);
    }
}

static const char *const syn_names[] = {"narrow", "wide", "triphasic"};

nmf_status nmfi_make_waveforms(const char *path, uint64_t seed)
{
    nmfi_atomic_file f;
    nmf_status s = nmfi_atomic_open(&f, path);
    if (s != NMF_OK)
        return s;
    nmfi_rng rng;
    nmfi_rng_seed(&rng, seed);
    fputs("uid", f.fp);
    for (int i = 0; i < SYN_SAMPLES; i++)
        fprintf(f.fp, ",%d", i);
    fputs(",label\n", f.fp);
    for (int j = 0; j < SYN_COUNT; j++) {
        int kind = (int)(nmfi_rng_uniform(&rng) * 3);
        double c = 50 + 3 * (nmfi_rng_uniform(&rng) - 0.5);
        double amp = 0.8 + 0.4 * nmfi_rng_uniform(&rng);
        fprintf(f.fp, "syn%03d", j);
        for (int i = 0; i < SYN_SAMPLES; i++) {
            double v = amp * shape(kind, i, c) + 0.03 * nmfi_rng_normal(&rng);
            /* Fixed decimals: the file is the same wherever it is made. */
            fprintf(f.fp, ",%.5f", v);
        }
        fprintf(f.fp, ",%s\n", syn_names[kind]);
    }
    s = nmfi_atomic_commit(&f);
    nmfi_atomic_discard(&f);
    return s;
}
