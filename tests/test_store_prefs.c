/* SPDX-License-Identifier: MIT
 * test_store_prefs.c — what people chose to receive and which boards show (store_prefs.h), on a
 * real SQLite file under a temporary folder: an address with a header smuggled in ("\r\nBcc:"), a
 * blank, quotes, two '@' or a domain without a dot is refused and "" is allowed; the names of the
 * choices parse in Vietnamese and English; choices round-trip through the file (also across a
 * reopen); alerts, a report or the SIPAS export without an address, a value out of range and a user
 * who is not there are refused with the reason and store nothing; the list gives each enabled user
 * with an address and a choice on, by name, with their sites, and skips a disabled user, a user who
 * chose nothing and one whose choices were all turned off; a board is off until set, on and off
 * again, per site, and a bad site code is refused. */
#include "hl.h"
#include "store.h"
#include "store_prefs.h"
#include "store_users.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define T0 1780000000
#define VN 25200

struct fixture {
	char dir[64], db[96];
	struct store *s;
};

static struct store *open_db(const char *path)
{
	struct store *s = NULL;
	char err[256] = "";

	if (store_open(path, VN, &s, err, sizeof err) != HL_OK)
		fail_msg("store_open(%s): %s", path, err);
	return s;
}

static int64_t add_user(struct store *s, const char *name, int role, const char *site)
{
	struct store_user u = { .role = role };
	struct store_user got;

	snprintf(u.name, sizeof u.name, "%s", name);
	snprintf(u.hash, sizeof u.hash, "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo");
	if (site) {
		snprintf(u.sites[0], sizeof u.sites[0], "%s", site);
		u.nsites = 1;
	}
	assert_int_equal(store_user_add(s, &u, T0), HL_OK);
	assert_int_equal(store_user_get(s, name, &got), HL_OK);
	return got.id;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/hailong-test-prefs-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->db, sizeof f->db, "%s/hl.db", f->dir);
	f->s = open_db(f->db);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char p[128];

	store_close(f->s);
	unlink(f->db);
	snprintf(p, sizeof p, "%s-wal", f->db);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->db);
	unlink(p);
	rmdir(f->dir);
	free(f);
	return 0;
}

static struct store_pref pref(int64_t id, const char *email, int alerts, int reports, bool sipas)
{
	struct store_pref p = { .user_id = id, .alerts = alerts, .reports = reports, .sipas = sipas };

	snprintf(p.email, sizeof p.email, "%s", email);
	return p;
}

/* ---- the address and the names ------------------------------------------------------------------ */

static void addresses(void **state)
{
	(void)state;
	char longest[PREF_EMAIL_MAX + 2];

	assert_true(pref_email_valid(""));
	assert_true(pref_email_valid("lanhdao@sct.bentre.gov.vn"));
	assert_true(pref_email_valid("nguyen.van-an+bao-cao@example.vn"));
	/* A header smuggled in after the address, and every other way out of the address. */
	assert_false(pref_email_valid("a@b.vn\r\nBcc: x@evil.vn"));
	assert_false(pref_email_valid("a@b.vn\nBcc: x"));
	assert_false(pref_email_valid("a@b.vn, x@evil.vn"));
	assert_false(pref_email_valid("a@b.vn;x@evil.vn"));
	assert_false(pref_email_valid("An <a@b.vn>"));
	assert_false(pref_email_valid("\"a\"@b.vn"));
	assert_false(pref_email_valid("a b@b.vn"));
	assert_false(pref_email_valid("lãnh@b.vn"));
	assert_false(pref_email_valid("a@@b.vn"));
	assert_false(pref_email_valid("a@b@c.vn"));
	assert_false(pref_email_valid("@b.vn"));
	assert_false(pref_email_valid("a@"));
	assert_false(pref_email_valid("a@localhost"));
	assert_false(pref_email_valid("a@.b.vn"));
	assert_false(pref_email_valid("a@b..vn"));
	assert_false(pref_email_valid("a@b.vn."));
	assert_false(pref_email_valid("a"));
	assert_false(pref_email_valid(NULL));
	/* 254 bytes at most. */
	memset(longest, 'a', sizeof longest);
	memcpy(longest + PREF_EMAIL_MAX - 5, "@b.vn", 6);
	assert_int_equal(strlen(longest), PREF_EMAIL_MAX);
	assert_true(pref_email_valid(longest));
	memset(longest, 'a', sizeof longest);
	memcpy(longest + PREF_EMAIL_MAX - 4, "@b.vn", 6);
	assert_false(pref_email_valid(longest));
}

static void names(void **state)
{
	(void)state;
	assert_int_equal(pref_alerts_parse("khong"), PREF_ALERTS_NONE);
	assert_int_equal(pref_alerts_parse("nghiem-trong"), PREF_ALERTS_SERIOUS);
	assert_int_equal(pref_alerts_parse("serious"), PREF_ALERTS_SERIOUS);
	assert_int_equal(pref_alerts_parse("tat-ca"), PREF_ALERTS_ALL);
	assert_int_equal(pref_alerts_parse("all"), PREF_ALERTS_ALL);
	assert_int_equal(pref_alerts_parse("x"), -1);
	assert_int_equal(pref_alerts_parse(NULL), -1);
	assert_string_equal(pref_alerts_name(PREF_ALERTS_SERIOUS), "serious");
	assert_null(pref_alerts_name(3));
	assert_null(pref_alerts_name(-1));
	assert_int_equal(pref_reports_parse("ngay"), PREF_REPORTS_DAILY);
	assert_int_equal(pref_reports_parse("weekly"), PREF_REPORTS_WEEKLY);
	assert_int_equal(pref_reports_parse("thang"), PREF_REPORTS_MONTHLY);
	assert_int_equal(pref_reports_parse("none"), PREF_REPORTS_NONE);
	assert_int_equal(pref_reports_parse("yearly"), -1);
	assert_string_equal(pref_reports_name(PREF_REPORTS_MONTHLY), "monthly");
	assert_null(pref_reports_name(4));
}

/* ---- choices ------------------------------------------------------------------------------------ */

static void round_trip(void **state)
{
	struct fixture *f = *state;
	int64_t head = add_user(f->s, "lanhdao", ROLE_HEAD, "sct-bentre");
	struct store_pref p = pref(head, "lanhdao@sct.bentre.gov.vn", PREF_ALERTS_SERIOUS, PREF_REPORTS_WEEKLY, false);
	struct store_pref got;

	/* Never chose: all off, changed 0. */
	assert_int_equal(store_pref_get(f->s, head, &got), HL_OK);
	assert_int_equal(got.user_id, head);
	assert_string_equal(got.email, "");
	assert_int_equal(got.alerts, PREF_ALERTS_NONE);
	assert_int_equal(got.reports, PREF_REPORTS_NONE);
	assert_false(got.sipas);
	assert_int_equal(got.changed, 0);

	assert_int_equal(store_pref_set(f->s, &p, T0 + 10), HL_OK);
	store_close(f->s);
	f->s = open_db(f->db); /* from the file, not a connection's memory */
	assert_int_equal(store_pref_get(f->s, head, &got), HL_OK);
	assert_string_equal(got.email, "lanhdao@sct.bentre.gov.vn");
	assert_int_equal(got.alerts, PREF_ALERTS_SERIOUS);
	assert_int_equal(got.reports, PREF_REPORTS_WEEKLY);
	assert_false(got.sipas);
	assert_int_equal(got.changed, T0 + 10);

	/* Changed again: the one row replaced. */
	p = pref(head, "a@b.vn", PREF_ALERTS_ALL, PREF_REPORTS_MONTHLY, false);
	assert_int_equal(store_pref_set(f->s, &p, T0 + 20), HL_OK);
	assert_int_equal(store_pref_get(f->s, head, &got), HL_OK);
	assert_string_equal(got.email, "a@b.vn");
	assert_int_equal(got.alerts, PREF_ALERTS_ALL);
	assert_int_equal(got.reports, PREF_REPORTS_MONTHLY);
	assert_false(got.sipas);
	assert_int_equal(got.changed, T0 + 20);

	/* Everything off and no address: allowed. */
	p = pref(head, "", PREF_ALERTS_NONE, PREF_REPORTS_NONE, false);
	assert_int_equal(store_pref_set(f->s, &p, T0 + 30), HL_OK);
	assert_int_equal(store_pref_get(f->s, head, &got), HL_OK);
	assert_string_equal(got.email, "");
	assert_int_equal(got.changed, T0 + 30);
}

static void refused(void **state)
{
	struct fixture *f = *state;
	int64_t head = add_user(f->s, "lanhdao", ROLE_HEAD, "sct-bentre");
	struct store_pref ok = pref(head, "a@b.vn", PREF_ALERTS_SERIOUS, PREF_REPORTS_NONE, false), p, got;

	assert_int_equal(store_pref_set(f->s, &ok, T0), HL_OK);

	p = pref(head, "a@b.vn\r\nBcc: x@evil.vn", PREF_ALERTS_ALL, PREF_REPORTS_NONE, false);
	assert_int_equal(store_pref_set(f->s, &p, T0 + 1), HL_ERR_INVALID);
	assert_non_null(strstr(store_errmsg(f->s), "e-mail"));

	p = pref(head, "", PREF_ALERTS_SERIOUS, PREF_REPORTS_NONE, false);
	assert_int_equal(store_pref_set(f->s, &p, T0 + 1), HL_ERR_INVALID);
	assert_non_null(strstr(store_errmsg(f->s), "address is needed"));
	p = pref(head, "", PREF_ALERTS_NONE, PREF_REPORTS_DAILY, false);
	assert_int_equal(store_pref_set(f->s, &p, T0 + 1), HL_ERR_INVALID);
	p = pref(head, "", PREF_ALERTS_NONE, PREF_REPORTS_NONE, true);
	assert_int_equal(store_pref_set(f->s, &p, T0 + 1), HL_ERR_INVALID);

	p = pref(head, "a@b.vn", 3, PREF_REPORTS_NONE, false);
	assert_int_equal(store_pref_set(f->s, &p, T0 + 1), HL_ERR_INVALID);
	assert_non_null(strstr(store_errmsg(f->s), "alerts"));
	p = pref(head, "a@b.vn", -1, PREF_REPORTS_NONE, false);
	assert_int_equal(store_pref_set(f->s, &p, T0 + 1), HL_ERR_INVALID);
	p = pref(head, "a@b.vn", PREF_ALERTS_NONE, 4, false);
	assert_int_equal(store_pref_set(f->s, &p, T0 + 1), HL_ERR_INVALID);
	assert_non_null(strstr(store_errmsg(f->s), "reports"));

	/* Alerts and reports are a head's, the SIPAS export the province's. */
	p = pref(head, "a@b.vn", PREF_ALERTS_NONE, PREF_REPORTS_NONE, true);
	assert_int_equal(store_pref_set(f->s, &p, T0 + 1), HL_ERR_INVALID);
	assert_non_null(strstr(store_errmsg(f->s), "for the province"));
	int64_t province = add_user(f->s, "tinh", ROLE_PROVINCE, NULL);
	p = pref(province, "t@b.vn", PREF_ALERTS_ALL, PREF_REPORTS_NONE, false);
	assert_int_equal(store_pref_set(f->s, &p, T0 + 1), HL_ERR_INVALID);
	assert_non_null(strstr(store_errmsg(f->s), "for heads"));
	p = pref(province, "t@b.vn", PREF_ALERTS_NONE, PREF_REPORTS_NONE, true);
	assert_int_equal(store_pref_set(f->s, &p, T0 + 1), HL_OK);

	/* A user who is not there. */
	p = pref(head + 100, "a@b.vn", PREF_ALERTS_ALL, PREF_REPORTS_NONE, false);
	assert_int_equal(store_pref_set(f->s, &p, T0 + 1), HL_ERR_INVALID);
	assert_non_null(strstr(store_errmsg(f->s), "no such user"));
	assert_int_equal(store_pref_get(f->s, head + 100, &got), HL_OK);
	assert_int_equal(got.changed, 0);

	/* Nothing of the refused ones was stored. */
	assert_int_equal(store_pref_get(f->s, head, &got), HL_OK);
	assert_string_equal(got.email, "a@b.vn");
	assert_int_equal(got.alerts, PREF_ALERTS_SERIOUS);
	assert_int_equal(got.changed, T0);
	/* And a good one after the refusals still goes through (no transaction left open). */
	ok.alerts = PREF_ALERTS_ALL;
	assert_int_equal(store_pref_set(f->s, &ok, T0 + 2), HL_OK);
	assert_int_equal(store_pref_get(f->s, head, &got), HL_OK);
	assert_int_equal(got.alerts, PREF_ALERTS_ALL);
}

struct listed {
	char names[8][USER_NAME_MAX + 1];
	char sites[8][HL_CODE_MAX + 1];
	char email[8][PREF_EMAIL_MAX + 1];
	int n;
	int stop_at; /* return 7 on this entry (0: never) */
};

static int list_fn(void *ud, const struct store_user *u, const struct store_pref *p)
{
	struct listed *l = ud;

	assert_true(l->n < 8);
	assert_int_equal(u->id, p->user_id);
	snprintf(l->names[l->n], sizeof l->names[0], "%s", u->name);
	snprintf(l->sites[l->n], sizeof l->sites[0], "%s", u->nsites ? u->sites[0] : "");
	snprintf(l->email[l->n], sizeof l->email[0], "%s", p->email);
	l->n++;
	return l->n == l->stop_at ? 7 : HL_OK;
}

static void list(void **state)
{
	struct fixture *f = *state;
	int64_t b = add_user(f->s, "b-lanhdao", ROLE_HEAD, "sxd-bentre");
	int64_t a = add_user(f->s, "a-lanhdao", ROLE_HEAD, "sct-bentre");
	int64_t t = add_user(f->s, "tinh", ROLE_PROVINCE, NULL);
	int64_t off = add_user(f->s, "khoa", ROLE_HEAD, "sct-bentre");
	int64_t none = add_user(f->s, "khong-chon", ROLE_HEAD, "sct-bentre");
	int64_t gone = add_user(f->s, "tat-het", ROLE_HEAD, "sct-bentre");
	add_user(f->s, "chua-chon", ROLE_HEAD, "sct-bentre");
	struct store_pref p;
	struct listed l = { 0 };

	p = pref(b, "b@b.vn", PREF_ALERTS_ALL, PREF_REPORTS_NONE, false);
	assert_int_equal(store_pref_set(f->s, &p, T0), HL_OK);
	p = pref(a, "a@b.vn", PREF_ALERTS_NONE, PREF_REPORTS_DAILY, false);
	assert_int_equal(store_pref_set(f->s, &p, T0), HL_OK);
	p = pref(t, "tinh@b.vn", PREF_ALERTS_NONE, PREF_REPORTS_NONE, true);
	assert_int_equal(store_pref_set(f->s, &p, T0), HL_OK);
	p = pref(off, "khoa@b.vn", PREF_ALERTS_ALL, PREF_REPORTS_WEEKLY, false);
	assert_int_equal(store_pref_set(f->s, &p, T0), HL_OK);
	assert_int_equal(store_user_set_disabled(f->s, "khoa", true), HL_OK);
	p = pref(none, "none@b.vn", PREF_ALERTS_NONE, PREF_REPORTS_NONE, false); /* an address, nothing on */
	assert_int_equal(store_pref_set(f->s, &p, T0), HL_OK);
	p = pref(gone, "gone@b.vn", PREF_ALERTS_SERIOUS, PREF_REPORTS_NONE, false);
	assert_int_equal(store_pref_set(f->s, &p, T0), HL_OK);
	p = pref(gone, "", PREF_ALERTS_NONE, PREF_REPORTS_NONE, false); /* then turned everything off */
	assert_int_equal(store_pref_set(f->s, &p, T0 + 1), HL_OK);

	assert_int_equal(store_pref_list(f->s, list_fn, &l), HL_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.names[0], "a-lanhdao");
	assert_string_equal(l.sites[0], "sct-bentre");
	assert_string_equal(l.email[0], "a@b.vn");
	assert_string_equal(l.names[1], "b-lanhdao");
	assert_string_equal(l.sites[1], "sxd-bentre");
	assert_string_equal(l.names[2], "tinh");
	assert_string_equal(l.sites[2], "");

	/* A callback's non-zero answer stops the walk and is returned. */
	memset(&l, 0, sizeof l);
	l.stop_at = 2;
	assert_int_equal(store_pref_list(f->s, list_fn, &l), 7);
	assert_int_equal(l.n, 2);
}

/* ---- boards ------------------------------------------------------------------------------------- */

static void boards(void **state)
{
	struct fixture *f = *state;
	bool on = true;

	assert_int_equal(store_board_get(f->s, "sct-bentre", &on), HL_OK);
	assert_false(on);
	assert_int_equal(store_board_set(f->s, "sct-bentre", true, T0), HL_OK);
	assert_int_equal(store_board_get(f->s, "sct-bentre", &on), HL_OK);
	assert_true(on);
	/* Per site. */
	assert_int_equal(store_board_get(f->s, "sxd-bentre", &on), HL_OK);
	assert_false(on);
	store_close(f->s);
	f->s = open_db(f->db);
	assert_int_equal(store_board_get(f->s, "sct-bentre", &on), HL_OK);
	assert_true(on);
	assert_int_equal(store_board_set(f->s, "sct-bentre", false, T0 + 5), HL_OK);
	assert_int_equal(store_board_get(f->s, "sct-bentre", &on), HL_OK);
	assert_false(on);
	/* A bad code is refused and stores nothing. */
	assert_int_equal(store_board_set(f->s, "SCT BenTre", true, T0), HL_ERR_INVALID);
	assert_non_null(strstr(store_errmsg(f->s), "site"));
	assert_int_equal(store_board_set(f->s, "", true, T0), HL_ERR_INVALID);
	assert_int_equal(store_board_get(f->s, "SCT BenTre", &on), HL_OK);
	assert_false(on);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(addresses),
		cmocka_unit_test(names),
		cmocka_unit_test_setup_teardown(round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(refused, setup, teardown),
		cmocka_unit_test_setup_teardown(list, setup, teardown),
		cmocka_unit_test_setup_teardown(boards, setup, teardown),
	};
	return cmocka_run_group_tests_name("store_prefs", tests, NULL, NULL);
}
