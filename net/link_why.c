/* SPDX-License-Identifier: MIT
 * link_why.c — Mosquitto answers a wrong password, an unknown user and a removed account alike, and
 * libmosquitto says only "certificate verify failed" for every TLS check: these words say as much as
 * can be known, and where the fix lies (the password file, the CA, the address's scheme). */
#include "link_why.h"

#include "hl.h"
#include "link.h"
#include "tls_probe.h"

#include <errno.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <stdio.h>
#include <string.h>

/* libmosquitto keeps the X.509 error to itself, so a failed handshake is repeated once by tls_probe,
 * which can say which check failed; what it cannot see (a rare handshake problem) is told in
 * OpenSSL's own words from libmosquitto's log. */
static void link_why_tls(const struct link_attempt *l, char *out, size_t cap)
{
	if (tls_probe(l->host, l->port, l->cafile, l->certfile, l->keyfile, out, cap) != HL_OK)
		return;
	if (l->ssl_error[0])
		snprintf(out, cap, "TLS handshake failed: %s", l->ssl_error);
	else
		snprintf(out, cap, "TLS handshake failed");
}

bool link_why(const struct link_attempt *l, char *out, size_t cap)
{
	int rc = l->rc, err = l->err;
	const char *who = l->username[0] ? l->username : "(no username)";

	/* Mosquitto answers a wrong password, an unknown user and a disabled account alike with "not
	 * authorised", so with a username the words cover all three. */
	bool login = l->refused_rc == MQTT_RC_BAD_USERNAME_OR_PASSWORD || l->refused_rc == 4 ||
		     l->refused_rc == MQTT_RC_NOT_AUTHORIZED || l->refused_rc == 5;
	if (login && l->username[0])
		snprintf(out, cap, "broker refused the connection: bad username or password for '%s' (or that account "
			 "was removed or disabled); check %.300s", who, l->password_file[0] ? l->password_file : "the password");
	else if (login)
		snprintf(out, cap, "broker refused the connection: not authorised without a login; set username and "
			 "password_file");
	else if (l->refused_rc)
		snprintf(out, cap, "broker refused the connection: %s", mosquitto_reason_string(l->refused_rc));
	else if (l->tls && !l->answered && (l->ssl_error[0] || rc == MOSQ_ERR_TLS || rc == MOSQ_ERR_CONN_LOST ||
					     (rc == MOSQ_ERR_ERRNO && err == EPROTO)))
		return link_why_tls(l, out, cap), true;
	else if (!l->tls && !l->answered && rc == MOSQ_ERR_CONN_LOST)
		snprintf(out, cap, "the broker at %s:%d closed the connection before answering (a TLS port needs "
			 "mqtts://)", l->host, l->port);
	else if (rc == MOSQ_ERR_TIMEOUT)
		snprintf(out, cap, "the broker at %s:%d did not answer the login within 15 s", l->host, l->port);
	else if (rc == MOSQ_ERR_ERRNO)
		snprintf(out, cap, "cannot reach the broker at %s:%d: %s", l->host, l->port, strerror(err));
	else if (rc == MOSQ_ERR_EAI)
		snprintf(out, cap, "cannot resolve the broker's host name '%s'", l->host);
	else
		snprintf(out, cap, "lost the broker at %s:%d (%s)", l->host, l->port, mosquitto_strerror(rc));
	return false;
}

bool link_refusal_final(int reason_code)
{
	switch (reason_code) {
	case 1: /* MQTT 3: unacceptable protocol version */
	case 2: /* MQTT 3: identifier rejected */
	case MQTT_RC_MALFORMED_PACKET:
	case MQTT_RC_PROTOCOL_ERROR:
	case MQTT_RC_UNSUPPORTED_PROTOCOL_VERSION:
	case MQTT_RC_CLIENTID_NOT_VALID:
	case MQTT_RC_BAD_AUTHENTICATION_METHOD:
	case MQTT_RC_PACKET_TOO_LARGE:
	case MQTT_RC_USE_ANOTHER_SERVER:
	case MQTT_RC_SERVER_MOVED:
		return true;
	default:
		return false;
	}
}

