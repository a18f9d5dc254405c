/* SPDX-License-Identifier: MIT
 * flash.h — the notice a page writes at its top when a form's answer is the page again with what
 * went wrong (Quầy, Quản trị): which field, why in the reader's language, and the store's or the
 * broker's own words. Written through html.h; holds nothing. */
#ifndef HL_FLASH_H
#define HL_FLASH_H

#include "buf.h"
#include "web.h"

/* <div class="flash error" id="ID" role="alert"><p>Trường <code>param</code>: why (detail)</p></div>
 * into b: param and detail may be NULL (or "" for detail), vi and en are the reason, id names the
 * element for the tests. */
void flash_error(const struct web_ctx *c, struct buf *b, const char *id, const char *param, const char *vi,
		 const char *en, const char *detail);

#endif
