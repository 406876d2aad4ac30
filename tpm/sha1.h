/** @file
 * SHA-1 (FIPS 180-4), only for replaying the SHA-1 PCR bank of an event
 * log. Not for anything that needs collision resistance.
 */
#ifndef TPM_SHA1_H
#define TPM_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_LEN 20

struct sha1_ctx {
	uint32_t state[5];
	uint64_t length;
	uint8_t block[64];
	size_t used;
};

void sha1_init(struct sha1_ctx *ctx);
void sha1_update(struct sha1_ctx *ctx, const void *data, size_t len);
void sha1_final(struct sha1_ctx *ctx, uint8_t digest[SHA1_LEN]);
void sha1(const void *data, size_t len, uint8_t digest[SHA1_LEN]);

#endif
