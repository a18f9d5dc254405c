/* SPDX-License-Identifier: MIT
 * test_script.c — the terminal's input script as someone writing one sees it: a full valid script
 * turns into the right commands, arguments and line numbers (comments, blank lines and CRLF endings
 * included); every malformed line is refused with HL_ERR_INVALID and an error "NAME:LINE: why" that
 * points at that line, leaving an empty script; script_load reads a real file and names the path of
 * a missing one; script_free is safe on NULL and twice. */
#include "hl.h"
#include "script.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- helpers ----------------------------------------------------------------------------------- */

/* Parses text that must be refused and checks the error starts with "test.txt:LINE: ". */
static void expect_invalid(const char *text, int line)
{
	struct script s = { (struct script_cmd *)1, 99 };
	char err[256] = "", want[64];

	assert_int_equal(script_parse(text, "test.txt", &s, err, sizeof err), HL_ERR_INVALID);
	snprintf(want, sizeof want, "test.txt:%d: ", line);
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("error \"%s\" does not start with \"%s\"", err, want);
	assert_true(strlen(err) > strlen(want)); /* it says why */
	assert_null(s.cmds);
	assert_int_equal(s.n, 0);
}

/* Writes text to a new file under /tmp; path gets its name. */
static void write_temp(char *path, size_t cap, const char *text)
{
	int fd;
	size_t len = strlen(text);
	ssize_t wr;

	snprintf(path, cap, "/tmp/test_script-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	wr = write(fd, text, len);
	if (close(fd) != 0 || wr != (ssize_t)len) {
		unlink(path);
		fail_msg("cannot write %s", path);
	}
}

/* ---- valid scripts ----------------------------------------------------------------------------- */

static const char FULL[] =
	"# demo: rate counter q05\n"
	"\n"
	"key 5\n"
	"  tap 10 20\n"
	"\twait 1500\n"
	"# a comment between commands\n"
	"   \n"
	"key Return\n"
	"shot build/screenshots/thanks.png\n"
	"tap 0 0\n"
	"wait 0\n"
	"key Escape\n"
	"quit\n";

static void check_full(const struct script *s)
{
	assert_int_equal(s->n, 9);

	assert_int_equal(s->cmds[0].op, SCRIPT_KEY);
	assert_string_equal(s->cmds[0].arg, "5");
	assert_int_equal(s->cmds[0].line, 3);

	assert_int_equal(s->cmds[1].op, SCRIPT_TAP);
	assert_int_equal(s->cmds[1].x, 10);
	assert_int_equal(s->cmds[1].y, 20);
	assert_int_equal(s->cmds[1].line, 4);

	assert_int_equal(s->cmds[2].op, SCRIPT_WAIT);
	assert_int_equal(s->cmds[2].ms, 1500);
	assert_int_equal(s->cmds[2].line, 5);

	assert_int_equal(s->cmds[3].op, SCRIPT_KEY);
	assert_string_equal(s->cmds[3].arg, "Return");
	assert_int_equal(s->cmds[3].line, 8);

	assert_int_equal(s->cmds[4].op, SCRIPT_SHOT);
	assert_string_equal(s->cmds[4].arg, "build/screenshots/thanks.png");
	assert_int_equal(s->cmds[4].line, 9);

	assert_int_equal(s->cmds[5].op, SCRIPT_TAP);
	assert_int_equal(s->cmds[5].x, 0);
	assert_int_equal(s->cmds[5].y, 0);
	assert_int_equal(s->cmds[5].line, 10);

	assert_int_equal(s->cmds[6].op, SCRIPT_WAIT);
	assert_int_equal(s->cmds[6].ms, 0);
	assert_int_equal(s->cmds[6].line, 11);

	assert_int_equal(s->cmds[7].op, SCRIPT_KEY);
	assert_string_equal(s->cmds[7].arg, "Escape");
	assert_int_equal(s->cmds[7].line, 12);

	assert_int_equal(s->cmds[8].op, SCRIPT_QUIT);
	assert_int_equal(s->cmds[8].line, 13);
}

static void test_full_script(void **state)
{
	struct script s;
	char err[256] = "";

	(void)state;
	assert_int_equal(script_parse(FULL, "demo.txt", &s, err, sizeof err), HL_OK);
	check_full(&s);
	script_free(&s);
}

/* The same script with Windows line endings: same commands, same lines, no '\r' in arguments. */
static void test_crlf(void **state)
{
	struct script s;
	char text[sizeof FULL * 2], err[256] = "";
	size_t j = 0;

	(void)state;
	for (size_t i = 0; FULL[i]; i++) {
		if (FULL[i] == '\n')
			text[j++] = '\r';
		text[j++] = FULL[i];
	}
	text[j] = '\0';
	assert_int_equal(script_parse(text, "demo.txt", &s, err, sizeof err), HL_OK);
	check_full(&s);
	script_free(&s);
}

static void test_last_line_without_newline(void **state)
{
	struct script s;
	char err[256] = "";

	(void)state;
	assert_int_equal(script_parse("wait 5\nquit", "t", &s, err, sizeof err), HL_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.cmds[1].op, SCRIPT_QUIT);
	assert_int_equal(s.cmds[1].line, 2);
	script_free(&s);
}

static void test_empty_and_comment_only(void **state)
{
	struct script s;
	char err[256] = "";

	(void)state;
	assert_int_equal(script_parse("", "t", &s, err, sizeof err), HL_OK);
	assert_int_equal(s.n, 0);
	script_free(&s);
	assert_int_equal(script_parse("# nothing\n\n   \n\t\n", "t", &s, err, sizeof err), HL_OK);
	assert_int_equal(s.n, 0);
	script_free(&s);
}

/* The limits the parser documents are included: wait 3600000 ms, taps up to 100000. */
static void test_limits_accepted(void **state)
{
	struct script s;
	char err[256] = "";

	(void)state;
	assert_int_equal(script_parse("wait 3600000\ntap 100000 100000\n", "t", &s, err, sizeof err), HL_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.cmds[0].ms, 3600000);
	assert_int_equal(s.cmds[1].x, 100000);
	assert_int_equal(s.cmds[1].y, 100000);
	script_free(&s);
}

/* More than the first allocation of commands. */
static void test_many_commands(void **state)
{
	enum { N = 1000 };
	struct script s;
	char *text = malloc(N * 16), err[256] = "";
	size_t off = 0;

	(void)state;
	assert_non_null(text);
	for (int i = 0; i < N; i++)
		off += (size_t)sprintf(text + off, "wait %d\n", i);
	assert_int_equal(script_parse(text, "t", &s, err, sizeof err), HL_OK);
	assert_int_equal(s.n, N);
	for (int i = 0; i < N; i++) {
		assert_int_equal(s.cmds[i].op, SCRIPT_WAIT);
		assert_int_equal(s.cmds[i].ms, i);
		assert_int_equal(s.cmds[i].line, i + 1);
	}
	script_free(&s);
	free(text);
}

/* ---- malformed lines --------------------------------------------------------------------------- */

static void test_unknown_command(void **state)
{
	(void)state;
	expect_invalid("key 5\n\n# ok so far\npress 5\nquit\n", 4);
	expect_invalid("Key 5\n", 1); /* commands are lower case */
	expect_invalid("wiat 100\n", 1);
}

static void test_bad_tap(void **state)
{
	(void)state;
	expect_invalid("quit\ntap 10\n", 2);
	expect_invalid("tap a b\n", 1);
	expect_invalid("tap 10 b\n", 1);
	expect_invalid("tap 10 20 30\n", 1);
	expect_invalid("tap -1 5\n", 1);
	expect_invalid("tap 100001 5\n", 1);
	expect_invalid("tap 10px 20\n", 1);
	expect_invalid("tap\n", 1);
}

static void test_bad_wait(void **state)
{
	(void)state;
	expect_invalid("wait 10\nwait -1\n", 2);
	expect_invalid("wait 99999999\n", 1);
	expect_invalid("wait 3600001\n", 1);
	expect_invalid("wait 99999999999999999999\n", 1);
	expect_invalid("wait 1.5\n", 1);
	expect_invalid("wait\n", 1);
	expect_invalid("wait 1 2\n", 1);
}

static void test_bad_key_shot_quit(void **state)
{
	(void)state;
	expect_invalid("key\n", 1);
	expect_invalid("key   \n", 1);
	expect_invalid("\n\nkey 5 6\n", 3);
	expect_invalid("shot\n", 1);
	expect_invalid("shot a.png b.png\n", 1);
	expect_invalid("quit now\n", 1);
	expect_invalid("wait 10 # trailing comment\n", 1);
}

static void test_error_line_with_crlf(void **state)
{
	(void)state;
	expect_invalid("key 5\r\n\r\ntap 1\r\n", 3);
}

static void test_too_long_line(void **state)
{
	char text[2048];

	(void)state;
	strcpy(text, "quit\nshot /tmp/");
	memset(text + strlen(text), 'x', 1500);
	text[15 + 1500] = '\0';
	strcat(text, "\nquit\n");
	expect_invalid(text, 2);

	strcpy(text, "key ");
	memset(text + 4, 'K', 1000);
	text[4 + 1000] = '\0';
	expect_invalid(text, 1);

	/* A key name that fits a line but not the argument buffer. */
	strcpy(text, "key ");
	memset(text + 4, 'K', 300);
	text[4 + 300] = '\0';
	expect_invalid(text, 1);
}

/* The error string is cut to the caller's buffer, never overrun. */
static void test_small_error_buffer(void **state)
{
	struct script s;
	char err[8];

	(void)state;
	memset(err, 'z', sizeof err);
	assert_int_equal(script_parse("bogus\n", "a-long-script-name.txt", &s, err, 6), HL_ERR_INVALID);
	assert_string_equal(err, "a-lon");
	assert_int_equal(err[6], 'z');
	assert_int_equal(s.n, 0);
}

/* ---- files ------------------------------------------------------------------------------------- */

static void test_load_file(void **state)
{
	struct script s;
	char path[64], err[256] = "";
	int rc;

	(void)state;
	write_temp(path, sizeof path, FULL);
	rc = script_load(path, &s, err, sizeof err);
	assert_int_equal(unlink(path), 0); /* before any assertion can end the test */
	assert_int_equal(rc, HL_OK);
	check_full(&s);
	script_free(&s);
}

/* Errors in a file are named by its path. */
static void test_load_file_with_error(void **state)
{
	struct script s;
	char path[64], err[256] = "", want[128];
	int rc;

	(void)state;
	write_temp(path, sizeof path, "key 5\nwait soon\nquit\n");
	rc = script_load(path, &s, err, sizeof err);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rc, HL_ERR_INVALID);
	snprintf(want, sizeof want, "%s:2: ", path);
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("error \"%s\" does not start with \"%s\"", err, want);
	assert_null(s.cmds);
	assert_int_equal(s.n, 0);
}

static void test_load_missing_file(void **state)
{
	struct script s;
	char err[256] = "";
	const char *path = "/tmp/test_script-does-not-exist/none.txt";

	(void)state;
	assert_int_equal(script_load(path, &s, err, sizeof err), HL_ERR_IO);
	assert_non_null(strstr(err, path));
	assert_null(s.cmds);
	assert_int_equal(s.n, 0);
}

/* ---- freeing ----------------------------------------------------------------------------------- */

static void test_script_free(void **state)
{
	struct script s;
	char err[256] = "";

	(void)state;
	script_free(NULL);
	assert_int_equal(script_parse("key 5\nquit\n", "t", &s, err, sizeof err), HL_OK);
	assert_int_equal(s.n, 2);
	script_free(&s);
	assert_null(s.cmds);
	assert_int_equal(s.n, 0);
	script_free(&s); /* twice is harmless */
	assert_null(s.cmds);
	assert_int_equal(s.n, 0);
}

/* ---- regressions ---- */

static void test_load_directory(void **state)
{
	struct script s;
	char err[256] = "";

	(void)state;
	assert_int_equal(script_load("/tmp", &s, err, sizeof err), HL_ERR_IO);
	assert_non_null(strstr(err, "/tmp"));
	assert_int_equal(s.n, 0);
}

/* Everything after a NUL byte used to vanish without a word. */
static void test_load_nul_byte(void **state)
{
	static const char text[] = "key 5\n\0wait soon\nquit\n";
	char path[] = "/tmp/test_script_bugs-XXXXXX", err[256] = "";
	struct script s;
	int fd = mkstemp(path), rc;
	ssize_t wr;

	(void)state;
	assert_true(fd >= 0);
	wr = write(fd, text, sizeof text - 1);
	close(fd);
	rc = script_load(path, &s, err, sizeof err);
	unlink(path);
	assert_int_equal(wr, (ssize_t)(sizeof text - 1));
	assert_int_equal(rc, HL_ERR_INVALID);
	assert_non_null(strstr(err, path));
	assert_int_equal(s.n, 0);
}

/* "\rquit now" is not a blank line: it must be parsed (and here refused), not skipped. */
static void test_leading_cr_not_blank(void **state)
{
	struct script s;
	char err[256] = "";

	(void)state;
	assert_int_equal(script_parse("key 5\n\rquit now\n", "t", &s, err, sizeof err), HL_ERR_INVALID);
	assert_non_null(strstr(err, "t:2: "));
	assert_int_equal(script_parse("key 5\n\rquit\n", "t", &s, err, sizeof err), HL_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.cmds[1].op, SCRIPT_QUIT);
	assert_int_equal(s.cmds[1].line, 2);
	script_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_script),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_last_line_without_newline),
		cmocka_unit_test(test_empty_and_comment_only),
		cmocka_unit_test(test_limits_accepted),
		cmocka_unit_test(test_many_commands),
		cmocka_unit_test(test_unknown_command),
		cmocka_unit_test(test_bad_tap),
		cmocka_unit_test(test_bad_wait),
		cmocka_unit_test(test_bad_key_shot_quit),
		cmocka_unit_test(test_error_line_with_crlf),
		cmocka_unit_test(test_too_long_line),
		cmocka_unit_test(test_small_error_buffer),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_load_file_with_error),
		cmocka_unit_test(test_load_missing_file),
		cmocka_unit_test(test_script_free),
		cmocka_unit_test(test_load_directory),
		cmocka_unit_test(test_load_nul_byte),
		cmocka_unit_test(test_leading_cr_not_blank),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
