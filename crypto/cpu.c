/** @file
 * CPU feature probing for the crypto fast paths: CPUID for AES-NI, VAES
 * and SHA-NI on x86-64, ID_AA64ISAR0_EL1 for the ARMv8 Crypto Extension.
 *
 * AES-NI and SHA-NI work on SSE registers, which UEFI on x86-64 enables,
 * so CPUID alone decides. VAES works on AVX registers: firmware need not
 * have enabled their state, so XCR0 (read only if OSXSAVE says XGETBV is
 * allowed) must show SSE and AVX state on, else using them would fault.
 *
 * On AArch64 the instruction-set attribute register says it. Firmware runs
 * the app at EL1, where MRS reads it; Linux (since 4.11) emulates that
 * MRS at EL0, with the fields user space may use, and so does
 * qemu-aarch64 in user mode: the host tool needs no libc call for it.
 * The AES and SHA-256 instructions work on the SIMD registers, which UEFI
 * on AArch64 enables (UEFI 2.x, 2.3.6).
 */
#include "crypto/cpu.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#define XCR0_SSE_AVX 0x6

/* ID_AA64ISAR0_EL1 fields: AES [7:4] (1: AES, 2: also PMULL), SHA2 [15:12]
 * (1: SHA-256, 2: also SHA-512). */
#define ISAR0_AES(v) (((v) >> 4) & 0xf)
#define ISAR0_SHA2(v) (((v) >> 12) & 0xf)

#if defined(__x86_64__)
#define ON_X86_64 1
#else
#define ON_X86_64 0
#endif
#if defined(__aarch64__)
#define ON_AARCH64 1
#else
#define ON_AARCH64 0
#endif

static enum crypto_path forced;
static int probed, has_aes, has_sha, has_vaes;

#if defined(__x86_64__)
static unsigned long long read_xcr0(void)
{
	unsigned int lo, hi;

	__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (unsigned long long)hi << 32 | lo;
}
#endif

static void probe(void)
{
#if defined(__x86_64__)
	unsigned int a, b, c, d, c1;
	int sse41, avx_on = 0;

	probed = 1;
	if (!__get_cpuid(1, &a, &b, &c1, &d))
		return;
	sse41 = !!(c1 & bit_SSE4_1);
	has_aes = sse41 && (c1 & bit_AES);
	if ((c1 & bit_OSXSAVE) && (c1 & bit_AVX))
		avx_on = (read_xcr0() & XCR0_SSE_AVX) == XCR0_SSE_AVX;
	if (__get_cpuid_max(0, 0) < 7)
		return;
	__cpuid_count(7, 0, a, b, c, d);
	has_sha = sse41 && (b & bit_SHA);
	has_vaes = has_aes && avx_on && (b & bit_AVX2) && (c & bit_VAES) &&
		   (c & bit_VPCLMULQDQ);
#elif defined(__aarch64__)
	unsigned long long isar0;

	probed = 1;
	__asm__("mrs %0, ID_AA64ISAR0_EL1" : "=r"(isar0));
	has_aes = ISAR0_AES(isar0) >= 1;
	has_sha = ISAR0_SHA2(isar0) >= 1;
#else
	probed = 1;
#endif
}

void crypto_force_path(enum crypto_path path)
{
	forced = path;
}

/* has_aes and has_sha mean this architecture's instructions: AES-NI and
 * SHA-NI on x86-64, the Crypto Extension's AES and SHA-256 on AArch64. */
static int use_aes(void)
{
	if (!probed)
		probe();
	return has_aes && forced < CRYPTO_PATH_PORTABLE;
}

static int use_sha(void)
{
	if (!probed)
		probe();
	return has_sha && forced < CRYPTO_PATH_PORTABLE;
}

int cpu_use_sha_ni(void)
{
	return ON_X86_64 && use_sha();
}

int cpu_use_aes_ni(void)
{
	return ON_X86_64 && use_aes();
}

int cpu_use_vaes(void)
{
	if (!probed)
		probe();
	return has_vaes && forced < CRYPTO_PATH_AES_NI;
}

int cpu_use_aes_ce(void)
{
	return ON_AARCH64 && use_aes();
}

int cpu_use_sha2_ce(void)
{
	return ON_AARCH64 && use_sha();
}
