/* SPDX-License-Identifier: MIT
 * test_ui.c — the terminal's layout as a citizen meets it, on every screen (idle, question 1 and 2,
 * "Vì sao?", the serious reason's confirmation, thanks, the complaint's thanks, "not recorded") at
 * 800×480, 1920×1080, both portrait sizes and two panels in between, in Vietnamese and English:
 * everything lies on the screen; each level of scales 3/4/5 is one card big enough for a finger,
 * hit at its centre, with its face, colour and label; every button can be tapped and no two targets
 * overlap; the wording is the kiosk's language; the idle screen looks exactly the same before and
 * after a citizen's rating (DESIGN §8). Whom the screens name, why the idle screen is closed, the
 * serious reasons, the complaint's thanks and large text are in test_ui_people.c; the shared checks
 * in ui_fixture.c. */
#include "hl.h"
#include "i18n.h"
#include "kiosk.h"
#include "kiosk_fixture.h"
#include "prompt.h"
#include "survey.h"
#include "ui.h"
#include "ui_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

static void test_every_screen_every_size(void **state)
{
	char where[96];

	(void)state;
	for (int si = 0; si < ui_n_sizes; si++) {
		int w = ui_sizes[si].w, h = ui_sizes[si].h;

		for (int scale = SURVEY_SCALE_MIN; scale <= SURVEY_SCALE_MAX; scale++) {
			for (int s = 0; s < S_COUNT; s++) {
				for (int lang = 0; lang < I18N_LANG_COUNT; lang++) {
					struct kiosk k;
					struct ui_context c = context(KIOSK_OPEN);

					kiosk_on(&k, scale, (enum screen)s, lang);
					for (int large = 0; large <= 1; large++) {
						k.large = large;
						c.speech = !large; /* with and without the speaker button */
						ui_build(&k, &c, w, h, &list);
						snprintf(where, sizeof where, "%s, scale %d, %dx%d, lang %d%s",
							 screen_names[s], scale, w, h, lang, large ? ", large" : "");
						check_common(&list, &c, w, h, where);
						if (s == S_IDLE || s == S_Q1 || s == S_Q2)
							check_levels(&list, &k, w, h, where);
						else
							check_no_levels(&list, where);
					}
				}
			}
		}
	}
}

/* Only the header's buttons besides: the citizen's language, text size and sound. */
static void expect_only_header_targets(const struct ui_list *l, const char *where, int also1, int also2)
{
	for (int i = 0; i < l->n; i++) {
		int t = l->items[i].target;

		if (t != UI_T_NONE && t != UI_T_LANG && t != UI_T_LARGE && t != UI_T_SPEAK && t != also1 &&
		    t != also2)
			fail_msg("%s: target %d", where, t);
	}
}

/* Which buttons each screen offers matches what the kiosk accepts there. */
static void test_buttons_per_screen(void **state)
{
	char where[64];

	(void)state;
	for (int si = 0; si < ui_n_sizes; si++) {
		int w = ui_sizes[si].w, h = ui_sizes[si].h;
		struct ui_context c = context(KIOSK_OPEN);
		struct kiosk k;

		snprintf(where, sizeof where, "%dx%d", w, h);
		kiosk_on(&k, 5, S_IDLE, I18N_VI);
		ui_build(&k, &c, w, h, &list);
		assert_true(has_target(&list, UI_T_START));
		assert_false(has_target(&list, UI_T_BACK) || has_target(&list, UI_T_SKIP) ||
			     has_target(&list, UI_T_SEND));

		/* Question 1 can only be answered or left: back, no skip, no send. */
		kiosk_on(&k, 5, S_Q1, I18N_VI);
		ui_build(&k, &c, w, h, &list);
		expect_tappable(&list, UI_T_BACK, where);
		assert_false(has_target(&list, UI_T_SKIP) || has_target(&list, UI_T_SEND) ||
			     has_target(&list, UI_T_START));
		expect_text(&list, i18n_text(I18N_VI, I18N_BACK), where);

		/* Question 2 unanswered can be skipped. */
		kiosk_on(&k, 5, S_Q2, I18N_VI);
		ui_build(&k, &c, w, h, &list);
		expect_tappable(&list, UI_T_BACK, where);
		expect_tappable(&list, UI_T_SKIP, where);
		expect_text(&list, i18n_text(I18N_VI, I18N_SKIP), where);
		assert_false(has_target(&list, UI_T_SEND));

		/* Reasons: send and back. */
		kiosk_on(&k, 5, S_REASONS, I18N_VI);
		ui_build(&k, &c, w, h, &list);
		expect_tappable(&list, UI_T_BACK, where);
		expect_tappable(&list, UI_T_SEND, where);
		expect_text(&list, i18n_text(I18N_VI, I18N_SEND), where);
		assert_false(has_target(&list, UI_T_SKIP));

		/* The confirmation: yes or no, nothing else to tap. */
		kiosk_on(&k, 5, S_CONFIRM, I18N_VI);
		ui_build(&k, &c, w, h, &list);
		expect_tappable(&list, UI_T_YES, where);
		expect_tappable(&list, UI_T_NO, where);
		expect_only_header_targets(&list, where, UI_T_YES, UI_T_NO);

		/* Thanks of either kind and "not recorded": the header's buttons, and a tap anywhere else
		 * dismisses (kiosk_confirm ends the turn there). */
		for (int s = S_THANKS; s <= S_NOT_RECORDED; s++) {
			kiosk_on(&k, 5, (enum screen)s, I18N_VI);
			ui_build(&k, &c, w, h, &list);
			expect_only_header_targets(&list, where, UI_T_START, UI_T_NONE);
			expect_tappable(&list, UI_T_START, where);
		}
	}
}

static void test_reasons_screen(void **state)
{
	char where[64];

	(void)state;
	for (int si = 0; si < ui_n_sizes; si++) {
		int w = ui_sizes[si].w, h = ui_sizes[si].h, min_side = w < h ? w : h;
		struct ui_context c = context(KIOSK_OPEN);
		struct kiosk k;
		const struct ui_item *chip[SURVEY_R_COUNT];

		snprintf(where, sizeof where, "reasons %dx%d", w, h);
		kiosk_on(&k, 5, S_REASONS, I18N_VI);
		assert_true(kiosk_reason(&k, SURVEY_R_TRE_HEN, T0 + 200));
		ui_build(&k, &c, w, h, &list);
		for (int r = 0; r < SURVEY_R_COUNT; r++) {
			chip[r] = target_box(&list, UI_T_REASON + r, where);
			expect_tappable(&list, UI_T_REASON + r, where);
			if (chip[r]->r.w < finger(42, min_side) || chip[r]->r.h < finger(42, min_side))
				fail_msg("%s: reason %d chip is %dx%d", where, r, chip[r]->r.w, chip[r]->r.h);
			for (int o = 0; o < r; o++)
				if (overlap(chip[o]->r, chip[r]->r))
					fail_msg("%s: reasons %d and %d overlap", where, o, r);
		}
		/* Each chip carries its reason's words (the chosen one after its tick). */
		for (int r = 0; r < SURVEY_R_COUNT; r++) {
			bool labelled = false;
			for (int i = 0; i < list.n; i++)
				labelled |= list.items[i].kind == UI_TEXT && list.items[i].target == UI_T_REASON + r &&
					    strstr(list.items[i].text, i18n_reason(I18N_VI, r)) &&
					    contains(chip[r]->r, list.items[i].r);
			if (!labelled)
				fail_msg("%s: reason %d is not labelled \"%s\"", where, r, i18n_reason(I18N_VI, r));
		}
		assert_false(has_target(&list, UI_T_REASON + SURVEY_R_COUNT));
		assert_false(has_target(&list, UI_T_REASON - 1));
		/* The chosen chip looks chosen; the other ordinary ones all look alike, and so do the
		 * serious ones among themselves. */
		const struct ui_item *plain = chip[SURVEY_R_CHO_LAU], *serious = chip[SURVEY_R_NHUNG_NHIEU];
		for (int r = 0; r < SURVEY_R_COUNT; r++) {
			const struct ui_item *like = survey_reason_serious(r) ? serious : plain;

			if (r == SURVEY_R_TRE_HEN)
				assert_int_not_equal(chip[r]->fill, plain->fill);
			else
				assert_true(chip[r]->fill == like->fill && chip[r]->line == like->line &&
					    chip[r]->line_w == like->line_w);
		}
		expect_text(&list, "Vì sao?", where);
		expect_text(&list, i18n_text(I18N_VI, I18N_REASONS_HINT), where);
	}
}

static void test_vietnamese_texts(void **state)
{
	char where[64];

	(void)state;
	for (int si = 0; si < ui_n_sizes; si++) {
		int w = ui_sizes[si].w, h = ui_sizes[si].h;
		struct ui_context c = context(KIOSK_OPEN);
		struct kiosk k;

		snprintf(where, sizeof where, "vi %dx%d", w, h);
		kiosk_on(&k, 5, S_IDLE, I18N_VI);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Mời Ông/Bà đánh giá mức độ hài lòng", where);
		/* The question the faces answer, and where it stands. */
		expect_text(&list, "Câu 1/2 · Thái độ, hướng dẫn của công chức", where);
		expect_text(&list, "Rất hài lòng", where);
		expect_text(&list, "Rất không hài lòng", where);
		expect_text(&list, i18n_text(I18N_VI, I18N_ANONYMOUS), where);
		expect_text(&list, "English", where); /* the toggle */
		expect_text(&list, "Chữ lớn", where);
		expect_text(&list, "Đọc to", where);
		/* The counter's name, not its code. */
		expect_text(&list, "Bộ phận Một cửa · Quầy 5 – Đăng ký kinh doanh", where);

		kiosk_on(&k, 5, S_Q1, I18N_VI);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Thái độ, hướng dẫn của công chức", where);
		expect_text(&list, "Câu 1/2", where);
		expect_text(&list, "Bình thường", where);

		kiosk_on(&k, 5, S_Q2, I18N_VI);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Thủ tục và kết quả giải quyết", where);
		expect_text(&list, "Câu 2/2", where);

		kiosk_on(&k, 3, S_Q2, I18N_VI);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Không hài lòng", where);
		expect_text(&list, "Hài lòng", where);
		expect_text(&list, "Rất hài lòng", where);

		kiosk_on(&k, 5, S_THANKS, I18N_VI);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Cảm ơn Ông/Bà!", where);
		expect_text(&list, i18n_text(I18N_VI, I18N_THANKS_NOTE), where);
		/* A happy face says thank you. */
		bool face = false;
		for (int i = 0; i < list.n; i++)
			face |= list.items[i].kind == UI_FACE && list.items[i].mood > 0;
		assert_true(face);

		kiosk_on(&k, 5, S_NOT_RECORDED, I18N_VI);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, i18n_text(I18N_VI, I18N_NOT_RECORDED), where);
		assert_int_equal(count_kind(&list, UI_FACE), 0);
	}
}

static void test_english_texts(void **state)
{
	char where[64];

	(void)state;
	for (int si = 0; si < ui_n_sizes; si++) {
		int w = ui_sizes[si].w, h = ui_sizes[si].h;
		struct ui_context c = context(KIOSK_OPEN);
		struct kiosk k;

		snprintf(where, sizeof where, "en %dx%d", w, h);
		kiosk_on(&k, 5, S_IDLE, I18N_EN);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Please rate how satisfied you are", where);
		expect_text(&list, "Question 1 of 2 · The officer's attitude and guidance", where);
		expect_text(&list, "Very satisfied", where);
		expect_text(&list, "Tiếng Việt", where);
		expect_text(&list, "Served by", where);
		assert_true(shows(&list, "One-stop service"));
		assert_false(shows(&list, "Mời Ông/Bà"));

		kiosk_on(&k, 5, S_Q2, I18N_EN);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "The procedure and its result", where);
		expect_text(&list, "Question 2 of 2", where);
		expect_text(&list, "Skip", where);

		kiosk_on(&k, 5, S_REASONS, I18N_EN);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Why?", where);
		expect_text(&list, i18n_reason(I18N_EN, SURVEY_R_CHO_LAU), where);
		assert_false(shows(&list, "Vì sao?"));

		kiosk_on(&k, 5, S_THANKS, I18N_EN);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Thank you!", where);
	}
	/* The language a citizen switches to is the one drawn, on the kiosk's word alone. */
	struct kiosk k;
	struct ui_context c = context(KIOSK_OPEN);
	kiosk_on(&k, 5, S_IDLE, I18N_VI);
	kiosk_toggle_lang(&k, T0);
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, "Please rate how satisfied you are", "toggled");
	expect_tappable(&list, UI_T_LANG, "toggled");
}

/* With one question asked, the progress reads 1/1 and the idle faces answer that question. */
static void test_single_question(void **state)
{
	struct kiosk k;
	struct ui_context c = context(KIOSK_OPEN);

	(void)state;
	start(&k, 4, false, true);
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, "Câu 1/1 · Thủ tục và kết quả giải quyết", "idle, procedure only");
	assert_false(shows(&list, "Thái độ, hướng dẫn của công chức"));
	check_levels(&list, &k, 800, 480, "idle, procedure only");
	assert_true(kiosk_confirm(&k, T0));
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, "Câu 1/1", "question, procedure only");
	assert_false(has_target(&list, UI_T_SKIP));
}

/* With the result asked too, the procedure question asks about the procedure alone and the third
 * about the result: "Câu 2/3 · Thủ tục hành chính", "Câu 3/3", "Kết quả giải quyết". */
static void test_result_question(void **state)
{
	struct kiosk_config kc = config(5, true, true);
	struct kiosk k;
	struct ui_context c = context(KIOSK_OPEN);

	(void)state;
	kc.ask[SURVEY_Q_RESULT] = true;
	start_with(&k, &kc);
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, "Câu 1/3 · Thái độ, hướng dẫn của công chức", "idle, three questions");
	assert_true(kiosk_level(&k, 5, T0));
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, "Câu 2/3", "procedure of three");
	expect_text(&list, "Thủ tục hành chính", "procedure of three");
	assert_false(shows(&list, "Thủ tục và kết quả giải quyết"));
	assert_int_equal(ui_prompt(&k, KIOSK_OPEN), PROMPT_PROCEDURE_ALONE);
	assert_true(kiosk_level(&k, 4, T0 + 1000));
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, "Câu 3/3", "result");
	expect_text(&list, "Kết quả giải quyết", "result");
	check_levels(&list, &k, 800, 480, "result");
	assert_int_equal(ui_prompt(&k, KIOSK_OPEN), PROMPT_RESULT);
	kiosk_toggle_lang(&k, T0 + 1500);
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, "The result of your case", "result, English");
}

/* DESIGN §8: after a rating the idle screen is exactly what it was before, whatever was chosen, and
 * the next citizen's first question has nothing selected. */
static void test_idle_same_after_rating(void **state)
{
	char where[64];

	(void)state;
	for (int si = 0; si < ui_n_sizes; si++) {
		int w = ui_sizes[si].w, h = ui_sizes[si].h;
		struct kiosk k, fresh;
		struct ui_context c = context(KIOSK_OPEN);
		struct rating r;
		int64_t t = T0, done;

		snprintf(where, sizeof where, "%dx%d", w, h);
		start(&k, 5, true, true);
		ui_build(&k, &c, w, h, &list);
		/* A dissatisfied citizen in English, large text, with a confirmed serious reason. */
		kiosk_toggle_lang(&k, t);
		kiosk_toggle_large(&k, t);
		assert_true(kiosk_level(&k, 1, t));
		assert_true(kiosk_level(&k, 2, t + 100));
		assert_true(kiosk_reason(&k, SURVEY_R_NHUNG_NHIEU, t + 200));
		assert_true(kiosk_confirm(&k, t + 250));
		assert_true(kiosk_reason(&k, SURVEY_R_CHO_LAU, t + 300));
		assert_true(kiosk_confirm(&k, t + 400));
		assert_true(kiosk_take(&k, &r));
		done = t + 400 + 3 * THANKS_MS;
		kiosk_tick(&k, done);
		assert_int_equal(k.screen, KIOSK_IDLE);
		ui_build(&k, &c, w, h, &list2);
		items_equal(&list, &list2, where);
		/* The same as on a kiosk that never saw anyone, for the next citizen's first question. */
		assert_true(kiosk_confirm(&k, done));
		ui_build(&k, &c, w, h, &list);
		kiosk_on(&fresh, 5, S_Q1, I18N_VI);
		ui_build(&fresh, &c, w, h, &list2);
		items_equal(&list, &list2, where);
		/* A citizen who walked away after an answer leaves no more trace. */
		assert_true(kiosk_level(&k, 4, done + 100));
		kiosk_tick(&k, done + 100 + A_MS);
		assert_true(kiosk_take(&k, &r));
		kiosk_tick(&k, done + 100 + A_MS + GAP_MS);
		ui_build(&k, &c, w, h, &list);
		start(&fresh, 5, true, true);
		ui_build(&fresh, &c, w, h, &list2);
		items_equal(&list, &list2, where);
	}
}

/* The plain thanks (and the idle screen while the interval runs) look the same whatever was rated: an
 * officer glancing at the screen learns nothing. Only a serious complaint says what happens next. */
static void test_thanks_reveals_nothing(void **state)
{
	char where[64];

	(void)state;
	for (int si = 0; si < ui_n_sizes; si++) {
		int w = ui_sizes[si].w, h = ui_sizes[si].h;
		struct kiosk happy, unhappy;
		struct ui_context c = context(KIOSK_OPEN);

		snprintf(where, sizeof where, "%dx%d", w, h);
		kiosk_on(&happy, 5, S_THANKS, I18N_VI);
		kiosk_on(&unhappy, 5, S_REASONS, I18N_VI);
		assert_true(kiosk_reason(&unhappy, SURVEY_R_THAI_DO, T0 + 200));
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

/* Going back to question 1 shows the answer given, outlined thick; nothing else is. */
static void test_selected_answer_outlined(void **state)
{
	char where[64];

	(void)state;
	for (int si = 0; si < ui_n_sizes; si++) {
		int w = ui_sizes[si].w, h = ui_sizes[si].h;
		struct kiosk k;
		struct ui_context c = context(KIOSK_OPEN);

		snprintf(where, sizeof where, "%dx%d", w, h);
		start(&k, 5, true, true);
		assert_true(kiosk_level(&k, 4, T0));
		/* Question 2 starts with nothing selected: every card has the same outline. */
		ui_build(&k, &c, w, h, &list);
		const struct ui_item *first = target_box(&list, UI_T_LEVEL + 1, where);
		uint32_t plain_line = first->line; /* kept: the list is built again below */
		for (int level = 2; level <= 5; level++) {
			const struct ui_item *card = target_box(&list, UI_T_LEVEL + level, where);
			assert_int_equal(card->line, first->line);
			assert_int_equal(card->line_w, first->line_w);
		}
		assert_true(kiosk_back(&k, T0 + 100));
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Câu 1/2", where);
		const struct ui_item *sel = target_box(&list, UI_T_LEVEL + 4, where);
		for (int level = 1; level <= 5; level++) {
			const struct ui_item *card = target_box(&list, UI_T_LEVEL + level, where);

			if (level == 4)
				continue;
			assert_int_not_equal(card->line, sel->line);
			assert_true(card->line_w < sel->line_w);
			assert_int_equal(card->line, plain_line);
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
	for (int si = 0; si < ui_n_sizes; si++) {
		int w = ui_sizes[si].w, h = ui_sizes[si].h;
		struct kiosk k;
		struct ui_context c = context(KIOSK_OPEN);
		int x, y;

		for (int s = 0; s < S_COUNT; s++) {
			kiosk_on(&k, 5, (enum screen)s, I18N_VI);
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
		kiosk_on(&k, 5, S_IDLE, I18N_VI);
		ui_build(&k, &c, w, h, &list);
		const struct ui_item *invite = find_text(&list, i18n_text(I18N_VI, I18N_INVITE));
		const struct ui_item *anon = find_text(&list, i18n_text(I18N_VI, I18N_ANONYMOUS));
		const struct ui_item *name = find_text(&list, c.officer_name);
		assert_non_null(invite);
		assert_non_null(anon);
		assert_non_null(name);
		assert_int_equal(ui_hit(&list, invite->r.x + invite->r.w / 2, invite->r.y + invite->r.h / 2),
				 UI_T_START);
		assert_int_equal(ui_hit(&list, anon->r.x + anon->r.w / 2, anon->r.y + anon->r.h / 2), UI_T_START);
		assert_int_equal(ui_hit(&list, name->r.x + name->r.w / 2, name->r.y + name->r.h / 2), UI_T_START);
		/* Between two level cards of a question: nothing; on the idle screen a tap there starts. */
		for (int s = S_IDLE; s <= S_Q1; s++) {
			kiosk_on(&k, 5, (enum screen)s, I18N_VI);
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
		cmocka_unit_test(test_result_question),
		cmocka_unit_test(test_idle_same_after_rating),
		cmocka_unit_test(test_thanks_reveals_nothing),
		cmocka_unit_test(test_selected_answer_outlined),
		cmocka_unit_test(test_level_colors_and_moods),
		cmocka_unit_test(test_hit_outside_targets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
