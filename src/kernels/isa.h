/* isa.h -- the run-time choice of instruction set, one way for gcc and
 * clang.
 *
 * A generic x86-64 build (SSE2) still runs AVX-512 or AVX2 code where the
 * CPU has it: a function marked NMFI_CLONES is compiled three times, for
 * AVX-512, for FMA (AVX + FMA: all the float kernels need of AVX2
 * machines) and for the baseline, and the loader picks one per process.
 * NMFI_CLONES_NO512 leaves out the AVX-512 version, for code that has a
 * hand-chosen AVX-512 path (NMFI_TARGET_AVX512, taken when
 * nmfi_ukr_wide_native() says so). Each version is one feature: clang
 * (14) never picks a clone named "arch=x86-64-v3" (it asks the CPU for
 * that name, which no CPU has) and reads "avx2,fma" as two clones.
 * Cloned functions must be static and defined before their first use:
 * clang refuses to make a declared function multiversioned.
 * ./configure --disable-multiversion builds only for the CFLAGS target. */
#ifndef NMFI_ISA_H
#define NMFI_ISA_H

#ifdef NMF_HAVE_TARGET_CLONES
#define NMFI_CLONES \
    __attribute__((target_clones("avx512f", "fma", "default")))
#define NMFI_CLONES_NO512 __attribute__((target_clones("fma", "default")))
#define NMFI_TARGET_AVX512 __attribute__((target("avx512f,fma")))
#else
#define NMFI_CLONES
#define NMFI_CLONES_NO512
#define NMFI_TARGET_AVX512
#endif

#endif
