/* SPDX-License-Identifier: MIT
 * conf.h — hailong-web's settings: one table of keys (conf.c) read from web.conf, then overridden by
 * the command line (--listen, --db, --broker), checked once; a bad key stops the program with the
 * file, the line and the key. */
#ifndef HL_CONF_H
#define HL_CONF_H

#include "config.h"
#include "url.h"

#include <stdbool.h>
#include <stddef.h>

struct web_conf {
	char listen[80];            /* HOST:PORT; default 127.0.0.1:8080 */
	char db[512];               /* the aggregator's SQLite file (must exist) */
	char broker[300];           /* mqtt[s]://HOST:PORT; "" = no broker (sessions cannot be opened) */
	struct broker_security sec; /* the console's own broker login (account add web) */
	char tls_cert[512], tls_key[512]; /* both set: HTTPS */
	char trusted_proxy[64];     /* the reverse proxy's address, whose X-Forwarded-For is believed */
	char public_url[200];       /* how people reach the console (printed, and the Origin checked) */
	int utc_offset_minutes;
	int session_idle_minutes;   /* a login session ends after this long unused (30) */
	int session_max_hours;      /* and this long after login whatever happens (12) */
	int txn_expires_minutes;    /* a transaction opened at a counter ends after this (15) */
	int target_percent;         /* the target line drawn on the report tables (90) */
	int connections_max;        /* HTTP connections at once (256) */
	int db_connections;         /* store connections in the pool (8) */
	int nice;                   /* the console's CPU priority below the aggregator's (10) */
	int cpu_idle;               /* SCHED_IDLE: the CPU no one else wants (yes) */
	int cache_seconds;          /* report tables are reused this long for the same question (5) */
	int board_refresh_seconds;  /* the public board (Bảng công khai) reloads itself this often (60) */
	char sipas_weights[192];
	char log_level[16];
};

struct web_conf_override {
	const char *key, *value;
};

void web_conf_defaults(struct web_conf *c);
/* Defaults, then the file (when path is not NULL), then the overrides; then checks. HL_ERR_* with
 * err filled (file, line, key, why). */
int web_conf_load(struct web_conf *c, const char *path, const struct web_conf_override *ov, size_t nov,
		  struct config_error *err);
const struct config_option *web_conf_options(void);
/* Splits "HOST:PORT". HL_ERR_INVALID when it is not that. */
int web_conf_listen(const char *text, char *host, size_t hcap, int *port);

#endif
