/* SPDX-License-Identifier: MIT
 * link.c — libmosquitto acknowledges a QoS 1 message before our callback runs, so this queue is not
 * a promise to anyone: the aggregator's receipt is (DESIGN §3). The network thread runs its own
 * connect loop rather than mosquitto_loop_forever, because that one gives up for good on a TLS
 * failure and cannot re-read a password between attempts: ours reads the password file, connects,
 * runs mosquitto_loop until the connection ends, explains why it ended, waits with back-off and
 * tries again, so a rotated password, a renewed certificate or a fixed ACL heals without a restart.
 * OpenSSL's messages through libmosquitto say only "certificate verify failed", so a failed
 * handshake is explained by tls_probe (expired, unknown CA, host name).
 * The inbound queue and its bounds are link_inbox.c's. */
#include "link.h"
#include "link_int.h"

#include "hl.h"
#include "log.h"
#include "secret.h"
#include "link_why.h"
#include "url.h"

#include <errno.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t link_lib_mu = PTHREAD_MUTEX_INITIALIZER;
static int link_lib_users;
/* libmosquitto 2.0.11 sets up OpenSSL on the first TLS connect without a lock: links connecting at
 * once each did it and leaked. The first TLS handshake of the process is made one at a time. */
static pthread_mutex_t link_tls_first_mu = PTHREAD_MUTEX_INITIALIZER;
static bool link_tls_ready;
enum { LINK_ANSWER_S = 15 }; /* seconds from connect to the broker's answer to the login */

/* Every wait is on the monotonic clock (the condition variable is made for it in link_start): a wall
 * clock stepped back by NTP or by hand would otherwise stretch a 200 ms wait into hours. */
void link_deadline(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

void link_notify(struct link *l)
{
	if (l->notify)
		l->notify(l->notify_ud);
}

static void link_on_connect(struct mosquitto *m, void *ud, int rc, int flags, const mosquitto_property *p)
{
	struct link *l = ud;

	(void)flags;
	(void)p;
	l->answered = true;
	if (rc != 0) {
		l->refused_rc = rc; /* the broker closes the connection; link_main explains and retries */
		return;
	}
	for (size_t i = 0; i < l->nsubs; i++)
		if (mosquitto_subscribe_v5(m, &l->sub_mids[i], l->subs[i], 1, 0, NULL) != MOSQ_ERR_SUCCESS)
			log_msg(LOG_WARN, "subscribe %s failed", l->subs[i]);
	pthread_mutex_lock(&l->mu);
	l->connected = true;
	pthread_mutex_unlock(&l->mu);
	log_msg(LOG_INFO, "connected to the broker");
	link_notify(l);
}

/* An ACL that forbids a subscription answers with a refusal code in the SUBACK: say which topic. */
static void link_on_subscribe(struct mosquitto *m, void *ud, int mid, int n, const int *granted,
			      const mosquitto_property *p)
{
	struct link *l = ud;

	(void)m;
	(void)p;
	for (size_t i = 0; i < l->nsubs; i++)
		if (l->sub_mids[i] == mid && n > 0 && granted[0] >= 128)
			log_msg(LOG_WARN, "the broker refused the subscription to %s: %s", l->subs[i],
				mosquitto_reason_string(granted[0]));
}

static void link_on_disconnect(struct mosquitto *m, void *ud, int rc, const mosquitto_property *p)
{
	struct link *l = ud;
	bool was;

	(void)m;
	(void)p;
	pthread_mutex_lock(&l->mu);
	was = l->connected;
	l->connected = false;
	pthread_mutex_unlock(&l->mu);
	(void)was;
	(void)rc; /* link_main explains and logs how the connection ended */
	link_notify(l);
}

static void link_on_publish(struct mosquitto *m, void *ud, int mid, int rc, const mosquitto_property *p)
{
	struct link *l = ud;

	(void)m;
	(void)mid;
	(void)p;
	if (rc >= 128) /* MQTT v5: the broker answered the publish with a refusal (e.g. not authorised) */
		log_msg(LOG_WARN, "the broker refused a publish: %s", mosquitto_reason_string(rc));
	pthread_mutex_lock(&l->mu);
	l->acked++;
	l->denied += rc >= 128;
	pthread_cond_broadcast(&l->cond);
	pthread_mutex_unlock(&l->mu);
}

/* libmosquitto reports TLS trouble through its log; keep the last OpenSSL line for the explanation. */
static void link_on_log(struct mosquitto *m, void *ud, int level, const char *str)
{
	struct link *l = ud;
	const char *tail;

	(void)m;
	if (level != MOSQ_LOG_ERR || !strstr(str, "OpenSSL Error"))
		return;
	tail = strrchr(str, ':'); /* "OpenSSL Error[0]: error:0A000418:SSL routines::tlsv1 alert unknown ca" */
	snprintf(l->ssl_error, sizeof l->ssl_error, "%s", tail && tail[1] ? tail + 1 : str);
}

/* Whether the failure just explained ends the link under its refusal policy. */
static bool link_gives_up(const struct link *l, bool creds_failed)
{
	bool refused = l->refused_rc != 0 || creds_failed || l->tls_failed;

	switch (l->refusal) {
	case LINK_RETRY_NONE:
		return refused;
	case LINK_RETRY_HEALABLE:
		/* Without a username nothing but a new config can change the broker's mind, and a new
		 * config needs a restart; with one, the password file is read again on each attempt. */
		return link_refusal_final(l->refused_rc) ||
		       (!l->username[0] && (l->refused_rc == MQTT_RC_NOT_AUTHORIZED || l->refused_rc == 5 ||
					    l->refused_rc == MQTT_RC_BAD_USERNAME_OR_PASSWORD || l->refused_rc == 4));
	case LINK_RETRY_ALL:
	default:
		return false;
	}
}

/* Reads the password file again (it may have been rotated) and hands the login to libmosquitto. */
static int link_credentials(struct link *l, char *why, size_t cap)
{
	char pw[SECRET_MAX + 1];
	int rc;

	if (!l->username[0])
		return HL_OK;
	if (!l->password_file[0])
		return mosquitto_username_pw_set(l->mosq, l->username, NULL) == MOSQ_ERR_SUCCESS ? HL_OK : HL_ERR_NOMEM;
	rc = secret_read(l->password_file, pw, sizeof pw, why, cap);
	if (rc == HL_OK && mosquitto_username_pw_set(l->mosq, l->username, pw) != MOSQ_ERR_SUCCESS) {
		snprintf(why, cap, "out of memory");
		rc = HL_ERR_NOMEM;
	}
	secret_wipe(pw, sizeof pw);
	return rc;
}

static bool link_stopping(struct link *l)
{
	pthread_mutex_lock(&l->mu);
	bool s = l->stopping;
	pthread_mutex_unlock(&l->mu);
	return s;
}

/* One connection from connect to its end. Returns what ended it; *err is errno at that moment. */
static int link_session(struct link *l, int *err)
{
	bool serial = false;
	int rc, spins = 0;

	if (l->tls) {
		pthread_mutex_lock(&link_tls_first_mu);
		serial = !link_tls_ready;
		if (!serial)
			pthread_mutex_unlock(&link_tls_first_mu);
	}
	rc = mosquitto_connect_bind_v5(l->mosq, l->host, l->port, 30, NULL, l->props);
	*err = errno;
	if (serial) {
		/* Past the TCP connect libmosquitto has set OpenSSL up, whatever the handshake's fate. */
		link_tls_ready = rc != MOSQ_ERR_ERRNO && rc != MOSQ_ERR_EAI;
		pthread_mutex_unlock(&link_tls_first_mu);
	}
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (rc == MOSQ_ERR_SUCCESS) {
		rc = mosquitto_loop(l->mosq, 1000, 1);
		*err = errno;
		/* A connection whose login is never answered is given up on and tried afresh, rather than
		 * left to the keepalive: libmosquitto 2.0.11 can miss a CONNACK that follows a slow TLS
		 * handshake (seen under valgrind), and a new attempt then gets in. */
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (rc == MOSQ_ERR_SUCCESS && !l->answered && t.tv_sec - t0.tv_sec >= LINK_ANSWER_S) {
			rc = MOSQ_ERR_TIMEOUT;
			break;
		}
		/* link_stop's disconnect can land before the connect did; say goodbye once more here. */
		if (rc == MOSQ_ERR_SUCCESS && link_stopping(l)) {
			if (spins++ == 0)
				mosquitto_disconnect_v5(l->mosq, MQTT_RC_NORMAL_DISCONNECTION, NULL);
			else if (spins > 20)
				break;
		}
	}
	return rc;
}

static void *link_main(void *arg)
{
	struct link *l = arg;
	char why[sizeof l->last_error], logged[sizeof l->last_error] = "";
	time_t logged_at = -3600;
	int delay = 1;

	while (!link_stopping(l)) {
		int rc = MOSQ_ERR_SUCCESS, err = 0;
		bool creds_failed, was_connected;

		l->refused_rc = 0;
		l->answered = l->tls_failed = false;
		l->ssl_error[0] = '\0';
		why[0] = '\0';
		creds_failed = link_credentials(l, why, sizeof why) != HL_OK;
		if (!creds_failed)
			rc = link_session(l, &err);
		pthread_mutex_lock(&l->mu);
		was_connected = l->connected;
		l->connected = false;
		bool stopping = l->stopping;
		pthread_mutex_unlock(&l->mu);
		if (stopping)
			break;
		if (was_connected)
			delay = 1;
		if (!creds_failed)
			l->tls_failed = link_why(&(struct link_attempt){
				.host = l->host, .port = l->port, .username = l->username,
				.password_file = l->password_file, .cafile = l->cafile, .certfile = l->certfile,
				.keyfile = l->keyfile, .tls = l->tls, .answered = l->answered,
				.refused_rc = l->refused_rc, .ssl_error = l->ssl_error, .rc = rc, .err = err,
			}, why, sizeof why);
		/* One line per distinct failure, repeated at most once a minute while it lasts. */
		struct timespec mono;
		clock_gettime(CLOCK_MONOTONIC, &mono);
		time_t now = mono.tv_sec;
		if (strcmp(why, logged) != 0 || now - logged_at >= 60) {
			log_msg(LOG_WARN, "%s; retrying", why);
			snprintf(logged, sizeof logged, "%s", why);
			logged_at = now;
		}
		bool give_up = link_gives_up(l, creds_failed);
		pthread_mutex_lock(&l->mu);
		snprintf(l->last_error, sizeof l->last_error, "%s", why);
		if (give_up) {
			l->failed = true;
			snprintf(l->why, sizeof l->why, "%s", why);
		}
		pthread_cond_broadcast(&l->cond);
		pthread_mutex_unlock(&l->mu);
		link_notify(l);
		if (give_up)
			break;
		/* Back off, waking early for link_stop. */
		struct timespec ts;
		link_deadline(&ts, delay * 1000);
		pthread_mutex_lock(&l->mu);
		while (!l->stopping && pthread_cond_timedwait(&l->cond, &l->mu, &ts) == 0)
			;
		pthread_mutex_unlock(&l->mu);
		delay = delay * 2 > l->reconnect_max ? l->reconnect_max : delay * 2;
	}
	pthread_mutex_lock(&l->mu);
	l->connected = false;
	pthread_cond_broadcast(&l->cond);
	pthread_mutex_unlock(&l->mu);
	link_notify(l);
	return NULL;
}

static void link_free(struct link *l)
{
	if (!l)
		return;
	mosquitto_destroy(l->mosq);
	mosquitto_property_free_all(&l->props);
	for (size_t i = 0; i < l->nsubs; i++)
		free(l->subs[i]);
	free(l->subs);
	free(l->sub_mids);
	link_msgs_free(l->head);
	pthread_mutex_destroy(&l->mu);
	pthread_cond_destroy(&l->cond);
	free(l);
	pthread_mutex_lock(&link_lib_mu);
	if (--link_lib_users == 0)
		mosquitto_lib_cleanup();
	pthread_mutex_unlock(&link_lib_mu);
}

/* TLS 1.2 or later, the broker's certificate checked against cafile and its host name (libmosquitto
 * does the host name check unless told to be insecure, which we never do). libmosquitto reads the
 * files again on every connect, so renewed certificates are picked up without a restart. */
static int link_setup_tls(struct link *l, const struct link_options *o)
{
	const char *cert = o->certfile && o->certfile[0] ? o->certfile : NULL;
	const char *key = o->keyfile && o->keyfile[0] ? o->keyfile : NULL;

	if (!o->cafile || !o->cafile[0] ||
	    snprintf(l->cafile, sizeof l->cafile, "%s", o->cafile) >= (int)sizeof l->cafile ||
	    snprintf(l->certfile, sizeof l->certfile, "%s", cert ? cert : "") >= (int)sizeof l->certfile ||
	    snprintf(l->keyfile, sizeof l->keyfile, "%s", key ? key : "") >= (int)sizeof l->keyfile)
		return HL_ERR_INVALID;
	l->tls = true;
	if (mosquitto_tls_set(l->mosq, o->cafile, NULL, cert, key, NULL) != MOSQ_ERR_SUCCESS ||
	    mosquitto_tls_opts_set(l->mosq, 1, "tlsv1.2", NULL) != MOSQ_ERR_SUCCESS)
		return HL_ERR_INVALID;
	return HL_OK;
}

static int link_setup(struct link *l, const struct link_options *o)
{
	l->mosq = mosquitto_new(o->client_id, !o->persistent, l);
	if (!l->mosq)
		return HL_ERR_NOMEM;
	mosquitto_threaded_set(l->mosq, true); /* publishes from other threads wake the network thread */
	mosquitto_int_option(l->mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
	mosquitto_int_option(l->mosq, MOSQ_OPT_TCP_NODELAY, 1); /* a rating is one small packet: no Nagle wait */
	mosquitto_int_option(l->mosq, MOSQ_OPT_RECEIVE_MAXIMUM, o->receive_max ? o->receive_max : 1000);
	mosquitto_connect_v5_callback_set(l->mosq, link_on_connect);
	mosquitto_disconnect_v5_callback_set(l->mosq, link_on_disconnect);
	mosquitto_publish_v5_callback_set(l->mosq, link_on_publish);
	mosquitto_message_v5_callback_set(l->mosq, link_on_message);
	mosquitto_log_callback_set(l->mosq, link_on_log);
	mosquitto_subscribe_v5_callback_set(l->mosq, link_on_subscribe);
	if (o->will_topic && mosquitto_will_set_v5(l->mosq, o->will_topic, (int)o->will_len, o->will_payload,
						   1, o->will_retain, NULL) != MOSQ_ERR_SUCCESS)
		return HL_ERR_INVALID;
	if (o->persistent &&
	    mosquitto_property_add_int32(&l->props, MQTT_PROP_SESSION_EXPIRY_INTERVAL, o->session_expiry) !=
		    MOSQ_ERR_SUCCESS)
		return HL_ERR_NOMEM;
	/* The broker is told not to send packets much larger than our readers take (MQTT v5 maximum
	 * packet size; the broker drops them instead): room for msg_max, the longest topic MQTT allows
	 * and the headers, so that an oversize message still arrives as a stub to be named. */
	size_t msg_max = o->msg_max ? o->msg_max : LINK_MSG_MAX;
	if (mosquitto_property_add_int32(&l->props, MQTT_PROP_MAXIMUM_PACKET_SIZE,
					 (uint32_t)(msg_max * 2 + 65536 + 64)) != MOSQ_ERR_SUCCESS)
		return HL_ERR_NOMEM;
	if (snprintf(l->host, sizeof l->host, "%s", o->host) >= (int)sizeof l->host)
		return HL_ERR_INVALID;
	l->port = o->port;
	l->refusal = o->refusal;
	l->reconnect_max = o->reconnect_max ? o->reconnect_max : 4;
	if ((o->username && snprintf(l->username, sizeof l->username, "%s", o->username) >= (int)sizeof l->username) ||
	    (o->password_file &&
	     snprintf(l->password_file, sizeof l->password_file, "%s", o->password_file) >= (int)sizeof l->password_file))
		return HL_ERR_INVALID;
	return o->tls ? link_setup_tls(l, o) : HL_OK;
}

int link_start(const struct link_options *o, struct link **out)
{
	struct link *l;
	int rc;

	*out = NULL;
	if (!o->host || o->port < 1 || o->port > 65535)
		return HL_ERR_INVALID;
	l = calloc(1, sizeof *l);
	if (!l)
		return HL_ERR_NOMEM;
	pthread_mutex_lock(&link_lib_mu);
	if (link_lib_users++ == 0)
		mosquitto_lib_init();
	pthread_mutex_unlock(&link_lib_mu);
	pthread_mutex_init(&l->mu, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&l->cond, &ca);
	pthread_condattr_destroy(&ca);
	l->queue_max = o->queue_max ? o->queue_max : 10000;
	l->queue_bytes_max = o->queue_bytes_max ? o->queue_bytes_max : LINK_QUEUE_BYTES;
	l->msg_max = o->msg_max ? o->msg_max : LINK_MSG_MAX;
	l->notify = o->notify;
	l->notify_ud = o->notify_ud;
	for (const char *const *s = o->subscriptions; s && *s; s++)
		l->nsubs++;
	l->subs = calloc(l->nsubs + 1, sizeof *l->subs);
	l->sub_mids = calloc(l->nsubs + 1, sizeof *l->sub_mids);
	for (size_t i = 0; l->subs && i < l->nsubs; i++)
		if (!(l->subs[i] = strdup(o->subscriptions[i])))
			goto nomem;
	if (!l->subs || !l->sub_mids)
		goto nomem;
	rc = link_setup(l, o);
	if (rc != HL_OK) {
		link_free(l);
		return rc;
	}
	if (pthread_create(&l->thread, NULL, link_main, l) != 0) {
		link_free(l);
		return HL_ERR_NET;
	}
	*out = l;
	return HL_OK;
nomem:
	link_free(l);
	return HL_ERR_NOMEM;
}

int link_publish(struct link *l, const char *topic, const void *payload, size_t len, int qos, bool retain)
{
	int rc = mosquitto_publish_v5(l->mosq, NULL, topic, (int)len, payload, qos, retain, NULL);

	if (rc != MOSQ_ERR_SUCCESS)
		return HL_ERR_NET;
	if (qos > 0) {
		pthread_mutex_lock(&l->mu);
		l->published++;
		pthread_mutex_unlock(&l->mu);
	}
	return HL_OK;
}

int link_flush(struct link *l, int timeout_ms)
{
	struct timespec ts;
	bool done;

	link_deadline(&ts, timeout_ms);
	pthread_mutex_lock(&l->mu);
	while (l->acked < l->published && !l->failed)
		if (pthread_cond_timedwait(&l->cond, &l->mu, &ts) != 0)
			break;
	done = l->acked >= l->published;
	bool denied = l->denied > 0;
	pthread_mutex_unlock(&l->mu);
	return !done ? HL_ERR_NET : denied ? HL_ERR_INVALID : HL_OK;
}

bool link_connected(struct link *l)
{
	bool c;

	pthread_mutex_lock(&l->mu);
	c = l->connected;
	pthread_mutex_unlock(&l->mu);
	return c;
}

bool link_failed(struct link *l, char *msg, size_t cap)
{
	bool f;

	pthread_mutex_lock(&l->mu);
	f = l->failed;
	if (f && cap)
		snprintf(msg, cap, "%s", l->why);
	pthread_mutex_unlock(&l->mu);
	return f;
}

void link_stop(struct link *l, struct link_msg **rest)
{
	if (rest)
		*rest = NULL;
	if (!l)
		return;
	pthread_mutex_lock(&l->mu);
	l->stopping = true;
	pthread_cond_broadcast(&l->cond);
	pthread_mutex_unlock(&l->mu);
	mosquitto_disconnect_v5(l->mosq, MQTT_RC_NORMAL_DISCONNECTION, NULL);
	pthread_join(l->thread, NULL);
	if (rest) {
		*rest = l->head;
		l->head = l->tail = NULL;
	}
	link_free(l);
}

void link_last_error(struct link *l, char *msg, size_t cap)
{
	pthread_mutex_lock(&l->mu);
	snprintf(msg, cap, "%s", l->last_error);
	pthread_mutex_unlock(&l->mu);
}

void link_options_broker(struct link_options *o, const struct broker_url *u, const struct broker_security *s)
{
	o->host = u->host;
	o->port = u->port;
	o->tls = u->tls;
	o->cafile = s->cafile;
	o->certfile = s->certfile;
	o->keyfile = s->keyfile;
	o->username = s->username;
	o->password_file = s->password_file;
}
