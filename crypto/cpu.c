/** @file
 * CPUID probing for the AES-NI and SHA-NI fast paths.
 *
 * Neither extension needs OS support beyond SSE, which UEFI on x86-64
 * enables, so CPUID alone decides (no XCR0 check: no AVX state is used).
 */
#include "crypto/cpu.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

static int force_portable;
static int probed, has_aes, has_sha;

static void probe(void)
{
#if defined(__x86_64__) || defined(__i386__)
	unsigned int a, b, c, d;

	if (__get_cpuid(1, &a, &b, &c, &d)) {
		int sse41 = !!(c & bit_SSE4_1);

		has_aes = sse41 && (c & bit_AES) && (d & bit_SSE2);
		if (__get_cpuid_max(0, 0) >= 7) {
			__cpuid_count(7, 0, a, b, c, d);
			has_sha = sse41 && (b & bit_SHA);
		}
	}
#endif
	probed = 1;
}

int cpu_use_sha_ni(void)
{
	if (!probed)
		probe();
	return has_sha && !force_portable;
}

int cpu_use_aes_ni(void)
{
	if (!probed)
		probe();
	return has_aes && !force_portable;
}

void crypto_force_portable(int on)
{
	force_portable = on;
}
