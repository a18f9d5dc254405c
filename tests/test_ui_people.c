/* SPDX-License-Identifier: MIT
 * test_ui_people.c — what issue 10 asked of the screens, as a citizen would check it at 800×480,
 * 480×800 and 1920×1080: every button (the language one first) at least 48 px tall; whom they rate —
 * the officer's name large, with title and photo, on the idle screen and the officer question, the
 * procedure within a transaction, and with no officer known no officer block and the procedure
 * question alone ("Câu 1/1"); why the idle screen is closed (waiting, no transaction, nobody to
 * rate); the three serious reasons under a heading of their own, above the others; a chosen chip
 * ticked, not told by colour alone; the confirmation naming the reason, with yes and no; after a
 * serious complaint a thank-you with the hotline and no grinning face; large text drawn larger. */
#include "hl.h"
#include "i18n.h"
#include "kiosk.h"
#include "kiosk_fixture.h"
#include "palette.h"
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

#define TICK "\xE2\x9C\x93" /* ✓ */

/* ---- buttons ----------------------------------------------------------------------------------- */

static void test_buttons_finger_sized(void **state)
{
	char where[96];

	(void)state;
	for (int si = 0; si < 3; si++) {
		int w = ui_sizes3[si].w, h = ui_sizes3[si].h;

		for (int s = 0; s < S_COUNT; s++) {
			for (int variant = 0; variant < 4; variant++) {
				struct kiosk k;
				struct ui_context c = context(KIOSK_OPEN);

				kiosk_on(&k, 5, (enum screen)s, variant & 1 ? I18N_EN : I18N_VI);
				if (variant & 2)
					kiosk_toggle_large(&k, T0 + 500);
				c.speech = variant != 3;
				ui_build(&k, &c, w, h, &list);
				snprintf(where, sizeof where, "%s %dx%d variant %d", screen_names[s], w, h, variant);
				const struct ui_item *lang = target_box(&list, UI_T_LANG, where);
				if (lang->r.h < UI_FINGER_PX)
					fail_msg("%s: the language button is %d px tall", where, lang->r.h);
				expect_text(&list, i18n_text(k.lang, I18N_OTHER_LANG), where);
				for (int i = 0; i < list.n; i++) {
					const struct ui_item *it = &list.items[i];
					if (it->kind == UI_RECT && it->target != UI_T_NONE && it->target != UI_T_START &&
					    it->r.h < UI_FINGER_PX)
						fail_msg("%s: the button of target %d is %d px tall", where, it->target,
							 it->r.h);
				}
				check_common(&list, &c, w, h, where);
			}
		}
	}
}

/* ---- the officer ------------------------------------------------------------------------------- */

/* The officer's name: bold, not grey, no text on the screen larger, readable when it must shrink. */
static void expect_name_large(const struct ui_list *l, const char *name, int w, int h, const char *where)
{
	const struct ui_item *t = find_text(l, name);

	if (!t)
		fail_msg("%s: the officer's name is not shown", where);
	assert_true(t->bold);
	assert_int_not_equal(t->fill, C_MUTED);
	for (int i = 0; i < l->n; i++)
		if (l->items[i].kind == UI_TEXT && l->items[i].font_px > t->font_px)
			fail_msg("%s: \"%s\" (%d px) is larger than the officer's name (%d px)", where,
				 l->items[i].text, l->items[i].font_px, t->font_px);
	if (w == 800 && h == 480 && t->min_px < 18)
		fail_msg("%s: the name may shrink to %d px", where, t->min_px);
}

/* The photo, named by the officer's code, beside the name; none when the view has none. */
static void expect_photo(const struct ui_list *l, const char *code, bool photo, const char *name, const char *where)
{
	int n = count_kind(l, UI_IMAGE);

	if (!photo) {
		if (n)
			fail_msg("%s: %d pictures without a photo", where, n);
		return;
	}
	if (n != 1)
		fail_msg("%s: %d pictures, want the officer's", where, n);
	for (int i = 0; i < l->n; i++) {
		const struct ui_item *it = &l->items[i];
		if (it->kind != UI_IMAGE)
			continue;
		assert_string_equal(it->image, code);
		const struct ui_item *t = find_text(l, name);
		assert_non_null(t);
		assert_false(overlap(it->r, t->r));
		assert_true(it->r.h >= t->r.h); /* a face one can recognise, not a thumbnail */
	}
}

static void test_officer_on_idle_and_officer_question(void **state)
{
	char where[96];

	(void)state;
	for (int si = 0; si < 3; si++) {
		int w = ui_sizes3[si].w, h = ui_sizes3[si].h;

		for (int photo = 0; photo <= 1; photo++) {
			struct kiosk k;
			struct ui_context c = context(KIOSK_OPEN);

			c.officer_photo = photo;
			c.officer_name = "Trần Văn Bình";
			start(&k, 5, true, true);
			open_txn(&k, "w1", "cb0001", "1.000001", "cb0009", T0);

			snprintf(where, sizeof where, "idle %dx%d photo %d", w, h, photo);
			ui_build(&k, &c, w, h, &list);
			check_common(&list, &c, w, h, where);
			expect_name_large(&list, "Trần Văn Bình", w, h, where);
			expect_photo(&list, "cb0001", photo, "Trần Văn Bình", where);
			expect_text(&list, "Công chức phục vụ", where);
			const struct ui_item *name = find_text(&list, "Trần Văn Bình");
			const struct ui_item *title = find_text(&list, "Chuyên viên");
			assert_non_null(title);
			assert_true(title->r.y >= name->r.y + name->r.h);

			snprintf(where, sizeof where, "officer question %dx%d photo %d", w, h, photo);
			assert_true(kiosk_confirm(&k, T0));
			assert_int_equal(k.question, QO);
			ui_build(&k, &c, w, h, &list);
			check_common(&list, &c, w, h, where);
			expect_name_large(&list, "Trần Văn Bình", w, h, where);
			expect_photo(&list, "cb0001", photo, "Trần Văn Bình", where);
			expect_text(&list, "Chuyên viên", where);

			/* The procedure question is about the procedure: no officer there. */
			snprintf(where, sizeof where, "procedure question %dx%d photo %d", w, h, photo);
			assert_true(kiosk_level(&k, 5, T0 + 100));
			assert_int_equal(k.question, QP);
			ui_build(&k, &c, w, h, &list);
			assert_null(find_text(&list, "Trần Văn Bình"));
			assert_int_equal(count_kind(&list, UI_IMAGE), 0);
			expect_text(&list, "Thủ tục: Cấp giấy phép xây dựng", where);
		}
	}
	/* Between transactions the officer on duty, by their own code. */
	struct kiosk k;
	struct ui_context c = context(KIOSK_OPEN);
	c.officer_photo = true;
	start(&k, 5, true, true);
	set_duty(&k, "cb0009", T0);
	ui_build(&k, &c, 800, 480, &list);
	expect_photo(&list, "cb0009", true, c.officer_name, "on duty");
}

/* The idle screen names who serves and, within a transaction, what, from the context's display
 * names, else the codes. */
static void test_idle_names(void **state)
{
	struct kiosk k;
	struct ui_context c = context(KIOSK_OPEN);

	(void)state;
	start(&k, 5, true, true);
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, "Công chức phục vụ", "names");
	expect_text(&list, "Nguyễn Thị Lan", "names");
	expect_text(&list, "Chuyên viên", "names");
	/* Between transactions there is no procedure to name. */
	assert_false(shows(&list, "Thủ tục"));
	open_txn(&k, "w1", "cb0777", "1.001234", "", T0);
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, "Thủ tục", "names");
	expect_text(&list, "Cấp giấy phép xây dựng", "names");
	/* A short name sits right under its label, not in the middle of room for three lines. */
	assert_true(find_text(&list, "Cấp giấy phép xây dựng")->top);
	assert_true(find_text(&list, "Cấp giấy phép xây dựng")->max_lines == 3);

	/* No display names: the codes. */
	c.officer_name = "";
	c.officer_title = "";
	c.procedure_name = "";
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, "cb0777", "codes");
	expect_text(&list, "1.001234", "codes");
	assert_false(shows(&list, OFFICER));
	assert_false(shows(&list, "Chuyên viên"));

	kiosk_toggle_lang(&k, T0);
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, "Served by", "codes, en");
	expect_text(&list, "Procedure", "codes, en");

	/* Rated: back to the officer on duty (here the configured one), no procedure. */
	rate_satisfied(&k, T0 + 100);
	kiosk_tick(&k, T0 + 1100 + THANKS_MS);
	ui_build(&k, &c, 800, 480, &list);
	expect_text(&list, OFFICER, "after the transaction");
	assert_int_equal(k.lang, I18N_VI); /* the next citizen starts in the configured language */
	assert_false(shows(&list, "Thủ tục"));
}

/* Closed — while the minimum interval runs, between transactions when ratings are taken only within
 * one, with nobody to rate — no face can be tapped and the screen says why. */
static void test_idle_gate(void **state)
{
	static const int gates[] = { KIOSK_WAIT, KIOSK_NO_TXN, KIOSK_NO_OFFICER };
	static const int keys[] = { I18N_WAIT, I18N_NO_TXN, I18N_NO_OFFICER };
	char where[64];

	(void)state;
	for (int si = 0; si < ui_n_sizes; si++) {
		int w = ui_sizes[si].w, h = ui_sizes[si].h;

		for (int lang = 0; lang < I18N_LANG_COUNT; lang++) {
			struct kiosk k;
			struct ui_context c;

			kiosk_on(&k, 5, S_IDLE, lang);
			for (int g = 0; g < 3; g++) {
				snprintf(where, sizeof where, "gate %d %dx%d", gates[g], w, h);
				c = context(gates[g]);
				ui_build(&k, &c, w, h, &list);
				check_common(&list, &c, w, h, where);
				check_no_levels(&list, where);
				for (int o = 0; o < 3; o++) {
					if (o == g)
						expect_text(&list, i18n_text(lang, keys[o]), where);
					else if (find_text(&list, i18n_text(lang, keys[o])))
						fail_msg("%s: says %d too", where, keys[o]);
				}
			}
			c = context(KIOSK_OPEN);
			ui_build(&k, &c, w, h, &list);
			for (int o = 0; o < 3; o++)
				assert_null(find_text(&list, i18n_text(lang, keys[o])));
		}
	}
	/* The kiosk's own gate drives it: only within a transaction, and none open. */
	struct kiosk k;
	struct kiosk_config kc = config(5, true, true);
	kc.only_in_txn = true;
	start_with(&k, &kc);
	struct ui_context c = context(kiosk_gate(&k, T0));
	ui_build(&k, &c, 800, 480, &list);
	check_no_levels(&list, "no transaction");
	expect_text(&list, "Mời Ông/Bà đánh giá sau khi được phục vụ", "no transaction");
}

/* Nobody known to serve: no officer block, and the procedure question alone. */
static void test_no_officer(void **state)
{
	char where[96];

	(void)state;
	for (int si = 0; si < 3; si++) {
		int w = ui_sizes3[si].w, h = ui_sizes3[si].h;
		struct kiosk_config kc = config(5, true, true);
		struct kiosk k;
		struct ui_context c = context(KIOSK_OPEN);

		kc.officer[0] = '\0';
		c.officer_name = "";
		c.officer_title = "";
		c.officer_photo = true; /* even if the view had a picture to show */
		start_with(&k, &kc);
		snprintf(where, sizeof where, "no officer, idle %dx%d", w, h);
		c.gate = kiosk_gate(&k, T0);
		assert_int_equal(c.gate, KIOSK_OPEN);
		ui_build(&k, &c, w, h, &list);
		check_common(&list, &c, w, h, where);
		check_levels(&list, &k, w, h, where);
		assert_null(find_text(&list, i18n_text(I18N_VI, I18N_SERVED_BY)));
		assert_int_equal(count_kind(&list, UI_IMAGE), 0);
		expect_text(&list, "Câu 1/1 · Thủ tục và kết quả giải quyết", where);
		assert_false(shows(&list, "Thái độ, hướng dẫn của công chức"));

		snprintf(where, sizeof where, "no officer, question %dx%d", w, h);
		assert_true(kiosk_confirm(&k, T0));
		ui_build(&k, &c, w, h, &list);
		check_common(&list, &c, w, h, where);
		expect_text(&list, "Câu 1/1", where);
		expect_text(&list, "Thủ tục và kết quả giải quyết", where);
		assert_int_equal(count_kind(&list, UI_IMAGE), 0);

		/* Only the officer question configured: nothing to rate, and the screen says so. */
		snprintf(where, sizeof where, "no officer, officer question only %dx%d", w, h);
		kc.ask[QP] = false;
		start_with(&k, &kc);
		c.gate = kiosk_gate(&k, T0);
		assert_int_equal(c.gate, KIOSK_NO_OFFICER);
		ui_build(&k, &c, w, h, &list);
		check_common(&list, &c, w, h, where);
		check_no_levels(&list, where);
		expect_text(&list, "Quầy chưa có công chức tiếp nhận", where);
	}
}

/* ---- the serious reasons ----------------------------------------------------------------------- */

static void test_serious_reasons_apart(void **state)
{
	char where[96];

	(void)state;
	for (int si = 0; si < 3; si++) {
		int w = ui_sizes3[si].w, h = ui_sizes3[si].h;

		for (int lang = 0; lang < I18N_LANG_COUNT; lang++) {
			struct kiosk k;
			struct ui_context c = context(KIOSK_OPEN);

			snprintf(where, sizeof where, "reasons %dx%d lang %d", w, h, lang);
			kiosk_on(&k, 5, S_REASONS, lang);
			ui_build(&k, &c, w, h, &list);
			const struct ui_item *serious_h = find_text(&list, i18n_text(lang, I18N_SERIOUS_TITLE));
			const struct ui_item *other_h = find_text(&list, i18n_text(lang, I18N_OTHER_REASONS));
			assert_non_null(serious_h);
			assert_non_null(other_h);
			const struct ui_item *a_serious = target_box(&list, UI_T_REASON + SURVEY_R_NHUNG_NHIEU, where);
			const struct ui_item *a_plain = target_box(&list, UI_T_REASON + SURVEY_R_CHO_LAU, where);
			for (int r = 0; r < SURVEY_R_COUNT; r++) {
				const struct ui_item *chip = target_box(&list, UI_T_REASON + r, where);

				if (survey_reason_serious(r)) {
					if (chip->r.y < serious_h->r.y + serious_h->r.h ||
					    chip->r.y + chip->r.h > other_h->r.y)
						fail_msg("%s: serious reason %d is not under its heading", where, r);
				} else if (chip->r.y < other_h->r.y + other_h->r.h) {
					fail_msg("%s: reason %d is not under \"%s\"", where, r, other_h->text);
				}
			}
			/* They look different before any is chosen: not only by where they are. */
			assert_true(a_serious->line != a_plain->line || a_serious->line_w != a_plain->line_w ||
				    a_serious->fill != a_plain->fill);
		}
	}
}

/* The words of the chip of reason r. */
static const struct ui_item *chip_text(const struct ui_list *l, int r)
{
	for (int i = 0; i < l->n; i++)
		if (l->items[i].kind == UI_TEXT && l->items[i].target == UI_T_REASON + r)
			return &l->items[i];
	fail_msg("reason %d has no words", r);
	return NULL;
}

static void test_chosen_chip_ticked(void **state)
{
	char where[96];

	(void)state;
	for (int si = 0; si < 3; si++) {
		int w = ui_sizes3[si].w, h = ui_sizes3[si].h;
		struct kiosk k;
		struct ui_context c = context(KIOSK_OPEN);

		snprintf(where, sizeof where, "chips %dx%d", w, h);
		kiosk_on(&k, 5, S_REASONS, I18N_VI);
		assert_true(kiosk_reason(&k, SURVEY_R_CHO_LAU, T0 + 200));
		assert_true(kiosk_reason(&k, SURVEY_R_GIAY_TO_NGOAI_QD, T0 + 300));
		assert_true(kiosk_confirm(&k, T0 + 400));
		ui_build(&k, &c, w, h, &list);
		check_common(&list, &c, w, h, where);
		for (int r = 0; r < SURVEY_R_COUNT; r++) {
			const struct ui_item *t = chip_text(&list, r);
			bool on = r == SURVEY_R_CHO_LAU || r == SURVEY_R_GIAY_TO_NGOAI_QD;

			if (on != (strncmp(t->text, TICK, strlen(TICK)) == 0))
				fail_msg("%s: reason %d reads \"%s\"", where, r, t->text);
			assert_non_null(strstr(t->text, i18n_reason(I18N_VI, r)));
		}
		/* Turned off again: the tick goes. */
		assert_true(kiosk_reason(&k, SURVEY_R_CHO_LAU, T0 + 500));
		ui_build(&k, &c, w, h, &list);
		assert_string_equal(chip_text(&list, SURVEY_R_CHO_LAU)->text, i18n_reason(I18N_VI, SURVEY_R_CHO_LAU));
		/* A serious reason tapped but not yet confirmed is not ticked either. */
		kiosk_on(&k, 5, S_REASONS, I18N_VI);
		assert_true(kiosk_reason(&k, SURVEY_R_NHUNG_NHIEU, T0 + 200));
		assert_true(kiosk_back(&k, T0 + 300));
		ui_build(&k, &c, w, h, &list);
		assert_string_equal(chip_text(&list, SURVEY_R_NHUNG_NHIEU)->text,
				    i18n_reason(I18N_VI, SURVEY_R_NHUNG_NHIEU));
	}
}

static void test_confirm_screen(void **state)
{
	char where[96], want[256];

	(void)state;
	for (int si = 0; si < 3; si++) {
		int w = ui_sizes3[si].w, h = ui_sizes3[si].h;

		for (int lang = 0; lang < I18N_LANG_COUNT; lang++) {
			for (int r = 0; r < SURVEY_R_COUNT; r++) {
				struct kiosk k;
				struct ui_context c = context(KIOSK_OPEN);

				if (!survey_reason_serious(r))
					continue;
				snprintf(where, sizeof where, "confirm %d %dx%d lang %d", r, w, h, lang);
				kiosk_on(&k, 5, S_REASONS, lang);
				assert_true(kiosk_reason(&k, r, T0 + 200));
				ui_build(&k, &c, w, h, &list);
				check_common(&list, &c, w, h, where);
				check_no_levels(&list, where);
				snprintf(want, sizeof want, i18n_text(lang, I18N_CONFIRM_Q), i18n_reason(lang, r));
				expect_text(&list, want, where);
				expect_tappable(&list, UI_T_YES, where);
				expect_tappable(&list, UI_T_NO, where);
				const struct ui_item *yes = target_box(&list, UI_T_YES, where);
				const struct ui_item *no = target_box(&list, UI_T_NO, where);
				const struct ui_item *yes_t = find_text(&list, i18n_text(lang, I18N_CONFIRM_YES));
				const struct ui_item *no_t = find_text(&list, i18n_text(lang, I18N_CONFIRM_NO));
				assert_non_null(yes_t);
				assert_non_null(no_t);
				assert_true(yes_t->target == UI_T_YES && contains(yes->r, yes_t->r));
				assert_true(no_t->target == UI_T_NO && contains(no->r, no_t->r));
				assert_false(has_target(&list, UI_T_REASON + r));
				assert_false(has_target(&list, UI_T_SEND));
				assert_int_equal(count_kind(&list, UI_FACE), 0);
			}
		}
	}
}

/* ---- the complaint's thanks -------------------------------------------------------------------- */

static void test_complaint_thanks_screen(void **state)
{
	char where[96];

	(void)state;
	for (int si = 0; si < 3; si++) {
		int w = ui_sizes3[si].w, h = ui_sizes3[si].h;
		struct kiosk k;
		struct ui_context c = context(KIOSK_OPEN);

		snprintf(where, sizeof where, "complaint %dx%d", w, h);
		kiosk_on(&k, 5, S_COMPLAINT, I18N_VI);
		ui_build(&k, &c, w, h, &list);
		check_common(&list, &c, w, h, where);
		expect_text(&list, "Cảm ơn Ông/Bà đã phản ánh", where);
		expect_text(&list, i18n_text(I18N_VI, I18N_COMPLAINT_NEXT), where);
		expect_text(&list, "Đường dây nóng: 1900 1234", where);
		expect_text(&list, "Theo dõi kết quả: dichvucong.gov.vn", where);
		assert_int_equal(count_kind(&list, UI_FACE), 0);
		assert_null(find_text(&list, "Cảm ơn Ông/Bà!"));

		/* No hotline nor follow-up configured: those lines are left out, not shown empty. */
		c.hotline = "";
		c.follow_up = "";
		ui_build(&k, &c, w, h, &list);
		assert_false(shows(&list, "Đường dây nóng"));
		assert_false(shows(&list, "Theo dõi kết quả"));
		expect_text(&list, i18n_text(I18N_VI, I18N_COMPLAINT_NEXT), where);

		kiosk_toggle_lang(&k, T0 + 500);
		c = context(KIOSK_OPEN);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Hotline: 1900 1234", where);
		/* A tap anywhere below the header ends it, for the next citizen not to read it. */
		assert_int_equal(ui_hit(&list, w / 2, h - 5), UI_T_START);
		assert_int_equal(ui_hit(&list, 5, h / 2), UI_T_START);
		struct kiosk tapped = k;
		assert_true(kiosk_confirm(&tapped, T0 + 600));
		assert_int_equal(tapped.screen, KIOSK_IDLE);
		assert_false(tapped.complaint);

		/* The next citizen's thanks are the plain ones, with a smile and no hotline. */
		kiosk_tick(&k, T0 + 400 + 3 * THANKS_MS);
		rate_satisfied(&k, T0 + 400 + 3 * THANKS_MS);
		ui_build(&k, &c, w, h, &list);
		expect_text(&list, "Cảm ơn Ông/Bà!", where);
		assert_int_equal(count_kind(&list, UI_FACE), 1);
		assert_false(shows(&list, "1900 1234"));
	}
}

/* ---- large text -------------------------------------------------------------------------------- */

static void test_large_text(void **state)
{
	char where[96];

	(void)state;
	for (int si = 0; si < 3; si++) {
		int w = ui_sizes3[si].w, h = ui_sizes3[si].h;

		for (int s = 0; s < S_COUNT; s++) {
			struct kiosk k;
			struct ui_context c = context(KIOSK_OPEN);

			snprintf(where, sizeof where, "%s %dx%d", screen_names[s], w, h);
			kiosk_on(&k, 5, (enum screen)s, I18N_VI);
			ui_build(&k, &c, w, h, &list);
			kiosk_toggle_large(&k, T0 + 500);
			assert_true(k.large);
			ui_build(&k, &c, w, h, &list2);
			check_common(&list2, &c, w, h, where);
			/* The same texts, each larger in a box hardly smaller (≥ 90 %) — but for the invitation on the idle
			 * screen and the hint on the reasons screen, left out so that the faces and the chips
			 * keep their room (the question and "Vì sao?" say enough). */
			for (int i = 0; i < list.n; i++) {
				const struct ui_item *a = &list.items[i], *b = NULL;

				if (a->kind != UI_TEXT)
					continue;
				for (int j = 0; j < list2.n && !b; j++)
					if (list2.items[j].kind == UI_TEXT && strcmp(list2.items[j].text, a->text) == 0)
						b = &list2.items[j];
				if (!b) {
					assert_true((s == S_IDLE && strcmp(a->text, i18n_text(I18N_VI, I18N_INVITE)) == 0) ||
						    (s == S_REASONS && strcmp(a->text, i18n_text(I18N_VI, I18N_REASONS_HINT)) == 0));
					continue;
				}
				if (b->font_px <= a->font_px || b->r.h * 10 < a->r.h * 9)
					fail_msg("%s: \"%s\" is %d px in a %d px box in large text, %d px in %d px normally", where,
						 a->text, b->font_px, b->r.h, a->font_px, a->r.h);
			}
			/* The button shows it is on. */
			assert_int_not_equal(target_box(&list, UI_T_LARGE, where)->fill,
					     target_box(&list2, UI_T_LARGE, where)->fill);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buttons_finger_sized),
		cmocka_unit_test(test_officer_on_idle_and_officer_question),
		cmocka_unit_test(test_idle_names),
		cmocka_unit_test(test_no_officer),
		cmocka_unit_test(test_idle_gate),
		cmocka_unit_test(test_serious_reasons_apart),
		cmocka_unit_test(test_chosen_chip_ticked),
		cmocka_unit_test(test_confirm_screen),
		cmocka_unit_test(test_complaint_thanks_screen),
		cmocka_unit_test(test_large_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
