/* SPDX-License-Identifier: MIT
 * flag_view.c — a flag for people (flag_view.h): its heading and its life, its summary as element
 * text or as plain text for JSON (the wording itself is flag_words.c's: one table of sentences per
 * kind), the evidence as labelled items (the evidence keys are one table, ev_keys[]) with officers'
 * and procedures' names from the site's roster and reasons by their labels (i18n.h, never a second
 * table), and a small cache of rosters for a list of flags. It owns only the rosters of a
 * flag_view_names and scratch buffers freed before returning; it holds no SQL (store_roster_load
 * reads the roster) and must never write a rating's id or time: flags are told by day (DESIGN §8). */
#include "flag_view.h"

#include "flag_words.h"
#include "flags.h"
#include "html.h"
#include "i18n.h"
#include "layout.h"
#include "period.h"
#include "roster.h"
#include "store_roster.h"
#include "survey.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

void flag_view_duration(const struct web_ctx *c, int64_t s, char *out, size_t cap)
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

static void day_of(const struct web_ctx *c, int64_t t, char *out, size_t cap)
{
	layout_day(c, period_day_of(t, c->utc_offset), out, cap);
}

/* ---- the summary --------------------------------------------------------------------------------- */

void flag_view_summary(const struct web_ctx *c, const struct store_flag *f, const struct roster *names,
		       struct buf *b)
{
	struct buf t = { 0 };

	flag_words_summary(c, f, names, &t);
	if (t.failed)
		b->failed = true;
	else if (t.p)
		html_txt(b, t.p);
	buf_free(&t);
}

size_t flag_view_summary_text(const struct web_ctx *c, const struct store_flag *f, const struct roster *names,
			      char *out, size_t cap)
{
	struct buf t = { 0 };
	size_t n = 0;

	if (!cap)
		return 0;
	flag_words_summary(c, f, names, &t);
	if (!t.failed && t.p) {
		n = t.len < cap - 1 ? t.len : cap - 1;
		/* Cut before a character, never inside one. */
		while (n > 0 && n < t.len && ((unsigned char)t.p[n] & 0xC0) == 0x80)
			n--;
		memcpy(out, t.p, n);
	}
	out[n] = '\0';
	buf_free(&t);
	return n;
}

/* ---- the evidence, for people ---------------------------------------------------------------------- */

/* How a member is shown: strings up to EV_WORD, numbers from EV_INT. */
enum ev_fmt { EV_SKIP, EV_IDS, EV_REASONS, EV_STR, EV_OFFICER, EV_PROCEDURE, EV_WORD, EV_INT, EV_PCT, EV_DUR,
	      EV_SKEW, EV_DAY };

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
	{ "officer", EV_OFFICER, "Cán bộ", "Officer" },
	{ "procedure", EV_PROCEDURE, "Thủ tục", "Procedure" },
	{ "reasons", EV_REASONS, "Lý do", "Reasons" },
	{ "ratings", EV_INT, "Số đánh giá", "Ratings" },
	{ "dissatisfied", EV_INT, "Không hài lòng", "Dissatisfied" },
	{ "window_s", EV_DUR, "Trong vòng", "Within" },
	{ "min_ratings", EV_INT, "Ngưỡng số đánh giá", "Ratings needed" },
	{ "share_pct", EV_PCT, "Ngưỡng tỷ lệ không hài lòng", "Dissatisfied share needed" },
	{ "max", EV_INT, "Tối đa cho phép", "Allowed at most" },
	{ "clock", EV_WORD, "Đồng hồ", "Clock" },
	{ "clock_skew_s", EV_SKEW, "Lệch giờ", "Clock off by" },
	{ "fault", EV_WORD, "Lỗi", "Fault" },
	{ "state", EV_WORD, "Trạng thái", "State" },
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

/* The values of EV_WORD members (a clock's verdict, a terminal's state, a fault) in words. */
static const char *const ev_words[][3] = {
	{ "trusted", "tin cậy được", "believed" },
	{ "not_synchronised", "chưa đồng bộ", "not synchronised" },
	{ "too_old", "ghi ngày quá xa trước lúc nhận", "dated too long before it arrived" },
	{ "ahead", "ghi ngày sau lúc nhận", "dated after it arrived" },
	{ "online", "trực tuyến", "online" },
	{ "offline", "mất kết nối", "offline" },
	{ "spool", "không ghi được đánh giá (lỗi bộ nhớ)", "could not record ratings (storage fault)" },
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

struct ev_out {
	const struct web_ctx *c;
	const struct roster *names;
	struct buf *b;
	int n; /* items written */
};

static void ev_label(struct ev_out *o, const char *vi, const char *en)
{
	html_raw(o->b, o->n++ ? " · " : "");
	html_txt(o->b, vi ? L(o->c, vi, en) : en);
	html_raw(o->b, ": ");
}

static void ev_day(struct ev_out *o, double t)
{
	char day[32];

	day_of(o->c, (int64_t)t, day, sizeof day);
	html_txt(o->b, day);
}

/* A trend's group {answers, dissatisfied, pct, lo_pct, hi_pct}. */
static void ev_group(struct ev_out *o, const char *vi, const char *en, const cJSON *g)
{
	const struct web_ctx *c = o->c;
	double a, d, p, lo, hi;
	bool has_p = flag_words_num(g, "pct", &p);

	if (!flag_words_num(g, "answers", &a) || !flag_words_num(g, "dissatisfied", &d))
		return;
	ev_label(o, vi, en);
	html_txtf(o->b, "%.0f/%.0f %s", d, a, L(c, "không hài lòng", "dissatisfied"));
	if (has_p)
		html_txtf(o->b, " (%.1f %%", p);
	if (has_p && flag_words_num(g, "lo_pct", &lo) && flag_words_num(g, "hi_pct", &hi))
		html_txtf(o->b, L(c, ", khoảng tin cậy 95 %%: %.1f–%.1f %%", ", 95 %% interval %.1f–%.1f %%"), lo, hi);
	if (has_p)
		html_raw(o->b, ")");
}

/* A member no rule writes today, shown by its key; a time as its day, a time written as text not
 * at all. */
static void ev_other(struct ev_out *o, const cJSON *it)
{
	bool time = looks_like_time(it->string);

	if ((!cJSON_IsString(it) || time) && !cJSON_IsNumber(it) && !cJSON_IsArray(it) && !cJSON_IsBool(it))
		return;
	ev_label(o, NULL, it->string);
	if (cJSON_IsArray(it))
		html_txtf(o->b, "%d", cJSON_GetArraySize(it));
	else if (cJSON_IsNumber(it) && time)
		ev_day(o, it->valuedouble);
	else if (cJSON_IsNumber(it))
		html_txtf(o->b, "%g", it->valuedouble);
	else if (cJSON_IsBool(it))
		html_txt(o->b, cJSON_IsTrue(it) ? L(o->c, "có", "yes") : L(o->c, "không", "no"));
	else
		html_txt(o->b, it->valuestring);
}

static void ev_reasons(struct ev_out *o, const struct ev_key *k, const cJSON *it)
{
	const cJSON *r;
	int m = 0;

	if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) == 0)
		return;
	ev_label(o, k->vi, k->en);
	cJSON_ArrayForEach(r, it) {
		int ri = cJSON_IsString(r) ? survey_reason_from_code(r->valuestring) : -1;
		html_raw(o->b, m++ ? ", " : "");
		if (ri >= 0)
			html_txt(o->b, i18n_reason(flag_words_lang(o->c), ri));
		else if (cJSON_IsString(r))
			html_txt(o->b, r->valuestring);
	}
}

/* "Nguyễn Thị Ấu (cb002)" for a code the roster knows, else the code; a word in words. */
static void ev_text(struct ev_out *o, int fmt, const char *v)
{
	const char *name = fmt == EV_OFFICER	 ? flag_words_name(o->names, ROSTER_OFFICER, v)
			   : fmt == EV_PROCEDURE ? flag_words_name(o->names, ROSTER_PROCEDURE, v)
						 : NULL;

	for (size_t i = 0; fmt == EV_WORD && i < sizeof ev_words / sizeof ev_words[0]; i++)
		if (strcmp(ev_words[i][0], v) == 0) {
			html_txt(o->b, L(o->c, ev_words[i][1], ev_words[i][2]));
			return;
		}
	if (name) {
		html_txt(o->b, name);
		html_raw(o->b, " (");
	}
	html_txt(o->b, v);
	if (name)
		html_raw(o->b, ")");
}

static void ev_item(struct ev_out *o, const cJSON *root, const cJSON *it)
{
	const struct web_ctx *c = o->c;
	const struct ev_key *k = ev_key_of(it->string);
	char t[48];

	if (cJSON_IsObject(it)) {
		/* The trend's two groups: the officer's and the site's. */
		if (strcmp(it->string, "officer") == 0)
			ev_group(o, "Cán bộ", "Officer", it);
		else if (strcmp(it->string, "site") == 0)
			ev_group(o, "Toàn đơn vị", "Whole site", it);
		return;
	}
	if (!k) {
		ev_other(o, it);
		return;
	}
	if (k->fmt == EV_SKIP)
		return;
	if (k->fmt == EV_REASONS) {
		ev_reasons(o, k, it);
		return;
	}
	if (k->fmt == EV_IDS) {
		/* The count only: an id names one citizen's rating, the investigation has the CLI. */
		const cJSON *more = cJSON_GetObjectItemCaseSensitive(root, "rating_ids_not_listed");
		int count = cJSON_IsArray(it) ? cJSON_GetArraySize(it) : 0;
		if (cJSON_IsNumber(more))
			count += (int)more->valuedouble;
		ev_label(o, k->vi, k->en);
		html_txtf(o->b, "%d", count);
		return;
	}
	if (k->fmt < EV_INT ? !cJSON_IsString(it) || !it->valuestring[0] : !cJSON_IsNumber(it))
		return;
	ev_label(o, k->vi, k->en);
	switch (k->fmt) {
	case EV_INT: html_txtf(o->b, "%lld", (long long)it->valuedouble); return;
	case EV_PCT: html_txtf(o->b, "%g %%", it->valuedouble); return;
	case EV_DAY: ev_day(o, it->valuedouble); return;
	case EV_DUR:
	case EV_SKEW:
		flag_view_duration(c, (int64_t)it->valuedouble, t, sizeof t);
		html_txt(o->b, t);
		if (k->fmt == EV_SKEW)
			html_txt(o->b, it->valuedouble < 0 ? L(c, " (ghi sớm hơn lúc nhận)", " (dated before it arrived)")
							   : L(c, " (ghi muộn hơn lúc nhận)", " (dated after it arrived)"));
		return;
	default: ev_text(o, k->fmt, it->valuestring); return;
	}
}

void flag_view_evidence(const struct web_ctx *c, const struct store_flag *f, const struct roster *names,
			struct buf *b)
{
	cJSON *root = flag_words_evidence(f);
	struct ev_out o = { .c = c, .names = names, .b = b };
	const cJSON *it;

	if (!root)
		return;
	html_raw(b, "<p class=\"note evidence\">");
	/* The known keys in the table's order, then the others as they come. */
	for (size_t i = 0; i < sizeof ev_keys / sizeof ev_keys[0]; i++) {
		it = cJSON_GetObjectItemCaseSensitive(root, ev_keys[i].key);
		if (it)
			ev_item(&o, root, it);
	}
	cJSON_ArrayForEach(it, root) {
		if (it->string && !ev_key_of(it->string))
			ev_item(&o, root, it);
	}
	html_raw(b, "</p>");
	cJSON_Delete(root);
}

/* ---- the heading and the life ----------------------------------------------------------------------- */

const char *flag_view_subject_label(const struct web_ctx *c, int subject_type)
{
	switch (subject_type) {
	case FLAG_SUBJ_OFFICER: return L(c, "Cán bộ", "Officer");
	case FLAG_SUBJ_PROCEDURE: return L(c, "Thủ tục", "Procedure");
	case FLAG_SUBJ_COUNTER: return L(c, "Quầy", "Counter");
	case FLAG_SUBJ_TERMINAL: return L(c, "Thiết bị tại quầy", "Terminal at counter");
	default: return "?";
	}
}

const char *flag_view_state_label(const struct web_ctx *c, int state)
{
	switch (state) {
	case FLAG_OPEN: return L(c, "Mới mở", "Open");
	case FLAG_ACKNOWLEDGED: return L(c, "Đã xác nhận", "Acknowledged");
	case FLAG_RESOLVED: return L(c, "Đã xử lý xong", "Resolved");
	default: return "?";
	}
}

void flag_view_what(const struct web_ctx *c, const struct store_flag *f, struct buf *b)
{
	const char *kind = flag_kind_name(f->kind), *label = flag_kind_label(f->kind, flag_words_lang(c));
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
	html_raw(b, "</strong><br><span class=\"muted site\">");
	html_txt(b, f->site);
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
