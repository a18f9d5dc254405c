/* SPDX-License-Identifier: MIT
 * link_why.h — the words for a failed connection attempt, as one log line an IT admin can act on:
 * what the broker refused (a login, a protocol), or which TLS check failed, or that it cannot be
 * reached. Used by link.c only; takes a plain description of the attempt, keeps nothing. */
#ifndef HL_LINK_WHY_H
#define HL_LINK_WHY_H

#include <stdbool.h>
#include <stddef.h>

/* One attempt as link.c saw it; strings borrowed for the call, "" when unset. */
struct link_attempt {
	const char *host;
	int port;
	const char *username, *password_file, *cafile, *certfile, *keyfile;
	bool tls;
	bool answered;         /* a CONNACK came */
	int refused_rc;        /* its reason code, 0 when none */
	const char *ssl_error; /* the last OpenSSL line libmosquitto logged */
	int rc, err;           /* what connect or the loop returned, and errno then */
};

/* Writes the words into out; true when the attempt ended in the TLS handshake (a TLS failure was
 * then probed once with tls_probe to say which check failed). */
bool link_why(const struct link_attempt *a, char *out, size_t cap);

#endif
