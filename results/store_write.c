/* SPDX-License-Identifier: MIT
 * store_write.c — the store's ingest writes: ratings, rejected messages and their roll-up counts,
 * saved together in one BEGIN IMMEDIATE transaction per batch so a second writer waits instead of
 * failing half-way, and the rebuild of every roll-up. `rejected` is bounded in the same transaction
 * (rows beyond the policy's bound or age are dropped oldest first, their reasons counted in
 * `rejected_dropped`). It writes only the tables `rating`, `rejected`, `rejected_dropped` and
 * `rollup`, and the last_rating of `terminal_status`, through the statements store.c prepared;
 * roll-up counts are computed by the pure rollup module, never in SQL. */
#include "store_int.h"

#include "survey.h"
#include "uuid.h"

#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- writes ------------------------------------------------------------------------------------ */

int32_t store_rating_day(const struct store *s, const struct rating *r, int64_t received)
{
	int64_t counted;

	ingest_clock(r, received, s->policy.clock_max_age, &counted);
	return period_day_of(counted, s->utc_offset);
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
	/* a_officer, a_procedure are columns 7 and 8; a_result, added later, is the last */
	for (int q = 0; q < SURVEY_Q_COUNT; q++) {
		int col = q == SURVEY_Q_RESULT ? 15 : 7 + q;
		if (r->answers[q])
			sqlite3_bind_int(st, col, r->answers[q]);
		else
			sqlite3_bind_null(st, col);
	}
	sqlite3_bind_int64(st, 9, r->reasons);
	sqlite3_bind_int64(st, 10, r->ts);
	sqlite3_bind_int(st, 11, r->clock_ok);
	sqlite3_bind_int64(st, 12, received);
	int64_t counted;
	ingest_clock(r, received, s->policy.clock_max_age, &counted);
	sqlite3_bind_int(st, 13, period_day_of(counted, s->utc_offset));
	sqlite3_bind_int64(st, 14, counted);
	if (store_step(st) != HL_OK)
		return HL_ERR_DB;
	*inserted = sqlite3_changes(s->db) == 1;
	return HL_OK;
}

static int store_put_reject(struct store *s, const struct ingest_reject *j, int64_t received)
{
	sqlite3_stmt *st = s->put_reject;
	size_t kept = j->len < STORE_REJECT_KEEP ? j->len : STORE_REJECT_KEEP;
	size_t tlen = strlen(j->topic);
	char topic[STORE_TOPIC_KEEP + 4];

	/* A topic is bounded like the payload: cut at a character boundary, marked with "…". */
	if (tlen > STORE_TOPIC_KEEP) {
		tlen = STORE_TOPIC_KEEP - 3;
		while (tlen > 0 && ((unsigned char)j->topic[tlen] & 0xC0) == 0x80)
			tlen--;
		memcpy(topic, j->topic, tlen);
		memcpy(topic + tlen, "\xE2\x80\xA6", 4);
	}
	sqlite3_bind_int64(st, 1, received);
	sqlite3_bind_text(st, 2, strlen(j->topic) > STORE_TOPIC_KEEP ? topic : j->topic, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, kept ? j->payload : "", (int)kept, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (int64_t)j->len);
	sqlite3_bind_text(st, 5, j->why, -1, SQLITE_STATIC);
	return store_step(st);
}

/* Adds n rejects of reason why, received first..last, to the totals of messages no longer kept. */
static int store_count_dropped(struct store *s, const char *why, int64_t n, int64_t first, int64_t last)
{
	static const char other[] = "other reasons";
	char key[160];
	sqlite3_stmt *st = NULL;
	int rc = HL_ERR_DB;

	store_reason_key(why, key, sizeof key);
	/* The totals stay bounded too: past STORE_REJECT_REASONS reasons, new ones count as "other". */
	if (sqlite3_prepare_v2(s->db,
			       "INSERT INTO rejected_dropped(reason, count, first, last)"
			       " SELECT CASE WHEN EXISTS(SELECT 1 FROM rejected_dropped WHERE reason = ?1)"
			       "  OR (SELECT count(*) FROM rejected_dropped) < ?5 THEN ?1 ELSE ?6 END, ?2, ?3, ?4"
			       " ON CONFLICT(reason) DO UPDATE SET count = count + excluded.count,"
			       " first = min(first, excluded.first), last = max(last, excluded.last)",
			       -1, &st, NULL) != SQLITE_OK)
		return HL_ERR_DB;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, n);
	sqlite3_bind_int64(st, 3, first);
	sqlite3_bind_int64(st, 4, last);
	sqlite3_bind_int(st, 5, STORE_REJECT_REASONS - 1);
	sqlite3_bind_text(st, 6, other, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_DONE)
		rc = HL_OK;
	sqlite3_finalize(st);
	return rc;
}

/* Drops the oldest rejected rows beyond rejected_max and those older than rejected_max_age, adding
 * them to the per-reason totals first; the caller holds the transaction. Ids grow with time and the
 * oldest go first, so the kept rows are always one range of ids and a bound is two seeks. */
static int store_trim_rejected(struct store *s, int64_t now)
{
	sqlite3_stmt *st = NULL;
	int64_t lo = 0, hi = 0, cut = 0;
	int rc = HL_ERR_DB, step;

	if (sqlite3_prepare_v2(s->db, "SELECT min(id), max(id), (SELECT received FROM rejected ORDER BY id LIMIT 1)"
			       " FROM rejected", -1, &st, NULL) != SQLITE_OK)
		return HL_ERR_DB;
	if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_type(st, 0) == SQLITE_NULL) {
		sqlite3_finalize(st);
		return HL_OK;
	}
	lo = sqlite3_column_int64(st, 0);
	hi = sqlite3_column_int64(st, 1);
	bool aged = sqlite3_column_int64(st, 2) < now - s->policy.rejected_max_age;
	sqlite3_finalize(st);
	st = NULL;
	if (hi - lo + 1 > s->policy.rejected_max)
		cut = hi - s->policy.rejected_max;
	if (aged) {
		if (sqlite3_prepare_v2(s->db, "SELECT max(id) FROM rejected WHERE received < ?", -1, &st, NULL) !=
		    SQLITE_OK)
			return HL_ERR_DB;
		sqlite3_bind_int64(st, 1, now - s->policy.rejected_max_age);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) > cut)
			cut = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		st = NULL;
	}
	if (cut < lo)
		return HL_OK;
	if (sqlite3_prepare_v2(s->db, "SELECT reason, count(*), min(received), max(received) FROM rejected"
			       " WHERE id <= ? GROUP BY reason", -1, &st, NULL) != SQLITE_OK)
		return HL_ERR_DB;
	sqlite3_bind_int64(st, 1, cut);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (store_count_dropped(s, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1),
					sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3)) != HL_OK)
			goto out;
	if (step != SQLITE_DONE)
		goto out;
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(s->db, "DELETE FROM rejected WHERE id <= ?", -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_int64(st, 1, cut);
	if (sqlite3_step(st) == SQLITE_DONE)
		rc = HL_OK;
out:
	sqlite3_finalize(st);
	return rc;
}

void store_reason_key(const char *why, char *out, size_t cap)
{
	size_t n = 0;
	bool quoted = false;

	if (!cap)
		return;
	/* Figures (digits not part of a word such as "v1") become N and quoted text "…", so one kind of fault is one reason whatever the
	 * message said. */
	for (const char *p = why ? why : ""; *p && n + 4 < cap; p++) {
		if (*p == '"') {
			if (!quoted) {
				memcpy(out + n, "\"\xE2\x80\xA6\"", 5);
				n += 5;
			}
			quoted = !quoted;
		} else if (quoted) {
			continue;
		} else if (*p >= '0' && *p <= '9' && (p == why || !isalnum((unsigned char)p[-1]))) {
			out[n++] = 'N';
			while (p[1] >= '0' && p[1] <= '9')
				p++;
		} else {
			out[n++] = *p;
		}
		if (n + 4 >= cap)
			break;
	}
	out[n < cap ? n : cap - 1] = '\0';
}

/* Sets the last_rating of the terminals that sent the newly stored ratings of b (fresh[i]) to
 * received: one UPDATE per distinct counter of the batch (a batch's ratings come from few; past
 * the first SEEN distinct ones an UPDATE may repeat, which changes nothing). */
static int store_last_ratings(struct store *s, const struct ingest_batch *b, const bool *fresh, int64_t received)
{
	enum { SEEN = 64 };
	const struct rating *seen[SEEN];
	size_t nseen = 0;

	for (size_t i = 0; i < b->nratings; i++) {
		const struct rating *r = &b->ratings[i];
		bool dup = false;
		if (!fresh[i])
			continue;
		for (size_t k = 0; k < nseen && !dup; k++)
			dup = strcmp(seen[k]->site, r->site) == 0 && strcmp(seen[k]->counter, r->counter) == 0;
		if (dup)
			continue;
		if (nseen < SEEN)
			seen[nseen++] = r;
		sqlite3_bind_text(s->last_rating, 1, r->site, -1, SQLITE_STATIC);
		sqlite3_bind_text(s->last_rating, 2, r->counter, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s->last_rating, 3, received);
		if (store_step(s->last_rating) != HL_OK)
			return HL_ERR_DB;
	}
	return HL_OK;
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
	bool *mine = NULL;

	*stored = 0;
	/* Which ratings are new decides the terminals' last_rating: kept here when the caller does not
	 * ask. */
	if (!fresh && b->nratings && !(fresh = mine = calloc(b->nratings, sizeof *fresh)))
		return HL_ERR_NOMEM;
	if (fresh)
		memset(fresh, 0, b->nratings * sizeof *fresh);
	s->failed[0] = '\0';
	rollup_set_clear(s->scratch);
	if (store_step(s->begin) != HL_OK) {
		snprintf(s->failed, sizeof s->failed, "%s", sqlite3_errmsg(s->db));
		free(mine);
		return HL_ERR_DB;
	}
	for (size_t i = 0; i < b->nrejects; i++)
		if ((rc = store_put_reject(s, &b->rejects[i], received)) != HL_OK)
			goto fail;
	if (b->nrejects && (rc = store_trim_rejected(s, received)) != HL_OK)
		goto fail;
	for (size_t i = 0; i < b->nratings; i++) {
		bool inserted;
		const struct rating *r = &b->ratings[i];
		if ((rc = store_put_rating(s, r, received, &inserted)) != HL_OK)
			goto fail;
		if (!inserted)
			continue;
		fresh[i] = true;
		n++;
		if ((rc = rollup_set_add(s->scratch, r, store_rating_day(s, r, received))) != HL_OK)
			goto fail;
	}
	if ((rc = store_put_rollups(s->upsert, s->scratch)) != HL_OK ||
	    (n && (rc = store_last_ratings(s, b, fresh, received)) != HL_OK) ||
	    (rc = store_step(s->commit)) != HL_OK)
		goto fail;
	*stored = n;
	free(mine);
	return HL_OK;
fail:
	if (fresh)
		memset(fresh, 0, b->nratings * sizeof *fresh);
	free(mine);
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
