/* steal.h -- a team's shares of independent units, with work stealing.
 *
 * nmfi_team_share deals units in fixed runs, one per thread. Each thread
 * then finds in its cache the rows and columns it touched in the last
 * product (the MU products and updates deal them the same way), but the
 * team waits for its slowest member, and on a shared machine (a lab
 * server, a cloud VM whose other vCPU another tenant is using) or on cores
 * of unequal speed that member can be far slower than the rest: with a
 * busy program on one of two cores, an MU iteration at n = 10000 took
 * longer on two threads than on one.
 *
 * Here each thread starts from the run nmfi_team_share would give it and
 * takes it a piece at a time from the front; a thread whose run is done
 * takes the back half of what is left of the fullest other run. With
 * threads of equal speed the runs are nmfi_team_share's, give or take the
 * last pieces. Which thread computes a unit then changes from call to
 * call: use this only for units every thread computes the same way (tiles
 * of C, groups summed in a fixed order), never to split a sum. */
#ifndef NMFI_STEAL_H
#define NMFI_STEAL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* Runs kept apart: larger teams share them (rank % NMFI_STEAL_RUNS), which
 * stays correct, since every claim is a compare-and-swap. */
enum { NMFI_STEAL_RUNS = 64 };

/* One thread's run [front, back) of unit indices, packed in one word so
 * that its owner (from the front) and thieves (from the back) claim with
 * one compare-and-swap; on a cache line of its own. */
typedef struct nmfi_steal_run {
    _Alignas(64) _Atomic uint64_t span;
} nmfi_steal_run;

typedef struct nmfi_steal {
    size_t units;  /* the units, 0 .. units - 1                        */
    size_t grain;  /* units per index: 1, unless units exceed 32 bits   */
    size_t runs;
    nmfi_steal_run run[NMFI_STEAL_RUNS];
} nmfi_steal;

/* Deal `units` into runs for a team of `team` threads (at least one), as
 * nmfi_team_share would. Call it before the team starts. */
void nmfi_steal_init(nmfi_steal *s, size_t units, size_t team);

/* The calling team member's next piece [lo, hi) of units; 0 when every
 * unit has been claimed. */
int nmfi_steal_next(nmfi_steal *s, size_t *lo, size_t *hi);

#endif
