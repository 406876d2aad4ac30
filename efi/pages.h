/** @file
 * Zeroed memory in whole pages, for structures that need more alignment
 * than the pool's 8 bytes (struct bde_volume and struct sector_cipher are
 * 16-byte aligned: the compiler uses aligned SSE stores on them).
 */
#ifndef EFI_PAGES_H
#define EFI_PAGES_H

#include <efi.h>

/* SIZE bytes, zeroed, page aligned; NULL when out of memory. */
void *pages_alloc(UINTN size);

/* Free what pages_alloc(SIZE) returned (NULL is fine). */
void pages_free(void *p, UINTN size);

#endif
