/* SPDX-License-Identifier: MIT
 * photos.h — the officers' photos a terminal has received (retained on hailong/v1/SITE/photo/CODE),
 * by officer code: JPEG or PNG bytes as they came, at most PHOTOS_MAX of them and PHOTO_BYTES_MAX
 * bytes each, so a terminal's memory stays bounded whatever the broker sends. A version counter
 * grows with every change, so the view can tell when a picture it decoded is stale. Pure: it neither
 * decodes the pictures nor knows about MQTT or SDL. */
#ifndef HL_PHOTOS_H
#define HL_PHOTOS_H

#include "roster.h"

#include <stdbool.h>
#include <stddef.h>

#define PHOTOS_MAX ROSTER_PHOTOS_MAX      /* photos kept */
#define PHOTO_BYTES_MAX ROSTER_PHOTO_MAX  /* bytes of one photo */

struct photos; /* opaque; owns copies of the bytes */

/* A new empty cache, or NULL when out of memory. Free with photos_free (NULL is safe). */
struct photos *photos_new(void);
void photos_free(struct photos *p);

/* Keeps a copy of bytes[0..len) as code's photo, replacing the one before; len 0 removes it (the
 * empty retained message that clears a photo). HL_OK; HL_ERR_INVALID (nothing changed) for a code
 * that is not [A-Za-z0-9._-]{1,32} or bytes that are not a JPEG or PNG; HL_ERR_RANGE (nothing
 * changed) for more than PHOTO_BYTES_MAX bytes, or a new code when PHOTOS_MAX are kept; HL_ERR_NOMEM.
 * The same bytes again change nothing (the version stays). */
int photos_put(struct photos *p, const char *code, const void *bytes, size_t len);
/* Forgets code's photo; true when there was one. */
bool photos_remove(struct photos *p, const char *code);
/* code's photo: *bytes (borrowed until the next photos_put, photos_remove or photos_free) and *len.
 * False (*bytes NULL, *len 0) when there is none. Shaped as the view's image callback once ud is
 * the cache: see photos_lookup. */
bool photos_get(const struct photos *p, const char *code, const void **bytes, size_t *len);
/* Whether code has a photo. */
bool photos_has(const struct photos *p, const char *code);
/* photos_get with the cache as a void *, for view_set_images(v, photos_lookup, p). */
bool photos_lookup(void *ud, const char *code, const void **bytes, size_t *len);
/* Grows by one with every change (put of new bytes, remove); starts at 0. */
unsigned photos_version(const struct photos *p);
/* How many photos are kept. */
size_t photos_count(const struct photos *p);

#endif
