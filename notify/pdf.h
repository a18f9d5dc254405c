/* SPDX-License-Identifier: MIT
 * pdf.h — a PDF of an HTML page made by headless Chromium, where it is installed (DESIGN §13: the
 * scheduled report's second attachment). The adapter: a private temporary folder (the page, the
 * browser's profile and HOME), the browser run as a child with a bounded time, the PDF read back
 * bounded, the folder removed. */
#ifndef HL_PDF_H
#define HL_PDF_H

#include <stdbool.h>
#include <stddef.h>

#define PDF_TIMEOUT_S 60
#define PDF_MAX_BYTES (32u << 20)

/* The browser to run into path (cap bytes): chromium when it is a path with '/', else the first of
 * chromium ("" for chromium, chromium-browser) found executable on PATH. false when none is. */
bool pdf_browser(const char *chromium, char *path, size_t cap);

/* Prints html (len bytes) to a PDF with the browser of pdf_browser(chromium), waiting at most
 * timeout_s seconds (the browser is killed and reaped after). HL_OK with *pdf (allocated: free it)
 * and *pdf_len; HL_ERR_NOTFOUND when no browser is installed (no PDF: not a failure of the mail);
 * HL_ERR_IO when the browser failed, took too long or made no PDF, with why (cap bytes). */
int pdf_from_html(const char *chromium, const char *html, size_t len, int timeout_s, unsigned char **pdf,
		  size_t *pdf_len, char *why, size_t cap);

#endif
