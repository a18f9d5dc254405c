/* SPDX-License-Identifier: MIT
 * alert_plan.c — the messages of an opened flag (alert_plan.h): the e-mails' words in one table per
 * language (Vietnamese first, NFC), the webhooks' JSON from hook.c. The day comes from numfmt.c and
 * is all that is said of when: no hour, no minute, no rating's time or id. */
#include "alert_plan.h"

#include "backoff.h"
#include "flag_words.h"
#include "flags.h"
#include "hook.h"
#include "i18n.h"
#include "numfmt.h"
#include "period.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { W_SUBJECT, W_HELLO, W_OPENED, W_KIND, W_WHO, W_DAY, W_WHAT, W_LINK, W_TODO, W_WHY_SERIOUS, W_WHY_ALL,
       W_PRIVACY, W_COUNT };

static const char *const alert_words[W_COUNT][2] = {
	[W_SUBJECT] = { "Cảnh báo: %s — %s, ngày %s", "Flag: %s — %s, %s" },
	[W_HELLO] = { "Kính gửi anh/chị,", "Hello," },
	[W_OPENED] = { "Hệ thống Hài Lòng vừa mở cảnh báo số %lld tại %s.", "Hài Lòng opened flag #%lld at %s." },
	[W_KIND] = { "Loại", "Kind" },
	[W_WHO] = { "Đối tượng", "Subject" },
	[W_DAY] = { "Ngày", "Day" },
	[W_WHAT] = { "Nội dung", "Summary" },
	[W_LINK] = { "Xem trong bảng điều khiển: %s", "See it in the console: %s" },
	[W_TODO] = { "Việc cần làm: mở trang Cảnh báo của bảng điều khiển, xem căn cứ và bấm \"Xác nhận\" để"
		     " mọi người biết đã có người tiếp nhận; khi đã xử lý xong, ghi lại cách xử lý.",
		     "What to do: open the console's Flags page, look at the evidence and acknowledge the flag so"
		     " that everyone knows it is in hand; once it is dealt with, resolve it with a note." },
	[W_WHY_SERIOUS] = { "Anh/chị nhận thư này vì đã chọn nhận cảnh báo nghiêm trọng của đơn vị.",
			    "You receive this because you chose the serious flags of your site." },
	[W_WHY_ALL] = { "Anh/chị nhận thư này vì đã chọn nhận mọi cảnh báo của đơn vị.",
			"You receive this because you chose every flag of your site." },
	[W_PRIVACY] = { "Thư chỉ ghi ngày, không ghi giờ, để không thể đối chiếu với thứ tự phục vụ người dân.",
			"The mail gives the day only, never the time, so that it cannot be matched against the queue." },
};

static const char *aw(int lang, int w)
{
	return alert_words[w][lang == I18N_EN];
}

bool alert_wants(const struct alert_person *person, const struct store_flag *f)
{
	const struct store_user *u = person->u;
	const struct store_pref *p = person->p;
	bool site = false;

	if (u->role != ROLE_HEAD || u->disabled || !p->email[0])
		return false;
	for (size_t i = 0; i < u->nsites; i++)
		site |= strcmp(u->sites[i], f->site) == 0;
	return site && (p->alerts == PREF_ALERTS_ALL || (p->alerts == PREF_ALERTS_SERIOUS && f->kind == FLAG_SERIOUS));
}

/* The roster's name of f's subject, or NULL. */
static const char *alert_subject_name(const struct alert_ctx *c, const struct store_flag *f)
{
	switch (f->subject_type) {
	case FLAG_SUBJ_OFFICER:
		return roster_name(c->names, ROSTER_OFFICER, f->subject);
	case FLAG_SUBJ_PROCEDURE:
		return roster_name(c->names, ROSTER_PROCEDURE, f->subject);
	default:
		return roster_name(c->names, ROSTER_COUNTER, f->subject);
	}
}

struct abuf {
	char *p;
	size_t n, cap;
	bool failed;
};

static void ab_fmt(struct abuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ab_fmt(struct abuf *b, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (b->failed)
		return;
	va_start(ap, fmt);
	k = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, ap);
	va_end(ap);
	if (k < 0) {
		b->failed = true;
		return;
	}
	if (!b->p || b->n + (size_t)k + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 2048;
		while (cap < b->n + (size_t)k + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->failed = true;
			return;
		}
		b->p = p;
		b->cap = cap;
		va_start(ap, fmt);
		vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
	}
	b->n += (size_t)k;
}

struct alert_texts {
	char site[256], subject[300], day[16], summary[FLAG_WORDS_MAX], url[320];
	const char *kind, *subject_name, *site_name;
};

static void alert_texts(const struct alert_ctx *c, const struct store_flag *f, struct alert_texts *t)
{
	struct flag_words_flag w = { f->kind, f->subject_type, f->subject, f->summary, f->evidence };
	const char *type = flag_subject_label(f->subject_type, c->lang);

	t->kind = flag_kind_label(f->kind, c->lang);
	t->site_name = roster_name(c->names, ROSTER_SITE, f->site);
	if (t->site_name)
		snprintf(t->site, sizeof t->site, "%s (%s)", t->site_name, f->site);
	else
		snprintf(t->site, sizeof t->site, "%s", f->site);
	t->subject_name = alert_subject_name(c, f);
	if (t->subject_name)
		snprintf(t->subject, sizeof t->subject, "%s %s (%s)", type, t->subject_name, f->subject);
	else
		snprintf(t->subject, sizeof t->subject, "%s %s", type, f->subject);
	numfmt_day(t->day, sizeof t->day, c->lang, numfmt_day_of(f->opened, c->utc_offset));
	flag_words_summary(c->lang, &w, c->names, t->summary, sizeof t->summary);
	t->url[0] = '\0';
	if (c->console_url && c->console_url[0]) {
		size_t n = strlen(c->console_url);
		snprintf(t->url, sizeof t->url, "%.*s/canh-bao", (int)(n && c->console_url[n - 1] == '/' ? n - 1 : n),
			 c->console_url);
	}
}

static int alert_mail(const struct alert_ctx *c, const struct store_flag *f, const struct alert_texts *t,
		      const struct alert_person *person, struct message *m)
{
	struct abuf b = { 0 };
	int lang = c->lang;

	m->channel = MESSAGE_MAIL;
	snprintf(m->recipient, sizeof m->recipient, "user:%s", person->u->name);
	snprintf(m->address, sizeof m->address, "%s", person->p->email);
	snprintf(m->subject, sizeof m->subject, aw(lang, W_SUBJECT), t->kind, t->site_name ? t->site_name : f->site,
		 t->day);
	ab_fmt(&b, "%s\n\n", aw(lang, W_HELLO));
	ab_fmt(&b, aw(lang, W_OPENED), (long long)f->id, t->site);
	ab_fmt(&b, "\n\n%s: %s\n%s: %s\n%s: %s\n%s: %s\n\n", aw(lang, W_KIND), t->kind, aw(lang, W_WHO), t->subject,
	       aw(lang, W_DAY), t->day, aw(lang, W_WHAT), t->summary);
	if (t->url[0]) {
		ab_fmt(&b, aw(lang, W_LINK), t->url);
		ab_fmt(&b, "\n\n");
	}
	ab_fmt(&b, "%s\n\n-- \n%s\n%s\n", aw(lang, W_TODO),
	       aw(lang, person->p->alerts == PREF_ALERTS_ALL ? W_WHY_ALL : W_WHY_SERIOUS), aw(lang, W_PRIVACY));
	if (b.failed) {
		free(b.p);
		return HL_ERR_NOMEM;
	}
	m->body = b.p;
	return HL_OK;
}

int alert_plan(const struct alert_ctx *c, const struct store_flag *f, const struct alert_person *people, size_t np,
	       struct message **out, size_t *n)
{
	struct message *v = NULL;
	struct alert_texts t;
	size_t cap = 0, k = 0;
	int rc = HL_OK;

	*out = NULL;
	*n = 0;
	if (!flag_kind_name(f->kind) || !flag_subject_name(f->subject_type))
		return HL_ERR_INVALID;
	alert_texts(c, f, &t);
	int64_t due = flag_alert_due(f->opened, c->hold, c->utc_offset);
	int64_t expires = backoff_expires(due > c->now ? due : c->now, c->expire_hours);
	size_t nh = c->hooks ? c->hooks->n : 0;
	for (size_t i = 0; rc == HL_OK && i < np + nh; i++) {
		const struct hook_conf *h = i >= np ? &c->hooks->v[i - np] : NULL;
		if (h ? !hooks_for_site(h, f->site) : !alert_wants(&people[i], f))
			continue;
		if ((rc = hl_grow((void **)&v, &cap, k + 1, sizeof *v)) != HL_OK)
			break;
		struct message *m = &v[k++];
		memset(m, 0, sizeof *m);
		snprintf(m->topic, sizeof m->topic, "flag:%lld", (long long)f->id);
		snprintf(m->site, sizeof m->site, "%s", f->site);
		m->due = due;
		m->expires = expires;
		if (!h) {
			rc = alert_mail(c, f, &t, &people[i], m);
			continue;
		}
		struct hook_flag hf = { m->topic, f->id, f->kind, f->subject_type, f->subject,
					t.subject_name ? t.subject_name : "", f->site, t.site_name ? t.site_name : "",
					numfmt_day_of(f->opened, c->utc_offset), t.summary, t.url };
		m->channel = MESSAGE_HOOK;
		snprintf(m->recipient, sizeof m->recipient, "hook:%s", h->name);
		snprintf(m->address, sizeof m->address, "%s", h->url);
		rc = hook_flag_json(&hf, &m->body);
	}
	if (rc != HL_OK) {
		for (size_t i = 0; i < k; i++)
			message_free(&v[i]);
		free(v);
		return rc;
	}
	*out = v;
	*n = k;
	return HL_OK;
}
