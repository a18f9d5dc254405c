/* SPDX-License-Identifier: MIT
 * hooks.c — reads the webhooks file (hooks.h) with shared/csv.c, checking every field so that what
 * the notifier uses is sound: a name that can be a recipient, an address curl will take as http(s)
 * and nothing else (no file://, no blanks or control characters), sites that are site codes. The
 * secrets are read by hooks_load only; the parse never opens a file. */
#include "hooks.h"

#include "csv.h"
#include "file.h"
#include "secret.h"
#include "topic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const hooks_columns[] = { "name", "url", "secret_file", "sites" };

struct hooks_read {
	struct hooks *out;
	const char *name;
	char dir[512];
	char *why;
	size_t cap;
	bool header;
};

static int hooks_fail(struct hooks_read *r, size_t line, const char *col, const char *msg)
{
	if (col)
		snprintf(r->why, r->cap, "%s:%zu: column '%s': %s", r->name, line, col, msg);
	else
		snprintf(r->why, r->cap, "%s:%zu: %s", r->name, line, msg);
	return HL_ERR_INVALID;
}

static bool hooks_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
			return false;
	return true;
}

static bool hooks_url_ok(const char *u)
{
	const char *host;

	if (strncmp(u, "http://", 7) == 0)
		host = u + 7;
	else if (strncmp(u, "https://", 8) == 0)
		host = u + 8;
	else
		return false;
	if (!*host || *host == '/' || *host == ':' || strlen(u) >= sizeof ((struct hook_conf *)0)->url)
		return false;
	for (const unsigned char *p = (const unsigned char *)u; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '"' || *p == '\\' || *p == '<' || *p == '>')
			return false;
	return true;
}

static int hooks_row(void *ud, const struct csv_record *rec)
{
	struct hooks_read *r = ud;
	struct hook_conf *h;

	if (!r->header) {
		if (rec->nfields != 4)
			return hooks_fail(r, rec->line, NULL, "the header must be name,url,secret_file,sites");
		for (size_t i = 0; i < 4; i++)
			if (strcmp(rec->fields[i], hooks_columns[i]) != 0)
				return hooks_fail(r, rec->line, hooks_columns[i], "the header must be name,url,secret_file,sites");
		r->header = true;
		return HL_OK;
	}
	if (rec->nfields == 1 && rec->fields[0][0] == '\0')
		return HL_OK;
	if (rec->nfields != 4)
		return hooks_fail(r, rec->line, NULL, "a row has 4 fields: name,url,secret_file,sites");
	if (r->out->n == HOOKS_MAX)
		return hooks_fail(r, rec->line, NULL, "more than 64 webhooks");
	if (!hooks_name_ok(rec->fields[0]))
		return hooks_fail(r, rec->line, "name", "not 1 to 64 of a-z 0-9 . _ -");
	for (size_t i = 0; i < r->out->n; i++)
		if (strcmp(r->out->v[i].name, rec->fields[0]) == 0)
			return hooks_fail(r, rec->line, "name", "given twice");
	if (!hooks_url_ok(rec->fields[1]))
		return hooks_fail(r, rec->line, "url", "not an http:// or https:// address");
	if (!rec->fields[2][0])
		return hooks_fail(r, rec->line, "secret_file", "empty: every webhook is signed");
	h = &r->out->v[r->out->n];
	memset(h, 0, sizeof *h);
	snprintf(h->name, sizeof h->name, "%s", rec->fields[0]);
	snprintf(h->url, sizeof h->url, "%s", rec->fields[1]);
	int k = rec->fields[2][0] == '/' || !r->dir[0]
			? snprintf(h->secret_file, sizeof h->secret_file, "%s", rec->fields[2])
			: snprintf(h->secret_file, sizeof h->secret_file, "%s/%s", r->dir, rec->fields[2]);
	if (k < 0 || (size_t)k >= sizeof h->secret_file)
		return hooks_fail(r, rec->line, "secret_file", "path too long");
	for (const char *p = rec->fields[3]; *p;) {
		size_t n;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		for (n = 0; p[n] && p[n] != ' '; n++)
			;
		char site[HL_CODE_MAX + 2];
		if (n > HL_CODE_MAX)
			return hooks_fail(r, rec->line, "sites", "a site code is at most 32 characters");
		memcpy(site, p, n);
		site[n] = '\0';
		if (!topic_id_valid(site))
			return hooks_fail(r, rec->line, "sites", "not site codes (a-z 0-9 -) separated by spaces");
		if (h->nsites == HOOKS_SITES_MAX)
			return hooks_fail(r, rec->line, "sites", "more than 32 sites");
		memcpy(h->sites[h->nsites++], site, n + 1);
		p += n;
	}
	r->out->n++;
	return HL_OK;
}

int hooks_parse(const char *text, size_t len, const char *name, struct hooks *out, char *why, size_t cap)
{
	struct hooks_read r = { out, name ? name : "webhooks", "", why, cap, false };
	struct csv_error err = { 0 };
	const char *slash = name ? strrchr(name, '/') : NULL;
	int rc;

	out->n = 0;
	if (cap)
		why[0] = '\0';
	if (slash && (size_t)(slash - name) < sizeof r.dir)
		snprintf(r.dir, sizeof r.dir, "%.*s", (int)(slash - name), name);
	if (slash == name)
		strcpy(r.dir, "/");
	rc = csv_read(text, len, hooks_row, &r, &err);
	if (rc == HL_ERR_INVALID && !why[0])
		snprintf(why, cap, "%s:%zu: %s", r.name, err.line, err.msg);
	else if (rc == HL_ERR_NOMEM)
		snprintf(why, cap, "%s: out of memory", r.name);
	if (rc == HL_OK && !r.header && len > 0) {
		snprintf(why, cap, "%s:1: the header must be name,url,secret_file,sites", r.name);
		rc = HL_ERR_INVALID;
	}
	if (rc != HL_OK)
		out->n = 0;
	return rc == HL_OK ? HL_OK : rc == HL_ERR_NOMEM ? HL_ERR_NOMEM : HL_ERR_INVALID;
}

int hooks_load(const char *path, struct hooks *out, char *why, size_t cap)
{
	char *text = NULL, e[160];
	size_t len;
	int rc;

	out->n = 0;
	if ((rc = file_read_bounded(path, HOOKS_FILE_MAX, &text, &len, e, sizeof e)) != HL_OK) {
		snprintf(why, cap, "%s: %s", path, e);
		return rc;
	}
	if (len > HOOKS_FILE_MAX) {
		snprintf(why, cap, "%s: larger than %d bytes", path, HOOKS_FILE_MAX);
		free(text);
		return HL_ERR_INVALID;
	}
	rc = hooks_parse(text, len, path, out, why, cap);
	free(text);
	for (size_t i = 0; rc == HL_OK && i < out->n; i++) {
		struct hook_conf *h = &out->v[i];
		char secret[SECRET_MAX + 2];
		/* secret.c: one line, mode 600 checked, as every password of the project */
		if ((rc = secret_read(h->secret_file, secret, sizeof secret, e, sizeof e)) != HL_OK) {
			snprintf(why, cap, "%s: webhook %s: %s", path, h->name, e);
			break;
		}
		h->secret_len = strlen(secret);
		memcpy(h->secret, secret, h->secret_len < HOOK_SECRET_MAX ? h->secret_len : HOOK_SECRET_MAX);
		secret_wipe(secret, sizeof secret);
	}
	if (rc != HL_OK)
		out->n = 0;
	return rc;
}

bool hooks_for_site(const struct hook_conf *h, const char *site)
{
	if (h->nsites == 0)
		return true;
	for (size_t i = 0; i < h->nsites; i++)
		if (strcmp(h->sites[i], site) == 0)
			return true;
	return false;
}
