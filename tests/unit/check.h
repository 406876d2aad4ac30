/** @file
 * Minimal self-test framework, shared by the host test runner and the EFI
 * app's --self-test.
 *
 * Test files are portable (no libc beyond what bde/ may use): they register
 * a test with SELFTEST(name) in a file named tests/unit/name_test.c; the
 * build collects them into a table. The runner supplies check_result().
 */
#ifndef CHECK_H
#define CHECK_H

#include <stddef.h>
#include <stdint.h>

struct selftest {
	const char *name;
	void (*run)(void);
};

/* Defined by the runner: record one check. */
void check_result(int ok, const char *file, int line, const char *expr);

#define check(expr) check_result(!!(expr), __FILE__, __LINE__, #expr)

/* Compare LEN bytes at BUF with the hex string HEX (no spaces). */
#define check_hex(buf, len, hex) \
	check_result(check_hex_equal((buf), (len), (hex)), __FILE__, __LINE__, \
		     #buf " == " hex)

int check_hex_equal(const void *buf, size_t len, const char *hex);

/*
 * Defined by the runner: SIZE zeroed bytes, 16-byte aligned, for a test's
 * large fixtures. Static arrays would cost file space in the EFI app (its
 * linker script keeps .bss in .data). NULL, with a failed check, when out
 * of memory. Give it back with check_free(P, SIZE) (P may be NULL).
 */
void *check_alloc(size_t size);
void check_free(void *p, size_t size);

/* Decode the hex string HEX into OUT (at most MAX bytes); returns the length. */
size_t check_unhex(const char *hex, void *out, size_t max);

#define SELFTEST(name)                                                    \
	static void name##_selftest(void);                                \
	const struct selftest selftest_##name = { #name, name##_selftest }; \
	static void name##_selftest(void)

#endif
