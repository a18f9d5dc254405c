/* SPDX-License-Identifier: MIT
 * alert_plan.h — who is told of an opened flag, and what they read: each head of the flag's site who
 * chose alerts (serious: serious flags only; all: every kind) gets an e-mail, each webhook of the
 * flag's site (hooks.h) a JSON call. The texts say the day the flag opened and never a time
 * (DESIGN §8), name the site, the subject by its roster name, the summary in the one wording
 * (flag_words.h), a link to the console when it is known, and what to do: acknowledge it there.
 * Every message is due when the aggregator's alert is (flag_alert_due), so mail does not date a
 * complaint to the minute either. Pure: plain data in, messages out. */
#ifndef HL_ALERT_PLAN_H
#define HL_ALERT_PLAN_H

#include "hooks.h"
#include "message.h"
#include "roster.h"
#include "store_flags.h"
#include "store_prefs.h"

#include <stddef.h>
#include <stdint.h>

/* One console user and their choices, both borrowed. */
struct alert_person {
	const struct store_user *u;
	const struct store_pref *p;
};

struct alert_ctx {
	int lang;              /* enum i18n_lang */
	int utc_offset;        /* seconds east of UTC */
	int hold;              /* alert_hold_seconds */
	int expire_hours;
	const char *console_url; /* "" or NULL: no link */
	const struct roster *names; /* the flag's site's roster (site name included), or NULL: codes */
	const struct hooks *hooks;  /* NULL: none */
	int64_t now;
};

/* The messages for flag f into *out (new memory, *n of them; free each with message_free, then the
 * array): topic "flag:ID", recipients "user:NAME" and "hook:NAME". *n may be 0 (nobody asked).
 * HL_ERR_NOMEM; HL_ERR_INVALID for a flag whose kind or subject is out of range. */
int alert_plan(const struct alert_ctx *c, const struct store_flag *f, const struct alert_person *people, size_t np,
	       struct message **out, size_t *n);
/* Whether person gets flag f's e-mail: a head of f's site, with an address, whose choice covers
 * f's kind. */
bool alert_wants(const struct alert_person *person, const struct store_flag *f);

#endif
