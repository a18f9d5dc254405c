/* SPDX-License-Identifier: MIT
 * flag_evidence.h — writing up one candidate, shared by the rule modules (flag_engine.c,
 * flag_trend.c) and the alert (flags.c): not part of the flags API. Pure: cJSON only. */
#ifndef HL_FLAG_EVIDENCE_H
#define HL_FLAG_EVIDENCE_H

#include "flags.h"

#include <cjson/cJSON.h>

/* Zeroes *c and sets its kind, site, subject type and subject (copied, cut to fit). */
void flag_evidence_start(struct flag_candidate *c, int kind, const char *site, int subject_type,
			 const char *subject);
/* Prints root into c->evidence and frees root (always; NULL is fine); pushes a copy of *c onto out.
 * built says every member was added. HL_ERR_NOMEM when root is NULL, not built, or does not fit. */
int flag_evidence_finish(struct flag_candidate *c, cJSON *root, bool built, struct flag_list *out);
/* "20 s", "15 min", "5 h", "3 days" for s seconds, into buf (cap bytes). */
void flag_evidence_duration(char *buf, size_t cap, int64_t s);
/* Adds key: v to object o; false when out of memory. */
bool flag_evidence_int(cJSON *o, const char *key, int64_t v);
bool flag_evidence_str(cJSON *o, const char *key, const char *v);

#endif
