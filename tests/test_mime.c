/* SPDX-License-Identifier: MIT
 * Unit tests of the e-mail's text (notify/mime.c), read back the way a mail reader does: the
 * headers (From with the sender's name, To, a Subject in UTF-8 encoded-words that decode to the
 * Vietnamese subject, Date with the zone, a Message-ID from the delivery id and the sender's domain,
 * MIME-Version), every line at most 78 characters and ended by CRLF, the body and attachments in
 * base64 that decode to what went in, and addresses that could add a header refused. */
#include "hl.h"
#include "mail_read.h"
#include "mime.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 1780000000 /* 2026-05-28 20:26:40 UTC */



/* The decoded text of the header's encoded-words, each at most 75 characters (RFC 2047). */
static void decode_words(const char *h, char *out)
{
	assert_true(mail_words(h, out) <= 75);
}

/* Every line ends in CRLF (no bare CR or LF) and is at most 78 characters. */
static void check_lines(const char *t, size_t len)
{
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		if (t[i] == '\r') {
			assert_true(i + 1 < len && t[i + 1] == '\n');
			assert_true(i - start <= MIME_LINE_MAX);
			start = i + 2;
			i++;
		} else {
			assert_true(t[i] != '\n');
		}
	}
	assert_int_equal(start, len);
}

/* The header name's value with folded lines joined. */
static void header(const char *t, const char *name, char *out, size_t cap)
{
	char key[64];
	const char *p, *e;

	snprintf(key, sizeof key, "\r\n%s:", name);
	if (strncmp(t, key + 2, strlen(key + 2)) == 0)
		p = t + strlen(key + 2);
	else {
		assert_non_null(p = strstr(t, key));
		p += strlen(key);
	}
	size_t k = 0;
	for (e = p; *e && !(e[0] == '\r' && e[1] == '\n' && e[2] != ' '); e++)
		if (*e != '\r' && *e != '\n' && k + 1 < cap)
			out[k++] = *e;
	out[k] = '\0';
}

static const char *subject =
	"Cảnh báo: Nghiêm trọng — Trung tâm Phục vụ hành chính công tỉnh Bến Tre, ngày 28/05/2026";

static void headers_and_body(void **state)
{
	struct mime_mail m = { "hailong@so-tp.gov.vn", "Hài Lòng", "lanhdao@so-tp.gov.vn", subject,
			       "Kính gửi anh/chị,\n\nDòng hai.\n", NULL, 0, T0, 25200, 17, T0 - 60 };
	char *t = NULL, h[1024], dec[1024];
	size_t len;

	(void)state;
	assert_int_equal(mime_build(&m, &t, &len), HL_OK);
	assert_int_equal(strlen(t), len);
	check_lines(t, len);
	header(t, "From", h, sizeof h);
	assert_non_null(strstr(h, "<hailong@so-tp.gov.vn>"));
	decode_words(h, dec);
	assert_string_equal(dec, "Hài Lòng");
	header(t, "To", h, sizeof h);
	assert_string_equal(h, " <lanhdao@so-tp.gov.vn>");
	header(t, "Subject", h, sizeof h);
	decode_words(h, dec);
	assert_string_equal(dec, subject);
	header(t, "Date", h, sizeof h);
	assert_string_equal(h, " Fri, 29 May 2026 03:26:40 +0700");
	header(t, "Message-ID", h, sizeof h);
	char mid[128];
	snprintf(mid, sizeof mid, " <hailong.17.%d@so-tp.gov.vn>", T0 - 60);
	assert_string_equal(h, mid);
	header(t, "MIME-Version", h, sizeof h);
	assert_string_equal(h, " 1.0");
	header(t, "Content-Type", h, sizeof h);
	assert_string_equal(h, " text/plain; charset=utf-8");
	header(t, "Content-Transfer-Encoding", h, sizeof h);
	assert_string_equal(h, " base64");
	const char *body = strstr(t, "\r\n\r\n");
	assert_non_null(body);
	mail_unb64(body + 4, strlen(body + 4), dec);
	assert_string_equal(dec, "Kính gửi anh/chị,\r\n\r\nDòng hai.\r\n");
	free(t);
	/* An ASCII subject that fits goes as it is. */
	m.subject = "Test";
	assert_int_equal(mime_build(&m, &t, &len), HL_OK);
	assert_non_null(strstr(t, "\r\nSubject: Test\r\n"));
	free(t);
}

static void attachments_are_multipart_base64(void **state)
{
	unsigned char html[3000];
	struct message_part parts[2] = { 0 };
	char *t = NULL, dec[8192];
	size_t len;

	(void)state;
	for (size_t i = 0; i < sizeof html; i++)
		html[i] = (unsigned char)(i * 7);
	strcpy(parts[0].name, "bao-cao-2026-W48.html");
	strcpy(parts[0].mime, "text/html; charset=utf-8");
	parts[0].bytes = html;
	parts[0].len = sizeof html;
	strcpy(parts[1].name, "bad\"name\r\n.pdf");
	strcpy(parts[1].mime, "application/pdf");
	parts[1].bytes = (unsigned char *)"%PDF";
	parts[1].len = 4;
	struct mime_mail m = { "hailong@so-tp.gov.vn", NULL, "a@b.vn", "Báo cáo tuần", "Xem tệp đính kèm.", parts, 2,
			       T0, 25200, 5, T0 };
	assert_int_equal(mime_build(&m, &t, &len), HL_OK);
	check_lines(t, len);
	assert_non_null(strstr(t, "From: <hailong@so-tp.gov.vn>\r\n"));
	assert_non_null(strstr(t, "Content-Type: multipart/mixed; boundary=\"=_hailong_5\"\r\n"));
	assert_non_null(strstr(t, "\r\n--=_hailong_5\r\nContent-Type: text/plain; charset=utf-8\r\n"));
	assert_non_null(strstr(t, "Content-Disposition: attachment;\r\n filename=\"bao-cao-2026-W48.html\"\r\n"));
	assert_non_null(strstr(t, "filename=\"bad_name__.pdf\""));
	assert_non_null(strstr(t, "\r\n--=_hailong_5--\r\n"));
	/* The first attachment decodes to its bytes. */
	const char *p = strstr(t, "filename=\"bao-cao-2026-W48.html\"\r\n");
	p = strstr(p, "\r\n\r\n") + 4;
	const char *e = strstr(p, "--=_hailong_5");
	assert_int_equal(mail_unb64(p, (size_t)(e - p), dec), sizeof html);
	assert_memory_equal(dec, html, sizeof html);
	free(t);
}

static void header_injection_is_refused(void **state)
{
	struct mime_mail m = { "hailong@so-tp.gov.vn", NULL, "a@b.vn\r\nBcc: x@y.z", "s", "b", NULL, 0, T0, 0, 1, T0 };
	char *t = NULL;
	size_t len;

	(void)state;
	assert_int_equal(mime_build(&m, &t, &len), HL_ERR_INVALID);
	assert_null(t);
	m.to = "<a@b.vn>";
	assert_int_equal(mime_build(&m, &t, &len), HL_ERR_INVALID);
	m.to = "nobody";
	assert_int_equal(mime_build(&m, &t, &len), HL_ERR_INVALID);
	m.to = "a@b.vn";
	m.from = "bad from@x";
	assert_int_equal(mime_build(&m, &t, &len), HL_ERR_INVALID);
	/* A subject with CR LF is encoded, never a new header. */
	m.from = "hailong@so-tp.gov.vn";
	m.subject = "x\r\nBcc: x@y.z";
	assert_int_equal(mime_build(&m, &t, &len), HL_OK);
	assert_null(strstr(t, "\r\nBcc:"));
	free(t);
	char out[16];
	assert_int_equal(mime_base64((const unsigned char *)"abc", 3, out, sizeof out), 4);
	assert_string_equal(out, "YWJj");
	assert_int_equal(mime_base64((const unsigned char *)"ab", 2, out, sizeof out), 4);
	assert_string_equal(out, "YWI=");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(headers_and_body),
		cmocka_unit_test(attachments_are_multipart_base64),
		cmocka_unit_test(header_injection_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
