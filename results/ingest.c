/* SPDX-License-Identifier: MIT
 * ingest.c — the clock rule of ingest.h is one comparison chain, shared by the store (the day a
 * rating counts for) and the flag engine (its windows), so both always agree. Receipts are grouped with a stable sort on (site, counter), so a terminal sees its ids
 * in the order they arrived, and one receipt message carries all of a counter's ids from a batch. */
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ingest_clock(const struct rating *r, int64_t received, int64_t max_age, int64_t *counted)
{
	int v = !r->clock_ok		     ? INGEST_CLOCK_UNSYNCED
		: r->ts < received - max_age ? INGEST_CLOCK_TOO_OLD
		: r->ts > received + INGEST_CLOCK_SKEW ? INGEST_CLOCK_AHEAD
						       : INGEST_CLOCK_TRUSTED;

	if (counted)
		*counted = v == INGEST_CLOCK_TRUSTED && r->ts < received ? r->ts : received;
	return v;
}

const char *ingest_clock_name(int verdict)
{
	static const char *const names[] = { "trusted", "not_synchronised", "too_old", "ahead" };

	return verdict >= 0 && verdict < (int)(sizeof names / sizeof names[0]) ? names[verdict] : NULL;
}

void ingest_batch_init(struct ingest_batch *b)
{
	memset(b, 0, sizeof *b);
}

void ingest_batch_clear(struct ingest_batch *b)
{
	b->nratings = 0;
	b->nrejects = 0;
}

void ingest_batch_free(struct ingest_batch *b)
{
	free(b->ratings);
	free(b->rejects);
	ingest_batch_init(b);
}

int ingest_add(struct ingest_batch *b, const char *topic, const void *payload, size_t len)
{
	char why[sizeof b->rejects[0].why];

	if (hl_grow((void **)&b->ratings, &b->cap_ratings, b->nratings + 1, sizeof *b->ratings) != HL_OK)
		return HL_ERR_NOMEM;
	if (wire_rating_decode(topic, payload, len, &b->ratings[b->nratings], why, sizeof why) == HL_OK) {
		b->nratings++;
		return HL_OK;
	}
	return ingest_reject(b, topic, payload, len, why);
}

int ingest_reject(struct ingest_batch *b, const char *topic, const void *payload, size_t len, const char *why)
{
	struct ingest_reject *rej;

	if (hl_grow((void **)&b->rejects, &b->cap_rejects, b->nrejects + 1, sizeof *b->rejects) != HL_OK)
		return HL_ERR_NOMEM;
	rej = &b->rejects[b->nrejects++];
	rej->topic = topic;
	rej->payload = payload;
	rej->len = len;
	snprintf(rej->why, sizeof rej->why, "%s", why);
	return HL_OK;
}

struct ingest_ref {
	const struct rating *r;
	size_t order;
};

static int ingest_cmp(const void *a, const void *b)
{
	const struct ingest_ref *x = a, *y = b;
	int c = strcmp(x->r->site, y->r->site);

	if (!c)
		c = strcmp(x->r->counter, y->r->counter);
	if (!c)
		c = (x->order > y->order) - (x->order < y->order);
	return c;
}

int ingest_receipts(const struct rating *r, size_t n, ingest_receipt_fn fn, void *ud)
{
	struct ingest_ref *refs;
	char (*ids)[HL_ID_LEN + 1];
	int rc = HL_OK;

	if (n == 0)
		return HL_OK;
	refs = malloc(n * sizeof *refs);
	ids = malloc(WIRE_RECEIPT_MAX_IDS * sizeof *ids);
	if (!refs || !ids) {
		rc = HL_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		refs[i] = (struct ingest_ref){ &r[i], i };
	qsort(refs, n, sizeof *refs, ingest_cmp);
	for (size_t i = 0, k = 0; i < n && rc == HL_OK; i++) {
		memcpy(ids[k++], refs[i].r->id, sizeof ids[0]);
		bool last_of_counter = i + 1 == n || strcmp(refs[i].r->site, refs[i + 1].r->site) != 0 ||
				       strcmp(refs[i].r->counter, refs[i + 1].r->counter) != 0;
		if (last_of_counter || k == WIRE_RECEIPT_MAX_IDS) {
			rc = fn(ud, refs[i].r->site, refs[i].r->counter, (const char (*)[HL_ID_LEN + 1])ids, k);
			k = 0;
		}
	}
out:
	free(refs);
	free(ids);
	return rc;
}
