/* SPDX-License-Identifier: MIT
 * notify_settings.h — hailong-notify's configuration: one table of keys (settings.c), read from
 * the config file and then overridden from the command line, the same path at start and on SIGHUP.
 * (Not settings.h: the aggregator's header of that name is on the include path.) */
#ifndef HL_NOTIFY_SETTINGS_H
#define HL_NOTIFY_SETTINGS_H

#include "config.h"
#include "digest.h"

#include <stddef.h>

struct notify_settings {
	char db[512];                  /* the aggregator's SQLite file */
	char smtp_url[512];            /* smtp://HOST:587 (STARTTLS required) or smtps://HOST:465 */
	char smtp_username[128];
	char smtp_password_file[512];  /* the password alone, mode 600 */
	char smtp_cafile[512];         /* CA of the mail server's certificate ("" : the system's) */
	char mail_from[256];           /* the sender's address */
	char webhooks_file[512];       /* CSV name,url,secret_file,sites ("" : none) */
	int utc_offset_minutes;
	char lang[8];                  /* vi or en */
	int alert_hold_seconds;        /* as the aggregator's (flags.h flag_alert_due) */
	int retry_first_seconds, retry_max_seconds;
	int expire_hours;
	int timeout_seconds;           /* one delivery's connection and transfer at most */
	int report_hour;
	char console_url[256];         /* https://… of the console, for links ("" : none) */
	int pdf;
	char chromium[256];
	char log_level[16];
};

struct notify_override {
	const char *key, *value;
};

void notify_settings_defaults(struct notify_settings *st);
/* Defaults, then the file at path (when not NULL), then the overrides. HL_ERR_* with err filled. */
int notify_settings_load(struct notify_settings *st, const char *path, const struct notify_override *ov, size_t nov,
			 struct config_error *err);
/* st's lang as enum i18n_lang. */
int notify_settings_lang(const struct notify_settings *st);
/* What the scheduled reports' planner reads of st (digest.h). */
void notify_settings_digest(const struct notify_settings *st, struct digest_settings *ds);
const struct config_option *notify_settings_options(void);

#endif
