/* SPDX-License-Identifier: MIT
 * page_board.h — Bảng công khai, the public board of a site for the screen in its hall (page_board.c):
 * GET /cong-khai/SITE without login, and its switch. This header is what the roster page (Danh mục)
 * shows of it: the board's state for one site, its address to open on the hall's screen, and the
 * form that turns it on or off (for an admin, or a head of that site). */
#ifndef HL_PAGE_BOARD_H
#define HL_PAGE_BOARD_H

#include "buf.h"
#include "web.h"

/* The card "Bảng công khai" of site into b: on or off, the board's URL as a link, the switch when
 * the user may use it, and the notice of a switch just made (?board=on|off). Nothing for a NULL
 * site. */
void page_board_card(struct web_ctx *c, const struct http_request *rq, struct buf *b, const char *site);

#endif
