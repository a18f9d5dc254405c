/* SPDX-License-Identifier: MIT
 * hl.h — the project's one error enum and a few limits every module agrees on.
 * Plain definitions only: no state, no allocation, no library includes. */
#ifndef HL_H
#define HL_H

enum hl_err {
	HL_OK = 0,
	HL_ERR_NOMEM,   /* allocation failed */
	HL_ERR_INVALID, /* input does not meet the format or the rules */
	HL_ERR_RANGE,   /* a value or a buffer is too large */
	HL_ERR_IO,      /* a file could not be read or written */
	HL_ERR_DB,      /* the database refused an operation */
	HL_ERR_NET,     /* the broker connection failed */
	HL_ERR_NOTFOUND,
};

/* Returns a static English phrase for code; never NULL. */
const char *hl_strerror(int code);

#include <stddef.h>

/* Makes the array *arr (of *cap elements of elem bytes, realloc'd memory) hold at least need
 * elements, doubling from 16; *arr and *cap change only on success. HL_OK or HL_ERR_NOMEM. */
int hl_grow(void **arr, size_t *cap, size_t need, size_t elem);

#define HL_CODE_MAX 32   /* site, counter, officer and procedure codes */
#define HL_ID_LEN 36     /* a UUID in its text form */
#define HL_BODY_MAX 4096 /* largest rating message accepted */
#define HL_TOPIC_MAX 128

#define HL_VERSION "0.1.0"

#endif
