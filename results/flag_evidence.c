/* SPDX-License-Identifier: MIT
 * flag_evidence.c — what every rule does to write up a candidate: start it for a kind and subject,
 * put figures into its evidence object, say a duration in words for its summary, and print the
 * object and push the candidate. It owns nothing beyond the cJSON object it is handed to finish; it
 * must not decide whether a rule fires, and touches no SQLite, MQTT or clock. */
#include "flag_evidence.h"

#include <stdio.h>
#include <string.h>

void flag_evidence_start(struct flag_candidate *c, int kind, const char *site, int subject_type,
			 const char *subject)
{
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->subject_type = subject_type;
	snprintf(c->site, sizeof c->site, "%s", site);
	snprintf(c->subject, sizeof c->subject, "%s", subject);
}

/* Prints the evidence object into c and frees it; pushes c onto out. A root that failed to build
 * (NULL, or a member that could not be added) is out of memory. */
int flag_evidence_finish(struct flag_candidate *c, cJSON *root, bool built, struct flag_list *out)
{
	bool ok = root && built &&
		  cJSON_PrintPreallocated(root, c->evidence, (int)sizeof c->evidence, 0);

	cJSON_Delete(root);
	if (!ok)
		return HL_ERR_NOMEM;
	return flag_list_push(out, c);
}

/* "20 s", "15 min", "5 h", "3 days": how long, for summaries. */
void flag_evidence_duration(char *buf, size_t cap, int64_t s)
{
	if (s < 120)
		snprintf(buf, cap, "%lld s", (long long)s);
	else if (s < 2 * 3600)
		snprintf(buf, cap, "%lld min", (long long)(s / 60));
	else if (s < 2 * 86400)
		snprintf(buf, cap, "%lld h", (long long)(s / 3600));
	else
		snprintf(buf, cap, "%lld days", (long long)(s / 86400));
}

bool flag_evidence_int(cJSON *o, const char *key, int64_t v)
{
	return cJSON_AddNumberToObject(o, key, (double)v) != NULL;
}

bool flag_evidence_str(cJSON *o, const char *key, const char *v)
{
	return cJSON_AddStringToObject(o, key, v) != NULL;
}
