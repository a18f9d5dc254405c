/* SPDX-License-Identifier: MIT
 * cmd_session.c — `session open|duty|close`: publishes a counter's retained session
 * (hailong/v1/SITE/COUNTER/session, DESIGN §12) for counters whose one-stop software does not publish
 * sessions itself and that work without the web console: `open` one citizen's transaction (an id of
 * its own, a new UUID unless --txn gives one), `duty` the officer on duty between transactions, `close`
 * nothing at all. With --db the codes are first checked against the stored roster. Owns no state
 * beyond one command's run; the options are roster_opts.c's, the wire format is in shared/. Start
 * reading cmd_session() at the bottom. */
#include "commands.h"
#include "i18n.h"
#include "numfmt.h"

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
#include "uuid.h"
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
		"                              --officer CODE --procedure CODE [--txn ID] [--duty CODE]\n"
		"                              [--expires-in MINUTES] [--db PATH] [--timeout SECONDS]\n"
		"       " PROG " session duty (--broker mqtts://HOST:PORT | -c FILE) --site SITE --counter COUNTER\n"
		"                              (--officer CODE | --none) [--db PATH] [--timeout SECONDS]\n"
		"       " PROG " session close (--broker mqtts://HOST:PORT | -c FILE) --site SITE --counter COUNTER\n"
		"                              [--timeout SECONDS]\n"
		"\n"
		"For counters whose one-stop software does not publish sessions itself. A session is one\n"
		"citizen's transaction: the terminal names its officer and procedure and takes one rating for it.\n"
		"'open' publishes the retained {\"txn\",\"officer\",\"procedure\",\"expires\"[,\"duty\"]} on\n"
		"hailong/v1/SITE/COUNTER/session (QoS 1); --txn names the transaction (default: a new UUID; a\n"
		"transaction already rated at the terminal is not rated again), --duty the officer on duty, whom\n"
		"the terminal names again once the transaction is rated or over. It ends after --expires-in minutes\n"
		"(default %d; 0: only when closed). 'duty' ends any transaction and names the officer on duty at\n"
		"the counter ({\"duty\":CODE}): a rating between transactions is theirs, with no procedure (where\n"
		"the terminal allows one); --none names nobody. 'close' clears everything (an empty retained\n"
		"message): no transaction, nobody on duty. Each waits for the broker's acknowledgement.\n"
		"site and counter: [a-z0-9-]{1,32}; codes: [A-Za-z0-9._-]{1,32}; ID: [A-Za-z0-9._-]{1,36}, never\n"
		"a citizen's case or ticket number. With --db, the officers and the procedure must be in the\n"
		"stored roster of SITE.\n",
		ROSTER_OPTS_EXPIRES_DEFAULT);
}

/* ---- session open / duty / close ---------------------------------------------------------------- */

enum session_action { SESSION_OPEN, SESSION_DUTY, SESSION_CLOSE };

/* With --db: each code given (officer, procedure, duty) must be in the stored roster of the site.
 * Returns 0 or 1 (printed). */
static int session_check_roster(const struct roster_opts *o, const struct settings *st)
{
	struct store *s;
	struct roster *r = NULL;
	int rc, bad = 0;

	if (cli_open_existing_store(st, &s))
		return 1;
	rc = store_roster_load(s, o->site, &r);
	if (rc != HL_OK) {
		fprintf(stderr, PROG ": cannot read the roster: %s\n", rc == HL_ERR_DB ? store_errmsg(s) : hl_strerror(rc));
		bad = 1;
	} else {
		const char *officers[] = { o->officer, o->duty };
		for (size_t i = 0; i < 2; i++)
			if (officers[i] && !roster_name(r, ROSTER_OFFICER, officers[i])) {
				fprintf(stderr, PROG ": officer '%s' is not in the roster of site %s\n", officers[i], o->site);
				bad = 1;
			}
		if (o->procedure && !roster_name(r, ROSTER_PROCEDURE, o->procedure)) {
			fprintf(stderr, PROG ": procedure '%s' is not in the roster\n", o->procedure);
			bad = 1;
		}
	}
	roster_free(r);
	store_close(s);
	return bad;
}

/* The options each action takes and needs. */
static void session_masks(enum session_action a, unsigned *need, unsigned *allowed)
{
	unsigned common = ROSTER_OPT_SITE | ROSTER_OPT_COUNTER;
	unsigned any = ROSTER_OPT_CONFIG | ROSTER_OPT_BROKER | ROSTER_OPT_TIMEOUT;

	switch (a) {
	case SESSION_OPEN:
		*need = common | ROSTER_OPT_OFFICER | ROSTER_OPT_PROCEDURE;
		*allowed = *need | any | ROSTER_OPT_EXPIRES | ROSTER_OPT_DB | ROSTER_OPT_TXN | ROSTER_OPT_DUTY;
		break;
	case SESSION_DUTY:
		*need = common;
		*allowed = *need | any | ROSTER_OPT_OFFICER | ROSTER_OPT_NONE | ROSTER_OPT_DB;
		break;
	default:
		*need = common;
		*allowed = *need | any;
		break;
	}
}

/* What was published, in one line on stdout. */
static void session_said(enum session_action a, const struct roster_opts *o, const char *topic,
			 const struct wire_session *ws, int utc_offset)
{
	char until[40] = "closed";

	if (a == SESSION_CLOSE) {
		printf("session closed on %s\n", topic);
	} else if (a == SESSION_DUTY) {
		if (ws->duty[0])
			printf("on duty on %s: officer %s (no transaction open)\n", topic, ws->duty);
		else
			printf("nobody on duty on %s (no transaction open)\n", topic);
	} else {
		if (o->expires_min) /* the sites' local time with its zone (numfmt.h) */
			numfmt_time(until, sizeof until, I18N_EN, ws->expires, utc_offset, false);
		printf("session open on %s: officer %s, procedure %s, until %s (transaction %s%s%s)\n", topic,
		       ws->officer, ws->procedure, until, ws->txn, ws->duty[0] ? ", on duty " : "", ws->duty);
	}
}

static int session_run(int argc, char **argv, enum session_action act)
{
	struct roster_opts o;
	struct settings st;
	struct link *l;
	struct wire_session ws = { 0 };
	char topic[HL_TOPIC_MAX], body[HL_BODY_MAX];
	size_t len = 0;
	unsigned need, allowed;
	int rc;

	session_masks(act, &need, &allowed);
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
	if (act == SESSION_DUTY && !(o.given & (ROSTER_OPT_OFFICER | ROSTER_OPT_NONE)))
		return cli_usage_error(usage_session, "%s", "--officer CODE (or --none) is required");
	if (act == SESSION_DUTY && (o.given & ROSTER_OPT_OFFICER) && (o.given & ROSTER_OPT_NONE))
		return cli_usage_error(usage_session, "%s", "--officer and --none exclude each other");
	if (roster_opts_settings(&o, &st))
		return 1;
	if (topic_counter(topic, sizeof topic, o.site, o.counter, "session") != HL_OK) {
		fprintf(stderr, PROG ": site or counter too long for a topic\n");
		return 1;
	}
	if (act == SESSION_OPEN) {
		ws.transaction = true;
		ws.expires = o.expires_min ? (int64_t)time(NULL) + o.expires_min * 60 : 0;
		snprintf(ws.officer, sizeof ws.officer, "%s", o.officer);
		snprintf(ws.procedure, sizeof ws.procedure, "%s", o.procedure);
		if (o.duty)
			snprintf(ws.duty, sizeof ws.duty, "%s", o.duty);
		if (o.txn) {
			snprintf(ws.txn, sizeof ws.txn, "%s", o.txn);
		} else if (uuid_new(ws.txn) != HL_OK) {
			fprintf(stderr, PROG ": no randomness for a transaction id\n");
			return 1;
		}
	} else if (act == SESSION_DUTY && o.officer) {
		snprintf(ws.duty, sizeof ws.duty, "%s", o.officer);
	}
	if (o.db && session_check_roster(&o, &st))
		return 1;
	/* An empty retained message removes the retained session: that is the close, and "nobody on duty". */
	if ((ws.transaction || ws.duty[0]) && wire_session_encode(&ws, body, sizeof body, &len) != HL_OK) {
		fprintf(stderr, PROG ": cannot encode the session\n");
		return 1;
	}
	struct broker_security login;
	settings_cli_login(&st, &login);
	if (!(l = cli_broker_connect(st.broker, &login, o.timeout_s)))
		return 1;
	if (link_publish(l, topic, body, len, 1, true) != HL_OK) {
		fprintf(stderr, PROG ": publishing on %s failed (the broker connection was lost)\n", topic);
		link_stop(l, NULL);
		return 1;
	}
	if (cli_broker_finish(l, st.broker, o.timeout_s) != 0)
		return 1;
	session_said(act, &o, topic, &ws, st.utc_offset_minutes * 60);
	return 0;
}

int cmd_session(int argc, char **argv)
{
	static const struct {
		const char *name;
		enum session_action act;
	} actions[] = { { "open", SESSION_OPEN }, { "duty", SESSION_DUTY }, { "close", SESSION_CLOSE } };

	log_set_level(LOG_ERROR);
	if (argc < 2)
		return cli_usage_error(usage_session, "%s", "which action? open, duty or close");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage_session(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (strcmp(argv[1], actions[i].name) == 0)
			return session_run(argc - 1, argv + 1, actions[i].act);
	return cli_usage_error(usage_session, "unknown action '%s'", argv[1]);
}
