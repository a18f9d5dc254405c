/* SPDX-License-Identifier: MIT
 * view_text.h — private to the view: its fonts and its cache of rendered texts (view_text.c). SDL
 * inside; nothing but view.c includes it. */
#ifndef HL_VIEW_TEXT_H
#define HL_VIEW_TEXT_H

#include "ui.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIEW_FONTS 48
#define VIEW_TEXTS 192

struct view_font {
	int px;
	bool bold;
	TTF_Font *f;
};

/* One rendered text, keyed by everything that shapes it. */
struct view_text {
	char *text;
	int px, min_px, max_lines, bold, box_w, box_h, align;
	uint32_t color;
	SDL_Texture *tex;
	int w, h;
	unsigned last_used;
};

struct view_texts {
	char font_path[2][512];
	struct view_font fonts[VIEW_FONTS];
	int nfonts;
	struct view_text texts[VIEW_TEXTS];
	unsigned clock;
};

/* 0xRRGGBBAA as SDL's colour. */
SDL_Color view_color(uint32_t c);

/* Remembers the two font files (paths copied) and checks that both open. HL_ERR_IO and err if not. */
int view_texts_open(struct view_texts *t, const char *regular, const char *bold, char *err, size_t cap);
/* Closes the fonts and drops the textures (the screen changed size, or the view closes). */
void view_texts_drop(struct view_texts *t);
/* Draws a UI_TEXT item: fitted into its box on balanced lines (see view_fit), aligned as it says,
 * centred vertically. */
void view_texts_draw(struct view_texts *t, SDL_Renderer *ren, const struct ui_item *it);

#endif
