/* SPDX-License-Identifier: MIT
 * serve.c — the aggregator's main loop. Everything that arrived while the last transaction was
 * committing forms the next batch (group commit), so one fsync covers many ratings under load and a
 * lone rating is committed at once when it is quiet. Receipts are published only after COMMIT has
 * returned; a rating whose commit failed gets no receipt and its terminal sends it again. Signal
 * handlers only set flags; the loop looks at them at least five times a second.
 *
 * Complaint flags ride on the same loop: the ratings a batch stored for the first time (never the
 * duplicates) go through the flag engine (flags.c) after their receipts are out, so flags never delay
 * a receipt; the candidates are opened in one transaction and each new serious flag's alert waits in
 * the store (store_flags_alerts) until the next whole hour of local time (alert_hold_seconds), when it
 * is published on hailong/v1/SITE/alerts with the day, never the time, and its summary in the
 * configured language (flag_words.h): an alert that reached a head's phone the second a complaint was
 * made would date the complaint to the minute. A held alert survives a restart and a broker outage
 * and goes once it can. Terminal statuses (hailong/v1/+/+/status, retained) are recorded and feed
 * the offline rule. The offline check runs every minute (sooner when offline_max is shorter) and the
 * trend check at start and every hour, both with now from time(). */
#include "serve.h"

#include "flag_words.h"
#include "flags.h"
#include "ingest.h"
#include "link.h"
#include "log.h"
#include "period.h"
#include "store.h"
#include "store_flags.h"
#include "store_roster.h"
#include "topic.h"
#include "url.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SERVE_TREND_EVERY 3600 /* seconds between trend checks */
#define SERVE_CHECK_EVERY 60   /* seconds between offline checks, at most */
/* The largest message serve copies: a rating (HL_BODY_MAX) or a status, with room to spare; larger
 * ones reach it as stubs of the link and are rejected by size. */
#define SERVE_MSG_MAX (4 * HL_BODY_MAX)
#define SERVE_RETRY_MAX_MS 8000 /* longest pause before a failed batch is tried again */
#define SERVE_ALERTS_BATCH 16   /* alerts published in one pass at most */
#define SERVE_ALERT_RETRY 5     /* seconds before alerts that could not go are tried again */

static volatile sig_atomic_t serve_stop, serve_reload;

static void serve_on_signal(int sig)
{
	if (sig == SIGHUP)
		serve_reload = 1;
	else
		serve_stop = 1;
}

struct serve {
	struct link *link;
	struct store *store;
	struct ingest_batch batch;
	int64_t stored, duplicates, rejected, receipts;
	/* complaint flags */
	struct flag_engine *flags;
	struct flag_params fp;
	struct flag_list cand;           /* this step's candidates */
	bool *fresh;                     /* per rating of the batch: stored for the first time */
	int64_t *ids;                    /* per candidate: the flag opened, or 0 */
	size_t fresh_cap, ids_cap;
	struct flag_status *statuses;    /* this batch's status messages */
	size_t nstatuses, statuses_cap;
	int64_t next_check, next_trend;  /* when the periodic checks are due */
	int64_t next_alerts;             /* when held alerts are next looked at */
	int alert_hold;                  /* alert_hold_seconds */
	int lang;                        /* of the alerts' summaries (enum i18n_lang) */
	bool alerts_failing;             /* the last pass could not publish (said once) */
	int utc_offset;
	int64_t flags_opened, alerts;
};

/* ---- complaint flags --------------------------------------------------------------------------- */

/* An alert taken from the store, to publish once the walk is over. */
struct serve_alert {
	int64_t id;
	char topic[HL_TOPIC_MAX];
	char body[FLAG_WORDS_MAX + 512];
	size_t len;
};

struct serve_alerts {
	struct serve *sv;
	struct serve_alert v[SERVE_ALERTS_BATCH];
	size_t n;
};

/* One waiting alert encoded, its summary composed in the configured language with the site's
 * roster names. */
static int serve_alert_take(void *ud, const struct store_flag *f)
{
	struct serve_alerts *a = ud;
	struct serve_alert *x = &a->v[a->n];
	struct flag_words_flag w = { f->kind, f->subject_type, f->subject, f->summary, f->evidence };
	struct roster *names = NULL;
	char summary[FLAG_WORDS_MAX];

	if (a->n == SERVE_ALERTS_BATCH)
		return HL_OK;
	if (store_roster_load(a->sv->store, f->site, &names) != HL_OK)
		names = NULL; /* codes alone */
	flag_words_summary(a->sv->lang, &w, names, summary, sizeof summary);
	roster_free(names);
	struct flag_alert al = { f->id, f->kind, f->subject_type, f->site, f->subject, summary,
				 period_day_of(f->opened, a->sv->utc_offset) };
	if (snprintf(x->topic, sizeof x->topic, TOPIC_PREFIX "%s/alerts", f->site) >= (int)sizeof x->topic ||
	    flag_alert_encode(&al, x->body, sizeof x->body, &x->len) != HL_OK) {
		log_msg(LOG_ERROR, "flag #%lld: the alert could not be encoded; it is dropped", (long long)f->id);
		store_flags_alert_sent(a->sv->store, f->id);
		return HL_OK;
	}
	x->id = f->id;
	a->n++;
	return HL_OK;
}

/* Publishes the alerts that are due at now (flag_alert_cutoff), oldest first; each one published
 * leaves the store's queue, one that cannot go (no broker) stays for the next pass. */
static void serve_alerts(struct serve *sv, int64_t now)
{
	struct serve_alerts *a;
	size_t sent = 0;

	if (now < sv->next_alerts)
		return;
	if (!(a = calloc(1, sizeof *a))) {
		sv->next_alerts = now + SERVE_ALERT_RETRY;
		return;
	}
	a->sv = sv;
	if (store_flags_alerts(sv->store, flag_alert_cutoff(now, sv->alert_hold, sv->utc_offset), SERVE_ALERTS_BATCH,
			       serve_alert_take, a) != HL_OK) {
		log_msg(LOG_ERROR, "alerts: cannot read the waiting alerts: %s", store_errmsg(sv->store));
		a->n = 0;
	}
	for (; sent < a->n; sent++) {
		struct serve_alert *x = &a->v[sent];
		if (!sv->link || link_publish(sv->link, x->topic, x->body, x->len, 1, false) != HL_OK)
			break;
		sv->alerts++;
		if (store_flags_alert_sent(sv->store, x->id) != HL_OK)
			log_msg(LOG_ERROR, "flag #%lld: alert published but still marked waiting: %s", (long long)x->id,
				store_errmsg(sv->store));
		else
			log_msg(LOG_INFO, "flag #%lld: alert published", (long long)x->id);
	}
	if (sent < a->n) {
		if (!sv->alerts_failing)
			log_msg(LOG_WARN, "%zu alerts not published (no broker connection); they wait in the store",
				a->n - sent);
		sv->alerts_failing = true;
		sv->next_alerts = now + SERVE_ALERT_RETRY;
	} else {
		sv->alerts_failing = false;
		/* A full batch may have more behind it; otherwise nothing is due before the next window. */
		sv->next_alerts = a->n == SERVE_ALERTS_BATCH ? now
				  : sv->alert_hold > 0	    ? flag_alert_due(now, sv->alert_hold, sv->utc_offset)
							    : now + SERVE_CHECK_EVERY;
	}
	free(a);
}

/* Opens the flags of sv->cand in one transaction, logs and alerts the new ones, empties the list. */
static void serve_open_flags(struct serve *sv, int64_t now)
{
	size_t n = sv->cand.n;

	if (n == 0)
		return;
	if (hl_grow((void **)&sv->ids, &sv->ids_cap, n, sizeof *sv->ids) != HL_OK) {
		log_msg(LOG_ERROR, "out of memory: %zu flag candidates dropped", n);
	} else if (store_flags_open(sv->store, sv->cand.v, n, now, sv->ids) != HL_OK) {
		log_msg(LOG_ERROR, "could not open %zu flags: %s", n, store_errmsg(sv->store));
	} else {
		for (size_t i = 0; i < n; i++) {
			const struct flag_candidate *c = &sv->cand.v[i];
			if (!sv->ids[i])
				continue; /* one is open already */
			sv->flags_opened++;
			log_msg(c->kind == FLAG_SERIOUS ? LOG_WARN : LOG_INFO, "flag #%lld opened: %s, %s %s at %s: %s",
				(long long)sv->ids[i], flag_kind_name(c->kind), flag_subject_name(c->subject_type),
				c->subject, c->site, c->summary);
			/* Its alert waits in the store: due at the next whole hour (or now, without a hold). */
			if (flag_kind_alerts(c->kind)) {
				int64_t due = flag_alert_due(now, sv->alert_hold, sv->utc_offset);
				if (due < sv->next_alerts)
					sv->next_alerts = due;
			}
		}
	}
	flag_list_clear(&sv->cand);
	serve_alerts(sv, now);
}

/* The trend rule over the last trend_days days of officer roll-ups. */
static void serve_trend(struct serve *sv, int64_t now)
{
	int32_t today = period_day_of(now, sv->utc_offset);
	struct period_range r = { today - sv->fp.trend_days + 1, today };
	struct rollup_list rows = { 0 };

	if (store_query(sv->store, ROLLUP_OFFICER, r, NULL, rollup_list_push, &rows) != HL_OK)
		log_msg(LOG_ERROR, "trend check: cannot read the roll-ups: %s", store_errmsg(sv->store));
	else if (flag_trend_rows(&sv->fp, rows.v, rows.n, &sv->cand) != HL_OK)
		log_msg(LOG_ERROR, "trend check: out of memory");
	rollup_list_free(&rows);
	serve_open_flags(sv, now);
}

/* The periodic checks that are due at now. */
static void serve_flag_checks(struct serve *sv, int64_t now)
{
	int every = sv->fp.offline_max / 2;

	if (every > SERVE_CHECK_EVERY)
		every = SERVE_CHECK_EVERY;
	if (every < 1)
		every = 1;
	if (now >= sv->next_check || sv->next_check > now + every) {
		sv->next_check = now + every;
		if (flag_engine_check(sv->flags, now, &sv->cand) != HL_OK)
			log_msg(LOG_ERROR, "offline check: out of memory");
		serve_open_flags(sv, now);
	}
	if (now >= sv->next_trend || sv->next_trend > now + SERVE_TREND_EVERY) {
		sv->next_trend = now + SERVE_TREND_EVERY;
		serve_trend(sv, now);
	}
	serve_alerts(sv, now);
}

static bool serve_is_status(const char *topic)
{
	size_t n = strlen(topic);

	return n > 7 && strcmp(topic + n - 7, "/status") == 0;
}

/* Takes a status message into sv->statuses, or into the batch's rejects with the reason. */
static int serve_status_msg(struct serve *sv, const struct link_msg *m)
{
	struct flag_status st;
	char why[sizeof sv->batch.rejects[0].why];

	if (flag_status_decode(m->topic, m->payload, m->len, &st, why, sizeof why) == HL_OK) {
		if (hl_grow((void **)&sv->statuses, &sv->statuses_cap, sv->nstatuses + 1,
			       sizeof *sv->statuses) != HL_OK)
			return HL_ERR_NOMEM;
		sv->statuses[sv->nstatuses++] = st;
		return HL_OK;
	}
	/* Kept in the `rejected` table with the batch, with the status decoder's reason. */
	return ingest_reject(&sv->batch, m->topic, m->payload, m->len, why);
}

/* A message the link did not copy (over its size bound): filed under rejects with its size, so the
 * `rejected` table says what came without holding it. */
static int serve_oversize_msg(struct serve *sv, const struct link_msg *m)
{
	char why[sizeof sv->batch.rejects[0].why];

	snprintf(why, sizeof why, "message too large (%zu bytes; limit %d)%s", m->size, SERVE_MSG_MAX,
		 strlen(m->topic) >= LINK_TOPIC_MAX ? ", topic cut short" : "");
	return ingest_reject(&sv->batch, m->topic, m->payload, 0, why);
}

/* Records this batch's statuses and tells the flag engine. */
static void serve_statuses(struct serve *sv, int64_t now)
{
	if (sv->nstatuses == 0)
		return;
	if (store_flags_status(sv->store, sv->statuses, sv->nstatuses, now) != HL_OK)
		log_msg(LOG_ERROR, "could not record %zu terminal statuses: %s", sv->nstatuses,
			store_errmsg(sv->store));
	for (size_t i = 0; i < sv->nstatuses; i++) {
		const struct flag_status *st = &sv->statuses[i];
		int64_t since;
		if (flag_engine_status(sv->flags, st, now, &since, &sv->cand) != HL_OK)
			log_msg(LOG_ERROR, "out of memory while following terminal %s/%s", st->site, st->counter);
		else if (since == now)
			log_msg(LOG_INFO, "terminal %s/%s: %s", st->site, st->counter,
				st->cleared ? "status cleared" : st->online ? "online" : "offline");
	}
	sv->nstatuses = 0;
	serve_open_flags(sv, now); /* fault flags */
}

static int serve_seed_terminal(void *ud, const struct store_terminal *t)
{
	return flag_engine_terminal(ud, t->site, t->counter, t->online, t->spooled, t->since, t->seen);
}

static int serve_seed_rating(void *ud, const struct rating *r, int64_t received)
{
	return flag_engine_seed(ud, r, received);
}

/* Creates the flag engine and gives it the stored terminal statuses and the ratings of the last
 * window, so a restart neither forgets a burst in progress nor an offline terminal. */
static int serve_flags_start(struct serve *sv, const struct settings *st, int64_t now)
{
	struct flag_engine_stats stats;
	int64_t longest;

	struct store_policy policy;

	settings_flag_params(st, &sv->fp);
	settings_store_policy(st, &policy);
	store_set_policy(sv->store, &policy);
	sv->utc_offset = st->utc_offset_minutes * 60;
	sv->alert_hold = st->alert_hold_seconds;
	sv->lang = settings_lang(st);
	sv->next_alerts = 0; /* alerts held before a restart go as soon as they are due */
	if (flag_engine_new(&sv->fp, &sv->flags) != HL_OK)
		return HL_ERR_NOMEM;
	/* Terminals of sites not in the roster are followed within bounds (flags.h). */
	flag_engine_set_known(sv->flags, store_site_known, sv->store);
	longest = sv->fp.burst_window > sv->fp.stuffing_window ? sv->fp.burst_window : sv->fp.stuffing_window;
	if (store_flags_terminals(sv->store, serve_seed_terminal, sv->flags) != HL_OK ||
	    store_flags_recent(sv->store, now - longest, serve_seed_rating, sv->flags) != HL_OK)
		log_msg(LOG_WARN, "flags: could not read the recent state (%s); starting from nothing",
			store_errmsg(sv->store));
	flag_engine_stats(sv->flags, &stats);
	log_msg(LOG_INFO, "flags: following %zu terminals, %zu recent ratings in windows", stats.terminals,
		stats.ratings);
	return HL_OK;
}

static int serve_publish_receipt(void *ud, const char *site, const char *counter,
				 const char (*ids)[HL_ID_LEN + 1], size_t n)
{
	struct serve *sv = ud;
	char topic[HL_TOPIC_MAX], body[WIRE_RECEIPT_MAX_IDS * (HL_ID_LEN + 3) + 16];
	size_t len;

	if (topic_counter(topic, sizeof topic, site, counter, "receipt") != HL_OK ||
	    wire_receipt_encode(ids, n, body, sizeof body, &len) != HL_OK)
		return HL_OK; /* cannot happen for validated ratings; the terminal would resend */
	if (!sv->link || link_publish(sv->link, topic, body, len, 1, false) != HL_OK)
		log_msg(LOG_DEBUG, "receipt for %s/%s not sent now; the terminal will resend", site, counter);
	else
		sv->receipts++;
	return HL_OK;
}

/* Stores one batch of messages and, when receipt is true and the commit succeeded, receipts it. */
static int serve_batch(struct serve *sv, struct link_msg *msgs, bool receipt)
{
	int64_t now = (int64_t)time(NULL);
	size_t stored;
	int rc;

	ingest_batch_clear(&sv->batch);
	sv->nstatuses = 0;
	for (struct link_msg *m = msgs; m; m = m->next) {
		rc = m->oversize		 ? serve_oversize_msg(sv, m)
		     : serve_is_status(m->topic) ? serve_status_msg(sv, m)
						 : ingest_add(&sv->batch, m->topic, m->payload, m->len);
		if (rc != HL_OK) {
			log_msg(LOG_ERROR, "out of memory while decoding a batch");
			return HL_ERR_NOMEM;
		}
	}
	if (sv->batch.nratings == 0 && sv->batch.nrejects == 0) {
		serve_statuses(sv, now);
		return HL_OK;
	}
	if (hl_grow((void **)&sv->fresh, &sv->fresh_cap, sv->batch.nratings, sizeof *sv->fresh) != HL_OK) {
		log_msg(LOG_ERROR, "out of memory while storing a batch");
		return HL_ERR_NOMEM;
	}
	rc = store_save_marked(sv->store, &sv->batch, now, &stored, sv->fresh);
	if (rc != HL_OK) {
		log_msg(LOG_ERROR, "could not store %zu ratings and %zu rejects (%s); no receipts yet",
			sv->batch.nratings, sv->batch.nrejects, store_errmsg(sv->store));
		return rc == HL_ERR_NOMEM ? rc : HL_ERR_IO;
	}
	for (size_t i = 0; i < sv->batch.nrejects; i++) {
		const struct ingest_reject *j = &sv->batch.rejects[i];
		log_msg(LOG_WARN, "rejected %zu bytes on %.80s: %s", j->len, j->topic, j->why);
	}
	sv->stored += (int64_t)stored;
	sv->duplicates += (int64_t)(sv->batch.nratings - stored);
	sv->rejected += (int64_t)sv->batch.nrejects;
	log_msg(LOG_DEBUG, "batch: %zu new, %zu duplicate, %zu rejected", stored,
		sv->batch.nratings - stored, sv->batch.nrejects);
	if (receipt)
		ingest_receipts(sv->batch.ratings, sv->batch.nratings, serve_publish_receipt, sv);
	/* Flags after the receipts: a terminal waits for its receipt, nobody waits for a flag. */
	serve_statuses(sv, now);
	if (flag_engine_feed(sv->flags, sv->batch.ratings, sv->batch.nratings, sv->fresh, now, &sv->cand) !=
	    HL_OK)
		log_msg(LOG_ERROR, "flags: out of memory; some candidates of this batch were dropped");
	serve_open_flags(sv, now);
	return HL_OK;
}

static void serve_reload_settings(struct serve *sv, const char *config_path, const struct settings_override *ov,
				  size_t nov, const struct settings *running)
{
	struct settings fresh;
	struct config_error err;
	char msg[512];

	if (settings_load(&fresh, config_path, ov, nov, &err) != HL_OK) {
		config_error_format(&err, msg, sizeof msg);
		log_msg(LOG_ERROR, "reload failed, keeping the running settings: %s", msg);
		return;
	}
	log_set_level((enum log_level)log_level_parse(fresh.log_level));
	if (strcmp(fresh.broker, running->broker) || strcmp(fresh.db, running->db) ||
	    strcmp(fresh.client_id, running->client_id))
		log_msg(LOG_WARN, "reload: broker, db and client_id take effect at the next start");
	settings_flag_params(&fresh, &sv->fp);
	flag_engine_set_params(sv->flags, &sv->fp);
	struct store_policy policy;
	settings_store_policy(&fresh, &policy);
	store_set_policy(sv->store, &policy);
	sv->next_check = 0;
	sv->alert_hold = fresh.alert_hold_seconds;
	sv->lang = settings_lang(&fresh);
	sv->next_alerts = 0;
	log_msg(LOG_INFO, "settings reloaded");
}

void serve_signals(void)
{
	sigset_t ours;

	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = serve_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN); /* a file size limit (systemd LimitFSIZE=) is a failed write, not death */
	/* A parent may have started us with these blocked; they are ours now. */
	sigemptyset(&ours);
	sigaddset(&ours, SIGTERM);
	sigaddset(&ours, SIGINT);
	sigaddset(&ours, SIGHUP);
	sigprocmask(SIG_UNBLOCK, &ours, NULL);
}

/* Waits ms, waking early for SIGTERM. */
static void serve_pause(int ms)
{
	for (int t = 0; t < ms && !serve_stop; t += 100) {
		struct timespec ts = { 0, 100 * 1000000L };
		nanosleep(&ts, NULL);
	}
}

int serve_run(const struct settings *st, const char *config_path, const struct settings_override *ov,
	      size_t nov)
{
	static const char *const subs[] = { TOPIC_PREFIX "+/+/rating", TOPIC_PREFIX "+/+/status", NULL };
	struct serve sv = { 0 };
	struct broker_url url;
	struct link_msg *msgs;
	sigset_t block, old;
	char err[512];
	size_t n;
	int exit_code = 0;

	if (url_parse(st->broker, &url) != HL_OK) {
		log_msg(LOG_ERROR, "broker '%s' is not mqtt[s]://HOST:PORT", st->broker);
		return 1;
	}
	serve_signals(); /* before anything slow: a SIGTERM from now on drains and exits 0 */
	if (store_open(st->db, st->utc_offset_minutes * 60, &sv.store, err, sizeof err) != HL_OK) {
		log_msg(LOG_ERROR, "%s", err);
		return 1;
	}
	ingest_batch_init(&sv.batch);
	if (serve_flags_start(&sv, st, (int64_t)time(NULL)) != HL_OK) {
		log_msg(LOG_ERROR, "out of memory");
		store_close(sv.store);
		return 1;
	}
	/* The network thread inherits a mask with our signals blocked, so they reach this thread. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	struct link_options lo = {
		.host = url.host,
		.port = url.port,
		.client_id = st->client_id,
		.persistent = true,
		.session_expiry = (uint32_t)st->session_expiry,
		.subscriptions = subs,
		.queue_max = (size_t)st->queue_max,
		.msg_max = SERVE_MSG_MAX,
		.queue_bytes_max = 16u << 20, /* 4 KiB ratings: 4 000 of them, the broker holds the rest */
		.refusal = LINK_RETRY_HEALABLE, /* README "When serve exits 1" */
	};
	link_options_broker(&lo, &url, &st->sec);
	if (!url.tls && !url_is_loopback(url.host))
		log_msg(LOG_WARN, "broker %s is plain mqtt:// off this machine: anyone on the network can read the "
			"ratings and forge receipts; use mqtts://", st->broker);
	int rc = link_start(&lo, &sv.link);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != HL_OK) {
		log_msg(LOG_ERROR, "cannot start the MQTT link: %s", hl_strerror(rc));
		flag_engine_free(sv.flags);
		store_close(sv.store);
		return 1;
	}
	log_msg(LOG_INFO, "serving %s://%s:%d as '%s' into %s", url.tls ? "mqtts" : "mqtt", url.host, url.port,
		st->sec.username[0] ? st->sec.username : st->client_id, st->db);

	/* A batch whose commit failed (a full disk, an I/O error) is kept and tried again after a pause
	 * that doubles up to SERVE_RETRY_MAX_MS, rather than dropped for the terminals to resend: each
	 * resend would fail again as a batch of its own and the disk would fill with log lines. While it
	 * waits, new messages wait in the link and then at the broker. */
	struct link_msg *failed = NULL;
	int retry_ms = 0;
	while (!serve_stop) {
		if (serve_reload) {
			serve_reload = 0;
			serve_reload_settings(&sv, config_path, ov, nov, st);
		}
		if (link_failed(sv.link, err, sizeof err)) {
			log_msg(LOG_ERROR, "%s", err);
			exit_code = 1;
			break;
		}
		if (failed) {
			serve_pause(retry_ms);
			msgs = failed;
			failed = NULL;
		} else {
			link_take(sv.link, 200, (size_t)st->batch_max, &msgs, &n);
		}
		if (msgs && serve_batch(&sv, msgs, true) == HL_ERR_IO) {
			failed = msgs;
			retry_ms = retry_ms ? (retry_ms * 2 > SERVE_RETRY_MAX_MS ? SERVE_RETRY_MAX_MS : retry_ms * 2) : 500;
			log_msg(LOG_WARN, "the database refuses writes; trying the same batch again in %.1f s",
				retry_ms / 1000.0);
		} else {
			if (retry_ms && msgs)
				log_msg(LOG_INFO, "the database takes writes again");
			retry_ms = msgs ? 0 : retry_ms;
			link_msgs_free(msgs);
		}
		serve_flag_checks(&sv, (int64_t)time(NULL));
	}

	/* Drain: what is queued now is stored and receipted; receipts are flushed before we leave. */
	if (failed && serve_batch(&sv, failed, true) != HL_OK)
		log_msg(LOG_WARN, "a batch could not be stored before stopping; its terminals will resend it");
	link_msgs_free(failed);
	link_take(sv.link, 0, SIZE_MAX, &msgs, &n);
	if (n)
		serve_batch(&sv, msgs, true);
	link_msgs_free(msgs);
	if (link_flush(sv.link, 3000) != HL_OK)
		log_msg(LOG_WARN, "some receipts were not acknowledged; their terminals will resend");
	link_stop(sv.link, &msgs);
	sv.link = NULL;
	if (msgs)
		serve_batch(&sv, msgs, false); /* stored without receipt: the resend gets one */
	link_msgs_free(msgs);
	log_flush_held();
	log_msg(LOG_INFO, "stopped: %lld stored, %lld duplicates, %lld rejected, %lld receipts sent,"
		" %lld flags opened, %lld alerts sent", (long long)sv.stored, (long long)sv.duplicates,
		(long long)sv.rejected, (long long)sv.receipts, (long long)sv.flags_opened, (long long)sv.alerts);
	ingest_batch_free(&sv.batch);
	flag_engine_free(sv.flags);
	flag_list_free(&sv.cand);
	free(sv.fresh);
	free(sv.ids);
	free(sv.statuses);
	store_close(sv.store);
	return exit_code;
}
