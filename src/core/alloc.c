/* alloc.c -- aligned allocation with overflow checks. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

void *nmfi_aligned_alloc(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    size_t bytes = count * size;
    /* aligned_alloc wants a multiple of the alignment; never ask for 0. */
    bytes = (bytes + NMFI_ALIGN - 1) / NMFI_ALIGN * NMFI_ALIGN;
    if (bytes == 0)
        bytes = NMFI_ALIGN;
    void *p = NULL;
    if (posix_memalign(&p, NMFI_ALIGN, bytes) != 0)
        return NULL;
    return p;
}

void *nmfi_aligned_calloc(size_t count, size_t size)
{
    void *p = nmfi_aligned_alloc(count, size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void nmfi_aligned_free(void *p)
{
    free(p);
}

size_t nmfi_round_up_elems(size_t count, size_t size)
{
    size_t per_line = NMFI_ALIGN / size;
    if (per_line == 0)
        return count;
    return (count + per_line - 1) / per_line * per_line;
}
