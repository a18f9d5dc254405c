/* SPDX-License-Identifier: MIT
 * store_roster.c — the SQL of the roster (tables roster_officer and roster_procedure of schema v3).
 * It owns its prepared statements (struct store_roster_stmts, hung on the store at open) and touches
 * no other table. Rows are checked again on the way in although the importer checked them: the
 * store is the last place that can keep a bad name away from every screen and report. */
#include "store_roster.h"
#include "store_int.h"

#include "topic.h"
#include "wire.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct store_roster_stmts {
	sqlite3_stmt *del_officers, *del_procedures, *put_officer, *put_procedure;
	sqlite3_stmt *officers, *procedures, *sites;
};

int store_roster_prepare(struct store *s)
{
	struct store_roster_stmts *t = calloc(1, sizeof *t);
	struct {
		sqlite3_stmt **st;
		const char *sql;
	} list[] = {
		{ NULL, "DELETE FROM roster_officer" },
		{ NULL, "DELETE FROM roster_procedure" },
		{ NULL, "INSERT INTO roster_officer(site, code, name) VALUES(?, ?, ?)" },
		{ NULL, "INSERT INTO roster_procedure(code, name) VALUES(?, ?)" },
		/* By code, then site: with every site loaded, roster_name finds the first site's name. */
		{ NULL, "SELECT code, name FROM roster_officer WHERE ?1 IS NULL OR site = ?1 ORDER BY code, site" },
		{ NULL, "SELECT code, name FROM roster_procedure ORDER BY code" },
		{ NULL, "SELECT DISTINCT site FROM roster_officer ORDER BY site" },
	};

	if (!t)
		return HL_ERR_NOMEM;
	s->roster = t;
	list[0].st = &t->del_officers;
	list[1].st = &t->del_procedures;
	list[2].st = &t->put_officer;
	list[3].st = &t->put_procedure;
	list[4].st = &t->officers;
	list[5].st = &t->procedures;
	list[6].st = &t->sites;
	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
		if (sqlite3_prepare_v3(s->db, list[i].sql, -1, SQLITE_PREPARE_PERSISTENT, list[i].st, NULL) !=
		    SQLITE_OK)
			return HL_ERR_DB; /* store_close finalizes what was prepared */
	return HL_OK;
}

void store_roster_finalize(struct store *s)
{
	struct store_roster_stmts *t = s->roster;

	if (!t)
		return;
	sqlite3_finalize(t->del_officers);
	sqlite3_finalize(t->del_procedures);
	sqlite3_finalize(t->put_officer);
	sqlite3_finalize(t->put_procedure);
	sqlite3_finalize(t->officers);
	sqlite3_finalize(t->procedures);
	sqlite3_finalize(t->sites);
	free(t);
	s->roster = NULL;
}

/* ---- writes ------------------------------------------------------------------------------------ */

static bool store_roster_entry_ok(const struct roster_entry *e)
{
	return e->code[0] && memchr(e->code, '\0', sizeof e->code) && wire_code_valid(e->code) &&
	       memchr(e->name, '\0', sizeof e->name) && e->name[0] && wire_text_valid(e->name, ROSTER_NAME_MAX);
}

int store_roster_replace(struct store *s, const struct store_officer *officers, size_t nofficers,
			 const struct roster_entry *procedures, size_t nprocedures)
{
	struct store_roster_stmts *t = s->roster;
	int rc = HL_ERR_DB;

	s->failed[0] = '\0';
	for (size_t i = 0; i < nofficers; i++)
		if (!memchr(officers[i].site, '\0', sizeof officers[i].site) || !topic_id_valid(officers[i].site) ||
		    !store_roster_entry_ok(&officers[i].e)) {
			snprintf(s->failed, sizeof s->failed, "officer #%zu has a bad site, code or name", i + 1);
			return HL_ERR_INVALID;
		}
	for (size_t i = 0; i < nprocedures; i++)
		if (!store_roster_entry_ok(&procedures[i])) {
			snprintf(s->failed, sizeof s->failed, "procedure #%zu has a bad code or name", i + 1);
			return HL_ERR_INVALID;
		}
	if (store_step(s->begin) != HL_OK) {
		snprintf(s->failed, sizeof s->failed, "%s", sqlite3_errmsg(s->db));
		return HL_ERR_DB;
	}
	if (store_step(t->del_officers) != HL_OK || store_step(t->del_procedures) != HL_OK)
		goto fail;
	for (size_t i = 0; i < nofficers; i++) {
		sqlite3_bind_text(t->put_officer, 1, officers[i].site, -1, SQLITE_STATIC);
		sqlite3_bind_text(t->put_officer, 2, officers[i].e.code, -1, SQLITE_STATIC);
		sqlite3_bind_text(t->put_officer, 3, officers[i].e.name, -1, SQLITE_STATIC);
		if (store_step(t->put_officer) != HL_OK)
			goto fail;
	}
	for (size_t i = 0; i < nprocedures; i++) {
		sqlite3_bind_text(t->put_procedure, 1, procedures[i].code, -1, SQLITE_STATIC);
		sqlite3_bind_text(t->put_procedure, 2, procedures[i].name, -1, SQLITE_STATIC);
		if (store_step(t->put_procedure) != HL_OK)
			goto fail;
	}
	if (store_step(s->commit) == HL_OK)
		return HL_OK;
fail:
	store_abort(s);
	return rc;
}

/* ---- reads ------------------------------------------------------------------------------------- */

/* Appends every (code, name) row of st to r's list of kind; resets st. */
static int store_roster_rows(sqlite3_stmt *st, struct roster *r, int kind)
{
	size_t cap = 0;
	int step, rc = HL_OK;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		struct roster_entry *e;
		if (!code || !name || strlen(code) > HL_CODE_MAX || strlen(name) > ROSTER_NAME_MAX) {
			rc = HL_ERR_INVALID; /* not written by store_roster_replace */
			break;
		}
		if (hl_grow((void **)&r->e[kind], &cap, r->n[kind] + 1, sizeof *r->e[kind]) != HL_OK) {
			rc = HL_ERR_NOMEM;
			break;
		}
		e = &r->e[kind][r->n[kind]++];
		memset(e, 0, sizeof *e);
		memcpy(e->code, code, strlen(code));
		memcpy(e->name, name, strlen(name));
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int store_roster_load(struct store *s, const char *site, struct roster **out)
{
	struct store_roster_stmts *t = s->roster;
	struct roster *r = calloc(1, sizeof *r);
	bool own;
	int rc;

	*out = NULL;
	if (!r)
		return HL_ERR_NOMEM;
	if (site)
		sqlite3_bind_text(t->officers, 1, site, -1, SQLITE_TRANSIENT);
	/* Both lists from one snapshot, so a concurrent import is seen whole or not at all; inside a
	 * caller's transaction that transaction is the snapshot. */
	own = sqlite3_get_autocommit(s->db) != 0;
	rc = own ? store_exec(s, "BEGIN") : HL_OK;
	if (rc == HL_OK)
		rc = store_roster_rows(t->officers, r, ROSTER_OFFICER);
	if (rc == HL_OK)
		rc = store_roster_rows(t->procedures, r, ROSTER_PROCEDURE);
	if (own && store_exec(s, rc == HL_OK ? "COMMIT" : "ROLLBACK") != HL_OK && rc == HL_OK)
		rc = HL_ERR_DB;
	sqlite3_clear_bindings(t->officers);
	if (rc != HL_OK) {
		roster_free(r);
		return rc;
	}
	*out = r;
	return HL_OK;
}

int store_roster_sites(struct store *s, store_site_fn fn, void *ud)
{
	sqlite3_stmt *st = s->roster->sites;
	int step, rc = HL_OK;

	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(ud, (const char *)sqlite3_column_text(st, 0));
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_reset(st);
	return rc;
}
