/** @file
 * Which bulk AES path runs: VAES, else AES-NI on x86-64; the ARMv8 Crypto
 * Extension on AArch64; else none (mbedTLS), as crypto/cpu.c allows.
 */
#include "crypto/aes_ce.h"
#include "crypto/aes_fast.h"
#include "crypto/aes_ni.h"
#include "crypto/cpu.h"

const struct aes_fast_path *aes_fast_path(void)
{
#if defined(__x86_64__)
	/* VAES needs no key set-up or single blocks of its own */
	static const struct aes_fast_path vaes = {
		"vaes x16", aes_ni_setkey, aes_ni_encrypt_block, aes_ni_cbc_decrypt,
		aes_vaes_cbc_decrypt_sectors, aes_vaes_xts_decrypt_sectors,
	};
	static const struct aes_fast_path ni = {
		"aes-ni x8", aes_ni_setkey, aes_ni_encrypt_block, aes_ni_cbc_decrypt,
		aes_ni_cbc_decrypt_sectors, aes_ni_xts_decrypt_sectors,
	};

	if (cpu_use_vaes())
		return &vaes;
	return cpu_use_aes_ni() ? &ni : NULL;
#elif defined(__aarch64__)
	static const struct aes_fast_path ce = {
		"aes-ce x8", aes_ce_setkey, aes_ce_encrypt_block, aes_ce_cbc_decrypt,
		aes_ce_cbc_decrypt_sectors, aes_ce_xts_decrypt_sectors,
	};

	return cpu_use_aes_ce() ? &ce : NULL;
#else
	return NULL;
#endif
}
