/* SPDX-License-Identifier: MIT
 * flag_words.c — a flag's summary in words (flag_words.h): one table of wordings, says[], Vietnamese
 * first, a wording per kind, subject type and condition of the evidence the rules write
 * (flag_engine.c, flag_trend.c), filled in with the subject's roster name, the serious reasons by
 * their i18n labels (never a second table), the evidence's counts and durations, and percentages
 * with the reader's decimal separator (numfmt.h). A kind the table cannot tell keeps the engine's
 * stored line. It writes into the caller's buffer only and allocates nothing but the parse of the
 * evidence, freed before returning; like every flag text it never says a rating's id or time
 * (DESIGN §8). */
#include "flag_words.h"

#include "flags.h"
#include "i18n.h"
#include "numfmt.h"
#include "survey.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- the output ------------------------------------------------------------------------------------ */

/* The caller's buffer being filled: len bytes so far, always NUL-terminated; full once something
 * did not fit (the rest is dropped, never half a character). */
struct out {
	char *p;
	size_t len, cap;
	bool full;
};

static void put(struct out *o, const char *s, size_t n)
{
	size_t room = o->cap - 1 - o->len;

	if (o->full)
		return;
	if (n > room) {
		n = room;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		o->full = true;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void say(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void sayf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sayf(struct out *o, const char *fmt, ...)
{
	char t[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t, sizeof t, fmt, ap);
	va_end(ap);
	say(o, t);
}

/* ---- readers ----------------------------------------------------------------------------------------- */

cJSON *flag_words_evidence(const char *evidence)
{
	cJSON *root = evidence && *evidence ? cJSON_Parse(evidence) : NULL;

	if (root && !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

const char *flag_words_str(const cJSON *ev, const char *key)
{
	const cJSON *it = ev ? cJSON_GetObjectItemCaseSensitive(ev, key) : NULL;

	return cJSON_IsString(it) && it->valuestring[0] ? it->valuestring : NULL;
}

bool flag_words_num(const cJSON *ev, const char *key, double *v)
{
	const cJSON *it = ev ? cJSON_GetObjectItemCaseSensitive(ev, key) : NULL;

	if (!cJSON_IsNumber(it))
		return false;
	*v = it->valuedouble;
	return true;
}

const char *flag_words_name(const struct roster *names, int kind, const char *code)
{
	return names && code && code[0] ? roster_name(names, kind, code) : NULL;
}

int flag_words_ratings(const cJSON *ev)
{
	const cJSON *ids = ev ? cJSON_GetObjectItemCaseSensitive(ev, "rating_ids") : NULL;
	double more = 0;

	if (!cJSON_IsArray(ids))
		return -1;
	flag_words_num(ev, "rating_ids_not_listed", &more);
	return cJSON_GetArraySize(ids) + (int)more;
}

void flag_words_duration(int lang, int64_t s, char *out, size_t cap)
{
	bool en = lang == I18N_EN;

	if (s < 0)
		s = -s;
	if (s < 120)
		snprintf(out, cap, "%lld %s", (long long)s, en ? "s" : "giây");
	else if (s < 2 * 3600)
		snprintf(out, cap, "%lld %s", (long long)((s + 30) / 60), en ? "min" : "phút");
	else if (s < 2 * 86400)
		snprintf(out, cap, "%lld %s", (long long)((s + 1800) / 3600), en ? "h" : "giờ");
	else
		snprintf(out, cap, "%lld %s", (long long)((s + 43200) / 86400), en ? "days" : "ngày");
}

/* ---- the table of wordings ------------------------------------------------------------------------ */

/* A wording of a kind for a subject type (-1: any) when the evidence's member key=value (cond, or
 * NULL), Vietnamese first. Fields in braces: {w} the subject with its roster name, {s} the subject's
 * code, {r} ": " and the serious reasons' labels, and of the evidence member K: {$K} its text, {#K}
 * its number, {~K} a duration in seconds in words, {%K} a trend group's percentage. The first
 * wording of the flag's kind whose subject type and condition match and whose fields the evidence
 * all has is the one said; each kind ends with one that needs nothing but the subject. */
struct wording {
	int kind, subject_type;
	const char *cond, *vi, *en;
};

static const struct wording says[] = {
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

/* ---- filling a wording in --------------------------------------------------------------------------- */

struct job {
	int lang;
	const struct flag_words_flag *f;
	const cJSON *ev;
	const struct roster *names;
	struct out *o;
};

/* "Nguyễn Thị Ấu (cb002)", or the code alone when the roster does not know it. */
static void who(const struct job *j)
{
	int kind = j->f->subject_type == FLAG_SUBJ_PROCEDURE ? ROSTER_PROCEDURE : ROSTER_OFFICER;
	const char *code = j->f->subject ? j->f->subject : "", *name = flag_words_name(j->names, kind, code);

	if (name)
		sayf(j->o, "%s (%s)", name, code);
	else
		say(j->o, code);
}

/* The serious reasons of the evidence by their labels after ": "; every reason when none is serious
 * (a flag written by an older rule); nothing without reasons. */
static void serious_reasons(const struct job *j)
{
	const cJSON *arr = j->ev ? cJSON_GetObjectItemCaseSensitive(j->ev, "reasons") : NULL, *r;
	int n = 0;

	if (!cJSON_IsArray(arr))
		return;
	for (int pass = 0; pass < 2 && n == 0; pass++) {
		cJSON_ArrayForEach(r, arr) {
			int ri = cJSON_IsString(r) ? survey_reason_from_code(r->valuestring) : -1;
			if (ri < 0 || (pass == 0 && !survey_reason_serious(ri)))
				continue;
			say(j->o, n++ ? ", " : ": ");
			say(j->o, i18n_reason(j->lang, ri));
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
	v = flag_words_str(ev, key);
	return eq && v && strcmp(v, eq + 1) == 0;
}

/* One field of a wording (its text between the braces, n bytes); false when the evidence lacks it. */
static bool field(const struct job *j, const char *fld, size_t n)
{
	const cJSON *g;
	char key[32], t[48];
	const char *s;
	double v;

	snprintf(key, sizeof key, "%.*s", n > 1 ? (int)(n - 1) : 0, fld + 1);
	switch (fld[0]) {
	case 'w': who(j); return true;
	case 's': say(j->o, j->f->subject ? j->f->subject : ""); return true;
	case 'r': serious_reasons(j); return true;
	case '$':
		if (!(s = flag_words_str(j->ev, key)))
			return false;
		say(j->o, s);
		return true;
	case '#':
		if (!flag_words_num(j->ev, key, &v))
			return false;
		sayf(j->o, "%lld", (long long)v);
		return true;
	case '~':
		if (!flag_words_num(j->ev, key, &v))
			return false;
		flag_words_duration(j->lang, (int64_t)v, t, sizeof t);
		say(j->o, t);
		return true;
	case '%':
		g = j->ev ? cJSON_GetObjectItemCaseSensitive(j->ev, key) : NULL;
		if (!cJSON_IsObject(g) || !flag_words_num(g, "pct", &v))
			return false;
		sayf(j->o, "%s %%", numfmt_num(t, sizeof t, j->lang, v, 1));
		return true;
	default: return false;
	}
}

/* The wording w filled in; false (the output as it was) when the evidence lacks a field. */
static bool fill(const struct job *j, const char *w)
{
	size_t mark = j->o->len;
	bool was_full = j->o->full, ok = true;
	const char *p = w, *open, *close;

	while (ok && (open = strchr(p, '{')) && (close = strchr(open, '}'))) {
		put(j->o, p, (size_t)(open - p));
		ok = field(j, open + 1, (size_t)(close - open - 1));
		p = close + 1;
	}
	if (ok) {
		say(j->o, p);
		return true;
	}
	j->o->len = mark;
	j->o->p[mark] = '\0';
	j->o->full = was_full;
	return false;
}

/* The flag told in words; false when its kind is not one this table tells. */
static bool compose(const struct job *j)
{
	const char *rule = flag_words_str(j->ev, "rule");
	int kind = j->f->kind;

	if (!j->f->subject)
		return false;
	/* Before schema 7 stuffing, clock and offline flags were all "integrity": their rule says which. */
	if (kind == FLAG_INTEGRITY)
		kind = !rule					      ? -1
		       : strcmp(rule, "stuffing") == 0		      ? FLAG_STUFFING
		       : strcmp(rule, "clock") == 0		      ? FLAG_CLOCK
		       : strcmp(rule, "offline") == 0 || strcmp(rule, "no_status") == 0 ? FLAG_OFFLINE
									      : -1;
	for (size_t i = 0; i < sizeof says / sizeof says[0]; i++) {
		const struct wording *w = &says[i];
		if (w->kind == kind && (w->subject_type < 0 || w->subject_type == j->f->subject_type) &&
		    cond_met(j->ev, w->cond) && fill(j, j->lang == I18N_EN ? w->en : w->vi))
			return true;
	}
	return false;
}

size_t flag_words_summary(int lang, const struct flag_words_flag *f, const struct roster *names, char *out,
			  size_t cap)
{
	struct out o = { out, 0, cap, false };
	cJSON *ev;
	const char *label;

	if (!cap)
		return 0;
	out[0] = '\0';
	ev = flag_words_evidence(f->evidence);
	struct job j = { lang == I18N_EN ? I18N_EN : I18N_VI, f, ev, names, &o };
	if (!compose(&j)) {
		label = flag_kind_label(f->kind, j.lang);
		if (f->summary && *f->summary)
			say(&o, f->summary);
		else if (label)
			say(&o, label);
	}
	cJSON_Delete(ev);
	return o.len;
}
