/* SPDX-License-Identifier: MIT
 * loop.h — hailong-notify's serve loop and the one-shot sends it shares with `test-mail`. It owns the
 * store connection, the webhooks and the relay's password of a struct notify. */
#ifndef HL_NOTIFY_LOOP_H
#define HL_NOTIFY_LOOP_H

#include "hooks.h"
#include "message.h"
#include "notify_settings.h"
#include "secret.h"
#include "send.h"
#include "store.h"

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#define NOTIFY_BATCH 20      /* deliveries sent in one pass at most */
#define NOTIFY_FLAGS_BATCH 50 /* flags planned in one pass at most */

struct notify {
	struct notify_settings st;
	const char *conf;                 /* the config file, NULL for none (borrowed) */
	const struct notify_override *ov; /* the command line's (borrowed) */
	size_t nov;
	struct store *store;
	struct hooks *hooks;              /* owned */
	char password[SECRET_MAX + 2];    /* the relay's, "" for no login */
	int64_t since;                    /* flags opened before it are not mailed (store_delivery_since) */
	int64_t next_digest;              /* when the scheduled reports are planned next (0: at once) */
};

/* Loads the settings, the webhooks and the password into n (why, cap bytes, says what failed);
 * opening the store is the caller's. A reload keeps n as it was on failure. */
int notify_configure(struct notify *n, char *why, size_t cap);
/* Frees what n owns (the store too) and wipes the password. */
void notify_close(struct notify *n);

/* One pass at now: plans the flags due, the scheduled reports due (once a minute), expires, sends the due deliveries (at most NOTIFY_BATCH,
 * returning earlier when *stop is set). *more is set when a batch was full (another pass at once). */
int notify_pass(struct notify *n, int64_t now, volatile sig_atomic_t *stop, bool *more);
/* Runs passes every second until *stop; *reload makes it reload the settings first. HL_OK on stop. */
int notify_serve(struct notify *n, volatile sig_atomic_t *stop, volatile sig_atomic_t *reload);

/* The scheduled reports' sink over the queue (digest.h): ud is the struct notify; add queues the
 * message at the time it is called. For digest_plan(n->store, &ds, now, &sink) in notify_pass. */
int notify_sink_has(void *ud, const char *topic, const char *recipient, bool *yes);
int notify_sink_add(void *ud, const struct message *m);

/* Sends m (borrowed; an e-mail) now, outside the queue: `test-mail`, `test-report`. r gets the
 * outcome. */
void notify_message_now(struct notify *n, const struct message *m, int64_t now, struct send_result *r);

#endif
