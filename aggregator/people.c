/* SPDX-License-Identifier: MIT
 * people.c — the helpers `user` and `token` share (people.h): the store opened as each needs it, the
 * audit entry of a change with who ran the command, and the cells of their tables. It owns nothing
 * and prints only what it is asked to, or the reason it failed. */
#include "people.h"

#include "store_users.h"

#include <pwd.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int people_open(struct cli_common *c, bool create, struct settings *st, struct store **s)
{
	if (!create)
		return cli_open_store(c, st, s);
	if (cli_settings(c, st))
		return 1;
	return cli_open_or_create_store(st, s);
}

/* Who ran the command, for the audit: "cli:" and the login name (the uid when it has none). */
static void people_who(char *out, size_t cap)
{
	uid_t uid = geteuid();
	struct passwd *pw = getpwuid(uid);

	if (pw && pw->pw_name && pw->pw_name[0])
		snprintf(out, cap, "cli:%.60s", pw->pw_name);
	else
		snprintf(out, cap, "cli:uid-%lu", (unsigned long)uid);
}

int people_audit(struct store *s, const char *action, const char *site, const char *detail)
{
	char who[80];

	people_who(who, sizeof who);
	if (store_audit_add(s, (int64_t)time(NULL), who, action, site, detail) == HL_OK)
		return 0;
	fprintf(stderr, CLI_PROG ": the change is made, but writing it to the audit table failed: %s\n",
		store_errmsg(s));
	return 1;
}

const char *people_audit_site(char (*sites)[HL_CODE_MAX + 1], size_t n)
{
	return n == 1 ? sites[0] : "";
}

void people_time(int64_t t, int utc_offset, char out[32])
{
	time_t x = (time_t)(t + utc_offset);
	struct tm tm;

	if (t == 0)
		snprintf(out, 32, "-");
	else if (!gmtime_r(&x, &tm) || !strftime(out, 32, "%Y-%m-%d %H:%M", &tm))
		snprintf(out, 32, "%lld", (long long)t);
}

void people_sites(char (*sites)[HL_CODE_MAX + 1], size_t n, const char *none, char *out, size_t cap)
{
	size_t len = 0;

	out[0] = '\0';
	if (n == 0)
		snprintf(out, cap, "%s", none);
	for (size_t i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? ", " : "", sites[i]);
}

int people_chars(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}
