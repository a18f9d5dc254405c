/* SPDX-License-Identifier: MIT
 * Integration: sites' names with the real hailong-aggregator, a real mosquitto on 127.0.0.1 and the
 * SQLite file a serving aggregator writes. `roster import --sites` of the shipped sample stores the
 * name of sct-bentre ("Sở Công Thương tỉnh Bến Tre") and `roster show` prints it; the two- and
 * three-file forms still import and keep the stored names; a bad sites' file exits 1 with FILE:LINE
 * naming the column for each fault and changes nothing, officers included; a header of another file
 * is refused the same way; --sites without a file is a usage error (exit 2). With ratings sent over
 * MQTT as a terminal sends them (one with a serious reason, which opens a flag), the reports a head
 * reads name the site — the table and the HTML page of a site's report, the sites report, the SIPAS
 * table, report 766, `flags list` and `flags show` — while the machine formats keep the code with
 * the name beside it. */
#include "harness.h"
#include "link.h"
#include "topic.h"
#include "uuid.h"
#include "wire.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#define SCT "S\xE1\xBB\x9F C\xC3\xB4ng Th\xC6\xB0\xC6\xA1ng t\xE1\xBB\x89nh B\xE1\xBA\xBFn Tre" /* Sở Công Thương tỉnh Bến Tre */
#define SITE "sct-bentre"

/* ---- helpers ----------------------------------------------------------------------------------- */

/* A shipped sample file: from the repository root (make check's folder) or found from the binaries. */
static const char *sample(const char *name, char *path, size_t cap)

{
	snprintf(path, cap, "%s", harness_sample(name));
	return path;
}

struct env {
	struct stack st;
	char out[320], officers[PATH_MAX + 64], procedures[PATH_MAX + 64], counters[PATH_MAX + 64],
		sites[PATH_MAX + 64];
};

/* Runs hailong-aggregator with args (NULL-terminated); its output replaces e->out. */
static int agg(struct env *e, char **args)
{
	char bin[PATH_MAX + 32];
	char *argv[40] = { bin };
	int i = 0;

	unlink(e->out);
	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	while (args[i] && i < 38) {
		argv[i + 1] = args[i];
		i++;
	}
	argv[i + 1] = NULL;
	return harness_run(e->out, argv, 30000);
}

static void expect_out(struct env *e, const char *text, bool want)
{
	if (harness_file_has(e->out, text) != want) {
		char buf[8192];
		harness_read_file(e->out, buf, sizeof buf);
		fail_msg("'%s' %s the output:\n%s", text, want ? "not in" : "unexpectedly in", buf);
	}
}

static void expect_in(struct env *e, const char *text)
{
	expect_out(e, text, true);
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);

	if (!e)
		return -1;
	stack_up(&e->st);
	snprintf(e->out, sizeof e->out, "%s/cli.out", e->st.dir);
	sample("officers.csv", e->officers, sizeof e->officers);
	sample("procedures.csv", e->procedures, sizeof e->procedures);
	sample("counters.csv", e->counters, sizeof e->counters);
	sample("sites.csv", e->sites, sizeof e->sites);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	stack_down(&e->st);
	free(e);
	return 0;
}

static int64_t site_names(struct env *e)
{
	return harness_sql(e->st.db, "SELECT count(*) FROM roster_site");
}

/* ---- import and show ------------------------------------------------------------------------------ */

static void import_with_sites_then_show(void **state)
{
	struct env *e = *state;

	assert_int_equal(agg(e, (char *[]){ "roster", "import", "--db", e->st.db, "--sites", e->sites, e->officers,
					    e->procedures, e->counters, NULL }),
			 0);
	expect_in(e, "(5 photos, 6 counters, 1 site name)");
	assert_int_equal(harness_sql(e->st.db, "SELECT count(*) FROM roster_site WHERE code = '" SITE "' AND name = '" SCT "'"),
			 1);
	assert_int_equal(agg(e, (char *[]){ "roster", "show", "--db", e->st.db, NULL }), 0);
	expect_in(e, "sites (1)\n  " SITE "  " SCT "\n");
	expect_in(e, "officers of site " SITE " \xE2\x80\x94 " SCT " (12)\n");
	/* --site: that site's name too. */
	assert_int_equal(agg(e, (char *[]){ "roster", "show", "--db", e->st.db, "--site", SITE, NULL }), 0);
	expect_in(e, "  " SITE "  " SCT "\n");

	/* The two- and three-file forms import as before and keep the stored name. */
	assert_int_equal(agg(e, (char *[]){ "roster", "import", "--db", e->st.db, e->officers, e->procedures, NULL }), 0);
	expect_out(e, "site name", false);
	assert_int_equal(agg(e, (char *[]){ "roster", "import", "--db", e->st.db, e->officers, e->procedures, e->counters,
					    NULL }),
			 0);
	assert_int_equal(site_names(e), 1);
	assert_int_equal(agg(e, (char *[]){ "roster", "show", "--db", e->st.db, NULL }), 0);
	expect_in(e, "  " SITE "  " SCT "\n");

	/* The help says how the file is given. */
	assert_int_equal(agg(e, (char *[]){ "roster", "--help", NULL }), 0);
	expect_in(e, "[--sites SITES.csv] OFFICERS.csv PROCEDURES.csv [COUNTERS.csv]");
	expect_in(e, "SITES.csv       code,name");
}

static void bad_sites_file_changes_nothing(void **state)
{
	struct env *e = *state;
	char bad[400], one[400], wrong[400];

	assert_int_equal(agg(e, (char *[]){ "roster", "import", "--db", e->st.db, "--sites", e->sites, e->officers,
					    e->procedures, NULL }),
			 0);
	snprintf(bad, sizeof bad, "%s/sites-bad.csv", e->st.dir);
	harness_write_file(bad, "code,name\n" SITE ",Other name\nSCT_BT,X\n" SITE ",Again\nsxd-bentre,\n");
	/* A smaller officers' file beside it: nothing of it may be stored either. */
	snprintf(one, sizeof one, "%s/one-officer.csv", e->st.dir);
	harness_write_file(one, "site,code,name\n" SITE ",cb001,Tr\xE1\xBA\xA7n V\xC4\x83n B\xC3\xACnh\n");
	assert_int_equal(agg(e, (char *[]){ "roster", "import", "--db", e->st.db, "--sites", bad, one, e->procedures,
					    NULL }),
			 1);
	char want[600];
	snprintf(want, sizeof want, "%s:3: code 'SCT_BT' must match [a-z0-9-]{1,32}", bad);
	expect_in(e, want);
	snprintf(want, sizeof want, "%s:4: site '" SITE "' is also on line 2", bad);
	expect_in(e, want);
	snprintf(want, sizeof want, "%s:5: name is empty", bad);
	expect_in(e, want);
	expect_in(e, "3 errors; nothing imported");
	assert_int_equal(harness_sql(e->st.db, "SELECT count(*) FROM roster_site WHERE name = '" SCT "'"), 1);
	assert_int_equal(site_names(e), 1);
	assert_int_equal(harness_sql(e->st.db, "SELECT count(*) FROM roster_officer"), 12);
	/* A file with another file's header (the officers'). */
	snprintf(wrong, sizeof wrong, "%s/sites-wrong.csv", e->st.dir);
	harness_write_file(wrong, "site,code,name\n" SITE ",x,y\n");
	assert_int_equal(agg(e, (char *[]){ "roster", "import", "--db", e->st.db, "--sites", wrong, e->officers,
					    e->procedures, NULL }),
			 1);
	snprintf(want, sizeof want, "%s:1: the header must be 'code,name', not 'site,code,name'", wrong);
	expect_in(e, want);
	assert_int_equal(site_names(e), 1);
	/* --sites without its file, and --sites where it does not apply: usage errors. */
	assert_int_equal(agg(e, (char *[]){ "roster", "import", "--db", e->st.db, e->officers, e->procedures, "--sites",
					    NULL }),
			 2);
	assert_int_equal(agg(e, (char *[]){ "roster", "show", "--db", e->st.db, "--sites", e->sites, NULL }), 2);
	expect_in(e, "--sites does not apply to 'show'");
	expect_in(e, "see 'hailong-aggregator roster --help'");
}

/* ---- the outputs ---------------------------------------------------------------------------------- */

static void send(struct link *l, const char *officer, int level, uint32_t reasons)
{
	struct rating r = { .scale = 5, .clock_ok = true };
	char topic[HL_TOPIC_MAX], body[1024];
	size_t len;

	assert_int_equal(uuid_new(r.id), HL_OK);
	strcpy(r.site, SITE);
	strcpy(r.counter, "q05");
	snprintf(r.officer, sizeof r.officer, "%s", officer);
	strcpy(r.procedure, "1.001234");
	r.answers[SURVEY_Q_OFFICER] = level;
	r.answers[SURVEY_Q_PROCEDURE] = 4;
	r.reasons = reasons;
	r.ts = (int64_t)time(NULL);
	assert_int_equal(wire_rating_encode(&r, body, sizeof body, &len), HL_OK);
	assert_int_equal(topic_counter(topic, sizeof topic, r.site, r.counter, "rating"), HL_OK);
	assert_int_equal(link_publish(l, topic, body, len, 1, false), HL_OK);
}

static void outputs_name_the_site(void **state)
{
	struct env *e = *state;
	char html[400], quarter[32];

	assert_int_equal(agg(e, (char *[]){ "roster", "import", "--db", e->st.db, "--sites", e->sites, e->officers,
					    e->procedures, e->counters, NULL }),
			 0);
	struct link *term = harness_client(e->st.broker.port, NULL);
	assert_non_null(term);
	for (int i = 0; i < 6; i++)
		send(term, "cb002", i < 5 ? 5 : 1, i < 5 ? 0 : 1u << SURVEY_R_NHUNG_NHIEU);
	assert_int_equal(harness_sql_wait(e->st.db, "SELECT count(*) FROM rating", 6, 10000), 6);
	assert_int_equal(harness_sql_wait(e->st.db, "SELECT count(*) FROM flag WHERE kind = 'serious'", 1, 10000), 1);
	link_stop(term, NULL);

	/* A site's report: the table's first line and the page's header. */
	assert_int_equal(agg(e, (char *[]){ "report", "officers", "--db", e->st.db, "--site", SITE, NULL }), 0);
	expect_in(e, ", đơn vị " SCT " (" SITE ")\n");
	snprintf(html, sizeof html, "%s/report.html", e->st.dir);
	assert_int_equal(agg(e, (char *[]){ "report", "officers", "--db", e->st.db, "--site", SITE, "--format", "html",
					    "-o", html, NULL }),
			 0);
	assert_true(harness_file_has(html, "Đơn vị: " SCT " (" SITE ")"));
	/* The open flag at the top of the page, by its site's name. */
	assert_true(harness_file_has(html, "cb002 — Nguy\xE1\xBB\x85n Th\xE1\xBB\x8B \xE1\xBA\xA4u (" SCT ")"));
	/* The sites report: the name beside the code. */
	assert_int_equal(agg(e, (char *[]){ "report", "sites", "--db", e->st.db, NULL }), 0);
	expect_in(e, SCT);
	assert_int_equal(agg(e, (char *[]){ "report", "sites", "--db", e->st.db, "--format", "json", NULL }), 0);
	expect_in(e, "\"site_name\":\t\"" SCT "\"");
	expect_in(e, "\"site\":\t\"" SITE "\"");

	/* The SIPAS table for people; its CSV with the name in the last column. */
	char year[16];
	time_t now = time(NULL) + 7 * 3600;
	struct tm tm;
	gmtime_r(&now, &tm);
	snprintf(year, sizeof year, "%d", tm.tm_year + 1900);
	snprintf(quarter, sizeof quarter, "%d-Q%d", tm.tm_year + 1900, tm.tm_mon / 3 + 1);
	assert_int_equal(agg(e, (char *[]){ "export", "sipas", "--db", e->st.db, "--year", year, "--format", "table", NULL }),
			 0);
	expect_in(e, "\nĐơn vị " SCT " (" SITE ") — 6 lượt đánh giá\n");
	assert_int_equal(agg(e, (char *[]){ "export", "sipas", "--db", e->st.db, "--year", year, NULL }), 0);
	expect_in(e, "weight,formula,site_name\r\n");
	expect_in(e, "," SCT "\r\n");

	/* Report 766: the page's heading and the table's first line. */
	assert_int_equal(agg(e, (char *[]){ "report", "766", "--db", e->st.db, "--quarter", quarter, "--site", SITE, NULL }),
			 0);
	expect_in(e, ", đơn vị " SCT " (" SITE ")\n");
	snprintf(html, sizeof html, "%s/766.html", e->st.dir);
	assert_int_equal(agg(e, (char *[]){ "report", "766", "--db", e->st.db, "--quarter", quarter, "--format", "html",
					    "-o", html, NULL }),
			 0);
	assert_true(harness_file_has(html, "<section><h2>" SCT " <span class=\"muted small\">" SITE "</span></h2>"));

	/* The flags: the Đơn vị column of the list, the show's line, the JSON's site_name. */
	assert_int_equal(agg(e, (char *[]){ "flags", "list", "--db", e->st.db, NULL }), 0);
	expect_in(e, "Đơn vị");
	expect_in(e, "  " SCT " (" SITE ")  ");
	int64_t id = harness_sql(e->st.db, "SELECT id FROM flag WHERE kind = 'serious'");
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", (long long)id);
	assert_int_equal(agg(e, (char *[]){ "flags", "show", ids, "--db", e->st.db, NULL }), 0);
	expect_in(e, "  Đơn vị:       " SCT " (" SITE ")\n");
	assert_int_equal(agg(e, (char *[]){ "flags", "list", "--db", e->st.db, "--format", "json", NULL }), 0);
	expect_in(e, "\"site_name\":\t\"" SCT "\"");
	/* English readers get the same name. */
	assert_int_equal(agg(e, (char *[]){ "flags", "list", "--db", e->st.db, "--lang", "en", NULL }), 0);
	expect_in(e, "site");
	expect_in(e, SCT " (" SITE ")");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(import_with_sites_then_show, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_sites_file_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(outputs_name_the_site, setup, teardown),
	};
	return cmocka_run_group_tests_name("it_sites", tests, NULL, NULL);
}
