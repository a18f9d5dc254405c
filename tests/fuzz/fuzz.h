/* SPDX-License-Identifier: MIT
 * fuzz.h — what the libFuzzer harnesses of tests/fuzz/ share: the entry point libFuzzer calls, the
 * list of harnesses (so the corpus replay of `make check` runs every one of them), and two helpers
 * that hand a fuzz input to a parser the way it gets its input in the programs — as a C string, or as
 * a file to open. The helpers own their memory; nothing here touches the disk or the network. */
#ifndef HL_FUZZ_H
#define HL_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry point: data[0..size) is borrowed for the call. Returns 0; a broken rule aborts.
 * The corpus replay builds each harness with this name defined to fuzz_one_NAME (tests/fuzz/fuzz.mk),
 * so all of them link into one test binary. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every harness, X(NAME, MIN_CORPUS): fuzz_NAME.c holds it, tests/fuzz/corpus/NAME/ its corpus, which
 * must hold at least MIN_CORPUS files (a lost corpus fails the replay). Keep in step with
 * FUZZ_HARNESSES in tests/fuzz/fuzz.mk. */
#define FUZZ_HARNESSES(X)      \
	X(wire_rating, 20)     \
	X(wire_receipt, 10)    \
	X(wire_session, 10)    \
	X(flag_status, 10)     \
	X(roster, 10)          \
	X(roster_csv, 10)      \
	X(config, 10)          \
	X(csv, 10)             \
	X(script, 10)          \
	X(dynsec, 10)          \
	X(chart_text, 10)       \
	X(dossier_csv, 10)     \
	X(webhooks, 10)

/* A NUL-terminated copy of data[0..size) in new memory of exactly size + 1 bytes (so ASan sees a read
 * past its end); free it. A NUL inside data ends the string early, as it would for the program. Aborts
 * when out of memory. */
char *fuzz_str(const void *data, size_t size);

/* A copy of data[0..size) in new memory of exactly size bytes (at least 1); free it. */
void *fuzz_dup(const void *data, size_t size);

/* For decoders that take a topic and a payload: calls one(topic, payload, len, cap) with the input's
 * first line as the topic and the rest as the payload (cap 200), then with fixed_topic and the whole
 * input (cap 200, and small_cap to check that a short reason is cut, never overrun). Each payload is
 * in memory of its own exact size, so a read past len is a heap overflow. */
typedef void (*fuzz_topic_fn)(const char *topic, const uint8_t *payload, size_t len, size_t cap);
void fuzz_topic_inputs(const uint8_t *data, size_t size, const char *fixed_topic, size_t small_cap,
		       fuzz_topic_fn one);

/* New zeroed memory of exactly size bytes (at least 1); free it. Aborts when out of memory. */
void *fuzz_zalloc(size_t size);

/* Puts data[0..size) into an anonymous in-memory file (memfd, one per process, rewritten on each call)
 * and returns a path that opens it ("/proc/self/fd/N"; static, valid until the next call). Nothing is
 * written to any file system. Aborts when the kernel refuses. */
const char *fuzz_file(const void *data, size_t size);

/* Aborts with a line on stderr naming the harness rule that broke: a finding. */
#define FUZZ_CHECK(cond)                                                                          \
	do {                                                                                      \
		if (!(cond))                                                                      \
			fuzz_fail(__FILE__, __LINE__, #cond);                                     \
	} while (0)

_Noreturn void fuzz_fail(const char *file, int line, const char *what);

#endif
