/* SPDX-License-Identifier: MIT
 * store_flags.c — the SQL of complaint flags and terminal statuses. It owns the statements in struct
 * store_flags_stmts (prepared once when the store opens, finalized when it closes) and writes only
 * the tables `flag` and `terminal_status` (but its last_rating, which store_write.c keeps); ratings
 * are only read, to seed the flag engine. It must
 * not decide what deserves a flag (flags.c does).
 *
 * "Never two unresolved flags of a kind for a subject" is the schema's partial unique index
 * flag_unresolved; an insert that would break it does nothing (ON CONFLICT DO NOTHING), which is how
 * "already open" is told apart from a new flag, without a read-then-write race against a second
 * writer. The life of a flag moves forward only: each UPDATE names the states it may leave. */
#include "store_flags.h"
#include "store_int.h"

#include "uuid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct store_flags_stmts {
	sqlite3_stmt *open, *list, *get, *state, *ack, *resolve;
	sqlite3_stmt *status, *forget, *terminals, *recent, *trim_unknown, *trim_all;
};

#define STORE_FLAG_COLUMNS                                                                         \
	"id, kind, site, subject_type, subject, state, opened, summary, evidence, ack_by, ack_at,"  \
	" ack_note, resolved_by, resolved_at, resolve_note"

int store_flags_prepare(struct store *s)
{
	struct store_flags_stmts *f = calloc(1, sizeof *f);

	if (!f)
		return HL_ERR_NOMEM;
	s->flags = f;
	struct {
		sqlite3_stmt **st;
		const char *sql;
	} list[] = {
		{ &f->open, "INSERT INTO flag(kind, site, subject_type, subject, state, opened, summary, evidence)"
			    " VALUES(?, ?, ?, ?, 'open', ?, ?, ?) ON CONFLICT DO NOTHING" },
		{ &f->list, "SELECT " STORE_FLAG_COLUMNS " FROM flag WHERE (?1 = 'all'"
			    " OR (?1 = 'unresolved' AND state != 'resolved') OR state = ?1)"
			    " AND (?3 IS NULL OR site = ?3) AND (?4 IS NULL OR kind = ?4)"
			    " ORDER BY opened DESC, id DESC LIMIT ?2" },
		{ &f->get, "SELECT " STORE_FLAG_COLUMNS " FROM flag WHERE id = ?" },
		{ &f->state, "SELECT state FROM flag WHERE id = ?" },
		{ &f->ack, "UPDATE flag SET state = 'acknowledged', ack_by = ?, ack_note = ?, ack_at = ?"
			   " WHERE id = ? AND state = 'open'" },
		{ &f->resolve, "UPDATE flag SET state = 'resolved', resolved_by = ?, resolve_note = ?, resolved_at = ?"
			       " WHERE id = ? AND state IN ('open', 'acknowledged')" },
		{ &f->status, "INSERT INTO terminal_status(site, counter, online, spooled, since, seen, version, fault,"
			      " clock_ok) VALUES(?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8) ON CONFLICT(site, counter) DO UPDATE SET"
			      " since = CASE WHEN online = excluded.online THEN since ELSE excluded.since END,"
			      " online = excluded.online, spooled = excluded.spooled, seen = excluded.seen,"
			      " version = coalesce(excluded.version, version), fault = excluded.fault,"
			      " clock_ok = coalesce(excluded.clock_ok, clock_ok)" },
		{ &f->forget, "DELETE FROM terminal_status WHERE site = ? AND counter = ?" },
		/* terminal_status stays bounded whatever terminals claim to exist: at most ?1 of sites
		 * not in the roster (when there is one), at most ?2 in all, the least recently seen
		 * going first. */
		{ &f->trim_unknown, "DELETE FROM terminal_status WHERE (site, counter) IN (SELECT site, counter"
				    " FROM terminal_status WHERE EXISTS(SELECT 1 FROM roster_officer)"
				    " AND site NOT IN (SELECT site FROM roster_officer)"
				    " ORDER BY seen DESC LIMIT -1 OFFSET ?1)" },
		{ &f->trim_all, "DELETE FROM terminal_status WHERE (site, counter) IN (SELECT site, counter"
				" FROM terminal_status ORDER BY seen DESC LIMIT -1 OFFSET ?1)" },
		{ &f->terminals, "SELECT site, counter, online, spooled, since, seen, version, fault, clock_ok,"
				 " last_rating FROM terminal_status ORDER BY site, counter" },
		/* The ratings received since ?1, read per terminal through the index
		 * rating_counter_received rather than by scanning every rating: the terminals are listed
		 * with a loose index scan (one seek per site and per counter), then each terminal's
		 * recent ratings are one range of the same index. */
		{ &f->recent, "WITH RECURSIVE"
			      " s(site) AS (SELECT (SELECT min(site) FROM rating) UNION ALL"
			      "  SELECT (SELECT min(site) FROM rating WHERE site > s.site) FROM s WHERE s.site IS NOT NULL),"
			      " c(site, counter) AS (SELECT site, (SELECT min(counter) FROM rating WHERE rating.site = s.site)"
			      "  FROM s WHERE s.site IS NOT NULL UNION ALL"
			      "  SELECT c.site, (SELECT min(counter) FROM rating WHERE rating.site = c.site"
			      "  AND rating.counter > c.counter) FROM c WHERE c.counter IS NOT NULL)"
			      " SELECT r.id, r.site, r.counter, r.officer, r.procedure, r.scale, r.a_officer,"
			      " r.a_procedure, r.reasons, r.ts, r.clock_ok, r.received, r.a_result"
			      " FROM c JOIN rating AS r ON r.site = c.site AND r.counter = c.counter AND r.received >= ?1"
			      " ORDER BY r.received, r.rowid" },
	};
	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
		if (sqlite3_prepare_v3(s->db, list[i].sql, -1, SQLITE_PREPARE_PERSISTENT, list[i].st, NULL) !=
		    SQLITE_OK)
			return HL_ERR_DB;
	return HL_OK;
}

void store_flags_finalize(struct store *s)
{
	struct store_flags_stmts *f = s->flags;

	if (!f)
		return;
	sqlite3_finalize(f->open);
	sqlite3_finalize(f->list);
	sqlite3_finalize(f->get);
	sqlite3_finalize(f->state);
	sqlite3_finalize(f->ack);
	sqlite3_finalize(f->resolve);
	sqlite3_finalize(f->status);
	sqlite3_finalize(f->forget);
	sqlite3_finalize(f->terminals);
	sqlite3_finalize(f->recent);
	sqlite3_finalize(f->trim_unknown);
	sqlite3_finalize(f->trim_all);
	free(f);
	s->flags = NULL;
}

/* Starts a write transaction, keeping the reason when it cannot. */
static int store_flags_begin(struct store *s)
{
	s->failed[0] = '\0';
	if (store_step(s->begin) == HL_OK)
		return HL_OK;
	snprintf(s->failed, sizeof s->failed, "%s", sqlite3_errmsg(s->db));
	return HL_ERR_DB;
}

/* Commits, or rolls back after rc (keeping the reason). Returns the outcome. */
static int store_flags_end(struct store *s, int rc)
{
	if (rc == HL_OK && (rc = store_step(s->commit)) == HL_OK)
		return HL_OK;
	store_abort(s);
	return rc;
}

/* ---- flags ------------------------------------------------------------------------------------- */

int store_flags_open(struct store *s, const struct flag_candidate *c, size_t n, int64_t now, int64_t *ids)
{
	sqlite3_stmt *st = s->flags->open;
	int rc;

	for (size_t i = 0; i < n; i++)
		ids[i] = 0;
	for (size_t i = 0; i < n; i++)
		if (!flag_kind_name(c[i].kind) || !flag_subject_name(c[i].subject_type)) {
			snprintf(s->failed, sizeof s->failed, "flag of unknown kind %d or subject %d", c[i].kind,
				 c[i].subject_type);
			return HL_ERR_INVALID;
		}
	if (n == 0)
		return HL_OK;
	if ((rc = store_flags_begin(s)) != HL_OK)
		return rc;
	for (size_t i = 0; i < n && rc == HL_OK; i++) {
		sqlite3_bind_text(st, 1, flag_kind_name(c[i].kind), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, c[i].site, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, flag_subject_name(c[i].subject_type), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, c[i].subject, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, now);
		sqlite3_bind_text(st, 6, c[i].summary, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, c[i].evidence, -1, SQLITE_STATIC);
		if ((rc = store_step(st)) == HL_OK && sqlite3_changes(s->db) == 1)
			ids[i] = sqlite3_last_insert_rowid(s->db);
	}
	if ((rc = store_flags_end(s, rc)) != HL_OK)
		for (size_t i = 0; i < n; i++)
			ids[i] = 0;
	return rc;
}

static const char *store_text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/* Walks the rows of st (columns STORE_FLAG_COLUMNS) and resets it. *rows gets how many were seen. */
static int store_flags_walk(struct store *s, sqlite3_stmt *st, store_flag_fn fn, void *ud, size_t *rows)
{
	int step = SQLITE_ERROR, rc = HL_OK;

	(void)s;
	*rows = 0;
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_flag f = {
			.id = sqlite3_column_int64(st, 0),
			.kind = flag_kind_parse(store_text(st, 1)),
			.site = store_text(st, 2),
			.subject_type = flag_subject_parse(store_text(st, 3)),
			.subject = store_text(st, 4),
			.state = flag_state_parse(store_text(st, 5)),
			.opened = sqlite3_column_int64(st, 6),
			.summary = store_text(st, 7),
			.evidence = store_text(st, 8),
			.ack_by = store_text(st, 9),
			.ack_at = sqlite3_column_int64(st, 10),
			.ack_note = store_text(st, 11),
			.resolved_by = store_text(st, 12),
			.resolved_at = sqlite3_column_int64(st, 13),
			.resolve_note = store_text(st, 14),
		};
		(*rows)++;
		rc = fn(ud, &f);
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int store_flags_list(struct store *s, int state, const char *site, int limit, store_flag_fn fn, void *ud)
{
	return store_flags_list_kind(s, state, -1, site, limit, fn, ud);
}

int store_flags_list_kind(struct store *s, int state, int kind, const char *site, int limit, store_flag_fn fn,
			  void *ud)
{
	sqlite3_stmt *st = s->flags->list;
	const char *which = state == STORE_FLAGS_ALL	    ? "all"
			    : state == STORE_FLAGS_UNRESOLVED ? "unresolved"
							      : flag_state_name(state);
	size_t rows;

	if (!which || (kind != -1 && !flag_kind_name(kind)))
		return HL_ERR_INVALID;
	s->failed[0] = '\0';
	sqlite3_bind_text(st, 1, which, -1, SQLITE_STATIC);
	if (kind != -1)
		sqlite3_bind_text(st, 4, flag_kind_name(kind), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit > 0 ? limit : -1);
	if (site)
		sqlite3_bind_text(st, 3, site, -1, SQLITE_STATIC);
	return store_flags_walk(s, st, fn, ud, &rows);
}

int store_flags_get(struct store *s, int64_t id, store_flag_fn fn, void *ud)
{
	sqlite3_stmt *st = s->flags->get;
	size_t rows;
	int rc;

	s->failed[0] = '\0';
	sqlite3_bind_int64(st, 1, id);
	rc = store_flags_walk(s, st, fn, ud, &rows);
	return rc == HL_OK && rows == 0 ? HL_ERR_NOTFOUND : rc;
}

/* The state of flag id into *state (-1 when there is none). */
static int store_flags_state(struct store *s, int64_t id, int *state)
{
	sqlite3_stmt *st = s->flags->state;
	int step, rc = HL_OK;

	*state = -1;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*state = flag_state_parse(store_text(st, 0));
	else if (step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* One step of a flag's life: st is the UPDATE (by, note, at, id) that names the states it may leave. */
static int store_flags_step(struct store *s, sqlite3_stmt *st, int64_t id, const char *by, const char *note,
			    int64_t now, bool note_required, int *state)
{
	int dummy, rc;
	bool changed = false;

	if (!state)
		state = &dummy;
	*state = -1;
	if (!by || !by[0] || (note_required && (!note || !note[0]))) {
		s->failed[0] = '\0';
		rc = store_flags_state(s, id, state);
		if (rc == HL_OK)
			rc = *state < 0 ? HL_ERR_NOTFOUND : HL_ERR_INVALID;
		return rc;
	}
	if ((rc = store_flags_begin(s)) != HL_OK)
		return rc;
	sqlite3_bind_text(st, 1, by, -1, SQLITE_STATIC);
	if (note && note[0])
		sqlite3_bind_text(st, 2, note, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, id);
	if ((rc = store_step(st)) == HL_OK) {
		changed = sqlite3_changes(s->db) == 1;
		rc = store_flags_state(s, id, state);
	}
	if ((rc = store_flags_end(s, rc)) != HL_OK) {
		*state = -1;
		return rc;
	}
	if (*state < 0)
		return HL_ERR_NOTFOUND;
	return changed ? HL_OK : HL_ERR_INVALID;
}

int store_flags_ack(struct store *s, int64_t id, const char *by, const char *note, int64_t now, int *state)
{
	return store_flags_step(s, s->flags->ack, id, by, note, now, false, state);
}

int store_flags_resolve(struct store *s, int64_t id, const char *by, const char *note, int64_t now,
			int *state)
{
	return store_flags_step(s, s->flags->resolve, id, by, note, now, true, state);
}

/* ---- terminal status --------------------------------------------------------------------------- */

int store_flags_status(struct store *s, const struct flag_status *st, size_t n, int64_t now)
{
	struct store_flags_stmts *f = s->flags;
	int rc;

	if (n == 0)
		return HL_OK;
	if ((rc = store_flags_begin(s)) != HL_OK)
		return rc;
	for (size_t i = 0; i < n && rc == HL_OK; i++) {
		sqlite3_stmt *q = st[i].cleared ? f->forget : f->status;
		sqlite3_bind_text(q, 1, st[i].site, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, st[i].counter, -1, SQLITE_STATIC);
		if (!st[i].cleared) {
			sqlite3_bind_int(q, 3, st[i].online);
			sqlite3_bind_int64(q, 4, st[i].spooled);
			sqlite3_bind_int64(q, 5, now);
			/* NULL: not said, the stored one stays. */
			if (st[i].version[0])
				sqlite3_bind_text(q, 6, st[i].version, -1, SQLITE_STATIC);
			sqlite3_bind_text(q, 7, st[i].fault, -1, SQLITE_STATIC);
			if (st[i].ts)
				sqlite3_bind_int(q, 8, st[i].ts >= now - STORE_CLOCK_SKEW && st[i].ts <= now + STORE_CLOCK_SKEW);
		}
		rc = store_step(q);
	}
	if (rc == HL_OK) {
		sqlite3_bind_int(f->trim_unknown, 1, STORE_TERMINALS_UNKNOWN);
		rc = store_step(f->trim_unknown);
	}
	if (rc == HL_OK) {
		sqlite3_bind_int(f->trim_all, 1, STORE_TERMINALS_MAX);
		rc = store_step(f->trim_all);
	}
	return store_flags_end(s, rc);
}

int store_flags_terminals(struct store *s, store_terminal_fn fn, void *ud)
{
	sqlite3_stmt *st = s->flags->terminals;
	int step = SQLITE_ERROR, rc = HL_OK;

	s->failed[0] = '\0';
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_terminal t = {
			.site = store_text(st, 0),
			.counter = store_text(st, 1),
			.online = sqlite3_column_int(st, 2) != 0,
			.spooled = sqlite3_column_int64(st, 3),
			.since = sqlite3_column_int64(st, 4),
			.seen = sqlite3_column_int64(st, 5),
			.version = sqlite3_column_type(st, 6) == SQLITE_NULL ? "" : store_text(st, 6),
			.fault = sqlite3_column_type(st, 7) == SQLITE_NULL ? "" : store_text(st, 7),
			.clock_ok = sqlite3_column_type(st, 8) == SQLITE_NULL || sqlite3_column_int(st, 8) != 0,
			.last_rating = sqlite3_column_int64(st, 9),
		};
		rc = fn(ud, &t);
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_reset(st);
	return rc;
}

int store_flags_recent(struct store *s, int64_t since, store_recent_fn fn, void *ud)
{
	sqlite3_stmt *st = s->flags->recent;
	int step = SQLITE_ERROR, rc = HL_OK;

	s->failed[0] = '\0';
	sqlite3_bind_int64(st, 1, since);
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct rating r;
		memset(&r, 0, sizeof r);
		if (sqlite3_column_bytes(st, 0) == 16)
			uuid_from_bytes(sqlite3_column_blob(st, 0), r.id);
		snprintf(r.site, sizeof r.site, "%s", store_text(st, 1));
		snprintf(r.counter, sizeof r.counter, "%s", store_text(st, 2));
		snprintf(r.officer, sizeof r.officer, "%s", store_text(st, 3));
		snprintf(r.procedure, sizeof r.procedure, "%s", store_text(st, 4));
		r.scale = sqlite3_column_int(st, 5);
		r.answers[SURVEY_Q_OFFICER] = sqlite3_column_int(st, 6);
		r.answers[SURVEY_Q_PROCEDURE] = sqlite3_column_int(st, 7);
		r.answers[SURVEY_Q_RESULT] = sqlite3_column_int(st, 12);
		r.reasons = (uint32_t)sqlite3_column_int64(st, 8);
		r.ts = sqlite3_column_int64(st, 9);
		r.clock_ok = sqlite3_column_int(st, 10) != 0;
		rc = fn(ud, &r, sqlite3_column_int64(st, 11));
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}
