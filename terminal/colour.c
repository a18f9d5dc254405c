/* SPDX-License-Identifier: MIT
 * colour.c — WCAG luminance and contrast, and colour-vision-deficiency simulation (Machado et al.
 * 2009). sRGB is decoded to linear light before the matrices are applied, as the model is defined
 * on linear RGB, and encoded back afterwards. Pure maths; owns nothing. */
#include "colour.h"

#include <math.h>
#include <string.h>

static double colour_lin(unsigned v)
{
	double c = v / 255.0;
	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static unsigned colour_enc(double c)
{
	if (c <= 0)
		return 0;
	if (c >= 1)
		return 255;
	double s = c <= 0.0031308 ? c * 12.92 : 1.055 * pow(c, 1 / 2.4) - 0.055;
	return (unsigned)lround(s * 255);
}

double colour_luminance(uint32_t rgba)
{
	return 0.2126 * colour_lin(rgba >> 24) + 0.7152 * colour_lin((rgba >> 16) & 0xFF) +
	       0.0722 * colour_lin((rgba >> 8) & 0xFF);
}

double colour_contrast(uint32_t a, uint32_t b)
{
	double la = colour_luminance(a), lb = colour_luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* Machado, Oliveira, Fernandes (2009), "A physiologically-based model for simulation of color
 * vision deficiency", IEEE TVCG 15(6); the matrices for severity 1.0. */
static const double colour_m[COLOUR_VISIONS][3][3] = {
	[COLOUR_NORMAL] = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } },
	[COLOUR_PROTAN] = { { 0.152286, 1.052583, -0.204868 },
			    { 0.114503, 0.786281, 0.099216 },
			    { -0.003882, -0.048116, 1.051998 } },
	[COLOUR_DEUTAN] = { { 0.367322, 0.860646, -0.227968 },
			    { 0.280085, 0.672501, 0.047413 },
			    { -0.011820, 0.042940, 0.968881 } },
	[COLOUR_TRITAN] = { { 1.255528, -0.076749, -0.178779 },
			    { -0.078411, 0.930809, 0.147602 },
			    { 0.004733, 0.691367, 0.303900 } },
};

void colour_simulate_rgb(uint8_t rgb[3], int vision)
{
	if (vision <= COLOUR_NORMAL || vision >= COLOUR_VISIONS)
		return;
	double l[3] = { colour_lin(rgb[0]), colour_lin(rgb[1]), colour_lin(rgb[2]) };
	const double(*m)[3] = colour_m[vision];
	for (int i = 0; i < 3; i++)
		rgb[i] = (uint8_t)colour_enc(m[i][0] * l[0] + m[i][1] * l[1] + m[i][2] * l[2]);
}

uint32_t colour_simulate(uint32_t rgba, int vision)
{
	uint8_t c[3] = { (uint8_t)(rgba >> 24), (uint8_t)(rgba >> 16), (uint8_t)(rgba >> 8) };
	colour_simulate_rgb(c, vision);
	return (uint32_t)c[0] << 24 | (uint32_t)c[1] << 16 | (uint32_t)c[2] << 8 | (rgba & 0xFF);
}

static const char *const colour_names[COLOUR_VISIONS] = { "normal", "protan", "deutan", "tritan" };

const char *colour_vision_name(int vision)
{
	return vision >= 0 && vision < COLOUR_VISIONS ? colour_names[vision] : NULL;
}

int colour_vision_parse(const char *name)
{
	for (int i = 0; name && i < COLOUR_VISIONS; i++)
		if (strcmp(name, colour_names[i]) == 0)
			return i;
	return -1;
}
