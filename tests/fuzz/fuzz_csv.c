/* SPDX-License-Identifier: MIT
 * fuzz_csv.c — libFuzzer harness for the CSV reader (shared/csv.h) and, through it, the writer. The
 * input is the text. Records must come with at least one field and non-decreasing line numbers; a
 * record whose first field is "STOP" stops the reading, whose value csv_read must return; reading
 * with and without a csv_error gives the same verdict; and every record, written back with
 * csv_quote, reads back as the same fields. */
#include "fuzz.h"

#include "csv.h"
#include "hl.h"

#include <stdlib.h>
#include <string.h>

#define STOP_RC 4242

struct seen {
	size_t records, last_line;
};

/* The fields one record was written from, to compare what reads back. */
struct expect {
	const struct csv_record *rec;
	size_t records;
};

static int compare(void *ud, const struct csv_record *rec)
{
	struct expect *x = ud;

	FUZZ_CHECK(x->records++ == 0);
	FUZZ_CHECK(rec->nfields == x->rec->nfields);
	for (size_t i = 0; i < rec->nfields; i++)
		FUZZ_CHECK(!strcmp(rec->fields[i], x->rec->fields[i]));
	return 0;
}

static void round_trip(const struct csv_record *rec)
{
	size_t need = 6, n = 3;
	char *buf;

	/* One empty field is written as an empty line, which a reader skips: nothing to compare. */
	if (rec->nfields == 1 && !rec->fields[0][0])
		return;
	for (size_t i = 0; i < rec->nfields; i++)
		need += csv_quote(NULL, 0, rec->fields[i], 0) + 1;
	/* A byte order mark first, as a reader skips one: a field that starts with one keeps it. */
	buf = fuzz_zalloc(need);
	memcpy(buf, "\xEF\xBB\xBF", 3);
	for (size_t i = 0; i < rec->nfields; i++) {
		if (i)
			buf[n++] = ',';
		size_t w = csv_quote(buf + n, need - n, rec->fields[i], 0);
		FUZZ_CHECK(w < need - n);
		n += w;
	}
	memcpy(buf + n, "\r\n", 3);
	n += 2;
	struct expect x = { .rec = rec };
	FUZZ_CHECK(csv_read(buf, n, compare, &x, NULL) == HL_OK);
	FUZZ_CHECK(x.records == 1);
	free(buf);
}

static int record(void *ud, const struct csv_record *rec)
{
	struct seen *s = ud;

	FUZZ_CHECK(rec->nfields >= 1 && rec->nfields <= CSV_FIELDS_MAX);
	FUZZ_CHECK(rec->line >= 1 && rec->line >= s->last_line);
	FUZZ_CHECK(s->records == 0 || rec->line > s->last_line);
	s->last_line = rec->line;
	s->records++;
	round_trip(rec);
	return strcmp(rec->fields[0], "STOP") == 0 ? STOP_RC : 0;
}

/* Counts records only. */
static int count(void *ud, const struct csv_record *rec)
{
	size_t *n = ud;

	(*n)++;
	return strcmp(rec->fields[0], "STOP") == 0 ? STOP_RC : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_dup(data, size);
	struct seen s = { 0 };
	struct csv_error err;
	size_t n = 0;
	int rc = csv_read(text, size, record, &s, &err);

	FUZZ_CHECK(rc == HL_OK || rc == HL_ERR_INVALID || rc == HL_ERR_NOMEM || rc == STOP_RC);
	FUZZ_CHECK(memchr(err.msg, '\0', sizeof err.msg));
	if (rc == HL_ERR_INVALID)
		FUZZ_CHECK(err.msg[0] && err.line >= 1);
	if (rc == STOP_RC)
		FUZZ_CHECK(err.line == s.last_line);
	FUZZ_CHECK(csv_read(text, size, count, &n, NULL) == rc);
	FUZZ_CHECK(n == s.records);
	free(text);
	return 0;
}
