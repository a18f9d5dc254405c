/* SPDX-License-Identifier: MIT
 * message.h — one thing to deliver, as hailong-notify's planners make it and the delivery queue
 * (store_delivery.h, which the console reads too) keeps it: an e-mail to a person or a JSON body for
 * a webhook. Plain data; message_free frees what it owns. It lives beside the store, not in notify/,
 * so that the console links the queue without the notifier's code. */
#ifndef HL_MESSAGE_H
#define HL_MESSAGE_H

#include "hl.h"

#include <stddef.h>
#include <stdint.h>

#define MESSAGE_TOPIC_MAX 96     /* "flag:17", "report:weekly:2026-W48", "sipas:2026-11" */
#define MESSAGE_RECIPIENT_MAX 96 /* "user:lanhdao", "hook:zalo" */
#define MESSAGE_ADDRESS_MAX 1024 /* an e-mail address or a webhook URL */
#define MESSAGE_SUBJECT_MAX 512
#define MESSAGE_PARTS_MAX 4

enum message_channel { MESSAGE_MAIL, MESSAGE_HOOK };

struct message_part {
	char name[128];       /* the attachment's file name ("bao-cao-2026-W48.html") */
	char mime[64];        /* "text/html; charset=utf-8", "application/pdf", "text/csv; charset=utf-8" */
	unsigned char *bytes; /* owned */
	size_t len;
};

struct message {
	char topic[MESSAGE_TOPIC_MAX];         /* what it is about: delivered once per topic and recipient */
	char recipient[MESSAGE_RECIPIENT_MAX]; /* who: "user:NAME" or "hook:NAME" */
	int channel;                           /* enum message_channel */
	char address[MESSAGE_ADDRESS_MAX];     /* where */
	char site[HL_CODE_MAX + 1];            /* the site it is about ("" for every site) */
	char subject[MESSAGE_SUBJECT_MAX];     /* UTF-8; "" for a webhook */
	char *body;                            /* owned, UTF-8: the mail's text, or the webhook's JSON */
	struct message_part parts[MESSAGE_PARTS_MAX];
	size_t nparts;
	int64_t due;     /* Unix seconds: not before */
	int64_t expires; /* Unix seconds: given up after */
};

/* Frees what m owns and empties it; m may be NULL. */
void message_free(struct message *m);

#endif
