/* SPDX-License-Identifier: MIT
 * app_net.c — the terminal's side of the broker: a receipt deletes ratings from the spool (first) and
 * the outbox; a session or roster message changes what the screen names, an officer's photo (or its
 * empty message) what it shows of them; the outbox's due ratings are published; the retained status
 * says how many wait and whether the spool fails. Runs on the screen thread, woken by the link; never
 * waits for the network. */
#include "app.h"

#include "clocks.h"
#include "log.h"
#include "topic.h"
#include "wire.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void app_wake(void *ud)
{
	struct app *a = ud;
	SDL_Event ev = { .type = a->wake_event };

	SDL_PushEvent(&ev);
}

void app_status(struct app *a)
{
	char body[256];
	size_t len;

	if (!link_connected(a->link))
		return;
	if (wire_status_encode(true, (int64_t)outbox_count(a->outbox), (int64_t)time(NULL),
			       a->spool_fault ? WIRE_FAULT_SPOOL : NULL, body, sizeof body, &len) == HL_OK)
		link_publish(a->link, a->topic_status, body, len, 1, true);
	a->status_due_ms = 0;
}

static void app_receipt(struct app *a, const struct link_msg *m)
{
	static char ids[WIRE_RECEIPT_MAX_IDS][HL_ID_LEN + 1];
	const char *ptrs[WIRE_RECEIPT_MAX_IDS];
	size_t n, deleted = 0;

	if (wire_receipt_decode(m->payload, m->len, ids, WIRE_RECEIPT_MAX_IDS, &n) != HL_OK) {
		log_msg(LOG_WARN, "ignored a malformed receipt");
		return;
	}
	for (size_t i = 0; i < n; i++)
		ptrs[i] = ids[i];
	/* Delete from the spool first: if we die now, the rating is resent and receipted again. */
	if (spool_delete(a->spool, ptrs, n, &deleted) != HL_OK) {
		log_msg(LOG_ERROR, "spool: cannot delete receipted ratings: %s", spool_errmsg(a->spool));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		outbox_remove(a->outbox, ids[i]);
		latency_receipt(a->stats, ids[i], clocks_mono_us());
	}
	log_msg(LOG_DEBUG, "receipt for %zu ratings", n);
	a->status_due_ms = clocks_mono_ms();
}

static void app_session(struct app *a, const struct link_msg *m)
{
	struct wire_session s;
	struct kiosk_session ks;
	int rc = wire_session_decode(m->payload, m->len, &s);
	int64_t wall = (int64_t)time(NULL);

	if (rc == HL_ERR_NOTFOUND) {
		kiosk_clear_session(&a->k);
	} else if (rc == HL_OK) {
		memset(&ks, 0, sizeof ks);
		/* A transaction already over when it arrives (a stale retained message) is none. */
		ks.transaction = s.transaction && !(s.expires && s.expires <= wall);
		snprintf(ks.officer, sizeof ks.officer, "%s", s.officer);
		snprintf(ks.procedure, sizeof ks.procedure, "%s", s.procedure);
		snprintf(ks.txn, sizeof ks.txn, "%s", s.txn);
		snprintf(ks.duty, sizeof ks.duty, "%s", s.duty);
		ks.token = s.expires;
		ks.expires_in_ms = s.expires ? (s.expires - wall) * 1000 : -1;
		kiosk_set_session(&a->k, &ks, clocks_mono_ms());
		if (ks.transaction)
			log_msg(LOG_INFO, "session: officer '%s', procedure '%s', transaction '%s', on duty '%s'", s.officer,
				s.procedure, s.txn, s.duty);
		else
			log_msg(LOG_INFO, "session: no transaction, on duty '%s'", s.duty);
	} else {
		log_msg(LOG_WARN, "ignored a malformed session message");
	}
	a->dirty = true;
}

static void app_roster(struct app *a, const struct link_msg *m)
{
	struct roster *r;
	char why[256];

	if (roster_decode_why(m->payload, m->len, &r, why, sizeof why) != HL_OK) {
		log_msg(LOG_WARN, "ignored a roster of %zu bytes, keeping the last one: %s", m->len, why);
		return;
	}
	roster_free(a->roster);
	a->roster = r;
	a->dirty = true;
}

/* hailong/v1/SITE/photo/CODE: an officer's photo, or the empty message that removes it. */
static void app_photo(struct app *a, const struct link_msg *m, const char *code)
{
	unsigned before = photos_version(a->photos);
	int rc = photos_put(a->photos, code, m->payload, m->len);

	if (rc != HL_OK) {
		log_msg(LOG_WARN, "ignored the photo of officer '%s' (%zu bytes): %s", code, m->len,
			rc == HL_ERR_INVALID ? "not a JPEG or PNG"
			: rc == HL_ERR_RANGE ? (m->len > PHOTO_BYTES_MAX ? "too large" : "too many photos")
					     : hl_strerror(rc));
		return;
	}
	if (photos_version(a->photos) == before)
		return;
	/* The view holds the old bytes' picture: they are gone now. */
	view_images_changed(a->view);
	a->dirty = true;
}

void app_network(struct app *a)
{
	struct link_msg *msgs;
	size_t n;
	bool connected = link_connected(a->link);

	if (connected && !a->was_connected) {
		outbox_reset(a->outbox); /* every unreceipted rating goes out again on a new connection */
		a->status_due_ms = clocks_mono_ms();
	}
	a->was_connected = connected;
	link_take(a->link, 0, SIZE_MAX, &msgs, &n);
	for (struct link_msg *m = msgs; m; m = m->next) {
		const char *code;
		if (m->oversize) /* never copied by the link; bounded before any parsing */
			log_msg(LOG_WARN, "ignored a message of %zu bytes on %s: too large", m->size, m->topic);
		else if (strcmp(m->topic, a->topic_receipt) == 0)
			app_receipt(a, m);
		else if (strcmp(m->topic, a->topic_session) == 0)
			app_session(a, m);
		else if (strcmp(m->topic, a->topic_roster) == 0)
			app_roster(a, m);
		else if ((code = roster_photo_code(m->topic, a->st.site)) != NULL)
			app_photo(a, m, code);
	}
	link_msgs_free(msgs);
}

/* Publishes what the outbox says is due. */
void app_publish(struct app *a, int64_t now)
{
	enum { BURST = 64 };
	const char *ids[BURST], *bodies[BURST];
	size_t lens[BURST], n;

	if (!link_connected(a->link))
		return;
	n = outbox_due(a->outbox, now, a->st.resend * 1000, ids, bodies, lens, BURST);
	for (size_t i = 0; i < n; i++) {
		if (link_publish(a->link, a->topic_rating, bodies[i], lens[i], 1, false) != HL_OK)
			break;
		outbox_sent(a->outbox, ids[i], now);
	}
}
