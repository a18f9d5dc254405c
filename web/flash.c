/* SPDX-License-Identifier: MIT
 * flash.c — the error notice at the top of a page answered again after a form (flash.h), one for
 * Quầy and Quản trị alike, so that a field and a reason read the same wherever a form is refused.
 * Every byte through html.h; owns nothing. */
#include "flash.h"

#include "html.h"

void flash_error(const struct web_ctx *c, struct buf *b, const char *id, const char *param, const char *vi,
		 const char *en, const char *detail)
{
	html_raw(b, "<div class=\"flash error\" id=\"");
	html_attr(b, id);
	html_raw(b, "\" role=\"alert\"><p>");
	if (param) {
		html_txt(b, L(c, "Trường ", "Field "));
		html_raw(b, "<code>");
		html_txt(b, param);
		html_raw(b, "</code>: ");
	}
	html_txt(b, L(c, vi, en));
	if (detail && *detail) {
		html_raw(b, " <span class=\"muted\">(");
		html_txt(b, detail);
		html_raw(b, ")</span>");
	}
	html_raw(b, "</p></div>");
}
