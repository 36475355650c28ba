/* fuzz_journal.c -- the study journal reader (io/journal.c), as `select`
 * and `sweep --resume` read it: header, identity match, fit lines. */
#include <config.h>

#include "fuzz_input.h"
#include "io/journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".journal");
    nmf_options opt;
    nmf_options_init(&opt);
    char id[NMFI_CHECKPOINT_IDENTITY_MAX];
    nmfi_journal_identity(&opt, 3, 4, 1, "study fuzz\n", id);
    nmfi_journal j;
    if (nmfi_journal_open(&j, NULL, path, id) == NMF_OK) {
        (void)nmfi_journal_find(&j, "d=2");
        nmfi_journal_free(&j);
    }
    remove(path);
    return 0;
}
