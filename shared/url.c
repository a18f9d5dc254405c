/* SPDX-License-Identifier: MIT
 * url.c — broker addresses and the cross-checks of the login keys. The checks run when a program
 * starts, so a wrong path or a readable password file stops it with the key at fault instead of
 * leaving a terminal that silently never connects. */
#include "url.h"

#include "hl.h"
#include "secret.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int url_parse(const char *text, struct broker_url *out)
{
	struct broker_url u = { 0 };
	const char *host;
	const char *colon;
	size_t hlen;

	if (strncmp(text, "mqtt://", 7) == 0) {
		host = text + 7;
		u.port = 1883;
	} else if (strncmp(text, "mqtts://", 8) == 0) {
		host = text + 8;
		u.port = 8883;
		u.tls = true;
	} else {
		return HL_ERR_INVALID;
	}
	colon = strrchr(host, ':');
	hlen = colon ? (size_t)(colon - host) : strlen(host);
	if (hlen == 0 || hlen >= sizeof u.host || memchr(host, '/', hlen) || memchr(host, '@', hlen))
		return HL_ERR_INVALID;
	memcpy(u.host, host, hlen);
	u.host[hlen] = '\0';
	if (colon) {
		char *end;
		long port = strtol(colon + 1, &end, 10);
		if (!isdigit((unsigned char)colon[1]) || *end != '\0' || port < 1 || port > 65535)
			return HL_ERR_INVALID;
		u.port = (int)port;
	}
	*out = u;
	return HL_OK;
}

bool url_is_loopback(const char *host)
{
	unsigned char a[4];

	if (inet_pton(AF_INET, host, a) == 1)
		return a[0] == 127;
	return strcmp(host, "localhost") == 0 || strcmp(host, "::1") == 0;
}

static int url_fail(const char **key, const char *k, char *why, size_t cap, const char *msg, const char *arg)
{
	*key = k;
	snprintf(why, cap, msg, arg);
	return HL_ERR_INVALID;
}

static int url_readable(const char **key, const char *k, const char *path, char *why, size_t cap)
{
	if (path[0] && access(path, R_OK) != 0)
		return url_fail(key, k, why, cap, "cannot read '%s'", path);
	return HL_OK;
}

int broker_security_check(const struct broker_url *u, const struct broker_security *s, const char **key,
			  char *why, size_t cap)
{
	*key = "";
	if (why && cap)
		why[0] = '\0';
	if (u->tls && !s->cafile[0])
		return url_fail(key, "cafile", why, cap, "%s", "mqtts:// needs the CA certificate that signed the broker's");
	if (!u->tls && (s->cafile[0] || s->certfile[0]))
		return url_fail(key, s->cafile[0] ? "cafile" : "certfile", why, cap, "%s",
				"certificates need a mqtts:// broker address");
	if (!s->certfile[0] != !s->keyfile[0])
		return url_fail(key, s->certfile[0] ? "keyfile" : "certfile", why, cap, "%s",
				"certfile and keyfile go together");
	if (s->password_file[0] && !s->username[0])
		return url_fail(key, "username", why, cap, "%s", "password_file needs a username");
	if (url_readable(key, "cafile", s->cafile, why, cap) || url_readable(key, "certfile", s->certfile, why, cap) ||
	    url_readable(key, "keyfile", s->keyfile, why, cap))
		return HL_ERR_INVALID;
	if (s->password_file[0]) {
		char pw[SECRET_MAX + 1];
		if (secret_read(s->password_file, pw, sizeof pw, why, cap) != HL_OK) {
			*key = "password_file";
			return HL_ERR_INVALID;
		}
		secret_wipe(pw, sizeof pw);
	}
	return HL_OK;
}
