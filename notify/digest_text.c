/* SPDX-License-Identifier: MIT
 * digest_text.c — the subject and body of a scheduled report (digest_text.h). The body is written to
 * a memory stream: a heading, the site's indices beside the period before, the counters, the best and
 * worst few procedures and officers, the flags opened in the period by day, the console's link. Every
 * figure comes from a report row; every number and day goes through numfmt.h. */
#include "digest_text.h"

#include "hl.h"
#include "i18n.h"
#include "index.h"
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { W_REPORT, W_SITE, W_INDEX, W_PREV, W_RATINGS, W_COUNTERS, W_PROCS, W_OFFICERS, W_BEST, W_WORST, W_MORE,
       W_FEW, W_NONE, W_CI, W_FLAGS, W_NO_FLAGS, W_LINK, W_ATTACHED, W_ATTACHED_PDF, W_FOOT, W_HIDDEN, W_UNRANKED, W_COUNT };

/* What the body says, Vietnamese first. */
static const char *const words[W_COUNT][2] = {
	[W_REPORT] = { "Báo cáo %s", "Report for %s" },
	[W_SITE] = { "Đơn vị: %s", "Site: %s" },
	[W_INDEX] = { "Chỉ số hài lòng của đơn vị (% câu trả lời hài lòng, khoảng tin cậy 95 %, n câu trả lời):",
		      "The site's satisfaction index (% of answers satisfied, 95 % interval, n answers):" },
	[W_PREV] = { "kỳ trước", "period before" },
	[W_RATINGS] = { "Lượt đánh giá", "Ratings" },
	[W_COUNTERS] = { "Theo quầy (%s):", "Per counter (%s):" },
	[W_PROCS] = { "Theo thủ tục (%s):", "Per procedure (%s):" },
	[W_OFFICERS] = { "Theo cán bộ (%s):", "Per officer (%s):" },
	[W_BEST] = { "  Cao nhất:", "  Highest:" },
	[W_WORST] = { "  Thấp nhất:", "  Lowest:" },
	[W_MORE] = { "  … và %zu mục khác: xem báo cáo đính kèm.", "  … and %zu more: see the attached report." },
	[W_FEW] = { "ít đánh giá", "few ratings" },
	[W_NONE] = { "chưa có đánh giá", "no ratings" },
	[W_CI] = { "KTC 95 %", "95 % CI" },
	[W_FLAGS] = { "Cảnh báo mở trong kỳ: %zu", "Flags opened in the period: %zu" },
	[W_NO_FLAGS] = { "  Không có cảnh báo nào mở trong kỳ.", "  No flag opened in the period." },
	[W_LINK] = { "Xem trên bảng điều khiển: ", "See it in the console: " },
	[W_ATTACHED] = { "Đính kèm: báo cáo HTML của đơn vị cho kỳ này.",
			 "Attached: the site's HTML report for the period." },
	[W_ATTACHED_PDF] = { "Đính kèm: báo cáo HTML và bản PDF của đơn vị cho kỳ này.",
			     "Attached: the site's HTML report for the period, and a PDF of it." },
	[W_FOOT] = { "Thư tự động của Hài Lòng, gửi một lần mỗi kỳ. Đổi lựa chọn nhận thư trong mục Tài khoản của bảng điều khiển.",
		     "An automatic mail from Hài Lòng, sent once per period. Change what you receive under Account in the console." },
	[W_HIDDEN] = { "< 5", "< 5" },
	[W_UNRANKED] = { "  Chưa xếp hạng (dưới 30 câu trả lời), nhiều đánh giá nhất trước:",
			 "  Not ranked (under 30 answers), most rated first:" },
};

static const char *w(int lang, int key)
{
	return words[key][lang == I18N_EN];
}

/* "86,7 (KTC 95 %: 70,3–94,7; n = 30)", with "; ít đánh giá" under INDEX_MIN_RANK answers. */
static void fig(FILE *out, int lang, const struct index_q *q)
{
	char v[32], lo[32], hi[32];

	if (!q || q->n == 0) {
		fputs(w(lang, W_NONE), out);
		return;
	}
	numfmt_num(v, sizeof v, lang, q->satisfaction, 1);
	numfmt_num(lo, sizeof lo, lang, q->sat_lo, 1);
	numfmt_num(hi, sizeof hi, lang, q->sat_hi, 1);
	fprintf(out, "%s (%s: %s–%s; n = %lld%s%s)", v, w(lang, W_CI), lo, hi, (long long)q->n, q->rankable ? "" : "; ",
		q->rankable ? "" : w(lang, W_FEW));
}

/* The short figure of the period before: "80,0 (n = 25)". */
static void fig_short(FILE *out, int lang, const struct index_q *q)
{
	char v[32];

	if (!q || q->n == 0) {
		fputs(w(lang, W_NONE), out);
		return;
	}
	fprintf(out, "%s (n = %lld)", numfmt_num(v, sizeof v, lang, q->satisfaction, 1), (long long)q->n);
}

/* "16/11/2026–22/11/2026", or one day. */
static void days_text(FILE *out, int lang, struct period_range r)
{
	char a[16], b[16];

	numfmt_day(a, sizeof a, lang, r.from);
	if (r.from == r.to)
		fputs(a, out);
	else
		fprintf(out, "%s–%s", a, numfmt_day(b, sizeof b, lang, r.to));
}

/* Whether a row's figures may be written in a mail. Besides the reports' rule (an officer under 5
 * ratings), a counter under 5: a counter is most often one officer, whose few answers its figure
 * would give away (the public board hides them too). */
static bool row_shown(const struct report *r, const struct report_row *row)
{
	return report_shown(r, row) && !(r->dim == ROLLUP_COUNTER && row->g.ratings < REPORT_MIN_SHOWN);
}

/* One ranked line: "  2. Quầy 1 – Thương mại: FIG — kỳ trước: 80,0 (n = 25)". */
static void row_line(FILE *out, const struct digest_figures *f, const struct report *r, size_t rank,
		     const struct report_row *row, int q, bool with_prev)
{
	/* A rank only for a row that ranks (INDEX_MIN_RANK answers); the others are listed, not ranked. */
	if (rank && row->g.q[q].rankable)
		fprintf(out, "    %zu. %s: ", rank, report_row_label(r, row, f->lang));
	else
		fprintf(out, "    – %s: ", report_row_label(r, row, f->lang));
	if (!row_shown(r, row)) {
		fputs(w(f->lang, W_HIDDEN), out);
	} else {
		fig(out, f->lang, &row->g.q[q]);
		if (with_prev && !r->all_time) {
			const struct report_row *p = report_prev_row(r, row);
			fprintf(out, " — %s: ", w(f->lang, W_PREV));
			if (p && !row_shown(r, p))
				fputs(w(f->lang, W_HIDDEN), out);
			else
				fig_short(out, f->lang, p ? &p->g.q[q] : NULL);
		}
	}
	fputc('\n', out);
}

/* A ranked section: all rows when few, else the best and the worst few of those that rank. */
static int ranked(FILE *out, const struct digest_figures *f, const struct report *r, int title, bool all, bool with_prev)
{
	int qs[SURVEY_Q_COUNT];
	size_t *order, k = 0, shown = 0;

	if (!r || r->nrows == 0)
		return HL_OK;
	report_questions(r, qs);
	if (!(order = report_order(r)))
		return HL_ERR_NOMEM;
	fputc('\n', out);
	fprintf(out, w(f->lang, title), report_question_title(qs[0], f->lang != I18N_EN));
	fputc('\n', out);
	while (k < r->nrows && r->rows[order[k]].g.q[qs[0]].rankable)
		k++;
	if (all || r->nrows <= 2 * DIGEST_TOP) {
		size_t cap = all ? 12 : 2 * DIGEST_TOP;
		for (size_t i = 0; i < r->nrows && i < cap; i++, shown++)
			row_line(out, f, r, i + 1, &r->rows[order[i]], qs[0], with_prev);
	} else if (k == 0) {
		/* None ranks: no "highest" to name; the most rated few, unnumbered. */
		fprintf(out, "%s\n", w(f->lang, W_UNRANKED));
		for (size_t i = 0; i < r->nrows && i < DIGEST_TOP; i++, shown++)
			row_line(out, f, r, 0, &r->rows[order[i]], qs[0], with_prev);
	} else {
		size_t top = k < DIGEST_TOP ? k : DIGEST_TOP, from = k > 2 * DIGEST_TOP ? k - DIGEST_TOP : top;
		fprintf(out, "%s\n", w(f->lang, W_BEST));
		for (size_t i = 0; i < top; i++, shown++)
			row_line(out, f, r, i + 1, &r->rows[order[i]], qs[0], with_prev);
		if (from < k) {
			fprintf(out, "%s\n", w(f->lang, W_WORST));
			for (size_t i = from; i < k; i++, shown++)
				row_line(out, f, r, i + 1, &r->rows[order[i]], qs[0], with_prev);
		}
	}
	if (shown < r->nrows) {
		fprintf(out, w(f->lang, W_MORE), r->nrows - shown);
		fputc('\n', out);
	}
	free(order);
	return HL_OK;
}

void digest_text_subject(int lang, const char *label, const char *site, const char *site_name, char *out, size_t cap)
{
	snprintf(out, cap, lang == I18N_EN ? "Hài Lòng — report for %s: %s" : "Hài Lòng — báo cáo %s: %s", label,
		 site_name && *site_name ? site_name : site);
}

/* The site's own figures: each question beside the period before, and the ratings. */
static void site_part(FILE *out, const struct digest_figures *f)
{
	const struct report *r = f->sites;
	const struct report_row *row = NULL, *p = NULL;
	int qs[SURVEY_Q_COUNT], nq;

	for (size_t i = 0; r && i < r->nrows; i++)
		if (strcmp(r->rows[i].site, f->site) == 0)
			row = &r->rows[i];
	if (!r)
		return;
	p = row ? report_prev_row(r, row) : NULL;
	fputc('\n', out);
	fprintf(out, "%s\n", w(f->lang, W_INDEX));
	nq = report_questions(r, qs);
	for (int i = 0; i < nq; i++) {
		fprintf(out, "  %s: ", report_question_title(qs[i], f->lang != I18N_EN));
		fig(out, f->lang, row ? &row->g.q[qs[i]] : NULL);
		fprintf(out, "\n    %s (", w(f->lang, W_PREV));
		days_text(out, f->lang, f->prev);
		fputs("): ", out);
		fig(out, f->lang, p ? &p->g.q[qs[i]] : NULL);
		fputc('\n', out);
	}
	fprintf(out, "  %s: %lld — %s: %lld\n", w(f->lang, W_RATINGS), (long long)(row ? row->g.ratings : 0),
		w(f->lang, W_PREV), (long long)(p ? p->g.ratings : 0));
}

char *digest_text_body(const struct digest_figures *f)
{
	char *text = NULL, site[HL_CODE_MAX + 256], day[16];
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int rc = HL_OK;

	if (!out)
		return NULL;
	fprintf(out, w(f->lang, W_REPORT), f->label);
	fputc('\n', out);
	fprintf(out, w(f->lang, W_SITE), report_site_label(f->site, f->site_name, site, sizeof site));
	fputc('\n', out);
	site_part(out, f);
	if (rc == HL_OK)
		rc = ranked(out, f, f->counters, W_COUNTERS, true, true);
	if (rc == HL_OK)
		rc = ranked(out, f, f->procedures, W_PROCS, false, false);
	if (rc == HL_OK)
		rc = ranked(out, f, f->officers, W_OFFICERS, false, false);
	fputc('\n', out);
	fprintf(out, w(f->lang, W_FLAGS), f->nflags);
	fputc('\n', out);
	if (f->nflags == 0)
		fprintf(out, "%s\n", w(f->lang, W_NO_FLAGS));
	for (size_t i = 0; i < f->nflags; i++)
		fprintf(out, "  %s: %s\n", numfmt_day(day, sizeof day, f->lang, f->flags[i].day), f->flags[i].text);
	fputc('\n', out);
	if (f->console_url && *f->console_url) {
		char a[11], b[11];
		period_format_day(f->days.from, a);
		period_format_day(f->days.to, b);
		fprintf(out, "%s%s/bao-cao/quay?site=%s&from=%s&to=%s\n", w(f->lang, W_LINK), f->console_url, f->site, a, b);
	}
	fprintf(out, "%s\n\n%s\n", w(f->lang, f->pdf ? W_ATTACHED_PDF : W_ATTACHED), w(f->lang, W_FOOT));
	if (fclose(out) != 0 || rc != HL_OK) {
		free(text);
		return NULL;
	}
	return text;
}

void digest_text_sipas_subject(int lang, const char *label, char *out, size_t cap)
{
	snprintf(out, cap, lang == I18N_EN ? "Hài Lòng — SIPAS inputs, %s" : "Hài Lòng — đầu vào SIPAS %s", label);
}

char *digest_text_sipas_body(int lang, const char *label, const char *table, size_t nsites, const char *console_url)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	bool en = lang == I18N_EN;

	if (!out)
		return NULL;
	fprintf(out, en ? "SIPAS inputs for %s, %zu sites (the attached CSV has the same figures).\n\n"
			: "Đầu vào SIPAS %s, %zu đơn vị (tệp CSV đính kèm có cùng số liệu).\n\n",
		label, nsites);
	fputs(table, out);
	if (console_url && *console_url)
		fprintf(out, "\n%s%s/bao-cao/don-vi\n", en ? "See it in the console: " : "Xem trên bảng điều khiển: ",
			console_url);
	fprintf(out, "\n%s\n", w(lang, W_FOOT));
	if (fclose(out) != 0) {
		free(text);
		return NULL;
	}
	return text;
}
