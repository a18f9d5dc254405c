/* SPDX-License-Identifier: MIT
 * file.c — file_read_bounded (file.h): the buffer grows from 64 KiB by doubling, never past the
 * bound and one byte, so a too large file costs no more than the bound to notice. */
#include "file.h"

#include "hl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int file_read_bounded(const char *path, size_t max, char **text, size_t *len, char *why, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t room = 0, n = 0, got;
	char *buf = NULL;
	int rc = HL_ERR_IO;

	*text = NULL;
	*len = 0;
	if (!f) {
		snprintf(why, cap, "cannot open: %s", strerror(errno));
		return HL_ERR_IO;
	}
	do {
		if (n == room) {
			size_t grow = room ? room * 2 : 64 * 1024;
			char *grown;
			grow = grow > max ? max + 1 : grow;
			if (!(grown = realloc(buf, grow + 1))) {
				snprintf(why, cap, "%s", "out of memory");
				rc = HL_ERR_NOMEM;
				goto fail;
			}
			buf = grown;
			room = grow;
		}
		got = fread(buf + n, 1, room - n, f);
		n += got;
	} while (got && n <= max);
	if (ferror(f)) {
		snprintf(why, cap, "cannot read: %s", strerror(errno));
		goto fail;
	}
	fclose(f);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return HL_OK;
fail:
	fclose(f);
	free(buf);
	return rc;
}
