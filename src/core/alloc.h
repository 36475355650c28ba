/* alloc.h -- 64-byte aligned allocation for matrices and packed panels.
 * One cache line and one AVX-512 register: aligned columns let the
 * vectorised loops use aligned loads and keep panels from straddling lines. */
#ifndef NMFI_ALLOC_H
#define NMFI_ALLOC_H

#include <stddef.h>

#define NMFI_ALIGN 64

/* NULL on failure or on a size that overflows count * size. */
void *nmfi_aligned_alloc(size_t count, size_t size);
void *nmfi_aligned_calloc(size_t count, size_t size);
void nmfi_aligned_free(void *p);

/* count rounded up so count * size is a multiple of NMFI_ALIGN. */
size_t nmfi_round_up_elems(size_t count, size_t size);

#endif
