/* fuzz_input.h -- what every harness shares: the fuzzer's bytes as a file
 * our readers can open by path (they take paths, as the program does),
 * written under a per-process name in $TMPDIR and removed after each
 * input. The name's extension chooses the reader where it matters. */
#ifndef NMFKIT_FUZZ_INPUT_H
#define NMFKIT_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline const char *fuzz_file(const uint8_t *data, size_t size,
                                    const char *ext)
{
    static char path[512];
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/nmfkit-fuzz-%ld%s", dir ? dir : "/tmp",
             (long)getpid(), ext);
    FILE *fp = fopen(path, "wb");
    if (!fp)
        abort();    /* not the input's fault: stop the run loudly */
    if (size && fwrite(data, 1, size, fp) != size)
        abort();
    if (fclose(fp) != 0)
        abort();
    return path;
}

#endif
