/* step_notes.h -- each GEMM step's head comment (its idea, what changed
 * since the step before, the bench line), as text in the program: the
 * installed `nmfkit bench --explain` has no source tree to read. */
#ifndef NMFI_LAB_STEP_NOTES_H
#define NMFI_LAB_STEP_NOTES_H

#include <stddef.h>

typedef struct nmfi_step_note {
    const char *step;   /* "v3"                                  */
    const char *text;   /* the head comment, lines ending in \n   */
} nmfi_step_note;

extern const nmfi_step_note nmfi_step_notes[];
extern const size_t nmfi_step_nnotes;

/* The note of a step, or NULL. */
const char *nmfi_step_note_of(const char *step);

#endif
