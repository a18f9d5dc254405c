/* SPDX-License-Identifier: MIT
 * mail_read.h — reading back the e-mails hailong-notify writes, for the tests (test_mime, it_notify):
 * base64 bodies and the UTF-8 encoded-words of a header. Independent of notify/mime.c on purpose, so
 * that a test checks mime.c's output against a second reading, not against itself. */
#ifndef HL_MAIL_READ_H
#define HL_MAIL_READ_H

#include <stddef.h>

/* Decodes the base64 of s[0..n) (stopping at its end or a NUL; line ends and other non-alphabet
 * bytes skipped) into out, NUL-terminated; returns the decoded length. out must hold n * 3 / 4 + 1. */
size_t mail_unb64(const char *s, size_t n, char *out);
/* Appends to out the decoded text of every "=?UTF-8?B?…?=" word in h up to the end of the header
 * line (a folded header's continuation lines included), NUL-terminated; out starts empty. Returns
 * the length of the longest word seen (RFC 2047 allows 75 with its markers). */
size_t mail_words(const char *h, char *out);

#endif
