/* SPDX-License-Identifier: MIT
 * view.c — draws with SDL_RenderGeometry (filled circles, rounded boxes, the faces' mouths as thick
 * curves), so it works the same on the software renderer used headless and on a GPU. With a rotation,
 * the frame is drawn into a texture of the layout's size and turned onto the window. A screenshot
 * reads the window back between drawing and presenting, so it shows exactly what the citizen sees. */
#include "view.h"

#include "hl.h"
#include "png.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VIEW_FONTS 48
#define VIEW_TEXTS 192
#define VIEW_ARC 10 /* segments per rounded corner */

struct view_font {
	int px;
	bool bold;
	TTF_Font *f;
};

struct view_text {
	char *text;
	int px, bold, box_w, box_h, align;
	uint32_t color;
	SDL_Texture *tex;
	int w, h;
	unsigned last_used;
};

struct view {
	SDL_Window *win;
	SDL_Renderer *ren;
	SDL_Texture *target; /* the layout-sized frame when rotated */
	int rotation, ww, wh, lw, lh;
	char font_path[2][512];
	struct view_font fonts[VIEW_FONTS];
	int nfonts;
	struct view_text texts[VIEW_TEXTS];
	unsigned clock;
};

static SDL_Color view_color(uint32_t c)
{
	return (SDL_Color){ (Uint8)(c >> 24), (Uint8)(c >> 16), (Uint8)(c >> 8), (Uint8)c };
}

static void view_drop_cache(struct view *v)
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

static void view_measure(struct view *v)
{
	SDL_GetRendererOutputSize(v->ren, &v->ww, &v->wh);
	bool turned = v->rotation == 90 || v->rotation == 270;
	v->lw = turned ? v->wh : v->ww;
	v->lh = turned ? v->ww : v->wh;
	if (v->target)
		SDL_DestroyTexture(v->target);
	v->target = NULL;
	if (v->rotation)
		v->target = SDL_CreateTexture(v->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, v->lw, v->lh);
}

int view_open(const struct view_options *o, struct view **out, char *err, size_t cap)
{
	struct view *v = calloc(1, sizeof *v);
	Uint32 flags = SDL_WINDOW_SHOWN;
	int w = o->w, h = o->h;

	*out = NULL;
	if (!v)
		return HL_ERR_NOMEM;
	v->rotation = o->rotation;
	snprintf(v->font_path[0], sizeof v->font_path[0], "%s", o->font);
	snprintf(v->font_path[1], sizeof v->font_path[1], "%s", o->font_bold);
	for (int i = 0; i < 2; i++) {
		TTF_Font *probe = TTF_OpenFont(v->font_path[i], 20);
		if (!probe) {
			snprintf(err, cap, "cannot open font %s: %s", v->font_path[i], TTF_GetError());
			free(v);
			return HL_ERR_IO;
		}
		TTF_CloseFont(probe);
	}
	if (w <= 0 || h <= 0) {
		SDL_DisplayMode dm;
		flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
		w = SDL_GetDesktopDisplayMode(0, &dm) == 0 ? dm.w : 1280;
		h = SDL_GetDesktopDisplayMode(0, &dm) == 0 ? dm.h : 800;
	}
	v->win = SDL_CreateWindow(o->title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
	if (v->win)
		v->ren = SDL_CreateRenderer(v->win, -1, SDL_RENDERER_TARGETTEXTURE);
	if (!v->win || !v->ren) {
		snprintf(err, cap, "cannot open a window: %s", SDL_GetError());
		view_close(v);
		return HL_ERR_IO;
	}
	SDL_ShowCursor(SDL_DISABLE);
	view_measure(v);
	*out = v;
	return HL_OK;
}

void view_close(struct view *v)
{
	if (!v)
		return;
	view_drop_cache(v);
	if (v->target)
		SDL_DestroyTexture(v->target);
	if (v->ren)
		SDL_DestroyRenderer(v->ren);
	if (v->win)
		SDL_DestroyWindow(v->win);
	free(v);
}

void view_size(struct view *v, int *w, int *h)
{
	*w = v->lw;
	*h = v->lh;
}

void view_window_size(struct view *v, int *w, int *h)
{
	*w = v->ww;
	*h = v->wh;
}

void view_resized(struct view *v)
{
	view_drop_cache(v);
	view_measure(v);
}

void view_to_layout(struct view *v, int px, int py, int *x, int *y)
{
	switch (v->rotation) {
	case 90:
		*x = py;
		*y = v->lh - 1 - px;
		break;
	case 180:
		*x = v->lw - 1 - px;
		*y = v->lh - 1 - py;
		break;
	case 270:
		*x = v->lw - 1 - py;
		*y = px;
		break;
	default:
		*x = px;
		*y = py;
	}
}

/* ---- shapes ------------------------------------------------------------------------------------ */

/* The outline of a rounded box inset by d, clockwise, into pts; returns the count. */
static int view_round_path(SDL_FPoint *pts, struct ui_rect r, float radius, float d)
{
	float x0 = (float)r.x + d, y0 = (float)r.y + d, x1 = (float)(r.x + r.w) - d, y1 = (float)(r.y + r.h) - d;
	float rad = radius - d;
	const float cx[4] = { x1 - rad, x1 - rad, x0 + rad, x0 + rad }, cy[4] = { y0 + rad, y1 - rad, y1 - rad, y0 + rad };
	int n = 0;

	if (rad < 0)
		rad = 0;
	for (int c = 0; c < 4; c++) {
		for (int i = 0; i <= VIEW_ARC; i++) {
			float a = (float)M_PI * (-0.5f + 0.5f * (float)c + 0.5f * (float)i / VIEW_ARC);
			pts[n++] = (SDL_FPoint){ cx[c] + rad * cosf(a), cy[c] + rad * sinf(a) };
		}
	}
	return n;
}

static void view_fan(struct view *v, const SDL_FPoint *pts, int n, SDL_FPoint centre, uint32_t color)
{
	SDL_Vertex vx[3 * 4 * (VIEW_ARC + 1) * 2];
	SDL_Color c = view_color(color);
	int k = 0;

	for (int i = 0; i < n && k + 3 <= (int)(sizeof vx / sizeof vx[0]); i++) {
		vx[k++] = (SDL_Vertex){ centre, c, { 0, 0 } };
		vx[k++] = (SDL_Vertex){ pts[i], c, { 0, 0 } };
		vx[k++] = (SDL_Vertex){ pts[(i + 1) % n], c, { 0, 0 } };
	}
	SDL_RenderGeometry(v->ren, NULL, vx, k, NULL, 0);
}

/* A band between two closed paths of n points each. */
static void view_band(struct view *v, const SDL_FPoint *outer, const SDL_FPoint *inner, int n, uint32_t color)
{
	SDL_Vertex vx[6 * 4 * (VIEW_ARC + 1) * 2];
	SDL_Color c = view_color(color);
	int k = 0;

	for (int i = 0; i < n && k + 6 <= (int)(sizeof vx / sizeof vx[0]); i++) {
		int j = (i + 1) % n;
		vx[k++] = (SDL_Vertex){ outer[i], c, { 0, 0 } };
		vx[k++] = (SDL_Vertex){ outer[j], c, { 0, 0 } };
		vx[k++] = (SDL_Vertex){ inner[i], c, { 0, 0 } };
		vx[k++] = (SDL_Vertex){ inner[i], c, { 0, 0 } };
		vx[k++] = (SDL_Vertex){ outer[j], c, { 0, 0 } };
		vx[k++] = (SDL_Vertex){ inner[j], c, { 0, 0 } };
	}
	SDL_RenderGeometry(v->ren, NULL, vx, k, NULL, 0);
}

static void view_box(struct view *v, const struct ui_item *it)
{
	SDL_FPoint outer[4 * (VIEW_ARC + 1)], inner[4 * (VIEW_ARC + 1)];
	float radius = (float)it->radius;
	SDL_FPoint centre = { (float)it->r.x + (float)it->r.w / 2, (float)it->r.y + (float)it->r.h / 2 };

	if (radius > (float)it->r.w / 2)
		radius = (float)it->r.w / 2;
	if (radius > (float)it->r.h / 2)
		radius = (float)it->r.h / 2;
	if (radius <= 0 && (it->fill & 0xFF) && !(it->line & 0xFF)) {
		SDL_Color c = view_color(it->fill);
		SDL_Rect rr = { it->r.x, it->r.y, it->r.w, it->r.h };
		SDL_SetRenderDrawColor(v->ren, c.r, c.g, c.b, c.a);
		SDL_RenderFillRect(v->ren, &rr);
		return;
	}
	int n = view_round_path(outer, it->r, radius, 0);
	if (it->fill & 0xFF)
		view_fan(v, outer, n, centre, it->fill);
	if ((it->line & 0xFF) && it->line_w > 0) {
		view_round_path(inner, it->r, radius, (float)it->line_w);
		view_band(v, outer, inner, n, it->line);
	}
}

static void view_disc(struct view *v, float cx, float cy, float r, uint32_t color)
{
	enum { SEG = 48 };
	SDL_FPoint pts[SEG];

	for (int i = 0; i < SEG; i++) {
		float a = 2.0f * (float)M_PI * (float)i / SEG;
		pts[i] = (SDL_FPoint){ cx + r * cosf(a), cy + r * sinf(a) };
	}
	view_fan(v, pts, SEG, (SDL_FPoint){ cx, cy }, color);
}

/* A face: a coloured disc, two eyes, and a mouth that curves up with a good mood, down with a bad one. */
static void view_face(struct view *v, const struct ui_item *it)
{
	enum { STEPS = 16 };
	float r = (float)(it->r.w < it->r.h ? it->r.w : it->r.h) / 2;
	float cx = (float)it->r.x + (float)it->r.w / 2, cy = (float)it->r.y + (float)it->r.h / 2;
	const uint32_t ink = 0x1F2933FFu;
	float m = (float)it->mood, thick = r * 0.09f;
	SDL_FPoint top[STEPS + 1], bot[STEPS + 1];

	view_disc(v, cx, cy, r, 0x00000030u);            /* a soft edge */
	view_disc(v, cx, cy, r * 0.96f, it->fill);
	view_disc(v, cx - r * 0.33f, cy - r * 0.2f, r * 0.1f, ink);
	view_disc(v, cx + r * 0.33f, cy - r * 0.2f, r * 0.1f, ink);
	/* Mouth: a quadratic curve from corner to corner through a control point. */
	float ex = r * 0.42f, ey = r * 0.33f - m * r * 0.04f, ctrl = r * 0.33f + m * r * 0.2f;
	for (int i = 0; i <= STEPS; i++) {
		float t = (float)i / STEPS, x = -ex + 2 * ex * t;
		float y = (1 - t) * (1 - t) * ey + 2 * (1 - t) * t * ctrl + t * t * ey;
		top[i] = (SDL_FPoint){ cx + x, cy + y - thick / 2 };
		bot[i] = (SDL_FPoint){ cx + x, cy + y + thick / 2 };
	}
	SDL_Vertex vx[6 * STEPS];
	SDL_Color c = view_color(ink);
	int k = 0;
	for (int i = 0; i < STEPS; i++) {
		vx[k++] = (SDL_Vertex){ top[i], c, { 0, 0 } };
		vx[k++] = (SDL_Vertex){ top[i + 1], c, { 0, 0 } };
		vx[k++] = (SDL_Vertex){ bot[i], c, { 0, 0 } };
		vx[k++] = (SDL_Vertex){ bot[i], c, { 0, 0 } };
		vx[k++] = (SDL_Vertex){ top[i + 1], c, { 0, 0 } };
		vx[k++] = (SDL_Vertex){ bot[i + 1], c, { 0, 0 } };
	}
	SDL_RenderGeometry(v->ren, NULL, vx, k, NULL, 0);
	view_disc(v, cx - ex, cy + ey, thick / 2, ink);
	view_disc(v, cx + ex, cy + ey, thick / 2, ink);
}

/* ---- text -------------------------------------------------------------------------------------- */

static TTF_Font *view_font(struct view *v, int px, bool bold)
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

/* Renders text at the largest size up to px that fits w×h, wrapping lines when needed. */
static SDL_Surface *view_fit(struct view *v, const char *text, int px, bool bold, int align, uint32_t color,
			     int w, int h)
{
	SDL_Color c = view_color(color);

	for (int size = px; size >= 8; size = size * 9 / 10) {
		TTF_Font *f = view_font(v, size, bold);
		int tw, th;
		if (!f)
			return NULL;
		if (TTF_SizeUTF8(f, text, &tw, &th) == 0 && tw <= w && th <= h)
			return TTF_RenderUTF8_Blended(f, text, c);
		TTF_SetFontWrappedAlign(f, align == UI_CENTER ? TTF_WRAPPED_ALIGN_CENTER
					   : align == UI_RIGHT ? TTF_WRAPPED_ALIGN_RIGHT : TTF_WRAPPED_ALIGN_LEFT);
		SDL_Surface *s = TTF_RenderUTF8_Blended_Wrapped(f, text, c, (Uint32)w);
		if (s && s->w <= w && s->h <= h)
			return s;
		SDL_FreeSurface(s);
		if (size <= 8)
			break;
	}
	TTF_Font *f = view_font(v, 8, bold);
	return f ? TTF_RenderUTF8_Blended_Wrapped(f, text, c, (Uint32)w) : NULL;
}

static struct view_text *view_text_get(struct view *v, const struct ui_item *it)
{
	struct view_text *slot = &v->texts[0];

	for (int i = 0; i < VIEW_TEXTS; i++) {
		struct view_text *t = &v->texts[i];
		if (t->text && t->px == it->font_px && t->bold == it->bold && t->box_w == it->r.w &&
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
	SDL_Surface *s = view_fit(v, it->text, it->font_px, it->bold, it->align, it->fill, it->r.w, it->r.h);
	if (!s)
		return NULL;
	slot->tex = SDL_CreateTextureFromSurface(v->ren, s);
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
	slot->bold = it->bold;
	slot->box_w = it->r.w;
	slot->box_h = it->r.h;
	slot->color = it->fill;
	slot->align = it->align;
	slot->last_used = ++v->clock;
	return slot;
}

static void view_text(struct view *v, const struct ui_item *it)
{
	struct view_text *t;

	if (!it->text || !it->text[0] || it->r.w <= 0 || it->r.h <= 0 || !(t = view_text_get(v, it)))
		return;
	SDL_Rect dst = { it->r.x, it->r.y + (it->r.h - t->h) / 2, t->w, t->h };
	if (it->align == UI_CENTER)
		dst.x += (it->r.w - t->w) / 2;
	else if (it->align == UI_RIGHT)
		dst.x += it->r.w - t->w;
	SDL_RenderCopy(v->ren, t->tex, NULL, &dst);
}

/* ---- frames ------------------------------------------------------------------------------------ */

void view_draw(struct view *v, const struct ui_list *l)
{
	SDL_SetRenderTarget(v->ren, v->target);
	SDL_SetRenderDrawBlendMode(v->ren, SDL_BLENDMODE_BLEND);
	SDL_SetRenderDrawColor(v->ren, 0, 0, 0, 255);
	SDL_RenderClear(v->ren);
	for (int i = 0; i < l->n; i++) {
		const struct ui_item *it = &l->items[i];
		if (it->kind == UI_RECT)
			view_box(v, it);
		else if (it->kind == UI_FACE)
			view_face(v, it);
		else
			view_text(v, it);
	}
	if (v->target) {
		SDL_SetRenderTarget(v->ren, NULL);
		SDL_RenderClear(v->ren);
		SDL_Rect dst = { (v->ww - v->lw) / 2, (v->wh - v->lh) / 2, v->lw, v->lh };
		SDL_RenderCopyEx(v->ren, v->target, NULL, &dst, v->rotation, NULL, SDL_FLIP_NONE);
	}
}

void view_present(struct view *v)
{
	SDL_RenderPresent(v->ren);
}

int view_screenshot(struct view *v, const char *path, char *err, size_t cap)
{
	int w = v->ww, h = v->wh, rc;
	uint8_t *px = malloc((size_t)w * (size_t)h * 4);

	if (!px)
		return HL_ERR_NOMEM;
	/* Read before presenting: after a present the back buffer's content is undefined. */
	if (SDL_RenderReadPixels(v->ren, NULL, SDL_PIXELFORMAT_ABGR8888, px, w * 4) != 0) {
		snprintf(err, cap, "cannot read the screen: %s", SDL_GetError());
		free(px);
		return HL_ERR_IO;
	}
	rc = png_write(path, px, w, h, (size_t)w * 4);
	if (rc != HL_OK)
		snprintf(err, cap, "cannot write %s", path);
	free(px);
	return rc;
}
