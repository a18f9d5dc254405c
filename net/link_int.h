/* SPDX-License-Identifier: MIT
 * link_int.h — what the parts of the MQTT link share (link.c: connect loop, publish, flush; link_inbox.c:
 * the inbound queue): the link's state and the few helpers both use. Not for callers of link.h. */
#ifndef HL_LINK_INT_H
#define HL_LINK_INT_H

#include "link.h"

#include <mosquitto.h>
#include <pthread.h>
#include <time.h>

struct link {
	struct mosquitto *mosq;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	struct link_msg *head, *tail;
	size_t queued, queue_max;
	size_t queued_bytes, queue_bytes_max; /* payloads and topics held in the queue */
	size_t msg_max;                       /* larger payloads are queued as an oversize stub */
	uint64_t oversize;                    /* stubs made so far */
	char **subs;
	int *sub_mids; /* message ids of the latest SUBSCRIBEs, to name a refused one */
	size_t nsubs;
	void (*notify)(void *ud);
	void *notify_ud;
	bool connected, stopping, failed;
	char why[700];
	uint64_t published, acked, denied;
	char host[256];
	int port;
	mosquitto_property *props; /* CONNECT properties, sent again on every attempt */
	/* Login and retry policy (copies of the options). */
	char username[128], password_file[512], cafile[512], certfile[512], keyfile[512];
	bool tls;
	enum link_refusal refusal;
	int reconnect_max;
	/* What the current attempt learnt; written and read on the network thread only. */
	int refused_rc;       /* CONNACK reason code, 0 when none */
	bool answered;        /* a CONNACK came */
	bool tls_failed;      /* the attempt ended in the TLS handshake */
	char ssl_error[160];  /* the last OpenSSL error libmosquitto logged */
	/* The last failure in words, for link_last_error (under mu). */
	char last_error[700];
};

/* An absolute deadline ms from now on CLOCK_MONOTONIC, the clock l->cond waits by. */
void link_deadline(struct timespec *ts, int ms);
/* Calls the owner's notify callback, if any. */
void link_notify(struct link *l);
/* libmosquitto's message callback: copies (or stubs) the message into the bounded queue. */
void link_on_message(struct mosquitto *m, void *ud, const struct mosquitto_message *msg,
		     const mosquitto_property *p);

#endif
