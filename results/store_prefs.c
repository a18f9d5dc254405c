/* SPDX-License-Identifier: MIT
 * store_prefs.c — the SQL of what people chose to receive (notify_pref) and of the sites' public
 * boards (site_board), schema v15, with the checks on an address and the names of the choices. It
 * touches no other table but reads web_user for the list. Its statements are prepared by the call
 * that uses them: a choice is set a few times a year and read once a minute by hailong-notify, and
 * every other connection would pay for them at open and never use them. */
#include "store_prefs.h"
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool pref_email_valid(const char *email)
{
	const char *at;
	size_t n;

	if (!email)
		return false;
	if (!email[0])
		return true;
	n = strlen(email);
	if (n > PREF_EMAIL_MAX || !(at = strchr(email, '@')) || strchr(at + 1, '@') || at == email || !at[1])
		return false;
	for (const unsigned char *p = (const unsigned char *)email; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("\"<>(),;:\\[]", *p))
			return false;
	/* The domain has a dot and no empty label. */
	return strchr(at + 1, '.') && !strstr(at + 1, "..") && at[1] != '.' && email[n - 1] != '.';
}

static const char *const pref_alerts_names[][2] = { { "khong", "none" }, { "nghiem-trong", "serious" },
						    { "tat-ca", "all" } };
static const char *const pref_reports_names[][2] = { { "khong", "none" }, { "ngay", "daily" },
						     { "tuan", "weekly" }, { "thang", "monthly" } };

static int pref_parse(const char *const (*names)[2], int n, const char *name)
{
	for (int i = 0; name && i < n; i++)
		if (!strcmp(name, names[i][0]) || !strcmp(name, names[i][1]))
			return i;
	return -1;
}

int pref_alerts_parse(const char *name)
{
	return pref_parse(pref_alerts_names, 3, name);
}

const char *pref_alerts_name(int alerts)
{
	return alerts >= 0 && alerts < 3 ? pref_alerts_names[alerts][1] : NULL;
}

int pref_reports_parse(const char *name)
{
	return pref_parse(pref_reports_names, 4, name);
}

const char *pref_reports_name(int reports)
{
	return reports >= 0 && reports < 4 ? pref_reports_names[reports][1] : NULL;
}

static void store_pref_row(sqlite3_stmt *st, int first, struct store_pref *out)
{
	out->user_id = sqlite3_column_int64(st, first);
	snprintf(out->email, sizeof out->email, "%s", (const char *)sqlite3_column_text(st, first + 1));
	out->alerts = sqlite3_column_int(st, first + 2);
	out->reports = sqlite3_column_int(st, first + 3);
	out->sipas = sqlite3_column_int(st, first + 4) != 0;
	out->changed = sqlite3_column_int64(st, first + 5);
	out->reports_since = sqlite3_column_int64(st, first + 6);
	out->sipas_since = sqlite3_column_int64(st, first + 7);
}

#define STORE_PREF_COLUMNS "user_id, email, alerts, reports, sipas, changed, reports_since, sipas_since"

int store_pref_get(struct store *s, int64_t user_id, struct store_pref *out)
{
	sqlite3_stmt *st = NULL;
	int rc = HL_ERR_DB, step;

	memset(out, 0, sizeof *out);
	out->user_id = user_id;
	if (sqlite3_prepare_v2(s->db, "SELECT " STORE_PREF_COLUMNS " FROM notify_pref WHERE user_id = ?", -1, &st,
			       NULL) != SQLITE_OK)
		return HL_ERR_DB;
	sqlite3_bind_int64(st, 1, user_id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		store_pref_row(st, 0, out);
	if (step == SQLITE_ROW || step == SQLITE_DONE)
		rc = HL_OK;
	sqlite3_finalize(st);
	return rc;
}

static const char *store_pref_fault(const struct store_pref *p)
{
	if (!memchr(p->email, '\0', sizeof p->email) || !pref_email_valid(p->email))
		return "not an e-mail address";
	if (p->alerts < PREF_ALERTS_NONE || p->alerts > PREF_ALERTS_ALL)
		return "alerts out of range";
	if (p->reports < PREF_REPORTS_NONE || p->reports > PREF_REPORTS_MONTHLY)
		return "reports out of range";
	if (!p->email[0] && (p->alerts || p->reports || p->sipas))
		return "an e-mail address is needed to receive anything";
	return NULL;
}

int store_pref_set(struct store *s, const struct store_pref *p, int64_t now)
{
	const char *why = store_pref_fault(p);
	sqlite3_stmt *st = NULL;
	int rc;

	struct store_user u;

	s->failed[0] = '\0';
	if (why)
		return store_refuse(s, why);
	if ((rc = store_user_get_id(s, p->user_id, &u)) == HL_ERR_NOTFOUND)
		return store_refuse(s, "no such user");
	if (rc != HL_OK)
		return rc;
	explicit_bzero(u.hash, sizeof u.hash);
	/* Alerts and reports are a head's (their sites'), the SIPAS export the province's. */
	if ((p->alerts || p->reports) && u.role != ROLE_HEAD)
		return store_refuse(s, "alerts and scheduled reports are for heads (lanh-dao)");
	if (p->sipas && u.role != ROLE_PROVINCE)
		return store_refuse(s, "the monthly SIPAS export is for the province (tinh)");
	if ((rc = store_begin(s)) != HL_OK)
		return rc;
	rc = HL_ERR_DB;
	if (sqlite3_prepare_v2(s->db,
			       "INSERT INTO notify_pref(" STORE_PREF_COLUMNS ") SELECT id, ?2, ?3, ?4, ?5, ?6, ?6, ?6"
			       " FROM web_user WHERE id = ?1 ON CONFLICT(user_id) DO UPDATE SET email = excluded.email,"
			       " alerts = excluded.alerts, reports_since = CASE WHEN reports = excluded.reports"
			       " THEN reports_since ELSE excluded.changed END, reports = excluded.reports,"
			       " sipas_since = CASE WHEN sipas = excluded.sipas THEN sipas_since ELSE excluded.changed END,"
			       " sipas = excluded.sipas, changed = excluded.changed",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, p->user_id);
		sqlite3_bind_text(st, 2, p->email, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, p->alerts);
		sqlite3_bind_int(st, 4, p->reports);
		sqlite3_bind_int(st, 5, p->sipas ? 1 : 0);
		sqlite3_bind_int64(st, 6, now);
		rc = store_step(st);
		if (rc == HL_OK && sqlite3_changes(s->db) == 0)
			rc = store_refuse(s, "no such user");
	}
	sqlite3_finalize(st);
	return store_end(s, rc);
}

int store_pref_list(struct store *s, store_pref_fn fn, void *ud)
{
	sqlite3_stmt *st = NULL;
	struct store_pref p;
	struct store_user u;
	int rc = HL_OK, step;

	if (sqlite3_prepare_v2(s->db,
			       "SELECT p.user_id, p.email, p.alerts, p.reports, p.sipas, p.changed, p.reports_since,"
			       " p.sipas_since FROM notify_pref p"
			       " JOIN web_user u ON u.id = p.user_id WHERE u.disabled = 0 AND p.email != ''"
			       " AND (p.alerts > 0 OR p.reports > 0 OR p.sipas > 0) ORDER BY u.name",
			       -1, &st, NULL) != SQLITE_OK)
		return HL_ERR_DB;
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		store_pref_row(st, 0, &p);
		if ((rc = store_user_get_id(s, p.user_id, &u)) == HL_OK)
			rc = fn(ud, &u, &p);
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_finalize(st);
	return rc;
}

int store_board_get(struct store *s, const char *site, bool *enabled)
{
	sqlite3_stmt *st = NULL;
	int rc = HL_ERR_DB, step;

	*enabled = false;
	if (sqlite3_prepare_v2(s->db, "SELECT enabled FROM site_board WHERE site = ?", -1, &st, NULL) != SQLITE_OK)
		return HL_ERR_DB;
	sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*enabled = sqlite3_column_int(st, 0) != 0;
	if (step == SQLITE_ROW || step == SQLITE_DONE)
		rc = HL_OK;
	sqlite3_finalize(st);
	return rc;
}

int store_board_list(struct store *s, store_board_fn fn, void *ud)
{
	sqlite3_stmt *st = NULL;
	int rc = HL_OK, step = SQLITE_DONE;

	if (sqlite3_prepare_v2(s->db, "SELECT site, enabled FROM site_board ORDER BY site", -1, &st, NULL) != SQLITE_OK)
		return HL_ERR_DB;
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(ud, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1) != 0);
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_finalize(st);
	return rc;
}

int store_board_set(struct store *s, const char *site, bool enabled, int64_t now)
{
	sqlite3_stmt *st = NULL;
	int rc;

	s->failed[0] = '\0';
	if (!store_site_valid(site))
		return store_refuse(s, "not a site code");
	if ((rc = store_begin(s)) != HL_OK)
		return rc;
	rc = HL_ERR_DB;
	if (sqlite3_prepare_v2(s->db,
			       "INSERT INTO site_board(site, enabled, changed) VALUES(?, ?, ?) ON CONFLICT(site)"
			       " DO UPDATE SET enabled = excluded.enabled, changed = excluded.changed",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, enabled ? 1 : 0);
		sqlite3_bind_int64(st, 3, now);
		rc = store_step(st);
	}
	sqlite3_finalize(st);
	return store_end(s, rc);
}
