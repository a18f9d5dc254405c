/* SPDX-License-Identifier: MIT
 * report_html.h — the HTML report: one self-contained page in Vietnamese with inline SVG charts and
 * the open complaint flags at the top. Reached through report_write (report.h), which flushes the
 * stream and checks it; this only writes. */
#ifndef HL_REPORT_HTML_H
#define HL_REPORT_HTML_H

#include "report.h"

#include <stdio.h>

/* Writes r (borrowed) to out (the caller's) as the page. HL_OK, or HL_ERR_NOMEM. */
int report_html_write(FILE *out, const struct report *r);

/* What every HTML report page shares (report766_html.c too): the opening — doctype, lang="vi",
 * viewport, the Content-Security-Policy (inline style only), <title> (escaped), the reports' style
 * sheet followed by extra_css (NULL: none) — up to and with <body>; and s escaped for HTML text and
 * attribute values. */
void report_html_begin(FILE *out, const char *title, const char *extra_css);
void report_html_text(FILE *out, const char *s);

#endif
