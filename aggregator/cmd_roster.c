/* SPDX-License-Identifier: MIT
 * cmd_roster.c — `roster import|show|publish`: the people's side of the roster. Import reads two or
 * three UTF-8 CSV files (officers per site with their titles and photos, procedures for all, and
 * optionally counters' names) and, with --sites, the sites' names (sheet.c checks every row and every
 * photo file and lists every fault by file and line), and only when all are clean replaces the
 * stored roster in one transaction — the files are the whole truth (without a counters file the
 * stored counters stay, without a sites file the stored site names). The sites' file is named by an
 * option, not by its place: its header, code,name, is the procedures file's too. Publishing puts each
 * site's roster, read back from the store, retained on hailong/v1/SITE/roster and its officers'
 * photos on hailong/v1/SITE/photo/CODE (roster_send.c, shared with the console). This file owns no
 * state beyond one command's run; the SQL is in store_roster.c, the options in roster_opts.c, the
 * wire format in shared/ (the roster message: roster_pub.c). `session` is cmd_session.c. Start
 * reading cmd_roster() at the bottom. */
#include "commands.h"

#include "cli.h"
#include "hl.h"
#include "link.h"
#include "log.h"
#include "roster.h"
#include "roster_opts.h"
#include "roster_send.h"
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
		"                               [--sites SITES.csv] OFFICERS.csv PROCEDURES.csv [COUNTERS.csv]\n"
		"       " PROG " roster show (--db PATH | -c FILE) [--site SITE]\n"
		"       " PROG " roster publish (--db PATH | -c FILE) [--broker mqtts://HOST:PORT] [--site SITE]\n"
		"\n"
		"import   reads CSV files (UTF-8, RFC 4180, comma-separated, first line the header):\n"
		"           OFFICERS.csv    site,code,name[,title][,photo]  one row per officer of a site\n"
		"           PROCEDURES.csv  code,name        one row per procedure (TTHC), shared by all sites\n"
		"           COUNTERS.csv    site,code,name   optional: counters' names, shown by the terminals\n"
		"           SITES.csv       code,name        optional, after --sites: each site's name\n"
		"                                            (\"Sở Công Thương tỉnh Bến Tre\"), which reports\n"
		"                                            and the console show beside its code\n"
		"         site: [a-z0-9-]{1,32}; code: [A-Za-z0-9._-]{1,32} (a counter's or a site's:\n"
		"         [a-z0-9-]{1,32}),\n"
		"         unique within its site or file; name: at most %d bytes of UTF-8 in NFC (precomposed\n"
		"         Vietnamese), spaces around it trimmed; title (\"Chuyên viên\"): at most %d bytes;\n"
		"         photo: a JPEG or PNG file of at most %d KiB, named relative to the folder of\n"
		"         OFFICERS.csv, or empty. Every fault is listed by file and line and nothing is\n"
		"         imported; clean files replace the whole stored roster in one transaction (without\n"
		"         COUNTERS.csv the stored counters stay, without --sites the stored site names).\n"
		"         With --broker or -c FILE it then publishes, as 'publish' does (site names are\n"
		"         not published: the terminals do not show them).\n"
		"show     prints the stored roster: the sites' names, the officers of each site (or of\n"
		"         SITE) and the procedures.\n"
		"publish  publishes each site's roster (or SITE's) retained, QoS 1, on hailong/v1/SITE/roster\n"
		"         as {\"officers\":[...],\"procedures\":[...],\"counters\":[...]} for the terminals,\n"
		"         each officer's photo retained on hailong/v1/SITE/photo/CODE (an empty message where\n"
		"         a published photo is gone), and waits for the broker's acknowledgement.\n"
		"\n"
		"Options: --timeout SECONDS to reach the broker (default %d). -c FILE takes db and broker\n"
		"from the aggregator's config file; --db and --broker win over it.\n",
		ROSTER_NAME_MAX, ROSTER_TITLE_MAX, ROSTER_PHOTO_MAX / 1024, ROSTER_OPTS_TIMEOUT_DEFAULT);
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

static int send_link(void *ud, const char *topic, const void *body, size_t len, char *why, size_t cap)
{
	(void)why;
	(void)cap;
	return link_publish(ud, topic, body, len, 1, true);
}

/* Publishes the stored roster of each site in sites on an open link. Returns 0 or 1 (printed). */
static int publish_sites(struct store *s, struct link *l, const struct site_list *sites)
{
	for (size_t i = 0; i < sites->n; i++) {
		const char *site = sites->v[i];
		struct roster_send_result res;

		if (roster_send_site(s, site, send_link, l, &res) == HL_OK) {
			printf("published on " TOPIC_PREFIX "%s/roster: %zu officer%s, %zu procedure%s", site, res.officers,
			       res.officers == 1 ? "" : "s", res.procedures, res.procedures == 1 ? "" : "s");
			if (res.counters)
				printf(", %zu counter%s", res.counters, res.counters == 1 ? "" : "s");
			printf(" (%zu bytes)\n", res.bytes);
			if (res.photos || res.cleared)
				printf("published on " TOPIC_PREFIX "%s/photo/+: %zu photo%s (%zu bytes), %zu removed\n", site,
				       res.photos, res.photos == 1 ? "" : "s", res.photo_bytes, res.cleared);
			continue;
		}
		switch (res.step) {
		case ROSTER_SEND_LOAD:
			fprintf(stderr, PROG ": cannot read the roster of site %s: %s\n", site, res.why);
			break;
		case ROSTER_SEND_RECORD:
			fprintf(stderr, PROG ": cannot note the photo topics of site %s in the database: %s\n", site, res.why);
			break;
		case ROSTER_SEND_ENCODE:
			if (res.rc == HL_ERR_RANGE)
				fprintf(stderr, PROG ": the roster of site %s is %zu bytes, more than the %d a terminal accepts\n",
					site, res.bytes, ROSTER_BODY_MAX);
			else
				fprintf(stderr, PROG ": %s\n", hl_strerror(res.rc));
			break;
		case ROSTER_SEND_DECODE:
			fprintf(stderr, PROG ": the roster of site %s does not decode as a roster\n", site);
			break;
		default:
			fprintf(stderr, PROG ": publishing on %s failed (the broker connection was lost)\n", res.topic);
			break;
		}
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
	struct sheet sh[ROSTER_KIND_COUNT] = { { .kind = ROSTER_OFFICER }, { .kind = ROSTER_PROCEDURE },
					       { .kind = ROSTER_COUNTER }, { .kind = ROSTER_SITE } };
	struct store_officer *officers = NULL, *counters = NULL, *stored_counters = NULL;
	struct store_officer_info *info = NULL;
	struct roster_entry *procs = NULL, *site_names = NULL;
	struct site_list sites = { 0 };
	struct store *s = NULL;
	size_t nfaults = 0, nfiles, nstored = 0;
	int rc, exit_code = 1;

	if ((rc = roster_opts_parse(argc, argv, ROSTER_OPT_CONFIG | ROSTER_OPT_DB | ROSTER_OPT_BROKER | ROSTER_OPT_TIMEOUT |
					    ROSTER_OPT_SITES, usage_roster, &o)) != 0)
		return rc == 1 ? 0 : rc;
	if (o.nargs < 2 || o.nargs > 3)
		return cli_usage_error(usage_roster, "%s", o.nargs < 2 ? "roster import needs OFFICERS.csv and PROCEDURES.csv"
								   : "roster import takes two or three files: officers, procedures, "
								     "then counters");
	nfiles = (size_t)o.nargs;
	if (roster_opts_settings(&o, &st))
		return 1;
	for (size_t k = 0; k < nfiles; k++)
		sh[k].path = o.args[k];
	sh[ROSTER_SITE].path = o.sites; /* NULL: no sites' file */
	for (int k = 0; k < ROSTER_KIND_COUNT; k++)
		if (sh[k].path && sheet_read(&sh[k]) != HL_OK) {
			fprintf(stderr, PROG ": out of memory\n");
			goto out;
		}
	for (int k = 0; k < ROSTER_KIND_COUNT; k++)
		if (sh[k].path)
			nfaults += sheet_report(&sh[k]);
	if (nfaults) {
		fprintf(stderr, PROG ": %zu error%s; nothing imported\n", nfaults, nfaults == 1 ? "" : "s");
		goto out;
	}
	officers = malloc((sh[0].nrows ? sh[0].nrows : 1) * sizeof *officers);
	procs = malloc((sh[1].nrows ? sh[1].nrows : 1) * sizeof *procs);
	counters = malloc((sh[2].nrows ? sh[2].nrows : 1) * sizeof *counters);
	info = malloc((sh[0].nrows ? sh[0].nrows : 1) * sizeof *info);
	site_names = malloc((sh[ROSTER_SITE].nrows ? sh[ROSTER_SITE].nrows : 1) * sizeof *site_names);
	if (!officers || !procs || !counters || !info || !site_names) {
		fprintf(stderr, PROG ": out of memory\n");
		goto out;
	}
	for (size_t i = 0; i < sh[0].nrows; i++) {
		officers[i] = sh[0].rows[i].o;
		info[i] = sh[0].rows[i].info;
	}
	for (size_t i = 0; i < sh[1].nrows; i++)
		procs[i] = sh[1].rows[i].o.e;
	for (size_t i = 0; i < sh[2].nrows; i++)
		counters[i] = sh[2].rows[i].o;
	for (size_t i = 0; i < sh[ROSTER_SITE].nrows; i++)
		site_names[i] = sh[ROSTER_SITE].rows[i].o.e;
	if (cli_open_or_create_store(&st, &s))
		goto out;
	/* Without a counters file the stored counters stay, and go into each site's message. */
	if (nfiles < 3 && (rc = store_roster_counters(s, &stored_counters, &nstored)) != HL_OK) {
		fprintf(stderr, PROG ": cannot read the stored counters: %s\n", rc == HL_ERR_DB ? store_errmsg(s) : hl_strerror(rc));
		goto out;
	}
	if (sheet_check_sizes(&sh[0], procs, sh[1].nrows, nfiles == 3 ? counters : stored_counters,
			      nfiles == 3 ? sh[2].nrows : nstored, size_fault, NULL)) {
		fprintf(stderr, PROG ": nothing imported\n");
		goto out;
	}
	/* Sites that lose all their officers still get a message, so their terminals forget them. */
	struct store_roster_in in = { .officers = officers, .info = info, .nofficers = sh[0].nrows, .procedures = procs,
				      .nprocedures = sh[1].nrows, .counters = counters, .ncounters = sh[2].nrows,
				      .counters_given = nfiles == 3, .sites = site_names,
				      .nsites = sh[ROSTER_SITE].nrows, .sites_given = o.sites != NULL };
	rc = store_roster_sites(s, site_list_add, &sites);
	if (rc == HL_OK)
		rc = store_roster_put(s, &in);
	if (rc == HL_OK)
		rc = store_roster_sites(s, site_list_add, &sites);
	if (rc != HL_OK) {
		fprintf(stderr, PROG ": importing into %s failed: %s\n", st.db,
			rc == HL_ERR_DB || rc == HL_ERR_INVALID ? store_errmsg(s) : hl_strerror(rc));
		goto out;
	}
	if (sites.n)
		site_list_sort(&sites);
	size_t nphotos = 0;
	for (size_t i = 0; i < sh[0].nrows; i++)
		nphotos += sh[0].rows[i].info.bytes != NULL;
	printf("imported %zu officer%s and %zu procedure%s into %s", sh[0].nrows, sh[0].nrows == 1 ? "" : "s",
	       sh[1].nrows, sh[1].nrows == 1 ? "" : "s", st.db);
	printf(" (%zu photo%s", nphotos, nphotos == 1 ? "" : "s");
	if (nfiles == 3)
		printf(", %zu counter%s", sh[2].nrows, sh[2].nrows == 1 ? "" : "s");
	if (o.sites)
		printf(", %zu site name%s", sh[ROSTER_SITE].nrows, sh[ROSTER_SITE].nrows == 1 ? "" : "s");
	printf(")\n");
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
	free(counters);
	free(stored_counters);
	free(info);
	free(site_names);
	for (int k = 0; k < ROSTER_KIND_COUNT; k++)
		sheet_free(&sh[k]);
	return exit_code;
}

/* One list of r; officers with their titles and photos' hashes. */
static void show_list(const char *title, const struct roster *r, int kind)
{
	const struct roster_entry *e = r->e[kind];
	size_t n = r->n[kind];
	int w = 4;

	for (size_t i = 0; i < n; i++)
		if ((int)strlen(e[i].code) > w)
			w = (int)strlen(e[i].code);
	printf("%s (%zu)\n", title, n);
	for (size_t i = 0; i < n; i++) {
		printf("  %-*s  %s", w, e[i].code, e[i].name);
		const char *t = kind == ROSTER_OFFICER ? roster_title(r, e[i].code) : NULL;
		const char *p = kind == ROSTER_OFFICER ? roster_photo(r, e[i].code) : NULL;
		if (t)
			printf(" \u2014 %s", t);
		if (p)
			printf("  [photo %s]", p);
		printf("\n");
	}
}
static int roster_show(int argc, char **argv)
{
	struct roster_opts o;
	struct settings st;
	struct site_list sites = { 0 };
	struct store *s;
	struct roster *r = NULL, *all = NULL;
	char title[400];
	int rc;

	if ((rc = roster_opts_parse(argc, argv, ROSTER_OPT_CONFIG | ROSTER_OPT_DB | ROSTER_OPT_SITE, usage_roster, &o)) != 0)
		return rc == 1 ? 0 : rc;
	if (o.nargs)
		return cli_usage_error(usage_roster, "unexpected argument '%s'", o.args[0]);
	if (roster_opts_settings(&o, &st) || cli_open_existing_store(&st, &s))
		return 1;
	if (cli_check_site(s, o.site)) {
		store_close(s);
		return 1;
	}
	rc = o.site ? site_list_add(&sites, o.site) : store_roster_sites(s, site_list_add, &sites);
	/* The sites' names (SITE's alone with --site) and the procedures every site shares. */
	if (rc == HL_OK && (rc = store_roster_load(s, o.site, &all)) == HL_OK && all->n[ROSTER_SITE]) {
		show_list("sites", all, ROSTER_SITE);
		printf("\n");
	}
	for (size_t i = 0; rc == HL_OK && i < sites.n; i++) {
		if ((rc = store_roster_load(s, sites.v[i], &r)) != HL_OK)
			break;
		const char *name = roster_name(r, ROSTER_SITE, sites.v[i]);
		snprintf(title, sizeof title, "officers of site %s%s%s", sites.v[i], name ? " \u2014 " : "", name ? name : "");
		show_list(title, r, ROSTER_OFFICER);
		printf("\n");
		if (r->n[ROSTER_COUNTER]) {
			snprintf(title, sizeof title, "counters of site %s", sites.v[i]);
			show_list(title, r, ROSTER_COUNTER);
			printf("\n");
		}
		roster_free(r);
		r = NULL;
	}
	if (rc == HL_OK) {
		if (!sites.n && !all->n[ROSTER_PROCEDURE] && !all->n[ROSTER_SITE])
			printf("the roster is empty: load one with '" PROG " roster import'\n");
		else
			show_list("procedures", all, ROSTER_PROCEDURE);
	}
	if (rc != HL_OK)
		fprintf(stderr, PROG ": cannot read the roster: %s\n", rc == HL_ERR_DB ? store_errmsg(s) : hl_strerror(rc));
	roster_free(r);
	roster_free(all);
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
	if (roster_opts_settings(&o, &st) || cli_open_existing_store(&st, &s))
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
