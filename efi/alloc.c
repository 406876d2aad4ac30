/** @file
 * calloc and free for mbedTLS in firmware, from UEFI pool memory.
 */
#include <efi.h>
#include <efilib.h>
#include <stdint.h>
#include <stdlib.h>

/* Pool memory is 8-byte aligned, enough for everything mbedTLS allocates. */
void *calloc(size_t count, size_t size)
{
	void *p;

	if (size && count > SIZE_MAX / size)
		return NULL;
	if (count * size == 0)
		count = size = 1;
	p = AllocatePool(count * size);
	if (p)
		ZeroMem(p, count * size);
	return p;
}

void free(void *p)
{
	if (p)
		FreePool(p);
}
