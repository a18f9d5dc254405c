/* SPDX-License-Identifier: MIT
 * store_schema.c — the store's schema and its migrations. The schema version lives in PRAGMA
 * user_version and grows one migration step at a time, each in its own BEGIN IMMEDIATE transaction;
 * it owns the CREATE statements and the roll-up backfill (all dimensions, or — version 9 — only the
 * pair dimensions' day rows), which store_write.c also uses to rebuild roll-ups. It must not prepare
 * the store's lasting statements (store.c does, once the schema is current). */
#include "store_int.h"

#include "survey.h"
#include "uuid.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

/* ---- schema ------------------------------------------------------------------------------------ */

static const char store_schema_1[] =
	"CREATE TABLE rating("
	" id BLOB NOT NULL UNIQUE CHECK(length(id) = 16),"
	" site TEXT NOT NULL, counter TEXT NOT NULL, officer TEXT NOT NULL, procedure TEXT NOT NULL,"
	" scale INTEGER NOT NULL, a_officer INTEGER, a_procedure INTEGER, reasons INTEGER NOT NULL,"
	" ts INTEGER NOT NULL, clock_ok INTEGER NOT NULL, received INTEGER NOT NULL, day INTEGER NOT NULL);"
	"CREATE INDEX rating_day ON rating(day);"
	"CREATE TABLE rejected("
	" id INTEGER PRIMARY KEY, received INTEGER NOT NULL, topic TEXT NOT NULL,"
	" payload BLOB NOT NULL, size INTEGER NOT NULL, reason TEXT NOT NULL);";

/* Officers and procedures with display names; complaint flags with their life; what each terminal
 * last said of itself. */
static const char store_schema_3[] =
	"CREATE TABLE roster_officer(site TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,"
	" PRIMARY KEY(site, code)) WITHOUT ROWID;"
	"CREATE TABLE roster_procedure(code TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE flag("
	" id INTEGER PRIMARY KEY, kind TEXT NOT NULL, site TEXT NOT NULL,"
	" subject_type TEXT NOT NULL, subject TEXT NOT NULL,"
	" state TEXT NOT NULL CHECK(state IN ('open', 'acknowledged', 'resolved')),"
	" opened INTEGER NOT NULL, summary TEXT NOT NULL, evidence TEXT NOT NULL,"
	" ack_by TEXT, ack_at INTEGER, ack_note TEXT,"
	" resolved_by TEXT, resolved_at INTEGER, resolve_note TEXT);"
	/* Never two unresolved flags of one kind for one subject. */
	"CREATE UNIQUE INDEX flag_unresolved ON flag(kind, site, subject_type, subject) WHERE state != 'resolved';"
	"CREATE INDEX flag_state ON flag(state, opened);"
	"CREATE TABLE terminal_status(site TEXT NOT NULL, counter TEXT NOT NULL, online INTEGER NOT NULL,"
	" spooled INTEGER NOT NULL, since INTEGER NOT NULL, seen INTEGER NOT NULL,"
	" PRIMARY KEY(site, counter)) WITHOUT ROWID;"
	"CREATE INDEX rating_counter_received ON rating(site, counter, received);";

/* Reads a stored rating row (id, site, counter, officer, procedure, scale, a_officer, a_procedure,
 * reasons, ts, clock_ok, received, day, a_result) into r and *day. */
static void store_read_rating(sqlite3_stmt *st, struct rating *r, int32_t *day)
{
	memset(r, 0, sizeof *r);
	if (sqlite3_column_bytes(st, 0) == 16)
		uuid_from_bytes(sqlite3_column_blob(st, 0), r->id);
	snprintf(r->site, sizeof r->site, "%s", (const char *)sqlite3_column_text(st, 1));
	snprintf(r->counter, sizeof r->counter, "%s", (const char *)sqlite3_column_text(st, 2));
	snprintf(r->officer, sizeof r->officer, "%s", (const char *)sqlite3_column_text(st, 3));
	snprintf(r->procedure, sizeof r->procedure, "%s", (const char *)sqlite3_column_text(st, 4));
	r->scale = sqlite3_column_int(st, 5);
	r->answers[SURVEY_Q_OFFICER] = sqlite3_column_int(st, 6);
	r->answers[SURVEY_Q_PROCEDURE] = sqlite3_column_int(st, 7);
	r->reasons = (uint32_t)sqlite3_column_int64(st, 8);
	r->ts = sqlite3_column_int64(st, 9);
	r->clock_ok = sqlite3_column_int(st, 10);
	*day = sqlite3_column_int(st, 12);
	r->answers[SURVEY_Q_RESULT] = sqlite3_column_int(st, 13);
}

/* Whether table has column: 1, 0, or -1 when SQLite cannot tell. */
static int store_has_column(struct store *s, const char *table, const char *column)
{
	sqlite3_stmt *st;
	int have = -1;

	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			have = sqlite3_column_int(st, 0) > 0;
	}
	sqlite3_finalize(st);
	return have;
}

/* Version 11: the result question (survey.h SURVEY_Q_RESULT) — rating.a_result and its roll-up
 * level columns. The roll-up fill writes every count column this program knows, and an older
 * migration step may fill (2, 4, 9) before this step has run, so the fill calls this too: it adds
 * only what is missing. Old ratings have no result answer, so the new counts start at 0. */
static int store_result_columns(struct store *s)
{
	char names[1024] = "", *save = NULL;
	int have = store_has_column(s, "rating", "a_result");

	if (have < 0 || (!have && store_exec(s, "ALTER TABLE rating ADD COLUMN a_result INTEGER") != HL_OK))
		return HL_ERR_DB;
	if ((have = store_has_column(s, "rollup", "n")) <= 0)
		return have < 0 ? HL_ERR_DB : HL_OK; /* no roll-up table yet: version 2 creates it whole */
	store_columns(names, sizeof names, "%s");
	for (char *c = strtok_r(names, ", ", &save); c; c = strtok_r(NULL, ", ", &save)) {
		char sql[128];
		if ((have = store_has_column(s, "rollup", c)) < 0)
			return HL_ERR_DB;
		snprintf(sql, sizeof sql, "ALTER TABLE rollup ADD COLUMN %s INTEGER NOT NULL DEFAULT 0", c);
		if (!have && store_exec(s, sql) != HL_OK)
			return HL_ERR_DB;
	}
	return HL_OK;
}

/* Replaces the roll-up rows of dimensions dim_from … dim_to (every grain: month pair rows left from
 * before go too) by counts from the ratings, in the grains each is kept in (rollup_dim_grains); the
 * caller holds the transaction. Ratings are read in day order and summed in memory in slices of
 * whole days, so memory stays bounded on large databases and every day row is written once: a
 * slice's rows are added to the stored ones (an upsert; a month row may span slices), sorted in the
 * table's key order so that the writes walk the table once instead of seeking all over it (on 10 M
 * ratings in insertion order that was the difference between minutes and seconds). */
static int store_fill(struct store *s, int dim_from, int dim_to)
{
	enum { SLICE = 200000 };
	sqlite3_stmt *sel = NULL, *up = NULL, *del = NULL;
	struct rollup_set *set = rollup_set_new();
	int rc = HL_ERR_DB, step = SQLITE_ROW;
	int32_t last_day = 0;
	size_t in_slice = 0;

	if (!set)
		return HL_ERR_NOMEM;
	if (store_result_columns(s) != HL_OK ||
	    sqlite3_prepare_v2(s->db, "DELETE FROM rollup WHERE dim BETWEEN ? AND ?", -1, &del, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_int(del, 1, dim_from);
	sqlite3_bind_int(del, 2, dim_to);
	if (store_step(del) != HL_OK || store_prepare_upsert(s, &up) != HL_OK ||
	    sqlite3_prepare_v2(s->db,
			       "SELECT id, site, counter, officer, procedure, scale, a_officer, a_procedure,"
			       " reasons, ts, clock_ok, received, day, a_result FROM rating ORDER BY day",
			       -1, &sel, NULL) != SQLITE_OK)
		goto out;
	while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
		struct rating r;
		int32_t day;
		store_read_rating(sel, &r, &day);
		/* A slice ends between two days (or, for a day of more than four slices, anywhere: its
		 * rows are then added up across slices). */
		if ((in_slice >= SLICE && day != last_day) || in_slice >= 4 * SLICE) {
			if ((rc = rollup_set_sort(set)) != HL_OK || (rc = store_put_rollups(up, set)) != HL_OK)
				goto out;
			rc = HL_ERR_DB;
			rollup_set_clear(set);
			in_slice = 0;
		}
		last_day = day;
		in_slice++;
		if (rollup_set_add_dims(set, &r, day, dim_from, dim_to) != HL_OK) {
			rc = HL_ERR_NOMEM;
			goto out;
		}
	}
	if (step == SQLITE_DONE && (rc = rollup_set_sort(set)) == HL_OK)
		rc = store_put_rollups(up, set);
	else if (step != SQLITE_DONE)
		rc = HL_ERR_DB;
out:
	sqlite3_finalize(del);
	sqlite3_finalize(sel);
	sqlite3_finalize(up);
	rollup_set_free(set);
	return rc;
}

int store_backfill(struct store *s)
{
	return store_fill(s, 0, ROLLUP_DIM_ALL - 1);
}

/* Version 5: the clock rule of ingest.h. A rating keeps what its terminal said (ts, clock_ok) and
 * gains the time it is counted at; ratings whose terminal time lies outside the window (or after they
 * were received) move to the day they were received, and the roll-ups are recounted when any did. */
static int store_schema_5(struct store *s)
{
	char sql[512];
	int64_t off = s->utc_offset, age = s->policy.clock_max_age;

	if (store_exec(s, "ALTER TABLE rating ADD COLUMN counted INTEGER NOT NULL DEFAULT 0") != HL_OK)
		return HL_ERR_DB;
	snprintf(sql, sizeof sql,
		 "UPDATE rating SET counted = received, day = (received + %lld) / 86400"
		 " WHERE clock_ok AND (ts < received - %lld OR ts > received)",
		 (long long)off, (long long)age);
	if (store_exec(s, sql) != HL_OK)
		return HL_ERR_DB;
	int moved = sqlite3_changes(s->db);
	if (store_exec(s, "UPDATE rating SET counted = CASE WHEN clock_ok THEN ts ELSE received END"
			  " WHERE counted = 0") != HL_OK)
		return HL_ERR_DB;
	return moved ? store_backfill(s) : HL_OK;
}

/* Version 7: stuffing, clock and offline flags were all "integrity", so an open one of them hid the
 * others; each gets its kind back from the rule its evidence names. */
static const char store_schema_7[] =
	"UPDATE flag SET kind = CASE json_extract(evidence, '$.rule')"
	" WHEN 'stuffing' THEN 'stuffing' WHEN 'clock' THEN 'clock'"
	" WHEN 'offline' THEN 'offline' WHEN 'no_status' THEN 'offline' ELSE kind END"
	" WHERE kind = 'integrity' AND json_valid(evidence)";

/* Version 8: the people's side (store_users.h) — the console's users with their sites, login
 * sessions and failed logins, API tokens with their sites, the audit, officers' shifts and the
 * transactions opened at counters — and what the fleet page shows of each terminal: its version, its
 * fault, whether its clock agreed with ours, and when its last rating was stored. Secrets are kept
 * as hashes only (TEXT: argon2id strings, hex BLAKE2b). */
static const char store_schema_8[] =
	"CREATE TABLE web_user(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role INTEGER NOT NULL,"
	" officer TEXT NOT NULL DEFAULT '', disabled INTEGER NOT NULL DEFAULT 0, hash TEXT NOT NULL,"
	" created INTEGER NOT NULL);"
	"CREATE TABLE web_user_site(user_id INTEGER NOT NULL REFERENCES web_user(id), site TEXT NOT NULL,"
	" PRIMARY KEY(user_id, site)) WITHOUT ROWID;"
	"CREATE TABLE web_login(token_hash TEXT NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES web_user(id),"
	" started INTEGER NOT NULL, seen INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX web_login_user ON web_login(user_id, seen);"
	"CREATE TABLE web_login_failure(\"key\" TEXT NOT NULL PRIMARY KEY, count INTEGER NOT NULL,"
	" last INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX web_login_failure_last ON web_login_failure(last);"
	"CREATE TABLE api_token(id INTEGER PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,"
	" created INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0, last_used INTEGER NOT NULL DEFAULT 0);"
	/* One valid token per name; revoked ones stay, for the record. */
	"CREATE UNIQUE INDEX api_token_valid ON api_token(name) WHERE revoked = 0;"
	"CREATE TABLE api_token_site(token_id INTEGER NOT NULL REFERENCES api_token(id), site TEXT NOT NULL,"
	" PRIMARY KEY(token_id, site)) WITHOUT ROWID;"
	"CREATE TABLE audit(id INTEGER PRIMARY KEY, at INTEGER NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL,"
	" site TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX audit_site ON audit(site, id);"
	"CREATE TABLE counter_shift(id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES web_user(id),"
	" site TEXT NOT NULL, counter TEXT NOT NULL, started INTEGER NOT NULL, ended INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX counter_shift_open ON counter_shift(user_id) WHERE ended = 0;"
	"CREATE TABLE counter_txn(id INTEGER PRIMARY KEY, site TEXT NOT NULL, counter TEXT NOT NULL,"
	" officer TEXT NOT NULL, procedure TEXT NOT NULL, opened INTEGER NOT NULL,"
	" expires INTEGER NOT NULL DEFAULT 0, closed INTEGER NOT NULL DEFAULT 0, \"by\" TEXT NOT NULL);"
	"CREATE INDEX counter_txn_counter ON counter_txn(site, counter, id);"
	"CREATE INDEX counter_txn_open ON counter_txn(site, counter) WHERE closed = 0;"
	"CREATE INDEX counter_txn_officer ON counter_txn(officer, procedure, id);"
	"ALTER TABLE terminal_status ADD COLUMN version TEXT;"
	"ALTER TABLE terminal_status ADD COLUMN fault TEXT;"
	"ALTER TABLE terminal_status ADD COLUMN clock_ok INTEGER;"
	"ALTER TABLE terminal_status ADD COLUMN last_rating INTEGER;";

/* Version 10: what terminals show of the people at a counter — an officer's title and photo (kept
 * once per content hash in roster_photo, with the file name the CSV gave, so the console's upload can
 * tell a photo it keeps), counters' display names, and which photo topics hold a retained photo, so
 * that a publish can clear those no longer named. Written so that running it again on a database
 * that has some of it already (tests make such databases by lowering user_version) does no harm. */
static int store_schema_10(struct store *s)
{
	static const char *const columns[] = { "title", "photo", "photo_file" };

	for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
		char sql[160];
		sqlite3_stmt *st;
		int have = -1;
		snprintf(sql, sizeof sql, "SELECT count(*) FROM pragma_table_info('roster_officer') WHERE name = '%s'",
			 columns[i]);
		if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
			have = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		if (have < 0)
			return HL_ERR_DB;
		snprintf(sql, sizeof sql, "ALTER TABLE roster_officer ADD COLUMN %s TEXT NOT NULL DEFAULT ''", columns[i]);
		if (!have && store_exec(s, sql) != HL_OK)
			return HL_ERR_DB;
	}
	return store_exec(s, "CREATE TABLE IF NOT EXISTS roster_photo(hash TEXT NOT NULL PRIMARY KEY, bytes BLOB NOT NULL);"
			     "CREATE TABLE IF NOT EXISTS roster_counter(site TEXT NOT NULL, code TEXT NOT NULL,"
			     " name TEXT NOT NULL, PRIMARY KEY(site, code)) WITHOUT ROWID;"
			     "CREATE TABLE IF NOT EXISTS roster_photo_sent(site TEXT NOT NULL, code TEXT NOT NULL,"
			     " PRIMARY KEY(site, code)) WITHOUT ROWID;");
}

/* Version 13: the alerts of serious flags wait here until serve has published them (store_flags.h):
 * held to the next whole hour, and kept across a restart or a broker outage, so that none is lost
 * and none goes twice. Flags opened before this version were published when they opened: none
 * waits. */
static int store_schema_13(struct store *s)
{
	return store_exec(s, "CREATE TABLE IF NOT EXISTS flag_alert(flag INTEGER NOT NULL PRIMARY KEY"
			     " REFERENCES flag(id))");
}

/* Version 12: the one-stop system's monthly dossier counts (store_dossier.h), which `report 766` sets
 * beside the ratings: one row per site, month and procedure, keyed in that order because an import
 * replaces whole (site, month)s. The checks repeat the importer's (dossier.h). Harmless to run again. */
static int store_schema_12(struct store *s)
{
	return store_exec(s, "CREATE TABLE IF NOT EXISTS dossier_month(site TEXT NOT NULL, month INTEGER NOT NULL,"
			     " procedure TEXT NOT NULL, received INTEGER NOT NULL CHECK(received >= 0),"
			     " resolved INTEGER NOT NULL CHECK(resolved >= 0),"
			     " overdue INTEGER NOT NULL CHECK(overdue BETWEEN 0 AND resolved),"
			     " complaints INTEGER NOT NULL CHECK(complaints BETWEEN 0 AND resolved),"
			     " imported INTEGER NOT NULL, PRIMARY KEY(site, month, procedure)) WITHOUT ROWID");
}

/* Version 14: each site's display name ("Sở Công Thương tỉnh Bến Tre"), from `roster import
 * --sites` (store_roster.h), for the reports and the console to show beside the site's code. Harmless
 * to run again. */
static int store_schema_14(struct store *s)
{
	return store_exec(s, "CREATE TABLE IF NOT EXISTS roster_site(code TEXT NOT NULL PRIMARY KEY,"
			     " name TEXT NOT NULL) WITHOUT ROWID");
}

/* Version 15: reaching people (DESIGN §13). notify_pref is what each console user chose to receive
 * (store_prefs.h): an e-mail address, flag alerts (0 none, 1 serious flags, 2 every flag), a scheduled
 * report (0 none, 1 daily, 2 weekly, 3 monthly) and, for the province, the monthly SIPAS export,
 * with when the report and the export were last switched (a period due before is not sent).
 * site_board says whether a site's public board (Bảng công khai) is shown; a site without a row is
 * off. delivery is the queue of e-mails and webhook calls (store_delivery.h): one row per topic and
 * recipient ("flag:17" for "user:lanhdao"), which is what makes a delivery go once however often it
 * is planned, its attachments in delivery_part, every attempt in delivery_log. notify_flag holds
 * the flags already planned; notify_state the notifier's few numbers (when it first ran). Harmless
 * to run again. */
static int store_schema_15(struct store *s)
{
	return store_exec(s, "CREATE TABLE IF NOT EXISTS notify_pref(user_id INTEGER NOT NULL PRIMARY KEY"
			     " REFERENCES web_user(id), email TEXT NOT NULL DEFAULT '',"
			     " alerts INTEGER NOT NULL DEFAULT 0 CHECK(alerts BETWEEN 0 AND 2),"
			     " reports INTEGER NOT NULL DEFAULT 0 CHECK(reports BETWEEN 0 AND 3),"
			     " sipas INTEGER NOT NULL DEFAULT 0 CHECK(sipas BETWEEN 0 AND 1), changed INTEGER NOT NULL,"
			     " reports_since INTEGER NOT NULL DEFAULT 0, sipas_since INTEGER NOT NULL DEFAULT 0);"
			     "CREATE TABLE IF NOT EXISTS site_board(site TEXT NOT NULL PRIMARY KEY,"
			     " enabled INTEGER NOT NULL, changed INTEGER NOT NULL) WITHOUT ROWID;"
			     "CREATE TABLE IF NOT EXISTS delivery(id INTEGER PRIMARY KEY, topic TEXT NOT NULL,"
			     " recipient TEXT NOT NULL, channel INTEGER NOT NULL, address TEXT NOT NULL,"
			     " site TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, created INTEGER NOT NULL,"
			     " next_at INTEGER NOT NULL, expires INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
			     " status INTEGER NOT NULL DEFAULT 0, done_at INTEGER NOT NULL DEFAULT 0,"
			     " last_error TEXT NOT NULL DEFAULT '', UNIQUE(topic, recipient));"
			     "CREATE INDEX IF NOT EXISTS delivery_due ON delivery(status, next_at);"
			     "CREATE TABLE IF NOT EXISTS delivery_part(delivery INTEGER NOT NULL REFERENCES delivery(id),"
			     " seq INTEGER NOT NULL, name TEXT NOT NULL, mime TEXT NOT NULL, bytes BLOB NOT NULL,"
			     " PRIMARY KEY(delivery, seq)) WITHOUT ROWID;"
			     "CREATE TABLE IF NOT EXISTS delivery_log(id INTEGER PRIMARY KEY,"
			     " delivery INTEGER NOT NULL REFERENCES delivery(id), at INTEGER NOT NULL,"
			     " attempt INTEGER NOT NULL, ok INTEGER NOT NULL, detail TEXT NOT NULL);"
			     "CREATE INDEX IF NOT EXISTS delivery_log_of ON delivery_log(delivery);"
			     "CREATE TABLE IF NOT EXISTS notify_flag(flag INTEGER NOT NULL PRIMARY KEY REFERENCES flag(id),"
			     " planned INTEGER NOT NULL);"
			     "CREATE TABLE IF NOT EXISTS notify_state(\"key\" TEXT NOT NULL PRIMARY KEY,"
			     " value INTEGER NOT NULL) WITHOUT ROWID");
}

static int store_schema_step(struct store *s, int to)
{
	char sql[4096] = "CREATE TABLE rollup(dim INTEGER NOT NULL, grain INTEGER NOT NULL,"
			 " period INTEGER NOT NULL, site TEXT NOT NULL, code TEXT NOT NULL,"
			 " scale INTEGER NOT NULL, ";

	switch (to) {
	case 1:
		return store_exec(s, store_schema_1);
	case 2:
		/* Daily and monthly counts per counter, officer and procedure, filled from the ratings
		 * already stored. */
		store_columns(sql, sizeof sql, "%s INTEGER NOT NULL DEFAULT 0");
		strcat(sql, ", PRIMARY KEY(dim, grain, period, site, code, scale)) WITHOUT ROWID");
		if (store_exec(s, sql) != HL_OK)
			return HL_ERR_DB;
		return store_backfill(s);
	case 3:
		return store_exec(s, store_schema_3);
	case 4:
		/* Roll-ups gain the site dimension: recount them from the ratings. */
		return store_backfill(s);
	case 5:
		return store_schema_5(s);
	case 6:
		/* Rejected messages no longer kept, counted per reason. */
		return store_exec(s, "CREATE TABLE rejected_dropped(reason TEXT NOT NULL PRIMARY KEY,"
				     " count INTEGER NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL)"
				     " WITHOUT ROWID");
	case 7:
		return store_exec(s, store_schema_7);
	case 8:
		return store_exec(s, store_schema_8);
	case 9:
		/* The pair dimensions drill-downs read (officer × procedure, officer × counter, procedure ×
		 * counter; rollup.h), by day only, counted from the ratings already stored. The table and
		 * its key stay: a pair row's code is "FIRST/SECOND". The single dimensions' rows are left as
		 * they are. A database already at 9 from before pairs were by day only keeps its month pair
		 * rows: nothing reads them (store_read.c), a rebuild drops them. */
		return store_fill(s, ROLLUP_DIM_COUNT, ROLLUP_DIM_ALL - 1);
	case 10:
		return store_schema_10(s);
	case 11:
		return store_result_columns(s);
	case 12:
		return store_schema_12(s);
	case 13:
		return store_schema_13(s);
	case 14:
		return store_schema_14(s);
	case 15:
		return store_schema_15(s);
	}
	return HL_ERR_INVALID;
}

int store_migrate(struct store *s, char *err, size_t cap)
{
	sqlite3_stmt *st;
	int version = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version < 0) {
		snprintf(err, cap, "cannot read the schema version: %s", sqlite3_errmsg(s->db));
		return HL_ERR_DB;
	}
	if (version > STORE_SCHEMA_VERSION) {
		snprintf(err, cap, "the database has schema version %d, newer than this program's %d",
			 version, STORE_SCHEMA_VERSION);
		return HL_ERR_INVALID;
	}
	while (version < STORE_SCHEMA_VERSION) {
		char pragma[64];
		int rc = store_exec(s, "BEGIN IMMEDIATE");
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version + 1);
		if (rc == HL_OK)
			rc = store_schema_step(s, version + 1);
		if (rc == HL_OK)
			rc = store_exec(s, pragma);
		if (rc == HL_OK)
			rc = store_exec(s, "COMMIT");
		if (rc != HL_OK) {
			snprintf(err, cap, "migrating the schema to version %d failed: %s", version + 1,
				 sqlite3_errmsg(s->db));
			store_exec(s, "ROLLBACK");
			return rc;
		}
		version++;
	}
	return HL_OK;
}
