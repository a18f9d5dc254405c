/* SPDX-License-Identifier: MIT
 * roster_opts.c — one option parser for `roster` and `session`, so the two spell, check and refuse
 * options the same way: every id and code is checked as it is read, and an option an action does not
 * take is a usage error rather than silently ignored. */
#include "roster_opts.h"

#include "cli.h"
#include "hl.h"
#include "settings.h"
#include "topic.h"
#include "url.h"
#include "wire.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool parse_long(const char *text, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* Parses the options of one action (argv[0] is the action's name). allowed is a mask of enum
 * roster_opt. Returns 0, 1 after --help (printed), or 2 after a usage error (printed). */
int roster_opts_parse(int argc, char **argv, unsigned allowed, void (*usage)(FILE *), struct roster_opts *o)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },     { "db", required_argument, NULL, 'd' },
		{ "broker", required_argument, NULL, 'b' },     { "site", required_argument, NULL, 's' },
		{ "counter", required_argument, NULL, 'C' },    { "officer", required_argument, NULL, 'O' },
		{ "procedure", required_argument, NULL, 'P' },  { "expires-in", required_argument, NULL, 'e' },
		{ "timeout", required_argument, NULL, 't' },    { "help", no_argument, NULL, 'h' },
		{ "txn", required_argument, NULL, 'T' },        { "duty", required_argument, NULL, 'D' },
		{ "none", no_argument, NULL, 'N' },             { "sites", required_argument, NULL, 'S' },
		{ 0 },
	};
	int opt, idx;
	long v;

	memset(o, 0, sizeof *o);
	o->expires_min = ROSTER_OPTS_EXPIRES_DEFAULT;
	o->timeout_s = ROSTER_OPTS_TIMEOUT_DEFAULT;
	optind = 0; /* glibc: start afresh */
	while ((opt = getopt_long(argc, argv, "c:h", longopts, &idx)) != -1) {
		unsigned bit = 0;
		switch (opt) {
		case 'c': bit = ROSTER_OPT_CONFIG; o->config = optarg; break;
		case 'd': bit = ROSTER_OPT_DB; o->db = optarg; break;
		case 'b': {
			struct broker_url u;
			bit = ROSTER_OPT_BROKER;
			o->broker = optarg;
			if (url_parse(optarg, &u) != HL_OK)
				return cli_usage_error(usage, "--broker '%s' is not mqtt[s]://HOST:PORT", optarg);
			break;
		}
		case 's':
			bit = ROSTER_OPT_SITE;
			o->site = optarg;
			if (!topic_id_valid(optarg))
				return cli_usage_error(usage, "--site '%s' must match [a-z0-9-]{1,32}", optarg);
			break;
		case 'C':
			bit = ROSTER_OPT_COUNTER;
			o->counter = optarg;
			if (!topic_id_valid(optarg))
				return cli_usage_error(usage, "--counter '%s' must match [a-z0-9-]{1,32}", optarg);
			break;
		case 'O':
		case 'P':
			bit = opt == 'O' ? ROSTER_OPT_OFFICER : ROSTER_OPT_PROCEDURE;
			*(opt == 'O' ? &o->officer : &o->procedure) = optarg;
			if (!optarg[0] || !wire_code_valid(optarg))
				return cli_usage_error(usage, opt == 'O' ? "--officer '%s' must match [A-Za-z0-9._-]{1,32}"
								     : "--procedure '%s' must match [A-Za-z0-9._-]{1,32}",
						   optarg);
			break;
		case 'T':
			bit = ROSTER_OPT_TXN;
			o->txn = optarg;
			if (!wire_txn_valid(optarg))
				return cli_usage_error(usage, "--txn '%s' must match [A-Za-z0-9._-]{1,36}", optarg);
			break;
		case 'D':
			bit = ROSTER_OPT_DUTY;
			o->duty = optarg;
			if (!optarg[0] || !wire_code_valid(optarg))
				return cli_usage_error(usage, "--duty '%s' must match [A-Za-z0-9._-]{1,32}", optarg);
			break;
		case 'N': bit = ROSTER_OPT_NONE; break;
		case 'S': bit = ROSTER_OPT_SITES; o->sites = optarg; break;
		case 'e':
			bit = ROSTER_OPT_EXPIRES;
			if (!parse_long(optarg, 0, ROSTER_OPTS_EXPIRES_MAX, &o->expires_min))
				return cli_usage_error(usage, "--expires-in '%s' must be minutes, 0 to 10080", optarg);
			break;
		case 't':
			bit = ROSTER_OPT_TIMEOUT;
			if (!parse_long(optarg, 1, 600, &v))
				return cli_usage_error(usage, "--timeout '%s' must be seconds, 1 to 600", optarg);
			o->timeout_s = (int)v;
			break;
		case 'h': usage(stdout); return 1;
		default: return cli_usage_hint(usage);
		}
		if (!(bit & allowed)) {
			char what[64] = "";
			for (const struct option *lo = longopts; lo->name; lo++)
				if (lo->val == opt)
					snprintf(what, sizeof what, "--%s does not apply to '%s'", lo->name, argv[0]);
			return cli_usage_error(usage, "option %s", what);
		}
		o->given |= bit;
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	return 0;
}

/* Settings from -c FILE (or the defaults) with --db and --broker over them. Returns 0, or 1 after
 * printing the error. */
int roster_opts_settings(const struct roster_opts *o, struct settings *st)
{
	struct cli_common c = { .config = o->config };

	if (o->db)
		cli_override(&c, "db", o->db);
	if (o->broker)
		cli_override(&c, "broker", o->broker);
	return cli_settings(&c, st);
}
