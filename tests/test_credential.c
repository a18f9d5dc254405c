/* SPDX-License-Identifier: MIT
 * test_credential.c — the people's side's secrets through the real libsodium: a password hashed as
 * argon2id with the interactive limits checks against itself and nothing else; a malformed, cut or
 * foreign stored string never matches; the dummy hash has the same limits as a new one and matches
 * nothing; tokens are 43 characters of base64url (with their prefix when asked), all different, and
 * refused when they do not fit; a token's hash is 64 hex digits, the same for the same token and
 * different for another; the CSRF token differs per session token and from the token's hash; the
 * comparison tells equal strings from different ones of any length. */
#include "credential.h"
#include "hl.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static int setup(void **state)
{
	(void)state;
	return credential_init() == HL_OK ? 0 : -1;
}

static bool is_b64url(const char *s)
{
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == strlen(s);
}

static bool is_hex(const char *s)
{
	return strspn(s, "0123456789abcdef") == strlen(s);
}

static void test_password_hash_and_check(void **state)
{
	char h[128], h2[128];

	(void)state;
	assert_int_equal(credential_hash_password("đúng mật khẩu 2026", h, sizeof h), HL_OK);
	assert_true(strncmp(h, "$argon2id$v=19$m=65536,t=2,p=1$", 31) == 0);
	assert_true(credential_check_password("đúng mật khẩu 2026", h));
	assert_false(credential_check_password("đúng mật khẩu 2027", h));
	assert_false(credential_check_password("", h));
	assert_false(credential_check_password("đúng mật khẩu 2026 ", h));
	/* Salted: the same password twice gives two strings, both of which check. */
	assert_int_equal(credential_hash_password("đúng mật khẩu 2026", h2, sizeof h2), HL_OK);
	assert_string_not_equal(h, h2);
	assert_true(credential_check_password("đúng mật khẩu 2026", h2));
	/* Too small a buffer is refused, not overrun. */
	char small[64] = "x";
	assert_int_equal(credential_hash_password("whatever-long", small, sizeof small), HL_ERR_RANGE);
	assert_string_equal(small, "");
}

static void test_malformed_stored(void **state)
{
	char h[128], cut[128], argon2i[crypto_pwhash_STRBYTES], longer[300];

	(void)state;
	assert_int_equal(credential_hash_password("password-1234", h, sizeof h), HL_OK);
	assert_false(credential_check_password("password-1234", ""));
	assert_false(credential_check_password("password-1234", NULL));
	assert_false(credential_check_password("password-1234", "password-1234"));
	assert_false(credential_check_password("password-1234", "$argon2id$"));
	snprintf(cut, sizeof cut, "%.*s", (int)strlen(h) - 5, h);
	assert_false(credential_check_password("password-1234", cut));
	/* One character of the hash changed. */
	snprintf(cut, sizeof cut, "%s", h);
	cut[strlen(cut) - 2] = cut[strlen(cut) - 2] == 'A' ? 'B' : 'A';
	assert_false(credential_check_password("password-1234", cut));
	/* An argon2i string is not ours, even for the right password. */
	assert_int_equal(crypto_pwhash_str_alg(argon2i, "password-1234", 13, crypto_pwhash_argon2i_OPSLIMIT_INTERACTIVE,
					       crypto_pwhash_argon2i_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2I13),
			 0);
	assert_false(credential_check_password("password-1234", argon2i));
	/* A string with no end within the limit. */
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	memcpy(longer, h, strlen(h));
	assert_false(credential_check_password("password-1234", longer));
}

static void test_dummy_hash(void **state)
{
	const char *d = credential_dummy_hash();

	(void)state;
	assert_non_null(d);
	assert_ptr_equal(d, credential_dummy_hash());
	/* The same algorithm and limits as a new hash, so a check against it takes as long. */
	assert_int_equal(crypto_pwhash_str_needs_rehash(d, crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
							crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE),
			 0);
	assert_false(credential_check_password("", d));
	assert_false(credential_check_password("password", d));
	assert_false(credential_check_password(d, d));
}

static void test_tokens(void **state)
{
	char a[CREDENTIAL_TOKEN_LEN + 1], b[CREDENTIAL_TOKEN_LEN + 1], p[CREDENTIAL_TOKEN_LEN + 4];

	(void)state;
	assert_int_equal(credential_token(NULL, a, sizeof a), HL_OK);
	assert_int_equal(credential_token(NULL, b, sizeof b), HL_OK);
	assert_int_equal(strlen(a), CREDENTIAL_TOKEN_LEN);
	assert_true(is_b64url(a));
	assert_true(is_b64url(b));
	assert_string_not_equal(a, b);
	/* 32 bytes of randomness: they decode back to 32 bytes. */
	unsigned char raw[64];
	size_t n = 0;
	assert_int_equal(sodium_base642bin(raw, sizeof raw, a, strlen(a), NULL, &n, NULL,
					   sodium_base64_VARIANT_URLSAFE_NO_PADDING),
			 0);
	assert_int_equal(n, 32);
	/* With a prefix. */
	assert_int_equal(credential_token("hl_", p, sizeof p), HL_OK);
	assert_int_equal(strlen(p), 3 + CREDENTIAL_TOKEN_LEN);
	assert_true(strncmp(p, "hl_", 3) == 0);
	assert_true(is_b64url(p + 3));
	/* No room: refused. */
	assert_int_equal(credential_token("hl_", a, sizeof a), HL_ERR_RANGE);
	assert_string_equal(a, "");
	assert_int_equal(credential_token(NULL, a, CREDENTIAL_TOKEN_LEN), HL_ERR_RANGE);
	/* Many tokens, none the same. */
	char seen[64][CREDENTIAL_TOKEN_LEN + 1];
	for (int i = 0; i < 64; i++) {
		assert_int_equal(credential_token(NULL, seen[i], sizeof seen[i]), HL_OK);
		for (int k = 0; k < i; k++)
			assert_string_not_equal(seen[i], seen[k]);
	}
}

static void test_token_hash(void **state)
{
	char t1[CREDENTIAL_TOKEN_LEN + 1], t2[CREDENTIAL_TOKEN_LEN + 1];
	char h1[CREDENTIAL_HASH_HEX + 1], h1b[CREDENTIAL_HASH_HEX + 1], h2[CREDENTIAL_HASH_HEX + 1];

	(void)state;
	assert_int_equal(credential_token(NULL, t1, sizeof t1), HL_OK);
	assert_int_equal(credential_token(NULL, t2, sizeof t2), HL_OK);
	credential_token_hash(t1, h1);
	credential_token_hash(t1, h1b);
	credential_token_hash(t2, h2);
	assert_int_equal(strlen(h1), CREDENTIAL_HASH_HEX);
	assert_true(is_hex(h1));
	assert_string_equal(h1, h1b);
	assert_string_not_equal(h1, h2);
	assert_null(strstr(h1, t1));
	/* BLAKE2b-256 of "abc", as the RFC 7693 reference gives it. */
	credential_token_hash("abc", h1);
	assert_string_equal(h1, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

static void test_csrf(void **state)
{
	char t1[CREDENTIAL_TOKEN_LEN + 1], t2[CREDENTIAL_TOKEN_LEN + 1];
	char c1[CREDENTIAL_HASH_HEX + 1], c1b[CREDENTIAL_HASH_HEX + 1], c2[CREDENTIAL_HASH_HEX + 1];
	char h1[CREDENTIAL_HASH_HEX + 1], cs[CREDENTIAL_HASH_HEX + 1], cl[CREDENTIAL_HASH_HEX + 1];
	char longtok[200];

	(void)state;
	assert_int_equal(credential_token(NULL, t1, sizeof t1), HL_OK);
	assert_int_equal(credential_token(NULL, t2, sizeof t2), HL_OK);
	credential_csrf(t1, c1);
	credential_csrf(t1, c1b);
	credential_csrf(t2, c2);
	credential_token_hash(t1, h1);
	assert_int_equal(strlen(c1), CREDENTIAL_HASH_HEX);
	assert_true(is_hex(c1));
	assert_string_equal(c1, c1b);
	assert_string_not_equal(c1, c2);
	/* Not the hash the store keeps: a copy of the database gives no form's token. */
	assert_string_not_equal(c1, h1);
	/* Tokens shorter or longer than a BLAKE2b key still get one of their own. */
	credential_csrf("short", cs);
	memset(longtok, 'x', sizeof longtok - 1);
	longtok[sizeof longtok - 1] = '\0';
	credential_csrf(longtok, cl);
	assert_true(is_hex(cs) && strlen(cs) == CREDENTIAL_HASH_HEX);
	assert_true(is_hex(cl) && strlen(cl) == CREDENTIAL_HASH_HEX);
	assert_string_not_equal(cs, cl);
	assert_string_not_equal(cs, c1);
}

static void test_equal(void **state)
{
	(void)state;
	assert_true(credential_equal("abc", "abc"));
	assert_true(credential_equal("", ""));
	assert_false(credential_equal("abc", "abd"));
	assert_false(credential_equal("abc", "ab"));
	assert_false(credential_equal("ab", "abc"));
	assert_false(credential_equal("abc", ""));
	assert_false(credential_equal(NULL, "abc"));
	assert_false(credential_equal("abc", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_hash_and_check),
		cmocka_unit_test(test_malformed_stored),
		cmocka_unit_test(test_dummy_hash),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_token_hash),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_equal),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
