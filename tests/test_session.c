/* SPDX-License-Identifier: MIT
 * test_session.c — the small messages of wire format v1 around a counter (DESIGN §4, §12): the retained
 * session decodes field by field — an old message {officer, procedure[, expires]} is a transaction
 * without an id, a new one carries its txn id and the officer on duty, {"duty"} alone names the
 * officer on duty with no transaction open — an empty one clears it (HL_ERR_NOTFOUND), anything else
 * malformed is refused with HL_ERR_INVALID and a zeroed result, and encode → decode gives the
 * session back;
 * the terminal's status reads as the JSON it promises, online and offline; wire_text_valid accepts
 * Vietnamese text up to exactly max_bytes and refuses invalid UTF-8 and control characters. */
#include "hl.h"
#include "wire.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SESSION "{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"expires\":1763703600}"
#define CODE32 "abcdefghijklmnopqrstuvwxyz012345"
#define CODE33 "abcdefghijklmnopqrstuvwxyz0123456"
#define UUID "0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c11"
#define TXN_NEW "{\"txn\":\"" UUID "\",\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"expires\":1763703600," \
		"\"duty\":\"cb0456\"}"

/* "Nguyễn Thị Ấu Ngọc Trâm" and "Cấp Giấy phép bán lẻ xăng dầu" in NFC UTF-8. */
#define NAME_TRAM "Nguy\xE1\xBB\x85n Th\xE1\xBB\x8B \xE1\xBA\xA4u Ng\xE1\xBB\x8D" "c Tr\xC3\xA2m"
#define PROC_XANG "C\xE1\xBA\xA5p Gi\xE1\xBA\xA5y ph\xC3\xA9p b\xC3\xA1n l\xE1\xBA\xBB x\xC4\x83ng d\xE1\xBA\xA7u"

/* ---- helpers ----------------------------------------------------------------------------------- */

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* Decodes json into a struct filled with garbage first, so "zeroed" means the decoder zeroed it. */
static int decode_str(const char *json, struct wire_session *s)
{
	memset(s, 0x5A, sizeof *s);
	return wire_session_decode(json, strlen(json), s);
}

/* Field by field (the padding between them may differ). */
static void assert_same_session(const struct wire_session *a, const struct wire_session *b)
{
	assert_string_equal(a->officer, b->officer);
	assert_string_equal(a->procedure, b->procedure);
	assert_int_equal(a->expires, b->expires);
	assert_string_equal(a->txn, b->txn);
	assert_string_equal(a->duty, b->duty);
	assert_int_equal(a->transaction, b->transaction);
}

static void expect_invalid(const char *json)
{
	struct wire_session s;

	if (decode_str(json, &s) != HL_ERR_INVALID)
		fail_msg("accepted: %s", json);
	assert_true(all_zero(&s, sizeof s));
}

/* ---- session decoding -------------------------------------------------------------------------- */

static void test_decode_example(void **state)
{
	struct wire_session s;

	(void)state;
	assert_int_equal(decode_str(SESSION, &s), HL_OK);
	assert_string_equal(s.officer, "cb0123");
	assert_string_equal(s.procedure, "1.001234");
	assert_int_equal(s.expires, 1763703600);
}

static void test_decode_without_expires(void **state)
{
	struct wire_session s;

	(void)state;
	assert_int_equal(decode_str("{\"officer\":\"cb0123\",\"procedure\":\"1.001234\"}", &s), HL_OK);
	assert_string_equal(s.officer, "cb0123");
	assert_string_equal(s.procedure, "1.001234");
	assert_int_equal(s.expires, 0);

	/* Any order, blanks around, an explicit 0. */
	assert_int_equal(decode_str(" \n{ \"expires\" : 0 , \"procedure\":\"2.000528\",\"officer\":\"CB-9_x.y\" }\r\n",
				    &s), HL_OK);
	assert_string_equal(s.officer, "CB-9_x.y");
	assert_string_equal(s.procedure, "2.000528");
	assert_int_equal(s.expires, 0);
}

/* Codes are empty when unknown, and may be 32 characters long. */
static void test_decode_code_limits(void **state)
{
	struct wire_session s;

	(void)state;
	assert_int_equal(decode_str("{\"officer\":\"\",\"procedure\":\"\"}", &s), HL_OK);
	assert_string_equal(s.officer, "");
	assert_string_equal(s.procedure, "");
	assert_int_equal(decode_str("{\"officer\":\"" CODE32 "\",\"procedure\":\"" CODE32 "\"}", &s), HL_OK);
	assert_string_equal(s.officer, CODE32);
	assert_string_equal(s.procedure, CODE32);
}

/* An old message (no txn, no duty) is still one transaction. */
static void test_decode_old_is_a_transaction(void **state)
{
	struct wire_session s;

	(void)state;
	assert_int_equal(decode_str(SESSION, &s), HL_OK);
	assert_true(s.transaction);
	assert_string_equal(s.txn, "");
	assert_string_equal(s.duty, "");
	/* An old message may name the officer on duty too. */
	assert_int_equal(decode_str("{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"duty\":\"cb0456\"}", &s), HL_OK);
	assert_true(s.transaction);
	assert_string_equal(s.duty, "cb0456");
	assert_string_equal(s.txn, "");
}

static void test_decode_transaction(void **state)
{
	struct wire_session s;

	(void)state;
	assert_int_equal(decode_str(TXN_NEW, &s), HL_OK);
	assert_true(s.transaction);
	assert_string_equal(s.txn, UUID);
	assert_string_equal(s.officer, "cb0123");
	assert_string_equal(s.procedure, "1.001234");
	assert_int_equal(s.expires, 1763703600);
	assert_string_equal(s.duty, "cb0456");

	/* The console's ids, no duty, no expiry, any order. */
	assert_int_equal(decode_str("{\"procedure\":\"2.000528\",\"officer\":\"cb0123\",\"txn\":\"w42\"}", &s), HL_OK);
	assert_true(s.transaction);
	assert_string_equal(s.txn, "w42");
	assert_string_equal(s.duty, "");
	assert_int_equal(s.expires, 0);

	/* With an id, the officer and the procedure may be unknown. */
	assert_int_equal(decode_str("{\"txn\":\"a\",\"duty\":\"cb0456\"}", &s), HL_OK);
	assert_true(s.transaction);
	assert_string_equal(s.officer, "");
	assert_string_equal(s.procedure, "");
	assert_string_equal(s.duty, "cb0456");

	/* Ids of 1 and 36 characters of [A-Za-z0-9._-]. */
	assert_int_equal(decode_str("{\"txn\":\"" CODE32 "AB.-\",\"officer\":\"a\",\"procedure\":\"b\"}", &s), HL_OK);
	assert_int_equal(strlen(s.txn), 36);
}

static void test_decode_duty_only(void **state)
{
	struct wire_session s;

	(void)state;
	assert_int_equal(decode_str("{\"duty\":\"cb001\"}", &s), HL_OK);
	assert_false(s.transaction);
	assert_string_equal(s.duty, "cb001");
	assert_string_equal(s.officer, "");
	assert_string_equal(s.procedure, "");
	assert_string_equal(s.txn, "");
	assert_int_equal(s.expires, 0);
	assert_int_equal(decode_str(" { \"duty\" : \"" CODE32 "\" } ", &s), HL_OK);
	assert_string_equal(s.duty, CODE32);
	/* Nobody named: no transaction and nobody on duty, as the empty message. */
	assert_int_equal(decode_str("{\"duty\":\"\"}", &s), HL_OK);
	assert_false(s.transaction);
	assert_string_equal(s.duty, "");
}

static void test_decode_bad_txn_or_duty(void **state)
{
	(void)state;
	expect_invalid("{\"txn\":\"\",\"officer\":\"cb0123\",\"procedure\":\"1.001234\"}");
	expect_invalid("{\"txn\":\"" CODE32 "ABCDE\",\"officer\":\"cb0123\",\"procedure\":\"1.001234\"}"); /* 37 */
	expect_invalid("{\"txn\":\"w 42\",\"officer\":\"cb0123\",\"procedure\":\"1.001234\"}");
	expect_invalid("{\"txn\":\"w/42\"}");
	expect_invalid("{\"txn\":\"h\xC3\xB2\" }");
	expect_invalid("{\"txn\":42,\"officer\":\"cb0123\",\"procedure\":\"1.001234\"}");
	expect_invalid("{\"txn\":null}");
	expect_invalid("{\"txn\":\"w42\",\"txn\":\"w43\"}");
	expect_invalid("{\"txn\":\"w42\\u0000\"}");
	expect_invalid("{\"duty\":\"cb 1\"}");
	expect_invalid("{\"duty\":\"" CODE33 "\"}");
	expect_invalid("{\"duty\":7}");
	expect_invalid("{\"duty\":[\"cb001\"]}");
	expect_invalid("{\"duty\":\"cb001\",\"duty\":\"cb002\"}");
	expect_invalid("{\"txn\":\"w42\",\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"duty\":\"c\xC3\xA1n\"}");
	/* An expiry of no transaction; a duty beside an unknown field. */
	expect_invalid("{\"duty\":\"cb001\",\"expires\":1763703600}");
	expect_invalid("{\"duty\":\"cb001\",\"counter\":\"q05\"}");
	expect_invalid("{\"txn\":\"w42\",\"ticket\":\"A012\"}");
	/* One half of an old message is still refused, duty or not. */
	expect_invalid("{\"officer\":\"cb0123\",\"duty\":\"cb001\"}");
	expect_invalid("{\"procedure\":\"1.001234\",\"duty\":\"cb001\"}");
}

/* The payload need not be NUL-terminated; nothing past len counts. */
static void test_decode_not_nul_terminated(void **state)
{
	size_t len = strlen(SESSION);
	char *buf = malloc(len);
	struct wire_session s;

	(void)state;
	assert_non_null(buf);
	memcpy(buf, SESSION, len);
	assert_int_equal(wire_session_decode(buf, len, &s), HL_OK);
	assert_string_equal(s.officer, "cb0123");
	assert_int_equal(s.expires, 1763703600);
	free(buf);

	/* A valid session followed by bytes outside len. */
	assert_int_equal(wire_session_decode(SESSION "garbage", strlen(SESSION), &s), HL_OK);
	assert_string_equal(s.procedure, "1.001234");
}

static void test_decode_empty_clears(void **state)
{
	struct wire_session s;

	(void)state;
	memset(&s, 0x5A, sizeof s);
	assert_int_equal(wire_session_decode("", 0, &s), HL_ERR_NOTFOUND);
	assert_true(all_zero(&s, sizeof s));
	memset(&s, 0x5A, sizeof s);
	assert_int_equal(wire_session_decode(SESSION, 0, &s), HL_ERR_NOTFOUND);
	assert_true(all_zero(&s, sizeof s));
}

static void test_decode_missing_or_unknown_fields(void **state)
{
	(void)state;
	expect_invalid("{\"procedure\":\"1.001234\",\"expires\":1763703600}");
	expect_invalid("{\"officer\":\"cb0123\",\"expires\":1763703600}");
	expect_invalid("{\"officer\":\"cb0123\"}");
	expect_invalid("{\"expires\":1763703600}");
	expect_invalid("{}");
	expect_invalid("{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"counter\":\"q05\"}");
	expect_invalid("{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"name\":\"" NAME_TRAM "\"}");
	expect_invalid("{\"Officer\":\"cb0123\",\"procedure\":\"1.001234\"}");
}

static void test_decode_bad_codes(void **state)
{
	(void)state;
	expect_invalid("{\"officer\":\"cb 0123\",\"procedure\":\"1.001234\"}");
	expect_invalid("{\"officer\":\"cb0123\",\"procedure\":\"1/001234\"}");
	expect_invalid("{\"officer\":\"cb0123\",\"procedure\":\"" CODE33 "\"}");
	expect_invalid("{\"officer\":\"" CODE33 "\",\"procedure\":\"1.001234\"}");
	expect_invalid("{\"officer\":\"c\xC3\xA1n\",\"procedure\":\"1.001234\"}");
	expect_invalid("{\"officer\":\"cb0123\\n\",\"procedure\":\"1.001234\"}");
	expect_invalid("{\"officer\":\"cb0123\\u0000x\",\"procedure\":\"1.001234\"}");
	expect_invalid("{\"officer\":123,\"procedure\":\"1.001234\"}");
	expect_invalid("{\"officer\":null,\"procedure\":\"1.001234\"}");
	expect_invalid("{\"officer\":[\"cb0123\"],\"procedure\":\"1.001234\"}");
}

static void test_decode_bad_expires(void **state)
{
	(void)state;
	expect_invalid("{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"expires\":-1}");
	expect_invalid("{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"expires\":-1763703600}");
	expect_invalid("{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"expires\":1763703600.5}");
	expect_invalid("{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"expires\":\"1763703600\"}");
	expect_invalid("{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"expires\":true}");
	expect_invalid("{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"expires\":null}");
	expect_invalid("{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"expires\":1e300}");
	expect_invalid("{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"expires\":{}}");
}

static void test_decode_duplicate_keys(void **state)
{
	(void)state;
	expect_invalid("{\"officer\":\"cb0123\",\"officer\":\"cb9999\",\"procedure\":\"1.001234\"}");
	expect_invalid("{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"procedure\":\"1.001234\"}");
	expect_invalid("{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"expires\":1,\"expires\":2}");
}

static void test_decode_not_one_object(void **state)
{
	(void)state;
	expect_invalid(SESSION "x");
	expect_invalid(SESSION "{}");
	expect_invalid(SESSION ",");
	expect_invalid("[" SESSION "]");
	expect_invalid("[]");
	expect_invalid("null");
	expect_invalid("\"cb0123\"");
	expect_invalid("42");
	expect_invalid("{\"officer\":\"cb0123\",\"procedure\":\"1.001234\"");
	expect_invalid("\x01" SESSION);
	expect_invalid(" ");
}

static void test_decode_too_large(void **state)
{
	size_t len = HL_BODY_MAX + 1;
	char *buf = malloc(len);
	struct wire_session s;

	(void)state;
	assert_non_null(buf);
	memset(buf, ' ', len);
	memcpy(buf, SESSION, strlen(SESSION));
	memset(&s, 0x5A, sizeof s);
	assert_int_equal(wire_session_decode(buf, len, &s), HL_ERR_INVALID);
	assert_true(all_zero(&s, sizeof s));
	free(buf);
}

/* ---- session encoding -------------------------------------------------------------------------- */

static void test_encode_example(void **state)
{
	struct wire_session s = { .officer = "cb0123", .procedure = "1.001234", .expires = 1763703600 }, back;
	char buf[256];
	size_t len = 99;

	(void)state;
	assert_int_equal(wire_session_encode(&s, buf, sizeof buf, &len), HL_OK);
	assert_string_equal(buf, SESSION);
	assert_int_equal(len, strlen(buf));
	assert_int_equal(wire_session_decode(buf, len, &back), HL_OK);
	assert_string_equal(back.officer, s.officer);
	assert_string_equal(back.procedure, s.procedure);
	assert_int_equal(back.expires, s.expires);
}

static void test_encode_without_expires(void **state)
{
	struct wire_session s = { .officer = "cb0123", .procedure = "1.001234", .expires = 0 }, back;
	char buf[256];
	size_t len = 99;

	(void)state;
	assert_int_equal(wire_session_encode(&s, buf, sizeof buf, &len), HL_OK);
	assert_string_equal(buf, "{\"officer\":\"cb0123\",\"procedure\":\"1.001234\"}");
	assert_int_equal(len, strlen(buf));
	assert_int_equal(wire_session_decode(buf, len, &back), HL_OK);
	assert_string_equal(back.officer, s.officer);
	assert_string_equal(back.procedure, s.procedure);
	assert_int_equal(back.expires, s.expires);
}

static void test_encode_transaction_and_duty(void **state)
{
	struct wire_session s = { .officer = "cb0123", .procedure = "1.001234", .expires = 1763703600, .txn = UUID,
				  .duty = "cb0456", .transaction = true },
			    back;
	char buf[256];
	size_t len = 99;

	(void)state;
	assert_int_equal(wire_session_encode(&s, buf, sizeof buf, &len), HL_OK);
	assert_string_equal(buf, TXN_NEW);
	assert_int_equal(len, strlen(buf));
	assert_int_equal(wire_session_decode(buf, len, &back), HL_OK);
	assert_same_session(&back, &s);

	/* What is not set is not written: no duty, no expiry. */
	memset(&s, 0, sizeof s);
	strcpy(s.txn, "w42");
	strcpy(s.officer, "cb0123");
	strcpy(s.procedure, "2.000001");
	assert_int_equal(wire_session_encode(&s, buf, sizeof buf, &len), HL_OK);
	assert_string_equal(buf, "{\"txn\":\"w42\",\"officer\":\"cb0123\",\"procedure\":\"2.000001\"}");
	assert_int_equal(wire_session_decode(buf, len, &back), HL_OK);
	assert_true(back.transaction);
	assert_string_equal(back.txn, "w42");

	/* Between transactions: the officer on duty alone. */
	memset(&s, 0, sizeof s);
	strcpy(s.duty, "cb001");
	assert_int_equal(wire_session_encode(&s, buf, sizeof buf, &len), HL_OK);
	assert_string_equal(buf, "{\"duty\":\"cb001\"}");
	assert_int_equal(wire_session_decode(buf, len, &back), HL_OK);
	assert_same_session(&back, &s);

	/* A transaction with nothing known is still one. */
	memset(&s, 0, sizeof s);
	s.transaction = true;
	assert_int_equal(wire_session_encode(&s, buf, sizeof buf, &len), HL_OK);
	assert_string_equal(buf, "{\"officer\":\"\",\"procedure\":\"\"}");
	assert_int_equal(wire_session_decode(buf, len, &back), HL_OK);
	assert_true(back.transaction);
}

static void test_encode_refuses_bad_txn_or_duty(void **state)
{
	struct wire_session s = { .officer = "cb0123", .procedure = "1.001234", .txn = "w42", .transaction = true };
	char buf[256];
	size_t len = 99;

	(void)state;
	strcpy(s.txn, "w 42");
	assert_int_equal(wire_session_encode(&s, buf, sizeof buf, &len), HL_ERR_INVALID);
	assert_int_equal(len, 0);
	memset(s.txn, 'a', sizeof s.txn - 1); /* 36: the longest */
	s.txn[sizeof s.txn - 1] = '\0';
	assert_int_equal(wire_session_encode(&s, buf, sizeof buf, &len), HL_OK);
	strcpy(s.txn, "w42");
	strcpy(s.duty, "cb 1");
	assert_int_equal(wire_session_encode(&s, buf, sizeof buf, &len), HL_ERR_INVALID);
	/* An expiry needs a transaction. */
	memset(&s, 0, sizeof s);
	strcpy(s.duty, "cb001");
	s.expires = 1763703600;
	len = 99;
	assert_int_equal(wire_session_encode(&s, buf, sizeof buf, &len), HL_ERR_INVALID);
	assert_int_equal(len, 0);
}

/* Round trips at the edges: empty codes, 32-character codes, a late expiry. */
static void test_encode_round_trips(void **state)
{
	const struct wire_session cases[] = {
		{ .transaction = true },
		{ .officer = CODE32, .procedure = CODE32, .expires = 1, .txn = CODE32 "abcd", .duty = CODE32 },
		{ .officer = "A.b_C-9", .expires = INT64_C(1) << 40 },
		{ .procedure = "1.001234", .expires = 4102444800 }, /* 2100-01-01 */
	};
	char buf[256];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct wire_session back;
		size_t len = 0;
		assert_int_equal(wire_session_encode(&cases[i], buf, sizeof buf, &len), HL_OK);
		assert_int_equal(len, strlen(buf));
		assert_int_equal(wire_session_decode(buf, len, &back), HL_OK);
		assert_string_equal(back.officer, cases[i].officer);
		assert_string_equal(back.procedure, cases[i].procedure);
		assert_int_equal(back.expires, cases[i].expires);
		assert_string_equal(back.txn, cases[i].txn);
		assert_string_equal(back.duty, cases[i].duty);
		assert_true(back.transaction);
	}
}

static void test_encode_refuses(void **state)
{
	struct wire_session s = { .officer = "cb0123", .procedure = "1.001234", .expires = 0 };
	char buf[256];
	size_t len = 99;

	(void)state;
	strcpy(s.officer, "cb 0123");
	assert_int_equal(wire_session_encode(&s, buf, sizeof buf, &len), HL_ERR_INVALID);
	assert_int_equal(len, 0);

	strcpy(s.officer, "cb0123");
	strcpy(s.procedure, "1.001234\"");
	len = 99;
	assert_int_equal(wire_session_encode(&s, buf, sizeof buf, &len), HL_ERR_INVALID);
	assert_int_equal(len, 0);

	strcpy(s.procedure, "c\xC3\xA1n");
	assert_int_equal(wire_session_encode(&s, buf, sizeof buf, &len), HL_ERR_INVALID);

	strcpy(s.procedure, "1.001234");
	s.expires = -1;
	len = 99;
	assert_int_equal(wire_session_encode(&s, buf, sizeof buf, &len), HL_ERR_INVALID);
	assert_int_equal(len, 0);
}

static void test_encode_small_buffer(void **state)
{
	struct wire_session s = { .officer = "cb0123", .procedure = "1.001234", .expires = 1763703600 };
	char buf[16];
	size_t len = 99;

	(void)state;
	assert_int_equal(wire_session_encode(&s, buf, sizeof buf, &len), HL_ERR_RANGE);
	assert_int_equal(len, 0);
}

/* ---- status ------------------------------------------------------------------------------------ */

static void test_status_online(void **state)
{
	char buf[256];
	size_t len = 0;
	cJSON *root;
	const cJSON *it;

	(void)state;
	assert_int_equal(wire_status_encode(true, 17, 1763700000, NULL, buf, sizeof buf, &len), HL_OK);
	assert_int_equal(len, strlen(buf));
	root = cJSON_ParseWithLength(buf, len);
	assert_non_null(root);
	assert_true(cJSON_IsObject(root));
	assert_int_equal(cJSON_GetArraySize(root), 4);
	it = cJSON_GetObjectItemCaseSensitive(root, "state");
	assert_true(cJSON_IsString(it));
	assert_string_equal(it->valuestring, "online");
	it = cJSON_GetObjectItemCaseSensitive(root, "spooled");
	assert_true(cJSON_IsNumber(it));
	assert_true(it->valuedouble == 17);
	it = cJSON_GetObjectItemCaseSensitive(root, "ts");
	assert_true(cJSON_IsNumber(it));
	assert_true(it->valuedouble == 1763700000);
	it = cJSON_GetObjectItemCaseSensitive(root, "version");
	assert_true(cJSON_IsString(it));
	assert_string_equal(it->valuestring, HL_VERSION);
	cJSON_Delete(root);

	/* Nothing spooled is still a number, not a missing field. */
	assert_int_equal(wire_status_encode(true, 0, 1763700000, NULL, buf, sizeof buf, &len), HL_OK);
	root = cJSON_ParseWithLength(buf, len);
	assert_non_null(root);
	it = cJSON_GetObjectItemCaseSensitive(root, "spooled");
	assert_true(cJSON_IsNumber(it));
	assert_true(it->valuedouble == 0);
	cJSON_Delete(root);
}

static void test_status_offline(void **state)
{
	char buf[256];
	size_t len = 0;
	cJSON *root;
	const cJSON *it;

	(void)state;
	assert_int_equal(wire_status_encode(false, 17, 1763700000, NULL, buf, sizeof buf, &len), HL_OK);
	assert_int_equal(len, strlen(buf));
	root = cJSON_ParseWithLength(buf, len);
	assert_non_null(root);
	assert_true(cJSON_IsObject(root));
	assert_int_equal(cJSON_GetArraySize(root), 2);
	it = cJSON_GetObjectItemCaseSensitive(root, "state");
	assert_true(cJSON_IsString(it));
	assert_string_equal(it->valuestring, "offline");
	it = cJSON_GetObjectItemCaseSensitive(root, "version");
	assert_true(cJSON_IsString(it));
	assert_string_equal(it->valuestring, HL_VERSION);
	assert_null(cJSON_GetObjectItemCaseSensitive(root, "spooled"));
	assert_null(cJSON_GetObjectItemCaseSensitive(root, "ts"));
	cJSON_Delete(root);
}

static void test_status_small_buffer(void **state)
{
	char buf[8];
	size_t len = 99;

	(void)state;
	assert_int_equal(wire_status_encode(true, 17, 1763700000, NULL, buf, sizeof buf, &len), HL_ERR_RANGE);
	assert_int_equal(len, 0);
}

/* ---- wire_text_valid --------------------------------------------------------------------------- */

static void test_text_accepts(void **state)
{
	static const char *const good[] = {
		NAME_TRAM,
		PROC_XANG,
		"\xC4\x90\xC4\x83ng k\xC3\xBD khai sinh",  /* Đăng ký khai sinh */
		"Ph\xC3\xB2ng 3 - Qu\xE1\xBA\xA7y 05 (s\xE1\xBB\x91 2)", /* Phòng 3 - Quầy 05 (số 2) */
		"plain ASCII: !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~",
		"",
		"\xC2\xA0",         /* U+00A0, the first code point after the C1 controls */
		"\xE2\x82\xAC",     /* € */
		"\xF0\x9F\x98\x80", /* a 4-byte character */
		"\xEF\xBF\xBD",     /* U+FFFD */
		"\xED\x9F\xBF",     /* U+D7FF, just below the surrogates */
		"\xEE\x80\x80",     /* U+E000, just above them */
		"\xF4\x8F\xBF\xBF", /* U+10FFFF */
	};

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!wire_text_valid(good[i], 1000))
			fail_msg("refused text #%zu", i);
}

static void test_text_max_bytes(void **state)
{
	size_t n = strlen(NAME_TRAM);

	(void)state;
	assert_true(wire_text_valid(NAME_TRAM, n));
	assert_false(wire_text_valid(NAME_TRAM, n - 1));
	assert_true(wire_text_valid(NAME_TRAM, n + 1));
	assert_true(wire_text_valid("", 0));
	assert_false(wire_text_valid("a", 0));
	assert_true(wire_text_valid("\xC3\xA2", 2));
	assert_false(wire_text_valid("\xC3\xA2", 1));
}

static void test_text_refuses(void **state)
{
	static const char *const bad[] = {
		"\xC3\x28",           /* a lead byte without its continuation */
		"ab\xC3",             /* cut short at the end */
		"Tr\xE1\xBA",         /* a 3-byte letter cut short */
		"\xF0\x9F\x98",       /* a 4-byte letter cut short */
		"\xC0\xAF",           /* overlong '/' */
		"\xC1\xBF",           /* overlong, 2 bytes */
		"\xE0\x80\xAF",       /* overlong, 3 bytes */
		"\xE0\x9F\xBF",       /* the largest overlong 3-byte form */
		"\xF0\x8F\xBF\xBF",   /* the largest overlong 4-byte form */
		"\xED\xA0\x80",       /* a UTF-16 surrogate */
		"\xED\xBF\xBF",       /* the last surrogate */
		"\xF4\x90\x80\x80",   /* beyond U+10FFFF */
		"\xF5\x80\x80\x80",
		"\xF8\x88\x80\x80\x80", /* 5-byte form */
		"\x80",               /* a lone continuation byte */
		"a\xBF" "b",
		"\xFE",
		"\xFF",
		"\xE1\xBA\xA4\x80",   /* one continuation byte too many */
		"line\nbreak",
		"carriage\rreturn",
		"tab\there",
		"\x1B[31mred",
		"A\x7F" "B",          /* DEL */
		"A\xC2\x80" "B",      /* C1: U+0080 */
		"A\xC2\x85" "B",      /* C1: NEL */
		"A\xC2\x9F" "B",      /* C1: U+009F */
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (wire_text_valid(bad[i], 1000))
			fail_msg("accepted text #%zu", i);
}

/* ---- regressions ---- */

static void test_encode_refuses_what_decode_refuses(void **state)
{
	struct wire_session s = { .officer = "cb0123", .procedure = "1.001234", .expires = (INT64_C(1) << 40) + 1 }, back;
	char buf[256];
	size_t len = 99;
	static const char big[] =
		"{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"expires\":1099511627777}";

	(void)state;
	assert_int_equal(wire_session_decode(big, strlen(big), &back), HL_ERR_INVALID);
	assert_int_equal(wire_session_encode(&s, buf, sizeof buf, &len), HL_ERR_INVALID);
	assert_int_equal(len, 0);
	s.expires = INT64_MAX;
	assert_int_equal(wire_session_encode(&s, buf, sizeof buf, &len), HL_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_example),
		cmocka_unit_test(test_decode_without_expires),
		cmocka_unit_test(test_decode_code_limits),
		cmocka_unit_test(test_decode_old_is_a_transaction),
		cmocka_unit_test(test_decode_transaction),
		cmocka_unit_test(test_decode_duty_only),
		cmocka_unit_test(test_decode_bad_txn_or_duty),
		cmocka_unit_test(test_decode_not_nul_terminated),
		cmocka_unit_test(test_decode_empty_clears),
		cmocka_unit_test(test_decode_missing_or_unknown_fields),
		cmocka_unit_test(test_decode_bad_codes),
		cmocka_unit_test(test_decode_bad_expires),
		cmocka_unit_test(test_decode_duplicate_keys),
		cmocka_unit_test(test_decode_not_one_object),
		cmocka_unit_test(test_decode_too_large),
		cmocka_unit_test(test_encode_example),
		cmocka_unit_test(test_encode_without_expires),
		cmocka_unit_test(test_encode_transaction_and_duty),
		cmocka_unit_test(test_encode_refuses_bad_txn_or_duty),
		cmocka_unit_test(test_encode_round_trips),
		cmocka_unit_test(test_encode_refuses),
		cmocka_unit_test(test_encode_small_buffer),
		cmocka_unit_test(test_status_online),
		cmocka_unit_test(test_status_offline),
		cmocka_unit_test(test_status_small_buffer),
		cmocka_unit_test(test_text_accepts),
		cmocka_unit_test(test_text_max_bytes),
		cmocka_unit_test(test_text_refuses),
		cmocka_unit_test(test_encode_refuses_what_decode_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
