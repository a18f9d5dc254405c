/* SPDX-License-Identifier: MIT
 * report_chart.h — the HTML report's charts, as inline SVG in Vietnamese: the index per group with
 * its 95 % interval, n, the target and the previous period; the weekly trend with each week's n;
 * the reasons. Each chart is written twice, laid out for a wide screen or paper (class "wide",
 * label beside the bar) and for a phone (class "narrow", label above it), each with a viewBox and
 * no fixed size, so it scales to its box; report_chart_css shows one of them by the page's width.
 * Labels are wrapped on words into lines no wider than their box (an estimate of DejaVu Sans, the
 * widest of the page's fonts), never cut. A group or week under INDEX_MIN_RANK answers is drawn
 * hollow (class "small-n": a bar pale in a dashed outline, "(ít)" after its n), a bar under the
 * target in the warning colour (class "below") with "▼" before its figure, one that meets it in
 * blue (class "met"), and a legend under each chart says so. Pure: the report is borrowed, the
 * stream is the caller's; privacy follows report_shown and report_total_shown. */
#ifndef HL_REPORT_CHART_H
#define HL_REPORT_CHART_H

#include "report.h"

#include <stddef.h>
#include <stdio.h>

/* The viewBox widths of the two layouts, the box of a label beside its bar in the wide one, and the
 * size of label text (user units; 1 unit = 1 CSS px when the chart is shown at its own width). */
#define REPORT_CHART_WIDE 900
#define REPORT_CHART_NARROW 360
#define REPORT_CHART_LABEL_BOX 280
#define REPORT_CHART_FONT 14

/* The rules the charts need, for the page's <style>: which layout shows at which width, the print
 * rules that keep a chart on one page. */
extern const char report_chart_css[];

/* The index of question q per row of r, in order (report_order's), at most 60 rows, then the
 * legend. */
void report_chart_bars(FILE *out, const struct report *r, int q, const size_t *order);
/* Both questions' index per week, from the first to the last week with answers over all stored
 * data, or every week of the period; a paragraph saying so when no week has answers. */
void report_chart_trend(FILE *out, const struct report *r);
/* The count of each reason over r's total. */
void report_chart_reasons(FILE *out, const struct report *r);

#endif
