/* SPDX-License-Identifier: MIT
 * harness_tls.c — the scripts under systemd/ do the real work (so the tests prove them too); this
 * file finds them, runs them through harness_run, and writes a broker config by copying
 * systemd/mosquitto-hailong.conf line by line with only the port and paths replaced. Anything that
 * goes wrong while setting up is a broken test environment, not a test failure: it says what and
 * aborts, as harness.c does. */
#include "harness_tls.h"

#include "harness.h"

#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TLS_OPENSSL "/usr/bin/openssl"
#define TLS_MOSQUITTO "/usr/sbin/mosquitto"
#define TLS_CTRL "/usr/bin/mosquitto_ctrl"
#define TLS_ENV "/usr/bin/env"

enum { TLS_SCRIPT_MS = 20000, TLS_START_MS = 5000, TLS_STOP_MS = 5000, TLS_CTRL_MS = 10000 };

static void tls_die(const char *what, const char *detail)
{
	fprintf(stderr, "harness_tls: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

/* snprintf that aborts instead of truncating a path. */
__attribute__((format(printf, 3, 4))) static void tls_fmt(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, cap, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= cap)
		tls_die("path too long", fmt);
}

static bool tls_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

const char *tls_source_path(const char *rel)
{
	static char path[PATH_MAX];
	char dir[PATH_MAX];

	tls_fmt(dir, sizeof dir, "%s", harness_bindir());
	/* build/, build/sanitize/, or a BUILD= folder a few levels down: four levels are plenty. */
	for (int up = 0; up < 5; up++) {
		tls_fmt(path, sizeof path, "%s/%s", dir, rel);
		if (tls_exists(path))
			return path;
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			break;
		*slash = '\0';
	}
	tls_die("not found above the build folder", rel);
	return NULL;
}

/* Runs argv (argv[0] a path) to completion; output goes to dir/certs.log, shown on failure. */
static void tls_run(const char *dir, char *const argv[])
{
	char log[PATH_MAX];
	int rc;

	tls_fmt(log, sizeof log, "%s/certs.log", dir);
	rc = harness_run(log, argv, TLS_SCRIPT_MS);
	if (rc != 0) {
		fprintf(stderr, "harness_tls: %s exited %d; its output is in %s\n", argv[0], rc, log);
		abort();
	}
}

void tls_certs_make(const char *dir, const char *prefix, const char *const *names)
{
	static const char *const local[] = { "localhost", "127.0.0.1", NULL };
	char *argv[16];
	int n = 0;

	if (!names)
		names = local;
	argv[n++] = (char *)tls_source_path("systemd/hailong-make-certs");
	argv[n++] = "--broker-prefix";
	argv[n++] = (char *)prefix;
	argv[n++] = (char *)dir;
	for (int i = 0; names[i]; i++) {
		if (n >= 15)
			tls_die("too many names", names[i]);
		argv[n++] = (char *)names[i];
	}
	argv[n] = NULL;
	tls_run(dir, argv);
}

void tls_certs_wrong_host(const char *dir, const char *prefix)
{
	static const char *const wrong[] = { "wrong.example", NULL };

	tls_certs_make(dir, prefix, wrong);
}

void tls_certs_client(const char *dir, const char *name, const char *prefix)
{
	char out[PATH_MAX];

	tls_fmt(out, sizeof out, "%s/%s", dir, prefix);
	char *argv[] = { (char *)tls_source_path("systemd/hailong-make-certs"), "--client", (char *)name,
			 "--out", out, (char *)dir, NULL };
	tls_run(dir, argv);
}

void tls_certs_expired(const char *dir, const char *prefix)
{
	char cakey[PATH_MAX], cacrt[PATH_MAX], key[PATH_MAX], csr[PATH_MAX], crt[PATH_MAX], ext[PATH_MAX];
	char serial[40];
	FILE *f;

	tls_fmt(cakey, sizeof cakey, "%s/ca.key", dir);
	if (!tls_exists(cakey)) /* the script makes the CA; the certificate is replaced below */
		tls_certs_make(dir, prefix, NULL);
	tls_fmt(cacrt, sizeof cacrt, "%s/ca.crt", dir);
	tls_fmt(key, sizeof key, "%s/%s.key", dir, prefix);
	tls_fmt(csr, sizeof csr, "%s/%s.csr", dir, prefix);
	tls_fmt(crt, sizeof crt, "%s/%s.crt", dir, prefix);
	tls_fmt(ext, sizeof ext, "%s/%s.ext", dir, prefix);
	f = fopen(ext, "w");
	if (!f)
		tls_die("cannot write", ext);
	fprintf(f, "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
		   "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n");
	fclose(f);
	/* hailong-make-certs refuses negative days; openssl 3.0 takes -days -1: notAfter is yesterday. */
	tls_fmt(serial, sizeof serial, "0x%lx%04x", (unsigned long)time(NULL), (unsigned)getpid() & 0xffff);
	char *req[] = { TLS_OPENSSL, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
			"-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=localhost", NULL };
	char *sign[] = { TLS_OPENSSL, "x509", "-req", "-sha256", "-in", csr, "-CA", cacrt, "-CAkey", cakey,
			 "-set_serial", serial, "-days", "-1", "-extfile", ext, "-out", crt, NULL };
	tls_run(dir, req);
	tls_run(dir, sign);
	chmod(key, 0600);
	remove(csr);
	remove(ext);
}

void tls_certs_other_ca(const char *dir, const char *prefix)
{
	char cadir[PATH_MAX], from[PATH_MAX], to[PATH_MAX];

	tls_fmt(cadir, sizeof cadir, "%s/%s-ca", dir, prefix);
	tls_certs_make(cadir, "broker", NULL);
	tls_fmt(from, sizeof from, "%s/broker.crt", cadir);
	tls_fmt(to, sizeof to, "%s/%s.crt", dir, prefix);
	if (rename(from, to) != 0)
		tls_die("cannot move", from);
	tls_fmt(from, sizeof from, "%s/broker.key", cadir);
	tls_fmt(to, sizeof to, "%s/%s.key", dir, prefix);
	if (rename(from, to) != 0)
		tls_die("cannot move", from);
}

/* The first line of path without its newline. */
static void tls_read_line(const char *path, char *out, size_t cap)
{
	FILE *f = fopen(path, "r");

	if (!f || !fgets(out, (int)cap, f))
		tls_die("cannot read", path);
	fclose(f);
	out[strcspn(out, "\r\n")] = '\0';
}

/* systemd/mosquitto-hailong.conf with the listener on 127.0.0.1:port and the paths in the test's
 * folders; every other line as shipped, so the tests run the real settings. */
static void tls_write_conf(const struct sbroker *b, const char *cert, const char *extra_conf)
{
	const char *tmpl = tls_source_path("systemd/mosquitto-hailong.conf");
	FILE *in = fopen(tmpl, "r"), *out = fopen(b->conf, "w");
	char line[1024];
	bool listener = false;

	if (!in || !out)
		tls_die("cannot copy the broker config", tmpl);
	while (fgets(line, sizeof line, in)) {
		char key[64] = "";

		sscanf(line, "%63s", key);
		if (strcmp(key, "listener") == 0) {
			fprintf(out, "listener %d 127.0.0.1\n", b->port);
			listener = true;
		} else if (strcmp(key, "certfile") == 0) {
			fprintf(out, "certfile %s.crt\n", cert);
		} else if (strcmp(key, "keyfile") == 0) {
			fprintf(out, "keyfile %s.key\n", cert);
		} else if (strcmp(key, "cafile") == 0) {
			fprintf(out, "cafile %s\n", b->cafile);
		} else if (strcmp(key, "plugin_opt_config_file") == 0) {
			fprintf(out, "plugin_opt_config_file %s/dynamic-security.json\n", b->dir);
		} else if (strcmp(key, "autosave_interval") == 0) {
			fputs("autosave_interval 1\n", out); /* tests kill -9 and look for what was saved */
		} else {
			fputs(line, out);
		}
	}
	fclose(in);
	if (!listener)
		tls_die("no listener line in", tmpl);
	fprintf(out, "\n# harness_tls\npersistence_location %s/\n", b->dir);
	/* As root mosquitto would switch to the mosquitto user, who cannot enter the test's folder. */
	if (geteuid() == 0)
		fputs("user root\n", out);
	if (extra_conf)
		fprintf(out, "%s\n", extra_conf);
	if (fclose(out) != 0)
		tls_die("cannot write", b->conf);
}

/* mosquitto_ctrl reads default options from $XDG_CONFIG_HOME/mosquitto_ctrl ("-o FILE" is ignored
 * by 2.0.11), which keeps the admin password off every command line. */
static void tls_write_ctrl_opts(const struct sbroker *b)
{
	char dir[PATH_MAX], path[PATH_MAX], pw[300];
	FILE *f;

	tls_fmt(dir, sizeof dir, "%s/ctrl", b->dir);
	mkdir(dir, 0700);
	tls_fmt(path, sizeof path, "%s/mosquitto_ctrl", dir);
	tls_read_line(b->admin_pwfile, pw, sizeof pw);
	remove(path);
	f = fopen(path, "w");
	if (!f)
		tls_die("cannot write", path);
	chmod(path, 0600);
	fprintf(f, "-h 127.0.0.1\n-p %d\n-u %s\n-P %s\n--cafile %s\n", b->port, b->admin_user, pw, b->cafile);
	memset(pw, 0, sizeof pw);
	if (fclose(f) != 0)
		tls_die("cannot write", path);
}

void sbroker_start(struct sbroker *b, const char *dir, int port, const char *certprefix,
		   const char *extra_conf)
{
	char d[256], cert[PATH_MAX], dynsec[PATH_MAX], crt[PATH_MAX + 8];
	int64_t deadline;

	/* dir may be b->dir (a restart): copy before clearing b. */
	tls_fmt(d, sizeof d, "%s", dir);
	memset(b, 0, sizeof *b);
	tls_fmt(b->dir, sizeof b->dir, "%s", d);
	b->port = port ? port : harness_free_port();
	tls_fmt(b->url, sizeof b->url, "mqtts://127.0.0.1:%d", b->port);
	tls_fmt(b->admin_user, sizeof b->admin_user, "admin");
	tls_fmt(b->admin_pwfile, sizeof b->admin_pwfile, "%s/admin.pw", b->dir);
	tls_fmt(b->conf, sizeof b->conf, "%s/mosquitto.conf", b->dir);
	tls_fmt(b->log, sizeof b->log, "%s/mosquitto.log", b->dir);

	if (!certprefix) {
		tls_fmt(cert, sizeof cert, "%s/broker", b->dir);
		tls_fmt(crt, sizeof crt, "%s.crt", cert);
		if (!tls_exists(crt))
			tls_certs_make(b->dir, "broker", NULL);
	} else if (strchr(certprefix, '/')) {
		tls_fmt(cert, sizeof cert, "%s", certprefix);
	} else {
		tls_fmt(cert, sizeof cert, "%s/%s", b->dir, certprefix);
	}
	tls_fmt(crt, sizeof crt, "%s.crt", cert);
	if (!tls_exists(crt))
		tls_die("no such certificate", crt);
	{
		char cadir[PATH_MAX];
		tls_fmt(cadir, sizeof cadir, "%s", cert);
		char *slash = strrchr(cadir, '/');
		if (slash)
			*slash = '\0';
		tls_fmt(b->cafile, sizeof b->cafile, "%s/ca.crt", slash ? cadir : ".");
	}

	tls_fmt(dynsec, sizeof dynsec, "%s/dynamic-security.json", b->dir);
	if (!tls_exists(dynsec)) {
		char *argv[] = { (char *)tls_source_path("systemd/hailong-broker-init"), "--dynsec", dynsec,
				 "--admin", b->admin_user, "--password-file", b->admin_pwfile, NULL };
		tls_run(b->dir, argv);
	}
	tls_write_conf(b, cert, extra_conf);
	tls_write_ctrl_opts(b);

	char *argv[] = { TLS_MOSQUITTO, "-c", b->conf, NULL };
	b->pid = harness_spawn(b->log, argv);
	deadline = harness_now_ms() + TLS_START_MS;
	while (!harness_port_open(b->port, 50)) {
		int status = harness_wait(b->pid, 0);
		if (status != -1 || harness_now_ms() >= deadline) {
			fprintf(stderr, "harness_tls: mosquitto %s on port %d (see %s)\n",
				status != -1 ? "exited" : "did not listen", b->port, b->log);
			abort();
		}
	}
}

void sbroker_stop(struct sbroker *b, int sig)
{
	if (b->pid > 0)
		harness_kill(b->pid, sig, TLS_STOP_MS);
	b->pid = 0;
}

int sbroker_dynsec(const struct sbroker *b, const char *args_fmt, ...)
{
	char args[2048], env[PATH_MAX + 32], log[PATH_MAX], text[8192];
	char *argv[64], *save = NULL;
	int n = 0, rc;
	long before = 0;
	va_list ap;
	FILE *f;

	va_start(ap, args_fmt);
	rc = vsnprintf(args, sizeof args, args_fmt, ap);
	va_end(ap);
	if (rc < 0 || (size_t)rc >= sizeof args)
		tls_die("dynsec arguments too long", args_fmt);
	tls_fmt(env, sizeof env, "XDG_CONFIG_HOME=%s/ctrl", b->dir);
	tls_fmt(log, sizeof log, "%s/dynsec.log", b->dir);
	f = fopen(log, "a");
	if (f) {
		fprintf(f, "$ mosquitto_ctrl dynsec %s\n", args);
		fflush(f);
		before = ftell(f);
		fclose(f);
	}
	argv[n++] = TLS_ENV;
	argv[n++] = env;
	argv[n++] = TLS_CTRL;
	argv[n++] = "dynsec";
	for (char *w = strtok_r(args, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (n >= 63)
			tls_die("too many dynsec arguments", args_fmt);
		argv[n++] = w;
	}
	argv[n] = NULL;

	rc = harness_run(log, argv, TLS_CTRL_MS);
	if (rc != 0)
		return rc;
	/* Exit code 0 says little in 2.0.11: look at what this call printed. */
	f = fopen(log, "r");
	if (f && fseek(f, before, SEEK_SET) == 0) {
		size_t len = fread(text, 1, sizeof text - 1, f);
		text[len] = '\0';
		if (strstr(text, "Error") || strstr(text, "error"))
			rc = 1;
	}
	if (f)
		fclose(f);
	return rc;
}

void sbroker_admin_conf(const struct sbroker *b, const char *path, const char *db)
{
	harness_write_file(path, "broker = %s\ncafile = %s\nadmin_username = %s\nadmin_password_file = %s\n%s%s%s",
			   b->url, b->cafile, b->admin_user, b->admin_pwfile, db ? "db = " : "", db ? db : "",
			   db ? "\n" : "");
}

void sbroker_bridge_conf(char *out, size_t cap, const struct sbroker *remote, const char *site,
			 const char *password)
{
	const char *tmpl = tls_source_path("systemd/mosquitto-bridge.conf.example");
	FILE *in = fopen(tmpl, "r");
	char line[1024], fixed[2048];
	size_t used = 0;

	if (!in)
		tls_die("cannot read", tmpl);
	out[0] = '\0';
	while (fgets(line, sizeof line, in)) {
		char key[64] = "", *at, *w = fixed;
		const char *r = line;

		sscanf(line, "%63s", key);
		if (strcmp(key, "address") == 0) {
			tls_fmt(fixed, sizeof fixed, "address 127.0.0.1:%d\n", remote->port);
		} else if (strcmp(key, "bridge_cafile") == 0) {
			tls_fmt(fixed, sizeof fixed, "bridge_cafile %s\n", remote->cafile);
		} else if (strcmp(key, "remote_password") == 0) {
			tls_fmt(fixed, sizeof fixed, "remote_password %s\n", password);
		} else if (strcmp(key, "restart_timeout") == 0) {
			/* A test's outage is short: reconnect within a second or two, not minutes. */
			tls_fmt(fixed, sizeof fixed, "restart_timeout 1 2\n");
		} else {
			/* The example's site id, wherever it is. */
			while ((at = strstr(r, "sct-bentre")) != NULL) {
				tls_fmt(w, sizeof fixed - (size_t)(w - fixed), "%.*s%s", (int)(at - r), r, site);
				w += strlen(w);
				r = at + strlen("sct-bentre");
			}
			tls_fmt(w, sizeof fixed - (size_t)(w - fixed), "%s", r);
		}
		tls_fmt(out + used, cap - used, "%s", fixed);
		used += strlen(fixed);
	}
	fclose(in);
}
