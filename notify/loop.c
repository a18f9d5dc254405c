/* SPDX-License-Identifier: MIT
 * loop.c — hailong-notify's serve loop (loop.h). Each pass, at most once a second: the flags whose
 * alert is due are planned (alert_plan.c) and marked planned in the same transaction as their
 * deliveries; then the scheduled reports' planners run; then the deliveries due are sent, a bounded
 * batch, each attempt logged (log_msg and delivery_log) and its outcome stored before the next.
 *
 * Never twice for the same flag and recipient: (topic, recipient) is the queue's unique key, a flag
 * is planned once (notify_flag), and a delivered row is never taken again. What remains is a crash
 * (or a kill) after the server said OK and before the outcome was committed: the delivery is then
 * sent again on restart — with the same Message-ID (mime.c: from its id) and the same
 * X-HaiLong-Delivery header, so a receiver that keeps those can drop the copy. Nothing can do better
 * without the receiver's help: the OK and our commit cannot be one transaction. */
#include "loop.h"

#include "alert_plan.h"
#include "backoff.h"
#include "digest.h"
#include "flags.h"
#include "hook.h"
#include "log.h"
#include "mime.h"
#include "store_delivery.h"
#include "store_prefs.h"
#include "store_roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define NOTIFY_FROM_NAME "Hài Lòng"
#define NOTIFY_DIGEST_EVERY 60 /* seconds between plannings of the scheduled reports */

int notify_configure(struct notify *n, char *why, size_t cap)
{
	struct notify_settings st;
	struct config_error err;
	struct hooks *h = NULL;
	char pw[sizeof n->password] = "";
	int rc;

	if ((rc = notify_settings_load(&st, n->conf, n->ov, n->nov, &err)) != HL_OK) {
		config_error_format(&err, why, cap);
		return rc;
	}
	if (st.smtp_username[0] && (rc = secret_read(st.smtp_password_file, pw, sizeof pw, why, cap)) != HL_OK)
		return rc;
	if (!(h = calloc(1, sizeof *h))) {
		secret_wipe(pw, sizeof pw);
		return HL_ERR_NOMEM;
	}
	if (st.webhooks_file[0] && (rc = hooks_load(st.webhooks_file, h, why, cap)) != HL_OK) {
		secret_wipe(pw, sizeof pw);
		free(h);
		return rc;
	}
	if (n->hooks)
		secret_wipe(n->hooks, sizeof *n->hooks);
	free(n->hooks);
	n->hooks = h;
	n->st = st;
	secret_wipe(n->password, sizeof n->password);
	memcpy(n->password, pw, sizeof pw);
	secret_wipe(pw, sizeof pw);
	log_set_level((enum log_level)log_level_parse(st.log_level));
	return HL_OK;
}

void notify_close(struct notify *n)
{
	store_close(n->store);
	n->store = NULL;
	if (n->hooks)
		secret_wipe(n->hooks, sizeof *n->hooks);
	free(n->hooks);
	n->hooks = NULL;
	secret_wipe(n->password, sizeof n->password);
}

/* ---- planning flags ------------------------------------------------------------------------------ */

/* A flag copied out of the walk (the store cannot be written while a read is open). */
struct plan_flag {
	int64_t id, opened;
	int kind, subject_type, state;
	char site[HL_CODE_MAX + 1], subject[HL_CODE_MAX + 1];
	char *summary, *evidence;
};

struct plan_flags {
	struct plan_flag v[NOTIFY_FLAGS_BATCH];
	size_t n;
};

static int plan_take_flag(void *ud, const struct store_flag *f)
{
	struct plan_flags *pf = ud;
	struct plan_flag *p;

	if (pf->n == NOTIFY_FLAGS_BATCH)
		return 1;
	p = &pf->v[pf->n];
	memset(p, 0, sizeof *p);
	p->id = f->id;
	p->opened = f->opened;
	p->kind = f->kind;
	p->subject_type = f->subject_type;
	p->state = f->state;
	snprintf(p->site, sizeof p->site, "%s", f->site);
	snprintf(p->subject, sizeof p->subject, "%s", f->subject);
	if (!(p->summary = strdup(f->summary ? f->summary : "")) || !(p->evidence = strdup(f->evidence ? f->evidence : ""))) {
		free(p->summary);
		return HL_ERR_NOMEM;
	}
	pf->n++;
	return HL_OK;
}

struct plan_people {
	struct store_user *u;
	struct store_pref *p;
	struct alert_person *v;
	size_t n, cap_u, cap_p, cap_v;
};

static int plan_take_person(void *ud, const struct store_user *u, const struct store_pref *p)
{
	struct plan_people *pp = ud;

	if (p->alerts == PREF_ALERTS_NONE)
		return HL_OK;
	if (hl_grow((void **)&pp->u, &pp->cap_u, pp->n + 1, sizeof *pp->u) != HL_OK ||
	    hl_grow((void **)&pp->p, &pp->cap_p, pp->n + 1, sizeof *pp->p) != HL_OK)
		return HL_ERR_NOMEM;
	pp->u[pp->n] = *u;
	pp->p[pp->n] = *p;
	pp->n++;
	return HL_OK;
}

static int notify_plan_flags(struct notify *n, int64_t now)
{
	int off = n->st.utc_offset_minutes * 60, rc;
	struct plan_flags *pf = calloc(1, sizeof *pf);
	struct plan_people pp = { 0 };

	if (!pf)
		return HL_ERR_NOMEM;
	rc = store_delivery_flags(n->store, n->since, flag_alert_cutoff(now, n->st.alert_hold_seconds, off),
				  NOTIFY_FLAGS_BATCH, plan_take_flag, pf);
	if (rc == 1)
		rc = HL_OK;
	if (rc == HL_OK && pf->n)
		rc = store_pref_list(n->store, plan_take_person, &pp);
	if (rc == HL_OK && pp.n && !(pp.v = calloc(pp.n, sizeof *pp.v)))
		rc = HL_ERR_NOMEM;
	for (size_t i = 0; i < pp.n && pp.v; i++)
		pp.v[i] = (struct alert_person){ &pp.u[i], &pp.p[i] };
	for (size_t i = 0; rc == HL_OK && i < pf->n; i++) {
		struct plan_flag *p = &pf->v[i];
		struct store_flag f = { .id = p->id, .kind = p->kind, .state = p->state, .subject_type = p->subject_type,
					.site = p->site, .subject = p->subject, .summary = p->summary,
					.evidence = p->evidence, .opened = p->opened };
		struct roster *names = NULL;
		struct message *m = NULL;
		size_t nm = 0, added = 0;
		if (store_roster_load(n->store, p->site, &names) != HL_OK)
			names = NULL; /* codes instead of names: the alert still goes */
		struct alert_ctx c = { notify_settings_lang(&n->st), off, n->st.alert_hold_seconds, n->st.expire_hours,
				       n->st.console_url, names, n->hooks, now };
		rc = alert_plan(&c, &f, pp.v, pp.n, &m, &nm);
		if (rc == HL_ERR_INVALID) {
			log_msg(LOG_WARN, "flag %lld: kind or subject unknown, not announced", (long long)p->id);
			nm = 0;
			rc = HL_OK;
		}
		if (rc == HL_OK)
			rc = store_delivery_plan_flag(n->store, p->id, m, nm, now, &added);
		if (rc == HL_OK)
			log_msg(LOG_INFO, "flag %lld (%s, site %s): %zu deliveries planned", (long long)p->id,
				flag_kind_name(p->kind) ? flag_kind_name(p->kind) : "?", p->site, added);
		else
			log_msg(LOG_ERROR, "flag %lld: planning failed: %s", (long long)p->id, store_errmsg(n->store));
		for (size_t k = 0; k < nm; k++)
			message_free(&m[k]);
		free(m);
		roster_free(names);
	}
	for (size_t i = 0; i < pf->n; i++) {
		free(pf->v[i].summary);
		free(pf->v[i].evidence);
	}
	free(pf);
	free(pp.u);
	free(pp.p);
	free(pp.v);
	return rc;
}

/* ---- sending ------------------------------------------------------------------------------------- */

static const struct hook_conf *notify_hook(const struct notify *n, const char *recipient)
{
	if (strncmp(recipient, "hook:", 5) != 0 || !n->hooks)
		return NULL;
	for (size_t i = 0; i < n->hooks->n; i++)
		if (strcmp(n->hooks->v[i].name, recipient + 5) == 0)
			return &n->hooks->v[i];
	return NULL;
}

static void notify_send_mail(struct notify *n, const struct delivery *d, int64_t now, struct send_result *r)
{
	struct mime_mail mm = { n->st.mail_from, NOTIFY_FROM_NAME, d->m.address, d->m.subject, d->m.body, d->m.parts,
				d->m.nparts, now, n->st.utc_offset_minutes * 60, d->id, d->created };
	struct send_smtp c = { n->st.smtp_url, n->st.smtp_username, n->password, n->st.smtp_cafile, n->st.mail_from,
			       n->st.timeout_seconds };
	char *text = NULL;
	size_t len;
	int rc;

	memset(r, 0, sizeof *r);
	if (!n->st.smtp_url[0]) {
		snprintf(r->detail, sizeof r->detail, "no smtp_url in the config: e-mail waits");
		return;
	}
	if ((rc = mime_build(&mm, &text, &len)) != HL_OK) {
		r->permanent = rc == HL_ERR_INVALID;
		snprintf(r->detail, sizeof r->detail, "the message cannot be built: %s", hl_strerror(rc));
		return;
	}
	if (send_mail(&c, d->m.address, text, len, r) != HL_OK)
		snprintf(r->detail, sizeof r->detail, "smtp: cannot start a transfer");
	free(text);
}

static void notify_send_hook(struct notify *n, const struct delivery *d, int64_t now, struct send_result *r)
{
	const struct hook_conf *h = notify_hook(n, d->m.recipient);
	char sig[HOOK_SIG_MAX];

	memset(r, 0, sizeof *r);
	if (!h) {
		r->permanent = true;
		snprintf(r->detail, sizeof r->detail, "webhook %s is no longer in the webhooks file", d->m.recipient + 5);
		return;
	}
	if (hook_sign(h->secret, h->secret_len, now, d->m.body, strlen(d->m.body), sig, sizeof sig) != HL_OK ||
	    send_hook(d->m.address, d->m.body, sig, d->id, NULL, n->st.timeout_seconds, r) != HL_OK)
		snprintf(r->detail, sizeof r->detail, "http: cannot start a transfer");
}

static void notify_deliver(struct notify *n, const struct delivery *d, int64_t now)
{
	struct backoff b = { n->st.retry_first_seconds, n->st.retry_max_seconds };
	struct send_result r;
	uint32_t rnd = 0;
	int rc;

	if (d->m.channel == MESSAGE_HOOK)
		notify_send_hook(n, d, now, &r);
	else
		notify_send_mail(n, d, now, &r);
	int64_t done = (int64_t)time(NULL);
	if (r.ok) {
		rc = store_delivery_sent(n->store, d->id, done, r.detail);
		log_msg(LOG_INFO, "delivery %lld (%s to %s) sent, attempt %d: %s", (long long)d->id, d->m.topic,
			d->m.recipient, d->attempts + 1, r.detail);
	} else {
		if (getrandom(&rnd, sizeof rnd, GRND_NONBLOCK) != (ssize_t)sizeof rnd)
			rnd = (uint32_t)d->id;
		int64_t next = backoff_next(&b, d->attempts + 1, done, rnd);
		rc = store_delivery_failed(n->store, d->id, done, next, r.permanent, r.detail);
		log_msg(r.permanent ? LOG_ERROR : LOG_WARN, "delivery %lld (%s to %s) attempt %d failed%s: %s",
			(long long)d->id, d->m.topic, d->m.recipient, d->attempts + 1,
			r.permanent ? ", given up" : "", r.detail);
	}
	if (rc != HL_OK)
		log_msg(LOG_ERROR, "delivery %lld: its outcome could not be stored: %s", (long long)d->id,
			store_errmsg(n->store));
}

int notify_pass(struct notify *n, int64_t now, volatile sig_atomic_t *stop, bool *more)
{
	struct delivery *v = NULL;
	size_t nv = 0, expired = 0;
	int rc;

	*more = false;
	if ((rc = notify_plan_flags(n, now)) != HL_OK)
		log_msg(LOG_ERROR, "planning flags failed: %s", hl_strerror(rc));

	/* The scheduled reports: once a minute is enough for reports due at a whole hour, and asking
	 * again is cheap — a period already queued for a recipient is skipped before anything is
	 * composed (notify_sink_has). */
	if (now >= n->next_digest) {
		struct digest_settings ds;
		struct digest_sink sink = { notify_sink_has, notify_sink_add, n };
		notify_settings_digest(&n->st, &ds);
		if ((rc = digest_plan(n->store, &ds, now, &sink)) != HL_OK)
			log_msg(LOG_ERROR, "planning the scheduled reports failed: %s",
				rc == HL_ERR_DB ? store_errmsg(n->store) : hl_strerror(rc));
		n->next_digest = now + NOTIFY_DIGEST_EVERY;
	}

	if ((rc = store_delivery_expire(n->store, now, &expired)) != HL_OK)
		log_msg(LOG_ERROR, "expiring deliveries failed: %s", store_errmsg(n->store));
	else if (expired)
		log_msg(LOG_WARN, "%zu deliveries expired after %d hours without success", expired, n->st.expire_hours);
	if ((rc = store_delivery_due(n->store, now, NOTIFY_BATCH, &v, &nv)) != HL_OK) {
		log_msg(LOG_ERROR, "reading the due deliveries failed: %s", store_errmsg(n->store));
		return rc;
	}
	for (size_t i = 0; i < nv && !*stop; i++)
		notify_deliver(n, &v[i], (int64_t)time(NULL));
	*more = nv == NOTIFY_BATCH;
	store_delivery_free(v, nv);
	return HL_OK;
}

int notify_serve(struct notify *n, volatile sig_atomic_t *stop, volatile sig_atomic_t *reload)
{
	char why[512];
	bool more = false;

	while (!*stop) {
		if (*reload) {
			*reload = 0;
			n->next_digest = 0; /* a new report_hour or lang counts at once */
			if (notify_configure(n, why, sizeof why) == HL_OK)
				log_msg(LOG_INFO, "configuration reloaded (%zu webhooks)", n->hooks ? n->hooks->n : 0);
			else
				log_msg(LOG_ERROR, "reload failed, the old configuration stays: %s", why);
		}
		notify_pass(n, (int64_t)time(NULL), stop, &more);
		if (!more && !*stop) {
			struct timespec ts = { 1, 0 };
			nanosleep(&ts, NULL); /* a signal ends it early */
		}
	}
	return HL_OK;
}

int notify_sink_has(void *ud, const char *topic, const char *recipient, bool *yes)
{
	struct notify *n = ud;

	return store_delivery_has(n->store, topic, recipient, yes);
}

int notify_sink_add(void *ud, const struct message *m)
{
	struct notify *n = ud;
	bool added;
	int rc = store_delivery_add(n->store, m, (int64_t)time(NULL), &added);

	if (rc == HL_OK && added)
		log_msg(LOG_INFO, "%s for %s planned", m->topic, m->recipient);
	else if (rc != HL_OK)
		log_msg(LOG_ERROR, "%s for %s: planning failed: %s", m->topic, m->recipient, store_errmsg(n->store));
	return rc;
}

void notify_message_now(struct notify *n, const struct message *m, int64_t now, struct send_result *r)
{
	struct delivery d = { 0 };

	d.created = now;
	d.m = *m; /* borrowed: not freed here */
	notify_send_mail(n, &d, now, r);
}
