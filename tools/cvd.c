/* SPDX-License-Identifier: MIT
 * hailong-cvd — shows a screenshot as people with a colour-vision deficiency see it: reads a PNG
 * (anything SDL2_image loads), applies terminal/colour.c's simulation (Machado et al. 2009, severity
 * 1.0) to every pixel and writes a PNG. Used on the terminal's screenshots to check that the faces
 * and cards stay apart without colour. Owns only the two images it handles.
 *
 *   hailong-cvd protan|deutan|tritan IN.png OUT.png
 *
 * Exit status: 0 written, 1 the input could not be read or the output written, 2 bad use. */
#include "colour.h"

#include <SDL.h>
#include <SDL_image.h>

#include <stdio.h>
#include <string.h>

#define PROG "hailong-cvd"

static void usage(FILE *f)
{
	fprintf(f, "usage: " PROG " protan|deutan|tritan IN.png OUT.png\n"
		   "Writes OUT.png: IN.png as seen with protanopia, deuteranopia or tritanopia.\n");
}

/* Simulates every pixel of s (RGBA32) in place; screenshots are mostly runs of one colour, so the
 * last pixel's result is kept. */
static void cvd_surface(SDL_Surface *s, int vision)
{
	uint8_t last_in[3] = { 0, 0, 0 }, last_out[3] = { 0, 0, 0 };
	colour_simulate_rgb(last_out, vision);
	for (int y = 0; y < s->h; y++) {
		uint8_t *p = (uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch;
		for (int x = 0; x < s->w; x++, p += 4) {
			if (memcmp(p, last_in, 3) != 0) {
				memcpy(last_in, p, 3);
				memcpy(last_out, p, 3);
				colour_simulate_rgb(last_out, vision);
			}
			memcpy(p, last_out, 3);
		}
	}
}

int main(int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	int vision = argc == 4 ? colour_vision_parse(argv[1]) : -1;
	if (vision <= COLOUR_NORMAL) {
		if (argc == 4)
			fprintf(stderr, PROG ": unknown deficiency \"%s\"\n", argv[1]);
		usage(stderr);
		return 2;
	}
	SDL_Surface *in = IMG_Load(argv[2]);
	if (!in) {
		fprintf(stderr, PROG ": cannot read %s: %s\n", argv[2], IMG_GetError());
		return 1;
	}
	SDL_Surface *rgba = SDL_ConvertSurfaceFormat(in, SDL_PIXELFORMAT_RGBA32, 0);
	SDL_FreeSurface(in);
	if (!rgba) {
		fprintf(stderr, PROG ": cannot convert %s: %s\n", argv[2], SDL_GetError());
		return 1;
	}
	int rc = SDL_LockSurface(rgba);
	if (rc != 0) {
		fprintf(stderr, PROG ": cannot read the pixels of %s: %s\n", argv[2], SDL_GetError());
	} else {
		cvd_surface(rgba, vision);
		SDL_UnlockSurface(rgba);
		rc = IMG_SavePNG(rgba, argv[3]);
		if (rc != 0)
			fprintf(stderr, PROG ": cannot write %s: %s\n", argv[3], IMG_GetError());
	}
	SDL_FreeSurface(rgba);
	IMG_Quit();
	SDL_Quit();
	return rc == 0 ? 0 : 1;
}
