/* SPDX-License-Identifier: MIT
 * ui_fixture.c — the layout tests' screens, context and checks (ui_fixture.h). Owns the two shared
 * lists; every kiosk lives in its test. */
#include "ui_fixture.h"

#include "hl.h"
#include "i18n.h"
#include "kiosk_fixture.h"
#include "survey.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

const struct ui_size ui_sizes[] = { { 800, 480 }, { 1920, 1080 }, { 480, 800 }, { 1080, 1920 },
				    { 1024, 600 }, { 1280, 800 } };
const int ui_n_sizes = (int)(sizeof ui_sizes / sizeof ui_sizes[0]);
const struct ui_size ui_sizes3[3] = { { 800, 480 }, { 480, 800 }, { 1920, 1080 } };

const char *const screen_names[S_COUNT] = { "idle",   "question 1", "question 2", "reasons",
					    "confirm", "thanks",    "complaint",  "not recorded" };

struct ui_list list, list2;

void kiosk_on(struct kiosk *k, int scale, enum screen s, int lang)
{
	struct kiosk_config c = config(scale, true, true);
	struct rating r;

	c.lang = lang;
	start_with(k, &c);
	switch (s) {
	case S_IDLE:
	case S_COUNT:
		break;
	case S_Q1:
		assert_true(kiosk_confirm(k, T0));
		break;
	case S_Q2:
		assert_true(kiosk_level(k, scale, T0));
		break;
	case S_REASONS:
	case S_CONFIRM:
	case S_COMPLAINT:
		assert_true(kiosk_level(k, 1, T0));
		assert_true(kiosk_level(k, 1, T0 + 100));
		assert_int_equal(k->screen, KIOSK_REASONS);
		if (s == S_REASONS)
			break;
		assert_true(kiosk_reason(k, SURVEY_R_NHUNG_NHIEU, T0 + 200));
		assert_int_equal(k->screen, KIOSK_CONFIRM);
		if (s == S_CONFIRM)
			break;
		assert_true(kiosk_confirm(k, T0 + 300));
		assert_true(kiosk_confirm(k, T0 + 400));
		assert_true(k->complaint);
		assert_true(kiosk_take(k, &r));
		break;
	case S_THANKS:
	case S_NOT_RECORDED:
		assert_true(kiosk_level(k, scale, T0));
		assert_true(kiosk_level(k, scale, T0 + 100));
		assert_true(kiosk_take(k, &r));
		if (s == S_NOT_RECORDED)
			kiosk_not_recorded(k, T0 + 100);
		break;
	}
	static const int want[S_COUNT] = { KIOSK_IDLE,    KIOSK_QUESTION, KIOSK_QUESTION, KIOSK_REASONS,
					   KIOSK_CONFIRM, KIOSK_THANKS,   KIOSK_THANKS,   KIOSK_NOT_RECORDED };
	if (s < S_COUNT)
		assert_int_equal(k->screen, want[s]);
}

struct ui_context context(enum kiosk_gate gate)
{
	return (struct ui_context){ .counter_name = "Quầy 5 – Đăng ký kinh doanh",
				    .officer_name = "Nguyễn Thị Lan",
				    .officer_title = "Chuyên viên",
				    .officer_photo = false,
				    .procedure_name = "Cấp giấy phép xây dựng",
				    .hotline = "1900 1234",
				    .follow_up = "dichvucong.gov.vn",
				    .speech = true,
				    .gate = gate };
}

bool overlap(struct ui_rect a, struct ui_rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

bool contains(struct ui_rect outer, struct ui_rect in)
{
	return in.x >= outer.x && in.y >= outer.y && in.x + in.w <= outer.x + outer.w &&
	       in.y + in.h <= outer.y + outer.h;
}

const struct ui_item *target_box(const struct ui_list *l, int target, const char *where)
{
	const struct ui_item *box = NULL;

	for (int i = 0; i < l->n; i++) {
		const struct ui_item *it = &l->items[i];

		if (it->target != target || it->kind != UI_RECT)
			continue;
		if (box)
			fail_msg("%s: target %d is drawn as two boxes", where, target);
		box = it;
	}
	if (!box)
		fail_msg("%s: no box for target %d", where, target);
	for (int i = 0; i < l->n; i++) {
		const struct ui_item *it = &l->items[i];

		if (it->target == target && !contains(box->r, it->r))
			fail_msg("%s: an item of target %d lies outside its box", where, target);
	}
	return box;
}

bool has_target(const struct ui_list *l, int target)
{
	int x, y;

	return ui_find(l, target, &x, &y);
}

void expect_tappable(const struct ui_list *l, int target, const char *where)
{
	int x = -1, y = -1;

	if (!ui_find(l, target, &x, &y))
		fail_msg("%s: ui_find does not find target %d", where, target);
	if (ui_hit(l, x, y) != target)
		fail_msg("%s: a tap at (%d, %d) gives %d, want %d", where, x, y, ui_hit(l, x, y), target);
}

const struct ui_item *find_text(const struct ui_list *l, const char *s)
{
	for (int i = 0; i < l->n; i++)
		if (l->items[i].kind == UI_TEXT && l->items[i].text && strcmp(l->items[i].text, s) == 0)
			return &l->items[i];
	return NULL;
}

bool shows(const struct ui_list *l, const char *s)
{
	for (int i = 0; i < l->n; i++)
		if (l->items[i].kind == UI_TEXT && l->items[i].text && strstr(l->items[i].text, s))
			return true;
	return false;
}

void expect_text(const struct ui_list *l, const char *s, const char *where)
{
	if (!find_text(l, s))
		fail_msg("%s: \"%s\" is not shown", where, s);
}

int count_kind(const struct ui_list *l, int kind)
{
	int n = 0;

	for (int i = 0; i < l->n; i++)
		n += l->items[i].kind == kind;
	return n;
}

int finger(int px, int min_side)
{
	return px * min_side / 480;
}

void check_common(const struct ui_list *l, const struct ui_context *c, int w, int h, const char *where)
{
	if (l->n <= 0 || l->n >= UI_MAX_ITEMS)
		fail_msg("%s: %d items (the list holds %d)", where, l->n, UI_MAX_ITEMS);
	for (int i = 0; i < l->n; i++) {
		const struct ui_item *it = &l->items[i];

		if (it->r.w <= 0 || it->r.h <= 0 || it->r.x < 0 || it->r.y < 0 || it->r.x + it->r.w > w ||
		    it->r.y + it->r.h > h)
			fail_msg("%s: item %d (kind %d, target %d) at %d,%d %dx%d is not inside %dx%d", where, i,
				 it->kind, it->target, it->r.x, it->r.y, it->r.w, it->r.h, w, h);
		if (it->kind == UI_TEXT && (!it->text || !it->text[0] || it->font_px <= 0))
			fail_msg("%s: item %d is a text without text or size", where, i);
		if (it->kind == UI_TEXT && (it->fill & 0xFF) == 0)
			fail_msg("%s: text \"%s\" has a transparent colour", where, it->text);
		if (it->kind == UI_TEXT && it->min_px > it->font_px)
			fail_msg("%s: text \"%s\" may shrink to %d px but starts at %d", where, it->text, it->min_px,
				 it->font_px);
		if (it->kind == UI_IMAGE && (!it->image || !it->image[0]))
			fail_msg("%s: item %d is a picture without a name", where, i);
	}
	/* Items of different targets never overlap (except the idle screen's "tap anywhere" background,
	 * which lies under everything on purpose): a tap always means one thing. */
	for (int i = 0; i < l->n; i++) {
		const struct ui_item *a = &l->items[i];

		if (a->target == UI_T_NONE || a->target == UI_T_START)
			continue;
		for (int j = i + 1; j < l->n; j++) {
			const struct ui_item *b = &l->items[j];

			if (b->target == UI_T_NONE || b->target == UI_T_START || b->target == a->target)
				continue;
			if (overlap(a->r, b->r))
				fail_msg("%s: targets %d and %d overlap", where, a->target, b->target);
		}
	}
	/* Whatever can be tapped is hit at its centre — box, label and face alike — and every button is
	 * big enough for a finger. */
	for (int i = 0; i < l->n; i++) {
		const struct ui_item *it = &l->items[i];
		int x = it->r.x + it->r.w / 2, y = it->r.y + it->r.h / 2;

		if (it->target == UI_T_NONE || it->target == UI_T_START)
			continue;
		if (ui_hit(l, x, y) != it->target)
			fail_msg("%s: a tap at the centre (%d, %d) of an item of target %d gives %d", where, x, y,
				 it->target, ui_hit(l, x, y));
		if (it->kind == UI_RECT && (it->r.h < UI_FINGER_PX || it->r.w < UI_FINGER_PX))
			fail_msg("%s: the button of target %d is %dx%d", where, it->target, it->r.w, it->r.h);
		expect_tappable(l, it->target, where);
	}
	/* The citizen's buttons are on every screen. */
	target_box(l, UI_T_LANG, where);
	target_box(l, UI_T_LARGE, where);
	if (c->speech)
		target_box(l, UI_T_SPEAK, where);
	else if (has_target(l, UI_T_SPEAK))
		fail_msg("%s: a speaker button without spoken prompts", where);
}

void check_levels(const struct ui_list *l, const struct kiosk *k, int w, int h, const char *where)
{
	int scale = k->cfg.scale, min_side = w < h ? w : h, big = finger(60, min_side);
	bool portrait = h > w;
	const struct ui_item *prev = NULL;

	for (int level = 1; level <= scale; level++) {
		const struct ui_item *card = target_box(l, UI_T_LEVEL + level, where);
		bool face = false, label = false;

		expect_tappable(l, UI_T_LEVEL + level, where);
		if (card->r.w < big || card->r.h < big)
			fail_msg("%s: level %d card is %dx%d, want at least %dx%d", where, level, card->r.w, card->r.h,
				 big, big);
		/* In reading order: left to right, or top to bottom on a portrait screen. */
		if (prev && (portrait ? card->r.y <= prev->r.y : card->r.x <= prev->r.x))
			fail_msg("%s: level %d is not after level %d", where, level, level - 1);
		prev = card;
		for (int i = 0; i < l->n; i++) {
			const struct ui_item *it = &l->items[i];

			if (it->target != UI_T_LEVEL + level)
				continue;
			if (it->kind == UI_FACE && it->mood == ui_level_mood(scale, level) &&
			    it->fill == ui_level_color(scale, level))
				face = true;
			if (it->kind == UI_TEXT && strcmp(it->text, i18n_level(k->lang, scale, level)) == 0)
				label = true;
		}
		if (!face || !label)
			fail_msg("%s: level %d lacks its %s", where, level, face ? "label" : "face");
		for (int other = level + 1; other <= scale; other++)
			if (overlap(card->r, target_box(l, UI_T_LEVEL + other, where)->r))
				fail_msg("%s: levels %d and %d overlap", where, level, other);
	}
	for (int level = scale + 1; level <= SURVEY_SCALE_MAX + 1; level++)
		if (has_target(l, UI_T_LEVEL + level))
			fail_msg("%s: level %d offered on a scale of %d", where, level, scale);
	if (has_target(l, UI_T_LEVEL))
		fail_msg("%s: a level 0 target", where);
}

void check_no_levels(const struct ui_list *l, const char *where)
{
	for (int level = 0; level <= SURVEY_SCALE_MAX + 1; level++)
		if (has_target(l, UI_T_LEVEL + level))
			fail_msg("%s: level %d can be tapped", where, level);
}

static bool str_differ(const char *a, const char *b)
{
	return (a == NULL) != (b == NULL) || (a && strcmp(a, b));
}

void items_equal(const struct ui_list *a, const struct ui_list *b, const char *where)
{
	if (a->n != b->n)
		fail_msg("%s: %d items, then %d", where, a->n, b->n);
	for (int i = 0; i < a->n; i++) {
		const struct ui_item *x = &a->items[i], *y = &b->items[i];

		if (x->kind != y->kind || memcmp(&x->r, &y->r, sizeof x->r) || x->fill != y->fill ||
		    x->line != y->line || x->line_w != y->line_w || x->radius != y->radius ||
		    x->font_px != y->font_px || x->min_px != y->min_px || x->max_lines != y->max_lines ||
		    x->align != y->align || x->bold != y->bold || x->mood != y->mood || x->target != y->target ||
		    str_differ(x->text, y->text) || str_differ(x->image, y->image))
			fail_msg("%s: item %d differs (\"%s\" / \"%s\")", where, i, x->text ? x->text : "",
				 y->text ? y->text : "");
	}
}
