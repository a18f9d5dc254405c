/* SPDX-License-Identifier: MIT
 * cmd_roster.c — `roster import|show|publish`: the people's side of the roster. Import reads two
 * UTF-8 CSV files (officers per site, procedures for all; sheet.c checks every row and lists every
 * fault by file and line), and only when both files are clean replaces the stored roster in one
 * transaction — the files are the whole truth. Publishing puts each site's roster, read back from
 * the store, retained on hailong/v1/SITE/roster. This file owns no state beyond one command's run;
 * the SQL is in store_roster.c, the options in roster_opts.c, the wire format in shared/ (the
 * roster message: roster_pub.c). `session` is cmd_session.c. Start reading cmd_roster() at the bottom. */
#include "commands.h"

#include "cli.h"
#include "hl.h"
#include "link.h"
#include "log.h"
#include "roster.h"
#include "roster_opts.h"
#include "roster_pub.h"
#include "settings.h"
#include "sites.h"
#include "sheet.h"
#include "store.h"
#include "store_roster.h"
#include "topic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROG CLI_PROG

/* ---- usage ------------------------------------------------------------------------------------- */

static void usage_roster(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " roster import (--db PATH | -c FILE) [--broker mqtts://HOST:PORT]\n"
		"                               OFFICERS.csv PROCEDURES.csv\n"
		"       " PROG " roster show (--db PATH | -c FILE) [--site SITE]\n"
		"       " PROG " roster publish (--db PATH | -c FILE) [--broker mqtts://HOST:PORT] [--site SITE]\n"
		"\n"
		"import   reads two CSV files (UTF-8, RFC 4180, comma-separated, first line the header):\n"
		"           OFFICERS.csv    site,code,name   one row per officer of a site\n"
		"           PROCEDURES.csv  code,name        one row per procedure (TTHC), shared by all sites\n"
		"         site: [a-z0-9-]{1,32}; code: [A-Za-z0-9._-]{1,32}, unique within its site or file;\n"
		"         name: at most %d bytes of UTF-8 in NFC (precomposed Vietnamese), spaces around it\n"
		"         trimmed. Every fault is listed by file and line and nothing is imported; a clean\n"
		"         pair of files replaces the whole stored roster in one transaction. With --broker\n"
		"         or -c FILE it then publishes, as 'publish' does.\n"
		"show     prints the stored roster: the officers of each site (or of SITE) and the procedures.\n"
		"publish  publishes each site's roster (or SITE's) retained, QoS 1, on hailong/v1/SITE/roster\n"
		"         as {\"officers\":[...],\"procedures\":[...]} for the terminals, and waits for the\n"
		"         broker's acknowledgement.\n"
		"\n"
		"Options: --timeout SECONDS to reach the broker (default %d). -c FILE takes db and broker\n"
		"from the aggregator's config file; --db and --broker win over it.\n",
		ROSTER_NAME_MAX, ROSTER_OPTS_TIMEOUT_DEFAULT);
}

/* ---- the roster message (roster_pub.c encodes it) ---------------------------------------------- */

/* A site whose roster message would not fit a terminal, for people (sheet_check_sizes). */
static void size_fault(void *ud, const char *site, size_t len, int rc)
{
	(void)ud;
	if (rc == HL_ERR_RANGE)
		fprintf(stderr, PROG ": the roster of site %s would be %zu bytes, more than the %d a terminal accepts\n",
			site, len, ROSTER_BODY_MAX);
	else
		fprintf(stderr, PROG ": %s\n", hl_strerror(rc));
}

/* Publishes the stored roster of each site in sites on an open link. Returns 0 or 1 (printed). */
static int publish_sites(struct store *s, struct link *l, const struct site_list *sites)
{
	for (size_t i = 0; i < sites->n; i++) {
		const char *site = sites->v[i];
		struct roster *r, *check;
		char topic[HL_TOPIC_MAX], *body;
		size_t len;
		int rc = store_roster_load(s, site, &r);

		if (rc != HL_OK) {
			fprintf(stderr, PROG ": cannot read the roster of site %s: %s\n", site,
				rc == HL_ERR_DB ? store_errmsg(s) : hl_strerror(rc));
			return 1;
		}
		rc = roster_pub_encode(r, &body, &len);
		if (rc == HL_ERR_RANGE)
			fprintf(stderr, PROG ": the roster of site %s is %zu bytes, more than the %d a terminal accepts\n",
				site, len, ROSTER_BODY_MAX);
		/* The terminals' own decoder is the judge of what we send them. */
		else if (rc == HL_OK && (rc = roster_decode(body, len, &check)) != HL_OK)
			fprintf(stderr, PROG ": the roster of site %s does not decode as a roster\n", site);
		else if (rc != HL_OK)
			fprintf(stderr, PROG ": %s\n", hl_strerror(rc));
		if (rc == HL_OK) {
			roster_free(check);
			snprintf(topic, sizeof topic, TOPIC_PREFIX "%s/roster", site);
			rc = link_publish(l, topic, body, len, 1, true);
			if (rc != HL_OK)
				fprintf(stderr, PROG ": publishing on %s failed (the broker connection was lost)\n", topic);
			else
				printf("published on %s: %zu officer%s, %zu procedure%s (%zu bytes)\n", topic,
				       r->n[ROSTER_OFFICER], r->n[ROSTER_OFFICER] == 1 ? "" : "s",
				       r->n[ROSTER_PROCEDURE], r->n[ROSTER_PROCEDURE] == 1 ? "" : "s", len);
		}
		free(body);
		roster_free(r);
		if (rc != HL_OK)
			return 1;
	}
	return 0;
}

/* Connects, publishes the sites' rosters and waits for the acks. Returns 0 or 1 (printed). */
static int publish(struct store *s, const struct settings *st, const struct site_list *sites, int timeout_s)
{
	struct link *l;

	if (sites->n == 0) {
		printf("no site has officers in the roster: nothing to publish\n");
		return 0;
	}
	struct broker_security login;
	settings_cli_login(st, &login);
	if (!(l = cli_broker_connect(st->broker, &login, timeout_s)))
		return 1;
	if (publish_sites(s, l, sites) != 0) {
		link_stop(l, NULL);
		return 1;
	}
	return cli_broker_finish(l, st->broker, timeout_s);
}

/* ---- roster import / show / publish ------------------------------------------------------------ */

static int roster_import(int argc, char **argv)
{
	struct roster_opts o;
	struct settings st;
	struct sheet sh[ROSTER_KIND_COUNT] = { { .kind = ROSTER_OFFICER }, { .kind = ROSTER_PROCEDURE } };
	struct store_officer *officers = NULL;
	struct roster_entry *procs = NULL;
	struct site_list sites = { 0 };
	struct store *s = NULL;
	size_t nfaults = 0;
	int rc, exit_code = 1;

	if ((rc = roster_opts_parse(argc, argv, ROSTER_OPT_CONFIG | ROSTER_OPT_DB | ROSTER_OPT_BROKER | ROSTER_OPT_TIMEOUT, usage_roster, &o)) != 0)
		return rc == 1 ? 0 : rc;
	if (o.nargs != 2)
		return cli_usage_error(usage_roster, "%s", o.nargs < 2 ? "roster import needs OFFICERS.csv and PROCEDURES.csv"
								   : "roster import takes two files, officers then procedures");
	if (roster_opts_settings(&o, &st))
		return 1;
	for (int k = 0; k < ROSTER_KIND_COUNT; k++) {
		sh[k].path = o.args[k];
		if (sheet_read(&sh[k]) != HL_OK) {
			fprintf(stderr, PROG ": out of memory\n");
			goto out;
		}
	}
	for (int k = 0; k < ROSTER_KIND_COUNT; k++)
		nfaults += sheet_report(&sh[k]);
	if (nfaults) {
		fprintf(stderr, PROG ": %zu error%s; nothing imported\n", nfaults, nfaults == 1 ? "" : "s");
		goto out;
	}
	officers = malloc((sh[0].nrows ? sh[0].nrows : 1) * sizeof *officers);
	procs = malloc((sh[1].nrows ? sh[1].nrows : 1) * sizeof *procs);
	if (!officers || !procs) {
		fprintf(stderr, PROG ": out of memory\n");
		goto out;
	}
	for (size_t i = 0; i < sh[0].nrows; i++)
		officers[i] = sh[0].rows[i].o;
	for (size_t i = 0; i < sh[1].nrows; i++)
		procs[i] = sh[1].rows[i].o.e;
	if (sheet_check_sizes(&sh[0], procs, sh[1].nrows, size_fault, NULL)) {
		fprintf(stderr, PROG ": nothing imported\n");
		goto out;
	}
	if (cli_open_or_create_store(&st, &s))
		goto out;
	/* Sites that lose all their officers still get a message, so their terminals forget them. */
	rc = store_roster_sites(s, site_list_add, &sites);
	if (rc == HL_OK)
		rc = store_roster_replace(s, officers, sh[0].nrows, procs, sh[1].nrows);
	if (rc == HL_OK)
		rc = store_roster_sites(s, site_list_add, &sites);
	if (rc != HL_OK) {
		fprintf(stderr, PROG ": importing into %s failed: %s\n", st.db,
			rc == HL_ERR_DB || rc == HL_ERR_INVALID ? store_errmsg(s) : hl_strerror(rc));
		goto out;
	}
	if (sites.n)
		site_list_sort(&sites);
	printf("imported %zu officer%s and %zu procedure%s into %s\n", sh[0].nrows, sh[0].nrows == 1 ? "" : "s",
	       sh[1].nrows, sh[1].nrows == 1 ? "" : "s", st.db);
	exit_code = 0;
	if (o.broker || o.config) {
		exit_code = publish(s, &st, &sites, o.timeout_s);
		if (exit_code)
			fprintf(stderr, PROG ": the roster is imported but not published; run 'roster publish'\n");
	}
out:
	store_close(s);
	site_list_free(&sites);
	free(officers);
	free(procs);
	for (int k = 0; k < ROSTER_KIND_COUNT; k++)
		sheet_free(&sh[k]);
	return exit_code;
}

static void show_list(const char *title, const struct roster_entry *e, size_t n)
{
	int w = 4;

	for (size_t i = 0; i < n; i++)
		if ((int)strlen(e[i].code) > w)
			w = (int)strlen(e[i].code);
	printf("%s (%zu)\n", title, n);
	for (size_t i = 0; i < n; i++)
		printf("  %-*s  %s\n", w, e[i].code, e[i].name);
}

static int roster_show(int argc, char **argv)
{
	struct roster_opts o;
	struct settings st;
	struct site_list sites = { 0 };
	struct store *s;
	struct roster *r = NULL;
	char title[100];
	int rc;

	if ((rc = roster_opts_parse(argc, argv, ROSTER_OPT_CONFIG | ROSTER_OPT_DB | ROSTER_OPT_SITE, usage_roster, &o)) != 0)
		return rc == 1 ? 0 : rc;
	if (o.nargs)
		return cli_usage_error(usage_roster, "unexpected argument '%s'", o.args[0]);
	if (roster_opts_settings(&o, &st) || cli_open_or_create_store(&st, &s))
		return 1;
	rc = o.site ? site_list_add(&sites, o.site) : store_roster_sites(s, site_list_add, &sites);
	for (size_t i = 0; rc == HL_OK && i < sites.n; i++) {
		if ((rc = store_roster_load(s, sites.v[i], &r)) != HL_OK)
			break;
		snprintf(title, sizeof title, "officers of site %s", sites.v[i]);
		show_list(title, r->e[ROSTER_OFFICER], r->n[ROSTER_OFFICER]);
		printf("\n");
		roster_free(r);
		r = NULL;
	}
	if (rc == HL_OK && (rc = store_roster_load(s, sites.n ? sites.v[0] : NULL, &r)) == HL_OK) {
		if (!sites.n && !r->n[ROSTER_PROCEDURE])
			printf("the roster is empty: load one with '" PROG " roster import'\n");
		else
			show_list("procedures", r->e[ROSTER_PROCEDURE], r->n[ROSTER_PROCEDURE]);
	}
	if (rc != HL_OK)
		fprintf(stderr, PROG ": cannot read the roster: %s\n", rc == HL_ERR_DB ? store_errmsg(s) : hl_strerror(rc));
	roster_free(r);
	site_list_free(&sites);
	store_close(s);
	return rc == HL_OK ? 0 : 1;
}

static int roster_publish(int argc, char **argv)
{
	struct roster_opts o;
	struct settings st;
	struct site_list sites = { 0 };
	struct store *s;
	int rc;

	if ((rc = roster_opts_parse(argc, argv, ROSTER_OPT_CONFIG | ROSTER_OPT_DB | ROSTER_OPT_BROKER | ROSTER_OPT_SITE | ROSTER_OPT_TIMEOUT, usage_roster, &o)) != 0)
		return rc == 1 ? 0 : rc;
	if (o.nargs)
		return cli_usage_error(usage_roster, "unexpected argument '%s'", o.args[0]);
	if (roster_opts_settings(&o, &st) || cli_open_or_create_store(&st, &s))
		return 1;
	/* A named site is published even without officers: that is how a site's terminals are emptied. */
	rc = o.site ? site_list_add(&sites, o.site) : store_roster_sites(s, site_list_add, &sites);
	if (rc != HL_OK) {
		fprintf(stderr, PROG ": cannot read the roster: %s\n", rc == HL_ERR_DB ? store_errmsg(s) : hl_strerror(rc));
		rc = 1;
	} else {
		rc = publish(s, &st, &sites, o.timeout_s);
	}
	site_list_free(&sites);
	store_close(s);
	return rc;
}

int cmd_roster(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int, char **);
	} actions[] = { { "import", roster_import }, { "show", roster_show }, { "publish", roster_publish } };

	/* What a command for people should say; the link's reconnect chatter is for the daemon. */
	log_set_level(LOG_ERROR);
	if (argc < 2)
		return cli_usage_error(usage_roster, "%s", "which action? import, show or publish");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage_roster(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (strcmp(argv[1], actions[i].name) == 0)
			return actions[i].run(argc - 1, argv + 1);
	return cli_usage_error(usage_roster, "unknown action '%s'", argv[1]);
}
