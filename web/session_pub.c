/* SPDX-License-Identifier: MIT
 * session_pub.c — a counter's transaction opened or cleared, and its officer on duty told
 * (session_pub.h). The order is the point: everything that can be checked is checked before anything
 * is sent or kept. The transaction is recorded first, because its record's id is its name on the
 * wire; when the broker then does not take the message, the record is withdrawn (and the transaction
 * it replaced reopened), because the terminal acts on the message, not on the record — a transaction
 * in the store that no terminal ever saw would be a lie in the audit. The audit row is written only
 * after the message went out. The officer on duty is always read from the shifts at that moment, so
 * every message names whoever is at the counter now. Owns nothing beyond one call; the SQL is in the
 * store modules, the wire format in shared/. */
#include "session_pub.h"

#include "hl.h"
#include "i18n.h"
#include "numfmt.h"
#include "roster.h"
#include "store_roster.h"
#include "store_users.h"
#include "topic.h"
#include "wire.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int failed(struct session_pub_fail *f, int rc, int status, const char *param, const char *vi, const char *en)
{
	f->status = status;
	f->param = param;
	f->why_vi = vi;
	f->why_en = en;
	return rc;
}

/* The site's and counter's ids, and the topic they make. */
static int counter_topic(const char *site, const char *counter, char topic[HL_TOPIC_MAX], struct session_pub_fail *f)
{
	if (!site || !topic_id_valid(site))
		return failed(f, HL_ERR_INVALID, 400, "site", "Mã đơn vị phải gồm 1–32 ký tự a-z, 0-9 hoặc -.",
			      "the site must match [a-z0-9-]{1,32}");
	if (!counter || !topic_id_valid(counter))
		return failed(f, HL_ERR_INVALID, 400, "counter",
			      "Mã quầy phải gồm 1–32 ký tự a-z, 0-9 hoặc - (ví dụ quay-1).",
			      "the counter must match [a-z0-9-]{1,32} (for example quay-1)");
	if (topic_counter(topic, HL_TOPIC_MAX, site, counter, "session") != HL_OK)
		return failed(f, HL_ERR_INVALID, 400, "counter", "Mã đơn vị và mã quầy quá dài.",
			      "the site and counter are too long for a topic");
	return HL_OK;
}

static int no_broker(struct session_pub_fail *f)
{
	return failed(f, HL_ERR_NET, 503, NULL,
		      "Chưa cấu hình máy chủ MQTT (broker) nên không mở được giao dịch; xin báo quản trị đặt broker "
		      "trong web.conf.",
		      "no broker configured: the console cannot reach the terminals; ask the admin to set broker in "
		      "web.conf");
}

/* Publishes body (len 0: the empty message) on topic through the context's publisher. */
static int send(struct web_ctx *c, const char *topic, const void *body, size_t len, struct session_pub_fail *f)
{
	int rc;

	if (!c->publish)
		return no_broker(f);
	rc = c->publish(c->publish_ud, topic, body, len, true, f->detail, sizeof f->detail);
	if (rc != HL_OK)
		return failed(f, HL_ERR_NET, 503, NULL,
			      "Không gửi được tới máy chủ MQTT (broker); thiết bị chưa nhận giao dịch. Xin thử lại "
			      "sau ít phút hoặc báo quản trị.",
			      "the broker is unreachable or refused the message; the terminal did not get the "
			      "session. Try again in a few minutes or tell the admin");
	return HL_OK;
}

/* Publishes ws, or the empty message when it names neither a transaction nor an officer on duty. */
static int send_session(struct web_ctx *c, const char *topic, const struct wire_session *ws,
			struct session_pub_fail *f)
{
	char body[HL_BODY_MAX];
	size_t len = 0;

	if ((ws->transaction || ws->duty[0]) && wire_session_encode(ws, body, sizeof body, &len) != HL_OK)
		return failed(f, HL_ERR_INVALID, 400, NULL, "Không mã hoá được giao dịch.",
			      "the session cannot be encoded");
	return send(c, topic, body, len, f);
}

/* The officer on shift at the counter into duty ("" when nobody); HL_OK or HL_ERR_DB (*f filled). */
static int duty_of(struct web_ctx *c, const char *site, const char *counter, char duty[HL_CODE_MAX + 1],
		   struct session_pub_fail *f)
{
	int rc = store_shift_officer_at(c->store, site, counter, duty);

	if (rc == HL_OK || rc == HL_ERR_NOTFOUND)
		return HL_OK;
	snprintf(f->detail, sizeof f->detail, "%s", store_errmsg(c->store));
	return failed(f, HL_ERR_DB, 500, NULL, "Không đọc được ca làm việc tại quầy.", "the shifts cannot be read");
}

/* The transaction's name on the wire: "w" and its record's id. */
static void txn_name(int64_t id, char out[WIRE_TXN_MAX + 1])
{
	snprintf(out, WIRE_TXN_MAX + 1, "w%lld", (long long)id);
}

/* t as "YYYY-MM-DD HH:MM" at utc_offset, for the audit (which is read in either language). */
static void when_text(int64_t t, int utc_offset, char *out, size_t cap)
{
	numfmt_time(out, cap, I18N_EN, t, utc_offset, false);
}

int session_pub_open(struct web_ctx *c, const char *site, const char *counter, const char *officer,
		     const char *procedure, int64_t expires, const char *by, struct wire_session *sent,
		     struct session_pub_fail *f)
{
	char topic[HL_TOPIC_MAX], detail[300], until[32];
	struct wire_session ws = { .expires = expires, .transaction = true };
	struct roster *r = NULL;
	struct store_txn t = { 0 };
	int64_t id;
	int rc;

	memset(f, 0, sizeof *f);
	if (sent)
		memset(sent, 0, sizeof *sent);
	if ((rc = counter_topic(site, counter, topic, f)) != HL_OK)
		return rc;
	if (!officer || !*officer)
		return failed(f, HL_ERR_INVALID, 422, "officer", "Chưa chọn cán bộ.", "officer is required");
	if (!wire_code_valid(officer))
		return failed(f, HL_ERR_INVALID, 422, "officer", "Mã cán bộ phải gồm 1–32 ký tự A-Z, a-z, 0-9, . _ -.",
			      "the officer code must match [A-Za-z0-9._-]{1,32}");
	if (!procedure || !*procedure)
		return failed(f, HL_ERR_INVALID, 422, "procedure", "Chưa chọn thủ tục.", "procedure is required");
	if (!wire_code_valid(procedure))
		return failed(f, HL_ERR_INVALID, 422, "procedure",
			      "Mã thủ tục phải gồm 1–32 ký tự A-Z, a-z, 0-9, . _ -; chọn thủ tục từ danh sách.",
			      "the procedure code must match [A-Za-z0-9._-]{1,32}; pick one from the list");
	if (expires < 0 || (expires && expires <= c->now))
		return failed(f, HL_ERR_INVALID, 422, "expires", "Thời điểm hết hạn phải ở sau hiện tại.",
			      "expires must be a Unix time after now (or 0: until closed)");
	if (store_roster_load(c->store, site, &r) != HL_OK) {
		snprintf(f->detail, sizeof f->detail, "%s", store_errmsg(c->store));
		return failed(f, HL_ERR_DB, 500, NULL, "Không đọc được danh mục.", "the roster cannot be read");
	}
	bool known_officer = roster_name(r, ROSTER_OFFICER, officer) != NULL;
	bool known_procedure = roster_name(r, ROSTER_PROCEDURE, procedure) != NULL;
	roster_free(r);
	if (!known_officer)
		return failed(f, HL_ERR_INVALID, 422, "officer",
			      "Cán bộ này không có trong danh mục của đơn vị; xin quản trị nhập lại danh mục (trang "
			      "Danh mục).",
			      "this officer is not in the site's roster; ask the admin to import the roster (Roster "
			      "page)");
	if (!known_procedure)
		return failed(f, HL_ERR_INVALID, 422, "procedure",
			      "Thủ tục này không có trong danh mục; chọn một thủ tục từ danh sách (tìm theo mã hoặc "
			      "tên).",
			      "this procedure is not in the roster; pick one from the list (search by code or name)");
	if (!c->publish)
		return no_broker(f);
	snprintf(ws.officer, sizeof ws.officer, "%s", officer);
	snprintf(ws.procedure, sizeof ws.procedure, "%s", procedure);
	if ((rc = duty_of(c, site, counter, ws.duty, f)) != HL_OK)
		return rc;

	snprintf(t.site, sizeof t.site, "%s", site);
	snprintf(t.counter, sizeof t.counter, "%s", counter);
	snprintf(t.officer, sizeof t.officer, "%s", officer);
	snprintf(t.procedure, sizeof t.procedure, "%s", procedure);
	snprintf(t.by, sizeof t.by, "%s", by);
	t.opened = c->now;
	t.expires = expires;
	if (store_txn_open(c->store, &t, &id) != HL_OK) {
		snprintf(f->detail, sizeof f->detail, "%s", store_errmsg(c->store));
		return failed(f, HL_ERR_DB, 500, NULL,
			      "Không ghi được giao dịch vào cơ sở dữ liệu nên chưa gửi tới thiết bị; xin thử lại hoặc "
			      "báo quản trị.",
			      "the transaction could not be recorded, so it was not sent; try again or tell the admin");
	}
	txn_name(id, ws.txn);
	if ((rc = send_session(c, topic, &ws, f)) != HL_OK) {
		/* The terminal did not get it: no record of it either. */
		if (store_txn_withdraw(c->store, &t, id) != HL_OK)
			snprintf(f->detail, sizeof f->detail, "%s", store_errmsg(c->store));
		return rc;
	}
	if (sent)
		*sent = ws;

	if (expires)
		when_text(expires, c->utc_offset, until, sizeof until);
	else
		snprintf(until, sizeof until, "closed");
	snprintf(detail, sizeof detail, "counter %s: transaction %s, officer %s, procedure %s, until %s%s%s", counter,
		 ws.txn, officer, procedure, until, ws.duty[0] ? ", on duty " : "", ws.duty);
	if (store_audit_add(c->store, c->now, by, "session.open", site, detail) != HL_OK) {
		snprintf(f->detail, sizeof f->detail, "%s", store_errmsg(c->store));
		return failed(f, HL_ERR_DB, 500, NULL,
			      "Thiết bị đã nhận giao dịch nhưng không ghi được vào cơ sở dữ liệu; xin báo quản trị.",
			      "the terminal got the session, but it could not be recorded; tell the admin");
	}
	return HL_OK;
}

int session_pub_close(struct web_ctx *c, const char *site, const char *counter, const char *by,
		      struct session_pub_fail *f)
{
	char topic[HL_TOPIC_MAX], detail[80];
	struct wire_session ws = { 0 };
	int rc;

	memset(f, 0, sizeof *f);
	if ((rc = counter_topic(site, counter, topic, f)) != HL_OK)
		return rc;
	if (!c->publish)
		return no_broker(f);
	/* The transaction ends; the officer on duty, if any, stays named ({"duty"}, else the empty message). */
	if ((rc = duty_of(c, site, counter, ws.duty, f)) != HL_OK || (rc = send_session(c, topic, &ws, f)) != HL_OK)
		return rc;
	snprintf(detail, sizeof detail, "counter %s", counter);
	if (store_txn_close(c->store, site, counter, c->now) != HL_OK ||
	    store_audit_add(c->store, c->now, by, "session.close", site, detail) != HL_OK) {
		snprintf(f->detail, sizeof f->detail, "%s", store_errmsg(c->store));
		return failed(
			f, HL_ERR_DB, 500, NULL,
			"Thiết bị đã kết thúc giao dịch nhưng không ghi được vào cơ sở dữ liệu; xin báo quản trị.",
			"the terminal cleared the session, but it could not be recorded; tell the admin");
	}
	return HL_OK;
}

int session_pub_duty(struct web_ctx *c, const char *site, const char *counter, struct session_pub_fail *f)
{
	char topic[HL_TOPIC_MAX];
	struct wire_session ws = { 0 };
	struct store_txn t;
	int rc;

	memset(f, 0, sizeof *f);
	if ((rc = counter_topic(site, counter, topic, f)) != HL_OK)
		return rc;
	if (!c->publish)
		return HL_OK;
	if ((rc = duty_of(c, site, counter, ws.duty, f)) != HL_OK)
		return rc;
	rc = store_txn_latest(c->store, site, counter, &t);
	if (rc != HL_OK && rc != HL_ERR_NOTFOUND) {
		snprintf(f->detail, sizeof f->detail, "%s", store_errmsg(c->store));
		return failed(f, HL_ERR_DB, 500, NULL, "Không đọc được giao dịch tại quầy.",
			      "the counter's transaction cannot be read");
	}
	/* An open transaction stays the same one (same id: the terminal knows whether it was rated). */
	if (rc == HL_OK && t.closed == 0 && (t.expires == 0 || c->now < t.expires)) {
		ws.transaction = true;
		txn_name(t.id, ws.txn);
		snprintf(ws.officer, sizeof ws.officer, "%s", t.officer);
		snprintf(ws.procedure, sizeof ws.procedure, "%s", t.procedure);
		ws.expires = t.expires;
	}
	if ((rc = send_session(c, topic, &ws, f)) == HL_ERR_NET)
		failed(f, rc, 503, NULL,
		       "Ca làm việc đã ghi nhận, nhưng không gửi được tới máy chủ MQTT (broker): thiết bị tại quầy chưa "
		       "biết cán bộ trực. Xin thử lại sau ít phút hoặc báo quản trị.",
		       "the shift is recorded, but the broker did not take the message: the counter's terminal does "
		       "not know who is on duty. Try again in a few minutes or tell the admin");
	return rc;
}
