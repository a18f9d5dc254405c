/* SPDX-License-Identifier: MIT
 * events.h — live updates for open pages (Server-Sent Events): one watcher thread looks at the
 * database once a second for flags newer than the last it saw (and is poked at once when this
 * console changes one), keeps the newest few in a ring, and wakes every stream waiting. Each
 * stream (one per open Cảnh báo or Tổng quan page) takes the events after the last id it sent,
 * filtered to the sites its user may see. The watcher owns a store connection of its own. */
#ifndef HL_EVENTS_H
#define HL_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct events;
struct web_ctx;

/* Starts the watcher over the database at db_path. HL_OK, or HL_ERR_* with why (cap bytes). */
int events_start(const char *db_path, int utc_offset, struct events **out, char *why, size_t cap);
/* Stops the thread and wakes every waiting stream (their events_next returns 0), waits until
 * every call inside events_next has left, and frees e: no new call may start once events_stop has
 * begun (the server stops its streams first). Clears the global when it is e. events_stop(NULL) is
 * safe. */
void events_stop(struct events *e);
/* Something changed now (a flag acknowledged or resolved here): streams are told at once.
 * events_poke(NULL) does nothing. */
void events_poke(struct events *e);

/* The program's one watcher, for handlers and the server (NULL until set: pages then work without
 * live updates). Set once at start-up; events_stop clears it. */
struct events *events_global(void);
void events_set_global(struct events *e);

/* The newest flag id the watcher has seen and the number of pokes so far (both 0 for a NULL e):
 * together they change whenever a page showing flags would, so a cached page keys on them. */
void events_version(struct events *e, int64_t *last_id, int64_t *changes);

/* One stream's position: the id of the last flag it told about. */
struct events_cursor {
	int64_t last_id;
	int64_t last_change; /* the change counter it last saw */
	char sites[16][33];  /* the sites it may see; nsites 0: every site */
	size_t nsites;
	char site[33];       /* "" or the one site the page shows */
};
/* Sets a new cursor at the present (only flags opened from now on are told). */
void events_cursor_init(struct events *e, struct events_cursor *cur, const struct web_ctx *c, const char *site);
/* Waits up to timeout_ms for news and writes the next SSE message into out (cap bytes): an "event:
 * flag" with {"id":…,"site":…,"kind":…} data, an "event: change" after events_poke, or a comment
 * line ": ping" after the timeout. Returns the bytes written, 0 when the watcher stopped (the stream
 * ends). cap of 128 bytes holds any message. Each stream calls it from one thread at a time. */
size_t events_next(struct events *e, struct events_cursor *cur, int timeout_ms, char *out, size_t cap);

#endif
