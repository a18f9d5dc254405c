/* SPDX-License-Identifier: MIT
 * clocks.h — the clocks the terminal's adapter loop reads, in one place, so the pure cores never do:
 * they are handed these readings as now_ms / now_us arguments. No SDL, no state. */
#ifndef HL_TERMINAL_CLOCKS_H
#define HL_TERMINAL_CLOCKS_H

#include <stdbool.h>
#include <stdint.h>

/* CLOCK_MONOTONIC in microseconds: for durations and deadlines. */
int64_t clocks_mono_us(void);
/* The same clock in milliseconds: the now_ms of the kiosk, the outbox and the loop. */
int64_t clocks_mono_ms(void);
/* CLOCK_REALTIME in nanoseconds since the epoch: only for comparing with other processes' clocks. */
int64_t clocks_realtime_ns(void);
/* True when the kernel says the clock is synchronised (NTP or PTP running). */
bool clocks_synchronised(void);

#endif
