/* SPDX-License-Identifier: MIT
 * hailong-terminal — the touch kiosk at a one-stop counter. After a transaction the citizen rates the
 * officer's conduct and the procedure, says why when unhappy, and sees "Cảm ơn".
 *
 * How it works: one thread runs the screen. SDL events (touch, mouse, keys, and the input script's
 * events, which take the same path) go to the kiosk state machine (kiosk.c); when a rating is
 * finished it is written to the SQLite spool (spool.c) and committed *before* the thank-you frame is
 * drawn, then added to the outbox (outbox.c), which decides what to publish and when to publish again.
 * The MQTT link (net/link.c) runs in its own thread with its own reconnects and wakes the screen
 * thread with an SDL user event; a receipt from the aggregator deletes ratings from the spool and the
 * outbox. The screen never waits for the network. ui.c turns the kiosk's state into boxes, texts and
 * faces; view.c, the only file with SDL drawing, draws them, and only when something changed.
 * This file has the start, the loop, the ratings and the drawing; app_net.c what comes from and goes
 * to the broker, app_input.c touches, keys and the input script (their shared state: app.h).
 *
 * Start reading main(). */
#include "app.h"
#include "clocks.h"
#include "hl.h"
#include "i18n.h"
#include "kiosk.h"
#include "latency.h"
#include "link.h"
#include "log.h"
#include "options.h"
#include "outbox.h"
#include "prompt.h"
#include "roster.h"
#include "script.h"
#include "settings.h"
#include "spool.h"
#include "topic.h"
#include "ui.h"
#include "url.h"
#include "uuid.h"
#include "view.h"
#include "wire.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROG OPTIONS_PROG

static volatile sig_atomic_t app_stop;

static void app_on_signal(int sig)
{
	(void)sig;
	app_stop = 1;
}

/* ---- ratings ----------------------------------------------------------------------------------- */

/* Writes one rating to the spool, trying again twice (a busy or briefly full disk), and keeps the
 * spool's health: the first failure of an episode is logged and put in the retained status (so the
 * aggregator opens a fault flag for this terminal), later ones are only counted, and the first
 * success after them says the episode is over. */
static bool app_spool_put(struct app *a, const char *id, const char *body, size_t len, int64_t ts, const char *txn)
{
	static const int wait_ms[] = { 0, 50, 200 };
	int rc = HL_ERR_IO;

	for (size_t i = 0; i < sizeof wait_ms / sizeof wait_ms[0] && rc != HL_OK; i++) {
		if (wait_ms[i])
			SDL_Delay((Uint32)wait_ms[i]);
		rc = spool_put_txn(a->spool, id, body, len, ts, txn);
	}
	if (rc == HL_OK) {
		if (a->spool_fault) {
			log_msg(LOG_WARN, "spool: writing again; %lld ratings were not recorded while it failed",
				(long long)a->not_recorded);
			a->spool_fault = false;
			a->not_recorded = 0;
			a->status_due_ms = clocks_mono_ms();
		}
		return true;
	}
	if (!a->spool_fault)
		log_msg(LOG_ERROR, "spool: cannot store ratings in %s: %s; until it heals, each citizen is told "
			"so instead of thanked (disk full?)", a->st.spool, spool_errmsg(a->spool));
	a->spool_fault = true;
	a->not_recorded++;
	a->status_due_ms = clocks_mono_ms();
	return false;
}

static void app_finish(struct app *a, struct rating *r)
{
	char body[1024];
	size_t len;

	uuid_new(r->id);
	strcpy(r->site, a->st.site);
	strcpy(r->counter, a->st.counter);
	r->ts = (int64_t)time(NULL);
	r->clock_ok = clocks_synchronised();
	if (wire_rating_encode(r, body, sizeof body, &len) != HL_OK) {
		log_msg(LOG_ERROR, "could not encode a rating (a bug): dropped");
		return;
	}
	/* Durable before the citizen is thanked (DESIGN §3). The thanks frame is drawn after this
	 * returns, so on failure the citizen never sees it. */
	int64_t t0 = clocks_mono_us();
	if (!app_spool_put(a, r->id, body, len, r->ts, a->k.took_txn ? kiosk_rated_txn(&a->k) : NULL)) {
		kiosk_not_recorded(&a->k, clocks_mono_ms());
		log_msg(LOG_INFO, "rating %s not recorded", r->id);
		return;
	}
	if (a->stats)
		latency_spool_commit(a->stats, clocks_mono_us() - t0);
	if (outbox_add(a->outbox, r->id, body, len) != HL_OK)
		log_msg(LOG_ERROR, "out of memory: rating %s waits in the spool for the next start", r->id);
	latency_sent(a->stats, r->id, a->tap_us);
	/* The log names the rating, never its answers: the journal has times, and ratings are anonymous.
	 * "rating ID spooled" (after the commit) and "rating ID not recorded" are what `make chaos`
	 * counts produced ratings by: keep their wording. */
	log_msg(LOG_INFO, "rating %s spooled", r->id);
	a->status_due_ms = clocks_mono_ms();
}

/* ---- spoken prompts ---------------------------------------------------------------------------- */

/* Speaks the prompt of what is shown, when the citizen turned the sound on: at once when they press
 * the button, then on every new screen but the idle one (nobody asked an empty hall to be spoken
 * to; the next citizen starts silent anyway unless `speech = on`). */
static void app_speak(struct app *a, int clip)
{
	char err[600];
	bool pressed = a->k.speak && !a->said_speak;

	if (!a->k.speak) {
		if (a->said_speak)
			speech_stop(a->speech);
		a->said_speak = false;
		a->said_clip = -1;
		return;
	}
	a->said_speak = true;
	if (!a->speech && !a->speech_failed && speech_open(a->st.voice_dir, &a->speech, err, sizeof err) != HL_OK) {
		log_msg(LOG_WARN, "spoken prompts: %s", err);
		a->speech_failed = true;
	}
	bool idle = clip == PROMPT_IDLE || clip == PROMPT_IDLE_PROCEDURE;
	if (clip < 0 || (!pressed && ((clip == a->said_clip && a->k.lang == a->said_lang) || idle))) {
		a->said_clip = clip;
		return;
	}
	if (speech_say(a->speech, a->k.lang, clip) != HL_OK)
		log_msg(LOG_DEBUG, "spoken prompts: %s", speech_error(a->speech));
	a->said_clip = clip;
	a->said_lang = a->k.lang;
}

/* ---- drawing ----------------------------------------------------------------------------------- */

/* The header's counter label: the config's, else the roster's, else "Quầy" and the code. */
static const char *app_counter_label(struct app *a, char *buf, size_t cap)
{
	const char *roster = roster_name(a->roster, ROSTER_COUNTER, a->st.counter);

	if (a->st.counter_name[0])
		return a->st.counter_name;
	if (roster && roster[0])
		return roster;
	snprintf(buf, cap, "%s %s", i18n_text(a->k.lang, I18N_COUNTER), a->st.counter);
	return buf;
}

static void app_draw(struct app *a)
{
	const char *officer = kiosk_current_officer(&a->k), *procedure = kiosk_current_procedure(&a->k);
	const char *oname = roster_name(a->roster, ROSTER_OFFICER, officer);
	const char *pname = roster_name(a->roster, ROSTER_PROCEDURE, procedure);
	const char *title = roster_title(a->roster, officer);
	char counter[128];
	struct ui_context c = {
		.counter_name = app_counter_label(a, counter, sizeof counter),
		.officer_name = oname ? oname : "",
		.officer_title = title ? title : "",
		.officer_photo = officer[0] && photos_has(a->photos, officer),
		.procedure_name = pname ? pname : "",
		.hotline = a->st.hotline,
		.follow_up = a->st.follow_up,
		.speech = a->voice_ok,
		.gate = kiosk_gate(&a->k, clocks_mono_ms()),
	};
	int w, h;
	char err[256];

	view_size(a->view, &w, &h);
	ui_build(&a->k, &c, w, h, &a->ui);
	view_draw(a->view, &a->ui);
	if (a->shot_path) {
		if (view_screenshot(a->view, a->shot_path, err, sizeof err) != HL_OK)
			log_msg(LOG_ERROR, "screenshot: %s", err);
		a->shot_path = NULL;
	}
	view_present(a->view);
	app_speak(a, ui_prompt(&a->k, c.gate));
	if (latency_wants_first_frame(a->stats))
		latency_first_frame(a->stats, clocks_realtime_ns());
	if (a->stats && a->tap_us && a->k.screen == KIOSK_THANKS)
		latency_tap_to_thanks(a->stats, clocks_mono_us() - a->tap_us);
	a->tap_us = 0;
	a->drawn_version = a->k.version;
	a->dirty = false;
}

/* ---- start and run ----------------------------------------------------------------------------- */

static int load_outbox(void *ud, const char *id, const char *body, size_t len)
{
	return outbox_add(ud, id, body, len);
}

static int app_run(struct app *a)
{
	while (!a->quit && !app_stop) {
		/* A signal only sets app_stop and nothing wakes SDL's wait for it, so wait at most half a
		 * second: SIGTERM from systemd is then honoured at once, for a wake-up nobody can measure. */
		int64_t now = clocks_mono_ms(), wake = now + 500, t;
		SDL_Event ev;

		if ((t = kiosk_next_deadline(&a->k)) && t < wake)
			wake = t;
		if (link_connected(a->link) && outbox_count(a->outbox) &&
		    (t = outbox_next_due(a->outbox, a->st.resend * 1000)) < wake)
			wake = t;
		if (a->script_pc < a->script.n && a->script_at_ms < wake)
			wake = a->script_at_ms;
		if (a->status_due_ms && a->status_due_ms < wake)
			wake = a->status_due_ms;
		if (a->dirty || a->shot_path)
			wake = now;
		int timeout = wake <= now ? 0 : (int)(wake - now);
		if (SDL_WaitEventTimeout(&ev, timeout))
			do
				app_event(a, &ev);
			while (SDL_PollEvent(&ev));
		now = clocks_mono_ms();
		kiosk_tick(&a->k, now);
		struct rating r;
		if (kiosk_take(&a->k, &r))
			app_finish(a, &r);
		app_publish(a, now);
		if (a->status_due_ms && now >= a->status_due_ms)
			app_status(a);
		if (a->dirty || a->k.version != a->drawn_version || a->shot_path)
			app_draw(a);
		if (a->script.n)
			app_script_step(a, now);
	}
	return 0;
}

/* Topic names, the link, the spool and the window; everything main needs before the loop. */
static int app_open(struct app *a, char *err, size_t cap)
{
	struct broker_url url;
	struct kiosk_config kc;
	char cid[96], will[128];
	size_t will_len;
	int w, h, rc;

	tsettings_kiosk(&a->st, &kc);
	if (kiosk_init(&a->k, &kc, clocks_mono_ms()) != HL_OK) {
		snprintf(err, cap, "the kiosk settings are not valid");
		return HL_ERR_INVALID;
	}
	topic_counter(a->topic_rating, sizeof a->topic_rating, a->st.site, a->st.counter, "rating");
	topic_counter(a->topic_status, sizeof a->topic_status, a->st.site, a->st.counter, "status");
	topic_counter(a->topic_session, sizeof a->topic_session, a->st.site, a->st.counter, "session");
	topic_counter(a->topic_receipt, sizeof a->topic_receipt, a->st.site, a->st.counter, "receipt");
	snprintf(a->topic_roster, sizeof a->topic_roster, TOPIC_PREFIX "%s/roster", a->st.site);
	roster_photo_topic(a->topic_photos, sizeof a->topic_photos, a->st.site, "+");
	if (!(a->photos = photos_new())) {
		snprintf(err, cap, "out of memory");
		return HL_ERR_NOMEM;
	}

	if ((rc = spool_open(a->st.spool, &a->spool, err, cap)) != HL_OK)
		return rc;
	char rated[KIOSK_TXN_KEY_MAX];
	if (spool_rated_txn(a->spool, rated, sizeof rated) == HL_OK)
		kiosk_restore_rated(&a->k, rated);
	a->outbox = outbox_new();
	if (!a->outbox || spool_each(a->spool, load_outbox, a->outbox) != HL_OK) {
		snprintf(err, cap, "cannot read the spool %.400s", a->st.spool);
		return HL_ERR_IO;
	}
	if (outbox_count(a->outbox))
		log_msg(LOG_INFO, "%zu ratings in the spool wait for their receipt", outbox_count(a->outbox));

	tsettings_window(&a->st, &w, &h);
	struct view_options vo = { .w = w, .h = h, .rotation = a->st.rotation, .font = a->st.font,
				   .font_bold = a->st.font_bold, .title = "Hài Lòng" };
	if ((rc = view_open(&vo, &a->view, err, cap)) != HL_OK)
		return rc;
	view_set_images(a->view, photos_lookup, a->photos); /* UI_IMAGE items: officers' photos by code */

	a->wake_event = SDL_RegisterEvents(1);
	char voice[600];
	snprintf(voice, sizeof voice, "%s/vi-idle.wav", a->st.voice_dir);
	a->voice_ok = access(voice, R_OK) == 0;
	a->said_clip = -1;
	url_parse(a->st.broker, &url);
	snprintf(cid, sizeof cid, "hailong-terminal-%s-%s", a->st.site, a->st.counter);
	wire_status_encode(false, 0, 0, NULL, will, sizeof will, &will_len);
	const char *subs[] = { a->topic_receipt, a->topic_session, a->topic_roster, a->topic_photos, NULL };
	struct link_options lo = {
		.host = url.host, .port = url.port, .client_id = cid, .persistent = true, .session_expiry = 86400,
		.subscriptions = subs, .will_topic = a->topic_status, .will_payload = will, .will_len = will_len,
		.will_retain = true, .reconnect_max = 4, .notify = app_wake, .notify_ud = a,
		.refusal = LINK_RETRY_ALL, /* a terminal never gives up: it spools and waits to be let in */
	};
	link_options_broker(&lo, &url, &a->st.sec);
	if (!url.tls && !url_is_loopback(url.host))
		log_msg(LOG_WARN, "broker %s is plain mqtt:// off this machine: anyone on the network can read and "
			"forge this counter's ratings; use mqtts://", a->st.broker);
	if ((rc = link_start(&lo, &a->link)) != HL_OK) {
		snprintf(err, cap, "cannot start the MQTT link: %s", hl_strerror(rc));
		return rc;
	}
	a->dirty = true;
	return HL_OK;
}

static void app_close(struct app *a)
{
	if (a->link) {
		char body[128];
		size_t len;
		/* A clean goodbye: the last will is only for a terminal that dies. */
		if (link_connected(a->link) && wire_status_encode(false, 0, 0, NULL, body, sizeof body, &len) == HL_OK) {
			link_publish(a->link, a->topic_status, body, len, 1, true);
			link_flush(a->link, 1000);
		}
		link_stop(a->link, NULL);
	}
	speech_close(a->speech);
	view_close(a->view);
	spool_close(a->spool);
	outbox_free(a->outbox);
	roster_free(a->roster);
	photos_free(a->photos);
	script_free(&a->script);
}

int main(int argc, char **argv)
{
	static struct app a;
	struct options o;
	struct config_error cerr;
	char err[512];
	int rc = 1;

	log_init(PROG, LOG_INFO);
	if ((rc = options_parse(argc, argv, &o)) >= 0)
		return rc;
	rc = 1;
	if (tsettings_load(&a.st, o.config, o.ov, o.nov, &cerr) != HL_OK) {
		config_error_format(&cerr, err, sizeof err);
		fprintf(stderr, PROG ": %s\n", err);
		return 1;
	}
	log_set_level((enum log_level)log_level_parse(a.st.log_level));
	if (o.script_path) {
		if (script_load(o.script_path, &a.script, err, sizeof err) != HL_OK) {
			fprintf(stderr, PROG ": %s\n", err);
			return 2;
		}
		for (size_t i = 0; i < a.script.n; i++) {
			if (a.script.cmds[i].op == SCRIPT_KEY && SDL_GetKeyFromName(a.script.cmds[i].arg) == SDLK_UNKNOWN) {
				fprintf(stderr, PROG ": %s:%d: unknown key '%s'\n", o.script_path, a.script.cmds[i].line,
					a.script.cmds[i].arg);
				script_free(&a.script);
				return 2;
			}
		}
	}
	if (o.stats_path && !(a.stats = latency_new())) {
		fprintf(stderr, PROG ": out of memory\n");
		return 1;
	}

	signal(SIGTERM, app_on_signal);
	signal(SIGINT, app_on_signal);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN); /* a file size limit (systemd LimitFSIZE=) is a failed write, not death */
	/* A finger is a finger: no synthetic mouse clicks from touches, no synthetic touches from the mouse. */
	SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
	SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	if (strcmp(a.st.renderer, "software") == 0) {
		/* Draw on the CPU into the window's own framebuffer; without the second hint SDL would
		 * still open OpenGL (and, on a machine without a GPU, a 100 MB software GL) just to decide. */
		SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	}
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0 || TTF_Init() != 0) {
		fprintf(stderr, PROG ": cannot start SDL: %s\n", SDL_GetError());
		latency_free(a.stats);
		return 1;
	}
	if (app_open(&a, err, sizeof err) != HL_OK) {
		fprintf(stderr, PROG ": %s\n", err);
		goto out;
	}
	log_msg(LOG_INFO, "counter %s/%s, broker %s, spool %s", a.st.site, a.st.counter, a.st.broker, a.st.spool);
	if (o.shot && !o.script_path) {
		/* Just a picture of the first screen. */
		a.shot_path = o.shot;
		app_draw(&a);
		rc = 0;
		goto out;
	}
	rc = app_run(&a);
	if (o.shot) {
		a.shot_path = o.shot;
		app_draw(&a);
	}
	/* Ratings not yet receipted stay in the spool for the next start. */
	struct rating r;
	if (kiosk_take(&a.k, &r))
		app_finish(&a, &r);
	if (o.stats_path && latency_write(a.stats, o.stats_path) != HL_OK)
		log_msg(LOG_ERROR, "cannot write %s", o.stats_path);
out:
	app_close(&a);
	latency_free(a.stats);
	TTF_Quit();
	SDL_Quit();
	return rc;
}
