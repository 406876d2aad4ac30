/** @file
 * The host tool's large buffers (the copy chunk, the NTFS work area, the
 * read cache), which hold decrypted data.
 */
#ifndef CLI_BIGBUF_H
#define CLI_BIGBUF_H

#include <stddef.h>

/* SIZE bytes, or NULL. Free with bigbuf_free and the same SIZE. */
void *bigbuf_alloc(size_t size);

/* Wipe and give back a bigbuf_alloc buffer; NULL does nothing. */
void bigbuf_free(void *buf, size_t size);

#endif
