/* SPDX-License-Identifier: MIT
 * flag_status.h — a terminal's status message as the flag engine reads it (part of the flags API of
 * flags.h): decoded strictly from its topic and payload, plain data, no state kept. */
#ifndef HL_FLAG_STATUS_H
#define HL_FLAG_STATUS_H

#include "flags.h"

/* ---- terminal status (hailong/v1/SITE/COUNTER/status, retained) ------------------------------- */

/* A decoded status message. */
struct flag_status {
	char site[HL_CODE_MAX + 1], counter[HL_CODE_MAX + 1]; /* from the topic */
	bool cleared;  /* an empty retained message: the terminal's status was removed */
	bool online;
	int64_t spooled; /* ratings waiting on the terminal; 0 when not said */
	int64_t ts;      /* the terminal's time; 0 when not said */
	char version[HL_CODE_MAX + 1];
	char fault[33]; /* a machine code of what is wrong ("spool": a rating could not be written to the
			 * spool), "" when all is well or not said */
};

/* Decodes a status: {"state":"online"|"offline"[,"spooled":N][,"version":V][,"ts":T][,"fault":F]},
 * strictly (no other or repeated keys, integers in range, version printable ASCII of at most 32
 * bytes, fault "" or [a-z_]{1,32} — any such code, so that newer terminals' faults are taken), or an
 * empty payload (cleared). A payload over FLAG_STATUS_MAX bytes is refused before it is parsed.
 * topic must be hailong/v1/SITE/COUNTER/status. HL_ERR_INVALID with why (cap bytes) saying what is
 * wrong; *out is zeroed then. */
int flag_status_decode(const char *topic, const void *payload, size_t len, struct flag_status *out,
		       char *why, size_t cap);

#endif
