/* SPDX-License-Identifier: MIT
 * page_account.c — Tài khoản, GET /tai-khoan (every role, reached from the user's name in the
 * header): who the user is (name, role, sites) and "Nhận thông báo", what they receive by e-mail
 * from hailong-notify. A head (lãnh đạo) chooses an address, flag alerts (none, serious complaints
 * only, every flag) and a scheduled report (none, daily, weekly, monthly: sent after the period
 * ends, in the morning at 07:00 by default); the province (tỉnh) an address and the monthly SIPAS
 * export; officers and IT admins are told that they receive nothing by e-mail, and have no form.
 * Heads, the province and admins find the link to Thư và webhook (what was sent) here too.
 * POST /tai-khoan (heads and the province only; the router checks the role and the CSRF token) sets
 * the user's own choices — never anyone else's: there is no user parameter — through
 * store_pref_set, audited as "prefs.set" when something changed, and answers 303 back with a
 * notice; a bad value answers the page again with the field, the reason and what was typed. Owns
 * nothing beyond one request; the SQL is in store_prefs.c. */
#include "flash.h"
#include "hl.h"
#include "html.h"
#include "layout.h"
#include "store_prefs.h"
#include "store_roster.h"
#include "store_users.h"
#include "web.h"

#include <stdio.h>
#include <string.h>

/* What the form was given (or what is stored), and what was wrong with it. */
struct account_form {
	struct store_pref p;
	const char *email_typed;         /* the address as typed, shown again after a refusal; NULL: p.email */
	const char *param, *vi, *en;     /* the refusal; param NULL when none */
	const char *detail;
};

static bool receives(int role)
{
	return role == ROLE_HEAD || role == ROLE_PROVINCE;
}

static void radio(struct buf *b, const char *name, const char *value, bool checked, const char *label,
		  const char *note)
{
	html_raw(b, "<label class=\"choice\"><input type=\"radio\" name=\"");
	html_attr(b, name);
	html_raw(b, "\" value=\"");
	html_attr(b, value);
	html_raw(b, checked ? "\" checked> <span>" : "\"> <span>");
	html_txt(b, label);
	if (note) {
		html_raw(b, "<br><span class=\"muted\">");
		html_txt(b, note);
		html_raw(b, "</span>");
	}
	html_raw(b, "</span></label>");
}

static void sites_line(struct web_ctx *c, struct buf *b)
{
	const struct store_user *u = c->user;

	html_raw(b, "<dt>");
	html_txt(b, L(c, "Đơn vị", "Sites"));
	html_raw(b, "</dt><dd>");
	if (!u->nsites)
		html_txt(b, L(c, "mọi đơn vị", "every site"));
	for (size_t i = 0; i < u->nsites; i++) {
		if (i)
			html_raw(b, "<br>");
		layout_site_html(c, b, u->sites[i]);
	}
	html_raw(b, "</dd>");
}

static void email_field(struct web_ctx *c, struct buf *b, const struct account_form *f)
{
	html_raw(b, "<p><label for=\"pref-email\">");
	html_txt(b, L(c, "Địa chỉ e-mail", "E-mail address"));
	html_raw(b, "</label><input type=\"email\" id=\"pref-email\" name=\"email\" maxlength=\"254\" "
		    "autocomplete=\"email\" inputmode=\"email\" value=\"");
	html_attr(b, f->email_typed ? f->email_typed : f->p.email);
	html_raw(b, "\"><br><span class=\"muted\">");
	html_txt(b, L(c, "Để trống thì không nhận thư nào.", "Leave it empty to receive no e-mail."));
	html_raw(b, "</span></p>");
}

static void head_form(struct web_ctx *c, struct buf *b, const struct account_form *f)
{
	const struct store_pref *p = &f->p;

	html_raw(b, "<fieldset id=\"pref-alerts\"><legend>");
	html_txt(b, L(c, "Cảnh báo qua e-mail", "Flag alerts by e-mail"));
	html_raw(b, "</legend>");
	radio(b, "alerts", "khong", p->alerts == PREF_ALERTS_NONE, L(c, "Không nhận", "None"), NULL);
	radio(b, "alerts", "nghiem-trong", p->alerts == PREF_ALERTS_SERIOUS,
	      L(c, "Chỉ phản ánh nghiêm trọng", "Serious complaints only"),
	      L(c, "Sách nhiễu, gây phiền hà; thu tiền ngoài quy định; yêu cầu giấy tờ ngoài quy định.",
		"Harassment; money asked outside the rules; papers asked outside the rules."));
	radio(b, "alerts", "tat-ca", p->alerts == PREF_ALERTS_ALL, L(c, "Mọi cờ cảnh báo", "Every flag"),
	      L(c, "Cả đánh giá không hài lòng dồn dập ở một quầy, xu hướng xấu của cán bộ, thiết bị bất thường.",
		"Also bursts of dissatisfied ratings at a counter, an officer's worsening trend, terminals."));
	html_raw(b, "<p class=\"note\">");
	html_txt(b, L(c, "Thư ghi ngày mở cảnh báo, không ghi giờ, phút của lượt đánh giá nào.",
		      "A mail gives the day a flag opened, never the time of any rating."));
	html_raw(b, "</p></fieldset><fieldset id=\"pref-reports\"><legend>");
	html_txt(b, L(c, "Báo cáo định kỳ", "Scheduled report"));
	html_raw(b, "</legend>");
	radio(b, "reports", "khong", p->reports == PREF_REPORTS_NONE, L(c, "Không", "None"), NULL);
	radio(b, "reports", "ngay", p->reports == PREF_REPORTS_DAILY, L(c, "Hằng ngày", "Daily"),
	      L(c, "Số liệu của ngày hôm trước, gửi lúc 07:00 sáng hôm sau.",
		"The day before, sent at 07:00 the next morning."));
	radio(b, "reports", "tuan", p->reports == PREF_REPORTS_WEEKLY, L(c, "Hằng tuần", "Weekly"),
	      L(c, "Tuần trước (thứ Hai đến Chủ nhật), gửi lúc 07:00 sáng thứ Hai.",
		"The week before (Monday to Sunday), sent at 07:00 on Monday."));
	radio(b, "reports", "thang", p->reports == PREF_REPORTS_MONTHLY, L(c, "Hằng tháng", "Monthly"),
	      L(c, "Tháng trước, gửi lúc 07:00 sáng ngày 1.", "The month before, sent at 07:00 on the 1st."));
	html_raw(b, "<p class=\"note\">");
	html_txt(b, L(c, "Thư có số liệu của kỳ trong nội dung và báo cáo HTML đính kèm. Giờ gửi mặc định là 07:00; "
			 "quản trị có thể đặt giờ khác.",
		      "The mail has the period's figures in its body and the HTML report attached. It goes at "
		      "07:00 unless the IT staff set another hour."));
	html_raw(b, "</p></fieldset>");
}

static void province_form(struct web_ctx *c, struct buf *b, const struct account_form *f)
{
	html_raw(b, "<fieldset id=\"pref-sipas\"><legend>");
	html_txt(b, L(c, "Bản xuất SIPAS", "SIPAS export"));
	html_raw(b, "</legend><label class=\"choice\"><input type=\"checkbox\" name=\"sipas\" value=\"1\"");
	html_raw(b, f->p.sipas ? " checked> <span>" : "> <span>");
	html_txt(b, L(c, "Bản xuất SIPAS hằng tháng", "The monthly SIPAS export"));
	html_raw(b, "<br><span class=\"muted\">");
	html_txt(b, L(c, "Mọi đơn vị, tháng trước, tệp CSV đính kèm; gửi lúc 07:00 sáng ngày 1.",
		      "Every site, the month before, as an attached CSV file; sent at 07:00 on the 1st."));
	html_raw(b, "</span></span></label></fieldset>");
}

/* Where the e-mails sent (or waiting) are listed: Thư và webhook (page_admin_deliveries.c). */
static void deliveries_link(struct web_ctx *c, struct buf *b)
{
	html_raw(b, "<p id=\"deliveries-link\" class=\"no-print\"><a href=\"/thu-webhook\">");
	html_txt(b, c->user->role == ROLE_HEAD ? L(c, "Thư và webhook đã gửi về các đơn vị của Ông/Bà »",
						  "E-mails and webhook calls about your sites »")
					      : L(c, "Thư và webhook đã gửi »", "E-mails and webhook calls sent »"));
	html_raw(b, "</a></p>");
}

/* The page, with status; f the values shown (and the refusal, if any). */
static int account_page(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, int status,
			const struct account_form *f)
{
	struct buf *b = &rs->body;
	const struct store_user *u = c->user;
	const char *done = http_param(&rq->query, "done");

	buf_reset(b);
	rs->status = status;
	layout_begin(c, rs, L(c, "Tài khoản", "Account"), NAV_ACCOUNT);
	html_raw(b, "<h1>");
	html_txt(b, L(c, "Tài khoản", "Account"));
	html_raw(b, "</h1>");
	if (f->param)
		flash_error(c, b, "prefs-error", f->param, f->vi, f->en, f->detail);
	else if (done && (strcmp(done, "1") == 0 || strcmp(done, "0") == 0)) {
		html_raw(b, "<p class=\"flash\" role=\"status\" id=\"prefs-saved\">");
		html_txt(b, done[0] == '1' ? L(c, "Đã lưu lựa chọn nhận thông báo.", "Your choices were saved.")
					   : L(c, "Không có gì thay đổi.", "Nothing changed."));
		html_raw(b, "</p>");
	}
	html_raw(b, "<section class=\"card\" id=\"account\"><dl class=\"facts\"><dt>");
	html_txt(b, L(c, "Tên đăng nhập", "User name"));
	html_raw(b, "</dt><dd>");
	html_txt(b, u->name);
	html_raw(b, "</dd><dt>");
	html_txt(b, L(c, "Vai trò", "Role"));
	html_raw(b, "</dt><dd>");
	html_txt(b, user_role_label(u->role, c->lang == WEB_VI));
	html_raw(b, "</dd>");
	if (u->role == ROLE_OFFICER) {
		html_raw(b, "<dt>");
		html_txt(b, L(c, "Mã cán bộ", "Officer code"));
		html_raw(b, "</dt><dd><code>");
		html_txt(b, u->officer);
		html_raw(b, "</code></dd>");
	}
	sites_line(c, b);
	html_raw(b, "</dl><p class=\"note\">");
	html_txt(b, L(c, "Đổi mật khẩu: xin nhờ bộ phận quản trị.", "To change your password, ask the IT staff."));
	html_raw(b, "</p></section><section class=\"card\" id=\"prefs\"><h2>");
	html_txt(b, L(c, "Nhận thông báo", "Notifications"));
	html_raw(b, "</h2>");
	if (!receives(u->role)) {
		html_raw(b, "<p id=\"prefs-none\">");
		if (u->role == ROLE_OFFICER)
			html_txt(b, L(c, "Tài khoản cán bộ không nhận thư điện tử từ hệ thống. Chỉ số của Ông/Bà xem ở "
					 "trang Tổng quan và Báo cáo; cảnh báo và báo cáo định kỳ gửi tới lãnh đạo đơn vị.",
				      "Officer accounts receive no e-mail from the system. Your figures are on the "
				      "Overview and Reports pages; alerts and scheduled reports go to the site's heads."));
		else
			html_txt(b, L(c, "Tài khoản quản trị không nhận thư điện tử từ hệ thống: cảnh báo và báo cáo định "
					 "kỳ gửi tới lãnh đạo đơn vị (theo lựa chọn của họ ở trang này), bản xuất SIPAS "
					 "tới tài khoản tỉnh. Máy chủ thư và webhook đặt trong cấu hình của hailong-notify.",
				      "IT admin accounts receive no e-mail from the system: alerts and scheduled reports "
				      "go to the sites' heads (as each chose on this page), the SIPAS export to the "
				      "province's accounts. The mail server and the webhooks are set in hailong-notify's "
				      "configuration."));
		html_raw(b, "</p>");
		if (u->role == ROLE_ADMIN)
			deliveries_link(c, b);
	} else {
		html_raw(b, "<p class=\"muted\">");
		if (u->role == ROLE_HEAD)
			html_txt(b, L(c, "Cảnh báo và báo cáo của các đơn vị của Ông/Bà, gửi qua e-mail.",
				      "Alerts and reports of your sites, by e-mail."));
		else
			html_txt(b, L(c, "Bản xuất SIPAS của mọi đơn vị, gửi qua e-mail.",
				      "The SIPAS export of every site, by e-mail."));
		html_raw(b, "</p><form method=\"post\" action=\"/tai-khoan\" id=\"prefs-form\" class=\"prefs\">");
		layout_csrf(c, b);
		email_field(c, b, f);
		if (u->role == ROLE_HEAD)
			head_form(c, b, f);
		else
			province_form(c, b, f);
		html_raw(b, "<p><button type=\"submit\">");
		html_txt(b, L(c, "Lưu", "Save"));
		html_raw(b, "</button></p></form>");
		deliveries_link(c, b);
		if (f->p.changed) {
			char when[32];
			layout_time(c, f->p.changed, when, sizeof when);
			html_raw(b, "<p class=\"note\">");
			html_txt(b, L(c, "Đổi lần cuối: ", "Last changed: "));
			html_txt(b, when);
			html_raw(b, "</p>");
		}
	}
	layout_end(c, rs);
	return status;
}

static int account_get(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	struct account_form f = { 0 };

	if (store_pref_get(c->store, c->user->id, &f.p) != HL_OK)
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được lựa chọn nhận thông báo.",
				"Your notification choices cannot be read.");
	return account_page(c, rq, rs, 200, &f);
}

static int refuse(struct web_ctx *c, const struct http_request *rq, struct http_response *rs,
		  struct account_form *f, const char *param, const char *vi, const char *en)
{
	f->param = param;
	f->vi = vi;
	f->en = en;
	return account_page(c, rq, rs, 400, f);
}

/* The address as typed, without the blanks around it, into out; false when it does not fit. */
static bool trimmed(const char *in, char *out, size_t cap)
{
	size_t n;

	while (*in == ' ' || *in == '\t')
		in++;
	n = strlen(in);
	while (n && (in[n - 1] == ' ' || in[n - 1] == '\t'))
		n--;
	if (n >= cap)
		return false;
	memcpy(out, in, n);
	out[n] = '\0';
	return true;
}

static int account_post(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const struct store_user *u = c->user;
	const char *email = http_param(&rq->form, "email"), *alerts = http_param(&rq->form, "alerts");
	const char *reports = http_param(&rq->form, "reports"), *sipas = http_param(&rq->form, "sipas");
	struct account_form f = { .email_typed = email };
	struct store_pref before;
	char detail[400];

	if (store_pref_get(c->store, u->id, &before) != HL_OK)
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được lựa chọn nhận thông báo.",
				"Your notification choices cannot be read.");
	f.p = before;
	if (http_param(&rq->form, "user"))
		return web_fail(c, rq, rs, 403, "user", "Mỗi người chỉ đặt lựa chọn của chính mình.",
				"Each user sets their own choices only.");
	/* The choices the form shows, as given, so that a refusal shows them again. */
	if (u->role == ROLE_HEAD) {
		int a = pref_alerts_parse(alerts ? alerts : "khong"), r = pref_reports_parse(reports ? reports : "khong");
		if (a >= 0)
			f.p.alerts = a;
		if (r >= 0)
			f.p.reports = r;
		if (a < 0)
			return refuse(c, rq, rs, &f, "alerts", "phải là không, chỉ nghiêm trọng hoặc mọi cờ cảnh báo.",
				      "must be none, serious or all.");
		if (r < 0)
			return refuse(c, rq, rs, &f, "reports", "phải là không, hằng ngày, hằng tuần hoặc hằng tháng.",
				      "must be none, daily, weekly or monthly.");
		if (sipas && strcmp(sipas, "0") != 0)
			return refuse(c, rq, rs, &f, "sipas", "bản xuất SIPAS chỉ gửi cho tài khoản tỉnh.",
				      "the SIPAS export goes to the province's accounts only.");
		f.p.sipas = false;
	} else {
		if ((alerts && pref_alerts_parse(alerts) != PREF_ALERTS_NONE) ||
		    (reports && pref_reports_parse(reports) != PREF_REPORTS_NONE))
			return refuse(c, rq, rs, &f, alerts ? "alerts" : "reports",
				      "cảnh báo và báo cáo định kỳ chỉ gửi cho lãnh đạo đơn vị.",
				      "alerts and scheduled reports go to the sites' heads only.");
		if (sipas && strcmp(sipas, "1") != 0 && strcmp(sipas, "0") != 0)
			return refuse(c, rq, rs, &f, "sipas", "phải là 1 hoặc 0.", "must be 1 or 0.");
		f.p.alerts = PREF_ALERTS_NONE;
		f.p.reports = PREF_REPORTS_NONE;
		f.p.sipas = sipas && strcmp(sipas, "1") == 0;
	}
	if (!email || !trimmed(email, f.p.email, sizeof f.p.email) || !pref_email_valid(f.p.email)) {
		snprintf(f.p.email, sizeof f.p.email, "%s", before.email);
		return refuse(c, rq, rs, &f, "email",
			      "không phải địa chỉ e-mail (dạng ten@don-vi.gov.vn, không dấu cách, không xuống dòng).",
			      "is not an e-mail address (name@agency.gov.vn, no blanks, no line breaks).");
	}
	if (!f.p.email[0] && (f.p.alerts || f.p.reports || f.p.sipas))
		return refuse(c, rq, rs, &f, "email", "cần địa chỉ e-mail để nhận cảnh báo, báo cáo hoặc bản xuất.",
			      "an address is needed to receive alerts, reports or the export.");
	f.p.user_id = u->id;
	if (!strcmp(f.p.email, before.email) && f.p.alerts == before.alerts && f.p.reports == before.reports &&
	    f.p.sipas == before.sipas && before.changed) {
		http_redirect(rs, "/tai-khoan?done=0#prefs");
		return 303;
	}
	if (store_pref_set(c->store, &f.p, c->now) != HL_OK) {
		f.detail = store_errmsg(c->store);
		return refuse(c, rq, rs, &f, "email", "không lưu được lựa chọn.", "the choices could not be saved.");
	}
	snprintf(detail, sizeof detail, "email %s, alerts %s, reports %s, sipas %s", f.p.email[0] ? f.p.email : "-",
		 pref_alerts_name(f.p.alerts), pref_reports_name(f.p.reports), f.p.sipas ? "yes" : "no");
	store_audit_add(c->store, c->now, u->name, "prefs.set", u->nsites == 1 ? u->sites[0] : NULL, detail);
	http_redirect(rs, "/tai-khoan?done=1#prefs");
	return 303;
}

const struct web_route page_account_routes[] = {
	{ HTTP_GET, "/tai-khoan", WEB_R_ANY, account_get },
	{ HTTP_POST, "/tai-khoan", WEB_R_HEAD | WEB_R_PROVINCE, account_post },
	{ 0 },
};
