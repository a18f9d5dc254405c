/* SPDX-License-Identifier: MIT
 * account_files.c — the folder a new or re-keyed login is handed over in. Files are written through a
 * temporary name and a rename, so a half-written file never stands under its final name; the file
 * that holds the password is only staged (NAME.new) until the broker has taken the password, and the
 * caller puts it in place or drops it. Texts that hold a password are wiped by their callers. */
#include "account_files.h"

#include "cli.h"
#include "hl.h"
#include "secret.h"
#include "settings.h"
#include "topic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROG CLI_PROG
#define BRIDGE_CAFILE "/etc/mosquitto/certs/hailong/ca.crt" /* as in mosquitto-hailong.conf */

/* ---- files -------------------------------------------------------------------------------------- */

/* Makes dir (and missing parents; new ones mode 700) and checks we can write in it. 0 or 1 (printed). */
static int out_dir(const char *dir)
{
	char path[PATH_MAX];
	struct stat sb;

	if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
		fprintf(stderr, PROG ": --out %s: name too long\n", dir);
		return 1;
	}
	for (char *p = path + 1;; p++) {
		if (*p && *p != '/')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST) {
			fprintf(stderr, PROG ": cannot make the folder %s: %s\n", path, strerror(errno));
			return 1;
		}
		*p = c;
		if (!c)
			break;
	}
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		fprintf(stderr, PROG ": --out %s is not a folder\n", dir);
		return 1;
	}
	if (access(dir, W_OK) != 0) {
		fprintf(stderr, PROG ": cannot write in %s: %s\n", dir, strerror(errno));
		return 1;
	}
	return 0;
}

static int path_in(char *buf, size_t cap, const char *dir, const char *name)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return snprintf(buf, cap, "%.*s/%s", (int)n, dir, name) < (int)cap ? 0 : 1;
}

/* Writes len bytes of text to path through a temporary file and a rename, with mode. HL_OK or
 * HL_ERR_IO (errno kept). */
static int file_put(const char *path, const char *text, size_t len, mode_t mode)
{
	char tmp[PATH_MAX];
	int fd, rc = HL_ERR_IO, saved;

	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return HL_ERR_IO;
	}
	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) < 0)
		return HL_ERR_IO;
	if (fchmod(fd, mode) == 0 && write(fd, text, len) == (ssize_t)len && fsync(fd) == 0)
		rc = HL_OK;
	saved = errno;
	if (close(fd) != 0 && rc == HL_OK)
		rc = HL_ERR_IO, saved = errno;
	if (rc == HL_OK && rename(tmp, path) != 0)
		rc = HL_ERR_IO, saved = errno;
	if (rc != HL_OK)
		unlink(tmp);
	errno = saved;
	return rc;
}

/* Copies the file src to dst (mode 644). 0 or 1 (printed). */
static int file_copy(const char *src, const char *dst)
{
	FILE *f = fopen(src, "rb");
	char *buf = NULL;
	size_t n = 0;
	long size;
	int bad = 1;

	if (!f) {
		fprintf(stderr, PROG ": cannot read %s: %s\n", src, strerror(errno));
		return 1;
	}
	/* A CA certificate is a few KiB; anything past 1 MiB is not one. */
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && size <= 1024 * 1024 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)size + 1)) != NULL && (n = fread(buf, 1, (size_t)size, f)) == (size_t)size) {
		if (file_put(dst, buf, n, 0644) == HL_OK)
			bad = 0;
		else
			fprintf(stderr, PROG ": cannot write %s: %s\n", dst, strerror(errno));
	} else {
		fprintf(stderr, PROG ": cannot read %s (or larger than 1 MiB)\n", src);
	}
	free(buf);
	fclose(f);
	return bad;
}

/* Writes text to DIR/NAME.new with secret_write (mode 600). 0 or 1 (printed). */
int account_files_stage(struct account_files_staged *s, const char *dir, const char *name, const char *text)
{
	memset(s, 0, sizeof *s);
	if (path_in(s->path, sizeof s->path, dir, name) || snprintf(s->tmp, sizeof s->tmp, "%s.new", s->path) >= (int)sizeof s->tmp) {
		fprintf(stderr, PROG ": %s/%s: name too long\n", dir, name);
		return 1;
	}
	if (secret_write(s->tmp, text) != HL_OK) {
		fprintf(stderr, PROG ": cannot write %s: %s\n", s->tmp, strerror(errno));
		return 1;
	}
	s->pending = true;
	return 0;
}

int account_files_commit(struct account_files_staged *s)
{
	if (rename(s->tmp, s->path) != 0) {
		fprintf(stderr, PROG ": the broker has the new password, but %s could not be renamed to %s: %s\n", s->tmp,
			s->path, strerror(errno));
		return 1;
	}
	s->pending = false;
	return 0;
}

void account_files_drop(struct account_files_staged *s)
{
	if (s->pending)
		unlink(s->tmp);
	s->pending = false;
}

/* ---- what each account needs written ------------------------------------------------------------ */

/* The text of a site broker's bridge to the province broker for account a. The caller wipes buf. */
static int bridge_conf(char *buf, size_t cap, const struct account *a, const struct broker_url *u,
		       const char *password)
{
	char user[ACCOUNT_USERNAME_MAX + 1];
	int n;

	account_username(a, user, sizeof user);
	n = snprintf(buf, cap,
		     "# Hai Long: bridge of site %s's broker to the province broker, written by " PROG " account.\n"
		     "# For /etc/mosquitto/conf.d/ on the site broker; it holds a password: mode 600, readable by the\n"
		     "# mosquitto user. Ratings and statuses go up; receipts, sessions, roster, photos, alerts come down.\n"
		     "connection hailong-bridge-%s\n"
		     "address %s:%d\n"
		     "# MQTT 3.1.1: mosquitto 2.0.11 ends a v5 bridge's session when the link drops.\n"
		     "bridge_protocol_version mqttv311\n"
		     "%s%s%s"
		     "remote_clientid %s\n"
		     "remote_username %s\n"
		     "remote_password %s\n"
		     "cleansession false\n"
		     "try_private true\n"
		     "# Bridge state on the site broker only: the province grants no $SYS.\n"
		     "notifications true\n"
		     "notifications_local_only true\n"
		     "restart_timeout 5 120\n"
		     "keepalive_interval 60\n"
		     "topic " TOPIC_PREFIX "%s/+/rating out 1\n"
		     "topic " TOPIC_PREFIX "%s/+/status out 1\n"
		     "topic " TOPIC_PREFIX "%s/+/receipt in 1\n"
		     "topic " TOPIC_PREFIX "%s/+/session in 1\n"
		     "topic " TOPIC_PREFIX "%s/roster in 1\n"
		     "topic " TOPIC_PREFIX "%s/photo/+ in 1\n"
		     "topic " TOPIC_PREFIX "%s/alerts in 1",
		     a->site, a->site, u->host, u->port, u->tls ? "bridge_cafile " BRIDGE_CAFILE "\n" : "",
		     u->tls ? "bridge_tls_version tlsv1.2\n" : "", u->tls ? "bridge_insecure false\n" : "", user, user,
		     password, a->site, a->site, a->site, a->site, a->site, a->site, a->site);
	return n > 0 && (size_t)n < cap ? 0 : 1;
}

/* Checks what add or passwd will write before the broker is asked. 0, 1 or 2 (printed). */
int account_files_plan(struct account_files *p, const struct account *a, const char *out,
		       const char *terminal_broker, const char *province_broker, const struct settings *st,
		       void (*usage)(FILE *))
{
	memset(p, 0, sizeof *p);
	p->a = a;
	p->out = out;
	account_username(a, p->user, sizeof p->user);
	if (a->kind == ACCOUNT_BRIDGE) {
		if (!province_broker)
			return cli_usage_error(usage, "%s", "a bridge needs --province-broker URL, the province broker as the "
							 "site reaches it");
		snprintf(p->secret_name, sizeof p->secret_name, "hailong-bridge-%s.conf", a->site);
		snprintf(p->remote, sizeof p->remote, "%s", province_broker);
	} else if (a->kind == ACCOUNT_TERMINAL) {
		snprintf(p->secret_name, sizeof p->secret_name, "terminal.password");
		snprintf(p->remote, sizeof p->remote, "%s", terminal_broker ? terminal_broker : st->terminal_broker);
	} else {
		snprintf(p->secret_name, sizeof p->secret_name, "%s.password", account_kind_name(a->kind));
	}
	if (p->remote[0]) {
		url_parse(p->remote, &p->remote_url); /* checked by the command line or the config */
		if (p->remote_url.tls && !st->sec.cafile[0]) {
			fprintf(stderr, PROG ": %s is mqtts:// but the config names no cafile to pass on; set cafile (the CA "
					"that signed that broker's certificate)\n", p->remote);
			return 1;
		}
		p->cafile = p->remote_url.tls ? st->sec.cafile : NULL;
	}
	return out_dir(out);
}

/* The secret file's text for password. The caller wipes buf. */
int account_files_secret(const struct account_files *p, const char *password, char *buf, size_t cap)
{
	if (p->a->kind == ACCOUNT_BRIDGE)
		return bridge_conf(buf, cap, p->a, &p->remote_url, password);
	return snprintf(buf, cap, "%s", password) < (int)cap ? 0 : 1;
}

/* After the broker took the password: the terminal's config and CA, the bridge's CA. 0 or 1. */
int account_files_extras(const struct account_files *p, bool add)
{
	char path[PATH_MAX], text[1200];
	int n;

	if (p->cafile && (add || p->a->kind == ACCOUNT_BRIDGE)) {
		if (path_in(path, sizeof path, p->out, "ca.crt") || file_copy(p->cafile, path))
			return 1;
		printf("wrote %s (a copy of %s)\n", path, p->cafile);
	}
	if (p->a->kind != ACCOUNT_TERMINAL || !add)
		return 0;
	n = snprintf(text, sizeof text,
		     "# hailong-terminal of counter %s at site %s, written by " PROG " terminal add.\n"
		     "# Relative paths are taken from this file's folder: keep the files together.\n"
		     "broker = %s\n"
		     "site = %s\n"
		     "counter = %s\n"
		     "username = %s\n"
		     "password_file = terminal.password\n"
		     "%s",
		     p->a->counter, p->a->site, p->remote, p->a->site, p->a->counter, p->user,
		     p->cafile ? "cafile = ca.crt\n" : "");
	if (n < 0 || (size_t)n >= sizeof text || path_in(path, sizeof path, p->out, "terminal.conf"))
		return 1;
	if (file_put(path, text, (size_t)n, 0644) != HL_OK) {
		fprintf(stderr, PROG ": cannot write %s: %s\n", path, strerror(errno));
		return 1;
	}
	printf("wrote %s\n", path);
	return 0;
}

/* The closing advice: what to copy where, or which config lines to use. */
void account_files_advice(const struct account_files *p, const char *secret_path, bool add)
{
	char abs[PATH_MAX];
	const char *shown = realpath(secret_path, abs) ? abs : secret_path;

	switch (p->a->kind) {
	case ACCOUNT_TERMINAL:
		if (add) {
			printf("copy the files in %s to /etc/hailong/ on the terminal of counter %s at site %s (keep "
			       "terminal.password mode 600, owned by the user hailong-terminal runs as)\n",
			       p->out, p->a->counter, p->a->site);
			if (!p->remote_url.tls && url_is_loopback(p->remote_url.host))
				printf("note: the terminal is told to use %s, a loopback address; set terminal_broker in the "
				       "config or give --terminal-broker for terminals on other machines\n", p->remote);
		} else {
			printf("copy %s to /etc/hailong/terminal.password on the terminal of counter %s at site %s (mode "
			       "600); the broker refuses the old password from now on, and the terminal reads the new "
			       "file at its next connect attempt\n", secret_path, p->a->counter, p->a->site);
		}
		break;
	case ACCOUNT_BRIDGE:
		printf("on the broker of site %s: install -m 600 -o mosquitto %s /etc/mosquitto/conf.d/ (it must be "
		       "readable by the mosquitto user)%s%s, then restart mosquitto\n", p->a->site, secret_path,
		       p->cafile ? "; " BRIDGE_CAFILE " there must be the CA in " : "", p->cafile ? p->out : "");
		break;
	default:
		printf("in the %s's config (copy the password file where that program can read it, mode 600):\n"
		       "  username = %s\n  password_file = %s\n",
		       p->a->kind == ACCOUNT_AGGREGATOR ? "aggregator" : p->a->kind == ACCOUNT_WEB ? "web console"
												  : "one-stop software",
		       p->user, shown);
		break;
	}
}
