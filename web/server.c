/* SPDX-License-Identifier: MIT
 * server.c — the libmicrohttpd adapter of server.h. One thread per connection (so a Server-Sent
 * Events stream can wait for news, and a failed login's delay holds only its own connection), a
 * bounded number of connections, bodies bounded at HTTP_BODY_MAX before anything parses them, and a
 * pool of store connections lent per request (SQLite in WAL mode: readers do not block the
 * aggregator's writer). Nothing here decides what a page says: that is web_dispatch's. */
#include "server.h"

#include "cache.h"
#include "conf.h"
#include "credential.h"
#include "events.h"
#include "hl.h"
#include "link.h"
#include "log.h"
#include "route.h"
#include "store.h"
#include "url.h"
#include "web.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define POOL_MAX 64
#define POOL_WAIT_MS 10000
#define STREAM_MAX_S 600       /* a stream ends after this; the browser's EventSource reconnects */
#define STREAM_PING_MS 15000

struct server {
	struct MHD_Daemon *d;
	const struct web_conf *conf;
	int port;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct store *pool[POOL_MAX];
	bool lent[POOL_MAX];
	int npool;
	struct link *link;
	pthread_mutex_t pub_mu;
	struct events *ev;
	struct cache *cache;
	char *tls_cert, *tls_key;
	volatile int stopping;
};

/* ---- the store pool ----------------------------------------------------------------------------- */

static struct store *pool_take(struct server *s)
{
	struct timespec until;
	struct store *st = NULL;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += POOL_WAIT_MS / 1000;
	pthread_mutex_lock(&s->mu);
	for (;;) {
		for (int i = 0; i < s->npool; i++)
			if (!s->lent[i]) {
				s->lent[i] = true;
				st = s->pool[i];
				break;
			}
		if (st || s->stopping || pthread_cond_timedwait(&s->cv, &s->mu, &until) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&s->mu);
	return st;
}

static void pool_give(struct server *s, struct store *st)
{
	pthread_mutex_lock(&s->mu);
	for (int i = 0; i < s->npool; i++)
		if (s->pool[i] == st)
			s->lent[i] = false;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

/* ---- publishing sessions and rosters -------------------------------------------------------------- */

static int publish(void *ud, const char *topic, const void *payload, size_t len, bool retain, char *why, size_t cap)
{
	struct server *s = ud;
	int rc;

	pthread_mutex_lock(&s->pub_mu);
	if (!link_connected(s->link)) {
		char last[256];
		link_last_error(s->link, last, sizeof last);
		snprintf(why, cap, "the broker %s is not connected%s%s", s->conf->broker, last[0] ? ": " : "", last);
		rc = HL_ERR_NET;
	} else if ((rc = link_publish(s->link, topic, payload, len, 1, retain)) != HL_OK) {
		snprintf(why, cap, "publishing on %s failed (the broker connection was lost)", topic);
	} else if ((rc = link_flush(s->link, 5000)) == HL_ERR_INVALID) {
		snprintf(why, cap, "the broker refused %s: this console's login may not publish there", topic);
	} else if (rc != HL_OK) {
		snprintf(why, cap, "the broker did not acknowledge %s within 5 s", topic);
	}
	pthread_mutex_unlock(&s->pub_mu);
	return rc;
}

/* ---- one connection ------------------------------------------------------------------------------ */

struct conn {
	struct buf body;
	bool too_large;
};

struct stream {
	struct server *srv;
	struct events_cursor cur;
	time_t started;
	bool greeted;
};

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct stream *st = cls;
	size_t n;

	(void)pos;
	if (!st->greeted) {
		st->greeted = true;
		n = (size_t)snprintf(out, max, "retry: 3000\n\n");
		return (ssize_t)n;
	}
	if (st->srv->stopping || time(NULL) - st->started > STREAM_MAX_S)
		return MHD_CONTENT_READER_END_OF_STREAM;
	n = events_next(st->srv->ev, &st->cur, STREAM_PING_MS, out, max);
	if (n == 0 || st->srv->stopping)
		return MHD_CONTENT_READER_END_OF_STREAM;
	return (ssize_t)n;
}

static void stream_free(void *cls)
{
	free(cls);
}

struct query_fill {
	struct http_params *p;
	const char *bad;
	int rc;
};

static enum MHD_Result add_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct query_fill *q = cls;
	int rc;

	(void)kind;
	if (q->rc != HL_OK)
		return MHD_NO;
	if ((rc = http_params_add(q->p, key ? key : "", value ? value : "")) != HL_OK) {
		q->rc = rc;
		q->bad = key && *key ? key : "?";
		return MHD_NO;
	}
	return MHD_YES;
}

static void remote_of(struct server *s, struct MHD_Connection *con, char *out, size_t cap)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const char *xff;

	snprintf(out, cap, "?");
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)cap);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)cap);
	}
	/* Behind the configured reverse proxy, the client is the last address it added. */
	if (s->conf->trusted_proxy[0] && strcmp(out, s->conf->trusted_proxy) == 0 &&
	    (xff = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "X-Forwarded-For"))) {
		const char *last = strrchr(xff, ',');
		last = last ? last + 1 : xff;
		while (*last == ' ')
			last++;
		if (*last && strlen(last) < cap)
			snprintf(out, cap, "%s", last);
	}
}

static void security_headers(struct server *s, struct MHD_Response *r, bool page)
{
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
				"connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
				"object-src 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	if (s->tls_cert)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
	if (page)
		MHD_add_response_header(r, "Cache-Control", "no-store");
}

static enum MHD_Result send_response(struct server *s, struct MHD_Connection *con, struct web_ctx *c,
				     struct http_response *rs)
{
	struct MHD_Response *r;
	enum MHD_Result ok;
	int status = rs->status ? rs->status : 200;
	bool cacheable = false;

	if (rs->stream == WEB_STREAM_FLAGS && s->ev) {
		struct stream *st = calloc(1, sizeof *st);
		if (!st)
			return MHD_NO;
		st->srv = s;
		st->started = time(NULL);
		events_cursor_init(s->ev, &st->cur, c, rs->stream_site);
		r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, stream_read, st, stream_free);
		if (!r) {
			free(st);
			return MHD_NO;
		}
		MHD_add_response_header(r, "Content-Type", "text/event-stream; charset=utf-8");
		MHD_add_response_header(r, "X-Accel-Buffering", "no");
		security_headers(s, r, true);
		ok = MHD_queue_response(con, 200, r);
		MHD_destroy_response(r);
		return ok;
	}
	size_t len;
	char *body;
	if (rs->body.failed) {
		buf_free(&rs->body);
		status = 500;
		body = strdup("500 Internal Server Error: the answer did not fit in memory\n");
		len = body ? strlen(body) : 0;
		rs->type = "text/plain; charset=utf-8";
		rs->nheaders = 0;
	} else {
		body = buf_take(&rs->body, &len);
	}
	r = MHD_create_response_from_buffer(len, body ? body : (char *)"", body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", rs->type ? rs->type : "text/html; charset=utf-8");
	for (size_t i = 0; i < rs->nheaders; i++) {
		if (strcmp(rs->headers[i].name, "Cache-Control") == 0)
			cacheable = true;
		MHD_add_response_header(r, rs->headers[i].name, rs->headers[i].value);
	}
	security_headers(s, r, !cacheable || rs->download);
	ok = MHD_queue_response(con, (unsigned)status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url, const char *method,
				  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct server *s = cls;
	struct conn *cn = *con_cls;
	struct http_request rq = { 0 };
	struct http_response rs = { 0 };
	struct web_ctx c = { 0 };
	struct query_fill q = { 0 };
	struct timespec t0, t1;
	char remote[64];
	enum MHD_Result ok;

	(void)version;
	if (!cn) {
		if (!(cn = calloc(1, sizeof *cn)))
			return MHD_NO;
		*con_cls = cn;
		return MHD_YES;
	}
	if (*upload_size) {
		if (cn->body.len + *upload_size > HTTP_BODY_MAX)
			cn->too_large = true;
		else
			buf_put(&cn->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rq.method = http_method_parse(method);
	rq.path = url;
	rq.now = (int64_t)time(NULL);
	rq.https = s->tls_cert != NULL;
	rq.content_type = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Type");
	rq.cookie = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Cookie");
	rq.authorization = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Authorization");
	rq.accept = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Accept");
	rq.origin = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Origin");
	rq.host = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Host");
	remote_of(s, con, remote, sizeof remote);
	rq.remote = remote;
	rq.body = cn->body.p;
	rq.body_len = cn->body.len;

	c.conf = s->conf;
	c.utc_offset = s->conf->utc_offset_minutes * 60;
	c.now = rq.now;
	c.path = rq.path;
	c.publish = s->link ? publish : NULL;
	c.publish_ud = s;
	q.p = &rq.query;
	MHD_get_connection_values(con, MHD_GET_ARGUMENT_KIND, add_query, &q);

	if (cn->too_large) {
		web_fail(&c, &rq, &rs, 413, NULL, "Tệp hoặc nội dung gửi lên quá lớn (tối đa 1 MiB).",
			 "The request body is too large (at most 1 MiB).");
	} else if (q.rc != HL_OK) {
		web_fail(&c, &rq, &rs, 400, q.bad, "giá trị không phải văn bản UTF-8 hợp lệ hoặc có quá nhiều tham số",
			 "the value is not valid UTF-8 text, or there are too many parameters");
	} else if (!(c.store = pool_take(s))) {
		web_fail(&c, &rq, &rs, 503, NULL, "Máy chủ đang bận; xin thử lại sau ít giây.",
			 "The server is busy; try again in a few seconds.");
	} else {
		const char *bad = NULL;
		if (rq.content_type && strncasecmp(rq.content_type, "application/x-www-form-urlencoded", 33) == 0 &&
		    http_params_parse(&rq.form, rq.body ? rq.body : "", rq.body_len, &bad) != HL_OK)
			web_fail(&c, &rq, &rs, 400, bad, "biểu mẫu gửi lên không hợp lệ",
				 "the form is not valid urlencoded UTF-8 text");
		else
			web_dispatch(&c, &rq, &rs);
		pool_give(s, c.store);
		c.store = NULL;
	}
	if (rs.delay_ms > 0 && !s->stopping) { /* holds this connection's thread only */
		struct timespec d = { rs.delay_ms / 1000, (long)(rs.delay_ms % 1000) * 1000000L };
		while (nanosleep(&d, &d) != 0 && !s->stopping)
			;
	}
	ok = send_response(s, con, &c, &rs);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	int status = rs.status ? rs.status : 200;
	log_msg(status >= 500 ? LOG_WARN : LOG_DEBUG, "%s %s %d %.1f ms %s", method, url, status,
		(double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6, remote);
	http_response_free(&rs);
	http_request_free(&rq);
	return ok;
}

static void on_completed(void *cls, struct MHD_Connection *con, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct conn *cn = *con_cls;

	(void)cls;
	(void)con;
	(void)toe;
	if (cn) {
		buf_free(&cn->body);
		free(cn);
		*con_cls = NULL;
	}
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];

	(void)cls;
	vsnprintf(line, sizeof line, fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	log_msg(LOG_WARN, "http: %s", line);
}

/* ---- start and stop -------------------------------------------------------------------------------- */

static char *slurp(const char *path, char *why, size_t cap)
{
	FILE *f = fopen(path, "r");
	char *p = NULL;
	long n;

	if (!f) {
		snprintf(why, cap, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && n < (1 << 20) && fseek(f, 0, SEEK_SET) == 0 &&
	    (p = calloc(1, (size_t)n + 1)) && fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	if (!p)
		snprintf(why, cap, "cannot read %s", path);
	fclose(f);
	return p;
}

static int start_link(struct server *s, char *why, size_t cap)
{
	struct broker_url u;
	struct link_options o = { 0 };

	if (url_parse(s->conf->broker, &u) != HL_OK) {
		snprintf(why, cap, "broker '%s' is not mqtt[s]://HOST:PORT", s->conf->broker);
		return HL_ERR_INVALID;
	}
	link_options_broker(&o, &u, &s->conf->sec);
	o.refusal = LINK_RETRY_ALL;
	o.client_id = s->conf->sec.username[0] ? s->conf->sec.username : NULL;
	if (link_start(&o, &s->link) != HL_OK) {
		snprintf(why, cap, "cannot start the broker link to %s", s->conf->broker);
		return HL_ERR_NET;
	}
	return HL_OK;
}

int server_start(const struct web_conf *conf, struct server **out, char *why, size_t cap)
{
	struct server *s;
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE }, *ai = NULL;
	char host[80], portstr[8];
	int port, rc;
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;

	*out = NULL;
	if (web_conf_listen(conf->listen, host, sizeof host, &port) != HL_OK) {
		snprintf(why, cap, "listen '%s' is not HOST:PORT", conf->listen);
		return HL_ERR_INVALID;
	}
	if (access(conf->db, R_OK | W_OK) != 0) {
		snprintf(why, cap, "cannot open the database %s: %s (start the aggregator first, or give --db)", conf->db,
			 strerror(errno));
		return HL_ERR_IO;
	}
	if (!(s = calloc(1, sizeof *s)))
		return HL_ERR_NOMEM;
	s->conf = conf;
	pthread_mutex_init(&s->mu, NULL);
	pthread_mutex_init(&s->pub_mu, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cv, &ca);
	pthread_condattr_destroy(&ca);
	for (int i = 0; i < conf->db_connections && i < POOL_MAX; i++) {
		char err[256];
		if (store_open(conf->db, conf->utc_offset_minutes * 60, &s->pool[i], err, sizeof err) != HL_OK) {
			snprintf(why, cap, "cannot open the database %s: %s", conf->db, err);
			rc = HL_ERR_DB;
			goto fail;
		}
		s->npool++;
		/* Reports read a few thousand roll-up rows: 4 MiB of pages each keeps the console small. */
		store_set_cache(s->pool[i], 4096);
	}
	if ((rc = cache_new(&s->cache)) != HL_OK) {
		snprintf(why, cap, "out of memory");
		goto fail;
	}
	cache_set_global(s->cache);
	if ((rc = events_start(conf->db, conf->utc_offset_minutes * 60, &s->ev, why, cap)) != HL_OK)
		goto fail;
	events_set_global(s->ev);
	if (conf->broker[0] && (rc = start_link(s, why, cap)) != HL_OK)
		goto fail;
	if (conf->tls_cert[0]) {
		if (!(s->tls_cert = slurp(conf->tls_cert, why, cap)) || !(s->tls_key = slurp(conf->tls_key, why, cap))) {
			rc = HL_ERR_IO;
			goto fail;
		}
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			snprintf(why, cap, "this libmicrohttpd has no HTTPS support; use a reverse proxy (README)");
			rc = HL_ERR_INVALID;
			goto fail;
		}
		flags |= MHD_USE_TLS;
	}
	snprintf(portstr, sizeof portstr, "%d", port);
	if (getaddrinfo(host, portstr, &hints, &ai) != 0 || !ai) {
		snprintf(why, cap, "cannot resolve the listen address %s", host);
		rc = HL_ERR_INVALID;
		goto fail;
	}
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->d = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log,
				s, MHD_OPTION_SOCK_ADDR, ai->ai_addr,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)conf->connections_max,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120, MHD_OPTION_THREAD_STACK_SIZE,
				(size_t)1024 * 1024, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				s->tls_cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, s->tls_cert,
				MHD_OPTION_HTTPS_MEM_KEY, s->tls_key, MHD_OPTION_END);
	freeaddrinfo(ai);
	if (!s->d) {
		snprintf(why, cap, "cannot listen on %s: %s", conf->listen,
			 errno ? strerror(errno) : "the address is in use or not this machine's");
		rc = HL_ERR_NET;
		goto fail;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : port;
	*out = s;
	return HL_OK;
fail:
	server_stop(s);
	return rc;
}

int server_port(const struct server *s)
{
	return s->port;
}

void server_stop(struct server *s)
{
	if (!s)
		return;
	s->stopping = 1;
	pthread_mutex_lock(&s->mu);
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	/* Wake every waiting stream: it sends that last message, sees stopping and ends; then the
	 * daemon's connection threads can be joined, and only then the watcher freed. */
	if (s->ev)
		events_poke(s->ev);
	if (s->d)
		MHD_stop_daemon(s->d);
	events_set_global(NULL);
	events_stop(s->ev);
	cache_set_global(NULL);
	cache_free(s->cache);
	link_stop(s->link, NULL);
	for (int i = 0; i < s->npool; i++)
		store_close(s->pool[i]);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	pthread_mutex_destroy(&s->pub_mu);
	free(s->tls_cert);
	free(s->tls_key);
	free(s);
}
