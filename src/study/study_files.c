/* study_files.c -- a study's files (study_files.h). */
#include <config.h>

#include <stdio.h>

#include "core/error.h"
#include "report/html.h"
#include "report/json.h"
#include "study/study_files.h"

const char *const nmfi_study_subdirs[] = {"report", NULL};

const char *nmfi_report_path(nmfi_outputs *o, const char *file)
{
    char name[256];
    if ((size_t)snprintf(name, sizeof name, "report/%s", file)
        >= sizeof name) {
        nmfi_error(NMF_E_INTERNAL, "report/%s: name too long", file);
        return NULL;
    }
    return nmfi_outputs_path(o, name);
}

nmf_status nmfi_report_figure(struct nmfi_html *html, nmf_status st,
                              const char *file, const char *caption)
{
    if (st == NMF_OK)
        nmfi_html_figure(html, file, caption);
    return st;
}

nmf_status nmfi_study_finish(nmfi_outputs *o, nmf_status status,
                             struct nmfi_json *json,
                             const struct nmfi_html *html)
{
    if (status == NMF_OK)
        status = nmfi_json_write(json, nmfi_outputs_path(o, "summary.json"));
    if (status == NMF_OK)
        status = nmfi_html_write(html, nmfi_outputs_path(o,
                                                         "report/index.html"));
    if (status == NMF_OK)
        return nmfi_outputs_commit(o);
    nmfi_outputs_abort(o);
    return status;
}
