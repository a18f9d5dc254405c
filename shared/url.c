/* SPDX-License-Identifier: MIT
 * url.c — only the plain mqtt scheme for now; TLS (mqtts) arrives with broker credentials. */
#include "url.h"

#include "hl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int url_parse(const char *text, struct broker_url *out)
{
	static const char scheme[] = "mqtt://";
	struct broker_url u = { .port = 1883 };
	const char *host;
	const char *colon;
	size_t hlen;

	if (strncmp(text, scheme, strlen(scheme)) != 0)
		return HL_ERR_INVALID;
	host = text + strlen(scheme);
	colon = strrchr(host, ':');
	hlen = colon ? (size_t)(colon - host) : strlen(host);
	if (hlen == 0 || hlen >= sizeof u.host || memchr(host, '/', hlen))
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
