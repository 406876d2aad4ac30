/** @file
 * --bench: how long one key stretch takes and how fast bulk decryption
 * runs on this machine, in firmware, with the paths chosen at run time.
 * Time comes from the CPU's counter (efi/counter.h), calibrated against
 * BS->Stall.
 */
#include "crypto/cpu.h"
#include "crypto/sector.h"
#include "crypto/sha256.h"
#include "crypto/wipe.h"
#include "efi/counter.h"
#include "efi/unlock.h"

#define CHUNK (1u << 20)
#define CALIBRATE_US 50000

/* Counter ticks per millisecond. */
static UINT64 ticks_per_ms(void)
{
	UINT64 start = counter_read();

	uefi_call_wrapper(BS->Stall, 1, CALIBRATE_US);
	return (counter_read() - start) / (CALIBRATE_US / 1000);
}

void run_bench(unsigned mib)
{
	struct sector_cipher *sc = unlock_cipher_alloc();
	uint8_t hash[SHA256_LEN] = { 1 }, salt[16] = { 2 }, key[64] = { 3 };
	UINT64 per_ms = ticks_per_ms(), t0, stretch_ms, decrypt_ms;
	uint8_t *buf = AllocateZeroPool(CHUNK);
	unsigned i;

	if (!sc || !buf || per_ms == 0) {
		Print(L"bench: cannot run (%a)\n", sc && buf ? "no counter" : "out of memory");
		if (buf)
			FreePool(buf);
		if (sc)
			unlock_cipher_free(sc);
		return;
	}
	t0 = counter_read();
	stretch_key(hash, salt, BDE_STRETCH_ROUNDS, hash, NULL, NULL);
	stretch_ms = (counter_read() - t0) / per_ms;

	sector_cipher_init(sc, BDE_METHOD_AES_128_XTS, key, 32);
	t0 = counter_read();
	for (i = 0; i < mib; i++)
		sector_decrypt(sc, (uint64_t)i * CHUNK, buf, 512, CHUNK / 512);
	decrypt_ms = (counter_read() - t0) / per_ms;
	unlock_cipher_free(sc);
	FreePool(buf);
	wipe(hash, sizeof(hash));

	Print(L"bench: stretch %ld ms (%a), decrypt %ld MB/s (%a), %d MiB AES-XTS 128 "
	      "in %ld ms, counter %ld kHz\n", stretch_ms, sha256_implementation(),
	      decrypt_ms ? (UINT64)mib * 1048576 / 1000 / decrypt_ms : 0,
	      sector_implementation(), mib, decrypt_ms, per_ms);
}
