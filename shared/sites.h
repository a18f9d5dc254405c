/* SPDX-License-Identifier: MIT
 * sites.h — a small set of site codes in the order added (or sorted): the sites a page or a command
 * shows, gathered from the roster, the figures and the user's own. Plain data; the owner frees it
 * with site_list_free. */
#ifndef HL_SITES_H
#define HL_SITES_H

#include "hl.h"

#include <stdbool.h>
#include <stddef.h>

struct site_list {
	char (*v)[HL_CODE_MAX + 1];
	size_t n, cap;
	bool failed; /* an add ran out of memory (the list holds what it had) */
};

/* Adds site to the list ud (a struct site_list) unless it is there already; shaped as a
 * store_roster_sites callback. HL_OK, HL_ERR_INVALID (longer than HL_CODE_MAX: not added) or
 * HL_ERR_NOMEM (failed set). */
int site_list_add(void *ud, const char *site);
bool site_list_has(const struct site_list *l, const char *site);
/* Sorts the codes by strcmp. */
void site_list_sort(struct site_list *l);
void site_list_free(struct site_list *l);

#endif
