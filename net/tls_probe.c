/* SPDX-License-Identifier: MIT
 * tls_probe.c — one bounded TLS handshake with OpenSSL, used only after libmosquitto's failed, so
 * it costs nothing while things work. The checks are the ones libmosquitto makes (chain to cafile,
 * host name or IP address in the certificate), done with OpenSSL's own host check so the reason is
 * kept in the verify result. */
#include "tls_probe.h"

#include "hl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

enum { PROBE_TIMEOUT_MS = 5000 };

/* A connected blocking socket with 5 s send and receive timeouts, or -1 with why filled. */
static int probe_connect(const char *host, int port, char *why, size_t cap)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *res = NULL;
	char service[16];
	int fd = -1, err = 0;

	snprintf(service, sizeof service, "%d", port);
	if (getaddrinfo(host, service, &hints, &res) != 0) {
		snprintf(why, cap, "cannot resolve the broker's host name '%s'", host);
		return -1;
	}
	for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, a->ai_addr, a->ai_addrlen) != 0 && errno == EINPROGRESS) {
			struct pollfd p = { .fd = fd, .events = POLLOUT };
			socklen_t len = sizeof err;
			if (poll(&p, 1, PROBE_TIMEOUT_MS) != 1)
				err = ETIMEDOUT;
			else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
				err = errno;
		} else {
			err = errno == EINPROGRESS ? 0 : errno;
		}
		if (err) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	if (fd < 0) {
		snprintf(why, cap, "cannot reach the broker at %s:%d: %s", host, port, strerror(err ? err : ECONNREFUSED));
		return -1;
	}
	struct timeval tv = { PROBE_TIMEOUT_MS / 1000, 0 };
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	return fd;
}

static void probe_verify_words(long v, const char *host, const char *cafile, char *why, size_t cap)
{
	switch (v) {
	case X509_V_ERR_CERT_HAS_EXPIRED:
		snprintf(why, cap, "TLS: the broker's certificate has expired");
		break;
	case X509_V_ERR_CERT_NOT_YET_VALID:
		snprintf(why, cap, "TLS: the broker's certificate is not valid yet (is this box's clock right?)");
		break;
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
		snprintf(why, cap, "TLS: host name mismatch: the broker's certificate is not for '%s'", host);
		break;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
	case X509_V_ERR_CERT_SIGNATURE_FAILURE:
		snprintf(why, cap, "TLS: unknown CA: the broker's certificate is not signed by the CA in %s", cafile);
		break;
	default:
		snprintf(why, cap, "TLS: the broker's certificate was refused: %s", X509_verify_cert_error_string(v));
		break;
	}
}

/* The handshake failed without a verify error: the broker refused us, or spoke no TLS. */
static void probe_alert_words(unsigned long e, bool offered_cert, char *why, size_t cap)
{
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	if (!r)
		snprintf(why, cap, "TLS handshake failed: the broker closed the connection (is its port TLS?)");
	else if (strstr(r, "wrong version number") || strstr(r, "packet length too long") || strstr(r, "record layer"))
		snprintf(why, cap, "TLS handshake failed: the broker's port does not speak TLS (%s); use mqtt:// or the "
			 "TLS port", r);
	else if (strstr(r, "certificate required"))
		snprintf(why, cap, "TLS: the broker wants a client certificate (certfile and keyfile)");
	else if (offered_cert && (strstr(r, "unknown ca") || strstr(r, "bad certificate") ||
				  strstr(r, "certificate expired") || strstr(r, "certificate unknown")))
		snprintf(why, cap, "TLS: the broker refused this client's certificate (%s)", r);
	else
		snprintf(why, cap, "TLS handshake failed: %s", r);
}

int tls_probe(const char *host, int port, const char *cafile, const char *certfile, const char *keyfile,
	      char *why, size_t cap)
{
	unsigned char ip[16];
	bool is_ip = inet_pton(AF_INET, host, ip) == 1 || inet_pton(AF_INET6, host, ip) == 1;
	bool offer = certfile && certfile[0] && keyfile && keyfile[0];
	SSL_CTX *ctx = NULL;
	SSL *ssl = NULL;
	int fd = -1, rc = HL_ERR_NET;

	why[0] = '\0';
	ERR_clear_error();
	ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx) {
		snprintf(why, cap, "TLS: out of memory");
		return HL_ERR_NET;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	if (SSL_CTX_load_verify_locations(ctx, cafile, NULL) != 1) {
		snprintf(why, cap, "TLS: cannot load the CA certificate %s", cafile);
		goto out;
	}
	if (offer && (SSL_CTX_use_certificate_chain_file(ctx, certfile) != 1 ||
		      SSL_CTX_use_PrivateKey_file(ctx, keyfile, SSL_FILETYPE_PEM) != 1 ||
		      SSL_CTX_check_private_key(ctx) != 1)) {
		snprintf(why, cap, "TLS: cannot use the client certificate %s with the key %s", certfile, keyfile);
		goto out;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	if ((fd = probe_connect(host, port, why, cap)) < 0)
		goto out;
	ssl = SSL_new(ctx);
	if (!ssl || SSL_set_fd(ssl, fd) != 1) {
		snprintf(why, cap, "TLS: out of memory");
		goto out;
	}
	if (!is_ip)
		SSL_set_tlsext_host_name(ssl, host);
	if (is_ip ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) != 1 : SSL_set1_host(ssl, host) != 1) {
		snprintf(why, cap, "TLS: cannot check the host name '%s'", host);
		goto out;
	}
	if (SSL_connect(ssl) == 1) {
		/* TLS 1.3 sends the server's verdict on our certificate after the handshake: read once. */
		char byte;
		if (offer && SSL_version(ssl) >= TLS1_3_VERSION) {
			struct timeval tv = { 1, 0 }; /* an alert comes at once; an MQTT broker then waits for us */
			setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
			if (SSL_peek(ssl, &byte, 1) <= 0 && ERR_peek_last_error()) {
				probe_alert_words(ERR_peek_last_error(), offer, why, cap);
				goto out;
			}
		}
		rc = HL_OK;
	} else if (SSL_get_verify_result(ssl) != X509_V_OK) {
		probe_verify_words(SSL_get_verify_result(ssl), host, cafile, why, cap);
	} else {
		probe_alert_words(ERR_peek_last_error(), offer, why, cap);
	}
out:
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	if (fd >= 0)
		close(fd);
	ERR_clear_error();
	return rc;
}
