/* SPDX-License-Identifier: MIT
 * cmd_roster.c — `roster import|show|publish` and `session open|close`: the people's side of the
 * roster and of a counter's session. Import reads two UTF-8 CSV files (officers per site, procedures
 * for all), checks every row and lists every fault by file and line, and only when both files are
 * clean replaces the stored roster in one transaction — the files are the whole truth. Publishing
 * puts each site's roster, read back from the store, retained on hailong/v1/SITE/roster; `session`
 * publishes or clears a counter's retained session for one-stop software that does not. This file
 * owns no state beyond one command's run; the SQL is in store_roster.c, the wire format in shared/.
 * Start reading cmd_roster() and cmd_session() at the bottom. */
#include "commands.h"

#include "cli.h"
#include "csv.h"
#include "hl.h"
#include "link.h"
#include "log.h"
#include "roster.h"
#include "settings.h"
#include "store.h"
#include "store_roster.h"
#include "topic.h"
#include "url.h"
#include "wire.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROG CLI_PROG
#define ERRORS_SHOWN 20            /* faults listed per file */
#define ERRORS_KEPT 10000          /* faults remembered per file (the rest only counted) */
#define FILE_MAX (16 * 1024 * 1024) /* largest roster file read */
#define TIMEOUT_DEFAULT 10         /* seconds to reach the broker, and again for its acks */
#define EXPIRES_DEFAULT 60         /* minutes a session opened here lasts */
#define EXPIRES_MAX (7 * 24 * 60)

/* ---- usage ------------------------------------------------------------------------------------- */

static void usage_roster(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " roster import (--db PATH | -c FILE) [--broker mqtt://HOST:PORT]\n"
		"                               OFFICERS.csv PROCEDURES.csv\n"
		"       " PROG " roster show (--db PATH | -c FILE) [--site SITE]\n"
		"       " PROG " roster publish (--db PATH | -c FILE) [--broker mqtt://HOST:PORT] [--site SITE]\n"
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
		ROSTER_NAME_MAX, TIMEOUT_DEFAULT);
}

static void usage_session(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " session open (--broker mqtt://HOST:PORT | -c FILE) --site SITE --counter COUNTER\n"
		"                              --officer CODE --procedure CODE [--expires-in MINUTES]\n"
		"                              [--db PATH] [--timeout SECONDS]\n"
		"       " PROG " session close (--broker mqtt://HOST:PORT | -c FILE) --site SITE --counter COUNTER\n"
		"                              [--timeout SECONDS]\n"
		"\n"
		"For counters whose one-stop software does not publish sessions itself. 'open' publishes the\n"
		"retained session {\"officer\",\"procedure\",\"expires\"} on hailong/v1/SITE/COUNTER/session (QoS 1):\n"
		"the counter's terminal names that officer and procedure and takes one rating for the session.\n"
		"It ends after --expires-in minutes (default %d; 0: only when closed). 'close' clears the\n"
		"session (an empty retained message). Both wait for the broker's acknowledgement.\n"
		"site and counter: [a-z0-9-]{1,32}; codes: [A-Za-z0-9._-]{1,32}. With --db, the officer and the\n"
		"procedure must be in the stored roster of SITE.\n",
		EXPIRES_DEFAULT);
}

/* ---- options ----------------------------------------------------------------------------------- */

enum opt_bit {
	O_CONFIG = 1 << 0, O_DB = 1 << 1, O_BROKER = 1 << 2, O_SITE = 1 << 3, O_COUNTER = 1 << 4,
	O_OFFICER = 1 << 5, O_PROCEDURE = 1 << 6, O_EXPIRES = 1 << 7, O_TIMEOUT = 1 << 8,
};

struct opts {
	unsigned given;
	const char *config, *db, *broker, *site, *counter, *officer, *procedure;
	long expires_min;
	int timeout_s;
	int nargs;
	char **args; /* positional arguments after the action */
};

static bool parse_long(const char *text, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* Parses the options of one action (argv[0] is the action's name). allowed is a mask of enum
 * opt_bit. Returns 0, 1 after --help (printed), or 2 after a usage error (printed). */
static int opts_parse(int argc, char **argv, unsigned allowed, void (*usage)(FILE *), struct opts *o)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },     { "db", required_argument, NULL, 'd' },
		{ "broker", required_argument, NULL, 'b' },     { "site", required_argument, NULL, 's' },
		{ "counter", required_argument, NULL, 'C' },    { "officer", required_argument, NULL, 'O' },
		{ "procedure", required_argument, NULL, 'P' },  { "expires-in", required_argument, NULL, 'e' },
		{ "timeout", required_argument, NULL, 't' },    { "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int opt, idx;
	long v;

	memset(o, 0, sizeof *o);
	o->expires_min = EXPIRES_DEFAULT;
	o->timeout_s = TIMEOUT_DEFAULT;
	optind = 0; /* glibc: start afresh */
	while ((opt = getopt_long(argc, argv, "c:h", longopts, &idx)) != -1) {
		unsigned bit = 0;
		switch (opt) {
		case 'c': bit = O_CONFIG; o->config = optarg; break;
		case 'd': bit = O_DB; o->db = optarg; break;
		case 'b': {
			struct broker_url u;
			bit = O_BROKER;
			o->broker = optarg;
			if (url_parse(optarg, &u) != HL_OK)
				return cli_usage_error(usage, "--broker '%s' is not mqtt[s]://HOST:PORT", optarg);
			break;
		}
		case 's':
			bit = O_SITE;
			o->site = optarg;
			if (!topic_id_valid(optarg))
				return cli_usage_error(usage, "--site '%s' must match [a-z0-9-]{1,32}", optarg);
			break;
		case 'C':
			bit = O_COUNTER;
			o->counter = optarg;
			if (!topic_id_valid(optarg))
				return cli_usage_error(usage, "--counter '%s' must match [a-z0-9-]{1,32}", optarg);
			break;
		case 'O':
		case 'P':
			bit = opt == 'O' ? O_OFFICER : O_PROCEDURE;
			*(opt == 'O' ? &o->officer : &o->procedure) = optarg;
			if (!optarg[0] || !wire_code_valid(optarg))
				return cli_usage_error(usage, opt == 'O' ? "--officer '%s' must match [A-Za-z0-9._-]{1,32}"
								     : "--procedure '%s' must match [A-Za-z0-9._-]{1,32}",
						   optarg);
			break;
		case 'e':
			bit = O_EXPIRES;
			if (!parse_long(optarg, 0, EXPIRES_MAX, &o->expires_min))
				return cli_usage_error(usage, "--expires-in '%s' must be minutes, 0 to 10080", optarg);
			break;
		case 't':
			bit = O_TIMEOUT;
			if (!parse_long(optarg, 1, 600, &v))
				return cli_usage_error(usage, "--timeout '%s' must be seconds, 1 to 600", optarg);
			o->timeout_s = (int)v;
			break;
		case 'h': usage(stdout); return 1;
		default: usage(stderr); return 2;
		}
		if (!(bit & allowed)) {
			char what[64] = "";
			for (const struct option *lo = longopts; lo->name; lo++)
				if (lo->val == opt)
					snprintf(what, sizeof what, "--%s does not apply to '%s'", lo->name, argv[0]);
			return cli_usage_error(usage, "option %s", what);
		}
		o->given |= bit;
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	return 0;
}

/* Settings from -c FILE (or the defaults) with --db and --broker over them. Returns 0, or 1 after
 * printing the error. */
static int opts_settings(const struct opts *o, struct settings *st)
{
	struct cli_common c = { .config = o->config };

	if (o->db)
		cli_override(&c, "db", o->db);
	if (o->broker)
		cli_override(&c, "broker", o->broker);
	return cli_settings(&c, st);
}

static struct store *open_db(const struct settings *st)
{
	struct store *s;
	char err[512];

	if (store_open(st->db, st->utc_offset_minutes * 60, &s, err, sizeof err) != HL_OK) {
		fprintf(stderr, PROG ": %s\n", err);
		return NULL;
	}
	return s;
}

/* ---- the broker -------------------------------------------------------------------------------- */

/* ---- the roster message ------------------------------------------------------------------------ */

static cJSON *roster_json_list(const struct roster_entry *e, size_t n)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; arr && i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		if (o && !cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			o = NULL;
		}
		/* Once in the array, o goes with it. */
		if (!o || !cJSON_AddStringToObject(o, "code", e[i].code) || !cJSON_AddStringToObject(o, "name", e[i].name)) {
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
}

/* The retained roster message for r: {"officers":[{"code","name"}...],"procedures":[...]}, compact
 * UTF-8 (cJSON leaves non-ASCII as it is). The caller frees *body with free. HL_ERR_RANGE when it
 * would be larger than ROSTER_BODY_MAX (*len still says how large). */
static int roster_encode(const struct roster *r, char **body, size_t *len)
{
	cJSON *root = cJSON_CreateObject(), *off, *proc;
	int rc = HL_ERR_NOMEM;

	*body = NULL;
	*len = 0;
	off = root ? roster_json_list(r->e[ROSTER_OFFICER], r->n[ROSTER_OFFICER]) : NULL;
	if (off && !cJSON_AddItemToObject(root, "officers", off)) {
		cJSON_Delete(off);
		off = NULL;
	}
	proc = off ? roster_json_list(r->e[ROSTER_PROCEDURE], r->n[ROSTER_PROCEDURE]) : NULL;
	if (proc && !cJSON_AddItemToObject(root, "procedures", proc)) {
		cJSON_Delete(proc);
		proc = NULL;
	}
	if (proc && (*body = cJSON_PrintUnformatted(root)) != NULL) {
		*len = strlen(*body);
		rc = HL_OK;
		if (*len > ROSTER_BODY_MAX) {
			free(*body);
			*body = NULL;
			rc = HL_ERR_RANGE;
		}
	}
	cJSON_Delete(root);
	return rc;
}

/* A list of site ids. */
struct sites {
	char (*v)[HL_CODE_MAX + 1];
	size_t n, cap;
};

static int sites_add(void *ud, const char *site)
{
	struct sites *l = ud;

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], site) == 0)
			return HL_OK;
	if (strlen(site) > HL_CODE_MAX)
		return HL_ERR_INVALID;
	if (hl_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) != HL_OK)
		return HL_ERR_NOMEM;
	snprintf(l->v[l->n++], sizeof l->v[0], "%s", site);
	return HL_OK;
}

static int sites_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Publishes the stored roster of each site in sites on an open link. Returns 0 or 1 (printed). */
static int publish_sites(struct store *s, struct link *l, const struct sites *sites)
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
		rc = roster_encode(r, &body, &len);
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
static int publish(struct store *s, const struct settings *st, const struct sites *sites, int timeout_s)
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

/* ---- reading the CSV files --------------------------------------------------------------------- */

struct fault {
	size_t line; /* 0: the file as a whole */
	size_t seq;  /* order of finding, to keep the sort stable */
	char msg[400];
};

/* One row as read: for a procedure, site is "". */
struct row {
	struct store_officer o;
	size_t line;
};

/* One CSV file being read. */
struct sheet {
	const char *path;
	int kind; /* ROSTER_OFFICER or ROSTER_PROCEDURE */
	bool header_done;
	struct row *rows;
	size_t nrows, caprows;
	struct fault *faults;
	size_t nfaults, capfaults, faults_total;
};

static const char *const sheet_header[ROSTER_KIND_COUNT] = { "site,code,name", "code,name" };
static const char *const sheet_noun[ROSTER_KIND_COUNT] = { "officer", "procedure" };

static void fault(struct sheet *sh, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void fault(struct sheet *sh, size_t line, const char *fmt, ...)
{
	va_list ap;
	struct fault *f;

	if (sh->nfaults == ERRORS_KEPT) {
		sh->faults_total++;
		return;
	}
	if (sh->nfaults == sh->capfaults) {
		size_t ncap = sh->capfaults ? sh->capfaults * 2 : 16;
		void *grown = realloc(sh->faults, ncap * sizeof *sh->faults);
		if (!grown) {
			sh->faults_total++;
			return;
		}
		sh->faults = grown;
		sh->capfaults = ncap;
	}
	f = &sh->faults[sh->nfaults++];
	f->line = line;
	f->seq = sh->faults_total++;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof f->msg, fmt, ap);
	va_end(ap);
}

/* A field as it can be shown in a message: control characters and bytes that are not UTF-8 text as
 * \xNN, long texts cut. */
static const char *shown(const char *text, char *buf, size_t cap)
{
	bool text_ok = wire_text_valid(text, SIZE_MAX);
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p && n + 8 < cap; p++) {
		if (n >= 60 && (*p & 0xc0) != 0x80) {
			n += (size_t)snprintf(buf + n, cap - n, "...");
			break;
		}
		if (*p < 0x20 || *p == 0x7f || (*p >= 0x80 && !text_ok))
			n += (size_t)snprintf(buf + n, cap - n, "\\x%02X", *p);
		else
			buf[n++] = (char)*p;
	}
	buf[n] = '\0';
	return buf;
}

/* True when text holds a combining diacritical mark (U+0300..U+036F): Vietnamese typed or saved in
 * NFD, whose names would look right yet differ byte for byte from the same name in NFC. text is
 * valid UTF-8, so 0xCC and 0xCD here are always lead bytes. */
static bool has_combining_mark(const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; p[0]; p++)
		if ((p[0] == 0xCC && p[1] >= 0x80 && p[1] <= 0xBF) || (p[0] == 0xCD && p[1] >= 0x80 && p[1] <= 0xAF))
			return true;
	return false;
}

/* A copy of text without the ASCII spaces around it (free it), or NULL when out of memory. */
static char *trimmed(const char *text)
{
	size_t n;

	while (*text == ' ')
		text++;
	n = strlen(text);
	while (n && text[n - 1] == ' ')
		n--;
	return strndup(text, n);
}

/* The header's fields, trimmed and lower-cased, joined by commas. */
static void header_text(const struct csv_record *rec, char *buf, size_t cap)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < rec->nfields && n + 1 < cap; i++) {
		const char *f = rec->fields[i];
		if (i)
			buf[n++] = ',';
		while (*f == ' ')
			f++;
		for (; *f && n + 1 < cap; f++)
			buf[n++] = (*f >= 'A' && *f <= 'Z') ? (char)(*f - 'A' + 'a') : *f;
		while (n && buf[n - 1] == ' ')
			n--;
		buf[n] = '\0';
	}
	buf[n] = '\0';
}

enum { SHEET_STOP = 1000 }; /* a callback's "stop reading": the fault is already noted */

static bool sheet_code(struct sheet *sh, size_t line, const char *code)
{
	char b[300];

	if (!code[0])
		fault(sh, line, "code is empty");
	else if (!wire_code_valid(code))
		fault(sh, line, "code '%s' must match [A-Za-z0-9._-]{1,32}", shown(code, b, sizeof b));
	else
		return true;
	return false;
}

static bool sheet_name(struct sheet *sh, size_t line, const char *name)
{
	char b[300];
	size_t len = strlen(name);

	if (!name[0])
		fault(sh, line, "name is empty");
	else if (!wire_text_valid(name, SIZE_MAX))
		fault(sh, line, "name '%s' is not UTF-8 text (a control character or a byte outside UTF-8); save "
				"the file as CSV UTF-8", shown(name, b, sizeof b));
	else if (has_combining_mark(name))
		fault(sh, line, "name '%s' is decomposed Vietnamese (NFD); save the file as NFC",
		      shown(name, b, sizeof b));
	else if (len > ROSTER_NAME_MAX)
		fault(sh, line, "name is %zu bytes, more than %d", len, ROSTER_NAME_MAX);
	else
		return true;
	return false;
}

static int sheet_record(void *ud, const struct csv_record *rec)
{
	struct sheet *sh = ud;
	size_t want = sh->kind == ROSTER_OFFICER ? 3 : 2;
	const char *const *f = rec->fields;
	char hdr[200], b[300], *name;
	struct row r = { .line = rec->line };
	bool ok = true;

	if (!sh->header_done) {
		sh->header_done = true;
		header_text(rec, hdr, sizeof hdr);
		if (strcmp(hdr, sheet_header[sh->kind]) != 0) {
			bool swapped = strcmp(hdr, sheet_header[!sh->kind]) == 0;
			fault(sh, rec->line, "the header must be '%s', not '%s'%s", sheet_header[sh->kind],
			      shown(hdr, b, sizeof b),
			      swapped ? " (give the officers file first, then the procedures file)" : "");
			return SHEET_STOP;
		}
		return 0;
	}
	if (rec->nfields != want) {
		fault(sh, rec->line, "%zu field%s, expected %zu (%s)", rec->nfields, rec->nfields == 1 ? "" : "s",
		      want, sheet_header[sh->kind]);
		return 0;
	}
	if (sh->kind == ROSTER_OFFICER) {
		if (!topic_id_valid(f[0])) {
			fault(sh, rec->line, "site '%s' must match [a-z0-9-]{1,32}", shown(f[0], b, sizeof b));
			ok = false;
		} else {
			snprintf(r.o.site, sizeof r.o.site, "%s", f[0]);
		}
	}
	const char *code = f[want - 2];
	if (!(name = trimmed(f[want - 1])))
		return HL_ERR_NOMEM;
	ok = sheet_code(sh, rec->line, code) && ok;
	ok = sheet_name(sh, rec->line, name) && ok;
	if (ok) {
		snprintf(r.o.e.code, sizeof r.o.e.code, "%s", code);
		snprintf(r.o.e.name, sizeof r.o.e.name, "%s", name);
	}
	free(name);
	if (!ok)
		return 0;
	if (sh->nrows == sh->caprows) {
		size_t ncap = sh->caprows ? sh->caprows * 2 : 64;
		void *grown = realloc(sh->rows, ncap * sizeof *sh->rows);
		if (!grown)
			return HL_ERR_NOMEM;
		sh->rows = grown;
		sh->caprows = ncap;
	}
	sh->rows[sh->nrows++] = r;
	return 0;
}

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->o.site, y->o.site);

	if (!c)
		c = strcmp(x->o.e.code, y->o.e.code);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int fault_cmp(const void *a, const void *b)
{
	const struct fault *x = a, *y = b;

	if (x->line != y->line)
		return (x->line > y->line) - (x->line < y->line);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Reads the whole file at path into a new buffer (free it). Returns 0, or 1 after noting the fault. */
static int sheet_slurp(struct sheet *sh, char **text, size_t *len)
{
	FILE *f = fopen(sh->path, "rb");
	size_t cap = 0, n = 0, got;
	char *buf = NULL;

	*text = NULL;
	*len = 0;
	if (!f) {
		fault(sh, 0, "cannot open: %s", strerror(errno));
		return 1;
	}
	do {
		if (n == cap) {
			/* One byte past the limit is enough to know the file is too large. */
			size_t ncap = cap ? cap * 2 : 64 * 1024;
			char *grown = realloc(buf, (ncap > FILE_MAX ? FILE_MAX + 1 : ncap) + 1);
			if (!grown) {
				fault(sh, 0, "out of memory");
				goto fail;
			}
			buf = grown;
			cap = ncap > FILE_MAX ? FILE_MAX + 1 : ncap;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got && n <= FILE_MAX);
	if (ferror(f)) {
		fault(sh, 0, "cannot read: %s", strerror(errno));
		goto fail;
	}
	if (n > FILE_MAX) {
		fault(sh, 0, "larger than %d MiB; is this a roster file?", FILE_MAX >> 20);
		goto fail;
	}
	fclose(f);
	*text = buf;
	*len = n;
	return 0;
fail:
	fclose(f);
	free(buf);
	return 1;
}

/* Reads and checks one file: rows into sh->rows (sorted by site and code), faults into sh->faults.
 * Returns HL_OK or HL_ERR_NOMEM; faults are not a failure here. */
static int sheet_read(struct sheet *sh)
{
	struct csv_error err;
	char *text;
	size_t len;
	int rc;

	if (sheet_slurp(sh, &text, &len) != 0)
		return HL_OK;
	rc = csv_read(text, len, sheet_record, sh, &err);
	free(text);
	if (rc == HL_ERR_NOMEM)
		return rc;
	if (rc == HL_ERR_INVALID)
		fault(sh, err.line, "%s", err.msg);
	if (rc == SHEET_STOP)
		return HL_OK;
	if (!sh->header_done) {
		fault(sh, 0, "the file is empty; its first line must be the header '%s'", sheet_header[sh->kind]);
		return HL_OK;
	}
	if (sh->nrows == 0 && sh->faults_total == 0)
		fault(sh, 0, "no %ss after the header; an empty file would remove them all", sheet_noun[sh->kind]);
	/* The same code twice in one site (procedures: in the file) is a fault of the later line. */
	if (sh->nrows)
		qsort(sh->rows, sh->nrows, sizeof *sh->rows, row_cmp);
	for (size_t i = 1; i < sh->nrows; i++) {
		const struct row *a = &sh->rows[i - 1], *b = &sh->rows[i];
		size_t first = i - 1;
		if (strcmp(a->o.site, b->o.site) || strcmp(a->o.e.code, b->o.e.code))
			continue;
		while (first > 0 && !strcmp(sh->rows[first - 1].o.site, b->o.site) &&
		       !strcmp(sh->rows[first - 1].o.e.code, b->o.e.code))
			first--;
		if (sh->kind == ROSTER_OFFICER)
			fault(sh, b->line, "officer '%s' of site '%s' is also on line %zu", b->o.e.code, b->o.site,
			      sh->rows[first].line);
		else
			fault(sh, b->line, "procedure '%s' is also on line %zu", b->o.e.code, sh->rows[first].line);
	}
	return HL_OK;
}

/* Prints a file's faults in line order, ERRORS_SHOWN at most. Returns how many there were. */
static size_t sheet_report(struct sheet *sh)
{
	size_t shown_n = 0;

	if (sh->nfaults)
		qsort(sh->faults, sh->nfaults, sizeof *sh->faults, fault_cmp);
	for (size_t i = 0; i < sh->nfaults && shown_n < ERRORS_SHOWN; i++, shown_n++) {
		if (sh->faults[i].line)
			fprintf(stderr, "%s:%zu: %s\n", sh->path, sh->faults[i].line, sh->faults[i].msg);
		else
			fprintf(stderr, "%s: %s\n", sh->path, sh->faults[i].msg);
	}
	if (sh->faults_total > shown_n)
		fprintf(stderr, "%s: %zu more error%s not shown\n", sh->path, sh->faults_total - shown_n,
			sh->faults_total - shown_n == 1 ? "" : "s");
	return sh->faults_total;
}

static void sheet_free(struct sheet *sh)
{
	free(sh->rows);
	free(sh->faults);
}

/* The roster message of every site must fit what a terminal accepts; checked before anything is
 * stored. Returns the number of sites that do not (printed). */
static size_t check_sizes(const struct sheet *off, const struct roster_entry *procs, size_t nprocs)
{
	struct roster_entry *site_off = malloc((off->nrows ? off->nrows : 1) * sizeof *site_off);
	size_t bad = 0;

	if (!site_off) {
		fprintf(stderr, PROG ": out of memory\n");
		return 1;
	}
	for (size_t i = 0; i < off->nrows;) {
		size_t j = i, len;
		char *body;
		while (j < off->nrows && strcmp(off->rows[j].o.site, off->rows[i].o.site) == 0) {
			site_off[j - i] = off->rows[j].o.e;
			j++;
		}
		struct roster r = { .e = { site_off, (struct roster_entry *)procs }, .n = { j - i, nprocs } };
		int rc = roster_encode(&r, &body, &len);
		free(body);
		if (rc == HL_ERR_RANGE)
			fprintf(stderr, PROG ": the roster of site %s would be %zu bytes, more than the %d a terminal "
					"accepts\n", off->rows[i].o.site, len, ROSTER_BODY_MAX);
		else if (rc != HL_OK)
			fprintf(stderr, PROG ": %s\n", hl_strerror(rc));
		bad += rc != HL_OK;
		i = j;
	}
	free(site_off);
	return bad;
}

/* ---- roster import / show / publish ------------------------------------------------------------ */

static int roster_import(int argc, char **argv)
{
	struct opts o;
	struct settings st;
	struct sheet sh[ROSTER_KIND_COUNT] = { { .kind = ROSTER_OFFICER }, { .kind = ROSTER_PROCEDURE } };
	struct store_officer *officers = NULL;
	struct roster_entry *procs = NULL;
	struct sites sites = { 0 };
	struct store *s = NULL;
	size_t nfaults = 0;
	int rc, exit_code = 1;

	if ((rc = opts_parse(argc, argv, O_CONFIG | O_DB | O_BROKER | O_TIMEOUT, usage_roster, &o)) != 0)
		return rc == 1 ? 0 : rc;
	if (o.nargs != 2)
		return cli_usage_error(usage_roster, "%s", o.nargs < 2 ? "roster import needs OFFICERS.csv and PROCEDURES.csv"
								   : "roster import takes two files, officers then procedures");
	if (opts_settings(&o, &st))
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
	if (check_sizes(&sh[0], procs, sh[1].nrows)) {
		fprintf(stderr, PROG ": nothing imported\n");
		goto out;
	}
	if (!(s = open_db(&st)))
		goto out;
	/* Sites that lose all their officers still get a message, so their terminals forget them. */
	rc = store_roster_sites(s, sites_add, &sites);
	if (rc == HL_OK)
		rc = store_roster_replace(s, officers, sh[0].nrows, procs, sh[1].nrows);
	if (rc == HL_OK)
		rc = store_roster_sites(s, sites_add, &sites);
	if (rc != HL_OK) {
		fprintf(stderr, PROG ": importing into %s failed: %s\n", st.db,
			rc == HL_ERR_DB || rc == HL_ERR_INVALID ? store_errmsg(s) : hl_strerror(rc));
		goto out;
	}
	if (sites.n)
		qsort(sites.v, sites.n, sizeof *sites.v, sites_cmp);
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
	free(sites.v);
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
	struct opts o;
	struct settings st;
	struct sites sites = { 0 };
	struct store *s;
	struct roster *r = NULL;
	char title[100];
	int rc;

	if ((rc = opts_parse(argc, argv, O_CONFIG | O_DB | O_SITE, usage_roster, &o)) != 0)
		return rc == 1 ? 0 : rc;
	if (o.nargs)
		return cli_usage_error(usage_roster, "unexpected argument '%s'", o.args[0]);
	if (opts_settings(&o, &st) || !(s = open_db(&st)))
		return 1;
	rc = o.site ? sites_add(&sites, o.site) : store_roster_sites(s, sites_add, &sites);
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
	free(sites.v);
	store_close(s);
	return rc == HL_OK ? 0 : 1;
}

static int roster_publish(int argc, char **argv)
{
	struct opts o;
	struct settings st;
	struct sites sites = { 0 };
	struct store *s;
	int rc;

	if ((rc = opts_parse(argc, argv, O_CONFIG | O_DB | O_BROKER | O_SITE | O_TIMEOUT, usage_roster, &o)) != 0)
		return rc == 1 ? 0 : rc;
	if (o.nargs)
		return cli_usage_error(usage_roster, "unexpected argument '%s'", o.args[0]);
	if (opts_settings(&o, &st) || !(s = open_db(&st)))
		return 1;
	/* A named site is published even without officers: that is how a site's terminals are emptied. */
	rc = o.site ? sites_add(&sites, o.site) : store_roster_sites(s, sites_add, &sites);
	if (rc != HL_OK) {
		fprintf(stderr, PROG ": cannot read the roster: %s\n", rc == HL_ERR_DB ? store_errmsg(s) : hl_strerror(rc));
		rc = 1;
	} else {
		rc = publish(s, &st, &sites, o.timeout_s);
	}
	free(sites.v);
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

/* ---- session open / close ---------------------------------------------------------------------- */

/* With --db: the officer and the procedure must be in the stored roster of the site. Returns 0 or 1
 * (printed). */
static int session_check_roster(const struct opts *o, const struct settings *st)
{
	struct store *s = open_db(st);
	struct roster *r = NULL;
	int rc, bad = 0;

	if (!s)
		return 1;
	rc = store_roster_load(s, o->site, &r);
	if (rc != HL_OK) {
		fprintf(stderr, PROG ": cannot read the roster: %s\n", rc == HL_ERR_DB ? store_errmsg(s) : hl_strerror(rc));
		bad = 1;
	} else {
		if (!roster_name(r, ROSTER_OFFICER, o->officer)) {
			fprintf(stderr, PROG ": officer '%s' is not in the roster of site %s\n", o->officer, o->site);
			bad = 1;
		}
		if (!roster_name(r, ROSTER_PROCEDURE, o->procedure)) {
			fprintf(stderr, PROG ": procedure '%s' is not in the roster\n", o->procedure);
			bad = 1;
		}
	}
	roster_free(r);
	store_close(s);
	return bad;
}

static int session_run(int argc, char **argv, bool open)
{
	struct opts o;
	struct settings st;
	struct link *l;
	char topic[HL_TOPIC_MAX], body[HL_BODY_MAX];
	size_t len = 0;
	unsigned need = O_SITE | O_COUNTER | (open ? O_OFFICER | O_PROCEDURE : 0);
	unsigned allowed = need | O_CONFIG | O_BROKER | O_TIMEOUT | (open ? O_EXPIRES | O_DB : 0);
	int64_t expires;
	int rc;

	if ((rc = opts_parse(argc, argv, allowed, usage_session, &o)) != 0)
		return rc == 1 ? 0 : rc;
	if (o.nargs)
		return cli_usage_error(usage_session, "unexpected argument '%s'", o.args[0]);
	if (!(o.given & (O_BROKER | O_CONFIG)))
		return cli_usage_error(usage_session, "%s", "--broker mqtt://HOST:PORT (or -c FILE) is required");
	static const struct {
		unsigned bit;
		const char *what;
	} required[] = { { O_SITE, "--site" }, { O_COUNTER, "--counter" }, { O_OFFICER, "--officer" },
			 { O_PROCEDURE, "--procedure" } };
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if ((need & required[i].bit) && !(o.given & required[i].bit))
			return cli_usage_error(usage_session, "%s is required", required[i].what);
	if (opts_settings(&o, &st))
		return 1;
	expires = o.expires_min ? (int64_t)time(NULL) + o.expires_min * 60 : 0;
	if (topic_counter(topic, sizeof topic, o.site, o.counter, "session") != HL_OK) {
		fprintf(stderr, PROG ": site or counter too long for a topic\n");
		return 1;
	}
	if (open) {
		struct wire_session ws = { .expires = expires };
		snprintf(ws.officer, sizeof ws.officer, "%s", o.officer);
		snprintf(ws.procedure, sizeof ws.procedure, "%s", o.procedure);
		if (o.db && session_check_roster(&o, &st))
			return 1;
		if (wire_session_encode(&ws, body, sizeof body, &len) != HL_OK) {
			fprintf(stderr, PROG ": cannot encode the session\n");
			return 1;
		}
	}
	struct broker_security login;
	settings_cli_login(&st, &login);
	if (!(l = cli_broker_connect(st.broker, &login, o.timeout_s)))
		return 1;
	/* An empty retained message removes the retained session: that is the close. */
	if (link_publish(l, topic, body, len, 1, true) != HL_OK) {
		fprintf(stderr, PROG ": publishing on %s failed (the broker connection was lost)\n", topic);
		link_stop(l, NULL);
		return 1;
	}
	if (cli_broker_finish(l, st.broker, o.timeout_s) != 0)
		return 1;
	if (!open) {
		printf("session closed on %s\n", topic);
	} else if (o.expires_min) {
		char until[32];
		time_t t = (time_t)expires;
		struct tm tm;
		strftime(until, sizeof until, "%Y-%m-%d %H:%M", localtime_r(&t, &tm));
		printf("session open on %s: officer %s, procedure %s, until %s\n", topic, o.officer, o.procedure, until);
	} else {
		printf("session open on %s: officer %s, procedure %s, until closed\n", topic, o.officer, o.procedure);
	}
	return 0;
}

int cmd_session(int argc, char **argv)
{
	log_set_level(LOG_ERROR);
	if (argc < 2)
		return cli_usage_error(usage_session, "%s", "which action? open or close");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage_session(stdout);
		return 0;
	}
	if (strcmp(argv[1], "open") == 0 || strcmp(argv[1], "close") == 0)
		return session_run(argc - 1, argv + 1, strcmp(argv[1], "open") == 0);
	return cli_usage_error(usage_session, "unknown action '%s'", argv[1]);
}
