/* SPDX-License-Identifier: MIT
 * test_web_sites.c — sites' names in the console, through web_dispatch over a real store whose
 * roster names one of two sites ("Sở Công Thương tỉnh Bến Tre"): the overview heads that site's card
 * with its name and the code beside it, and the other with "Đơn vị CODE"; a report's heading and its
 * site select say "name (code)"; the sites report names each site in its cells; the flags page and
 * the terminals page put the name under a flag's subject and a counter; the roster page's headings
 * name the site. Danh mục's upload takes an optional sites file (code,name): it stores the names
 * (and says how many), a bad one is refused with its line and the column and stores nothing, and an
 * upload without it keeps the stored names. */
#include "flags.h"
#include "hl.h"
#include "http.h"
#include "period.h"
#include "roster.h"
#include "store.h"
#include "store_flags.h"
#include "store_roster.h"
#include "store_users.h"
#include "web.h"
#include "web_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VN 25200
#define DAY 86400
#define A "sct-bentre"
#define B "sxd-bentre"
#define SCT "Sở Công Thương tỉnh Bến Tre"

struct fixture {
	WEB_FIXTURE;
	struct who admin;
};

static int64_t at(int y, int m, int d, int h)
{
	return (int64_t)period_day_from_civil(y, m, d) * DAY - VN + (int64_t)h * 3600;
}

static int setup(void **state)
{
	struct fixture *f = web_fixture_new(sizeof *f, NULL, VN);

	if (!f)
		return -1;
	f->no_broker = true;
	f->now = at(2026, 11, 20, 10);
	struct store_officer off[] = { { A, { "cb001", "Nguyễn Văn An" } }, { B, { "cb101", "Lê Thị Bình" } } };
	struct roster_entry proc[] = { { "1.000001", "Đăng ký khai sinh" } };
	struct roster_entry sites[] = { { A, SCT } };
	struct store_roster_in in = { .officers = off, .nofficers = 2, .procedures = proc, .nprocedures = 1,
				      .sites = sites, .nsites = 1, .sites_given = true };
	assert_int_equal(store_roster_put(f->s, &in), HL_OK);
	for (int i = 0; i < 12; i++) {
		int64_t given = at(2026, 11, 2 + i, 9);
		web_fixture_rating(&f->wf, A, "q01", "cb001", "1.000001", 5, 4, given, given + 60);
		web_fixture_rating(&f->wf, B, "q01", "cb101", "1.000001", 4, 4, given, given + 60);
	}
	web_fixture_flag(f->s, FLAG_SERIOUS, FLAG_SUBJ_OFFICER, A, "cb001", "{\"rule\":\"x\"}", at(2026, 11, 18, 9),
			 "a flag about %s", "cb001");
	struct flag_status st[] = { { .site = A, .counter = "q01", .online = false } };
	assert_int_equal(store_flags_status(f->s, st, 1, at(2026, 11, 20, 8)), HL_OK);
	web_fixture_user(&f->wf, "quantri", ROLE_ADMIN, NULL, NULL, f->now, &f->admin);
	*state = f;
	return 0;
}

static void get(struct fixture *f, const char *path, struct http_response *rs)
{
	web_fixture_run(&f->wf, &(struct web_fixture_req){ .method = HTTP_GET, .path = path, .who = &f->admin }, rs);
	assert_int_equal(rs->status, 200);
}

static void expect(const struct http_response *rs, const char *text)
{
	if (!has(rs, text))
		fail_msg("'%s' not in the page:\n%s", text, rs->body.p);
}

static void overview_heads_cards_with_names(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;

	get(f, "/?period=month&value=2026-11", &rs);
	expect(&rs, "<h2>" SCT " <span class=\"muted code\">" A "</span></h2>");
	expect(&rs, "<h2>Đơn vị <span class=\"site\">" B "</span></h2>");
	/* The offline terminal's site, and the flag's. */
	expect(&rs, "<tr><td>" SCT " <span class=\"muted code\">" A "</span></td><td>q01</td>");
	expect(&rs, "<span class=\"muted\">" SCT " <span class=\"muted code\">" A "</span></span>");
	http_response_free(&rs);
}

static void reports_name_the_site(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;

	get(f, "/bao-cao/can-bo?site=" A "&period=month&value=2026-11", &rs);
	expect(&rs, " · " SCT " (" A ")</span></h1>");
	expect(&rs, "<option selected value=\"" A "\">" SCT " (" A ")</option>");
	expect(&rs, "<option value=\"" B "\">" B "</option>");
	http_response_free(&rs);
	get(f, "/bao-cao/don-vi?period=month&value=2026-11", &rs);
	expect(&rs, "<td class=\"site-name\">" SCT " <span class=\"muted code\">" A "</span></td>");
	expect(&rs, "<td class=\"site\">" B "</td>");
	http_response_free(&rs);
	get(f, "/canh-bao", &rs);
	expect(&rs, SCT " <span class=\"muted code\">" A "</span>");
	http_response_free(&rs);
	get(f, "/thiet-bi", &rs);
	expect(&rs, "<span class=\"muted\">" SCT " <span class=\"muted code\">" A "</span></span>");
	expect(&rs, ">" SCT " (" A ")</option>");
	http_response_free(&rs);
	get(f, "/danh-muc?site=" A, &rs);
	expect(&rs, "Cán bộ của " SCT " (" A ")");
	http_response_free(&rs);
	get(f, "/danh-muc?site=" B, &rs);
	expect(&rs, "Cán bộ của đơn vị " B);
	http_response_free(&rs);
}

/* The upload's three files (NULL: not sent). */
struct parts {
	const char *texts[3];
};

static struct parts parts(const char *officers, const char *procedures, const char *sites)
{
	return (struct parts){ { officers, procedures, sites } };
}

static void upload(struct fixture *f, struct parts body, struct http_response *rs)
{
	static const char *const names[3] = { "officers", "procedures", "sites" };

	web_fixture_roster_upload(&f->wf, &f->admin, names, body.texts, rs);
}

static const char *stored_name(struct fixture *f, const char *site, char *buf, size_t cap)
{
	return store_roster_site_name(f->s, site, buf, cap) == HL_OK ? buf : NULL;
}

static void upload_takes_a_sites_file(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	char name[ROSTER_NAME_MAX + 1];
	const char *officers = "site,code,name\n" A ",cb001,Nguyễn Văn An\n" B ",cb101,Lê Thị Bình\n";
	const char *procs = "code,name\n1.000001,Đăng ký khai sinh\n";

	/* The form offers it. */
	get(f, "/danh-muc", &rs);
	expect(&rs, "name=\"sites\"");
	expect(&rs, "tên đơn vị “code,name”");
	http_response_free(&rs);
	/* A bad file: its line, nothing stored. */
	struct parts body = parts(officers, procs, "code,name\n" B ",Sở Xây dựng tỉnh Bến Tre\nSXD,x\n");
	upload(f, body, &rs);
	assert_int_equal(rs.status, 422);
	expect(&rs, "sites.csv:3: code &#39;SXD&#39; must match");
	http_response_free(&rs);
	assert_null(stored_name(f, B, name, sizeof name));
	assert_string_equal(stored_name(f, A, name, sizeof name), SCT);
	/* A good one replaces the names. */
	body = parts(officers, procs, "code,name\n" B ",Sở Xây dựng tỉnh Bến Tre\n");
	upload(f, body, &rs);
	assert_int_equal(rs.status, 200);
	expect(&rs, "Tên 1 đơn vị.");
	http_response_free(&rs);
	assert_string_equal(stored_name(f, B, name, sizeof name), "Sở Xây dựng tỉnh Bến Tre");
	assert_null(stored_name(f, A, name, sizeof name));
	struct web_fixture_audit a = web_fixture_audit(&f->wf, "roster.import");
	assert_non_null(strstr(a.detail, ", 1 site names"));
	/* Without it the stored names stay. */
	body = parts(officers, procs, NULL);
	upload(f, body, &rs);
	assert_int_equal(rs.status, 200);
	http_response_free(&rs);
	assert_string_equal(stored_name(f, B, name, sizeof name), "Sở Xây dựng tỉnh Bến Tre");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(overview_heads_cards_with_names, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(reports_name_the_site, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(upload_takes_a_sites_file, setup, web_fixture_teardown),
	};
	return cmocka_run_group_tests_name("web_sites", tests, NULL, NULL);
}
