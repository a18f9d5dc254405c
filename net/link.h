/* SPDX-License-Identifier: MIT
 * link.h — the one MQTT adapter (libmosquitto, MQTT v5), used by the aggregator, the terminal and the
 * tools. A link owns a network thread that connects, reconnects with back-off, subscribes again on
 * every connect and queues incoming messages; callers take whole batches of messages from that queue
 * and publish from any thread. It never decides what a message means.
 * Security: TLS 1.2 or later with the broker's certificate and host name checked against a CA file,
 * an optional client certificate, and a username whose password is read from its file before every
 * connect attempt (so a rotated password heals without a restart). Each failure is one log line that
 * says what failed: unknown CA, expired certificate, host name mismatch, bad username or password,
 * not authorised. */
#ifndef HL_LINK_H
#define HL_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a refusal (TLS failure, bad login, CONNACK with an error) does to the link. */
enum link_refusal {
	LINK_RETRY_ALL,      /* keep retrying with back-off (terminals: a fixed password or ACL heals) */
	LINK_RETRY_HEALABLE, /* retry, but fail for good on refusals no retry can heal (link_refusal_final) */
	LINK_RETRY_NONE,     /* fail at the first refusal (one-shot commands: say it and exit) */
};

struct link_options {
	const char *host;      /* borrowed for the call, like every pointer here */
	int port;
	bool tls;                  /* mqtts: cafile required */
	const char *cafile;        /* CA that signed the broker's certificate */
	const char *certfile;      /* optional client certificate and its key */
	const char *keyfile;
	const char *username;      /* NULL or "": no login */
	const char *password_file; /* read before each connect; NULL: no password */
	enum link_refusal refusal;
	const char *client_id; /* NULL: a random one */
	bool persistent;       /* keep the session (subscriptions, queued messages) while away */
	uint32_t session_expiry; /* seconds the broker keeps a persistent session */
	const char *const *subscriptions; /* NULL-terminated topic filters, QoS 1; may be NULL */
	const char *will_topic;           /* NULL: no last will */
	const void *will_payload;
	size_t will_len;
	bool will_retain;
	size_t queue_max;   /* incoming messages held before the network thread waits (0: 10000) */
	size_t queue_bytes_max; /* and their bytes (0: LINK_QUEUE_BYTES) */
	size_t msg_max;     /* largest payload copied; larger ones arrive as stubs (0: LINK_MSG_MAX) */
	int receive_max;    /* QoS 1 messages in flight from the broker (0: 1000) */
	int reconnect_max;  /* longest wait between reconnects, seconds (0: 4) */
	/* Called on the network thread after a message was queued or the connection came or went. Must
	 * not block; may be NULL. */
	void (*notify)(void *ud);
	void *notify_ud;
};

#define LINK_MSG_MAX (1024 * 1024)        /* default msg_max: the largest retained roster */
#define LINK_QUEUE_BYTES (32 * 1024 * 1024) /* default queue_bytes_max */
#define LINK_TOPIC_MAX 256                  /* longer topics make the message a stub, topic cut here */

/* One received message. The whole list belongs to whoever took it: free it with link_msgs_free.
 * A message over msg_max bytes (or with a topic over LINK_TOPIC_MAX bytes) is an oversize stub:
 * oversize is true, payload is "" and len 0, topic is cut at LINK_TOPIC_MAX, size tells how large
 * the payload was. Readers must look at oversize before decoding. */
struct link_msg {
	struct link_msg *next;
	char *topic;
	void *payload; /* NUL-terminated for convenience; len excludes the NUL */
	size_t len;
	size_t size;   /* the payload's size as sent (== len unless oversize) */
	bool oversize;
	bool retain;
};

struct link;

/* Starts connecting in the background. A broker that is down is not an error: the link keeps trying.
 * Returns HL_ERR_INVALID for bad options, HL_ERR_NOMEM, HL_ERR_NET if the thread could not start. */
int link_start(const struct link_options *o, struct link **out);

/* Waits up to timeout_ms for at least one message, then takes up to max queued messages (oldest
 * first) into *head and their number into *n (0 after a timeout). */
void link_take(struct link *l, int timeout_ms, size_t max, struct link_msg **head, size_t *n);
void link_msgs_free(struct link_msg *head);

/* Publishes; thread-safe. HL_ERR_NET when libmosquitto refuses it (e.g. while disconnected). */
int link_publish(struct link *l, const char *topic, const void *payload, size_t len, int qos, bool retain);

/* Waits up to timeout_ms until every QoS 1 message published so far is acknowledged. HL_OK when so;
 * HL_ERR_INVALID when the broker answered any of them with a refusal (not authorised); HL_ERR_NET on
 * timeout. */
int link_flush(struct link *l, int timeout_ms);

bool link_connected(struct link *l);
/* True when the link gave up for good (the broker refused us, or the network loop failed); msg (cap
 * bytes) then says why. */
bool link_failed(struct link *l, char *msg, size_t cap);

/* The last connection failure in words ("" while none), e.g. "TLS: the broker's certificate has
 * expired". */
void link_last_error(struct link *l, char *msg, size_t cap);

/* True for MQTT v5 CONNACK reason codes that no retry with the same settings can heal: protocol
 * version, client id, authentication method, server moved. */
bool link_refusal_final(int reason_code);

struct broker_url;
struct broker_security;
/* Fills the address and login fields of o from a parsed URL and security keys (both borrowed for as
 * long as o is used). */
void link_options_broker(struct link_options *o, const struct broker_url *u, const struct broker_security *s);

/* Disconnects cleanly (no last will), stops the thread and frees everything; messages still queued
 * are returned in *rest (free with link_msgs_free) when rest is not NULL. link_stop(NULL, _) is safe. */
void link_stop(struct link *l, struct link_msg **rest);

#endif
