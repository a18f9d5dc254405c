/* SPDX-License-Identifier: MIT
 * flag_words.c — a flag's summary in words (flag_words.h, for flag_view.c): one table of wordings,
 * says[], Vietnamese first, a wording per kind, subject type and condition of the evidence the rules
 * write (results/flag_engine.c, flag_trend.c), filled in with the subject's roster name, the serious
 * reasons by their i18n labels (never a second table) and the evidence's counts and durations. A kind
 * the table cannot tell keeps the engine's stored line. It owns only scratch buffers freed before
 * returning and reads no store; like every flag text it never says a rating's id or time (DESIGN §8).
 * The evidence as labelled items, the heading and the life are flag_view.c's. */
#include "flag_words.h"

#include "flag_view.h"
#include "flags.h"
#include "survey.h"

#include <stdio.h>
#include <string.h>

/* "Nguyễn Thị Ấu (cb002)", or the code alone when the roster does not know it. */
static void who(struct buf *t, const struct roster *names, int kind, const char *code)
{
	const char *name = flag_words_name(names, kind, code);

	if (name)
		buf_printf(t, "%s (%s)", name, code);
	else
		buf_puts(t, code ? code : "");
}

/* ---- the table of wordings ------------------------------------------------------------------------ */

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
			buf_puts(t, i18n_reason(flag_words_lang(c), ri));
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
		if (!(s = flag_words_str(ev, key)))
			return false;
		buf_puts(t, s);
		return true;
	case '#':
		if (!flag_words_num(ev, key, &v))
			return false;
		buf_printf(t, "%lld", (long long)v);
		return true;
	case '~':
		if (!flag_words_num(ev, key, &v))
			return false;
		flag_view_duration(c, (int64_t)v, d, sizeof d);
		buf_puts(t, d);
		return true;
	case '%':
		g = ev ? cJSON_GetObjectItemCaseSensitive(ev, key) : NULL;
		if (!cJSON_IsObject(g) || !flag_words_num(g, "pct", &v))
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
	const char *rule = flag_words_str(ev, "rule");
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

/* Composed, or the stored line for a kind the table cannot tell (compose leaves t as it was then). */
void flag_words_summary(const struct web_ctx *c, const struct store_flag *f, const struct roster *names,
			struct buf *t)
{
	cJSON *ev = flag_words_evidence(f);

	if (!compose(c, f, ev, names, t)) {
		if (f->summary && *f->summary)
			buf_puts(t, f->summary);
		else if (flag_kind_label(f->kind, flag_words_lang(c)))
			buf_puts(t, flag_kind_label(f->kind, flag_words_lang(c)));
	}
	cJSON_Delete(ev);
}
