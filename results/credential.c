/* SPDX-License-Identifier: MIT
 * credential.c — the people's side's secrets through libsodium (credential.h): argon2id password
 * strings with the interactive limits, random tokens in unpadded base64url, their BLAKE2b-256 hashes
 * in hex (what the store keeps, so that a copy of the database opens no session), and the CSRF token
 * of a login session. It owns no memory and keeps no state but libsodium's own; it must not touch
 * the store — callers hand it strings and keep what it returns. The only file that includes
 * sodium.h. */
#include "credential.h"

#include "hl.h"

#include <sodium.h>
#include <string.h>

/* The argon2id string of 32 random bytes thrown away when it was made, with the same limits as every
 * new hash (a test checks), so that checking a password against it takes as long as against a real
 * user's and matches nothing. */
static const char credential_dummy[] =
	"$argon2id$v=19$m=65536,t=2,p=1$SF4HSaMrSIXH7/1nlu6yVg$SQYmdfXCRq+c4rZ8ub95BRwRkT7jrXMyj2PAkF6/+1w";

/* The context the CSRF token is a keyed hash of: changing it ends every form in flight. */
static const char credential_csrf_context[] = "hailong-web csrf v1";

int credential_init(void)
{
	return sodium_init() < 0 ? HL_ERR_INVALID : HL_OK;
}

int credential_hash_password(const char *password, char *out, size_t cap)
{
	if (cap < crypto_pwhash_STRBYTES) {
		if (cap)
			out[0] = '\0';
		return HL_ERR_RANGE;
	}
	if (crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
		out[0] = '\0';
		return HL_ERR_NOMEM;
	}
	return HL_OK;
}

bool credential_check_password(const char *password, const char *stored)
{
	/* crypto_pwhash_str_verify reads a NUL-terminated string of at most STRBYTES; anything else
	 * (and any string not of argon2id) is malformed and never matches. */
	if (!password || !stored || strnlen(stored, crypto_pwhash_STRBYTES) >= crypto_pwhash_STRBYTES ||
	    strncmp(stored, crypto_pwhash_argon2id_STRPREFIX, strlen(crypto_pwhash_argon2id_STRPREFIX)) != 0)
		return false;
	return crypto_pwhash_str_verify(stored, password, strlen(password)) == 0;
}

const char *credential_dummy_hash(void)
{
	return credential_dummy;
}

int credential_token(const char *prefix, char *out, size_t cap)
{
	unsigned char raw[32];
	size_t plen = prefix ? strlen(prefix) : 0;

	if (cap < plen + CREDENTIAL_TOKEN_LEN + 1) {
		if (cap)
			out[0] = '\0';
		return HL_ERR_RANGE;
	}
	memcpy(out, prefix ? prefix : "", plen);
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out + plen, cap - plen, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	return HL_OK;
}

void credential_token_hash(const char *token, char *out)
{
	unsigned char h[32];

	/* Unkeyed BLAKE2b cannot fail with these lengths; the result is checked all the same. */
	if (crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0) != 0)
		memset(h, 0, sizeof h);
	sodium_bin2hex(out, CREDENTIAL_HASH_HEX + 1, h, sizeof h);
}

void credential_csrf(const char *session_token, char *out)
{
	unsigned char key[32], h[32];
	const unsigned char *k = (const unsigned char *)session_token;
	size_t klen = strlen(session_token);

	/* BLAKE2b takes a key of 16 to 64 bytes; a token outside that (never one of credential_token's)
	 * is first hashed to 32 bytes under the context, so every token still has its own CSRF. */
	if (klen < crypto_generichash_KEYBYTES_MIN || klen > crypto_generichash_KEYBYTES_MAX) {
		if (crypto_generichash(key, sizeof key, k, klen, (const unsigned char *)credential_csrf_context,
				       sizeof credential_csrf_context - 1) != 0)
			memset(key, 0, sizeof key);
		k = key;
		klen = sizeof key;
	}
	if (crypto_generichash(h, sizeof h, (const unsigned char *)credential_csrf_context,
			       sizeof credential_csrf_context - 1, k, klen) != 0)
		memset(h, 0, sizeof h);
	sodium_bin2hex(out, CREDENTIAL_HASH_HEX + 1, h, sizeof h);
	sodium_memzero(key, sizeof key);
}

bool credential_equal(const char *a, const char *b)
{
	size_t n;

	if (!a || !b)
		return false;
	n = strlen(a);
	/* The length is not secret (every token has the same); the bytes are compared in constant time. */
	return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}
