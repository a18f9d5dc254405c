/* SPDX-License-Identifier: MIT
 * page_overview.c — Tổng quan, GET /: for each site the user may see, this month beside last month
 * (the satisfaction index per question with its 95 % interval and n), the flags that need action
 * (open and acknowledged, oldest first, by day only, each told as Cảnh báo tells it through
 * flag_view.h, and brought up to date by the same live region: partial=1 answers that section
 * alone), and the counters' terminals online and offline. An officer sees their own figures instead.
 * Reads through report_view.h (report_load), store_flags_list, store_flags_terminals and
 * store_roster_sites; no SQL and no figure of its own. All output goes through html.h. */
#include "cache.h"
#include "conf.h"
#include "flag_view.h"
#include "flags.h"
#include "hl.h"
#include "html.h"
#include "layout.h"
#include "page_cache.h"
#include "report_view.h"
#include "sites.h"
#include "store_flags.h"
#include "store_roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OVERVIEW_FLAGS_SHOWN 50 /* the oldest this many; the rest behind the link to Cảnh báo */

/* ---- sites ------------------------------------------------------------------------------------- */

/* The sites of the overview: the user's, narrowed to ?site= when one was asked for. */
struct sites {
	struct site_list l;
	const struct web_ctx *c;
	const char *only; /* ?site=, or NULL */
};

static int sites_add(void *ud, const char *site)
{
	struct sites *o = ud;

	if ((o->only && strcmp(site, o->only) != 0) || !web_site_allowed(o->c, site))
		return HL_OK;
	site_list_add(&o->l, site); /* out of memory: l.failed */
	return HL_OK;
}

/* ---- flags ------------------------------------------------------------------------------------- */

/* A flag that needs action, copied out of the store's walk (the strings owned) so that the list can
 * be put oldest first; f's pointers point at the copies, its acts are left out (NULL). */
struct oflag {
	struct store_flag f;
	char *site, *subject, *summary, *evidence;
};

struct oflags {
	struct oflag *v;
	size_t n, cap;
	const struct web_ctx *c;
	bool failed;
};

static void oflag_free(struct oflag *o)
{
	free(o->site);
	free(o->subject);
	free(o->summary);
	free(o->evidence);
}

static void oflags_free(struct oflags *l)
{
	for (size_t i = 0; i < l->n; i++)
		oflag_free(&l->v[i]);
	free(l->v);
}

/* s copied, or NULL for NULL; *failed when it did not fit in memory. */
static char *copy_str(const char *s, bool *failed)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		*failed = true;
	return d;
}

static int flag_copy(void *ud, const struct store_flag *f)
{
	struct oflags *l = ud;
	struct oflag o = { .f = { .id = f->id, .kind = f->kind, .state = f->state, .subject_type = f->subject_type,
				  .opened = f->opened } };
	bool failed = false;

	/* Flags of a site the user may not see never reach the page (admin and province see all). */
	if (!web_site_allowed(l->c, f->site))
		return HL_OK;
	o.f.site = o.site = copy_str(f->site ? f->site : "", &failed);
	o.f.subject = o.subject = copy_str(f->subject ? f->subject : "", &failed);
	o.f.summary = o.summary = copy_str(f->summary, &failed);
	o.f.evidence = o.evidence = copy_str(f->evidence, &failed);
	if (failed || hl_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) != HL_OK) {
		oflag_free(&o);
		l->failed = true;
		return HL_ERR_NOMEM;
	}
	l->v[l->n++] = o;
	return HL_OK;
}

/* Oldest first: the store lists newest first; (opened, id) ascending is that order reversed. */
static int flag_cmp(const void *a, const void *b)
{
	const struct store_flag *x = &((const struct oflag *)a)->f, *y = &((const struct oflag *)b)->f;

	if (x->opened != y->opened)
		return x->opened < y->opened ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The flags that need action (open and acknowledged) of the page's sites into fl, oldest first:
 * site's alone when one was asked, else a head's own sites', else every site's (admin, province).
 * HL_OK or the store's error (HL_ERR_NOMEM when the copies did not fit). */
static int flags_load(struct web_ctx *c, const char *site, struct oflags *fl)
{
	int rc = HL_OK;

	fl->c = c;
	if (site)
		rc = store_flags_list(c->store, STORE_FLAGS_UNRESOLVED, site, 0, flag_copy, fl);
	else if (c->user && c->user->role != ROLE_ADMIN && c->user->role != ROLE_PROVINCE)
		for (size_t i = 0; i < c->user->nsites && rc == HL_OK; i++)
			rc = store_flags_list(c->store, STORE_FLAGS_UNRESOLVED, c->user->sites[i], 0, flag_copy, fl);
	else
		rc = store_flags_list(c->store, STORE_FLAGS_UNRESOLVED, NULL, 0, flag_copy, fl);
	if (fl->failed)
		return HL_ERR_NOMEM;
	if (fl->n > 1) /* qsort must not be given a NULL array, even of none */
		qsort(fl->v, fl->n, sizeof *fl->v, flag_cmp);
	return rc;
}

/* <section id="overview-flags-section">: what the page shows and what partial=1 answers alone (the
 * live region asks for it when a flag opens or changes). Each flag as Cảnh báo tells it
 * (flag_view.h): its heading by day, its summary in the reader's language with the roster's names,
 * its state; the evidence and the forms are Cảnh báo's, one click away. */
static void flags_section(struct web_ctx *c, struct buf *b, const struct oflags *fl)
{
	const char *heads[] = { L(c, "Cảnh báo", "Flag"), L(c, "Nội dung", "What"), L(c, "Trạng thái", "State") };
	struct flag_view_names names;

	html_raw(b, "<section id=\"overview-flags-section\"><h2>");
	html_txt(b, L(c, "Cảnh báo cần xử lý", "Flags that need action"));
	html_txtf(b, " (%zu)", fl->n);
	html_raw(b, "</h2>");
	if (!fl->n) {
		html_raw(b, "<p class=\"good\" id=\"overview-flags\">");
		html_txt(b, L(c, "Không có cảnh báo đang mở.", "No open flags."));
		html_raw(b, "</p></section>");
		return;
	}
	flag_view_names_init(&names, c->store);
	html_raw(b, "<div class=\"table-wrap\"><table id=\"overview-flags\" class=\"flags\"><thead><tr>");
	for (size_t i = 0; i < 3; i++) {
		html_raw(b, "<th scope=\"col\">");
		html_txt(b, heads[i]);
		html_raw(b, "</th>");
	}
	html_raw(b, "</tr></thead><tbody>");
	for (size_t i = 0; i < fl->n && i < OVERVIEW_FLAGS_SHOWN; i++) {
		const struct store_flag *f = &fl->v[i].f;

		flag_view_tr(b, f, NULL);
		flag_view_td(b, "flag-what", heads[0]);
		flag_view_what(c, f, b);
		html_raw(b, "</td>");
		flag_view_td(b, "flag-body", heads[1]);
		html_raw(b, "<span class=\"summary\">");
		flag_view_summary(c, f, flag_view_roster(&names, f->site), b);
		html_raw(b, "</span></td>");
		flag_view_td(b, "flag-life", heads[2]);
		flag_view_state(c, f, b);
		html_raw(b, "<br><a class=\"no-print\" href=\"/canh-bao?site=");
		html_url(b, f->site);
		html_raw(b, "\">");
		html_txt(b, L(c, "Xem ở trang Cảnh báo", "See it under Flags"));
		html_raw(b, "</a></td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
	flag_view_names_free(&names);
	if (fl->n > OVERVIEW_FLAGS_SHOWN) {
		html_raw(b, "<p class=\"note\"><a href=\"/canh-bao\">");
		html_txtf(b, L(c, "và %zu cảnh báo khác", "and %zu more"), fl->n - OVERVIEW_FLAGS_SHOWN);
		html_raw(b, "</a></p>");
	}
	html_raw(b, "</section>");
}

/* partial=1 (the live region asks): the flags' section alone, never cached. */
static int flags_partial(struct web_ctx *c, const struct http_request *rq, struct http_response *rs,
			 const char *site)
{
	struct oflags fl = { 0 };
	int rc = flags_load(c, site, &fl);

	if (rc == HL_OK) {
		rs->status = 200;
		flags_section(c, &rs->body, &fl);
		http_header_add(rs, "Cache-Control", "no-store");
	}
	oflags_free(&fl);
	if (rc != HL_OK)
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được danh sách cảnh báo.", "The flags could not be read.");
	return 200;
}

/* ---- terminals --------------------------------------------------------------------------------- */

struct oterm {
	char site[HL_CODE_MAX + 1], counter[HL_CODE_MAX + 1];
	bool online;
	int64_t since;
};

struct oterms {
	struct oterm *v;
	size_t n, cap;
	const struct web_ctx *c;
	const char *only;
	bool failed;
};

static int term_copy(void *ud, const struct store_terminal *t)
{
	struct oterms *l = ud;

	if ((l->only && strcmp(t->site, l->only) != 0) || !web_site_allowed(l->c, t->site))
		return HL_OK;
	if (hl_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) != HL_OK) {
		l->failed = true;
		return HL_ERR_NOMEM;
	}
	struct oterm *o = &l->v[l->n++];
	snprintf(o->site, sizeof o->site, "%s", t->site);
	snprintf(o->counter, sizeof o->counter, "%s", t->counter);
	o->online = t->online;
	o->since = t->since;
	return HL_OK;
}

static void terminals_section(struct web_ctx *c, struct buf *b, const struct oterms *tl)
{
	size_t on = 0, off = 0;
	char when[32];

	for (size_t i = 0; i < tl->n; i++)
		tl->v[i].online ? on++ : off++;
	html_raw(b, "<section id=\"overview-terminals\"><h2>");
	html_txt(b, L(c, "Thiết bị tại quầy", "Counter terminals"));
	html_raw(b, "</h2><p><span class=\"badge online\">");
	html_txtf(b, L(c, "%zu đang kết nối", "%zu online"), on);
	html_raw(b, "</span> <span class=\"badge offline\">");
	html_txtf(b, L(c, "%zu mất kết nối", "%zu offline"), off);
	html_raw(b, "</span></p>");
	if (off) {
		html_raw(b, "<div class=\"table-wrap\"><table id=\"overview-offline\"><thead><tr><th scope=\"col\">");
		html_txt(b, L(c, "Đơn vị", "Site"));
		html_raw(b, "</th><th scope=\"col\">");
		html_txt(b, L(c, "Quầy", "Counter"));
		html_raw(b, "</th><th scope=\"col\">");
		html_txt(b, L(c, "Mất kết nối từ", "Offline since"));
		html_raw(b, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < tl->n; i++) {
			const struct oterm *t = &tl->v[i];
			if (t->online)
				continue;
			layout_time(c, t->since, when, sizeof when);
			html_raw(b, "<tr><td>");
			layout_site_html(c, b, t->site);
			html_raw(b, "</td><td>");
			html_txt(b, t->counter);
			html_raw(b, "</td><td>");
			html_txt(b, when);
			html_raw(b, "</td></tr>");
		}
		html_raw(b, "</tbody></table></div>");
	} else if (!tl->n) {
		html_raw(b, "<p class=\"muted\">");
		html_txt(b, L(c, "Chưa có thiết bị nào báo trạng thái.", "No terminal has reported its status yet."));
		html_raw(b, "</p>");
	}
	html_raw(b, "</section>");
}

/* ---- the figures ------------------------------------------------------------------------------- */

/* One question's line of a card: this period and the one before. */
static void question_rows(struct web_ctx *c, struct buf *b, const struct report_row *now,
			  const struct report_row *before, const struct report *rn, const struct report *rp,
			  int q)
{
	/* The question as a row of its own over the two periods: two columns fit a phone. */
	html_raw(b, "<tr><th scope=\"rowgroup\" colspan=\"2\" class=\"question\">");
	html_txt(b, report_view_question_label(c, q));
	html_raw(b, "</th></tr><tr><td class=\"idx\">");
	if (now) {
		bool shown = report_shown(rn, now);
		report_view_index_html(c, b, &now->g, q, shown);
		if (shown && now->g.q[q].n) {
			html_raw(b, "<br>");
			report_view_bar(c, b, &now->g.q[q]);
			if (!now->g.q[q].rankable) {
				html_raw(b, " <span class=\"badge too-few\">");
				html_txt(b, L(c, "chưa đủ để xếp hạng", "too few to rank"));
				html_raw(b, "</span>");
			}
		}
	} else {
		html_txt(b, L(c, "chưa có đánh giá", "no ratings yet"));
	}
	html_raw(b, "</td><td class=\"prev\">");
	if (before) {
		report_view_index_html(c, b, &before->g, q, report_shown(rp, before));
	} else {
		html_txt(b, L(c, "chưa có đánh giá", "no ratings"));
	}
	html_raw(b, "</td></tr>");
}

static void card_head(struct web_ctx *c, struct buf *b, const struct report_view_query *q)
{
	char prev[64];

	report_view_prev_label(c, q, prev, sizeof prev);
	html_raw(b, "<div class=\"table-wrap\"><table class=\"compare\"><thead><tr><th scope=\"col\">");
	html_txt(b, q->period.label);
	html_raw(b, "</th><th scope=\"col\">");
	html_txt(b, prev);
	html_raw(b, "</th></tr></thead><tbody>");
}

static size_t count_flags(const struct oflags *fl, const char *site)
{
	size_t n = 0;

	for (size_t i = 0; i < fl->n; i++)
		n += strcmp(fl->v[i].site, site) == 0;
	return n;
}

static void site_card(struct web_ctx *c, struct buf *b, const struct report_view *v, const struct report_view_query *q,
		      const char *site, const struct oflags *fl, const struct oterms *tl)
{
	const struct report_row *now = report_view_find(&v->r, site, ""), *before = report_view_find(&v->prev, site, "");
	size_t on = 0, off = 0, nf = count_flags(fl, site);

	for (size_t i = 0; i < tl->n; i++)
		if (strcmp(tl->v[i].site, site) == 0)
			tl->v[i].online ? on++ : off++;
	char name[ROSTER_NAME_MAX + 1];
	html_raw(b, "<div class=\"card site\" data-site=\"");
	html_attr(b, site);
	html_raw(b, "\"><h2>");
	/* The site by its name, the code beside it; "Đơn vị CODE" when the roster names none. */
	if (!layout_site_name(c, site, name, sizeof name))
		html_txt(b, L(c, "Đơn vị ", "Site "));
	layout_site_html(c, b, site);
	html_raw(b, "</h2>");
	card_head(c, b, q);
	for (int qn = 0; qn < SURVEY_Q_COUNT; qn++)
		if (report_question_asked(&v->r, qn) || report_question_asked(&v->prev, qn))
			question_rows(c, b, now, before, &v->r, &v->prev, qn);
	html_raw(b, "</tbody></table></div><p class=\"muted\">");
	html_txtf(b, L(c, "%lld lượt đánh giá trong kỳ", "%lld ratings in the period"), now ? (long long)now->g.ratings : 0LL);
	html_raw(b, "</p><p>");
	html_raw(b, nf ? "<a class=\"badge open\" href=\"/canh-bao?site=" : "<a class=\"badge\" href=\"/canh-bao?site=");
	html_url(b, site);
	html_raw(b, "\">");
	html_txtf(b, L(c, "%zu cảnh báo cần xử lý", "flags to act on: %zu"), nf);
	html_raw(b, "</a> <span class=\"badge online\">");
	html_txtf(b, L(c, "%zu thiết bị kết nối", "terminals online: %zu"), on);
	html_raw(b, "</span> ");
	if (off) {
		html_raw(b, "<span class=\"badge offline\">");
		html_txtf(b, L(c, "%zu mất kết nối", "%zu offline"), off);
		html_raw(b, "</span>");
	}
	html_raw(b, "</p><p class=\"no-print\"><a href=\"/bao-cao/can-bo?site=");
	html_url(b, site);
	html_raw(b, "\">");
	html_txt(b, L(c, "Báo cáo theo cán bộ", "Report by officer"));
	html_raw(b, "</a> · <a href=\"/bao-cao/thu-tuc?site=");
	html_url(b, site);
	html_raw(b, "\">");
	html_txt(b, L(c, "theo thủ tục", "by procedure"));
	html_raw(b, "</a></p></div>");
}

/* An officer: their own figures this month and last. */
static int officer_overview(struct web_ctx *c, const struct http_request *rq, struct http_response *rs,
			    const struct report_view_query *q)
{
	struct buf *b = &rs->body;
	struct report_view v;
	const char *site = c->user->nsites ? c->user->sites[0] : NULL, *code = c->user->officer;
	struct report_view_query oq = *q;

	if (!site || !code[0])
		return web_fail(c, rq, rs, 403, NULL, "Tài khoản cán bộ chưa gắn với đơn vị và mã cán bộ.",
				"This officer account has no site or officer code.");
	oq.site = site;
	if (report_view_load(c, &v, ROLLUP_OFFICER, &oq, true) != HL_OK) {
		report_view_free(&v);
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được số liệu.", "The figures could not be read.");
	}
	const struct report_row *now = report_view_find(&v.r, site, code), *before = report_view_find(&v.prev, site, code);
	layout_begin(c, rs, L(c, "Tổng quan", "Overview"), NAV_OVERVIEW);
	html_raw(b, "<h1>");
	html_txt(b, L(c, "Tổng quan", "Overview"));
	html_raw(b, "</h1><section class=\"card\" id=\"overview-officer\"><h2>");
	html_txt(b, L(c, "Chỉ số của Ông/Bà", "Your figures"));
	html_raw(b, " <span class=\"muted\">");
	html_txt(b, code);
	if (now && now->name) {
		html_txt(b, " — ");
		html_txt(b, now->name);
	}
	char label[HL_CODE_MAX + ROSTER_NAME_MAX + 8];
	html_txt(b, " · ");
	html_txt(b, layout_site_label(c, site, label, sizeof label));
	html_raw(b, "</span></h2>");
	card_head(c, b, &oq);
	question_rows(c, b, now, before, &v.r, &v.prev, SURVEY_Q_OFFICER);
	html_raw(b, "</tbody></table></div><p class=\"note\">");
	html_txtf(b, L(c, "Chỉ tính câu hỏi về thái độ, hướng dẫn của công chức. Dưới %d câu trả lời chỉ ghi “< 5”.",
		       "Only the question on the officer's manner and guidance counts. Under %d answers show “< 5” only."),
		  REPORT_MIN_SHOWN);
	html_raw(b, "</p><p class=\"no-print\"><a href=\"/bao-cao/can-bo\">");
	html_txt(b, L(c, "Xem báo cáo chi tiết", "See the detailed report"));
	html_raw(b, "</a></p></section>");
	layout_end(c, rs);
	report_view_free(&v);
	return 200;
}

static int overview(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	struct buf *b = &rs->body;
	struct report_view_query q;
	struct report_view v;
	struct sites sl = { .c = c };
	struct oflags fl = { 0 };
	struct oterms tl = { .c = c };
	const char *asked = http_param(&rq->query, "site"), *partial = http_param(&rq->query, "partial");
	int st, rc;

	if ((st = report_view_query(c, rq, rs, ROLLUP_SITE, false, &q)) != 0)
		return st;
	if (c->user && c->user->role == ROLE_OFFICER)
		return officer_overview(c, rq, rs, &q);
	/* Every site the user may see unless one was asked for (layout_site would pick the first). */
	if (!asked || !*asked)
		q.site = NULL;
	if (partial && strcmp(partial, "1") == 0)
		return flags_partial(c, rq, rs, q.site);
	sl.only = q.site;
	tl.only = q.site;
	/* The content is kept for cache_seconds for the same view, and made again at once when a flag
	 * opens or changes (the flags' version is in the key). */
	struct buf key = { 0 };
	int64_t now_ms = cache_now_ms();
	int ttl = c->conf->cache_seconds * 1000;
	size_t mark;
	page_cache_key(&key, c, rq, "overview", true);
	layout_begin(c, rs, L(c, "Tổng quan", "Overview"), NAV_OVERVIEW);
	mark = b->len;
	if (!key.failed && cache_get(cache_global(), key.p, now_ms, ttl, b)) {
		buf_free(&key);
		layout_end(c, rs);
		return 200;
	}
	memset(&v, 0, sizeof v);
	if ((rc = report_view_load(c, &v, ROLLUP_SITE, &q, true)) != HL_OK)
		goto fail;
	for (size_t i = 0; i < v.r.nrows; i++)
		sites_add(&sl, v.r.rows[i].site);
	for (size_t i = 0; i < v.prev.nrows; i++)
		sites_add(&sl, v.prev.rows[i].site);
	if (c->user && (c->user->role == ROLE_ADMIN || c->user->role == ROLE_PROVINCE)) {
		if ((rc = store_roster_sites(c->store, sites_add, &sl)) != HL_OK)
			goto fail;
	} else if (c->user) {
		for (size_t i = 0; i < c->user->nsites; i++)
			sites_add(&sl, c->user->sites[i]);
	}
	if (rc == HL_OK)
		rc = flags_load(c, q.site, &fl);
	if (rc == HL_OK)
		rc = store_flags_terminals(c->store, term_copy, &tl);
	if (rc != HL_OK || sl.l.failed || tl.failed)
		goto fail;
	site_list_sort(&sl.l);

	html_raw(b, "<h1>");
	html_txt(b, L(c, "Tổng quan", "Overview"));
	html_raw(b, " <span class=\"muted\">");
	html_txt(b, q.period.label);
	html_raw(b, "</span></h1><div class=\"cards\" id=\"overview-sites\">");
	for (size_t i = 0; i < sl.l.n; i++)
		site_card(c, b, &v, &q, sl.l.v[i], &fl, &tl);
	if (!sl.l.n) {
		html_raw(b, "<p class=\"muted\">");
		html_txt(b, L(c, "Chưa có đơn vị nào có đánh giá.", "No site has ratings yet."));
		html_raw(b, "</p>");
	}
	html_raw(b, "</div>");
	/* The flags' section comes again, alone, when the stream says a flag opened or changed. */
	flag_view_live(c, b, "overview-flags-section", q.site);
	flags_section(c, b, &fl);
	terminals_section(c, b, &tl);
	html_raw(b, "<p class=\"note\">");
	html_txtf(b, L(c, "Chỉ số hài lòng = số câu trả lời hài lòng ÷ tổng số câu trả lời × 100, kèm khoảng tin cậy 95 %% "
			  "và n. Nhóm có n < %d chưa đủ để xếp hạng. Cảnh báo ghi theo ngày.",
		       "Satisfaction index = satisfied answers ÷ all answers × 100, with its 95 %% interval and n. Groups "
		       "with n < %d are too few to rank. Flags are shown by day."),
		  INDEX_MIN_RANK);
	html_raw(b, "</p>");
	if (!key.failed && !b->failed)
		cache_put(cache_global(), key.p, b->p + mark, b->len - mark, now_ms);
	layout_end(c, rs);
	st = 200;
	goto out;
fail:
	st = web_fail(c, rq, rs, 500, NULL, "Không đọc được số liệu.", "The figures could not be read.");
out:
	buf_free(&key);
	report_view_free(&v);
	site_list_free(&sl.l);
	oflags_free(&fl);
	free(tl.v);
	return st;
}

const struct web_route page_overview_routes[] = {
	{ HTTP_GET, "/", WEB_R_ANY, overview },
	{ 0 },
};
