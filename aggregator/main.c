/* SPDX-License-Identifier: MIT
 * hailong-aggregator — receives citizens' ratings from the counter terminals through an MQTT broker,
 * stores each exactly once in SQLite and receipts it, and answers people's questions about them.
 *
 * How it works: `serve` (serve.c) runs the daemon loop: the link (net/link.c) queues messages from
 * the broker, the ingest core (ingest.c) validates them against wire format v1, the store (store.c)
 * commits ratings, rejects and roll-ups in one transaction, and only then are receipts published.
 * After each commit the flag engine (flags.c) looks at the new ratings and opens complaint flags
 * (store_flags.c). The other subcommands read the same database: `report` and `export` sum roll-ups
 * into indices (index.c) and write them (report.c, cmd_report.c); `flags` follows a flag's life
 * (cmd_flags.c); `roster` and `session` manage names and sessions (cmd_roster.c, cmd_session.c);
 * `terminal` and `account` make broker logins (cmd_account.c); `user` and `token` make the web
 * console's users and API tokens (cmd_user.c, cmd_token.c); `import dossiers` and `report 766` set
 * the one-stop system's dossier counts beside the ratings (cmd_dossier.c); `rejected` lists what was
 * refused and why.
 *
 * Start reading main(). */
#include "cli.h"
#include "commands.h"
#include "escape.h"
#include "hl.h"
#include "i18n.h"
#include "log.h"
#include "numfmt.h"
#include "period.h"
#include "report.h"
#include "serve.h"
#include "settings.h"
#include "store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROG "hailong-aggregator"

static void usage_main(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " COMMAND [OPTIONS]\n"
		"\n"
		"Commands:\n"
		"  serve      receive ratings from the broker and store them (the daemon)\n"
		"  report     satisfaction indices per officer, procedure, counter or site; report 766\n"
		"  export     SIPAS inputs for the province (export sipas)\n"
		"  flags      complaint flags: list, show, acknowledge, resolve\n"
		"  rejected   list messages that were refused, with the reason\n"
		"  backup     a consistent copy of the database, also while serve runs\n"
		"  roster     import officers and procedures from CSV, show them, publish them to terminals\n"
		"  import     the one-stop system's monthly dossier counts, for report 766 (import dossiers)\n"
		"  session    open or close a counter's transaction, or name its officer on duty\n"
		"  terminal   broker logins of the counter terminals: add, passwd, remove, list\n"
		"  account    broker logins of aggregators, web console, one-stop software, bridges\n"
		"  user       the web console's users: add, list, passwd, disable, enable\n"
		"  token      the web console's API tokens for one-stop software: add, list, revoke\n"
		"  board      the public board (Bảng công khai) of a site on the console: on, off, list\n"
		"\n"
		"'" PROG " COMMAND --help' describes a command. '" PROG " --version' prints the version.\n");
}

static void usage_serve(FILE *f)
{
	const struct config_option *o = settings_options();

	fprintf(f,
		"Usage: " PROG " serve [-c FILE] [--broker mqtts://HOST:PORT] [--db PATH] [--client-id ID]\n"
		"                          [--log-level LEVEL]\n"
		"\n"
		"Subscribes to hailong/v1/+/+/rating (QoS 1, MQTT v5, persistent session), stores every\n"
		"valid rating once, publishes its receipt after the commit, and keeps invalid messages in\n"
		"the 'rejected' table. Also reads the terminals' retained hailong/v1/+/+/status, opens\n"
		"complaint flags (serious, burst, trend, stuffing, clock, offline, fault) and publishes\n"
		"serious ones on hailong/v1/SITE/alerts, held to the next whole hour of local time\n"
		"(alert_hold_seconds; kept in the database until sent, across restarts) and dated by day,\n"
		"never by time. SIGTERM drains and exits 0; SIGHUP reloads the config file.\n"
		"Options given on the command line win over the config file. Over mqtts:// it checks the\n"
		"broker's certificate and host name against cafile and logs in with username and\n"
		"password_file (read again before every connect). A refused login is retried with back-off;\n"
		"it exits 1 only where no retry can help (no username configured, or the broker refuses this\n"
		"client's protocol, client id or authentication method).\n"
		"\n"
		"Config file keys (key = value):\n");
	for (; o->key; o++)
		fprintf(f, "  %-20s %s\n", o->key, o->help);
}

static void usage_rejected(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " rejected (--db PATH | -c FILE) [--limit N]\n"
		"\n"
		"Lists the newest rejected messages (default 50), oldest first: when (the sites' local time,\n"
		"utc_offset_minutes, with its zone: 2026-12-02 08:06:09 +07), topic, reason, and the start\n"
		"of the payload.\n");
}

static int cmd_serve(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },  { "broker", required_argument, NULL, 'b' },
		{ "db", required_argument, NULL, 'd' },      { "client-id", required_argument, NULL, 'i' },
		{ "log-level", required_argument, NULL, 'l' }, { "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct cli_common c = { 0 };
	struct settings st;
	int opt;

	while ((opt = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': c.config = optarg; break;
		case 'b': cli_override(&c, "broker", optarg); break;
		case 'd': cli_override(&c, "db", optarg); break;
		case 'i': cli_override(&c, "client_id", optarg); break;
		case 'l': cli_override(&c, "log_level", optarg); break;
		case 'h': usage_serve(stdout); return 0;
		default: return cli_usage_hint(usage_serve);
		}
	}
	if (optind < argc)
		return cli_usage_error(usage_serve, "unexpected argument '%s'", argv[optind]);
	serve_signals();
	if (cli_settings(&c, &st))
		return 1;
	log_set_level((enum log_level)log_level_parse(st.log_level));
	return serve_run(&st, c.config, c.ov, c.nov);
}

static int print_reject(void *ud, const struct store_reject_row *r)
{
	char when[40];

	/* Everything here came from outside: escaped, so no byte of it can move the operator's cursor,
	 * clear the screen or forge a line. */
	char topic[400], reason[400], payload[1000];
	escape_text(topic, sizeof topic, r->topic, strlen(r->topic));
	escape_text(reason, sizeof reason, r->reason, strlen(r->reason));
	escape_text(payload, sizeof payload, r->payload, r->kept < 200 ? r->kept : 200);
	/* The sites' local time with its zone, as every command says a time (numfmt.h). */
	numfmt_time(when, sizeof when, I18N_EN, r->received, *(const int *)ud, true);
	printf("#%lld  %s  %s\n    reason: %s\n    payload (%zu bytes): %s%s\n", (long long)r->id, when, topic,
	       reason, r->size, payload, r->kept > 200 ? "..." : "");
	return HL_OK;
}

/* Rejected messages no longer kept (beyond rejected_max or rejected_max_age_days), per reason. */
static int print_dropped(void *ud, const struct store_reject_total *t)
{
	(void)ud;
	printf("%lld more rejected for %s, not kept\n", (long long)t->count, t->reason);
	return HL_OK;
}

static int cmd_rejected(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' }, { "db", required_argument, NULL, 'd' },
		{ "limit", required_argument, NULL, 'n' },  { "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct cli_common c = { 0 };
	struct settings st;
	struct store *s;
	int limit = 50, opt;
	int64_t nrat, nrej;
	char *end;

	while ((opt = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': c.config = optarg; break;
		case 'd': cli_override(&c, "db", optarg); break;
		case 'n':
			limit = (int)strtol(optarg, &end, 10);
			if (*end || limit < 1 || limit > 1000000)
				return cli_usage_error(usage_rejected, "bad --limit '%s'", optarg);
			break;
		case 'h': usage_rejected(stdout); return 0;
		default: return cli_usage_hint(usage_rejected);
		}
	}
	if (optind < argc)
		return cli_usage_error(usage_rejected, "unexpected argument '%s'", argv[optind]);
	if (cli_settings(&c, &st) || cli_open_existing_store(&st, &s))
		return 1;
	int rc = store_count(s, &nrat, &nrej);
	if (rc == HL_OK) {
		printf("%lld rejected message%s (%lld ratings stored)\n", (long long)nrej, nrej == 1 ? "" : "s",
		       (long long)nrat);
		int utc_offset = st.utc_offset_minutes * 60;
		rc = store_rejected(s, limit, print_reject, &utc_offset);
	}
	if (rc == HL_OK)
		rc = store_rejected_dropped(s, print_dropped, NULL);
	if (rc != HL_OK)
		fprintf(stderr, PROG ": %s\n", store_errmsg(s));
	store_close(s);
	return rc == HL_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int, char **);
	} cmds[] = { { "serve", cmd_serve }, { "report", cmd_report }, { "export", cmd_export }, { "backup", cmd_backup }, { "rejected", cmd_rejected },
		     { "roster", cmd_roster }, { "session", cmd_session }, { "flags", cmd_flags },
		     { "import", cmd_import },
		     { "terminal", cmd_terminal }, { "account", cmd_account }, { "user", cmd_user },
		     { "token", cmd_token }, { "board", cmd_board } };

	log_init(PROG, LOG_INFO);
	if (argc < 2) {
		/* Nothing asked: the list of commands is the answer, on stderr with exit 2. */
		usage_main(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage_main(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf(PROG " " HL_VERSION "\n");
		return 0;
	}
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].run(argc - 1, argv + 1);
	return cli_usage_error(usage_main, "unknown command '%s'", argv[1]);
}
