/* SPDX-License-Identifier: MIT
 * colour.h — colour maths for checking what people can see: the WCAG 2 relative luminance and
 * contrast ratio of two 0xRRGGBBAA colours, and how an sRGB colour looks to someone with a
 * colour-vision deficiency (Machado, Oliveira and Fernandes 2009, severity 1.0, applied in linear
 * RGB). Pure: no SDL, no state, no allocation. Alpha is ignored by the maths and kept by the
 * simulation. */
#ifndef HL_COLOUR_H
#define HL_COLOUR_H

#include <stdint.h>

enum colour_vision {
	COLOUR_NORMAL = 0,
	COLOUR_PROTAN, /* protanopia: no long-wave (red) cones */
	COLOUR_DEUTAN, /* deuteranopia: no medium-wave (green) cones */
	COLOUR_TRITAN, /* tritanopia: no short-wave (blue) cones */
	COLOUR_VISIONS
};

/* WCAG 2 relative luminance of rgba's colour, 0 (black) … 1 (white). */
double colour_luminance(uint32_t rgba);

/* WCAG 2 contrast ratio (L1 + 0.05) / (L2 + 0.05), lighter over darker: 1 … 21. */
double colour_contrast(uint32_t a, uint32_t b);

/* rgba as seen with the given vision; COLOUR_NORMAL returns rgba unchanged. */
uint32_t colour_simulate(uint32_t rgba, int vision);

/* Simulates one 8-bit sRGB pixel in place (for whole images; same maths as colour_simulate). */
void colour_simulate_rgb(uint8_t rgb[3], int vision);

/* "normal", "protan", "deutan", "tritan"; NULL for anything else. */
const char *colour_vision_name(int vision);

/* The vision named by name (as colour_vision_name spells it), or -1. */
int colour_vision_parse(const char *name);

#endif
