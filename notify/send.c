/* SPDX-License-Identifier: MIT
 * send.c — libcurl's side of the notifier (send.h), the only file that includes curl. An smtp://
 * address requires STARTTLS (CURLUSESSL_ALL: curl refuses to go on in clear text when the server
 * does not offer it), smtps:// is TLS from the start; certificates and host names are verified with
 * the system's CAs or the given file. Only the protocols named are allowed (no redirect to file://).
 * The server's last answer is kept from curl's debug stream ("250 2.0.0 Ok: queued as …") so that
 * `test-mail` and the log can say it. A mail refused is never taken as permanent here: a relay that
 * refuses the sender refuses every mail, and the deliveries wait (until they expire) for the admin
 * to fix it rather than being lost at once. */
#include "send.h"

#include "backoff.h"
#include "hl.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

struct send_upload {
	const char *p;
	size_t left;
};

static size_t send_read(char *buf, size_t size, size_t n, void *ud)
{
	struct send_upload *u = ud;
	size_t k = size * n < u->left ? size * n : u->left;

	memcpy(buf, u->p, k);
	u->p += k;
	u->left -= k;
	return k;
}

static size_t send_discard(char *buf, size_t size, size_t n, void *ud)
{
	(void)buf;
	(void)ud;
	return size * n;
}

/* The last line the server sent (its reply), kept in r->detail while the transfer runs. */
static int send_debug(CURL *h, curl_infotype type, char *data, size_t size, void *ud)
{
	struct send_result *r = ud;

	(void)h;
	if (type != CURLINFO_HEADER_IN || size == 0)
		return 0;
	while (size && (data[size - 1] == '\n' || data[size - 1] == '\r'))
		size--;
	if (size >= sizeof r->detail)
		size = sizeof r->detail - 1;
	memcpy(r->detail, data, size);
	r->detail[size] = '\0';
	for (size_t i = 0; i < size; i++)
		if ((unsigned char)r->detail[i] < 0x20)
			r->detail[i] = ' ';
	return 0;
}

static void send_common(CURL *h, const char *cafile, int timeout, char *errbuf, struct send_result *r)
{
	long t = timeout > 0 ? timeout : 60;

	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, t < 15 ? t : 15L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, t);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (cafile && cafile[0])
		curl_easy_setopt(h, CURLOPT_CAINFO, cafile);
	(void)r;
}

/* The outcome of a transfer into r. */
static void send_outcome(CURL *h, CURLcode rc, const char *errbuf, const char *what, struct send_result *r)
{
	char reply[sizeof r->detail];

	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->code);
	snprintf(reply, sizeof reply, "%s", r->detail);
	if (rc == CURLE_OK) {
		r->ok = true;
		if (!reply[0])
			snprintf(r->detail, sizeof r->detail, "%s %ld", what, r->code);
		return;
	}
	snprintf(r->detail, sizeof r->detail, "%s: %.250s%s%.240s", what, errbuf[0] ? errbuf : curl_easy_strerror(rc),
		 reply[0] ? "; server said: " : "", reply);
}

int send_mail(const struct send_smtp *c, const char *to, const char *text, size_t len, struct send_result *r)
{
	char errbuf[CURL_ERROR_SIZE] = "", from[300], rcpt[300];
	struct send_upload up = { text, len };
	struct curl_slist *list = NULL;
	CURL *h;
	CURLcode rc;

	memset(r, 0, sizeof *r);
	if (!c->url || (strncmp(c->url, "smtp://", 7) != 0 && strncmp(c->url, "smtps://", 8) != 0))
		return HL_ERR_INVALID;
	snprintf(from, sizeof from, "<%s>", c->from ? c->from : "");
	snprintf(rcpt, sizeof rcpt, "<%s>", to);
	if (!(h = curl_easy_init()) || !(list = curl_slist_append(NULL, rcpt))) {
		curl_easy_cleanup(h);
		return HL_ERR_NOMEM;
	}
	send_common(h, c->cafile, c->timeout, errbuf, r);
	curl_easy_setopt(h, CURLOPT_URL, c->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_VERBOSE, 1L); /* for send_debug: the server's answers */
	curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, send_debug);
	curl_easy_setopt(h, CURLOPT_DEBUGDATA, r);
	curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (c->username && c->username[0]) {
		curl_easy_setopt(h, CURLOPT_USERNAME, c->username);
		curl_easy_setopt(h, CURLOPT_PASSWORD, c->password ? c->password : "");
	}
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, list);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, send_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	rc = curl_easy_perform(h);
	send_outcome(h, rc, errbuf, "smtp", r);
	curl_slist_free_all(list);
	curl_easy_cleanup(h);
	return HL_OK;
}

int send_hook(const char *url, const char *body, const char *sig, int64_t id, const char *cafile, int timeout,
	      struct send_result *r)
{
	char errbuf[CURL_ERROR_SIZE] = "", line[160];
	struct curl_slist *hdr = NULL, *tmp;
	CURL *h;
	CURLcode rc;

	memset(r, 0, sizeof *r);
	if (!(h = curl_easy_init()))
		return HL_ERR_NOMEM;
	const char *lines[3] = { "Content-Type: application/json", NULL, NULL };
	char sigline[160];
	snprintf(sigline, sizeof sigline, "X-HaiLong-Signature: %s", sig);
	snprintf(line, sizeof line, "X-HaiLong-Delivery: %lld", (long long)id);
	lines[1] = sigline;
	lines[2] = line;
	for (int i = 0; i < 3; i++) {
		if (!(tmp = curl_slist_append(hdr, lines[i]))) {
			curl_slist_free_all(hdr);
			curl_easy_cleanup(h);
			return HL_ERR_NOMEM;
		}
		hdr = tmp;
	}
	send_common(h, cafile, timeout, errbuf, r);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_USERAGENT, "hailong-notify/" HL_VERSION);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, send_discard);
	rc = curl_easy_perform(h);
	send_outcome(h, rc, errbuf, "http", r);
	if (r->ok && (r->code < 200 || r->code > 299)) {
		r->ok = false;
		r->permanent = backoff_http_permanent(r->code);
		snprintf(r->detail, sizeof r->detail, "http: the receiver answered %ld", r->code);
	} else if (r->ok) {
		snprintf(r->detail, sizeof r->detail, "http %ld", r->code);
	}
	curl_slist_free_all(hdr);
	curl_easy_cleanup(h);
	return HL_OK;
}
