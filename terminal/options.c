/* SPDX-License-Identifier: MIT
 * options.c — getopt_long over the terminal's one table of long options. Setting options become
 * overrides named by their config key, so the command line and the config file share one set of
 * checks (settings.c); the rest are returned for main. Owns nothing. */
#include "options.h"

#include "config.h"
#include "hl.h"

#include <getopt.h>
#include <string.h>

#define PROG OPTIONS_PROG

void options_usage(FILE *f)
{
	const struct config_option *o = tsettings_options();

	fprintf(f,
		"Usage: " PROG " [-c FILE] [--broker mqtts://HOST:PORT] [--site S] [--counter C] [--spool PATH]\n"
		"                        [--cafile FILE] [--certfile FILE --keyfile FILE]\n"
		"                        [--username NAME --password-file FILE]\n"
		"                        [--lang vi|en] [--window WxH] [--min-interval SECONDS] [--officer CODE]\n"
		"                        [--input-script FILE] [--screenshot PATH] [--stats FILE]\n"
		"\n"
		"The touch terminal at a one-stop counter. Full screen unless --window is given. Ratings are\n"
		"kept in the spool until the aggregator's receipt arrives.\n"
		"  --input-script FILE  play 'key K', 'tap X Y', 'wait MS', 'shot PATH', 'quit' lines\n"
		"  --screenshot PATH    save the screen as PNG: the first frame (then exit 0), or with a\n"
		"                       script the last one\n"
		"  --stats FILE         write latency figures at exit (for benchmarks)\n"
		"The broker password is read from the password file (mode 600) before every connect, never\n"
		"from the command line; a refused login is retried with back-off while ratings keep spooling.\n"
		"\n"
		"Config file keys (key = value):\n");
	for (; o->key; o++)
		fprintf(f, "  %-18s %s\n", o->key, o->help);
}

int options_parse(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },       { "broker", required_argument, NULL, 'b' },
		{ "site", required_argument, NULL, 's' },         { "counter", required_argument, NULL, 'C' },
		{ "spool", required_argument, NULL, 'p' },        { "lang", required_argument, NULL, 'l' },
		{ "window", required_argument, NULL, 'w' },       { "min-interval", required_argument, NULL, 'm' },
		{ "input-script", required_argument, NULL, 'i' }, { "screenshot", required_argument, NULL, 'S' },
		{ "stats", required_argument, NULL, 'T' },        { "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },            { "cafile", required_argument, NULL, 'a' },
		{ "certfile", required_argument, NULL, 'e' },     { "keyfile", required_argument, NULL, 'k' },
		{ "username", required_argument, NULL, 'u' },     { "password-file", required_argument, NULL, 'P' },
		{ "officer", required_argument, NULL, 'o' },
		{ 0 },
	};
	static const char *const keys[] = { ['b'] = "broker", ['s'] = "site", ['C'] = "counter", ['p'] = "spool",
					    ['l'] = "lang", ['w'] = "window", ['m'] = "min_interval",
					    ['a'] = "cafile", ['e'] = "certfile", ['k'] = "keyfile",
					    ['u'] = "username", ['P'] = "password_file", ['o'] = "officer" };
	int opt;

	memset(o, 0, sizeof *o);
	while ((opt = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': o->config = optarg; break;
		case 'b': case 's': case 'C': case 'p': case 'l': case 'w': case 'm':
		case 'a': case 'e': case 'k': case 'u': case 'P': case 'o':
			o->ov[o->nov++] = (struct tsettings_override){ keys[opt], optarg };
			break;
		case 'i': o->script_path = optarg; break;
		case 'S': o->shot = optarg; break;
		case 'T': o->stats_path = optarg; break;
		case 'h': options_usage(stdout); return 0;
		case 'V': printf(PROG " " HL_VERSION "\n"); return 0;
		default: options_usage(stderr); return 2;
		}
		if (o->nov == sizeof o->ov / sizeof o->ov[0]) {
			fprintf(stderr, PROG ": too many options\n");
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, PROG ": unexpected argument '%s'\n\n", argv[optind]);
		options_usage(stderr);
		return 2;
	}
	return -1;
}
