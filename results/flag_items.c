/* SPDX-License-Identifier: MIT
 * flag_items.c — the evidence as labelled items (flag_items.h): one table of the keys the rules
 * write (flag_engine.c, flag_trend.c, flag_terminals.c), ev_keys[], each with how its value is said
 * and its label, Vietnamese first; the words of the few values that are words (a clock's verdict, a
 * terminal's state, a fault); officers and procedures by their roster names, reasons by their i18n
 * labels (never a second table), numbers with the reader's decimal separator and days in the
 * reader's form (numfmt.h). It owns nothing past a call: the parse of the evidence is freed before
 * returning. */
#include "flag_items.h"

#include "i18n.h"
#include "numfmt.h"
#include "survey.h"

#include <stdio.h>
#include <string.h>

/* How a member is said: strings up to EV_WORD, numbers from EV_INT. */
enum ev_fmt { EV_SKIP, EV_IDS, EV_REASONS, EV_STR, EV_OFFICER, EV_PROCEDURE, EV_WORD, EV_INT, EV_PCT, EV_DUR,
	      EV_SKEW, EV_DAY };

struct ev_key {
	const char *key;
	int fmt;
	const char *vi, *en;
};

/* Every key the rules write, in the order they are said. */
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

struct items {
	int lang, utc_offset, n;
	const struct roster *names;
	const cJSON *root;
	flag_items_fn fn;
	void *ud;
};

static const char *L(const struct items *o, const char *vi, const char *en)
{
	return o->lang == I18N_EN || !vi ? en : vi;
}

static void item(struct items *o, const char *label, const char *value)
{
	o->fn(o->ud, label, value);
	o->n++;
}

static const struct ev_key *ev_key_of(const char *key)
{
	for (size_t i = 0; i < sizeof ev_keys / sizeof ev_keys[0]; i++)
		if (strcmp(ev_keys[i].key, key) == 0)
			return &ev_keys[i];
	return NULL;
}

/* A key no rule writes today: said by its name; one that may be a time is said as a day. */
static bool looks_like_time(const char *key)
{
	size_t n = strlen(key);
	return strstr(key, "time") || strstr(key, "opened") || strstr(key, "received") || strcmp(key, "ts") == 0 ||
	       (n > 3 && strcmp(key + n - 3, "_at") == 0) || (n > 3 && strcmp(key + n - 3, "_ts") == 0);
}

/* A number: whole, or with one decimal in the reader's way ("12,5"). */
static const char *num(const struct items *o, double v, char *out, size_t cap)
{
	return numfmt_num(out, cap, o->lang, v, v == (double)(long long)v ? 0 : 1);
}

static const char *day(const struct items *o, double t, char *out, size_t cap)
{
	return numfmt_day(out, cap, o->lang, numfmt_day_of((int64_t)t, o->utc_offset));
}

/* A trend's group {answers, dissatisfied, pct, lo_pct, hi_pct}. */
static void group(struct items *o, const char *vi, const char *en, const cJSON *g)
{
	double a, d, p, lo, hi;
	bool has_p = flag_words_num(g, "pct", &p);
	char v[256], x[24], y[24];
	size_t len;

	if (!flag_words_num(g, "answers", &a) || !flag_words_num(g, "dissatisfied", &d))
		return;
	len = (size_t)snprintf(v, sizeof v, "%.0f/%.0f %s", d, a, L(o, "không hài lòng", "dissatisfied"));
	if (has_p && len < sizeof v)
		len += (size_t)snprintf(v + len, sizeof v - len, " (%s %%", numfmt_num(x, sizeof x, o->lang, p, 1));
	if (has_p && len < sizeof v && flag_words_num(g, "lo_pct", &lo) && flag_words_num(g, "hi_pct", &hi))
		len += (size_t)snprintf(v + len, sizeof v - len, L(o, ", khoảng tin cậy 95 %%: %s–%s %%",
								   ", 95 %% interval %s–%s %%"),
					numfmt_num(x, sizeof x, o->lang, lo, 1), numfmt_num(y, sizeof y, o->lang, hi, 1));
	if (has_p && len < sizeof v)
		snprintf(v + len, sizeof v - len, ")");
	item(o, L(o, vi, en), v);
}

/* A member no rule writes today, said by its key; a time as its day, a time written as text not at
 * all. */
static void other(struct items *o, const cJSON *it)
{
	bool time = looks_like_time(it->string);
	char v[64];

	if ((!cJSON_IsString(it) || time) && !cJSON_IsNumber(it) && !cJSON_IsArray(it) && !cJSON_IsBool(it))
		return;
	if (cJSON_IsArray(it))
		snprintf(v, sizeof v, "%d", cJSON_GetArraySize(it));
	else if (cJSON_IsNumber(it) && time)
		day(o, it->valuedouble, v, sizeof v);
	else if (cJSON_IsNumber(it))
		num(o, it->valuedouble, v, sizeof v);
	else if (cJSON_IsBool(it))
		snprintf(v, sizeof v, "%s", cJSON_IsTrue(it) ? L(o, "có", "yes") : L(o, "không", "no"));
	else {
		item(o, it->string, it->valuestring);
		return;
	}
	item(o, it->string, v);
}

static void reasons(struct items *o, const struct ev_key *k, const cJSON *it)
{
	char v[1024];
	size_t len = 0;
	const cJSON *r;

	if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) == 0)
		return;
	v[0] = '\0';
	cJSON_ArrayForEach(r, it) {
		int ri = cJSON_IsString(r) ? survey_reason_from_code(r->valuestring) : -1;
		const char *s = ri >= 0 ? i18n_reason(o->lang, ri) : cJSON_IsString(r) ? r->valuestring : NULL;
		if (s && len < sizeof v)
			len += (size_t)snprintf(v + len, sizeof v - len, "%s%s", len ? ", " : "", s);
	}
	item(o, L(o, k->vi, k->en), v);
}

/* "Nguyễn Thị Ấu (cb002)" for a code the roster knows, else the code; a word in words. */
static void text(struct items *o, const struct ev_key *k, const char *v)
{
	const char *name = k->fmt == EV_OFFICER	  ? flag_words_name(o->names, ROSTER_OFFICER, v)
			   : k->fmt == EV_PROCEDURE ? flag_words_name(o->names, ROSTER_PROCEDURE, v)
						    : NULL;
	char t[ROSTER_NAME_MAX + 48];

	for (size_t i = 0; k->fmt == EV_WORD && i < sizeof ev_words / sizeof ev_words[0]; i++)
		if (strcmp(ev_words[i][0], v) == 0) {
			item(o, L(o, k->vi, k->en), L(o, ev_words[i][1], ev_words[i][2]));
			return;
		}
	if (name) {
		snprintf(t, sizeof t, "%s (%s)", name, v);
		item(o, L(o, k->vi, k->en), t);
	} else {
		item(o, L(o, k->vi, k->en), v);
	}
}

static void one(struct items *o, const cJSON *it)
{
	const struct ev_key *k = ev_key_of(it->string);
	char t[96], d[48];

	if (cJSON_IsObject(it)) {
		/* The trend's two groups: the officer's and the site's. */
		if (strcmp(it->string, "officer") == 0)
			group(o, "Cán bộ", "Officer", it);
		else if (strcmp(it->string, "site") == 0)
			group(o, "Toàn đơn vị", "Whole site", it);
		return;
	}
	if (!k) {
		other(o, it);
		return;
	}
	if (k->fmt == EV_SKIP)
		return;
	if (k->fmt == EV_REASONS) {
		reasons(o, k, it);
		return;
	}
	if (k->fmt == EV_IDS) {
		/* The count only: an id names one citizen's rating. */
		snprintf(t, sizeof t, "%d", flag_words_ratings(o->root) > 0 ? flag_words_ratings(o->root) : 0);
		item(o, L(o, k->vi, k->en), t);
		return;
	}
	if (k->fmt < EV_INT ? !cJSON_IsString(it) || !it->valuestring[0] : !cJSON_IsNumber(it))
		return;
	switch (k->fmt) {
	case EV_INT: snprintf(t, sizeof t, "%lld", (long long)it->valuedouble); break;
	case EV_PCT: snprintf(t, sizeof t, "%s %%", num(o, it->valuedouble, d, sizeof d)); break;
	case EV_DAY: day(o, it->valuedouble, t, sizeof t); break;
	case EV_DUR:
	case EV_SKEW:
		flag_words_duration(o->lang, (int64_t)it->valuedouble, d, sizeof d);
		snprintf(t, sizeof t, "%s%s", d,
			 k->fmt == EV_DUR	     ? ""
			 : it->valuedouble < 0 ? L(o, " (ghi sớm hơn lúc nhận)", " (dated before it arrived)")
					       : L(o, " (ghi muộn hơn lúc nhận)", " (dated after it arrived)"));
		break;
	default: text(o, k, it->valuestring); return;
	}
	item(o, L(o, k->vi, k->en), t);
}

int flag_items(int lang, const struct flag_words_flag *f, const struct roster *names, int utc_offset,
	       flag_items_fn fn, void *ud)
{
	cJSON *root = flag_words_evidence(f->evidence);
	struct items o = { lang == I18N_EN ? I18N_EN : I18N_VI, utc_offset, 0, names, root, fn, ud };
	const cJSON *it;

	if (!root)
		return 0;
	/* The known keys in the table's order, then the others as they come. */
	for (size_t i = 0; i < sizeof ev_keys / sizeof ev_keys[0]; i++) {
		it = cJSON_GetObjectItemCaseSensitive(root, ev_keys[i].key);
		if (it)
			one(&o, it);
	}
	cJSON_ArrayForEach(it, root) {
		if (it->string && !ev_key_of(it->string))
			one(&o, it);
	}
	cJSON_Delete(root);
	return o.n;
}
