/* SPDX-License-Identifier: MIT
 * cmd_account.c — `terminal add|remove|passwd|update|list` and `account add|remove|passwd|update|list`:
 * broker logins and their access rules, made through Mosquitto's dynamic security plugin (DESIGN §9)
 * while the broker runs. This file reads the command line and runs the actions: account.c says who
 * the login is and what it may do, admin.c logs in as the plugin's admin (admin_username,
 * admin_password_file) and asks the plugin, account_files.c writes what the new login needs into a
 * folder for the admin to copy, account_update.c sets existing roles' rules to today's. A new
 * password is staged beside its final name before the broker hears of it and put in place only once
 * the broker took it, so a refusal never destroys a password file that still works. Passwords are
 * never printed, logged or put on a command line. Start reading cmd_terminal() and cmd_account() at
 * the bottom. */
#include "commands.h"

#include "account.h"
#include "account_files.h"
#include "account_update.h"
#include "admin.h"
#include "cli.h"
#include "dynsec.h"
#include "escape.h"
#include "hl.h"
#include "log.h"
#include "secret.h"
#include "settings.h"
#include "topic.h"
#include "url.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROG CLI_PROG
#define TIMEOUT_DEFAULT 5 /* seconds to log in, and again for each answer of the plugin */
#define PASSWORD_LEN 32

/* ---- usage -------------------------------------------------------------------------------------- */

static void usage_terminal(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " terminal add --site SITE --counter COUNTER --out DIR [-c FILE]\n"
		"                                 [--broker URL] [--terminal-broker URL]\n"
		"       " PROG " terminal passwd --site SITE --counter COUNTER --out DIR [-c FILE] [--broker URL]\n"
		"       " PROG " terminal remove --site SITE --counter COUNTER [-c FILE] [--broker URL]\n"
		"       " PROG " terminal update (--site SITE [--counter COUNTER] | --all) [-c FILE] [--broker URL]\n"
		"       " PROG " terminal list [-c FILE] [--broker URL]\n"
		"\n"
		"A counter's terminal logs in to the broker as terminal.SITE.COUNTER and may only publish its\n"
		"own rating and status and subscribe to its own session and receipts and its site's roster\n"
		"and officers' photos.\n"
		"add     creates that login with a random password and writes into DIR (made, mode 700, if\n"
		"        missing): terminal.conf (broker, site, counter, username, password_file and, for\n"
		"        mqtts://, cafile), terminal.password (mode 600) and ca.crt. Copy the folder's files to\n"
		"        /etc/hailong/ on the terminal. Fails if the login exists (use passwd).\n"
		"passwd  gives the login a new random password in DIR/terminal.password; the broker refuses\n"
		"        the old one at once. The terminal reads the new file at its next connect attempt.\n"
		"remove  deletes the login and its rules; the terminal is disconnected and refused from then on.\n"
		"update  sets the rules of an existing login again to this version's (e.g. after an upgrade that\n"
		"        added officers' photos) and prints each rule added or dropped; the password and the\n"
		"        terminal's files stay as they are. A connected terminal whose subscriptions change is\n"
		"        logged out once and logs back in under the new rules. Without --counter: every terminal\n"
		"        of SITE the broker lists; --all: every terminal. Already up to date: nothing changes.\n"
		"list    prints the terminals' logins: username, site, counter.\n"
		"\n"
		"The broker is the config's broker (or --broker), with its cafile; we log in as the dynamic\n"
		"security plugin's admin (admin_username, admin_password_file in -c FILE). The address written\n"
		"into terminal.conf is --terminal-broker, else the config's terminal_broker, else broker.\n"
		"--timeout SECONDS bounds the login and each answer (default %d). Other accounts: '" PROG
		" account'.\n",
		TIMEOUT_DEFAULT);
}

static void usage_account(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " account add (aggregator|web|onestop) NAME --out DIR [--site SITE]...\n"
		"       " PROG " account add bridge --site SITE --out DIR --province-broker URL\n"
		"       " PROG " account passwd (aggregator|web|onestop) NAME --out DIR\n"
		"       " PROG " account passwd bridge --site SITE --out DIR --province-broker URL\n"
		"       " PROG " account remove (aggregator|web|onestop) NAME\n"
		"       " PROG " account remove bridge --site SITE\n"
		"       " PROG " account update (aggregator|web|onestop) NAME\n"
		"       " PROG " account update bridge --site SITE\n"
		"       " PROG " account update --all\n"
		"       " PROG " account list\n"
		"   each with [-c FILE] [--broker URL] [--timeout SECONDS]; 'account ... terminal' is\n"
		"   '" PROG " terminal ...'.\n"
		"\n"
		"Logins other than terminals, each with a role of its name (NAME, SITE: [a-z0-9-]{1,32}):\n"
		"  aggregator.NAME  serve: reads ratings and statuses, publishes receipts, rosters, alerts, sessions\n"
		"  web.NAME         the web console: sessions, rosters, statuses and alerts of its --site SITEs (all without)\n"
		"  onestop.NAME     one-stop software: sessions of its --site SITEs (all without)\n"
		"  bridge.SITE      a site broker's bridge on the province broker: its site's ratings and statuses\n"
		"                   up; receipts, sessions, roster and alerts down\n"
		"add     writes DIR/KIND.password (mode 600) and prints the config lines to use; for a bridge it\n"
		"        writes DIR/hailong-bridge-SITE.conf (mode 600, it holds the password), a mosquitto\n"
		"        'connection' block for the site broker's /etc/mosquitto/conf.d/ that reaches\n"
		"        --province-broker, and DIR/ca.crt (the CA it checks the province against) for mqtts://.\n"
		"passwd  a new random password, written the same way; the old one is refused at once.\n"
		"remove  deletes the login and its role.  list  prints every login on the broker.\n"
		"update  sets the rules of an existing login's role again to this version's, keeping its password\n"
		"        (and a web or onestop login's sites); --all: every login of ours on the broker, terminals\n"
		"        included. Prints each rule added or dropped.\n");
}

/* ---- options ------------------------------------------------------------------------------------ */

enum opt_bit {
	A_CONFIG = 1 << 0, A_BROKER = 1 << 1, A_TBROKER = 1 << 2, A_PBROKER = 1 << 3, A_OUT = 1 << 4,
	A_SITE = 1 << 5, A_COUNTER = 1 << 6, A_TIMEOUT = 1 << 7, A_ALL = 1 << 8,
};

struct opts {
	unsigned given;
	const char *config, *broker, *terminal_broker, *province_broker, *out, *counter;
	const char *sites[ACCOUNT_SITES_MAX];
	size_t nsites;
	int timeout_s;
	int nargs;
	char **args; /* positional arguments after the action */
};

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },          { "broker", required_argument, NULL, 'b' },
	{ "terminal-broker", required_argument, NULL, 'T' }, { "province-broker", required_argument, NULL, 'P' },
	{ "out", required_argument, NULL, 'o' },             { "site", required_argument, NULL, 's' },
	{ "counter", required_argument, NULL, 'C' },         { "timeout", required_argument, NULL, 't' },
	{ "all", no_argument, NULL, 'a' },                   { "help", no_argument, NULL, 'h' },
	{ 0 },
};

/* Parses one action's options (argv[0] is the action). Returns 0, 1 after --help (printed), or 2
 * after a usage error (printed). What applies to which action is checked by the caller. */
static int opts_parse(int argc, char **argv, void (*usage)(FILE *), struct opts *o)
{
	struct broker_url u;
	char *end;
	long v;
	int opt;

	memset(o, 0, sizeof *o);
	o->timeout_s = TIMEOUT_DEFAULT;
	optind = 0; /* glibc: start afresh */
	while ((opt = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': o->given |= A_CONFIG; o->config = optarg; break;
		case 'b':
		case 'T':
		case 'P':
			if (url_parse(optarg, &u) != HL_OK)
				return cli_usage_error(usage, "'%s' is not mqtt[s]://HOST[:PORT]", optarg);
			o->given |= opt == 'b' ? A_BROKER : opt == 'T' ? A_TBROKER : A_PBROKER;
			*(opt == 'b' ? &o->broker : opt == 'T' ? &o->terminal_broker : &o->province_broker) = optarg;
			break;
		case 'o':
			if (!optarg[0])
				return cli_usage_error(usage, "%s", "--out needs a folder");
			o->given |= A_OUT;
			o->out = optarg;
			break;
		case 's':
			if (!topic_id_valid(optarg))
				return cli_usage_error(usage, "--site '%s' must match [a-z0-9-]{1,32}", optarg);
			if (o->nsites == ACCOUNT_SITES_MAX)
				return cli_usage_error(usage, "more than %s --site options", "64");
			o->given |= A_SITE;
			o->sites[o->nsites++] = optarg;
			break;
		case 'C':
			if (!topic_id_valid(optarg))
				return cli_usage_error(usage, "--counter '%s' must match [a-z0-9-]{1,32}", optarg);
			o->given |= A_COUNTER;
			o->counter = optarg;
			break;
		case 't':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || v < 1 || v > 600)
				return cli_usage_error(usage, "--timeout '%s' must be seconds, 1 to 600", optarg);
			o->given |= A_TIMEOUT;
			o->timeout_s = (int)v;
			break;
		case 'a': o->given |= A_ALL; break;
		case 'h': usage(stdout); return 1;
		default: return cli_usage_hint(usage);
		}
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	return 0;
}

/* Every option given must be in allowed; every one in needed must be given. 0 or 2 (printed). */
static int opts_require(const struct opts *o, const char *what, unsigned allowed, unsigned needed,
			void (*usage)(FILE *))
{
	char msg[160];

	for (const struct option *lo = longopts; lo->name; lo++) {
		unsigned bit = lo->val == 'c' ? A_CONFIG : lo->val == 'b' ? A_BROKER : lo->val == 'T' ? A_TBROKER
			     : lo->val == 'P' ? A_PBROKER : lo->val == 'o' ? A_OUT : lo->val == 's' ? A_SITE
			     : lo->val == 'C' ? A_COUNTER : lo->val == 't' ? A_TIMEOUT : lo->val == 'a' ? A_ALL : 0;
		if ((o->given & bit) && !(allowed & bit)) {
			snprintf(msg, sizeof msg, "--%s does not apply to '%s'", lo->name, what);
			return cli_usage_error(usage, "%s", msg);
		}
		if ((needed & bit) && !(o->given & bit)) {
			snprintf(msg, sizeof msg, "'%s' needs --%s", what, lo->name);
			return cli_usage_error(usage, "%s", msg);
		}
	}
	return 0;
}

/* ---- the actions -------------------------------------------------------------------------------- */

enum verb { VERB_ADD, VERB_PASSWD, VERB_REMOVE, VERB_LIST, VERB_UPDATE };

/* Settings from -c FILE (or the defaults) with --broker over them. 0, or 1 after printing. */
static int opts_settings(const struct opts *o, struct settings *st)
{
	struct cli_common c = { .config = o->config };

	if (o->broker)
		cli_override(&c, "broker", o->broker);
	return cli_settings(&c, st);
}

/* add or passwd of a (checked). Returns the exit code. */
static int run_keyed(enum verb verb, const struct account *a, const struct opts *o, void (*usage)(FILE *))
{
	struct settings st;
	struct account_files p;
	struct account_files_staged sg = { 0 };
	struct admin *ad = NULL;
	struct dynsec_outcome out = { 0 };
	char password[PASSWORD_LEN + 1], secret[2048];
	int rc, exit_code = 1;

	if (opts_settings(o, &st))
		return 1;
	if ((rc = account_files_plan(&p, a, o->out, o->terminal_broker, o->province_broker, &st, usage)) != 0)
		return rc;
	if (secret_random(password, sizeof password, PASSWORD_LEN) != HL_OK) {
		fprintf(stderr, PROG ": no random numbers from the system\n");
		return 1;
	}
	rc = account_files_secret(&p, password, secret, sizeof secret) ||
	     account_files_stage(&sg, o->out, p.secret_name, secret);
	secret_wipe(secret, sizeof secret);
	if (rc)
		goto out;
	if (admin_connect(&st, o->timeout_s, &ad))
		goto out;
	rc = admin_do(ad, verb == VERB_ADD ? DYNSEC_OP_ADD : DYNSEC_OP_PASSWD, a, password, &out);
	if (rc == HL_OK && out.fix_role) {
		dynsec_outcome_free(&out);
		rc = admin_do(ad, DYNSEC_OP_FIX_ROLE, a, NULL, &out);
		if (rc != HL_OK)
			fprintf(stderr, PROG ": %s exists now, but its rules may not be ours; run '%s remove' and add it again\n",
				p.user, a->kind == ACCOUNT_TERMINAL ? "terminal" : "account");
	}
	dynsec_outcome_free(&out);
	if (rc != HL_OK)
		goto out;
	if (account_files_commit(&sg))
		goto out;
	printf("%s %s on the broker at %s\n", verb == VERB_ADD ? "created" : "new password for", p.user, st.broker);
	printf("wrote %s (mode 600)\n", sg.path);
	if (account_files_extras(&p, verb == VERB_ADD)) {
		fprintf(stderr, PROG ": %s has its password in %s, but the other files are missing; fix the cause and run "
				"'passwd' to write them again\n", p.user, sg.path);
		goto out;
	}
	account_files_advice(&p, sg.path, verb == VERB_ADD);
	exit_code = 0;
out:
	secret_wipe(password, sizeof password);
	account_files_drop(&sg);
	admin_close(ad);
	return exit_code;
}

static int run_remove(const struct account *a, const struct opts *o)
{
	char user[ACCOUNT_USERNAME_MAX + 1];
	struct settings st;
	struct admin *ad;
	struct dynsec_outcome out;
	int rc;

	if (opts_settings(o, &st) || admin_connect(&st, o->timeout_s, &ad))
		return 1;
	rc = admin_do(ad, DYNSEC_OP_REMOVE, a, NULL, &out);
	dynsec_outcome_free(&out);
	admin_close(ad);
	if (rc != HL_OK)
		return 1;
	account_username(a, user, sizeof user);
	printf("removed %s from the broker at %s: it is disconnected and can no longer log in\n", user, st.broker);
	return 0;
}

static int run_list(bool terminals_only, const struct opts *o)
{
	struct settings st;
	struct admin *ad;
	struct dynsec_outcome out;
	struct account *acc = NULL;
	int w = 8, rc;
	size_t shown = 0;

	if (opts_settings(o, &st) || admin_connect(&st, o->timeout_s, &ad))
		return 1;
	rc = admin_do(ad, DYNSEC_OP_LIST, NULL, NULL, &out);
	admin_close(ad);
	if (rc != HL_OK)
		return 1;
	if (!(acc = calloc(out.nusernames ? out.nusernames : 1, sizeof *acc))) {
		fprintf(stderr, PROG ": out of memory\n");
		dynsec_outcome_free(&out);
		return 1;
	}
	for (size_t i = 0; i < out.nusernames; i++) {
		bool ours = account_parse_username(out.usernames[i], &acc[i]) == HL_OK;
		if (!ours)
			acc[i].kind = ACCOUNT_KIND_COUNT;
		if (terminals_only && acc[i].kind != ACCOUNT_TERMINAL)
			continue;
		if ((int)strlen(out.usernames[i]) > w)
			w = (int)strlen(out.usernames[i]);
	}
	if (terminals_only)
		printf("%-*s  %-32s  %s\n", w, "USERNAME", "SITE", "COUNTER");
	else
		printf("%-*s  %-10s  %-32s  %s\n", w, "USERNAME", "KIND", "SITE", "COUNTER/NAME");
	for (size_t i = 0; i < out.nusernames; i++) {
		const struct account *a = &acc[i];
		if (terminals_only && a->kind != ACCOUNT_TERMINAL)
			continue;
		shown++;
		if (terminals_only)
			printf("%-*s  %-32s  %s\n", w, out.usernames[i], a->site, a->counter);
		else if (a->kind == ACCOUNT_KIND_COUNT) {
			/* Not one of ours: any bytes an admin gave it on the broker, shown escaped. */
			char shown_name[400];
			escape_text(shown_name, sizeof shown_name, out.usernames[i], strlen(out.usernames[i]));
			printf("%-*s  %-10s  %-32s  %s\n", w, shown_name, "(other)", "-", "-");
		}
		else
			printf("%-*s  %-10s  %-32s  %s\n", w, out.usernames[i], account_kind_name(a->kind),
			       a->site[0] ? a->site : "-", a->counter[0] ? a->counter : a->name[0] ? a->name : "-");
	}
	printf("%zu %s%s on the broker at %s\n", shown, terminals_only ? "terminal" : "login",
	       shown == 1 ? "" : "s", st.broker);
	free(acc);
	dynsec_outcome_free(&out);
	return 0;
}

static int run_update(const struct account_update_pick *pick, const struct opts *o)
{
	struct settings st;

	if (opts_settings(o, &st))
		return 1;
	return account_update_run(&st, o->timeout_s, pick);
}

/* An update that names no one account: --all (terminals, or every account), or a terminal update
 * with --site alone. Returns the exit code. */
static int run_update_many(const struct opts *o, bool terminals, const char *what, void (*usage)(FILE *))
{
	unsigned common = A_CONFIG | A_BROKER | A_TIMEOUT;
	struct account_update_pick pick = { .terminals = terminals };
	char with[64];
	int rc;

	snprintf(with, sizeof with, "%s %s", what, o->given & A_ALL ? "--all" : "--site");
	if (o->nargs)
		return cli_usage_error(usage, "unexpected argument '%s': --all names no account", o->args[0]);
	if ((rc = opts_require(o, with, common | (o->given & A_ALL ? A_ALL : A_SITE), 0, usage)) != 0)
		return rc;
	if (o->nsites > 1)
		return cli_usage_error(usage, "'%s' takes one --site", what);
	pick.site = o->nsites ? o->sites[0] : NULL;
	return run_update(&pick, o);
}

static int verb_parse(const char *name, enum verb *v)
{
	static const char *const names[] = { [VERB_ADD] = "add", [VERB_PASSWD] = "passwd", [VERB_REMOVE] = "remove",
					     [VERB_LIST] = "list", [VERB_UPDATE] = "update" };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0) {
			*v = (enum verb)i;
			return HL_OK;
		}
	return HL_ERR_INVALID;
}

/* The options each verb and kind take; needed ones beyond the account's own fields. */
static unsigned verb_allowed(enum verb v, enum account_kind k)
{
	unsigned common = A_CONFIG | A_BROKER | A_TIMEOUT;

	if (v == VERB_LIST)
		return common;
	if (v == VERB_UPDATE)
		return common | (k == ACCOUNT_TERMINAL ? A_SITE | A_COUNTER : k == ACCOUNT_BRIDGE ? A_SITE : 0);
	if (k == ACCOUNT_TERMINAL)
		return common | A_SITE | A_COUNTER | (v == VERB_REMOVE ? 0 : A_OUT) | (v == VERB_ADD ? A_TBROKER : 0);
	if (k == ACCOUNT_BRIDGE)
		return common | A_SITE | (v == VERB_REMOVE ? 0 : A_OUT | A_PBROKER);
	if (k == ACCOUNT_AGGREGATOR)
		return common | (v == VERB_REMOVE ? 0 : A_OUT);
	return common | (v == VERB_REMOVE ? 0 : A_OUT) | (v == VERB_ADD ? A_SITE : 0);
}

/* One action on one account: o parsed, kind known, name (or NULL) the positional NAME. */
static int run_account(enum verb v, enum account_kind kind, const char *name, const struct opts *o,
		       const char *what, void (*usage)(FILE *))
{
	struct account a = { .kind = kind };
	unsigned needed = v == VERB_ADD || v == VERB_PASSWD ? A_OUT : 0;
	char why[200];
	int rc;

	if (kind == ACCOUNT_TERMINAL)
		needed |= A_SITE | A_COUNTER;
	if (kind == ACCOUNT_BRIDGE)
		needed |= A_SITE | (v == VERB_REMOVE || v == VERB_UPDATE ? 0 : A_PBROKER);
	if ((rc = opts_require(o, what, verb_allowed(v, kind), needed, usage)) != 0)
		return rc;
	if (kind == ACCOUNT_TERMINAL || kind == ACCOUNT_BRIDGE) {
		if (o->nsites > 1)
			return cli_usage_error(usage, "'%s' takes one --site", what);
		if (name)
			return cli_usage_error(usage, "unexpected argument '%s'", name);
		snprintf(a.site, sizeof a.site, "%s", o->sites[0]);
		if (o->counter)
			snprintf(a.counter, sizeof a.counter, "%s", o->counter);
	} else {
		if (!name)
			return cli_usage_error(usage, "'%s' needs a NAME", what);
		if (!topic_id_valid(name))
			return cli_usage_error(usage, "NAME '%s' must match [a-z0-9-]{1,32}", name);
		snprintf(a.name, sizeof a.name, "%s", name);
		for (size_t i = 0; i < o->nsites; i++)
			snprintf(a.sites[a.nsites++], sizeof a.sites[0], "%s", o->sites[i]);
	}
	if (account_check(&a, why, sizeof why) != HL_OK)
		return cli_usage_error(usage, "%s", why);
	if (v == VERB_REMOVE)
		return run_remove(&a, o);
	if (v == VERB_UPDATE)
		return run_update(&(struct account_update_pick){ .one = &a }, o);
	return run_keyed(v, &a, o, usage);
}

/* ---- the commands ------------------------------------------------------------------------------- */

static bool is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int cmd_terminal(int argc, char **argv)
{
	struct opts o;
	enum verb v;
	int rc;

	/* What a command for people should say; the link's reconnect chatter is for the daemons. */
	log_set_level(LOG_ERROR);
	if (argc < 2)
		return cli_usage_error(usage_terminal, "%s", "which action? add, passwd, remove, update or list");
	if (is_help(argv[1])) {
		usage_terminal(stdout);
		return 0;
	}
	if (verb_parse(argv[1], &v) != HL_OK)
		return cli_usage_error(usage_terminal, "unknown action '%s'", argv[1]);
	if ((rc = opts_parse(argc - 1, argv + 1, usage_terminal, &o)) != 0)
		return rc == 1 ? 0 : rc;
	if (o.nargs)
		return cli_usage_error(usage_terminal, "unexpected argument '%s'", o.args[0]);
	char what[32];
	snprintf(what, sizeof what, "terminal %s", argv[1]);
	if (v == VERB_LIST) {
		if ((rc = opts_require(&o, what, verb_allowed(v, ACCOUNT_TERMINAL), 0, usage_terminal)) != 0)
			return rc;
		return run_list(true, &o);
	}
	if (v == VERB_UPDATE && !(o.given & (A_ALL | A_SITE | A_COUNTER)))
		return cli_usage_error(usage_terminal, "%s",
				       "'terminal update' needs --site SITE [--counter COUNTER], or --all");
	if (v == VERB_UPDATE && (o.given & A_ALL || !(o.given & A_COUNTER)))
		return run_update_many(&o, true, what, usage_terminal);
	return run_account(v, ACCOUNT_TERMINAL, NULL, &o, what, usage_terminal);
}

int cmd_account(int argc, char **argv)
{
	struct opts o;
	enum verb v;
	enum account_kind kind;
	char what[48];
	int rc;

	log_set_level(LOG_ERROR);
	if (argc < 2)
		return cli_usage_error(usage_account, "%s", "which action? add, passwd, remove, update or list");
	if (is_help(argv[1])) {
		usage_account(stdout);
		return 0;
	}
	if (verb_parse(argv[1], &v) != HL_OK)
		return cli_usage_error(usage_account, "unknown action '%s'", argv[1]);
	if ((rc = opts_parse(argc - 1, argv + 1, usage_account, &o)) != 0)
		return rc == 1 ? 0 : rc;
	if (v == VERB_LIST) {
		if (o.nargs)
			return cli_usage_error(usage_account, "unexpected argument '%s'", o.args[0]);
		if ((rc = opts_require(&o, "account list", verb_allowed(v, ACCOUNT_AGGREGATOR), 0, usage_account)) != 0)
			return rc;
		return run_list(false, &o);
	}
	if (v == VERB_UPDATE && (o.given & A_ALL))
		return run_update_many(&o, false, "account update", usage_account);
	if (o.nargs < 1)
		return cli_usage_error(usage_account, v == VERB_UPDATE
					       ? "'account %s' needs a kind (aggregator, web, onestop or bridge) or --all"
					       : "'account %s' needs a kind: aggregator, web, onestop or bridge",
				       argv[1]);
	if (account_kind_parse(o.args[0], &kind) != HL_OK)
		return cli_usage_error(usage_account, "unknown kind '%s': aggregator, web, onestop, bridge or terminal",
				       o.args[0]);
	if (o.nargs > 2)
		return cli_usage_error(usage_account, "unexpected argument '%s'", o.args[2]);
	snprintf(what, sizeof what, "account %s %s", argv[1], o.args[0]);
	return run_account(v, kind, o.nargs > 1 ? o.args[1] : NULL, &o, what,
			   kind == ACCOUNT_TERMINAL ? usage_terminal : usage_account);
}
