/* SPDX-License-Identifier: MIT
 * roster_send.h — putting one site's stored roster where its terminals read it: the roster message
 * (roster_pub.h) retained on hailong/v1/SITE/roster, each officer's photo retained on
 * hailong/v1/SITE/photo/CODE, and an empty retained message on the photo topic of each officer who
 * had a photo published and has none now. One sequence for both publishers, `roster publish` and the
 * console's Danh mục page, which differ only in how they reach the broker and what they say. */
#ifndef HL_ROSTER_SEND_H
#define HL_ROSTER_SEND_H

#include "hl.h"
#include "store.h"

#include <stddef.h>

/* Publishes body (len 0: the empty message) on topic, retained, QoS 1. HL_OK or an HL_ERR_* with a
 * reason for people in why (cap bytes; may be left ""). */
typedef int (*roster_send_fn)(void *ud, const char *topic, const void *body, size_t len, char *why, size_t cap);

enum roster_send_step {
	ROSTER_SEND_LOAD,   /* reading the roster or a photo from the store */
	ROSTER_SEND_ENCODE, /* the roster message: rc HL_ERR_RANGE when too large (bytes says how large) */
	ROSTER_SEND_DECODE, /* the terminals' decoder refused the message */
	ROSTER_SEND_ROSTER, /* publishing the roster message */
	ROSTER_SEND_PHOTO,  /* publishing a photo */
	ROSTER_SEND_CLEAR,  /* emptying a photo topic */
	ROSTER_SEND_RECORD, /* recording the photo topics in the store */
};

/* What roster_send_site did. */
struct roster_send_result {
	size_t officers, procedures, counters, bytes; /* the roster message */
	size_t photos, photo_bytes;                   /* photos published */
	size_t cleared;                               /* photo topics emptied */
	int rc;                                       /* HL_OK, or the failure at step */
	enum roster_send_step step;
	char topic[HL_TOPIC_MAX]; /* the topic of the failure */
	char why[300];            /* the publisher's or the store's reason, or "" */
};

/* Publishes site's stored roster, then its officers' photos, then empties the photo topics no longer
 * named, through fn(ud, …), stopping at the first failure; *res says what was done and where it
 * stopped. A photo topic is recorded in the store before its photo is published and forgotten once
 * it is emptied, so no retained photo is ever lost track of. Returns res->rc. */
int roster_send_site(struct store *s, const char *site, roster_send_fn fn, void *ud, struct roster_send_result *res);

#endif
