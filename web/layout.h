/* SPDX-License-Identifier: MIT
 * layout.h — the page shell every console page shares: the head (title, the one stylesheet and the
 * one script, no inline code), the navigation the user's role may use, the language switch, the
 * user's name and logout, and the small pieces of form that pages repeat (the CSRF field, the period
 * picker, the site picker). Everything is written through html.h. */
#ifndef HL_LAYOUT_H
#define HL_LAYOUT_H

#include "period.h"
#include "web.h"

#include <stdbool.h>

/* Navigation entries: the page a layout_begin marks as the current one. */
enum layout_nav {
	NAV_NONE, NAV_OVERVIEW, NAV_REPORTS, NAV_FLAGS, NAV_COUNTER, NAV_TERMINALS, NAV_ROSTER, NAV_EXPORT,
	NAV_ADMIN, NAV_ACCOUNT, NAV_COUNT
};

/* Starts a page: <!doctype>, head, header with the navigation, and opens <main>. */
void layout_begin(struct web_ctx *c, struct http_response *rs, const char *title, int nav);
/* Closes <main>, the footer, the document. */
void layout_end(struct web_ctx *c, struct http_response *rs);
/* <input type=hidden name=csrf value=…> of the login session. */
void layout_csrf(struct web_ctx *c, struct buf *b);

/* The period a page shows, from its query: month=YYYY-MM, quarter=YYYY-Qn, year=YYYY, or
 * from=YYYY-MM-DD&to=YYYY-MM-DD; default (none given) this month so far. prev gets the period
 * before, of the same length (the previous month, quarter, year, or the same number of days). *bad
 * may point into rq.
 * label (cap bytes) gets the period in words. HL_ERR_INVALID with *bad = the parameter's name and
 * *why a reason (both static) when a value is malformed, two kinds are given, or from > to. */
struct layout_period {
	struct period_range days, prev;
	char kind[8];    /* "month", "quarter", "year", "range" */
	char value[24];  /* what the picker shows selected: "2026-11", "2026-Q4", "2026", "" for ranges */
	char label[64];
};
int layout_period(const struct web_ctx *c, const struct http_request *rq, struct layout_period *p,
		  const char **bad, const char **why_vi, const char **why_en);
/* The period picker form fields (GET): kind and value selects, from/to inputs, and the hidden
 * extra fields given as name, value pairs (NULL-terminated). */
void layout_period_picker(struct web_ctx *c, struct buf *b, const struct layout_period *p,
			  const char *const *hidden);
/* The site a page shows: ?site= if allowed (403 otherwise), else the user's first site, else NULL
 * (all sites: admin and province only). HL_ERR_INVALID for a malformed code. */
int layout_site(const struct web_ctx *c, const struct http_request *rq, const char **site);
/* The <option>s of a site <select>: "all my sites" (value ""), then the user's sites (admin and
 * province: every site of the roster), and chosen when it is none of them, selected. */
void layout_site_options(struct web_ctx *c, struct buf *b, const char *chosen);
/* A site for people: "Sở Công Thương tỉnh Bến Tre (sct-bentre)" when the roster names it, else its
 * code, into buf (cap bytes) and returned. */
const char *layout_site_label(const struct web_ctx *c, const char *site, char *buf, size_t cap);
/* A site for people into b as HTML: its name with the code beside it in a smaller span that never
 * breaks ("Sở Công Thương tỉnh Bến Tre <span class="muted code">sct-bentre</span>"), or the code
 * alone (in a span.site, which never breaks either) when the roster names none. Escaped. */
void layout_site_html(const struct web_ctx *c, struct buf *b, const char *site);
/* The roster's name of site into buf (cap bytes) and returned, or NULL when it has none. */
const char *layout_site_name(const struct web_ctx *c, const char *site, char *buf, size_t cap);
/* t (Unix seconds) as "DD/MM/YYYY HH:MM" in local time (vi) or "YYYY-MM-DD HH:MM" (en) into out. */
void layout_time(const struct web_ctx *c, int64_t t, char *out, size_t cap);
/* A local day as "DD/MM/YYYY" (vi) or "YYYY-MM-DD" (en). */
void layout_day(const struct web_ctx *c, int32_t day, char *out, size_t cap);

#endif
