/* SPDX-License-Identifier: MIT
 * html.h — the only way page code writes HTML: markup the code itself spells goes through html_raw,
 * and everything that comes from data (names, codes, notes, numbers made into text) through an
 * escaping writer for where it lands — element text, an attribute value, a URL query component — so
 * no page can forget to escape. Also JSON text for the API (cJSON does that) is not written here. */
#ifndef HL_HTML_H
#define HL_HTML_H

#include "buf.h"

/* Markup written as is: only string literals and the output of the functions below. */
void html_raw(struct buf *b, const char *markup);
/* Element text: & < > " ' escaped. NULL writes nothing. */
void html_txt(struct buf *b, const char *text);
/* printf, then escaped as element text. */
void html_txtf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An attribute value (the caller writes the quotes): as html_txt, plus newlines as &#10;. */
void html_attr(struct buf *b, const char *value);
/* A URL query component: percent-encodes everything but unreserved characters (then safe as an
 * attribute too). */
void html_url(struct buf *b, const char *component);

#endif
