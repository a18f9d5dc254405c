/* SPDX-License-Identifier: MIT
 * page_flags.c — Cảnh báo: the complaint flags with their evidence and their life (open →
 * acknowledged → resolved), filtered by kind, state, site and officer; the acknowledge and resolve
 * forms, acting as the logged-in user and written to the audit; and /su-kien, the Server-Sent Events
 * stream that brings a new flag onto an open page (events.h; the script asks this page again with
 * partial=1 for the table alone). Privacy (DESIGN §8): a flag is shown by the day it opened and the
 * days it was acted on, never the minute, and its evidence by counts, never a rating's time or id.
 * The page reads and writes through store_flags.h and store_users.h only: no SQL here. */
#include "events.h"
#include "flags.h"
#include "hl.h"
#include "html.h"
#include "i18n.h"
#include "layout.h"
#include "log.h"
#include "period.h"
#include "store_flags.h"
#include "store_roster.h"
#include "store_users.h"
#include "web.h"
#include "wire.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLAGS_ROWS_MAX 500 /* rows on one page; the newest are shown, a note says there are more */
#define FLAGS_NOTE_MAX 1000 /* bytes of a note */
#define WALK_STOP 1000      /* a callback's value that ends a walk early (no HL_ERR_* has it) */

/* ---- the filters ------------------------------------------------------------------------------- */

struct state_name {
	const char *name, *vi, *en;
	int state; /* enum flag_state, STORE_FLAGS_UNRESOLVED or STORE_FLAGS_ALL */
};

static const struct state_name states[] = {
	{ "unresolved", "Chưa xử lý xong", "Not yet resolved", STORE_FLAGS_UNRESOLVED },
	{ "open", "Mới mở", "Open", FLAG_OPEN },
	{ "acknowledged", "Đã xác nhận", "Acknowledged", FLAG_ACKNOWLEDGED },
	{ "resolved", "Đã xử lý xong", "Resolved", FLAG_RESOLVED },
	{ "all", "Tất cả", "All", STORE_FLAGS_ALL },
};
#define NSTATES (sizeof states / sizeof states[0])

struct filters {
	int kind;                 /* -1: every kind */
	const struct state_name *state;
	const char *site;         /* NULL: every site the user may see */
	const char *officer;      /* NULL: every subject */
	bool partial;
};

static const char *param(const struct http_params *p, const char *name)
{
	const char *v = http_param(p, name);
	return v && *v ? v : NULL;
}

/* The filters of p into f: 0, or the status of the error page written. */
static int filters_parse(struct web_ctx *c, const struct http_request *rq, struct http_response *rs,
			 const struct http_params *p, struct filters *f)
{
	const char *v;

	memset(f, 0, sizeof *f);
	f->kind = -1;
	f->state = &states[0];
	if ((v = param(p, "kind")) && strcmp(v, "all") != 0) {
		f->kind = flag_kind_parse(v);
		if (f->kind < 0)
			return web_fail(c, rq, rs, 400, "kind", "Không có loại cảnh báo này.",
					"There is no such kind of flag.");
	}
	if ((v = param(p, "state"))) {
		f->state = NULL;
		for (size_t i = 0; i < NSTATES; i++)
			if (strcmp(states[i].name, v) == 0)
				f->state = &states[i];
		if (!f->state)
			return web_fail(c, rq, rs, 400, "state",
					"Trạng thái phải là open, acknowledged, resolved, unresolved hoặc all.",
					"The state must be open, acknowledged, resolved, unresolved or all.");
	}
	if ((v = param(p, "site"))) {
		if (!wire_code_valid(v))
			return web_fail(c, rq, rs, 400, "site", "Mã đơn vị không hợp lệ.", "That is not a site code.");
		if (!web_site_allowed(c, v))
			return web_fail(c, rq, rs, 403, "site", "Ông/Bà không được xem đơn vị này.",
					"You may not see this site.");
		f->site = v;
	}
	if ((v = param(p, "officer"))) {
		if (!wire_code_valid(v))
			return web_fail(c, rq, rs, 400, "officer", "Mã cán bộ không hợp lệ.",
					"That is not an officer code.");
		f->officer = v;
	}
	v = param(p, "partial");
	f->partial = v && strcmp(v, "1") == 0;
	return 0;
}

/* The filters as a query string (no leading '?'; "" when all are the defaults) into b. */
static void filters_query(struct buf *b, const struct filters *f)
{
	const char *sep = "";

	if (f->kind >= 0) {
		buf_puts(b, "kind=");
		html_url(b, flag_kind_name(f->kind));
		sep = "&";
	}
	if (f->state != &states[0]) {
		buf_puts(b, sep);
		buf_puts(b, "state=");
		html_url(b, f->state->name);
		sep = "&";
	}
	if (f->site) {
		buf_puts(b, sep);
		buf_puts(b, "site=");
		html_url(b, f->site);
		sep = "&";
	}
	if (f->officer) {
		buf_puts(b, sep);
		buf_puts(b, "officer=");
		html_url(b, f->officer);
	}
}

/* ---- evidence, for people ------------------------------------------------------------------------ */

/* "20 giây", "15 phút", "5 giờ", "3 ngày" (or English) for s seconds. */
static void duration(const struct web_ctx *c, int64_t s, char *out, size_t cap)
{
	if (s < 0)
		s = -s;
	if (s < 120)
		snprintf(out, cap, "%lld %s", (long long)s, L(c, "giây", "s"));
	else if (s < 2 * 3600)
		snprintf(out, cap, "%lld %s", (long long)((s + 30) / 60), L(c, "phút", "min"));
	else if (s < 2 * 86400)
		snprintf(out, cap, "%lld %s", (long long)((s + 1800) / 3600), L(c, "giờ", "h"));
	else
		snprintf(out, cap, "%lld %s", (long long)((s + 43200) / 86400), L(c, "ngày", "days"));
}

enum ev_fmt { EV_SKIP, EV_STR, EV_INT, EV_DUR, EV_SKEW, EV_DAY, EV_PCT, EV_IDS, EV_REASONS, EV_CLOCK, EV_STATE };

struct ev_key {
	const char *key;
	int fmt;
	const char *vi, *en;
};

/* Every key the rules write (flag_engine.c, flag_trend.c), in the order they are shown. */
static const struct ev_key ev_keys[] = {
	{ "rule", EV_SKIP, NULL, NULL },
	{ "summary", EV_SKIP, NULL, NULL },
	{ "question", EV_SKIP, NULL, NULL },
	{ "rating_ids_not_listed", EV_SKIP, NULL, NULL }, /* counted with rating_ids */
	{ "counter", EV_STR, "Quầy", "Counter" },
	{ "officer", EV_STR, "Cán bộ", "Officer" },
	{ "procedure", EV_STR, "Thủ tục", "Procedure" },
	{ "reasons", EV_REASONS, "Lý do", "Reasons" },
	{ "ratings", EV_INT, "Số đánh giá", "Ratings" },
	{ "dissatisfied", EV_INT, "Không hài lòng", "Dissatisfied" },
	{ "window_s", EV_DUR, "Trong vòng", "Within" },
	{ "min_ratings", EV_INT, "Ngưỡng số đánh giá", "Ratings needed" },
	{ "share_pct", EV_PCT, "Ngưỡng tỉ lệ không hài lòng", "Dissatisfied share needed" },
	{ "max", EV_INT, "Tối đa cho phép", "Allowed at most" },
	{ "clock", EV_CLOCK, "Đồng hồ", "Clock" },
	{ "clock_skew_s", EV_SKEW, "Lệch giờ", "Clock off by" },
	{ "fault", EV_STR, "Lỗi", "Fault" },
	{ "state", EV_STATE, "Trạng thái", "State" },
	{ "since", EV_DAY, "Từ ngày", "Since" },
	{ "away_s", EV_DUR, "Mất kết nối trong", "Offline for" },
	{ "limit_s", EV_DUR, "Ngưỡng", "Limit" },
	{ "spooled", EV_INT, "Đánh giá chờ gửi", "Ratings waiting" },
	{ "version", EV_STR, "Phiên bản", "Version" },
	{ "days", EV_INT, "Số ngày xét", "Days looked at" },
	{ "min_n", EV_INT, "Số câu trả lời tối thiểu", "Answers needed" },
	{ "site", EV_STR, "Toàn đơn vị", "Whole site" },
	{ "rating_ids", EV_IDS, "Số đánh giá liên quan", "Ratings concerned" },
};

static const struct ev_key *ev_key_of(const char *key)
{
	for (size_t i = 0; i < sizeof ev_keys / sizeof ev_keys[0]; i++)
		if (strcmp(ev_keys[i].key, key) == 0)
			return &ev_keys[i];
	return NULL;
}

/* A key no rule writes today: shown by its name; one that may be a time is shown as a day. */
static bool looks_like_time(const char *key)
{
	size_t n = strlen(key);
	return strstr(key, "time") || strstr(key, "opened") || strstr(key, "received") || strcmp(key, "ts") == 0 ||
	       (n > 3 && strcmp(key + n - 3, "_at") == 0) || (n > 3 && strcmp(key + n - 3, "_ts") == 0);
}

static void ev_sep(struct buf *b, int *n)
{
	html_raw(b, (*n)++ ? " · " : "");
}

static void ev_label(struct web_ctx *c, struct buf *b, int *n, const char *vi, const char *en)
{
	ev_sep(b, n);
	html_txt(b, L(c, vi, en));
	html_raw(b, ": ");
}

/* A trend's group {answers, dissatisfied, pct, lo_pct, hi_pct}. */
static void ev_group(struct web_ctx *c, struct buf *b, int *n, const char *vi, const char *en, const cJSON *g)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(g, "answers");
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(g, "dissatisfied");
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(g, "pct");
	const cJSON *lo = cJSON_GetObjectItemCaseSensitive(g, "lo_pct");
	const cJSON *hi = cJSON_GetObjectItemCaseSensitive(g, "hi_pct");

	if (!cJSON_IsNumber(a) || !cJSON_IsNumber(d))
		return;
	ev_label(c, b, n, vi, en);
	html_txtf(b, "%.0f/%.0f %s", d->valuedouble, a->valuedouble, L(c, "không hài lòng", "dissatisfied"));
	if (cJSON_IsNumber(p))
		html_txtf(b, " (%.1f %%", p->valuedouble);
	if (cJSON_IsNumber(p) && cJSON_IsNumber(lo) && cJSON_IsNumber(hi))
		html_txtf(b, L(c, ", khoảng tin cậy 95 %%: %.1f–%.1f %%", ", 95 %% interval %.1f–%.1f %%"),
			  lo->valuedouble, hi->valuedouble);
	if (cJSON_IsNumber(p))
		html_raw(b, ")");
}

static void ev_item(struct web_ctx *c, struct buf *b, int *n, const cJSON *root, const cJSON *it)
{
	const struct ev_key *k = ev_key_of(it->string);
	char t[48];

	if (cJSON_IsObject(it)) {
		/* The trend's two groups: the officer's and the site's. */
		if (strcmp(it->string, "officer") == 0)
			ev_group(c, b, n, "Cán bộ", "Officer", it);
		else if (strcmp(it->string, "site") == 0)
			ev_group(c, b, n, "Toàn đơn vị", "Whole site", it);
		return;
	}
	if (!k) {
		if (!cJSON_IsString(it) && !cJSON_IsNumber(it) && !cJSON_IsArray(it) && !cJSON_IsBool(it))
			return;
		ev_sep(b, n);
		html_txt(b, it->string);
		html_raw(b, ": ");
		if (cJSON_IsArray(it))
			html_txtf(b, "%d", cJSON_GetArraySize(it));
		else if (cJSON_IsNumber(it) && looks_like_time(it->string)) {
			layout_day(c, period_day_of((int64_t)it->valuedouble, c->utc_offset), t, sizeof t);
			html_txt(b, t);
		} else if (cJSON_IsNumber(it))
			html_txtf(b, "%g", it->valuedouble);
		else if (cJSON_IsBool(it))
			html_txt(b, cJSON_IsTrue(it) ? L(c, "có", "yes") : L(c, "không", "no"));
		else if (!looks_like_time(it->string))
			html_txt(b, it->valuestring);
		return;
	}
	switch (k->fmt) {
	case EV_SKIP:
		return;
	case EV_STR:
		if (!cJSON_IsString(it) || !it->valuestring[0])
			return;
		ev_label(c, b, n, k->vi, k->en);
		html_txt(b, it->valuestring);
		return;
	case EV_INT:
		if (!cJSON_IsNumber(it))
			return;
		ev_label(c, b, n, k->vi, k->en);
		html_txtf(b, "%lld", (long long)it->valuedouble);
		return;
	case EV_PCT:
		if (!cJSON_IsNumber(it))
			return;
		ev_label(c, b, n, k->vi, k->en);
		html_txtf(b, "%g %%", it->valuedouble);
		return;
	case EV_DUR:
		if (!cJSON_IsNumber(it))
			return;
		duration(c, (int64_t)it->valuedouble, t, sizeof t);
		ev_label(c, b, n, k->vi, k->en);
		html_txt(b, t);
		return;
	case EV_SKEW:
		if (!cJSON_IsNumber(it))
			return;
		duration(c, (int64_t)it->valuedouble, t, sizeof t);
		ev_label(c, b, n, k->vi, k->en);
		html_txt(b, t);
		html_txt(b, it->valuedouble < 0 ? L(c, " (ghi sớm hơn lúc nhận)", " (dated before it arrived)")
						: L(c, " (ghi muộn hơn lúc nhận)", " (dated after it arrived)"));
		return;
	case EV_DAY:
		if (!cJSON_IsNumber(it))
			return;
		layout_day(c, period_day_of((int64_t)it->valuedouble, c->utc_offset), t, sizeof t);
		ev_label(c, b, n, k->vi, k->en);
		html_txt(b, t);
		return;
	case EV_IDS: {
		/* The count only: an id names one citizen's rating, the investigation has the CLI. */
		const cJSON *more = cJSON_GetObjectItemCaseSensitive(root, "rating_ids_not_listed");
		int count = cJSON_IsArray(it) ? cJSON_GetArraySize(it) : 0;
		if (cJSON_IsNumber(more))
			count += (int)more->valuedouble;
		ev_label(c, b, n, k->vi, k->en);
		html_txtf(b, "%d", count);
		return;
	}
	case EV_REASONS: {
		const cJSON *r;
		int m = 0;
		if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) == 0)
			return;
		ev_label(c, b, n, k->vi, k->en);
		cJSON_ArrayForEach(r, it) {
			int ri = cJSON_IsString(r) ? survey_reason_from_code(r->valuestring) : -1;
			html_raw(b, m++ ? ", " : "");
			if (ri >= 0)
				html_txt(b, i18n_reason(c->lang == WEB_EN ? I18N_EN : I18N_VI, ri));
			else if (cJSON_IsString(r))
				html_txt(b, r->valuestring);
		}
		return;
	}
	case EV_CLOCK: {
		static const char *const names[][3] = {
			{ "trusted", "tin cậy được", "believed" },
			{ "not_synchronised", "chưa đồng bộ", "not synchronised" },
			{ "too_old", "ghi ngày quá xa trước lúc nhận", "dated too long before it arrived" },
			{ "ahead", "ghi ngày sau lúc nhận", "dated after it arrived" },
		};
		if (!cJSON_IsString(it))
			return;
		ev_label(c, b, n, k->vi, k->en);
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strcmp(names[i][0], it->valuestring) == 0) {
				html_txt(b, L(c, names[i][1], names[i][2]));
				return;
			}
		html_txt(b, it->valuestring);
		return;
	}
	case EV_STATE:
		if (!cJSON_IsString(it))
			return;
		ev_label(c, b, n, k->vi, k->en);
		if (strcmp(it->valuestring, "online") == 0)
			html_txt(b, L(c, "trực tuyến", "online"));
		else if (strcmp(it->valuestring, "offline") == 0)
			html_txt(b, L(c, "mất kết nối", "offline"));
		else
			html_txt(b, it->valuestring);
		return;
	default:
		return;
	}
}

/* The evidence object as one line of "label: value" items; nothing for an empty or unreadable one. */
static void evidence_write(struct web_ctx *c, struct buf *b, const char *evidence)
{
	cJSON *root = evidence ? cJSON_Parse(evidence) : NULL;
	const cJSON *it;
	int n = 0;

	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return;
	}
	html_raw(b, "<p class=\"note evidence\">");
	/* The known keys in the table's order, then the others as they come. */
	for (size_t i = 0; i < sizeof ev_keys / sizeof ev_keys[0]; i++) {
		it = cJSON_GetObjectItemCaseSensitive(root, ev_keys[i].key);
		if (it)
			ev_item(c, b, &n, root, it);
	}
	cJSON_ArrayForEach(it, root) {
		if (it->string && !ev_key_of(it->string))
			ev_item(c, b, &n, root, it);
	}
	html_raw(b, "</p>");
	cJSON_Delete(root);
}

/* ---- the table ------------------------------------------------------------------------------------ */

static const char *subject_label(const struct web_ctx *c, int type)
{
	switch (type) {
	case FLAG_SUBJ_OFFICER: return L(c, "Cán bộ", "Officer");
	case FLAG_SUBJ_PROCEDURE: return L(c, "Thủ tục", "Procedure");
	case FLAG_SUBJ_COUNTER: return L(c, "Quầy", "Counter");
	case FLAG_SUBJ_TERMINAL: return L(c, "Thiết bị tại quầy", "Terminal at counter");
	default: return "?";
	}
}

static const char *state_label(const struct web_ctx *c, int state)
{
	switch (state) {
	case FLAG_OPEN: return L(c, "Mới mở", "Open");
	case FLAG_ACKNOWLEDGED: return L(c, "Đã xác nhận", "Acknowledged");
	case FLAG_RESOLVED: return L(c, "Đã xử lý xong", "Resolved");
	default: return "?";
	}
}

static void day_of(const struct web_ctx *c, int64_t t, char *out, size_t cap)
{
	layout_day(c, period_day_of(t, c->utc_offset), out, cap);
}

struct walk {
	struct web_ctx *c;
	struct buf *b;
	const struct filters *f;
	bool forms;  /* the user may act on flags */
	int shown;
	bool more;
};

/* The filters as hidden fields, so that a form's answer comes back to the same list. */
static void hidden_filters(struct buf *b, const struct filters *f)
{
	struct { const char *name, *value; } v[] = {
		{ "kind", f->kind >= 0 ? flag_kind_name(f->kind) : NULL },
		{ "state", f->state != &states[0] ? f->state->name : NULL },
		{ "site", f->site },
		{ "officer", f->officer },
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		if (!v[i].value)
			continue;
		html_raw(b, "<input type=\"hidden\" name=\"");
		html_attr(b, v[i].name);
		html_raw(b, "\" value=\"");
		html_attr(b, v[i].value);
		html_raw(b, "\">");
	}
}

static void flag_forms(struct walk *w, const struct store_flag *fl)
{
	struct web_ctx *c = w->c;
	struct buf *b = w->b;
	char id[24];

	snprintf(id, sizeof id, "%lld", (long long)fl->id);
	html_raw(b, "<details class=\"flag-act\"><summary>");
	html_txt(b, L(c, "Xử lý", "Act"));
	html_raw(b, "</summary>");
	if (fl->state == FLAG_OPEN) {
		html_raw(b, "<form method=\"post\" class=\"flag-ack\" action=\"/canh-bao/");
		html_attr(b, id);
		html_raw(b, "/ack\">");
		layout_csrf(c, b);
		hidden_filters(b, w->f);
		html_raw(b, "<label>");
		html_txt(b, L(c, "Ghi chú (không bắt buộc)", "Note (optional)"));
		html_raw(b, "<textarea name=\"note\" rows=\"2\" maxlength=\"1000\"></textarea></label> <button "
			    "type=\"submit\">");
		html_txt(b, L(c, "Xác nhận đã biết", "Acknowledge"));
		html_raw(b, "</button></form>");
	}
	html_raw(b, "<form method=\"post\" class=\"flag-resolve\" action=\"/canh-bao/");
	html_attr(b, id);
	html_raw(b, "/resolve\">");
	layout_csrf(c, b);
	hidden_filters(b, w->f);
	html_raw(b, "<label>");
	html_txt(b, L(c, "Cách đã xử lý (bắt buộc)", "How it was resolved (required)"));
	html_raw(b, "<textarea name=\"note\" rows=\"2\" maxlength=\"1000\" required></textarea></label> "
		    "<button type=\"submit\">");
	html_txt(b, L(c, "Đã xử lý xong", "Resolve"));
	html_raw(b, "</button></form></details>");
}

static void who_line(struct web_ctx *c, struct buf *b, const char *vi, const char *en, const char *by, int64_t at,
		     const char *note)
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

static int flag_row(void *ud, const struct store_flag *fl)
{
	struct walk *w = ud;
	struct web_ctx *c = w->c;
	struct buf *b = w->b;
	const char *kind = flag_kind_name(fl->kind), *state = flag_state_name(fl->state);
	char day[24];

	if (!web_site_allowed(c, fl->site))
		return HL_OK; /* a head's other sites' flags: never shown */
	if (w->f->officer && (fl->subject_type != FLAG_SUBJ_OFFICER || strcmp(fl->subject, w->f->officer) != 0))
		return HL_OK;
	if (w->shown == FLAGS_ROWS_MAX) {
		w->more = true;
		return WALK_STOP;
	}
	w->shown++;
	/* Three columns, so that a phone shows a flag without scrolling far: what and whom, the
	 * summary with its evidence, and its life with the forms. */
	html_raw(b, "<tr class=\"live\" data-flag-id=\"");
	html_txtf(b, "%lld", (long long)fl->id);
	html_raw(b, "\" data-state=\"");
	html_attr(b, state ? state : "");
	html_raw(b, "\"><td class=\"flag-what\"><span class=\"badge ");
	html_attr(b, kind ? kind : "");
	html_raw(b, "\">");
	html_txt(b, flag_kind_label(fl->kind, c->lang == WEB_EN ? 1 : 0));
	html_raw(b, "</span><br><span class=\"flag-id\">#");
	html_txtf(b, "%lld", (long long)fl->id);
	html_raw(b, "</span> · <span class=\"day\" title=\"");
	html_attr(b, L(c, "Ngày mở", "Opened on"));
	html_raw(b, "\">");
	day_of(c, fl->opened, day, sizeof day);
	html_txt(b, day);
	html_raw(b, "</span><br>");
	html_txt(b, subject_label(c, fl->subject_type));
	html_raw(b, " <strong class=\"subject\">");
	html_txt(b, fl->subject);
	html_raw(b, "</strong><br><span class=\"muted site\">");
	html_txt(b, fl->site);
	html_raw(b, "</span></td><td><span class=\"summary\">");
	html_txt(b, fl->summary);
	html_raw(b, "</span>");
	evidence_write(c, b, fl->evidence);
	html_raw(b, "</td><td class=\"flag-life\"><span class=\"badge ");
	html_attr(b, state ? state : "");
	html_raw(b, "\">");
	html_txt(b, state_label(c, fl->state));
	html_raw(b, "</span>");
	if (fl->ack_by)
		who_line(c, b, "Xác nhận:", "Acknowledged by", fl->ack_by, fl->ack_at, fl->ack_note);
	if (fl->resolved_by)
		who_line(c, b, "Xử lý xong:", "Resolved by", fl->resolved_by, fl->resolved_at, fl->resolve_note);
	if (w->forms && fl->state != FLAG_RESOLVED) {
		html_raw(b, "<div class=\"no-print\">");
		flag_forms(w, fl);
		html_raw(b, "</div>");
	}
	html_raw(b, "</td>");
	html_raw(b, "</tr>");
	return HL_OK;
}

static bool may_act(const struct web_ctx *c)
{
	return c->user && (c->user->role == ROLE_ADMIN || c->user->role == ROLE_HEAD);
}

/* <table id="flags">…</table>: what the page shows and what partial=1 answers. HL_OK or the
 * store's error. */
static int flags_table(struct web_ctx *c, struct buf *b, const struct filters *f)
{
	struct buf rows = { 0 };
	struct walk w = { .c = c, .b = &rows, .f = f, .forms = may_act(c) };
	const char *site = f->site;
	int rc;

	/* A head of one site: ask for that site alone (the rows are filtered whatever is asked). */
	if (!site && c->user && c->user->role == ROLE_HEAD && c->user->nsites == 1)
		site = c->user->sites[0];
	rc = store_flags_list_kind(c->store, f->state->state, f->kind, site, 0, flag_row, &w);
	if (rc == WALK_STOP)
		rc = HL_OK;
	if (rows.failed)
		b->failed = true;

	html_raw(b, "<table id=\"flags\" class=\"flags\"><caption class=\"muted\" id=\"flags-count\">");
	if (w.more)
		html_txtf(b, L(c, "%d cảnh báo mới nhất (còn nữa: thu hẹp bộ lọc để xem)",
			       "the newest %d flags (there are more: narrow the filters)"), w.shown);
	else
		html_txtf(b, L(c, "%d cảnh báo", "%d flags"), w.shown);
	html_txt(b, " · ");
	html_txt(b, L(c, f->state->vi, f->state->en));
	html_raw(b, "</caption><thead><tr><th>");
	html_txt(b, L(c, "Cảnh báo", "Flag"));
	html_raw(b, "</th><th>");
	html_txt(b, L(c, "Nội dung và bằng chứng", "What and the evidence"));
	html_raw(b, "</th><th>");
	html_txt(b, L(c, "Trạng thái", "State"));
	html_raw(b, "</th>");
	html_raw(b, "</tr></thead><tbody>");
	if (rows.p)
		buf_put(b, rows.p, rows.len);
	if (w.shown == 0) {
		html_raw(b, "<tr class=\"empty\"><td colspan=\"3\">");
		html_txt(b, L(c, "Không có cảnh báo nào khớp bộ lọc.", "No flag matches the filters."));
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table>");
	buf_free(&rows);
	return rc;
}

/* ---- the page ------------------------------------------------------------------------------------- */

struct site_opts {
	struct web_ctx *c;
	struct buf *b;
	const char *chosen;
	bool chosen_listed;
};

static void site_option(struct site_opts *o, const char *site)
{
	bool sel = o->chosen && strcmp(o->chosen, site) == 0;
	o->chosen_listed |= sel;
	html_raw(o->b, sel ? "<option selected value=\"" : "<option value=\"");
	html_attr(o->b, site);
	html_raw(o->b, "\">");
	html_txt(o->b, site);
	html_raw(o->b, "</option>");
}

static int site_option_fn(void *ud, const char *site)
{
	struct site_opts *o = ud;
	if (web_site_allowed(o->c, site))
		site_option(o, site);
	return HL_OK;
}

static void select_open(struct web_ctx *c, struct buf *b, const char *name, const char *vi, const char *en)
{
	html_raw(b, "<label>");
	html_txt(b, L(c, vi, en));
	html_raw(b, "<select name=\"");
	html_attr(b, name);
	html_raw(b, "\">");
}

static void filters_form(struct web_ctx *c, struct buf *b, const struct filters *f)
{
	html_raw(b, "<form method=\"get\" action=\"/canh-bao\" class=\"filters\" id=\"flag-filters\">");
	select_open(c, b, "kind", "Loại", "Kind");
	html_raw(b, "<option value=\"\">");
	html_txt(b, L(c, "Tất cả", "All"));
	html_raw(b, "</option>");
	for (int k = 0; k < FLAG_KIND_COUNT; k++) {
		html_raw(b, k == f->kind ? "<option selected value=\"" : "<option value=\"");
		html_attr(b, flag_kind_name(k));
		html_raw(b, "\">");
		html_txt(b, flag_kind_label(k, c->lang == WEB_EN ? 1 : 0));
		html_raw(b, "</option>");
	}
	html_raw(b, "</select></label>");

	select_open(c, b, "state", "Trạng thái", "State");
	for (size_t i = 0; i < NSTATES; i++) {
		html_raw(b, &states[i] == f->state ? "<option selected value=\"" : "<option value=\"");
		html_attr(b, states[i].name);
		html_raw(b, "\">");
		html_txt(b, L(c, states[i].vi, states[i].en));
		html_raw(b, "</option>");
	}
	html_raw(b, "</select></label>");

	select_open(c, b, "site", "Đơn vị", "Site");
	html_raw(b, "<option value=\"\">");
	html_txt(b, c->user && c->user->nsites ? L(c, "Tất cả đơn vị của tôi", "All my sites")
					       : L(c, "Tất cả đơn vị", "All sites"));
	html_raw(b, "</option>");
	struct site_opts o = { .c = c, .b = b, .chosen = f->site };
	if (c->user && c->user->nsites > 0) {
		for (size_t i = 0; i < c->user->nsites; i++)
			site_option(&o, c->user->sites[i]);
	} else {
		store_roster_sites(c->store, site_option_fn, &o);
	}
	if (f->site && !o.chosen_listed)
		site_option(&o, f->site);
	html_raw(b, "</select></label>");

	html_raw(b, "<label>");
	html_txt(b, L(c, "Mã cán bộ", "Officer code"));
	html_raw(b, "<input type=\"text\" name=\"officer\" size=\"10\" maxlength=\"32\" value=\"");
	html_attr(b, f->officer ? f->officer : "");
	html_raw(b, "\"></label><button type=\"submit\">");
	html_txt(b, L(c, "Lọc", "Filter"));
	html_raw(b, "</button></form>");
}

static void flash(struct web_ctx *c, struct buf *b, const struct http_request *rq)
{
	const char *done = http_param(&rq->query, "done"), *id = http_param(&rq->query, "id");
	char *end;
	long long n;

	if (!done || !id)
		return;
	n = strtoll(id, &end, 10);
	if (*id < '0' || *id > '9' || *end || n <= 0)
		return;
	html_raw(b, "<p class=\"flash\" role=\"status\">");
	if (strcmp(done, "ack") == 0)
		html_txtf(b, L(c, "Đã xác nhận cảnh báo số %lld.", "Flag %lld acknowledged."), n);
	else if (strcmp(done, "resolve") == 0)
		html_txtf(b, L(c, "Đã ghi nhận cảnh báo số %lld là đã xử lý xong.", "Flag %lld resolved."), n);
	html_raw(b, "</p>");
}

static int flags_page(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	struct filters f;
	struct buf *b = &rs->body;
	int rc;

	if ((rc = filters_parse(c, rq, rs, &rq->query, &f)))
		return rc;
	if (f.partial) {
		rs->status = 200;
		rc = flags_table(c, b, &f);
		if (rc != HL_OK)
			return web_fail(c, rq, rs, 500, NULL, "Không đọc được danh sách cảnh báo.",
					"The flags could not be read.");
		http_header_add(rs, "Cache-Control", "no-store");
		return 200;
	}
	rs->status = 200;
	layout_begin(c, rs, L(c, "Cảnh báo", "Flags"), NAV_FLAGS);
	html_raw(b, "<h1>");
	html_txt(b, L(c, "Cảnh báo", "Flags"));
	html_raw(b, "</h1>");
	flash(c, b, rq);
	filters_form(c, b, &f);

	/* The live part: the script opens the stream named here and asks for the table again. */
	html_raw(b, "<div id=\"live\" class=\"no-print\" aria-live=\"polite\" data-target=\"flags\" "
		    "data-stream=\"/su-kien");
	if (f.site) {
		html_raw(b, "?site=");
		html_url(b, f.site);
	}
	html_raw(b, "\" data-new-text=\"");
	html_attr(b, L(c, "Cảnh báo mới", "New flag"));
	html_raw(b, "\" data-change-text=\"");
	html_attr(b, L(c, "Danh sách đã được cập nhật", "The list was updated"));
	html_raw(b, "\"></div>");

	html_raw(b, "<section><div class=\"table-wrap\">");
	rc = flags_table(c, b, &f);
	html_raw(b, "</div>");
	if (rc != HL_OK)
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được danh sách cảnh báo.",
				"The flags could not be read.");
	html_raw(b, "<p class=\"note\">");
	html_txt(b, L(c,
		      "Cảnh báo được ghi theo ngày, không theo giờ phút, để không thể đối chiếu với sổ xếp hàng. "
		      "Trang tự cập nhật khi có cảnh báo mới; nếu trình duyệt tắt JavaScript, hãy tải lại trang.",
		      "Flags are shown by day, never by the minute, so they cannot be matched against the queue log. "
		      "The page updates itself when a flag opens; without JavaScript, reload it."));
	html_raw(b, " <a class=\"no-print\" href=\"/canh-bao");
	{
		struct buf q = { 0 };
		filters_query(&q, &f);
		if (q.p && q.len) {
			html_raw(b, "?");
			html_attr(b, q.p);
		}
		buf_free(&q);
	}
	html_raw(b, "\">");
	html_txt(b, L(c, "Tải lại", "Reload"));
	html_raw(b, "</a></p></section>");
	layout_end(c, rs);
	return 200;
}

/* ---- acknowledge and resolve ------------------------------------------------------------------------- */

struct got {
	bool found;
	int state;
	char site[HL_CODE_MAX + 1];
	char by[USER_NAME_MAX + 8];
};

static int got_flag(void *ud, const struct store_flag *f)
{
	struct got *g = ud;

	g->found = true;
	g->state = f->state;
	snprintf(g->site, sizeof g->site, "%s", f->site ? f->site : "");
	snprintf(g->by, sizeof g->by, "%s",
		 f->state == FLAG_RESOLVED && f->resolved_by ? f->resolved_by : f->ack_by ? f->ack_by : "");
	return HL_OK;
}

/* The note without surrounding blanks, into out (cap bytes); its newlines as spaces in line (for
 * the audit, which keeps one line). */
static void note_clean(const char *in, char *out, size_t cap, char *line, size_t lcap)
{
	size_t a = 0, z;

	if (!in)
		in = "";
	while (in[a] == ' ' || in[a] == '\t' || in[a] == '\r' || in[a] == '\n')
		a++;
	z = strlen(in);
	while (z > a && (in[z - 1] == ' ' || in[z - 1] == '\t' || in[z - 1] == '\r' || in[z - 1] == '\n'))
		z--;
	snprintf(out, cap, "%.*s", (int)(z - a), in + a);
	snprintf(line, lcap, "%s", out);
	for (char *p = line; *p; p++)
		if (*p == '\r' || *p == '\n' || *p == '\t')
			*p = ' ';
}

static int flag_step(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, bool resolve)
{
	const char *arg = rq->args[0];
	char note[FLAGS_NOTE_MAX + 1], line[FLAGS_NOTE_MAX + 1], detail[FLAGS_NOTE_MAX + 64];
	struct got g = { 0 };
	struct filters f;
	char *end;
	long long id;
	int rc, state = -1;

	id = arg && *arg >= '0' && *arg <= '9' ? strtoll(arg, &end, 10) : 0;
	if (id <= 0 || *end)
		return web_fail(c, rq, rs, 404, NULL, "Không có cảnh báo này.", "There is no such flag.");
	rc = store_flags_get(c->store, id, got_flag, &g);
	if (rc == HL_ERR_NOTFOUND || (rc == HL_OK && !g.found))
		return web_fail(c, rq, rs, 404, NULL, "Không có cảnh báo này.", "There is no such flag.");
	if (rc != HL_OK)
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được cảnh báo.", "The flag could not be read.");
	if (!web_site_allowed(c, g.site))
		return web_fail(c, rq, rs, 403, NULL, "Cảnh báo này thuộc đơn vị Ông/Bà không phụ trách.",
				"This flag belongs to a site that is not yours.");
	/* Where to come back to: the list as it was filtered (a bad filter is simply dropped). */
	if (filters_parse(c, rq, rs, &rq->form, &f)) {
		buf_reset(&rs->body);
		rs->status = 0;
		memset(&f, 0, sizeof f);
		f.kind = -1;
		f.state = &states[0];
	}
	const char *raw = http_param(&rq->form, "note");
	if (raw && strlen(raw) > FLAGS_NOTE_MAX)
		return web_fail(c, rq, rs, 400, "note", "Ghi chú dài quá 1000 byte.",
				"The note is longer than 1000 bytes.");
	note_clean(raw, note, sizeof note, line, sizeof line);
	if (resolve && !note[0])
		return web_fail(c, rq, rs, 400, "note", "Cần ghi rõ đã xử lý thế nào.",
				"Say how it was resolved: a note is required.");

	rc = resolve ? store_flags_resolve(c->store, id, c->user->name, note, c->now, &state)
		     : store_flags_ack(c->store, id, c->user->name, note[0] ? note : NULL, c->now, &state);
	if (rc == HL_ERR_NOTFOUND)
		return web_fail(c, rq, rs, 404, NULL, "Không có cảnh báo này.", "There is no such flag.");
	if (rc == HL_ERR_INVALID) {
		char vi[320], en[320];
		if (state < 0)
			state = g.state;
		/* Whoever did it first is said: the two heads can talk. */
		store_flags_get(c->store, id, got_flag, &g);
		if (state == FLAG_RESOLVED) {
			snprintf(vi, sizeof vi, "Cảnh báo số %lld đã được xử lý xong%s%s.", id, g.by[0] ? " bởi " : "",
				 g.by);
			snprintf(en, sizeof en, "Flag %lld is already resolved%s%s.", id, g.by[0] ? " by " : "", g.by);
		} else {
			snprintf(vi, sizeof vi,
				 "Cảnh báo số %lld đã được xác nhận%s%s; bây giờ có thể ghi là đã xử lý xong.", id,
				 g.by[0] ? " bởi " : "", g.by);
			snprintf(en, sizeof en, "Flag %lld is already acknowledged%s%s; it can be resolved now.", id,
				 g.by[0] ? " by " : "", g.by);
		}
		return web_fail(c, rq, rs, 409, NULL, vi, en);
	}
	if (rc != HL_OK)
		return web_fail(c, rq, rs, 500, NULL, "Không ghi được; xin thử lại.",
				"It could not be saved; try again.");

	snprintf(detail, sizeof detail, line[0] ? "flag %lld: %s" : "flag %lld", id, line);
	if (store_audit_add(c->store, c->now, c->user->name, resolve ? "flag.resolve" : "flag.ack", g.site, detail) !=
	    HL_OK)
		log_msg(LOG_ERROR, "audit: flag %lld %s by %s not recorded: %s", id, resolve ? "resolve" : "ack",
			c->user->name, store_errmsg(c->store));
	events_poke(events_global());

	struct buf to = { 0 };
	buf_printf(&to, "/canh-bao?done=%s&id=%lld", resolve ? "resolve" : "ack", id);
	struct buf q = { 0 };
	filters_query(&q, &f);
	if (q.p && q.len) {
		buf_puts(&to, "&");
		buf_put(&to, q.p, q.len);
	}
	buf_free(&q);
	http_redirect(rs, to.p && !to.failed ? to.p : "/canh-bao");
	buf_free(&to);
	return 303;
}

static int flag_ack(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return flag_step(c, rq, rs, false);
}

static int flag_resolve(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return flag_step(c, rq, rs, true);
}

/* ---- the stream -------------------------------------------------------------------------------------- */

static int flag_stream(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *site = param(&rq->query, "site");

	if (site && !wire_code_valid(site))
		return web_fail(c, rq, rs, 400, "site", "Mã đơn vị không hợp lệ.", "That is not a site code.");
	if (site && !web_site_allowed(c, site))
		return web_fail(c, rq, rs, 403, "site", "Ông/Bà không được xem đơn vị này.",
				"You may not see this site.");
	if (!events_global())
		return web_fail(c, rq, rs, 503, NULL, "Cập nhật trực tiếp chưa chạy.", "Live updates are not running.");
	rs->status = 200;
	rs->type = "text/event-stream";
	rs->stream = WEB_STREAM_FLAGS;
	snprintf(rs->stream_site, sizeof rs->stream_site, "%s", site ? site : "");
	http_header_add(rs, "Cache-Control", "no-store");
	return 200;
}

#define FLAG_READERS (WEB_R_ADMIN | WEB_R_HEAD | WEB_R_PROVINCE)
#define FLAG_ACTORS (WEB_R_ADMIN | WEB_R_HEAD)

const struct web_route page_flags_routes[] = {
	{ HTTP_GET, "/canh-bao", FLAG_READERS, flags_page },
	{ HTTP_POST, "/canh-bao/:id/ack", FLAG_ACTORS, flag_ack },
	{ HTTP_POST, "/canh-bao/:id/resolve", FLAG_ACTORS, flag_resolve },
	{ HTTP_GET, "/su-kien", FLAG_READERS, flag_stream },
	{ 0 },
};
