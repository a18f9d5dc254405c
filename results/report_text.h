/* SPDX-License-Identifier: MIT
 * report_text.h — the plain writers of a report: an aligned table for the terminal, CSV (UTF-8 with
 * a BOM, CRLF lines) for spreadsheets, and stable JSON. Reached through report_write (report.h),
 * which flushes the stream and checks it; these only write. */
#ifndef HL_REPORT_TEXT_H
#define HL_REPORT_TEXT_H

#include "report.h"

#include <stdio.h>

/* Each writes r (borrowed) to out (the caller's). HL_OK, or HL_ERR_NOMEM; HL_ERR_IO when out fails
 * (JSON only: the others leave it to report_write's check of the stream). */
int report_text_table(FILE *out, const struct report *r);
int report_text_csv(FILE *out, const struct report *r);
int report_text_json(FILE *out, const struct report *r);

#endif
