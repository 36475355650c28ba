/* blocking.c -- KC, MC and NC from this machine's cache sizes, and the
 * rules that turn blocking.h's constants into a slice depth or a team.
 *
 * The sizes come from sysconf (glibc reads CPUID); on a system without
 * them, or with nonsense, the fallbacks are the machine the blocking was
 * tuned on. */
#include <config.h>

#include <pthread.h>
#include <unistd.h>

#include "core/threads.h"
#include "kernels/blocking.h"

enum {
    FALLBACK_L1D = 48 * 1024,
    FALLBACK_L2 = 1024 * 1024,
    FALLBACK_L3_SHARE = 4 * 1024 * 1024,
};

/* A cache size read back as something plausible, else the fallback. */
static size_t plausible(size_t bytes, size_t lo, size_t hi, size_t fallback)
{
    return bytes >= lo && bytes <= hi ? bytes : fallback;
}

static size_t round_down(size_t x, size_t to)
{
    return x / to * to;
}

nmfi_blocking nmfi_blocking_for(size_t l1d, size_t l2, size_t l3,
                                size_t cpus)
{
    nmfi_blocking b;
    b.l1d = plausible(l1d, 8 * 1024, 1024 * 1024, FALLBACK_L1D);
    b.l2 = plausible(l2, 64 * 1024, 64 * 1024 * 1024, FALLBACK_L2);
    /* An L3 smaller than L2 is not one (or not known). */
    size_t share = l3 >= b.l2 && cpus ? l3 / cpus : FALLBACK_L3_SHARE;
    if (share < b.l2)
        share = b.l2;
    if (share > 4 * b.l2)
        share = 4 * b.l2;
    b.l3_share = share;
    b.l3 = l3;

    const size_t real = sizeof(nmf_real);
    size_t kc = NMFI_KC_MAX;
    while (kc > NMFI_KC_MIN && 5 * (MR + NR) * kc * real > 3 * b.l1d)
        kc /= 2;
    b.kc = kc;
    b.mc = round_down(b.l2 / 2 / (kc * real), MR_WIDE);
    if (b.mc < MR_WIDE)
        b.mc = MR_WIDE;
    b.nc = round_down(b.l3_share / (kc * real), NR);
    if (b.nc < NR)
        b.nc = NR;
    return b;
}

static nmfi_blocking machine;
static pthread_once_t machine_once = PTHREAD_ONCE_INIT;

/* sysconf's answer as a size, 0 when it has none. */
static size_t sysconf_size(int name)
{
    long v = sysconf(name);
    return v > 0 ? (size_t)v : 0;
}

static void machine_read(void)
{
    size_t l1d = 0, l2 = 0, l3 = 0;
#ifdef _SC_LEVEL1_DCACHE_SIZE
    l1d = sysconf_size(_SC_LEVEL1_DCACHE_SIZE);
    l2 = sysconf_size(_SC_LEVEL2_CACHE_SIZE);
    l3 = sysconf_size(_SC_LEVEL3_CACHE_SIZE);
#endif
    machine = nmfi_blocking_for(l1d, l2, l3,
                                sysconf_size(_SC_NPROCESSORS_ONLN));
}

const nmfi_blocking *nmfi_blocking_get(void)
{
    pthread_once(&machine_once, machine_read);
    return &machine;
}

size_t nmfi_team_size(void)
{
    return nmfi_in_team() ? 1 : (size_t)nmfi_threads_max();
}

int nmfi_team_pays(size_t m, size_t n, size_t k, size_t units,
                   size_t threads)
{
    return threads > 1 && units >= NMFI_TEAM_TILES_PER_THREAD * threads
           && 2.0 * (double)m * (double)n * (double)k >= NMFI_TEAM_MIN_FLOPS;
}

static size_t min_size(size_t x, size_t y)
{
    return x < y ? x : y;
}

size_t nmfi_depth_cols(size_t m, size_t k)
{
    size_t block_rows = min_size(m, nmfi_blocking_get()->mc);
    size_t most = NMFI_KC_COLS;
    if (block_rows * NMFI_KC_COLS * sizeof(nmf_real)
        > NMFI_COLS_A_BLOCK_BYTES)
        most = NMFI_COLS_A_BLOCK_BYTES / (block_rows * sizeof(nmf_real));
    if (k <= most)
        return NMFI_KC_COLS;
    size_t slices = (k + most - 1) / most;
    return (k + slices - 1) / slices;
}

size_t nmfi_depth_rows(size_t n)
{
    return NMFI_KC_ROWS * n * sizeof(nmf_real) <= NMFI_ROWS_B_BLOCK_BYTES
               ? NMFI_KC_ROWS : NMFI_KC_ROWS / 2;
}
