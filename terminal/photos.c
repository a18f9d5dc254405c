/* SPDX-License-Identifier: MIT
 * photos.c — the cache of photos.h: a small array of (code, bytes) searched linearly, which at
 * PHOTOS_MAX entries is cheaper than any index and needs no second structure to keep right. Each
 * photo is one malloc'd copy, freed when replaced or removed. */
#include "photos.h"

#include "hl.h"
#include "wire.h"

#include <stdlib.h>
#include <string.h>

struct photo {
	char code[HL_CODE_MAX + 1];
	unsigned char *bytes;
	size_t len;
};

struct photos {
	struct photo v[PHOTOS_MAX];
	size_t n;
	unsigned version;
};

struct photos *photos_new(void)
{
	return calloc(1, sizeof(struct photos));
}

void photos_free(struct photos *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].bytes);
	free(p);
}

static struct photo *photos_find(const struct photos *p, const char *code)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].code, code) == 0)
			return (struct photo *)&p->v[i];
	return NULL;
}

bool photos_remove(struct photos *p, const char *code)
{
	struct photo *e = photos_find(p, code);

	if (!e)
		return false;
	free(e->bytes);
	*e = p->v[--p->n]; /* order does not matter */
	memset(&p->v[p->n], 0, sizeof p->v[p->n]);
	p->version++;
	return true;
}

int photos_put(struct photos *p, const char *code, const void *bytes, size_t len)
{
	struct photo *e;
	unsigned char *copy;

	if (!code[0] || strlen(code) > HL_CODE_MAX || !wire_code_valid(code))
		return HL_ERR_INVALID;
	if (len == 0) {
		photos_remove(p, code);
		return HL_OK;
	}
	if (len > PHOTO_BYTES_MAX)
		return HL_ERR_RANGE;
	if (!roster_photo_type(bytes, len))
		return HL_ERR_INVALID;
	e = photos_find(p, code);
	if (e && e->len == len && memcmp(e->bytes, bytes, len) == 0)
		return HL_OK; /* a retained message seen again on reconnecting */
	if (!e && p->n == PHOTOS_MAX)
		return HL_ERR_RANGE;
	if (!(copy = malloc(len)))
		return HL_ERR_NOMEM;
	memcpy(copy, bytes, len);
	if (!e) {
		e = &p->v[p->n++];
		strcpy(e->code, code);
	}
	free(e->bytes);
	e->bytes = copy;
	e->len = len;
	p->version++;
	return HL_OK;
}

bool photos_get(const struct photos *p, const char *code, const void **bytes, size_t *len)
{
	const struct photo *e = p && code ? photos_find(p, code) : NULL;

	*bytes = e ? e->bytes : NULL;
	*len = e ? e->len : 0;
	return e != NULL;
}

bool photos_has(const struct photos *p, const char *code)
{
	return p && code && photos_find(p, code) != NULL;
}

bool photos_lookup(void *ud, const char *code, const void **bytes, size_t *len)
{
	return photos_get(ud, code, bytes, len);
}

unsigned photos_version(const struct photos *p)
{
	return p->version;
}

size_t photos_count(const struct photos *p)
{
	return p->n;
}
