/* SPDX-License-Identifier: MIT
 * store_int.h — the store's insides, shared only by the store's own files (store.c: the handle, open,
 * close and the shared helpers; store_schema.c: the schema and its migrations; store_write.c: ratings,
 * rejects and roll-ups saved; store_read.c: the report reads; store_roster.c: officers and procedures;
 * store_flags.c: complaint flags and terminal status). Nothing outside results/store*.c includes
 * this. */
#ifndef HL_STORE_INT_H
#define HL_STORE_INT_H

#include "store.h"

#include "survey.h"

#include <sqlite3.h>

/* Count columns of a roll-up row, in the order of struct rollup_counts. */
#define STORE_NCOUNTS (2 + SURVEY_Q_COUNT * SURVEY_SCALE_MAX + SURVEY_R_COUNT)

struct store_roster_stmts; /* store_roster.c's prepared statements */
struct store_flags_stmts;  /* store_flags.c's prepared statements */

struct store {
	sqlite3 *db;
	int utc_offset;
	sqlite3_stmt *begin, *commit, *rollback;
	sqlite3_stmt *put_rating, *put_reject, *upsert, *query, *site_known;
	struct store_policy policy;
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

/* Appends fmt for each count column (the column name as each of up to three %s arguments), joined
 * by ", ", to the string in out (cap bytes). */
void store_columns(char *out, size_t cap, const char *fmt);
/* The count of column i (0 … STORE_NCOUNTS - 1) in c. */
int64_t *store_counts_at(struct rollup_counts *c, int i);
/* Prepares into *out the statement that adds a roll-up row's counts to the stored ones. */
int store_prepare_upsert(struct store *s, sqlite3_stmt **out);
/* Adds every row of set through up, the statement of store_prepare_upsert. */
int store_put_rollups(sqlite3_stmt *up, const struct rollup_set *set);

/* store_schema.c: migrates the database to STORE_SCHEMA_VERSION, err (cap bytes) saying why on
 * failure; and replaces all roll-up rows by counts from the ratings (the caller holds the
 * transaction). */
int store_migrate(struct store *s, char *err, size_t cap);
int store_backfill(struct store *s);

/* Prepare the files' statements after the schema is current; free them at close. Each is safe to
 * call when nothing was prepared. */
int store_roster_prepare(struct store *s);
void store_roster_finalize(struct store *s);
int store_flags_prepare(struct store *s);
void store_flags_finalize(struct store *s);

#endif
