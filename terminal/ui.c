/* SPDX-License-Identifier: MIT
 * ui.c — sizes derive from the screen's shorter side, so the same layout reads well on a 7-inch
 * 800×480 panel and a 1080p screen. Faces sit in a row on landscape screens and in a column (face
 * beside its label) on portrait ones. Colours run from red to green in the order of the levels, the
 * way citizens know from paper forms; the face carries the meaning for anyone who cannot tell
 * colours apart. */
#include "ui.h"

#include "i18n.h"
#include "palette.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>


uint32_t ui_level_color(int scale, int level)
{
	static const int map3[3] = { 0, 3, 4 }, map4[4] = { 0, 1, 3, 4 };

	if (!survey_scale_valid(scale) || level < 1 || level > scale)
		return C_BORDER;
	if (scale == 3)
		return palette_ramp[map3[level - 1]];
	if (scale == 4)
		return palette_ramp[map4[level - 1]];
	return palette_ramp[level - 1];
}

int ui_level_mood(int scale, int level)
{
	static const int m3[3] = { -1, 1, 2 }, m4[4] = { -2, -1, 1, 2 }, m5[5] = { -2, -1, 0, 1, 2 };

	if (!survey_scale_valid(scale) || level < 1 || level > scale)
		return 0;
	return scale == 3 ? m3[level - 1] : scale == 4 ? m4[level - 1] : m5[level - 1];
}

/* ---- building blocks --------------------------------------------------------------------------- */

struct ui_b {
	struct ui_list *l;
	int w, h, u; /* u: one hundredth of the shorter side */
	bool portrait;
	int lang;
};

static struct ui_item *ui_add(struct ui_b *b, int kind, struct ui_rect r)
{
	struct ui_item *it;

	if (b->l->n >= UI_MAX_ITEMS)
		return &b->l->items[UI_MAX_ITEMS - 1]; /* cannot happen with the fixed layouts below */
	it = &b->l->items[b->l->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->r = r;
	return it;
}

static struct ui_item *ui_box(struct ui_b *b, struct ui_rect r, uint32_t fill, uint32_t line, int radius)
{
	struct ui_item *it = ui_add(b, UI_RECT, r);

	it->fill = fill;
	it->line = line;
	it->line_w = line & 0xFF ? (b->u / 4 > 1 ? b->u / 4 : 1) : 0;
	it->radius = radius;
	return it;
}

static struct ui_item *ui_text(struct ui_b *b, struct ui_rect r, const char *text, int px, uint32_t color,
			       int align, bool bold)
{
	struct ui_item *it = ui_add(b, UI_TEXT, r);

	it->text = text;
	it->font_px = px;
	it->fill = color;
	it->align = align;
	it->bold = bold;
	return it;
}

/* printf into the list's own text buffer; returns "" when it is full. */
static const char *ui_fmt(struct ui_b *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static const char *ui_fmt(struct ui_b *b, const char *fmt, ...)
{
	struct ui_list *l = b->l;
	size_t room = sizeof l->text - l->text_used;
	char *s = l->text + l->text_used;
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(s, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)
		return "";
	l->text_used += (size_t)n + 1;
	return s;
}

static struct ui_rect ui_r(int x, int y, int w, int h)
{
	return (struct ui_rect){ x, y, w, h };
}

/* The header band: where, and the language toggle. Returns its height. */
static int ui_header(struct ui_b *b, const struct ui_context *c)
{
	int hh = b->u * 12, pad = b->u * 3;
	int bw = b->portrait ? b->w * 30 / 100 : b->w * 18 / 100;

	ui_box(b, ui_r(0, 0, b->w, hh), C_HEADER, C_NONE, 0);
	ui_text(b, ui_r(pad, 0, b->w - bw - 2 * pad, hh),
		ui_fmt(b, "%s · %s %s", i18n_text(c->lang, I18N_BRAND), i18n_text(c->lang, I18N_COUNTER),
		       c->counter_name),
		b->u * 5, C_WHITE, UI_LEFT, true);
	struct ui_item *btn = ui_box(b, ui_r(b->w - bw - pad, hh / 5, bw, hh * 3 / 5), C_NONE, C_WHITE, hh / 5);
	btn->target = UI_T_LANG;
	ui_text(b, btn->r, i18n_text(c->lang, I18N_OTHER_LANG), b->u * 4, C_WHITE, UI_CENTER, false)->target =
		UI_T_LANG;
	return hh;
}

/* One tappable level: a card with its face and label, selected when it is the current answer. */
static void ui_level(struct ui_b *b, struct ui_rect cell, int scale, int level, bool selected, int lang)
{
	uint32_t color = ui_level_color(scale, level);
	struct ui_item *card = ui_box(b, cell, C_WHITE, selected ? color : C_BORDER, b->u * 2);
	int pad = b->u * 2;

	card->target = UI_T_LEVEL + level;
	if (selected)
		card->line_w = b->u;
	if (b->portrait) {
		int d = cell.h - 2 * pad;
		struct ui_item *f = ui_add(b, UI_FACE, ui_r(cell.x + pad, cell.y + pad, d, d));
		f->fill = color;
		f->mood = ui_level_mood(scale, level);
		f->target = UI_T_LEVEL + level;
		ui_text(b, ui_r(cell.x + 2 * pad + d, cell.y, cell.w - 3 * pad - d, cell.h),
			i18n_level(lang, scale, level), b->u * 6, C_TEXT, UI_LEFT, true)->target = UI_T_LEVEL + level;
	} else {
		/* Face and label as one group, centred in the card: two label lines fit under the face. */
		int label_h = b->u * 12;
		int d = cell.w - 2 * pad < cell.h - label_h - 3 * pad ? cell.w - 2 * pad : cell.h - label_h - 3 * pad;
		int y = cell.y + (cell.h - d - label_h - pad) / 2;
		struct ui_item *f = ui_add(b, UI_FACE, ui_r(cell.x + (cell.w - d) / 2, y, d, d));
		f->fill = color;
		f->mood = ui_level_mood(scale, level);
		f->target = UI_T_LEVEL + level;
		ui_text(b, ui_r(cell.x + pad / 2, y + d + pad, cell.w - pad, label_h), i18n_level(lang, scale, level),
			b->u * 5, C_TEXT, UI_CENTER, true)->target = UI_T_LEVEL + level;
	}
}

/* All levels of the scale inside area. */
static void ui_levels(struct ui_b *b, struct ui_rect area, int scale, int selected, int lang)
{
	int gap = b->u * 2;

	for (int l = 1; l <= scale; l++) {
		struct ui_rect cell;
		if (b->portrait) {
			int ch = (area.h - gap * (scale - 1)) / scale;
			cell = ui_r(area.x, area.y + (l - 1) * (ch + gap), area.w, ch);
		} else {
			int cw = (area.w - gap * (scale - 1)) / scale;
			cell = ui_r(area.x + (l - 1) * (cw + gap), area.y, cw, area.h);
		}
		ui_level(b, cell, scale, l, l == selected, lang);
	}
}

/* A wide button at r. */
static void ui_button(struct ui_b *b, struct ui_rect r, const char *label, int target, bool primary)
{
	struct ui_item *btn = ui_box(b, r, primary ? C_SEND : C_WHITE, primary ? C_NONE : C_BORDER, r.h / 4);

	btn->target = target;
	ui_text(b, r, label, b->u * 5, primary ? C_WHITE : C_TEXT, UI_CENTER, true)->target = target;
}

/* ---- screens ----------------------------------------------------------------------------------- */

static void ui_idle(struct ui_b *b, const struct kiosk *k, const struct ui_context *c, int top)
{
	int pad = b->u * 4, y = top + b->u * 2, lang = c->lang;
	int line_h = b->u * 7;
	const char *officer = c->officer_name[0] ? c->officer_name : kiosk_current_officer(k);
	const char *procedure = c->procedure_name[0] ? c->procedure_name : kiosk_current_procedure(k);

	/* Who serves and what: tapping anywhere outside the faces also starts. */
	ui_box(b, ui_r(0, top, b->w, b->h - top), C_NONE, C_NONE, 0)->target = UI_T_START;
	if (officer[0]) {
		ui_text(b, ui_r(pad, y, b->w - 2 * pad, line_h),
			ui_fmt(b, "%s: %s", i18n_text(lang, I18N_OFFICER), officer), b->u * 5, C_MUTED, UI_LEFT, false);
		y += line_h;
	}
	if (procedure[0]) {
		ui_text(b, ui_r(pad, y, b->w - 2 * pad, line_h),
			ui_fmt(b, "%s: %s", i18n_text(lang, I18N_PROCEDURE), procedure), b->u * 5, C_MUTED, UI_LEFT,
			false);
		y += line_h;
	}
	y += b->u * 2;
	if (c->gate == KIOSK_OPEN) {
		ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->u * 11), i18n_text(lang, I18N_INVITE), b->u * 8, C_TEXT,
			UI_CENTER, true);
		y += b->u * 11;
	}
	int first = -1;
	for (int q = 0; q < SURVEY_Q_COUNT && first < 0; q++)
		if (k->cfg.ask[q])
			first = q;
	int foot = b->u * 8;
	if (c->gate == KIOSK_OPEN) {
		ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->u * 8), i18n_question(lang, first), b->u * 6, C_HEADER,
			UI_CENTER, false);
		y += b->u * 9;
		ui_levels(b, ui_r(pad, y, b->w - 2 * pad, b->h - y - foot - b->u * 2), k->cfg.scale, 0, lang);
	} else {
		ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->h - y - foot),
			i18n_text(lang, c->gate == KIOSK_RATED ? I18N_ALREADY_RATED : I18N_WAIT), b->u * 7, C_MUTED,
			UI_CENTER, false);
	}
	ui_text(b, ui_r(pad, b->h - foot, b->w - 2 * pad, foot - b->u), i18n_text(lang, I18N_ANONYMOUS), b->u * 4,
		C_MUTED, UI_CENTER, false);
}

static int ui_asked(const struct kiosk *k, int *index)
{
	int n = 0;

	for (int q = 0; q < SURVEY_Q_COUNT; q++) {
		if (!k->cfg.ask[q])
			continue;
		if (q == k->question)
			*index = n;
		n++;
	}
	return n;
}

static void ui_footer(struct ui_b *b, bool skip, bool send)
{
	int pad = b->u * 4, bh = b->u * 12, bw = b->portrait ? (b->w - 3 * pad) / 2 : b->w * 26 / 100;
	int y = b->h - bh - b->u * 3;

	ui_button(b, ui_r(pad, y, bw, bh), i18n_text(b->lang, I18N_BACK), UI_T_BACK, false);
	if (skip)
		ui_button(b, ui_r(b->w - pad - bw, y, bw, bh), i18n_text(b->lang, I18N_SKIP), UI_T_SKIP, false);
	if (send)
		ui_button(b, ui_r(b->w - pad - bw, y, bw, bh), i18n_text(b->lang, I18N_SEND), UI_T_SEND, true);
}

static void ui_question(struct ui_b *b, const struct kiosk *k, const struct ui_context *c, int top)
{
	int pad = b->u * 4, y = top + b->u * 3, index = 0, lang = c->lang;
	int n = ui_asked(k, &index), bh = b->u * 12;

	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->u * 6), ui_fmt(b, i18n_text(lang, I18N_QUESTION_OF), index + 1, n),
		b->u * 5, C_MUTED, UI_CENTER, false);
	y += b->u * 6;
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->u * 12), i18n_question(lang, k->question), b->u * 8, C_TEXT,
		UI_CENTER, true);
	y += b->u * 14;
	ui_levels(b, ui_r(pad, y, b->w - 2 * pad, b->h - y - bh - b->u * 6), k->cfg.scale, k->answers[k->question],
		  lang);
	ui_footer(b, index > 0 && !k->answers[k->question], false);
}

static void ui_reasons(struct ui_b *b, const struct kiosk *k, const struct ui_context *c, int top)
{
	int pad = b->u * 4, y = top + b->u * 2, gap = b->u * 2, lang = c->lang, bh = b->u * 12;
	int cols = b->portrait ? 1 : 3, rows = (SURVEY_R_COUNT + cols - 1) / cols;

	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->u * 10), i18n_text(lang, I18N_REASONS_TITLE), b->u * 8, C_TEXT,
		UI_CENTER, true);
	y += b->u * 10;
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->u * 7), i18n_text(lang, I18N_REASONS_HINT), b->u * 5, C_MUTED,
		UI_CENTER, false);
	y += b->u * 8;
	int area_h = b->h - y - bh - b->u * 6;
	int cw = (b->w - 2 * pad - gap * (cols - 1)) / cols, ch = (area_h - gap * (rows - 1)) / rows;
	for (int r = 0; r < SURVEY_R_COUNT; r++) {
		bool on = k->reasons & (1u << r);
		struct ui_rect cell = ui_r(pad + (r % cols) * (cw + gap), y + (r / cols) * (ch + gap), cw, ch);
		struct ui_item *chip = ui_box(b, cell, on ? C_CHIP_ON : C_WHITE, on ? C_NONE : C_BORDER, ch / 4);
		chip->target = UI_T_REASON + r;
		ui_text(b, ui_r(cell.x + gap, cell.y, cell.w - 2 * gap, cell.h), i18n_reason(lang, r), b->u * 5,
			on ? C_WHITE : C_TEXT, UI_CENTER, on)->target = UI_T_REASON + r;
	}
	ui_footer(b, false, true);
}

static void ui_thanks(struct ui_b *b, const struct ui_context *c, int top)
{
	int pad = b->u * 4, d = b->u * 30;
	int y = top + (b->h - top - (d + b->u * 4 + b->u * 15 + b->u * 8)) / 2;
	struct ui_item *f = ui_add(b, UI_FACE, ui_r((b->w - d) / 2, y, d, d));

	f->fill = palette_ramp[4];
	f->mood = 2;
	y += d + b->u * 4;
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->u * 14), i18n_text(c->lang, I18N_THANKS), b->u * 12, C_TEXT,
		UI_CENTER, true);
	y += b->u * 15;
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->u * 8), i18n_text(c->lang, I18N_THANKS_NOTE), b->u * 6, C_MUTED,
		UI_CENTER, false);
}

/* The rating could not be recorded: no face (nothing here is a pleasure), a plain warning sign, the
 * message and what to do, large enough to read from the counter. */
static void ui_not_recorded(struct ui_b *b, const struct ui_context *c, int top)
{
	int pad = b->u * 4, d = b->u * 24;
	int y = top + (b->h - top - (d + b->u * 4 + b->u * 15 + b->u * 16)) / 2;

	ui_box(b, ui_r((b->w - d) / 2, y, d, d), C_WARN, C_NONE, d / 2);
	ui_text(b, ui_r((b->w - d) / 2, y, d, d), "!", b->u * 18, C_WHITE, UI_CENTER, true);
	y += d + b->u * 4;
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->u * 14), i18n_text(c->lang, I18N_NOT_RECORDED), b->u * 9,
		C_TEXT, UI_CENTER, true);
	y += b->u * 15;
	ui_text(b, ui_r(pad, y, b->w - 2 * pad, b->u * 16), i18n_text(c->lang, I18N_NOT_RECORDED_NOTE), b->u * 5,
		C_TEXT, UI_CENTER, false);
}

void ui_build(const struct kiosk *k, const struct ui_context *c, int w, int h, struct ui_list *out)
{
	struct ui_b b = { .l = out, .w = w, .h = h, .u = (w < h ? w : h) / 100, .portrait = h > w * 11 / 10,
			  .lang = c->lang };
	int top;

	out->n = 0;
	out->text_used = 0;
	if (b.u < 1)
		b.u = 1;
	ui_box(&b, ui_r(0, 0, w, h), C_BG, C_NONE, 0);
	top = ui_header(&b, c);
	switch (k->screen) {
	case KIOSK_IDLE:
		ui_idle(&b, k, c, top);
		break;
	case KIOSK_QUESTION:
		ui_question(&b, k, c, top);
		break;
	case KIOSK_REASONS:
		ui_reasons(&b, k, c, top);
		break;
	case KIOSK_THANKS:
		ui_thanks(&b, c, top);
		break;
	case KIOSK_NOT_RECORDED:
		ui_not_recorded(&b, c, top);
		break;
	}
}

static bool ui_inside(struct ui_rect r, int x, int y)
{
	return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

int ui_hit(const struct ui_list *l, int x, int y)
{
	for (int i = l->n - 1; i >= 0; i--)
		if (l->items[i].target != UI_T_NONE && ui_inside(l->items[i].r, x, y))
			return l->items[i].target;
	return UI_T_NONE;
}

bool ui_find(const struct ui_list *l, int target, int *x, int *y)
{
	for (int i = 0; i < l->n; i++) {
		if (l->items[i].target == target) {
			*x = l->items[i].r.x + l->items[i].r.w / 2;
			*y = l->items[i].r.y + l->items[i].r.h / 2;
			return true;
		}
	}
	return false;
}
