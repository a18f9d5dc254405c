/* SPDX-License-Identifier: MIT
 * cmd_dossier.c — the one-stop system's dossier counts: `import dossiers FILE.csv` reads a monthly
 * export (dossier.c checks every row, listing every fault by file, line and column) and, only when it
 * is clean, replaces the months it names in one transaction (store_dossier.c); `report 766` (its
 * options parsed by cmd_report.c) sets them beside the terminal's ratings of the same months and
 * writes the QĐ 766 estimate (report766.c). A site must be one the database knows (ratings or a
 * roster, as for --site), a procedure one of the roster's when the roster lists procedures. Neither
 * command creates a database. This file owns no state beyond one command's run. */
#include "commands.h"

#include "cli.h"
#include "dossier.h"
#include "file.h"
#include "hl.h"
#include "report.h"
#include "report766.h"
#include "roster.h"
#include "settings.h"
#include "sites.h"
#include "store.h"
#include "store_dossier.h"
#include "store_roster.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ERRORS_SHOWN 20

static void usage_import(FILE *f)
{
	fprintf(f,
		"Usage: " CLI_PROG " import dossiers (--db PATH | -c FILE) FILE.csv\n"
		"\n"
		"Reads the one-stop system's monthly dossier counts (UTF-8 CSV, RFC 4180, first line the header)\n"
		"  %s\n"
		"in any column order, one row per site, procedure and month (YYYY-MM):\n"
		"  received    dossiers received in the month\n"
		"  resolved    dossiers resolved in the month (whenever received)\n"
		"  overdue     of the resolved, those resolved after their due date (at most resolved)\n"
		"  complaints  of the resolved, those with a complaint or petition (at most resolved)\n"
		"Counts are whole numbers from 0 to %d, without thousands separators. site must be known to the\n"
		"database (ratings or a roster); when the roster lists procedures, procedure must be one of them.\n"
		"A month that has not begun, and the same site, procedure and month twice, are faults. Every\n"
		"fault is listed as FILE:LINE: and nothing is imported (exit 1). A clean file replaces, in one\n"
		"transaction, every (site, month) it names: the rows stored for that site and month go, those\n"
		"of procedures the file no longer lists included, and the file's take their place — so a month\n"
		"exported again replaces that month. 'report 766' reads them. The database must exist ('serve'\n"
		"and 'roster import' create it).\n",
		dossier_header, DOSSIER_COUNT_MAX);
}

/* ---- import dossiers --------------------------------------------------------------------------- */

/* The whole file at path into a new buffer (free it); 0, or 1 after saying why. */
static int read_text(const char *path, char **text, size_t *len)
{
	char why[160];

	if (file_read_bounded(path, DOSSIER_FILE_MAX, text, len, why, sizeof why) != HL_OK) {
		fprintf(stderr, "%s: %s\n", path, why);
		return 1;
	}
	return 0; /* dossier_sheet_read refuses a file past DOSSIER_FILE_MAX */
}

/* What the database knows, for the rows' checks. */
struct known {
	struct site_list sites;
	struct roster *roster;
};

static bool known_site(void *ud, const char *site)
{
	return site_list_has(&((struct known *)ud)->sites, site);
}

static bool known_procedure(void *ud, const char *code)
{
	const struct roster *r = ((struct known *)ud)->roster;

	/* Without procedures in the roster the terminals rate none by name: any code will do. */
	return !r || r->n[ROSTER_PROCEDURE] == 0 || roster_find(r, ROSTER_PROCEDURE, code) != NULL;
}

static void print_fault(void *ud, size_t line, const char *msg)
{
	if (line)
		fprintf(stderr, "%s:%zu: %s\n", (const char *)ud, line, msg);
	else
		fprintf(stderr, "%s: %s\n", (const char *)ud, msg);
}

static void month_text(int32_t month, char out[16])
{
	snprintf(out, 16, "%04d-%02d", (int)(month / 100), (int)(month % 100));
}

static int import_dossiers(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' }, { "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },         { 0 },
	};
	struct cli_common c = { 0 };
	struct settings st;
	struct store *s = NULL;
	struct known k = { 0 };
	struct dossier_sheet sh = { 0 };
	struct store_dossier_result res;
	char *text = NULL;
	size_t len;
	int opt, rc, exit_code = 1;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': c.config = optarg; break;
		case 'd': cli_override(&c, "db", optarg); break;
		case 'h': usage_import(stdout); return 0;
		default: return cli_usage_hint(usage_import);
		}
	}
	if (optind >= argc)
		return cli_usage_error(usage_import, "%s", "import dossiers needs FILE.csv");
	if (optind + 1 < argc)
		return cli_usage_error(usage_import, "unexpected argument '%s' (one file at a time)", argv[optind + 1]);
	const char *path = argv[optind];
	if (cli_open_store(&c, &st, &s))
		return 1;
	if ((rc = cli_known_sites(s, &k.sites)) != HL_OK || (rc = store_roster_load(s, NULL, &k.roster)) != HL_OK) {
		fprintf(stderr, CLI_PROG ": cannot read the database: %s\n", rc == HL_ERR_DB ? store_errmsg(s) : hl_strerror(rc));
		goto out;
	}
	if (read_text(path, &text, &len))
		goto out;
	/* The month now, at the sites' local time: a later month cannot have dossiers yet. */
	int32_t today = period_day_of((int64_t)time(NULL), st.utc_offset_minutes * 60);
	struct dossier_rules rules = { known_site, known_procedure, &k, period_month_of_day(today) };
	if (dossier_sheet_read(&sh, text, len, &rules) != HL_OK) {
		fprintf(stderr, CLI_PROG ": out of memory\n");
		goto out;
	}
	size_t nfaults = dossier_sheet_faults(&sh, ERRORS_SHOWN, print_fault, (void *)path);
	if (nfaults) {
		if (nfaults > ERRORS_SHOWN)
			fprintf(stderr, "%s: %zu more error%s not shown\n", path, nfaults - ERRORS_SHOWN,
				nfaults - ERRORS_SHOWN == 1 ? "" : "s");
		fprintf(stderr, CLI_PROG ": %zu error%s; nothing imported\n", nfaults, nfaults == 1 ? "" : "s");
		goto out;
	}
	if ((rc = store_dossier_put(s, sh.rows, sh.nrows, (int64_t)time(NULL), &res)) != HL_OK) {
		fprintf(stderr, CLI_PROG ": importing into %s failed: %s\n", st.db,
			rc == HL_ERR_DB || rc == HL_ERR_INVALID ? store_errmsg(s) : hl_strerror(rc));
		goto out;
	}
	char from[16], to[16];
	month_text(res.month_from, from);
	month_text(res.month_to, to);
	printf("imported %zu row%s for %zu site%s, ", res.rows, res.rows == 1 ? "" : "s", res.sites,
	       res.sites == 1 ? "" : "s");
	if (res.month_from == res.month_to)
		printf("month %s", from);
	else
		printf("months %s to %s", from, to);
	printf(", into %s; replaced %zu row%s\n", st.db, res.replaced, res.replaced == 1 ? "" : "s");
	exit_code = 0;
out:
	dossier_sheet_free(&sh);
	free(text);
	roster_free(k.roster);
	site_list_free(&k.sites);
	store_close(s);
	return exit_code;
}

int cmd_import(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(usage_import, "%s", "what to import? dossiers");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage_import(stdout);
		return 0;
	}
	if (strcmp(argv[1], "dossiers") == 0)
		return import_dossiers(argc - 1, argv + 1);
	return cli_usage_error(usage_import, "unknown import '%s' (dossiers)", argv[1]);
}

/* ---- report 766 -------------------------------------------------------------------------------- */

struct dossier_list {
	struct dossier_row *v;
	size_t n, cap;
};

static int dossier_push(void *ud, const struct dossier_row *row)
{
	struct dossier_list *l = ud;

	if (hl_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) != HL_OK)
		return HL_ERR_NOMEM;
	l->v[l->n++] = *row;
	return HL_OK;
}

int cmd_report_766(struct cli_common *c, const struct period_range *days, const char *site, int fmt,
		   const char *outpath, const char *max_points)
{
	struct settings st;
	struct store *s;
	struct dossier_list dl = { 0 };
	struct rollup_list pl = { 0 }, sl = { 0 };
	struct report_row *procs = NULL, *sites = NULL;
	size_t np = 0, ns = 0;
	struct index_group total, ptotal;
	struct roster *roster = NULL;
	struct report766 r = { .days = *days, .site = site };
	int rc, exit_code = 1;

	if (cli_open_store(c, &st, &s))
		return 1;
	if (cli_check_site(s, site)) {
		store_close(s);
		return 1;
	}
	/* --max-points was checked by `report`; the config's value when it was not given. */
	dossier_max_points_parse(max_points ? max_points : st.qd766_max_points, &r.max_points);
	r.generated = (int64_t)time(NULL);
	r.utc_offset = st.utc_offset_minutes * 60;
	r.lang = settings_lang(&st);
	rc = store_dossier_rows(s, period_month_of_day(days->from), period_month_of_day(days->to), site, dossier_push, &dl);
	if (rc == HL_OK)
		rc = store_query(s, ROLLUP_PROCEDURE, *days, site, rollup_list_push, &pl);
	if (rc == HL_OK)
		rc = store_query(s, ROLLUP_SITE, *days, site, rollup_list_push, &sl);
	if (rc == HL_OK)
		rc = store_roster_load(s, NULL, &roster);
	if (rc == HL_OK)
		rc = report_group(pl.v, pl.n, &procs, &np, &ptotal);
	if (rc == HL_OK)
		rc = report_group(sl.v, sl.n, &sites, &ns, &total);
	if (rc == HL_OK)
		rc = report766_build(&r, dl.v, dl.n, procs, np, sites, ns, &total, roster);
	if (rc != HL_OK) {
		fprintf(stderr, CLI_PROG ": report failed: %s\n", rc == HL_ERR_DB ? store_errmsg(s) : hl_strerror(rc));
		goto out;
	}
	FILE *out = outpath ? fopen(outpath, "w") : stdout;
	if (!out) {
		perror(outpath);
		goto out;
	}
	rc = report766_write(out, (enum report_format)fmt, &r);
	if (out != stdout && fclose(out) != 0 && rc == HL_OK)
		rc = HL_ERR_IO;
	if (rc != HL_OK)
		fprintf(stderr, CLI_PROG ": writing %s failed: %s\n", outpath ? outpath : "the report", hl_strerror(rc));
	else if (outpath)
		fprintf(stderr, CLI_PROG ": wrote %s\n", outpath);
	exit_code = rc == HL_OK ? 0 : 1;
out:
	report766_free(&r);
	roster_free(roster);
	free(procs);
	free(sites);
	rollup_list_free(&pl);
	rollup_list_free(&sl);
	free(dl.v);
	store_close(s);
	return exit_code;
}
