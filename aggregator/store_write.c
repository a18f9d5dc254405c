/* SPDX-License-Identifier: MIT
 * store_write.c — the store's ingest writes: ratings, rejected messages and their roll-up counts,
 * saved together in one BEGIN IMMEDIATE transaction per batch so a second writer waits instead of
 * failing half-way, and the rebuild of every roll-up. It writes only the tables `rating`, `rejected`
 * and `rollup`, through the statements store.c prepared; roll-up counts are computed by the pure
 * rollup module, never in SQL. */
#include "store_int.h"

#include "survey.h"
#include "uuid.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

/* ---- writes ------------------------------------------------------------------------------------ */

int32_t store_rating_day(const struct store *s, const struct rating *r, int64_t received)
{
	return period_day_of(r->clock_ok ? r->ts : received, s->utc_offset);
}

static int store_put_rating(struct store *s, const struct rating *r, int64_t received, bool *inserted)
{
	sqlite3_stmt *st = s->put_rating;
	uint8_t id[16];

	*inserted = false;
	if (uuid_to_bytes(r->id, id) != HL_OK)
		return HL_ERR_INVALID;
	sqlite3_bind_blob(st, 1, id, sizeof id, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->site, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->counter, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->officer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, r->procedure, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, r->scale);
	for (int q = 0; q < SURVEY_Q_COUNT; q++) {
		if (r->answers[q])
			sqlite3_bind_int(st, 7 + q, r->answers[q]);
		else
			sqlite3_bind_null(st, 7 + q);
	}
	sqlite3_bind_int64(st, 9, r->reasons);
	sqlite3_bind_int64(st, 10, r->ts);
	sqlite3_bind_int(st, 11, r->clock_ok);
	sqlite3_bind_int64(st, 12, received);
	sqlite3_bind_int(st, 13, store_rating_day(s, r, received));
	if (store_step(st) != HL_OK)
		return HL_ERR_DB;
	*inserted = sqlite3_changes(s->db) == 1;
	return HL_OK;
}

static int store_put_reject(struct store *s, const struct ingest_reject *j, int64_t received)
{
	sqlite3_stmt *st = s->put_reject;
	size_t kept = j->len < STORE_REJECT_KEEP ? j->len : STORE_REJECT_KEEP;

	sqlite3_bind_int64(st, 1, received);
	sqlite3_bind_text(st, 2, j->topic, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, kept ? j->payload : "", (int)kept, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (int64_t)j->len);
	sqlite3_bind_text(st, 5, j->why, -1, SQLITE_STATIC);
	return store_step(st);
}

int store_save(struct store *s, const struct ingest_batch *b, int64_t received, size_t *stored)
{
	return store_save_marked(s, b, received, stored, NULL);
}

int store_save_marked(struct store *s, const struct ingest_batch *b, int64_t received, size_t *stored,
		      bool *fresh)
{
	size_t n = 0;
	int rc;

	*stored = 0;
	if (fresh)
		memset(fresh, 0, b->nratings * sizeof *fresh);
	s->failed[0] = '\0';
	rollup_set_clear(s->scratch);
	if (store_step(s->begin) != HL_OK) {
		snprintf(s->failed, sizeof s->failed, "%s", sqlite3_errmsg(s->db));
		return HL_ERR_DB;
	}
	for (size_t i = 0; i < b->nrejects; i++)
		if ((rc = store_put_reject(s, &b->rejects[i], received)) != HL_OK)
			goto fail;
	for (size_t i = 0; i < b->nratings; i++) {
		bool inserted;
		const struct rating *r = &b->ratings[i];
		if ((rc = store_put_rating(s, r, received, &inserted)) != HL_OK)
			goto fail;
		if (!inserted)
			continue;
		if (fresh)
			fresh[i] = true;
		n++;
		if ((rc = rollup_set_add(s->scratch, r, store_rating_day(s, r, received))) != HL_OK)
			goto fail;
	}
	if ((rc = store_put_rollups(s->upsert, s->scratch)) != HL_OK ||
	    (rc = store_step(s->commit)) != HL_OK)
		goto fail;
	*stored = n;
	return HL_OK;
fail:
	if (fresh)
		memset(fresh, 0, b->nratings * sizeof *fresh);
	store_abort(s);
	return rc;
}

int store_rebuild_rollups(struct store *s)
{
	int rc;

	s->failed[0] = '\0';
	if (store_step(s->begin) != HL_OK)
		return HL_ERR_DB;
	rc = store_backfill(s);
	if (rc == HL_OK)
		rc = store_step(s->commit);
	if (rc != HL_OK)
		store_abort(s);
	return rc;
}
