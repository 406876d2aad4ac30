/** @file
 * The few string functions mbedTLS, the QR Code generator and the
 * portable core (bde/, crypto/, tpm/, ui/) need where there is no C
 * library: in firmware. They know nothing of UEFI; the host build uses
 * its libc instead. Memory allocation is the firmware's: efi/alloc.c.
 *
 * gnu-efi's libefi already defines memcpy and memset (its own code and the
 * compiler's implicit calls use them), so they are not repeated here: two
 * definitions would clash at link time.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n) {
		while (n--)
			*d++ = *s++;
	} else {
		/* Overlapping with dst after src: copy from the end. */
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

/* The QR Code generator looks characters up in its alphanumeric set ... */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/* The file screen's copy (ui/rescue.c) splits paths at '/' ... */
char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

size_t strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] && !strchr(reject, s[n]))
		n++;
	return n;
}

/* ... and its self-test looks for words in what it wrote. */
char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack; haystack++)
		if (!strncmp(haystack, needle, n))
			return (char *)haystack;
	return n ? NULL : (char *)haystack;
}

/* The QR Code generator scores its masks with these. */
int abs(int v)
{
	return v < 0 ? -v : v;
}

long labs(long v)
{
	return v < 0 ? -v : v;
}
