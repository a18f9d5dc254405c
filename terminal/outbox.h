/* SPDX-License-Identifier: MIT
 * outbox.h — the terminal's in-memory list of spooled ratings still waiting for their receipt, and
 * the resend policy (DESIGN §3): a new rating is due at once, a published one again resend_ms after
 * it was sent, and everything again after a reconnect. Pure: no SQLite, no MQTT, no clock — time
 * comes in as now_ms from a monotonic clock. The spool stays the durable copy; the outbox only
 * decides what to publish when. An outbox is used from one thread at a time. */
#ifndef HL_OUTBOX_H
#define HL_OUTBOX_H

#include "hl.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What outbox_next_due returns while some entry has never been sent (or was reset): earlier than any
 * clock reading, yet far enough from INT64_MIN that `next - now_ms` cannot overflow. */
#define OUTBOX_DUE_NOW (INT64_MIN / 4)

/* Owns a copy of every id and body, kept in insertion order (oldest first) with an index by id, so
 * adding, removing and looking up an id cost O(1) on average however many ratings wait. */
struct outbox;

/* A new empty outbox, or NULL when out of memory. Free it with outbox_free. */
struct outbox *outbox_new(void);
/* Frees o and everything it holds; outbox_free(NULL) is safe. */
void outbox_free(struct outbox *o);

/* Adds a spooled rating that has not been sent yet, due at once, after every entry already there.
 * id: a UUID in its 36-character text form (HL_ERR_INVALID otherwise); ids compare byte for byte.
 * body: len bytes, copied (NULL only when len is 0). Adding an id that is already there changes
 * nothing — neither its body nor when it was sent — and returns HL_OK. HL_ERR_NOMEM (or HL_ERR_RANGE
 * for a len no allocation can hold) leaves o as it was. */
int outbox_add(struct outbox *o, const char *id, const char *body, size_t len);
/* A receipt named id: forget it. True when it was there. */
bool outbox_remove(struct outbox *o, const char *id);
/* Records that id was published at now_ms; it is due again at now_ms + resend_ms. An unknown id is
 * ignored. */
void outbox_sent(struct outbox *o, const char *id, int64_t now_ms);
/* After a reconnect: everything is due again at once (as if never sent). */
void outbox_reset(struct outbox *o);

/* Stores the entries due at now_ms — never sent, or sent at least resend_ms ago (a negative resend_ms
 * counts as 0) — oldest first, at most max of them: ids[i] (NUL-terminated), bodies[i] (lens[i] bytes
 * followed by a NUL) and lens[i]. Any of the three arrays may be NULL when not wanted. Returns how
 * many were stored. The strings are borrowed from o: they stay valid until their entry is removed
 * or o is freed; outbox_add, outbox_sent and outbox_reset do not move them. */
size_t outbox_due(const struct outbox *o, int64_t now_ms, int resend_ms, const char **ids,
		  const char **bodies, size_t *lens, size_t max);
/* The earliest moment something becomes due: OUTBOX_DUE_NOW when an entry has never been sent,
 * otherwise the earliest sent time + resend_ms (at or before now when something is due already);
 * 0 when the outbox is empty. A non-empty outbox never returns 0 (a true 0 is reported as 1). O(n). */
int64_t outbox_next_due(const struct outbox *o, int resend_ms);
/* Number of entries waiting for their receipt. */
size_t outbox_count(const struct outbox *o);

#endif
