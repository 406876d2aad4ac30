/** @file
 * The free-running counter --bench times with: the TSC on x86-64, the
 * generic timer's virtual count (CNTVCT_EL0) on AArch64. Neither's rate
 * is taken on trust: efi/bench.c measures it against BS->Stall.
 */
#ifndef EFI_COUNTER_H
#define EFI_COUNTER_H

#include <efi.h>

static inline UINT64 counter_read(void)
{
#if defined(__x86_64__)
	UINT32 lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (UINT64)hi << 32 | lo;
#elif defined(__aarch64__)
	UINT64 count;

	/* isb: not read ahead of the code being timed */
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(count) : : "memory");
	return count;
#else
#error "efi/counter.h: no counter for this architecture"
#endif
}

#endif
