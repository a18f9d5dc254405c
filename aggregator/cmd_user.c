/* SPDX-License-Identifier: MIT
 * cmd_user.c — `hailong-aggregator user`: the IT admin's side of the web console's users — add them
 * with a role and sites, list them, give a new password, disable and enable them. It owns only one
 * command's run: users are stored through store_users.h, passwords hashed by credential.h, and every
 * change is written to the audit table as "cli:" and the login name of whoever ran it (people.c).
 * A password never comes from the command line (it would show in ps and the shell's history): it is
 * asked on the terminal without echo, or read from standard input or a file, and wiped once hashed.
 * API tokens are cmd_token.c's. Start reading cmd_user() at the bottom. */
#include "commands.h"

#include "cli.h"
#include "credential.h"
#include "hl.h"
#include "people.h"
#include "text.h"
#include "store.h"
#include "store_prefs.h"
#include "store_users.h"
#include "topic.h"
#include "wire.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define PROG CLI_PROG
#define USER_PASSWORD_MAX 1024 /* bytes of a password */

/* ---- usage ------------------------------------------------------------------------------------- */

static void usage_user(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " user add NAME --role ROLE [--site SITE]... [--officer CODE]\n"
		"                          [--password-file FILE] (--db PATH | -c FILE)\n"
		"       " PROG " user list (--db PATH | -c FILE)\n"
		"       " PROG " user passwd NAME [--password-file FILE] (--db PATH | -c FILE)\n"
		"       " PROG " user disable NAME (--db PATH | -c FILE)\n"
		"       " PROG " user enable NAME (--db PATH | -c FILE)\n"
		"       " PROG " user notify NAME [--email ADDRESS] [--alerts none|serious|all]\n"
		"                          [--reports none|daily|weekly|monthly] [--sipas yes|no] (--db PATH | -c FILE)\n"
		"\n"
		"The people who log in to the web console (hailong-web). NAME is [a-z0-9._-]{1,64}. ROLE:\n"
		"  quan-tri (admin)     IT staff: users, roster, terminals, API tokens; every site, no --site\n"
		"  lanh-dao (head)      head of one or more sites (--site, at most %d): everything of them\n"
		"  can-bo   (officer)   an officer: own figures and counter; needs --officer CODE and --site\n"
		"  tinh     (province)  every site, read only; no --site\n"
		"A site is [a-z0-9-]{1,32}, an officer code [A-Za-z0-9._-]{1,32} (as in the roster).\n"
		"\n"
		"The password is asked twice on the terminal, not shown; when standard input is not a\n"
		"terminal it is its first line, and with --password-file the file's first line. It has at\n"
		"least %d characters and is stored only as an argon2id hash. A new password and disabling\n"
		"end the user's open sessions. Every change is written to the audit table.\n"
		"\n"
		"user notify shows or sets what hailong-notify sends the user, as the console's page\n"
		"\"Nhận thông báo\" does: a head's flag alerts (serious ones or all) and scheduled report\n"
		"(after each day, week or month), the province's monthly SIPAS export; --email \"\" stops all.\n",
		USER_SITES_MAX, CREDENTIAL_PASSWORD_MIN);
}

/* ---- passwords --------------------------------------------------------------------------------- */

/* Reads one line from f into out (cap bytes), without its line end. -1 at end of input, -2 for a line
 * longer than cap - 1 bytes. */
static int user_line(FILE *f, char *out, size_t cap)
{
	size_t n;

	if (!fgets(out, (int)cap, f))
		return -1;
	n = strlen(out);
	if (n == cap - 1 && out[n - 1] != '\n') {
		int c;
		while ((c = fgetc(f)) != EOF && c != '\n')
			;
		return -2;
	}
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return 0;
}

/* Asks for a line on the terminal with echo off; the prompt goes to stderr. */
static int user_ask(const char *prompt, char *out, size_t cap)
{
	struct termios old, quiet;
	bool hidden = tcgetattr(STDIN_FILENO, &old) == 0;
	int rc;

	fprintf(stderr, "%s", prompt);
	fflush(stderr);
	if (hidden) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		hidden = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
	}
	rc = user_line(stdin, out, cap);
	if (hidden)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	return rc;
}

/* The new password of user name into out (cap bytes): asked twice on a terminal, else the first line
 * of file or of standard input. 0, or 1 after saying why not. */
static int user_password(const char *name, const char *file, char *out, size_t cap)
{
	char again[USER_PASSWORD_MAX + 2], prompt[128];
	const char *from = file ? file : "standard input";
	int rc, n;

	if (file) {
		FILE *f = fopen(file, "r");
		if (!f) {
			fprintf(stderr, PROG ": cannot read the password file %s: %s\n", file, strerror(errno));
			return 1;
		}
		rc = user_line(f, out, cap);
		fclose(f);
	} else if (isatty(STDIN_FILENO)) {
		snprintf(prompt, sizeof prompt, "New password for %s: ", name);
		rc = user_ask(prompt, out, cap);
		if (rc == 0 && people_chars(out) >= CREDENTIAL_PASSWORD_MIN) {
			rc = user_ask("The same again: ", again, sizeof again);
			bool same = rc == 0 && strcmp(out, again) == 0;
			explicit_bzero(again, sizeof again);
			if (rc == 0 && !same) {
				explicit_bzero(out, cap);
				fprintf(stderr, PROG ": the two passwords differ; nothing changed\n");
				return 1;
			}
		}
		from = "the terminal";
	} else {
		rc = user_line(stdin, out, cap);
	}
	if (rc == -1) {
		fprintf(stderr, PROG ": no password: %s is empty\n", from);
		return 1;
	}
	if (rc == -2) {
		explicit_bzero(out, cap);
		fprintf(stderr, PROG ": the password is too long (at most %d bytes)\n", USER_PASSWORD_MAX);
		return 1;
	}
	if ((n = people_chars(out)) < CREDENTIAL_PASSWORD_MIN) {
		explicit_bzero(out, cap);
		fprintf(stderr, PROG ": the password is too short: %d characters, it needs at least %d\n", n,
			CREDENTIAL_PASSWORD_MIN);
		return 1;
	}
	return 0;
}

/* The argon2id string of the password of user name, read as user_password reads it. 0 or 1. */
static int user_new_hash(const char *name, const char *file, char *hash, size_t cap)
{
	char pw[USER_PASSWORD_MAX + 2];
	int rc;

	if (credential_init() != HL_OK) {
		fprintf(stderr, PROG ": libsodium cannot start\n");
		return 1;
	}
	if (user_password(name, file, pw, sizeof pw))
		return 1;
	rc = credential_hash_password(pw, hash, cap);
	explicit_bzero(pw, sizeof pw);
	if (rc != HL_OK) {
		fprintf(stderr, PROG ": hashing the password failed: %s (argon2id needs 64 MiB of memory)\n",
			hl_strerror(rc));
		return 1;
	}
	return 0;
}

/* ---- user -------------------------------------------------------------------------------------- */

enum { U_ADD, U_LIST, U_PASSWD, U_DISABLE, U_ENABLE, U_NOTIFY };

struct user_args {
	struct cli_common c;
	int verb;
	const char *name, *role_text, *officer, *password_file;
	const char *sites[USER_SITES_MAX];
	size_t nsites;
	bool too_many;
	const char *alerts_text, *reports_text, *sipas_text;
	struct user_notify_opts notify;
};

/* The options of `user notify`; 0, or 2 after a usage error. */
static int user_check_notify(struct user_args *a)
{
	struct user_notify_opts *o = &a->notify;

	o->alerts = o->reports = o->sipas = -1;
	if (o->email && !pref_email_valid(o->email))
		return cli_usage_error(usage_user, "bad --email '%s' (an address such as lanhdao@sct.gov.vn)", o->email);
	if (a->alerts_text && (o->alerts = pref_alerts_parse(a->alerts_text)) < 0)
		return cli_usage_error(usage_user, "bad --alerts '%s' (none, serious or all)", a->alerts_text);
	if (a->reports_text && (o->reports = pref_reports_parse(a->reports_text)) < 0)
		return cli_usage_error(usage_user, "bad --reports '%s' (none, daily, weekly or monthly)", a->reports_text);
	if (a->sipas_text) {
		if (!strcmp(a->sipas_text, "yes"))
			o->sipas = 1;
		else if (!strcmp(a->sipas_text, "no"))
			o->sipas = 0;
		else
			return cli_usage_error(usage_user, "bad --sipas '%s' (yes or no)", a->sipas_text);
	}
	return 0;
}

/* Checks the command line of `user`; 0, or 2 after a usage error. */
static int user_check_args(struct user_args *a, int argc, char **argv, int first)
{
	static const char *const verbs[] = { "add", "list", "passwd", "disable", "enable", "notify" };
	const char *verb = argv[first];
	int role;

	a->verb = -1;
	for (int i = 0; i < 6; i++)
		if (strcmp(verb, verbs[i]) == 0)
			a->verb = i;
	if (a->verb < 0)
		return cli_usage_error(usage_user, "unknown user command '%s'", verb);
	bool want_name = a->verb != U_LIST;
	if (want_name && first + 1 >= argc)
		return cli_usage_error(usage_user, "user %s: which user? give a NAME", verb);
	if (want_name && !user_name_valid(argv[first + 1]))
		return cli_usage_error(usage_user, "bad user name '%s' (a name is [a-z0-9._-]{1,64})", argv[first + 1]);
	if (want_name)
		a->name = argv[first + 1];
	if (first + 1 + want_name < argc)
		return cli_usage_error(usage_user, "unexpected argument '%s'", argv[first + 1 + want_name]);
	if (a->verb != U_ADD && (a->role_text || a->nsites || a->too_many || a->officer))
		return cli_usage_error(usage_user, "%s", "--role, --site and --officer go with 'user add'");
	if (a->password_file && a->verb != U_ADD && a->verb != U_PASSWD)
		return cli_usage_error(usage_user, "%s", "--password-file goes with 'user add' and 'user passwd'");
	if (a->verb != U_NOTIFY && (a->notify.email || a->alerts_text || a->reports_text || a->sipas_text))
		return cli_usage_error(usage_user, "%s", "--email, --alerts, --reports and --sipas go with 'user notify'");
	if (a->verb == U_NOTIFY)
		return user_check_notify(a);
	if (a->verb != U_ADD)
		return 0;
	if (!a->role_text)
		return cli_usage_error(usage_user, "%s", "user add: --role ROLE is required (quan-tri, lanh-dao, can-bo or tinh)");
	if ((role = user_role_parse(a->role_text)) < 0)
		return cli_usage_error(usage_user, "unknown role '%s' (quan-tri, lanh-dao, can-bo or tinh; or admin,"
				       " head, officer, province)", a->role_text);
	if (a->too_many)
		return cli_usage_error(usage_user, "too many --site (at most %s)", "16");
	for (size_t i = 0; i < a->nsites; i++)
		if (!topic_id_valid(a->sites[i]))
			return cli_usage_error(usage_user, "bad --site '%s' (a site is [a-z0-9-]{1,32})", a->sites[i]);
	if (a->officer && (!a->officer[0] || !wire_code_valid(a->officer)))
		return cli_usage_error(usage_user, "bad --officer '%s' (a code is [A-Za-z0-9._-]{1,32})", a->officer);
	if (role == ROLE_OFFICER && (!a->officer || !a->nsites))
		return cli_usage_error(usage_user, "%s", "an officer (can-bo) needs --officer CODE and --site SITE");
	if (role != ROLE_OFFICER && a->officer)
		return cli_usage_error(usage_user, "%s", "--officer goes with --role can-bo");
	if (role == ROLE_HEAD && !a->nsites)
		return cli_usage_error(usage_user, "%s", "a head (lanh-dao) needs at least one --site");
	if ((role == ROLE_ADMIN || role == ROLE_PROVINCE) && a->nsites)
		return cli_usage_error(usage_user, "an admin or the province sees every site: no --site with --role %s",
				       user_role_name(role));
	return 0;
}

static int user_add(const struct user_args *a, struct store *s, int64_t now)
{
	struct store_user u, old;
	char sites[PEOPLE_SITES_TEXT], detail[1024];
	int rc;

	memset(&u, 0, sizeof u);
	snprintf(u.name, sizeof u.name, "%s", a->name);
	u.role = user_role_parse(a->role_text);
	snprintf(u.officer, sizeof u.officer, "%s", a->officer ? a->officer : "");
	for (size_t i = 0; i < a->nsites; i++)
		snprintf(u.sites[u.nsites++], sizeof u.sites[0], "%s", a->sites[i]);
	if ((rc = store_user_get(s, a->name, &old)) != HL_ERR_NOTFOUND) {
		if (rc == HL_OK)
			fprintf(stderr, PROG ": there is a user '%s' already (user passwd changes a password)\n", a->name);
		else
			fprintf(stderr, PROG ": reading the users failed: %s\n", store_errmsg(s));
		return 1;
	}
	if (user_new_hash(a->name, a->password_file, u.hash, sizeof u.hash))
		return 1;
	rc = store_user_add(s, &u, now);
	explicit_bzero(u.hash, sizeof u.hash);
	if (rc != HL_OK) {
		fprintf(stderr, PROG ": adding user '%s' failed: %s\n", a->name, store_errmsg(s));
		return 1;
	}
	people_sites(u.sites, u.nsites, "every site", sites, sizeof sites);
	snprintf(detail, sizeof detail, "user %s: role %s, %s%s%s%s", u.name, user_role_name(u.role),
		 u.nsites ? "sites " : "", sites, u.officer[0] ? ", officer " : "", u.officer);
	printf("user '%s' added: %s, %s%s%s\n", u.name, user_role_label(u.role, true), sites,
	       u.officer[0] ? ", officer " : "", u.officer);
	return people_audit(s, "user.add", people_audit_site(u.sites, u.nsites), detail);
}

struct user_rows {
	struct store_user *v;
	size_t n, cap;
};

static int user_collect(void *ud, const struct store_user *u)
{
	struct user_rows *rows = ud;

	if (hl_grow((void **)&rows->v, &rows->cap, rows->n + 1, sizeof *rows->v) != HL_OK)
		return HL_ERR_NOMEM;
	rows->v[rows->n] = *u;
	explicit_bzero(rows->v[rows->n].hash, sizeof rows->v[0].hash); /* not needed to list */
	rows->n++;
	return HL_OK;
}

static int user_list(struct store *s, int utc_offset)
{
	struct user_rows rows = { 0 };
	char sites[PEOPLE_SITES_TEXT], when[32];
	int wn = 4, wr = 4, ws = 5, wo = 7, rc;

	if ((rc = store_user_list(s, user_collect, &rows)) != HL_OK) {
		fprintf(stderr, PROG ": listing users failed: %s\n", rc == HL_ERR_NOMEM ? hl_strerror(rc) : store_errmsg(s));
		free(rows.v);
		return 1;
	}
	if (rows.n == 0) {
		printf("No users. '" PROG " user add NAME --role quan-tri' makes the first admin.\n");
		return 0;
	}
	for (size_t i = 0; i < rows.n; i++) {
		const struct store_user *u = &rows.v[i];
		people_sites(rows.v[i].sites, u->nsites, "(all)", sites, sizeof sites);
		wn = text_width_max(wn, u->name);
		wr = text_width_max(wr, user_role_label(u->role, true) ? user_role_label(u->role, true) : "?");
		ws = text_width_max(ws, sites);
		wo = text_width_max(wo, u->officer);
	}
	const char *head[4] = { "name", "role", "sites", "officer" };
	const int width[4] = { wn, wr, ws, wo };
	for (int i = 0; i < 4; i++) {
		text_pad(stdout, head[i], width[i], false);
		fputs("  ", stdout);
	}
	printf("%-8s  %s\n", "state", "created");
	for (size_t i = 0; i < rows.n; i++) {
		const struct store_user *u = &rows.v[i];
		const char *label = user_role_label(u->role, true);
		people_sites(rows.v[i].sites, u->nsites, "(all)", sites, sizeof sites);
		people_time(u->created, utc_offset, when);
		const char *cell[4] = { u->name, label ? label : "?", sites, u->officer[0] ? u->officer : "-" };
		for (int k = 0; k < 4; k++) {
			text_pad(stdout, cell[k], width[k], false);
			fputs("  ", stdout);
		}
		printf("%-8s  %s\n", u->disabled ? "disabled" : "active", when);
	}
	free(rows.v);
	return 0;
}

/* user passwd, disable, enable. */
static int user_change(const struct user_args *a, struct store *s)
{
	struct store_user u;
	char hash[USER_HASH_MAX], detail[256];
	int rc;
	const char *action, *done;

	if ((rc = store_user_get(s, a->name, &u)) != HL_OK) {
		if (rc == HL_ERR_NOTFOUND)
			fprintf(stderr, PROG ": there is no user '%s' ('" PROG " user list' shows them)\n", a->name);
		else
			fprintf(stderr, PROG ": reading the users failed: %s\n", store_errmsg(s));
		return 1;
	}
	explicit_bzero(u.hash, sizeof u.hash);
	if (a->verb == U_PASSWD) {
		if (user_new_hash(a->name, a->password_file, hash, sizeof hash))
			return 1;
		rc = store_user_set_hash(s, a->name, hash);
		explicit_bzero(hash, sizeof hash);
		action = "user.passwd";
		done = "has a new password; their sessions are ended";
	} else {
		rc = store_user_set_disabled(s, a->name, a->verb == U_DISABLE);
		action = a->verb == U_DISABLE ? "user.disable" : "user.enable";
		done = a->verb == U_DISABLE ? "is disabled; their sessions are ended" : "is enabled";
	}
	if (rc != HL_OK) {
		fprintf(stderr, PROG ": changing user '%s' failed: %s\n", a->name, store_errmsg(s));
		return 1;
	}
	printf("user '%s' %s\n", a->name, done);
	snprintf(detail, sizeof detail, "user %s %s", a->name,
		 a->verb == U_PASSWD ? "got a new password" : a->verb == U_DISABLE ? "disabled" : "enabled");
	return people_audit(s, action, people_audit_site(u.sites, u.nsites), detail);
}

int cmd_user(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },	   { "db", required_argument, NULL, 'd' },
		{ "role", required_argument, NULL, 'r' },	   { "site", required_argument, NULL, 's' },
		{ "officer", required_argument, NULL, 'o' },	   { "password-file", required_argument, NULL, 'p' },
		{ "email", required_argument, NULL, 'e' },	   { "alerts", required_argument, NULL, 'a' },
		{ "reports", required_argument, NULL, 'R' },	   { "sipas", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },		   { 0 },
	};
	struct user_args a;
	struct settings st;
	struct store *s;
	int opt, rc;

	memset(&a, 0, sizeof a);
	while ((opt = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': a.c.config = optarg; break;
		case 'd': cli_override(&a.c, "db", optarg); break;
		case 'r': a.role_text = optarg; break;
		case 's':
			if (a.nsites < USER_SITES_MAX)
				a.sites[a.nsites++] = optarg;
			else
				a.too_many = true;
			break;
		case 'o': a.officer = optarg; break;
		case 'p': a.password_file = optarg; break;
		case 'e': a.notify.email = optarg; break;
		case 'a': a.alerts_text = optarg; break;
		case 'R': a.reports_text = optarg; break;
		case 'S': a.sipas_text = optarg; break;
		case 'h': usage_user(stdout); return 0;
		default: return cli_usage_hint(usage_user);
		}
	}
	if (optind >= argc)
		return cli_usage_error(usage_user, "%s", "which command? add, list, passwd, disable, enable or notify");
	if ((rc = user_check_args(&a, argc, argv, optind)) != 0)
		return rc;
	if (people_open(&a.c, a.verb == U_ADD, &st, &s))
		return 1;
	switch (a.verb) {
	case U_ADD: rc = user_add(&a, s, (int64_t)time(NULL)); break;
	case U_LIST: rc = user_list(s, st.utc_offset_minutes * 60); break;
	case U_NOTIFY: rc = user_notify(s, a.name, &a.notify); break;
	default: rc = user_change(&a, s); break;
	}
	store_close(s);
	return rc;
}

