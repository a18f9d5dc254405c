/* SPDX-License-Identifier: MIT
 * config.c — no allocation: values are copied into the caller's fixed-size fields, and a value that
 * does not fit is an error rather than a silent cut. */
#include "config.h"

#include "hl.h"
#include "topic.h"
#include "url.h"
#include "wire.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int config_fail(struct config_error *err, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int config_fail(struct config_error *err, const char *key, const char *fmt, ...)
{
	va_list ap;

	snprintf(err->key, sizeof err->key, "%s", key ? key : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return HL_ERR_INVALID;
}

static int config_bool(const char *v)
{
	static const char *const yes[] = { "yes", "true", "on", "1" }, *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcmp(v, yes[i]) == 0)
			return 1;
		if (strcmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* base: the folder of the file being read ("" for the command line), against which a relative
 * CONFIG_PATH is resolved. */
static int config_set_in(const struct config_option *opts, void *target, const char *key, const char *value,
			 const char *base, struct config_error *err)
{
	const struct config_option *o = opts;
	char *field;
	char joined[1024];

	memset(err, 0, sizeof *err);
	while (o->key && strcmp(o->key, key) != 0)
		o++;
	if (!o->key)
		return config_fail(err, key, "unknown key");
	field = (char *)target + o->offset;
	switch (o->type) {
	case CONFIG_INT: {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (!*value || *end || errno)
			return config_fail(err, key, "'%s' is not a whole number", value);
		if (v < o->min || v > o->max)
			return config_fail(err, key, "%ld is outside %ld..%ld", v, o->min, o->max);
		*(int *)field = (int)v;
		return HL_OK;
	}
	case CONFIG_BOOL: {
		int b = config_bool(value);
		if (b < 0)
			return config_fail(err, key, "'%s' is not yes or no", value);
		*(int *)field = b;
		return HL_OK;
	}
	case CONFIG_URL: {
		struct broker_url u;
		if (url_parse(value, &u) != HL_OK)
			return config_fail(err, key, "'%s' is not mqtt://HOST:PORT or mqtts://HOST:PORT", value);
		break;
	}
	case CONFIG_PATH:
		if (value[0] && value[0] != '/' && base[0]) {
			const char *sep = base[strlen(base) - 1] == '/' ? "" : "/";
			if (snprintf(joined, sizeof joined, "%s%s%s", base, sep, value) >= (int)sizeof joined)
				return config_fail(err, key, "path longer than %zu bytes", sizeof joined - 1);
			value = joined;
		}
		break;
	case CONFIG_ID:
		if (!topic_id_valid(value))
			return config_fail(err, key, "'%s' must match [a-z0-9-]{1,32}", value);
		break;
	case CONFIG_CODE:
		if (!wire_code_valid(value))
			return config_fail(err, key, "'%s' must match [A-Za-z0-9._-]{0,32}", value);
		break;
	case CONFIG_STRING:
		break;
	}
	if (strlen(value) >= o->size)
		return config_fail(err, key, "value longer than %zu bytes", o->size - 1);
	const char *why = o->check ? o->check(value) : NULL;
	if (why)
		return config_fail(err, key, "%s", why);
	memcpy(field, value, strlen(value) + 1);
	return HL_OK;
}

int config_set(const struct config_option *opts, void *target, const char *key, const char *value,
	       struct config_error *err)
{
	return config_set_in(opts, target, key, value, "", err);
}

static char *config_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int config_parse(const struct config_option *opts, void *target, const char *text, const char *name,
		 struct config_error *err)
{
	const char *p = text;
	const char *slash = strrchr(name, '/');
	char base[512] = "";
	int line = 0;

	memset(err, 0, sizeof *err);
	if (slash && (size_t)(slash - name) < sizeof base)
		snprintf(base, sizeof base, "%.*s", slash == name ? 1 : (int)(slash - name), name);
	while (*p) {
		char buf[1024];
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *s, *eq, *key;
		int rc;

		line++;
		if (len >= sizeof buf) {
			rc = config_fail(err, NULL, "line longer than %zu bytes", sizeof buf - 1);
			goto fail;
		}
		memcpy(buf, p, len);
		buf[len] = '\0';
		p += len + (nl ? 1 : 0);
		s = config_trim(buf);
		if (*s == '\0' || *s == '#')
			continue;
		eq = strchr(s, '=');
		if (!eq) {
			rc = config_fail(err, NULL, "expected 'key = value'");
			goto fail;
		}
		*eq = '\0';
		key = config_trim(s);
		if (*key == '\0') {
			rc = config_fail(err, NULL, "missing key before '='");
			goto fail;
		}
		rc = config_set_in(opts, target, key, config_trim(eq + 1), base, err);
		if (rc != HL_OK)
			goto fail;
		continue;
fail:
		snprintf(err->file, sizeof err->file, "%s", name);
		err->line = line;
		return rc;
	}
	return HL_OK;
}

int config_load_file(const struct config_option *opts, void *target, const char *path,
		     struct config_error *err)
{
	enum { MAX = 64 * 1024 };
	char *text;
	size_t n;
	FILE *f = fopen(path, "r");
	int rc;

	memset(err, 0, sizeof *err);
	if (!f) {
		snprintf(err->file, sizeof err->file, "%s", path);
		snprintf(err->msg, sizeof err->msg, "cannot open: %s", strerror(errno));
		return HL_ERR_IO;
	}
	text = malloc(MAX + 1);
	if (!text) {
		fclose(f);
		return HL_ERR_NOMEM;
	}
	n = fread(text, 1, MAX + 1, f);
	if (ferror(f) || n > MAX) {
		snprintf(err->file, sizeof err->file, "%s", path);
		snprintf(err->msg, sizeof err->msg, "%s", ferror(f) ? "read error" : "larger than 64 KiB");
		rc = HL_ERR_IO;
	} else {
		text[n] = '\0';
		rc = strlen(text) != n ? config_fail(err, NULL, "contains a NUL byte")
				       : config_parse(opts, target, text, path, err);
		if (rc != HL_OK && !err->file[0])
			snprintf(err->file, sizeof err->file, "%s", path);
	}
	free(text);
	fclose(f);
	return rc;
}

void config_error_format(const struct config_error *err, char *buf, size_t cap)
{
	if (!err->file[0])
		snprintf(buf, cap, "option --%s: %s", err->key, err->msg);
	else if (err->line && err->key[0])
		snprintf(buf, cap, "%s:%d: key '%s': %s", err->file, err->line, err->key, err->msg);
	else if (err->line)
		snprintf(buf, cap, "%s:%d: %s", err->file, err->line, err->msg);
	else if (err->key[0])
		snprintf(buf, cap, "%s: key '%s': %s", err->file, err->key, err->msg);
	else
		snprintf(buf, cap, "%s: %s", err->file, err->msg);
}
