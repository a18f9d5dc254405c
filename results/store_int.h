/* SPDX-License-Identifier: MIT
 * store_int.h — the store's insides, shared only by the store's own files (store.c: the handle, open,
 * close and the shared helpers; store_schema.c: the schema and its migrations; store_write.c: ratings,
 * rejects and roll-ups saved; store_read.c: the report reads; store_roster.c: officers and procedures;
 * store_flags.c: complaint flags and terminal status; store_users.c: the console's users and their
 * logins; store_access.c: API tokens, the audit, shifts and counter transactions; store_dossier.c: the
 * one-stop system's dossier counts). Nothing outside results/store*.c includes this. */
#ifndef HL_STORE_INT_H
#define HL_STORE_INT_H

#include "store.h"

#include "survey.h"

#include <sqlite3.h>

/* Count columns of a roll-up row, in the order of struct rollup_counts. */
#define STORE_NCOUNTS (2 + SURVEY_Q_COUNT * SURVEY_SCALE_MAX + SURVEY_R_COUNT)

struct store_roster_stmts; /* store_roster.c's prepared statements */
struct store_flags_stmts;  /* store_flags.c's prepared statements */
struct store_users_stmts;  /* store_users.c's prepared statements */
struct store_access_stmts; /* store_access.c's prepared statements */

struct store {
	sqlite3 *db;
	int utc_offset;
	sqlite3_stmt *begin, *commit, *rollback;
	sqlite3_stmt *put_rating, *put_reject, *upsert, *query, *site_known, *last_rating;
	struct store_policy policy;
	struct rollup_set *scratch;
	char failed[256]; /* why the last write failed, kept across its rollback */
	struct store_roster_stmts *roster;
	struct store_flags_stmts *flags;
	struct store_users_stmts *users;
	struct store_access_stmts *access;
};

/* Runs a prepared statement that returns no rows, and resets it. HL_OK or HL_ERR_DB. */
int store_step(sqlite3_stmt *st);
/* Runs SQL text (no results). */
int store_exec(struct store *s, const char *sql);
/* Rolls back, keeping SQLite's reason for store_errmsg. */
void store_abort(struct store *s);
/* Starts a write transaction (BEGIN IMMEDIATE), clearing the last failure or keeping the reason it
 * could not start; and ends one: commits when rc is HL_OK, else (or when the commit fails) rolls
 * back keeping the reason. store_end returns the outcome. */
int store_begin(struct store *s);
int store_end(struct store *s, int rc);
/* Sets the reason store_errmsg gives for a refused input; returns HL_ERR_INVALID. */
int store_refuse(struct store *s, const char *why);

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
 * failure; and replaces all roll-up rows by counts from the ratings, each dimension in its grains
 * (rollup_dim_grains; the caller holds the transaction). */
int store_migrate(struct store *s, char *err, size_t cap);
int store_backfill(struct store *s);

/* Prepare the files' statements after the schema is current; free them at close. Each is safe to
 * call when nothing was prepared. */
int store_roster_prepare(struct store *s);
void store_roster_finalize(struct store *s);
int store_flags_prepare(struct store *s);
void store_flags_finalize(struct store *s);
int store_users_prepare(struct store *s);
void store_users_finalize(struct store *s);
int store_access_prepare(struct store *s);
void store_access_finalize(struct store *s);

/* store_users.c, for it and store_access.c: whether site is [a-z0-9-]{1,32}; whether code is
 * [A-Za-z0-9._-]{1,32}; whether hash is a token hash as the store keeps it (64 lowercase hex). */
bool store_site_valid(const char *site);
bool store_code_valid(const char *code);
bool store_hash_valid(const char *hash);
/* The sites of one user or token: st is a prepared SELECT of site with ?1 the id; its rows are
 * copied into sites (at most USER_SITES_MAX of them), *n their count. */
int store_read_sites(sqlite3_stmt *st, int64_t id, char (*sites)[HL_CODE_MAX + 1], size_t *n);

#endif
