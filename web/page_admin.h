/* SPDX-License-Identifier: MIT
 * page_admin.h — for the two files of Quản trị alone: the page (page_admin.c: the tabs, the audit
 * list and the routes) written again with a notice at its top, which the account actions answer
 * with; and the accounts (page_admin_accounts.c: the console's users and the API tokens — their
 * tables, their forms and what the forms do), named by the page and its route table; and Thư và
 * webhook (page_admin_deliveries.c), whose routes are in the same table. Nothing here outlives one
 * request. */
#ifndef HL_PAGE_ADMIN_H
#define HL_PAGE_ADMIN_H

#include "buf.h"
#include "web.h"

/* The admin page into rs, with notice (HTML already written through html.h; NULL: none) at the top,
 * answered with status, which it returns (or the status of the error page for a bad ?site= or
 * ?before=). */
int page_admin_page(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, int status,
		    const struct buf *notice);
/* The page again with the error at the top (flash.h): param (may be NULL), the reason, detail (may
 * be NULL). Returns status. */
int page_admin_error(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, int status,
		     const char *param, const char *vi, const char *en, const char *detail);
/* <th>text</th> into b. */
void page_admin_th(struct buf *b, const char *text);

/* The users' and the tokens' sections (tables and forms; a form answered again keeps what was typed
 * but the password). */
void page_admin_accounts(struct web_ctx *c, struct buf *b, const struct http_request *rq);

/* POST /quan-tri/nguoi-dung, …/:name/khoa, …/:name/mo-khoa, /quan-tri/ma-truy-cap and
 * …/:name/thu-hoi (page_admin_accounts.c). */
int page_admin_user_add(struct web_ctx *c, const struct http_request *rq, struct http_response *rs);
int page_admin_user_disable(struct web_ctx *c, const struct http_request *rq, struct http_response *rs);
int page_admin_user_enable(struct web_ctx *c, const struct http_request *rq, struct http_response *rs);
int page_admin_token_add(struct web_ctx *c, const struct http_request *rq, struct http_response *rs);
int page_admin_token_revoke(struct web_ctx *c, const struct http_request *rq, struct http_response *rs);

/* Thư và webhook (page_admin_deliveries.c): GET /thu-webhook (admin, head, province: the deliveries
 * they may see), GET /thu-webhook/:id (one, with its attempts), POST /thu-webhook/:id/gui-lai (admin:
 * a waiting one due now). */
int page_admin_deliveries(struct web_ctx *c, const struct http_request *rq, struct http_response *rs);
int page_admin_delivery(struct web_ctx *c, const struct http_request *rq, struct http_response *rs);
int page_admin_delivery_retry(struct web_ctx *c, const struct http_request *rq, struct http_response *rs);

#endif
