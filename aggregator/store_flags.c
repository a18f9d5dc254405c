/* SPDX-License-Identifier: MIT
 * store_flags.c — placeholder until its statements land. */
#include "store_int.h"

int store_flags_prepare(struct store *s)
{
	(void)s;
	return HL_OK;
}

void store_flags_finalize(struct store *s)
{
	(void)s;
}
