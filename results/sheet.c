/* SPDX-License-Identifier: MIT
 * sheet.c — reading one roster CSV file the way a person fixing it needs it read: every fault is
 * noted with its line and the reading goes on, so one run lists them all; names are checked for what
 * spreadsheets get wrong (bytes that are not UTF-8, Vietnamese saved decomposed as NFD) and for the
 * characters a name may not hold (controls, bidi controls, invisible ones: text_name_valid); a code
 * given twice is a fault of the later line. Faults past ERRORS_KEPT are only counted. It reads the
 * file and nothing else: storing the roster is the caller's. */
#include "sheet.h"

#include "csv.h"
#include "hl.h"
#include "roster_pub.h"
#include "text.h"
#include "topic.h"
#include "wire.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERRORS_SHOWN 20            /* faults listed per file */
#define ERRORS_KEPT 10000          /* faults remembered per file (the rest only counted) */
#define FILE_MAX (16 * 1024 * 1024) /* largest roster file read */

struct sheet_fault {
	size_t line; /* 0: the file as a whole */
	size_t seq;  /* order of finding, to keep the sort stable */
	char msg[400];
};

static const char *const sheet_header[ROSTER_KIND_COUNT] = { "site,code,name", "code,name" };
static const char *const sheet_noun[ROSTER_KIND_COUNT] = { "officer", "procedure" };

static void fault(struct sheet *sh, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void fault(struct sheet *sh, size_t line, const char *fmt, ...)
{
	va_list ap;
	struct sheet_fault *f;

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

/* A field as it can be shown in a message: bytes that are not UTF-8 as \xNN, controls, bidi controls
 * and invisible characters as <U+XXXX> (printed as they are, they would reorder or hide the message
 * itself), long texts cut. */
static const char *shown(const char *text, char *buf, size_t cap)
{
	return text_shown(text, 60, buf, cap);
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
	char b[300], d[160];
	size_t len = strlen(name);
	int column = sh->kind == ROSTER_OFFICER ? 3 : 2;
	struct text_fault tf;

	if (!name[0])
		fault(sh, line, "name is empty");
	else if (!text_name_valid(name, SIZE_MAX, &tf) && tf.kind == TEXT_FAULT_BYTE)
		fault(sh, line, "name '%s' is not UTF-8 text (%s); save the file as CSV UTF-8",
		      shown(name, b, sizeof b), text_fault_describe(&tf, d, sizeof d));
	else if (tf.kind == TEXT_FAULT_CHARACTER)
		fault(sh, line, "name '%s' (column %d) has %s of the name; controls, bidi controls and invisible "
				"characters would reorder or hide text in reports and on screens: delete it",
		      shown(name, b, sizeof b), column, text_fault_describe(&tf, d, sizeof d));
	else if (!wire_text_valid(name, SIZE_MAX)) /* the free-text rule too, should it ever refuse more */
		fault(sh, line, "name '%s' is not UTF-8 text; save the file as CSV UTF-8", shown(name, b, sizeof b));
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
	struct sheet_row r = { .line = rec->line };
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
	const struct sheet_row *x = a, *y = b;
	int c = strcmp(x->o.site, y->o.site);

	if (!c)
		c = strcmp(x->o.e.code, y->o.e.code);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int fault_cmp(const void *a, const void *b)
{
	const struct sheet_fault *x = a, *y = b;

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
int sheet_read(struct sheet *sh)
{
	char *text;
	size_t len;
	int rc;

	if (sheet_slurp(sh, &text, &len) != 0)
		return HL_OK;
	rc = sheet_read_text(sh, text, len);
	free(text);
	return rc;
}

int sheet_read_text(struct sheet *sh, const char *text, size_t len)
{
	struct csv_error err;
	int rc;

	if (len > FILE_MAX) {
		fault(sh, 0, "larger than %d MiB; is this a roster file?", FILE_MAX >> 20);
		return HL_OK;
	}
	rc = csv_read(text, len, sheet_record, sh, &err);
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
		const struct sheet_row *a = &sh->rows[i - 1], *b = &sh->rows[i];
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

size_t sheet_faults(struct sheet *sh, size_t max, sheet_fault_fn fn, void *ud)
{
	if (sh->nfaults)
		qsort(sh->faults, sh->nfaults, sizeof *sh->faults, fault_cmp);
	for (size_t i = 0; i < sh->nfaults && (max == 0 || i < max); i++)
		fn(ud, sh->faults[i].line, sh->faults[i].msg);
	return sh->faults_total;
}

/* Prints a file's faults in line order, ERRORS_SHOWN at most. Returns how many there were. */
size_t sheet_report(struct sheet *sh)
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

void sheet_free(struct sheet *sh)
{
	free(sh->rows);
	free(sh->faults);
}

size_t sheet_check_sizes(const struct sheet *off, const struct roster_entry *procs, size_t nprocs, sheet_size_fn fn,
			 void *ud)
{
	struct roster_entry *site_off = malloc((off->nrows ? off->nrows : 1) * sizeof *site_off);
	size_t bad = 0;

	if (!site_off) {
		fn(ud, "", 0, HL_ERR_NOMEM);
		return 1;
	}
	/* The rows are sorted by site: each run of one site's officers is that site's message. */
	for (size_t i = 0; i < off->nrows;) {
		size_t j = i, len;
		char *body;
		while (j < off->nrows && strcmp(off->rows[j].o.site, off->rows[i].o.site) == 0) {
			site_off[j - i] = off->rows[j].o.e;
			j++;
		}
		struct roster r = { .e = { site_off, (struct roster_entry *)procs }, .n = { j - i, nprocs } };
		int rc = roster_pub_encode(&r, &body, &len);
		free(body);
		if (rc != HL_OK) {
			fn(ud, off->rows[i].o.site, len, rc);
			bad++;
		}
		i = j;
	}
	free(site_off);
	return bad;
}
