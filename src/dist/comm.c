/* comm.c -- agreeing on a status, and the names of the iteration's steps. */
#include <config.h>

#include <string.h>

#include "core/error.h"
#include "dist/dist.h"

/* Far longer than any one-line message. */
#define MESSAGE_MAX 1024

nmf_status nmfi_dist_agree(MPI_Comm comm, nmf_status s)
{
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    int mine = s != NMF_OK ? rank : size, first;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm);
    if (first == size)
        return NMF_OK;
    struct {
        int status;
        char text[MESSAGE_MAX];
    } msg;
    memset(&msg, 0, sizeof msg);
    if (rank == first) {
        msg.status = (int)s;
        strncpy(msg.text, nmf_last_error(), MESSAGE_MAX - 1);
    }
    MPI_Bcast(&msg, (int)sizeof msg, MPI_BYTE, first, comm);
    return nmfi_error((nmf_status)msg.status, "%s", msg.text);
}

const char *nmfi_dist_step_name(int step)
{
    static const char *const names[NMFI_DIST_STEP_COUNT] = {
        [NMFI_DIST_W_GATHER] = "gather W_i",
        [NMFI_DIST_WTA] = "W'A",
        [NMFI_DIST_WTA_SUM] = "sum W'A",
        [NMFI_DIST_UPDATE_H] = "update H+HH'",
        [NMFI_DIST_HHT_SUM] = "sum HH'",
        [NMFI_DIST_H_GATHER] = "gather H_j",
        [NMFI_DIST_AHT] = "AH'",
        [NMFI_DIST_AHT_SUM] = "sum AH'",
        [NMFI_DIST_UPDATE_W] = "update W+W'W",
        [NMFI_DIST_WTW_SUM] = "sum W'W",
        [NMFI_DIST_STOP] = "error, stop",
    };
    return step >= 0 && step < NMFI_DIST_STEP_COUNT ? names[step] : "?";
}

int nmfi_dist_step_is_comm(int step)
{
    return step == NMFI_DIST_W_GATHER || step == NMFI_DIST_WTA_SUM
           || step == NMFI_DIST_HHT_SUM || step == NMFI_DIST_H_GATHER
           || step == NMFI_DIST_AHT_SUM || step == NMFI_DIST_WTW_SUM
           || step == NMFI_DIST_STOP;
}
