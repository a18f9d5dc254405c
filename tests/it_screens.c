/* SPDX-License-Identifier: MIT
 * Integration: every screen and state of the real terminal (SDL dummy video driver, software
 * rendering) as a citizen meets it, in Vietnamese and English at 800×480, 1920×1080 and 480×800,
 * saved into BUILD/screenshots for people to look at, with the roster, photos and transactions coming
 * the real way: `roster import` + `roster publish` of the shipped sample (titles, photos, counter
 * names, a real-length procedure name) and `session open --txn` through a real broker. What a user
 * would check is asserted on the stored ratings: the transaction's rating carries its officer,
 * procedure and the confirmed complaint; the next citizen rates the officer on duty with no
 * procedure; the one who walked away is sent with the one answer they gave; with no officer known
 * the officer question is not asked. The idle screen is also saved as people with protanopia,
 * deuteranopia and tritanopia see it (hailong-cvd). */
#include "terminal_fixture.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#define OFFICER "cb002"        /* the sample roster's officer with a title and a photo */
#define PROCEDURE "2.001190"   /* the sample's longest procedure name */

/* A shipped sample file, found from the repository root (make check's folder) or from the binaries. */
static const char *sample(const char *name, char *buf, size_t cap)

{
	snprintf(buf, cap, "%s", harness_sample(name));
	return buf;
}

static void aggregator_cli(const struct env *e, char *const *args, int want)
{
	char bin[PATH_MAX + 32], out[PATH_MAX + 32];
	char *argv[24];
	int n = 0;

	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	snprintf(out, sizeof out, "%s/cli.out", e->s.dir);
	argv[n++] = bin;
	for (int i = 0; args[i] && n < 23; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	int rc = harness_run(out, argv, 30000);
	if (rc != want) {
		char text[4096] = "";
		harness_read_file(out, text, sizeof text);
		fail_msg("hailong-aggregator %s exited %d, not %d:\n%s", args[0], rc, want, text);
	}
}

static void import_sample_roster(const struct env *e)
{
	char o[PATH_MAX + 64], p[PATH_MAX + 64], c[PATH_MAX + 64], n[PATH_MAX + 64];
	char *args[] = { "roster", "import", "--db", (char *)e->s.db, "--broker", (char *)e->s.broker.url, "--sites",
			 (char *)sample("sites.csv", n, sizeof n), (char *)sample("officers.csv", o, sizeof o),
			 (char *)sample("procedures.csv", p, sizeof p), (char *)sample("counters.csv", c, sizeof c), NULL };

	aggregator_cli(e, args, 0);
}

static void open_transaction(const struct env *e, const char *txn)
{
	char *args[] = { "session", "open", "--broker", (char *)e->s.broker.url, "--site", "sct-bentre", "--counter",
			 "q05", "--officer", OFFICER, "--procedure", PROCEDURE, "--txn", (char *)txn, "--duty", OFFICER,
			 NULL };

	aggregator_cli(e, args, 0);
}

static void clear_session(const struct env *e)
{
	char *args[] = { "session", "close", "--broker", (char *)e->s.broker.url, "--site", "sct-bentre", "--counter",
			 "q05", NULL };

	aggregator_cli(e, args, 0);
}

static void expect_png(const char *path, int w, int h)
{
	int pw, ph;

	if (!terminal_png_size(path, &pw, &ph))
		fail_msg("%s is missing or not a PNG", path);
	assert_int_equal(pw, w);
	assert_int_equal(ph, h);
	assert_true(terminal_file_size(path) > 2000); /* not a blank frame */
}

static const struct {
	int w, h;
} sizes[] = { { 800, 480 }, { 1920, 1080 }, { 480, 800 } };

/* A citizen in a transaction: the officer question with the photo, the procedure's long name, an
 * unhappy answer, a serious reason confirmed and another chosen, the complaint's thanks; then the
 * next citizen between transactions, in large text, who walks away after one answer; then one more
 * who rates the officer on duty. Three ratings per run. */
static const char citizen_script[] =
	"wait 1200\nshot %1$s-idle.png\n"
	"key Return\nshot %1$s-question1.png\n"
	"key 2\nshot %1$s-question2.png\n"
	"key 1\nshot %1$s-reasons.png\n"
	"key 1\nshot %1$s-confirm.png\n"
	"key Return\nkey 8\nshot %1$s-reasons-chosen.png\n"
	"key Return\nshot %1$s-thanks-complaint.png\n"
	"key Return\nshot %1$s-idle-on-duty.png\n"
	"key F5\nshot %1$s-large-idle.png\n"
	"key 4\nshot %1$s-large-question2.png\n"
	"wait 3600\nshot %1$s-abandoned.png\n"
	"key 5\nkey 5\nshot %1$s-thanks.png\n"
	"quit\n";

static void every_screen_and_state(void **state)
{
	struct env *e = *state;
	static const char *const shots[] = { "idle", "question1", "question2", "reasons", "confirm", "reasons-chosen",
					     "thanks-complaint", "idle-on-duty", "large-idle", "large-question2",
					     "abandoned", "thanks", "no-officer", "all-question2", "all-question3" };
	char dir[PATH_MAX];
	int runs = 0;

	snprintf(dir, sizeof dir, "%s/screenshots", harness_bindir());
	mkdir(dir, 0755);
	import_sample_roster(e);
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		for (int lang = 0; lang < 2; lang++) {
			const char *code = lang ? "en" : "vi";
			char prefix[PATH_MAX + 64], extra[PATH_MAX + 256], txn[64];
			snprintf(prefix, sizeof prefix, "%s/%s-%dx%d", dir, code, sizes[s].w, sizes[s].h);
			snprintf(txn, sizeof txn, "shots-%s-%d", code, sizes[s].w);
			snprintf(extra, sizeof extra,
				 "lang = %s\nwindow = %dx%d\nthanks_time = 30\nanswer_timeout = 3\n"
				 "hotline = 0275 3822 111\nfollow_up = dichvucong.bentre.gov.vn\nvoice_dir = %s/voice\n",
				 code, sizes[s].w, sizes[s].h, harness_bindir());
			terminal_write_conf(e, extra);
			open_transaction(e, txn);
			harness_write_file(e->script, citizen_script, prefix);
			assert_int_equal(harness_finish(terminal_start(e, e->script), 60000), 0);
			runs++;
			/* Nobody known to serve: no transaction, no shift, no officer in the config. */
			clear_session(e);
			char none[PATH_MAX + 300];
			snprintf(none, sizeof none, "%sofficer =\n", extra);
			terminal_write_conf(e, none);
			harness_write_file(e->script, "wait 800\nshot %s-no-officer.png\nkey 4\nkey Return\nwait 200\nquit\n",
					   prefix);
			assert_int_equal(harness_finish(terminal_start(e, e->script), 60000), 0);
			/* The result asked too (questions = all): the procedure alone, then the result. */
			char all[PATH_MAX + 300];
			snprintf(all, sizeof all, "%squestions = all\n", extra);
			terminal_write_conf(e, all);
			snprintf(txn, sizeof txn, "shots-all-%s-%d", code, sizes[s].w);
			open_transaction(e, txn);
			harness_write_file(e->script,
					   "wait 1200\nkey 5\nshot %1$s-all-question2.png\nkey 4\nshot %1$s-all-question3.png\n"
					   "key 3\nwait 300\nquit\n",
					   prefix);
			assert_int_equal(harness_finish(terminal_start(e, e->script), 60000), 0);
			for (size_t i = 0; i < sizeof shots / sizeof shots[0]; i++) {
				char path[PATH_MAX + 96];
				snprintf(path, sizeof path, "%s-%s.png", prefix, shots[i]);
				expect_png(path, sizes[s].w, sizes[s].h);
			}
		}
	}
	/* Per run: the transaction's rating with the confirmed complaint, the walked-away citizen's
	 * one answer for the officer on duty, a full rating of the officer on duty; per no-officer run
	 * one rating with the procedure answer alone; per three-question run one of three answers. */
	assert_int_equal(harness_sql_wait(e->s.db, "SELECT count(*) FROM rating", 5 * runs, 20000), 5 * runs);
	assert_int_equal(harness_sql(e->s.db, "SELECT count(*) FROM rating WHERE officer = '" OFFICER "' AND procedure = '"
				     PROCEDURE "' AND a_officer = 5 AND a_procedure = 4 AND a_result = 3"), runs);
	assert_int_equal(harness_sql(e->s.db, "SELECT count(*) FROM rating WHERE officer = '" OFFICER "' AND procedure = '"
				     PROCEDURE "' AND a_officer = 2 AND a_procedure = 1 AND reasons = 129"), runs);
	assert_int_equal(harness_sql(e->s.db, "SELECT count(*) FROM rating WHERE officer = '" OFFICER "' AND procedure = ''"
				     " AND a_officer = 4 AND a_procedure IS NULL AND reasons = 0"), runs);
	assert_int_equal(harness_sql(e->s.db, "SELECT count(*) FROM rating WHERE officer = '" OFFICER "' AND procedure = ''"
				     " AND a_officer = 5 AND a_procedure = 5"), runs);
	assert_int_equal(harness_sql(e->s.db, "SELECT count(*) FROM rating WHERE officer = '' AND a_officer IS NULL"
				     " AND a_procedure = 4"), runs);
}

/* The idle screen as people with a colour-vision deficiency see it, for people to look at; the
 * contrast figures themselves are asserted in test_colour. */
static void colour_vision_simulation(void **state)
{
	(void)state;
	static const char *const kinds[] = { "protan", "deutan", "tritan" };
	char bin[PATH_MAX + 32], in[PATH_MAX + 64], out[PATH_MAX + 96], log[PATH_MAX + 64];

	snprintf(bin, sizeof bin, "%s/hailong-cvd", harness_bindir());
	snprintf(in, sizeof in, "%s/screenshots/vi-800x480-idle.png", harness_bindir());
	snprintf(log, sizeof log, "%s/screenshots/cvd.log", harness_bindir());
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		snprintf(out, sizeof out, "%s/screenshots/cvd-%s-vi-800x480-idle.png", harness_bindir(), kinds[i]);
		char *argv[] = { bin, (char *)kinds[i], in, out, NULL };
		assert_int_equal(harness_run(log, argv, 30000), 0);
		expect_png(out, 800, 480);
	}
}

/* Spoken prompts are off until the citizen presses the speaker button (F6 on a keyboard); then the
 * screen's prompt plays through SDL audio (here SDL's disk driver, a file of samples). */
static void speaker_button_speaks(void **state)
{
	struct env *e = *state;
	char audio[PATH_MAX + 32], extra[PATH_MAX + 64];

	snprintf(audio, sizeof audio, "%s/audio.raw", e->s.dir);
	snprintf(extra, sizeof extra, "officer = " OFFICER "\nvoice_dir = %s/voice\n", harness_bindir());
	terminal_write_conf(e, extra);
	setenv("SDL_AUDIODRIVER", "disk", 1);
	setenv("SDL_DISKAUDIOFILE", audio, 1);
	harness_write_file(e->script, "wait 300\nkey 4\nwait 1500\nquit\n");
	assert_int_equal(harness_finish(terminal_start(e, e->script), 30000), 0);
	assert_true(terminal_file_size(audio) <= 0); /* silent by default: no device was even opened */
	harness_write_file(e->script, "wait 300\nkey F6\nwait 1500\nkey 4\nwait 1500\nquit\n");
	assert_int_equal(harness_finish(terminal_start(e, e->script), 30000), 0);
	assert_true(terminal_file_size(audio) > 22050); /* more than half a second of 22 kHz mono */
	setenv("SDL_AUDIODRIVER", "dummy", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_screen_and_state, terminal_env_setup, terminal_env_teardown),
		cmocka_unit_test(colour_vision_simulation),
		cmocka_unit_test_setup_teardown(speaker_button_speaks, terminal_env_setup, terminal_env_teardown),
	};
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	setenv("SDL_RENDER_DRIVER", "software", 1);
	setenv("SDL_AUDIODRIVER", "dummy", 1);
	return cmocka_run_group_tests_name("it_screens", tests, NULL, NULL);
}
