/* SPDX-License-Identifier: MIT
 * store_int.h — the store's insides, shared only by the store's own files (store.c: ratings,
 * rejects and roll-ups; store_roster.c: officers and procedures; store_flags.c: complaint flags and
 * terminal status). Nothing outside aggregator/store*.c includes this. */
#ifndef HL_STORE_INT_H
#define HL_STORE_INT_H

#include "store.h"

#include <sqlite3.h>

struct store_roster_stmts; /* store_roster.c's prepared statements */
struct store_flags_stmts;  /* store_flags.c's prepared statements */

struct store {
	sqlite3 *db;
	int utc_offset;
	sqlite3_stmt *begin, *commit, *rollback;
	sqlite3_stmt *put_rating, *put_reject, *upsert, *query;
	struct rollup_set *scratch;
	char failed[256]; /* why the last write failed, kept across its rollback */
	struct store_roster_stmts *roster;
	struct store_flags_stmts *flags;
};

/* Runs a prepared statement that returns no rows, and resets it. HL_OK or HL_ERR_DB. */
int store_step(sqlite3_stmt *st);
/* Runs SQL text (no results). */
int store_exec(struct store *s, const char *sql);
/* Rolls back, keeping SQLite's reason for store_errmsg. */
void store_abort(struct store *s);

/* Prepare the files' statements after the schema is current; free them at close. Each is safe to
 * call when nothing was prepared. */
int store_roster_prepare(struct store *s);
void store_roster_finalize(struct store *s);
int store_flags_prepare(struct store *s);
void store_flags_finalize(struct store *s);

#endif
