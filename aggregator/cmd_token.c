/* SPDX-License-Identifier: MIT
 * cmd_token.c — `hailong-aggregator token`: the API tokens of the web console (/api/v1/) for the
 * one-stop or queue software, each for its sites — add one (printed once: only its hash is stored),
 * list them without their secrets, revoke one. It owns only one command's run: tokens are made and
 * hashed by credential.h, stored through store_users.h, and every change is audited (people.c).
 * Start reading cmd_token() at the bottom. */
#include "commands.h"

#include "cli.h"
#include "credential.h"
#include "hl.h"
#include "people.h"
#include "text.h"
#include "store.h"
#include "store_users.h"
#include "topic.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROG CLI_PROG

/* ---- usage ------------------------------------------------------------------------------------- */

static void usage_token(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " token add --name NAME --site SITE [--site SITE]... (--db PATH | -c FILE)\n"
		"       " PROG " token list (--db PATH | -c FILE)\n"
		"       " PROG " token revoke NAME (--db PATH | -c FILE)\n"
		"\n"
		"Bearer tokens of the web console's API (/api/v1/) for one-stop or queue software, each\n"
		"for its sites (at most %d). 'add' prints the new token once on standard output; only its\n"
		"hash is stored, so it cannot be shown again: keep it, or revoke it and add another.\n"
		"'list' shows names, sites, when made, last used and revoked, never a token. A name is\n"
		"[a-z0-9._-]{1,64}; one valid token per name. Every change is written to the audit table.\n",
		USER_SITES_MAX);
}

/* ---- add, list, revoke -------------------------------------------------------------------------- */

enum { T_ADD, T_LIST, T_REVOKE };

static int token_add(const char *name, const char *const *site_args, size_t nsites, struct store *s)
{
	struct store_token t;
	char token[CREDENTIAL_TOKEN_LEN + 8], hash[CREDENTIAL_HASH_HEX + 1];
	char sites[PEOPLE_SITES_TEXT], detail[1024];
	int rc;

	memset(&t, 0, sizeof t);
	snprintf(t.name, sizeof t.name, "%s", name);
	for (size_t i = 0; i < nsites; i++)
		snprintf(t.sites[t.nsites++], sizeof t.sites[0], "%s", site_args[i]);
	if (credential_init() != HL_OK || credential_token("hl_", token, sizeof token) != HL_OK) {
		fprintf(stderr, PROG ": libsodium cannot start\n");
		return 1;
	}
	/* What is kept is the hash of the whole bearer string, prefix included. */
	credential_token_hash(token, hash);
	rc = store_token_add(s, &t, hash, (int64_t)time(NULL));
	if (rc != HL_OK) {
		explicit_bzero(token, sizeof token);
		if (rc == HL_ERR_RANGE)
			fprintf(stderr, PROG ": there is a valid token '%s' already (revoke it first, or choose another"
				" name)\n", name);
		else
			fprintf(stderr, PROG ": adding token '%s' failed: %s\n", name, store_errmsg(s));
		return 1;
	}
	people_sites(t.sites, t.nsites, "-", sites, sizeof sites);
	printf("%s\n", token);
	fflush(stdout);
	explicit_bzero(token, sizeof token);
	fprintf(stderr, PROG ": token '%s' for %s: this is the only time it is shown; only its hash is stored\n",
		name, sites);
	snprintf(detail, sizeof detail, "token %s for sites %s", name, sites);
	return people_audit(s, "token.add", people_audit_site(t.sites, t.nsites), detail);
}

struct token_rows {
	struct store_token *v;
	size_t n, cap;
};

static int token_collect(void *ud, const struct store_token *t)
{
	struct token_rows *rows = ud;

	if (hl_grow((void **)&rows->v, &rows->cap, rows->n + 1, sizeof *rows->v) != HL_OK)
		return HL_ERR_NOMEM;
	rows->v[rows->n++] = *t;
	return HL_OK;
}

static int token_list(struct store *s, int utc_offset)
{
	struct token_rows rows = { 0 };
	char sites[PEOPLE_SITES_TEXT], made[32], used[32], revoked[32];
	int wn = 4, ws = 5, rc;

	if ((rc = store_token_list(s, token_collect, &rows)) != HL_OK) {
		fprintf(stderr, PROG ": listing tokens failed: %s\n", rc == HL_ERR_NOMEM ? hl_strerror(rc) : store_errmsg(s));
		free(rows.v);
		return 1;
	}
	if (rows.n == 0) {
		printf("No API tokens.\n");
		return 0;
	}
	for (size_t i = 0; i < rows.n; i++) {
		people_sites(rows.v[i].sites, rows.v[i].nsites, "-", sites, sizeof sites);
		wn = text_width_max(wn, rows.v[i].name);
		ws = text_width_max(ws, sites);
	}
	printf("%-*s  %-*s  %-16s  %-16s  %s\n", wn, "name", ws, "sites", "created", "last used", "revoked");
	for (size_t i = 0; i < rows.n; i++) {
		const struct store_token *t = &rows.v[i];
		people_sites(rows.v[i].sites, t->nsites, "-", sites, sizeof sites);
		people_time(t->created, utc_offset, made);
		if (t->last_used)
			people_time(t->last_used, utc_offset, used);
		else
			snprintf(used, sizeof used, "never");
		people_time(t->revoked, utc_offset, revoked);
		printf("%-*s  %-*s  %-16s  %-16s  %s\n", wn, t->name, ws, sites, made, used, revoked);
	}
	free(rows.v);
	return 0;
}

static int token_revoke(const char *name, struct store *s)
{
	struct token_rows rows = { 0 };
	const char *site = "";
	char detail[256];
	int rc;

	/* The audit's site is the token's, when it has one: read it before it is revoked. */
	if (store_token_list(s, token_collect, &rows) == HL_OK)
		for (size_t i = 0; i < rows.n; i++)
			if (strcmp(rows.v[i].name, name) == 0 && rows.v[i].revoked == 0 && rows.v[i].nsites == 1)
				site = rows.v[i].sites[0];
	rc = store_token_revoke(s, name, (int64_t)time(NULL));
	if (rc != HL_OK) {
		if (rc == HL_ERR_NOTFOUND)
			fprintf(stderr, PROG ": there is no valid token '%s' ('" PROG " token list' shows them)\n", name);
		else
			fprintf(stderr, PROG ": revoking token '%s' failed: %s\n", name, store_errmsg(s));
		free(rows.v);
		return 1;
	}
	printf("token '%s' revoked\n", name);
	snprintf(detail, sizeof detail, "token %s revoked", name);
	rc = people_audit(s, "token.revoke", site, detail);
	free(rows.v);
	return rc;
}

int cmd_token(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' }, { "db", required_argument, NULL, 'd' },
		{ "name", required_argument, NULL, 'n' },   { "site", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },	    { 0 },
	};
	static const char *const verbs[] = { "add", "list", "revoke" };
	struct cli_common c = { 0 };
	const char *sites[USER_SITES_MAX], *name = NULL;
	size_t nsites = 0;
	bool too_many = false;
	struct settings st;
	struct store *s;
	int opt, verb = -1, rc;

	while ((opt = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': c.config = optarg; break;
		case 'd': cli_override(&c, "db", optarg); break;
		case 'n': name = optarg; break;
		case 's':
			if (nsites < USER_SITES_MAX)
				sites[nsites++] = optarg;
			else
				too_many = true;
			break;
		case 'h': usage_token(stdout); return 0;
		default: return cli_usage_hint(usage_token);
		}
	}
	if (optind >= argc)
		return cli_usage_error(usage_token, "%s", "which command? add, list or revoke");
	for (int i = 0; i < 3; i++)
		if (strcmp(argv[optind], verbs[i]) == 0)
			verb = i;
	if (verb < 0)
		return cli_usage_error(usage_token, "unknown token command '%s'", argv[optind]);
	if (verb == T_REVOKE) {
		if (optind + 1 >= argc)
			return cli_usage_error(usage_token, "%s", "token revoke: which token? give its NAME");
		if (name)
			return cli_usage_error(usage_token, "%s", "token revoke takes the NAME as its argument, not --name");
		name = argv[optind + 1];
		optind++;
	}
	if (optind + 1 < argc)
		return cli_usage_error(usage_token, "unexpected argument '%s'", argv[optind + 1]);
	if (verb != T_ADD && (nsites || too_many || (verb == T_LIST && name)))
		return cli_usage_error(usage_token, "%s", "--name and --site go with 'token add'");
	if (verb == T_ADD) {
		if (!name)
			return cli_usage_error(usage_token, "%s", "token add: --name NAME is required");
		if (!nsites)
			return cli_usage_error(usage_token, "%s", "token add: at least one --site SITE is required");
		if (too_many)
			return cli_usage_error(usage_token, "too many --site (at most %s)", "16");
		for (size_t i = 0; i < nsites; i++)
			if (!topic_id_valid(sites[i]))
				return cli_usage_error(usage_token, "bad --site '%s' (a site is [a-z0-9-]{1,32})", sites[i]);
	}
	if (name && !user_name_valid(name))
		return cli_usage_error(usage_token, "bad token name '%s' (a name is [a-z0-9._-]{1,64})", name);
	if (people_open(&c, verb == T_ADD, &st, &s))
		return 1;
	switch (verb) {
	case T_ADD: rc = token_add(name, sites, nsites, s); break;
	case T_LIST: rc = token_list(s, st.utc_offset_minutes * 60); break;
	default: rc = token_revoke(name, s); break;
	}
	store_close(s);
	return rc;
}
