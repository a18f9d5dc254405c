/* SPDX-License-Identifier: MIT
 * credential.h — the secrets of the people's side, through libsodium: argon2id password strings
 * (crypto_pwhash_str, interactive limits), random tokens for login cookies and API tokens, their
 * BLAKE2b hashes (what the store keeps), and the CSRF token bound to a login session. Owns nothing;
 * call credential_init once per program before the rest. */
#ifndef HL_CREDENTIAL_H
#define HL_CREDENTIAL_H

#include <stdbool.h>
#include <stddef.h>

#define CREDENTIAL_TOKEN_LEN 43   /* 32 random bytes in unpadded base64url */
#define CREDENTIAL_HASH_HEX 64    /* BLAKE2b-256 in hex */
#define CREDENTIAL_PASSWORD_MIN 10 /* characters a password has at least */

/* HL_OK, or HL_ERR_INVALID when libsodium cannot start. */
int credential_init(void);
/* The argon2id string of password into out (cap >= 128). HL_ERR_NOMEM when the memory limit cannot
 * be had. */
int credential_hash_password(const char *password, char *out, size_t cap);
/* Whether password matches the stored string; a malformed string never matches. */
bool credential_check_password(const char *password, const char *stored);
/* A string that never matches, to check against when the user does not exist, so that the answer
 * takes as long either way. Borrowed, static. */
const char *credential_dummy_hash(void);
/* A new random token (32 bytes, base64url) into out (cap > CREDENTIAL_TOKEN_LEN); prefix, when not
 * NULL, goes in front ("hl_" for API tokens: cap must make room). */
int credential_token(const char *prefix, char *out, size_t cap);
/* hex BLAKE2b-256 of token into out (CREDENTIAL_HASH_HEX + 1 bytes). */
void credential_token_hash(const char *token, char *out);
/* The CSRF token of a login session (the cookie's token): hex BLAKE2b keyed by the token over a
 * fixed context, into out (CREDENTIAL_HASH_HEX + 1 bytes). */
void credential_csrf(const char *session_token, char *out);
/* Constant-time comparison of two NUL-terminated strings. */
bool credential_equal(const char *a, const char *b);

#endif
