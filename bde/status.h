/** @file
 * A volume's state in manage-bde -status's words: conversion status,
 * percentage encrypted, protection status.
 */
#ifndef BDE_STATUS_H
#define BDE_STATUS_H

#include <stdint.h>
#include "bde/volume.h"

enum bde_conversion {
	BDE_CONV_FULLY_ENCRYPTED,
	BDE_CONV_USED_SPACE_ONLY,      /* encrypt-on-write, finished */
	BDE_CONV_ENCRYPTING,
	BDE_CONV_ENCRYPTION_PAUSED,
	BDE_CONV_DECRYPTING,
	BDE_CONV_DECRYPTION_PAUSED,
	BDE_CONV_FULLY_DECRYPTED,
	BDE_CONV_UNKNOWN,              /* a state number we have not seen */
};

struct bde_status {
	enum bde_conversion conversion;
	unsigned permille;             /* percentage encrypted, in tenths of a percent */
	int protection_on;
};

void bde_status_get(const struct bde_volume *vol, struct bde_status *st);

/* "Fully Encrypted", "Used Space Only Encrypted", ... as manage-bde says it. */
const char *bde_conversion_name(enum bde_conversion c);

#endif
