/* SPDX-License-Identifier: MIT
 * test_log.c — what reaches the journal as an admin reads it: a message with a newline or an escape
 * sequence from outside stays one line with the characters shown as escapes; Vietnamese passes as it
 * is; bidi and invisible characters are shown, not obeyed; a thousand identical errors in a burst
 * give five lines and then one that says how many were held back; info lines are never held back. */
#include "escape.h"
#include "log.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int64_t fake_now;
static char path[64];
static int saved_fd = -1;

static int fake_clock(int64_t *now_s)
{
	*now_s = fake_now;
	return 0;
}

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/hl-test-log-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	fflush(stderr);
	saved_fd = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
	log_init("test", LOG_DEBUG);
	log_set_clock(fake_clock);
	fake_now += 1000; /* a fresh window for every test */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	dup2(saved_fd, STDERR_FILENO);
	close(saved_fd);
	unlink(path);
	return 0;
}

/* What was logged so far (static buffer). */
static const char *logged(void)
{
	static char buf[1 << 16];
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

static int lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void forged_line_stays_one_line(void **state)
{
	(void)state;
	log_msg(LOG_WARN, "rejected: unknown key '%s'", "x\ntest: error: the database was deleted\x1b[2J");
	const char *s = logged();
	assert_int_equal(lines(s), 1);
	assert_non_null(strstr(s, "x\\ntest: error: the database was deleted\\x1B[2J'"));
	assert_null(strchr(s, '\x1b'));
}

static void vietnamese_passes_bidi_is_shown(void **state)
{
	(void)state;
	log_msg(LOG_INFO, "officer %s", "Nguyễn Thị Ngọc Ánh");
	log_msg(LOG_INFO, "officer %s", "abc\xe2\x80\xae" "321"); /* U+202E */
	log_msg(LOG_INFO, "bytes %s", "\xff\xc3");
	const char *s = logged();
	assert_non_null(strstr(s, "officer Nguyễn Thị Ngọc Ánh\n"));
	assert_non_null(strstr(s, "officer abc\\u{202E}321\n"));
	assert_non_null(strstr(s, "bytes \\xFF\\xC3\n"));
}

static void flood_is_held_back_and_counted(void **state)
{
	(void)state;
	for (int i = 0; i < 1000; i++)
		log_msg(LOG_ERROR, "could not store %d ratings (disk full)", i);
	assert_int_equal(lines(logged()), 5);
	fake_now += 11;
	log_msg(LOG_ERROR, "could not store %d ratings (disk full)", 1000);
	const char *s = logged();
	assert_int_equal(lines(s), 6);
	assert_non_null(strstr(s, "could not store 1000 ratings (disk full) (and 995 more like it held back in 10 s)"));
}

static void held_back_said_by_other_lines_and_at_exit(void **state)
{
	(void)state;
	for (int i = 0; i < 20; i++)
		log_msg(LOG_WARN, "resend %d failed", i);
	fake_now += 11;
	log_msg(LOG_WARN, "something else");
	const char *s = logged();
	assert_non_null(strstr(s, "15 more like \"resend %d failed\" held back in 10 s"));
	for (int i = 0; i < 8; i++)
		log_msg(LOG_WARN, "another %d", i);
	log_flush_held();
	assert_non_null(strstr(logged(), "3 more like \"another %d\" held back"));
}

static void info_is_never_held_back(void **state)
{
	(void)state;
	for (int i = 0; i < 100; i++)
		log_msg(LOG_INFO, "rating %d spooled", i);
	assert_int_equal(lines(logged()), 100);
}

static void escape_cuts_at_whole_escapes(void **state)
{
	char out[8];

	(void)state;
	assert_int_equal(escape_text(out, sizeof out, "ab\n\n\n", 5), 6);
	assert_string_equal(out, "ab\\n\\n");
	assert_int_equal(escape_text(out, sizeof out, "\x01", 1), 4);
	assert_string_equal(out, "\\x01");
	assert_true(escape_clean("Thủ tục", strlen("Thủ tục")));
	assert_false(escape_clean("a\xef\xbb\xbf", 4)); /* U+FEFF */
	assert_false(escape_clean("a\xe2\x80\x8b", 4)); /* U+200B */
	assert_false(escape_clean("a\xe2\x80\xa8", 4)); /* U+2028 */
	assert_false(escape_clean("a\xc2\x85", 3));     /* C1 NEL */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(forged_line_stays_one_line, setup, teardown),
		cmocka_unit_test_setup_teardown(vietnamese_passes_bidi_is_shown, setup, teardown),
		cmocka_unit_test_setup_teardown(flood_is_held_back_and_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(held_back_said_by_other_lines_and_at_exit, setup, teardown),
		cmocka_unit_test_setup_teardown(info_is_never_held_back, setup, teardown),
		cmocka_unit_test_setup_teardown(escape_cuts_at_whole_escapes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
