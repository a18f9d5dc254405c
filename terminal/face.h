/* SPDX-License-Identifier: MIT
 * face.h — one rating face as triangles: a disc in the level's colour, eyes, brows and a mouth whose
 * SHAPE differs from mood to mood, so that the five faces stay apart without colour: -2 a deep frown
 * under slanted brows, -1 a slight frown, 0 a straight mouth, 1 a smile, 2 a laughing open mouth with
 * a tongue under arc-shaped eyes. The ink (eyes, brows, mouth) is chosen per face for ≥ 3:1 contrast
 * against its fill, also under colour-vision-deficiency simulation (colour.h). Pure: no SDL, no
 * allocation; the caller owns the output array. */
#ifndef HL_FACE_H
#define HL_FACE_H

#include <stdint.h>

/* What part of the face a triangle belongs to (for tests and for views that treat parts apart). */
enum face_part { FACE_SHADOW, FACE_DISC, FACE_EYE, FACE_BROW, FACE_MOUTH, FACE_TONGUE };

/* One filled triangle in screen coordinates (y down), colour 0xRRGGBBAA (alpha blends). */
struct face_tri {
	float x[3], y[3];
	uint32_t rgba;
	int part; /* enum face_part */
};

/* Enough triangles for any mood. */
#define FACE_TRIS_MAX 320

/* Writes the face of mood (-2 … 2; clamped) centred at (cx, cy) with outer radius r and disc colour
 * fill into out[0 … cap-1], back to front (draw them in order). Returns the number of triangles the
 * face needs; when that is more than cap, only the first cap are written (cap FACE_TRIS_MAX is always
 * enough). out may be NULL when cap is 0. */
int face_build(int mood, float cx, float cy, float r, uint32_t fill, struct face_tri *out, int cap);

/* The ink face_build draws on fill: the dark ink or white, whichever keeps the higher worst-case
 * contrast over normal vision and the three simulated deficiencies. */
uint32_t face_ink(uint32_t fill);

#endif
