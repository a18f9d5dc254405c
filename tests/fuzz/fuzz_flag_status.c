/* SPDX-License-Identifier: MIT
 * fuzz_flag_status.c — libFuzzer harness for flag_status_decode (results/flag_status.h): the
 * retained status of every terminal, which the aggregator's offline rule reads. The input's first
 * line is the topic and the rest the payload; the whole input is also tried on a fixed valid topic.
 * A refused status leaves *out zeroed and says why; an accepted one names a valid site and counter
 * from its topic, is "cleared" exactly when empty, and keeps its numbers and version in range. */
#include "fuzz.h"

#include "flag_status.h"
#include "hl.h"
#include "topic.h"

#include <stdlib.h>
#include <string.h>

#define FIXED_TOPIC "hailong/v1/sct-bentre/q05/status"

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static void one(const char *topic, const uint8_t *payload, size_t len, size_t cap)
{
	struct flag_status st;
	char *why = fuzz_zalloc(cap);
	int rc = flag_status_decode(topic, payload, len, &st, why, cap);

	if (rc != HL_OK) {
		FUZZ_CHECK(rc == HL_ERR_INVALID);
		FUZZ_CHECK(all_zero(&st, sizeof st));
		FUZZ_CHECK(cap < 2 || why[0]);
		FUZZ_CHECK(cap == 0 || memchr(why, '\0', cap));
		free(why);
		return;
	}
	free(why);
	FUZZ_CHECK(topic_id_valid(st.site) && topic_id_valid(st.counter));
	FUZZ_CHECK(st.cleared == (len == 0));
	FUZZ_CHECK(st.spooled >= 0 && st.spooled <= 1000000000);
	FUZZ_CHECK(st.ts >= 0 && st.ts <= (INT64_C(1) << 40));
	FUZZ_CHECK(strlen(st.version) <= HL_CODE_MAX);
	for (const char *p = st.version; *p; p++)
		FUZZ_CHECK(*p >= 0x20 && *p <= 0x7e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_topic_inputs(data, size, FIXED_TOPIC, 5, one);
	return 0;
}
