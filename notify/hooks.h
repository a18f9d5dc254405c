/* SPDX-License-Identifier: MIT
 * hooks.h — the webhooks file: a CSV with the header `name,url,secret_file,sites`, one webhook a
 * row: a name ([a-z0-9._-]{1,64}, the recipient "hook:NAME"), an http:// or https:// address, the
 * file holding its HMAC secret (relative paths from the webhooks file's folder), and the sites whose
 * flags it gets (blank: every site; else codes separated by spaces). Errors name FILE:LINE and the
 * column. hooks_parse is pure (the fuzzed part); hooks_load reads the file and the secrets. */
#ifndef HL_HOOKS_H
#define HL_HOOKS_H

#include "hl.h"
#include "hook.h"

#include <stdbool.h>
#include <stddef.h>

#define HOOKS_MAX 64
#define HOOKS_SITES_MAX 32
#define HOOKS_FILE_MAX (256 * 1024)

struct hook_conf {
	char name[65];
	char url[1024];
	char secret_file[512];
	char sites[HOOKS_SITES_MAX][HL_CODE_MAX + 1];
	size_t nsites; /* 0: every site */
	unsigned char secret[HOOK_SECRET_MAX];
	size_t secret_len; /* 0 until hooks_load read it */
};

struct hooks {
	struct hook_conf v[HOOKS_MAX];
	size_t n;
};

/* Parses text (len bytes) into out; name is the file's name in errors, and the folder relative
 * secret files are taken from (its directory part). HL_OK; HL_ERR_INVALID with why (cap bytes:
 * "webhooks.csv:3: column 'url': not an http:// or https:// address") and out empty; HL_ERR_NOMEM. */
int hooks_parse(const char *text, size_t len, const char *name, struct hooks *out, char *why, size_t cap);
/* Reads path (at most HOOKS_FILE_MAX bytes) and each hook's secret file (secret.h secret_read: one
 * line of 1 … 256 bytes, readable by its owner only). Errors as hooks_parse's, or HL_ERR_IO. */
int hooks_load(const char *path, struct hooks *out, char *why, size_t cap);
/* Whether hook h gets the flags of site. */
bool hooks_for_site(const struct hook_conf *h, const char *site);

#endif
