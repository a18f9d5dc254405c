/* SPDX-License-Identifier: MIT
 * cli.h — what the aggregator's subcommands share: usage errors (exit 2), the -c FILE / --db PATH
 * options resolved through the settings table, opening the store with a clear message, and period
 * options (--from/--to, --month, --quarter, --year). */
#ifndef HL_CLI_H
#define HL_CLI_H

#include "period.h"
#include "settings.h"
#include "store.h"

#include <stdbool.h>
#include <stdio.h>

#define CLI_PROG "hailong-aggregator"

/* Prints "hailong-aggregator: " fmt (with arg) and "see 'hailong-aggregator CMD --help'" (the command
 * read from the usage's first line) to stderr — not the whole usage; returns 2. */
int cli_usage_error(void (*usage)(FILE *), const char *fmt, const char *arg);
/* After getopt has said what was wrong: "see 'hailong-aggregator CMD --help'" on stderr; returns 2. */
int cli_usage_hint(void (*usage)(FILE *));

struct cli_common;
/* Takes --lang LANG ("vi" or "en"), the language of what a head reads, as an override of the
 * settings' lang (whose default is vi); 0, or 2 after a usage error. */
int cli_lang_option(struct cli_common *c, const char *arg, void (*usage)(FILE *));

/* -c FILE and setting overrides (e.g. --db PATH) of one command line. Strings borrowed from argv. */
struct cli_common {
	const char *config;
	struct settings_override ov[16];
	size_t nov;
};
void cli_override(struct cli_common *c, const char *key, const char *value);
/* Loads the settings; prints the error (file, line, key) and returns 1 on failure, else 0. */
int cli_settings(struct cli_common *c, struct settings *st);
/* Loads the settings and opens the existing store (a missing file is an error, not a new empty
 * database); prints why and returns 1 on failure, else 0. */
int cli_open_store(struct cli_common *c, struct settings *st, struct store **out);
/* Opens the store at st->db, a missing file becoming a new database (for the commands that fill
 * it); prints why not and returns 1 on failure, else 0. */
int cli_open_or_create_store(const struct settings *st, struct store **out);
/* cli_open_or_create_store for a database that must be there already: a missing file is an error
 * (1) that names it, never an empty new database. */
int cli_open_existing_store(const struct settings *st, struct store **out);
/* 0 when site is NULL or the database knows it (ratings or a roster); else prints that it does not
 * and returns 1. */
int cli_check_site(struct store *s, const char *site);
struct site_list;
/* Adds to out every site cli_check_site knows (ratings ever stored, or a roster). HL_OK, HL_ERR_DB
 * (store_errmsg says why) or HL_ERR_NOMEM. */
int cli_known_sites(struct store *s, struct site_list *out);

struct link;
struct broker_security;
/* Connects to the broker at url_text with the login in sec within timeout_s (a refusal ends the wait
 * at once); prints why not ("the broker at URL refused us: bad username or password for 'x'") and
 * returns NULL otherwise. */
struct link *cli_broker_connect(const char *url_text, const struct broker_security *sec, int timeout_s);
/* Waits for the acks of everything published on l, then disconnects. Returns 0, or 1 after printing
 * that the broker did not acknowledge or refused a publish (not authorised). */
int cli_broker_finish(struct link *l, const char *url_text, int timeout_s);

/* A period from the command line: at most one of --from/--to (together), --month, --quarter, --year. */
struct cli_period {
	struct period_range from, to, span;
	int given; /* how many period options */
};
void cli_period_init(struct cli_period *p);
/* Takes one period option (opt: "from", "to", "month", "quarter", "year"); 0, or 2 after a usage
 * error. */
int cli_period_option(struct cli_period *p, const char *opt, const char *arg, void (*usage)(FILE *));
/* The resulting range (all time when none was given: *all_time true); 0, or 2 after a usage error. */
int cli_period_finish(struct cli_period *p, struct period_range *out, bool *all_time, void (*usage)(FILE *));

#endif
