/* SPDX-License-Identifier: MIT
 * topic.c — topic shapes are checked exactly, because the topic is what the broker's ACL vouches
 * for and the aggregator compares it with the body. */
#include "topic.h"

#include "hl.h"

#include <stdio.h>
#include <string.h>

bool topic_id_valid(const char *id)
{
	size_t n = 0;

	for (; id[n]; n++) {
		char c = id[n];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return false;
		if (n >= 32)
			return false;
	}
	return n >= 1;
}

int topic_counter(char *buf, size_t cap, const char *site, const char *counter, const char *kind)
{
	if (!topic_id_valid(site) || !topic_id_valid(counter))
		return HL_ERR_INVALID;
	int n = snprintf(buf, cap, TOPIC_PREFIX "%s/%s/%s", site, counter, kind);
	return n < 0 || (size_t)n >= cap ? HL_ERR_RANGE : HL_OK;
}

/* Copies the segment starting at *p up to the next '/' (or the end) into out; advances *p past it. */
static int topic_segment(const char **p, char *out, size_t cap)
{
	const char *end = strchr(*p, '/');
	size_t len = end ? (size_t)(end - *p) : strlen(*p);

	if (len == 0 || len >= cap)
		return HL_ERR_INVALID;
	memcpy(out, *p, len);
	out[len] = '\0';
	*p += len + (end ? 1 : 0);
	return end ? 1 : 0;
}

int topic_parse_counter(const char *topic, char site[33], char counter[33], char kind[16])
{
	const char *p = topic;

	if (strncmp(p, TOPIC_PREFIX, strlen(TOPIC_PREFIX)) != 0)
		return HL_ERR_INVALID;
	p += strlen(TOPIC_PREFIX);
	if (topic_segment(&p, site, 33) != 1 || topic_segment(&p, counter, 33) != 1 ||
	    topic_segment(&p, kind, 16) != 0)
		return HL_ERR_INVALID;
	if (!topic_id_valid(site) || !topic_id_valid(counter))
		return HL_ERR_INVALID;
	return HL_OK;
}
