/* SPDX-License-Identifier: MIT
 * fuzz_wire_receipt.c — libFuzzer harness for wire_receipt_decode (shared/wire.h), which the terminal
 * and the load generator run on every receipt the broker hands them. The input is the payload. It is
 * decoded into room for all ids and into room for one (each array of exactly that size, so a write
 * past max is a heap overflow); an accepted receipt holds only UUIDs and, re-encoded, decodes to the
 * same ids. */
#include "fuzz.h"

#include "hl.h"
#include "uuid.h"
#include "wire.h"

#include <stdlib.h>
#include <string.h>

typedef char uuid_text[HL_ID_LEN + 1];

static int decode(const uint8_t *data, size_t size, size_t max, uuid_text **ids, size_t *n)
{
	uint8_t *payload = fuzz_dup(data, size);
	int rc;

	*ids = fuzz_zalloc(max * sizeof **ids);
	rc = wire_receipt_decode(payload, size, *ids, max, n);
	free(payload);
	FUZZ_CHECK(rc == HL_OK || rc == HL_ERR_INVALID);
	FUZZ_CHECK(*n <= max);
	FUZZ_CHECK(rc == HL_OK || *n == 0);
	for (size_t i = 0; i < *n; i++)
		FUZZ_CHECK(uuid_valid((*ids)[i]));
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uuid_text *all, *first, *again;
	size_t n_all, n_first, n_again, len;
	int rc_all = decode(data, size, WIRE_RECEIPT_MAX_IDS, &all, &n_all);
	int rc_first = decode(data, size, 1, &first, &n_first);

	/* How much room the caller has changes how many ids are kept, never the verdict. */
	FUZZ_CHECK(rc_all == rc_first);
	if (rc_all == HL_OK && n_first)
		FUZZ_CHECK(!strcmp(all[0], first[0]));
	if (rc_all == HL_OK && n_all) {
		char buf[WIRE_RECEIPT_MAX_IDS * (HL_ID_LEN + 3) + 16];
		FUZZ_CHECK(wire_receipt_encode((const uuid_text *)all, n_all, buf, sizeof buf, &len) == HL_OK);
		FUZZ_CHECK(decode((const uint8_t *)buf, len, WIRE_RECEIPT_MAX_IDS, &again, &n_again) == HL_OK);
		FUZZ_CHECK(n_again == n_all);
		for (size_t i = 0; i < n_all; i++)
			FUZZ_CHECK(!strcmp(all[i], again[i]));
		free(again);
	}
	free(all);
	free(first);
	return 0;
}
