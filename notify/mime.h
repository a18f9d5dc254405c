/* SPDX-License-Identifier: MIT
 * mime.h — an e-mail as the SMTP server takes it (RFC 5322 + MIME): From, To, Subject (UTF-8 as
 * encoded-words), Date, a Message-ID made from the delivery's id so that a receiver can drop a copy
 * if a crash made us send twice, MIME-Version, a text/plain UTF-8 body in base64 and, when there are
 * attachments, multipart/mixed with each part in base64. Lines end in CRLF and are at most 78
 * characters. Pure: no network, no clock (the date comes in). */
#ifndef HL_MIME_H
#define HL_MIME_H

#include "message.h"

#include <stddef.h>
#include <stdint.h>

#define MIME_LINE_MAX 78

struct mime_mail {
	const char *from;    /* the sender's address ("hailong@so-tp.gov.vn"); its domain names the Message-ID */
	const char *from_name; /* shown before it (UTF-8; NULL or "": none) */
	const char *to;      /* one address */
	const char *subject; /* UTF-8 */
	const char *body;    /* UTF-8 text, lines ending in LF or CRLF */
	const struct message_part *parts; /* attachments, borrowed; nparts of them */
	size_t nparts;
	int64_t date;      /* Unix seconds: when it is sent */
	int utc_offset;    /* seconds east of UTC, for the Date header's zone */
	int64_t id;        /* the delivery's id */
	int64_t created;   /* when it was queued: with id, a Message-ID no other install's delivery has */
};

/* Writes the message into *out (new memory, NUL-terminated; free it), *len its bytes. HL_ERR_INVALID
 * for an address that is empty or holds a blank, a control character, '<', '>' or no '@' (nothing
 * can be smuggled into a header); HL_ERR_NOMEM. */
int mime_build(const struct mime_mail *m, char **out, size_t *len);

/* The Message-ID of m without its angle brackets ("hailong.17.1764633600@so-tp.gov.vn") into out. */
int mime_message_id(const struct mime_mail *m, char *out, size_t cap);

/* s (n bytes) in base64 into out (cap bytes, NUL-terminated); returns the length, or 0 when cap is too
 * small (cap must hold 4 * ceil(n / 3) + 1). */
size_t mime_base64(const unsigned char *s, size_t n, char *out, size_t cap);

/* "Subject: " + text as header lines: ASCII text that fits as it is, else UTF-8 encoded-words
 * (RFC 2047, B) split between characters, folded with CRLF SP, into out. Used for the Subject and the
 * sender's name. Returns HL_OK, HL_ERR_RANGE when out is too small. */
int mime_header(const char *name, const char *text, char *out, size_t cap);

#endif
