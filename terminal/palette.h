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
#define C_BORDER 0xCBD2D9FFu
#define C_CHIP_ON 0xC62828FFu
#define C_SEND 0x2E7D32FFu
#define C_WARN 0xB45309FFu /* amber: 4.9:1 under white text */
#define C_NONE 0x00000000u
#define C_FACE_INK 0x1F2933FFu /* eyes and mouth */

/* The faces' colours from very unhappy to very happy (red to green, as on paper forms). */
static const uint32_t palette_ramp[5] = { 0xD32F2FFFu, 0xF57C00FFu, 0xF9A825FFu, 0x7CB342FFu, 0x2E7D32FFu };

#endif
