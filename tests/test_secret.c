/* SPDX-License-Identifier: MIT
 * test_secret.c — password files as an IT admin meets them: a file written by an editor (with its
 * newline, or CRLF) gives the password alone; a file others can read or change is refused with a
 * message naming it and the chmod that fixes it; empty, two-line, over-long and missing files are
 * refused; secret_write makes a file only its owner can read, which secret_read accepts; random
 * passwords have the asked length and alphabet and differ. The broker-login cross-checks
 * (broker_security_check) name the key at fault. */
#include "hl.h"
#include "secret.h"
#include "url.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/hl-test-secret-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Writes text to dir/name with mode; returns the path (static buffer). */
static const char *put(const char *name, const char *text, size_t len, mode_t mode)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

static void expect_read(const char *path, int rc, const char *want)
{
	char pw[SECRET_MAX + 1], why[512] = "";

	assert_int_equal(secret_read(path, pw, sizeof pw, why, sizeof why), rc);
	if (rc == HL_OK)
		assert_string_equal(pw, want);
	else if (!strstr(why, want))
		fail_msg("'%s' does not say '%s'", why, want);
}

static void test_read_forms(void **state)
{
	(void)state;
	expect_read(put("a", "s3cret\n", 7, 0600), HL_OK, "s3cret");
	expect_read(put("b", "s3cret", 6, 0600), HL_OK, "s3cret");
	expect_read(put("c", "s3cret\r\n", 8, 0600), HL_OK, "s3cret");
	expect_read(put("d", "with spaces inside\n", 19, 0400), HL_OK, "with spaces inside");
	/* Group read is allowed: root:hailong 0640 hands the file to the daemon's group. */
	expect_read(put("e", "s3cret\n", 7, 0640), HL_OK, "s3cret");
}

static void test_read_refusals(void **state)
{
	char big[SECRET_MAX + 2];
	const char *p;

	(void)state;
	p = put("open", "s3cret\n", 7, 0644);
	expect_read(p, HL_ERR_INVALID, "can be read by others (mode 0644); chmod 600");
	expect_read(p, HL_ERR_INVALID, p);
	expect_read(put("gw", "s3cret\n", 7, 0660), HL_ERR_INVALID, "can be changed by others");
	expect_read(put("empty", "", 0, 0600), HL_ERR_INVALID, "is empty");
	expect_read(put("nl", "\n", 1, 0600), HL_ERR_INVALID, "is empty");
	expect_read(put("two", "one\ntwo\n", 8, 0600), HL_ERR_INVALID, "alone on one line");
	expect_read(put("nul", "ab\0cd", 5, 0600), HL_ERR_INVALID, "alone on one line");
	memset(big, 'x', sizeof big);
	expect_read(put("big", big, sizeof big, 0600), HL_ERR_INVALID, "longer than 256 bytes");
	memset(big, 'x', SECRET_MAX);
	big[SECRET_MAX] = '\n';
	p = put("max", big, SECRET_MAX + 1, 0600);
	big[SECRET_MAX] = '\0';
	expect_read(p, HL_OK, big);
	char missing[128];
	snprintf(missing, sizeof missing, "%s/missing", dir);
	expect_read(missing, HL_ERR_IO, "No such file or directory");
	expect_read(dir, HL_ERR_INVALID, "not a regular file");
}

static void test_write_then_read(void **state)
{
	char path[128], pw[40], back[SECRET_MAX + 1], why[256];
	struct stat sb;

	(void)state;
	snprintf(path, sizeof path, "%s/written", dir);
	assert_int_equal(secret_random(pw, sizeof pw, 32), HL_OK);
	assert_int_equal(secret_write(path, pw), HL_OK);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(secret_read(path, back, sizeof back, why, sizeof why), HL_OK);
	assert_string_equal(back, pw);
	/* Replacing keeps the mode and leaves no temporary file behind. */
	assert_int_equal(secret_write(path, "rotated"), HL_OK);
	assert_int_equal(secret_read(path, back, sizeof back, why, sizeof why), HL_OK);
	assert_string_equal(back, "rotated");
	strcat(path, ".tmp");
	assert_int_not_equal(access(path, F_OK), 0);
}

static void test_random(void **state)
{
	char a[64], b[64];

	(void)state;
	assert_int_equal(secret_random(a, sizeof a, 32), HL_OK);
	assert_int_equal(secret_random(b, sizeof b, 32), HL_OK);
	assert_int_equal(strlen(a), 32);
	assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 32);
	assert_string_not_equal(a, b);
	assert_int_equal(secret_random(a, 32, 32), HL_ERR_IO); /* no room for the NUL */
}

static void check_login(const char *url, struct broker_security *s, const char *key, const char *want)
{
	struct broker_url u;
	const char *bad;
	char why[512];

	assert_int_equal(url_parse(url, &u), HL_OK);
	if (!key) {
		if (broker_security_check(&u, s, &bad, why, sizeof why) != HL_OK)
			fail_msg("refused %s: %s: %s", url, bad, why);
		return;
	}
	assert_int_equal(broker_security_check(&u, s, &bad, why, sizeof why), HL_ERR_INVALID);
	assert_string_equal(bad, key);
	if (!strstr(why, want))
		fail_msg("'%s' does not say '%s'", why, want);
}

static void test_security_check(void **state)
{
	struct broker_security s = { 0 };
	const char *ca = put("ca.crt", "x", 1, 0644);
	char cafile[128];

	(void)state;
	snprintf(cafile, sizeof cafile, "%s", ca);
	check_login("mqtt://127.0.0.1", &s, NULL, NULL);
	check_login("mqtts://broker", &s, "cafile", "mqtts:// needs the CA certificate");
	snprintf(s.cafile, sizeof s.cafile, "%s/nope.crt", dir);
	check_login("mqtts://broker", &s, "cafile", "cannot read");
	snprintf(s.cafile, sizeof s.cafile, "%s", cafile);
	check_login("mqtts://broker", &s, NULL, NULL);
	check_login("mqtt://broker", &s, "cafile", "need a mqtts:// broker address");
	snprintf(s.certfile, sizeof s.certfile, "%s", cafile);
	check_login("mqtts://broker", &s, "keyfile", "go together");
	s.certfile[0] = '\0';
	snprintf(s.password_file, sizeof s.password_file, "%s", put("pw", "p\n", 2, 0600));
	check_login("mqtts://broker", &s, "username", "needs a username");
	snprintf(s.username, sizeof s.username, "terminal.sct-bentre.q05");
	check_login("mqtts://broker", &s, NULL, NULL);
	chmod(s.password_file, 0644);
	check_login("mqtts://broker", &s, "password_file", "can be read by others");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_forms),
		cmocka_unit_test(test_read_refusals),
		cmocka_unit_test(test_write_then_read),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_security_check),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
