/** @file
 * Bitwise CRC-32 (reflected, polynomial 0xEDB88320).
 *
 * A table would be faster, but the metadata is at most 64 KiB and read three
 * times at open: a few hundred microseconds, and no 1 KiB table in firmware.
 */
#include "bde/crc32.h"

uint32_t bde_crc32(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;
	int bit;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
	}
	return ~crc;
}
