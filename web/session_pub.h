/* SPDX-License-Identifier: MIT
 * session_pub.h — opening and clearing a counter's transaction (DESIGN §12), the one piece of code
 * behind both the Quầy page's "Mời đánh giá" and the API's PUT/DELETE …/session, and telling the
 * counter's terminal who is on duty when a shift there starts or ends: the officer and the procedure
 * checked against the site's stored roster, the transaction recorded (its id, "w" and the record's,
 * names it on the wire), the retained session published (QoS 1) on hailong/v1/SITE/COUNTER/session
 * through the context's publisher with the officer on shift at that counter as "duty", and an audit
 * row written. What went wrong comes back as an HTTP status with the parameter and the reason in
 * both languages, for the caller to show as a page or as JSON. */
#ifndef HL_SESSION_PUB_H
#define HL_SESSION_PUB_H

#include "web.h"
#include "wire.h"

#include <stdint.h>

/* Why an open or a close failed. The strings are static, except detail (the broker's words). */
struct session_pub_fail {
	int status;        /* 400 bad site/counter/code, 422 not in the roster, 503 broker, 500 store */
	const char *param; /* "site", "counter", "officer", "procedure", "expires", or NULL */
	const char *why_vi, *why_en;
	char detail[200]; /* the publisher's or the store's reason, "" when none */
};

/* Opens a transaction at site/counter for officer and procedure until expires (Unix seconds; 0:
 * until closed — the caller computes the default from conf->txn_expires_minutes). by names who did
 * it in the transaction and the audit ("NAME" or "token:NAME"). The message is
 * {"txn":"w<id>","officer","procedure"[,"expires"][,"duty"]}; sent (may be NULL) gets it. HL_OK, or
 * HL_ERR_* with *f filled: HL_ERR_INVALID (400/422), HL_ERR_NET (503: no publisher — "no broker
 * configured" — or the broker did not take it; nothing is recorded then), HL_ERR_DB (500: not
 * recorded, or published but not audited). */
int session_pub_open(struct web_ctx *c, const char *site, const char *counter, const char *officer,
		     const char *procedure, int64_t expires, const char *by, struct wire_session *sent,
		     struct session_pub_fail *f);
/* Ends the counter's transaction: {"duty":CODE} when an officer is on shift there, else the empty
 * message (no transaction, nobody on duty); closes its open transactions and audits it. Same
 * results as session_pub_open. */
int session_pub_close(struct web_ctx *c, const char *site, const char *counter, const char *by,
		      struct session_pub_fail *f);
/* Tells the counter's terminal who is on duty after a shift there started or ended: the open
 * transaction again (same id) with the officer now on shift as its duty, or {"duty":CODE}, or the
 * empty message. Nothing is sent and HL_OK without a publisher (no broker configured: there is no
 * terminal to tell; the shift stands). HL_ERR_NET (503) when the broker did not take it, HL_ERR_DB
 * (500) when the store could not say, with *f filled; HL_ERR_INVALID (400) for a bad site or
 * counter. */
int session_pub_duty(struct web_ctx *c, const char *site, const char *counter, struct session_pub_fail *f);

#endif
