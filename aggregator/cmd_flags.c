/* SPDX-License-Identifier: MIT
 * cmd_flags.c — `hailong-aggregator flags`: the department head's side of complaint flags — list
 * them, show one with its evidence, acknowledge it, resolve it with a note — in the head's language
 * (--lang, the config's lang): the summary and the evidence in words come from flag_words.h and
 * flag_items.h, the same the HTML report and the console say, with the site's roster names. It owns
 * only its output and the rosters it loads; the flags are read and moved through store_flags.h, and
 * the rules that open them live in flags.c and serve.c. Privacy (DESIGN §8): a flag and the steps
 * taken on it are dated by their local day (utc_offset_minutes), never to the minute, and the ratings
 * concerned are counted, never listed: with the queue's log either would tell who complained. */
#include "cli.h"
#include "commands.h"
#include "flags_out.h"
#include "flags.h"
#include "hl.h"
#include "i18n.h"
#include "store_flags.h"
#include "topic.h"
#include "wire.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FLAGS_BY_MAX 64     /* bytes of a name */
#define FLAGS_NOTE_MAX 1000 /* bytes of a note */

static void usage_flags(FILE *f)
{
	fprintf(f,
		"Usage: " CLI_PROG " flags list [--state open|acknowledged|resolved|unresolved|all]\n"
		"                     [--kind KIND] [--site SITE] [--officer CODE | --procedure CODE]\n"
		"                     [--limit N] [--format table|json]\n"
		"                     [--lang vi|en] (--db PATH | -c FILE)\n"
		"       " CLI_PROG " flags show ID [--format text|json] [--lang vi|en] (--db PATH | -c FILE)\n"
		"       " CLI_PROG " flags ack ID --by NAME [--note TEXT] [--lang vi|en] (--db PATH | -c FILE)\n"
		"       " CLI_PROG " flags resolve ID --by NAME --note TEXT [--lang vi|en] (--db PATH | -c FILE)\n"
		"\n"
		"Complaint flags opened by the aggregator: serious (a serious reason, also published on\n"
		"hailong/v1/SITE/alerts at the next whole hour: alert_hold_seconds), burst (many dissatisfied\n"
		"ratings at one counter in a short time), trend (an officer's 30-day dissatisfaction\n"
		"significantly above the site's), stuffing (a terminal sending ratings faster than people can\n"
		"give them), clock (a terminal clock not synchronised, or dating a rating too far back or in\n"
		"the future: it counts on the day received), offline (a terminal offline or silent too long)\n"
		"and fault (a terminal reporting a fault, e.g. it could not write a rating to its spool);\n"
		"integrity is what stuffing, clock and offline flags were called before. A flag goes\n"
		"open -> acknowledged -> resolved, each step with who and a note; there is never more\n"
		"than one unresolved flag of a kind for a subject.\n"
		"\n"
		"  list      newest first; by default the unresolved ones (open and acknowledged); --officer,\n"
		"            --procedure: only the flags about that officer or procedure\n"
		"  show      one flag with its evidence in words (counts and windows; the ratings concerned\n"
		"            are counted, never listed)\n"
		"  ack       an open flag is being looked at\n"
		"  resolve   an open or acknowledged flag is dealt with; the note says how\n"
		"\n"
		"A flag is dated by its day, and so are the steps taken on it, never to the minute: with the\n"
		"queue's log a time would tell who complained. Summaries and reasons are said in words, in\n"
		"--lang (default: the config's lang, vi): Vietnamese dates dd/mm/yyyy. --format json stays\n"
		"machine-readable: kind, state and subject type as codes, days as YYYY-MM-DD.\n");
}

/* Parses a flag id: digits only, 1 or more. */
static int flags_id(const char *text, int64_t *id)
{
	char *end;

	if (!text[0] || text[0] < '0' || text[0] > '9')
		return -1;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (*end || errno || v < 1)
		return -1;
	*id = v;
	return 0;
}

/* ---- ack / resolve ----------------------------------------------------------------------------- */

/* Why a step was refused, in a sentence, from the flag as it is now (dated by day). */
struct flags_refusal {
	bool resolve;
	int utc_offset;
};

static int flags_refuse(void *ud, const struct store_flag *f)
{
	const struct flags_refusal *r = ud;
	char day[16];

	if (f->state == FLAG_RESOLVED) {
		fprintf(stderr, CLI_PROG ": flag #%lld is already resolved (by %s on %s); %s\n", (long long)f->id,
			flags_out_or(f->resolved_by, "?"), flags_out_day(I18N_EN, f->resolved_at, r->utc_offset, day),
			r->resolve ? "a resolved flag stays resolved" : "only an open flag can be acknowledged");
	} else if (f->state == FLAG_ACKNOWLEDGED && !r->resolve) {
		fprintf(stderr, CLI_PROG ": flag #%lld is already acknowledged (by %s on %s); only an open flag can"
			" be acknowledged\n", (long long)f->id, flags_out_or(f->ack_by, "?"),
			flags_out_day(I18N_EN, f->ack_at, r->utc_offset, day));
	} else {
		fprintf(stderr, CLI_PROG ": flag #%lld is %s; it cannot be %s now\n", (long long)f->id,
			flags_out_or(flag_state_name(f->state), "?"), r->resolve ? "resolved" : "acknowledged");
	}
	return HL_OK;
}

static int flags_step(struct store *s, bool resolve, int64_t id, const char *by, const char *note, int lang,
		      int utc_offset)
{
	int state, rc;

	rc = resolve ? store_flags_resolve(s, id, by, note, (int64_t)time(NULL), &state)
		     : store_flags_ack(s, id, by, note, (int64_t)time(NULL), &state);
	if (rc == HL_OK) {
		printf(flags_out_word(lang, resolve ? W_DID_RESOLVE : W_DID_ACK), (long long)id, by);
		putchar('\n');
		return 0;
	}
	if (rc == HL_ERR_NOTFOUND) {
		fprintf(stderr, CLI_PROG ": no flag #%lld\n", (long long)id);
	} else if (rc == HL_ERR_INVALID) {
		struct flags_refusal why = { resolve, utc_offset };
		if (store_flags_get(s, id, flags_refuse, &why) != HL_OK)
			fprintf(stderr, CLI_PROG ": flag #%lld cannot be %s now\n", (long long)id,
				resolve ? "resolved" : "acknowledged");
	} else {
		fprintf(stderr, CLI_PROG ": %s failed: %s\n", resolve ? "resolving" : "acknowledging",
			store_errmsg(s));
	}
	return 1;
}

/* ---- the command ------------------------------------------------------------------------------- */

enum flags_verb { V_LIST, V_SHOW, V_ACK, V_RESOLVE };

struct flags_args {
	struct cli_common c;
	int verb;
	int64_t id;
	int state; /* enum flag_state, STORE_FLAGS_UNRESOLVED or STORE_FLAGS_ALL */
	int kind;  /* enum flag_kind, or -1 for every kind */
	int limit;
	bool json;
	const char *by, *note, *format, *state_text, *site, *kind_text;
	int subject_type;    /* list: only flags about this subject (enum flag_subject), -1: any */
	const char *subject; /* … with this code */
};

/* A list's callback kept to one subject, with the --limit counted after it. */
struct flags_about {
	int (*fn)(void *, const struct store_flag *);
	void *ud;
	int subject_type, limit, seen;
	const char *subject;
};

static int flags_about_one(void *ud, const struct store_flag *f)
{
	struct flags_about *x = ud;

	if (x->subject_type >= 0 && (f->subject_type != x->subject_type || strcmp(f->subject, x->subject) != 0))
		return HL_OK;
	if (x->limit && x->seen >= x->limit)
		return HL_OK;
	x->seen++;
	return x->fn(x->ud, f);
}

/* store_flags_list_kind through flags_about_one: the store's limit only when no subject is asked. */
static int flags_list(struct store *s, const struct flags_args *a, int (*fn)(void *, const struct store_flag *),
		      void *ud)
{
	struct flags_about x = { fn, ud, a->subject_type, a->limit, 0, a->subject };

	return store_flags_list_kind(s, a->state, a->kind, a->site, a->subject_type >= 0 ? 0 : a->limit, flags_about_one,
				     &x);
}

/* Checks what only some verbs take; 0, or 2 after a usage error. */
static int flags_check_args(struct flags_args *a, int argc, char **argv, int first)
{
	static const char *const verbs[] = { "list", "show", "ack", "resolve" };
	const char *verb = argv[first];
	int want_id;

	a->verb = -1;
	for (int i = 0; i < 4; i++)
		if (strcmp(verb, verbs[i]) == 0)
			a->verb = i;
	if (a->verb < 0)
		return cli_usage_error(usage_flags, "unknown flags command '%s'", verb);
	want_id = a->verb != V_LIST;
	if (want_id && first + 1 >= argc)
		return cli_usage_error(usage_flags, "flags %s: which flag? give its ID", verb);
	if (want_id && flags_id(argv[first + 1], &a->id))
		return cli_usage_error(usage_flags, "bad flag ID '%s'", argv[first + 1]);
	if (first + 1 + want_id < argc)
		return cli_usage_error(usage_flags, "unexpected argument '%s'", argv[first + 1 + want_id]);
	if (a->verb != V_LIST && (a->state_text || a->limit || a->site || a->kind_text))
		return cli_usage_error(usage_flags, "%s", "--state, --kind, --site and --limit go with 'flags list'");
	a->kind = -1;
	if (a->kind_text && (a->kind = flag_kind_parse(a->kind_text)) < 0)
		return cli_usage_error(usage_flags, "unknown kind '%s' (serious, burst, trend, stuffing, clock, offline,"
				       " fault or integrity)", a->kind_text);
	if (a->site && !topic_id_valid(a->site))
		return cli_usage_error(usage_flags, "bad --site '%s' (a site is [a-z0-9-]{1,32})", a->site);
	if ((a->verb == V_LIST || a->verb == V_SHOW) && (a->by || a->note))
		return cli_usage_error(usage_flags, "%s", "--by and --note go with 'flags ack' and 'flags resolve'");
	if ((a->verb == V_ACK || a->verb == V_RESOLVE) && a->format)
		return cli_usage_error(usage_flags, "%s", "--format goes with 'flags list' and 'flags show'");
	if (a->format) {
		bool table = strcmp(a->format, a->verb == V_LIST ? "table" : "text") == 0;
		a->json = strcmp(a->format, "json") == 0;
		if (!table && !a->json)
			return cli_usage_error(usage_flags, "unknown format '%s'", a->format);
	}
	a->state = STORE_FLAGS_UNRESOLVED;
	if (a->state_text) {
		if (strcmp(a->state_text, "all") == 0)
			a->state = STORE_FLAGS_ALL;
		else if (strcmp(a->state_text, "unresolved") != 0 && (a->state = flag_state_parse(a->state_text)) < 0)
			return cli_usage_error(usage_flags, "unknown state '%s'", a->state_text);
	}
	if (a->verb == V_ACK || a->verb == V_RESOLVE) {
		if (!a->by)
			return cli_usage_error(usage_flags, "flags %s: --by NAME is required", verb);
		if (!a->by[0] || !wire_text_valid(a->by, FLAGS_BY_MAX))
			return cli_usage_error(usage_flags, "%s", "--by must be a name: 1 to 64 bytes of text");
		if (a->verb == V_RESOLVE && (!a->note || !a->note[0]))
			return cli_usage_error(usage_flags, "%s", "flags resolve: --note TEXT is required (how was it dealt with?)");
		if (a->note && !wire_text_valid(a->note, FLAGS_NOTE_MAX))
			return cli_usage_error(usage_flags, "%s", "--note must be one line of text, at most 1000 bytes");
	}
	return 0;
}

/* Opens the database named by the settings, never creating one (a mistyped --db would otherwise show
 * "no flags"). */
static int flags_open(struct flags_args *a, struct settings *st, struct store **s)
{
	return cli_open_store(&a->c, st, s);
}

static int flags_run(struct flags_args *a, struct flags_out *o)
{
	struct store *s = o->store;
	int rc;

	switch (a->verb) {
	case V_LIST:
		if (a->json) {
			rc = (o->arr = cJSON_CreateArray())
				     ? flags_list(s, a, flags_out_json, o)
				     : HL_ERR_NOMEM;
			if (rc == HL_OK)
				return flags_out_print_json(o->arr) == HL_OK ? 0 : 1;
			cJSON_Delete(o->arr);
		} else {
			struct flags_rows rows = { .o = o };
			rc = flags_list(s, a, flags_out_collect, &rows);
			if (rc == HL_OK)
				flags_out_table(&rows, o->lang, a->state);
			free(rows.v);
			if (rc == HL_OK)
				return 0;
		}
		fprintf(stderr, CLI_PROG ": listing flags failed: %s\n",
			rc == HL_ERR_NOMEM ? hl_strerror(rc) : store_errmsg(s));
		return 1;
	case V_SHOW:
		if (a->json) {
			rc = (o->arr = cJSON_CreateArray()) ? store_flags_get(s, a->id, flags_out_json, o) : HL_ERR_NOMEM;
			if (rc == HL_OK) {
				cJSON *one = cJSON_DetachItemFromArray(o->arr, 0);
				cJSON_Delete(o->arr);
				return flags_out_print_json(one) == HL_OK ? 0 : 1;
			}
			cJSON_Delete(o->arr);
		} else {
			rc = store_flags_get(s, a->id, flags_out_show, o);
			if (rc == HL_OK)
				return 0;
		}
		if (rc == HL_ERR_NOTFOUND)
			fprintf(stderr, CLI_PROG ": no flag #%lld\n", (long long)a->id);
		else
			fprintf(stderr, CLI_PROG ": reading flag #%lld failed: %s\n", (long long)a->id, store_errmsg(s));
		return 1;
	case V_ACK:
	case V_RESOLVE:
		return flags_step(s, a->verb == V_RESOLVE, a->id, a->by, a->note, o->lang, o->utc_offset);
	}
	return 2;
}

int cmd_flags(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' }, { "db", required_argument, NULL, 'd' },
		{ "state", required_argument, NULL, 's' },  { "limit", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' }, { "by", required_argument, NULL, 'b' },
		{ "note", required_argument, NULL, 'm' },   { "site", required_argument, NULL, 'S' },
		{ "kind", required_argument, NULL, 'k' },   { "lang", required_argument, NULL, 'L' },
		{ "officer", required_argument, NULL, 'O' }, { "procedure", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },         { 0 },
	};
	struct flags_args a;
	struct settings st;
	struct store *s;
	int opt, rc;
	char *end;

	memset(&a, 0, sizeof a);
	a.subject_type = -1;
	while ((opt = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': a.c.config = optarg; break;
		case 'd': cli_override(&a.c, "db", optarg); break;
		case 's': a.state_text = optarg; break;
		case 'n':
			a.limit = (int)strtol(optarg, &end, 10);
			if (*end || a.limit < 1 || a.limit > 1000000)
				return cli_usage_error(usage_flags, "bad --limit '%s'", optarg);
			break;
		case 'f': a.format = optarg; break;
		case 'b': a.by = optarg; break;
		case 'm': a.note = optarg; break;
		case 'S': a.site = optarg; break;
		case 'k': a.kind_text = optarg; break;
		case 'O':
		case 'P':
			if (!*optarg || !wire_code_valid(optarg))
				return cli_usage_error(usage_flags,
						       opt == 'O' ? "bad --officer '%s' (1 to 32 of A-Z a-z 0-9 . _ -)"
								  : "bad --procedure '%s' (1 to 32 of A-Z a-z 0-9 . _ -)",
						       optarg);
			if (a.subject_type >= 0)
				return cli_usage_error(usage_flags, "%s", "--officer or --procedure, not both");
			a.subject_type = opt == 'O' ? FLAG_SUBJ_OFFICER : FLAG_SUBJ_PROCEDURE;
			a.subject = optarg;
			break;
		case 'L':
			if (cli_lang_option(&a.c, optarg, usage_flags))
				return 2;
			break;
		case 'h': usage_flags(stdout); return 0;
		default: return cli_usage_hint(usage_flags);
		}
	}
	if (optind >= argc)
		return cli_usage_error(usage_flags, "%s", "which command? list, show, ack or resolve");
	if ((rc = flags_check_args(&a, argc, argv, optind)) != 0)
		return rc;
	if ((rc = flags_open(&a, &st, &s)) != 0)
		return rc;
	struct flags_out o = { .store = s, .lang = settings_lang(&st), .utc_offset = st.utc_offset_minutes * 60 };
	rc = flags_run(&a, &o);
	flags_out_free(&o);
	store_close(s);
	return rc;
}
