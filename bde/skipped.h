/** @file
 * The metadata entries and nested values the core does not parse, named
 * so that the next unknown one shows up in a user's report.
 */
#ifndef BDE_SKIPPED_H
#define BDE_SKIPPED_H

#include <stdint.h>
#include "bde/volume.h"

struct bde_skipped {
	uint32_t offset;       /* in the metadata copy in use */
	uint16_t type;         /* entry type */
	uint16_t value_type;
	uint32_t size;         /* the whole entry */
	uint32_t skipped;      /* bytes of it not parsed (all, or a tail) */
	uint16_t parent_value_type; /* 0 at the top level, else what holds it */
};

typedef void (*bde_skipped_fn)(void *ctx, const struct bde_skipped *s);

/* Call FN for each entry or nested value of the copy in use that no
 * parser reads, in the order they lie. */
void bde_skipped_each(const struct bde_volume *vol, bde_skipped_fn fn, void *ctx);

#endif
