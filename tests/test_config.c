/* SPDX-License-Identifier: MIT
 * test_config.c — the "key = value" loader through a small settings struct and its option table:
 * a good text (comments, blank lines, blanks around '=') sets every field; each kind of mistake is
 * refused with a message naming the file, the line and the key exactly as an operator reads it;
 * command-line overrides are reported as "option --KEY"; real files are read from /tmp and a
 * missing one is reported with its path and the system's reason. */
#include "config.h"
#include "hl.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct settings {
	char name[16];
	int port;
	int retries;
	int verbose;
	char broker[64];
	char site[33];
	char officer[33];
	char cafile[128];
};

#define OPT(k, t, field, lo, hi)                                                                   \
	{ .key = k, .type = t, .offset = offsetof(struct settings, field),                        \
	  .size = sizeof(((struct settings *)0)->field), .min = lo, .max = hi, .help = k }

static const struct config_option options[] = {
	OPT("name", CONFIG_STRING, name, 0, 0),
	OPT("port", CONFIG_INT, port, 1, 65535),
	OPT("retries", CONFIG_INT, retries, -1, 10),
	OPT("verbose", CONFIG_BOOL, verbose, 0, 0),
	OPT("broker", CONFIG_URL, broker, 0, 0),
	OPT("site", CONFIG_ID, site, 0, 0),
	OPT("officer", CONFIG_CODE, officer, 0, 0),
	OPT("cafile", CONFIG_PATH, cafile, 0, 0),
	{ .key = NULL },
};

/* An option with its own rule: the error of a value it refuses names file, line and key. */
static const char *even_length(const char *value)
{
	return strlen(value) % 2 ? "must have an even length" : NULL;
}

static void test_option_rule(void **state)
{
	static const struct config_option ruled[] = {
		CONFIG_OPT_CHECKED(struct settings, "name", name, even_length, "even"),
		{ .key = NULL },
	};
	struct settings s = { .name = "ok" };
	struct config_error err;
	char msg[512];

	(void)state;
	assert_int_equal(config_parse(ruled, &s, "# x\nname = abcd\n", "t.conf", &err), HL_OK);
	assert_string_equal(s.name, "abcd");
	assert_int_equal(config_parse(ruled, &s, "# x\n\nname = abc\n", "t.conf", &err), HL_ERR_INVALID);
	config_error_format(&err, msg, sizeof msg);
	assert_string_equal(msg, "t.conf:3: key 'name': must have an even length");
	assert_string_equal(s.name, "abcd"); /* a refused value is not set */
}

static const char GOOD[] =
	"# Hài Lòng aggregator, Sở Công Thương Bến Tre\n"
	"\n"
	"name = Bến Tre\n"
	"port=1884\n"
	"   retries   =   -1   \n"
	"\t# an indented comment\n"
	"verbose\t=\tyes\n"
	"   \n"
	"broker = mqtt://127.0.0.1:1883\n"
	"site = sct-bentre\n"
	"officer = 1.001234"; /* the last line has no newline */

/* Parses text as "agg.conf" and requires a refusal formatted exactly as want. */
static void expect_error(const char *text, const char *want)
{
	struct settings s;
	struct config_error err;
	char msg[512];

	memset(&s, 0, sizeof s);
	if (config_parse(options, &s, text, "agg.conf", &err) != HL_ERR_INVALID)
		fail_msg("accepted: %s", text);
	config_error_format(&err, msg, sizeof msg);
	assert_string_equal(msg, want);
}

/* A temporary file under /tmp holding len bytes of text; the caller unlinks path. */
static void write_temp(char path[64], const char *text, size_t len)
{
	ssize_t n;
	int fd;

	snprintf(path, 64, "/tmp/hl-test-config-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	n = write(fd, text, len);
	if (close(fd) != 0 || n != (ssize_t)len) {
		unlink(path);
		fail_msg("cannot write %s", path);
	}
}

/* Writes text to a temporary file, loads it and removes the file before anything is asserted, so a
 * failing test leaves nothing behind in /tmp. */
static int load_temp(const char *text, size_t len, struct settings *s, struct config_error *err,
		     char path[64])
{
	int rc;

	write_temp(path, text, len);
	rc = config_load_file(options, s, path, err);
	assert_int_equal(unlink(path), 0);
	return rc;
}

static void test_parse_good_text(void **state)
{
	struct settings s;
	struct config_error err;

	(void)state;
	memset(&s, 0, sizeof s);
	assert_int_equal(config_parse(options, &s, GOOD, "agg.conf", &err), HL_OK);
	assert_string_equal(s.name, "Bến Tre");
	assert_int_equal(s.port, 1884);
	assert_int_equal(s.retries, -1);
	assert_int_equal(s.verbose, 1);
	assert_string_equal(s.broker, "mqtt://127.0.0.1:1883");
	assert_string_equal(s.site, "sct-bentre");
	assert_string_equal(s.officer, "1.001234");
}

static void test_parse_value_forms(void **state)
{
	static const struct {
		const char *text;
		int want;
	} bools[] = {
		{ "verbose = yes", 1 }, { "verbose = true", 1 }, { "verbose = on", 1 }, { "verbose = 1", 1 },
		{ "verbose = no", 0 },  { "verbose = false", 0 }, { "verbose = off", 0 }, { "verbose = 0", 0 },
	};
	struct settings s;
	struct config_error err;

	(void)state;
	for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++) {
		s.verbose = -7;
		assert_int_equal(config_parse(options, &s, bools[i].text, "agg.conf", &err), HL_OK);
		assert_int_equal(s.verbose, bools[i].want);
	}

	memset(&s, 0, sizeof s);
	/* CRLF line endings, a value holding '=', an empty code, the later line winning. */
	assert_int_equal(config_parse(options, &s,
				      "name = a=b\r\nofficer =\r\nport = 1\r\nport = 65535\r\n", "agg.conf",
				      &err),
			 HL_OK);
	assert_string_equal(s.name, "a=b");
	assert_string_equal(s.officer, "");
	assert_int_equal(s.port, 65535);

	/* The longest value that fits the 16-byte field. */
	assert_int_equal(config_parse(options, &s, "name = 123456789012345", "agg.conf", &err), HL_OK);
	assert_string_equal(s.name, "123456789012345");

	/* Nothing but comments and blanks sets nothing and is fine. */
	memset(&s, 0, sizeof s);
	assert_int_equal(config_parse(options, &s, "# port = 5\n\n  \n", "agg.conf", &err), HL_OK);
	assert_int_equal(s.port, 0);
	assert_int_equal(config_parse(options, &s, "", "agg.conf", &err), HL_OK);
}

static void test_parse_errors(void **state)
{
	(void)state;
	expect_error("port = 1883\nname = x\ncolour = blue\n", "agg.conf:3: key 'colour': unknown key");
	expect_error("Port = 1883", "agg.conf:1: key 'Port': unknown key");
	expect_error("port = 18x3", "agg.conf:1: key 'port': '18x3' is not a whole number");
	expect_error("port = ", "agg.conf:1: key 'port': '' is not a whole number");
	expect_error("port = 1883.0", "agg.conf:1: key 'port': '1883.0' is not a whole number");
	expect_error("port = 99999999999999999999999",
		     "agg.conf:1: key 'port': '99999999999999999999999' is not a whole number");
	expect_error("# agg\n\nport = 70000\n", "agg.conf:3: key 'port': 70000 is outside 1..65535");
	expect_error("port = 0", "agg.conf:1: key 'port': 0 is outside 1..65535");
	expect_error("retries = -2", "agg.conf:1: key 'retries': -2 is outside -1..10");
	expect_error("verbose = maybe", "agg.conf:1: key 'verbose': 'maybe' is not yes or no");
	expect_error("verbose = YES", "agg.conf:1: key 'verbose': 'YES' is not yes or no");
	expect_error("broker = http://127.0.0.1:1883",
		     "agg.conf:1: key 'broker': 'http://127.0.0.1:1883' is not mqtt://HOST:PORT or mqtts://HOST:PORT");
	expect_error("broker = mqtt://127.0.0.1:70000",
		     "agg.conf:1: key 'broker': 'mqtt://127.0.0.1:70000' is not mqtt://HOST:PORT or mqtts://HOST:PORT");
	expect_error("site = SCT-BenTre", "agg.conf:1: key 'site': 'SCT-BenTre' must match [a-z0-9-]{1,32}");
	expect_error("site =", "agg.conf:1: key 'site': '' must match [a-z0-9-]{1,32}");
	expect_error("officer = cb 0123",
		     "agg.conf:1: key 'officer': 'cb 0123' must match [A-Za-z0-9._-]{0,32}");
	expect_error("officer = abcdefghijklmnopqrstuvwxyz0123456",
		     "agg.conf:1: key 'officer': 'abcdefghijklmnopqrstuvwxyz0123456' must match "
		     "[A-Za-z0-9._-]{0,32}");
	expect_error("name = 1234567890123456", "agg.conf:1: key 'name': value longer than 15 bytes");
	expect_error("\n# no equals sign below\nport 1883\n", "agg.conf:3: expected 'key = value'");
	expect_error("  = 1883", "agg.conf:1: missing key before '='");
}

static void test_parse_stops_at_first_error(void **state)
{
	struct settings s;
	struct config_error err;
	char msg[256];

	(void)state;
	memset(&s, 0, sizeof s);
	assert_int_equal(config_parse(options, &s, "port = 1884\nport = 70000\nsite = late\nbogus\n",
				      "agg.conf", &err),
			 HL_ERR_INVALID);
	config_error_format(&err, msg, sizeof msg);
	assert_string_equal(msg, "agg.conf:2: key 'port': 70000 is outside 1..65535");
	assert_int_equal(err.line, 2);
	assert_string_equal(err.key, "port");
	/* The bad value changed nothing and nothing after it was applied. */
	assert_int_equal(s.port, 1884);
	assert_string_equal(s.site, "");
}

static void test_set_from_command_line(void **state)
{
	struct settings s;
	struct config_error err;
	char msg[256];

	(void)state;
	memset(&s, 0, sizeof s);
	assert_int_equal(config_set(options, &s, "port", "8883", &err), HL_OK);
	assert_int_equal(s.port, 8883);
	assert_int_equal(config_set(options, &s, "site", "sct-vinhlong", &err), HL_OK);
	assert_string_equal(s.site, "sct-vinhlong");

	assert_int_equal(config_set(options, &s, "port", "70000", &err), HL_ERR_INVALID);
	config_error_format(&err, msg, sizeof msg);
	assert_string_equal(msg, "option --port: 70000 is outside 1..65535");
	assert_int_equal(s.port, 8883);

	assert_int_equal(config_set(options, &s, "colour", "blue", &err), HL_ERR_INVALID);
	config_error_format(&err, msg, sizeof msg);
	assert_string_equal(msg, "option --colour: unknown key");

	assert_int_equal(config_set(options, &s, "verbose", "sometimes", &err), HL_ERR_INVALID);
	config_error_format(&err, msg, sizeof msg);
	assert_string_equal(msg, "option --verbose: 'sometimes' is not yes or no");
	assert_string_equal(err.file, "");
	assert_int_equal(err.line, 0);
}

static void test_error_format_truncates(void **state)
{
	struct settings s;
	struct config_error err;
	char msg[12];

	(void)state;
	memset(&s, 0, sizeof s);
	assert_int_equal(config_parse(options, &s, "port = 70000", "agg.conf", &err), HL_ERR_INVALID);
	memset(msg, 'x', sizeof msg);
	config_error_format(&err, msg, sizeof msg);
	assert_string_equal(msg, "agg.conf:1:");
}

static void test_load_file(void **state)
{
	struct settings s;
	struct config_error err;
	char path[64], want[256], msg[512];

	(void)state;
	memset(&s, 0, sizeof s);
	assert_int_equal(load_temp(GOOD, strlen(GOOD), &s, &err, path), HL_OK);
	assert_string_equal(s.name, "Bến Tre");
	assert_int_equal(s.port, 1884);
	assert_int_equal(s.retries, -1);
	assert_int_equal(s.verbose, 1);
	assert_string_equal(s.broker, "mqtt://127.0.0.1:1883");
	assert_string_equal(s.site, "sct-bentre");
	assert_string_equal(s.officer, "1.001234");

	/* A mistake in a file is reported against that file's path. */
	assert_int_equal(load_temp("# agg\nport = 70000\n", strlen("# agg\nport = 70000\n"), &s, &err, path),
			 HL_ERR_INVALID);
	config_error_format(&err, msg, sizeof msg);
	snprintf(want, sizeof want, "%s:2: key 'port': 70000 is outside 1..65535", path);
	assert_string_equal(msg, want);

	/* A NUL byte would hide the rest of the file from the parser: refused. */
	assert_int_equal(load_temp("port = 1\0port = 2\n", 18, &s, &err, path), HL_ERR_INVALID);
	config_error_format(&err, msg, sizeof msg);
	assert_non_null(strstr(msg, path));
	assert_non_null(strstr(msg, "NUL"));
}

static void test_load_file_too_large(void **state)
{
	enum { SIZE = 64 * 1024 + 1 };
	struct settings s;
	struct config_error err;
	char path[64], msg[512];
	char *text = malloc(SIZE);
	int rc;

	(void)state;
	assert_non_null(text);
	memset(text, '\n', SIZE);
	memset(&s, 0, sizeof s);
	rc = load_temp(text, SIZE, &s, &err, path);
	free(text);
	assert_int_equal(rc, HL_ERR_IO);
	config_error_format(&err, msg, sizeof msg);
	assert_non_null(strstr(msg, path));
	assert_non_null(strstr(msg, "64 KiB"));

	/* Exactly 64 KiB is still read. */
	text = malloc(SIZE - 1);
	assert_non_null(text);
	memset(text, '\n', SIZE - 1);
	memcpy(text + SIZE - 1 - 12, "port = 2000\n", 12);
	rc = load_temp(text, SIZE - 1, &s, &err, path);
	free(text);
	assert_int_equal(rc, HL_OK);
	assert_int_equal(s.port, 2000);
}

static void test_load_missing_file(void **state)
{
	struct settings s;
	struct config_error err;
	char path[64], msg[512];

	(void)state;
	/* A name that surely does not exist: make a temp file and remove it. */
	write_temp(path, "", 0);
	assert_int_equal(unlink(path), 0);
	memset(&s, 0, sizeof s);
	assert_int_equal(config_load_file(options, &s, path, &err), HL_ERR_IO);
	config_error_format(&err, msg, sizeof msg);
	assert_non_null(strstr(msg, path));
	assert_non_null(strstr(msg, "No such file"));
	assert_int_equal(strncmp(msg, path, strlen(path)), 0);
}

/* A folder written by `terminal add` names its files relative to itself, so it works wherever it is
 * copied: relative paths come from the config file's folder, absolute ones stay, and a relative
 * path on the command line means the working folder, as in any program. */
static void test_path_relative_to_file(void **state)
{
	struct settings s;
	struct config_error err;

	(void)state;
	memset(&s, 0, sizeof s);
	assert_int_equal(config_parse(options, &s, "cafile = ca.crt\n", "/etc/hailong/terminal.conf", &err), HL_OK);
	assert_string_equal(s.cafile, "/etc/hailong/ca.crt");
	assert_int_equal(config_parse(options, &s, "cafile = certs/ca.crt\n", "box/terminal.conf", &err), HL_OK);
	assert_string_equal(s.cafile, "box/certs/ca.crt");
	assert_int_equal(config_parse(options, &s, "cafile = /srv/ca.crt\n", "/etc/hailong/terminal.conf", &err),
			 HL_OK);
	assert_string_equal(s.cafile, "/srv/ca.crt");
	assert_int_equal(config_parse(options, &s, "cafile = ca.crt\n", "terminal.conf", &err), HL_OK);
	assert_string_equal(s.cafile, "ca.crt");
	assert_int_equal(config_parse(options, &s, "cafile = ca.crt\n", "/terminal.conf", &err), HL_OK);
	assert_string_equal(s.cafile, "/ca.crt");
	assert_int_equal(config_parse(options, &s, "cafile =\n", "/etc/hailong/terminal.conf", &err), HL_OK);
	assert_string_equal(s.cafile, "");
	assert_int_equal(config_set(options, &s, "cafile", "ca.crt", &err), HL_OK);
	assert_string_equal(s.cafile, "ca.crt");
	/* Too long once joined: refused with the key, not cut. */
	char text[200];
	snprintf(text, sizeof text, "cafile = %0120d\n", 0);
	assert_int_equal(config_parse(options, &s, text, "/etc/hailong/terminal.conf", &err), HL_ERR_INVALID);
	assert_string_equal(err.key, "cafile");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good_text),
		cmocka_unit_test(test_option_rule),
		cmocka_unit_test(test_parse_value_forms),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_stops_at_first_error),
		cmocka_unit_test(test_set_from_command_line),
		cmocka_unit_test(test_error_format_truncates),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_load_file_too_large),
		cmocka_unit_test(test_load_missing_file),
		cmocka_unit_test(test_path_relative_to_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
