/* SPDX-License-Identifier: MIT
 * cli.c — one place for the habits every subcommand keeps: usage errors exit 2, config errors name
 * file, line and key, and the database is opened (and migrated) the same way everywhere. */
#include "cli.h"

#include "hl.h"
#include "i18n.h"
#include "link.h"
#include "sites.h"
#include "store_roster.h"
#include "url.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* "hailong-aggregator report" from the usage's first line "Usage: hailong-aggregator report …", so
 * that the hint names the command's own --help; the program alone when there is no command word. */
static void cli_command_of(void (*usage)(FILE *), char *out, size_t cap)
{
	char *text = NULL, prog[64] = "", cmd[64] = "";
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	snprintf(out, cap, "%s", CLI_PROG);
	if (!f)
		return;
	usage(f);
	fclose(f);
	if (text && sscanf(text, "Usage: %63s %63s", prog, cmd) >= 1 && strcmp(prog, CLI_PROG) == 0 && cmd[0] &&
	    cmd[0] != '[' && cmd[0] != '-' && cmd[0] != '(' && !(cmd[0] >= 'A' && cmd[0] <= 'Z'))
		snprintf(out, cap, "%s %s", CLI_PROG, cmd);
	free(text);
}

int cli_usage_hint(void (*usage)(FILE *))
{
	char cmd[160];

	cli_command_of(usage, cmd, sizeof cmd);
	fprintf(stderr, "see '%s --help'\n", cmd);
	return 2;
}

int cli_usage_error(void (*usage)(FILE *), const char *fmt, const char *arg)
{
	/* The fault and where to read more; the whole usage would bury the one line that matters. */
	fprintf(stderr, CLI_PROG ": ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return cli_usage_hint(usage);
}

int cli_lang_option(struct cli_common *c, const char *arg, void (*usage)(FILE *))
{
	if (i18n_lang_parse(arg) < 0)
		return cli_usage_error(usage, "unknown --lang '%s' (vi or en)", arg);
	cli_override(c, "lang", arg);
	return 0;
}

void cli_override(struct cli_common *c, const char *key, const char *value)
{
	if (c->nov < sizeof c->ov / sizeof c->ov[0])
		c->ov[c->nov++] = (struct settings_override){ key, value };
}

int cli_settings(struct cli_common *c, struct settings *st)
{
	struct config_error err;
	char msg[512];

	if (settings_load(st, c->config, c->ov, c->nov, &err) != HL_OK) {
		config_error_format(&err, msg, sizeof msg);
		fprintf(stderr, CLI_PROG ": %s\n", msg);
		return 1;
	}
	return 0;
}

int cli_open_store(struct cli_common *c, struct settings *st, struct store **out)
{
	*out = NULL;
	if (cli_settings(c, st))
		return 1;
	return cli_open_existing_store(st, out);
}

int cli_open_existing_store(const struct settings *st, struct store **out)
{
	*out = NULL;
	/* Reading a database that is not there would create an empty one and report nothing: say so. */
	if (strcmp(st->db, ":memory:") != 0 && access(st->db, F_OK) != 0) {
		fprintf(stderr, CLI_PROG ": no database at %s (check --db or db = in the config; 'serve' and 'roster import' "
			"create it)\n", st->db);
		return 1;
	}
	return cli_open_or_create_store(st, out);
}

int cli_open_or_create_store(const struct settings *st, struct store **out)
{
	char err[512];

	*out = NULL;
	if (store_open(st->db, st->utc_offset_minutes * 60, out, err, sizeof err) != HL_OK) {
		fprintf(stderr, CLI_PROG ": %s\n", err);
		return 1;
	}
	return 0;
}

struct cli_site_seek {
	const char *site;
	bool found;
};

static int cli_site_row(void *ud, const struct rollup_row *row)
{
	(void)row;
	((struct cli_site_seek *)ud)->found = true;
	return 1; /* one is enough */
}

static int cli_site_listed(void *ud, const char *site)
{
	struct cli_site_seek *k = ud;

	k->found |= strcmp(site, k->site) == 0;
	return HL_OK;
}

int cli_check_site(struct store *s, const char *site)
{
	struct cli_site_seek k = { site, false };
	struct period_range all = { period_day_from_civil(1970, 1, 1), period_day_from_civil(2199, 12, 31) };

	if (!site)
		return 0;
	/* Ratings ever stored for it, or a roster (officers, or a name): else a mistyped --site would
	 * print an empty table. */
	store_query(s, ROLLUP_SITE, all, site, cli_site_row, &k);
	if (!k.found)
		store_roster_sites(s, cli_site_listed, &k);
	if (!k.found) {
		char name[ROSTER_NAME_MAX + 1];
		k.found = store_roster_site_name(s, site, name, sizeof name) == HL_OK;
	}
	if (k.found)
		return 0;
	fprintf(stderr, CLI_PROG ": no site '%s' in the database: no ratings and no roster for it (see 'report sites')\n",
		site);
	return 1;
}

static int cli_site_add(void *ud, const struct rollup_row *row)
{
	return site_list_add(ud, row->key.site);
}

int cli_known_sites(struct store *s, struct site_list *out)
{
	struct period_range all = { period_day_from_civil(1970, 1, 1), period_day_from_civil(2199, 12, 31) };
	int rc;

	/* The sites cli_check_site accepts: ratings ever stored for them, or a roster. */
	if ((rc = store_query(s, ROLLUP_SITE, all, NULL, cli_site_add, out)) != HL_OK)
		return rc;
	return store_roster_sites(s, site_list_add, out);
}

void cli_period_init(struct cli_period *p)
{
	p->from = p->to = p->span = (struct period_range){ 1, 0 };
	p->given = 0;
}

int cli_period_option(struct cli_period *p, const char *opt, const char *arg, void (*usage)(FILE *))
{
	struct period_range r;
	size_t want = strcmp(opt, "year") == 0 ? 4 : strcmp(opt, "from") == 0 || strcmp(opt, "to") == 0 ? 10 : 7;

	if (strlen(arg) != want || period_parse(arg, &r) != HL_OK ||
	    (want == 7 && (strchr(arg, 'Q') != NULL) != (strcmp(opt, "quarter") == 0))) {
		enum period_kind kind = want == 4 ? PERIOD_YEAR : want == 10 ? PERIOD_DAY
					: strcmp(opt, "quarter") == 0 ? PERIOD_QUARTER : PERIOD_MONTH;
		char why[160], line[400];
		period_why(arg, kind, why, sizeof why);
		snprintf(line, sizeof line, "bad period '%s' for --%s: %s", arg, opt, why[0] ? why : "not a period");
		return cli_usage_error(usage, "%s", line);
	}
	if (strcmp(opt, "from") == 0) {
		p->from = r;
	} else if (strcmp(opt, "to") == 0) {
		p->to = r;
	} else {
		p->span = r;
		p->given++;
	}
	return 0;
}

int cli_period_finish(struct cli_period *p, struct period_range *out, bool *all_time, void (*usage)(FILE *))
{
	bool from = p->from.from <= p->from.to, to = p->to.from <= p->to.to;

	*all_time = false;
	if (from != to)
		return cli_usage_error(usage, "%s", "--from and --to go together");
	if (from) {
		p->given++;
		p->span = (struct period_range){ p->from.from, p->to.to };
		if (p->span.from > p->span.to)
			return cli_usage_error(usage, "%s", "--from is after --to");
	}
	if (p->given > 1)
		return cli_usage_error(usage, "%s", "give one period only");
	if (p->given == 0) {
		p->span.from = period_day_from_civil(2000, 1, 1);
		p->span.to = period_day_from_civil(2099, 12, 31);
		*all_time = true;
	}
	*out = p->span;
	return 0;
}

struct link *cli_broker_connect(const char *url_text, const struct broker_security *sec, int timeout_s)
{
	struct broker_url url;
	struct link *l;
	char why[700];
	struct timespec pause = { 0, 10 * 1000 * 1000 };

	if (url_parse(url_text, &url) != HL_OK) {
		fprintf(stderr, CLI_PROG ": broker '%s' is not mqtt[s]://HOST:PORT\n", url_text);
		return NULL;
	}
	struct link_options lo = { .refusal = LINK_RETRY_NONE };
	link_options_broker(&lo, &url, sec);
	if (link_start(&lo, &l) != HL_OK) {
		fprintf(stderr, CLI_PROG ": cannot start the MQTT client\n");
		return NULL;
	}
	for (int waited = 0; !link_connected(l); waited += 10) {
		if (link_failed(l, why, sizeof why)) {
			fprintf(stderr, CLI_PROG ": the broker at %s refused us: %s\n", url_text, why);
			link_stop(l, NULL);
			return NULL;
		}
		if (waited >= timeout_s * 1000) {
			link_last_error(l, why, sizeof why);
			fprintf(stderr, CLI_PROG ": cannot reach the broker at %s within %d s%s%s\n", url_text, timeout_s,
				why[0] ? ": " : "", why);
			/* Not link_stop: its thread may sit in a blocking connect() for minutes, and the
			 * process is about to exit anyway. */
			return NULL;
		}
		nanosleep(&pause, NULL);
	}
	return l;
}

int cli_broker_finish(struct link *l, const char *url_text, int timeout_s)
{
	int rc = link_flush(l, timeout_s * 1000);

	if (rc == HL_ERR_INVALID)
		fprintf(stderr, CLI_PROG ": the broker at %s refused to publish it: this login is not authorised "
				"for that topic\n", url_text);
	else if (rc != HL_OK)
		fprintf(stderr, CLI_PROG ": the broker at %s did not acknowledge within %d s; nothing is certain to be "
				"published\n", url_text, timeout_s);
	link_stop(l, NULL);
	return rc == HL_OK ? 0 : 1;
}
