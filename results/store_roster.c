/* SPDX-License-Identifier: MIT
 * store_roster.c — the SQL of the roster (tables roster_officer and roster_procedure of schema v3;
 * roster_counter, roster_photo and roster_photo_sent of v10; roster_site of v14). It owns its prepared statements
 * (struct store_roster_stmts, hung on the store at open) and touches no other table. Rows are
 * checked again on the way in although the importer checked them: the store is the last place that
 * can keep a bad name or a file that is not a picture away from every screen and report. Photos are
 * kept once per content hash, and only while an officer names them. */
#include "store_roster.h"
#include "store_int.h"

#include "topic.h"
#include "wire.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	ST_DEL_OFFICERS, ST_DEL_PROCEDURES, ST_DEL_COUNTERS, ST_PUT_OFFICER, ST_PUT_PROCEDURE, ST_PUT_COUNTER,
	ST_PHOTO_SAME, ST_PUT_PHOTO, ST_GC_PHOTOS, ST_OFFICERS, ST_PROCEDURES, ST_COUNTERS, ST_SITES, ST_OFFICER,
	ST_ALL_COUNTERS, ST_PHOTO, ST_SENT_LIST, ST_SENT_PUT, ST_SENT_DEL, ST_DEL_SITES, ST_PUT_SITE, ST_SITE_NAMES,
	ST_SITE_NAME, ST_COUNT
};

struct store_roster_stmts {
	sqlite3_stmt *st[ST_COUNT];
};

static const char *const store_roster_sql[ST_COUNT] = {
	[ST_DEL_OFFICERS] = "DELETE FROM roster_officer",
	[ST_DEL_PROCEDURES] = "DELETE FROM roster_procedure",
	[ST_DEL_COUNTERS] = "DELETE FROM roster_counter",
	[ST_PUT_OFFICER] = "INSERT INTO roster_officer(site, code, name, title, photo, photo_file) VALUES(?, ?, ?, ?, ?, ?)",
	[ST_PUT_PROCEDURE] = "INSERT INTO roster_procedure(code, name) VALUES(?, ?)",
	[ST_PUT_COUNTER] = "INSERT INTO roster_counter(site, code, name) VALUES(?, ?, ?)",
	/* 1: stored with these bytes, 0: another photo has this hash, no row: not stored. */
	[ST_PHOTO_SAME] = "SELECT bytes = ?2 FROM roster_photo WHERE hash = ?1",
	[ST_PUT_PHOTO] = "INSERT INTO roster_photo(hash, bytes) VALUES(?, ?)",
	[ST_GC_PHOTOS] = "DELETE FROM roster_photo WHERE hash NOT IN (SELECT photo FROM roster_officer)",
	/* By code, then site: with every site loaded, roster_name finds the first site's name. */
	[ST_OFFICERS] = "SELECT code, name, title, photo FROM roster_officer WHERE ?1 IS NULL OR site = ?1 ORDER BY code, site",
	[ST_PROCEDURES] = "SELECT code, name, '', '' FROM roster_procedure ORDER BY code",
	[ST_COUNTERS] = "SELECT code, name, '', '' FROM roster_counter WHERE ?1 IS NULL OR site = ?1 ORDER BY code, site",
	[ST_SITES] = "SELECT DISTINCT site FROM roster_officer ORDER BY site",
	[ST_OFFICER] = "SELECT name, title, photo, photo_file FROM roster_officer WHERE site = ? AND code = ?",
	[ST_ALL_COUNTERS] = "SELECT site, code, name FROM roster_counter ORDER BY site, code",
	[ST_PHOTO] = "SELECT bytes FROM roster_photo WHERE hash = ?",
	[ST_SENT_LIST] = "SELECT code FROM roster_photo_sent WHERE site = ? ORDER BY code",
	[ST_SENT_PUT] = "INSERT OR IGNORE INTO roster_photo_sent(site, code) VALUES(?, ?)",
	[ST_SENT_DEL] = "DELETE FROM roster_photo_sent WHERE site = ? AND code = ?",
	[ST_DEL_SITES] = "DELETE FROM roster_site",
	[ST_PUT_SITE] = "INSERT INTO roster_site(code, name) VALUES(?, ?)",
	[ST_SITE_NAMES] = "SELECT code, name, '', '' FROM roster_site WHERE ?1 IS NULL OR code = ?1 ORDER BY code",
	[ST_SITE_NAME] = "SELECT name FROM roster_site WHERE code = ?",
};

int store_roster_prepare(struct store *s)
{
	struct store_roster_stmts *t = calloc(1, sizeof *t);

	if (!t)
		return HL_ERR_NOMEM;
	s->roster = t;
	for (int i = 0; i < ST_COUNT; i++)
		if (sqlite3_prepare_v3(s->db, store_roster_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &t->st[i], NULL) !=
		    SQLITE_OK)
			return HL_ERR_DB; /* store_close finalizes what was prepared */
	return HL_OK;
}

void store_roster_finalize(struct store *s)
{
	struct store_roster_stmts *t = s->roster;

	if (!t)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(t->st[i]);
	free(t);
	s->roster = NULL;
}

/* Copies column col of st (text, or "" for NULL) into buf of cap bytes. False when it does not fit. */
static bool store_roster_col(sqlite3_stmt *st, int col, char *buf, size_t cap)
{
	const char *v = (const char *)sqlite3_column_text(st, col);
	size_t n = v ? strlen(v) : 0;

	if (n >= cap)
		return false;
	memcpy(buf, v ? v : "", n + 1);
	return true;
}

/* ---- writes ------------------------------------------------------------------------------------ */

static bool store_roster_text_ok(const char *text, size_t cap, size_t max, bool may_be_empty)
{
	return memchr(text, '\0', cap) && (may_be_empty || text[0]) && wire_text_valid(text, max);
}

static bool store_roster_entry_ok(const struct roster_entry *e)
{
	return e->code[0] && memchr(e->code, '\0', sizeof e->code) && wire_code_valid(e->code) &&
	       store_roster_text_ok(e->name, sizeof e->name, ROSTER_NAME_MAX, false);
}

/* Why officer o (with x, NULL for nothing more) cannot be stored, or NULL when it can (the kept
 * photo's presence is checked later). */
static const char *store_officer_fault(const struct store_officer *o, const struct store_officer_info *x)
{
	if (!memchr(o->site, '\0', sizeof o->site) || !topic_id_valid(o->site) || !store_roster_entry_ok(&o->e))
		return "a bad site, code or name";
	if (!x)
		return NULL;
	if (!store_roster_text_ok(x->title, sizeof x->title, ROSTER_TITLE_MAX, true))
		return "a bad title";
	if (!store_roster_text_ok(x->photo_file, sizeof x->photo_file, STORE_PHOTO_FILE_MAX, true))
		return "a bad photo file name";
	if (x->bytes && (x->len == 0 || x->len > ROSTER_PHOTO_MAX || !roster_photo_type(x->bytes, x->len)))
		return "a photo that is not a JPEG or PNG of at most 256 KiB";
	if (!x->bytes && x->photo[0] && (!memchr(x->photo, '\0', sizeof x->photo) || !roster_photo_hash_valid(x->photo)))
		return "a bad photo hash";
	return NULL;
}

static int store_roster_check(struct store *s, const struct store_roster_in *in)
{
	const char *why;

	for (size_t i = 0; i < in->nofficers; i++)
		if ((why = store_officer_fault(&in->officers[i], in->info ? &in->info[i] : NULL)) != NULL) {
			snprintf(s->failed, sizeof s->failed, "officer #%zu has %s", i + 1, why);
			return HL_ERR_INVALID;
		}
	for (size_t i = 0; i < in->nprocedures; i++)
		if (!store_roster_entry_ok(&in->procedures[i])) {
			snprintf(s->failed, sizeof s->failed, "procedure #%zu has a bad code or name", i + 1);
			return HL_ERR_INVALID;
		}
	for (size_t i = 0; i < in->ncounters; i++) {
		const struct store_officer *c = &in->counters[i];
		if (!memchr(c->site, '\0', sizeof c->site) || !topic_id_valid(c->site) ||
		    !memchr(c->e.code, '\0', sizeof c->e.code) || !topic_id_valid(c->e.code) ||
		    !store_roster_text_ok(c->e.name, sizeof c->e.name, ROSTER_NAME_MAX, false)) {
			snprintf(s->failed, sizeof s->failed, "counter #%zu has a bad site, code or name", i + 1);
			return HL_ERR_INVALID;
		}
	}
	for (size_t i = 0; i < in->nsites; i++) {
		const struct roster_entry *e = &in->sites[i];
		if (!memchr(e->code, '\0', sizeof e->code) || !topic_id_valid(e->code) ||
		    !store_roster_text_ok(e->name, sizeof e->name, ROSTER_NAME_MAX, false)) {
			snprintf(s->failed, sizeof s->failed, "site #%zu has a bad code or name", i + 1);
			return HL_ERR_INVALID;
		}
	}
	return HL_OK;
}

/* Stores officer i's photo x (or checks that the one it keeps is stored) and says its hash in hash
 * ("" none). Inside the replace's transaction. */
static int store_roster_put_photo(struct store *s, const struct store_officer_info *x, size_t i, char *hash)
{
	struct store_roster_stmts *t = s->roster;
	sqlite3_stmt *same = t->st[ST_PHOTO_SAME];
	int step, rc = HL_OK;

	hash[0] = '\0';
	if (!x || (!x->bytes && !x->photo[0]))
		return HL_OK;
	if (x->bytes)
		roster_photo_hash(x->bytes, x->len, hash);
	else
		memcpy(hash, x->photo, ROSTER_PHOTO_HASH_LEN + 1);
	sqlite3_bind_text(same, 1, hash, -1, SQLITE_STATIC);
	if (x->bytes)
		sqlite3_bind_blob(same, 2, x->bytes, (int)x->len, SQLITE_STATIC);
	else
		sqlite3_bind_null(same, 2);
	step = sqlite3_step(same);
	if (step == SQLITE_ROW && x->bytes && sqlite3_column_int(same, 0) == 0) {
		snprintf(s->failed, sizeof s->failed, "officer #%zu's photo has the hash %s of another photo", i + 1, hash);
		rc = HL_ERR_INVALID;
	} else if (step == SQLITE_DONE && !x->bytes) {
		snprintf(s->failed, sizeof s->failed, "officer #%zu keeps photo %s, which is not stored", i + 1, hash);
		rc = HL_ERR_INVALID;
	} else if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = HL_ERR_DB;
	}
	sqlite3_reset(same);
	sqlite3_clear_bindings(same);
	if (rc == HL_OK && step == SQLITE_DONE) {
		sqlite3_bind_text(t->st[ST_PUT_PHOTO], 1, hash, -1, SQLITE_STATIC);
		sqlite3_bind_blob(t->st[ST_PUT_PHOTO], 2, x->bytes, (int)x->len, SQLITE_STATIC);
		rc = store_step(t->st[ST_PUT_PHOTO]);
		sqlite3_clear_bindings(t->st[ST_PUT_PHOTO]);
	}
	return rc;
}

int store_roster_put(struct store *s, const struct store_roster_in *in)
{
	struct store_roster_stmts *t = s->roster;
	sqlite3_stmt *po = t->st[ST_PUT_OFFICER], *pp = t->st[ST_PUT_PROCEDURE], *pc = t->st[ST_PUT_COUNTER];
	sqlite3_stmt *ps = t->st[ST_PUT_SITE];
	int rc;

	s->failed[0] = '\0';
	if ((rc = store_roster_check(s, in)) != HL_OK)
		return rc;
	if ((rc = store_begin(s)) != HL_OK)
		return rc;
	rc = store_step(t->st[ST_DEL_OFFICERS]);
	if (rc == HL_OK)
		rc = store_step(t->st[ST_DEL_PROCEDURES]);
	if (rc == HL_OK && in->counters_given)
		rc = store_step(t->st[ST_DEL_COUNTERS]);
	if (rc == HL_OK && in->sites_given)
		rc = store_step(t->st[ST_DEL_SITES]);
	for (size_t i = 0; rc == HL_OK && i < in->nofficers; i++) {
		const struct store_officer *o = &in->officers[i];
		const struct store_officer_info *x = in->info ? &in->info[i] : NULL;
		char hash[ROSTER_PHOTO_HASH_LEN + 1];
		if ((rc = store_roster_put_photo(s, x, i, hash)) != HL_OK)
			break;
		sqlite3_bind_text(po, 1, o->site, -1, SQLITE_STATIC);
		sqlite3_bind_text(po, 2, o->e.code, -1, SQLITE_STATIC);
		sqlite3_bind_text(po, 3, o->e.name, -1, SQLITE_STATIC);
		sqlite3_bind_text(po, 4, x ? x->title : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(po, 5, hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(po, 6, x && hash[0] ? x->photo_file : "", -1, SQLITE_STATIC);
		rc = store_step(po);
	}
	for (size_t i = 0; rc == HL_OK && i < in->nprocedures; i++) {
		sqlite3_bind_text(pp, 1, in->procedures[i].code, -1, SQLITE_STATIC);
		sqlite3_bind_text(pp, 2, in->procedures[i].name, -1, SQLITE_STATIC);
		rc = store_step(pp);
	}
	for (size_t i = 0; rc == HL_OK && in->counters_given && i < in->ncounters; i++) {
		sqlite3_bind_text(pc, 1, in->counters[i].site, -1, SQLITE_STATIC);
		sqlite3_bind_text(pc, 2, in->counters[i].e.code, -1, SQLITE_STATIC);
		sqlite3_bind_text(pc, 3, in->counters[i].e.name, -1, SQLITE_STATIC);
		rc = store_step(pc);
	}
	for (size_t i = 0; rc == HL_OK && in->sites_given && i < in->nsites; i++) {
		sqlite3_bind_text(ps, 1, in->sites[i].code, -1, SQLITE_STATIC);
		sqlite3_bind_text(ps, 2, in->sites[i].name, -1, SQLITE_STATIC);
		rc = store_step(ps);
	}
	/* Photos no officer names any more go with the old roster. */
	if (rc == HL_OK)
		rc = store_step(t->st[ST_GC_PHOTOS]);
	sqlite3_clear_bindings(po);
	sqlite3_clear_bindings(pp);
	sqlite3_clear_bindings(pc);
	sqlite3_clear_bindings(ps);
	return store_end(s, rc);
}

int store_roster_replace(struct store *s, const struct store_officer *officers, size_t nofficers,
			 const struct roster_entry *procedures, size_t nprocedures)
{
	struct store_roster_in in = { .officers = officers, .nofficers = nofficers, .procedures = procedures,
				      .nprocedures = nprocedures };

	return store_roster_put(s, &in);
}

/* ---- reads ------------------------------------------------------------------------------------- */

/* Appends every (code, name, title, photo) row of st to r's list of kind (an officer's title and
 * photo to r->officer); resets st. */
static int store_roster_rows(sqlite3_stmt *st, struct roster *r, int kind)
{
	size_t cap = 0, xcap = 0;
	int step, rc = HL_OK;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct roster_entry *e;
		size_t i = r->n[kind];
		if (hl_grow((void **)&r->e[kind], &cap, i + 1, sizeof *r->e[kind]) != HL_OK ||
		    (kind == ROSTER_OFFICER && hl_grow((void **)&r->officer, &xcap, i + 1, sizeof *r->officer) != HL_OK)) {
			rc = HL_ERR_NOMEM;
			break;
		}
		e = &r->e[kind][i];
		memset(e, 0, sizeof *e);
		if (!store_roster_col(st, 0, e->code, sizeof e->code) || !store_roster_col(st, 1, e->name, sizeof e->name) ||
		    (kind == ROSTER_OFFICER &&
		     (!store_roster_col(st, 2, r->officer[i].title, sizeof r->officer[i].title) ||
		      !store_roster_col(st, 3, r->officer[i].photo, sizeof r->officer[i].photo)))) {
			rc = HL_ERR_INVALID; /* not written by store_roster_put */
			break;
		}
		r->n[kind]++;
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_reset(st);
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
	if (site) {
		sqlite3_bind_text(t->st[ST_OFFICERS], 1, site, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(t->st[ST_COUNTERS], 1, site, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(t->st[ST_SITE_NAMES], 1, site, -1, SQLITE_TRANSIENT);
	}
	/* Every list from one snapshot, so a concurrent import is seen whole or not at all; inside a
	 * caller's transaction that transaction is the snapshot. */
	own = sqlite3_get_autocommit(s->db) != 0;
	rc = own ? store_exec(s, "BEGIN") : HL_OK;
	if (rc == HL_OK)
		rc = store_roster_rows(t->st[ST_OFFICERS], r, ROSTER_OFFICER);
	if (rc == HL_OK)
		rc = store_roster_rows(t->st[ST_PROCEDURES], r, ROSTER_PROCEDURE);
	if (rc == HL_OK)
		rc = store_roster_rows(t->st[ST_COUNTERS], r, ROSTER_COUNTER);
	if (rc == HL_OK)
		rc = store_roster_rows(t->st[ST_SITE_NAMES], r, ROSTER_SITE);
	if (own && store_exec(s, rc == HL_OK ? "COMMIT" : "ROLLBACK") != HL_OK && rc == HL_OK)
		rc = HL_ERR_DB;
	sqlite3_clear_bindings(t->st[ST_OFFICERS]);
	sqlite3_clear_bindings(t->st[ST_COUNTERS]);
	sqlite3_clear_bindings(t->st[ST_SITE_NAMES]);
	if (rc != HL_OK) {
		roster_free(r);
		return rc;
	}
	*out = r;
	return HL_OK;
}

int store_roster_officer(struct store *s, const char *site, const char *code, struct store_officer *out,
			 struct store_officer_info *info)
{
	sqlite3_stmt *st = s->roster->st[ST_OFFICER];
	int step, rc;

	memset(out, 0, sizeof *out);
	memset(info, 0, sizeof *info);
	sqlite3_bind_text(st, 1, site, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		bool fits = strlen(site) < sizeof out->site && strlen(code) < sizeof out->e.code &&
			    store_roster_col(st, 0, out->e.name, sizeof out->e.name) &&
			    store_roster_col(st, 1, info->title, sizeof info->title) &&
			    store_roster_col(st, 2, info->photo, sizeof info->photo) &&
			    store_roster_col(st, 3, info->photo_file, sizeof info->photo_file);
		if (fits) {
			strcpy(out->site, site);
			strcpy(out->e.code, code);
		}
		rc = fits ? HL_OK : HL_ERR_INVALID;
	} else {
		rc = step == SQLITE_DONE ? HL_ERR_NOTFOUND : HL_ERR_DB;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != HL_OK) {
		memset(out, 0, sizeof *out);
		memset(info, 0, sizeof *info);
	}
	return rc;
}

int store_roster_site_names(struct store *s, const char *site, struct roster **out)
{
	sqlite3_stmt *st = s->roster->st[ST_SITE_NAMES];
	struct roster *r = calloc(1, sizeof *r);
	int rc;

	*out = NULL;
	if (!r)
		return HL_ERR_NOMEM;
	if (site)
		sqlite3_bind_text(st, 1, site, -1, SQLITE_TRANSIENT);
	rc = store_roster_rows(st, r, ROSTER_SITE);
	sqlite3_clear_bindings(st);
	if (rc != HL_OK) {
		roster_free(r);
		return rc;
	}
	*out = r;
	return HL_OK;
}

int store_roster_site_name(struct store *s, const char *site, char *name, size_t cap)
{
	sqlite3_stmt *st = s->roster->st[ST_SITE_NAME];
	int step, rc;

	if (cap)
		name[0] = '\0';
	sqlite3_bind_text(st, 1, site, -1, SQLITE_TRANSIENT);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		rc = store_roster_col(st, 0, name, cap) ? HL_OK : HL_ERR_INVALID;
	else
		rc = step == SQLITE_DONE ? HL_ERR_NOTFOUND : HL_ERR_DB;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != HL_OK && cap)
		name[0] = '\0';
	return rc;
}

int store_roster_counters(struct store *s, struct store_officer **out, size_t *n)
{
	sqlite3_stmt *st = s->roster->st[ST_ALL_COUNTERS];
	struct store_officer *v = NULL;
	size_t cap = 0, k = 0;
	int step, rc = HL_OK;

	*out = NULL;
	*n = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (hl_grow((void **)&v, &cap, k + 1, sizeof *v) != HL_OK) {
			rc = HL_ERR_NOMEM;
			break;
		}
		memset(&v[k], 0, sizeof v[k]);
		if (!store_roster_col(st, 0, v[k].site, sizeof v[k].site) ||
		    !store_roster_col(st, 1, v[k].e.code, sizeof v[k].e.code) ||
		    !store_roster_col(st, 2, v[k].e.name, sizeof v[k].e.name)) {
			rc = HL_ERR_INVALID;
			break;
		}
		k++;
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_reset(st);
	if (rc != HL_OK) {
		free(v);
		return rc;
	}
	*out = v;
	*n = k;
	return HL_OK;
}

int store_roster_photo(struct store *s, const char *hash, void **bytes, size_t *len)
{
	sqlite3_stmt *st = s->roster->st[ST_PHOTO];
	int step, rc;

	*bytes = NULL;
	*len = 0;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		const void *b = sqlite3_column_blob(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0);
		*bytes = malloc(n ? n : 1);
		rc = *bytes ? HL_OK : HL_ERR_NOMEM;
		if (*bytes) {
			if (n)
				memcpy(*bytes, b, n);
			*len = n;
		}
	} else {
		rc = step == SQLITE_DONE ? HL_ERR_NOTFOUND : HL_ERR_DB;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* Calls fn for the first column of every row of st (reset afterwards). */
static int store_roster_each(sqlite3_stmt *st, store_site_fn fn, void *ud)
{
	int step = SQLITE_DONE, rc = HL_OK;

	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(ud, (const char *)sqlite3_column_text(st, 0));
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_reset(st);
	return rc;
}

int store_roster_sites(struct store *s, store_site_fn fn, void *ud)
{
	return store_roster_each(s->roster->st[ST_SITES], fn, ud);
}

int store_roster_photos_sent(struct store *s, const char *site, store_site_fn fn, void *ud)
{
	sqlite3_stmt *st = s->roster->st[ST_SENT_LIST];
	int rc;

	sqlite3_bind_text(st, 1, site, -1, SQLITE_TRANSIENT);
	rc = store_roster_each(st, fn, ud);
	sqlite3_clear_bindings(st);
	return rc;
}

int store_roster_photo_sent(struct store *s, const char *site, const char *code, bool sent)
{
	sqlite3_stmt *st = s->roster->st[sent ? ST_SENT_PUT : ST_SENT_DEL];
	int rc;

	sqlite3_bind_text(st, 1, site, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
	rc = store_step(st);
	sqlite3_clear_bindings(st);
	if (rc != HL_OK)
		snprintf(s->failed, sizeof s->failed, "%s", sqlite3_errmsg(s->db));
	return rc;
}
