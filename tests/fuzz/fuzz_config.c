/* SPDX-License-Identifier: MIT
 * fuzz_config.c — libFuzzer harness for the "key = value" config parser (shared/config.h), with the
 * terminal's real option table (terminal/settings.h) and a table of this file with every option type
 * (the aggregator's table links its store, so it is not used here; it has no type the other two lack),
 * some in fields far smaller than a line. The input is parsed as a text (up to its first NUL, as a C string would be)
 * and read as a file (config_load_file on an in-memory file, which sees the NULs and the size). Every
 * error must name a line within the text and format into a bounded message. */
#include "fuzz.h"

#include "config.h"
#include "hl.h"
#include "topic.h"
#include "url.h"
#include "wire.h"
#include "../../terminal/settings.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Every option type, in small and large fields. */
struct fz_settings {
	char str[8];
	int small, wide, flag;
	char url[300];
	char path[24];
	char id[33];
	char code[33];
	char longpath[1024];
	struct broker_security sec;
};

#define FZ_STR(k, f, t) CONFIG_OPT_STR(struct fz_settings, k, f, t, "")
static const struct config_option fz_table[] = {
	FZ_STR("str", str, CONFIG_STRING),
	CONFIG_OPT_INT(struct fz_settings, "small", small, -5, 100, ""),
	CONFIG_OPT_INT(struct fz_settings, "wide", wide, INT_MIN, INT_MAX, ""),
	{ "flag", CONFIG_BOOL, offsetof(struct fz_settings, flag), sizeof(int), 0, 0, "", NULL },
	FZ_STR("broker", url, CONFIG_URL),
	FZ_STR("path", path, CONFIG_PATH),
	FZ_STR("site", id, CONFIG_ID),
	FZ_STR("officer", code, CONFIG_CODE),
	FZ_STR("spool", longpath, CONFIG_PATH),
	CONFIG_OPT_SECURITY(struct fz_settings, sec),
	{ 0 },
};

/* The text's line count, the most an error may name. */
static int lines(const char *text)
{
	int n = 1;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

static bool terminated(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

static void check_error(int rc, const struct config_error *err, int max_line)
{
	char msg[96];

	FUZZ_CHECK(rc == HL_OK || rc == HL_ERR_INVALID || rc == HL_ERR_IO || rc == HL_ERR_NOMEM);
	FUZZ_CHECK(terminated(err->file, sizeof err->file) && terminated(err->key, sizeof err->key) &&
		   terminated(err->msg, sizeof err->msg));
	if (rc == HL_OK)
		return;
	FUZZ_CHECK(err->msg[0]);
	FUZZ_CHECK(err->line >= 0 && err->line <= max_line);
	config_error_format(err, msg, sizeof msg);
	FUZZ_CHECK(strlen(msg) < sizeof msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size);
	struct fz_settings *agg = calloc(1, sizeof *agg);
	struct tsettings *term = calloc(1, sizeof *term);
	struct config_error err;
	int rc, max_line = lines(text);

	FUZZ_CHECK(agg && term);
	rc = config_parse(fz_table, agg, text, "/etc/hailong/fuzz.conf", &err);
	check_error(rc, &err, max_line);
	if (rc == HL_OK) {
		struct broker_url u;
		FUZZ_CHECK(terminated(agg->str, sizeof agg->str) && terminated(agg->path, sizeof agg->path));
		FUZZ_CHECK(terminated(agg->sec.cafile, sizeof agg->sec.cafile));
		FUZZ_CHECK(agg->small >= -5 && agg->small <= 100 && (agg->flag == 0 || agg->flag == 1));
		FUZZ_CHECK(!agg->url[0] || url_parse(agg->url, &u) == HL_OK);
		FUZZ_CHECK(!agg->id[0] || topic_id_valid(agg->id));
		FUZZ_CHECK(wire_code_valid(agg->code));
	}
	rc = config_parse(tsettings_options(), term, text, "terminal.conf", &err);
	check_error(rc, &err, max_line);
	if (rc == HL_OK)
		FUZZ_CHECK(terminated(term->site, sizeof term->site) && terminated(term->spool, sizeof term->spool));
	/* The file reader sees all the bytes, NULs too; a file's lines are at least the text's. */
	memset(agg, 0, sizeof *agg);
	rc = config_load_file(fz_table, agg, fuzz_file(data, size), &err);
	check_error(rc, &err, (int)size + 1);
	FUZZ_CHECK(err.file[0] || rc == HL_OK);
	free(text);
	free(agg);
	free(term);
	return 0;
}
