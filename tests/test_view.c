/* SPDX-License-Identifier: MIT
 * test_view.c — the SDL view as the screen shows it (SDL's dummy video driver, software rendering,
 * pixels read back): a long procedure name wraps onto at most three lines at no less than its
 * smallest size, inside its box; a photo (PNG or JPEG bytes) is drawn centred in its box with its
 * proportions, through a circular mask when the item is round, not at all when the callback has no
 * picture, and anew after view_images_changed; a screenshot is a PNG that reads back as the frame. */
#include "hl.h"
#include "view.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define W 800
#define H 480
#define LONG_NAME                                                                                      \
	"Cấp Giấy chứng nhận đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, kinh doanh thực phẩm " \
	"do Sở Công Thương thực hiện"

struct pic {
	const char *name;
	void *bytes;
	size_t len;
	int calls;
};

struct env {
	struct view *v;
	struct pic pic;
	uint8_t *px; /* the frame read back, RGBA, W*H */
};

static const char *font_path(bool bold)
{
	const char *inter = bold ? "/usr/share/fonts/opentype/inter/Inter-SemiBold.otf"
				 : "/usr/share/fonts/opentype/inter/Inter-Regular.otf";
	return access(inter, R_OK) == 0 ? inter
	       : bold			 ? "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
					 : "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
}

static bool get_pic(void *ud, const char *name, const void **bytes, size_t *len)
{
	struct pic *p = ud;

	p->calls++;
	if (!p->name || strcmp(name, p->name) != 0)
		return false;
	*bytes = p->bytes;
	*len = p->len;
	return true;
}

/* A w×h picture in one colour (0xRRGGBB), encoded as PNG or JPEG into malloc'd bytes. */
static void *encode(int w, int h, uint32_t rgb, bool jpeg, size_t *len)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
	size_t cap = (size_t)w * (size_t)h * 4 + 4096;
	void *buf = malloc(cap);
	SDL_RWops *rw = buf ? SDL_RWFromMem(buf, (int)cap) : NULL;

	assert_non_null(s);
	assert_non_null(rw);
	SDL_FillRect(s, NULL, SDL_MapRGBA(s->format, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255));
	assert_int_equal(jpeg ? IMG_SaveJPG_RW(s, rw, 0, 95) : IMG_SavePNG_RW(s, rw, 0), 0);
	*len = (size_t)SDL_RWtell(rw);
	SDL_RWclose(rw);
	SDL_FreeSurface(s);
	return buf;
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);
	struct view_options o = { .w = W, .h = H, .font = font_path(false), .font_bold = font_path(true), .title = "t" };
	char err[256] = "";

	setenv("SDL_VIDEODRIVER", "dummy", 1);
	SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
	if (!e || SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0)
		return -1;
	if (view_open(&o, &e->v, err, sizeof err) != HL_OK) {
		fprintf(stderr, "view_open: %s\n", err);
		return -1;
	}
	e->px = malloc((size_t)W * H * 4);
	view_set_images(e->v, get_pic, &e->pic);
	*state = e;
	return e->px ? 0 : -1;
}

static int teardown(void **state)
{
	struct env *e = *state;

	view_close(e->v);
	free(e->pic.bytes);
	free(e->px);
	free(e);
	TTF_Quit();
	SDL_Quit();
	return 0;
}

/* Draws the list over a black screen and reads the frame back as a citizen's camera would: through
 * a screenshot. */
static void draw(struct env *e, const struct ui_list *l)
{
	char path[64], err[256] = "";
	SDL_Surface *s, *rgba;

	snprintf(path, sizeof path, "/tmp/hailong-test-view-%d.png", (int)getpid());
	view_draw(e->v, l);
	assert_int_equal(view_screenshot(e->v, path, err, sizeof err), HL_OK);
	view_present(e->v);
	s = IMG_Load(path);
	assert_non_null(s);
	rgba = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGBA32, 0);
	assert_non_null(rgba);
	assert_int_equal(rgba->w, W);
	assert_int_equal(rgba->h, H);
	for (int y = 0; y < H; y++)
		memcpy(e->px + (size_t)y * W * 4, (const uint8_t *)rgba->pixels + (size_t)y * (size_t)rgba->pitch, W * 4);
	SDL_FreeSurface(rgba);
	SDL_FreeSurface(s);
	unlink(path);
}

static uint32_t pixel(const struct env *e, int x, int y)
{
	const uint8_t *p = e->px + ((size_t)y * W + (size_t)x) * 4;
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static bool lit(const struct env *e, int x, int y)
{
	return pixel(e, x, y) != 0;
}

static struct ui_item text_item(const char *text, struct ui_rect r, int font_px, int min_px)
{
	return (struct ui_item){ .kind = UI_TEXT, .r = r, .fill = 0xFFFFFFFFu, .text = text, .font_px = font_px,
				 .min_px = min_px, .align = UI_CENTER };
}

/* Rows of ink grouped into lines: a line is a run of lit rows at least min_h tall (a gap of a row or
 * two inside one, between accents and letters, does not part it). */
static int ink_lines(const struct env *e, struct ui_rect r, int min_h, int *tallest)
{
	int lines = 0, run = 0, gap = 99;

	*tallest = 0;
	for (int y = r.y; y <= r.y + r.h; y++) {
		bool any = false;
		for (int x = r.x; y < r.y + r.h && x < r.x + r.w && !any; x++)
			any = lit(e, x, y);
		if (any) {
			if (gap > 2 && run >= min_h)
				lines++;
			if (gap > 2)
				run = 0;
			run += gap <= 2 ? gap + 1 : 1;
			gap = 0;
			*tallest = run > *tallest ? run : *tallest;
		} else {
			gap++;
		}
	}
	return lines + (run >= min_h);
}

static void long_name_wraps_on_three_lines(void **state)
{
	struct env *e = *state;
	struct ui_list l = { .n = 1 };
	struct ui_rect box = { 50, 100, 700, 160 };
	int tallest;

	l.items[0] = text_item(LONG_NAME, box, 40, 18);
	Uint64 t0 = SDL_GetPerformanceCounter();
	view_draw(e->v, &l);
	double ms = (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / (double)SDL_GetPerformanceFrequency();
	print_message("first frame with the long name fitted: %.1f ms\n", ms);
	view_present(e->v);
	draw(e, &l);
	int n = ink_lines(e, box, 8, &tallest);
	assert_true(n >= 2 && n <= 3);
	/* At 18 px or more a line of Vietnamese is well over 12 px of ink. */
	assert_true(tallest >= 12);
	/* Nothing outside the box. */
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			if (lit(e, x, y) && (x < box.x || x >= box.x + box.w || y < box.y || y >= box.y + box.h))
				fail_msg("ink at %d,%d outside the box", x, y);
	/* Drawn again from the cache: the same frame. */
	uint8_t *first = malloc((size_t)W * H * 4);
	assert_non_null(first);
	memcpy(first, e->px, (size_t)W * H * 4);
	draw(e, &l);
	assert_memory_equal(first, e->px, (size_t)W * H * 4);
	free(first);
}

/* A box too small for three lines at min_px: the text is cut, still inside its box. */
static void too_long_is_cut_inside_its_box(void **state)
{
	struct env *e = *state;
	struct ui_list l = { .n = 1 };
	struct ui_rect box = { 100, 100, 300, 60 };
	int tallest;

	l.items[0] = text_item(LONG_NAME, box, 30, 18);
	draw(e, &l);
	int n = ink_lines(e, box, 8, &tallest);
	assert_true(n >= 1 && n <= 2);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			if (lit(e, x, y) && (x < box.x || x >= box.x + box.w || y < box.y || y >= box.y + box.h))
				fail_msg("ink at %d,%d outside the box", x, y);
}

static struct ui_item image_item(const char *name, struct ui_rect r, int radius)
{
	return (struct ui_item){ .kind = UI_IMAGE, .r = r, .image = name, .radius = radius };
}

static bool near(uint32_t got, uint32_t want)
{
	for (int sh = 0; sh <= 16; sh += 8) {
		int a = (int)(got >> sh & 0xFF), b = (int)(want >> sh & 0xFF);
		if (abs(a - b) > 24)
			return false;
	}
	return true;
}

static void photo_fits_centred_and_round(void **state)
{
	struct env *e = *state;
	struct ui_list l = { .n = 1 };

	for (int jpeg = 0; jpeg < 2; jpeg++) {
		free(e->pic.bytes);
		e->pic = (struct pic){ .name = "cb0123" };
		/* 400×200 (2:1) into a 200×200 box at (300, 100): 200×100, from y 150 to 250. */
		e->pic.bytes = encode(400, 200, 0xD03030, jpeg, &e->pic.len);
		view_images_changed(e->v);
		l.items[0] = image_item("cb0123", (struct ui_rect){ 300, 100, 200, 200 }, 0);
		draw(e, &l);
		assert_true(near(pixel(e, 400, 200), 0xD03030));
		assert_true(near(pixel(e, 302, 152), 0xD03030));
		assert_true(near(pixel(e, 497, 247), 0xD03030));
		assert_false(lit(e, 400, 140)); /* above and below: the box's empty bands */
		assert_false(lit(e, 400, 260));
		/* Round: the corners of the picture are cut away, its middle stays. */
		l.items[0].radius = 100;
		draw(e, &l);
		assert_true(near(pixel(e, 400, 200), 0xD03030));
		assert_false(lit(e, 303, 153));
		assert_false(lit(e, 496, 246));
		assert_true(near(pixel(e, 400, 152), 0xD03030));
	}
	/* A big photo shrunk into a small box keeps its colour (averaged, not sampled). */
	free(e->pic.bytes);
	e->pic.bytes = encode(1200, 1600, 0x2060C0, true, &e->pic.len);
	view_images_changed(e->v);
	l.items[0] = image_item("cb0123", (struct ui_rect){ 10, 10, 90, 120 }, 0);
	draw(e, &l);
	assert_true(near(pixel(e, 55, 70), 0x2060C0));
}

static void no_picture_draws_nothing(void **state)
{
	struct env *e = *state;
	struct ui_list l = { .n = 1 };

	free(e->pic.bytes);
	e->pic = (struct pic){ .name = "cb0123" };
	e->pic.bytes = encode(50, 50, 0x30D030, false, &e->pic.len);
	view_images_changed(e->v);
	l.items[0] = image_item("someone-else", (struct ui_rect){ 0, 0, W, H }, 0);
	draw(e, &l);
	assert_true(e->pic.calls > 0);
	for (int y = 0; y < H; y += 7)
		for (int x = 0; x < W; x += 7)
			assert_false(lit(e, x, y));
	/* Bytes that are no picture: nothing either, and no crash. */
	memset(e->pic.bytes, 0x5A, e->pic.len);
	l.items[0].image = "cb0123";
	view_images_changed(e->v);
	draw(e, &l);
	assert_false(lit(e, W / 2, H / 2));
	/* The picture goes away: the cached texture is not drawn any more. */
	free(e->pic.bytes);
	e->pic.bytes = encode(50, 50, 0x30D030, false, &e->pic.len);
	view_images_changed(e->v);
	draw(e, &l);
	assert_true(near(pixel(e, W / 2, H / 2), 0x30D030));
	e->pic.name = NULL;
	draw(e, &l);
	assert_false(lit(e, W / 2, H / 2));
	/* New bytes under the same name after view_images_changed: the new picture. */
	e->pic.name = "cb0123";
	free(e->pic.bytes);
	e->pic.bytes = encode(50, 50, 0x3030D0, false, &e->pic.len);
	view_images_changed(e->v);
	draw(e, &l);
	assert_true(near(pixel(e, W / 2, H / 2), 0x3030D0));
}

static void screenshot_is_the_frame(void **state)
{
	struct env *e = *state;
	struct ui_list l = { .n = 2 };
	char err[256] = "";

	l.items[0] = (struct ui_item){ .kind = UI_RECT, .r = { 0, 0, W / 2, H }, .fill = 0x1060A0FFu };
	l.items[1] = text_item("Nguyễn Thị Ấu Ngọc Trâm", (struct ui_rect){ 420, 200, 360, 80 }, 32, 18);
	draw(e, &l);
	assert_int_equal(pixel(e, 100, 100), 0x1060A0);
	assert_int_equal(pixel(e, W - 10, 10), 0);
	int ink = 0;
	for (int y = 200; y < 280; y++)
		for (int x = 420; x < 780; x++)
			ink += lit(e, x, y);
	assert_true(ink > 200);
	view_draw(e->v, &l);
	assert_int_equal(view_screenshot(e->v, "/nonexistent-dir/x.png", err, sizeof err), HL_ERR_IO);
	assert_non_null(strstr(err, "/nonexistent-dir/x.png"));
	view_present(e->v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(long_name_wraps_on_three_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(too_long_is_cut_inside_its_box, setup, teardown),
		cmocka_unit_test_setup_teardown(photo_fits_centred_and_round, setup, teardown),
		cmocka_unit_test_setup_teardown(no_picture_draws_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(screenshot_is_the_frame, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
