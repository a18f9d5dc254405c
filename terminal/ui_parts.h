/* SPDX-License-Identifier: MIT
 * ui_parts.h — for ui.c alone: the blocks its screens are built from (boxes, texts, the header, the
 * level cards, buttons, reason chips, the officer's panel), writing into one ui_list. Pure. */
#ifndef HL_UI_PARTS_H
#define HL_UI_PARTS_H

#include "ui.h"

#include <stdbool.h>

struct ui_b {
	struct ui_list *l;
	int w, h, u; /* u: one hundredth of the shorter side */
	int tu;      /* the unit of text boxes' heights: u, or a third more for large text */
	bool portrait;
	int lang;
	bool large;  /* the citizen chose large text */
};

struct ui_rect ui_r(int x, int y, int w, int h);
struct ui_item *ui_add(struct ui_b *b, int kind, struct ui_rect r);
struct ui_item *ui_box(struct ui_b *b, struct ui_rect r, uint32_t fill, uint32_t line, int radius);
/* A text of up to px (a third larger in large-text mode) in r. */
struct ui_item *ui_text(struct ui_b *b, struct ui_rect r, const char *text, int px, uint32_t color, int align,
			bool bold);
/* printf into the list's own text buffer; returns "" when it is full. */
const char *ui_fmt(struct ui_b *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The header band: where, and the citizen's buttons (language, large text, sound). Returns its
 * height. */
int ui_header(struct ui_b *b, const struct kiosk *k, const struct ui_context *c);
/* All levels of the scale inside area, the one equal to selected outlined (0: none). */
void ui_levels(struct ui_b *b, struct ui_rect area, int scale, int selected);
/* A button at r filled with fill (C_WHITE: a plain one with a border). */
void ui_button(struct ui_b *b, struct ui_rect r, const char *label, int target, uint32_t fill);
int ui_button_h(const struct ui_b *b);
/* Back, and skip or send, along the bottom. */
void ui_footer(struct ui_b *b, bool skip, bool send);
/* A reason chip; a chosen one is filled and ticked (not by colour alone), a serious one outlined red. */
void ui_chip(struct ui_b *b, struct ui_rect cell, int reason, bool on);
/* The officer who serves: photo (when the view has one), name and title; served_by adds the line
 * "Công chức phục vụ" above the name. */
void ui_person(struct ui_b *b, struct ui_rect r, const char *code, const struct ui_context *c, bool served_by);

#endif
