/** @file
 * wipe(): zero memory in a way the compiler must keep.
 */
#include "crypto/wipe.h"

void wipe(void *buf, size_t len)
{
	volatile unsigned char *p = buf;

	while (len--)
		*p++ = 0;
	/* The buffer is often freed or goes out of scope right after. */
	__asm__ __volatile__("" : : "r"(buf) : "memory");
}
