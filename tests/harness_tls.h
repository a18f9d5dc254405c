/* SPDX-License-Identifier: MIT
 * harness_tls.h — secure brokers for the integration tests, built from the files that are shipped: a
 * department CA and broker certificates from systemd/hailong-make-certs (plus the bad certificates a
 * test needs: expired, wrong host name, another CA), a mosquitto configured by rewriting only the
 * paths and port of systemd/mosquitto-hailong.conf (TLS, dynsec, logins, no anonymous), and its admin
 * account from systemd/hailong-broker-init. Like harness.h, every failure to set things up aborts the
 * run; mosquitto is started and ended by PID through harness_spawn. */
#ifndef HL_HARNESS_TLS_H
#define HL_HARNESS_TLS_H

#include <stddef.h>
#include <sys/types.h>

/* The path of rel (e.g. "systemd/hailong-make-certs") in the source tree, searched in the folders
 * above harness_bindir() (build/ or build/sanitize/). Static storage, overwritten by the next call;
 * aborts when not found. */
const char *tls_source_path(const char *rel);

/* Certificates, in a folder dir that holds one CA (dir/ca.crt, dir/ca.key: made by the first call,
 * reused by the next ones). Each call makes dir/prefix.crt and dir/prefix.key. */
/* A broker certificate for names (NULL-terminated; NULL means "localhost", "127.0.0.1"). */
void tls_certs_make(const char *dir, const char *prefix, const char *const *names);
/* A broker certificate for localhost and 127.0.0.1 from dir's CA that expired a day ago. */
void tls_certs_expired(const char *dir, const char *prefix);
/* A broker certificate from dir's CA for "wrong.example" only. */
void tls_certs_wrong_host(const char *dir, const char *prefix);
/* A broker certificate for localhost and 127.0.0.1 from a second, unrelated CA (kept in
 * dir/prefix-ca/), for "unknown CA" tests. */
void tls_certs_other_ca(const char *dir, const char *prefix);
/* A client certificate with CN name from dir's CA. */
void tls_certs_client(const char *dir, const char *name, const char *prefix);

/* A mosquitto as a site runs it, on 127.0.0.1. All paths are absolute when dir is. */
struct sbroker {
	pid_t pid; /* 0 when not running */
	int port;
	char dir[256];     /* its own folder: config, log, persistence, dynsec file, admin password */
	char url[80];      /* mqtts://127.0.0.1:PORT */
	char cafile[300];  /* the CA that signed its certificate: what clients trust */
	char admin_user[64];     /* "admin", the dynsec administrator */
	char admin_pwfile[300];  /* dir/admin.pw, mode 600 */
	char conf[300];    /* dir/mosquitto.conf */
	char log[300];     /* dir/mosquitto.log: the broker's output, appended across restarts */
};

/* Starts a broker in dir on 127.0.0.1:port (0: a free port) and waits until it listens (bounded).
 * The first start in dir makes dir/dynamic-security.json and dir/admin.pw with hailong-broker-init;
 * later starts (restarts: pass b->dir and b->port) reuse them, so accounts survive. certprefix names
 * the broker's certificate: NULL means dir/broker (made for localhost and 127.0.0.1 if missing); a
 * name without '/' means dir/NAME; a path with '/' is used as it is (several brokers sharing one CA
 * folder). Its .crt and .key are used with the ca.crt beside them. extra_conf (may be NULL) is
 * appended to the config, e.g. a bridge's "connection" section. */
void sbroker_start(struct sbroker *b, const char *dir, int port, const char *certprefix,
		   const char *extra_conf);
/* Sends sig (SIGTERM: a clean stop that saves persistence; SIGKILL: a crash) and waits (bounded). */
void sbroker_stop(struct sbroker *b, int sig);

/* Runs `mosquitto_ctrl dynsec ARGS` against the running broker as its admin, e.g.
 * sbroker_dynsec(b, "createClient %s -p %s", user, pw). The formatted text is split at spaces (no
 * quoting). The password reaches mosquitto_ctrl through its options file (dir/ctrl/mosquitto_ctrl,
 * mode 600), not the command line. Output is appended to dir/dynsec.log. Returns mosquitto_ctrl's
 * exit code, or 1 when it exited 0 but printed an error (2.0.11 exits 0 after "Error: Client already
 * exists" and after a refused connection), or -1 when it did not end within 10 s. */
int sbroker_dynsec(const struct sbroker *b, const char *args_fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Writes path: what `hailong-aggregator terminal|account -c path` needs to manage b's accounts (its
 * url, cafile and dynsec admin login), and `db = DB` when db is not NULL. Aborts when it cannot. */
void sbroker_admin_conf(const struct sbroker *b, const char *path, const char *db);

/* systemd/mosquitto-bridge.conf.example made ready for a test, into out (cap bytes): the site id
 * sct-bentre replaced by site, the address by remote's, the CA by remote's cafile, the password by
 * password, restart_timeout by 1-2 s; every other line as shipped. Pass it as sbroker_start's extra_conf. */
void sbroker_bridge_conf(char *out, size_t cap, const struct sbroker *remote, const char *site,
			 const char *password);

#endif
