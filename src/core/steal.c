/* steal.c -- work stealing over a team's static shares (steal.h). */
#include <config.h>

#include "core/steal.h"
#include "core/threads.h"

static uint64_t span_of(uint32_t front, uint32_t back)
{
    return (uint64_t)front | (uint64_t)back << 32;
}

static uint32_t front_of(uint64_t span)
{
    return (uint32_t)span;
}

static uint32_t back_of(uint64_t span)
{
    return (uint32_t)(span >> 32);
}

void nmfi_steal_init(nmfi_steal *s, size_t units, size_t team)
{
    /* Indices of `grain` units each, so that every index fits 32 bits. */
    size_t grain = units / UINT32_MAX + 1;
    size_t count = (units + grain - 1) / grain;
    size_t runs = team < 1 ? 1 : team < NMFI_STEAL_RUNS ? team
                                                        : NMFI_STEAL_RUNS;
    s->units = units;
    s->grain = grain;
    s->runs = runs;
    for (size_t r = 0; r < runs; r++) {
        size_t lo, hi;
        nmfi_share_of(count, runs, r, &lo, &hi);
        atomic_init(&s->run[r].span, span_of((uint32_t)lo, (uint32_t)hi));
    }
}

/* The owner's piece: a quarter of what is left of its run (at least one
 * index), so a thread that falls behind still holds some for others. */
static int take_front(nmfi_steal_run *run, uint32_t *lo, uint32_t *hi)
{
    uint64_t old = atomic_load(&run->span);
    for (;;) {
        uint32_t front = front_of(old), back = back_of(old);
        if (front >= back)
            return 0;
        uint32_t take = (back - front) / 4;
        if (take == 0)
            take = 1;
        if (atomic_compare_exchange_weak(&run->span, &old,
                                         span_of(front + take, back))) {
            *lo = front;
            *hi = front + take;
            return 1;
        }
    }
}

/* A thief's piece: the back half (rounded up) of the fullest other run. */
static int steal_back(nmfi_steal *s, size_t home, uint32_t *lo,
                      uint32_t *hi)
{
    for (;;) {
        size_t victim = home;
        uint32_t most = 0;
        uint64_t seen = 0;
        for (size_t r = 0; r < s->runs; r++) {
            uint64_t span = atomic_load(&s->run[r].span);
            uint32_t left = front_of(span) < back_of(span)
                                ? back_of(span) - front_of(span) : 0;
            if (r != home && left > most) {
                victim = r;
                most = left;
                seen = span;
            }
        }
        if (most == 0)
            return 0;
        uint32_t front = front_of(seen), back = back_of(seen);
        uint32_t take = (most + 1) / 2;
        /* Fails if the run changed since it was read: look again. */
        if (atomic_compare_exchange_strong(&s->run[victim].span, &seen,
                                           span_of(front, back - take))) {
            *lo = back - take;
            *hi = back;
            return 1;
        }
    }
}

int nmfi_steal_next(nmfi_steal *s, size_t *lo, size_t *hi)
{
    size_t home = (size_t)nmfi_team_rank() % s->runs;
    uint32_t a, b;
    if (!take_front(&s->run[home], &a, &b) && !steal_back(s, home, &a, &b))
        return 0;
    *lo = (size_t)a * s->grain;
    *hi = (size_t)b * s->grain < s->units ? (size_t)b * s->grain : s->units;
    return 1;
}
