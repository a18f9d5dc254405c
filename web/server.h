/* SPDX-License-Identifier: MIT
 * server.h — hailong-web's adapter to libmicrohttpd: listens (HTTP, or HTTPS with the configured
 * certificate), turns each connection's request into a struct http_request, lends it one of a pool
 * of store connections, runs web_dispatch, and sends the response with the console's security
 * headers; streams Server-Sent Events for live pages. Also owns the broker link that publishes
 * sessions and rosters. */
#ifndef HL_SERVER_H
#define HL_SERVER_H

#include <stddef.h>

struct web_conf;
struct server;

/* Starts serving with conf (borrowed for the server's life). HL_OK, or HL_ERR_* with why (cap bytes)
 * saying what failed: the database, the address, the certificate. */
int server_start(const struct web_conf *conf, struct server **out, char *why, size_t cap);
/* The port it listens on (the one chosen when the configured port was 0). */
int server_port(const struct server *s);
/* Stops accepting, ends the streams, waits for the requests being answered, frees everything.
 * server_stop(NULL) is safe. */
void server_stop(struct server *s);

#endif
