/* SPDX-License-Identifier: MIT
 * flag_view.c — a flag for people (flag_view.h): its heading and its life, the summary composed in
 * the reader's language from the evidence the rules write (results/flag_engine.c, flag_trend.c; the
 * wordings are one table, says[], the evidence keys another, ev_keys[]), with officers' and
 * procedures' names from the site's roster and reasons by their labels (i18n.h, never a second
 * table); the evidence as labelled items; and a small cache of rosters for a list of flags. It owns
 * only the rosters of a flag_view_names and scratch buffers freed before returning; it holds no SQL
 * (store_roster_load reads the roster) and must never write a rating's id or time: flags are told
 * by day (DESIGN §8). */
#include "flag_view.h"

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

static int lang_of(const struct web_ctx *c)
{
	return c->lang == WEB_EN ? I18N_EN : I18N_VI;
}

static void day_of(const struct web_ctx *c, int64_t t, char *out, size_t cap)
{
	layout_day(c, period_day_of(t, c->utc_offset), out, cap);
}

static cJSON *evidence_parse(const struct store_flag *f)
{
	cJSON *root = f->evidence && *f->evidence ? cJSON_Parse(f->evidence) : NULL;

	if (root && !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

/* A non-empty string member of ev, or NULL. */
static const char *ev_str(const cJSON *ev, const char *key)
{
	const cJSON *it = ev ? cJSON_GetObjectItemCaseSensitive(ev, key) : NULL;
	return cJSON_IsString(it) && it->valuestring[0] ? it->valuestring : NULL;
}

static bool ev_num(const cJSON *ev, const char *key, double *v)
{
	const cJSON *it = ev ? cJSON_GetObjectItemCaseSensitive(ev, key) : NULL;
	if (!cJSON_IsNumber(it))
		return false;
	*v = it->valuedouble;
	return true;
}

static const char *name_of(const struct roster *names, int kind, const char *code)
{
	return names && code && code[0] ? roster_name(names, kind, code) : NULL;
}

/* "Nguyễn Thị Ấu (cb002)", or the code alone when the roster does not know it. */
static void who(struct buf *t, const struct roster *names, int kind, const char *code)
{
	const char *name = name_of(names, kind, code);

	if (name)
		buf_printf(t, "%s (%s)", name, code);
	else
		buf_puts(t, code ? code : "");
}

/* ---- the summary: one table of wordings --------------------------------------------------------- */

/* A wording of a kind for a subject type (-1: any) when the evidence's member key=value (cond, or
 * NULL), Vietnamese first. Fields in braces: {w} the subject with its roster name, {s} the subject's
 * code, {r} ": " and the serious reasons' labels, and of the evidence member K: {$K} its text, {#K}
 * its number, {~K} a duration in seconds in words, {%K} a trend group's percentage. The first
 * wording of the flag's kind whose subject type and condition match and whose fields the evidence
 * all has is the one said; each kind ends with one that needs nothing but the subject. */
struct say {
	int kind, subject_type;
	const char *cond, *vi, *en;
};

static const struct say says[] = {
	{ FLAG_SERIOUS, FLAG_SUBJ_OFFICER, NULL, "Phản ánh nghiêm trọng về cán bộ {w} tại quầy {$counter}{r}",
	  "Serious complaint about officer {w} at counter {$counter}{r}" },
	{ FLAG_SERIOUS, FLAG_SUBJ_OFFICER, NULL, "Phản ánh nghiêm trọng về cán bộ {w}{r}",
	  "Serious complaint about officer {w}{r}" },
	{ FLAG_SERIOUS, FLAG_SUBJ_PROCEDURE, NULL, "Phản ánh nghiêm trọng về thủ tục {w}{r}",
	  "Serious complaint about procedure {w}{r}" },
	{ FLAG_SERIOUS, -1, NULL, "Phản ánh nghiêm trọng tại quầy {$counter} (không rõ cán bộ){r}",
	  "Serious complaint at counter {$counter} (officer unknown){r}" },
	{ FLAG_SERIOUS, -1, NULL, "Phản ánh nghiêm trọng tại quầy {s} (không rõ cán bộ){r}",
	  "Serious complaint at counter {s} (officer unknown){r}" },

	{ FLAG_BURST, -1, NULL, "Quầy {s}: {#dissatisfied}/{#ratings} đánh giá không hài lòng trong {~window_s}",
	  "Counter {s}: {#dissatisfied} of {#ratings} ratings dissatisfied within {~window_s}" },
	{ FLAG_BURST, -1, NULL, "Quầy {s}: nhiều đánh giá không hài lòng trong thời gian ngắn",
	  "Counter {s}: many dissatisfied ratings in a short time" },

	{ FLAG_TREND, -1, NULL,
	  "Cán bộ {w}: tỷ lệ không hài lòng {#days} ngày qua cao hơn rõ rệt so với toàn đơn vị ({%officer} so "
	  "với {%site})",
	  "Officer {w}: dissatisfied share over the last {#days} days clearly above the whole site's ({%officer} "
	  "against {%site})" },
	{ FLAG_TREND, -1, NULL, "Cán bộ {w}: tỷ lệ không hài lòng cao hơn rõ rệt so với toàn đơn vị",
	  "Officer {w}: dissatisfied share clearly above the whole site's" },

	{ FLAG_STUFFING, -1, NULL, "Thiết bị quầy {s} gửi đánh giá nhanh hơn người có thể bấm ({#ratings} trong "
				   "{~window_s})",
	  "The terminal at counter {s} sent ratings faster than people can give them ({#ratings} within "
	  "{~window_s})" },
	{ FLAG_STUFFING, -1, NULL, "Thiết bị quầy {s} gửi đánh giá nhanh hơn người có thể bấm",
	  "The terminal at counter {s} sent ratings faster than people can give them" },

	{ FLAG_CLOCK, -1, "clock=too_old",
	  "Thiết bị quầy {s} gửi đánh giá ghi ngày sớm hơn lúc nhận {~clock_skew_s}; đánh giá được tính vào ngày "
	  "nhận",
	  "The terminal at counter {s} sent a rating dated {~clock_skew_s} before it arrived; it is counted on "
	  "the day received" },
	{ FLAG_CLOCK, -1, "clock=ahead",
	  "Thiết bị quầy {s} gửi đánh giá ghi ngày muộn hơn lúc nhận {~clock_skew_s}; đánh giá được tính vào "
	  "ngày nhận",
	  "The terminal at counter {s} sent a rating dated {~clock_skew_s} after it arrived; it is counted on "
	  "the day received" },
	{ FLAG_CLOCK, -1, NULL, "Đồng hồ thiết bị quầy {s} chưa đồng bộ",
	  "The clock of the terminal at counter {s} is not synchronised" },

	{ FLAG_OFFLINE, -1, "rule=no_status",
	  "Thiết bị quầy {s} đã gửi đánh giá nhưng không gửi trạng thái hơn {~limit_s}",
	  "The terminal at counter {s} has sent ratings but no status for more than {~limit_s}" },
	{ FLAG_OFFLINE, -1, "rule=no_status", "Thiết bị quầy {s} đã gửi đánh giá nhưng không gửi trạng thái",
	  "The terminal at counter {s} has sent ratings but no status" },
	{ FLAG_OFFLINE, -1, NULL, "Thiết bị quầy {s} mất kết nối hơn {~limit_s}",
	  "The terminal at counter {s} was offline for more than {~limit_s}" },
	{ FLAG_OFFLINE, -1, NULL, "Thiết bị quầy {s} mất kết nối", "The terminal at counter {s} was offline" },

	{ FLAG_FAULT, -1, "fault=spool", "Thiết bị quầy {s} không ghi được đánh giá (lỗi bộ nhớ)",
	  "The terminal at counter {s} could not record ratings (storage fault)" },
	{ FLAG_FAULT, -1, NULL, "Thiết bị quầy {s} báo lỗi: {$fault}",
	  "The terminal at counter {s} reports a fault: {$fault}" },
	{ FLAG_FAULT, -1, NULL, "Thiết bị quầy {s} báo lỗi", "The terminal at counter {s} reports a fault" },
};

/* The serious reasons of the evidence by their labels after ": "; every reason when none is serious
 * (a flag written by an older rule); nothing without reasons. */
static void serious_reasons(const struct web_ctx *c, const cJSON *ev, struct buf *t)
{
	const cJSON *arr = ev ? cJSON_GetObjectItemCaseSensitive(ev, "reasons") : NULL, *r;
	int n = 0;

	if (!cJSON_IsArray(arr))
		return;
	for (int pass = 0; pass < 2 && n == 0; pass++) {
		cJSON_ArrayForEach(r, arr) {
			int ri = cJSON_IsString(r) ? survey_reason_from_code(r->valuestring) : -1;
			if (ri < 0 || (pass == 0 && !survey_reason_serious(ri)))
				continue;
			buf_puts(t, n++ ? ", " : ": ");
			buf_puts(t, i18n_reason(lang_of(c), ri));
		}
	}
}

/* Whether the evidence meets a wording's condition "key=value". */
static bool cond_met(const cJSON *ev, const char *cond)
{
	const char *eq = cond ? strchr(cond, '=') : NULL, *v;
	char key[32];

	if (!cond)
		return true;
	snprintf(key, sizeof key, "%.*s", eq ? (int)(eq - cond) : 0, cond);
	v = ev_str(ev, key);
	return eq && v && strcmp(v, eq + 1) == 0;
}

/* One field of a wording (its text between the braces, n bytes) into t; false when the evidence
 * lacks it. */
static bool field(const struct web_ctx *c, const struct store_flag *f, const cJSON *ev, const struct roster *names,
		  const char *fld, size_t n, struct buf *t)
{
	const cJSON *g;
	char key[32], d[32];
	const char *s;
	double v;

	snprintf(key, sizeof key, "%.*s", n > 1 ? (int)(n - 1) : 0, fld + 1);
	switch (fld[0]) {
	case 'w':
		who(t, names, f->subject_type == FLAG_SUBJ_PROCEDURE ? ROSTER_PROCEDURE : ROSTER_OFFICER, f->subject);
		return true;
	case 's': buf_puts(t, f->subject); return true;
	case 'r': serious_reasons(c, ev, t); return true;
	case '$':
		if (!(s = ev_str(ev, key)))
			return false;
		buf_puts(t, s);
		return true;
	case '#':
		if (!ev_num(ev, key, &v))
			return false;
		buf_printf(t, "%lld", (long long)v);
		return true;
	case '~':
		if (!ev_num(ev, key, &v))
			return false;
		flag_view_duration(c, (int64_t)v, d, sizeof d);
		buf_puts(t, d);
		return true;
	case '%':
		g = ev ? cJSON_GetObjectItemCaseSensitive(ev, key) : NULL;
		if (!cJSON_IsObject(g) || !ev_num(g, "pct", &v))
			return false;
		buf_printf(t, "%.1f %%", v);
		return true;
	default: return false;
	}
}

/* The wording w filled in, into t; false (t as it was) when the evidence lacks a field. */
static bool fill(const struct web_ctx *c, const struct store_flag *f, const cJSON *ev, const struct roster *names,
		 const char *w, struct buf *t)
{
	struct buf one = { 0 };
	const char *p = w, *open, *close;
	bool ok = true;

	while (ok && (open = strchr(p, '{')) && (close = strchr(open, '}'))) {
		buf_put(&one, p, (size_t)(open - p));
		ok = field(c, f, ev, names, open + 1, (size_t)(close - open - 1), &one);
		p = close + 1;
	}
	if (ok)
		buf_puts(&one, p);
	if (ok && one.failed)
		t->failed = true;
	else if (ok)
		buf_put(t, one.p, one.len);
	buf_free(&one);
	return ok;
}

/* The flag told in c's language into t; false when its kind is not one this table tells. */
static bool compose(const struct web_ctx *c, const struct store_flag *f, const cJSON *ev,
		    const struct roster *names, struct buf *t)
{
	const char *rule = ev_str(ev, "rule");
	int kind = f->kind;

	if (!f->subject)
		return false;
	/* Before schema 7 stuffing, clock and offline flags were all "integrity": their rule says which. */
	if (kind == FLAG_INTEGRITY)
		kind = !rule					      ? -1
		       : strcmp(rule, "stuffing") == 0		      ? FLAG_STUFFING
		       : strcmp(rule, "clock") == 0		      ? FLAG_CLOCK
		       : strcmp(rule, "offline") == 0 || strcmp(rule, "no_status") == 0 ? FLAG_OFFLINE
									      : -1;
	for (size_t i = 0; i < sizeof says / sizeof says[0]; i++) {
		const struct say *s = &says[i];
		if (s->kind == kind && (s->subject_type < 0 || s->subject_type == f->subject_type) &&
		    cond_met(ev, s->cond) && fill(c, f, ev, names, L(c, s->vi, s->en), t))
			return true;
	}
	return false;
}

/* The summary as plain text into t: composed, or the stored one for a kind we cannot tell. */
static void summary_into(const struct web_ctx *c, const struct store_flag *f, const struct roster *names,
			 struct buf *t)
{
	cJSON *ev = evidence_parse(f);

	if (!compose(c, f, ev, names, t)) {
		buf_reset(t);
		if (f->summary && *f->summary)
			buf_puts(t, f->summary);
		else if (flag_kind_label(f->kind, lang_of(c)))
			buf_puts(t, flag_kind_label(f->kind, lang_of(c)));
	}
	cJSON_Delete(ev);
}

void flag_view_summary(const struct web_ctx *c, const struct store_flag *f, const struct roster *names,
		       struct buf *b)
{
	struct buf t = { 0 };

	summary_into(c, f, names, &t);
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
	summary_into(c, f, names, &t);
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
	bool has_p = ev_num(g, "pct", &p);

	if (!ev_num(g, "answers", &a) || !ev_num(g, "dissatisfied", &d))
		return;
	ev_label(o, vi, en);
	html_txtf(o->b, "%.0f/%.0f %s", d, a, L(c, "không hài lòng", "dissatisfied"));
	if (has_p)
		html_txtf(o->b, " (%.1f %%", p);
	if (has_p && ev_num(g, "lo_pct", &lo) && ev_num(g, "hi_pct", &hi))
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
			html_txt(o->b, i18n_reason(lang_of(o->c), ri));
		else if (cJSON_IsString(r))
			html_txt(o->b, r->valuestring);
	}
}

/* "Nguyễn Thị Ấu (cb002)" for a code the roster knows, else the code; a word in words. */
static void ev_text(struct ev_out *o, int fmt, const char *v)
{
	const char *name = fmt == EV_OFFICER	 ? name_of(o->names, ROSTER_OFFICER, v)
			   : fmt == EV_PROCEDURE ? name_of(o->names, ROSTER_PROCEDURE, v)
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
	cJSON *root = evidence_parse(f);
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

void flag_view_life(const struct web_ctx *c, const struct store_flag *f, struct buf *b)
{
	const char *state = flag_state_name(f->state);

	html_raw(b, "<span class=\"badge ");
	html_attr(b, state ? state : "");
	html_raw(b, "\">");
	html_txt(b, flag_view_state_label(c, f->state));
	html_raw(b, "</span>");
	if (f->ack_by)
		who_line(c, b, "Xác nhận:", "Acknowledged by", f->ack_by, f->ack_at, f->ack_note);
	if (f->resolved_by)
		who_line(c, b, "Xử lý xong:", "Resolved by", f->resolved_by, f->resolved_at, f->resolve_note);
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
