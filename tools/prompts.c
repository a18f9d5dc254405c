/* SPDX-License-Identifier: MIT
 * hailong-prompts — prints the terminal's spoken prompts for the build, one line per clip and
 * language: "FILE<TAB>TEXT" (e.g. "vi-idle.wav<TAB>Mời Ông/Bà …"), Vietnamese first. The Makefile
 * feeds each text to espeak-ng to write FILE under $(BUILD)/voice. Reads nothing, writes stdout.
 *
 *   hailong-prompts */
#include "hl.h"
#include "i18n.h"
#include "prompt.h"

#include <stdio.h>

int main(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: hailong-prompts\nPrints FILE<TAB>TEXT for every spoken prompt.\n");
		return 2;
	}
	for (int lang = 0; lang < I18N_LANG_COUNT; lang++)
		for (int clip = 0; clip < PROMPT_CLIP_COUNT; clip++) {
			char file[64], text[1024];
			if (prompt_file(lang, clip, file, sizeof file) != HL_OK ||
			    prompt_text(lang, clip, text, sizeof text) != HL_OK) {
				fprintf(stderr, "hailong-prompts: clip %d does not fit\n", clip);
				return 1;
			}
			printf("%s\t%s\n", file, text);
		}
	return fflush(stdout) == 0 ? 0 : 1;
}
