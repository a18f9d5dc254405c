/* SPDX-License-Identifier: MIT
 * view.h — the SDL adapter: the window, the renderer, fonts, photos, and drawing a ui_list; with
 * view_text.c the only part of the terminal that includes SDL. Each text is broken into balanced lines
 * at the largest size that fits its box (textfit.h), rendered to a texture once and reused until the
 * screen size changes; photos are decoded (SDL2_image) once per name and box. A view is used from the
 * thread that opened it. */
#ifndef HL_VIEW_H
#define HL_VIEW_H

#include "ui.h"

#include <stdbool.h>
#include <stddef.h>

struct view_options {
	int w, h;            /* window size; 0×0: full screen at the display's size */
	int rotation;        /* 0, 90, 180 or 270 degrees clockwise: a landscape panel mounted upright */
	const char *font;    /* regular and bold font files (TTF or OTF); borrowed for the call */
	const char *font_bold;
	const char *title;
};

struct view;

/* Opens the window (SDL must be initialised). On failure *out is NULL and err says why. */
int view_open(const struct view_options *o, struct view **out, char *err, size_t cap);
void view_close(struct view *v); /* NULL safe */

/* The size the UI is laid out for (the window's, turned by the rotation). */
void view_size(struct view *v, int *w, int *h);
/* The window changed size: re-reads it and drops cached text. */
void view_resized(struct view *v);
/* Window pixel (px, py) to layout coordinates. */
void view_to_layout(struct view *v, int px, int py, int *x, int *y);
/* Window size in pixels. */
void view_window_size(struct view *v, int *w, int *h);

/* Where UI_IMAGE items find their pictures: get(ud, name, &bytes, &len) returns true and the encoded
 * bytes (JPEG or PNG) of the picture called name, false when there is none (nothing is drawn then).
 * The bytes are borrowed: they must stay as they are until get returns other bytes for that name or
 * view_images_changed is called. get is called on every frame that shows the name; NULL: no pictures.
 * Drops the pictures decoded so far. */
void view_set_images(struct view *v, bool (*get)(void *ud, const char *name, const void **bytes, size_t *len),
		     void *ud);
/* The pictures behind some names changed: drops every decoded picture (they are decoded anew when next
 * drawn). */
void view_images_changed(struct view *v);

/* Draws the list; view_present shows it. */
void view_draw(struct view *v, const struct ui_list *l);
void view_present(struct view *v);
/* Saves what was drawn and not yet presented as a PNG. HL_ERR_* and err on failure. */
int view_screenshot(struct view *v, const char *path, char *err, size_t cap);

#endif
