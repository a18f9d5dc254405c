/* SPDX-License-Identifier: MIT
 * page_counter.h — for the two files of Quầy alone: the page (page_counter.c: the shift form, the
 * invitation form with its procedure search, the open transaction) written again with what went
 * wrong at its top, and the officer the console works for, which the actions (page_counter_act.c:
 * start and end a shift, invite, end the transaction) use; and those actions, named by the route
 * table of page_counter.c. Nothing here outlives one request. */
#ifndef HL_PAGE_COUNTER_H
#define HL_PAGE_COUNTER_H

#include "web.h"

/* What went wrong with the last action, shown at the top of the page. Strings static (param, vi,
 * en) or copied (detail). */
struct page_counter_err {
	int status;
	const char *param, *vi, *en;
	char detail[200];
};

/* The whole page into rs, with err (NULL: none) at the top; answered with err's status (200
 * without one), which it returns. */
int page_counter_page(struct web_ctx *c, const struct http_request *rq, struct http_response *rs,
		      const struct page_counter_err *err);
/* The officer the console opens transactions for: an officer's own code, or what a head chose (the
 * form's officer, else the query's; may be NULL). Borrowed from c or rq. */
const char *page_counter_officer(const struct web_ctx *c, const struct http_request *rq);

/* POST /quay/ca, /quay/ket-thuc, /quay/moi, /quay/dong (page_counter_act.c). */
int page_counter_shift_start(struct web_ctx *c, const struct http_request *rq, struct http_response *rs);
int page_counter_shift_end(struct web_ctx *c, const struct http_request *rq, struct http_response *rs);
int page_counter_invite(struct web_ctx *c, const struct http_request *rq, struct http_response *rs);
int page_counter_txn_close(struct web_ctx *c, const struct http_request *rq, struct http_response *rs);

#endif
