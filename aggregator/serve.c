/* SPDX-License-Identifier: MIT
 * serve.c — the aggregator's main loop. Everything that arrived while the last transaction was
 * committing forms the next batch (group commit), so one fsync covers many ratings under load and a
 * lone rating is committed at once when it is quiet. Receipts are published only after COMMIT has
 * returned; a rating whose commit failed gets no receipt and its terminal sends it again. Signal
 * handlers only set flags; the loop looks at them at least five times a second. */
#include "serve.h"

#include "ingest.h"
#include "link.h"
#include "log.h"
#include "store.h"
#include "topic.h"
#include "url.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

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
};

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
	size_t stored;
	int rc;

	ingest_batch_clear(&sv->batch);
	for (struct link_msg *m = msgs; m; m = m->next)
		if (ingest_add(&sv->batch, m->topic, m->payload, m->len) != HL_OK) {
			log_msg(LOG_ERROR, "out of memory while decoding a batch");
			return HL_ERR_NOMEM;
		}
	if (sv->batch.nratings == 0 && sv->batch.nrejects == 0)
		return HL_OK;
	rc = store_save(sv->store, &sv->batch, (int64_t)time(NULL), &stored);
	if (rc != HL_OK) {
		log_msg(LOG_ERROR, "could not store %zu ratings (%s); no receipts, terminals will resend",
			sv->batch.nratings, store_errmsg(sv->store));
		return rc;
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
	return HL_OK;
}

static void serve_reload_settings(const char *config_path, const struct settings_override *ov, size_t nov,
				  const struct settings *running)
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
	log_msg(LOG_INFO, "settings reloaded");
}

static void serve_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = serve_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int serve_run(const struct settings *st, const char *config_path, const struct settings_override *ov,
	      size_t nov)
{
	static const char *const subs[] = { TOPIC_PREFIX "+/+/rating", NULL };
	struct serve sv = { 0 };
	struct broker_url url;
	struct link_msg *msgs;
	sigset_t block, old;
	char err[512];
	size_t n;
	int exit_code = 0;

	if (url_parse(st->broker, &url) != HL_OK) {
		log_msg(LOG_ERROR, "broker '%s' is not mqtt://HOST:PORT", st->broker);
		return 1;
	}
	if (store_open(st->db, st->utc_offset_minutes * 60, &sv.store, err, sizeof err) != HL_OK) {
		log_msg(LOG_ERROR, "%s", err);
		return 1;
	}
	ingest_batch_init(&sv.batch);
	serve_signals();
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
	};
	int rc = link_start(&lo, &sv.link);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != HL_OK) {
		log_msg(LOG_ERROR, "cannot start the MQTT link: %s", hl_strerror(rc));
		store_close(sv.store);
		return 1;
	}
	log_msg(LOG_INFO, "serving %s:%d as '%s' into %s", url.host, url.port, st->client_id, st->db);

	while (!serve_stop) {
		if (serve_reload) {
			serve_reload = 0;
			serve_reload_settings(config_path, ov, nov, st);
		}
		if (link_failed(sv.link, err, sizeof err)) {
			log_msg(LOG_ERROR, "%s", err);
			exit_code = 1;
			break;
		}
		link_take(sv.link, 200, (size_t)st->batch_max, &msgs, &n);
		if (n)
			serve_batch(&sv, msgs, true);
		link_msgs_free(msgs);
	}

	/* Drain: what is queued now is stored and receipted; receipts are flushed before we leave. */
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
	log_msg(LOG_INFO, "stopped: %lld stored, %lld duplicates, %lld rejected, %lld receipts sent",
		(long long)sv.stored, (long long)sv.duplicates, (long long)sv.rejected, (long long)sv.receipts);
	ingest_batch_free(&sv.batch);
	store_close(sv.store);
	return exit_code;
}
