/* mpi_api.c -- the public nmf_fit_mpi as a program would call it, for
 * tests/mpi_factor.sh (run under mpirun):
 *
 *   mpi_api A.npy W.npy H.npy D ITERATIONS PR PC
 *
 * fits MU with the default options, prints rank 0's final error, and
 * exits 2 with nmf_last_error() on rank 0 when the fit fails. */
#include <stdio.h>
#include <stdlib.h>

#include "nmfkit_mpi.h"

int main(int argc, char **argv)
{
    int provided, rank;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (argc != 8) {
        if (rank == 0)
            fprintf(stderr, "usage: mpi_api A.npy W.npy H.npy D ITERATIONS"
                    " PR PC\n");
        MPI_Finalize();
        return 2;
    }
    nmf_options opt;
    nmf_options_init(&opt);
    opt.d = strtoul(argv[4], NULL, 10);
    opt.max_iter = atoi(argv[5]);
    nmf_result r;
    nmf_status s = nmf_fit_mpi(MPI_COMM_WORLD, argv[1], 0, &opt,
                               atoi(argv[6]), atoi(argv[7]), argv[2],
                               argv[3], &r);
    if (rank == 0) {
        if (s == NMF_OK)
            printf("%d iterations, error %.9g of ||A|| %.9g\n", r.iterations,
                   r.error[r.iterations - 1], r.norm_a);
        else
            fprintf(stderr, "mpi_api: %s\n", nmf_last_error());
    }
    nmf_result_free(&r);
    MPI_Finalize();
    return s == NMF_OK ? 0 : 2;
}
