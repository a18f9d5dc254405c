/* SPDX-License-Identifier: MIT
 * store_users.c — the SQL of the console's users (tables web_user, web_user_site), their login
 * sessions (web_login) and failed logins (web_login_failure), schema v8. It owns the statements in
 * struct store_users_stmts, prepared once when the store opens and finalized when it closes, and the
 * checks the people's side shares with store_access.c (sites, codes, token hashes). It keeps only
 * what cannot open a door: argon2id strings made by credential.c and cookies' hashes; it must not
 * hash or compare secrets itself.
 *
 * The console reads on several connections while the aggregator writes, so every write is one short
 * BEGIN IMMEDIATE transaction and a read that finds nothing to change writes nothing (a session seen
 * again within the same second is not updated). Expired sessions are removed when they are next
 * presented; the rest stay bounded by STORE_LOGIN_KEEP and STORE_LOGINS_PER_USER. */
#include "store_users.h"
#include "store_int.h"

#include "topic.h"
#include "wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct store_users_stmts {
	sqlite3_stmt *add, *add_site, *get, *get_id, *list, *sites, *set_hash, *set_disabled, *end_user;
	sqlite3_stmt *login_add, *login_trim, *login_cap, *login_get, *login_seen, *login_end;
	sqlite3_stmt *fail_trim, *fail_cap, *fail_add, *fail_get, *fail_clear;
};

#define STORE_USER_COLUMNS "id, name, role, officer, disabled, hash, created"
#define STORE_FAIL_DAY 86400        /* failures older than this are forgotten */
#define STORE_FAIL_KEYS 65536       /* keys of failures kept at most, the least recent dropped */
#define STORE_FAIL_KEY_MAX 160      /* bytes of a failure key */

int store_users_prepare(struct store *s)
{
	struct store_users_stmts *u = calloc(1, sizeof *u);

	if (!u)
		return HL_ERR_NOMEM;
	s->users = u;
	struct {
		sqlite3_stmt **st;
		const char *sql;
	} list[] = {
		{ &u->add, "INSERT INTO web_user(name, role, officer, disabled, hash, created) VALUES(?, ?, ?, ?, ?, ?)"
			   " ON CONFLICT(name) DO NOTHING" },
		{ &u->add_site, "INSERT INTO web_user_site(user_id, site) VALUES(?, ?) ON CONFLICT DO NOTHING" },
		{ &u->get, "SELECT " STORE_USER_COLUMNS " FROM web_user WHERE name = ?" },
		{ &u->get_id, "SELECT " STORE_USER_COLUMNS " FROM web_user WHERE id = ?" },
		{ &u->list, "SELECT " STORE_USER_COLUMNS " FROM web_user ORDER BY name" },
		{ &u->sites, "SELECT site FROM web_user_site WHERE user_id = ?1 ORDER BY site" },
		{ &u->set_hash, "UPDATE web_user SET hash = ? WHERE name = ?" },
		{ &u->set_disabled, "UPDATE web_user SET disabled = ? WHERE name = ?" },
		{ &u->end_user, "DELETE FROM web_login WHERE user_id = (SELECT id FROM web_user WHERE name = ?)" },
		{ &u->login_add, "INSERT INTO web_login(token_hash, user_id, started, seen) VALUES(?1, ?2, ?3, ?3)" },
		{ &u->login_trim, "DELETE FROM web_login WHERE seen < ?" },
		{ &u->login_cap, "DELETE FROM web_login WHERE user_id = ?1 AND token_hash IN (SELECT token_hash"
				 " FROM web_login WHERE user_id = ?1 ORDER BY seen DESC LIMIT -1 OFFSET ?2)" },
		{ &u->login_get, "SELECT user_id, started, seen FROM web_login WHERE token_hash = ?" },
		{ &u->login_seen, "UPDATE web_login SET seen = max(seen, ?2) WHERE token_hash = ?1" },
		{ &u->login_end, "DELETE FROM web_login WHERE token_hash = ?" },
		{ &u->fail_trim, "DELETE FROM web_login_failure WHERE last < ?" },
		{ &u->fail_cap, "DELETE FROM web_login_failure WHERE \"key\" IN (SELECT \"key\" FROM web_login_failure"
				" ORDER BY last DESC LIMIT -1 OFFSET ?)" },
		{ &u->fail_add, "INSERT INTO web_login_failure(\"key\", count, last) VALUES(?, 1, ?)"
				" ON CONFLICT(\"key\") DO UPDATE SET count = count + 1, last = max(last, excluded.last)" },
		{ &u->fail_get, "SELECT count, last FROM web_login_failure WHERE \"key\" = ?" },
		{ &u->fail_clear, "DELETE FROM web_login_failure WHERE \"key\" = ?" },
	};
	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
		if (sqlite3_prepare_v3(s->db, list[i].sql, -1, SQLITE_PREPARE_PERSISTENT, list[i].st, NULL) !=
		    SQLITE_OK)
			return HL_ERR_DB;
	return HL_OK;
}

void store_users_finalize(struct store *s)
{
	struct store_users_stmts *u = s->users;

	if (!u)
		return;
	sqlite3_stmt *all[] = {
		u->add,	      u->add_site,   u->get,	    u->get_id,	  u->list,	 u->sites,     u->set_hash,
		u->set_disabled, u->end_user, u->login_add, u->login_trim, u->login_cap, u->login_get, u->login_seen,
		u->login_end, u->fail_trim,  u->fail_cap,  u->fail_add,  u->fail_get, u->fail_clear,
	};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		sqlite3_finalize(all[i]);
	free(u);
	s->users = NULL;
}

/* ---- shared checks ----------------------------------------------------------------------------- */

bool store_site_valid(const char *site)
{
	return site && topic_id_valid(site);
}

bool store_code_valid(const char *code)
{
	return code && code[0] && wire_code_valid(code);
}

bool store_hash_valid(const char *hash)
{
	if (!hash || strlen(hash) != TOKEN_HASH_HEX)
		return false;
	return strspn(hash, "0123456789abcdef") == TOKEN_HASH_HEX;
}

int store_read_sites(sqlite3_stmt *st, int64_t id, char (*sites)[HL_CODE_MAX + 1], size_t *n)
{
	int step;

	*n = 0;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (*n < USER_SITES_MAX)
			snprintf(sites[(*n)++], HL_CODE_MAX + 1, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return step == SQLITE_DONE ? HL_OK : HL_ERR_DB;
}

/* ---- users ------------------------------------------------------------------------------------- */

/* Why u cannot be stored, or NULL when it can. */
static const char *store_user_fault(const struct store_user *u)
{
	if (!user_name_valid(u->name))
		return "a user name is [a-z0-9._-]{1,64}";
	if (u->role < 0 || u->role >= ROLE_COUNT)
		return "unknown role";
	if (u->nsites > USER_SITES_MAX)
		return "too many sites (at most 16)";
	for (size_t i = 0; i < u->nsites; i++)
		if (!store_site_valid(u->sites[i]))
			return "a site is [a-z0-9-]{1,32}";
	if (u->officer[0] && !store_code_valid(u->officer))
		return "an officer code is [A-Za-z0-9._-]{1,32}";
	if (u->role == ROLE_OFFICER && (!u->officer[0] || u->nsites == 0))
		return "an officer needs an officer code and a site";
	if (u->role != ROLE_OFFICER && u->officer[0])
		return "only an officer has an officer code";
	if (u->role == ROLE_HEAD && u->nsites == 0)
		return "a head needs at least one site";
	if ((u->role == ROLE_ADMIN || u->role == ROLE_PROVINCE) && u->nsites)
		return "an admin or the province sees every site: give no site";
	if (!u->hash[0] || strnlen(u->hash, USER_HASH_MAX) >= USER_HASH_MAX)
		return "no password hash";
	return NULL;
}

int store_user_add(struct store *s, const struct store_user *u, int64_t now)
{
	struct store_users_stmts *q = s->users;
	const char *fault = store_user_fault(u);
	int64_t id;
	int rc;

	if (fault)
		return store_refuse(s, fault);
	if ((rc = store_begin(s)) != HL_OK)
		return rc;
	sqlite3_bind_text(q->add, 1, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(q->add, 2, u->role);
	sqlite3_bind_text(q->add, 3, u->officer, -1, SQLITE_STATIC);
	sqlite3_bind_int(q->add, 4, u->disabled);
	sqlite3_bind_text(q->add, 5, u->hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q->add, 6, now);
	if ((rc = store_step(q->add)) == HL_OK && sqlite3_changes(s->db) != 1) {
		snprintf(s->failed, sizeof s->failed, "there is a user '%s' already", u->name);
		rc = HL_ERR_RANGE;
	}
	id = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; i < u->nsites && rc == HL_OK; i++) {
		sqlite3_bind_int64(q->add_site, 1, id);
		sqlite3_bind_text(q->add_site, 2, u->sites[i], -1, SQLITE_STATIC);
		rc = store_step(q->add_site);
	}
	return store_end(s, rc);
}

/* Reads the row of st (STORE_USER_COLUMNS) and the user's sites into out. */
static int store_user_row(struct store *s, sqlite3_stmt *st, struct store_user *out)
{
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	snprintf(out->name, sizeof out->name, "%s", (const char *)sqlite3_column_text(st, 1));
	out->role = sqlite3_column_int(st, 2);
	snprintf(out->officer, sizeof out->officer, "%s", (const char *)sqlite3_column_text(st, 3));
	out->disabled = sqlite3_column_int(st, 4) != 0;
	snprintf(out->hash, sizeof out->hash, "%s", (const char *)sqlite3_column_text(st, 5));
	out->created = sqlite3_column_int64(st, 6);
	return store_read_sites(s->users->sites, out->id, out->sites, &out->nsites);
}

/* The one user st (bound) finds. */
static int store_user_one(struct store *s, sqlite3_stmt *st, struct store_user *out)
{
	int step = sqlite3_step(st), rc;

	if (step == SQLITE_ROW)
		rc = store_user_row(s, st, out);
	else
		rc = step == SQLITE_DONE ? HL_ERR_NOTFOUND : HL_ERR_DB;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != HL_OK)
		memset(out, 0, sizeof *out);
	return rc;
}

int store_user_get(struct store *s, const char *name, struct store_user *out)
{
	s->failed[0] = '\0';
	sqlite3_bind_text(s->users->get, 1, name, -1, SQLITE_STATIC);
	return store_user_one(s, s->users->get, out);
}

int store_user_get_id(struct store *s, int64_t id, struct store_user *out)
{
	s->failed[0] = '\0';
	sqlite3_bind_int64(s->users->get_id, 1, id);
	return store_user_one(s, s->users->get_id, out);
}

int store_user_list(struct store *s, store_user_fn fn, void *ud)
{
	sqlite3_stmt *st = s->users->list;
	struct store_user u;
	int step = SQLITE_ERROR, rc = HL_OK;

	s->failed[0] = '\0';
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = store_user_row(s, st, &u)) == HL_OK)
			rc = fn(ud, &u);
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_reset(st);
	return rc;
}

/* Runs upd (bound, WHERE name = ?) and ends the user's login sessions when end is true, in one
 * transaction. HL_ERR_NOTFOUND when there is no such user. */
static int store_user_change(struct store *s, sqlite3_stmt *upd, const char *name, bool end)
{
	struct store_users_stmts *q = s->users;
	int rc = store_begin(s);

	if (rc != HL_OK) {
		sqlite3_reset(upd);
		sqlite3_clear_bindings(upd);
		return rc;
	}
	if ((rc = store_step(upd)) == HL_OK && sqlite3_changes(s->db) != 1) {
		snprintf(s->failed, sizeof s->failed, "there is no user '%s'", name);
		rc = HL_ERR_NOTFOUND;
	}
	if (rc == HL_OK && end) {
		sqlite3_bind_text(q->end_user, 1, name, -1, SQLITE_STATIC);
		rc = store_step(q->end_user);
	}
	return store_end(s, rc);
}

int store_user_set_hash(struct store *s, const char *name, const char *hash)
{
	sqlite3_stmt *st = s->users->set_hash;

	if (!hash || !hash[0] || strnlen(hash, USER_HASH_MAX) >= USER_HASH_MAX)
		return store_refuse(s, "no password hash");
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	return store_user_change(s, st, name, true);
}

int store_user_set_disabled(struct store *s, const char *name, bool disabled)
{
	sqlite3_stmt *st = s->users->set_disabled;

	sqlite3_bind_int(st, 1, disabled);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	return store_user_change(s, st, name, disabled);
}

/* ---- login sessions ---------------------------------------------------------------------------- */

int store_login_add(struct store *s, const char *token_hash, int64_t user_id, int64_t now)
{
	struct store_users_stmts *q = s->users;
	int rc;

	if (!store_hash_valid(token_hash))
		return store_refuse(s, "a session is kept by its token's hash (64 hex digits)");
	if ((rc = store_begin(s)) != HL_OK)
		return rc;
	sqlite3_bind_int64(q->login_trim, 1, now - STORE_LOGIN_KEEP);
	rc = store_step(q->login_trim);
	if (rc == HL_OK) {
		sqlite3_bind_text(q->login_add, 1, token_hash, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q->login_add, 2, user_id);
		sqlite3_bind_int64(q->login_add, 3, now);
		rc = store_step(q->login_add);
	}
	if (rc == HL_OK) {
		sqlite3_bind_int64(q->login_cap, 1, user_id);
		sqlite3_bind_int(q->login_cap, 2, STORE_LOGINS_PER_USER);
		rc = store_step(q->login_cap);
	}
	return store_end(s, rc);
}

int store_login_end(struct store *s, const char *token_hash)
{
	int rc = store_begin(s);

	if (rc != HL_OK)
		return rc;
	sqlite3_bind_text(s->users->login_end, 1, token_hash, -1, SQLITE_STATIC);
	return store_end(s, store_step(s->users->login_end));
}

int store_login_get(struct store *s, const char *token_hash, int64_t now, int64_t idle, int64_t absolute,
		    struct store_user *u, int64_t *started)
{
	struct store_users_stmts *q = s->users;
	int64_t user_id = 0, begun = 0, seen = 0;
	int step, rc;

	memset(u, 0, sizeof *u);
	if (started)
		*started = 0;
	s->failed[0] = '\0';
	sqlite3_bind_text(q->login_get, 1, token_hash, -1, SQLITE_STATIC);
	step = sqlite3_step(q->login_get);
	if (step == SQLITE_ROW) {
		user_id = sqlite3_column_int64(q->login_get, 0);
		begun = sqlite3_column_int64(q->login_get, 1);
		seen = sqlite3_column_int64(q->login_get, 2);
	}
	sqlite3_reset(q->login_get);
	sqlite3_clear_bindings(q->login_get);
	if (step != SQLITE_ROW)
		return step == SQLITE_DONE ? HL_ERR_NOTFOUND : HL_ERR_DB;
	rc = store_user_get_id(s, user_id, u);
	if (rc == HL_ERR_DB)
		return rc;
	if (rc != HL_OK || u->disabled || now - seen > idle || now - begun > absolute) {
		memset(u, 0, sizeof *u);
		if ((rc = store_login_end(s, token_hash)) != HL_OK)
			return rc;
		return HL_ERR_NOTFOUND;
	}
	if (seen < now) {
		if ((rc = store_begin(s)) != HL_OK)
			return rc;
		sqlite3_bind_text(q->login_seen, 1, token_hash, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q->login_seen, 2, now);
		rc = store_step(q->login_seen);
		/* Ended (logged out, the user disabled) since it was read: gone. */
		bool gone = rc == HL_OK && sqlite3_changes(s->db) != 1;
		if ((rc = store_end(s, rc)) != HL_OK)
			return rc;
		if (gone) {
			memset(u, 0, sizeof *u);
			return HL_ERR_NOTFOUND;
		}
	}
	if (started)
		*started = begun;
	return HL_OK;
}

/* ---- failed logins ----------------------------------------------------------------------------- */

static bool store_fail_key_valid(const char *key)
{
	return key && key[0] && strnlen(key, STORE_FAIL_KEY_MAX + 1) <= STORE_FAIL_KEY_MAX;
}

/* The count of key as of now (0 when it last failed more than a day ago). */
static int store_fail_count(struct store *s, const char *key, int64_t now, int64_t *count)
{
	sqlite3_stmt *st = s->users->fail_get;
	int step;

	*count = 0;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW && sqlite3_column_int64(st, 1) >= now - STORE_FAIL_DAY)
		*count = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? HL_OK : HL_ERR_DB;
}

int store_login_failed(struct store *s, const char *key, int64_t now, int64_t *count)
{
	struct store_users_stmts *q = s->users;
	int rc;

	*count = 0;
	if (!store_fail_key_valid(key))
		return store_refuse(s, "a failure key is 1 to 160 bytes");
	if ((rc = store_begin(s)) != HL_OK)
		return rc;
	sqlite3_bind_int64(q->fail_trim, 1, now - STORE_FAIL_DAY);
	rc = store_step(q->fail_trim);
	if (rc == HL_OK) {
		sqlite3_bind_text(q->fail_add, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q->fail_add, 2, now);
		rc = store_step(q->fail_add);
	}
	if (rc == HL_OK) {
		sqlite3_bind_int(q->fail_cap, 1, STORE_FAIL_KEYS);
		rc = store_step(q->fail_cap);
	}
	if (rc == HL_OK)
		rc = store_fail_count(s, key, now, count);
	if ((rc = store_end(s, rc)) != HL_OK)
		*count = 0;
	return rc;
}

int store_login_failures(struct store *s, const char *key, int64_t now, int64_t *count)
{
	*count = 0;
	if (!store_fail_key_valid(key))
		return store_refuse(s, "a failure key is 1 to 160 bytes");
	s->failed[0] = '\0';
	return store_fail_count(s, key, now, count);
}

int store_login_cleared(struct store *s, const char *key)
{
	int rc;

	if (!store_fail_key_valid(key))
		return store_refuse(s, "a failure key is 1 to 160 bytes");
	if ((rc = store_begin(s)) != HL_OK)
		return rc;
	sqlite3_bind_text(s->users->fail_clear, 1, key, -1, SQLITE_STATIC);
	return store_end(s, store_step(s->users->fail_clear));
}
