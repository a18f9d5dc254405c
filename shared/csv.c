/* SPDX-License-Identifier: MIT
 * csv.c — RFC 4180 read strictly and written carefully. The reader copies one record at a time into
 * a scratch buffer the size of the input, so unquoting never reallocates and a field is never cut;
 * it refuses what other readers guess about (a stray quote, a lone CR), because a guess here would
 * put a wrong name beside an officer's code. The writer is shared by the reports. */
#include "csv.h"

#include "hl.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading ----------------------------------------------------------------------------------- */

#define CSV_STR_(x) #x
#define CSV_STR(x) CSV_STR_(x)

static int csv_fail(struct csv_error *err, size_t line, const char *msg)
{
	if (err) {
		err->line = line;
		snprintf(err->msg, sizeof err->msg, "%s", msg);
	}
	return HL_ERR_INVALID;
}

int csv_read(const char *text, size_t len, csv_record_fn fn, void *ud, struct csv_error *err)
{
	const char **fields = NULL;
	char *buf = NULL;
	size_t i = 0, line = 1;
	int rc = HL_OK;

	if (err) {
		err->line = 0;
		err->msg[0] = '\0';
	}
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	/* A record's unquoted fields plus one NUL each never exceed its raw bytes plus one. */
	buf = malloc(len + 1);
	fields = malloc(CSV_FIELDS_MAX * sizeof *fields);
	if (!buf || !fields) {
		rc = HL_ERR_NOMEM;
		goto out;
	}
	while (i < len) {
		size_t rec_line = line, nf = 0, w = 0;

		/* An empty line holds no record. */
		if (text[i] == '\n' || (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')) {
			i += text[i] == '\r' ? 2 : 1;
			line++;
			continue;
		}
		for (;;) {
			size_t start = w;

			if (i < len && text[i] == '"') {
				size_t qline = line;
				for (i++;; i++) {
					if (i >= len) {
						rc = csv_fail(err, qline, "unterminated quote");
						goto out;
					}
					if (text[i] == '"') {
						if (i + 1 < len && text[i + 1] == '"') {
							buf[w++] = '"';
							i++;
							continue;
						}
						i++;
						break;
					}
					if (text[i] == '\0') {
						rc = csv_fail(err, line, "NUL byte");
						goto out;
					}
					if (text[i] == '\n')
						line++;
					buf[w++] = text[i];
				}
				if (i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
					rc = csv_fail(err, line, "text after closing quote");
					goto out;
				}
			} else {
				for (; i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r'; i++) {
					if (text[i] == '"' || text[i] == '\0') {
						rc = csv_fail(err, line, text[i] ? "quote inside an unquoted field"
										 : "NUL byte");
						goto out;
					}
					buf[w++] = text[i];
				}
			}
			buf[w++] = '\0';
			if (nf == CSV_FIELDS_MAX) {
				rc = csv_fail(err, rec_line, "more than " CSV_STR(CSV_FIELDS_MAX) " fields");
				goto out;
			}
			fields[nf++] = buf + start;
			if (i >= len)
				break;
			if (text[i] == ',') {
				i++;
				continue;
			}
			if (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n')) {
				rc = csv_fail(err, line, "carriage return without line feed");
				goto out;
			}
			i += text[i] == '\r' ? 2 : 1;
			line++;
			break;
		}
		struct csv_record rec = { .line = rec_line, .nfields = nf, .fields = fields };
		if ((rc = fn(ud, &rec)) != 0) {
			if (err)
				err->line = rec_line;
			goto out;
		}
	}
out:
	free(buf);
	free(fields);
	return rc;
}

/* ---- writing ----------------------------------------------------------------------------------- */

/* Where the writer's characters go: a bounded buffer or a stream. */
struct csv_sink {
	char *buf;
	size_t cap, n;
	FILE *out;
	bool failed;
};

static void csv_put(struct csv_sink *k, char c)
{
	if (k->out) {
		if (putc(c, k->out) == EOF)
			k->failed = true;
	} else if (k->n + 1 < k->cap) {
		k->buf[k->n] = c;
	}
	k->n++;
}

static bool csv_formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

static void csv_emit(struct csv_sink *k, const char *field, unsigned flags)
{
	bool guard = (flags & CSV_PROTECT_FORMULA) && csv_formula_start(field[0]);
	size_t len = strlen(field);
	/* A defused formula is also quoted, so every reader sees the apostrophe as part of the text. */
	bool quote = guard || field[0] == ' ' || (len && field[len - 1] == ' ') ||
		     strpbrk(field, ",\"\r\n") != NULL;

	if (quote)
		csv_put(k, '"');
	if (guard)
		csv_put(k, '\'');
	for (const char *p = field; *p; p++) {
		if (*p == '"')
			csv_put(k, '"');
		csv_put(k, *p);
	}
	if (quote)
		csv_put(k, '"');
}

size_t csv_quote(char *buf, size_t cap, const char *field, unsigned flags)
{
	struct csv_sink k = { .buf = buf, .cap = cap };

	csv_emit(&k, field, flags);
	if (cap)
		buf[k.n < cap ? k.n : cap - 1] = '\0';
	return k.n;
}

int csv_write_field(FILE *out, const char *field, unsigned flags)
{
	struct csv_sink k = { .out = out };

	csv_emit(&k, field, flags);
	return k.failed ? HL_ERR_IO : HL_OK;
}

int csv_write_record(FILE *out, const char *const *fields, size_t n, unsigned flags)
{
	struct csv_sink k = { .out = out };

	for (size_t i = 0; i < n; i++) {
		if (i)
			csv_put(&k, ',');
		csv_emit(&k, fields[i] ? fields[i] : "", flags);
	}
	/* A record of one empty field would be an empty line, which readers skip: quote it. */
	if (n == 1 && (!fields[0] || !fields[0][0])) {
		csv_put(&k, '"');
		csv_put(&k, '"');
	}
	csv_put(&k, '\r');
	csv_put(&k, '\n');
	return k.failed ? HL_ERR_IO : HL_OK;
}
