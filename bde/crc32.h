/** @file
 * CRC-32 (IEEE 802.3, as zlib computes it) for the FVE metadata validation.
 */
#ifndef BDE_CRC32_H
#define BDE_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* Continue a CRC: start with crc = 0; feed pieces in order. */
uint32_t bde_crc32(uint32_t crc, const void *data, size_t len);

#endif
