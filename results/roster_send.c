/* SPDX-License-Identifier: MIT
 * roster_send.c — the publishing sequence of roster_send.h. The roster message is checked with the
 * terminals' own decoder before it is sent: it is the judge of what we send them. The photos are
 * read from the store one at a time, so at most one is in memory. Owns nothing beyond one call. */
#include "roster_send.h"

#include "roster.h"
#include "roster_pub.h"
#include "sites.h"
#include "store_roster.h"
#include "topic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int roster_send_fail(struct roster_send_result *res, enum roster_send_step step, int rc, const char *topic)
{
	res->rc = rc;
	res->step = step;
	snprintf(res->topic, sizeof res->topic, "%s", topic ? topic : "");
	return rc;
}

/* Publishes each officer's photo of r; records its topic first. */
static int roster_send_photos(struct store *s, const char *site, const struct roster *r, roster_send_fn fn, void *ud,
			      struct roster_send_result *res)
{
	for (size_t i = 0; i < r->n[ROSTER_OFFICER]; i++) {
		const struct roster_entry *e = &r->e[ROSTER_OFFICER][i];
		const char *hash = roster_photo(r, e->code);
		char topic[HL_TOPIC_MAX];
		void *bytes;
		size_t len;
		int rc;

		if (!hash)
			continue;
		roster_photo_topic(topic, sizeof topic, site, e->code);
		if ((rc = store_roster_photo(s, hash, &bytes, &len)) != HL_OK) {
			snprintf(res->why, sizeof res->why, "%s", rc == HL_ERR_DB ? store_errmsg(s) : hl_strerror(rc));
			return roster_send_fail(res, ROSTER_SEND_LOAD, rc, topic);
		}
		if ((rc = store_roster_photo_sent(s, site, e->code, true)) != HL_OK) {
			free(bytes);
			snprintf(res->why, sizeof res->why, "%s", store_errmsg(s));
			return roster_send_fail(res, ROSTER_SEND_RECORD, rc, topic);
		}
		rc = fn(ud, topic, bytes, len, res->why, sizeof res->why);
		free(bytes);
		if (rc != HL_OK)
			return roster_send_fail(res, ROSTER_SEND_PHOTO, rc, topic);
		res->photos++;
		res->photo_bytes += len;
	}
	return HL_OK;
}

/* Empties the photo topics recorded for site whose officer r names no photo, and forgets them. */
static int roster_send_clears(struct store *s, const char *site, const struct roster *r, roster_send_fn fn, void *ud,
			      struct roster_send_result *res)
{
	struct site_list sent = { 0 };
	int rc = store_roster_photos_sent(s, site, site_list_add, &sent);

	if (rc != HL_OK || sent.failed) {
		site_list_free(&sent);
		snprintf(res->why, sizeof res->why, "%s", rc == HL_ERR_DB ? store_errmsg(s) : hl_strerror(HL_ERR_NOMEM));
		return roster_send_fail(res, ROSTER_SEND_LOAD, rc != HL_OK ? rc : HL_ERR_NOMEM, NULL);
	}
	for (size_t i = 0; rc == HL_OK && i < sent.n; i++) {
		char topic[HL_TOPIC_MAX];
		if (roster_photo(r, sent.v[i]))
			continue;
		if (roster_photo_topic(topic, sizeof topic, site, sent.v[i]) != HL_OK) {
			store_roster_photo_sent(s, site, sent.v[i], false); /* not a code we could have sent */
			continue;
		}
		if ((rc = fn(ud, topic, "", 0, res->why, sizeof res->why)) != HL_OK) {
			roster_send_fail(res, ROSTER_SEND_CLEAR, rc, topic);
		} else if ((rc = store_roster_photo_sent(s, site, sent.v[i], false)) != HL_OK) {
			snprintf(res->why, sizeof res->why, "%s", store_errmsg(s));
			roster_send_fail(res, ROSTER_SEND_RECORD, rc, topic);
		} else {
			res->cleared++;
		}
	}
	site_list_free(&sent);
	return rc;
}

int roster_send_site(struct store *s, const char *site, roster_send_fn fn, void *ud, struct roster_send_result *res)
{
	struct roster *r = NULL, *check = NULL;
	char topic[HL_TOPIC_MAX], *body = NULL;
	size_t len = 0;
	int rc;

	memset(res, 0, sizeof *res);
	snprintf(topic, sizeof topic, TOPIC_PREFIX "%s/roster", site);
	if ((rc = store_roster_load(s, site, &r)) != HL_OK) {
		snprintf(res->why, sizeof res->why, "%s", rc == HL_ERR_DB ? store_errmsg(s) : hl_strerror(rc));
		return roster_send_fail(res, ROSTER_SEND_LOAD, rc, topic);
	}
	res->officers = r->n[ROSTER_OFFICER];
	res->procedures = r->n[ROSTER_PROCEDURE];
	res->counters = r->n[ROSTER_COUNTER];
	rc = roster_pub_encode(r, &body, &len);
	res->bytes = len;
	if (rc != HL_OK)
		roster_send_fail(res, ROSTER_SEND_ENCODE, rc, topic);
	else if ((rc = roster_decode(body, len, &check)) != HL_OK)
		roster_send_fail(res, ROSTER_SEND_DECODE, rc, topic);
	else if ((rc = fn(ud, topic, body, len, res->why, sizeof res->why)) != HL_OK)
		roster_send_fail(res, ROSTER_SEND_ROSTER, rc, topic);
	else if ((rc = roster_send_photos(s, site, r, fn, ud, res)) == HL_OK)
		rc = roster_send_clears(s, site, r, fn, ud, res);
	roster_free(check);
	roster_free(r);
	free(body);
	return rc;
}
