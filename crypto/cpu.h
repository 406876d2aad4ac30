/** @file
 * Which CPU features the crypto fast paths may use, and a way for tests
 * and benchmarks to hold them back.
 */
#ifndef CRYPTO_CPU_H
#define CRYPTO_CPU_H

/* The fastest path the hardware allows, or a slower one on purpose. */
enum crypto_path {
	CRYPTO_PATH_BEST = 0,	/* VAES, else AES-NI; SHA-NI; on AArch64 the
				 * Crypto Extension (AES, SHA-256) */
	CRYPTO_PATH_AES_NI,	/* no VAES: 128-bit AES-NI; SHA-NI (AArch64:
				 * the same as BEST) */
	CRYPTO_PATH_PORTABLE,	/* mbedTLS AES and C SHA-256 */
};

/* Tests and benchmarks: use at most PATH from now on. */
void crypto_force_path(enum crypto_path path);

/* Nonzero if the CPU has SHA-NI (and SSE4.1), and the fast path is allowed. */
int cpu_use_sha_ni(void);

/* Nonzero if the CPU has AES-NI (and SSE4.1), and the fast path is allowed. */
int cpu_use_aes_ni(void);

/* Nonzero if VAES, VPCLMULQDQ and AVX2 are there, the AVX state is enabled
 * (XCR0), and the path is allowed. */
int cpu_use_vaes(void);

/* AArch64: nonzero if the CPU has the ARMv8 AES instructions (AESD, AESIMC,
 * ...), and the fast path is allowed. */
int cpu_use_aes_ce(void);

/* AArch64: nonzero if the CPU has SHA256H/SHA256H2/SHA256SU0/SHA256SU1,
 * and the fast path is allowed. */
int cpu_use_sha2_ce(void);

#endif
