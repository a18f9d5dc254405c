/* SPDX-License-Identifier: MIT
 * ui.c — the terminal's screens, built from the blocks of ui_parts.c. Sizes derive from the screen's
 * shorter side, so the same layout reads well on a 7-inch 800×480 panel and a 1080p screen. Faces
 * sit in a row on landscape screens and in a column (face beside its label) on portrait ones. The
 * citizen sees whom they rate (name, title, photo) on the idle screen and on the officer question;
 * the three serious reasons stand apart from the others and are confirmed before they count. */
#include "ui.h"

#include "i18n.h"
#include "palette.h"
#include "prompt.h"
#include "ui_parts.h"

#include <stdio.h>
#include <string.h>

/* ---- screens ----------------------------------------------------------------------------------- */

/* "Câu i/n" for question q of those the kiosk asks. */
static const char *ui_question_of(struct ui_b *b, const struct kiosk *k, int q)
{
	int n = 0, index = 0;

	for (int i = 0; i < SURVEY_Q_COUNT; i++) {
		if (!kiosk_asks(k, i))
			continue;
		if (i == q)
			index = n;
		n++;
	}
	return ui_fmt(b, i18n_text(b->lang, I18N_QUESTION_OF), index + 1, n);
}

static int ui_first_question(const struct kiosk *k)
{
	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		if (kiosk_asks(k, q))
			return q;
	return -1;
}

static const char *ui_procedure_name(const struct kiosk *k, const struct ui_context *c)
{
	return c->procedure_name[0] ? c->procedure_name : kiosk_current_procedure(k);
}

/* The procedure as a line of up to three, "Thủ tục: …", at r. */
static void ui_procedure_line(struct ui_b *b, const struct kiosk *k, const struct ui_context *c, struct ui_rect r)
{
	const char *procedure = ui_procedure_name(k, c);
	struct ui_item *t;

	if (!procedure[0])
		return;
	t = ui_text(b, r, ui_fmt(b, "%s: %s", i18n_text(b->lang, I18N_PROCEDURE), procedure), b->u * 6, C_TEXT,
		    UI_LEFT, false);
	t->max_lines = 3;
	t->min_px = b->u * 9 / 2; /* 18 px at 800×480: real names are that long */
}

/* The procedure under its label "Thủ tục", the name on up to three lines, at r. */
static void ui_procedure_block(struct ui_b *b, const struct kiosk *k, const struct ui_context *c, struct ui_rect r)
{
	int label_h = r.h * 22 / 100;
	struct ui_item *t;

	ui_text(b, ui_r(r.x, r.y, r.w, label_h), i18n_text(b->lang, I18N_PROCEDURE), b->u * 4, C_MUTED, UI_LEFT, false);
	t = ui_text(b, ui_r(r.x, r.y + label_h, r.w, r.h - label_h), ui_procedure_name(k, c), b->u * 6, C_TEXT, UI_LEFT,
		    true);
	t->top = true; /* a short name right under its label, not in the middle of three lines' room */
	t->max_lines = 3;
	t->min_px = b->u * 9 / 2;
}

static void ui_idle(struct ui_b *b, const struct kiosk *k, const struct ui_context *c, int top)
{
	int pad = b->u * 4, y = top + b->u * 2, lang = b->lang;
	const char *officer = kiosk_current_officer(k);
	bool procedure = kiosk_current_procedure(k)[0] != '\0';
	int foot = b->u * 8, first = ui_first_question(k);

	/* Tapping anywhere outside the faces also starts. */
	ui_box(b, ui_r(0, top, b->w, b->h - top), C_NONE, C_NONE, 0)->target = UI_T_START;
	if (officer[0] && procedure && !b->portrait) {
		/* Side by side on a landscape screen: whom, and for what, with room for a long name. */
		int ph = b->u * 22, ow = (b->w - 2 * pad) * 42 / 100, gap = b->u * 3;
		ui_person(b, ui_r(pad, y, ow, ph), officer, c, true);
		ui_procedure_block(b, k, c, ui_r(pad + ow + gap, y, b->w - 2 * pad - ow - gap, ph));
		y += ph + b->u * 2;
	} else {
		if (officer[0]) {
			int ph = b->portrait ? b->u * 30 : b->u * 22; /* large text: the name grows inside it */
			ui_person(b, ui_r(pad, y, b->w - 2 * pad, ph), officer, c, true);
			y += ph + b->u * 2;
		}
		if (procedure) {
			int lh = b->portrait ? b->tu * 22 : b->u * 22;
			ui_procedure_block(b, k, c, ui_r(pad, y, b->w - 2 * pad, lh));
			y += lh + b->u;
		}
	}
	if (c->gate != KIOSK_OPEN) {
		int key = c->gate == KIOSK_NO_TXN ? I18N_NO_TXN : c->gate == KIOSK_NO_OFFICER ? I18N_NO_OFFICER : I18N_WAIT;
		ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->h - y - foot), i18n_text(lang, key), b->u * 8, C_MUTED,
			UI_CENTER, false);
	} else {
		/* In large text the question alone invites: the faces keep room enough. */
		if (!b->large) {
			ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->tu * 9), i18n_text(lang, I18N_INVITE), b->u * 7, C_TEXT,
				UI_CENTER, true)->max_lines = 2;
			y += b->tu * 9;
		}
		ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->tu * 7),
			ui_fmt(b, "%s · %s", ui_question_of(b, k, first), i18n_question_asked(lang, first, k->cfg.ask)), b->u * 6,
			C_HEADER, UI_CENTER, false)->max_lines = 2;
		y += b->tu * 8;
		ui_levels(b, ui_r(pad, y, b->w - 2 * pad, b->h - y - foot - b->u), k->cfg.scale, 0);
	}
	ui_text(b, ui_r(pad, b->h - foot, b->w - 2 * pad, foot - b->u), i18n_text(lang, I18N_ANONYMOUS), b->u * 4,
		C_MUTED, UI_CENTER, false);
}

static void ui_question(struct ui_b *b, const struct kiosk *k, const struct ui_context *c, int top)
{
	int pad = b->u * 4, y = top + b->u * 2, lang = b->lang, bh = ui_button_h(b);
	int index = 0;

	for (int q = 0; q < k->question; q++)
		index += kiosk_asks(k, q);
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->tu * 6), ui_question_of(b, k, k->question), b->u * 5, C_MUTED,
		UI_CENTER, false);
	y += b->tu * 6;
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->tu * 10), i18n_question_asked(lang, k->question, k->cfg.ask), b->u * 8, C_TEXT,
		UI_CENTER, true)->max_lines = 2;
	y += b->tu * 11;
	/* Whom or what this question is about, large enough to read at arm's length. */
	if (k->question == SURVEY_Q_OFFICER && k->officer[0]) {
		int ph = b->portrait ? b->u * 26 : b->u * 17;
		ui_person(b, ui_r(pad, y, b->w - 2 * pad, ph), k->officer, c, false);
		y += ph + b->u * 2;
	} else if (k->question != SURVEY_Q_OFFICER && k->procedure[0]) { /* the procedure, or its result */
		int lh = b->portrait ? b->tu * 18 : b->tu * 17;
		ui_procedure_line(b, k, c, ui_r(pad, y, b->w - 2 * pad, lh));
		y += lh + b->u;
	}
	ui_levels(b, ui_r(pad, y, b->w - 2 * pad, b->h - y - bh - b->u * 6), k->cfg.scale, k->answers[k->question]);
	ui_footer(b, index > 0 && !k->answers[k->question], false);
}

/* The chips of reasons [from, to) in a grid of cols at area. */
static void ui_chips(struct ui_b *b, const struct kiosk *k, struct ui_rect area, int from, int to, int cols)
{
	int gap = b->u * 2, n = to - from, rows = (n + cols - 1) / cols;
	int cw = (area.w - gap * (cols - 1)) / cols, ch = (area.h - gap * (rows - 1)) / rows;

	for (int r = from; r < to; r++) {
		int i = r - from;
		struct ui_rect cell = ui_r(area.x + (i % cols) * (cw + gap), area.y + (i / cols) * (ch + gap), cw, ch);
		ui_chip(b, cell, r, (k->reasons & (1u << r)) != 0);
	}
}

static void ui_reasons(struct ui_b *b, const struct kiosk *k, int top)
{
	int pad = b->u * 4, y = top + b->u, lang = b->lang, bh = ui_button_h(b), head = b->tu * 6;
	int serious = 0;

	for (int r = 0; r < SURVEY_R_COUNT; r++)
		serious += survey_reason_serious(r);
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->tu * 8), i18n_text(lang, I18N_REASONS_TITLE), b->u * 7, C_TEXT,
		UI_CENTER, true);
	y += b->tu * 8;
	if (!b->large) { /* in large text the chips need the room more than the hint */
		ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->tu * 5), i18n_text(lang, I18N_REASONS_HINT), b->u * 4,
			C_MUTED, UI_CENTER, false);
		y += b->tu * 6;
	}
	/* The serious reasons first, under their own heading; the reason table puts them first too. */
	int cols_s = b->portrait ? 1 : 3, cols_o = b->portrait ? 2 : 3;
	int rows_s = (serious + cols_s - 1) / cols_s, rows_o = (SURVEY_R_COUNT - serious + cols_o - 1) / cols_o;
	int area = b->h - y - bh - b->u * 5 - 2 * head - b->u * 2;
	int row_h = area / (rows_s + rows_o);
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, head), i18n_text(lang, I18N_SERIOUS_TITLE), b->u * 4, C_CHIP_ON,
		UI_LEFT, true);
	y += head;
	ui_chips(b, k, ui_r(pad, y, b->w - 2 * pad, row_h * rows_s), 0, serious, cols_s);
	y += row_h * rows_s + b->u * 2;
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, head), i18n_text(lang, I18N_OTHER_REASONS), b->u * 4, C_MUTED, UI_LEFT,
		true);
	y += head;
	ui_chips(b, k, ui_r(pad, y, b->w - 2 * pad, row_h * rows_o), serious, SURVEY_R_COUNT, cols_o);
	ui_footer(b, false, true);
}

/* "Do you confirm …?" for one serious reason, with a plain warning sign, no face. */
static void ui_confirm(struct ui_b *b, const struct kiosk *k, int top)
{
	int pad = b->u * 4, d = b->u * 16, lang = b->lang, bh = ui_button_h(b);
	int bw = b->portrait ? (b->w - 3 * pad) / 2 : b->w * 30 / 100;
	/* The sign, the question and the note as one block, centred above the two buttons. */
	int block = d + b->u * 3 + b->tu * 31, room = b->h - top - bh - b->u * 6;
	int y = top + (room > block ? (room - block) / 2 : b->u * 2);

	ui_box(b, ui_r((b->w - d) / 2, y, d, d), C_CHIP_ON, C_NONE, d / 2);
	ui_text(b, ui_r((b->w - d) / 2, y, d, d), "!", b->u * 12, C_WHITE, UI_CENTER, true);
	y += d + b->u * 3;
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->tu * 20),
		ui_fmt(b, i18n_text(lang, I18N_CONFIRM_Q), i18n_reason(lang, k->confirm_reason)), b->u * 8, C_TEXT,
		UI_CENTER, true)->max_lines = 3;
	y += b->tu * 21;
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->tu * 10), i18n_text(lang, I18N_CONFIRM_NOTE), b->u * 5, C_MUTED,
		UI_CENTER, false)->max_lines = 2;
	y = b->h - bh - b->u * 3;
	ui_button(b, ui_r(pad, y, bw, bh), i18n_text(lang, I18N_CONFIRM_NO), UI_T_NO, C_WHITE);
	ui_button(b, ui_r(b->w - pad - bw, y, bw, bh), i18n_text(lang, I18N_CONFIRM_YES), UI_T_YES, C_CHIP_ON);
}

static void ui_thanks(struct ui_b *b, const struct ui_context *c, int top)
{
	int pad = b->u * 4, d = b->u * 30;
	int y = top + (b->h - top - (d + b->tu * 4 + b->tu * 15 + b->tu * 8)) / 2;
	struct ui_item *f = ui_add(b, UI_FACE, ui_r((b->w - d) / 2, y, d, d));

	(void)c;
	f->fill = palette_ramp[4];
	f->mood = 2;
	y += d + b->u * 4;
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->tu * 14), i18n_text(b->lang, I18N_THANKS), b->u * 12, C_TEXT,
		UI_CENTER, true);
	y += b->tu * 15;
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->tu * 8), i18n_text(b->lang, I18N_THANKS_NOTE), b->u * 6, C_MUTED,
		UI_CENTER, false);
}

/* After a serious complaint: no smile; what happens next and where to follow it up. */
static void ui_thanks_complaint(struct ui_b *b, const struct ui_context *c, int top)
{
	int pad = b->u * 4, lang = b->lang;
	int block = b->tu * 33 + (c->hotline[0] ? b->tu * 11 : 0) + (c->follow_up[0] ? b->tu * 9 : 0);
	int y = top + (b->h - top - block) / 2;

	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->tu * 13), i18n_text(lang, I18N_COMPLAINT_THANKS), b->u * 10, C_TEXT,
		UI_CENTER, true)->max_lines = 2;
	y += b->tu * 15;
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->tu * 16), i18n_text(lang, I18N_COMPLAINT_NEXT), b->u * 7, C_TEXT,
		UI_CENTER, false)->max_lines = 3;
	y += b->tu * 18;
	if (c->hotline[0]) {
		ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->tu * 10), ui_fmt(b, i18n_text(lang, I18N_HOTLINE), c->hotline),
			b->u * 8, C_HEADER, UI_CENTER, true);
		y += b->tu * 11;
	}
	if (c->follow_up[0])
		ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->tu * 9), ui_fmt(b, i18n_text(lang, I18N_FOLLOW_UP), c->follow_up),
			b->u * 6, C_TEXT, UI_CENTER, false)->max_lines = 2;
}

/* The rating could not be recorded: no face (nothing here is a pleasure), a plain warning sign, the
 * message and what to do, large enough to read from the counter. */
static void ui_not_recorded(struct ui_b *b, int top)
{
	int pad = b->u * 4, d = b->u * 24;
	int y = top + (b->h - top - (d + b->u * 4 + b->u * 15 + b->u * 16)) / 2;

	ui_box(b, ui_r((b->w - d) / 2, y, d, d), C_WARN, C_NONE, d / 2);
	ui_text(b, ui_r((b->w - d) / 2, y, d, d), "!", b->u * 18, C_WHITE, UI_CENTER, true);
	y += d + b->u * 4;
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->u * 14), i18n_text(b->lang, I18N_NOT_RECORDED), b->u * 9,
		C_TEXT, UI_CENTER, true);
	y += b->u * 15;
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->u * 16), i18n_text(b->lang, I18N_NOT_RECORDED_NOTE), b->u * 5,
		C_TEXT, UI_CENTER, false);
}

int ui_prompt(const struct kiosk *k, enum kiosk_gate gate)
{
	switch (k->screen) {
	case KIOSK_IDLE:
		if (gate != KIOSK_OPEN)
			return -1;
		switch (ui_first_question(k)) {
		case SURVEY_Q_OFFICER: return PROMPT_IDLE;
		case SURVEY_Q_RESULT: return PROMPT_IDLE_RESULT;
		}
		return k->cfg.ask[SURVEY_Q_RESULT] ? PROMPT_IDLE_PROCEDURE_ALONE : PROMPT_IDLE_PROCEDURE;
	case KIOSK_QUESTION:
		if (k->question == SURVEY_Q_RESULT)
			return PROMPT_RESULT;
		if (k->question == SURVEY_Q_PROCEDURE)
			return k->cfg.ask[SURVEY_Q_RESULT] ? PROMPT_PROCEDURE_ALONE : PROMPT_PROCEDURE;
		return PROMPT_OFFICER;
	case KIOSK_REASONS:
		return PROMPT_REASONS;
	case KIOSK_CONFIRM:
		return prompt_confirm_clip(k->confirm_reason);
	case KIOSK_THANKS:
		return k->complaint ? PROMPT_COMPLAINT_THANKS : PROMPT_THANKS;
	}
	return -1;
}

void ui_build(const struct kiosk *k, const struct ui_context *c, int w, int h, struct ui_list *out)
{
	struct ui_b b = { .l = out, .w = w, .h = h, .u = (w < h ? w : h) / 100, .portrait = h > w * 11 / 10,
			  .lang = k->lang, .large = k->large };
	int top;

	out->n = 0;
	out->text_used = 0;
	if (b.u < 1)
		b.u = 1;
	b.tu = b.large ? b.u * 4 / 3 : b.u;
	ui_box(&b, ui_r(0, 0, w, h), C_BG, C_NONE, 0);
	top = ui_header(&b, k, c);
	switch (k->screen) {
	case KIOSK_IDLE:
		ui_idle(&b, k, c, top);
		break;
	case KIOSK_QUESTION:
		ui_question(&b, k, c, top);
		break;
	case KIOSK_REASONS:
		ui_reasons(&b, k, top);
		break;
	case KIOSK_CONFIRM:
		ui_confirm(&b, k, top);
		break;
	case KIOSK_THANKS:
		/* A tap anywhere ends it: the next citizen need not wait, nor read what the last one did. */
		ui_box(&b, ui_r(0, top, w, h - top), C_NONE, C_NONE, 0)->target = UI_T_START;
		if (k->complaint)
			ui_thanks_complaint(&b, c, top);
		else
			ui_thanks(&b, c, top);
		break;
	case KIOSK_NOT_RECORDED:
		ui_box(&b, ui_r(0, top, w, h - top), C_NONE, C_NONE, 0)->target = UI_T_START;
		ui_not_recorded(&b, top);
		break;
	}
}
