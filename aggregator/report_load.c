/* SPDX-License-Identifier: MIT
 * report_load.c — reads only. Over all stored data the trend shows the last 26 weeks; over a period,
 * the period's weeks. */
#include "report_load.h"

#include "hl.h"
#include "roster.h"
#include "store_roster.h"

#include <stdlib.h>
#include <string.h>

struct report_buffers {
	struct rollup_list rows, days;
	struct report_row *groups;
	struct report_week *weeks;
	struct report_flag *flags;
	size_t nflags;
	struct roster *roster;
	struct roster **site_rosters; /* over all sites: each site's own officers */
	size_t nsite_rosters;
};

/* The unresolved flags for the top of the HTML page, with names for officer and procedure subjects. */
static int report_load_flags(struct store *s, struct report *r, struct report_buffers *b)
{
	/* Filled once the flags' store functions land. */
	(void)s;
	(void)r;
	(void)b;
	return HL_OK;
}

int report_load(struct store *s, struct report *r, bool with_html_parts, struct report_buffers **bufs)
{
	struct report_buffers *b = calloc(1, sizeof *b);
	int kind = r->dim == ROLLUP_OFFICER ? ROSTER_OFFICER : r->dim == ROLLUP_PROCEDURE ? ROSTER_PROCEDURE : -1;
	int rc;

	*bufs = b;
	if (!b)
		return HL_ERR_NOMEM;
	if ((rc = store_query(s, r->dim, r->days, r->site, rollup_list_push, &b->rows)) != HL_OK ||
	    (rc = report_group(b->rows.v, b->rows.n, &b->groups, &r->nrows, &r->total)) != HL_OK ||
	    (rc = store_roster_load(s, r->site, &b->roster)) != HL_OK)
		return rc;
	r->rows = b->groups;
	if (kind == ROSTER_OFFICER && !r->site) {
		/* Officer codes are a site's own: the same code at two sites is two people. Rows come in site
		 * order, so each site's roster is loaded once. */
		if (!(b->site_rosters = calloc(r->nrows ? r->nrows : 1, sizeof *b->site_rosters)))
			return HL_ERR_NOMEM;
		for (size_t i = 0; i < r->nrows; i++) {
			if ((i == 0 || strcmp(r->rows[i].site, r->rows[i - 1].site) != 0) &&
			    (rc = store_roster_load(s, r->rows[i].site, &b->site_rosters[b->nsite_rosters++])) != HL_OK)
				return rc;
			r->rows[i].name = roster_name(b->site_rosters[b->nsite_rosters - 1], kind, r->rows[i].code);
		}
	} else {
		for (size_t i = 0; kind >= 0 && i < r->nrows; i++)
			r->rows[i].name = roster_name(b->roster, kind, r->rows[i].code);
	}
	if (!with_html_parts)
		return HL_OK;
	struct period_range tr = r->days;
	if (r->all_time) {
		tr.to = period_day_of(r->generated, r->utc_offset);
		tr.from = tr.to - 26 * 7 + 1;
	}
	if ((rc = store_query_days(s, ROLLUP_SITE, tr, r->site, rollup_list_push, &b->days)) != HL_OK ||
	    (rc = report_weeks(b->days.v, b->days.n, tr, &b->weeks, &r->nweeks)) != HL_OK ||
	    (rc = report_load_flags(s, r, b)) != HL_OK)
		return rc;
	r->weeks = b->weeks;
	r->flags = b->flags;
	r->nflags = b->nflags;
	return HL_OK;
}

void report_load_free(struct report_buffers *b)
{
	if (!b)
		return;
	rollup_list_free(&b->rows);
	rollup_list_free(&b->days);
	free(b->groups);
	free(b->weeks);
	free(b->flags);
	roster_free(b->roster);
	for (size_t i = 0; i < b->nsite_rosters; i++)
		roster_free(b->site_rosters[i]);
	free(b->site_rosters);
	free(b);
}
