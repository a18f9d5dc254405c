/* SPDX-License-Identifier: MIT
 * test_digest.c — the scheduled reports planned over a real SQLite store in a temporary file
 * (notify/digest.h): the sample roster's site, ratings saved through store_save in two weeks, flags
 * opened through store_flags_open, people and their choices through store_user_add and
 * store_pref_set. A head with weekly reports gets one mail for last week: the subject names the
 * period and the site, the body the site, the label, the index with a decimal comma and its n beside
 * the week before, the counters, "< 5" for an officer with 3 answers, the flag opened in the week by
 * its day and no time of day anywhere; the HTML report attached is the aggregator's page of that
 * site. A head of another site gets only theirs; the province its SIPAS CSV of the month; a disabled
 * user and one without an address nothing; planning again, or through a new sink over the same
 * records (a restart), adds nothing; three weeks planned hour by hour give three reports. English when
 * the settings say en. A PDF from Debian's Chromium when it is installed (skipped otherwise). */
#include "digest.h"
#include "digest_text.h"
#include "flags.h"
#include "hl.h"
#include "ingest.h"
#include "pdf.h"
#include "period.h"
#include "raw_db.h"
#include "store.h"
#include "store_flags.h"
#include "store_prefs.h"
#include "store_roster.h"
#include "store_users.h"
#include "uuid.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define VN 25200
#define SCT "Sở Công Thương tỉnh Bến Tre"
#define SXD "Sở Xây dựng tỉnh Bến Tre"

static char tmpdir[64], dbpath[128];

static int64_t local(int y, int m, int d, int h, int min)
{
	return (int64_t)period_day_from_civil(y, m, d) * 86400 - VN + h * 3600 + min * 60;
}

/* count ratings a minute apart from t0, the first sat satisfied with the officer. */
static void save(struct store *s, const char *site, const char *counter, const char *officer, const char *procedure,
		 int count, int sat, int64_t t0)
{
	for (int i = 0; i < count; i++) {
		struct rating r = { .scale = 5, .clock_ok = true, .ts = t0 + i * 60 };
		struct ingest_batch b = { .ratings = &r, .nratings = 1, .cap_ratings = 1 };
		size_t stored = 0;
		assert_int_equal(uuid_new(r.id), HL_OK);
		snprintf(r.site, sizeof r.site, "%s", site);
		snprintf(r.counter, sizeof r.counter, "%s", counter);
		snprintf(r.officer, sizeof r.officer, "%s", officer);
		snprintf(r.procedure, sizeof r.procedure, "%s", procedure);
		r.answers[SURVEY_Q_OFFICER] = i < sat ? 5 : 1;
		r.answers[SURVEY_Q_PROCEDURE] = 4;
		assert_int_equal(store_save(s, &b, r.ts + 30, &stored), HL_OK);
		assert_int_equal(stored, 1);
	}
}

static void flag(struct store *s, int kind, int type, const char *site, const char *subject, const char *summary,
		 const char *evidence, int64_t at)
{
	struct flag_candidate c = { .kind = kind, .subject_type = type };
	int64_t id = 0;

	snprintf(c.site, sizeof c.site, "%s", site);
	snprintf(c.subject, sizeof c.subject, "%s", subject);
	snprintf(c.summary, sizeof c.summary, "%s", summary);
	snprintf(c.evidence, sizeof c.evidence, "%s", evidence);
	assert_int_equal(store_flags_open(s, &c, 1, at, &id), HL_OK);
	assert_true(id > 0);
}

static void person(struct store *s, const char *name, int role, const char *site, const char *email, int reports,
		   bool sipas)
{
	struct store_user u = { .role = role };
	struct store_pref p = { .reports = reports, .sipas = sipas };

	snprintf(u.name, sizeof u.name, "%s", name);
	if (site) {
		snprintf(u.sites[0], sizeof u.sites[0], "%s", site);
		u.nsites = 1;
	}
	snprintf(u.hash, sizeof u.hash, "%s", "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$bm90LWEtcmVhbC1oYXNo");
	assert_int_equal(store_user_add(s, &u, local(2026, 11, 1, 8, 0)), HL_OK);
	assert_int_equal(store_user_get(s, name, &u), HL_OK);
	p.user_id = u.id;
	snprintf(p.email, sizeof p.email, "%s", email);
	assert_int_equal(store_pref_set(s, &p, local(2026, 11, 1, 8, 0)), HL_OK);
}

static int setup(void **state)
{
	struct store *s;
	char err[256];

	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/hl-test-digest-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(dbpath, sizeof dbpath, "%s/hailong.db", tmpdir);
	if (store_open(dbpath, VN, &s, err, sizeof err) != HL_OK)
		return -1;
	/* The sample roster (assets/roster), and a second site. */
	struct store_officer off[] = { { "sct-bentre", { "cb001", "Trần Văn Bình" } },
				       { "sct-bentre", { "cb002", "Nguyễn Thị Ấu" } },
				       { "sct-bentre", { "cb003", "Lê Thị Mẫn" } },
				       { "sxd", { "cb101", "Phạm Văn Xây" } } };
	struct roster_entry proc[] = { { "2.000204", "Cấp Giấy phép bán lẻ xăng dầu" },
				       { "1.001234", "Đăng ký thực hiện khuyến mại" },
				       { "2.000165", "Cấp Giấy xác nhận đủ điều kiện làm tổng đại lý kinh doanh xăng dầu" } };
	struct store_officer counters[] = { { "sct-bentre", { "q01", "Quầy 1 – Thương mại" } },
					    { "sct-bentre", { "q02", "Quầy 2 – Xăng dầu, khí" } },
					    { "sct-bentre", { "q03", "Quầy 3 – Điện, năng lượng" } },
					    { "sxd", { "q01", "Quầy 1 – Xây dựng" } } };
	struct roster_entry sites[] = { { "sct-bentre", SCT }, { "sxd", SXD } };
	struct store_roster_in in = { .officers = off, .nofficers = 4, .procedures = proc, .nprocedures = 3,
				      .counters = counters, .ncounters = 4, .counters_given = true,
				      .sites = sites, .nsites = 2, .sites_given = true };
	assert_int_equal(store_roster_put(s, &in), HL_OK);
	/* Week 47 (16/11–22/11/2026): 20 ratings, 16 satisfied with the officer. */
	save(s, "sct-bentre", "q01", "cb001", "1.001234", 20, 16, local(2026, 11, 18, 9, 0));
	/* Week 48 (23/11–29/11/2026): 43 officer answers, 35 satisfied (81,4 %). */
	save(s, "sct-bentre", "q01", "cb001", "1.001234", 30, 27, local(2026, 11, 24, 9, 0));
	save(s, "sct-bentre", "q02", "cb002", "2.000204", 10, 5, local(2026, 11, 25, 14, 0));
	save(s, "sct-bentre", "q03", "cb003", "2.000165", 3, 3, local(2026, 11, 26, 10, 0));
	save(s, "sxd", "q01", "cb101", "1.001234", 12, 12, local(2026, 11, 24, 9, 0));
	/* Flags: one in week 48, one before it, one after it. */
	flag(s, FLAG_SERIOUS, FLAG_SUBJ_OFFICER, "sct-bentre", "cb002",
	     "serious complaint about officer cb002 at counter q02: NHUNG_NHIEU",
	     "{\"rule\":\"serious\",\"counter\":\"q02\",\"officer\":\"cb002\",\"procedure\":\"2.000204\","
	     "\"reasons\":[\"NHUNG_NHIEU\"],\"rating_ids\":[\"6f1c2a9e-0d7b-4c1e-9a51-3b2f7e8d4c10\"]}",
	     local(2026, 11, 25, 10, 15));
	flag(s, FLAG_SERIOUS, FLAG_SUBJ_OFFICER, "sct-bentre", "cb001", "serious complaint about officer cb001",
	     "{\"rule\":\"serious\",\"counter\":\"q01\",\"officer\":\"cb001\",\"reasons\":[\"CHO_LAU\"]}",
	     local(2026, 11, 10, 11, 0));
	flag(s, FLAG_SERIOUS, FLAG_SUBJ_OFFICER, "sct-bentre", "cb003", "serious complaint about officer cb003",
	     "{\"rule\":\"serious\",\"counter\":\"q03\",\"officer\":\"cb003\",\"reasons\":[\"CHO_LAU\"]}",
	     local(2026, 11, 30, 9, 0));
	person(s, "lanhdao", ROLE_HEAD, "sct-bentre", "lanhdao@sct.bentre.gov.vn", PREF_REPORTS_WEEKLY, false);
	person(s, "lanhdao-sxd", ROLE_HEAD, "sxd", "lanhdao@sxd.bentre.gov.vn", PREF_REPORTS_WEEKLY, false);
	person(s, "tinh", ROLE_PROVINCE, NULL, "sipas@bentre.gov.vn", PREF_REPORTS_NONE, true);
	person(s, "nghi-huu", ROLE_HEAD, "sct-bentre", "cu@sct.bentre.gov.vn", PREF_REPORTS_WEEKLY, false);
	assert_int_equal(store_user_set_disabled(s, "nghi-huu", true), HL_OK);
	person(s, "khong-thu", ROLE_HEAD, "sct-bentre", "tam@sct.bentre.gov.vn", PREF_REPORTS_WEEKLY, false);
	store_close(s);
	/* An address gone (a row the console would not write): nothing can be sent to it. */
	sqlite3 *db = open_raw(dbpath);
	exec_raw(db, "UPDATE notify_pref SET email = '' WHERE user_id = (SELECT id FROM web_user WHERE name = 'khong-thu')");
	sqlite3_close(db);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---- a sink that records ------------------------------------------------------------------------ */

#define KEPT_MAX 64

struct kept {
	char topic[MESSAGE_TOPIC_MAX], recipient[MESSAGE_RECIPIENT_MAX];
	struct message m; /* a deep copy */
};

struct queue {
	struct kept v[KEPT_MAX];
	size_t n;
};

struct sink_ud {
	struct queue *q;
	int adds;
};

static int rec_has(void *ud, const char *topic, const char *recipient, bool *yes)
{
	struct sink_ud *u = ud;

	*yes = false;
	for (size_t i = 0; i < u->q->n; i++)
		if (strcmp(u->q->v[i].topic, topic) == 0 && strcmp(u->q->v[i].recipient, recipient) == 0)
			*yes = true;
	return HL_OK;
}

static int rec_add(void *ud, const struct message *m)
{
	struct sink_ud *u = ud;
	struct kept *k;

	assert_true(u->q->n < KEPT_MAX);
	k = &u->q->v[u->q->n++];
	snprintf(k->topic, sizeof k->topic, "%s", m->topic);
	snprintf(k->recipient, sizeof k->recipient, "%s", m->recipient);
	k->m = *m;
	assert_non_null(k->m.body = strdup(m->body));
	for (size_t i = 0; i < m->nparts; i++) {
		assert_non_null(k->m.parts[i].bytes = malloc(m->parts[i].len + 1));
		memcpy(k->m.parts[i].bytes, m->parts[i].bytes, m->parts[i].len);
		k->m.parts[i].bytes[m->parts[i].len] = '\0';
	}
	u->adds++;
	return HL_OK;
}

static void queue_free(struct queue *q)
{
	for (size_t i = 0; i < q->n; i++)
		message_free(&q->v[i].m);
	q->n = 0;
}

/* The one message to recipient, or NULL. */
static const struct message *find_or_null(const struct queue *q, const char *recipient)
{
	const struct message *found = NULL;

	for (size_t i = 0; i < q->n; i++)
		if (strcmp(q->v[i].recipient, recipient) == 0) {
			assert_null(found); /* one each */
			found = &q->v[i].m;
		}
	return found;
}

/* The one message to recipient; fails the case when there is none. */
static const struct message *find(const struct queue *q, const char *recipient)
{
	const struct message *m = find_or_null(q, recipient);

	if (!m)
		fail_msg("no message to %s", recipient);
	return m;
}

static struct digest_settings settings(const char *lang)
{
	struct digest_settings ds = { .utc_offset = VN, .report_hour = 7, .expire_hours = 48, .target = 90 };

	snprintf(ds.lang, sizeof ds.lang, "%s", lang);
	snprintf(ds.console_url, sizeof ds.console_url, "%s", "https://hailong.bentre.gov.vn");
	return ds;
}

static struct store *open_store(void)
{
	struct store *s;
	char err[256];

	assert_int_equal(store_open(dbpath, VN, &s, err, sizeof err), HL_OK);
	return s;
}

/* No "HH:MM" anywhere: a text says the day, never the minute. */
static void assert_no_time(const char *t)
{
	for (const char *p = t; p[0] && p[1] && p[2] && p[3] && p[4]; p++)
		if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) && p[2] == ':' &&
		    isdigit((unsigned char)p[3]) && isdigit((unsigned char)p[4]))
			fail_msg("a time of day in: %.40s", p > t + 20 ? p - 20 : t);
}

static void test_head_weekly(void **state)
{
	struct queue *q = calloc(1, sizeof *q);
	struct sink_ud u = { q, 0 };
	struct digest_sink sink = { rec_has, rec_add, &u };
	struct digest_settings ds = settings("vi");
	const int64_t now = local(2026, 12, 1, 8, 0);
	struct store *s = open_store();

	(void)state;
	assert_int_equal(digest_plan(s, &ds, now, &sink), HL_OK);
	/* lanhdao, lanhdao-sxd, tinh; not nghi-huu (disabled), not khong-thu (no address). */
	assert_int_equal(q->n, 3);
	assert_null(find_or_null(q, "user:nghi-huu"));
	assert_null(find_or_null(q, "user:khong-thu"));
	const struct message *m = find(q, "user:lanhdao");
	assert_non_null(m);
	assert_string_equal(m->topic, "report:weekly:2026-W48:sct-bentre");
	assert_int_equal(m->channel, MESSAGE_MAIL);
	assert_string_equal(m->address, "lanhdao@sct.bentre.gov.vn");
	assert_string_equal(m->site, "sct-bentre");
	assert_int_equal(m->due, now);
	assert_int_equal(m->expires, now + 48 * 3600);
	assert_string_equal(m->subject, "Hài Lòng — báo cáo tuần 48/2026 (23/11–29/11/2026): " SCT);
	const char *b = m->body;
	assert_non_null(strstr(b, SCT " (sct-bentre)"));
	assert_non_null(strstr(b, "tuần 48/2026 (23/11–29/11/2026)"));
	/* The officer question over the week: 35 of 43; the week before: 16 of 20. */
	assert_non_null(strstr(b, "Hài lòng về công chức: 81,4 (KTC 95 %: "));
	assert_non_null(strstr(b, "; n = 43)"));
	assert_non_null(strstr(b, "kỳ trước (16/11/2026–22/11/2026): 80,0 (KTC 95 %: "));
	assert_non_null(strstr(b, "n = 20; ít đánh giá)"));
	assert_non_null(strstr(b, "Lượt đánh giá: 43 — kỳ trước: 20"));
	assert_non_null(strstr(b, "Quầy 1 – Thương mại: 90,0"));
	assert_non_null(strstr(b, "Quầy 2 – Xăng dầu, khí: 50,0"));
	assert_non_null(strstr(b, "Lê Thị Mẫn: < 5"));
	/* Ranked only when it ranks (30 answers): the others are listed, not numbered. */
	assert_non_null(strstr(b, "    1. Trần Văn Bình: 90,0"));
	assert_non_null(strstr(b, "    – Nguyễn Thị Ấu: 50,0"));
	assert_null(strstr(b, "Lê Thị Mẫn: 100,0")); /* her 3 answers are not shown */
	/* Nor through her counter, which only she serves: a counter under 5 ratings is "< 5" too. */
	assert_non_null(strstr(b, "Quầy 3 – Điện, năng lượng: < 5"));
	assert_null(strstr(b, "Quầy 3 – Điện, năng lượng: 100,0"));
	/* The flag of the week by its day, worded; not the ones before or after. */
	assert_non_null(strstr(b, "Cảnh báo mở trong kỳ: 1\n  25/11/2026: "));
	assert_non_null(strstr(b, "Nguyễn Thị Ấu"));
	assert_null(strstr(b, "10/11/2026"));
	assert_non_null(strstr(b, "https://hailong.bentre.gov.vn/bao-cao/quay?site=sct-bentre&from=2026-11-23&to=2026-11-29"));
	assert_no_time(b);
	assert_no_time(m->subject);
	assert_null(strstr(b, "6f1c2a9e")); /* no rating's id */
	/* The aggregator's HTML page of that site and week. */
	assert_int_equal(m->nparts, 1);
	assert_string_equal(m->parts[0].name, "bao-cao-sct-bentre-2026-W48.html");
	assert_string_equal(m->parts[0].mime, "text/html; charset=utf-8");
	assert_memory_equal(m->parts[0].bytes, "<!DOCTYPE html", 14);
	assert_non_null(strstr((const char *)m->parts[0].bytes, SCT));
	assert_non_null(strstr((const char *)m->parts[0].bytes, "23/11/2026"));
	if (getenv("HL_TEST_SHOW")) /* the composed body, for people to read */
		fputs(b, stdout);

	/* The head of sxd: their site only. */
	m = find(q, "user:lanhdao-sxd");
	assert_non_null(m);
	assert_string_equal(m->topic, "report:weekly:2026-W48:sxd");
	assert_non_null(strstr(m->subject, SXD));
	assert_null(strstr(m->body, SCT));
	assert_null(strstr(m->body, "Quầy 2"));
	assert_null(strstr((const char *)m->parts[0].bytes, SCT));

	/* Again at once, and an hour later: nothing more. */
	assert_int_equal(digest_plan(s, &ds, now, &sink), HL_OK);
	assert_int_equal(digest_plan(s, &ds, now + 3600, &sink), HL_OK);
	assert_int_equal(u.adds, 3);
	/* A restart: a new sink over the same records. */
	struct sink_ud u2 = { q, 0 };
	struct digest_sink again = { rec_has, rec_add, &u2 };
	assert_int_equal(digest_plan(s, &ds, now + 7200, &again), HL_OK);
	assert_int_equal(u2.adds, 0);
	store_close(s);
	queue_free(q);
	free(q);
}

static void test_province_sipas(void **state)
{
	struct queue *q = calloc(1, sizeof *q);
	struct sink_ud u = { q, 0 };
	struct digest_sink sink = { rec_has, rec_add, &u };
	struct digest_settings ds = settings("vi");
	struct store *s = open_store();

	(void)state;
	assert_int_equal(digest_plan(s, &ds, local(2026, 12, 1, 8, 0), &sink), HL_OK);
	const struct message *m = find(q, "user:tinh");
	assert_non_null(m);
	assert_string_equal(m->topic, "sipas:2026-11");
	assert_string_equal(m->address, "sipas@bentre.gov.vn");
	assert_string_equal(m->subject, "Hài Lòng — đầu vào SIPAS tháng 11/2026");
	assert_int_equal(m->nparts, 1);
	assert_string_equal(m->parts[0].name, "sipas-2026-11.csv");
	assert_string_equal(m->parts[0].mime, "text/csv; charset=utf-8");
	const char *csv = (const char *)m->parts[0].bytes;
	assert_memory_equal(csv, "\xEF\xBB\xBFsite,month,element,", 22);
	assert_non_null(strstr(csv, "sct-bentre,2026-11,cong_chuc,"));
	assert_non_null(strstr(csv, "sxd,2026-11,cong_chuc,"));
	/* The table in the body, every site; November's 83 ratings of sct-bentre (week 47 and 48). */
	assert_non_null(strstr(m->body, "Đầu vào SIPAS tháng 11/2026, 2 đơn vị"));
	assert_non_null(strstr(m->body, SCT " (sct-bentre) — 63 lượt đánh giá"));
	assert_non_null(strstr(m->body, SXD " (sxd) — 12 lượt đánh giá"));
	assert_no_time(m->body);
	store_close(s);
	queue_free(q);
	free(q);
}

static void test_english(void **state)
{
	struct queue *q = calloc(1, sizeof *q);
	struct sink_ud u = { q, 0 };
	struct digest_sink sink = { rec_has, rec_add, &u };
	struct digest_settings ds = settings("en");
	struct store *s = open_store();

	(void)state;
	assert_int_equal(digest_plan(s, &ds, local(2026, 12, 1, 8, 0), &sink), HL_OK);
	const struct message *m = find(q, "user:lanhdao");
	assert_non_null(m);
	assert_string_equal(m->subject, "Hài Lòng — report for week 48 of 2026 (2026-11-23 to 2026-11-29): " SCT);
	if (getenv("HL_TEST_SHOW"))
		fputs(m->body, stdout);
	assert_non_null(strstr(m->body, "officer index: 81.4 (95 % CI: "));
	assert_non_null(strstr(m->body, "n = 10; few ratings)"));
	assert_non_null(strstr(m->body, "Flags opened in the period: 1\n  2026-11-25: "));
	assert_no_time(m->body);
	store_close(s);
	queue_free(q);
	free(q);
}

/* Three weeks of hourly planning: three weekly reports for the head, each once. */
static void test_three_weeks(void **state)
{
	struct queue *q = calloc(1, sizeof *q);
	struct sink_ud u = { q, 0 };
	struct digest_sink sink = { rec_has, rec_add, &u };
	struct digest_settings ds = settings("vi");
	struct store *s = open_store();
	const int64_t start = local(2026, 11, 16, 7, 0); /* week 46's report time */
	size_t weekly = 0;

	(void)state;
	for (int64_t t = start; t < start + 21 * 86400; t += 3600)
		assert_int_equal(digest_plan(s, &ds, t, &sink), HL_OK);
	for (size_t i = 0; i < q->n; i++)
		if (strcmp(q->v[i].recipient, "user:lanhdao") == 0) {
			weekly++;
			for (size_t j = i + 1; j < q->n; j++)
				assert_false(strcmp(q->v[i].topic, q->v[j].topic) == 0 &&
					     strcmp(q->v[i].recipient, q->v[j].recipient) == 0);
		}
	assert_int_equal(weekly, 3);
	assert_string_equal(q->v[0].topic, "report:weekly:2026-W46:sct-bentre");
	store_close(s);
	queue_free(q);
	free(q);
}

/* A head who opts in on a Wednesday gets the next Monday's report, not last week's as well; a new
 * address alone does not bring a week back. */
static void test_opt_in_midweek(void **state)
{
	struct queue *q = calloc(1, sizeof *q);
	struct sink_ud u = { q, 0 };
	struct digest_sink sink = { rec_has, rec_add, &u };
	struct digest_settings ds = settings("vi");
	struct store *s = open_store();
	struct store_user usr;
	struct store_pref p;

	(void)state;
	assert_int_equal(store_user_get(s, "lanhdao", &usr), HL_OK);
	assert_int_equal(store_pref_get(s, usr.id, &p), HL_OK);
	p.reports = PREF_REPORTS_NONE;
	assert_int_equal(store_pref_set(s, &p, local(2026, 11, 20, 9, 0)), HL_OK);
	p.reports = PREF_REPORTS_WEEKLY; /* chosen on Wednesday 25/11 */
	assert_int_equal(store_pref_set(s, &p, local(2026, 11, 25, 10, 0)), HL_OK);
	for (int64_t t = local(2026, 11, 25, 10, 0); t < local(2026, 11, 30, 7, 0); t += 3600)
		assert_int_equal(digest_plan(s, &ds, t, &sink), HL_OK);
	for (size_t i = 0; i < q->n; i++)
		assert_string_not_equal(q->v[i].recipient, "user:lanhdao"); /* week 47 is not sent */
	snprintf(p.email, sizeof p.email, "%s", "lanhdao.moi@sct.gov.vn"); /* Sunday: a new address */
	assert_int_equal(store_pref_set(s, &p, local(2026, 11, 29, 20, 0)), HL_OK);
	assert_int_equal(digest_plan(s, &ds, local(2026, 11, 30, 7, 0), &sink), HL_OK);
	size_t mine = 0;
	for (size_t i = 0; i < q->n; i++)
		if (strcmp(q->v[i].recipient, "user:lanhdao") == 0) {
			mine++;
			assert_string_equal(q->v[i].topic, "report:weekly:2026-W48:sct-bentre");
			assert_string_equal(q->v[i].m.address, "lanhdao.moi@sct.gov.vn");
		}
	assert_int_equal(mine, 1);
	store_close(s);
	queue_free(q);
	free(q);
}

/* A fake browser (a shell script in the temporary folder) that writes what --print-to-pdf asks, or
 * hangs: the adapter's arguments, its environment and its bound, without Chromium. */
static void fake_browser(const char *path, const char *body)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, 0700), 0);
}

static void test_pdf_adapter(void **state)
{
	char browser[128], why[256], left[160];
	unsigned char *pdf = NULL;
	size_t len = 0;

	(void)state;
	snprintf(browser, sizeof browser, "%s/fake-chromium", tmpdir);
	/* It prints: the page is a file:// URL, the output --print-to-pdf=, HOME the private folder, and
	 * V8 without its compiler (MemoryDenyWriteExecute= of the unit) and no sandbox of its own. */
	fake_browser(browser, "for a; do case \"$a\" in --print-to-pdf=*) out=${a#--print-to-pdf=};; file://*) in=${a#file://};;"
			      " --js-flags=--jitless) jitless=1;; --no-sandbox) nosb=1;; esac; done\n"
			      "[ \"$jitless$nosb\" = 11 ] || exit 5\n"
			      "case \"$HOME\" in */hailong-pdf-*) ;; *) exit 3;; esac\n"
			      "grep -q 'Bến Tre' \"$in\" || exit 4\n"
			      "printf '%%PDF-1.4 fake %s' \"$HOME\" > \"$out\"");
	int rc = pdf_from_html(browser, "<!DOCTYPE html><p>Bến Tre", strlen("<!DOCTYPE html><p>Bến Tre"), 10, &pdf, &len, why, sizeof why);
	if (rc != HL_OK)
		fail_msg("%s", why);
	assert_memory_equal(pdf, "%PDF-1.4 fake ", 14);
	/* The private folder is gone afterwards. */
	snprintf(left, sizeof left, "%.*s", (int)(len - 14), (const char *)pdf + 14);
	assert_int_equal(access(left, F_OK), -1);
	free(pdf);
	pdf = NULL;
	/* It makes nothing: an error, no PDF. */
	fake_browser(browser, "exit 0");
	assert_int_equal(pdf_from_html(browser, "<p>x", 4, 10, &pdf, &len, why, sizeof why), HL_ERR_IO);
	assert_null(pdf);
	/* It hangs (with a child of its own): killed after the bound, reaped, an error. */
	fake_browser(browser, "sleep 60 & sleep 60");
	time_t t0 = time(NULL);
	assert_int_equal(pdf_from_html(browser, "<p>x", 4, 1, &pdf, &len, why, sizeof why), HL_ERR_IO);
	assert_true(time(NULL) - t0 < 10);
	assert_non_null(strstr(why, "more than 1 s"));
	assert_null(pdf);
}

static void test_pdf(void **state)
{
	char path[512], why[256];
	unsigned char *pdf = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(pdf_from_html("/nonexistent/chromium", "<!DOCTYPE html>", 15, 5, &pdf, &len, why, sizeof why),
			 HL_ERR_NOTFOUND);
	assert_null(pdf);
	if (!pdf_browser("", path, sizeof path))
		skip();
	struct queue *q = calloc(1, sizeof *q);
	struct sink_ud u = { q, 0 };
	struct digest_sink sink = { rec_has, rec_add, &u };
	struct digest_settings ds = settings("vi");
	struct store *s = open_store();
	ds.pdf = true;
	/* Only the sxd head's week, to keep it to one browser run: lanhdao's is queued already. */
	snprintf(q->v[0].topic, sizeof q->v[0].topic, "report:weekly:2026-W48:sct-bentre");
	snprintf(q->v[0].recipient, sizeof q->v[0].recipient, "user:lanhdao");
	assert_non_null(q->v[0].m.body = strdup(""));
	q->n = 1;
	assert_int_equal(digest_plan(s, &ds, local(2026, 12, 1, 8, 0), &sink), HL_OK);
	const struct message *m = find(q, "user:lanhdao-sxd");
	assert_non_null(m);
	assert_int_equal(m->nparts, 2);
	assert_string_equal(m->parts[1].name, "bao-cao-sxd-2026-W48.pdf");
	assert_string_equal(m->parts[1].mime, "application/pdf");
	assert_true(m->parts[1].len > 1000);
	assert_memory_equal(m->parts[1].bytes, "%PDF-", 5);
	assert_non_null(strstr(m->body, "bản PDF"));
	store_close(s);
	queue_free(q);
	free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_head_weekly),
		cmocka_unit_test(test_province_sipas),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_three_weeks),
		cmocka_unit_test(test_opt_in_midweek),
		cmocka_unit_test(test_pdf_adapter),
		cmocka_unit_test(test_pdf),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
