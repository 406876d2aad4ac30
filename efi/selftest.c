/** @file
 * --self-test: the portable self-tests (tests/unit), run inside firmware.
 *
 * Output matches the host runner (tests/unit/selftest_main.c), one line per
 * test, then "self-test: N passed, M failed".
 */
#include "efi/efi_app.h"
#include "efi/pages.h"
#include "tests/unit/check.h"
#include "selftest_table.h"

static unsigned checks, failures;

void check_result(int ok, const char *file, int line, const char *expr)
{
	checks++;
	if (!ok) {
		failures++;
		Print(L"  FAIL %a:%d: %a\n", file, line, expr);
	}
}

/* Whole pages: aligned enough for anything a test allocates. */
void *check_alloc(size_t size)
{
	void *p = pages_alloc(size);

	if (!p)
		check_result(0, __FILE__, __LINE__, "check_alloc: out of memory");
	return p;
}

void check_free(void *p, size_t size)
{
	pages_free(p, size);
}

unsigned run_self_tests(void)
{
	unsigned passed = 0, failed = 0, before;
	UINTN i;

	/* The tests read English screens, as on the host, whatever the PC's
	 * language. */
	ui_set_lang(UI_LANG_EN);
	for (i = 0; selftests[i]; i++) {
		before = failures;
		checks = 0;
		selftests[i]->run();
		if (checks == 0) {
			Print(L"  FAIL %a made no checks\n", selftests[i]->name);
			failures++;
		}
		Print(L"%a %a (%d checks)\n", failures == before ? "ok" : "FAIL",
		      selftests[i]->name, checks);
		if (failures == before)
			passed++;
		else
			failed++;
	}
	Print(L"self-test: %d passed, %d failed\n", passed, failed);
	return failed;
}
