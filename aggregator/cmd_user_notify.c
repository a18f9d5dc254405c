/* SPDX-License-Identifier: MIT
 * cmd_user_notify.c — `hailong-aggregator user notify NAME`: what a console user receives from
 * hailong-notify (their address, flag alerts, scheduled reports, the SIPAS export), shown or set from
 * the command line, for the IT admin who sets a head up before the head first logs in. The same choice
 * each user makes on the console's "Nhận thông báo" page, through the same store_pref_set and its
 * rules (store_prefs.h); every change is audited like the other user commands (people.c). */
#include "commands.h"

#include "cli.h"
#include "hl.h"
#include "people.h"
#include "store.h"
#include "store_prefs.h"
#include "store_users.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* The choices in words, for a person. */
static const char *user_notify_alerts_vi(int a)
{
	return a == PREF_ALERTS_ALL ? "mọi cờ cảnh báo" : a == PREF_ALERTS_SERIOUS ? "chỉ phản ánh nghiêm trọng" : "không";
}

static const char *user_notify_reports_vi(int r)
{
	return r == PREF_REPORTS_DAILY	  ? "hằng ngày"
	       : r == PREF_REPORTS_WEEKLY ? "hằng tuần"
	       : r == PREF_REPORTS_MONTHLY ? "hằng tháng"
					   : "không";
}

static void user_notify_print(const struct store_user *u, const struct store_pref *p)
{
	printf("user '%s' (%s) receives:\n", u->name, user_role_label(u->role, true));
	printf("  e-mail:        %s\n", p->email[0] ? p->email : "(none)");
	printf("  alerts:        %s (%s)\n", pref_alerts_name(p->alerts), user_notify_alerts_vi(p->alerts));
	printf("  reports:       %s (%s)\n", pref_reports_name(p->reports), user_notify_reports_vi(p->reports));
	printf("  sipas monthly: %s\n", p->sipas ? "yes" : "no");
}

int user_notify(struct store *s, const char *name, const struct user_notify_opts *o)
{
	struct store_user u;
	struct store_pref p;
	char detail[512];
	int rc;

	if ((rc = store_user_get(s, name, &u)) != HL_OK) {
		if (rc == HL_ERR_NOTFOUND)
			fprintf(stderr, CLI_PROG ": there is no user '%s' ('" CLI_PROG " user list' shows them)\n", name);
		else
			fprintf(stderr, CLI_PROG ": reading the users failed: %s\n", store_errmsg(s));
		return 1;
	}
	explicit_bzero(u.hash, sizeof u.hash);
	if (store_pref_get(s, u.id, &p) != HL_OK) {
		fprintf(stderr, CLI_PROG ": reading what '%s' receives failed: %s\n", name, store_errmsg(s));
		return 1;
	}
	if (!o->email && o->alerts < 0 && o->reports < 0 && o->sipas < 0) {
		user_notify_print(&u, &p);
		return 0;
	}
	if (o->email)
		snprintf(p.email, sizeof p.email, "%s", o->email);
	if (o->alerts >= 0)
		p.alerts = o->alerts;
	if (o->reports >= 0)
		p.reports = o->reports;
	if (o->sipas >= 0)
		p.sipas = o->sipas != 0;
	if (store_pref_set(s, &p, (int64_t)time(NULL)) != HL_OK) {
		fprintf(stderr, CLI_PROG ": user '%s': %s\n", name, store_errmsg(s));
		return 1;
	}
	user_notify_print(&u, &p);
	snprintf(detail, sizeof detail, "user %s receives: e-mail %s, alerts %s, reports %s, sipas %s", name,
		 p.email[0] ? p.email : "none", pref_alerts_name(p.alerts), pref_reports_name(p.reports),
		 p.sipas ? "yes" : "no");
	return people_audit(s, "user.notify", people_audit_site(u.sites, u.nsites), detail);
}
