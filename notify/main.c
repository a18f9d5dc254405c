/* SPDX-License-Identifier: MIT
 * hailong-notify — reaches people where they are: e-mails each flag that opens to the heads of its
 * site who asked for it and POSTs it, signed, to the configured webhooks (Zalo, Telegram or chat
 * bridges the departments run); the scheduled reports join the same queue. It is a daemon of its own
 * because it is the only part that talks to the outside (a mail relay, the bridges), so that its
 * systemd unit alone gets that network, a slow mail server never holds a console request or the
 * ingest loop, and libcurl stays out of the processes the LAN talks to.
 *
 * How it works: `serve` (loop.c) opens the aggregator's SQLite file and, every second, plans what is
 * due (alert_plan.c → store_delivery.c, once per topic and recipient) and sends the due deliveries
 * (mime.c, hook.c → send.c), retrying with backoff (backoff.c) until delivered or expired.
 * `deliveries` lists the queue; `test-mail` sends one e-mail at once and says the server's answer;
 * `test-report` sends a user's scheduled report of the last period at once, outside the queue.
 *
 * Start reading main(). */
#include "digest.h"
#include "hl.h"
#include "i18n.h"
#include "log.h"
#include "loop.h"
#include "notify_settings.h"
#include "numfmt.h"
#include "store_delivery.h"
#include "text.h"

#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROG "hailong-notify"
#define OV_MAX 32

static volatile sig_atomic_t stop_flag, reload_flag;

static void on_stop(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void on_hup(int sig)
{
	(void)sig;
	reload_flag = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " COMMAND -c FILE [OPTIONS]\n"
		"\n"
		"Commands:\n"
		"  serve              the daemon: e-mails and webhook calls of flags (and reports), retried\n"
		"                     until delivered or expired; SIGHUP reloads the config and webhooks file\n"
		"  deliveries         the queue, newest first [--status waiting|sent|expired|failed] [--limit N]\n"
		"  test-mail ADDRESS  sends one test e-mail now and says what the mail server answered\n"
		"  test-report USER   sends USER's scheduled report (or SIPAS export) of the last period now,\n"
		"                     outside the queue: the period's own report still goes at its time\n"
		"\n"
		"Options:\n"
		"  -c FILE            the config file (systemd/notify.conf.example)\n"
		"  --KEY VALUE        any key of the config file, e.g. --db FILE, --lang en, --log_level debug\n"
		"  -h, --help         this text; --version the version\n"
		"\n"
		"Config keys:\n");
	for (const struct config_option *o = notify_settings_options(); o->key; o++)
		fprintf(f, "  %-20s %s\n", o->key, o->help);
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, PROG ": ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n" PROG ": '" PROG " --help' lists the commands and options\n");
	return 2;
}

static bool known_key(const char *key)
{
	for (const struct config_option *o = notify_settings_options(); o->key; o++)
		if (strcmp(o->key, key) == 0)
			return true;
	return false;
}

/* ---- deliveries ---------------------------------------------------------------------------------- */

static const char *const list_words[][2] = {
	{ "Số", "id" },	     { "Trạng thái", "status" }, { "Người nhận", "recipient" }, { "Về việc", "topic" },
	{ "Tạo lúc", "created" }, { "Lần thử", "tries" },   { "Lần tới / xong", "next / done" },
	{ "Lỗi gần nhất", "last error" },
};
static const char *const status_words[DELIVERY_STATUS_COUNT][2] = {
	{ "Đang chờ", "waiting" }, { "Đã gửi", "sent" }, { "Hết hạn", "expired" }, { "Thất bại", "failed" }
};

struct list_row {
	long long id;
	char status[32], recipient[MESSAGE_RECIPIENT_MAX], topic[MESSAGE_TOPIC_MAX], created[40], tries[12], when[40];
	char error[DELIVERY_ERROR_MAX];
};

struct list_rows {
	struct list_row *v;
	size_t n, cap;
	int lang, off;
};

static int list_take(void *ud, const struct store_delivery_row *r)
{
	struct list_rows *rows = ud;
	struct list_row *x;

	if (hl_grow((void **)&rows->v, &rows->cap, rows->n + 1, sizeof *rows->v) != HL_OK)
		return HL_ERR_NOMEM;
	x = &rows->v[rows->n++];
	x->id = (long long)r->id;
	snprintf(x->status, sizeof x->status, "%s",
		 r->status >= 0 && r->status < DELIVERY_STATUS_COUNT ? status_words[r->status][rows->lang == I18N_EN] : "?");
	snprintf(x->recipient, sizeof x->recipient, "%s", r->recipient);
	snprintf(x->topic, sizeof x->topic, "%s", r->topic);
	numfmt_time(x->created, sizeof x->created, rows->lang, r->created, rows->off, false);
	snprintf(x->tries, sizeof x->tries, "%d", r->attempts);
	numfmt_time(x->when, sizeof x->when, rows->lang, r->status == DELIVERY_WAITING ? r->next_at : r->done_at, rows->off,
		    false);
	text_shown(r->last_error, 120, x->error, sizeof x->error);
	return HL_OK;
}

static int cmd_deliveries(struct notify *n, int status, int limit)
{
	struct list_rows rows = { .lang = notify_settings_lang(&n->st), .off = n->st.utc_offset_minutes * 60 };
	int rc = store_delivery_list(n->store, status, limit, list_take, &rows), w[7];

	if (rc != HL_OK) {
		fprintf(stderr, PROG ": reading the deliveries failed: %s\n", store_errmsg(n->store));
		free(rows.v);
		return 1;
	}
	if (rows.n == 0) {
		puts(rows.lang == I18N_EN ? "No deliveries." : "Không có thư hay lượt gọi webhook nào.");
		return 0;
	}
	for (int k = 0; k < 7; k++)
		w[k] = text_width(list_words[k][rows.lang == I18N_EN]);
	for (size_t i = 0; i < rows.n; i++) {
		const struct list_row *x = &rows.v[i];
		const char *cells[7] = { "", x->status, x->recipient, x->topic, x->created, x->tries, x->when };
		for (int k = 1; k < 7; k++)
			w[k] = text_width_max(w[k], cells[k]);
	}
	w[0] = w[0] < 6 ? 6 : w[0];
	for (int k = 0; k < 8; k++) {
		if (k < 7) {
			text_pad(stdout, list_words[k][rows.lang == I18N_EN], w[k], k == 0 || k == 5);
			fputs("  ", stdout);
		} else {
			puts(list_words[k][rows.lang == I18N_EN]);
		}
	}
	for (size_t i = 0; i < rows.n; i++) {
		const struct list_row *x = &rows.v[i];
		char id[24];
		snprintf(id, sizeof id, "%lld", x->id);
		const char *cells[7] = { id, x->status, x->recipient, x->topic, x->created, x->tries, x->when };
		for (int k = 0; k < 7; k++) {
			text_pad(stdout, cells[k], w[k], k == 0 || k == 5);
			fputs("  ", stdout);
		}
		puts(x->error);
	}
	free(rows.v);
	return 0;
}

/* ---- test-mail ----------------------------------------------------------------------------------- */

static int cmd_test_mail(struct notify *n, const char *to)
{
	int lang = notify_settings_lang(&n->st);
	struct send_result r;
	char day[16], body[1024];
	int64_t now = (int64_t)time(NULL);

	if (!n->st.smtp_url[0]) {
		fprintf(stderr, PROG ": no smtp_url in the config: there is no mail server to try\n");
		return 1;
	}
	numfmt_day(day, sizeof day, lang, numfmt_day_of(now, n->st.utc_offset_minutes * 60));
	snprintf(body, sizeof body,
		 lang == I18N_EN ? "This is a test e-mail of Hài Lòng (hailong-notify), sent on %s.\n\n"
				   "If it reached you, flag alerts and reports can reach the heads who ask for them.\n"
				 : "Đây là thư thử của hệ thống Hài Lòng (hailong-notify), gửi ngày %s.\n\n"
				   "Nếu anh/chị nhận được thư này, cảnh báo và báo cáo sẽ đến được lãnh đạo đã đăng ký.\n",
		 day);
	struct message m = { .channel = MESSAGE_MAIL, .body = body };
	snprintf(m.address, sizeof m.address, "%s", to);
	snprintf(m.subject, sizeof m.subject, "%s", lang == I18N_EN ? "Hài Lòng: test e-mail" : "Hài Lòng: thư thử");
	notify_message_now(n, &m, now, &r);
	if (r.ok) {
		printf(lang == I18N_EN ? "Sent to %s through %s. The server answered: %s\n"
				       : "Đã gửi đến %s qua %s. Máy chủ thư trả lời: %s\n",
		       to, n->st.smtp_url, r.detail);
		return 0;
	}
	fprintf(stderr, lang == I18N_EN ? PROG ": not sent to %s through %s: %s\n" : PROG ": chưa gửi được đến %s qua %s: %s\n",
		to, n->st.smtp_url, r.detail);
	return 1;
}

/* ---- test-report --------------------------------------------------------------------------------- */

struct test_report {
	struct notify *n;
	int sent, failed;
};

static int test_report_has(void *ud, const char *topic, const char *recipient, bool *yes)
{
	(void)ud, (void)topic, (void)recipient;
	*yes = false; /* outside the queue: made whatever the queue holds */
	return HL_OK;
}

static int test_report_send(void *ud, const struct message *m)
{
	struct test_report *t = ud;
	int lang = notify_settings_lang(&t->n->st);
	struct send_result r;

	notify_message_now(t->n, m, (int64_t)time(NULL), &r);
	if (r.ok) {
		t->sent++;
		printf(lang == I18N_EN ? "Sent \"%s\" (%zu attachments) to %s. The server answered: %s\n"
				       : "Đã gửi \"%s\" (%zu tệp đính kèm) đến %s. Máy chủ thư trả lời: %s\n",
		       m->subject, m->nparts, m->address, r.detail);
	} else {
		t->failed++;
		fprintf(stderr, lang == I18N_EN ? PROG ": \"%s\" not sent to %s: %s\n" : PROG ": chưa gửi được \"%s\" đến %s: %s\n",
			m->subject, m->address, r.detail);
	}
	return HL_OK;
}

static int cmd_test_report(struct notify *n, const char *user)
{
	struct test_report t = { n, 0, 0 };
	struct digest_sink sink = { test_report_has, test_report_send, &t };
	struct digest_settings ds;
	bool found;
	int rc;

	if (!n->st.smtp_url[0]) {
		fprintf(stderr, PROG ": no smtp_url in the config: there is no mail server to send to\n");
		return 1;
	}
	notify_settings_digest(&n->st, &ds);
	if ((rc = digest_plan_user(n->store, &ds, (int64_t)time(NULL), user, &sink, &found)) != HL_OK) {
		fprintf(stderr, PROG ": the report of '%s' could not be made: %s\n", user,
			rc == HL_ERR_DB ? store_errmsg(n->store) : hl_strerror(rc));
		return 1;
	}
	if (!found) {
		fprintf(stderr, PROG ": there is no user '%s' ('hailong-aggregator user list' shows them)\n", user);
		return 1;
	}
	if (t.sent + t.failed == 0) {
		fprintf(stderr, PROG ": '%s' has chosen no report, or has no e-mail address: 'hailong-aggregator user notify %s'"
				" shows what they receive\n", user, user);
		return 1;
	}
	return t.failed ? 1 : 0;
}

/* ---- main ---------------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
	static char keys[OV_MAX][64];
	struct notify_override ov[OV_MAX];
	struct notify n = { 0 };
	const char *cmd = NULL, *conf = NULL, *address = NULL;
	int status = -1, limit = 0, rc;
	size_t nov = 0;
	char why[512];

	if (argc < 2)
		return usage_error("%s", "a command is needed: serve, deliveries, test-mail or test-report");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "help") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(a, "--version") == 0) {
			puts(PROG " " HL_VERSION);
			return 0;
		}
		if (strcmp(a, "-c") == 0 || strcmp(a, "--config") == 0) {
			if (++i == argc)
				return usage_error("%s needs a file", a);
			conf = argv[i];
		} else if (strcmp(a, "--status") == 0) {
			if (++i == argc || (status = delivery_status_parse(argv[i])) < 0)
				return usage_error("--status takes waiting, sent, expired or failed%s", "");
		} else if (strcmp(a, "--limit") == 0) {
			char *end;
			long v = ++i < argc ? strtol(argv[i], &end, 10) : -1;
			if (i == argc || *end || v < 1 || v > 1000000)
				return usage_error("--limit takes a number from 1 to 1000000%s", "");
			limit = (int)v;
		} else if (strncmp(a, "--", 2) == 0 && a[2]) {
			const char *eq = strchr(a, '=');
			size_t k = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			if (nov == OV_MAX || k >= sizeof keys[0])
				return usage_error("too many options or too long: %s", a);
			memcpy(keys[nov], a + 2, k);
			keys[nov][k] = '\0';
			for (char *p = keys[nov]; *p; p++)
				*p = *p == '-' ? '_' : *p;
			if (!known_key(keys[nov]))
				return usage_error("unknown option %s", a);
			if (!eq && ++i == argc)
				return usage_error("%s needs a value", a);
			ov[nov] = (struct notify_override){ keys[nov], eq ? eq + 1 : argv[i] };
			nov++;
		} else if (a[0] == '-') {
			return usage_error("unknown option %s", a);
		} else if (!cmd) {
			cmd = a;
		} else if ((strcmp(cmd, "test-mail") == 0 || strcmp(cmd, "test-report") == 0) && !address) {
			address = a;
		} else {
			return usage_error("unexpected argument '%s'", a);
		}
	}
	if (!cmd)
		return usage_error("%s", "a command is needed: serve, deliveries, test-mail or test-report");
	if (strcmp(cmd, "serve") != 0 && strcmp(cmd, "deliveries") != 0 && strcmp(cmd, "test-mail") != 0 &&
	    strcmp(cmd, "test-report") != 0)
		return usage_error("unknown command '%s' (serve, deliveries, test-mail or test-report)", cmd);
	if (strcmp(cmd, "test-mail") == 0 && !address)
		return usage_error("%s", "test-mail needs the ADDRESS to send to");
	if (strcmp(cmd, "test-report") == 0 && !address)
		return usage_error("%s", "test-report needs the USER whose report to send");
	if (strcmp(cmd, "deliveries") != 0 && (status >= 0 || limit))
		return usage_error("--status and --limit are options of deliveries%s", "");

	log_init(PROG, LOG_INFO);
	n.conf = conf;
	n.ov = ov;
	n.nov = nov;
	if ((rc = notify_configure(&n, why, sizeof why)) != HL_OK) {
		fprintf(stderr, PROG ": %s\n", why);
		notify_close(&n);
		return 1;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, PROG ": libcurl could not start\n");
		notify_close(&n);
		return 1;
	}
	if (strcmp(cmd, "test-mail") == 0) {
		rc = cmd_test_mail(&n, address);
		notify_close(&n);
		curl_global_cleanup();
		return rc;
	}
	if (store_open(n.st.db, n.st.utc_offset_minutes * 60, &n.store, why, sizeof why) != HL_OK) {
		fprintf(stderr, PROG ": %s: %s\n", n.st.db, why);
		curl_global_cleanup();
		notify_close(&n);
		return 1;
	}
	if (strcmp(cmd, "test-report") == 0) {
		rc = cmd_test_report(&n, address);
		notify_close(&n);
		curl_global_cleanup();
		return rc;
	}
	if (strcmp(cmd, "deliveries") == 0) {
		rc = cmd_deliveries(&n, status, limit);
		notify_close(&n);
		curl_global_cleanup();
		return rc;
	}

	struct sigaction sa = { 0 };
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_hup;
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (store_delivery_since(n.store, (int64_t)time(NULL), &n.since) != HL_OK) {
		fprintf(stderr, PROG ": %s: %s\n", n.st.db, store_errmsg(n.store));
		notify_close(&n);
		curl_global_cleanup();
		return 1;
	}
	log_msg(LOG_INFO, "serving %s: mail %s, %zu webhooks, flags since %lld", n.st.db,
		n.st.smtp_url[0] ? n.st.smtp_url : "(none)", n.hooks ? n.hooks->n : 0, (long long)n.since);
	rc = notify_serve(&n, &stop_flag, &reload_flag);
	log_msg(LOG_INFO, "stopped");
	log_flush_held();
	notify_close(&n);
	curl_global_cleanup();
	return rc == HL_OK ? 0 : 1;
}
