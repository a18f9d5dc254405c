/* SPDX-License-Identifier: MIT
 * cli.c — one place for the habits every subcommand keeps: usage errors exit 2, config errors name
 * file, line and key, and the database is opened (and migrated) the same way everywhere. */
#include "cli.h"

#include "hl.h"

#include <string.h>
#include <unistd.h>

int cli_usage_error(void (*usage)(FILE *), const char *fmt, const char *arg)
{
	fprintf(stderr, CLI_PROG ": ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n\n");
	usage(stderr);
	return 2;
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
	char err[512];

	*out = NULL;
	if (cli_settings(c, st))
		return 1;
	/* Reading a database that is not there would create an empty one and report nothing: say so. */
	if (access(st->db, F_OK) != 0) {
		fprintf(stderr, CLI_PROG ": no database at %s (check --db or db = in the config)\n", st->db);
		return 1;
	}
	if (store_open(st->db, st->utc_offset_minutes * 60, out, err, sizeof err) != HL_OK) {
		fprintf(stderr, CLI_PROG ": %s\n", err);
		return 1;
	}
	return 0;
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
	    (want == 7 && (strchr(arg, 'Q') != NULL) != (strcmp(opt, "quarter") == 0)))
		return cli_usage_error(usage, "bad period '%s'", arg);
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
