/* SPDX-License-Identifier: MIT
 * uuid.h — random (version 4) UUIDs from the kernel's getrandom, their text form, and the 16-byte
 * form the database keys on. */
#ifndef HL_UUID_H
#define HL_UUID_H

#include <stdbool.h>
#include <stdint.h>

/* Writes a new lowercase UUID and its NUL into out (37 bytes). HL_ERR_IO if no randomness. */
int uuid_new(char out[37]);
/* True for 8-4-4-4-12 lowercase or uppercase hex digits. */
bool uuid_valid(const char *text);
/* Text to bytes; HL_ERR_INVALID unless uuid_valid(text). */
int uuid_to_bytes(const char *text, uint8_t out[16]);
/* Bytes to lowercase text with its NUL. */
void uuid_from_bytes(const uint8_t in[16], char out[37]);

#endif
