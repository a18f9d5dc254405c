/* SPDX-License-Identifier: MIT
 * secret.h — passwords kept in files of their own (DESIGN §9: never on a command line, never in a
 * log): reading one with its permissions checked, writing one that only its owner can read, and
 * making a random one. */
#ifndef HL_SECRET_H
#define HL_SECRET_H

#include <stddef.h>

#define SECRET_MAX 256 /* longest password accepted, bytes */

/* Reads the password in path: the whole file, one trailing newline (LF or CRLF) removed. Fails
 * (HL_ERR_INVALID or HL_ERR_IO, why filled, naming the file) when the file is missing, empty, longer
 * than SECRET_MAX, holds a NUL or a second line, or when others can read it or anyone but its owner
 * can write it. out (cap > SECRET_MAX) gets the password; wipe it with secret_wipe after use. */
int secret_read(const char *path, char *out, size_t cap, char *why, size_t why_cap);

/* Writes text and a newline to path with mode 0600, replacing the file atomically. HL_OK or HL_ERR_IO. */
int secret_write(const char *path, const char *text);

/* A new random password: len characters (len < cap) of [A-Za-z0-9_-] from getrandom. HL_OK or HL_ERR_IO. */
int secret_random(char *out, size_t cap, size_t len);

/* Overwrites buf so a password does not linger in memory. */
void secret_wipe(void *buf, size_t len);

#endif
