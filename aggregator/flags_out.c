/* SPDX-License-Identifier: MIT
 * flags_out.c — what `flags` prints (flags_out.h): the table of `list`, the text of `show` and the
 * JSON of both, in the reader's language from one table of words, with each site's roster loaded
 * once. The summary and the evidence in words are flag_words.c's and flag_items.c's; this file lays
 * them out. Days only, never a time of day; the ratings concerned counted, never listed. It owns the
 * rosters of a struct flags_out and the rows it collects; it reads the store only through
 * store_roster_load. */
#include "flags_out.h"

#include "flag_items.h"
#include "flag_words.h"
#include "flags.h"
#include "hl.h"
#include "i18n.h"
#include "numfmt.h"
#include "report.h"
#include "roster.h"
#include "store_roster.h"
#include "text.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- words ------------------------------------------------------------------------------------- */

/* What `flags` says, Vietnamese first (STYLE 13). */

static const char *const flags_words[W_COUNT][2] = {
	[W_ID] = { "Số", "id" },
	[W_KIND] = { "Loại", "kind" },
	[W_STATE] = { "Trạng thái", "state" },
	[W_SITE] = { "Đơn vị", "site" },
	[W_SUBJECT] = { "Đối tượng", "subject" },
	[W_OPENED] = { "Ngày mở", "opened on" },
	[W_SUMMARY] = { "Nội dung", "summary" },
	[W_EVIDENCE] = { "Căn cứ", "evidence" },
	[W_ACKED] = { "Xác nhận", "acknowledged" },
	[W_RESOLVED] = { "Xử lý xong", "resolved" },
	[W_FLAG] = { "Cảnh báo số %lld", "Flag #%lld" },
	[W_ON] = { "%2$s, ngày %1$s", "on %1$s by %2$s" },
	[W_NONE_ALL] = { "Chưa có cảnh báo nào.", "No stored flags." },
	[W_NONE_UNRESOLVED] = { "Không có cảnh báo nào chưa xử lý xong.", "No unresolved flags." },
	[W_NONE_OPEN] = { "Không có cảnh báo nào mới mở.", "No open flags." },
	[W_NONE_ACKED] = { "Không có cảnh báo nào đã xác nhận mà chưa xử lý xong.", "No acknowledged flags." },
	[W_NONE_RESOLVED] = { "Không có cảnh báo nào đã xử lý xong.", "No resolved flags." },
	[W_DID_ACK] = { "Đã xác nhận cảnh báo số %lld (%s).", "Flag #%lld acknowledged by %s." },
	[W_DID_RESOLVE] = { "Đã ghi nhận cảnh báo số %lld là đã xử lý xong (%s).", "Flag #%lld resolved by %s." },
};

const char *flags_out_word(int lang, int w)
{
	return flags_words[w][lang == I18N_EN];
}

const char *flags_out_or(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

/* A kind, state and subject type for people: Vietnamese words, or the codes --kind and --state take. */
static const char *flags_kind(int lang, int kind)
{
	return flags_out_or(lang == I18N_EN ? flag_kind_name(kind) : flag_kind_label(kind, I18N_VI), "?");
}

static const char *flags_state(int lang, int state)
{
	return flags_out_or(lang == I18N_EN ? flag_state_name(state) : flag_state_label(state, I18N_VI), "?");
}

static const char *flags_subject_type(int lang, int type)
{
	return flags_out_or(lang == I18N_EN ? flag_subject_name(type) : flag_subject_label(type, I18N_VI), "?");
}

/* The local day of t in lang's form ("02/12/2026", "2026-12-02"). */
const char *flags_out_day(int lang, int64_t t, int utc_offset, char out[16])
{
	return numfmt_day(out, 16, lang, numfmt_day_of(t, utc_offset));
}

/* ---- names ------------------------------------------------------------------------------------- */



static const struct roster *flags_names(struct flags_out *o, const char *site)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		if (strcmp(o->v[i].site, site) == 0)
			return o->v[i].r;
	if (o->n == FLAGS_SITES) {
		roster_free(o->v[0].r);
		memmove(&o->v[0], &o->v[1], sizeof o->v[0] * (FLAGS_SITES - 1));
		o->n--;
	}
	i = o->n++;
	snprintf(o->v[i].site, sizeof o->v[i].site, "%s", site);
	if (store_roster_load(o->store, site, &o->v[i].r) != HL_OK)
		o->v[i].r = NULL;
	return o->v[i].r;
}

/* The site of f for people into buf: its name and code, or its code. */
static const char *flags_site(struct flags_out *o, const struct store_flag *f, char *buf, size_t cap)
{
	return report_site_label(f->site, roster_name(flags_names(o, f->site), ROSTER_SITE, f->site), buf, cap);
}

void flags_out_free(struct flags_out *o)
{
	for (size_t i = 0; i < o->n; i++)
		roster_free(o->v[i].r);
	o->n = 0;
}

static void flags_summary(struct flags_out *o, const struct store_flag *f, char out[FLAG_WORDS_MAX])
{
	struct flag_words_flag w = { f->kind, f->subject_type, f->subject, f->summary, f->evidence };

	flag_words_summary(o->lang, &w, flags_names(o, f->site), out, FLAG_WORDS_MAX);
}

/* ---- list -------------------------------------------------------------------------------------- */



int flags_out_collect(void *ud, const struct store_flag *f)
{
	struct flags_rows *rows = ud;
	struct flags_out *o = rows->o;

	if (hl_grow((void **)&rows->v, &rows->cap, rows->n + 1, sizeof *rows->v) != HL_OK)
		return HL_ERR_NOMEM;
	struct flags_row *r = &rows->v[rows->n++];
	r->id = f->id;
	snprintf(r->kind, sizeof r->kind, "%s", flags_kind(o->lang, f->kind));
	snprintf(r->state, sizeof r->state, "%s", flags_state(o->lang, f->state));
	flags_site(o, f, r->site, sizeof r->site);
	snprintf(r->subject, sizeof r->subject, "%s %s", flags_subject_type(o->lang, f->subject_type), f->subject);
	flags_out_day(o->lang, f->opened, o->utc_offset, r->day);
	flags_summary(o, f, r->summary);
	return HL_OK;
}

/* A cell padded to width display columns (text_width), and the blank between columns. */
static void flags_pad(const char *s, int width)
{
	text_pad(stdout, s, width, false);
	fputs("  ", stdout);
}


void flags_out_table(const struct flags_rows *rows, int lang, int which)
{
	int w[5] = { text_width(flags_out_word(lang, W_KIND)), text_width(flags_out_word(lang, W_STATE)), text_width(flags_out_word(lang, W_SITE)),
		     text_width(flags_out_word(lang, W_SUBJECT)), text_width(flags_out_word(lang, W_OPENED)) };

	if (rows->n == 0) {
		puts(flags_out_word(lang, which == STORE_FLAGS_ALL	     ? W_NONE_ALL
			     : which == STORE_FLAGS_UNRESOLVED ? W_NONE_UNRESOLVED
			     : which == FLAG_OPEN	       ? W_NONE_OPEN
			     : which == FLAG_ACKNOWLEDGED      ? W_NONE_ACKED
							       : W_NONE_RESOLVED));
		return;
	}
	for (size_t i = 0; i < rows->n; i++) {
		const struct flags_row *r = &rows->v[i];
		const char *cells[5] = { r->kind, r->state, r->site, r->subject, r->day };
		for (int k = 0; k < 5; k++)
			if (text_width(cells[k]) > w[k])
				w[k] = text_width(cells[k]);
	}
	text_pad(stdout, flags_out_word(lang, W_ID), 6, true);
	fputs("  ", stdout);
	flags_pad(flags_out_word(lang, W_KIND), w[0]);
	flags_pad(flags_out_word(lang, W_STATE), w[1]);
	flags_pad(flags_out_word(lang, W_SITE), w[2]);
	flags_pad(flags_out_word(lang, W_SUBJECT), w[3]);
	flags_pad(flags_out_word(lang, W_OPENED), w[4]);
	puts(flags_out_word(lang, W_SUMMARY));
	for (size_t i = 0; i < rows->n; i++) {
		const struct flags_row *r = &rows->v[i];
		printf("%6lld  ", (long long)r->id);
		flags_pad(r->kind, w[0]);
		flags_pad(r->state, w[1]);
		flags_pad(r->site, w[2]);
		flags_pad(r->subject, w[3]);
		flags_pad(r->day, w[4]);
		puts(r->summary);
	}
}

/* ---- JSON -------------------------------------------------------------------------------------- */

/* YYYY-MM-DD, the machine form of a day. */
static void flags_json_day(cJSON *o, const char *key, int64_t t, int utc_offset)
{
	char day[16];

	cJSON_AddStringToObject(o, key, flags_out_day(I18N_EN, t, utc_offset, day));
}

static cJSON *flags_step_json(const char *by, int64_t at, const char *note, int utc_offset)
{
	cJSON *o;

	if (!by)
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	if (o) {
		cJSON_AddStringToObject(o, "by", by);
		flags_json_day(o, "day", at, utc_offset);
		if (note)
			cJSON_AddStringToObject(o, "note", note);
		else
			cJSON_AddNullToObject(o, "note");
	}
	return o;
}

/* The evidence for a reader: the rating ids become their count ("ratings_concerned"), a terminal's
 * "since" its day ("since_day"); a time of a key no rule writes goes. */
static cJSON *flags_evidence_json(const char *evidence, int utc_offset)
{
	cJSON *ev = flag_words_evidence(evidence), *it, *next;
	int ratings = flag_words_ratings(ev);

	if (!ev)
		return cJSON_CreateNull();
	for (it = ev->child; it; it = next) {
		next = it->next;
		bool time = strcmp(it->string, "since") == 0 || strstr(it->string, "time") || strstr(it->string, "opened") ||
			    strstr(it->string, "received") || strcmp(it->string, "ts") == 0;
		if (cJSON_IsNumber(it) && strcmp(it->string, "since") == 0)
			flags_json_day(ev, "since_day", (int64_t)it->valuedouble, utc_offset);
		if (time || strcmp(it->string, "rating_ids") == 0 || strcmp(it->string, "rating_ids_not_listed") == 0)
			cJSON_Delete(cJSON_DetachItemViaPointer(ev, it));
	}
	if (ratings >= 0)
		cJSON_AddNumberToObject(ev, "ratings_concerned", ratings);
	return ev;
}

int flags_out_json(void *ud, const struct store_flag *f)
{
	struct flags_out *j = ud;
	cJSON *o = cJSON_CreateObject();
	char summary[FLAG_WORDS_MAX];
	const char *name = NULL;

	if (!o)
		return HL_ERR_NOMEM;
	flags_summary(j, f, summary);
	if (f->subject_type == FLAG_SUBJ_OFFICER || f->subject_type == FLAG_SUBJ_PROCEDURE)
		name = flag_words_name(flags_names(j, f->site),
				       f->subject_type == FLAG_SUBJ_OFFICER ? ROSTER_OFFICER : ROSTER_PROCEDURE, f->subject);
	cJSON_AddNumberToObject(o, "id", (double)f->id);
	cJSON_AddStringToObject(o, "kind", flags_out_or(flag_kind_name(f->kind), "?"));
	cJSON_AddStringToObject(o, "state", flags_out_or(flag_state_name(f->state), "?"));
	cJSON_AddStringToObject(o, "site", f->site);
	const char *site_name = roster_name(flags_names(j, f->site), ROSTER_SITE, f->site);
	cJSON_AddItemToObject(o, "site_name", site_name ? cJSON_CreateString(site_name) : cJSON_CreateNull());
	cJSON_AddStringToObject(o, "subject_type", flags_out_or(flag_subject_name(f->subject_type), "?"));
	cJSON_AddStringToObject(o, "subject", f->subject);
	if (name)
		cJSON_AddStringToObject(o, "subject_name", name);
	else
		cJSON_AddNullToObject(o, "subject_name");
	flags_json_day(o, "opened_day", f->opened, j->utc_offset);
	cJSON_AddStringToObject(o, "summary", summary);
	cJSON_AddItemToObject(o, "evidence", flags_evidence_json(f->evidence, j->utc_offset));
	cJSON_AddItemToObject(o, "acknowledged", flags_step_json(f->ack_by, f->ack_at, f->ack_note, j->utc_offset));
	cJSON_AddItemToObject(o, "resolved",
			      flags_step_json(f->resolved_by, f->resolved_at, f->resolve_note, j->utc_offset));
	cJSON_AddItemToArray(j->arr, o);
	return HL_OK;
}

/* Prints item and frees it. */
int flags_out_print_json(cJSON *item)
{
	char *text = item ? cJSON_Print(item) : NULL;
	int rc = text ? HL_OK : HL_ERR_NOMEM;

	if (text)
		printf("%s\n", text);
	free(text);
	cJSON_Delete(item);
	return rc;
}

/* ---- show -------------------------------------------------------------------------------------- */

static void flags_show_item(void *ud, const char *label, const char *value)
{
	(void)ud;
	printf("    %s: %s\n", label, value);
}

/* "  label:" padded so that the values line up. */
static void flags_show_label(int lang, int w)
{
	char label[64];

	snprintf(label, sizeof label, "%s:", flags_out_word(lang, w));
	fputs("  ", stdout);
	fputs(label, stdout);
	for (int n = text_width(label); n < 14; n++)
		fputc(' ', stdout);
}

static void flags_show_step(struct flags_out *o, int w, const char *by, int64_t at, const char *note)
{
	char day[16];

	if (!by)
		return;
	flags_show_label(o->lang, w);
	printf(flags_out_word(o->lang, W_ON), flags_out_day(o->lang, at, o->utc_offset, day), by);
	putchar('\n');
	if (note)
		printf("  %-14s%s\n", "", note);
}

int flags_out_show(void *ud, const struct store_flag *f)
{
	struct flags_out *o = ud;
	struct flag_words_flag w = { f->kind, f->subject_type, f->subject, f->summary, f->evidence };
	char summary[FLAG_WORDS_MAX], day[16], site[HL_CODE_MAX + ROSTER_NAME_MAX + 8];
	const char *name = NULL;

	flags_summary(o, f, summary);
	if (f->subject_type == FLAG_SUBJ_OFFICER || f->subject_type == FLAG_SUBJ_PROCEDURE)
		name = flag_words_name(flags_names(o, f->site),
				       f->subject_type == FLAG_SUBJ_OFFICER ? ROSTER_OFFICER : ROSTER_PROCEDURE, f->subject);
	printf(flags_out_word(o->lang, W_FLAG), (long long)f->id);
	printf(": %s — %s\n", flag_kind_label(f->kind, o->lang) ? flag_kind_label(f->kind, o->lang) : "?",
	       flags_state(o->lang, f->state));
	flags_show_label(o->lang, W_SITE);
	printf("%s\n", flags_site(o, f, site, sizeof site));
	flags_show_label(o->lang, W_SUBJECT);
	printf("%s %s%s%s%s\n", flags_subject_type(o->lang, f->subject_type), f->subject, name ? " (" : "",
	       name ? name : "", name ? ")" : "");
	flags_show_label(o->lang, W_OPENED);
	printf("%s\n", flags_out_day(o->lang, f->opened, o->utc_offset, day));
	flags_show_label(o->lang, W_SUMMARY);
	printf("%s\n", summary);
	printf("  %s:\n", flags_out_word(o->lang, W_EVIDENCE));
	flag_items(o->lang, &w, flags_names(o, f->site), o->utc_offset, flags_show_item, NULL);
	flags_show_step(o, W_ACKED, f->ack_by, f->ack_at, f->ack_note);
	flags_show_step(o, W_RESOLVED, f->resolved_by, f->resolved_at, f->resolve_note);
	return HL_OK;
}

