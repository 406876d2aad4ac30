/** @file
 * Would the TPM release each sealed key in \EFI\Microsoft\Boot\sealed\ now?
 * (tests/tools/policy_check_efi.c; printed through OUT.)
 */
#ifndef POLICY_CHECK_EFI_H
#define POLICY_CHECK_EFI_H

#include <efi.h>

void policy_check_all(EFI_HANDLE image, void (*out)(const CHAR16 *fmt, ...));

#endif
