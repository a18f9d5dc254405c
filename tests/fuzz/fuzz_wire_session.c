/* SPDX-License-Identifier: MIT
 * fuzz_wire_session.c — libFuzzer harness for wire_session_decode (shared/wire.h): the retained
 * session a terminal reads to know who serves at its counter: a transaction (old or with its txn id)
 * or the officer on duty alone. The input is the payload. An empty one clears the session; a refused
 * one leaves *out zeroed; an accepted one holds valid codes, a valid txn id and an expiry in range
 * (none without a transaction) and, re-encoded, decodes to the same session. */
#include "fuzz.h"

#include "hl.h"
#include "wire.h"

#include <stdlib.h>
#include <string.h>

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *payload = fuzz_dup(data, size);
	struct wire_session s, again;
	char buf[HL_BODY_MAX + 1];
	size_t len;
	int rc = wire_session_decode(payload, size, &s);

	free(payload);
	FUZZ_CHECK(rc == HL_OK || rc == HL_ERR_INVALID || rc == HL_ERR_NOTFOUND);
	FUZZ_CHECK((rc == HL_ERR_NOTFOUND) == (size == 0));
	if (rc != HL_OK) {
		FUZZ_CHECK(all_zero(&s, sizeof s));
		return 0;
	}
	FUZZ_CHECK(wire_code_valid(s.officer) && wire_code_valid(s.procedure) && wire_code_valid(s.duty));
	FUZZ_CHECK(s.txn[0] == '\0' || wire_txn_valid(s.txn));
	FUZZ_CHECK(s.expires >= 0 && s.expires <= (INT64_C(1) << 40));
	FUZZ_CHECK(s.transaction || (!s.officer[0] && !s.procedure[0] && !s.txn[0] && !s.expires));
	FUZZ_CHECK(wire_session_encode(&s, buf, sizeof buf, &len) == HL_OK);
	payload = fuzz_dup(buf, len);
	FUZZ_CHECK(wire_session_decode(payload, len, &again) == HL_OK);
	free(payload);
	FUZZ_CHECK(!strcmp(s.officer, again.officer) && !strcmp(s.procedure, again.procedure) &&
		   s.expires == again.expires && !strcmp(s.txn, again.txn) && !strcmp(s.duty, again.duty) &&
		   s.transaction == again.transaction);
	return 0;
}
