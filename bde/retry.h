/** @file
 * Unlocking with another metadata copy when the one in use fails.
 */
#ifndef BDE_RETRY_H
#define BDE_RETRY_H

#include "bde/volume.h"
#include "crypto/sector.h"

/* One way of unlocking (a key of one kind), tried on the copy in use. */
typedef int (*bde_unlock_fn)(struct bde_volume *vol, const void *arg,
			     struct sector_cipher *sc);

/*
 * UNLOCK(VOL, ARG, SC) with the copy in use and, if it fails in a way a
 * damaged copy explains, with each other good copy holding other bytes.
 * The first copy's result stands unless another copy opens with a
 * matching SHA-256; then that copy is in use, and the copies that failed
 * are marked damaged (status BDE_ERR_CORRUPT, unlock_failed).
 */
int bde_unlock_any_copy(struct bde_volume *vol, bde_unlock_fn unlock, const void *arg,
			struct sector_cipher *sc);

#endif
