/* SPDX-License-Identifier: MIT
 * csv.h — a small, strict RFC 4180 reader and a writer helper. The reader takes a whole text (a
 * roster file, an export read back) and hands each record to a callback with its fields and the line
 * it starts on, so every error a caller finds can name a line; the writer quotes a field only when it
 * must and can defuse spreadsheet formulas. Pure: no allocation outlives a call, no files opened. */
#ifndef HL_CSV_H
#define HL_CSV_H

#include <stddef.h>
#include <stdio.h>

#define CSV_FIELDS_MAX 1024 /* fields in one record */

/* One record. Everything is borrowed for the duration of the callback only. */
struct csv_record {
	size_t line;               /* 1-based line of the input where the record starts */
	size_t nfields;            /* at least 1 */
	const char *const *fields; /* unquoted, NUL-terminated field texts (a field never holds a NUL) */
};

/* Called per record, in order. A non-zero return stops reading and is returned by csv_read. */
typedef int (*csv_record_fn)(void *ud, const struct csv_record *rec);

/* Where and why reading stopped: line is 1-based, msg a short English phrase
 * (e.g. "unterminated quote"). */
struct csv_error {
	size_t line;
	char msg[96];
};

/* Reads text[0..len) as RFC 4180 CSV with ',' between fields:
 *  - a field is either plain (no '"', CR or LF in it) or enclosed in '"', where "" stands for one '"'
 *    and commas, CR and LF are data;
 *  - records end with LF or CRLF (both may be mixed); the last one may lack it;
 *  - a UTF-8 byte order mark (EF BB BF) at the very start is skipped;
 *  - an empty line (nothing at all between two line ends) is no record and is skipped; a line holding
 *    only "" is a record with one empty field.
 * Line numbers count LFs, so a record whose quoted field spans lines starts on its first line and
 * the next record's number goes past them. Bytes are passed through untouched: checking the encoding
 * of the text is the caller's business.
 * Returns HL_OK after the last record; HL_ERR_INVALID with *err filled for malformed input
 * ("unterminated quote" names the line where the quote opened; "text after closing quote",
 * "quote inside an unquoted field", "carriage return without line feed", "NUL byte", "more than
 * CSV_FIELDS_MAX fields"); HL_ERR_NOMEM; or the callback's non-zero value (err->line then is the
 * record's line). Records before the fault have been delivered. err may be NULL. */
int csv_read(const char *text, size_t len, csv_record_fn fn, void *ud, struct csv_error *err);

/* Flags for the writer. */
enum csv_write_flags {
	/* Defuse spreadsheet formula injection (CWE-1236): a field whose first character is '=', '+',
	 * '-', '@', a tab or a carriage return gets a leading apostrophe, which spreadsheets show as
	 * text and do not evaluate, and is quoted. Meant for free text such as names; do not set it for numbers, or
	 * "-3" becomes "'-3". */
	CSV_PROTECT_FORMULA = 1u << 0,
};

/* Quotes field when it has to be: when it contains a comma, '"', CR or LF, or begins or ends with a
 * space (which many readers would trim); inner '"' are doubled. Writes the result NUL-terminated into
 * buf (cap bytes; buf may be NULL when cap is 0) like snprintf, and returns the length the whole
 * result needs, without the NUL — larger than or equal to cap means it was cut. */
size_t csv_quote(char *buf, size_t cap, const char *field, unsigned flags);

/* Writes field to out as csv_quote would. HL_OK, or HL_ERR_IO when the stream failed. */
int csv_write_field(FILE *out, const char *field, unsigned flags);

/* Writes n fields (NULL counts as "") separated by commas and ended by CRLF, as RFC 4180 has it.
 * HL_OK or HL_ERR_IO. */
int csv_write_record(FILE *out, const char *const *fields, size_t n, unsigned flags);

#endif
