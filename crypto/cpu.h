/** @file
 * Which CPU features the crypto fast paths may use (internal to crypto/).
 */
#ifndef CRYPTO_CPU_H
#define CRYPTO_CPU_H

/* Nonzero if the CPU has SHA-NI (and SSE4.1), and the fast path is allowed. */
int cpu_use_sha_ni(void);

/* Nonzero if the CPU has AES-NI (and SSE4.1), and the fast path is allowed. */
int cpu_use_aes_ni(void);

/*
 * Tests and benchmarks: nonzero forces the portable code (mbedTLS AES and
 * C SHA-256) even where the CPU has the extensions.
 */
void crypto_force_portable(int on);

#endif
