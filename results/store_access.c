/* SPDX-License-Identifier: MIT
 * store_access.c — the rest of store_users.h's SQL: API tokens (tables api_token, api_token_site),
 * the audit of every change (audit), officers' shifts (counter_shift) and the transactions opened at
 * counters (counter_txn), schema v8. It owns the statements in struct store_access_stmts, prepared
 * once when the store opens and finalized when it closes. Tokens are kept as their hashes only; the
 * audit is only ever added to. Every write is one short BEGIN IMMEDIATE transaction (the console
 * writes while the aggregator does), and a token used again within the same second is not written. */
#include "store_users.h"
#include "store_int.h"

#include "wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct store_access_stmts {
	sqlite3_stmt *tok_add, *tok_site, *tok_find, *tok_used, *tok_list, *tok_sites, *tok_revoke;
	sqlite3_stmt *audit_add, *audit_all, *audit_site;
	sqlite3_stmt *shift_end, *shift_add, *shift_cur, *shift_at;
	sqlite3_stmt *txn_close, *txn_add, *txn_latest, *txn_procs, *txn_drop, *txn_reopen;
};

#define STORE_TOKEN_COLUMNS "id, name, created, revoked, last_used"
#define STORE_AUDIT_COLUMNS "id, at, who, action, site, detail"
#define STORE_TXN_COLUMNS "id, site, counter, officer, procedure, opened, expires, closed, \"by\""
#define STORE_AUDIT_WHO_MAX 96      /* bytes of who */
#define STORE_AUDIT_ACTION_MAX 64   /* bytes of an action */
#define STORE_AUDIT_DETAIL_MAX 2048 /* bytes of a detail */

int store_access_prepare(struct store *s)
{
	struct store_access_stmts *a = calloc(1, sizeof *a);

	if (!a)
		return HL_ERR_NOMEM;
	s->access = a;
	struct {
		sqlite3_stmt **st;
		const char *sql;
	} list[] = {
		/* "One valid token per name" is the partial unique index api_token_valid. */
		{ &a->tok_add, "INSERT INTO api_token(name, token_hash, created) VALUES(?, ?, ?) ON CONFLICT DO NOTHING" },
		{ &a->tok_site, "INSERT INTO api_token_site(token_id, site) VALUES(?, ?) ON CONFLICT DO NOTHING" },
		{ &a->tok_find, "SELECT " STORE_TOKEN_COLUMNS " FROM api_token WHERE token_hash = ? AND revoked = 0" },
		{ &a->tok_used, "UPDATE api_token SET last_used = ?2 WHERE id = ?1 AND revoked = 0" },
		{ &a->tok_list, "SELECT " STORE_TOKEN_COLUMNS " FROM api_token ORDER BY name, id" },
		{ &a->tok_sites, "SELECT site FROM api_token_site WHERE token_id = ?1 ORDER BY site" },
		{ &a->tok_revoke, "UPDATE api_token SET revoked = max(?2, 1) WHERE name = ?1 AND revoked = 0" },
		{ &a->audit_add, "INSERT INTO audit(at, who, action, site, detail) VALUES(?, ?, ?, ?, ?)" },
		{ &a->audit_all, "SELECT " STORE_AUDIT_COLUMNS " FROM audit WHERE id < ?1 ORDER BY id DESC LIMIT ?2" },
		{ &a->audit_site, "SELECT " STORE_AUDIT_COLUMNS " FROM audit WHERE site = ?3 AND id < ?1"
				  " ORDER BY id DESC LIMIT ?2" },
		{ &a->shift_end, "UPDATE counter_shift SET ended = ?2 WHERE user_id = ?1 AND ended = 0" },
		{ &a->shift_add, "INSERT INTO counter_shift(user_id, site, counter, started) VALUES(?, ?, ?, ?)" },
		{ &a->shift_cur, "SELECT id, user_id, site, counter, started, ended FROM counter_shift"
				 " WHERE user_id = ? AND ended = 0 ORDER BY id DESC LIMIT 1" },
		{ &a->shift_at, "SELECT u.officer FROM counter_shift AS sh JOIN web_user AS u ON u.id = sh.user_id"
				" WHERE sh.site = ?1 AND sh.counter = ?2 AND sh.ended = 0 AND u.officer != ''"
				" AND u.disabled = 0 ORDER BY sh.started DESC, sh.id DESC LIMIT 1" },
		{ &a->txn_close, "UPDATE counter_txn SET closed = ?3 WHERE site = ?1 AND counter = ?2 AND closed = 0" },
		{ &a->txn_add, "INSERT INTO counter_txn(site, counter, officer, procedure, opened, expires, closed, \"by\")"
			       " VALUES(?, ?, ?, ?, ?, ?, 0, ?)" },
		{ &a->txn_latest, "SELECT " STORE_TXN_COLUMNS " FROM counter_txn WHERE site = ? AND counter = ?"
				  " ORDER BY id DESC LIMIT 1" },
		{ &a->txn_procs, "SELECT procedure, max(id) AS last FROM counter_txn WHERE officer = ?1 AND procedure != ''"
				 " GROUP BY procedure ORDER BY last DESC LIMIT ?2" },
		{ &a->txn_drop, "DELETE FROM counter_txn WHERE id = ?1 AND closed = 0" },
		/* The counter's transaction before ?3, if its opening (at ?4) closed it. */
		{ &a->txn_reopen, "UPDATE counter_txn SET closed = 0 WHERE closed = ?4 AND id = (SELECT max(id)"
				  " FROM counter_txn WHERE site = ?1 AND counter = ?2 AND id < ?3)" },
	};
	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
		if (sqlite3_prepare_v3(s->db, list[i].sql, -1, SQLITE_PREPARE_PERSISTENT, list[i].st, NULL) !=
		    SQLITE_OK)
			return HL_ERR_DB;
	return HL_OK;
}

void store_access_finalize(struct store *s)
{
	struct store_access_stmts *a = s->access;

	if (!a)
		return;
	sqlite3_stmt *all[] = {
		a->tok_add,   a->tok_site,   a->tok_find,   a->tok_used,  a->tok_list,  a->tok_sites,
		a->tok_revoke, a->audit_add, a->audit_all, a->audit_site, a->shift_end, a->shift_add,
		a->shift_cur, a->txn_close,  a->txn_add,    a->txn_latest, a->txn_procs, a->shift_at,
		a->txn_drop,  a->txn_reopen,
	};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		sqlite3_finalize(all[i]);
	free(a);
	s->access = NULL;
}

static const char *store_text(sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);

	return t ? t : "";
}

/* Ends a read: resets st; HL_OK when step was the last row or the end. */
static int store_done(sqlite3_stmt *st, int step)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return step == SQLITE_ROW || step == SQLITE_DONE ? HL_OK : HL_ERR_DB;
}

/* ---- API tokens -------------------------------------------------------------------------------- */

int store_token_add(struct store *s, const struct store_token *t, const char *token_hash, int64_t now)
{
	struct store_access_stmts *a = s->access;
	int64_t id;
	int rc;

	if (!user_name_valid(t->name))
		return store_refuse(s, "a token's name is [a-z0-9._-]{1,64}");
	if (t->nsites < 1 || t->nsites > USER_SITES_MAX)
		return store_refuse(s, "a token is for 1 to 16 sites");
	for (size_t i = 0; i < t->nsites; i++)
		if (!store_site_valid(t->sites[i]))
			return store_refuse(s, "a site is [a-z0-9-]{1,32}");
	if (!store_hash_valid(token_hash))
		return store_refuse(s, "a token is kept by its hash (64 hex digits)");
	if ((rc = store_begin(s)) != HL_OK)
		return rc;
	sqlite3_bind_text(a->tok_add, 1, t->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(a->tok_add, 2, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(a->tok_add, 3, now);
	if ((rc = store_step(a->tok_add)) == HL_OK && sqlite3_changes(s->db) != 1) {
		snprintf(s->failed, sizeof s->failed, "there is a valid token '%s' already", t->name);
		rc = HL_ERR_RANGE;
	}
	id = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; i < t->nsites && rc == HL_OK; i++) {
		sqlite3_bind_int64(a->tok_site, 1, id);
		sqlite3_bind_text(a->tok_site, 2, t->sites[i], -1, SQLITE_STATIC);
		rc = store_step(a->tok_site);
	}
	return store_end(s, rc);
}

/* Reads the row of st (STORE_TOKEN_COLUMNS) and the token's sites into out. */
static int store_token_row(struct store *s, sqlite3_stmt *st, struct store_token *out)
{
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	snprintf(out->name, sizeof out->name, "%s", store_text(st, 1));
	out->created = sqlite3_column_int64(st, 2);
	out->revoked = sqlite3_column_int64(st, 3);
	out->last_used = sqlite3_column_int64(st, 4);
	return store_read_sites(s->access->tok_sites, out->id, out->sites, &out->nsites);
}

int store_token_find(struct store *s, const char *token_hash, int64_t now, struct store_token *out)
{
	struct store_access_stmts *a = s->access;
	int step, rc = HL_OK;

	memset(out, 0, sizeof *out);
	s->failed[0] = '\0';
	sqlite3_bind_text(a->tok_find, 1, token_hash, -1, SQLITE_STATIC);
	step = sqlite3_step(a->tok_find);
	if (step == SQLITE_ROW)
		rc = store_token_row(s, a->tok_find, out);
	if (store_done(a->tok_find, step) != HL_OK || rc != HL_OK) {
		memset(out, 0, sizeof *out);
		return HL_ERR_DB;
	}
	if (step == SQLITE_DONE)
		return HL_ERR_NOTFOUND;
	if (out->last_used == now)
		return HL_OK;
	if ((rc = store_begin(s)) != HL_OK)
		return rc;
	sqlite3_bind_int64(a->tok_used, 1, out->id);
	sqlite3_bind_int64(a->tok_used, 2, now);
	rc = store_step(a->tok_used);
	/* Revoked since it was read: no longer valid. */
	bool gone = rc == HL_OK && sqlite3_changes(s->db) != 1;
	if ((rc = store_end(s, rc)) != HL_OK || gone) {
		memset(out, 0, sizeof *out);
		return rc != HL_OK ? rc : HL_ERR_NOTFOUND;
	}
	out->last_used = now;
	return HL_OK;
}

int store_token_list(struct store *s, store_token_fn fn, void *ud)
{
	sqlite3_stmt *st = s->access->tok_list;
	struct store_token t;
	int step = SQLITE_ERROR, rc = HL_OK;

	s->failed[0] = '\0';
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = store_token_row(s, st, &t)) == HL_OK)
			rc = fn(ud, &t);
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_reset(st);
	return rc;
}

int store_token_revoke(struct store *s, const char *name, int64_t now)
{
	sqlite3_stmt *st = s->access->tok_revoke;
	int rc = store_begin(s);

	if (rc != HL_OK)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	if ((rc = store_step(st)) == HL_OK && sqlite3_changes(s->db) == 0) {
		snprintf(s->failed, sizeof s->failed, "there is no valid token '%s'", name);
		rc = HL_ERR_NOTFOUND;
	}
	return store_end(s, rc);
}

/* ---- audit ------------------------------------------------------------------------------------- */

int store_audit_add(struct store *s, int64_t now, const char *who, const char *action, const char *site,
		    const char *detail)
{
	sqlite3_stmt *st = s->access->audit_add;
	int rc;

	if (!who || !who[0] || !wire_text_valid(who, STORE_AUDIT_WHO_MAX))
		return store_refuse(s, "who did it: 1 to 96 bytes of text");
	if (!action || !action[0] || !wire_text_valid(action, STORE_AUDIT_ACTION_MAX))
		return store_refuse(s, "an action is 1 to 64 bytes of text");
	if (site && site[0] && !store_site_valid(site))
		return store_refuse(s, "a site is [a-z0-9-]{1,32}");
	if (!detail)
		detail = "";
	if (!wire_text_valid(detail, STORE_AUDIT_DETAIL_MAX))
		return store_refuse(s, "a detail is one line of text, at most 2048 bytes");
	if ((rc = store_begin(s)) != HL_OK)
		return rc;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, who, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, site ? site : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, detail, -1, SQLITE_STATIC);
	return store_end(s, store_step(st));
}

int store_audit_list(struct store *s, const char *site, int64_t before, int limit, store_audit_fn fn, void *ud)
{
	sqlite3_stmt *st = site ? s->access->audit_site : s->access->audit_all;
	int step = SQLITE_ERROR, rc = HL_OK;

	s->failed[0] = '\0';
	sqlite3_bind_int64(st, 1, before > 0 ? before : INT64_MAX);
	sqlite3_bind_int(st, 2, limit > 0 ? limit : -1);
	if (site)
		sqlite3_bind_text(st, 3, site, -1, SQLITE_STATIC);
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_audit e = {
			.id = sqlite3_column_int64(st, 0),
			.at = sqlite3_column_int64(st, 1),
			.who = store_text(st, 2),
			.action = store_text(st, 3),
			.site = store_text(st, 4),
			.detail = store_text(st, 5),
		};
		rc = fn(ud, &e);
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* ---- shifts ------------------------------------------------------------------------------------ */

int store_shift_start(struct store *s, int64_t user_id, const char *site, const char *counter, int64_t now)
{
	struct store_access_stmts *a = s->access;
	int rc;

	if (!store_site_valid(site) || !store_site_valid(counter))
		return store_refuse(s, "a site or counter is [a-z0-9-]{1,32}");
	if ((rc = store_begin(s)) != HL_OK)
		return rc;
	sqlite3_bind_int64(a->shift_end, 1, user_id);
	sqlite3_bind_int64(a->shift_end, 2, now);
	rc = store_step(a->shift_end);
	if (rc == HL_OK) {
		sqlite3_bind_int64(a->shift_add, 1, user_id);
		sqlite3_bind_text(a->shift_add, 2, site, -1, SQLITE_STATIC);
		sqlite3_bind_text(a->shift_add, 3, counter, -1, SQLITE_STATIC);
		sqlite3_bind_int64(a->shift_add, 4, now);
		rc = store_step(a->shift_add);
	}
	return store_end(s, rc);
}

int store_shift_end(struct store *s, int64_t user_id, int64_t now)
{
	sqlite3_stmt *st = s->access->shift_end;
	int rc = store_begin(s);

	if (rc != HL_OK)
		return rc;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, now);
	return store_end(s, store_step(st));
}

int store_shift_current(struct store *s, int64_t user_id, struct store_shift *out)
{
	sqlite3_stmt *st = s->access->shift_cur;
	int step;

	memset(out, 0, sizeof *out);
	s->failed[0] = '\0';
	sqlite3_bind_int64(st, 1, user_id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->user_id = sqlite3_column_int64(st, 1);
		snprintf(out->site, sizeof out->site, "%s", store_text(st, 2));
		snprintf(out->counter, sizeof out->counter, "%s", store_text(st, 3));
		out->started = sqlite3_column_int64(st, 4);
		out->ended = sqlite3_column_int64(st, 5);
	}
	if (store_done(st, step) != HL_OK)
		return HL_ERR_DB;
	return step == SQLITE_ROW ? HL_OK : HL_ERR_NOTFOUND;
}

int store_shift_officer_at(struct store *s, const char *site, const char *counter, char officer[HL_CODE_MAX + 1])
{
	sqlite3_stmt *st = s->access->shift_at;
	int step;

	officer[0] = '\0';
	s->failed[0] = '\0';
	sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, counter, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		snprintf(officer, HL_CODE_MAX + 1, "%s", store_text(st, 0));
	if (store_done(st, step) != HL_OK)
		return HL_ERR_DB;
	return step == SQLITE_ROW ? HL_OK : HL_ERR_NOTFOUND;
}

/* ---- transactions at counters ------------------------------------------------------------------ */

int store_txn_open(struct store *s, const struct store_txn *t, int64_t *id)
{
	struct store_access_stmts *a = s->access;
	int rc;

	*id = 0;
	if (!store_site_valid(t->site) || !store_site_valid(t->counter))
		return store_refuse(s, "a site or counter is [a-z0-9-]{1,32}");
	if (!wire_code_valid(t->officer) || !wire_code_valid(t->procedure))
		return store_refuse(s, "an officer or procedure code is [A-Za-z0-9._-]{0,32}");
	if (!t->by[0] || !wire_text_valid(t->by, sizeof t->by - 1))
		return store_refuse(s, "who opened it: 1 to 71 bytes of text");
	if (t->expires < 0)
		return store_refuse(s, "an expiry is a time, or 0");
	if ((rc = store_begin(s)) != HL_OK)
		return rc;
	sqlite3_bind_text(a->txn_close, 1, t->site, -1, SQLITE_STATIC);
	sqlite3_bind_text(a->txn_close, 2, t->counter, -1, SQLITE_STATIC);
	sqlite3_bind_int64(a->txn_close, 3, t->opened);
	rc = store_step(a->txn_close);
	if (rc == HL_OK) {
		sqlite3_bind_text(a->txn_add, 1, t->site, -1, SQLITE_STATIC);
		sqlite3_bind_text(a->txn_add, 2, t->counter, -1, SQLITE_STATIC);
		sqlite3_bind_text(a->txn_add, 3, t->officer, -1, SQLITE_STATIC);
		sqlite3_bind_text(a->txn_add, 4, t->procedure, -1, SQLITE_STATIC);
		sqlite3_bind_int64(a->txn_add, 5, t->opened);
		sqlite3_bind_int64(a->txn_add, 6, t->expires);
		sqlite3_bind_text(a->txn_add, 7, t->by, -1, SQLITE_STATIC);
		rc = store_step(a->txn_add);
	}
	int64_t new_id = sqlite3_last_insert_rowid(s->db);
	if ((rc = store_end(s, rc)) == HL_OK)
		*id = new_id;
	return rc;
}

int store_txn_close(struct store *s, const char *site, const char *counter, int64_t now)
{
	sqlite3_stmt *st = s->access->txn_close;
	int rc = store_begin(s);

	if (rc != HL_OK)
		return rc;
	sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, counter, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	return store_end(s, store_step(st));
}

int store_txn_withdraw(struct store *s, const struct store_txn *t, int64_t id)
{
	struct store_access_stmts *a = s->access;
	int rc = store_begin(s);

	if (rc != HL_OK)
		return rc;
	sqlite3_bind_int64(a->txn_drop, 1, id);
	rc = store_step(a->txn_drop);
	if (rc == HL_OK && sqlite3_changes(s->db) == 1) {
		sqlite3_bind_text(a->txn_reopen, 1, t->site, -1, SQLITE_STATIC);
		sqlite3_bind_text(a->txn_reopen, 2, t->counter, -1, SQLITE_STATIC);
		sqlite3_bind_int64(a->txn_reopen, 3, id);
		sqlite3_bind_int64(a->txn_reopen, 4, t->opened);
		rc = store_step(a->txn_reopen);
	}
	return store_end(s, rc);
}

int store_txn_latest(struct store *s, const char *site, const char *counter, struct store_txn *out)
{
	sqlite3_stmt *st = s->access->txn_latest;
	int step;

	memset(out, 0, sizeof *out);
	s->failed[0] = '\0';
	sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, counter, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		snprintf(out->site, sizeof out->site, "%s", store_text(st, 1));
		snprintf(out->counter, sizeof out->counter, "%s", store_text(st, 2));
		snprintf(out->officer, sizeof out->officer, "%s", store_text(st, 3));
		snprintf(out->procedure, sizeof out->procedure, "%s", store_text(st, 4));
		out->opened = sqlite3_column_int64(st, 5);
		out->expires = sqlite3_column_int64(st, 6);
		out->closed = sqlite3_column_int64(st, 7);
		snprintf(out->by, sizeof out->by, "%s", store_text(st, 8));
	}
	if (store_done(st, step) != HL_OK)
		return HL_ERR_DB;
	return step == SQLITE_ROW ? HL_OK : HL_ERR_NOTFOUND;
}

int store_txn_recent_procedures(struct store *s, const char *officer, int limit, store_code_fn fn, void *ud)
{
	sqlite3_stmt *st = s->access->txn_procs;
	int step = SQLITE_ERROR, rc = HL_OK;

	s->failed[0] = '\0';
	sqlite3_bind_text(st, 1, officer, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit > 0 ? limit : -1);
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(ud, store_text(st, 0));
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}
