/* fields.h -- the one tokenizer of our text tables: a line cut into
 * fields, and a field read as a number, with the error line that names
 * the file, line and column. csv.c (numpy.savetxt matrices) and table.c
 * (labelled waveform files) both read through it. */
#ifndef NMFI_FIELDS_H
#define NMFI_FIELDS_H

#include <stddef.h>

#include "nmfkit.h"

typedef struct nmfi_fields {
    char **at;       /* the fields, pointing into the line */
    size_t n, cap;
} nmfi_fields;

/* Cut `line` (NUL-terminated, modified in place) into f's fields: at
 * every comma, blanks around each field trimmed (comma != 0), or at runs
 * of blanks and tabs (comma = 0, leading and trailing blanks ignored).
 * NMF_OK, or NMF_E_NOMEM with the error recorded. */
nmf_status nmfi_fields_split(nmfi_fields *f, char *line, int comma);
void nmfi_fields_free(nmfi_fields *f);

/* How a field reads as one nmf_real (strtof in the float build: parsing
 * to double and then rounding could round twice). */
typedef enum nmfi_number {
    NMFI_NUMBER_OK,
    NMFI_NUMBER_EMPTY,     /* nothing there                          */
    NMFI_NUMBER_NOT,       /* no number at the start                 */
    NMFI_NUMBER_TRAILING,  /* a number, then something else          */
    NMFI_NUMBER_RANGE      /* overflows nmf_real (underflow is fine) */
} nmfi_number;

nmfi_number nmfi_field_real(const char *field, nmf_real *v);

/* Records "PATH: line L, column C: WHY: "FIELD"" (the field cut to 24
 * characters, control bytes shown as '?') and returns the status:
 * NMF_E_INVAL for a value out of range, else NMF_E_FORMAT. */
nmf_status nmfi_field_error(nmfi_number why, const char *path, size_t line,
                            size_t col, const char *field);

#endif
