/* SPDX-License-Identifier: MIT
 * url.h — the broker address as people write it: mqtt://HOST:PORT (port 1883 when left out). */
#ifndef HL_URL_H
#define HL_URL_H

#include <stddef.h>

struct broker_url {
	char host[256];
	int port;
};

/* HL_ERR_INVALID (with nothing written to out) unless text is mqtt://HOST[:PORT], PORT in 1..65535. */
int url_parse(const char *text, struct broker_url *out);

#endif
