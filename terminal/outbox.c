/* SPDX-License-Identifier: MIT
 * outbox.c — ratings waiting for their receipt. Each entry is one allocation (links, id, send time
 * and the body behind it) on a doubly linked list in insertion order, so removal keeps the order and
 * never moves another entry's strings. An open-addressing hash table (linear probing, at most half
 * full, backward-shift deletion so no tombstones pile up while a broker is down for hours) finds an
 * entry by id. Scans for due entries walk the list: O(n), a few microseconds for thousands. */
#include "outbox.h"

#include <stdlib.h>
#include <string.h>

#define OUTBOX_MIN_CAP 16 /* hash slots of a new outbox; always a power of two */

struct outbox_entry {
	struct outbox_entry *prev, *next;
	uint64_t hash;
	int64_t sent_ms;
	bool sent;
	size_t len;
	char id[HL_ID_LEN + 1];
	char body[]; /* len bytes and a NUL */
};

struct outbox {
	struct outbox_entry *head, *tail; /* oldest, newest */
	struct outbox_entry **slots;      /* cap slots, NULL when empty */
	size_t cap, count;
};

/* FNV-1a: ids are random already, this only has to spread them over the slots. */
static uint64_t outbox_hash(const char *id)
{
	uint64_t h = 14695981039346656037u;

	for (; *id; id++) {
		h ^= (unsigned char)*id;
		h *= 1099511628211u;
	}
	return h;
}

/* The slot holding id, or the empty slot where it would go. The table always has an empty slot. */
static size_t outbox_find(const struct outbox *o, const char *id, uint64_t hash)
{
	size_t mask = o->cap - 1, i = (size_t)hash & mask;

	while (o->slots[i] && (o->slots[i]->hash != hash || strcmp(o->slots[i]->id, id) != 0))
		i = (i + 1) & mask;
	return i;
}

static int outbox_grow(struct outbox *o)
{
	size_t cap = o->cap * 2, mask = cap - 1;
	struct outbox_entry **slots = calloc(cap, sizeof *slots);

	if (!slots)
		return HL_ERR_NOMEM;
	for (struct outbox_entry *e = o->head; e; e = e->next) {
		size_t i = (size_t)e->hash & mask;
		while (slots[i])
			i = (i + 1) & mask;
		slots[i] = e;
	}
	free(o->slots);
	o->slots = slots;
	o->cap = cap;
	return HL_OK;
}

/* Empties slot i and moves later entries of its probe run back, so every entry stays reachable from
 * its home slot without tombstones. */
static void outbox_unslot(struct outbox *o, size_t i)
{
	size_t mask = o->cap - 1, j = i;

	for (;;) {
		j = (j + 1) & mask;
		if (!o->slots[j])
			break;
		size_t home = (size_t)o->slots[j]->hash & mask;
		/* The entry at j may stay when its home lies cyclically in (i, j]. */
		bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
		if (stays)
			continue;
		o->slots[i] = o->slots[j];
		i = j;
	}
	o->slots[i] = NULL;
}

/* a + b without overflow (saturating); b >= 0. */
static int64_t outbox_add_ms(int64_t a, int64_t b)
{
	return a > INT64_MAX - b ? INT64_MAX : a + b;
}

static bool outbox_is_due(const struct outbox_entry *e, int64_t now_ms, int64_t resend_ms)
{
	return !e->sent || outbox_add_ms(e->sent_ms, resend_ms) <= now_ms;
}

struct outbox *outbox_new(void)
{
	struct outbox *o = calloc(1, sizeof *o);

	if (!o)
		goto fail;
	o->cap = OUTBOX_MIN_CAP;
	o->slots = calloc(o->cap, sizeof *o->slots);
	if (!o->slots)
		goto fail_slots;
	return o;
fail_slots:
	free(o);
fail:
	return NULL;
}

void outbox_free(struct outbox *o)
{
	if (!o)
		return;
	for (struct outbox_entry *e = o->head, *next; e; e = next) {
		next = e->next;
		free(e);
	}
	free(o->slots);
	free(o);
}

int outbox_add(struct outbox *o, const char *id, const char *body, size_t len)
{
	struct outbox_entry *e;
	uint64_t hash;
	size_t i;

	if (!id || strnlen(id, HL_ID_LEN + 1) != HL_ID_LEN || (!body && len))
		return HL_ERR_INVALID;
	if (len > SIZE_MAX - sizeof *e - 1)
		return HL_ERR_RANGE;
	hash = outbox_hash(id);
	i = outbox_find(o, id, hash);
	if (o->slots[i])
		return HL_OK;
	/* Grow before linking, so a failure leaves the outbox untouched. */
	if ((o->count + 1) * 2 > o->cap) {
		if (outbox_grow(o) != HL_OK)
			return HL_ERR_NOMEM;
		i = outbox_find(o, id, hash);
	}
	e = malloc(sizeof *e + len + 1);
	if (!e)
		return HL_ERR_NOMEM;
	*e = (struct outbox_entry){ .prev = o->tail, .hash = hash, .len = len };
	memcpy(e->id, id, HL_ID_LEN + 1);
	if (len)
		memcpy(e->body, body, len);
	e->body[len] = '\0';
	if (o->tail)
		o->tail->next = e;
	else
		o->head = e;
	o->tail = e;
	o->slots[i] = e;
	o->count++;
	return HL_OK;
}

bool outbox_remove(struct outbox *o, const char *id)
{
	struct outbox_entry *e;
	size_t i;

	if (!id)
		return false;
	i = outbox_find(o, id, outbox_hash(id));
	e = o->slots[i];
	if (!e)
		return false;
	outbox_unslot(o, i);
	if (e->prev)
		e->prev->next = e->next;
	else
		o->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		o->tail = e->prev;
	free(e);
	o->count--;
	return true;
}

void outbox_sent(struct outbox *o, const char *id, int64_t now_ms)
{
	struct outbox_entry *e;

	if (!id)
		return;
	e = o->slots[outbox_find(o, id, outbox_hash(id))];
	if (e) {
		e->sent = true;
		e->sent_ms = now_ms;
	}
}

void outbox_reset(struct outbox *o)
{
	for (struct outbox_entry *e = o->head; e; e = e->next)
		e->sent = false;
}

size_t outbox_due(const struct outbox *o, int64_t now_ms, int resend_ms, const char **ids,
		  const char **bodies, size_t *lens, size_t max)
{
	int64_t resend = resend_ms > 0 ? resend_ms : 0;
	size_t n = 0;

	for (const struct outbox_entry *e = o->head; e && n < max; e = e->next) {
		if (!outbox_is_due(e, now_ms, resend))
			continue;
		if (ids)
			ids[n] = e->id;
		if (bodies)
			bodies[n] = e->body;
		if (lens)
			lens[n] = e->len;
		n++;
	}
	return n;
}

int64_t outbox_next_due(const struct outbox *o, int resend_ms)
{
	int64_t resend = resend_ms > 0 ? resend_ms : 0, next = INT64_MAX;

	if (!o->head)
		return 0;
	for (const struct outbox_entry *e = o->head; e; e = e->next) {
		if (!e->sent)
			return OUTBOX_DUE_NOW;
		int64_t at = outbox_add_ms(e->sent_ms, resend);
		if (at < next)
			next = at;
	}
	/* 0 means "empty"; one millisecond late is harmless. */
	return next ? next : 1;
}

size_t outbox_count(const struct outbox *o)
{
	return o->count;
}
