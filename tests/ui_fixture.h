/* SPDX-License-Identifier: MIT
 * ui_fixture.h — what the layout tests (test_ui.c, test_ui_people.c) share, written once: the screen
 * sizes a terminal meets, a kiosk brought to each screen the way a citizen brings it there, the
 * context the app hands over (names, title, hotline), and the checks every screen is held to —
 * everything on the screen, no two targets overlapping, each target hit at its centre, every button
 * a finger can find (≥ 48 px), the level cards with face, colour and label. Every helper asserts
 * with cmocka. The lists built are large, so the tests share two static ones. */
#ifndef HL_UI_FIXTURE_H
#define HL_UI_FIXTURE_H

#include "kiosk.h"
#include "ui.h"

#include <stdbool.h>

#define UI_FINGER_PX 48 /* the smallest button a finger should have to hit */

struct ui_size {
	int w, h;
};
/* 800×480, 1920×1080, 480×800, 1080×1920, and common panels in between. */
extern const struct ui_size ui_sizes[];
extern const int ui_n_sizes;
/* The three sizes of issue 10. */
extern const struct ui_size ui_sizes3[3];

enum screen { S_IDLE, S_Q1, S_Q2, S_REASONS, S_CONFIRM, S_THANKS, S_COMPLAINT, S_NOT_RECORDED, S_COUNT };
extern const char *const screen_names[S_COUNT];

extern struct ui_list list, list2;

/* A kiosk (kiosk_fixture's config, in lang) on screen s, reached the way a citizen reaches it:
 * reasons after two dissatisfied answers; the confirmation after tapping "sách nhiễu"; the
 * complaint's thanks after confirming and sending it; "not recorded" after a refused spool write. */
void kiosk_on(struct kiosk *k, int scale, enum screen s, int lang);
/* Names, title, hotline and follow-up known, no photo, spoken prompts available. */
struct ui_context context(enum kiosk_gate gate);

bool overlap(struct ui_rect a, struct ui_rect b);
bool contains(struct ui_rect outer, struct ui_rect in);
/* The one UI_RECT (card, chip or button) a target is drawn as; every other item with that target
 * lies inside it. Fails when there is none or more than one. */
const struct ui_item *target_box(const struct ui_list *l, int target, const char *where);
bool has_target(const struct ui_list *l, int target);
/* ui_find finds the target and a tap at the point it names lands on it. */
void expect_tappable(const struct ui_list *l, int target, const char *where);
/* The text item showing exactly s, or NULL; whether some text contains s. */
const struct ui_item *find_text(const struct ui_list *l, const char *s);
bool shows(const struct ui_list *l, const char *s);
void expect_text(const struct ui_list *l, const char *s, const char *where);
int count_kind(const struct ui_list *l, int kind);

/* A finger-sized box on a screen whose shorter side is min_side, for px on a 480-high panel. */
int finger(int px, int min_side);

/* What holds on every screen: items on the screen, targets apart, each item with a target hit at its
 * centre, the header's buttons and every button at least UI_FINGER_PX tall and wide. */
void check_common(const struct ui_list *l, const struct ui_context *c, int w, int h, const char *where);
/* The level cards of a screen that offers levels 1..scale. */
void check_levels(const struct ui_list *l, const struct kiosk *k, int w, int h, const char *where);
void check_no_levels(const struct ui_list *l, const char *where);
void items_equal(const struct ui_list *a, const struct ui_list *b, const char *where);

#endif
