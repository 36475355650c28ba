/* fpenv.c -- the flush-to-zero switch of the CPUs we build for
 * (fpenv.h): MXCSR's FTZ (bit 15) and DAZ (bit 6) on x86 with SSE,
 * FPCR's FZ (bit 24) on AArch64. */
#include <config.h>

#include "core/fpenv.h"

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define FLUSH_BITS 0x8040UL
static unsigned long control_get(void) { return _mm_getcsr(); }
static void control_set(unsigned long v) { _mm_setcsr((unsigned)v); }
#elif defined(__aarch64__) && defined(__GNUC__)
#define FLUSH_BITS (1UL << 24)
static unsigned long control_get(void)
{
    unsigned long v;
    __asm__ volatile("mrs %0, fpcr" : "=r"(v));
    return v;
}
static void control_set(unsigned long v)
{
    __asm__ volatile("msr fpcr, %0" : : "r"(v));
}
#else
#define FLUSH_BITS 0UL
static unsigned long control_get(void) { return 0; }
static void control_set(unsigned long v) { (void)v; }
#endif

/* Every thread of a team the size the fit's loops use gets `v`. */
static void set_in_team(unsigned long v)
{
    control_set(v);
    #pragma omp parallel
    control_set(v);
}

void nmfi_fpenv_flush(nmfi_fpenv *env, int keep)
{
    env->saved = control_get();
    env->active = !keep && FLUSH_BITS != 0;
    if (env->active)
        set_in_team(env->saved | FLUSH_BITS);
}

void nmfi_fpenv_restore(nmfi_fpenv *env)
{
    if (env->active)
        set_in_team(env->saved);
    env->active = 0;
}
