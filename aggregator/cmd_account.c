/* SPDX-License-Identifier: MIT
 * cmd_account.c — `terminal add|remove|passwd|list` and `account add|remove|passwd|list`: broker
 * logins and their access rules, made through Mosquitto's dynamic security plugin (DESIGN §9) while
 * the broker runs. This file is the adapter: it logs in as the plugin's admin (admin_username,
 * admin_password_file), publishes the commands dynsec.c builds and hands the answers back to it, and
 * writes what the new login needs into a folder for the admin to copy: a password file (mode 600),
 * and for a terminal its whole config with the CA, for a bridge a mosquitto `connection` block.
 * A new password is staged beside its final name before the broker hears of it and put in place only
 * once the broker took it, so a refusal never destroys a password file that still works. Passwords
 * are never printed, logged or put on a command line. Start reading cmd_terminal() and cmd_account()
 * at the bottom. */
#include "commands.h"

#include "cli.h"
#include "dynsec.h"
#include "hl.h"
#include "link.h"
#include "log.h"
#include "secret.h"
#include "settings.h"
#include "topic.h"
#include "url.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PROG CLI_PROG
#define TIMEOUT_DEFAULT 5 /* seconds to log in, and again for each answer of the plugin */
#define PASSWORD_LEN 32
#define BRIDGE_CAFILE "/etc/mosquitto/certs/hailong/ca.crt" /* as in mosquitto-hailong.conf */

/* ---- usage -------------------------------------------------------------------------------------- */

static void usage_terminal(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " terminal add --site SITE --counter COUNTER --out DIR [-c FILE]\n"
		"                                 [--broker URL] [--terminal-broker URL]\n"
		"       " PROG " terminal passwd --site SITE --counter COUNTER --out DIR [-c FILE] [--broker URL]\n"
		"       " PROG " terminal remove --site SITE --counter COUNTER [-c FILE] [--broker URL]\n"
		"       " PROG " terminal list [-c FILE] [--broker URL]\n"
		"\n"
		"A counter's terminal logs in to the broker as terminal.SITE.COUNTER and may only publish its\n"
		"own rating and status and subscribe to its own session and receipts and its site's roster.\n"
		"add     creates that login with a random password and writes into DIR (made, mode 700, if\n"
		"        missing): terminal.conf (broker, site, counter, username, password_file and, for\n"
		"        mqtts://, cafile), terminal.password (mode 600) and ca.crt. Copy the folder's files to\n"
		"        /etc/hailong/ on the terminal. Fails if the login exists (use passwd).\n"
		"passwd  gives the login a new random password in DIR/terminal.password; the broker refuses\n"
		"        the old one at once. The terminal reads the new file at its next connect attempt.\n"
		"remove  deletes the login and its rules; the terminal is disconnected and refused from then on.\n"
		"list    prints the terminals' logins: username, site, counter.\n"
		"\n"
		"The broker is the config's broker (or --broker), with its cafile; we log in as the dynamic\n"
		"security plugin's admin (admin_username, admin_password_file in -c FILE). The address written\n"
		"into terminal.conf is --terminal-broker, else the config's terminal_broker, else broker.\n"
		"--timeout SECONDS bounds the login and each answer (default %d). Other accounts: '" PROG
		" account'.\n",
		TIMEOUT_DEFAULT);
}

static void usage_account(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " account add (aggregator|web|onestop) NAME --out DIR [--site SITE]...\n"
		"       " PROG " account add bridge --site SITE --out DIR --province-broker URL\n"
		"       " PROG " account passwd (aggregator|web|onestop) NAME --out DIR\n"
		"       " PROG " account passwd bridge --site SITE --out DIR --province-broker URL\n"
		"       " PROG " account remove (aggregator|web|onestop) NAME\n"
		"       " PROG " account remove bridge --site SITE\n"
		"       " PROG " account list\n"
		"   each with [-c FILE] [--broker URL] [--timeout SECONDS]; 'account ... terminal' is\n"
		"   '" PROG " terminal ...'.\n"
		"\n"
		"Logins other than terminals, each with a role of its name (NAME, SITE: [a-z0-9-]{1,32}):\n"
		"  aggregator.NAME  serve: reads ratings and statuses, publishes receipts, rosters, alerts, sessions\n"
		"  web.NAME         the web console: sessions, statuses and alerts of its --site SITEs (all without)\n"
		"  onestop.NAME     one-stop software: sessions of its --site SITEs (all without)\n"
		"  bridge.SITE      a site broker's bridge on the province broker: its site's ratings and statuses\n"
		"                   up; receipts, sessions, roster and alerts down\n"
		"add     writes DIR/KIND.password (mode 600) and prints the config lines to use; for a bridge it\n"
		"        writes DIR/hailong-bridge-SITE.conf (mode 600, it holds the password), a mosquitto\n"
		"        'connection' block for the site broker's /etc/mosquitto/conf.d/ that reaches\n"
		"        --province-broker, and DIR/ca.crt (the CA it checks the province against) for mqtts://.\n"
		"passwd  a new random password, written the same way; the old one is refused at once.\n"
		"remove  deletes the login and its role.  list  prints every login on the broker.\n");
}

/* ---- options ------------------------------------------------------------------------------------ */

enum opt_bit {
	A_CONFIG = 1 << 0, A_BROKER = 1 << 1, A_TBROKER = 1 << 2, A_PBROKER = 1 << 3, A_OUT = 1 << 4,
	A_SITE = 1 << 5, A_COUNTER = 1 << 6, A_TIMEOUT = 1 << 7,
};

struct opts {
	unsigned given;
	const char *config, *broker, *terminal_broker, *province_broker, *out, *counter;
	const char *sites[ACCOUNT_SITES_MAX];
	size_t nsites;
	int timeout_s;
	int nargs;
	char **args; /* positional arguments after the action */
};

static const struct option longopts[] = {
	{ "config", required_argument, NULL, 'c' },          { "broker", required_argument, NULL, 'b' },
	{ "terminal-broker", required_argument, NULL, 'T' }, { "province-broker", required_argument, NULL, 'P' },
	{ "out", required_argument, NULL, 'o' },             { "site", required_argument, NULL, 's' },
	{ "counter", required_argument, NULL, 'C' },         { "timeout", required_argument, NULL, 't' },
	{ "help", no_argument, NULL, 'h' },                  { 0 },
};

/* Parses one action's options (argv[0] is the action). Returns 0, 1 after --help (printed), or 2
 * after a usage error (printed). What applies to which action is checked by the caller. */
static int opts_parse(int argc, char **argv, void (*usage)(FILE *), struct opts *o)
{
	struct broker_url u;
	char *end;
	long v;
	int opt;

	memset(o, 0, sizeof *o);
	o->timeout_s = TIMEOUT_DEFAULT;
	optind = 0; /* glibc: start afresh */
	while ((opt = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': o->given |= A_CONFIG; o->config = optarg; break;
		case 'b':
		case 'T':
		case 'P':
			if (url_parse(optarg, &u) != HL_OK)
				return cli_usage_error(usage, "'%s' is not mqtt[s]://HOST[:PORT]", optarg);
			o->given |= opt == 'b' ? A_BROKER : opt == 'T' ? A_TBROKER : A_PBROKER;
			*(opt == 'b' ? &o->broker : opt == 'T' ? &o->terminal_broker : &o->province_broker) = optarg;
			break;
		case 'o':
			if (!optarg[0])
				return cli_usage_error(usage, "%s", "--out needs a folder");
			o->given |= A_OUT;
			o->out = optarg;
			break;
		case 's':
			if (!topic_id_valid(optarg))
				return cli_usage_error(usage, "--site '%s' must match [a-z0-9-]{1,32}", optarg);
			if (o->nsites == ACCOUNT_SITES_MAX)
				return cli_usage_error(usage, "more than %s --site options", "64");
			o->given |= A_SITE;
			o->sites[o->nsites++] = optarg;
			break;
		case 'C':
			if (!topic_id_valid(optarg))
				return cli_usage_error(usage, "--counter '%s' must match [a-z0-9-]{1,32}", optarg);
			o->given |= A_COUNTER;
			o->counter = optarg;
			break;
		case 't':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || v < 1 || v > 600)
				return cli_usage_error(usage, "--timeout '%s' must be seconds, 1 to 600", optarg);
			o->given |= A_TIMEOUT;
			o->timeout_s = (int)v;
			break;
		case 'h': usage(stdout); return 1;
		default: usage(stderr); return 2;
		}
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	return 0;
}

/* Every option given must be in allowed; every one in needed must be given. 0 or 2 (printed). */
static int opts_require(const struct opts *o, const char *what, unsigned allowed, unsigned needed,
			void (*usage)(FILE *))
{
	char msg[160];

	for (const struct option *lo = longopts; lo->name; lo++) {
		unsigned bit = lo->val == 'c' ? A_CONFIG : lo->val == 'b' ? A_BROKER : lo->val == 'T' ? A_TBROKER
			     : lo->val == 'P' ? A_PBROKER : lo->val == 'o' ? A_OUT : lo->val == 's' ? A_SITE
			     : lo->val == 'C' ? A_COUNTER : lo->val == 't' ? A_TIMEOUT : 0;
		if ((o->given & bit) && !(allowed & bit)) {
			snprintf(msg, sizeof msg, "--%s does not apply to '%s'", lo->name, what);
			return cli_usage_error(usage, "%s", msg);
		}
		if ((needed & bit) && !(o->given & bit)) {
			snprintf(msg, sizeof msg, "'%s' needs --%s", what, lo->name);
			return cli_usage_error(usage, "%s", msg);
		}
	}
	return 0;
}

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

/* A secret file written under a temporary name first (path.new), and put in place once the broker
 * has the password. */
struct staged {
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	bool pending;
};

static int stage(struct staged *s, const char *dir, const char *name, const char *text)
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

static int stage_commit(struct staged *s)
{
	if (rename(s->tmp, s->path) != 0) {
		fprintf(stderr, PROG ": the broker has the new password, but %s could not be renamed to %s: %s\n", s->tmp,
			s->path, strerror(errno));
		return 1;
	}
	s->pending = false;
	return 0;
}

static void stage_drop(struct staged *s)
{
	if (s->pending)
		unlink(s->tmp);
	s->pending = false;
}

/* ---- the plugin's admin ------------------------------------------------------------------------- */

struct admin {
	struct link *l;
	const char *url, *user;
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
static int admin_do(struct admin *ad, enum dynsec_op op, const struct account *a, const char *password,
		    struct dynsec_outcome *out)
{
	char *json = NULL;
	int rc;

	switch (op) {
	case DYNSEC_OP_ADD: rc = dynsec_add(a, password, ad->corr, &json); break;
	case DYNSEC_OP_FIX_ROLE: rc = dynsec_fix_role(a, ad->corr, &json); break;
	case DYNSEC_OP_REMOVE: rc = dynsec_remove(a, ad->corr, &json); break;
	case DYNSEC_OP_PASSWD: rc = dynsec_passwd(a, password, ad->corr, &json); break;
	case DYNSEC_OP_LIST: rc = dynsec_list(ad->corr, &json); break;
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

/* Logs in as the plugin's admin and checks the plugin answers. 0, or 1 after printing why not. */
static int admin_connect(struct admin *ad, const struct settings *st, int timeout_s)
{
	static const char *const subs[] = { DYNSEC_RESPONSE_TOPIC, NULL };
	struct broker_security sec = st->sec;
	struct broker_url url;
	struct dynsec_outcome out;
	char pw[SECRET_MAX + 1], why[700], nonce[13];

	memset(ad, 0, sizeof *ad);
	ad->url = st->broker;
	ad->user = st->admin_username;
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

static void admin_close(struct admin *ad)
{
	link_stop(ad->l, NULL);
	ad->l = NULL;
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
		     "# mosquitto user. Ratings and statuses go up, receipts, sessions, roster and alerts come down.\n"
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
		     "topic " TOPIC_PREFIX "%s/alerts in 1",
		     a->site, a->site, u->host, u->port, u->tls ? "bridge_cafile " BRIDGE_CAFILE "\n" : "",
		     u->tls ? "bridge_tls_version tlsv1.2\n" : "", u->tls ? "bridge_insecure false\n" : "", user, user,
		     password, a->site, a->site, a->site, a->site, a->site, a->site);
	return n > 0 && (size_t)n < cap ? 0 : 1;
}

/* What an add or passwd writes besides the broker's side. */
struct plan {
	const struct account *a;
	const char *out;
	char user[ACCOUNT_USERNAME_MAX + 1];
	char secret_name[80];       /* the file holding the password: KIND.password or the bridge conf */
	char remote[300];           /* terminal: its broker; bridge: the province broker */
	struct broker_url remote_url;
	const char *cafile;         /* the aggregator's CA, copied when remote is mqtts */
};

/* Checks what add or passwd will write before the broker is asked. 0, 1 or 2 (printed). */
static int plan_make(struct plan *p, const struct account *a, const struct opts *o, const struct settings *st,
		     void (*usage)(FILE *))
{
	memset(p, 0, sizeof *p);
	p->a = a;
	p->out = o->out;
	account_username(a, p->user, sizeof p->user);
	if (a->kind == ACCOUNT_BRIDGE) {
		if (!o->province_broker)
			return cli_usage_error(usage, "%s", "a bridge needs --province-broker URL, the province broker as the "
							 "site reaches it");
		snprintf(p->secret_name, sizeof p->secret_name, "hailong-bridge-%s.conf", a->site);
		snprintf(p->remote, sizeof p->remote, "%s", o->province_broker);
	} else if (a->kind == ACCOUNT_TERMINAL) {
		snprintf(p->secret_name, sizeof p->secret_name, "terminal.password");
		snprintf(p->remote, sizeof p->remote, "%s", o->terminal_broker ? o->terminal_broker : st->terminal_broker);
	} else {
		snprintf(p->secret_name, sizeof p->secret_name, "%s.password", account_kind_name(a->kind));
	}
	if (p->remote[0]) {
		url_parse(p->remote, &p->remote_url); /* checked by opts_parse or the config */
		if (p->remote_url.tls && !st->sec.cafile[0]) {
			fprintf(stderr, PROG ": %s is mqtts:// but the config names no cafile to pass on; set cafile (the CA "
					"that signed that broker's certificate)\n", p->remote);
			return 1;
		}
		p->cafile = p->remote_url.tls ? st->sec.cafile : NULL;
	}
	return out_dir(o->out);
}

/* The secret file's text for password. The caller wipes buf. */
static int plan_secret(const struct plan *p, const char *password, char *buf, size_t cap)
{
	if (p->a->kind == ACCOUNT_BRIDGE)
		return bridge_conf(buf, cap, p->a, &p->remote_url, password);
	return snprintf(buf, cap, "%s", password) < (int)cap ? 0 : 1;
}

/* After the broker took the password: the terminal's config and CA, the bridge's CA. 0 or 1. */
static int plan_extras(const struct plan *p, bool add)
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
static void plan_advice(const struct plan *p, const char *secret_path, bool add)
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

/* ---- the actions -------------------------------------------------------------------------------- */

enum verb { VERB_ADD, VERB_PASSWD, VERB_REMOVE, VERB_LIST };

/* Settings from -c FILE (or the defaults) with --broker over them. 0, or 1 after printing. */
static int opts_settings(const struct opts *o, struct settings *st)
{
	struct cli_common c = { .config = o->config };

	if (o->broker)
		cli_override(&c, "broker", o->broker);
	return cli_settings(&c, st);
}

/* add or passwd of a (checked). Returns the exit code. */
static int run_keyed(enum verb verb, const struct account *a, const struct opts *o, void (*usage)(FILE *))
{
	struct settings st;
	struct plan p;
	struct staged sg = { 0 };
	struct admin ad = { 0 };
	struct dynsec_outcome out = { 0 };
	char password[PASSWORD_LEN + 1], secret[2048];
	int rc, exit_code = 1;

	if (opts_settings(o, &st))
		return 1;
	if ((rc = plan_make(&p, a, o, &st, usage)) != 0)
		return rc;
	if (secret_random(password, sizeof password, PASSWORD_LEN) != HL_OK) {
		fprintf(stderr, PROG ": no random numbers from the system\n");
		return 1;
	}
	rc = plan_secret(&p, password, secret, sizeof secret) || stage(&sg, o->out, p.secret_name, secret);
	secret_wipe(secret, sizeof secret);
	if (rc)
		goto out;
	if (admin_connect(&ad, &st, o->timeout_s))
		goto out;
	rc = admin_do(&ad, verb == VERB_ADD ? DYNSEC_OP_ADD : DYNSEC_OP_PASSWD, a, password, &out);
	if (rc == HL_OK && out.fix_role) {
		dynsec_outcome_free(&out);
		rc = admin_do(&ad, DYNSEC_OP_FIX_ROLE, a, NULL, &out);
		if (rc != HL_OK)
			fprintf(stderr, PROG ": %s exists now, but its rules may not be ours; run '%s remove' and add it again\n",
				p.user, a->kind == ACCOUNT_TERMINAL ? "terminal" : "account");
	}
	dynsec_outcome_free(&out);
	if (rc != HL_OK)
		goto out;
	if (stage_commit(&sg))
		goto out;
	printf("%s %s on the broker at %s\n", verb == VERB_ADD ? "created" : "new password for", p.user, st.broker);
	printf("wrote %s (mode 600)\n", sg.path);
	if (plan_extras(&p, verb == VERB_ADD)) {
		fprintf(stderr, PROG ": %s has its password in %s, but the other files are missing; fix the cause and run "
				"'passwd' to write them again\n", p.user, sg.path);
		goto out;
	}
	plan_advice(&p, sg.path, verb == VERB_ADD);
	exit_code = 0;
out:
	secret_wipe(password, sizeof password);
	stage_drop(&sg);
	if (ad.l)
		admin_close(&ad);
	return exit_code;
}

static int run_remove(const struct account *a, const struct opts *o)
{
	char user[ACCOUNT_USERNAME_MAX + 1];
	struct settings st;
	struct admin ad;
	struct dynsec_outcome out;
	int rc;

	if (opts_settings(o, &st) || admin_connect(&ad, &st, o->timeout_s))
		return 1;
	rc = admin_do(&ad, DYNSEC_OP_REMOVE, a, NULL, &out);
	dynsec_outcome_free(&out);
	admin_close(&ad);
	if (rc != HL_OK)
		return 1;
	account_username(a, user, sizeof user);
	printf("removed %s from the broker at %s: it is disconnected and can no longer log in\n", user, st.broker);
	return 0;
}

static int run_list(bool terminals_only, const struct opts *o)
{
	struct settings st;
	struct admin ad;
	struct dynsec_outcome out;
	struct account *acc = NULL;
	int w = 8, rc;
	size_t shown = 0;

	if (opts_settings(o, &st) || admin_connect(&ad, &st, o->timeout_s))
		return 1;
	rc = admin_do(&ad, DYNSEC_OP_LIST, NULL, NULL, &out);
	admin_close(&ad);
	if (rc != HL_OK)
		return 1;
	if (!(acc = calloc(out.nusernames ? out.nusernames : 1, sizeof *acc))) {
		fprintf(stderr, PROG ": out of memory\n");
		dynsec_outcome_free(&out);
		return 1;
	}
	for (size_t i = 0; i < out.nusernames; i++) {
		bool ours = account_parse_username(out.usernames[i], &acc[i]) == HL_OK;
		if (!ours)
			acc[i].kind = ACCOUNT_KIND_COUNT;
		if (terminals_only && acc[i].kind != ACCOUNT_TERMINAL)
			continue;
		if ((int)strlen(out.usernames[i]) > w)
			w = (int)strlen(out.usernames[i]);
	}
	if (terminals_only)
		printf("%-*s  %-32s  %s\n", w, "USERNAME", "SITE", "COUNTER");
	else
		printf("%-*s  %-10s  %-32s  %s\n", w, "USERNAME", "KIND", "SITE", "COUNTER/NAME");
	for (size_t i = 0; i < out.nusernames; i++) {
		const struct account *a = &acc[i];
		if (terminals_only && a->kind != ACCOUNT_TERMINAL)
			continue;
		shown++;
		if (terminals_only)
			printf("%-*s  %-32s  %s\n", w, out.usernames[i], a->site, a->counter);
		else if (a->kind == ACCOUNT_KIND_COUNT)
			printf("%-*s  %-10s  %-32s  %s\n", w, out.usernames[i], "(other)", "-", "-");
		else
			printf("%-*s  %-10s  %-32s  %s\n", w, out.usernames[i], account_kind_name(a->kind),
			       a->site[0] ? a->site : "-", a->counter[0] ? a->counter : a->name[0] ? a->name : "-");
	}
	printf("%zu %s%s on the broker at %s\n", shown, terminals_only ? "terminal" : "login",
	       shown == 1 ? "" : "s", st.broker);
	free(acc);
	dynsec_outcome_free(&out);
	return 0;
}

static int verb_parse(const char *name, enum verb *v)
{
	static const char *const names[] = { [VERB_ADD] = "add", [VERB_PASSWD] = "passwd", [VERB_REMOVE] = "remove",
					     [VERB_LIST] = "list" };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0) {
			*v = (enum verb)i;
			return HL_OK;
		}
	return HL_ERR_INVALID;
}

/* The options each verb and kind take; needed ones beyond the account's own fields. */
static unsigned verb_allowed(enum verb v, enum account_kind k)
{
	unsigned common = A_CONFIG | A_BROKER | A_TIMEOUT;

	if (v == VERB_LIST)
		return common;
	if (k == ACCOUNT_TERMINAL)
		return common | A_SITE | A_COUNTER | (v == VERB_REMOVE ? 0 : A_OUT) | (v == VERB_ADD ? A_TBROKER : 0);
	if (k == ACCOUNT_BRIDGE)
		return common | A_SITE | (v == VERB_REMOVE ? 0 : A_OUT | A_PBROKER);
	if (k == ACCOUNT_AGGREGATOR)
		return common | (v == VERB_REMOVE ? 0 : A_OUT);
	return common | (v == VERB_REMOVE ? 0 : A_OUT) | (v == VERB_ADD ? A_SITE : 0);
}

/* One action on one account: o parsed, kind known, name (or NULL) the positional NAME. */
static int run_account(enum verb v, enum account_kind kind, const char *name, const struct opts *o,
		       const char *what, void (*usage)(FILE *))
{
	struct account a = { .kind = kind };
	unsigned needed = v == VERB_ADD || v == VERB_PASSWD ? A_OUT : 0;
	char why[200];
	int rc;

	if (kind == ACCOUNT_TERMINAL)
		needed |= A_SITE | A_COUNTER;
	if (kind == ACCOUNT_BRIDGE)
		needed |= A_SITE | (v == VERB_REMOVE ? 0 : A_PBROKER);
	if ((rc = opts_require(o, what, verb_allowed(v, kind), needed, usage)) != 0)
		return rc;
	if (kind == ACCOUNT_TERMINAL || kind == ACCOUNT_BRIDGE) {
		if (o->nsites > 1)
			return cli_usage_error(usage, "'%s' takes one --site", what);
		if (name)
			return cli_usage_error(usage, "unexpected argument '%s'", name);
		snprintf(a.site, sizeof a.site, "%s", o->sites[0]);
		if (o->counter)
			snprintf(a.counter, sizeof a.counter, "%s", o->counter);
	} else {
		if (!name)
			return cli_usage_error(usage, "'%s' needs a NAME", what);
		if (!topic_id_valid(name))
			return cli_usage_error(usage, "NAME '%s' must match [a-z0-9-]{1,32}", name);
		snprintf(a.name, sizeof a.name, "%s", name);
		for (size_t i = 0; i < o->nsites; i++)
			snprintf(a.sites[a.nsites++], sizeof a.sites[0], "%s", o->sites[i]);
	}
	if (account_check(&a, why, sizeof why) != HL_OK)
		return cli_usage_error(usage, "%s", why);
	if (v == VERB_REMOVE)
		return run_remove(&a, o);
	return run_keyed(v, &a, o, usage);
}

/* ---- the commands ------------------------------------------------------------------------------- */

static bool is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int cmd_terminal(int argc, char **argv)
{
	struct opts o;
	enum verb v;
	int rc;

	/* What a command for people should say; the link's reconnect chatter is for the daemons. */
	log_set_level(LOG_ERROR);
	if (argc < 2)
		return cli_usage_error(usage_terminal, "%s", "which action? add, passwd, remove or list");
	if (is_help(argv[1])) {
		usage_terminal(stdout);
		return 0;
	}
	if (verb_parse(argv[1], &v) != HL_OK)
		return cli_usage_error(usage_terminal, "unknown action '%s'", argv[1]);
	if ((rc = opts_parse(argc - 1, argv + 1, usage_terminal, &o)) != 0)
		return rc == 1 ? 0 : rc;
	if (o.nargs)
		return cli_usage_error(usage_terminal, "unexpected argument '%s'", o.args[0]);
	char what[32];
	snprintf(what, sizeof what, "terminal %s", argv[1]);
	if (v == VERB_LIST) {
		if ((rc = opts_require(&o, what, verb_allowed(v, ACCOUNT_TERMINAL), 0, usage_terminal)) != 0)
			return rc;
		return run_list(true, &o);
	}
	return run_account(v, ACCOUNT_TERMINAL, NULL, &o, what, usage_terminal);
}

int cmd_account(int argc, char **argv)
{
	struct opts o;
	enum verb v;
	enum account_kind kind;
	char what[48];
	int rc;

	log_set_level(LOG_ERROR);
	if (argc < 2)
		return cli_usage_error(usage_account, "%s", "which action? add, passwd, remove or list");
	if (is_help(argv[1])) {
		usage_account(stdout);
		return 0;
	}
	if (verb_parse(argv[1], &v) != HL_OK)
		return cli_usage_error(usage_account, "unknown action '%s'", argv[1]);
	if ((rc = opts_parse(argc - 1, argv + 1, usage_account, &o)) != 0)
		return rc == 1 ? 0 : rc;
	if (v == VERB_LIST) {
		if (o.nargs)
			return cli_usage_error(usage_account, "unexpected argument '%s'", o.args[0]);
		if ((rc = opts_require(&o, "account list", verb_allowed(v, ACCOUNT_AGGREGATOR), 0, usage_account)) != 0)
			return rc;
		return run_list(false, &o);
	}
	if (o.nargs < 1)
		return cli_usage_error(usage_account, "'account %s' needs a kind: aggregator, web, onestop or bridge",
				       argv[1]);
	if (account_kind_parse(o.args[0], &kind) != HL_OK)
		return cli_usage_error(usage_account, "unknown kind '%s': aggregator, web, onestop, bridge or terminal",
				       o.args[0]);
	if (o.nargs > 2)
		return cli_usage_error(usage_account, "unexpected argument '%s'", o.args[2]);
	snprintf(what, sizeof what, "account %s %s", argv[1], o.args[0]);
	return run_account(v, kind, o.nargs > 1 ? o.args[1] : NULL, &o, what,
			   kind == ACCOUNT_TERMINAL ? usage_terminal : usage_account);
}
