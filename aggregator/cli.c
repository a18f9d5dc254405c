/* SPDX-License-Identifier: MIT
 * cli.c — one place for the habits every subcommand keeps: usage errors exit 2, config errors name
 * file, line and key, and the database is opened (and migrated) the same way everywhere. */
#include "cli.h"

#include "hl.h"
#include "link.h"
#include "url.h"

#include <string.h>
#include <time.h>
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
	*out = NULL;
	if (cli_settings(c, st))
		return 1;
	/* Reading a database that is not there would create an empty one and report nothing: say so. */
	if (access(st->db, F_OK) != 0) {
		fprintf(stderr, CLI_PROG ": no database at %s (check --db or db = in the config)\n", st->db);
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
