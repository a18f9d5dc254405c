/* SPDX-License-Identifier: MIT
 * face.c — the five rating faces as triangles (see face.h). Geometry is written in units of the
 * face's radius with y down, then scaled and moved to the face's centre; strokes (mouths, brows, arc
 * eyes) are polylines widened along their normals with round caps. Pure; writes only the caller's
 * array. */
#include "face.h"

#include "colour.h"
#include "palette.h"

#include <math.h>
#include <stddef.h>

#define FACE_PI 3.14159265358979f

struct face_out {
	struct face_tri *t;
	int cap, n;
	float cx, cy, r;
};

/* Adds one triangle given in face units; counts it even when it does not fit. */
static void face_tri(struct face_out *o, const float p[6], uint32_t rgba, int part)
{
	if (o->n < o->cap) {
		struct face_tri *t = &o->t[o->n];
		for (int i = 0; i < 3; i++) {
			t->x[i] = o->cx + p[2 * i] * o->r;
			t->y[i] = o->cy + p[2 * i + 1] * o->r;
		}
		t->rgba = rgba;
		t->part = part;
	}
	o->n++;
}

static void face_disc(struct face_out *o, float x, float y, float rad, int seg, uint32_t rgba, int part)
{
	for (int i = 0; i < seg; i++) {
		float a0 = 2 * FACE_PI * (float)i / (float)seg, a1 = 2 * FACE_PI * (float)(i + 1) / (float)seg;
		float p[6] = { x, y, x + rad * cosf(a0), y + rad * sinf(a0), x + rad * cosf(a1), y + rad * sinf(a1) };
		face_tri(o, p, rgba, part);
	}
}

/* A convex polygon (or one star-shaped around its first point's fan centre) as a fan from (fx, fy). */
static void face_fan(struct face_out *o, float fx, float fy, const float *px, const float *py, int n,
		     uint32_t rgba, int part)
{
	for (int i = 0; i < n; i++) {
		int j = (i + 1) % n;
		float p[6] = { fx, fy, px[i], py[i], px[j], py[j] };
		face_tri(o, p, rgba, part);
	}
}

enum { FACE_STEPS = 16, FACE_CAP_SEG = 10 };

/* Samples the quadratic Bézier (x0,y0)–(qx,qy)–(x1,y1) at steps+1 points over t in [t0, t1]. */
static void face_quad(float x0, float y0, float qx, float qy, float x1, float y1, float t0, float t1, int steps,
		      float *px, float *py)
{
	for (int i = 0; i <= steps; i++) {
		float t = t0 + (t1 - t0) * (float)i / (float)steps, u = 1 - t;
		px[i] = u * u * x0 + 2 * u * t * qx + t * t * x1;
		py[i] = u * u * y0 + 2 * u * t * qy + t * t * y1;
	}
}

/* A polyline of n points widened to thick, with round ends. */
static void face_stroke(struct face_out *o, const float *px, const float *py, int n, float thick, uint32_t rgba,
			int part)
{
	float h = thick / 2, lx[FACE_STEPS + 1], ly[FACE_STEPS + 1], rx[FACE_STEPS + 1], ry[FACE_STEPS + 1];

	if (n > FACE_STEPS + 1)
		n = FACE_STEPS + 1;
	for (int i = 0; i < n; i++) {
		int a = i > 0 ? i - 1 : i, b = i < n - 1 ? i + 1 : i;
		float dx = px[b] - px[a], dy = py[b] - py[a], len = sqrtf(dx * dx + dy * dy);
		float nx = len > 0 ? -dy / len : 0, ny = len > 0 ? dx / len : 1;
		lx[i] = px[i] + nx * h, ly[i] = py[i] + ny * h;
		rx[i] = px[i] - nx * h, ry[i] = py[i] - ny * h;
	}
	for (int i = 0; i + 1 < n; i++) {
		float p1[6] = { lx[i], ly[i], lx[i + 1], ly[i + 1], rx[i], ry[i] };
		float p2[6] = { rx[i], ry[i], lx[i + 1], ly[i + 1], rx[i + 1], ry[i + 1] };
		face_tri(o, p1, rgba, part);
		face_tri(o, p2, rgba, part);
	}
	face_disc(o, px[0], py[0], h, FACE_CAP_SEG, rgba, part);
	face_disc(o, px[n - 1], py[n - 1], h, FACE_CAP_SEG, rgba, part);
}

/* The mouth of moods -2 … 1: a curve from corner to corner; the corners' height and the middle's
 * control point set how far it bends (down for unhappy, flat at 0, up for happy). */
static const struct {
	float half_w, corner_y, ctrl_y;
} face_mouths[4] = {
	{ 0.40f, 0.52f, 0.00f }, /* -2: deep frown, the middle 0.26 r above the corners */
	{ 0.36f, 0.44f, 0.20f }, /* -1: slight frown, 0.12 r */
	{ 0.32f, 0.36f, 0.36f }, /*  0: straight */
	{ 0.42f, 0.28f, 0.60f }, /*  1: smile */
};

#define FACE_TONGUE_RGBA 0xE57373FFu

/* Mood 2: an open mouth, flat on top and round below, filled with ink, a tongue in its lower part. */
static void face_laugh(struct face_out *o, uint32_t ink)
{
	enum { N = 20, T = 8 };
	const float w = 0.46f, top = 0.17f, ctrl = 0.17f + 2 * (0.57f - 0.17f);
	float px[N + 1], py[N + 1], tx[2 * T + 2], ty[2 * T + 2];

	face_quad(-w, top, 0, ctrl, w, top, 0, 1, N, px, py);
	face_fan(o, 0, 0.36f, px, py, N + 1, ink, FACE_MOUTH); /* the closing edge is the flat top */
	/* The tongue: the lower lip between t = 0.25 and 0.75, closed by an arc bulging upwards. */
	face_quad(-w, top, 0, ctrl, w, top, 0.25f, 0.75f, T, tx, ty);
	float x1 = tx[T], y1 = ty[T], x0 = tx[0], y0 = ty[0];
	face_quad(x1, y1, 0, 0.29f, x0, y0, 0, 1, T, tx + T + 1, ty + T + 1);
	face_fan(o, 0, 0.47f, tx, ty, 2 * T + 2, FACE_TONGUE_RGBA, FACE_TONGUE);
}

int face_build(int mood, float cx, float cy, float r, uint32_t fill, struct face_tri *out, int cap)
{
	struct face_out o = { out, out ? cap : 0, 0, cx, cy, r };
	uint32_t ink = face_ink(fill);
	float px[FACE_STEPS + 1], py[FACE_STEPS + 1];

	if (mood < -2)
		mood = -2;
	if (mood > 2)
		mood = 2;
	face_disc(&o, 0, 0, 1, 48, 0x00000030u, FACE_SHADOW); /* a soft edge */
	face_disc(&o, 0, 0, 0.96f, 48, fill, FACE_DISC);
	for (int side = -1; side <= 1; side += 2) {
		float ex = 0.33f * (float)side;
		if (mood == 2) { /* laughing eyes: arcs bulging upwards */
			face_quad(ex - 0.14f, -0.15f, ex, -0.37f, ex + 0.14f, -0.15f, 0, 1, 12, px, py);
			face_stroke(&o, px, py, 13, 0.08f, ink, FACE_EYE);
		} else {
			face_disc(&o, ex, -0.2f, 0.1f, 20, ink, FACE_EYE);
		}
		if (mood == -2) { /* brows raised towards the middle: distress */
			float bx[2] = { 0.50f * (float)side, 0.17f * (float)side }, by[2] = { -0.37f, -0.49f };
			face_stroke(&o, bx, by, 2, 0.07f, ink, FACE_BROW);
		}
	}
	if (mood == 2) {
		face_laugh(&o, ink);
	} else {
		float w = face_mouths[mood + 2].half_w, cy0 = face_mouths[mood + 2].corner_y;
		/* A straight mouth is one segment: many collinear pieces leave seams in software renderers. */
		int steps = mood == 0 ? 1 : FACE_STEPS;
		face_quad(-w, cy0, 0, face_mouths[mood + 2].ctrl_y, w, cy0, 0, 1, steps, px, py);
		face_stroke(&o, px, py, steps + 1, 0.1f, ink, FACE_MOUTH);
	}
	return o.n;
}

static double face_worst(uint32_t fill, uint32_t ink)
{
	double worst = 21;
	for (int v = 0; v < COLOUR_VISIONS; v++) {
		double c = colour_contrast(colour_simulate(fill, v), colour_simulate(ink, v));
		if (c < worst)
			worst = c;
	}
	return worst;
}

uint32_t face_ink(uint32_t fill)
{
	return face_worst(fill, C_FACE_INK) >= face_worst(fill, C_WHITE) ? C_FACE_INK : C_WHITE;
}
