/* SPDX-License-Identifier: MIT
 * flag_view.c — a flag for people (flag_view.h): its heading and its life, its summary as element
 * text or as plain text for JSON, its evidence as labelled items, and a small cache of rosters for a
 * list of flags. The words are results/'s, shared with the command line and the HTML report: the
 * summary flag_words.c's (one table of sentences per kind), the evidence items flag_items.c's (one
 * table of keys, reasons by their i18n labels); this file only lays them out, escaped through
 * html.h. It owns only the rosters of a flag_view_names and holds no SQL (store_roster_load reads the
 * roster); it must never write a rating's id or time: flags are told by day (DESIGN §8). */
#include "flag_view.h"

#include "flag_items.h"
#include "flag_words.h"
#include "flags.h"
#include "html.h"
#include "i18n.h"
#include "layout.h"
#include "period.h"
#include "roster.h"
#include "store_roster.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

/* The i18n.h language of c. */
static int lang_of(const struct web_ctx *c)
{
	return c->lang == WEB_EN ? I18N_EN : I18N_VI;
}

void flag_view_duration(const struct web_ctx *c, int64_t s, char *out, size_t cap)
{
	flag_words_duration(lang_of(c), s, out, cap);
}

static void day_of(const struct web_ctx *c, int64_t t, char *out, size_t cap)
{
	layout_day(c, period_day_of(t, c->utc_offset), out, cap);
}

/* ---- the summary --------------------------------------------------------------------------------- */

void flag_view_summary(const struct web_ctx *c, const struct store_flag *f, const struct roster *names,
		       struct buf *b)
{
	char t[FLAG_WORDS_MAX];

	flag_view_summary_text(c, f, names, t, sizeof t);
	html_txt(b, t);
}

size_t flag_view_summary_text(const struct web_ctx *c, const struct store_flag *f, const struct roster *names,
			      char *out, size_t cap)
{
	struct flag_words_flag w = { f->kind, f->subject_type, f->subject, f->summary, f->evidence };

	return flag_words_summary(lang_of(c), &w, names, out, cap);
}

/* ---- the evidence, for people ---------------------------------------------------------------------- */

struct ev_out {
	struct buf *b;
	int n; /* items written */
};

static void ev_item(void *ud, const char *label, const char *value)
{
	struct ev_out *o = ud;

	html_raw(o->b, o->n++ ? " · " : "");
	html_txt(o->b, label);
	html_raw(o->b, ": ");
	html_txt(o->b, value);
}

void flag_view_evidence(const struct web_ctx *c, const struct store_flag *f, const struct roster *names,
			struct buf *b)
{
	struct flag_words_flag w = { f->kind, f->subject_type, f->subject, f->summary, f->evidence };
	struct ev_out o = { b, 0 };
	cJSON *root = flag_words_evidence(f->evidence);

	if (!root)
		return;
	cJSON_Delete(root);
	html_raw(b, "<p class=\"note evidence\">");
	flag_items(lang_of(c), &w, names, c->utc_offset, ev_item, &o);
	html_raw(b, "</p>");
}

/* ---- the heading and the life ----------------------------------------------------------------------- */

const char *flag_view_subject_label(const struct web_ctx *c, int subject_type)
{
	const char *s = flag_subject_label(subject_type, lang_of(c));
	return s ? s : "?";
}

const char *flag_view_state_label(const struct web_ctx *c, int state)
{
	const char *s = flag_state_label(state, lang_of(c));
	return s ? s : "?";
}

void flag_view_what(const struct web_ctx *c, const struct store_flag *f, struct buf *b)
{
	const char *kind = flag_kind_name(f->kind), *label = flag_kind_label(f->kind, lang_of(c));
	char day[24];

	html_raw(b, "<span class=\"badge ");
	html_attr(b, kind ? kind : "");
	html_raw(b, "\">");
	html_txt(b, label ? label : "?");
	html_raw(b, "</span><br><span class=\"flag-id\">#");
	html_txtf(b, "%lld", (long long)f->id);
	html_raw(b, "</span> · <span class=\"day\" title=\"");
	html_attr(b, L(c, "Ngày mở", "Opened on"));
	html_raw(b, "\">");
	day_of(c, f->opened, day, sizeof day);
	html_txt(b, day);
	html_raw(b, "</span><br>");
	html_txt(b, flag_view_subject_label(c, f->subject_type));
	html_raw(b, " <strong class=\"subject\">");
	html_txt(b, f->subject);
	html_raw(b, "</strong><br><span class=\"muted\">");
	layout_site_html(c, b, f->site);
	html_raw(b, "</span>");
}

static void who_line(const struct web_ctx *c, struct buf *b, const char *vi, const char *en, const char *by,
		     int64_t at, const char *note)
{
	char day[24];

	day_of(c, at, day, sizeof day);
	html_raw(b, "<p class=\"note\">");
	html_txt(b, L(c, vi, en));
	html_raw(b, " <span class=\"by\">");
	html_txt(b, by);
	html_raw(b, "</span> ");
	html_txt(b, L(c, "ngày ", "on "));
	html_txt(b, day);
	if (note && *note) {
		html_raw(b, ": <q class=\"flag-note\">");
		html_txt(b, note);
		html_raw(b, "</q>");
	}
	html_raw(b, "</p>");
}

void flag_view_state(const struct web_ctx *c, const struct store_flag *f, struct buf *b)
{
	const char *state = flag_state_name(f->state);

	html_raw(b, "<span class=\"badge ");
	html_attr(b, state ? state : "");
	html_raw(b, "\">");
	html_txt(b, flag_view_state_label(c, f->state));
	html_raw(b, "</span>");
}

void flag_view_life(const struct web_ctx *c, const struct store_flag *f, struct buf *b)
{
	flag_view_state(c, f, b);
	if (f->ack_by)
		who_line(c, b, "Xác nhận:", "Acknowledged by", f->ack_by, f->ack_at, f->ack_note);
	if (f->resolved_by)
		who_line(c, b, "Xử lý xong:", "Resolved by", f->resolved_by, f->resolved_at, f->resolve_note);
}

/* ---- a list of flags ------------------------------------------------------------------------------------ */

void flag_view_tr(struct buf *b, const struct store_flag *f, const char *cls)
{
	const char *state = flag_state_name(f->state);

	if (cls) {
		html_raw(b, "<tr class=\"");
		html_attr(b, cls);
		html_raw(b, "\" data-flag-id=\"");
	} else {
		html_raw(b, "<tr data-flag-id=\"");
	}
	html_txtf(b, "%lld", (long long)f->id);
	html_raw(b, "\" data-state=\"");
	html_attr(b, state ? state : "");
	html_raw(b, "\">");
}

void flag_view_td(struct buf *b, const char *cls, const char *label)
{
	html_raw(b, "<td class=\"");
	html_attr(b, cls);
	html_raw(b, "\" data-label=\"");
	html_attr(b, label);
	html_raw(b, "\">");
}

/* ---- the live region --------------------------------------------------------------------------------- */

void flag_view_live(const struct web_ctx *c, struct buf *b, const char *target, const char *site)
{
	html_raw(b, "<div id=\"live\" class=\"no-print\" aria-live=\"polite\" data-target=\"");
	html_attr(b, target);
	html_raw(b, "\" data-stream=\"/su-kien");
	if (site) {
		html_raw(b, "?site=");
		html_url(b, site);
	}
	html_raw(b, "\" data-new-text=\"");
	html_attr(b, L(c, "Cảnh báo mới", "New flag"));
	html_raw(b, "\" data-change-text=\"");
	html_attr(b, L(c, "Danh sách đã được cập nhật", "The list was updated"));
	html_raw(b, "\"></div>");
}

/* ---- names ------------------------------------------------------------------------------------------ */

void flag_view_names_init(struct flag_view_names *nm, struct store *s)
{
	memset(nm, 0, sizeof *nm);
	nm->store = s;
}

const struct roster *flag_view_roster(struct flag_view_names *nm, const char *site)
{
	size_t i;

	if (!site || !*site || !nm->store)
		return NULL;
	for (i = 0; i < nm->n; i++)
		if (strcmp(nm->v[i].site, site) == 0)
			return nm->v[i].r;
	/* A new site: a free slot, or the one loaded longest ago (a list of many sites then loads some
	 * rosters more than once, but holds no more than FLAG_VIEW_SITES of them). */
	if (nm->n < FLAG_VIEW_SITES) {
		i = nm->n++;
	} else {
		i = nm->next;
		nm->next = (nm->next + 1) % FLAG_VIEW_SITES;
		roster_free(nm->v[i].r);
	}
	snprintf(nm->v[i].site, sizeof nm->v[i].site, "%s", site);
	nm->v[i].r = NULL;
	if (store_roster_load(nm->store, site, &nm->v[i].r) != HL_OK)
		nm->v[i].r = NULL;
	return nm->v[i].r;
}

void flag_view_names_free(struct flag_view_names *nm)
{
	if (!nm)
		return;
	for (size_t i = 0; i < nm->n; i++)
		roster_free(nm->v[i].r);
	nm->n = nm->next = 0;
}
