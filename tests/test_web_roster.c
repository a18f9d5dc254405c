/* SPDX-License-Identifier: MIT
 * test_web_roster.c — Danh mục's upload and publish with officers' titles and photos and counters'
 * names, through web_dispatch over a real store with a fake publisher: an officers' file with a title
 * column and a counters' file are stored, shown on the page and published in the roster message the
 * command sends; without a counters' file the stored names stay. An upload carries no picture: a
 * photo column that names the file an officer's stored photo was imported from keeps that photo (and
 * publishing sends it, retained, on the officer's photo topic), any other file name is a fault of its
 * line that says photos are imported with `roster import` on the server and stores nothing, and an
 * empty cell removes the photo — the next publish empties its topic. */
#include "hl.h"
#include "http.h"
#include "roster.h"
#include "roster_pub.h"
#include "store.h"
#include "store_roster.h"
#include "store_users.h"
#include "web.h"
#include "web_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fake_png.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0       1780000000
#define VN       25200
#define A        "sct-bentre"

struct fixture {
	WEB_FIXTURE;
	struct who admin;
	unsigned char photo[600];
	char hash[ROSTER_PHOTO_HASH_LEN + 1];
};

/* The store holds cb0123 with a photo imported (on the server) from photos/cb0123.png. */
static int setup(void **state)
{
	struct fixture *f = web_fixture_new(sizeof *f, NULL, VN);
	struct store_officer off[] = { { .site = A, .e = { .code = "cb0123", .name = "Nguyễn Văn An" } },
				       { .site = A, .e = { .code = "cb0456", .name = "Trần Thị Bình" } } };
	struct roster_entry procs[] = { { .code = "1.001234", .name = "Cấp giấy phép xây dựng" } };
	struct store_officer ctr[] = { { .site = A, .e = { .code = "q05", .name = "Quầy 5 – Rượu, thuốc lá" } } };
	struct store_officer_info info[2] = { { .title = "Chuyên viên" } };

	if (!f)
		return -1;
	f->now = T0 + 600;
	fake_png_fill(f->photo, sizeof f->photo, 0x42);
	roster_photo_hash(f->photo, sizeof f->photo, f->hash);
	info[0].bytes = f->photo;
	info[0].len = sizeof f->photo;
	snprintf(info[0].photo_file, sizeof info[0].photo_file, "photos/cb0123.png");
	struct store_roster_in in = { .officers = off, .info = info, .nofficers = 2, .procedures = procs, .nprocedures = 1,
				      .counters = ctr, .ncounters = 1, .counters_given = true };
	assert_int_equal(store_roster_put(f->s, &in), HL_OK);
	web_fixture_user(&f->wf, "quantri", ROLE_ADMIN, NULL, NULL, T0, &f->admin);
	*state = f;
	return 0;
}

/* The upload's three files (NULL: not sent). */
struct parts {
	const char *texts[3];
};

static struct parts parts(const char *officers, const char *procedures, const char *counters)
{
	return (struct parts){ { officers, procedures, counters } };
}

static void upload(struct fixture *f, struct parts body, struct http_response *rs)
{
	static const char *const names[3] = { "officers", "procedures", "counters" };

	web_fixture_roster_upload(&f->wf, &f->admin, names, body.texts, rs);
}

static struct roster *stored(struct fixture *f)
{
	struct roster *r;

	assert_int_equal(store_roster_load(f->s, A, &r), HL_OK);
	return r;
}

/* The i-th message published: on topic, retained. */
static const struct web_fixture_sent *sent(struct fixture *f, int i, const char *topic)
{
	assert_true(i < f->nsent);
	assert_string_equal(f->sent[i].topic, topic);
	assert_true(f->sent[i].retain);
	return &f->sent[i];
}

static void titles_and_counters_are_stored_shown_and_published(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct parts body = parts("site,code,name,title\n" A ",cb0123,Nguyễn Văn An,Phó Trưởng phòng\n" A
			       ",cb0789,Phạm Thu Hà,  Chuyên viên chính \n",
			       "code,name\n1.001234,Cấp giấy phép xây dựng\n",
			       "site,code,name\n" A ",q01,Quầy 1 – Thương mại\n" A ",q02,\"Quầy 2 – Xăng dầu, khí\"\n");
	struct roster *r;
	char *want;
	size_t wlen;

	upload(f, body, &rs);
	if (rs.status != 200)
		fprintf(stderr, "%s\n", rs.body.p);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "Tên 2 quầy."));
	http_response_free(&rs);

	r = stored(f);
	assert_string_equal(roster_title(r, "cb0123"), "Phó Trưởng phòng");
	assert_string_equal(roster_title(r, "cb0789"), "Chuyên viên chính");
	assert_null(roster_photo(r, "cb0123")); /* the file had no photo column: the photo goes */
	assert_int_equal(r->n[ROSTER_COUNTER], 2);
	assert_string_equal(roster_name(r, ROSTER_COUNTER, "q02"), "Quầy 2 – Xăng dầu, khí");
	assert_null(roster_name(r, ROSTER_COUNTER, "q05"));
	/* Published: the bytes `roster publish` sends, with the titles and the counters. */
	assert_int_equal(roster_pub_encode(r, &want, &wlen), HL_OK);
	roster_free(r);
	const struct web_fixture_sent *m = sent(f, 0, "hailong/v1/" A "/roster");
	assert_int_equal(m->len, wlen);
	assert_memory_equal(m->payload, want, wlen);
	assert_non_null(strstr(m->payload, "\"title\":\"Phó Trưởng phòng\""));
	assert_non_null(strstr(m->payload, "\"counters\":[{\"code\":\"q01\""));
	free(want);
	assert_int_equal(f->nsent, 1); /* no photo to send, none sent before to take back */

	/* The page: a title column, the counters' table. */
	web_fixture_run(&f->wf, &(struct web_fixture_req){ .method = HTTP_GET, .path = "/danh-muc", .who = &f->admin }, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "<th>Chức danh</th>"));
	assert_true(has(&rs, "<td>Phó Trưởng phòng</td>"));
	assert_true(has(&rs, "id=\"roster-counters\""));
	assert_true(has(&rs, "Quầy 1 – Thương mại"));
	assert_true(has(&rs, "name=\"counters\""));
	http_response_free(&rs);

	/* Without a counters file the stored names stay. */
	body = parts("site,code,name\n" A ",cb0123,Nguyễn Văn An\n", "code,name\n1.001234,Cấp giấy phép xây dựng\n",
			 NULL);
	upload(f, body, &rs);
	assert_int_equal(rs.status, 200);
	http_response_free(&rs);
	r = stored(f);
	assert_int_equal(r->n[ROSTER_COUNTER], 2);
	assert_null(roster_title(r, "cb0123"));
	roster_free(r);
}

static void a_photo_is_kept_by_its_file_name_and_published(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct parts body = parts("site,code,name,title,photo\n" A ",cb0123,Nguyễn Văn An,Chuyên viên,photos/cb0123.png\n" A
			       ",cb0456,Trần Thị Bình,,\n",
			       "code,name\n1.001234,Cấp giấy phép xây dựng\n", NULL);
	struct roster *r;

	/* The page marks the stored photo. */
	web_fixture_run(&f->wf, &(struct web_fixture_req){ .method = HTTP_GET, .path = "/danh-muc", .who = &f->admin }, &rs);
	assert_true(has(&rs, "title=\""));
	assert_true(has(&rs, f->hash));
	assert_true(has(&rs, "có ảnh"));
	assert_true(has(&rs, "roster import"));
	http_response_free(&rs);

	upload(f, body, &rs);
	if (rs.status != 200)
		fprintf(stderr, "%s\n", rs.body.p);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "Giữ 1 ảnh đã lưu."));
	assert_true(has(&rs, "1 ảnh ("));
	http_response_free(&rs);
	r = stored(f);
	assert_string_equal(roster_photo(r, "cb0123"), f->hash);
	assert_string_equal(roster_name(r, ROSTER_COUNTER, "q05"), "Quầy 5 – Rượu, thuốc lá");
	roster_free(r);
	/* The roster, then the photo itself, retained on the officer's topic. */
	assert_int_equal(f->nsent, 2);
	assert_non_null(strstr(sent(f, 0, "hailong/v1/" A "/roster")->payload, f->hash));
	const struct web_fixture_sent *p = sent(f, 1, "hailong/v1/" A "/photo/cb0123");
	assert_int_equal(p->len, sizeof f->photo);
	assert_memory_equal(p->payload, f->photo, sizeof f->photo);

	/* Another file name cannot be read from here: a fault of its line, and nothing changes. */
	body = parts("site,code,name,photo\n" A ",cb0123,Nguyễn Văn An,photos/new.png\n" A ",cb0456,Trần Thị Bình,\n",
			 "code,name\n1.001234,Cấp giấy phép xây dựng\n", NULL);
	upload(f, body, &rs);
	assert_int_equal(rs.status, 422);
	assert_true(has(&rs, "officers.csv:2: photo &#39;photos/new.png&#39; is not the photo stored for officer "
			     "&#39;cb0123&#39;"));
	assert_true(has(&rs, "hailong-aggregator roster import&#39; on the server"));
	http_response_free(&rs);
	r = stored(f);
	assert_string_equal(roster_photo(r, "cb0123"), f->hash);
	roster_free(r);
	assert_int_equal(f->nsent, 2);

	/* An empty cell removes the photo; publishing empties its topic, once. */
	body = parts("site,code,name,photo\n" A ",cb0123,Nguyễn Văn An,\n", "code,name\n1.001234,Cấp giấy phép xây dựng\n",
			 NULL);
	upload(f, body, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "1 ảnh gỡ bỏ"));
	http_response_free(&rs);
	r = stored(f);
	assert_null(roster_photo(r, "cb0123"));
	roster_free(r);
	assert_int_equal(f->nsent, 4);
	sent(f, 2, "hailong/v1/" A "/roster");
	assert_int_equal(sent(f, 3, "hailong/v1/" A "/photo/cb0123")->len, 0);
	web_fixture_run(&f->wf,
			&(struct web_fixture_req){ .method = HTTP_POST, .path = "/danh-muc/xuat-ban", .who = &f->admin,
						   .form = "site=" A, .csrf = true },
			&rs);
	assert_int_equal(rs.status, 200);
	http_response_free(&rs);
	assert_int_equal(f->nsent, 5); /* the roster only */
	sent(f, 4, "hailong/v1/" A "/roster");
}

static void a_failed_photo_publish_is_said(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;

	f->publish_rc = HL_ERR_NET;
	web_fixture_run(&f->wf,
			&(struct web_fixture_req){ .method = HTTP_POST, .path = "/danh-muc/xuat-ban", .who = &f->admin,
						   .form = "", .csrf = true },
			&rs);
	assert_int_equal(rs.status, 503);
	assert_true(has(&rs, "hailong/v1/" A "/roster: không gửi được"));
	http_response_free(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(titles_and_counters_are_stored_shown_and_published, setup,
						web_fixture_teardown),
		cmocka_unit_test_setup_teardown(a_photo_is_kept_by_its_file_name_and_published, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(a_failed_photo_publish_is_said, setup, web_fixture_teardown),
	};
	return cmocka_run_group_tests_name("web_roster", tests, NULL, NULL);
}
