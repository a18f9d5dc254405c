/* SPDX-License-Identifier: MIT
 * users.c — the pure part of store_users.h: the four roles' names and labels, and what a user's name
 * may be. It owns nothing and touches no database (no sqlite3.h here), so the console's pages and
 * the command line can name roles without the store. Labels are NFC-encoded, Vietnamese first. */
#include "store_users.h"

#include <string.h>

static const struct {
	const char *name, *alias, *vi, *en;
} user_roles[ROLE_COUNT] = {
	[ROLE_ADMIN] = { "quan-tri", "admin", "Quản trị", "IT admin" },
	[ROLE_HEAD] = { "lanh-dao", "head", "Lãnh đạo", "Head" },
	[ROLE_OFFICER] = { "can-bo", "officer", "Cán bộ", "Officer" },
	[ROLE_PROVINCE] = { "tinh", "province", "Tỉnh", "Province" },
};

int user_role_parse(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(name, user_roles[i].name) == 0 || strcmp(name, user_roles[i].alias) == 0)
			return i;
	return -1;
}

const char *user_role_name(int role)
{
	return role >= 0 && role < ROLE_COUNT ? user_roles[role].name : NULL;
}

const char *user_role_label(int role, bool vi)
{
	if (role < 0 || role >= ROLE_COUNT)
		return NULL;
	return vi ? user_roles[role].vi : user_roles[role].en;
}

bool user_name_valid(const char *name)
{
	size_t n = 0;

	if (!name || !name[0])
		return false;
	for (; name[n]; n++) {
		char c = name[n];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
		if (!ok || n >= USER_NAME_MAX)
			return false;
	}
	return true;
}
