/* SPDX-License-Identifier: MIT
 * roster_pub.h — the retained roster message a site's terminals get on hailong/v1/SITE/roster, made
 * from a struct roster: {"officers":[{"code","name"[,"title"][,"photo"]}…],"procedures":[…]
 * [,"counters":[…]]} (roster.h decodes it). An officer's empty title or photo is left out, and so is
 * an empty counter list, so a roster without them is byte for byte what terminals older than those
 * fields accept. One encoder for both publishers, `roster publish` and the console's Danh mục page,
 * so they cannot send different bytes. Pure. */
#ifndef HL_ROSTER_PUB_H
#define HL_ROSTER_PUB_H

#include "roster.h"

#include <stddef.h>

/* The message for r, compact UTF-8 (non-ASCII left as it is). On HL_OK *body is a new string the
 * caller frees with free(). HL_ERR_RANGE when it would be larger than ROSTER_BODY_MAX (*len still
 * says how large; *body is NULL); HL_ERR_NOMEM. */
int roster_pub_encode(const struct roster *r, char **body, size_t *len);

#endif
