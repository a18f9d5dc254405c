/* SPDX-License-Identifier: MIT
 * test_colour.c — what a person checking the terminal's accessibility would measure, with the real
 * palette: each face's eyes and mouth at ≥ 3:1 against the face, under normal vision and simulated
 * protanopia, deuteranopia and tritanopia; card borders ≥ 3:1 on the background and on white; text
 * ≥ 4.5:1 on what it is drawn on; neighbouring levels' colours apart in luminance; and the five
 * faces apart in shape alone (each face rasterised from face_build's triangles, then compared pixel
 * by pixel). Also the colour maths against known values. */
#include "colour.h"
#include "face.h"
#include "palette.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the colour maths --------------------------------------------------------------------------- */

static void test_contrast_known_values(void **state)
{
	(void)state;
	assert_true(fabs(colour_luminance(C_WHITE) - 1.0) < 1e-9);
	assert_true(fabs(colour_luminance(0x000000FFu)) < 1e-9);
	assert_true(fabs(colour_contrast(0x000000FFu, C_WHITE) - 21.0) < 1e-9);
	assert_true(fabs(colour_contrast(C_WHITE, 0x000000FFu) - 21.0) < 1e-9);
	/* #777777 on white is the classic "just fails AA" grey: 4.48:1. */
	assert_true(fabs(colour_contrast(0x777777FFu, C_WHITE) - 4.48) < 0.01);
	/* Alpha does not enter the maths. */
	assert_true(fabs(colour_contrast(0x77777700u, 0xFFFFFF10u) - 4.48) < 0.01);
	assert_true(fabs(colour_contrast(0x123456FFu, 0x123456FFu) - 1.0) < 1e-9);
}

static void test_simulation(void **state)
{
	(void)state;
	/* Normal vision changes nothing, the alpha byte is kept, greys stay grey. */
	assert_int_equal(colour_simulate(0xD32F2F80u, COLOUR_NORMAL), 0xD32F2F80u);
	for (int v = COLOUR_PROTAN; v < COLOUR_VISIONS; v++) {
		uint32_t g = colour_simulate(0x808080FFu, v), w = colour_simulate(C_WHITE, v);
		assert_int_equal(colour_simulate(0xD32F2F80u, v) & 0xFF, 0x80);
		for (int s = 8; s <= 24; s += 8) {
			assert_true(abs((int)((g >> s) & 0xFF) - 0x80) <= 2);
			assert_true(((w >> s) & 0xFF) >= 0xFD);
		}
	}
	/* Without red or green cones, red and green come close in hue: the red-green difference of
	 * red and of green shrinks; without blue cones, blue and green come close. */
	uint32_t red = 0xFF0000FFu, green = 0x00FF00FFu, blue = 0x0000FFFFu;
	for (int v = COLOUR_PROTAN; v <= COLOUR_DEUTAN; v++) {
		uint32_t r = colour_simulate(red, v), g = colour_simulate(green, v);
		int rg_r = (int)(r >> 24) - (int)((r >> 16) & 0xFF), rg_g = (int)((g >> 16) & 0xFF) - (int)(g >> 24);
		assert_true(rg_r < 60);
		assert_true(rg_g < 60);
	}
	uint32_t b = colour_simulate(blue, COLOUR_TRITAN);
	assert_true(((b >> 16) & 0xFF) > 0x40); /* pure blue gains green (looks teal) */
	/* Protanopes see red much darker; that is why the red face carries white ink. */
	assert_true(colour_luminance(colour_simulate(red, COLOUR_PROTAN)) < 0.6 * colour_luminance(red));
	/* The names the cvd tool takes. */
	for (int v = 0; v < COLOUR_VISIONS; v++)
		assert_int_equal(colour_vision_parse(colour_vision_name(v)), v);
	assert_int_equal(colour_vision_parse("protan"), COLOUR_PROTAN);
	assert_int_equal(colour_vision_parse("red"), -1);
	assert_int_equal(colour_vision_parse(NULL), -1);
	assert_null(colour_vision_name(COLOUR_VISIONS));
}

/* ---- the palette ---------------------------------------------------------------------------------- */

/* The worst contrast of a on b over normal vision and the three simulations; prints each figure. */
static double worst(const char *what, uint32_t a, uint32_t b)
{
	double w = 21;
	printf("  %-28s", what);
	for (int v = 0; v < COLOUR_VISIONS; v++) {
		double c = colour_contrast(colour_simulate(a, v), colour_simulate(b, v));
		printf(" %s %5.2f", colour_vision_name(v), c);
		if (c < w)
			w = c;
	}
	printf("\n");
	return w;
}

static void test_borders(void **state)
{
	(void)state;
	assert_true(worst("border on background", C_BORDER, C_BG) >= 3.0);
	assert_true(worst("border on white card", C_BORDER, C_WHITE) >= 3.0);
}

static void test_text(void **state)
{
	static const struct {
		const char *what;
		uint32_t fg, bg;
	} pairs[] = {
		{ "text on background", C_TEXT, C_BG },        { "text on card", C_TEXT, C_WHITE },
		{ "muted on background", C_MUTED, C_BG },      { "muted on card", C_MUTED, C_WHITE },
		{ "question on background", C_HEADER, C_BG },  { "header text", C_WHITE, C_HEADER },
		{ "send button", C_WHITE, C_SEND },            { "chosen chip", C_WHITE, C_CHIP_ON },
		{ "warning sign", C_WHITE, C_WARN },
	};
	(void)state;
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		assert_true(worst(pairs[i].what, pairs[i].fg, pairs[i].bg) >= 4.5);
}

static void test_neighbour_levels_apart(void **state)
{
	(void)state;
	for (int i = 0; i + 1 < 5; i++) {
		char what[40];
		snprintf(what, sizeof what, "level %d vs %d colour", i + 1, i + 2);
		assert_true(worst(what, palette_ramp[i], palette_ramp[i + 1]) >= 1.5);
	}
}

/* ---- the faces as drawn --------------------------------------------------------------------------- */

enum { W = 200 };
struct image {
	uint32_t px[W * W];
	int part[W * W]; /* the part of the last triangle covering the pixel; -1 none */
};

static float edge(float ax, float ay, float bx, float by, float px, float py)
{
	return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
}

/* Draws the face of mood with the given fill at the centre of a W×W image, radius 90, the way any
 * renderer would: every triangle in order, each pixel taking the colour of the last one covering
 * its centre (the translucent soft edge is left out: it lies outside the disc). */
static void draw(struct image *im, int mood, uint32_t fill)
{
	static struct face_tri t[FACE_TRIS_MAX];
	int n = face_build(mood, W / 2.0f, W / 2.0f, 90, fill, t, FACE_TRIS_MAX);

	assert_true(n > 0 && n <= FACE_TRIS_MAX);
	for (int i = 0; i < W * W; i++)
		im->px[i] = C_BG, im->part[i] = -1;
	for (int k = 0; k < n; k++) {
		if (t[k].part == FACE_SHADOW)
			continue;
		float minx = fminf(t[k].x[0], fminf(t[k].x[1], t[k].x[2])), maxx = fmaxf(t[k].x[0], fmaxf(t[k].x[1], t[k].x[2]));
		float miny = fminf(t[k].y[0], fminf(t[k].y[1], t[k].y[2])), maxy = fmaxf(t[k].y[0], fmaxf(t[k].y[1], t[k].y[2]));
		for (int y = (int)fmaxf(0, miny); y <= (int)fminf(W - 1, maxy); y++)
			for (int x = (int)fmaxf(0, minx); x <= (int)fminf(W - 1, maxx); x++) {
				float px = (float)x + 0.5f, py = (float)y + 0.5f;
				float e0 = edge(t[k].x[0], t[k].y[0], t[k].x[1], t[k].y[1], px, py);
				float e1 = edge(t[k].x[1], t[k].y[1], t[k].x[2], t[k].y[2], px, py);
				float e2 = edge(t[k].x[2], t[k].y[2], t[k].x[0], t[k].y[0], px, py);
				if ((e0 >= 0 && e1 >= 0 && e2 >= 0) || (e0 <= 0 && e1 <= 0 && e2 <= 0)) {
					im->px[y * W + x] = t[k].rgba;
					im->part[y * W + x] = t[k].part;
				}
			}
	}
}

static bool is_ink(int part)
{
	return part == FACE_EYE || part == FACE_BROW || part == FACE_MOUTH || part == FACE_TONGUE;
}

static int count_part(const struct image *im, int part)
{
	int n = 0;
	for (int i = 0; i < W * W; i++)
		n += im->part[i] == part;
	return n;
}

static void test_face_ink_contrast(void **state)
{
	static struct image im;
	(void)state;
	printf("  face ink on face colour (worst over visions):\n");
	for (int level = 1; level <= 5; level++) {
		uint32_t fill = palette_ramp[level - 1], ink = 0;
		draw(&im, level - 3, fill);
		/* Every eye, brow and mouth pixel: one ink, and it stands out from the face. */
		for (int i = 0; i < W * W; i++) {
			if (im.part[i] != FACE_EYE && im.part[i] != FACE_BROW && im.part[i] != FACE_MOUTH)
				continue;
			if (!ink)
				ink = im.px[i];
			assert_int_equal(im.px[i], ink);
		}
		assert_true(ink != 0);
		assert_int_equal(ink, face_ink(fill));
		char what[40];
		snprintf(what, sizeof what, "level %d %08X ink %08X", level, (unsigned)fill, (unsigned)ink);
		assert_true(worst(what, ink, fill) >= 3.0);
	}
}

/* Pixels where one face has ink and the other has not, over the pixels where either has ink. */
static double shape_difference(int a, int b)
{
	static struct image ia, ib;
	int differ = 0, either = 0;

	draw(&ia, a, palette_ramp[2]); /* one colour for both: shape alone */
	draw(&ib, b, palette_ramp[2]);
	for (int i = 0; i < W * W; i++) {
		differ += is_ink(ia.part[i]) != is_ink(ib.part[i]);
		either += is_ink(ia.part[i]) || is_ink(ib.part[i]);
	}
	return (double)differ / either;
}

static void test_faces_differ_in_shape(void **state)
{
	(void)state;
	/* Any two moods (3-, 4- and 5-point scales use subsets of them): of all the eyes', brows' and
	 * mouths' ink, at least a quarter is in one face only. */
	for (int a = -2; a <= 2; a++)
		for (int b = a + 1; b <= 2; b++) {
			double d = shape_difference(a, b);
			printf("  mood %+d vs %+d: %.0f%% of the features' ink differs\n", a, b, 100 * d);
			assert_true(d >= 0.25);
		}
}

/* Mean row of the mouth's pixels in column x; -1 when the column has none. */
static double mouth_row(const struct image *im, int x)
{
	double sum = 0;
	int n = 0;
	for (int y = 0; y < W; y++)
		if (im->part[y * W + x] == FACE_MOUTH || im->part[y * W + x] == FACE_TONGUE)
			sum += y, n++;
	return n ? sum / n : -1;
}

static void test_each_face_its_features(void **state)
{
	static struct image im;
	double bend[5];
	int mouth[5], eye[5], brow[5];
	(void)state;
	for (int m = -2; m <= 2; m++) {
		draw(&im, m, palette_ramp[m + 2]);
		int left = W, right = -1;
		for (int i = 0; i < W * W; i++)
			if (im.part[i] == FACE_MOUTH) {
				left = i % W < left ? i % W : left;
				right = i % W > right ? i % W : right;
			}
		mouth[m + 2] = count_part(&im, FACE_MOUTH) + count_part(&im, FACE_TONGUE);
		eye[m + 2] = count_part(&im, FACE_EYE);
		brow[m + 2] = count_part(&im, FACE_BROW);
		/* How far the mouth's middle sits below its corners (up: frown; down: smile). */
		bend[m + 2] = mouth_row(&im, W / 2) - (mouth_row(&im, left + 4) + mouth_row(&im, right - 4)) / 2;
		printf("  mood %+d: mouth %d px, bend %+.1f px, eyes %d px, brows %d px\n", m, mouth[m + 2],
		       bend[m + 2], eye[m + 2], brow[m + 2]);
	}
	/* From a deep frown to a smile the mouth bends steadily more upwards at the corners. */
	assert_true(bend[0] < -16);                 /* deep frown */
	assert_true(bend[1] < -5 && bend[1] > -16); /* slight frown */
	assert_true(fabs(bend[2]) < 1);             /* straight */
	assert_true(bend[3] > 8);                   /* smile */
	/* Only the very unhappy face has brows; only the very happy one laughs: an open mouth far
	 * larger than the smile's line, and eyes drawn as arcs (less ink than the round eyes). */
	assert_true(brow[0] > 0);
	for (int i = 1; i < 5; i++)
		assert_int_equal(brow[i], 0);
	assert_true(mouth[4] > 2 * mouth[3]);
	/* Round eyes are ink at their centre (a third of the radius out, a fifth up); the laughing
	 * eyes are arcs above it. */
	for (int m = -2; m <= 2; m++) {
		draw(&im, m, palette_ramp[m + 2]);
		int left = (int)(W / 2 - 0.33 * 90), right = (int)(W / 2 + 0.33 * 90), y = (int)(W / 2 - 0.2 * 90);
		assert_int_equal(im.part[y * W + left] == FACE_EYE, m != 2);
		assert_int_equal(im.part[y * W + right] == FACE_EYE, m != 2);
	}
}

static void test_face_build_cap(void **state)
{
	static struct face_tri t[FACE_TRIS_MAX + 1];
	(void)state;
	for (int m = -2; m <= 2; m++) {
		int n = face_build(m, 0, 0, 1, palette_ramp[m + 2], NULL, 0);
		assert_true(n > 0 && n <= FACE_TRIS_MAX);
		/* A short array gets only what fits; the count is the same. */
		memset(t, 0xAB, sizeof t);
		assert_int_equal(face_build(m, 0, 0, 1, palette_ramp[m + 2], t, 10), n);
		assert_int_equal(t[10].rgba, 0xABABABABu);
	}
	/* Moods out of range are clamped to the nearest face. */
	assert_int_equal(face_build(7, 0, 0, 1, palette_ramp[4], NULL, 0), face_build(2, 0, 0, 1, palette_ramp[4], NULL, 0));
	assert_int_equal(face_build(-7, 0, 0, 1, palette_ramp[0], NULL, 0), face_build(-2, 0, 0, 1, palette_ramp[0], NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contrast_known_values),
		cmocka_unit_test(test_simulation),
		cmocka_unit_test(test_borders),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_neighbour_levels_apart),
		cmocka_unit_test(test_face_ink_contrast),
		cmocka_unit_test(test_faces_differ_in_shape),
		cmocka_unit_test(test_each_face_its_features),
		cmocka_unit_test(test_face_build_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
