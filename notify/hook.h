/* SPDX-License-Identifier: MIT
 * hook.h — a webhook call as the receiver checks it: the JSON body of an opened flag, and the
 * signature header `X-HaiLong-Signature: t=UNIX,sha256=HEX`, the HMAC-SHA256 (key: the hook's secret)
 * of "UNIX.BODY", beside `X-HaiLong-Delivery: ID` (the same id on a resend, so a receiver drops a
 * copy). A receiver recomputes the HMAC over the time and the raw body it got and compares in
 * constant time, and refuses a t too far from its clock (a replay). Pure: libsodium only. */
#ifndef HL_HOOK_H
#define HL_HOOK_H

#include <stddef.h>
#include <stdint.h>

#define HOOK_SIG_MAX 96    /* "t=" + 20 digits + ",sha256=" + 64 hex + NUL */
#define HOOK_SECRET_MAX 256

/* "t=T,sha256=HEX" for body (len bytes) at t into out (cap >= HOOK_SIG_MAX). HL_ERR_INVALID for an
 * empty secret; HL_ERR_RANGE for a small out. */
int hook_sign(const unsigned char *secret, size_t secret_len, int64_t t, const char *body, size_t len, char *out,
	      size_t cap);

/* An opened flag as a webhook's receiver reads it. Strings borrowed; names may be "" (none known). */
struct hook_flag {
	const char *topic; /* the delivery's topic ("flag:17") */
	int64_t id;
	int kind, subject_type; /* enum flag_kind, enum flag_subject */
	const char *subject, *subject_name;
	const char *site, *site_name;
	int32_t day;          /* the local day it opened (period.h day number) */
	const char *summary;  /* flag_words.h, in the configured language */
	const char *url;      /* the flag in the console, or "" */
};

/* {"event":"flag.opened","topic":…,"flag":{"id":…,"kind":…,"subject":{"type":…,"code":…,"name":…},
 * "site":{"code":…,"name":…},"day":"YYYY-MM-DD","summary":…,"url":…}} into *out (new memory; free).
 * The day only, never a time. HL_ERR_INVALID for a kind or subject type out of range; HL_ERR_NOMEM. */
int hook_flag_json(const struct hook_flag *f, char **out);

#endif
