/** @file
 * Large buffers in huge pages.
 *
 * A buffer of a few MiB taken from malloc is faulted in one 4 KiB page at
 * a time, the first time each page is used; under some hypervisors a fault
 * costs over 10 us, which made page faults a third of `cp`'s time on a
 * small volume. Mapped 2 MiB-aligned and marked for transparent huge
 * pages, such a buffer costs one fault per 2 MiB, and fewer TLB misses.
 * Where the kernel has no huge pages this is plain mmap.
 */
#include <stdint.h>
#include <sys/mman.h>
#include "cli/bigbuf.h"
#include "crypto/wipe.h"

#define HUGE_PAGE ((size_t)2 << 20)

static size_t mapped_size(size_t size)
{
	return (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

void *bigbuf_alloc(size_t size)
{
	size_t len = mapped_size(size);
	uint8_t *map, *start;
	size_t before;

	if (size == 0 || len < size)
		return NULL;
	/* map a huge page more, then cut it down to an aligned LEN */
	map = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	if (map == MAP_FAILED)
		return NULL;
	start = (uint8_t *)(((uintptr_t)map + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	before = (size_t)(start - map);
	if (before)
		munmap(map, before);
	munmap(start + len, HUGE_PAGE - before);
#ifdef MADV_HUGEPAGE
	madvise(start, len, MADV_HUGEPAGE);  /* a hint: without it, 4 KiB pages */
#endif
	return start;
}

void bigbuf_free(void *buf, size_t size)
{
	if (!buf)
		return;
	wipe(buf, size);  /* decrypted data */
	munmap(buf, mapped_size(size));
}
