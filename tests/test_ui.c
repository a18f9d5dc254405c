/* SPDX-License-Identifier: MIT
 * test_ui.c — the terminal's layout as a citizen meets it, on every screen (idle, question 1 and 2,
 * "Vì sao?", thanks) at 800×480, 1920×1080 and both portrait sizes: everything lies on the screen;
 * each level of scales 3/4/5 is one card big enough for a finger, found by ui_find and hit at its
 * centre, with its face, colour and label; reasons, send, back and the language toggle can be
 * tapped and no two targets overlap; the Vietnamese (and English) wording is shown; the idle screen
 * names the officer and procedure (or their codes), closes while waiting or after a rating in the
 * session, and looks exactly the same before and after a citizen's rating (DESIGN §8). */
#include "hl.h"
#include "i18n.h"
#include "kiosk.h"
#include "survey.h"
#include "ui.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#define T0 ((int64_t)1000000)
#define GAP_MS 10000
#define THANKS_MS 4000

static const struct {
	int w, h;
} sizes[] = { { 800, 480 }, { 1920, 1080 }, { 480, 800 }, { 1080, 1920 },
	       /* common kiosk panels in between */
	       { 1024, 600 }, { 1280, 800 } };
#define N_SIZES ((int)(sizeof sizes / sizeof sizes[0]))

enum screen { S_IDLE, S_Q1, S_Q2, S_REASONS, S_THANKS, S_COUNT };
static const char *const screen_names[S_COUNT] = { "idle", "question 1", "question 2", "reasons", "thanks" };

/* Built lists are large; one static is enough since the tests run one after another. */
static struct ui_list list, list2;

/* ---- helpers ----------------------------------------------------------------------------------- */

static void init_kiosk(struct kiosk *k, int scale, bool ask_officer, bool ask_procedure)
{
	struct kiosk_config c;

	memset(&c, 0, sizeof c);
	c.scale = scale;
	c.ask[SURVEY_Q_OFFICER] = ask_officer;
	c.ask[SURVEY_Q_PROCEDURE] = ask_procedure;
	c.question_timeout_ms = 20000;
	c.reasons_timeout_ms = 30000;
	c.thanks_ms = THANKS_MS;
	c.min_interval_ms = GAP_MS;
	strcpy(c.officer, "cb0123");
	assert_int_equal(kiosk_init(k, &c, T0), HL_OK);
}

/* A kiosk of that scale on screen s, reached the way a citizen reaches it. */
static void kiosk_on(struct kiosk *k, int scale, enum screen s)
{
	init_kiosk(k, scale, true, true);
	switch (s) {
	case S_IDLE:
		break;
	case S_Q1:
		assert_true(kiosk_confirm(k, T0));
		break;
	case S_Q2:
		assert_true(kiosk_level(k, scale, T0));
		break;
	case S_REASONS:
		assert_true(kiosk_level(k, 1, T0));
		assert_true(kiosk_level(k, 1, T0 + 100));
		break;
	case S_THANKS:
		assert_true(kiosk_level(k, scale, T0));
		assert_true(kiosk_level(k, scale, T0 + 100));
		break;
	case S_COUNT:
		break;
	}
	if (s == S_Q1 || s == S_Q2)
		assert_int_equal(k->screen, KIOSK_QUESTION);
	if (s == S_REASONS)
		assert_int_equal(k->screen, KIOSK_REASONS);
	if (s == S_THANKS)
		assert_int_equal(k->screen, KIOSK_THANKS);
}

static struct ui_context context(int lang, enum kiosk_gate gate)
{
	return (struct ui_context){ .lang = lang,
				    .counter_name = "5",
				    .officer_name = "Nguyễn Thị Lan",
				    .procedure_name = "Cấp giấy phép xây dựng",
				    .gate = gate };
}

static bool overlap(struct ui_rect a, struct ui_rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static bool contains(struct ui_rect outer, struct ui_rect in)
{
	return in.x >= outer.x && in.y >= outer.y && in.x + in.w <= outer.x + outer.w &&
	       in.y + in.h <= outer.y + outer.h;
}

/* The one UI_RECT (the card, chip or button) a target is drawn as; every other item with that
 * target lies inside it. Fails when there is none or more than one. */
static const struct ui_item *target_box(const struct ui_list *l, int target, const char *where)
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

static bool has_target(const struct ui_list *l, int target)
{
	int x, y;

	return ui_find(l, target, &x, &y);
}

/* ui_find finds the target and a tap at the point it names lands on it. */
static void expect_tappable(const struct ui_list *l, int target, const char *where)
{
	int x = -1, y = -1;

	if (!ui_find(l, target, &x, &y))
		fail_msg("%s: ui_find does not find target %d", where, target);
	if (ui_hit(l, x, y) != target)
		fail_msg("%s: a tap at (%d, %d) gives %d, want %d", where, x, y, ui_hit(l, x, y), target);
}

/* The text item showing exactly s, or NULL. */
static const struct ui_item *find_text(const struct ui_list *l, const char *s)
{
	for (int i = 0; i < l->n; i++)
		if (l->items[i].kind == UI_TEXT && l->items[i].text && strcmp(l->items[i].text, s) == 0)
			return &l->items[i];
	return NULL;
}

/* Whether some text item contains s. */
static bool shows(const struct ui_list *l, const char *s)
{
	for (int i = 0; i < l->n; i++)
		if (l->items[i].kind == UI_TEXT && l->items[i].text && strstr(l->items[i].text, s))
			return true;
	return false;
}

static void expect_text(const struct ui_list *l, const char *s, const char *where)
{
	if (!find_text(l, s))
		fail_msg("%s: \"%s\" is not shown", where, s);
}

/* A finger-sized box on a screen whose shorter side is min_side, for px on a 480-high panel. */
static int finger(int px, int min_side)
{
	return px * min_side / 480;
}

/* Checks that hold on every screen. */
static void check_common(const struct ui_list *l, int w, int h, const char *where)
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
	/* Whatever can be tapped is hit at its box's centre (the "tap anywhere" background is under the
	 * faces by design). */
	for (int i = 0; i < l->n; i++)
		if (l->items[i].target != UI_T_NONE && l->items[i].target != UI_T_START && l->items[i].kind == UI_RECT)
			expect_tappable(l, l->items[i].target, where);
	/* The language toggle is on every screen, finger-sized. */
	const struct ui_item *lang = target_box(l, UI_T_LANG, where);
	int min_side = w < h ? w : h;
	if (lang->r.w < finger(42, min_side) || lang->r.h < finger(28, min_side))
		fail_msg("%s: the language toggle is %dx%d", where, lang->r.w, lang->r.h);
}

/* Checks the level cards of a screen that offers levels 1..scale; returns nothing, fails on error. */
static void check_levels(const struct ui_list *l, const struct kiosk *k, int lang, int w, int h, const char *where)
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
			if (it->kind == UI_TEXT && strcmp(it->text, i18n_level(lang, scale, level)) == 0)
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

static void check_no_levels(const struct ui_list *l, const char *where)
{
	for (int level = 0; level <= SURVEY_SCALE_MAX + 1; level++)
		if (has_target(l, UI_T_LEVEL + level))
			fail_msg("%s: level %d can be tapped", where, level);
}

static void items_equal(const struct ui_list *a, const struct ui_list *b, const char *where)
{
	assert_int_equal(a->n, b->n);
	for (int i = 0; i < a->n; i++) {
		const struct ui_item *x = &a->items[i], *y = &b->items[i];

		if (x->kind != y->kind || memcmp(&x->r, &y->r, sizeof x->r) || x->fill != y->fill ||
		    x->line != y->line ||
		    x->line_w != y->line_w || x->radius != y->radius || x->font_px != y->font_px ||
		    x->align != y->align || x->bold != y->bold || x->mood != y->mood || x->target != y->target ||
		    (x->text == NULL) != (y->text == NULL) || (x->text && strcmp(x->text, y->text)))
			fail_msg("%s: item %d differs", where, i);
	}
}

/* ---- tests ------------------------------------------------------------------------------------- */

static void test_every_screen_every_size(void **state)
{
	char where[96];

	(void)state;
	for (int si = 0; si < N_SIZES; si++) {
		int w = sizes[si].w, h = sizes[si].h;

		for (int scale = SURVEY_SCALE_MIN; scale <= SURVEY_SCALE_MAX; scale++) {
			for (int s = 0; s < S_COUNT; s++) {
				for (int lang = 0; lang < I18N_LANG_COUNT; lang++) {
					struct kiosk k;
					struct ui_context c = context(lang, KIOSK_OPEN);

					kiosk_on(&k, scale, (enum screen)s);
					ui_build(&k, &c, w, h, &list);
					snprintf(where, sizeof where, "%s, scale %d, %dx%d, lang %d", screen_names[s],
						 scale, w, h, lang);
					check_common(&list, w, h, where);
					if (s == S_IDLE || s == S_Q1 || s == S_Q2)
						check_levels(&list, &k, lang, w, h, where);
					else
						check_no_levels(&list, where);
				}
			}
		}
	}
}

/* Which buttons each screen offers matches what the kiosk accepts there. */
static void test_buttons_per_screen(void **state)
{
	char where[64];

	(void)state;
	for (int si = 0; si < N_SIZES; si++) {
		int w = sizes[si].w, h = sizes[si].h, min_side = w < h ? w : h;
		struct ui_context c = context(I18N_VI, KIOSK_OPEN);
		struct kiosk k;

		snprintf(where, sizeof where, "%dx%d", w, h);
		kiosk_on(&k, 5, S_IDLE);
		ui_build(&k, &c, w, h, &list);
		assert_true(has_target(&list, UI_T_START));
		assert_false(has_target(&list, UI_T_BACK) || has_target(&list, UI_T_SKIP) ||
			     has_target(&list, UI_T_SEND));

		/* Question 1 can only be answered or left: back, no skip, no send. */
		kiosk_on(&k, 5, S_Q1);
		ui_build(&k, &c, w, h, &list);
		expect_tappable(&list, UI_T_BACK, where);
		assert_false(has_target(&list, UI_T_SKIP) || has_target(&list, UI_T_SEND) ||
			     has_target(&list, UI_T_START));
		expect_text(&list, i18n_text(I18N_VI, I18N_BACK), where);

		/* Question 2 unanswered can be skipped. */
		kiosk_on(&k, 5, S_Q2);
		ui_build(&k, &c, w, h, &list);
		expect_tappable(&list, UI_T_BACK, where);
		expect_tappable(&list, UI_T_SKIP, where);
		expect_text(&list, i18n_text(I18N_VI, I18N_SKIP), where);
		assert_false(has_target(&list, UI_T_SEND));
		const struct ui_item *skip = target_box(&list, UI_T_SKIP, where);
		const struct ui_item *back = target_box(&list, UI_T_BACK, where);
		assert_true(skip->r.h >= finger(42, min_side) && skip->r.w >= finger(42, min_side));
		assert_true(back->r.h >= finger(42, min_side) && back->r.w >= finger(42, min_side));

		/* Reasons: send and back. */
		kiosk_on(&k, 5, S_REASONS);
		ui_build(&k, &c, w, h, &list);
		expect_tappable(&list, UI_T_BACK, where);
		expect_tappable(&list, UI_T_SEND, where);
		expect_text(&list, i18n_text(I18N_VI, I18N_SEND), where);
		assert_false(has_target(&list, UI_T_SKIP));

		/* Thanks: nothing but the language. */
		kiosk_on(&k, 5, S_THANKS);
		ui_build(&k, &c, w, h, &list);
		for (int i = 0; i < list.n; i++)
			assert_true(list.items[i].target == UI_T_NONE || list.items[i].target == UI_T_LANG);
	}
}

static void test_reasons_screen(void **state)
{
	char where[64];

	(void)state;
	for (int si = 0; si < N_SIZES; si++) {
		int w = sizes[si].w, h = sizes[si].h, min_side = w < h ? w : h;
		struct ui_context c = context(I18N_VI, KIOSK_OPEN);
		struct kiosk k;
		const struct ui_item *chip[SURVEY_R_COUNT];

		snprintf(where, sizeof where, "reasons %dx%d", w, h);
		kiosk_on(&k, 5, S_REASONS);
		assert_true(kiosk_reason(&k, SURVEY_R_TRE_HEN, T0 + 200));
		ui_build(&k, &c, w, h, &list);
		for (int r = 0; r < SURVEY_R_COUNT; r++) {
			chip[r] = target_box(&list, UI_T_REASON + r, where);
			expect_tappable(&list, UI_T_REASON + r, where);
			if (chip[r]->r.w < finger(42, min_side) || chip[r]->r.h < finger(42, min_side))
				fail_msg("%s: reason %d chip is %dx%d", where, r, chip[r]->r.w, chip[r]->r.h);
			const struct ui_item *label = find_text(&list, i18n_reason(I18N_VI, r));
			if (!label || label->target != UI_T_REASON + r || !contains(chip[r]->r, label->r))
				fail_msg("%s: reason %d is not labelled \"%s\"", where, r, i18n_reason(I18N_VI, r));
			for (int o = 0; o < r; o++)
				if (overlap(chip[o]->r, chip[r]->r))
					fail_msg("%s: reasons %d and %d overlap", where, o, r);
		}
		assert_false(has_target(&list, UI_T_REASON + SURVEY_R_COUNT));
		assert_false(has_target(&list, UI_T_REASON - 1));
		/* The chosen chip looks chosen, the others all look alike. */
		for (int r = 0; r < SURVEY_R_COUNT; r++) {
			const struct ui_item *other = chip[r == 0 ? 1 : 0];

			if (r == SURVEY_R_TRE_HEN)
				assert_int_not_equal(chip[r]->fill, other->fill);
			else
				assert_int_equal(chip[r]->fill, other->fill);
		}
		expect_text(&list, "Vì sao?", where);
		expect_text(&list, i18n_text(I18N_VI, I18N_REASONS_HINT), where);
	}
}

static void test_vietnamese_texts(void **state)
{
	char where[64];

	(void)state;
	for (int si = 0; si < N_SIZES; si++) {
		int w = sizes[si].w, h = sizes[si].h;
		struct ui_context c = context(I18N_VI, KIOSK_OPEN);
		struct kiosk k;

		snprintf(where, sizeof where, "vi %dx%d", w, h);
		kiosk_on(&k, 5, S_IDLE);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Mời Ông/Bà đánh giá mức độ hài lòng", where);
		expect_text(&list, "Thái độ, hướng dẫn của công chức", where); /* the question the faces answer */
		expect_text(&list, "Rất hài lòng", where);
		expect_text(&list, "Rất không hài lòng", where);
		expect_text(&list, i18n_text(I18N_VI, I18N_ANONYMOUS), where);
		expect_text(&list, "English", where); /* the toggle */
		assert_true(shows(&list, "Bộ phận Một cửa"));
		assert_true(shows(&list, "Quầy 5"));

		kiosk_on(&k, 5, S_Q1);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Thái độ, hướng dẫn của công chức", where);
		expect_text(&list, "Câu 1/2", where);
		expect_text(&list, "Bình thường", where);

		kiosk_on(&k, 5, S_Q2);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Thủ tục và kết quả giải quyết", where);
		expect_text(&list, "Câu 2/2", where);

		kiosk_on(&k, 3, S_Q2);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Không hài lòng", where);
		expect_text(&list, "Hài lòng", where);
		expect_text(&list, "Rất hài lòng", where);

		kiosk_on(&k, 5, S_THANKS);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Cảm ơn Ông/Bà!", where);
		expect_text(&list, i18n_text(I18N_VI, I18N_THANKS_NOTE), where);
		/* A happy face says thank you. */
		bool face = false;
		for (int i = 0; i < list.n; i++)
			face |= list.items[i].kind == UI_FACE && list.items[i].mood > 0;
		assert_true(face);
	}
}

static void test_english_texts(void **state)
{
	char where[64];

	(void)state;
	for (int si = 0; si < N_SIZES; si++) {
		int w = sizes[si].w, h = sizes[si].h;
		struct ui_context c = context(I18N_EN, KIOSK_OPEN);
		struct kiosk k;

		snprintf(where, sizeof where, "en %dx%d", w, h);
		kiosk_on(&k, 5, S_IDLE);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Please rate how satisfied you are", where);
		expect_text(&list, "The officer's attitude and guidance", where);
		expect_text(&list, "Very satisfied", where);
		expect_text(&list, "Tiếng Việt", where);
		assert_true(shows(&list, "Counter 5"));
		assert_false(shows(&list, "Mời Ông/Bà"));

		kiosk_on(&k, 5, S_Q2);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "The procedure and its result", where);
		expect_text(&list, "Question 2 of 2", where);
		expect_text(&list, "Skip", where);

		kiosk_on(&k, 5, S_REASONS);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Why?", where);
		expect_text(&list, i18n_reason(I18N_EN, SURVEY_R_CHO_LAU), where);
		assert_false(shows(&list, "Vì sao?"));

		kiosk_on(&k, 5, S_THANKS);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Thank you!", where);
	}
}

/* With one question asked, the progress reads 1/1 and the idle faces answer that question. */
static void test_single_question(void **state)
{
	struct kiosk k;
	struct ui_context c = context(I18N_VI, KIOSK_OPEN);

	(void)state;
	init_kiosk(&k, 4, false, true);
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, "Thủ tục và kết quả giải quyết", "idle, procedure only");
	assert_null(find_text(&list, "Thái độ, hướng dẫn của công chức"));
	check_levels(&list, &k, I18N_VI, 800, 480, "idle, procedure only");
	assert_true(kiosk_confirm(&k, T0));
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, "Câu 1/1", "question, procedure only");
	assert_false(has_target(&list, UI_T_SKIP));
}

/* The idle screen names who serves and what, from the context's display names, else the codes. */
static void test_idle_names(void **state)
{
	struct kiosk k;
	struct ui_context c = context(I18N_VI, KIOSK_OPEN);

	(void)state;
	init_kiosk(&k, 5, true, true);
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, "Công chức: Nguyễn Thị Lan", "names");
	expect_text(&list, "Thủ tục: Cấp giấy phép xây dựng", "names");

	/* No display names: the configured officer's code, and no procedure line at all. */
	c.officer_name = "";
	c.procedure_name = "";
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, "Công chức: cb0123", "codes");
	assert_false(shows(&list, "Thủ tục:"));

	/* A session's codes. */
	kiosk_set_session(&k, "cb0777", "1.001234", 1, -1, T0);
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, "Công chức: cb0777", "session codes");
	expect_text(&list, "Thủ tục: 1.001234", "session codes");
	assert_false(shows(&list, "cb0123"));

	c.lang = I18N_EN;
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, "Officer: cb0777", "session codes, en");
	expect_text(&list, "Procedure: 1.001234", "session codes, en");
}

/* While the minimum interval runs, or once the session is rated, no face can be tapped and the
 * screen says why. */
static void test_idle_gate(void **state)
{
	char where[64];

	(void)state;
	for (int si = 0; si < N_SIZES; si++) {
		int w = sizes[si].w, h = sizes[si].h;
		struct kiosk k;
		struct ui_context c;

		init_kiosk(&k, 5, true, true);
		for (int lang = 0; lang < I18N_LANG_COUNT; lang++) {
			snprintf(where, sizeof where, "wait %dx%d", w, h);
			c = context(lang, KIOSK_WAIT);
			ui_build(&k, &c, w, h, &list);
			check_common(&list, w, h, where);
			check_no_levels(&list, where);
			expect_text(&list, i18n_text(lang, I18N_WAIT), where);
			assert_null(find_text(&list, i18n_text(lang, I18N_ALREADY_RATED)));

			snprintf(where, sizeof where, "rated %dx%d", w, h);
			c = context(lang, KIOSK_RATED);
			ui_build(&k, &c, w, h, &list);
			check_common(&list, w, h, where);
			check_no_levels(&list, where);
			expect_text(&list, i18n_text(lang, I18N_ALREADY_RATED), where);
			assert_null(find_text(&list, i18n_text(lang, I18N_WAIT)));

			c = context(lang, KIOSK_OPEN);
			ui_build(&k, &c, w, h, &list);
			assert_null(find_text(&list, i18n_text(lang, I18N_WAIT)));
			assert_null(find_text(&list, i18n_text(lang, I18N_ALREADY_RATED)));
		}
	}
	/* The kiosk's own gate drives it the same way through a rated session. */
	struct kiosk k;
	init_kiosk(&k, 5, true, true);
	kiosk_set_session(&k, "cb0001", "1.000001", 1, -1, T0);
	assert_true(kiosk_level(&k, 5, T0));
	assert_true(kiosk_level(&k, 5, T0 + 100));
	kiosk_tick(&k, T0 + 100 + GAP_MS);
	struct ui_context c = context(I18N_VI, kiosk_gate(&k, T0 + 100 + GAP_MS));
	ui_build(&k, &c, 800, 480, &list);
	check_no_levels(&list, "rated session");
	expect_text(&list, "Lượt phục vụ này đã được đánh giá. Xin cảm ơn!", "rated session");
}

/* DESIGN §8: after a rating the idle screen is exactly what it was before, whatever was chosen, and
 * the next citizen's first question has nothing selected. */
static void test_idle_same_after_rating(void **state)
{
	char where[64];

	(void)state;
	for (int si = 0; si < N_SIZES; si++) {
		int w = sizes[si].w, h = sizes[si].h;
		struct kiosk k, fresh;
		struct ui_context c = context(I18N_VI, KIOSK_OPEN);
		struct rating r;
		int64_t t = T0;

		snprintf(where, sizeof where, "%dx%d", w, h);
		init_kiosk(&k, 5, true, true);
		ui_build(&k, &c, w, h, &list);
		/* A dissatisfied citizen with reasons. */
		assert_true(kiosk_level(&k, 1, t));
		assert_true(kiosk_level(&k, 2, t + 100));
		assert_true(kiosk_reason(&k, SURVEY_R_NHUNG_NHIEU, t + 200));
		assert_true(kiosk_reason(&k, SURVEY_R_CHO_LAU, t + 300));
		assert_true(kiosk_confirm(&k, t + 400));
		assert_true(kiosk_take(&k, &r));
		kiosk_tick(&k, t + 400 + THANKS_MS);
		assert_int_equal(k.screen, KIOSK_IDLE);
		ui_build(&k, &c, w, h, &list2);
		items_equal(&list, &list2, where);
		/* The same on a kiosk that never saw anyone, for the next citizen's first question. */
		kiosk_tick(&k, t + 400 + GAP_MS);
		assert_true(kiosk_confirm(&k, t + 400 + GAP_MS));
		ui_build(&k, &c, w, h, &list);
		kiosk_on(&fresh, 5, S_Q1);
		ui_build(&fresh, &c, w, h, &list2);
		items_equal(&list, &list2, where);
		/* And a satisfied citizen leaves no more trace than that. */
		assert_true(kiosk_level(&k, 5, t + 500 + GAP_MS));
		assert_true(kiosk_level(&k, 4, t + 600 + GAP_MS));
		assert_true(kiosk_confirm(&k, t + 700 + GAP_MS)); /* dismiss thanks */
		ui_build(&k, &c, w, h, &list);
		init_kiosk(&fresh, 5, true, true);
		ui_build(&fresh, &c, w, h, &list2);
		items_equal(&list, &list2, where);
	}
}

/* The thanks screen (and the idle screen while the interval runs) look the same whatever was
 * rated: an officer glancing at the screen learns nothing. */
static void test_thanks_reveals_nothing(void **state)
{
	char where[64];

	(void)state;
	for (int si = 0; si < N_SIZES; si++) {
		int w = sizes[si].w, h = sizes[si].h;
		struct kiosk happy, unhappy;
		struct ui_context c = context(I18N_VI, KIOSK_OPEN);

		snprintf(where, sizeof where, "%dx%d", w, h);
		kiosk_on(&happy, 5, S_THANKS);
		kiosk_on(&unhappy, 5, S_REASONS);
		assert_true(kiosk_reason(&unhappy, SURVEY_R_NHUNG_NHIEU, T0 + 200));
		assert_true(kiosk_confirm(&unhappy, T0 + 300));
		assert_int_equal(unhappy.screen, KIOSK_THANKS);
		ui_build(&happy, &c, w, h, &list);
		ui_build(&unhappy, &c, w, h, &list2);
		items_equal(&list, &list2, where);

		kiosk_tick(&happy, T0 + 300 + THANKS_MS);
		kiosk_tick(&unhappy, T0 + 300 + THANKS_MS);
		c.gate = kiosk_gate(&happy, T0 + 300 + THANKS_MS);
		assert_int_equal(c.gate, KIOSK_WAIT);
		assert_int_equal(kiosk_gate(&unhappy, T0 + 300 + THANKS_MS), KIOSK_WAIT);
		ui_build(&happy, &c, w, h, &list);
		ui_build(&unhappy, &c, w, h, &list2);
		items_equal(&list, &list2, where);
	}
}

/* Going back to question 1 shows the answer given, outlined in its level's colour; nothing else is. */
static void test_selected_answer_outlined(void **state)
{
	char where[64];

	(void)state;
	for (int si = 0; si < N_SIZES; si++) {
		int w = sizes[si].w, h = sizes[si].h;
		struct kiosk k;
		struct ui_context c = context(I18N_VI, KIOSK_OPEN);

		snprintf(where, sizeof where, "%dx%d", w, h);
		init_kiosk(&k, 5, true, true);
		assert_true(kiosk_level(&k, 4, T0));
		/* Question 2 starts with nothing selected: every card has the same outline. */
		ui_build(&k, &c, w, h, &list);
		const struct ui_item *first = target_box(&list, UI_T_LEVEL + 1, where);
		for (int level = 2; level <= 5; level++) {
			const struct ui_item *card = target_box(&list, UI_T_LEVEL + level, where);
			assert_int_equal(card->line, first->line);
			assert_int_equal(card->line_w, first->line_w);
		}
		assert_true(kiosk_back(&k, T0 + 100));
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Câu 1/2", where);
		const struct ui_item *sel = target_box(&list, UI_T_LEVEL + 4, where);
		assert_int_equal(sel->line, ui_level_color(5, 4));
		for (int level = 1; level <= 5; level++) {
			const struct ui_item *card = target_box(&list, UI_T_LEVEL + level, where);

			if (level == 4)
				continue;
			assert_int_not_equal(card->line, sel->line);
			assert_true(card->line_w < sel->line_w);
			assert_int_equal(card->line, first->line);
		}
	}
}

static void test_level_colors_and_moods(void **state)
{
	(void)state;
	for (int scale = SURVEY_SCALE_MIN; scale <= SURVEY_SCALE_MAX; scale++) {
		for (int a = 1; a <= scale; a++) {
			uint32_t ca = ui_level_color(scale, a);
			int mood = ui_level_mood(scale, a);

			assert_int_equal(ca & 0xFF, 0xFF); /* opaque */
			assert_true(mood >= -2 && mood <= 2);
			/* The face agrees with how the level counts. */
			if (survey_level_satisfied(scale, a) && mood <= 0)
				fail_msg("scale %d level %d is satisfied but its face has mood %d", scale, a, mood);
			if (survey_level_dissatisfied(scale, a) && mood >= 0)
				fail_msg("scale %d level %d is dissatisfied but its face has mood %d", scale, a, mood);
			for (int b = a + 1; b <= scale; b++) {
				assert_int_not_equal(ca, ui_level_color(scale, b));
				assert_true(ui_level_mood(scale, b) > mood);
			}
		}
		/* Out of range: no level's colour, a neutral face. */
		const int bad[] = { -1, 0, scale + 1 };
		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			for (int l = 1; l <= scale; l++)
				assert_int_not_equal(ui_level_color(scale, bad[i]), ui_level_color(scale, l));
			assert_int_equal(ui_level_mood(scale, bad[i]), 0);
		}
	}
	/* The ends of every scale are the same red and green. */
	assert_int_equal(ui_level_color(3, 1), ui_level_color(5, 1));
	assert_int_equal(ui_level_color(4, 1), ui_level_color(5, 1));
	assert_int_equal(ui_level_color(3, 3), ui_level_color(5, 5));
	assert_int_equal(ui_level_color(4, 4), ui_level_color(5, 5));
	assert_int_equal(ui_level_mood(2, 1), 0);
	assert_int_equal(ui_level_mood(6, 1), 0);
}

/* A point in the gap between the level 2 and level 3 cards. */
static void gap_point(const struct ui_list *l, bool portrait, int *x, int *y)
{
	const struct ui_item *a = target_box(l, UI_T_LEVEL + 2, "gap");
	const struct ui_item *b = target_box(l, UI_T_LEVEL + 3, "gap");

	if (portrait) {
		*x = a->r.x + a->r.w / 2;
		*y = (a->r.y + a->r.h + b->r.y) / 2;
		assert_true(*y >= a->r.y + a->r.h && *y < b->r.y);
	} else {
		*x = (a->r.x + a->r.w + b->r.x) / 2;
		*y = a->r.y + a->r.h / 2;
		assert_true(*x >= a->r.x + a->r.w && *x < b->r.x);
	}
}

static void test_hit_outside_targets(void **state)
{
	(void)state;
	for (int si = 0; si < N_SIZES; si++) {
		int w = sizes[si].w, h = sizes[si].h;
		struct kiosk k;
		struct ui_context c = context(I18N_VI, KIOSK_OPEN);
		int x, y;

		for (int s = 0; s < S_COUNT; s++) {
			kiosk_on(&k, 5, (enum screen)s);
			ui_build(&k, &c, w, h, &list);
			/* Off the screen. */
			assert_int_equal(ui_hit(&list, -1, -1), UI_T_NONE);
			assert_int_equal(ui_hit(&list, w, h), UI_T_NONE);
			assert_int_equal(ui_hit(&list, w + 50, h / 2), UI_T_NONE);
			assert_int_equal(ui_hit(&list, w / 2, h), UI_T_NONE);
			/* The header's top-left corner (the brand) is not a button. */
			assert_int_equal(ui_hit(&list, 1, 1), UI_T_NONE);
			assert_false(ui_find(&list, UI_T_LEVEL + 6, &x, &y));
		}
		/* On the idle screen a tap anywhere outside the faces starts, words included. */
		kiosk_on(&k, 5, S_IDLE);
		ui_build(&k, &c, w, h, &list);
		const struct ui_item *invite = find_text(&list, i18n_text(I18N_VI, I18N_INVITE));
		const struct ui_item *anon = find_text(&list, i18n_text(I18N_VI, I18N_ANONYMOUS));
		assert_non_null(invite);
		assert_non_null(anon);
		assert_int_equal(ui_hit(&list, invite->r.x + invite->r.w / 2, invite->r.y + invite->r.h / 2),
				 UI_T_START);
		assert_int_equal(ui_hit(&list, anon->r.x + anon->r.w / 2, anon->r.y + anon->r.h / 2), UI_T_START);
		/* Between two level cards of a question: nothing; on the idle screen a tap there starts. */
		for (int s = S_IDLE; s <= S_Q1; s++) {
			kiosk_on(&k, 5, (enum screen)s);
			ui_build(&k, &c, w, h, &list);
			gap_point(&list, h > w, &x, &y);
			assert_int_equal(ui_hit(&list, x, y), s == S_IDLE ? UI_T_START : UI_T_NONE);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_screen_every_size),
		cmocka_unit_test(test_buttons_per_screen),
		cmocka_unit_test(test_reasons_screen),
		cmocka_unit_test(test_vietnamese_texts),
		cmocka_unit_test(test_english_texts),
		cmocka_unit_test(test_single_question),
		cmocka_unit_test(test_idle_names),
		cmocka_unit_test(test_idle_gate),
		cmocka_unit_test(test_idle_same_after_rating),
		cmocka_unit_test(test_thanks_reveals_nothing),
		cmocka_unit_test(test_selected_answer_outlined),
		cmocka_unit_test(test_level_colors_and_moods),
		cmocka_unit_test(test_hit_outside_targets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
