/* SPDX-License-Identifier: MIT
 * message.c — frees a message (message.h). */
#include "message.h"

#include <stdlib.h>
#include <string.h>

void message_free(struct message *m)
{
	if (!m)
		return;
	free(m->body);
	for (size_t i = 0; i < m->nparts && i < MESSAGE_PARTS_MAX; i++)
		free(m->parts[i].bytes);
	memset(m, 0, sizeof *m);
}
