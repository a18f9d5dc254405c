/* SPDX-License-Identifier: MIT
 * cmd_flags.c — `hailong-aggregator flags`: the department head's side of complaint flags — list
 * them, show one with its evidence, acknowledge it, resolve it with a note. It owns only its output;
 * the flags are read and moved through store_flags.h, and the rules that open them live in flags.c
 * and serve.c. Privacy (DESIGN §8): `show` prints the evidence's rating ids, which an investigation
 * needs, but never a rating's time — the evidence never holds one. Times are shown in the sites'
 * local time (utc_offset_minutes), to the minute. */
#include "cli.h"
#include "commands.h"
#include "flags.h"
#include "hl.h"
#include "store_flags.h"
#include "topic.h"
#include "wire.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FLAGS_BY_MAX 64     /* bytes of a name */
#define FLAGS_NOTE_MAX 1000 /* bytes of a note */

static void usage_flags(FILE *f)
{
	fprintf(f,
		"Usage: " CLI_PROG " flags list [--state open|acknowledged|resolved|unresolved|all]\n"
		"                     [--kind KIND] [--site SITE] [--limit N] [--format table|json]\n"
		"                     (--db PATH | -c FILE)\n"
		"       " CLI_PROG " flags show ID [--format text|json] (--db PATH | -c FILE)\n"
		"       " CLI_PROG " flags ack ID --by NAME [--note TEXT] (--db PATH | -c FILE)\n"
		"       " CLI_PROG " flags resolve ID --by NAME --note TEXT (--db PATH | -c FILE)\n"
		"\n"
		"Complaint flags opened by the aggregator: serious (a serious reason, also published on\n"
		"hailong/v1/SITE/alerts), burst (many dissatisfied ratings at one counter in a short\n"
		"time), trend (an officer's 30-day dissatisfaction significantly above the site's),\n"
		"stuffing (a terminal sending ratings faster than people can give them), clock (a\n"
		"terminal clock not synchronised, or dating a rating too far back or in the future: it\n"
		"counts on the day received), offline (a terminal offline or silent too long) and fault\n"
		"(a terminal reporting a fault, e.g. it could not write a rating to its spool);\n"
		"integrity is what stuffing, clock and offline flags were called before. A flag goes\n"
		"open -> acknowledged -> resolved, each step with who and a note; there is never more\n"
		"than one unresolved flag of a kind for a subject.\n"
		"\n"
		"  list      newest first; by default the unresolved ones (open and acknowledged)\n"
		"  show      one flag with its evidence (counts, window, rating ids; never rating times)\n"
		"  ack       an open flag is being looked at\n"
		"  resolve   an open or acknowledged flag is dealt with; the note says how\n");
}

/* ---- helpers ----------------------------------------------------------------------------------- */

/* "2026-11-22 14:03" in the sites' local time. */
static void flags_time(int64_t t, int utc_offset, char out[32])
{
	time_t x = (time_t)(t + utc_offset);
	struct tm tm;

	if (!gmtime_r(&x, &tm) || !strftime(out, 32, "%Y-%m-%d %H:%M", &tm))
		snprintf(out, 32, "%lld", (long long)t);
}

static const char *flags_or(const char *s, const char *dflt)
{
	return s ? s : dflt;
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

/* ---- list -------------------------------------------------------------------------------------- */

struct flags_row {
	int64_t id, opened;
	char kind[16], state[16], site[HL_CODE_MAX + 1], subject[HL_CODE_MAX + 16];
	char summary[FLAG_SUMMARY_MAX];
};

struct flags_rows {
	struct flags_row *v;
	size_t n, cap;
};

static int flags_collect(void *ud, const struct store_flag *f)
{
	struct flags_rows *rows = ud;

	if (hl_grow((void **)&rows->v, &rows->cap, rows->n + 1, sizeof *rows->v) != HL_OK)
		return HL_ERR_NOMEM;
	struct flags_row *r = &rows->v[rows->n++];
	r->id = f->id;
	r->opened = f->opened;
	snprintf(r->kind, sizeof r->kind, "%s", flags_or(flag_kind_name(f->kind), "?"));
	snprintf(r->state, sizeof r->state, "%s", flags_or(flag_state_name(f->state), "?"));
	snprintf(r->site, sizeof r->site, "%s", f->site);
	snprintf(r->subject, sizeof r->subject, "%s %s", flags_or(flag_subject_name(f->subject_type), "?"),
		 f->subject);
	snprintf(r->summary, sizeof r->summary, "%s", f->summary);
	return HL_OK;
}

static int flags_width(int w, const char *s)
{
	int n = (int)strlen(s);

	return n > w ? n : w;
}

static void flags_table(const struct flags_rows *rows, int utc_offset, const char *which)
{
	int wk = 4, ws = 5, wsite = 4, wsub = 7;

	if (rows->n == 0) {
		printf("No %s flags.\n", which);
		return;
	}
	for (size_t i = 0; i < rows->n; i++) {
		wk = flags_width(wk, rows->v[i].kind);
		ws = flags_width(ws, rows->v[i].state);
		wsite = flags_width(wsite, rows->v[i].site);
		wsub = flags_width(wsub, rows->v[i].subject);
	}
	printf("%6s  %-*s  %-*s  %-*s  %-*s  %-16s  %s\n", "id", wk, "kind", ws, "state", wsite, "site", wsub,
	       "subject", "opened", "summary");
	for (size_t i = 0; i < rows->n; i++) {
		const struct flags_row *r = &rows->v[i];
		char when[32];
		flags_time(r->opened, utc_offset, when);
		printf("%6lld  %-*s  %-*s  %-*s  %-*s  %-16s  %s\n", (long long)r->id, wk, r->kind, ws, r->state,
		       wsite, r->site, wsub, r->subject, when, r->summary);
	}
}

/* ---- JSON -------------------------------------------------------------------------------------- */

struct flags_json {
	cJSON *arr;
	int utc_offset;
};

static cJSON *flags_step_json(const char *by, int64_t at, const char *note, int utc_offset)
{
	cJSON *o;
	char when[32];

	if (!by)
		return cJSON_CreateNull();
	flags_time(at, utc_offset, when);
	o = cJSON_CreateObject();
	if (o) {
		cJSON_AddStringToObject(o, "by", by);
		cJSON_AddNumberToObject(o, "at", (double)at);
		cJSON_AddStringToObject(o, "at_local", when);
		if (note)
			cJSON_AddStringToObject(o, "note", note);
		else
			cJSON_AddNullToObject(o, "note");
	}
	return o;
}

static int flags_add_json(void *ud, const struct store_flag *f)
{
	struct flags_json *j = ud;
	cJSON *o = cJSON_CreateObject(), *ev;
	char when[32];

	if (!o)
		return HL_ERR_NOMEM;
	flags_time(f->opened, j->utc_offset, when);
	cJSON_AddNumberToObject(o, "id", (double)f->id);
	cJSON_AddStringToObject(o, "kind", flags_or(flag_kind_name(f->kind), "?"));
	cJSON_AddStringToObject(o, "state", flags_or(flag_state_name(f->state), "?"));
	cJSON_AddStringToObject(o, "site", f->site);
	cJSON_AddStringToObject(o, "subject_type", flags_or(flag_subject_name(f->subject_type), "?"));
	cJSON_AddStringToObject(o, "subject", f->subject);
	cJSON_AddNumberToObject(o, "opened", (double)f->opened);
	cJSON_AddStringToObject(o, "opened_local", when);
	cJSON_AddStringToObject(o, "summary", f->summary);
	ev = cJSON_Parse(f->evidence);
	cJSON_AddItemToObject(o, "evidence", ev ? ev : cJSON_CreateString(f->evidence));
	cJSON_AddItemToObject(o, "acknowledged", flags_step_json(f->ack_by, f->ack_at, f->ack_note, j->utc_offset));
	cJSON_AddItemToObject(o, "resolved",
			      flags_step_json(f->resolved_by, f->resolved_at, f->resolve_note, j->utc_offset));
	cJSON_AddItemToArray(j->arr, o);
	return HL_OK;
}

/* Prints item and frees it. */
static int flags_print_json(cJSON *item)
{
	char *text = item ? cJSON_Print(item) : NULL;
	int rc = text ? HL_OK : HL_ERR_NOMEM;

	if (text)
		printf("%s\n", text);
	free(text);
	cJSON_Delete(item);
	return rc;
}

/* ---- show -------------------------------------------------------------------------------------- */

/* One evidence value on the rest of a line (objects as k=v pairs). */
static void flags_show_value(const cJSON *v)
{
	if (cJSON_IsString(v)) {
		fputs(v->valuestring, stdout);
	} else if (cJSON_IsNumber(v)) {
		if (v->valuedouble == (double)(long long)v->valuedouble)
			printf("%lld", (long long)v->valuedouble);
		else
			printf("%.1f", v->valuedouble);
	} else if (cJSON_IsBool(v)) {
		fputs(cJSON_IsTrue(v) ? "true" : "false", stdout);
	} else if (cJSON_IsObject(v)) {
		const cJSON *it;
		bool first = true;
		cJSON_ArrayForEach(it, v) {
			printf("%s%s=", first ? "" : "  ", it->string);
			flags_show_value(it);
			first = false;
		}
	} else {
		fputs("null", stdout);
	}
}

static void flags_show_evidence(const char *evidence, int utc_offset)
{
	cJSON *root = cJSON_Parse(evidence);
	const cJSON *it;

	if (!cJSON_IsObject(root)) {
		printf("  evidence:  %s\n", evidence);
		cJSON_Delete(root);
		return;
	}
	printf("  evidence:\n");
	cJSON_ArrayForEach(it, root) {
		if (cJSON_IsArray(it)) {
			const cJSON *e;
			printf("    %s (%d):\n", it->string, cJSON_GetArraySize(it));
			cJSON_ArrayForEach(e, it) {
				printf("      ");
				flags_show_value(e);
				printf("\n");
			}
		} else if (strcmp(it->string, "since") == 0 && cJSON_IsNumber(it)) {
			char when[32]; /* a terminal's state change, never a rating's time */
			flags_time((int64_t)it->valuedouble, utc_offset, when);
			printf("    since: %s\n", when);
		} else {
			printf("    %s: ", it->string);
			flags_show_value(it);
			printf("\n");
		}
	}
	cJSON_Delete(root);
}

static void flags_show_step(const char *what, const char *by, int64_t at, const char *note, int utc_offset)
{
	char when[32];

	if (!by)
		return;
	flags_time(at, utc_offset, when);
	printf("  %-13s %s by %s\n", what, when, by);
	if (note)
		printf("  %-13s %s\n", "", note);
}

static int flags_show_text(void *ud, const struct store_flag *f)
{
	int utc_offset = *(const int *)ud;
	char when[32];

	flags_time(f->opened, utc_offset, when);
	printf("Flag #%lld: %s (%s), %s\n", (long long)f->id, flags_or(flag_kind_name(f->kind), "?"),
	       flags_or(flag_kind_label(f->kind, 1), "?"), flags_or(flag_state_name(f->state), "?"));
	printf("  site:      %s\n", f->site);
	printf("  subject:   %s %s\n", flags_or(flag_subject_name(f->subject_type), "?"), f->subject);
	printf("  opened:    %s\n", when);
	printf("  summary:   %s\n", f->summary);
	flags_show_evidence(f->evidence, utc_offset);
	flags_show_step("acknowledged:", f->ack_by, f->ack_at, f->ack_note, utc_offset);
	flags_show_step("resolved:", f->resolved_by, f->resolved_at, f->resolve_note, utc_offset);
	return HL_OK;
}

/* ---- ack / resolve ----------------------------------------------------------------------------- */

/* Why a step was refused, in a sentence, from the flag as it is now. */
struct flags_refusal {
	bool resolve;
	int utc_offset;
};

static int flags_refuse(void *ud, const struct store_flag *f)
{
	const struct flags_refusal *r = ud;
	char when[32];

	if (f->state == FLAG_RESOLVED) {
		flags_time(f->resolved_at, r->utc_offset, when);
		fprintf(stderr, CLI_PROG ": flag #%lld is already resolved (by %s, %s); %s\n", (long long)f->id,
			flags_or(f->resolved_by, "?"), when,
			r->resolve ? "a resolved flag stays resolved" : "only an open flag can be acknowledged");
	} else if (f->state == FLAG_ACKNOWLEDGED && !r->resolve) {
		flags_time(f->ack_at, r->utc_offset, when);
		fprintf(stderr, CLI_PROG ": flag #%lld is already acknowledged (by %s, %s); only an open flag can"
			" be acknowledged\n", (long long)f->id, flags_or(f->ack_by, "?"), when);
	} else {
		fprintf(stderr, CLI_PROG ": flag #%lld is %s; it cannot be %s now\n", (long long)f->id,
			flags_or(flag_state_name(f->state), "?"), r->resolve ? "resolved" : "acknowledged");
	}
	return HL_OK;
}

static int flags_step(struct store *s, bool resolve, int64_t id, const char *by, const char *note,
		      int utc_offset)
{
	int state, rc;

	rc = resolve ? store_flags_resolve(s, id, by, note, (int64_t)time(NULL), &state)
		     : store_flags_ack(s, id, by, note, (int64_t)time(NULL), &state);
	if (rc == HL_OK) {
		printf("Flag #%lld %s by %s.\n", (long long)id, resolve ? "resolved" : "acknowledged", by);
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
};

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

static int flags_run(struct flags_args *a, struct store *s, int utc_offset)
{
	int rc;

	switch (a->verb) {
	case V_LIST:
		if (a->json) {
			struct flags_json j = { cJSON_CreateArray(), utc_offset };
			rc = j.arr ? store_flags_list_kind(s, a->state, a->kind, a->site, a->limit, flags_add_json, &j)
				   : HL_ERR_NOMEM;
			if (rc == HL_OK)
				return flags_print_json(j.arr) == HL_OK ? 0 : 1;
			cJSON_Delete(j.arr);
		} else {
			struct flags_rows rows = { 0 };
			rc = store_flags_list_kind(s, a->state, a->kind, a->site, a->limit, flags_collect, &rows);
			if (rc == HL_OK)
				flags_table(&rows, utc_offset,
					    a->state == STORE_FLAGS_ALL	       ? "stored"
					    : a->state == STORE_FLAGS_UNRESOLVED ? "unresolved"
										 : flag_state_name(a->state));
			free(rows.v);
			if (rc == HL_OK)
				return 0;
		}
		fprintf(stderr, CLI_PROG ": listing flags failed: %s\n",
			rc == HL_ERR_NOMEM ? hl_strerror(rc) : store_errmsg(s));
		return 1;
	case V_SHOW:
		if (a->json) {
			struct flags_json j = { cJSON_CreateArray(), utc_offset };
			rc = j.arr ? store_flags_get(s, a->id, flags_add_json, &j) : HL_ERR_NOMEM;
			if (rc == HL_OK) {
				cJSON *one = cJSON_DetachItemFromArray(j.arr, 0);
				cJSON_Delete(j.arr);
				return flags_print_json(one) == HL_OK ? 0 : 1;
			}
			cJSON_Delete(j.arr);
		} else {
			rc = store_flags_get(s, a->id, flags_show_text, &utc_offset);
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
		return flags_step(s, a->verb == V_RESOLVE, a->id, a->by, a->note, utc_offset);
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
		{ "kind", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },         { 0 },
	};
	struct flags_args a;
	struct settings st;
	struct store *s;
	int opt, rc;
	char *end;

	memset(&a, 0, sizeof a);
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
	rc = flags_run(&a, s, st.utc_offset_minutes * 60);
	store_close(s);
	return rc;
}
