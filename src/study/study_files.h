/* study_files.h -- where a study's files go, written once for every
 * study: DIR/summary.json, DIR/report/index.html and its figures, all
 * through one output set (io/outputs.h), all or nothing. */
#ifndef NMFI_STUDY_FILES_H
#define NMFI_STUDY_FILES_H

#include "io/outputs.h"
#include "nmfkit.h"

struct nmfi_json;
struct nmfi_html;

/* The subfolders a study's output set is opened with. */
extern const char *const nmfi_study_subdirs[];

/* Where to write report/FILE (io/outputs.h's nmfi_outputs_path). */
const char *nmfi_report_path(nmfi_outputs *o, const char *file);

/* When st is NMF_OK, add FILE to the report with its caption; st. */
nmf_status nmfi_report_figure(struct nmfi_html *html, nmf_status st,
                              const char *file, const char *caption);

/* The end of every study: when `status` is NMF_OK, write json as
 * summary.json and html as report/index.html and commit the set;
 * otherwise, or if any of that fails, abort it. Returns the outcome. */
nmf_status nmfi_study_finish(nmfi_outputs *o, nmf_status status,
                             struct nmfi_json *json,
                             const struct nmfi_html *html);

#endif
