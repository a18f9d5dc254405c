/* SPDX-License-Identifier: MIT
 * app_input.c — what a citizen does reaches the kiosk here: a touch or click is hit-tested against the
 * last drawn layout, a key maps to a level, a reason, confirm or back; the input script's commands are
 * turned into the same SDL events, one per turn, so each is drawn before the next. */
#include "app.h"

#include "clocks.h"
#include "i18n.h"

#include <string.h>

static void app_target(struct app *a, int target, int64_t now)
{
	if (target >= UI_T_REASON)
		kiosk_reason(&a->k, target - UI_T_REASON, now);
	else if (target >= UI_T_LEVEL)
		kiosk_level(&a->k, target - UI_T_LEVEL, now);
	else if (target == UI_T_SEND || target == UI_T_SKIP || target == UI_T_START)
		kiosk_confirm(&a->k, now);
	else if (target == UI_T_BACK || target == UI_T_NO)
		kiosk_back(&a->k, now);
	else if (target == UI_T_YES)
		kiosk_confirm(&a->k, now);
	else if (target == UI_T_LANG)
		kiosk_toggle_lang(&a->k, now);
	else if (target == UI_T_LARGE)
		kiosk_toggle_large(&a->k, now);
	else if (target == UI_T_SPEAK)
		kiosk_toggle_speak(&a->k, now);
	else
		kiosk_activity(&a->k, now);
}

static void app_tap(struct app *a, int px, int py, int64_t now)
{
	int x, y;

	view_to_layout(a->view, px, py, &x, &y);
	app_target(a, ui_hit(&a->ui, x, y), now);
}

static void app_key(struct app *a, SDL_Keycode key, int64_t now)
{
	int digit = -1;

	if (key >= SDLK_1 && key <= SDLK_9)
		digit = (int)(key - SDLK_1) + 1;
	else if (key >= SDLK_KP_1 && key <= SDLK_KP_9)
		digit = (int)(key - SDLK_KP_1) + 1;
	if (digit > 0) {
		if (a->k.screen == KIOSK_REASONS)
			kiosk_reason(&a->k, digit - 1, now);
		else
			kiosk_level(&a->k, digit, now);
	} else if (key == SDLK_RETURN || key == SDLK_KP_ENTER) {
		kiosk_confirm(&a->k, now);
	} else if (key == SDLK_ESCAPE || key == SDLK_BACKSPACE) {
		kiosk_back(&a->k, now);
	} else if (key == SDLK_TAB) {
		app_target(a, UI_T_LANG, now);
	} else if (key == SDLK_F5) {
		app_target(a, UI_T_LARGE, now);
	} else if (key == SDLK_F6) {
		app_target(a, UI_T_SPEAK, now);
	}
}

void app_event(struct app *a, const SDL_Event *ev)
{
	int64_t now = clocks_mono_ms();
	int ww, wh;

	if (ev->type == a->wake_event) {
		app_network(a);
		return;
	}
	switch (ev->type) {
	case SDL_QUIT:
		a->quit = true;
		break;
	case SDL_KEYDOWN:
		if (!ev->key.repeat) {
			a->tap_us = clocks_mono_us();
			app_key(a, ev->key.keysym.sym, now);
		}
		break;
	case SDL_FINGERDOWN:
		a->tap_us = clocks_mono_us();
		view_window_size(a->view, &ww, &wh);
		app_tap(a, (int)(ev->tfinger.x * (float)ww), (int)(ev->tfinger.y * (float)wh), now);
		break;
	case SDL_MOUSEBUTTONDOWN:
		if (ev->button.which == SDL_TOUCH_MOUSEID || ev->button.button != SDL_BUTTON_LEFT)
			break;
		a->tap_us = clocks_mono_us();
		app_tap(a, ev->button.x, ev->button.y, now);
		break;
	case SDL_WINDOWEVENT:
		if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
			view_resized(a->view);
			a->dirty = true;
		} else if (ev->window.event == SDL_WINDOWEVENT_EXPOSED) {
			a->dirty = true;
		}
		break;
	default:
		break;
	}
}

/* Plays the script's next command when its time has come. */
void app_script_step(struct app *a, int64_t now)
{
	while (a->script_pc < a->script.n && now >= a->script_at_ms && !a->shot_path) {
		const struct script_cmd *c = &a->script.cmds[a->script_pc++];
		SDL_Event ev;
		int ww, wh;
		memset(&ev, 0, sizeof ev);
		switch (c->op) {
		case SCRIPT_KEY:
			ev.type = SDL_KEYDOWN;
			ev.key.keysym.sym = SDL_GetKeyFromName(c->arg);
			ev.key.keysym.scancode = SDL_GetScancodeFromKey(ev.key.keysym.sym);
			ev.key.state = SDL_PRESSED;
			SDL_PushEvent(&ev);
			ev.type = SDL_KEYUP;
			ev.key.state = SDL_RELEASED;
			SDL_PushEvent(&ev);
			return; /* one input per turn, so each is drawn before the next */
		case SCRIPT_TAP:
			view_window_size(a->view, &ww, &wh);
			ev.type = SDL_FINGERDOWN;
			ev.tfinger.touchId = 1;
			ev.tfinger.x = ((float)c->x + 0.5f) / (float)ww;
			ev.tfinger.y = ((float)c->y + 0.5f) / (float)wh;
			ev.tfinger.pressure = 1;
			SDL_PushEvent(&ev);
			ev.type = SDL_FINGERUP;
			SDL_PushEvent(&ev);
			return;
		case SCRIPT_WAIT:
			a->script_at_ms = now + c->ms;
			return;
		case SCRIPT_SHOT:
			a->shot_path = c->arg;
			a->dirty = true;
			return;
		case SCRIPT_QUIT:
			a->quit = true;
			return;
		}
	}
}
