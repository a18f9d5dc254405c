/* SPDX-License-Identifier: MIT
 * account_files.h — what `terminal add|passwd` and `account add|passwd` write into --out DIR for the
 * admin to copy: the password file (mode 600), for a terminal its whole config with the CA, for a
 * bridge a mosquitto `connection` block (it holds the password) and the CA. The file with the
 * password is staged beside its final name and put in place only once the broker took the password,
 * so a refusal never destroys a password file that still works. Prints what it writes and why it
 * fails, for people; never prints a password. The broker's side is admin.h's. */
#ifndef HL_ACCOUNT_FILES_H
#define HL_ACCOUNT_FILES_H

#include "account.h"
#include "url.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

struct settings;

/* What an add or passwd writes besides the broker's side. a and out are borrowed from the caller,
 * as is cafile (from the settings), for as long as the plan is used. */
struct account_files {
	const struct account *a;
	const char *out;
	char user[ACCOUNT_USERNAME_MAX + 1];
	char secret_name[80];       /* the file holding the password: KIND.password or the bridge conf */
	char remote[300];           /* terminal: its broker; bridge: the province broker */
	struct broker_url remote_url;
	const char *cafile;         /* the aggregator's CA, copied when remote is mqtts */
};

/* Plans the files of an add or passwd of a (valid) into the folder out, made (mode 700) if missing,
 * before the broker is asked. terminal_broker (a terminal's; NULL: st's terminal_broker) and
 * province_broker (a bridge's, required) are URLs already checked. Returns 0, 1 (printed) or 2
 * after a usage error (printed with usage). */
int account_files_plan(struct account_files *p, const struct account *a, const char *out,
		       const char *terminal_broker, const char *province_broker, const struct settings *st,
		       void (*usage)(FILE *));
/* The text of the file that holds password (p->secret_name) into buf. 0, or 1 when cap is too
 * small. The caller wipes buf. */
int account_files_secret(const struct account_files *p, const char *password, char *buf, size_t cap);
/* After the broker took the password: the terminal's config and CA (add), the bridge's CA. 0 or 1
 * (printed). */
int account_files_extras(const struct account_files *p, bool add);
/* Prints the closing advice: what to copy where, or which config lines to use. */
void account_files_advice(const struct account_files *p, const char *secret_path, bool add);

/* A secret file written under a temporary name first (path.new), and put in place once the broker
 * has the password. */
struct account_files_staged {
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	bool pending;
};

/* Writes text to dir/name.new (mode 600). 0 or 1 (printed). */
int account_files_stage(struct account_files_staged *s, const char *dir, const char *name, const char *text);
/* Renames the staged file to its final name. 0 or 1 (printed). */
int account_files_commit(struct account_files_staged *s);
/* Removes a staged file that was not committed. Safe on a zeroed, committed or dropped s. */
void account_files_drop(struct account_files_staged *s);

#endif
