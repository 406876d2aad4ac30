/** @file
 * CPUID probing for the AES-NI, VAES and SHA-NI fast paths.
 *
 * AES-NI and SHA-NI work on SSE registers, which UEFI on x86-64 enables,
 * so CPUID alone decides. VAES works on AVX registers: firmware need not
 * have enabled their state, so XCR0 (read only if OSXSAVE says XGETBV is
 * allowed) must show SSE and AVX state on, else using them would fault.
 */
#include "crypto/cpu.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#define XCR0_SSE_AVX 0x6

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
#else
	probed = 1;
#endif
}

void crypto_force_path(enum crypto_path path)
{
	forced = path;
}

int cpu_use_sha_ni(void)
{
	if (!probed)
		probe();
	return has_sha && forced < CRYPTO_PATH_PORTABLE;
}

int cpu_use_aes_ni(void)
{
	if (!probed)
		probe();
	return has_aes && forced < CRYPTO_PATH_PORTABLE;
}

int cpu_use_vaes(void)
{
	if (!probed)
		probe();
	return has_vaes && forced < CRYPTO_PATH_AES_NI;
}
