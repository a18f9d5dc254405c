/* SPDX-License-Identifier: MIT
 * flags.h — complaint flags (DESIGN §7), the pure part: which ratings, terminal statuses and 30-day
 * counts call for a flag, and what the flag says (a one-line summary with the figures and a small
 * JSON evidence object). No SQLite, no MQTT, no clock: every time comes in as an argument, in Unix
 * seconds. The store opens the flags this module proposes (never two unresolved ones of a kind for a
 * subject) and the serve loop publishes the serious ones, held to the next whole hour (flag_alert_due).
 *
 * Rules and their thresholds (struct flag_params):
 *   serious   a rating with a serious reason → its officer (its counter when the officer is unknown)
 *   burst     at one counter, >= burst_min_ratings ratings within burst_window seconds of which
 *             >= burst_share % have a dissatisfied answer → the counter
 *   stuffing  more than stuffing_max ratings within stuffing_window seconds at one terminal
 *             (faster than people can give them) → the terminal
 *   clock     a rating whose terminal time is not believed (ingest.h: clock not synchronised, or
 *             its time before received - clock_max_age or after received + INGEST_CLOCK_SKEW)
 *             → the terminal
 *   offline   a terminal whose status says offline — or that sent ratings but never a status — for
 *             longer than offline_max seconds → the terminal, once per episode
 *   fault     a terminal whose status reports a fault (e.g. "spool": it could not record a rating)
 *             → the terminal, once per episode (again only after the fault cleared and came back)
 *   trend     an officer whose dissatisfaction interval (officer question, 95 % Wilson) lies wholly
 *             above the site's, with at least trend_min_n answers over trend_days days → the officer
 * (Kind "integrity" is what stuffing, clock and offline flags were called before schema 7: it names
 * old flags that could not be told apart; no rule opens one now.)
 *
 * A rating's time for the windows is the time it is counted at (ingest_clock, ingest.h): the time it
 * was received, except that a terminal whose clock is believed is believed about a rating it took
 * earlier (one delivered late from its spool after a network outage): otherwise every outage would
 * end in a false "faster than people can" flag. A terminal whose clock is not believed — one sending
 * a burst dated 100 days back, say — is judged by the time its ratings arrived.
 *
 * Terminals of sites the roster does not know (flag_engine_set_known) are followed too, but at most
 * FLAG_UNKNOWN_MAX of them at a time, and their flags are limited to FLAG_UNKNOWN_PER_HOUR an hour,
 * so made-up sites can neither push real terminals out nor bury the department head in flags.
 *
 * This header is the plain data every part shares (names, thresholds, candidates, the alert) and
 * brings in the rest, so a user includes flags.h alone: flag_status.h (terminal status messages),
 * flag_engine.h (the rules over recent ratings and terminal states) and flag_trend.h (the trend). */
#ifndef HL_FLAGS_H
#define HL_FLAGS_H

#include "hl.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum flag_kind { FLAG_SERIOUS, FLAG_BURST, FLAG_TREND, FLAG_INTEGRITY, FLAG_STUFFING, FLAG_CLOCK, FLAG_OFFLINE,
		 FLAG_FAULT, FLAG_KIND_COUNT };
enum flag_subject { FLAG_SUBJ_OFFICER, FLAG_SUBJ_PROCEDURE, FLAG_SUBJ_COUNTER, FLAG_SUBJ_TERMINAL,
		    FLAG_SUBJ_COUNT };
enum flag_state { FLAG_OPEN, FLAG_ACKNOWLEDGED, FLAG_RESOLVED, FLAG_STATE_COUNT };

/* Names as stored and shown ("serious", "officer", "acknowledged"); NULL when out of range. */
const char *flag_kind_name(int kind);
const char *flag_subject_name(int subject_type);
const char *flag_state_name(int state);
/* What a kind is called for people, in lang (enum i18n_lang: 0 Vietnamese, 1 English), e.g. "Lỗi
 * thiết bị" / "terminal fault"; NULL when out of range. */
const char *flag_kind_label(int kind, int lang);
/* A state and a subject type for people, in lang: "Mới mở" / "Open", "Đã xác nhận" / "Acknowledged",
 * "Đã xử lý xong" / "Resolved"; "Cán bộ" / "Officer", "Thủ tục", "Quầy", "Thiết bị tại quầy" …; NULL
 * when out of range. */
const char *flag_state_label(int state, int lang);
const char *flag_subject_label(int subject_type, int lang);
/* The index for a name, or -1. */
int flag_kind_parse(const char *name);
int flag_subject_parse(const char *name);
int flag_state_parse(const char *name);

#define FLAG_WINDOW_MAX 128      /* recent ratings kept per terminal; older ones are dropped first */
#define FLAG_TERMINALS_MAX 4096  /* terminals the engine follows; past it the least recently seen goes */
#define FLAG_UNKNOWN_MAX 64      /* of which at most this many of sites the roster does not know */
#define FLAG_UNKNOWN_PER_HOUR 10 /* flags an hour for subjects of such sites, at most */
#define FLAG_STATUS_MAX 1024     /* bytes of a status message, at most */
#define FLAG_EVIDENCE_IDS 24     /* rating ids listed in one flag's evidence at most */
#define FLAG_SUMMARY_MAX 256
#define FLAG_EVIDENCE_MAX 2048

struct flag_params {
	int burst_window;      /* seconds */
	int burst_min_ratings; /* 2..FLAG_WINDOW_MAX */
	int burst_share;       /* percent of the window's ratings with a dissatisfied answer, 1..100 */
	int stuffing_window;   /* seconds */
	int stuffing_max;      /* ratings allowed within stuffing_window, 1..FLAG_WINDOW_MAX - 1 */
	int offline_max;       /* seconds */
	int trend_min_n;       /* officer answers needed before the trend rule looks at an officer */
	int trend_days;        /* the trend's period, in days (the caller sums roll-ups over it) */
	int64_t clock_max_age; /* seconds: the max_age of ingest_clock (ingest.h) */
};

/* 15 min, 4 ratings, 50 %; 3 ratings in 20 s; 30 min; n >= 30 over 30 days; 35 days. */
void flag_params_default(struct flag_params *p);

/* A flag this module proposes. Plain data: copy it freely. */
struct flag_candidate {
	int kind;         /* enum flag_kind */
	int subject_type; /* enum flag_subject */
	char site[HL_CODE_MAX + 1];
	char subject[HL_CODE_MAX + 1];      /* officer, procedure or counter code */
	char summary[FLAG_SUMMARY_MAX];     /* one line in English, with the figures */
	char evidence[FLAG_EVIDENCE_MAX];   /* a compact JSON object: the rule, counts, window, rating
					     * ids; never a rating's time, never anything about a citizen */
};

/* A growing list of candidates. Owns v; flag_list_free(NULL) is safe. */
struct flag_list {
	struct flag_candidate *v;
	size_t n, cap;
};
/* Appends a copy of *c. HL_ERR_NOMEM. */
int flag_list_push(struct flag_list *l, const struct flag_candidate *c);
void flag_list_clear(struct flag_list *l);
void flag_list_free(struct flag_list *l);

/* ---- alerts ------------------------------------------------------------------------------------- */

/* Whether a flag of this kind is published on hailong/v1/SITE/alerts: serious ones. */
bool flag_kind_alerts(int kind);

/* An alert as it is published. Plain data; strings borrowed. */
struct flag_alert {
	int64_t id;       /* the flag's */
	int kind, subject_type;
	const char *site, *subject;
	const char *summary; /* in the people's language (flag_words.h) */
	int32_t day;      /* the local day the flag opened */
};

/* The alert as {"id":N,"kind":K,"site":S,"subject_type":T,"subject":C,"summary":TEXT,
 * "day":"YYYY-MM-DD"}, compact, into buf (cap bytes, NUL-terminated); *len gets its length. It says
 * the day, never the time: a message that arrives on a head's phone the second a complaint is made
 * dates it to the minute all the same, which is why serve holds it (flag_alert_due).
 * HL_ERR_RANGE when buf is too small, HL_ERR_INVALID for a kind or subject type out of range. */
int flag_alert_encode(const struct flag_alert *a, char *buf, size_t cap, size_t *len);

/* When the alert of a flag opened at `opened` is due: held to the next whole multiple of hold seconds
 * of local time (utc_offset seconds east of UTC) after it — with hold 3600, the next whole hour, so
 * that every complaint of one hour reaches the phone at the same moment — or at once when hold is 0.
 * flag_alert_cutoff gives the other side: at now, the alerts of flags opened before it are due. */
int64_t flag_alert_due(int64_t opened, int hold, int utc_offset);
int64_t flag_alert_cutoff(int64_t now, int hold, int utc_offset);

/* The rest of the flags API; each of these includes this header first. */
#include "flag_status.h"
#include "flag_engine.h"
#include "flag_trend.h"

#endif
