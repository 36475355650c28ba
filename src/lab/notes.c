/* notes.c -- finding a step's note in the generated table. */
#include <config.h>

#include <string.h>

#include "lab/step_notes.h"

const char *nmfi_step_note_of(const char *step)
{
    for (size_t i = 0; i < nmfi_step_nnotes; i++)
        if (strcmp(nmfi_step_notes[i].step, step) == 0)
            return nmfi_step_notes[i].text;
    return NULL;
}
