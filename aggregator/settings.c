/* SPDX-License-Identifier: MIT
 * settings.c — the aggregator's option table. Adding a key is one line here. */
#include "settings.h"

#include "dossier.h"
#include "flags.h"
#include "hl.h"
#include "i18n.h"
#include "log.h"
#include "report.h"
#include "store.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define OPT_STR(k, f, t, h) CONFIG_OPT_STR(struct settings, k, f, t, h)
#define OPT_INT(k, f, lo, hi, h) CONFIG_OPT_INT(struct settings, k, f, lo, hi, h)

static const struct config_option settings_table[] = {
	OPT_STR("broker", broker, CONFIG_URL, "broker address, mqtts://HOST:PORT (mqtt:// for loopback)"),
	CONFIG_OPT_SECURITY(struct settings, sec),
	OPT_STR("admin_username", admin_username, CONFIG_STRING,
		"accounts: the broker's dynamic-security admin login"),
	OPT_STR("admin_password_file", admin_password_file, CONFIG_PATH, "accounts: file holding its password"),
	OPT_STR("cli_username", cli_username, CONFIG_STRING,
		"roster publish, session: their own login (e.g. aggregator.main-cli), never serve's"),
	OPT_STR("cli_password_file", cli_password_file, CONFIG_PATH, "roster publish, session: its password file"),
	OPT_STR("terminal_broker", terminal_broker, CONFIG_URL,
		"accounts: broker address written into new terminals' configs (default: broker)"),
	OPT_STR("db", db, CONFIG_STRING, "SQLite database file"),
	OPT_STR("client_id", client_id, CONFIG_STRING, "MQTT client id (fixed, keeps the broker session)"),
	OPT_INT("session_expiry", session_expiry, 60, 30 * 86400, "seconds the broker keeps our queue"),
	OPT_INT("utc_offset_minutes", utc_offset_minutes, -720, 840, "local time of the sites"),
	OPT_STR("log_level", log_level, CONFIG_STRING, "error, warn, info or debug"),
	OPT_INT("batch_max", batch_max, 1, 100000, "most ratings committed in one transaction"),
	OPT_INT("queue_max", queue_max, 100, 1000000, "messages held in memory at most"),
	OPT_INT("burst_window", burst_window, 1, 86400,
		"flags: seconds of one counter's ratings the burst rule looks at"),
	OPT_INT("burst_min_ratings", burst_min_ratings, 2, FLAG_WINDOW_MAX,
		"flags: ratings in that window before a burst can be flagged"),
	OPT_INT("burst_share", burst_share, 1, 100,
		"flags: percent of them with a dissatisfied answer that make a burst"),
	OPT_INT("stuffing_window", stuffing_window, 1, 3600,
		"flags: seconds in which one terminal may send at most stuffing_max ratings"),
	OPT_INT("stuffing_max", stuffing_max, 1, FLAG_WINDOW_MAX - 1,
		"flags: more ratings than this within stuffing_window are faster than people can"),
	OPT_INT("offline_max", offline_max, 1, 30 * 86400,
		"flags: seconds a terminal may be offline (or without a status) before a flag"),
	OPT_INT("trend_min_n", trend_min_n, 1, 1000000,
		"flags: officer answers in the period before the trend rule judges an officer"),
	OPT_INT("trend_days", trend_days, 1, 366,
		"flags: days of roll-ups the trend rule compares (officer vs site, Wilson bounds)"),
	OPT_INT("clock_max_age_days", clock_max_age_days, 1, 3650,
		"a synchronised terminal's own time is believed back this many days (its spool after an"
		" outage); older or future times count on the day received, with a clock flag"),
	OPT_INT("rejected_max", rejected_max, 100, 10000000,
		"rejected messages kept at most (oldest dropped first, counted per reason)"),
	OPT_INT("rejected_max_age_days", rejected_max_age_days, 1, 3650,
		"days a rejected message is kept at most"),
	OPT_STR("sipas_weights", sipas_weights, CONFIG_STRING,
		"export sipas: ELEMENT=WEIGHT,… (cong_chuc, thu_tuc_hanh_chinh, ket_qua_dich_vu; others have no data), 1 each by default"),
	OPT_INT("target_percent", target_percent, 0, 100,
		"report --format html: the target index; bars below it are drawn in the warning colour (0: none)"),
	OPT_INT("alert_hold_seconds", alert_hold_seconds, 0, 86400,
		"a serious flag's alert is held to the next whole multiple of this many seconds of local"
		" time (3600: the next whole hour), so its arrival does not date the complaint; 0: at once"),
	OPT_STR("lang", lang, CONFIG_LANG,
		"vi or en: the language of report tables, `flags` and alert summaries (--lang wins)"),
	OPT_STR("qd766_max_points", qd766_max_points, CONFIG_STRING,
		"report 766: points of the satisfaction criterion at a rate of 90 % or more (default 2)"),
	{ 0 },
};

const struct config_option *settings_options(void)
{
	return settings_table;
}

void settings_defaults(struct settings *st)
{
	struct flag_params fp;

	memset(st, 0, sizeof *st);
	strcpy(st->broker, "mqtt://127.0.0.1:1883");
	strcpy(st->db, "/var/lib/hailong/aggregator.db");
	strcpy(st->client_id, "hailong-aggregator");
	st->session_expiry = 7 * 86400;
	st->utc_offset_minutes = 7 * 60;
	strcpy(st->log_level, "info");
	st->batch_max = 5000;
	st->queue_max = 20000;
	flag_params_default(&fp);
	st->burst_window = fp.burst_window;
	st->burst_min_ratings = fp.burst_min_ratings;
	st->burst_share = fp.burst_share;
	st->stuffing_window = fp.stuffing_window;
	st->stuffing_max = fp.stuffing_max;
	st->offline_max = fp.offline_max;
	st->trend_min_n = fp.trend_min_n;
	st->trend_days = fp.trend_days;
	st->clock_max_age_days = (int)(fp.clock_max_age / 86400);
	st->rejected_max = 10000;
	st->rejected_max_age_days = 30;
	strcpy(st->sipas_weights, "cong_chuc=1,thu_tuc_hanh_chinh=1,ket_qua_dich_vu=1");
	st->target_percent = 90; /* as the console's target_percent */
	st->alert_hold_seconds = 3600;
	strcpy(st->lang, "vi");
	snprintf(st->qd766_max_points, sizeof st->qd766_max_points, "%g", DOSSIER_MAX_POINTS_DEFAULT);
}

int settings_lang(const struct settings *st)
{
	int lang = i18n_lang_parse(st->lang);

	return lang < 0 ? I18N_VI : lang;
}

void settings_store_policy(const struct settings *st, struct store_policy *p)
{
	store_policy_default(p);
	p->clock_max_age = (int64_t)st->clock_max_age_days * 86400;
	p->rejected_max = st->rejected_max;
	p->rejected_max_age = (int64_t)st->rejected_max_age_days * 86400;
}

void settings_cli_login(const struct settings *st, struct broker_security *out)
{
	*out = st->sec;
	if (st->cli_username[0]) {
		snprintf(out->username, sizeof out->username, "%s", st->cli_username);
		snprintf(out->password_file, sizeof out->password_file, "%s", st->cli_password_file);
	}
}

int settings_weights(const char *text, double w[SIPAS_EL_COUNT], char *why, size_t cap)
{
	return sipas_weights_parse(text, w, why, cap);
}

void settings_flag_params(const struct settings *st, struct flag_params *p)
{
	p->burst_window = st->burst_window;
	p->burst_min_ratings = st->burst_min_ratings;
	p->burst_share = st->burst_share;
	p->stuffing_window = st->stuffing_window;
	p->stuffing_max = st->stuffing_max;
	p->offline_max = st->offline_max;
	p->trend_min_n = st->trend_min_n;
	p->trend_days = st->trend_days;
	p->clock_max_age = (int64_t)st->clock_max_age_days * 86400;
}

int settings_load(struct settings *st, const char *path, const struct settings_override *ov, size_t nov,
		  struct config_error *err)
{
	struct settings tmp;
	int rc;

	settings_defaults(&tmp);
	if (path && (rc = config_load_file(settings_table, &tmp, path, err)) != HL_OK)
		return rc;
	for (size_t i = 0; i < nov; i++)
		if ((rc = config_set(settings_table, &tmp, ov[i].key, ov[i].value, err)) != HL_OK)
			return rc;
	double w[SIPAS_EL_COUNT];
	char why[160];
	if (settings_weights(tmp.sipas_weights, w, why, sizeof why) != HL_OK) {
		memset(err, 0, sizeof *err);
		snprintf(err->file, sizeof err->file, "%s", path ? path : "");
		snprintf(err->key, sizeof err->key, "sipas_weights");
		snprintf(err->msg, sizeof err->msg, "%s", why);
		return HL_ERR_INVALID;
	}
	double points;
	if (dossier_max_points_parse(tmp.qd766_max_points, &points) != HL_OK) {
		memset(err, 0, sizeof *err);
		snprintf(err->file, sizeof err->file, "%s", path ? path : "");
		snprintf(err->key, sizeof err->key, "qd766_max_points");
		snprintf(err->msg, sizeof err->msg, "'%s' is not a number of points above 0 and at most 100",
			 tmp.qd766_max_points);
		return HL_ERR_INVALID;
	}
	if (log_level_parse(tmp.log_level) < 0) {
		memset(err, 0, sizeof *err);
		snprintf(err->file, sizeof err->file, "%s", path ? path : "");
		snprintf(err->key, sizeof err->key, "log_level");
		snprintf(err->msg, sizeof err->msg, "'%s' is not error, warn, info or debug", tmp.log_level);
		return HL_ERR_INVALID;
	}
	struct broker_url u;
	const char *bad;
	url_parse(tmp.broker, &u); /* CONFIG_URL checked it */
	if (broker_security_check(&u, &tmp.sec, &bad, err->msg, sizeof err->msg) != HL_OK) {
		snprintf(err->file, sizeof err->file, "%s", path ? path : "");
		err->line = 0;
		snprintf(err->key, sizeof err->key, "%s", bad);
		return HL_ERR_INVALID;
	}
	struct broker_security cli;
	settings_cli_login(&tmp, &cli);
	if (tmp.cli_username[0] && strcmp(tmp.cli_username, tmp.sec.username) == 0) {
		snprintf(err->file, sizeof err->file, "%s", path ? path : "");
		snprintf(err->key, sizeof err->key, "cli_username");
		snprintf(err->msg, sizeof err->msg, "must differ from username: the broker would push serve off");
		return HL_ERR_INVALID;
	}
	if (broker_security_check(&u, &cli, &bad, err->msg, sizeof err->msg) != HL_OK) {
		snprintf(err->file, sizeof err->file, "%s", path ? path : "");
		snprintf(err->key, sizeof err->key, "%s", strcmp(bad, "username") == 0 ? "cli_username"
							  : strcmp(bad, "password_file") == 0 ? "cli_password_file" : bad);
		return HL_ERR_INVALID;
	}
	if (!tmp.terminal_broker[0])
		snprintf(tmp.terminal_broker, sizeof tmp.terminal_broker, "%s", tmp.broker);
	*st = tmp;
	return HL_OK;
}
