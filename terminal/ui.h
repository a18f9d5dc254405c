/* SPDX-License-Identifier: MIT
 * ui.h — what the terminal shows, as a list of boxes, texts and faces computed from the kiosk's state
 * and the screen's size, and which box a tap lands in. Pure (the microui way): no SDL, no fonts; the
 * SDL view draws the list, and fits each text into its box. Works at any size from 800×480 to
 * 1920×1080, landscape or portrait. */
#ifndef HL_UI_H
#define HL_UI_H

#include "kiosk.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ui_rect {
	int x, y, w, h;
};

/* UI_IMAGE: a picture named by `image` (an officer's code), drawn by the view scaled to fit r and
 * centred; nothing is drawn when the view has no picture by that name. */
enum ui_kind { UI_RECT, UI_TEXT, UI_FACE, UI_IMAGE };
enum ui_align { UI_LEFT, UI_CENTER, UI_RIGHT };

/* What a tap inside an item does. Levels and reasons carry their number. */
enum ui_target {
	UI_T_NONE = 0,
	UI_T_START,
	UI_T_SEND,
	UI_T_BACK,
	UI_T_SKIP,
	UI_T_LANG,
	UI_T_YES,          /* the serious reason's confirmation */
	UI_T_NO,
	UI_T_SPEAK,        /* the speaker button: spoken prompts on or off */
	UI_T_LARGE,        /* the large-text button */
	UI_T_LEVEL = 100,  /* + level 1..5 */
	UI_T_REASON = 200, /* + survey reason index */
};

struct ui_item {
	int kind;          /* enum ui_kind */
	struct ui_rect r;
	uint32_t fill;     /* 0xRRGGBBAA; alpha 0: none. UI_TEXT: the text's colour */
	uint32_t line;     /* outline colour; alpha 0: none */
	int line_w;
	int radius;        /* rounded corners of a UI_RECT */
	const char *text;  /* UI_TEXT: borrowed from static tables, the context, or the list itself */
	int font_px;       /* the largest size to draw at; the view shrinks the text to fit r */
	int min_px;        /* UI_TEXT: the smallest size; below it the text is cut with "…" (0: 8 px) */
	int max_lines;     /* UI_TEXT: at most this many lines, broken in balanced places (0: 3) */
	const char *image; /* UI_IMAGE: the picture's name, borrowed like text */
	int align;         /* enum ui_align */
	bool top;          /* UI_TEXT: against the top of r rather than centred in its height */
	bool bold;
	int mood;          /* UI_FACE: -2 very unhappy … 2 very happy */
	int target;        /* enum ui_target, for a tap inside r */
};

#define UI_MAX_ITEMS 128

struct ui_list {
	struct ui_item items[UI_MAX_ITEMS];
	int n;
	char text[4096]; /* composed strings ("Câu 1/2") live here */
	size_t text_used;
};

/* What the screen names besides the kiosk's state (whose language, text size and sound it follows);
 * strings borrowed for as long as the list lives, "" when unknown. */
struct ui_context {
	const char *counter_name;   /* the header's counter label, e.g. "Quầy 5 – Đăng ký kinh doanh" */
	const char *officer_name;
	const char *officer_title;  /* e.g. "Chuyên viên" */
	bool officer_photo;         /* the view has a picture named by the officer's code */
	const char *procedure_name;
	const char *hotline;        /* shown after a serious complaint */
	const char *follow_up;
	bool speech;                /* spoken prompts can be played: show the speaker button */
	enum kiosk_gate gate;
};

/* Builds the list for the kiosk's current screen on a w×h screen. */
void ui_build(const struct kiosk *k, const struct ui_context *c, int w, int h, struct ui_list *out);
/* The target of the topmost item with a target that contains (x, y); UI_T_NONE when none. */
int ui_hit(const struct ui_list *l, int x, int y);
/* The centre of the first item with that target (for scripts and tests); false when none. */
bool ui_find(const struct ui_list *l, int target, int *x, int *y);

/* The spoken prompt (enum prompt_clip) of the kiosk's current screen; -1 for none. */
int ui_prompt(const struct kiosk *k, enum kiosk_gate gate);

/* A level's colour and its face's mood on a scale. */
uint32_t ui_level_color(int scale, int level);
int ui_level_mood(int scale, int level);

#endif
