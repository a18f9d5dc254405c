/* SPDX-License-Identifier: MIT
 * report_load.c — reads only. Over all stored data the trend reads the last 26 weeks (the chart
 * draws from the first week with data); over a period, the period's weeks, and the rows of the
 * period before for the charts to compare with. A drill-down's trend is its subject's: the pair dimension's day rows of that
 * subject, every second code summed per week. */
#include "report_load.h"

#include "flag_words.h"
#include "hl.h"
#include "i18n.h"
#include "roster.h"
#include "store_flags.h"
#include "store_roster.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

/* A flag's strings, copied out of the store's callback (the stored line and the evidence until the
 * summary is composed from them). */
struct report_flag_text {
	char site[HL_CODE_MAX + 1], subject[HL_CODE_MAX + 1], name[ROSTER_NAME_MAX + 1];
	char *stored, *evidence;
	char summary[FLAG_WORDS_MAX];
};

struct report_buffers {
	struct rollup_list rows, days, prev;
	struct report_row *groups, *prev_groups;
	struct report_week *weeks;
	struct report_flag *flags;
	struct report_flag_text *flag_text;
	size_t nflags, cap_flags, cap_text;
	struct roster *roster; /* the report's site (or all): every procedure */
	struct {
		char site[HL_CODE_MAX + 1];
		struct roster *roster;
	} *sites; /* each site's own officers, loaded once when first needed */
	size_t nsites, cap_sites;
};

/* The roster of one site (officer codes are a site's own: the same code at two sites is two
 * people), loaded once. NULL with *rc set on failure. */
static const struct roster *report_site_roster(struct store *s, struct report_buffers *b, const char *site, int *rc)
{
	for (size_t i = 0; i < b->nsites; i++)
		if (strcmp(b->sites[i].site, site) == 0)
			return b->sites[i].roster;
	if ((*rc = hl_grow((void **)&b->sites, &b->cap_sites, b->nsites + 1, sizeof *b->sites)) != HL_OK)
		return NULL;
	snprintf(b->sites[b->nsites].site, sizeof b->sites[0].site, "%s", site);
	if ((*rc = store_roster_load(s, site, &b->sites[b->nsites].roster)) != HL_OK)
		return NULL;
	return b->sites[b->nsites++].roster;
}

/* The display name of a code: officers from their site's roster, procedures from the shared list. */
static const char *report_name(struct store *s, struct report_buffers *b, int kind, const char *site,
			       const char *code, int *rc)
{
	const struct roster *ros = kind == ROSTER_OFFICER ? report_site_roster(s, b, site, rc) : b->roster;

	return ros ? roster_name(ros, kind, code) : NULL;
}

static int report_flag_copy(void *ud, const struct store_flag *f)
{
	struct report_buffers *b = ud;

	if (hl_grow((void **)&b->flags, &b->cap_flags, b->nflags + 1, sizeof *b->flags) != HL_OK ||
	    hl_grow((void **)&b->flag_text, &b->cap_text, b->nflags + 1, sizeof *b->flag_text) != HL_OK)
		return HL_ERR_NOMEM;
	struct report_flag_text *t = &b->flag_text[b->nflags];
	snprintf(t->site, sizeof t->site, "%s", f->site);
	snprintf(t->subject, sizeof t->subject, "%s", f->subject);
	t->name[0] = t->summary[0] = '\0';
	t->stored = strdup(f->summary ? f->summary : "");
	t->evidence = strdup(f->evidence ? f->evidence : "");
	b->flags[b->nflags++] = (struct report_flag){
		.id = f->id, .kind = f->kind, .state = f->state, .subject_type = f->subject_type, .opened = f->opened,
	};
	return t->stored && t->evidence ? HL_OK : HL_ERR_NOMEM;
}

/* The unresolved flags for the top of the HTML page, with names for officer and procedure subjects
 * (each from its own site's roster) and the summary in words (the page is Vietnamese). */
static int report_load_flags(struct store *s, struct report *r, struct report_buffers *b)
{
	int rc = store_flags_list(s, STORE_FLAGS_UNRESOLVED, r->site, 200, report_flag_copy, b);

	for (size_t i = 0; rc == HL_OK && i < b->nflags; i++) {
		struct report_flag_text *t = &b->flag_text[i];
		struct report_flag *f = &b->flags[i];
		bool officer = f->subject_type == FLAG_SUBJ_OFFICER;
		if (officer || f->subject_type == FLAG_SUBJ_PROCEDURE) {
			const char *name = report_name(s, b, officer ? ROSTER_OFFICER : ROSTER_PROCEDURE, t->site,
						       t->subject, &rc);
			snprintf(t->name, sizeof t->name, "%s", name ? name : "");
		}
		const struct roster *names = rc == HL_OK ? report_site_roster(s, b, t->site, &rc) : NULL;
		struct flag_words_flag w = { f->kind, f->subject_type, t->subject, t->stored, t->evidence };
		if (rc == HL_OK)
			flag_words_summary(I18N_VI, &w, names, t->summary, sizeof t->summary);
		/* Pointers are taken only now: the arrays may have moved while growing. */
		b->flags[i].site = t->site;
		b->flags[i].subject = t->subject;
		b->flags[i].summary = t->summary;
		b->flags[i].subject_name = t->name;
		b->flags[i].site_name = roster_name(b->roster, ROSTER_SITE, t->site);
	}
	return rc;
}

int report_load_pair_dim(const struct report *r)
{
	if (!r->officer && !r->procedure)
		return -1;
	if (r->officer && r->procedure)
		return -2;
	if (r->officer && (!r->site || (r->dim != ROLLUP_PROCEDURE && r->dim != ROLLUP_COUNTER)))
		return -2;
	if (r->procedure && r->dim != ROLLUP_COUNTER)
		return -2;
	return rollup_pair_dim(r->officer ? ROLLUP_OFFICER : ROLLUP_PROCEDURE, r->dim);
}

/* Keeps the rows of l whose code is `only` (all when NULL): a report kept to one officer or
 * procedure. */
static void report_load_keep(struct rollup_list *l, const char *only)
{
	size_t k = 0;

	for (size_t i = 0; only && i < l->n; i++)
		if (strcmp(l->v[i].key.code, only) == 0)
			l->v[k++] = l->v[i];
	if (only)
		l->n = k;
}

/* The same rows over the period before (period_previous), for the charts to draw beside; none over
 * all stored data. Only the rows: names and privacy are the current rows' (report_shown). */
static int report_load_prev(struct store *s, struct report *r, struct report_buffers *b, int pair, const char *first)
{
	struct index_group total;
	int rc;

	r->prev_rows = NULL;
	r->nprev = 0;
	r->prev_days = (struct period_range){ 1, 0 };
	if (r->all_time)
		return HL_OK;
	r->prev_days = period_previous(r->days);
	rc = pair >= 0 ? store_query_pair(s, pair, first, r->prev_days, r->site, rollup_list_push, &b->prev)
		       : store_query(s, r->dim, r->prev_days, r->site, rollup_list_push, &b->prev);
	report_load_keep(&b->prev, r->only);
	if (rc == HL_OK)
		rc = report_group(b->prev.v, b->prev.n, &b->prev_groups, &r->nprev, &total);
	r->prev_rows = b->prev_groups;
	return rc;
}


int report_load(struct store *s, struct report *r, bool with_html_parts, struct report_buffers **bufs)
{
	struct report_buffers *b = calloc(1, sizeof *b);
	int kind = r->dim == ROLLUP_OFFICER ? ROSTER_OFFICER : r->dim == ROLLUP_PROCEDURE ? ROSTER_PROCEDURE : -1;
	int pair = report_load_pair_dim(r), rc;
	const char *first = report_subject(r);

	*bufs = b;
	r->subject_name = r->site_name = NULL;
	if (!b)
		return HL_ERR_NOMEM;
	if (pair < -1)
		return HL_ERR_INVALID;
	if (r->only && (pair >= 0 || (r->dim != ROLLUP_OFFICER && r->dim != ROLLUP_PROCEDURE)))
		return HL_ERR_INVALID;
	rc = pair >= 0 ? store_query_pair(s, pair, first, r->days, r->site, rollup_list_push, &b->rows)
		       : store_query(s, r->dim, r->days, r->site, rollup_list_push, &b->rows);
	report_load_keep(&b->rows, r->only);
	if (rc != HL_OK ||
	    (rc = report_group(b->rows.v, b->rows.n, &b->groups, &r->nrows, &r->total)) != HL_OK ||
	    (rc = store_roster_load(s, r->site, &b->roster)) != HL_OK)
		return rc;
	r->rows = b->groups;
	/* b->roster holds the names of the report's site, or of every site. */
	r->site_name = r->site ? roster_name(b->roster, ROSTER_SITE, r->site) : NULL;
	report_site_names(r->rows, r->nrows, r->dim == ROLLUP_SITE, b->roster);
	for (size_t i = 0; kind >= 0 && i < r->nrows && rc == HL_OK; i++)
		r->rows[i].name = report_name(s, b, kind, r->rows[i].site, r->rows[i].code, &rc);
	if (rc == HL_OK && pair >= 0)
		r->subject_name = report_name(s, b, r->officer ? ROSTER_OFFICER : ROSTER_PROCEDURE, r->site ? r->site : "",
					      first, &rc);
	if (rc != HL_OK)
		return rc;
	if (!with_html_parts)
		return HL_OK;
	struct period_range tr = r->days;
	if (r->all_time) {
		tr.to = period_day_of(r->generated, r->utc_offset);
		tr.from = tr.to - 26 * 7 + 1;
	}
	rc = pair >= 0	 ? store_query_pair_days(s, pair, first, tr, r->site, rollup_list_push, &b->days)
	     : r->only ? store_query_days(s, r->dim, tr, r->site, rollup_list_push, &b->days)
		       : store_query_days(s, ROLLUP_SITE, tr, r->site, rollup_list_push, &b->days);
	report_load_keep(&b->days, r->only);
	if (rc != HL_OK ||
	    (rc = report_weeks(b->days.v, b->days.n, tr, &b->weeks, &r->nweeks)) != HL_OK ||
	    (rc = report_load_flags(s, r, b)) != HL_OK ||
	    (rc = report_load_prev(s, r, b, pair, first)) != HL_OK)
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
	rollup_list_free(&b->prev);
	free(b->groups);
	free(b->prev_groups);
	free(b->weeks);
	free(b->flags);
	for (size_t i = 0; i < b->nflags; i++) {
		free(b->flag_text[i].stored);
		free(b->flag_text[i].evidence);
	}
	free(b->flag_text);
	roster_free(b->roster);
	for (size_t i = 0; i < b->nsites; i++)
		roster_free(b->sites[i].roster);
	free(b->sites);
	free(b);
}
