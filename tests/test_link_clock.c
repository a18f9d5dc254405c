/* SPDX-License-Identifier: MIT
 * test_link_clock.c — the link's timed waits follow the monotonic clock, so a wall clock stepped back
 * (NTP after a cold start, an admin fixing the date) cannot stall the serve loop or a terminal. The
 * test stands in for the step: this binary's clock_gettime answers CLOCK_REALTIME five seconds ahead
 * of the kernel's, which is what a deadline computed just before a 5 s backward step looks like to
 * pthread_cond_timedwait. A 300 ms wait must still end in about 300 ms. */
#include "harness.h"
#include "hl.h"
#include "link.h"
#include "log.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile int realtime_ahead_s;

/* Interposes libc's: every caller in this process (the link, libmosquitto) sees the shifted clock. */
int clock_gettime(clockid_t id, struct timespec *ts)
{
	long rc = syscall(SYS_clock_gettime, id, ts);

	if (rc == 0 && id == CLOCK_REALTIME)
		ts->tv_sec += realtime_ahead_s;
	return (int)rc;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void take_ends_on_time_after_a_backward_step(void **state)
{
	struct link *l;
	struct link_msg *m;
	size_t n;

	(void)state;
	/* No broker on this port: the link keeps trying in the background, the queue stays empty. */
	struct link_options o = { .host = "127.0.0.1", .port = harness_free_port(), .refusal = LINK_RETRY_ALL };
	assert_int_equal(link_start(&o, &l), HL_OK);
	realtime_ahead_s = 5;
	for (int i = 0; i < 3; i++) {
		int64_t t0 = mono_ms();
		link_take(l, 300, 10, &m, &n);
		int64_t took = mono_ms() - t0;
		assert_int_equal(n, 0);
		assert_true(took >= 250);
		assert_true(took < 2000);
	}
	int64_t t0 = mono_ms();
	assert_int_equal(link_flush(l, 300), HL_OK); /* nothing published: at once */
	assert_true(mono_ms() - t0 < 2000);
	realtime_ahead_s = 0;
	link_stop(l, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(take_ends_on_time_after_a_backward_step),
	};
	log_init("test_link_clock", LOG_ERROR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
