/* SPDX-License-Identifier: MIT
 * settings.c — hailong-notify's option table (notify_settings.h). Adding a key is one line here;
 * rules of a value (an smtp:// address, a sender's address) are checked as it is set, so an error
 * names the file, the line and the key. */
#include "notify_settings.h"

#include "hl.h"
#include "i18n.h"
#include "log.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define OPT_STR(k, f, t, h) CONFIG_OPT_STR(struct notify_settings, k, f, t, h)
#define OPT_INT(k, f, lo, hi, h) CONFIG_OPT_INT(struct notify_settings, k, f, lo, hi, h)
#define OPT_CHECKED(k, f, c, h) CONFIG_OPT_CHECKED(struct notify_settings, k, f, c, h)

static bool settings_printable(const char *v)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '"' || *p == '\\' || *p == '<' || *p == '>')
			return false;
	return true;
}

static const char *settings_smtp_check(const char *v)
{
	if (!v[0])
		return NULL;
	if (strncmp(v, "smtp://", 7) != 0 && strncmp(v, "smtps://", 8) != 0)
		return "not smtp://HOST[:PORT] (STARTTLS required) or smtps://HOST[:PORT] (TLS)";
	if (!settings_printable(v) || v[strncmp(v, "smtp://", 7) == 0 ? 7 : 8] == '\0')
		return "not an address: a host, no blanks";
	return NULL;
}

static const char *settings_from_check(const char *v)
{
	const char *at = strchr(v, '@');

	if (!v[0])
		return NULL;
	if (!at || at == v || !at[1] || strchr(at + 1, '@') || !settings_printable(v) || strchr(v, ',') || strchr(v, ';'))
		return "not an e-mail address (NAME@DOMAIN)";
	return NULL;
}

static const char *settings_console_check(const char *v)
{
	if (!v[0])
		return NULL;
	if ((strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0) || !settings_printable(v))
		return "not an http:// or https:// address";
	return NULL;
}

static const struct config_option notify_table[] = {
	OPT_STR("db", db, CONFIG_STRING, "the aggregator's SQLite database file"),
	OPT_CHECKED("smtp_url", smtp_url, settings_smtp_check,
		    "mail relay: smtp://HOST:587 (STARTTLS required) or smtps://HOST:465 (\"\": no e-mail)"),
	OPT_STR("smtp_username", smtp_username, CONFIG_STRING, "mail relay login (\"\": none)"),
	OPT_STR("smtp_password_file", smtp_password_file, CONFIG_PATH, "file holding its password alone (mode 600)"),
	OPT_STR("smtp_cafile", smtp_cafile, CONFIG_PATH, "CA certificate of the relay (\"\": the system's)"),
	OPT_CHECKED("mail_from", mail_from, settings_from_check, "the sender's address (its domain names the Message-ID)"),
	OPT_STR("webhooks_file", webhooks_file, CONFIG_PATH, "CSV name,url,secret_file,sites (\"\": no webhooks)"),
	OPT_INT("utc_offset_minutes", utc_offset_minutes, -720, 840, "local time of the sites"),
	OPT_STR("lang", lang, CONFIG_LANG, "vi or en: what the e-mails and webhooks say"),
	OPT_INT("alert_hold_seconds", alert_hold_seconds, 0, 86400,
		"a flag's alert is held to the next whole multiple of this many seconds of local time, as the"
		" aggregator's (3600: the next whole hour); 0: at once"),
	OPT_INT("retry_first_seconds", retry_first_seconds, 1, 86400, "a failed delivery is tried again after this"),
	OPT_INT("retry_max_seconds", retry_max_seconds, 1, 7 * 86400, "… each time twice as late, at most this apart"),
	OPT_INT("expire_hours", expire_hours, 1, 30 * 24, "a delivery not done by then is given up"),
	OPT_INT("timeout_seconds", timeout_seconds, 1, 600, "one delivery's connection and transfer at most"),
	OPT_INT("report_hour", report_hour, 0, 23, "local hour of the day after a period when its report goes"),
	OPT_CHECKED("console_url", console_url, settings_console_check,
		    "the console's address for the links in the e-mails (\"\": no link)"),
	{ "pdf", CONFIG_BOOL, offsetof(struct notify_settings, pdf), sizeof(int), 0, 1,
	  "reports: attach a PDF made by headless Chromium where it is installed", NULL },
	OPT_STR("chromium", chromium, CONFIG_STRING, "reports: the browser for the PDF (\"\": chromium, chromium-browser)"),
	OPT_STR("log_level", log_level, CONFIG_STRING, "error, warn, info or debug"),
	{ 0 },
};

const struct config_option *notify_settings_options(void)
{
	return notify_table;
}

void notify_settings_defaults(struct notify_settings *st)
{
	memset(st, 0, sizeof *st);
	strcpy(st->db, "/var/lib/hailong/aggregator.db");
	st->utc_offset_minutes = 7 * 60;
	strcpy(st->lang, "vi");
	st->alert_hold_seconds = 3600;
	st->retry_first_seconds = 30;
	st->retry_max_seconds = 3600;
	st->expire_hours = 72;
	st->timeout_seconds = 60;
	st->report_hour = 7;
	st->pdf = 1;
	strcpy(st->log_level, "info");
}

int notify_settings_lang(const struct notify_settings *st)
{
	int lang = i18n_lang_parse(st->lang);

	return lang < 0 ? I18N_VI : lang;
}

void notify_settings_digest(const struct notify_settings *st, struct digest_settings *ds)
{
	memset(ds, 0, sizeof *ds);
	ds->utc_offset = st->utc_offset_minutes * 60;
	ds->report_hour = st->report_hour;
	snprintf(ds->lang, sizeof ds->lang, "%s", notify_settings_lang(st) == I18N_EN ? "en" : "vi");
	snprintf(ds->console_url, sizeof ds->console_url, "%s", st->console_url);
	ds->pdf = st->pdf != 0;
	snprintf(ds->chromium, sizeof ds->chromium, "%s", st->chromium);
	ds->expire_hours = st->expire_hours;
}

static int settings_refuse(struct config_error *err, const char *path, const char *key, const char *msg)
{
	memset(err, 0, sizeof *err);
	snprintf(err->file, sizeof err->file, "%s", path ? path : "");
	snprintf(err->key, sizeof err->key, "%s", key);
	snprintf(err->msg, sizeof err->msg, "%s", msg);
	return HL_ERR_INVALID;
}

int notify_settings_load(struct notify_settings *st, const char *path, const struct notify_override *ov, size_t nov,
			 struct config_error *err)
{
	struct notify_settings tmp;
	int rc;

	notify_settings_defaults(&tmp);
	if (path && (rc = config_load_file(notify_table, &tmp, path, err)) != HL_OK)
		return rc;
	for (size_t i = 0; i < nov; i++)
		if ((rc = config_set(notify_table, &tmp, ov[i].key, ov[i].value, err)) != HL_OK)
			return rc;
	if (log_level_parse(tmp.log_level) < 0)
		return settings_refuse(err, path, "log_level", "not error, warn, info or debug");
	if (tmp.retry_max_seconds < tmp.retry_first_seconds)
		return settings_refuse(err, path, "retry_max_seconds", "less than retry_first_seconds");
	if (tmp.smtp_url[0] && !tmp.mail_from[0])
		return settings_refuse(err, path, "mail_from", "needed with smtp_url: the sender's address");
	if (tmp.smtp_username[0] && !tmp.smtp_password_file[0])
		return settings_refuse(err, path, "smtp_password_file", "needed with smtp_username");
	*st = tmp;
	return HL_OK;
}
