/* SPDX-License-Identifier: MIT
 * test_store_roster.c — the roster in a real SQLite file: a replace stores exactly what it was given
 * (Vietnamese names byte for byte) and a later replace leaves nothing of the earlier one; a replace
 * that fails on its last row — or is refused for a bad site, code or name — leaves the previous
 * roster whole; a reader that began before a replace sees all of the old roster and then all of the
 * new one; loading by site gives that site's officers and every procedure, sorted by code, and with
 * no site every officer; an unknown site gives no officers; the sites with officers are listed in
 * order, and the listing stops when asked; the roster survives a reopen. Schema 10: officers' titles
 * and photos come back as stored (a photo by its hash, byte for byte; a photo no officer names any
 * more is gone; a kept photo stays without its bytes given again; one that is not stored, is not a
 * JPEG or PNG, or is too large is refused and nothing changes); counters' names are replaced only
 * when a counters list is given; the photo topics published are recorded and forgotten; a database
 * of schema 9 gains the new columns and tables and keeps its roster. */
#include "hl.h"
#include "roster.h"
#include "store.h"
#include "store_roster.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fake_png.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* NFC UTF-8, spelled in bytes so no editor can renormalise them. */
#define NAME_AU "Nguy\xE1\xBB\x85n Th\xE1\xBB\x8B \xE1\xBA\xA4u"          /* Nguyễn Thị Ấu */
#define NAME_BINH "Tr\xE1\xBA\xA7n V\xC4\x83n B\xC3\xACnh"                 /* Trần Văn Bình */
#define NAME_MY "V\xC3\xB5 Th\xE1\xBB\x8B M\xE1\xBB\xB9 Duy\xC3\xAAn"      /* Võ Thị Mỹ Duyên */
#define NAME_HUU "Nguy\xE1\xBB\x85n H\xE1\xBB\xAFu Ph\xC6\xB0\xE1\xBB\x9B" "c" /* Nguyễn Hữu Phước */
#define PROC_XANG "C\xE1\xBA\xA5p Gi\xE1\xBA\xA5y ph\xC3\xA9p b\xC3\xA1n l\xE1\xBA\xBB x\xC4\x83ng d\xE1\xBA\xA7u"
#define PROC_KM "\xC4\x90\xC4\x83ng k\xC3\xBD th\xE1\xBB\xB1" "c hi\xE1\xBB\x87n khuy\xE1\xBA\xBFn m\xE1\xBA\xA1i"
#define PROC_DIEN "C\xE1\xBA\xA5p Gi\xE1\xBA\xA5y ph\xC3\xA9p ho\xE1\xBA\xA1t \xC4\x91\xE1\xBB\x99ng " \
	"b\xC3\xA1n l\xE1\xBA\xBB \xC4\x91i\xE1\xBB\x87n, 0,4 kV"

static char tmpdir[64];
static char dbpath[128];

/* ---- helpers ----------------------------------------------------------------------------------- */

static struct store *open_store(void)
{
	struct store *s = NULL;
	char err[256] = "";

	if (store_open(dbpath, 25200, &s, err, sizeof err) != HL_OK)
		fail_msg("store_open(%s): %s", dbpath, err);
	return s;
}

static struct store_officer officer(const char *site, const char *code, const char *name)
{
	struct store_officer o;

	memset(&o, 0, sizeof o);
	snprintf(o.site, sizeof o.site, "%s", site);
	snprintf(o.e.code, sizeof o.e.code, "%s", code);
	snprintf(o.e.name, sizeof o.e.name, "%s", name);
	return o;
}

static struct roster_entry entry(const char *code, const char *name)
{
	struct roster_entry e;

	memset(&e, 0, sizeof e);
	snprintf(e.code, sizeof e.code, "%s", code);
	snprintf(e.name, sizeof e.name, "%s", name);
	return e;
}

/* The roster as "code=name;" per list, officers then " / " then procedures (counters: see
 * counters_flat). */
static const char *flat(const struct roster *r, char *buf, size_t cap)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int k = 0; k < ROSTER_COUNTER; k++) {
		if (k)
			n += (size_t)snprintf(buf + n, cap - n, " / ");
		for (size_t i = 0; i < r->n[k]; i++)
			n += (size_t)snprintf(buf + n, cap - n, "%s=%s;", r->e[k][i].code, r->e[k][i].name);
	}
	return buf;
}

static void expect_roster(struct store *s, const char *site, const char *want)
{
	struct roster *r = NULL;
	char buf[4096];

	assert_int_equal(store_roster_load(s, site, &r), HL_OK);
	assert_non_null(r);
	assert_string_equal(flat(r, buf, sizeof buf), want);
	roster_free(r);
}

struct site_list {
	char text[512];
	int calls, stop_at;
};

static int site_collect(void *ud, const char *site)
{
	struct site_list *l = ud;

	snprintf(l->text + strlen(l->text), sizeof l->text - strlen(l->text), "%s;", site);
	return ++l->calls == l->stop_at ? 42 : HL_OK;
}

static const char *sites(struct store *s)
{
	static struct site_list l;

	memset(&l, 0, sizeof l);
	assert_int_equal(store_roster_sites(s, site_collect, &l), HL_OK);
	return l.text;
}

/* The first roster of the tests: two sites, three procedures. */
static void replace_first(struct store *s)
{
	struct store_officer off[] = {
		officer("sct-bentre", "cb002", NAME_AU),
		officer("sct-bentre", "cb001", NAME_BINH),
		officer("sct-vinhlong", "cb001", NAME_MY),
	};
	struct roster_entry proc[] = {
		entry("2.000204", PROC_XANG),
		entry("1.001234", PROC_KM),
		entry("1.004471", PROC_DIEN),
	};

	assert_int_equal(store_roster_replace(s, off, 3, proc, 3), HL_OK);
}

#define FIRST_PROCS "1.001234=" PROC_KM ";1.004471=" PROC_DIEN ";2.000204=" PROC_XANG ";"
#define FIRST_BENTRE "cb001=" NAME_BINH ";cb002=" NAME_AU "; / " FIRST_PROCS

static int setup(void **state)
{
	(void)state;
	char wal[160], shm[160];

	/* The folder stays; the database is new for every test. */
	unlink(dbpath);
	snprintf(wal, sizeof wal, "%s-wal", dbpath);
	snprintf(shm, sizeof shm, "%s-shm", dbpath);
	unlink(wal);
	unlink(shm);
	return 0;
}

/* ---- tests ------------------------------------------------------------------------------------- */

static void empty_store_has_an_empty_roster(void **state)
{
	struct store *s = open_store();

	(void)state;
	expect_roster(s, NULL, " / ");
	expect_roster(s, "sct-bentre", " / ");
	assert_string_equal(sites(s), "");
	store_close(s);
}

static void replace_then_load_by_site(void **state)
{
	struct store *s = open_store();

	(void)state;
	replace_first(s);
	expect_roster(s, "sct-bentre", FIRST_BENTRE);
	expect_roster(s, "sct-vinhlong", "cb001=" NAME_MY "; / " FIRST_PROCS);
	/* Every site: sorted by code, then site — the same code of two sites comes out twice. */
	expect_roster(s, NULL, "cb001=" NAME_BINH ";cb001=" NAME_MY ";cb002=" NAME_AU "; / " FIRST_PROCS);
	/* A site without officers still gets the procedures. */
	expect_roster(s, "sct-tiengiang", " / " FIRST_PROCS);

	struct roster *r;
	assert_int_equal(store_roster_load(s, "sct-bentre", &r), HL_OK);
	assert_string_equal(roster_name(r, ROSTER_OFFICER, "cb002"), NAME_AU);
	assert_string_equal(roster_name(r, ROSTER_PROCEDURE, "2.000204"), PROC_XANG);
	assert_null(roster_name(r, ROSTER_OFFICER, "cb009"));
	roster_free(r);
	store_close(s);
}

static void replace_is_total(void **state)
{
	struct store *s = open_store();
	struct store_officer off[] = { officer("sct-tiengiang", "cb100", NAME_HUU) };
	struct roster_entry proc[] = { entry("2.000204", PROC_KM) };

	(void)state;
	replace_first(s);
	assert_string_equal(sites(s), "sct-bentre;sct-vinhlong;");
	/* The second file is the whole truth: nothing of the first stays, a name may change. */
	assert_int_equal(store_roster_replace(s, off, 1, proc, 1), HL_OK);
	assert_string_equal(sites(s), "sct-tiengiang;");
	expect_roster(s, NULL, "cb100=" NAME_HUU "; / 2.000204=" PROC_KM ";");
	expect_roster(s, "sct-bentre", " / 2.000204=" PROC_KM ";");
	/* And an empty replace empties it. */
	assert_int_equal(store_roster_replace(s, NULL, 0, NULL, 0), HL_OK);
	expect_roster(s, NULL, " / ");
	assert_string_equal(sites(s), "");
	store_close(s);
}

static void failed_replace_keeps_the_old_roster(void **state)
{
	struct store *s = open_store();
	struct store_officer off[] = { officer("sct-bentre", "cb777", NAME_HUU) };
	/* The duplicate is the very last row: everything before it was already written. */
	struct roster_entry dup[] = { entry("9.000001", PROC_KM), entry("9.000002", PROC_XANG), entry("9.000001", PROC_DIEN) };

	(void)state;
	replace_first(s);
	assert_int_equal(store_roster_replace(s, off, 1, dup, 3), HL_ERR_DB);
	assert_non_null(strstr(store_errmsg(s), "UNIQUE"));
	expect_roster(s, "sct-bentre", FIRST_BENTRE);
	assert_string_equal(sites(s), "sct-bentre;sct-vinhlong;");

	/* The same officer code twice in one site. */
	struct store_officer twice[] = { officer("sct-x", "a", "A"), officer("sct-x", "a", "B") };
	assert_int_equal(store_roster_replace(s, twice, 2, NULL, 0), HL_ERR_DB);
	expect_roster(s, "sct-bentre", FIRST_BENTRE);

	/* Refused before the database is touched. */
	struct store_officer bad_site[] = { officer("SCT Ben Tre", "cb1", "A") };
	struct store_officer bad_code[] = { officer("sct-x", "cb 12", "A") };
	struct store_officer empty_code[] = { officer("sct-x", "", "A") };
	struct store_officer empty_name[] = { officer("sct-x", "cb1", "") };
	struct store_officer ctl_name[] = { officer("sct-x", "cb1", "a\nb") };
	struct roster_entry bad_utf8[] = { entry("1.1", "Tr\xE1\xBA n") };
	struct roster_entry long_code[] = { entry("1.1", "x") };
	memset(long_code[0].code, 'a', sizeof long_code[0].code); /* 33 bytes, no NUL */
	assert_int_equal(store_roster_replace(s, bad_site, 1, NULL, 0), HL_ERR_INVALID);
	assert_int_equal(store_roster_replace(s, bad_code, 1, NULL, 0), HL_ERR_INVALID);
	assert_int_equal(store_roster_replace(s, empty_code, 1, NULL, 0), HL_ERR_INVALID);
	assert_int_equal(store_roster_replace(s, empty_name, 1, NULL, 0), HL_ERR_INVALID);
	assert_int_equal(store_roster_replace(s, ctl_name, 1, NULL, 0), HL_ERR_INVALID);
	assert_int_equal(store_roster_replace(s, NULL, 0, bad_utf8, 1), HL_ERR_INVALID);
	assert_int_equal(store_roster_replace(s, NULL, 0, long_code, 1), HL_ERR_INVALID);
	expect_roster(s, NULL, "cb001=" NAME_BINH ";cb001=" NAME_MY ";cb002=" NAME_AU "; / " FIRST_PROCS);
	store_close(s);
}

static void readers_see_one_roster_or_the_other(void **state)
{
	struct store *s = open_store();
	struct store_officer off[] = { officer("sct-bentre", "cb900", NAME_HUU) };
	struct roster_entry proc[] = { entry("1.000001", PROC_KM) };
	sqlite3 *reader;
	sqlite3_stmt *st;

	(void)state;
	replace_first(s);
	assert_int_equal(sqlite3_open(dbpath, &reader), SQLITE_OK);
	/* A read transaction that started before the replace keeps its snapshot. */
	assert_int_equal(sqlite3_exec(reader, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(reader, "SELECT (SELECT count(*) FROM roster_officer),"
					    " (SELECT count(*) FROM roster_procedure)", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 3);
	sqlite3_reset(st);

	assert_int_equal(store_roster_replace(s, off, 1, proc, 1), HL_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 3);
	assert_int_equal(sqlite3_column_int(st, 1), 3);
	sqlite3_reset(st);
	assert_int_equal(sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	/* Then all of the new one. */
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	assert_int_equal(sqlite3_column_int(st, 1), 1);
	sqlite3_finalize(st);
	sqlite3_close(reader);
	store_close(s);
}

static void sites_listing_stops_when_asked(void **state)
{
	struct store *s = open_store();
	struct store_officer off[] = {
		officer("sct-c", "a", "A"), officer("sct-a", "a", "A"), officer("sct-b", "a", "A"),
		officer("sct-a", "b", "B"),
	};
	struct site_list l = { .stop_at = 2 };

	(void)state;
	assert_int_equal(store_roster_replace(s, off, 4, NULL, 0), HL_OK);
	assert_string_equal(sites(s), "sct-a;sct-b;sct-c;");
	assert_int_equal(store_roster_sites(s, site_collect, &l), 42);
	assert_string_equal(l.text, "sct-a;sct-b;");
	/* The statement was reset: a full listing works again. */
	assert_string_equal(sites(s), "sct-a;sct-b;sct-c;");
	store_close(s);
}

static void names_at_the_limit_and_a_reopen(void **state)
{
	struct store *s = open_store();
	struct roster_entry proc[] = { entry("1.1", "") };
	char want[512];

	(void)state;
	/* 66 × "Ấ" (3 bytes) + "ab" = 200 bytes: the longest name allowed. */
	for (int i = 0; i < 66; i++)
		memcpy(proc[0].name + 3 * i, "\xE1\xBA\xA4", 3);
	memcpy(proc[0].name + 198, "ab", 3);
	assert_int_equal(strlen(proc[0].name), ROSTER_NAME_MAX);
	assert_int_equal(store_roster_replace(s, NULL, 0, proc, 1), HL_OK);
	store_close(s);

	s = open_store();
	snprintf(want, sizeof want, " / 1.1=%s;", proc[0].name);
	expect_roster(s, NULL, want);
	store_close(s);
}

/* ---- schema 10: titles, photos, counters ------------------------------------------------------ */

#define TITLE_CV "Chuy\xC3\xAAn vi\xC3\xAAn"                                    /* Chuyên viên */
#define TITLE_PTP "Ph\xC3\xB3 Tr\xC6\xB0\xE1\xBB\x9Fng ph\xC3\xB2ng"            /* Phó Trưởng phòng */
#define COUNTER_5 "Qu\xE1\xBA\xA7y 5 \xE2\x80\x93 \xC4\x90\xC4\x83ng k\xC3\xBD kinh doanh" /* Quầy 5 – Đăng ký kinh doanh */

static struct store_officer_info info(const char *title, const void *bytes, size_t len, const char *file)
{
	struct store_officer_info x;

	memset(&x, 0, sizeof x);
	snprintf(x.title, sizeof x.title, "%s", title);
	x.bytes = bytes;
	x.len = len;
	snprintf(x.photo_file, sizeof x.photo_file, "%s", file);
	return x;
}

static const char *counters_flat(const struct roster *r, char *buf, size_t cap)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->n[ROSTER_COUNTER]; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s=%s;", r->e[ROSTER_COUNTER][i].code, r->e[ROSTER_COUNTER][i].name);
	return buf;
}

static void expect_photo(struct store *s, const char *hash, const void *want, size_t len)
{
	void *b;
	size_t n;

	assert_int_equal(store_roster_photo(s, hash, &b, &n), HL_OK);
	assert_int_equal(n, len);
	assert_memory_equal(b, want, len);
	free(b);
}

static void titles_photos_and_counters_come_back(void **state)
{
	struct store *s = open_store();
	unsigned char *png = fake_png(5000, 0x5A);
	char hash[ROSTER_PHOTO_HASH_LEN + 1], buf[512];
	struct store_officer off[] = { officer("sct-bentre", "cb001", NAME_BINH), officer("sct-bentre", "cb002", NAME_AU),
				       officer("sct-vinhlong", "cb001", NAME_MY) };
	struct store_officer_info x[] = { info(TITLE_PTP, png, 5000, "photos/cb001.png"), info(TITLE_CV, NULL, 0, ""),
					  info("", NULL, 0, "") };
	struct store_officer ctr[] = { officer("sct-bentre", "q05", COUNTER_5), officer("sct-bentre", "q01", "Q1"),
				       officer("sct-vinhlong", "q05", "VL5") };
	struct roster_entry proc[] = { entry("2.000204", PROC_XANG) };
	struct store_roster_in in = { .officers = off, .info = x, .nofficers = 3, .procedures = proc, .nprocedures = 1,
				      .counters = ctr, .ncounters = 3, .counters_given = true };
	struct roster *r;

	(void)state;
	roster_photo_hash(png, 5000, hash);
	assert_int_equal(store_roster_put(s, &in), HL_OK);
	assert_int_equal(store_roster_load(s, "sct-bentre", &r), HL_OK);
	assert_string_equal(roster_title(r, "cb001"), TITLE_PTP);
	assert_string_equal(roster_photo(r, "cb001"), hash);
	assert_string_equal(roster_title(r, "cb002"), TITLE_CV);
	assert_null(roster_photo(r, "cb002"));
	assert_string_equal(counters_flat(r, buf, sizeof buf), "q01=Q1;q05=" COUNTER_5 ";");
	assert_string_equal(roster_name(r, ROSTER_COUNTER, "q05"), COUNTER_5);
	roster_free(r);
	assert_int_equal(store_roster_load(s, "sct-vinhlong", &r), HL_OK);
	assert_null(roster_title(r, "cb001"));
	assert_string_equal(counters_flat(r, buf, sizeof buf), "q05=VL5;");
	roster_free(r);
	expect_photo(s, hash, png, 5000);
	void *b = &b;
	size_t n = 9;
	assert_int_equal(store_roster_photo(s, "0123456789abcdef", &b, &n), HL_ERR_NOTFOUND);
	assert_null(b);

	/* One officer, with its photo's file name (what the console's upload matches). */
	struct store_officer o;
	struct store_officer_info ox;
	assert_int_equal(store_roster_officer(s, "sct-bentre", "cb001", &o, &ox), HL_OK);
	assert_string_equal(o.e.name, NAME_BINH);
	assert_string_equal(ox.title, TITLE_PTP);
	assert_string_equal(ox.photo, hash);
	assert_string_equal(ox.photo_file, "photos/cb001.png");
	assert_null(ox.bytes);
	assert_int_equal(store_roster_officer(s, "sct-bentre", "cb404", &o, &ox), HL_ERR_NOTFOUND);
	assert_string_equal(o.e.code, "");

	/* All counters, by site then code. */
	struct store_officer *all;
	assert_int_equal(store_roster_counters(s, &all, &n), HL_OK);
	assert_int_equal(n, 3);
	assert_string_equal(all[0].e.code, "q01");
	assert_string_equal(all[2].site, "sct-vinhlong");
	free(all);

	/* Through a reopen too. */
	store_close(s);
	s = open_store();
	assert_int_equal(store_roster_load(s, NULL, &r), HL_OK);
	assert_string_equal(roster_photo(r, "cb001"), hash);
	assert_int_equal(r->n[ROSTER_COUNTER], 3);
	roster_free(r);
	store_close(s);
	free(png);
}

static void photos_kept_replaced_and_dropped(void **state)
{
	struct store *s = open_store();
	unsigned char *a = fake_png(3000, 1), *b = fake_png(4000, 2);
	char ha[ROSTER_PHOTO_HASH_LEN + 1], hb[ROSTER_PHOTO_HASH_LEN + 1];
	struct store_officer off[] = { officer("sct-bentre", "cb001", NAME_BINH), officer("sct-bentre", "cb002", NAME_AU) };
	struct store_officer_info x[] = { info("", a, 3000, "a.png"), info("", a, 3000, "a.png") };
	struct store_roster_in in = { .officers = off, .info = x, .nofficers = 2 };
	struct roster *r;

	(void)state;
	roster_photo_hash(a, 3000, ha);
	roster_photo_hash(b, 4000, hb);
	/* Two officers may share one picture: it is kept once. */
	assert_int_equal(store_roster_put(s, &in), HL_OK);
	expect_photo(s, ha, a, 3000);
	/* Kept by its hash, without the bytes (the console's upload); the other officer gets a new one. */
	x[0] = info("", NULL, 0, "a.png");
	snprintf(x[0].photo, sizeof x[0].photo, "%s", ha);
	x[1] = info("", b, 4000, "b.png");
	assert_int_equal(store_roster_put(s, &in), HL_OK);
	assert_int_equal(store_roster_load(s, "sct-bentre", &r), HL_OK);
	assert_string_equal(roster_photo(r, "cb001"), ha);
	assert_string_equal(roster_photo(r, "cb002"), hb);
	roster_free(r);
	expect_photo(s, ha, a, 3000);
	expect_photo(s, hb, b, 4000);
	/* A photo no officer names any more is gone with the roster that named it. */
	x[0] = info("", NULL, 0, "");
	assert_int_equal(store_roster_put(s, &in), HL_OK);
	void *p;
	size_t n;
	assert_int_equal(store_roster_photo(s, ha, &p, &n), HL_ERR_NOTFOUND);
	expect_photo(s, hb, b, 4000);
	/* Keeping a photo that is not stored is refused, and nothing changes. */
	snprintf(x[0].photo, sizeof x[0].photo, "%s", ha);
	assert_int_equal(store_roster_put(s, &in), HL_ERR_INVALID);
	assert_non_null(strstr(store_errmsg(s), "not stored"));
	assert_int_equal(store_roster_load(s, "sct-bentre", &r), HL_OK);
	assert_null(roster_photo(r, "cb001"));
	assert_string_equal(roster_photo(r, "cb002"), hb);
	roster_free(r);
	/* What is not a picture, or too large, or a bad title, is refused before the database is touched. */
	static const char gif[] = "GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!";
	unsigned char *big = fake_png(ROSTER_PHOTO_MAX + 1, 3);
	struct store_officer_info bad[] = { info("", gif, sizeof gif - 1, "x.gif"), info("", big, ROSTER_PHOTO_MAX + 1, "big.png"),
					    info("", a, 0, "empty.png"), info("a\nb", NULL, 0, ""),
					    info("Tr\xE1\xBA n", NULL, 0, "") };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct store_roster_in one = { .officers = off, .info = &bad[i], .nofficers = 1 };
		if (store_roster_put(s, &one) != HL_ERR_INVALID)
			fail_msg("bad info %zu accepted", i);
	}
	snprintf(x[0].photo, sizeof x[0].photo, "NOT-A-HASH");
	assert_int_equal(store_roster_put(s, &in), HL_ERR_INVALID);
	expect_photo(s, hb, b, 4000);
	/* The largest picture is taken. */
	memcpy(big, a, 64);
	x[0] = info("", big, ROSTER_PHOTO_MAX, "big.png");
	assert_int_equal(store_roster_put(s, &in), HL_OK);
	free(a);
	free(b);
	free(big);
	store_close(s);
}

static void counters_replaced_only_when_given(void **state)
{
	struct store *s = open_store();
	struct store_officer off[] = { officer("sct-bentre", "cb001", NAME_BINH) };
	struct store_officer ctr[] = { officer("sct-bentre", "q05", COUNTER_5) };
	struct store_roster_in in = { .officers = off, .nofficers = 1, .counters = ctr, .ncounters = 1, .counters_given = true };
	struct roster *r;

	(void)state;
	assert_int_equal(store_roster_put(s, &in), HL_OK);
	/* An import without a counters file keeps the stored names... */
	assert_int_equal(store_roster_replace(s, off, 1, NULL, 0), HL_OK);
	assert_int_equal(store_roster_load(s, "sct-bentre", &r), HL_OK);
	assert_string_equal(roster_name(r, ROSTER_COUNTER, "q05"), COUNTER_5);
	roster_free(r);
	/* ... bad counters are refused (a counter's code is a topic id) ... */
	struct store_officer bad[] = { officer("sct-bentre", "Q05", "x"), officer("sct-bentre", "q.5", "x"),
				       officer("sct-bentre", "q06", ""), officer("Ben Tre", "q06", "x") };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct store_roster_in one = { .counters = &bad[i], .ncounters = 1, .counters_given = true };
		if (store_roster_put(s, &one) != HL_ERR_INVALID)
			fail_msg("bad counter %zu accepted", i);
	}
	/* ... and an empty list given removes them all. */
	struct store_roster_in none = { .officers = off, .nofficers = 1, .counters_given = true };
	assert_int_equal(store_roster_put(s, &none), HL_OK);
	assert_int_equal(store_roster_load(s, "sct-bentre", &r), HL_OK);
	assert_int_equal(r->n[ROSTER_COUNTER], 0);
	roster_free(r);
	store_close(s);
}

static int sent_collect(void *ud, const char *code)
{
	char *text = ud;

	snprintf(text + strlen(text), 200 - strlen(text), "%s;", code);
	return HL_OK;
}

static void photo_topics_sent_are_recorded(void **state)
{
	struct store *s = open_store();
	char text[200] = "";

	(void)state;
	assert_int_equal(store_roster_photo_sent(s, "sct-bentre", "cb002", true), HL_OK);
	assert_int_equal(store_roster_photo_sent(s, "sct-bentre", "cb001", true), HL_OK);
	assert_int_equal(store_roster_photo_sent(s, "sct-bentre", "cb001", true), HL_OK); /* again: once */
	assert_int_equal(store_roster_photo_sent(s, "sct-vinhlong", "cb009", true), HL_OK);
	assert_int_equal(store_roster_photos_sent(s, "sct-bentre", sent_collect, text), HL_OK);
	assert_string_equal(text, "cb001;cb002;");
	assert_int_equal(store_roster_photo_sent(s, "sct-bentre", "cb001", false), HL_OK);
	text[0] = '\0';
	assert_int_equal(store_roster_photos_sent(s, "sct-bentre", sent_collect, text), HL_OK);
	assert_string_equal(text, "cb002;");
	/* The record outlives a replace of the roster: it is what the broker holds. */
	assert_int_equal(store_roster_replace(s, NULL, 0, NULL, 0), HL_OK);
	text[0] = '\0';
	assert_int_equal(store_roster_photos_sent(s, "sct-vinhlong", sent_collect, text), HL_OK);
	assert_string_equal(text, "cb009;");
	store_close(s);
}

static void a_schema_9_database_gains_titles_photos_and_counters(void **state)
{
	struct store *s = open_store();
	struct store_officer off[] = { officer("sct-bentre", "cb001", NAME_BINH) };
	sqlite3 *db;
	struct roster *r;

	(void)state;
	assert_int_equal(store_roster_replace(s, off, 1, NULL, 0), HL_OK);
	store_close(s);
	/* The database as schema 9 left it. */
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "ALTER TABLE roster_officer DROP COLUMN title; ALTER TABLE roster_officer DROP COLUMN photo;"
				      "ALTER TABLE roster_officer DROP COLUMN photo_file; DROP TABLE roster_photo;"
				      "DROP TABLE roster_counter; DROP TABLE roster_photo_sent; PRAGMA user_version = 9;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	s = open_store();
	assert_int_equal(store_roster_load(s, "sct-bentre", &r), HL_OK);
	assert_string_equal(roster_name(r, ROSTER_OFFICER, "cb001"), NAME_BINH);
	assert_null(roster_title(r, "cb001"));
	assert_null(roster_photo(r, "cb001"));
	assert_int_equal(r->n[ROSTER_COUNTER], 0);
	roster_free(r);
	struct store_officer_info x[] = { info(TITLE_CV, NULL, 0, "") };
	struct store_roster_in in = { .officers = off, .info = x, .nofficers = 1, .counters = off, .ncounters = 0,
				      .counters_given = true };
	assert_int_equal(store_roster_put(s, &in), HL_OK);
	store_close(s);
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), STORE_SCHEMA_VERSION);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/hl-test-roster-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(dbpath, sizeof dbpath, "%s/roster.db", tmpdir);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	setup(state);
	return rmdir(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(empty_store_has_an_empty_roster, setup),
		cmocka_unit_test_setup(replace_then_load_by_site, setup),
		cmocka_unit_test_setup(replace_is_total, setup),
		cmocka_unit_test_setup(failed_replace_keeps_the_old_roster, setup),
		cmocka_unit_test_setup(readers_see_one_roster_or_the_other, setup),
		cmocka_unit_test_setup(sites_listing_stops_when_asked, setup),
		cmocka_unit_test_setup(names_at_the_limit_and_a_reopen, setup),
		cmocka_unit_test_setup(titles_photos_and_counters_come_back, setup),
		cmocka_unit_test_setup(photos_kept_replaced_and_dropped, setup),
		cmocka_unit_test_setup(counters_replaced_only_when_given, setup),
		cmocka_unit_test_setup(photo_topics_sent_are_recorded, setup),
		cmocka_unit_test_setup(a_schema_9_database_gains_titles_photos_and_counters, setup),
	};
	return cmocka_run_group_tests_name("store_roster", tests, group_setup, group_teardown);
}
