/* SPDX-License-Identifier: MIT
 * sites.c — the set of site codes of sites.h. */
#include "sites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool site_list_has(const struct site_list *l, const char *site)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], site) == 0)
			return true;
	return false;
}

int site_list_add(void *ud, const char *site)
{
	struct site_list *l = ud;

	if (site_list_has(l, site))
		return HL_OK;
	if (strlen(site) > HL_CODE_MAX)
		return HL_ERR_INVALID;
	if (hl_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) != HL_OK) {
		l->failed = true;
		return HL_ERR_NOMEM;
	}
	snprintf(l->v[l->n++], sizeof l->v[0], "%s", site);
	return HL_OK;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

void site_list_sort(struct site_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, cmp);
}

void site_list_free(struct site_list *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}
