/* launch.c -- whether this process was started by an MPI launcher
 * (mpirun, mpiexec, srun), from the environment it sets: the program
 * asks before initialising MPI, and a build without MPI refuses to run
 * one copy of the whole fit per rank. */
#include <config.h>

#include <stdlib.h>

#include "dist/grid.h"

int nmfi_dist_launched_size(void)
{
    /* Open MPI's, then MPICH's and Slurm's PMI. */
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"};
    for (size_t k = 0; k < sizeof vars / sizeof vars[0]; k++) {
        const char *v = getenv(vars[k]);
        if (v && *v) {
            long n = strtol(v, NULL, 10);
            return n >= 1 && n < 1 << 24 ? (int)n : 1;
        }
    }
    /* A PMIx launch that does not say the size still says the rank. */
    return getenv("PMIX_RANK") ? 1 : 0;
}
