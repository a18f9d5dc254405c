/* SPDX-License-Identifier: MIT
 * report_load.c — reads only. Over all stored data the trend shows the last 26 weeks; over a period,
 * the period's weeks. */
#include "report_load.h"

#include "hl.h"
#include "roster.h"
#include "store_flags.h"
#include "store_roster.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

/* A flag's strings, copied out of the store's callback. */
struct report_flag_text {
	char site[HL_CODE_MAX + 1], subject[HL_CODE_MAX + 1], summary[512], name[ROSTER_NAME_MAX + 1];
};

struct report_buffers {
	struct rollup_list rows, days;
	struct report_row *groups;
	struct report_week *weeks;
	struct report_flag *flags;
	struct report_flag_text *flag_text;
	size_t nflags, cap_flags;
	struct roster *roster;
	struct roster **site_rosters; /* over all sites: each site's own officers */
	size_t nsite_rosters;
};

static int report_flag_copy(void *ud, const struct store_flag *f)
{
	struct report_buffers *b = ud;

	if (b->nflags == b->cap_flags) {
		size_t cap = b->cap_flags ? b->cap_flags * 2 : 16;
		struct report_flag *fl = realloc(b->flags, cap * sizeof *fl);
		if (fl)
			b->flags = fl;
		struct report_flag_text *tx = realloc(b->flag_text, cap * sizeof *tx);
		if (tx)
			b->flag_text = tx;
		if (!fl || !tx)
			return HL_ERR_NOMEM;
		b->cap_flags = cap;
	}
	struct report_flag_text *t = &b->flag_text[b->nflags];
	snprintf(t->site, sizeof t->site, "%s", f->site);
	snprintf(t->subject, sizeof t->subject, "%s", f->subject);
	snprintf(t->summary, sizeof t->summary, "%s", f->summary);
	t->name[0] = '\0';
	b->flags[b->nflags++] = (struct report_flag){
		.id = f->id, .kind = flag_kind_name(f->kind), .state = flag_state_name(f->state),
		.subject_type = flag_subject_name(f->subject_type), .opened = f->opened,
	};
	return HL_OK;
}

/* The unresolved flags for the top of the HTML page, with names for officer and procedure subjects
 * (each from its own site's roster). */
static int report_load_flags(struct store *s, struct report *r, struct report_buffers *b)
{
	int rc = store_flags_list(s, STORE_FLAGS_UNRESOLVED, r->site, 200, report_flag_copy, b);

	for (size_t i = 0; rc == HL_OK && i < b->nflags; i++) {
		struct report_flag_text *t = &b->flag_text[i];
		struct roster *ros = NULL;
		const char *name = NULL;
		bool officer = strcmp(b->flags[i].subject_type, "officer") == 0;
		if (officer || strcmp(b->flags[i].subject_type, "procedure") == 0) {
			rc = store_roster_load(s, t->site, &ros);
			name = roster_name(ros, officer ? ROSTER_OFFICER : ROSTER_PROCEDURE, t->subject);
			snprintf(t->name, sizeof t->name, "%s", name ? name : "");
			roster_free(ros);
		}
		/* Pointers are taken only now: the arrays may have moved while growing. */
		b->flags[i].site = t->site;
		b->flags[i].subject = t->subject;
		b->flags[i].summary = t->summary;
		b->flags[i].subject_name = t->name;
	}
	return rc;
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
	free(b->flag_text);
	roster_free(b->roster);
	for (size_t i = 0; i < b->nsite_rosters; i++)
		roster_free(b->site_rosters[i]);
	free(b->site_rosters);
	free(b);
}
