/** @file
 * Comparisons for the TPM self-tests, which run inside the EFI app too,
 * where there is no libc beyond memcpy and memset.
 */
#ifndef TPM_TEST_H
#define TPM_TEST_H

#include <stddef.h>
#include <stdint.h>

static inline int bytes_eq(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	while (n--)
		if (*x++ != *y++)
			return 0;
	return 1;
}

/* Both NUL-terminated and equal; NULL equals nothing. */
static inline int text_eq(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static inline size_t text_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

#endif
