/* SPDX-License-Identifier: MIT
 * Unit tests of who is told of a flag and what they read (notify/alert_plan.c): the head of the
 * flag's site who chose alerts gets one e-mail, the head of another site nothing, a head who chose
 * serious flags only nothing for a burst; officers and heads without an address nothing; webhooks
 * by their sites. The texts name the site, the officer and the day in Vietnamese (English with lang
 * en), a link to the console and what to do, and never a time; the messages are due when the
 * aggregator's alert is (held to the whole hour, or at once). */
#include "alert_plan.h"
#include "flags.h"
#include "hl.h"
#include "i18n.h"
#include "message.h"
#include "roster.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 1780000000 /* 29/05/2026 03:26:40 in Vietnam */
#define VN 25200

static struct roster_entry officers[] = { { "cb0123", "Nguyễn Văn An" } };
static struct roster_entry counters[] = { { "q05", "Quầy 5" } };
static struct roster_entry sites[] = { { "sct-bentre", "Trung tâm Phục vụ hành chính công" } };

static struct roster names = { { officers, NULL, counters, sites }, { 1, 0, 1, 1 }, NULL };

struct people {
	struct store_user u[6];
	struct store_pref p[6];
	struct alert_person v[6];
	size_t n;
};

static void person(struct people *pp, const char *name, int role, const char *site, const char *email, int alerts)
{
	struct store_user *u = &pp->u[pp->n];
	struct store_pref *p = &pp->p[pp->n];

	memset(u, 0, sizeof *u);
	memset(p, 0, sizeof *p);
	snprintf(u->name, sizeof u->name, "%s", name);
	u->role = role;
	if (site) {
		snprintf(u->sites[0], sizeof u->sites[0], "%s", site);
		u->nsites = 1;
	}
	snprintf(p->email, sizeof p->email, "%s", email);
	p->alerts = alerts;
	pp->v[pp->n] = (struct alert_person){ u, p };
	pp->n++;
}

static void everyone(struct people *pp)
{
	memset(pp, 0, sizeof *pp);
	person(pp, "lanhdao", ROLE_HEAD, "sct-bentre", "lanhdao@bentre.gov.vn", PREF_ALERTS_SERIOUS);
	person(pp, "giamdoc", ROLE_HEAD, "sct-bentre", "giamdoc@bentre.gov.vn", PREF_ALERTS_ALL);
	person(pp, "khac", ROLE_HEAD, "sct-travinh", "khac@travinh.gov.vn", PREF_ALERTS_ALL);
	person(pp, "canbo", ROLE_OFFICER, "sct-bentre", "canbo@bentre.gov.vn", PREF_ALERTS_ALL);
	person(pp, "khongthu", ROLE_HEAD, "sct-bentre", "", PREF_ALERTS_ALL);
	person(pp, "tat", ROLE_HEAD, "sct-bentre", "tat@bentre.gov.vn", PREF_ALERTS_NONE);
}

static struct store_flag flag(int kind, int type, const char *subject)
{
	struct store_flag f = { 0 };

	f.id = 17;
	f.kind = kind;
	f.state = FLAG_OPEN;
	f.subject_type = type;
	f.site = "sct-bentre";
	f.subject = subject;
	f.summary = "serious reason";
	f.evidence = "{\"rule\":\"serious\",\"reasons\":[\"NHUNG_NHIEU\"],\"rating_ids\":[\"x\"]}";
	f.opened = T0;
	return f;
}

static struct hooks *two_hooks(void)
{
	struct hooks *h = calloc(1, sizeof *h);

	strcpy(h->v[0].name, "zalo");
	strcpy(h->v[0].url, "https://bridge.example/zalo");
	strcpy(h->v[1].name, "travinh");
	strcpy(h->v[1].url, "https://bridge.example/tv");
	strcpy(h->v[1].sites[0], "sct-travinh");
	h->v[1].nsites = 1;
	h->n = 2;
	return h;
}

static void free_all(struct message *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		message_free(&m[i]);
	free(m);
}

static const struct message *find(const struct message *m, size_t n, const char *recipient)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].recipient, recipient) == 0)
			return &m[i];
	return NULL;
}

/* No hh:mm anywhere: a digit, ':' and two digits. */
static bool has_time(const char *s)
{
	for (const char *p = s; *p; p++)
		if (p[0] >= '0' && p[0] <= '9' && p[1] == ':' && p[2] >= '0' && p[2] <= '9')
			return true;
	return false;
}

static void serious_flag_reaches_the_heads_of_its_site(void **state)
{
	struct people pp;
	struct hooks *h = two_hooks();
	struct alert_ctx c = { I18N_VI, VN, 3600, 72, "https://hailong.example/", &names, h, T0 };
	struct store_flag f = flag(FLAG_SERIOUS, FLAG_SUBJ_OFFICER, "cb0123");
	struct message *m;
	size_t n;

	(void)state;
	everyone(&pp);
	assert_int_equal(alert_plan(&c, &f, pp.v, pp.n, &m, &n), HL_OK);
	assert_int_equal(n, 3); /* lanhdao, giamdoc, hook zalo */
	const struct message *a = find(m, n, "user:lanhdao");
	assert_non_null(a);
	assert_non_null(find(m, n, "user:giamdoc"));
	assert_null(find(m, n, "user:khac"));     /* head of another site */
	assert_null(find(m, n, "user:canbo"));    /* an officer */
	assert_null(find(m, n, "user:khongthu")); /* no address */
	assert_null(find(m, n, "user:tat"));      /* chose none */
	assert_null(find(m, n, "hook:travinh"));  /* a webhook of another site */
	assert_string_equal(a->topic, "flag:17");
	assert_int_equal(a->channel, MESSAGE_MAIL);
	assert_string_equal(a->address, "lanhdao@bentre.gov.vn");
	assert_string_equal(a->subject, "Cảnh báo: Nghiêm trọng — Trung tâm Phục vụ hành chính công, ngày 29/05/2026");
	assert_non_null(strstr(a->body, "Ngày: 29/05/2026"));
	assert_non_null(strstr(a->body, "Cán bộ Nguyễn Văn An (cb0123)"));
	assert_non_null(strstr(a->body, "Trung tâm Phục vụ hành chính công (sct-bentre)"));
	assert_non_null(strstr(a->body, "https://hailong.example/canh-bao"));
	assert_non_null(strstr(a->body, "Xác nhận"));
	assert_non_null(strstr(a->body, "cảnh báo nghiêm trọng"));
	assert_false(has_time(a->subject));
	assert_false(has_time(a->body));
	assert_null(strstr(a->body, "\"x\"")); /* no rating id */
	/* Held to the next whole hour of local time, as the aggregator's alert. */
	assert_int_equal(a->due, flag_alert_due(T0, 3600, VN));
	assert_true(a->due > T0 && (a->due + VN) % 3600 == 0);
	assert_int_equal(a->expires, a->due + 72 * 3600);
	const struct message *w = find(m, n, "hook:zalo");
	assert_non_null(w);
	assert_int_equal(w->channel, MESSAGE_HOOK);
	assert_string_equal(w->address, "https://bridge.example/zalo");
	cJSON *j = cJSON_Parse(w->body);
	assert_non_null(j);
	const cJSON *fl = cJSON_GetObjectItemCaseSensitive(j, "flag");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(fl, "day")->valuestring, "2026-05-29");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "topic")->valuestring, "flag:17");
	assert_false(has_time(w->body));
	cJSON_Delete(j);
	free_all(m, n);
	free(h);
}

static void serious_only_head_gets_no_burst(void **state)
{
	struct people pp;
	struct alert_ctx c = { I18N_VI, VN, 0, 72, "", &names, NULL, T0 };
	struct store_flag f = flag(FLAG_BURST, FLAG_SUBJ_COUNTER, "q05");
	struct message *m;
	size_t n;

	(void)state;
	everyone(&pp);
	f.evidence = "{}";
	assert_int_equal(alert_plan(&c, &f, pp.v, pp.n, &m, &n), HL_OK);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].recipient, "user:giamdoc");
	assert_int_equal(m[0].due, T0); /* hold 0: at once */
	assert_null(strstr(m[0].body, "http")); /* no console_url: no link */
	assert_non_null(strstr(m[0].body, "Quầy Quầy 5 (q05)"));
	assert_non_null(strstr(m[0].body, "mọi cảnh báo"));
	free_all(m, n);
	/* A head of another site, a flag of a site nobody heads: nobody. */
	f.site = "sct-khac";
	assert_int_equal(alert_plan(&c, &f, pp.v, pp.n, &m, &n), HL_OK);
	assert_int_equal(n, 0);
	free(m);
}

static void english_when_lang_is_en(void **state)
{
	struct people pp;
	struct alert_ctx c = { I18N_EN, VN, 0, 72, NULL, NULL, NULL, T0 };
	struct store_flag f = flag(FLAG_SERIOUS, FLAG_SUBJ_OFFICER, "cb0123");
	struct message *m;
	size_t n;

	(void)state;
	everyone(&pp);
	assert_int_equal(alert_plan(&c, &f, pp.v, pp.n, &m, &n), HL_OK);
	assert_int_equal(n, 2);
	assert_string_equal(m[0].subject, "Flag: serious complaint — sct-bentre, 2026-05-29");
	assert_non_null(strstr(m[0].body, "Day: 2026-05-29"));
	assert_non_null(strstr(m[0].body, "acknowledge"));
	assert_false(has_time(m[0].body));
	free_all(m, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(serious_flag_reaches_the_heads_of_its_site),
		cmocka_unit_test(serious_only_head_gets_no_burst),
		cmocka_unit_test(english_when_lang_is_en),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
