/** @file
 * Walking the metadata for what no parser reads (bde/skipped.h).
 *
 * What is read: the description; each VMK's head and its key properties
 * (clear key, stretch key head, AES-CCM key, TPM blob, key-saved value);
 * the FVEK; the first 16 bytes of the relocated-header entry. Everything
 * else, and what nests inside a stretch key, is named.
 */
#include "bde/entry.h"
#include "bde/protector.h"
#include "bde/skipped.h"

#define STRETCH_HEAD_LEN 20   /* u32 method, 16-byte salt */
#define HEADER_ENTRY_READ 16  /* u64 offset, u64 size */

static void report(bde_skipped_fn fn, void *ctx, const struct bde_entry *e,
		   uint32_t skipped, uint16_t parent)
{
	struct bde_skipped s = { e->offset, e->type, e->value_type, e->size, skipped, parent };

	fn(ctx, &s);
}

/* Every entry in [START, END) is skipped: values nested in a PARENT. */
static void all_skipped(const uint8_t *m, uint32_t start, uint32_t end, uint16_t parent,
			bde_skipped_fn fn, void *ctx)
{
	struct bde_entry_iter it;
	struct bde_entry e;

	bde_entry_iter_init(&it, m, start, end);
	while (bde_entry_next(&it, &e) > 0)
		report(fn, ctx, &e, e.size, parent);
}

static int property_read(uint16_t value_type)
{
	return value_type == BDE_VALUE_KEY || value_type == BDE_VALUE_STRETCH_KEY ||
	       value_type == BDE_VALUE_AES_CCM || value_type == BDE_VALUE_TPM_KEY ||
	       value_type == BDE_VALUE_KEY_SAVED;
}

static void vmk_properties(const uint8_t *m, const struct bde_entry *vmk,
			   bde_skipped_fn fn, void *ctx)
{
	struct bde_entry_iter it;
	struct bde_entry p;

	bde_entry_iter_init(&it, m, vmk->offset + BDE_ENTRY_HEADER_LEN + BDE_VMK_HEAD_LEN,
			    vmk->offset + vmk->size);
	while (bde_entry_next(&it, &p) > 0) {
		if (!property_read(p.value_type))
			report(fn, ctx, &p, p.size, BDE_VALUE_VMK);
		else if (p.value_type == BDE_VALUE_STRETCH_KEY && p.data_len > STRETCH_HEAD_LEN)
			all_skipped(m, p.offset + BDE_ENTRY_HEADER_LEN + STRETCH_HEAD_LEN,
				    p.offset + p.size, BDE_VALUE_STRETCH_KEY, fn, ctx);
	}
}

void bde_skipped_each(const struct bde_volume *vol, bde_skipped_fn fn, void *ctx)
{
	struct bde_entry_iter it;
	struct bde_entry e;

	bde_entry_iter_init(&it, vol->metadata, vol->entries_start, vol->entries_end);
	while (bde_entry_next(&it, &e) > 0) {
		if (e.type == BDE_ENTRY_DESCRIPTION && e.value_type == BDE_VALUE_STRING)
			continue;
		if (e.type == BDE_ENTRY_FVEK && e.value_type == BDE_VALUE_AES_CCM)
			continue;
		if (e.type == BDE_ENTRY_VMK && e.value_type == BDE_VALUE_VMK &&
		    e.data_len >= BDE_VMK_HEAD_LEN) {
			vmk_properties(vol->metadata, &e, fn, ctx);
			continue;
		}
		if (e.type == BDE_ENTRY_VOLUME_HEADER && e.value_type == BDE_VALUE_OFFSET_SIZE) {
			if (e.data_len > HEADER_ENTRY_READ)
				report(fn, ctx, &e, e.data_len - HEADER_ENTRY_READ, 0);
			continue;
		}
		report(fn, ctx, &e, e.size, 0);
	}
}
