/* SPDX-License-Identifier: MIT
 * view_text.c — the view's texts: fonts opened per size and kept, each text broken by textfit.c into
 * balanced lines at the largest size that fits its box, rendered by SDL_ttf once and kept as a
 * texture until the screen changes size. Part of the SDL adapter (view.c owns the renderer). */
#include "view_text.h"

#include "hl.h"
#include "textfit.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

SDL_Color view_color(uint32_t c)
{
	return (SDL_Color){ (Uint8)(c >> 24), (Uint8)(c >> 16), (Uint8)(c >> 8), (Uint8)c };
}

int view_texts_open(struct view_texts *v, const char *regular, const char *bold, char *err, size_t cap)
{
	memset(v, 0, sizeof *v);
	snprintf(v->font_path[0], sizeof v->font_path[0], "%s", regular);
	snprintf(v->font_path[1], sizeof v->font_path[1], "%s", bold);
	for (int i = 0; i < 2; i++) {
		TTF_Font *probe = TTF_OpenFont(v->font_path[i], 20);
		if (!probe) {
			snprintf(err, cap, "cannot open font %s: %s", v->font_path[i], TTF_GetError());
			return HL_ERR_IO;
		}
		TTF_CloseFont(probe);
	}
	return HL_OK;
}

void view_texts_drop(struct view_texts *v)
{
	for (int i = 0; i < v->nfonts; i++)
		TTF_CloseFont(v->fonts[i].f);
	v->nfonts = 0;
	for (int i = 0; i < VIEW_TEXTS; i++) {
		if (v->texts[i].tex)
			SDL_DestroyTexture(v->texts[i].tex);
		free(v->texts[i].text);
		memset(&v->texts[i], 0, sizeof v->texts[i]);
	}
}

static TTF_Font *view_font(struct view_texts *v, int px, bool bold)
{
	for (int i = 0; i < v->nfonts; i++)
		if (v->fonts[i].px == px && v->fonts[i].bold == bold)
			return v->fonts[i].f;
	TTF_Font *f = TTF_OpenFont(v->font_path[bold], px);
	if (!f)
		return NULL;
	if (v->nfonts == VIEW_FONTS) {
		TTF_CloseFont(v->fonts[0].f);
		memmove(v->fonts, v->fonts + 1, sizeof v->fonts[0] * (VIEW_FONTS - 1));
		v->nfonts--;
	}
	v->fonts[v->nfonts++] = (struct view_font){ px, bold, f };
	return f;
}

/* textfit's measure: the width of s[0 … len-1] in one font (TTF_SizeUTF8 wants a C string). */
struct view_measure {
	TTF_Font *font;
	char buf[512];
};

static int view_measure_text(void *ud, const char *s, size_t len)
{
	struct view_measure *m = ud;
	char *p = len < sizeof m->buf ? m->buf : malloc(len + 1);
	int w, h;

	if (!p)
		return INT_MAX;
	memcpy(p, s, len);
	p[len] = '\0';
	if (TTF_SizeUTF8(m->font, p, &w, &h) != 0)
		w = INT_MAX;
	if (p != m->buf)
		free(p);
	return w;
}

/* The height of n lines as TTF_RenderUTF8_Blended_Wrapped draws them: one line as tall as its
 * stacked accents reach ("Ấ" rises above the font's ascent), then a line skip for each more. */
static int view_lines_h(TTF_Font *f, int n)
{
	int w, h;

	if (TTF_SizeUTF8(f, "\xE1\xBA\xA4g", &w, &h) != 0 || h < TTF_FontHeight(f)) /* "Ấg" */
		h = TTF_FontHeight(f);
	return h + (n > 1 ? (n - 1) * TTF_FontLineSkip(f) : 0);
}

/* text broken for a w×h box at size px into out; false when it does not fit. */
static bool view_try(struct view_texts *v, const char *text, int px, bool bold, int w, int h, int lines, unsigned flags,
		     char *out, size_t cap)
{
	struct view_measure m = { .font = view_font(v, px, bold) };
	struct textfit_result r;

	return m.font && textfit_break(text, w, lines, flags, view_measure_text, &m, out, cap, &r) == HL_OK &&
	       view_lines_h(m.font, r.lines) <= h;
}

/* Renders the item's text at the largest size from font_px down to min_px at which it goes on at most
 * max_lines balanced lines in its box (a fitting size stays fitting at smaller sizes, so the search
 * halves the range); at min_px, lines of one word are allowed, and after that the text is cut with
 * "…". The lines are joined by '\n', which SDL_ttf's wrapped renderer honours with a wrap length of 0,
 * and aligned as the item says. */
static SDL_Surface *view_fit(struct view_texts *v, const struct ui_item *it)
{
	int min_px = it->min_px > 0 ? it->min_px : 8, max_px = it->font_px, lines = it->max_lines > 0 ? it->max_lines : 3;
	int w = it->r.w, h = it->r.h, px;
	size_t cap = strlen(it->text) + 16;
	char *out = malloc(cap);
	SDL_Surface *s = NULL;
	TTF_Font *f;

	if (!out)
		return NULL;
	if (max_px < min_px)
		max_px = min_px;
	if (view_try(v, it->text, max_px, it->bold, w, h, lines, 0, out, cap)) {
		px = max_px;
	} else if (view_try(v, it->text, min_px, it->bold, w, h, lines, 0, out, cap)) {
		int lo = min_px, hi = max_px;
		while (hi - lo > 1) {
			int mid = lo + (hi - lo) / 2;
			if (view_try(v, it->text, mid, it->bold, w, h, lines, 0, out, cap))
				lo = mid;
			else
				hi = mid;
		}
		px = lo;
		view_try(v, it->text, px, it->bold, w, h, lines, 0, out, cap);
	} else {
		px = min_px;
		if (!view_try(v, it->text, px, it->bold, w, h, lines, TEXTFIT_LONE_OK, out, cap)) {
			struct view_measure m = { .font = view_font(v, px, it->bold) };
			struct textfit_result r;
			int room = 1;
			if (m.font) {
				while (room < lines && view_lines_h(m.font, room + 1) <= h)
					room++;
			}
			if (!m.font || textfit_cut(it->text, w, room, view_measure_text, &m, out, cap, &r) != HL_OK)
				goto out;
		}
	}
	if (!out[0] || !(f = view_font(v, px, it->bold)))
		goto out;
	if (!strchr(out, '\n')) {
		s = TTF_RenderUTF8_Blended(f, out, view_color(it->fill));
	} else {
		TTF_SetFontWrappedAlign(f, it->align == UI_CENTER  ? TTF_WRAPPED_ALIGN_CENTER
					   : it->align == UI_RIGHT ? TTF_WRAPPED_ALIGN_RIGHT
								   : TTF_WRAPPED_ALIGN_LEFT);
		s = TTF_RenderUTF8_Blended_Wrapped(f, out, view_color(it->fill), 0);
	}
out:
	free(out);
	return s;
}

static struct view_text *view_text_get(struct view_texts *v, SDL_Renderer *ren, const struct ui_item *it)
{
	struct view_text *slot = &v->texts[0];

	for (int i = 0; i < VIEW_TEXTS; i++) {
		struct view_text *t = &v->texts[i];
		if (t->text && t->px == it->font_px && t->min_px == it->min_px && t->max_lines == it->max_lines &&
		    t->bold == it->bold && t->box_w == it->r.w &&
		    t->box_h == it->r.h && t->color == it->fill && t->align == it->align && strcmp(t->text, it->text) == 0) {
			t->last_used = ++v->clock;
			return t;
		}
		if (!t->text || t->last_used < slot->last_used)
			slot = t;
		if (!t->text)
			break;
	}
	if (slot->tex)
		SDL_DestroyTexture(slot->tex);
	free(slot->text);
	memset(slot, 0, sizeof *slot);
	SDL_Surface *s = view_fit(v, it);
	if (!s)
		return NULL;
	slot->tex = SDL_CreateTextureFromSurface(ren, s);
	slot->w = s->w;
	slot->h = s->h;
	SDL_FreeSurface(s);
	slot->text = strdup(it->text);
	if (!slot->tex || !slot->text) {
		if (slot->tex)
			SDL_DestroyTexture(slot->tex);
		free(slot->text);
		memset(slot, 0, sizeof *slot);
		return NULL;
	}
	slot->px = it->font_px;
	slot->min_px = it->min_px;
	slot->max_lines = it->max_lines;
	slot->bold = it->bold;
	slot->box_w = it->r.w;
	slot->box_h = it->r.h;
	slot->color = it->fill;
	slot->align = it->align;
	slot->last_used = ++v->clock;
	return slot;
}

void view_texts_draw(struct view_texts *v, SDL_Renderer *ren, const struct ui_item *it)
{
	struct view_text *t;

	if (!it->text || !it->text[0] || it->r.w <= 0 || it->r.h <= 0 || !(t = view_text_get(v, ren, it)))
		return;
	SDL_Rect dst = { it->r.x, it->r.y + (it->top ? 0 : (it->r.h - t->h) / 2), t->w, t->h };
	if (it->align == UI_CENTER)
		dst.x += (it->r.w - t->w) / 2;
	else if (it->align == UI_RIGHT)
		dst.x += it->r.w - t->w;
	SDL_RenderCopy(ren, t->tex, NULL, &dst);
}
