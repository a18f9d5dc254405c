/* SPDX-License-Identifier: MIT
 * palette.h — the terminal's colours, 0xRRGGBBAA, in one place so that their contrast can be checked
 * (tests/test_colour.c): text and card borders against the background, the faces' ink against each
 * face, also as people with a colour-vision deficiency see them. Pure data. */
#ifndef HL_PALETTE_H
#define HL_PALETTE_H

#include <stdint.h>

#define C_BG 0xF3F5F8FFu
#define C_HEADER 0x0B4F8AFFu
#define C_WHITE 0xFFFFFFFFu
#define C_TEXT 0x1F2933FFu
#define C_MUTED 0x52606DFFu
#define C_BORDER 0x7B8794FFu /* card outlines: 3.4:1 on C_BG, 3.7:1 on white */
#define C_CHIP_ON 0xC62828FFu
#define C_SEND 0x2E7D32FFu
#define C_WARN 0xA84D08FFu /* amber: ≥ 4.5:1 under white text, also to deuteranopes */
#define C_NONE 0x00000000u
#define C_FACE_INK 0x1F2933FFu /* eyes and mouth on the light faces; white on the dark ones (face_ink) */

/* The faces' colours from very unhappy to very happy (red to green, as on paper forms). Neighbours
 * differ in luminance by ≥ 1.5:1 also under protan/deutan/tritan simulation (yellow and light green
 * were moved apart for that), and each face keeps ≥ 4:1 for its ink. */
static const uint32_t palette_ramp[5] = { 0xD32F2FFFu, 0xF57C00FFu, 0xFBC02DFFu, 0x689F38FFu, 0x2E7D32FFu };

#endif
