/* SPDX-License-Identifier: MIT
 * fuzz.c — the helpers of fuzz.h. The in-memory file is made once per process and rewritten for each
 * input, so a campaign of millions of runs opens no file on disk and leaves nothing behind. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

char *fuzz_str(const void *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		fuzz_fail(__FILE__, __LINE__, "out of memory");
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

void *fuzz_dup(const void *data, size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		fuzz_fail(__FILE__, __LINE__, "out of memory");
	if (size)
		memcpy(p, data, size);
	return p;
}

void fuzz_topic_inputs(const uint8_t *data, size_t size, const char *fixed_topic, size_t small_cap,
		       fuzz_topic_fn one)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t tlen = nl ? (size_t)(nl - data) : size;
	char *topic = fuzz_str(data, tlen);
	size_t plen = nl ? size - tlen - 1 : 0;
	uint8_t *payload = fuzz_dup(nl ? nl + 1 : data, plen);

	one(topic, payload, plen, 200);
	free(payload);
	free(topic);
	payload = fuzz_dup(data, size);
	one(fixed_topic, payload, size, 200);
	one(fixed_topic, payload, size, small_cap);
	free(payload);
}

void *fuzz_zalloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p)
		fuzz_fail(__FILE__, __LINE__, "out of memory");
	return p;
}

const char *fuzz_file(const void *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	const char *p = data;
	size_t done = 0;

	if (fd < 0) {
		fd = memfd_create("hailong-fuzz", MFD_CLOEXEC);
		if (fd < 0)
			fuzz_fail(__FILE__, __LINE__, "memfd_create");
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0)
		fuzz_fail(__FILE__, __LINE__, "ftruncate");
	while (done < size) {
		ssize_t n = pwrite(fd, p + done, size - done, (off_t)done);
		if (n <= 0)
			fuzz_fail(__FILE__, __LINE__, "pwrite");
		done += (size_t)n;
	}
	return path;
}

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: harness rule broken: %s\n", file, line, what);
	abort();
}
