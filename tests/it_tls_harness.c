/* SPDX-License-Identifier: MIT
 * Integration: the secure broker the other tests build on is what a site runs. One mosquitto,
 * configured from systemd/mosquitto-hailong.conf with certificates from hailong-make-certs and an
 * admin from hailong-broker-init, is checked with the stock mosquitto clients over TLS: accounts
 * made through dynsec can publish and receive what their role allows; anonymous clients, wrong
 * passwords and borrowed client ids get nowhere; a certificate for another host, an expired one and
 * one from another CA all fail the TLS handshake; a restart keeps the accounts; a site broker
 * bridged to it with systemd/mosquitto-bridge.conf.example carries ratings up and rosters down. */
#include "harness.h"
#include "harness_tls.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#define PUB "/usr/bin/mosquitto_pub"
#define SUB "/usr/bin/mosquitto_sub"

struct env {
	struct sbroker b;
	char dir[256], out[300];
	const char *cert; /* the certificate the broker runs with now */
	struct sbroker site; /* the bridge test's site broker; pid 0 when not running */
};

static void use_cert(struct env *e, const char *cert)
{
	if (e->cert && strcmp(e->cert, cert) == 0)
		return;
	sbroker_stop(&e->b, SIGTERM);
	sbroker_start(&e->b, e->b.dir, e->b.port, cert, NULL);
	e->cert = cert;
}

static int dynsec_all(const struct sbroker *b, const char *const *cmds)
{
	for (int i = 0; cmds[i]; i++)
		if (sbroker_dynsec(b, "%s", cmds[i]) != 0)
			return -1;
	return 0;
}

static int group_setup(void **state)
{
	static const char *const accounts[] = {
		"createRole spy",
		"addRoleACL spy subscribePattern # allow",
		"createClient spy -p spy-pw",
		"addClientRole spy spy",
		"createRole writer",
		"addRoleACL writer publishClientSend hailong/test/# allow",
		"createClient writer -p writer-pw",
		"addClientRole writer writer",
		NULL,
	};
	struct env *e = calloc(1, sizeof *e);

	if (!e)
		return -1;
	harness_tmpdir(e->dir);
	snprintf(e->out, sizeof e->out, "%s/client.out", e->dir);
	tls_certs_make(e->dir, "broker", NULL);
	tls_certs_expired(e->dir, "expired");
	tls_certs_wrong_host(e->dir, "wronghost");
	tls_certs_other_ca(e->dir, "otherca");
	sbroker_start(&e->b, e->dir, 0, "broker", NULL);
	e->cert = "broker";
	/* spy may read everything; writer may publish under hailong/test/ only. */
	if (dynsec_all(&e->b, accounts) != 0) {
		fprintf(stderr, "dynsec setup failed, see %s/dynsec.log\n", e->dir);
		return -1;
	}
	*state = e;
	return 0;
}

static int group_teardown(void **state)
{
	struct env *e = *state;

	sbroker_stop(&e->b, SIGTERM);
	harness_rmdir(e->dir);
	free(e);
	return 0;
}

/* After each test the broker runs with its good certificate again, whatever the test did. */
static int restore(void **state)
{
	struct env *e = *state;

	sbroker_stop(&e->site, SIGTERM);
	use_cert(e, "broker");
	return 0;
}

/* Runs a mosquitto client against the broker (host as given: the name checked against the
 * certificate) with user/pw (NULL: anonymous) and the words of extra; output in e->out. */
static int client_at(struct env *e, const struct sbroker *b, const char *prog, const char *host,
		     const char *user, const char *pw, const char *extra)
{
	char port[16], words[512], *argv[40], *save = NULL;
	int n = 0;

	snprintf(port, sizeof port, "%d", b->port);
	snprintf(words, sizeof words, "%s", extra);
	remove(e->out);
	argv[n++] = (char *)prog;
	argv[n++] = "-h";
	argv[n++] = (char *)host;
	argv[n++] = "-p";
	argv[n++] = port;
	argv[n++] = "--cafile";
	argv[n++] = (char *)b->cafile;
	argv[n++] = "-V";
	argv[n++] = "mqttv5";
	if (user) {
		argv[n++] = "-u";
		argv[n++] = (char *)user;
		argv[n++] = "-P";
		argv[n++] = (char *)pw;
	}
	for (char *w = strtok_r(words, " ", &save); w && n < 39; w = strtok_r(NULL, " ", &save))
		argv[n++] = w;
	argv[n] = NULL;
	return harness_run(e->out, argv, 10000);
}

static int client(struct env *e, const char *prog, const char *host, const char *user, const char *pw,
		  const char *extra)
{
	return client_at(e, &e->b, prog, host, user, pw, extra);
}

static void spy_receives_what_writer_publishes(void **state)
{
	struct env *e = *state;

	/* Retained, so the spy's later subscription gets it without racing the publisher. */
	assert_int_equal(client(e, PUB, "127.0.0.1", "writer", "writer-pw", "-q 1 -r -t hailong/test/a -m hello"), 0);
	assert_int_equal(client(e, SUB, "127.0.0.1", "spy", "spy-pw", "-v -C 1 -W 5 -t hailong/#"), 0);
	assert_true(harness_file_has(e->out, "hailong/test/a hello"));
	/* localhost is in the certificate too. */
	assert_int_equal(client(e, PUB, "localhost", "writer", "writer-pw", "-q 1 -r -t hailong/test/a -n"), 0);
}

static void writer_cannot_leave_its_role(void **state)
{
	struct env *e = *state;

	/* MQTT v5 tells a QoS 1 publisher its message was refused. */
	client(e, PUB, "127.0.0.1", "writer", "writer-pw", "-q 1 -t hailong/other -m x");
	assert_true(harness_file_has(e->out, "not authorized") || harness_file_has(e->out, "Not authorized"));
	/* ...and the default ACL refuses it any subscription. */
	client(e, SUB, "127.0.0.1", "writer", "writer-pw", "-C 1 -W 2 -t hailong/#");
	assert_false(harness_file_has(e->out, "hailong/"));
}

static void anonymous_and_wrong_password_are_refused(void **state)
{
	struct env *e = *state;

	assert_int_not_equal(client(e, PUB, "127.0.0.1", NULL, NULL, "-t hailong/test/a -m x"), 0);
	assert_true(harness_file_has(e->out, "ot authori"));
	assert_int_not_equal(client(e, PUB, "127.0.0.1", "spy", "bad", "-t hailong/test/a -m x"), 0);
	assert_true(harness_file_has(e->out, "ot authori"));
}

static void client_id_is_the_username(void **state)
{
	struct env *e = *state;
	char line[512];
	int spy_lines = 0;
	FILE *f;

	/* The spy asks for the writer's client id; the broker replaces it with "spy". */
	assert_int_equal(client(e, PUB, "127.0.0.1", "spy", "spy-pw", "-i writer -t hailong/test/a -n"), 0);
	f = fopen(e->b.log, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f))
		if (strstr(line, "New client connected") && strstr(line, "u'spy'")) {
			spy_lines++;
			assert_non_null(strstr(line, " as spy ("));
		}
	fclose(f);
	assert_true(spy_lines > 0);
}

/* mosquitto_pub says "A TLS error occurred" (with MQTT v5 nothing more), sometimes with OpenSSL's
 * reason. */
static bool tls_failed(const char *out)
{
	return harness_file_has(out, "TLS error") || harness_file_has(out, "certificate verify failed");
}

static void bad_certificate(struct env *e, const char *cert)
{
	use_cert(e, cert);
	/* The account is good (see the first test): only the certificate can make these fail. */
	assert_int_not_equal(client(e, PUB, "127.0.0.1", "writer", "writer-pw", "-t hailong/test/a -m x"), 0);
	assert_true(tls_failed(e->out));
	assert_int_not_equal(client(e, PUB, "localhost", "writer", "writer-pw", "-t hailong/test/a -m x"), 0);
	assert_true(tls_failed(e->out));
}

static void certificate_for_another_host_fails(void **state)
{
	bad_certificate(*state, "wronghost");
}

static void expired_certificate_fails(void **state)
{
	bad_certificate(*state, "expired");
}

static void certificate_from_another_ca_fails(void **state)
{
	bad_certificate(*state, "otherca");
}

static void restart_keeps_accounts_and_port(void **state)
{
	struct env *e = *state;
	int port = e->b.port;

	sbroker_stop(&e->b, SIGTERM);
	sbroker_start(&e->b, e->b.dir, e->b.port, "broker", NULL);
	assert_int_equal(e->b.port, port);
	assert_int_equal(client(e, PUB, "127.0.0.1", "writer", "writer-pw", "-q 1 -t hailong/test/a -m again"), 0);
	assert_int_equal(sbroker_dynsec(&e->b, "getClient spy"), 0);
	assert_int_not_equal(sbroker_dynsec(&e->b, "getClient nobody"), 0);
}

/* Waits until the province's log shows one more login of the bridge than before. */
static void bridge_wait(struct env *e, int before)
{
	assert_true(harness_wait_lines(e->b.log, " as bridge.s1 ", before + 1, 5000));
	/* try_private worked: the province knows it for a bridge, not a plain client. */
	assert_true(harness_count_lines(e->b.log, "New bridge connected") > 0);
}

/* Starts the site broker (making its accounts and the province's the first time) and waits until its
 * bridge is logged in on the province. It runs systemd/mosquitto-bridge.conf.example with only the
 * address, CA, password, site id and reconnect delay filled in; e->b plays the province. */
static void site_up(struct env *e)
{
	static const char *const province[] = {
		"createRole bridge.s1",
		"addRoleACL bridge.s1 publishClientSend hailong/v1/s1/+/rating allow",
		"addRoleACL bridge.s1 publishClientSend hailong/v1/s1/+/status allow",
		"addRoleACL bridge.s1 subscribePattern hailong/v1/s1/+/receipt allow",
		"addRoleACL bridge.s1 subscribePattern hailong/v1/s1/+/session allow",
		"addRoleACL bridge.s1 subscribePattern hailong/v1/s1/roster allow",
		"addRoleACL bridge.s1 subscribePattern hailong/v1/s1/alerts allow",
		"createClient bridge.s1 -p bridge-pw",
		"addClientRole bridge.s1 bridge.s1",
		"createRole agg",
		"addRoleACL agg publishClientSend hailong/v1/# allow",
		"createClient agg -p agg-pw",
		"addClientRole agg agg",
		NULL,
	};
	static const char *const site[] = {
		"createRole local",
		"addRoleACL local publishClientSend hailong/# allow",
		"addRoleACL local subscribePattern hailong/# allow",
		"createClient local -p local-pw",
		"addClientRole local local",
		NULL,
	};
	char dir[300], cert[300], conf[8192];
	bool first;
	int before;

	snprintf(dir, sizeof dir, "%s/site", e->dir);
	first = mkdir(dir, 0700) == 0;
	if (first)
		assert_int_equal(dynsec_all(&e->b, province), 0);
	snprintf(cert, sizeof cert, "%s/broker", e->dir); /* same CA, same 127.0.0.1 certificate */
	sbroker_bridge_conf(conf, sizeof conf, &e->b, "s1", "bridge-pw");
	before = harness_count_lines(e->b.log, " as bridge.s1 ");
	sbroker_start(&e->site, dir, e->site.port, cert, conf);
	if (first)
		assert_int_equal(dynsec_all(&e->site, site), 0);
	bridge_wait(e, before);
}

/* Runs mosquitto_sub on b as user with a persistent session until it has taken one message or
 * wait_s passed (0: only until subscribed); output in e->out. */
static void take(struct env *e, const struct sbroker *b, const char *user, const char *pw, const char *topic,
		 int wait_s)
{
	char extra[256];

	if (wait_s)
		snprintf(extra, sizeof extra, "-i %s -c -x 3600 -q 1 -v -C 1 -W %d -t %s", user, wait_s, topic);
	else
		snprintf(extra, sizeof extra, "-i %s -c -x 3600 -q 1 -E -t %s", user, topic);
	client_at(e, b, SUB, "127.0.0.1", user, pw, extra);
}

static void bridge_carries_ratings_up_and_the_roster_down(void **state)
{
	struct env *e = *state;
	char upout[320], port[16];
	int64_t deadline;
	pid_t sub;
	int status = -1;

	site_up(e);
	/* Up: a rating published on the site reaches a subscriber on the province. Publish until it
	 * arrives, so the subscriber's SUBACK needs no guessed delay. */
	snprintf(upout, sizeof upout, "%s/up.out", e->dir);
	snprintf(port, sizeof port, "%d", e->b.port);
	char *subv[] = { SUB, "-h", "127.0.0.1", "-p", port, "--cafile", e->b.cafile, "-V", "mqttv5", "-u", "spy",
			 "-P", "spy-pw", "-v", "-C", "1", "-W", "8", "-t", "hailong/v1/s1/+/rating", NULL };
	sub = harness_spawn(upout, subv);
	deadline = harness_now_ms() + 8000;
	while (harness_now_ms() < deadline) {
		client_at(e, &e->site, PUB, "127.0.0.1", "local", "local-pw", "-q 1 -t hailong/v1/s1/q1/rating -m up");
		if ((status = harness_wait(sub, 200)) != -1)
			break;
	}
	if (status == -1)
		harness_kill(sub, SIGTERM, 2000);
	assert_true(harness_file_has(upout, "hailong/v1/s1/q1/rating up"));

	/* Down: the province's retained roster arrives on the site still retained, for terminals that
	 * connect later. */
	assert_int_equal(client(e, PUB, "127.0.0.1", "agg", "agg-pw", "-q 1 -r -t hailong/v1/s1/roster -m roster"), 0);
	deadline = harness_now_ms() + 5000;
	do
		client_at(e, &e->site, SUB, "127.0.0.1", "local", "local-pw",
			  "-C 1 -W 1 -F %r|%t|%p -t hailong/v1/s1/roster");
	while (!harness_file_has(e->out, "1|hailong/v1/s1/roster|roster") && harness_now_ms() < deadline);
	assert_true(harness_file_has(e->out, "1|hailong/v1/s1/roster|roster"));
	assert_int_equal(client(e, PUB, "127.0.0.1", "agg", "agg-pw", "-q 1 -r -t hailong/v1/s1/roster -n"), 0);
}

/* A WAN outage only delays: what the province publishes while the site is away, and what the site
 * publishes while the province is away, arrive once the bridge is back. */
static void bridge_outage_loses_nothing(void **state)
{
	struct env *e = *state;
	int before;

	site_up(e);
	/* Persistent sessions for the two readers: a terminal on the site, the aggregator (spy) up. */
	take(e, &e->site, "local", "local-pw", "hailong/v1/s1/+/receipt", 0);
	take(e, &e->b, "spy", "spy-pw", "hailong/v1/s1/+/status", 0);

	sbroker_stop(&e->site, SIGTERM);
	assert_int_equal(client(e, PUB, "127.0.0.1", "agg", "agg-pw", "-q 1 -t hailong/v1/s1/q2/receipt -m away"), 0);
	site_up(e);
	take(e, &e->site, "local", "local-pw", "hailong/v1/s1/+/receipt", 5);
	assert_true(harness_file_has(e->out, "hailong/v1/s1/q2/receipt away"));

	sbroker_stop(&e->b, SIGTERM);
	assert_int_equal(client_at(e, &e->site, PUB, "127.0.0.1", "local", "local-pw",
				   "-q 1 -t hailong/v1/s1/q2/status -m offline"), 0);
	before = harness_count_lines(e->b.log, " as bridge.s1 ");
	sbroker_start(&e->b, e->b.dir, e->b.port, "broker", NULL);
	bridge_wait(e, before);
	take(e, &e->b, "spy", "spy-pw", "hailong/v1/s1/+/status", 5);
	assert_true(harness_file_has(e->out, "hailong/v1/s1/q2/status offline"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(spy_receives_what_writer_publishes, restore),
		cmocka_unit_test_teardown(writer_cannot_leave_its_role, restore),
		cmocka_unit_test_teardown(anonymous_and_wrong_password_are_refused, restore),
		cmocka_unit_test_teardown(client_id_is_the_username, restore),
		cmocka_unit_test_teardown(certificate_for_another_host_fails, restore),
		cmocka_unit_test_teardown(expired_certificate_fails, restore),
		cmocka_unit_test_teardown(certificate_from_another_ca_fails, restore),
		cmocka_unit_test_teardown(restart_keeps_accounts_and_port, restore),
		cmocka_unit_test_teardown(bridge_carries_ratings_up_and_the_roster_down, restore),
		cmocka_unit_test_teardown(bridge_outage_loses_nothing, restore),
	};

	return cmocka_run_group_tests_name("it_tls_harness", tests, group_setup, group_teardown);
}
