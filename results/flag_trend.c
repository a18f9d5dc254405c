/* SPDX-License-Identifier: MIT
 * flag_trend.c — the trend rule of flag_trend.h: an officer whose dissatisfaction interval lies wholly
 * above the site's over the trend period. Stateless: the counts come in (from summed roll-up rows),
 * candidates go out; it owns only a scratch array freed before returning, and must not touch SQLite,
 * MQTT or the clock. The intervals are index.c's Wilson intervals, so the console and the flag agree. */
#include "flag_trend.h"

#include "flag_evidence.h"
#include "index.h"
#include "survey.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- trend ------------------------------------------------------------------------------------- */

static double flag_pct(double x)
{
	return round(x * 1000.0) / 10.0;
}

static bool flag_add_group(cJSON *root, const char *key, int64_t n, int64_t k, double lo, double hi)
{
	cJSON *o = cJSON_AddObjectToObject(root, key);

	return o && flag_evidence_int(o, "answers", n) && flag_evidence_int(o, "dissatisfied", k) &&
	       cJSON_AddNumberToObject(o, "pct", n ? flag_pct((double)k / (double)n) : 0) &&
	       cJSON_AddNumberToObject(o, "lo_pct", flag_pct(lo)) && cJSON_AddNumberToObject(o, "hi_pct", flag_pct(hi));
}

int flag_trend(const struct flag_params *p, const struct flag_trend_count *site,
	       const struct flag_trend_count *o, size_t n, struct flag_list *out)
{
	double slo, shi;

	index_wilson(site->dissatisfied, site->n, &slo, &shi);
	for (size_t i = 0; i < n; i++) {
		double lo, hi;
		if (!o[i].officer[0] || strcmp(o[i].site, site->site) != 0 || o[i].n < p->trend_min_n ||
		    o[i].n <= 0)
			continue;
		index_wilson(o[i].dissatisfied, o[i].n, &lo, &hi);
		if (!(lo > shi))
			continue;
		struct flag_candidate c;
		cJSON *root = cJSON_CreateObject();
		flag_evidence_start(&c, FLAG_TREND, site->site, FLAG_SUBJ_OFFICER, o[i].officer);
		snprintf(c.summary, sizeof c.summary,
			 "officer %s: %lld of %lld answers dissatisfied over %d days (%.1f %%, 95 %% interval "
			 "%.1f-%.1f %%), above the site's %.1f %% (%.1f-%.1f %%)",
			 o[i].officer, (long long)o[i].dissatisfied, (long long)o[i].n, p->trend_days,
			 flag_pct((double)o[i].dissatisfied / (double)o[i].n), flag_pct(lo), flag_pct(hi),
			 site->n ? flag_pct((double)site->dissatisfied / (double)site->n) : 0.0, flag_pct(slo),
			 flag_pct(shi));
		bool ok = root && flag_evidence_str(root, "rule", "trend") &&
			  flag_evidence_str(root, "question", "officer") &&
			  flag_evidence_int(root, "days", p->trend_days) &&
			  flag_evidence_int(root, "min_n", p->trend_min_n) &&
			  flag_add_group(root, "officer", o[i].n, o[i].dissatisfied, lo, hi) &&
			  flag_add_group(root, "site", site->n, site->dissatisfied, slo, shi);
		int rc = flag_evidence_finish(&c, root, ok, out);
		if (rc != HL_OK)
			return rc;
	}
	return HL_OK;
}

static int flag_count_cmp(const void *a, const void *b)
{
	const struct flag_trend_count *x = a, *y = b;
	int c = strcmp(x->site, y->site);

	return c ? c : strcmp(x->officer, y->officer);
}

int flag_trend_rows(const struct flag_params *p, const struct rollup_row *rows, size_t n,
		    struct flag_list *out)
{
	struct flag_trend_count *v = malloc((n ? n : 1) * sizeof *v);
	size_t m = 0;
	int rc = HL_OK;

	if (!v)
		return HL_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct rollup_row *r = &rows[i];
		struct flag_trend_count *c = &v[m++];
		memset(c, 0, sizeof *c);
		snprintf(c->site, sizeof c->site, "%s", r->key.site);
		snprintf(c->officer, sizeof c->officer, "%s", r->key.code);
		for (int l = 1; survey_scale_valid(r->key.scale) && l <= r->key.scale; l++) {
			int64_t k = r->c.level[SURVEY_Q_OFFICER][l - 1];
			c->n += k;
			c->dissatisfied += survey_level_dissatisfied(r->key.scale, l) ? k : 0;
		}
	}
	qsort(v, m, sizeof *v, flag_count_cmp);
	/* Merge the scales of one officer. */
	size_t w = 0;
	for (size_t i = 0; i < m; i++) {
		if (w && flag_count_cmp(&v[w - 1], &v[i]) == 0) {
			v[w - 1].n += v[i].n;
			v[w - 1].dissatisfied += v[i].dissatisfied;
		} else {
			v[w++] = v[i];
		}
	}
	for (size_t i = 0; i < w && rc == HL_OK;) {
		struct flag_trend_count site = { .n = 0 };
		size_t j = i;
		snprintf(site.site, sizeof site.site, "%s", v[i].site);
		for (; j < w && strcmp(v[j].site, site.site) == 0; j++) {
			site.n += v[j].n;
			site.dissatisfied += v[j].dissatisfied;
		}
		rc = flag_trend(p, &site, v + i, j - i, out);
		i = j;
	}
	free(v);
	return rc;
}
