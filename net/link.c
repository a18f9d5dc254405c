/* SPDX-License-Identifier: MIT
 * link.c — libmosquitto acknowledges a QoS 1 message before our callback runs, so this queue is not
 * a promise to anyone: the aggregator's receipt is (DESIGN §3). The network thread runs
 * mosquitto_loop_forever, which reconnects by itself; when it returns without being asked to, the
 * link has failed for good. When the queue is full the network thread waits, which stops it reading
 * the socket, so the broker holds the backlog instead of our memory. */
#include "link.h"

#include "hl.h"
#include "log.h"

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct link {
	struct mosquitto *mosq;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	struct link_msg *head, *tail;
	size_t queued, queue_max;
	char **subs;
	size_t nsubs;
	void (*notify)(void *ud);
	void *notify_ud;
	bool connected, stopping, failed;
	char why[160];
	uint64_t published, acked;
	char host[256];
	int port;
	mosquitto_property *props; /* CONNECT properties; libmosquitto keeps a copy for reconnects */
};

static pthread_mutex_t link_lib_mu = PTHREAD_MUTEX_INITIALIZER;
static int link_lib_users;

static void link_deadline(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static void link_notify(struct link *l)
{
	if (l->notify)
		l->notify(l->notify_ud);
}

static void link_on_connect(struct mosquitto *m, void *ud, int rc, int flags, const mosquitto_property *p)
{
	struct link *l = ud;

	(void)flags;
	(void)p;
	if (rc != 0) {
		pthread_mutex_lock(&l->mu);
		l->failed = true;
		snprintf(l->why, sizeof l->why, "broker refused the connection: %s", mosquitto_reason_string(rc));
		pthread_mutex_unlock(&l->mu);
		mosquitto_disconnect(m);
		link_notify(l);
		return;
	}
	for (size_t i = 0; i < l->nsubs; i++)
		if (mosquitto_subscribe_v5(m, NULL, l->subs[i], 1, 0, NULL) != MOSQ_ERR_SUCCESS)
			log_msg(LOG_WARN, "subscribe %s failed", l->subs[i]);
	pthread_mutex_lock(&l->mu);
	l->connected = true;
	pthread_mutex_unlock(&l->mu);
	log_msg(LOG_INFO, "connected to the broker");
	link_notify(l);
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
	if (was && rc != 0)
		log_msg(LOG_WARN, "lost the broker (%s); reconnecting", mosquitto_strerror(rc));
	link_notify(l);
}

static void link_on_publish(struct mosquitto *m, void *ud, int mid, int rc, const mosquitto_property *p)
{
	struct link *l = ud;

	(void)m;
	(void)mid;
	(void)rc;
	(void)p;
	pthread_mutex_lock(&l->mu);
	l->acked++;
	pthread_cond_broadcast(&l->cond);
	pthread_mutex_unlock(&l->mu);
}

static void link_on_message(struct mosquitto *m, void *ud, const struct mosquitto_message *msg,
			    const mosquitto_property *p)
{
	struct link *l = ud;
	struct link_msg *lm = calloc(1, sizeof *lm);

	(void)m;
	(void)p;
	if (lm) {
		lm->topic = strdup(msg->topic);
		lm->payload = malloc((size_t)msg->payloadlen + 1);
	}
	if (!lm || !lm->topic || !lm->payload) {
		/* The broker already has its ack; the sender's resend recovers this one. */
		log_msg(LOG_ERROR, "out of memory: dropped a message on %s", msg->topic);
		link_msgs_free(lm);
		return;
	}
	if (msg->payloadlen > 0) /* an empty message (a cleared retained topic) has no buffer */
		memcpy(lm->payload, msg->payload, (size_t)msg->payloadlen);
	((char *)lm->payload)[msg->payloadlen] = '\0';
	lm->len = (size_t)msg->payloadlen;
	lm->retain = msg->retain;
	pthread_mutex_lock(&l->mu);
	while (l->queued >= l->queue_max && !l->stopping) {
		struct timespec ts;
		link_deadline(&ts, 100);
		pthread_cond_timedwait(&l->cond, &l->mu, &ts);
	}
	if (l->tail)
		l->tail->next = lm;
	else
		l->head = lm;
	l->tail = lm;
	l->queued++;
	pthread_cond_broadcast(&l->cond);
	pthread_mutex_unlock(&l->mu);
	link_notify(l);
}

static void *link_main(void *arg)
{
	struct link *l = arg;
	/* The first connect runs here, not in link_start, so a slow or absent network never holds up the
	 * caller. A failure is retried by the loop, which reuses the host and the properties. */
	int rc = mosquitto_connect_bind_v5(l->mosq, l->host, l->port, 30, NULL, l->props);

	if (rc != MOSQ_ERR_SUCCESS)
		log_msg(LOG_WARN, "broker %s:%d not reachable yet (%s); will keep trying", l->host, l->port,
			rc == MOSQ_ERR_ERRNO ? "connection failed" : mosquitto_strerror(rc));
	pthread_mutex_lock(&l->mu);
	bool stopping = l->stopping; /* link_stop ran before the connect: its disconnect was undone */
	pthread_mutex_unlock(&l->mu);
	if (!stopping)
		rc = mosquitto_loop_forever(l->mosq, 1000, 1);

	pthread_mutex_lock(&l->mu);
	if (!l->stopping && !l->failed) {
		l->failed = true;
		snprintf(l->why, sizeof l->why, "network loop ended: %s", mosquitto_strerror(rc));
	}
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
	link_msgs_free(l->head);
	pthread_mutex_destroy(&l->mu);
	pthread_cond_destroy(&l->cond);
	free(l);
	pthread_mutex_lock(&link_lib_mu);
	if (--link_lib_users == 0)
		mosquitto_lib_cleanup();
	pthread_mutex_unlock(&link_lib_mu);
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
	mosquitto_reconnect_delay_set(l->mosq, 1, (unsigned)(o->reconnect_max ? o->reconnect_max : 4), true);
	mosquitto_connect_v5_callback_set(l->mosq, link_on_connect);
	mosquitto_disconnect_v5_callback_set(l->mosq, link_on_disconnect);
	mosquitto_publish_v5_callback_set(l->mosq, link_on_publish);
	mosquitto_message_v5_callback_set(l->mosq, link_on_message);
	if (o->will_topic && mosquitto_will_set_v5(l->mosq, o->will_topic, (int)o->will_len, o->will_payload,
						   1, o->will_retain, NULL) != MOSQ_ERR_SUCCESS)
		return HL_ERR_INVALID;
	if (o->persistent &&
	    mosquitto_property_add_int32(&l->props, MQTT_PROP_SESSION_EXPIRY_INTERVAL, o->session_expiry) !=
		    MOSQ_ERR_SUCCESS)
		return HL_ERR_NOMEM;
	if (snprintf(l->host, sizeof l->host, "%s", o->host) >= (int)sizeof l->host)
		return HL_ERR_INVALID;
	l->port = o->port;
	return HL_OK;
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
	pthread_cond_init(&l->cond, NULL);
	l->queue_max = o->queue_max ? o->queue_max : 10000;
	l->notify = o->notify;
	l->notify_ud = o->notify_ud;
	for (const char *const *s = o->subscriptions; s && *s; s++)
		l->nsubs++;
	l->subs = calloc(l->nsubs + 1, sizeof *l->subs);
	for (size_t i = 0; l->subs && i < l->nsubs; i++)
		if (!(l->subs[i] = strdup(o->subscriptions[i])))
			goto nomem;
	if (!l->subs)
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

void link_take(struct link *l, int timeout_ms, size_t max, struct link_msg **head, size_t *n)
{
	struct link_msg *h = NULL, **tail = &h;
	struct timespec ts;
	size_t k = 0;

	link_deadline(&ts, timeout_ms);
	pthread_mutex_lock(&l->mu);
	while (!l->head && !l->stopping && !l->failed && timeout_ms > 0)
		if (pthread_cond_timedwait(&l->cond, &l->mu, &ts) != 0)
			break;
	while (l->head && k < max) {
		struct link_msg *m = l->head;
		l->head = m->next;
		m->next = NULL;
		*tail = m;
		tail = &m->next;
		k++;
	}
	if (!l->head)
		l->tail = NULL;
	l->queued -= k;
	pthread_cond_broadcast(&l->cond);
	pthread_mutex_unlock(&l->mu);
	*head = h;
	*n = k;
}

void link_msgs_free(struct link_msg *head)
{
	while (head) {
		struct link_msg *next = head->next;
		free(head->topic);
		free(head->payload);
		free(head);
		head = next;
	}
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
	pthread_mutex_unlock(&l->mu);
	return done ? HL_OK : HL_ERR_NET;
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
