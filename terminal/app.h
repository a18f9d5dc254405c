/* SPDX-License-Identifier: MIT
 * app.h — the terminal program's state, shared by its three parts: main.c (start, the loop, ratings,
 * drawing), app_net.c (what comes from and goes to the broker) and app_input.c (touches, keys and the
 * input script). One struct app per process, owned by main(). */
#ifndef HL_APP_H
#define HL_APP_H

#include "kiosk.h"
#include "latency.h"
#include "link.h"
#include "outbox.h"
#include "photos.h"
#include "roster.h"
#include "script.h"
#include "settings.h"
#include "speech.h"
#include "spool.h"
#include "ui.h"
#include "view.h"

#include <SDL.h>

struct app {
	struct tsettings st;
	struct kiosk k;
	struct spool *spool;
	struct outbox *outbox;
	struct link *link;
	struct view *view;
	struct roster *roster;
	struct photos *photos;     /* officers' photos received (app_net.c), by code */
	struct ui_list ui;
	bool dirty, was_connected;
	unsigned drawn_version;
	Uint32 wake_event;
	char topic_rating[HL_TOPIC_MAX], topic_status[HL_TOPIC_MAX];
	char topic_session[HL_TOPIC_MAX], topic_receipt[HL_TOPIC_MAX], topic_roster[HL_TOPIC_MAX];
	char topic_photos[HL_TOPIC_MAX]; /* hailong/v1/SITE/photo/+ */
	int64_t tap_us;            /* when the input that finished the current rating arrived */
	int64_t status_due_ms;     /* publish the status at this time (0: nothing to say) */
	bool spool_fault;          /* the last spool write failed: the status says "spool" */
	int64_t not_recorded;      /* ratings not recorded since the fault began */
	struct latency *stats;     /* --stats: latency figures, or NULL */
	/* spoken prompts: opened when a citizen first asks for them */
	struct speech *speech;
	bool voice_ok;             /* the voice files are there: the speaker button is shown */
	bool speech_failed;        /* could not open audio: said once in the log */
	bool said_speak;           /* k.speak as last seen */
	int said_clip, said_lang;  /* what was last spoken (-1: nothing) */
	/* input script */
	struct script script;
	size_t script_pc;
	int64_t script_at_ms;
	const char *shot_path;     /* pending screenshot */
	bool quit;
};

/* ---- app_net.c ---- */
/* The link's notify callback: wakes the screen thread with an SDL user event. */
void app_wake(void *ud);
/* Publishes the retained status (online, spooled count, fault) when connected. */
void app_status(struct app *a);
/* Takes what the link received: receipts, the session, the roster, officers' photos. */
void app_network(struct app *a);
/* Publishes what the outbox says is due at now. */
void app_publish(struct app *a, int64_t now);

/* ---- app_input.c ---- */
/* One SDL event: a touch, a click, a key, a window change, or the link's wake-up. */
void app_event(struct app *a, const SDL_Event *ev);
/* Plays the input script's next command when its time has come. */
void app_script_step(struct app *a, int64_t now);

#endif
