/* SPDX-License-Identifier: MIT
 * fuzz_dossier_csv.c — libFuzzer harness for the dossiers file of `import dossiers`
 * (results/dossier.h): the one-stop system's monthly counts, exported by other software and edited in
 * spreadsheets. The input is the file's text, read once without rules and once with rules that know
 * some sites and procedures and a last month. Every row kept must be one the store accepts (valid site,
 * procedure and month, counts within 0..DOSSIER_COUNT_MAX with overdue and complaints at most
 * resolved) and obey the rules; the faults come back in line order and are counted whole; a clean
 * file has rows and no (site, procedure, month) twice; and the estimate of any row stays a rate within
 * 0..100 and points within 0..max, or no data. Reading never fails but for memory. */
#include "fuzz.h"

#include "dossier.h"
#include "hl.h"
#include "topic.h"
#include "wire.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Sites and procedures "known" by a rule any input can meet or miss. */
static bool known_site(void *ud, const char *site)
{
	(void)ud;
	return site[0] != 'x';
}

static bool known_procedure(void *ud, const char *code)
{
	(void)ud;
	return strchr(code, '9') == NULL;
}

struct order {
	size_t last, n;
	bool sorted;
};

static void fault_seen(void *ud, size_t line, const char *msg)
{
	struct order *o = ud;

	FUZZ_CHECK(msg[0] != '\0');
	o->sorted &= line >= o->last;
	o->last = line;
	o->n++;
}

static void one(const char *text, size_t len, const struct dossier_rules *rules)
{
	struct dossier_sheet sh = { 0 };
	int rc = dossier_sheet_read(&sh, text, len, rules);

	FUZZ_CHECK(rc == HL_OK || rc == HL_ERR_NOMEM);
	FUZZ_CHECK(sh.nfaults <= sh.faults_total && sh.nfaults <= DOSSIER_FAULTS_KEPT);
	for (size_t i = 0; i < sh.nrows; i++) {
		const struct dossier_row *r = &sh.rows[i];
		FUZZ_CHECK(r->line >= 2); /* the header comes first */
		FUZZ_CHECK(topic_id_valid(r->site));
		FUZZ_CHECK(r->procedure[0] && wire_code_valid(r->procedure));
		FUZZ_CHECK(dossier_month_valid(r->month));
		FUZZ_CHECK(dossier_counts_valid(&r->c));
		if (rules) {
			FUZZ_CHECK(known_site(NULL, r->site) && known_procedure(NULL, r->procedure));
			FUZZ_CHECK(r->month <= rules->last_month);
		}
		struct dossier_estimate e;
		dossier_estimate(&r->c, (int64_t)r->c.received, (double)(r->c.received % 101), 2.0, &e);
		FUZZ_CHECK(isnan(e.rate) || (e.rate >= 0 && e.rate <= 100));
		FUZZ_CHECK(isnan(e.rate) == isnan(e.points));
		FUZZ_CHECK(isnan(e.points) || (e.points >= 0 && e.points <= 2.0));
		FUZZ_CHECK(r->c.resolved > 0 || isnan(e.rate));
		if (i && sh.faults_total == 0) {
			for (size_t j = 0; j < i; j++)
				FUZZ_CHECK(strcmp(sh.rows[j].site, r->site) || strcmp(sh.rows[j].procedure, r->procedure) ||
					   sh.rows[j].month != r->month);
		}
	}
	FUZZ_CHECK(sh.faults_total > 0 || sh.nrows > 0);
	struct order o = { 0, 0, true };
	FUZZ_CHECK(dossier_sheet_faults(&sh, 0, fault_seen, &o) == sh.faults_total);
	FUZZ_CHECK(o.sorted && o.n == sh.nfaults);
	dossier_sheet_free(&sh);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Exactly size bytes and no NUL after them: a read past the end is a heap overflow. */
	char *text = fuzz_dup(data, size);
	struct dossier_rules rules = { known_site, known_procedure, NULL, 202612 };

	one(text, size, NULL);
	one(text, size, &rules);
	free(text);
	return 0;
}
