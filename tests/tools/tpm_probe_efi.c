/** @file
 * A small EFI application for tests/test_tpm_efi.py: runs efi_tpm_read()
 * and the event log code in real firmware (OVMF, with swtpm or without a
 * TPM), writes plain lines to QEMU's debug console (I/O port 0xE9, which
 * `-debugcon file:...` saves losslessly; the serial console can drop bytes
 * when its reader falls behind), says "tpm-probe done" on the console and
 * powers off.
 *
 *   tpm version 2.0 error success
 *   tpm manufacturer IBM firmware 20191023 00163636
 *   bank sha256 allocated ffffff read ffffff
 *   pcr sha256 0 <hex>
 *   log length 5943 truncated 0 error success
 *   log-hex <64 bytes of the log in hex>      (all of it, for tpm2_eventlog)
 *   replay sha256 match ffffff mismatch 000000
 *   sealed 7_11.bin load 0x0 policy-pcr 0x0 ...  (tests/tools/policy_check_efi.c,
 *                                 for each sealed key in \EFI\Microsoft\Boot\sealed)
 *   tpm-probe done
 */
#include <efi.h>
#include <efilib.h>
#include "efi/tcg2.h"
#include "tests/tools/policy_check_efi.h"
#include "tpm/error.h"
#include "tpm/eventlog.h"

#define DEBUGCON_PORT 0xE9

static struct tpm_info info;
static struct tpm_eventlog summary;

static void out_char(char c)
{
	__asm__ volatile("outb %0, %1" : : "a"(c), "Nd"((uint16_t)DEBUGCON_PORT));
}

/* Print()-style formatting, to the debug console. */
static void out(const CHAR16 *fmt, ...)
{
	CHAR16 line[256];
	va_list args;
	UINTN i;

	va_start(args, fmt);
	UnicodeVSPrint(line, sizeof(line), fmt, args);
	va_end(args);
	for (i = 0; line[i]; i++)
		out_char(line[i] < 0x80 ? (char)line[i] : '?');
}

static void print_hex(const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	while (n--) {
		out_char(digits[*p >> 4]);
		out_char(digits[*p++ & 15]);
	}
}

static void print_banks(void)
{
	unsigned i, pcr;

	for (i = 0; i < info.nbanks; i++) {
		const struct tpm_bank *b = &info.banks[i];

		out(L"bank %a allocated %06x read %06x\n", tpm2_alg_name(b->alg),
		      b->allocated, b->valid);
		for (pcr = 0; pcr < TPM2_PCR_COUNT; pcr++) {
			if (!tpm_bank_pcr(b, pcr))
				continue;
			out(L"pcr %a %d ", tpm2_alg_name(b->alg), pcr);
			print_hex(tpm_bank_pcr(b, pcr), b->digest_len);
			out(L"\n");
		}
	}
}

static void print_log(const struct efi_tpm_log *log)
{
	size_t at;
	unsigned i;
	int err;

	out(L"log length %ld truncated %d error %a\n", (UINT64)log->len,
	      log->truncated, tpm_strerror(log->error));
	if (!log->data)
		return;
	for (at = 0; at < log->len; at += 64) {
		out(L"log-hex ");
		print_hex(log->data + at, log->len - at < 64 ? log->len - at : 64);
		out(L"\n");
	}
	err = tpm_eventlog_parse(log->data, log->len, &summary);
	out(L"log events %d error %a\n", summary.nevents, tpm_strerror(err));
	for (i = 0; i < info.nbanks; i++) {
		const struct tpm_bank *live = &info.banks[i];
		const struct tpm_log_bank *replay = tpm_eventlog_bank(&summary, live->alg);
		uint32_t match, mismatch;

		if (!replay)
			continue;
		tpm_eventlog_compare(replay, live->pcr, live->valid, &match, &mismatch);
		out(L"replay %a match %06x mismatch %06x\n", tpm2_alg_name(live->alg),
		      match, mismatch);
	}
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	struct efi_tpm_log log;

	InitializeLib(image, systab);
	efi_tpm_read(&info, &log);
	out(L"tpm version %a error %a\n", tpm_version_name(info.version),
	      tpm_strerror(info.error));
	if (info.version == TPM_VERSION_2_0) {
		out(L"tpm manufacturer %a firmware %08x %08x\n", info.manufacturer,
		      info.firmware_version[0], info.firmware_version[1]);
		print_banks();
		print_log(&log);
		policy_check_all(image, out);
	} else if (info.version == TPM_VERSION_1_2) {
		out(L"tpm deactivated %d\n", info.deactivated);
	}
	out(L"tpm-probe done\n");
	Print(L"tpm-probe done\n");
	uefi_call_wrapper(RT->ResetSystem, 4, EfiResetShutdown, EFI_SUCCESS, 0, NULL);
	return EFI_SUCCESS;
}
