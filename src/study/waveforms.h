/* waveforms.h -- the synthetic spike waveform set. */
#ifndef NMFI_WAVEFORMS_H
#define NMFI_WAVEFORMS_H

#include <stdint.h>

#include "nmfkit.h"

/* The synthetic set data/waveforms-synth.csv: 300 spikes of three shapes
 * (150 samples each) with jitter and noise, header uid,0..149,label. */
nmf_status nmfi_make_waveforms(const char *path, uint64_t seed);

#endif
