/** @file
 * What the firmware says about itself: vendor, revisions, Secure Boot.
 */
#include "efi/efi_app.h"
#include "efi/pages.h"
#include "efi/tcg2.h"
#include "tpm/error.h"
#include "tpm/info.h"

/* UEFI revisions encode minor 3.1 as 31 and 7 as 70 (spec 4.2.1). */
static void print_uefi_revision(UINT32 rev)
{
	UINT32 major = rev >> 16, minor = rev & 0xffff;

	if (minor % 10)
		Print(L"UEFI revision: %d.%d.%d\n", major, minor / 10, minor % 10);
	else
		Print(L"UEFI revision: %d.%d\n", major, minor / 10);
}

/* One byte of an EFI global variable; -1 when it cannot be read. */
static int global_var_byte(CHAR16 *name, EFI_STATUS *status)
{
	UINT8 value = 0;
	UINTN size = sizeof(value);

	*status = uefi_call_wrapper(RT->GetVariable, 5, name, &EfiGlobalVariable,
				    NULL, &size, &value);
	return EFI_ERROR(*status) || size != 1 ? -1 : value;
}

/* SetupMode 1 means no platform key: nothing is enforced (spec 32.3). */
enum msg_id secure_boot_state(void)
{
	EFI_STATUS status, setup_status;
	int secure = global_var_byte(L"SecureBoot", &status);
	int setup = global_var_byte(L"SetupMode", &setup_status);

	if (setup == 1)
		return MSG_SB_SETUP_MODE;
	if (secure == 1)
		return MSG_SB_ENABLED;
	if (secure == 0)
		return MSG_SB_DISABLED;
	/* Firmware without Secure Boot support has no such variable. */
	if (status == EFI_NOT_FOUND)
		return MSG_SB_NOT_SUPPORTED;
	return MSG_UNKNOWN;
}

/* Which TPM the firmware offers, as efi/tcg2.c and tpm/ find it. */
static void print_tpm(void)
{
	/* PCR values make it large: allocated, not static (file space). */
	struct tpm_info *info = pages_alloc(sizeof(*info));
	struct efi_tpm_log log;

	if (!info) {
		Print(L"TPM: not read (out of memory)\n");
		return;
	}
	efi_tpm_read(info, &log);
	if (info->version == TPM_ABSENT) {
		Print(L"TPM: none\n");
	} else {
		Print(L"TPM: %a", tpm_version_name(info->version));
		if (info->manufacturer[0])
			Print(L", maker %a", info->manufacturer);
		if (info->version == TPM_VERSION_1_2 && info->deactivated)
			Print(L", deactivated");
		if (info->error)
			Print(L" (query failed: %a)", tpm_strerror(info->error));
		Print(L"\n");
	}
	pages_free(info, sizeof(*info));
}

void print_firmware_info(void)
{
	Print(L"Firmware: %s, revision 0x%x\n",
	      ST->FirmwareVendor ? ST->FirmwareVendor : L"(none)",
	      ST->FirmwareRevision);
	print_uefi_revision(ST->Hdr.Revision);
	Print(L"Secure Boot: %a\n", msg_in(secure_boot_state(), UI_LANG_EN));
	print_tpm();
}
