/* SPDX-License-Identifier: MIT
 * cmd_session.c — `session open|close`: publishes or clears a counter's retained session
 * (hailong/v1/SITE/COUNTER/session) for one-stop software that does not publish sessions itself.
 * With --db the officer and procedure are first checked against the stored roster. Owns no state
 * beyond one command's run; the options are roster_opts.c's, the wire format is in shared/. Start
 * reading cmd_session() at the bottom. */
#include "commands.h"

#include "cli.h"
#include "hl.h"
#include "link.h"
#include "log.h"
#include "roster.h"
#include "roster_opts.h"
#include "settings.h"
#include "store.h"
#include "store_roster.h"
#include "topic.h"
#include "wire.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define PROG CLI_PROG

/* ---- usage ------------------------------------------------------------------------------------- */

static void usage_session(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " session open (--broker mqtts://HOST:PORT | -c FILE) --site SITE --counter COUNTER\n"
		"                              --officer CODE --procedure CODE [--expires-in MINUTES]\n"
		"                              [--db PATH] [--timeout SECONDS]\n"
		"       " PROG " session close (--broker mqtts://HOST:PORT | -c FILE) --site SITE --counter COUNTER\n"
		"                              [--timeout SECONDS]\n"
		"\n"
		"For counters whose one-stop software does not publish sessions itself. 'open' publishes the\n"
		"retained session {\"officer\",\"procedure\",\"expires\"} on hailong/v1/SITE/COUNTER/session (QoS 1):\n"
		"the counter's terminal names that officer and procedure and takes one rating for the session.\n"
		"It ends after --expires-in minutes (default %d; 0: only when closed). 'close' clears the\n"
		"session (an empty retained message). Both wait for the broker's acknowledgement.\n"
		"site and counter: [a-z0-9-]{1,32}; codes: [A-Za-z0-9._-]{1,32}. With --db, the officer and the\n"
		"procedure must be in the stored roster of SITE.\n",
		ROSTER_OPTS_EXPIRES_DEFAULT);
}

/* ---- session open / close ---------------------------------------------------------------------- */

/* With --db: the officer and the procedure must be in the stored roster of the site. Returns 0 or 1
 * (printed). */
static int session_check_roster(const struct roster_opts *o, const struct settings *st)
{
	struct store *s;
	struct roster *r = NULL;
	int rc, bad = 0;

	if (cli_open_or_create_store(st, &s))
		return 1;
	rc = store_roster_load(s, o->site, &r);
	if (rc != HL_OK) {
		fprintf(stderr, PROG ": cannot read the roster: %s\n", rc == HL_ERR_DB ? store_errmsg(s) : hl_strerror(rc));
		bad = 1;
	} else {
		if (!roster_name(r, ROSTER_OFFICER, o->officer)) {
			fprintf(stderr, PROG ": officer '%s' is not in the roster of site %s\n", o->officer, o->site);
			bad = 1;
		}
		if (!roster_name(r, ROSTER_PROCEDURE, o->procedure)) {
			fprintf(stderr, PROG ": procedure '%s' is not in the roster\n", o->procedure);
			bad = 1;
		}
	}
	roster_free(r);
	store_close(s);
	return bad;
}

static int session_run(int argc, char **argv, bool open)
{
	struct roster_opts o;
	struct settings st;
	struct link *l;
	char topic[HL_TOPIC_MAX], body[HL_BODY_MAX];
	size_t len = 0;
	unsigned need = ROSTER_OPT_SITE | ROSTER_OPT_COUNTER | (open ? ROSTER_OPT_OFFICER | ROSTER_OPT_PROCEDURE : 0);
	unsigned allowed = need | ROSTER_OPT_CONFIG | ROSTER_OPT_BROKER | ROSTER_OPT_TIMEOUT | (open ? ROSTER_OPT_EXPIRES | ROSTER_OPT_DB : 0);
	int64_t expires;
	int rc;

	if ((rc = roster_opts_parse(argc, argv, allowed, usage_session, &o)) != 0)
		return rc == 1 ? 0 : rc;
	if (o.nargs)
		return cli_usage_error(usage_session, "unexpected argument '%s'", o.args[0]);
	if (!(o.given & (ROSTER_OPT_BROKER | ROSTER_OPT_CONFIG)))
		return cli_usage_error(usage_session, "%s", "--broker mqtts://HOST:PORT (or -c FILE) is required");
	static const struct {
		unsigned bit;
		const char *what;
	} required[] = { { ROSTER_OPT_SITE, "--site" }, { ROSTER_OPT_COUNTER, "--counter" }, { ROSTER_OPT_OFFICER, "--officer" },
			 { ROSTER_OPT_PROCEDURE, "--procedure" } };
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if ((need & required[i].bit) && !(o.given & required[i].bit))
			return cli_usage_error(usage_session, "%s is required", required[i].what);
	if (roster_opts_settings(&o, &st))
		return 1;
	expires = o.expires_min ? (int64_t)time(NULL) + o.expires_min * 60 : 0;
	if (topic_counter(topic, sizeof topic, o.site, o.counter, "session") != HL_OK) {
		fprintf(stderr, PROG ": site or counter too long for a topic\n");
		return 1;
	}
	if (open) {
		struct wire_session ws = { .expires = expires };
		snprintf(ws.officer, sizeof ws.officer, "%s", o.officer);
		snprintf(ws.procedure, sizeof ws.procedure, "%s", o.procedure);
		if (o.db && session_check_roster(&o, &st))
			return 1;
		if (wire_session_encode(&ws, body, sizeof body, &len) != HL_OK) {
			fprintf(stderr, PROG ": cannot encode the session\n");
			return 1;
		}
	}
	struct broker_security login;
	settings_cli_login(&st, &login);
	if (!(l = cli_broker_connect(st.broker, &login, o.timeout_s)))
		return 1;
	/* An empty retained message removes the retained session: that is the close. */
	if (link_publish(l, topic, body, len, 1, true) != HL_OK) {
		fprintf(stderr, PROG ": publishing on %s failed (the broker connection was lost)\n", topic);
		link_stop(l, NULL);
		return 1;
	}
	if (cli_broker_finish(l, st.broker, o.timeout_s) != 0)
		return 1;
	if (!open) {
		printf("session closed on %s\n", topic);
	} else if (o.expires_min) {
		char until[32];
		time_t t = (time_t)expires;
		struct tm tm;
		strftime(until, sizeof until, "%Y-%m-%d %H:%M", localtime_r(&t, &tm));
		printf("session open on %s: officer %s, procedure %s, until %s\n", topic, o.officer, o.procedure, until);
	} else {
		printf("session open on %s: officer %s, procedure %s, until closed\n", topic, o.officer, o.procedure);
	}
	return 0;
}

int cmd_session(int argc, char **argv)
{
	log_set_level(LOG_ERROR);
	if (argc < 2)
		return cli_usage_error(usage_session, "%s", "which action? open or close");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage_session(stdout);
		return 0;
	}
	if (strcmp(argv[1], "open") == 0 || strcmp(argv[1], "close") == 0)
		return session_run(argc - 1, argv + 1, strcmp(argv[1], "open") == 0);
	return cli_usage_error(usage_session, "unknown action '%s'", argv[1]);
}
