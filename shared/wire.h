/* SPDX-License-Identifier: MIT
 * wire.h — wire format v1 (DESIGN §4): the rating record and the receipt, encoded and decoded with
 * cJSON, validated strictly. A rating that decodes here is one the aggregator may store. */
#ifndef HL_WIRE_H
#define HL_WIRE_H

#include "hl.h"
#include "survey.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WIRE_VERSION 1
#define WIRE_RECEIPT_MAX_IDS 256 /* ids in one receipt message */
/* The largest receipt message: WIRE_RECEIPT_MAX_IDS quoted ids and the braces around them. */
#define WIRE_RECEIPT_BODY_MAX (WIRE_RECEIPT_MAX_IDS * (HL_ID_LEN + 3) + 16)
#define WIRE_STATUS_BODY_MAX 1024 /* the largest status message */

/* One citizen's rating. Plain data: copy it freely. */
struct rating {
	char id[HL_ID_LEN + 1];
	char site[HL_CODE_MAX + 1];
	char counter[HL_CODE_MAX + 1];
	char officer[HL_CODE_MAX + 1];   /* "" when unknown */
	char procedure[HL_CODE_MAX + 1]; /* "" when unknown */
	int scale;                       /* 3, 4 or 5 */
	int answers[SURVEY_Q_COUNT];     /* 1..scale, or 0 when not answered */
	uint32_t reasons;                /* bit i set: survey reason i was chosen */
	int64_t ts;                      /* Unix seconds by the terminal's clock */
	bool clock_ok;                   /* the terminal's clock was synchronised */
};

/* An officer or procedure code: [A-Za-z0-9._-]{0,32}. */
bool wire_code_valid(const char *code);

/* Checks every rule of a rating that does not depend on its topic. On HL_ERR_INVALID, *why points to a
 * static explanation. */
int wire_rating_check(const struct rating *r, const char **why);

/* Decodes and validates one rating message. topic is the one it arrived on; its SITE/COUNTER must
 * equal the body's. On HL_ERR_INVALID, why (cap bytes, caller's) says what is wrong in one line and
 * *out is zeroed. Never reads past payload + len; payload need not be NUL-terminated. */
int wire_rating_decode(const char *topic, const void *payload, size_t len, struct rating *out,
		       char *why, size_t cap);

/* Encodes r as compact JSON into buf (cap bytes, NUL-terminated); *len gets the length without the
 * NUL. HL_ERR_INVALID if r breaks a rule, HL_ERR_RANGE if buf is too small. */
int wire_rating_encode(const struct rating *r, char *buf, size_t cap, size_t *len);

/* Encodes {"ids":[...]} for n ids (1..WIRE_RECEIPT_MAX_IDS) into buf; *len as above. */
int wire_receipt_encode(const char (*ids)[HL_ID_LEN + 1], size_t n, char *buf, size_t cap,
			size_t *len);

/* Decodes a receipt, copying up to max ids into ids and their number into *n. HL_ERR_INVALID for
 * anything that is not {"ids":[uuid,...]} or is larger than WIRE_RECEIPT_BODY_MAX bytes (checked
 * before parsing). */
int wire_receipt_decode(const void *payload, size_t len, char (*ids)[HL_ID_LEN + 1], size_t max,
			size_t *n);

struct cJSON;

/* Parses exactly one JSON object filling payload[0..len), with only JSON blanks around it and no
 * \u0000 escape anywhere (cJSON would cut the string there). On HL_OK *root is the object; the caller
 * frees it with cJSON_Delete. Otherwise HL_ERR_INVALID, *root is NULL and *why (static) names the
 * fault. */
int wire_parse_object(const char *payload, size_t len, struct cJSON **root, const char **why);

/* A counter's session (retained on hailong/v1/SITE/COUNTER/session, DESIGN §12): one citizen's
 * transaction — who serves, which procedure, until when — and the officer on duty there, kept between
 * transactions. A message is a transaction when it has txn, or officer and procedure (the messages
 * from before transactions had ids: one rating, told apart by their expires); with only duty, no
 * transaction is open and that officer is on duty. */
#define WIRE_TXN_MAX 36 /* bytes of a transaction id: [A-Za-z0-9._-]{1,36}, e.g. a UUID or "w42" */
struct wire_session {
	char officer[HL_CODE_MAX + 1];   /* who serves this transaction; "" when unknown */
	char procedure[HL_CODE_MAX + 1]; /* "" when unknown */
	int64_t expires;                 /* Unix seconds; 0: no expiry */
	char txn[WIRE_TXN_MAX + 1];      /* the transaction's id; "" in an old message */
	char duty[HL_CODE_MAX + 1];      /* the officer on duty at the counter; "" when none is named */
	bool transaction;                /* a transaction is open (else only duty counts) */
};

/* A transaction id: [A-Za-z0-9._-]{1,WIRE_TXN_MAX}. */
bool wire_txn_valid(const char *txn);

/* Decodes a session. An empty payload clears the session (no transaction, nobody on duty):
 * HL_ERR_NOTFOUND. Accepted, each field at most once and any order:
 *   {"officer":CODE,"procedure":CODE[,"expires":S][,"duty":CODE]}            a transaction (old form)
 *   {"txn":ID[,"officer":CODE][,"procedure":CODE][,"expires":S][,"duty":CODE]} a transaction
 *   {"duty":CODE}                                                              no transaction
 * HL_ERR_INVALID for anything else (unknown fields, bad codes or ids, {}, an expiry of nothing); *out
 * is zeroed on every error. */
int wire_session_decode(const void *payload, size_t len, struct wire_session *out);
/* Encodes what is set: a transaction (s->transaction, or a txn, officer or procedure given) as its
 * officer, procedure, and txn, expires and duty when set; otherwise {"duty":CODE}. HL_ERR_INVALID for
 * what the decoder would refuse (bad codes or txn, expires out of range or without a transaction);
 * HL_ERR_RANGE if buf is too small. To clear a session, publish the empty message instead. */
int wire_session_encode(const struct wire_session *s, char *buf, size_t cap, size_t *len);

/* A terminal's retained status: {"state":"online"|"offline","spooled":N,"version":V,"ts":T[,"fault":F]}.
 * fault is NULL or "" when all is well, else a code of [a-z_]{1,32}: "spool" when ratings cannot be
 * written to the spool (the aggregator opens a fault flag for the terminal). */
#define WIRE_FAULT_SPOOL "spool"
int wire_status_encode(bool online, int64_t spooled, int64_t ts, const char *fault, char *buf, size_t cap,
		       size_t *len);

/* True when text is valid UTF-8 without control characters (a name from the roster). */
bool wire_text_valid(const char *text, size_t max_bytes);

#endif
