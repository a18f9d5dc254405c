/* SPDX-License-Identifier: MIT
 * send.h — the adapter that talks to the outside, through libcurl: an e-mail to the mail relay
 * (smtp:// with STARTTLS required, or smtps://; a login; a CA file) and a webhook POST. Each call
 * is one bounded attempt (connect and total timeouts) that says what happened in words a person can
 * act on: curl's error text and the server's reply code. Call curl_global_init once in main first. */
#ifndef HL_SEND_H
#define HL_SEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct send_result {
	bool ok;
	bool permanent; /* the receiver refused it for good: retrying the same call cannot help */
	long code;      /* the server's last reply code (SMTP 250, HTTP 200), 0 when none came */
	char detail[512];
};

struct send_smtp {
	const char *url;      /* smtp://HOST[:PORT] or smtps://HOST[:PORT] */
	const char *username; /* "" or NULL: no login */
	const char *password; /* borrowed for the call */
	const char *cafile;   /* "" or NULL: the system's CAs */
	const char *from;     /* the envelope sender */
	int timeout;          /* seconds for the whole attempt */
};

/* Sends text (the whole message, mime.h) to `to`. HL_OK whatever the outcome (in *r); HL_ERR_NOMEM
 * or HL_ERR_INVALID (a URL that is not smtp:// or smtps://). */
int send_mail(const struct send_smtp *c, const char *to, const char *text, size_t len, struct send_result *r);

/* POSTs body (application/json) to url with the headers X-HaiLong-Signature: sig and
 * X-HaiLong-Delivery: id; a 2xx answer is delivered. cafile as above. */
int send_hook(const char *url, const char *body, const char *sig, int64_t id, const char *cafile, int timeout,
	      struct send_result *r);

#endif
