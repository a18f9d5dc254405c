/* SPDX-License-Identifier: MIT
 * url.h — the broker address as people write it: mqtt://HOST[:PORT] (1883 when left out) for loopback
 * demos, mqtts://HOST[:PORT] (8883) for TLS; and how a program logs in to that broker. */
#ifndef HL_URL_H
#define HL_URL_H

#include <stdbool.h>
#include <stddef.h>

struct broker_url {
	char host[256];
	int port;
	bool tls; /* mqtts:// */
};

/* HL_ERR_INVALID (with nothing written to out) unless text is mqtt[s]://HOST[:PORT], PORT in 1..65535. */
int url_parse(const char *text, struct broker_url *out);

/* True when host is a loopback name or address (localhost, 127.0.0.0/8, ::1). */
bool url_is_loopback(const char *host);

/* How a program proves itself to the broker and checks the broker: every field is a path or a name,
 * empty when unused. Settings structs embed one, so every program has the same keys. */
struct broker_security {
	char cafile[512];        /* the CA that signed the broker's certificate (mqtts) */
	char certfile[512];      /* optional client certificate, with keyfile */
	char keyfile[512];
	char username[128];
	char password_file[512]; /* a file holding the password alone */
};

/* Checks the keys against each other and the files they name: mqtts needs cafile; certfile and
 * keyfile go together; a password file needs a username and must be readable by its owner only
 * (secret.h). HL_OK, or HL_ERR_INVALID with *key set to the key at fault and why filled. */
int broker_security_check(const struct broker_url *u, const struct broker_security *s, const char **key,
			  char *why, size_t cap);

#endif
