/* SPDX-License-Identifier: MIT
 * link_inbox.c — the link's inbound queue: messages from the broker, copied on the network thread and
 * taken in batches by the owner. It is bounded by count and by bytes; when full, the network thread
 * waits here, which stops it reading the socket, so the broker holds the backlog instead of our
 * memory. A message larger than its reader takes is never copied (see link_msg_copy). Owns the
 * queued messages until they are taken; touches nothing of the connection. */
#include "link_int.h"

#include "log.h"

#include <stdlib.h>
#include <string.h>

/* A message too large for its reader (payload over msg_max, or a topic longer than LINK_TOPIC_MAX)
 * is not copied: it is queued as a stub with an empty payload, its size and a topic cut short, so the
 * reader can say what came without anyone holding megabytes of it. */
static struct link_msg *link_msg_copy(struct link *l, const struct mosquitto_message *msg)
{
	struct link_msg *lm = calloc(1, sizeof *lm);
	size_t tlen = strlen(msg->topic), plen = (size_t)msg->payloadlen;

	if (!lm)
		return NULL;
	lm->oversize = plen > l->msg_max || tlen > LINK_TOPIC_MAX;
	lm->size = plen;
	lm->retain = msg->retain;
	lm->topic = strndup(msg->topic, lm->oversize && tlen > LINK_TOPIC_MAX ? LINK_TOPIC_MAX : tlen);
	lm->payload = malloc(lm->oversize ? 1 : plen + 1);
	if (!lm->topic || !lm->payload) {
		link_msgs_free(lm);
		return NULL;
	}
	if (!lm->oversize && plen > 0) /* an empty message (a cleared retained topic) has no buffer */
		memcpy(lm->payload, msg->payload, plen);
	lm->len = lm->oversize ? 0 : plen;
	((char *)lm->payload)[lm->len] = '\0';
	return lm;
}

void link_on_message(struct mosquitto *m, void *ud, const struct mosquitto_message *msg,
			    const mosquitto_property *p)
{
	struct link *l = ud;
	struct link_msg *lm = link_msg_copy(l, msg);

	(void)m;
	(void)p;
	if (!lm) {
		/* The broker already has its ack; the sender's resend recovers this one. */
		log_msg(LOG_ERROR, "out of memory: dropped a message on %.200s", msg->topic);
		return;
	}
	size_t bytes = lm->len + strlen(lm->topic) + sizeof *lm;
	pthread_mutex_lock(&l->mu);
	l->oversize += lm->oversize;
	/* Full by count or by bytes: wait, which stops this thread reading the socket, so the broker
	 * holds the backlog. An empty queue always takes one message, however large. */
	while ((l->queued >= l->queue_max || (l->queued > 0 && l->queued_bytes + bytes > l->queue_bytes_max)) &&
	       !l->stopping) {
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
	l->queued_bytes += bytes;
	pthread_cond_broadcast(&l->cond);
	pthread_mutex_unlock(&l->mu);
	link_notify(l);
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
		size_t bytes = m->len + strlen(m->topic) + sizeof *m;
		l->queued_bytes = l->queued_bytes > bytes ? l->queued_bytes - bytes : 0;
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
