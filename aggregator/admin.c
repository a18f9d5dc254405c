/* SPDX-License-Identifier: MIT
 * admin.c — one admin connection to the dynamic security plugin. Every admin subscribed to the
 * response topic sees every answer, so each message gets correlation data of its own (process id,
 * a random nonce, a sequence number) and answers to anything else are passed over. The admin's
 * password is read here only to say clearly what is wrong with its file; the link reads the file
 * itself. Passwords go over plain mqtt:// to a loopback address only. */
#include "admin.h"

#include "cli.h"
#include "hl.h"
#include "link.h"
#include "secret.h"
#include "settings.h"
#include "url.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROG CLI_PROG

struct admin {
	struct link *l;
	char url[sizeof ((struct settings *)0)->broker], user[sizeof ((struct settings *)0)->admin_username];
	char corr[64];
	unsigned seq;
	int timeout_s;
};

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Publishes json and waits for the plugin's answer to it (judged as op for a). Returns the judgement
 * (HL_OK; HL_ERR_INVALID or HL_ERR_RANGE: the refusal is printed), or HL_ERR_NET after printing that
 * nothing came. resend_ms > 0 publishes json again at that interval (for a harmless probe). */
static int admin_ask(struct admin *ad, enum dynsec_op op, const struct account *a, const char *json,
		     int resend_ms, struct dynsec_outcome *out)
{
	int64_t start = mono_ms(), deadline = start + ad->timeout_s * 1000, next = start;
	char msg[600];
	int rc = HL_ERR_NET;

	memset(out, 0, sizeof *out);
	while (rc == HL_ERR_NET && mono_ms() < deadline) {
		struct link_msg *head, *m;
		size_t n;
		if (next && mono_ms() >= next) {
			if (link_publish(ad->l, DYNSEC_TOPIC, json, strlen(json), 1, false) != HL_OK) {
				fprintf(stderr, PROG ": lost the broker at %s\n", ad->url);
				return HL_ERR_NET;
			}
			next = resend_ms > 0 ? mono_ms() + resend_ms : 0;
		}
		link_take(ad->l, 100, 64, &head, &n);
		for (m = head; m && rc == HL_ERR_NET; m = m->next) {
			if (strcmp(m->topic, DYNSEC_RESPONSE_TOPIC) != 0)
				continue;
			int j = dynsec_judge(op, a, ad->corr, m->payload, m->len, out, msg, sizeof msg);
			if (j == HL_ERR_NOTFOUND)
				continue; /* another admin's answer */
			rc = j;
			if (j != HL_OK)
				fprintf(stderr, PROG ": %s\n", j == HL_ERR_NOMEM ? "out of memory" : msg);
		}
		link_msgs_free(head);
		/* A refused publish will get no answer: say so now rather than at the deadline. */
		if (rc == HL_ERR_NET && link_flush(ad->l, 0) == HL_ERR_INVALID)
			break;
	}
	if (rc == HL_ERR_NET) {
		if (link_flush(ad->l, 0) == HL_ERR_INVALID)
			fprintf(stderr, PROG ": the broker at %s does not let '%s' use the dynamic security plugin (not "
					"authorised on " DYNSEC_TOPIC "); is it the plugin's admin?\n", ad->url, ad->user);
		else
			fprintf(stderr, PROG ": no answer from the dynamic security plugin of the broker at %s within %d s; "
					"is the plugin loaded (plugin ... mosquitto_dynamic_security.so in its config)?\n",
				ad->url, ad->timeout_s);
	}
	return rc;
}

/* Builds, sends and judges one command: build is called with the correlation data. */
int admin_do(struct admin *ad, enum dynsec_op op, const struct account *a, const char *password,
	     struct dynsec_outcome *out)
{
	char *json = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	switch (op) {
	case DYNSEC_OP_ADD: rc = dynsec_add(a, password, ad->corr, &json); break;
	case DYNSEC_OP_FIX_ROLE: rc = dynsec_fix_role(a, ad->corr, &json); break;
	case DYNSEC_OP_REMOVE: rc = dynsec_remove(a, ad->corr, &json); break;
	case DYNSEC_OP_PASSWD: rc = dynsec_passwd(a, password, ad->corr, &json); break;
	case DYNSEC_OP_LIST: rc = dynsec_list(ad->corr, &json); break;
	case DYNSEC_OP_SHOW: rc = dynsec_show(a, ad->corr, &json); break;
	case DYNSEC_OP_RECONNECT: rc = dynsec_reconnect(a, ad->corr, &json); break;
	default: rc = dynsec_probe(ad->corr, &json); break;
	}
	if (rc != HL_OK) {
		fprintf(stderr, PROG ": %s\n", hl_strerror(rc));
		return rc;
	}
	rc = admin_ask(ad, op, a, json, op == DYNSEC_OP_PROBE ? 1000 : 0, out);
	dynsec_free(json);
	/* Each message its own correlation data, so a late answer cannot pass for the next one. */
	char *dash = strrchr(ad->corr, '-');
	if (dash)
		snprintf(dash + 1, sizeof ad->corr - (size_t)(dash + 1 - ad->corr), "%u", ++ad->seq);
	return rc;
}

/* Logs in as the plugin's admin and checks the plugin answers. 0, or 1 after printing why not (ad->l
 * NULL then). */
static int admin_login(struct admin *ad, const struct settings *st, int timeout_s)
{
	static const char *const subs[] = { DYNSEC_RESPONSE_TOPIC, NULL };
	struct broker_security sec = st->sec;
	struct broker_url url;
	struct dynsec_outcome out;
	char pw[SECRET_MAX + 1], why[700], nonce[13];

	memset(ad, 0, sizeof *ad);
	snprintf(ad->url, sizeof ad->url, "%s", st->broker);
	snprintf(ad->user, sizeof ad->user, "%s", st->admin_username);
	ad->timeout_s = timeout_s;
	if (url_parse(st->broker, &url) != HL_OK) {
		fprintf(stderr, PROG ": broker '%s' is not mqtt[s]://HOST:PORT\n", st->broker);
		return 1;
	}
	if (!st->admin_username[0] || !st->admin_password_file[0]) {
		fprintf(stderr, PROG ": admin_username and admin_password_file must be set in the config (-c FILE): the "
				"broker's dynamic security admin, as made by hailong-broker-init\n");
		return 1;
	}
	/* The link reads the file itself before each attempt; reading it here first gives the clearer
	 * message (missing, empty, readable by others). */
	if (secret_read(st->admin_password_file, pw, sizeof pw, why, sizeof why) != HL_OK) {
		fprintf(stderr, PROG ": admin_password_file: %s\n", why);
		return 1;
	}
	secret_wipe(pw, sizeof pw);
	if (!url.tls && !url_is_loopback(url.host)) {
		fprintf(stderr, PROG ": refusing to send passwords to %s over plain mqtt://; use mqtts://\n", st->broker);
		return 1;
	}
	snprintf(sec.username, sizeof sec.username, "%s", st->admin_username);
	snprintf(sec.password_file, sizeof sec.password_file, "%s", st->admin_password_file);
	if (secret_random(nonce, sizeof nonce, 12) != HL_OK) {
		fprintf(stderr, PROG ": no random numbers from the system\n");
		return 1;
	}
	snprintf(ad->corr, sizeof ad->corr, "hailong-%ld-%s-0", (long)getpid(), nonce);
	struct link_options lo = { .refusal = LINK_RETRY_NONE, .subscriptions = subs };
	link_options_broker(&lo, &url, &sec);
	if (link_start(&lo, &ad->l) != HL_OK) {
		fprintf(stderr, PROG ": cannot start the MQTT client\n");
		return 1;
	}
	for (int64_t deadline = mono_ms() + timeout_s * 1000; !link_connected(ad->l);) {
		if (link_failed(ad->l, why, sizeof why)) {
			fprintf(stderr, PROG ": the broker at %s refused the admin login '%s': %s\n", st->broker,
				st->admin_username, why);
			link_stop(ad->l, NULL);
			ad->l = NULL;
			return 1;
		}
		if (mono_ms() >= deadline) {
			link_last_error(ad->l, why, sizeof why);
			fprintf(stderr, PROG ": cannot reach the broker at %s within %d s%s%s\n", st->broker, timeout_s,
				why[0] ? ": " : "", why);
			/* Not link_stop: its thread may sit in a blocking connect(); we are about to exit. */
			ad->l = NULL;
			return 1;
		}
		struct timespec pause = { 0, 10 * 1000 * 1000 };
		nanosleep(&pause, NULL);
	}
	/* The probe also proves our subscription is in place before anything that changes state. */
	if (admin_do(ad, DYNSEC_OP_PROBE, NULL, NULL, &out) != HL_OK) {
		link_stop(ad->l, NULL);
		ad->l = NULL;
		return 1;
	}
	if (out.open_access)
		fprintf(stderr, PROG ": warning: the broker's default access allows publishing or subscribing where no "
				"rule says so; these rules then confine nobody (mosquitto_ctrl dynsec "
				"setDefaultACLAccess publishClientSend deny, and subscribe deny)\n");
	dynsec_outcome_free(&out);
	return 0;
}

int admin_connect(const struct settings *st, int timeout_s, struct admin **out)
{
	struct admin *ad = calloc(1, sizeof *ad);

	*out = NULL;
	if (!ad) {
		fprintf(stderr, PROG ": out of memory\n");
		return 1;
	}
	if (admin_login(ad, st, timeout_s)) {
		free(ad); /* its link is stopped, or left to the exit that follows */
		return 1;
	}
	*out = ad;
	return 0;
}

void admin_close(struct admin *ad)
{
	if (!ad)
		return;
	link_stop(ad->l, NULL);
	free(ad);
}
