/** @file
 * What the UEFI parts of the app share with each other.
 */
#ifndef EFI_APP_H
#define EFI_APP_H

#include <efi.h>
#include <efilib.h>
#include "ui/msg.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Give every device its drivers (block devices appear only after this). */
void connect_all_controllers(void);

/* Handles with BlockIo: whole disks and partitions. */
UINTN count_block_devices(void);

/* "enabled", "disabled", "setup mode", ... as a message (ui/msg.h): the
 * banner says it in English, the volume list in the language shown. */
enum msg_id secure_boot_state(void);

/* Print firmware vendor and revision, UEFI revision, Secure Boot state
 * and the TPM (version and maker, via efi/tcg2.c). */
void print_firmware_info(void);

/* Read the options file from the device the app was loaded from into BUF
 * (at most MAX bytes); returns the length, or -1 when there is none. */
int read_options_file(EFI_LOADED_IMAGE *image, char *buf, UINTN max);
#define OPTIONS_FILE_PATH L"\\EFI\\bitrescue\\options.txt"

/* Run every portable self-test; returns the number that failed. */
unsigned run_self_tests(void);

struct screen;

/* Name each key read from S until Esc, or until TIMEOUT_SECONDS (0: none)
 * pass without one. */
void key_loop(struct screen *s, unsigned timeout_seconds);

/* --console-test: a full screen drawn on S, then each key named on it. */
void console_test(struct screen *s, unsigned timeout_seconds);

/* One key press from any console. */
struct key {
	UINT16 scan;      /* EFI scan code, 0 for characters */
	CHAR16 unicode;
};

/* Wait up to TIMEOUT_MS for a key (0: only look, KEY_WAIT_FOREVER: until
 * one comes). Returns EFI_TIMEOUT when none came in time. */
#define KEY_WAIT_FOREVER ((UINT64)-1)
EFI_STATUS read_key(struct key *key, UINT64 timeout_ms);

#endif
