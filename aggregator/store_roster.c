/* SPDX-License-Identifier: MIT
 * store_roster.c — placeholder until its statements land. */
#include "store_int.h"

int store_roster_prepare(struct store *s)
{
	(void)s;
	return HL_OK;
}

void store_roster_finalize(struct store *s)
{
	(void)s;
}
