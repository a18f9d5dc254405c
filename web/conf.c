/* SPDX-License-Identifier: MIT
 * conf.c — hailong-web's option table and the checks across keys. Adding a key is one line here. */
#include "conf.h"

#include "hl.h"
#include "log.h"
#include "sipas.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define OPT_STR(k, f, t, h) CONFIG_OPT_STR(struct web_conf, k, f, t, h)
#define OPT_INT(k, f, lo, hi, h) CONFIG_OPT_INT(struct web_conf, k, f, lo, hi, h)

static const struct config_option table[] = {
	OPT_STR("listen", listen, CONFIG_STRING, "HOST:PORT to serve on (127.0.0.1:8080)"),
	OPT_STR("db", db, CONFIG_PATH, "the aggregator's SQLite file"),
	OPT_STR("broker", broker, CONFIG_STRING,
		"mqtts://HOST:PORT for opening counter sessions and publishing the roster (empty: none)"),
	CONFIG_OPT_SECURITY(struct web_conf, sec),
	OPT_STR("tls_cert", tls_cert, CONFIG_PATH, "HTTPS: the console's certificate chain (PEM)"),
	OPT_STR("tls_key", tls_key, CONFIG_PATH, "HTTPS: its private key (PEM)"),
	OPT_STR("trusted_proxy", trusted_proxy, CONFIG_STRING,
		"address of a reverse proxy whose X-Forwarded-For names the client"),
	OPT_STR("public_url", public_url, CONFIG_STRING, "how people reach the console, e.g. https://hailong.example.vn"),
	OPT_INT("utc_offset_minutes", utc_offset_minutes, -720, 840, "local time of the sites"),
	OPT_INT("session_idle_minutes", session_idle_minutes, 1, 24 * 60, "a login ends after this long unused"),
	OPT_INT("session_max_hours", session_max_hours, 1, 24 * 7, "a login ends this long after it began"),
	OPT_INT("txn_expires_minutes", txn_expires_minutes, 1, 24 * 60,
		"a transaction opened at a counter ends after this long unrated"),
	OPT_INT("target_percent", target_percent, 0, 100, "the target line of the report tables"),
	OPT_INT("connections_max", connections_max, 8, 4096, "HTTP connections served at once"),
	OPT_INT("db_connections", db_connections, 1, 64, "database connections in the pool"),
	OPT_INT("nice", nice, 0, 19, "CPU priority below the aggregator's (0: the same), so ratings never wait for pages"),
	{ "cpu_idle", CONFIG_BOOL, offsetof(struct web_conf, cpu_idle), sizeof(int), 0, 1,
	  "yes: pages use only the CPU the aggregator and the broker leave (SCHED_IDLE); no: nice alone", NULL },
	OPT_INT("cache_seconds", cache_seconds, 0, 300,
		"seconds a report table is reused for the same question (0: never); figures are that old at most"),
	OPT_INT("board_refresh_seconds", board_refresh_seconds, 5, 3600,
		"the public board (/cong-khai/SITE) reloads itself this often"),
	OPT_STR("sipas_weights", sipas_weights, CONFIG_STRING,
		"SIPAS export: ELEMENT=WEIGHT,… (cong_chuc, thu_tuc_hanh_chinh, ket_qua_dich_vu), 1 each by default"),
	OPT_STR("log_level", log_level, CONFIG_STRING, "error, warn, info or debug"),
	{ 0 },
};

const struct config_option *web_conf_options(void)
{
	return table;
}

void web_conf_defaults(struct web_conf *c)
{
	memset(c, 0, sizeof *c);
	strcpy(c->listen, "127.0.0.1:8080");
	strcpy(c->db, "/var/lib/hailong/aggregator.db");
	c->utc_offset_minutes = 7 * 60;
	c->session_idle_minutes = 30;
	c->session_max_hours = 12;
	c->txn_expires_minutes = 15;
	c->target_percent = 90;
	c->connections_max = 256;
	c->db_connections = 8;
	c->nice = 10;
	c->cpu_idle = 1;
	c->cache_seconds = 5;
	c->board_refresh_seconds = 60;
	strcpy(c->sipas_weights, "cong_chuc=1,thu_tuc_hanh_chinh=1,ket_qua_dich_vu=1");
	strcpy(c->log_level, "info");
}

__attribute__((format(printf, 4, 0))) static int fail(struct config_error *err, const char *path, const char *key, const char *fmt, const char *arg)
{
	memset(err, 0, sizeof *err);
	snprintf(err->file, sizeof err->file, "%s", path ? path : "");
	snprintf(err->key, sizeof err->key, "%s", key);
	/* The value may be long (a path): keep its end, which says the most. */
	size_t n = strlen(arg);
	if (n > 120)
		arg += n - 120;
	snprintf(err->msg, sizeof err->msg, fmt, arg);
	return HL_ERR_INVALID;
}

int web_conf_listen(const char *text, char *host, size_t hcap, int *port)
{
	const char *colon = strrchr(text, ':');
	char *end;
	long p;

	if (!colon || colon == text || (size_t)(colon - text) >= hcap)
		return HL_ERR_INVALID;
	p = strtol(colon + 1, &end, 10);
	if (*end || p < 1 || p > 65535)
		return HL_ERR_INVALID;
	memcpy(host, text, (size_t)(colon - text));
	host[colon - text] = '\0';
	*port = (int)p;
	return HL_OK;
}

int web_conf_load(struct web_conf *c, const char *path, const struct web_conf_override *ov, size_t nov,
		  struct config_error *err)
{
	struct web_conf tmp;
	char host[80];
	int port, rc;
	double w[SIPAS_EL_COUNT];
	char why[192];

	web_conf_defaults(&tmp);
	if (path && (rc = config_load_file(table, &tmp, path, err)) != HL_OK)
		return rc;
	for (size_t i = 0; i < nov; i++)
		if ((rc = config_set(table, &tmp, ov[i].key, ov[i].value, err)) != HL_OK)
			return rc;
	if (web_conf_listen(tmp.listen, host, sizeof host, &port) != HL_OK)
		return fail(err, path, "listen", "'%s' is not HOST:PORT", tmp.listen);
	if (log_level_parse(tmp.log_level) < 0)
		return fail(err, path, "log_level", "'%s' is not error, warn, info or debug", tmp.log_level);
	if (sipas_weights_parse(tmp.sipas_weights, w, why, sizeof why) != HL_OK)
		return fail(err, path, "sipas_weights", "%s", why);
	if (!tmp.tls_cert[0] != !tmp.tls_key[0])
		return fail(err, path, tmp.tls_cert[0] ? "tls_key" : "tls_cert", "%s",
			    "tls_cert and tls_key go together (HTTPS needs both)");
	if (tmp.tls_cert[0] && access(tmp.tls_cert, R_OK) != 0)
		return fail(err, path, "tls_cert", "cannot read %s", tmp.tls_cert);
	if (tmp.tls_key[0] && access(tmp.tls_key, R_OK) != 0)
		return fail(err, path, "tls_key", "cannot read %s", tmp.tls_key);
	if (tmp.broker[0]) {
		struct broker_url u;
		const char *bad;
		if (url_parse(tmp.broker, &u) != HL_OK)
			return fail(err, path, "broker", "'%s' is not mqtt[s]://HOST[:PORT]", tmp.broker);
		if (broker_security_check(&u, &tmp.sec, &bad, err->msg, sizeof err->msg) != HL_OK) {
			snprintf(why, sizeof why, "%s", err->msg);
			return fail(err, path, bad, "%s", why);
		}
	}
	*c = tmp;
	return HL_OK;
}
