/** @file
 * mbedTLS build configuration: only what bitrescue uses.
 *
 * Used for both the host build and the freestanding UEFI build, so it must
 * not pull in anything that needs an operating system (no entropy, no file
 * system, no time, no threading).
 */
#ifndef BITRESCUE_MBEDTLS_CONFIG_H
#define BITRESCUE_MBEDTLS_CONFIG_H

/* x86-64 inline assembly, so AES-NI is used where the CPU has it. */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_AESNI_C

#define MBEDTLS_AES_C
#define MBEDTLS_CIPHER_C          /* CCM is built on the generic cipher layer */
#define MBEDTLS_CIPHER_MODE_CBC
#define MBEDTLS_CIPHER_MODE_XTS
#define MBEDTLS_CCM_C
#define MBEDTLS_SHA256_C

#include "mbedtls/check_config.h"

#endif
