/* SPDX-License-Identifier: MIT
 * hl.c — names of the project's error codes, for log lines and messages to people. */
#include "hl.h"

#include <stdint.h>
#include <stdlib.h>

const char *hl_strerror(int code)
{
	switch (code) {
	case HL_OK: return "ok";
	case HL_ERR_NOMEM: return "out of memory";
	case HL_ERR_INVALID: return "invalid input";
	case HL_ERR_RANGE: return "value out of range";
	case HL_ERR_IO: return "input/output error";
	case HL_ERR_DB: return "database error";
	case HL_ERR_NET: return "network error";
	case HL_ERR_NOTFOUND: return "not found";
	}
	return "unknown error";
}

int hl_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t ncap = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return HL_OK;
	while (ncap < need)
		ncap *= 2;
	if (elem && ncap > SIZE_MAX / elem)
		return HL_ERR_NOMEM;
	if (!(p = realloc(*arr, ncap * elem)))
		return HL_ERR_NOMEM;
	*arr = p;
	*cap = ncap;
	return HL_OK;
}
