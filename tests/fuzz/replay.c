/* SPDX-License-Identifier: MIT
 * replay.c — test_fuzz_replay: the committed corpus of every libFuzzer harness (tests/fuzz/corpus/
 * NAME/), run through the harness's entry point built with the normal compiler and flags, so
 * `make check` (and `make SANITIZE=1 check`) keeps every input a campaign found fixed. One cmocka case
 * per harness: each input returns 0 (a broken rule aborts, ASan and UBSan stop the binary), and the
 * corpus holds at least the harness's minimum of files, so a lost corpus fails too. The corpus is
 * found from $HL_FUZZ_CORPUS, from this file's path, or upwards from the working folder or the test
 * binary. HL_FUZZ_VERBOSE=1 names each input before it runs (to tell which one stopped the binary). */
#include "fuzz.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DECLARE(name, min) int fuzz_one_##name(const uint8_t *data, size_t size);
FUZZ_HARNESSES(DECLARE)

static char corpus_root[PATH_MAX];

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Looks for tests/fuzz/corpus in dir and each folder above it; true with corpus_root set. */
static bool search_up(const char *start)
{
	char dir[PATH_MAX], *slash;

	if (!realpath(start, dir))
		return false;
	for (;;) {
		if ((size_t)snprintf(corpus_root, sizeof corpus_root, "%s/tests/fuzz/corpus", dir) < sizeof corpus_root &&
		    is_dir(corpus_root))
			return true;
		slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			return false;
		*slash = '\0';
	}
}

static bool find_corpus(void)
{
	const char *env = getenv("HL_FUZZ_CORPUS");
	char exe[PATH_MAX], *slash;
	ssize_t n;

	if (env && *env) {
		snprintf(corpus_root, sizeof corpus_root, "%s", env);
		return is_dir(corpus_root);
	}
	/* __FILE__ is tests/fuzz/replay.c as make names it: relative to the repository. */
	snprintf(corpus_root, sizeof corpus_root, "%s", __FILE__);
	if ((slash = strrchr(corpus_root, '/')) && (size_t)(slash - corpus_root) + 8 < sizeof corpus_root) {
		strcpy(slash, "/corpus");
		if (is_dir(corpus_root))
			return true;
	}
	if (search_up("."))
		return true;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')))
		*slash = '\0';
	return search_up(exe);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads path into new memory of exactly its size (at least 1 byte); *len gets the size. */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long size;

	*len = 0;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc(size ? (size_t)size : 1)) && fread(buf, 1, (size_t)size, f) == (size_t)size) {
		*len = (size_t)size;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static void replay(const char *name, size_t min, int (*one)(const uint8_t *, size_t))
{
	char dir[PATH_MAX + 64], path[PATH_MAX + 400];
	bool verbose = getenv("HL_FUZZ_VERBOSE") && *getenv("HL_FUZZ_VERBOSE") == '1';
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	DIR *d;

	if (!corpus_root[0] && !find_corpus())
		fail_msg("no tests/fuzz/corpus found (set HL_FUZZ_CORPUS)");
	snprintf(dir, sizeof dir, "%s/%s", corpus_root, name);
	d = opendir(dir);
	if (!d)
		fail_msg("cannot open the corpus %s", dir);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof *names);
			assert_non_null(names);
		}
		names[n] = strdup(de->d_name);
		assert_non_null(names[n]);
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		uint8_t *data;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (verbose)
			print_message("fuzz %s: %s\n", name, path);
		data = slurp(path, &len);
		if (!data)
			fail_msg("cannot read %s", path);
		if (one(data, len) != 0)
			fail_msg("%s: the harness returned non-zero", path);
		free(data);
		free(names[i]);
	}
	free(names);
	print_message("fuzz %s: %zu inputs of %s replayed\n", name, n, dir);
	if (n < min)
		fail_msg("the corpus %s has %zu files, fewer than %zu: is it lost?", dir, n, min);
}

#define TEST_FN(name, min)                              \
	static void test_##name(void **state)           \
	{                                               \
		(void)state;                            \
		replay(#name, min, fuzz_one_##name);    \
	}
FUZZ_HARNESSES(TEST_FN)

#define TEST_ENTRY(name, min) cmocka_unit_test(test_##name),

int main(void)
{
	const struct CMUnitTest tests[] = { FUZZ_HARNESSES(TEST_ENTRY) };

	return cmocka_run_group_tests(tests, NULL, NULL);
}
