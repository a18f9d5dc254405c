/* SPDX-License-Identifier: MIT
 * Integration: `roster` and `session` against a real mosquitto on 127.0.0.1 and the real SQLite file
 * a serving aggregator uses. Importing the shipped sample with --broker stores it and leaves on
 * hailong/v1/sct-bentre/roster a retained message that the terminals' decoder accepts, with every
 * Vietnamese name byte for byte; a site dropped by a later import is published empty. Each kind of
 * bad file — bad code, repeated code, NFD name, wrong header, unterminated quote, many faults —
 * exits 1 naming file and line, and leaves both the stored and the published roster as they were.
 * The sample with its counters file puts each officer's title and photo hash and the counters' names
 * in the roster message and each photo, retained, byte for byte, on hailong/v1/SITE/photo/CODE; a
 * later import replaces a changed photo and empties the topics of photos gone, so a terminal coming
 * later finds only the current ones; a photo file that cannot be read is a fault of its line.
 * `session open` leaves a retained transaction with the right fields and an id of its own (a new UUID,
 * or --txn's), `session duty` the officer on duty alone (--none: nothing retained), `session close`
 * an empty message and nothing retained; bad usage exits 2 with the usage; an absent broker exits 1
 * in bounded time. */
#include "harness.h"
#include "link.h"
#include "roster.h"
#include "uuid.h"
#include "wire.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

/* NFC UTF-8 in bytes, as in the shipped sample. */
#define NAME_AU "Nguy\xE1\xBB\x85n Th\xE1\xBB\x8B \xE1\xBA\xA4u"                /* Nguyễn Thị Ấu */
#define NAME_MY "V\xC3\xB5 Th\xE1\xBB\x8B M\xE1\xBB\xB9 Duy\xC3\xAAn"            /* Võ Thị Mỹ Duyên */
#define NAME_HUU "Nguy\xE1\xBB\x85n H\xE1\xBB\xAFu Ph\xC6\xB0\xE1\xBB\x9B" "c"   /* Nguyễn Hữu Phước */
#define PROC_XANG "C\xE1\xBA\xA5p Gi\xE1\xBA\xA5y ph\xC3\xA9p b\xC3\xA1n l\xE1\xBA\xBB x\xC4\x83ng d\xE1\xBA\xA7u"
/* "Đăng ký tổ chức hội chợ, triển lãm thương mại tại Việt Nam": quoted in the file for its comma. */
#define PROC_HOICHO "\xC4\x90\xC4\x83ng k\xC3\xBD t\xE1\xBB\x95 ch\xE1\xBB\xA9" "c h\xE1\xBB\x99i ch\xE1\xBB\xA3, " \
	"tri\xE1\xBB\x83n l\xC3\xA3m th\xC6\xB0\xC6\xA1ng m\xE1\xBA\xA1i t\xE1\xBA\xA1i Vi\xE1\xBB\x87t Nam"
/* "Nguyễn" decomposed: e + U+0302 circumflex + U+0303 tilde. */
#define NFD_NGUYEN "Nguye\xCC\x82\xCC\x83n"


/* ---- helpers ----------------------------------------------------------------------------------- */

/* A shipped sample file: from the repository root (make check's folder) or found from the binaries. */
static const char *sample(const char *name)

{
	return harness_sample(name);
}

/* Runs hailong-aggregator with args; its output (stdout and stderr) replaces the file out. */
static int run_agg(const char *out, char **args)
{
	char bin[PATH_MAX + 32];
	char *argv[32] = { bin };
	int i = 0;
	FILE *f = fopen(out, "w");

	assert_non_null(f);
	fclose(f);
	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	while (args[i] && i < 30) {
		argv[i + 1] = args[i];
		i++;
	}
	argv[i + 1] = NULL;
	return harness_run(out, argv, 30000);
}

static void expect_in(const char *path, const char *text)
{
	if (!harness_file_has(path, text)) {
		char buf[4096] = "";
		FILE *f = fopen(path, "r");
		if (f) {
			size_t n = fread(buf, 1, sizeof buf - 1, f);
			buf[n] = '\0';
			fclose(f);
		}
		fail_msg("'%s' not in the output:\n%s", text, buf);
	}
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static struct link *client(const struct stack *e, const char *sub)
{
	struct link *l = harness_client(e->broker.port, sub);

	assert_non_null(l);
	return l;
}

/* The next message on topic within timeout_ms, or NULL. Free with link_msgs_free. */
static struct link_msg *next_msg(struct link *l, const char *topic, int timeout_ms)
{
	int64_t deadline = harness_now_ms() + timeout_ms;

	while (harness_now_ms() < deadline) {
		struct link_msg *msgs, *found = NULL, **pp;
		size_t n;
		link_take(l, 50, 1, &msgs, &n);
		for (pp = &msgs; *pp; pp = &(*pp)->next)
			if (strcmp((*pp)->topic, topic) == 0) {
				found = *pp;
				*pp = found->next;
				found->next = NULL;
				break;
			}
		link_msgs_free(msgs);
		if (found)
			return found;
	}
	return NULL;
}

/* What a terminal newly subscribing to a site's roster gets: the retained roster, decoded. */
static struct roster *retained_roster(const struct stack *e, const char *site)
{
	char topic[128];
	struct link *l;
	struct link_msg *m;
	struct roster *r = NULL;

	snprintf(topic, sizeof topic, "hailong/v1/%s/roster", site);
	l = client(e, topic);
	m = next_msg(l, topic, 5000);
	link_stop(l, NULL);
	assert_non_null(m);
	assert_true(m->retain);
	assert_true(m->len <= ROSTER_BODY_MAX);
	assert_int_equal(roster_decode(m->payload, m->len, &r), HL_OK);
	link_msgs_free(m);
	return r;
}

static void import_sample(const struct stack *e, const char *out, bool publish)
{
	char *args[] = { "roster", "import", "--db", (char *)e->db, (char *)sample("officers.csv"),
			 (char *)sample("procedures.csv"), "--broker", (char *)e->broker.url, NULL };

	if (!publish)
		args[6] = NULL;
	assert_int_equal(run_agg(out, args), 0);
	expect_in(out, "imported 12 officers and 14 procedures");
}

/* The stored sample, unchanged. */
static void expect_sample_stored(const struct stack *e)
{
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM roster_officer WHERE site = 'sct-bentre'"), 12);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM roster_procedure"), 14);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM roster_officer WHERE code = 'cb002' AND name = '" NAME_AU "'"), 1);
}

/* ---- tests ------------------------------------------------------------------------------------- */

static void sample_import_publishes_a_roster_terminals_accept(void **state)
{
	struct stack *e = *state;
	char out[300];
	struct roster *r;

	snprintf(out, sizeof out, "%s/import.out", e->dir);
	import_sample(e, out, true);
	expect_in(out, "published on hailong/v1/sct-bentre/roster: 12 officers, 14 procedures");
	expect_sample_stored(e);

	r = retained_roster(e, "sct-bentre");
	assert_int_equal(r->n[ROSTER_OFFICER], 12);
	assert_int_equal(r->n[ROSTER_PROCEDURE], 14);
	assert_string_equal(roster_name(r, ROSTER_OFFICER, "cb002"), NAME_AU);
	assert_string_equal(roster_name(r, ROSTER_OFFICER, "cb005"), NAME_MY);
	assert_string_equal(roster_name(r, ROSTER_OFFICER, "cb004"), NAME_HUU);
	assert_string_equal(roster_name(r, ROSTER_PROCEDURE, "2.000204"), PROC_XANG);
	assert_string_equal(roster_name(r, ROSTER_PROCEDURE, "2.000003"), PROC_HOICHO);
	roster_free(r);

	/* `roster show` prints the same names. */
	assert_int_equal(run_agg(out, (char *[]){ "roster", "show", "--db", e->db, "--site", "sct-bentre", NULL }), 0);
	expect_in(out, "officers of site sct-bentre (12)");
	expect_in(out, "cb002  " NAME_AU);
	expect_in(out, "procedures (14)");
	expect_in(out, "2.000003  " PROC_HOICHO);
}

/* The whole of a file (free it). */
static unsigned char *file_bytes(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b = malloc((size_t)n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* What a terminal subscribing to the site's photos gets within timeout_ms, topic by topic: the last
 * payload of each photo topic (len 0 for an empty message) in got[] by officer code. */
struct photo_got {
	char code[40];
	unsigned char *bytes;
	size_t len;
	bool retain;
};

static size_t photos_received(struct link *l, struct photo_got *got, size_t cap, size_t want, int timeout_ms)
{
	int64_t deadline = harness_now_ms() + timeout_ms;
	size_t n = 0, msgs = 0;

	while (harness_now_ms() < deadline && msgs < want) {
		struct link_msg *head, *m;
		size_t k;
		link_take(l, 50, 64, &head, &k);
		for (m = head; m; m = m->next) {
			const char *code = roster_photo_code(m->topic, "sct-bentre");
			size_t i;
			if (!code)
				continue;
			msgs++;
			for (i = 0; i < n && strcmp(got[i].code, code) != 0; i++)
				;
			if (i == n) {
				assert_true(n < cap);
				snprintf(got[n++].code, sizeof got[0].code, "%s", code);
			}
			free(got[i].bytes);
			got[i].bytes = malloc(m->len ? m->len : 1);
			memcpy(got[i].bytes, m->payload, m->len);
			got[i].len = m->len;
			got[i].retain = m->retain;
		}
		link_msgs_free(head);
	}
	return n;
}

static const struct photo_got *photo_of(const struct photo_got *got, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(got[i].code, code) == 0)
			return &got[i];
	return NULL;
}

static void photos_free_got(struct photo_got *got, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(got[i].bytes);
	memset(got, 0, n * sizeof *got);
}

/* "Phó Trưởng phòng Quản lý thương mại", "Quầy 5 – Rượu, thuốc lá". */
#define TITLE_CB001 "Ph\xC3\xB3 Tr\xC6\xB0\xE1\xBB\x9Fng ph\xC3\xB2ng Qu\xE1\xBA\xA3n l\xC3\xBD th\xC6\xB0\xC6\xA1ng m\xE1\xBA\xA1i"
#define COUNTER_Q05 "Qu\xE1\xBA\xA7y 5 \xE2\x80\x93 R\xC6\xB0\xE1\xBB\xA3u, thu\xE1\xBB\x91" "c l\xC3\xA1"

static void photos_titles_and_counters_reach_the_terminals(void **state)
{
	struct stack *e = *state;
	static const char *const with_photo[] = { "cb001", "cb002", "cb003", "cb005", "cb008" };
	struct photo_got got[16] = { 0 };
	char out[300], off[300], pdir[300], newphoto[320], hash[ROSTER_PHOTO_HASH_LEN + 1];
	struct roster *r;
	struct link *l;
	size_t n, len;

	snprintf(out, sizeof out, "%s/photos.out", e->dir);
	assert_int_equal(run_agg(out, (char *[]){ "roster", "import", "--db", e->db, "--broker", e->broker.url,
						  (char *)sample("officers.csv"), (char *)sample("procedures.csv"),
						  (char *)sample("counters.csv"), NULL }), 0);
	expect_in(out, "imported 12 officers and 14 procedures into ");
	expect_in(out, "(5 photos, 6 counters)");
	expect_in(out, "published on hailong/v1/sct-bentre/roster: 12 officers, 14 procedures, 6 counters");
	expect_in(out, "published on hailong/v1/sct-bentre/photo/+: 5 photos (");

	/* The roster message names each officer's title and photo, and the counters. */
	r = retained_roster(e, "sct-bentre");
	assert_string_equal(roster_title(r, "cb001"), TITLE_CB001);
	assert_non_null(roster_title(r, "cb012"));
	assert_null(roster_photo(r, "cb004"));
	assert_string_equal(roster_name(r, ROSTER_COUNTER, "q05"), COUNTER_Q05);
	assert_int_equal(r->n[ROSTER_COUNTER], 6);

	/* A terminal that subscribes now gets every photo, retained, the very bytes of the files, and
	 * each one's hash is the one the roster names. */
	l = client(e, "hailong/v1/sct-bentre/photo/+");
	n = photos_received(l, got, 16, 5, 5000);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < 5; i++) {
		char name[64];
		const struct photo_got *g = photo_of(got, n, with_photo[i]);
		snprintf(name, sizeof name, "photos/%s.png", with_photo[i]);
		unsigned char *want = file_bytes(sample(name), &len);
		assert_non_null(g);
		assert_true(g->retain);
		assert_int_equal(g->len, len);
		assert_memory_equal(g->bytes, want, len);
		roster_photo_hash(want, len, hash);
		assert_string_equal(roster_photo(r, with_photo[i]), hash);
		free(want);
	}
	roster_free(r);
	photos_free_got(got, n);

	/* A new roster: cb001 has a new photo, the others none. The connected terminal gets the new
	 * picture and an empty message for each photo gone ... */
	snprintf(pdir, sizeof pdir, "%s/p", e->dir);
	assert_int_equal(mkdir(pdir, 0755), 0);
	snprintf(newphoto, sizeof newphoto, "%s/cb001.jpg", pdir);
	static const unsigned char jpeg[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
					      0xFF, 0xD9 };
	FILE *f = fopen(newphoto, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(jpeg, 1, sizeof jpeg, f), sizeof jpeg);
	fclose(f);
	snprintf(off, sizeof off, "%s/officers.csv", e->dir);
	write_file(off, "site,code,name,photo\nsct-bentre,cb001," NAME_AU ",p/cb001.jpg\nsct-bentre,cb002," NAME_MY ",\n");
	assert_int_equal(run_agg(out, (char *[]){ "roster", "import", "--db", e->db, "--broker", e->broker.url, off,
						  (char *)sample("procedures.csv"), NULL }), 0);
	expect_in(out, "published on hailong/v1/sct-bentre/roster: 2 officers, 14 procedures, 6 counters");
	expect_in(out, "1 photo (22 bytes), 4 removed");
	n = photos_received(l, got, 16, 5, 5000);
	assert_int_equal(photo_of(got, n, "cb001")->len, sizeof jpeg);
	assert_memory_equal(photo_of(got, n, "cb001")->bytes, jpeg, sizeof jpeg);
	for (size_t i = 1; i < 5; i++) {
		const struct photo_got *g = photo_of(got, n, with_photo[i]);
		assert_non_null(g);
		assert_int_equal(g->len, 0);
	}
	photos_free_got(got, n);
	link_stop(l, NULL);
	/* ... and a terminal that comes later finds only cb001's. */
	l = client(e, "hailong/v1/sct-bentre/photo/+");
	n = photos_received(l, got, 16, 6, 1500);
	assert_int_equal(n, 1);
	assert_string_equal(got[0].code, "cb001");
	assert_int_equal(got[0].len, sizeof jpeg);
	photos_free_got(got, n);
	link_stop(l, NULL);
	r = retained_roster(e, "sct-bentre");
	roster_photo_hash(jpeg, sizeof jpeg, hash);
	assert_string_equal(roster_photo(r, "cb001"), hash);
	assert_null(roster_photo(r, "cb002"));
	assert_string_equal(roster_name(r, ROSTER_COUNTER, "q05"), COUNTER_Q05); /* no counters file: kept */
	roster_free(r);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM roster_photo"), 1);

	/* Publishing again sends the photo again and has nothing left to remove. */
	assert_int_equal(run_agg(out, (char *[]){ "roster", "publish", "--db", e->db, "--broker", e->broker.url, NULL }), 0);
	expect_in(out, "1 photo (22 bytes), 0 removed");

	/* A photo that cannot be read is a fault of its line, and nothing changes. */
	write_file(off, "site,code,name,photo\nsct-bentre,cb001," NAME_AU ",p/none.png\nsct-bentre,cb002," NAME_MY ",p\n");
	assert_int_equal(run_agg(out, (char *[]){ "roster", "import", "--db", e->db, "--broker", e->broker.url, off,
						  (char *)sample("procedures.csv"), NULL }), 1);
	char want[400];
	snprintf(want, sizeof want, "%s:2: photo 'p/none.png' cannot be opened: No such file or directory", off);
	expect_in(out, want);
	snprintf(want, sizeof want, "%s:3: photo 'p' is not a file", off);
	expect_in(out, want);
	expect_in(out, "nothing imported");
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM roster_photo"), 1);
	l = client(e, "hailong/v1/sct-bentre/photo/+");
	n = photos_received(l, got, 16, 2, 1500);
	assert_int_equal(n, 1);
	assert_int_equal(got[0].len, sizeof jpeg);
	photos_free_got(got, n);
	link_stop(l, NULL);
}

static void a_dropped_site_is_published_empty(void **state)
{
	struct stack *e = *state;
	char out[300], off[300], proc[300];
	struct roster *r;

	snprintf(out, sizeof out, "%s/import.out", e->dir);
	snprintf(off, sizeof off, "%s/officers.csv", e->dir);
	snprintf(proc, sizeof proc, "%s/procedures.csv", e->dir);
	/* CRLF and a BOM, as Excel's "CSV UTF-8" writes them. */
	write_file(off, "\xEF\xBB\xBFsite,code,name\r\nsct-bentre,cb001," NAME_AU "\r\nsct-vinhlong,cb001," NAME_MY "\r\n");
	write_file(proc, "code,name\r\n2.000204,\"  " PROC_XANG " \"\r\n");
	assert_int_equal(run_agg(out, (char *[]){ "roster", "import", "--db", e->db, "--broker", e->broker.url, off, proc, NULL }), 0);
	r = retained_roster(e, "sct-vinhlong");
	assert_int_equal(r->n[ROSTER_OFFICER], 1);
	/* Names are trimmed. */
	assert_string_equal(roster_name(r, ROSTER_PROCEDURE, "2.000204"), PROC_XANG);
	roster_free(r);

	write_file(off, "site,code,name\nsct-bentre,cb001," NAME_AU "\n");
	assert_int_equal(run_agg(out, (char *[]){ "roster", "import", "--db", e->db, "--broker", e->broker.url, off, proc, NULL }), 0);
	expect_in(out, "published on hailong/v1/sct-vinhlong/roster: 0 officers, 1 procedure");
	r = retained_roster(e, "sct-vinhlong");
	assert_int_equal(r->n[ROSTER_OFFICER], 0);
	assert_int_equal(r->n[ROSTER_PROCEDURE], 1);
	roster_free(r);
	r = retained_roster(e, "sct-bentre");
	assert_string_equal(roster_name(r, ROSTER_OFFICER, "cb001"), NAME_AU);
	roster_free(r);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM roster_officer"), 1);
}

struct bad_case {
	const char *officers, *procedures; /* NULL: the shipped sample */
	const char *want[3];               /* in the output, after "<dir>/" */
};

static void bad_files_change_nothing(void **state)
{
	struct stack *e = *state;
	char out[300], dir[300], off[400], proc[400], want[600];
	static const struct bad_case cases[] = {
		{ "site,code,name\nsct-bentre,cb001,A\nsct-bentre,cb 12,B\n", NULL,
		  { "officers.csv:3: code 'cb 12' must match [A-Za-z0-9._-]{1,32}" } },
		{ "site,code,name\nsct-bentre,cb001,A\nsct-bentre,cb002,B\nsct-bentre,cb001,C\n", NULL,
		  { "officers.csv:4: officer 'cb001' of site 'sct-bentre' is also on line 2" } },
		{ NULL, "code,name\n1.001234,A\n2.000204,B\n1.001234,C\n",
		  { "procedures.csv:4: procedure '1.001234' is also on line 2" } },
		{ "site,code,name\nsct-bentre,cb001," NFD_NGUYEN " Van A\n", NULL,
		  { "officers.csv:2: name '" NFD_NGUYEN " Van A' is decomposed Vietnamese (NFD); save the file as NFC" } },
		{ "ma,ho ten\ncb001,A\n", NULL, { "officers.csv:1: the header must be 'site,code,name' (title and photo may follow), not 'ma,ho ten'" } },
		{ "site,code,name\nsct-bentre,cb001,A\nsct-bentre,cb002,\"B\nsct-bentre,cb003,C\n", NULL,
		  { "officers.csv:3: unterminated quote" } },
		{ "site,code,name\nsct-bentre,cb001,\"A\"B\n", NULL, { "officers.csv:2: text after closing quote" } },
		/* Every fault of both files, each with its line. */
		{ "site,code,name\nSCT Ben Tre,cb001,A\nsct-bentre,cb002\nsct-bentre,cb003,\n"
		  "sct-bentre,cb004,Tr\xE1\xBA n\n",
		  "code,name\n,A\n",
		  { "officers.csv:2: site 'SCT Ben Tre' must match [a-z0-9-]{1,32}",
		    "officers.csv:3: 2 fields, expected 3 (site,code,name)", "procedures.csv:2: code is empty" } },
		{ "site,code,name\nsct-bentre,cb003,\nsct-bentre,cb004,Tr\xE1\xBA n\n", NULL,
		  { "officers.csv:2: name is empty", "officers.csv:3: name 'Tr\\xE1\\xBA n' is not UTF-8 text" } },
		/* The files in the wrong order. */
		{ "code,name\n1.1,A\n", "site,code,name\ns,c,n\n",
		  { "officers.csv:1: the header must be 'site,code,name' (title and photo may follow), not 'code,name' (give "
		    "the officers file first" } },
		{ "site,code,name\n", NULL, { "officers.csv: no officers after the header" } },
		{ "", NULL, { "officers.csv: the file is empty" } },
	};

	snprintf(out, sizeof out, "%s/import.out", e->dir);
	import_sample(e, out, true);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct bad_case *c = &cases[i];
		snprintf(dir, sizeof dir, "%s/bad%zu", e->dir, i);
		assert_int_equal(mkdir(dir, 0755), 0);
		snprintf(off, sizeof off, "%s/officers.csv", dir);
		snprintf(proc, sizeof proc, "%s/procedures.csv", dir);
		if (c->officers)
			write_file(off, c->officers);
		if (c->procedures)
			write_file(proc, c->procedures);
		char *args[] = { "roster", "import", "--db", e->db, "--broker", e->broker.url,
				 c->officers ? off : (char *)sample("officers.csv"),
				 c->procedures ? proc : (char *)sample("procedures.csv"), NULL };
		if (run_agg(out, args) != 1)
			fail_msg("case %zu: not exit 1", i);
		for (int k = 0; k < 3 && c->want[k]; k++) {
			snprintf(want, sizeof want, "%s/%s", dir, c->want[k]);
			expect_in(out, want);
		}
		expect_in(out, "nothing imported");
		assert_false(harness_file_has(out, "published"));
		expect_sample_stored(e);
	}
	/* Many faults: twenty are listed, the rest counted. */
	{
		char text[4096] = "site,code,name\n";
		for (int i = 0; i < 25; i++)
			strcat(text, "sct-bentre,cb 1,A\n");
		snprintf(off, sizeof off, "%s/many.csv", e->dir);
		write_file(off, text);
		assert_int_equal(run_agg(out, (char *[]){ "roster", "import", "--db", e->db, off, (char *)sample("procedures.csv"), NULL }), 1);
		snprintf(want, sizeof want, "%s:21: code 'cb 1'", off);
		expect_in(out, want);
		snprintf(want, sizeof want, "%s:22: code", off);
		assert_false(harness_file_has(out, want));
		expect_in(out, "5 more errors not shown");
		expect_in(out, "25 errors; nothing imported");
	}
	/* A missing file. */
	assert_int_equal(run_agg(out, (char *[]){ "roster", "import", "--db", e->db, "/nonexistent/officers.csv",
						  (char *)sample("procedures.csv"), NULL }), 1);
	expect_in(out, "/nonexistent/officers.csv: cannot open: No such file or directory");
	expect_sample_stored(e);

	/* And the terminals still have the sample. */
	struct roster *r = retained_roster(e, "sct-bentre");
	assert_int_equal(r->n[ROSTER_OFFICER], 12);
	assert_int_equal(r->n[ROSTER_PROCEDURE], 14);
	roster_free(r);
}

static void session_open_then_close(void **state)
{
	struct stack *e = *state;
	const char *topic = "hailong/v1/sct-bentre/q05/session";
	char out[300];
	struct link *l;
	struct link_msg *m;
	struct wire_session s;
	int64_t now = (int64_t)time(NULL);

	snprintf(out, sizeof out, "%s/session.out", e->dir);
	setenv("TZ", "Asia/Tokyo", 1); /* the machine's zone must not matter */
	assert_int_equal(run_agg(out, (char *[]){ "session", "open", "--broker", e->broker.url, "--site", "sct-bentre",
						  "--counter", "q05", "--officer", "cb002", "--procedure", "2.000204",
						  "--expires-in", "30", NULL }), 0);
	unsetenv("TZ");
	expect_in(out, "session open on hailong/v1/sct-bentre/q05/session: officer cb002, procedure 2.000204, until ");

	/* A terminal that connects now gets it: retained, and what wire_session_decode reads. */
	l = client(e, topic);
	m = next_msg(l, topic, 5000);
	assert_non_null(m);
	assert_true(m->retain);
	assert_int_equal(wire_session_decode(m->payload, m->len, &s), HL_OK);
	assert_string_equal(s.officer, "cb002");
	assert_string_equal(s.procedure, "2.000204");
	assert_true(s.expires >= now + 30 * 60 && s.expires <= (int64_t)time(NULL) + 30 * 60);
	/* One transaction, named by a new UUID, said on the command's line too; nobody named on duty. */
	assert_true(s.transaction);
	assert_true(uuid_valid(s.txn));
	assert_string_equal(s.duty, "");
	char said[80];
	snprintf(said, sizeof said, "(transaction %s)", s.txn);
	expect_in(out, said);
	/* Until when: the sites' local time (+07 by default) with its zone, as `rejected` and `flags` say
	 * it, not the machine's zone. */
	char until[64];
	time_t local = (time_t)(s.expires + 7 * 3600);
	struct tm tm;
	gmtime_r(&local, &tm);
	strftime(until, sizeof until, "until %Y-%m-%d %H:%M +07 (transaction", &tm);
	expect_in(out, until);
	link_msgs_free(m);

	/* Close: the connected terminal receives the empty message that clears the session ... */
	assert_int_equal(run_agg(out, (char *[]){ "session", "close", "--broker", e->broker.url, "--site", "sct-bentre",
						  "--counter", "q05", NULL }), 0);
	expect_in(out, "session closed on hailong/v1/sct-bentre/q05/session");
	m = next_msg(l, topic, 5000);
	assert_non_null(m);
	assert_int_equal(m->len, 0);
	assert_int_equal(wire_session_decode(m->payload, m->len, &s), HL_ERR_NOTFOUND);
	link_msgs_free(m);
	link_stop(l, NULL);
	/* ... and nothing is retained for the next one. */
	l = client(e, topic);
	m = next_msg(l, topic, 1000);
	assert_null(m);
	link_stop(l, NULL);

	/* Without expiry; and checked against the stored roster with --db. */
	assert_int_equal(run_agg(out, (char *[]){ "session", "open", "--broker", e->broker.url, "--site", "sct-bentre",
						  "--counter", "q01", "--officer", "cb-X.9", "--procedure", "1.001234",
						  "--expires-in", "0", NULL }), 0);
	expect_in(out, "until closed");
	l = client(e, "hailong/v1/sct-bentre/q01/session");
	m = next_msg(l, "hailong/v1/sct-bentre/q01/session", 5000);
	assert_non_null(m);
	assert_int_equal(wire_session_decode(m->payload, m->len, &s), HL_OK);
	assert_string_equal(s.officer, "cb-X.9");
	assert_int_equal(s.expires, 0);
	link_msgs_free(m);
	link_stop(l, NULL);

	/* The caller's id, and the officer on duty kept in the message. */
	assert_int_equal(run_agg(out, (char *[]){ "session", "open", "--broker", e->broker.url, "--site", "sct-bentre",
						  "--counter", "q01", "--officer", "cb002", "--procedure", "2.000204",
						  "--txn", "mc-2026.0042", "--duty", "cb001", NULL }), 0);
	expect_in(out, "(transaction mc-2026.0042, on duty cb001)");
	l = client(e, "hailong/v1/sct-bentre/q01/session");
	m = next_msg(l, "hailong/v1/sct-bentre/q01/session", 5000);
	assert_non_null(m);
	assert_int_equal(wire_session_decode(m->payload, m->len, &s), HL_OK);
	assert_true(s.transaction);
	assert_string_equal(s.txn, "mc-2026.0042");
	assert_string_equal(s.officer, "cb002");
	assert_string_equal(s.duty, "cb001");
	link_msgs_free(m);

	/* Between transactions: the officer on duty alone, what a terminal then reads ... */
	assert_int_equal(run_agg(out, (char *[]){ "session", "duty", "--broker", e->broker.url, "--site", "sct-bentre",
						  "--counter", "q01", "--officer", "cb003", NULL }), 0);
	expect_in(out, "on duty on hailong/v1/sct-bentre/q01/session: officer cb003 (no transaction open)");
	m = next_msg(l, "hailong/v1/sct-bentre/q01/session", 5000);
	assert_non_null(m);
	assert_true(m->len > 0);
	assert_int_equal(wire_session_decode(m->payload, m->len, &s), HL_OK);
	assert_false(s.transaction);
	assert_string_equal(s.duty, "cb003");
	assert_string_equal(s.officer, "");
	assert_string_equal(s.txn, "");
	link_msgs_free(m);
	link_stop(l, NULL);
	/* ... and one that connects later. */
	l = client(e, "hailong/v1/sct-bentre/q01/session");
	m = next_msg(l, "hailong/v1/sct-bentre/q01/session", 5000);
	assert_non_null(m);
	assert_true(m->retain);
	assert_int_equal(wire_session_decode(m->payload, m->len, &s), HL_OK);
	assert_string_equal(s.duty, "cb003");
	link_msgs_free(m);
	link_stop(l, NULL);
	/* --none: nobody, nothing retained. */
	assert_int_equal(run_agg(out, (char *[]){ "session", "duty", "--broker", e->broker.url, "--site", "sct-bentre",
						  "--counter", "q01", "--none", NULL }), 0);
	expect_in(out, "nobody on duty on hailong/v1/sct-bentre/q01/session");
	l = client(e, "hailong/v1/sct-bentre/q01/session");
	m = next_msg(l, "hailong/v1/sct-bentre/q01/session", 1000);
	assert_null(m);
	link_stop(l, NULL);

	import_sample(e, out, false);
	assert_int_equal(run_agg(out, (char *[]){ "session", "duty", "--broker", e->broker.url, "--site", "sct-bentre",
						  "--counter", "q01", "--officer", "cb999", "--db", e->db, NULL }), 1);
	expect_in(out, "officer 'cb999' is not in the roster of site sct-bentre");
	assert_int_equal(run_agg(out, (char *[]){ "session", "open", "--broker", e->broker.url, "--site", "sct-bentre",
						  "--counter", "q05", "--officer", "cb012", "--procedure", "2.000003",
						  "--duty", "cb998", "--db", e->db, NULL }), 1);
	expect_in(out, "officer 'cb998' is not in the roster of site sct-bentre");
	assert_int_equal(run_agg(out, (char *[]){ "session", "open", "--broker", e->broker.url, "--site", "sct-bentre",
						  "--counter", "q05", "--officer", "cb999", "--procedure", "9.999999",
						  "--db", e->db, NULL }), 1);
	expect_in(out, "officer 'cb999' is not in the roster of site sct-bentre");
	expect_in(out, "procedure '9.999999' is not in the roster");
	assert_int_equal(run_agg(out, (char *[]){ "session", "open", "--broker", e->broker.url, "--site", "sct-bentre",
						  "--counter", "q05", "--officer", "cb012", "--procedure", "2.000003",
						  "--db", e->db, NULL }), 0);
}

static void bad_usage_exits_2(void **state)
{
	struct stack *e = *state;
	char out[300];
	char *url = e->broker.url, *db = e->db;
	static const struct {
		char *args[16];
		const char *msg;
	} cases[] = {
		{ { "roster", NULL }, "which action?" },
		{ { "roster", "frob", NULL }, "unknown action 'frob'" },
		{ { "roster", "import", "--db", NULL, "only-one.csv", NULL }, "needs OFFICERS.csv and PROCEDURES.csv" },
		{ { "roster", "import", "--db", NULL, "a", "b", "c", "d", NULL }, "takes two or three files" },
		{ { "roster", "show", "--db", NULL, "--site", "Ben Tre", NULL }, "--site 'Ben Tre' must match" },
		{ { "roster", "show", "--db", NULL, "--counter", "q05", NULL }, "--counter does not apply to 'show'" },
		{ { "roster", "publish", "--db", NULL, "--broker", "http://x", NULL }, "--broker 'http://x' is not mqtt[s]://" },
		{ { "roster", "show", "--bogus", NULL }, "unrecognized option '--bogus'" },
		{ { "session", NULL }, "which action?" },
		{ { "session", "opne", NULL }, "unknown action 'opne'" },
		{ { "session", "open", "--broker", NULL, "--site", "sct-bentre", "--counter", "q05", "--procedure", "1.1", NULL },
		  "--officer is required" },
		{ { "session", "open", "--site", "sct-bentre", "--counter", "q05", "--officer", "a", "--procedure", "b", NULL },
		  "--broker mqtts://HOST:PORT (or -c FILE) is required" },
		{ { "session", "open", "--broker", NULL, "--site", "sct-bentre", "--counter", "Q05", NULL },
		  "--counter 'Q05' must match [a-z0-9-]{1,32}" },
		{ { "session", "open", "--broker", NULL, "--site", "sct-bentre", "--counter", "q05", "--officer", "cb 1", NULL },
		  "--officer 'cb 1' must match [A-Za-z0-9._-]{1,32}" },
		{ { "session", "open", "--broker", NULL, "--site", "sct-bentre", "--counter", "q05", "--officer", "", NULL },
		  "--officer '' must match" },
		{ { "session", "open", "--broker", NULL, "--site", "sct-bentre", "--counter", "q05", "--officer", "a",
		    "--procedure", "b", "--expires-in", "-5", NULL }, "--expires-in '-5' must be minutes" },
		{ { "session", "close", "--broker", NULL, "--site", "sct-bentre", NULL }, "--counter is required" },
		{ { "session", "close", "--broker", NULL, "--site", "sct-bentre", "--counter", "q05", "--officer", "a", NULL },
		  "--officer does not apply to 'close'" },
		{ { "session", "close", "--broker", NULL, "--site", "sct-bentre", "--counter", "q05", "extra", NULL },
		  "unexpected argument 'extra'" },
		{ { "session", "open", "--broker", NULL, "--site", "sct-bentre", "--counter", "q05", "--officer", "a",
		    "--procedure", "b", "--txn", "hs 12", NULL }, "--txn 'hs 12' must match [A-Za-z0-9._-]{1,36}" },
		{ { "session", "open", "--broker", NULL, "--site", "sct-bentre", "--counter", "q05", "--officer", "a",
		    "--procedure", "b", "--txn", "0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c11x", NULL }, "--txn '0d9f8e0c" },
		{ { "session", "open", "--broker", NULL, "--site", "sct-bentre", "--counter", "q05", "--officer", "a",
		    "--procedure", "b", "--duty", "cb 1", NULL }, "--duty 'cb 1' must match" },
		{ { "session", "open", "--broker", NULL, "--site", "sct-bentre", "--counter", "q05", "--officer", "a",
		    "--procedure", "b", "--none", NULL }, "--none does not apply to 'open'" },
		{ { "session", "duty", "--broker", NULL, "--site", "sct-bentre", "--counter", "q05", NULL },
		  "--officer CODE (or --none) is required" },
		{ { "session", "duty", "--broker", NULL, "--site", "sct-bentre", "--counter", "q05", "--officer", "a",
		    "--none", NULL }, "--officer and --none exclude each other" },
		{ { "session", "duty", "--broker", NULL, "--site", "sct-bentre", "--counter", "q05", "--procedure", "b",
		    NULL }, "--procedure does not apply to 'duty'" },
		{ { "session", "duty", "--broker", NULL, "--counter", "q05", "--none", NULL }, "--site is required" },
		{ { "session", "close", "--broker", NULL, "--site", "sct-bentre", "--counter", "q05", "--txn", "w1", NULL },
		  "--txn does not apply to 'close'" },
	};

	snprintf(out, sizeof out, "%s/usage.out", e->dir);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *args[16];
		memcpy(args, cases[i].args, sizeof args);
		/* NULL right after --db or --broker stands for this test's database or broker. */
		for (int k = 1; k < 15 && args[k - 1]; k++)
			if (!args[k] && (strcmp(args[k - 1], "--db") == 0 || strcmp(args[k - 1], "--broker") == 0))
				args[k] = strcmp(args[k - 1], "--db") == 0 ? db : url;
		int rc = run_agg(out, args);
		if (rc != 2)
			fail_msg("case %zu (%s %s): exit %d, not 2", i, args[0], args[1] ? args[1] : "", rc);
		expect_in(out, cases[i].msg);
		/* Where to read more, not the whole usage burying the one line that matters. */
		expect_in(out, "see 'hailong-aggregator ");
		if (harness_file_has(out, "Usage:"))
			fail_msg("case %zu (%s %s) dumps the whole usage", i, args[0], args[1] ? args[1] : "");
	}
	assert_int_equal(run_agg(out, (char *[]){ "roster", "--help", NULL }), 0);
	expect_in(out, "roster import");
	assert_int_equal(run_agg(out, (char *[]){ "session", "open", "--help", NULL }), 0);
	expect_in(out, "--expires-in MINUTES");
	expect_in(out, "session duty");
	expect_in(out, "[--txn ID] [--duty CODE]");
	assert_int_equal(run_agg(out, (char *[]){ "--help", NULL }), 0);
	expect_in(out, "session    open or close a counter's transaction, or name its officer on duty");
}

static void an_absent_broker_fails_in_bounded_time(void **state)
{
	struct stack *e = *state;
	char out[300], url[64];
	int64_t t0;

	snprintf(out, sizeof out, "%s/absent.out", e->dir);
	snprintf(url, sizeof url, "mqtt://127.0.0.1:%d", harness_free_port());
	t0 = harness_now_ms();
	assert_int_equal(run_agg(out, (char *[]){ "session", "open", "--broker", url, "--site", "sct-bentre", "--counter",
						  "q05", "--officer", "a", "--procedure", "b", "--timeout", "2", NULL }), 1);
	assert_true(harness_now_ms() - t0 < 10000);
	expect_in(out, "cannot reach the broker at ");
	expect_in(out, "within 2 s");

	/* The import itself is kept; only the publishing failed, and the message says so. */
	assert_int_equal(run_agg(out, (char *[]){ "roster", "import", "--db", e->db, "--broker", url, "--timeout", "1",
						  (char *)sample("officers.csv"), (char *)sample("procedures.csv"), NULL }), 1);
	expect_in(out, "imported 12 officers");
	expect_in(out, "imported but not published; run 'roster publish'");
	expect_sample_stored(e);
	assert_int_equal(run_agg(out, (char *[]){ "roster", "publish", "--db", e->db, "--broker", e->broker.url, NULL }), 0);
	expect_in(out, "published on hailong/v1/sct-bentre/roster: 12 officers, 14 procedures");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(sample_import_publishes_a_roster_terminals_accept, stack_setup, stack_teardown),
		cmocka_unit_test_setup_teardown(a_dropped_site_is_published_empty, stack_setup, stack_teardown),
		cmocka_unit_test_setup_teardown(photos_titles_and_counters_reach_the_terminals, stack_setup, stack_teardown),
		cmocka_unit_test_setup_teardown(bad_files_change_nothing, stack_setup, stack_teardown),
		cmocka_unit_test_setup_teardown(session_open_then_close, stack_setup, stack_teardown),
		cmocka_unit_test_setup_teardown(bad_usage_exits_2, stack_setup, stack_teardown),
		cmocka_unit_test_setup_teardown(an_absent_broker_fails_in_bounded_time, stack_setup, stack_teardown),
	};
	return cmocka_run_group_tests_name("it_roster", tests, NULL, NULL);
}
