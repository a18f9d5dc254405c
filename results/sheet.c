/* SPDX-License-Identifier: MIT
 * sheet.c — reading one roster CSV file the way a person fixing it needs it read: every fault is
 * noted with its line and the reading goes on, so one run lists them all; names are checked for what
 * spreadsheets get wrong (bytes that are not UTF-8, Vietnamese saved decomposed as NFD) and for the
 * characters a name may not hold (controls, bidi controls, invisible ones: text_name_valid); a code
 * given twice is a fault of the later line. Faults past ERRORS_KEPT are only counted. The header
 * says which column is which (an officers' file may add title and photo). An officer's photo is read
 * from the file its row names, beside the CSV file, and checked for what a terminal can show (a JPEG
 * or PNG of at most 256 KiB). It reads the files and nothing else: storing the roster is the
 * caller's. */
#include "sheet.h"

#include "csv.h"
#include "file.h"
#include "hl.h"
#include "text.h"
#include "topic.h"
#include "wire.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define ERRORS_SHOWN 20            /* faults listed per file */
#define ERRORS_KEPT 10000          /* faults remembered per file (the rest only counted) */
#define FILE_MAX (16 * 1024 * 1024) /* largest roster file read */

struct sheet_fault {
	size_t line; /* 0: the file as a whole */
	size_t seq;  /* order of finding, to keep the sort stable */
	char msg[400];
};

enum { COL_SITE, COL_CODE, COL_NAME, COL_TITLE, COL_PHOTO };

static const char *const sheet_colname[SHEET_COLS] = { "site", "code", "name", "title", "photo" };
static const char *const sheet_header[ROSTER_KIND_COUNT] = { "site,code,name", "code,name", "site,code,name",
							     "code,name" };
static const char *const sheet_noun[ROSTER_KIND_COUNT] = { "officer", "procedure", "counter", "site" };
/* The columns each kind of file must have, and may have. */
static const unsigned sheet_needs[ROSTER_KIND_COUNT] = {
	1u << COL_SITE | 1u << COL_CODE | 1u << COL_NAME, 1u << COL_CODE | 1u << COL_NAME,
	1u << COL_SITE | 1u << COL_CODE | 1u << COL_NAME, 1u << COL_CODE | 1u << COL_NAME,
};
static const unsigned sheet_takes[ROSTER_KIND_COUNT] = {
	1u << COL_SITE | 1u << COL_CODE | 1u << COL_NAME | 1u << COL_TITLE | 1u << COL_PHOTO,
	1u << COL_CODE | 1u << COL_NAME, 1u << COL_SITE | 1u << COL_CODE | 1u << COL_NAME,
	1u << COL_CODE | 1u << COL_NAME,
};

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
	bool counter = sh->kind == ROSTER_COUNTER, site = sh->kind == ROSTER_SITE;

	if (!code[0])
		fault(sh, line, "code is empty");
	else if (counter || site ? !topic_id_valid(code) : !wire_code_valid(code))
		fault(sh, line, "code '%s' must match %s", shown(code, b, sizeof b),
		      counter ? "[a-z0-9-]{1,32} (a counter's id, as in its topics)"
		      : site  ? "[a-z0-9-]{1,32} (a site's code, as in its topics and in OFFICERS.csv)"
			      : "[A-Za-z0-9._-]{1,32}");
	else
		return true;
	return false;
}

/* The text of column col (the name or the title), at most max bytes; may_be_empty for a title. */
static bool sheet_text(struct sheet *sh, size_t line, int col, const char *text, size_t max, bool may_be_empty)
{
	char b[300], d[160];
	const char *what = sheet_colname[col];
	size_t len = strlen(text);
	int column = sh->col[col] + 1;
	struct text_fault tf;

	if (!text[0] && !may_be_empty)
		fault(sh, line, "%s is empty", what);
	else if (!text_name_valid(text, SIZE_MAX, &tf) && tf.kind == TEXT_FAULT_BYTE)
		fault(sh, line, "%s '%s' is not UTF-8 text (%s); save the file as CSV UTF-8", what,
		      shown(text, b, sizeof b), text_fault_describe(&tf, d, sizeof d));
	else if (tf.kind == TEXT_FAULT_CHARACTER)
		fault(sh, line, "%s '%s' (column %d) has %s of the %s; controls, bidi controls and invisible "
				"characters would reorder or hide text in reports and on screens: delete it",
		      what, shown(text, b, sizeof b), column, text_fault_describe(&tf, d, sizeof d), what);
	else if (!wire_text_valid(text, SIZE_MAX)) /* the free-text rule too, should it ever refuse more */
		fault(sh, line, "%s '%s' is not UTF-8 text; save the file as CSV UTF-8", what, shown(text, b, sizeof b));
	else if (has_combining_mark(text))
		fault(sh, line, "%s '%s' is decomposed Vietnamese (NFD); save the file as NFC", what,
		      shown(text, b, sizeof b));
	else if (len > max)
		fault(sh, line, "%s is %zu bytes, more than %zu", what, len, max);
	else
		return true;
	return false;
}

/* Reads the header into sh->col. False after noting the fault (the file is then not read on). */
static bool sheet_columns(struct sheet *sh, const struct csv_record *rec)
{
	char hdr[200], b[300], *name;
	unsigned seen = 0;
	bool ok = true;

	for (int c = 0; c < SHEET_COLS; c++)
		sh->col[c] = -1;
	sh->ncols = rec->nfields;
	for (size_t i = 0; ok && i < rec->nfields; i++) {
		int c = -1;
		if (!(name = trimmed(rec->fields[i])))
			return false;
		for (int k = 0; k < SHEET_COLS && c < 0; k++)
			if (strcasecmp(name, sheet_colname[k]) == 0)
				c = k;
		free(name);
		if (c < 0 || !(sheet_takes[sh->kind] & 1u << c) || (seen & 1u << c))
			ok = false;
		else
			sh->col[c] = (int)i;
		if (c >= 0)
			seen |= 1u << c;
	}
	if (ok && (seen & sheet_needs[sh->kind]) == sheet_needs[sh->kind])
		return true;
	header_text(rec, hdr, sizeof hdr);
	/* A header that would do for the other file: the two files were given the wrong way round. */
	bool swapped = (sh->kind == ROSTER_OFFICER || sh->kind == ROSTER_PROCEDURE) &&
		       strcmp(hdr, sheet_header[!sh->kind]) == 0;
	fault(sh, rec->line, "the header must be '%s'%s, not '%s'%s", sheet_header[sh->kind],
	      sh->kind == ROSTER_OFFICER ? " (title and photo may follow)" : "", shown(hdr, b, sizeof b),
	      swapped ? " (give the officers file first, then the procedures file)" : "");
	return false;
}

/* The header's column names in the file's order, for a fault. */
static const char *sheet_columns_text(const struct sheet *sh, char *buf, size_t cap)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sh->ncols; i++)
		for (int c = 0; c < SHEET_COLS; c++)
			if (sh->col[c] == (int)i && n + 8 < cap)
				n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? "," : "", sheet_colname[c]);
	return buf;
}

/* Reads the photo file of one row into r (its folder is the CSV file's). False after the fault. */
static bool sheet_photo_file(struct sheet *sh, size_t line, const char *file, struct sheet_row *r)
{
	const char *slash = strrchr(sh->path, '/');
	char path[PATH_MAX], b[300];
	unsigned char *buf = NULL;
	size_t n = 0;
	FILE *f;

	if (snprintf(path, sizeof path, "%.*s%s", slash ? (int)(slash - sh->path + 1) : 0, sh->path, file) >=
	    (int)sizeof path) {
		fault(sh, line, "photo '%s': the path is too long", shown(file, b, sizeof b));
		return false;
	}
	/* Not blocking, and only a plain file: a FIFO or a device named here must not hang the import. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0) {
		fault(sh, line, "photo '%s' cannot be opened: %s (it is looked for in the folder of %s)",
		      shown(file, b, sizeof b), strerror(errno), sh->path);
		return false;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || !(f = fdopen(fd, "rb"))) {
		fault(sh, line, "photo '%s' is not a file (it is looked for in the folder of %s)", shown(file, b, sizeof b),
		      sh->path);
		close(fd);
		return false;
	}
	/* One byte past the limit is enough to know the file is too large. */
	if ((buf = malloc(ROSTER_PHOTO_MAX + 1)) != NULL)
		n = fread(buf, 1, ROSTER_PHOTO_MAX + 1, f);
	if (!buf || ferror(f)) {
		fault(sh, line, "photo '%s' cannot be read: %s", shown(file, b, sizeof b),
		      buf ? strerror(errno) : "out of memory");
		goto fail;
	}
	if (n > ROSTER_PHOTO_MAX) {
		fault(sh, line, "photo '%s' is larger than %d KiB; make it smaller (a terminal shows it at a few hundred "
				"pixels)", shown(file, b, sizeof b), ROSTER_PHOTO_MAX / 1024);
		goto fail;
	}
	if (!roster_photo_type(buf, n)) {
		fault(sh, line, "photo '%s' is not a JPEG or PNG image%s", shown(file, b, sizeof b),
		      n ? "" : " (the file is empty)");
		goto fail;
	}
	if (sh->photo_bytes + n > SHEET_PHOTOS_BYTES_MAX) {
		fault(sh, line, "the photos add up to more than %u MiB", SHEET_PHOTOS_BYTES_MAX >> 20);
		goto fail;
	}
	fclose(f);
	sh->photo_bytes += n;
	r->info.bytes = buf;
	r->info.len = n;
	roster_photo_hash(buf, n, r->info.photo);
	return true;
fail:
	fclose(f);
	free(buf);
	return false;
}

/* The photo column of one row: the file's name, and with sh->read_photos the file itself. */
static bool sheet_photo(struct sheet *sh, size_t line, const char *file, struct sheet_row *r)
{
	char b[300];

	if (!file[0])
		return true;
	if (!wire_text_valid(file, STORE_PHOTO_FILE_MAX) || has_combining_mark(file)) {
		fault(sh, line, "photo '%s' is not a file name of at most %d bytes of NFC UTF-8 text",
		      shown(file, b, sizeof b), STORE_PHOTO_FILE_MAX);
		return false;
	}
	if (file[0] == '/') {
		fault(sh, line, "photo '%s' must be named relative to the folder of the CSV file", shown(file, b, sizeof b));
		return false;
	}
	snprintf(r->info.photo_file, sizeof r->info.photo_file, "%s", file);
	return !sh->read_photos || sheet_photo_file(sh, line, file, r);
}

static int sheet_record(void *ud, const struct csv_record *rec)
{
	struct sheet *sh = ud;
	const char *const *f = rec->fields;
	char b[300], *name = NULL, *title = NULL, *photo = NULL;
	struct sheet_row r = { .line = rec->line };
	bool ok = true, site = sh->col[COL_SITE] >= 0;
	int rc = 0;

	if (!sh->header_done) {
		sh->header_done = true;
		return sheet_columns(sh, rec) ? 0 : SHEET_STOP;
	}
	if (rec->nfields != sh->ncols) {
		fault(sh, rec->line, "%zu field%s, expected %zu (%s)", rec->nfields, rec->nfields == 1 ? "" : "s",
		      sh->ncols, sheet_columns_text(sh, b, sizeof b));
		return 0;
	}
	if (site && !topic_id_valid(f[sh->col[COL_SITE]])) {
		fault(sh, rec->line, "site '%s' must match [a-z0-9-]{1,32}", shown(f[sh->col[COL_SITE]], b, sizeof b));
		ok = false;
	} else if (site) {
		snprintf(r.o.site, sizeof r.o.site, "%s", f[sh->col[COL_SITE]]);
	}
	const char *code = f[sh->col[COL_CODE]];
	if (!(name = trimmed(f[sh->col[COL_NAME]])) ||
	    (sh->col[COL_TITLE] >= 0 && !(title = trimmed(f[sh->col[COL_TITLE]]))) ||
	    (sh->col[COL_PHOTO] >= 0 && !(photo = trimmed(f[sh->col[COL_PHOTO]])))) {
		rc = HL_ERR_NOMEM;
		goto out;
	}
	ok = sheet_code(sh, rec->line, code) && ok;
	ok = sheet_text(sh, rec->line, COL_NAME, name, ROSTER_NAME_MAX, false) && ok;
	if (title)
		ok = sheet_text(sh, rec->line, COL_TITLE, title, ROSTER_TITLE_MAX, true) && ok;
	/* The file is read only for a row that is otherwise good. */
	if (ok && photo)
		ok = sheet_photo(sh, rec->line, photo, &r);
	if (ok) {
		snprintf(r.o.e.code, sizeof r.o.e.code, "%s", code);
		snprintf(r.o.e.name, sizeof r.o.e.name, "%s", name);
		snprintf(r.info.title, sizeof r.info.title, "%s", title ? title : "");
	}
	if (!ok)
		goto out;
	if (sh->nrows == sh->caprows) {
		size_t ncap = sh->caprows ? sh->caprows * 2 : 64;
		void *grown = realloc(sh->rows, ncap * sizeof *sh->rows);
		if (!grown) {
			rc = HL_ERR_NOMEM;
			goto out;
		}
		sh->rows = grown;
		sh->caprows = ncap;
	}
	sh->rows[sh->nrows++] = r;
	r.info.bytes = NULL; /* the sheet's now */
out:
	free((void *)r.info.bytes);
	free(name);
	free(title);
	free(photo);
	return rc;
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
	char why[160];

	if (file_read_bounded(sh->path, FILE_MAX, text, len, why, sizeof why) != HL_OK) {
		fault(sh, 0, "%s", why);
		return 1;
	}
	if (*len > FILE_MAX) {
		fault(sh, 0, "larger than %d MiB; is this a roster file?", FILE_MAX >> 20);
		free(*text);
		*text = NULL;
		return 1;
	}
	return 0;
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
	sh->read_photos = true;
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
	/* Counters' and sites' names are optional: a file of only the header removes them all, as asked. */
	if (sh->nrows == 0 && sh->faults_total == 0 && sh->kind != ROSTER_COUNTER && sh->kind != ROSTER_SITE)
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
		if (sh->kind == ROSTER_OFFICER || sh->kind == ROSTER_COUNTER)
			fault(sh, b->line, "%s '%s' of site '%s' is also on line %zu", sheet_noun[sh->kind], b->o.e.code,
			      b->o.site, sh->rows[first].line);
		else
			fault(sh, b->line, "%s '%s' is also on line %zu", sheet_noun[sh->kind], b->o.e.code,
			      sh->rows[first].line);
	}
	/* A terminal keeps ROSTER_PHOTOS_MAX photos of its site: the first row past that is the fault. */
	for (size_t i = 0, run = 0; i < sh->nrows; i++) {
		if (i && strcmp(sh->rows[i].o.site, sh->rows[i - 1].o.site) != 0)
			run = 0;
		if (sh->rows[i].info.photo_file[0] && ++run == ROSTER_PHOTOS_MAX + 1)
			fault(sh, sh->rows[i].line, "site '%s' has more than %d officers with a photo; a terminal keeps %d",
			      sh->rows[i].o.site, ROSTER_PHOTOS_MAX, ROSTER_PHOTOS_MAX);
	}
	return HL_OK;
}

size_t sheet_keep_photos(struct sheet *sh, sheet_photo_fn fn, void *ud)
{
	size_t bad = 0;
	char b[300];

	for (size_t i = 0; i < sh->nrows; i++) {
		struct store_officer *o = &sh->rows[i].o;
		struct store_officer_info *x = &sh->rows[i].info;
		if (!x->photo_file[0] || x->bytes)
			continue;
		if (fn(ud, o->site, o->e.code, x->photo_file, x->photo))
			continue;
		x->photo[0] = '\0';
		fault(sh, sh->rows[i].line,
		      "photo '%s' is not the photo stored for officer '%s' of site '%s': photos are read from their "
		      "files by 'hailong-aggregator roster import' on the server; here a photo column may only name "
		      "the file an officer's stored photo came from (or be empty, which removes it)",
		      shown(x->photo_file, b, sizeof b), o->e.code, o->site);
		bad++;
	}
	return bad;
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
	for (size_t i = 0; i < sh->nrows; i++)
		free((void *)sh->rows[i].info.bytes);
	free(sh->rows);
	free(sh->faults);
}
