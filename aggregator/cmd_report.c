/* SPDX-License-Identifier: MIT
 * cmd_report.c — `report` and `export sipas`: the store's summed roll-ups (for a drill-down with
 * --officer or --procedure, the pair roll-ups), names from the roster, the weekly trend and the open
 * flags, handed to the report module to write; `report 766` is parsed here and run by cmd_dossier.c.
 * Reads only. */
#include "cli.h"
#include "commands.h"
#include "hl.h"
#include "dossier.h"
#include "report.h"
#include "report766.h"
#include "roster.h"
#include "sipas.h"
#include "report_load.h"
#include "store.h"
#include "store_roster.h"
#include "wire.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage_report(FILE *f)
{
	fprintf(f,
		"Usage: " CLI_PROG " report officers|procedures|counters|sites (--db PATH | -c FILE)\n"
		"           [--from YYYY-MM-DD --to YYYY-MM-DD | --month YYYY-MM | --quarter YYYY-Qn |\n"
		"            --year YYYY] [--site SITE] [--format table|csv|json|html] [--lang vi|en] [-o FILE]\n"
		"       " CLI_PROG " report procedures|counters --site SITE --officer CODE ...\n"
		"       " CLI_PROG " report counters --procedure CODE [--site SITE] ...\n"
		"       " CLI_PROG " report officers --officer CODE | procedures --procedure CODE ...\n"
		"       " CLI_PROG " report 766 (--db PATH | -c FILE) --quarter YYYY-Qn | --year YYYY | --month YYYY-MM\n"
		"           [--site SITE] [--max-points N] [--format table|csv|json|html] [-o FILE]\n"
		"\n"
		"Satisfaction indices per officer (officer question), procedure (procedure question), counter or\n"
		"site (both), with 95%% Wilson intervals and n, ranked by the interval's lower bound, names from\n"
		"the roster. Read from the daily and monthly roll-ups. Without a period: everything stored.\n"
		"html: one self-contained page with charts and the open complaint flags at the top; bars\n"
		"below target_percent (config file, default 90; 0: none) are drawn in the warning colour,\n"
		"and over a period the previous one (as long) is drawn beside each bar.\n"
		"--officer: that officer's procedures or counters (a drill-down; officer codes are each site's\n"
		"own, so --site is needed); --procedure: that procedure's counters. Both questions are shown,\n"
		"officers --officer, procedures --procedure: that officer's or procedure's own rows (each site's\n"
		"unless --site), with its weekly trend in html.\n"
		"and an officer's rows under 5 answers show \"< 5\" (their reason counts too).\n"
		"\n"
		"table: in --lang (default: the config's lang, vi); Vietnamese writes the decimal comma\n"
		"(70,7) and dd/mm/yyyy dates. html: a Vietnamese page, the same conventions. csv and json stay\n"
		"machine-readable whatever --lang says: decimal point, YYYY-MM-DD dates, codes for reasons.\n"
		"Times are the sites' local time (utc_offset_minutes) with the zone written (+07).\n"
		"766: the satisfaction criterion of QĐ 766/QĐ-TTg, an estimate (ước tính), per site and\n"
		"procedure, a total per site and one for all: the dossier counts of the period's whole months\n"
		"('import dossiers') beside the terminal's ratings of the same days.\n"
		"  rate = 100%% - (overdue%% + complaint%% + dissatisfied%%), where overdue%% = overdue / resolved,\n"
		"  complaint%% = complaints / resolved and dissatisfied%% = ratings with a dissatisfied answer or\n"
		"  a complaint reason / all ratings (100 - the ratings' 766%%); kept within 0..100, rounded to\n"
		"  0.01; points = max at a rate of 90%% or more, else rate x max / 90. max: --max-points or\n"
		"  qd766_max_points in the config (default %g). A group without dossier data, resolved dossiers\n"
		"  or ratings has no rate (\"—\", empty, null), never 0. The formula is printed with the figures.\n",
		DOSSIER_MAX_POINTS_DEFAULT);
}

static void usage_export(FILE *f)
{
	fprintf(f,
		"Usage: " CLI_PROG " export sipas (--db PATH | -c FILE) --year YYYY [--site SITE]\n"
		"           [--weights ELEMENT=W,...] [--format csv|json|table] [-o FILE]\n"
		"\n"
		"SIPAS inputs for the province: per site, one index per SIPAS element (QĐ 1001/QĐ-BNV,\n"
		"2023) with n, each fed by one terminal question so that no answer counts twice:\n"
		"  tiep_can_dich_vu    tiếp cận dịch vụ                 no question: no data\n"
		"  thu_tuc_hanh_chinh  thủ tục hành chính               the procedure question\n"
		"  cong_chuc           công chức                        the officer question\n"
		"  ket_qua_dich_vu     kết quả dịch vụ                  the result question, where terminals\n"
		"                                                       ask it (questions = all)\n"
		"  tiep_nhan_gop_y     tiếp nhận, xử lý góp ý           no question: no data\n"
		"An element without answers is no data (empty in CSV, null in JSON), never 0. The overall\n"
		"index = sum(w_e x I_e) / sum(w_e) over the elements with data; weights are 1 each unless\n"
		"--weights or sipas_weights in the config file say otherwise (e.g. cong_chuc=2; the older\n"
		"form W_CONG_CHUC,W_THU_TUC,W_KET_QUA is read too). The mapping and the formula are written\n"
		"beside the numbers; table: in Vietnamese, for people.\n");
}

/* Opens -o FILE (or stdout), writes with fn, closes; prints why on failure. Returns the exit code. */
static int write_out(const char *path, int (*fn)(FILE *, const void *), const void *arg)
{
	FILE *out = path ? fopen(path, "w") : stdout;
	int rc;

	if (!out) {
		perror(path);
		return 1;
	}
	rc = fn(out, arg);
	if (out != stdout && fclose(out) != 0 && rc == HL_OK)
		rc = HL_ERR_IO;
	if (rc != HL_OK) {
		fprintf(stderr, CLI_PROG ": writing %s failed: %s\n", path ? path : "the report", hl_strerror(rc));
		return 1;
	}
	return 0;
}

struct report_job {
	struct report r;
	int fmt;
};

static int write_report(FILE *out, const void *arg)
{
	const struct report_job *j = arg;

	return report_write(out, (enum report_format)j->fmt, &j->r);
}

/* `report 766`: the options that go with it, checked; the whole months asked; then cmd_dossier.c. */
static int report_766(struct cli_common *c, struct cli_period *per, const struct report *r, int fmt, const char *outpath,
		      const char *max_points, int nextra, char **extra)
{
	struct period_range days;
	bool all_time;

	if (nextra > 0)
		return cli_usage_error(usage_report, "unexpected argument '%s'", extra[0]);
	if (r->officer || r->procedure)
		return cli_usage_error(usage_report, "%s", r->officer ? "--officer goes with procedures or counters, not 766"
								      : "--procedure goes with counters, not 766");
	if (cli_period_finish(per, &days, &all_time, usage_report))
		return 2;
	/* The one-stop system counts by month: the estimate is of whole months. */
	if (all_time || !report766_period_ok(days))
		return cli_usage_error(usage_report, "%s",
				       "report 766 needs --quarter YYYY-Qn, --year YYYY or --month YYYY-MM (whole months)");
	return cmd_report_766(c, &days, r->site, fmt, outpath, max_points);
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' }, { "db", required_argument, NULL, 'd' },
		{ "from", required_argument, NULL, 'F' },   { "to", required_argument, NULL, 'T' },
		{ "month", required_argument, NULL, 'M' },  { "quarter", required_argument, NULL, 'Q' },
		{ "year", required_argument, NULL, 'Y' },   { "site", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' }, { "output", required_argument, NULL, 'o' },
		{ "officer", required_argument, NULL, 'O' }, { "procedure", required_argument, NULL, 'P' },
		{ "lang", required_argument, NULL, 'L' },   { "max-points", required_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const char *const popts[] = { ['F'] = "from", ['T'] = "to", ['M'] = "month", ['Q'] = "quarter",
					     ['Y'] = "year" };
	struct cli_common c = { 0 };
	struct cli_period per;
	struct settings st;
	struct report_job job = { .fmt = REPORT_TABLE };
	struct report *r = &job.r;
	const char *outpath = NULL, *max_points = NULL;
	int opt, rc = 1;

	cli_period_init(&per);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "c:o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': c.config = optarg; break;
		case 'd': cli_override(&c, "db", optarg); break;
		case 'F': case 'T': case 'M': case 'Q': case 'Y':
			if (cli_period_option(&per, popts[opt], optarg, usage_report))
				return 2;
			break;
		case 's': r->site = optarg; break;
		case 'O':
		case 'P':
			if (!*optarg || !wire_code_valid(optarg))
				return cli_usage_error(usage_report,
						       opt == 'O' ? "bad --officer '%s' (1 to 32 of A-Z a-z 0-9 . _ -)"
								  : "bad --procedure '%s' (1 to 32 of A-Z a-z 0-9 . _ -)",
						       optarg);
			*(opt == 'O' ? &r->officer : &r->procedure) = optarg;
			break;
		case 'f':
			if ((job.fmt = report_format_parse(optarg)) < 0)
				return cli_usage_error(usage_report, "unknown format '%s'", optarg);
			break;
		case 'o': outpath = optarg; break;
		case 'L':
			if (cli_lang_option(&c, optarg, usage_report))
				return 2;
			break;
		case 'X': {
			double points;
			if (dossier_max_points_parse(optarg, &points) != HL_OK)
				return cli_usage_error(usage_report, "bad --max-points '%s' (a number above 0, at most 100)",
						       optarg);
			max_points = optarg;
			break;
		}
		case 'h': usage_report(stdout); return 0;
		default: return cli_usage_hint(usage_report);
		}
	}
	if (optind >= argc)
		return cli_usage_error(usage_report, "%s", "which report? officers, procedures, counters, sites or 766");
	if (strcmp(argv[optind], "766") == 0)
		return report_766(&c, &per, r, job.fmt, outpath, max_points, argc - optind - 1, argv + optind + 1);
	if (max_points)
		return cli_usage_error(usage_report, "--max-points goes with 766, not %s", argv[optind]);
	if ((r->dim = report_dim_parse(argv[optind])) < 0)
		return cli_usage_error(usage_report, "unknown report '%s'", argv[optind]);
	if (optind + 1 < argc)
		return cli_usage_error(usage_report, "unexpected argument '%s'", argv[optind + 1]);
	if (r->officer && r->procedure)
		return cli_usage_error(usage_report, "%s", "--officer or --procedure, not both");
	/* officers --officer X, procedures --procedure P: that one's rows (at every site unless --site). */
	if (r->officer && r->dim == ROLLUP_OFFICER)
		r->only = r->officer, r->officer = NULL;
	if (r->procedure && r->dim == ROLLUP_PROCEDURE)
		r->only = r->procedure, r->procedure = NULL;
	if (r->officer && r->dim != ROLLUP_PROCEDURE && r->dim != ROLLUP_COUNTER)
		return cli_usage_error(usage_report, "--officer goes with officers, procedures or counters, not %s",
				       argv[optind]);
	if (r->procedure && r->dim != ROLLUP_COUNTER)
		return cli_usage_error(usage_report, "--procedure goes with procedures or counters, not %s", argv[optind]);
	if (r->officer && !r->site)
		return cli_usage_error(usage_report, "%s",
				       "--officer needs --site (officer codes are each site's own)");
	if (cli_period_finish(&per, &r->days, &r->all_time, usage_report))
		return 2;

	struct store *s;
	struct report_buffers *bufs = NULL;
	if (cli_open_store(&c, &st, &s))
		return 1;
	if (cli_check_site(s, r->site)) {
		store_close(s);
		return 1;
	}
	r->generated = (int64_t)time(NULL);
	r->utc_offset = st.utc_offset_minutes * 60;
	r->target = st.target_percent;
	r->lang = settings_lang(&st);
	if (report_load(s, r, job.fmt == REPORT_HTML, &bufs) != HL_OK)
		fprintf(stderr, CLI_PROG ": report failed: %s\n", store_errmsg(s));
	else if ((rc = write_out(outpath, write_report, &job)) == 0 && outpath)
		fprintf(stderr, CLI_PROG ": wrote %s\n", outpath);
	report_load_free(bufs);
	store_close(s);
	return rc;
}

struct sipas_job {
	struct sipas_export x;
	int fmt;
};

static int write_sipas(FILE *out, const void *arg)
{
	const struct sipas_job *j = arg;

	return sipas_write(out, (enum report_format)j->fmt, &j->x);
}

int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' }, { "db", required_argument, NULL, 'd' },
		{ "year", required_argument, NULL, 'Y' },   { "site", required_argument, NULL, 's' },
		{ "weights", required_argument, NULL, 'w' }, { "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' }, { "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct cli_common c = { 0 };
	struct cli_period per;
	struct settings st;
	struct sipas_export x = { 0 };
	char why[160];
	struct period_range span;
	const char *outpath = NULL, *site = NULL;
	bool all_time;
	int fmt = REPORT_CSV, opt, rc = 1;

	cli_period_init(&per);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "c:o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': c.config = optarg; break;
		case 'd': cli_override(&c, "db", optarg); break;
		case 'Y':
			if (cli_period_option(&per, "year", optarg, usage_export))
				return 2;
			x.year = atoi(optarg);
			break;
		case 's': site = optarg; break;
		case 'w':
			if (settings_weights(optarg, x.weights, why, sizeof why) != HL_OK) {
				char msg[400];
				snprintf(msg, sizeof msg, "bad --weights '%s': %s", optarg, why);
				return cli_usage_error(usage_export, "%s", msg);
			}
			cli_override(&c, "sipas_weights", optarg);
			break;
		case 'f':
			fmt = report_format_parse(optarg);
			if (fmt != REPORT_CSV && fmt != REPORT_JSON && fmt != REPORT_TABLE)
				return cli_usage_error(usage_export, "unknown format '%s' (csv, json or table)", optarg);
			break;
		case 'o': outpath = optarg; break;
		case 'h': usage_export(stdout); return 0;
		default: return cli_usage_hint(usage_export);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "sipas") != 0)
		return cli_usage_error(usage_export, "%s", "what to export? sipas");
	if (optind + 1 < argc)
		return cli_usage_error(usage_export, "unexpected argument '%s'", argv[optind + 1]);
	if (!x.year)
		return cli_usage_error(usage_export, "%s", "--year is required");
	if (cli_period_finish(&per, &span, &all_time, usage_export))
		return 2;

	struct store *s;
	struct rollup_list rows = { 0 };
	struct report_row *sites = NULL;
	struct roster *names = NULL;
	struct index_group total;
	if (cli_open_store(&c, &st, &s))
		return 1;
	if (cli_check_site(s, site)) {
		store_close(s);
		return 1;
	}
	settings_weights(st.sipas_weights, x.weights, why, sizeof why); /* checked when the settings loaded */
	x.generated = (int64_t)time(NULL);
	if (store_query(s, ROLLUP_SITE, span, site, rollup_list_push, &rows) != HL_OK ||
	    report_group(rows.v, rows.n, &sites, &x.nsites, &total) != HL_OK ||
	    store_roster_site_names(s, site, &names) != HL_OK) {
		fprintf(stderr, CLI_PROG ": export failed: %s\n", store_errmsg(s));
		goto out;
	}
	report_site_names(sites, x.nsites, true, names);
	x.sites = sites;
	struct sipas_job job = { x, fmt };
	rc = write_out(outpath, write_sipas, &job);
out:
	free(sites);
	roster_free(names);
	rollup_list_free(&rows);
	store_close(s);
	return rc;
}

static void usage_backup(FILE *f)
{
	fprintf(f,
		"Usage: " CLI_PROG " backup (--db PATH | -c FILE) -o COPY\n"
		"\n"
		"Copies the whole database into the new file COPY as one consistent snapshot, also while\n"
		"`serve` runs. Restore by stopping serve and putting COPY in place of the database.\n");
}

int cmd_backup(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' }, { "db", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' }, { "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct cli_common c = { 0 };
	struct settings st;
	struct store *s;
	const char *outpath = NULL;
	char err[512];
	int opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "c:o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': c.config = optarg; break;
		case 'd': cli_override(&c, "db", optarg); break;
		case 'o': outpath = optarg; break;
		case 'h': usage_backup(stdout); return 0;
		default: return cli_usage_hint(usage_backup);
		}
	}
	if (optind < argc)
		return cli_usage_error(usage_backup, "unexpected argument '%s'", argv[optind]);
	if (!outpath)
		return cli_usage_error(usage_backup, "%s", "-o COPY is required");
	if (cli_open_store(&c, &st, &s))
		return 1;
	rc = store_backup(s, outpath, err, sizeof err);
	if (rc != HL_OK)
		fprintf(stderr, CLI_PROG ": %s\n", err);
	else
		fprintf(stderr, CLI_PROG ": backed up %s to %s\n", st.db, outpath);
	store_close(s);
	return rc == HL_OK ? 0 : 1;
}
