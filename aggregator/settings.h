/* SPDX-License-Identifier: MIT
 * settings.h — the aggregator's configuration: one table of keys (settings.c), read from the config
 * file and then overridden from the command line, the same path at start and on SIGHUP. */
#ifndef HL_SETTINGS_H
#define HL_SETTINGS_H

#include "config.h"
#include "sipas.h"
#include "url.h"

#include <stddef.h>

struct settings {
	char broker[300];       /* mqtt[s]://HOST:PORT */
	struct broker_security sec; /* how serve and the commands log in to it */
	/* Accounts (`terminal`, `account`): the broker's dynamic-security admin login, and the address
	 * the terminals are told to use (default: broker). */
	char admin_username[128];
	char admin_password_file[512];
	char terminal_broker[300];
	/* The login of the one-shot commands that publish (roster publish, session open|close). It must
	 * differ from serve's: the broker makes the username the client id, so a second connection with
	 * serve's login would push serve off (and wipe its queued session). */
	char cli_username[128];
	char cli_password_file[512];
	char db[512];           /* SQLite file */
	char client_id[64];     /* fixed, so the broker keeps our session */
	int session_expiry;     /* seconds the broker keeps our queue while we are away */
	int utc_offset_minutes; /* the sites' local time, for days and months (Vietnam: 420) */
	char log_level[16];
	int batch_max;          /* most messages committed in one transaction */
	int queue_max;          /* messages held in memory before the broker is left to hold them */
	/* Complaint flags (flags.h): windows and limits in seconds, shares in percent. */
	int burst_window, burst_min_ratings, burst_share;
	int stuffing_window, stuffing_max;
	int offline_max;
	int trend_min_n, trend_days;
	int clock_max_age_days; /* a terminal's time is believed at most this far back (ingest.h) */
	int rejected_max;       /* rows of `rejected` kept */
	int rejected_max_age_days;
	char sipas_weights[192]; /* "ELEMENT=WEIGHT,…" (or the older "W_CONG_CHUC,W_THU_TUC,W_KET_QUA") for export sipas */
	int target_percent;     /* the html report's target index (bars below it in the warning colour); 0: none */
	/* A serious flag's alert is held to the next whole multiple of this many seconds of local time
	 * (3600: the next whole hour); 0 publishes it at once (flags.h flag_alert_due). */
	int alert_hold_seconds;
	/* What a head reads (report tables, `flags`, alert summaries): "vi" or "en". */
	char lang[8];
	char qd766_max_points[16]; /* report 766: the satisfaction criterion's points (dossier.h) */
};

/* The login the one-shot commands use: sec with cli_username and cli_password_file when set. */
void settings_cli_login(const struct settings *st, struct broker_security *out);

/* A command-line override: borrowed strings. */
struct settings_override {
	const char *key, *value;
};

void settings_defaults(struct settings *st);
/* Defaults, then the file at path (when not NULL), then the overrides. HL_ERR_* with err filled. */
int settings_load(struct settings *st, const char *path, const struct settings_override *ov, size_t nov,
		  struct config_error *err);
/* The complaint-flag thresholds of st. */
struct flag_params;
void settings_flag_params(const struct settings *st, struct flag_params *p);
/* What the store keeps and how it counts (store.h), from st. */
struct store_policy;
void settings_store_policy(const struct settings *st, struct store_policy *p);
/* st's lang as enum i18n_lang. */
int settings_lang(const struct settings *st);
/* Parses "a,b,c" (three numbers >= 0, not all 0) into w. HL_ERR_INVALID otherwise. */
int settings_weights(const char *text, double w[SIPAS_EL_COUNT], char *why, size_t cap);
/* The option table, for --help listings. */
const struct config_option *settings_options(void);

#endif
