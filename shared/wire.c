/* SPDX-License-Identifier: MIT
 * wire.c — cJSON does the parsing; this file decides what a valid v1 message is. Every string a
 * rating may carry is checked against an ASCII character set, so nothing that passes here can carry
 * invalid UTF-8 or markup into a report. Duplicate keys are refused: two readers of the same message
 * must never disagree about it. */
#include "wire.h"

#include "escape.h"

#include "topic.h"
#include "uuid.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool wire_code_valid(const char *code)
{
	size_t n = 0;

	for (; code[n]; n++) {
		char c = code[n];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '.' || c == '_' || c == '-';
		if (!ok || n >= HL_CODE_MAX)
			return false;
	}
	return true;
}

int wire_rating_check(const struct rating *r, const char **why)
{
	bool any = false;

	*why = NULL;
	if (!uuid_valid(r->id))
		*why = "id is not a UUID";
	else if (!topic_id_valid(r->site))
		*why = "site must match [a-z0-9-]{1,32}";
	else if (!topic_id_valid(r->counter))
		*why = "counter must match [a-z0-9-]{1,32}";
	else if (!wire_code_valid(r->officer))
		*why = "officer must match [A-Za-z0-9._-]{0,32}";
	else if (!wire_code_valid(r->procedure))
		*why = "procedure must match [A-Za-z0-9._-]{0,32}";
	else if (!survey_scale_valid(r->scale))
		*why = "scale must be 3, 4 or 5";
	else if (r->ts < 0 || r->ts > (INT64_C(1) << 40))
		*why = "ts out of range";
	else if (r->reasons >> SURVEY_R_COUNT)
		*why = "unknown reason";
	if (*why)
		return HL_ERR_INVALID;
	for (int q = 0; q < SURVEY_Q_COUNT; q++) {
		if (r->answers[q] == 0)
			continue;
		if (r->answers[q] < 1 || r->answers[q] > r->scale) {
			*why = "answer level outside 1..scale";
			return HL_ERR_INVALID;
		}
		any = true;
	}
	if (!any) {
		*why = "no question answered";
		return HL_ERR_INVALID;
	}
	return HL_OK;
}

/* ---- decoding ---------------------------------------------------------------------------------- */

enum wire_field {
	F_V, F_ID, F_SITE, F_COUNTER, F_OFFICER, F_PROCEDURE, F_SCALE, F_ANSWERS, F_REASONS, F_TS,
	F_CLOCK_OK, F_COUNT
};

static const char *const wire_fields[F_COUNT] = {
	"v", "id", "site", "counter", "officer", "procedure", "scale", "answers", "reasons", "ts",
	"clock_ok",
};

enum { WIRE_SHOWN_MAX = 4 * 40 + 8 }; /* 40 bytes, each at most a 4-byte escape */

static int wire_fail(char *why, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int wire_fail(char *why, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (cap) {
		va_start(ap, fmt);
		vsnprintf(why, cap, fmt, ap);
		va_end(ap);
	}
	return HL_ERR_INVALID;
}

/* True when the text holds a \u0000 escape: cJSON turns it into a NUL that ends the C string early,
 * so the key or value checked here would not be the one another reader sees. */
static bool wire_has_nul_escape(const char *p, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (p[i] != '\\')
			continue;
		if (p[i + 1] == 'u' && i + 5 < len && memcmp(p + i + 2, "0000", 4) == 0)
			return true;
		i++; /* skip the escaped character: in "\\u0000" the backslash is escaped */
	}
	return false;
}

static bool wire_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int wire_parse_object(const char *payload, size_t len, cJSON **root, const char **why)
{
	const char *end = NULL;
	size_t i = 0;

	*root = NULL;
	*why = "malformed JSON";
	if (wire_has_nul_escape(payload, len)) {
		*why = "malformed JSON: \\u0000 in a string";
		return HL_ERR_INVALID;
	}
	/* cJSON skips every control byte as blank; only JSON's own four blanks may lead. */
	while (i < len && wire_blank(payload[i]))
		i++;
	if (i < len && (unsigned char)payload[i] < 0x20)
		return HL_ERR_INVALID;
	*root = cJSON_ParseWithLengthOpts(payload, len, &end, 0);
	if (!*root)
		return HL_ERR_INVALID;
	while (end && (size_t)(end - payload) < len && wire_blank(*end))
		end++;
	if (!cJSON_IsObject(*root) || !end || (size_t)(end - payload) != len) {
		*why = !cJSON_IsObject(*root) ? "not a JSON object" : "malformed JSON: trailing data";
		cJSON_Delete(*root);
		*root = NULL;
		return HL_ERR_INVALID;
	}
	return HL_OK;
}

/* True when item is a JSON number holding an integer in [lo, hi]. */
static bool wire_int(const cJSON *item, double lo, double hi, int64_t *out)
{
	if (!cJSON_IsNumber(item))
		return false;
	double d = item->valuedouble;
	if (!isfinite(d) || d != floor(d) || d < lo || d > hi)
		return false;
	*out = (int64_t)d;
	return true;
}

static bool wire_str(const cJSON *item, char *out, size_t cap)
{
	if (!cJSON_IsString(item) || strlen(item->valuestring) >= cap)
		return false;
	strcpy(out, item->valuestring);
	return true;
}

/* A key from the message, as a reason may name it: its first 40 bytes, escaped, so the one-line
 * reason stays one line whatever the sender put in the key (it is logged and stored). */
static const char *wire_shown(const char *key, char buf[WIRE_SHOWN_MAX])
{
	escape_text(buf, WIRE_SHOWN_MAX, key, strnlen(key, 40));
	return buf;
}

static int wire_answers(const cJSON *obj, struct rating *r, char *why, size_t cap)
{
	unsigned seen = 0;
	const cJSON *a;
	char shown[WIRE_SHOWN_MAX];

	if (!cJSON_IsObject(obj))
		return wire_fail(why, cap, "answers must be an object");
	cJSON_ArrayForEach(a, obj) {
		int q = survey_question_from_key(a->string);
		int64_t level;
		if (q < 0)
			return wire_fail(why, cap, "answers: unknown question \"%s\"", wire_shown(a->string, shown));
		if (seen & (1u << q))
			return wire_fail(why, cap, "answers: duplicate question \"%s\"", a->string);
		seen |= 1u << q;
		if (!wire_int(a, -1e9, 1e9, &level))
			return wire_fail(why, cap, "answers.%s must be an integer level", a->string);
		if (level < 1 || level > SURVEY_SCALE_MAX)
			return wire_fail(why, cap, "answers.%s: level %lld out of range", a->string,
					 (long long)level);
		r->answers[q] = (int)level;
	}
	return HL_OK;
}

static int wire_reasons(const cJSON *arr, struct rating *r, char *why, size_t cap)
{
	const cJSON *e;

	if (!cJSON_IsArray(arr))
		return wire_fail(why, cap, "reasons must be an array");
	cJSON_ArrayForEach(e, arr) {
		int code = cJSON_IsString(e) ? survey_reason_from_code(e->valuestring) : -1;
		if (code < 0)
			return wire_fail(why, cap, "reasons: unknown reason code");
		if (r->reasons & (1u << code))
			return wire_fail(why, cap, "reasons: duplicate code %s", e->valuestring);
		r->reasons |= 1u << code;
	}
	return HL_OK;
}

static int wire_field(int f, const cJSON *it, struct rating *r, char *why, size_t cap)
{
	int64_t n;

	switch (f) {
	case F_V:
		if (!wire_int(it, -1e15, 1e15, &n))
			return wire_fail(why, cap, "v must be an integer");
		if (n != WIRE_VERSION)
			return wire_fail(why, cap, "unsupported version %lld", (long long)n);
		return HL_OK;
	case F_ID:
		if (!wire_str(it, r->id, sizeof r->id) || !uuid_valid(r->id))
			return wire_fail(why, cap, "id must be a UUID string");
		return HL_OK;
	case F_SITE:
	case F_COUNTER: {
		char *dst = f == F_SITE ? r->site : r->counter;
		if (!wire_str(it, dst, HL_CODE_MAX + 1) || !topic_id_valid(dst))
			return wire_fail(why, cap, "%s must match [a-z0-9-]{1,32}", wire_fields[f]);
		return HL_OK;
	}
	case F_OFFICER:
	case F_PROCEDURE: {
		char *dst = f == F_OFFICER ? r->officer : r->procedure;
		if (!wire_str(it, dst, HL_CODE_MAX + 1) || !wire_code_valid(dst))
			return wire_fail(why, cap, "%s must match [A-Za-z0-9._-]{0,32}", wire_fields[f]);
		return HL_OK;
	}
	case F_SCALE:
		if (!wire_int(it, SURVEY_SCALE_MIN, SURVEY_SCALE_MAX, &n))
			return wire_fail(why, cap, "scale must be 3, 4 or 5");
		r->scale = (int)n;
		return HL_OK;
	case F_ANSWERS:
		return wire_answers(it, r, why, cap);
	case F_REASONS:
		return wire_reasons(it, r, why, cap);
	case F_TS:
		if (!wire_int(it, 0, (double)(INT64_C(1) << 40), &n))
			return wire_fail(why, cap, "ts must be Unix seconds");
		r->ts = n;
		return HL_OK;
	case F_CLOCK_OK:
		if (!cJSON_IsBool(it))
			return wire_fail(why, cap, "clock_ok must be true or false");
		r->clock_ok = cJSON_IsTrue(it);
		return HL_OK;
	}
	return wire_fail(why, cap, "internal: field %d", f);
}

static int wire_object(const cJSON *root, struct rating *r, char *why, size_t cap)
{
	static const unsigned required = 1u << F_V | 1u << F_ID | 1u << F_SITE | 1u << F_COUNTER |
					 1u << F_SCALE | 1u << F_ANSWERS | 1u << F_TS;
	unsigned seen = 0;
	const cJSON *it;
	const char *rule;
	char shown[WIRE_SHOWN_MAX];

	if (!cJSON_IsObject(root))
		return wire_fail(why, cap, "not a JSON object");
	cJSON_ArrayForEach(it, root) {
		int f = 0;
		while (f < F_COUNT && strcmp(it->string, wire_fields[f]) != 0)
			f++;
		if (f == F_COUNT)
			return wire_fail(why, cap, "unknown field \"%s\"", wire_shown(it->string, shown));
		if (seen & (1u << f))
			return wire_fail(why, cap, "duplicate field \"%s\"", it->string);
		seen |= 1u << f;
		int rc = wire_field(f, it, r, why, cap);
		if (rc != HL_OK)
			return rc;
	}
	for (int f = 0; f < F_COUNT; f++)
		if ((required & (1u << f)) && !(seen & (1u << f)))
			return wire_fail(why, cap, "missing field \"%s\"", wire_fields[f]);
	if (wire_rating_check(r, &rule) != HL_OK)
		return wire_fail(why, cap, "%s", rule);
	return HL_OK;
}

int wire_rating_decode(const char *topic, const void *payload, size_t len, struct rating *out,
		       char *why, size_t cap)
{
	char tsite[33], tcounter[33], tkind[16];
	const char *fault;
	cJSON *root;
	int rc;

	memset(out, 0, sizeof *out);
	if (cap)
		why[0] = '\0';
	if (topic_parse_counter(topic, tsite, tcounter, tkind) != HL_OK || strcmp(tkind, "rating") != 0)
		return wire_fail(why, cap, "topic is not hailong/v1/SITE/COUNTER/rating");
	if (len > HL_BODY_MAX)
		return wire_fail(why, cap, "payload too large (%zu bytes; limit %d)", len, HL_BODY_MAX);
	if (len == 0)
		return wire_fail(why, cap, "empty payload");
	if (wire_parse_object(payload, len, &root, &fault) != HL_OK)
		return wire_fail(why, cap, "%s", fault);
	rc = wire_object(root, out, why, cap);
	cJSON_Delete(root);
	if (rc == HL_OK && (strcmp(out->site, tsite) != 0 || strcmp(out->counter, tcounter) != 0))
		rc = wire_fail(why, cap, "topic %s/%s does not match body %s/%s", tsite, tcounter,
			       out->site, out->counter);
	if (rc != HL_OK)
		memset(out, 0, sizeof *out);
	return rc;
}

/* ---- encoding ---------------------------------------------------------------------------------- */

/* Prints root into buf and frees it. */
static int wire_print(cJSON *root, char *buf, size_t cap, size_t *len)
{
	int rc = HL_ERR_NOMEM;

	if (root && cJSON_PrintPreallocated(root, buf, (int)(cap > 1u << 30 ? 1u << 30 : cap), 0)) {
		*len = strlen(buf);
		rc = HL_OK;
	} else if (root) {
		rc = HL_ERR_RANGE;
	}
	cJSON_Delete(root);
	return rc;
}

int wire_rating_encode(const struct rating *r, char *buf, size_t cap, size_t *len)
{
	const char *why;
	cJSON *root, *answers, *reasons;

	*len = 0;
	if (wire_rating_check(r, &why) != HL_OK)
		return HL_ERR_INVALID;
	root = cJSON_CreateObject();
	if (!root)
		return HL_ERR_NOMEM;
	cJSON_AddNumberToObject(root, "v", WIRE_VERSION);
	cJSON_AddStringToObject(root, "id", r->id);
	cJSON_AddStringToObject(root, "site", r->site);
	cJSON_AddStringToObject(root, "counter", r->counter);
	cJSON_AddStringToObject(root, "officer", r->officer);
	cJSON_AddStringToObject(root, "procedure", r->procedure);
	cJSON_AddNumberToObject(root, "scale", r->scale);
	answers = cJSON_AddObjectToObject(root, "answers");
	for (int q = 0; answers && q < SURVEY_Q_COUNT; q++)
		if (r->answers[q])
			cJSON_AddNumberToObject(answers, survey_question_key(q), r->answers[q]);
	reasons = cJSON_AddArrayToObject(root, "reasons");
	for (int i = 0; reasons && i < SURVEY_R_COUNT; i++)
		if (r->reasons & (1u << i))
			cJSON_AddItemToArray(reasons, cJSON_CreateString(survey_reason_code(i)));
	cJSON_AddNumberToObject(root, "ts", (double)r->ts);
	cJSON_AddBoolToObject(root, "clock_ok", r->clock_ok);
	if (!answers || !reasons) {
		cJSON_Delete(root);
		return HL_ERR_NOMEM;
	}
	return wire_print(root, buf, cap, len);
}

int wire_receipt_encode(const char (*ids)[HL_ID_LEN + 1], size_t n, char *buf, size_t cap,
			size_t *len)
{
	cJSON *root, *arr;

	*len = 0;
	if (n == 0 || n > WIRE_RECEIPT_MAX_IDS)
		return HL_ERR_RANGE;
	root = cJSON_CreateObject();
	arr = root ? cJSON_AddArrayToObject(root, "ids") : NULL;
	if (!arr) {
		cJSON_Delete(root);
		return HL_ERR_NOMEM;
	}
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(ids[i]));
	return wire_print(root, buf, cap, len);
}

int wire_receipt_decode(const void *payload, size_t len, char (*ids)[HL_ID_LEN + 1], size_t max,
			size_t *n)
{
	cJSON *root = NULL;
	const cJSON *arr, *e;
	const char *fault;
	int rc = HL_ERR_INVALID;

	*n = 0;
	/* Bounded before parsing: a receipt is retained-free but may be replayed, and cJSON would build a
	 * tree many times the message's size. */
	if (len > WIRE_RECEIPT_BODY_MAX ||
	    wire_parse_object(payload, len, &root, &fault) != HL_OK || cJSON_GetArraySize(root) != 1)
		goto out;
	arr = cJSON_GetObjectItemCaseSensitive(root, "ids");
	if (!cJSON_IsArray(arr))
		goto out;
	cJSON_ArrayForEach(e, arr) {
		if (!cJSON_IsString(e) || !uuid_valid(e->valuestring))
			goto out;
		if (*n < max)
			strcpy(ids[(*n)++], e->valuestring);
	}
	rc = HL_OK;
out:
	if (rc != HL_OK)
		*n = 0;
	cJSON_Delete(root);
	return rc;
}

/* ---- session and status ------------------------------------------------------------------------ */

bool wire_txn_valid(const char *txn)
{
	return txn[0] && strlen(txn) <= WIRE_TXN_MAX &&
	       strspn(txn, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == strlen(txn);
}

/* The fields of a session, one bit each in what was seen. */
enum { S_OFFICER = 1, S_PROCEDURE = 2, S_EXPIRES = 4, S_TXN = 8, S_DUTY = 16 };

/* Reads one field of a session into out; false when the key is unknown, repeated or its value bad. */
static bool wire_session_field(const cJSON *it, unsigned *seen, struct wire_session *out)
{
	static const struct {
		const char *key;
		unsigned bit;
	} keys[] = { { "officer", S_OFFICER }, { "procedure", S_PROCEDURE }, { "expires", S_EXPIRES },
		     { "txn", S_TXN },         { "duty", S_DUTY } };
	unsigned bit = 0;
	int64_t n;

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(it->string, keys[i].key) == 0)
			bit = keys[i].bit;
	if (!bit || (*seen & bit))
		return false;
	*seen |= bit;
	switch (bit) {
	case S_OFFICER: return wire_str(it, out->officer, sizeof out->officer) && wire_code_valid(out->officer);
	case S_PROCEDURE: return wire_str(it, out->procedure, sizeof out->procedure) && wire_code_valid(out->procedure);
	case S_TXN: return wire_str(it, out->txn, sizeof out->txn) && wire_txn_valid(out->txn);
	case S_DUTY: return wire_str(it, out->duty, sizeof out->duty) && wire_code_valid(out->duty);
	default:
		if (!wire_int(it, 0, (double)(INT64_C(1) << 40), &n))
			return false;
		out->expires = n;
		return true;
	}
}

int wire_session_decode(const void *payload, size_t len, struct wire_session *out)
{
	cJSON *root = NULL;
	const cJSON *it;
	const char *fault;
	unsigned seen = 0;
	int rc = HL_ERR_INVALID;

	memset(out, 0, sizeof *out);
	if (len == 0)
		return HL_ERR_NOTFOUND;
	if (len > HL_BODY_MAX || wire_parse_object(payload, len, &root, &fault) != HL_OK)
		return HL_ERR_INVALID;
	cJSON_ArrayForEach(it, root) {
		if (!wire_session_field(it, &seen, out))
			goto out;
	}
	/* A transaction has an id, or (the old form) both its officer and its procedure; without one, only
	 * the officer on duty may be said — an expiry of nothing, or nothing at all, is refused. */
	if (seen & S_TXN)
		rc = HL_OK;
	else if (seen & (S_OFFICER | S_PROCEDURE))
		rc = (seen & (S_OFFICER | S_PROCEDURE)) == (S_OFFICER | S_PROCEDURE) ? HL_OK : HL_ERR_INVALID;
	else
		rc = seen == S_DUTY ? HL_OK : HL_ERR_INVALID;
	out->transaction = (seen & (S_TXN | S_OFFICER | S_PROCEDURE)) != 0;
out:
	cJSON_Delete(root);
	if (rc != HL_OK)
		memset(out, 0, sizeof *out);
	return rc;
}

int wire_session_encode(const struct wire_session *s, char *buf, size_t cap, size_t *len)
{
	bool txn = s->transaction || s->txn[0] || s->officer[0] || s->procedure[0];
	cJSON *root;

	*len = 0;
	/* The decoder's range: never publish a session no terminal would accept. */
	if (!wire_code_valid(s->officer) || !wire_code_valid(s->procedure) || !wire_code_valid(s->duty) ||
	    (s->txn[0] && !wire_txn_valid(s->txn)) || s->expires < 0 || s->expires > (INT64_C(1) << 40) ||
	    (!txn && s->expires))
		return HL_ERR_INVALID;
	root = cJSON_CreateObject();
	if (!root)
		return HL_ERR_NOMEM;
	if (txn) {
		if (s->txn[0])
			cJSON_AddStringToObject(root, "txn", s->txn);
		cJSON_AddStringToObject(root, "officer", s->officer);
		cJSON_AddStringToObject(root, "procedure", s->procedure);
		if (s->expires)
			cJSON_AddNumberToObject(root, "expires", (double)s->expires);
		if (s->duty[0])
			cJSON_AddStringToObject(root, "duty", s->duty);
	} else {
		cJSON_AddStringToObject(root, "duty", s->duty);
	}
	return wire_print(root, buf, cap, len);
}

int wire_status_encode(bool online, int64_t spooled, int64_t ts, const char *fault, char *buf, size_t cap,
		       size_t *len)
{
	cJSON *root = cJSON_CreateObject();

	*len = 0;
	if (!root)
		return HL_ERR_NOMEM;
	cJSON_AddStringToObject(root, "state", online ? "online" : "offline");
	if (online) {
		cJSON_AddNumberToObject(root, "spooled", (double)spooled);
		cJSON_AddNumberToObject(root, "ts", (double)ts);
	}
	if (fault && fault[0])
		cJSON_AddStringToObject(root, "fault", fault);
	cJSON_AddStringToObject(root, "version", HL_VERSION);
	return wire_print(root, buf, cap, len);
}

bool wire_text_valid(const char *text, size_t max_bytes)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t n = 0;

	while (p[n]) {
		unsigned char c = p[n];
		int more;
		uint32_t cp;
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return false;
			n++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			more = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			more = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			more = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		for (int i = 1; i <= more; i++) {
			if ((p[n + i] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[n + i] & 0x3f);
		}
		/* Overlong forms, surrogates and C1 controls are not text. */
		if ((more == 2 && cp < 0x800) || (more == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
			return false;
		n += (size_t)more + 1;
	}
	return n <= max_bytes;
}
