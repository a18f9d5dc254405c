/* SPDX-License-Identifier: MIT
 * flag_window.c — each followed terminal's window of recent ratings (part of the flag engine; see
 * flag_engine_int.h): a small array per terminal, sorted by time, at most FLAG_WINDOW_MAX long, so
 * memory stays bounded whatever arrives. It owns only the window arrays (struct flag_term's win, n,
 * cap, newest); the table of terminals is flag_terminals.c's and the rules are flag_engine.c's. It
 * must not touch SQLite, MQTT or the clock.
 *
 * The windows are kept sorted because a rating may arrive late (from a terminal's spool) with an
 * earlier time than ratings already seen; such a rating can complete a window that ends at a later
 * rating, so the windows ending at it and at every later rating within reach are walked. */
#include "flag_engine_int.h"

#include "survey.h"

#include <stdlib.h>
#include <string.h>

int64_t flag_window_longest(const struct flag_params *p)
{
	return p->burst_window > p->stuffing_window ? p->burst_window : p->stuffing_window;
}

/* Drops the ratings at or before cutoff. */
static void flag_window_evict(struct flag_term *t, int64_t cutoff)
{
	size_t k = 0;

	while (k < t->n && t->win[k].t <= cutoff)
		k++;
	if (k) {
		memmove(t->win, t->win + k, (t->n - k) * sizeof *t->win);
		t->n -= k;
	}
}

void flag_window_trim(struct flag_term *t, int64_t cutoff)
{
	flag_window_evict(t, cutoff);
	if (t->n == 0 && t->win) {
		free(t->win);
		t->win = NULL;
		t->cap = 0;
	}
}

static bool flag_dissatisfied(const struct rating *r)
{
	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		if (r->answers[q] && survey_level_dissatisfied(r->scale, r->answers[q]))
			return true;
	return false;
}

int flag_window_add(const struct flag_engine *e, struct flag_term *t, const struct rating *r, int64_t time,
		    size_t *at)
{
	int64_t longest = flag_window_longest(&e->p);
	size_t k;

	*at = SIZE_MAX;
	if (t->n && time <= t->newest - longest)
		return HL_OK;
	if (!t->n || time > t->newest)
		t->newest = time;
	flag_window_evict(t, t->newest - longest);
	if (t->n == FLAG_WINDOW_MAX) {
		if (time < t->win[0].t)
			return HL_OK;
		memmove(t->win, t->win + 1, (t->n - 1) * sizeof *t->win);
		t->n--;
	}
	if (t->n == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 8;
		struct flag_recent *w;
		if (ncap > FLAG_WINDOW_MAX)
			ncap = FLAG_WINDOW_MAX;
		if (!(w = realloc(t->win, ncap * sizeof *w)))
			return HL_ERR_NOMEM;
		t->win = w;
		t->cap = ncap;
	}
	for (k = t->n; k > 0 && t->win[k - 1].t > time; k--)
		;
	memmove(t->win + k + 1, t->win + k, (t->n - k) * sizeof *t->win);
	t->win[k].t = time;
	t->win[k].dissatisfied = flag_dissatisfied(r);
	memcpy(t->win[k].id, r->id, sizeof t->win[k].id);
	t->n++;
	*at = k;
	return HL_OK;
}

bool flag_window_walk(const struct flag_term *t, size_t k, int64_t w, const struct flag_params *p,
		      bool (*test)(const struct flag_term *, size_t, size_t, const struct flag_params *),
		      size_t *plo, size_t *phi)
{
	int64_t reach = t->win[k].t + w;

	for (size_t hi = k; hi < t->n && t->win[hi].t < reach; hi++) {
		size_t lo = hi;
		if (hi + 1 < t->n && t->win[hi + 1].t == t->win[hi].t)
			continue; /* the window ends after the last rating of that second */
		while (lo > 0 && t->win[lo - 1].t > t->win[hi].t - w)
			lo--;
		if (test(t, lo, hi, p)) {
			*plo = lo;
			*phi = hi;
			return true;
		}
	}
	return false;
}

