/** @file
 * Bounds-checked cursors over TPM wire data (big-endian commands and
 * responses) and event logs (little-endian). Internal to tpm/.
 *
 * A reader never moves past its end: a short read sets the sticky `bad`
 * flag and yields zeros, so parsers check once after a group of fields.
 */
#ifndef TPM_WIRE_H
#define TPM_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct rd {
	const uint8_t *p;
	size_t len, pos;
	int bad;
};

static inline void rd_init(struct rd *r, const void *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->pos = 0;
	r->bad = 0;
}

static inline size_t rd_left(const struct rd *r)
{
	return r->len - r->pos;
}

/* Pointer to the next N bytes and step over them; NULL if fewer remain. */
static inline const uint8_t *rd_take(struct rd *r, size_t n)
{
	const uint8_t *q;

	if (r->bad || n > rd_left(r)) {
		r->bad = 1;
		return NULL;
	}
	q = r->p + r->pos;
	r->pos += n;
	return q;
}

static inline uint8_t rd_u8(struct rd *r)
{
	const uint8_t *q = rd_take(r, 1);

	return q ? q[0] : 0;
}

static inline uint16_t rd_be16(struct rd *r)
{
	const uint8_t *q = rd_take(r, 2);

	return q ? (uint16_t)(q[0] << 8 | q[1]) : 0;
}

static inline uint32_t rd_be32(struct rd *r)
{
	const uint8_t *q = rd_take(r, 4);

	return q ? (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 |
		   (uint32_t)q[2] << 8 | q[3] : 0;
}

static inline uint16_t rd_le16(struct rd *r)
{
	const uint8_t *q = rd_take(r, 2);

	return q ? (uint16_t)(q[0] | q[1] << 8) : 0;
}

static inline uint32_t rd_le32(struct rd *r)
{
	const uint8_t *q = rd_take(r, 4);

	return q ? q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 |
		   (uint32_t)q[3] << 24 : 0;
}

/* Writer: same idea, `bad` set when the buffer is too small. */
struct wr {
	uint8_t *p;
	size_t cap, pos;
	int bad;
};

static inline void wr_init(struct wr *w, void *p, size_t cap)
{
	w->p = p;
	w->cap = cap;
	w->pos = 0;
	w->bad = 0;
}

static inline uint8_t *wr_take(struct wr *w, size_t n)
{
	uint8_t *q;

	if (w->bad || n > w->cap - w->pos) {
		w->bad = 1;
		return NULL;
	}
	q = w->p + w->pos;
	w->pos += n;
	return q;
}

static inline void wr_u8(struct wr *w, uint8_t v)
{
	uint8_t *q = wr_take(w, 1);

	if (q)
		q[0] = v;
}

static inline void wr_be16(struct wr *w, uint16_t v)
{
	uint8_t *q = wr_take(w, 2);

	if (q) {
		q[0] = v >> 8;
		q[1] = (uint8_t)v;
	}
}

static inline void wr_be32(struct wr *w, uint32_t v)
{
	uint8_t *q = wr_take(w, 4);

	if (q) {
		q[0] = v >> 24;
		q[1] = (uint8_t)(v >> 16);
		q[2] = (uint8_t)(v >> 8);
		q[3] = (uint8_t)v;
	}
}

/* Patch a big-endian u32 at OFFSET (for the command size in the header). */
static inline void wr_patch_be32(struct wr *w, size_t offset, uint32_t v)
{
	if (!w->bad && offset + 4 <= w->pos) {
		w->p[offset] = v >> 24;
		w->p[offset + 1] = (uint8_t)(v >> 16);
		w->p[offset + 2] = (uint8_t)(v >> 8);
		w->p[offset + 3] = (uint8_t)v;
	}
}

#endif
