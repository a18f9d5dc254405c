/* SPDX-License-Identifier: MIT
 * page_roster.h — for the two files of Danh mục alone: a list of site codes (from the store, a form,
 * a user's sites), and the page (page_roster.c: the tables, the search, the admin's forms) written
 * again with the outcome of an action at its top, which the actions (page_roster_act.c: import the
 * two CSV files, publish to the terminals) use; and those actions, named by the route table of
 * page_roster.c. Nothing here outlives one request. */
#ifndef HL_PAGE_ROSTER_H
#define HL_PAGE_ROSTER_H

#include "buf.h"
#include "hl.h"
#include "sites.h"
#include "web.h"

#include <stddef.h>

/* Distinct site codes, in the order added (until sorted). Zero-initialise; the caller frees v. */
/* The sites the page and its actions list: shared/sites.h's struct site_list. */

/* The roster page into rs, with notice (HTML already written through html.h; NULL or empty: none) at
 * its top, answered with status; returns the status answered (an error page's, when the page cannot
 * be made). notice is borrowed for the call. */
int page_roster_page(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, int status,
		     const struct buf *notice);

/* POST /danh-muc/nhap and /danh-muc/xuat-ban (page_roster_act.c). */
int page_roster_import(struct web_ctx *c, const struct http_request *rq, struct http_response *rs);
int page_roster_publish(struct web_ctx *c, const struct http_request *rq, struct http_response *rs);

#endif
