/* SPDX-License-Identifier: MIT
 * flag_view.h — a complaint flag for people, shared by every page that shows one (Cảnh báo, Tổng
 * quan) and by the API: its heading and its life (who acted, by day); the summary composed in the
 * reader's language from the flag's kind, subject, site and evidence, with the roster's names (the
 * engine's stored summary is an English line with codes, kept only as the fallback for a kind this
 * module cannot tell); and the evidence object as labelled items ("Lý do: Sách nhiễu, gây phiền hà
 * · Số đánh giá liên quan: 1"); and the live region through which an open list gets new flags.
 *
 * Privacy (DESIGN §8): nothing written here names a rating or its time; a time in the evidence (a
 * terminal's "since") is said as a day. The HTML writers escape everything through html.h; the text
 * writer gives plain UTF-8 for JSON (cJSON escapes it there). Reads no store: the caller hands in the
 * names (flag_view_names loads each site's roster once for a list of flags). Written in flag_view.c;
 * the words are results/flag_words.c's (the summary) and results/flag_items.c's (the evidence), the
 * same the command line and the HTML report say. */
#ifndef HL_FLAG_VIEW_H
#define HL_FLAG_VIEW_H

#include "buf.h"
#include "hl.h"
#include "store_flags.h"
#include "web.h"

#include <stddef.h>

struct roster;

/* The flag's summary as element text (escaped) into b, in c's language; names (the roster of the
 * flag's site, or NULL: codes alone) gives officers' and procedures' names. */
void flag_view_summary(const struct web_ctx *c, const struct store_flag *f, const struct roster *names,
		       struct buf *b);
/* The same summary as plain UTF-8 text into out (cap > 0 bytes, always NUL-terminated, cut at a
 * character boundary). Returns its length. */
size_t flag_view_summary_text(const struct web_ctx *c, const struct store_flag *f, const struct roster *names,
			      char *out, size_t cap);
/* The evidence as one <p class="note evidence"> of "label: value" items; nothing when the flag has
 * no readable evidence object. Rating ids are counted, never listed. */
void flag_view_evidence(const struct web_ctx *c, const struct store_flag *f, const struct roster *names,
			struct buf *b);
/* The flag's heading as element text and markup into b: its kind as a badge (class = the kind's
 * name), "#id · the day it opened" (never the time), the subject's type and code, and its site. */
void flag_view_what(const struct web_ctx *c, const struct store_flag *f, struct buf *b);
/* The flag's life into b: its state as a badge (class = the state's name) and, when acted on, who
 * acknowledged or resolved it, on which day, with the note. */
void flag_view_life(const struct web_ctx *c, const struct store_flag *f, struct buf *b);
/* Its state alone as that badge (a list that leaves the acts to Cảnh báo). */
void flag_view_state(const struct web_ctx *c, const struct store_flag *f, struct buf *b);
/* "Cán bộ" / "Officer" …, "Mới mở" / "Open" …; "?" out of range. Static strings. */
const char *flag_view_subject_label(const struct web_ctx *c, int subject_type);
const char *flag_view_state_label(const struct web_ctx *c, int state);
/* A list of flags as a table (class "flags", which console.css stacks on a narrow screen): a row
 * opened as <tr class="cls" data-flag-id="ID" data-state="STATE"> (cls NULL: no class) — the item the
 * live script tells apart by its id —, and a cell opened as <td class="cls" data-label="label">,
 * under its column's name, which a narrow screen shows. The caller closes them. */
void flag_view_tr(struct buf *b, const struct store_flag *f, const char *cls);
void flag_view_td(struct buf *b, const char *cls, const char *label);
/* The live region of a page that lists flags (web/static/console.js): <div id="live"> naming the
 * stream of site's flags (/su-kien?site=…; NULL: every site the user may see) and the element whose
 * id is target, which the page answers alone when asked again with partial=1; the words it says when
 * a flag opens or the list changes. Nothing happens without JavaScript: the page reloads the same. */
void flag_view_live(const struct web_ctx *c, struct buf *b, const char *target, const char *site);
/* "20 giây", "15 phút", "5 giờ", "3 ngày" (or "20 s", "15 min", "5 h", "3 days") for s seconds. */
void flag_view_duration(const struct web_ctx *c, int64_t s, char *out, size_t cap);

/* ---- names for a list of flags of several sites -------------------------------------------------- */

#define FLAG_VIEW_SITES 16 /* rosters held at once; past that the oldest loaded makes room */

/* Each site's roster, loaded from the store the first time a flag of that site asks. Zero it and set
 * store (borrowed), or use flag_view_names_init; flag_view_names_free frees the rosters. */
struct flag_view_names {
	struct store *store;
	struct {
		char site[HL_CODE_MAX + 1];
		struct roster *r; /* owned; NULL when it could not be loaded (codes alone then) */
	} v[FLAG_VIEW_SITES];
	size_t n, next; /* slots used; the slot to reuse when all are */
};

void flag_view_names_init(struct flag_view_names *nm, struct store *s);
/* The roster of site, or NULL (no site, or the store could not load it); borrowed until the next
 * call or flag_view_names_free. */
const struct roster *flag_view_roster(struct flag_view_names *nm, const char *site);
void flag_view_names_free(struct flag_view_names *nm);

#endif
