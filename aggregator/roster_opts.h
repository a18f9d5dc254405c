/* SPDX-License-Identifier: MIT
 * roster_opts.h — the command line shared by `roster import|show|publish` (cmd_roster.c) and
 * `session open|duty|close` (cmd_session.c): one table of options, each checked as it is read, and the
 * settings they override. Each action says which options it takes. */
#ifndef HL_ROSTER_OPTS_H
#define HL_ROSTER_OPTS_H

#include <stdio.h>

#define ROSTER_OPTS_TIMEOUT_DEFAULT 10   /* seconds to reach the broker, and again for its acks */
#define ROSTER_OPTS_EXPIRES_DEFAULT 15   /* minutes a transaction opened here lasts (the console's txn_expires_minutes) */
#define ROSTER_OPTS_EXPIRES_MAX (7 * 24 * 60)

/* One bit per option, for the allowed mask and for roster_opts.given. */
enum roster_opt {
	ROSTER_OPT_CONFIG = 1 << 0, ROSTER_OPT_DB = 1 << 1, ROSTER_OPT_BROKER = 1 << 2, ROSTER_OPT_SITE = 1 << 3,
	ROSTER_OPT_COUNTER = 1 << 4, ROSTER_OPT_OFFICER = 1 << 5, ROSTER_OPT_PROCEDURE = 1 << 6,
	ROSTER_OPT_EXPIRES = 1 << 7, ROSTER_OPT_TIMEOUT = 1 << 8, ROSTER_OPT_TXN = 1 << 9, ROSTER_OPT_DUTY = 1 << 10,
	ROSTER_OPT_NONE = 1 << 11, ROSTER_OPT_SITES = 1 << 12,
};

/* One action's options. Strings are borrowed from argv. */
struct roster_opts {
	unsigned given; /* the enum roster_opt bits of the options given */
	const char *config, *db, *broker, *site, *counter, *officer, *procedure;
	const char *txn;  /* --txn ID: [A-Za-z0-9._-]{1,36} */
	const char *duty; /* --duty CODE */
	const char *sites; /* --sites SITES.csv: the sites' names */
	long expires_min;
	int timeout_s;
	int nargs;
	char **args; /* positional arguments after the action */
};

/* Parses the options of one action (argv[0] is the action's name, named in errors); allowed is a
 * mask of enum roster_opt, and any other option is a usage error. Returns 0, 1 after --help (usage
 * printed to stdout), or 2 after a usage error (printed with usage to stderr). */
int roster_opts_parse(int argc, char **argv, unsigned allowed, void (*usage)(FILE *), struct roster_opts *o);

struct settings;
/* Settings from -c FILE (or the defaults) with --db and --broker over them. Returns 0, or 1 after
 * printing the error. */
int roster_opts_settings(const struct roster_opts *o, struct settings *st);

#endif
