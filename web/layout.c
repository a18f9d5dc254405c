/* SPDX-License-Identifier: MIT
 * layout.c — the shared page shell and form pieces of layout.h. The navigation shows only what the
 * user's role may open (the router checks again on every request: hiding a link is not the check). */
#include "layout.h"

#include "conf.h"
#include "hl.h"
#include "html.h"
#include "i18n.h"
#include "numfmt.h"
#include "report.h"
#include "roster.h"
#include "store_roster.h"
#include "topic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct nav_item {
	int nav;
	const char *href, *vi, *en;
	unsigned who;
};

static const struct nav_item nav_items[] = {
	{ NAV_OVERVIEW, "/", "Tổng quan", "Overview", WEB_R_ANY },
	{ NAV_REPORTS, "/bao-cao/can-bo", "Báo cáo", "Reports", WEB_R_ANY },
	{ NAV_FLAGS, "/canh-bao", "Cảnh báo", "Flags", WEB_R_ADMIN | WEB_R_HEAD | WEB_R_PROVINCE },
	{ NAV_COUNTER, "/quay", "Quầy", "Counter", WEB_R_OFFICER | WEB_R_HEAD },
	{ NAV_TERMINALS, "/thiet-bi", "Thiết bị", "Terminals", WEB_R_ADMIN | WEB_R_HEAD },
	{ NAV_ROSTER, "/danh-muc", "Danh mục", "Roster", WEB_R_ADMIN | WEB_R_HEAD },
	{ NAV_EXPORT, "/xuat-du-lieu", "Xuất dữ liệu", "Export", WEB_R_ADMIN | WEB_R_HEAD | WEB_R_PROVINCE },
	{ NAV_ADMIN, "/quan-tri", "Quản trị", "Admin", WEB_R_ADMIN },
};

void layout_csrf(struct web_ctx *c, struct buf *b)
{
	html_raw(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(b, c->csrf);
	html_raw(b, "\">");
}

void layout_begin(struct web_ctx *c, struct http_response *rs, const char *title, int nav)
{
	struct buf *b = &rs->body;

	html_raw(b, c->lang == WEB_EN ? "<!doctype html>\n<html lang=\"en\">" : "<!doctype html>\n<html lang=\"vi\">");
	html_raw(b, "<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
		    "initial-scale=1\"><title>");
	html_txt(b, title);
	html_raw(b, " · Hài Lòng</title><link rel=\"stylesheet\" href=\"/static/console.css\">"
		    "<script src=\"/static/console.js\" defer></script></head><body>");
	html_raw(b, "<header class=\"top\"><a class=\"brand\" href=\"/\">Hài Lòng</a>");
	if (c->user) {
		html_raw(b, "<nav aria-label=\"");
		html_attr(b, L(c, "Trang", "Pages"));
		html_raw(b, "\"><ul>");
		for (size_t i = 0; i < sizeof nav_items / sizeof nav_items[0]; i++) {
			const struct nav_item *n = &nav_items[i];
			if (!(n->who & (1u << c->user->role)))
				continue;
			html_raw(b, n->nav == nav ? "<li><a aria-current=\"page\" href=\"" : "<li><a href=\"");
			html_attr(b, n->href);
			html_raw(b, "\">");
			html_txt(b, L(c, n->vi, n->en));
			html_raw(b, "</a></li>");
		}
		html_raw(b, "</ul></nav>");
	}
	html_raw(b, "<div class=\"who\">");
	/* The language switch: a plain link, so it works without script. */
	html_raw(b, "<a class=\"lang\" href=\"/ngon-ngu?lang=");
	html_raw(b, c->lang == WEB_EN ? "vi" : "en");
	if (c->path) {
		html_raw(b, "&amp;next=");
		html_url(b, c->path);
	}
	html_raw(b, "\" lang=\"");
	html_raw(b, c->lang == WEB_EN ? "vi\">Tiếng Việt" : "en\">English");
	html_raw(b, "</a>");
	if (c->user) {
		/* The user's name opens their account (Tài khoản: what they receive by e-mail). */
		html_raw(b, nav == NAV_ACCOUNT ? "<a class=\"user\" aria-current=\"page\" href=\"/tai-khoan\" title=\""
					       : "<a class=\"user\" href=\"/tai-khoan\" title=\"");
		html_attr(b, L(c, "Tài khoản, nhận thông báo", "Account, notifications"));
		html_raw(b, "\">");
		html_txt(b, c->user->name);
		html_raw(b, " · ");
		html_txt(b, user_role_label(c->user->role, c->lang == WEB_VI));
		html_raw(b, "</a><form method=\"post\" action=\"/dang-xuat\" class=\"inline\">");
		layout_csrf(c, b);
		html_raw(b, "<button type=\"submit\">");
		html_txt(b, L(c, "Đăng xuất", "Log out"));
		html_raw(b, "</button></form>");
	}
	html_raw(b, "</div></header><main>");
}

void layout_end(struct web_ctx *c, struct http_response *rs)
{
	char when[32];

	layout_time(c, c->now, when, sizeof when);
	html_raw(&rs->body, "</main><footer><span>");
	html_txt(&rs->body, L(c, "Hài Lòng — đánh giá sự hài lòng tại Bộ phận Một cửa",
			      "Hài Lòng — satisfaction at the one-stop counters"));
	html_raw(&rs->body, "</span> <span class=\"generated\">");
	html_txt(&rs->body, L(c, "Lập lúc ", "Made at "));
	html_txt(&rs->body, when);
	html_raw(&rs->body, "</span></footer></body></html>\n");
}

void layout_time(const struct web_ctx *c, int64_t t, char *out, size_t cap)
{
	numfmt_time(out, cap, c->lang == WEB_EN ? I18N_EN : I18N_VI, t, c->utc_offset, false);
}

void layout_day(const struct web_ctx *c, int32_t day, char *out, size_t cap)
{
	numfmt_day(out, cap, c->lang == WEB_EN ? I18N_EN : I18N_VI, day);
}

/* ---- periods ------------------------------------------------------------------------------------- */

static void month_range(int y, int m, struct period_range *r)
{
	int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
	r->from = period_day_from_civil(y, m, 1);
	r->to = period_day_from_civil(ny, nm, 1) - 1;
}

static void label_of(const struct web_ctx *c, struct layout_period *p)
{
	int y, m, d;

	period_civil_from_day(p->days.from, &y, &m, &d);
	if (strcmp(p->kind, "month") == 0) {
		snprintf(p->label, sizeof p->label, c->lang == WEB_EN ? "%04d-%02d" : "Tháng %02d/%04d", c->lang == WEB_EN ? y : m,
			 c->lang == WEB_EN ? m : y);
	} else if (strcmp(p->kind, "quarter") == 0) {
		if (c->lang == WEB_EN)
			snprintf(p->label, sizeof p->label, "%04d Q%d", y, (m - 1) / 3 + 1);
		else
			snprintf(p->label, sizeof p->label, "Quý %d/%04d", (m - 1) / 3 + 1, y);
	} else if (strcmp(p->kind, "year") == 0) {
		snprintf(p->label, sizeof p->label, c->lang == WEB_EN ? "%04d" : "Năm %04d", y);
	} else {
		char a[16], b[16];
		layout_day(c, p->days.from, a, sizeof a);
		layout_day(c, p->days.to, b, sizeof b);
		snprintf(p->label, sizeof p->label, "%s – %s", a, b);
	}
}

int layout_period(const struct web_ctx *c, const struct http_request *rq, struct layout_period *p,
		  const char **bad, const char **why_vi, const char **why_en)
{
	static const char *const kinds[] = { "month", "quarter", "year" };
	const char *kind = http_param(&rq->query, "kind"), *v = NULL;
	int given = 0, y, m, d;

	memset(p, 0, sizeof *p);
	*bad = NULL;
	if (kind && !*kind)
		kind = NULL;
	if (kind && strcmp(kind, "month") && strcmp(kind, "quarter") && strcmp(kind, "year") && strcmp(kind, "range")) {
		*bad = "kind";
		*why_vi = "phải là month, quarter, year hoặc range";
		*why_en = "must be month, quarter, year or range";
		return HL_ERR_INVALID;
	}
	/* The picker sends every field and names the one meant in kind; a link or the API names only
	 * the one it means. */
	const char *chosen = kind;
	for (size_t i = 0; i < 3; i++) {
		const char *x = http_param(&rq->query, kinds[i]);
		if (x && *x && (!chosen || strcmp(chosen, kinds[i]) == 0)) {
			given++;
			v = x;
			kind = kinds[i];
		}
	}
	const char *from = http_param(&rq->query, "from"), *to = http_param(&rq->query, "to");
	if ((from && *from) || (to && *to)) {
		if (!chosen || strcmp(chosen, "range") == 0) {
			given++;
			kind = "range";
		}
	}
	if (chosen && given == 0) {
		*bad = strcmp(chosen, "range") == 0 ? "from" : chosen;
		*why_vi = "chưa chọn giá trị cho kỳ này";
		*why_en = "no value was given for this period";
		return HL_ERR_INVALID;
	}
	if (given > 1) {
		*bad = "month";
		*why_vi = "chỉ chọn một kỳ: tháng, quý, năm hoặc từ ngày – đến ngày";
		*why_en = "give one period only: month, quarter, year, or from and to";
		return HL_ERR_INVALID;
	}
	if (given == 0) { /* this month */
		period_civil_from_day(period_day_of(c->now, c->utc_offset), &y, &m, &d);
		month_range(y, m, &p->days);
		snprintf(p->kind, sizeof p->kind, "month");
		snprintf(p->value, sizeof p->value, "%04d-%02d", y, m);
	} else if (strcmp(kind, "range") == 0) {
		struct period_range a, b;
		if (!from || period_parse(from, &a) != HL_OK || strlen(from) != 10) {
			*bad = "from";
			*why_vi = "phải là ngày dạng YYYY-MM-DD";
			*why_en = "must be a date, YYYY-MM-DD";
			return HL_ERR_INVALID;
		}
		if (!to || period_parse(to, &b) != HL_OK || strlen(to) != 10) {
			*bad = "to";
			*why_vi = "phải là ngày dạng YYYY-MM-DD";
			*why_en = "must be a date, YYYY-MM-DD";
			return HL_ERR_INVALID;
		}
		if (a.from > b.to || b.to - a.from > 3660) {
			*bad = "to";
			*why_vi = "phải sau ngày bắt đầu, trong vòng 10 năm";
			*why_en = "must not be before from, and within 10 years of it";
			return HL_ERR_INVALID;
		}
		p->days.from = a.from;
		p->days.to = b.to;
		snprintf(p->kind, sizeof p->kind, "range");
	} else {
		size_t want = strcmp(kind, "month") == 0 ? 7 : strcmp(kind, "quarter") == 0 ? 7 : 4;
		if (strlen(v) != want || period_parse(v, &p->days) != HL_OK ||
		    (strcmp(kind, "quarter") == 0) != (strlen(v) > 5 && v[5] == 'Q')) {
			*bad = kind;
			*why_vi = strcmp(kind, "month") == 0 ? "phải là tháng dạng YYYY-MM"
				 : strcmp(kind, "quarter") == 0 ? "phải là quý dạng YYYY-Qn (n từ 1 đến 4)"
								: "phải là năm dạng YYYY";
			*why_en = strcmp(kind, "month") == 0 ? "must be a month, YYYY-MM"
				 : strcmp(kind, "quarter") == 0 ? "must be a quarter, YYYY-Qn (n from 1 to 4)"
								: "must be a year, YYYY";
			return HL_ERR_INVALID;
		}
		snprintf(p->kind, sizeof p->kind, "%s", kind);
		snprintf(p->value, sizeof p->value, "%s", v);
	}
	/* The period before, of the same kind. */
	period_civil_from_day(p->days.from, &y, &m, &d);
	if (strcmp(p->kind, "month") == 0) {
		month_range(m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1, &p->prev);
	} else if (strcmp(p->kind, "quarter") == 0) {
		int pm = m - 3, py = y;
		if (pm < 1) {
			pm += 12;
			py--;
		}
		struct period_range a, b;
		month_range(py, pm, &a);
		month_range(py, pm + 2, &b);
		p->prev.from = a.from;
		p->prev.to = b.to;
	} else if (strcmp(p->kind, "year") == 0) {
		p->prev.from = period_day_from_civil(y - 1, 1, 1);
		p->prev.to = p->days.from - 1;
	} else {
		int32_t len = p->days.to - p->days.from + 1;
		p->prev.to = p->days.from - 1;
		p->prev.from = p->prev.to - len + 1;
	}
	label_of(c, p);
	return HL_OK;
}

static void option(struct buf *b, const char *value, const char *label, bool selected)
{
	html_raw(b, selected ? "<option selected value=\"" : "<option value=\"");
	html_attr(b, value);
	html_raw(b, "\">");
	html_txt(b, label);
	html_raw(b, "</option>");
}

void layout_period_picker(struct web_ctx *c, struct buf *b, const struct layout_period *p,
			  const char *const *hidden)
{
	int y, m, d;
	char v[24], from[11] = "", to[11] = "";

	period_civil_from_day(period_day_of(c->now, c->utc_offset), &y, &m, &d);
	html_raw(b, "<form method=\"get\" class=\"period\"><label>");
	html_txt(b, L(c, "Kỳ", "Period"));
	html_raw(b, " <select name=\"kind\">");
	option(b, "month", L(c, "Tháng", "Month"), strcmp(p->kind, "month") == 0);
	option(b, "quarter", L(c, "Quý", "Quarter"), strcmp(p->kind, "quarter") == 0);
	option(b, "year", L(c, "Năm", "Year"), strcmp(p->kind, "year") == 0);
	option(b, "range", L(c, "Từ ngày – đến ngày", "From – to"), strcmp(p->kind, "range") == 0);
	html_raw(b, "</select></label> <label>");
	html_txt(b, L(c, "Tháng", "Month"));
	html_raw(b, " <input type=\"month\" name=\"month\" value=\"");
	html_attr(b, strcmp(p->kind, "month") == 0 ? p->value : "");
	html_raw(b, "\"></label> <label>");
	html_txt(b, L(c, "Quý", "Quarter"));
	html_raw(b, " <select name=\"quarter\"><option value=\"\"></option>");
	for (int i = 0; i < 8; i++) {
		int q = (m - 1) / 3 + 1 - i, qy = y;
		while (q < 1) {
			q += 4;
			qy--;
		}
		snprintf(v, sizeof v, "%04d-Q%d", qy, q);
		option(b, v, v, strcmp(p->kind, "quarter") == 0 && strcmp(p->value, v) == 0);
	}
	html_raw(b, "</select></label> <label>");
	html_txt(b, L(c, "Năm", "Year"));
	html_raw(b, " <select name=\"year\"><option value=\"\"></option>");
	for (int i = 0; i < 6; i++) {
		snprintf(v, sizeof v, "%04d", y - i);
		option(b, v, v, strcmp(p->kind, "year") == 0 && strcmp(p->value, v) == 0);
	}
	html_raw(b, "</select></label> <label>");
	if (strcmp(p->kind, "range") == 0) {
		period_format_day(p->days.from, from);
		period_format_day(p->days.to, to);
	}
	html_txt(b, L(c, "Từ", "From"));
	html_raw(b, " <input type=\"date\" name=\"from\" value=\"");
	html_attr(b, from);
	html_raw(b, "\"></label> <label>");
	html_txt(b, L(c, "Đến", "To"));
	html_raw(b, " <input type=\"date\" name=\"to\" value=\"");
	html_attr(b, to);
	html_raw(b, "\"></label>");
	for (size_t i = 0; hidden && hidden[i] && hidden[i + 1]; i += 2) {
		if (!hidden[i + 1][0])
			continue;
		html_raw(b, "<input type=\"hidden\" name=\"");
		html_attr(b, hidden[i]);
		html_raw(b, "\" value=\"");
		html_attr(b, hidden[i + 1]);
		html_raw(b, "\">");
	}
	html_raw(b, " <button type=\"submit\">");
	html_txt(b, L(c, "Xem", "Show"));
	html_raw(b, "</button></form>");
}

int layout_site(const struct web_ctx *c, const struct http_request *rq, const char **site)
{
	const char *s = http_param(&rq->query, "site");

	*site = NULL;
	if (s && *s) {
		if (!topic_id_valid(s))
			return HL_ERR_INVALID;
		if (!web_site_allowed(c, s))
			return HL_ERR_RANGE;
		*site = s;
		return HL_OK;
	}
	if (c->token && c->token->nsites)
		*site = c->token->sites[0];
	else if (c->user && c->user->nsites && c->user->role != ROLE_ADMIN && c->user->role != ROLE_PROVINCE)
		*site = c->user->sites[0];
	return HL_OK;
}

const char *layout_site_name(const struct web_ctx *c, const char *site, char *buf, size_t cap)
{
	return store_roster_site_name(c->store, site, buf, cap) == HL_OK ? buf : NULL;
}

const char *layout_site_label(const struct web_ctx *c, const char *site, char *buf, size_t cap)
{
	char name[ROSTER_NAME_MAX + 1];

	return report_site_label(site, layout_site_name(c, site, name, sizeof name), buf, cap);
}

void layout_site_html(const struct web_ctx *c, struct buf *b, const char *site)
{
	char name[ROSTER_NAME_MAX + 1];

	if (layout_site_name(c, site, name, sizeof name)) {
		html_txt(b, name);
		html_raw(b, " <span class=\"muted code\">");
	} else {
		html_raw(b, "<span class=\"site\">");
	}
	html_txt(b, site);
	html_raw(b, "</span>");
}

struct site_opts {
	const struct web_ctx *c;
	struct buf *b;
	const char *chosen;
	bool listed;
};

static void site_option(struct site_opts *o, const char *site)
{
	bool sel = o->chosen && strcmp(o->chosen, site) == 0;

	char label[HL_CODE_MAX + ROSTER_NAME_MAX + 8];

	o->listed |= sel;
	option(o->b, site, layout_site_label(o->c, site, label, sizeof label), sel);
}

static int site_option_fn(void *ud, const char *site)
{
	struct site_opts *o = ud;

	if (web_site_allowed(o->c, site))
		site_option(o, site);
	return HL_OK;
}

void layout_site_options(struct web_ctx *c, struct buf *b, const char *chosen)
{
	struct site_opts o = { .c = c, .b = b, .chosen = chosen };

	html_raw(b, "<option value=\"\">");
	html_txt(b, c->user && c->user->nsites ? L(c, "Tất cả đơn vị của tôi", "All my sites")
					       : L(c, "Tất cả đơn vị", "All sites"));
	html_raw(b, "</option>");
	if (c->user && c->user->nsites > 0)
		for (size_t i = 0; i < c->user->nsites; i++)
			site_option(&o, c->user->sites[i]);
	else
		store_roster_sites(c->store, site_option_fn, &o);
	if (chosen && !o.listed)
		site_option(&o, chosen);
}
