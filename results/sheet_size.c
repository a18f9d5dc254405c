/* SPDX-License-Identifier: MIT
 * sheet_size.c — whether a roster read from CSV files (sheet.h) would fit a terminal: each site's
 * message is encoded as roster_pub.c would send it and measured, before anything is stored, so an
 * import never stores a roster that `roster publish` could not send. Owns nothing beyond one call. */
#include "sheet.h"

#include "hl.h"
#include "roster_pub.h"

#include <stdlib.h>
#include <string.h>

size_t sheet_check_sizes(const struct sheet *off, const struct roster_entry *procs, size_t nprocs,
			 const struct store_officer *counters, size_t ncounters, sheet_size_fn fn, void *ud)
{
	size_t nrows = off->nrows ? off->nrows : 1;
	struct roster_entry *site_off = malloc(nrows * sizeof *site_off);
	struct roster_officer *site_x = malloc(nrows * sizeof *site_x);
	struct roster_entry *site_ctr = malloc((ncounters ? ncounters : 1) * sizeof *site_ctr);
	size_t bad = 0;

	if (!site_off || !site_x || !site_ctr) {
		free(site_off);
		free(site_x);
		free(site_ctr);
		fn(ud, "", 0, HL_ERR_NOMEM);
		return 1;
	}
	/* The rows are sorted by site: each run of one site's officers is that site's message. */
	for (size_t i = 0; i < off->nrows;) {
		size_t j = i, nc = 0, len;
		const char *site = off->rows[i].o.site;
		char *body;
		while (j < off->nrows && strcmp(off->rows[j].o.site, site) == 0) {
			site_off[j - i] = off->rows[j].o.e;
			memset(&site_x[j - i], 0, sizeof site_x[j - i]);
			strcpy(site_x[j - i].title, off->rows[j].info.title);
			strcpy(site_x[j - i].photo, off->rows[j].info.photo);
			j++;
		}
		for (size_t k = 0; k < ncounters; k++)
			if (strcmp(counters[k].site, site) == 0)
				site_ctr[nc++] = counters[k].e;
		struct roster r = { .e = { site_off, (struct roster_entry *)procs, site_ctr }, .n = { j - i, nprocs, nc },
				    .officer = site_x };
		int rc = roster_pub_encode(&r, &body, &len);
		free(body);
		if (rc != HL_OK) {
			fn(ud, site, len, rc);
			bad++;
		}
		i = j;
	}
	free(site_off);
	free(site_x);
	free(site_ctr);
	return bad;
}
