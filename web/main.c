/* SPDX-License-Identifier: MIT
 * main.c — hailong-web: the console for department heads, officers, the province and IT staff, and
 * the HTTP API for the one-stop software, over the aggregator's database.
 *
 * How it works: the settings come from web.conf and the command line (conf.c); server.c listens
 * with libmicrohttpd, one thread per connection, and hands each request to web_dispatch (route.c),
 * which finds who is asking (login cookie or API token), checks role, site and CSRF, and calls one
 * page handler (page_*.c, api.c). Handlers read the database through the store modules of results/
 * and the same report and index code the aggregator's commands use; they write only the console's
 * own tables (flags' life cycle, users, audit, roster) and publish sessions and rosters through
 * the MQTT link. The main thread only waits for signals: SIGTERM or SIGINT stops and exits 0.
 * Start reading main(). */
#include "conf.h"
#include "credential.h"
#include "hl.h"
#include "log.h"
#include "server.h"
#include "store.h"

#include <errno.h>
#include <malloc.h>
#include <sched.h>
#include <sys/resource.h>

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define PROG "hailong-web"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " -c web.conf\n"
		"       " PROG " --listen HOST:PORT --db PATH [--broker mqtts://HOST:PORT] [-c web.conf]\n"
		"\n"
		"The web console (Tổng quan, Báo cáo, Cảnh báo, Quầy, Thiết bị, Danh mục, Xuất dữ liệu) and\n"
		"the HTTP API /api/v1/ over the aggregator's database. Logs to stderr; SIGTERM stops it.\n"
		"Users are made on the server: hailong-aggregator user add NAME --role ROLE [--site S].\n"
		"\n"
		"Options (and web.conf keys):\n");
	for (const struct config_option *o = web_conf_options(); o->key; o++)
		fprintf(f, "  %-22s %s\n", o->key, o->help);
}

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, PROG ": ");
	fprintf(stderr, msg, arg);
	fprintf(stderr, "\n(" PROG " --help for the options)\n");
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' }, { "listen", required_argument, NULL, 'l' },
		{ "db", required_argument, NULL, 'd' },     { "broker", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },         { "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	struct web_conf_override ov[8];
	size_t nov = 0;
	const char *config = NULL;
	struct web_conf conf;
	struct config_error err;
	struct server *srv;
	char why[512];
	sigset_t set;
	int opt, sig;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":c:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': config = optarg; break;
		case 'l': ov[nov++] = (struct web_conf_override){ "listen", optarg }; break;
		case 'd': ov[nov++] = (struct web_conf_override){ "db", optarg }; break;
		case 'b': ov[nov++] = (struct web_conf_override){ "broker", optarg }; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf(PROG " %s\n", HL_VERSION); return 0;
		case ':': return usage_error("option %s needs a value", argv[optind - 1]);
		default: return usage_error("unknown option %s", argv[optind - 1]);
		}
		if (nov == sizeof ov / sizeof ov[0])
			return usage_error("%s", "too many options");
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (!config && nov == 0)
		return usage_error("%s", "give -c web.conf, or --listen and --db");
	if (web_conf_load(&conf, config, ov, nov, &err) != HL_OK) {
		config_error_format(&err, why, sizeof why);
		fprintf(stderr, PROG ": %s\n", why);
		return 1;
	}
	log_init(PROG, (enum log_level)log_level_parse(conf.log_level));
	/* Threads come and go with connections: two malloc arenas, not one per thread, keep the
	 * resident size flat under load. */
	mallopt(M_ARENA_MAX, 2);
	if (store_init_shared() != HL_OK)
		log_msg(LOG_WARN, "SQLite was set up before the console could: it keeps its own mutexes");
	/* Ratings first: the console yields the CPU to the aggregator and the broker on a busy server. */
	/* Under systemd the unit sets both (Nice=, CPUSchedulingPolicy=) and its filter refuses the
	 * calls: only what is not so already is asked for. */
	errno = 0;
	int now_nice = getpriority(PRIO_PROCESS, 0);
	if (conf.nice > 0 && (errno || now_nice < conf.nice) && setpriority(PRIO_PROCESS, 0, conf.nice) != 0)
		log_msg(LOG_WARN, "cannot lower the console's priority to nice %d: %s", conf.nice, strerror(errno));
	/* And with cpu_idle, only the CPU nobody else wants: on a saturated two-core server the pages
	 * slow down, the ratings do not. Every thread started after this inherits both. */
	struct sched_param sp = { 0 };
	if (conf.cpu_idle && sched_getscheduler(0) != SCHED_IDLE && sched_setscheduler(0, SCHED_IDLE, &sp) != 0)
		log_msg(LOG_WARN, "cannot run the console at idle priority: %s", strerror(errno));
	if (credential_init() != HL_OK) {
		log_msg(LOG_ERROR, "libsodium could not start");
		return 1;
	}
	/* Every thread starts with these blocked; only sigwait below takes them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (server_start(&conf, &srv, why, sizeof why) != HL_OK) {
		log_msg(LOG_ERROR, "%s", why);
		return 1;
	}
	char host[80];
	int port;
	web_conf_listen(conf.listen, host, sizeof host, &port); /* checked by web_conf_load */
	log_msg(LOG_INFO, "listening on %s://%s:%d/, database %s%s%s", conf.tls_cert[0] ? "https" : "http", host,
		server_port(srv), conf.db,
		conf.broker[0] ? ", broker " : " (no broker: counter sessions cannot be opened)", conf.broker);
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			log_msg(LOG_INFO, "SIGHUP: nothing to reload (restart to read web.conf again)");
			continue;
		}
		break;
	}
	log_msg(LOG_INFO, "stopping (signal %d)", sig);
	server_stop(srv);
	log_flush_held();
	return 0;
}
