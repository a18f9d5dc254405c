/* SPDX-License-Identifier: MIT
 * cmd_board.c — `hailong-aggregator board on|off|list`: which sites show their public board (Bảng
 * công khai, `/cong-khai/SITE` on the web console) on the screen in the centre's hall — the same switch
 * as the card on the console's Danh mục page, for the IT admin on the server. The switch is stored
 * through store_prefs.h (site_board) and every change is audited like the other commands for people
 * (people.c). A site must be known (ratings or a roster) before its board is switched on. */
#include "commands.h"

#include "cli.h"
#include "hl.h"
#include "people.h"
#include "settings.h"
#include "store.h"
#include "store_prefs.h"
#include "store_roster.h"
#include "topic.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define PROG CLI_PROG

static void usage_board(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " board on SITE (--db PATH | -c FILE)\n"
		"       " PROG " board off SITE (--db PATH | -c FILE)\n"
		"       " PROG " board list (--db PATH | -c FILE)\n"
		"\n"
		"The public board (Bảng công khai) shows a site's satisfaction this month, per counter, without\n"
		"a login, for the screen in the centre's hall: the web console's /cong-khai/SITE. It is off\n"
		"until switched on here or on the console's Danh mục page. Every change is audited.\n");
}

struct board_list {
	struct store *s;
	int shown;
};

static int board_list_site(void *ud, const char *site, bool on)
{
	struct board_list *l = ud;
	char name[256] = "";

	store_roster_site_name(l->s, site, name, sizeof name);
	printf("%-32s  %-4s  %s\n", site, on ? "on" : "off", name);
	l->shown++;
	return HL_OK;
}

int cmd_board(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' }, { "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },	    { 0 },
	};
	struct cli_common c = { 0 };
	struct settings st;
	struct store *s;
	const char *verb, *site = NULL;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': c.config = optarg; break;
		case 'd': cli_override(&c, "db", optarg); break;
		case 'h': usage_board(stdout); return 0;
		default: return cli_usage_hint(usage_board);
		}
	}
	if (optind >= argc)
		return cli_usage_error(usage_board, "%s", "which command? on, off or list");
	verb = argv[optind];
	bool list = strcmp(verb, "list") == 0;
	if (!list && strcmp(verb, "on") != 0 && strcmp(verb, "off") != 0)
		return cli_usage_error(usage_board, "unknown board command '%s' (on, off or list)", verb);
	if (!list) {
		if (optind + 1 >= argc)
			return cli_usage_error(usage_board, "board %s: which site? give a SITE", verb);
		site = argv[optind + 1];
		if (!topic_id_valid(site))
			return cli_usage_error(usage_board, "bad site '%s' (a site is [a-z0-9-]{1,32})", site);
	}
	if (optind + 1 + !list < argc)
		return cli_usage_error(usage_board, "unexpected argument '%s'", argv[optind + 1 + !list]);
	if (people_open(&c, false, &st, &s))
		return 1;
	if (list) {
		struct board_list l = { s, 0 };
		if ((rc = store_board_list(s, board_list_site, &l)) != HL_OK)
			fprintf(stderr, PROG ": reading the boards failed: %s\n", store_errmsg(s));
		else
			printf(l.shown ? "(the other sites' boards are off)\n"
				       : "Every site's public board is off ('" PROG " board on SITE' switches one on).\n");
		store_close(s);
		return rc == HL_OK ? 0 : 1;
	}
	if (verb[1] == 'n' && cli_check_site(s, site)) { /* "on": a mistyped site says so */
		store_close(s);
		return 1;
	}
	bool on = strcmp(verb, "on") == 0;
	if ((rc = store_board_set(s, site, on, (int64_t)time(NULL))) != HL_OK) {
		fprintf(stderr, PROG ": switching the board of '%s' failed: %s\n", site, store_errmsg(s));
		store_close(s);
		return 1;
	}
	printf(on ? "the public board of '%s' is on: /cong-khai/%s on the web console\n"
		  : "the public board of '%s' is off%.0s\n",
	       site, site);
	char detail[128];
	snprintf(detail, sizeof detail, "public board of %s %s", site, on ? "on" : "off");
	rc = people_audit(s, on ? "board.on" : "board.off", site, detail);
	store_close(s);
	return rc;
}
