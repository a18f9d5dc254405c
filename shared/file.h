/* SPDX-License-Identifier: MIT
 * file.h — a file a person names, read whole into memory with a bound, so a wrong path (a photo, a
 * log) is refused without reading gigabytes: the roster's and the dossiers' CSV files. */
#ifndef HL_FILE_H
#define HL_FILE_H

#include <stddef.h>

/* Reads path into *text (NUL-terminated, free it), *len its bytes; reads at most max + 1 bytes, so
 * *len > max says the file is larger than max. HL_OK; HL_ERR_IO or HL_ERR_NOMEM with why (cap bytes:
 * "cannot open: No such file or directory") and *text NULL. */
int file_read_bounded(const char *path, size_t max, char **text, size_t *len, char *why, size_t cap);

#endif
