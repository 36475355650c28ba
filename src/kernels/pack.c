/* pack.c -- copy blocks of op(A) and op(B) into the panel layout of ukr.h.
 *
 * Each routine reads the source down its stored columns (unit stride) and
 * scatters into the small panel, which sits in L1/L2.  The source is big
 * and comes from DRAM at a stride of ld per column, which the hardware
 * prefetcher does not follow, so while packing one panel we prefetch the
 * lines the next panel will read: packing all of a 1728 x 10000 float
 * matrix took 7.5 ms without it and 3.1-3.8 ms with it (memcpy: 4.3 ms).
 */
#include <config.h>

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "kernels/blocking.h"
#include "kernels/pack.h"
#include "kernels/transpose.h"

/* nmf_reals per 64-byte cache line: one prefetch per line is enough. */
#define LINE (64 / sizeof(nmf_real))

/* The next panel's lines lie past the end of the matrix when this panel is
 * the last one. A prefetch never faults, but forming such a pointer is
 * undefined in C, so the address is computed as an integer. */
static inline void prefetch_ahead(const nmf_real *base, size_t offset)
{
    __builtin_prefetch((const void *)((uintptr_t)base
                                      + offset * sizeof(nmf_real)));
}

/* op(A)(i, p) = a[p + i lda]: a panel row is a piece of a stored column,
 * so the pack is a transpose (transpose.c: 8 x 8 blocks transposed in
 * registers, within 32 x 32 blocks that stay in L1). W'W at m = 1728 on
 * one thread: 173 us element by element -> 100 (blocks of p) -> 88 (eight
 * rows side by side, a vector store per p); with v10, 85 -> 76 us for
 * 8 x 8 blocks (the pack 20 -> 12 % of the samples). */
static void pack_a_transposed(size_t height, size_t mr, size_t kc,
                              const nmf_real *a, size_t lda, size_t i0,
                              size_t p0, nmf_real *restrict dst)
{
    nmfi_transpose_serial(kc, mr, a + p0 + i0 * lda, lda, dst, height);
    if (mr < height)
        for (size_t p = 0; p < kc; p++)
            for (size_t z = mr; z < height; z++)
                dst[z + p * height] = 0;
}

/* One panel `height` rows tall (see pack.h's nmfi_pack_a); `height` is a
 * constant after inlining, so the copies are fixed-length vector moves. */
static inline __attribute__((always_inline)) void
pack_a_panel(nmf_trans ta, const size_t height, size_t mr, size_t kc,
             const nmf_real *a, size_t lda, size_t i0, size_t p0,
             nmf_real *restrict dst)
{
    if (ta == NMF_NOTRANS) {
        /* op(A)(i, p) = a[i + p lda]: a panel column is a piece of a
         * stored column; the next panel's piece is right below it.  Whole
         * panels get a fixed-length copy, which compiles to a few vector
         * moves instead of a memcpy call per column. */
        const nmf_real *restrict src = a + i0 + p0 * lda;
        if (mr == height) {
            for (size_t p = 0; p < kc; p++, src += lda) {
                /* Every line of the next panel's column (2 for MR_WIDE). */
                for (size_t l = 0; l < height; l += LINE)
                    prefetch_ahead(src, height + l);
                for (size_t r = 0; r < height; r++)
                    dst[r + p * height] = src[r];
            }
        } else {
            for (size_t p = 0; p < kc; p++, src += lda)
                for (size_t r = 0; r < height; r++)
                    dst[r + p * height] = r < mr ? src[r] : 0;
        }
    } else {
        pack_a_transposed(height, mr, kc, a, lda, i0, p0, dst);
    }
}

static void pack_b_panel(nmf_trans tb, size_t kc, size_t nr,
                       const nmf_real *b, size_t ldb, size_t p0, size_t j0,
                       nmf_real *restrict dst)
{
    if (tb == NMF_NOTRANS) {
        /* op(B)(p, j) = b[p + j ldb]: a panel column is a piece of a
         * stored column.  The NR columns are walked side by side, NR
         * streams at once (2.7x faster than one after the other), and the
         * next panel's NR columns are prefetched a line at a time. */
        const nmf_real *restrict src = b + p0 + j0 * ldb;
        if (nr == NR) {
            for (size_t p = 0; p < kc; p++) {
                if (p % LINE == 0)
                    for (size_t c = 0; c < NR; c++)
                        prefetch_ahead(src, p + (NR + c) * ldb);
#pragma GCC unroll 16
                for (size_t c = 0; c < NR; c++)
                    dst[c + p * NR] = src[p + c * ldb];
            }
        } else {
            for (size_t p = 0; p < kc; p++)
                for (size_t c = 0; c < NR; c++)
                    dst[c + p * NR] = c < nr ? src[p + c * ldb] : 0;
        }
    } else {
        /* op(B)(p, j) = b[j + p ldb]: a panel row is a piece of a stored
         * column, and the next panel's row continues it. */
        const nmf_real *restrict src = b + j0 + p0 * ldb;
        if (nr == NR) {
            for (size_t p = 0; p < kc; p++, src += ldb)
#pragma GCC unroll 16
                for (size_t c = 0; c < NR; c++)
                    dst[c + p * NR] = src[c];
        } else {
            for (size_t p = 0; p < kc; p++, src += ldb)
                for (size_t c = 0; c < NR; c++)
                    dst[c + p * NR] = c < nr ? src[c] : 0;
        }
    }
}

void nmfi_pack_a(nmf_trans ta, size_t height, size_t mc, size_t kc,
                 const nmf_real *a, size_t lda, size_t i0, size_t p0,
                 nmf_real *dst)
{
    for (size_t ir = 0; ir < mc; ir += height) {
        size_t mr = mc - ir < height ? mc - ir : height;
        if (height == MR_WIDE)
            pack_a_panel(ta, MR_WIDE, mr, kc, a, lda, i0 + ir, p0,
                         dst + ir * kc);
        else
            pack_a_panel(ta, MR, mr, kc, a, lda, i0 + ir, p0, dst + ir * kc);
    }
}

void nmfi_pack_b(nmf_trans tb, size_t kc, size_t nc,
                 const nmf_real *b, size_t ldb, size_t p0, size_t j0,
                 nmf_real *dst)
{
    for (size_t jr = 0; jr < nc; jr += NR) {
        size_t nr = nc - jr < NR ? nc - jr : NR;
        pack_b_panel(tb, kc, nr, b, ldb, p0, j0 + jr, dst + jr * kc);
    }
}

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

static size_t round_up(size_t x, size_t to)
{
    return (x + to - 1) / to * to;
}

int nmfi_pack_buffers(size_t height, size_t m, size_t n, size_t k,
                      nmf_real **apack, nmf_real **bpack)
{
    return nmfi_pack_buffers_kc(height, nmfi_blocking_get()->kc, m, n, k,
                                apack, bpack);
}

/* ---- The per-thread buffer cache --------------------------------------
 *
 * A product's buffers are a few hundred KB, above glibc's first mmap
 * threshold, so allocating them per call cost an mmap, a page fault per
 * 4 KB and a munmap each time: the 64 x 64 x 1728 W'W took 1.5 ms instead
 * of 0.17 in the first iterations of a run, until malloc's threshold
 * adapted. Each thread keeps the last pair it released instead (the larger
 * when two come back: a product run inside another allocates its own), and
 * frees it when the thread ends. Each buffer carries its capacity in a
 * 64-byte head. */
#define HEAD (64 / sizeof(nmf_real))

typedef struct pack_cache {
    nmf_real *a, *b;
    nmf_real *scratch;  /* v8's partial sums */
} pack_cache;

static _Thread_local pack_cache cache;
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static int cache_key_ok;

static size_t capacity(const nmf_real *p)
{
    size_t cap;
    memcpy(&cap, p - HEAD, sizeof cap);
    return cap;
}

static nmf_real *buffer_new(size_t need)
{
    /* At least one value, so the pointer handed out lies inside its block
     * (one past a 64-byte head looks like a leak to LeakSanitizer). */
    if (need == 0)
        need = 1;
    if (need > SIZE_MAX / sizeof(nmf_real) - HEAD)
        return NULL;
    nmf_real *raw = nmfi_aligned_alloc(need + HEAD, sizeof(nmf_real));
    if (!raw)
        return NULL;
    memcpy(raw, &need, sizeof need);
    return raw + HEAD;
}

static void buffer_free(nmf_real *p)
{
    if (p)
        nmfi_aligned_free(p - HEAD);
}

static void cache_free(void *p)
{
    pack_cache *c = p;
    buffer_free(c->a);
    buffer_free(c->b);
    buffer_free(c->scratch);
    c->a = c->b = c->scratch = NULL;
}

static void cache_key_make(void)
{
    cache_key_ok = pthread_key_create(&cache_key, cache_free) == 0;
}

/* The cached buffer when it holds `need` values, else a new one. */
static nmf_real *take(nmf_real **slot, size_t need)
{
    nmf_real *p = *slot;
    *slot = NULL;
    if (p && capacity(p) >= need)
        return p;
    buffer_free(p);
    return buffer_new(need);
}

static void give_back(nmf_real **slot, nmf_real *p)
{
    if (!p)
        return;
    if (*slot && capacity(*slot) >= capacity(p)) {
        buffer_free(p);
        return;
    }
    buffer_free(*slot);
    *slot = p;
    /* Register this thread's cache for freeing at its end. */
    pthread_once(&cache_once, cache_key_make);
    if (cache_key_ok)
        pthread_setspecific(cache_key, &cache);
}

int nmfi_pack_buffers_kc(size_t height, size_t kc_block, size_t m, size_t n,
                         size_t k, nmf_real **apack, nmf_real **bpack)
{
    size_t kc_max = min_size(kc_block, k);
    const nmfi_blocking *bk = nmfi_blocking_get();
    *apack = take(&cache.a, min_size(bk->mc, round_up(m, height)) * kc_max);
    *bpack = take(&cache.b, kc_max * min_size(bk->nc, round_up(n, NR)));
    if (*apack && *bpack)
        return 0;
    nmfi_pack_release(*apack, *bpack);
    *apack = *bpack = NULL;
    return -1;
}

void nmfi_pack_release(nmf_real *apack, nmf_real *bpack)
{
    give_back(&cache.a, apack);
    give_back(&cache.b, bpack);
}

nmf_real *nmfi_scratch_take(size_t count)
{
    return take(&cache.scratch, count);
}

void nmfi_scratch_give_back(nmf_real *p)
{
    give_back(&cache.scratch, p);
}
