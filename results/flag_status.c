/* SPDX-License-Identifier: MIT
 * flag_status.c — decodes the retained status a terminal publishes on hailong/v1/SITE/COUNTER/status,
 * strictly, into a struct flag_status for the engine's offline rule. It owns no memory past a call
 * (the parsed cJSON tree is freed before returning); it must not keep state, and touches no SQLite,
 * MQTT or clock. */
#include "flag_status.h"

#include "topic.h"
#include "wire.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- status messages --------------------------------------------------------------------------- */

static int flag_fail(char *why, size_t cap, const char *text)
{
	if (cap)
		snprintf(why, cap, "%s", text);
	return HL_ERR_INVALID;
}

static bool flag_json_int(const cJSON *it, double lo, double hi, int64_t *out)
{
	if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble) || it->valuedouble != floor(it->valuedouble) ||
	    it->valuedouble < lo || it->valuedouble > hi)
		return false;
	*out = (int64_t)it->valuedouble;
	return true;
}

static bool flag_printable(const char *s, size_t max)
{
	size_t n = 0;

	for (; s[n]; n++)
		if ((unsigned char)s[n] < 0x20 || (unsigned char)s[n] > 0x7e || n >= max)
			return false;
	return true;
}

static int flag_status_fields(const cJSON *root, struct flag_status *out, char *why, size_t cap)
{
	enum { S_STATE = 1, S_SPOOLED = 2, S_VERSION = 4, S_TS = 8, S_FAULT = 16 };
	unsigned seen = 0;
	const cJSON *it;

	cJSON_ArrayForEach(it, root) {
		unsigned f = strcmp(it->string, "state") == 0	 ? S_STATE
			     : strcmp(it->string, "spooled") == 0 ? S_SPOOLED
			     : strcmp(it->string, "version") == 0 ? S_VERSION
			     : strcmp(it->string, "ts") == 0	  ? S_TS
			     : strcmp(it->string, "fault") == 0	  ? S_FAULT
								  : 0;
		if (!f)
			return flag_fail(why, cap, "status: unknown field");
		if (seen & f)
			return flag_fail(why, cap, "status: duplicate field");
		seen |= f;
		switch (f) {
		case S_STATE:
			if (!cJSON_IsString(it) ||
			    (strcmp(it->valuestring, "online") && strcmp(it->valuestring, "offline")))
				return flag_fail(why, cap, "status: state must be \"online\" or \"offline\"");
			out->online = strcmp(it->valuestring, "online") == 0;
			break;
		case S_SPOOLED:
			if (!flag_json_int(it, 0, 1e9, &out->spooled))
				return flag_fail(why, cap, "status: spooled must be a count");
			break;
		case S_VERSION:
			if (!cJSON_IsString(it) || !flag_printable(it->valuestring, HL_CODE_MAX))
				return flag_fail(why, cap, "status: version must be printable ASCII, at most 32 bytes");
			strcpy(out->version, it->valuestring);
			break;
		case S_FAULT:
			if (!cJSON_IsString(it) || strlen(it->valuestring) > 32 ||
			    strspn(it->valuestring, "abcdefghijklmnopqrstuvwxyz_") != strlen(it->valuestring))
				return flag_fail(why, cap, "status: fault must be \"\" or a code [a-z_]{1,32}");
			strcpy(out->fault, it->valuestring);
			break;
		case S_TS:
			if (!flag_json_int(it, 0, (double)(INT64_C(1) << 40), &out->ts))
				return flag_fail(why, cap, "status: ts must be Unix seconds");
			break;
		}
	}
	if (!(seen & S_STATE))
		return flag_fail(why, cap, "status: missing field \"state\"");
	return HL_OK;
}

int flag_status_decode(const char *topic, const void *payload, size_t len, struct flag_status *out,
		       char *why, size_t cap)
{
	char kind[16];
	const char *fault;
	cJSON *root = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if (cap)
		why[0] = '\0';
	if (topic_parse_counter(topic, out->site, out->counter, kind) != HL_OK || strcmp(kind, "status") != 0) {
		memset(out, 0, sizeof *out);
		return flag_fail(why, cap, "topic is not hailong/v1/SITE/COUNTER/status");
	}
	if (len == 0) {
		out->cleared = true;
		return HL_OK;
	}
	if (len > FLAG_STATUS_MAX) {
		if (cap)
			snprintf(why, cap, "status too large (%zu bytes; limit %d)", len, FLAG_STATUS_MAX);
		rc = HL_ERR_INVALID;
	}
	else if (wire_parse_object(payload, len, &root, &fault) != HL_OK)
		rc = flag_fail(why, cap, fault);
	else
		rc = flag_status_fields(root, out, why, cap);
	cJSON_Delete(root);
	if (rc != HL_OK)
		memset(out, 0, sizeof *out);
	return rc;
}
