/* SPDX-License-Identifier: MIT
 * delivery_view.h — one delivery of hailong-notify's queue (store_delivery.h) as Thư và webhook
 * (page_admin_deliveries.c) shows it: the status's URL value and words, the topic and an error in
 * words, to whom, the site and the times (numfmt, with the zone), all escaped through html.h. A
 * webhook is named, never its URL's path or query (a bridge's secret may sit there); its host is
 * shown to IT admins only. Pure: no SQL, no state. */
#ifndef HL_DELIVERY_VIEW_H
#define HL_DELIVERY_VIEW_H

#include "buf.h"
#include "store_delivery.h"
#include "web.h"

#include <stdbool.h>
#include <stddef.h>

/* ?status=: "dang-cho", "da-gui", "het-han", "loi" or the queue's own names ("waiting" …) →
 * enum delivery_status; -1 for none (NULL or ""), -2 for anything else. */
int delivery_view_status_param(const char *v);
/* The URL value of a status ("dang-cho"), its badge's class ("waiting"), its words ("Đang chờ"). */
const char *delivery_view_slug(int status);
const char *delivery_view_badge_class(int status);
const char *delivery_view_status(const struct web_ctx *c, int status);
/* The topic in words into out (cap bytes) and returned: "Cảnh báo #17", "Báo cáo ngày 30/11/2026",
 * "Báo cáo tuần 48/2026", "Báo cáo tháng 11/2026", "SIPAS tháng 11/2026"; the topic itself when it
 * has no known shape. */
const char *delivery_view_topic(const struct web_ctx *c, const char *topic, char *out, size_t cap);
/* What an attempt's detail means for people into out and returned; NULL for an empty one. mail: an
 * e-mail's (else a webhook's). */
const char *delivery_view_error(const struct web_ctx *c, const char *e, bool mail, char *out, size_t cap);
/* The error in words, then the text itself (small), into b; nothing for an empty one. */
void delivery_view_error_html(const struct web_ctx *c, struct buf *b, const char *e, bool mail);
/* A URL's host[:port] into out and returned: no user, password, path, query or fragment. */
const char *delivery_view_host(const char *url, char *out, size_t cap);
/* To whom into b: the user's name and address, or "Webhook NAME" (with its host for an admin). */
void delivery_view_recipient(const struct web_ctx *c, struct buf *b, const struct store_delivery_row *r);
/* The site's name and code, or "Mọi đơn vị" for "" (the SIPAS export). */
void delivery_view_site(const struct web_ctx *c, struct buf *b, const char *site);
/* The status as a badge. */
void delivery_view_badge(const struct web_ctx *c, struct buf *b, int status);
/* Created, last try, and delivered / next try and expiry / expired / given up, one a line. */
void delivery_view_times(const struct web_ctx *c, struct buf *b, const struct store_delivery_seen *d);

#endif
