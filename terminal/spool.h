/* SPDX-License-Identifier: MIT
 * spool.h — the terminal's durable spool (DESIGN §3): every rating is stored here, committed to disk,
 * before the citizen is thanked, and deleted only when the aggregator's receipt names it. At start
 * the spool refills the outbox, so a rating survives kill -9 and power loss until it is receipted.
 * All SQL of the terminal lives in spool.c. A spool is used from one thread at a time. */
#ifndef HL_SPOOL_H
#define HL_SPOOL_H

#include "hl.h"

#include <stddef.h>
#include <stdint.h>

#define SPOOL_SCHEMA_VERSION 2

/* An open spool file: owns the database connection and its prepared statements. */
struct spool;

/* Opens (creating if needed) the spool file at path with journal_mode=WAL (where the filesystem
 * allows it; durability does not depend on it), synchronous=FULL and a busy timeout, and brings the
 * schema to SPOOL_SCHEMA_VERSION (PRAGMA user_version). A file from a newer program is refused. On
 * success *out owns the spool (close it with spool_close). On failure *out is NULL and err (cap
 * bytes, always NUL-terminated when cap > 0) says why, naming the path. */
int spool_open(const char *path, struct spool **out, char *err, size_t cap);
/* Closes s and frees it; spool_close(NULL) is safe. */
void spool_close(struct spool *s);

/* Stores one rating durably: returns HL_OK only after its transaction is committed (and synced).
 * id: a UUID in its 36-character text form (HL_ERR_INVALID otherwise); body: len bytes of JSON,
 * copied (HL_ERR_RANGE above INT_MAX bytes). An id already stored is kept as it was and HL_OK
 * returned. created: Unix seconds. HL_ERR_DB when the database refuses (see spool_errmsg), e.g. after
 * another connection held the write lock for the whole busy timeout (5 s); then nothing was stored. */
int spool_put(struct spool *s, const char *id, const char *body, size_t len, int64_t created);
/* spool_put, and in the same transaction remembers txn (a transaction's identity, at most 95 bytes)
 * as the one last rated here, so that a retained transaction is not rated again after a restart:
 * the rating and the mark are stored together or not at all. txn NULL: as spool_put. */
int spool_put_txn(struct spool *s, const char *id, const char *body, size_t len, int64_t created, const char *txn);
/* The transaction last rated here into out (cap bytes; "" when none). */
int spool_rated_txn(struct spool *s, char *out, size_t cap);
/* Deletes the receipted ids[0..n) in one transaction; ids not stored are ignored. *deleted gets how
 * many were there (0 on error, when nothing is deleted). A NULL id is HL_ERR_INVALID. */
int spool_delete(struct spool *s, const char *const *ids, size_t n, size_t *deleted);

/* Called per stored rating; id and body (len bytes followed by a NUL) are borrowed for the call.
 * It must not call spool functions on the same spool. A non-zero return stops the walk. */
typedef int (*spool_fn)(void *ud, const char *id, const char *body, size_t len);
/* Calls fn for every stored rating, oldest first (by insertion). Returns HL_OK, fn's non-zero
 * return, or HL_ERR_DB. Used at start to refill the outbox. */
int spool_each(struct spool *s, spool_fn fn, void *ud);
/* *n gets the number of stored ratings (0 on error). */
int spool_count(struct spool *s, int64_t *n);

/* The message of the last failed operation, borrowed until the next call on s; never NULL. */
const char *spool_errmsg(struct spool *s);

#endif
