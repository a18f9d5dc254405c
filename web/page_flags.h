/* SPDX-License-Identifier: MIT
 * page_flags.h — for the two files of Cảnh báo alone: the list's filters (kind, state, site, officer,
 * partial), parsed and checked from a query or from a form's hidden fields and written back into the
 * list's URL, which page_flags.c (the list, the page and the stream) and page_flags_act.c (acknowledge
 * and resolve, which come back to the list as it was filtered) share; and the two actions the route
 * table of page_flags.c names. Everything borrowed from the request stays the request's. */
#ifndef HL_PAGE_FLAGS_H
#define HL_PAGE_FLAGS_H

#include "buf.h"
#include "web.h"

#include <stdbool.h>

/* A state the list can be filtered by: its query value, its name for people, and what the store is
 * asked (enum flag_state, STORE_FLAGS_UNRESOLVED or STORE_FLAGS_ALL). Static. */
struct page_flags_state {
	const char *name, *vi, *en;
	int state;
};

struct page_flags_filters {
	int kind;                             /* -1: every kind */
	const struct page_flags_state *state; /* never NULL once parsed or initialised */
	const char *site;                     /* NULL: every site the user may see; borrowed */
	const char *officer;                  /* NULL: every subject; borrowed */
	bool partial;                         /* partial=1: the table alone (the live update) */
};

/* The defaults: every kind, not yet resolved, every site, every subject, the whole page. */
void page_flags_filters_init(struct page_flags_filters *f);
/* The filters of p (rq's query or form) into f: 0, or the status of the error page written into rs
 * (400 naming the bad parameter, 403 for a site the user may not see). */
int page_flags_filters_parse(struct web_ctx *c, const struct http_request *rq, struct http_response *rs,
			     const struct http_params *p, struct page_flags_filters *f);
/* The list's URL into b: "/canh-bao", then "?" and extra (pairs already encoded, or NULL) and the
 * filters that are not the defaults, URL-encoded, "&" between them. Put it through html_attr for an
 * href. */
void page_flags_url(struct buf *b, const struct page_flags_filters *f, const char *extra);

/* POST /canh-bao/:id/ack and /canh-bao/:id/resolve (page_flags_act.c). */
int page_flags_ack(struct web_ctx *c, const struct http_request *rq, struct http_response *rs);
int page_flags_resolve(struct web_ctx *c, const struct http_request *rq, struct http_response *rs);

#endif
