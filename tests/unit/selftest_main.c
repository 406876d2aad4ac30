/** @file
 * Host runner for the self-tests in tests/unit.
 *
 *   selftest            run all, one line per test, exit 1 on any failure
 *   selftest --list     print the test names
 *   selftest NAME...    run only those
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "selftest_table.h"

static unsigned checks, failures;

void check_result(int ok, const char *file, int line, const char *expr)
{
	checks++;
	if (!ok) {
		failures++;
		printf("  FAIL %s:%d: %s\n", file, line, expr);
	}
}

/* glibc's calloc is 16-byte aligned on x86-64, as check_alloc promises. */
void *check_alloc(size_t size)
{
	void *p = calloc(1, size);

	if (!p)
		check_result(0, __FILE__, __LINE__, "check_alloc: out of memory");
	return p;
}

void check_free(void *p, size_t size)
{
	(void)size;
	free(p);
}

static int run(const struct selftest *t)
{
	unsigned before = failures;

	checks = 0;
	t->run();
	printf("%s %s (%u checks)\n", failures == before ? "ok" : "FAIL", t->name,
	       checks);
	if (checks == 0) {
		printf("  FAIL %s made no checks\n", t->name);
		failures++;
	}
	return failures == before;
}

int main(int argc, char **argv)
{
	size_t i;
	int a, bad = 0;

	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (i = 0; selftests[i]; i++)
			printf("%s\n", selftests[i]->name);
		return 0;
	}
	for (a = 1; a < argc; a++) {
		for (i = 0; selftests[i]; i++)
			if (strcmp(argv[a], selftests[i]->name) == 0)
				break;
		if (!selftests[i]) {
			printf("FAIL no self-test named %s\n", argv[a]);
			bad = 1;
		}
	}
	for (i = 0; selftests[i]; i++) {
		int wanted = argc == 1;

		for (a = 1; a < argc; a++)
			wanted |= strcmp(argv[a], selftests[i]->name) == 0;
		if (wanted)
			bad |= !run(selftests[i]);
	}
	return bad;
}
