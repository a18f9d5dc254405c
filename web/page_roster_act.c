/* SPDX-License-Identifier: MIT
 * page_roster_act.c — Danh mục's two actions, for admins. The upload of the CSV files (officers,
 * procedures and, optionally, counters and sites' names; without one of those two the stored names
 * stay) runs the checks of `hailong-aggregator roster import`
 * (sheet.c: every fault listed by file and line, and nothing stored while there is one; each site's
 * message must also fit what a terminal accepts), then replaces the stored roster in one transaction
 * and, with a broker, publishes it as `roster import -c` does; publishing sends each site's stored
 * roster and its officers' photos, retained, through roster_send.c, the same messages the command
 * sends. An upload carries no picture: an officers' file with a photo column keeps the photo already
 * stored for an officer when the column names the file it was imported from, and is refused for any
 * other file name (photos are imported with `roster import` on the server, which reads the files);
 * an empty photo cell removes the photo. Both are audited as the logged-in user and answer with the
 * page again (page_roster_page) with what happened at its top. Owns nothing beyond one request; the
 * SQL is in store_roster.c. */
#include "page_roster.h"

#include "hl.h"
#include "html.h"
#include "roster.h"
#include "roster_send.h"
#include "sheet.h"
#include "store_roster.h"
#include "store_users.h"
#include "topic.h"
#include "web.h"
#include "wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAULTS_SHOWN 100 /* faults listed per file; the rest counted */

/* A notice box: class "flash" or "flash error", a heading, then the caller's list. */
static void notice_open(struct buf *n, bool error, const char *id, const char *title)
{
	html_raw(n, error ? "<section class=\"flash error\" role=\"alert\" id=\"" : "<section class=\"flash\" id=\"");
	html_attr(n, id);
	html_raw(n, "\"><h2>");
	html_txt(n, title);
	html_raw(n, "</h2>");
}

/* ---- publishing ---------------------------------------------------------------------------------- */

static int send_web(void *ud, const char *topic, const void *body, size_t len, char *why, size_t cap)
{
	struct web_ctx *c = ud;

	return c->publish(c->publish_ud, topic, body, len, true, why, cap);
}

/* Publishes the stored roster of each site and its photos, retained, and lists what happened into n.
 * Returns how many sites failed (the first failure stops the rest, as the command does). */
static size_t publish_sites(struct web_ctx *c, const struct site_list *sites, struct buf *n)
{
	html_raw(n, "<ul id=\"roster-published\">");
	for (size_t i = 0; i < sites->n; i++) {
		const char *site = sites->v[i];
		struct roster_send_result res;
		int rc = roster_send_site(c->store, site, send_web, c, &res);

		char topic[HL_TOPIC_MAX];

		snprintf(topic, sizeof topic, TOPIC_PREFIX "%s/roster", site);
		html_raw(n, "<li>");
		if (rc == HL_OK) {
			html_txtf(n,
				  L(c, "%s: %zu cán bộ, %zu thủ tục, %zu quầy (%zu byte)",
				    "%s: %zu officers, %zu procedures, %zu counters (%zu bytes)"),
				  topic, res.officers, res.procedures, res.counters, res.bytes);
			if (res.photos || res.cleared)
				html_txtf(n, L(c, "; %zu ảnh (%zu byte), %zu ảnh gỡ bỏ", "; %zu photos (%zu bytes), %zu removed"),
					  res.photos, res.photo_bytes, res.cleared);
		} else if (res.step == ROSTER_SEND_ENCODE && rc == HL_ERR_RANGE) {
			html_txtf(n,
				  L(c, "%s: danh mục %zu byte, quá %d byte thiết bị nhận được",
				    "%s: the roster is %zu bytes, more than the %d a terminal accepts"),
				  site, res.bytes, ROSTER_BODY_MAX);
		} else if (res.step == ROSTER_SEND_DECODE) {
			/* The terminals' own decoder is the judge of what we send them. */
			html_txtf(n, "%s: %s", site, L(c, "danh mục không giải mã được", "the roster does not decode"));
		} else if (res.step == ROSTER_SEND_LOAD || res.step == ROSTER_SEND_RECORD) {
			html_txtf(n, "%s: %s", site, L(c, "không đọc được danh mục", "the roster cannot be read"));
		} else if (res.step == ROSTER_SEND_ENCODE) {
			html_txtf(n, "%s: %s", site, hl_strerror(rc));
		} else {
			html_txtf(n, L(c, "%s: không gửi được (%s)", "%s: not published (%s)"), res.topic,
				  res.why[0] ? res.why : hl_strerror(rc));
		}
		html_raw(n, "</li>");
		if (rc != HL_OK) {
			html_raw(n, "</ul>");
			return sites->n - i;
		}
	}
	html_raw(n, "</ul>");
	return 0;
}

static void audit_publish(struct web_ctx *c, const struct site_list *sites, size_t failed)
{
	char detail[400];
	size_t used;

	used = (size_t)snprintf(detail, sizeof detail, "%s", failed ? "failed; sites" : "sites");
	for (size_t i = 0; i < sites->n && used < sizeof detail; i++)
		used += (size_t)snprintf(detail + used, sizeof detail - used, " %s", sites->v[i]);
	store_audit_add(c->store, c->now, c->user->name, "roster.publish", sites->n == 1 ? sites->v[0] : NULL, detail);
}

int page_roster_publish(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *site = http_param(&rq->form, "site");
	struct site_list sites = { 0 };
	struct buf n = { 0 };
	size_t failed;
	int status;

	if (!c->publish) {
		notice_open(&n, true, "roster-notice", L(c, "Chưa xuất bản", "Not published"));
		html_raw(&n, "<p>");
		html_txt(&n, L(c,
			       "Chưa cấu hình máy chủ MQTT (broker) nên không gửi được danh mục tới thiết bị; đặt "
			       "broker trong web.conf, hoặc chạy “hailong-aggregator roster publish” trên máy chủ.",
			       "No broker is configured, so the roster cannot reach the terminals; set broker in "
			       "web.conf, or run “hailong-aggregator roster publish” on the server."));
		html_raw(&n, "</p></section>");
		status = page_roster_page(c, rq, rs, 503, &n);
		buf_free(&n);
		return status;
	}
	if (site && *site) {
		if (!topic_id_valid(site))
			return web_fail(c, rq, rs, 400, "site", "Mã đơn vị không hợp lệ.",
					"The site code is not valid.");
		site_list_add(&sites, site); /* a named site is published even without officers: that empties it */
	} else if (store_roster_sites(c->store, site_list_add, &sites) != HL_OK) {
		free(sites.v);
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được danh mục.", "The roster cannot be read.");
	}
	if (!sites.n) {
		notice_open(&n, false, "roster-notice", L(c, "Không có gì để xuất bản", "Nothing to publish"));
		html_raw(&n, "<p>");
		html_txt(&n, L(c, "Chưa đơn vị nào có cán bộ trong danh mục.", "No site has officers in the roster."));
		html_raw(&n, "</p></section>");
		status = page_roster_page(c, rq, rs, 200, &n);
		buf_free(&n);
		free(sites.v);
		return status;
	}
	struct buf list = { 0 };
	failed = publish_sites(c, &sites, &list);
	audit_publish(c, &sites, failed);
	notice_open(&n, failed != 0, "roster-notice",
		    failed ? L(c, "Xuất bản chưa xong", "Publishing did not finish")
			   : L(c, "Đã xuất bản", "Published"));
	if (list.p)
		buf_put(&n, list.p, list.len);
	if (failed) {
		html_raw(&n, "<p>");
		html_txt(&n, L(c, "Kiểm tra kết nối tới broker rồi bấm Xuất bản lần nữa.",
			       "Check the broker connection, then press Publish again."));
		html_raw(&n, "</p>");
	}
	html_raw(&n, "</section>");
	status = page_roster_page(c, rq, rs, failed ? 503 : 200, &n);
	buf_free(&list);
	buf_free(&n);
	free(sites.v);
	return status;
}

/* ---- import -------------------------------------------------------------------------------------- */

struct fault_list {
	struct web_ctx *c;
	struct buf *b;
	const char *path;
};

static void fault_item(void *ud, size_t line, const char *msg)
{
	struct fault_list *f = ud;

	html_raw(f->b, "<li>");
	if (line)
		html_txtf(f->b, "%s:%zu: %s", f->path, line, msg);
	else
		html_txtf(f->b, "%s: %s", f->path, msg);
	html_raw(f->b, "</li>");
}

/* The file's name as the browser gave it (its last path component), else fallback. */
static void upload_name(const char *given, const char *fallback, char *out, size_t cap)
{
	const char *base = given;

	for (const char *p = given; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	/* It lands in the audit too, which takes one line of text. */
	snprintf(out, cap, "%s", *base && wire_text_valid(base, 120) ? base : fallback);
}

/* Each site's roster message must fit what a terminal accepts (sheet_check_sizes); a site that does
 * not is one more fault of the officers' file, listed as an item. */
struct size_faults {
	struct web_ctx *c;
	struct buf *b;
	const char *path;
};

static void size_fault(void *ud, const char *site, size_t len, int rc)
{
	struct size_faults *f = ud;

	html_raw(f->b, "<li>");
	if (rc == HL_ERR_RANGE)
		html_txtf(f->b,
			  L(f->c, "%s: danh mục của đơn vị %s sẽ là %zu byte, quá %d byte thiết bị nhận được",
			    "%s: the roster of site %s would be %zu bytes, more than the %d a terminal accepts"),
			  f->path, site, len, ROSTER_BODY_MAX);
	else
		html_txtf(f->b, "%s: %s", f->path, hl_strerror(rc));
	html_raw(f->b, "</li>");
}

/* An uploaded officers' file names a photo file: the stored photo is kept when it came from that file
 * (sheet_keep_photos). */
static bool keep_photo(void *ud, const char *site, const char *code, const char *file,
		       char hash[ROSTER_PHOTO_HASH_LEN + 1])
{
	struct web_ctx *c = ud;
	struct store_officer o;
	struct store_officer_info x;

	if (store_roster_officer(c->store, site, code, &o, &x) != HL_OK || !x.photo[0] || strcmp(x.photo_file, file) != 0)
		return false;
	memcpy(hash, x.photo, ROSTER_PHOTO_HASH_LEN + 1);
	return true;
}

int page_roster_import(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	static const char *const fields[ROSTER_KIND_COUNT] = { "officers", "procedures", "counters", "sites" };
	static const char *const fallback[ROSTER_KIND_COUNT] = { "officers.csv", "procedures.csv", "counters.csv",
								 "sites.csv" };
	struct sheet sh[ROSTER_KIND_COUNT] = { { .kind = ROSTER_OFFICER }, { .kind = ROSTER_PROCEDURE },
					       { .kind = ROSTER_COUNTER }, { .kind = ROSTER_SITE } };
	char names[ROSTER_KIND_COUNT][200];
	struct store_officer *officers = NULL, *counters = NULL, *stored_counters = NULL;
	struct store_officer_info *info = NULL;
	struct roster_entry *procs = NULL, *site_names = NULL;
	struct site_list sites = { 0 };
	struct buf n = { 0 }, list = { 0 };
	size_t nfaults = 0, nstored = 0, nphotos = 0;
	bool given_counters = false, given_sites = false;
	int status = 500;

	for (int k = 0; k < ROSTER_KIND_COUNT; k++) {
		const char *data;
		size_t len;
		char given[200] = "";
		int rc = http_multipart_file(rq->content_type, rq->body, rq->body_len, fields[k], &data, &len, given,
					     sizeof given);
		if (rc == HL_ERR_INVALID) {
			status = web_fail(c, rq, rs, 400, NULL, "Biểu mẫu phải gửi dạng multipart/form-data.",
					  "The form must be sent as multipart/form-data.");
			goto out;
		}
		/* The counters' and the sites' files are optional: without one the stored names stay. */
		if ((k == ROSTER_COUNTER || k == ROSTER_SITE) && (rc != HL_OK || (len == 0 && !given[0])))
			continue;
		if (rc != HL_OK || (len == 0 && !given[0])) {
			status = web_fail(c, rq, rs, 400, fields[k], "Chưa chọn tệp.", "No file was chosen.");
			goto out;
		}
		upload_name(given, fallback[k], names[k], sizeof names[k]);
		sh[k].path = names[k];
		if (sheet_read_text(&sh[k], data, len) != HL_OK) {
			status = web_fail(c, rq, rs, 500, NULL, "Hết bộ nhớ.", "Out of memory.");
			goto out;
		}
		given_counters |= k == ROSTER_COUNTER;
		given_sites |= k == ROSTER_SITE;
	}
	sheet_keep_photos(&sh[ROSTER_OFFICER], keep_photo, c);
	html_raw(&list, "<ul id=\"roster-faults\">");
	for (int k = 0; k < ROSTER_KIND_COUNT; k++) {
		struct fault_list fl = { .c = c, .b = &list, .path = sh[k].path };
		if (!sh[k].path)
			continue;
		size_t total = sheet_faults(&sh[k], FAULTS_SHOWN, fault_item, &fl);
		size_t shown = sh[k].nfaults < FAULTS_SHOWN ? sh[k].nfaults : FAULTS_SHOWN;
		if (total > shown) {
			html_raw(&list, "<li>");
			html_txtf(&list, L(c, "%s: còn %zu lỗi nữa không liệt kê", "%s: %zu more errors not shown"),
				  sh[k].path, total - shown);
			html_raw(&list, "</li>");
		}
		nfaults += total;
	}
	if (!nfaults) {
		officers = malloc((sh[0].nrows ? sh[0].nrows : 1) * sizeof *officers);
		procs = malloc((sh[1].nrows ? sh[1].nrows : 1) * sizeof *procs);
		counters = malloc((sh[2].nrows ? sh[2].nrows : 1) * sizeof *counters);
		info = malloc((sh[0].nrows ? sh[0].nrows : 1) * sizeof *info);
		site_names = malloc((sh[ROSTER_SITE].nrows ? sh[ROSTER_SITE].nrows : 1) * sizeof *site_names);
		if (!officers || !procs || !counters || !info || !site_names ||
		    (!given_counters && store_roster_counters(c->store, &stored_counters, &nstored) != HL_OK)) {
			status = web_fail(c, rq, rs, 500, NULL, "Không đọc được danh mục.", "The roster cannot be read.");
			goto out;
		}
		for (size_t i = 0; i < sh[0].nrows; i++) {
			officers[i] = sh[0].rows[i].o;
			info[i] = sh[0].rows[i].info;
			nphotos += info[i].photo[0] != '\0';
		}
		for (size_t i = 0; i < sh[1].nrows; i++)
			procs[i] = sh[1].rows[i].o.e;
		for (size_t i = 0; i < sh[2].nrows; i++)
			counters[i] = sh[2].rows[i].o;
		for (size_t i = 0; i < sh[ROSTER_SITE].nrows; i++)
			site_names[i] = sh[ROSTER_SITE].rows[i].o.e;
		nfaults += sheet_check_sizes(&sh[0], procs, sh[1].nrows, given_counters ? counters : stored_counters,
					     given_counters ? sh[2].nrows : nstored, size_fault,
					     &(struct size_faults){ c, &list, sh[0].path });
	}
	html_raw(&list, "</ul>");
	if (nfaults) {
		notice_open(&n, true, "roster-notice",
			    L(c, "Chưa nhập: tệp có lỗi", "Not imported: the files have faults"));
		html_raw(&n, "<p>");
		html_txtf(&n,
			  L(c,
			    "%zu lỗi; chưa lưu gì. Sửa các dòng dưới đây trong bảng tính, lưu dạng CSV UTF-8 rồi "
			    "tải lên lại.",
			    "%zu error(s); nothing was stored. Fix these lines in the spreadsheet, save as CSV UTF-8 "
			    "and upload again."),
			  nfaults);
		html_raw(&n, "</p>");
		buf_put(&n, list.p, list.len);
		html_raw(&n, "</section>");
		status = page_roster_page(c, rq, rs, 422, &n);
		goto out;
	}

	/* Sites that lose all their officers still get a message, so their terminals forget them. */
	struct store_roster_in in = { .officers = officers, .info = info, .nofficers = sh[0].nrows, .procedures = procs,
				      .nprocedures = sh[1].nrows, .counters = counters, .ncounters = sh[2].nrows,
				      .counters_given = given_counters, .sites = site_names,
				      .nsites = sh[ROSTER_SITE].nrows, .sites_given = given_sites };
	int rc = store_roster_sites(c->store, site_list_add, &sites);
	if (rc == HL_OK)
		rc = store_roster_put(c->store, &in);
	if (rc == HL_OK)
		rc = store_roster_sites(c->store, site_list_add, &sites);
	if (rc != HL_OK) {
		notice_open(&n, true, "roster-notice", L(c, "Chưa nhập", "Not imported"));
		html_raw(&n, "<p>");
		html_txt(&n, L(c, "Cơ sở dữ liệu không nhận danh mục; chưa lưu gì: ",
			       "The database refused the roster; nothing "
			       "was stored: "));
		html_txt(&n, store_errmsg(c->store));
		html_raw(&n, "</p></section>");
		status = page_roster_page(c, rq, rs, rc == HL_ERR_INVALID ? 422 : 500, &n);
		goto out;
	}
	site_list_sort(&sites);
	{
		char detail[400];
		size_t nsites = 0;
		for (size_t i = 0; i < sh[0].nrows; i++)
			nsites += i == 0 || strcmp(sh[0].rows[i].o.site, sh[0].rows[i - 1].o.site) != 0;
		int used = snprintf(detail, sizeof detail, "%zu officers of %zu sites, %zu procedures", sh[0].nrows, nsites,
				    sh[1].nrows);
		if (given_counters && used > 0 && (size_t)used < sizeof detail)
			used += snprintf(detail + used, sizeof detail - (size_t)used, ", %zu counters", sh[2].nrows);
		if (given_sites && used > 0 && (size_t)used < sizeof detail)
			used += snprintf(detail + used, sizeof detail - (size_t)used, ", %zu site names",
					 sh[ROSTER_SITE].nrows);
		if (used > 0 && (size_t)used < sizeof detail)
			snprintf(detail + used, sizeof detail - (size_t)used, " (%s, %s%s%s%s%s)", sh[0].path, sh[1].path,
				 given_counters ? ", " : "", given_counters ? sh[2].path : "", given_sites ? ", " : "",
				 given_sites ? sh[ROSTER_SITE].path : "");
		store_audit_add(c->store, c->now, c->user->name, "roster.import", NULL, detail);
	}
	notice_open(&n, false, "roster-notice", L(c, "Đã nhập danh mục", "Roster imported"));
	html_raw(&n, "<p>");
	html_txtf(&n,
		  L(c, "Đã lưu %zu cán bộ và %zu thủ tục; danh mục cũ được thay toàn bộ.",
		    "Stored %zu officers and %zu procedures; the old roster was replaced as a whole."),
		  sh[0].nrows, sh[1].nrows);
	if (given_counters)
		html_txtf(&n, L(c, " Tên %zu quầy.", " Names of %zu counters."), sh[2].nrows);
	if (given_sites)
		html_txtf(&n, L(c, " Tên %zu đơn vị.", " Names of %zu sites."), sh[ROSTER_SITE].nrows);
	if (nphotos)
		html_txtf(&n, L(c, " Giữ %zu ảnh đã lưu.", " %zu stored photos kept."), nphotos);
	html_raw(&n, "</p>");
	status = 200;
	if (!c->publish) {
		html_raw(&n, "<p>");
		html_txt(&n, L(c,
			       "Chưa xuất bản: chưa cấu hình máy chủ MQTT (broker). Chạy “hailong-aggregator roster "
			       "publish” trên máy chủ để thiết bị nhận danh mục mới.",
			       "Not published: no broker is configured. Run “hailong-aggregator roster publish” on the "
			       "server so the terminals get the new roster."));
		html_raw(&n, "</p>");
	} else if (sites.n) {
		struct buf pl = { 0 };
		size_t failed = publish_sites(c, &sites, &pl);
		audit_publish(c, &sites, failed);
		if (pl.p)
			buf_put(&n, pl.p, pl.len);
		if (failed) {
			html_raw(&n, "<p>");
			html_txt(&n,
				 L(c,
				   "Danh mục đã nhập nhưng chưa xuất bản hết; bấm Xuất bản khi broker hoạt động lại.",
				   "The roster is imported but not published everywhere; press Publish once the "
				   "broker is back."));
			html_raw(&n, "</p>");
		}
		buf_free(&pl);
	}
	html_raw(&n, "</section>");
	status = page_roster_page(c, rq, rs, status, &n);
out:
	buf_free(&n);
	buf_free(&list);
	free(sites.v);
	free(officers);
	free(procs);
	free(counters);
	free(stored_counters);
	free(info);
	free(site_names);
	for (int k = 0; k < ROSTER_KIND_COUNT; k++)
		sheet_free(&sh[k]);
	return status;
}
