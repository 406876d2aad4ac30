/** @file
 * Wiping key material so the compiler cannot optimise the stores away.
 */
#ifndef CRYPTO_WIPE_H
#define CRYPTO_WIPE_H

#include <stddef.h>

void wipe(void *buf, size_t len);

#endif
