/* SPDX-License-Identifier: MIT
 * tls_probe.h — says why a TLS connection to the broker fails, in the words an IT admin needs:
 * unknown CA, expired certificate, host name mismatch, client certificate refused. libmosquitto only
 * reports "certificate verify failed", so after a failed handshake the link repeats it once here. */
#ifndef HL_TLS_PROBE_H
#define HL_TLS_PROBE_H

#include <stddef.h>

/* Connects to host:port (at most 5 s for the connection and 5 s for the handshake) and does a TLS
 * 1.2+ handshake that checks the broker's certificate against cafile and host, offering the client
 * certificate certfile/keyfile when both are non-empty. HL_OK when the handshake succeeds (why is
 * then empty); otherwise HL_ERR_NET with why filled. All strings borrowed for the call. */
int tls_probe(const char *host, int port, const char *cafile, const char *certfile, const char *keyfile,
	      char *why, size_t cap);

#endif
