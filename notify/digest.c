/* SPDX-License-Identifier: MIT
 * digest.c — plans the scheduled reports (digest.h): walks the people's choices, asks schedule.h
 * which period is due, asks the sink whether that topic is queued for that person already, and only
 * when it is not reads the store — the same report_load the `report` command uses, so the mail's
 * figures and the attached HTML page are those of `hailong-aggregator report … --format html` — and
 * hands the words to digest_text.c. The SIPAS mail is the export of `export sipas` over one month. */
#include "digest.h"

#include "digest_text.h"
#include "flag_words.h"
#include "hl.h"
#include "i18n.h"
#include "log.h"
#include "pdf.h"
#include "period.h"
#include "report.h"
#include "report_load.h"
#include "roster.h"
#include "schedule.h"
#include "sipas.h"
#include "store_flags.h"
#include "store_prefs.h"
#include "store_roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct digest_run {
	struct store *s;
	const struct digest_settings *ds;
	int64_t now;
	const struct digest_sink *sink;
	int lang;
	bool test; /* digest_plan_user: also a period due before the choice */
};

/* The flags of one site opened in a period, worded (newest first from the store; kept by day). */
struct digest_flags {
	struct period_range days;
	int utc_offset, lang;
	const struct roster *names;
	struct digest_flag *v;
	char (*text)[FLAG_WORDS_MAX];
	size_t n, cap, cap_text;
	bool older; /* the walk reached a flag before the period */
};

static int digest_flag_copy(void *ud, const struct store_flag *f)
{
	struct digest_flags *l = ud;
	int32_t day = period_day_of(f->opened, l->utc_offset);

	if (day < l->days.from) {
		l->older = true;
		return HL_ERR_RANGE; /* newest first: nothing further is in the period */
	}
	if (day > l->days.to)
		return HL_OK;
	if (hl_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) != HL_OK ||
	    hl_grow((void **)&l->text, &l->cap_text, l->n + 1, sizeof *l->text) != HL_OK)
		return HL_ERR_NOMEM;
	struct flag_words_flag w = { f->kind, f->subject_type, f->subject, f->summary, f->evidence };
	flag_words_summary(l->lang, &w, l->names, l->text[l->n], sizeof l->text[0]);
	l->v[l->n++].day = day;
	return HL_OK;
}

static int digest_load_flags(struct digest_run *run, const char *site, struct period_range days,
			     struct digest_flags *l, struct roster **names)
{
	int rc = store_roster_load(run->s, site, names);

	memset(l, 0, sizeof *l);
	l->days = days;
	l->utc_offset = run->ds->utc_offset;
	l->lang = run->lang;
	l->names = *names;
	if (rc == HL_OK)
		rc = store_flags_list(run->s, STORE_FLAGS_ALL, site, 0, digest_flag_copy, l);
	if (rc == HL_ERR_RANGE && l->older)
		rc = HL_OK;
	/* Oldest first, each pointer taken now that the arrays have stopped moving. */
	for (size_t i = 0, j = l->n ? l->n - 1 : 0; i < j; i++, j--) {
		struct digest_flag t = l->v[i];
		char tmp[FLAG_WORDS_MAX];
		l->v[i] = l->v[j];
		l->v[j] = t;
		memcpy(tmp, l->text[i], sizeof tmp);
		memcpy(l->text[i], l->text[j], sizeof tmp);
		memcpy(l->text[j], tmp, sizeof tmp);
	}
	for (size_t i = 0; i < l->n; i++)
		l->v[i].text = l->text[i];
	return rc;
}

/* Moves the text of a memory stream into a part. */
static void digest_part(struct message *m, const char *name, const char *mime, unsigned char *bytes, size_t len)
{
	struct message_part *p = &m->parts[m->nparts++];

	snprintf(p->name, sizeof p->name, "%s", name);
	snprintf(p->mime, sizeof p->mime, "%s", mime);
	p->bytes = bytes;
	p->len = len;
}

/* Whether topic is queued for recipient already (then nothing is composed). */
static int digest_has(struct digest_run *run, const char *topic, const char *recipient, bool *yes)
{
	*yes = false;
	return run->sink->has(run->sink->ud, topic, recipient, yes);
}

static void digest_envelope(struct digest_run *run, struct message *m, const char *topic, const char *recipient,
			    const char *email, const char *site)
{
	snprintf(m->topic, sizeof m->topic, "%s", topic);
	snprintf(m->recipient, sizeof m->recipient, "%s", recipient);
	snprintf(m->address, sizeof m->address, "%s", email);
	snprintf(m->site, sizeof m->site, "%s", site);
	m->channel = MESSAGE_MAIL;
	m->due = run->now;
	m->expires = run->now + (int64_t)(run->ds->expire_hours > 0 ? run->ds->expire_hours : 72) * 3600;
}

/* One site's report of period per for user u. */
static int digest_site(struct digest_run *run, const struct store_user *u, const struct store_pref *p,
		       const char *site, const struct schedule_period *per)
{
	static const int dims[4] = { ROLLUP_SITE, ROLLUP_COUNTER, ROLLUP_PROCEDURE, ROLLUP_OFFICER };
	char topic[MESSAGE_TOPIC_MAX], recipient[MESSAGE_RECIPIENT_MAX], name[128], why[256];
	struct report r[4];
	struct report_buffers *bufs[4] = { 0 };
	struct digest_flags fl;
	struct roster *names = NULL;
	struct message m = { 0 };
	char *html = NULL;
	size_t hlen = 0;
	bool yes;
	int rc;

	snprintf(topic, sizeof topic, "report:%s:%s", per->key, site);
	snprintf(recipient, sizeof recipient, "user:%s", u->name);
	if ((rc = digest_has(run, topic, recipient, &yes)) != HL_OK || yes)
		return rc;
	memset(&fl, 0, sizeof fl);
	for (int i = 0; i < 4; i++) {
		r[i] = (struct report){ .dim = dims[i], .days = per->days, .site = site, .generated = run->now,
					.utc_offset = run->ds->utc_offset, .lang = run->lang, .target = run->ds->target };
		/* The sites and counters with their period before; the counters' page is the attachment. */
		if ((rc = report_load(run->s, &r[i], i < 2, &bufs[i])) != HL_OK) {
			log_msg(LOG_ERROR, "report %s of %s: %s", per->key, site, store_errmsg(run->s));
			goto out;
		}
	}
	if ((rc = digest_load_flags(run, site, per->days, &fl, &names)) != HL_OK)
		goto out;
	FILE *f = open_memstream(&html, &hlen);
	if (!f || (rc = report_write(f, REPORT_HTML, &r[1])) != HL_OK) {
		rc = f ? rc : HL_ERR_NOMEM;
		if (f)
			fclose(f);
		goto out;
	}
	if (fclose(f) != 0) {
		rc = HL_ERR_NOMEM;
		goto out;
	}
	/* The mail names the counters (the roster has their names; the page, as the aggregator's, codes). */
	for (size_t i = 0; i < r[1].nrows; i++)
		if (!r[1].rows[i].name)
			r[1].rows[i].name = roster_name(names, ROSTER_COUNTER, r[1].rows[i].code);
	const char *when = strchr(per->key, ':') + 1; /* "2026-W48" */
	digest_envelope(run, &m, topic, recipient, p->email, site);
	snprintf(name, sizeof name, "bao-cao-%s-%s.html", site, when);
	digest_part(&m, name, "text/html; charset=utf-8", (unsigned char *)html, hlen);
	html = NULL;
	if (run->ds->pdf) {
		unsigned char *pdf = NULL;
		size_t plen = 0;
		int prc = pdf_from_html(run->ds->chromium, (const char *)m.parts[0].bytes, m.parts[0].len, PDF_TIMEOUT_S,
					&pdf, &plen, why, sizeof why);
		if (prc == HL_OK) {
			snprintf(name, sizeof name, "bao-cao-%s-%s.pdf", site, when);
			digest_part(&m, name, "application/pdf", pdf, plen);
		} else if (prc != HL_ERR_NOTFOUND) {
			log_msg(LOG_WARN, "no PDF of %s for %s: %s", topic, recipient, why);
		}
	}
	struct digest_figures fig = { .lang = run->lang, .site = site, .site_name = r[1].site_name, .label = per->label,
				      .days = per->days, .prev = per->prev, .sites = &r[0], .counters = &r[1],
				      .procedures = &r[2], .officers = &r[3], .flags = fl.v, .nflags = fl.n,
				      .console_url = run->ds->console_url, .pdf = m.nparts > 1 };
	digest_text_subject(run->lang, per->label, site, r[1].site_name, m.subject, sizeof m.subject);
	if (!(m.body = digest_text_body(&fig))) {
		rc = HL_ERR_NOMEM;
		goto out;
	}
	rc = run->sink->add(run->sink->ud, &m);
out:
	message_free(&m);
	free(html);
	free(fl.v);
	free(fl.text);
	roster_free(names);
	for (int i = 0; i < 4; i++)
		report_load_free(bufs[i]);
	return rc;
}

/* Writes the SIPAS export x in fmt into an allocated text. */
static int digest_sipas_text(const struct sipas_export *x, int fmt, char **text, size_t *len)
{
	FILE *f = open_memstream(text, len);
	int rc;

	if (!f)
		return HL_ERR_NOMEM;
	rc = sipas_write(f, (enum report_format)fmt, x);
	if (fclose(f) != 0 && rc == HL_OK)
		rc = HL_ERR_NOMEM;
	return rc;
}

/* The month's SIPAS export of every site for province user u. */
static int digest_sipas(struct digest_run *run, const struct store_user *u, const struct store_pref *p)
{
	char topic[MESSAGE_TOPIC_MAX], recipient[MESSAGE_RECIPIENT_MAX], name[64], why[160];
	struct schedule_period per;
	struct sipas_export x = { 0 };
	struct rollup_list rows = { 0 };
	struct report_row *sites = NULL;
	struct roster *names = NULL;
	struct index_group total;
	struct message m = { 0 };
	char *csv = NULL, *table = NULL;
	size_t clen = 0, tlen = 0;
	bool yes;
	int rc, y, mo, d;

	if ((rc = schedule_sipas(run->now, run->ds->utc_offset, run->ds->report_hour, run->lang, &per)) != HL_OK)
		return rc;
	if (!run->test && p->sipas_since > per.due_at)
		return HL_OK; /* chosen after that month's export was due: from the next one */
	snprintf(topic, sizeof topic, "sipas:%s", per.key);
	snprintf(recipient, sizeof recipient, "user:%s", u->name);
	if ((rc = digest_has(run, topic, recipient, &yes)) != HL_OK || yes)
		return rc;
	sipas_weights_default(x.weights);
	if (run->ds->sipas_weights[0] && sipas_weights_parse(run->ds->sipas_weights, x.weights, why, sizeof why) != HL_OK)
		sipas_weights_default(x.weights); /* checked when the settings loaded */
	period_civil_from_day(per.days.from, &y, &mo, &d);
	x.year = y;
	x.month = mo;
	x.generated = run->now;
	if ((rc = store_query(run->s, ROLLUP_SITE, per.days, NULL, rollup_list_push, &rows)) != HL_OK ||
	    (rc = report_group(rows.v, rows.n, &sites, &x.nsites, &total)) != HL_OK ||
	    (rc = store_roster_site_names(run->s, NULL, &names)) != HL_OK)
		goto out;
	report_site_names(sites, x.nsites, true, names);
	x.sites = sites;
	if ((rc = digest_sipas_text(&x, REPORT_CSV, &csv, &clen)) != HL_OK ||
	    (rc = digest_sipas_text(&x, REPORT_TABLE, &table, &tlen)) != HL_OK)
		goto out;
	digest_envelope(run, &m, topic, recipient, p->email, "");
	snprintf(name, sizeof name, "sipas-%s.csv", per.key);
	digest_part(&m, name, "text/csv; charset=utf-8", (unsigned char *)csv, clen);
	csv = NULL;
	digest_text_sipas_subject(run->lang, per.label, m.subject, sizeof m.subject);
	if (!(m.body = digest_text_sipas_body(run->lang, per.label, table, x.nsites, run->ds->console_url))) {
		rc = HL_ERR_NOMEM;
		goto out;
	}
	rc = run->sink->add(run->sink->ud, &m);
out:
	message_free(&m);
	free(csv);
	free(table);
	free(sites);
	roster_free(names);
	rollup_list_free(&rows);
	return rc;
}

static int digest_user(void *ud, const struct store_user *u, const struct store_pref *p)
{
	struct digest_run *run = ud;
	struct schedule_period per;
	int rc = HL_OK;

	if (u->disabled || !p->email[0])
		return HL_OK;
	if (u->role == ROLE_HEAD && p->reports != PREF_REPORTS_NONE) {
		if (schedule_due(p->reports, run->now, run->ds->utc_offset, run->ds->report_hour, run->lang, &per) != HL_OK)
			return HL_OK; /* a choice this version does not know: nothing */
		/* A period whose report time came before the head chose these reports is not sent: who
		 * opts in on a Sunday gets Monday's report, not last week's as well. */
		if (!run->test && p->reports_since > per.due_at)
			return HL_OK;
		for (size_t i = 0; rc == HL_OK && i < u->nsites; i++)
			rc = digest_site(run, u, p, u->sites[i], &per);
	}
	if (rc == HL_OK && u->role == ROLE_PROVINCE && p->sipas)
		rc = digest_sipas(run, u, p);
	return rc;
}

int digest_plan(struct store *s, const struct digest_settings *ds, int64_t now, const struct digest_sink *sink)
{
	struct digest_run run = { s, ds, now, sink, strcmp(ds->lang, "en") == 0 ? I18N_EN : I18N_VI, false };

	return store_pref_list(s, digest_user, &run);
}

int digest_plan_user(struct store *s, const struct digest_settings *ds, int64_t now, const char *user,
		     const struct digest_sink *sink, bool *found)
{
	struct digest_run run = { s, ds, now, sink, strcmp(ds->lang, "en") == 0 ? I18N_EN : I18N_VI, true };
	struct store_user u;
	struct store_pref p;
	int rc;

	*found = false;
	if ((rc = store_user_get(s, user, &u)) == HL_ERR_NOTFOUND)
		return HL_OK;
	if (rc != HL_OK || (rc = store_pref_get(s, u.id, &p)) != HL_OK)
		return rc;
	explicit_bzero(u.hash, sizeof u.hash);
	*found = true;
	return digest_user(&run, &u, &p);
}
