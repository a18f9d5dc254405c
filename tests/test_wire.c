/* SPDX-License-Identifier: MIT
 * test_wire.c — wire format v1 (DESIGN §4–5) as its users see it: the documented rating decodes
 * field by field; encode → decode gives back the same struct; every kind of bad message is refused
 * with HL_ERR_INVALID, a reason naming the problem and a zeroed result; nothing past len is read;
 * receipts round-trip within 1..256 ids. Also the helpers the format rests on: UUIDs, topics,
 * broker URLs and which levels of each scale count as satisfied or dissatisfied. */
#include "hl.h"
#include "survey.h"
#include "topic.h"
#include "url.h"
#include "uuid.h"
#include "wire.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOPIC "hailong/v1/sct-bentre/q05/rating"
#define EXAMPLE_ID "0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c11"

/* The rating of DESIGN §4, line breaks included. */
static const char EXAMPLE[] =
	"{\"v\":1,\"id\":\"" EXAMPLE_ID "\",\"site\":\"sct-bentre\",\"counter\":\"q05\",\n"
	" \"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"scale\":5,\n"
	" \"answers\":{\"officer\":5,\"procedure\":4},\"reasons\":[\"TRE_HEN\"],\n"
	" \"ts\":1763700000,\"clock_ok\":true}";

/* The same rating as the encoder writes it: compact, every field present, in table order. */
static const char EXAMPLE_COMPACT[] =
	"{\"v\":1,\"id\":\"" EXAMPLE_ID "\",\"site\":\"sct-bentre\",\"counter\":\"q05\","
	"\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"scale\":5,"
	"\"answers\":{\"officer\":5,\"procedure\":4},\"reasons\":[\"TRE_HEN\"],"
	"\"ts\":1763700000,\"clock_ok\":true}";

#define CODE32 "abcdefghijklmnopqrstuvwxyz012345"   /* 32 characters */
#define CODE33 "abcdefghijklmnopqrstuvwxyz0123456"  /* 33 characters */

/* ---- helpers ----------------------------------------------------------------------------------- */

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* EXAMPLE with the first occurrence of find replaced by repl; find NULL means repl is the whole body. */
static void make_body(char *out, size_t cap, const char *find, const char *repl)
{
	const char *at;
	int n;

	if (!find) {
		n = snprintf(out, cap, "%s", repl);
	} else {
		at = strstr(EXAMPLE, find);
		if (!at)
			fail_msg("\"%s\" is not in the example", find);
		n = snprintf(out, cap, "%.*s%s%s", (int)(at - EXAMPLE), EXAMPLE, repl, at + strlen(find));
	}
	assert_true(n > 0 && (size_t)n < cap);
}

/* Decodes len bytes at body and requires a refusal whose reason mentions word, with *out zeroed. */
static void expect_invalid(const char *label, const char *topic, const void *body, size_t len,
			   const char *word)
{
	struct rating r;
	char why[256];
	int rc;

	memset(&r, 0xA5, sizeof r);
	memset(why, 'x', sizeof why);
	rc = wire_rating_decode(topic, body, len, &r, why, sizeof why);
	if (rc != HL_ERR_INVALID)
		fail_msg("%s: rc %d (%s), want HL_ERR_INVALID", label, rc, hl_strerror(rc));
	if (!memchr(why, '\0', sizeof why) || why[0] == '\0' || !strstr(why, word))
		fail_msg("%s: why \"%.255s\" does not mention \"%s\"", label, why, word);
	if (!all_zero(&r, sizeof r))
		fail_msg("%s: the rating is not zeroed after a failed decode", label);
}

struct bad_case {
	const char *label;
	const char *find, *repl; /* the edit to EXAMPLE (find NULL: repl is the body) */
	const char *word;        /* must appear in why */
};

static void run_bad_cases(const struct bad_case *cases, size_t n)
{
	char body[HL_BODY_MAX * 2];

	for (size_t i = 0; i < n; i++) {
		make_body(body, sizeof body, cases[i].find, cases[i].repl);
		expect_invalid(cases[i].label, TOPIC, body, strlen(body), cases[i].word);
	}
}

/* A fully zeroed rating (padding too), so memcmp against a decoded one is meaningful. */
static struct rating make_rating(const char *id, int scale, int officer, int procedure,
				 uint32_t reasons)
{
	struct rating r;

	memset(&r, 0, sizeof r);
	snprintf(r.id, sizeof r.id, "%s", id);
	strcpy(r.site, "sct-bentre");
	strcpy(r.counter, "q05");
	strcpy(r.officer, "cb0123");
	strcpy(r.procedure, "1.001234");
	r.scale = scale;
	r.answers[SURVEY_Q_OFFICER] = officer;
	r.answers[SURVEY_Q_PROCEDURE] = procedure;
	r.reasons = reasons;
	r.ts = 1763700000;
	r.clock_ok = true;
	return r;
}

static void assert_rating_equal(const struct rating *a, const struct rating *b)
{
	assert_string_equal(a->id, b->id);
	assert_string_equal(a->site, b->site);
	assert_string_equal(a->counter, b->counter);
	assert_string_equal(a->officer, b->officer);
	assert_string_equal(a->procedure, b->procedure);
	assert_int_equal(a->scale, b->scale);
	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		assert_int_equal(a->answers[q], b->answers[q]);
	assert_int_equal(a->reasons, b->reasons);
	assert_true(a->ts == b->ts);
	assert_int_equal(a->clock_ok, b->clock_ok);
	assert_memory_equal(a, b, sizeof *a);
}

static void round_trip(const struct rating *in)
{
	char buf[HL_BODY_MAX + 1], topic[HL_TOPIC_MAX], why[256];
	struct rating out;
	size_t len = 0;
	int rc;

	assert_int_equal(wire_rating_encode(in, buf, sizeof buf, &len), HL_OK);
	assert_int_equal(len, strlen(buf));
	assert_int_equal(topic_counter(topic, sizeof topic, in->site, in->counter, "rating"), HL_OK);
	rc = wire_rating_decode(topic, buf, len, &out, why, sizeof why);
	if (rc != HL_OK)
		fail_msg("decode of %s failed: %s", buf, why);
	assert_rating_equal(in, &out);
}

/* ---- decoding a valid rating ------------------------------------------------------------------- */

static void test_decode_design_example(void **state)
{
	struct rating r;
	char why[256] = "untouched";

	(void)state;
	assert_int_equal(wire_rating_decode(TOPIC, EXAMPLE, strlen(EXAMPLE), &r, why, sizeof why), HL_OK);
	assert_string_equal(why, "");
	assert_string_equal(r.id, EXAMPLE_ID);
	assert_string_equal(r.site, "sct-bentre");
	assert_string_equal(r.counter, "q05");
	assert_string_equal(r.officer, "cb0123");
	assert_string_equal(r.procedure, "1.001234");
	assert_int_equal(r.scale, 5);
	assert_int_equal(r.answers[SURVEY_Q_OFFICER], 5);
	assert_int_equal(r.answers[SURVEY_Q_PROCEDURE], 4);
	assert_int_equal(survey_reason_from_code("TRE_HEN"), SURVEY_R_TRE_HEN);
	assert_int_equal(r.reasons, 1u << survey_reason_from_code("TRE_HEN"));
	assert_true(r.ts == 1763700000);
	assert_true(r.clock_ok);
}

static void test_decode_optional_fields_absent(void **state)
{
	static const char body[] = "{\"v\":1,\"id\":\"" EXAMPLE_ID "\",\"site\":\"sct-bentre\","
				   "\"counter\":\"q05\",\"scale\":4,\"answers\":{\"procedure\":3},"
				   "\"ts\":0}";
	struct rating r;
	char why[256];

	(void)state;
	assert_int_equal(wire_rating_decode(TOPIC, body, strlen(body), &r, why, sizeof why), HL_OK);
	assert_string_equal(r.officer, "");
	assert_string_equal(r.procedure, "");
	assert_int_equal(r.scale, 4);
	assert_int_equal(r.answers[SURVEY_Q_OFFICER], 0);
	assert_int_equal(r.answers[SURVEY_Q_PROCEDURE], 3);
	assert_int_equal(r.reasons, 0);
	assert_true(r.ts == 0);
	assert_false(r.clock_ok);
}

/* The third question, "Kết quả giải quyết", where a terminal asks it: its own key, alone or beside the
 * others, and back. */
static void test_result_question(void **state)
{
	static const char body[] = "{\"v\":1,\"id\":\"" EXAMPLE_ID "\",\"site\":\"sct-bentre\","
				   "\"counter\":\"q05\",\"scale\":5,\"answers\":{\"officer\":5,\"procedure\":4,"
				   "\"result\":2},\"ts\":0}";
	static const char alone[] = "{\"v\":1,\"id\":\"" EXAMPLE_ID "\",\"site\":\"sct-bentre\","
				    "\"counter\":\"q05\",\"scale\":3,\"answers\":{\"result\":1},\"ts\":0}";
	struct rating r;
	char why[256], buf[HL_BODY_MAX + 1];
	size_t len;

	(void)state;
	assert_int_equal(wire_rating_decode(TOPIC, body, strlen(body), &r, why, sizeof why), HL_OK);
	assert_int_equal(r.answers[SURVEY_Q_OFFICER], 5);
	assert_int_equal(r.answers[SURVEY_Q_PROCEDURE], 4);
	assert_int_equal(r.answers[SURVEY_Q_RESULT], 2);
	round_trip(&r);
	assert_int_equal(wire_rating_encode(&r, buf, sizeof buf, &len), HL_OK);
	assert_non_null(strstr(buf, "\"result\":2"));
	assert_int_equal(wire_rating_decode(TOPIC, alone, strlen(alone), &r, why, sizeof why), HL_OK);
	assert_int_equal(r.answers[SURVEY_Q_RESULT], 1);
	assert_int_equal(r.answers[SURVEY_Q_OFFICER], 0);
	/* Where only two questions are asked nothing says "result": an older aggregator reads it. */
	r.answers[SURVEY_Q_RESULT] = 0;
	r.answers[SURVEY_Q_OFFICER] = 3;
	assert_int_equal(wire_rating_encode(&r, buf, sizeof buf, &len), HL_OK);
	assert_null(strstr(buf, "result"));
}

static void test_decode_accepts_edges(void **state)
{
	static const struct {
		const char *label, *find, *repl;
	} ok[] = {
		{ "uppercase UUID", EXAMPLE_ID, "0D9F8E0C-4A7B-4C55-9A57-3F6F3BDE0C11" },
		{ "32-char officer", "\"cb0123\"", "\"" CODE32 "\"" },
		{ "empty officer", "\"cb0123\"", "\"\"" },
		{ "all code characters", "\"1.001234\"", "\"Az09._-\"" },
		{ "empty reasons", "[\"TRE_HEN\"]", "[]" },
		{ "every reason", "[\"TRE_HEN\"]",
		  "[\"NHUNG_NHIEU\",\"THU_TIEN_KHONG_PHIEU\",\"GIAY_TO_NGOAI_QD\",\"THAI_DO\","
		  "\"HUONG_DAN_KHONG_RO\",\"TRE_HEN\",\"HEN_NHIEU_LAN\",\"CHO_LAU\",\"CO_SO_VAT_CHAT\"]" },
		{ "levels 1..3 on scale 3", "\"scale\":5,\n \"answers\":{\"officer\":5,\"procedure\":4}",
		  "\"scale\":3,\n \"answers\":{\"officer\":3,\"procedure\":1}" },
		{ "level 4 on scale 4", "\"scale\":5,\n \"answers\":{\"officer\":5,\"procedure\":4}",
		  "\"scale\":4,\n \"answers\":{\"officer\":4}" },
		{ "largest ts", "1763700000", "1099511627776" },
		{ "trailing blanks", "true}", "true} \t\r\n" },
		{ "clock_ok false", "true}", "false}" },
	};
	char body[HL_BODY_MAX], why[256];
	struct rating r;

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		make_body(body, sizeof body, ok[i].find, ok[i].repl);
		if (wire_rating_decode(TOPIC, body, strlen(body), &r, why, sizeof why) != HL_OK)
			fail_msg("%s: refused: %s", ok[i].label, why);
	}
	make_body(body, sizeof body, "[\"TRE_HEN\"]", "[\"CHO_LAU\",\"NHUNG_NHIEU\"]");
	assert_int_equal(wire_rating_decode(TOPIC, body, strlen(body), &r, why, sizeof why), HL_OK);
	assert_int_equal(r.reasons, 1u << SURVEY_R_CHO_LAU | 1u << SURVEY_R_NHUNG_NHIEU);
}

/* ---- encoding ---------------------------------------------------------------------------------- */

static void test_encode_design_example(void **state)
{
	struct rating r = make_rating(EXAMPLE_ID, 5, 5, 4, 1u << SURVEY_R_TRE_HEN);
	char buf[HL_BODY_MAX];
	size_t len = 0;

	(void)state;
	assert_int_equal(wire_rating_encode(&r, buf, sizeof buf, &len), HL_OK);
	assert_string_equal(buf, EXAMPLE_COMPACT);
	assert_int_equal(len, strlen(EXAMPLE_COMPACT));
}

static void test_round_trip(void **state)
{
	char id[37];
	struct rating r;

	(void)state;
	assert_int_equal(uuid_new(id), HL_OK);

	r = make_rating(id, 5, 5, 4, 1u << SURVEY_R_TRE_HEN);
	round_trip(&r);
	r = make_rating(id, 5, 1, 2, (1u << SURVEY_R_COUNT) - 1); /* every reason */
	r.clock_ok = false;
	r.ts = 0;
	round_trip(&r);
	r = make_rating(id, 5, 4, 0, 0); /* only the officer question, no reasons */
	round_trip(&r);
	r = make_rating(id, 5, 0, 2, 1u << SURVEY_R_HEN_NHIEU_LAN); /* only the procedure question */
	round_trip(&r);

	r = make_rating(id, 4, 3, 4, 0);
	round_trip(&r);
	r = make_rating(id, 4, 1, 2, 1u << SURVEY_R_THAI_DO | 1u << SURVEY_R_CHO_LAU);
	round_trip(&r);
	r = make_rating(id, 4, 2, 0, 0);
	round_trip(&r);

	r = make_rating(id, 3, 1, 1, 1u << SURVEY_R_NHUNG_NHIEU | 1u << SURVEY_R_THU_TIEN_KHONG_PHIEU);
	round_trip(&r);
	r = make_rating(id, 3, 3, 2, 0);
	round_trip(&r);
	r = make_rating(id, 3, 0, 3, 0);
	round_trip(&r);

	/* Longest codes, unknown officer and procedure, the largest ts. */
	r = make_rating(EXAMPLE_ID, 5, 3, 3, 1u << SURVEY_R_CO_SO_VAT_CHAT);
	strcpy(r.site, CODE32);
	strcpy(r.counter, CODE32);
	memset(r.officer, 0, sizeof r.officer);
	memset(r.procedure, 0, sizeof r.procedure);
	r.ts = INT64_C(1) << 40;
	round_trip(&r);
	memcpy(r.officer, "ABCDEFGHIJKLMNOPQRSTUVWXYZ.-_019", sizeof r.officer);
	round_trip(&r);
}

static void test_encode_refuses_bad_rating(void **state)
{
	struct rating good = make_rating(EXAMPLE_ID, 5, 5, 4, 0), r;
	char buf[HL_BODY_MAX];
	size_t len;

	(void)state;
#define REFUSED(edit)                                                                        \
	do {                                                                                   \
		r = good;                                                                      \
		edit;                                                                          \
		len = 99;                                                                      \
		assert_int_equal(wire_rating_encode(&r, buf, sizeof buf, &len), HL_ERR_INVALID); \
		assert_int_equal(len, 0);                                                      \
	} while (0)
	REFUSED(r.answers[0] = r.answers[1] = 0);
	REFUSED(r.answers[0] = 6);
	REFUSED(r.answers[1] = -1);
	REFUSED(r.scale = 3);
	REFUSED(r.scale = 6);
	REFUSED(r.reasons = 1u << SURVEY_R_COUNT);
	REFUSED(r.id[8] = 'x');
	REFUSED(strcpy(r.site, "SCT"));
	REFUSED(strcpy(r.counter, ""));
	REFUSED(strcpy(r.officer, "cb 0123"));
	REFUSED(r.ts = -1);
#undef REFUSED

	len = 99;
	assert_int_equal(wire_rating_encode(&good, buf, 16, &len), HL_ERR_RANGE);
	assert_int_equal(len, 0);
}

/* ---- refusing bad input ------------------------------------------------------------------------ */

static void test_decode_rejects_bad_json(void **state)
{
	static const struct bad_case cases[] = {
		{ "truncated object", NULL, "{\"v\":1,", "malformed" },
		{ "not JSON", NULL, "v=1 id=x", "malformed" },
		{ "blanks only", NULL, "   ", "malformed" },
		{ "trailing garbage", "true}", "true}x", "trailing" },
		{ "second object", "true}", "true}{}", "trailing" },
		{ "trailing comma", "true}", "true},", "trailing" },
		{ "NUL escape in a value", "\"cb0123\"", "\"cb\\u0000x\"", "u0000" },
		{ "NUL escape in a key", "\"officer\"", "\"officer\\u0000junk\"", "u0000" },
		{ "array", NULL, "[1,2]", "object" },
		{ "string", NULL, "\"rating\"", "object" },
		{ "number", NULL, "5", "object" },
		{ "null", NULL, "null", "object" },
	};
	char body[HL_BODY_MAX];

	(void)state;
	run_bad_cases(cases, sizeof cases / sizeof cases[0]);
	snprintf(body, sizeof body, "[%s]", EXAMPLE);
	expect_invalid("rating wrapped in an array", TOPIC, body, strlen(body), "object");
	/* cJSON would skip a control byte as if it were a blank; the wire format does not. */
	snprintf(body, sizeof body, "\x01%s", EXAMPLE);
	expect_invalid("control byte before the object", TOPIC, body, strlen(body), "malformed");
	snprintf(body, sizeof body, " \r\n\t%s \n", EXAMPLE);
	struct rating r;
	char why[128];
	assert_int_equal(wire_rating_decode(TOPIC, body, strlen(body), &r, why, sizeof why), HL_OK);
}

static void test_decode_rejects_wrong_types(void **state)
{
	static const struct bad_case cases[] = {
		{ "v as string", "\"v\":1", "\"v\":\"1\"", "v must be" },
		{ "id as number", "\"" EXAMPLE_ID "\"", "12345", "id" },
		{ "site as number", "\"sct-bentre\"", "7", "site" },
		{ "officer as null", "\"cb0123\"", "null", "officer" },
		{ "scale as string", "\"scale\":5", "\"scale\":\"5\"", "scale" },
		{ "scale 2", "\"scale\":5", "\"scale\":2", "scale" },
		{ "scale 6", "\"scale\":5", "\"scale\":6", "scale" },
		{ "scale 4.5", "\"scale\":5", "\"scale\":4.5", "scale" },
		{ "answers as array", "{\"officer\":5,\"procedure\":4}", "[5,4]", "answers" },
		{ "level as string", "\"officer\":5,\"procedure\"", "\"officer\":\"5\",\"procedure\"",
		  "answers.officer" },
		{ "level 4.5", "\"procedure\":4}", "\"procedure\":4.5}", "answers.procedure" },
		{ "reasons as string", "[\"TRE_HEN\"]", "\"TRE_HEN\"", "reasons" },
		{ "ts 1.5", "1763700000", "1.5", "ts" },
		{ "ts as string", "1763700000", "\"1763700000\"", "ts" },
		{ "ts negative", "1763700000", "-1", "ts" },
		{ "ts beyond 2^40", "1763700000", "1099511627777", "ts" },
		{ "ts huge", "1763700000", "1e400", "ts" },
		{ "clock_ok \"yes\"", "\"clock_ok\":true", "\"clock_ok\":\"yes\"", "clock_ok" },
		{ "clock_ok 1", "\"clock_ok\":true", "\"clock_ok\":1", "clock_ok" },
	};

	(void)state;
	run_bad_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_decode_rejects_bad_levels(void **state)
{
	static const struct bad_case cases[] = {
		{ "level 0", "\"officer\":5,\"procedure\"", "\"officer\":0,\"procedure\"", "level 0" },
		{ "level 6", "\"procedure\":4}", "\"procedure\":6}", "level 6" },
		{ "level -1", "\"procedure\":4}", "\"procedure\":-1}", "level -1" },
		{ "level 5 on scale 3", "\"scale\":5,\n \"answers\":{\"officer\":5,\"procedure\":4}",
		  "\"scale\":3,\n \"answers\":{\"officer\":5}", "1..scale" },
		{ "level 4 on scale 3", "\"scale\":5,\n \"answers\":{\"officer\":5,\"procedure\":4}",
		  "\"scale\":3,\n \"answers\":{\"officer\":1,\"procedure\":4}", "1..scale" },
		{ "level 5 on scale 4", "\"scale\":5,\n \"answers\":{\"officer\":5,\"procedure\":4}",
		  "\"scale\":4,\n \"answers\":{\"procedure\":5}", "1..scale" },
		{ "no question answered", "{\"officer\":5,\"procedure\":4}", "{}", "no question" },
	};

	(void)state;
	run_bad_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_decode_rejects_unknown_and_duplicates(void **state)
{
	static const struct bad_case cases[] = {
		{ "unknown field", "\"v\":1,", "\"v\":1,\"phone\":\"0900000000\",", "unknown field" },
		{ "field differing in case", "\"v\":1,", "\"V\":1,", "unknown field" },
		{ "unknown question", "\"procedure\":4}", "\"waiting\":4}", "unknown question" },
		{ "duplicate field", "\"site\":\"sct-bentre\",",
		  "\"site\":\"sct-bentre\",\"site\":\"sct-bentre\",", "duplicate field" },
		{ "duplicate version", "\"v\":1,", "\"v\":1,\"v\":1,", "duplicate field" },
		{ "duplicate question", "\"procedure\":4}", "\"officer\":4}", "duplicate question" },
		{ "unknown reason code", "[\"TRE_HEN\"]", "[\"LATE\"]", "unknown reason" },
		{ "reason in lowercase", "[\"TRE_HEN\"]", "[\"tre_hen\"]", "unknown reason" },
		{ "reason as number", "[\"TRE_HEN\"]", "[5]", "unknown reason" },
		{ "duplicate reason", "[\"TRE_HEN\"]", "[\"TRE_HEN\",\"CHO_LAU\",\"TRE_HEN\"]", "duplicate" },
		{ "version 2", "\"v\":1", "\"v\":2", "version" },
		{ "version 0", "\"v\":1", "\"v\":0", "version" },
	};

	(void)state;
	run_bad_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_decode_rejects_bad_codes(void **state)
{
	static const struct bad_case cases[] = {
		{ "UUID too short", EXAMPLE_ID, "0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c1", "UUID" },
		{ "UUID too long", EXAMPLE_ID, "0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c111", "UUID" },
		{ "UUID not hex", EXAMPLE_ID, "0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c1g", "UUID" },
		{ "UUID dash moved", EXAMPLE_ID, "0d9f8e0c4-a7b-4c55-9a57-3f6f3bde0c11", "UUID" },
		{ "UUID without dashes", EXAMPLE_ID, "0d9f8e0c4a7b4c559a573f6f3bde0c11", "UUID" },
		{ "empty id", "\"" EXAMPLE_ID "\"", "\"\"", "UUID" },
		{ "site with uppercase", "\"sct-bentre\"", "\"SCT-bentre\"", "site" },
		{ "empty site", "\"sct-bentre\"", "\"\"", "site" },
		{ "33-char site", "\"sct-bentre\"", "\"" CODE33 "\"", "site" },
		{ "counter with underscore", "\"q05\"", "\"q_05\"", "counter" },
		{ "counter with slash", "\"q05\"", "\"q/05\"", "counter" },
		{ "officer with a space", "\"cb0123\"", "\"cb 0123\"", "officer" },
		{ "33-char officer", "\"cb0123\"", "\"" CODE33 "\"", "officer" },
		{ "officer not ASCII", "\"cb0123\"", "\"c\xc3\xa1n b\xe1\xbb\x99\"", "officer" },
		{ "officer with markup", "\"cb0123\"", "\"<b>cb</b>\"", "officer" },
		{ "procedure with slash", "\"1.001234\"", "\"1/001234\"", "procedure" },
	};

	(void)state;
	run_bad_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_decode_rejects_missing_fields(void **state)
{
	static const struct bad_case cases[] = {
		{ "no v", "\"v\":1,", "", "missing field \"v\"" },
		{ "no id", "\"id\":\"" EXAMPLE_ID "\",", "", "missing field \"id\"" },
		{ "no site", "\"site\":\"sct-bentre\",", "", "missing field \"site\"" },
		{ "no counter", "\"counter\":\"q05\",", "", "missing field \"counter\"" },
		{ "no scale", "\"scale\":5,", "", "missing field \"scale\"" },
		{ "no answers", "\"answers\":{\"officer\":5,\"procedure\":4},", "",
		  "missing field \"answers\"" },
		{ "no ts", "\"ts\":1763700000,", "", "missing field \"ts\"" },
		{ "empty object", NULL, "{}", "missing field" },
	};

	(void)state;
	run_bad_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_decode_rejects_bad_sizes(void **state)
{
	char body[HL_BODY_MAX + 2];
	size_t n = strlen(EXAMPLE);
	struct rating r;
	char why[256];

	(void)state;
	expect_invalid("empty payload", TOPIC, EXAMPLE, 0, "empty");

	/* The example with blanks after its '{', to exactly the limit: still accepted. */
	body[0] = '{';
	memset(body + 1, ' ', HL_BODY_MAX - n);
	memcpy(body + 1 + HL_BODY_MAX - n, EXAMPLE + 1, n - 1);
	assert_int_equal(wire_rating_decode(TOPIC, body, HL_BODY_MAX, &r, why, sizeof why), HL_OK);
	assert_string_equal(r.id, EXAMPLE_ID);

	/* One byte more is refused before it is parsed. */
	memset(body + 1, ' ', HL_BODY_MAX + 1 - n);
	memcpy(body + 1 + HL_BODY_MAX + 1 - n, EXAMPLE + 1, n - 1);
	expect_invalid("4097 bytes", TOPIC, body, HL_BODY_MAX + 1, "too large");
}

static void test_decode_rejects_bad_topic(void **state)
{
	static const struct {
		const char *topic, *word;
	} cases[] = {
		{ "hailong/v1/sct-vinhlong/q05/rating", "does not match" },
		{ "hailong/v1/sct-bentre/q06/rating", "does not match" },
		{ "hailong/v1/sct-bentre/q05/receipt", "topic" },
		{ "hailong/v1/sct-bentre/q05/status", "topic" },
		{ "hailong/v1/sct-bentre/q05/rating/x", "topic" },
		{ "hailong/v1/sct-bentre/rating", "topic" },
		{ "hailong/v2/sct-bentre/q05/rating", "topic" },
		{ "hailong/v1/SCT-bentre/q05/rating", "topic" },
		{ "", "topic" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		expect_invalid(cases[i].topic, cases[i].topic, EXAMPLE, strlen(EXAMPLE), cases[i].word);
}

static void test_decode_reads_only_len_bytes(void **state)
{
	size_t n = strlen(EXAMPLE);
	char buf[1024], why[256];
	struct rating r;
	char *exact;

	(void)state;
	/* Bytes after len, with no NUL anywhere, are not part of the message. */
	memcpy(buf, EXAMPLE, n);
	memset(buf + n, '}', sizeof buf - n);
	assert_int_equal(wire_rating_decode(TOPIC, buf, n, &r, why, sizeof why), HL_OK);
	assert_string_equal(r.id, EXAMPLE_ID);
	assert_true(r.clock_ok);

	/* len one short of the closing brace: the brace that follows in memory does not count. */
	expect_invalid("closing brace past len", TOPIC, buf, n - 1, "malformed");

	/* A NUL inside len is data, not the end of the message. */
	buf[n] = '\0';
	expect_invalid("NUL after the object", TOPIC, buf, n + 1, "trailing");

	/* Exactly sized heap copies, so the sanitizer build catches any read past len: the whole
	 * message decodes and every proper prefix of it is refused. */
	exact = malloc(n);
	assert_non_null(exact);
	memcpy(exact, EXAMPLE, n);
	assert_int_equal(wire_rating_decode(TOPIC, exact, n, &r, why, sizeof why), HL_OK);
	free(exact);
	for (size_t len = 1; len < n; len++) {
		char label[32];
		exact = malloc(len);
		assert_non_null(exact);
		memcpy(exact, EXAMPLE, len);
		snprintf(label, sizeof label, "prefix of %zu bytes", len);
		expect_invalid(label, TOPIC, exact, len, "malformed");
		free(exact);
	}
}

static void test_failed_decode_zeroes_output(void **state)
{
	static const char *const topics[] = {
		"hailong/v1/sct-bentre/q05/status",   /* refused before the body is read */
		"hailong/v1/sct-bentre/q99/rating",   /* refused after every field was decoded */
	};
	char body[HL_BODY_MAX], why[256];
	struct rating r;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		memset(&r, 0x5A, sizeof r);
		assert_int_equal(wire_rating_decode(topics[i], EXAMPLE, strlen(EXAMPLE), &r, why, sizeof why),
				 HL_ERR_INVALID);
		assert_true(all_zero(&r, sizeof r));
	}
	/* Refused half-way, after id, site and counter were copied in. */
	make_body(body, sizeof body, "[\"TRE_HEN\"]", "[\"TRE_HEN\",\"NOPE\"]");
	memset(&r, 0x5A, sizeof r);
	assert_int_equal(wire_rating_decode(TOPIC, body, strlen(body), &r, why, sizeof why), HL_ERR_INVALID);
	assert_true(all_zero(&r, sizeof r));
}

static void test_decode_why_fits_its_buffer(void **state)
{
	char body[HL_BODY_MAX], why[9];
	struct rating r;

	(void)state;
	make_body(body, sizeof body, "\"v\":1,", "\"v\":1,\"" CODE33 CODE33 "\":0,");
	memset(why, 'x', sizeof why);
	assert_int_equal(wire_rating_decode(TOPIC, body, strlen(body), &r, why, sizeof why), HL_ERR_INVALID);
	assert_int_equal(strlen(why), sizeof why - 1);
	assert_string_equal(why, "unknown ");
	/* No room for a reason at all is allowed too. */
	assert_int_equal(wire_rating_decode(TOPIC, body, strlen(body), &r, NULL, 0), HL_ERR_INVALID);
	assert_int_equal(wire_rating_decode(TOPIC, EXAMPLE, strlen(EXAMPLE), &r, NULL, 0), HL_OK);
}

/* ---- receipts ---------------------------------------------------------------------------------- */

static void receipt_round_trip(size_t n)
{
	static char ids[WIRE_RECEIPT_MAX_IDS][HL_ID_LEN + 1], back[WIRE_RECEIPT_MAX_IDS][HL_ID_LEN + 1];
	static char buf[64 * 1024];
	size_t len = 0, got = 0;

	for (size_t i = 0; i < n; i++)
		assert_int_equal(uuid_new(ids[i]), HL_OK);
	assert_int_equal(wire_receipt_encode((const char(*)[HL_ID_LEN + 1])ids, n, buf, sizeof buf, &len),
			 HL_OK);
	assert_int_equal(len, strlen(buf));
	assert_int_equal(wire_receipt_decode(buf, len, back, WIRE_RECEIPT_MAX_IDS, &got), HL_OK);
	assert_int_equal(got, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(back[i], ids[i]);
}

static void test_receipt_round_trip(void **state)
{
	(void)state;
	receipt_round_trip(1);
	receipt_round_trip(2);
	receipt_round_trip(WIRE_RECEIPT_MAX_IDS);
}

static void test_receipt_encode_counts(void **state)
{
	static char ids[WIRE_RECEIPT_MAX_IDS + 1][HL_ID_LEN + 1];
	char buf[64 * 1024];
	size_t len;

	(void)state;
	for (size_t i = 0; i <= WIRE_RECEIPT_MAX_IDS; i++)
		assert_int_equal(uuid_new(ids[i]), HL_OK);
	len = 99;
	assert_int_equal(wire_receipt_encode((const char(*)[HL_ID_LEN + 1])ids, 0, buf, sizeof buf, &len),
			 HL_ERR_RANGE);
	assert_int_equal(len, 0);
	len = 99;
	assert_int_equal(wire_receipt_encode((const char(*)[HL_ID_LEN + 1])ids, WIRE_RECEIPT_MAX_IDS + 1,
					     buf, sizeof buf, &len),
			 HL_ERR_RANGE);
	assert_int_equal(len, 0);
	/* A buffer too small for the ids is a range error too. */
	assert_int_equal(wire_receipt_encode((const char(*)[HL_ID_LEN + 1])ids, 4, buf, 64, &len),
			 HL_ERR_RANGE);
}

static void test_receipt_decode_rejects(void **state)
{
	static const char *const bad[] = {
		"{\"ids\":[\"not-a-uuid\"]}",
		"{\"ids\":[\"" EXAMPLE_ID "\",\"0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c1\"]}",
		"{\"ids\":[\"" EXAMPLE_ID "\",1]}",
		"{\"ids\":[null]}",
		"{\"ids\":[[\"" EXAMPLE_ID "\"]]}",
		"{\"ids\":[\"" EXAMPLE_ID "\"],\"site\":\"sct-bentre\"}",
		"{\"ids\":[\"" EXAMPLE_ID "\"],\"ids\":[\"" EXAMPLE_ID "\"]}",
		"{\"id\":[\"" EXAMPLE_ID "\"]}",
		"{\"ids\":\"" EXAMPLE_ID "\"}",
		"[\"" EXAMPLE_ID "\"]",
		"{}",
		"{\"ids\":[\"" EXAMPLE_ID "\"]",
		"{\"ids\":[\"" EXAMPLE_ID "\"]}x",
		"{\"ids\":[\"" EXAMPLE_ID "\"]}{}",
		"",
	};
	char ids[4][HL_ID_LEN + 1];
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (wire_receipt_decode(bad[i], strlen(bad[i]), ids, 4, &n) != HL_ERR_INVALID)
			fail_msg("receipt accepted: %s", bad[i]);
}

static void test_receipt_decode_respects_max(void **state)
{
	static const char body[] = "{\"ids\":[\"" EXAMPLE_ID "\",\"11111111-2222-4333-8444-555555555555\","
				   "\"66666666-7777-4888-9999-aaaaaaaaaaaa\"]}";
	char ids[2][HL_ID_LEN + 1];
	size_t n;

	(void)state;
	strcpy(ids[1], "sentinel");
	assert_int_equal(wire_receipt_decode(body, strlen(body), ids, 1, &n), HL_OK);
	assert_true(n <= 1);
	assert_string_equal(ids[0], EXAMPLE_ID);
	assert_string_equal(ids[1], "sentinel");
}

/* The reason names the sender's key, escaped: a key with a newline or an escape sequence cannot make
 * the one-line reason (logged, stored, listed) two lines or move a terminal's cursor. */
static void test_reason_escapes_the_key_it_names(void **state)
{
	static const char *const bodies[] = { "{\"a\\nFAKE LOG LINE\":1}", "{\"\x7f\":5}",
					      "{\"answers\":{\"\\u001b[2J\":1}}" };
	struct rating r;
	char why[160];

	(void)state;
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		assert_int_equal(wire_rating_decode("hailong/v1/sct-bentre/q05/rating", bodies[i], strlen(bodies[i]), &r,
						    why, sizeof why), HL_ERR_INVALID);
		for (const char *p = why; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				fail_msg("raw control byte 0x%02x in \"%s\"", (unsigned char)*p, why);
	}
	assert_int_equal(wire_rating_decode("hailong/v1/sct-bentre/q05/rating", bodies[0], strlen(bodies[0]), &r, why,
					    sizeof why), HL_ERR_INVALID);
	assert_string_equal(why, "unknown field \"a\\nFAKE LOG LINE\"");
}

/* The largest receipt the aggregator sends decodes; one byte more (blanks are still valid JSON) is
 * refused before cJSON builds anything: a 16 MiB receipt must not cost a terminal 700 MB. */
static void test_receipt_decode_bounded_by_bytes(void **state)
{
	static char ids[WIRE_RECEIPT_MAX_IDS][HL_ID_LEN + 1], back[WIRE_RECEIPT_MAX_IDS][HL_ID_LEN + 1];
	static char buf[WIRE_RECEIPT_BODY_MAX + 64];
	size_t len, n;

	(void)state;
	for (size_t i = 0; i < WIRE_RECEIPT_MAX_IDS; i++)
		uuid_new(ids[i]);
	assert_int_equal(wire_receipt_encode((const char(*)[HL_ID_LEN + 1])ids, WIRE_RECEIPT_MAX_IDS, buf,
					     sizeof buf, &len), HL_OK);
	assert_true(len <= WIRE_RECEIPT_BODY_MAX);
	assert_int_equal(wire_receipt_decode(buf, len, back, WIRE_RECEIPT_MAX_IDS, &n), HL_OK);
	assert_int_equal(n, WIRE_RECEIPT_MAX_IDS);
	memset(buf + len, ' ', WIRE_RECEIPT_BODY_MAX + 1 - len);
	assert_int_equal(wire_receipt_decode(buf, WIRE_RECEIPT_BODY_MAX + 1, back, WIRE_RECEIPT_MAX_IDS, &n),
			 HL_ERR_INVALID);
	assert_int_equal(n, 0);
}

/* ---- UUIDs ------------------------------------------------------------------------------------- */

static int cmp_uuid(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_uuid_new(void **state)
{
	enum { N = 1000 };
	static char ids[N][37];

	(void)state;
	for (size_t i = 0; i < N; i++) {
		memset(ids[i], 'x', sizeof ids[i]);
		assert_int_equal(uuid_new(ids[i]), HL_OK);
		assert_int_equal(strlen(ids[i]), 36);
		assert_true(uuid_valid(ids[i]));
		assert_int_equal(ids[i][14], '4');
		assert_non_null(strchr("89ab", ids[i][19]));
		for (size_t k = 0; k < 36; k++)
			assert_non_null(strchr("0123456789abcdef-", ids[i][k]));
	}
	qsort(ids, N, sizeof ids[0], cmp_uuid);
	for (size_t i = 1; i < N; i++)
		assert_string_not_equal(ids[i - 1], ids[i]);
}

static void test_uuid_bytes(void **state)
{
	static const uint8_t want[16] = { 0x0d, 0x9f, 0x8e, 0x0c, 0x4a, 0x7b, 0x4c, 0x55,
					  0x9a, 0x57, 0x3f, 0x6f, 0x3b, 0xde, 0x0c, 0x11 };
	uint8_t b[16], b2[16];
	char text[37], fresh[37];

	(void)state;
	assert_int_equal(uuid_to_bytes(EXAMPLE_ID, b), HL_OK);
	assert_memory_equal(b, want, 16);
	uuid_from_bytes(b, text);
	assert_string_equal(text, EXAMPLE_ID);

	/* Uppercase text gives the same bytes and comes back lowercase. */
	assert_int_equal(uuid_to_bytes("0D9F8E0C-4A7B-4C55-9A57-3F6F3BDE0C11", b), HL_OK);
	assert_memory_equal(b, want, 16);

	for (int i = 0; i < 100; i++) {
		assert_int_equal(uuid_new(fresh), HL_OK);
		assert_int_equal(uuid_to_bytes(fresh, b), HL_OK);
		uuid_from_bytes(b, text);
		assert_string_equal(text, fresh);
		assert_int_equal(uuid_to_bytes(text, b2), HL_OK);
		assert_memory_equal(b, b2, 16);
	}

	for (int i = 0; i < 16; i++)
		b[i] = (uint8_t)(0xf0 + i);
	uuid_from_bytes(b, text);
	assert_string_equal(text, "f0f1f2f3-f4f5-f6f7-f8f9-fafbfcfdfeff");

	assert_int_equal(uuid_to_bytes("0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c1", b), HL_ERR_INVALID);
	assert_int_equal(uuid_to_bytes("0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c1z", b), HL_ERR_INVALID);
}

static void test_uuid_valid(void **state)
{
	static const char *const bad[] = {
		"",
		"0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c1",   /* 35 */
		"0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c111", /* 37 */
		"0d9f8e0c4a7b4c559a573f6f3bde0c11",      /* no dashes */
		"0d9f8e0c4-a7b-4c55-9a57-3f6f3bde0c11",  /* first dash moved */
		"0d9f8e0c-4a7b4-c55-9a57-3f6f3bde0c11",  /* second dash moved */
		"0d9f8e0c-4a7b-4c559-a57-3f6f3bde0c11",  /* third dash moved */
		"0d9f8e0c-4a7b-4c55-9a573-f6f3bde0c11",  /* fourth dash moved */
		"0d9f8e0c-4a7b-4c55-9a57-3f6f3bde-c11",  /* a dash too many */
		"0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c1g",  /* not hex */
		"0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c1 ",
		" 0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c1",
		"{0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c}",
		"0d9f8e0c_4a7b_4c55_9a57_3f6f3bde0c11",
	};

	(void)state;
	assert_true(uuid_valid(EXAMPLE_ID));
	assert_true(uuid_valid("0D9F8E0C-4A7B-4C55-9A57-3F6F3BDE0C11"));
	assert_true(uuid_valid("00000000-0000-0000-0000-000000000000"));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (uuid_valid(bad[i]))
			fail_msg("uuid_valid accepted \"%s\"", bad[i]);
}

/* ---- topics and broker URLs -------------------------------------------------------------------- */

static void test_topic_round_trip(void **state)
{
	static const char *const kinds[] = { "rating", "receipt", "session", "status" };
	char buf[HL_TOPIC_MAX], site[33], counter[33], kind[16];

	(void)state;
	assert_int_equal(topic_counter(buf, sizeof buf, "sct-bentre", "q05", "rating"), HL_OK);
	assert_string_equal(buf, TOPIC);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(topic_counter(buf, sizeof buf, "sct-bentre", "q05", kinds[i]), HL_OK);
		assert_int_equal(topic_parse_counter(buf, site, counter, kind), HL_OK);
		assert_string_equal(site, "sct-bentre");
		assert_string_equal(counter, "q05");
		assert_string_equal(kind, kinds[i]);
	}
	assert_int_equal(topic_counter(buf, sizeof buf, CODE32, "0-9", "rating"), HL_OK);
	assert_int_equal(topic_parse_counter(buf, site, counter, kind), HL_OK);
	assert_string_equal(site, CODE32);
	assert_string_equal(counter, "0-9");

	/* The buffer must hold the topic and its NUL. */
	assert_int_equal(topic_counter(buf, strlen(TOPIC), "sct-bentre", "q05", "rating"), HL_ERR_RANGE);
	assert_int_equal(topic_counter(buf, strlen(TOPIC) + 1, "sct-bentre", "q05", "rating"), HL_OK);

	assert_int_equal(topic_counter(buf, sizeof buf, "SCT", "q05", "rating"), HL_ERR_INVALID);
	assert_int_equal(topic_counter(buf, sizeof buf, "sct", "", "rating"), HL_ERR_INVALID);
	assert_int_equal(topic_counter(buf, sizeof buf, "sct", "q/05", "rating"), HL_ERR_INVALID);
	assert_int_equal(topic_counter(buf, sizeof buf, CODE33, "q05", "rating"), HL_ERR_INVALID);
	assert_int_equal(topic_counter(buf, sizeof buf, "sct", "+", "rating"), HL_ERR_INVALID);
}

static void test_topic_parse_rejects(void **state)
{
	static const char *const bad[] = {
		"hailong/v1/sct-bentre/rating",         /* too few segments */
		"hailong/v1/sct-bentre",
		"hailong/v1/",
		"hailong/v1/sct-bentre/q05/rating/x",   /* too many */
		"hailong/v1/sct-bentre/q05/rating/",
		"hailong/v1//q05/rating",               /* empty segments */
		"hailong/v1/sct-bentre//rating",
		"hailong/v1/sct-bentre/q05/",
		"hailong/v2/sct-bentre/q05/rating",     /* wrong prefix */
		"hailong/sct-bentre/q05/rating",
		"/hailong/v1/sct-bentre/q05/rating",
		"HAILONG/v1/sct-bentre/q05/rating",
		"hailong/v1/" CODE33 "/q05/rating",     /* 33-char ids */
		"hailong/v1/sct-bentre/" CODE33 "/rating",
		"hailong/v1/Sct-bentre/q05/rating",     /* ids outside [a-z0-9-] */
		"hailong/v1/sct-bentre/q+/rating",
		"hailong/v1/sct-bentre/q05/ratingratingrating", /* kind too long for 16 bytes */
		"",
	};
	char site[33], counter[33], kind[16];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (topic_parse_counter(bad[i], site, counter, kind) != HL_ERR_INVALID)
			fail_msg("topic_parse_counter accepted \"%s\"", bad[i]);
	assert_int_equal(topic_parse_counter("hailong/v1/" CODE32 "/" CODE32 "/rating", site, counter, kind),
			 HL_OK);
}

static void test_topic_id_valid(void **state)
{
	(void)state;
	assert_true(topic_id_valid("a"));
	assert_true(topic_id_valid("sct-bentre"));
	assert_true(topic_id_valid(CODE32));
	assert_false(topic_id_valid(""));
	assert_false(topic_id_valid(CODE33));
	assert_false(topic_id_valid("Q05"));
	assert_false(topic_id_valid("q_05"));
	assert_false(topic_id_valid("q 05"));
	assert_false(topic_id_valid("q.05"));
	assert_false(topic_id_valid("#"));
}

static void test_wire_code_valid(void **state)
{
	(void)state;
	assert_true(wire_code_valid(""));
	assert_true(wire_code_valid("cb0123"));
	assert_true(wire_code_valid("1.001234"));
	assert_true(wire_code_valid("A-z_0.9"));
	assert_true(wire_code_valid(CODE32));
	assert_false(wire_code_valid(CODE33));
	assert_false(wire_code_valid("cb 0123"));
	assert_false(wire_code_valid("cb/0123"));
	assert_false(wire_code_valid("c\xc3\xa1n"));
	assert_false(wire_code_valid("<b>"));
}

static void test_url_parse(void **state)
{
	static const char *const bad[] = {
		"http://127.0.0.1:1883", "mqtt+ssl://127.0.0.1:8883", "127.0.0.1:1883", "mqtt:/127.0.0.1",
		"mqtts://", "mqtts://:8883", "mqtts://h:0", "MQTTS://h", "mqtts://user@h:8883", "mqtt://u:p@h",
		"mqtt://", "mqtt://:1883", "mqtt://127.0.0.1:", "mqtt://127.0.0.1:0",
		"mqtt://127.0.0.1:70000", "mqtt://127.0.0.1:65536", "mqtt://127.0.0.1:-1",
		"mqtt://127.0.0.1:1883x", "mqtt://127.0.0.1:1883 ", "mqtt://127.0.0.1:1883/",
		"mqtt://127.0.0.1/x", "mqtt://127.0.0.1:0x10", "", "mqtt://h: 1883", "mqtt://h:+1883",
	};
	struct broker_url u;

	(void)state;
	assert_int_equal(url_parse("mqtt://127.0.0.1:1883", &u), HL_OK);
	assert_string_equal(u.host, "127.0.0.1");
	assert_int_equal(u.port, 1883);
	assert_int_equal(url_parse("mqtt://broker.sct-bentre.local", &u), HL_OK);
	assert_string_equal(u.host, "broker.sct-bentre.local");
	assert_int_equal(u.port, 1883);
	assert_int_equal(url_parse("mqtt://localhost:1", &u), HL_OK);
	assert_int_equal(u.port, 1);
	assert_int_equal(url_parse("mqtt://localhost:65535", &u), HL_OK);
	assert_int_equal(u.port, 65535);
	assert_false(u.tls);
	/* TLS: its own default port, and the flag the link turns into certificate checks. */
	assert_int_equal(url_parse("mqtts://broker.sct-bentre.local", &u), HL_OK);
	assert_string_equal(u.host, "broker.sct-bentre.local");
	assert_int_equal(u.port, 8883);
	assert_true(u.tls);
	assert_int_equal(url_parse("mqtts://127.0.0.1:18883", &u), HL_OK);
	assert_int_equal(u.port, 18883);
	assert_true(u.tls);
	assert_true(url_is_loopback("127.0.0.1"));
	assert_true(url_is_loopback("127.3.2.1"));
	assert_true(url_is_loopback("localhost"));
	assert_true(url_is_loopback("::1"));
	assert_false(url_is_loopback("192.0.2.10"));
	assert_false(url_is_loopback("localhost.example"));
	assert_false(url_is_loopback("1270.0.0.1"));
	assert_false(url_is_loopback("127.evil.example"));

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&u, 0x33, sizeof u);
		if (url_parse(bad[i], &u) != HL_ERR_INVALID)
			fail_msg("url_parse accepted \"%s\"", bad[i]);
		/* Nothing is written to out on failure. */
		assert_int_equal(u.port, 0x33333333);
		assert_int_equal((unsigned char)u.host[0], 0x33);
	}
}

/* ---- the scales and the reasons ---------------------------------------------------------------- */

static void test_survey_levels(void **state)
{
	/* For each scale, levels 1..scale: 'S' satisfied, 'D' dissatisfied, '-' neither. */
	static const struct {
		int scale;
		const char *kinds;
	} scales[] = {
		{ 3, "DSS" },
		{ 4, "DDSS" },
		{ 5, "DD-SS" },
	};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		int s = scales[i].scale;
		assert_true(survey_scale_valid(s));
		for (int level = 1; level <= s; level++) {
			char k = scales[i].kinds[level - 1];
			if (survey_level_satisfied(s, level) != (k == 'S') ||
			    survey_level_dissatisfied(s, level) != (k == 'D'))
				fail_msg("scale %d level %d: want %c", s, level, k);
		}
		for (int level = -1; level <= s + 2; level++) {
			if (level >= 1 && level <= s)
				continue;
			assert_false(survey_level_satisfied(s, level));
			assert_false(survey_level_dissatisfied(s, level));
		}
	}
	for (int level = 0; level <= 6; level++) {
		assert_false(survey_level_satisfied(2, level));
		assert_false(survey_level_dissatisfied(2, level));
		assert_false(survey_level_satisfied(6, level));
		assert_false(survey_level_dissatisfied(6, level));
	}
	assert_false(survey_scale_valid(2));
	assert_false(survey_scale_valid(6));
}

static void test_survey_codes(void **state)
{
	(void)state;
	for (int i = 0; i < SURVEY_R_COUNT; i++) {
		assert_non_null(survey_reason_code(i));
		assert_int_equal(survey_reason_from_code(survey_reason_code(i)), i);
		assert_int_equal(survey_reason_serious(i), i <= SURVEY_R_GIAY_TO_NGOAI_QD);
	}
	assert_string_equal(survey_reason_code(SURVEY_R_TRE_HEN), "TRE_HEN");
	assert_string_equal(survey_reason_code(SURVEY_R_CO_SO_VAT_CHAT), "CO_SO_VAT_CHAT");
	assert_null(survey_reason_code(SURVEY_R_COUNT));
	assert_null(survey_reason_code(-1));
	assert_int_equal(survey_reason_from_code("tre_hen"), -1);
	assert_int_equal(survey_reason_from_code(""), -1);

	assert_string_equal(survey_question_key(SURVEY_Q_OFFICER), "officer");
	assert_string_equal(survey_question_key(SURVEY_Q_PROCEDURE), "procedure");
	assert_string_equal(survey_question_key(SURVEY_Q_RESULT), "result");
	assert_int_equal(survey_question_from_key("result"), SURVEY_Q_RESULT);
	assert_null(survey_question_key(SURVEY_Q_COUNT));
	assert_int_equal(survey_question_from_key("procedure"), SURVEY_Q_PROCEDURE);
	assert_int_equal(survey_question_from_key("Officer"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_design_example),
		cmocka_unit_test(test_decode_optional_fields_absent),
		cmocka_unit_test(test_decode_accepts_edges),
		cmocka_unit_test(test_result_question),
		cmocka_unit_test(test_encode_design_example),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_encode_refuses_bad_rating),
		cmocka_unit_test(test_decode_rejects_bad_json),
		cmocka_unit_test(test_decode_rejects_wrong_types),
		cmocka_unit_test(test_decode_rejects_bad_levels),
		cmocka_unit_test(test_decode_rejects_unknown_and_duplicates),
		cmocka_unit_test(test_decode_rejects_bad_codes),
		cmocka_unit_test(test_decode_rejects_missing_fields),
		cmocka_unit_test(test_decode_rejects_bad_sizes),
		cmocka_unit_test(test_decode_rejects_bad_topic),
		cmocka_unit_test(test_decode_reads_only_len_bytes),
		cmocka_unit_test(test_failed_decode_zeroes_output),
		cmocka_unit_test(test_decode_why_fits_its_buffer),
		cmocka_unit_test(test_receipt_round_trip),
		cmocka_unit_test(test_receipt_encode_counts),
		cmocka_unit_test(test_receipt_decode_rejects),
		cmocka_unit_test(test_receipt_decode_respects_max),
		cmocka_unit_test(test_receipt_decode_bounded_by_bytes),
		cmocka_unit_test(test_reason_escapes_the_key_it_names),
		cmocka_unit_test(test_uuid_new),
		cmocka_unit_test(test_uuid_bytes),
		cmocka_unit_test(test_uuid_valid),
		cmocka_unit_test(test_topic_round_trip),
		cmocka_unit_test(test_topic_parse_rejects),
		cmocka_unit_test(test_topic_id_valid),
		cmocka_unit_test(test_wire_code_valid),
		cmocka_unit_test(test_url_parse),
		cmocka_unit_test(test_survey_levels),
		cmocka_unit_test(test_survey_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
