/* SPDX-License-Identifier: MIT
 * test_store_flags.c — complaint flags and terminal statuses in a real SQLite database (in memory,
 * and a file under a temporary folder shared by two handles): never two unresolved flags of a kind
 * for a subject, also from two writers; a resolved flag allows a new one; acknowledging only from
 * open, resolving from open or acknowledged, with who, when and a note, and clear refusals
 * otherwise; listing by state, newest first, with every field; terminal statuses keep the time their
 * state last changed and stay bounded, made-up sites' rows first; flags are listed by kind; a site is
 * known when the roster lists it or there is no roster; the ratings received since a time come back
 * oldest first with what the flag engine needs; a serious flag's alert waits in the store until it is
 * sent, across a reopening, and a database from before the queue sends none again. */
#include "flags.h"
#include "hl.h"
#include "ingest.h"
#include "store.h"
#include "store_flags.h"
#include "store_roster.h"
#include "survey.h"
#include "uuid.h"
#include "wire.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define T0 1780000000
#define VN_OFFSET 25200

static struct store *open_store(const char *path)
{
	struct store *s = NULL;
	char err[256] = "";

	if (store_open(path, VN_OFFSET, &s, err, sizeof err) != HL_OK)
		fail_msg("store_open(%s): %s", path, err);
	return s;
}

static int setup(void **state)
{
	*state = open_store(":memory:");
	return 0;
}

static int teardown(void **state)
{
	store_close(*state);
	return 0;
}

static struct flag_candidate cand(int kind, int type, const char *subject, const char *summary)
{
	struct flag_candidate c;

	memset(&c, 0, sizeof c);
	c.kind = kind;
	c.subject_type = type;
	strcpy(c.site, "sct-bentre");
	snprintf(c.subject, sizeof c.subject, "%s", subject);
	snprintf(c.summary, sizeof c.summary, "%s", summary);
	snprintf(c.evidence, sizeof c.evidence, "{\"rule\":\"test\",\"summary\":\"%s\"}", summary);
	return c;
}

static int64_t open1(struct store *s, const struct flag_candidate *c, int64_t now)
{
	int64_t id = -1;

	assert_int_equal(store_flags_open(s, c, 1, now, &id), HL_OK);
	return id;
}

/* A copy of a stored flag, for checks after the callback. */
struct copy {
	int n;
	int64_t id[16], opened[16], ack_at[16], resolved_at[16];
	int kind[16], state[16], type[16];
	char site[16][40], subject[16][40], summary[16][256], evidence[16][512];
	char ack_by[16][80], ack_note[16][80], resolved_by[16][80], resolve_note[16][80];
	bool ack_null[16], ack_note_null[16], resolved_null[16];
};

static void cp(char *dst, size_t cap, const char *src, bool *was_null)
{
	if (was_null)
		*was_null = src == NULL;
	snprintf(dst, cap, "%s", src ? src : "");
}

static int collect(void *ud, const struct store_flag *f)
{
	struct copy *c = ud;
	int i = c->n++;

	assert_true(i < 16);
	c->id[i] = f->id;
	c->kind[i] = f->kind;
	c->state[i] = f->state;
	c->type[i] = f->subject_type;
	c->opened[i] = f->opened;
	c->ack_at[i] = f->ack_at;
	c->resolved_at[i] = f->resolved_at;
	cp(c->site[i], 40, f->site, NULL);
	cp(c->subject[i], 40, f->subject, NULL);
	cp(c->summary[i], 256, f->summary, NULL);
	cp(c->evidence[i], 512, f->evidence, NULL);
	cp(c->ack_by[i], 80, f->ack_by, &c->ack_null[i]);
	cp(c->ack_note[i], 80, f->ack_note, &c->ack_note_null[i]);
	cp(c->resolved_by[i], 80, f->resolved_by, &c->resolved_null[i]);
	cp(c->resolve_note[i], 80, f->resolve_note, NULL);
	return HL_OK;
}

static struct copy list(struct store *s, int state)
{
	struct copy c;

	memset(&c, 0, sizeof c);
	assert_int_equal(store_flags_list(s, state, NULL, 0, collect, &c), HL_OK);
	return c;
}

static struct copy get(struct store *s, int64_t id)
{
	struct copy c;

	memset(&c, 0, sizeof c);
	assert_int_equal(store_flags_get(s, id, collect, &c), HL_OK);
	assert_int_equal(c.n, 1);
	return c;
}

/* ---- opening ----------------------------------------------------------------------------------- */

static void never_two_unresolved_flags_of_a_kind_for_a_subject(void **state)
{
	struct store *s = *state;
	struct flag_candidate a = cand(FLAG_SERIOUS, FLAG_SUBJ_OFFICER, "cb0123", "first");
	struct flag_candidate again = cand(FLAG_SERIOUS, FLAG_SUBJ_OFFICER, "cb0123", "second");
	int64_t id1, id;

	id1 = open1(s, &a, T0);
	assert_true(id1 > 0);
	assert_int_equal(open1(s, &again, T0 + 10), 0); /* already open */
	/* Another kind, another subject, another subject type, another site: each its own flag. */
	struct flag_candidate others[4] = {
		cand(FLAG_TREND, FLAG_SUBJ_OFFICER, "cb0123", "trend"),
		cand(FLAG_SERIOUS, FLAG_SUBJ_OFFICER, "cb0124", "other officer"),
		cand(FLAG_SERIOUS, FLAG_SUBJ_COUNTER, "cb0123", "a counter of that name"),
		cand(FLAG_SERIOUS, FLAG_SUBJ_OFFICER, "cb0123", "other site"),
	};
	strcpy(others[3].site, "sct-vinhlong");
	int64_t ids[4];
	assert_int_equal(store_flags_open(s, others, 4, T0 + 20, ids), HL_OK);
	for (int i = 0; i < 4; i++)
		assert_true(ids[i] > id1);
	/* Acknowledged is still unresolved. */
	assert_int_equal(store_flags_ack(s, id1, "Lê Văn Tám", NULL, T0 + 30, NULL), HL_OK);
	assert_int_equal(open1(s, &again, T0 + 40), 0);
	/* Resolved: the next one opens. */
	assert_int_equal(store_flags_resolve(s, id1, "Lê Văn Tám", "spoke with the officer", T0 + 50, NULL), HL_OK);
	id = open1(s, &again, T0 + 60);
	assert_true(id > ids[3]);
	assert_int_equal(open1(s, &a, T0 + 70), 0);
	assert_string_equal(get(s, id).summary[0], "second");
	assert_int_equal(list(s, STORE_FLAGS_ALL).n, 6);
	assert_int_equal(list(s, STORE_FLAGS_UNRESOLVED).n, 5);
	/* One site's flags. */
	struct copy one;
	memset(&one, 0, sizeof one);
	assert_int_equal(store_flags_list(s, STORE_FLAGS_UNRESOLVED, "sct-vinhlong", 0, collect, &one), HL_OK);
	assert_int_equal(one.n, 1);
	assert_int_equal(one.id[0], ids[3]);
	memset(&one, 0, sizeof one);
	assert_int_equal(store_flags_list(s, FLAG_RESOLVED, "sct-bentre", 0, collect, &one), HL_OK);
	assert_int_equal(one.n, 1);
	assert_int_equal(one.id[0], id1);
	memset(&one, 0, sizeof one);
	assert_int_equal(store_flags_list(s, STORE_FLAGS_ALL, "nowhere", 0, collect, &one), HL_OK);
	assert_int_equal(one.n, 0);
}

static void one_batch_is_one_transaction_and_repeats_inside_it_are_refused(void **state)
{
	struct store *s = *state;
	struct flag_candidate c[3] = {
		cand(FLAG_BURST, FLAG_SUBJ_COUNTER, "q05", "burst"),
		cand(FLAG_BURST, FLAG_SUBJ_COUNTER, "q05", "burst again"),
		cand(FLAG_INTEGRITY, FLAG_SUBJ_TERMINAL, "q05", "stuffing"),
	};
	int64_t ids[3];

	assert_int_equal(store_flags_open(s, c, 3, T0, ids), HL_OK);
	assert_true(ids[0] > 0);
	assert_int_equal(ids[1], 0);
	assert_true(ids[2] > ids[0]);
	/* A bad candidate: nothing of the batch is kept and every id is 0. */
	struct flag_candidate bad[2] = { cand(FLAG_TREND, FLAG_SUBJ_OFFICER, "cb9", "ok"),
					 cand(FLAG_KIND_COUNT, FLAG_SUBJ_OFFICER, "cb9", "bad kind") };
	assert_int_equal(store_flags_open(s, bad, 2, T0, ids), HL_ERR_INVALID);
	assert_int_equal(ids[0], 0);
	assert_int_equal(ids[1], 0);
	assert_int_equal(list(s, STORE_FLAGS_ALL).n, 2);
	assert_int_equal(store_flags_open(s, NULL, 0, T0, NULL), HL_OK);
}

static void two_writers_cannot_open_the_same_flag_twice(void **state)
{
	char dir[] = "/tmp/hailong-flags-XXXXXX", path[64];
	struct store *a, *b;
	struct flag_candidate c = cand(FLAG_SERIOUS, FLAG_SUBJ_OFFICER, "cb1", "x");

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/agg.db", dir);
	a = open_store(path);
	b = open_store(path);
	assert_true(open1(a, &c, T0) > 0);
	assert_int_equal(open1(b, &c, T0), 0);
	assert_int_equal(list(b, FLAG_OPEN).n, 1);
	store_close(a);
	store_close(b);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* ---- alerts ------------------------------------------------------------------------------------ */

static struct copy alerts(struct store *s, int64_t before)
{
	struct copy c;

	memset(&c, 0, sizeof c);
	assert_int_equal(store_flags_alerts(s, before, 0, collect, &c), HL_OK);
	return c;
}

/* A serious flag's alert waits in the store until it is sent — across closing and opening the
 * database, as across a restart — and only serious flags have one; a database from before the
 * queue sends none of its old flags again. */
static void alerts_wait_in_the_store_until_sent(void **state)
{
	char dir[] = "/tmp/hailong-alerts-XXXXXX", path[64], cmd[128];
	struct flag_candidate c[3] = { cand(FLAG_SERIOUS, FLAG_SUBJ_OFFICER, "cb1", "x"),
				       cand(FLAG_BURST, FLAG_SUBJ_COUNTER, "q1", "y"),
				       cand(FLAG_SERIOUS, FLAG_SUBJ_COUNTER, "q2", "z") };
	int64_t ids[3];
	struct store *s;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/agg.db", dir);
	s = open_store(path);
	assert_int_equal(store_flags_open(s, c, 2, T0, ids), HL_OK);
	assert_int_equal(store_flags_open(s, c + 2, 1, T0 + 600, ids + 2), HL_OK);
	/* Due by when they opened: before T0 nothing, before T0 + 601 both serious ones, oldest first. */
	assert_int_equal(alerts(s, T0).n, 0);
	assert_int_equal(alerts(s, T0 + 1).n, 1);
	struct copy w = alerts(s, T0 + 601);
	assert_int_equal(w.n, 2);
	assert_int_equal(w.id[0], ids[0]);
	assert_int_equal(w.id[1], ids[2]);
	assert_int_equal(w.kind[0], FLAG_SERIOUS);
	/* The same serious flag again is refused, and queues no second alert. */
	int64_t again;
	assert_int_equal(store_flags_open(s, c, 1, T0 + 700, &again), HL_OK);
	assert_int_equal(again, 0);
	assert_int_equal(alerts(s, T0 + 10000).n, 2);
	store_close(s);

	s = open_store(path);
	assert_int_equal(alerts(s, T0 + 10000).n, 2);
	assert_int_equal(store_flags_alert_sent(s, ids[0]), HL_OK);
	w = alerts(s, T0 + 10000);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.id[0], ids[2]);
	/* Resolving does not drop it: the alert still says what happened. */
	assert_int_equal(store_flags_resolve(s, ids[2], "Hoa", "xong", T0 + 800, NULL), HL_OK);
	assert_int_equal(alerts(s, T0 + 10000).n, 1);
	store_close(s);

	/* A database from before the queue: its flags were alerted when they opened. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE flag_alert; PRAGMA user_version = 10;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	s = open_store(path);
	assert_int_equal(alerts(s, T0 + 10000).n, 0);
	store_close(s);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* ---- life -------------------------------------------------------------------------------------- */

static void acknowledge_then_resolve_with_who_when_and_notes(void **state)
{
	struct store *s = *state;
	struct flag_candidate c = cand(FLAG_BURST, FLAG_SUBJ_COUNTER, "q05", "3 of 5 ratings dissatisfied");
	int64_t id = open1(s, &c, T0);
	int st = -9;

	struct copy f = get(s, id);
	assert_int_equal(f.state[0], FLAG_OPEN);
	assert_int_equal(f.kind[0], FLAG_BURST);
	assert_int_equal(f.type[0], FLAG_SUBJ_COUNTER);
	assert_string_equal(f.site[0], "sct-bentre");
	assert_string_equal(f.subject[0], "q05");
	assert_int_equal(f.opened[0], T0);
	assert_string_equal(f.evidence[0], c.evidence);
	assert_true(f.ack_null[0] && f.resolved_null[0]);
	assert_int_equal(f.ack_at[0], 0);

	assert_int_equal(store_flags_ack(s, id, "Trưởng phòng Hoa", "xem camera", T0 + 100, &st), HL_OK);
	assert_int_equal(st, FLAG_ACKNOWLEDGED);
	f = get(s, id);
	assert_int_equal(f.state[0], FLAG_ACKNOWLEDGED);
	assert_string_equal(f.ack_by[0], "Trưởng phòng Hoa");
	assert_string_equal(f.ack_note[0], "xem camera");
	assert_int_equal(f.ack_at[0], T0 + 100);
	/* Acknowledging twice is refused and changes nothing. */
	assert_int_equal(store_flags_ack(s, id, "someone else", NULL, T0 + 200, &st), HL_ERR_INVALID);
	assert_int_equal(st, FLAG_ACKNOWLEDGED);
	assert_string_equal(get(s, id).ack_by[0], "Trưởng phòng Hoa");

	/* Resolving needs who and a note. */
	assert_int_equal(store_flags_resolve(s, id, "Hoa", "", T0 + 300, &st), HL_ERR_INVALID);
	assert_int_equal(st, FLAG_ACKNOWLEDGED);
	assert_int_equal(store_flags_resolve(s, id, "", "note", T0 + 300, &st), HL_ERR_INVALID);
	assert_int_equal(store_flags_resolve(s, id, "Hoa", "nhắc nhở, đã xin lỗi", T0 + 300, &st), HL_OK);
	assert_int_equal(st, FLAG_RESOLVED);
	f = get(s, id);
	assert_int_equal(f.state[0], FLAG_RESOLVED);
	assert_string_equal(f.resolved_by[0], "Hoa");
	assert_string_equal(f.resolve_note[0], "nhắc nhở, đã xin lỗi");
	assert_int_equal(f.resolved_at[0], T0 + 300);
	assert_string_equal(f.ack_by[0], "Trưởng phòng Hoa"); /* the history stays */
	/* A resolved flag stays resolved. */
	assert_int_equal(store_flags_resolve(s, id, "Hoa", "again", T0 + 400, &st), HL_ERR_INVALID);
	assert_int_equal(st, FLAG_RESOLVED);
	assert_int_equal(store_flags_ack(s, id, "Hoa", NULL, T0 + 400, &st), HL_ERR_INVALID);
	assert_int_equal(st, FLAG_RESOLVED);
	assert_int_equal(get(s, id).resolved_at[0], T0 + 300);
}

static void resolve_straight_from_open_and_unknown_ids(void **state)
{
	struct store *s = *state;
	struct flag_candidate c = cand(FLAG_INTEGRITY, FLAG_SUBJ_TERMINAL, "q07", "clock");
	int64_t id = open1(s, &c, T0);
	int st = -9;

	assert_int_equal(store_flags_ack(s, id, "Hoa", "", T0 + 1, &st), HL_OK);
	struct copy f = get(s, id);
	assert_true(f.ack_note_null[0]); /* an empty note is no note */
	c = cand(FLAG_TREND, FLAG_SUBJ_OFFICER, "cb7", "trend");
	id = open1(s, &c, T0 + 2);
	assert_int_equal(store_flags_resolve(s, id, "IT", "clock fixed", T0 + 3, &st), HL_OK);
	f = get(s, id);
	assert_true(f.ack_null[0]);
	assert_int_equal(f.state[0], FLAG_RESOLVED);

	assert_int_equal(store_flags_ack(s, 9999, "Hoa", NULL, T0, &st), HL_ERR_NOTFOUND);
	assert_int_equal(st, -1);
	assert_int_equal(store_flags_resolve(s, 9999, "Hoa", "n", T0, &st), HL_ERR_NOTFOUND);
	assert_int_equal(st, -1);
	assert_int_equal(store_flags_resolve(s, 9999, "Hoa", NULL, T0, NULL), HL_ERR_NOTFOUND);
	struct copy none;
	memset(&none, 0, sizeof none);
	assert_int_equal(store_flags_get(s, 9999, collect, &none), HL_ERR_NOTFOUND);
	assert_int_equal(none.n, 0);
}

static void listing_by_state_newest_first(void **state)
{
	struct store *s = *state;
	int64_t ids[5];
	const char *subjects[5] = { "q01", "q02", "q03", "q04", "q05" };

	for (int i = 0; i < 5; i++) {
		struct flag_candidate c = cand(FLAG_BURST, FLAG_SUBJ_COUNTER, subjects[i], subjects[i]);
		ids[i] = open1(s, &c, T0 + (i == 4 ? 0 : i * 100)); /* the last one opened earliest */
	}
	store_flags_ack(s, ids[1], "a", NULL, T0 + 1000, NULL);
	store_flags_resolve(s, ids[2], "a", "done", T0 + 1000, NULL);
	struct copy all = list(s, STORE_FLAGS_ALL);
	assert_int_equal(all.n, 5);
	int64_t want[5] = { ids[3], ids[2], ids[1], ids[4], ids[0] }; /* opened desc, then id desc */
	for (int i = 0; i < 5; i++)
		assert_int_equal(all.id[i], want[i]);
	struct copy open = list(s, FLAG_OPEN);
	assert_int_equal(open.n, 3);
	assert_int_equal(open.id[0], ids[3]);
	for (int i = 0; i < open.n; i++)
		assert_int_equal(open.state[i], FLAG_OPEN);
	assert_int_equal(list(s, FLAG_ACKNOWLEDGED).n, 1);
	assert_int_equal(list(s, FLAG_RESOLVED).id[0], ids[2]);
	assert_int_equal(list(s, STORE_FLAGS_UNRESOLVED).n, 4);
	struct copy two;
	memset(&two, 0, sizeof two);
	assert_int_equal(store_flags_list(s, STORE_FLAGS_ALL, NULL, 2, collect, &two), HL_OK);
	assert_int_equal(two.n, 2);
	assert_int_equal(store_flags_list(s, 7, NULL, 0, collect, &two), HL_ERR_INVALID);
}

/* ---- terminal statuses ------------------------------------------------------------------------- */

struct terms {
	int n;
	char key[8][80];
	int64_t since[8], seen[8], spooled[8];
	bool online[8];
};

static int collect_term(void *ud, const struct store_terminal *t)
{
	struct terms *c = ud;
	int i = c->n++;

	assert_true(i < 8);
	snprintf(c->key[i], sizeof c->key[i], "%s/%s", t->site, t->counter);
	c->since[i] = t->since;
	c->seen[i] = t->seen;
	c->spooled[i] = t->spooled;
	c->online[i] = t->online;
	return HL_OK;
}

static struct terms terminals(struct store *s)
{
	struct terms t;

	memset(&t, 0, sizeof t);
	assert_int_equal(store_flags_terminals(s, collect_term, &t), HL_OK);
	return t;
}

static struct flag_status status(const char *counter, bool online, int64_t spooled)
{
	struct flag_status st;

	memset(&st, 0, sizeof st);
	strcpy(st.site, "sct-bentre");
	snprintf(st.counter, sizeof st.counter, "%s", counter);
	st.online = online;
	st.spooled = spooled;
	return st;
}

static void statuses_keep_when_the_state_changed(void **state)
{
	struct store *s = *state;
	struct flag_status batch[2] = { status("q05", true, 0), status("q01", false, 0) };

	assert_int_equal(store_flags_status(s, batch, 2, T0), HL_OK);
	struct terms t = terminals(s);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.key[0], "sct-bentre/q01");
	assert_false(t.online[0]);
	assert_int_equal(t.since[0], T0);
	assert_true(t.online[1]);

	/* Same state again (a retained status after a reconnect, a new spooled count): since stays. */
	batch[0] = status("q05", true, 4);
	assert_int_equal(store_flags_status(s, batch, 1, T0 + 60), HL_OK);
	t = terminals(s);
	assert_int_equal(t.since[1], T0);
	assert_int_equal(t.seen[1], T0 + 60);
	assert_int_equal(t.spooled[1], 4);
	/* Offline: since moves. */
	batch[0] = status("q05", false, 0);
	assert_int_equal(store_flags_status(s, batch, 1, T0 + 120), HL_OK);
	t = terminals(s);
	assert_false(t.online[1]);
	assert_int_equal(t.since[1], T0 + 120);
	/* A cleared status removes the terminal. */
	batch[0] = status("q01", false, 0);
	batch[0].cleared = true;
	assert_int_equal(store_flags_status(s, batch, 1, T0 + 180), HL_OK);
	t = terminals(s);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.key[0], "sct-bentre/q05");
	assert_int_equal(store_flags_status(s, NULL, 0, T0), HL_OK);
}

/* ---- recent ratings ---------------------------------------------------------------------------- */

struct seen {
	int n;
	struct rating r[16];
	int64_t received[16];
};


static int count_term(void *ud, const struct store_terminal *t)
{
	int64_t *n = ud;

	n[0]++;
	if (strcmp(t->site, "sct-bentre") == 0)
		n[1]++;
	return HL_OK;
}

static void statuses_stay_bounded_and_sites_known_by_the_roster(void **state)
{
	struct store *s = *state;
	struct flag_status *st = calloc(STORE_TERMINALS_MAX + 300, sizeof *st);
	int64_t n[2] = { 0, 0 };

	(void)state;
	assert_non_null(st);
	/* No roster: every site is known (today's behaviour for a fresh demo). */
	assert_true(store_site_known(s, "sct-bentre"));
	assert_true(store_site_known(s, "made-up"));
	struct store_officer off = { .site = "sct-bentre", .e = { .code = "cb001", .name = "Trần Văn Bình" } };
	assert_int_equal(store_roster_replace(s, &off, 1, NULL, 0), HL_OK);
	assert_true(store_site_known(s, "sct-bentre"));
	assert_false(store_site_known(s, "made-up"));
	/* Ten real terminals, then thousands from made-up sites: the real ones stay, the made-up ones
	 * keep at most STORE_TERMINALS_UNKNOWN rows. */
	for (int i = 0; i < 10; i++) {
		st[i] = status("q00", true, 0);
		snprintf(st[i].counter, sizeof st[i].counter, "q%02d", i);
	}
	assert_int_equal(store_flags_status(s, st, 10, T0), HL_OK);
	for (int i = 0; i < STORE_TERMINALS_MAX + 300; i++) {
		st[i] = status("q01", true, 0);
		snprintf(st[i].site, sizeof st[i].site, "fake-%d", i);
	}
	assert_int_equal(store_flags_status(s, st, 2000, T0 + 1), HL_OK);
	assert_int_equal(store_flags_status(s, st + 2000, STORE_TERMINALS_MAX + 300 - 2000, T0 + 2), HL_OK);
	assert_int_equal(store_flags_terminals(s, count_term, n), HL_OK);
	assert_int_equal(n[1], 10);
	assert_int_equal(n[0], 10 + STORE_TERMINALS_UNKNOWN);
	/* Without a roster the table is bounded in all, the least recently seen going first. */
	assert_int_equal(store_roster_replace(s, NULL, 0, NULL, 0), HL_OK);
	for (int i = 0; i < STORE_TERMINALS_MAX + 300; i++)
		snprintf(st[i].site, sizeof st[i].site, "other-%d", i);
	assert_int_equal(store_flags_status(s, st, STORE_TERMINALS_MAX + 300, T0 + 3), HL_OK);
	n[0] = n[1] = 0;
	assert_int_equal(store_flags_terminals(s, count_term, n), HL_OK);
	assert_int_equal(n[0], STORE_TERMINALS_MAX);
	free(st);
}

static void listing_by_kind(void **state)
{
	struct store *s = *state;
	struct flag_candidate c[4] = {
		cand(FLAG_CLOCK, FLAG_SUBJ_TERMINAL, "q05", "clock"),
		cand(FLAG_STUFFING, FLAG_SUBJ_TERMINAL, "q05", "stuffing"),
		cand(FLAG_OFFLINE, FLAG_SUBJ_TERMINAL, "q05", "offline"),
		cand(FLAG_FAULT, FLAG_SUBJ_TERMINAL, "q05", "fault"),
	};
	int64_t ids[4];
	struct copy got;

	/* Four kinds for one terminal, all open at once: none hides another. */
	assert_int_equal(store_flags_open(s, c, 4, T0, ids), HL_OK);
	for (int i = 0; i < 4; i++)
		assert_true(ids[i] > 0);
	for (int i = 0; i < 4; i++) {
		memset(&got, 0, sizeof got);
		assert_int_equal(store_flags_list_kind(s, STORE_FLAGS_UNRESOLVED, c[i].kind, NULL, 0, collect, &got),
				 HL_OK);
		assert_int_equal(got.n, 1);
		assert_int_equal(got.kind[0], c[i].kind);
	}
	memset(&got, 0, sizeof got);
	assert_int_equal(store_flags_list_kind(s, STORE_FLAGS_ALL, -1, NULL, 0, collect, &got), HL_OK);
	assert_int_equal(got.n, 4);
	assert_int_equal(store_flags_list_kind(s, STORE_FLAGS_ALL, FLAG_KIND_COUNT, NULL, 0, collect, &got),
			 HL_ERR_INVALID);
}

static int collect_rating(void *ud, const struct rating *r, int64_t received)
{
	struct seen *c = ud;

	assert_true(c->n < 16);
	c->r[c->n] = *r;
	c->received[c->n++] = received;
	return HL_OK;
}

static void save(struct store *s, const char *site, const char *counter, int level, bool clock_ok,
		 int64_t received, struct rating *out)
{
	struct rating one;
	struct ingest_batch b = { .ratings = &one, .nratings = 1, .cap_ratings = 1 };
	struct rating *r = &one;
	size_t stored;

	memset(&one, 0, sizeof one);
	assert_int_equal(uuid_new(r->id), HL_OK);
	strcpy(r->site, site);
	strcpy(r->counter, counter);
	strcpy(r->officer, "cb0123");
	r->scale = 5;
	r->answers[SURVEY_Q_OFFICER] = level;
	r->reasons = level <= 2 ? 1u << SURVEY_R_NHUNG_NHIEU | 1u << SURVEY_R_CHO_LAU : 0;
	r->ts = received - 2;
	r->clock_ok = clock_ok;
	assert_int_equal(store_save(s, &b, received, &stored), HL_OK);
	assert_int_equal(stored, 1);
	*out = *r;
}

static void recent_ratings_oldest_first_with_what_the_engine_needs(void **state)
{
	struct store *s = *state;
	struct rating r[6];
	struct seen got;

	save(s, "sct-bentre", "q05", 5, true, T0 - 5000, &r[0]); /* too old */
	save(s, "sct-bentre", "q05", 1, false, T0 + 30, &r[1]);
	save(s, "a-site", "q09", 4, true, T0, &r[2]);
	save(s, "sct-bentre", "q01", 2, true, T0 + 10, &r[3]);
	save(s, "z-site", "q01", 3, true, T0 - 1, &r[4]); /* just before */
	save(s, "sct-bentre", "q05", 5, true, T0 + 30, &r[5]);
	memset(&got, 0, sizeof got);
	assert_int_equal(store_flags_recent(s, T0, collect_rating, &got), HL_OK);
	assert_int_equal(got.n, 4);
	int want[4] = { 2, 3, 1, 5 };
	for (int i = 0; i < 4; i++) {
		const struct rating *w = &r[want[i]], *g = &got.r[i];
		assert_string_equal(g->id, w->id);
		assert_string_equal(g->site, w->site);
		assert_string_equal(g->counter, w->counter);
		assert_string_equal(g->officer, w->officer);
		assert_int_equal(g->scale, 5);
		assert_int_equal(g->answers[SURVEY_Q_OFFICER], w->answers[SURVEY_Q_OFFICER]);
		assert_int_equal(g->answers[SURVEY_Q_PROCEDURE], 0);
		assert_int_equal(g->reasons, w->reasons);
		assert_int_equal(g->ts, w->ts);
		assert_int_equal(g->clock_ok, w->clock_ok);
	}
	assert_int_equal(got.received[0], T0);
	assert_int_equal(got.received[3], T0 + 30);
	memset(&got, 0, sizeof got);
	assert_int_equal(store_flags_recent(s, T0 + 31, collect_rating, &got), HL_OK);
	assert_int_equal(got.n, 0);
}

static void an_empty_database_has_nothing_recent(void **state)
{
	struct seen got;

	memset(&got, 0, sizeof got);
	assert_int_equal(store_flags_recent(*state, 0, collect_rating, &got), HL_OK);
	assert_int_equal(got.n, 0);
	assert_int_equal(terminals(*state).n, 0);
	assert_int_equal(list(*state, STORE_FLAGS_ALL).n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(never_two_unresolved_flags_of_a_kind_for_a_subject, setup, teardown),
		cmocka_unit_test_setup_teardown(one_batch_is_one_transaction_and_repeats_inside_it_are_refused, setup, teardown),
		cmocka_unit_test(two_writers_cannot_open_the_same_flag_twice),
		cmocka_unit_test_setup_teardown(acknowledge_then_resolve_with_who_when_and_notes, setup, teardown),
		cmocka_unit_test_setup_teardown(resolve_straight_from_open_and_unknown_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(listing_by_state_newest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(statuses_keep_when_the_state_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(recent_ratings_oldest_first_with_what_the_engine_needs, setup, teardown),
		cmocka_unit_test_setup_teardown(an_empty_database_has_nothing_recent, setup, teardown),
		cmocka_unit_test_setup_teardown(statuses_stay_bounded_and_sites_known_by_the_roster, setup, teardown),
		cmocka_unit_test_setup_teardown(listing_by_kind, setup, teardown),
		cmocka_unit_test(alerts_wait_in_the_store_until_sent),
	};
	return cmocka_run_group_tests_name("test_store_flags", tests, NULL, NULL);
}
