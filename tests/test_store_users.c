/* SPDX-License-Identifier: MIT
 * test_store_users.c — the people's side of the store on a real SQLite database (in memory, and files
 * under a temporary folder): users are added with their role and sites, found by name and id, listed
 * by name, a name taken or a bad name, role, site or code refused with the reason; a login session
 * lives while seen within idle seconds and started within absolute seconds, and is gone after, after
 * logout, when its user is disabled (also behind the store's back) and when the password changes;
 * failed logins are counted per key for a day and cleared; API tokens are found by their hash with
 * last_used kept, one valid per name, revoked for good, and the token itself never reaches the
 * database file; the audit lists newest first, by site, in pages; a shift ends the one before;
 * transactions at a counter (the newest, closing, an officer's recent procedures); a version-7
 * database migrates keeping its ratings and terminals; terminal_status keeps version, fault, whether
 * the clock agreed, and when the last rating came. */
#include "raw_db.h"
#include "credential.h"
#include "flag_status.h"
#include "hl.h"
#include "ingest.h"
#include "store.h"
#include "store_flags.h"
#include "store_users.h"
#include "survey.h"
#include "uuid.h"
#include "wire.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define T0 1780000000
#define VN_OFFSET 25200
#define HOUR 3600

static char tmpdir[64];

/* ---- helpers ----------------------------------------------------------------------------------- */

static const char *path_in(const char *name, char buf[256])
{
	snprintf(buf, 256, "%s/%s", tmpdir, name);
	return buf;
}

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

static int group_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/hl-test-users-XXXXXX");
	return mkdtemp(tmpdir) && credential_init() == HL_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
	char path[320];
	struct dirent *e;
	DIR *d = opendir(tmpdir);

	(void)state;
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
			unlink(path);
		}
	if (d)
		closedir(d);
	return rmdir(tmpdir);
}

/* A user with a made-up hash (the store does not check it is argon2id). */
static struct store_user user(const char *name, int role, const char *officer, const char *site1, const char *site2)
{
	struct store_user u;

	memset(&u, 0, sizeof u);
	snprintf(u.name, sizeof u.name, "%s", name);
	u.role = role;
	snprintf(u.officer, sizeof u.officer, "%s", officer ? officer : "");
	if (site1)
		snprintf(u.sites[u.nsites++], sizeof u.sites[0], "%s", site1);
	if (site2)
		snprintf(u.sites[u.nsites++], sizeof u.sites[0], "%s", site2);
	snprintf(u.hash, sizeof u.hash, "$argon2id$v=19$m=65536,t=2,p=1$made-up-for-%s", name);
	return u;
}

static int64_t add_user(struct store *s, const struct store_user *u)
{
	struct store_user got;

	assert_int_equal(store_user_add(s, u, T0), HL_OK);
	assert_int_equal(store_user_get(s, u->name, &got), HL_OK);
	return got.id;
}

/* The hash of a new random cookie; the cookie into tok when not NULL. */
static void new_session(char hash[CREDENTIAL_HASH_HEX + 1], char *tok)
{
	char t[CREDENTIAL_TOKEN_LEN + 1];

	assert_int_equal(credential_token(NULL, t, sizeof t), HL_OK);
	credential_token_hash(t, hash);
	if (tok)
		strcpy(tok, t);
}

struct names {
	int n;
	char v[16][80];
};

static int collect_user(void *ud, const struct store_user *u)
{
	struct names *n = ud;

	if (n->n < 16)
		snprintf(n->v[n->n++], sizeof n->v[0], "%s/%s/%zu", u->name, user_role_name(u->role), u->nsites);
	return HL_OK;
}

/* ---- users ------------------------------------------------------------------------------------- */

static void users_add_get_list(void **state)
{
	struct store *s = *state;
	struct store_user head = user("truong.phong", ROLE_HEAD, NULL, "sct-bentre", "stp-mytho");
	struct store_user off = user("nguyen-van-a", ROLE_OFFICER, "CB.0123", "sct-bentre", NULL);
	struct store_user admin = user("admin", ROLE_ADMIN, NULL, NULL, NULL);
	struct store_user got;
	struct names n = { 0 };

	assert_int_equal(store_user_add(s, &off, T0), HL_OK);
	assert_int_equal(store_user_add(s, &head, T0 + 1), HL_OK);
	assert_int_equal(store_user_add(s, &admin, T0 + 2), HL_OK);

	assert_int_equal(store_user_get(s, "truong.phong", &got), HL_OK);
	assert_true(got.id > 0);
	assert_string_equal(got.name, "truong.phong");
	assert_int_equal(got.role, ROLE_HEAD);
	assert_string_equal(got.officer, "");
	assert_int_equal(got.nsites, 2);
	assert_string_equal(got.sites[0], "sct-bentre");
	assert_string_equal(got.sites[1], "stp-mytho");
	assert_false(got.disabled);
	assert_string_equal(got.hash, head.hash);
	assert_int_equal(got.created, T0 + 1);

	int64_t id = got.id;
	assert_int_equal(store_user_get_id(s, id, &got), HL_OK);
	assert_string_equal(got.name, "truong.phong");
	assert_int_equal(store_user_get(s, "nguyen-van-a", &got), HL_OK);
	assert_string_equal(got.officer, "CB.0123");
	assert_int_equal(got.role, ROLE_OFFICER);
	assert_int_equal(got.nsites, 1);

	/* Listed by name. */
	assert_int_equal(store_user_list(s, collect_user, &n), HL_OK);
	assert_int_equal(n.n, 3);
	assert_string_equal(n.v[0], "admin/quan-tri/0");
	assert_string_equal(n.v[1], "nguyen-van-a/can-bo/1");
	assert_string_equal(n.v[2], "truong.phong/lanh-dao/2");

	/* A name is taken once, whatever the rest. */
	struct store_user again = user("admin", ROLE_PROVINCE, NULL, NULL, NULL);
	assert_int_equal(store_user_add(s, &again, T0 + 3), HL_ERR_RANGE);
	assert_non_null(strstr(store_errmsg(s), "admin"));
	assert_int_equal(store_user_get(s, "admin", &got), HL_OK);
	assert_int_equal(got.role, ROLE_ADMIN);

	assert_int_equal(store_user_get(s, "nobody", &got), HL_ERR_NOTFOUND);
	assert_string_equal(got.name, "");
	assert_int_equal(store_user_get_id(s, 999, &got), HL_ERR_NOTFOUND);

	/* A site given twice is kept once. */
	struct store_user twice = user("hai-lan", ROLE_HEAD, NULL, "sct-bentre", "sct-bentre");
	assert_int_equal(store_user_add(s, &twice, T0), HL_OK);
	assert_int_equal(store_user_get(s, "hai-lan", &got), HL_OK);
	assert_int_equal(got.nsites, 1);
}

static void users_bad_input(void **state)
{
	struct store *s = *state;
	struct store_user u;
	struct names n = { 0 };
	static const char *const bad_names[] = { "", "Admin", "an admin", "a/b", "ngô", "x\n" };

	for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
		u = user("x", ROLE_ADMIN, NULL, NULL, NULL);
		strcpy(u.name, bad_names[i]);
		assert_int_equal(store_user_add(s, &u, T0), HL_ERR_INVALID);
		assert_non_null(strstr(store_errmsg(s), "name"));
	}
	u = user("x", ROLE_ADMIN, NULL, NULL, NULL);
	memset(u.name, 'a', USER_NAME_MAX);
	u.name[USER_NAME_MAX] = '\0';
	assert_int_equal(store_user_add(s, &u, T0), HL_OK); /* 64 is the limit */
	assert_true(user_name_valid(u.name));
	char longer[USER_NAME_MAX + 2];
	memset(longer, 'a', USER_NAME_MAX + 1);
	longer[USER_NAME_MAX + 1] = '\0';
	assert_false(user_name_valid(longer));
	assert_false(user_name_valid(NULL));

	u = user("r1", ROLE_COUNT, NULL, NULL, NULL);
	assert_int_equal(store_user_add(s, &u, T0), HL_ERR_INVALID);
	u = user("r2", -1, NULL, NULL, NULL);
	assert_int_equal(store_user_add(s, &u, T0), HL_ERR_INVALID);
	assert_non_null(strstr(store_errmsg(s), "role"));

	u = user("s1", ROLE_HEAD, NULL, "SCT", NULL);
	assert_int_equal(store_user_add(s, &u, T0), HL_ERR_INVALID);
	assert_non_null(strstr(store_errmsg(s), "site"));
	u = user("s2", ROLE_HEAD, NULL, "sct-bentre", "a_b");
	assert_int_equal(store_user_add(s, &u, T0), HL_ERR_INVALID);
	u = user("s3", ROLE_HEAD, NULL, NULL, NULL);
	assert_int_equal(store_user_add(s, &u, T0), HL_ERR_INVALID);
	assert_non_null(strstr(store_errmsg(s), "head"));
	u = user("s4", ROLE_HEAD, NULL, "sct-bentre", NULL);
	u.nsites = USER_SITES_MAX + 1;
	assert_int_equal(store_user_add(s, &u, T0), HL_ERR_INVALID);

	u = user("o1", ROLE_OFFICER, NULL, "sct-bentre", NULL);
	assert_int_equal(store_user_add(s, &u, T0), HL_ERR_INVALID);
	assert_non_null(strstr(store_errmsg(s), "officer"));
	u = user("o2", ROLE_OFFICER, "CB01", NULL, NULL);
	assert_int_equal(store_user_add(s, &u, T0), HL_ERR_INVALID);
	u = user("o3", ROLE_OFFICER, "CB 01", "sct-bentre", NULL);
	assert_int_equal(store_user_add(s, &u, T0), HL_ERR_INVALID);
	u = user("o4", ROLE_HEAD, "CB01", "sct-bentre", NULL);
	assert_int_equal(store_user_add(s, &u, T0), HL_ERR_INVALID);

	u = user("a1", ROLE_ADMIN, NULL, "sct-bentre", NULL);
	assert_int_equal(store_user_add(s, &u, T0), HL_ERR_INVALID);
	u = user("p1", ROLE_PROVINCE, NULL, "sct-bentre", NULL);
	assert_int_equal(store_user_add(s, &u, T0), HL_ERR_INVALID);

	u = user("h1", ROLE_ADMIN, NULL, NULL, NULL);
	u.hash[0] = '\0';
	assert_int_equal(store_user_add(s, &u, T0), HL_ERR_INVALID);
	assert_non_null(strstr(store_errmsg(s), "hash"));

	/* Nothing of those was kept: only the 64-character name. */
	assert_int_equal(store_user_list(s, collect_user, &n), HL_OK);
	assert_int_equal(n.n, 1);
}

static void roles_named(void **state)
{
	(void)state;
	assert_int_equal(user_role_parse("quan-tri"), ROLE_ADMIN);
	assert_int_equal(user_role_parse("admin"), ROLE_ADMIN);
	assert_int_equal(user_role_parse("lanh-dao"), ROLE_HEAD);
	assert_int_equal(user_role_parse("head"), ROLE_HEAD);
	assert_int_equal(user_role_parse("can-bo"), ROLE_OFFICER);
	assert_int_equal(user_role_parse("officer"), ROLE_OFFICER);
	assert_int_equal(user_role_parse("tinh"), ROLE_PROVINCE);
	assert_int_equal(user_role_parse("province"), ROLE_PROVINCE);
	assert_int_equal(user_role_parse("Admin"), -1);
	assert_int_equal(user_role_parse("root"), -1);
	assert_int_equal(user_role_parse(NULL), -1);
	assert_string_equal(user_role_name(ROLE_HEAD), "lanh-dao");
	assert_null(user_role_name(ROLE_COUNT));
	assert_string_equal(user_role_label(ROLE_ADMIN, true), "Quản trị");
	assert_string_equal(user_role_label(ROLE_HEAD, true), "Lãnh đạo");
	assert_string_equal(user_role_label(ROLE_OFFICER, true), "Cán bộ");
	assert_string_equal(user_role_label(ROLE_PROVINCE, true), "Tỉnh");
	assert_string_equal(user_role_label(ROLE_ADMIN, false), "IT admin");
	assert_null(user_role_label(-1, true));
}

/* ---- login sessions ---------------------------------------------------------------------------- */

static void login_idle_and_absolute(void **state)
{
	struct store *s = *state;
	struct store_user head = user("head", ROLE_HEAD, NULL, "sct-bentre", NULL), got;
	char h[CREDENTIAL_HASH_HEX + 1], h2[CREDENTIAL_HASH_HEX + 1];
	int64_t id = add_user(s, &head), started = -1;
	const int64_t idle = 30 * 60, absolute = 12 * HOUR;

	new_session(h, NULL);
	assert_int_equal(store_login_add(s, h, id, T0), HL_OK);
	assert_int_equal(store_login_get(s, h, T0 + 10, idle, absolute, &got, &started), HL_OK);
	assert_string_equal(got.name, "head");
	assert_int_equal(got.nsites, 1);
	assert_int_equal(started, T0);
	/* Seen at T0 + 10: live up to idle seconds after that, the last-seen time moving each time. */
	assert_int_equal(store_login_get(s, h, T0 + 10 + idle, idle, absolute, &got, NULL), HL_OK);
	assert_int_equal(store_login_get(s, h, T0 + 10 + 2 * idle, idle, absolute, &got, NULL), HL_OK);
	/* Idle one second too long: gone, and removed (a later, lenient look does not find it). */
	assert_int_equal(store_login_get(s, h, T0 + 10 + 3 * idle + 1, idle, absolute, &got, &started),
			 HL_ERR_NOTFOUND);
	assert_string_equal(got.name, "");
	assert_int_equal(started, 0);
	assert_int_equal(store_login_get(s, h, T0 + 10 + 3 * idle + 1, 1000000, 1000000, &got, NULL),
			 HL_ERR_NOTFOUND);

	/* Absolute: however often seen, not past absolute seconds since it began. */
	new_session(h2, NULL);
	assert_int_equal(store_login_add(s, h2, id, T0), HL_OK);
	int64_t t;
	for (t = T0 + 600; t <= T0 + absolute; t += 600)
		assert_int_equal(store_login_get(s, h2, t, idle, absolute, &got, NULL), HL_OK);
	assert_int_equal(store_login_get(s, h2, T0 + absolute + 1, idle, absolute, &got, NULL), HL_ERR_NOTFOUND);
	assert_int_equal(store_login_get(s, h2, T0 + absolute + 1, idle, 1000000, &got, NULL), HL_ERR_NOTFOUND);

	/* Logout. */
	new_session(h, NULL);
	assert_int_equal(store_login_add(s, h, id, T0), HL_OK);
	assert_int_equal(store_login_end(s, h), HL_OK);
	assert_int_equal(store_login_get(s, h, T0 + 1, idle, absolute, &got, NULL), HL_ERR_NOTFOUND);
	assert_int_equal(store_login_end(s, h), HL_OK);
	/* An unknown cookie, a malformed hash. */
	assert_int_equal(store_login_get(s, "0000", T0, idle, absolute, &got, NULL), HL_ERR_NOTFOUND);
	assert_int_equal(store_login_add(s, "not-a-hash", id, T0), HL_ERR_INVALID);
	assert_int_equal(store_login_add(s, "ABCDEF0000000000000000000000000000000000000000000000000000000000", id, T0),
			 HL_ERR_INVALID);
	/* A session of no user. */
	new_session(h, NULL);
	assert_int_equal(store_login_add(s, h, 4242, T0), HL_ERR_DB);
}

static void login_disabled_and_new_password(void **state)
{
	char path[256], h[CREDENTIAL_HASH_HEX + 1], h2[CREDENTIAL_HASH_HEX + 1];
	struct store *s;
	struct store_user u = user("can-bo-1", ROLE_OFFICER, "CB01", "sct-bentre", NULL), got;
	const int64_t idle = 1800, absolute = 43200;

	(void)state;
	path_in("login.db", path);
	s = open_store(path);
	int64_t id = add_user(s, &u);

	/* Disabling ends the sessions; enabling does not bring them back. */
	new_session(h, NULL);
	assert_int_equal(store_login_add(s, h, id, T0), HL_OK);
	assert_int_equal(store_user_set_disabled(s, "can-bo-1", true), HL_OK);
	assert_int_equal(store_user_get(s, "can-bo-1", &got), HL_OK);
	assert_true(got.disabled);
	assert_int_equal(store_login_get(s, h, T0 + 1, idle, absolute, &got, NULL), HL_ERR_NOTFOUND);
	assert_int_equal(store_user_set_disabled(s, "can-bo-1", false), HL_OK);
	assert_int_equal(store_login_get(s, h, T0 + 2, idle, absolute, &got, NULL), HL_ERR_NOTFOUND);
	assert_int_equal(store_user_set_disabled(s, "nobody", true), HL_ERR_NOTFOUND);

	/* A disabled user's session is refused even when it was not ended (a second program's
	 * write, an older database). */
	new_session(h, NULL);
	assert_int_equal(store_login_add(s, h, id, T0 + 10), HL_OK);
	sqlite3 *db = open_raw(path);
	exec_raw(db, "UPDATE web_user SET disabled = 1 WHERE name = 'can-bo-1'");
	assert_int_equal(store_login_get(s, h, T0 + 11, idle, absolute, &got, NULL), HL_ERR_NOTFOUND);
	exec_raw(db, "UPDATE web_user SET disabled = 0 WHERE name = 'can-bo-1'");
	assert_int_equal(store_login_get(s, h, T0 + 12, idle, absolute, &got, NULL), HL_ERR_NOTFOUND);

	/* A new password ends every session of the user, and only theirs. */
	struct store_user other = user("other", ROLE_PROVINCE, NULL, NULL, NULL);
	int64_t other_id = add_user(s, &other);
	new_session(h, NULL);
	new_session(h2, NULL);
	assert_int_equal(store_login_add(s, h, id, T0 + 20), HL_OK);
	assert_int_equal(store_login_add(s, h2, other_id, T0 + 20), HL_OK);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM web_login"), 2);
	assert_int_equal(store_user_set_hash(s, "can-bo-1", "$argon2id$v=19$m=65536,t=2,p=1$new"), HL_OK);
	assert_int_equal(store_login_get(s, h, T0 + 21, idle, absolute, &got, NULL), HL_ERR_NOTFOUND);
	assert_int_equal(store_login_get(s, h2, T0 + 21, idle, absolute, &got, NULL), HL_OK);
	assert_string_equal(got.name, "other");
	assert_int_equal(store_user_get(s, "can-bo-1", &got), HL_OK);
	assert_string_equal(got.hash, "$argon2id$v=19$m=65536,t=2,p=1$new");
	assert_int_equal(store_user_set_hash(s, "nobody", "$argon2id$x"), HL_ERR_NOTFOUND);
	assert_int_equal(store_user_set_hash(s, "can-bo-1", ""), HL_ERR_INVALID);

	/* Only hashes are stored, and the seen time moves. */
	assert_int_equal(int_raw(db, "SELECT count(*) FROM web_login WHERE length(token_hash) = 64"), 1);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT seen FROM web_login WHERE token_hash = '%s'", h2);
	assert_int_equal(int_raw(db, sql), T0 + 21);
	sqlite3_close(db);
	store_close(s);
}

static void login_bounded(void **state)
{
	struct store *s = *state;
	struct store_user u = user("busy", ROLE_ADMIN, NULL, NULL, NULL), got;
	char first[CREDENTIAL_HASH_HEX + 1], h[CREDENTIAL_HASH_HEX + 1], last[CREDENTIAL_HASH_HEX + 1];
	int64_t id = add_user(s, &u);

	/* The least recently seen sessions go beyond STORE_LOGINS_PER_USER. */
	new_session(first, NULL);
	assert_int_equal(store_login_add(s, first, id, T0), HL_OK);
	for (int i = 1; i < STORE_LOGINS_PER_USER; i++) {
		new_session(h, NULL);
		assert_int_equal(store_login_add(s, h, id, T0 + i), HL_OK);
	}
	assert_int_equal(store_login_get(s, first, T0 + 100, 1000, 1000, &got, NULL), HL_OK);
	new_session(last, NULL);
	assert_int_equal(store_login_add(s, last, id, T0 + 101), HL_OK);
	/* first was seen at T0 + 100, so the one added at T0 + 1 went. */
	assert_int_equal(store_login_get(s, first, T0 + 102, 1000, 1000, &got, NULL), HL_OK);
	assert_int_equal(store_login_get(s, last, T0 + 102, 1000, 1000, &got, NULL), HL_OK);
	/* Sessions not seen for STORE_LOGIN_KEEP go at the next login of anyone. */
	new_session(h, NULL);
	assert_int_equal(store_login_add(s, h, id, T0 + STORE_LOGIN_KEEP + 200), HL_OK);
	assert_int_equal(store_login_get(s, first, T0 + STORE_LOGIN_KEEP + 200, INT32_MAX, INT32_MAX, &got, NULL),
			 HL_ERR_NOTFOUND);
}

/* ---- failed logins ----------------------------------------------------------------------------- */

static void failures_counted(void **state)
{
	struct store *s = *state;
	int64_t n = -1;

	assert_int_equal(store_login_failures(s, "user:head", T0, &n), HL_OK);
	assert_int_equal(n, 0);
	for (int i = 1; i <= 3; i++) {
		assert_int_equal(store_login_failed(s, "user:head", T0 + i, &n), HL_OK);
		assert_int_equal(n, i);
	}
	assert_int_equal(store_login_failed(s, "addr:192.0.2.7", T0 + 4, &n), HL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_login_failures(s, "user:head", T0 + 5, &n), HL_OK);
	assert_int_equal(n, 3);
	assert_int_equal(store_login_failures(s, "user:other", T0 + 5, &n), HL_OK);
	assert_int_equal(n, 0);
	/* A success clears one key. */
	assert_int_equal(store_login_cleared(s, "user:head"), HL_OK);
	assert_int_equal(store_login_failures(s, "user:head", T0 + 6, &n), HL_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_login_failures(s, "addr:192.0.2.7", T0 + 6, &n), HL_OK);
	assert_int_equal(n, 1);
	/* A day without failing forgets; failing then starts again from one. */
	assert_int_equal(store_login_failures(s, "addr:192.0.2.7", T0 + 4 + 86400 + 1, &n), HL_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_login_failed(s, "addr:192.0.2.7", T0 + 4 + 86400 + 1, &n), HL_OK);
	assert_int_equal(n, 1);
	/* Keys are bounded in length. */
	char big[200];
	memset(big, 'k', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(store_login_failed(s, big, T0, &n), HL_ERR_INVALID);
	assert_int_equal(n, 0);
	assert_int_equal(store_login_failed(s, "", T0, &n), HL_ERR_INVALID);
	assert_int_equal(store_login_cleared(s, "user:nobody"), HL_OK);
}

/* ---- API tokens -------------------------------------------------------------------------------- */

struct toks {
	int n;
	struct store_token v[8];
};

static int collect_token(void *ud, const struct store_token *t)
{
	struct toks *k = ud;

	if (k->n < 8)
		k->v[k->n++] = *t;
	return HL_OK;
}

static struct store_token token(const char *name, const char *site1, const char *site2)
{
	struct store_token t;

	memset(&t, 0, sizeof t);
	snprintf(t.name, sizeof t.name, "%s", name);
	if (site1)
		snprintf(t.sites[t.nsites++], sizeof t.sites[0], "%s", site1);
	if (site2)
		snprintf(t.sites[t.nsites++], sizeof t.sites[0], "%s", site2);
	return t;
}

static void tokens_add_find_revoke(void **state)
{
	struct store *s = *state;
	struct store_token t = token("mot-cua", "sct-bentre", "stp-mytho"), got;
	char h[CREDENTIAL_HASH_HEX + 1], h2[CREDENTIAL_HASH_HEX + 1];
	struct toks k = { 0 };

	new_session(h, NULL);
	assert_int_equal(store_token_add(s, &t, h, T0), HL_OK);
	assert_int_equal(store_token_find(s, h, T0 + 5, &got), HL_OK);
	assert_true(got.id > 0);
	assert_string_equal(got.name, "mot-cua");
	assert_int_equal(got.nsites, 2);
	assert_string_equal(got.sites[0], "sct-bentre");
	assert_string_equal(got.sites[1], "stp-mytho");
	assert_int_equal(got.created, T0);
	assert_int_equal(got.revoked, 0);
	assert_int_equal(got.last_used, T0 + 5);
	assert_int_equal(store_token_find(s, h, T0 + 60, &got), HL_OK);
	assert_int_equal(store_token_list(s, collect_token, &k), HL_OK);
	assert_int_equal(k.n, 1);
	assert_int_equal(k.v[0].last_used, T0 + 60);

	/* One valid token per name. */
	new_session(h2, NULL);
	assert_int_equal(store_token_add(s, &t, h2, T0 + 70), HL_ERR_RANGE);
	assert_int_equal(store_token_find(s, h2, T0 + 70, &got), HL_ERR_NOTFOUND);

	/* Revoked: never found again; the name is free for a new one; both are listed. */
	assert_int_equal(store_token_revoke(s, "mot-cua", T0 + 100), HL_OK);
	assert_int_equal(store_token_find(s, h, T0 + 101, &got), HL_ERR_NOTFOUND);
	assert_string_equal(got.name, "");
	assert_int_equal(store_token_revoke(s, "mot-cua", T0 + 102), HL_ERR_NOTFOUND);
	assert_int_equal(store_token_revoke(s, "nobody", T0 + 102), HL_ERR_NOTFOUND);
	struct store_token t2 = token("mot-cua", "sct-bentre", NULL);
	assert_int_equal(store_token_add(s, &t2, h2, T0 + 200), HL_OK);
	assert_int_equal(store_token_find(s, h2, T0 + 201, &got), HL_OK);
	assert_int_equal(got.nsites, 1);
	k.n = 0;
	assert_int_equal(store_token_list(s, collect_token, &k), HL_OK);
	assert_int_equal(k.n, 2);
	assert_int_equal(k.v[0].revoked, T0 + 100);
	assert_int_equal(k.v[0].last_used, T0 + 60);
	assert_int_equal(k.v[1].revoked, 0);
	assert_int_equal(k.v[1].last_used, T0 + 201);
	/* A hash is one token's only. */
	struct store_token t3 = token("khac", "sct-bentre", NULL);
	assert_int_equal(store_token_add(s, &t3, h2, T0 + 300), HL_ERR_RANGE);

	/* Bad input. */
	struct store_token bad = token("khac", NULL, NULL);
	assert_int_equal(store_token_add(s, &bad, h, T0), HL_ERR_INVALID);
	bad = token("Khac", "sct-bentre", NULL);
	assert_int_equal(store_token_add(s, &bad, h, T0), HL_ERR_INVALID);
	bad = token("khac", "sct bentre", NULL);
	assert_int_equal(store_token_add(s, &bad, h, T0), HL_ERR_INVALID);
	bad = token("khac", "sct-bentre", NULL);
	assert_int_equal(store_token_add(s, &bad, "hl_plaintext", T0), HL_ERR_INVALID);
	bad.nsites = USER_SITES_MAX + 1;
	assert_int_equal(store_token_add(s, &bad, h, T0), HL_ERR_INVALID);
}

/* True when the file at path holds text anywhere. */
static bool file_has(const char *path, const char *text)
{
	FILE *f = fopen(path, "rb");
	size_t n = strlen(text), len;
	char *buf;
	bool found = false;

	if (!f)
		return false;
	fseek(f, 0, SEEK_END);
	len = (size_t)ftell(f);
	rewind(f);
	buf = malloc(len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, len, f), len);
	fclose(f);
	for (size_t i = 0; i + n <= len && !found; i++)
		found = memcmp(buf + i, text, n) == 0;
	free(buf);
	return found;
}

static void tokens_only_hashes_on_disk(void **state)
{
	char path[256], wal[300], tok[CREDENTIAL_TOKEN_LEN + 4], cookie[CREDENTIAL_TOKEN_LEN + 1];
	char h[CREDENTIAL_HASH_HEX + 1], hc[CREDENTIAL_HASH_HEX + 1];
	struct store_token t = token("hang-doi", "sct-bentre", NULL), got;
	struct store_user u = user("admin", ROLE_ADMIN, NULL, NULL, NULL);
	struct store *s;

	(void)state;
	path_in("tokens.db", path);
	snprintf(wal, sizeof wal, "%s-wal", path);
	s = open_store(path);
	assert_int_equal(credential_token("hl_", tok, sizeof tok), HL_OK);
	credential_token_hash(tok, h);
	assert_int_equal(store_token_add(s, &t, h, T0), HL_OK);
	new_session(hc, cookie);
	assert_int_equal(store_login_add(s, hc, add_user(s, &u), T0), HL_OK);
	/* While open (the WAL holds the writes) and after closing. */
	assert_false(file_has(path, tok) || file_has(wal, tok));
	assert_false(file_has(path, tok + 3) || file_has(wal, tok + 3));
	assert_false(file_has(path, cookie) || file_has(wal, cookie));
	store_close(s);
	assert_false(file_has(path, tok + 3) || file_has(wal, tok + 3));
	assert_false(file_has(path, cookie) || file_has(wal, cookie));
	/* The search finds what is there: the hashes are. */
	assert_true(file_has(path, h));
	assert_true(file_has(path, hc));
	/* And the token still opens after a reopen. */
	s = open_store(path);
	assert_int_equal(store_token_find(s, h, T0 + 1, &got), HL_OK);
	assert_string_equal(got.name, "hang-doi");
	store_close(s);
}

/* ---- audit ------------------------------------------------------------------------------------- */

struct entries {
	int n;
	int64_t id[16];
	char v[16][200];
};

static int collect_audit(void *ud, const struct store_audit *a)
{
	struct entries *e = ud;

	if (e->n < 16) {
		e->id[e->n] = a->id;
		snprintf(e->v[e->n++], sizeof e->v[0], "%lld|%s|%s|%s|%s", (long long)a->at, a->who, a->action,
			 a->site, a->detail);
	}
	return HL_OK;
}

static void audit_order_and_site(void **state)
{
	struct store *s = *state;
	struct entries e = { 0 };

	assert_int_equal(store_audit_add(s, T0, "cli:root", "user.add", NULL, "user head: role lanh-dao"), HL_OK);
	assert_int_equal(store_audit_add(s, T0 + 1, "head", "flag.ack", "sct-bentre", "flag 7: đang xem"), HL_OK);
	assert_int_equal(store_audit_add(s, T0 + 2, "token:mot-cua", "session.open", "stp-mytho", "q01"), HL_OK);
	assert_int_equal(store_audit_add(s, T0 + 3, "head", "flag.resolve", "sct-bentre", NULL), HL_OK);
	assert_int_equal(store_audit_add(s, T0 + 4, "admin", "roster.import", "", "12 officers"), HL_OK);

	assert_int_equal(store_audit_list(s, NULL, 0, 0, collect_audit, &e), HL_OK);
	assert_int_equal(e.n, 5);
	assert_string_equal(e.v[0], "1780000004|admin|roster.import||12 officers");
	assert_string_equal(e.v[4], "1780000000|cli:root|user.add||user head: role lanh-dao");
	assert_true(e.id[0] > e.id[1]);

	e.n = 0;
	assert_int_equal(store_audit_list(s, "sct-bentre", 0, 10, collect_audit, &e), HL_OK);
	assert_int_equal(e.n, 2);
	assert_string_equal(e.v[0], "1780000003|head|flag.resolve|sct-bentre|");
	assert_string_equal(e.v[1], "1780000001|head|flag.ack|sct-bentre|flag 7: đang xem");

	/* Pages: the newest two, then the two before. */
	e.n = 0;
	assert_int_equal(store_audit_list(s, NULL, 0, 2, collect_audit, &e), HL_OK);
	assert_int_equal(e.n, 2);
	int64_t before = e.id[1];
	e.n = 0;
	assert_int_equal(store_audit_list(s, NULL, before, 2, collect_audit, &e), HL_OK);
	assert_int_equal(e.n, 2);
	assert_string_equal(e.v[0], "1780000002|token:mot-cua|session.open|stp-mytho|q01");
	e.n = 0;
	assert_int_equal(store_audit_list(s, "sct-bentre", e.id[0] + 100, 1, collect_audit, &e), HL_OK);
	assert_int_equal(e.n, 1);
	e.n = 0;
	assert_int_equal(store_audit_list(s, "nowhere", 0, 0, collect_audit, &e), HL_OK);
	assert_int_equal(e.n, 0);

	/* Refused: no who, no action, a bad site, a detail that is not one line. */
	assert_int_equal(store_audit_add(s, T0, "", "x", NULL, NULL), HL_ERR_INVALID);
	assert_int_equal(store_audit_add(s, T0, "a", NULL, NULL, NULL), HL_ERR_INVALID);
	assert_int_equal(store_audit_add(s, T0, "a", "x", "Bad Site", NULL), HL_ERR_INVALID);
	assert_int_equal(store_audit_add(s, T0, "a", "x", NULL, "two\nlines"), HL_ERR_INVALID);
	e.n = 0;
	assert_int_equal(store_audit_list(s, NULL, 0, 0, collect_audit, &e), HL_OK);
	assert_int_equal(e.n, 5);
}

/* ---- shifts and transactions ------------------------------------------------------------------- */

static void shifts(void **state)
{
	struct store *s = *state;
	struct store_user u = user("can-bo-2", ROLE_OFFICER, "CB02", "sct-bentre", NULL);
	struct store_shift sh;
	int64_t id = add_user(s, &u);

	assert_int_equal(store_shift_current(s, id, &sh), HL_ERR_NOTFOUND);
	assert_int_equal(store_shift_start(s, id, "sct-bentre", "q01", T0), HL_OK);
	assert_int_equal(store_shift_current(s, id, &sh), HL_OK);
	assert_int_equal(sh.user_id, id);
	assert_string_equal(sh.site, "sct-bentre");
	assert_string_equal(sh.counter, "q01");
	assert_int_equal(sh.started, T0);
	assert_int_equal(sh.ended, 0);
	int64_t first = sh.id;
	/* Another counter: the first shift ends. */
	assert_int_equal(store_shift_start(s, id, "sct-bentre", "q02", T0 + HOUR), HL_OK);
	assert_int_equal(store_shift_current(s, id, &sh), HL_OK);
	assert_string_equal(sh.counter, "q02");
	assert_true(sh.id > first);
	assert_int_equal(store_shift_end(s, id, T0 + 2 * HOUR), HL_OK);
	assert_int_equal(store_shift_current(s, id, &sh), HL_ERR_NOTFOUND);
	assert_int_equal(store_shift_end(s, id, T0 + 3 * HOUR), HL_OK);
	assert_int_equal(store_shift_start(s, id, "sct-bentre", "Q 1", T0), HL_ERR_INVALID);
}

/* Who is on duty at a counter: the officer whose shift there started last; a head (no officer code)
 * or a disabled account names nobody. */
static void officer_on_duty(void **state)
{
	struct store *s = *state;
	struct store_user a = user("can-bo-a", ROLE_OFFICER, "CB0A", "sct-bentre", NULL);
	struct store_user b = user("can-bo-b", ROLE_OFFICER, "CB0B", "sct-bentre", NULL);
	struct store_user h = user("lanh-dao", ROLE_HEAD, NULL, "sct-bentre", NULL);
	int64_t ia = add_user(s, &a), ib = add_user(s, &b), ih = add_user(s, &h);
	char who[HL_CODE_MAX + 1];

	assert_int_equal(store_shift_officer_at(s, "sct-bentre", "q01", who), HL_ERR_NOTFOUND);
	assert_string_equal(who, "");
	assert_int_equal(store_shift_start(s, ih, "sct-bentre", "q01", T0), HL_OK);
	assert_int_equal(store_shift_officer_at(s, "sct-bentre", "q01", who), HL_ERR_NOTFOUND);
	assert_int_equal(store_shift_start(s, ia, "sct-bentre", "q01", T0 + 60), HL_OK);
	assert_int_equal(store_shift_officer_at(s, "sct-bentre", "q01", who), HL_OK);
	assert_string_equal(who, "CB0A");
	assert_int_equal(store_shift_start(s, ib, "sct-bentre", "q01", T0 + 120), HL_OK);
	assert_int_equal(store_shift_officer_at(s, "sct-bentre", "q01", who), HL_OK);
	assert_string_equal(who, "CB0B");
	/* Another counter, another site: nobody. */
	assert_int_equal(store_shift_officer_at(s, "sct-bentre", "q02", who), HL_ERR_NOTFOUND);
	assert_int_equal(store_shift_officer_at(s, "sct-travinh", "q01", who), HL_ERR_NOTFOUND);
	/* B leaves: A again; B disabled while on shift at q02 names nobody there. */
	assert_int_equal(store_shift_start(s, ib, "sct-bentre", "q02", T0 + 180), HL_OK);
	assert_int_equal(store_shift_officer_at(s, "sct-bentre", "q01", who), HL_OK);
	assert_string_equal(who, "CB0A");
	assert_int_equal(store_shift_officer_at(s, "sct-bentre", "q02", who), HL_OK);
	assert_string_equal(who, "CB0B");
	assert_int_equal(store_user_set_disabled(s, "can-bo-b", true), HL_OK);
	assert_int_equal(store_shift_officer_at(s, "sct-bentre", "q02", who), HL_ERR_NOTFOUND);
	assert_int_equal(store_shift_end(s, ia, T0 + 240), HL_OK);
	assert_int_equal(store_shift_officer_at(s, "sct-bentre", "q01", who), HL_ERR_NOTFOUND);
}

struct codes {
	int n;
	char v[8][HL_CODE_MAX + 1];
};

static int collect_code(void *ud, const char *code)
{
	struct codes *c = ud;

	if (c->n < 8)
		snprintf(c->v[c->n++], sizeof c->v[0], "%s", code);
	return HL_OK;
}

static struct store_txn txn(const char *counter, const char *officer, const char *procedure, int64_t opened)
{
	struct store_txn t;

	memset(&t, 0, sizeof t);
	strcpy(t.site, "sct-bentre");
	snprintf(t.counter, sizeof t.counter, "%s", counter);
	snprintf(t.officer, sizeof t.officer, "%s", officer);
	snprintf(t.procedure, sizeof t.procedure, "%s", procedure);
	t.opened = opened;
	t.expires = opened + 900;
	strcpy(t.by, "can-bo-1");
	return t;
}

static void transactions(void **state)
{
	struct store *s = *state;
	struct store_txn t = txn("q01", "CB01", "1.001", T0), got;
	struct codes c = { 0 };
	int64_t id1 = 0, id2 = 0, id;

	assert_int_equal(store_txn_latest(s, "sct-bentre", "q01", &got), HL_ERR_NOTFOUND);
	assert_int_equal(store_txn_open(s, &t, &id1), HL_OK);
	assert_true(id1 > 0);
	assert_int_equal(store_txn_latest(s, "sct-bentre", "q01", &got), HL_OK);
	assert_int_equal(got.id, id1);
	assert_string_equal(got.officer, "CB01");
	assert_string_equal(got.procedure, "1.001");
	assert_int_equal(got.opened, T0);
	assert_int_equal(got.expires, T0 + 900);
	assert_int_equal(got.closed, 0);
	assert_string_equal(got.by, "can-bo-1");

	/* A new one at the counter closes the one before. */
	t = txn("q01", "CB01", "2.002", T0 + 60);
	assert_int_equal(store_txn_open(s, &t, &id2), HL_OK);
	assert_int_equal(store_txn_latest(s, "sct-bentre", "q01", &got), HL_OK);
	assert_int_equal(got.id, id2);
	assert_int_equal(got.closed, 0);
	assert_int_equal(store_txn_close(s, "sct-bentre", "q01", T0 + 120), HL_OK);
	assert_int_equal(store_txn_latest(s, "sct-bentre", "q01", &got), HL_OK);
	assert_int_equal(got.closed, T0 + 120);
	/* Another counter is its own. */
	assert_int_equal(store_txn_latest(s, "sct-bentre", "q02", &got), HL_ERR_NOTFOUND);

	/* One its terminal never got is taken back, and the one it replaced is open again. */
	t = txn("q01", "CB07", "5.005", T0 + 150);
	assert_int_equal(store_txn_open(s, &t, &id1), HL_OK);
	t = txn("q01", "CB07", "6.006", T0 + 160);
	assert_int_equal(store_txn_open(s, &t, &id), HL_OK);
	assert_int_equal(store_txn_withdraw(s, &t, id), HL_OK);
	assert_int_equal(store_txn_latest(s, "sct-bentre", "q01", &got), HL_OK);
	assert_int_equal(got.id, id1);
	assert_int_equal(got.closed, 0);
	/* The first at a counter: nothing is left. */
	t = txn("q09", "CB07", "6.006", T0 + 160);
	assert_int_equal(store_txn_open(s, &t, &id), HL_OK);
	assert_int_equal(store_txn_withdraw(s, &t, id), HL_OK);
	assert_int_equal(store_txn_latest(s, "sct-bentre", "q09", &got), HL_ERR_NOTFOUND);
	assert_int_equal(store_txn_close(s, "sct-bentre", "q01", T0 + 170), HL_OK);

	/* The officer's recent procedures: newest first, each once, none empty. */
	static const char *const procs[] = { "3.003", "1.001", "", "4.004", "1.001" };
	for (size_t i = 0; i < 5; i++) {
		t = txn("q02", "CB01", procs[i], T0 + 200 + (int64_t)i);
		assert_int_equal(store_txn_open(s, &t, &id), HL_OK);
	}
	t = txn("q03", "CB09", "9.009", T0 + 300);
	assert_int_equal(store_txn_open(s, &t, &id), HL_OK);
	assert_int_equal(store_txn_recent_procedures(s, "CB01", 10, collect_code, &c), HL_OK);
	assert_int_equal(c.n, 4);
	assert_string_equal(c.v[0], "1.001");
	assert_string_equal(c.v[1], "4.004");
	assert_string_equal(c.v[2], "3.003");
	assert_string_equal(c.v[3], "2.002");
	c.n = 0;
	assert_int_equal(store_txn_recent_procedures(s, "CB01", 2, collect_code, &c), HL_OK);
	assert_int_equal(c.n, 2);
	c.n = 0;
	assert_int_equal(store_txn_recent_procedures(s, "nobody", 5, collect_code, &c), HL_OK);
	assert_int_equal(c.n, 0);

	/* Refused. */
	t = txn("Q01", "CB01", "1.001", T0);
	assert_int_equal(store_txn_open(s, &t, &id), HL_ERR_INVALID);
	assert_int_equal(id, 0);
	t = txn("q01", "CB 01", "1.001", T0);
	assert_int_equal(store_txn_open(s, &t, &id), HL_ERR_INVALID);
	t = txn("q01", "CB01", "1.001", T0);
	t.by[0] = '\0';
	assert_int_equal(store_txn_open(s, &t, &id), HL_ERR_INVALID);
}

/* ---- terminals --------------------------------------------------------------------------------- */

struct term {
	int n;
	char version[4][40], fault[4][40];
	bool clock_ok[4];
	int64_t last_rating[4];
};

static int collect_term(void *ud, const struct store_terminal *t)
{
	struct term *x = ud;

	if (x->n < 4) {
		snprintf(x->version[x->n], sizeof x->version[0], "%s", t->version);
		snprintf(x->fault[x->n], sizeof x->fault[0], "%s", t->fault);
		x->clock_ok[x->n] = t->clock_ok;
		x->last_rating[x->n++] = t->last_rating;
	}
	return HL_OK;
}

static struct term terminals(struct store *s)
{
	struct term t;

	memset(&t, 0, sizeof t);
	assert_int_equal(store_flags_terminals(s, collect_term, &t), HL_OK);
	return t;
}

/* A status as flag_status_decode gives it from a real message. */
static struct flag_status status(const char *counter, const char *json)
{
	struct flag_status st;
	char topic[128], why[128];

	snprintf(topic, sizeof topic, "hailong/v1/sct-bentre/%s/status", counter);
	if (flag_status_decode(topic, json, strlen(json), &st, why, sizeof why) != HL_OK)
		fail_msg("%s: %s", json, why);
	return st;
}

static int64_t save_one(struct store *s, const char *counter, int64_t received, const char *id)
{
	struct rating r;
	struct ingest_batch b = { .ratings = &r, .nratings = 1, .cap_ratings = 1 };
	size_t stored;

	memset(&r, 0, sizeof r);
	if (id)
		strcpy(r.id, id);
	else
		assert_int_equal(uuid_new(r.id), HL_OK);
	strcpy(r.site, "sct-bentre");
	snprintf(r.counter, sizeof r.counter, "%s", counter);
	strcpy(r.officer, "CB01");
	r.scale = 5;
	r.answers[SURVEY_Q_OFFICER] = 4;
	r.ts = received - 1;
	r.clock_ok = true;
	assert_int_equal(store_save(s, &b, received, &stored), HL_OK);
	return (int64_t)stored;
}

static void terminal_fleet_columns(void **state)
{
	struct store *s = *state;
	struct flag_status st[2];
	char json[256], id[HL_ID_LEN + 1];
	struct term t;

	snprintf(json, sizeof json, "{\"state\":\"online\",\"spooled\":0,\"ts\":%d,\"version\":\"0.1.0\"}", T0 - 30);
	st[0] = status("q01", json);
	snprintf(json, sizeof json, "{\"state\":\"online\",\"spooled\":2,\"ts\":%d,\"version\":\"0.0.9\",\"fault\":\"spool\"}",
		 T0 + 500);
	st[1] = status("q02", json);
	assert_int_equal(store_flags_status(s, st, 2, T0), HL_OK);
	t = terminals(s);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.version[0], "0.1.0");
	assert_string_equal(t.fault[0], "");
	assert_true(t.clock_ok[0]);
	assert_int_equal(t.last_rating[0], 0);
	assert_string_equal(t.version[1], "0.0.9");
	assert_string_equal(t.fault[1], "spool");
	assert_false(t.clock_ok[1]); /* 500 s ahead */

	/* An offline status (the last will) says no time and no fault: the clock's verdict stays, the
	 * fault is gone; a status saying its time again decides anew. */
	st[1] = status("q02", "{\"state\":\"offline\",\"version\":\"0.0.9\"}");
	assert_int_equal(store_flags_status(s, &st[1], 1, T0 + 10), HL_OK);
	t = terminals(s);
	assert_false(t.clock_ok[1]);
	assert_string_equal(t.fault[1], "");
	snprintf(json, sizeof json, "{\"state\":\"online\",\"spooled\":0,\"ts\":%d}", T0 + 20 + STORE_CLOCK_SKEW);
	st[1] = status("q02", json);
	assert_int_equal(store_flags_status(s, &st[1], 1, T0 + 20), HL_OK);
	t = terminals(s);
	assert_true(t.clock_ok[1]); /* at the edge */
	assert_string_equal(t.version[1], "0.0.9"); /* not said: kept */
	snprintf(json, sizeof json, "{\"state\":\"online\",\"spooled\":0,\"ts\":%d}", T0 + 30 - STORE_CLOCK_SKEW - 1);
	st[1] = status("q02", json);
	assert_int_equal(store_flags_status(s, &st[1], 1, T0 + 30), HL_OK);
	assert_false(terminals(s).clock_ok[1]);

	/* A rating stored from q01 sets its last_rating; one from a counter without a status row
	 * makes none; a rating stored again changes nothing. */
	assert_int_equal(uuid_new(id), HL_OK);
	assert_int_equal(save_one(s, "q01", T0 + 100, id), 1);
	assert_int_equal(save_one(s, "q09", T0 + 100, NULL), 1);
	t = terminals(s);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.last_rating[0], T0 + 100);
	assert_int_equal(t.last_rating[1], 0);
	assert_int_equal(save_one(s, "q01", T0 + 200, id), 0);
	assert_int_equal(terminals(s).last_rating[0], T0 + 100);
	assert_int_equal(save_one(s, "q01", T0 + 300, NULL), 1);
	assert_int_equal(terminals(s).last_rating[0], T0 + 300);

	/* A batch of ratings from more counters than are told apart (one UPDATE each at most). */
	enum { N = 200 };
	static struct rating rs[N];
	static bool fresh[N];
	struct ingest_batch b = { .ratings = rs, .nratings = N, .cap_ratings = N };
	size_t stored;
	memset(rs, 0, sizeof rs);
	for (int i = 0; i < N; i++) {
		assert_int_equal(uuid_new(rs[i].id), HL_OK);
		strcpy(rs[i].site, "sct-bentre");
		if (i % 2)
			strcpy(rs[i].counter, "q02");
		else
			snprintf(rs[i].counter, sizeof rs[i].counter, "x%03d", i);
		rs[i].scale = 3;
		rs[i].ts = T0 + 399;
	}
	assert_int_equal(store_save_marked(s, &b, T0 + 400, &stored, fresh), HL_OK);
	assert_int_equal(stored, N);
	assert_true(fresh[0] && fresh[N - 1]);
	t = terminals(s);
	assert_int_equal(t.last_rating[0], T0 + 300);
	assert_int_equal(t.last_rating[1], T0 + 400);
}

/* ---- migration --------------------------------------------------------------------------------- */

/* A version-7 database, as the program before the people's side left it: made by taking a current
 * one back. */
static void migrate_from_v7(void **state)
{
	char path[256], json[128];
	struct store *s;
	struct flag_status st;
	struct term t;
	sqlite3 *db;
	int64_t ratings = 0, rejected = 0;

	(void)state;
	path_in("v7.db", path);
	s = open_store(path);
	snprintf(json, sizeof json, "{\"state\":\"online\",\"spooled\":3,\"ts\":%d}", T0);
	st = status("q01", json);
	assert_int_equal(store_flags_status(s, &st, 1, T0), HL_OK);
	for (int i = 0; i < 3; i++)
		assert_int_equal(save_one(s, "q01", T0 + i, NULL), 1);
	store_close(s);

	db = open_raw(path);
	exec_raw(db, "DROP TABLE web_login; DROP TABLE web_login_failure; DROP TABLE web_user_site;"
		     " DROP TABLE counter_shift; DROP TABLE web_user; DROP TABLE api_token_site; DROP TABLE api_token;"
		     " DROP TABLE audit; DROP TABLE counter_txn;"
		     " ALTER TABLE terminal_status DROP COLUMN version; ALTER TABLE terminal_status DROP COLUMN fault;"
		     " ALTER TABLE terminal_status DROP COLUMN clock_ok;"
		     " ALTER TABLE terminal_status DROP COLUMN last_rating; PRAGMA user_version = 7");
	assert_int_equal(int_raw(db, "SELECT count(*) FROM sqlite_master WHERE name = 'web_user'"), 0);
	sqlite3_close(db);

	s = open_store(path);
	assert_int_equal(store_count(s, &ratings, &rejected), HL_OK);
	assert_int_equal(ratings, 3);
	t = terminals(s);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.version[0], "");
	assert_true(t.clock_ok[0]); /* not known before v8: not held against it */
	assert_int_equal(t.last_rating[0], 0);
	/* The new tables work. */
	struct store_user u = user("admin", ROLE_ADMIN, NULL, NULL, NULL);
	add_user(s, &u);
	assert_int_equal(store_audit_add(s, T0, "cli:root", "user.add", NULL, "admin"), HL_OK);
	assert_int_equal(save_one(s, "q01", T0 + 50, NULL), 1);
	assert_int_equal(terminals(s).last_rating[0], T0 + 50);
	store_close(s);

	db = open_raw(path);
	assert_int_equal(int_raw(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_true(STORE_SCHEMA_VERSION >= 8); /* the people's tables came with 8 */
	assert_int_equal(int_raw(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
				     " ('web_user', 'web_user_site', 'web_login', 'web_login_failure', 'api_token',"
				     " 'api_token_site', 'audit', 'counter_shift', 'counter_txn')"),
			 9);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'audit_site'"), 1);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM rating"), 4);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(users_add_get_list, setup, teardown),
		cmocka_unit_test_setup_teardown(users_bad_input, setup, teardown),
		cmocka_unit_test(roles_named),
		cmocka_unit_test_setup_teardown(login_idle_and_absolute, setup, teardown),
		cmocka_unit_test(login_disabled_and_new_password),
		cmocka_unit_test_setup_teardown(login_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(failures_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(tokens_add_find_revoke, setup, teardown),
		cmocka_unit_test(tokens_only_hashes_on_disk),
		cmocka_unit_test_setup_teardown(audit_order_and_site, setup, teardown),
		cmocka_unit_test_setup_teardown(shifts, setup, teardown),
		cmocka_unit_test_setup_teardown(officer_on_duty, setup, teardown),
		cmocka_unit_test_setup_teardown(transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(terminal_fleet_columns, setup, teardown),
		cmocka_unit_test(migrate_from_v7),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
