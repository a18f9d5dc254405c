/* SPDX-License-Identifier: MIT
 * Integration: `user` and `token`, the real hailong-aggregator binary on a real SQLite file. `user add`
 * with --password-file (or the password on standard input) stores an argon2id hash that checks
 * against the password and holds no trace of it, and `user list` shows the user with role, sites,
 * officer and state; a password under 10 characters or an empty file exits 1 with the reason and
 * stores nothing; a bad role exits 2 naming it, as do the other misuses; an unknown user exits 1
 * saying so. `passwd` and `disable` end the user's sessions. `token add` prints an hl_ token once on
 * standard output (a note on standard error), which `token list` and the database file never show;
 * revoking works once. Every change is one row of the audit table, by "cli:" and the login name. */
#include "credential.h"
#include "harness.h"
#include "hl.h"

#include <limits.h>
#include <pwd.h>
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define PASSWORD "mật khẩu đủ dài 2026"

struct env {
	char dir[256], db[300], out[300], err[300], pw[300], shortpw[300], empty[300];
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);

	assert_non_null(e);
	harness_tmpdir(e->dir);
	snprintf(e->db, sizeof e->db, "%s/aggregator.db", e->dir);
	snprintf(e->out, sizeof e->out, "%s/out", e->dir);
	snprintf(e->err, sizeof e->err, "%s/err", e->dir);
	snprintf(e->pw, sizeof e->pw, "%s/pw", e->dir);
	snprintf(e->shortpw, sizeof e->shortpw, "%s/short", e->dir);
	snprintf(e->empty, sizeof e->empty, "%s/empty", e->dir);
	harness_write_file(e->pw, "%s\n", PASSWORD);
	harness_write_file(e->shortpw, "ngắn-quá\n"); /* 8 characters, 11 bytes */
	harness_write_file(e->empty, "%s", "");
	*state = e;
	return credential_init() == HL_OK ? 0 : -1;
}

static int teardown(void **state)
{
	struct env *e = *state;

	harness_rmdir(e->dir);
	free(e);
	return 0;
}

/* Runs `hailong-aggregator ARGS... --db DB` with standard input from in (NULL: /dev/null), stdout
 * into e->out and stderr into e->err (replaced). Returns the exit code. */
static int agg(struct env *e, const char *in, ...)
{
	char cmd[4096];
	size_t len;
	va_list ap;

	len = (size_t)snprintf(cmd, sizeof cmd, "'%s/hailong-aggregator'", harness_bindir());
	va_start(ap, in);
	for (const char *a; (a = va_arg(ap, const char *)) != NULL;)
		len += (size_t)snprintf(cmd + len, sizeof cmd - len, " '%s'", a);
	va_end(ap);
	snprintf(cmd + len, sizeof cmd - len, " --db '%s' <'%s' >'%s' 2>'%s'", e->db, in ? in : "/dev/null", e->out,
		 e->err);
	char *sh[] = { "/bin/sh", "-c", cmd, NULL };
	return harness_run(NULL, sh, 30000);
}

static void expect(const char *path, const char *text)
{
	if (!harness_file_has(path, text)) {
		char buf[4096];
		harness_read_file(path, buf, sizeof buf);
		fail_msg("%s does not say \"%s\":\n%s", path, text, buf);
	}
}

static void expect_not(const char *path, const char *text)
{
	if (harness_file_has(path, text)) {
		char buf[4096];
		harness_read_file(path, buf, sizeof buf);
		fail_msg("%s says \"%s\":\n%s", path, text, buf);
	}
}

/* True when the file at path, or its write-ahead log, holds text anywhere (harness_file_has reads
 * only the start). */
static bool db_has(const char *path, const char *text)
{
	char wal[320];
	const char *paths[2] = { path, wal };
	size_t n = strlen(text);
	bool found = false;

	snprintf(wal, sizeof wal, "%s-wal", path);
	for (int k = 0; k < 2 && !found; k++) {
		FILE *f = fopen(paths[k], "rb");
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		size_t len = (size_t)ftell(f);
		rewind(f);
		char *buf = malloc(len + 1);
		assert_non_null(buf);
		assert_int_equal(fread(buf, 1, len, f), len);
		fclose(f);
		for (size_t i = 0; i + n <= len && !found; i++)
			found = memcmp(buf + i, text, n) == 0;
		free(buf);
	}
	return found;
}

/* The text of the first column of the first row of sql on db, into out ("" when none). */
static void sql_text(const char *db, const char *sql, char *out, size_t cap)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;

	out[0] = '\0';
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static void sql_exec(const char *db, const char *sql)
{
	sqlite3 *h = NULL;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(h));
	sqlite3_close(h);
}

/* Audit rows of one action. */
static int64_t audited(struct env *e, const char *action)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE action = '%s'", action);
	return harness_sql(e->db, sql);
}

/* `user notify`: an IT admin sets a head up for alerts and the weekly report before the head logs in;
 * the store's rules (an address first; alerts for heads, SIPAS for the province) come back as
 * messages, bad values as usage errors, and each change is audited. */
static void user_notify_shows_and_sets(void **state)
{
	struct env *e = *state;
	char got[256];

	assert_int_equal(agg(e, NULL, "user", "add", "truong-phong", "--role", "lanh-dao", "--site", "sct-bentre",
			     "--password-file", e->pw, NULL), 0);
	assert_int_equal(agg(e, NULL, "user", "add", "so-noi-vu", "--role", "tinh", "--password-file", e->pw, NULL), 0);
	assert_int_equal(agg(e, NULL, "user", "notify", "truong-phong", NULL), 0);
	expect(e->out, "e-mail:        (none)");
	expect(e->out, "alerts:        none (không)");
	assert_int_equal(agg(e, NULL, "user", "notify", "truong-phong", "--alerts", "all", NULL), 1);
	expect(e->err, "an e-mail address is needed");
	assert_int_equal(agg(e, NULL, "user", "notify", "truong-phong", "--email", "tp@sct.gov.vn", "--alerts", "serious",
			     "--reports", "tuan", NULL), 0);
	expect(e->out, "tp@sct.gov.vn");
	expect(e->out, "chỉ phản ánh nghiêm trọng");
	expect(e->out, "hằng tuần");
	sql_text(e->db, "SELECT email || ' ' || alerts || ' ' || reports FROM notify_pref", got, sizeof got);
	assert_string_equal(got, "tp@sct.gov.vn 1 2");
	assert_int_equal(audited(e, "user.notify"), 1);
	/* The province gets the SIPAS export, not a head's alerts. */
	assert_int_equal(agg(e, NULL, "user", "notify", "so-noi-vu", "--email", "snv@x.gov.vn", "--reports", "weekly", NULL), 1);
	expect(e->err, "for heads");
	assert_int_equal(agg(e, NULL, "user", "notify", "so-noi-vu", "--email", "snv@x.gov.vn", "--sipas", "yes", NULL), 0);
	expect(e->out, "sipas monthly: yes");
	assert_int_equal(agg(e, NULL, "user", "notify", "truong-phong", "--sipas", "yes", NULL), 1);
	expect(e->err, "for the province");
	/* An address that would add a header is a usage error, and nothing changes. */
	assert_int_equal(agg(e, NULL, "user", "notify", "truong-phong", "--email", "a@b.vn\r\nBcc: x@y.vn", NULL), 2);
	expect(e->err, "bad --email");
	assert_int_equal(agg(e, NULL, "user", "notify", "truong-phong", "--reports", "yearly", NULL), 2);
	expect(e->err, "none, daily, weekly or monthly");
	assert_int_equal(agg(e, NULL, "user", "list", "--alerts", "all", NULL), 2);
	assert_int_equal(agg(e, NULL, "user", "notify", "nobody", NULL), 1);
	expect(e->err, "no user 'nobody'");
	assert_int_equal(audited(e, "user.notify"), 2);
	/* --email "" stops everything. */
	assert_int_equal(agg(e, NULL, "user", "notify", "truong-phong", "--email", "", "--alerts", "none", "--reports",
			     "none", NULL), 0);
	expect(e->out, "e-mail:        (none)");
}

/* `board on|off|list`: the public board of a known site switched from the server, each change
 * audited; a mistyped site is said, bad usage exits 2. */
static void board_on_off_list(void **state)
{
	struct env *e = *state;
	char off[300], pro[300], sit[300];

	snprintf(off, sizeof off, "%s/officers.csv", e->dir);
	snprintf(pro, sizeof pro, "%s/procedures.csv", e->dir);
	snprintf(sit, sizeof sit, "%s/sites.csv", e->dir);
	harness_write_file(off, "site,code,name\nsct-bentre,cb001,Trần Văn Bình\n");
	harness_write_file(pro, "code,name\n2.000204,Cấp Giấy phép bán lẻ xăng dầu\n");
	harness_write_file(sit, "code,name\nsct-bentre,Sở Công Thương tỉnh Bến Tre\n");
	assert_int_equal(agg(e, NULL, "roster", "import", "--sites", sit, off, pro, NULL), 0);
	assert_int_equal(agg(e, NULL, "board", "list", NULL), 0);
	expect(e->out, "Every site's public board is off");
	assert_int_equal(agg(e, NULL, "board", "on", "sct-bentre", NULL), 0);
	expect(e->out, "/cong-khai/sct-bentre");
	assert_int_equal(harness_sql(e->db, "SELECT enabled FROM site_board WHERE site = 'sct-bentre'"), 1);
	assert_int_equal(agg(e, NULL, "board", "list", NULL), 0);
	expect(e->out, "on    Sở Công Thương tỉnh Bến Tre");
	assert_int_equal(agg(e, NULL, "board", "on", "sct-bentr", NULL), 1);
	expect(e->err, "no site 'sct-bentr'");
	assert_int_equal(agg(e, NULL, "board", "off", "sct-bentre", NULL), 0);
	assert_int_equal(harness_sql(e->db, "SELECT enabled FROM site_board WHERE site = 'sct-bentre'"), 0);
	assert_int_equal(audited(e, "board.on"), 1);
	assert_int_equal(audited(e, "board.off"), 1);
	assert_int_equal(agg(e, NULL, "board", "show", NULL), 2);
	assert_int_equal(agg(e, NULL, "board", "on", NULL), 2);
	expect(e->err, "which site?");
	assert_int_equal(agg(e, NULL, "board", "on", "Bad Site", NULL), 2);
}

/* ---- users ------------------------------------------------------------------------------------- */

static void user_add_then_list(void **state)
{
	struct env *e = *state;
	char hash[256], who[128], want[160];

	assert_int_equal(agg(e, NULL, "user", "add", "admin", "--role", "quan-tri", "--password-file", e->pw, NULL), 0);
	expect(e->out, "user 'admin' added");
	/* The password on standard input (not a terminal here): its first line. */
	assert_int_equal(agg(e, e->pw, "user", "add", "truong-phong", "--role", "head", "--site", "sct-bentre",
			     "--site", "stp-mytho", NULL),
			 0);
	assert_int_equal(agg(e, NULL, "user", "add", "nguyen.van.a", "--role", "can-bo", "--officer", "CB.0123",
			     "--site", "sct-bentre", "--password-file", e->pw, NULL),
			 0);
	assert_int_equal(agg(e, NULL, "user", "list", NULL), 0);
	expect(e->out, "admin");
	expect(e->out, "Quản trị");
	expect(e->out, "truong-phong");
	expect(e->out, "Lãnh đạo");
	expect(e->out, "sct-bentre, stp-mytho");
	expect(e->out, "nguyen.van.a");
	expect(e->out, "Cán bộ");
	expect(e->out, "CB.0123");
	expect(e->out, "active");
	expect_not(e->out, "argon2");

	/* What is stored is an argon2id string of the password: it checks, and holds no part of it. */
	sql_text(e->db, "SELECT hash FROM web_user WHERE name = 'truong-phong'", hash, sizeof hash);
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	assert_true(credential_check_password(PASSWORD, hash));
	assert_false(credential_check_password("mật khẩu đủ dài 2027", hash));
	assert_null(strstr(hash, "2026"));
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM web_user_site"), 3);

	/* Each addition is audited, by whoever ran the command. */
	assert_int_equal(audited(e, "user.add"), 3);
	struct passwd *pw = getpwuid(geteuid());
	assert_non_null(pw);
	snprintf(want, sizeof want, "cli:%s", pw->pw_name);
	sql_text(e->db, "SELECT who FROM audit ORDER BY id LIMIT 1", who, sizeof who);
	assert_string_equal(who, want);
	sql_text(e->db, "SELECT site || ' ' || detail FROM audit WHERE detail LIKE 'user nguyen.van.a%'", who,
		 sizeof who);
	assert_string_equal(who, "sct-bentre user nguyen.van.a: role can-bo, sites sct-bentre, officer CB.0123");

	/* The same name again: exit 1, nothing changed. */
	assert_int_equal(agg(e, NULL, "user", "add", "admin", "--role", "tinh", "--password-file", e->pw, NULL), 1);
	expect(e->err, "there is a user 'admin' already");
	assert_int_equal(harness_sql(e->db, "SELECT role FROM web_user WHERE name = 'admin'"), 0);
	assert_int_equal(audited(e, "user.add"), 3);
}

static void user_password_too_short(void **state)
{
	struct env *e = *state;

	assert_int_equal(agg(e, NULL, "user", "add", "tinh", "--role", "tinh", "--password-file", e->shortpw, NULL), 1);
	expect(e->err, "too short");
	expect(e->err, "8 characters");
	expect(e->err, "at least 10");
	assert_int_equal(agg(e, e->shortpw, "user", "add", "tinh", "--role", "tinh", NULL), 1);
	expect(e->err, "too short");
	assert_int_equal(agg(e, NULL, "user", "add", "tinh", "--role", "tinh", "--password-file", e->empty, NULL), 1);
	expect(e->err, "no password");
	assert_int_equal(agg(e, NULL, "user", "add", "tinh", "--role", "tinh", NULL), 1); /* stdin empty */
	expect(e->err, "no password");
	assert_int_equal(agg(e, NULL, "user", "add", "tinh", "--role", "tinh", "--password-file", "/nonexistent/pw",
			     NULL),
			 1);
	expect(e->err, "cannot read the password file");
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM web_user"), 0);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM audit"), 0);
}

static void user_bad_usage(void **state)
{
	struct env *e = *state;

	assert_int_equal(agg(e, NULL, "user", "add", "x", "--role", "boss", "--password-file", e->pw, NULL), 2);
	expect(e->err, "unknown role 'boss'");
	expect(e->err, "see 'hailong-aggregator user --help'");
	expect_not(e->err, "Usage:");
	assert_int_equal(agg(e, NULL, "user", "add", "x", "--password-file", e->pw, NULL), 2);
	expect(e->err, "--role ROLE is required");
	assert_int_equal(agg(e, NULL, "user", "add", "x", "--role", "lanh-dao", "--password-file", e->pw, NULL), 2);
	expect(e->err, "needs at least one --site");
	assert_int_equal(agg(e, NULL, "user", "add", "x", "--role", "can-bo", "--site", "sct-bentre", NULL), 2);
	expect(e->err, "needs --officer");
	assert_int_equal(agg(e, NULL, "user", "add", "x", "--role", "admin", "--site", "sct-bentre", NULL), 2);
	expect(e->err, "no --site");
	assert_int_equal(agg(e, NULL, "user", "add", "x", "--role", "head", "--site", "SCT Ben Tre", NULL), 2);
	expect(e->err, "bad --site 'SCT Ben Tre'");
	assert_int_equal(agg(e, NULL, "user", "add", "X Y", "--role", "admin", NULL), 2);
	expect(e->err, "bad user name 'X Y'");
	assert_int_equal(agg(e, NULL, "user", "add", NULL), 2);
	expect(e->err, "give a NAME");
	assert_int_equal(agg(e, NULL, "user", "remove", "x", NULL), 2);
	expect(e->err, "unknown user command 'remove'");
	assert_int_equal(agg(e, NULL, "user", "list", "--role", "admin", NULL), 2);
	assert_int_equal(agg(e, NULL, "user", NULL), 2);
	/* Nothing was made, not even the database. */
	assert_int_equal(access(e->db, F_OK), -1);

	/* Commands on users need a database and the user. */
	assert_int_equal(agg(e, NULL, "user", "list", NULL), 1);
	expect(e->err, "no database");
	assert_int_equal(agg(e, NULL, "user", "add", "admin", "--role", "admin", "--password-file", e->pw, NULL), 0);
	assert_int_equal(agg(e, e->pw, "user", "passwd", "nobody", NULL), 1);
	expect(e->err, "there is no user 'nobody'");
	assert_int_equal(agg(e, NULL, "user", "disable", "nobody", NULL), 1);
	expect(e->err, "there is no user 'nobody'");
	assert_int_equal(agg(e, NULL, "user", "enable", "nobody", NULL), 1);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM audit"), 1);
}

static void user_passwd_disable_enable(void **state)
{
	struct env *e = *state;
	char hash[256];

	assert_int_equal(agg(e, NULL, "user", "add", "truong", "--role", "lanh-dao", "--site", "sct-bentre",
			     "--password-file", e->pw, NULL),
			 0);
	/* Two open sessions, as the console would have made them. */
	sql_exec(e->db, "INSERT INTO web_login(token_hash, user_id, started, seen) SELECT printf('%064d', 1), id,"
			" 1, 1 FROM web_user WHERE name = 'truong'");
	harness_write_file(e->shortpw, "%s\n", "một mật khẩu mới khác");
	assert_int_equal(agg(e, NULL, "user", "passwd", "truong", "--password-file", e->shortpw, NULL), 0);
	expect(e->out, "new password");
	sql_text(e->db, "SELECT hash FROM web_user WHERE name = 'truong'", hash, sizeof hash);
	assert_true(credential_check_password("một mật khẩu mới khác", hash));
	assert_false(credential_check_password(PASSWORD, hash));
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM web_login"), 0);
	/* A new password too short changes nothing. */
	harness_write_file(e->shortpw, "short\n");
	assert_int_equal(agg(e, e->shortpw, "user", "passwd", "truong", NULL), 1);
	expect(e->err, "too short");

	sql_exec(e->db, "INSERT INTO web_login(token_hash, user_id, started, seen) SELECT printf('%064d', 2), id,"
			" 1, 1 FROM web_user WHERE name = 'truong'");
	assert_int_equal(agg(e, NULL, "user", "disable", "truong", NULL), 0);
	assert_int_equal(harness_sql(e->db, "SELECT disabled FROM web_user WHERE name = 'truong'"), 1);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM web_login"), 0);
	assert_int_equal(agg(e, NULL, "user", "list", NULL), 0);
	expect(e->out, "disabled");
	assert_int_equal(agg(e, NULL, "user", "enable", "truong", NULL), 0);
	assert_int_equal(harness_sql(e->db, "SELECT disabled FROM web_user WHERE name = 'truong'"), 0);

	assert_int_equal(audited(e, "user.add"), 1);
	assert_int_equal(audited(e, "user.passwd"), 1);
	assert_int_equal(audited(e, "user.disable"), 1);
	assert_int_equal(audited(e, "user.enable"), 1);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM audit WHERE site = 'sct-bentre'"), 4);
}

/* ---- tokens ------------------------------------------------------------------------------------ */

static void token_add_list_revoke(void **state)
{
	struct env *e = *state;
	char tok[256], tok2[256], hash[CREDENTIAL_HASH_HEX + 1], sql[256];

	assert_int_equal(agg(e, NULL, "token", "add", "--name", "mot-cua", "--site", "sct-bentre", "--site", "stp-mytho",
			     NULL),
			 0);
	assert_true(harness_read_file(e->out, tok, sizeof tok));
	assert_int_equal(harness_count_lines(e->out, "hl_"), 1);
	tok[strcspn(tok, "\n")] = '\0';
	assert_int_equal(strlen(tok), 3 + CREDENTIAL_TOKEN_LEN);
	assert_true(strncmp(tok, "hl_", 3) == 0);
	assert_int_equal(strspn(tok + 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
			 CREDENTIAL_TOKEN_LEN);
	expect(e->err, "only time it is shown");
	expect_not(e->err, tok + 3);

	/* Stored as the hash of the whole bearer string; never shown again, never in the file. */
	credential_token_hash(tok, hash);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM api_token WHERE token_hash = '%s' AND revoked = 0", hash);
	assert_int_equal(harness_sql(e->db, sql), 1);
	assert_int_equal(agg(e, NULL, "token", "list", NULL), 0);
	expect(e->out, "mot-cua");
	expect(e->out, "sct-bentre, stp-mytho");
	expect(e->out, "never");
	expect_not(e->out, tok + 3);
	expect_not(e->out, hash);
	assert_false(db_has(e->db, tok + 3));
	assert_true(db_has(e->db, hash)); /* the search does find what is there */

	/* One valid token per name. */
	assert_int_equal(agg(e, NULL, "token", "add", "--name", "mot-cua", "--site", "sct-bentre", NULL), 1);
	expect(e->err, "there is a valid token 'mot-cua' already");
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM api_token"), 1);

	/* Revoked once; then the name is free again, for a different token. */
	assert_int_equal(agg(e, NULL, "token", "revoke", "mot-cua", NULL), 0);
	expect(e->out, "revoked");
	assert_int_equal(harness_sql(e->db, sql), 0);
	assert_int_equal(agg(e, NULL, "token", "revoke", "mot-cua", NULL), 1);
	expect(e->err, "there is no valid token 'mot-cua'");
	assert_int_equal(agg(e, NULL, "token", "add", "--name", "mot-cua", "--site", "sct-bentre", NULL), 0);
	assert_true(harness_read_file(e->out, tok2, sizeof tok2));
	tok2[strcspn(tok2, "\n")] = '\0';
	assert_string_not_equal(tok, tok2);
	assert_int_equal(agg(e, NULL, "token", "list", NULL), 0);
	assert_int_equal(harness_count_lines(e->out, "mot-cua"), 2);
	expect_not(e->out, tok2 + 3);

	/* Misuse: exit 2. */
	assert_int_equal(agg(e, NULL, "token", "add", "--site", "sct-bentre", NULL), 2);
	expect(e->err, "--name NAME is required");
	assert_int_equal(agg(e, NULL, "token", "add", "--name", "x", NULL), 2);
	expect(e->err, "--site SITE is required");
	assert_int_equal(agg(e, NULL, "token", "add", "--name", "x", "--site", "Bad_Site", NULL), 2);
	expect(e->err, "bad --site 'Bad_Site'");
	assert_int_equal(agg(e, NULL, "token", "revoke", NULL), 2);
	assert_int_equal(agg(e, NULL, "token", "show", NULL), 2);
	expect(e->err, "unknown token command 'show'");

	assert_int_equal(audited(e, "token.add"), 2);
	assert_int_equal(audited(e, "token.revoke"), 1);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM audit"), 3);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM audit WHERE site = 'sct-bentre'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(user_add_then_list, setup, teardown),
		cmocka_unit_test_setup_teardown(user_password_too_short, setup, teardown),
		cmocka_unit_test_setup_teardown(user_bad_usage, setup, teardown),
		cmocka_unit_test_setup_teardown(user_passwd_disable_enable, setup, teardown),
		cmocka_unit_test_setup_teardown(user_notify_shows_and_sets, setup, teardown),
		cmocka_unit_test_setup_teardown(board_on_off_list, setup, teardown),
		cmocka_unit_test_setup_teardown(token_add_list_revoke, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
