/* SPDX-License-Identifier: MIT
 * store_delivery.c — the SQL of the delivery queue (store_delivery.h): tables delivery,
 * delivery_part, delivery_log, notify_flag and notify_state of schema v15, which it alone writes;
 * the flags are only read. Its statements are prepared by the call that uses them (as
 * store_dossier.c's): only hailong-notify and the console's Thư và webhook page use them, and every
 * other connection (the aggregator's, most of the console's) would pay for them at open and never
 * use them.
 *
 * Once only: the queue's UNIQUE(topic, recipient) and INSERT OR IGNORE make planning again harmless,
 * and every outcome's UPDATE names status 0 (waiting), so a row delivered is never taken again. */
#include "store_delivery.h"
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const delivery_status_names[DELIVERY_STATUS_COUNT] = { "waiting", "sent", "expired", "failed" };

const char *delivery_status_name(int status)
{
	return status >= 0 && status < DELIVERY_STATUS_COUNT ? delivery_status_names[status] : NULL;
}

int delivery_status_parse(const char *name)
{
	for (int i = 0; name && i < DELIVERY_STATUS_COUNT; i++)
		if (strcmp(name, delivery_status_names[i]) == 0)
			return i;
	return -1;
}

static int store_delivery_prepare(struct store *s, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) == SQLITE_OK)
		return HL_OK;
	snprintf(s->failed, sizeof s->failed, "%s", sqlite3_errmsg(s->db));
	return HL_ERR_DB;
}

static const char *store_col(sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);

	return t ? t : "";
}

/* Inserts m and its parts (the caller holds the transaction). */
static int store_delivery_put(struct store *s, const struct message *m, int64_t now, bool *added)
{
	sqlite3_stmt *ins = NULL, *part = NULL;
	int rc;

	*added = false;
	if (!m->topic[0] || !m->recipient[0] || !m->address[0] || !m->body ||
	    (m->channel != MESSAGE_MAIL && m->channel != MESSAGE_HOOK) || m->nparts > MESSAGE_PARTS_MAX)
		return store_refuse(s, "a delivery needs a topic, a recipient, an address, a channel and a body");
	if ((rc = store_delivery_prepare(s,
					 "INSERT OR IGNORE INTO delivery(topic, recipient, channel, address, site, subject,"
					 " body, created, next_at, expires) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
					 &ins)) != HL_OK)
		return rc;
	sqlite3_bind_text(ins, 1, m->topic, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, m->recipient, -1, SQLITE_STATIC);
	sqlite3_bind_int(ins, 3, m->channel);
	sqlite3_bind_text(ins, 4, m->address, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, m->site, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 6, m->subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 7, m->body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 8, now);
	sqlite3_bind_int64(ins, 9, m->due);
	sqlite3_bind_int64(ins, 10, m->expires);
	if ((rc = store_step(ins)) != HL_OK || sqlite3_changes(s->db) == 0)
		goto out;
	*added = true;
	int64_t id = sqlite3_last_insert_rowid(s->db);
	if (m->nparts && (rc = store_delivery_prepare(s,
						      "INSERT INTO delivery_part(delivery, seq, name, mime, bytes)"
						      " VALUES(?, ?, ?, ?, ?)",
						      &part)) != HL_OK)
		goto out;
	for (size_t i = 0; rc == HL_OK && i < m->nparts; i++) {
		sqlite3_bind_int64(part, 1, id);
		sqlite3_bind_int(part, 2, (int)i);
		sqlite3_bind_text(part, 3, m->parts[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(part, 4, m->parts[i].mime, -1, SQLITE_STATIC);
		sqlite3_bind_blob64(part, 5, m->parts[i].bytes ? (const void *)m->parts[i].bytes : "", m->parts[i].len,
				    SQLITE_STATIC);
		rc = store_step(part);
	}
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(part);
	return rc;
}

int store_delivery_add(struct store *s, const struct message *m, int64_t now, bool *added)
{
	bool a = false;
	int rc;

	if (added)
		*added = false;
	if ((rc = store_begin(s)) != HL_OK)
		return rc;
	rc = store_end(s, store_delivery_put(s, m, now, &a));
	if (rc == HL_OK && added)
		*added = a;
	return rc;
}

int store_delivery_has(struct store *s, const char *topic, const char *recipient, bool *yes)
{
	sqlite3_stmt *st = NULL;
	int rc, step;

	*yes = false;
	if ((rc = store_delivery_prepare(s, "SELECT 1 FROM delivery WHERE topic = ? AND recipient = ?", &st)) != HL_OK)
		return rc;
	sqlite3_bind_text(st, 1, topic, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, recipient, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	*yes = step == SQLITE_ROW;
	rc = step == SQLITE_ROW || step == SQLITE_DONE ? HL_OK : HL_ERR_DB;
	sqlite3_finalize(st);
	return rc;
}

void store_delivery_free(struct delivery *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		message_free(&v[i].m);
	free(v);
}

/* The parts of d (read in seq order). */
static int store_delivery_parts(struct store *s, sqlite3_stmt *st, struct delivery *d)
{
	int step, rc = HL_OK;

	sqlite3_bind_int64(st, 1, d->id);
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (d->m.nparts == MESSAGE_PARTS_MAX)
			break;
		struct message_part *p = &d->m.parts[d->m.nparts];
		size_t len = (size_t)sqlite3_column_bytes(st, 2);
		snprintf(p->name, sizeof p->name, "%s", store_col(st, 0));
		snprintf(p->mime, sizeof p->mime, "%s", store_col(st, 1));
		if (!(p->bytes = malloc(len ? len : 1))) {
			rc = HL_ERR_NOMEM;
			break;
		}
		if (len)
			memcpy(p->bytes, sqlite3_column_blob(st, 2), len);
		p->len = len;
		d->m.nparts++;
	}
	if (rc == HL_OK && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	(void)s;
	sqlite3_reset(st);
	return rc;
}

int store_delivery_due(struct store *s, int64_t now, size_t limit, struct delivery **out, size_t *n)
{
	sqlite3_stmt *st = NULL, *parts = NULL;
	struct delivery *v = NULL;
	size_t cap = 0, k = 0;
	int rc, step;

	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > 1000)
		return store_refuse(s, "a batch of deliveries is 1 to 1000");
	if ((rc = store_delivery_prepare(s,
					 "SELECT id, topic, recipient, channel, address, site, subject, body, created, next_at,"
					 " expires, attempts FROM delivery WHERE status = 0 AND next_at <= ? ORDER BY next_at, id"
					 " LIMIT ?",
					 &st)) != HL_OK ||
	    (rc = store_delivery_prepare(s, "SELECT name, mime, bytes FROM delivery_part WHERE delivery = ? ORDER BY seq",
					 &parts)) != HL_OK)
		goto out;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, (int64_t)limit);
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = hl_grow((void **)&v, &cap, k + 1, sizeof *v)) != HL_OK)
			break;
		struct delivery *d = &v[k++];
		memset(d, 0, sizeof *d);
		d->id = sqlite3_column_int64(st, 0);
		snprintf(d->m.topic, sizeof d->m.topic, "%s", store_col(st, 1));
		snprintf(d->m.recipient, sizeof d->m.recipient, "%s", store_col(st, 2));
		d->m.channel = sqlite3_column_int(st, 3);
		snprintf(d->m.address, sizeof d->m.address, "%s", store_col(st, 4));
		snprintf(d->m.site, sizeof d->m.site, "%s", store_col(st, 5));
		snprintf(d->m.subject, sizeof d->m.subject, "%s", store_col(st, 6));
		if (!(d->m.body = strdup(store_col(st, 7)))) {
			rc = HL_ERR_NOMEM;
			break;
		}
		d->created = sqlite3_column_int64(st, 8);
		d->m.due = sqlite3_column_int64(st, 9);
		d->m.expires = sqlite3_column_int64(st, 10);
		d->attempts = sqlite3_column_int(st, 11);
		rc = store_delivery_parts(s, parts, d);
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(parts);
	if (rc != HL_OK) {
		store_delivery_free(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return HL_OK;
}

/* Adds the log row of an attempt on id (the caller holds the transaction). */
static int store_delivery_logrow(struct store *s, int64_t id, int64_t now, bool ok, const char *detail)
{
	sqlite3_stmt *st = NULL;
	char d[DELIVERY_ERROR_MAX];
	int rc;

	snprintf(d, sizeof d, "%s", detail ? detail : "");
	if ((rc = store_delivery_prepare(s,
					 "INSERT INTO delivery_log(delivery, at, attempt, ok, detail)"
					 " SELECT id, ?2, attempts, ?3, ?4 FROM delivery WHERE id = ?1",
					 &st)) != HL_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int(st, 3, ok);
	sqlite3_bind_text(st, 4, d, -1, SQLITE_TRANSIENT);
	rc = store_step(st);
	sqlite3_finalize(st);
	return rc;
}

/* Runs the UPDATE sql (?1 id, ?2 now, ?3 next_at, ?4 detail, those it uses; it names status 0) and
 * logs the attempt. */
static int store_delivery_outcome(struct store *s, const char *sql, int64_t id, int64_t now, int64_t next_at,
				  bool ok, const char *detail)
{
	sqlite3_stmt *st = NULL;
	char d[DELIVERY_ERROR_MAX];
	int rc;

	snprintf(d, sizeof d, "%s", detail ? detail : "");
	if ((rc = store_begin(s)) != HL_OK)
		return rc;
	if ((rc = store_delivery_prepare(s, sql, &st)) == HL_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, now);
		sqlite3_bind_int64(st, 3, next_at);
		sqlite3_bind_text(st, 4, d, -1, SQLITE_TRANSIENT);
		if ((rc = store_step(st)) == HL_OK && sqlite3_changes(s->db) == 0)
			rc = HL_ERR_NOTFOUND;
		if (rc == HL_OK)
			rc = store_delivery_logrow(s, id, now, ok, d);
	}
	sqlite3_finalize(st);
	return store_end(s, rc);
}

int store_delivery_sent(struct store *s, int64_t id, int64_t now, const char *detail)
{
	return store_delivery_outcome(s,
				      "UPDATE delivery SET status = 1, done_at = ?2, attempts = attempts + 1,"
				      " last_error = '' WHERE id = ?1 AND status = 0",
				      id, now, 0, true, detail);
}

int store_delivery_failed(struct store *s, int64_t id, int64_t now, int64_t next_at, bool permanent,
			  const char *detail)
{
	return store_delivery_outcome(s,
				      permanent ? "UPDATE delivery SET status = 3, done_at = ?2, attempts = attempts + 1,"
						  " last_error = ?4 WHERE id = ?1 AND status = 0"
						: "UPDATE delivery SET next_at = ?3, attempts = attempts + 1, last_error = ?4"
						  " WHERE id = ?1 AND status = 0",
				      id, now, next_at, false, detail);
}

int store_delivery_expire(struct store *s, int64_t now, size_t *n)
{
	sqlite3_stmt *log = NULL, *upd = NULL;
	int rc;

	if (n)
		*n = 0;
	if ((rc = store_begin(s)) != HL_OK)
		return rc;
	if ((rc = store_delivery_prepare(s,
					 "INSERT INTO delivery_log(delivery, at, attempt, ok, detail) SELECT id, ?1, attempts, 0,"
					 " 'expired after ' || attempts || ' attempts' FROM delivery WHERE status = 0 AND expires <= ?1",
					 &log)) == HL_OK &&
	    (rc = store_delivery_prepare(s, "UPDATE delivery SET status = 2, done_at = ?1 WHERE status = 0 AND expires <= ?1",
					 &upd)) == HL_OK) {
		sqlite3_bind_int64(log, 1, now);
		sqlite3_bind_int64(upd, 1, now);
		if ((rc = store_step(log)) == HL_OK && (rc = store_step(upd)) == HL_OK && n)
			*n = (size_t)sqlite3_changes(s->db);
	}
	sqlite3_finalize(log);
	sqlite3_finalize(upd);
	rc = store_end(s, rc);
	if (rc != HL_OK && n)
		*n = 0;
	return rc;
}

int store_delivery_list(struct store *s, int status, int limit, store_delivery_fn fn, void *ud)
{
	sqlite3_stmt *st = NULL;
	int rc, step;

	if ((rc = store_delivery_prepare(s,
					 "SELECT id, topic, recipient, address, site, subject, last_error, channel, status,"
					 " attempts, created, next_at, expires, done_at FROM delivery WHERE (?1 < 0 OR status = ?1)"
					 " ORDER BY id DESC LIMIT ?2",
					 &st)) != HL_OK)
		return rc;
	sqlite3_bind_int(st, 1, status);
	sqlite3_bind_int(st, 2, limit > 0 ? limit : -1);
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_delivery_row r = {
			.id = sqlite3_column_int64(st, 0),
			.topic = store_col(st, 1),
			.recipient = store_col(st, 2),
			.address = store_col(st, 3),
			.site = store_col(st, 4),
			.subject = store_col(st, 5),
			.last_error = store_col(st, 6),
			.channel = sqlite3_column_int(st, 7),
			.status = sqlite3_column_int(st, 8),
			.attempts = sqlite3_column_int(st, 9),
			.created = sqlite3_column_int64(st, 10),
			.next_at = sqlite3_column_int64(st, 11),
			.expires = sqlite3_column_int64(st, 12),
			.done_at = sqlite3_column_int64(st, 13),
		};
		rc = fn(ud, &r);
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_finalize(st);
	return rc;
}

/* WHERE of a filter: ?1 status, ?2 id, ?3 before, then the sites from ?4 on. */
static void store_delivery_where(const struct store_delivery_filter *f, bool all, char *out, size_t cap)
{
	size_t k = (size_t)snprintf(out, cap, all ? " WHERE 1" : " WHERE (?1 < 0 OR d.status = ?1) AND (?2 = 0 OR d.id = ?2)"
						  " AND (?3 = 0 OR d.id < ?3)");

	if (!f->sites)
		return;
	if (!f->nsites) {
		snprintf(out + k, cap - k, " AND 0");
		return;
	}
	k += (size_t)snprintf(out + k, cap - k, " AND d.site IN (");
	for (size_t i = 0; i < f->nsites && k < cap; i++)
		k += (size_t)snprintf(out + k, cap - k, i ? ", ?%zu" : "?%zu", i + 4);
	if (k < cap)
		snprintf(out + k, cap - k, ")");
}

static void store_delivery_bind_sites(sqlite3_stmt *st, const struct store_delivery_filter *f)
{
	for (size_t i = 0; f->sites && i < f->nsites; i++)
		sqlite3_bind_text(st, (int)i + 4, f->sites[i], -1, SQLITE_STATIC);
}

int store_delivery_find(struct store *s, const struct store_delivery_filter *f, store_delivery_seen_fn fn,
			void *ud)
{
	char where[160 + DELIVERY_SITES_MAX * 8], sql[900];
	sqlite3_stmt *st = NULL;
	int rc, step;

	if (f->sites && f->nsites > DELIVERY_SITES_MAX)
		return store_refuse(s, "too many sites in a delivery filter");
	store_delivery_where(f, false, where, sizeof where);
	snprintf(sql, sizeof sql,
		 "SELECT d.id, d.topic, d.recipient, d.address, d.site, d.subject, d.last_error, d.channel, d.status,"
		 " d.attempts, d.created, d.next_at, d.expires, d.done_at, (SELECT MIN(l.at) FROM delivery_log l"
		 " WHERE l.delivery = d.id AND l.attempt = d.attempts AND d.attempts > 0) FROM delivery d%s"
		 " ORDER BY d.id DESC LIMIT ?%zu",
		 where, (size_t)DELIVERY_SITES_MAX + 4);
	if ((rc = store_delivery_prepare(s, sql, &st)) != HL_OK)
		return rc;
	sqlite3_bind_int(st, 1, f->status);
	sqlite3_bind_int64(st, 2, f->id);
	sqlite3_bind_int64(st, 3, f->before);
	store_delivery_bind_sites(st, f);
	sqlite3_bind_int(st, DELIVERY_SITES_MAX + 4, f->limit > 0 ? f->limit : -1);
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_delivery_seen d = {
			.r = { .id = sqlite3_column_int64(st, 0), .topic = store_col(st, 1), .recipient = store_col(st, 2),
			       .address = store_col(st, 3), .site = store_col(st, 4), .subject = store_col(st, 5),
			       .last_error = store_col(st, 6), .channel = sqlite3_column_int(st, 7),
			       .status = sqlite3_column_int(st, 8), .attempts = sqlite3_column_int(st, 9),
			       .created = sqlite3_column_int64(st, 10), .next_at = sqlite3_column_int64(st, 11),
			       .expires = sqlite3_column_int64(st, 12), .done_at = sqlite3_column_int64(st, 13) },
			.last_try = sqlite3_column_int64(st, 14),
		};
		rc = fn(ud, &d);
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_finalize(st);
	return rc;
}

int store_delivery_count(struct store *s, const struct store_delivery_filter *f,
			 int64_t counts[DELIVERY_STATUS_COUNT])
{
	char where[160 + DELIVERY_SITES_MAX * 8], sql[400];
	sqlite3_stmt *st = NULL;
	int rc = HL_OK, step;

	for (int i = 0; i < DELIVERY_STATUS_COUNT; i++)
		counts[i] = 0;
	if (f->sites && f->nsites > DELIVERY_SITES_MAX)
		return store_refuse(s, "too many sites in a delivery filter");
	store_delivery_where(f, true, where, sizeof where);
	snprintf(sql, sizeof sql, "SELECT d.status, COUNT(*) FROM delivery d%s GROUP BY d.status", where);
	if ((rc = store_delivery_prepare(s, sql, &st)) != HL_OK)
		return rc;
	store_delivery_bind_sites(st, f);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int k = sqlite3_column_int(st, 0);
		if (k >= 0 && k < DELIVERY_STATUS_COUNT)
			counts[k] = sqlite3_column_int64(st, 1);
	}
	if (step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_finalize(st);
	return rc;
}

int store_delivery_retry(struct store *s, int64_t id, int64_t now)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = store_delivery_prepare(s, "UPDATE delivery SET next_at = ?2 WHERE id = ?1 AND status = 0", &st)) != HL_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	if ((rc = store_step(st)) == HL_OK && sqlite3_changes(s->db) == 0)
		rc = HL_ERR_NOTFOUND;
	sqlite3_finalize(st);
	return rc;
}

int store_delivery_log_list(struct store *s, int64_t id, store_delivery_log_fn fn, void *ud)
{
	sqlite3_stmt *st = NULL;
	int rc, step;

	if ((rc = store_delivery_prepare(s,
					 "SELECT delivery, at, attempt, ok, detail FROM delivery_log WHERE ?1 = 0 OR delivery = ?1"
					 " ORDER BY id",
					 &st)) != HL_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_delivery_log l = { sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
						sqlite3_column_int(st, 2), sqlite3_column_int(st, 3) != 0, store_col(st, 4) };
		rc = fn(ud, &l);
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_finalize(st);
	return rc;
}

int store_delivery_since(struct store *s, int64_t now, int64_t *since)
{
	sqlite3_stmt *put = NULL, *get = NULL;
	int rc;

	*since = now;
	if ((rc = store_begin(s)) != HL_OK)
		return rc;
	if ((rc = store_delivery_prepare(s, "INSERT OR IGNORE INTO notify_state(\"key\", value) VALUES('since', ?)",
					 &put)) == HL_OK &&
	    (rc = store_delivery_prepare(s, "SELECT value FROM notify_state WHERE \"key\" = 'since'", &get)) == HL_OK) {
		sqlite3_bind_int64(put, 1, now);
		if ((rc = store_step(put)) == HL_OK)
			rc = sqlite3_step(get) == SQLITE_ROW ? HL_OK : HL_ERR_DB;
		if (rc == HL_OK)
			*since = sqlite3_column_int64(get, 0);
	}
	sqlite3_finalize(put);
	sqlite3_finalize(get);
	return store_end(s, rc);
}

int store_delivery_flags(struct store *s, int64_t since, int64_t before, int limit, store_flag_fn fn, void *ud)
{
	sqlite3_stmt *st = NULL;
	int rc, step;

	if ((rc = store_delivery_prepare(s,
					 "SELECT id, kind, site, subject_type, subject, state, opened, summary, evidence, ack_by,"
					 " ack_at, ack_note, resolved_by, resolved_at, resolve_note FROM flag WHERE opened >= ?1"
					 " AND opened < ?2 AND id NOT IN (SELECT flag FROM notify_flag) ORDER BY opened, id LIMIT ?3",
					 &st)) != HL_OK)
		return rc;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, before);
	sqlite3_bind_int(st, 3, limit > 0 ? limit : -1);
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_flag f = {
			.id = sqlite3_column_int64(st, 0),
			.kind = flag_kind_parse(store_col(st, 1)),
			.site = store_col(st, 2),
			.subject_type = flag_subject_parse(store_col(st, 3)),
			.subject = store_col(st, 4),
			.state = flag_state_parse(store_col(st, 5)),
			.opened = sqlite3_column_int64(st, 6),
			.summary = store_col(st, 7),
			.evidence = store_col(st, 8),
			.ack_by = (const char *)sqlite3_column_text(st, 9),
			.ack_at = sqlite3_column_int64(st, 10),
			.ack_note = (const char *)sqlite3_column_text(st, 11),
			.resolved_by = (const char *)sqlite3_column_text(st, 12),
			.resolved_at = sqlite3_column_int64(st, 13),
			.resolve_note = (const char *)sqlite3_column_text(st, 14),
		};
		rc = fn(ud, &f);
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_finalize(st);
	return rc;
}

int store_delivery_plan_flag(struct store *s, int64_t flag, const struct message *m, size_t n, int64_t now,
			     size_t *added)
{
	sqlite3_stmt *st = NULL;
	size_t k = 0;
	int rc;

	if (added)
		*added = 0;
	if ((rc = store_begin(s)) != HL_OK)
		return rc;
	for (size_t i = 0; rc == HL_OK && i < n; i++) {
		bool a;
		rc = store_delivery_put(s, &m[i], now, &a);
		k += a;
	}
	if (rc == HL_OK && (rc = store_delivery_prepare(s, "INSERT OR IGNORE INTO notify_flag(flag, planned) VALUES(?, ?)",
							&st)) == HL_OK) {
		sqlite3_bind_int64(st, 1, flag);
		sqlite3_bind_int64(st, 2, now);
		rc = store_step(st);
	}
	sqlite3_finalize(st);
	rc = store_end(s, rc);
	if (rc == HL_OK && added)
		*added = k;
	return rc;
}
