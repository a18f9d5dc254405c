/* SPDX-License-Identifier: MIT
 * hailong-loadgen — behaves like a few counter terminals, for the demo, the tests and the benchmarks.
 *
 * `publish` gives every simulated terminal its own MQTT connection and its own ratings. Like a real
 * terminal it keeps each rating until the aggregator's receipt names it, and publishes it again when
 * no receipt came within the resend time and after every reconnect, so a rating is never lost when
 * the aggregator or the broker dies. `count` is a subscriber that only counts messages: the broker's
 * own QoS 1 pass-through rate, the baseline the aggregator is measured against.
 *
 * Start reading main(). */
#include "hl.h"
#include "link.h"
#include "log.h"
#include "outbox.h"
#include "topic.h"
#include "url.h"
#include "uuid.h"
#include "wire.h"

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROG "hailong-loadgen"

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " publish --broker URL [--site S] [--terminals N] [--ratings N] [--window N]\n"
		"                        [--resend-ms MS] [--timeout S] [--days D] [--no-receipts] [--quiet]\n"
		"                        [--ids FILE] [--result]\n"
		"       " PROG " count --broker URL --topic FILTER --expect N [--timeout S]\n"
		"Both also take the login: [--cafile F] [--certfile F --keyfile F] [--username U]\n"
		"  [--password-file F]; in publish, %%c in U and F stands for each terminal's counter id\n"
		"  (terminal.SITE.%%c, DIR/%%c/terminal.password), so every simulated terminal has its own\n"
		"  account.\n"
		"\n"
		"publish: N terminals (counters q01..) share the ratings; each keeps a rating until its\n"
		"  receipt arrives and resends it after --resend-ms (default 3000) and on reconnect. At most\n"
		"  --window ratings of a terminal wait for receipts at once (default 1). --days spreads the\n"
		"  ratings' times over that many past days. Exits 0 when every rating is receipted, 1 at\n"
		"  --timeout (default 120 s). With --no-receipts it only waits for the broker's acks.\n"
		"  --ids FILE writes every rating's id, one per line, before the first is published.\n"
		"  --result: the terminals also ask the result question (questions = all).\n"
		"count: subscribes to FILTER (QoS 1) and exits 0 once N messages arrived, 1 at --timeout.\n"
		"Both print one result line: ratings, seconds, and per-second rate.\n");
}

/* ---- one simulated terminal --------------------------------------------------------------------- */

/* A rating made in advance, so the run measures the pipeline, not the generator. */
struct item {
	char id[HL_ID_LEN + 1];
	char *body;
	size_t len;
};

/* One simulated terminal. Ratings wait for their receipt in an outbox, the same resend policy as the
 * real terminal's (terminal/outbox.c). */
struct term {
	char counter[16];
	char topic[HL_TOPIC_MAX];
	struct link *link;
	struct item *items;
	size_t n, next_new, done;
	struct outbox *waiting;
	long added, published;
	bool was_connected;
};

static const char *const procedures[] = { "1.001234", "2.000512", "1.003741", "2.001190", "1.004471" };

static void make_rating(struct rating *r, const char *site, const char *counter, unsigned *seed, int days,
			bool result)
{
	memset(r, 0, sizeof r[0]);
	uuid_new(r->id);
	snprintf(r->site, sizeof r->site, "%s", site);
	snprintf(r->counter, sizeof r->counter, "%s", counter);
	snprintf(r->officer, sizeof r->officer, "cb%03d", 1 + rand_r(seed) % 12);
	snprintf(r->procedure, sizeof r->procedure, "%s", procedures[rand_r(seed) % 5]);
	r->scale = 5;
	/* Mostly satisfied, some not, like real counters. */
	static const int dist[10] = { 5, 5, 5, 5, 4, 4, 4, 3, 2, 1 };
	r->answers[SURVEY_Q_OFFICER] = dist[rand_r(seed) % 10];
	r->answers[SURVEY_Q_PROCEDURE] = rand_r(seed) % 8 ? dist[rand_r(seed) % 10] : 0;
	if (result)
		r->answers[SURVEY_Q_RESULT] = rand_r(seed) % 6 ? dist[rand_r(seed) % 10] : 0;
	if (r->answers[SURVEY_Q_OFFICER] <= 2 || (r->answers[SURVEY_Q_PROCEDURE] && r->answers[SURVEY_Q_PROCEDURE] <= 2) ||
	    (r->answers[SURVEY_Q_RESULT] && r->answers[SURVEY_Q_RESULT] <= 2))
		r->reasons = 1u << (3 + rand_r(seed) % 6);
	r->ts = (int64_t)time(NULL) - (days > 0 ? rand_r(seed) % (days * 86400) : 0);
	r->clock_ok = true;
}

static int term_init(struct term *t, const char *site, int index, size_t n, unsigned *seed, int days, bool result)
{
	char body[1024];

	snprintf(t->counter, sizeof t->counter, "q%02d", index + 1);
	topic_counter(t->topic, sizeof t->topic, site, t->counter, "rating");
	t->n = n;
	t->items = calloc(n ? n : 1, sizeof *t->items);
	t->waiting = outbox_new();
	if (!t->items || !t->waiting)
		return HL_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		struct rating r;
		size_t len;
		make_rating(&r, site, t->counter, seed, days, result);
		if (wire_rating_encode(&r, body, sizeof body, &len) != HL_OK || !(t->items[i].body = strdup(body)))
			return HL_ERR_NOMEM;
		memcpy(t->items[i].id, r.id, sizeof r.id);
		t->items[i].len = len;
	}
	return HL_OK;
}

static void term_free(struct term *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->items[i].body);
	free(t->items);
	outbox_free(t->waiting);
	link_stop(t->link, NULL);
}

struct pub_opts {
	struct broker_url url;
	struct broker_security sec; /* username may hold %c: each terminal's counter id */
	const char *site;
	int terminals, window, resend_ms, timeout_s, days;
	long ratings;
	bool no_receipts, quiet, result;
	const char *ids_path; /* --ids: every rating's id, written before the first is published */
};

/* Writes the id of every rating the terminals hold, one per line, so a fault campaign can check each
 * one by id. Written in full before anything is published: an id in the file is a rating promised. */
static int write_ids(const struct term *terms, int n, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return HL_ERR_IO;
	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < terms[i].n; k++)
			fprintf(f, "%s\n", terms[i].items[k].id);
	return fclose(f) == 0 ? HL_OK : HL_ERR_IO;
}

/* text with its first %c replaced by counter, into out; false (out untouched) when text has none. */
static bool per_counter(const char *text, const char *counter, char *out, size_t cap)
{
	const char *pc = strstr(text, "%c");

	if (!pc)
		return false;
	snprintf(out, cap, "%.*s%s%s", (int)(pc - text), text, counter, pc + 2);
	return true;
}

/* Takes receipts off the link and marks their ratings done. */
static void term_receipts(struct term *t)
{
	static char ids[WIRE_RECEIPT_MAX_IDS][HL_ID_LEN + 1];
	struct link_msg *msgs;
	size_t n, nids;

	link_take(t->link, 0, SIZE_MAX, &msgs, &n);
	for (struct link_msg *m = msgs; m; m = m->next) {
		if (wire_receipt_decode(m->payload, m->len, ids, WIRE_RECEIPT_MAX_IDS, &nids) != HL_OK)
			continue;
		for (size_t i = 0; i < nids; i++)
			t->done += outbox_remove(t->waiting, ids[i]);
	}
	link_msgs_free(msgs);
}

/* Publishes what is due: new ratings up to the window, then whatever the outbox says is due (never
 * sent, overdue, or everything after a reconnect). Without receipts a rating is done once published. */
static void term_send(struct term *t, const struct pub_opts *o, int64_t now)
{
	enum { BURST = 256 };
	const char *ids[BURST], *bodies[BURST];
	size_t lens[BURST], n;
	bool connected = link_connected(t->link);

	if (connected && !t->was_connected)
		outbox_reset(t->waiting);
	t->was_connected = connected;
	if (!connected)
		return;
	if (o->no_receipts) {
		while (t->next_new < t->n) {
			struct item *it = &t->items[t->next_new];
			if (link_publish(t->link, t->topic, it->body, it->len, 1, false) != HL_OK)
				break;
			t->next_new++;
			t->done++;
		}
		return;
	}
	while (t->next_new < t->n && outbox_count(t->waiting) < (size_t)o->window) {
		struct item *it = &t->items[t->next_new++];
		if (outbox_add(t->waiting, it->id, it->body, it->len) != HL_OK)
			break;
		t->added++;
	}
	n = outbox_due(t->waiting, now, o->resend_ms, ids, bodies, lens, BURST);
	for (size_t i = 0; i < n; i++) {
		if (link_publish(t->link, t->topic, bodies[i], lens[i], 1, false) != HL_OK)
			break;
		outbox_sent(t->waiting, ids[i], now);
		t->published++;
	}
}

static int run_publish(const struct pub_opts *o)
{
	struct term *terms = calloc((size_t)o->terminals, sizeof *terms);
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)now_ms();
	long done = 0, resent = 0;
	int64_t start, deadline, last_progress;
	int rc = 1;

	if (!terms)
		return 1;
	for (int i = 0; i < o->terminals; i++) {
		size_t n = (size_t)(o->ratings / o->terminals + (i < o->ratings % o->terminals));
		char sub[HL_TOPIC_MAX], cid[64], user[sizeof o->sec.username + 32], pwfile[sizeof o->sec.password_file + 32];
		if (term_init(&terms[i], o->site, i, n, &seed, o->days, o->result) != HL_OK) {
			fprintf(stderr, PROG ": out of memory\n");
			goto out;
		}
		topic_counter(sub, sizeof sub, o->site, terms[i].counter, "receipt");
		const char *subs[] = { sub, NULL };
		snprintf(cid, sizeof cid, "loadgen-%s-%s", o->site, terms[i].counter);
		struct link_options lo = {
			.client_id = cid, .subscriptions = o->no_receipts ? NULL : subs, .reconnect_max = 1,
		};
		link_options_broker(&lo, &o->url, &o->sec);
		if (per_counter(o->sec.username, terms[i].counter, user, sizeof user))
			lo.username = user;
		if (per_counter(o->sec.password_file, terms[i].counter, pwfile, sizeof pwfile))
			lo.password_file = pwfile;
		if (link_start(&lo, &terms[i].link) != HL_OK) {
			fprintf(stderr, PROG ": cannot start an MQTT client\n");
			goto out;
		}
	}
	if (o->ids_path && write_ids(terms, o->terminals, o->ids_path) != HL_OK) {
		fprintf(stderr, PROG ": cannot write %s\n", o->ids_path);
		goto out;
	}
	start = now_ms();
	deadline = start + (int64_t)o->timeout_s * 1000;
	last_progress = start;
	while (done < o->ratings && now_ms() < deadline) {
		long before = done;
		int64_t now = now_ms();
		done = 0;
		for (int i = 0; i < o->terminals; i++) {
			if (!o->no_receipts)
				term_receipts(&terms[i]);
			term_send(&terms[i], o, now);
			done += (long)terms[i].done;
		}
		if (done == before)
			sleep_ms(1);
		else
			last_progress = now;
		if (!o->quiet && now - last_progress > 5000 && (now - start) % 5000 < 2)
			fprintf(stderr, PROG ": waiting: %ld of %ld receipted\n", done, o->ratings);
	}
	if (o->no_receipts)
		for (int i = 0; i < o->terminals; i++)
			link_flush(terms[i].link, (int)(deadline - now_ms() > 0 ? deadline - now_ms() : 1));
	double secs = (double)(now_ms() - start) / 1000.0;
	for (int i = 0; i < o->terminals; i++)
		resent += terms[i].published - terms[i].added;
	printf("published %ld ratings from %d terminals: %ld %s in %.3f s (%.0f/s), %ld resent\n",
	       o->ratings, o->terminals, done, o->no_receipts ? "acknowledged by the broker" : "receipted",
	       secs, secs > 0 ? (double)done / secs : 0.0, resent);
	rc = done == o->ratings ? 0 : 1;
out:
	for (int i = 0; i < o->terminals; i++)
		term_free(&terms[i]);
	free(terms);
	return rc;
}

static int run_count(const struct pub_opts *o, const char *filter, long expect)
{
	const char *subs[] = { filter, NULL };
	struct link_options lo = { .subscriptions = subs };
	int timeout_s = o->timeout_s;
	struct link *l;
	long got = 0;
	int64_t first = 0, last = 0, deadline = now_ms() + (int64_t)timeout_s * 1000;

	link_options_broker(&lo, &o->url, &o->sec);
	if (link_start(&lo, &l) != HL_OK)
		return 1;
	while (!link_connected(l) && now_ms() < deadline)
		sleep_ms(5);
	printf("ready\n");
	fflush(stdout);
	while (got < expect && now_ms() < deadline) {
		struct link_msg *msgs;
		size_t n;
		link_take(l, 100, SIZE_MAX, &msgs, &n);
		if (n && !first)
			first = now_ms();
		if (n)
			last = now_ms();
		got += (long)n;
		link_msgs_free(msgs);
	}
	double secs = (double)(last - first) / 1000.0;
	printf("counted %ld messages in %.3f s (%.0f/s)\n", got, secs, secs > 0 ? (double)got / secs : 0.0);
	link_stop(l, NULL);
	return got >= expect ? 0 : 1;
}

static int arg_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "broker", required_argument, NULL, 'b' },    { "site", required_argument, NULL, 's' },
		{ "terminals", required_argument, NULL, 't' }, { "ratings", required_argument, NULL, 'n' },
		{ "window", required_argument, NULL, 'w' },    { "resend-ms", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 'T' },   { "days", required_argument, NULL, 'd' },
		{ "no-receipts", no_argument, NULL, 'N' },     { "quiet", no_argument, NULL, 'q' },
		{ "topic", required_argument, NULL, 'p' },     { "expect", required_argument, NULL, 'e' },
		{ "cafile", required_argument, NULL, 'a' },    { "certfile", required_argument, NULL, 'c' },
		{ "keyfile", required_argument, NULL, 'k' },   { "username", required_argument, NULL, 'u' },
		{ "password-file", required_argument, NULL, 'P' }, { "ids", required_argument, NULL, 'I' },
		{ "result", no_argument, NULL, 'R' },          { "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const size_t sec_field[] = {
		['a'] = offsetof(struct broker_security, cafile), ['c'] = offsetof(struct broker_security, certfile),
		['k'] = offsetof(struct broker_security, keyfile), ['u'] = offsetof(struct broker_security, username),
		['P'] = offsetof(struct broker_security, password_file),
	};
	struct pub_opts o = { .site = "demo", .terminals = 4, .window = 1, .resend_ms = 3000,
			      .timeout_s = 120, .ratings = 100 };
	const char *broker = NULL, *topic = NULL;
	long v, expect = -1;
	int opt;

	log_init(PROG, LOG_WARN);
	if (argc < 2 || (strcmp(argv[1], "publish") && strcmp(argv[1], "count"))) {
		if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
			usage(stdout);
			return 0;
		}
		usage(stderr);
		return 2;
	}
	bool publish = strcmp(argv[1], "publish") == 0;
	argc--;
	argv++;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		bool bad = false;
		switch (opt) {
		case 'b': broker = optarg; break;
		case 's': o.site = optarg; bad = !topic_id_valid(optarg); break;
		case 't': bad = arg_int(optarg, 1, 1000, &v); o.terminals = (int)v; break;
		case 'n': bad = arg_int(optarg, 1, 100000000, &v); o.ratings = v; break;
		case 'w': bad = arg_int(optarg, 1, 100000, &v); o.window = (int)v; break;
		case 'r': bad = arg_int(optarg, 10, 600000, &v); o.resend_ms = (int)v; break;
		case 'T': bad = arg_int(optarg, 1, 86400, &v); o.timeout_s = (int)v; break;
		case 'd': bad = arg_int(optarg, 0, 3650, &v); o.days = (int)v; break;
		case 'N': o.no_receipts = true; break;
		case 'q': o.quiet = true; break;
		case 'R': o.result = true; break;
		case 'I': o.ids_path = optarg; break;
		case 'p': topic = optarg; break;
		case 'a': case 'c': case 'k': case 'u': case 'P': {
			char *field = (char *)&o.sec + sec_field[opt];
			size_t cap = opt == 'u' ? sizeof o.sec.username : sizeof o.sec.cafile;
			bad = snprintf(field, cap, "%s", optarg) >= (int)cap;
			break;
		}
		case 'e': bad = arg_int(optarg, 1, 1000000000, &v); expect = v; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
		if (bad) {
			fprintf(stderr, PROG ": bad value '%s'\n\n", optarg);
			usage(stderr);
			return 2;
		}
	}
	if (!broker || url_parse(broker, &o.url) != HL_OK || optind < argc) {
		fprintf(stderr, PROG ": %s\n\n", broker ? "bad --broker or extra argument" : "--broker is required");
		usage(stderr);
		return 2;
	}
	const char *bad_key;
	char why[700];
	struct broker_security chk = o.sec;
	if (strstr(chk.password_file, "%c"))
		chk.password_file[0] = '\0'; /* one file per terminal: each is checked when it connects */
	if (broker_security_check(&o.url, &chk, &bad_key, why, sizeof why) != HL_OK) {
		fprintf(stderr, PROG ": --%s: %s\n", bad_key, why);
		return 2;
	}
	if (publish)
		return run_publish(&o);
	if (!topic || expect < 0) {
		fprintf(stderr, PROG ": count needs --topic and --expect\n\n");
		usage(stderr);
		return 2;
	}
	return run_count(&o, topic, expect);
}
