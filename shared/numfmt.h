/* SPDX-License-Identifier: MIT
 * numfmt.h — numbers, days and times as people read them, in one place for every output: a
 * Vietnamese text writes the decimal comma ("70,7") and days as dd/mm/yyyy ("02/12/2026"), an English
 * one the decimal point and ISO days ("2026-12-02"); machine formats (CSV, JSON) take the English
 * forms. A time is always the sites' local time (utc_offset seconds east of UTC, the configured
 * utc_offset_minutes) with its zone written once ("+07"), so that no two outputs tell the same
 * moment in two zones. Pure: no locale, no TZ, no allocation; every writer fills a caller's buffer
 * (always NUL-terminated) and returns it. lang is enum i18n_lang (i18n.h). */
#ifndef HL_NUMFMT_H
#define HL_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "70,7" (Vietnamese) or "70.7" (English): v rounded to decimals (0..6) digits; "—" when v is NaN. */
const char *numfmt_num(char *out, size_t cap, int lang, double v, int decimals);
/* day (days since 1970-01-01, a local day): "02/12/2026" (Vietnamese) or "2026-12-02" (English and
 * machine formats). */
const char *numfmt_day(char *out, size_t cap, int lang, int32_t day);
/* The local day of Unix time t at utc_offset seconds east of UTC. */
int32_t numfmt_day_of(int64_t t, int utc_offset);
/* The zone of utc_offset seconds: "+07", "+05:30", "-03", "+00". */
const char *numfmt_zone(char *out, size_t cap, int utc_offset);
/* Unix time t in local time with its zone: "02/12/2026 08:06 +07" (Vietnamese) or
 * "2026-12-02 08:06 +07" (English); with seconds "…08:06:09 +07". */
const char *numfmt_time(char *out, size_t cap, int lang, int64_t t, int utc_offset, bool seconds);

#endif
