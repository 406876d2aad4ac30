/** @file
 * LZNT1, NTFS's compression: a unit is a series of chunks of up to 4096
 * bytes, each with a 16-bit header (bits 0-11: the chunk's stored bytes
 * minus 3 with the header; bit 15: compressed). A compressed chunk is
 * groups of a flag byte and eight tokens: a literal byte (flag bit 0) or
 * a 16-bit back reference (bit 1) whose split between offset and length
 * depends on how far into the chunk it is ([MS-XCA] 2.5).
 */
#include <string.h>
#include "ntfs/internal.h"
#include "bde/le.h"

#define CHUNK 4096

/* One compressed chunk SRC[0..len) into OUT (room for CHUNK); *PRODUCED. */
static int chunk_decompress(const uint8_t *src, size_t len, uint8_t *out, size_t *produced)
{
	size_t in = 0, pos = 0;

	while (in < len) {
		uint8_t flags = src[in++];

		for (int bit = 0; bit < 8 && in < len; bit++, flags >>= 1) {
			if (!(flags & 1)) {
				if (pos >= CHUNK)
					return NTFS_ERR_CORRUPT;
				out[pos++] = src[in++];
				continue;
			}
			if (len - in < 2 || pos == 0)
				return NTFS_ERR_CORRUPT;
			uint16_t token = le16(src + in);
			in += 2;
			/* offset bits: enough to reach back to the chunk's start */
			unsigned length_bits = 12;
			for (size_t p = pos - 1; p >= 0x10; p >>= 1)
				length_bits--;
			size_t back = (size_t)(token >> length_bits) + 1;
			size_t count = (size_t)(token & ((1u << length_bits) - 1)) + 3;
			if (back > pos || count > CHUNK - pos)
				return NTFS_ERR_CORRUPT;
			/* byte by byte: a reference may overlap what it writes */
			for (size_t i = 0; i < count; i++, pos++)
				out[pos] = out[pos - back];
		}
	}
	*produced = pos;
	return NTFS_OK;
}

int ntfs_lznt1_decompress(const uint8_t *src, size_t src_len, uint8_t *out,
			  size_t out_len, size_t *done)
{
	size_t in = 0, pos = 0;
	int err = NTFS_OK;

	/* a full unit ends there: what follows in its last cluster is slack */
	while (out_len - pos >= CHUNK && src_len - in >= 2) {
		uint16_t header = le16(src + in);
		size_t stored, produced;

		if (header == 0)
			break;          /* the unit ends early: zeros follow */
		stored = (size_t)(header & 0x0FFF) + 1;
		in += 2;
		if (stored > src_len - in) {
			err = NTFS_ERR_CORRUPT;
			break;
		}
		if (header & 0x8000) {
			err = chunk_decompress(src + in, stored, out + pos, &produced);
			if (err)
				break;
		} else {
			/* stored as is: always a whole chunk */
			if (stored != CHUNK) {
				err = NTFS_ERR_CORRUPT;
				break;
			}
			memcpy(out + pos, src + in, CHUNK);
			produced = CHUNK;
		}
		in += stored;
		/* a chunk that ends short is padded with zeros */
		memset(out + pos + produced, 0, CHUNK - produced);
		pos += CHUNK;
	}
	if (err)
		return err;
	memset(out + pos, 0, out_len - pos);
	*done = pos;
	return NTFS_OK;
}
