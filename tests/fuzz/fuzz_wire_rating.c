/* SPDX-License-Identifier: MIT
 * fuzz_wire_rating.c — libFuzzer harness for wire_rating_decode (shared/wire.h), the parser every
 * rating from a terminal goes through. The input's first line is the topic and the rest the payload;
 * the whole input is also tried as the payload on a fixed valid topic. Besides "no crash", it checks
 * what the header promises: a refused rating leaves *out zeroed and says why; an accepted one passes
 * wire_rating_check, matches its topic, and encodes to a message that decodes to the same rating. */
#include "fuzz.h"

#include "hl.h"
#include "topic.h"
#include "wire.h"

#include <stdlib.h>
#include <string.h>

#define FIXED_TOPIC "hailong/v1/sct-bentre/q05/rating"

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static bool same_rating(const struct rating *a, const struct rating *b)
{
	return !strcmp(a->id, b->id) && !strcmp(a->site, b->site) && !strcmp(a->counter, b->counter) &&
	       !strcmp(a->officer, b->officer) && !strcmp(a->procedure, b->procedure) && a->scale == b->scale &&
	       !memcmp(a->answers, b->answers, sizeof a->answers) && a->reasons == b->reasons && a->ts == b->ts &&
	       a->clock_ok == b->clock_ok;
}

/* One decode with a why buffer of exactly cap bytes (ASan sees a write past it), and the checks. */
static void one(const char *topic, const uint8_t *payload, size_t len, size_t cap)
{
	struct rating r, again;
	char *why = fuzz_zalloc(cap);
	const char *rule;
	int rc = wire_rating_decode(topic, payload, len, &r, why, cap);

	if (rc != HL_OK) {
		FUZZ_CHECK(rc == HL_ERR_INVALID);
		FUZZ_CHECK(all_zero(&r, sizeof r));
		FUZZ_CHECK(cap < 2 || why[0]);
		FUZZ_CHECK(cap == 0 || memchr(why, '\0', cap));
		/* The header says why is one line, and serve logs it as one: no control byte from the
		 * payload may reach it (wire.c escapes the keys it names). */
		for (const char *p = why; *p; p++)
			FUZZ_CHECK((unsigned char)*p >= 0x20 && *p != 0x7f);
		free(why);
		return;
	}
	free(why);
	FUZZ_CHECK(wire_rating_check(&r, &rule) == HL_OK);

	char t[HL_TOPIC_MAX], site[33], counter[33], kind[16];
	FUZZ_CHECK(topic_parse_counter(topic, site, counter, kind) == HL_OK);
	FUZZ_CHECK(!strcmp(site, r.site) && !strcmp(counter, r.counter) && !strcmp(kind, "rating"));

	/* What was accepted can be sent again and means the same. */
	char buf[HL_BODY_MAX + 1], msg[256];
	size_t n;
	FUZZ_CHECK(wire_rating_encode(&r, buf, sizeof buf, &n) == HL_OK);
	FUZZ_CHECK(n == strlen(buf) && n <= HL_BODY_MAX);
	FUZZ_CHECK(topic_counter(t, sizeof t, r.site, r.counter, "rating") == HL_OK);
	uint8_t *copy = fuzz_dup(buf, n);
	FUZZ_CHECK(wire_rating_decode(t, copy, n, &again, msg, sizeof msg) == HL_OK);
	free(copy);
	FUZZ_CHECK(same_rating(&r, &again));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_topic_inputs(data, size, FIXED_TOPIC, 7, one);
	return 0;
}
