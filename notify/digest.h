/* SPDX-License-Identifier: MIT
 * digest.h — the scheduled reports (DESIGN §13): for each head who chose daily, weekly or monthly
 * reports, once the period is over, an e-mail with the period's figures in its body and the HTML
 * report attached (and a PDF where headless Chromium is installed); for each province user who chose
 * it, the month's SIPAS export. Each is planned once per period and recipient: its topic
 * ("report:weekly:2026-W48", "sipas:2026-11") is the queue's key, so planning again — after a
 * restart, every minute — adds nothing. A head's report is one mail per site: its topic ends in the
 * site ("report:weekly:2026-W48:sct-bentre"), so a head of two sites gets both. The period is
 * schedule.h's; the words digest_text.h's; the PDF pdf.h's. */
#ifndef HL_DIGEST_H
#define HL_DIGEST_H

#include "message.h"
#include "store.h"

#include <stdbool.h>
#include <stdint.h>

struct digest_settings {
	int utc_offset;        /* seconds east of UTC: the sites' local time decides days, weeks, months */
	int report_hour;       /* local hour (0–23) of the day after a period when its report goes */
	char lang[3];          /* "vi" or "en": what the head reads */
	char console_url[256]; /* the console's address for the link in the body ("" for none) */
	bool pdf;              /* attach a PDF made by headless Chromium where it is installed */
	char chromium[256];    /* the browser to make it ("" for the first of chromium, chromium-browser) */
	int expire_hours;      /* a report not delivered by then is given up (0: 72) */
	int target;            /* the HTML report's target_percent (1–100; 0: none), as the aggregator's */
	char sipas_weights[256]; /* the SIPAS export's weights (sipas_weights_parse; "": 1 each) */
};

/* Where planned reports go: has says whether topic is already queued for recipient (so that nothing is
 * composed twice), add queues m (borrowed for the call). Both return HL_OK or an error that stops. */
struct digest_sink {
	int (*has)(void *ud, const char *topic, const char *recipient, bool *yes);
	int (*add)(void *ud, const struct message *m);
	void *ud;
};

/* Plans, at now (Unix seconds), every report that is due and not yet queued: for each user of
 * store_pref_list, a head (ROLE_HEAD) with reports on gets the due period's report of each of their
 * sites, a province user (ROLE_PROVINCE) with sipas on the due month's SIPAS export of every site;
 * a disabled user or one without an address nothing. due = now, expires = now + expire_hours. A PDF
 * that cannot be made (no Chromium, a failure) is left out: the mail goes with the HTML. HL_OK, or
 * the first error of the store or the sink. */
int digest_plan(struct store *s, const struct digest_settings *ds, int64_t now, const struct digest_sink *sink);

/* For `hailong-notify test-report`: what digest_plan would make for the one user named user at now,
 * also for a period due before the user chose it (the IT admin's check of the whole chain on day
 * one). *found is false when there is no such user; nothing is made for a user who chose nothing. */
int digest_plan_user(struct store *s, const struct digest_settings *ds, int64_t now, const char *user,
		     const struct digest_sink *sink, bool *found);

#endif
