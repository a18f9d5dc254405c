/* SPDX-License-Identifier: MIT
 * view.c — draws with SDL_RenderGeometry (rounded boxes, the faces' triangles from face.c, photos
 * through a rounded mask), so it works the same on the software renderer used headless and on a GPU.
 * Texts are broken into balanced lines by textfit.c at the largest size that fits their box and
 * rendered once into cached textures; photos are decoded by SDL2_image and cached by name. With a
 * rotation, the frame is drawn into a texture of the layout's size and turned onto the window. A
 * screenshot reads the window back between drawing and presenting, so it shows exactly what the
 * citizen sees, and SDL2_image writes it as a PNG. */
#include "view.h"

#include "face.h"
#include "hl.h"
#include "view_text.h"

#include <SDL.h>
#include <SDL_image.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VIEW_IMAGES 16
#define VIEW_ARC 10 /* segments per rounded corner */

/* A decoded photo, scaled to the size it is drawn at in a box of box_w×box_h; keyed also by the bytes
 * it came from, so new bytes under the same name are decoded anew. tex NULL: they could not be. */
struct view_image {
	char *name;
	const void *bytes;
	size_t len;
	int box_w, box_h;
	SDL_Texture *tex;
	int w, h;
	unsigned last_used;
};

struct view {
	SDL_Window *win;
	SDL_Renderer *ren;
	SDL_Texture *target; /* the layout-sized frame when rotated */
	int rotation, ww, wh, lw, lh;
	struct view_texts texts;
	struct view_image images[VIEW_IMAGES];
	bool (*get_image)(void *ud, const char *name, const void **bytes, size_t *len);
	void *images_ud;
	SDL_Vertex face_vx[3 * FACE_TRIS_MAX];
	struct face_tri face_tris[FACE_TRIS_MAX];
	unsigned clock;
};

static void view_drop_images(struct view *v)
{
	for (int i = 0; i < VIEW_IMAGES; i++) {
		if (v->images[i].tex)
			SDL_DestroyTexture(v->images[i].tex);
		free(v->images[i].name);
		memset(&v->images[i], 0, sizeof v->images[i]);
	}
}

static void view_drop_cache(struct view *v)
{
	view_drop_images(v);
	view_texts_drop(&v->texts);
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
	if (view_texts_open(&v->texts, o->font, o->font_bold, err, cap) != HL_OK) {
		free(v);
		return HL_ERR_IO;
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

/* A face is what face.c makes of it: triangles, back to front. */
static void view_face(struct view *v, const struct ui_item *it)
{
	float r = (float)(it->r.w < it->r.h ? it->r.w : it->r.h) / 2;
	float cx = (float)it->r.x + (float)it->r.w / 2, cy = (float)it->r.y + (float)it->r.h / 2;
	int n = face_build(it->mood, cx, cy, r, it->fill, v->face_tris, FACE_TRIS_MAX), k = 0;

	if (n > FACE_TRIS_MAX)
		n = FACE_TRIS_MAX;
	for (int i = 0; i < n; i++) {
		const struct face_tri *t = &v->face_tris[i];
		SDL_Color c = view_color(t->rgba);
		for (int j = 0; j < 3; j++)
			v->face_vx[k++] = (SDL_Vertex){ { t->x[j], t->y[j] }, c, { 0, 0 } };
	}
	SDL_RenderGeometry(v->ren, NULL, v->face_vx, k, NULL, 0);
}

/* ---- images ---------------------------------------------------------------------------------- */

void view_set_images(struct view *v, bool (*get)(void *ud, const char *name, const void **bytes, size_t *len),
		     void *ud)
{
	v->get_image = get;
	v->images_ud = ud;
	view_drop_images(v);
}

void view_images_changed(struct view *v)
{
	view_drop_images(v);
}

/* Halves an ARGB8888 surface by averaging each 2×2 block: a large photo shrunk in one linear step
 * would keep only one pixel in four of each block and shimmer. Frees s; NULL on failure. */
static SDL_Surface *view_halve(SDL_Surface *s)
{
	SDL_Surface *d = SDL_CreateRGBSurfaceWithFormat(0, s->w / 2, s->h / 2, 32, SDL_PIXELFORMAT_ARGB8888);

	if (d) {
		for (int y = 0; y < d->h; y++) {
			const Uint8 *r0 = (const Uint8 *)s->pixels + (size_t)(2 * y) * (size_t)s->pitch;
			const Uint8 *r1 = r0 + s->pitch;
			Uint8 *o = (Uint8 *)d->pixels + (size_t)y * (size_t)d->pitch;
			for (int x = 0; x < d->w; x++)
				for (int c = 0; c < 4; c++)
					o[4 * x + c] = (Uint8)((r0[8 * x + c] + r0[8 * x + 4 + c] + r1[8 * x + c] +
								r1[8 * x + 4 + c] + 2) / 4);
		}
	}
	SDL_FreeSurface(s);
	return d;
}

/* Decodes bytes into a texture of the largest size that fits bw×bh with the picture's proportions. */
static SDL_Texture *view_decode(struct view *v, const void *bytes, size_t len, int bw, int bh, int *w, int *h)
{
	SDL_RWops *rw = len <= INT_MAX ? SDL_RWFromConstMem(bytes, (int)len) : NULL;
	SDL_Surface *raw = rw ? IMG_Load_RW(rw, 1) : NULL, *s;
	SDL_Texture *tex = NULL;

	if (!raw)
		return NULL;
	s = raw->w > 0 && raw->h > 0 ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
	if (s) {
		double scale = fmin((double)bw / s->w, (double)bh / s->h);
		int fw = (int)lround(s->w * scale), fh = (int)lround(s->h * scale);
		fw = fw < 1 ? 1 : fw;
		fh = fh < 1 ? 1 : fh;
		while (s && s->w >= 2 * fw && s->h >= 2 * fh)
			s = view_halve(s);
		if (s && (s->w != fw || s->h != fh)) {
			SDL_Surface *d = SDL_CreateRGBSurfaceWithFormat(0, fw, fh, 32, SDL_PIXELFORMAT_ARGB8888);
			if (d && SDL_SoftStretchLinear(s, NULL, d, NULL) != 0) {
				SDL_FreeSurface(d);
				d = NULL;
			}
			SDL_FreeSurface(s);
			s = d;
		}
		if (s && (tex = SDL_CreateTextureFromSurface(v->ren, s)) != NULL) {
			SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
			*w = s->w;
			*h = s->h;
		}
		SDL_FreeSurface(s);
	}
	SDL_FreeSurface(raw);
	return tex;
}

static struct view_image *view_image_get(struct view *v, const struct ui_item *it, const void *bytes, size_t len)
{
	struct view_image *slot = &v->images[0];

	for (int i = 0; i < VIEW_IMAGES; i++) {
		struct view_image *m = &v->images[i];
		if (m->name && m->bytes == bytes && m->len == len && m->box_w == it->r.w && m->box_h == it->r.h &&
		    strcmp(m->name, it->image) == 0) {
			m->last_used = ++v->clock;
			return m;
		}
		if (!m->name || m->last_used < slot->last_used)
			slot = m;
		if (!m->name)
			break;
	}
	if (slot->tex)
		SDL_DestroyTexture(slot->tex);
	free(slot->name);
	memset(slot, 0, sizeof *slot);
	if (!(slot->name = strdup(it->image)))
		return NULL;
	/* A picture that does not decode is remembered as such, and not tried again every frame. */
	slot->tex = view_decode(v, bytes, len, it->r.w, it->r.h, &slot->w, &slot->h);
	slot->bytes = bytes;
	slot->len = len;
	slot->box_w = it->r.w;
	slot->box_h = it->r.h;
	slot->last_used = ++v->clock;
	return slot;
}

/* A photo centred in its box, through a mask of rounded corners (a circle when the radius is half its
 * side): a fan of triangles whose corners carry the texture's coordinates. */
static void view_image(struct view *v, const struct ui_item *it)
{
	SDL_FPoint pts[4 * (VIEW_ARC + 1)];
	SDL_Vertex vx[3 * 4 * (VIEW_ARC + 1)];
	const void *bytes = NULL;
	size_t len = 0;
	struct view_image *m;

	if (!it->image || !it->image[0] || it->r.w <= 0 || it->r.h <= 0 || !v->get_image ||
	    !v->get_image(v->images_ud, it->image, &bytes, &len) || !bytes || !len ||
	    !(m = view_image_get(v, it, bytes, len)) || !m->tex)
		return;
	struct ui_rect d = { it->r.x + (it->r.w - m->w) / 2, it->r.y + (it->r.h - m->h) / 2, m->w, m->h };
	float radius = (float)it->radius;
	if (radius > (float)d.w / 2)
		radius = (float)d.w / 2;
	if (radius > (float)d.h / 2)
		radius = (float)d.h / 2;
	if (radius <= 0) {
		SDL_Rect dst = { d.x, d.y, d.w, d.h };
		SDL_RenderCopy(v->ren, m->tex, NULL, &dst);
		return;
	}
	int n = view_round_path(pts, d, radius, 0), k = 0;
	SDL_FPoint centre = { (float)d.x + (float)d.w / 2, (float)d.y + (float)d.h / 2 };
	SDL_Color white = { 255, 255, 255, 255 };
	for (int i = 0; i < n; i++) {
		const SDL_FPoint *p[3] = { &centre, &pts[i], &pts[(i + 1) % n] };
		for (int j = 0; j < 3; j++)
			vx[k++] = (SDL_Vertex){ *p[j], white,
						{ (p[j]->x - (float)d.x) / (float)d.w, (p[j]->y - (float)d.y) / (float)d.h } };
	}
	SDL_RenderGeometry(v->ren, m->tex, vx, k, NULL, 0);
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
		else if (it->kind == UI_IMAGE)
			view_image(v, it);
		else
			view_texts_draw(&v->texts, v->ren, it);
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
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, v->ww, v->wh, 32, SDL_PIXELFORMAT_RGBA32);
	int rc = HL_OK;

	if (!s)
		return HL_ERR_NOMEM;
	/* Read before presenting: after a present the back buffer's content is undefined. */
	if (SDL_RenderReadPixels(v->ren, NULL, s->format->format, s->pixels, s->pitch) != 0) {
		snprintf(err, cap, "cannot read the screen: %s", SDL_GetError());
		rc = HL_ERR_IO;
	} else if (IMG_SavePNG(s, path) != 0) {
		snprintf(err, cap, "cannot write %s: %s", path, IMG_GetError());
		remove(path);
		rc = HL_ERR_IO;
	}
	SDL_FreeSurface(s);
	return rc;
}
