/* SPDX-License-Identifier: MIT
 * digest_text.h — the words of a scheduled report (DESIGN §13): its subject and the body of the
 * e-mail, composed from the figures the report code computed (report.h rows, already loaded), so
 * that the same numbers reach the mail as the HTML report beside it. Vietnamese first, English when
 * the settings say en; numbers and days through numfmt.h (decimal comma, dd/mm/yyyy); never a time of
 * day, never a single rating; an officer's figures under REPORT_MIN_SHOWN answers say "< 5"
 * (report_shown). Pure: no store, no clock. */
#ifndef HL_DIGEST_TEXT_H
#define HL_DIGEST_TEXT_H

#include "report.h"

#include <stddef.h>
#include <stdint.h>

#define DIGEST_TOP 3 /* the best and the worst few procedures and officers the body names */

/* A flag opened in the period: its local day and its wording (flag_words.h), borrowed. */
struct digest_flag {
	int32_t day;
	const char *text;
};

/* What one site's report body says. Every pointer borrowed for the call; any report may be NULL
 * (its section is left out). */
struct digest_figures {
	int lang;                         /* enum i18n_lang */
	const char *site, *site_name;     /* site_name NULL when the roster has none */
	const char *label;                /* the period ("tuần 48/2026 (23/11–29/11/2026)") */
	struct period_range days, prev;   /* the period and the one before, as long */
	const struct report *sites;       /* ROLLUP_SITE over days, with prev_rows over prev */
	const struct report *counters;    /* ROLLUP_COUNTER, with prev_rows */
	const struct report *procedures;  /* ROLLUP_PROCEDURE */
	const struct report *officers;    /* ROLLUP_OFFICER */
	const struct digest_flag *flags;  /* opened in the period, by day */
	size_t nflags;
	const char *console_url;          /* "" or NULL: no link */
	bool pdf;                         /* a PDF is attached beside the HTML */
};

/* "Hài Lòng — báo cáo tuần 48/2026 (23/11–29/11/2026): Sở Công Thương tỉnh Bến Tre" into out. */
void digest_text_subject(int lang, const char *label, const char *site, const char *site_name, char *out,
			 size_t cap);
/* The body, UTF-8 plain text with "\n" lines (allocated: the caller frees it); NULL when out of
 * memory. */
char *digest_text_body(const struct digest_figures *f);

/* The province's SIPAS mail: subject "Hài Lòng — đầu vào SIPAS tháng 11/2026", and the body around
 * table (the export's --format table text, borrowed). NULL when out of memory. */
void digest_text_sipas_subject(int lang, const char *label, char *out, size_t cap);
char *digest_text_sipas_body(int lang, const char *label, const char *table, size_t nsites, const char *console_url);

#endif
