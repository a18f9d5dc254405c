/* SPDX-License-Identifier: MIT
 * ui_parts.c — the blocks of the terminal's screens, and hit-testing. Colours run from red to green
 * in the order of the levels, the way citizens know from paper forms; the faces' shapes carry the
 * meaning for anyone who cannot tell colours apart, and chosen chips carry a tick. Every button a
 * finger must find is at least 48 px tall. */
#include "ui_parts.h"

#include "i18n.h"
#include "palette.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define UI_MIN_TOUCH 48 /* px: the smallest button a finger should have to hit */

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

/* ---- basic items ------------------------------------------------------------------------------- */

struct ui_rect ui_r(int x, int y, int w, int h)
{
	return (struct ui_rect){ x, y, w, h };
}

struct ui_item *ui_add(struct ui_b *b, int kind, struct ui_rect r)
{
	struct ui_item *it;

	if (b->l->n >= UI_MAX_ITEMS)
		return &b->l->items[UI_MAX_ITEMS - 1]; /* cannot happen with the fixed layouts */
	it = &b->l->items[b->l->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->r = r;
	return it;
}

struct ui_item *ui_box(struct ui_b *b, struct ui_rect r, uint32_t fill, uint32_t line, int radius)
{
	struct ui_item *it = ui_add(b, UI_RECT, r);

	it->fill = fill;
	it->line = line;
	it->line_w = line & 0xFF ? (b->u / 4 > 2 ? b->u / 4 : 2) : 0;
	it->radius = radius;
	return it;
}

struct ui_item *ui_text(struct ui_b *b, struct ui_rect r, const char *text, int px, uint32_t color, int align,
			bool bold)
{
	struct ui_item *it = ui_add(b, UI_TEXT, r);

	it->text = text;
	it->font_px = b->large ? px * 4 / 3 : px;
	it->fill = color;
	it->align = align;
	it->bold = bold;
	return it;
}

const char *ui_fmt(struct ui_b *b, const char *fmt, ...)
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

/* ---- header ------------------------------------------------------------------------------------ */

/* A header toggle: outlined, filled white when on. */
static void ui_toggle(struct ui_b *b, struct ui_rect r, const char *label, int target, bool on)
{
	struct ui_item *btn = ui_box(b, r, on ? C_WHITE : C_NONE, C_WHITE, r.h / 4);

	btn->target = target;
	ui_text(b, ui_r(r.x + b->u, r.y, r.w - 2 * b->u, r.h), label, b->u * 4, on ? C_HEADER : C_WHITE, UI_CENTER,
		on)->target = target;
}

int ui_header(struct ui_b *b, const struct kiosk *k, const struct ui_context *c)
{
	int pad = b->u * 3, row = b->u * 12 > 64 ? b->u * 12 : 64;
	int bh = row * 3 / 4 > UI_MIN_TOUCH ? row * 3 / 4 : UI_MIN_TOUCH;
	int nb = c->speech ? 3 : 2;
	/* Portrait screens are narrow: the buttons get a row of their own under the title. */
	int hh = b->portrait ? row + bh + pad : row;
	int bw = b->portrait ? (b->w - (nb + 1) * pad) / nb : b->w * 15 / 100;
	int bx = b->portrait ? pad : b->w - nb * (bw + pad);
	int by = b->portrait ? row : (row - bh) / 2;
	int title_w = b->portrait ? b->w - 2 * pad : bx - 2 * pad;
	const char *where = c->counter_name[0] ? ui_fmt(b, "%s · %s", i18n_text(b->lang, I18N_BRAND), c->counter_name)
					       : i18n_text(b->lang, I18N_BRAND);

	ui_box(b, ui_r(0, 0, b->w, hh), C_HEADER, C_NONE, 0);
	ui_text(b, ui_r(pad, 0, title_w, row), where, b->u * 5, C_WHITE, UI_LEFT, true)->max_lines = 2;
	ui_toggle(b, ui_r(bx, by, bw, bh), i18n_text(b->lang, I18N_OTHER_LANG), UI_T_LANG, false);
	ui_toggle(b, ui_r(bx + bw + pad, by, bw, bh), i18n_text(b->lang, I18N_LARGE_TEXT), UI_T_LARGE, k->large);
	if (c->speech)
		ui_toggle(b, ui_r(bx + 2 * (bw + pad), by, bw, bh), i18n_text(b->lang, I18N_SPEAK), UI_T_SPEAK, k->speak);
	return hh;
}

/* ---- levels, buttons, chips -------------------------------------------------------------------- */

/* One tappable level: a card with its face and label, outlined thick when it is the current answer. */
static void ui_level(struct ui_b *b, struct ui_rect cell, int scale, int level, bool selected)
{
	uint32_t color = ui_level_color(scale, level);
	struct ui_item *card = ui_box(b, cell, C_WHITE, selected ? C_TEXT : C_BORDER, b->u * 2);
	int pad = b->u * 2, target = UI_T_LEVEL + level;

	card->target = target;
	if (selected)
		card->line_w = b->u;
	if (b->portrait) {
		int d = cell.h - 2 * pad;
		struct ui_item *f = ui_add(b, UI_FACE, ui_r(cell.x + pad, cell.y + pad, d, d));
		f->fill = color;
		f->mood = ui_level_mood(scale, level);
		f->target = target;
		ui_text(b, ui_r(cell.x + 2 * pad + d, cell.y, cell.w - 3 * pad - d, cell.h), i18n_level(b->lang, scale, level),
			b->u * 6, C_TEXT, UI_LEFT, true)->target = target;
	} else {
		/* Face and label as one group, centred in the card: two label lines fit under the face. */
		int label_h = b->large ? b->u * 17 : b->u * 12;
		int d = cell.w - 2 * pad < cell.h - label_h - 3 * pad ? cell.w - 2 * pad : cell.h - label_h - 3 * pad;
		int y = cell.y + (cell.h - d - label_h - pad) / 2;
		struct ui_item *f = ui_add(b, UI_FACE, ui_r(cell.x + (cell.w - d) / 2, y, d, d));
		f->fill = color;
		f->mood = ui_level_mood(scale, level);
		f->target = target;
		struct ui_item *t = ui_text(b, ui_r(cell.x + pad / 2, y + d + pad, cell.w - pad, label_h),
					    i18n_level(b->lang, scale, level), b->u * 5, C_TEXT, UI_CENTER, true);
		t->target = target;
		t->max_lines = 2;
	}
}

void ui_levels(struct ui_b *b, struct ui_rect area, int scale, int selected)
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
		ui_level(b, cell, scale, l, l == selected);
	}
}

int ui_button_h(const struct ui_b *b)
{
	return b->u * 12 > UI_MIN_TOUCH ? b->u * 12 : UI_MIN_TOUCH;
}

void ui_button(struct ui_b *b, struct ui_rect r, const char *label, int target, uint32_t fill)
{
	bool plain = fill == C_WHITE;
	struct ui_item *btn = ui_box(b, r, fill, plain ? C_BORDER : C_NONE, r.h / 4);

	btn->target = target;
	ui_text(b, ui_r(r.x + b->u, r.y, r.w - 2 * b->u, r.h), label, b->u * 5, plain ? C_TEXT : C_WHITE, UI_CENTER,
		true)->target = target;
}

void ui_footer(struct ui_b *b, bool skip, bool send)
{
	int pad = b->u * 4, bh = ui_button_h(b), bw = b->portrait ? (b->w - 3 * pad) / 2 : b->w * 26 / 100;
	int y = b->h - bh - b->u * 3;

	ui_button(b, ui_r(pad, y, bw, bh), i18n_text(b->lang, I18N_BACK), UI_T_BACK, C_WHITE);
	if (skip)
		ui_button(b, ui_r(b->w - pad - bw, y, bw, bh), i18n_text(b->lang, I18N_SKIP), UI_T_SKIP, C_WHITE);
	if (send)
		ui_button(b, ui_r(b->w - pad - bw, y, bw, bh), i18n_text(b->lang, I18N_SEND), UI_T_SEND, C_SEND);
}

void ui_chip(struct ui_b *b, struct ui_rect cell, int reason, bool on)
{
	bool serious = survey_reason_serious(reason);
	uint32_t fill = on ? (serious ? C_CHIP_ON : C_HEADER) : C_WHITE;
	uint32_t line = on ? C_NONE : serious ? C_CHIP_ON : C_BORDER;
	struct ui_item *chip = ui_box(b, cell, fill, line, cell.h / 4);
	int gap = b->u * 2, target = UI_T_REASON + reason;

	chip->target = target;
	if (serious && !on)
		chip->line_w *= 2;
	const char *label = on ? ui_fmt(b, "✓ %s", i18n_reason(b->lang, reason)) : i18n_reason(b->lang, reason);
	struct ui_item *t = ui_text(b, ui_r(cell.x + gap, cell.y, cell.w - 2 * gap, cell.h), label, b->u * 5,
				    on ? C_WHITE : C_TEXT, UI_CENTER, on);
	t->target = target;
	t->max_lines = 2;
}

void ui_person(struct ui_b *b, struct ui_rect r, const char *code, const struct ui_context *c, bool served_by)
{
	int x = r.x, w = r.w, lang = b->lang;
	const char *name = c->officer_name[0] ? c->officer_name : code;

	if (c->officer_photo) {
		struct ui_item *img = ui_add(b, UI_IMAGE, ui_r(r.x, r.y, r.h * 4 / 5, r.h));
		img->image = code;
		img->radius = b->u * 2;
		x += r.h * 4 / 5 + b->u * 3;
		w -= r.h * 4 / 5 + b->u * 3;
	}
	int y = r.y, label_h = served_by ? r.h * 22 / 100 : 0, title_h = c->officer_title[0] ? r.h * 28 / 100 : 0;
	int name_h = r.h - label_h - title_h;
	if (served_by) {
		ui_text(b, ui_r(x, y, w, label_h), i18n_text(lang, I18N_SERVED_BY), b->u * 4, C_MUTED, UI_LEFT, false);
		y += label_h;
	}
	struct ui_item *t = ui_text(b, ui_r(x, y, w, name_h), name, b->u * 9, C_TEXT, UI_LEFT, true);
	t->min_px = b->u * 9 / 2;
	t->max_lines = 2;
	y += name_h;
	if (title_h) {
		t = ui_text(b, ui_r(x, y, w, title_h), c->officer_title, b->u * 5, C_MUTED, UI_LEFT, false);
		t->min_px = b->u * 7 / 2;
	}
}

/* ---- hit-testing ------------------------------------------------------------------------------- */

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
