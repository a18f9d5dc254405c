/* SPDX-License-Identifier: MIT
 * clocks.c — clock_gettime and adjtimex behind four small functions. Owns nothing. */
#include "clocks.h"

#include <sys/timex.h>
#include <time.h>

int64_t clocks_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t clocks_mono_ms(void)
{
	return clocks_mono_us() / 1000;
}

int64_t clocks_realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* adjtimex with no modes only reads; TIME_ERROR is its answer for an unsynchronised clock. */
bool clocks_synchronised(void)
{
	struct timex tx = { 0 };

	return adjtimex(&tx) != TIME_ERROR;
}
