/* traffic.h -- bytes from memory by the loops' own structure: the model
 * that puts a GEMM step or a phase of an iteration on the roofline.
 *
 * The model counts what must cross between memory and the last-level
 * cache, by the loops' reuse and the cache's size, in elements of nmf_real
 * (times sizeof(nmf_real) for bytes); intensity = flops / bytes. A small
 * operand that a loop keeps in cache (W'W in the updates, one row of
 * op(A) in v0) is counted once. */
#ifndef NMFI_LAB_TRAFFIC_H
#define NMFI_LAB_TRAFFIC_H

#include <stddef.h>

#include "kernels/gemm.h"
#include "nmfkit.h"

/* Bytes of C = op(A) op(B), m x n x k, beta = 0, by `traffic`'s loops,
 * with this machine's blocking for the blocked ones. */
double nmfi_gemm_bytes(nmfi_traffic traffic, size_t m, size_t n, size_t k);

/* A formula of nmfi_gemm_bytes as text, for the table and the handout. */
const char *nmfi_gemm_bytes_formula(nmfi_traffic traffic);

/* Bytes of one run of an iteration's phase (nmf_profile_step) of the
 * Frobenius loop at m x n, rank d; `passes`: the times the update ran in
 * it (1, or ahals/amu's repeats). 0 for a phase the model leaves out. */
double nmfi_phase_bytes(nmf_profile_step step, size_t m, size_t n, size_t d,
                        double passes);
const char *nmfi_phase_bytes_formula(nmf_profile_step step);

#endif
